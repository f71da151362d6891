"""`make test`: prove the katas are sound.

For every ready day: (1) every test passes on the reference solution, (2) every test fails on the
pristine stub (generated afresh into build/pristine, never the learner's katas/ copy), (3) stubs,
solutions and generated files are in sync. The harness's own tests (tests/) must pass too.
Exit status 0 only when all of that holds; a table per day is printed either way.
"""
from __future__ import annotations

import json
import os
import shutil

from katalib import classroom, days, runner, stubgen


def _workers() -> list[str]:
    n = os.environ.get("KATAS_WORKERS", "auto")
    if n == "auto":
        n = str(min(os.cpu_count() or 1, 4))
    return [] if n in ("0", "1") else ["-n", n, "--dist", "loadfile"]


def check_sources(strict: bool) -> list[str]:
    problems = []
    try:
        rendered = stubgen.stubs()
    except stubgen.StubError as exc:
        return [f"stub generation failed: {exc}"]
    manifest = stubgen.read_manifest()
    for stub in rendered:
        path = days.KATAS / stub.rel
        if manifest.get(stub.rel) != stub.sha256:
            problems.append(f"katas/{stub.rel} is out of date with solutions/{stub.rel}: run `make generate` and commit")
            continue
        if not path.exists():
            problems.append(f"katas/{stub.rel} is missing: run `make generate`")
            continue
        current = path.read_text(encoding="utf-8")
        if current == stub.text:
            continue
        if strict:
            problems.append(f"katas/{stub.rel} differs from the generated stub (KATAS_STRICT=1): run `make generate`")
            continue
        try:
            mine = stubgen.public_api(current)
        except SyntaxError as exc:
            print(f"note: katas/{stub.rel} (your copy) does not parse: {exc}")
            continue
        ref = stubgen.public_api((days.SOLUTIONS / stub.rel).read_text(encoding="utf-8"))
        changed = sorted(k for k in ref if mine.get(k) != ref[k])
        if changed:
            print(f"note: katas/{stub.rel} (your copy) changes the signature of {', '.join(changed)}; the tests expect the original")
    for path, text in classroom.generated().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(f"{path.relative_to(days.ROOT)} is out of date with katas/days.toml: run `make generate` and commit")
    for d in days.ready_days():
        if not (d.kata_dir / "README.md").exists():
            problems.append(f"{d.id}: katas/{d.rel.as_posix()}/README.md is missing")
        if not list(d.kata_dir.glob("test_day*.py")):
            problems.append(f"{d.id}: no test_day*.py in katas/{d.rel.as_posix()}")
    return problems


def check_workflows() -> list[str]:
    """Every workflow (CI here, Classroom in the template) against GitHub's schema, then actionlint."""
    from katalib import actionlint

    files = sorted(str(p) for p in (days.ROOT / ".github" / "workflows").glob("*.yml")) + [str(classroom.WORKFLOW)]
    schema = actionlint.schema_problems(*files)
    if schema:
        return [f"workflow schema check failed:\n{schema}"]
    try:
        findings = actionlint.lint(*files)
    except actionlint.ActionlintUnavailable as exc:
        return [f"actionlint could not check the workflows: {exc}"]
    if findings:
        return ["actionlint: " + "; ".join(f"{f['file']}:{f['line']}:{f['column']} {f['message']}" for f in findings)]
    data = json.loads(classroom.AUTOGRADING.read_text(encoding="utf-8"))
    keys = {"name", "setup", "run", "input", "output", "comparison", "timeout", "points"}
    for t in data.get("tests", []):
        if set(t) != keys or not isinstance(t["points"], int):
            return [f"autograding.json entry {t.get('name')!r} does not have exactly the keys {sorted(keys)}"]
    return []


def main(slow: bool = False, only: str | None = None) -> int:
    """The full check, or with only='day06,day07' just those days' tests (ready or not; for authors)."""
    strict = os.environ.get("KATAS_STRICT") == "1"
    if only:
        ready = [days.get(x) for x in only.split(",")]
        build = runner.BUILD / f"selfcheck-{'-'.join(d.id for d in ready)}"
        problems = []
    else:
        ready = days.ready_days()
        build = runner.BUILD / "selfcheck"
        problems = check_sources(strict) + check_workflows()
    pristine = build / "pristine"
    shutil.rmtree(pristine, ignore_errors=True)
    try:
        stubgen.write_tree(pristine, stubgen.stubs(ready))
    except stubgen.StubError as exc:
        print(f"make test FAILED: {exc}")
        return 1

    print(f"== reference solutions ({len(ready)} days + harness tests) ==", flush=True)
    sol_report = build / "solutions.json"
    code = runner.run_pytest(ready, sol_report, target="solutions", slow=slow, include_harness=not only,
                             extra=["-q", "--tb=short", *_workers()])
    if code == 5:
        problems.append("pytest collected no tests on the solutions")
    sol = runner.read_report(sol_report)
    for nodeid, t in sorted(sol.items()):
        if t["outcome"] != "passed":
            problems.append(f"on the solution, {nodeid} {t['outcome']}: {t.get('message', '')}")

    print("== pristine stubs ==", flush=True)
    stub_report = build / "stubs.json"
    runner.run_pytest(ready, stub_report, target=str(pristine), slow=slow,
                      extra=["-q", "--tb=no", "--no-summary", *_workers()], quiet=True)
    stub = runner.read_report(stub_report)
    for nodeid, t in sorted(stub.items()):
        if t["outcome"] not in ("failed", "error"):
            problems.append(f"on the stub, {nodeid} {t['outcome']}: a test that passes on a stub checks nothing")

    rows = []
    for d in ready:
        mine = lambda rep: {k: v for k, v in rep.items() if v.get("day") == d.id}
        s, p = mine(sol), mine(stub)
        stretch = sum(1 for v in s.values() if v.get("stretch"))
        passed = sum(v["outcome"] == "passed" for v in s.values())
        failed = sum(v["outcome"] in ("failed", "error") for v in p.values())
        if not s:
            problems.append(f"{d.id}: no tests ran")
        ok = s and passed == len(s) and failed == len(p) == len(s)
        rows.append([d.id, d.title, len(s), stretch, f"{passed}/{len(s)}", f"{failed}/{len(p)}", "ok" if ok else "PROBLEM"])
    harness = {k: v for k, v in sol.items() if v.get("day") is None}
    rows.append(["tests/", "harness", len(harness), 0, f"{sum(v['outcome'] == 'passed' for v in harness.values())}/{len(harness)}", "–", ""])
    print()
    print(runner.table(rows, ["day", "title", "tests", "stretch", "pass on solution", "fail on stub", ""]))
    if problems:
        print(f"\nmake test FAILED ({len(problems)} problem(s)):")
        for p in problems:
            print(f"  - {p}")
        return 1
    print(f"\nmake test passed: {len(ready)} days, every test passes on the solution and fails on the stub.")
    return 0
