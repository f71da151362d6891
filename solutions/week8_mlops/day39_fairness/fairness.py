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
    # BEGIN SOLUTION (task 1) two boolean masks; the mean of y_pred in each group; unprivileged minus privileged
    y = np.asarray(y_pred).astype(float)
    s = np.asarray(sensitive)
    if y.shape != s.shape:
        raise ValueError(f"y_pred has shape {y.shape}, sensitive {s.shape}")
    groups = set(pd.unique(s))
    if len(groups) != 2 or privileged not in groups:
        raise ValueError(f"need exactly two groups including {privileged!r}, got {sorted(map(str, groups))}")
    priv = s == privileged
    return float(y[~priv].mean() - y[priv].mean())
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: data and the baseline model

def prepare_titanic(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """The model's inputs from Kaggle's Titanic train frame (which is not modified).

    Returns:
        X: FEATURES, Sex as 1 (female) / 0 (male), Age and Fare gaps filled with their median;
        y: Survived (int); sex: the protected attribute as text ("female"/"male"), same index.
    """
    # BEGIN SOLUTION (task 2) copy the FEATURES, encode Sex, fill the medians; keep the text Sex aside
    X = df[FEATURES].copy()
    X["Sex"] = (X["Sex"] == "female").astype(int)
    X = X.fillna({"Age": X["Age"].median(), "Fare": X["Fare"].median()})
    return X, df["Survived"].astype(int), df["Sex"].copy()
    # END SOLUTION


def fit_baseline(X_train: pd.DataFrame, y_train: pd.Series):
    """A fitted scikit-learn Pipeline(StandardScaler, LogisticRegression(max_iter=1000)): the model to audit."""
    # BEGIN SOLUTION (task 2) make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(...)
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    # END SOLUTION


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
    # BEGIN SOLUTION (task 3) ThresholdOptimizer(estimator=model, constraints="demographic_parity", prefit=True, predict_method="predict_proba")
    from fairlearn.postprocessing import ThresholdOptimizer

    optimizer = ThresholdOptimizer(estimator=model, constraints="demographic_parity", prefit=True,
                                   predict_method="predict_proba")
    optimizer.fit(X_train, y_train, sensitive_features=sex_train)
    return np.asarray(optimizer.predict(X_test, sensitive_features=sex_test, random_state=seed)).astype(int)
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the numbers and the note

def fairness_report(y_true, pred_before, pred_after, sex, privileged: str = "female") -> dict:
    """Before/after numbers of the audit.

    Returns:
        {"spd_before", "spd_after": statistical parity differences (AIF360 sign),
         "accuracy_before", "accuracy_after": accuracies,
         "accuracy_cost": accuracy_before - accuracy_after} (all floats).
    """
    # BEGIN SOLUTION (task 4) your statistical_parity_difference twice, two accuracies, their difference
    y = np.asarray(y_true)
    before = float(np.mean(np.asarray(pred_before) == y))
    after = float(np.mean(np.asarray(pred_after) == y))
    return {
        "spd_before": statistical_parity_difference(pred_before, sex, privileged),
        "spd_after": statistical_parity_difference(pred_after, sex, privileged),
        "accuracy_before": before,
        "accuracy_after": after,
        "accuracy_cost": before - after,
    }
    # END SOLUTION


def write_note(report: dict, path: str | Path) -> Path:
    """Write the Markdown fairness note: a title, the metric before/after, the accuracy cost, a plan.

    The note states spd_before, spd_after, accuracy_before and accuracy_after with at least two
    decimals, and has a section headed `## Plan` (what to do next, in a few sentences).
    """
    # BEGIN SOLUTION (task 4) an f-string: title, a small table of the four numbers and the cost, a ## Plan section
    r = report
    text = f"""# Fairness audit: Titanic survival model, protected attribute sex

The model is a logistic regression on class, sex, age, family size and fare. The protected
attribute is `Sex`; the privileged group is `female` (the model predicts survival for women far
more often). Statistical parity difference = P(predicted survival | male) - P(predicted survival | female).

| | statistical parity difference | accuracy |
|---|---|---|
| before mitigation | {r['spd_before']:.3f} | {r['accuracy_before']:.3f} |
| after ThresholdOptimizer (demographic parity) | {r['spd_after']:.3f} | {r['accuracy_after']:.3f} |

Accuracy cost of the mitigation: {r['accuracy_cost']:.3f} ({100 * r['accuracy_cost']:.1f} points).

## Plan
Demographic parity is the wrong target for a historical record in which "women and children
first" really happened: here the disparity is in the data, not an artefact. For a model that
decides about people, keep the audit in CI: report the parity and equal-opportunity differences per
release, choose the criterion with the people affected, prefer collecting better features over
post-processing, and document the accuracy cost of each mitigation next to its fairness gain.
"""
    path = Path(path)
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


# ---------------------------------------------------------------- Task 5 (stretch): equal opportunity

def equal_opportunity_difference(y_true, y_pred, sensitive, privileged) -> float:
    """TPR(unprivileged) - TPR(privileged): the gap in recall among the truly positive rows (AIF360 sign)."""
    # BEGIN SOLUTION (task 5) restrict to y_true == 1, then the same difference as statistical parity
    y_true = np.asarray(y_true)
    positive = y_true == 1
    return statistical_parity_difference(np.asarray(y_pred)[positive], np.asarray(sensitive)[positive], privileged)
    # END SOLUTION
