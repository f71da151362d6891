# day01 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 01 — Environment & Git: which packages are installed (and new enough), and which commit is HEAD."""
from __future__ import annotations

import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version


class NotAGitRepositoryError(RuntimeError):
    """Raised by head_commit for a folder that is not (inside) a git repository. Provided."""


def parse_requirements(text: str) -> dict[str, str | None]:
    """Read the minimum version of every package in a requirements-style text.

    One requirement per line (`numpy>=1.26`, `pandas==2.3.3`, `scikit-learn>=1.3,<2`, `black`).
    Blank lines, comments (`# ...`, also after a requirement) and option lines (`-c lock.txt`,
    `-r base.txt`, `--index-url ...`) are skipped.
    Args:
        text: the contents of a requirements file.
    Returns:
        {name: minimum} in the order of the text. The name is normalised the way pip compares names
        (lower case, runs of `-`, `_` and `.` become one `-`: `Scikit_Learn` -> `scikit-learn`; extras
        such as `[standard]` dropped). The minimum is the version of the `>=`, `==` or `~=` specifier,
        as a str; None when the line has none of them (any version will do).
    """
    raise NotImplementedError("day01 task 1: implement parse_requirements() in katas/week1_foundations/day01_environment_git/envcheck.py — split into lines, drop comments and option lines, then packaging's Requirement(line) (README Task 1; `make hint DAY=01`)")


def check_environment(requirements: dict[str, str | None] | str) -> dict:
    """Report the running Python and, for every required package, its installed version.

    Args:
        requirements: {package name: minimum version or None}, or a requirements-style text
            (read with parse_requirements).
    Returns:
        {"python": the running Python's version such as "3.11.7",
         "packages": [{"name": str, "required": str | None, "installed": str | None, "ok": bool}, ...]}
        with one entry per requirement, in the given order. "installed" is the version that
        importlib.metadata finds, None when the package is not installed (never an exception).
        "ok" is True when the package is installed and its version is at least the minimum,
        compared as versions (1.10 is newer than 1.9), or when there is no minimum.
    """
    raise NotImplementedError("day01 task 2: implement check_environment() in katas/week1_foundations/day01_environment_git/envcheck.py — importlib.metadata.version(name), PackageNotFoundError -> None; compare with packaging's Version (README Task 2; `make hint DAY=01`)")


def head_commit(folder) -> str | None:
    """The full hash of the commit HEAD points at in the git repository `folder`, asked of `git`.

    Args:
        folder: str or Path of a folder (it need not be the current directory).
    Returns:
        the 40-character hexadecimal hash (what `git rev-parse HEAD` prints there), or None when
        the folder is a git repository that has no commit yet.
    Raises:
        NotAGitRepositoryError: when the folder does not exist or is not in a git repository; the
            message names the folder.
    """
    raise NotImplementedError('day01 task 3: implement head_commit() in katas/week1_foundations/day01_environment_git/envcheck.py — subprocess.run(["git", "rev-parse", ...], cwd=folder, capture_output=True, text=True) and read returncode (README Task 3; `make hint DAY=01`)')


def write_report(path, requirements: dict[str, str | None] | str, repo) -> Path:
    """Write the day's deliverable: a Markdown report of the environment and the repository's HEAD commit.

    The report has a title line starting with '#', the Python version, a Markdown table with one
    row per package (columns: package, required, installed, status), where status is exactly one
    of "ok", "too old" or "not installed" and a missing version is written "not installed", and the
    HEAD commit's full hash, or the words "no commit yet" for a repository without commits.
    Args:
        path: the Markdown file to write.
        requirements: as for check_environment.
        repo: the git repository's folder (NotAGitRepositoryError propagates if it is none).
    Returns:
        the path written.
    """
    raise NotImplementedError('day01 task 4: implement write_report() in katas/week1_foundations/day01_environment_git/envcheck.py — call check_environment and head_commit, then build the lines of the Markdown text (README Task 4; `make hint DAY=01`)')


def in_virtualenv() -> bool:
    """True when this Python runs inside a virtual environment (venv or virtualenv).

    A virtual environment's interpreter has its own sys.prefix, while sys.base_prefix still points
    at the Python it was made from; outside one the two are equal. Read them when called.
    """
    raise NotImplementedError('day01 task 5: implement in_virtualenv() in katas/week1_foundations/day01_environment_git/envcheck.py — compare sys.prefix with sys.base_prefix (README Task 5; `make hint DAY=01`)')


if __name__ == "__main__":  # provided: `python envcheck.py [requirements.txt] [repo] [report.md]`
    args = sys.argv[1:] + ["requirements.txt", ".", "env_report.md"][len(sys.argv) - 1:]
    written = write_report(args[2], Path(args[0]).read_text(encoding="utf-8"), args[1])
    print(f"wrote {written}")
