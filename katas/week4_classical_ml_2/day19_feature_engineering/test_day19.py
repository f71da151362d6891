"""Day 19 — Feature engineering: out-of-fold target encoding, the leak it prevents, polynomial features, uplift."""
import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def fe():
    return kata.load("day19", "features")


def _with_surname(df):
    out = df.copy()
    out["Surname"] = out["Name"].str.split(",").str[0].str.strip()
    return out


@pytest.fixture(scope="module")
def titanic_xy():
    from katalib import datasets

    df = _with_surname(datasets.load_titanic("train"))
    return df.drop(columns=["Survived"]), df["Survived"]


def _auc_null_sigma(y):
    """Standard error of the ROC-AUC of a feature unrelated to y (Mann-Whitney under the null)."""
    n1 = int(np.sum(y)); n0 = len(y) - n1
    return np.sqrt((n0 + n1 + 1) / (12.0 * n0 * n1))


def _noise_data(seed, n=3000, levels=1500):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({"key": rng.integers(0, levels, n).astype(str)}), rng.integers(0, 2, n)


# ---------------------------------------------------------------- Task 1: OOFTargetEncoder

@pytest.mark.task(1)
def test_fit_learns_the_smoothed_mean_of_each_category(fe):
    X = pd.DataFrame({"colour": ["b", "a", "b", "c", "a", "b", "a"]}, index=[40, 11, 7, 3, 25, 18, 2])
    y = np.array([1, 0, 0, 1, 1, 1, 0])
    enc = fe.OOFTargetEncoder(smoothing=2.0)
    assert enc.fit(X, y) is enc, "fit(X, y) should return self"
    prior = 4 / 7
    expected = {c: (y[X["colour"].to_numpy() == c].sum() + 2.0 * prior) / ((X["colour"] == c).sum() + 2.0) for c in "abc"}
    assert enc.prior_ == pytest.approx(prior), f"prior_ is {enc.prior_!r}, expected the mean of y {prior:.4f}"
    out = enc.transform(pd.DataFrame({"colour": ["c", "a", "b", "zzz"]}))
    assert isinstance(out, np.ndarray), f"transform returned {type(out).__name__}, expected an np.ndarray"
    assert out.shape == (4, 1) and out.dtype.kind == "f", f"transform gave shape {out.shape}, dtype {out.dtype}; expected (4, 1) floats"
    want = [expected["c"], expected["a"], expected["b"], prior]
    np.testing.assert_allclose(out[:, 0], want, rtol=1e-12, err_msg=(
        "transform of ['c', 'a', 'b', unseen] should be (sum of y + m*prior)/(count + m) per category, and the prior "
        "for a category fit never saw"))


@pytest.mark.task(1)
def test_transform_matches_sklearn_target_encoder_fitted_on_all_rows(fe, titanic_xy):
    from sklearn.preprocessing import TargetEncoder

    X, y = titanic_xy
    cols = X[["Ticket", "Surname"]]
    mine = fe.OOFTargetEncoder(smoothing=7.0).fit(cols, y).transform(cols)
    ref = TargetEncoder(smooth=7.0, target_type="binary").fit(cols, y).transform(cols)
    assert mine.shape == ref.shape, f"transform gave shape {mine.shape}, expected {ref.shape} (one column per input column)"
    np.testing.assert_allclose(mine, ref, atol=1e-10, err_msg=(
        "after fit(X, y), transform(X) should equal sklearn's TargetEncoder(smooth=m) fitted on all rows: the same "
        "smoothed means, each column encoded on its own"))


@pytest.mark.task(1)
def test_fit_transform_does_not_let_a_rows_own_label_into_its_encoding(fe):
    X, y = _noise_data(1)
    oof = fe.OOFTargetEncoder(smoothing=4.0, random_state=2).fit_transform(X, y)
    assert isinstance(oof, np.ndarray) and oof.shape == (len(X), 1), (
        f"fit_transform returned {type(oof).__name__} {getattr(oof, 'shape', '')}, expected an ndarray (n_rows, 1)")
    counts = X["key"].map(X["key"].value_counts()).to_numpy()
    single = counts == 1
    gap = oof[single & (y == 1), 0].mean() - oof[single & (y == 0), 0].mean()
    # in-sample, a category seen once is encoded (y + m*prior)/(1 + m): survivors get 1/(1+m) = 0.2 more
    assert abs(gap) < 0.02, (
        f"categories that occur once: mean encoding of rows with y=1 minus rows with y=0 is {gap:.3f}; out of fold it "
        "should be ~0 (the row's own label is never used), in-sample it is 0.2. Encode each fold with the OTHER folds")


