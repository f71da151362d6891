# day37 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Your own tests for load_passengers (the day's deliverable, next to loader.py; CI runs this file).

Run them with `pytest katas/week8_mlops/day37_ci_cd/test_loader.py`. They test the loader.py in the
same folder; the kata also runs this file against a correct load_passengers (it must pass) and
against broken ones (it must fail). Keep it self-contained: write small CSV files into pytest's
`tmp_path`, no fixtures from the repository's conftest.py and no downloads.
"""
import importlib.util
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def load_passengers():
    """load_passengers from the loader.py next to this file (provided; keep it)."""
    path = Path(__file__).with_name("loader.py")
    spec = importlib.util.spec_from_file_location("loader_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.load_passengers


GOOD = """PassengerId,Survived,Pclass,Name,Sex,Age,Fare
3,1,3,"Heikkinen, Miss. Laina",female,26,7.925
1,0,3,"Braund, Mr. Owen Harris",male,22,7.25
2,1,1,"Cumings, Mrs. John Bradley",FEMALE ,38,71.2833
4,0,2,"Moran, Mr. James",male,,8.4583
"""


def write(tmp_path, text, name="passengers.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_with_clean_types(load_passengers, tmp_path):
    raise NotImplementedError('day37 task 2: implement test_a_good_file_loads_with_clean_types() in katas/week8_mlops/day37_ci_cd/test_loader.py — load a small valid CSV; check index, dtypes, lower-case Sex, NaN kept (README Task 2; `make hint DAY=37`)')


def test_a_file_without_survived_loads(load_passengers, tmp_path):
    raise NotImplementedError('day37 task 2: implement test_a_file_without_survived_loads() in katas/week8_mlops/day37_ci_cd/test_loader.py — the test set has no Survived column: still fine (README Task 2; `make hint DAY=37`)')


@pytest.mark.parametrize("text, word", [
    pytest.param("PassengerId,Pclass,Sex,Fare\n1,3,male,7.25\n", "Age", id="missing-column"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,male,22,7.25\n1,1,female,38,71.3\n", "PassengerId", id="duplicate-id"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,m,22,7.25\n", "Sex", id="bad-sex"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,male,-4,7.25\n", "Age", id="negative-age"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,4,male,22,7.25\n", "Pclass", id="bad-class"),
    pytest.param("PassengerId,Survived,Pclass,Sex,Age,Fare\n1,2,3,male,22,7.25\n", "Survived", id="bad-label"),
])
def test_bad_files_are_rejected_with_a_clear_message(load_passengers, tmp_path, text, word):
    raise NotImplementedError('day37 task 2: implement test_bad_files_are_rejected_with_a_clear_message() in katas/week8_mlops/day37_ci_cd/test_loader.py — one bad file per rule; the ValueError names the problem (README Task 2; `make hint DAY=37`)')
