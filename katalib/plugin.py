"""The pytest plugin of ml-katas (loaded by the top-level conftest.py).

- Every test under katas/ gets the keywords of its day and week (`-k day04`, `-k week1`).
- Failures read as the learner needs them: a stub's NotImplementedError in one line; an assertion
  by its own message; an exception raised by the learner's code as "your code raised ..." with the
  learner's file and line only; a missing dataset once per run, not once per test.
- An endless loop is bounded: after a test times out, the remaining tests of the same task in that
  file fail at once, naming the test that timed out. Captured output is capped per test.
- After the run, the tests still failing are listed apart: required first (by task), then stretch.
- `--katas-report PATH` writes each test's outcome with its day, task, stretch flag, kind of failure
  and learner-facing message (JSON), the one record that `make dayNN`, `make grade` and `make test`
  read. `--katas-progress` prints one line per day as soon as its tests are done.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from katalib import days

OUTPUT_CAP = 4000  # characters of captured output kept per test and stream
MESSAGE_CAP = 600  # characters of a failure message kept in reports


def pytest_addoption(parser):
    group = parser.getgroup("ml-katas")
    group.addoption("--katas-report", metavar="PATH", default=None, help="write per-test outcomes as JSON")
    group.addoption("--katas-progress", action="store_true", default=False,
                    help="print one line per day (on stderr) as soon as its tests are done")
    group.addoption("--katas-task", type=int, default=None, metavar="N",
                    help="run only the tests marked @pytest.mark.task(N)")


def pytest_configure(config):
    path = config.getoption("--katas-report")
    if path or config.getoption("--katas-progress"):
        config._katas_report = _Report(Path(path) if path else None, progress=config.getoption("--katas-progress"))
        config.pluginmanager.register(config._katas_report, "katas-report")
    config._katas_timed_out = {}
    config._katas_summary = _Summary()
    config.pluginmanager.register(config._katas_summary, "katas-summary")


def pytest_collection_modifyitems(config, items):
    for item in items:
        day = days.day_of_path(item.path)
        if day is not None:
            item.extra_keyword_matches.update({day.id, day.week_id})
    task = config.getoption("--katas-task")
    if task is not None:
        keep = [i for i in items if _task_key(i)[1] == task]
        config.hook.pytest_deselected(items=[i for i in items if _task_key(i)[1] != task])
        items[:] = keep


# ---------------------------------------------------------------- timeout cascade

def _task_key(item) -> tuple[str, object]:
    task = item.get_closest_marker("task")
    return str(item.path), (task.args[0] if task and task.args else None)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    first = item.config._katas_timed_out.get(_task_key(item))
    if first is not None:
        pytest.fail(f"not run: {first} timed out in this task; fix that endless loop first", pytrace=False)


# ---------------------------------------------------------------- learner-facing failures

def _short(text: str, cap: int = MESSAGE_CAP) -> str:
    text = text.strip()
    if len(text) <= cap:
        return text
    cut = text[:cap].rsplit(" ", 1)[0]
    return cut + " …"


def _learner_roots() -> list[Path]:
    from katalib import kata

    return [kata.target_root().resolve()]


def _is_learner_file(path: Path) -> bool:
    path = Path(path).resolve()
    if path.name.startswith("test_") or path.name == "conftest.py":
        return False
    return any(root in path.parents for root in _learner_roots())


def _shown(path) -> str:
    path = Path(path).resolve()
    try:
        return str(path.relative_to(days.ROOT))
    except ValueError:
        return str(path)


def classify(excinfo) -> tuple[str, str]:
    """(kind, learner-facing message) of a failure: kind is one of not-implemented, timeout, data,
    assertion, learner-error, error."""
    value = excinfo.value
    name = type(value).__name__
    if excinfo.errisinstance(NotImplementedError):
        return "not-implemented", str(value) or "a function of this day still raises NotImplementedError"
    if name == "DatasetError":
        return "data", str(value)
    text = getattr(value, "msg", None) if isinstance(value, pytest.fail.Exception) else None
    if text is not None:
        if text.startswith("Timeout (>") and "pytest-timeout" in text:
            seconds = text[len("Timeout (>"):].split("s)", 1)[0]
            return "timeout", (f"timed out after {seconds} s: does a loop in your code never end (a condition "
                               "that never becomes false, an index that never moves)?")
        return "assertion", text
    if isinstance(value, AssertionError):
        message = str(value)
        lines = message.splitlines()
        own = []
        for line in lines:
            if line.startswith("assert ") or line.startswith("AssertionError"):
                break
            own.append(line)
        return "assertion", "\n".join(own).strip() or (lines[0] if lines else "assertion failed")
    learner = [e for e in excinfo.traceback if _is_learner_file(e.path)]
    if learner:
        entry = learner[-1]
        return "learner-error", (f"your code raised {name}: {value} "
                                 f"(at {_shown(entry.path)}:{entry.lineno + 1} in {entry.name})")
    return "error", f"{name}: {value}"


def _learner_traceback(excinfo, when: str) -> str:
    """The failure as the learner needs it: the exception, then only their own file's lines."""
    lines = [f"Your code raised {type(excinfo.value).__name__}: {excinfo.value}"]
    if when != "call":
        lines[0] += " (while preparing this test: a fixture called your code)"
    for entry in excinfo.traceback:
        path = Path(entry.path)
        if _is_learner_file(path) or path.name.startswith("test_"):
            source = str(entry.statement).strip().splitlines()
            code = source[0] if source else ""
            lines.append(f"  {_shown(path)}:{entry.lineno + 1} in {entry.name}\n      {code}")
    return "\n".join(lines)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    meta = _meta(item)
    excinfo = call.excinfo
    if report.failed and excinfo is not None:
        kind, message = classify(excinfo)
        meta.update(kind=kind, message=message if kind == "data" else _short(message))
        day = days.day_of_path(item.path)
        where = f" ({day.id})" if day else ""
        if kind == "not-implemented":
            report.longrepr = f"NOT IMPLEMENTED YET{where}: {message}"
        elif kind == "data":
            first = message.splitlines()[0] if message else "a dataset is missing"
            report.longrepr = f"DATA MISSING{where}: {first} (how to fix it: see the end of this run)"
        elif kind == "timeout" and day is not None:
            item.config._katas_timed_out.setdefault(_task_key(item), item.name)
            report.longrepr = f"TIMEOUT{where}: {message}"
        elif kind == "learner-error":
            report.longrepr = _learner_traceback(excinfo, call.when)
    report.sections = [(title, _cap(text)) for title, text in report.sections]
    report.user_properties.append(("katas", meta))
    return report


