"""Load the module a day's tests exercise.

KATAS_TARGET picks whose code runs: `katas` (default, the learner's), `solutions` (the reference),
or any folder laid out like katas/ (the self-check points it at freshly generated stubs).
"""
from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

from katalib import days

_CACHE: dict[Path, ModuleType] = {}


def target_root() -> Path:
    target = os.environ.get("KATAS_TARGET", "katas").strip() or "katas"
    if target in ("katas", "solutions"):
        return days.ROOT / target
    path = Path(target)
    return path if path.is_absolute() else days.ROOT / path


def module_path(day: str | int, module: str) -> Path:
    return target_root() / days.get(day).rel / f"{module}.py"


class KataModule:
    """The learner's module; a missing name fails the test with a message, not an AttributeError."""

    def __init__(self, module: ModuleType, path: Path):
        self._module = module
        self._path = path

    def __getattr__(self, name: str):
        try:
            return getattr(self._module, name)
        except AttributeError:
            import pytest

            pytest.fail(
                f"{_shown(self._path)} has no `{name}`: did you misname it or forget to define it?",
                pytrace=False,
            )

    def __repr__(self) -> str:
        return f"<kata module {_shown(self._path)}>"


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(days.ROOT))
    except ValueError:
        return str(path)


def load(day: str | int, module: str) -> KataModule:
    """Import `<target>/<week>/<day>/<module>.py`; an import failure fails the calling test."""
    path = module_path(day, module).resolve()
    if path not in _CACHE:
        import pytest

        if not path.exists():
            pytest.fail(f"{_shown(path)} does not exist: the tests for {days.get(day).id} import it.", pytrace=False)
        name = f"kata_{abs(hash(str(path.parent))):x}_{module}"
        spec = importlib.util.spec_from_file_location(name, path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules[name] = mod
        try:
            spec.loader.exec_module(mod)
        except Exception as exc:  # the learner's file: report it as their failure
            del sys.modules[name]
            pytest.fail(f"Could not import {_shown(path)}: {type(exc).__name__}: {exc}", pytrace=False)
        _CACHE[path] = mod
    return KataModule(_CACHE[path], path)
