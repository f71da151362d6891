"""Notebooks: `make notebook DAY=NN` writes a paired notebook once; `check("dayNN")` from a real kernel."""
import os
import subprocess
import sys

import pytest

from katalib import days, notebooks, stubgen

DAY04 = days.get("day04")


def test_a_notebook_is_created_with_its_plain_text_twin_and_the_days_tasks(tmp_path):
    notebook, created = notebooks.create("day04", folder=tmp_path)
    twin = tmp_path / "day04.py"
    assert created and notebook.exists() and twin.exists()
    text = twin.read_text(encoding="utf-8")
    assert "formats: ipynb,py:percent" in text, "the twin is paired by jupytext"
    assert "## Task 1" in text and "## Task 3" in text, "the day's tasks come from its README"
    assert "%autoreload 2" in text and "import linalg" in text, "the learner's module is loaded with autoreload"
    assert 'check("day04")' in text


def test_an_existing_notebook_is_never_overwritten(tmp_path):
    notebook, _ = notebooks.create("day04", folder=tmp_path)
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("try your function here", "my own work"))
    before = notebook.read_bytes()
    again, created = notebooks.create("day04", folder=tmp_path)
    assert not created and again.read_bytes() == before


def test_a_notebook_is_rebuilt_from_its_twin_when_only_the_twin_is_kept(tmp_path):
    notebook, _ = notebooks.create("day04", folder=tmp_path)
    twin = tmp_path / "day04.py"
    twin.write_text(twin.read_text(encoding="utf-8").replace("# try your function here", "x = 41 + 1"))
    notebook.unlink()
    notebooks.create("day04", folder=tmp_path)
    assert "x = 41 + 1" in notebook.read_text(encoding="utf-8")


def test_make_notebook_names_an_unknown_day_clearly():
    env = {**os.environ, "KATAS_NO_BROWSER": "1"}
    result = subprocess.run([sys.executable, "-m", "katalib", "notebook", "41"], cwd=days.ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "no day 41" in result.stdout


def _run_check_cell(notebook, target, monkeypatch) -> str:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("KATAS_TARGET", str(target))
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(DAY04.kata_dir)}}).execute()
    (result,) = [o for o in nb.cells[-1].outputs if o.output_type == "execute_result"]
    return result["data"]["text/plain"]


@pytest.mark.timeout(600)
def test_the_check_cell_in_a_real_kernel_fails_on_the_stub_and_passes_on_the_reference(tmp_path, monkeypatch):
    notebook, _ = notebooks.create("day04", folder=tmp_path)
    stubs = tmp_path / "stubs"
    stubgen.write_tree(stubs, stubgen.stubs([DAY04]))
    on_stub = _run_check_cell(notebook, stubs, monkeypatch)
    assert "0/" in on_stub and "NotImplementedError" not in on_stub and "implement matmul_loops" in on_stub, on_stub
    assert 'hint("day04")' in on_stub
    on_reference = _run_check_cell(notebook, "solutions", monkeypatch)
    assert "every required test passes" in on_reference, on_reference
