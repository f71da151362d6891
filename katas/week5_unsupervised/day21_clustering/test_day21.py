"""Day 21 — Clustering: assignment step, k-means++, Lloyd's k-means, elbow and silhouette on Mall
Customers, the segment scatter plot, and (stretch) the silhouette by hand."""
import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.figures import assert_png, legend_texts
from katalib.randomstate import call_keeps_global_state

FEATURES = ["Annual Income (k$)", "Spending Score (1-100)"]


@pytest.fixture(scope="module")
def cl():
    return kata.load("day21", "clustering")


@pytest.fixture
def blobs(rng):
    """Four well-separated round blobs of 60 points each, shuffled (labels are not in order)."""
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0], [10.0, 10.0]])
    X = np.concatenate([c + rng.standard_normal((60, 2)) for c in centres])
    return X[rng.permutation(len(X))]


@pytest.fixture
def mall_raw(mall_customers):
    return mall_customers[FEATURES].to_numpy(dtype=float)


@pytest.fixture
def mall_z(mall_raw):
    return (mall_raw - mall_raw.mean(axis=0)) / mall_raw.std(axis=0)


def _forbid(monkeypatch, *targets):
    """Make library k-means / silhouette calls fail while the learner's function runs."""
    import importlib

    for dotted in targets:
        module, name = dotted.rsplit(".", 1)
        mod = importlib.import_module(module)

        def refuse(*args, _name=dotted, **kwargs):
            raise AssertionError(f"{_name} was called: this task asks you to write it with NumPy yourself")

        monkeypatch.setattr(mod, name, refuse)


KMEANS_LIBS = ("sklearn.cluster.KMeans", "sklearn.cluster.k_means", "sklearn.cluster.kmeans_plusplus",
               "sklearn.cluster.MiniBatchKMeans", "scipy.cluster.vq.kmeans", "scipy.cluster.vq.kmeans2")


def _nearest(X, C):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    return d2.argmin(axis=1), d2.min(axis=1)


# ---------------------------------------------------------------- Task 1: assign_clusters

@pytest.mark.task(1)
def test_assign_clusters_returns_int_labels_and_float_squared_distances(cl, rng):
    X, C = rng.standard_normal((50, 3)), rng.standard_normal((4, 3))
    out = cl.assign_clusters(X, C)
    assert isinstance(out, tuple) and len(out) == 2, f"assign_clusters(X, C) returned {type(out).__name__}, expected (labels, sq_dist)"
    labels, d2 = out
    assert isinstance(labels, np.ndarray) and np.issubdtype(labels.dtype, np.integer), (
        f"labels should be an integer ndarray, got {type(labels).__name__} {getattr(labels, 'dtype', '')}")
    assert isinstance(d2, np.ndarray) and np.issubdtype(d2.dtype, np.floating), (
        f"sq_dist should be a float ndarray, got {type(d2).__name__} {getattr(d2, 'dtype', '')}")
    assert labels.shape == (50,) and d2.shape == (50,), f"shapes {labels.shape}, {d2.shape}; expected (50,) each"


@pytest.mark.task(1)
@pytest.mark.parametrize("n, d, k", [pytest.param(40, 2, 3, id="2-d"), pytest.param(100, 5, 7, id="5-d"),
                                     pytest.param(30, 1, 2, id="1-d")])
def test_assign_clusters_finds_the_nearest_centroid_and_its_squared_distance(cl, rng, n, d, k):
    X, C = rng.uniform(-5, 5, (n, d)), rng.uniform(-5, 5, (k, d))
    labels, d2 = cl.assign_clusters(X, C)
    want_labels, want_d2 = _nearest(X, C)
    wrong = int(np.sum(np.asarray(labels) != want_labels))
    assert wrong == 0, f"assign_clusters put {wrong} of {n} points with a centroid that is not their nearest"
    np.testing.assert_allclose(d2, want_d2, rtol=1e-9, atol=1e-12,
                               err_msg="sq_dist should be the SQUARED Euclidean distance to the nearest centroid")


