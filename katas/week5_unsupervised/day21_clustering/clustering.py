# day21 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day21 task 1: implement assign_clusters() in katas/week5_unsupervised/day21_clustering/clustering.py — broadcast X[:, None, :] - centroids[None, :, :], square, sum over the last axis, argmin (README Task 1; `make hint DAY=21`)')


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
    raise NotImplementedError('day21 task 2: implement kmeans_plusplus() in katas/week5_unsupervised/day21_clustering/clustering.py — rng = np.random.default_rng(seed); rng.integers for the first, rng.choice(n, p=d2 / d2.sum()) for the rest (README Task 2; `make hint DAY=21`)')


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
    raise NotImplementedError('day21 task 3: implement kmeans() in katas/week5_unsupervised/day21_clustering/clustering.py — loop: assign_clusters, re-seed empty clusters, new centroids = means; stop when nothing moves (README Task 3; `make hint DAY=21`)')


def standardise(X) -> np.ndarray:
    """Z-scores per column: (X - column mean) / column standard deviation (ddof=0, as StandardScaler).

    Args:
        X: float array (n, d) (a DataFrame works too). The input is not modified.
    Returns:
        float ndarray (n, d) with column means 0 and standard deviations 1.
    """
    raise NotImplementedError('day21 task 4: implement standardise() in katas/week5_unsupervised/day21_clustering/clustering.py — subtract X.mean(axis=0), divide by X.std(axis=0) (README Task 4; `make hint DAY=21`)')


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
    raise NotImplementedError('day21 task 4: implement elbow_and_silhouette() in katas/week5_unsupervised/day21_clustering/clustering.py — one kmeans per k; sklearn.metrics.silhouette_score(X, result.labels) when k >= 2 (README Task 4; `make hint DAY=21`)')


def best_k(scores: pd.DataFrame) -> int:
    """The k with the highest silhouette in a table like elbow_and_silhouette's (NaN rows ignored)."""
    raise NotImplementedError('day21 task 4: implement best_k() in katas/week5_unsupervised/day21_clustering/clustering.py — idxmax of the silhouette column (README Task 4; `make hint DAY=21`)')


def plot_elbow(scores: pd.DataFrame, path):
    """Two panels side by side: inertia against k (the elbow) and silhouette against k (k >= 2).

    Each panel is a line with a marker per k, axis labels "k" and "inertia" / "silhouette".
    Saves a PNG at path and returns the Figure.
    """
    raise NotImplementedError('day21 task 4: implement plot_elbow() in katas/week5_unsupervised/day21_clustering/clustering.py — plt.subplots(1, 2); ax.plot(k, values, marker="o") on each; fig.savefig(path) (README Task 4; `make hint DAY=21`)')


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
    raise NotImplementedError('day21 task 4: implement segment_customers() in katas/week5_unsupervised/day21_clustering/clustering.py — standardise(df[list(FEATURES)]), then the three calls above (README Task 4; `make hint DAY=21`)')


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
    raise NotImplementedError('day21 task 5: implement plot_segments() in katas/week5_unsupervised/day21_clustering/clustering.py — one ax.scatter per segment (label=...), centroids = raw[labels == j].mean(axis=0), ax.legend() (README Task 5; `make hint DAY=21`)')


def silhouette_by_hand(X, labels) -> float:
    """Mean silhouette coefficient, written with NumPy only (no sklearn.metrics).

    For point i: a = mean distance to the other points of its cluster, b = the smallest mean
    distance to the points of another cluster, s = (b - a) / max(a, b); s = 0 for a point alone in
    its cluster. Returns the mean of s over all points (float).
    """
    raise NotImplementedError('day21 task 6: implement silhouette_by_hand() in katas/week5_unsupervised/day21_clustering/clustering.py — a full distance matrix, then per-cluster mean distances with boolean masks (README Task 6; `make hint DAY=21`)')
