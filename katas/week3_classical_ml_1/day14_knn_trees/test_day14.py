"""Day 14 — k-NN vs decision tree on two moons: the data, the models, their surfaces, their speed."""
import numpy as np
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.figures import assert_png, point_colours
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def kt():
    return kata.load("day14", "knn_trees")


@pytest.fixture
def moons(seed):
    """The test's own seeded split (500 points, noise 0.3, stratified 75/25), independent of make_data."""
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    X, y = make_moons(n_samples=500, noise=0.3, random_state=seed)
    return train_test_split(X, y, test_size=0.25, stratify=y, random_state=seed)


@pytest.fixture
def models(kt, moons, seed):
    X_train, _, y_train, _ = moons
    return {"k-NN (k=3)": kt.fit_knn(X_train, y_train, k=3), "tree (depth 3)": kt.fit_tree(X_train, y_train, 3, seed)}


def _sorted_rows(a):
    a = np.asarray(a, dtype=float)
    return a[np.lexsort(a.T[::-1])]


# ---------------------------------------------------------------- Task 1: make_data

@pytest.mark.task(1)
def test_make_data_returns_a_75_25_split_of_500_points(kt, seed):
    parts = kt.make_data(n_samples=500, noise=0.3, seed=seed)
    assert len(parts) == 4, f"make_data() returned {len(parts)} items, expected X_train, X_test, y_train, y_test"
    for name, part, kind in zip(("X_train", "X_test", "y_train", "y_test"), parts, (np.floating, np.floating,
                                                                                  np.integer, np.integer)):
        assert isinstance(part, np.ndarray), f"make_data(): {name} is a {type(part).__name__}, expected an ndarray"
        assert np.issubdtype(part.dtype, kind), f"make_data(): {name} has dtype {part.dtype}, expected {kind.__name__}"
    shapes = [np.shape(p) for p in parts]
    assert shapes == [(375, 2), (125, 2), (375,), (125,)], (
        f"make_data(500, 0.3, seed) returned shapes {shapes}, expected [(375, 2), (125, 2), (375,), (125,)] (test_size=0.25)")


@pytest.mark.task(1)
def test_make_data_splits_exactly_the_seeded_make_moons_points(kt, seed):
    from sklearn.datasets import make_moons

    X_train, X_test, _, _ = kt.make_data(n_samples=500, noise=0.3, seed=seed)
    X, _ = make_moons(n_samples=500, noise=0.3, random_state=seed)
    together = _sorted_rows(np.vstack([X_train, X_test]))
    assert together.shape == X.shape and np.allclose(together, _sorted_rows(X)), (
        f"train + test of make_data(500, 0.3, seed={seed}) are not the points of "
        f"make_moons(n_samples=500, noise=0.3, random_state={seed}): pass noise and random_state=seed on")


@pytest.mark.task(1)
def test_make_data_keeps_each_point_with_its_label(kt, seed):
    from sklearn.datasets import make_moons

    X_train, X_test, y_train, y_test = kt.make_data(n_samples=500, noise=0.3, seed=seed)
    X, y = make_moons(n_samples=500, noise=0.3, random_state=seed)
    label = {tuple(np.round(p, 10)): int(c) for p, c in zip(X, y)}
    mismatched = sum(label.get(tuple(np.round(p, 10))) != int(c)
                     for p, c in zip(np.vstack([X_train, X_test]), np.concatenate([y_train, y_test])))
    assert mismatched == 0, f"{mismatched} points carry the wrong label: split X and y together (train_test_split(X, y, ...))"


@pytest.mark.task(1)
@pytest.mark.parametrize("n", [pytest.param(500, id="500-points"), pytest.param(1000, id="1000-points"),
                               pytest.param(1200, id="1200-points")])
def test_make_data_stratifies_the_split(kt, seed, n):
    _, _, y_train, y_test = kt.make_data(n_samples=n, noise=0.3, seed=seed)
    # make_moons gives n/2 of each class; a stratified test split of n/4 holds n/8 of each, +/- 1 for rounding
    ones = int(np.sum(np.asarray(y_test) == 1))
    assert abs(ones - len(y_test) / 2) <= 1, (
        f"make_data(n_samples={n}) put {ones} of class 1 in a test set of {len(y_test)}, expected half: stratify=y")


