# day11 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day11 task 3: implement test_binary_metrics_match_sklearn() in katas/week3_classical_ml_1/day11_metrics/test_metrics.py — fit a model on seeded binary data; compare every key with sklearn.metrics (README Task 3; `make hint DAY=11`)')


def test_multiclass_metrics_are_macro_averages(evaluate_clf):
    """Three or more classes: macro precision/recall/F1 and one-vs-rest macro ROC-AUC."""
    raise NotImplementedError('day11 task 3: implement test_multiclass_metrics_are_macro_averages() in katas/week3_classical_ml_1/day11_metrics/test_metrics.py — imbalanced multiclass data, so macro differs from micro and weighted (README Task 3; `make hint DAY=11`)')


def test_model_without_scores_gets_no_roc_auc(evaluate_clf):
    """A model with only predict: roc_auc is None and nothing crashes."""
    raise NotImplementedError('day11 task 3: implement test_model_without_scores_gets_no_roc_auc() in katas/week3_classical_ml_1/day11_metrics/test_metrics.py — a tiny class with classes_ and predict only (README Task 3; `make hint DAY=11`)')
