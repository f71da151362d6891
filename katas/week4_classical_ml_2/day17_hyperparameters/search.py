# day17 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 17 — Hyper-parameter search: RandomizedSearchCV vs Optuna (TPE) on XGBoost, Telco churn.

A fair comparison keeps three things equal: the trial budget (n_trials), the search space (SPACE)
and the CV folds (the same `cv` object or list of (train, test) index pairs). Both searches return
their trials in one format, a DataFrame with one row per trial:
    number (0, 1, ...), one column per hyper-parameter of the space, cv_auc (mean ROC-AUC over the
    folds), seconds (wall time of that trial: fitting and scoring every fold).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# Provided: the search space both methods explore. kind: "int" (integers low..high, both included),
# "float" (uniform on [low, high]) or "log" (log-uniform on [low, high]).
SPACE = {
    "max_depth": ("int", 2, 6),
    "learning_rate": ("log", 0.01, 0.3),
    "n_estimators": ("int", 20, 120),
    "subsample": ("float", 0.6, 1.0),
}


def telco_xy(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Provided: Telco churn -> (X numeric features, y 0/1 churn). Row-wise only (no statistics)."""
    X = df.drop(columns=["customerID", "Churn"])
    X = pd.get_dummies(X, columns=[c for c in X.columns if X[c].dtype == object], dtype=float)
    return X.astype(float), (df["Churn"] == "Yes").astype(int).rename("churn")


def make_xgb(seed: int = 0):
    """Provided: the model to tune (one thread, seeded)."""
    from xgboost import XGBClassifier

    return XGBClassifier(tree_method="hist", n_jobs=1, random_state=seed, eval_metric="logloss")


def to_distributions(space: dict) -> dict:
    """The space as scipy.stats distributions for RandomizedSearchCV.

    "int" -> scipy.stats.randint(low, high + 1) (high included); "float" -> uniform(low, high - low)
    (scipy's uniform takes loc and scale); "log" -> loguniform(low, high).
    Returns:
        {parameter name: frozen scipy.stats distribution}
    """
    raise NotImplementedError('day17 task 1: implement to_distributions() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — scipy.stats.randint / uniform / loguniform; mind that randint excludes high and uniform takes (loc, scale) (README Task 1; `make hint DAY=17`)')


def suggest(trial, space: dict) -> dict:
    """One set of hyper-parameters drawn by an Optuna trial from the space.

    "int" -> trial.suggest_int(name, low, high); "float" -> trial.suggest_float(name, low, high);
    "log" -> trial.suggest_float(name, low, high, log=True).
    Returns:
        {parameter name: value}
    """
    raise NotImplementedError('day17 task 2: implement suggest() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — one trial.suggest_int / trial.suggest_float(..., log=True) call per parameter (README Task 2; `make hint DAY=17`)')


def random_search(estimator, X: pd.DataFrame, y: pd.Series, space: dict, n_trials: int, cv, seed: int = 0) -> pd.DataFrame:
    """RandomizedSearchCV over `space` (via to_distributions) with n_iter=n_trials, the given `cv`,
    scoring="roc_auc", random_state=seed, refit=False, run in this process (no n_jobs).

    Returns:
        the trials DataFrame (columns: number, the space's parameters, cv_auc, seconds), in trial
        order; seconds = (mean fit time + mean score time) * number of folds.
    """
    raise NotImplementedError('day17 task 3: implement random_search() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — RandomizedSearchCV(..., refit=False).fit(X, y); build the frame from cv_results_ (params, mean_test_score, mean_fit_time, mean_score_time) (README Task 3; `make hint DAY=17`)')


def optuna_search(estimator, X: pd.DataFrame, y: pd.Series, space: dict, n_trials: int, cv, seed: int = 0) -> pd.DataFrame:
    """Optuna with a seeded TPE sampler (optuna.samplers.TPESampler(seed=seed)), direction "maximize",
    n_trials trials; each trial scores clone(estimator).set_params(**suggest(trial, space)) with
    cross_val_score(..., cv=cv, scoring="roc_auc") and returns the mean.

    Returns:
        the trials DataFrame (columns: number, the space's parameters, cv_auc, seconds), in trial
        order; seconds = the trial's duration. Same seed -> the same trials.
    """
    raise NotImplementedError('day17 task 4: implement optuna_search() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — optuna.create_study(direction="maximize", sampler=TPESampler(seed=seed)); study.optimize(objective, n_trials); rows from study.trials (number, params, value, duration) (README Task 4; `make hint DAY=17`)')


def write_trials(trials: dict, path) -> pd.DataFrame:
    """Write every search's trials into one CSV and return the frame written.

    Args:
        trials: {search name (e.g. "random", "optuna"): its trials DataFrame}.
    The CSV has a first column `search` (the name) followed by the trial columns, one row per
    trial, searches in the dict's order, no index column.
    """
    raise NotImplementedError('day17 task 5: implement write_trials() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — pd.concat([t.assign(search=name) for ...]) with "search" moved first; to_csv(index=False) (README Task 5; `make hint DAY=17`)')


def plot_trials(trials: dict, path):
    """Score vs trial for every search on one Axes, saved as a PNG; returns the Figure.

    For each search (legend label = its name): the cv_auc of every trial as markers at x = number,
    and the best-so-far curve (running maximum of cv_auc in trial-number order) as a line at the
    same x. Axis labels "trial" and "CV AUC".
    """
    raise NotImplementedError('day17 task 6: implement plot_trials() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — sort by number; ax.scatter(number, cv_auc); ax.step/plot(number, cv_auc.cummax()); legend, labels, savefig (README Task 6; `make hint DAY=17`)')


def narrow_space(trials: pd.DataFrame, space: dict, keep: float = 0.3) -> dict:
    """Stretch: a second-round space around the best trials.

    Take the best ceil(keep * len(trials)) trials by cv_auc; each parameter's new range is
    [min, max] of its values among them (same kind; int bounds as int). When they all share one
    value, the range is that single value (low == high).
    Returns:
        {name: (kind, low, high)}, a new dict (space is not modified).
    """
    raise NotImplementedError('day17 task 7: implement narrow_space() in katas/week4_classical_ml_2/day17_hyperparameters/search.py — trials.nlargest(ceil(keep * n), "cv_auc"); per parameter min/max of the kept rows (README Task 7; `make hint DAY=17`)')
