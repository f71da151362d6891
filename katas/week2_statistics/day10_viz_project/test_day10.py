"""Day 10 — Viz mini-project: five plot types on the Palmer penguins, the notebook exported to HTML,
and an interactive Plotly scatter."""
import base64
import json
import re
from pathlib import Path

import numpy as np
import pytest

from katalib import kata
from katalib.figures import axes_artists, html_image_count, legend_texts, point_colours

NOTEBOOK = Path(__file__).parent / "viz_day10.ipynb"
NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


@pytest.fixture(scope="module")
def viz():
    return kata.load("day10", "viz")


def _axes(result, call):
    from matplotlib.axes import Axes

    assert isinstance(result, Axes), f"{call} returned {type(result).__name__}, expected the matplotlib Axes it drew on"
    return result


def _tick_positions(ax) -> dict[str, float]:
    """Tick label text (lower case) -> x position, after a draw so categorical labels are filled in."""
    ax.figure.canvas.draw()
    return {t.get_text().strip().lower(): float(x) for x, t in zip(ax.get_xticks(), ax.get_xticklabels()) if t.get_text().strip()}


def _rectangles(ax):
    from matplotlib.patches import Rectangle

    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() != 0]


def _points(ax) -> np.ndarray:
    from matplotlib.collections import PathCollection

    parts = [np.asarray(c.get_offsets(), dtype=float).reshape(-1, 2) for c in ax.collections if isinstance(c, PathCollection)]
    pts = np.vstack(parts) if parts else np.empty((0, 2))
    return pts[np.isfinite(pts).all(axis=1)]


def _sorted_pairs(a: np.ndarray) -> np.ndarray:
    return a[np.lexsort((a[:, 1], a[:, 0]))]


# ---------------------------------------------------------------- Task 1: histogram

@pytest.mark.task(1)
@pytest.mark.parametrize("column, bins", [
    pytest.param("flipper_length_mm", 15, id="flipper-length-15-bins"),
    pytest.param("bill_depth_mm", 10, id="bill-depth-10-bins"),
])
def test_histogram_counts_match_numpy_histogram(viz, penguins, column, bins):
    call = f"plot_histogram(penguins, column={column!r}, bins={bins})"
    ax = _axes(viz.plot_histogram(penguins, column=column, bins=bins), call)
    rects = sorted(_rectangles(ax), key=lambda p: p.get_x())
    values = penguins[column].dropna().to_numpy()
    counts, edges = np.histogram(values, bins=bins)
    assert len(rects) == bins, (
        f"{call} drew {len(rects)} bars, expected {bins} (one per bin; one histogram, no hue)")
    lefts = np.array([p.get_x() for p in rects])
    rights = np.array([p.get_x() + p.get_width() for p in rects])
    assert np.allclose(rights[:-1], lefts[1:]), f"{call}: the bins are not contiguous (each bar should start where the last ends)"
    assert np.isclose(lefts[0], values.min()) and np.isclose(rights[-1], values.max()), (
        f"{call}: the bins span [{lefts[0]:.4g}, {rights[-1]:.4g}], expected the data's range "
        f"[{values.min():.4g}, {values.max():.4g}] (missing values left out)")
    heights = np.array([p.get_height() for p in rects])
    assert np.allclose(heights, counts), (
        f"{call}: bar heights {heights.tolist()} differ from the counts {counts.tolist()}; "
        "plot counts (not density), after dropping the missing values")


# ---------------------------------------------------------------- Task 2: correlation heatmap

def _grid_values(ax) -> np.ndarray:
    from matplotlib.collections import QuadMesh

    arrays = [np.ma.filled(np.ma.asarray(c.get_array(), dtype=float), np.nan).ravel()
              for c in ax.collections if isinstance(c, QuadMesh)]
    arrays += [np.ma.filled(np.ma.asarray(im.get_array(), dtype=float), np.nan).ravel() for im in ax.images]
    return arrays


@pytest.mark.task(2)
def test_heatmap_draws_a_quadmesh_or_image(viz, penguins):
    ax = _axes(viz.plot_correlation_heatmap(penguins), "plot_correlation_heatmap(penguins)")
    art = axes_artists(ax)
    assert art["quadmeshes"] + art["images"] >= 1, (
        f"plot_correlation_heatmap drew {art}; a heatmap is a QuadMesh (sns.heatmap, pcolormesh) or an image (imshow)")


