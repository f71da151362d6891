# day09 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day09 task 1: implement pearson_r() in katas/week2_statistics/day09_correlation/correlation.py — centre both, then sum of products over the square root of the product of sums of squares (README Task 1; `make hint DAY=09`)')


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
    raise NotImplementedError('day09 task 2: implement plot_regression() in katas/week2_statistics/day09_correlation/correlation.py — ax.scatter, then np.polyfit(x, y, 1) for slope and intercept, ax.plot the line, savefig (README Task 2; `make hint DAY=09`)')


def write_note(path, r: float, partial_r: float | None = None) -> Path:
    """Write the Markdown note "Why correlation ≠ causation" (at least 150 words) at `path`.

    It starts with a '# ' title, states r (e.g. "r = 0.69") for median income vs median house value,
    names at least one confounder in this dataset and says what it confounds (use the word
    "confounder" or "confounding"), and, when `partial_r` is given, states it and what it shows.
    Your own words: this function is where you write them.
    Returns:
        the path written.
    """
    raise NotImplementedError('day09 task 3: implement write_note() in katas/week2_statistics/day09_correlation/correlation.py — an f-string with your text (use r and partial_r), then Path(path).write_text (README Task 3; `make hint DAY=09`)')


def partial_corr(df: pd.DataFrame, x: str, y: str, covar: list[str]) -> float:
    """Partial correlation of df[x] and df[y] controlling for the columns in `covar`, by the residual
    method: regress x on the covariates (with an intercept) and keep the residuals, do the same for y,
    and return Pearson's r of the two residual vectors.

    Args:
        df: the data (not modified); x, y: column names; covar: a list of column names.
    Returns:
        the partial correlation as a float.
    """
    raise NotImplementedError('day09 task 4: implement partial_corr() in katas/week2_statistics/day09_correlation/correlation.py — design matrix [1, covariates]; residuals from np.linalg.lstsq; pearson_r of the residuals (README Task 4; `make hint DAY=09`)')
