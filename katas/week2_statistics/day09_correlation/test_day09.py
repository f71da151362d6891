"""Day 09 — Correlation vs causation: pearson_r, the regression plot, the note, partial correlation."""
import re
from pathlib import Path

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png, read_saved_text


@pytest.fixture(scope="module")
def corr():
    return kata.load("day09", "correlation")


# What README Task 1 forbids inside pearson_r: (module or class, attribute, how the message names it).
def _forbidden():
    import statistics

    import pandas as pd
    import scipy.stats

    return [(np, "corrcoef", "np.corrcoef"), (np.ma, "corrcoef", "np.ma.corrcoef"),
            (scipy.stats, "pearsonr", "scipy.stats.pearsonr"), (scipy.stats, "linregress", "scipy.stats.linregress"),
            (pd.Series, "corr", "pandas Series.corr"), (pd.DataFrame, "corr", "pandas DataFrame.corr"),
            (pd.DataFrame, "corrwith", "pandas DataFrame.corrwith"),
            (statistics, "correlation", "statistics.correlation")]


def _by_hand(corr, monkeypatch, x, y, call="pearson_r(x, y)"):
    """pearson_r(x, y) with every correlation shortcut replaced by a tripwire (also names the learner's module
    bound with `from numpy import corrcoef`); fails if one was used."""
    used = []
    learner = getattr(corr, "_module", None)
    with monkeypatch.context() as m:
        for owner, name, shown in _forbidden():
            original = getattr(owner, name)

            def tripwire(*args, _shown=shown, **kwargs):
                used.append(_shown)
                raise RuntimeError(f"{_shown} is not allowed in pearson_r (README Task 1): compute r from its definition")

            m.setattr(owner, name, tripwire)
            for attr, value in list(vars(learner).items()) if learner is not None else []:
                if value is original:
                    m.setattr(learner, attr, tripwire)
        try:
            result = corr.pearson_r(x, y)
        except RuntimeError:
            if not used:
                raise
            result = None
    assert not used, (f"{call} used {', '.join(sorted(set(used)))}; README Task 1 asks you to write r yourself: centre "
                      "both variables, then the sum of products over the root of the product of the sums of squares")
    return result


def _scipy_r(x, y) -> float:
    from scipy import stats

    return float(stats.pearsonr(x, y).statistic)


def _pair(rng, n, rho, x_scale=1.0, y_scale=1.0, x_shift=0.0, y_shift=0.0):
    """n draws of a bivariate normal with correlation rho, then scaled and shifted."""
    x = rng.standard_normal(n)
    y = rho * x + np.sqrt(1 - rho**2) * rng.standard_normal(n)
    return x * x_scale + x_shift, y * y_scale + y_shift


# ---------------------------------------------------------------- Task 1: pearson_r

CASES = [
    pytest.param(dict(n=50, rho=0.7), id="positive-n50"),
    pytest.param(dict(n=50, rho=-0.8), id="negative-n50"),
    pytest.param(dict(n=200, rho=0.0), id="uncorrelated-n200"),
    pytest.param(dict(n=5, rho=0.5), id="tiny-sample-n5"),
    pytest.param(dict(n=100, rho=0.3, x_scale=1e4, y_scale=1e-3), id="different-scales"),
    pytest.param(dict(n=100, rho=-0.4, x_shift=100.0, y_shift=-50.0), id="non-zero-means"),
]


@pytest.mark.task(1)
@pytest.mark.parametrize("case", CASES)
def test_pearson_r_matches_scipy(corr, rng, monkeypatch, case):
    x, y = _pair(rng, **case)
    got = _by_hand(corr, monkeypatch, x, y)
    assert isinstance(got, float), f"pearson_r(x, y) returned {type(got).__name__}, expected a Python float: float(r)"
    expected = _scipy_r(x, y)
    assert got == pytest.approx(expected, abs=1e-9), (
        f"pearson_r(x, y) on {case} returned {got!r}, expected {expected!r} (scipy.stats.pearsonr): "
        "centre both by their own mean, and use the same sums (or the same ddof) above and below the line")


@pytest.mark.task(1)
@pytest.mark.parametrize("a, b, sign", [
    pytest.param(3.0, 7.0, 1, id="scale-up-and-shift"),
    pytest.param(0.01, -1.0, 1, id="scale-down-and-shift"),
    pytest.param(-2.0, 1.0, -1, id="negative-scale-flips-the-sign"),
])
def test_pearson_r_is_unchanged_by_shifting_and_scaling(corr, rng, monkeypatch, a, b, sign):
    x, y = _pair(rng, n=80, rho=0.6)
    base = _by_hand(corr, monkeypatch, x, y)
    moved = _by_hand(corr, monkeypatch, a * x + b, y, f"pearson_r({a}*x + {b}, y)")
    assert moved == pytest.approx(sign * base, abs=1e-9), (
        f"pearson_r({a}*x + {b}, y) = {moved!r} but pearson_r(x, y) = {base!r}; r is invariant to shifting and "
        "positive scaling (a negative scale flips its sign)")


