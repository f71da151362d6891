"""Day 38 — Monitoring and drift: a known shift, PSI and KS by hand, checked against Evidently.

The data are the real California housing districts: a reference sample and a current sample
drawn at random from the same rows, then a known shift injected into some columns of the current
one. Evidently 0.7 runs for real (its import takes a few seconds; it is paid once per module).
"""
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
    pytest.mark.timeout(180),
]

N = 3000
SHIFTS = {"median_income": 1.25, "housing_median_age": 0.8}  # the known shift: +25 % income, ages x 0.8
NUMERIC = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
           "population", "households", "median_income", "median_house_value"]


@pytest.fixture(scope="module")
def drift():
    return kata.load("day38", "drift")


@pytest.fixture(scope="module")
def samples(_california_housing_original):
    """The test's own reference/current split (seed fixed here), the shift injected by the test."""
    df = _california_housing_original.dropna().reset_index(drop=True)
    order = np.random.default_rng(38).permutation(len(df))
    reference = df.iloc[order[:N]].reset_index(drop=True)
    current = df.iloc[order[N:2 * N]].reset_index(drop=True)
    for column, factor in SHIFTS.items():
        current[column] = current[column] * factor
    ocean = current["ocean_proximity"].to_numpy(copy=True)
    ocean[np.random.default_rng(7).random(N) < 0.25] = "INLAND"  # a categorical shift for the stretch task
    current["ocean_proximity"] = ocean
    return reference, current


def _evidently(reference, current, method):
    from evidently import Report
    from evidently.presets import DataDriftPreset

    snapshot = Report([DataDriftPreset(method=method)]).run(current, reference)
    out = {}
    for metric in snapshot.dict()["metrics"]:
        config = metric.get("config", {})
        if config.get("type", "").endswith("ValueDrift"):
            out[config["column"]] = float(metric["value"])
    return out


@pytest.fixture(scope="module")
def evidently_psi(samples):
    """Evidently's PSI per column (numeric and ocean_proximity), run by the test."""
    return _evidently(*samples, "psi")


@pytest.fixture(scope="module")
def evidently_ks(samples):
    """Evidently's KS p-value per numeric column, run by the test."""
    reference, current = samples
    return _evidently(reference[NUMERIC], current[NUMERIC], "ks")


# ---------------------------------------------------------------- Task 1: split and shift

@pytest.fixture
def numbered():
    return pd.DataFrame({"id": np.arange(100), "x": np.linspace(0.0, 1.0, 100)})


@pytest.mark.task(1)
def test_split_reference_current_draws_two_disjoint_seeded_samples(drift, numbered):
    out = call_keeps_global_state(lambda: drift.split_reference_current(numbered, 30, seed=5),
                                  "split_reference_current(df, 30, seed=5)")
    assert isinstance(out, tuple) and len(out) == 2 and all(isinstance(f, pd.DataFrame) for f in out), (
        f"split_reference_current returned {type(out).__name__}, expected (reference, current) DataFrames")
    ref, cur = out
    assert len(ref) == len(cur) == 30, f"got {len(ref)} and {len(cur)} rows, expected 30 each"
    assert list(ref.index) == list(range(30)) and list(cur.index) == list(range(30)), "reset both indexes to 0..n-1"
    assert not set(ref["id"]) & set(cur["id"]), "the reference and current samples share rows: draw them disjoint"
    assert sorted(ref["id"]) != list(range(30)), "the reference is the first 30 rows: draw at random"
    again = drift.split_reference_current(numbered, 30, seed=5)
    other = drift.split_reference_current(numbered, 30, seed=6)
    assert again[0]["id"].tolist() == ref["id"].tolist(), "the same seed gave another reference sample"
    assert other[0]["id"].tolist() != ref["id"].tolist(), "another seed gave the same reference sample"


@pytest.mark.task(1)
def test_split_reference_current_needs_enough_rows(drift, numbered):
    with pytest.raises(ValueError):
        drift.split_reference_current(numbered, 51, seed=0)


@pytest.mark.task(1)
def test_inject_shift_multiplies_only_the_named_columns(drift, samples):
    reference, _ = samples
    before = reference.copy()
    out = drift.inject_shift(reference, {"median_income": 1.5, "population": 0.5})
    assert isinstance(out, pd.DataFrame), f"inject_shift returned {type(out).__name__}, expected a DataFrame"
    pd.testing.assert_frame_equal(reference, before, obj="inject_shift's input (it must not change)")
    np.testing.assert_allclose(out["median_income"], before["median_income"] * 1.5, err_msg="median_income x 1.5")
    np.testing.assert_allclose(out["population"], before["population"] * 0.5, err_msg="population x 0.5")
    rest = [c for c in before.columns if c not in ("median_income", "population")]
    pd.testing.assert_frame_equal(out[rest], before[rest], obj="the columns that were not named")
    with pytest.raises(KeyError):
        drift.inject_shift(reference, {"no_such_column": 2.0})


