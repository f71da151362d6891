# day24 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 24 — Explainability with SHAP: an XGBoost Titanic model, its SHAP values, a beeswarm, a top-5 commentary."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# The model's features, in this order (provided).
FEATURES = ("Pclass", "Age", "SibSp", "Parch", "Fare", "is_female", "embarked_C", "embarked_Q", "embarked_S")


def titanic_features(df: pd.DataFrame) -> pd.DataFrame:
    """The model's input: a float DataFrame with exactly the FEATURES columns, in order, same index.

    Pclass, Age, SibSp, Parch, Fare as they are (missing Age stays NaN: XGBoost handles missing
    values); is_female = 1.0 for Sex == "female" else 0.0; embarked_C/Q/S = 1.0 when Embarked is
    that port else 0.0 (a missing port gives three zeros). The input frame is not modified.
    """
    raise NotImplementedError('day24 task 1: implement titanic_features() in katas/week5_unsupervised/day24_shap/explain.py — build a new DataFrame column by column; (df["Sex"] == "female").astype(float) (README Task 1; `make hint DAY=24`)')


def train_model(X: pd.DataFrame, y, seed: int = 0):
    """A fitted xgboost.XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.05,
    random_state=seed, n_jobs=1) on X (a DataFrame, so the model keeps the feature names) and y."""
    raise NotImplementedError('day24 task 1: implement train_model() in katas/week5_unsupervised/day24_shap/explain.py — from xgboost import XGBClassifier inside the function; .fit(X, y) returns the model (README Task 1; `make hint DAY=24`)')


def explain(model, X: pd.DataFrame):
    """SHAP values of the model on X with `shap.Explainer(model)`: a shap.Explanation of shape
    (n, n_features) whose feature_names are X's columns. For an XGBoost classifier the values explain
    the log-odds (the margin), not the probability."""
    raise NotImplementedError('day24 task 2: implement explain() in katas/week5_unsupervised/day24_shap/explain.py — import shap inside; shap.Explainer(model) picks the tree explainer; call it on X (README Task 2; `make hint DAY=24`)')


def additivity_gap(explanation, model, X: pd.DataFrame) -> float:
    """The largest |base value + sum of a row's SHAP values - the model's log-odds output| over the
    rows (float). The log-odds output is model.predict(X, output_margin=True). SHAP values are
    additive, so for a correct explanation this is ~0."""
    raise NotImplementedError('day24 task 2: implement additivity_gap() in katas/week5_unsupervised/day24_shap/explain.py — values.sum(axis=1) + base_values, minus the margin, abs, max (README Task 2; `make hint DAY=24`)')


def top_features(explanation, n: int = 5) -> list[tuple[str, float]]:
    """The n features with the largest mean |SHAP value| over the rows, largest first:
    [(feature name, mean |SHAP|), ...] with the means as floats."""
    raise NotImplementedError('day24 task 3: implement top_features() in katas/week5_unsupervised/day24_shap/explain.py — np.abs(values).mean(axis=0), argsort descending, pair with feature_names (README Task 3; `make hint DAY=24`)')


def plot_beeswarm(explanation, path, max_display: int = 10):
    """The SHAP beeswarm summary (shap.plots.beeswarm, show=False), saved as a PNG at path.
    Returns the matplotlib Figure it was drawn on."""
    raise NotImplementedError('day24 task 4: implement plot_beeswarm() in katas/week5_unsupervised/day24_shap/explain.py — shap.plots.beeswarm(explanation, max_display=..., show=False), then plt.gcf() (README Task 4; `make hint DAY=24`)')


def write_commentary(explanation, path, n: int = 5) -> Path:
    """A Markdown commentary on the n most important features (top_features order): one line per
    feature with its rank, name and mean |SHAP| (three decimals), and a sentence on the direction of
    its effect. Returns the path written."""
    raise NotImplementedError("day24 task 5: implement write_commentary() in katas/week5_unsupervised/day24_shap/explain.py — loop over top_features; the direction from the sign of the correlation of the feature's values and SHAP values (README Task 5; `make hint DAY=24`)")


def dependence_direction(explanation, feature: str) -> int:
    """+1 if a feature's SHAP values rise with its values (positive Pearson correlation over the
    rows where the feature is not missing), -1 if they fall."""
    raise NotImplementedError('day24 task 6: implement dependence_direction() in katas/week5_unsupervised/day24_shap/explain.py — column j of .data and .values, drop NaN rows, np.corrcoef, np.sign (README Task 6; `make hint DAY=24`)')