@pytest.mark.task(1)
@pytest.mark.parametrize("x, y, expected", [
    pytest.param([1, 2], [3, 5], 1.0, id="two-points-rising"),
    pytest.param([1, 2], [5, 3], -1.0, id="two-points-falling"),
    pytest.param([1, 2, 3, 4], [10, 20, 30, 40], 1.0, id="exact-line-of-ints"),
])
def test_pearson_r_is_plus_or_minus_one_on_a_straight_line(corr, monkeypatch, x, y, expected):
    got = _by_hand(corr, monkeypatch, x, y, f"pearson_r({x}, {y})")
    assert isinstance(got, float), f"pearson_r({x}, {y}) returned {type(got).__name__}, expected a Python float"
    assert got == pytest.approx(expected, abs=1e-12), f"pearson_r({x}, {y}) returned {got!r}, expected {expected}"


@pytest.mark.task(1)
@pytest.mark.parametrize("x, y", [
    pytest.param([1.0, 2.0, 3.0], [1.0, 2.0], id="length-mismatch"),
    pytest.param([1.0], [2.0], id="one-point"),
    pytest.param([], [], id="no-points"),
    pytest.param([3.0, 3.0, 3.0, 3.0], [1.0, 2.0, 3.0, 5.0], id="constant-x"),
    pytest.param([1.0, 2.0, 3.0, 5.0], [2.0, 2.0, 2.0, 2.0], id="constant-y"),
])
def test_pearson_r_rejects_inputs_where_r_is_undefined(corr, x, y):
    with pytest.raises(ValueError):
        corr.pearson_r(np.array(x), np.array(y))


@pytest.mark.task(1)
@pytest.mark.parametrize("kind", ["ndarray", "Series"])
def test_pearson_r_leaves_its_inputs_unchanged(corr, rng, kind):
    import pandas as pd

    x, y = _pair(rng, n=30, rho=0.5, x_shift=4.0, y_shift=2.0)
    if kind == "Series":  # np.asarray of a float Series is a view: in-place centring would change the caller's data
        x, y = pd.Series(x), pd.Series(y)
    x0, y0 = x.copy(), y.copy()
    corr.pearson_r(x, y)
    unchanged = np.array_equal(np.asarray(x), np.asarray(x0)) and np.array_equal(np.asarray(y), np.asarray(y0))
    assert unchanged, (
        f"pearson_r modified its {kind} inputs (x -= x.mean() in place?); centre into new arrays")


@pytest.mark.task(1)
def test_pearson_r_of_income_and_house_value_on_california_housing(corr, california_housing, monkeypatch):
    df = california_housing
    got = _by_hand(corr, monkeypatch, df["median_income"], df["median_house_value"],
                   "pearson_r(df.median_income, df.median_house_value)")
    expected = _scipy_r(df["median_income"], df["median_house_value"])  # about 0.688
    assert got == pytest.approx(expected, abs=1e-9), (
        f"pearson_r(median_income, median_house_value) on the 20,640 districts returned {got!r}, "
        f"expected {expected:.6f}; does your function accept pandas Series?")


# ---------------------------------------------------------------- Task 2: the regression plot

PAIRS = [
    pytest.param("median_income", "median_house_value", id="income-vs-house-value"),
    pytest.param("housing_median_age", "median_house_value", id="age-vs-house-value"),
]


def _points(ax) -> np.ndarray:
    from matplotlib.collections import PathCollection

    offsets = [np.asarray(c.get_offsets(), dtype=float) for c in ax.collections if isinstance(c, PathCollection)]
    return np.vstack(offsets) if offsets else np.empty((0, 2))


def _ols(df, x, y):
    slope, intercept = np.polyfit(df[x].to_numpy(float), df[y].to_numpy(float), 1)
    return slope, intercept


def _plot(corr, df, x, y, outdir):
    import matplotlib.pyplot as plt

    plt.close("all")
    path = outdir / f"{x}_vs_{y}.png"
    ax = corr.plot_regression(df, x, y, path)
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes), f"plot_regression(...) returned {type(ax).__name__}, expected the matplotlib Axes"
    return ax, path


@pytest.mark.task(2)
@pytest.mark.parametrize("x, y", PAIRS)
def test_plot_regression_saves_a_png(corr, california_housing, outdir, x, y):
    _, path = _plot(corr, california_housing, x, y, outdir)
    assert_png(path, what="regression plot")