@pytest.mark.task(1)
def test_assign_clusters_breaks_ties_towards_the_lowest_index(cl, rng):
    X = rng.standard_normal((20, 2))
    C = np.array([[5.0, 5.0], [0.0, 0.0], [0.0, 0.0]])  # centroids 1 and 2 coincide
    labels, _ = cl.assign_clusters(X, C)
    assert set(np.asarray(labels).tolist()) <= {0, 1}, (
        f"centroids 1 and 2 are the same point; ties should go to the lowest index (np.argmin), got labels {sorted(set(labels.tolist()))}")


@pytest.mark.task(1)
def test_assign_clusters_leaves_its_inputs_unchanged(cl, rng):
    X, C = rng.standard_normal((30, 2)), rng.standard_normal((3, 2))
    X0, C0 = X.copy(), C.copy()
    cl.assign_clusters(X, C)
    assert np.array_equal(X, X0) and np.array_equal(C, C0), "assign_clusters modified X or the centroids"


@pytest.mark.task(1)
@pytest.mark.bench
def test_assign_clusters_is_vectorised_at_least_10x_faster_than_a_loop_over_points(cl, rng, benchmark):
    X, C = rng.standard_normal((4000, 2)), rng.standard_normal((8, 2))

    def loop():
        out = np.empty(len(X), dtype=int)
        for i, x in enumerate(X):
            out[i] = int(np.argmin(((C - x) ** 2).sum(axis=1)))
        return out

    assert np.array_equal(cl.assign_clusters(X, C)[0], loop()), "assign_clusters disagrees with the nearest-centroid loop"
    # broadcasting does it in one pass (~100x faster here); a Python loop over the points is no faster than `loop`
    assert_faster(benchmark, lambda: cl.assign_clusters(X, C), loop, at_least=10, repeats=3,
                  fast_name="assign_clusters", slow_name="a Python loop over the 4,000 points")


# ---------------------------------------------------------------- Task 2: kmeans_plusplus

@pytest.mark.task(2)
def test_kmeans_plusplus_returns_k_distinct_rows_of_X(cl, blobs, seed):
    C = cl.kmeans_plusplus(blobs, 4, seed=seed)
    assert isinstance(C, np.ndarray) and C.shape == (4, 2), (
        f"kmeans_plusplus(X, 4, seed) returned {type(C).__name__} of shape {np.shape(C)}, expected ndarray (4, 2)")
    rows = {tuple(r) for r in np.round(blobs, 12)}
    assert all(tuple(r) in rows for r in np.round(C, 12)), "every initial centroid must be a row of X (not a random point)"
    assert len({tuple(r) for r in np.round(C, 12)}) == 4, "the 4 initial centroids are not distinct rows"


@pytest.mark.task(2)
def test_kmeans_plusplus_samples_proportionally_to_squared_distance(cl, monkeypatch):
    """X = 0, 1, 3 on a line, k = 2: the first pick is uniform and the second has probability
    d^2 / sum(d^2), e.g. after 0: P(1) = 1/10, P(3) = 9/10."""
    _forbid(monkeypatch, *KMEANS_LIBS)
    X = np.array([[0.0], [1.0], [3.0]])
    n = 1500
    counts: dict[tuple[float, float], int] = {}
    for s in range(n):
        C = np.asarray(cl.kmeans_plusplus(X, 2, seed=s)).ravel()
        key = (float(C[0]), float(C[1]))
        counts[key] = counts.get(key, 0) + 1
    expected = {(0.0, 1.0): 1 / 30, (0.0, 3.0): 9 / 30, (1.0, 0.0): 1 / 15, (1.0, 3.0): 4 / 15,
                (3.0, 0.0): 9 / 39, (3.0, 1.0): 4 / 39}
    unexpected = set(counts) - set(expected)
    assert not unexpected, f"kmeans_plusplus picked pairs {unexpected}: the second centroid must differ from the first"
    for pair, p in expected.items():
        got = counts.get(pair, 0) / n
        sigma = np.sqrt(p * (1 - p) / n)
        # 4.5 sigma per cell: a correct sampler fails this about once in 10^5 runs
        assert abs(got - p) <= 4.5 * sigma, (
            f"over {n} seeds, kmeans_plusplus picked (first, second) = {pair} with frequency {got:.3f}, expected "
            f"{p:.3f} (+/- {4.5 * sigma:.3f}). The first centroid is uniform; the next is drawn with probability "
            "proportional to the SQUARED distance to the nearest chosen centroid (not the farthest point, not uniform)")


