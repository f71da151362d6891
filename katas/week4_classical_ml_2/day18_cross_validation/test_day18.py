"""Day 18 — Cross-validation schemes: stratified folds on imbalanced churn, grouped folds on a customer panel."""
import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.randomstate import call_keeps_global_state

# scikit-learn warns when a splitter that ignores groups is given them; passing them always is what the README asks
pytestmark = pytest.mark.filterwarnings("ignore:The groups parameter is ignored:UserWarning")


@pytest.fixture(scope="module")
def cvs():
    return kata.load("day18", "cv_schemes")


@pytest.fixture(scope="module")
def churn():
    """Telco's churn labels as a Series whose index labels are not positions."""
    from katalib import datasets

    df = datasets.load_telco_churn()
    y = (df["Churn"] == "Yes").astype(int)
    return y.set_axis(np.random.default_rng(18).permutation(len(y)) + 50_000)


def _panel(df):
    """The panel of README Task 2, built here so Tasks 3-6 are tested independently of Task 2."""
    rows = df.loc[df.index.repeat(df["tenure"].to_numpy())].copy()
    rows["month"] = rows.groupby(level=0).cumcount().to_numpy() + 1
    return rows.reset_index(drop=True)


@pytest.fixture(scope="module")
def panel_xyg():
    from katalib import datasets

    df = datasets.load_telco_churn()
    customers = df.sample(220, random_state=18)
    panel = _panel(customers)
    X = pd.get_dummies(panel.drop(columns=["customerID", "Churn", "month"]), dtype=float).fillna(0.0)
    y = (panel["Churn"] == "Yes").astype(int)
    return X, y, panel["customerID"].to_numpy()


SCHEMES = ["KFold (rows)", "StratifiedKFold (rows)", "GroupKFold (customers)"]  # the names _schemes() returns


def _schemes():
    from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

    return {"KFold (rows)": KFold(4, shuffle=True, random_state=2),
            "StratifiedKFold (rows)": StratifiedKFold(4, shuffle=True, random_state=2),
            "GroupKFold (customers)": GroupKFold(4)}


def _model():
    from sklearn.tree import DecisionTreeClassifier

    return DecisionTreeClassifier(random_state=0)


# ---------------------------------------------------------------- Task 1: fold_rates

@pytest.mark.task(1)
def test_fold_rates_returns_the_churn_rate_of_every_held_out_fold(cvs, churn):
    from sklearn.model_selection import KFold

    splitter = KFold(6, shuffle=True, random_state=4)
    rates = cvs.fold_rates(churn, splitter)
    assert isinstance(rates, np.ndarray), f"fold_rates returned {type(rates).__name__}, expected an np.ndarray"
    assert rates.shape == (6,) and rates.dtype.kind == "f", f"fold_rates gave shape {rates.shape}, dtype {rates.dtype}; expected 6 floats"
    y = churn.to_numpy()
    expected = [y[test].mean() for _, test in splitter.split(np.zeros(len(y)), y)]
    np.testing.assert_allclose(rates, expected, atol=1e-12, err_msg=(
        "fold_rates(y, KFold(6, shuffle=True)) differs from the share of churners in each held-out fold; the splitter "
        "gives positions — index y by position (np.asarray(y)[test]), not by label"))


@pytest.mark.task(1)
def test_stratified_folds_stay_within_one_customer_of_the_overall_rate(cvs, churn):
    from sklearn.model_selection import StratifiedKFold

    rates = cvs.fold_rates(churn, StratifiedKFold(5, shuffle=True, random_state=1))
    p, fold_size = churn.mean(), len(churn) / 5
    # a stratified fold of m rows holds p*m churners give or take one, so its rate is within 1/m of p
    bound = 1.0 / np.floor(fold_size)
    assert np.all(np.abs(rates - p) <= bound), (
        f"StratifiedKFold fold rates {np.round(rates, 4).tolist()} vs overall {p:.4f}: expected each within 1/m = {bound:.5f}")


@pytest.mark.task(1)
def test_plain_kfold_on_sorted_labels_breaks_that_bound(cvs, churn):
    from sklearn.model_selection import KFold

    y_sorted = churn.sort_values()
    rates = cvs.fold_rates(y_sorted, KFold(5))
    p, bound = churn.mean(), 1.0 / np.floor(len(churn) / 5)
    assert rates.min() == 0.0 and rates.max() == 1.0, (
        f"on labels sorted 0s-then-1s, unshuffled KFold folds should hold no churner (rate 0) or only churners (rate 1); "
        f"fold_rates gave {np.round(rates, 3).tolist()}")
    assert np.abs(rates - p).max() > 100 * bound


@pytest.mark.task(1)
def test_fold_rates_passes_groups_on(cvs):
    from sklearn.model_selection import GroupKFold

    y = np.array([1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0])
    groups = np.array([5, 5, 7, 7, 7, 9, 9, 2, 2, 2, 2, 8])
    splitter = GroupKFold(3)
    expected = [y[te].mean() for _, te in splitter.split(np.zeros(len(y)), y, groups)]
    np.testing.assert_allclose(cvs.fold_rates(y, splitter, groups=groups), expected, atol=1e-12,
                               err_msg="fold_rates(y, GroupKFold(3), groups=...) should split with the groups")


# ---------------------------------------------------------------- Task 2: customer_month_panel

@pytest.fixture(scope="module")
def few_customers():
    from katalib import datasets

    df = datasets.load_telco_churn()
    picks = [df.index[df["tenure"] == 0][0], df.index[df["tenure"] == 72][0], df.index[df["tenure"] == 1][0]]
    picks += list(df.sample(5, random_state=7).index)
    return df.loc[picks]  # not in file order; one customer without a single month


@pytest.mark.task(2)
def test_panel_has_one_row_per_customer_month(cvs, few_customers):
    before = few_customers.copy()
    panel = cvs.customer_month_panel(few_customers)
    pd.testing.assert_frame_equal(few_customers, before, obj="the frame passed to customer_month_panel (it must not change)")
    assert isinstance(panel, pd.DataFrame), f"customer_month_panel returned {type(panel).__name__}, expected a DataFrame"
    assert "month" in panel.columns, "the panel has no `month` column"
    missing = [c for c in few_customers.columns if c not in panel.columns]
    assert not missing, f"the panel lost the columns {missing}; every month carries all of the customer's columns"
    total = int(few_customers["tenure"].sum())
    assert len(panel) == total, (
        f"the panel has {len(panel)} rows, expected the sum of tenure = {total} (months 1..tenure; tenure 0 gives no row)")
    assert isinstance(panel.index, pd.RangeIndex) and panel.index.start == 0, "give the panel a fresh 0..N-1 index"


@pytest.mark.task(2)
def test_panel_months_run_from_one_to_tenure_in_customer_order(cvs, few_customers):
    panel = cvs.customer_month_panel(few_customers)
    order = list(dict.fromkeys(panel["customerID"]))
    expected_order = [c for c, t in zip(few_customers["customerID"], few_customers["tenure"]) if t > 0]
    assert order == expected_order, f"customers appear as {order}, expected df's order without tenure-0 customers {expected_order}"
    for cid, tenure in zip(few_customers["customerID"], few_customers["tenure"]):
        months = panel.loc[panel["customerID"] == cid, "month"].tolist()
        assert months == list(range(1, tenure + 1)), (
            f"customer {cid} (tenure {tenure}) has months {months[:5]}{'...' if len(months) > 5 else ''}, "
            f"expected 1..{tenure} in order")
    assert pd.api.types.is_integer_dtype(panel["month"]), f"month has dtype {panel['month'].dtype}, expected integers"


@pytest.mark.task(2)
def test_panel_rows_carry_the_customers_features(cvs, few_customers):
    panel = cvs.customer_month_panel(few_customers)
    merged = panel[list(few_customers.columns)].merge(few_customers, on="customerID", suffixes=("", "_orig"))
    for col in few_customers.columns:
        if col == "customerID":
            continue
        a, b = merged[col], merged[col + "_orig"]
        same = (a == b) | (a.isna() & b.isna())
        assert same.all(), f"column {col!r} differs from the customer's own value in {int((~same).sum())} panel rows"


