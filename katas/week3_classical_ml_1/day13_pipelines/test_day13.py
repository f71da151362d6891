"""Day 13 — Pipelines and regularisation: Ridge vs Lasso on California housing, α by cross-validation."""
import numpy as np
import pandas as pd
import pytest

from katalib import datasets, kata
from katalib.figures import assert_png, axes_artists
from katalib.randomstate import call_keeps_global_state

SEED = 20241124
FEATURES = ["longitude", "latitude", "housing_median_age", "total_rooms", "total_bedrooms",
            "population", "households", "median_income"]
TARGET = "median_house_value"
# Not the module's default ALPHAS (np.logspace(-2, 4, 13)): a search_alpha that ignores its `alphas` argument differs.
GRID = np.array([0.03, 0.3, 3.0, 30.0, 300.0, 3000.0])


@pytest.fixture(scope="module")
def pl():
    return kata.load("day13", "pipelines")


@pytest.fixture(scope="module")
def housing_subset():
    """4,000 real districts sampled with a fixed seed, sampled here (independently of load_xy)."""
    rows = datasets.load_california_housing().sample(n=4000, random_state=SEED)
    assert rows[FEATURES].isna().any().any(), "internal: the subset should contain missing total_bedrooms"
    return rows[FEATURES].copy(), rows[TARGET].copy()


@pytest.fixture(scope="module")
def searches(pl, housing_subset):
    """The learner's fitted searches for both models, run once for the module."""
    X, y = housing_subset
    return {kind: pl.search_alpha(X.copy(), y.copy(), kind, alphas=GRID, seed=SEED) for kind in ("ridge", "lasso")}


def _alpha_of(params: dict):
    keys = [k for k in params if k.split("__")[-1] == "alpha"]
    assert len(keys) == 1, f"expected exactly one α parameter in the grid, found {list(params)}"
    return params[keys[0]]


def _steps(pipe):
    from sklearn.pipeline import Pipeline

    assert isinstance(pipe, Pipeline), f"expected a sklearn Pipeline, got {type(pipe).__name__}"
    return [step for _, step in pipe.steps]


# ---------------------------------------------------------------- Task 1: data and pipeline

@pytest.mark.task(1)
def test_load_xy_samples_n_rows_of_the_numeric_features_and_the_target(pl, california_housing):
    X, y = pl.load_xy(california_housing, n=500, seed=3)
    assert isinstance(X, pd.DataFrame) and isinstance(y, pd.Series), (
        f"load_xy returned ({type(X).__name__}, {type(y).__name__}), expected (DataFrame, Series)")
    assert list(X.columns) == FEATURES, (
        f"load_xy(...) columns are {list(X.columns)}, expected the 8 numeric features {FEATURES} "
        "(no target, no ocean_proximity)")
    assert len(X) == len(y) == 500, f"load_xy(df, n=500) gave {len(X)} rows of X and {len(y)} of y"
    assert X.index.is_unique, "rows were sampled with replacement: sample without (df.sample(n, random_state=seed))"
    pd.testing.assert_frame_equal(X, california_housing.loc[X.index, FEATURES], check_dtype=False,
                                  obj="X (should be the sampled rows unchanged, NaNs kept for the pipeline's imputer)")
    pd.testing.assert_series_equal(y, california_housing.loc[X.index, TARGET], check_dtype=False, check_names=False,
                                   obj="y (median_house_value of the same rows)")


@pytest.mark.task(1)
def test_load_xy_is_reproducible_with_the_seed_and_leaves_df_unchanged(pl, california_housing):
    before = california_housing.copy()
    a, _ = pl.load_xy(california_housing, n=300, seed=7)
    b, _ = pl.load_xy(california_housing, n=300, seed=7)
    c, _ = pl.load_xy(california_housing, n=300, seed=8)
    assert a.index.equals(b.index), "load_xy with the same seed picked different rows: pass random_state=seed"
    assert not a.index.equals(c.index), "load_xy with seeds 7 and 8 picked the same rows: the seed is ignored"
    pd.testing.assert_frame_equal(california_housing, before, obj="the DataFrame passed to load_xy (must not change)")


