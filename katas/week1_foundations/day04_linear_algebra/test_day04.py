"""Day 04 — Linear algebra: matmul_loops, the speed-up over NumPy, the note, the profile."""
import ast
import inspect
import re
import textwrap
import time

import numpy as np
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.figures import read_saved_text
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def linalg():
    return kata.load("day04", "linalg")


# ---------------------------------------------------------------- Task 1: matmul_loops

SHAPES = [
    pytest.param((4, 4), (4, 4), id="square"),
    pytest.param((3, 5), (5, 2), id="non-square"),
    pytest.param((1, 6), (6, 4), id="row-times-matrix-1xn"),
    pytest.param((5, 1), (1, 5), id="column-times-row-outer-product"),
    pytest.param((6, 1), (1, 1), id="column-times-scalar-nx1"),
    pytest.param((1, 7), (7, 1), id="row-times-column-dot-product"),
]


FORBIDDEN = ("matmul", "dot", "inner", "vdot", "einsum", "tensordot", "outer", "kron")


def _forbid_numpy_products(monkeypatch):
    """np.matmul, np.dot & co. raise while the learner's matmul_loops runs."""
    def forbidden(name):
        def call(*args, **kwargs):
            raise AssertionError(f"matmul_loops called np.{name}: the README asks for plain loops, "
                                 "no np.matmul, np.dot, @ or other vectorised products")
        return call

    for name in FORBIDDEN:
        monkeypatch.setattr(np, name, forbidden(name))


def _loop_depth(node, depth=0):
    """The deepest nesting of for/while loops and comprehensions below node."""
    loops = (ast.For, ast.While, ast.comprehension)
    best = depth
    for child in ast.iter_child_nodes(node):
        inner = depth + 1 if isinstance(child, loops) else depth
        best = max(best, _loop_depth(child, inner))
    return best


def _checked_product(linalg, monkeypatch, A, B, call):
    """matmul_loops(A, B) with the vectorised products forbidden; the promised float ndarray checked first."""
    with monkeypatch.context() as m:
        _forbid_numpy_products(m)
        C = linalg.matmul_loops(A, B)
    assert isinstance(C, np.ndarray), f"{call} returned {type(C).__name__}, expected a NumPy ndarray (np.zeros((n, p)) to start)"
    assert C.dtype.kind == "f", f"{call} returned an array of dtype {C.dtype}, expected float"
    return C


@pytest.mark.task(1)
def test_matmul_loops_is_three_nested_loops_without_vectorised_products(linalg):
    tree = ast.parse(textwrap.dedent(inspect.getsource(linalg.matmul_loops)))
    used = sorted({n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)
                   and n.attr in FORBIDDEN + ("sum", "prod", "multiply", "linalg")})
    assert not any(isinstance(n, ast.MatMult) for n in ast.walk(tree)), (
        "matmul_loops uses the @ operator: the README asks for three nested loops over i, j and k")
    assert not used, (
        f"matmul_loops uses {', '.join(used)}: the README asks for plain loops, so the inner product "
        "over k is a loop too (no np.dot, np.sum(a * b), .sum() or other vectorised product)")
    depth = _loop_depth(tree)
    assert depth >= 3, (
        f"matmul_loops nests its loops {depth} deep, expected three nested loops (over i, j and k): "
        "the sum over k must be a loop as well, not a vectorised row-times-column product")


@pytest.mark.task(1)
@pytest.mark.parametrize("shape_a, shape_b", SHAPES)
def test_matmul_loops_matches_numpy(linalg, rng, monkeypatch, shape_a, shape_b):
    A, B = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    C = _checked_product(linalg, monkeypatch, A, B, f"matmul_loops(A{shape_a}, B{shape_b})")
    expected = A @ B
    assert C.shape == expected.shape, f"matmul_loops(A{shape_a}, B{shape_b}) has shape {C.shape}, expected {expected.shape}"
    np.testing.assert_allclose(C, expected, atol=1e-6, rtol=0,
                               err_msg=f"matmul_loops(A{shape_a}, B{shape_b}) differs from np.matmul")


