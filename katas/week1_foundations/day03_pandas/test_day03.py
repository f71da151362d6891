"""Day 03 — Pandas essentials on the Titanic: median ages, FamilySize, a stacked histogram, a clean CSV."""
import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.figures import assert_png


@pytest.fixture(scope="module")
def cleaning():
    return kata.load("day03", "cleaning")


GROUPINGS = [
    pytest.param(None, id="overall-median"),
    pytest.param("Pclass", id="by-Pclass"),
    pytest.param("Sex", id="by-Sex"),
    pytest.param(["Sex", "Pclass"], id="by-Sex-and-Pclass"),
]


def _imputed(cleaning, titanic, by):
    """Call impute_age and check it hands back a DataFrame with the same rows (any order)."""
    result = cleaning.impute_age(titanic, by=by)
    assert isinstance(result, pd.DataFrame), (
        f"impute_age(titanic, by={by!r}) returned {type(result).__name__}, expected a new pandas DataFrame")
    assert result is not titanic, f"impute_age(titanic, by={by!r}) returned its input: build and return a copy"
    assert len(result) == len(titanic) and set(result.index) == set(titanic.index), (
        f"impute_age(titanic, by={by!r}) has {len(result)} rows, expected all {len(titanic)}: "
        "fill the missing ages, do not drop rows")
    return result.loc[titanic.index]


def _expected_fill(titanic, by):
    """The median of the known ages, overall or of each passenger's group, computed on the original."""
    if by is None:
        return pd.Series(titanic["Age"].median(), index=titanic.index)
    keys = [by] if isinstance(by, str) else list(by)
    medians = titanic.dropna(subset=["Age"]).groupby(keys)["Age"].median().rename("expected")
    return titanic[keys].join(medians, on=keys)["expected"]


# ---------------------------------------------------------------- Task 1: impute_age

@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_leaves_no_missing_age(cleaning, titanic, by):
    result = _imputed(cleaning, titanic, by)
    missing = int(result["Age"].isna().sum())
    assert missing == 0, f"impute_age(titanic, by={by!r}) still has {missing} missing ages, expected 0"


@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_keeps_the_rows_and_columns_in_their_order(cleaning, titanic, by):
    shuffled = titanic.sample(frac=1.0, random_state=7)  # an order that no sort or groupby would give back
    result = cleaning.impute_age(shuffled, by=by)
    assert isinstance(result, pd.DataFrame), f"impute_age(df, by={by!r}) returned {type(result).__name__}, expected a DataFrame"
    assert result.index.equals(shuffled.index), (
        f"impute_age(df, by={by!r}) changed the order of the rows (first PassengerIds "
        f"{result['PassengerId'].head(3).tolist()}, expected {shuffled['PassengerId'].head(3).tolist()}): the "
        "docstring promises the same rows in the same order; groupby(...).transform keeps it, sorting or "
        "groupby(...).apply do not")
    assert list(result.columns) == list(shuffled.columns), (
        f"impute_age(df, by={by!r}) has the columns {list(result.columns)}, expected {list(shuffled.columns)} in that order")


@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_does_not_modify_its_input(cleaning, titanic, by):
    before = titanic.copy(deep=True)
    cleaning.impute_age(titanic, by=by)
    assert titanic["Age"].isna().sum() == before["Age"].isna().sum(), (
        f"after impute_age(titanic, by={by!r}) the caller's frame has no more missing ages: "
        "work on df.copy() (or assign on a copy) instead of filling in place")
    pd.testing.assert_frame_equal(titanic, before, obj="the frame passed to impute_age")


@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_keeps_the_known_ages(cleaning, titanic, by):
    result = _imputed(cleaning, titanic, by)
    known = titanic["Age"].notna()
    changed = int((result.loc[known, "Age"] != titanic.loc[known, "Age"]).sum())
    assert changed == 0, (
        f"impute_age(titanic, by={by!r}) changed {changed} ages that were already known; only fill the missing ones")


@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_leaves_every_other_column_unchanged(cleaning, titanic, by):
    result = _imputed(cleaning, titanic, by)
    others = [c for c in titanic.columns if c != "Age"]
    lost = [c for c in others if c not in result.columns]
    assert not lost, f"impute_age(titanic, by={by!r}) dropped the columns {lost}; keep every column"
    pd.testing.assert_frame_equal(result[others], titanic[others],
                                  obj=f"the columns other than Age after impute_age(by={by!r})")


@pytest.mark.task(1)
@pytest.mark.parametrize("by", GROUPINGS)
def test_impute_age_fills_each_gap_with_the_median_of_its_group(cleaning, titanic, by):
    result = _imputed(cleaning, titanic, by)
    missing = titanic["Age"].isna()
    got = result.loc[missing, "Age"].astype(float)
    expected = _expected_fill(titanic, by)[missing]
    wrong = ~np.isclose(got.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    if wrong.any():
        i = np.flatnonzero(wrong)[0]
        row = titanic.loc[missing].iloc[i]
        keys = [] if by is None else [by] if isinstance(by, str) else list(by)
        group = ", ".join(f"{k}={row[k]}" for k in keys) or "all known ages"
        pytest.fail(
            f"impute_age(titanic, by={by!r}) filled {int(wrong.sum())} of {int(missing.sum())} missing ages "
            f"with the wrong value; e.g. PassengerId {row['PassengerId']} ({group}) got {got.iloc[i]:.4g}, expected "
            f"the median {expected.iloc[i]:.4g} of the known ages in its group (the mean would be a different number)",
            pytrace=False)


# ---------------------------------------------------------------- Task 2: add_family_size

def _with_family(cleaning, titanic):
    result = cleaning.add_family_size(titanic)
    assert isinstance(result, pd.DataFrame), (
        f"add_family_size(titanic) returned {type(result).__name__}, expected a DataFrame with a FamilySize column")
    assert "FamilySize" in result.columns, (
        f"add_family_size(titanic) has no FamilySize column; columns: {list(result.columns)}")
    assert len(result) == len(titanic), f"add_family_size(titanic) has {len(result)} rows, expected {len(titanic)}"
    return result.loc[titanic.index]


@pytest.mark.task(2)
def test_family_size_counts_siblings_spouses_parents_children_and_the_passenger(cleaning, titanic):
    result = _with_family(cleaning, titanic)
    expected = titanic["SibSp"] + titanic["Parch"] + 1
    wrong = result["FamilySize"].to_numpy() != expected.to_numpy()
    assert not wrong.any(), (
        f"add_family_size(titanic): {int(wrong.sum())} rows have the wrong FamilySize, e.g. SibSp="
        f"{titanic['SibSp'][wrong].iloc[0]}, Parch={titanic['Parch'][wrong].iloc[0]} gave "
        f"{result['FamilySize'][wrong].iloc[0]}, expected {expected[wrong].iloc[0]} (SibSp + Parch + 1)")


@pytest.mark.task(2)
def test_add_family_size_keeps_the_rows_and_columns_in_their_order(cleaning, titanic):
    shuffled = titanic.sample(frac=1.0, random_state=11)
    result = cleaning.add_family_size(shuffled)
    assert isinstance(result, pd.DataFrame), f"add_family_size returned {type(result).__name__}, expected a DataFrame"
    assert result.index.equals(shuffled.index), "add_family_size changed the order of the rows: return a copy of df as it is, plus one column"
    assert list(result.columns) == list(shuffled.columns) + ["FamilySize"], (
        f"add_family_size has the columns {list(result.columns)}, expected every column of df, then FamilySize")


@pytest.mark.task(2)
def test_family_size_of_a_passenger_travelling_alone_is_one(cleaning):
    alone = pd.DataFrame({"PassengerId": [1, 2], "SibSp": [0, 1], "Parch": [0, 2]})
    got = cleaning.add_family_size(alone)["FamilySize"].tolist()
    assert got == [1, 4], (
        f"add_family_size on (SibSp=0, Parch=0) and (SibSp=1, Parch=2) gave {got}, expected [1, 4]: "
        "count the passenger too (+1)")


@pytest.mark.task(2)
def test_family_size_is_an_integer_column(cleaning, titanic):
    result = _with_family(cleaning, titanic)
    dtype = result["FamilySize"].dtype
    assert pd.api.types.is_integer_dtype(dtype), f"FamilySize has dtype {dtype}, expected an integer dtype (a count)"


@pytest.mark.task(2)
def test_add_family_size_does_not_modify_its_input(cleaning, titanic):
    before = titanic.copy(deep=True)
    cleaning.add_family_size(titanic)
    assert "FamilySize" not in titanic.columns, (
        "add_family_size added FamilySize to the caller's frame: return df.assign(FamilySize=...) or work on a copy")
    pd.testing.assert_frame_equal(titanic, before, obj="the frame passed to add_family_size")


# ---------------------------------------------------------------- Task 3: stacked histogram

def _hist_axes(returned):
    """The Axes the learner returned (or, for a Figure, its axes that hold bars)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(returned, Axes):
        return returned
    assert isinstance(returned, Figure), (
        f"plot_age_survival returned {type(returned).__name__}, expected the matplotlib Axes of the histogram")
    with_bars = [ax for ax in returned.axes if ax.containers]
    assert with_bars, "the Figure returned by plot_age_survival has no Axes with bars"
    return with_bars[0]


def _bar_groups(ax):
    """Rectangles of each bar container as arrays (left, right, bottom, top), empty bars dropped."""
    from matplotlib.container import BarContainer

    groups = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        rows = [(p.get_x(), p.get_x() + p.get_width(), p.get_y(), p.get_y() + p.get_height())
                for p in container.patches]
        arr = np.array(rows, dtype=float).reshape(-1, 4)
        groups.append(arr[np.abs(arr[:, 3] - arr[:, 2]) > 0])
    return groups


@pytest.fixture
def age_plot(cleaning, titanic, outdir):
    import matplotlib.pyplot as plt

    path = outdir / "age_survival_hist.png"
    returned = cleaning.plot_age_survival(titanic, path)
    yield path, _hist_axes(returned)
    plt.close("all")


@pytest.mark.task(3)
def test_age_histogram_is_saved_as_a_png(age_plot):
    path, _ = age_plot
    assert_png(path, what="Age vs Survived histogram")


@pytest.mark.task(3)
def test_age_histogram_has_one_bar_group_per_survived_value_with_the_right_counts(age_plot, titanic):
    _, ax = age_plot
    groups = _bar_groups(ax)
    assert len(groups) == 2, (
        f"the Axes holds {len(groups)} groups of histogram bars, expected 2 (died, survived): "
        "ax.hist([ages_died, ages_survived], stacked=True) or seaborn histplot(hue='Survived', multiple='stack')")
    totals = sorted(round(float((g[:, 3] - g[:, 2]).sum())) for g in groups)
    expected = sorted(int(n) for n in titanic.dropna(subset=["Age"]).groupby("Survived").size())
    assert totals == expected, (
        f"the two bar groups hold {totals} passengers, expected {expected} (known ages of those who survived and "
        "died): plot counts of the raw ages, leave out missing ages, split by Survived")


@pytest.mark.task(3)
def test_age_histogram_bars_span_the_range_of_ages(age_plot, titanic):
    _, ax = age_plot
    groups = _bar_groups(ax)
    assert groups, "the Axes holds no histogram bars: ax.hist(..., stacked=True) draws them"
    left, right = min(g[:, 0].min() for g in groups), max(g[:, 1].max() for g in groups)
    width = float(np.median(np.concatenate([g[:, 1] - g[:, 0] for g in groups])))  # bars may be drawn inset in a bin
    youngest, oldest = titanic["Age"].min(), titanic["Age"].max()
    inside = youngest - width - 1e-6 <= left <= youngest + width and oldest - width <= right <= oldest + width + 1e-6
    assert inside, (
        f"the bars span x = {left:.3g}..{right:.3g}, but ages run {youngest}..{oldest}: is Age on the x axis?")


@pytest.mark.task(3)
def test_age_histogram_bars_are_stacked_not_overlaid(age_plot):
    _, ax = age_plot
    groups = _bar_groups(ax)
    assert len(groups) == 2, f"expected 2 groups of bars (died, survived), found {len(groups)}"

    def stacked_on(upper, lower):
        tops = {(round(l, 6), round(r, 6)): t for l, r, _, t in lower}
        sitting = [abs(b - tops[(round(l, 6), round(r, 6))]) < 1e-6 and b > 0
                   for l, r, b, _ in upper if (round(l, 6), round(r, 6)) in tops]
        return len(sitting) >= 3 and all(sitting)

    assert stacked_on(groups[1], groups[0]) or stacked_on(groups[0], groups[1]), (
        "the bars of one Survived group should sit on top of the other's (same bins, bottom = the other's top); "
        "they start at 0 or use different bins: pass stacked=True (or multiple='stack' in seaborn)")
    from matplotlib.colors import to_rgba

    colours = [{to_rgba(p.get_facecolor()) for p in c.patches if p.get_height() > 0}
               for c in ax.containers if hasattr(c, "patches")]
    colours = [c for c in colours if c]
    assert len(colours) == 2 and all(len(c) == 1 for c in colours) and colours[0] != colours[1], (
        f"each Survived group should have one colour of its own; the bar groups have the colours {colours}")


@pytest.mark.task(3)
def test_age_histogram_has_axis_labels_and_a_legend_for_both_groups(age_plot):
    _, ax = age_plot
    assert ax.get_xlabel().strip(), "the histogram has no x label: ax.set_xlabel('Age (years)')"
    assert "age" in ax.get_xlabel().lower(), f"the x label is {ax.get_xlabel()!r}; it should name Age"
    assert ax.get_ylabel().strip(), "the histogram has no y label: ax.set_ylabel('Number of passengers')"
    legend = ax.get_legend()
    assert legend is not None, "the histogram has no legend: pass label=[...] to ax.hist and call ax.legend()"
    labels = [t.get_text() for t in legend.get_texts() if t.get_text().strip()]
    assert len(labels) >= 2, f"the legend shows {labels}; it should name both groups (died and survived)"


# ---------------------------------------------------------------- Task 4: clean and the CSV

@pytest.mark.task(4)
def test_clean_returns_all_rows_with_ages_filled_and_family_size(cleaning, titanic):
    before = titanic.copy(deep=True)
    result = cleaning.clean(titanic)
    assert isinstance(result, pd.DataFrame), f"clean(titanic) returned {type(result).__name__}, expected a DataFrame"
    assert len(result) == 891, f"clean(titanic) has {len(result)} rows, expected 891: fill ages, do not drop rows"
    assert result["Age"].isna().sum() == 0, f"clean(titanic) still has {result['Age'].isna().sum()} missing ages"
    assert "FamilySize" in result.columns, "clean(titanic) has no FamilySize column: call add_family_size too"
    pd.testing.assert_frame_equal(titanic, before, obj="the frame passed to clean")


@pytest.fixture
def clean_csv(cleaning, titanic, outdir):
    from pathlib import Path

    path = outdir / "titanic_clean.csv"
    returned = cleaning.write_clean_csv(titanic, path)
    assert path.exists(), f"write_clean_csv(titanic, path) did not create {path.name}"
    assert isinstance(returned, Path) and returned == path, (
        f"write_clean_csv(titanic, path) returned {returned!r}, expected the pathlib.Path it wrote")
    return pd.read_csv(path)


@pytest.mark.task(4)
def test_clean_csv_has_every_original_column_plus_family_size(clean_csv, titanic):
    assert list(clean_csv.columns) == list(titanic.columns) + ["FamilySize"], (
        f"the CSV has the columns {list(clean_csv.columns)}, expected every original column in order, then FamilySize")


@pytest.mark.task(4)
def test_clean_csv_has_no_index_column(clean_csv):
    extra = [c for c in clean_csv.columns if str(c).startswith("Unnamed") or str(c) == "index"]
    assert not extra, f"the CSV has the extra column(s) {extra}: the index was written; use to_csv(path, index=False)"
    assert clean_csv.columns[0] == "PassengerId", (
        f"the CSV's first column is {clean_csv.columns[0]!r}, expected 'PassengerId' (written without the index)")


@pytest.mark.task(4)
def test_clean_csv_keeps_every_passenger_in_order(clean_csv, titanic):
    assert len(clean_csv) == 891, f"the CSV has {len(clean_csv)} rows, expected 891 (one per passenger)"
    assert clean_csv["PassengerId"].tolist() == titanic["PassengerId"].tolist(), (
        "the CSV's PassengerId column is not 1..891 in the original order: keep the rows as they are")


@pytest.mark.task(4)
def test_clean_csv_has_ages_filled_and_known_ages_kept(clean_csv, titanic):
    assert "Age" in clean_csv.columns, "the CSV has no Age column"
    assert clean_csv["Age"].isna().sum() == 0, f"the CSV has {clean_csv['Age'].isna().sum()} missing ages, expected 0"
    known = titanic["Age"].notna().to_numpy()
    np.testing.assert_allclose(clean_csv["Age"].to_numpy()[known], titanic["Age"].to_numpy()[known], atol=1e-9,
                               err_msg="the CSV changed ages that were known; only the missing ones should be filled")


@pytest.mark.task(4)
def test_clean_csv_has_the_family_size_column(clean_csv, titanic):
    assert "FamilySize" in clean_csv.columns, f"the CSV has no FamilySize column; columns: {list(clean_csv.columns)}"
    expected = (titanic["SibSp"] + titanic["Parch"] + 1).tolist()
    assert clean_csv["FamilySize"].tolist() == expected, "the CSV's FamilySize is not SibSp + Parch + 1 on every row"


# ---------------------------------------------------------------- Task 5 (stretch): DataFrame.pipe

@pytest.mark.task(5)
@pytest.mark.stretch
def test_clean_with_pipe_gives_the_same_frame_as_clean(cleaning, titanic):
    piped = cleaning.clean_with_pipe(titanic.copy())
    stepwise = cleaning.clean(titanic.copy())
    assert isinstance(piped, pd.DataFrame), f"clean_with_pipe returned {type(piped).__name__}, expected a DataFrame"
    pd.testing.assert_frame_equal(piped, stepwise, obj="clean_with_pipe(titanic) vs clean(titanic)")


@pytest.mark.task(5)
@pytest.mark.stretch
def test_clean_with_pipe_chains_the_steps_with_dataframe_pipe(cleaning, titanic, monkeypatch):
    calls = []
    original_pipe = pd.DataFrame.pipe

    def spying_pipe(self, func, *args, **kwargs):
        calls.append(getattr(func, "__name__", repr(func)))
        return original_pipe(self, func, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "pipe", spying_pipe)
    cleaning.clean_with_pipe(titanic)
    assert len(calls) >= 2, (
        f"clean_with_pipe called DataFrame.pipe {len(calls)} time(s) ({calls}); chain both steps: "
        "df.pipe(impute_age, by=...).pipe(add_family_size)")