@pytest.mark.task(1)
def test_make_data_is_reproducible_with_a_seed_and_varies_between_seeds(kt, seed):
    a = kt.make_data(n_samples=200, noise=0.3, seed=seed)
    b = kt.make_data(n_samples=200, noise=0.3, seed=seed)
    c = kt.make_data(n_samples=200, noise=0.3, seed=seed + 1)
    assert all(np.array_equal(p, q) for p, q in zip(a, b)), "two calls with the same seed gave different data"
    assert not np.array_equal(a[0], c[0]), "two different seeds gave the same X_train: use the seed everywhere"


@pytest.mark.task(1)
def test_make_data_leaves_the_global_random_state_alone(kt, seed):
    call_keeps_global_state(lambda: kt.make_data(n_samples=200, noise=0.3, seed=seed), "make_data(200, 0.3, seed)")


# ---------------------------------------------------------------- Task 2: the two models and their accuracy

@pytest.mark.task(2)
@pytest.mark.parametrize("k", [pytest.param(3, id="k3"), pytest.param(7, id="k7")])
def test_fit_knn_predicts_like_a_plain_k_nearest_neighbours_vote(kt, moons, rng, k):
    from sklearn.neighbors import KNeighborsClassifier

    X_train, _, y_train, _ = moons
    knn = kt.fit_knn(X_train, y_train, k=k)
    assert isinstance(knn, KNeighborsClassifier), (
        f"fit_knn(X, y, k={k}) returned {type(knn).__name__}, expected a fitted KNeighborsClassifier")
    assert knn.get_params().get("n_neighbors") == k, (
        f"fit_knn(X, y, k={k}) has n_neighbors={knn.get_params().get('n_neighbors')!r}, expected {k}")
    grid = rng.uniform([-2, -1.5], [3, 2], size=(2000, 2))
    ref = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train).predict(grid)
    differ = int(np.sum(knn.predict(grid) != ref))
    assert differ == 0, (
        f"fit_knn(X, y, k={k}) disagrees with KNeighborsClassifier({k}) on {differ} of 2000 points: "
        "fit on the given data with a plain (uniform) vote")


@pytest.mark.task(2)
def test_fit_tree_has_depth_at_most_3(kt, moons, seed):
    X_train, _, y_train, _ = moons
    from sklearn.tree import DecisionTreeClassifier

    tree = kt.fit_tree(X_train, y_train, max_depth=3, seed=seed)
    assert isinstance(tree, DecisionTreeClassifier), (
        f"fit_tree(X, y, 3, seed) returned {type(tree).__name__}, expected a fitted DecisionTreeClassifier")
    assert tree.get_params().get("random_state") == seed, (
        f"fit_tree(X, y, 3, seed={seed}) has random_state={tree.get_params().get('random_state')!r}: pass the seed on")
    assert tree.get_params().get("max_depth") == 3, (
        f"fit_tree(X, y, max_depth=3) built a tree with max_depth={tree.get_params().get('max_depth')!r}, expected 3")
    assert tree.get_depth() <= 3 and tree.get_n_leaves() <= 8, (
        f"the fitted tree has depth {tree.get_depth()} and {tree.get_n_leaves()} leaves; depth 3 allows at most 8")


@pytest.mark.task(2)
def test_fit_tree_is_fitted_on_the_given_data(kt, moons, seed):
    X_train, _, y_train, _ = moons
    tree = kt.fit_tree(X_train, y_train, max_depth=3, seed=seed)
    train_acc = float(np.mean(tree.predict(X_train) == y_train))
    # a depth-3 tree fits the two moons' training points to ~0.9; 0.8 leaves > 5 sigma (sigma ~0.016 for 375 points)
    assert train_acc > 0.8, f"fit_tree's training accuracy is {train_acc:.3f}; was it fitted on X_train, y_train?"


@pytest.mark.task(2)
@pytest.mark.parametrize("depth", [pytest.param(2, id="depth-2"), pytest.param(3, id="depth-3")])
def test_fit_tree_predicts_like_the_documented_tree(kt, moons, rng, seed, depth):
    from sklearn.tree import DecisionTreeClassifier

    X_train, _, y_train, _ = moons
    tree = call_keeps_global_state(lambda: kt.fit_tree(X_train, y_train, max_depth=depth, seed=seed),
                                   f"fit_tree(X, y, max_depth={depth}, seed)")
    grid = rng.uniform([-2, -1.5], [3, 2], size=(2000, 2))
    ref = DecisionTreeClassifier(max_depth=depth, random_state=seed).fit(X_train, y_train).predict(grid)
    differ = int(np.sum(tree.predict(grid) != ref))
    assert differ == 0, (
        f"fit_tree(X, y, max_depth={depth}, seed) disagrees with DecisionTreeClassifier(max_depth={depth}, "
        f"random_state=seed) on {differ} of 2000 points: fit on the given data, other settings at their defaults")


@pytest.mark.task(2)
def test_accuracies_are_the_share_of_correct_predictions(kt, moons):
    from sklearn.dummy import DummyClassifier
    from sklearn.neighbors import KNeighborsClassifier

    X_train, X_test, y_train, y_test = moons
    models = {"one-nn": KNeighborsClassifier(1).fit(X_train, y_train),
              "constant": DummyClassifier(strategy="constant", constant=1).fit(X_train, y_train)}
    got = kt.accuracies(models, X_test, y_test)
    expected = {name: float(np.mean(m.predict(X_test) == y_test)) for name, m in models.items()}
    assert set(got) == set(expected), f"accuracies() returned keys {sorted(got)}, expected {sorted(expected)}"
    for name in expected:
        assert isinstance(got[name], float), f"accuracies()[{name!r}] is {type(got[name]).__name__}, expected a float"
        assert got[name] == pytest.approx(expected[name], abs=1e-12), (
            f"accuracies() gave {name}: {got[name]}, expected {expected[name]} (share of test points predicted right)")


@pytest.mark.task(2)
@pytest.mark.parametrize("name", [pytest.param("k-NN (k=3)", id="knn"), pytest.param("tree (depth 3)", id="tree")])
def test_both_models_beat_80_percent_test_accuracy(kt, moons, models, name):
    _, X_test, _, y_test = moons
    acc = kt.accuracies(models, X_test, y_test)[name]
    # both reach ~0.89 on 125 test points (sd sqrt(.89 * .11 / 125) ~ 0.028): 0.80 is ~3 sigma below
    assert acc >= 0.80, f"{name} reaches {acc:.3f} test accuracy on the two moons, expected at least 0.80"


# ---------------------------------------------------------------- Task 3: decision surfaces side by side

def _surface_axes(fig):
    from matplotlib.collections import QuadMesh
    from matplotlib.contour import ContourSet

    def has_surface(ax):
        filled = any(isinstance(c, ContourSet) and c.filled for c in ax.collections)
        return filled or any(isinstance(c, QuadMesh) for c in ax.collections) or bool(ax.images)

    # colorbars are Axes too (label '<colorbar>'), holding a copy of the surface: they are not panels
    return [ax for ax in fig.axes if has_surface(ax) and ax.get_label() != "<colorbar>"]


@pytest.mark.task(3)
def test_plot_surfaces_saves_a_wide_png(kt, moons, models, outdir):
    X_train, _, y_train, _ = moons
    path = outdir / "surfaces.png"
    kt.plot_surfaces(models, X_train, y_train, path)
    height, width = assert_png(path, min_width=600, min_height=200, what="decision-surface figure")
    assert width / height >= 1.8, (
        f"{path.name} is {width}x{height} pixels; two panels side by side should be at least ~2:1 "
        "(plt.subplots(1, 2, figsize=(10, 4.5)))")


@pytest.mark.task(3)
def test_plot_surfaces_draws_a_filled_surface_per_model(kt, moons, models, outdir):
    import matplotlib.pyplot as plt

    X_train, _, y_train, _ = moons
    fig = kt.plot_surfaces(models, X_train, y_train, outdir / "surfaces.png")
    assert isinstance(fig, plt.Figure), f"plot_surfaces() returned {type(fig).__name__}, expected the Figure"
    surfaces = _surface_axes(fig)
    assert len(surfaces) == 2, (
        f"found {len(surfaces)} Axes with a filled decision surface, expected one per model (2): ax.contourf on a grid")
    titles = sorted(ax.get_title() for ax in surfaces)
    for name in models:
        assert any(name in t for t in titles), f"no panel is titled with {name!r} (titles: {titles}); ax.set_title(name)"
    plt.close(fig)


