# day16 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day16 task 1: implement preprocess() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — a new DataFrame(index=df.index); (df["Sex"] == "female").astype(float); one column per port (README Task 1; `make hint DAY=16`)')


def make_models(seed: int = 0, n_estimators: int = 100) -> dict:
    """The two ensembles to compare, unfitted, both seeded and single-threaded.

    Returns:
        {"random_forest": sklearn RandomForestClassifier(n_estimators, random_state=seed, n_jobs=1, ...),
         "xgboost": xgboost.XGBClassifier(n_estimators, random_state=seed, n_jobs=1, ...)}
    """
    raise NotImplementedError('day16 task 2: implement make_models() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — RandomForestClassifier(..., random_state=seed, n_jobs=1) and XGBClassifier(..., random_state=seed, n_jobs=1) (README Task 2; `make hint DAY=16`)')


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
    raise NotImplementedError('day16 task 3: implement compare_on_folds() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — one StratifiedKFold split list for all models; clone(model).fit(X.iloc[train], y.iloc[train]); accuracy_score (README Task 3; `make hint DAY=16`)')


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
    raise NotImplementedError('day16 task 4: implement plot_importances() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — plt.subplots(1, len(fitted)); pd.Series(model.feature_importances_, index=model.feature_names_in_).sort_values(); ax.barh(...) (README Task 4; `make hint DAY=16`)')


def shap_values(model, X: pd.DataFrame) -> tuple[np.ndarray, float]:
    """SHAP values of a fitted XGBoost classifier with shap.TreeExplainer, on the rows X.

    Returns:
        (values, expected_value): values is a float array of shape (len(X), X.shape[1]), in margin
        (log-odds) units; expected_value a float. For every row,
        expected_value + values[row].sum() equals model.predict(X, output_margin=True)[row].
    """
    raise NotImplementedError('day16 task 5: implement shap_values() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — explainer = shap.TreeExplainer(model); explainer.shap_values(X), explainer.expected_value (README Task 5; `make hint DAY=16`)')


def explain_fold(result: dict, X: pd.DataFrame, fold: int = 0) -> tuple[np.ndarray, float]:
    """SHAP values of the XGBoost model that was SCORED on `fold`, on that fold's held-out rows.

    Args:
        result: what compare_on_folds returned (with an "xgboost" model).
        X: the feature frame compare_on_folds was given.
    Returns:
        shap_values(result["fitted"]["xgboost"][fold], the held-out rows of that fold).
    """
    raise NotImplementedError('day16 task 5: implement explain_fold() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — pick the fold\'s fitted model and X.iloc[result["folds"][fold]]; no refitting (README Task 5; `make hint DAY=16`)')


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
    raise NotImplementedError('day16 task 6: implement write_commentary() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — np.abs(shap_vals).mean(axis=0) -> argsort descending; scores.mean(); f-strings; Path(path).write_text (README Task 6; `make hint DAY=16`)')


def permutation_importances(model, X: pd.DataFrame, y: pd.Series, n_repeats: int = 5, seed: int = 0) -> pd.Series:
    """Stretch: permutation importance on held-out rows (the accuracy lost when one column is shuffled).

    For each feature, shuffle that column n_repeats times with np.random.default_rng(seed) (never
    the global np.random), and average accuracy(original) - accuracy(shuffled).
    Returns:
        a float Series indexed by feature name, sorted from the largest drop to the smallest.
    """
    raise NotImplementedError('day16 task 7: implement permutation_importances() in katas/week4_classical_ml_2/day16_ensembles/ensembles.py — rng = np.random.default_rng(seed); X.copy(); Xs[col] = rng.permutation(Xs[col].to_numpy()); or sklearn.inspection.permutation_importance(random_state=seed) (README Task 7; `make hint DAY=16`)')
