# day18 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 18 — Cross-validation schemes on Telco churn: stratified folds, and grouped data.

Two questions about a split, before any model is trained:
- Is every held-out fold representative? With 26.5 % churners, a fold may by chance (or, on sorted
  data, by construction) hold far more or fewer; StratifiedKFold keeps each fold's rate at the
  overall rate, give or take one customer.
- Does a group straddle train and test? Telco has one row per customer; the customer-month panel
  built here (derived from `tenure`: one row per month a customer has been with the company, every
  row carrying that customer's features) has many rows per customer. Split row-wise, the same
  customer is in train and test, and the score measures memory, not generalisation.
Splitters are scikit-learn objects; every function calls `splitter.split(X, y, groups)`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def fold_rates(y, splitter, groups=None) -> np.ndarray:
    """The positive rate (share of 1s in y) of every held-out fold, in the splitter's order.

    Args:
        y: 0/1 labels (array or Series), length n.
        splitter: a scikit-learn CV splitter (KFold, StratifiedKFold, GroupKFold, ...).
        groups: passed on to splitter.split (ignored by splitters that do not use groups).
    Returns:
        float array, one rate per fold.
    """
    raise NotImplementedError('day18 task 1: implement fold_rates() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — for _, test in splitter.split(np.zeros(len(y)), y, groups): y[test].mean() (README Task 1; `make hint DAY=18`)')


def customer_month_panel(df: pd.DataFrame) -> pd.DataFrame:
    """A customer-month panel derived from Telco's `tenure` (it is not in the original data).

    One row per customer and month 1, 2, ..., tenure (a customer with tenure 0 has no rows); every
    row carries all of that customer's columns unchanged, plus a new integer column `month`.
    Rows: customers in df's order, months ascending within a customer; a fresh 0..N-1 index.
    df is not modified.
    """
    raise NotImplementedError('day18 task 2: implement customer_month_panel() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — df.loc[df.index.repeat(df["tenure"])]; month = groupby(level=0).cumcount() + 1; reset_index(drop=True) (README Task 2; `make hint DAY=18`)')


def shared_groups(splitter, X, y, groups) -> list[int]:
    """For every fold, how many groups (customers) have rows on BOTH sides: in train and in held-out.

    Returns:
        a list of ints, one per fold (0 everywhere means no group is ever split).
    """
    raise NotImplementedError('day18 task 3: implement shared_groups() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — sets of groups[train] and groups[test]; len of the intersection per fold (README Task 3; `make hint DAY=18`)')


def scheme_table(model, X: pd.DataFrame, y: pd.Series, groups, schemes: dict) -> pd.DataFrame:
    """Cross-validate `model` under every scheme and tabulate what each split shows.

    For each scheme (name -> splitter), for each fold of splitter.split(X, y, groups): fit a clone of
    model on the training rows, ROC-AUC of predict_proba[:, 1] on the held-out rows.
    Returns:
        DataFrame, index = scheme names (in order), columns:
        auc_mean, auc_std (np.std of the fold AUCs, ddof=0), churn_rate_min, churn_rate_max (over
        the held-out folds, fold_rates), shared_customers (sum over folds of shared_groups).
    """
    raise NotImplementedError('day18 task 4: implement scheme_table() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — one row per scheme: fold AUCs with clone(model).fit on train rows, plus fold_rates and shared_groups (README Task 4; `make hint DAY=18`)')


def write_table(table: pd.DataFrame, path) -> str:
    """The deliverable: the scheme table as Markdown (3 decimals), a blank line, then one sentence per
    scheme of your own words. Write it to path and return the text."""
    raise NotImplementedError('day18 task 5: implement write_table() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — table.to_markdown(floatfmt=".3f") and f-strings; Path(path).write_text (README Task 5; `make hint DAY=18`)')


def stratified_group_folds(y, groups, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stretch: folds that keep every group whole AND the positive rate near the overall rate.

    Returns:
        a list of (train positions, held-out positions) arrays; shuffled with `seed` (no global
        random state), every row held out exactly once, no group on both sides.
    """
    raise NotImplementedError('day18 task 6: implement stratified_group_folds() in katas/week4_classical_ml_2/day18_cross_validation/cv_schemes.py — sklearn.model_selection.StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed) (README Task 6; `make hint DAY=18`)')
