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
    # BEGIN SOLUTION (task 1) one permutation of the row positions: the first n rows are the reference, the next n the current
    if 2 * n > len(df):
        raise ValueError(f"need 2 * {n} rows, the frame has {len(df)}")
    order = np.random.default_rng(seed).permutation(len(df))
    reference = df.iloc[order[:n]].reset_index(drop=True)
    current = df.iloc[order[n:2 * n]].reset_index(drop=True)
    return reference, current
    # END SOLUTION


def inject_shift(current: pd.DataFrame, factors: dict[str, float]) -> pd.DataFrame:
    """A copy of `current` in which each column named in `factors` is multiplied by its factor.

    Example: inject_shift(cur, {"median_income": 1.3}) raises every income by 30 %. The input
    frame is not modified; the other columns are unchanged. Raises KeyError for an unknown column.
    """
    # BEGIN SOLUTION (task 1) copy, then multiply each named column
    shifted = current.copy()
    for column, factor in factors.items():
        if column not in shifted.columns:
            raise KeyError(f"no column {column!r} to shift")
        shifted[column] = shifted[column] * factor
    return shifted
    # END SOLUTION


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
    # BEGIN SOLUTION (task 2) pooled sturges edges -> two histograms -> shares -> _fill_empty -> the sum
    ref, cur = pd.Series(reference).dropna(), pd.Series(current).dropna()
    if ref.dtype == object or isinstance(ref.dtype, pd.CategoricalDtype):
        keys = sorted(set(ref.unique()) | set(cur.unique()))
        ref_share = ref.value_counts().reindex(keys, fill_value=0).to_numpy() / len(ref)
        cur_share = cur.value_counts().reindex(keys, fill_value=0).to_numpy() / len(cur)
    else:
        edges = np.histogram_bin_edges(np.concatenate([ref.to_numpy(), cur.to_numpy()]), bins="sturges")
        ref_share = np.histogram(ref, edges)[0] / len(ref)
        cur_share = np.histogram(cur, edges)[0] / len(cur)
    ref_share, cur_share = _fill_empty(ref_share), _fill_empty(cur_share)
    return float(np.sum((ref_share - cur_share) * np.log(ref_share / cur_share)))
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: Kolmogorov–Smirnov

def ks_test(reference: pd.Series, current: pd.Series) -> tuple[float, float]:
    """Two-sample Kolmogorov–Smirnov test, by hand (no scipy.stats.ks_2samp / kstest).

    Returns:
        (D, p): D = max over x of |F_ref(x) - F_cur(x)| (the empirical CDFs), and the two-sided
        asymptotic p-value P(K > sqrt(n m / (n + m)) * D), K Kolmogorov's distribution
        (scipy.stats.kstwobign).
    """
    # BEGIN SOLUTION (task 3) both ECDFs at every pooled value (np.searchsorted, side="right"); D = max gap; kstwobign.sf
    from scipy.stats import kstwobign

    a = np.sort(pd.Series(reference).dropna().to_numpy(dtype=float))
    b = np.sort(pd.Series(current).dropna().to_numpy(dtype=float))
    points = np.concatenate([a, b])
    gap = np.abs(np.searchsorted(a, points, side="right") / len(a) - np.searchsorted(b, points, side="right") / len(b))
    d = float(gap.max())
    en = len(a) * len(b) / (len(a) + len(b))
    return d, float(kstwobign.sf(np.sqrt(en) * d))
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the drift table

def drift_table(reference: pd.DataFrame, current: pd.DataFrame,
                psi_threshold: float = PSI_THRESHOLD, ks_alpha: float = KS_ALPHA) -> pd.DataFrame:
    """One row per numeric column of `reference` (index: the column names, in the frame's order).

    Columns: psi (float), psi_drift (bool, psi >= psi_threshold), ks_statistic (float),
    ks_pvalue (float), ks_drift (bool, ks_pvalue <= ks_alpha).
    """
    # BEGIN SOLUTION (task 4) loop over the numeric columns, call psi and ks_test, build the frame
    rows = {}
    for column in reference.select_dtypes("number").columns:
        value = psi(reference[column], current[column])
        d, p = ks_test(reference[column], current[column])
        rows[column] = {"psi": value, "psi_drift": value >= psi_threshold,
                        "ks_statistic": d, "ks_pvalue": p, "ks_drift": p <= ks_alpha}
    table = pd.DataFrame.from_dict(rows, orient="index")
    return table.astype({"psi_drift": bool, "ks_drift": bool})
    # END SOLUTION


# ---------------------------------------------------------------- Task 5: Evidently's report

def evidently_report(reference: pd.DataFrame, current: pd.DataFrame, path: str | Path,
                     method: str = "psi") -> dict[str, dict]:
    """Run Evidently's DataDriftPreset(method=method) on current vs reference, save the HTML report.

    Returns:
        {column: {"score": Evidently's drift score (float), "drift": Evidently's verdict (bool)}}
        for every column of the report. The verdict for "psi" is score >= 0.1; for "ks" (the score
        is a p-value) it is score <= 0.05, Evidently's default thresholds.
    """
    # BEGIN SOLUTION (task 5) Report([DataDriftPreset(method=...)]).run(current, reference); save_html; read the ValueDrift metrics of snapshot.dict()
    from evidently import Report
    from evidently.presets import DataDriftPreset

    snapshot = Report([DataDriftPreset(method=method)]).run(current, reference)
    snapshot.save_html(str(path))
    result = {}
    for metric in snapshot.dict()["metrics"]:
        config = metric.get("config", {})
        if config.get("type", "").endswith("ValueDrift"):
            score = float(metric["value"])
            threshold = config.get("threshold")
            drift = score <= threshold if method == "ks" else score >= threshold
            result[config["column"]] = {"score": score, "drift": bool(drift)}
    return result
    # END SOLUTION