@pytest.mark.task(1)
def test_load_xy_leaves_the_global_random_state_alone(pl, california_housing):
    call_keeps_global_state(lambda: pl.load_xy(california_housing, n=300, seed=7), "load_xy(df, n=300, seed=7)")


@pytest.mark.task(1)
@pytest.mark.parametrize("kind, cls", [pytest.param("ridge", "Ridge", id="ridge"), pytest.param("lasso", "Lasso", id="lasso")])
def test_build_pipeline_imputes_and_scales_before_the_regressor(pl, kind, cls):
    from sklearn import linear_model
    from sklearn.impute import SimpleImputer
    from sklearn.preprocessing import StandardScaler

    pipe = pl.build_pipeline(kind)
    steps = _steps(pipe)
    assert isinstance(steps[-1], getattr(linear_model, cls)), (
        f"the last step of build_pipeline({kind!r}) is {type(steps[-1]).__name__}, expected {cls}")
    assert pipe.steps[-1][0] == "model", (
        f"the last step of build_pipeline({kind!r}) is named {pipe.steps[-1][0]!r}, expected 'model' (README Task 1): "
        "the grid and the summary address its α as 'model__alpha'")
    if kind == "lasso":
        assert steps[-1].max_iter >= 10_000, (
            f"build_pipeline('lasso') has Lasso(max_iter={steps[-1].max_iter}), expected max_iter=10_000 (README Task 1)")
    before = steps[:-1]
    assert any(isinstance(s, StandardScaler) for s in before), (
        f"build_pipeline({kind!r}) has steps {[type(s).__name__ for s in steps]}: put a StandardScaler INSIDE the "
        "pipeline, before the regressor, so cross-validation fits it on each training fold only")
    imputers = [s for s in before if isinstance(s, SimpleImputer)]
    assert imputers and imputers[0].strategy == "median", (
        f"build_pipeline({kind!r}) needs SimpleImputer(strategy='median') before the regressor (total_bedrooms has NaNs)")


@pytest.mark.task(1)
def test_build_pipeline_rejects_an_unknown_kind(pl):
    with pytest.raises(ValueError):
        pl.build_pipeline("elasticnet")


@pytest.mark.task(1)
def test_build_pipeline_fits_on_data_with_missing_values(pl, housing_subset):
    X, y = housing_subset
    pred = pl.build_pipeline("ridge").fit(X.iloc[:1000], y.iloc[:1000]).predict(X.iloc[1000:1200])
    assert np.all(np.isfinite(pred)) and len(pred) == 200, "the fitted pipeline should predict 200 finite values"


# ---------------------------------------------------------------- Task 2: grid search of α

@pytest.mark.task(2)
@pytest.mark.parametrize("kind", ["ridge", "lasso"])
def test_search_alpha_returns_a_fitted_gridsearch_over_the_whole_grid(searches, kind):
    from sklearn.model_selection import GridSearchCV

    search = searches[kind]
    assert isinstance(search, GridSearchCV), f"search_alpha(..., {kind!r}) returned {type(search).__name__}, expected GridSearchCV"
    assert hasattr(search, "best_score_"), f"the GridSearchCV for {kind} is not fitted: call .fit(X, y) before returning it"
    assert search.n_splits_ == 5, f"{kind}: {search.n_splits_} folds, expected 5 (KFold(5, shuffle=True, random_state=seed))"
    tried = sorted(float(_alpha_of(p)) for p in search.cv_results_["params"])
    assert len(tried) == len(GRID) and np.allclose(tried, GRID, rtol=1e-12), (
        f"{kind}: search_alpha(X, y, {kind!r}, alphas={GRID.tolist()}) tried the α values {tried}: search the alphas "
        "passed in ({'model__alpha': alphas}), not the module's default grid")


@pytest.mark.task(2)
def test_search_alpha_leaves_the_global_random_state_alone(pl, housing_subset):
    X, y = housing_subset
    call_keeps_global_state(lambda: pl.search_alpha(X.iloc[:500], y.iloc[:500], "ridge", alphas=[1.0, 10.0], seed=SEED),
                            "search_alpha(X, y, 'ridge', alphas=[1.0, 10.0], seed)")


@pytest.mark.task(2)
@pytest.mark.parametrize("kind", ["ridge", "lasso"])
def test_search_alpha_scales_inside_the_folds(searches, housing_subset, kind):
    """An independent 5-fold CV (KFold(5, shuffle, seed)) of the chosen pipeline on the raw data must reproduce
    best_score_: a scaler or imputer fitted on all rows before the search shifts it (by 1e-7 to 1e-5 relative here),
    so do other folds or another scoring."""
    from sklearn.base import clone
    from sklearn.metrics import root_mean_squared_error
    from sklearn.model_selection import KFold

    X, y = housing_subset
    search = searches[kind]
    steps = _steps(search.best_estimator_)
    from sklearn.preprocessing import StandardScaler
    assert any(isinstance(s, StandardScaler) for s in steps[:-1]), (
        f"{kind}: the searched estimator has no StandardScaler inside it; scale inside the pipeline, never before the search")
    rmses = []
    for train, test in KFold(n_splits=5, shuffle=True, random_state=SEED).split(X):
        model = clone(search.best_estimator_).fit(X.iloc[train], y.iloc[train])
        rmses.append(root_mean_squared_error(y.iloc[test], model.predict(X.iloc[test])))
    expected = -float(np.mean(rmses))
    assert search.best_score_ == pytest.approx(expected, rel=1e-8), (
        f"{kind}: best_score_ = {search.best_score_:.4f}, but cross-validating the same pipeline with "
        f"KFold(5, shuffle=True, random_state=seed) on the raw X gives {expected:.4f}. Fit nothing on the whole data "
        "before the search (scaling/imputing belong in the pipeline), use those folds and "
        "scoring='neg_root_mean_squared_error'")


@pytest.mark.task(2)
@pytest.mark.parametrize("kind", ["ridge", "lasso"])
def test_cv_rmse_is_plausible_for_a_linear_model_of_house_values(searches, kind):
    rmse = -searches[kind].best_score_
    # median_house_value has a standard deviation of about $115k; linear models on these features reach about $70k
    assert 60_000 < rmse < 80_000, (
        f"{kind}: CV RMSE {rmse:,.0f} (= -best_score_) is outside $60k-$80k; is the scoring RMSE in dollars "
        "(scoring='neg_root_mean_squared_error'), on median_house_value?")


# ---------------------------------------------------------------- Task 3: the summary table

@pytest.fixture(scope="module")
def small_searches(housing_subset):
    """Reference searches built here (a 3-point grid on 1,500 rows) so Task 3 does not depend on Task 2; the steps are
    named as README Task 1 names them (the regressor is "model", so its α is best_params_["model__alpha"])."""
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import Lasso, Ridge
    from sklearn.model_selection import GridSearchCV, KFold
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = housing_subset
    X, y = X.iloc[:1500], y.iloc[:1500]
    out = {}
    for name, model in [("ridge", Ridge()), ("lasso", Lasso(max_iter=10_000))]:
        pipe = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler()), ("model", model)])
        out[name] = GridSearchCV(pipe, {"model__alpha": [0.1, 10.0, 1000.0]}, cv=KFold(5, shuffle=True, random_state=SEED),
                                 scoring="neg_root_mean_squared_error").fit(X, y)
    return out


COLUMNS = ["model", "best_alpha", "cv_rmse"]


@pytest.mark.task(3)
def test_cv_summary_writes_a_csv_with_exactly_the_three_columns(pl, small_searches, outdir):
    path = outdir / "cv_rmse.csv"
    returned = pl.cv_summary(small_searches, path)
    assert isinstance(returned, pd.DataFrame), f"cv_summary returned {type(returned).__name__}, expected a DataFrame"
    assert list(returned.columns) == COLUMNS, (
        f"the DataFrame cv_summary returned has columns {list(returned.columns)}, expected exactly {COLUMNS}")
    assert path.exists(), f"cv_summary(searches, path) did not write {path.name}"
    table = pd.read_csv(path)
    assert list(table.columns) == COLUMNS, (
        f"{path.name} has columns {list(table.columns)}, expected exactly {COLUMNS} in that order "
        "(no index column: to_csv(path, index=False))")
    assert sorted(table["model"]) == ["lasso", "ridge"], f"{path.name} models are {list(table['model'])}, expected ridge and lasso"
    pd.testing.assert_frame_equal(table, returned.reset_index(drop=True), check_dtype=False,
                                  obj=f"{path.name} (should hold the DataFrame cv_summary returns)")


