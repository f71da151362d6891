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
    # BEGIN SOLUTION (task 1) build a new DataFrame column by column; (df["Sex"] == "female").astype(float)
    out = pd.DataFrame(index=df.index)
    for col in ("Pclass", "Age", "SibSp", "Parch", "Fare"):
        out[col] = df[col].astype(float)
    out["is_female"] = (df["Sex"] == "female").astype(float)
    for port in "CQS":
        out[f"embarked_{port}"] = (df["Embarked"] == port).astype(float)
    return out[list(FEATURES)]
    # END SOLUTION


def train_model(X: pd.DataFrame, y, seed: int = 0):
    """A fitted xgboost.XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.05,
    random_state=seed, n_jobs=1) on X (a DataFrame, so the model keeps the feature names) and y."""
    # BEGIN SOLUTION (task 1) from xgboost import XGBClassifier inside the function; .fit(X, y) returns the model
    from xgboost import XGBClassifier

    model = XGBClassifier(n_estimators=200, max_depth=3, learning_rate=0.05, random_state=seed, n_jobs=1)
    return model.fit(X, y)
    # END SOLUTION


def explain(model, X: pd.DataFrame):
    """SHAP values of the model on X with `shap.Explainer(model)`: a shap.Explanation of shape
    (n, n_features) whose feature_names are X's columns. For an XGBoost classifier the values explain
    the log-odds (the margin), not the probability."""
    # BEGIN SOLUTION (task 2) import shap inside; shap.Explainer(model) picks the tree explainer; call it on X
    import shap

    return shap.Explainer(model)(X)
    # END SOLUTION


def additivity_gap(explanation, model, X: pd.DataFrame) -> float:
    """The largest |base value + sum of a row's SHAP values - the model's log-odds output| over the
    rows (float). The log-odds output is model.predict(X, output_margin=True). SHAP values are
    additive, so for a correct explanation this is ~0."""
    # BEGIN SOLUTION (task 2) values.sum(axis=1) + base_values, minus the margin, abs, max
    total = np.asarray(explanation.values).sum(axis=1) + np.asarray(explanation.base_values).reshape(-1)
    margin = model.predict(X, output_margin=True)
    return float(np.max(np.abs(total - margin)))
    # END SOLUTION


def top_features(explanation, n: int = 5) -> list[tuple[str, float]]:
    """The n features with the largest mean |SHAP value| over the rows, largest first:
    [(feature name, mean |SHAP|), ...] with the means as floats."""
    # BEGIN SOLUTION (task 3) np.abs(values).mean(axis=0), argsort descending, pair with feature_names
    importance = np.abs(np.asarray(explanation.values)).mean(axis=0)
    order = np.argsort(-importance, kind="stable")[:n]
    names = list(explanation.feature_names)
    return [(names[i], float(importance[i])) for i in order]
    # END SOLUTION


def plot_beeswarm(explanation, path, max_display: int = 10):
    """The SHAP beeswarm summary (shap.plots.beeswarm, show=False), saved as a PNG at path.
    Returns the matplotlib Figure it was drawn on."""
    # BEGIN SOLUTION (task 4) shap.plots.beeswarm(explanation, max_display=..., show=False), then plt.gcf()
    import matplotlib.pyplot as plt
    import shap

    shap.plots.beeswarm(explanation, max_display=max_display, show=False)
    fig = plt.gcf()
    fig.savefig(path, dpi=100, bbox_inches="tight")
    return fig
    # END SOLUTION


def write_commentary(explanation, path, n: int = 5) -> Path:
    """A Markdown commentary on the n most important features (top_features order): one line per
    feature with its rank, name and mean |SHAP| (three decimals), and a sentence on the direction of
    its effect. Returns the path written."""
    # BEGIN SOLUTION (task 5) loop over top_features; the direction from the sign of the correlation of the feature's values and SHAP values
    path = Path(path)
    names = list(explanation.feature_names)
    lines = ["# What drives the survival model (mean |SHAP|, log-odds)", ""]
    for rank, (name, value) in enumerate(top_features(explanation, n), start=1):
        sign = dependence_direction(explanation, name)
        effect = "higher values raise" if sign > 0 else "higher values lower"
        lines.append(f"{rank}. **{name}**: mean |SHAP| {value:.3f}; {effect} the predicted odds of survival.")
    lines += ["", "Sex dominates, then class and fare: the model learned 'women and first class first'.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
    # END SOLUTION


def dependence_direction(explanation, feature: str) -> int:
    """+1 if a feature's SHAP values rise with its values (positive Pearson correlation over the
    rows where the feature is not missing), -1 if they fall."""
    # BEGIN SOLUTION (task 6) column j of .data and .values, drop NaN rows, np.corrcoef, np.sign
    j = list(explanation.feature_names).index(feature)
    x = np.asarray(explanation.data, dtype=float)[:, j]
    v = np.asarray(explanation.values, dtype=float)[:, j]
    keep = ~np.isnan(x)
    return 1 if np.corrcoef(x[keep], v[keep])[0, 1] > 0 else -1
    # END SOLUTION
