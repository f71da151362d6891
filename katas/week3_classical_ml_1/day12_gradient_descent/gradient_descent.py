# day12 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 12 — Linear and logistic regression from scratch with batch gradient descent (NumPy only)."""
from __future__ import annotations

from pathlib import Path

import numpy as np


class DivergenceError(ValueError):
    """Gradient descent diverged: the loss went up or stopped being finite (provided)."""


def fit_linear_gd(X, y, lr: float = 0.1, n_iter: int = 1000):
    """Fit y ≈ X @ w + b by batch gradient descent on the mean squared error.

    Loss:      L(w, b) = mean((X @ w + b - y) ** 2)
    Gradient:  dL/dw = (2 / n) * X.T @ (X @ w + b - y),   dL/db = (2 / n) * sum(X @ w + b - y)
    Start from w = 0, b = 0; each of the n_iter steps uses ALL n rows (batch GD):
        w -= lr * dL/dw;  b -= lr * dL/db
    Args:
        X: features, shape (n, d) (not modified).
        y: targets, shape (n,).
        lr: learning rate (step size), > 0.
        n_iter: number of gradient steps.
    Returns:
        (w, b, history): w float ndarray (d,), b float, history float ndarray (n_iter,) where
        history[k] is the loss after step k + 1 (so history[-1] is the loss of the returned w, b).
    Raises:
        DivergenceError (a ValueError) whose message names the learning rate ("lr" or "learning
        rate"), as soon as the loss is no longer finite or rises above the previous step's loss
        (the first step compares with the loss at w = 0, b = 0) by more than a relative 1e-9:
        lr is too large. Rounding noise near convergence (relative changes ~1e-16) is no divergence.
    """
    raise NotImplementedError('day12 task 1: implement fit_linear_gd() in katas/week3_classical_ml_1/day12_gradient_descent/gradient_descent.py — residual = X @ w + b - y; step w and b along minus the gradient; record the loss; raise DivergenceError if it goes up (Task 2) (README Task 1; `make hint DAY=12`)')


def plot_loss_curve(history, path):
    """Plot the loss history (step on x, loss on y, log scale on y) and save it as a PNG.

    Args:
        history: the losses, as returned by fit_linear_gd or fit_logistic_gd.
        path: where to save the PNG.
    Returns:
        the matplotlib Axes, with one line whose y data is the history and labelled axes.
    """
    raise NotImplementedError('day12 task 3: implement plot_loss_curve() in katas/week3_classical_ml_1/day12_gradient_descent/gradient_descent.py — ax.plot(np.arange(1, len(history) + 1), history); ax.set_yscale("log"); fig.savefig(path) (README Task 3; `make hint DAY=12`)')


def fit_logistic_gd(X, y, lr: float = 0.5, n_iter: int = 2000):
    """Fit a logistic regression p(y=1 | x) = sigmoid(x @ w + b) by batch gradient descent.

    Loss (mean log-loss, no regularisation), with p = sigmoid(X @ w + b):
        L(w, b) = -mean(y * log(p) + (1 - y) * log(1 - p))
    Gradient:  dL/dw = (1 / n) * X.T @ (p - y),   dL/db = mean(p - y)
    Start from w = 0, b = 0; every step uses all n rows.
    Args:
        X: features, shape (n, d); y: labels in {0, 1}, shape (n,).
        lr: learning rate; n_iter: number of steps.
    Returns:
        (w, b, history) as in fit_linear_gd: history[k] is the log-loss after step k + 1.
        Predict class 1 where X @ w + b > 0 (p > 0.5).
    """
    raise NotImplementedError('day12 task 4: implement fit_logistic_gd() in katas/week3_classical_ml_1/day12_gradient_descent/gradient_descent.py — p = 1 / (1 + exp(-(X @ w + b))); w -= lr * X.T @ (p - y) / n (README Task 4; `make hint DAY=12`)')


def _sigmoid(z):
    """1 / (1 + exp(-z)) without overflow warnings (provided)."""
    return np.exp(-np.logaddexp(0.0, -z))


def plot_decision_boundary(X, y, w, b, path):
    """Scatter two-feature data coloured by class and draw the line x @ w + b = 0; save a PNG.

    Args:
        X: shape (n, 2); y: labels in {0, 1}; w: shape (2,); b: float (e.g. from fit_logistic_gd).
        path: where to save the PNG.
    Returns:
        the matplotlib Axes: a scatter of the points and the boundary as a line (ax.plot) across
        the range of the data.
    """
    raise NotImplementedError('day12 task 5: implement plot_decision_boundary() in katas/week3_classical_ml_1/day12_gradient_descent/gradient_descent.py — solve w0*x0 + w1*x1 + b = 0 for x1 over the x0 range; ax.scatter then ax.plot (README Task 5; `make hint DAY=12`)')
