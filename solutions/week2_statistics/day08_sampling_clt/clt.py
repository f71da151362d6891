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
    # BEGIN SOLUTION (task 1) one rng.integers draw of shape (n_samples, n), then the mean over each row
    if n < 1 or n_samples < 1:
        raise ValueError(f"n and n_samples must be at least 1, got n={n!r}, n_samples={n_samples!r}")
    rng = np.random.default_rng(seed)
    rolls = rng.integers(1, 7, size=(n_samples, n))
    return rolls.mean(axis=1)
    # END SOLUTION


def clt_means(sizes=SIZES, n_samples: int = 100_000, seed: int | None = 0) -> dict[int, np.ndarray]:
    """sample_means for every sample size in `sizes`.

    Returns:
        {n: float ndarray (n_samples,)} with the sizes as keys, in the order given.
    """
    # BEGIN SOLUTION (task 1) a dict comprehension over sizes (give each size its own seed)
    return {n: sample_means(n, n_samples, None if seed is None else seed + i) for i, n in enumerate(sizes)}
    # END SOLUTION


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
    # BEGIN SOLUTION (task 2) sns.kdeplot(means, label=f"n = {n}", ax=ax) for each n, then ax.legend() and fig.savefig
    import matplotlib.pyplot as plt
    import seaborn as sns

    fig, ax = plt.subplots(figsize=(8, 5))
    for n, means in means_by_n.items():
        sns.kdeplot(x=np.asarray(means), label=f"n = {n}", ax=ax)
    ax.set_xlabel("sample mean of n rolls")
    ax.set_ylabel("density")
    ax.set_title("Means of a fair die: the central limit theorem at work")
    ax.legend(title="sample size")
    fig.savefig(path, dpi=100)
    return ax
    # END SOLUTION


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
    # BEGIN SOLUTION (task 3) a Markdown table row per n with mean, std and theory, then the commentary
    path = Path(path)
    rows = "\n".join(
        f"| {n} | {np.mean(m):.4f} | {np.std(m, ddof=1):.4f} | {np.sqrt(DIE_VAR / n):.4f} |"
        for n, m in means_by_n.items())
    text = (
        "# Sample means of a fair die and the central limit theorem\n\n"
        "| n | mean | standard deviation | theory sqrt(35/12/n) |\n|---|---|---|---|\n"
        f"{rows}\n\n"
        "A single roll is uniform on 1..6: its KDE is a flat, bumpy plateau. Averaging two rolls already "
        "gives a triangle peaked at 3.5, and by n = 5 the curve looks like a bell. The central limit theorem "
        "says the mean of n independent rolls is approximately normal with mean 3.5 and standard deviation "
        "sqrt(35/12/n), whatever the shape of one roll; with n = 30 the curve is a narrow normal bell, and the "
        "spread shrinks like 1/sqrt(n), as the table shows.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


def ks_normal(means: np.ndarray, n: int) -> tuple[float, float]:
    """Kolmogorov-Smirnov test of sample means of n rolls against the normal the CLT predicts,
    with the THEORETICAL mean 3.5 and standard deviation sqrt(35/12 / n) (not estimated from data).

    Returns:
        (statistic, p_value) as floats, from scipy.stats.kstest.
    """
    # BEGIN SOLUTION (task 4) scipy.stats.kstest(means, "norm", args=(3.5, sqrt(35/12/n)))
    from scipy import stats

    result = stats.kstest(np.asarray(means, dtype=float), "norm", args=(DIE_MEAN, np.sqrt(DIE_VAR / n)))
    return float(result.statistic), float(result.pvalue)
    # END SOLUTION
