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
    # BEGIN SOLUTION (task 1) predict once; build the dict `result` with sklearn.metrics and the averaging the docstring names
    from sklearn import metrics as skm

    y = np.asarray(y)
    pred = np.asarray(model.predict(X))
    labels = np.asarray(getattr(model, "classes_", np.unique(np.concatenate([y, pred]))))
    binary = len(labels) == 2
    kwargs = {"average": "binary", "pos_label": labels[1]} if binary else {"average": "macro", "labels": labels}
    result = {
        "accuracy": float(skm.accuracy_score(y, pred)),
        "precision": float(skm.precision_score(y, pred, zero_division=0, **kwargs)),
        "recall": float(skm.recall_score(y, pred, zero_division=0, **kwargs)),
        "f1": float(skm.f1_score(y, pred, zero_division=0, **kwargs)),
        "confusion_matrix": skm.confusion_matrix(y, pred, labels=labels),
    }
    # END SOLUTION
    # BEGIN SOLUTION (task 2) scores from predict_proba, else decision_function, else None
    # STUB: result["roc_auc"] = None  # task 2 replaces this line with the ROC-AUC (README Task 2)
    # STUB: return result
    scores = _scores(model, X)
    if scores is None:
        result["roc_auc"] = None
    elif binary:
        if scores.ndim == 2:
            scores = scores[:, 1]
        result["roc_auc"] = float(skm.roc_auc_score(y == labels[1], scores))
    else:
        from sklearn.preprocessing import label_binarize

        onehot = label_binarize(y, classes=labels)
        result["roc_auc"] = float(skm.roc_auc_score(onehot, scores, average="macro"))
    return result
    # END SOLUTION


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
    # BEGIN SOLUTION (task 4) sklearn.metrics.roc_curve, ax.plot(fpr, tpr), ax.annotate a few thresholds
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_auc_score, roc_curve

    scores = _scores(model, X)
    if scores is None:
        raise ValueError("plot_roc needs a model with predict_proba or decision_function")
    if scores.ndim == 2:
        scores = scores[:, 1]
    positive = np.asarray(y) == model.classes_[1]
    fpr, tpr, thresholds = roc_curve(positive, scores)
    auc = roc_auc_score(positive, scores)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.plot(fpr, tpr, lw=2, label=f"ROC (AUC = {auc:.3f})")
    ax.plot([0, 1], [0, 1], ls="--", color="grey", label="chance")
    finite = np.flatnonzero(np.isfinite(thresholds))
    for i in finite[np.linspace(0, len(finite) - 1, n_annotations).round().astype(int)]:
        ax.annotate(f"t={thresholds[i]:.2f}", xy=(fpr[i], tpr[i]), xytext=(10, -12),
                    textcoords="offset points", fontsize=8, arrowprops={"arrowstyle": "-", "lw": 0.5})
        ax.plot(fpr[i], tpr[i], "o", color="C3", ms=4)
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate")
    ax.set_title(f"ROC curve, AUC = {auc:.3f}")
    ax.legend(loc="lower right")
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION
