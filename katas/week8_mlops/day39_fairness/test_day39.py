"""Day 39 — Ethics and fairness: statistical parity by hand (= fairlearn = AIF360), the disparity
of a real Titanic model by sex, a mitigation that shrinks it, and the note with the numbers."""
import re

import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.randomstate import call_keeps_global_state

pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.filterwarnings("ignore::FutureWarning"),
    pytest.mark.filterwarnings("ignore::UserWarning"),
    pytest.mark.timeout(120),
]


@pytest.fixture(scope="module")
def fairness():
    return kata.load("day39", "fairness")


@pytest.fixture
def by_hand():
    """A context in which the libraries' own fairness metrics raise: your metric is computed by hand."""
    import contextlib

    import aif360.sklearn.metrics as aif_metrics
    import fairlearn.metrics as fl_metrics

    def forbidden(name):
        def call(*args, **kwargs):
            pytest.fail(f"your function called {name}: compute the rates by hand (README Task 1)", pytrace=False)
        return call

    @contextlib.contextmanager
    def context():
        with pytest.MonkeyPatch.context() as mp:
            for module, names in ((fl_metrics, ["demographic_parity_difference", "equal_opportunity_difference",
                                                "selection_rate", "MetricFrame", "true_positive_rate"]),
                                  (aif_metrics, ["statistical_parity_difference", "equal_opportunity_difference"])):
                for name in names:
                    if hasattr(module, name):
                        mp.setattr(module, name, forbidden(f"{module.__name__}.{name}"))
            yield

    return context


def _groups(rng, n=120, women=0.35):
    sex = np.where(rng.random(n) < women, "female", "male")
    y_true = (rng.random(n) < np.where(sex == "female", 0.7, 0.2)).astype(int)
    y_pred = (rng.random(n) < np.where(sex == "female", 0.8, 0.3)).astype(int)
    return y_true, y_pred, sex


def _library_values(y_true, y_pred, sex, privileged):
    from aif360.sklearn.metrics import equal_opportunity_difference as aif_eod
    from aif360.sklearn.metrics import statistical_parity_difference as aif_spd
    from fairlearn.metrics import demographic_parity_difference
    from fairlearn.metrics import equal_opportunity_difference as fl_eod

    indexed = pd.Series(y_true, index=pd.Index(sex, name="sex"))
    return {
        "fairlearn_dpd": demographic_parity_difference(y_true, y_pred, sensitive_features=sex),
        "aif360_spd": aif_spd(indexed, y_pred, prot_attr="sex", priv_group=privileged, pos_label=1),
        "aif360_eod": aif_eod(indexed, y_pred, prot_attr="sex", priv_group=privileged, pos_label=1),
        "fairlearn_eod": fl_eod(y_true, y_pred, sensitive_features=sex),
    }


# ---------------------------------------------------------------- Task 1: statistical parity difference

@pytest.mark.task(1)
@pytest.mark.parametrize("privileged", ["female", "male"])
def test_spd_equals_aif360_and_fairlearn(fairness, rng, privileged, by_hand):
    y_true, y_pred, sex = _groups(rng)
    with by_hand():
        got = fairness.statistical_parity_difference(y_pred, sex, privileged)
    assert isinstance(got, float), f"statistical_parity_difference returned {type(got).__name__}, expected float"
    expected = _library_values(y_true, y_pred, sex, privileged)
    assert got == pytest.approx(expected["aif360_spd"], abs=1e-12), (
        f"statistical_parity_difference(privileged={privileged!r}) = {got:.4f}, AIF360 says {expected['aif360_spd']:.4f}: "
        "P(pred=1 | unprivileged) - P(pred=1 | privileged), in that order")
    assert abs(got) == pytest.approx(expected["fairlearn_dpd"], abs=1e-12), (
        f"|SPD| = {abs(got):.4f} should equal fairlearn's demographic_parity_difference {expected['fairlearn_dpd']:.4f}")


@pytest.mark.task(1)
def test_spd_with_a_known_answer_and_plain_lists(fairness):
    # women: 3 of 4 predicted positive (0.75); men: 1 of 5 (0.2); privileged women -> 0.2 - 0.75
    pred = [1, 0, 1, 1, 0, 0, 1, 0, 0]
    sex = ["female", "male", "female", "female", "male", "female", "male", "male", "male"]
    got = fairness.statistical_parity_difference(pred, sex, "female")
    assert got == pytest.approx(0.2 - 0.75), f"got {got}, expected 0.2 - 0.75 = -0.55 (men's rate minus women's)"
    got_bool = fairness.statistical_parity_difference(np.array(pred, dtype=bool), pd.Series(sex), "female")
    assert got_bool == pytest.approx(-0.55), f"with bool predictions and a Series of groups: {got_bool}"


@pytest.mark.task(1)
@pytest.mark.parametrize("pred, sex, privileged", [
    pytest.param([1, 0, 1], ["a", "b"], "a", id="lengths-differ"),
    pytest.param([1, 0, 1], ["a", "a", "a"], "a", id="one-group"),
    pytest.param([1, 0, 1], ["a", "b", "c"], "a", id="three-groups"),
    pytest.param([1, 0, 1], ["a", "b", "b"], "z", id="privileged-absent"),
])
def test_spd_rejects_inputs_it_cannot_answer(fairness, pred, sex, privileged):
    with pytest.raises(ValueError):
        fairness.statistical_parity_difference(pred, sex, privileged)


# ---------------------------------------------------------------- Task 2: data and the baseline

@pytest.fixture(scope="module")
def audit(fairness, _titanic_original):
    """The test's split (seed 39) of the learner's prepared data, the learner's baseline model."""
    from sklearn.model_selection import train_test_split

    df = _titanic_original.copy()
    X, y, sex = fairness.prepare_titanic(df)
    parts = train_test_split(X, y, sex, test_size=0.3, random_state=39, stratify=y)
    X_train, X_test, y_train, y_test, sex_train, sex_test = parts
    model = fairness.fit_baseline(X_train, y_train)
    return {"X": X, "y": y, "sex": sex, "X_train": X_train, "X_test": X_test, "y_train": y_train,
            "y_test": y_test, "sex_train": sex_train, "sex_test": sex_test, "model": model,
            "pred_before": np.asarray(model.predict(X_test)).astype(int)}


@pytest.mark.task(2)
def test_prepare_titanic_gives_features_target_and_the_protected_attribute(fairness, titanic):
    before = titanic.copy()
    X, y, sex = fairness.prepare_titanic(titanic)
    pd.testing.assert_frame_equal(titanic, before, obj="prepare_titanic's input (it must not change)")
    assert isinstance(X, pd.DataFrame) and isinstance(y, pd.Series) and isinstance(sex, pd.Series), (
        f"prepare_titanic returned ({type(X).__name__}, {type(y).__name__}, {type(sex).__name__}), expected (DataFrame, Series, Series)")
    assert list(X.columns) == ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"], f"X columns {list(X.columns)}"
    assert not X.isna().any().any(), "X still has missing values"
    assert int(X["Sex"].sum()) == 314 and set(X["Sex"]) == {0, 1}, "Sex in X: 1 for the 314 women, 0 for the men"
    assert sorted(sex.unique()) == ["female", "male"], f"the protected attribute should be the text sex, got {sorted(sex.unique())}"
    assert y.tolist() == titanic["Survived"].tolist(), "y should be Survived, row for row"


@pytest.mark.task(2)
def test_baseline_model_is_accurate_and_unfair(fairness, audit):
    pred = audit["pred_before"]
    accuracy = float(np.mean(pred == audit["y_test"].to_numpy()))
    assert accuracy >= 0.75, f"the baseline's test accuracy is {accuracy:.3f}; a logistic regression reaches about 0.78"
    spd = fairness.statistical_parity_difference(pred, audit["sex_test"], "female")
    assert spd <= -0.6, (f"the baseline's statistical parity difference (privileged: female) is {spd:.3f}; the model "
                         "should predict survival for far more women than men (about -0.9 on this split)")


# ---------------------------------------------------------------- Task 3: the mitigation

@pytest.fixture(scope="module")
def mitigated(fairness, audit):
    a = audit
    return call_keeps_global_state(
        lambda: fairness.mitigate(a["model"], a["X_train"], a["y_train"], a["sex_train"], a["X_test"], a["sex_test"], seed=11),
        "mitigate(model, X_train, y_train, sex_train, X_test, sex_test, seed=11)")


@pytest.mark.task(3)
def test_mitigate_returns_one_label_per_test_row(mitigated, audit):
    assert isinstance(mitigated, np.ndarray), f"mitigate returned {type(mitigated).__name__}, expected a NumPy array"
    assert mitigated.shape == (len(audit["X_test"]),), f"shape {mitigated.shape}, expected ({len(audit['X_test'])},)"
    assert set(np.unique(mitigated)) <= {0, 1}, f"labels {np.unique(mitigated)}, expected 0/1"


@pytest.mark.task(3)
def test_mitigation_shrinks_the_disparity_by_three_quarters(fairness, mitigated, audit):
    sex = audit["sex_test"].to_numpy()
    before = fairness.statistical_parity_difference(audit["pred_before"], sex, "female")
    after = fairness.statistical_parity_difference(mitigated, sex, "female")
    assert abs(after) <= 0.25 * abs(before), (
        f"statistical parity difference {before:.3f} before, {after:.3f} after mitigate: expected |after| <= a quarter "
        "of |before| (ThresholdOptimizer with demographic_parity gets within about 0.05 of 0)")
    for group in ("female", "male"):
        labels = set(np.unique(mitigated[sex == group]))
        assert labels == {0, 1}, f"every {group} passenger gets the same prediction {labels}: parity by a constant is no model"
    accuracy = float(np.mean(mitigated == audit["y_test"].to_numpy()))
    assert accuracy >= 0.55, f"accuracy after mitigation is {accuracy:.3f}: the mitigated predictions should still use the model"


@pytest.mark.task(3)
def test_mitigate_is_seeded(fairness, mitigated, audit):
    a = audit
    again = fairness.mitigate(a["model"], a["X_train"], a["y_train"], a["sex_train"], a["X_test"], a["sex_test"], seed=11)
    assert np.array_equal(np.asarray(again), mitigated), "mitigate with the same seed gave other predictions: pass random_state=seed on"


# ---------------------------------------------------------------- Task 4: report and note

@pytest.fixture(scope="module")
def report(fairness, mitigated, audit):
    return fairness.fairness_report(audit["y_test"], audit["pred_before"], mitigated, audit["sex_test"], privileged="female")


@pytest.mark.task(4)
def test_fairness_report_numbers_are_the_measured_ones(report, mitigated, audit):
    keys = {"spd_before", "spd_after", "accuracy_before", "accuracy_after", "accuracy_cost"}
    assert isinstance(report, dict) and keys <= set(report), f"fairness_report returned {report!r}, expected the keys {sorted(keys)}"
    for key in keys:
        assert isinstance(report[key], float), f"report[{key!r}] is {type(report[key]).__name__}, expected float"
    y, sex = audit["y_test"].to_numpy(), audit["sex_test"].to_numpy()
    rate = lambda p, g: float(np.mean(p[sex == g]))
    expected = {
        "spd_before": rate(audit["pred_before"], "male") - rate(audit["pred_before"], "female"),
        "spd_after": rate(mitigated, "male") - rate(mitigated, "female"),
        "accuracy_before": float(np.mean(audit["pred_before"] == y)),
        "accuracy_after": float(np.mean(mitigated == y)),
    }
    expected["accuracy_cost"] = expected["accuracy_before"] - expected["accuracy_after"]
    for key, value in expected.items():
        assert report[key] == pytest.approx(value, abs=1e-12), f"report[{key!r}] = {report[key]:.4f}, measured {value:.4f}"


def _numbers(text):
    return [float(x) for x in re.findall(r"-?\d+\.\d+", text)]


@pytest.mark.task(4)
def test_note_states_the_metric_before_and_after_and_a_plan(fairness, report, outdir):
    path = outdir / "fairness_note.md"
    fairness.write_note(report, path)
    assert path.exists(), f"write_note did not write {path}"
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("# "), "the note should start with a Markdown title ('# ...')"
    numbers = _numbers(text)
    for key in ("spd_before", "spd_after", "accuracy_before", "accuracy_after"):
        value = report[key]
        assert any(abs(x - value) <= 0.006 for x in numbers), (
            f"the note does not state {key} = {value:.3f} (numbers found: {numbers[:12]})")
    assert re.search(r"^##\s+Plan", text, flags=re.MULTILINE | re.IGNORECASE), "the note needs a '## Plan' section"
    plan = re.split(r"^##\s+Plan.*$", text, flags=re.MULTILINE | re.IGNORECASE)[-1]
    assert len(plan.split()) >= 30, f"the plan has {len(plan.split())} words: a few sentences on what you would do next"


@pytest.mark.task(4)
def test_note_numbers_follow_the_report(fairness, outdir):
    made_up = {"spd_before": -0.7321, "spd_after": 0.0417, "accuracy_before": 0.8123,
               "accuracy_after": 0.6687, "accuracy_cost": 0.1436}
    path = outdir / "other_note.md"
    fairness.write_note(made_up, path)
    numbers = _numbers(path.read_text(encoding="utf-8"))
    for key in ("spd_before", "spd_after", "accuracy_before", "accuracy_after"):
        assert any(abs(x - made_up[key]) <= 0.006 for x in numbers), (
            f"write_note(report) does not state report[{key!r}] = {made_up[key]}: write the report's numbers, not fixed ones")
    path.unlink()


# ---------------------------------------------------------------- Task 5 (stretch): equal opportunity

@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.parametrize("privileged", ["female", "male"])
def test_equal_opportunity_difference_equals_aif360_and_fairlearn(fairness, rng, privileged, by_hand):
    y_true, y_pred, sex = _groups(rng, n=150)
    with by_hand():
        got = fairness.equal_opportunity_difference(y_true, y_pred, sex, privileged)
    assert isinstance(got, float), f"equal_opportunity_difference returned {type(got).__name__}, expected float"
    expected = _library_values(y_true, y_pred, sex, privileged)
    assert got == pytest.approx(expected["aif360_eod"], abs=1e-12), (
        f"equal_opportunity_difference = {got:.4f}, AIF360 says {expected['aif360_eod']:.4f}: the difference of true "
        "positive rates, unprivileged minus privileged, among rows with y_true == 1")
    assert abs(got) == pytest.approx(expected["fairlearn_eod"], abs=1e-12), (
        f"|EOD| = {abs(got):.4f} should equal fairlearn's equal_opportunity_difference {expected['fairlearn_eod']:.4f}")
