"""Day 05 — Calculus & gradients: symbolic derivatives with SymPy, a tangent line, finite differences.

f(x) = x**3 + 2*x*sin(x)        g(x, y) = 3*x**2*y + y**3
"""
from __future__ import annotations

from pathlib import Path

import numpy as np


def derivative_f():
    """Return f'(x) for f(x) = x**3 + 2*x*sin(x) as a SymPy expression in the symbol x.

    Returns:
        a sympy expression whose only free symbol is named "x" (any equivalent form is fine).
    """
    # BEGIN SOLUTION (task 1) a SymPy symbol x, f built with sympy.sin, then sympy.diff
    import sympy as sp

    x = sp.symbols("x")
    return sp.diff(x**3 + 2 * x * sp.sin(x), x)
    # END SOLUTION


def gradient_g():
    """Return the gradient of g(x, y) = 3*x**2*y + y**3 as a tuple (dg/dx, dg/dy).

    Returns:
        a tuple of two SymPy expressions in the symbols named "x" and "y".
    """
    # BEGIN SOLUTION (task 2) SymPy symbols x and y; one sympy.diff per variable, in the order (x, y)
    import sympy as sp

    x, y = sp.symbols("x y")
    g = 3 * x**2 * y + y**3
    return (sp.diff(g, x), sp.diff(g, y))
    # END SOLUTION


def tangent_line(x0: float) -> tuple[float, float]:
    """The tangent of f at x0 as the line y = slope * x + intercept.

    Args:
        x0: the point of contact.
    Returns:
        (slope, intercept) as floats: slope = f'(x0), intercept = f(x0) - slope * x0.
    """
    # BEGIN SOLUTION (task 3) slope = f'(x0) (substitute into derivative_f()); the line passes through (x0, f(x0))
    import sympy as sp

    x = sp.symbols("x")
    f = x**3 + 2 * x * sp.sin(x)
    slope = float(sp.diff(f, x).subs(x, x0))
    intercept = float(f.subs(x, x0)) - slope * x0
    return slope, intercept
    # END SOLUTION


def plot_tangent(path, x0: float = 2.0) -> "matplotlib.axes.Axes":  # noqa: F821
    """Plot f and its tangent at x0 on one Axes and save the figure as a PNG.

    The Axes has two lines (the curve f and the straight tangent), axis labels and a legend.
    Args:
        path: where to save the PNG.
        x0: the point of contact (2 by default).
    Returns:
        the matplotlib Axes.
    """
    # BEGIN SOLUTION (task 4) evaluate f on np.linspace around x0 (sympy.lambdify), ax.plot the curve and slope*xs + intercept
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import sympy as sp

    x = sp.symbols("x")
    f = sp.lambdify(x, x**3 + 2 * x * sp.sin(x), "numpy")
    slope, intercept = tangent_line(x0)
    xs = np.linspace(x0 - 3, x0 + 3, 200)
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.plot(xs, f(xs), label=r"$f(x) = x^3 + 2x\sin x$")
    ax.plot(xs, slope * xs + intercept, "--", label=f"tangent at x = {x0:g}: y = {slope:.3f}x {intercept:+.3f}")
    ax.plot([x0], [f(x0)], "o", color="black")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"f and its tangent at x = {x0:g}")
    ax.legend()
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION


def central_difference(f, x: float, h: float = 1e-5) -> float:
    """Stretch: approximate f'(x) with the central difference (f(x + h) - f(x - h)) / (2h).

    Args:
        f: a function of one float.
        x: where to differentiate.
        h: the step, h > 0.
    Returns:
        the estimate of f'(x); its error shrinks like h**2.
    """
    # BEGIN SOLUTION (task 5) one step to each side, divide by the distance between them
    return (f(x + h) - f(x - h)) / (2 * h)
    # END SOLUTION
