"""Day 02 — NumPy deep dive: exercises 1-30 (one task each) and the stretch loop_mean (task 31).

Most exercises are checked by one table (CASES): each row names the function, its arguments, the
expected array (written out by hand, not computed with the function under test) and the expected
dtype, checked in the order type -> shape -> dtype -> values. Exercises whose answer is not an array,
or whose point is a property (seeded randomness, no warnings, input left alone), have tests of their own.
"""
import ast
import datetime
import inspect
import math
import warnings

import numpy as np
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def ex():
    return kata.load("day02", "exercises")


FLOAT = np.dtype(np.float64)
INT = "iu"      # any signed or unsigned integer dtype (int64 on Linux, int32 on some Windows builds)
REAL = "f"      # any floating dtype


def case(task, name, args, expected, dtype, id):
    return pytest.param(name, args, expected, dtype, id=f"ex{task:02d}-{id}", marks=pytest.mark.task(task))


def _checker(n):
    return [[(i + j) % 2 for j in range(n)] for i in range(n)]


def _matmul_by_hand(a, b):
    return [[sum(a[i][k] * b[k][j] for k in range(len(b))) for j in range(len(b[0]))] for i in range(len(a))]


def _dates(year, month, days):
    first = datetime.date(year, month, 1)
    return np.array([first + datetime.timedelta(days=d) for d in range(days)], dtype="datetime64[D]")


A53 = np.arange(15).reshape(5, 3)
B32 = np.arange(6).reshape(3, 2)
CUBE = np.arange(24).reshape(2, 3, 4)

