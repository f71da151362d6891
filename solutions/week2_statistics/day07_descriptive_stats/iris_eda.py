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
    # BEGIN SOLUTION (task 1) melt to long format, groupby species and feature, agg mean/median/var, melt again
    features = [c for c in df.select_dtypes("number").columns if c != "species"]
    long = df.melt(id_vars="species", value_vars=features, var_name="feature")
    stats = long.groupby(["species", "feature"])["value"].agg(list(STATISTICS)).reset_index()
    tidy = stats.melt(id_vars=["species", "feature"], var_name="statistic", value_name="value")
    return tidy.sort_values(["species", "feature", "statistic"], ignore_index=True)
    # END SOLUTION


def pairplot(df: pd.DataFrame, path):
    """Draw `sns.pairplot` of the numeric columns coloured by species and save it as a PNG.

    Args:
        df: the iris frame (not modified).
        path: where to save the PNG (e.g. out/iris_pairplot.png).
    Returns:
        the seaborn PairGrid (4 x 4 axes for iris, with a legend naming the 3 species).
    """
    # BEGIN SOLUTION (task 2) seaborn's pairplot coloured by species; the grid saves itself
    import seaborn as sns

    grid = sns.pairplot(df, hue="species", height=2.0)
    grid.savefig(path, dpi=80)
    return grid
    # END SOLUTION


def violin_petal_length(df: pd.DataFrame, ax=None):
    """Violin plot of petal_length, one violin per species (species on the x axis).

    Args:
        df: the iris frame (not modified).
        ax: a matplotlib Axes to draw on; a new figure's Axes if None.
    Returns:
        the Axes, holding 3 violins, with the species as tick labels.
    """
    # BEGIN SOLUTION (task 4) seaborn's violinplot, on the given Axes
    import matplotlib.pyplot as plt
    import seaborn as sns

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4))
    sns.violinplot(data=df, x="species", y="petal_length", hue="species", ax=ax)
    ax.set_title("Petal length per species")
    ax.set_ylabel("petal length (cm)")
    return ax
    # END SOLUTION


def write_eda_pdf(df: pd.DataFrame, path) -> Path:
    """Write a ONE-page PDF report: the species_stats table (readable text, e.g. with `ax.table`)
    and the pair plot (and the violin plot, once Task 4 works) on the same page.

    Args:
        df: the iris frame (not modified).
        path: where to write the PDF (e.g. out/iris_eda.pdf).
    Returns:
        the path written.
    """
    # BEGIN SOLUTION (task 3) one matplotlib figure: an axis-off Axes with ax.table, the pair plot as an image; fig.savefig(path)
    import io

    import matplotlib.image as mpimg
    import matplotlib.pyplot as plt

    wide = species_stats(df).pivot_table(index=["species", "statistic"], columns="feature", values="value")
    buffer = io.BytesIO()
    grid = pairplot(df, buffer)
    plt.close(grid.figure)
    buffer.seek(0)
    image = mpimg.imread(buffer, format="png")

    fig = plt.figure(figsize=(8.27, 11.69))  # A4 portrait
    gs = fig.add_gridspec(3, 2, height_ratios=[1.0, 2.2, 1.2])
    fig.suptitle("Iris: descriptive statistics per species", fontsize=14)
    table_ax = fig.add_subplot(gs[0, :])
    table_ax.axis("off")
    cells = [[f"{v:.3f}" for v in row] for row in wide.to_numpy()]
    labels = [f"{s} {stat}" for s, stat in wide.index]
    table = table_ax.table(cellText=cells, rowLabels=labels, colLabels=list(wide.columns), loc="center")
    table.auto_set_font_size(False)
    table.set_fontsize(7)
    image_ax = fig.add_subplot(gs[1, :])
    image_ax.imshow(image)
    image_ax.axis("off")
    violin_petal_length(df, ax=fig.add_subplot(gs[2, 0]))
    note_ax = fig.add_subplot(gs[2, 1])
    note_ax.axis("off")
    note_ax.text(0, 0.5, "Setosa separates cleanly on the petal\nmeasurements; versicolor and virginica\n"
                         "overlap, virginica being the largest.", fontsize=9, va="center")
    fig.savefig(path)
    plt.close(fig)
    return Path(path)
    # END SOLUTION
