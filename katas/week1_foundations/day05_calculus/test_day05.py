"""Day 05 — Calculus & gradients: SymPy derivatives, the tangent of f at x = 2, central differences.

f(x) = x**3 + 2*x*sin(x)        g(x, y) = 3*x**2*y + y**3
"""
import math

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png


@pytest.fixture(scope="module")
def gradients():
    return kata.load("day05", "gradients")


def f(x):
    return x**3 + 2 * x * np.sin(x)


def df(x):
    return 3 * x**2 + 2 * np.sin(x) + 2 * x * np.cos(x)


def _in_symbols(expr, names, call):
    """The learner's expression rewritten in plain symbols of the given names (any assumptions they used)."""
    import sympy as sp

    assert isinstance(expr, sp.Basic), (
        f"{call} returned {type(expr).__name__} ({expr!r}), expected a SymPy expression: build it from sympy.symbols")
    extra = sorted(s.name for s in expr.free_symbols if s.name not in names)
    assert not extra, f"{call} returned {expr}, which uses the symbol(s) {extra}; expected only {sorted(names)}"
    plain = {name: sp.Symbol(name) for name in names}
    return expr.subs({s: plain[s.name] for s in expr.free_symbols}, simultaneous=True), plain


# ---------------------------------------------------------------- Task 1: f'(x)

@pytest.mark.task(1)
def test_derivative_f_is_a_sympy_expression_in_x(gradients):
    expr, _ = _in_symbols(gradients.derivative_f(), {"x"}, "derivative_f()")
    assert expr.free_symbols, f"derivative_f() returned the constant {expr}; f'(x) depends on x"


@pytest.mark.task(1)
def test_derivative_f_equals_three_x_squared_plus_the_product_rule_terms(gradients):
    import sympy as sp

    expr, s = _in_symbols(gradients.derivative_f(), {"x"}, "derivative_f()")
    x = s["x"]
    expected = 3 * x**2 + 2 * sp.sin(x) + 2 * x * sp.cos(x)
    assert sp.simplify(expr - expected) == 0, (
        f"derivative_f() returned {expr}, expected an expression equal to {expected}: "
        "2*x*sin(x) is a product, so its derivative has two terms")


@pytest.mark.task(1)
@pytest.mark.parametrize("x0", [-2.0, -0.5, 0.3, 1.0, 2.0, 3.7], ids=lambda v: f"x={v}")
def test_derivative_f_evaluates_to_the_slope_of_f(gradients, x0):
    expr, s = _in_symbols(gradients.derivative_f(), {"x"}, "derivative_f()")
    got = float(expr.subs(s["x"], x0).evalf())
    assert got == pytest.approx(df(x0), rel=1e-9, abs=1e-12), (
        f"derivative_f() at x = {x0} gives {got:.6g}, expected f'({x0}) = {df(x0):.6g}")


# ---------------------------------------------------------------- Task 2: gradient of g

def _components(gradients):
    """gradient_g() as the list of its components; the docstring promises a tuple of two expressions."""
    grad = gradients.gradient_g()
    assert isinstance(grad, tuple), (
        f"gradient_g() returned a {type(grad).__name__} ({grad!r}), expected a tuple (dg/dx, dg/dy) as the docstring says")
    assert len(grad) == 2, f"gradient_g() returned {len(grad)} components, expected 2 (dg/dx, dg/dy)"
    return list(grad)


@pytest.mark.task(2)
def test_gradient_g_has_one_component_per_variable(gradients):
    _components(gradients)


@pytest.mark.task(2)
@pytest.mark.parametrize("index, expected_text", [
    pytest.param(0, "6*x*y", id="dg-dx"),
    pytest.param(1, "3*x**2 + 3*y**2", id="dg-dy"),
])
def test_gradient_g_component_is_the_partial_derivative(gradients, index, expected_text):
    import sympy as sp

    grad = _components(gradients)
    name = ("dg/dx", "dg/dy")[index]
    expr, s = _in_symbols(grad[index], {"x", "y"}, f"gradient_g()[{index}]")
    expected = sp.sympify(expected_text, locals=s)
    assert sp.simplify(expr - expected) == 0, (
        f"gradient_g()[{index}] ({name}) is {expr}, expected {expected}: differentiate g with respect to "
        f"{'x' if index == 0 else 'y'}, holding the other variable constant, and keep the order (d/dx, d/dy)")


