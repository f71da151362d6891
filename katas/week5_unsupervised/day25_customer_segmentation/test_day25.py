"""Day 25 — Mini-project #2, customer segmentation: scaling, k-means and its k, the segment table and
names, the PCA view, a surrogate forest with SHAP drivers, and the 2-page PDF report opened with pypdf."""
import re

import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.figures import pdf_reader
from katalib.randomstate import call_keeps_global_state

FEATURES = ["Age", "Annual Income (k$)", "Spending Score (1-100)"]
K = 6  # the best silhouette of k-means on the three standardised features (0.427; 0.417 at k = 5 and 7)


@pytest.fixture(scope="module")
def sg():
    return kata.load("day25", "segmentation")


@pytest.fixture(scope="module")
def mall(_mall_customers_original):
    return _mall_customers_original.copy()


@pytest.fixture(scope="module")
def z(mall):
    X = mall[FEATURES].to_numpy(dtype=float)
    return (X - X.mean(0)) / X.std(0)


@pytest.fixture(scope="module")
def labels(z):
    """The test's own segments (k-means, k = 6), relabelled so the ids do not follow any order of the data."""
    from sklearn.cluster import KMeans

    raw = KMeans(n_clusters=K, n_init=10, random_state=3).fit_predict(z)
    return np.array([4, 0, 5, 2, 1, 3])[raw]


@pytest.fixture(scope="module")
def table(mall, labels):
    frame = pd.DataFrame({"seg": labels, "inc": mall[FEATURES[1]], "spe": mall[FEATURES[2]], "age": mall["Age"],
                          "fem": (mall["Genre"] == "Female").astype(float)})
    g = frame.groupby("seg")
    return pd.DataFrame({"size": g.size(), "mean_age": g["age"].mean(), "mean_income": g["inc"].mean(),
                         "mean_spending": g["spe"].mean(), "share_female": g["fem"].mean()})


@pytest.fixture(scope="module")
def surrogate(mall, labels):
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=100, random_state=0).fit(mall[FEATURES], labels)


# ---------------------------------------------------------------- Task 1: scaling, k, segments

@pytest.mark.task(1)
def test_scale_features_gives_z_scores_of_age_income_spending(sg, mall, z):
    before = mall.copy()
    got = sg.scale_features(mall)
    assert isinstance(got, np.ndarray) and got.shape == (200, 3), f"scale_features returned {type(got).__name__} {np.shape(got)}, expected ndarray (200, 3)"
    np.testing.assert_allclose(got, z, atol=1e-9, err_msg=f"expected z-scores (population std) of {FEATURES}, in that order")
    assert mall.equals(before), "scale_features modified the frame"


@pytest.mark.task(1)
@pytest.mark.parametrize("ks, want", [pytest.param([2, 4, 6, 9], 6, id="2-4-6-9"), pytest.param([2, 3, 4], 4, id="2-3-4")])
def test_choose_k_takes_the_best_silhouette(sg, z, ks, want):
    k = sg.choose_k(z, ks, seed=0)
    assert isinstance(k, (int, np.integer)) and not isinstance(k, bool), f"choose_k returned {type(k).__name__}, expected an int"
    assert k == want, f"choose_k(Z, {ks}) = {k}; the highest silhouette among those k is at k = {want}"


@pytest.mark.task(1)
def test_segment_is_seeded_k_means_on_the_given_data(sg, z, seed):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    got = call_keeps_global_state(lambda: sg.segment(z, K, seed=seed), "segment(Z, 6, seed)")
    assert isinstance(got, np.ndarray) and np.issubdtype(got.dtype, np.integer) and got.shape == (200,), (
        f"segment returned {type(got).__name__} {getattr(got, 'dtype', '')} {np.shape(got)}, expected int ndarray (200,)")
    want = KMeans(n_clusters=K, n_init=10, random_state=seed).fit_predict(z)
    assert adjusted_rand_score(want, got) == pytest.approx(1.0), (
        "segment(Z, 6, seed) should be the partition of KMeans(6, n_init=10, random_state=seed) on Z")


# ---------------------------------------------------------------- Task 2: the table and the names

@pytest.mark.task(2)
def test_segment_table_summarises_each_segment_in_original_units(sg, mall, labels, table):
    got = sg.segment_table(mall, labels)
    assert isinstance(got, pd.DataFrame), f"segment_table returned {type(got).__name__}, expected a DataFrame"
    assert list(got.index) == list(range(K)), f"index is {list(got.index)}, expected the segment ids 0..{K - 1} in order"
    for col in table.columns:
        assert col in got.columns, f"column {col!r} missing (columns: {list(got.columns)})"
    assert np.issubdtype(got["size"].dtype, np.integer), f"size should be an integer count, got {got['size'].dtype}"
    assert got["size"].sum() == 200, "the sizes should add up to the 200 customers"
    for col in table.columns:
        np.testing.assert_allclose(got[col].to_numpy(dtype=float), table[col].to_numpy(dtype=float), atol=1e-9,
                                   err_msg=f"segment_table's {col} differs: means per segment of the ORIGINAL values")


