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
    # BEGIN SOLUTION (task 1) centre, np.linalg.svd(Xc, full_matrices=False); the variances are s**2
    X = np.asarray(X, dtype=float)
    mean = X.mean(axis=0)
    _, s, Vt = np.linalg.svd(X - mean, full_matrices=False)
    var = s ** 2
    return PCAResult(mean, Vt[:n_components].copy(), var[:n_components] / var.sum())
    # END SOLUTION


def pca_transform(X, pca: PCAResult) -> np.ndarray:
    """The coordinates of X on the components: float ndarray (n, k)."""
    # BEGIN SOLUTION (task 1) centre with pca.mean, multiply by the components transposed
    return (np.asarray(X, dtype=float) - pca.mean) @ pca.components.T
    # END SOLUTION


def pca_reconstruct(Z, pca: PCAResult) -> np.ndarray:
    """Back from coordinates Z (n, k) to the original space: float ndarray (n, d)."""
    # BEGIN SOLUTION (task 1) the inverse of pca_transform: Z @ components, plus the mean
    return np.asarray(Z, dtype=float) @ pca.components + pca.mean
    # END SOLUTION


def reconstruction_errors(X, ks) -> dict[int, float]:
    """Mean squared reconstruction error (over all n * d entries) of X from its first k components.

    Returns {k: error} for every k in ks.
    """
    # BEGIN SOLUTION (task 2) pca_svd once with max(ks) components, then slice the first k for each k
    X = np.asarray(X, dtype=float)
    full = pca_svd(X, max(ks))
    out = {}
    for k in ks:
        part = PCAResult(full.mean, full.components[:k], full.explained_variance_ratio[:k])
        out[int(k)] = float(np.mean((X - pca_reconstruct(pca_transform(X, part), part)) ** 2))
    return out
    # END SOLUTION


def components_for(X, share: float) -> int:
    """The smallest number of components whose explained-variance ratios add up to at least `share`."""
    # BEGIN SOLUTION (task 6) all ratios from pca_svd, np.cumsum, the first index reaching share (+1)
    X = np.asarray(X, dtype=float)
    ratios = pca_svd(X, min(X.shape)).explained_variance_ratio
    return int(np.searchsorted(np.cumsum(ratios), share - 1e-12) + 1)
    # END SOLUTION


def mnist_subset(images, labels, n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random subset of n MNIST images (drawn without replacement), flattened and scaled.

    Args:
        images: uint8 array (N, 28, 28); labels: int array (N,); n: subset size; seed: int.
    Returns:
        (X, y): float64 ndarray (n, 784) with values in [0, 1] (pixel / 255) and the int labels (n,)
        of the same images. Uses np.random.default_rng(seed) only; the inputs are not modified.
    """
    # BEGIN SOLUTION (task 3) rng.choice(len(images), n, replace=False), reshape(n, -1), divide by 255
    rng = np.random.default_rng(seed)
    idx = rng.choice(len(images), size=n, replace=False)
    X = np.asarray(images)[idx].reshape(n, -1).astype(np.float64) / 255.0
    return X, np.asarray(labels)[idx].astype(int)
    # END SOLUTION


def embed_tsne(X, seed: int = 0, n_pca: int = 50, perplexity: float = 30.0) -> np.ndarray:
    """PCA to n_pca dimensions first, then scikit-learn's t-SNE to 2-D.

    Args:
        X: float array (n, d); seed: int for t-SNE's random_state; n_pca: PCA size; perplexity.
    Returns:
        float ndarray (n, 2), the embedding.
    """
    # BEGIN SOLUTION (task 4) pca_transform(X, pca_svd(X, n_pca)), then TSNE(n_components=2, init="pca", random_state=seed)
    from sklearn.manifold import TSNE

    X = np.asarray(X, dtype=float)
    reduced = pca_transform(X, pca_svd(X, n_pca))
    tsne = TSNE(n_components=2, perplexity=perplexity, init="pca", random_state=seed, n_jobs=1)
    return tsne.fit_transform(reduced)
    # END SOLUTION


def plot_embedding(E, y, path):
    """A high-resolution scatter of the 2-D embedding, one colour per digit, with a legend "0".."9".

    Saved as a PNG at least 1600 x 1600 pixels (e.g. figsize=(8, 8), dpi=200). Returns the Figure.
    """
    # BEGIN SOLUTION (task 5) one ax.scatter per digit with label=str(d) and a tab10 colour; fig.savefig(path, dpi=200)
    import matplotlib.pyplot as plt

    E = np.asarray(E, dtype=float)
    y = np.asarray(y)
    fig, ax = plt.subplots(figsize=(8, 8))
    cmap = plt.get_cmap("tab10")
    for digit in range(10):
        pts = E[y == digit]
        ax.scatter(pts[:, 0], pts[:, 1], s=6, color=cmap(digit), label=str(digit))
    ax.set(title="MNIST test digits: PCA-50 -> t-SNE-2", xlabel="t-SNE 1", ylabel="t-SNE 2")
    ax.legend(title="digit", markerscale=3, loc="best")
    fig.tight_layout()
    fig.savefig(path, dpi=200)
    return fig
    # END SOLUTION


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
    # BEGIN SOLUTION (task 5) an f-string with the three numbers and two or three sentences
    path = Path(path)
    text = (
        "# MNIST in two dimensions\n\n"
        f"{n_points} test images were flattened to 784 pixels, reduced to 50 principal components "
        f"(keeping {pca_variance * 100:.1f} % of the pixel variance) and embedded in 2-D with t-SNE.\n\n"
        f"Trustworthiness (5 neighbours): {trust:.3f}. Points that are neighbours in the picture were "
        "mostly neighbours in the 50-D space too: t-SNE keeps local neighbourhoods, so each digit forms "
        "its own island. The distances between islands and their sizes mean little: t-SNE does not "
        "preserve global geometry or density.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION
