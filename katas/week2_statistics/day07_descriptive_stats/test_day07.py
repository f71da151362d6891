"""Day 07 — Descriptive statistics and seaborn: the tidy stats table, the pair plot, the one-page
PDF report, the violin plot (stretch)."""
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from katalib import figures, kata

SPECIES = {"setosa", "versicolor", "virginica"}
FEATURES = {"sepal_length", "sepal_width", "petal_length", "petal_width"}
COLUMNS = ["species", "feature", "statistic", "value"]
# Two pair plots (one on its own, one inside the PDF) take ~10 s on a quiet machine; a busy one needs headroom.
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def eda():
    return kata.load("day07", "iris_eda")


def _lookup(table: pd.DataFrame) -> dict:
    return {(r.species, r.feature, r.statistic): r.value for r in table[COLUMNS].itertuples(index=False)}


# ---------------------------------------------------------------- Task 1: species_stats

@pytest.mark.task(1)
def test_species_stats_is_a_tidy_frame_with_four_columns(eda, iris):
    table = eda.species_stats(iris)
    assert isinstance(table, pd.DataFrame), f"species_stats(iris) returned {type(table).__name__}, expected a DataFrame"
    assert list(table.columns) == COLUMNS, (
        f"species_stats(iris) has columns {list(table.columns)}, expected exactly {COLUMNS} in that order (long "
        "format; reset_index() after a groupby turns species and feature back into columns)")
    assert pd.api.types.is_float_dtype(table["value"]), f"the value column has dtype {table['value'].dtype}, expected floats"


@pytest.mark.task(1)
def test_species_stats_has_one_row_per_species_feature_and_statistic(eda, iris):
    table = eda.species_stats(iris)
    assert set(table["species"]) == SPECIES, f"species found: {sorted(set(table['species']))}, expected {sorted(SPECIES)}"
    assert set(table["feature"]) == FEATURES, f"features found: {sorted(set(table['feature']))}, expected {sorted(FEATURES)}"
    assert set(table["statistic"]) == {"mean", "median", "var"}, (
        f"statistics found: {sorted(set(table['statistic']))}, expected exactly 'mean', 'median' and 'var'")
    dupes = table.duplicated(["species", "feature", "statistic"]).sum()
    assert len(table) == 36 and dupes == 0, (
        f"species_stats(iris) has {len(table)} rows ({dupes} repeated); expected 36 = 3 species x 4 features x 3 statistics")


# Reference values from pandas on the real data; "var" is the sample variance (ddof=1).
@pytest.mark.task(1)
@pytest.mark.parametrize("statistic", [pytest.param("mean", id="mean"), pytest.param("median", id="median"),
                                       pytest.param("var", id="sample-variance-ddof-1")])
def test_species_stats_values_match_pandas_per_species(eda, iris, statistic):
    got = _lookup(eda.species_stats(iris))
    grouped = iris.groupby("species")[sorted(FEATURES)]
    expected = getattr(grouped, statistic)()
    for species in sorted(SPECIES):
        for feature in sorted(FEATURES):
            value, want = got.get((species, feature, statistic)), expected.loc[species, feature]
            assert value is not None, f"no row for ({species}, {feature}, {statistic})"
            nudge = {"mean": "the arithmetic mean of that species' rows",
                     "median": "the middle value, not the mean",
                     "var": "the SAMPLE variance, ddof=1 (pandas' default; np.var defaults to ddof=0)"}[statistic]
            assert value == pytest.approx(want, rel=1e-9), (
                f"species_stats(iris): {statistic} of {feature} for {species} is {value!r}, expected {want:.6f}: {nudge}")


@pytest.mark.task(1)
def test_species_stats_works_on_any_species_frame(eda, iris):
    subset = iris.loc[iris["species"] != "setosa", ["petal_width", "species", "sepal_length"]].iloc[::-1]
    table = eda.species_stats(subset)
    assert len(table) == 2 * 2 * 3, (
        f"on a frame with 2 species and 2 numeric columns species_stats returned {len(table)} rows, expected 12: "
        "take the features from the frame's numeric columns, not from a fixed list")
    got = _lookup(table)
    want = subset[subset["species"] == "virginica"]["sepal_length"].median()
    assert got.get(("virginica", "sepal_length", "median")) == pytest.approx(want), "median sepal_length of virginica is wrong on the subset"


@pytest.mark.task(1)
def test_species_stats_leaves_the_frame_unchanged(eda, iris):
    before = iris.copy()
    eda.species_stats(iris)
    pd.testing.assert_frame_equal(iris, before, obj="the iris frame after species_stats (it must not be modified)")


# ---------------------------------------------------------------- Task 2: pairplot

@pytest.fixture(scope="module")
def pair(eda, tmp_path_factory):
    from katalib import datasets

    path = tmp_path_factory.mktemp("day07") / "iris_pairplot.png"
    return eda.pairplot(datasets.load_iris(), path), path


@pytest.mark.task(2)
def test_pairplot_is_saved_as_a_real_png(pair, outdir):
    _, path = pair
    figures.assert_png(path, min_width=400, min_height=400, what="pair plot")
    shutil.copy(path, outdir / path.name)  # keep a copy with the day's deliverables


@pytest.mark.task(2)
def test_pairplot_has_a_4x4_grid_of_the_features(pair):
    grid, _ = pair
    axes = np.asarray(getattr(grid, "axes", None))
    assert axes.shape == (4, 4), f"pairplot returned {type(grid).__name__} with axes of shape {axes.shape}, expected (4, 4): return sns.pairplot(...)"
    labels = {ax.get_xlabel() for ax in axes[-1]}
    assert labels == FEATURES, f"the bottom row is labelled {sorted(labels)}, expected the 4 iris features"