@pytest.mark.task(2)
@pytest.mark.parametrize("x, y", PAIRS)
def test_plot_regression_scatters_every_district_with_x_on_the_horizontal_axis(corr, california_housing, outdir, x, y):
    df = california_housing
    ax, _ = _plot(corr, df, x, y, outdir)
    pts = _points(ax)
    assert len(pts) == len(df), (
        f"the Axes holds {len(pts)} scattered points, expected one per district ({len(df)}): use ax.scatter "
        "(or sns.regplot / sns.scatterplot) with the whole column")
    got = np.sort(pts[:, 0]), np.sort(pts[:, 1])
    want = np.sort(df[x].to_numpy(float)), np.sort(df[y].to_numpy(float))
    assert np.allclose(got[0], want[0]) and np.allclose(got[1], want[1]), (
        f"the scattered points are not ({x}, {y}) pairs: {x} goes on the x-axis, {y} on the y-axis")


def _fitted_lines(ax):
    lines = []
    for line in ax.lines:
        xd, yd = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        keep = np.isfinite(xd) & np.isfinite(yd)
        xd, yd = xd[keep], yd[keep]
        if len(xd) >= 2 and np.ptp(xd) > 0:
            slope, intercept = np.polyfit(xd, yd, 1)
            if np.allclose(yd, intercept + slope * xd, rtol=1e-6, atol=1e-6 * max(1.0, np.abs(yd).max())):
                lines.append((slope, intercept))
    return lines


@pytest.mark.task(2)
@pytest.mark.parametrize("x, y", PAIRS)
def test_plot_regression_draws_the_least_squares_line(corr, california_housing, outdir, x, y):
    df = california_housing
    ax, _ = _plot(corr, df, x, y, outdir)
    slope, intercept = _ols(df, x, y)
    lines = _fitted_lines(ax)
    assert lines, "the Axes holds no straight line: draw the fitted line with ax.plot (two points are enough)"
    ok = [(s, i) for s, i in lines if np.isclose(s, slope, rtol=1e-6) and np.isclose(i, intercept, rtol=1e-6, atol=1e-6 * abs(slope))]
    assert ok, (
        f"the straight line(s) on the Axes have (slope, intercept) {[(float(s), float(i)) for s, i in lines]}, "
        f"expected the least-squares fit of {y} on {x}: ({slope:.6g}, {intercept:.6g}). "
        "slope = cov(x, y) / var(x) (not r, and not the fit of x on y); the line passes through (mean x, mean y)")


@pytest.mark.task(2)
@pytest.mark.parametrize("x, y", PAIRS[:1])
def test_plot_regression_labels_both_axes_and_has_a_title(corr, california_housing, outdir, x, y):
    ax, _ = _plot(corr, california_housing, x, y, outdir)
    xlabel, ylabel = ax.get_xlabel().lower(), ax.get_ylabel().lower()
    assert "income" in xlabel, f"the x-axis label is {ax.get_xlabel()!r}; it should name {x} (e.g. 'median income')"
    assert "value" in ylabel or "price" in ylabel, (
        f"the y-axis label is {ax.get_ylabel()!r}; it should name {y} (e.g. 'median house value')")
    assert ax.get_title().strip(), "give the plot a title (ax.set_title)"


@pytest.mark.task(2)
def test_plot_regression_draws_on_the_axes_it_is_given(corr, california_housing, outdir):
    import matplotlib.pyplot as plt

    plt.close("all")
    _, given = plt.subplots()
    ax = corr.plot_regression(california_housing, "median_income", "median_house_value", outdir / "r.png", ax=given)
    assert ax is given, "plot_regression(..., ax=my_ax) should draw on my_ax and return it, not open a new figure"
    assert len(_points(given)) > 0, "nothing was scattered on the Axes passed in"


@pytest.mark.task(2)
def test_plot_regression_leaves_the_frame_unchanged(corr, california_housing, outdir):
    before = california_housing.copy()
    _plot(corr, california_housing, "median_income", "median_house_value", outdir)
    assert california_housing.equals(before), "plot_regression modified the DataFrame it was given; work on copies"


# ---------------------------------------------------------------- Task 3: the note

CONFOUNDERS = ("location", "latitude", "longitude", "ocean", "coast", "geograph", "region", "population",
               "density", "neighbo", "housing_median_age", "housing age", "age of the hous", "city", "cities")


def _note(corr, outdir, r, partial_r=None):
    path = outdir / "correlation_note.md"
    returned = corr.write_note(path, r, partial_r)
    return read_saved_text(path, "write_note(path, r)"), returned


@pytest.fixture
def real_r(california_housing):
    return _scipy_r(california_housing["median_income"], california_housing["median_house_value"])


