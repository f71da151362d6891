# day07 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 07 — Descriptive statistics and seaborn on Fisher's iris: a tidy stats table, a pair plot,
a violin plot and a one-page PDF report."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

STATISTICS = ("mean", "median", "var")


def species_stats(df: pd.DataFrame) -> pd.DataFrame:
    """Mean, median and variance of every numeric column, per species, as a tidy (long) table.

    Args:
        df: a frame with a `species` column and numeric feature columns (iris: sepal_length,
            sepal_width, petal_length, petal_width). It is not modified.
    Returns:
        a DataFrame with exactly the columns species, feature, statistic, value and one row per
        (species, feature, statistic): statistic is "mean", "median" or "var", where "var" is the
        SAMPLE variance (ddof=1, pandas' default). For iris: 3 species x 4 features x 3 = 36 rows.
    """
    raise NotImplementedError('day07 task 1: implement species_stats() in katas/week2_statistics/day07_descriptive_stats/iris_eda.py — melt to long format, groupby species and feature, agg mean/median/var, melt again (README Task 1; `make hint DAY=07`)')


def pairplot(df: pd.DataFrame, path):
    """Draw `sns.pairplot` of the numeric columns coloured by species and save it as a PNG.

    Args:
        df: the iris frame (not modified).
        path: where to save the PNG (e.g. out/iris_pairplot.png).
    Returns:
        the seaborn PairGrid (4 x 4 axes for iris, with a legend naming the 3 species).
    """
    raise NotImplementedError("day07 task 2: implement pairplot() in katas/week2_statistics/day07_descriptive_stats/iris_eda.py — seaborn's pairplot coloured by species; the grid saves itself (README Task 2; `make hint DAY=07`)")


def violin_petal_length(df: pd.DataFrame, ax=None):
    """Violin plot of petal_length, one violin per species (species on the x axis).

    Args:
        df: the iris frame (not modified).
        ax: a matplotlib Axes to draw on; a new figure's Axes if None.
    Returns:
        the Axes, holding 3 violins, with the species as tick labels.
    """
    raise NotImplementedError("day07 task 4: implement violin_petal_length() in katas/week2_statistics/day07_descriptive_stats/iris_eda.py — seaborn's violinplot, on the given Axes (README Task 4; `make hint DAY=07`)")


def write_eda_pdf(df: pd.DataFrame, path) -> Path:
    """Write a ONE-page PDF report: the species_stats table (readable text, e.g. with `ax.table`)
    and the pair plot (and the violin plot, once Task 4 works) on the same page.

    Args:
        df: the iris frame (not modified).
        path: where to write the PDF (e.g. out/iris_eda.pdf).
    Returns:
        the path written.
    """
    raise NotImplementedError('day07 task 3: implement write_eda_pdf() in katas/week2_statistics/day07_descriptive_stats/iris_eda.py — one matplotlib figure: an axis-off Axes with ax.table, the pair plot as an image; fig.savefig(path) (README Task 3; `make hint DAY=07`)')