def _surface_values(ax, points):
    """The value the panel's surface shows at each point: a (low, high) band for a filled contour, the cell value for
    a pcolormesh or an image; NaN where the surface does not reach."""
    from matplotlib.collections import QuadMesh
    from matplotlib.contour import ContourSet

    low, high = np.full(len(points), np.nan), np.full(len(points), np.nan)
    for c in ax.collections:
        if isinstance(c, ContourSet) and c.filled:
            levels = np.asarray(c.levels, dtype=float)
            for i, path in enumerate(c.get_paths()[:len(levels) - 1]):
                inside = path.contains_points(points) & np.isnan(low)
                low[inside], high[inside] = levels[i], levels[i + 1]
            return low, high
        if isinstance(c, QuadMesh):
            corners = np.asarray(c.get_coordinates(), dtype=float)
            xs, ys = corners[0, :, 0], corners[:, 0, 1]
            values = np.ma.filled(np.ma.asarray(c.get_array(), dtype=float), np.nan).reshape(len(ys) - 1, len(xs) - 1)
            ix = np.searchsorted(np.sort(xs), points[:, 0]) - 1
            iy = np.searchsorted(np.sort(ys), points[:, 1]) - 1
            ok = (ix >= 0) & (ix < len(xs) - 1) & (iy >= 0) & (iy < len(ys) - 1)
            if xs[0] > xs[-1]:
                ix = len(xs) - 2 - ix
            if ys[0] > ys[-1]:
                iy = len(ys) - 2 - iy
            low[ok] = high[ok] = values[iy[ok], ix[ok]]
            return low, high
    for im in ax.images:
        values = np.ma.filled(np.ma.asarray(im.get_array(), dtype=float), np.nan)
        if values.ndim != 2:
            continue
        left, right, bottom, top = im.get_extent()
        ny, nx = values.shape
        ix = np.floor((points[:, 0] - left) / (right - left) * nx).astype(int)
        iy = np.floor((points[:, 1] - bottom) / (top - bottom) * ny).astype(int)
        if im.origin == "upper":
            iy = ny - 1 - iy
        ok = (ix >= 0) & (ix < nx) & (iy >= 0) & (iy < ny)
        low[ok] = high[ok] = values[iy[ok], ix[ok]]
        return low, high
    return low, high


@pytest.mark.task(3)
def test_plot_surfaces_scatters_every_point_over_each_surface_with_a_margin(kt, moons, models, outdir):
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection

    X_train, _, y_train, _ = moons
    fig = kt.plot_surfaces(models, X_train, y_train, outdir / "surfaces.png")
    lo, hi = X_train.min(axis=0), X_train.max(axis=0)
    margin = 0.05 * (hi - lo)  # README: a margin of at least 5 % of the data's range on every side
    for ax in _surface_axes(fig):
        n = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
        assert n == len(X_train), (
            f"panel {ax.get_title()!r} scatters {n} points, expected all {len(X_train)} (ax.scatter(X[:, 0], X[:, 1], c=y))")
        label_of = {tuple(np.round(p, 9)): int(c) for p, c in zip(X_train, y_train)}
        offsets = [tuple(np.round(np.asarray(p, dtype=float), 9)) for c in ax.collections
                   if isinstance(c, PathCollection) and len(c.get_offsets()) for p in c.get_offsets()]
        by_class = {0: set(), 1: set()}
        for point, colour in zip(offsets, point_colours(ax)):
            if point in label_of:
                by_class[label_of[point]].add(colour)
        assert by_class[0] and by_class[1] and not (by_class[0] & by_class[1]), (
            f"panel {ax.get_title()!r}: the two classes' points share a colour; colour them by class (c=y)")
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        assert (x0 <= lo[0] - margin[0] and x1 >= hi[0] + margin[0] and y0 <= lo[1] - margin[1]
                and y1 >= hi[1] + margin[1]), (
            f"panel {ax.get_title()!r} shows x {x0:.2f}..{x1:.2f}, y {y0:.2f}..{y1:.2f} but the data span "
            f"{lo.round(2)}..{hi.round(2)}: extend the grid beyond the data by a margin (at least 5 % of the range "
            "on every side, e.g. 0.5) so no point sits on the edge")
        corners = np.array([[lo[0] - margin[0], lo[1] - margin[1]], [hi[0] + margin[0], hi[1] + margin[1]],
                            [lo[0] - margin[0], hi[1] + margin[1]], [hi[0] + margin[0], lo[1] - margin[1]]])
        low, _ = _surface_values(ax, corners * 0.999 + 0.001 * corners.mean(axis=0))
        assert not np.isnan(low).any(), (
            f"the surface of panel {ax.get_title()!r} does not reach the corners of the data's range plus a 5 % margin: "
            "build the grid (np.meshgrid) from min - margin to max + margin")
    plt.close(fig)