@pytest.mark.task(1)
def test_matmul_loops_is_not_elementwise_or_transposed(linalg, monkeypatch):
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    B = np.array([[5.0, 6.0], [7.0, 8.0]])
    C = _checked_product(linalg, monkeypatch, A, B, "matmul_loops([[1,2],[3,4]], [[5,6],[7,8]])")
    assert C.tolist() == [[19.0, 22.0], [43.0, 50.0]], (
        f"matmul_loops([[1,2],[3,4]], [[5,6],[7,8]]) returned {C.tolist()}, expected [[19, 22], [43, 50]]: "
        "C[i, j] is row i of A dotted with column j of B")


@pytest.mark.task(1)
def test_matmul_loops_accepts_nested_lists_of_ints(linalg, monkeypatch):
    C = _checked_product(linalg, monkeypatch, [[1, 2, 3], [0, 1, 0]], [[1, 2], [1, 0], [1, 5]],
                         "matmul_loops([[1, 2, 3], [0, 1, 0]], [[1, 2], [1, 0], [1, 5]]) (nested lists of ints)")
    assert C.tolist() == [[6.0, 17.0], [1.0, 0.0]], f"[[1,2,3],[0,1,0]] x [[1,2],[1,0],[1,5]] gave {C.tolist()}, expected [[6, 17], [1, 0]]"


@pytest.mark.task(1)
def test_matmul_loops_leaves_its_inputs_unchanged(linalg, rng):
    A, B = rng.standard_normal((3, 4)), rng.standard_normal((4, 2))
    A0, B0 = A.copy(), B.copy()
    linalg.matmul_loops(A, B)
    assert np.array_equal(A, A0) and np.array_equal(B, B0), "matmul_loops modified its inputs; build a new result array"


@pytest.mark.task(2)
@pytest.mark.parametrize("shape_a, shape_b", [
    pytest.param((2, 3), (2, 3), id="inner-dimensions-differ"),
    pytest.param((4, 1), (2, 4), id="column-times-matrix"),
    pytest.param((3,), (3, 3), id="1-d-input"),
])
def test_matmul_loops_rejects_shapes_that_do_not_align(linalg, shape_a, shape_b):
    with pytest.raises(ValueError):
        linalg.matmul_loops(np.ones(shape_a), np.ones(shape_b))


# ---------------------------------------------------------------- Task 3: speed-up and note

@pytest.mark.task(3)
@pytest.mark.bench
def test_numpy_is_at_least_20x_faster_than_matmul_loops(linalg, rng, benchmark):
    A, B = rng.standard_normal((60, 60)), rng.standard_normal((60, 60))
    np.testing.assert_allclose(linalg.matmul_loops(A, B), A @ B, atol=1e-6)
    assert_faster(benchmark, lambda: np.matmul(A, B), lambda: linalg.matmul_loops(A, B), at_least=20,
                  repeats=3, fast_name="np.matmul", slow_name="matmul_loops")


@pytest.mark.task(3)
def test_time_matmul_reports_consistent_timings(linalg):
    t = call_keeps_global_state(lambda: linalg.time_matmul(n=30, repeats=2, seed=1), "time_matmul(n=30, repeats=2, seed=1)")
    assert isinstance(t, dict), f"time_matmul() returned {type(t).__name__}, expected a dict"
    for key in ("n", "loop_seconds", "numpy_seconds", "speedup"):
        assert key in t, f"time_matmul() returned keys {sorted(t)}, missing {key!r}"
    assert t["n"] == 30
    assert t["loop_seconds"] > 0 and t["numpy_seconds"] > 0, f"times must be positive, got {t}"
    assert t["speedup"] == pytest.approx(t["loop_seconds"] / t["numpy_seconds"], rel=1e-6), (
        f"speedup should be loop_seconds / numpy_seconds, got {t}")
    assert t["speedup"] > 1, f"the loops came out faster than NumPy ({t}); are the two timings swapped?"


@pytest.mark.task(3)
def test_time_matmul_keeps_the_best_of_the_repeats(linalg, monkeypatch):
    durations = iter([0.30, 0.10, 0.20, 0.25])  # well apart: a busy machine may oversleep by tens of ms

    def stand_in(A, B):  # a matmul_loops whose running time the test knows
        time.sleep(next(durations))
        return np.zeros((len(A), len(B[0])))

    monkeypatch.setattr(linalg._module, "matmul_loops", stand_in)
    t = linalg.time_matmul(n=5, repeats=3, seed=0)
    assert 0.10 <= t["loop_seconds"] < 0.18, (
        f"with matmul_loops taking 300, 100 and 200 ms on the three repeats, time_matmul(repeats=3) reported "
        f"loop_seconds={t['loop_seconds']:.4f}; expected the best (smallest) of the repeats, about 0.100 s "
        "(not the first, the last, the mean or the total)")


