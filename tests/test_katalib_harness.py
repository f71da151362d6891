"""The kata machinery itself: stub generation, selection by day/week, grading, Classroom files."""
import json
import os
import subprocess
import sys

import pytest

from katalib import classroom, days, runner, stubgen

SOLUTION = '''"""Module docstring."""
import numpy as np

LIMIT = 3


def double(x):
    """Twice x."""
    # BEGIN SOLUTION (task 1) multiply by two
    return 2 * x
    # END SOLUTION


class Model:
    def fit(self, X):
        """Fit."""
        # BEGIN SOLUTION (task 2)
        self.mean_ = np.mean(X)
        return self
        # END SOLUTION


# BEGIN SOLUTION (task 3)
# STUB: THRESHOLD = None
THRESHOLD = 0.5
# END SOLUTION
'''


@pytest.fixture
def day04():
    return days.get("day04")


def run_stub(text):
    namespace = {}
    exec(compile(text, "stub.py", "exec"), namespace)
    return namespace


def test_a_stub_keeps_signatures_docstrings_and_provided_code(day04):
    stub = stubgen.render(SOLUTION, day04, "w/d/mod.py")
    assert 'def double(x):\n    """Twice x."""\n    raise NotImplementedError(' in stub
    assert "LIMIT = 3" in stub and "import numpy as np" in stub
    assert "return 2 * x" not in stub and "self.mean_" not in stub


def test_a_stub_raises_with_the_task_function_file_and_hint(day04):
    ns = run_stub(stubgen.render(SOLUTION, day04, "w/d/mod.py"))
    with pytest.raises(NotImplementedError) as err:
        ns["double"](1)
    assert str(err.value).startswith("day04 task 1: implement double() in katas/w/d/mod.py — multiply by two")
    with pytest.raises(NotImplementedError, match=r"task 2: implement fit\(\)"):
        ns["Model"]().fit([1])


def test_stub_lines_replace_a_module_level_region(day04):
    ns = run_stub(stubgen.render(SOLUTION, day04, "w/d/mod.py"))
    assert ns["THRESHOLD"] is None


@pytest.mark.parametrize("broken", [
    pytest.param("def f():\n    # BEGIN SOLUTION (task 1)\n    return 1\n", id="begin-without-end"),
    pytest.param("def f():\n    return 1\n    # END SOLUTION\n", id="end-without-begin"),
    pytest.param("def f():\n    # BEGIN SOLUTION (task 1)\n    # BEGIN SOLUTION (task 2)\n    # END SOLUTION\n", id="nested"),
])
def test_unbalanced_markers_are_an_error(day04, broken):
    with pytest.raises(stubgen.StubError):
        stubgen.render(broken, day04, "w/d/mod.py")


def test_generate_writes_missing_stubs_but_never_overwrites_a_learners_edit(day04, monkeypatch, tmp_path):
    monkeypatch.setattr(days, "KATAS", tmp_path)
    monkeypatch.setattr(stubgen, "MANIFEST", tmp_path / ".pristine.json")
    monkeypatch.setattr(stubgen, "stubs", lambda: [stubgen.Stub("w/d/mod.py", "v1\n")])
    stubgen.generate(log=lambda *_: None)
    target = tmp_path / "w" / "d" / "mod.py"
    assert target.read_text() == "v1\n"
    monkeypatch.setattr(stubgen, "stubs", lambda: [stubgen.Stub("w/d/mod.py", "v2\n")])
    stubgen.generate(log=lambda *_: None)
    assert target.read_text() == "v2\n", "an untouched stub should follow the solution"
    target.write_text("my work\n")
    monkeypatch.setattr(stubgen, "stubs", lambda: [stubgen.Stub("w/d/mod.py", "v3\n")])
    stubgen.generate(log=lambda *_: None)
    assert target.read_text() == "my work\n", "make generate overwrote a learner's edit"


def test_every_ready_days_stub_is_generated_and_recorded():
    manifest = stubgen.read_manifest()
    for stub in stubgen.stubs():
        assert manifest.get(stub.rel) == stub.sha256, f"katas/{stub.rel} is stale: run make generate"


def test_public_api_sees_functions_methods_and_arguments():
    api = stubgen.public_api(SOLUTION)
    assert api["double"] == "x" and api["Model"] == "class" and api["Model.fit"] == "self, X"


# ---------------------------------------------------------------- selection by day and week