@pytest.mark.task(2)
def test_name_segments_compares_with_the_mean_over_all_customers(sg, mall, table):
    names = sg.name_segments(table, mall)
    assert isinstance(names, dict) and sorted(names) == list(range(K)), f"name_segments returned {names!r}"
    inc, spe = mall[FEATURES[1]].mean(), mall[FEATURES[2]].mean()
    for s, row in table.iterrows():
        want = f"Segment {s}: {'high' if row['mean_income'] > inc else 'low'} income, " \
               f"{'high' if row['mean_spending'] > spe else 'low'} spending"
        assert names[s] == want, (
            f"segment {s} (mean income {row['mean_income']:.1f}, spending {row['mean_spending']:.1f}) is named "
            f"{names[s]!r}, expected {want!r}: high = above the mean over ALL customers ({inc:.1f} k$, {spe:.1f})")


# ---------------------------------------------------------------- Task 3: the PCA view

@pytest.mark.task(3)
def test_pca_2d_matches_scikit_learn_up_to_sign(sg, z):
    from sklearn.decomposition import PCA

    coords, ratio = sg.pca_2d(z)
    ref = PCA(n_components=2).fit(z)
    want = ref.transform(z)
    assert np.shape(coords) == (200, 2) and np.shape(ratio) == (2,), f"shapes {np.shape(coords)}, {np.shape(ratio)}"
    for j in range(2):
        sign = np.sign(np.dot(coords[:, j], want[:, j])) or 1.0
        np.testing.assert_allclose(sign * np.asarray(coords)[:, j], want[:, j], atol=1e-8,
                                   err_msg=f"PC {j + 1} coordinates differ from PCA(2) on the standardised features")
    np.testing.assert_allclose(ratio, ref.explained_variance_ratio_, atol=1e-9)


# ---------------------------------------------------------------- Task 4: surrogate and SHAP drivers

@pytest.mark.task(4)
def test_fit_surrogate_is_a_seeded_forest_on_the_original_features(sg, mall, labels, seed):
    from sklearn.base import clone
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import cross_val_score

    model = call_keeps_global_state(lambda: sg.fit_surrogate(mall, labels, seed=seed), "fit_surrogate(df, labels, seed)")
    assert isinstance(model, RandomForestClassifier), f"fit_surrogate returned {type(model).__name__}, expected a RandomForestClassifier"
    assert model.get_params()["random_state"] == seed, "pass random_state=seed to the forest"
    assert list(getattr(model, "feature_names_in_", [])) == FEATURES, (
        f"the surrogate should be fitted on a DataFrame of {FEATURES} (original units), got {getattr(model, 'feature_names_in_', None)}")
    assert sorted(model.classes_.tolist()) == list(range(K)), f"the classes are {model.classes_}, expected the segment ids"
    cv = cross_val_score(clone(model), mall[FEATURES], labels, cv=5).mean()
    # the segments are regions of these three features: a forest recovers them (~0.93 in 5-fold CV)
    assert cv >= 0.85, f"the surrogate predicts the segment with 5-fold accuracy {cv:.3f}, expected >= 0.85"


@pytest.mark.task(4)
def test_segment_drivers_rank_features_by_mean_abs_shap_within_each_segment(sg, mall, labels, surrogate):
    import shap

    got = sg.segment_drivers(surrogate, mall, labels)
    assert isinstance(got, dict) and sorted(got) == list(range(K)), f"segment_drivers returned keys {sorted(got) if isinstance(got, dict) else got}"
    values = np.asarray(shap.TreeExplainer(surrogate)(mall[FEATURES]).values)
    classes = list(surrogate.classes_)
    for s in range(K):
        imp = np.abs(values[labels == s, :, classes.index(s)]).mean(axis=0)
        want = [FEATURES[i] for i in np.argsort(-imp)]
        names = [f for f, _ in got[s]]
        assert names == want, (
            f"segment {s}: drivers {names}, expected {want} — mean |SHAP| of class {s}'s output over the customers "
            "OF that segment, largest first")
        for f, v in got[s]:
            assert v == pytest.approx(imp[FEATURES.index(f)], rel=1e-6), f"segment {s}, {f}: {v} vs {imp[FEATURES.index(f)]}"


# ---------------------------------------------------------------- Task 5: the report

NAMES = {s: f"Group {chr(65 + s)} ({w})" for s, w in enumerate(["savers", "families", "stars", "students", "retirees", "trend-setters"])}


def _numbers(line):
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", line.replace(",", ""))]


def _line_has(line, row):
    nums = _numbers(line)
    return (int(row["size"]) in [n for n in nums if n == int(n)]
            and any(abs(n - row["mean_income"]) <= 0.051 for n in nums)
            and any(abs(n - row["mean_spending"]) <= 0.051 for n in nums))