CASES = [
    case(1, "ex01_zeros", (5,), [0.0] * 5, FLOAT, "five"),
    case(1, "ex01_zeros", (0,), np.zeros(0), FLOAT, "empty"),
    case(3, "ex03_zeros_with_one", (10, 4), [0, 0, 0, 0, 1, 0, 0, 0, 0, 0], REAL, "fifth-value"),
    case(3, "ex03_zeros_with_one", (5, -1), [0, 0, 0, 0, 1], REAL, "negative-index-is-last"),
    case(4, "ex04_range_vector", (10, 50), list(range(10, 50)), INT, "10-to-49"),
    case(4, "ex04_range_vector", (-3, 2), [-3, -2, -1, 0, 1], INT, "negative-start"),
    case(5, "ex05_reverse", (np.array([3, 1, 4, 2]),), [2, 4, 1, 3], INT, "unsorted-ints-reversed-not-sorted"),
    case(5, "ex05_reverse", (np.array([0.5, 2.5, 1.5]),), [1.5, 2.5, 0.5], REAL, "unsorted-floats"),
    case(6, "ex06_counting_matrix", (), [[0, 1, 2], [3, 4, 5], [6, 7, 8]], INT, "default-3x3"),
    case(6, "ex06_counting_matrix", (2, 4), [[0, 1, 2, 3], [4, 5, 6, 7]], INT, "2x4-rows-first"),
    case(7, "ex07_nonzero_indices", (np.array([1, 2, 0, 0, 4, 0]),), [0, 1, 4], INT, "mixed"),
    case(7, "ex07_nonzero_indices", (np.array([0.0, -0.5, 0.0, 3.0]),), [1, 3], INT, "floats-negative-counts"),
    case(7, "ex07_nonzero_indices", (np.zeros(3),), np.zeros(0, dtype=int), INT, "all-zero-gives-empty"),
    case(8, "ex08_identity", (3,), [[1, 0, 0], [0, 1, 0], [0, 0, 1]], FLOAT, "3x3"),
    case(8, "ex08_identity", (1,), [[1.0]], FLOAT, "1x1"),
    case(11, "ex11_border_ones", (4, 5), [[1, 1, 1, 1, 1], [1, 0, 0, 0, 1], [1, 0, 0, 0, 1], [1, 1, 1, 1, 1]], REAL, "4x5"),
    case(11, "ex11_border_ones", (3, 3), [[1, 1, 1], [1, 0, 1], [1, 1, 1]], REAL, "3x3"),
    case(11, "ex11_border_ones", (2, 2), [[1, 1], [1, 1]], REAL, "2x2-all-border"),
    case(12, "ex12_pad_zeros", (np.array([[1, 2], [3, 4]]),),
         [[0, 0, 0, 0], [0, 1, 2, 0], [0, 3, 4, 0], [0, 0, 0, 0]], np.array([1]).dtype, "ints-keep-dtype"),
    case(12, "ex12_pad_zeros", (np.array([[0.5, 1.5, 2.5]]),),
         [[0, 0, 0, 0, 0], [0, 0.5, 1.5, 2.5, 0], [0, 0, 0, 0, 0]], FLOAT, "one-row"),
    case(14, "ex14_below_diagonal", ([1, 2, 3],),
         [[0, 0, 0, 0], [1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0]], None, "1-2-3"),
    case(14, "ex14_below_diagonal", ([5],), [[0, 0], [5, 0]], None, "single-value"),
    case(15, "ex15_checkerboard", (8,), _checker(8), INT, "8x8"),
    case(15, "ex15_checkerboard", (3,), [[0, 1, 0], [1, 0, 1], [0, 1, 0]], INT, "odd-3x3"),
    case(17, "ex17_zero_the_max", (np.array([3, 9, 2, 9]),), [3, 0, 2, 9], INT, "first-of-ties"),
    case(17, "ex17_zero_the_max", (np.array([-5.0, -1.0, -3.0]),), [-5, 0, -3], REAL, "all-negative"),
    case(20, "ex20_matmul", (A53, B32), _matmul_by_hand(A53.tolist(), B32.tolist()), INT, "5x3-times-3x2"),
    case(20, "ex20_matmul", (np.array([[1.0, 2.0]]), np.array([[3.0], [4.0]])), [[11.0]], REAL, "row-times-column"),
    case(21, "ex21_negate_between", (np.arange(11), 3, 8), [0, 1, 2, 3, -4, -5, -6, -7, 8, 9, 10], INT, "3-and-8-excluded"),
    case(21, "ex21_negate_between", (np.array([2.5, 3.0, 7.99, 8.0]), 3, 8), [2.5, 3.0, -7.99, 8.0], REAL, "floats"),
    case(22, "ex22_sum_last_axis", (np.array([[1, 2, 3], [4, 5, 6]]),), [6, 15], INT, "rows-of-2x3"),
    case(22, "ex22_sum_last_axis", (CUBE,), [[sum(r) for r in m] for m in CUBE.tolist()], INT, "3-d"),
    case(22, "ex22_sum_last_axis", (np.array([[0.5, 0.25]]),), [0.75], REAL, "floats"),
    case(23, "ex23_safe_divide", (np.array([1, 2, 3]), np.array([2, 0, 4])), [0.5, 0.0, 0.75], REAL, "ints-as-floats"),
    case(23, "ex23_safe_divide", (np.array([0.0, -1.0]), np.array([0.0, 0.0])), [0.0, 0.0], REAL, "zero-over-zero"),
    case(24, "ex24_round_away_from_zero", (np.array([-1.5, -0.2, 0.0, 0.2, 1.5, 2.0, -3.0]),),
         [-2, -1, 0, 1, 2, 2, -3], REAL, "both-signs"),
    case(25, "ex25_common_values", (np.array([1, 5, 3, 3, 9]), np.array([3, 9, 9, 7, 1])), [1, 3, 9], INT, "sorted-unique"),
    case(25, "ex25_common_values", (np.array([1, 2]), np.array([3, 4])), np.zeros(0), None, "none-in-common"),
    case(26, "ex26_days_of_month", (2016, 7), _dates(2016, 7, 31), np.dtype("datetime64[D]"), "july-2016"),
    case(26, "ex26_days_of_month", (2024, 2), _dates(2024, 2, 29), np.dtype("datetime64[D]"), "leap-february"),
    case(26, "ex26_days_of_month", (2023, 2), _dates(2023, 2, 28), np.dtype("datetime64[D]"), "plain-february"),
    case(26, "ex26_days_of_month", (2023, 12), _dates(2023, 12, 31), np.dtype("datetime64[D]"), "december"),
    case(27, "ex27_integer_part", (np.array([2.7, -2.7, 0.5, -0.5, 3.0]),), [2, -2, 0, 0, 3], REAL, "toward-zero"),
    case(28, "ex28_row_ramp", (3, 4), [[0, 1, 2, 3]] * 3, REAL, "3x4"),
    case(28, "ex28_row_ramp", (2, 1), [[0], [0]], REAL, "one-column"),
    case(29, "ex29_open_interval", (4,), [0.2, 0.4, 0.6, 0.8], REAL, "four"),
    case(29, "ex29_open_interval", (1,), [0.5], REAL, "one-is-the-middle"),
    case(29, "ex29_open_interval", (9,), [0.1 * k for k in range(1, 10)], REAL, "nine-tenths"),
    case(30, "ex30_to_polar", (np.array([[1, 0], [0, 2], [-1, 0], [-1, -1], [3, 4]]),),
         [[1, 0], [2, math.pi / 2], [1, math.pi], [math.sqrt(2), -3 * math.pi / 4], [5, math.atan2(4, 3)]],
         REAL, "all-quadrants"),
]


