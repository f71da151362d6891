"""Day 23 — Anomaly detection on KDD Cup 99: the anomaly set, IsolationForest and LOF scores
(higher = more anomalous), their ROC-AUCs on the same rows, both ROC curves in one figure, the note."""
import re

import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.figures import assert_png, legend_texts, read_saved_text
from katalib.randomstate import call_keeps_global_state

TEXT = ("protocol_type", "service", "flag", "label")
FLOODS = ("smurf.", "neptune.")
N_NORMAL, N_ANOMALIES = 5000, 100
# Reading the 494,021-row file and fitting both detectors happen in the first tests' fixtures (~10 s on an
# idle 2-core machine): give those tests room on a busy one.
pytestmark = pytest.mark.timeout(120)

AUC_BOUND = 0.85  # both detectors reach 0.90-0.95 here; the AUC's standard error with 100 anomalies is ~0.015


@pytest.fixture(scope="module")
def an():
    return kata.load("day23", "anomaly")


@pytest.fixture(scope="module")
def kdd(_kddcup99_original):
    """The session's KDD Cup 99 frame (494,021 rows), read once; tests that need to mutate get copies."""
    return _kddcup99_original


@pytest.fixture(scope="module")
def kdd_part(kdd):
    """A fixed random 60,000-row part of the frame, for the quick calls (reproducibility, side effects)."""
    idx = np.random.default_rng(7).choice(len(kdd), 60_000, replace=False)
    return kdd.iloc[np.sort(idx)].copy()


@pytest.fixture(scope="module")
def anomaly_set(an, kdd):
    return an.make_anomaly_set(kdd.copy(), N_NORMAL, N_ANOMALIES, seed=20241124)


@pytest.fixture(scope="module")
def scores(an, anomaly_set):
    X, _ = anomaly_set
    return {"IsolationForest": an.isolation_forest_scores(X, seed=20241124), "LocalOutlierFactor": an.lof_scores(X)}


@pytest.fixture
def toy(rng):
    """200 points in 3-D (columns on very different scales) with one planted outlier at row 57."""
    X = rng.standard_normal((200, 3)) * np.array([1.0, 100.0, 0.01])
    X[57] = [6.0, 0.0, 0.0]
    return X


# ---------------------------------------------------------------- Task 1: the anomaly set

@pytest.mark.task(1)
def test_make_anomaly_set_returns_numeric_features_and_int_labels(anomaly_set, kdd):
    X, y = anomaly_set
    assert isinstance(X, pd.DataFrame), f"X should be a DataFrame, got {type(X).__name__}"
    numeric = [c for c in kdd.columns if c not in TEXT]
    assert list(X.columns) == numeric, (
        f"X has columns {list(X.columns)[:5]}... ({X.shape[1]}); expected the {len(numeric)} numeric ones in the frame's order")
    assert all(np.issubdtype(t, np.floating) for t in X.dtypes), "X's columns should be float (astype(float))"
    assert isinstance(y, np.ndarray) and np.issubdtype(y.dtype, np.integer), (
        f"y should be an int ndarray, got {type(y).__name__} {getattr(y, 'dtype', '')}")
    assert X.shape == (N_NORMAL + N_ANOMALIES, len(numeric)) and y.shape == (N_NORMAL + N_ANOMALIES,), (
        f"shapes X {X.shape}, y {y.shape}; expected {N_NORMAL + N_ANOMALIES} rows")
    assert int(y.sum()) == N_ANOMALIES and set(np.unique(y).tolist()) == {0, 1}, (
        f"y should hold {N_ANOMALIES} ones (attacks) and {N_NORMAL} zeros, got {int(y.sum())} ones")


@pytest.mark.task(1)
def test_make_anomaly_set_labels_normal_traffic_0_and_rare_attacks_1(anomaly_set, kdd):
    X, y = anomaly_set
    assert X.index.is_unique and X.index.isin(kdd.index).all(), "X should keep the rows' original index labels"
    labels = kdd.loc[X.index, "label"].to_numpy()
    assert np.all(labels[y == 0] == "normal."), "a row with y = 0 is not 'normal.' traffic"
    assert np.all(labels[y == 1] != "normal."), "a row with y = 1 is normal traffic"
    floods = sorted(set(labels[y == 1]) & set(FLOODS))
    assert not floods, f"the anomalies include {floods}: leave the smurf/neptune floods out (see README)"
    assert len(set(labels[y == 1])) >= 5, f"the anomalies are only of types {sorted(set(labels[y == 1]))}: draw from all rare attacks"
    np.testing.assert_allclose(X.to_numpy(), kdd.loc[X.index, list(X.columns)].to_numpy(dtype=float),
                               err_msg="the features of a row are not that row's values")


@pytest.mark.task(1)
def test_make_anomaly_set_draws_no_duplicate_connections(anomaly_set, kdd):
    X, _ = anomaly_set
    dup = int(kdd.loc[X.index].duplicated().sum())
    assert dup == 0, f"{dup} drawn rows repeat another drawn row exactly: drop duplicate rows before sampling"


@pytest.mark.task(1)
def test_make_anomaly_set_is_seeded_and_leaves_the_frame_alone(an, kdd_part, seed):
    before = kdd_part.copy()
    X1, y1 = call_keeps_global_state(lambda: an.make_anomaly_set(kdd_part, 500, 20, seed=seed),
                                     "make_anomaly_set(df, 500, 20, seed)")
    assert kdd_part.equals(before), "make_anomaly_set modified the frame it was given"
    X2, y2 = an.make_anomaly_set(kdd_part, 500, 20, seed=seed)
    X3, _ = an.make_anomaly_set(kdd_part, 500, 20, seed=seed + 1)
    assert X1.equals(X2) and np.array_equal(y1, y2), "the same seed gave a different sample"
    assert not X1.index.equals(X3.index), "two seeds gave the same rows: draw with default_rng(seed)"
    assert int(np.sum(y1)) == 20 and len(y1) == 520, f"asked for 500 normal + 20 anomalies, got {len(y1)} rows, {int(np.sum(y1))} anomalies"


# ---------------------------------------------------------------- Task 2: the two detectors' scores

@pytest.mark.task(2)
@pytest.mark.parametrize("which", ["isolation_forest_scores", "lof_scores"])
def test_scores_are_higher_for_the_planted_outlier(an, toy, which):
    fn = getattr(an, which)
    s = fn(toy, seed=0) if which == "isolation_forest_scores" else fn(toy, n_neighbors=20)
    assert isinstance(s, np.ndarray) and s.shape == (200,), f"{which} returned {type(s).__name__} {np.shape(s)}, expected ndarray (200,)"
    assert np.issubdtype(s.dtype, np.floating), f"{which} should return float scores, got {s.dtype}"
    top = int(np.argmax(s))
    assert top == 57, (
        f"{which}: the planted outlier (row 57) should score highest, but row {top} does "
        f"(outlier {s[57]:.3f}, lowest {s.min():.3f}). Higher must mean MORE anomalous: "
        "sklearn's score_samples / negative_outlier_factor_ are high for normal points — negate them")


@pytest.mark.task(2)
def test_lof_scores_standardise_before_comparing_distances(an, toy):
    from sklearn.neighbors import LocalOutlierFactor

    z = (toy - toy.mean(0)) / toy.std(0)
    want = -LocalOutlierFactor(n_neighbors=7).fit(z).negative_outlier_factor_
    got = an.lof_scores(toy, n_neighbors=7)
    np.testing.assert_allclose(got, want, rtol=1e-6, err_msg=(
        "lof_scores(X, n_neighbors=7) should be the outlier factors of LocalOutlierFactor(7) on the z-scored columns: "
        "unscaled, the column in the hundreds decides every distance"))


