"""Day 27 — PyTorch tensors and autograd: linear regression on the tips data, by hand and with nn.Linear + SGD."""
import ast
import re
import runpy

import numpy as np
import pytest

from katalib import kata


@pytest.fixture(scope="module")
def reg():
    return kata.load("day27", "torch_reg")


@pytest.fixture
def tips_xy(tips):
    """tip ~ standardised (total_bill, size): 244 real rows, features correlated (r = 0.6)."""
    X = tips[["total_bill", "size"]].to_numpy(dtype=float)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X, tips["tip"].to_numpy(dtype=float)


def _lstsq(X, y):
    A = np.column_stack([X, np.ones(len(X))])
    coef = np.linalg.lstsq(A, y, rcond=None)[0]
    return coef[:-1], coef[-1]


def _numpy_gd(X, y, lr, n_steps):
    """Plain full-batch gradient descent on the MSE: the weights and the gradient norm of every step."""
    A = np.column_stack([X, np.ones(len(X))])
    theta = np.zeros(A.shape[1])
    norms = []
    for _ in range(n_steps):
        g = 2.0 / len(y) * A.T @ (A @ theta - y)
        norms.append(np.linalg.norm(g))
        theta = theta - lr * g
    return theta[:-1], theta[-1], norms


def _max_stable_lr(X):
    A = np.column_stack([X, np.ones(len(X))])
    return 2.0 / np.linalg.eigvalsh(2.0 / len(X) * A.T @ A).max()


def _unpack_manual(torch, result, call, d, n_steps):
    assert isinstance(result, tuple) and len(result) == 3, f"{call} returned {type(result).__name__}, expected (w, b, grad_norms)"
    w, b, norms = result
    assert isinstance(w, torch.Tensor), f"{call}: w is a {type(w).__name__}, expected a torch.Tensor"
    assert w.dtype == torch.float64 and tuple(w.shape) == (d,), f"{call}: w has dtype {w.dtype} and shape {tuple(w.shape)}, expected float64 ({d},)"
    assert not w.requires_grad, f"{call}: return w.detach(), not the tensor that still tracks gradients"
    assert isinstance(b, float), f"{call}: b is a {type(b).__name__}, expected a float (float(b.detach()))"
    assert isinstance(norms, list) and len(norms) == n_steps and all(isinstance(g, float) for g in norms), (
        f"{call}: grad_norms should be a list of {n_steps} floats, got {type(norms).__name__} of length {len(norms)}")
    return w.numpy(), b, norms


# ---------------------------------------------------------------- Task 1: the manual loop

@pytest.mark.task(1)
def test_one_manual_step_from_zero_is_one_gradient_step(reg, torch, tips_xy):
    X, y = tips_xy
    w, b, norms = _unpack_manual(torch, reg.fit_manual(X, y, lr=0.05, n_steps=1), "fit_manual(X, y, lr=0.05, n_steps=1)", 2, 1)
    n = len(y)
    np.testing.assert_allclose(w, 0.05 * 2 / n * X.T @ y, rtol=1e-10, err_msg=(
        "one step from w = 0 should give w = lr * (2/n) X^T y: the loss is the MEAN of the squared errors"))
    assert b == pytest.approx(0.05 * 2 / n * y.sum(), rel=1e-10), "after one step b should be lr * (2/n) * sum(y)"
    expected = np.linalg.norm(2 / n * np.column_stack([X, np.ones(n)]).T @ y)
    assert norms[0] == pytest.approx(expected, rel=1e-10), (
        f"the first gradient norm is {norms[0]}, expected {expected}: the L2 norm of (dL/dw, dL/db) together, before the update")


@pytest.mark.task(1)
def test_manual_loop_zeroes_the_gradients_every_step(reg, torch, tips_xy):
    X, y = tips_xy
    w, b, norms = _unpack_manual(torch, reg.fit_manual(X, y, lr=0.1, n_steps=6), "fit_manual(X, y, lr=0.1, n_steps=6)", 2, 6)
    w_ref, b_ref, norms_ref = _numpy_gd(X, y, 0.1, 6)
    np.testing.assert_allclose(norms, norms_ref, rtol=1e-9, err_msg=(
        "after the first step the gradient norms drift from plain gradient descent: backward() ADDS into .grad, "
        "so zero w.grad and b.grad after every update"))
    np.testing.assert_allclose(np.append(w, b), np.append(w_ref, b_ref), rtol=1e-9)