# ---------------------------------------------------------------- Task 2: PSI

@pytest.mark.task(2)
def test_psi_returns_a_float_and_zero_for_identical_samples(drift, samples):
    reference, _ = samples
    value = drift.psi(reference["median_income"], reference["median_income"])
    assert isinstance(value, float), f"psi() returned {type(value).__name__}, expected float"
    assert value == pytest.approx(0.0, abs=1e-12), f"psi(x, x) = {value}, expected 0"


@pytest.mark.task(2)
@pytest.mark.parametrize("column", NUMERIC)
def test_psi_equals_evidentlys_psi(drift, samples, evidently_psi, column):
    reference, current = samples
    got = drift.psi(reference[column], current[column])
    expected = evidently_psi[column]
    assert got == pytest.approx(expected, rel=1e-9, abs=1e-12), (
        f"psi(reference[{column!r}], current[{column!r}]) = {got:.6f}, Evidently's PSI is {expected:.6f}: pooled "
        "sturges bin edges, shares per sample, empty bins through _fill_empty, natural log")


@pytest.mark.task(2)
def test_psi_flags_the_shift_and_not_an_untouched_column(drift, samples):
    reference, current = samples
    forward = drift.psi(reference["median_income"], current["median_income"])
    assert forward >= 0.1, f"PSI of the 25 % income shift is {forward:.3f}; it should flag drift (>= 0.1)"
    assert drift.psi(reference["latitude"], current["latitude"]) < 0.1, "latitude was not shifted; its PSI should stay < 0.1"


# ---------------------------------------------------------------- Task 3: Kolmogorov–Smirnov by hand

@pytest.mark.task(3)
@pytest.mark.parametrize("column", ["median_income", "housing_median_age", "latitude", "population"])
def test_ks_test_matches_scipy(drift, samples, column, monkeypatch):
    from scipy.stats import ks_2samp

    reference, current = samples
    expected = ks_2samp(reference[column], current[column], method="asymp")
    import scipy.stats

    monkeypatch.setattr(scipy.stats, "ks_2samp", lambda *a, **k: pytest.fail("ks_test called scipy.stats.ks_2samp: compute D by hand", pytrace=False))
    monkeypatch.setattr(scipy.stats, "kstest", lambda *a, **k: pytest.fail("ks_test called scipy.stats.kstest: compute D by hand", pytrace=False))
    out = drift.ks_test(reference[column], current[column])
    assert isinstance(out, tuple) and len(out) == 2, f"ks_test returned {out!r}, expected (D, p)"
    d, p = out
    assert isinstance(d, float) and isinstance(p, float), f"ks_test returned ({type(d).__name__}, {type(p).__name__}), expected two floats"
    assert d == pytest.approx(expected.statistic, abs=1e-12), (
        f"ks_test D for {column} = {d:.6f}, expected {expected.statistic:.6f}: the largest |F_ref - F_cur| over all "
        "pooled values (both directions)")
    assert abs(p - expected.pvalue) <= 0.01 + 0.1 * expected.pvalue, (
        f"ks_test p for {column} = {p:.4g}, expected about {expected.pvalue:.4g} (Kolmogorov's asymptotic distribution, "
        "scipy.stats.kstwobign, at sqrt(n m / (n + m)) * D)")


# ---------------------------------------------------------------- Task 4: the drift table

@pytest.fixture(scope="module")
def table(drift, samples):
    return drift.drift_table(*samples)


@pytest.mark.task(4)
def test_drift_table_has_one_row_per_numeric_column(table):
    assert isinstance(table, pd.DataFrame), f"drift_table returned {type(table).__name__}, expected a DataFrame"
    assert list(table.index) == NUMERIC, f"rows {list(table.index)}, expected the numeric columns {NUMERIC} in order"
    assert {"psi", "psi_drift", "ks_statistic", "ks_pvalue", "ks_drift"} <= set(table.columns), f"columns {list(table.columns)}"
    for column in ("psi_drift", "ks_drift"):
        assert table[column].dtype == bool, f"{column} is {table[column].dtype}, expected bool"


@pytest.mark.task(4)
def test_drift_table_flags_exactly_the_shifted_columns(table):
    for method in ("psi_drift", "ks_drift"):
        flagged = sorted(table.index[table[method]])
        assert flagged == sorted(SHIFTS), f"{method} flags {flagged}; the shift was injected into {sorted(SHIFTS)} only"