@pytest.mark.task(1)
@pytest.mark.parametrize("data_seed", [3, 4])
def test_fit_transform_on_a_random_target_stays_at_chance(fe, data_seed):
    from sklearn.metrics import roc_auc_score

    X, y = _noise_data(data_seed)
    oof = fe.OOFTargetEncoder(smoothing=10.0, random_state=data_seed).fit_transform(X, y)
    auc = roc_auc_score(y, oof[:, 0])
    sigma = _auc_null_sigma(y)
    assert abs(auc - 0.5) <= 4 * sigma, (
        f"the target is a coin flip, yet the out-of-fold encoding has ROC-AUC {auc:.3f}; expected 0.5 ± {4 * sigma:.3f} "
        "(4 standard errors): a row's own label leaks in — encode whole folds with the statistics of the other folds")


@pytest.mark.task(1)
def test_fit_transform_is_seeded_and_also_fits_on_all_rows(fe, titanic_xy):
    from sklearn.preprocessing import TargetEncoder

    X, y = titanic_xy
    cols = X[["Ticket", "Surname"]]
    enc = fe.OOFTargetEncoder(smoothing=10.0, random_state=5)
    a = call_keeps_global_state(lambda: enc.fit_transform(cols, y), "OOFTargetEncoder(random_state=5).fit_transform")
    b = fe.OOFTargetEncoder(smoothing=10.0, random_state=5).fit_transform(cols, y)
    c = fe.OOFTargetEncoder(smoothing=10.0, random_state=6).fit_transform(cols, y)
    np.testing.assert_array_equal(a, b, err_msg="two fit_transform calls with random_state=5 differ: shuffle the folds with it")
    assert not np.allclose(a, c), "random_state=5 and 6 gave the same encoding: KFold(..., shuffle=True, random_state=...)"
    ref = TargetEncoder(smooth=10.0, target_type="binary").fit(cols, y).transform(cols)
    np.testing.assert_allclose(enc.transform(cols), ref, atol=1e-10, err_msg=(
        "after fit_transform, transform(new rows) should use the encodings of ALL training rows (fit them too)"))


@pytest.mark.task(1)
def test_encoder_works_inside_a_pipeline_on_unseen_categories(fe, titanic_xy, titanic_test):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from sklearn.base import clone

    X, y = titanic_xy
    pipe = clone(Pipeline([("te", fe.OOFTargetEncoder(smoothing=3.5, random_state=1)), ("lr", LogisticRegression())]))
    pipe.fit(X[["Ticket", "Surname"]], y)
    assert pipe.named_steps["te"].smoothing == 3.5, "clone() lost the encoder's smoothing: keep __init__'s arguments as they are"
    test = _with_surname(titanic_test)[["Ticket", "Surname"]]
    proba = pipe.predict_proba(test)[:, 1]
    assert proba.shape == (len(test),) and np.isfinite(proba).all(), "the pipeline should predict every test passenger"
    unseen = ~test["Ticket"].isin(X["Ticket"]) & ~test["Surname"].isin(X["Surname"])
    enc = pipe.named_steps["te"].transform(test)
    assert np.allclose(enc[unseen.to_numpy()], y.mean()), "a ticket/surname the encoder never saw should be encoded as prior_"


# ---------------------------------------------------------------- Task 2: leakage_check

