# day23 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 23 — Anomaly detection on KDD Cup 99: IsolationForest vs LocalOutlierFactor, ROC curves and AUCs."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# Provided: the text columns (not used as features) and the two flood attacks left out of the anomalies.
TEXT_COLUMNS = ("protocol_type", "service", "flag", "label")
FLOOD_ATTACKS = ("smurf.", "neptune.")
NORMAL = "normal."


def make_anomaly_set(df: pd.DataFrame, n_normal: int = 5000, n_anomalies: int = 100,
                     seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Normal traffic plus a few rare attacks, with the numeric features only.

    Drop exact duplicate rows first (all 42 columns), then draw, without replacement and with
    np.random.default_rng(seed), n_normal rows labelled "normal." and n_anomalies rows of attacks
    OTHER than the floods in FLOOD_ATTACKS (smurf, neptune).
    Args:
        df: the KDD Cup 99 frame (kddcup99 fixture; not modified).
    Returns:
        (X, y): X a float DataFrame of the 38 numeric columns (every column but TEXT_COLUMNS, in
        the frame's order) keeping the rows' original index labels; y an int ndarray (n,) with
        1 for an attack (anomaly) and 0 for normal traffic, aligned with X's rows.
    """
    raise NotImplementedError('day23 task 1: implement make_anomaly_set() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — drop_duplicates, two boolean masks on df["label"], rng.choice on each group\'s index (README Task 1; `make hint DAY=23`)')


def isolation_forest_scores(X, seed: int = 0, n_estimators: int = 100) -> np.ndarray:
    """IsolationForest anomaly scores, oriented so that HIGHER means MORE anomalous.

    Fit IsolationForest(n_estimators, random_state=seed) on X and score the same rows.
    Returns: float ndarray (n,).
    """
    raise NotImplementedError('day23 task 2: implement isolation_forest_scores() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — score_samples is high for normal points: negate it (README Task 2; `make hint DAY=23`)')


def lof_scores(X, n_neighbors: int = 50) -> np.ndarray:
    """LocalOutlierFactor scores on the standardised features, HIGHER = MORE anomalous.

    LOF compares distances, so first standardise every column to z-scores (population std; a
    constant column becomes all zeros), then fit LocalOutlierFactor(n_neighbors) on the rows and
    return their outlier factors (about 1 for an inlier, larger for an outlier).
    Returns: float ndarray (n,).
    """
    raise NotImplementedError('day23 task 2: implement lof_scores() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — z-scores (std 0 -> 1), LocalOutlierFactor(n_neighbors).fit(Z), negate negative_outlier_factor_ (README Task 2; `make hint DAY=23`)')


def roc_aucs(y, scores_by_name: dict[str, np.ndarray]) -> dict[str, float]:
    """ROC-AUC of every detector's scores against y (1 = anomaly), on the same rows: {name: auc}."""
    raise NotImplementedError('day23 task 3: implement roc_aucs() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — sklearn.metrics.roc_auc_score(y, scores) per name (README Task 3; `make hint DAY=23`)')


def plot_roc(y, scores_by_name: dict[str, np.ndarray], path):
    """Both ROC curves in one Axes: one line per detector (false positive rate on x, true positive
    rate on y), the chance diagonal dashed, a legend naming each detector with its AUC to three
    decimals ("IsolationForest (AUC = 0.934)"). Saves a PNG at path and returns the Figure.
    """
    raise NotImplementedError('day23 task 4: implement plot_roc() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — sklearn.metrics.roc_curve per detector, ax.plot(fpr, tpr, label=...), ax.legend() (README Task 4; `make hint DAY=23`)')


def write_auc_note(path, aucs: dict[str, float], n_normal: int, n_anomalies: int) -> Path:
    """A short Markdown note: the data (how many normal rows and anomalies), each detector's AUC to
    three decimals, which one ranks the anomalies better, and one sentence on why.
    Returns the path written.
    """
    raise NotImplementedError('day23 task 5: implement write_auc_note() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — an f-string: the counts, one line per detector, the winner (max of aucs) (README Task 5; `make hint DAY=23`)')


def auc_by_ranks(y, scores) -> float:
    """ROC-AUC without sklearn.metrics: the probability that a random anomaly (y = 1) scores higher
    than a random normal row (y = 0), ties counting one half (the Mann-Whitney U statistic / n1 n0).
    Returns a float.
    """
    raise NotImplementedError("day23 task 6: implement auc_by_ranks() in katas/week5_unsupervised/day23_anomaly_detection/anomaly.py — scipy.stats.rankdata(scores) (average ranks for ties), sum the anomalies' ranks (README Task 6; `make hint DAY=23`)")
