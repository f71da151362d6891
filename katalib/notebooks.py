"""`make notebook DAY=07`: the day's Jupyter notebook, next to the learner's module.

The notebook (`day07.ipynb`) is paired by jupytext with a plain-text twin (`day07.py`, percent
format) so a diff stays readable; Jupyter with jupytext keeps the two in sync. It holds the day's
goal and tasks (from its README), a cell that loads the learner's module with autoreload (edit the
.py file, re-run a cell, the change is there), and a check cell: `check("day07")` runs the day's
tests in a subprocess and shows a per-task table. Nothing existing is ever overwritten: when either
file is there, the notebook is opened as it is (the .ipynb is rebuilt from the twin if only the
twin exists).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from katalib import days, stubgen

SETUP = '''%load_ext autoreload
%autoreload 2
import sys
from pathlib import Path

# the repository root (it holds katalib/), so `from katalib import check` works from this folder
root = next(p for p in [Path.cwd(), *Path.cwd().parents] if (p / "katalib").is_dir())
sys.path.insert(0, str(root))
sys.path.insert(0, str(Path.cwd()))
from katalib import check, hint
'''


def paths(day: days.Day, folder: Path | None = None) -> tuple[Path, Path]:
    """(notebook, plain-text twin) of a day, in its katas/ folder unless another folder is given."""
    folder = Path(folder) if folder is not None else day.kata_dir
    return folder / f"{day.id}.ipynb", folder / f"{day.id}.py"


def _sections(readme: str) -> tuple[str, list[str]]:
    """The README's Goal paragraph and its '## Task N' sections (Markdown)."""
    parts = re.split(r"(?m)^(?=## )", readme)
    goal = next((p.split("\n", 1)[1].strip() for p in parts if p.startswith("## Goal")), "")
    tasks = [p.strip() for p in parts if re.match(r"## Task \d+", p)]
    return goal, tasks


def build(day: days.Day):
    """The notebook of a day as an nbformat object (not written)."""
    import nbformat

    v4 = nbformat.v4
    readme = (day.kata_dir / "README.md").read_text(encoding="utf-8")
    goal, tasks = _sections(readme)
    modules = [p.stem for p in stubgen.solution_modules(day) if not p.name.startswith("test_")] or [
        p.stem for p in day.kata_dir.glob("*.py") if not p.name.startswith(("test_", day.id))]
    imports = "\n".join(f"import {m}" for m in modules)
    cells = [
        v4.new_markdown_cell(f"# {day.id} — {day.title}\n\n{goal}\n\nYour code goes in "
                             + ", ".join(f"`{m}.py`" for m in modules)
                             + " (next to this notebook): edit it there, then re-run the cells here. "
                             "The README in this folder has the reading list and the hints."),
        v4.new_code_cell(SETUP + imports),
    ]
    for text in tasks:
        cells.append(v4.new_markdown_cell(text))
        cells.append(v4.new_code_cell("# try your function here"))
    cells.append(v4.new_markdown_cell(f"## Check your work\n\nRuns {day.id}'s tests on your current code "
                                      f"(as `make {day.id}`). `check(\"{day.id}\", task=1)` runs one task; "
                                      f"`hint(\"{day.id}\")` shows the next hint."))
    cells.append(v4.new_code_cell(f'check("{day.id}")'))
    nb = v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["jupytext"] = {"formats": "ipynb,py:percent"}
    return nb


def create(day_id: str, folder: Path | None = None) -> tuple[Path, bool]:
    """Write the day's notebook and its twin unless one exists; returns (notebook path, created?)."""
    import jupytext

    day = days.get(day_id)
    if not day.ready:
        raise ValueError(f"{day.id} ({day.title}) is not written yet (coming soon)")
    notebook, twin = paths(day, folder)
    if notebook.exists():
        return notebook, False
    if twin.exists():  # the learner kept only the plain-text form: rebuild the notebook from it
        jupytext.write(jupytext.read(twin), notebook, fmt="ipynb")
        return notebook, False
    nb = build(day)
    notebook.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(nb, notebook, fmt="ipynb")
    jupytext.write(nb, twin, fmt="py:percent")
    return notebook, True


def open_notebook(day_id: str) -> int:
    """`make notebook DAY=07`: create if needed, then open it in JupyterLab (KATAS_NO_BROWSER=1: only create)."""
    try:
        notebook, created = create(day_id)
    except (KeyError, ValueError) as exc:
        print(f"make notebook DAY={day_id}: {exc.args[0]}")
        return 2
    shown = notebook.relative_to(days.ROOT)
    print(f"{'created' if created else 'kept    '} {shown} (paired with {shown.with_suffix('.py')})")
    lab = shutil.which("jupyter-lab", path=os.path.dirname(sys.executable))
    if os.environ.get("KATAS_NO_BROWSER") or lab is None:
        print(f"open it with: .venv/bin/jupyter lab {shown}")
        return 0
    try:
        return subprocess.run([lab, str(notebook)], cwd=days.ROOT).returncode
    except KeyboardInterrupt:
        return 0
