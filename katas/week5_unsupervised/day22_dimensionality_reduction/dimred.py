# day22 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 22 — Dimensionality reduction: PCA through the SVD, and MNIST -> PCA-50 -> t-SNE-2."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np


class PCAResult(NamedTuple):
    """What `pca_svd` returns (provided).

    mean: float ndarray (d,), the column means removed before the SVD;
    components: float ndarray (k, d), orthonormal rows, the directions of largest variance first;
    explained_variance_ratio: float ndarray (k,), each component's share of the TOTAL variance of X.
    """

    mean: np.ndarray
    components: np.ndarray
    explained_variance_ratio: np.ndarray


def pca_svd(X, n_components: int) -> PCAResult:
    """PCA from the singular value decomposition of the centred data (no sklearn PCA, no eig/cov).

    Args:
        X: float array (n, d); n_components: k <= min(n, d).
    Returns:
        PCAResult(mean (d,), components (k, d), explained_variance_ratio (k,)).
    """
    raise NotImplementedError('day22 task 1: implement pca_svd() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — centre, np.linalg.svd(Xc, full_matrices=False); the variances are s**2 (README Task 1; `make hint DAY=22`)')


def pca_transform(X, pca: PCAResult) -> np.ndarray:
    """The coordinates of X on the components: float ndarray (n, k)."""
    raise NotImplementedError('day22 task 1: implement pca_transform() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — centre with pca.mean, multiply by the components transposed (README Task 1; `make hint DAY=22`)')


def pca_reconstruct(Z, pca: PCAResult) -> np.ndarray:
    """Back from coordinates Z (n, k) to the original space: float ndarray (n, d)."""
    raise NotImplementedError('day22 task 1: implement pca_reconstruct() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — the inverse of pca_transform: Z @ components, plus the mean (README Task 1; `make hint DAY=22`)')


def reconstruction_errors(X, ks) -> dict[int, float]:
    """Mean squared reconstruction error (over all n * d entries) of X from its first k components.

    Returns {k: error} for every k in ks.
    """
    raise NotImplementedError('day22 task 2: implement reconstruction_errors() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — pca_svd once with max(ks) components, then slice the first k for each k (README Task 2; `make hint DAY=22`)')


def components_for(X, share: float) -> int:
    """The smallest number of components whose explained-variance ratios add up to at least `share`."""
    raise NotImplementedError('day22 task 6: implement components_for() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — all ratios from pca_svd, np.cumsum, the first index reaching share (+1) (README Task 6; `make hint DAY=22`)')


def mnist_subset(images, labels, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random subset of n MNIST images (drawn without replacement), flattened and scaled.

    Args:
        images: uint8 array (N, 28, 28); labels: int array (N,); n: subset size; seed: int.
    Returns:
        (X, y): float64 ndarray (n, 784) with values in [0, 1] (pixel / 255) and the int labels (n,)
        of the same images. Uses np.random.default_rng(seed) only; the inputs are not modified.
    """
    raise NotImplementedError('day22 task 3: implement mnist_subset() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — rng.choice(len(images), n, replace=False), reshape(n, -1), divide by 255 (README Task 3; `make hint DAY=22`)')


def embed_tsne(X, seed: int = 0, n_pca: int = 50, perplexity: float = 30.0) -> np.ndarray:
    """PCA to n_pca dimensions first, then scikit-learn's t-SNE to 2-D.

    Args:
        X: float array (n, d); seed: int for t-SNE's random_state; n_pca: PCA size; perplexity.
    Returns:
        float ndarray (n, 2), the embedding.
    """
    raise NotImplementedError('day22 task 4: implement embed_tsne() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — pca_transform(X, pca_svd(X, n_pca)), then TSNE(n_components=2, init="pca", random_state=seed) (README Task 4; `make hint DAY=22`)')


def plot_embedding(E, y, path):
    """A high-resolution scatter of the 2-D embedding, one colour per digit, with a legend "0".."9".

    Saved as a PNG at least 1600 x 1600 pixels (e.g. figsize=(8, 8), dpi=200). Returns the Figure.
    """
    raise NotImplementedError('day22 task 5: implement plot_embedding() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — one ax.scatter per digit with label=str(d) and a tab10 colour; fig.savefig(path, dpi=200) (README Task 5; `make hint DAY=22`)')


def write_note(path, *, n_points: int, pca_variance: float, trust: float) -> Path:
    """A short Markdown explanation of the figure.

    States the number of points, the share of the pixel variance the 50 PCA components keep (as a
    percentage with one decimal, e.g. "84.0 %"), the trustworthiness (three decimals, e.g. 0.981)
    and, in a few sentences, what t-SNE preserves (local neighbourhoods) and what it does not
    (distances between clusters, cluster sizes).
    Args:
        path: where to write; n_points: the subset size; pca_variance: the share kept, in [0, 1];
        trust: the trustworthiness in [0, 1].
    Returns:
        the path written.
    """
    raise NotImplementedError('day22 task 5: implement write_note() in katas/week5_unsupervised/day22_dimensionality_reduction/dimred.py — an f-string with the three numbers and two or three sentences (README Task 5; `make hint DAY=22`)')