def _call(args):
    return ", ".join(np.array2string(a, separator=",") if isinstance(a, np.ndarray) else repr(a) for a in args)


@pytest.mark.parametrize("name, args, expected, dtype", CASES)
def test_exercise_returns_the_expected_array(ex, name, args, expected, dtype):
    copies = tuple(a.copy() if isinstance(a, np.ndarray) else a for a in args)
    got = getattr(ex, name)(*copies)
    expected = np.asarray(expected)
    call = f"{name}({_call(args)})"
    assert isinstance(got, np.ndarray), f"{call} returned a {type(got).__name__}, expected a NumPy array"
    assert got.shape == expected.shape, f"{call} has shape {got.shape}, expected {expected.shape}"
    if isinstance(dtype, np.dtype):
        assert got.dtype == dtype, f"{call} has dtype {got.dtype}, expected {dtype}"
    elif dtype is not None:
        assert got.dtype.kind in dtype, (
            f"{call} has dtype {got.dtype}, expected {'an integer' if dtype == INT else 'a float'} dtype")
    if expected.dtype.kind == "M":
        assert np.array_equal(got, expected), f"{call} returned {got}, expected {expected}"
    else:
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12, err_msg=f"{call} returned the wrong values")


# ---------------------------------------------------------------- exercises whose answer is not an array

@pytest.mark.task(2)
@pytest.mark.parametrize("shape, dtype, nbytes", [
    pytest.param((10,), np.int8, 10, id="ex02-ten-int8"),
    pytest.param((3, 4), np.float64, 96, id="ex02-3x4-float64"),
    pytest.param((2, 3, 5), np.int32, 120, id="ex02-2x3x5-int32"),
])
def test_ex02_nbytes_is_elements_times_bytes_per_element(ex, shape, dtype, nbytes):
    got = ex.ex02_nbytes(np.zeros(shape, dtype=dtype))
    assert isinstance(got, int) and not isinstance(got, bool), (
        f"ex02_nbytes returned {got!r} ({type(got).__name__}), expected a Python int: int(...) around a NumPy integer")
    assert got == nbytes, (
        f"ex02_nbytes(zeros({shape}, {np.dtype(dtype).name})) returned {got}, expected {nbytes} "
        f"({int(np.prod(shape))} elements x {np.dtype(dtype).itemsize} bytes)")


@pytest.mark.task(9)
def test_ex09_random_cube_is_3x3x3_floats_in_the_unit_interval(ex, seed):
    got = call_keeps_global_state(lambda: ex.ex09_random_cube(seed), f"ex09_random_cube({seed})")
    assert isinstance(got, np.ndarray) and got.shape == (3, 3, 3), f"ex09_random_cube({seed}) returned {type(got).__name__} of shape {getattr(got, 'shape', None)}, expected (3, 3, 3)"
    assert got.dtype.kind == "f", f"dtype {got.dtype}, expected floats"
    assert got.min() >= 0 and got.max() < 1, f"values from {got.min()} to {got.max()}, expected uniform in [0, 1)"
    assert len(np.unique(got)) == 27, "27 random draws should all differ"
    # 27 uniform draws: the mean's standard error is sqrt(1/12/27) = 0.056; 5 sigma = 0.28
    assert abs(got.mean() - 0.5) < 0.28, f"mean {got.mean():.3f} is more than 5 sigma from 0.5: not uniform on [0, 1)?"


@pytest.mark.task(9)
def test_ex09_random_cube_is_reproducible_for_a_seed(ex, seed):
    first = ex.ex09_random_cube(seed)
    np.random.seed(seed + 1)  # a change of global state must not matter
    np.random.random(5)
    again = ex.ex09_random_cube(seed)
    assert np.array_equal(first, again), f"ex09_random_cube({seed}) gave two different arrays: build the generator from the seed"


@pytest.mark.task(9)
def test_ex09_random_cube_differs_between_seeds(ex, seed):
    assert not np.array_equal(ex.ex09_random_cube(seed), ex.ex09_random_cube(seed + 1)), (
        "two different seeds gave the same array: is the seed used?")


@pytest.mark.task(10)
@pytest.mark.parametrize("make", [
    pytest.param(lambda rng: rng.random((10, 10)), id="ex10-random-10x10"),
    pytest.param(lambda rng: np.array([[4, -7, 2], [9, 0, 3]]), id="ex10-ints-with-negative"),
])
def test_ex10_min_max_returns_smallest_then_largest(ex, rng, make):
    a = make(rng)
    got = ex.ex10_min_max(a.copy())
    assert isinstance(got, tuple) and len(got) == 2, f"ex10_min_max returned {got!r}, expected a tuple (min, max)"
    assert all(isinstance(v, (int, float, np.number)) and np.ndim(v) == 0 for v in got), (
        f"ex10_min_max returned {got!r}: expected two numbers (scalars), not arrays or lists")
    flat = sorted(a.ravel().tolist())
    assert got[0] == pytest.approx(flat[0]) and got[1] == pytest.approx(flat[-1]), (
        f"ex10_min_max returned {got}, expected ({flat[0]}, {flat[-1]}): the smallest first")


@pytest.mark.task(13)
@pytest.mark.parametrize("values, count", [
    pytest.param([1.0, np.nan, 2.0, np.nan, np.nan], 3, id="ex13-three-nans"),
    pytest.param([[np.nan, 0.0], [1.0, np.inf]], 1, id="ex13-2-d-and-inf-is-not-nan"),
    pytest.param([0.0, 1.0], 0, id="ex13-none"),
])
def test_ex13_count_nan_counts_the_nans(ex, values, count):
    got = ex.ex13_count_nan(np.array(values))
    assert isinstance(got, int) and not isinstance(got, bool), (
        f"ex13_count_nan returned {got!r} ({type(got).__name__}), expected a Python int: int(...) around the NumPy count")
    assert got == count, f"ex13_count_nan({values}) returned {got}, expected {count}: a == np.nan is always False, use np.isnan"