@pytest.mark.task(1)
def test_manual_loop_reaches_the_closed_form(reg, torch, tips_xy):
    X, y = tips_xy
    w, b, _ = _unpack_manual(torch, reg.fit_manual(X, y, lr=0.1, n_steps=200), "fit_manual(X, y, lr=0.1, n_steps=200)", 2, 200)
    w_star, b_star = _lstsq(X, y)
    # the slowest direction contracts by 1 - 0.1 * 0.80 per step: 200 steps leave ~1e-8
    np.testing.assert_allclose(w, w_star, atol=1e-6, err_msg="fit_manual does not reach the least-squares weights")
    assert b == pytest.approx(b_star, abs=1e-6), f"fit_manual's b = {b}, least squares gives {b_star}"


@pytest.mark.task(1)
def test_gradient_norms_decrease_for_a_stable_rate_and_grow_past_it(reg, torch, tips_xy):
    X, y = tips_xy
    _, _, stable = _unpack_manual(torch, reg.fit_manual(X, y, lr=0.1, n_steps=30), "fit_manual(lr=0.1)", 2, 30)
    assert np.all(np.diff(stable) < 0), f"at lr = 0.1 (< 2 / largest curvature) every gradient norm should be smaller than the last: {stable[:6]} ..."
    lr = 1.1 * _max_stable_lr(X)
    _, _, unstable = _unpack_manual(torch, reg.fit_manual(X, y, lr=lr, n_steps=30), f"fit_manual(lr={lr:.3f})", 2, 30)
    assert unstable[-1] > 10 * unstable[0], (
        f"at lr = {lr:.3f}, beyond 2 / largest curvature, the norms should blow up; they went {unstable[0]:.3g} -> {unstable[-1]:.3g}")


