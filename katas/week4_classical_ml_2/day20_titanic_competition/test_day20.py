"""Day 20 — Kaggle Titanic: engineered features, a seeded XGBoost pipeline, CV accuracy >= 0.82, the submission."""
import numpy as np
import pandas as pd
import pytest

from katalib import kata
from katalib.randomstate import call_keeps_global_state

NEW = ["Title", "FamilySize", "IsAlone", "HasCabin", "Deck"]


@pytest.fixture(scope="module")
def tit():
    return kata.load("day20", "titanic")


# A stand-in pipeline that records what it is fitted on and predicts by a fixed rule (women survive).
def _spy_class():
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Spy(ClassifierMixin, BaseEstimator):
        log: list = []

        def fit(self, X, y):
            assert isinstance(X, pd.DataFrame), f"the pipeline was fitted on a {type(X).__name__}; pass the DataFrame"
            assert "Survived" not in X.columns, (
                "the pipeline was fitted on a frame that still holds Survived: the answer would be a feature; "
                "X = df.drop(columns=['Survived'])")
            self.classes_ = np.array([0, 1])
            self.train_ids_ = set(X["PassengerId"])
            Spy.log.append({"kind": "fit", "ids": set(X["PassengerId"]), "y_sum": int(np.sum(y)), "n": len(X)})
            return self

        def predict(self, X):
            Spy.log.append({"kind": "predict", "ids": list(X["PassengerId"]), "train": self.train_ids_})
            return (X["Sex"].to_numpy() == "female").astype(int)

    Spy.log = []
    return Spy


# ---------------------------------------------------------------- Task 1: engineer

@pytest.mark.task(1)
def test_engineer_returns_a_new_frame_with_the_new_columns(tit, titanic):
    before = titanic.copy()
    out = tit.engineer(titanic)
    assert isinstance(out, pd.DataFrame), f"engineer(df) returned {type(out).__name__}, expected a DataFrame"
    pd.testing.assert_frame_equal(titanic, before, obj="the frame passed to engineer (it must not change)")
    missing = [c for c in list(titanic.columns) + NEW if c not in out.columns]
    assert not missing, f"engineer(df) lacks the columns {missing}; keep df's columns and add {NEW}"
    assert out.index.equals(titanic.index), "engineer changed the rows or their order"


@pytest.mark.task(1)
@pytest.mark.parametrize("pid, title", [
    pytest.param(1, "Mr", id="Mr"), pytest.param(2, "Mrs", id="Mrs-with-maiden-name"),
    pytest.param(8, "Master", id="Master"), pytest.param(642, "Miss", id="Mlle-is-Miss"),
    pytest.param(444, "Miss", id="Ms-is-Miss"), pytest.param(370, "Mrs", id="Mme-is-Mrs"),
    pytest.param(31, "Rare", id="Don-is-Rare"), pytest.param(760, "Rare", id="the-Countess-is-Rare"),
])
def test_engineer_extracts_the_title(tit, titanic, pid, title):
    out = tit.engineer(titanic)
    got = out.loc[titanic["PassengerId"] == pid, "Title"].iloc[0]
    name = titanic.loc[titanic["PassengerId"] == pid, "Name"].iloc[0]
    assert got == title, f"passenger {pid} ({name!r}) got Title {got!r}, expected {title!r} (README Task 1)"


@pytest.mark.task(1)
def test_engineer_family_and_cabin_columns_follow_the_formulas(tit, titanic):
    out = tit.engineer(titanic)
    fam = titanic["SibSp"] + titanic["Parch"] + 1
    checks = {
        "FamilySize": (out["FamilySize"].to_numpy(), fam.to_numpy()),
        "IsAlone": (out["IsAlone"].to_numpy(), (fam == 1).astype(int).to_numpy()),
        "HasCabin": (out["HasCabin"].to_numpy(), titanic["Cabin"].notna().astype(int).to_numpy()),
    }
    for col, (got, want) in checks.items():
        bad = np.flatnonzero(got != want)
        assert bad.size == 0, f"{col} differs from the README formula on {bad.size} passengers (first: row {bad[0] if bad.size else ''})"
    deck = titanic["Cabin"].str[0].fillna("U")
    assert (out["Deck"] == deck).all(), (
        f"Deck should be the first letter of Cabin and 'U' when missing; got e.g. {out['Deck'].head(3).tolist()}")
    for col in ("IsAlone", "HasCabin"):
        assert pd.api.types.is_integer_dtype(out[col]), f"{col} has dtype {out[col].dtype}, expected integers 0/1"