def collect(*args):
    out = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
                         cwd=days.ROOT, capture_output=True, text=True)
    return [line for line in out.stdout.splitlines() if "::" in line]


@pytest.mark.parametrize("week", sorted({d.week for d in days.ready_days()}))
def test_k_week_selects_exactly_that_weeks_days(week):
    ready = {d.rel.as_posix() for d in days.ready_days() if d.week == week}
    ids = collect("-k", f"week{week}")
    folders = {"/".join(i.split("::")[0].split("/")[1:3]) for i in ids}
    assert folders == ready


def test_k_day_selects_exactly_that_day():
    ids = collect("-k", "day04")
    assert ids and all(i.startswith("katas/week1_foundations/day04_linear_algebra/") for i in ids)


# ---------------------------------------------------------------- grading

def test_a_day_earns_its_points_only_when_every_required_test_passes(day04):
    tests = {
        "a": {"day": "day04", "stretch": False, "outcome": "passed"},
        "b": {"day": "day04", "stretch": False, "outcome": "failed", "message": "boom"},
        "c": {"day": "day04", "stretch": True, "outcome": "passed"},
    }
    (r,) = runner.summarise(tests, [day04])
    assert (r.required_passed, r.required_total, r.stretch_passed, r.points, r.status) == (1, 2, 1, 0, "in progress")
    tests["b"]["outcome"] = "passed"
    tests["c"]["outcome"] = "failed"
    (r,) = runner.summarise(tests, [day04])
    assert (r.points, r.status) == (day04.points, "done"), "stretch tests are never needed for the points"


# ---------------------------------------------------------------- Classroom adapters

def test_autograding_json_has_one_entry_per_ready_day():
    data = json.loads(classroom.autograding_json())
    runs = [t["run"] for t in data["tests"]]
    assert runs == [f"make grade-day DAY={d.number:02d}" for d in days.ready_days()]
    assert all(isinstance(t["points"], int) and t["timeout"] > 0 for t in data["tests"])
    assert all(t["setup"] == "make setup-all" for t in data["tests"]), "install in setup, outside the test's time limit"


def test_classroom_workflow_installs_once_and_grades_each_day():
    import yaml

    wf = yaml.safe_load(classroom.workflow_yaml())
    (job,) = wf["jobs"].values()
    graders = [s for s in job["steps"] if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
    assert [s["id"] for s in graders] == [d.id for d in days.ready_days()]
    assert all(isinstance(s["with"]["max-score"], int) and s["with"]["setup-command"] == "" for s in graders)
    reporter = job["steps"][-1]
    assert reporter["uses"].startswith("classroom-resources/autograding-grading-reporter")
    assert reporter["with"]["runners"] == ",".join(d.id for d in days.ready_days())
    assert "env" not in wf and "env" not in job, "graders pass only PATH/HOME: no workflow-level env"
    assert "workflow_dispatch" in wf["on"], "an instructor can re-run the grading by hand"
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["cache"] == "pip", "every push should not download every package again"
    assert any(s.get("uses", "").startswith("actions/cache") and s["with"]["path"] == "data/cache" for s in job["steps"])
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"] == "portfolio/" and upload["if"] == "always()", "the portfolio is published"
    install = next(i for i, s in enumerate(job["steps"]) if s.get("run", "").startswith("make setup"))
    assert install < job["steps"].index(graders[0]), "install before the first grader, outside its time limit"


def test_collecting_every_day_imports_no_heavy_library():
    code = ("import sys, pytest; pytest.main(['--collect-only', '-q', '-p', 'no:cacheprovider', 'katas']); "
            "print('HEAVY', [m for m in ('torch', 'transformers', 'xgboost', 'sklearn', 'seaborn') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], cwd=days.ROOT, capture_output=True, text=True).stdout
    assert "HEAVY []" in out, out[-2000:]


def test_make_test_lints_the_workflows_with_actionlint(monkeypatch, tmp_path):
    from katalib import selfcheck

    bad = tmp_path / "classroom.yml"
    text = classroom.workflow_yaml()
    assert "${{steps.day01.outputs.result}}" in text
    bad.write_text(text.replace("${{steps.day01.outputs.result}}", "${{steps.day01.output.result}}"), encoding="utf-8")
    monkeypatch.setattr(classroom, "WORKFLOW", bad)
    problems = selfcheck.check_workflows()
    assert problems and "actionlint" in problems[0] and "classroom.yml" in problems[0], problems
