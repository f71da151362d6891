"""Speed-up targets: "fast is at least N times faster than slow", timed side by side in one test.

Both callables run interleaved (fast, slow, fast, slow, ...) so a busy machine slows both alike;
the ratio is taken between the best times. The figures are recorded with pytest-benchmark (the fast
callable's run plus the measured times and ratio in extra_info), which `make bench` writes to JSON.
Never an absolute time.
"""
from __future__ import annotations

import time
from typing import Any, Callable


def best_times(fast: Callable[[], Any], slow: Callable[[], Any], repeats: int = 5) -> tuple[float, float]:
    fast_t, slow_t = [], []
    for _ in range(repeats):
        for fn, bucket in ((fast, fast_t), (slow, slow_t)):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return min(fast_t), min(slow_t)


def assert_faster(benchmark, fast: Callable[[], Any], slow: Callable[[], Any], at_least: float, *,
                  repeats: int = 5, fast_name: str = "fast", slow_name: str = "slow") -> float:
    """Assert fast() is at least `at_least` times faster than slow(); returns the measured ratio."""
    fast_s, slow_s = best_times(fast, slow, repeats)
    ratio = slow_s / max(fast_s, 1e-9)
    if benchmark is not None:
        benchmark.extra_info.update({f"{fast_name}_best_s": fast_s, f"{slow_name}_best_s": slow_s,
                                     "speedup": ratio, "target": at_least})
        benchmark.pedantic(fast, rounds=1, iterations=1)
    assert ratio >= at_least, (
        f"{fast_name} should be at least {at_least:g}x faster than {slow_name}, measured {ratio:.1f}x "
        f"({fast_name} {fast_s * 1e3:.3f} ms vs {slow_name} {slow_s * 1e3:.3f} ms, best of {repeats})"
    )
    return ratio