@pytest.mark.task(1)
def test_engineer_is_row_wise(tit, titanic, titanic_test):
    some = titanic_test.iloc[[10, 3, 152, 88, 0]]
    alone = tit.engineer(some)
    together = tit.engineer(titanic_test).loc[some.index]
    pd.testing.assert_frame_equal(alone, together, check_dtype=False,
                                  obj="engineer(a few test rows) vs the same rows of engineer(all test rows)")


# ---------------------------------------------------------------- Task 2: build_pipeline

@pytest.mark.task(2)
def test_build_pipeline_is_a_seeded_single_threaded_xgboost_pipeline(tit, seed):
    from sklearn.pipeline import Pipeline
    from xgboost import XGBClassifier

    pipe = tit.build_pipeline(seed)
    assert isinstance(pipe, Pipeline), f"build_pipeline returned {type(pipe).__name__}, expected a Pipeline"
    model = pipe.steps[-1][1]
    assert isinstance(model, XGBClassifier), f"the last step is {type(model).__name__}, expected xgboost.XGBClassifier"
    params = model.get_params()
    assert params["random_state"] == seed, f"XGBClassifier(random_state={params['random_state']!r}); pass the seed on"
    assert params["n_jobs"] == 1, f"XGBClassifier(n_jobs={params['n_jobs']!r}); use n_jobs=1"


@pytest.mark.task(2)
def test_build_pipeline_fits_raw_rows_and_predicts_every_test_passenger(tit, seed, titanic, titanic_test):
    pipe = tit.build_pipeline(seed).fit(titanic.drop(columns=["Survived"]), titanic["Survived"])
    pred = np.asarray(pipe.predict(titanic_test))
    assert pred.shape == (418,), f"predict on test.csv gave shape {pred.shape}, expected (418,)"
    assert set(np.unique(pred)) <= {0, 1}, f"predictions {np.unique(pred)[:5]}, expected 0/1"
    again = tit.build_pipeline(seed).fit(titanic.drop(columns=["Survived"]), titanic["Survived"]).predict(titanic_test)
    assert np.array_equal(pred, again), "two pipelines with the same seed predict differently: seed every random part"


# ---------------------------------------------------------------- Task 3: cv_accuracy

@pytest.mark.task(3)
def test_cv_accuracy_scores_stratified_held_out_folds(tit, titanic):
    Spy = _spy_class()
    acc = call_keeps_global_state(lambda: tit.cv_accuracy(Spy(), titanic, n_splits=4, seed=3), "cv_accuracy(..., seed=3)")
    assert isinstance(acc, float), f"cv_accuracy returned {type(acc).__name__}, expected a float"
    fits = [e for e in Spy.log if e["kind"] == "fit"]
    preds = [e for e in Spy.log if e["kind"] == "predict"]
    assert len(fits) == 4 and len(preds) == 4, f"expected 4 fits and 4 held-out predictions, saw {len(fits)} and {len(preds)}"
    by_id = titanic.set_index("PassengerId")
    p = titanic["Survived"].mean()
    for e in preds:
        assert not set(e["ids"]) & e["train"], "a fold was scored by a model fitted on its own rows"
        n_pos = by_id.loc[e["ids"], "Survived"].sum()
        assert abs(n_pos - p * len(e["ids"])) <= 1.0 + 1e-9, (
            f"a held-out fold of {len(e['ids'])} passengers has {n_pos} survivors, expected {p * len(e['ids']):.1f} ± 1: "
            "StratifiedKFold")
    rule = [((by_id.loc[e["ids"], "Sex"] == "female").astype(int) == by_id.loc[e["ids"], "Survived"]).mean() for e in preds]
    assert acc == pytest.approx(float(np.mean(rule)), abs=1e-12), (
        f"cv_accuracy returned {acc:.5f}, expected the mean held-out accuracy {np.mean(rule):.5f}")
    Spy2 = _spy_class()
    tit.cv_accuracy(Spy2(), titanic, n_splits=4, seed=4)
    other = [sorted(e["ids"]) for e in Spy2.log if e["kind"] == "predict"]
    assert other != [sorted(e["ids"]) for e in preds], "seeds 3 and 4 gave the same folds: shuffle=True, random_state=seed"


@pytest.mark.task(3)
@pytest.mark.timeout(180)
def test_pipeline_reaches_82_percent_stratified_cv_accuracy(tit, titanic, seed):
    acc = tit.cv_accuracy(tit.build_pipeline(seed), titanic, n_splits=5, seed=seed)
    # the reference reaches 0.834 with several seeds; 0.82 is the curriculum's bar
    assert acc >= 0.82, (
        f"5-fold stratified CV accuracy {acc:.4f}, expected at least 0.82: use the Title and family features, "
        "a shallow XGBoost (depth 3-4, a few hundred trees, learning rate ~0.05)")