@pytest.mark.task(3)
def test_note_is_markdown_of_at_least_150_words(corr, outdir, real_r):
    text, returned = _note(corr, outdir, real_r)
    assert text.lstrip().startswith("# "), "the note should start with a Markdown title line ('# Why correlation ≠ causation')"
    assert returned is not None and Path(returned) == outdir / "correlation_note.md", (
        f"write_note(path, r) returned {returned!r}; it should return the path it wrote")
    words = re.findall(r"\w+", text)
    assert len(words) >= 150, f"the note has {len(words)} words; write at least 150"


@pytest.mark.task(3)
def test_note_states_the_measured_r(corr, outdir, real_r):
    text, _ = _note(corr, outdir, real_r)
    numbers = [float(v) for v in re.findall(r"-?\d*\.\d+", text)]
    assert any(abs(v - real_r) <= 0.006 for v in numbers), (
        f"the note should state r for income vs house value ({real_r:.2f}) from the r passed in; "
        f"decimals found: {numbers[:10]}")


@pytest.mark.task(3)
def test_note_uses_the_r_it_is_given_not_a_typed_in_value(corr, outdir):
    text, _ = _note(corr, outdir, 0.4321)
    numbers = [float(v) for v in re.findall(r"-?\d*\.\d+", text)]
    assert any(abs(v - 0.4321) <= 0.006 for v in numbers), (
        "write_note(path, r=0.4321) should state r = 0.43: format the argument into the text (an f-string) "
        "instead of typing the number in")


@pytest.mark.task(3)
def test_note_names_a_confounder_from_the_dataset(corr, outdir, real_r):
    text, _ = _note(corr, outdir, real_r)
    lower = text.lower()
    assert "confound" in lower, "the note should explain confounding: use the word 'confounder' (or 'confounding')"
    assert "caus" in lower, "the note is about causation: say what a correlation cannot tell you about cause"
    named = [c for c in CONFOUNDERS if c in lower]
    assert named, ("name at least one plausible confounder from the dataset: location (latitude/longitude, "
                   "ocean_proximity), population, housing age, ...")


# ---------------------------------------------------------------- Task 4 (stretch): partial correlation

def _partial_by_precision(df, x, y, covar) -> float:
    """Independent check: partial correlation from the inverse of the correlation matrix."""
    cols = [x, y, *covar]
    P = np.linalg.inv(np.corrcoef(df[cols].to_numpy(float), rowvar=False))
    return float(-P[0, 1] / np.sqrt(P[0, 0] * P[1, 1]))


@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.parametrize("covar", [
    pytest.param(["latitude", "longitude"], id="latitude-and-longitude"),
    pytest.param(["latitude"], id="latitude-only"),
    pytest.param(["housing_median_age", "population", "latitude"], id="three-covariates"),
])
def test_partial_corr_matches_the_precision_matrix_formula(corr, california_housing, covar):
    df = california_housing
    got = corr.partial_corr(df, "median_income", "median_house_value", covar)
    assert isinstance(got, float), f"partial_corr(...) returned {type(got).__name__}, expected a float (pearson_r of the residuals)"
    expected = _partial_by_precision(df, "median_income", "median_house_value", covar)  # ~0.672 for lat+lon
    assert got == pytest.approx(expected, abs=1e-6), (
        f"partial_corr(df, 'median_income', 'median_house_value', {covar}) returned {got!r}, expected {expected:.6f}: "
        "regress BOTH x and y on the covariates WITH an intercept column, then correlate the two residual vectors")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_partial_corr_removes_a_pure_confounder(corr, rng):
    import pandas as pd

    n = 4000
    z = rng.standard_normal(n) * 2 + 10
    df = pd.DataFrame({"z": z, "x": z + rng.standard_normal(n), "y": 3 - z + rng.standard_normal(n)})
    got = corr.partial_corr(df, "x", "y", ["z"])
    # x and y share only z: the true partial correlation is 0, its standard error ~ 1/sqrt(n) = 0.016; 4 sigma
    assert abs(got) < 4 / np.sqrt(n), (
        f"x = z + noise and y = 3 - z + noise are linked only through z (raw r ~ -0.8); controlling for z, "
        f"partial_corr returned {got:.3f}, expected ~0")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_partial_corr_leaves_the_frame_unchanged(corr, california_housing):
    before = california_housing.copy()
    corr.partial_corr(california_housing, "median_income", "median_house_value", ["latitude", "longitude"])
    assert california_housing.equals(before), "partial_corr modified the DataFrame; compute residuals in new arrays"


@pytest.mark.task(4)
@pytest.mark.stretch
def test_note_states_the_partial_correlation_when_given(corr, outdir):
    text, _ = _note(corr, outdir, 0.688, partial_r=0.5566)
    numbers = [float(v) for v in re.findall(r"-?\d*\.\d+", text)]
    assert any(abs(v - 0.5566) <= 0.006 for v in numbers), (
        "write_note(path, r, partial_r=0.5566) should state the partial correlation (0.56) and what it shows")
