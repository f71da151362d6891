"""Day 11 — Train/test and metrics: evaluate_clf, its ROC-AUC, your own unit test, the ROC plot."""
import re

import numpy as np
import pytest

from katalib import kata, owntests
from katalib.figures import assert_png

SEED = 20241124


@pytest.fixture(scope="module")
def metrics():
    return kata.load("day11", "metrics")


class _PredictOnly:
    """A fitted 'model' with classes_ and predict, but neither predict_proba nor decision_function."""

    classes_ = np.array([0, 1])

    def predict(self, X):
        return (np.asarray(X)[:, 0] > 0.3).astype(int)


class _ThreeClassesTwoSeen:
    """A fitted three-class 'model' (classes_ 0, 1, 2) scored on a fold where class 2 never occurs: not in y and
    not among the predictions. Its confusion matrix is still 3 x 3; confusion_matrix(y, pred) without labels= is 2 x 2."""

    classes_ = np.array([0, 1, 2])

    def predict(self, X):
        return (np.asarray(X)[:, 0] > 0.3).astype(int)


def _split(X, y, seed=SEED):
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=0.4, stratify=y, random_state=seed)


@pytest.fixture(scope="module")
def cases():
    """id -> (fitted model, X_test, y_test): models are fitted on a train split, scored on the test split."""
    from sklearn.datasets import load_breast_cancer, load_iris, make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC, LinearSVC
    from sklearn.tree import DecisionTreeClassifier

    out = {}
    # imbalanced binary data: positive-class precision differs from the macro average
    X, y = make_classification(n_samples=600, n_features=8, n_informative=3, weights=[0.85], flip_y=0.08,
                               class_sep=0.8, random_state=SEED)
    Xtr, Xte, ytr, yte = _split(X, y)
    out["binary-imbalanced-logreg"] = (LogisticRegression(max_iter=1000).fit(Xtr, ytr), Xte, yte)
    out["binary-labels-1-and-2"] = (LogisticRegression(max_iter=1000).fit(Xtr, ytr + 1), Xte, yte + 1)
    out["binary-linearsvc-decision-function-only"] = (LinearSVC(random_state=SEED).fit(Xtr, ytr), Xte, yte)
    out["binary-svc-without-probability"] = (SVC(random_state=SEED).fit(Xtr, ytr), Xte, yte)
    # breast cancer with its class names: the positive class is 'malignant' (sorted second)
    bc = load_breast_cancer()
    names = bc.target_names[bc.target]  # 0 -> malignant, 1 -> benign
    Xtr, Xte, ytr, yte = _split(bc.data, names)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=1000)).fit(Xtr, ytr)
    out["breast-cancer-string-labels"] = (model, Xte, yte)
    # imbalanced multiclass: macro differs from micro (= accuracy) and from weighted
    X, y = make_classification(n_samples=900, n_features=10, n_informative=5, n_classes=4, weights=[0.5, 0.25, 0.15],
                               flip_y=0.05, random_state=SEED)
    Xtr, Xte, ytr, yte = _split(X, y)
    out["multiclass-imbalanced-logreg"] = (LogisticRegression(max_iter=2000).fit(Xtr, ytr), Xte, yte)
    iris = load_iris()
    species = iris.target_names[iris.target]
    Xtr, Xte, ytr, yte = _split(iris.data, species)
    out["iris-species-tree"] = (DecisionTreeClassifier(max_depth=2, random_state=SEED).fit(Xtr, ytr), Xte, yte)
    Xtr, Xte, ytr, yte = _split(iris.data[:, :2], species)  # two sepal features: an imperfect LinearSVC
    out["iris-linearsvc-decision-function-only"] = (LinearSVC(random_state=SEED).fit(Xtr, ytr), Xte, yte)
    rng = np.random.default_rng(SEED)
    X = rng.standard_normal((200, 2))
    y = (X[:, 0] + 0.7 * rng.standard_normal(200) > 0).astype(int)
    out["predict-only-model"] = (_PredictOnly(), X, y)
    out["multiclass-class-missing-from-fold"] = (_ThreeClassesTwoSeen(), X, y)
    return out


ALL_CASES = ["binary-imbalanced-logreg", "binary-labels-1-and-2", "binary-linearsvc-decision-function-only",
             "binary-svc-without-probability", "breast-cancer-string-labels", "multiclass-imbalanced-logreg",
             "iris-species-tree", "iris-linearsvc-decision-function-only", "predict-only-model",
             "multiclass-class-missing-from-fold"]
SCORED_CASES = [c for c in ALL_CASES if c not in ("predict-only-model", "multiclass-class-missing-from-fold")]
KEYS = ("accuracy", "precision", "recall", "f1", "roc_auc", "confusion_matrix")


def _expected_label_metrics(model, X, y) -> dict:
    """scikit-learn's numbers, computed from the model's predictions before evaluate_clf runs: {key: (accepted, call)}.

    When a class of model.classes_ occurs neither in y nor in the predictions, the macro average over
    model.classes_ (the absent class scoring 0) and over the classes present (scikit-learn's default) are both
    accepted; the README fixes only that it is the plain mean over classes."""
    from sklearn import metrics as skm

    pred = model.predict(X)
    labels = model.classes_
    binary = len(labels) == 2
    how = f"pos_label={labels[1]!r}" if binary else "average='macro'"
    out = {"accuracy": ([skm.accuracy_score(y, pred)], "accuracy_score(y, pred)"),
           "confusion_matrix": (skm.confusion_matrix(y, pred, labels=labels), "confusion_matrix(y, pred, labels=classes_)")}
    for key, fn in (("precision", skm.precision_score), ("recall", skm.recall_score), ("f1", skm.f1_score)):
        if binary:
            accepted = [fn(y, pred, average="binary", pos_label=labels[1], zero_division=0)]
        else:
            accepted = [fn(y, pred, average="macro", zero_division=0),
                        fn(y, pred, average="macro", labels=labels, zero_division=0)]
        out[key] = (accepted, f"{fn.__name__}(y, pred, {how})")
    return out


def _expected_auc(model, X, y) -> float:
    """One-vs-rest AUC per class on the model's scores (predict_proba, else decision_function), macro mean."""
    from sklearn.metrics import roc_auc_score

    scores = model.predict_proba(X) if hasattr(model, "predict_proba") else model.decision_function(X)
    labels = model.classes_
    if len(labels) == 2:
        return roc_auc_score(y == labels[1], scores[:, 1] if scores.ndim == 2 else scores)
    return float(np.mean([roc_auc_score(y == k, scores[:, i]) for i, k in enumerate(labels)]))


# ---------------------------------------------------------------- Task 1: label metrics and confusion matrix

@pytest.mark.task(1)
def test_evaluate_clf_returns_a_dict_with_the_six_metrics(metrics, cases):
    model, X, y = cases["binary-imbalanced-logreg"]
    got = metrics.evaluate_clf(model, X, y)
    assert isinstance(got, dict), f"evaluate_clf(model, X, y) returned {type(got).__name__}, expected a dict"
    missing = [k for k in KEYS if k not in got]
    assert not missing, f"evaluate_clf(...) has keys {sorted(got)}; missing {missing}"
    for k in ("accuracy", "precision", "recall", "f1"):
        assert isinstance(got[k], (float, np.floating)), f"evaluate_clf(...)[{k!r}] is {got[k]!r}, expected a float"


@pytest.mark.task(1)
@pytest.mark.parametrize("metric", ["accuracy", "precision", "recall", "f1"])
@pytest.mark.parametrize("case", ALL_CASES)
def test_evaluate_clf_label_metric_equals_sklearn(metrics, cases, case, metric):
    model, X, y = cases[case]
    accepted, call = _expected_label_metrics(model, X, y)[metric]
    got = metrics.evaluate_clf(model, X, y)[metric]
    assert isinstance(got, float), f"[{case}] evaluate_clf(...)[{metric!r}] is {type(got).__name__}, expected a float"
    binary = len(model.classes_) == 2
    nudge = (f"binary data: the positive class is model.classes_[1] = {model.classes_[1]!r} (average='binary', "
             "pos_label=classes_[1])" if binary else
             "three or more classes: the macro average, the plain mean over classes (not micro, not weighted)")
    assert any(got == pytest.approx(v, abs=1e-12) for v in accepted), (
        f"[{case}] evaluate_clf(model, X_test, y_test)[{metric!r}] = {got!r}; sklearn's {call} = {accepted[0]!r}. {nudge}")


@pytest.mark.task(1)
@pytest.mark.parametrize("case", ALL_CASES)
def test_confusion_matrix_has_true_classes_as_rows_in_classes_order(metrics, cases, case):
    model, X, y = cases[case]
    expected, _ = _expected_label_metrics(model, X, y)["confusion_matrix"]
    got = metrics.evaluate_clf(model, X, y)["confusion_matrix"]
    assert isinstance(got, np.ndarray), (
        f"[{case}] evaluate_clf(...)['confusion_matrix'] is a {type(got).__name__}, expected an int ndarray")
    assert np.issubdtype(got.dtype, np.integer), (
        f"[{case}] the confusion matrix has dtype {got.dtype}, expected integer counts")
    assert got.shape == expected.shape, (
        f"[{case}] the confusion matrix has shape {got.shape}, expected {expected.shape}: one row and column per class "
        f"of model.classes_ = {list(model.classes_)}, even for a class that never occurs in this y or these "
        "predictions (confusion_matrix(..., labels=model.classes_))")
    assert np.array_equal(got, expected), (
        f"[{case}] confusion_matrix =\n{got}\nexpected sklearn's confusion_matrix(y, pred, labels=model.classes_) =\n"
        f"{expected}\nrows are the true class, columns the predicted class" +
        (" (yours looks transposed)" if np.array_equal(got, expected.T) else ""))


@pytest.mark.task(1)
def test_evaluate_clf_leaves_the_data_and_the_model_unchanged(metrics, cases):
    model, X, y = cases["multiclass-imbalanced-logreg"]
    X0, y0, coef0 = X.copy(), y.copy(), model.coef_.copy()
    metrics.evaluate_clf(model, X, y)
    assert np.array_equal(X, X0) and np.array_equal(y, y0), "evaluate_clf modified X or y; it should only read them"
    assert np.array_equal(model.coef_, coef0), "evaluate_clf changed the model: it is already fitted, do not call fit"


# ---------------------------------------------------------------- Task 2: ROC-AUC from the model's scores

@pytest.mark.task(2)
@pytest.mark.parametrize("case", SCORED_CASES)
def test_roc_auc_uses_the_models_scores(metrics, cases, case):
    model, X, y = cases[case]
    expected = _expected_auc(model, X, y)
    got = metrics.evaluate_clf(model, X, y)["roc_auc"]
    source = "predict_proba" if hasattr(model, "predict_proba") else "decision_function"
    how = (f"the score of the positive class {model.classes_[1]!r} from {source}" if len(model.classes_) == 2 else
           f"the one-vs-rest macro average: mean over classes k of AUC(y == classes_[k], {source}(X)[:, k])")
    assert got is not None, f"[{case}] evaluate_clf(...)['roc_auc'] is None, but the model has {source}"
    assert isinstance(got, (float, np.floating)), f"[{case}] roc_auc should be a float, got {type(got).__name__}"
    assert got == pytest.approx(expected, abs=1e-9), (
        f"[{case}] evaluate_clf(...)['roc_auc'] = {got!r}, expected {expected!r}: use {how}, "
        "not the hard predictions of predict()")


@pytest.mark.task(2)
def test_roc_auc_is_none_for_a_model_without_scores(metrics, cases):
    model, X, y = cases["predict-only-model"]
    got = metrics.evaluate_clf(model, X, y)
    assert got["roc_auc"] is None, (
        f"a model with only predict() got roc_auc {got['roc_auc']!r}; expected None (no scores, no ROC curve)")
    assert got["accuracy"] == pytest.approx(float(np.mean(model.predict(X) == y))), (
        "the label metrics should still be computed for a model without scores")


# ---------------------------------------------------------------- Task 3: your own test file

# A correct evaluate_clf, and broken ones: your test_metrics.py must pass on the first and fail on each other.
_CORRECT = '''
import numpy as np
from sklearn import metrics as skm
from sklearn.preprocessing import label_binarize


def evaluate_clf(model, X, y):
    y = np.asarray(y)
    pred = np.asarray(model.predict(X))
    labels = np.asarray(getattr(model, "classes_", np.unique(np.concatenate([y, pred]))))
    binary = len(labels) == 2
    kw = {"average": "binary", "pos_label": labels[1]} if binary else {"average": "macro", "labels": labels}
    out = {}
    out["accuracy"] = float(skm.accuracy_score(y, pred))
    out["precision"] = float(skm.precision_score(y, pred, zero_division=0, **kw))
    out["recall"] = float(skm.recall_score(y, pred, zero_division=0, **kw))
    out["f1"] = float(skm.f1_score(y, pred, zero_division=0, **kw))
    out["confusion_matrix"] = skm.confusion_matrix(y, pred, labels=labels)
    scores = None
    if hasattr(model, "predict_proba"):
        scores = np.asarray(model.predict_proba(X), dtype=float)
    elif hasattr(model, "decision_function"):
        scores = np.asarray(model.decision_function(X), dtype=float)
    if scores is None:
        out["roc_auc"] = None
    elif binary:
        out["roc_auc"] = float(skm.roc_auc_score(y == labels[1], scores[:, 1] if scores.ndim == 2 else scores))
    else:
        out["roc_auc"] = float(skm.roc_auc_score(label_binarize(y, classes=labels), scores, average="macro"))
    return out
'''

_BROKEN = {
    "accuracy-is-the-error-rate": ('out["accuracy"] = float(skm.accuracy_score(y, pred))',
                                   'out["accuracy"] = float(np.mean(pred != y))'),
    "multiclass-micro-averaging": ('{"average": "macro", "labels": labels}', '{"average": "micro", "labels": labels}'),
    # one-hot hard predictions, one column per class (binary too): a wrong AUC, never a crash
    "roc-auc-from-hard-predictions": ("scores = np.asarray(model.predict_proba(X), dtype=float)",
                                      "scores = (pred[:, None] == labels[None, :]).astype(float)"),
    "confusion-matrix-transposed": ("skm.confusion_matrix(y, pred, labels=labels)",
                                    "skm.confusion_matrix(pred, y, labels=labels)"),
    "crashes-without-scores": ("    if scores is None:\n        out[\"roc_auc\"] = None\n    elif binary:",
                               "    if binary:"),
}


@pytest.fixture(scope="module")
def own_test_outcomes(tmp_path_factory):
    """Run the learner's test_metrics.py once against the correct and each broken evaluate_clf.

    Returns {variant: (tests_run, tests_failed_or_errored, output)}.
    """
    source = kata.module_path("day11", "test_metrics")
    if not source.exists():
        pytest.fail(f"{source} does not exist: write your unit tests for evaluate_clf in test_metrics.py "
                    "next to metrics.py (README Task 3)", pytrace=False)
    return owntests.run_against(source, "metrics", owntests.variants(_CORRECT, _BROKEN),
                                tmp_path_factory.mktemp("own_tests"), env={"MPLBACKEND": "Agg"})


def _assert_passes_on_correct(outcomes):
    run, failed, tail = outcomes["correct"]
    assert run > 0, f"no test of your test_metrics.py ran (write functions named test_...).\n{tail}"
    assert failed == 0, (
        f"{failed} of the {run} tests in your test_metrics.py fail on a CORRECT evaluate_clf; a unit test must "
        f"pass on correct code (compare with sklearn.metrics using the README's averaging).\n{tail}")


@pytest.mark.task(3)
@pytest.mark.timeout(180)
def test_your_test_file_passes_on_a_correct_evaluate_clf(own_test_outcomes):
    _assert_passes_on_correct(own_test_outcomes)


@pytest.mark.task(3)
@pytest.mark.timeout(180)
@pytest.mark.parametrize("variant", list(_BROKEN))
def test_your_test_file_catches_a_broken_evaluate_clf(own_test_outcomes, variant):
    _assert_passes_on_correct(own_test_outcomes)
    run, failed, tail = own_test_outcomes[variant]
    assert failed > 0, (
        f"all {run} tests in your test_metrics.py pass on a broken evaluate_clf ({variant}); add a check that "
        "catches it (README Task 3 lists what your tests must cover).")


# ---------------------------------------------------------------- Task 4 (stretch): ROC plot with thresholds

def _number_in(text):
    m = re.search(r"-?\d*\.?\d+(?:[eE][-+]?\d+)?", text)
    return float(m.group()) if m else None


@pytest.fixture
def roc_axes(metrics, cases, outdir):
    import matplotlib.pyplot as plt

    model, X, y = cases["binary-imbalanced-logreg"]
    path = outdir / "roc.png"
    ax = metrics.plot_roc(model, X, y, path)
    yield ax, path, _expected_auc(model, X, y)
    plt.close("all")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_plot_roc_saves_a_png(roc_axes):
    _, path, _ = roc_axes
    assert_png(path, what="ROC plot")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_plot_roc_draws_the_roc_curve_from_origin_to_one_one(roc_axes):
    from matplotlib.axes import Axes

    ax, _, auc = roc_axes
    assert isinstance(ax, Axes), f"plot_roc(...) returned {type(ax).__name__}, expected the matplotlib Axes"
    areas = []
    for line in ax.lines:
        x, yv = (np.asarray(v, dtype=float) for v in line.get_data())
        if len(x) < 3 or np.any(np.diff(x) < 0) or np.any(np.diff(yv) < 0):
            continue
        if (x[0], yv[0], x[-1], yv[-1]) == (0.0, 0.0, 1.0, 1.0):
            areas.append(float(np.sum(np.diff(x) * (yv[1:] + yv[:-1]) / 2)))
    assert areas, ("no line of the Axes runs from (0, 0) to (1, 1) with false positive rate on x and true positive "
                   "rate on y: plot fpr, tpr from sklearn.metrics.roc_curve")
    assert any(a == pytest.approx(auc, abs=1e-6) for a in areas), (
        f"the area under your ROC line(s) is {areas}, but the model's ROC-AUC is {auc:.4f}: "
        "score with predict_proba[:, 1] (the positive class), not the hard predictions")


def _roc(model, X, y):
    from sklearn.metrics import roc_curve

    scores = model.predict_proba(X)[:, 1]
    return roc_curve(y == model.classes_[1], scores)


@pytest.mark.task(4)
@pytest.mark.stretch
def test_plot_roc_annotates_at_least_three_thresholds_where_they_are_on_the_curve(roc_axes, cases):
    from matplotlib.text import Annotation

    ax, _, _ = roc_axes
    fpr, tpr, thresholds = _roc(*cases["binary-imbalanced-logreg"])
    finite = np.isfinite(thresholds)
    fpr, tpr, thresholds = fpr[finite], tpr[finite], thresholds[finite]
    placed = set()
    for t in ax.texts:
        value = _number_in(t.get_text())
        if not isinstance(t, Annotation) or value is None:
            continue
        x, yv = (float(v) for v in t.xy)
        # the threshold printed (2 decimals or more) must be one whose ROC point is the annotated point
        here = np.flatnonzero((np.abs(fpr - x) <= 1e-6) & (np.abs(tpr - yv) <= 1e-6))
        if here.size and np.min(np.abs(thresholds[here] - value)) <= 0.006:
            placed.add(round(value, 6))
    texts = [t.get_text() for t in ax.texts]
    assert len(placed) >= 3, (
        f"found {len(placed)} annotations that print the threshold of the ROC point they point at (texts: {texts}); "
        "expected at least three: ax.annotate(f't={threshold:.2f}', xy=(fpr[i], tpr[i])) with fpr, tpr, thresholds "
        "from the same roc_curve")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_plot_roc_draws_the_chance_diagonal_and_labels_its_axes(roc_axes):
    ax, _, _ = roc_axes
    diagonal = False
    for line in ax.lines:
        x, yv = (np.asarray(v, dtype=float) for v in line.get_data())
        if len(x) >= 2 and np.allclose(x, yv) and np.isclose(x.min(), 0) and np.isclose(x.max(), 1):
            diagonal = True
    assert diagonal, "the ROC plot has no chance diagonal: ax.plot([0, 1], [0, 1], '--')"
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), (
        f"axis labels {ax.get_xlabel()!r} / {ax.get_ylabel()!r}: name them (false positive rate, true positive rate)")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_plot_roc_states_the_auc_in_the_title_or_legend(roc_axes):
    ax, _, auc = roc_axes
    legend = ax.get_legend()
    texts = [ax.get_title()] + ([t.get_text() for t in legend.get_texts()] if legend is not None else [])
    numbers = [float(v) for t in texts for v in re.findall(r"\d*\.\d+", t)]
    assert any(abs(v - auc) <= 0.006 for v in numbers), (
        f"neither the title nor the legend ({texts}) states the AUC {auc:.3f}: e.g. ax.set_title(f'ROC, AUC = {{auc:.3f}}')")
