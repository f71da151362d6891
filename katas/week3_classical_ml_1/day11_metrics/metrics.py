# day11 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 11 — Train/test and metrics: one call that scores a fitted classifier, and a ROC plot."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def evaluate_clf(model, X, y) -> dict:
    """Score an already fitted classifier on (X, y) the way scikit-learn's metrics do.

    Labels: `model.classes_` (sorted, as scikit-learn stores them); a model without `classes_`
    uses np.unique of y and the predictions together.
    Binary (two classes): the positive class is `classes_[1]` (the larger label: 1 of {0, 1},
    2 of {1, 2}, "yes" of {"no", "yes"}); precision, recall and F1 are those of the positive class
    (average="binary", pos_label=classes_[1]); ROC-AUC uses the score of the positive class:
    `predict_proba(X)[:, 1]`, or else `decision_function(X)`.
    Multiclass (three or more): precision, recall and F1 are macro averages (the unweighted mean
    over classes); ROC-AUC is the one-vs-rest macro average, the mean over classes k of the AUC of
    (y == classes_[k]) against column k of `predict_proba(X)`, or else of `decision_function(X)`.
    A model with neither predict_proba nor decision_function gets roc_auc None.

    Args:
        model: a fitted classifier with predict (and maybe predict_proba / decision_function).
        X: features, shape (n_samples, n_features).
        y: true labels, shape (n_samples,).
    Returns:
        {"accuracy": float, "precision": float, "recall": float, "f1": float,
         "roc_auc": float or None,
         "confusion_matrix": int ndarray (n_classes, n_classes), rows = true class, columns =
         predicted class, both in the order of the labels above}
    """
    raise NotImplementedError('day11 task 1: implement evaluate_clf() in katas/week3_classical_ml_1/day11_metrics/metrics.py — predict once; build the dict `result` with sklearn.metrics and the averaging the docstring names (README Task 1; `make hint DAY=11`)')
    result["roc_auc"] = None  # task 2 replaces this line with the ROC-AUC (README Task 2)
    return result


def _scores(model, X):
    """predict_proba(X) if the model has it, else decision_function(X), else None (provided)."""
    for name in ("predict_proba", "decision_function"):
        if hasattr(model, name):
            return np.asarray(getattr(model, name)(X), dtype=float)
    return None


def plot_roc(model, X, y, path, n_annotations: int = 5):
    """Plot the ROC curve of a fitted binary classifier and annotate some thresholds; save a PNG.

    The curve goes from (0, 0) to (1, 1) (false positive rate on x, true positive rate on y), with
    the chance diagonal, axis labels, the AUC in the title or legend, and `n_annotations` points of
    the curve annotated with their threshold (e.g. "t=0.42") via ax.annotate.
    Args:
        model: a fitted binary classifier with predict_proba or decision_function.
        X, y: the data to score; the positive class is model.classes_[1].
        path: where to save the PNG.
        n_annotations: how many thresholds to write on the curve (at least 3 for the tests).
    Returns:
        the matplotlib Axes.
    """
    raise NotImplementedError('day11 task 4: implement plot_roc() in katas/week3_classical_ml_1/day11_metrics/metrics.py — sklearn.metrics.roc_curve, ax.plot(fpr, tpr), ax.annotate a few thresholds (README Task 4; `make hint DAY=11`)')
