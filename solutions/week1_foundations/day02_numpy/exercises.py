"""Day 02 — NumPy deep dive: thirty short exercises in the spirit of "100 NumPy exercises", one function each.

Every exercise is a one- to three-line NumPy answer: no Python loops needed (except in the stretch
task, where the loop is the point). Unless a docstring says otherwise, never modify an input array.
"""
from __future__ import annotations

import numpy as np


# ------------------------------------------------------------------ creating arrays

def ex01_zeros(n: int) -> np.ndarray:
    """A vector of n zeros, dtype float64. Shape (n,)."""
    # BEGIN SOLUTION (task 1) np.zeros
    return np.zeros(n)
    # END SOLUTION


def ex02_nbytes(a: np.ndarray) -> int:
    """How many bytes the elements of `a` take in memory (number of elements x bytes per element), as an int."""
    # BEGIN SOLUTION (task 2) elements times bytes per element, as a Python int
    return int(a.size * a.itemsize)
    # END SOLUTION


def ex03_zeros_with_one(n: int, index: int) -> np.ndarray:
    """A float vector of n zeros except a 1 at position `index` (0-based, negative counts from the end)."""
    # BEGIN SOLUTION (task 3) create zeros, then assign to one index
    v = np.zeros(n)
    v[index] = 1
    return v
    # END SOLUTION


def ex04_range_vector(start: int, stop: int) -> np.ndarray:
    """An integer vector start, start+1, ..., stop-1 (stop excluded, like range). E.g. (10, 50) -> 10..49."""
    # BEGIN SOLUTION (task 4) np.arange
    return np.arange(start, stop)
    # END SOLUTION


def ex05_reverse(v: np.ndarray) -> np.ndarray:
    """The vector v in reverse order (first element last)."""
    # BEGIN SOLUTION (task 5) a slice with step -1
    return np.asarray(v)[::-1]
    # END SOLUTION


def ex06_counting_matrix(rows: int = 3, cols: int = 3) -> np.ndarray:
    """A rows x cols integer matrix holding 0, 1, ..., rows*cols - 1 row by row (3x3: [[0,1,2],[3,4,5],[6,7,8]])."""
    # BEGIN SOLUTION (task 6) np.arange then .reshape
    return np.arange(rows * cols).reshape(rows, cols)
    # END SOLUTION


def ex07_nonzero_indices(v: np.ndarray) -> np.ndarray:
    """The positions of the non-zero elements of the vector v, as an integer array. [1,2,0,0,4,0] -> [0,1,4]."""
    # BEGIN SOLUTION (task 7) np.nonzero returns a tuple, one array per dimension
    return np.nonzero(v)[0]
    # END SOLUTION


def ex08_identity(n: int) -> np.ndarray:
    """The n x n identity matrix, dtype float64."""
    # BEGIN SOLUTION (task 8) np.eye
    return np.eye(n)
    # END SOLUTION


def ex09_random_cube(seed: int) -> np.ndarray:
    """A 3x3x3 float array of uniform random values in [0, 1), reproducible: the same seed gives the
    same array, different seeds different arrays. Use a Generator made from `seed`, not the global state."""
    # BEGIN SOLUTION (task 9) a Generator from np.random.default_rng(seed), not the global state
    return np.random.default_rng(seed).random((3, 3, 3))
    # END SOLUTION


def ex10_min_max(a: np.ndarray) -> tuple[float, float]:
    """The smallest and the largest value of the array a (any shape), as a tuple (min, max) of two
    scalars (NumPy scalars of a's dtype are fine)."""
    # BEGIN SOLUTION (task 10) a.min() and a.max()
    return a.min(), a.max()
    # END SOLUTION


# ------------------------------------------------------------------ shaping and indexing

def ex11_border_ones(rows: int, cols: int) -> np.ndarray:
    """A rows x cols float matrix with 1 on the border and 0 inside."""
    # BEGIN SOLUTION (task 11) start from ones, then set the inner slice [1:-1, 1:-1] to 0
    m = np.ones((rows, cols))
    m[1:-1, 1:-1] = 0
    return m
    # END SOLUTION


