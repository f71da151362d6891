"""Day 16 — Ensembles: RandomForest vs XGBoost on Titanic, feature importances and SHAP.

The flow of the day:
    X, y = preprocess(df), df["Survived"]
    result = compare_on_folds(make_models(seed), X, y, n_splits=5, seed=seed)
    plot_importances({name: fits[0] for name, fits in result["fitted"].items()}, path)
    values, base = shap_values(result["fitted"]["xgboost"][0], X.iloc[result["folds"][0]])
    write_commentary(result["scores"], values, list(X.columns), path)
Everything is explained on models that were fitted on a training fold and scored on the
held-out fold next to it, so the numbers in the plot and the commentary belong to the scores.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# Provided: the feature columns preprocess() returns, in this order.
FEATURES = ["Pclass", "is_female", "Age", "SibSp", "Parch", "Fare", "Embarked_C", "Embarked_Q", "Embarked_S"]


def preprocess(df: pd.DataFrame) -> pd.DataFrame:
    """The one preprocessing step both models share: raw Kaggle rows -> numeric features.

    Returns a NEW frame with exactly the columns FEATURES, in that order, and df's index:
    - Pclass, Age, SibSp, Parch, Fare copied as floats; a missing Age stays NaN (both models handle
      NaN themselves, and filling it with a statistic of df would leak across CV folds);
    - is_female: 1.0 for Sex == "female", else 0.0;
    - Embarked_C / _Q / _S: 1.0 for the passenger's port, 0.0 otherwise (all 0.0 when Embarked is missing).
    Row-wise only: a row's features never depend on the other rows. df is not modified.
    """
    # BEGIN SOLUTION (task 1) a new DataFrame(index=df.index); (df["Sex"] == "female").astype(float); one column per port
    out = pd.DataFrame(index=df.index)
    for col in ["Pclass"]:
        out[col] = df[col].astype(float)
    out["is_female"] = (df["Sex"] == "female").astype(float)
    for col in ["Age", "SibSp", "Parch", "Fare"]:
        out[col] = df[col].astype(float)
    for port in "CQS":
        out[f"Embarked_{port}"] = (df["Embarked"] == port).astype(float)
    return out[FEATURES]
    # END SOLUTION


def make_models(seed: int = 0, n_estimators: int = 100) -> dict:
    """The two ensembles to compare, unfitted, both seeded and single-threaded.

    Returns:
        {"random_forest": sklearn RandomForestClassifier(n_estimators, random_state=seed, n_jobs=1, ...),
         "xgboost": xgboost.XGBClassifier(n_estimators, random_state=seed, n_jobs=1, ...)}
    """
    # BEGIN SOLUTION (task 2) RandomForestClassifier(..., random_state=seed, n_jobs=1) and XGBClassifier(..., random_state=seed, n_jobs=1)
    from sklearn.ensemble import RandomForestClassifier
    from xgboost import XGBClassifier

    return {
        "random_forest": RandomForestClassifier(n_estimators=n_estimators, min_samples_leaf=2,
                                                random_state=seed, n_jobs=1),
        "xgboost": XGBClassifier(n_estimators=n_estimators, max_depth=3, learning_rate=0.1,
                                 subsample=0.8, tree_method="hist", random_state=seed, n_jobs=1),
    }
    # END SOLUTION


def compare_on_folds(models: dict, X: pd.DataFrame, y: pd.Series, n_splits: int = 5, seed: int = 0) -> dict:
    """Score every model on the SAME stratified folds.

    Folds: StratifiedKFold(n_splits, shuffle=True, random_state=seed). For each fold, a fresh clone
    of each model is fitted on the training rows and scored (accuracy) on the held-out rows.
    Returns a dict with three keys:
        "scores": DataFrame, index = fold number 0..n_splits-1 (named "fold"), one column per model
                  name (in the order of `models`), values = held-out accuracy (floats);
        "fitted": {model name: [the fitted clone of fold 0, of fold 1, ...]};
        "folds":  [the held-out row positions (np.ndarray of int) of fold 0, fold 1, ...].
    X and y are not modified.
    """
    # BEGIN SOLUTION (task 3) one StratifiedKFold split list for all models; clone(model).fit(X.iloc[train], y.iloc[train]); accuracy_score
    from sklearn.base import clone
    from sklearn.metrics import accuracy_score
    from sklearn.model_selection import StratifiedKFold

    splits = list(StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed).split(X, y))
    scores = {name: [] for name in models}
    fitted = {name: [] for name in models}
    for train, test in splits:
        for name, model in models.items():
            fit = clone(model).fit(X.iloc[train], y.iloc[train])
            scores[name].append(float(accuracy_score(y.iloc[test], fit.predict(X.iloc[test]))))
            fitted[name].append(fit)
    table = pd.DataFrame(scores, index=pd.RangeIndex(n_splits, name="fold"))
    return {"scores": table, "fitted": fitted, "folds": [np.asarray(test) for _, test in splits]}
    # END SOLUTION


def plot_importances(fitted: dict, path):
    """A horizontal bar chart of feature importances, one Axes per model, saved as a PNG.

    Args:
        fitted: {model name: a FITTED model with feature_importances_ and feature_names_in_
                 (fitted on a DataFrame)}, e.g. the fold-0 models of compare_on_folds.
        path: where to save the PNG.
    Each Axes (one per model, in the dict's order, titled with the model name) has one bar per
    feature, the bar's length = that model's feature_importances_ value, the y tick labels = the
    real feature names, sorted so the most important feature is the TOP bar.
    Returns:
        the matplotlib Figure.
    """
    # BEGIN SOLUTION (task 4) plt.subplots(1, len(fitted)); pd.Series(model.feature_importances_, index=model.feature_names_in_).sort_values(); ax.barh(...)
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(fitted), figsize=(5 * len(fitted), 4), squeeze=False)
    for ax, (name, model) in zip(axes[0], fitted.items()):
        imp = pd.Series(model.feature_importances_, index=list(model.feature_names_in_)).sort_values()
        ax.barh(imp.index, imp.to_numpy(), color="tab:blue" if name == "random_forest" else "tab:orange")
        ax.set_title(name)
        ax.set_xlabel("feature importance")
    fig.tight_layout()
    fig.savefig(path)
    return fig
    # END SOLUTION


def shap_values(model, X: pd.DataFrame) -> tuple[np.ndarray, float]:
    """SHAP values of a fitted XGBoost classifier with shap.TreeExplainer, on the rows X.

    Returns:
        (values, expected_value): values is a float array of shape (len(X), X.shape[1]), in margin
        (log-odds) units; expected_value a float. For every row,
        expected_value + values[row].sum() equals model.predict(X, output_margin=True)[row].
    """
    # BEGIN SOLUTION (task 5) explainer = shap.TreeExplainer(model); explainer.shap_values(X), explainer.expected_value
    import shap

    explainer = shap.TreeExplainer(model)
    values = np.asarray(explainer.shap_values(X), dtype=float)
    return values, float(np.ravel(explainer.expected_value)[0])
    # END SOLUTION


def explain_fold(result: dict, X: pd.DataFrame, fold: int = 0) -> tuple[np.ndarray, float]:
    """SHAP values of the XGBoost model that was SCORED on `fold`, on that fold's held-out rows.

    Args:
        result: what compare_on_folds returned (with an "xgboost" model).
        X: the feature frame compare_on_folds was given.
    Returns:
        shap_values(result["fitted"]["xgboost"][fold], the held-out rows of that fold).
    """
    # BEGIN SOLUTION (task 5) pick the fold's fitted model and X.iloc[result["folds"][fold]]; no refitting
    model = result["fitted"]["xgboost"][fold]
    return shap_values(model, X.iloc[result["folds"][fold]])
    # END SOLUTION


def write_commentary(scores: pd.DataFrame, shap_vals: np.ndarray, feature_names: list[str], path,
                     top: int = 3) -> str:
    """Write the day's Markdown commentary and return its text.

    It contains, in this order:
    - the fold scores as a Markdown table (one row per fold and a final "mean" row, one column per
      model, 3 decimals) — `DataFrame.to_markdown` writes one;
    - a section headed exactly `## Top features` whose numbered list (`1. Name`, `2. Name`, ...)
      names the `top` features with the largest mean |SHAP value| over the rows, largest first;
      you may add words after the name on the same line (`1. is_female — women survived ...`);
    - a few sentences of your own on which model wins and why.
    """
    # BEGIN SOLUTION (task 6) np.abs(shap_vals).mean(axis=0) -> argsort descending; scores.mean(); f-strings; Path(path).write_text
    table = pd.concat([scores, scores.mean().to_frame("mean").T])
    ranking = np.argsort(-np.abs(shap_vals).mean(axis=0), kind="stable")[:top]
    strength = np.abs(shap_vals).mean(axis=0)
    means = scores.mean()
    best = means.idxmax()
    lines = ["# Day 16 — RandomForest vs XGBoost on Titanic", "",
             "Held-out accuracy on the same stratified folds:", "",
             table.to_markdown(floatfmt=".3f"), "", "## Top features", ""]
    for i, j in enumerate(ranking, start=1):
        lines.append(f"{i}. {feature_names[j]} — mean |SHAP| {strength[j]:.3f} (log-odds)")
    lines += ["", "## Commentary", "",
              f"{best} has the higher mean accuracy ({means[best]:.3f} vs {means.drop(best).max():.3f}); "
              "the gap is smaller than the fold-to-fold spread, so on 891 passengers the two ensembles are "
              f"close. {feature_names[ranking[0]]} dominates the XGBoost model's decisions, then "
              f"{', '.join(feature_names[j] for j in ranking[1:])}: the 'women and children first' story "
              "and the better lifeboat access of the upper classes.", ""]
    text = "\n".join(lines)
    Path(path).write_text(text, encoding="utf-8")
    return text
    # END SOLUTION


def permutation_importances(model, X: pd.DataFrame, y: pd.Series, n_repeats: int = 5, seed: int = 0) -> pd.Series:
    """Stretch: permutation importance on held-out rows (the accuracy lost when one column is shuffled).

    For each feature, shuffle that column n_repeats times with np.random.default_rng(seed) (never
    the global np.random), and average accuracy(original) - accuracy(shuffled).
    Returns:
        a float Series indexed by feature name, sorted from the largest drop to the smallest.
    """
    # BEGIN SOLUTION (task 7) rng = np.random.default_rng(seed); X.copy(); Xs[col] = rng.permutation(Xs[col].to_numpy()); or sklearn.inspection.permutation_importance(random_state=seed)
    from sklearn.metrics import accuracy_score

    rng = np.random.default_rng(seed)
    base = accuracy_score(y, model.predict(X))
    drops = {}
    for col in X.columns:
        lost = []
        for _ in range(n_repeats):
            shuffled = X.copy()
            shuffled[col] = rng.permutation(shuffled[col].to_numpy())
            lost.append(base - accuracy_score(y, model.predict(shuffled)))
        drops[col] = float(np.mean(lost))
    return pd.Series(drops).sort_values(ascending=False)
    # END SOLUTION
