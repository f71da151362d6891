"""Day 12 — Linear and logistic regression from scratch: batch gradient descent in NumPy."""
import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png, axes_artists, point_colours


@pytest.fixture(scope="module")
def gd():
    return kata.load("day12", "gradient_descent")


@pytest.fixture
def linear_data(rng):
    """200 rows, 3 features on different scales and off-centre (so the intercept matters), y linear + noise."""
    n = 200
    X = rng.standard_normal((n, 3)) * [1.0, 2.0, 0.5] + [1.0, -2.0, 0.5]
    y = X @ np.array([2.0, -3.0, 0.5]) + 4.0 + 0.5 * rng.standard_normal(n)
    return X, y


def _lstsq(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return coef[:-1], coef[-1]


def _max_stable_lr(X):
    """2 / largest eigenvalue of the MSE's Hessian (2/n) [X 1]^T [X 1]: the edge of stability."""
    A = np.column_stack([X, np.ones(len(X))])
    return 2.0 / np.linalg.eigvalsh(2.0 / len(X) * A.T @ A).max()


def _unpack(result, call):
    """(w, b, history) after checking the promised types: a tuple of a float ndarray, a float and a float ndarray."""
    assert isinstance(result, tuple) and len(result) == 3, (
        f"{call} returned {type(result).__name__}, expected the tuple (w, b, history)")
    w, b, history = result
    assert isinstance(w, np.ndarray) and np.issubdtype(w.dtype, np.floating), (
        f"{call}: w is {type(w).__name__} (dtype {getattr(w, 'dtype', '-')}), expected a float ndarray")
    assert isinstance(b, float), f"{call}: b is {type(b).__name__}, expected a float (float(b))"
    assert isinstance(history, np.ndarray) and np.issubdtype(history.dtype, np.floating), (
        f"{call}: history is {type(history).__name__}, expected a float ndarray with one loss per step")
    return w, b, history


# ---------------------------------------------------------------- Task 1: batch gradient descent

@pytest.mark.task(1)
def test_fit_linear_gd_returns_weights_bias_and_one_loss_per_step(gd, linear_data):
    X, y = linear_data
    w, b, history = _unpack(gd.fit_linear_gd(X, y, lr=0.05, n_iter=25), "fit_linear_gd(X, y, lr=0.05, n_iter=25)")
    assert w.shape == (3,), f"w has shape {w.shape}, expected (3,): one weight per feature"
    assert history.shape == (25,), f"history has shape {history.shape}, expected (25,): one loss per step"


@pytest.mark.task(1)
def test_one_step_from_zero_is_one_full_batch_gradient_step(gd, linear_data):
    X, y = linear_data
    lr = 0.01
    w, b, _ = _unpack(gd.fit_linear_gd(X, y, lr=lr, n_iter=1), "fit_linear_gd(X, y, lr=0.01, n_iter=1)")
    # from w = 0, b = 0 the residual is -y: one step gives w = lr * (2/n) X^T y, b = lr * (2/n) sum(y)
    n = len(y)
    w_expected, b_expected = lr * 2.0 / n * X.T @ y, lr * 2.0 / n * y.sum()
    np.testing.assert_allclose(w, w_expected, rtol=1e-10, err_msg=(
        "one step of fit_linear_gd from w = 0 should give w = lr * (2/n) * X.T @ y: use the gradient of "
        "mean((Xw + b - y)**2) over ALL rows (batch, not one sample or a mini-batch), with its factor 2/n"))
    assert b == pytest.approx(b_expected, rel=1e-10), (
        f"after one step b = {b}, expected lr * (2/n) * sum(y) = {b_expected}: the bias has a gradient too")


@pytest.mark.task(1)
def test_fit_linear_gd_reaches_the_least_squares_solution(gd, linear_data):
    X, y = linear_data
    w, b, _ = _unpack(gd.fit_linear_gd(X, y, lr=0.05, n_iter=700), "fit_linear_gd(X, y, lr=0.05, n_iter=700)")
    w_star, b_star = _lstsq(X, y)
    # 700 steps at lr=0.05 bring the error to ~1e-5 on this data; 1e-3 leaves a wide margin
    np.testing.assert_allclose(w, w_star, atol=1e-3, err_msg=(
        f"fit_linear_gd weights {w} are not the least-squares weights {w_star} (np.linalg.lstsq with an intercept "
        "column): is each step using the current w and b?"))
    assert b == pytest.approx(b_star, abs=1e-3), f"the bias {b:.5f} differs from the least-squares intercept {b_star:.5f}"


@pytest.mark.task(1)
def test_loss_history_is_the_mse_and_never_increases(gd, linear_data):
    X, y = linear_data
    w, b, history = _unpack(gd.fit_linear_gd(X, y, lr=0.05, n_iter=300), "fit_linear_gd(X, y, lr=0.05, n_iter=300)")
    final_mse = np.mean((X @ w + b - y) ** 2)
    assert history[-1] == pytest.approx(final_mse, rel=1e-9), (
        f"history[-1] = {history[-1]}, but mean((X @ w + b - y)**2) of the returned w, b is {final_mse}: "
        "record the mean squared error after each step")
    assert history[0] < np.mean(y ** 2), "history[0] (after one step) should be below the loss at w = 0, b = 0"
    rises = np.flatnonzero(np.diff(history) > 1e-9 * history[:-1])
    assert rises.size == 0, f"the loss went up at steps {rises[:5] + 2} with a stable learning rate (0.05)"


@pytest.mark.task(1)
def test_fit_linear_gd_leaves_its_inputs_unchanged(gd, linear_data):
    X, y = linear_data
    X0, y0 = X.copy(), y.copy()
    gd.fit_linear_gd(X, y, lr=0.05, n_iter=10)
    assert np.array_equal(X, X0) and np.array_equal(y, y0), "fit_linear_gd modified X or y (in-place scaling?)"


# ---------------------------------------------------------------- Task 2: a learning rate that is too large

@pytest.mark.task(2)
@pytest.mark.parametrize("factor", [pytest.param(1.1, id="just-past-the-edge"), pytest.param(5.0, id="far-too-large")])
def test_a_too_large_learning_rate_raises_a_clear_error(gd, linear_data, factor):
    X, y = linear_data
    lr = factor * _max_stable_lr(X)
    with pytest.raises(gd.DivergenceError) as info:
        with np.errstate(all="ignore"):
            gd.fit_linear_gd(X, y, lr=lr, n_iter=5000)
    message = str(info.value).lower()
    assert "lr" in message or "learning rate" in message, (
        f"fit_linear_gd(lr={lr:.3f}) raised {info.value!r}; the message should name the learning rate")


# Just past the edge the loss grows by ~40 % a step: after 60 steps it is ~1e12, large but finite.
@pytest.mark.task(2)
def test_a_diverging_rate_raises_while_the_loss_is_still_finite(gd, linear_data):
    X, y = linear_data
    lr = 1.1 * _max_stable_lr(X)
    try:
        with np.errstate(all="ignore"):
            w, b, history = _unpack(gd.fit_linear_gd(X, y, lr=lr, n_iter=60), f"fit_linear_gd(lr={lr:.4f}, n_iter=60)")
    except gd.DivergenceError:
        return
    pytest.fail(f"fit_linear_gd(lr={lr:.4f}, n_iter=60) returned without DivergenceError although the loss rose at "
                f"every step, from {np.mean(y ** 2):.3g} to {history[-1]:.3g} (still finite): raise as soon as the loss "
                "rises above the previous one by more than a relative 1e-9, not only when it overflows", pytrace=False)


@pytest.mark.task(2)
@pytest.mark.parametrize("factor, n_iter", [pytest.param(0.9, 300, id="0.9x-edge-300-steps"),
                                            pytest.param(0.9, 3000, id="0.9x-edge-3000-steps-to-rounding-noise"),
                                            pytest.param(0.5, 3000, id="0.5x-edge-3000-steps-to-rounding-noise")])
def test_a_large_but_stable_learning_rate_does_not_raise(gd, linear_data, factor, n_iter):
    X, y = linear_data
    lr = factor * _max_stable_lr(X)  # below 2/L the loss of a quadratic decreases at every step (up to rounding)
    call = f"fit_linear_gd(lr={lr:.4f}, n_iter={n_iter})"
    try:
        w, b, history = _unpack(gd.fit_linear_gd(X, y, lr=lr, n_iter=n_iter), call)
    except ValueError as exc:
        pytest.fail(f"{call} raised {exc!r}, but this rate ({factor} x the edge of stability 2/L) converges; after "
                    "~500 steps the loss only wobbles by rounding (relative 1e-16): raise only when it rises by more "
                    "than a relative 1e-9, or is not finite", pytrace=False)
    assert history.shape == (n_iter,) and np.all(np.isfinite(history)), (
        f"{call}: the history should hold {n_iter} finite losses")


# ---------------------------------------------------------------- Task 3: the loss curve figure

@pytest.mark.task(3)
def test_plot_loss_curve_saves_the_history_as_a_line(gd, outdir):
    import matplotlib.pyplot as plt

    history = 10.0 * 0.9 ** np.arange(50) + 1.0
    path = outdir / "loss_curve.png"
    ax = gd.plot_loss_curve(history, path)
    from matplotlib.axes import Axes

    try:
        assert isinstance(ax, Axes), f"plot_loss_curve(history, path) returned {type(ax).__name__}, expected the Axes"
        assert_png(path, what="loss curve")
        ys = [np.asarray(line.get_ydata(), dtype=float) for line in ax.lines]
        assert any(len(v) == len(history) and np.allclose(v, history) for v in ys), (
            "plot_loss_curve(history, path): no line of the returned Axes has the history as its y data")
        art = axes_artists(ax)
        assert art["has_xlabel"] and art["has_ylabel"], "label both axes (step, loss)"
    finally:
        plt.close("all")


# ---------------------------------------------------------------- Task 4 (stretch): logistic regression

@pytest.fixture
def binary_data(seed):
    from sklearn.datasets import make_classification

    X, y = make_classification(n_samples=400, n_features=2, n_redundant=0, n_informative=2, n_clusters_per_class=1,
                               class_sep=1.0, flip_y=0.05, random_state=seed)
    return X, y


@pytest.mark.task(4)
@pytest.mark.stretch
def test_one_logistic_step_from_zero_is_the_mean_log_loss_gradient(gd, binary_data):
    X, y = binary_data
    lr = 0.1
    w, b, _ = _unpack(gd.fit_logistic_gd(X, y, lr=lr, n_iter=1), "fit_logistic_gd(X, y, lr=0.1, n_iter=1)")
    # at w = 0, b = 0 every p is 0.5: one step gives w = lr/n X^T (y - 0.5), b = lr * mean(y - 0.5)
    np.testing.assert_allclose(w, lr / len(y) * X.T @ (y - 0.5), rtol=1e-10, err_msg=(
        "one step of fit_logistic_gd from zero should give w = lr/n * X.T @ (y - 0.5): gradient of the mean "
        "log-loss, (1/n) X.T @ (sigmoid(Xw + b) - y), over all rows"))
    assert b == pytest.approx(lr * np.mean(y - 0.5), rel=1e-10), "after one step b should be lr * mean(y - 0.5)"


@pytest.mark.task(4)
@pytest.mark.stretch
def test_logistic_gd_accuracy_matches_unregularised_sklearn(gd, binary_data):
    from sklearn.linear_model import LogisticRegression

    X, y = binary_data
    w, b, history = _unpack(gd.fit_logistic_gd(X, y, lr=0.5, n_iter=2000), "fit_logistic_gd(X, y, lr=0.5, n_iter=2000)")
    mine = np.mean((X @ w + b > 0).astype(int) == y)
    ref = LogisticRegression(C=np.inf, max_iter=5000).fit(X, y).score(X, y)  # C=inf: no penalty
    assert abs(mine - ref) <= 0.02, (
        f"training accuracy of your logistic GD is {mine:.3f}, scikit-learn's unregularised LogisticRegression "
        f"gets {ref:.3f}; expected within 2 percentage points")
    assert np.all(np.diff(history) <= 1e-9 * history[:-1]), "the log-loss history should never increase at lr=0.5"


def _log_loss(X, y, w, b) -> float:
    z = X @ w + b
    return float(np.mean(np.logaddexp(0.0, z) - y * z))


@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.parametrize("n_iter", [pytest.param(1, id="one-step"), pytest.param(300, id="300-steps")])
def test_logistic_history_is_the_mean_log_loss_after_each_step(gd, binary_data, n_iter):
    X, y = binary_data
    call = f"fit_logistic_gd(X, y, lr=0.5, n_iter={n_iter})"
    w, b, history = _unpack(gd.fit_logistic_gd(X, y, lr=0.5, n_iter=n_iter), call)
    assert history.shape == (n_iter,), f"{call}: history has shape {history.shape}, expected ({n_iter},): one loss per step"
    expected = _log_loss(X, y, w, b)
    # 1e-7: the plain formula with np.log(p) and np.log(1 - p) loses a few digits where p is near 0 or 1
    assert history[-1] == pytest.approx(expected, rel=1e-7), (
        f"{call}: history[-1] = {history[-1]!r}, but the mean log-loss of the returned w, b is {expected!r}: record "
        "-mean(y log p + (1 - y) log(1 - p)) AFTER each step (natural log, a mean over rows, not a sum, not the MSE)")


# ---------------------------------------------------------------- Task 5 (stretch): the decision boundary

def _scatter_labels(ax, X, y):
    """The class of every scattered point (in point_colours order), looked up by its coordinates."""
    from matplotlib.collections import PathCollection

    label_of = {tuple(np.round(p, 9)): int(c) for p, c in zip(X, y)}
    out = []
    for coll in ax.collections:
        if isinstance(coll, PathCollection) and len(coll.get_offsets()):
            out += [label_of.get(tuple(np.round(np.asarray(p, dtype=float), 9))) for p in coll.get_offsets()]
    return out

@pytest.mark.task(5)
@pytest.mark.stretch
def test_plot_decision_boundary_draws_points_and_the_line_where_xw_plus_b_is_zero(gd, binary_data, outdir):
    import matplotlib.pyplot as plt

    X, y = binary_data
    w, b = np.array([1.5, -2.0]), 0.3
    path = outdir / "decision_boundary.png"
    ax = gd.plot_decision_boundary(X, y, w, b, path)
    try:
        assert_png(path, what="decision boundary plot")
        assert axes_artists(ax)["path_collections"] >= 1, "scatter the data points (ax.scatter) coloured by class"
        ax.figure.canvas.draw()
        colours = point_colours(ax)
        assert len(colours) == len(X), f"the Axes scatters {len(colours)} points, expected all {len(X)}"
        by_class = {c: {col for col, label in zip(colours, _scatter_labels(ax, X, y)) if label == c} for c in (0, 1)}
        assert by_class[0] and by_class[1] and not (by_class[0] & by_class[1]), (
            "the two classes share a colour: colour the points by class (ax.scatter(..., c=y) or one call per class)")
        on_boundary = []
        for line in ax.lines:
            pts = np.column_stack([np.asarray(v, dtype=float) for v in line.get_data()])
            if len(pts) >= 2 and np.ptp(pts, axis=0).max() > 0:
                on_boundary.append(np.abs(pts @ w + b).max() / np.linalg.norm(w) < 1e-6)
        assert any(on_boundary), (
            "no line of the Axes lies on x0 * w[0] + x1 * w[1] + b = 0 (w = [1.5, -2.0], b = 0.3): "
            "solve for x1 = -(w[0] * x0 + b) / w[1] over the range of x0 and ax.plot it")
    finally:
        plt.close("all")
