"""Day 21 — Clustering: your own vectorised k-means, and the Mall Customers segments it finds."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

# The two Mall Customers columns the segmentation uses (provided).
FEATURES = ("Annual Income (k$)", "Spending Score (1-100)")


class KMeansResult(NamedTuple):
    """What `kmeans` returns (provided).

    centroids: float ndarray (k, d); labels: int ndarray (n,) with values 0..k-1;
    inertia: float, the sum of squared distances of the points to their own centroid;
    n_iter: int, the number of Lloyd iterations the returned run took.
    """

    centroids: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int


def assign_clusters(X, centroids) -> tuple[np.ndarray, np.ndarray]:
    """Assign every point to its nearest centroid, without a Python loop over the points.

    Args:
        X: float array (n, d).
        centroids: float array (k, d).
    Returns:
        (labels, sq_dist): int ndarray (n,) of the nearest centroid's index (the lowest index on a
        tie) and float ndarray (n,) of the squared Euclidean distance to it.
    """
    # BEGIN SOLUTION (task 1) broadcast X[:, None, :] - centroids[None, :, :], square, sum over the last axis, argmin
    X = np.asarray(X, dtype=float)
    centroids = np.asarray(centroids, dtype=float)
    d2 = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    labels = d2.argmin(axis=1)
    return labels, d2[np.arange(len(X)), labels]
    # END SOLUTION


def kmeans_plusplus(X, k: int, seed: int = 0) -> np.ndarray:
    """k-means++ initialisation: k starting centroids drawn from the rows of X.

    The first centroid is a row chosen uniformly at random; every next one is a row drawn with
    probability proportional to its squared distance to the nearest centroid chosen so far
    (one draw per step, no greedy extra trials). Uses np.random.default_rng(seed) only.
    Args:
        X: float array (n, d); k: number of centroids (1 <= k <= n); seed: int.
    Returns:
        float ndarray (k, d): k rows of X.
    """
    # BEGIN SOLUTION (task 2) rng = np.random.default_rng(seed); rng.integers for the first, rng.choice(n, p=d2 / d2.sum()) for the rest
    X = np.asarray(X, dtype=float)
    rng = np.random.default_rng(seed)
    n = len(X)
    chosen = [int(rng.integers(n))]
    d2 = ((X - X[chosen[0]]) ** 2).sum(axis=1)
    for _ in range(1, k):
        total = d2.sum()
        nxt = int(rng.integers(n)) if total == 0 else int(rng.choice(n, p=d2 / total))
        chosen.append(nxt)
        d2 = np.minimum(d2, ((X - X[nxt]) ** 2).sum(axis=1))
    return X[chosen].copy()
    # END SOLUTION


def kmeans(X, k: int, seed: int = 0, n_init: int = 10, max_iter: int = 300, tol: float = 1e-8,
           init=None) -> KMeansResult:
    """Lloyd's k-means from k-means++ starts, keeping the best (lowest inertia) of n_init runs.

    One Lloyd iteration: assign every point to its nearest centroid, then move each centroid to the
    mean of its points. A run stops when the labels no longer change or no centroid moves more than
    `tol` (squared distance), or after max_iter iterations. A cluster that ends up empty gets a new
    centroid: the point farthest from its current centroid, so the result always has k non-empty
    clusters. Run r starts from kmeans_plusplus(X, k, seed=<a seed derived from seed and r>).
    Args:
        X: float array (n, d); k: number of clusters; seed: int (same seed, same result).
        n_init: number of runs; max_iter: iterations per run at most; tol: see above.
        init: optional float array (k, d) of starting centroids; when given, one run starts from
            it (n_init and seed are not used for the start).
    Returns:
        KMeansResult(centroids (k, d), labels (n,), inertia, n_iter) of the best run.
    """
    # BEGIN SOLUTION (task 3) loop: assign_clusters, re-seed empty clusters, new centroids = means; stop when nothing moves
    X = np.asarray(X, dtype=float)
    starts = ([np.array(init, dtype=float)] if init is not None
              else [kmeans_plusplus(X, k, seed=int(s)) for s in np.random.SeedSequence(seed).generate_state(n_init)])
    best = None
    for centroids in starts:
        labels, d2 = assign_clusters(X, centroids)
        n_iter = 0
        for n_iter in range(1, max_iter + 1):
            new = centroids.copy()
            for j in range(k):
                members = labels == j
                if members.any():
                    new[j] = X[members].mean(axis=0)
                else:  # empty cluster: take the point worst served by its centroid
                    far = int(d2.argmax())
                    new[j] = X[far]
                    d2[far] = 0.0
            shift = ((new - centroids) ** 2).sum(axis=1).max()
            centroids = new
            new_labels, d2 = assign_clusters(X, centroids)
            changed = not np.array_equal(new_labels, labels)
            labels = new_labels
            if not changed or shift <= tol:
                if len(np.unique(labels)) == k:
                    break
        inertia = float(d2.sum())
        if best is None or inertia < best.inertia:
            best = KMeansResult(centroids, labels.astype(int), inertia, n_iter)
    return best
    # END SOLUTION


def standardise(X) -> np.ndarray:
    """Z-scores per column: (X - column mean) / column standard deviation (ddof=0, as StandardScaler).

    Args:
        X: float array (n, d) (a DataFrame works too). The input is not modified.
    Returns:
        float ndarray (n, d) with column means 0 and standard deviations 1.
    """
    # BEGIN SOLUTION (task 4) subtract X.mean(axis=0), divide by X.std(axis=0)
    X = np.asarray(X, dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
    # END SOLUTION


def elbow_and_silhouette(X, k_values=range(1, 11), seed: int = 0) -> pd.DataFrame:
    """Run kmeans(X, k, seed=seed) for every k and score it.

    Args:
        X: float array (n, d): the (already standardised) features.
        k_values: the k to try (default 1..10).
    Returns:
        DataFrame indexed by k (index name "k") with columns "inertia" (float) and "silhouette"
        (float; NaN for k = 1, where the silhouette is undefined) — the silhouette of the labels
        of that same run, on the same X.
    """
    # BEGIN SOLUTION (task 4) one kmeans per k; sklearn.metrics.silhouette_score(X, result.labels) when k >= 2
    from sklearn.metrics import silhouette_score

    X = np.asarray(X, dtype=float)
    rows = []
    for k in k_values:
        result = kmeans(X, int(k), seed=seed)
        sil = silhouette_score(X, result.labels) if k >= 2 else np.nan
        rows.append({"k": int(k), "inertia": float(result.inertia), "silhouette": float(sil)})
    return pd.DataFrame(rows).set_index("k")
    # END SOLUTION


def best_k(scores: pd.DataFrame) -> int:
    """The k with the highest silhouette in a table like elbow_and_silhouette's (NaN rows ignored)."""
    # BEGIN SOLUTION (task 4) idxmax of the silhouette column
    return int(scores["silhouette"].idxmax())
    # END SOLUTION


def plot_elbow(scores: pd.DataFrame, path):
    """Two panels side by side: inertia against k (the elbow) and silhouette against k (k >= 2).

    Each panel is a line with a marker per k, axis labels "k" and "inertia" / "silhouette".
    Saves a PNG at path and returns the Figure.
    """
    # BEGIN SOLUTION (task 4) plt.subplots(1, 2); ax.plot(k, values, marker="o") on each; fig.savefig(path)
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4))
    ax1.plot(scores.index, scores["inertia"], marker="o")
    ax1.set(xlabel="k", ylabel="inertia", title="Elbow: inertia by k")
    sil = scores["silhouette"].dropna()
    ax2.plot(sil.index, sil.to_numpy(), marker="o", color="tab:green")
    ax2.set(xlabel="k", ylabel="silhouette", title="Silhouette by k")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return fig
    # END SOLUTION


def segment_customers(df: pd.DataFrame, seed: int = 0) -> dict:
    """The whole Day 21 analysis on Mall Customers.

    Take the FEATURES columns, standardise them, score k = 1..10 with elbow_and_silhouette, choose
    k with best_k and cluster the standardised features with kmeans(X, k, seed=seed).
    Args:
        df: the Mall Customers frame (not modified).
    Returns:
        {"X": the standardised float ndarray (n, 2), "scores": the table, "k": the chosen k,
         "result": the KMeansResult for that k (centroids in standardised units)}
    """
    # BEGIN SOLUTION (task 4) standardise(df[list(FEATURES)]), then the three calls above
    X = standardise(df[list(FEATURES)].to_numpy(dtype=float))
    scores = elbow_and_silhouette(X, range(1, 11), seed=seed)
    k = best_k(scores)
    return {"X": X, "scores": scores, "k": k, "result": kmeans(X, k, seed=seed)}
    # END SOLUTION


def plot_segments(raw, labels, path):
    """Scatter the customers in their original units, coloured by segment, with each segment's
    centroid marked (an "X" marker, in the same original units).

    Args:
        raw: float array (n, 2) or DataFrame: annual income (k$) and spending score, NOT standardised.
        labels: int array (n,) of segment ids 0..k-1.
        path: where to save the PNG.
    Returns:
        the Figure: one Axes holding the n customers (one colour per segment), the k centroids,
        axis labels naming income and spending, and a legend with one entry per segment.
    """
    # BEGIN SOLUTION (task 5) one ax.scatter per segment (label=...), centroids = raw[labels == j].mean(axis=0), ax.legend()
    import matplotlib.pyplot as plt

    raw = np.asarray(raw, dtype=float)
    labels = np.asarray(labels)
    fig, ax = plt.subplots(figsize=(7, 5.5))
    colours = plt.get_cmap("tab10")
    for j in np.unique(labels):
        pts = raw[labels == j]
        ax.scatter(pts[:, 0], pts[:, 1], s=25, color=colours(int(j) % 10), label=f"segment {j} ({len(pts)})")
    centres = np.array([raw[labels == j].mean(axis=0) for j in np.unique(labels)])
    ax.scatter(centres[:, 0], centres[:, 1], marker="X", s=220, c="black", edgecolors="white", label="centroids")
    ax.set(xlabel="Annual income (k$)", ylabel="Spending score (1-100)", title="Mall customers by segment")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return fig
    # END SOLUTION


def silhouette_by_hand(X, labels) -> float:
    """Mean silhouette coefficient, written with NumPy only (no sklearn.metrics).

    For point i: a = mean distance to the other points of its cluster, b = the smallest mean
    distance to the points of another cluster, s = (b - a) / max(a, b); s = 0 for a point alone in
    its cluster. Returns the mean of s over all points (float).
    """
    # BEGIN SOLUTION (task 6) a full distance matrix, then per-cluster mean distances with boolean masks
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
    clusters = np.unique(labels)
    sums = np.stack([D[:, labels == c].sum(axis=1) for c in clusters], axis=1)  # (n, k)
    sizes = np.array([(labels == c).sum() for c in clusters])
    own = np.searchsorted(clusters, labels)
    n = len(X)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(n), own] / np.maximum(own_size - 1, 1), 0.0)
    means = sums / sizes
    means[np.arange(n), own] = np.inf
    b = means.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(s.mean())
    # END SOLUTION
