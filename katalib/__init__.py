"""Support code shared by every day of ml-katas.

Modules:
  days      - the list of days (one metadata file, katas/days.toml)
  kata      - load the module under test from katas/ (the learner), solutions/ or a stub folder
  stubgen   - write the learner's stubs from the reference solutions (one source of truth)
  datasets  - pinned, checksummed dataset downloads (pooch) and typed loaders
  bench     - "A is at least N times faster than B", measured side by side
  figures   - checks that a saved figure or document is real
  plugin    - the pytest plugin: day/week keywords, learner-facing failures, result reports
  selfcheck - `make test`: solutions pass, stubs fail, generated files in sync
  grade     - `make grade`: score the learner's work per day
  classroom - generate the GitHub Classroom autograding files
  nbcheck   - `check("day07")` and `hint("day07")` from a notebook or a REPL
  notebooks - `make notebook DAY=07`: a day's notebook, paired with a plain-text twin
Only the standard library is imported here, so collecting tests stays fast.
"""


def __getattr__(name):
    """`from katalib import check, hint` without importing the test machinery up front."""
    if name in ("check", "hint"):
        from katalib import nbcheck

        return getattr(nbcheck, name)
    raise AttributeError(f"module 'katalib' has no attribute {name!r}")
