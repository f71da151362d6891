"""Day 40 — Capstone: Telco churn end to end, every stage's artefact checked.

The pipeline runs from a clean temporary copy of the project: `write_project` lays it out in an
empty folder, git and DVC are initialised, your `fetch_data` brings the raw data, `dvc repro` runs
your stages for real, the project's own tests run there, and your API serves the model on a real
uvicorn server on 127.0.0.1 (katalib.serve).
"""
import contextlib
import json
import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from katalib import actionlint, datasets, kata
from katalib.randomstate import call_keeps_global_state

# DVC starts Python for every stage and the project's own tests start another: on an idle two-core
# machine the clean-copy run takes about 15 s; the timeout leaves room for a busy one.
pytestmark = [
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
    pytest.mark.timeout(480),
]

RAW_FILE = "telco_churn/Telco-Customer-Churn.csv"


@pytest.fixture(scope="module")
def capstone():
    return kata.load("day40", "capstone")


# ---------------------------------------------------------------- Task 1: data

@pytest.mark.task(1)
def test_fetch_data_copies_the_real_dataset(capstone, tmp_path):
    dest = tmp_path / "data" / "raw" / "telco.csv"
    got = capstone.fetch_data(dest)
    assert isinstance(got, Path), f"fetch_data returned {type(got).__name__}, expected a pathlib.Path"
    assert got == dest and dest.exists(), f"fetch_data({dest}) returned {got}; the file should be at dest"
    assert dest.read_bytes() == datasets.fetch(RAW_FILE).read_bytes(), (
        "the fetched file differs from the dataset layer's Telco CSV: copy it byte for byte (raw data is never edited)")


# ---------------------------------------------------------------- Task 2: prepare

@pytest.fixture(scope="module")
def prepared(capstone, tmp_path_factory):
    raw = datasets.fetch(RAW_FILE)
    out = tmp_path_factory.mktemp("prepared")
    paths = call_keeps_global_state(lambda: capstone.prepare(raw, out, test_size=0.3, seed=4),
                                    "prepare(raw, out, test_size=0.3, seed=4)")
    return paths, out


@pytest.mark.task(2)
def test_prepare_writes_clean_train_and_test_files(capstone, prepared):
    paths, out = prepared
    assert isinstance(paths, tuple) and [Path(p).name for p in paths] == ["train.csv", "test.csv"], (
        f"prepare returned {paths!r}, expected (out/train.csv, out/test.csv)")
    train_df, test_df = (pd.read_csv(p) for p in paths)
    expected = capstone.FEATURES + ["Churn"]
    for name, df in (("train.csv", train_df), ("test.csv", test_df)):
        assert list(df.columns) == expected, f"{name} columns {list(df.columns)}, expected {expected}"
        assert not df.isna().any().any(), f"{name} has missing values in {list(df.columns[df.isna().any()])}"
    both = pd.concat([train_df, test_df])
    assert len(both) == 7043 and len(test_df) in (2112, 2113), f"{len(train_df)} + {len(test_df)} rows; expected 7,043 split 70/30"
    assert int(both["Churn"].sum()) == 1869, f"{int(both['Churn'].sum())} churners; the data has 1,869 (Churn 'Yes' -> 1)"
    assert int(((both["tenure"] == 0) & (both["TotalCharges"] == 0)).sum()) == 11, (
        "the 11 new customers (tenure 0) have a blank TotalCharges: make it 0.0")
    rates = train_df["Churn"].mean(), test_df["Churn"].mean()
    assert abs(rates[0] - rates[1]) < 0.005, f"churn rates {rates[0]:.3f} (train) vs {rates[1]:.3f} (test): stratify"


@pytest.mark.task(2)
def test_prepare_is_seeded(capstone, prepared, tmp_path):
    (_, test_path), _ = prepared
    raw = datasets.fetch(RAW_FILE)
    again = capstone.prepare(raw, tmp_path / "a", test_size=0.3, seed=4)[1]
    other = capstone.prepare(raw, tmp_path / "b", test_size=0.3, seed=5)[1]
    assert pd.read_csv(again).equals(pd.read_csv(test_path)), "the same seed gave another test.csv"
    assert not pd.read_csv(other).equals(pd.read_csv(test_path)), "another seed gave the same test.csv"


