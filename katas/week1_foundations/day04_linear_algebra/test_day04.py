"""Day 04 — Linear algebra: matmul_loops, the speed-up over NumPy, the note, the profile."""
import inspect
import re

import numpy as np
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.figures import read_saved_text


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


@pytest.mark.task(1)
@pytest.mark.parametrize("shape_a, shape_b", SHAPES)
def test_matmul_loops_matches_numpy(linalg, rng, shape_a, shape_b):
    A, B = rng.standard_normal(shape_a), rng.standard_normal(shape_b)
    C = np.asarray(linalg.matmul_loops(A, B))
    expected = A @ B
    assert C.shape == expected.shape, f"matmul_loops(A{shape_a}, B{shape_b}) has shape {C.shape}, expected {expected.shape}"
    np.testing.assert_allclose(C, expected, atol=1e-6, rtol=0,
                               err_msg=f"matmul_loops(A{shape_a}, B{shape_b}) differs from np.matmul")


@pytest.mark.task(1)
def test_matmul_loops_is_not_elementwise_or_transposed(linalg):
    A = np.array([[1.0, 2.0], [3.0, 4.0]])
    B = np.array([[5.0, 6.0], [7.0, 8.0]])
    C = np.asarray(linalg.matmul_loops(A, B))
    assert C.tolist() == [[19.0, 22.0], [43.0, 50.0]], (
        f"matmul_loops([[1,2],[3,4]], [[5,6],[7,8]]) returned {C.tolist()}, expected [[19, 22], [43, 50]]: "
        "C[i, j] is row i of A dotted with column j of B")


@pytest.mark.task(1)
def test_matmul_loops_accepts_nested_lists_of_ints(linalg):
    C = np.asarray(linalg.matmul_loops([[1, 2, 3]], [[1], [1], [1]]))
    assert C.shape == (1, 1) and C[0, 0] == pytest.approx(6.0), f"[[1,2,3]] x [[1],[1],[1]] gave {C!r}, expected [[6]]"


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
    t = linalg.time_matmul(n=30, repeats=2, seed=1)
    for key in ("n", "loop_seconds", "numpy_seconds", "speedup"):
        assert key in t, f"time_matmul() returned keys {sorted(t)}, missing {key!r}"
    assert t["n"] == 30
    assert t["loop_seconds"] > 0 and t["numpy_seconds"] > 0, f"times must be positive, got {t}"
    assert t["speedup"] == pytest.approx(t["loop_seconds"] / t["numpy_seconds"], rel=1e-6), (
        f"speedup should be loop_seconds / numpy_seconds, got {t}")
    assert t["speedup"] > 1, f"the loops came out faster than NumPy ({t}); are the two timings swapped?"


TIMINGS = {"n": 60, "loop_seconds": 0.0512, "numpy_seconds": 0.0000384, "speedup": 0.0512 / 0.0000384}


@pytest.mark.task(3)
def test_speed_note_is_markdown_with_the_measured_figures(linalg, outdir):
    path = outdir / "speed_note.md"
    linalg.write_speed_note(TIMINGS, path)
    text = read_saved_text(path, "write_speed_note(timings, path)")
    assert text.lstrip().startswith("#"), "the note should start with a Markdown title line ('# ...')"
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text.replace(",", ""))]
    assert any(abs(x - TIMINGS["speedup"]) / TIMINGS["speedup"] < 0.01 for x in numbers), (
        f"the note should state the speed-up ({TIMINGS['speedup']:.1f}x); numbers found: {numbers}")
    assert "60" in text, "the note should state the matrix size (60x60)"
    assert "numpy" in text.lower() and "loop" in text.lower(), "the note should name both NumPy and the loops"
    assert len(text.split()) >= 25, "one or two sentences, please: say why NumPy is faster too"


# ---------------------------------------------------------------- Task 4 (stretch): line profile

@pytest.mark.task(4)
@pytest.mark.stretch
def test_hottest_line_is_the_inner_multiply_add(linalg):
    line = linalg.hottest_line(n=15, seed=0)
    assert isinstance(line, str), f"hottest_line() should return the source line as a str, got {type(line).__name__}"
    source = [l.strip() for l in inspect.getsource(linalg.matmul_loops).splitlines()]
    assert line.strip() in source, f"{line!r} is not a line of matmul_loops"
    assert "*" in line, f"the hottest line should be the innermost multiply-add, got {line!r}"
