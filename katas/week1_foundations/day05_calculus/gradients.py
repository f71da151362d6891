# day05 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day05 task 1: implement derivative_f() in katas/week1_foundations/day05_calculus/gradients.py — a SymPy symbol x, f built with sympy.sin, then sympy.diff (README Task 1; `make hint DAY=05`)')


def gradient_g():
    """Return the gradient of g(x, y) = 3*x**2*y + y**3 as a tuple (dg/dx, dg/dy).

    Returns:
        a tuple of two SymPy expressions in the symbols named "x" and "y".
    """
    raise NotImplementedError('day05 task 2: implement gradient_g() in katas/week1_foundations/day05_calculus/gradients.py — SymPy symbols x and y; one sympy.diff per variable, in the order (x, y) (README Task 2; `make hint DAY=05`)')


def tangent_line(x0: float) -> tuple[float, float]:
    """The tangent of f at x0 as the line y = slope * x + intercept.

    Args:
        x0: the point of contact.
    Returns:
        (slope, intercept) as floats: slope = f'(x0), intercept = f(x0) - slope * x0.
    """
    raise NotImplementedError("day05 task 3: implement tangent_line() in katas/week1_foundations/day05_calculus/gradients.py — slope = f'(x0) (substitute into derivative_f()); the line passes through (x0, f(x0)) (README Task 3; `make hint DAY=05`)")


def plot_tangent(path, x0: float = 2.0) -> "matplotlib.axes.Axes":  # noqa: F821
    """Plot f and its tangent at x0 on one Axes and save the figure as a PNG.

    The Axes has two lines (the curve f and the straight tangent), axis labels and a legend.
    Args:
        path: where to save the PNG.
        x0: the point of contact (2 by default).
    Returns:
        the matplotlib Axes.
    """
    raise NotImplementedError('day05 task 4: implement plot_tangent() in katas/week1_foundations/day05_calculus/gradients.py — evaluate f on np.linspace around x0 (sympy.lambdify), ax.plot the curve and slope*xs + intercept (README Task 4; `make hint DAY=05`)')


def central_difference(f, x: float, h: float = 1e-5) -> float:
    """Stretch: approximate f'(x) with the central difference (f(x + h) - f(x - h)) / (2h).

    Args:
        f: a function of one float.
        x: where to differentiate.
        h: the step, h > 0.
    Returns:
        the estimate of f'(x); its error shrinks like h**2.
    """
    raise NotImplementedError('day05 task 5: implement central_difference() in katas/week1_foundations/day05_calculus/gradients.py — one step to each side, divide by the distance between them (README Task 5; `make hint DAY=05`)')
