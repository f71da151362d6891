"""Your own unit tests for evaluate_clf (the day's deliverable, next to metrics.py).

Run them with `pytest katas/week3_classical_ml_1/day11_metrics/test_metrics.py`. They test the
metrics.py in the same folder; the kata also runs this file against a correct evaluate_clf (it must
pass) and against broken ones (it must fail). Keep it self-contained: scikit-learn datasets and
models only, no fixtures from the repository's conftest.py.
"""
import importlib.util
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def evaluate_clf():
    """evaluate_clf from the metrics.py next to this file (provided; keep it)."""
    path = Path(__file__).with_name("metrics.py")
    spec = importlib.util.spec_from_file_location("metrics_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate_clf


def test_binary_metrics_match_sklearn(evaluate_clf):
    """Binary data: accuracy, positive-class precision/recall/F1, ROC-AUC and the confusion matrix."""
    # BEGIN SOLUTION (task 3) fit a model on seeded binary data; compare every key with sklearn.metrics
    from sklearn import metrics
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(n_samples=300, weights=[0.8], flip_y=0.05, random_state=0)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    pred, proba = model.predict(X), model.predict_proba(X)[:, 1]
    got = evaluate_clf(model, X, y)
    assert got["accuracy"] == pytest.approx(metrics.accuracy_score(y, pred))
    assert got["precision"] == pytest.approx(metrics.precision_score(y, pred))
    assert got["recall"] == pytest.approx(metrics.recall_score(y, pred))
    assert got["f1"] == pytest.approx(metrics.f1_score(y, pred))
    assert got["roc_auc"] == pytest.approx(metrics.roc_auc_score(y, proba))
    np.testing.assert_array_equal(got["confusion_matrix"], metrics.confusion_matrix(y, pred))
    # END SOLUTION


def test_multiclass_metrics_are_macro_averages(evaluate_clf):
    """Three or more classes: macro precision/recall/F1 and one-vs-rest macro ROC-AUC."""
    # BEGIN SOLUTION (task 3) imbalanced multiclass data, so macro differs from micro and weighted
    from sklearn import metrics
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression

    X, y = make_classification(n_samples=400, n_classes=3, n_informative=4, weights=[0.6, 0.3],
                               flip_y=0.1, random_state=1)
    model = LogisticRegression(max_iter=1000).fit(X, y)
    pred = model.predict(X)
    got = evaluate_clf(model, X, y)
    assert got["accuracy"] == pytest.approx(metrics.accuracy_score(y, pred))
    for name, fn in [("precision", metrics.precision_score), ("recall", metrics.recall_score),
                     ("f1", metrics.f1_score)]:
        assert got[name] == pytest.approx(fn(y, pred, average="macro")), name
    assert got["roc_auc"] == pytest.approx(
        metrics.roc_auc_score(y, model.predict_proba(X), multi_class="ovr", average="macro"))
    np.testing.assert_array_equal(got["confusion_matrix"], metrics.confusion_matrix(y, pred))
    # END SOLUTION


def test_model_without_scores_gets_no_roc_auc(evaluate_clf):
    """A model with only predict: roc_auc is None and nothing crashes."""
    # BEGIN SOLUTION (task 3) a tiny class with classes_ and predict only
    class Threshold:
        classes_ = np.array([0, 1])

        def predict(self, X):
            return (np.asarray(X)[:, 0] > 0).astype(int)

    X = np.array([[-1.0], [2.0], [0.5], [-3.0]])
    got = evaluate_clf(Threshold(), X, np.array([0, 1, 0, 0]))
    assert got["roc_auc"] is None
    assert got["accuracy"] == pytest.approx(0.75)
    # END SOLUTION