@pytest.mark.task(2)
def test_pairplot_is_coloured_by_species(pair):
    grid, _ = pair
    legend = getattr(grid, "legend", None) or getattr(grid, "_legend", None)
    assert legend is not None, "the pair plot has no legend: colour it by species with hue='species'"
    texts = {t.get_text() for t in legend.get_texts()}
    assert texts == SPECIES, f"the legend shows {sorted(texts)}, expected the 3 species"
    scatter = np.asarray(grid.axes)[0, 1]  # an off-diagonal panel: a scatter of two features
    colours = figures.collection_colours(scatter)
    assert len(colours) == 3, (
        f"the scatter panels of the pair plot have {len(colours)} point colour(s), expected 3 (one per species): "
        "colour the points by species (hue='species'), not just the legend")


# ---------------------------------------------------------------- Task 3: the one-page PDF

@pytest.fixture(scope="module")
def pdf(eda, tmp_path_factory):
    from katalib import datasets

    from pathlib import Path

    path = tmp_path_factory.mktemp("day07pdf") / "iris_eda.pdf"
    returned = eda.write_eda_pdf(datasets.load_iris(), path)
    assert isinstance(returned, Path) and returned == path, (
        f"write_eda_pdf(df, path) returned {returned!r}, expected the pathlib.Path it wrote")
    return path


@pytest.mark.task(3)
def test_eda_pdf_has_exactly_one_page(pdf, outdir):
    pages = figures.pdf_page_count(pdf)
    assert pages == 1, f"iris_eda.pdf has {pages} pages, expected exactly one: draw everything on one figure and save it once"
    shutil.copy(pdf, outdir / pdf.name)  # keep a copy with the day's deliverables


@pytest.mark.task(3)
def test_eda_pdf_embeds_the_pair_plot(pdf):
    images = len(figures.pdf_reader(pdf).pages[0].images)
    ops = figures.pdf_drawing_count(pdf)
    # a stats table alone draws about 150 operations and no image; a pair plot adds an image or thousands
    assert images >= 1 or ops >= 1000, (
        f"iris_eda.pdf holds {images} images and {ops} drawing operations: the pair plot is missing "
        "(imshow its PNG on the page, or draw it on the same figure)")


@pytest.mark.task(3)
def test_eda_pdf_shows_the_stats_table_as_text(pdf, iris):
    text = figures.pdf_reader(pdf).pages[0].extract_text() or ""
    for word in sorted(SPECIES) + ["mean", "median"]:
        assert word in text, f"the text of iris_eda.pdf does not contain {word!r}: put the species_stats table on the page (ax.table)"
    numbers = [float(x) for x in re.findall(r"\d+\.\d+", text)]
    for species, feature, statistic in (("versicolor", "petal_length", "mean"), ("virginica", "sepal_width", "mean"),
                                        ("setosa", "sepal_length", "var"), ("versicolor", "sepal_width", "var")):
        value = getattr(iris.loc[iris["species"] == species, feature], statistic)()
        assert any(abs(x - value) <= 0.0051 for x in numbers), (
            f"iris_eda.pdf should show the {statistic} of {feature} for {species} ({value:.3f}, at least 2 decimals; "
            f"var is the sample variance): a row per species and statistic; numbers found: {numbers[:40]}")


# ---------------------------------------------------------------- Task 4 (stretch): violin plot

@pytest.fixture(scope="module")
def violin(eda):
    import matplotlib.pyplot as plt

    from katalib import datasets

    fig, ax = plt.subplots()
    returned = eda.violin_petal_length(datasets.load_iris(), ax=ax)
    yield ax, returned
    plt.close(fig)


@pytest.mark.task(4)
@pytest.mark.stretch
def test_violin_draws_on_the_axes_it_is_given_and_returns_it(violin):
    ax, returned = violin
    assert returned is ax, f"violin_petal_length(df, ax=ax) returned {returned!r}; draw on ax and return it"


@pytest.mark.task(4)
@pytest.mark.stretch
def test_violin_plot_has_three_violins_labelled_by_species(violin):
    ax, _ = violin
    found = figures.axes_artists(ax)
    assert found["poly_collections"] == 3, (
        f"the Axes holds {found['poly_collections']} filled shapes (PolyCollection), expected 3 violins: sns.violinplot(x='species', y='petal_length')")
    ticks = {t.get_text() for t in ax.get_xticklabels()} | {t.get_text() for t in ax.get_yticklabels()}
    assert SPECIES <= ticks, f"the tick labels are {sorted(ticks)}; expected the 3 species on the category axis"


@pytest.mark.task(4)
@pytest.mark.stretch
def test_violins_cover_the_range_of_petal_length(violin, iris):
    from matplotlib.collections import PolyCollection

    ax, _ = violin
    vertical = SPECIES <= {t.get_text() for t in ax.get_xticklabels()}
    values = np.concatenate([p.vertices[:, 1 if vertical else 0] for c in ax.collections
                             if isinstance(c, PolyCollection) for p in c.get_paths()])
    low, high = iris["petal_length"].min(), iris["petal_length"].max()
    assert values.min() <= low + 0.05 and values.max() >= high - 0.05, (
        f"the violins span {values.min():.2f}..{values.max():.2f} cm, but petal_length runs from {low} to {high}: "
        "is the value axis petal_length?")