@pytest.mark.task(2)
def test_kmeans_plusplus_is_seeded_without_touching_global_state(cl, blobs, seed):
    a = call_keeps_global_state(lambda: cl.kmeans_plusplus(blobs, 4, seed=seed), "kmeans_plusplus(X, 4, seed)")
    b = cl.kmeans_plusplus(blobs, 4, seed=seed)
    assert np.array_equal(a, b), "kmeans_plusplus gave different centroids for the same seed"
    others = [cl.kmeans_plusplus(blobs, 4, seed=seed + i) for i in range(1, 6)]
    assert any(not np.array_equal(a, o) for o in others), "five other seeds all gave the same start: use the seed"


# ---------------------------------------------------------------- Task 3: kmeans

@pytest.mark.task(3)
def test_kmeans_returns_a_kmeans_result_with_typed_fields(cl, blobs, seed):
    res = cl.kmeans(blobs, 4, seed=seed)
    for field in ("centroids", "labels", "inertia", "n_iter"):
        assert hasattr(res, field), f"kmeans() returned {type(res).__name__} without .{field}: return KMeansResult(...)"
    assert isinstance(res.centroids, np.ndarray) and res.centroids.shape == (4, 2), (
        f"centroids should be an ndarray (4, 2), got {type(res.centroids).__name__} {np.shape(res.centroids)}")
    assert isinstance(res.labels, np.ndarray) and np.issubdtype(res.labels.dtype, np.integer) and res.labels.shape == (240,), (
        f"labels should be an integer ndarray (240,), got {type(res.labels).__name__} {getattr(res.labels, 'dtype', '')} {np.shape(res.labels)}")
    assert isinstance(res.inertia, (float, np.floating)), f"inertia should be a float, got {type(res.inertia).__name__}"
    assert isinstance(res.n_iter, (int, np.integer)), f"n_iter should be an int, got {type(res.n_iter).__name__}"


@pytest.mark.task(3)
def test_kmeans_result_is_a_lloyd_fixed_point_with_the_sum_of_squares_as_inertia(cl, mall_z, seed, monkeypatch):
    _forbid(monkeypatch, *KMEANS_LIBS)
    res = cl.kmeans(mall_z, 5, seed=seed)
    labels, d2 = _nearest(mall_z, np.asarray(res.centroids))
    assert np.array_equal(np.asarray(res.labels), labels), "the returned labels are not each point's nearest centroid"
    means = np.array([mall_z[labels == j].mean(axis=0) for j in range(5)])
    np.testing.assert_allclose(res.centroids, means, atol=1e-6,
                               err_msg="each returned centroid should be the mean of its points (run until convergence)")
    assert res.inertia == pytest.approx(d2.sum(), rel=1e-9), (
        f"inertia is {res.inertia}, but the sum of SQUARED distances to the centroids is {d2.sum():.6f}")


@pytest.mark.task(3)
@pytest.mark.parametrize("k, scaled", [pytest.param(3, True, id="k3-standardised"), pytest.param(5, True, id="k5-standardised"),
                                       pytest.param(8, True, id="k8-standardised"), pytest.param(5, False, id="k5-raw-units")])