@pytest.mark.task(5)
def test_segment_lines_give_name_size_income_and_spending(sg, table):
    lines = sg.segment_lines(table, NAMES)
    assert isinstance(lines, list) and len(lines) == K, f"segment_lines returned {lines!r}, expected {K} lines"
    for line, (s, row) in zip(lines, table.iterrows()):
        assert NAMES[s] in line and _line_has(line, row), (
            f"line {line!r} should name {NAMES[s]!r} with {int(row['size'])} customers, mean income "
            f"{row['mean_income']:.1f} and mean spending {row['mean_spending']:.1f}")


@pytest.fixture(scope="module")
def report(sg, mall, labels, surrogate, z, tmp_path_factory):
    from sklearn.decomposition import PCA

    import shap

    values = np.asarray(shap.TreeExplainer(surrogate)(mall[FEATURES]).values)
    drivers = {}
    for s in range(K):
        imp = np.abs(values[labels == s, :, list(surrogate.classes_).index(s)]).mean(axis=0)
        drivers[s] = [(FEATURES[i], float(imp[i])) for i in np.argsort(-imp)]
    coords = PCA(n_components=2).fit_transform(z)
    path = tmp_path_factory.mktemp("day25") / "segmentation_report.pdf"
    sg.write_report(path, mall.copy(), labels, coords, drivers, NAMES)
    return path


@pytest.fixture
def saved_report(report, outdir):
    import shutil

    shutil.copy(report, outdir / report.name)  # keeps a copy in out/day25/ after `make day25`
    return report


@pytest.mark.task(5)
def test_write_report_is_a_two_page_pdf(saved_report):
    reader = pdf_reader(saved_report)
    assert len(reader.pages) == 2, f"the report has {len(reader.pages)} pages, expected exactly 2"


@pytest.mark.task(5)
def test_write_report_names_every_segment_with_its_numbers(saved_report, table):
    text = "\n".join(page.extract_text() or "" for page in pdf_reader(saved_report).pages)
    lines = text.splitlines()
    for s, row in table.iterrows():
        hits = [l for l in lines if NAMES[s] in l]
        assert hits, f"the report never names {NAMES[s]!r} (the names passed in): use them for the segments"
        assert any(_line_has(l, row) for l in hits), (
            f"no line of the report gives {NAMES[s]!r} with its size {int(row['size'])}, mean income "
            f"{row['mean_income']:.1f} k$ and mean spending {row['mean_spending']:.1f} (found: {hits[:2]})")


@pytest.mark.task(5)
def test_write_report_ends_with_conclusions(saved_report):
    pages = pdf_reader(saved_report).pages
    second = (pages[-1].extract_text() or "").lower()
    assert "conclusion" in second, "page 2 should hold a 'Conclusions' section"


def _drawn(page):
    content = page.get_contents()
    data = content.get_data() if content is not None else b""
    return {"images": len(page.images), "markers": data.count(b" Do\n") + data.count(b" c\n"),
            "paths": data.count(b" re\n") + data.count(b" l\n") + data.count(b" c\n") + data.count(b" Do\n")}


@pytest.mark.task(5)
def test_write_report_embeds_figures_on_both_pages(saved_report):
    pages = pdf_reader(saved_report).pages
    first, second = _drawn(pages[0]), _drawn(pages[1])
    # a page of text only draws ~3 paths; the 200-customer scatter alone draws 200 markers (or is one embedded image)
    assert first["images"] >= 1 or first["markers"] >= 200, (
        f"page 1 should show the PCA scatter of the 200 customers; found {first}: draw it with matplotlib into the PDF page")
    assert second["images"] >= 1 or second["paths"] >= 40, (
        f"page 2 should show the drivers chart; found {second}")


# ---------------------------------------------------------------- Task 6 (stretch): stability

@pytest.mark.task(6)
@pytest.mark.stretch
@pytest.mark.parametrize("k, seeds", [pytest.param(6, (0, 1, 2), id="k6"), pytest.param(9, (5, 6, 7, 8), id="k9")])
def test_segment_stability_is_the_mean_pairwise_adjusted_rand_index(sg, z, k, seeds):
    from itertools import combinations

    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    runs = [KMeans(n_clusters=k, n_init=10, random_state=s).fit_predict(z) for s in seeds]
    want = float(np.mean([adjusted_rand_score(a, b) for a, b in combinations(runs, 2)]))
    got = sg.segment_stability(z, k, seeds)
    assert isinstance(got, float), f"segment_stability returned {type(got).__name__}, expected a float"
    assert got == pytest.approx(want, abs=1e-9), (
        f"segment_stability(Z, {k}, {seeds}) = {got:.4f}, expected {want:.4f}: the mean adjusted Rand index over all pairs of seeds")
