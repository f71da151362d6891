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
    # BEGIN SOLUTION (task 1) validate, draw car and pick arrays with one rng, compare them with array operations
    if int(n_trials) != n_trials or n_trials < 1:
        raise ValueError(f"n_trials must be a positive integer, got {n_trials!r}")
    if int(n_doors) != n_doors or n_doors < 3:
        raise ValueError(f"Monty Hall needs at least 3 doors, got n_doors={n_doors!r}")
    rng = np.random.default_rng(seed)
    car = rng.integers(0, n_doors, size=n_trials)
    pick = rng.integers(0, n_doors, size=n_trials)
    # The one door the host leaves closed: the car if the pick missed it, else a random other door.
    other = (pick + rng.integers(1, n_doors, size=n_trials)) % n_doors
    remaining = np.where(pick == car, other, car)
    stay_wins = pick == car
    switch_wins = remaining == car
    return {"switch_wins": switch_wins, "stay_wins": stay_wins,
            "switch": float(switch_wins.mean()), "stay": float(stay_wins.mean())}
    # END SOLUTION


def main(argv: list[str] | None = None) -> int:
    """The command line: `python monty.py [--trials N] [--doors D] [--seed S]`.

    Defaults: 10000 trials, 3 doors, seed 0. Prints exactly these two lines (rates with 4 decimals):
        switch: 0.6667
        stay: 0.3333
    Returns 0 (the exit status).
    """
    # BEGIN SOLUTION (task 2) argparse with --trials, --doors, --seed; call simulate and print both rates
    parser = argparse.ArgumentParser(description="Simulate the Monty Hall game.")
    parser.add_argument("--trials", type=int, default=10_000, help="number of games (default 10000)")
    parser.add_argument("--doors", type=int, default=3, help="number of doors (default 3)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    result = simulate(args.trials, n_doors=args.doors, seed=args.seed)
    print(f"switch: {result['switch']:.4f}")
    print(f"stay: {result['stay']:.4f}")
    return 0
    # END SOLUTION


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
    # BEGIN SOLUTION (task 3) an f-string with the rates and the reasoning, written with Path.write_text
    path = Path(path)
    n = len(result["switch_wins"])
    text = (
        "# Monty Hall: why switching wins\n\n"
        f"Over {n} simulated games with {n_doors} doors, switching won **{result['switch']:.4f}** of the time "
        f"and staying won **{result['stay']:.4f}**.\n\n"
        f"Your first pick hides the car with probability 1/{n_doors}, and opening doors does not change that: "
        "the host knows where the car is and never opens its door, so his choice tells you nothing about your "
        f"own door. The remaining {n_doors - 1}/{n_doors} of the probability was spread over the other doors; "
        "after the host opens all of them but one, it sits entirely on the single closed door he left. "
        "Staying wins only when the first guess was right, switching wins every time it was wrong, "
        f"so switching wins {n_doors - 1}/{n_doors} of the games.\n"
    )
    path.write_text(text, encoding="utf-8")
    return path
    # END SOLUTION


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
    # BEGIN SOLUTION (task 4) prior and likelihoods from the rows, then P(spam|word) = P(word|spam) P(spam) / P(word)
    table = np.asarray(counts, dtype=float)
    if table.shape != (2, 2):
        raise ValueError(f"counts must be a 2x2 table (rows spam/ham, columns word present/absent), got shape {table.shape}")
    if (table < 0).any() or not np.isfinite(table).all():
        raise ValueError(f"counts must be finite and non-negative, got {table.tolist()}")
    rows, cols = table.sum(axis=1), table.sum(axis=0)
    if (rows == 0).any():
        raise ValueError(f"a row of {table.tolist()} sums to 0: P(word | spam) or P(word | ham) is undefined")
    if (cols == 0).any():
        raise ValueError(f"a column of {table.tolist()} sums to 0: P(spam | word) or P(spam | no word) is undefined")
    total = table.sum()
    p_spam = rows[0] / total
    p_word_given_spam = table[0, 0] / rows[0]
    p_word_given_ham = table[1, 0] / rows[1]
    p_word = p_word_given_spam * p_spam + p_word_given_ham * (1 - p_spam)
    return {
        "p_spam": float(p_spam),
        "p_word_given_spam": float(p_word_given_spam),
        "p_word_given_ham": float(p_word_given_ham),
        "p_word": float(p_word),
        "p_spam_given_word": float(p_word_given_spam * p_spam / p_word),
        "p_spam_given_no_word": float((1 - p_word_given_spam) * p_spam / (1 - p_word)),
    }
    # END SOLUTION


if __name__ == "__main__":
    raise SystemExit(main())