# ---------------------------------------------------------------- Task 4: make_submission

@pytest.mark.task(4)
def test_make_submission_writes_the_kaggle_format(tit, titanic, titanic_test, outdir):
    Spy = _spy_class()
    train_before, test_before = titanic.copy(), titanic_test.copy()
    path = outdir / "submission.csv"
    sub = tit.make_submission(Spy(), titanic, titanic_test, path)
    pd.testing.assert_frame_equal(titanic, train_before, obj="train_df (make_submission must not change it)")
    pd.testing.assert_frame_equal(titanic_test, test_before, obj="test_df (make_submission must not change it)")
    assert isinstance(sub, pd.DataFrame), f"make_submission returned {type(sub).__name__}, expected the DataFrame written"
    back = pd.read_csv(path)
    assert list(back.columns) == ["PassengerId", "Survived"], (
        f"the CSV's columns are {list(back.columns)}, expected exactly PassengerId,Survived (to_csv(index=False))")
    assert len(back) == 418, f"the CSV has {len(back)} rows, expected one per test passenger (418)"
    assert back["PassengerId"].tolist() == titanic_test["PassengerId"].tolist(), "PassengerId must be the test file's, in its order"
    assert pd.api.types.is_integer_dtype(back["Survived"]) and set(back["Survived"]) <= {0, 1}, (
        f"Survived must be the integers 0/1 (Kaggle rejects 0.0/1.0 or probabilities); got dtype {back['Survived'].dtype}")
    expected = (titanic_test["Sex"] == "female").astype(int).tolist()
    assert back["Survived"].tolist() == expected, "the CSV does not hold the pipeline's predictions for each test passenger in order"
    fits = [e for e in Spy.log if e["kind"] == "fit"]
    assert len(fits) == 1 and fits[0]["n"] == 891 and fits[0]["y_sum"] == 342, (
        f"fit once on all 891 training passengers with y = Survived; saw {[(e['n'], e['y_sum']) for e in fits]}")


@pytest.mark.task(4)
@pytest.mark.timeout(120)
def test_a_test_passengers_prediction_does_not_depend_on_the_other_test_passengers(tit, titanic, titanic_test, outdir, seed):
    changed = titanic_test.copy()
    others = changed.index >= 200
    changed.loc[others & changed["Age"].notna(), "Age"] = 75.0   # the test set's own age median moves a lot
    changed.loc[others, "Fare"] = changed.loc[others, "Fare"] * 20
    a = tit.make_submission(tit.build_pipeline(seed), titanic, titanic_test, outdir / "a.csv")
    b = tit.make_submission(tit.build_pipeline(seed), titanic, changed, outdir / "b.csv")
    first = slice(0, 200)
    diff = int((a["Survived"].iloc[first].to_numpy() != b["Survived"].iloc[first].to_numpy()).sum())
    assert diff == 0, (
        f"changing the ages and fares of test passengers 200-417 changed the predictions of {diff} of the first 200: "
        "something is learned from the test set itself (e.g. filling a missing Age with the test median); learn every "
        "statistic in fit, from the training rows")


@pytest.mark.task(4)
@pytest.mark.timeout(180)
def test_main_writes_the_submission_that_make_titanic_produces(tit, outdir, capsys):
    rc = tit.main(["--out", str(outdir)])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "CV accuracy" in printed, f"main() printed {printed!r}"
    sub = pd.read_csv(outdir / "submission.csv")
    assert list(sub.columns) == ["PassengerId", "Survived"] and len(sub) == 418
    assert 100 <= int(sub["Survived"].sum()) <= 220, (
        f"{int(sub['Survived'].sum())} of 418 predicted survivors; about 38 % survived, a sane model predicts 130-180")


# ---------------------------------------------------------------- Task 5 (stretch): soft voting

@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.timeout(300)
def test_build_voting_is_a_soft_vote_of_different_models_that_also_reaches_82(tit, titanic, seed):
    from sklearn.ensemble import VotingClassifier

    vote = tit.build_voting(seed)
    assert isinstance(vote, VotingClassifier) and vote.voting == "soft", (
        f"build_voting returned {type(vote).__name__} (voting={getattr(vote, 'voting', None)!r}), expected VotingClassifier(voting='soft')")
    finals = {type(est.steps[-1][1] if hasattr(est, "steps") else est).__name__ for _, est in vote.estimators}
    assert len(vote.estimators) >= 2 and len(finals) >= 2, f"vote over at least two different models, found {finals}"
    acc = tit.cv_accuracy(vote, titanic, n_splits=3, seed=seed)
    assert acc >= 0.82, f"3-fold CV accuracy of the soft vote {acc:.4f}, expected at least 0.82"