def test_kmeans_inertia_is_within_1_percent_of_scikit_learn(cl, mall_z, mall_raw, seed, k, scaled):
    from sklearn.cluster import KMeans

    X = mall_z if scaled else mall_raw
    ours = cl.kmeans(X, k, seed=seed).inertia
    theirs = KMeans(n_clusters=k, n_init=10, random_state=seed).fit(X).inertia_
    assert ours <= 1.01 * theirs, (
        f"kmeans(X, {k}, seed) reached inertia {ours:.4f}, scikit-learn's KMeans(n_init=10) {theirs:.4f} "
        f"(ratio {ours / theirs:.4f}, expected <= 1.01): keep the best of n_init k-means++ runs")


@pytest.mark.task(3)
def test_kmeans_one_iteration_from_a_given_start_moves_centroids_to_the_means(cl, blobs):
    init = np.array([[1.0, 1.0], [6.0, 1.0], [1.0, 6.0], [6.0, 6.0]])
    res = cl.kmeans(blobs, 4, init=init, max_iter=1)
    labels, _ = _nearest(blobs, init)
    means = np.array([blobs[labels == j].mean(axis=0) for j in range(4)])
    np.testing.assert_allclose(res.centroids, means, atol=1e-9,
                               err_msg="kmeans(X, 4, init=C, max_iter=1) should do exactly one Lloyd step from C")
    assert res.n_iter == 1, f"with max_iter=1, n_iter is {res.n_iter}, expected 1"


@pytest.mark.task(3)
def test_kmeans_stops_once_converged_and_reports_its_iterations(cl, blobs):
    init = np.array([[4.0, 4.0], [6.0, 4.0], [4.0, 6.0], [6.0, 6.0]])
    res = cl.kmeans(blobs, 4, init=init, max_iter=300)
    assert 1 <= res.n_iter <= 25, (
        f"on four clear blobs, kmeans took n_iter={res.n_iter} (max_iter=300): stop when labels no longer change")
    again = cl.kmeans(blobs, 4, init=init, max_iter=int(res.n_iter))
    np.testing.assert_allclose(again.centroids, res.centroids, atol=1e-9,
                               err_msg=f"stopping at max_iter={res.n_iter} (the reported n_iter) gives other centroids")


@pytest.mark.task(3)
def test_kmeans_refills_an_empty_cluster(cl, blobs):
    init = np.array([[0.0, 0.0], [10.0, 0.0], [5.0, 10.0], [1000.0, 1000.0]])  # nobody is near the last one
    res = cl.kmeans(blobs, 4, init=init)
    C = np.asarray(res.centroids)
    assert np.isfinite(C).all(), f"kmeans returned non-finite centroids {C.tolist()}: an empty cluster's mean is NaN"
    found = sorted(set(np.asarray(res.labels).tolist()))
    assert found == [0, 1, 2, 3], (
        f"kmeans ended with clusters {found}: a cluster that becomes empty needs a new centroid "
        "(e.g. the point farthest from its own centroid)")


@pytest.mark.task(3)
def test_kmeans_is_seeded_without_touching_global_state(cl, mall_z, seed):
    a = call_keeps_global_state(lambda: cl.kmeans(mall_z, 6, seed=seed), "kmeans(X, 6, seed)")
    b = cl.kmeans(mall_z, 6, seed=seed)
    assert np.array_equal(a.labels, b.labels) and np.allclose(a.centroids, b.centroids), (
        "kmeans gave different results for the same seed")


# ---------------------------------------------------------------- Task 4: standardise, elbow, silhouette, k

@pytest.mark.task(4)
def test_standardise_gives_z_scores_with_population_std(cl, mall_raw):
    before = mall_raw.copy()
    Z = cl.standardise(mall_raw)
    assert isinstance(Z, np.ndarray), f"standardise() returned {type(Z).__name__}, expected an ndarray"
    np.testing.assert_allclose(Z, (before - before.mean(0)) / before.std(0), atol=1e-12,
                               err_msg="standardise: (X - mean) / std per column, std with ddof=0 like StandardScaler")
    assert np.array_equal(mall_raw, before), "standardise modified its input"