@pytest.mark.task(2)
def test_leakage_check_shows_fake_signal_in_sample_and_chance_out_of_fold(fe, seed):
    out = call_keeps_global_state(lambda: fe.leakage_check(n_rows=3000, n_categories=1500, seed=seed),
                                  "leakage_check(3000, 1500, seed=...)")
    assert isinstance(out, dict) and set(out) == {"in_sample_auc", "out_of_fold_auc"}, (
        f"leakage_check returned {out!r}, expected a dict with in_sample_auc and out_of_fold_auc")
    assert out["in_sample_auc"] > 0.65, (
        f"in_sample_auc {out['in_sample_auc']:.3f}: encoded on the rows it was fitted on, a noise key should look "
        "predictive (about 0.8 here); fit(X, y).transform(X)")
    # 3000 coin flips: standard error of a null AUC ≈ 0.0105; 4 sigma
    assert abs(out["out_of_fold_auc"] - 0.5) <= 0.042, f"out_of_fold_auc {out['out_of_fold_auc']:.3f}, expected 0.5 ± 0.042"
    assert fe.leakage_check(n_rows=3000, n_categories=1500, seed=seed) == out, "the same seed should give the same numbers"


# ---------------------------------------------------------------- Task 3: build_pipelines

def _parts(estimator):
    found = [estimator]
    for value in estimator.get_params(deep=True).values():
        if hasattr(value, "fit") and not isinstance(value, type):
            found.append(value)
    return found


NAMES = ["baseline", "+ target encoding", "+ polynomial"]


@pytest.mark.task(3)
def test_build_pipelines_adds_one_step_at_a_time(fe, seed):
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import PolynomialFeatures

    pipes = fe.build_pipelines(seed)
    assert isinstance(pipes, dict) and list(pipes) == NAMES, f"build_pipelines returned keys {list(pipes) if isinstance(pipes, dict) else pipes!r}, expected {NAMES}"
    for name, pipe in pipes.items():
        assert isinstance(pipe, Pipeline), f"{name!r} is {type(pipe).__name__}, expected a Pipeline"
    has = {name: ({type(p).__name__ for p in _parts(pipe)}) for name, pipe in pipes.items()}
    assert "OOFTargetEncoder" not in has["baseline"], "the baseline should not target-encode"
    for name in NAMES[1:]:
        assert "OOFTargetEncoder" in has[name], f"{name!r} has no OOFTargetEncoder (your Task 1 class)"
    assert "PolynomialFeatures" not in has["baseline"] | has["+ target encoding"], "only the last pipeline adds polynomial features"
    polys = [p for p in _parts(pipes["+ polynomial"]) if isinstance(p, PolynomialFeatures)]
    assert polys and polys[0].degree == 2, "'+ polynomial' needs PolynomialFeatures(degree=2)"


@pytest.mark.task(3)
@pytest.mark.timeout(120)
def test_target_encoding_lifts_cv_auc_on_titanic(fe, titanic_xy, titanic_test, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    X, y = titanic_xy
    pipes = fe.build_pipelines(seed)
    test = _with_surname(titanic_test)
    for name in NAMES:
        proba = pipes[name].fit(X, y).predict_proba(test)[:, 1]
        assert np.isfinite(proba).all() and proba.shape == (len(test),), f"{name!r} cannot predict the test passengers"
    folds = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y))
    auc = {n: cross_val_score(pipes[n], X, y, cv=folds, scoring="roc_auc").mean() for n in NAMES[:2]}
    # measured: about +0.02 AUC from encoding Ticket and Surname out of fold (families and groups travelled together)
    assert auc["+ target encoding"] >= auc["baseline"] + 0.005, (
        f"3-fold CV AUC: baseline {auc['baseline']:.3f}, + target encoding {auc['+ target encoding']:.3f}; encoding "
        "Ticket and Surname should add about 0.02")


# ---------------------------------------------------------------- Task 4: uplift_table

def _cheap_pipelines():
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    def on(cols):
        return Pipeline([("pick", ColumnTransformer([("n", SimpleImputer(), cols)])), ("lr", LogisticRegression())])

    return {"fare": on(["Fare"]), "fare+class": on(["Fare", "Pclass"]), "age": on(["Age"])}