@pytest.mark.task(2)
def test_isolation_forest_scores_are_the_seeded_forests_scores(an, toy, seed):
    from sklearn.ensemble import IsolationForest

    got = call_keeps_global_state(lambda: an.isolation_forest_scores(toy, seed=seed), "isolation_forest_scores(X, seed)")
    want = -IsolationForest(n_estimators=100, random_state=seed).fit(toy).score_samples(toy)
    shift = got - want
    assert np.ptp(shift) < 1e-9, (
        "isolation_forest_scores(X, seed) should be IsolationForest(random_state=seed)'s scores of X, negated "
        "(a constant offset, as decision_function has, is fine)")


@pytest.mark.task(2)
@pytest.mark.parametrize("name", ["IsolationForest", "LocalOutlierFactor"])
def test_both_detectors_rank_the_rare_attacks_well_on_kdd(anomaly_set, scores, name):
    from sklearn.metrics import roc_auc_score

    _, y = anomaly_set
    auc = roc_auc_score(y, scores[name])
    assert auc >= AUC_BOUND, (
        f"{name}'s scores reach ROC-AUC {auc:.3f} on the 5,100 rows, expected >= {AUC_BOUND}. "
        f"{'Below 0.5 means the sign is flipped: higher must mean more anomalous. ' if auc < 0.5 else ''}"
        "LOF also needs standardised features")


# ---------------------------------------------------------------- Task 3: the AUCs

@pytest.mark.task(3)
def test_roc_aucs_scores_every_detector_on_the_same_labels(an, rng):
    from sklearn.metrics import roc_auc_score

    y = rng.permutation(np.r_[np.zeros(80, dtype=int), np.ones(20, dtype=int)])
    by_name = {"b-ties": np.round(y + rng.normal(0, 1.0, 100)), "a-flipped": -y + rng.normal(0, 0.5, 100)}
    got = an.roc_aucs(y, by_name)
    assert isinstance(got, dict) and list(got) == list(by_name), f"roc_aucs returned keys {list(got)}, expected {list(by_name)}"
    for name, s in by_name.items():
        assert isinstance(got[name], float), f"roc_aucs()[{name!r}] is {type(got[name]).__name__}, expected float"
        assert got[name] == pytest.approx(roc_auc_score(y, s), abs=1e-12), (
            f"AUC for {name!r} is {got[name]:.4f}, expected {roc_auc_score(y, s):.4f} (ties count one half)")


# ---------------------------------------------------------------- Task 4: the ROC figure

def _auc_of_line(line):
    x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
    if len(x) < 3 or np.any(np.diff(x) < 0) or np.any(np.diff(y) < 0):
        return None
    if not (x[0] == 0 and y[0] == 0 and x[-1] == 1 and y[-1] == 1):
        return None
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


@pytest.mark.task(4)
def test_plot_roc_draws_both_curves_in_one_axes(an, anomaly_set, scores, outdir):
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_auc_score

    _, y = anomaly_set
    path = outdir / "roc.png"
    fig = an.plot_roc(y, scores, path)
    assert isinstance(fig, plt.Figure), f"plot_roc() returned {type(fig).__name__}, expected the Figure"
    for ax in fig.axes:
        areas = [a for a in (_auc_of_line(l) for l in ax.lines) if a is not None]
        wanted = [roc_auc_score(y, s) for s in scores.values()]
        if all(any(abs(a - w) < 1e-3 for a in areas) for w in wanted):
            break
    else:
        pytest.fail("no Axes holds both ROC curves (lines from (0, 0) to (1, 1) whose areas are the two AUCs): "
                    "ax.plot(fpr, tpr) for each detector, with fpr, tpr from sklearn.metrics.roc_curve(y, scores)")
    assert "false" in ax.get_xlabel().lower() and "true" in ax.get_ylabel().lower(), (
        f"axis labels are {ax.get_xlabel()!r} / {ax.get_ylabel()!r}: false positive rate on x, true positive rate on y")
    assert_png(path, min_width=400, what="ROC figure")


