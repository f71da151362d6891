"""Checks that a seeded function leaves NumPy's global random state alone.

A function that takes a `seed` must draw from its own generator (`np.random.default_rng(seed)`,
`random_state=seed` in scikit-learn, a torch Generator): `np.random.seed(seed)` followed by the
legacy `np.random.*` calls also gives "the same result for the same seed", but it resets the
random state of every other piece of code in the process. `call_keeps_global_state` runs the call
from a known global state and fails, with the learner's call named, if that state changed.
"""
from __future__ import annotations

from typing import Any, Callable

_PROBE_SEED = 987_654_321


def _same_state(a, b) -> bool:
    import numpy as np

    return a[0] == b[0] and np.array_equal(a[1], b[1]) and tuple(a[2:]) == tuple(b[2:])


def call_keeps_global_state(fn: Callable[[], Any], call: str) -> Any:
    """Run fn() and assert np.random's global state is the same afterwards; returns fn()'s result.

    call: how the learner's call reads in the message, e.g. "sample_means(5, 100, seed=3)".
    """
    import numpy as np

    saved = np.random.get_state()
    np.random.seed(_PROBE_SEED)
    before = np.random.get_state()
    try:
        result = fn()
        after = np.random.get_state()
    finally:
        np.random.set_state(saved)
    assert _same_state(before, after), (
        f"{call} changed NumPy's global random state (np.random.seed or a legacy np.random.* draw, "
        "or a library call with random_state=None): draw from your own generator, "
        "rng = np.random.default_rng(seed), or pass random_state=seed on")
    return result
