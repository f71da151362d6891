# day40 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 40 — Capstone: Telco churn end to end. Data -> DVC pipeline -> model -> evaluation ->
API -> CI -> blog post.

This one file is the project's code. `write_project(root)` (provided) lays the project out:
`src/capstone.py` (this file), `params.yaml`, `dvc.yaml` (from `pipeline_definition()`),
`tests/test_project.py` (the project's own tests, provided), `.github/workflows/ci.yml` (from
`workflow_yaml()`), `requirements.txt` and `pytest.ini`. `main()` (provided, `make capstone`) runs every stage for
real and writes the artefacts under one folder.
"""

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pandas as pd

RAW = "data/raw/telco.csv"
PROCESSED = "data/processed"
MODEL = "models/model.pkl"
METRICS = "reports/metrics.json"
REPORT = "reports/evaluation.md"
TARGET = "Churn"
NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]
CATEGORICAL = ["gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService",
               "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
               "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod"]
FEATURES = NUMERIC + CATEGORICAL
PARAMS = {"prepare": {"test_size": 0.25, "seed": 0}, "train": {"C": 1.0}}


# ---------------------------------------------------------------- Task 1: data

def fetch_data(dest: str | Path) -> Path:
    """Copy the raw IBM Telco churn CSV from the dataset layer (katalib.datasets, checksummed) to dest.

    Returns the destination Path; the bytes are the dataset's own, untouched.
    """
    raise NotImplementedError('day40 task 1: implement fetch_data() in katas/week8_mlops/day40_capstone/capstone.py — katalib.datasets.fetch("telco_churn/Telco-Customer-Churn.csv") gives the cached file\'s path (README Task 1; `make hint DAY=40`)')


def prepare(raw_csv: str | Path, out_dir: str | Path, test_size: float, seed: int) -> tuple[Path, Path]:
    """Raw rows -> train.csv and test.csv in out_dir (returned in that order).

    Columns FEATURES + [TARGET]; TotalCharges numeric (the blank ones, customers with tenure 0,
    become 0.0); Churn as 1 (Yes) / 0 (No); customerID dropped. Stratified split on Churn,
    `random_state=seed`.
    """
    raise NotImplementedError('day40 task 2: implement prepare() in katas/week8_mlops/day40_capstone/capstone.py — to_numeric(errors="coerce").fillna(0), map Churn, stratified train_test_split, to_csv (README Task 2; `make hint DAY=40`)')


# ---------------------------------------------------------------- Task 3: training

def build_model(C: float):
    """The scikit-learn Pipeline: one-hot CATEGORICAL (handle_unknown="ignore"), scale NUMERIC,
    LogisticRegression(C=C, max_iter=1000). It takes a frame with the FEATURES columns."""
    raise NotImplementedError('day40 task 3: implement build_model() in katas/week8_mlops/day40_capstone/capstone.py — ColumnTransformer([("cat", OneHotEncoder(...), CATEGORICAL), ("num", StandardScaler(), NUMERIC)]) -> LogisticRegression (README Task 3; `make hint DAY=40`)')


def train(processed_dir: str | Path, model_path: str | Path, C: float) -> Path:
    """Fit build_model(C) on train.csv and pickle it to model_path (folders created). Returns model_path."""
    raise NotImplementedError('day40 task 3: implement train() in katas/week8_mlops/day40_capstone/capstone.py — read train.csv, fit on FEATURES / TARGET, pickle.dumps into model_path (README Task 3; `make hint DAY=40`)')


# ---------------------------------------------------------------- Task 4: evaluation

def evaluate(processed_dir: str | Path, model_path: str | Path, metrics_path: str | Path,
             report_path: str | Path) -> dict:
    """Score the pickled model on test.csv.

    Writes metrics_path (JSON): {"accuracy", "roc_auc", "f1" (floats, churn = 1 is positive),
    "n_test" (int)} and report_path: a Markdown evaluation report (a `# ` title, the four numbers,
    the confusion matrix as a Markdown table). Returns the metrics dict.
    """
    raise NotImplementedError('day40 task 4: implement evaluate() in katas/week8_mlops/day40_capstone/capstone.py — predict and predict_proba on test.csv; sklearn.metrics; json.dumps; an f-string report (README Task 4; `make hint DAY=40`)')


# ---------------------------------------------------------------- Task 5: the DVC pipeline

def pipeline_definition() -> dict:
    """dvc.yaml as a dict: stages prepare -> train -> evaluate, each run as `python src/capstone.py <stage>`.

    prepare:  deps RAW and src/capstone.py; params prepare.test_size, prepare.seed; outs PROCESSED.
    train:    deps PROCESSED and src/capstone.py; params train.C; outs MODEL.
    evaluate: deps PROCESSED, MODEL and src/capstone.py; metrics METRICS (cache: false);
              outs REPORT (cache: false).
    """
    raise NotImplementedError("day40 task 5: implement pipeline_definition() in katas/week8_mlops/day40_capstone/capstone.py — three stages, like day 36's two (README Task 5; `make hint DAY=40`)")


# ---------------------------------------------------------------- Task 6: the API

def create_app(model_path: str | Path):
    """A FastAPI app serving the pickled model.

    GET  /health  -> {"status": "ok"}
    POST /predict -> body: one customer, a JSON object with the FEATURES fields (SeniorCitizen and
                     tenure ints, MonthlyCharges and TotalCharges floats, the CATEGORICAL fields
                     strings); reply {"churn_probability": float in [0, 1], "churn": bool
                     (probability >= 0.5)}. A missing field or a wrong type gets 422.
    Stretch (Task 9): GET /model-info -> {"features": FEATURES, "metrics": the metrics.json next
                     to the model's reports (METRICS relative to the project root), or null}.
    The model is loaded once, when the app is created.
    """
    raise NotImplementedError('day40 task 6: implement create_app() in katas/week8_mlops/day40_capstone/capstone.py — a pydantic model with one typed field per feature; load the pickle once; predict_proba on a one-row frame (README Task 6; `make hint DAY=40`)')


# ---------------------------------------------------------------- Task 7: CI

def workflow_yaml() -> str:
    """The project's GitHub Actions workflow: on push and pull_request, one job on ubuntu-latest:
    actions/checkout@v4, actions/setup-python@v5 ("3.11"), `pip install -r requirements.txt`,
    `dvc repro`, then `pytest tests`."""
    raise NotImplementedError("day40 task 7: implement workflow_yaml() in katas/week8_mlops/day40_capstone/capstone.py — day 37's workflow with a `dvc repro` step before the tests (README Task 7; `make hint DAY=40`)")


# ---------------------------------------------------------------- Task 8: the blog post

def blog_post(metrics: dict, path: str | Path) -> Path:
    """Write a Markdown blog-post draft about the project with its real numbers.

    A `# ` title; sections `## The data`, `## The pipeline`, `## Results` (accuracy, ROC-AUC and F1
    from `metrics` with at least three decimals, and the number of test customers) and
    `## What I would do next`. Returns the path.
    """
    raise NotImplementedError('day40 task 8: implement blog_post() in katas/week8_mlops/day40_capstone/capstone.py — an f-string with the four sections; format the metrics with :.3f (README Task 8; `make hint DAY=40`)')


# ---------------------------------------------------------------- provided

PROJECT_TESTS = '''"""The project's own tests (run by CI after `dvc repro`)."""
import importlib.util
import json
from pathlib import Path

import pandas as pd
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent


def _project():
    spec = importlib.util.spec_from_file_location("capstone_project", ROOT / "src" / "capstone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_metrics_are_good_enough():
    metrics = json.loads((ROOT / "reports" / "metrics.json").read_text())
    assert metrics["roc_auc"] >= 0.80 and metrics["accuracy"] >= 0.75


def test_api_predicts_a_probability():
    project = _project()
    client = TestClient(project.create_app(ROOT / project.MODEL))
    row = pd.read_csv(ROOT / project.PROCESSED / "test.csv").iloc[0][project.FEATURES]
    reply = client.post("/predict", json=json.loads(row.to_json()))
    assert reply.status_code == 200 and 0.0 <= reply.json()["churn_probability"] <= 1.0
    assert client.post("/predict", json={"tenure": "long"}).status_code == 422
'''

REQUIREMENTS = "pandas\nscikit-learn\nfastapi\nuvicorn\nhttpx\ndvc\npyyaml\npytest\n"


def write_project(root: str | Path) -> Path:
    """Provided: lay the project out in root (see the module docstring). Returns root."""
    import yaml

    root = Path(root)
    for folder in ("src", "tests", ".github/workflows"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__), root / "src" / "capstone.py")
    (root / "params.yaml").write_text(yaml.safe_dump(PARAMS, sort_keys=False), encoding="utf-8")
    (root / "dvc.yaml").write_text(yaml.safe_dump(pipeline_definition(), sort_keys=False), encoding="utf-8")
    (root / "tests" / "test_project.py").write_text(PROJECT_TESTS, encoding="utf-8")
    (root / ".github" / "workflows" / "ci.yml").write_text(workflow_yaml(), encoding="utf-8")
    (root / "requirements.txt").write_text(REQUIREMENTS, encoding="utf-8")
    # The project's own pytest configuration, so pytest never picks up an enclosing folder's.
    (root / "pytest.ini").write_text("[pytest]\ntestpaths = tests\n", encoding="utf-8")
    return root


def stage(name: str) -> int:
    """Provided: one DVC stage, run in the project root by `python src/capstone.py <name>`."""
    import yaml

    params = yaml.safe_load(Path("params.yaml").read_text(encoding="utf-8"))
    if name == "prepare":
        prepare(RAW, PROCESSED, test_size=float(params["prepare"]["test_size"]), seed=int(params["prepare"]["seed"]))
    elif name == "train":
        train(PROCESSED, MODEL, C=float(params["train"]["C"]))
    elif name == "evaluate":
        evaluate(PROCESSED, MODEL, METRICS, REPORT)
    else:
        print(f"unknown stage {name!r}: prepare, train or evaluate", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    """Provided: `make capstone`. Builds the project in --out and runs it end to end, for real:
    git + DVC init, data fetch, `dvc repro`, the API on 127.0.0.1 queried, the workflow validated
    (schema + actionlint), the project's own tests, the blog post."""
    import argparse
    import os
    import subprocess

    import httpx

    from katalib import actionlint
    from katalib.serve import uvicorn_server

    parser = argparse.ArgumentParser(description="Day 40: the capstone end to end")
    parser.add_argument("--out", default="out/capstone", help="the project folder to (re)build")
    args = parser.parse_args(argv)
    root = Path(args.out).resolve()
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "DVC_NO_ANALYTICS": "1"}

    def run(*cmd):
        print(f"$ {' '.join(cmd)}", flush=True)
        subprocess.run(cmd, cwd=root, env=env, check=True)

    write_project(root)
    run("git", "init", "-q")
    run(sys.executable, "-m", "dvc", "init", "-q")
    fetch_data(root / RAW)
    run(sys.executable, "-m", "dvc", "add", "-q", RAW)
    run(sys.executable, "-m", "dvc", "repro")
    metrics = json.loads((root / METRICS).read_text(encoding="utf-8"))
    print(f"metrics: {metrics}")
    customer = json.loads(pd.read_csv(root / PROCESSED / "test.csv").iloc[0][FEATURES].to_json())
    with uvicorn_server(create_app(root / MODEL)) as url:
        reply = httpx.post(f"{url}/predict", json=customer, timeout=10)
        print(f"POST {url}/predict -> {reply.status_code} {reply.json()}")
    problems = actionlint.schema_problems(root / ".github/workflows/ci.yml")
    findings = actionlint.lint(root / ".github/workflows/ci.yml")
    print(f"workflow: schema {'ok' if not problems else problems}; actionlint {findings or 'ok'}")
    run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    post = blog_post(metrics, root / "blog_post.md")
    print(f"wrote {post}")
    return 0 if not problems and not findings else 1


if __name__ == "__main__":
    if len(sys.argv) == 2 and sys.argv[1] in ("prepare", "train", "evaluate"):
        raise SystemExit(stage(sys.argv[1]))
    raise SystemExit(main())
