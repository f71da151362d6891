"""Day 15 — Mini-project #1: Kaggle House Prices (Ames) with a leak-free pipeline and XGBoost.

Conventions used by every function here:
- a "frame" is the Kaggle table as read from train.csv / test.csv (Id, the 79 features, and
  SalePrice in train only);
- the model is trained on y = log1p(SalePrice) — taking the log is the CALLER's job (cv_rmse and
  make_submission do it), so `build_pipeline()` maps features to a log price;
- the features X are the frame without the columns Id and SalePrice; the pipeline's first step
  applies add_features itself, so X is always the raw Kaggle columns.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

ID, TARGET = "Id", "SalePrice"


def add_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return a NEW frame: all columns of df plus four engineered ones (df itself is not modified).

    - TotalSF   = TotalBsmtSF + 1stFlrSF + 2ndFlrSF (square feet, basement included);
    - HouseAge  = YrSold - YearBuilt (years);
    - RemodAge  = YrSold - YearRemodAdd (years since the last remodel);
    - TotalBath = FullBath + BsmtFullBath + 0.5 * (HalfBath + BsmtHalfBath).
    Missing values: a missing basement measurement (TotalBsmtSF, BsmtFullBath, BsmtHalfBath is NaN,
    as for one house of the test set that has no basement) counts as 0, so TotalSF and TotalBath
    are never NaN. Rows, their order and the index stay as they were.
    """
    # BEGIN SOLUTION (task 1) df.copy(), then new columns from vectorised sums; .fillna(0) on the basement columns
    out = df.copy()
    basement = out["TotalBsmtSF"].fillna(0)
    out["TotalSF"] = basement + out["1stFlrSF"] + out["2ndFlrSF"]
    out["HouseAge"] = out["YrSold"] - out["YearBuilt"]
    out["RemodAge"] = out["YrSold"] - out["YearRemodAdd"]
    out["TotalBath"] = (out["FullBath"] + out["BsmtFullBath"].fillna(0)
                        + 0.5 * (out["HalfBath"] + out["BsmtHalfBath"].fillna(0)))
    return out
    # END SOLUTION


def build_pipeline(seed: int = 0):
    """A scikit-learn Pipeline from the raw feature columns X to log1p(SalePrice).

    Steps: add_features (a FunctionTransformer) -> a ColumnTransformer that imputes numeric columns
    with their median (SimpleImputer(strategy="median")) and categorical (object) columns with a
    constant, then one-hot encodes them (OneHotEncoder(handle_unknown="ignore")) -> an
    xgboost.XGBRegressor (tree_method="hist", random_state=seed, n_jobs=1).
    Fit it with pipeline.fit(X, np.log1p(y)); its predictions are log prices.
    """
    # BEGIN SOLUTION (task 2) Pipeline([("features", FunctionTransformer(add_features)), ("prep", ColumnTransformer(...)), ("model", XGBRegressor(...))])
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder
    from xgboost import XGBRegressor

    prep = ColumnTransformer([
        ("num", SimpleImputer(strategy="median"), make_column_selector(dtype_include=np.number)),
        ("cat", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("onehot", OneHotEncoder(handle_unknown="ignore")),
        ]), make_column_selector(dtype_exclude=np.number)),
    ])
    model = XGBRegressor(n_estimators=500, learning_rate=0.05, max_depth=3, subsample=0.8,
                         colsample_bytree=0.5, min_child_weight=2, tree_method="hist",
                         random_state=seed, n_jobs=1)
    return Pipeline([("features", FunctionTransformer(add_features)), ("prep", prep), ("model", model)])
    # END SOLUTION


def cv_rmse(pipeline, df: pd.DataFrame, n_splits: int = 5, seed: int = 0) -> float:
    """K-fold cross-validated RMSE of `pipeline` on the log price.

    X = df without Id and SalePrice, y = np.log1p(df["SalePrice"]); folds are
    KFold(n_splits, shuffle=True, random_state=seed); a fresh clone of the pipeline is fitted on
    each training fold only and scored on its held-out fold.
    Returns:
        the mean over the folds of RMSE(y_true_log, y_pred_log), a float.
    """
    # BEGIN SOLUTION (task 3) cross_val_score(pipeline, X, y, cv=KFold(...), scoring="neg_root_mean_squared_error")
    from sklearn.model_selection import KFold, cross_val_score

    X = df.drop(columns=[ID, TARGET])
    y = np.log1p(df[TARGET])
    folds = KFold(n_splits=n_splits, shuffle=True, random_state=seed)
    scores = cross_val_score(pipeline, X, y, cv=folds, scoring="neg_root_mean_squared_error")
    return float(-scores.mean())
    # END SOLUTION


