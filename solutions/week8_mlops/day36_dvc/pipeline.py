"""Day 36 — Versioning with DVC: raw data tracked, a raw -> processed -> train pipeline, metrics.

This one file is the whole project's code. `write_project(repo)` (provided) copies it into a DVC
repository as `src/pipeline.py`, next to `params.yaml` and the `dvc.yaml` you define, and DVC runs
its stages as `python src/pipeline.py prepare` and `python src/pipeline.py train`.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd

RAW = "data/raw/titanic.csv"  # the raw data, tracked with `dvc add`
PROCESSED = "data/processed"  # prepare's output folder: train.csv and test.csv
MODEL = "model.pkl"  # train's model file
METRICS = "metrics.json"  # train's metrics file
FEATURES = ["Pclass", "Sex", "Age", "SibSp", "Parch", "Fare"]
TARGET = "Survived"
PARAMS = {"prepare": {"test_size": 0.25, "seed": 0}, "train": {"C": 1.0, "max_iter": 1000}}


# ---------------------------------------------------------------- Task 1: track the raw data

def track_raw(repo: str | Path, raw: str = RAW) -> Path:
    """Put the raw data file under DVC control with `dvc add` (run inside `repo`).

    Args:
        repo: root of a git repository in which `dvc init` has already run.
        raw: path of the data file relative to `repo`.
    Returns:
        Path of the `.dvc` file DVC wrote next to the data (`<raw>.dvc`).
    Raises:
        RuntimeError: if `dvc add` fails (with DVC's own message).
    """
    # BEGIN SOLUTION (task 1) subprocess.run(["dvc", "add", raw], cwd=repo); the .dvc file sits next to the data
    repo = Path(repo)
    proc = subprocess.run(["dvc", "add", raw], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dvc add {raw} failed:\n{proc.stdout}{proc.stderr}")
    return repo / f"{raw}.dvc"
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: the prepare stage

def prepare(raw_csv: str | Path, out_dir: str | Path, test_size: float, seed: int) -> tuple[Path, Path]:
    """Raw Titanic rows -> model-ready train.csv and test.csv in out_dir.

    Keep the columns FEATURES + [TARGET], with Sex as 1 (female) / 0 (male) and no missing value
    (Age and Fare filled with the median of the *training* rows). Split with a stratified,
    seeded split of `test_size`. The raw file is not modified.

    Returns:
        (path of train.csv, path of test.csv).
    """
    # BEGIN SOLUTION (task 2) read, encode Sex, stratified train_test_split(random_state=seed), impute from the train part, write both
    from sklearn.model_selection import train_test_split

    df = pd.read_csv(raw_csv)
    data = df[FEATURES + [TARGET]].copy()
    data["Sex"] = (data["Sex"] == "female").astype(int)
    train_df, test_df = train_test_split(data, test_size=test_size, random_state=seed, stratify=data[TARGET])
    for column in ("Age", "Fare"):
        median = train_df[column].median()
        train_df[column] = train_df[column].fillna(median)
        test_df[column] = test_df[column].fillna(median)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    train_df.to_csv(out / "train.csv", index=False)
    test_df.to_csv(out / "test.csv", index=False)
    return out / "train.csv", out / "test.csv"
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the train stage

def train(processed_dir: str | Path, model_path: str | Path, metrics_path: str | Path,
          C: float, max_iter: int) -> dict:
    """Fit LogisticRegression(C=C, max_iter=max_iter) on train.csv's FEATURES, score it on test.csv.

    Writes the fitted model (pickle) to model_path and the metrics as a JSON object to
    metrics_path: {"accuracy": <test accuracy, float>, "n_test": <test rows, int>}.

    Returns:
        The metrics dict that was written.
    """
    # BEGIN SOLUTION (task 3) fit on train.csv, score on test.csv, pickle the model, json.dump the metrics
    import pickle

    from sklearn.linear_model import LogisticRegression

    folder = Path(processed_dir)
    train_df, test_df = pd.read_csv(folder / "train.csv"), pd.read_csv(folder / "test.csv")
    model = LogisticRegression(C=C, max_iter=max_iter).fit(train_df[FEATURES], train_df[TARGET])
    accuracy = float(np.mean(model.predict(test_df[FEATURES]) == test_df[TARGET]))
    metrics = {"accuracy": accuracy, "n_test": int(len(test_df))}
    Path(model_path).write_bytes(pickle.dumps(model))
    Path(metrics_path).write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    return metrics
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the pipeline definition

def pipeline_definition() -> dict:
    """The content of dvc.yaml, as a dict: two stages, `prepare` then `train`.

    prepare: cmd `python src/pipeline.py prepare`; deps the raw data and src/pipeline.py;
             params prepare.test_size and prepare.seed; outs the PROCESSED folder.
    train:   cmd `python src/pipeline.py train`; deps the PROCESSED folder and src/pipeline.py;
             params train.C and train.max_iter; outs MODEL; metrics METRICS (not cached).
    """
    # BEGIN SOLUTION (task 4) {"stages": {"prepare": {"cmd": ..., "deps": [...], "params": [...], "outs": [...]}, "train": {...}}}
    return {
        "stages": {
            "prepare": {
                "cmd": "python src/pipeline.py prepare",
                "deps": [RAW, "src/pipeline.py"],
                "params": ["prepare.test_size", "prepare.seed"],
                "outs": [PROCESSED],
            },
            "train": {
                "cmd": "python src/pipeline.py train",
                "deps": [PROCESSED, "src/pipeline.py"],
                "params": ["train.C", "train.max_iter"],
                "outs": [MODEL],
                "metrics": [{METRICS: {"cache": False}}],
            },
        }
    }
    # END SOLUTION


# ---------------------------------------------------------------- Task 5: read the metrics through DVC

def read_metrics(repo: str | Path) -> dict:
    """The metrics DVC knows about in the workspace of `repo` (what `dvc metrics show` prints).

    Returns:
        {metrics file path as DVC names it: {metric name: value}}, e.g.
        {"metrics.json": {"accuracy": 0.79, "n_test": 223}}.
    """
    # BEGIN SOLUTION (task 5) `dvc metrics show --json` and unwrap {"": {"data": {file: {"data": {...}}}}}
    proc = subprocess.run(["dvc", "metrics", "show", "--json"], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dvc metrics show failed:\n{proc.stdout}{proc.stderr}")
    shown = json.loads(proc.stdout)
    files = shown.get("", {}).get("data", {})
    return {name: entry.get("data", {}) for name, entry in files.items()}
    # END SOLUTION


# ---------------------------------------------------------------- Task 6 (stretch): metrics diff against git

def metrics_change(repo: str | Path) -> dict:
    """How the metrics changed since the last git commit (what `dvc metrics diff` prints).

    Returns:
        {metric name: {"old": value at HEAD, "new": value in the workspace}} for the metrics
        that changed (metric names without the file name: {"accuracy": {"old": .., "new": ..}}).
    """
    # BEGIN SOLUTION (task 6) `dvc metrics diff --json` gives {file: {metric: {"old", "new", "diff"}}}
    proc = subprocess.run(["dvc", "metrics", "diff", "--json"], cwd=repo, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"dvc metrics diff failed:\n{proc.stdout}{proc.stderr}")
    diff = json.loads(proc.stdout or "{}")
    return {name: {"old": v.get("old"), "new": v.get("new")}
            for per_file in diff.values() for name, v in per_file.items()}
    # END SOLUTION


# ---------------------------------------------------------------- provided

def write_project(repo: str | Path) -> None:
    """Provided: copy this file to <repo>/src/pipeline.py and write params.yaml and dvc.yaml."""
    import yaml

    repo = Path(repo)
    (repo / "src").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__), repo / "src" / "pipeline.py")
    (repo / "params.yaml").write_text(yaml.safe_dump(PARAMS, sort_keys=False), encoding="utf-8")
    (repo / "dvc.yaml").write_text(yaml.safe_dump(pipeline_definition(), sort_keys=False), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Provided: the stage commands. `python src/pipeline.py prepare|train`, run by DVC in the repo root."""
    import yaml

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0] not in ("prepare", "train"):
        print("usage: python src/pipeline.py prepare|train", file=sys.stderr)
        return 2
    params = yaml.safe_load(Path("params.yaml").read_text(encoding="utf-8"))
    if args[0] == "prepare":
        p = params["prepare"]
        prepare(RAW, PROCESSED, test_size=float(p["test_size"]), seed=int(p["seed"]))
    else:
        p = params["train"]
        train(PROCESSED, MODEL, METRICS, C=float(p["C"]), max_iter=int(p["max_iter"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