@pytest.mark.task(4)
def test_elbow_and_silhouette_scores_each_k_with_its_own_run(cl, mall_z, seed):
    from sklearn.metrics import silhouette_score

    ks = [1, 2, 4, 7]
    table = cl.elbow_and_silhouette(mall_z, ks, seed=seed)
    assert isinstance(table, pd.DataFrame), f"elbow_and_silhouette() returned {type(table).__name__}, expected a DataFrame"
    assert list(table.index) == ks, f"index is {list(table.index)}, expected the k values asked for {ks}"
    for col in ("inertia", "silhouette"):
        assert col in table.columns, f"column {col!r} missing (columns: {list(table.columns)})"
    assert np.isnan(table.loc[1, "silhouette"]), "the silhouette is undefined for k = 1: store NaN"
    for k in ks:
        run = cl.kmeans(mall_z, k, seed=seed)
        assert table.loc[k, "inertia"] == pytest.approx(run.inertia, rel=1e-9), (
            f"inertia at k={k} is {table.loc[k, 'inertia']}, but kmeans(X, {k}, seed) gives {run.inertia}")
        if k >= 2:
            want = silhouette_score(mall_z, run.labels)
            assert table.loc[k, "silhouette"] == pytest.approx(want, abs=1e-9), (
                f"silhouette at k={k} is {table.loc[k, 'silhouette']:.4f}; the silhouette of kmeans(X, {k}, seed).labels "
                f"on the same X is {want:.4f}: score each k's own labels on the data you clustered")


@pytest.mark.task(4)
def test_best_k_takes_the_highest_silhouette_ignoring_nan(cl):
    table = pd.DataFrame({"inertia": [90.0, 50.0, 30.0, 20.0, 15.0], "silhouette": [np.nan, 0.41, 0.38, 0.52, 0.47]},
                         index=pd.Index([1, 2, 3, 4, 5], name="k"))
    k = cl.best_k(table)
    assert isinstance(k, (int, np.integer)) and not isinstance(k, bool), f"best_k returned {type(k).__name__}, expected an int"
    assert k == 4, f"best_k returned {k}, expected 4 (silhouette 0.52 is the highest; it is the k, not the row position)"


@pytest.fixture
def segmented(cl, mall_customers, seed):
    return cl.segment_customers(mall_customers, seed=seed)


@pytest.mark.task(4)
def test_segment_customers_clusters_the_standardised_features_and_picks_k_5(cl, segmented, mall_z):
    for key in ("X", "scores", "k", "result"):
        assert key in segmented, f"segment_customers() returned keys {sorted(segmented)}, missing {key!r}"
    X = segmented["X"]
    assert isinstance(X, np.ndarray) and X.shape == (200, 2), f"X should be an ndarray (200, 2), got {type(X).__name__} {np.shape(X)}"
    np.testing.assert_allclose(X, mall_z, atol=1e-9, err_msg=(
        "X should be the STANDARDISED income and spending score (z-scores), in that column order"))
    assert list(segmented["scores"].index) == list(range(1, 11)), "scores should cover k = 1..10"
    assert segmented["k"] == 5, f"the chosen k is {segmented['k']}; the best silhouette on this data is at k = 5"
    res = segmented["result"]
    assert len(set(np.asarray(res.labels).tolist())) == 5, "the result should hold the 5-cluster run"
    means = np.array([mall_z[np.asarray(res.labels) == j].mean(axis=0) for j in range(5)])
    np.testing.assert_allclose(res.centroids, means, atol=1e-6,
                               err_msg="the centroids should be in standardised units (the means of X per cluster)")