@pytest.mark.task(16)
@pytest.mark.parametrize("flat_index, shape, expected", [
    pytest.param(100, (6, 7, 8), (1, 5, 4), id="ex16-100th-of-6x7x8"),
    pytest.param(5, (2, 3), (1, 2), id="ex16-last-of-2x3"),
    pytest.param(3, (2, 3), (1, 0), id="ex16-row-major-not-column-major"),
    pytest.param(0, (4,), (0,), id="ex16-1-d"),
])
def test_ex16_unravel_gives_the_index_tuple(ex, flat_index, shape, expected):
    got = ex.ex16_unravel(flat_index, shape)
    assert isinstance(got, tuple), f"ex16_unravel returned a {type(got).__name__}, expected a tuple"
    assert all(isinstance(i, int) and not isinstance(i, bool) for i in got), (
        f"ex16_unravel({flat_index}, {shape}) returned {got!r} with element types {[type(i).__name__ for i in got]}: "
        "the docstring promises a tuple of Python ints (np.unravel_index gives NumPy integers)")
    assert got == expected, f"ex16_unravel({flat_index}, {shape}) returned {got}, expected {expected}"


@pytest.mark.task(18)
def test_ex18_normalize_gives_mean_zero_and_std_one(ex, rng):
    a = rng.normal(loc=3.0, scale=2.0, size=(5, 5))
    got = ex.ex18_normalize(a.copy())
    assert isinstance(got, np.ndarray) and got.shape == (5, 5), f"ex18_normalize returned shape {getattr(got, 'shape', None)}, expected (5, 5)"
    assert got.mean() == pytest.approx(0.0, abs=1e-12), f"mean {got.mean()}, expected 0: subtract the mean"
    assert got.std() == pytest.approx(1.0, rel=1e-12), (
        f"std {got.std()}, expected 1: divide by the population std (ddof=0); min-max scaling is a different thing")
    np.testing.assert_allclose(got, (a - a.mean()) / a.std(), rtol=1e-10, atol=1e-12,
                               err_msg="the order of the elements should stay the same")


@pytest.mark.task(18)
def test_ex18_normalize_works_on_integers(ex):
    got = ex.ex18_normalize(np.array([1, 2, 3, 4]))
    assert isinstance(got, np.ndarray) and got.dtype.kind == "f", (
        f"ex18_normalize([1, 2, 3, 4]) returned {type(got).__name__} {getattr(got, 'dtype', '')}, expected a float ndarray")
    np.testing.assert_allclose(got, [-3 / math.sqrt(5), -1 / math.sqrt(5), 1 / math.sqrt(5), 3 / math.sqrt(5)],
                               rtol=1e-12, err_msg="ex18_normalize([1, 2, 3, 4]): the result must be floats")


@pytest.mark.task(19)
def test_ex19_rgba_dtype_has_four_named_unsigned_bytes(ex):
    got = ex.ex19_rgba_dtype()
    assert isinstance(got, np.dtype), f"ex19_rgba_dtype returned {type(got).__name__}, expected np.dtype"
    assert got.names == ("r", "g", "b", "a"), f"fields {got.names}, expected ('r', 'g', 'b', 'a') in that order"
    kinds = {name: got.fields[name][0] for name in got.names}
    assert all(t == np.uint8 for t in kinds.values()), f"field types {kinds}, expected uint8 for each"
    assert got.itemsize == 4, f"one colour takes {got.itemsize} bytes, expected 4"
    pixel = np.array([(255, 128, 0, 255)], dtype=got)
    assert pixel["g"][0] == 128


# ---------------------------------------------------------------- properties: warnings and inputs

@pytest.mark.task(23)
def test_ex23_safe_divide_emits_no_runtime_warning(ex):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            ex.ex23_safe_divide(np.array([1.0, 0.0, -2.0]), np.array([0.0, 0.0, 0.0]))
        except RuntimeWarning as w:
            pytest.fail(f"ex23_safe_divide warned: {w}. Divide only where b != 0 (np.divide(..., where=...))")


