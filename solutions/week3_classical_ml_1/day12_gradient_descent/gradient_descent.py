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
    # BEGIN SOLUTION (task 1) residual = X @ w + b - y; step w and b along minus the gradient; record the loss; raise DivergenceError if it goes up (Task 2)
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    history = np.empty(n_iter)
    previous = np.mean(y ** 2)
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n_iter):
            residual = X @ w + b - y
            w = w - lr * (2.0 / n) * (X.T @ residual)
            b = b - lr * (2.0 / n) * residual.sum()
            loss = np.mean((X @ w + b - y) ** 2)
            if not np.isfinite(loss) or loss > previous * (1 + 1e-9):
                raise DivergenceError(
                    f"gradient descent diverged at step {k + 1} (loss {previous:.3g} -> {loss:.3g}): "
                    f"the learning rate lr={lr} is too large, try a smaller one")
            history[k] = previous = loss
    return w, float(b), history
    # END SOLUTION


def plot_loss_curve(history, path):
    """Plot the loss history (step on x, loss on y, log scale on y) and save it as a PNG.

    Args:
        history: the losses, as returned by fit_linear_gd or fit_logistic_gd.
        path: where to save the PNG.
    Returns:
        the matplotlib Axes, with one line whose y data is the history and labelled axes.
    """
    # BEGIN SOLUTION (task 3) ax.plot(np.arange(1, len(history) + 1), history); ax.set_yscale("log"); fig.savefig(path)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    history = np.asarray(history, dtype=float)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(np.arange(1, len(history) + 1), history, lw=2)
    ax.set_yscale("log")
    ax.set_xlabel("gradient step")
    ax.set_ylabel("loss")
    ax.set_title("Batch gradient descent: loss per step")
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION


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
    # BEGIN SOLUTION (task 4) p = 1 / (1 + exp(-(X @ w + b))); w -= lr * X.T @ (p - y) / n
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float).ravel()
    n, d = X.shape
    w, b = np.zeros(d), 0.0
    history = np.empty(n_iter)
    for k in range(n_iter):
        p = _sigmoid(X @ w + b)
        w = w - lr * (X.T @ (p - y)) / n
        b = b - lr * np.mean(p - y)
        z = X @ w + b
        # log(1 + exp(z)) - y z, computed stably
        history[k] = np.mean(np.logaddexp(0.0, z) - y * z)
    return w, float(b), history
    # END SOLUTION


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
    # BEGIN SOLUTION (task 5) solve w0*x0 + w1*x1 + b = 0 for x1 over the x0 range; ax.scatter then ax.plot
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X = np.asarray(X, dtype=float)
    w = np.asarray(w, dtype=float)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.scatter(X[:, 0], X[:, 1], c=np.asarray(y), cmap="coolwarm", s=15, edgecolors="k", linewidths=0.3)
    if abs(w[1]) >= abs(w[0]):
        x0 = np.linspace(X[:, 0].min(), X[:, 0].max(), 50)
        x1 = -(w[0] * x0 + b) / w[1]
    else:
        x1 = np.linspace(X[:, 1].min(), X[:, 1].max(), 50)
        x0 = -(w[1] * x1 + b) / w[0]
    ax.plot(x0, x1, "k-", lw=2, label="x @ w + b = 0")
    ax.set_xlim(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5)
    ax.set_ylim(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)
    ax.set_xlabel("x0")
    ax.set_ylabel("x1")
    ax.legend()
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION
