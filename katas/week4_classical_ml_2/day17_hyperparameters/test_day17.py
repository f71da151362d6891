"""Day 17 — Hyper-parameter search: RandomizedSearchCV vs Optuna, same budget, space and folds."""
import time

import numpy as np
import pandas as pd
import pytest

from katalib import figures, kata
from katalib.randomstate import call_keeps_global_state

# a space that is not the module's SPACE, so a search that ignores its `space` argument shows
TEST_SPACE = {"max_depth": ("int", 3, 9), "learning_rate": ("log", 0.001, 0.5), "subsample": ("float", 0.3, 0.5)}
SEARCHES = ["random_search", "optuna_search"]


@pytest.fixture(scope="module")
def srch():
    return kata.load("day17", "search")


def _xy(df):
    X = df.drop(columns=["customerID", "Churn"])
    X = pd.get_dummies(X, columns=[c for c in X.columns if X[c].dtype == object], dtype=float).astype(float)
    return X, (df["Churn"] == "Yes").astype(int).rename("churn")


@pytest.fixture(scope="module")
def telco_small():
    from katalib import datasets

    df = datasets.load_telco_churn()
    X, y = _xy(df)
    rows = np.random.default_rng(17).choice(len(df), 900, replace=False)
    return X.iloc[rows], y.iloc[rows]


@pytest.fixture(scope="module")
def folds(telco_small):
    from sklearn.model_selection import StratifiedKFold

    X, y = telco_small
    return list(StratifiedKFold(3, shuffle=True, random_state=5).split(X, y))


def _spy_class():
    """A stand-in classifier with the space's parameters; it logs every fit and scores rows by a fixed rule."""
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Spy(ClassifierMixin, BaseEstimator):
        log: list = []

        def __init__(self, max_depth=3, learning_rate=0.1, n_estimators=100, subsample=1.0):
            self.max_depth = max_depth
            self.learning_rate = learning_rate
            self.n_estimators = n_estimators
            self.subsample = subsample

        def fit(self, X, y):
            self.classes_ = np.array([0, 1])
            Spy.log.append({"rows": frozenset(X.index), "params": self.get_params()})
            return self

        def decision_function(self, X):
            return (-X["tenure"].to_numpy() + self.max_depth * self.subsample * X["MonthlyCharges"].to_numpy() / 10
                    + 100 * self.learning_rate * X["SeniorCitizen"].to_numpy())

        def predict_proba(self, X):
            p = 1 / (1 + np.exp(-np.clip(self.decision_function(X) / 20, -30, 30)))
            return np.column_stack([1 - p, p])

        def predict(self, X):
            return (self.predict_proba(X)[:, 1] > 0.5).astype(int)

    Spy.log = []
    return Spy


def _spy_auc(params, X, y, folds):
    from sklearn.metrics import roc_auc_score

    Spy = _spy_class()
    model = Spy(**params)
    return float(np.mean([roc_auc_score(y.iloc[te], model.predict_proba(X.iloc[te])[:, 1]) for _, te in folds]))


def _in_space(params, space):
    for name, (kind, low, high) in space.items():
        value = params[name]
        if kind == "int" and not (float(value).is_integer() and low <= value <= high):
            return f"{name}={value!r} (an integer in [{low}, {high}])"
        if kind != "int" and not (low <= value <= high):
            return f"{name}={value!r} (in [{low}, {high}])"
    return None


# ---------------------------------------------------------------- Task 1: to_distributions

@pytest.mark.task(1)
def test_to_distributions_gives_one_scipy_distribution_per_parameter(srch):
    dists = srch.to_distributions(TEST_SPACE)
    assert isinstance(dists, dict) and set(dists) == set(TEST_SPACE), (
        f"to_distributions(space) returned {type(dists).__name__} with keys {sorted(dists) if isinstance(dists, dict) else ''}, "
        f"expected a dict keyed {sorted(TEST_SPACE)}")
    for name, dist in dists.items():
        assert hasattr(dist, "rvs"), f"{name}: {dist!r} has no .rvs; RandomizedSearchCV needs scipy.stats distributions"


