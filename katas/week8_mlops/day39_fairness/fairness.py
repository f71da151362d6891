# day39 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 39 — Ethics and fairness: statistical parity by hand, a real disparity, a mitigation, the note."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]


# ---------------------------------------------------------------- Task 1: statistical parity difference

def statistical_parity_difference(y_pred, sensitive, privileged) -> float:
    """P(y_pred = 1 | unprivileged) - P(y_pred = 1 | privileged), AIF360's sign convention.

    Args:
        y_pred: predicted labels, shape (n,), 0/1 (ints or bools).
        sensitive: group of each row, shape (n,), exactly two distinct values.
        privileged: the value of `sensitive` that marks the privileged group.
    Returns:
        A float in [-1, 1]; negative when the privileged group gets more positive predictions.
    Raises:
        ValueError: if the lengths differ, or `sensitive` does not hold exactly two groups one of
            which is `privileged`.
    """
    raise NotImplementedError('day39 task 1: implement statistical_parity_difference() in katas/week8_mlops/day39_fairness/fairness.py — two boolean masks; the mean of y_pred in each group; unprivileged minus privileged (README Task 1; `make hint DAY=39`)')


# ---------------------------------------------------------------- Task 2: data and the baseline model

def prepare_titanic(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The model's inputs from Kaggle's Titanic train frame (which is not modified).

    Returns:
        X: FEATURES, Sex as 1 (female) / 0 (male), Age and Fare gaps filled with their median;
        y: Survived (int); sex: the protected attribute as text ("female"/"male"), same index.
    """
    raise NotImplementedError('day39 task 2: implement prepare_titanic() in katas/week8_mlops/day39_fairness/fairness.py — copy the FEATURES, encode Sex, fill the medians; keep the text Sex aside (README Task 2; `make hint DAY=39`)')


def fit_baseline(X_train: pd.DataFrame, y_train: pd.Series):
    """A fitted scikit-learn Pipeline(StandardScaler, LogisticRegression(max_iter=1000)): the model to audit."""
    raise NotImplementedError('day39 task 2: implement fit_baseline() in katas/week8_mlops/day39_fairness/fairness.py — make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(...) (README Task 2; `make hint DAY=39`)')


# ---------------------------------------------------------------- Task 3: a mitigation

def mitigate(model, X_train: pd.DataFrame, y_train: pd.Series, sex_train: pd.Series,
             X_test: pd.DataFrame, sex_test: pd.Series, seed: int) -> np.ndarray:
    """Predictions for X_test with the disparity between the sexes reduced.

    Post-process the fitted `model` with fairlearn's ThresholdOptimizer (demographic parity, one
    threshold per group, learned on the training rows), or use another mitigation (reweighing,
    ...) that meets the same bar. Any randomness comes from `seed`.

    Returns:
        0/1 integer predictions, shape (len(X_test),).
    """
    raise NotImplementedError('day39 task 3: implement mitigate() in katas/week8_mlops/day39_fairness/fairness.py — ThresholdOptimizer(estimator=model, constraints="demographic_parity", prefit=True, predict_method="predict_proba") (README Task 3; `make hint DAY=39`)')


# ---------------------------------------------------------------- Task 4: the numbers and the note

def fairness_report(y_true, pred_before, pred_after, sex, privileged: str = "female") -> dict:
    """Before/after numbers of the audit.

    Returns:
        {"spd_before", "spd_after": statistical parity differences (AIF360 sign),
         "accuracy_before", "accuracy_after": accuracies,
         "accuracy_cost": accuracy_before - accuracy_after} (all floats).
    """
    raise NotImplementedError('day39 task 4: implement fairness_report() in katas/week8_mlops/day39_fairness/fairness.py — your statistical_parity_difference twice, two accuracies, their difference (README Task 4; `make hint DAY=39`)')


def write_note(report: dict, path: str | Path) -> Path:
    """Write the Markdown fairness note: a title, the metric before/after, the accuracy cost, a plan.

    The note states spd_before, spd_after, accuracy_before and accuracy_after with at least two
    decimals, and has a section headed `## Plan` (what to do next, in a few sentences).
    """
    raise NotImplementedError('day39 task 4: implement write_note() in katas/week8_mlops/day39_fairness/fairness.py — an f-string: title, a small table of the four numbers and the cost, a ## Plan section (README Task 4; `make hint DAY=39`)')


# ---------------------------------------------------------------- Task 5 (stretch): equal opportunity

def equal_opportunity_difference(y_true, y_pred, sensitive, privileged) -> float:
    """TPR(unprivileged) - TPR(privileged): the gap in recall among the truly positive rows (AIF360 sign)."""
    raise NotImplementedError('day39 task 5: implement equal_opportunity_difference() in katas/week8_mlops/day39_fairness/fairness.py — restrict to y_true == 1, then the same difference as statistical parity (README Task 5; `make hint DAY=39`)')