def ex12_pad_zeros(a: np.ndarray) -> np.ndarray:
    """The 2-D array a surrounded by a border of zeros one element wide: shape (r, c) -> (r + 2, c + 2),
    same dtype as a."""
    # BEGIN SOLUTION (task 12) np.pad with mode="constant"
    return np.pad(a, pad_width=1, mode="constant", constant_values=0)
    # END SOLUTION


def ex13_count_nan(a: np.ndarray) -> int:
    """How many elements of the float array a are NaN, as an int. (NaN is never equal to anything, itself included.)"""
    # BEGIN SOLUTION (task 13) np.isnan, then count the True values
    return int(np.isnan(a).sum())
    # END SOLUTION


def ex14_below_diagonal(values) -> np.ndarray:
    """A square matrix of size len(values) + 1, zero everywhere except `values` just below the diagonal:
    [1, 2, 3] -> 4x4 with m[1, 0] = 1, m[2, 1] = 2, m[3, 2] = 3."""
    # BEGIN SOLUTION (task 14) np.diag takes an offset k
    return np.diag(values, k=-1)
    # END SOLUTION


def ex15_checkerboard(n: int) -> np.ndarray:
    """An n x n integer checkerboard of 0 and 1 with 0 in the top-left corner (m[i, j] = (i + j) % 2)."""
    # BEGIN SOLUTION (task 15) integer zeros, then slices with step 2
    m = np.zeros((n, n), dtype=int)
    m[1::2, ::2] = 1
    m[::2, 1::2] = 1
    return m
    # END SOLUTION