@pytest.mark.task(1)
def test_to_distributions_int_includes_both_ends(srch):
    draws = srch.to_distributions(TEST_SPACE)["max_depth"].rvs(3000, random_state=1)
    assert np.all(np.asarray(draws) == np.round(draws)), "max_depth draws are not integers: use scipy.stats.randint"
    assert set(np.unique(draws)) == {3, 4, 5, 6, 7, 8, 9}, (
        f"('int', 3, 9) drew the values {sorted(set(np.unique(draws).tolist()))}; expected 3..9 with 9 included "
        "(randint's upper bound is exclusive: randint(low, high + 1))")


@pytest.mark.task(1)
def test_to_distributions_float_is_uniform_on_the_range(srch):
    draws = np.asarray(srch.to_distributions(TEST_SPACE)["subsample"].rvs(4000, random_state=2), dtype=float)
    assert draws.min() >= 0.3 and draws.max() <= 0.5, (
        f"('float', 0.3, 0.5) drew values in [{draws.min():.3f}, {draws.max():.3f}]; scipy's uniform(loc, scale) "
        "covers [loc, loc + scale]")
    # mean of U(0.3, 0.5) is 0.4; standard error 0.2/sqrt(12*4000) ≈ 0.0009, 5 sigma ≈ 0.005
    assert abs(draws.mean() - 0.4) < 0.005, f"mean draw {draws.mean():.4f}, expected 0.4 for a uniform on [0.3, 0.5]"


@pytest.mark.task(1)
def test_to_distributions_log_is_log_uniform(srch):
    draws = np.asarray(srch.to_distributions(TEST_SPACE)["learning_rate"].rvs(4000, random_state=3), dtype=float)
    assert draws.min() >= 0.001 and draws.max() <= 0.5, f"('log', 0.001, 0.5) drew values in [{draws.min()}, {draws.max()}]"
    below = np.mean(draws < np.sqrt(0.001 * 0.5))
    # log-uniform: half the draws below the geometric mean (a uniform would put 4 % there); SE 0.008, 5 sigma 0.04
    assert abs(below - 0.5) < 0.04, (
        f"{below:.1%} of the draws fall below the geometric mean of 0.001 and 0.5, expected 50 %: use scipy.stats.loguniform")


# ---------------------------------------------------------------- Task 2: suggest

@pytest.mark.task(2)
def test_suggest_declares_the_space_to_optuna(srch):
    import optuna
    from optuna.distributions import FloatDistribution, IntDistribution

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    trial = study.ask()
    params = srch.suggest(trial, TEST_SPACE)
    assert isinstance(params, dict) and set(params) == set(TEST_SPACE), f"suggest returned {params!r}, expected a dict keyed {sorted(TEST_SPACE)}"
    dists = trial.distributions
    expected = {"max_depth": IntDistribution(3, 9), "learning_rate": FloatDistribution(0.001, 0.5, log=True),
                "subsample": FloatDistribution(0.3, 0.5)}
    for name, dist in expected.items():
        assert dists.get(name) == dist, (
            f"the trial recorded {name} as {dists.get(name)!r}, expected {dist!r}: "
            "trial.suggest_int for 'int', suggest_float for 'float', suggest_float(..., log=True) for 'log'")
    assert params == trial.params, f"suggest returned {params}, but the trial drew {trial.params}: return what the trial suggested"


# ---------------------------------------------------------------- Tasks 3 and 4: the two searches

@pytest.fixture(scope="module")
def spy_runs(srch, telco_small, folds):
    X, y = telco_small
    runs = {}
    for name in SEARCHES:
        Spy = _spy_class()
        trials = call_keeps_global_state(
            lambda: getattr(srch, name)(Spy(), X, y, TEST_SPACE, 7, folds, seed=3), f"{name}(..., seed=3)")
        runs[name] = (trials, list(Spy.log))
    return runs


