"""Judge the tests a learner writes: run their test file against a correct module and broken ones.

Days that ask for the learner's own unit tests (metrics, a data loader) check them the way a
reviewer would: the file must pass on correct code and fail on each plausible bug. Each variant
gets its own folder holding the module and a copy of the learner's test file; one plain pytest run
(no kata plugin, no KATAS_TARGET: as the learner's CI would run it) reports every variant.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def variants(correct: str, broken: dict[str, tuple[str, str]]) -> dict[str, str]:
    """{"correct": correct, name: correct with one (old, new) replacement, ...}."""
    out = {"correct": correct}
    for name, (old, new) in broken.items():
        assert old in correct, f"internal: {name} does not apply"
        out[name] = correct.replace(old, new)
    return out


def run_against(test_file: Path, module: str, codes: dict[str, str], root: Path,
                env: dict[str, str] | None = None) -> dict[str, tuple[int, int, str]]:
    """Run test_file against each module text; {variant: (tests run, tests failed or errored, output tail)}."""
    (root / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    for name, code in codes.items():
        folder = root / name.replace("-", "_")
        folder.mkdir()
        (folder / f"{module}.py").write_text(code, encoding="utf-8")
        (folder / Path(test_file).name).write_text(Path(test_file).read_text(encoding="utf-8"), encoding="utf-8")
    report = root / "report.xml"
    run_env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    for key in ("KATAS_TARGET", "PYTEST_ADDOPTS", "PYTEST_PLUGINS"):  # run the file plainly
        run_env.pop(key, None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib",
         "-c", str(root / "pytest.ini"), "--rootdir", str(root), f"--junitxml={report}", "-o", "junit_family=xunit1",
         *[n.replace("-", "_") for n in codes]],
        cwd=root, env=run_env, capture_output=True, text=True, timeout=150)
    outcomes = {name: [0, 0] for name in codes}
    folder_of = {name.replace("-", "_"): name for name in codes}
    if report.exists():
        for case in ET.parse(report).getroot().iter("testcase"):
            top = re.split(r"[./]", case.get("classname", "") or case.get("file", ""))[0]
            if top in folder_of:
                outcomes[folder_of[top]][0] += 1
                if case.find("failure") is not None or case.find("error") is not None:
                    outcomes[folder_of[top]][1] += 1
    tail = (proc.stdout + proc.stderr)[-1500:]
    return {name: (run, failed, tail) for name, (run, failed) in outcomes.items()}
