# day08 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 08 — Sampling and the central limit theorem: means of fair-die rolls become normal."""
from __future__ import annotations

from pathlib import Path

import numpy as np

SIZES = (1, 2, 5, 30)
DIE_MEAN = 3.5
DIE_VAR = 35 / 12  # variance of one roll of a fair six-sided die


def sample_means(n: int, n_samples: int = 100_000, seed: int | None = 0) -> np.ndarray:
    """Roll a fair six-sided die n times, take the mean, and repeat n_samples times (vectorised).

    Args:
        n: rolls per sample (the sample size), an int >= 1.
        n_samples: how many sample means to draw, an int >= 1.
        seed: seed for np.random.default_rng; the same seed gives the same means.
    Returns:
        float ndarray of shape (n_samples,): each entry the mean of n rolls, a multiple of 1/n in [1, 6].
    Raises:
        ValueError: if n < 1 or n_samples < 1.
    """
    raise NotImplementedError('day08 task 1: implement sample_means() in katas/week2_statistics/day08_sampling_clt/clt.py — one rng.integers draw of shape (n_samples, n), then the mean over each row (README Task 1; `make hint DAY=08`)')


def clt_means(sizes=SIZES, n_samples: int = 100_000, seed: int | None = 0) -> dict[int, np.ndarray]:
    """sample_means for every sample size in `sizes`.

    Returns:
        {n: float ndarray (n_samples,)} with the sizes as keys, in the order given.
    """
    raise NotImplementedError('day08 task 1: implement clt_means() in katas/week2_statistics/day08_sampling_clt/clt.py — a dict comprehension over sizes (give each size its own seed) (README Task 1; `make hint DAY=08`)')


def plot_kdes(means_by_n: dict[int, np.ndarray], path):
    """Overlay one KDE curve per sample size on a single Axes and save the figure as a PNG.

    Exactly one line per sample size (no extra reference lines), each labelled with its n
    (e.g. "n = 30"), a legend, axis labels and a title.
    Args:
        means_by_n: {n: sample means}, as returned by clt_means.
        path: where to save the PNG (e.g. out/clt_kdes.png).
    Returns:
        the matplotlib Axes.
    """
    raise NotImplementedError('day08 task 2: implement plot_kdes() in katas/week2_statistics/day08_sampling_clt/clt.py — sns.kdeplot(means, label=f"n = {n}", ax=ax) for each n, then ax.legend() and fig.savefig (README Task 2; `make hint DAY=08`)')


def write_commentary(means_by_n: dict[int, np.ndarray], path) -> Path:
    """Write a short Markdown commentary on the figure.

    A '# ' title; for every n its measured mean and standard deviation (4 decimals) next to the
    theory, 3.5 and sqrt(35/12 / n); then a few sentences (60 words or more in all) on what the
    central limit theorem predicts and what the curves show (the shape becomes normal, the spread
    shrinks like 1/sqrt(n)).
    Args:
        means_by_n: {n: sample means}.
        path: where to write the note (e.g. out/clt_commentary.md).
    Returns:
        the path written.
    """
    raise NotImplementedError('day08 task 3: implement write_commentary() in katas/week2_statistics/day08_sampling_clt/clt.py — a Markdown table row per n with mean, std and theory, then the commentary (README Task 3; `make hint DAY=08`)')


def ks_normal(means: np.ndarray, n: int) -> tuple[float, float]:
    """Kolmogorov-Smirnov test of sample means of n rolls against the normal the CLT predicts,
    with the THEORETICAL mean 3.5 and standard deviation sqrt(35/12 / n) (not estimated from data).

    Returns:
        (statistic, p_value) as floats, from scipy.stats.kstest.
    """
    raise NotImplementedError('day08 task 4: implement ks_normal() in katas/week2_statistics/day08_sampling_clt/clt.py — scipy.stats.kstest(means, "norm", args=(3.5, sqrt(35/12/n))) (README Task 4; `make hint DAY=08`)')