# ---------------------------------------------------------------- Task 3: training

@pytest.fixture(scope="module")
def split(capstone, tmp_path_factory):
    """A processed folder made by the test, so train/evaluate are checked on their own."""
    from sklearn.model_selection import train_test_split

    df = datasets.load_telco_churn()
    df["TotalCharges"] = df["TotalCharges"].fillna(0.0)
    df["Churn"] = (df["Churn"] == "Yes").astype(int)
    data = df[capstone.FEATURES + ["Churn"]]
    tr, te = train_test_split(data, test_size=0.2, random_state=8, stratify=data["Churn"])
    folder = tmp_path_factory.mktemp("processed")
    tr.to_csv(folder / "train.csv", index=False)
    te.to_csv(folder / "test.csv", index=False)
    return folder, tr, te


@pytest.fixture(scope="module")
def trained(capstone, split, tmp_path_factory):
    folder, _, _ = split
    path = tmp_path_factory.mktemp("model") / "models" / "model.pkl"
    got = capstone.train(folder, path, C=0.5)
    return got, path


@pytest.mark.task(3)
def test_train_pickles_a_good_model(trained, split):
    from sklearn.metrics import roc_auc_score

    got, path = trained
    assert isinstance(got, Path) and got == path, f"train returned {got!r}, expected the model path {path}"
    model = pickle.loads(path.read_bytes())
    _, _, te = split
    auc = roc_auc_score(te["Churn"], model.predict_proba(te.drop(columns="Churn"))[:, 1])
    assert auc >= 0.80, f"the trained model's test ROC-AUC is {auc:.3f}; a logistic regression on one-hot features reaches about 0.84"


@pytest.mark.task(3)
def test_model_uses_C_and_survives_an_unseen_category(capstone, trained, split):
    _, path = trained
    model = pickle.loads(path.read_bytes())
    final = model[-1] if hasattr(model, "__getitem__") else model
    assert getattr(final, "C", None) == 0.5, f"train(C=0.5) fitted a model whose C is {getattr(final, 'C', None)}"
    _, _, te = split
    row = te.drop(columns="Churn").iloc[[0]].copy()
    row["Contract"] = "Ten year"
    try:
        proba = model.predict_proba(row)
    except ValueError as exc:
        pytest.fail(f"the model cannot score a customer with an unseen Contract ('Ten year'): {exc}; "
                    "OneHotEncoder(handle_unknown='ignore') lets the API answer new categories", pytrace=False)
    assert proba.shape == (1, 2), "predict_proba on one row should give shape (1, 2)"


# ---------------------------------------------------------------- Task 4: evaluation

@pytest.mark.task(4)
def test_evaluate_writes_the_measured_metrics_and_a_report(capstone, trained, split, tmp_path):
    from sklearn import metrics as skm

    folder, _, te = split
    _, model_path = trained
    metrics_path, report_path = tmp_path / "reports" / "metrics.json", tmp_path / "reports" / "evaluation.md"
    got = capstone.evaluate(folder, model_path, metrics_path, report_path)
    assert isinstance(got, dict), f"evaluate returned {type(got).__name__}, expected the metrics dict"
    model = pickle.loads(model_path.read_bytes())
    X, y = te.drop(columns="Churn"), te["Churn"].to_numpy()
    pred, proba = model.predict(X), model.predict_proba(X)[:, 1]
    expected = {"accuracy": skm.accuracy_score(y, pred), "roc_auc": skm.roc_auc_score(y, proba),
                "f1": skm.f1_score(y, pred), "n_test": len(te)}
    for key, value in expected.items():
        assert key in got, f"evaluate's metrics have no {key!r}: {got}"
        assert got[key] == pytest.approx(value, abs=1e-9), f"metrics[{key!r}] = {got[key]}, measured {value}"
    assert isinstance(got["n_test"], int), "n_test should be an int"
    assert json.loads(metrics_path.read_text(encoding="utf-8")) == got, "metrics.json should hold what evaluate returns"
    report = report_path.read_text(encoding="utf-8")
    assert report.lstrip().startswith("# "), "the evaluation report should start with a Markdown title"
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", report)]
    for key in ("accuracy", "roc_auc", "f1"):
        assert any(abs(x - expected[key]) < 0.0006 for x in numbers), f"the report does not state {key} = {expected[key]:.4f}"
    tn, fp, fn, tp = skm.confusion_matrix(y, pred, labels=[0, 1]).ravel()
    for count in (tn, fp, fn, tp):
        assert float(count) in numbers, f"the report's confusion matrix should show the count {count}"


