"""Day 01 — Environment & Git: requirements, installed versions, HEAD commit, the report, venv detection."""
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from katalib import days, kata

HASH = re.compile(r"^[0-9a-f]{40}$")


@pytest.fixture(scope="module")
def envcheck():
    return kata.load("day01", "envcheck")


def _fake_distribution(site: Path, name: str, version: str) -> None:
    """A minimal installed-package record (what pip leaves in site-packages) that importlib.metadata reads."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")


@pytest.fixture
def fake_site(tmp_path, monkeypatch):
    """Two made-up packages 'installed' for this test only: katas-fake-alpha 1.10.0 and katas-fake-beta 0.9.12."""
    site = tmp_path / "site-packages"
    _fake_distribution(site, "katas-fake-alpha", "1.10.0")
    _fake_distribution(site, "katas-fake-beta", "0.9.12")
    monkeypatch.syspath_prepend(str(site))
    return site


@pytest.fixture
def git(tmp_path, monkeypatch):
    """Run git in a folder with a known identity and no user or system configuration, on any machine."""
    if shutil.which("git") is None:
        pytest.fail("git is not installed (or not on PATH): install it first, today's tasks need it", pytrace=False)
    empty_config = tmp_path / "gitconfig"
    empty_config.write_text("", encoding="utf-8")
    for key, value in {
        "GIT_AUTHOR_NAME": "Kata Learner", "GIT_AUTHOR_EMAIL": "learner@example.com",
        "GIT_COMMITTER_NAME": "Kata Learner", "GIT_COMMITTER_EMAIL": "learner@example.com",
        "GIT_CONFIG_GLOBAL": str(empty_config), "GIT_CONFIG_NOSYSTEM": "1",
        # never discover a repository above tmp_path (a plain folder must stay a plain folder)
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
    }.items():
        monkeypatch.setenv(key, value)

    def run(folder: Path, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, f"test setup: git {' '.join(args)} failed: {done.stderr}"
        return done.stdout.strip()

    return run


@pytest.fixture
def empty_repo(tmp_path, git):
    repo = tmp_path / "ml-roadmap"
    repo.mkdir()
    git(repo, "init", "-q")
    return repo


@pytest.fixture
def repo(empty_repo, git):
    """The curriculum's first commit: a blank README.md."""
    (empty_repo / "README.md").write_text("", encoding="utf-8")
    git(empty_repo, "add", "README.md")
    git(empty_repo, "commit", "-q", "-m", "Initial commit: blank README")
    return empty_repo


def _versions_equal(a, b) -> bool:
    from packaging.version import Version

    return a is None and b is None or a is not None and b is not None and Version(str(a)) == Version(str(b))


# ---------------------------------------------------------------- Task 1: parse_requirements

@pytest.mark.task(1)
@pytest.mark.parametrize("line, name, minimum", [
    pytest.param("numpy>=1.26", "numpy", "1.26", id="greater-or-equal"),
    pytest.param("pandas==2.3.3", "pandas", "2.3.3", id="exact-pin"),
    pytest.param("scikit-learn>=1.3,<2", "scikit-learn", "1.3", id="range-takes-the-lower-bound"),
    pytest.param("requests~=2.31", "requests", "2.31", id="compatible-release"),
    pytest.param("black", "black", None, id="no-version-means-none"),
    pytest.param("uvicorn[standard]>=0.30", "uvicorn", "0.30", id="extras-dropped"),
])
def test_parse_requirements_reads_the_minimum_of_one_line(envcheck, line, name, minimum):
    got = envcheck.parse_requirements(line + "\n")
    assert isinstance(got, dict), f"parse_requirements({line!r}) returned {type(got).__name__}, expected a dict"
    assert list(got) == [name], f"parse_requirements({line!r}) has keys {list(got)}, expected [{name!r}]"
    assert got[name] is None or isinstance(got[name], str), (
        f"parse_requirements({line!r})[{name!r}] is a {type(got[name]).__name__}, expected the version as a str "
        "(spec.version), or None")
    assert _versions_equal(got[name], minimum), (
        f"parse_requirements({line!r})[{name!r}] is {got[name]!r}, expected {minimum!r}")


@pytest.mark.task(1)
def test_parse_requirements_skips_comments_blank_lines_and_options(envcheck):
    text = ("# the ML stack\n\n-c requirements/lock.txt\n-r base.txt\n--index-url https://pypi.org/simple\n"
            "matplotlib>=3.8  # plots\n   \njupyterlab\n")
    got = envcheck.parse_requirements(text)
    assert list(got) == ["matplotlib", "jupyterlab"], (
        f"parse_requirements kept {list(got)}; expected only matplotlib and jupyterlab: skip blank lines, "
        "'#' comments (also at the end of a line) and lines starting with '-'")
    assert _versions_equal(got["matplotlib"], "3.8"), f"matplotlib>=3.8 gave {got['matplotlib']!r}, expected '3.8'"


@pytest.mark.task(1)
def test_parse_requirements_normalises_names_like_pip(envcheck):
    got = envcheck.parse_requirements("Scikit_Learn>=1.3\nJupyterLab\nruamel.yaml>=0.18\n")
    assert list(got) == ["scikit-learn", "jupyterlab", "ruamel-yaml"], (
        f"keys {list(got)}; pip treats Scikit_Learn and scikit-learn as the same name: lower case, and "
        "'-', '_', '.' all become '-' (packaging.utils.canonicalize_name)")


@pytest.mark.task(1)
def test_parse_requirements_reads_the_projects_own_requirements_file(envcheck):
    text = (days.ROOT / "requirements.txt").read_text(encoding="utf-8")
    from packaging.utils import canonicalize_name

    expected = {canonicalize_name(re.split(r"[=<>~!\[;#\s]", line.strip())[0]) for line in text.splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "-"))}  # a name pinned per platform counts once
    got = envcheck.parse_requirements(text)
    assert sorted(got) == sorted(expected), f"parse_requirements(requirements.txt) found {sorted(got)}, expected {sorted(expected)}"
    unpinned = [name for name, minimum in got.items() if minimum is None]
    assert not unpinned, f"every line of requirements.txt is pinned with ==, but these came back None: {unpinned}"


# ---------------------------------------------------------------- Task 2: check_environment

@pytest.mark.task(2)
def test_check_environment_reports_the_running_python_version(envcheck):
    got = envcheck.check_environment({})
    assert isinstance(got, dict) and "python" in got, f"check_environment({{}}) returned {got!r}, expected a dict with 'python'"
    assert got["python"] == platform.python_version(), (
        f"'python' is {got['python']!r}, expected {platform.python_version()!r} (platform.python_version(), not sys.version)")


@pytest.mark.task(2)
def test_check_environment_gives_one_entry_per_package_in_order(envcheck, fake_site):
    got = envcheck.check_environment({"katas-fake-beta": "0.1", "katas-fake-alpha": None})
    packages = got.get("packages")
    assert isinstance(packages, list) and len(packages) == 2, f"'packages' is {packages!r}, expected a list of 2 dicts"
    for entry in packages:
        assert set(entry) >= {"name", "required", "installed", "ok"}, f"entry {entry!r} lacks name/required/installed/ok"
    assert [p["name"] for p in packages] == ["katas-fake-beta", "katas-fake-alpha"], "keep the order of the requirements"
    assert [p["required"] for p in packages] == ["0.1", None], (
        f"'required' values {[p['required'] for p in packages]}, expected ['0.1', None]: the minimum as given")
    assert packages[0]["installed"] == "0.9.12" and packages[1]["installed"] == "1.10.0", (
        f"installed versions {[p['installed'] for p in packages]}, expected ['0.9.12', '1.10.0']: ask importlib.metadata.version")


@pytest.mark.task(2)
@pytest.mark.parametrize("name, minimum, ok", [
    pytest.param("katas-fake-alpha", "1.9", True, id="1.10.0-meets-1.9-compare-numbers-not-strings"),
    pytest.param("katas-fake-alpha", "1.10", True, id="1.10.0-meets-exactly-1.10"),
    pytest.param("katas-fake-alpha", "1.10.1", False, id="1.10.0-misses-1.10.1"),
    pytest.param("katas-fake-beta", "0.9.2", True, id="0.9.12-meets-0.9.2"),
    pytest.param("katas-fake-beta", "1.0", False, id="0.9.12-misses-1.0"),
    pytest.param("katas-fake-beta", None, True, id="no-minimum-any-version-is-ok"),
])
def test_check_environment_compares_versions_as_versions(envcheck, fake_site, name, minimum, ok):
    (entry,) = envcheck.check_environment({name: minimum})["packages"]
    assert entry["ok"] is ok, (
        f"{name} {entry['installed']} against minimum {minimum!r}: ok={entry['ok']!r}, expected {ok}. "
        "Strings compare letter by letter ('1.10' < '1.9'); packaging.version.Version compares numbers")


@pytest.mark.task(2)
@pytest.mark.parametrize("minimum", [pytest.param("1.0", id="with-a-minimum"), pytest.param(None, id="no-minimum")])
def test_check_environment_reports_a_missing_package_without_crashing(envcheck, fake_site, minimum):
    (entry,) = envcheck.check_environment({"katas-not-a-real-package": minimum})["packages"]
    assert entry["installed"] is None, f"a package that is not installed has installed={entry['installed']!r}, expected None"
    assert entry["ok"] is False, (
        f"katas-not-a-real-package (minimum {minimum!r}) is not installed, yet ok={entry['ok']!r}: a package that is "
        "not installed is never ok, even when any version would do")


@pytest.mark.task(2)
def test_check_environment_finds_the_installed_numpy(envcheck):
    import numpy

    (entry,) = envcheck.check_environment({"numpy": "1.0"})["packages"]
    assert entry["installed"] == numpy.__version__ and entry["ok"] is True, (
        f"numpy: {entry!r}, expected installed={numpy.__version__!r} and ok=True")


@pytest.mark.task(2)
def test_check_environment_accepts_requirements_text(envcheck, fake_site):
    got = envcheck.check_environment("# mine\nkatas-fake-alpha>=1.9\nkatas_fake_beta>=1.0\n")
    summary = [(p["name"], p["ok"]) for p in got["packages"]]
    assert summary == [("katas-fake-alpha", True), ("katas-fake-beta", False)], (
        f"check_environment(<requirements text>) gave {summary}: parse text with parse_requirements first")


# ---------------------------------------------------------------- Task 3: head_commit

@pytest.mark.task(3)
def test_head_commit_of_a_repository_with_a_commit_is_its_full_hash(envcheck, repo, git):
    got = envcheck.head_commit(repo)
    assert isinstance(got, str), f"head_commit(<repo with one commit>) returned {got!r}, expected a str"
    assert HASH.match(got), f"head_commit returned {got!r}, expected 40 lowercase hex characters (no newline)"
    assert got == git(repo, "rev-parse", "HEAD"), (
        "head_commit returned a hash that is not `git rev-parse HEAD` of that folder: run git with cwd=folder")


@pytest.mark.task(3)
def test_head_commit_follows_the_latest_commit(envcheck, repo, git):
    first = git(repo, "rev-parse", "HEAD")
    (repo / "notes.md").write_text("day 1\n", encoding="utf-8")
    git(repo, "add", "notes.md")
    git(repo, "commit", "-q", "-m", "notes")
    got = envcheck.head_commit(str(repo))
    assert got == git(repo, "rev-parse", "HEAD") != first, f"after a second commit head_commit returned {got!r}, expected the new HEAD"


