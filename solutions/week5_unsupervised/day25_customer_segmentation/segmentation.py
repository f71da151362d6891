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
    # BEGIN SOLUTION (task 1) df[list(FEATURES)], then (X - mean) / std per column
    X = df[list(FEATURES)].to_numpy(dtype=float)
    return (X - X.mean(axis=0)) / X.std(axis=0)
    # END SOLUTION


def choose_k(Z, k_values=range(2, 11), seed: int = 0) -> int:
    """The k of the highest silhouette score of KMeans(k, n_init=10, random_state=seed) on Z."""
    # BEGIN SOLUTION (task 1) one KMeans per k, sklearn.metrics.silhouette_score, the argmax
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    scores = {int(k): silhouette_score(Z, KMeans(int(k), n_init=10, random_state=seed).fit_predict(Z)) for k in k_values}
    return max(scores, key=scores.get)
    # END SOLUTION


def segment(Z, k: int, seed: int = 0) -> np.ndarray:
    """Segment labels 0..k-1 from KMeans(n_clusters=k, n_init=10, random_state=seed) on Z: int ndarray (n,)."""
    # BEGIN SOLUTION (task 1) KMeans(...).fit_predict(Z)
    from sklearn.cluster import KMeans

    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(Z).astype(int)
    # END SOLUTION


def segment_table(df: pd.DataFrame, labels) -> pd.DataFrame:
    """One row per segment (index 0..k-1, named "segment"), in the original units:
    size (int, customers), mean_age, mean_income (k$), mean_spending (score), share_female (0..1)."""
    # BEGIN SOLUTION (task 2) groupby the labels and aggregate
    frame = pd.DataFrame({"age": df[AGE].to_numpy(float), "income": df[INCOME].to_numpy(float),
                          "spending": df[SPENDING].to_numpy(float),
                          "female": (df["Genre"] == "Female").to_numpy(float)})
    frame["segment"] = np.asarray(labels)
    g = frame.groupby("segment")
    table = pd.DataFrame({"size": g.size().astype(int), "mean_age": g["age"].mean(), "mean_income": g["income"].mean(),
                          "mean_spending": g["spending"].mean(), "share_female": g["female"].mean()})
    return table.sort_index()
    # END SOLUTION


def name_segments(table: pd.DataFrame, df: pd.DataFrame) -> dict[int, str]:
    """A readable name per segment: "Segment <id>: <high|low> income, <high|low> spending", where
    high means the segment's mean is above the mean over all customers of df."""
    # BEGIN SOLUTION (task 2) compare each row's mean_income / mean_spending with df[INCOME].mean() / df[SPENDING].mean()
    income, spending = df[INCOME].mean(), df[SPENDING].mean()
    names = {}
    for seg, row in table.iterrows():
        inc = "high" if row["mean_income"] > income else "low"
        spe = "high" if row["mean_spending"] > spending else "low"
        names[int(seg)] = f"Segment {int(seg)}: {inc} income, {spe} spending"
    return names
    # END SOLUTION


def pca_2d(Z) -> tuple[np.ndarray, np.ndarray]:
    """The 2-D view: (coordinates (n, 2) on the first two principal components of Z, their
    explained-variance ratios (2,))."""
    # BEGIN SOLUTION (task 3) sklearn.decomposition.PCA(n_components=2)
    from sklearn.decomposition import PCA

    pca = PCA(n_components=2).fit(Z)
    return pca.transform(Z), pca.explained_variance_ratio_
    # END SOLUTION


def fit_surrogate(df: pd.DataFrame, labels, seed: int = 0):
    """A RandomForestClassifier(n_estimators=100, random_state=seed) predicting the segment from the
    FEATURES columns in their original units (a DataFrame with those three columns)."""
    # BEGIN SOLUTION (task 4) fit on df[list(FEATURES)] and the labels
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=100, random_state=seed).fit(df[list(FEATURES)], np.asarray(labels))
    # END SOLUTION


def segment_drivers(model, df: pd.DataFrame, labels) -> dict[int, list[tuple[str, float]]]:
    """What drives each segment, from SHAP values of the surrogate (shap.TreeExplainer).

    For segment s: over the customers of segment s, the mean |SHAP value| of each feature for the
    model's output of class s. Returns {s: [(feature, mean |SHAP|), ...] largest first} for every
    segment, means as floats.
    """
    # BEGIN SOLUTION (task 4) TreeExplainer(model)(X).values has shape (n, features, classes): slice rows of s and class s
    import shap

    X = df[list(FEATURES)]
    values = np.asarray(shap.TreeExplainer(model)(X).values)  # (n, 3, k)
    labels = np.asarray(labels)
    classes = list(model.classes_)
    out = {}
    for s in sorted(set(labels.tolist())):
        imp = np.abs(values[labels == s, :, classes.index(s)]).mean(axis=0)
        order = np.argsort(-imp, kind="stable")
        out[int(s)] = [(FEATURES[i], float(imp[i])) for i in order]
    return out
    # END SOLUTION