@pytest.mark.task(2)
def test_heatmap_cells_are_the_pearson_correlations_of_the_numeric_columns(viz, penguins):
    ax = _axes(viz.plot_correlation_heatmap(penguins), "plot_correlation_heatmap(penguins)")
    expected = penguins[NUMERIC].corr().to_numpy()
    k = len(NUMERIC)
    grids = [g for g in _grid_values(ax) if g.size == k * k]
    assert grids, (f"no {k}x{k} grid on the Axes (found sizes {[g.size for g in _grid_values(ax)]}); "
                   f"the penguins have {k} numeric columns: {NUMERIC}")
    want = np.sort(expected.ravel())
    ok = any(np.allclose(np.sort(g), want, atol=1e-6) for g in grids)
    got = np.round(np.sort(grids[0]), 3).tolist()
    assert ok, (f"the heatmap's cells (sorted) are {got}, expected the Pearson correlations "
                f"{np.round(want, 3).tolist()}: df.select_dtypes('number').corr(), not covariances or raw values")


@pytest.mark.task(2)
def test_heatmap_names_the_columns_on_its_ticks(viz, penguins):
    ax = _axes(viz.plot_correlation_heatmap(penguins), "plot_correlation_heatmap(penguins)")
    ax.figure.canvas.draw()
    labels = " ".join(t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels()]).lower().replace("_", " ")
    missing = [c for c in NUMERIC if c.rsplit("_", 1)[0].replace("_", " ") not in labels]
    assert not missing, f"the heatmap's tick labels ({labels!r}) do not name {missing}: label rows and columns"


# ---------------------------------------------------------------- Task 3: bar chart

@pytest.mark.task(3)
@pytest.mark.parametrize("column", [pytest.param("species", id="species"), pytest.param("island", id="island")])
def test_bar_chart_has_one_bar_per_category_with_its_count(viz, penguins, column):
    call = f"plot_bar(penguins, column={column!r})"
    ax = _axes(viz.plot_bar(penguins, column=column), call)
    counts = penguins[column].value_counts()
    rects = _rectangles(ax)
    assert len(rects) == len(counts), f"{call} drew {len(rects)} bars, expected one per category ({len(counts)})"
    ticks = _tick_positions(ax)
    for name, n in counts.items():
        key = str(name).lower()
        assert key in ticks, f"{call}: no x tick labelled {name!r} (tick labels: {sorted(ticks)})"
        bar = min(rects, key=lambda p: abs(p.get_x() + p.get_width() / 2 - ticks[key]))
        assert bar.get_height() == pytest.approx(n), (
            f"{call}: the bar at {name!r} is {bar.get_height():g} high, expected {n} rows; use value_counts(), "
            "and keep each bar at its own label")


# ---------------------------------------------------------------- Task 4: scatter plot

@pytest.mark.task(4)
@pytest.mark.parametrize("x, y, hue", [
    pytest.param("flipper_length_mm", "body_mass_g", "species", id="mass-vs-flipper-by-species"),
    pytest.param("bill_length_mm", "bill_depth_mm", None, id="bill-depth-vs-length-no-hue"),
])
def test_scatter_has_one_point_per_complete_row(viz, penguins, x, y, hue):
    call = f"plot_scatter(penguins, x={x!r}, y={y!r}, hue={hue!r})"
    ax = _axes(viz.plot_scatter(penguins, x=x, y=y, hue=hue), call)
    pts = _points(ax)
    want = penguins[[x, y]].dropna().to_numpy(float)
    assert len(pts) == len(want), (
        f"{call} drew {len(pts)} points, expected one per row where both are present ({len(want)})")
    assert np.allclose(_sorted_pairs(pts), _sorted_pairs(want)), (
        f"{call}: the points are not the ({x}, {y}) pairs; {x} goes on the x-axis and {y} on the y-axis")


def _points_with_colours(ax):
    """[(x, y, rgba)] for every scattered point, over the Axes' PathCollections in order."""
    from matplotlib.collections import PathCollection

    offsets = [np.asarray(c.get_offsets(), dtype=float).reshape(-1, 2) for c in ax.collections
               if isinstance(c, PathCollection) and len(c.get_offsets())]
    pts = np.vstack(offsets) if offsets else np.empty((0, 2))
    return [(x, y, col) for (x, y), col in zip(pts, point_colours(ax)) if np.isfinite(x) and np.isfinite(y)]


