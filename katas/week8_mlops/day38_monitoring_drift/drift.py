# day38 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 38 — Monitoring and drift: a known shift, PSI and Kolmogorov–Smirnov by hand, Evidently's report."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

PSI_THRESHOLD = 0.1  # PSI >= 0.1: drift (Evidently's default threshold for "psi")
KS_ALPHA = 0.05  # KS p-value <= 0.05: drift (Evidently's default threshold for "ks")


# ---------------------------------------------------------------- Task 1: reference, current, a known shift

def split_reference_current(df: pd.DataFrame, n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two disjoint random samples of n rows each: (reference, current), index reset to 0..n-1.

    Drawn with np.random.default_rng(seed) (or random_state=seed): same seed, same samples.
    Raises ValueError if df has fewer than 2 * n rows.
    """
    raise NotImplementedError('day38 task 1: implement split_reference_current() in katas/week8_mlops/day38_monitoring_drift/drift.py — one permutation of the row positions: the first n rows are the reference, the next n the current (README Task 1; `make hint DAY=38`)')


def inject_shift(current: pd.DataFrame, factors: dict[str, float]) -> pd.DataFrame:
    """A copy of `current` in which each column named in `factors` is multiplied by its factor.

    Example: inject_shift(cur, {"median_income": 1.3}) raises every income by 30 %. The input
    frame is not modified; the other columns are unchanged. Raises KeyError for an unknown column.
    """
    raise NotImplementedError('day38 task 1: implement inject_shift() in katas/week8_mlops/day38_monitoring_drift/drift.py — copy, then multiply each named column (README Task 1; `make hint DAY=38`)')


# ---------------------------------------------------------------- Task 2: PSI

def _fill_empty(shares: np.ndarray) -> np.ndarray:
    """Evidently's rule for empty bins (provided): a tiny share instead of 0, so the log is finite."""
    shares = shares.astype(float).copy()
    smallest = shares[shares > 0].min()
    shares[shares == 0] = smallest / 1e6 if smallest <= 0.0001 else 0.0001
    return shares


def psi(reference: pd.Series, current: pd.Series) -> float:
    """Population stability index of a numeric column, binned the way Evidently bins it.

    Bins: np.histogram_bin_edges of the two samples pooled, bins="sturges". Shares: counts per bin
    divided by each sample's size; empty bins get a tiny share (`_fill_empty`, provided).
    PSI = sum over bins of (ref_share - cur_share) * ln(ref_share / cur_share).
    Stretch (Task 6): a text (categorical) column is binned by category instead: one bin per
    value seen in either sample.
    """
    raise NotImplementedError('day38 task 2: implement psi() in katas/week8_mlops/day38_monitoring_drift/drift.py — pooled sturges edges -> two histograms -> shares -> _fill_empty -> the sum (README Task 2; `make hint DAY=38`)')


# ---------------------------------------------------------------- Task 3: Kolmogorov–Smirnov

def ks_test(reference: pd.Series, current: pd.Series) -> tuple[float, float]:
    """Two-sample Kolmogorov–Smirnov test, by hand (no scipy.stats.ks_2samp / kstest).

    Returns:
        (D, p): D = max over x of |F_ref(x) - F_cur(x)| (the empirical CDFs), and the two-sided
        asymptotic p-value P(K > sqrt(n m / (n + m)) * D), K Kolmogorov's distribution
        (scipy.stats.kstwobign).
    """
    raise NotImplementedError('day38 task 3: implement ks_test() in katas/week8_mlops/day38_monitoring_drift/drift.py — both ECDFs at every pooled value (np.searchsorted, side="right"); D = max gap; kstwobign.sf (README Task 3; `make hint DAY=38`)')


# ---------------------------------------------------------------- Task 4: the drift table

def drift_table(reference: pd.DataFrame, current: pd.DataFrame,
                psi_threshold: float = PSI_THRESHOLD, ks_alpha: float = KS_ALPHA) -> pd.DataFrame:
    """One row per numeric column of `reference` (index: the column names, in the frame's order).

    Columns: psi (float), psi_drift (bool, psi >= psi_threshold), ks_statistic (float),
    ks_pvalue (float), ks_drift (bool, ks_pvalue <= ks_alpha).
    """
    raise NotImplementedError('day38 task 4: implement drift_table() in katas/week8_mlops/day38_monitoring_drift/drift.py — loop over the numeric columns, call psi and ks_test, build the frame (README Task 4; `make hint DAY=38`)')


# ---------------------------------------------------------------- Task 5: Evidently's report

def evidently_report(reference: pd.DataFrame, current: pd.DataFrame, path: str | Path,
                     method: str = "psi") -> dict[str, dict]:
    """Run Evidently's DataDriftPreset(method=method) on current vs reference, save the HTML report.

    Returns:
        {column: {"score": Evidently's drift score (float), "drift": Evidently's verdict (bool)}}
        for every column of the report. The verdict for "psi" is score >= 0.1; for "ks" (the score
        is a p-value) it is score <= 0.05, Evidently's default thresholds.
    """
    raise NotImplementedError('day38 task 5: implement evidently_report() in katas/week8_mlops/day38_monitoring_drift/drift.py — Report([DataDriftPreset(method=...)]).run(current, reference); save_html; read the ValueDrift metrics of snapshot.dict() (README Task 5; `make hint DAY=38`)')
