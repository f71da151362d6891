# day37 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day37 task 1: implement load_passengers() in katas/week8_mlops/day37_ci_cd/loader.py — read_csv, check the columns first, then each rule; index by PassengerId (README Task 1; `make hint DAY=37`)')


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
    raise NotImplementedError('day37 task 3: implement workflow_yaml() in katas/week8_mlops/day37_ci_cd/loader.py — a YAML string: on push + pull_request, one job, checkout -> setup-python -> pip install -> pytest (README Task 3; `make hint DAY=37`)')


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
    raise NotImplementedError('day37 task 4: implement add_badge() in katas/week8_mlops/day37_ci_cd/loader.py — build the line from owner/repo/workflow_file; insert it after line 1 unless it is already there (README Task 4; `make hint DAY=37`)')
