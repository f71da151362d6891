"""Learner and instructor tools: progress, hints, watch mode, the student template, the tamper check.

- progress: the 40-day table from `make grade`'s grading/results.json, with the next day to do.
- hint: the next progressive hint (katas/<week>/<day>/hints.toml) for the first failing task.
- watch: re-run a day's tests on every save (pytest-watcher).
- student_template: a copy of the repository for GitHub Classroom without solutions or the
  reference machinery.
- integrity: sha256 of the tests and the harness (katalib/integrity.json, written by `make
  generate`, checked by `make test`); grading gives zero points to a day whose tests were edited.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from katalib import days, runner

INTEGRITY = days.ROOT / "katalib" / "integrity.json"
HINT_STATE = days.ROOT / "grading" / "hints-shown.json"
HARNESS_FILES = ("conftest.py", "pytest.ini", "Makefile", "katas/days.toml")


# ---------------------------------------------------------------- progress

def progress(results_path: Path | None = None) -> int:
    from katalib import grade

    path = results_path or grade.GRADING / "results.json"
    if not path.exists():
        print(f"no grading results yet ({path}): run `make grade` first.")
        return 1
    data = json.loads(path.read_text(encoding="utf-8"))
    rows, next_day = [], None
    for d in data["days"]:
        status = d["status"]
        req = f"{d['required_passed']}/{d['required_total']}" if "required_total" in d else "–"
        st = f"{d['stretch_passed']}/{d['stretch_total']}" if "stretch_total" in d else "–"
        rows.append([d["day"], d["title"], req, st, f"{d.get('points_earned', 0)}/{d['points_possible']}", status])
        if next_day is None and status in ("not started", "in progress", "tampered", "data missing"):
            next_day = d["day"]
    print(runner.table(rows, ["day", "title", "required", "stretch", "points", "status"]))
    print(f"\nTotal: {data['points_earned']}/{data['points_possible']} points on the days written so far.")
    if next_day:
        print(f"Next: `make {next_day}` (stuck? `make hint DAY={next_day[3:]}`).")
    else:
        print("Every day written so far is done. Well done!")
    return 0


# ---------------------------------------------------------------- hints

def load_hints(day: days.Day) -> dict[int, dict]:
    path = day.kata_dir / "hints.toml"
    if not path.exists():
        return {}
    return {t["number"]: t for t in tomllib.loads(path.read_text(encoding="utf-8")).get("task", [])}


def first_failing_task(day: days.Day) -> tuple[int | None, str | None, dict]:
    """Run the day's tests once; (task, test name, its report entry) of the first failing required
    task (stretch only when every required test passes), or (None, None, {})."""
    report = runner.BUILD / f"hint-{day.id}.json"
    runner.run_pytest([day], report, extra=["-q", "--tb=no", "--no-summary"], quiet=True)
    failing = [(t.get("stretch", False), t.get("task") or 0, t.get("order", 0), nodeid, t)
               for nodeid, t in runner.read_report(report).items() if t["outcome"] != "passed"]
    if not failing:
        return None, None, {}
    failing.sort(key=lambda f: f[:3])  # required before stretch, then by task, then file order
    _, task, _, nodeid, entry = failing[0]
    return task, nodeid.split("::", 1)[-1], entry


def hint(day_id: str) -> int:
    from katalib import install

    day = days.get(day_id)
    install.ensure_for([day])
    hints = load_hints(day)
    if not hints:
        print(f"{day.id} has no hints yet.")
        return 1
    task, test, entry = first_failing_task(day)
    if task is None:
        print(f"{day.id}: every test passes, no hint needed.")
        return 0
    if entry.get("kind") == "data":
        print(f"{day.id}: the tests could not get their dataset, so no hint is used up. Fix the data first:")
        print("  " + entry.get("message", "").replace("\n", "\n  "))
        return 1
    entry = hints.get(task)
    if entry is None:
        print(f"{day.id}: the first failing test is {test}; see README Task {task}.")
        return 0
    state = json.loads(HINT_STATE.read_text(encoding="utf-8")) if HINT_STATE.exists() else {}
    key = f"{day.id}/task{task}"
    level = state.get(key, 0)
    items = entry["hints"]
    shown = items[: min(level + 1, len(items))]
    print(f"{day.id} Task {task} — {entry.get('title', '')} (first failing test: {test})")
    for i, text in enumerate(shown, 1):
        print(f"  hint {i}/{len(items)}: {text}")
    if level + 1 < len(items):
        print(f"  (run `make hint DAY={day.number:02d}` again for the next hint)")
    else:
        print(f"  That was the last hint for this task. Re-read README Task {task}, and the failing test's "
              f"message (`make {day.id}`): it says what came back and what was expected.")
    state[key] = min(level + 1, len(items))
    HINT_STATE.parent.mkdir(exist_ok=True)
    HINT_STATE.write_text(json.dumps(state, indent=1), encoding="utf-8")
    return 0


# ---------------------------------------------------------------- watch

WATCH_PATTERNS = "**/*.py,**/*.toml"


def watch_command(day_id: str) -> list[str]:
    day = days.get(day_id)
    bindir = Path(sys.executable).parent
    folder = str(day.kata_dir.relative_to(days.ROOT))
    runner_exe = os.environ.get("KATAS_WATCH_RUNNER") or str(bindir / "pytest")
    # watchdog 7 matches patterns against the full path, hence "**/" (pytest-watcher's default "*.py" matches nothing)
    return [str(bindir / "ptw"), "--now", "--clear", "--patterns", WATCH_PATTERNS, "--runner", runner_exe,
            folder, folder, "-m", "not slow", "-q"]


def watch(day_id: str) -> int:
    from katalib import install

    install.ensure_for([days.get(day_id)])
    cmd = watch_command(day_id)
    print(f"watching katas/{days.get(day_id).rel.as_posix()}: the tests re-run whenever you save a file (Ctrl-C to stop)")
    # Its own session, so Ctrl-C reaches only this process: the watcher is then stopped quietly
    # instead of printing its own KeyboardInterrupt traceback.
    proc = subprocess.Popen(cmd, cwd=days.ROOT, start_new_session=True)
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        print("\nstopped watching.")
        return 0


# ---------------------------------------------------------------- integrity (tamper check)

def file_sha256(path: Path) -> str:
    """sha256 of the file with CRLF line ends read as LF: a Windows checkout (core.autocrlf) is not tampering."""
    return hashlib.sha256(path.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def protected_files() -> dict[str, Path]:
    files = {f: days.ROOT / f for f in HARNESS_FILES}
    for p in sorted((days.ROOT / "katalib").glob("*.py")):
        rel = p.relative_to(days.ROOT).as_posix()
        if rel not in TEMPLATE_EXCLUDE:  # maintainer-only modules are not in the student template
            files[rel] = p
    for d in days.ready_days():
        for p in sorted(d.kata_dir.glob("test_day*.py")):
            files[p.relative_to(days.ROOT).as_posix()] = p
    return files


def integrity_manifest() -> str:
    data = {rel: file_sha256(p) for rel, p in protected_files().items() if p.exists()}
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def tampered() -> tuple[list[str], dict[str, list[str]]]:
    """(changed harness files, {day id: changed test files}) compared with katalib/integrity.json."""
    if not INTEGRITY.exists():
        return ["katalib/integrity.json (missing)"], {}
    recorded = json.loads(INTEGRITY.read_text(encoding="utf-8"))
    current = protected_files()
    harness, per_day = [], {}
    for rel, digest in recorded.items():
        path = days.ROOT / rel
        if path.exists() and file_sha256(path) == digest:
            continue
        day = days.day_of_path(rel)
        if day is not None:
            per_day.setdefault(day.id, []).append(rel)
        else:
            harness.append(rel)
    for rel in current:
        if rel not in recorded and rel.startswith("katalib/"):
            harness.append(rel)
    ready = {d.id for d in days.ready_days()}
    per_day = {k: v for k, v in per_day.items() if k in ready}
    return harness, per_day


# ---------------------------------------------------------------- student template

TEMPLATE_EXCLUDE = ("solutions", "tests", "CONTRIBUTING.md", "INSTRUCTORS.md", ".github/workflows/ci.yml",
                    "katalib/stubgen.py", "katalib/selfcheck.py", ".ci")
# Files the template gets under another name: the learner's README, and the Classroom workflow,
# which runs only in the student copies (here it would grade the stubs on every push).
TEMPLATE_RENAME = {".github/classroom/README.learner.md": "README.md",
                   ".github/classroom/classroom.yml": ".github/workflows/classroom.yml"}


def _tracked_files() -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=days.ROOT, capture_output=True, check=True)
        files = [f for f in out.stdout.decode().split("\0") if f]
        if files:
            return files
    except (OSError, subprocess.CalledProcessError):
        pass
    skip = {".git", ".venv", "build", "grading", "out", "__pycache__", ".pytest_cache"}
    return [p.relative_to(days.ROOT).as_posix() for p in days.ROOT.rglob("*")
            if p.is_file() and not skip.intersection(p.relative_to(days.ROOT).parts)
            and not p.relative_to(days.ROOT).as_posix().startswith("data/cache")]


def student_template(out: str) -> int:
    target = Path(out).expanduser().resolve()
    if target.exists() and any(target.iterdir()):
        print(f"{target} exists and is not empty: choose a new folder.")
        return 1
    from katalib import stubgen

    pristine = {s.rel: s.text for s in stubgen.stubs()}
    copied = 0
    renamed = set(TEMPLATE_RENAME.values())
    for rel in _tracked_files():
        if any(rel == x or rel.startswith(x + "/") for x in TEMPLATE_EXCLUDE) or rel in renamed:
            continue
        src = days.ROOT / rel
        if not src.is_file():
            continue
        dst = target / TEMPLATE_RENAME.get(rel, rel)
        dst.parent.mkdir(parents=True, exist_ok=True)
        katas_rel = rel.removeprefix("katas/")
        if rel.startswith("katas/") and katas_rel in pristine:
            dst.write_text(pristine[katas_rel], encoding="utf-8")  # the untouched stub, whatever is in katas/ now
        elif rel == ".gitignore":  # a learner commits the deliverables in out/ (ignored here, in the source)
            kept = [line for line in src.read_text(encoding="utf-8").splitlines(keepends=True)
                    if line.strip() not in ("out/", "out")]
            dst.write_text("".join(kept), encoding="utf-8")
        else:
            shutil.copy2(src, dst)
        copied += 1
    print(f"wrote the student template ({copied} files) to {target}")
    print("next: cd there, `git init && git add -A && git commit -m 'ml-katas template'`, push, and mark it a template repository.")
    return 0
