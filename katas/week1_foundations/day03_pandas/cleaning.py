# day03 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day03 task 1: implement impute_age() in katas/week1_foundations/day03_pandas/cleaning.py — copy the frame; fillna with the median, or with groupby(by)["Age"].transform("median") (README Task 1; `make hint DAY=03`)')


def add_family_size(df: pd.DataFrame) -> pd.DataFrame:
    """Return a NEW frame with an integer column FamilySize = SibSp + Parch + 1 (the passenger).

    Args:
        df: a frame with the integer columns SibSp and Parch. It must not be modified.
    Returns:
        a copy of df with FamilySize added; a passenger travelling alone has FamilySize 1.
    """
    raise NotImplementedError('day03 task 2: implement add_family_size() in katas/week1_foundations/day03_pandas/cleaning.py — a new frame with one more integer column (README Task 2; `make hint DAY=03`)')


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
    raise NotImplementedError('day03 task 3: implement plot_age_survival() in katas/week1_foundations/day03_pandas/cleaning.py — one stacked histogram of the two groups of known ages, labelled; save after drawing (README Task 3; `make hint DAY=03`)')


def clean(df: pd.DataFrame) -> pd.DataFrame:
    """The whole cleaning: impute_age (with the grouping of your choice), then add_family_size.

    Returns a new frame: all 891 rows, no missing Age, a FamilySize column; df is not modified.
    """
    raise NotImplementedError('day03 task 4: implement clean() in katas/week1_foundations/day03_pandas/cleaning.py — call the two functions one after the other (README Task 4; `make hint DAY=03`)')


def write_clean_csv(df: pd.DataFrame, path) -> Path:
    """Clean df with clean() and write it to `path` as CSV, without the index column.

    Returns:
        the path written.
    """
    raise NotImplementedError('day03 task 4: implement write_clean_csv() in katas/week1_foundations/day03_pandas/cleaning.py — DataFrame.to_csv, without the index (README Task 4; `make hint DAY=03`)')


def clean_with_pipe(df: pd.DataFrame) -> pd.DataFrame:
    """Stretch: the same steps as clean(), written as one chain of DataFrame.pipe calls.

    Returns a frame equal to clean(df).
    """
    raise NotImplementedError('day03 task 5: implement clean_with_pipe() in katas/week1_foundations/day03_pandas/cleaning.py — one DataFrame.pipe call per step (README Task 5; `make hint DAY=03`)')