@pytest.mark.task(4)
def test_segment_customers_silhouette_at_5_is_the_real_data_value(segmented):
    sil = segmented["scores"]["silhouette"]
    # scikit-learn's KMeans gives 0.555 at k=5 and 0.538 at k=6 on these standardised features
    assert sil.loc[5] >= 0.55, f"silhouette at k=5 is {sil.loc[5]:.3f}, expected about 0.555"
    assert sil.loc[5] > sil.loc[6] > sil.loc[2], f"silhouettes {sil.round(3).to_dict()} do not peak at 5"


@pytest.mark.task(4)
def test_segment_customers_is_seeded_without_touching_global_state(cl, mall_customers, seed):
    call_keeps_global_state(lambda: cl.segment_customers(mall_customers, seed=seed), "segment_customers(df, seed)")


def _lines_with(fig, xs, ys, tol):
    for ax in fig.axes:
        for line in ax.lines:
            x, y = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
            if x.shape == np.shape(xs) and np.allclose(x, xs) and np.allclose(y, ys, rtol=tol):
                return ax
    return None


@pytest.mark.task(4)
def test_plot_elbow_draws_inertia_and_silhouette_against_k(cl, outdir):
    import matplotlib.pyplot as plt

    table = pd.DataFrame({"inertia": [400.0, 269.1, 157.7, 108.9, 65.6, 56.1, 44.9],
                          "silhouette": [np.nan, 0.29, 0.47, 0.49, 0.55, 0.54, 0.53]},
                         index=pd.Index(range(1, 8), name="k"))
    path = outdir / "elbow.png"
    fig = cl.plot_elbow(table, path)
    assert isinstance(fig, plt.Figure), f"plot_elbow() returned {type(fig).__name__}, expected the Figure"
    ax = _lines_with(fig, np.arange(1, 8), table["inertia"].to_numpy(), 1e-6)
    assert ax is not None, "no line of inertia against k = 1..7 found: ax.plot(table.index, table['inertia'])"
    assert "inertia" in ax.get_ylabel().lower() and ax.get_xlabel().strip(), "label the elbow panel's axes (k, inertia)"
    ax2 = _lines_with(fig, np.arange(2, 8), table["silhouette"].to_numpy()[1:], 1e-6)
    assert ax2 is not None, "no line of silhouette against k = 2..7 found (leave out k = 1, where it is undefined)"
    assert "silhouette" in ax2.get_ylabel().lower(), "label the silhouette axis"
    assert_png(path, min_width=500, what="elbow/silhouette figure")


# ---------------------------------------------------------------- Task 5: the segment scatter plot

@pytest.fixture
def mall_segments(mall_raw, seed):
    from sklearn.cluster import KMeans

    z = (mall_raw - mall_raw.mean(0)) / mall_raw.std(0)
    labels = KMeans(n_clusters=5, n_init=10, random_state=seed).fit_predict(z)
    return mall_raw, labels


def _offsets_and_colours(ax):
    from matplotlib.collections import PathCollection

    pairs = []
    for coll in ax.collections:
        if not isinstance(coll, PathCollection):
            continue
        off = np.asarray(coll.get_offsets(), dtype=float)
        coll.update_scalarmappable()
        faces = np.asarray(coll.get_facecolors(), dtype=float).reshape(-1, 4)
        if len(faces) == 0:
            faces = np.asarray(coll.get_edgecolors(), dtype=float).reshape(-1, 4)
        faces = np.broadcast_to(faces, (len(off), 4)) if len(faces) == 1 else faces
        pairs.append((off, faces[:len(off)]))
    return pairs


