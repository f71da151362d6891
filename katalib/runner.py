"""Run pytest over some days and read back the per-test report, summarised per day."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from katalib import days

BUILD = days.ROOT / "build"


@dataclass
class DayResult:
    day: str
    title: str
    points_possible: int
    required_total: int = 0
    required_passed: int = 0
    stretch_total: int = 0
    stretch_passed: int = 0
    failures: list[str] = field(default_factory=list)
    tampered: list[str] = field(default_factory=list)
    data_missing: str = ""  # the dataset error, when the day's tests could not get their data

    @property
    def done(self) -> bool:
        return not self.tampered and self.required_total > 0 and self.required_passed == self.required_total

    @property
    def points(self) -> int:
        return self.points_possible if self.done else 0

    @property
    def status(self) -> str:
        if self.tampered:
            return "tampered"
        if self.done:
            return "done"
        if self.data_missing:
            return "data missing"
        if self.required_passed or self.stretch_passed:
            return "in progress"
        return "not started"

    def as_dict(self) -> dict:
        d = asdict(self)
        d.update(points_earned=self.points, status=self.status)
        return d


def run_pytest(
    selected: list[days.Day],
    report: Path,
    *,
    target: str | None = None,
    extra: list[str] | None = None,
    slow: bool = False,
    include_harness: bool = False,
    quiet: bool = False,
) -> int:
    """pytest over the selected days (and tests/ if asked) with KATAS_TARGET=target; returns its exit code."""
    paths = [str(d.kata_dir.relative_to(days.ROOT)) for d in selected]
    if include_harness:
        paths.append("tests")
    env = dict(os.environ)
    if target is not None:
        env["KATAS_TARGET"] = target
    report.parent.mkdir(parents=True, exist_ok=True)
    if report.exists():
        report.unlink()
    cmd = [sys.executable, "-m", "pytest", *paths, f"--katas-report={report}", "-p", "no:cacheprovider"]
    if not slow:
        cmd += ["-m", "not slow"]
    cmd += extra or []
    out = subprocess.DEVNULL if quiet else None
    return subprocess.run(cmd, cwd=days.ROOT, env=env, stdout=out).returncode


def read_report(report: Path) -> dict[str, dict]:
    if not report.exists():
        return {}
    return json.loads(report.read_text(encoding="utf-8"))["tests"]


def summarise(tests: dict[str, dict], selected: list[days.Day]) -> list[DayResult]:
    """Per-day counts; each day's failing required tests in task order (then file order), with their
    learner-facing messages."""
    results = {d.id: DayResult(d.id, d.title, d.points) for d in selected}
    order = lambda item: (item[1].get("task") or 0, item[1].get("order", 0), item[0])
    for nodeid, t in sorted(tests.items(), key=order):
        r = results.get(t.get("day"))
        if r is None:
            continue
        passed = t["outcome"] == "passed"
        if t.get("kind") == "data" and not r.data_missing:
            r.data_missing = t.get("message", "a dataset is missing")
        if t.get("stretch"):
            r.stretch_total += 1
            r.stretch_passed += passed
        else:
            r.required_total += 1
            r.required_passed += passed
            if not passed and t.get("kind") != "data":
                task = f"task {t['task']}: " if t.get("task") else ""
                r.failures.append(f"{task}{nodeid.split('::', 1)[-1]}: {t.get('message', t['outcome'])}")
    return [results[d.id] for d in selected]


def table(rows: list[list[str]], header: list[str]) -> str:
    """A Markdown table that also reads well in a terminal."""
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = lambda r: "| " + " | ".join(str(c).ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([fmt(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(fmt, rows)])
