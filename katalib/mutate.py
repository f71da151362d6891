"""`python -m katalib mutate dayNN wrong.py`: does a day's test suite reject this solution?

A maintainer's aid for trying wrong (and alternative correct) solutions against a day. The file
need not be a whole module: its top-level definitions (functions, classes, assignments) replace
the reference's ones of the same name in one module of the day, chosen with `--module` or as the
module defining most of those names; every other module of the day stays the reference's. The
result is written to a temporary target tree (laid out like katas/), the day's tests run on it
(KATAS_TARGET), and the verdict is printed with the failing tests and their messages.

Exit status: 0 when the day judges the file as expected (`--expect rejected`, the default: at
least one test fails; `--expect accepted`: every test passes), 1 when not, 2 on a usage error.
When only stretch tests fail, the report says so: the day's points would still be awarded.
"""
from __future__ import annotations

import ast
import shutil
import tempfile
from pathlib import Path

from katalib import days, runner, stubgen


class MutateError(ValueError):
    pass


def _defined(tree: ast.Module) -> dict[str, list[ast.stmt]]:
    """Top-level name -> the statements that bind it (def, class, assignment)."""
    names: dict[str, list[ast.stmt]] = {}
    for node in tree.body:
        targets: list[str] = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            targets = [node.name]
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            for target in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                targets += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
        for name in targets:
            names.setdefault(name, []).append(node)
    return names


def _future_imports(tree: ast.Module) -> list[ast.stmt]:
    return [n for n in tree.body if isinstance(n, ast.ImportFrom) and n.module == "__future__"]


def choose_module(day: days.Day, source: str, module: str | None = None) -> Path:
    """The reference module the file overrides: `module` if given, else the one sharing most names."""
    modules = {p.stem: p for p in stubgen.solution_modules(day)}
    if module is not None:
        name = module.removesuffix(".py")
        if name not in modules:
            raise MutateError(f"{day.id} has no module {name!r}; its modules: {', '.join(sorted(modules))}")
        return modules[name]
    mine = {n for n in _defined(ast.parse(source)) if not n.startswith("__")}
    scores = {stem: len(mine & set(_defined(ast.parse(p.read_text(encoding="utf-8"))))) for stem, p in modules.items()}
    best = max(scores.values(), default=0)
    winners = [stem for stem, score in scores.items() if score == best]
    if best == 0:
        raise MutateError(f"the file defines none of the names of {day.id}'s modules ({', '.join(sorted(modules))})")
    if len(winners) > 1:
        raise MutateError(f"the file's names match several modules of {day.id} ({', '.join(sorted(winners))}): "
                          "pick one with --module")
    return modules[winners[0]]


def _is_main_guard(node: ast.stmt) -> bool:
    """`if __name__ == "__main__":` at the top level."""
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def merge(reference: str, override: str) -> tuple[str, list[str]]:
    """The reference module with the override's top-level definitions in place of its own.

    Returns (source, overridden names). Definitions of the reference that the override binds are
    cut out; the override follows the rest, so its names win and its imports run. The reference's
    `if __name__ == "__main__":` block moves to the very end (so the script sees the override),
    unless the override brings its own.
    """
    ref_tree, new_tree = ast.parse(reference), ast.parse(override)
    new_names = set(_defined(new_tree))
    lines = reference.splitlines(keepends=True)
    drop: set[int] = set()
    overridden = []
    for name, nodes in _defined(ref_tree).items():
        if name not in new_names:
            continue
        overridden.append(name)
        for node in nodes:
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            drop.update(range(first - 1, node.end_lineno))
    guard = ""
    for node in ref_tree.body:
        if _is_main_guard(node):
            span = range(node.lineno - 1, node.end_lineno)
            if not any(_is_main_guard(n) for n in new_tree.body):
                guard += "\n\n" + "".join(lines[i] for i in span)
            drop.update(span)
    kept = "".join(line for i, line in enumerate(lines) if i not in drop)
    over_lines = override.splitlines(keepends=True)
    futures = set()
    for node in _future_imports(new_tree):
        futures.update(range(node.lineno - 1, node.end_lineno))
    body = "".join(line for i, line in enumerate(over_lines) if i not in futures)
    head = ""
    if _future_imports(new_tree) and not _future_imports(ref_tree):
        head = "from __future__ import annotations\n"
    source = f"{head}{kept.rstrip()}\n\n\n# ---- overridden by the file under test ----\n{body.rstrip()}\n{guard}"
    ast.parse(source)
    return source, sorted(overridden)


def build_tree(day: days.Day, wrong: Path, module: str | None, root: Path) -> tuple[Path, list[str]]:
    """Write the day's reference with the override into root (laid out like katas/)."""
    source = wrong.read_text(encoding="utf-8")
    try:
        ast.parse(source)
    except SyntaxError as exc:
        raise MutateError(f"{wrong} does not parse: {exc}") from exc
    target = choose_module(day, source, module)
    dest = root / day.rel
    shutil.copytree(day.solution_dir, dest, ignore=shutil.ignore_patterns("__pycache__"))
    merged, overridden = merge(target.read_text(encoding="utf-8"), source)
    (dest / target.name).write_text(merged, encoding="utf-8")
    return dest / target.name, overridden


def main(day_id: str, path: str, *, module: str | None = None, expect: str = "rejected",
         keyword: str | None = None, slow: bool = False, keep: bool = False) -> int:
    try:
        day = days.get(day_id)
    except KeyError as exc:
        print(exc.args[0])
        return 2
    wrong = Path(path)
    if not wrong.is_file():
        print(f"no file {wrong}")
        return 2
    root = Path(tempfile.mkdtemp(prefix=f"mutate-{day.id}-"))
    try:
        try:
            written, overridden = build_tree(day, wrong.resolve(), module, root)
        except MutateError as exc:
            print(f"mutate: {exc}")
            return 2
        print(f"{day.id}: {wrong} overrides {', '.join(overridden) or '(no reference name: only additions)'} "
              f"in {written.name}; the other modules stay the reference's")
        report = root / "report.json"
        extra = ["-q", "--tb=no", "--no-summary"] + (["-k", keyword] if keyword else [])
        runner.run_pytest([day], report, target=str(root), slow=slow, extra=extra, quiet=True)
        tests = runner.read_report(report)
        if not tests:
            print("no test ran (does -k select any?)")
            return 2
        failed = {n: t for n, t in sorted(tests.items()) if t["outcome"] not in ("passed",)}
        verdict = "rejected" if failed else "accepted"
        if failed:
            print(f"REJECTED: {len(failed)} of {len(tests)} tests fail")
            for nodeid, t in failed.items():
                kind = "stretch " if t.get("stretch") else ""
                message = (t.get("message") or t["outcome"]).replace("\n", " ")
                print(f"  {kind}task {t.get('task')}: {nodeid.split('::', 1)[-1]} — {message}")
            if all(t.get("stretch") for t in failed.values()):
                print("  note: only stretch tests fail, so the day's points would still be awarded")
        else:
            print(f"ACCEPTED: all {len(tests)} tests pass")
        if keep:
            print(f"kept the target tree at {root}")
        return 0 if verdict == expect else 1
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)
