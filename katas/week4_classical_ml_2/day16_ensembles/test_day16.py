"""Day 16 — Ensembles: RandomForest vs XGBoost on the same folds, importances, SHAP, commentary."""
import re

import numpy as np
import pandas as pd
import pytest

from katalib import figures, kata
from katalib.randomstate import call_keeps_global_state

FEATURES = ["Pclass", "is_female", "Age", "SibSp", "Parch", "Fare", "Embarked_C", "Embarked_Q", "Embarked_S"]


@pytest.fixture(scope="module")
def ens():
    return kata.load("day16", "ensembles")


def _reference_features(df):
    """The README's Task 1 features, computed here to test the other tasks independently of Task 1."""
    out = pd.DataFrame(index=df.index)
    out["Pclass"] = df["Pclass"].astype(float)
    out["is_female"] = (df["Sex"] == "female").astype(float)
    for col in ["Age", "SibSp", "Parch", "Fare"]:
        out[col] = df[col].astype(float)
    for port in "CQS":
        out[f"Embarked_{port}"] = (df["Embarked"] == port).astype(float)
    return out[FEATURES]


@pytest.fixture(scope="module")
def xy():
    from katalib import datasets

    df = datasets.load_titanic("train")
    X = _reference_features(df)
    # labels that are not positions, so a mix-up between .loc and .iloc shows
    X.index = df["PassengerId"].to_numpy() + 1000
    y = pd.Series(df["Survived"].to_numpy(), index=X.index, name="Survived")
    return X, y


@pytest.fixture(scope="module")
def fold_models(xy):
    """A RandomForest and an XGBoost fitted here on one training fold (columns in a shuffled order), with that fold."""
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold
    from xgboost import XGBClassifier

    X, y = xy
    cols = ["Fare", "Age", "is_female", "Embarked_S", "Pclass", "SibSp", "Embarked_Q", "Parch", "Embarked_C"]
    X = X[cols]
    train, test = next(StratifiedKFold(4, shuffle=True, random_state=7).split(X, y))
    rf = RandomForestClassifier(n_estimators=30, min_samples_leaf=3, random_state=3, n_jobs=1)
    xgb = XGBClassifier(n_estimators=40, max_depth=3, learning_rate=0.2, random_state=3, n_jobs=1)
    rf.fit(X.iloc[train], y.iloc[train])
    xgb.fit(X.iloc[train], y.iloc[train])
    return {"xgboost": xgb, "random_forest": rf}, X.iloc[test], y.iloc[test]


# A stand-in model that records which rows it is fitted on and asked about (clones record too).
def _spy_class():
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Spy(ClassifierMixin, BaseEstimator):
        log: list = []

        def __init__(self, rule="women"):
            self.rule = rule

        def fit(self, X, y):
            assert isinstance(X, pd.DataFrame), (
                f"compare_on_folds fitted a model on a {type(X).__name__}; pass the DataFrame rows (X.iloc[train]) so "
                "the fitted models keep the feature names")
            self.train_index_ = list(X.index)
            self.classes_ = np.array([0, 1])
            Spy.log.append(("fit", self.rule, list(X.index)))
            return self

        def predict(self, X):
            Spy.log.append(("predict", self.rule, list(X.index)))
            if self.rule == "women":
                return (X["is_female"].to_numpy() > 0.5).astype(int)
            return (X["Fare"].to_numpy() > 30).astype(int)

    Spy.log = []
    return Spy


# ---------------------------------------------------------------- Task 1: preprocess

@pytest.mark.task(1)
def test_preprocess_returns_a_new_frame_with_the_feature_columns_in_order(ens, titanic):
    before = titanic.copy()
    out = ens.preprocess(titanic)
    assert isinstance(out, pd.DataFrame), f"preprocess(df) returned {type(out).__name__}, expected a DataFrame"
    assert list(out.columns) == FEATURES, f"preprocess(df) has columns {list(out.columns)}, expected {FEATURES} in that order"
    assert out.index.equals(titanic.index), "preprocess(df) changed the rows or their order; keep df's index"
    pd.testing.assert_frame_equal(titanic, before, obj="the frame passed to preprocess (it must not change)")
    bad = [c for c in out.columns if not pd.api.types.is_float_dtype(out[c])]
    assert not bad, f"columns {bad} are not float; both models need numbers (astype(float))"


@pytest.mark.task(1)
def test_preprocess_encodes_sex_and_port_and_keeps_a_missing_age_missing(ens, titanic):
    out = ens.preprocess(titanic).set_axis(titanic["PassengerId"].to_numpy())
    # 2: Cumings, Mrs (female, Cherbourg, 38); 6: Moran, Mr (male, Queenstown, Age missing); 62: Icard, Miss (no port)
    got = {pid: out.loc[pid, ["is_female", "Embarked_C", "Embarked_Q", "Embarked_S"]].tolist() for pid in (2, 6, 62)}
    expected = {2: [1.0, 1.0, 0.0, 0.0], 6: [0.0, 0.0, 1.0, 0.0], 62: [1.0, 0.0, 0.0, 0.0]}
    assert got == expected, (
        f"[is_female, Embarked_C, Embarked_Q, Embarked_S] for passengers 2, 6, 62: got {got}, expected {expected} "
        "(a missing port is 0 in all three columns)")
    assert np.isnan(out.loc[6, "Age"]), (
        f"passenger 6 has no Age but preprocess gave {out.loc[6, 'Age']}: leave it NaN (both models handle NaN; "
        "a fill statistic computed on all rows leaks across the CV folds)")
    assert out.loc[2, "Age"] == 38.0 and out.loc[2, "Fare"] == pytest.approx(71.2833)


@pytest.mark.task(1)
def test_preprocess_is_row_wise(ens, titanic):
    part = titanic.iloc[[5, 17, 19, 26, 0, 1, 3, 630, 851]]  # several missing ages among old and young passengers
    whole = ens.preprocess(titanic).loc[part.index]
    alone = ens.preprocess(part)
    pd.testing.assert_frame_equal(alone, whole, check_dtype=False,
                                  obj="preprocess(some rows) vs the same rows of preprocess(all rows)")


# ---------------------------------------------------------------- Task 2: make_models

@pytest.mark.task(2)
def test_make_models_returns_a_seeded_single_threaded_forest_and_xgboost(ens, seed):
    from sklearn.ensemble import RandomForestClassifier
    from xgboost import XGBClassifier

    models = ens.make_models(seed, n_estimators=17)
    assert isinstance(models, dict), f"make_models returned {type(models).__name__}, expected a dict"
    assert list(models) == ["random_forest", "xgboost"], f"make_models keys {list(models)}, expected ['random_forest', 'xgboost']"
    assert isinstance(models["random_forest"], RandomForestClassifier), (
        f"models['random_forest'] is {type(models['random_forest']).__name__}, expected RandomForestClassifier")
    assert isinstance(models["xgboost"], XGBClassifier), (
        f"models['xgboost'] is {type(models['xgboost']).__name__}, expected xgboost.XGBClassifier")
    for name, model in models.items():
        params = model.get_params()
        assert params["random_state"] == seed, f"{name}: random_state={params['random_state']!r}, pass the seed {seed} on"
        assert params["n_jobs"] == 1, f"{name}: n_jobs={params['n_jobs']!r}, expected 1 (one thread per test process)"
        assert params["n_estimators"] == 17, f"{name}: n_estimators={params['n_estimators']!r}, make_models(n_estimators=17) asked for 17"


# ---------------------------------------------------------------- Task 3: compare_on_folds

@pytest.fixture(scope="module")
def spied(ens, xy):
    Spy = _spy_class()
    models = {"women": Spy(rule="women"), "fare": Spy(rule="fare")}
    result = ens.compare_on_folds(models, xy[0], xy[1], n_splits=4, seed=11)
    return result, Spy.log, models


@pytest.mark.task(3)
def test_compare_on_folds_returns_scores_fitted_and_folds(spied):
    result, _, _ = spied
    assert isinstance(result, dict), f"compare_on_folds returned {type(result).__name__}, expected a dict"
    assert set(result) >= {"scores", "fitted", "folds"}, f"compare_on_folds keys {sorted(result)}, expected scores, fitted, folds"
    scores = result["scores"]
    assert isinstance(scores, pd.DataFrame), f"result['scores'] is {type(scores).__name__}, expected a DataFrame"
    assert list(scores.columns) == ["women", "fare"], f"scores columns {list(scores.columns)}, expected the model names in order"
    assert list(scores.index) == [0, 1, 2, 3], f"scores index {list(scores.index)}, expected the fold numbers 0..3"
    assert len(result["folds"]) == 4 and all(len(result["fitted"][n]) == 4 for n in ("women", "fare")), (
        "with n_splits=4 expected 4 folds and 4 fitted models per name")


@pytest.mark.task(3)
def test_compare_on_folds_uses_the_same_stratified_partition_for_every_model(spied, xy):
    _, log, _ = spied
    X, y = xy
    tests = {rule: [idx for kind, r, idx in log if kind == "predict" and r == rule] for rule in ("women", "fare")}
    assert tests["women"] == tests["fare"], "the two models were scored on different rows: use one list of folds for all models"
    folds = tests["women"]
    assert len(folds) == 4, f"each model should be scored on 4 held-out folds, was scored {len(folds)} times"
    seen = sorted(i for f in folds for i in f)
    assert seen == sorted(X.index), "the held-out folds must together cover every row exactly once"
    p = y.mean()
    for f in folds:
        positives = y.loc[f].sum()
        # stratified: a fold of n rows holds p*n survivors, give or take one
        assert abs(positives - p * len(f)) <= 1.0 + 1e-9, (
            f"a held-out fold of {len(f)} rows has {positives} survivors, expected {p * len(f):.1f} ± 1: "
            "use StratifiedKFold so every fold keeps the survival rate")


@pytest.mark.task(3)
def test_compare_on_folds_fits_clones_on_training_rows_only(spied, xy):
    result, log, models = spied
    X, _ = xy
    for name, model in models.items():
        assert not hasattr(model, "train_index_"), f"the model {name!r} you were given was fitted itself: fit a clone per fold"
    for k, held in enumerate(result["folds"]):
        assert isinstance(held, np.ndarray), f"result['folds'][{k}] is {type(held).__name__}, expected an np.ndarray of positions"
        held_labels = set(X.index[held])
        for name in ("women", "fare"):
            fit = result["fitted"][name][k]
            train = set(getattr(fit, "train_index_", []))
            assert train, f"result['fitted'][{name!r}][{k}] was never fitted"
            assert not train & held_labels, (
                f"result['fitted'][{name!r}][{k}] was fitted on {len(train & held_labels)} rows of its own held-out fold "
                "(a model fitted on all rows): fit on the training rows of the fold only")
            assert train | held_labels == set(X.index), f"fold {k}: training rows + held-out rows should be all rows"


@pytest.mark.task(3)
def test_compare_on_folds_scores_are_held_out_accuracies(spied, xy):
    result, _, _ = spied
    X, y = xy
    scores = result["scores"]
    for k, held in enumerate(result["folds"]):
        rows = X.iloc[held]
        expected = {"women": float(((rows["is_female"] > 0.5).astype(int) == y.iloc[held]).mean()),
                    "fare": float(((rows["Fare"] > 30).astype(int) == y.iloc[held]).mean())}
        got = {n: scores.loc[k, n] for n in expected}
        assert got == pytest.approx(expected, abs=1e-12), (
            f"fold {k}: scores {got}, expected the accuracy of each model on that fold's held-out rows {expected}")


@pytest.mark.task(3)
def test_compare_on_folds_shuffles_with_the_seed_and_keeps_global_state(ens, xy):
    X, y = xy
    folds = []
    for s in (1, 2):
        Spy = _spy_class()
        result = call_keeps_global_state(
            lambda: ens.compare_on_folds({"women": Spy()}, X, y, n_splits=3, seed=s), f"compare_on_folds(..., seed={s})")
        folds.append([sorted(map(int, f)) for f in result["folds"]])
    assert folds[0] != folds[1], "seeds 1 and 2 gave the same folds: StratifiedKFold(shuffle=True, random_state=seed)"


@pytest.mark.task(3)
@pytest.mark.timeout(120)
def test_both_ensembles_score_at_least_78_percent_on_titanic(ens, xy, seed):
    X, y = xy
    result = ens.compare_on_folds(ens.make_models(seed, n_estimators=30), X, y, n_splits=3, seed=seed)
    means = result["scores"].mean()
    assert (means >= 0.78).all(), (
        f"mean held-out accuracy {means.round(3).to_dict()}; both ensembles reach 0.80 on Titanic "
        "(check the features and that each model is scored on rows it did not see)")


# ---------------------------------------------------------------- Task 4: plot_importances

def _bars(ax):
    """(label, width) of the horizontal bars, from the top bar down."""
    from matplotlib.patches import Rectangle

    ax.figure.canvas.draw()
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    ticks = {round(float(t), 6): lab.get_text() for t, lab in zip(ax.get_yticks(), ax.get_yticklabels())}
    rows = []
    for bar in bars:
        centre = round(bar.get_y() + bar.get_height() / 2, 6)
        rows.append((ticks.get(centre, ""), bar.get_width(), centre))
    rows.sort(key=lambda r: r[2], reverse=not ax.yaxis_inverted())
    return [(label, width) for label, width, _ in rows]


@pytest.fixture(scope="module")
def importance_fig(ens, fold_models, tmp_path_factory):
    path = tmp_path_factory.mktemp("day16") / "importances.png"
    fitted, _, _ = fold_models
    fig = ens.plot_importances(fitted, path)
    return fig, path


@pytest.mark.task(4)
def test_plot_importances_saves_a_png_with_one_axes_per_model(importance_fig, fold_models):
    fig, path = importance_fig
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure), f"plot_importances returned {type(fig).__name__}, expected the matplotlib Figure"
    figures.assert_png(path, what="feature-importance bar plot")
    axes = [ax for ax in fig.axes if ax.patches]
    assert len(axes) == 2, f"found {len(axes)} Axes with bars, expected one per model (2)"
    titles = [ax.get_title() for ax in axes]
    assert [("xgboost" in t, "random_forest" in t) for t in titles] == [(True, False), (False, True)], (
        f"Axes titles {titles}: title each Axes with its model name, in the dict's order")


@pytest.mark.task(4)
@pytest.mark.parametrize("name", ["xgboost", "random_forest"])
def test_plot_importances_bars_are_the_models_importances_labelled_and_sorted(importance_fig, fold_models, name):
    fig, _ = importance_fig
    fitted, _, _ = fold_models
    model = fitted[name]
    ax = next((ax for ax in fig.axes if ax.patches and name in ax.get_title()), None)
    assert ax is not None, f"no Axes with bars titled {name!r}"
    bars = _bars(ax)
    assert len(bars) == len(model.feature_names_in_), f"{name}: {len(bars)} bars, expected one per feature ({len(model.feature_names_in_)})"
    labels = [label for label, _ in bars]
    assert sorted(labels) == sorted(model.feature_names_in_), (
        f"{name}: the bars are labelled {labels}; label each bar with its feature name (model.feature_names_in_)")
    truth = dict(zip(model.feature_names_in_, model.feature_importances_))
    wrong = {lab: round(w, 4) for lab, w in bars if not np.isclose(w, truth[lab], rtol=1e-5, atol=1e-9)}
    assert not wrong, (
        f"{name}: bars {wrong} do not match the model's feature_importances_ "
        f"{ {k: round(float(v), 4) for k, v in truth.items()} }: plot the importances of the model you were given "
        "(the one scored on its held-out fold), do not refit")
    widths = [w for _, w in bars]
    assert all(a >= b - 1e-12 for a, b in zip(widths, widths[1:])), (
        f"{name}: from the top bar down the importances are {np.round(widths, 3).tolist()}; sort them so the most "
        "important feature is at the top")


# ---------------------------------------------------------------- Task 5: SHAP values

@pytest.mark.task(5)
def test_shap_values_returns_an_array_and_a_float(ens, fold_models):
    fitted, X_test, _ = fold_models
    out = ens.shap_values(fitted["xgboost"], X_test)
    assert isinstance(out, tuple) and len(out) == 2, f"shap_values returned {type(out).__name__}, expected (values, expected_value)"
    values, base = out
    assert isinstance(values, np.ndarray), f"values is {type(values).__name__}, expected an np.ndarray"
    assert isinstance(base, float), f"expected_value is {type(base).__name__}, expected a float (float(...))"
    assert values.shape == X_test.shape, f"values have shape {values.shape}, expected one per row and feature {X_test.shape}"


@pytest.mark.task(5)
def test_shap_values_add_up_to_the_models_margin(ens, fold_models):
    fitted, X_test, _ = fold_models
    model = fitted["xgboost"]
    values, base = ens.shap_values(model, X_test)
    margin = model.predict(X_test, output_margin=True)
    gap = np.abs(base + values.sum(axis=1) - margin)
    assert gap.max() <= 1e-4, (
        f"expected_value + sum of SHAP values differs from model.predict(X, output_margin=True) by up to {gap.max():.3g} "
        "(tolerance 1e-4): explain this model, in margin (log-odds) units, with shap.TreeExplainer(model)")


@pytest.mark.task(5)
def test_explain_fold_explains_the_scored_model_on_its_held_out_rows(ens, xy, seed):
    from xgboost import XGBClassifier

    X, y = xy
    models = {"xgboost": XGBClassifier(n_estimators=25, max_depth=3, random_state=seed, n_jobs=1)}
    result = ens.compare_on_folds(models, X, y, n_splits=3, seed=seed)
    values, base = ens.explain_fold(result, X, fold=1)
    held = X.iloc[result["folds"][1]]
    assert values.shape == held.shape, (
        f"explain_fold(result, X, fold=1) gave values of shape {values.shape}; expected the {held.shape} held-out rows of fold 1")
    margin = result["fitted"]["xgboost"][1].predict(held, output_margin=True)
    gap = np.abs(base + values.sum(axis=1) - margin)
    assert gap.max() <= 1e-4, (
        f"SHAP values do not add up to the margin of result['fitted']['xgboost'][1] (off by {gap.max():.3g}): "
        "explain the very model that was scored on that fold, without refitting")


# ---------------------------------------------------------------- Task 6: the commentary

def _top_features(text):
    m = re.search(r"^## Top features\s*$(.*?)(?=^#|\Z)", text, flags=re.M | re.S)
    assert m, "the commentary has no '## Top features' section"
    return re.findall(r"^\s*\d+\.\s+([A-Za-z_][\w]*)", m.group(1), flags=re.M)


@pytest.fixture
def fake_scores():
    return pd.DataFrame({"random_forest": [0.8123, 0.8456, 0.7911], "xgboost": [0.8277, 0.8349, 0.8002]},
                        index=pd.RangeIndex(3, name="fold"))


@pytest.mark.task(6)
def test_write_commentary_names_the_top_features_by_mean_absolute_shap(ens, fake_scores, outdir):
    names = ["a", "b", "c", "d"]
    signs = np.array([1, -1] * 10)
    shap_vals = np.column_stack([np.full(20, 0.5), 3.0 * signs, np.full(20, 2.0), 0.1 * signs]).astype(float)
    # mean |SHAP|: b 3.0 > c 2.0 > a 0.5 > d 0.1 (b's signed mean is 0: rank by the mean of the absolute values)
    text = ens.write_commentary(fake_scores, shap_vals, names, outdir / "commentary.md", top=2)
    assert isinstance(text, str), f"write_commentary returned {type(text).__name__}, expected the text (str)"
    assert (outdir / "commentary.md").read_text(encoding="utf-8") == text, "return the text you wrote to the file"
    assert _top_features(text) == ["b", "c"], (
        f"the numbered list under '## Top features' names {_top_features(text)}, expected ['b', 'c'] (top=2, "
        "ordered by np.abs(shap_values).mean(axis=0), largest first)")


@pytest.mark.task(6)
def test_write_commentary_contains_the_fold_scores_table(ens, fake_scores, outdir):
    text = ens.write_commentary(fake_scores, np.ones((5, 2)), ["x", "y"], outdir / "commentary.md")
    for value in ["0.812", "0.846", "0.791", "0.828", "0.835", "0.800"]:
        assert value in text, f"the commentary lacks the fold score {value}: include the scores table (3 decimals)"
    means = fake_scores.mean().round(3)
    assert f"{means['random_forest']:.3f}" in text and f"{means['xgboost']:.3f}" in text, (
        f"the commentary lacks the mean scores {means.to_dict()}: add a 'mean' row")
    assert re.search(r"^\|.*mean.*\|", text, flags=re.M), "the scores should be a Markdown table (| ... |) with a mean row"


@pytest.mark.task(6)
def test_write_commentary_top_features_match_real_shap_values(ens, fold_models, outdir):
    fitted, X_test, _ = fold_models
    values = fitted["xgboost"].get_booster().predict(
        __import__("xgboost").DMatrix(X_test), pred_contribs=True)[:, :-1]
    expected = list(X_test.columns[np.argsort(-np.abs(values).mean(axis=0))[:3]])
    scores = pd.DataFrame({"xgboost": [0.8, 0.82]}, index=pd.RangeIndex(2, name="fold"))
    text = ens.write_commentary(scores, values, list(X_test.columns), outdir / "commentary.md")
    assert _top_features(text) == expected, f"top features {_top_features(text)}, expected {expected} by mean |SHAP|"


# ---------------------------------------------------------------- Task 7 (stretch): permutation importance

@pytest.mark.task(7)
@pytest.mark.stretch
def test_permutation_importances_ranks_sex_first_and_ignores_an_unused_column(ens, xy, seed):
    from xgboost import XGBClassifier

    X, y = xy
    X = X.assign(unused=1.0)
    model = XGBClassifier(n_estimators=30, max_depth=3, random_state=seed, n_jobs=1).fit(X.iloc[:600], y.iloc[:600])
    held, y_held = X.iloc[600:], y.iloc[600:]
    before = held.copy()
    imp = call_keeps_global_state(lambda: ens.permutation_importances(model, held, y_held, n_repeats=3, seed=seed),
                                  "permutation_importances(...)")
    assert isinstance(imp, pd.Series), f"permutation_importances returned {type(imp).__name__}, expected a Series"
    assert sorted(imp.index) == sorted(X.columns), f"index {list(imp.index)}, expected one entry per feature"
    pd.testing.assert_frame_equal(held, before, obj="X passed to permutation_importances (it must not change)")
    assert list(imp.to_numpy()) == sorted(imp.to_numpy(), reverse=True), "sort from the largest accuracy drop down"
    assert imp.index[0] == "is_female", f"the largest drop is {imp.index[0]!r}; shuffling sex should hurt most"
    assert imp["unused"] == 0.0, f"a constant column the model never uses got {imp['unused']}, expected exactly 0"
    again = ens.permutation_importances(model, held, y_held, n_repeats=3, seed=seed)
    pd.testing.assert_series_equal(imp, again, obj="two calls with the same seed")


# ---------------------------------------------------------------- full size (make test-slow)

@pytest.mark.task(3)
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_full_size_five_fold_comparison(ens, titanic, seed, capsys):
    X, y = ens.preprocess(titanic), titanic["Survived"]
    result = ens.compare_on_folds(ens.make_models(seed), X, y, n_splits=5, seed=seed)
    with capsys.disabled():
        print("\nday16 fold accuracies:\n" + result["scores"].round(3).to_string())
    assert (result["scores"].mean() >= 0.80).all(), f"mean accuracies {result['scores'].mean().round(3).to_dict()}"