def segment_lines(table: pd.DataFrame, names: dict[int, str]) -> list[str]:
    """One line of text per segment for the report, e.g.
    "Segment 2: high income, low spending - 35 customers, mean income 88.2 k$, mean spending 17.1"
    (name, size, mean income and mean spending with one decimal)."""
    # BEGIN SOLUTION (task 5) an f-string per row of the table
    return [f"{names[int(s)]} - {int(r['size'])} customers, mean income {r['mean_income']:.1f} k$, "
            f"mean spending {r['mean_spending']:.1f}" for s, r in table.iterrows()]
    # END SOLUTION


def write_report(path, df: pd.DataFrame, labels, coords, drivers, names) -> Path:
    """The 2-page PDF report (matplotlib's PdfPages), A4 portrait.

    Page 1, the infographic: a title, the PCA scatter coloured by segment, a bar chart of segment
    sizes, and the segment_lines text. Page 2: the drivers (a bar chart of mean |SHAP| per feature
    and segment) and a "Conclusions" section with a sentence per segment.
    Returns the path written.
    """
    # BEGIN SOLUTION (task 5) with PdfPages(path) as pdf: two figures, fig.text for the words, pdf.savefig(fig) each
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    path = Path(path)
    labels = np.asarray(labels)
    table = segment_table(df, labels)
    lines = segment_lines(table, names)
    segs = list(table.index)
    cmap = plt.get_cmap("tab10")
    with PdfPages(path) as pdf:
        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.08, 0.95, "Mall customers: who they are, and what drives each segment", fontsize=14, weight="bold")
        ax = fig.add_axes([0.1, 0.55, 0.8, 0.35])
        for s in segs:
            pts = coords[labels == s]
            ax.scatter(pts[:, 0], pts[:, 1], s=18, color=cmap(int(s) % 10), label=names[int(s)])
        ax.set(title="The segments on the first two principal components", xlabel="PC 1", ylabel="PC 2")
        ax.legend(fontsize=6, loc="best")
        bx = fig.add_axes([0.1, 0.3, 0.8, 0.18])
        bx.bar([str(s) for s in segs], table["size"], color=[cmap(int(s) % 10) for s in segs])
        bx.set(title="Customers per segment", xlabel="segment", ylabel="customers")
        for i, line in enumerate(lines):
            fig.text(0.08, 0.22 - 0.025 * i, line, fontsize=8)
        pdf.savefig(fig)
        plt.close(fig)

        fig = plt.figure(figsize=(8.27, 11.69))
        fig.text(0.08, 0.95, "What drives each segment (mean |SHAP| of a random-forest surrogate)", fontsize=13, weight="bold")
        ax = fig.add_axes([0.1, 0.55, 0.8, 0.35])
        width = 0.8 / len(FEATURES)
        for j, feature in enumerate(FEATURES):
            heights = [dict(drivers[int(s)])[feature] for s in segs]
            ax.bar(np.arange(len(segs)) + j * width, heights, width=width, label=feature)
        ax.set_xticks(np.arange(len(segs)) + width, [str(s) for s in segs])
        ax.set(xlabel="segment", ylabel="mean |SHAP|")
        ax.legend(fontsize=8)
        fig.text(0.08, 0.47, "Conclusions", fontsize=13, weight="bold")
        for i, s in enumerate(segs):
            top = drivers[int(s)][0][0]
            fig.text(0.08, 0.44 - 0.03 * i, f"{names[int(s)]}: {int(table.loc[s, 'size'])} customers, "
                     f"told apart mostly by {top}.", fontsize=8)
        pdf.savefig(fig)
        plt.close(fig)
    return path
    # END SOLUTION


def segment_stability(Z, k: int, seeds=(0, 1, 2, 3)) -> float:
    """How stable the segmentation is: the mean adjusted Rand index (sklearn.metrics.adjusted_rand_score)
    over every pair of segmentations segment(Z, k, seed) for the given seeds (1.0 = always the same)."""
    # BEGIN SOLUTION (task 6) one segmentation per seed, itertools.combinations for the pairs
    from itertools import combinations

    from sklearn.metrics import adjusted_rand_score

    runs = [segment(Z, k, seed=s) for s in seeds]
    return float(np.mean([adjusted_rand_score(a, b) for a, b in combinations(runs, 2)]))
    # END SOLUTION