@pytest.mark.task(3)
def test_head_commit_asks_git_even_when_the_refs_are_packed_and_from_a_subfolder(envcheck, repo, git):
    (repo / "src").mkdir()
    (repo / "src" / "model.py").write_text("", encoding="utf-8")
    git(repo, "add", "src")
    git(repo, "commit", "-q", "-m", "a subfolder")
    git(repo, "pack-refs", "--all")  # the branch's loose ref file under .git/refs is gone: only git knows HEAD now
    expected = git(repo, "rev-parse", "HEAD")
    got = envcheck.head_commit(repo)
    assert got == expected, (
        f"head_commit(<repo whose refs are packed>) returned {got!r}, expected {expected}: ask git "
        "(git rev-parse HEAD through subprocess) rather than reading files under .git")
    got = envcheck.head_commit(repo / "src")
    assert got == expected, (
        f"head_commit(<a subfolder of the repository>) returned {got!r}, expected {expected}: a folder inside a "
        "repository is in that repository (git finds it from there)")


@pytest.mark.task(3)
def test_head_commit_of_a_repository_without_commits_is_none(envcheck, empty_repo):
    got = envcheck.head_commit(empty_repo)
    assert got is None, (
        f"head_commit(<fresh `git init`, no commit>) returned {got!r}, expected None; "
        "`git rev-parse HEAD` fails there (and still prints 'HEAD'): check the return code")


@pytest.mark.task(3)
@pytest.mark.parametrize("make", [
    pytest.param(lambda p: p.mkdir(), id="plain-folder"),
    pytest.param(lambda p: None, id="missing-folder"),
])
def test_head_commit_of_a_folder_that_is_no_repository_raises_a_clear_error(envcheck, tmp_path, git, make):
    folder = tmp_path / "just-a-folder"
    make(folder)
    with pytest.raises(envcheck.NotAGitRepositoryError) as info:
        envcheck.head_commit(folder)
    assert "just-a-folder" in str(info.value), f"the message {str(info.value)!r} should name the folder"


# ---------------------------------------------------------------- Task 4: the report (deliverable)

REQUIREMENTS = {"katas-fake-alpha": "1.9", "katas-fake-beta": "1.0", "katas-not-a-real-package": "0.1"}


def _row(text: str, name: str) -> str:
    rows = [line for line in text.splitlines() if line.lstrip().startswith("|") and name in line]
    assert len(rows) == 1, f"expected one table row for {name}, found {len(rows)}: {rows}"
    return rows[0].lower()


@pytest.fixture
def report_text(envcheck, fake_site, repo, outdir):
    path = envcheck.write_report(outdir / "env_report.md", REQUIREMENTS, repo)
    assert isinstance(path, Path), f"write_report returned a {type(path).__name__}, expected the pathlib.Path it wrote"
    assert path == outdir / "env_report.md", f"write_report returned {path!r}, expected the path it wrote"
    return (outdir / "env_report.md").read_text(encoding="utf-8")


@pytest.mark.task(4)
def test_report_is_markdown_with_a_title_and_a_table(report_text):
    assert report_text.lstrip().startswith("#"), "the report should start with a Markdown title line ('# ...')"
    table = [line.strip() for line in report_text.splitlines() if line.strip().startswith("|")]
    assert len(table) == 2 + len(REQUIREMENTS), f"expected a header, a separator and {len(REQUIREMENTS)} rows, got {table}"
    assert re.match(r"^\|(\s*:?-{3,}:?\s*\|)+$", table[1]), f"the second table line should be the separator |---|---|, got {table[1]!r}"


@pytest.mark.task(4)
def test_report_states_the_python_version_and_the_head_commit(report_text, repo, git):
    assert platform.python_version() in report_text, f"the report should state the Python version {platform.python_version()}"
    assert git(repo, "rev-parse", "HEAD") in report_text, "the report should state the full hash of the repository's HEAD commit"


@pytest.mark.task(4)
@pytest.mark.parametrize("name, shown, status", [
    pytest.param("katas-fake-alpha", "1.10.0", "ok", id="new-enough-is-ok"),
    pytest.param("katas-fake-beta", "0.9.12", "too old", id="older-than-minimum-is-too-old"),
    pytest.param("katas-not-a-real-package", "not installed", "not installed", id="missing-is-not-installed"),
])
def test_report_row_shows_the_installed_version_and_status(report_text, name, shown, status):
    row = _row(report_text, name)
    assert shown in row, f"the row of {name} should show {shown!r}: {row!r}"
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    assert len(cells) == 4 and cells[1] == REQUIREMENTS[name], (
        f"the row of {name} should have 4 cells (package, required, installed, status) with the minimum "
        f"{REQUIREMENTS[name]!r} as required: {cells}")
    others = {"ok", "too old", "not installed"} - {status}
    assert re.search(rf"\b{status}\b", row) and not any(re.search(rf"\b{o}\b", row) for o in others), (
        f"the row of {name} should have the status {status!r} and no other: {row!r}")