@pytest.mark.task(5)
def test_plot_segments_colours_every_customer_by_segment(cl, mall_segments, outdir):
    import matplotlib.pyplot as plt

    raw, labels = mall_segments
    fig = cl.plot_segments(raw, labels, outdir / "segments.png")
    assert isinstance(fig, plt.Figure), f"plot_segments() returned {type(fig).__name__}, expected the Figure"
    colour_of: dict[tuple, set] = {}
    for ax in fig.axes:
        for off, faces in _offsets_and_colours(ax):
            for p, c in zip(np.round(off, 6), np.round(faces, 3)):
                colour_of.setdefault(tuple(p), set()).add(tuple(c))
    missing = [p for p in np.round(raw, 6) if tuple(p) not in colour_of]
    assert not missing, f"{len(missing)} of 200 customers are not in the scatter (plot all of them, in original units)"
    seg_colours = []
    for j in range(5):
        cs = set().union(*(colour_of[tuple(p)] for p in np.round(raw[labels == j], 6)))
        seg_colours.append(cs)
    assert len(set().union(*seg_colours)) >= 5 and all(
        not (seg_colours[i] & seg_colours[j]) for i in range(5) for j in range(i + 1, 5)), (
        "the 5 segments do not each get their own colour: colour the points by their label")


@pytest.mark.task(5)
def test_plot_segments_marks_each_centroid_in_original_units(cl, mall_segments, outdir):
    raw, labels = mall_segments
    fig = cl.plot_segments(raw, labels, outdir / "segments.png")
    want = np.array([raw[labels == j].mean(axis=0) for j in range(5)])
    points = []
    for ax in fig.axes:
        for off, _ in _offsets_and_colours(ax):
            points.extend(map(tuple, off))
        for line in ax.lines:
            points.extend(zip(np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)))
    points = np.array(points, dtype=float)
    for c in want:
        dist = np.sqrt(((points - c) ** 2).sum(axis=1)).min()
        assert dist < 1e-3, (
            f"no marker at the centroid ({c[0]:.1f} k$, {c[1]:.1f}) of a segment (closest drawn point {dist:.2f} away): "
            "mark the centroids in the plot's units, income and score, not the standardised ones")


@pytest.mark.task(5)
def test_plot_segments_labels_axes_adds_a_legend_and_saves_a_png(cl, mall_segments, outdir):
    raw, labels = mall_segments
    path = outdir / "segments.png"
    fig = cl.plot_segments(raw, labels, path)
    ax = fig.axes[0]
    assert "income" in ax.get_xlabel().lower(), f"x label is {ax.get_xlabel()!r}; name the annual income"
    assert "spending" in ax.get_ylabel().lower(), f"y label is {ax.get_ylabel()!r}; name the spending score"
    entries = legend_texts(ax)
    assert len(entries) >= 5, f"the legend has {len(entries)} entries {entries}; expected one per segment"
    assert_png(path, min_width=400, what="segment scatter plot")


# ---------------------------------------------------------------- Task 6 (stretch): silhouette by hand

@pytest.mark.task(6)
@pytest.mark.stretch
def test_silhouette_by_hand_matches_scikit_learn(cl, mall_segments, mall_z, monkeypatch):
    from sklearn.metrics import silhouette_score

    _, labels = mall_segments
    want = silhouette_score(mall_z, labels)
    _forbid(monkeypatch, "sklearn.metrics.silhouette_score", "sklearn.metrics.silhouette_samples")
    got = cl.silhouette_by_hand(mall_z, labels)
    assert isinstance(got, (float, np.floating)), f"silhouette_by_hand returned {type(got).__name__}, expected a float"
    assert got == pytest.approx(want, abs=1e-9), f"silhouette_by_hand gave {got:.6f}, scikit-learn {want:.6f}"


@pytest.mark.task(6)
@pytest.mark.stretch
def test_silhouette_by_hand_scores_a_point_alone_in_its_cluster_as_zero(cl, rng):
    from sklearn.metrics import silhouette_score

    X = np.concatenate([rng.standard_normal((15, 2)), rng.standard_normal((15, 2)) + 6, [[20.0, 20.0]]])
    labels = np.array([2] * 15 + [0] * 15 + [1])  # cluster 1 is a single point; label order is not 0, 1, 2
    got = cl.silhouette_by_hand(X, labels)
    assert got == pytest.approx(silhouette_score(X, labels), abs=1e-9), (
        f"silhouette_by_hand gave {got:.6f}, scikit-learn {silhouette_score(X, labels):.6f}: a singleton scores 0")
