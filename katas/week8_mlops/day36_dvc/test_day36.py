"""Day 36 — Versioning with DVC: dvc add, a raw -> processed -> train pipeline, repro, metrics.

Everything runs for real: a temporary git repository, `dvc init`, your `dvc add`, `dvc repro` and
`dvc metrics show`, offline. The pipeline scenario runs once per module and the tests read its
record, so each DVC call is paid once.
"""
import contextlib
import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from katalib import datasets, kata
from katalib.randomstate import call_keeps_global_state

FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]
# Every DVC command starts a process and DVC's stages start Python: generous timeouts on a busy machine.
pytestmark = [pytest.mark.filterwarnings("ignore::DeprecationWarning:dvc.*"), pytest.mark.timeout(240)]

GIT_ID = {"GIT_AUTHOR_NAME": "Kata Learner", "GIT_AUTHOR_EMAIL": "learner@example.com",
          "GIT_COMMITTER_NAME": "Kata Learner", "GIT_COMMITTER_EMAIL": "learner@example.com"}


@pytest.fixture(scope="module")
def pipeline():
    return kata.load("day36", "pipeline")


@pytest.fixture(scope="module")
def dvc_env():
    """PATH with this interpreter's folder first (so `dvc` and `python` are the project's), no analytics."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        mp.setenv("DVC_NO_ANALYTICS", "1")
        for key, value in GIT_ID.items():
            mp.setenv(key, value)
        yield


def _run(args, cwd):
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    assert proc.returncode == 0, f"internal: {' '.join(args)} failed in the test's repository:\n{proc.stdout}{proc.stderr}"
    return proc.stdout


def _new_repo(path: Path) -> Path:
    path.mkdir(parents=True)
    _run(["git", "init", "-q"], path)
    from dvc.repo import Repo

    Repo.init(str(path)).close()  # `dvc init`, through DVC's Python API (no second process start)
    return path


def _repro(repo: Path) -> list[str]:
    """`dvc repro` in repo (DVC's own Python API, in this process): the names of the stages that ran."""
    from dvc.repo import Repo

    with contextlib.chdir(repo), Repo(str(repo)) as dvc_repo:
        stages = dvc_repo.reproduce()
    return [s.addressing for s in stages if not s.addressing.endswith(".dvc")]


class Scenario(dict):
    """The record of the pipeline scenario; a step that failed fails the tests that need it."""

    def need(self, key):
        if key not in self:
            pytest.fail(f"the DVC scenario stopped before this step: {self.get('error', 'unknown error')}", pytrace=False)
        return self[key]


@pytest.fixture(scope="module")
def scenario(pipeline, dvc_env, tmp_path_factory):
    rec = Scenario()
    repo = _new_repo(tmp_path_factory.mktemp("day36") / "project")
    rec["repo"] = repo
    raw = repo / "data" / "raw" / "titanic.csv"
    raw.parent.mkdir(parents=True)
    shutil.copyfile(datasets.fetch("titanic/train.csv"), raw)
    step = "track_raw(repo)"
    try:
        rec["raw_md5_at_add"] = hashlib.md5(raw.read_bytes()).hexdigest()
        rec["dvc_file"] = pipeline.track_raw(repo)
        dvc_file = repo / "data" / "raw" / "titanic.csv.dvc"
        rec["dvc_text"] = dvc_file.read_text(encoding="utf-8") if dvc_file.exists() else None
        step = "write_project(repo) (it calls your pipeline_definition())"
        pipeline.write_project(repo)
        step = "the first dvc repro"
        rec["first"] = _repro(repo)
        rec["first_metrics"] = json.loads((repo / "metrics.json").read_text(encoding="utf-8"))
        step = "the second dvc repro"
        rec["second"] = _repro(repo)
        _run(["git", "add", "-A"], repo)
        _run(["git", "commit", "-q", "-m", "pipeline"], repo)
        step = "dvc repro after changing the raw data"
        frame = pd.read_csv(raw)
        frame.iloc[: len(frame) - 120].to_csv(raw, index=False)  # 120 passengers fewer
        rec["after_raw_change"] = _repro(repo)
        rec["raw_metrics"] = json.loads((repo / "metrics.json").read_text(encoding="utf-8"))
        _run(["git", "add", "-A"], repo)
        _run(["git", "commit", "-q", "-m", "fewer passengers"], repo)
        step = "dvc repro after changing train.C in params.yaml"
        params = (repo / "params.yaml").read_text(encoding="utf-8")
        import yaml

        values = yaml.safe_load(params)
        values["train"]["C"] = 0.005
        (repo / "params.yaml").write_text(yaml.safe_dump(values, sort_keys=False), encoding="utf-8")
        rec["after_param_change"] = _repro(repo)
        rec["param_metrics"] = json.loads((repo / "metrics.json").read_text(encoding="utf-8"))
        rec["lock"] = yaml.safe_load((repo / "dvc.lock").read_text(encoding="utf-8"))
    except Exception as exc:  # noqa: BLE001 - recorded for the tests that need the failed step
        rec["error"] = f"{step} raised {type(exc).__name__}: {exc}"
    return rec


# ---------------------------------------------------------------- Task 1: dvc add

@pytest.mark.task(1)
def test_track_raw_returns_the_path_of_the_dvc_file(scenario):
    got = scenario.need("dvc_file")
    assert isinstance(got, Path), f"track_raw(repo) returned {type(got).__name__}, expected a pathlib.Path"
    expected = scenario["repo"] / "data" / "raw" / "titanic.csv.dvc"
    assert got.resolve() == expected.resolve(), f"track_raw(repo) returned {got}, expected {expected}"


@pytest.mark.task(1)
def test_dvc_file_records_the_md5_of_the_raw_data(scenario):
    scenario.need("dvc_file")
    import yaml

    text = scenario["dvc_text"]
    assert text is not None, "after track_raw(repo) there is no data/raw/titanic.csv.dvc: run `dvc add data/raw/titanic.csv` in the repo"
    outs = yaml.safe_load(text).get("outs") or [{}]
    assert outs[0].get("path") == "titanic.csv", f"the .dvc file should track titanic.csv, it has {outs}"
    assert outs[0].get("md5") == scenario["raw_md5_at_add"], (
        f"the .dvc file says md5 {outs[0].get('md5')}, the raw file's md5 is {scenario['raw_md5_at_add']}")


@pytest.mark.task(1)
def test_raw_data_is_kept_out_of_git(scenario):
    scenario.need("dvc_file")
    ignore = scenario["repo"] / "data" / "raw" / ".gitignore"
    assert ignore.exists() and "/titanic.csv" in ignore.read_text(encoding="utf-8").split(), (
        "data/raw/.gitignore should list /titanic.csv (dvc add writes it): git versions the small .dvc file, "
        "DVC the data")


# ---------------------------------------------------------------- Task 2: prepare

@pytest.fixture(scope="module")
def raw_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("raw") / "titanic.csv"
    shutil.copyfile(datasets.fetch("titanic/train.csv"), path)
    return path


@pytest.fixture(scope="module")
def prepared(pipeline, raw_csv, tmp_path_factory):
    before = raw_csv.read_bytes()
    out = tmp_path_factory.mktemp("prepared")
    result = call_keeps_global_state(lambda: pipeline.prepare(raw_csv, out, test_size=0.3, seed=7),
                                     "prepare(raw, out, test_size=0.3, seed=7)")
    return {"result": result, "out": out, "raw_unchanged": raw_csv.read_bytes() == before}


@pytest.mark.task(2)
def test_prepare_returns_the_two_paths(prepared):
    result = prepared["result"]
    assert isinstance(result, tuple) and len(result) == 2, f"prepare() returned {result!r}, expected (train_path, test_path)"
    assert all(isinstance(p, Path) for p in result), f"prepare() should return pathlib.Path objects, got {[type(p).__name__ for p in result]}"
    assert [p.name for p in result] == ["train.csv", "test.csv"] and all(p.parent == prepared["out"] for p in result), (
        f"prepare() returned {result}, expected out_dir/train.csv and out_dir/test.csv")


@pytest.mark.task(2)
def test_prepare_writes_model_ready_columns(prepared):
    train_path, test_path = prepared["result"]
    for path in (train_path, test_path):
        df = pd.read_csv(path)
        assert list(df.columns) == FEATURES + ["Survived"], f"{path.name} has columns {list(df.columns)}, expected {FEATURES + ['Survived']}"
        assert not df.isna().any().any(), f"{path.name} still has missing values in {list(df.columns[df.isna().any()])}"
        assert set(df["Sex"].unique()) <= {0, 1}, f"Sex in {path.name} should be 1 (female) / 0 (male), got {sorted(df['Sex'].unique())}"
    both = pd.concat([pd.read_csv(train_path), pd.read_csv(test_path)])
    assert int(both["Sex"].sum()) == 314, f"{int(both['Sex'].sum())} rows have Sex == 1; Titanic has 314 women: female -> 1, male -> 0"


@pytest.mark.task(2)
def test_prepare_splits_by_test_size_with_stratification(prepared):
    train_df, test_df = (pd.read_csv(p) for p in prepared["result"])
    assert len(train_df) + len(test_df) == 891, f"train + test = {len(train_df) + len(test_df)} rows, expected all 891"
    assert len(test_df) in (267, 268), f"test_size=0.3 of 891 rows gives 268 test rows, got {len(test_df)}"
    rates = train_df["Survived"].mean(), test_df["Survived"].mean()
    assert abs(rates[0] - rates[1]) < 0.005, (
        f"survival rates differ between train ({rates[0]:.3f}) and test ({rates[1]:.3f}): stratify on Survived")


@pytest.mark.task(2)
def test_prepare_fills_missing_ages_with_the_training_median(prepared, raw_csv):
    train_df, test_df = (pd.read_csv(p) for p in prepared["result"])
    fill = float(test_df["Age"].mode().iloc[0])  # 177 raw ages are missing: the fill value is the commonest age
    raw_ages = pd.read_csv(raw_csv)["Age"].dropna().to_numpy()
    ages = train_df["Age"].to_numpy()
    real_copies = int(np.sum(raw_ages == fill))  # passengers whose real age is the fill value
    # Take the filled copies out of the training ages again (how many were real is unknown, at most
    # real_copies): for a median fill, the median of what remains is the fill value for one of those counts.
    medians = [np.median(np.concatenate([ages[ages != fill], np.full(j, fill)]))
               for j in range(min(real_copies, int(np.sum(ages == fill))) + 1)]
    assert any(m == pytest.approx(fill) for m in medians), (
        f"the missing ages were filled with {fill}, but the median of the training rows' real ages is "
        f"{medians[-1]}: fill with the median (not the mean) of the training part")


@pytest.mark.task(2)
def test_prepare_is_seeded_and_leaves_the_raw_file_alone(pipeline, prepared, raw_csv, tmp_path):
    assert prepared["raw_unchanged"], "prepare() modified the raw CSV: DVC's raw data must never change in place"
    again = pipeline.prepare(raw_csv, tmp_path / "a", test_size=0.3, seed=7)
    other = pipeline.prepare(raw_csv, tmp_path / "b", test_size=0.3, seed=8)
    first = pd.read_csv(prepared["result"][1])
    assert pd.read_csv(again[1]).equals(first), "prepare() with the same seed wrote a different test.csv: pass random_state=seed"
    assert not pd.read_csv(other[1]).equals(first), "prepare() with another seed wrote the same test.csv: use the seed"


# ---------------------------------------------------------------- Task 3: train

@pytest.fixture(scope="module")
def processed(tmp_path_factory):
    """train.csv / test.csv made by the test (not by your prepare), so train() is checked on its own."""
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(datasets.fetch("titanic/train.csv"))
    data = df[FEATURES + ["Survived"]].copy()
    data["Sex"] = (data["Sex"] == "female").astype(int)
    data = data.fillna({"Age": 30.0})
    tr, te = train_test_split(data, test_size=0.2, random_state=3, stratify=data["Survived"])
    folder = tmp_path_factory.mktemp("processed")
    tr.to_csv(folder / "train.csv", index=False)
    te.to_csv(folder / "test.csv", index=False)
    return folder, tr, te


def _expected_accuracy(tr, te, C, max_iter):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=C, max_iter=max_iter).fit(tr[FEATURES], tr["Survived"])
    return float(np.mean(model.predict(te[FEATURES]) == te["Survived"]))


