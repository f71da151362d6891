"""Learner and instructor tools end to end: progress, hints, watch, the student template, the tamper check."""
import json
import os
import subprocess
import sys
import time

import pytest

from katalib import days, grade, stubgen, tools


def kata(cwd, *args, env=None):
    full_env = {**os.environ, **(env or {})}
    full_env.pop("KATAS_TARGET", None)
    return subprocess.run([sys.executable, "-m", "katalib", *args], cwd=cwd, capture_output=True, text=True,
                          env=full_env, timeout=240)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    out = tmp_path_factory.mktemp("template") / "ml-katas"
    result = kata(days.ROOT, "student-template", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return out


# ---------------------------------------------------------------- progress

def test_progress_shows_every_day_and_the_next_one(monkeypatch, tmp_path, capsys):
    results = {"points_earned": 10, "points_possible": 20, "days": [
        {"day": "day01", "title": "A", "required_passed": 3, "required_total": 3, "stretch_passed": 0,
         "stretch_total": 1, "points_earned": 10, "points_possible": 10, "status": "done"},
        {"day": "day02", "title": "B", "required_passed": 1, "required_total": 4, "stretch_passed": 0,
         "stretch_total": 0, "points_earned": 0, "points_possible": 10, "status": "in progress"},
        {"day": "day03", "title": "C", "points_earned": 0, "points_possible": 10, "status": "coming soon"},
    ]}
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results))
    assert tools.progress(path) == 0
    out = capsys.readouterr().out
    assert "day01" in out and "coming soon" in out and "1/4" in out
    assert "Next: `make day02`" in out


def test_progress_without_results_says_to_grade_first(tmp_path, capsys):
    assert tools.progress(tmp_path / "none.json") == 1
    assert "make grade" in capsys.readouterr().out


# ---------------------------------------------------------------- hints

def test_hint_gives_the_next_hint_for_the_first_failing_task(monkeypatch, tmp_path, capsys):
    day = days.get("day04")
    stubgen.write_tree(tmp_path / "stubs", stubgen.stubs([day]))
    monkeypatch.setenv("KATAS_TARGET", str(tmp_path / "stubs"))
    monkeypatch.setattr(tools, "HINT_STATE", tmp_path / "hints.json")
    monkeypatch.setattr(tools.runner, "BUILD", tmp_path / "build")
    first_hints = tools.load_hints(day)[1]["hints"]
    tools.hint("04")
    out = capsys.readouterr().out
    assert "Task 1" in out and first_hints[0] in out and first_hints[1] not in out
    tools.hint("04")
    out = capsys.readouterr().out
    assert first_hints[1] in out, "a second `make hint` should reveal the next hint"


def test_every_ready_day_has_hints_for_each_task_its_tests_mark():
    for day in days.ready_days():
        hints = tools.load_hints(day)
        assert hints, f"{day.id}: hints.toml is missing"
        assert all(entry["hints"] for entry in hints.values()), f"{day.id}: a task without hints"


# ---------------------------------------------------------------- watch