# ---------------------------------------------------------------- Task 5: the pipeline from a clean copy

def _clean_env():
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "DVC_NO_ANALYTICS": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    for key in ("KATAS_TARGET", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "PYTEST_XDIST_WORKER"):
        env.pop(key, None)
    return env


def _repro(root):
    from dvc.repo import Repo

    with contextlib.chdir(root), Repo(str(root)) as repo:
        return [s.addressing for s in repo.reproduce() if not s.addressing.endswith(".dvc")]


class Project(dict):
    def need(self, key):
        if key not in self:
            pytest.fail(f"the clean-copy run stopped before this step: {self.get('error', 'unknown error')}", pytrace=False)
        return self[key]


@pytest.fixture(scope="module")
def project(capstone, tmp_path_factory):
    rec = Project()
    root = tmp_path_factory.mktemp("day40") / "churn-project"
    root.mkdir()
    rec["root"] = root
    step = "write_project(root) (it calls your pipeline_definition and workflow_yaml)"
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PATH", _clean_env()["PATH"])
            mp.setenv("DVC_NO_ANALYTICS", "1")
            capstone.write_project(root)
            step = "git init + dvc init"
            subprocess.run(["git", "init", "-q"], cwd=root, check=True)
            from dvc.repo import Repo

            Repo.init(str(root)).close()
            step = "fetch_data(root / RAW)"
            capstone.fetch_data(root / capstone.RAW)
            step = "dvc add of the raw data"
            with contextlib.chdir(root), Repo(str(root)) as repo:
                repo.add(capstone.RAW)
            step = "the first dvc repro"
            rec["first"] = _repro(root)
            step = "the second dvc repro"
            rec["second"] = _repro(root)
            rec["metrics"] = json.loads((root / capstone.METRICS).read_text(encoding="utf-8"))
        step = "the project's own tests (pytest tests)"
        proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                              cwd=root, env=_clean_env(), capture_output=True, text=True, timeout=180)
        rec["own_tests"] = (proc.returncode, (proc.stdout + proc.stderr)[-1500:])
    except Exception as exc:  # noqa: BLE001 - recorded for the tests that need the step
        rec["error"] = f"{step} raised {type(exc).__name__}: {exc}"
    return rec


@pytest.mark.task(5)
def test_pipeline_runs_its_three_stages_from_a_clean_copy(capstone, project):
    ran = project.need("first")
    assert ran == ["prepare", "train", "evaluate"], f"`dvc repro` in a fresh copy ran {ran}, expected prepare, train, evaluate"
    root = project["root"]
    for rel in (f"{capstone.PROCESSED}/train.csv", f"{capstone.PROCESSED}/test.csv", capstone.MODEL,
                capstone.METRICS, capstone.REPORT, "dvc.lock", f"{capstone.RAW}.dvc"):
        assert (root / rel).exists(), f"after `dvc repro` the project has no {rel}"
    assert project["metrics"]["roc_auc"] >= 0.80, f"the pipeline's metrics: {project['metrics']}"


@pytest.mark.task(5)
def test_pipeline_is_up_to_date_after_one_run(project):
    ran = project.need("second")
    assert ran == [], f"a second `dvc repro` re-ran {ran}: declare every file a stage reads as a dep and every file it writes as an out"