@pytest.mark.task(1)
def test_manual_loop_uses_autograd_and_no_optimizer(reg, torch, tips_xy, monkeypatch):
    X, y = tips_xy
    calls = {"autograd": 0}
    backward, grad = torch.autograd.backward, torch.autograd.grad

    def counting(fn):
        def wrapper(*args, **kwargs):
            calls["autograd"] += 1
            return fn(*args, **kwargs)
        return wrapper

    def forbidden(name):
        def fail(*args, **kwargs):
            raise AssertionError(f"fit_manual used {name}: today's first loop updates the tensors by hand")
        return fail

    with monkeypatch.context() as m:
        m.setattr(torch.autograd, "backward", counting(backward))
        m.setattr(torch.autograd, "grad", counting(grad))
        for name in ("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "LBFGS"):
            m.setattr(torch.optim, name, forbidden(f"torch.optim.{name}"))
        m.setattr(torch.nn, "Linear", forbidden("torch.nn.Linear"))
        reg.fit_manual(X, y, lr=0.1, n_steps=5)
    assert calls["autograd"] >= 5, (
        f"fit_manual(n_steps=5) ran autograd {calls['autograd']} times: compute the gradient with loss.backward(), "
        "not with a hand-derived formula")


@pytest.mark.task(1)
def test_fit_manual_leaves_its_inputs_alone(reg, tips_xy):
    X, y = tips_xy
    X0, y0 = X.copy(), y.copy()
    reg.fit_manual(X, y, lr=0.1, n_steps=3)
    assert np.array_equal(X, X0) and np.array_equal(y, y0), "fit_manual changed X or y (torch.as_tensor shares memory!)"


@pytest.mark.task(1)
def test_print_grad_norms_prints_the_chosen_steps(reg, capsys):
    norms = [12.3456789, 6.54321, 3.1415926, 1.6180339, 0.81234567, 0.4142135, 0.20711, 0.0987654321]
    reg.print_grad_norms(norms, every=3)
    lines = [l for l in capsys.readouterr().out.splitlines() if l.strip()]
    steps = [int(re.search(r"\d+", l).group()) for l in lines]
    assert steps == [0, 3, 6, 7], f"print_grad_norms(8 norms, every=3) printed steps {steps}, expected [0, 3, 6, 7] (the last always)"
    for line, k in zip(lines, steps):
        numbers = [float(v) for v in re.findall(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", line)[1:]]
        assert any(v == pytest.approx(norms[k], rel=1e-5) for v in numbers), (
            f"the line for step {k} is {line!r}: it should show the norm {norms[k]} to 6 significant digits")


# ---------------------------------------------------------------- Task 2: nn.Linear + SGD

@pytest.mark.task(2)
def test_fit_nn_returns_a_float64_linear_layer_and_the_norms(reg, torch, tips_xy):
    X, y = tips_xy
    result = reg.fit_nn(X, y, lr=0.1, n_steps=4)
    assert isinstance(result, tuple) and len(result) == 2, "fit_nn should return (model, grad_norms)"
    model, norms = result
    assert isinstance(model, torch.nn.Linear), f"fit_nn returned a {type(model).__name__}, expected the nn.Linear"
    assert model.weight.dtype == torch.float64 and tuple(model.weight.shape) == (1, 2), (
        f"the layer's weight is {model.weight.dtype} {tuple(model.weight.shape)}, expected float64 (1, 2)")
    assert isinstance(norms, list) and len(norms) == 4 and all(isinstance(g, float) for g in norms)


@pytest.mark.task(2)
def test_fit_nn_follows_plain_gradient_descent_from_zero(reg, tips_xy):
    X, y = tips_xy
    model, norms = reg.fit_nn(X, y, lr=0.1, n_steps=6)
    w_ref, b_ref, norms_ref = _numpy_gd(X, y, 0.1, 6)
    np.testing.assert_allclose(norms, norms_ref, rtol=1e-9, err_msg=(
        "fit_nn's gradient norms differ from full-batch gradient descent from zero: zero the layer's parameters "
        "first, use nn.MSELoss (mean), the whole batch, optimizer.zero_grad() every step, float64"))
    np.testing.assert_allclose(model.weight.detach().numpy()[0], w_ref, rtol=1e-9)


@pytest.mark.task(2)
def test_fit_nn_reaches_the_closed_form(reg, tips_xy):
    X, y = tips_xy
    model, _ = reg.fit_nn(X, y, lr=0.1, n_steps=200)
    w_star, b_star = _lstsq(X, y)
    np.testing.assert_allclose(model.weight.detach().numpy()[0], w_star, atol=1e-6)
    assert float(model.bias.detach()[0]) == pytest.approx(b_star, abs=1e-6)


@pytest.mark.task(2)
def test_fit_nn_steps_an_sgd_optimizer(reg, torch, tips_xy, monkeypatch):
    X, y = tips_xy
    calls = []
    step = torch.optim.SGD.step

    def spy(self, *args, **kwargs):
        calls.append(self.param_groups[0]["lr"])
        return step(self, *args, **kwargs)

    monkeypatch.setattr(torch.optim.SGD, "step", spy)
    reg.fit_nn(X, y, lr=0.07, n_steps=5)
    assert calls == [0.07] * 5, f"fit_nn(lr=0.07, n_steps=5) called SGD.step with learning rates {calls}, expected [0.07] * 5"


# ---------------------------------------------------------------- Task 3: closed form and the script

@pytest.mark.task(3)
def test_closed_form_is_least_squares_in_torch(reg, torch, tips_xy, monkeypatch):
    X, y = tips_xy
    for name in ("lstsq", "solve", "inv", "pinv"):
        monkeypatch.setattr(np.linalg, name, lambda *a, _n=name, **k: pytest.fail(f"closed_form used np.linalg.{_n}: solve it with torch.linalg"))
    w, b = reg.closed_form(X, y)
    monkeypatch.undo()
    assert isinstance(w, torch.Tensor) and w.dtype == torch.float64 and tuple(w.shape) == (2,), (
        f"closed_form returned w = {w!r}, expected a float64 tensor of shape (2,)")
    assert isinstance(b, float), f"closed_form returned b of type {type(b).__name__}, expected float"
    w_star, b_star = _lstsq(X, y)
    np.testing.assert_allclose(w.numpy(), w_star, rtol=1e-10, err_msg="closed_form's weights are not least squares with an intercept")
    assert b == pytest.approx(b_star, rel=1e-10)


@pytest.mark.task(3)
def test_the_script_prints_norms_and_three_matching_fits(reg, tips_xy, capsys):
    runpy.run_path(str(kata.module_path("day27", "torch_reg")), run_name="__main__")
    out = capsys.readouterr().out
    w_star, b_star = _lstsq(*tips_xy)
    norm_lines = [l for l in out.splitlines() if "norm" in l.lower()]
    assert len(norm_lines) >= 10, f"`python torch_reg.py` printed {len(norm_lines)} gradient-norm lines, expected 11 (every 20 of 200 steps + the last)"
    for name, v in (("w[0]", w_star[0]), ("w[1]", w_star[1]), ("b", b_star)):
        shown = f"{v:.4f}"
        assert out.count(shown) >= 3, (
            f"{name} = {shown} should appear on three lines (closed form, manual loop, nn.Linear); "
            f"it appears {out.count(shown)} times in:\n{out[-800:]}")


@pytest.mark.task(3)
def test_the_module_does_not_reuse_day12(reg, tips_xy):
    w, _ = reg.closed_form(*tips_xy)
    np.testing.assert_allclose(w.numpy(), _lstsq(*tips_xy)[0], rtol=1e-10)
    tree = ast.parse(kata.module_path("day27", "torch_reg").read_text(encoding="utf-8"))
    names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    reused = sorted(n for n in names if "gradient_descent" in n or "day12" in n)
    assert not reused, f"torch_reg.py imports {reused}: redo the regression in torch, without day 12's code"


# ---------------------------------------------------------------- Task 4 (stretch): mini-batches

@pytest.mark.task(4)
@pytest.mark.stretch
def test_minibatches_are_seeded_and_leave_global_state_alone(reg, torch, tips_xy):
    X, y = tips_xy
    torch_state, np_state = torch.get_rng_state(), np.random.get_state()
    _, a = reg.fit_minibatch(X, y, lr=0.05, epochs=3, batch_size=32, seed=1)
    assert torch.equal(torch.get_rng_state(), torch_state), (
        "fit_minibatch changed torch's global random state: shuffle with DataLoader(..., generator=torch.Generator().manual_seed(seed)) "
        "and build the layer with torch.nn.utils.skip_init")
    assert all(np.array_equal(u, v) for u, v in zip(np.random.get_state(), np_state)), "fit_minibatch changed NumPy's global random state"
    _, b = reg.fit_minibatch(X, y, lr=0.05, epochs=3, batch_size=32, seed=1)
    _, c = reg.fit_minibatch(X, y, lr=0.05, epochs=3, batch_size=32, seed=2)
    assert isinstance(a, list) and len(a) == 3, f"epoch_losses should be a list of 3 floats, got {a!r}"
    assert a == b, "two runs with seed 1 gave different losses"
    assert a != c, "seeds 1 and 2 gave identical losses: shuffle the batches with the seed"


@pytest.mark.task(4)
@pytest.mark.stretch
def test_minibatch_sgd_gets_close_to_the_closed_form(reg, tips_xy):
    X, y = tips_xy
    model, losses = reg.fit_minibatch(X, y, lr=0.05, epochs=20, batch_size=32, seed=0)
    w_star, b_star = _lstsq(X, y)
    # SGD with a constant rate hovers around the optimum: measured within 0.03 of it
    np.testing.assert_allclose(model.weight.detach().numpy()[0], w_star, atol=0.08)
    assert float(model.bias.detach()[0]) == pytest.approx(b_star, abs=0.08)
    assert losses[-1] < losses[0] / 3, f"the epoch losses went {losses[0]:.3f} -> {losses[-1]:.3f}"
