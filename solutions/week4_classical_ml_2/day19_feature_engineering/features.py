"""Day 19 — Feature engineering: an out-of-fold target encoder, polynomial features, measured uplift.

Target encoding replaces a category by the (smoothed) mean target of its rows:
    encoding(c) = (sum of y over rows of c + smoothing * prior) / (count of c + smoothing)
with prior = mean of y. Computed on the same rows it encodes, a row's own label leaks into its
feature (a category seen once is encoded by its own y). Out-of-fold encoding removes that: each
training row is encoded with statistics of the OTHER folds only.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

class OOFTargetEncoder:
    """Smoothed target encoding of categorical columns, out-of-fold on the training data.

    A scikit-learn transformer (get_params/set_params are provided, so clone() and Pipeline work
    without importing scikit-learn here). Parameters (stored unchanged by __init__):
        smoothing: m in the formula above (float >= 0).
        n_splits: folds for the out-of-fold encoding in fit_transform.
        random_state: seed of the fold shuffle (KFold or StratifiedKFold with shuffle=True).
    After fit(X, y): `prior_` (float, mean of y) and `encodings_` (one dict {category: encoding}
    per column of X, computed on ALL rows of X).
    - transform(X): every column mapped through its encodings_; a category not seen in fit -> prior_.
      Returns a float ndarray of shape (n_rows, n_columns).
    - fit_transform(X, y): fits as above, but returns the OUT-OF-FOLD encoding of X: the rows of
      each fold encoded with the statistics (and prior) of the other folds only.
    X: a DataFrame (or 2-D array) of categorical columns; y: 0/1 or numeric target.
    """

    def __init__(self, smoothing: float = 10.0, n_splits: int = 5, random_state: int = 0):
        self.smoothing = smoothing
        self.n_splits = n_splits
        self.random_state = random_state

    # Provided: what scikit-learn's clone(), Pipeline and GridSearchCV need from an estimator.
    def get_params(self, deep: bool = True) -> dict:
        return {"smoothing": self.smoothing, "n_splits": self.n_splits, "random_state": self.random_state}

    def set_params(self, **params) -> "OOFTargetEncoder":
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def fit(self, X, y):
        """Learn prior_ and encodings_ from all rows of X; returns self."""
        # BEGIN SOLUTION (task 1) prior_ = mean of y; per column: groupby(category) sum and count -> (sum + m*prior)/(count + m) as a dict
        X = pd.DataFrame(X).reset_index(drop=True)
        y = np.asarray(y, dtype=float)
        self.prior_ = float(y.mean())
        self.encodings_ = []
        for col in X.columns:
            grouped = pd.Series(y).groupby(X[col].to_numpy()).agg(["sum", "count"])
            enc = (grouped["sum"] + self.smoothing * self.prior_) / (grouped["count"] + self.smoothing)
            self.encodings_.append(enc.to_dict())
        self.n_features_in_ = X.shape[1]
        return self
        # END SOLUTION

    def transform(self, X) -> np.ndarray:
        """Map every column through its encodings_ (unseen category -> prior_); float (n_rows, n_columns)."""
        # BEGIN SOLUTION (task 1) X[col].map(encodings_[j]).fillna(prior_) per column into a float array
        X = pd.DataFrame(X).reset_index(drop=True)
        out = np.empty(X.shape, dtype=float)
        for j, col in enumerate(X.columns):
            out[:, j] = X[col].map(self.encodings_[j]).astype(float).fillna(self.prior_).to_numpy()
        return out
        # END SOLUTION

    def fit_transform(self, X, y=None, **fit_params) -> np.ndarray:
        """fit(X, y), then return the OUT-OF-FOLD encoding of X (each fold by the other folds' statistics)."""
        # BEGIN SOLUTION (task 1) self.fit(X, y); for each KFold(shuffle=True, random_state) fold: a fresh encoder fitted on the other folds transforms this one
        from sklearn.model_selection import KFold

        X = pd.DataFrame(X).reset_index(drop=True)
        y = np.asarray(y, dtype=float)
        self.fit(X, y)
        out = np.empty(X.shape, dtype=float)
        for train, test in KFold(self.n_splits, shuffle=True, random_state=self.random_state).split(X):
            fold = OOFTargetEncoder(self.smoothing).fit(X.iloc[train], y[train])
            out[test] = fold.transform(X.iloc[test])
        return out
        # END SOLUTION


def leakage_check(n_rows: int = 2000, n_categories: int = 1000, smoothing: float = 10.0, seed: int = 0) -> dict:
    """The leak, measured: a key with n_categories levels and a target that is pure noise.

    Draw key (integers 0..n_categories-1) and y (0/1, fair coin) with np.random.default_rng(seed).
    Returns:
        {"in_sample_auc": ROC-AUC of OOFTargetEncoder(smoothing).fit(X, y).transform(X) against y
                          (encoded on the rows it was fitted on: fake signal, well above 0.5),
         "out_of_fold_auc": ROC-AUC of OOFTargetEncoder(smoothing, random_state=seed).fit_transform(X, y)
                          against y (chance: 0.5 within a few standard errors)}
    """
    # BEGIN SOLUTION (task 2) rng = np.random.default_rng(seed); rng.integers for key and y; roc_auc_score(y, encoded[:, 0])
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(seed)
    X = pd.DataFrame({"key": rng.integers(0, n_categories, n_rows)})
    y = rng.integers(0, 2, n_rows)
    in_sample = OOFTargetEncoder(smoothing, random_state=seed).fit(X, y).transform(X)[:, 0]
    oof = OOFTargetEncoder(smoothing, random_state=seed).fit_transform(X, y)[:, 0]
    return {"in_sample_auc": float(roc_auc_score(y, in_sample)), "out_of_fold_auc": float(roc_auc_score(y, oof))}
    # END SOLUTION


# Provided: the Titanic columns the pipelines use.
NUMERIC = ["Pclass", "Age", "SibSp", "Parch", "Fare"]
CATEGORICAL = ["Sex", "Embarked"]
HIGH_CARDINALITY = ["Ticket", "Surname"]


def add_surname(df: pd.DataFrame) -> pd.DataFrame:
    """Provided: a copy of df with `Surname` (the part of Name before the comma). Row-wise."""
    out = df.copy()
    out["Surname"] = out["Name"].str.split(",").str[0].str.strip()
    return out


def build_pipelines(seed: int = 0) -> dict:
    """Three scikit-learn Pipelines from raw Titanic rows (after add_surname) to survival, each a
    superset of the one before:

    "baseline":          NUMERIC imputed (median) and scaled, CATEGORICAL imputed and one-hot
                         encoded -> LogisticRegression(max_iter=1000);
    "+ target encoding": the same, plus HIGH_CARDINALITY encoded by OOFTargetEncoder(random_state=seed)
                         (and scaled);
    "+ polynomial":      the same as "+ target encoding", plus PolynomialFeatures(degree=2,
                         include_bias=False) applied to the scaled NUMERIC block.
    Returns:
        {"baseline": Pipeline, "+ target encoding": Pipeline, "+ polynomial": Pipeline}
    """
    # BEGIN SOLUTION (task 3) ColumnTransformer blocks: numeric, categorical, target-encoded; PolynomialFeatures inside the numeric block for the third
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, PolynomialFeatures, StandardScaler

    def make(target_encoding: bool, polynomial: bool) -> Pipeline:
        numeric = [("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]
        if polynomial:
            numeric.append(("poly", PolynomialFeatures(degree=2, include_bias=False)))
        blocks = [("num", Pipeline(numeric), NUMERIC),
                  ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                    ("onehot", OneHotEncoder(handle_unknown="ignore"))]), CATEGORICAL)]
        if target_encoding:
            blocks.append(("te", Pipeline([("encode", OOFTargetEncoder(smoothing=10.0, random_state=seed)),
                                           ("scale", StandardScaler())]), HIGH_CARDINALITY))
        return Pipeline([("prep", ColumnTransformer(blocks)),
                         ("model", LogisticRegression(max_iter=1000))])

    return {"baseline": make(False, False), "+ target encoding": make(True, False), "+ polynomial": make(True, True)}
    # END SOLUTION


