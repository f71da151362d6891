"""Day 22 — Dimensionality reduction: PCA by SVD, reconstruction error, an MNIST subset,
PCA-50 -> t-SNE-2 with its trustworthiness, the figure and the note; the full 10,000 as slow."""
import re

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png, legend_texts, read_saved_text
from katalib.randomstate import call_keeps_global_state

N_SUBSET = 600          # t-SNE on 600 points: 2-3 s with one thread on an idle machine
TRUST_BOUND = 0.95      # the reference reaches 0.974 (k = 5) on these 600 points; PCA-2 alone gives 0.73


@pytest.fixture(scope="module")
def dr():
    return kata.load("day22", "dimred")


@pytest.fixture
def data(rng):
    """Correlated 6-D data far from the origin, with very different column scales."""
    A = rng.standard_normal((6, 6)) * np.array([5.0, 3.0, 2.0, 1.0, 0.5, 0.1])[:, None]
    return rng.standard_normal((120, 6)) @ A + np.array([50.0, -20.0, 7.0, 100.0, 0.0, 3.0])


def _forbid(monkeypatch, *targets):
    import importlib

    for dotted in targets:
        module, name = dotted.rsplit(".", 1)
        mod = importlib.import_module(module)

        def refuse(*args, _name=dotted, **kwargs):
            raise AssertionError(f"{_name} was called: compute PCA from np.linalg.svd of the centred data")

        monkeypatch.setattr(mod, name, refuse)


PCA_SHORTCUTS = ("sklearn.decomposition.PCA", "numpy.linalg.eig", "numpy.linalg.eigh", "numpy.cov")


# ---------------------------------------------------------------- Task 1: PCA by SVD

@pytest.mark.task(1)
def test_pca_svd_returns_a_pca_result_with_arrays_of_the_right_shapes(dr, data):
    res = dr.pca_svd(data, 3)
    for field in ("mean", "components", "explained_variance_ratio"):
        assert hasattr(res, field), f"pca_svd() returned {type(res).__name__} without .{field}: return PCAResult(...)"
        assert isinstance(getattr(res, field), np.ndarray), f".{field} should be an ndarray, got {type(getattr(res, field)).__name__}"
    assert res.mean.shape == (6,) and res.components.shape == (3, 6) and res.explained_variance_ratio.shape == (3,), (
        f"shapes: mean {res.mean.shape}, components {res.components.shape}, ratio {res.explained_variance_ratio.shape}; "
        "expected (6,), (3, 6), (3,): components are ROWS")


@pytest.mark.task(1)
@pytest.mark.parametrize("k", [pytest.param(1, id="k1"), pytest.param(3, id="k3"), pytest.param(6, id="all-6")])
def test_pca_svd_matches_scikit_learn_up_to_sign(dr, data, monkeypatch, k):
    from sklearn.decomposition import PCA

    ref = PCA(n_components=k, svd_solver="full").fit(data)
    _forbid(monkeypatch, *PCA_SHORTCUTS)
    res = dr.pca_svd(data, k)
    np.testing.assert_allclose(res.mean, ref.mean_, atol=1e-9, err_msg="mean should be the column means of X")
    np.testing.assert_allclose(res.explained_variance_ratio, ref.explained_variance_ratio_, atol=1e-6, err_msg=(
        "explained_variance_ratio differs from sklearn's: s**2 over the sum of ALL s**2 (not only the kept ones), "
        "from the SVD of the CENTRED data"))
    dots = np.abs(np.sum(np.asarray(res.components) * ref.components_, axis=1))
    np.testing.assert_allclose(dots, 1.0, atol=1e-6, err_msg=(
        "each component should equal sklearn's up to its sign (|dot| = 1): the rows of Vt, in order"))


@pytest.mark.task(1)
def test_pca_transform_and_reconstruct_round_trip_with_all_components(dr, data):
    res = dr.pca_svd(data, 6)
    Z = dr.pca_transform(data, res)
    assert isinstance(Z, np.ndarray) and Z.shape == (120, 6), f"pca_transform gave {type(Z).__name__} {np.shape(Z)}, expected (120, 6)"
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-9, err_msg="the scores should be centred: subtract pca.mean first")
    back = dr.pca_reconstruct(Z, res)
    np.testing.assert_allclose(back, data, atol=1e-8, err_msg="with all 6 components, reconstruct(transform(X)) must give X back")