@pytest.mark.task(4)
def test_plot_roc_legend_names_each_detector_with_its_auc(an, anomaly_set, scores, outdir):
    from sklearn.metrics import roc_auc_score

    _, y = anomaly_set
    fig = an.plot_roc(y, scores, outdir / "roc.png")
    entries = " | ".join(t for ax in fig.axes for t in legend_texts(ax))
    for name, s in scores.items():
        auc = roc_auc_score(y, s)
        assert name in entries and f"{auc:.3f}" in entries, (
            f"the legend ({entries!r}) should name {name} with its AUC {auc:.3f}")


# ---------------------------------------------------------------- Task 5: the note

@pytest.mark.task(5)
@pytest.mark.parametrize("aucs", [pytest.param({"IsolationForest": 0.9347, "LocalOutlierFactor": 0.9012}, id="forest-wins"),
                                  pytest.param({"IsolationForest": 0.8861, "LocalOutlierFactor": 0.9418}, id="lof-wins")])
def test_write_auc_note_states_the_data_both_aucs_and_the_winner(an, outdir, aucs):
    path = outdir / "auc_note.md"
    an.write_auc_note(path, aucs, 4321, 87)
    text = read_saved_text(path, "write_auc_note(path, aucs, 4321, 87)")
    flat = text.replace(",", "")
    assert "4321" in flat and "87" in flat, "the note should state how many normal rows (4321) and anomalies (87) it used"
    for name, auc in aucs.items():
        assert name in text and f"{auc:.3f}" in text, f"the note should give {name}'s AUC as {auc:.3f}"
    best = max(aucs, key=aucs.get)
    verdicts = []
    for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
        if any(w in sentence.lower() for w in ("better", "best", "higher", "outperform", "wins", "stronger")):
            named = sorted((sentence.find(n), n) for n in aucs if n in sentence)
            if named:
                verdicts.append(named[0][1])
    assert verdicts and verdicts[0] == best, (
        f"say which detector ranks the anomalies better, e.g. '{best} ranks the attacks better' "
        f"(the first comparing sentence names {verdicts[0] if verdicts else 'none'})")
    assert len(text.split()) >= 30, "a few sentences, please: the data, the numbers, the winner and why"


# ---------------------------------------------------------------- slow: all normal traffic

@pytest.mark.task(2)
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_detectors_on_all_distinct_normal_connections(an, kdd, seed):
    from sklearn.metrics import roc_auc_score

    n_normal = int((kdd.drop_duplicates()["label"] == "normal.").sum())  # 87,721 distinct normal connections
    X, y = an.make_anomaly_set(kdd.copy(), n_normal, n_normal // 99, seed=seed)  # attacks are 1 % of the rows
    aucs = {"IsolationForest": roc_auc_score(y, an.isolation_forest_scores(X, seed=seed)),
            "LocalOutlierFactor": roc_auc_score(y, an.lof_scores(X))}
    assert all(a >= 0.8 for a in aucs.values()), f"AUCs on all {n_normal} normal connections: {aucs}; expected >= 0.8 each"


# ---------------------------------------------------------------- Task 6 (stretch): AUC from ranks

@pytest.mark.task(6)
@pytest.mark.stretch
@pytest.mark.parametrize("rounding", [pytest.param(None, id="no-ties"), pytest.param(0, id="many-ties")])
def test_auc_by_ranks_equals_scikit_learn_without_using_it(an, rng, monkeypatch, rounding):
    from sklearn.metrics import roc_auc_score

    y = rng.permutation(np.r_[np.zeros(150, dtype=int), np.ones(30, dtype=int)])
    s = y * 0.8 + rng.normal(0, 1, 180)
    s = s if rounding is None else np.round(s, rounding)
    want = roc_auc_score(y, s)
    import sklearn.metrics

    for name in ("roc_auc_score", "roc_curve", "auc"):
        monkeypatch.setattr(sklearn.metrics, name, lambda *a, _n=name, **k: pytest.fail(f"auc_by_ranks called sklearn.metrics.{_n}"))
    got = an.auc_by_ranks(y, s)
    assert isinstance(got, float), f"auc_by_ranks returned {type(got).__name__}, expected float"
    assert got == pytest.approx(want, abs=1e-12), f"auc_by_ranks gave {got:.6f}, expected {want:.6f} (ties count one half)"
