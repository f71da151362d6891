# day06 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
"""Day 06 — Probability basics: the Monty Hall game simulated with NumPy, and Bayes' rule.

Run it as a script:  python monty.py --trials 10000 --seed 1
"""
from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np


def simulate(n_trials: int = 10_000, n_doors: int = 3, seed: int | None = 0) -> dict:
    """Play the Monty Hall game `n_trials` times at once, vectorised (no Python loop over trials).

    Each trial: the car is behind a uniformly random door, the contestant picks a uniformly random
    door, the host (who knows where the car is) opens every other door except one, never revealing
    the car; the contestant either stays with the first pick or switches to the one closed door left.

    Args:
        n_trials: number of games, an int >= 1.
        n_doors: number of doors, an int >= 3.
        seed: seed for np.random.default_rng; the same seed gives the same games.
    Returns:
        {"switch_wins": bool ndarray (n_trials,), True where switching wins that game,
         "stay_wins":   bool ndarray (n_trials,), True where staying wins that game,
         "switch": float, the fraction of games switching wins,
         "stay":   float, the fraction of games staying wins}
    Raises:
        ValueError: if n_trials < 1 or n_doors < 3.
    """
    raise NotImplementedError('day06 task 1: implement simulate() in katas/week2_statistics/day06_probability/monty.py — validate, draw car and pick arrays with one rng, compare them with array operations (README Task 1; `make hint DAY=06`)')


def main(argv: list[str] | None = None) -> int:
    """The command line: `python monty.py [--trials N] [--doors D] [--seed S]`.

    Defaults: 10000 trials, 3 doors, seed 0. Prints exactly these two lines (rates with 4 decimals):
        switch: 0.6667
        stay: 0.3333
    Returns 0 (the exit status).
    """
    raise NotImplementedError('day06 task 2: implement main() in katas/week2_statistics/day06_probability/monty.py — argparse with --trials, --doors, --seed; call simulate and print both rates (README Task 2; `make hint DAY=06`)')


def write_explanation(result: dict, path, n_doors: int = 3) -> Path:
    """Write a short Markdown explanation of the simulation.

    The note starts with a '# ' title line, states both measured win rates (as decimals with at
    least 3 digits, e.g. 0.667, or as percentages, e.g. 66.7%) and the number of games, and explains
    in a few sentences (60 words or more) why switching wins (n_doors - 1) / n_doors of the time.
    Args:
        result: a dict as returned by simulate.
        path: where to write the note (e.g. out/monty_explanation.md).
        n_doors: the number of doors the result was simulated with.
    Returns:
        the path written.
    """
    raise NotImplementedError('day06 task 3: implement write_explanation() in katas/week2_statistics/day06_probability/monty.py — an f-string with the rates and the reasoning, written with Path.write_text (README Task 3; `make hint DAY=06`)')


def spam_posterior(counts) -> dict[str, float]:
    """Bayes' rule for a one-word spam filter, from a 2x2 table of e-mail counts.

    Args:
        counts: array-like of shape (2, 2) of non-negative counts;
                rows = (spam, ham), columns = (word present, word absent).
                E.g. [[40, 10], [20, 130]]: 40 spam mails contain the word, 10 do not, ...
    Returns:
        {"p_spam": P(spam), "p_word_given_spam": P(word | spam), "p_word_given_ham": P(word | ham),
         "p_word": P(word), "p_spam_given_word": P(spam | word),
         "p_spam_given_no_word": P(spam | no word)}  — all floats.
    Raises:
        ValueError: if the table is not 2x2, has a negative count, or has a row or a column that sums
        to 0 (a conditional probability would divide by zero).
    """
    raise NotImplementedError('day06 task 4: implement spam_posterior() in katas/week2_statistics/day06_probability/monty.py — prior and likelihoods from the rows, then P(spam|word) = P(word|spam) P(spam) / P(word) (README Task 4; `make hint DAY=06`)')


if __name__ == "__main__":
    raise SystemExit(main())
