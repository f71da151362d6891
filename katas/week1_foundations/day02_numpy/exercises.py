# day02 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 02 — NumPy deep dive: thirty short exercises in the spirit of "100 NumPy exercises", one function each.

Every exercise is a one- to three-line NumPy answer: no Python loops needed (except in the stretch
task, where the loop is the point). Unless a docstring says otherwise, never modify an input array.
"""
from __future__ import annotations

import numpy as np


# ------------------------------------------------------------------ creating arrays

def ex01_zeros(n: int) -> np.ndarray:
    """A vector of n zeros, dtype float64. Shape (n,)."""
    raise NotImplementedError('day02 task 1: implement ex01_zeros() in katas/week1_foundations/day02_numpy/exercises.py — np.zeros (README Task 1; `make hint DAY=02`)')


def ex02_nbytes(a: np.ndarray) -> int:
    """How many bytes the elements of `a` take in memory (number of elements x bytes per element), as an int."""
    raise NotImplementedError('day02 task 2: implement ex02_nbytes() in katas/week1_foundations/day02_numpy/exercises.py — elements times bytes per element, as a Python int (README Task 2; `make hint DAY=02`)')


def ex03_zeros_with_one(n: int, index: int) -> np.ndarray:
    """A float vector of n zeros except a 1 at position `index` (0-based, negative counts from the end)."""
    raise NotImplementedError('day02 task 3: implement ex03_zeros_with_one() in katas/week1_foundations/day02_numpy/exercises.py — create zeros, then assign to one index (README Task 3; `make hint DAY=02`)')


def ex04_range_vector(start: int, stop: int) -> np.ndarray:
    """An integer vector start, start+1, ..., stop-1 (stop excluded, like range). E.g. (10, 50) -> 10..49."""
    raise NotImplementedError('day02 task 4: implement ex04_range_vector() in katas/week1_foundations/day02_numpy/exercises.py — np.arange (README Task 4; `make hint DAY=02`)')


def ex05_reverse(v: np.ndarray) -> np.ndarray:
    """The vector v in reverse order (first element last)."""
    raise NotImplementedError('day02 task 5: implement ex05_reverse() in katas/week1_foundations/day02_numpy/exercises.py — a slice with step -1 (README Task 5; `make hint DAY=02`)')


def ex06_counting_matrix(rows: int = 3, cols: int = 3) -> np.ndarray:
    """A rows x cols integer matrix holding 0, 1, ..., rows*cols - 1 row by row (3x3: [[0,1,2],[3,4,5],[6,7,8]])."""
    raise NotImplementedError('day02 task 6: implement ex06_counting_matrix() in katas/week1_foundations/day02_numpy/exercises.py — np.arange then .reshape (README Task 6; `make hint DAY=02`)')


def ex07_nonzero_indices(v: np.ndarray) -> np.ndarray:
    """The positions of the non-zero elements of the vector v, as an integer array. [1,2,0,0,4,0] -> [0,1,4]."""
    raise NotImplementedError('day02 task 7: implement ex07_nonzero_indices() in katas/week1_foundations/day02_numpy/exercises.py — np.nonzero returns a tuple, one array per dimension (README Task 7; `make hint DAY=02`)')


def ex08_identity(n: int) -> np.ndarray:
    """The n x n identity matrix, dtype float64."""
    raise NotImplementedError('day02 task 8: implement ex08_identity() in katas/week1_foundations/day02_numpy/exercises.py — np.eye (README Task 8; `make hint DAY=02`)')


def ex09_random_cube(seed: int) -> np.ndarray:
    """A 3x3x3 float array of uniform random values in [0, 1), reproducible: the same seed gives the
    same array, different seeds different arrays. Use a Generator made from `seed`, not the global state."""
    raise NotImplementedError('day02 task 9: implement ex09_random_cube() in katas/week1_foundations/day02_numpy/exercises.py — a Generator from np.random.default_rng(seed), not the global state (README Task 9; `make hint DAY=02`)')


def ex10_min_max(a: np.ndarray) -> tuple[float, float]:
    """The smallest and the largest value of the array a (any shape), as a tuple (min, max) of two
    scalars (NumPy scalars of a's dtype are fine)."""
    raise NotImplementedError('day02 task 10: implement ex10_min_max() in katas/week1_foundations/day02_numpy/exercises.py — a.min() and a.max() (README Task 10; `make hint DAY=02`)')


# ------------------------------------------------------------------ shaping and indexing

def ex11_border_ones(rows: int, cols: int) -> np.ndarray:
    """A rows x cols float matrix with 1 on the border and 0 inside."""
    raise NotImplementedError('day02 task 11: implement ex11_border_ones() in katas/week1_foundations/day02_numpy/exercises.py — start from ones, then set the inner slice [1:-1, 1:-1] to 0 (README Task 11; `make hint DAY=02`)')


def ex12_pad_zeros(a: np.ndarray) -> np.ndarray:
    """The 2-D array a surrounded by a border of zeros one element wide: shape (r, c) -> (r + 2, c + 2),
    same dtype as a."""
    raise NotImplementedError('day02 task 12: implement ex12_pad_zeros() in katas/week1_foundations/day02_numpy/exercises.py — np.pad with mode="constant" (README Task 12; `make hint DAY=02`)')


def ex13_count_nan(a: np.ndarray) -> int:
    """How many elements of the float array a are NaN, as an int. (NaN is never equal to anything, itself included.)"""
    raise NotImplementedError('day02 task 13: implement ex13_count_nan() in katas/week1_foundations/day02_numpy/exercises.py — np.isnan, then count the True values (README Task 13; `make hint DAY=02`)')


def ex14_below_diagonal(values) -> np.ndarray:
    """A square matrix of size len(values) + 1, zero everywhere except `values` just below the diagonal:
    [1, 2, 3] -> 4x4 with m[1, 0] = 1, m[2, 1] = 2, m[3, 2] = 3."""
    raise NotImplementedError('day02 task 14: implement ex14_below_diagonal() in katas/week1_foundations/day02_numpy/exercises.py — np.diag takes an offset k (README Task 14; `make hint DAY=02`)')


def ex15_checkerboard(n: int) -> np.ndarray:
    """An n x n integer checkerboard of 0 and 1 with 0 in the top-left corner (m[i, j] = (i + j) % 2)."""
    raise NotImplementedError('day02 task 15: implement ex15_checkerboard() in katas/week1_foundations/day02_numpy/exercises.py — integer zeros, then slices with step 2 (README Task 15; `make hint DAY=02`)')


def ex16_unravel(flat_index: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """The index tuple of element number `flat_index` (counting in NumPy's default row-major order)
    of an array with `shape`, as a tuple of ints. (100, (6, 7, 8)) -> (1, 5, 4)."""
    raise NotImplementedError('day02 task 16: implement ex16_unravel() in katas/week1_foundations/day02_numpy/exercises.py — np.unravel_index (README Task 16; `make hint DAY=02`)')


def ex17_zero_the_max(v: np.ndarray) -> np.ndarray:
    """A copy of the vector v with its largest element (the first one, if it occurs more than once) set to 0."""
    raise NotImplementedError('day02 task 17: implement ex17_zero_the_max() in katas/week1_foundations/day02_numpy/exercises.py — copy, then np.argmax gives the position (README Task 17; `make hint DAY=02`)')


def ex18_normalize(a: np.ndarray) -> np.ndarray:
    """The array standardised: (a - mean) / standard deviation over all elements (population std, ddof=0),
    as floats, so the result has mean 0 and std 1."""
    raise NotImplementedError('day02 task 18: implement ex18_normalize() in katas/week1_foundations/day02_numpy/exercises.py — floats; subtract the mean, divide by the population std (README Task 18; `make hint DAY=02`)')


def ex19_rgba_dtype() -> np.dtype:
    """A structured dtype for a colour: four unsigned bytes named "r", "g", "b", "a", in that order."""
    raise NotImplementedError('day02 task 19: implement ex19_rgba_dtype() in katas/week1_foundations/day02_numpy/exercises.py — np.dtype([(name, np.uint8), ...]) (README Task 19; `make hint DAY=02`)')


def ex20_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The matrix product of a (n x m) and b (m x p): shape (n, p). E.g. a 5x3 times a 3x2."""
    raise NotImplementedError('day02 task 20: implement ex20_matmul() in katas/week1_foundations/day02_numpy/exercises.py — the @ operator (README Task 20; `make hint DAY=02`)')


# ------------------------------------------------------------------ computing with arrays

def ex21_negate_between(v: np.ndarray, low: float, high: float) -> np.ndarray:
    """A copy of v in which the elements strictly between low and high are negated; v itself unchanged.
    arange(11), 3, 8 -> [0, 1, 2, 3, -4, -5, -6, -7, 8, 9, 10]."""
    raise NotImplementedError('day02 task 21: implement ex21_negate_between() in katas/week1_foundations/day02_numpy/exercises.py — a boolean mask (low < v) & (v < high), then np.where (README Task 21; `make hint DAY=02`)')


def ex22_sum_last_axis(a: np.ndarray) -> np.ndarray:
    """The sum of a along its last axis: shape (r, c) -> (r,), (d, r, c) -> (d, r)."""
    raise NotImplementedError('day02 task 22: implement ex22_sum_last_axis() in katas/week1_foundations/day02_numpy/exercises.py — np.sum with axis=-1 (README Task 22; `make hint DAY=02`)')


def ex23_safe_divide(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a / b element by element as floats, with 0.0 wherever b is 0, without any RuntimeWarning."""
    raise NotImplementedError('day02 task 23: implement ex23_safe_divide() in katas/week1_foundations/day02_numpy/exercises.py — np.divide with out=np.zeros(...) and where=(b != 0) (README Task 23; `make hint DAY=02`)')


def ex24_round_away_from_zero(a: np.ndarray) -> np.ndarray:
    """Round every float to the next whole number away from zero: 1.2 -> 2.0, -1.2 -> -2.0, 2.0 -> 2.0.
    Returns floats."""
    raise NotImplementedError('day02 task 24: implement ex24_round_away_from_zero() in katas/week1_foundations/day02_numpy/exercises.py — np.ceil of the absolute value, then np.copysign the sign back (README Task 24; `make hint DAY=02`)')


def ex25_common_values(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The values that occur in both vectors, each once, sorted ascending."""
    raise NotImplementedError('day02 task 25: implement ex25_common_values() in katas/week1_foundations/day02_numpy/exercises.py — np.intersect1d (README Task 25; `make hint DAY=02`)')


def ex26_days_of_month(year: int, month: int) -> np.ndarray:
    """Every date of that month as a datetime64[D] vector, e.g. (2016, 7) -> 2016-07-01 ... 2016-07-31."""
    raise NotImplementedError('day02 task 26: implement ex26_days_of_month() in katas/week1_foundations/day02_numpy/exercises.py — np.arange between two datetime64[M] months, dtype="datetime64[D]" (README Task 26; `make hint DAY=02`)')


def ex27_integer_part(a: np.ndarray) -> np.ndarray:
    """The integer part of each float, dropping the fraction toward zero: 2.7 -> 2.0, -2.7 -> -2.0. Returns floats."""
    raise NotImplementedError('day02 task 27: implement ex27_integer_part() in katas/week1_foundations/day02_numpy/exercises.py — np.trunc (np.floor rounds -2.7 down to -3) (README Task 27; `make hint DAY=02`)')


def ex28_row_ramp(rows: int, n: int) -> np.ndarray:
    """A rows x n float matrix whose every row is 0, 1, ..., n-1."""
    raise NotImplementedError('day02 task 28: implement ex28_row_ramp() in katas/week1_foundations/day02_numpy/exercises.py — broadcasting a ramp of length n into every row (README Task 28; `make hint DAY=02`)')


def ex29_open_interval(n: int) -> np.ndarray:
    """n evenly spaced floats strictly between 0 and 1 (both excluded): n=4 -> [0.2, 0.4, 0.6, 0.8]."""
    raise NotImplementedError('day02 task 29: implement ex29_open_interval() in katas/week1_foundations/day02_numpy/exercises.py — np.linspace over n + 2 points, then drop the two ends (README Task 29; `make hint DAY=02`)')


def ex30_to_polar(xy: np.ndarray) -> np.ndarray:
    """Convert points from Cartesian to polar coordinates: xy has shape (n, 2) with columns x, y; return
    shape (n, 2) with columns r = distance from the origin and theta = angle in radians in (-pi, pi]."""
    raise NotImplementedError('day02 task 30: implement ex30_to_polar() in katas/week1_foundations/day02_numpy/exercises.py — np.hypot and np.arctan2 (np.arctan(y / x) loses the quadrant) (README Task 30; `make hint DAY=02`)')


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
    raise NotImplementedError('day02 task 31: implement loop_mean() in katas/week1_foundations/day02_numpy/exercises.py — one loop that adds up and counts; divide at the end (README Task 31; `make hint DAY=02`)')