def _task(name):
    return 3 if name == "random_search" else 4


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.task(_task(n)), id=n) for n in SEARCHES])
def test_search_returns_one_row_per_trial(spy_runs, name):
    trials, _ = spy_runs[name]
    assert isinstance(trials, pd.DataFrame), f"{name} returned {type(trials).__name__}, expected a DataFrame of trials"
    expected = {"number", *TEST_SPACE, "cv_auc", "seconds"}
    assert set(trials.columns) == expected, f"{name}: columns {list(trials.columns)}, expected {sorted(expected)}"
    assert len(trials) == 7, f"{name}(..., n_trials=7) returned {len(trials)} trials"
    assert list(trials["number"]) == list(range(7)), f"{name}: trial numbers {list(trials['number'])}, expected 0..6 in order"
    assert (trials["seconds"] > 0).all(), f"{name}: every trial takes some time; seconds = {trials['seconds'].tolist()}"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.task(_task(n)), id=n) for n in SEARCHES])
def test_search_spends_the_budget_on_the_given_folds(spy_runs, folds, telco_small, name):
    X, _ = telco_small
    _, log = spy_runs[name]
    fold_rows = [frozenset(X.index[tr]) for tr, _ in folds]
    fold_fits = [e for e in log if e["rows"] in fold_rows]
    other = [len(e["rows"]) for e in log if e["rows"] not in fold_rows and len(e["rows"]) != len(X)]
    assert not other, (
        f"{name} fitted models on {other[:3]} rows that are not the training rows of the folds you were given: "
        "pass `cv` on unchanged so both searches use the same folds")
    for k, rows in enumerate(fold_rows):
        n = sum(e["rows"] == rows for e in fold_fits)
        assert n == 7, f"{name}: training fold {k} was fitted {n} times, expected once per trial (7 trials)"
    bad = [msg for e in fold_fits if (msg := _in_space(e["params"], TEST_SPACE))]
    assert not bad, f"{name} tried parameters outside the space: {bad[:3]} — use the `space` argument"


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.task(_task(n)), id=n) for n in SEARCHES])
def test_search_records_each_trials_params_and_mean_fold_auc(spy_runs, folds, telco_small, name):
    X, y = telco_small
    trials, _ = spy_runs[name]
    for _, row in trials.iterrows():
        params = {k: row[k] for k in TEST_SPACE}
        params["max_depth"] = int(params["max_depth"])
        assert _in_space(params, TEST_SPACE) is None, f"{name}: trial {row['number']} has {params}, outside the space"
        expected = _spy_auc(params, X, y, folds)
        assert row["cv_auc"] == pytest.approx(expected, abs=1e-9), (
            f"{name}: trial {int(row['number'])} with {params} has cv_auc {row['cv_auc']:.6f}, but the mean ROC-AUC over "
            f"the folds for those parameters is {expected:.6f}: record each trial's own parameters and score")


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.task(_task(n)), id=n) for n in SEARCHES])
def test_search_with_the_same_seed_repeats_its_trials(srch, spy_runs, telco_small, folds, name):
    X, y = telco_small
    first, _ = spy_runs[name]
    Spy = _spy_class()
    again = getattr(srch, name)(Spy(), X, y, TEST_SPACE, 7, folds, seed=3)
    cols = ["number", *TEST_SPACE, "cv_auc"]
    pd.testing.assert_frame_equal(again[cols].reset_index(drop=True), first[cols].reset_index(drop=True),
                                  check_dtype=False, obj=f"two {name} runs with seed=3")
    other = getattr(srch, name)(Spy(), X, y, TEST_SPACE, 7, folds, seed=4)
    assert not np.allclose(other["learning_rate"], first["learning_rate"]), (
        f"{name} with seeds 3 and 4 tried the same learning rates: pass the seed to the sampler / random_state")


