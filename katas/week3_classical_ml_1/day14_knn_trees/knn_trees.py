# day14 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day14 task 1: implement make_data() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — make_moons(..., random_state=seed) then train_test_split(..., stratify=y, random_state=seed) (README Task 1; `make hint DAY=14`)')


def fit_knn(X, y, k: int = 3):
    """Return a KNeighborsClassifier with n_neighbors=k (plain majority vote), fitted on X, y."""
    raise NotImplementedError('day14 task 2: implement fit_knn() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — KNeighborsClassifier(n_neighbors=k).fit(X, y) (README Task 2; `make hint DAY=14`)')


def fit_tree(X, y, max_depth: int = 3, seed: int = 0):
    """Return a DecisionTreeClassifier with max_depth=max_depth and random_state=seed, fitted on X, y."""
    raise NotImplementedError('day14 task 2: implement fit_tree() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — DecisionTreeClassifier(max_depth=max_depth, random_state=seed).fit(X, y) (README Task 2; `make hint DAY=14`)')


def accuracies(models: dict, X, y) -> dict[str, float]:
    """Test accuracy of each fitted model: {name: fraction of X whose prediction equals y}."""
    raise NotImplementedError('day14 task 2: implement accuracies() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — {name: float(np.mean(model.predict(X) == y)) for ...} (README Task 2; `make hint DAY=14`)')


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
    raise NotImplementedError("day14 task 3: implement plot_surfaces() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — np.meshgrid over X's range, model.predict on the grid, ax.contourf + ax.scatter per model (README Task 3; `make hint DAY=14`)")


def time_inference(models: dict, X, repeats: int = 5) -> dict[str, float]:
    """Stretch: seconds one model.predict(X) call takes, best of `repeats`, for each model.

    Returns:
        {name: seconds for one predict call on all of X}.
    """
    raise NotImplementedError('day14 task 4: implement time_inference() in katas/week3_classical_ml_1/day14_knn_trees/knn_trees.py — time.perf_counter() around model.predict(X); keep the minimum over the repeats (README Task 4; `make hint DAY=14`)')