@pytest.mark.task(4)
def test_uplift_table_scores_every_pipeline_on_the_same_folds(fe, titanic_xy, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    X, y = titanic_xy
    table = fe.uplift_table(_cheap_pipelines(), X, y, n_splits=4, seed=seed)
    assert isinstance(table, pd.DataFrame), f"uplift_table returned {type(table).__name__}, expected a DataFrame"
    assert list(table.index) == ["fare", "fare+class", "age"], f"index {list(table.index)}, expected the pipeline names in order"
    assert set(table.columns) == {"cv_auc", "cv_auc_std", "uplift"}, f"columns {list(table.columns)}"
    folds = list(StratifiedKFold(4, shuffle=True, random_state=seed).split(X, y))
    for name, pipe in _cheap_pipelines().items():
        scores = cross_val_score(pipe, X, y, cv=folds, scoring="roc_auc")
        got = {k: float(table.loc[name, k]) for k in ("cv_auc", "cv_auc_std")}
        want = {"cv_auc": scores.mean(), "cv_auc_std": scores.std()}
        assert got == pytest.approx(want, abs=1e-9), (
            f"{name}: {got}, expected {want} from StratifiedKFold(4, shuffle=True, random_state=seed) ROC-AUC "
            "(np.std, ddof=0)")
    expected_uplift = table["cv_auc"] - table["cv_auc"].iloc[0]
    np.testing.assert_allclose(table["uplift"], expected_uplift, atol=1e-12,
                               err_msg="uplift = cv_auc minus the first pipeline's cv_auc")


# ---------------------------------------------------------------- Task 5: write_diff

@pytest.mark.task(5)
def test_write_diff_shows_signed_uplifts(fe, outdir):
    table = pd.DataFrame({"cv_auc": [0.8468, 0.8745, 0.8702], "cv_auc_std": [0.0364, 0.0275, 0.0301],
                          "uplift": [0.0, 0.0277, 0.0234]}, index=NAMES)
    table.loc["+ noise", :] = [0.8421, 0.0401, -0.0047]
    path = outdir / "uplift.md"
    text = fe.write_diff(table, path)
    assert isinstance(text, str) and path.read_text(encoding="utf-8") == text, "write the Markdown and return the same text"
    for token in ["+0.028", "+0.023", "-0.005", "+0.000", "0.847", "0.875", "0.036"]:
        assert token in text, f"the diff lacks {token!r}: uplifts with their sign and 3 decimals (f'{{u:+.3f}}'), scores with 3"
    for name in table.index:
        assert name in text, f"the diff lacks the step {name!r}"
    assert sum(line.startswith("|") for line in text.splitlines()) >= 6, "write the table in Markdown (| ... | lines)"


# ---------------------------------------------------------------- Task 6 (stretch): sklearn's TargetEncoder

@pytest.mark.task(6)
@pytest.mark.stretch
@pytest.mark.timeout(120)
def test_sklearn_target_encoder_pipeline_scores_like_yours(fe, titanic_xy, seed):
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.preprocessing import TargetEncoder

    X, y = titanic_xy
    pipe = fe.sklearn_target_encoding_pipeline(seed)
    kinds = {type(p).__name__ for p in _parts(pipe)}
    assert any(isinstance(p, TargetEncoder) for p in _parts(pipe)) and "OOFTargetEncoder" not in kinds, (
        "use sklearn.preprocessing.TargetEncoder in this pipeline (and not your own class)")
    folds = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y))
    theirs = cross_val_score(pipe, X, y, cv=folds, scoring="roc_auc").mean()
    mine = cross_val_score(fe.build_pipelines(seed)["+ target encoding"], X, y, cv=folds, scoring="roc_auc").mean()
    assert abs(theirs - mine) < 0.015, f"CV AUC with sklearn's TargetEncoder {theirs:.3f} vs yours {mine:.3f}: expected within 0.015"


# ---------------------------------------------------------------- full size (make test-slow)

@pytest.mark.task(4)
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_full_uplift_table(fe, titanic_xy, seed, capsys):
    X, y = titanic_xy
    table = fe.uplift_table(fe.build_pipelines(seed), X, y, n_splits=5, seed=seed)
    with capsys.disabled():
        print("\nday19 uplift (5-fold CV ROC-AUC):\n" + table.round(4).to_string())
    assert table.loc["+ target encoding", "uplift"] > 0.005
