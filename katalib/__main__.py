"""Command line of ml-katas (the Makefile calls it): python -m katalib <command>."""
from __future__ import annotations

import argparse
import sys

from katalib import days


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m katalib")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run a day (day04) or week (week1) on your code")
    p.add_argument("selector")
    p = sub.add_parser("selfcheck", help="solutions pass, stubs fail, generated files in sync")
    p.add_argument("--slow", action="store_true")
    p.add_argument("--only", help="comma-separated days (day06,day07): check just these, ready or not")
    sub.add_parser("generate", help="write stubs, README table and Classroom files")
    p = sub.add_parser("grade", help="score every day -> grading/results.json")
    p.add_argument("--day")
    p = sub.add_parser("data", help="download the datasets into the cache")
    p.add_argument("--full", action="store_true")
    sub.add_parser("bench", help="run the benchmark tests -> grading/benchmarks.json")
    p = sub.add_parser("mutate", help="for maintainers: does a day's suite reject this (wrong) solution?")
    p.add_argument("day")
    p.add_argument("file", help="a .py whose top-level definitions replace the reference's")
    p.add_argument("--module", help="the day's module the file overrides (default: the one sharing most names)")
    p.add_argument("--expect", choices=("rejected", "accepted"), default="rejected",
                   help="exit 0 when the day judges the file so (default: rejected)")
    p.add_argument("-k", dest="keyword", help="only the tests matching this pytest -k expression")
    p.add_argument("--slow", action="store_true", help="also the slow (full-size) tests")
    p.add_argument("--keep", action="store_true", help="keep the temporary target tree and print its path")
    sub.add_parser("progress", help="the 40-day table from grading/results.json")
    p = sub.add_parser("hint", help="the next hint for the first failing task of a day")
    p.add_argument("day")
    p = sub.add_parser("watch", help="re-run a day's tests on every save")
    p.add_argument("day")
    p = sub.add_parser("student-template", help="write a copy for GitHub Classroom without solutions")
    p.add_argument("out")
    p = sub.add_parser("notebook", help="create (never overwrite) and open a day's notebook")
    p.add_argument("day")
    sub.add_parser("portfolio", help="a static site of your graded work and deliverables -> portfolio/")
    args = parser.parse_args(argv)

    if args.command == "portfolio":
        from katalib import portfolio

        return portfolio.main()
    if args.command == "notebook":
        from katalib import notebooks

        return notebooks.open_notebook(args.day)
    if args.command in ("progress", "hint", "watch", "student-template"):
        from katalib import tools

        if args.command == "progress":
            return tools.progress()
        if args.command == "hint":
            return tools.hint(args.day)
        if args.command == "watch":
            return tools.watch(args.day)
        return tools.student_template(args.out)
    if args.command in ("selfcheck", "generate", "mutate") and not days.SOLUTIONS.is_dir():
        print(f"`{args.command}` needs the reference solutions, which this student copy does not have; "
              "use `make dayNN` and `make grade`.")
        return 2
    if args.command == "mutate":
        from katalib import mutate

        return mutate.main(args.day, args.file, module=args.module, expect=args.expect, keyword=args.keyword,
                           slow=args.slow, keep=args.keep)
    if args.command == "run":
        from katalib import grade

        return grade.run_days(args.selector)
    if args.command == "selfcheck":
        from katalib import selfcheck

        return selfcheck.main(slow=args.slow, only=args.only)
    if args.command == "generate":
        from katalib import classroom, stubgen

        stubgen.generate()
        for path, text in classroom.generated().items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote   {path.relative_to(classroom.days.ROOT)}")
        return 0
    if args.command == "grade":
        from katalib import grade

        return grade.grade(args.day)
    if args.command == "data":
        from katalib import datasets

        return datasets.fetch_all(full=args.full)
    if args.command == "bench":
        import subprocess

        (days.ROOT / "grading").mkdir(exist_ok=True)
        return subprocess.run([sys.executable, "-m", "pytest", "katas", "-m", "bench", "-p", "no:cacheprovider",
                               "--benchmark-json=grading/benchmarks.json"], cwd=days.ROOT).returncode
    return 2


if __name__ == "__main__":
    sys.exit(main())
