"""Day 09 — Correlation vs causation: Pearson's r by hand, a regression line, partial correlation, a note."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def pearson_r(x, y) -> float:
    """Pearson's correlation coefficient of two equally long sequences, computed from its definition
    (no np.corrcoef, scipy or pandas .corr).

    r = sum((x - mean_x) * (y - mean_y)) / sqrt(sum((x - mean_x)**2) * sum((y - mean_y)**2))

    Args:
        x, y: 1-D array-likes (lists, NumPy arrays or pandas Series) of the same length n >= 2.
    Returns:
        r as a Python float in [-1, 1].
    Raises:
        ValueError: if the lengths differ, n < 2, or x or y has zero variance (r is undefined).
    """
    # BEGIN SOLUTION (task 1) centre both, then sum of products over the square root of the product of sums of squares
    x = np.asarray(x, dtype=float).ravel()
    y = np.asarray(y, dtype=float).ravel()
    if x.shape != y.shape:
        raise ValueError(f"x and y must have the same length, got {x.size} and {y.size}")
    if x.size < 2:
        raise ValueError(f"Pearson's r needs at least 2 points, got {x.size}")
    dx = x - x.mean()
    dy = y - y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if sxx == 0.0 or syy == 0.0:
        raise ValueError("r is undefined when x or y is constant (zero variance)")
    r = float(dx @ dy) / np.sqrt(sxx * syy)
    return float(np.clip(r, -1.0, 1.0))
    # END SOLUTION


def plot_regression(df: pd.DataFrame, x: str, y: str, path, ax=None):
    """Scatter df[y] against df[x] with the least-squares line y = a + b*x drawn over it, label both
    axes and give the plot a title, and save the figure as a PNG at `path`.

    Args:
        df: the data (not modified); x, y: column names (x on the horizontal axis).
        path: where to save the PNG.
        ax: a matplotlib Axes to draw on; a new figure when None.
    Returns:
        the Axes, holding the scatter (a PathCollection) and the fitted line (a Line2D).
    """
    # BEGIN SOLUTION (task 2) ax.scatter, then np.polyfit(x, y, 1) for slope and intercept, ax.plot the line, savefig
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5))
    xs = df[x].to_numpy(dtype=float)
    ys = df[y].to_numpy(dtype=float)
    keep = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[keep], ys[keep]
    slope, intercept = np.polyfit(xs, ys, 1)
    ax.scatter(xs, ys, s=3, alpha=0.2, label="districts")
    grid = np.array([xs.min(), xs.max()])
    ax.plot(grid, intercept + slope * grid, color="crimson", lw=2,
            label=f"least squares: y = {intercept:.3g} + {slope:.3g} x")
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    ax.set_title(f"{y.replace('_', ' ')} vs {x.replace('_', ' ')} (r = {pearson_r(xs, ys):.3f})")
    ax.legend(loc="upper left")
    ax.figure.savefig(path, dpi=80)
    return ax
    # END SOLUTION


def write_note(path, r: float, partial_r: float | None = None) -> Path:
    """Write the Markdown note "Why correlation ≠ causation" (at least 150 words) at `path`.

    It starts with a '# ' title, states r (e.g. "r = 0.69") for median income vs median house value,
    names at least one confounder in this dataset and says what it confounds (use the word
    "confounder" or "confounding"), and, when `partial_r` is given, states it and what it shows.
    Your own words: this function is where you write them.
    Returns:
        the path written.
    """
    # BEGIN SOLUTION (task 3) an f-string with your text (use r and partial_r), then Path(path).write_text
    text = (
        "# Why correlation ≠ causation\n\n"
        f"Across the 20,640 California districts, median income and median house value have a Pearson "
        f"correlation of r = {r:.2f}. That is a strong linear association: districts where people earn more "
        "are districts where houses cost more. It does not tell us that raising incomes would raise house "
        "prices, nor the reverse, because a correlation is symmetric and silent about mechanism.\n\n"
        "## Confounders\n\n"
        "A confounder is a third variable that drives both quantities. Location is the obvious one here: "
        "latitude and longitude (and ocean_proximity) mark the coastal Bay Area and Los Angeles, where jobs "
        "pay more *and* land is scarce, so both income and house value are high for a shared reason. "
        "Population density and housing age can play a similar role. Confounding can inflate, hide or even "
        "reverse an association.\n\n"
    )
    if partial_r is not None:
        text += (
            f"Controlling for latitude and longitude, the partial correlation is {partial_r:.2f}: the "
            "association shrinks a little but remains, so location explains part of it, not all of it.\n\n"
        )
    text += (
        "## What would show causation\n\n"
        "Causal claims need a design that breaks the link to confounders: a randomised experiment, a natural "
        "experiment, or at least an argument that every common cause has been measured and adjusted for. "
        "Reverse causation (expensive areas attracting high earners) and selection effects are also possible, "
        "so this dataset alone supports a description, not an intervention.\n"
    )
    path = Path(path)
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


def partial_corr(df: pd.DataFrame, x: str, y: str, covar: list[str]) -> float:
    """Partial correlation of df[x] and df[y] controlling for the columns in `covar`, by the residual
    method: regress x on the covariates (with an intercept) and keep the residuals, do the same for y,
    and return Pearson's r of the two residual vectors.

    Args:
        df: the data (not modified); x, y: column names; covar: a list of column names.
    Returns:
        the partial correlation as a float.
    """
    # BEGIN SOLUTION (task 4) design matrix [1, covariates]; residuals from np.linalg.lstsq; pearson_r of the residuals
    Z = df[list(covar)].to_numpy(dtype=float)
    Z = np.column_stack([np.ones(len(Z)), Z])

    def residuals(v):
        coef, *_ = np.linalg.lstsq(Z, v, rcond=None)
        return v - Z @ coef

    return pearson_r(residuals(df[x].to_numpy(dtype=float)), residuals(df[y].to_numpy(dtype=float)))
    # END SOLUTION