@pytest.mark.task(4)
def test_report_of_a_repository_without_commits_says_so(envcheck, fake_site, empty_repo, outdir):
    path = envcheck.write_report(outdir / "env_report.md", {"katas-fake-alpha": None, "katas-not-a-real-package": None},
                                 empty_repo)
    text = (outdir / "env_report.md").read_text(encoding="utf-8")
    row = _row(text, "katas-not-a-real-package")
    assert re.search(r"\bnot installed\b", row) and not re.search(r"\b(ok|too old)\b", row), (
        f"a missing package with no minimum is still 'not installed' (not ok): {row!r}")
    assert "no commit yet" in text.lower(), "for a repository without commits the report should say 'no commit yet'"
    assert not re.search(r"\b[0-9a-f]{40}\b", text), "a repository without commits has no hash to show"


# ---------------------------------------------------------------- Task 5 (stretch): in_virtualenv

@pytest.mark.task(5)
@pytest.mark.stretch
def test_in_virtualenv_is_true_when_prefix_differs_from_base_prefix(envcheck, monkeypatch):
    monkeypatch.setattr(sys, "prefix", "/home/me/ml-roadmap/.venv")
    monkeypatch.setattr(sys, "base_prefix", "/usr/local")
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    monkeypatch.delenv("CONDA_PREFIX", raising=False)
    assert envcheck.in_virtualenv() is True, (
        "with sys.prefix != sys.base_prefix (and VIRTUAL_ENV unset) in_virtualenv() should be True: "
        "read sys.prefix and sys.base_prefix when the function is called, not an environment variable")


@pytest.mark.task(5)
@pytest.mark.stretch
def test_in_virtualenv_is_false_when_prefix_equals_base_prefix(envcheck, monkeypatch):
    monkeypatch.setattr(sys, "prefix", "/usr/local")
    monkeypatch.setattr(sys, "base_prefix", "/usr/local")
    monkeypatch.setenv("VIRTUAL_ENV", "/somewhere/else/.venv")  # stale: an activated shell says nothing about this interpreter
    assert envcheck.in_virtualenv() is False, (
        "with sys.prefix == sys.base_prefix in_virtualenv() should be False, whatever VIRTUAL_ENV says")


def _ask_interpreter(python: str) -> str:
    """Run in_virtualenv() of the day's module under another Python and return what it printed."""
    import packaging

    module = kata.module_path("day01", "envcheck")
    code = ("import importlib.util; spec = importlib.util.spec_from_file_location('envcheck', r'%s'); "
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); print(m.in_virtualenv())" % module)
    env = {**os.environ, "PYTHONPATH": str(Path(packaging.__file__).parent.parent)}  # packaging, for the module's imports
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, f"{python} could not run in_virtualenv(): {done.stderr.strip().splitlines()[-1:]}"
    return done.stdout.strip()


@pytest.mark.task(5)
@pytest.mark.stretch
def test_in_virtualenv_says_true_inside_a_fresh_venv(envcheck, tmp_path):
    import venv

    venv.create(tmp_path / "venv", with_pip=False)
    bindir = "Scripts" if os.name == "nt" else "bin"
    python = next((tmp_path / "venv" / bindir).glob("python*"))
    assert _ask_interpreter(str(python)) == "True", "in_virtualenv() under a fresh venv's python should print True"


@pytest.mark.task(5)
@pytest.mark.stretch
def test_in_virtualenv_says_false_for_the_base_interpreter(envcheck):
    base = getattr(sys, "_base_executable", sys.executable)
    assert _ask_interpreter(base) == "False", f"in_virtualenv() under the base interpreter {base} should print False"