@pytest.mark.task(5)
def test_the_projects_own_tests_pass_in_the_copy(project):
    code, tail = project.need("own_tests")
    assert code == 0, f"`pytest tests` in the fresh project failed (exit {code}):\n{tail}"


@pytest.mark.task(5)
def test_lock_file_tracks_every_stage_input(capstone, project):
    import yaml

    project.need("first")
    lock = yaml.safe_load((project["root"] / "dvc.lock").read_text(encoding="utf-8"))["stages"]
    deps = {name: {d["path"] for d in stage.get("deps", [])} for name, stage in lock.items()}
    assert capstone.RAW in deps.get("prepare", set()), f"prepare's deps {deps.get('prepare')} lack the raw data"
    assert capstone.MODEL in deps.get("evaluate", set()), f"evaluate's deps {deps.get('evaluate')} lack the model"
    for name in ("prepare", "train", "evaluate"):
        assert "src/capstone.py" in deps.get(name, set()), f"{name} does not depend on src/capstone.py"
    assert "train.C" in (lock["train"].get("params") or {}).get("params.yaml", {}), "train should declare the param train.C"


# ---------------------------------------------------------------- Task 6: the API on a real server

@pytest.fixture(scope="module")
def served(capstone, project):
    from katalib.serve import uvicorn_server

    root = project["root"]
    project.need("first")
    import httpx

    app = capstone.create_app(root / capstone.MODEL)
    with uvicorn_server(app) as url, httpx.Client(base_url=url, timeout=20) as client:
        yield client, root


@pytest.mark.task(6)
def test_health_answers_ok(served):
    client, _ = served
    reply = client.get("/health")
    assert reply.status_code == 200 and reply.json() == {"status": "ok"}, f"GET /health -> {reply.status_code} {reply.text[:200]}"


@pytest.mark.task(6)
def test_predict_returns_the_models_probability(capstone, served):
    client, root = served
    model = pickle.loads((root / capstone.MODEL).read_bytes())
    rows = pd.read_csv(root / capstone.PROCESSED / "test.csv").iloc[[0, 5, 17, 60, 333]]
    expected = model.predict_proba(rows[capstone.FEATURES])[:, 1]
    for (_, row), p in zip(rows.iterrows(), expected):
        body = json.loads(row[capstone.FEATURES].to_json())
        reply = client.post("/predict", json=body)
        assert reply.status_code == 200, f"POST /predict with a real customer -> {reply.status_code} {reply.text[:300]}"
        out = reply.json()
        assert isinstance(out.get("churn_probability"), float) and isinstance(out.get("churn"), bool), (
            f"/predict replied {out}; expected {{'churn_probability': float, 'churn': bool}}")
        assert out["churn_probability"] == pytest.approx(p, abs=1e-9), f"/predict said {out['churn_probability']}, the model says {p}"
        assert out["churn"] == (p >= 0.5), f"churn should be probability >= 0.5; got {out}"


@pytest.mark.task(6)
@pytest.mark.parametrize("change", [
    pytest.param({"drop": "Contract"}, id="missing-field"),
    pytest.param({"set": ("tenure", "a long time")}, id="tenure-not-a-number"),
    pytest.param({"set": ("MonthlyCharges", None)}, id="charges-null"),
])
def test_predict_rejects_bad_input_with_422(capstone, served, change):
    client, root = served
    body = json.loads(pd.read_csv(root / capstone.PROCESSED / "test.csv").iloc[0][capstone.FEATURES].to_json())
    if "drop" in change:
        body.pop(change["drop"])
    else:
        body[change["set"][0]] = change["set"][1]
    reply = client.post("/predict", json=body)
    assert reply.status_code == 422, (
        f"POST /predict with bad input ({change}) -> {reply.status_code}, expected 422: declare the body as a pydantic model "
        "with typed fields, so FastAPI rejects it before your code runs")


# ---------------------------------------------------------------- Task 7: CI

