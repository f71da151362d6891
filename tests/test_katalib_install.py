"""Install groups and pins: core for the early weeks, each heavier group when a day needs it, the CPU
build of torch on Linux, wheels on every platform (the online check is `make check-install`)."""
import ast
import importlib.metadata
import sys

import pytest

from katalib import days, install


def marker_env(system: str) -> dict:
    base = {"python_version": "3.11", "python_full_version": "3.11.7", "implementation_name": "cpython",
            "platform_python_implementation": "CPython"}
    return {**base, **{
        "linux": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix"},
        "linux-arm": {"sys_platform": "linux", "platform_system": "Linux", "platform_machine": "aarch64", "os_name": "posix"},
        "macos": {"sys_platform": "darwin", "platform_system": "Darwin", "platform_machine": "arm64", "os_name": "posix"},
        "windows": {"sys_platform": "win32", "platform_system": "Windows", "platform_machine": "AMD64", "os_name": "nt"},
    }[system]}


def chosen(system: str) -> dict[str, str]:
    """name -> pinned version of every requirements.txt line whose marker holds on that system."""
    from packaging.requirements import Requirement

    out = {}
    for line in install.pins():
        req = Requirement(line)
        if req.marker is None or req.marker.evaluate(marker_env(system)):
            out[install._norm(req.name)] = str(req.specifier)
    return out


def test_every_requirement_is_pinned_exactly_and_locked():
    locked = {install._norm(l.split("==")[0]) for l in install.LOCK.read_text().split() if "==" in l}
    for line in install.pins():
        assert "==" in line.split(";")[0], f"{line!r} is not pinned with =="
    unlocked = sorted(set(chosen("linux")) - locked)  # the lock is the resolved set on Linux x86-64
    assert not unlocked, f"in requirements.txt but not in requirements/lock.txt: {unlocked}"


def test_every_group_names_packages_of_requirements_txt():
    names = {install._norm(install.NAME.match(l).group(1)) for l in install.pins()}
    for group, packages in install.group_names().items():
        missing = [p for p in packages if install._norm(p) not in names]
        assert not missing, f"group {group!r} names {missing}, which requirements.txt does not pin"


@pytest.mark.parametrize("system, torch", [
    pytest.param("linux", "==2.13.0+cpu", id="linux-x86_64-cpu-build"),
    pytest.param("linux-arm", "==2.13.0", id="linux-aarch64-pypi-is-cpu"),
    pytest.param("macos", "==2.13.0", id="macos-arm64"),
    pytest.param("windows", "==2.13.0", id="windows-x86_64"),
])
def test_torch_is_a_cpu_build_everywhere(system, torch):
    assert chosen(system)["torch"] == torch


@pytest.mark.parametrize("system, package", [
    ("linux", "xgboost-cpu"), ("macos", "xgboost"), ("windows", "xgboost")])
def test_xgboost_has_a_wheel_on_each_platform(system, package):
    picked = chosen(system)
    assert package in picked and ({"xgboost", "xgboost-cpu"} - {package}).isdisjoint(picked), (
        "xgboost-cpu has Linux wheels only (and must never sit beside xgboost)")


def test_on_linux_x86_64_torch_comes_first_from_the_cpu_index(monkeypatch):
    monkeypatch.setattr(install.sys, "platform", "linux")
    monkeypatch.setattr(install.platform, "machine", lambda: "x86_64")
    monkeypatch.delenv("KATAS_TORCH_INDEX", raising=False)
    first, fallback = install._torch_first(install.requirements_for("deep"))
    assert "torch==2.13.0+cpu" in first and first[first.index("--index-url") + 1] == install.TORCH_CPU_INDEX
    assert "torch==2.13.0+cpu" in fallback and "--index-url" not in fallback


def test_the_early_weeks_need_only_core_and_each_later_week_its_group():
    expected = {1: [], 2: [], 3: [], 4: ["ml"], 5: ["ml"], 6: ["deep"], 7: ["deep"], 8: ["mlops"]}
    own = {30: ["deep", "ml"], 40: ["deep", "mlops"]}  # days that say their own groups
    for d in days.all_days():
        want = own.get(d.number, expected[d.week])
        assert install.day_groups(d) == want, f"{d.id}: groups {install.day_groups(d)}"
    core = {install._norm(install.NAME.match(l).group(1)) for l in install.requirements_for("core")}
    assert core.isdisjoint({"torch", "transformers", "spacy", "wandb", "dvc", "evidently", "shap", "optuna",
                            "fastapi", "tensorboard", "aif360", "fairlearn"}), "heavy packages must not be core"


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_every_package_a_day_imports_is_installed_by_its_groups():
    dists = importlib.metadata.packages_distributions()
    groups = install.group_names()
    owner = {install._norm(p): g for g, packages in groups.items() for p in packages}
    for d in days.ready_days():
        allowed = {"core", *install.day_groups(d)}
        files = [*d.solution_dir.glob("*.py"), *d.kata_dir.glob("test_*.py")]
        for module in sorted(set().union(*(_imports(f) for f in files)) - set(sys.stdlib_module_names)):
            for dist in dists.get(module, []):
                group = owner.get(install._norm(dist))
                assert group is None or group in allowed, (
                    f"{d.id} imports {module} ({dist}, group {group!r}) but days.toml gives it {sorted(allowed)}")