# Over a 40 x 40 grid inside the data the right model's surface disagrees with its predictions on < 1 % of the points
# (contour edges); the other model's surface on ~7 %. 3 % tells them apart, whatever the grid's resolution.
@pytest.mark.task(3)
def test_each_panel_shows_its_own_models_predictions(kt, moons, models, outdir):
    import matplotlib.pyplot as plt

    X_train, _, y_train, _ = moons
    fig = kt.plot_surfaces(models, X_train, y_train, outdir / "surfaces.png")
    lo, hi = X_train.min(axis=0), X_train.max(axis=0)
    lo, hi = lo + 0.02 * (hi - lo), hi - 0.02 * (hi - lo)  # inside the data: the margin has its own test
    gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], 40), np.linspace(lo[1], hi[1], 40))
    points = np.c_[gx.ravel(), gy.ravel()]
    for ax in _surface_axes(fig):
        names = [name for name in models if name in ax.get_title()]
        assert len(names) == 1, f"panel titled {ax.get_title()!r} names {len(names)} of the models {list(models)}"
        model = models[names[0]]
        low, high = _surface_values(ax, points)
        shown = [model.predict(points).astype(float), model.predict_proba(points)[:, 1]]  # labels, or P(class 1)
        agree = np.zeros(len(points), dtype=bool)
        for v in shown:
            agree |= (v >= low - 1e-9) & (v <= high + 1e-9)
        wrong = 1 - agree.mean()
        assert wrong <= 0.03, (
            f"the surface of panel {ax.get_title()!r} disagrees with {names[0]}.predict on {wrong:.0%} of a grid over "
            "the data: each panel draws its own model's predictions on the grid (model.predict, reshaped to the grid)")
    plt.close(fig)


# ---------------------------------------------------------------- Task 4 (stretch): inference time

@pytest.fixture
def points_10k(rng):
    return rng.uniform([-2, -1.5], [3, 2], size=(10_000, 2))


@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.bench
def test_tree_predicts_10k_points_at_least_5x_faster_than_knn(models, points_10k, benchmark):
    knn, tree = models["k-NN (k=3)"], models["tree (depth 3)"]
    # the tree answers with 3 comparisons per point; k-NN searches the 375 training points (~10-30x here)
    assert_faster(benchmark, lambda: tree.predict(points_10k), lambda: knn.predict(points_10k), at_least=5,
                  repeats=5, fast_name="tree.predict", slow_name="knn.predict")


class _TimedModel:
    """A stand-in whose predict(X) takes a known time: `per_row` seconds for every row of X (sleeping)."""

    def __init__(self, per_row: float):
        self.per_row, self.calls = per_row, []

    def predict(self, X):
        import time

        self.calls.append(len(X))
        time.sleep(self.per_row * len(X))
        return np.zeros(len(X), dtype=int)


@pytest.mark.task(4)
@pytest.mark.stretch
def test_time_inference_reports_seconds_per_predict_call(kt, points_10k):
    # 10,000 rows: 0.02 s and 0.06 s per call. Sleep never returns early and overshoots by well under a few ms, so
    # the best of the repeats lies in [t, 1.5 t]; milliseconds (x1000), per-row times (/10000), the total of several
    # repeats (x repeats) or one row's time fall far outside.
    stand_ins = {"fast": _TimedModel(2e-6), "slow": _TimedModel(6e-6)}
    got = kt.time_inference(stand_ins, points_10k)
    assert isinstance(got, dict) and set(got) == set(stand_ins), (
        f"time_inference() returned {got!r}, expected a dict with the keys {sorted(stand_ins)}")
    for name, model in stand_ins.items():
        assert isinstance(got[name], float), f"time_inference()[{name!r}] is {type(got[name]).__name__}, expected a float"
        assert model.calls and set(model.calls) == {len(points_10k)}, (
            f"time_inference() called {name}.predict on {sorted(set(model.calls))} rows, expected every call on all "
            f"{len(points_10k)} rows of X")
        expected = model.per_row * len(points_10k)
        assert expected * 0.98 <= got[name] <= expected * 1.5, (
            f"time_inference() gave {name}: {got[name]:.4g}, but one predict on all {len(points_10k)} rows of this "
            f"stand-in takes {expected:.3g} s: report seconds (time.perf_counter differences) for ONE call, the best "
            "of the repeats")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_time_inference_finds_the_tree_faster_than_knn(kt, models, points_10k):
    got = kt.time_inference(models, points_10k)
    assert set(got) == set(models), f"time_inference() returned keys {sorted(got)}, expected {sorted(models)}"
    knn_name, tree_name = "k-NN (k=3)", "tree (depth 3)"
    assert got[knn_name] > got[tree_name] > 0, f"time_inference() says {got}; k-NN should be the slower one"