@pytest.mark.task(3)
def test_cv_summary_rmse_and_alpha_come_from_each_search(pl, small_searches, outdir):
    path = outdir / "cv_rmse.csv"
    pl.cv_summary(small_searches, path)
    table = pd.read_csv(path).set_index("model")
    for name, search in small_searches.items():
        assert table.loc[name, "cv_rmse"] == pytest.approx(-search.best_score_, rel=1e-9), (
            f"{path.name}: cv_rmse of {name} is {table.loc[name, 'cv_rmse']}, expected -best_score_ = "
            f"{-search.best_score_:.4f} (the mean RMSE over the folds; positive, not squared)")
        assert table.loc[name, "best_alpha"] == pytest.approx(_alpha_of(search.best_params_), rel=1e-9), (
            f"{path.name}: best_alpha of {name} is {table.loc[name, 'best_alpha']}, expected best_params_'s "
            f"{_alpha_of(search.best_params_)}")


# ---------------------------------------------------------------- Task 4 (stretch): the Lasso path

@pytest.fixture
def lasso_path_axes(pl, housing_subset, outdir):
    import matplotlib.pyplot as plt

    X, y = housing_subset
    path = outdir / "lasso_path.png"
    ax = pl.plot_lasso_path(X.iloc[:1500].copy(), y.iloc[:1500].copy(), path)
    yield ax, path
    plt.close("all")


def _path_lines(ax):
    """Lines with many points (the coefficient paths), leaving out markers and reference lines."""
    return [line for line in ax.lines if len(line.get_xdata()) >= 10]


@pytest.mark.task(4)
@pytest.mark.stretch
def test_lasso_path_plot_is_saved_as_png(lasso_path_axes):
    _, path = lasso_path_axes
    assert_png(path, what="Lasso path plot")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_lasso_path_has_one_line_per_feature_on_a_log_alpha_axis(lasso_path_axes):
    from matplotlib.axes import Axes

    ax, _ = lasso_path_axes
    assert isinstance(ax, Axes), f"plot_lasso_path(X, y, path) returned {type(ax).__name__}, expected the Axes"
    assert ax.get_xscale() == "log", f"the x axis is {ax.get_xscale()!r}; α spans decades: ax.set_xscale('log')"
    lines = _path_lines(ax)
    assert len(lines) == len(FEATURES), (
        f"found {len(lines)} coefficient lines, expected {len(FEATURES)} (one per feature: plot coefs[i] against alphas)")
    art = axes_artists(ax)
    labels = [t.get_text() for t in ax.get_legend().get_texts()] if art["has_legend"] else []
    assert "median_income" in labels, f"the legend should name the features; found {labels}"
    assert ax.get_xlabel().strip() and ax.get_ylabel().strip(), (
        f"axis labels {ax.get_xlabel()!r} / {ax.get_ylabel()!r}: label both axes (alpha, coefficient)")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_lasso_path_starts_at_zero_and_uses_standardised_features(lasso_path_axes):
    ax, _ = lasso_path_axes
    lines = _path_lines(ax)
    assert lines, "no coefficient lines on the Axes"
    at_largest_alpha = [np.asarray(l.get_ydata(), float)[np.argmax(l.get_xdata())] for l in lines]
    assert np.allclose(at_largest_alpha, 0.0, atol=1e-6), (
        f"at the largest α every Lasso coefficient is 0, but the lines end at {np.round(at_largest_alpha, 2)}")
    sizes = np.array([np.abs(np.asarray(l.get_ydata(), float)).max() for l in lines])
    # standardised: every feature reaches thousands of dollars per std; raw counts (rooms, population) stay tiny
    assert (sizes > 5_000).sum() >= 6, (
        f"largest |coefficient| per feature: {np.round(sizes)}; standardise X (StandardScaler) before lasso_path "
        "so the coefficients are comparable")
