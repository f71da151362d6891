"""What a learner reads when something goes wrong: learner-facing messages, bounded endless loops,
a missing dataset said once, the learner's own exception shown in their own file."""
import json
import os
import shutil
import subprocess
import sys
import time

import pytest

from katalib import days, grade, runner

DAY04 = days.get("day04")
DAY03 = days.get("day03")


def broken_copy(tmp_path, day, module, old, new):
    """A target tree holding the reference of `day` with one line changed (a learner's mistake)."""
    folder = tmp_path / "target" / day.rel
    folder.mkdir(parents=True)
    source = (day.solution_dir / f"{module}.py").read_text(encoding="utf-8")
    assert old in source, f"{old!r} not in the reference of {day.id}"
    (folder / f"{module}.py").write_text(source.replace(old, new, 1), encoding="utf-8")
    return tmp_path / "target"


def run_day(day, target, report, *args, env=None):
    full_env = {**os.environ, "KATAS_TARGET": str(target), **(env or {})}
    cmd = [sys.executable, "-m", "pytest", str(day.kata_dir), "-p", "no:cacheprovider", "-m", "not slow",
           f"--katas-report={report}", "--tb=short", *grade.LEARNER_FLAGS, *args]
    return subprocess.run(cmd, cwd=days.ROOT, env=full_env, capture_output=True, text=True, timeout=300)


def test_after_a_timeout_the_rest_of_the_task_fails_at_once_naming_it(tmp_path):
    target = broken_copy(tmp_path, DAY04, "linalg", "    for i in range(n):", "    while True:\n        pass\n    for i in range(n):")
    start = time.perf_counter()
    proc = run_day(DAY04, target, tmp_path / "r.json", "--timeout", "2", "-k", "matmul_loops_matches_numpy")
    elapsed = time.perf_counter() - start
    tests = runner.read_report(tmp_path / "r.json")
    kinds = [t.get("kind") for t in tests.values()]
    assert kinds.count("timeout") == 1, f"exactly one test should wait for the timeout: {kinds}\n{proc.stdout[-3000:]}"
    cascaded = [t["message"] for t in tests.values() if t.get("kind") != "timeout"]
    assert cascaded and all("timed out in this task" in m and "test_matmul_loops_matches_numpy[" in m for m in cascaded)
    assert elapsed < 2 * len(tests), f"{len(tests)} tests took {elapsed:.0f} s: the cascade should not wait again"


def test_captured_output_of_a_chatty_loop_is_capped(tmp_path):
    target = broken_copy(tmp_path, DAY04, "linalg", "    C = np.zeros((n, p))",
                         "    print('x' * 200_000)\n    C = np.zeros((n, p)) + 1")
    proc = run_day(DAY04, target, tmp_path / "r.json", "-k", "not_elementwise", "-rA")
    assert "more characters of output cut" in proc.stdout
    assert len(proc.stdout) < 50_000, f"{len(proc.stdout):,} characters printed for one test"


def test_the_learners_exception_is_shown_in_their_file_without_library_frames(tmp_path):
    target = broken_copy(tmp_path, DAY03, "cleaning", "    out = df.copy()\n", "    out = df.copy()\n    out['Agee'].median()\n")
    proc = run_day(DAY03, target, tmp_path / "r.json", "-k", "impute_age")
    assert "Your code raised KeyError: 'Agee'" in proc.stdout
    assert "cleaning.py" in proc.stdout and "site-packages" not in proc.stdout and "_libs" not in proc.stdout
    messages = [t["message"] for t in runner.read_report(tmp_path / "r.json").values() if t["outcome"] != "passed"]
    assert messages and all(m.startswith("your code raised KeyError") for m in messages)


def test_a_missing_dataset_is_explained_once_and_costs_no_points_verdict(tmp_path):
    offline = {"KATAS_DATA_DIR": str(tmp_path / "empty-cache"), "KATAS_DATA_MIRROR": "",
               "HTTPS_PROXY": "http://127.0.0.1:9", "HTTP_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""}
    proc = run_day(DAY03, "solutions", tmp_path / "r.json", env=offline)
    assert proc.stdout.count("Fix it one of two ways") == 1, proc.stdout[-3000:]
    assert "data missing" in proc.stdout.splitlines()[-1]
    (result,) = runner.summarise(runner.read_report(tmp_path / "r.json"), [DAY03])
    assert result.status == "data missing" and result.failures == []


def test_the_grade_summary_shows_learner_messages_in_task_order(monkeypatch, tmp_path):
    tests = {
        "f::test_b": {"day": "day04", "task": 3, "order": 0, "stretch": False, "outcome": "failed",
                      "kind": "assertion", "message": "the note should state the speed-up"},
        "f::test_a": {"day": "day04", "task": 1, "order": 5, "stretch": False, "outcome": "failed",
                      "kind": "assertion", "message": "matmul_loops returned the transpose"},
        "f::test_ok": {"day": "day04", "task": 2, "order": 1, "stretch": False, "outcome": "passed"},
        "f::test_c": {"day": "day04", "task": 1, "order": 6, "stretch": True, "outcome": "failed",
                      "kind": "assertion", "message": "stretch"},
        "g::test_x": {"day": "day05", "task": 1, "order": 7, "stretch": False, "outcome": "failed",
                      "kind": "not-implemented", "message": "day05 task 1: implement ..."},
        "g::test_y": {"day": "day05", "task": 2, "order": 8, "stretch": False, "outcome": "failed",
                      "kind": "not-implemented", "message": "day05 task 2: implement ..."},
    }
    monkeypatch.setattr(grade, "GRADING", tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    results = runner.summarise(tests, [DAY04, days.get("day05")])
    text = grade.write_results(results)
    lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert lines == [
        "- day04: task 1: test_a: matmul_loops returned the transpose",
        "- day04: task 3: test_b: the note should state the speed-up",
        "- day05: not started (`make day05`)",
    ]


def test_grading_prints_one_line_per_day_as_soon_as_it_is_done(tmp_path):
    from katalib import stubgen

    stubgen.write_tree(tmp_path / "stubs", stubgen.stubs([DAY04]))
    proc = run_day(DAY04, tmp_path / "stubs", tmp_path / "r.json", "--katas-progress", "-q")
    import re

    assert re.search(r"graded day04: 0/\d+ required tests pass", proc.stderr), proc.stderr[-2000:]
