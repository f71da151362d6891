"""`make grade` / `make dayNN`: run the learner's code and score it per day.

Scoring (points per day come from katas/days.toml): a day earns its points when every required test
passes; stretch tests are reported but never needed. Results go to grading/results.json and
grading/summary.md (also appended to $GITHUB_STEP_SUMMARY when it is set).
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from katalib import days, runner

GRADING = days.ROOT / "grading"


def _rows(results: list[runner.DayResult]) -> list[list[str]]:
    return [
        [r.day, r.title, f"{r.required_passed}/{r.required_total}", f"{r.stretch_passed}/{r.stretch_total}",
         f"{r.points}/{r.points_possible}", r.status]
        for r in results
    ]


HEADER = ["day", "title", "required", "stretch", "points", "status"]
# What a learner's run leaves out: pytest's header (plugin list), its short summary (the plugin prints
# required and stretch failures apart instead) and the benchmark tables.
LEARNER_FLAGS = ["--no-header", "-rN", "--benchmark-quiet"]


def run_days(selector: str) -> int:
    """`make day04` / `make week1`: the tests with pytest's own output, then a per-day verdict."""
    try:
        wanted = days.select(selector)
    except KeyError as exc:
        print(f"make {selector}: {exc.args[0]}. Days are day01 .. day{len(days.all_days()):02d}, weeks week1 .. week8.")
        return 2
    selected = [d for d in wanted if d.ready]
    if not selected:
        print(f"{selector}: not written yet (coming soon: {', '.join(d.id for d in wanted)}).")
        return 1
    from katalib import install

    install.ensure_for(selected)
    report = runner.BUILD / "last-run.json"
    code = runner.run_pytest(selected, report, extra=["--tb=short", *LEARNER_FLAGS])
    if code not in (0, 1):
        print(f"pytest stopped with exit code {code} before finishing the tests (see above).")
        return code
    results = runner.summarise(runner.read_report(report), selected)
    apply_tamper_check(results)
    print()
    print(runner.table(_rows(results), HEADER))
    for r in results:
        if r.tampered:
            print(f"{r.day}: scores 0 because the tests or harness were changed: {', '.join(r.tampered)}. "
                  "Restore them with `git checkout -- <file>`: fix your code, not the tests.")
            continue
        if r.data_missing and not r.done:
            print(f"{r.day}: its dataset is missing, so its tests could not run (see DATA MISSING above); "
                  "this is not a bug in your code.")
            continue
        verdict = "PASSED: well done" if r.done else "not yet: the required tests above must all pass"
        print(f"{r.day}: {verdict} (stretch tests are optional: {r.stretch_passed}/{r.stretch_total}).")
    return 0 if all(r.done for r in results) else 1


def grade(day: str | None = None) -> int:
    try:
        selected = days.ready_days() if day is None else [days.get(day)]
    except KeyError as exc:
        print(f"make grade-day DAY={day}: {exc.args[0]}.")
        return 2
    if not selected[0].ready:
        print(f"{selected[0].id} ({selected[0].title}) is not written yet (coming soon): nothing to grade.")
        return 2
    from katalib import install

    # a day the learner has not touched needs no packages: its stub fails either way
    install.ensure_for([d for d in selected if day is not None or install.started(d)])
    report = GRADING / ("report.json" if day is None else f"report-{selected[0].id}.json")
    extra = ["--tb=line", "-q", *LEARNER_FLAGS] + (["--katas-progress"] if day is None else [])
    code = runner.run_pytest(selected, report, extra=extra, quiet=day is None)
    if code not in (0, 1):
        print(f"grading could not run the tests (pytest exit code {code}).")
        return code
    results = runner.summarise(runner.read_report(report), selected)
    apply_tamper_check(results)
    summary = write_results(results, name="results.json" if day is None else f"results-{selected[0].id}.json")
    print(summary)
    if day is not None:
        return 0 if results[0].done else 1
    return 0


def apply_tamper_check(results: list[runner.DayResult]) -> None:
    """Zero points for a day whose tests (or for every day, whose harness) differ from katalib/integrity.json."""
    from katalib import tools

    harness, per_day = tools.tampered()
    for r in results:
        changed = harness + per_day.get(r.day, [])
        if changed:
            r.tampered = changed
            r.failures.insert(0, "TAMPERED: these files differ from the originals, so this day scores 0: "
                              + ", ".join(changed) + " (restore them with `git checkout -- <file>`)")


def write_results(results: list[runner.DayResult], name: str = "results.json") -> str:
    GRADING.mkdir(exist_ok=True)
    by_id = {r.day: r for r in results}
    rows = []
    for d in days.all_days():
        if d.id in by_id:
            rows.append(by_id[d.id].as_dict())
        else:
            rows.append({"day": d.id, "title": d.title, "points_possible": d.points, "points_earned": 0,
                         "status": "coming soon" if not d.ready else "not graded"})
    earned = sum(r.points for r in results)
    possible = sum(r.points_possible for r in results)
    data = {"points_earned": earned, "points_possible": possible, "days": rows}
    (GRADING / name).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    md = [f"## ml-katas grade: {earned}/{possible} points", "", runner.table(_rows(results), HEADER)]
    failing = []
    for r in results:
        if r.done:
            continue
        if r.tampered:
            failing.append(f"- {r.day}: {r.failures[0]}")
        elif r.data_missing:
            failing.append(f"- {r.day}: data missing: {r.data_missing.splitlines()[0]} (`make data`, or set KATAS_DATA_MIRROR)")
        elif r.status == "not started":
            failing.append(f"- {r.day}: not started (`make {r.day}`)")
        else:
            failing += [f"- {r.day}: {f}" for f in r.failures[:3]]
    if failing:
        md += ["", "First failing required tests, in task order:", "", *failing]
    text = "\n".join(md) + "\n"
    (GRADING / name.replace("results", "summary").replace(".json", ".md")).write_text(text, encoding="utf-8")
    step = os.environ.get("GITHUB_STEP_SUMMARY")
    if step:
        with open(step, "a", encoding="utf-8") as fh:
            fh.write(text)
    return text