def test_watch_reruns_the_tests_when_a_file_is_saved(tmp_path):
    log = tmp_path / "runs.log"
    runner = tmp_path / "runner.sh"
    runner.write_text(f"#!/bin/sh\necho run >> {log}\n")
    runner.chmod(0o755)
    cmd = tools.watch_command("day04")
    assert cmd[0].endswith("ptw") and "--now" in cmd and "katas/week1_foundations/day04_linear_algebra" in cmd
    watched = tmp_path / "watched"
    watched.mkdir()
    (watched / "mod.py").write_text("x = 1\n")
    cmd = [cmd[0], "--now", "--patterns", tools.WATCH_PATTERNS, "--runner", str(runner), str(watched)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while time.time() < deadline and not log.exists():
            time.sleep(0.2)
        time.sleep(0.5)
        (watched / "mod.py").write_text("x = 2\n")
        while time.time() < deadline and len(log.read_text().split()) < 2:
            time.sleep(0.2)
    finally:
        proc.terminate()
        proc.wait(10)
    assert log.exists() and len(log.read_text().split()) >= 2, "saving a file should re-run the tests"


# ---------------------------------------------------------------- student template

def test_the_template_has_no_solutions_and_no_reference_machinery(template):
    assert not (template / "solutions").exists() and not (template / "katalib" / "stubgen.py").exists()
    leaked = [p for p in template.rglob("*.py") if "BEGIN SOLUTION" in p.read_text(encoding="utf-8")]
    assert leaked == []
    assert (template / ".github" / "workflows" / "classroom.yml").exists()
    assert (template / ".github" / "classroom" / "autograding.json").exists()


def test_the_template_readme_speaks_to_the_learner(template):
    readme = (template / "README.md").read_text(encoding="utf-8")
    assert "make day01" in readme and "make grade" in readme and "| 01 |" in readme
    for maintainer_only in ("make test", "KATAS_TARGET", "INSTRUCTORS.md", "solutions/", "make generate"):
        assert maintainer_only not in readme, f"the learner's README mentions {maintainer_only!r}"
    assert not (template / "INSTRUCTORS.md").exists(), "students should not read how the tamper check works"


def test_the_classroom_workflow_runs_in_the_template_only(template):
    assert not (days.ROOT / ".github" / "workflows" / "classroom.yml").exists(), (
        "in this repository the Classroom workflow would grade the stubs on every push")
    assert (template / ".github" / "workflows" / "classroom.yml").read_text(encoding="utf-8") == \
        (days.ROOT / ".github" / "classroom" / "classroom.yml").read_text(encoding="utf-8")


def test_the_templates_deliverables_folder_is_committed(template):
    ignored = (template / ".gitignore").read_text(encoding="utf-8").split()
    assert "out/" not in ignored and "out" not in ignored, "learners are told to commit out/: it must not be ignored"


def test_the_templates_stubs_are_the_pristine_ones(template):
    for stub in stubgen.stubs():
        assert (template / "katas" / stub.rel).read_text(encoding="utf-8") == stub.text


def test_make_day_in_the_template_fails_like_a_learners(template):
    result = kata(template, "run", "day04")
    assert result.returncode == 1
    assert "NOT IMPLEMENTED YET" in result.stdout


def test_autograding_in_the_template_scores_the_stub_zero(template):
    result = kata(template, "grade", "--day", "04")
    assert result.returncode == 1, result.stdout
    data = json.loads((template / "grading" / "results-day04.json").read_text())
    assert data["points_earned"] == 0


def test_the_template_refuses_maintainer_commands_clearly(template):
    result = kata(template, "selfcheck")
    assert result.returncode == 2 and "reference solutions" in result.stdout


# ---------------------------------------------------------------- tamper check

def test_the_integrity_manifest_is_up_to_date():
    assert tools.INTEGRITY.read_text(encoding="utf-8") == tools.integrity_manifest(), "run `make generate`"


@pytest.fixture
def template_copy(template, tmp_path):
    """A private copy of the template, free to be tampered with."""
    import shutil

    return shutil.copytree(template, tmp_path / "repo")


@pytest.fixture
def solved_copy(template_copy):
    """A template copy where day 04 is solved (the reference copied in)."""
    import shutil

    day = days.get("day04")
    shutil.copy(day.solution_dir / "linalg.py", template_copy / "katas" / day.rel / "linalg.py")
    return template_copy


def test_a_solved_day_earns_its_points(solved_copy):
    result = kata(solved_copy, "grade", "--day", "04")
    assert result.returncode == 0, result.stdout
    assert json.loads((solved_copy / "grading" / "results-day04.json").read_text())["points_earned"] == 10


def test_editing_a_days_test_file_scores_that_day_zero(template_copy):
    copy = template_copy
    test_file = copy / "katas" / days.get("day04").rel / "test_day04.py"
    test_file.write_text("def test_nothing():\n    assert True\n")
    result = kata(copy, "grade", "--day", "04")
    assert result.returncode == 1
    assert "TAMPERED" in result.stdout and "test_day04.py" in result.stdout
    data = json.loads((copy / "grading" / "results-day04.json").read_text())
    assert data["points_earned"] == 0 and data["days"][3]["status"] == "tampered"


def test_a_windows_checkout_with_crlf_line_ends_is_not_tampering(solved_copy):
    for rel in ("conftest.py", "katalib/plugin.py", f"katas/{days.get('day04').rel.as_posix()}/test_day04.py"):
        path = solved_copy / rel
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = kata(solved_copy, "grade", "--day", "04")
    assert result.returncode == 0, result.stdout
    assert "TAMPERED" not in result.stdout


def test_editing_the_harness_scores_every_day_zero(solved_copy):
    conftest = solved_copy / "conftest.py"
    conftest.write_text(conftest.read_text() + "\n# harmless?\n")
    result = kata(solved_copy, "grade", "--day", "04")
    assert result.returncode == 1 and "conftest.py" in result.stdout


# ---------------------------------------------------------------- setup

def test_a_broken_venv_is_rebuilt_instead_of_trusted(tmp_path):
    import shutil

    shutil.copy(days.ROOT / "Makefile", tmp_path / "Makefile")
    shutil.copytree(days.ROOT / "katalib", tmp_path / "katalib", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "requirements").mkdir()
    shutil.copy(days.ROOT / "requirements" / "groups.toml", tmp_path / "requirements" / "groups.toml")
    (tmp_path / "requirements.txt").write_text("# nothing to install in this test\n")
    (tmp_path / "requirements" / "lock.txt").write_text("")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", ".venv"], cwd=tmp_path, check=True)
    (tmp_path / ".venv" / ".installed").touch()  # the stamp of an earlier, now broken, install
    result = subprocess.run(["make", "setup", f"PYTHON={sys.executable}"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "rebuilding" in result.stdout
    check = subprocess.run([str(tmp_path / ".venv" / "bin" / "python"), "-c", "import pip"], capture_output=True)
    assert check.returncode == 0, "after `make setup` the .venv has a working pip"


def test_day_readmes_run_pytest_from_the_venv():
    import re

    bare = re.compile(r"(?<![/\w.-])pytest(?= -)")
    for d in days.ready_days():
        text = (d.kata_dir / "README.md").read_text(encoding="utf-8")
        assert not bare.search(text), (
            f"{d.id}'s README says a bare `pytest`, which fails unless .venv is activated: write `.venv/bin/pytest`")