@pytest.mark.task(3)
@pytest.mark.parametrize("C", [pytest.param(1.0, id="C=1"), pytest.param(0.002, id="C=0.002")])
def test_train_writes_the_test_accuracy_of_the_logistic_regression(pipeline, processed, tmp_path, C):
    folder, tr, te = processed
    got = pipeline.train(folder, tmp_path / "model.pkl", tmp_path / "metrics.json", C=C, max_iter=2000)
    assert isinstance(got, dict), f"train() returned {type(got).__name__}, expected the metrics dict"
    assert isinstance(got.get("accuracy"), float), f"metrics['accuracy'] should be a float, got {got.get('accuracy')!r}"
    assert isinstance(got.get("n_test"), int), f"metrics['n_test'] should be an int, got {got.get('n_test')!r}"
    expected = _expected_accuracy(tr, te, C, 2000)
    assert got["accuracy"] == pytest.approx(expected, abs=1e-9), (
        f"train(C={C}) reported accuracy {got['accuracy']:.4f}; LogisticRegression(C={C}, max_iter=2000) on "
        f"train.csv scores {expected:.4f} on test.csv: fit on train.csv, score on test.csv, pass C on")
    assert got["n_test"] == len(te), f"n_test is {got['n_test']}, test.csv has {len(te)} rows"
    written = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
    assert written == got, f"metrics.json holds {written}, train() returned {got}: write what you return"


@pytest.mark.task(3)
def test_train_saves_a_model_that_predicts(pipeline, processed, tmp_path):
    folder, tr, te = processed
    pipeline.train(folder, tmp_path / "model.pkl", tmp_path / "metrics.json", C=1.0, max_iter=2000)
    model = pickle.loads((tmp_path / "model.pkl").read_bytes())
    pred = np.asarray(model.predict(te[FEATURES]))
    assert pred.shape == (len(te),), f"the pickled model's predict gave shape {pred.shape}, expected ({len(te)},)"
    assert np.mean(pred == te["Survived"]) >= 0.75, "the saved model scores below 0.75 on test.csv: is it the fitted one?"


# ---------------------------------------------------------------- Task 4: the pipeline, reproduced

@pytest.mark.task(4)
def test_pipeline_definition_is_a_dict_with_two_stages(pipeline):
    spec = pipeline.pipeline_definition()
    assert isinstance(spec, dict), f"pipeline_definition() returned {type(spec).__name__}, expected a dict (dvc.yaml's content)"
    stages = spec.get("stages")
    assert isinstance(stages, dict) and list(stages) == ["prepare", "train"], (
        f"dvc.yaml should have stages prepare and train (in that order), got {list(stages or {})}")


@pytest.mark.task(4)
def test_first_repro_runs_prepare_then_train(scenario):
    ran = scenario.need("first")
    assert ran == ["prepare", "train"], f"the first `dvc repro` ran {ran}, expected ['prepare', 'train']"
    repo = scenario["repo"]
    for rel in ("data/processed/train.csv", "data/processed/test.csv", "model.pkl", "metrics.json"):
        assert (repo / rel).exists(), f"after `dvc repro` there is no {rel}"
    assert scenario["first_metrics"]["accuracy"] >= 0.75, f"the pipeline's test accuracy is {scenario['first_metrics']}"


@pytest.mark.task(4)
def test_second_repro_does_nothing(scenario):
    ran = scenario.need("second")
    assert ran == [], (f"a second `dvc repro` with nothing changed re-ran {ran}: every file a stage writes must be "
                       "one of its outs (or metrics), every file it reads one of its deps")


@pytest.mark.task(4)
def test_changing_the_raw_data_reruns_both_stages(scenario):
    ran = scenario.need("after_raw_change")
    assert ran == ["prepare", "train"], (
        f"after the raw data changed, `dvc repro` ran {ran}, expected ['prepare', 'train']: prepare depends on "
        "the raw file, train on prepare's output folder")
    assert scenario["raw_metrics"]["n_test"] < scenario["first_metrics"]["n_test"], (
        "with 120 passengers fewer, the test set did not shrink: does prepare read data/raw/titanic.csv?")


@pytest.mark.task(4)
def test_changing_a_train_param_reruns_only_train(scenario):
    ran = scenario.need("after_param_change")
    assert ran == ["train"], (
        f"after train.C changed in params.yaml, `dvc repro` ran {ran}, expected ['train'] only: list train.C "
        "under the train stage's params, and only there")


@pytest.mark.task(4)
def test_lock_file_records_params_and_the_script(scenario):
    lock = scenario.need("lock")["stages"]
    expected = {"prepare": {"prepare.test_size", "prepare.seed"}, "train": {"train.C", "train.max_iter"}}
    for stage, names in expected.items():
        recorded = set((lock.get(stage, {}).get("params") or {}).get("params.yaml", {}))
        assert recorded == names, f"dvc.lock records params {sorted(recorded)} for {stage}, expected {sorted(names)}"
        deps = {d["path"] for d in lock[stage].get("deps", [])}
        assert "src/pipeline.py" in deps, (
            f"the {stage} stage does not depend on src/pipeline.py (deps: {sorted(deps)}): a code change must re-run it")
    assert lock["train"]["params"]["params.yaml"]["train.C"] == 0.005