@pytest.mark.task(4)
@pytest.mark.bench
@pytest.mark.timeout(180)
def test_both_searches_reach_auc_080_and_their_wall_times_are_recorded(srch, telco_small, folds, benchmark, seed):
    X, y = telco_small
    space = {"max_depth": ("int", 2, 5), "learning_rate": ("log", 0.02, 0.3), "n_estimators": ("int", 20, 80),
             "subsample": ("float", 0.6, 1.0)}
    xgb = srch.make_xgb(seed)
    out = {}

    def timed(name):
        start = time.perf_counter()
        out[name] = getattr(srch, name)(xgb, X, y, space, 5, folds, seed=seed)
        out[name + "_s"] = time.perf_counter() - start

    timed("random_search")  # side by side: one run each, one after the other
    benchmark.pedantic(lambda: timed("optuna_search"), rounds=1, iterations=1)
    ratio = out["optuna_search_s"] / max(out["random_search_s"], 1e-9)
    best = {n: float(out[n]["cv_auc"].max()) for n in SEARCHES}
    benchmark.extra_info.update({"random_search_s": out["random_search_s"], "optuna_search_s": out["optuna_search_s"],
                                 "optuna_over_random": ratio, **{f"best_auc_{n}": v for n, v in best.items()}})
    for name, value in best.items():
        # both reach about 0.84 on these 900 customers; 0.80 leaves room for other seeds and spaces
        assert value >= 0.80, f"{name}: best CV AUC {value:.3f} after 5 trials, expected at least 0.80 on Telco churn"


# ---------------------------------------------------------------- Task 5: write_trials

def _fake_trials():
    a = pd.DataFrame({"number": [0, 1, 2], "max_depth": [3, 7, 5], "learning_rate": [0.01, 0.2, 0.05],
                      "subsample": [0.31, 0.45, 0.4], "cv_auc": [0.71, 0.69, 0.78], "seconds": [0.5, 0.4, 0.6]})
    b = pd.DataFrame({"number": [0, 1, 2, 3], "max_depth": [4, 4, 8, 3], "learning_rate": [0.3, 0.002, 0.1, 0.02],
                      "subsample": [0.35, 0.5, 0.33, 0.41], "cv_auc": [0.66, 0.74, 0.70, 0.81], "seconds": [0.3, 0.2, 0.4, 0.5]})
    return {"random": a, "optuna": b}


@pytest.mark.task(5)
def test_write_trials_writes_one_csv_row_per_trial(srch, outdir):
    trials = _fake_trials()
    path = outdir / "trials.csv"
    srch.write_trials(trials, path)
    back = pd.read_csv(path)
    assert list(back.columns)[0] == "search", f"the CSV's columns are {list(back.columns)}; put `search` first"
    assert set(back.columns) == {"search", "number", *TEST_SPACE, "cv_auc", "seconds"}, (
        f"the CSV's columns are {list(back.columns)}, expected search + the trial columns (and no index column)")
    assert back["search"].tolist() == ["random"] * 3 + ["optuna"] * 4, f"search column {back['search'].tolist()}"
    expected = pd.concat(list(trials.values()), ignore_index=True)
    pd.testing.assert_frame_equal(back[expected.columns], expected, check_dtype=False, obj="the trials read back from the CSV")


# ---------------------------------------------------------------- Task 6: plot_trials

@pytest.fixture
def shuffled_trials():
    trials = _fake_trials()
    return {name: t.sample(frac=1.0, random_state=1).reset_index(drop=True) for name, t in trials.items()}


@pytest.mark.task(6)
def test_plot_trials_saves_a_labelled_png(srch, shuffled_trials, outdir):
    from matplotlib.figure import Figure

    fig = srch.plot_trials(shuffled_trials, outdir / "trials.png")
    assert isinstance(fig, Figure), f"plot_trials returned {type(fig).__name__}, expected the Figure"
    figures.assert_png(outdir / "trials.png", what="score-vs-trial plot")
    ax = fig.axes[0]
    assert ax.get_xlabel() and ax.get_ylabel(), "label the axes ('trial', 'CV AUC')"
    legend = " ".join(figures.legend_texts(ax))
    assert "random" in legend and "optuna" in legend, f"the legend reads {legend!r}; name each search"