# ---------------------------------------------------------------- Task 3: shared_groups

@pytest.mark.task(3)
@pytest.mark.parametrize("scheme", ["KFold (rows)", "GroupKFold (customers)"])
def test_shared_groups_counts_customers_on_both_sides(cvs, panel_xyg, scheme):
    X, y, groups = panel_xyg
    splitter = _schemes()[scheme]
    got = cvs.shared_groups(splitter, X, y, groups)
    assert isinstance(got, list) and all(isinstance(v, (int, np.integer)) for v in got), (
        f"shared_groups returned {got!r}, expected a list of ints, one per fold")
    expected = [len(set(groups[tr]) & set(groups[te])) for tr, te in splitter.split(X, y, groups)]
    assert got == expected, f"shared_groups({scheme}) gave {got}, expected {expected} customers in both train and held-out rows"
    if scheme.startswith("Group"):
        assert expected == [0] * 4
    else:
        assert min(expected) > 100, "row-wise KFold on the panel should put most customers on both sides"


# ---------------------------------------------------------------- Task 4: scheme_table

@pytest.fixture(scope="module")
def table(cvs, panel_xyg):
    X, y, groups = panel_xyg
    model = _model()
    out = cvs.scheme_table(model, X, y, groups, _schemes())
    return out, model


def _expected_row(X, y, groups, splitter):
    from sklearn.base import clone
    from sklearn.metrics import roc_auc_score

    yv = y.to_numpy()
    aucs, rates, shared = [], [], 0
    for tr, te in splitter.split(X, yv, groups):
        fit = clone(_model()).fit(X.iloc[tr], yv[tr])
        aucs.append(roc_auc_score(yv[te], fit.predict_proba(X.iloc[te])[:, 1]))
        rates.append(yv[te].mean())
        shared += len(set(groups[tr]) & set(groups[te]))
    return {"auc_mean": np.mean(aucs), "auc_std": np.std(aucs), "churn_rate_min": min(rates),
            "churn_rate_max": max(rates), "shared_customers": shared}


@pytest.mark.task(4)
def test_scheme_table_has_one_row_per_scheme_and_the_documented_columns(table):
    out, model = table
    assert isinstance(out, pd.DataFrame), f"scheme_table returned {type(out).__name__}, expected a DataFrame"
    assert list(out.index) == list(_schemes()), f"index {list(out.index)}, expected the scheme names in order {list(_schemes())}"
    cols = {"auc_mean", "auc_std", "churn_rate_min", "churn_rate_max", "shared_customers"}
    assert set(out.columns) == cols, f"columns {list(out.columns)}, expected {sorted(cols)}"
    assert not hasattr(model, "tree_"), "the model you were given was fitted itself: fit a clone per fold"


@pytest.mark.task(4)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_table_values_match_the_folds(table, panel_xyg, scheme):
    out, _ = table
    X, y, groups = panel_xyg
    expected = _expected_row(X, y, groups, _schemes()[scheme])
    got = {k: float(out.loc[scheme, k]) for k in expected}
    assert got == pytest.approx(expected, abs=1e-9), (
        f"scheme_table row {scheme!r} is {got}, expected {expected}: a fresh clone per training fold, ROC-AUC of "
        "predict_proba[:, 1] on the held-out rows, np.std with ddof=0, rates from fold_rates, shared customers summed")


@pytest.mark.task(4)
def test_row_wise_folds_on_the_panel_look_far_better_than_grouped_ones(table):
    out, _ = table
    leak, honest = out.loc["KFold (rows)", "auc_mean"], out.loc["GroupKFold (customers)", "auc_mean"]
    # a tree that memorises customers scores ~1.0 when their other months are in training
    assert leak > honest + 0.2, f"KFold AUC {leak:.3f} vs GroupKFold {honest:.3f}: the leak should be obvious"
    assert out.loc["GroupKFold (customers)", "shared_customers"] == 0


# ---------------------------------------------------------------- Task 5: write_table

@pytest.mark.task(5)
def test_write_table_writes_the_metrics_as_markdown(cvs, outdir):
    tab = pd.DataFrame({"auc_mean": [0.9987, 0.7123], "auc_std": [0.0011, 0.0432], "churn_rate_min": [0.121, 0.074],
                        "churn_rate_max": [0.152, 0.213], "shared_customers": [812, 0]},
                       index=["rows (KFold)", "customers (GroupKFold)"])
    path = outdir / "cv_schemes.md"
    text = cvs.write_table(tab, path)
    assert isinstance(text, str), f"write_table returned {type(text).__name__}, expected the text"
    assert path.read_text(encoding="utf-8") == text, "return the text you wrote"
    for name in tab.index:
        assert name in text, f"the table lacks the scheme {name!r}"
    for value in ["0.999", "0.712", "0.001", "0.043", "0.121", "0.213", "812"]:
        assert value in text, f"the Markdown lacks {value} (values with 3 decimals)"
    assert sum(line.startswith("|") for line in text.splitlines()) >= 4, "write a Markdown table (| ... | lines)"


# ---------------------------------------------------------------- Task 6 (stretch): StratifiedGroupKFold

@pytest.mark.task(6)
@pytest.mark.stretch
def test_stratified_group_folds_keep_customers_whole_and_rates_close(cvs, panel_xyg, seed):
    _, y, groups = panel_xyg
    folds = call_keeps_global_state(lambda: cvs.stratified_group_folds(y, groups, n_splits=4, seed=seed),
                                    "stratified_group_folds(..., seed)")
    assert isinstance(folds, list) and len(folds) == 4, f"expected a list of 4 (train, held-out) pairs, got {type(folds).__name__}"
    held = np.sort(np.concatenate([te for _, te in folds]))
    assert np.array_equal(held, np.arange(len(y))), "every row must be held out exactly once"
    for k, (tr, te) in enumerate(folds):
        both = set(groups[tr]) & set(groups[te])
        assert not both, f"fold {k} splits {len(both)} customers between train and held-out rows"
    rates = np.array([y.to_numpy()[te].mean() for _, te in folds])
    gap = np.abs(rates - y.mean()).max()
    # on this panel StratifiedGroupKFold gets every fold within 0.001 of the overall rate; GroupKFold drifts 0.03-0.05
    assert gap <= 0.01, (
        f"held-out churn rates {np.round(rates, 4).tolist()} vs overall {y.mean():.4f} (off by up to {gap:.4f}, "
        "expected <= 0.01): stratify as well as group (StratifiedGroupKFold)")
    other = cvs.stratified_group_folds(y, groups, n_splits=4, seed=seed + 1)
    assert any(not np.array_equal(a[1], b[1]) for a, b in zip(folds, other)), "seed and seed + 1 gave the same folds: shuffle with the seed"


# ---------------------------------------------------------------- full size (make test-slow)

@pytest.mark.task(4)
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_full_panel_table(cvs, telco_churn, capsys):
    from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold

    panel = cvs.customer_month_panel(telco_churn)
    X = pd.get_dummies(panel.drop(columns=["customerID", "Churn", "month"]), dtype=float).fillna(0.0)
    y = (panel["Churn"] == "Yes").astype(int)
    schemes = {"KFold (rows)": KFold(5, shuffle=True, random_state=0),
               "StratifiedKFold (rows)": StratifiedKFold(5, shuffle=True, random_state=0),
               "GroupKFold (customers)": GroupKFold(5)}
    out = cvs.scheme_table(_model(), X, y, panel["customerID"].to_numpy(), schemes)
    with capsys.disabled():
        print(f"\nday18 full panel ({len(panel)} customer-months):\n" + out.round(3).to_string())
    assert out.loc["KFold (rows)", "auc_mean"] > out.loc["GroupKFold (customers)", "auc_mean"] + 0.2