TIMINGS = {"n": 60, "loop_seconds": 0.0512, "numpy_seconds": 0.0000384, "speedup": 0.0512 / 0.0000384}


@pytest.mark.task(3)
def test_speed_note_is_markdown_with_the_measured_figures(linalg, outdir):
    from pathlib import Path

    path = outdir / "speed_note.md"
    returned = linalg.write_speed_note(TIMINGS, path)
    text = read_saved_text(path, "write_speed_note(timings, path)")
    assert isinstance(returned, Path) and returned == path, (
        f"write_speed_note(timings, path) returned {returned!r}, expected the pathlib.Path it wrote")
    assert text.lstrip().startswith("#"), "the note should start with a Markdown title line ('# ...')"
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]
    assert any(abs(x - TIMINGS["speedup"]) / TIMINGS["speedup"] < 0.01 for x in numbers), (
        f"the note should state the speed-up ({TIMINGS['speedup']:.1f}x); numbers found: {numbers}")
    with_x = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?)\s*[x×]", text.replace(",", ""))]
    assert any(abs(x - TIMINGS["speedup"]) / TIMINGS["speedup"] < 0.01 for x in with_x), (
        f"write the speed-up as a number followed by x, e.g. '{TIMINGS['speedup']:.1f}x'; found {with_x}")
    for name, seconds in (("loop", TIMINGS["loop_seconds"]), ("NumPy", TIMINGS["numpy_seconds"])):
        ms = seconds * 1e3
        assert any(abs(x - ms) <= 0.05 * ms for x in numbers), (
            f"the note should give the {name} time in milliseconds ({ms:g} ms for {seconds:g} s); numbers found: {numbers}")
    assert "ms" in text, "say the unit of the times: ms"
    assert "60" in text, "the note should state the matrix size (60x60)"
    assert "numpy" in text.lower() and "loop" in text.lower(), "the note should name both NumPy and the loops"
    assert len(text.split()) >= 25, "one or two sentences, please: say why NumPy is faster too"


# ---------------------------------------------------------------- Task 4 (stretch): line profile

def _innermost_loop_lines(func) -> set[str]:
    """The stripped source lines of the innermost loop of func: its header and its body."""
    source = textwrap.dedent(inspect.getsource(func))
    lines = source.splitlines()
    best = (-1, None)

    def visit(node, depth):
        nonlocal best
        for child in ast.iter_child_nodes(node):
            d = depth + 1 if isinstance(child, (ast.For, ast.While, ast.comprehension)) else depth
            if d > depth and d > best[0]:
                best = (d, node if isinstance(child, ast.comprehension) else child)
            visit(child, d)

    visit(ast.parse(source), 0)
    node = best[1]
    if node is None:
        return set()
    return {lines[i].strip() for i in range(node.lineno - 1, node.end_lineno) if lines[i].strip()}


@pytest.mark.task(4)
@pytest.mark.stretch
def test_hottest_line_is_a_line_of_the_innermost_loop(linalg):
    source = [l.strip() for l in inspect.getsource(linalg.matmul_loops).splitlines()]
    inner = _innermost_loop_lines(linalg.matmul_loops)
    # One context switch on a busy machine can land on any line and outweigh a few ms of loop time,
    # so the profile is taken on 30x30 inputs (27 000 inner steps) and up to three times.
    seen = []
    for attempt in range(3):
        line = call_keeps_global_state(lambda: linalg.hottest_line(n=30, seed=attempt), f"hottest_line(n=30, seed={attempt})")
        assert isinstance(line, str), f"hottest_line() should return the source line as a str, got {type(line).__name__}"
        assert line.strip() in source, f"hottest_line() returned {line!r}, which is not a line of matmul_loops"
        if line.strip() in inner:
            return
        seen.append(line.strip())
    pytest.fail(
        f"hottest_line() returned {seen} in three runs; the time of a triple loop goes to its innermost loop "
        f"(one of {sorted(inner)}): read the line with the largest total time from the profiler's stats", pytrace=False)