@pytest.mark.task(4)
@pytest.mark.parametrize("hue", [pytest.param("species", id="by-species"), pytest.param("island", id="by-island")])
def test_scatter_colours_each_hue_group_apart_and_names_it_in_a_legend(viz, penguins, hue):
    x, y = "flipper_length_mm", "body_mass_g"
    call = f"plot_scatter(penguins, x={x!r}, y={y!r}, hue={hue!r})"
    ax = _axes(viz.plot_scatter(penguins, x=x, y=y, hue=hue), call)
    ax.figure.canvas.draw()
    data = penguins.dropna(subset=[x, y])
    groups_at = {}
    for px, py, g in zip(data[x], data[y], data[hue]):
        groups_at.setdefault((round(float(px), 6), round(float(py), 6)), set()).add(g)
    colours = {}  # group -> set of colours its points were drawn in
    for px, py, col in _points_with_colours(ax):
        groups = groups_at.get((round(float(px), 6), round(float(py), 6)), set())
        if len(groups) == 1:  # points shared by two groups say nothing about either
            colours.setdefault(next(iter(groups)), set()).add(col)
    names = sorted(data[hue].unique())
    assert sorted(colours) == names, f"{call}: found points of the groups {sorted(colours)}, expected {names}"
    clashes = [(a, b) for i, a in enumerate(names) for b in names[i + 1:] if colours[a] & colours[b]]
    assert not clashes, (
        f"{call}: the groups {clashes} share a colour (colours per group: "
        f"{ {k: len(v) for k, v in colours.items()} }); colour the points by {hue!r}: one colour per group "
        "(sns.scatterplot(hue=...), or one ax.scatter call per group)")
    entries = " | ".join(legend_texts(ax)).lower()
    missing = [n for n in names if str(n).lower() not in entries]
    assert not missing, (
        f"{call}: the legend ({legend_texts(ax)}) does not name {missing}; a reader needs to know which colour is "
        "which group: label each group and call ax.legend() (seaborn does it for you)")


# ---------------------------------------------------------------- Task 5: box plot

def _horizontal_segments(ax):
    out = []
    for line in ax.lines:
        xd, yd = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(yd) == 2 and np.all(np.isfinite(yd)) and yd[0] == yd[1] and xd[0] != xd[1]:
            out.append((float(xd.mean()), float(yd[0])))
    return out


@pytest.mark.task(5)
@pytest.mark.parametrize("column, by", [
    pytest.param("body_mass_g", "species", id="mass-by-species"),
    pytest.param("bill_length_mm", "island", id="bill-length-by-island"),
])
def test_box_plot_has_a_median_line_per_group(viz, penguins, column, by):
    call = f"plot_box(penguins, column={column!r}, by={by!r})"
    ax = _axes(viz.plot_box(penguins, column=column, by=by), call)
    medians = penguins.groupby(by)[column].median()
    ticks = _tick_positions(ax)
    segments = _horizontal_segments(ax)
    for name, med in medians.items():
        key = str(name).lower()
        assert key in ticks, f"{call}: no x tick labelled {name!r} (tick labels: {sorted(ticks)})"
        here = [yv for xc, yv in segments if abs(xc - ticks[key]) < 0.5]
        assert any(np.isclose(yv, med) for yv in here), (
            f"{call}: the box at {name!r} has horizontal lines at {sorted(here)}, expected its median {med:g}; "
            "leave out missing values (a NaN makes the whole box NaN) and give each group its own box")


@pytest.mark.task(5)
def test_box_plot_has_whiskers_for_every_group(viz, penguins):
    ax = _axes(viz.plot_box(penguins), "plot_box(penguins)")
    vertical = 0
    for line in ax.lines:
        xd, yd = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(xd) == 2 and xd[0] == xd[1] and yd[0] != yd[1]:
            vertical += 1
    groups = penguins["species"].nunique()
    assert vertical >= 2 * groups, (
        f"plot_box(penguins) has {vertical} vertical whisker lines, expected two per species ({2 * groups}): "
        "ax.boxplot or sns.boxplot draw them")


# ---------------------------------------------------------------- Tasks 1-5: common to every plot

PLOTS = [
    pytest.param(1, "plot_histogram", id="histogram"),
    pytest.param(2, "plot_correlation_heatmap", id="heatmap"),
    pytest.param(3, "plot_bar", id="bar"),
    pytest.param(4, "plot_scatter", id="scatter"),
    pytest.param(5, "plot_box", id="box"),
]


def _by_task(params):
    return [pytest.param(*p.values, id=p.id, marks=pytest.mark.task(p.values[0])) for p in params]


@pytest.mark.parametrize("task, name", _by_task(PLOTS))
def test_plot_has_a_title_and_labelled_axes(viz, penguins, task, name):
    ax = _axes(getattr(viz, name)(penguins), f"{name}(penguins)")
    art = axes_artists(ax)
    assert art["has_title"], f"{name}(penguins) has no title: ax.set_title(...)"
    if name != "plot_correlation_heatmap":  # a heatmap's tick labels name its rows and columns
        assert art["has_xlabel"] and art["has_ylabel"], (
            f"{name}(penguins): x label {ax.get_xlabel()!r}, y label {ax.get_ylabel()!r}; label both axes")


@pytest.mark.parametrize("task, name", _by_task(PLOTS))
def test_plot_draws_on_the_axes_it_is_given(viz, penguins, task, name):
    import matplotlib.pyplot as plt

    _, given = plt.subplots()
    ax = getattr(viz, name)(penguins, ax=given)
    assert ax is given, f"{name}(penguins, ax=my_ax) should draw on my_ax and return it, not open a new figure"
    art = axes_artists(given)
    drawn = art["patches"] + art["lines"] + art["path_collections"] + art["quadmeshes"] + art["images"]
    assert drawn > 0, f"{name}(penguins, ax=my_ax) left my_ax empty"


