"""`python -m katalib mutate`: a file's definitions override the reference, the day's tests judge the result."""
import subprocess
import sys
import textwrap

import pytest

from katalib import days, mutate

REFERENCE = textwrap.dedent('''\
    """Module."""
    from __future__ import annotations

    import numpy as np

    LIMIT = 3


    def helper(x):
        return x + 1


    @staticmethod
    def decorated(x):
        return x


    def kept(x):
        return helper(x) * LIMIT


    if __name__ == "__main__":
        print(kept(1))
''')


def test_merge_replaces_the_overridden_definitions_and_keeps_the_rest():
    override = "from __future__ import annotations\nimport math\n\n\ndef helper(x):\n    return math.floor(x)\n\n\ndecorated = None\nLIMIT = 5\n"
    source, overridden = mutate.merge(REFERENCE, override)
    assert overridden == ["LIMIT", "decorated", "helper"]
    assert "return x + 1" not in source and "@staticmethod" not in source and "LIMIT = 3" not in source
    assert source.startswith('"""Module."""\nfrom __future__ import annotations')
    assert source.count("from __future__") == 1
    namespace = {}
    exec(compile(source, "merged.py", "exec"), namespace)
    assert namespace["kept"](2.7) == 10 and namespace["decorated"] is None
    assert source.rstrip().endswith("print(kept(1))"), "the script block runs after the override is defined"


def test_the_module_is_chosen_by_the_names_the_file_defines():
    day = days.get("day04")
    assert mutate.choose_module(day, "def matmul_loops(A, B):\n    return A\n").name == "linalg.py"
    assert mutate.choose_module(day, "x = 1\n", module="linalg").name == "linalg.py"
    with pytest.raises(mutate.MutateError, match="defines none"):
        mutate.choose_module(day, "def something_else():\n    pass\n")
    with pytest.raises(mutate.MutateError, match="no module"):
        mutate.choose_module(day, "x = 1\n", module="nope")


def _mutate(tmp_path, source, *args):
    path = tmp_path / "candidate.py"
    path.write_text(source, encoding="utf-8")
    cmd = [sys.executable, "-m", "katalib", "mutate", "day04", str(path), "-k", "not_elementwise", *args]
    return subprocess.run(cmd, cwd=days.ROOT, capture_output=True, text=True, timeout=300)


WRONG = "import numpy as np\n\n\ndef matmul_loops(A, B):\n    return np.asarray(A, dtype=float) * np.asarray(B, dtype=float)\n"
ALTERNATIVE = textwrap.dedent('''\
    def matmul_loops(A, B):
        import numpy as np
        A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
        if A.ndim != 2 or B.ndim != 2 or A.shape[1] != B.shape[0]:
            raise ValueError("shapes do not align")
        C = np.zeros((A.shape[0], B.shape[1]))
        for i in range(A.shape[0]):
            for k in range(A.shape[1]):
                for j in range(B.shape[1]):
                    C[i, j] += A[i, k] * B[k, j]
        return C
''')


@pytest.mark.timeout(600)  # runs pytest in a subprocess, twice for the first test
def test_a_wrong_solution_is_reported_rejected_with_the_failing_test(tmp_path):
    proc = _mutate(tmp_path, WRONG)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "REJECTED" in proc.stdout and "test_matmul_loops_is_not_elementwise_or_transposed" in proc.stdout
    assert "overrides matmul_loops in linalg.py" in proc.stdout
    assert _mutate(tmp_path, WRONG, "--expect", "accepted").returncode == 1


@pytest.mark.timeout(600)  # runs pytest in a subprocess, twice for the first test
def test_an_alternative_correct_solution_is_reported_accepted(tmp_path):
    proc = _mutate(tmp_path, ALTERNATIVE, "--expect", "accepted")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ACCEPTED: all 1 tests pass" in proc.stdout


@pytest.mark.timeout(600)  # runs pytest in a subprocess, twice for the first test
def test_a_file_matching_no_module_is_a_usage_error(tmp_path):
    proc = _mutate(tmp_path, "def unrelated():\n    pass\n")
    assert proc.returncode == 2 and "defines none" in proc.stdout