def log_metrics(metrics: dict, path) -> Path:
    """Append one run's metrics to a JSON Lines file (one JSON object per line, one line per call).

    Args:
        metrics: e.g. {"model": "xgb", "cv_rmse": 0.127, "n_splits": 5}; NumPy numbers are
            written as plain JSON numbers.
        path: the .jsonl file; created if missing, earlier lines are kept.
    Returns:
        the path.
    """
    # BEGIN SOLUTION (task 4) open(path, "a") and write json.dumps(record) + "\n"
    path = Path(path)
    record = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in metrics.items()}
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    return path
    # END SOLUTION


def make_submission(pipeline, train_df: pd.DataFrame, test_df: pd.DataFrame, path) -> pd.DataFrame:
    """Fit a clone of `pipeline` on ALL of train_df (on log1p(SalePrice)), predict test_df and write
    a Kaggle submission CSV: columns exactly Id,SalePrice, one row per test house in test_df's
    order, SalePrice in dollars (np.expm1 of the log prediction), no index column.
    Returns:
        the submission DataFrame that was written. train_df and test_df are not modified.
    """
    # BEGIN SOLUTION (task 5) clone(pipeline).fit(X, np.log1p(y)); np.expm1(predict(test X)); to_csv(index=False)
    from sklearn.base import clone

    model = clone(pipeline).fit(train_df.drop(columns=[ID, TARGET]), np.log1p(train_df[TARGET]))
    log_pred = model.predict(test_df.drop(columns=[ID]))
    submission = pd.DataFrame({ID: test_df[ID].to_numpy(), TARGET: np.expm1(log_pred)})
    submission.to_csv(path, index=False)
    return submission
    # END SOLUTION


def build_stack(seed: int = 0):
    """Stretch: a StackingRegressor of two members, both mapping raw X to the log price:
    ("elasticnet", a Pipeline with add_features, imputation + one-hot, StandardScaler and
    ElasticNet) and ("xgb", build_pipeline(seed)), blended by a linear final estimator.
    """
    # BEGIN SOLUTION (task 6) StackingRegressor([("elasticnet", Pipeline([..., StandardScaler(), ElasticNet(...)])), ("xgb", build_pipeline(seed))], final_estimator=RidgeCV())
    from sklearn.compose import ColumnTransformer, make_column_selector
    from sklearn.ensemble import StackingRegressor
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import ElasticNet, RidgeCV
    from sklearn.model_selection import KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

    prep = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="median")),
                          ("log", FunctionTransformer(lambda Z: np.log1p(np.clip(Z, 0, None)))),
                          ("scale", StandardScaler())]),
         make_column_selector(dtype_include=np.number)),
        ("cat", Pipeline([
            ("impute", SimpleImputer(strategy="constant", fill_value="missing")),
            ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False)),
        ]), make_column_selector(dtype_exclude=np.number)),
    ])
    enet = Pipeline([("features", FunctionTransformer(add_features)), ("prep", prep),
                     ("model", ElasticNet(alpha=0.003, l1_ratio=0.5, max_iter=5000))])
    return StackingRegressor(
        estimators=[("elasticnet", enet), ("xgb", build_pipeline(seed))],
        final_estimator=RidgeCV(), cv=KFold(5, shuffle=True, random_state=seed))
    # END SOLUTION


def main(argv: list[str] | None = None) -> int:
    """Provided: the whole project on the real data, as `make submission` runs it.

    Cross-validates build_pipeline(), appends the result to <out>/metrics.jsonl and writes the
    Kaggle submission <out>/submission.csv for the real test set.
    """
    import argparse

    from katalib import datasets

    parser = argparse.ArgumentParser(description="Day 15: CV RMSE, metrics log and Kaggle submission")
    parser.add_argument("--out", default="out/day15", help="folder for metrics.jsonl and submission.csv")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    train, test = datasets.load_house_prices("train"), datasets.load_house_prices("test")
    rmse = cv_rmse(build_pipeline(args.seed), train, n_splits=5, seed=args.seed)
    log_metrics({"model": "xgb_pipeline", "cv_rmse": rmse, "n_splits": 5, "seed": args.seed}, out / "metrics.jsonl")
    submission = make_submission(build_pipeline(args.seed), train, test, out / "submission.csv")
    print(f"5-fold CV RMSE on log(SalePrice): {rmse:.4f} (target <= 0.135)")
    print(f"wrote {out / 'metrics.jsonl'} and {out / 'submission.csv'} ({len(submission)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
