"""Day 03 — Pandas essentials: clean the Titanic passengers, add a feature, plot, save the result."""
from __future__ import annotations

from pathlib import Path

import pandas as pd


def impute_age(df: pd.DataFrame, by: str | list[str] | None = None) -> pd.DataFrame:
    """Fill the missing ages with a median, overall or within groups; return a NEW frame.

    Args:
        df: the Titanic frame (Kaggle columns). It must not be modified.
        by: None to fill with the median of all known ages; a column name ("Pclass") or a list of
            columns (["Sex", "Pclass"]) to fill each missing age with the median of the known ages
            of the passengers in the same group.
    Returns:
        a copy of df, same rows in the same order, same columns, with no missing Age; the known
        ages and every other column unchanged.
    """
    # BEGIN SOLUTION (task 1) copy the frame; fillna with the median, or with groupby(by)["Age"].transform("median")
    out = df.copy()
    if by is None:
        fill = out["Age"].median()
    else:
        fill = out.groupby(by)["Age"].transform("median")
    out["Age"] = out["Age"].fillna(fill)
    return out
    # END SOLUTION


def add_family_size(df: pd.DataFrame) -> pd.DataFrame:
    """Return a NEW frame with an integer column FamilySize = SibSp + Parch + 1 (the passenger).

    Args:
        df: a frame with the integer columns SibSp and Parch. It must not be modified.
    Returns:
        a copy of df with FamilySize added; a passenger travelling alone has FamilySize 1.
    """
    # BEGIN SOLUTION (task 2) a new frame with one more integer column
    return df.assign(FamilySize=(df["SibSp"] + df["Parch"] + 1).astype(int))
    # END SOLUTION


def plot_age_survival(df: pd.DataFrame, path) -> "matplotlib.axes.Axes":  # noqa: F821
    """Stacked histogram of Age, one colour per Survived group, saved as a PNG.

    Passengers whose Age is missing are left out. The bars show counts (not densities); the bars of
    one group sit on top of the other's. The Axes has an x label, a y label and a legend naming
    both groups.
    Args:
        df: a frame with the columns Age and Survived (0 = died, 1 = survived).
        path: where to save the PNG.
    Returns:
        the matplotlib Axes holding the histogram.
    """
    # BEGIN SOLUTION (task 3) one stacked histogram of the two groups of known ages, labelled; save after drawing
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    known = df.dropna(subset=["Age"])
    died = known.loc[known["Survived"] == 0, "Age"]
    survived = known.loc[known["Survived"] == 1, "Age"]
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.hist([died, survived], bins=range(0, 85, 5), stacked=True, label=["Died", "Survived"],
            color=["tab:red", "tab:green"], edgecolor="white")
    ax.set_xlabel("Age (years)")
    ax.set_ylabel("Number of passengers")
    ax.set_title("Titanic: age of passengers who died and survived")
    ax.legend(title="Outcome")
    fig.tight_layout()
    fig.savefig(Path(path), dpi=100)
    return ax
    # END SOLUTION


def clean(df: pd.DataFrame) -> pd.DataFrame:
    """The whole cleaning: impute_age (with the grouping of your choice), then add_family_size.

    Returns a new frame: all 891 rows, no missing Age, a FamilySize column; df is not modified.
    """
    # BEGIN SOLUTION (task 4) call the two functions one after the other
    return add_family_size(impute_age(df, by=["Sex", "Pclass"]))
    # END SOLUTION


def write_clean_csv(df: pd.DataFrame, path) -> Path:
    """Clean df with clean() and write it to `path` as CSV, without the index column.

    Returns:
        the path written.
    """
    # BEGIN SOLUTION (task 4) DataFrame.to_csv, without the index
    path = Path(path)
    clean(df).to_csv(path, index=False)
    return path
    # END SOLUTION


def clean_with_pipe(df: pd.DataFrame) -> pd.DataFrame:
    """Stretch: the same steps as clean(), written as one chain of DataFrame.pipe calls.

    Returns a frame equal to clean(df).
    """
    # BEGIN SOLUTION (task 5) one DataFrame.pipe call per step
    return df.pipe(impute_age, by=["Sex", "Pclass"]).pipe(add_family_size)
    # END SOLUTION
