"""Day 37 — CI/CD basics: a data loader worth testing, its GitHub Actions workflow, the badge."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

REQUIRED = ["PassengerId", "Pclass", "Sex", "Age", "Fare"]
WORKFLOW_FILE = "tests.yml"  # the workflow lives at .github/workflows/tests.yml


# ---------------------------------------------------------------- Task 1: the loader

def load_passengers(path: str | Path) -> pd.DataFrame:
    """Read a Titanic-style CSV and check it before anything trains on it.

    Returns:
        A DataFrame indexed by PassengerId (int) with every other column of the file, where
        Pclass is int64, Age and Fare are float64 (NaN allowed), Sex is lower-case text and,
        when the file has a Survived column, Survived is int64.
    Raises:
        ValueError: naming the problem, when a REQUIRED column is missing, a PassengerId repeats,
            a Sex value is not male/female (any case, surrounding spaces allowed), an Age or Fare
            is negative, Pclass is not 1, 2 or 3, or Survived holds anything but 0/1.
    """
    # BEGIN SOLUTION (task 1) read_csv, check the columns first, then each rule; index by PassengerId
    df = pd.read_csv(path)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing required column(s) {missing}")
    if df["PassengerId"].duplicated().any():
        dupes = sorted(df.loc[df["PassengerId"].duplicated(), "PassengerId"].unique().tolist())
        raise ValueError(f"{path}: PassengerId repeats: {dupes[:5]}")
    sex = df["Sex"].astype(str).str.strip().str.lower()
    bad = sorted(set(sex) - {"male", "female"})
    if bad:
        raise ValueError(f"{path}: Sex must be male or female, found {bad[:5]}")
    df["Sex"] = sex
    for column in ("Age", "Fare"):
        df[column] = pd.to_numeric(df[column], errors="raise").astype("float64")
        if (df[column] < 0).any():
            raise ValueError(f"{path}: negative {column} values")
    if not df["Pclass"].isin([1, 2, 3]).all():
        raise ValueError(f"{path}: Pclass must be 1, 2 or 3")
    df["Pclass"] = df["Pclass"].astype("int64")
    if "Survived" in df.columns:
        if not df["Survived"].isin([0, 1]).all():
            raise ValueError(f"{path}: Survived must be 0 or 1")
        df["Survived"] = df["Survived"].astype("int64")
    return df.set_index("PassengerId")
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the workflow

def workflow_yaml(python_versions: list[str] | None = None) -> str:
    """The GitHub Actions workflow (YAML text) that runs test_loader.py on every push and pull request.

    One job on ubuntu-latest: check out the code (actions/checkout@v4), set up Python
    (actions/setup-python@v5, "3.11" by default), install the requirements
    (`pip install -r requirements.txt`) and run `pytest test_loader.py`.

    Args:
        python_versions: stretch (Task 5): when given, run the job once per version with a
            strategy matrix (`python-version`), and set up `${{ matrix.python-version }}`.
    """
    # BEGIN SOLUTION (task 3) a YAML string: on push + pull_request, one job, checkout -> setup-python -> pip install -> pytest
    if python_versions:
        versions = ", ".join(f'"{v}"' for v in python_versions)
        strategy = f"    strategy:\n      matrix:\n        python-version: [{versions}]\n"
        python = "${{ matrix.python-version }}"
    else:
        strategy, python = "", "3.11"
    return (
        "name: tests\n"
        "on:\n"
        "  push:\n"
        "  pull_request:\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-latest\n"
        f"{strategy}"
        "    steps:\n"
        "      - uses: actions/checkout@v4\n"
        "      - uses: actions/setup-python@v5\n"
        "        with:\n"
        f'          python-version: "{python}"\n'
        "      - name: Install the requirements\n"
        "        run: pip install -r requirements.txt\n"
        "      - name: Run the loader's tests\n"
        "        run: pytest test_loader.py\n"
    )
    # END SOLUTION


def write_workflow(repo: str | Path, python_versions: list[str] | None = None) -> Path:
    """Provided: write workflow_yaml() to <repo>/.github/workflows/WORKFLOW_FILE and return its path."""
    path = Path(repo) / ".github" / "workflows" / WORKFLOW_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(workflow_yaml(python_versions), encoding="utf-8")
    return path


# ---------------------------------------------------------------- Task 4: the badge

def add_badge(readme: str | Path, owner: str, repo: str, workflow_file: str = WORKFLOW_FILE) -> str:
    """Put the workflow's status badge into a README, right under its first line (the title).

    The badge is the Markdown image
    `[![tests](https://github.com/<owner>/<repo>/actions/workflows/<workflow_file>/badge.svg)](https://github.com/<owner>/<repo>/actions/workflows/<workflow_file>)`,
    on a line of its own. Calling it again does not add a second badge; the rest of the README
    is kept as it was.

    Returns:
        The badge line (without the newline).
    """
    # BEGIN SOLUTION (task 4) build the line from owner/repo/workflow_file; insert it after line 1 unless it is already there
    url = f"https://github.com/{owner}/{repo}/actions/workflows/{workflow_file}"
    line = f"[![tests]({url}/badge.svg)]({url})"
    path = Path(readme)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not any(l.rstrip("\n") == line for l in lines):
        lines[1:1] = ["\n", line + "\n"] if lines else [line + "\n"]
        path.write_text("".join(lines), encoding="utf-8")
    return line
    # END SOLUTION