def _cap(text: str) -> str:
    if len(text) <= OUTPUT_CAP:
        return text
    return text[:OUTPUT_CAP] + f"\n... [{len(text) - OUTPUT_CAP:,} more characters of output cut]\n"


def _meta(item) -> dict:
    day = days.day_of_path(item.path)
    task = item.get_closest_marker("task")
    return {
        "day": day.id if day else None,
        "stretch": item.get_closest_marker("stretch") is not None,
        "task": task.args[0] if task and task.args else None,
    }


class _Report:
    def __init__(self, path: Path | None, progress: bool = False):
        self.path = path
        self.progress = progress
        self.tests: dict[str, dict] = {}
        self.meta: dict[str, dict] = {}
        self.left: dict[str, int] = {}

    @pytest.hookimpl(trylast=True)  # after -k/-m deselection: only the tests that will run
    def pytest_collection_modifyitems(self, items):
        for index, item in enumerate(items):
            self.meta[item.nodeid] = {**_meta(item), "order": index}
            day = self.meta[item.nodeid]["day"]
            if day:
                self.left[day] = self.left.get(day, 0) + 1

    def pytest_runtest_logreport(self, report):
        meta = {**self.meta.get(report.nodeid, {}), **(dict(report.user_properties).get("katas") or {})}
        entry = self.tests.setdefault(report.nodeid, {**meta, "outcome": "passed"})
        if report.when == "call" or report.outcome != "passed":
            if report.failed:
                entry["outcome"] = "error" if report.when != "call" else "failed"
                entry["kind"] = meta.get("kind", "error")
                text = meta.get("message") or (str(report.longrepr).strip().splitlines() or [""])[-1]
                entry["message"] = text if entry["kind"] == "data" else _short(text)
            elif report.skipped:
                entry["outcome"] = "skipped"
            if hasattr(report, "wasxfail"):
                entry["outcome"] = "xfailed" if report.skipped else "xpassed"
        if report.when == "teardown" and self.progress:
            self._tick(report.nodeid)

    def _tick(self, nodeid: str) -> None:
        day = self.meta.get(nodeid, {}).get("day")
        if not day or day not in self.left:
            return
        self.left[day] -= 1
        if self.left[day] == 0:
            mine = [t for n, t in self.tests.items() if t.get("day") == day and not t.get("stretch")]
            passed = sum(t["outcome"] == "passed" for t in mine)
            print(f"graded {day}: {passed}/{len(mine)} required tests pass", file=sys.__stderr__, flush=True)

    def pytest_sessionfinish(self, session, exitstatus):
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for nodeid, meta in self.meta.items():
            self.tests.setdefault(nodeid, {**meta, "outcome": "not run"})
        data = {"exitstatus": int(exitstatus), "tests": self.tests}
        self.path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- the end of a run