@pytest.mark.task(4)
def test_drift_table_uses_the_thresholds_it_is_given(drift, samples, table):
    strict = drift.drift_table(*samples, psi_threshold=0.002, ks_alpha=0.2)
    assert (strict["psi_drift"] == (strict["psi"] >= 0.002)).all(), "psi_drift should be psi >= psi_threshold"
    assert (strict["ks_drift"] == (strict["ks_pvalue"] <= 0.2)).all(), "ks_drift should be ks_pvalue <= ks_alpha"
    assert strict["psi_drift"].sum() > table["psi_drift"].sum(), "a lower psi_threshold should flag more columns"


@pytest.mark.task(4)
def test_drift_table_verdicts_agree_with_evidently(table, evidently_psi, evidently_ks):
    for column in NUMERIC:
        assert bool(table.loc[column, "psi_drift"]) == (evidently_psi[column] >= 0.1), (
            f"{column}: your PSI verdict is {table.loc[column, 'psi_drift']}, Evidently's PSI is {evidently_psi[column]:.4f} (threshold 0.1)")
        assert bool(table.loc[column, "ks_drift"]) == (evidently_ks[column] <= 0.05), (
            f"{column}: your KS verdict is {table.loc[column, 'ks_drift']}, Evidently's KS p-value is {evidently_ks[column]:.4g} (alpha 0.05)")


# ---------------------------------------------------------------- Task 5: Evidently's report

@pytest.fixture(scope="module")
def report(drift, samples, tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "drift_report.html"
    reference, current = samples
    return drift.evidently_report(reference[NUMERIC], current[NUMERIC], path), path


@pytest.mark.task(5)
def test_evidently_report_returns_evidentlys_scores_and_verdicts(report, evidently_psi):
    result, _ = report
    assert isinstance(result, dict), f"evidently_report returned {type(result).__name__}, expected a dict"
    assert sorted(result) == sorted(NUMERIC), f"columns {sorted(result)}, expected {sorted(NUMERIC)}"
    for column in NUMERIC:
        entry = result[column]
        assert isinstance(entry.get("drift"), bool), f"result[{column!r}]['drift'] should be a bool, got {entry.get('drift')!r}"
        assert entry["score"] == pytest.approx(evidently_psi[column], rel=1e-9), f"{column}: score {entry['score']} vs Evidently's {evidently_psi[column]}"
        assert entry["drift"] == (column in SHIFTS), f"{column}: Evidently's verdict read as {entry['drift']}"


@pytest.mark.task(5)
def test_evidently_report_reads_ks_verdicts_from_p_values(drift, samples, evidently_ks, tmp_path):
    reference, current = samples
    result = drift.evidently_report(reference[NUMERIC], current[NUMERIC], tmp_path / "ks.html", method="ks")
    for column in NUMERIC:
        assert result[column]["score"] == pytest.approx(evidently_ks[column], rel=1e-9, abs=1e-300)
        assert result[column]["drift"] == (evidently_ks[column] <= 0.05), (
            f"{column}: with method='ks' the score is a p-value ({evidently_ks[column]:.3g}); drift means p <= 0.05")


@pytest.mark.task(5)
def test_the_html_deliverable_is_a_real_evidently_report(report, outdir):
    import shutil

    _, path = report
    assert path.exists(), f"evidently_report did not write {path}"
    text = path.read_text(encoding="utf-8", errors="replace")
    assert len(text) > 100_000 and "<html" in text.lower(), f"{path.name} is {len(text):,} characters; an Evidently report is a full HTML page"
    assert "Data Drift Summary" in text, "the HTML does not look like Evidently's data-drift report (no 'Data Drift Summary')"
    m = re.search(r"Drift is detected for [\d.]+% of columns \((\d+) out of (\d+)\)", text)
    assert m, "the report has no 'Drift is detected for ... of columns' summary: run DataDriftPreset"
    assert (int(m[1]), int(m[2])) == (len(SHIFTS), len(NUMERIC)), (
        f"the report says drift in {m[1]} of {m[2]} columns, expected {len(SHIFTS)} of {len(NUMERIC)}")
    for column in NUMERIC:
        assert column in text, f"the report does not name the column {column!r}"
    shutil.copyfile(path, outdir / "drift_report.html")  # the day's deliverable (copied to out/day38/)


# ---------------------------------------------------------------- Task 6 (stretch): a categorical column

@pytest.mark.task(6)
@pytest.mark.stretch
def test_psi_of_a_categorical_column_equals_evidentlys(drift, samples, evidently_psi):
    reference, current = samples
    got = drift.psi(reference["ocean_proximity"], current["ocean_proximity"])
    assert isinstance(got, float), f"psi() on a text column returned {type(got).__name__}"
    assert got == pytest.approx(evidently_psi["ocean_proximity"], rel=1e-9), (
        f"psi on ocean_proximity = {got:.6f}, Evidently's is {evidently_psi['ocean_proximity']:.6f}: one bin per category")
    assert got >= 0.1, "a quarter of the districts moved to INLAND: that is drift"
