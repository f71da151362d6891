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
    # BEGIN SOLUTION (task 1) ax.hist(values.dropna(), bins=bins), then set_xlabel/set_ylabel/set_title
    ax = _new_axes(ax)
    values = df[column].dropna()
    ax.hist(values, bins=bins, color="steelblue", edgecolor="white")
    ax.set_xlabel(column.replace("_", " "))
    ax.set_ylabel("number of penguins")
    ax.set_title(f"Distribution of {column.replace('_', ' ')} (n = {len(values)})")
    return ax
    # END SOLUTION


def plot_correlation_heatmap(df: pd.DataFrame, ax=None):
    """Heatmap of the Pearson correlation matrix of the numeric columns (a k x k grid drawn with
    imshow, pcolormesh or sns.heatmap), columns named on the ticks, with a title.

    Returns:
        the matplotlib Axes drawn on (holding a QuadMesh or an AxesImage).
    """
    # BEGIN SOLUTION (task 2) df.select_dtypes("number").corr(), then sns.heatmap(..., annot=True) or ax.imshow
    import seaborn as sns

    ax = _new_axes(ax, figsize=(6, 5))
    corr = df.select_dtypes("number").corr()
    sns.heatmap(corr, vmin=-1, vmax=1, center=0, cmap="RdBu_r", annot=True, fmt=".2f", square=True, ax=ax)
    ax.set_title("Pearson correlation of the numeric measurements")
    return ax
    # END SOLUTION


def plot_bar(df: pd.DataFrame, column: str = "species", ax=None):
    """Vertical bar chart of how many rows fall in each category of `column`: one bar per category,
    the category names on the x ticks, both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (one Rectangle patch per category).
    """
    # BEGIN SOLUTION (task 3) counts = df[column].value_counts(); ax.bar(counts.index, counts.values)
    ax = _new_axes(ax)
    counts = df[column].value_counts()
    ax.bar(counts.index.astype(str), counts.to_numpy(), color="darkseagreen")
    ax.set_xlabel(column.replace("_", " "))
    ax.set_ylabel("count")
    ax.set_title(f"Penguins per {column.replace('_', ' ')}")
    return ax
    # END SOLUTION


def plot_scatter(df: pd.DataFrame, x: str = "flipper_length_mm", y: str = "body_mass_g",
                 hue: str | None = "species", ax=None):
    """Scatter plot of df[y] against df[x]: one point per row where both are present, coloured by
    `hue` (one colour per group and a legend naming the groups; one colour when hue is None),
    both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (its points are PathCollection offsets).
    """
    # BEGIN SOLUTION (task 4) ax.scatter (one call per hue group, or sns.scatterplot(data=df, x=x, y=y, hue=hue, ax=ax))
    ax = _new_axes(ax)
    data = df.dropna(subset=[x, y])
    if hue is None:
        ax.scatter(data[x], data[y], s=12)
    else:
        for name, group in data.groupby(hue, dropna=False):
            ax.scatter(group[x], group[y], s=12, label=str(name))
        ax.legend(title=hue)
    ax.set_xlabel(x.replace("_", " "))
    ax.set_ylabel(y.replace("_", " "))
    ax.set_title(f"{y.replace('_', ' ')} vs {x.replace('_', ' ')}")
    return ax
    # END SOLUTION


def plot_box(df: pd.DataFrame, column: str = "body_mass_g", by: str = "species", ax=None):
    """Box plot of `column` for each group of `by` (missing values left out): one box per group,
    group names on the x ticks, both axes labelled and a title.

    Returns:
        the matplotlib Axes drawn on (medians, whiskers and caps are Line2D objects).
    """
    # BEGIN SOLUTION (task 5) one array per group without NaN, then ax.boxplot(arrays) and the group names as tick labels
    ax = _new_axes(ax)
    groups = [(str(name), g[column].dropna().to_numpy()) for name, g in df.groupby(by)]
    ax.boxplot([values for _, values in groups])
    ax.set_xticks(range(1, len(groups) + 1), [name for name, _ in groups])
    ax.set_xlabel(by.replace("_", " "))
    ax.set_ylabel(column.replace("_", " "))
    ax.set_title(f"{column.replace('_', ' ')} by {by.replace('_', ' ')}")
    return ax
    # END SOLUTION


def write_interactive_scatter(df: pd.DataFrame, path, x: str = "flipper_length_mm", y: str = "body_mass_g",
                              color: str = "species") -> Path:
    """Stretch: the scatter as an interactive Plotly figure, saved as ONE standalone HTML file that
    works offline (plotly.js embedded, not loaded from a CDN). One point per row where x and y are present.

    Returns:
        the path written.
    """
    # BEGIN SOLUTION (task 7) plotly.express.scatter, then fig.write_html(path, include_plotlyjs=True)
    import plotly.express as px

    data = df.dropna(subset=[x, y])
    fig = px.scatter(data, x=x, y=y, color=color, hover_data=data.columns,
                     title=f"{y.replace('_', ' ')} vs {x.replace('_', ' ')}")
    path = Path(path)
    fig.write_html(path, include_plotlyjs=True, full_html=True)
    return path
    # END SOLUTION