@pytest.mark.task(1)
def test_pca_transform_gives_uncorrelated_scores_with_falling_variance(dr, data):
    Z = dr.pca_transform(data, dr.pca_svd(data, 4))
    cov = np.cov(Z, rowvar=False)
    off = np.abs(cov - np.diag(np.diag(cov))).max()
    assert off < 1e-8 * np.abs(cov).max(), f"the scores should be uncorrelated (largest covariance {off:.3g})"
    assert np.all(np.diff(np.diag(cov)) <= 0), f"score variances {np.diag(cov).round(3)} should fall: largest first"


@pytest.mark.task(1)
def test_pca_svd_leaves_its_input_unchanged(dr, data):
    before = data.copy()
    dr.pca_svd(data, 2)
    assert np.array_equal(data, before), "pca_svd modified X (centre a copy: X - mean, not X -= mean)"


# ---------------------------------------------------------------- Task 2: reconstruction error

@pytest.mark.task(2)
def test_reconstruction_errors_fall_to_zero_and_equal_the_discarded_variance(dr, data):
    ks = [5, 1, 3, 6]
    errs = dr.reconstruction_errors(data, ks)
    assert isinstance(errs, dict) and sorted(errs) == sorted(ks), f"reconstruction_errors returned {errs!r}, expected keys {ks}"
    Xc = data - data.mean(0)
    s = np.linalg.svd(Xc, compute_uv=False)
    for k in ks:
        want = (s[k:] ** 2).sum() / Xc.size  # the variance left in the discarded directions, per entry
        assert errs[k] == pytest.approx(want, rel=1e-6, abs=1e-9), (
            f"error with k={k} is {errs[k]:.6g}, expected {want:.6g}: the MEAN of the squared differences over all entries")
    values = [errs[k] for k in sorted(ks)]
    assert all(a > b for a, b in zip(values, values[1:-1])), f"errors {values} should fall as k grows"


# ---------------------------------------------------------------- Task 3: the MNIST subset

@pytest.mark.task(3)
def test_mnist_subset_returns_flattened_scaled_real_images_with_their_labels(dr, mnist_test, seed):
    images, labels = mnist_test
    X, y = dr.mnist_subset(images, labels, 300, seed=seed)
    assert isinstance(X, np.ndarray) and X.dtype == np.float64 and X.shape == (300, 784), (
        f"X should be float64 (300, 784), got {type(X).__name__} {getattr(X, 'dtype', '')} {np.shape(X)}")
    assert isinstance(y, np.ndarray) and np.issubdtype(y.dtype, np.integer) and y.shape == (300,), "y should be int (300,)"
    assert X.min() >= 0 and X.max() <= 1 and X.max() > 0.9, f"pixels range {X.min()}..{X.max()}: divide by 255"
    lookup = {img.tobytes(): int(lab) for img, lab in zip(images.reshape(len(images), -1), labels)}
    as_bytes = [np.rint(row * 255).astype(np.uint8).tobytes() for row in X]
    assert all(b in lookup for b in as_bytes), "some rows are not MNIST test images"
    assert all(lookup[b] == int(c) for b, c in zip(as_bytes, y)), "an image is paired with the wrong label"
    assert len(set(as_bytes)) == 300, "some images appear twice: draw without replacement (replace=False)"


@pytest.mark.task(3)
def test_mnist_subset_is_random_not_the_first_rows(dr, mnist_test, seed):
    images, labels = mnist_test
    _, y = dr.mnist_subset(images, labels, 500, seed=seed)
    assert not np.array_equal(y, labels[:500]), "the subset is the first 500 images: draw a random subset"
    assert len(set(y.tolist())) == 10, "a random subset of 500 holds all ten digits"


@pytest.mark.task(3)
def test_mnist_subset_is_seeded_without_touching_global_state(dr, mnist_test, seed):
    images, labels = mnist_test
    X1, y1 = call_keeps_global_state(lambda: dr.mnist_subset(images, labels, 100, seed=seed), "mnist_subset(..., seed)")
    X2, y2 = dr.mnist_subset(images, labels, 100, seed=seed)
    _, y3 = dr.mnist_subset(images, labels, 100, seed=seed + 1)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2), "the same seed gave a different subset"
    assert not np.array_equal(y1, y3), "two seeds gave the same subset: pass the seed to default_rng"