# ---------------------------------------------------------------- Task 3: tangent line

X0S = [pytest.param(2.0, id="x0=2"), pytest.param(0.5, id="x0=0.5"),
       pytest.param(-1.3, id="x0=-1.3"), pytest.param(3.0, id="x0=3")]


def _tangent(gradients, x0):
    result = gradients.tangent_line(x0)
    assert isinstance(result, tuple) and len(result) == 2, (
        f"tangent_line({x0}) returned {result!r}, expected a tuple of two floats (slope, intercept)")
    kinds = [type(v).__name__ for v in result]
    assert all(isinstance(v, float) for v in result), (
        f"tangent_line({x0}) returned values of type {kinds}, expected Python floats: convert SymPy numbers "
        "with float(...) (the docstring promises floats)")
    return result


@pytest.mark.task(3)
@pytest.mark.parametrize("x0", X0S)
def test_tangent_slope_is_the_derivative_at_the_point(gradients, x0):
    slope, _ = _tangent(gradients, x0)
    assert slope == pytest.approx(df(x0), rel=1e-9), (
        f"tangent_line({x0}) has slope {slope:.6g}, expected f'({x0}) = {df(x0):.6g}")


@pytest.mark.task(3)
@pytest.mark.parametrize("x0", X0S)
def test_tangent_passes_through_the_point_of_contact(gradients, x0):
    slope, intercept = _tangent(gradients, x0)
    y = slope * x0 + intercept
    assert y == pytest.approx(f(x0), rel=1e-9, abs=1e-12), (
        f"tangent_line({x0}) = (slope {slope:.6g}, intercept {intercept:.6g}) gives y = {y:.6g} at x = {x0}, "
        f"expected f({x0}) = {f(x0):.6g}: intercept = f(x0) - slope * x0")


# ---------------------------------------------------------------- Task 4: the plot

def _line_points(line):
    """(x, y) arrays of a Line2D; an ax.axline is turned into two points on it."""
    if hasattr(line, "get_xy1") and hasattr(line, "get_slope"):
        (x1, y1), xy2, m = line.get_xy1(), line.get_xy2(), line.get_slope()
        x2, y2 = xy2 if xy2 is not None else (x1 + 1.0, y1 + m)
        return np.array([x1, x2], dtype=float), np.array([y1, y2], dtype=float)
    xy = np.ma.filled(np.ma.asarray(line.get_xydata(), dtype=float), np.nan)
    keep = np.isfinite(xy).all(axis=1)
    return xy[keep, 0], xy[keep, 1]


def _is_straight(xs, ys):
    if len(np.unique(xs)) < 2:
        return False
    m, b = np.polyfit(xs, ys, 1)
    return np.allclose(m * xs + b, ys, rtol=1e-6, atol=1e-6 * max(1.0, np.abs(ys).max()))


CASES = [pytest.param(None, id="default-x0=2"), pytest.param(0.5, id="x0=0.5")]


@pytest.fixture
def tangent_plot(gradients, outdir, request):
    import matplotlib.pyplot as plt

    x0 = request.param
    path = outdir / "tangent.png"
    ax = gradients.plot_tangent(path) if x0 is None else gradients.plot_tangent(path, x0=x0)
    call = "plot_tangent(path)" if x0 is None else f"plot_tangent(path, x0={x0})"
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes), f"{call} returned {type(ax).__name__}, expected the matplotlib Axes"
    yield path, ax, (2.0 if x0 is None else x0), call
    plt.close("all")


@pytest.mark.task(4)
@pytest.mark.parametrize("tangent_plot", CASES, indirect=True)
def test_tangent_plot_is_saved_as_a_png(tangent_plot):
    path, _, _, call = tangent_plot
    assert_png(path, what=f"tangent plot from {call}")


