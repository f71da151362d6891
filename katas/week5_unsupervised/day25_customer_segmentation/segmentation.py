# day25 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 25 — Mini-project #2: customer segmentation of Mall Customers, explained, in a 2-page PDF report."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

# Provided: the columns the segmentation uses, in this order.
AGE, INCOME, SPENDING = "Age", "Annual Income (k$)", "Spending Score (1-100)"
FEATURES = (AGE, INCOME, SPENDING)


def scale_features(df: pd.DataFrame) -> np.ndarray:
    """The FEATURES columns as z-scores (mean 0, population std 1, like StandardScaler): float (n, 3)."""
    raise NotImplementedError('day25 task 1: implement scale_features() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — df[list(FEATURES)], then (X - mean) / std per column (README Task 1; `make hint DAY=25`)')


def choose_k(Z, k_values=range(2, 11), seed: int = 0) -> int:
    """The k of the highest silhouette score of KMeans(k, n_init=10, random_state=seed) on Z."""
    raise NotImplementedError('day25 task 1: implement choose_k() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — one KMeans per k, sklearn.metrics.silhouette_score, the argmax (README Task 1; `make hint DAY=25`)')


def segment(Z, k: int, seed: int = 0) -> np.ndarray:
    """Segment labels 0..k-1 from KMeans(n_clusters=k, n_init=10, random_state=seed) on Z: int ndarray (n,)."""
    raise NotImplementedError('day25 task 1: implement segment() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — KMeans(...).fit_predict(Z) (README Task 1; `make hint DAY=25`)')


def segment_table(df: pd.DataFrame, labels) -> pd.DataFrame:
    """One row per segment (index 0..k-1, named "segment"), in the original units:
    size (int, customers), mean_age, mean_income (k$), mean_spending (score), share_female (0..1)."""
    raise NotImplementedError('day25 task 2: implement segment_table() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — groupby the labels and aggregate (README Task 2; `make hint DAY=25`)')


def name_segments(table: pd.DataFrame, df: pd.DataFrame) -> dict[int, str]:
    """A readable name per segment: "Segment <id>: <high|low> income, <high|low> spending", where
    high means the segment's mean is above the mean over all customers of df."""
    raise NotImplementedError("day25 task 2: implement name_segments() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — compare each row's mean_income / mean_spending with df[INCOME].mean() / df[SPENDING].mean() (README Task 2; `make hint DAY=25`)")


def pca_2d(Z) -> tuple[np.ndarray, np.ndarray]:
    """The 2-D view: (coordinates (n, 2) on the first two principal components of Z, their
    explained-variance ratios (2,))."""
    raise NotImplementedError('day25 task 3: implement pca_2d() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — sklearn.decomposition.PCA(n_components=2) (README Task 3; `make hint DAY=25`)')


def fit_surrogate(df: pd.DataFrame, labels, seed: int = 0):
    """A RandomForestClassifier(n_estimators=100, random_state=seed) predicting the segment from the
    FEATURES columns in their original units (a DataFrame with those three columns)."""
    raise NotImplementedError('day25 task 4: implement fit_surrogate() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — fit on df[list(FEATURES)] and the labels (README Task 4; `make hint DAY=25`)')


def segment_drivers(model, df: pd.DataFrame, labels) -> dict[int, list[tuple[str, float]]]:
    """What drives each segment, from SHAP values of the surrogate (shap.TreeExplainer).

    For segment s: over the customers of segment s, the mean |SHAP value| of each feature for the
    model's output of class s. Returns {s: [(feature, mean |SHAP|), ...] largest first} for every
    segment, means as floats.
    """
    raise NotImplementedError('day25 task 4: implement segment_drivers() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — TreeExplainer(model)(X).values has shape (n, features, classes): slice rows of s and class s (README Task 4; `make hint DAY=25`)')


def segment_lines(table: pd.DataFrame, names: dict[int, str]) -> list[str]:
    """One line of text per segment for the report, e.g.
    "Segment 2: high income, low spending - 35 customers, mean income 88.2 k$, mean spending 17.1"
    (name, size, mean income and mean spending with one decimal)."""
    raise NotImplementedError('day25 task 5: implement segment_lines() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — an f-string per row of the table (README Task 5; `make hint DAY=25`)')


def write_report(path, df: pd.DataFrame, labels, coords, drivers, names) -> Path:
    """The 2-page PDF report (matplotlib's PdfPages), A4 portrait.

    Page 1, the infographic: a title, the PCA scatter coloured by segment, a bar chart of segment
    sizes, and the segment_lines text. Page 2: the drivers (a bar chart of mean |SHAP| per feature
    and segment) and a "Conclusions" section with a sentence per segment.
    Returns the path written.
    """
    raise NotImplementedError('day25 task 5: implement write_report() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — with PdfPages(path) as pdf: two figures, fig.text for the words, pdf.savefig(fig) each (README Task 5; `make hint DAY=25`)')


def segment_stability(Z, k: int, seeds=(0, 1, 2, 3)) -> float:
    """How stable the segmentation is: the mean adjusted Rand index (sklearn.metrics.adjusted_rand_score)
    over every pair of segmentations segment(Z, k, seed) for the given seeds (1.0 = always the same)."""
    raise NotImplementedError('day25 task 6: implement segment_stability() in katas/week5_unsupervised/day25_customer_segmentation/segmentation.py — one segmentation per seed, itertools.combinations for the pairs (README Task 6; `make hint DAY=25`)')