def uplift_table(pipelines: dict, X: pd.DataFrame, y, n_splits: int = 5, seed: int = 0) -> pd.DataFrame:
    """Cross-validated ROC-AUC of every pipeline on the SAME StratifiedKFold(n_splits, shuffle=True,
    random_state=seed) folds.

    Returns:
        DataFrame, index = pipeline names (in order), columns cv_auc (mean over folds), cv_auc_std
        (np.std, ddof=0) and uplift (cv_auc minus the FIRST pipeline's cv_auc; 0.0 on the first row).
    """
    # BEGIN SOLUTION (task 4) one StratifiedKFold; cross_val_score(pipe, X, y, cv=folds, scoring="roc_auc") per pipeline
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    folds = list(StratifiedKFold(n_splits, shuffle=True, random_state=seed).split(X, y))
    rows = {}
    for name, pipe in pipelines.items():
        scores = cross_val_score(pipe, X, y, cv=folds, scoring="roc_auc")
        rows[name] = {"cv_auc": float(np.mean(scores)), "cv_auc_std": float(np.std(scores))}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["uplift"] = table["cv_auc"] - table["cv_auc"].iloc[0]
    return table
    # END SOLUTION


def write_diff(table: pd.DataFrame, path) -> str:
    """The "notebook diff": the uplift table as Markdown, each uplift written with its sign and 3
    decimals (+0.012, -0.004, +0.000), plus a line of your own per step. Write it, return the text."""
    # BEGIN SOLUTION (task 5) format uplift with f"{u:+.3f}"; to_markdown(disable_numparse=True) keeps the signs; Path(path).write_text
    shown = table.copy()
    shown["cv_auc"] = shown["cv_auc"].map(lambda v: f"{v:.3f}")
    shown["cv_auc_std"] = shown["cv_auc_std"].map(lambda v: f"{v:.3f}")
    shown["uplift"] = table["uplift"].map(lambda v: f"{v:+.3f}")
    lines = ["# Day 19 — what each feature step adds (5-fold CV ROC-AUC)", "", shown.to_markdown(disable_numparse=True), ""]
    steps = list(table.index)
    for before, after in zip(steps, steps[1:]):
        delta = table.loc[after, "cv_auc"] - table.loc[before, "cv_auc"]
        lines.append(f"- {before} → {after}: {delta:+.3f} AUC")
    text = "\n".join(lines) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    return text
    # END SOLUTION


def sklearn_target_encoding_pipeline(seed: int = 0):
    """Stretch: the "+ target encoding" pipeline of build_pipelines with scikit-learn's own
    sklearn.preprocessing.TargetEncoder(smooth=10.0, cv=KFold(5, shuffle=True, random_state=seed)) in place of OOFTargetEncoder
    (it also cross-fits in fit_transform). Its CV AUC should be within a hair of yours."""
    # BEGIN SOLUTION (task 6) copy the target-encoding block with TargetEncoder(smooth=10.0, target_type="binary", cv=KFold(5, shuffle=True, random_state=seed))
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler, TargetEncoder

    blocks = [("num", Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())]), NUMERIC),
              ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                                ("onehot", OneHotEncoder(handle_unknown="ignore"))]), CATEGORICAL),
              ("te", Pipeline([("encode", TargetEncoder(smooth=10.0, target_type="binary",
                                                        cv=KFold(5, shuffle=True, random_state=seed))),
                               ("scale", StandardScaler())]), HIGH_CARDINALITY)]
    return Pipeline([("prep", ColumnTransformer(blocks)), ("model", LogisticRegression(max_iter=1000))])
    # END SOLUTION
