# day19 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
        raise NotImplementedError('day19 task 1: implement fit() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — prior_ = mean of y; per column: groupby(category) sum and count -> (sum + m*prior)/(count + m) as a dict (README Task 1; `make hint DAY=19`)')

    def transform(self, X) -> np.ndarray:
        """Map every column through its encodings_ (unseen category -> prior_); float (n_rows, n_columns)."""
        raise NotImplementedError('day19 task 1: implement transform() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — X[col].map(encodings_[j]).fillna(prior_) per column into a float array (README Task 1; `make hint DAY=19`)')

    def fit_transform(self, X, y=None, **fit_params) -> np.ndarray:
        """fit(X, y), then return the OUT-OF-FOLD encoding of X (each fold by the other folds' statistics)."""
        raise NotImplementedError('day19 task 1: implement fit_transform() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — self.fit(X, y); for each KFold(shuffle=True, random_state) fold: a fresh encoder fitted on the other folds transforms this one (README Task 1; `make hint DAY=19`)')


def leakage_check(n_rows: int = 2000, n_categories: int = 1000, smoothing: float = 10.0, seed: int = 0) -> dict:
    """The leak, measured: a key with n_categories levels and a target that is pure noise.

    Draw key (integers 0..n_categories-1) and y (0/1, fair coin) with np.random.default_rng(seed).
    Returns:
        {"in_sample_auc": ROC-AUC of OOFTargetEncoder(smoothing).fit(X, y).transform(X) against y
                          (encoded on the rows it was fitted on: fake signal, well above 0.5),
         "out_of_fold_auc": ROC-AUC of OOFTargetEncoder(smoothing, random_state=seed).fit_transform(X, y)
                          against y (chance: 0.5 within a few standard errors)}
    """
    raise NotImplementedError('day19 task 2: implement leakage_check() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — rng = np.random.default_rng(seed); rng.integers for key and y; roc_auc_score(y, encoded[:, 0]) (README Task 2; `make hint DAY=19`)')


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
    raise NotImplementedError('day19 task 3: implement build_pipelines() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — ColumnTransformer blocks: numeric, categorical, target-encoded; PolynomialFeatures inside the numeric block for the third (README Task 3; `make hint DAY=19`)')


def uplift_table(pipelines: dict, X: pd.DataFrame, y, n_splits: int = 5, seed: int = 0) -> pd.DataFrame:
    """Cross-validated ROC-AUC of every pipeline on the SAME StratifiedKFold(n_splits, shuffle=True,
    random_state=seed) folds.

    Returns:
        DataFrame, index = pipeline names (in order), columns cv_auc (mean over folds), cv_auc_std
        (np.std, ddof=0) and uplift (cv_auc minus the FIRST pipeline's cv_auc; 0.0 on the first row).
    """
    raise NotImplementedError('day19 task 4: implement uplift_table() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — one StratifiedKFold; cross_val_score(pipe, X, y, cv=folds, scoring="roc_auc") per pipeline (README Task 4; `make hint DAY=19`)')


def write_diff(table: pd.DataFrame, path) -> str:
    """The "notebook diff": the uplift table as Markdown, each uplift written with its sign and 3
    decimals (+0.012, -0.004, +0.000), plus a line of your own per step. Write it, return the text."""
    raise NotImplementedError('day19 task 5: implement write_diff() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — format uplift with f"{u:+.3f}"; to_markdown(disable_numparse=True) keeps the signs; Path(path).write_text (README Task 5; `make hint DAY=19`)')


def sklearn_target_encoding_pipeline(seed: int = 0):
    """Stretch: the "+ target encoding" pipeline of build_pipelines with scikit-learn's own
    sklearn.preprocessing.TargetEncoder(smooth=10.0, cv=KFold(5, shuffle=True, random_state=seed)) in place of OOFTargetEncoder
    (it also cross-fits in fit_transform). Its CV AUC should be within a hair of yours."""
    raise NotImplementedError('day19 task 6: implement sklearn_target_encoding_pipeline() in katas/week4_classical_ml_2/day19_feature_engineering/features.py — copy the target-encoding block with TargetEncoder(smooth=10.0, target_type="binary", cv=KFold(5, shuffle=True, random_state=seed)) (README Task 6; `make hint DAY=19`)')
