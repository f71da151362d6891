"""Support code shared by every day of ml-katas.

Modules:
  days        - the list of days (one metadata file, katas/days.toml)
  kata        - load the module under test from katas/ (the learner), solutions/ or a stub folder
  stubgen     - write the learner's stubs from the reference solutions (one source of truth)
  install     - install groups: core first, each heavier group when a day needs it; the CPU torch
  datasets    - pinned, checksummed dataset sources (pooch) and typed loaders
  bench       - "A is at least N times faster than B", measured side by side
  figures     - checks that a saved figure or document is real
  randomstate - a seeded call must leave NumPy's global random state alone
  owntests    - run the learner's own unit tests against a correct module and broken ones
  serve       - a real uvicorn server on a free loopback port, for the days that serve a model
  actionlint  - check GitHub workflow files offline (schema, actionlint)
  wandb_runs  - read wandb's offline run files back (history, config, summary)
  plugin      - the pytest plugin: day/week keywords, learner-facing failures, result reports
  runner      - run pytest over some days and summarise the per-test report
  selfcheck   - `make test`: solutions pass, stubs fail, generated files in sync
  mutate      - for maintainers: does a day reject this wrong solution?
  grade       - `make grade`: score the learner's work per day
  classroom   - generate the GitHub Classroom autograding files and the day tables
  tools       - progress, hints, watch mode, the student template, the tamper check
  nbcheck     - `check("day07")` and `hint("day07")` from a notebook or a REPL
  notebooks   - `make notebook DAY=07`: a day's notebook, paired with a plain-text twin
  portfolio   - `make portfolio`: a static site of the graded work and its deliverables
Only the standard library is imported here, so collecting tests stays fast.
"""


def __getattr__(name):
    """`from katalib import check, hint` without importing the test machinery up front."""
    if name in ("check", "hint"):
        from katalib import nbcheck

        return getattr(nbcheck, name)
    raise AttributeError(f"module 'katalib' has no attribute {name!r}")