# ---------------------------------------------------------------- Task 5: dvc metrics show

@pytest.mark.task(5)
def test_read_metrics_shows_the_pipelines_metrics(pipeline, scenario):
    expected = scenario.need("param_metrics")
    got = pipeline.read_metrics(scenario["repo"])
    assert isinstance(got, dict), f"read_metrics(repo) returned {type(got).__name__}, expected a dict"
    assert set(got) == {"metrics.json"}, f"read_metrics(repo) returned the files {sorted(got)}, expected ['metrics.json']"
    assert got["metrics.json"] == pytest.approx(expected), f"read_metrics(repo) gave {got}, metrics.json holds {expected}"


@pytest.mark.task(5)
def test_read_metrics_finds_metrics_wherever_dvc_yaml_declares_them(pipeline, dvc_env, tmp_path):
    repo = _new_repo(tmp_path / "other")
    (repo / "reports").mkdir()
    (repo / "reports" / "score.json").write_text('{"auc": 0.875, "rows": 40}\n', encoding="utf-8")
    (repo / "dvc.yaml").write_text(
        "stages:\n  evaluate:\n    cmd: echo evaluated\n    metrics:\n    - reports/score.json:\n        cache: false\n",
        encoding="utf-8")
    got = pipeline.read_metrics(repo)
    assert got == {"reports/score.json": {"auc": 0.875, "rows": 40}}, (
        f"in a repository whose dvc.yaml declares reports/score.json as metrics, read_metrics gave {got}: "
        "ask DVC (`dvc metrics show --json`) rather than opening metrics.json yourself")


# ---------------------------------------------------------------- Task 6 (stretch): dvc metrics diff

@pytest.mark.task(6)
@pytest.mark.stretch
def test_metrics_change_compares_the_workspace_with_the_last_commit(pipeline, scenario):
    new = scenario.need("param_metrics")
    old = scenario["raw_metrics"]
    got = pipeline.metrics_change(scenario["repo"])
    assert isinstance(got, dict), f"metrics_change(repo) returned {type(got).__name__}, expected a dict"
    assert "accuracy" in got, f"metrics_change(repo) gave {got}; the accuracy changed from {old['accuracy']} to {new['accuracy']}"
    assert got["accuracy"]["old"] == pytest.approx(old["accuracy"]) and got["accuracy"]["new"] == pytest.approx(new["accuracy"]), (
        f"metrics_change(repo)['accuracy'] is {got['accuracy']}, expected old={old['accuracy']}, new={new['accuracy']}")
    assert "n_test" not in got, f"n_test did not change, yet metrics_change lists it: {got}"
