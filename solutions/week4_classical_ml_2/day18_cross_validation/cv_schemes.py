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
    # BEGIN SOLUTION (task 1) for _, test in splitter.split(np.zeros(len(y)), y, groups): y[test].mean()
    y = np.asarray(y)
    return np.array([y[test].mean() for _, test in splitter.split(np.zeros((len(y), 1)), y, groups)], dtype=float)
    # END SOLUTION


def customer_month_panel(df: pd.DataFrame) -> pd.DataFrame:
    """A customer-month panel derived from Telco's `tenure` (it is not in the original data).

    One row per customer and month 1, 2, ..., tenure (a customer with tenure 0 has no rows); every
    row carries all of that customer's columns unchanged, plus a new integer column `month`.
    Rows: customers in df's order, months ascending within a customer; a fresh 0..N-1 index.
    df is not modified.
    """
    # BEGIN SOLUTION (task 2) df.loc[df.index.repeat(df["tenure"])]; month = groupby(level=0).cumcount() + 1; reset_index(drop=True)
    reps = df["tenure"].astype(int).to_numpy()
    panel = df.loc[df.index.repeat(reps)].copy()
    panel["month"] = panel.groupby(level=0).cumcount().to_numpy() + 1
    return panel.reset_index(drop=True)
    # END SOLUTION


def shared_groups(splitter, X, y, groups) -> list[int]:
    """For every fold, how many groups (customers) have rows on BOTH sides: in train and in held-out.

    Returns:
        a list of ints, one per fold (0 everywhere means no group is ever split).
    """
    # BEGIN SOLUTION (task 3) sets of groups[train] and groups[test]; len of the intersection per fold
    groups = np.asarray(groups)
    return [len(set(groups[train]) & set(groups[test])) for train, test in splitter.split(X, y, groups)]
    # END SOLUTION


def scheme_table(model, X: pd.DataFrame, y: pd.Series, groups, schemes: dict) -> pd.DataFrame:
    """Cross-validate `model` under every scheme and tabulate what each split shows.

    For each scheme (name -> splitter), for each fold of splitter.split(X, y, groups): fit a clone of
    model on the training rows, ROC-AUC of predict_proba[:, 1] on the held-out rows.
    Returns:
        DataFrame, index = scheme names (in order), columns:
        auc_mean, auc_std (np.std of the fold AUCs, ddof=0), churn_rate_min, churn_rate_max (over
        the held-out folds, fold_rates), shared_customers (sum over folds of shared_groups).
    """
    # BEGIN SOLUTION (task 4) one row per scheme: fold AUCs with clone(model).fit on train rows, plus fold_rates and shared_groups
    from sklearn.base import clone
    from sklearn.metrics import roc_auc_score

    rows = {}
    yv = np.asarray(y)
    for name, splitter in schemes.items():
        aucs = []
        for train, test in splitter.split(X, yv, groups):
            fit = clone(model).fit(X.iloc[train], yv[train])
            aucs.append(roc_auc_score(yv[test], fit.predict_proba(X.iloc[test])[:, 1]))
        rates = fold_rates(yv, splitter, groups)
        rows[name] = {"auc_mean": float(np.mean(aucs)), "auc_std": float(np.std(aucs)),
                      "churn_rate_min": float(rates.min()), "churn_rate_max": float(rates.max()),
                      "shared_customers": int(sum(shared_groups(splitter, X, yv, groups)))}
    return pd.DataFrame.from_dict(rows, orient="index")
    # END SOLUTION


def write_table(table: pd.DataFrame, path) -> str:
    """The deliverable: the scheme table as Markdown (3 decimals), a blank line, then one sentence per
    scheme of your own words. Write it to path and return the text."""
    # BEGIN SOLUTION (task 5) table.to_markdown(floatfmt=".3f") and f-strings; Path(path).write_text
    lines = ["# Day 18 — cross-validation schemes", "", table.to_markdown(floatfmt=".3f"), ""]
    for name, row in table.iterrows():
        verdict = ("leaks: customers on both sides" if row["shared_customers"] > 0
                   else "never splits a customer")
        lines.append(f"- {name}: AUC {row['auc_mean']:.3f} ± {row['auc_std']:.3f}, held-out churn rate "
                     f"{row['churn_rate_min']:.3f}–{row['churn_rate_max']:.3f}, {verdict}.")
    text = "\n".join(lines) + "\n"
    Path(path).write_text(text, encoding="utf-8")
    return text
    # END SOLUTION


def stratified_group_folds(y, groups, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stretch: folds that keep every group whole AND the positive rate near the overall rate.

    Returns:
        a list of (train positions, held-out positions) arrays; shuffled with `seed` (no global
        random state), every row held out exactly once, no group on both sides.
    """
    # BEGIN SOLUTION (task 6) sklearn.model_selection.StratifiedGroupKFold(n_splits, shuffle=True, random_state=seed)
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.asarray(y)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(np.asarray(tr), np.asarray(te)) for tr, te in splitter.split(np.zeros((len(y), 1)), y, groups)]
    # END SOLUTION
