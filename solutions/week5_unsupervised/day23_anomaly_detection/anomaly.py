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
    # BEGIN SOLUTION (task 1) drop_duplicates, two boolean masks on df["label"], rng.choice on each group's index
    rng = np.random.default_rng(seed)
    unique = df.drop_duplicates()
    normal = unique.index[unique["label"] == NORMAL]
    attacks = unique.index[~unique["label"].isin((NORMAL, *FLOOD_ATTACKS))]
    rows = np.concatenate([rng.choice(normal, size=n_normal, replace=False),
                           rng.choice(attacks, size=n_anomalies, replace=False)])
    features = [c for c in df.columns if c not in TEXT_COLUMNS]
    X = unique.loc[rows, features].astype(float)
    y = np.r_[np.zeros(n_normal, dtype=int), np.ones(n_anomalies, dtype=int)]
    return X, y
    # END SOLUTION


def isolation_forest_scores(X, seed: int = 0, n_estimators: int = 100) -> np.ndarray:
    """IsolationForest anomaly scores, oriented so that HIGHER means MORE anomalous.

    Fit IsolationForest(n_estimators, random_state=seed) on X and score the same rows.
    Returns: float ndarray (n,).
    """
    # BEGIN SOLUTION (task 2) score_samples is high for normal points: negate it
    from sklearn.ensemble import IsolationForest

    model = IsolationForest(n_estimators=n_estimators, random_state=seed).fit(X)
    return -model.score_samples(X)
    # END SOLUTION


def lof_scores(X, n_neighbors: int = 50) -> np.ndarray:
    """LocalOutlierFactor scores on the standardised features, HIGHER = MORE anomalous.

    LOF compares distances, so first standardise every column to z-scores (population std; a
    constant column becomes all zeros), then fit LocalOutlierFactor(n_neighbors) on the rows and
    return their outlier factors (about 1 for an inlier, larger for an outlier).
    Returns: float ndarray (n,).
    """
    # BEGIN SOLUTION (task 2) z-scores (std 0 -> 1), LocalOutlierFactor(n_neighbors).fit(Z), negate negative_outlier_factor_
    from sklearn.neighbors import LocalOutlierFactor

    X = np.asarray(X, dtype=float)
    std = X.std(axis=0)
    Z = (X - X.mean(axis=0)) / np.where(std > 0, std, 1.0)
    lof = LocalOutlierFactor(n_neighbors=n_neighbors).fit(Z)
    return -lof.negative_outlier_factor_
    # END SOLUTION


def roc_aucs(y, scores_by_name: dict[str, np.ndarray]) -> dict[str, float]:
    """ROC-AUC of every detector's scores against y (1 = anomaly), on the same rows: {name: auc}."""
    # BEGIN SOLUTION (task 3) sklearn.metrics.roc_auc_score(y, scores) per name
    from sklearn.metrics import roc_auc_score

    return {name: float(roc_auc_score(y, s)) for name, s in scores_by_name.items()}
    # END SOLUTION


def plot_roc(y, scores_by_name: dict[str, np.ndarray], path):
    """Both ROC curves in one Axes: one line per detector (false positive rate on x, true positive
    rate on y), the chance diagonal dashed, a legend naming each detector with its AUC to three
    decimals ("IsolationForest (AUC = 0.934)"). Saves a PNG at path and returns the Figure.
    """
    # BEGIN SOLUTION (task 4) sklearn.metrics.roc_curve per detector, ax.plot(fpr, tpr, label=...), ax.legend()
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    aucs = roc_aucs(y, scores_by_name)
    fig, ax = plt.subplots(figsize=(6, 6))
    for name, s in scores_by_name.items():
        fpr, tpr, _ = roc_curve(y, s)
        ax.plot(fpr, tpr, label=f"{name} (AUC = {aucs[name]:.3f})")
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="chance")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="KDD Cup 99: rare attacks vs normal traffic")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return fig
    # END SOLUTION


def write_auc_note(path, aucs: dict[str, float], n_normal: int, n_anomalies: int) -> Path:
    """A short Markdown note: the data (how many normal rows and anomalies), each detector's AUC to
    three decimals, which one ranks the anomalies better, and one sentence on why.
    Returns the path written.
    """
    # BEGIN SOLUTION (task 5) an f-string: the counts, one line per detector, the winner (max of aucs)
    path = Path(path)
    best = max(aucs, key=aucs.get)
    lines = [f"- {name}: ROC-AUC {auc:.3f}" for name, auc in aucs.items()]
    text = (
        "# Anomaly detection on KDD Cup 99\n\n"
        f"{n_normal} normal connections and {n_anomalies} rare attacks (smurf and neptune floods left out), "
        "38 numeric features.\n\n" + "\n".join(lines) + "\n\n"
        f"{best} ranks the attacks best. Isolation forests isolate points that are easy to separate with a few "
        "random splits; LOF compares each point's local density with its neighbours', which needs scaled "
        "features and fails on anomalies that come in dense groups.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


def auc_by_ranks(y, scores) -> float:
    """ROC-AUC without sklearn.metrics: the probability that a random anomaly (y = 1) scores higher
    than a random normal row (y = 0), ties counting one half (the Mann-Whitney U statistic / n1 n0).
    Returns a float.
    """
    # BEGIN SOLUTION (task 6) scipy.stats.rankdata(scores) (average ranks for ties), sum the anomalies' ranks
    from scipy.stats import rankdata

    y = np.asarray(y).astype(bool)
    ranks = rankdata(np.asarray(scores, dtype=float))
    n1, n0 = int(y.sum()), int((~y).sum())
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2) / (n1 * n0))
    # END SOLUTION