@pytest.mark.parametrize("task, name", _by_task(PLOTS))
def test_plot_leaves_the_frame_unchanged(viz, penguins, task, name):
    before = penguins.copy()
    getattr(viz, name)(penguins)
    assert penguins.equals(before), (
        f"{name}(penguins) modified the DataFrame (dropna(inplace=True)?); drop missing values into a new frame")


# ---------------------------------------------------------------- Task 6: the notebook, executed and exported

@pytest.mark.task(6)
@pytest.mark.timeout(120)
def test_notebook_runs_headless_and_exports_html_with_five_figures(outdir, monkeypatch):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbconvert import HTMLExporter

    module = kata.module_path("day10", "viz").resolve()
    assert module.exists(), f"{module} does not exist: the notebook imports your viz.py"
    assert NOTEBOOK.exists(), f"the provided notebook {NOTEBOOK.name} is missing; restore it from the repository"
    monkeypatch.setenv("DAY10_VIZ_MODULE", str(module))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=60, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{NOTEBOOK.name} stopped with {exc.ename}: {exc.evalue}\n"
                    "Make the plot tests pass first, then run the notebook top to bottom (Restart & Run All).",
                    pytrace=False)
    html_path = outdir / "viz_day10.html"
    body, _ = HTMLExporter().from_notebook_node(nb)
    html_path.write_text(body, encoding="utf-8")
    images = html_image_count(html_path)
    assert images >= 5, (
        f"{html_path.name} holds {images} images, expected at least 5 (one per plot); does each function "
        "return the Axes of a figure that is still open?")


# ---------------------------------------------------------------- Task 7 (stretch): interactive Plotly scatter

def _decode(values):
    """Plotly trace arrays: a JSON list, or (newer Plotly) {'dtype': ..., 'bdata': base64}."""
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=np.dtype(values["dtype"])).astype(float)
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _plotly_traces(text: str) -> list[dict]:
    decoder = json.JSONDecoder()
    traces = []
    for m in re.finditer(r"Plotly\.newPlot\(\s*", text):
        pos = m.end()
        try:
            _, pos = decoder.raw_decode(text, pos)  # the div id
            pos = re.compile(r"\s*,\s*").match(text, pos).end()
            data, _ = decoder.raw_decode(text, pos)
        except (ValueError, AttributeError):
            continue
        if isinstance(data, list):
            traces += [t for t in data if isinstance(t, dict)]
    return traces


@pytest.mark.task(7)
@pytest.mark.stretch
def test_interactive_scatter_is_standalone_html_with_plotly_js_inline(viz, penguins, outdir):
    path = outdir / "scatter_interactive.html"
    viz.write_interactive_scatter(penguins, path)
    assert path.exists(), f"write_interactive_scatter did not create {path.name}"
    text = path.read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"<script[^>]+src=[\"'][^\"']*(cdn\.plot\.ly|plotly[^\"']*\.js)", text), (
        "the HTML loads plotly.js from elsewhere; embed it so the file works offline: include_plotlyjs=True")
    assert len(text) > 1_000_000 and "plotly.js" in text.lower(), (
        f"{path.name} is {len(text)} characters: plotly.js (about 3-4 MB) is not embedded; include_plotlyjs=True")


@pytest.mark.task(7)
@pytest.mark.stretch
@pytest.mark.parametrize("x, y", [
    pytest.param("flipper_length_mm", "body_mass_g", id="mass-vs-flipper"),
    pytest.param("bill_length_mm", "bill_depth_mm", id="bill-depth-vs-length"),
])
def test_interactive_scatter_holds_one_point_per_complete_row(viz, penguins, outdir, x, y):
    path = outdir / "scatter_interactive.html"
    viz.write_interactive_scatter(penguins, path, x=x, y=y)
    traces = [t for t in _plotly_traces(path.read_text(encoding="utf-8", errors="replace"))
              if t.get("type", "scatter") in ("scatter", "scattergl") and "x" in t and "y" in t]
    assert traces, f"no scatter trace found in {path.name}; build it with plotly.express.scatter or go.Scatter"
    pts = np.vstack([np.column_stack([_decode(t["x"]), _decode(t["y"])]) for t in traces])
    pts = pts[np.isfinite(pts).all(axis=1)]
    want = penguins[[x, y]].dropna().to_numpy(float)
    assert len(pts) == len(want) and np.allclose(_sorted_pairs(pts), _sorted_pairs(want)), (
        f"the Plotly traces hold {len(pts)} ({x}, {y}) points, expected the {len(want)} complete rows of the penguins")
