# day13 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day13 task 1: implement load_xy() in katas/week3_classical_ml_1/day13_pipelines/pipelines.py — df.sample(n, random_state=seed), then select FEATURES and TARGET (README Task 1; `make hint DAY=13`)')


def build_pipeline(kind: str):
    """An unfitted Pipeline: SimpleImputer(strategy="median") -> StandardScaler -> regressor.

    Args:
        kind: "ridge" (sklearn.linear_model.Ridge) or "lasso" (Lasso(max_iter=10_000)).
    Returns:
        a sklearn Pipeline whose last step, named "model", is the regressor (so its α is "model__alpha").
    Raises:
        ValueError: for any other kind.
    """
    raise NotImplementedError('day13 task 1: implement build_pipeline() in katas/week3_classical_ml_1/day13_pipelines/pipelines.py — Pipeline([("impute", ...), ("scale", StandardScaler()), ("model", ...)]) (README Task 1; `make hint DAY=13`)')


def search_alpha(X, y, kind: str, alphas=ALPHAS, seed: int = 0):
    """Grid-search α of build_pipeline(kind) by 5-fold cross-validation on the raw X.

    GridSearchCV(build_pipeline(kind), {"model__alpha": alphas}, cv=KFold(5, shuffle=True,
    random_state=seed), scoring="neg_root_mean_squared_error"), fitted on X, y. The scaler and the
    imputer live inside the pipeline, so each fold's are fitted on that fold's training rows only.
    Returns:
        the fitted GridSearchCV (best_score_ is minus the mean RMSE over the 5 folds).
    """
    raise NotImplementedError('day13 task 2: implement search_alpha() in katas/week3_classical_ml_1/day13_pipelines/pipelines.py — GridSearchCV over {"model__alpha": alphas} with KFold(5, shuffle=True, random_state=seed) (README Task 2; `make hint DAY=13`)')


def cv_summary(searches: dict, path) -> pd.DataFrame:
    """Summarise fitted searches as a table and write it to CSV (no index column).

    Args:
        searches: {"ridge": fitted GridSearchCV, "lasso": fitted GridSearchCV}.
        path: where to write the CSV.
    Returns:
        DataFrame with one row per model and columns "model" (the dict key), "best_alpha" (the
        chosen α) and "cv_rmse" (= -best_score_, the mean RMSE over the folds, in dollars).
    """
    raise NotImplementedError('day13 task 3: implement cv_summary() in katas/week3_classical_ml_1/day13_pipelines/pipelines.py — one row per search: key, best_params_["model__alpha"], -best_score_ (README Task 3; `make hint DAY=13`)')


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
    raise NotImplementedError('day13 task 4: implement plot_lasso_path() in katas/week3_classical_ml_1/day13_pipelines/pipelines.py — alphas, coefs, _ = lasso_path(Xs, y); one ax.plot(alphas, coefs[i]) per feature; ax.set_xscale("log") (README Task 4; `make hint DAY=13`)')