@pytest.mark.task(6)
@pytest.mark.parametrize("name", ["random", "optuna"])
def test_plot_trials_draws_every_score_and_a_monotone_best_so_far_curve(srch, shuffled_trials, outdir, name):
    fig = srch.plot_trials(shuffled_trials, outdir / "trials.png")
    ax = fig.axes[0]
    t = shuffled_trials[name].sort_values("number")
    x, scores = t["number"].to_numpy(float), t["cv_auc"].to_numpy(float)
    best = np.maximum.accumulate(scores)
    lines = [(np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float)) for ln in ax.lines]
    curve = [ly for lx, ly in lines if lx.shape == x.shape and np.allclose(lx, x) and np.allclose(ly, best)]
    drawn = [(lx.tolist(), ly.tolist()) for lx, ly in lines]
    assert curve, (
        f"no line shows {name}'s best-so-far curve y = {best.tolist()} at x = {x.tolist()} "
        f"(lines drawn: {drawn}); plot the running maximum of cv_auc in trial-number order")
    points = set()
    for ln in ax.lines:
        points |= {(round(a, 6), round(b, 6)) for a, b in zip(np.asarray(ln.get_xdata(), float), np.asarray(ln.get_ydata(), float))}
    for coll in ax.collections:
        points |= {(round(float(a), 6), round(float(b), 6)) for a, b in np.asarray(coll.get_offsets())}
    missing = [(a, b) for a, b in zip(x, scores) if (round(a, 6), round(b, 6)) not in points]
    assert not missing, f"the trial scores {missing} of {name} are not drawn; mark every trial's cv_auc at x = its number"


# ---------------------------------------------------------------- full size (make test-slow)

@pytest.mark.task(4)
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_full_size_twenty_trials_each_on_all_customers(srch, telco_churn, seed, capsys):
    from sklearn.model_selection import StratifiedKFold

    X, y = srch.telco_xy(telco_churn)
    cv = list(StratifiedKFold(3, shuffle=True, random_state=seed).split(X, y))
    res, secs = {}, {}
    for name in SEARCHES:
        start = time.perf_counter()
        res[name] = getattr(srch, name)(srch.make_xgb(seed), X, y, srch.SPACE, 20, cv, seed=seed)
        secs[name] = time.perf_counter() - start
    with capsys.disabled():
        for name in SEARCHES:
            print(f"\nday17 {name}: best CV AUC {res[name]['cv_auc'].max():.4f} in {secs[name]:.1f} s")
        print(f"day17 optuna / random wall time: {secs['optuna_search'] / secs['random_search']:.2f}")
    for name in SEARCHES:
        assert res[name]["cv_auc"].max() >= 0.84, f"{name}: best {res[name]['cv_auc'].max():.4f}"


# ---------------------------------------------------------------- Task 7 (stretch): narrow_space

@pytest.mark.task(7)
@pytest.mark.stretch
def test_narrow_space_spans_the_best_trials(srch):
    trials = _fake_trials()["optuna"].sample(frac=1.0, random_state=3)  # cv_auc 0.66, 0.74, 0.70, 0.81, shuffled
    before = {k: v for k, v in TEST_SPACE.items()}
    out = srch.narrow_space(trials, TEST_SPACE, keep=0.5)  # the best 2: numbers 3 (0.81) and 1 (0.74)
    assert TEST_SPACE == before, "narrow_space modified the space it was given"
    expected = {"max_depth": ("int", 3, 4), "learning_rate": ("log", 0.002, 0.02), "subsample": ("float", 0.41, 0.5)}
    assert isinstance(out, dict) and set(out) == set(expected), f"narrow_space returned {out!r}"
    for name, (kind, low, high) in expected.items():
        got = out[name]
        assert got[0] == kind and got[1] == pytest.approx(low) and got[2] == pytest.approx(high), (
            f"{name}: got {got}, expected {(kind, low, high)} — the min and max over the best ceil(keep * n) trials by cv_auc")
    assert isinstance(out["max_depth"][1], int) and isinstance(out["max_depth"][2], int), (
        f"int bounds should be Python ints, got {out['max_depth']!r}")