MUTATION = [
    pytest.param("ex05_reverse", lambda: (np.arange(5),), id="ex05-reverse", marks=pytest.mark.task(5)),
    pytest.param("ex17_zero_the_max", lambda: (np.array([3, 9, 2]),), id="ex17-zero-the-max", marks=pytest.mark.task(17)),
    pytest.param("ex18_normalize", lambda: (np.array([1.0, 2.0, 4.0]),), id="ex18-normalize", marks=pytest.mark.task(18)),
    pytest.param("ex21_negate_between", lambda: (np.arange(11), 3, 8), id="ex21-negate-between", marks=pytest.mark.task(21)),
]


@pytest.mark.parametrize("name, make", MUTATION)
def test_exercise_leaves_its_input_unchanged(ex, name, make):
    args = make()
    before = [a.copy() for a in args if isinstance(a, np.ndarray)]
    getattr(ex, name)(*args)
    after = [a for a in args if isinstance(a, np.ndarray)]
    assert all(np.array_equal(b, a) for b, a in zip(before, after)), (
        f"{name} changed its input from {before[0]} to {after[0]}: work on a copy (or build a new array)")


# ---------------------------------------------------------------- Task 31 (stretch): loop_mean

@pytest.mark.task(31)
@pytest.mark.stretch
@pytest.mark.parametrize("make, expected", [
    pytest.param(lambda rng: [1, 2, 3, 4], 2.5, id="ints"),
    pytest.param(lambda rng: [1, 2], 1.5, id="ints-mean-is-not-rounded"),
    pytest.param(lambda rng: [-1.5], -1.5, id="single-value"),
    pytest.param(lambda rng: (x for x in [2.0, 4.0, 9.0]), 5.0, id="generator-read-once"),
    pytest.param(lambda rng: np.array([0.5, 1.5, 2.5, 3.5]), 2.0, id="numpy-array"),
])
def test_loop_mean_computes_the_mean(ex, rng, make, expected):
    got = ex.loop_mean(make(rng))
    assert isinstance(got, float), f"loop_mean returned {type(got).__name__}, expected a float"
    assert got == pytest.approx(expected, rel=1e-12), f"loop_mean returned {got}, expected {expected}"


@pytest.mark.task(31)
@pytest.mark.stretch
def test_loop_mean_agrees_with_numpy_on_random_data(ex, rng):
    x = rng.normal(10.0, 3.0, size=1000)
    assert ex.loop_mean(x.tolist()) == pytest.approx(np.mean(x), rel=1e-12)


@pytest.mark.task(31)
@pytest.mark.stretch
@pytest.mark.parametrize("empty", [pytest.param(lambda: [], id="empty-list"),
                                   pytest.param(lambda: iter(()), id="empty-generator")])
def test_loop_mean_of_nothing_raises_value_error(ex, empty):
    with pytest.raises(ValueError):
        ex.loop_mean(empty())


@pytest.mark.task(31)
@pytest.mark.stretch
def test_loop_mean_uses_a_loop_not_sum_numpy_or_statistics(ex):
    tree = ast.parse(inspect.getsource(ex.loop_mean).lstrip())
    banned = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in ("sum", "np", "numpy", "statistics", "fsum", "fmean", "reduce"):
            banned.append(node.id)
        if isinstance(node, ast.Attribute) and node.attr in ("sum", "mean", "fsum", "fmean", "average", "reduce"):
            banned.append("." + node.attr)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            banned.append("import")
    assert not banned, f"loop_mean should add and count by itself, but it uses {sorted(set(banned))}"
    assert any(isinstance(node, (ast.For, ast.While)) for node in ast.walk(tree)), "loop_mean should contain a for (or while) loop"


@pytest.mark.task(31)
@pytest.mark.stretch
@pytest.mark.bench
def test_numpy_mean_is_at_least_20x_faster_than_loop_mean(ex, rng, benchmark):
    x = rng.random(10**6)
    assert ex.loop_mean(x) == pytest.approx(np.mean(x), rel=1e-9)
    assert_faster(benchmark, lambda: np.mean(x), lambda: ex.loop_mean(x), at_least=20,
                  repeats=3, fast_name="np.mean", slow_name="loop_mean")
