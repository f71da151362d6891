"""Day 04 — Linear algebra refresher: matrix multiplication by hand, and why NumPy is faster."""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np


def matmul_loops(A, B) -> np.ndarray:
    """Multiply two matrices with plain Python loops (no np.matmul, np.dot or @).

    Args:
        A: array-like of shape (n, m).
        B: array-like of shape (m, p).
    Returns:
        float ndarray C of shape (n, p) with C[i, j] = sum_k A[i, k] * B[k, j].
    Raises:
        ValueError: if A or B is not 2-D, or A's columns do not match B's rows.
    """
    # BEGIN SOLUTION (task 1) check the shapes, then three nested loops over i, j and k
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    if A.ndim != 2 or B.ndim != 2:
        raise ValueError(f"matmul_loops needs 2-D arrays, got shapes {A.shape} and {B.shape}")
    n, m = A.shape
    m2, p = B.shape
    if m != m2:
        raise ValueError(f"shapes {A.shape} and {B.shape} do not align: {m} columns vs {m2} rows")
    C = np.zeros((n, p))
    for i in range(n):
        for j in range(p):
            total = 0.0
            for k in range(m):
                total += A[i, k] * B[k, j]
            C[i, j] = total
    return C
    # END SOLUTION


def time_matmul(n: int = 60, repeats: int = 3, seed: int = 0) -> dict[str, float]:
    """Time matmul_loops against np.matmul on two random n x n matrices (best of `repeats`).

    Returns:
        {"n": n, "loop_seconds": ..., "numpy_seconds": ..., "speedup": loop_seconds / numpy_seconds}
    """
    # BEGIN SOLUTION (task 3) time.perf_counter around each call; keep the best of the repeats
    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    loop, fast = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        matmul_loops(A, B)
        loop.append(time.perf_counter() - start)
        start = time.perf_counter()
        np.matmul(A, B)
        fast.append(time.perf_counter() - start)
    loop_s, numpy_s = min(loop), max(min(fast), 1e-9)
    return {"n": n, "loop_seconds": loop_s, "numpy_seconds": numpy_s, "speedup": loop_s / numpy_s}
    # END SOLUTION


def write_speed_note(timings: dict[str, float], path) -> Path:
    """Write a short Markdown note comparing the loops with NumPy.

    The note has a title line starting with '#', states the matrix size, both times (in ms) and the
    speed-up written as e.g. "42.0x", and says in one sentence why NumPy is faster.
    Args:
        timings: a dict as returned by time_matmul.
        path: where to write the note (e.g. out/speed_note.md).
    Returns:
        the path written.
    """
    # BEGIN SOLUTION (task 3) an f-string with the numbers, written with Path.write_text
    path = Path(path)
    text = (
        "# Matrix multiplication: Python loops vs NumPy\n\n"
        f"For two {timings['n']}x{timings['n']} matrices, the triple loop took "
        f"{timings['loop_seconds'] * 1e3:.2f} ms and `np.matmul` took {timings['numpy_seconds'] * 1e3:.4f} ms: "
        f"NumPy was **{timings['speedup']:.1f}x** faster.\n\n"
        "NumPy hands the whole product to compiled BLAS code that works on contiguous memory with SIMD "
        "instructions, while the loops pay the Python interpreter's overhead on every single multiply-add.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


def hottest_line(n: int = 20, seed: int = 0) -> str:
    """Profile matmul_loops line by line (line_profiler) on n x n inputs and return the source text
    (stripped) of the line where it spends the most time."""
    # BEGIN SOLUTION (task 4) LineProfiler(matmul_loops), call the wrapped function, read get_stats()
    import inspect

    from line_profiler import LineProfiler

    rng = np.random.default_rng(seed)
    A, B = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    profiler = LineProfiler()
    profiled = profiler(matmul_loops)
    profiled(A, B)
    stats = profiler.get_stats()
    (_, timings), = [(k, v) for k, v in stats.timings.items() if k[2] == "matmul_loops"]
    lineno, _hits, _time = max(timings, key=lambda t: t[2])
    lines, start = inspect.getsourcelines(matmul_loops)
    return lines[lineno - start].strip()
    # END SOLUTION
