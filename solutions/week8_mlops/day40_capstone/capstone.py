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
    # BEGIN SOLUTION (task 1) katalib.datasets.fetch("telco_churn/Telco-Customer-Churn.csv") gives the cached file's path
    from katalib import datasets

    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(datasets.fetch("telco_churn/Telco-Customer-Churn.csv"), dest)
    return dest
    # END SOLUTION


def prepare(raw_csv: str | Path, out_dir: str | Path, test_size: float, seed: int) -> tuple[Path, Path]:
    """Raw rows -> train.csv and test.csv in out_dir (returned in that order).

    Columns FEATURES + [TARGET]; TotalCharges numeric (the blank ones, customers with tenure 0,
    become 0.0); Churn as 1 (Yes) / 0 (No); customerID dropped. Stratified split on Churn,
    `random_state=seed`.
    """
    # BEGIN SOLUTION (task 2) to_numeric(errors="coerce").fillna(0), map Churn, stratified train_test_split, to_csv
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(raw_csv)
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"], errors="coerce").fillna(0.0)
    df[TARGET] = (df[TARGET] == "Yes").astype(int)
    data = df[FEATURES + [TARGET]]
    train_df, test_df = train_test_split(data, test_size=test_size, random_state=seed, stratify=data[TARGET])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train_df.to_csv(out / "train.csv", index=False)
    test_df.to_csv(out / "test.csv", index=False)
    return out / "train.csv", out / "test.csv"
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: training

def build_model(C: float):
    """The scikit-learn Pipeline: one-hot CATEGORICAL (handle_unknown="ignore"), scale NUMERIC,
    LogisticRegression(C=C, max_iter=1000). It takes a frame with the FEATURES columns."""
    # BEGIN SOLUTION (task 3) ColumnTransformer([("cat", OneHotEncoder(...), CATEGORICAL), ("num", StandardScaler(), NUMERIC)]) -> LogisticRegression
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    columns = ColumnTransformer([("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
                                 ("num", StandardScaler(), NUMERIC)])
    return make_pipeline(columns, LogisticRegression(C=C, max_iter=1000))
    # END SOLUTION


def train(processed_dir: str | Path, model_path: str | Path, C: float) -> Path:
    """Fit build_model(C) on train.csv and pickle it to model_path (folders created). Returns model_path."""
    # BEGIN SOLUTION (task 3) read train.csv, fit on FEATURES / TARGET, pickle.dumps into model_path
    import pickle

    df = pd.read_csv(Path(processed_dir) / "train.csv")
    model = build_model(C).fit(df[FEATURES], df[TARGET])
    path = Path(model_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(model))
    return path
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: evaluation

def evaluate(processed_dir: str | Path, model_path: str | Path, metrics_path: str | Path,
             report_path: str | Path) -> dict:
    """Score the pickled model on test.csv.

    Writes metrics_path (JSON): {"accuracy", "roc_auc", "f1" (floats, churn = 1 is positive),
    "n_test" (int)} and report_path: a Markdown evaluation report (a `# ` title, the four numbers,
    the confusion matrix as a Markdown table). Returns the metrics dict.
    """
    # BEGIN SOLUTION (task 4) predict and predict_proba on test.csv; sklearn.metrics; json.dumps; an f-string report
    import pickle

    from sklearn import metrics as skm

    model = pickle.loads(Path(model_path).read_bytes())
    df = pd.read_csv(Path(processed_dir) / "test.csv")
    y = df[TARGET].to_numpy()
    pred = model.predict(df[FEATURES])
    proba = model.predict_proba(df[FEATURES])[:, 1]
    result = {"accuracy": float(skm.accuracy_score(y, pred)), "roc_auc": float(skm.roc_auc_score(y, proba)),
              "f1": float(skm.f1_score(y, pred)), "n_test": int(len(df))}
    (tn, fp), (fn, tp) = skm.confusion_matrix(y, pred, labels=[0, 1])
    for path in (metrics_path, report_path):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(metrics_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    Path(report_path).write_text(
        f"# Evaluation: Telco churn\n\nTest customers: {result['n_test']}\n\n"
        f"| metric | value |\n|---|---|\n| accuracy | {result['accuracy']:.4f} |\n"
        f"| ROC-AUC | {result['roc_auc']:.4f} |\n| F1 (churn) | {result['f1']:.4f} |\n\n"
        f"## Confusion matrix\n\n| | predicted stay | predicted churn |\n|---|---|---|\n"
        f"| stayed | {tn} | {fp} |\n| churned | {fn} | {tp} |\n", encoding="utf-8")
    return result
    # END SOLUTION


# ---------------------------------------------------------------- Task 5: the DVC pipeline

def pipeline_definition() -> dict:
    """dvc.yaml as a dict: stages prepare -> train -> evaluate, each run as `python src/capstone.py <stage>`.

    prepare:  deps RAW and src/capstone.py; params prepare.test_size, prepare.seed; outs PROCESSED.
    train:    deps PROCESSED and src/capstone.py; params train.C; outs MODEL.
    evaluate: deps PROCESSED, MODEL and src/capstone.py; metrics METRICS (cache: false);
              outs REPORT (cache: false).
    """
    # BEGIN SOLUTION (task 5) three stages, like day 36's two
    script = "src/capstone.py"
    return {"stages": {
        "prepare": {"cmd": f"python {script} prepare", "deps": [RAW, script],
                    "params": ["prepare.test_size", "prepare.seed"], "outs": [PROCESSED]},
        "train": {"cmd": f"python {script} train", "deps": [PROCESSED, script],
                  "params": ["train.C"], "outs": [MODEL]},
        "evaluate": {"cmd": f"python {script} evaluate", "deps": [PROCESSED, MODEL, script],
                     "metrics": [{METRICS: {"cache": False}}], "outs": [{REPORT: {"cache": False}}]},
    }}
    # END SOLUTION


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
    # BEGIN SOLUTION (task 6) a pydantic model with one typed field per feature; load the pickle once; predict_proba on a one-row frame
    import pickle

    from fastapi import FastAPI
    from pydantic import create_model

    model = pickle.loads(Path(model_path).read_bytes())
    fields = {name: (int, ...) for name in ("SeniorCitizen", "tenure")}
    fields.update({name: (float, ...) for name in ("MonthlyCharges", "TotalCharges")})
    fields.update({name: (str, ...) for name in CATEGORICAL})
    Customer = create_model("Customer", **fields)
    app = FastAPI(title="Telco churn")

    @app.get("/health")
    def health():
        return {"status": "ok"}

    @app.post("/predict")
    def predict(customer: Customer):
        row = pd.DataFrame([customer.model_dump()])[FEATURES]
        probability = float(model.predict_proba(row)[0, 1])
        return {"churn_probability": probability, "churn": probability >= 0.5}

    @app.get("/model-info")
    def model_info():
        metrics_file = Path(model_path).resolve().parent.parent / METRICS
        metrics = json.loads(metrics_file.read_text(encoding="utf-8")) if metrics_file.exists() else None
        return {"features": FEATURES, "metrics": metrics}

    return app
    # END SOLUTION


# ---------------------------------------------------------------- Task 7: CI

def workflow_yaml() -> str:
    """The project's GitHub Actions workflow: on push and pull_request, one job on ubuntu-latest:
    actions/checkout@v4, actions/setup-python@v5 ("3.11"), `pip install -r requirements.txt`,
    `dvc repro`, then `pytest tests`."""
    # BEGIN SOLUTION (task 7) day 37's workflow with a `dvc repro` step before the tests
    return (
        "name: ci\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "jobs:\n"
        "  pipeline:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        '          python-version: "3.11"\n'
        "      - run: pip install -r requirements.txt\n"
        "      - name: Reproduce the pipeline\n"
        "        run: dvc repro\n"
        "      - name: The project's tests\n"
        "        run: pytest tests\n"
    )
    # END SOLUTION


# ---------------------------------------------------------------- Task 8: the blog post

def blog_post(metrics: dict, path: str | Path) -> Path:
    """Write a Markdown blog-post draft about the project with its real numbers.

    A `# ` title; sections `## The data`, `## The pipeline`, `## Results` (accuracy, ROC-AUC and F1
    from `metrics` with at least three decimals, and the number of test customers) and
    `## What I would do next`. Returns the path.
    """
    # BEGIN SOLUTION (task 8) an f-string with the four sections; format the metrics with :.3f
    m = metrics
    text = f"""# Predicting churn, end to end: from a CSV to a tested API

## The data
The IBM Telco customer churn data: 7,043 customers, 19 features (contract, tenure, charges,
services) and whether they left. About a quarter of them churned.

## The pipeline
A DVC pipeline (`dvc repro`) runs three stages: prepare (clean TotalCharges, a stratified split),
train (one-hot encoding, scaling and a logistic regression in one scikit-learn pipeline) and
evaluate. Parameters live in params.yaml, so a change re-runs exactly the stages that depend on it.
A FastAPI app serves the model (`POST /predict`), and GitHub Actions reproduces the pipeline and
runs the project's tests on every push.

## Results
On {m['n_test']} held-out customers: accuracy {m['accuracy']:.3f}, ROC-AUC {m['roc_auc']:.3f},
F1 for churners {m['f1']:.3f}.

## What I would do next
Tune the decision threshold for the cost of a lost customer, try gradient boosting, monitor the
inputs for drift with Evidently, and audit the model for fairness across senior citizens.
"""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


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
