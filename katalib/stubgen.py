"""Write the learner's stubs from the reference solutions: one source of truth.

A solution marks each body the learner writes:

    def matmul_loops(A, B):
        \"\"\"Docstring the learner sees.\"\"\"
        # BEGIN SOLUTION (task 1) three nested loops over i, j, k
        ...reference code...
        # END SOLUTION

The stub keeps everything outside the markers (signature, docstring, provided code) and turns each
region into `raise NotImplementedError("day04 task 1: implement matmul_loops() in katas/... —
three nested loops over i, j, k (README Task 1)")`. Lines `# STUB: <code>` inside a region are
emitted instead of the raise (for module-level placeholders such as `THRESHOLD = None`).

katas/.pristine.json records the sha256 of every stub as generated. `make generate` writes a stub
only where the learner's file is missing or still equal to that record, so it never overwrites work.
"""
from __future__ import annotations

import ast
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from katalib import days

BEGIN = re.compile(r"^(?P<indent>\s*)# BEGIN SOLUTION \(task (?P<task>\d+)\)\s*(?P<hint>.*)$")
END = re.compile(r"^\s*# END SOLUTION\s*$")
STUB = re.compile(r"^\s*# STUB: ?(?P<code>.*)$")
DEF = re.compile(r"^(?P<indent>\s*)(async\s+)?(def|class)\s+(?P<name>\w+)")
MANIFEST = days.KATAS / ".pristine.json"
HEADER = "# {day_id} — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.\n"


class StubError(ValueError):
    pass


def render(source: str, day: days.Day, rel_module: str) -> str:
    """The stub text for one solution module (rel_module: its path relative to katas/)."""
    out: list[str] = [HEADER.format(day_id=day.id)]
    lines = source.splitlines(keepends=True)
    i = 0
    stack: list[tuple[int, str]] = []  # (indent, name) of enclosing def/class
    while i < len(lines):
        line = lines[i]
        d = DEF.match(line)
        if d:
            indent = len(d.group("indent"))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, d.group("name")))
        m = BEGIN.match(line)
        if not m:
            if END.match(line):
                raise StubError(f"{rel_module}:{i + 1}: END SOLUTION without BEGIN")
            out.append(line)
            i += 1
            continue
        indent = m.group("indent")
        region_indent = len(indent)
        while stack and stack[-1][0] >= region_indent:
            stack.pop()
        where = f"{stack[-1][1]}()" if stack else "the marked code"
        j = i + 1
        stub_lines: list[str] = []
        while j < len(lines) and not END.match(lines[j]):
            if BEGIN.match(lines[j]):
                raise StubError(f"{rel_module}:{j + 1}: nested BEGIN SOLUTION")
            s = STUB.match(lines[j])
            if s:
                stub_lines.append(f"{indent}{s.group('code')}\n")
            j += 1
        if j == len(lines):
            raise StubError(f"{rel_module}:{i + 1}: BEGIN SOLUTION without END SOLUTION")
        task = m.group("task")
        hint = m.group("hint").strip()
        if stub_lines:
            out.extend(stub_lines)
        else:
            message = f"{day.id} task {task}: implement {where} in katas/{rel_module}"
            if hint:
                message += f" — {hint}"
            message += f" (README Task {task}; `make hint DAY={day.number:02d}`)"
            out.append(f"{indent}raise NotImplementedError({message!r})\n")
        i = j + 1
    text = "".join(out)
    try:
        ast.parse(text)
    except SyntaxError as exc:
        raise StubError(f"{rel_module}: the generated stub does not parse: {exc}") from exc
    return text


@dataclass
class Stub:
    rel: str  # relative to katas/ (and solutions/)
    text: str

    @property
    def sha256(self) -> str:
        return sha256_text(self.text)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def solution_modules(day: days.Day) -> list[Path]:
    return sorted(p for p in day.solution_dir.glob("*.py") if not p.name.startswith("_"))


def stubs(selected: list[days.Day] | None = None) -> list[Stub]:
    """Every stub of the ready days, rendered in memory."""
    result = []
    for day in selected if selected is not None else days.ready_days():
        modules = solution_modules(day)
        if not modules:
            raise StubError(f"{day.id} is marked ready but {day.solution_dir.relative_to(days.ROOT)} has no module")
        for path in modules:
            rel = (day.rel / path.name).as_posix()
            result.append(Stub(rel, render(path.read_text(encoding="utf-8"), day, rel)))
    return result


def read_manifest() -> dict[str, str]:
    if MANIFEST.exists():
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    return {}


def write_tree(root: Path, rendered: list[Stub]) -> None:
    """Write the pristine stubs under root (laid out like katas/)."""
    for stub in rendered:
        path = root / stub.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(stub.text, encoding="utf-8")


def generate(log=print) -> int:
    """Refresh katas/ from solutions/ without touching the learner's edits. Returns files written."""
    old = read_manifest()
    rendered = stubs()
    written = 0
    for stub in rendered:
        path = days.KATAS / stub.rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == stub.text:
            continue
        if current is None or sha256_text(current) == old.get(stub.rel):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(stub.text, encoding="utf-8")
            written += 1
            log(f"wrote   katas/{stub.rel}")
        else:
            log(f"kept    katas/{stub.rel} (you have changed it; delete it and run `make generate` for a fresh stub)")
    manifest = {s.rel: s.sha256 for s in rendered}
    MANIFEST.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return written


def public_api(source: str) -> dict[str, str]:
    """Top-level public functions/classes (and methods) with their argument lists, for the sync check."""
    tree = ast.parse(source)
    api: dict[str, str] = {}

    def visit(nodes, prefix=""):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                api[prefix + node.name] = ast.unparse(node.args)
            elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
                api[prefix + node.name] = "class"
                visit(node.body, prefix + node.name + ".")

    visit(tree.body)
    return api