@pytest.mark.task(4)
@pytest.mark.parametrize("tangent_plot", CASES, indirect=True)
def test_tangent_plot_draws_the_curve_of_f(tangent_plot):
    _, ax, x0, call = tangent_plot
    curves = []
    for line in ax.lines:
        xs, ys = _line_points(line)
        if len(xs) >= 10 and not _is_straight(xs, ys) and np.allclose(ys, f(xs), rtol=1e-6, atol=1e-6):
            curves.append((xs.min(), xs.max()))
    assert curves, (
        f"{call}: none of the {len(ax.lines)} line(s) follows f(x) = x**3 + 2x sin x; "
        "evaluate f on np.linspace(...) and ax.plot(xs, f(xs))")
    assert any(lo < x0 < hi for lo, hi in curves), (
        f"{call}: the curve of f spans x = {curves}, which does not include x0 = {x0}; plot f around the point")


@pytest.mark.task(4)
@pytest.mark.parametrize("tangent_plot", CASES, indirect=True)
def test_tangent_plot_draws_a_straight_line_touching_f_at_x0(tangent_plot):
    _, ax, x0, call = tangent_plot
    seen = []
    for line in ax.lines:
        xs, ys = _line_points(line)
        if not _is_straight(xs, ys):
            continue
        m, b = np.polyfit(xs, ys, 1)
        seen.append(f"y = {m:.4g}x {b:+.4g}")
        if m == pytest.approx(df(x0), rel=1e-4) and m * x0 + b == pytest.approx(f(x0), rel=1e-4, abs=1e-6):
            return
    pytest.fail(
        f"{call}: no straight line has slope f'({x0}) = {df(x0):.4g} and passes through ({x0}, {f(x0):.4g}); "
        f"straight lines found: {seen or 'none'}. Plot slope * xs + intercept from tangent_line(x0)", pytrace=False)


@pytest.mark.task(4)
@pytest.mark.parametrize("tangent_plot", CASES, indirect=True)
def test_tangent_plot_has_axis_labels_and_a_legend(tangent_plot):
    _, ax, _, call = tangent_plot
    assert ax.get_xlabel().strip(), f"{call}: the plot has no x label (ax.set_xlabel('x'))"
    assert ax.get_ylabel().strip(), f"{call}: the plot has no y label (ax.set_ylabel('y'))"
    legend = ax.get_legend()
    assert legend is not None, f"{call}: the plot has no legend; pass label=... to each ax.plot and call ax.legend()"
    labels = [t.get_text() for t in legend.get_texts() if t.get_text().strip()]
    assert len(labels) >= 2, f"{call}: the legend shows {labels}; name both the curve and the tangent"


# ---------------------------------------------------------------- Task 5 (stretch): central difference

SMOOTH = [
    pytest.param(np.exp, np.exp, 0.7, id="exp-at-0.7"),
    pytest.param(np.sin, np.cos, 1.0, id="sin-at-1"),
    pytest.param(f, df, 2.0, id="f-at-2"),
]


@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.parametrize("func, exact, x0", SMOOTH)
def test_central_difference_is_close_to_the_derivative(gradients, func, exact, x0):
    h = 1e-4
    got = gradients.central_difference(func, x0, h)
    assert isinstance(got, float), f"central_difference(f, {x0}, {h}) returned a {type(got).__name__}, expected a float"
    # the central difference's error is about h**2 / 6 * |f'''| ~ 1e-8 here; a forward difference is ~1e-4 off
    assert got == pytest.approx(exact(x0), abs=1e-6), (
        f"central_difference(f, {x0}, {h}) = {got:.10g}, expected about {float(exact(x0)):.10g}: "
        "(f(x + h) - f(x - h)) / (2 * h)")


@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.parametrize("func, exact, x0", SMOOTH)
def test_central_difference_error_shrinks_like_h_squared(gradients, func, exact, x0):
    hs = np.logspace(-1, -3, 9)
    errors = np.array([abs(float(gradients.central_difference(func, x0, h)) - exact(x0)) for h in hs])
    assert np.all(errors > 0), f"errors {errors} contain exact zeros; is central_difference returning f'(x) itself?"
    order = np.polyfit(np.log(hs), np.log(errors), 1)[0]
    # central difference: error ~ C h^2 (order 2); forward/backward difference: order 1
    assert order == pytest.approx(2.0, abs=0.2), (
        f"log(error) against log(h) for h = 1e-1 .. 1e-3 has slope {order:.2f}, expected 2 (error ~ h**2): "
        f"{'a one-sided difference has order 1; step to both sides' if order < 1.5 else 'check the formula'}")