# ---------------------------------------------------------------- Task 4: PCA-50 -> t-SNE-2

@pytest.fixture(scope="module")
def mnist_small():
    """The test's own seeded 600-image subset (independent of the learner's mnist_subset)."""
    from katalib import datasets

    images, labels = datasets.load_mnist("test")
    idx = np.random.default_rng(2024).choice(len(images), N_SUBSET, replace=False)
    return images[idx].reshape(N_SUBSET, -1) / 255.0, labels[idx].astype(int)


@pytest.fixture(scope="module")
def embedding(dr, mnist_small):
    """The learner's embed_tsne on the subset, with the dimensions t-SNE was given recorded."""
    from sklearn.manifold import TSNE

    X, _ = mnist_small
    seen = []
    original_ft, original_fit = TSNE.fit_transform, TSNE.fit

    def spy_ft(self, X, *a, **kw):
        seen.append(np.shape(X))
        return original_ft(self, X, *a, **kw)

    def spy_fit(self, X, *a, **kw):
        seen.append(np.shape(X))
        return original_fit(self, X, *a, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(TSNE, "fit_transform", spy_ft)
        mp.setattr(TSNE, "fit", spy_fit)
        E = dr.embed_tsne(X, seed=0)
    return E, seen


@pytest.mark.task(4)
@pytest.mark.timeout(120)
def test_embed_tsne_returns_one_2d_point_per_image(embedding):
    E, _ = embedding
    assert isinstance(E, np.ndarray) and E.shape == (N_SUBSET, 2), (
        f"embed_tsne returned {type(E).__name__} {np.shape(E)}, expected ndarray ({N_SUBSET}, 2)")
    assert np.isfinite(E).all(), "the embedding holds NaN or inf"


@pytest.mark.task(4)
@pytest.mark.timeout(120)
def test_embed_tsne_runs_tsne_on_50_pca_components(embedding):
    _, seen = embedding
    assert seen, "embed_tsne did not call sklearn.manifold.TSNE (fit_transform or fit)"
    assert seen[0] == (N_SUBSET, 50), (
        f"t-SNE was given data of shape {seen[0]}, expected ({N_SUBSET}, 50): reduce with PCA to 50 components first")


@pytest.mark.task(4)
@pytest.mark.timeout(120)
def test_embed_tsne_is_trustworthy(embedding, mnist_small):
    from sklearn.manifold import trustworthiness

    E, _ = embedding
    X, _ = mnist_small
    t = trustworthiness(X, E, n_neighbors=5)
    assert t >= TRUST_BOUND, (
        f"trustworthiness of the embedding (5 neighbours, against the 784 pixels) is {t:.3f}, expected >= {TRUST_BOUND}: "
        "t-SNE on the PCA-50 scores with default settings reaches ~0.974")


@pytest.mark.task(4)
@pytest.mark.timeout(120)
def test_embed_tsne_is_seeded_without_touching_global_state(dr, mnist_small, seed):
    X = mnist_small[0][:100]
    a = call_keeps_global_state(lambda: dr.embed_tsne(X, seed=seed), "embed_tsne(X, seed)")
    b = dr.embed_tsne(X, seed=seed)
    np.testing.assert_allclose(a, b, atol=1e-6, err_msg="embed_tsne gave different embeddings for the same seed")


# ---------------------------------------------------------------- Task 5: the figure and the note

@pytest.mark.task(5)
def test_plot_embedding_colours_each_digit_with_a_legend(dr, rng, outdir):
    import matplotlib.pyplot as plt
    from matplotlib.collections import PathCollection

    y = rng.permutation(np.repeat(np.arange(10), 30))
    E = rng.standard_normal((300, 2)) + 4 * np.c_[np.cos(y), np.sin(y)]
    fig = dr.plot_embedding(E, y, outdir / "tsne.png")
    assert isinstance(fig, plt.Figure), f"plot_embedding() returned {type(fig).__name__}, expected the Figure"
    ax = fig.axes[0]
    colour_of = {}
    for coll in ax.collections:
        if isinstance(coll, PathCollection):
            coll.update_scalarmappable()
            faces = np.asarray(coll.get_facecolors()).reshape(-1, 4)
            off = np.asarray(coll.get_offsets())
            faces = np.broadcast_to(faces, (len(off), 4)) if len(faces) == 1 else faces
            for p, c in zip(np.round(off, 6), np.round(faces, 3)):
                colour_of[tuple(p)] = tuple(c)
    assert all(tuple(p) in colour_of for p in np.round(E, 6)), "not every point of the embedding is in the scatter"
    per_digit = [{colour_of[tuple(p)] for p in np.round(E[y == d], 6)} for d in range(10)]
    assert all(len(c) == 1 for c in per_digit) and len(set().union(*per_digit)) == 10, (
        "each digit should have one colour of its own (10 colours): colour by the label")
    entries = legend_texts(ax)
    digits = [re.sub(r"\\mathdefault|[^0-9]", "", e) for e in entries]  # "3", "digit 3" or mathtext "$\\mathdefault{3}$"
    assert sorted(d for d in digits if len(d) == 1) == [str(d) for d in range(10)], (
        f"the legend should list the digits 0..9, found {entries}")


@pytest.mark.task(5)
def test_plot_embedding_saves_a_high_resolution_png(dr, rng, outdir):
    y = rng.integers(0, 10, 200)
    path = outdir / "tsne.png"
    dr.plot_embedding(rng.standard_normal((200, 2)), y, path)
    assert_png(path, min_width=1600, min_height=1600, what="high-resolution t-SNE figure (>= 1600 x 1600 px)")


@pytest.mark.task(5)
@pytest.mark.parametrize("n_points, variance, trust", [pytest.param(600, 0.8472, 0.9745, id="600-points"),
                                                       pytest.param(10000, 0.8253, 0.9904, id="10000-points")])
def test_write_note_states_the_numbers_and_explains(dr, outdir, n_points, variance, trust):
    path = outdir / "tsne_note.md"
    dr.write_note(path, n_points=n_points, pca_variance=variance, trust=trust)
    text = read_saved_text(path, "write_note(path, ...)")
    flat = text.replace(",", "")
    assert str(n_points) in flat, f"the note should state the number of points ({n_points})"
    assert f"{variance * 100:.1f}" in text, f"the note should state the variance kept by PCA-50 as {variance * 100:.1f} %"
    assert f"{trust:.3f}" in text, f"the note should state the trustworthiness to three decimals ({trust:.3f})"
    lowered = text.lower()
    assert "trustworth" in lowered and "neighbo" in lowered, "say what trustworthiness measures (kept neighbourhoods)"
    assert len(text.split()) >= 40, "a few sentences, please: what t-SNE keeps and what it does not"


# ---------------------------------------------------------------- Task 6 (stretch): components for a share

@pytest.mark.task(6)
@pytest.mark.stretch
@pytest.mark.parametrize("share", [pytest.param(0.5, id="50pc"), pytest.param(0.9, id="90pc"), pytest.param(0.99, id="99pc")])
def test_components_for_finds_the_smallest_k_reaching_the_share(dr, mnist_small, share):
    from sklearn.decomposition import PCA

    X = mnist_small[0][:400]
    cum = np.cumsum(PCA().fit(X).explained_variance_ratio_)
    want = int(np.argmax(cum >= share) + 1)
    got = dr.components_for(X, share)
    assert isinstance(got, (int, np.integer)), f"components_for returned {type(got).__name__}, expected an int"
    assert got == want, f"components_for(X, {share}) = {got}; {want} components are the fewest whose ratios reach {share}"


# ---------------------------------------------------------------- slow: the full 10,000 test images

@pytest.mark.task(4)
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_full_mnist_test_set_embedding_is_trustworthy(dr, mnist_test, outdir):
    from sklearn.manifold import trustworthiness

    images, labels = mnist_test
    X = images.reshape(len(images), -1) / 255.0
    E = dr.embed_tsne(X, seed=0)
    assert np.shape(E) == (10_000, 2), f"embed_tsne on the 10,000 test images returned shape {np.shape(E)}"
    dr.plot_embedding(E, labels, outdir / "tsne_full.png")
    assert_png(outdir / "tsne_full.png", min_width=1600, min_height=1600, what="full t-SNE figure")
    t = trustworthiness(X.astype(np.float32), E, n_neighbors=5)
    assert t >= TRUST_BOUND, f"trustworthiness on all 10,000 images is {t:.3f}, expected >= {TRUST_BOUND}"
