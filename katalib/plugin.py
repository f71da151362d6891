"""The pytest plugin of ml-katas (loaded by the top-level conftest.py).

- Every test under katas/ gets the keywords of its day and week (`-k day04`, `-k week1`).
- A stub's NotImplementedError is reported in one line that says what to implement and where.
- `--katas-report PATH` writes each test's outcome with its day, task and stretch flag (JSON), the
  one record that `make dayNN`, `make grade` and `make test` read.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from katalib import days


def pytest_addoption(parser):
    group = parser.getgroup("ml-katas")
    group.addoption("--katas-report", metavar="PATH", default=None, help="write per-test outcomes as JSON")


def pytest_configure(config):
    path = config.getoption("--katas-report")
    if path:
        config._katas_report = _Report(Path(path))
        config.pluginmanager.register(config._katas_report, "katas-report")


def pytest_collection_modifyitems(config, items):
    for item in items:
        day = days.day_of_path(item.path)
        if day is not None:
            item.extra_keyword_matches.update({day.id, day.week_id})


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    report.user_properties.append(("katas", _meta(item)))
    excinfo = call.excinfo
    if report.failed and excinfo is not None and excinfo.errisinstance(NotImplementedError):
        message = str(excinfo.value) or "a function of this day still raises NotImplementedError"
        day = days.day_of_path(item.path)
        where = f" ({day.id})" if day else ""
        report.longrepr = f"NOT IMPLEMENTED YET{where}: {message}"
    return report


def _meta(item) -> dict:
    day = days.day_of_path(item.path)
    task = item.get_closest_marker("task")
    return {
        "day": day.id if day else None,
        "stretch": item.get_closest_marker("stretch") is not None,
        "task": task.args[0] if task and task.args else None,
    }


class _Report:
    def __init__(self, path: Path):
        self.path = path
        self.tests: dict[str, dict] = {}
        self.meta: dict[str, dict] = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            self.meta[item.nodeid] = _meta(item)

    def pytest_runtest_logreport(self, report):
        meta = dict(report.user_properties).get("katas") or self.meta.get(report.nodeid, {})
        entry = self.tests.setdefault(report.nodeid, {**meta, "outcome": "passed"})
        if report.when == "call" or report.outcome != "passed":
            if report.failed:
                entry["outcome"] = "error" if report.when != "call" else "failed"
                text = str(report.longrepr) if report.longrepr else ""
                entry["message"] = text.strip().splitlines()[-1][:500] if text.strip() else ""
            elif report.skipped:
                entry["outcome"] = "skipped"
            if hasattr(report, "wasxfail"):
                entry["outcome"] = "xfailed" if report.skipped else "xpassed"

    def pytest_sessionfinish(self, session, exitstatus):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for nodeid, meta in self.meta.items():
            self.tests.setdefault(nodeid, {**meta, "outcome": "not run"})
        data = {"exitstatus": int(exitstatus), "tests": self.tests}
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def pytest_terminal_summary(terminalreporter):
    failed = terminalreporter.stats.get("failed", []) + terminalreporter.stats.get("error", [])
    stuck = sorted({d.number for r in failed if (d := days.day_of_path(r.nodeid.split("::")[0]))})
    for number in stuck:
        terminalreporter.write_line(f"Stuck on day {number:02d}? `make hint DAY={number:02d}` shows the next hint.")