def ex16_unravel(flat_index: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The index tuple of element number `flat_index` (counting in NumPy's default row-major order)
    of an array with `shape`, as a tuple of ints. (100, (6, 7, 8)) -> (1, 5, 4)."""
    # BEGIN SOLUTION (task 16) np.unravel_index
    return tuple(int(i) for i in np.unravel_index(flat_index, shape))
    # END SOLUTION


def ex17_zero_the_max(v: np.ndarray) -> np.ndarray:
    """A copy of the vector v with its largest element (the first one, if it occurs more than once) set to 0."""
    # BEGIN SOLUTION (task 17) copy, then np.argmax gives the position
    out = np.array(v, copy=True)
    out[np.argmax(out)] = 0
    return out
    # END SOLUTION


def ex18_normalize(a: np.ndarray) -> np.ndarray:
    """The array standardised: (a - mean) / standard deviation over all elements (population std, ddof=0),
    as floats, so the result has mean 0 and std 1."""
    # BEGIN SOLUTION (task 18) floats; subtract the mean, divide by the population std
    a = np.asarray(a, dtype=float)
    return (a - a.mean()) / a.std()
    # END SOLUTION


def ex19_rgba_dtype() -> np.dtype:
    """A structured dtype for a colour: four unsigned bytes named "r", "g", "b", "a", in that order."""
    # BEGIN SOLUTION (task 19) np.dtype([(name, np.uint8), ...])
    return np.dtype([("r", np.uint8), ("g", np.uint8), ("b", np.uint8), ("a", np.uint8)])
    # END SOLUTION


def ex20_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The matrix product of a (n x m) and b (m x p): shape (n, p). E.g. a 5x3 times a 3x2."""
    # BEGIN SOLUTION (task 20) the @ operator
    return a @ b
    # END SOLUTION


# ------------------------------------------------------------------ computing with arrays

def ex21_negate_between(v: np.ndarray, low: float, high: float) -> np.ndarray:
    """A copy of v in which the elements strictly between low and high are negated; v itself unchanged.
    arange(11), 3, 8 -> [0, 1, 2, 3, -4, -5, -6, -7, 8, 9, 10]."""
    # BEGIN SOLUTION (task 21) a boolean mask (low < v) & (v < high), then np.where
    v = np.asarray(v)
    return np.where((low < v) & (v < high), -v, v)
    # END SOLUTION


def ex22_sum_last_axis(a: np.ndarray) -> np.ndarray:
    """The sum of a along its last axis: shape (r, c) -> (r,), (d, r, c) -> (d, r)."""
    # BEGIN SOLUTION (task 22) np.sum with axis=-1
    return np.sum(a, axis=-1)
    # END SOLUTION


def ex23_safe_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b element by element as floats, with 0.0 wherever b is 0, without any RuntimeWarning."""
    # BEGIN SOLUTION (task 23) np.divide with out=np.zeros(...) and where=(b != 0)
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    return np.divide(a, b, out=np.zeros(np.broadcast(a, b).shape), where=b != 0)
    # END SOLUTION


def ex24_round_away_from_zero(a: np.ndarray) -> np.ndarray:
    """Round every float to the next whole number away from zero: 1.2 -> 2.0, -1.2 -> -2.0, 2.0 -> 2.0.
    Returns floats."""
    # BEGIN SOLUTION (task 24) np.ceil of the absolute value, then np.copysign the sign back
    a = np.asarray(a, dtype=float)
    return np.copysign(np.ceil(np.abs(a)), a)
    # END SOLUTION


def ex25_common_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values that occur in both vectors, each once, sorted ascending."""
    # BEGIN SOLUTION (task 25) np.intersect1d
    return np.intersect1d(a, b)
    # END SOLUTION


def ex26_days_of_month(year: int, month: int) -> np.ndarray:
    """Every date of that month as a datetime64[D] vector, e.g. (2016, 7) -> 2016-07-01 ... 2016-07-31."""
    # BEGIN SOLUTION (task 26) np.arange between two datetime64[M] months, dtype="datetime64[D]"
    first = np.datetime64(f"{year:04d}-{month:02d}", "M")
    return np.arange(first, first + 1, dtype="datetime64[D]")
    # END SOLUTION


def ex27_integer_part(a: np.ndarray) -> np.ndarray:
    """The integer part of each float, dropping the fraction toward zero: 2.7 -> 2.0, -2.7 -> -2.0. Returns floats."""
    # BEGIN SOLUTION (task 27) np.trunc (np.floor rounds -2.7 down to -3)
    return np.trunc(np.asarray(a, dtype=float))
    # END SOLUTION


def ex28_row_ramp(rows: int, n: int) -> np.ndarray:
    """A rows x n float matrix whose every row is 0, 1, ..., n-1."""
    # BEGIN SOLUTION (task 28) broadcasting a ramp of length n into every row
    return np.zeros((rows, n)) + np.arange(n)
    # END SOLUTION


def ex29_open_interval(n: int) -> np.ndarray:
    """n evenly spaced floats strictly between 0 and 1 (both excluded): n=4 -> [0.2, 0.4, 0.6, 0.8]."""
    # BEGIN SOLUTION (task 29) np.linspace over n + 2 points, then drop the two ends
    return np.linspace(0, 1, n + 2)[1:-1]
    # END SOLUTION


def ex30_to_polar(xy: np.ndarray) -> np.ndarray:
    """Convert points from Cartesian to polar coordinates: xy has shape (n, 2) with columns x, y; return
    shape (n, 2) with columns r = distance from the origin and theta = angle in radians in (-pi, pi]."""
    # BEGIN SOLUTION (task 30) np.hypot and np.arctan2 (np.arctan(y / x) loses the quadrant)
    xy = np.asarray(xy, dtype=float)
    x, y = xy[:, 0], xy[:, 1]
    return np.column_stack([np.hypot(x, y), np.arctan2(y, x)])
    # END SOLUTION


# ------------------------------------------------------------------ stretch

def loop_mean(values) -> float:
    """The arithmetic mean of `values`, with a plain Python loop: no numpy, no sum(), no statistics.

    Args:
        values: any iterable of numbers (a list, a NumPy array, even a generator, read once).
    Returns:
        the mean as a float.
    Raises:
        ValueError: if values is empty.
    """
    # BEGIN SOLUTION (task 31) one loop that adds up and counts; divide at the end
    total = 0.0
    count = 0
    for x in values:
        total += x
        count += 1
    if count == 0:
        raise ValueError("loop_mean() of an empty sequence: the mean is undefined")
    return float(total / count)
    # END SOLUTION
