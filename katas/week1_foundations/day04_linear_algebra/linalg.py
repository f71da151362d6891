# day04 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day04 task 1: implement matmul_loops() in katas/week1_foundations/day04_linear_algebra/linalg.py — check the shapes, then three nested loops over i, j and k (README Task 1; `make hint DAY=04`)')


def time_matmul(n: int = 60, repeats: int = 3, seed: int = 0) -> dict[str, float]:
    """Time matmul_loops against np.matmul on two random n x n matrices (best of `repeats`).

    Returns:
        {"n": n, "loop_seconds": ..., "numpy_seconds": ..., "speedup": loop_seconds / numpy_seconds}
    """
    raise NotImplementedError('day04 task 3: implement time_matmul() in katas/week1_foundations/day04_linear_algebra/linalg.py — time.perf_counter around each call; keep the best of the repeats (README Task 3; `make hint DAY=04`)')


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
    raise NotImplementedError('day04 task 3: implement write_speed_note() in katas/week1_foundations/day04_linear_algebra/linalg.py — an f-string with the numbers, written with Path.write_text (README Task 3; `make hint DAY=04`)')


def hottest_line(n: int = 20, seed: int = 0) -> str:
    """Profile matmul_loops line by line (line_profiler) on n x n inputs and return the source text
    (stripped) of the line where it spends the most time."""
    raise NotImplementedError('day04 task 4: implement hottest_line() in katas/week1_foundations/day04_linear_algebra/linalg.py — LineProfiler(matmul_loops), call the wrapped function, read get_stats() (README Task 4; `make hint DAY=04`)')