@pytest.mark.task(7)
def test_workflow_is_valid_and_reproduces_then_tests(capstone, tmp_path):
    import yaml

    text = capstone.workflow_yaml()
    assert isinstance(text, str), f"workflow_yaml() returned {type(text).__name__}, expected YAML text"
    path = tmp_path / ".github" / "workflows" / "ci.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    problems = actionlint.schema_problems(path)
    assert not problems, f"the workflow does not validate against GitHub's workflow schema:\n{problems}"
    findings = actionlint.lint(path)
    assert findings == [], "actionlint finds problems:\n" + "\n".join(f"  line {f['line']}: {f['message']}" for f in findings)
    doc = yaml.safe_load(text)
    on = doc.get("on", doc.get(True))
    triggers = {on} if isinstance(on, str) else set(on or [])
    assert "push" in triggers, f"the workflow runs on {triggers}; it should run on push"
    steps = [s for job in doc["jobs"].values() for s in job.get("steps", [])]
    runs = [str(s.get("run", "")) for s in steps]
    uses = [str(s.get("uses", "")) for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses) and any(u.startswith("actions/setup-python@") for u in uses), (
        f"the steps use {uses}; check out the code and set up Python first")
    repro = next((i for i, r in enumerate(runs) if re.search(r"\bdvc repro\b", r)), None)
    tests = next((i for i, r in enumerate(runs) if re.search(r"\bpytest\b", r) and "tests" in r), None)
    assert repro is not None and tests is not None and repro < tests, (
        f"the run steps are {runs}: reproduce the pipeline (`dvc repro`) and then run `pytest tests`")


# ---------------------------------------------------------------- Task 8: the blog post

@pytest.mark.task(8)
def test_blog_post_tells_the_story_with_the_real_numbers(capstone, project, outdir):
    metrics = project.need("metrics")
    path = capstone.blog_post(metrics, outdir / "blog_post.md")
    assert isinstance(path, Path) and path.exists(), f"blog_post returned {path!r}; it should write the file and return its Path"
    text = path.read_text(encoding="utf-8")
    assert text.lstrip().startswith("# "), "a blog post starts with its title ('# ...')"
    for heading in ("The data", "The pipeline", "Results", "What I would do next"):
        assert re.search(rf"^##\s+{heading}", text, flags=re.MULTILINE), f"the post has no '## {heading}' section"
    numbers = [float(x) for x in re.findall(r"\d+\.\d+|\d+", text.replace(",", ""))]
    for key in ("accuracy", "roc_auc", "f1"):
        assert any(abs(x - metrics[key]) < 0.0006 for x in numbers), (
            f"the post does not state the pipeline's {key} ({metrics[key]:.3f}, three decimals)")
    assert float(metrics["n_test"]) in numbers, f"the post should say how many test customers ({metrics['n_test']})"
    assert len(text.split()) >= 120, f"{len(text.split())} words: a draft post tells the reader what was built and why"


@pytest.mark.task(8)
def test_blog_post_numbers_follow_the_metrics(capstone, tmp_path):
    made_up = {"accuracy": 0.7531, "roc_auc": 0.8219, "f1": 0.5874, "n_test": 1409}
    text = capstone.blog_post(made_up, tmp_path / "post.md").read_text(encoding="utf-8")
    for key in ("accuracy", "roc_auc", "f1"):
        assert f"{made_up[key]:.3f}" in text or str(made_up[key]) in text, (
            f"blog_post(metrics) does not state metrics[{key!r}] = {made_up[key]}: write the numbers it is given")


# ---------------------------------------------------------------- Task 9 (stretch): a model card endpoint

@pytest.mark.task(9)
@pytest.mark.stretch
def test_model_info_reports_features_and_metrics(capstone, served, project):
    client, _ = served
    reply = client.get("/model-info")
    assert reply.status_code == 200, f"GET /model-info -> {reply.status_code}"
    out = reply.json()
    assert out.get("features") == capstone.FEATURES, f"features {out.get('features')}, expected FEATURES"
    assert out.get("metrics") == pytest.approx(project["metrics"]), f"metrics {out.get('metrics')}, expected {project['metrics']}"
