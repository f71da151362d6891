"""Check a day from a notebook or a REPL: `from katalib import check; check("day07")` (and `hint`).

The day's tests run in a subprocess (a fresh import of the learner's current code), with the same
timeouts, markers and tamper check as `make day07`. The result is an object a notebook displays as
a per-task table (passed/total, the first failure's message) and a REPL prints as text.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field

from katalib import days, runner


@dataclass
class TaskResult:
    task: int
    title: str
    passed: int = 0
    total: int = 0
    stretch: bool = False
    first_failure: str = ""

    @property
    def done(self) -> bool:
        return self.total > 0 and self.passed == self.total


@dataclass
class CheckResult:
    day: str
    title: str
    tasks: list[TaskResult] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)
    data_missing: str = ""

    @property
    def passed(self) -> int:
        return sum(t.passed for t in self.tasks if not t.stretch)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.tasks if not t.stretch)

    @property
    def done(self) -> bool:
        return not self.tampered and not self.data_missing and self.total > 0 and self.passed == self.total

    def _verdict(self) -> str:
        if self.tampered:
            return f"TAMPERED: {', '.join(self.tampered)} changed; restore them with `git checkout -- <file>`"
        if self.data_missing:
            return f"DATA MISSING: {self.data_missing.splitlines()[0]} (run `make data`, or set KATAS_DATA_MIRROR)"
        if self.done:
            return f"{self.day}: every required test passes ({self.passed}/{self.total}). Well done!"
        return (f"{self.day}: {self.passed}/{self.total} required tests pass. "
                f'Stuck? hint("{self.day}") shows the next hint.')

    def _rows(self) -> list[list[str]]:
        return [[f"{t.task}{' (stretch)' if t.stretch else ''}", t.title, f"{t.passed}/{t.total}",
                 "ok" if t.done else t.first_failure] for t in self.tasks]

    def __str__(self) -> str:
        table = runner.table(self._rows(), ["task", "title", "passed", "first failure"])
        return f"{self.day} — {self.title}\n{table}\n{self._verdict()}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        cells = "".join(
            "<tr>" + "".join(f"<td style='text-align:left'>{html.escape(str(c))}</td>" for c in row) + "</tr>"
            for row in self._rows())
        head = "".join(f"<th style='text-align:left'>{h}</th>" for h in ("task", "title", "passed", "first failure"))
        colour = "#1a7f37" if self.done else "#9a6700"
        return (f"<div><b>{html.escape(self.day)} — {html.escape(self.title)}</b>"
                f"<table><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table>"
                f"<p style='color:{colour}'>{html.escape(self._verdict())}</p></div>")


def check(day: str | int, task: int | None = None, *, slow: bool = False) -> CheckResult:
    """Run a day's tests (or one task's) on the current code and return the per-task result."""
    from katalib import grade, tools

    d = days.get(day)
    if not d.ready:
        raise ValueError(f"{d.id} ({d.title}) is not written yet (coming soon)")
    from katalib import install

    install.ensure_for([d])
    report = runner.BUILD / f"check-{d.id}.json"
    extra = ["-q", "--tb=no", "--no-summary", "--no-header"]
    if task is not None:
        extra += ["--katas-task", str(task)]
    runner.run_pytest([d], report, extra=extra, slow=slow, quiet=True)
    tests = runner.read_report(report)
    titles = {n: entry.get("title", "") for n, entry in tools.load_hints(d).items()}
    by_task: dict[tuple[bool, int], TaskResult] = {}
    result = CheckResult(d.id, d.title)
    for nodeid, t in sorted(tests.items(), key=lambda kv: (kv[1].get("task") or 0, kv[1].get("order", 0))):
        number = t.get("task") or 0
        key = (bool(t.get("stretch")), number)
        entry = by_task.setdefault(key, TaskResult(number, titles.get(number, ""), stretch=key[0]))
        entry.total += 1
        if t["outcome"] == "passed":
            entry.passed += 1
        elif t.get("kind") != "data" and not entry.first_failure:
            entry.first_failure = f"{nodeid.split('::', 1)[-1]}: {t.get('message', t['outcome'])}"
    result.tasks = [by_task[k] for k in sorted(by_task)]
    (summary,) = runner.summarise(tests, [d])
    grade.apply_tamper_check([summary])
    result.tampered, result.data_missing = summary.tampered, summary.data_missing
    return result


def hint(day: str | int) -> None:
    """The next progressive hint for the first failing task of a day (as `make hint DAY=07`)."""
    from katalib import tools

    tools.hint(str(day))
