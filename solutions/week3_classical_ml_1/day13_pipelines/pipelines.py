"""Day 13 — Pipelines and regularisation: Ridge vs Lasso on California housing, α chosen by CV."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# Provided: the numeric features (ocean_proximity, the one text column, is left out), the target,
# and the α grid both models are searched over.
FEATURES = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
            "population", "households", "median_income"]
TARGET = "median_house_value"
ALPHAS = np.logspace(-2, 4, 13)  # 0.01 ... 10,000, two points per decade


def load_xy(df: pd.DataFrame, n: int = 4000, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """Sample n rows of the California housing frame (reproducibly) and split features from target.

    Args:
        df: the California housing DataFrame (not modified).
        n: rows to sample without replacement (df.sample(n, random_state=seed)).
        seed: the random seed of the sample.
    Returns:
        (X, y): X the FEATURES columns of the sampled rows, missing values kept as NaN (imputing
        is the pipeline's job); y the TARGET Series; both keep the sampled rows' index.
    """
    # BEGIN SOLUTION (task 1) df.sample(n, random_state=seed), then select FEATURES and TARGET
    rows = df.sample(n=n, random_state=seed)
    return rows[FEATURES].copy(), rows[TARGET].copy()
    # END SOLUTION


def build_pipeline(kind: str):
    """An unfitted Pipeline: SimpleImputer(strategy="median") -> StandardScaler -> regressor.

    Args:
        kind: "ridge" (sklearn.linear_model.Ridge) or "lasso" (Lasso(max_iter=10_000)).
    Returns:
        a sklearn Pipeline whose last step, named "model", is the regressor (so its α is "model__alpha").
    Raises:
        ValueError: for any other kind.
    """
    # BEGIN SOLUTION (task 1) Pipeline([("impute", ...), ("scale", StandardScaler()), ("model", ...)])
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import Lasso, Ridge
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    models = {"ridge": lambda: Ridge(), "lasso": lambda: Lasso(max_iter=10_000)}
    if kind not in models:
        raise ValueError(f"kind must be 'ridge' or 'lasso', got {kind!r}")
    return Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler()),
                     ("model", models[kind]())])
    # END SOLUTION


def search_alpha(X, y, kind: str, alphas=ALPHAS, seed: int = 0):
    """Grid-search α of build_pipeline(kind) by 5-fold cross-validation on the raw X.

    GridSearchCV(build_pipeline(kind), {"model__alpha": alphas}, cv=KFold(5, shuffle=True,
    random_state=seed), scoring="neg_root_mean_squared_error"), fitted on X, y. The scaler and the
    imputer live inside the pipeline, so each fold's are fitted on that fold's training rows only.
    Returns:
        the fitted GridSearchCV (best_score_ is minus the mean RMSE over the 5 folds).
    """
    # BEGIN SOLUTION (task 2) GridSearchCV over {"model__alpha": alphas} with KFold(5, shuffle=True, random_state=seed)
    from sklearn.model_selection import GridSearchCV, KFold

    search = GridSearchCV(build_pipeline(kind), {"model__alpha": list(alphas)},
                          cv=KFold(n_splits=5, shuffle=True, random_state=seed),
                          scoring="neg_root_mean_squared_error")
    return search.fit(X, y)
    # END SOLUTION


def cv_summary(searches: dict, path) -> pd.DataFrame:
    """Summarise fitted searches as a table and write it to CSV (no index column).

    Args:
        searches: {"ridge": fitted GridSearchCV, "lasso": fitted GridSearchCV}.
        path: where to write the CSV.
    Returns:
        DataFrame with one row per model and columns "model" (the dict key), "best_alpha" (the
        chosen α) and "cv_rmse" (= -best_score_, the mean RMSE over the folds, in dollars).
    """
    # BEGIN SOLUTION (task 3) one row per search: key, best_params_["model__alpha"], -best_score_
    rows = []
    for name, search in searches.items():
        alpha = next(v for k, v in search.best_params_.items() if k.endswith("alpha"))
        rows.append({"model": name, "best_alpha": float(alpha), "cv_rmse": float(-search.best_score_)})
    table = pd.DataFrame(rows, columns=["model", "best_alpha", "cv_rmse"])
    table.to_csv(Path(path), index=False)
    return table
    # END SOLUTION


def plot_lasso_path(X, y, path):
    """Plot the Lasso coefficient path: one line per feature against α on a log x axis; save a PNG.

    Median-impute and standardise X (fitted on X itself: this is a picture, not an evaluation),
    then sklearn.linear_model.lasso_path(X_scaled, y). Label each line with its feature name
    (legend), label the axes.
    Args:
        X: DataFrame with the FEATURES columns (NaNs allowed); y: the target.
        path: where to save the PNG.
    Returns:
        the matplotlib Axes.
    """
    # BEGIN SOLUTION (task 4) alphas, coefs, _ = lasso_path(Xs, y); one ax.plot(alphas, coefs[i]) per feature; ax.set_xscale("log")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import lasso_path
    from sklearn.preprocessing import StandardScaler

    names = list(X.columns) if hasattr(X, "columns") else [f"x{i}" for i in range(np.shape(X)[1])]
    Xs = StandardScaler().fit_transform(SimpleImputer(strategy="median").fit_transform(X))
    alphas, coefs, _ = lasso_path(Xs, np.asarray(y, dtype=float))
    fig, ax = plt.subplots(figsize=(7, 5))
    for name, coef in zip(names, coefs):
        ax.plot(alphas, coef, label=name)
    ax.set_xscale("log")
    ax.set_xlabel("alpha (log scale)")
    ax.set_ylabel("coefficient (dollars per standard deviation)")
    ax.set_title("Lasso path, California housing")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION
