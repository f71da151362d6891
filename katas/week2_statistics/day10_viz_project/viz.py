# day10 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 10 — Viz mini-project: five plot types on the Palmer penguins, a notebook, an interactive plot."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


def _new_axes(ax, figsize=(6, 4)):
    """Provided: the Axes to draw on (a fresh figure when ax is None)."""
    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_histogram(df: pd.DataFrame, column: str = "flipper_length_mm", bins: int = 20, ax=None):
    """Histogram of one numeric column (missing values left out): `bins` contiguous bins spanning
    the column's min to max, bar heights are counts (not density), both axes labelled and a title.
    One histogram, no hue.

    Returns:
        the matplotlib Axes drawn on (its bars are Rectangle patches).
    """
    raise NotImplementedError('day10 task 1: implement plot_histogram() in katas/week2_statistics/day10_viz_project/viz.py — ax.hist(values.dropna(), bins=bins), then set_xlabel/set_ylabel/set_title (README Task 1; `make hint DAY=10`)')


def plot_correlation_heatmap(df: pd.DataFrame, ax=None):
    """Heatmap of the Pearson correlation matrix of the numeric columns (a k x k grid drawn with
    imshow, pcolormesh or sns.heatmap), columns named on the ticks, with a title.

    Returns:
        the matplotlib Axes drawn on (holding a QuadMesh or an AxesImage).
    """
    raise NotImplementedError('day10 task 2: implement plot_correlation_heatmap() in katas/week2_statistics/day10_viz_project/viz.py — df.select_dtypes("number").corr(), then sns.heatmap(..., annot=True) or ax.imshow (README Task 2; `make hint DAY=10`)')


def plot_bar(df: pd.DataFrame, column: str = "species", ax=None):
    """Vertical bar chart of how many rows fall in each category of `column`: one bar per category,
    the category names on the x ticks, both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (one Rectangle patch per category).
    """
    raise NotImplementedError('day10 task 3: implement plot_bar() in katas/week2_statistics/day10_viz_project/viz.py — counts = df[column].value_counts(); ax.bar(counts.index, counts.values) (README Task 3; `make hint DAY=10`)')


def plot_scatter(df: pd.DataFrame, x: str = "flipper_length_mm", y: str = "body_mass_g",
                 hue: str | None = "species", ax=None):
    """Scatter plot of df[y] against df[x]: one point per row where both are present, coloured by
    `hue` (one colour per group and a legend naming the groups; one colour when hue is None),
    both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (its points are PathCollection offsets).
    """
    raise NotImplementedError('day10 task 4: implement plot_scatter() in katas/week2_statistics/day10_viz_project/viz.py — ax.scatter (one call per hue group, or sns.scatterplot(data=df, x=x, y=y, hue=hue, ax=ax)) (README Task 4; `make hint DAY=10`)')


def plot_box(df: pd.DataFrame, column: str = "body_mass_g", by: str = "species", ax=None):
    """Box plot of `column` for each group of `by` (missing values left out): one box per group,
    group names on the x ticks, both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (medians, whiskers and caps are Line2D objects).
    """
    raise NotImplementedError('day10 task 5: implement plot_box() in katas/week2_statistics/day10_viz_project/viz.py — one array per group without NaN, then ax.boxplot(arrays) and the group names as tick labels (README Task 5; `make hint DAY=10`)')


def write_interactive_scatter(df: pd.DataFrame, path, x: str = "flipper_length_mm", y: str = "body_mass_g",
                              color: str = "species") -> Path:
    """Stretch: the scatter as an interactive Plotly figure, saved as ONE standalone HTML file that
    works offline (plotly.js embedded, not loaded from a CDN). One point per row where x and y are present.

    Returns:
        the path written.
    """
    raise NotImplementedError('day10 task 7: implement write_interactive_scatter() in katas/week2_statistics/day10_viz_project/viz.py — plotly.express.scatter, then fig.write_html(path, include_plotlyjs=True) (README Task 7; `make hint DAY=10`)')
