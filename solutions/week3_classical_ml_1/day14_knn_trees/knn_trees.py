"""Day 14 — k-NN and decision trees on the two-moons data: accuracy, decision surfaces, inference time."""
from __future__ import annotations

import time

import numpy as np


def make_data(n_samples: int = 500, noise: float = 0.3, seed: int = 0, test_size: float = 0.25):
    """Two interleaving half-moons, split into train and test.

    Uses sklearn.datasets.make_moons(n_samples, noise=noise, random_state=seed), then
    train_test_split(..., test_size=test_size, stratify=y, random_state=seed).
    Returns:
        X_train (n_train, 2) float, X_test (n_test, 2) float, y_train (n_train,) int, y_test (n_test,) int.
    """
    # BEGIN SOLUTION (task 1) make_moons(..., random_state=seed) then train_test_split(..., stratify=y, random_state=seed)
    from sklearn.datasets import make_moons
    from sklearn.model_selection import train_test_split

    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=seed)
    # END SOLUTION


def fit_knn(X, y, k: int = 3):
    """Return a KNeighborsClassifier with n_neighbors=k (plain majority vote), fitted on X, y."""
    # BEGIN SOLUTION (task 2) KNeighborsClassifier(n_neighbors=k).fit(X, y)
    from sklearn.neighbors import KNeighborsClassifier

    return KNeighborsClassifier(n_neighbors=k).fit(X, y)
    # END SOLUTION


def fit_tree(X, y, max_depth: int = 3, seed: int = 0):
    """Return a DecisionTreeClassifier with max_depth=max_depth and random_state=seed, fitted on X, y."""
    # BEGIN SOLUTION (task 2) DecisionTreeClassifier(max_depth=max_depth, random_state=seed).fit(X, y)
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(max_depth=max_depth, random_state=seed).fit(X, y)
    # END SOLUTION


def accuracies(models: dict, X, y) -> dict[str, float]:
    """Test accuracy of each fitted model: {name: fraction of X whose prediction equals y}."""
    # BEGIN SOLUTION (task 2) {name: float(np.mean(model.predict(X) == y)) for ...}
    y = np.asarray(y)
    return {name: float(np.mean(model.predict(X) == y)) for name, model in models.items()}
    # END SOLUTION


def plot_surfaces(models: dict, X, y, path):
    """Draw each model's decision surface side by side (one Axes per model, 1 row) and save a PNG.

    Each Axes: a filled contour (contourf) of the model's prediction over a grid that covers X with
    a margin, the points X coloured by y on top (scatter), and the model's name as the title.
    Args:
        models: {name: fitted classifier}, e.g. {"k-NN (k=3)": knn, "tree (depth 3)": tree}.
        X: (n, 2) points to draw; y: (n,) their labels.
        path: the PNG to write.
    Returns:
        the matplotlib Figure.
    """
    # BEGIN SOLUTION (task 3) np.meshgrid over X's range, model.predict on the grid, ax.contourf + ax.scatter per model
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    X, y = np.asarray(X, dtype=float), np.asarray(y)
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    gx, gy = np.meshgrid(np.linspace(x0, x1, 300), np.linspace(y0, y1, 300))
    grid = np.c_[gx.ravel(), gy.ravel()]
    fig, axes = plt.subplots(1, len(models), figsize=(5 * len(models), 4.5), squeeze=False)
    for ax, (name, model) in zip(axes[0], models.items()):
        zz = model.predict(grid).reshape(gx.shape)
        ax.contourf(gx, gy, zz, levels=[-0.5, 0.5, 1.5], cmap="RdBu", alpha=0.35)
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu", edgecolors="k", s=15)
        ax.set(title=name, xlabel="$x_1$", ylabel="$x_2$", xlim=(x0, x1), ylim=(y0, y1))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return fig
    # END SOLUTION


def time_inference(models: dict, X, repeats: int = 5) -> dict[str, float]:
    """Stretch: seconds one model.predict(X) call takes, best of `repeats`, for each model.

    Returns:
        {name: seconds for one predict call on all of X}.
    """
    # BEGIN SOLUTION (task 4) time.perf_counter() around model.predict(X); keep the minimum over the repeats
    out = {}
    for name, model in models.items():
        best = float("inf")
        for _ in range(repeats):
            start = time.perf_counter()
            model.predict(X)
            best = min(best, time.perf_counter() - start)
        out[name] = best
    return out
    # END SOLUTION