class _Summary:
    """Failures as reported (on the controller too when xdist runs the tests)."""

    def __init__(self):
        self.failures: list[tuple[str, dict]] = []

    def pytest_runtest_logreport(self, report):
        meta = dict(report.user_properties).get("katas")
        if report.failed and meta and "kind" in meta:
            self.failures.append((report.nodeid, meta))


def _is_data(report) -> bool:
    meta = dict(getattr(report, "user_properties", ()) or ()).get("katas") or {}
    return meta.get("kind") == "data"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter, config):
    """Show one missing-dataset failure in full; count the others apart instead of repeating them."""
    stats = terminalreporter.stats
    seen = False
    for key in ("error", "failed"):
        keep = []
        for rep in stats.get(key, []):
            if _is_data(rep):
                if seen:
                    stats.setdefault("data missing", []).append(rep)
                    continue
                seen = True
            keep.append(rep)
        if key in stats:
            stats[key] = keep
    yield
    _katas_summary(terminalreporter, config)


def _katas_summary(terminalreporter, config):
    failures = config._katas_summary.failures
    if not failures:
        return
    write = terminalreporter.write_line
    data = [m for _, m in failures if m.get("kind") == "data"]
    if data:
        write("")
        write(f"DATA MISSING: {len(data)} test(s) could not get their dataset. Once is enough to say how to fix it:")
        for line in data[0]["message"].splitlines():
            write(f"  {line}")
    by_kind = {False: [], True: []}
    for nodeid, meta in failures:
        if meta.get("day") and meta.get("kind") != "data":
            by_kind[bool(meta.get("stretch"))].append((meta.get("task") or 0, nodeid, meta))
    for stretch, title in ((False, "Required tests not passing yet"), (True, "Stretch tests (optional) not passing yet")):
        rows = sorted(by_kind[stretch], key=lambda r: r[0])
        if not rows:
            continue
        write("")
        write(f"{title} ({len(rows)}):")
        for task, nodeid, meta in rows:
            first = (meta.get("message") or "").splitlines()[0] if meta.get("message") else ""
            write(f"  task {task}: {nodeid.split('::', 1)[-1]} — {_short(first, 200)}")
    stuck = sorted({m["day"] for _, m in failures if m.get("day") and not m.get("stretch") and m.get("kind") != "data"})
    for day in stuck:
        write(f"Stuck on {day}? `make hint DAY={day[3:]}` shows the next hint.")
