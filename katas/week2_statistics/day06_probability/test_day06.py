"""Day 06 — Probability basics: the Monty Hall simulation, the script, the explanation, Bayes' rule."""
import math
import random
import re
import subprocess
import sys

import numpy as np
import pytest

from katalib import kata
from katalib.bench import assert_faster
from katalib.figures import read_saved_text
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def monty():
    return kata.load("day06", "monty")


def _tolerance(p: float, n: int, sigmas: float = 4.0) -> float:
    """sigmas x the binomial standard error sqrt(p (1 - p) / n) of a win rate over n games."""
    return sigmas * math.sqrt(p * (1 - p) / n)


def _loop_monty(n_trials: int, n_doors: int = 3, seed: int = 0) -> float:
    """The same game with a plain Python loop over trials: the baseline the NumPy version must beat."""
    r = random.Random(seed)
    switch_wins = 0
    for _ in range(n_trials):
        car, pick = r.randrange(n_doors), r.randrange(n_doors)
        closed = car if pick != car else r.choice([d for d in range(n_doors) if d != pick])
        switch_wins += closed == car
    return switch_wins / n_trials


# ---------------------------------------------------------------- Task 1: simulate

@pytest.mark.task(1)
def test_simulate_returns_one_boolean_outcome_per_game(monty):
    result = monty.simulate(1000, seed=0)
    assert isinstance(result, dict), f"simulate(1000) returned {type(result).__name__}, expected a dict"
    for key in ("switch_wins", "stay_wins", "switch", "stay"):
        assert key in result, f"simulate(1000) returned keys {sorted(result)}, missing {key!r}"
    for key in ("switch", "stay"):
        assert isinstance(result[key], float), (
            f"simulate(1000)[{key!r}] is a {type(result[key]).__name__}, expected a float (float(wins.mean()))")
    for key in ("switch_wins", "stay_wins"):
        wins = result[key]
        assert isinstance(wins, np.ndarray), (
            f"simulate(1000)[{key!r}] is a {type(wins).__name__}, expected a NumPy bool array (one entry per game)")
        assert wins.shape == (1000,), f"simulate(1000)[{key!r}] has shape {wins.shape}, expected (1000,): one entry per game"
        # bool is asked for; 0/1 integers say the same thing, so they are accepted too
        assert wins.dtype == bool or (np.issubdtype(wins.dtype, np.integer) and set(np.unique(wins)) <= {0, 1}), (
            f"simulate(1000)[{key!r}] has dtype {wins.dtype}, expected bool (did this game win?)")


@pytest.mark.task(1)
def test_simulate_rates_are_the_fractions_of_games_won(monty):
    result = monty.simulate(1000, seed=3)
    for key in ("switch", "stay"):
        expected = float(np.mean(result[f"{key}_wins"]))
        assert result[key] == pytest.approx(expected, abs=1e-12), (
            f"simulate(1000)[{key!r}] is {result[key]!r}, but {key}_wins.mean() is {expected}: the rate is the fraction of games won")


@pytest.mark.task(1)
def test_exactly_one_strategy_wins_each_game(monty):
    result = monty.simulate(2000, seed=5)
    switch, stay = np.asarray(result["switch_wins"]).astype(bool), np.asarray(result["stay_wins"]).astype(bool)
    both, neither = int((switch & stay).sum()), int((~switch & ~stay).sum())
    assert both == 0 and neither == 0, (
        f"in {both} games both strategies won and in {neither} neither did: the host never opens the car's door, "
        "so the car is either behind your first pick (staying wins) or behind the one door left closed (switching wins)")


# 4 sigma of the binomial standard error: for 10 000 games and p = 2/3 that is +-0.019 (a correct
# simulation misses it about once in 16 000 runs), while a 50/50 answer is 35 sigma away.
@pytest.mark.task(1)
@pytest.mark.parametrize("key, p", [pytest.param("switch", 2 / 3, id="switching-wins-two-thirds"),
                                    pytest.param("stay", 1 / 3, id="staying-wins-one-third")])
def test_three_door_win_rates_match_the_theory(monty, seed, key, p):
    n = 10_000
    rate = monty.simulate(n, seed=seed)[key]
    tol = _tolerance(p, n)
    assert abs(rate - p) <= tol, (
        f"simulate({n}, seed={seed})[{key!r}] = {rate:.4f}, expected {p:.4f} +- {tol:.4f} (4 binomial standard errors). "
        "Does the host know where the car is, and never open the contestant's door or the car's?")


# With n doors the host opens n - 2 of them: switching wins (n - 1)/n. 4 sigma of the binomial SE.
@pytest.mark.task(1)
@pytest.mark.parametrize("n_doors", [pytest.param(4, id="4-doors"), pytest.param(10, id="10-doors"),
                                     pytest.param(100, id="100-doors")])
def test_switching_wins_all_but_one_in_n_doors(monty, seed, n_doors):
    n = 20_000
    result = monty.simulate(n, n_doors=n_doors, seed=seed)
    for key, p in (("switch", (n_doors - 1) / n_doors), ("stay", 1 / n_doors)):
        tol = _tolerance(p, n)
        assert abs(result[key] - p) <= tol, (
            f"simulate({n}, n_doors={n_doors})[{key!r}] = {result[key]:.4f}, expected {p:.4f} +- {tol:.4f}: "
            f"the host opens all doors but the pick and one other, so staying wins 1/{n_doors} and switching the rest")


@pytest.mark.task(1)
def test_the_same_seed_replays_the_same_games(monty):
    a = call_keeps_global_state(lambda: monty.simulate(5000, seed=42), "simulate(5000, seed=42)")
    b = call_keeps_global_state(lambda: monty.simulate(5000, seed=42), "simulate(5000, seed=42)")
    assert np.array_equal(a["switch_wins"], b["switch_wins"]) and a["switch"] == b["switch"], (
        "simulate(5000, seed=42) gave different games on two calls: draw everything from np.random.default_rng(seed)")


@pytest.mark.task(1)
def test_different_seeds_play_different_games(monty):
    a, b = monty.simulate(5000, seed=1), monty.simulate(5000, seed=2)
    assert not np.array_equal(a["switch_wins"], b["switch_wins"]), (
        "simulate(5000, seed=1) and simulate(5000, seed=2) played identical games: is the seed passed to the generator?")


@pytest.mark.task(1)
@pytest.mark.parametrize("kwargs", [
    pytest.param({"n_trials": 0}, id="zero-trials"),
    pytest.param({"n_trials": -10}, id="negative-trials"),
    pytest.param({"n_trials": 100, "n_doors": 2}, id="two-doors"),
    pytest.param({"n_trials": 100, "n_doors": 1}, id="one-door"),
])
def test_simulate_rejects_impossible_games(monty, kwargs):
    with pytest.raises(ValueError):
        monty.simulate(**kwargs, seed=0)


@pytest.mark.task(1)
@pytest.mark.bench
def test_simulate_is_at_least_5x_faster_than_a_python_loop(monty, benchmark):
    n = 100_000
    rate = monty.simulate(n, seed=0)["switch"]
    assert abs(rate - 2 / 3) <= _tolerance(2 / 3, n), f"simulate({n})['switch'] = {rate:.4f}, expected about 0.667"
    assert_faster(benchmark, lambda: monty.simulate(n, seed=0), lambda: _loop_monty(n, seed=0), at_least=5,
                  repeats=3, fast_name="simulate", slow_name="a Python loop over games")


# ---------------------------------------------------------------- Task 2: the script

def _run_script(*args: str) -> subprocess.CompletedProcess:
    path = kata.module_path("day06", "monty")
    assert path.exists(), f"{path} does not exist"
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, timeout=60)


def _rate(output: str, word: str) -> float:
    match = re.search(rf"^\s*{word}\s*:\s*([0-9]*\.?[0-9]+)\s*$", output, flags=re.MULTILINE | re.IGNORECASE)
    assert match, f"the script's output has no line like '{word}: 0.6667'; it printed:\n{output}"
    return float(match.group(1))


@pytest.mark.task(2)
def test_script_prints_the_rates_that_simulate_returns(monty):
    proc = _run_script("--trials", "10000", "--seed", "1")
    assert proc.returncode == 0, f"`python monty.py --trials 10000 --seed 1` exited with {proc.returncode}:\n{proc.stderr[-2000:]}"
    expected = monty.simulate(10_000, seed=1)
    for word in ("switch", "stay"):
        got = _rate(proc.stdout, word)
        assert got == pytest.approx(expected[word], abs=6e-5), (
            f"the script printed {word}: {got}, but simulate(10000, seed=1)[{word!r}] is {expected[word]:.4f}: "
            "pass --trials and --seed on to simulate and print the rates with 4 decimals")


@pytest.mark.task(2)
def test_main_reads_its_argv_argument_prints_two_lines_and_returns_0(monty, capsys):
    argv = ["--trials", "3000", "--doors", "4", "--seed", "4"]
    code = monty.main(argv)
    out = capsys.readouterr().out
    assert code == 0 and isinstance(code, int), (
        f"main({argv}) returned {code!r}, expected 0 (the exit status): return 0 at the end")
    lines = [line for line in out.splitlines() if line.strip()]
    assert len(lines) == 2, f"main({argv}) printed {len(lines)} line(s), expected exactly two (switch, stay):\n{out}"
    expected = monty.simulate(3000, n_doors=4, seed=4)
    for word in ("switch", "stay"):
        got = _rate(out, word)
        assert got == pytest.approx(expected[word], abs=6e-5), (
            f"main({argv}) printed {word}: {got}, but simulate(3000, n_doors=4, seed=4)[{word!r}] is "
            f"{expected[word]:.4f}: parse the argv you are given (parser.parse_args(argv)), not sys.argv")


@pytest.mark.task(2)
def test_main_with_no_arguments_uses_the_defaults(monty, capsys):
    code = monty.main([])
    out = capsys.readouterr().out
    assert code == 0, f"main([]) returned {code!r}, expected 0"
    expected = monty.simulate(10_000, n_doors=3, seed=0)
    for word in ("switch", "stay"):
        got = _rate(out, word)
        assert got == pytest.approx(expected[word], abs=6e-5), (
            f"main([]) printed {word}: {got}, expected {expected[word]:.4f} (simulate with 10000 trials, 3 doors, seed 0)")


@pytest.mark.task(2)
def test_script_passes_the_number_of_doors_on(monty):
    proc = _run_script("--trials", "20000", "--doors", "5", "--seed", "7")
    assert proc.returncode == 0, f"`python monty.py --trials 20000 --doors 5 --seed 7` exited with {proc.returncode}:\n{proc.stderr[-2000:]}"
    got = _rate(proc.stdout, "switch")
    tol = _tolerance(0.8, 20_000)  # 4 sigma
    assert abs(got - 0.8) <= tol, f"with --doors 5 the script printed switch: {got}, expected 0.8 +- {tol:.4f}"


# ---------------------------------------------------------------- Task 3: the explanation

# A measured result that is not the theory (a short 4-door run): the note must report these numbers,
# not 66.7 % / 33.3 % or the default 10000 games typed in.
RESULT = {"switch_wins": np.array([True] * 1913 + [False] * 658), "stay_wins": np.array([False] * 1913 + [True] * 658),
          "switch": 1913 / 2571, "stay": 658 / 2571}


def _numbers(text: str) -> list[float]:
    text = re.sub(r"(?<=\d)[ ,_\u202f](?=\d{3}\b)", "", text)  # 10,000 / 10 000 -> 10000
    return [float(x) for x in re.findall(r"\d+(?:\.\d+)?", text)]


@pytest.mark.task(3)
def test_explanation_is_markdown_with_both_measured_rates(monty, outdir):
    from pathlib import Path

    path = outdir / "monty_explanation.md"
    returned = monty.write_explanation(RESULT, path, n_doors=4)
    text = read_saved_text(path, "write_explanation(result, path, n_doors=4)")
    assert isinstance(returned, Path) and returned == path, (
        f"write_explanation(result, path) returned {returned!r}, expected the pathlib.Path it wrote")
    assert text.lstrip().startswith("#"), "the explanation should start with a Markdown title line ('# ...')"
    numbers = _numbers(text)
    for key in ("switch", "stay"):
        rate = RESULT[key]
        assert any(abs(x - rate) < 1e-3 or abs(x - 100 * rate) < 0.1 for x in numbers), (
            f"the explanation should state the measured {key} win rate of the result it is given "
            f"({rate:.3f} or {100 * rate:.1f}%), not the theory; numbers found: {numbers}")
    assert any(x == 2571 for x in numbers), (
        f"the explanation should say how many games were played: len(result['switch_wins']) = 2571 here; numbers found: {numbers}")


@pytest.mark.task(3)
def test_explanation_says_why_switching_wins(monty, outdir):
    path = outdir / "monty_explanation.md"
    monty.write_explanation(RESULT, path)
    text = read_saved_text(path, "write_explanation(result, path)")
    assert len(text.split()) >= 60, f"the explanation has {len(text.split())} words; write at least 60 on why switching wins"
    assert "host" in text.lower(), "the explanation should say what the host's choice of door tells you (mention the host)"


@pytest.mark.task(3)
def test_explanation_gives_the_theory_for_its_number_of_doors(monty, outdir):
    path = outdir / "monty_explanation.md"
    monty.write_explanation(RESULT, path, n_doors=4)
    text = read_saved_text(path, "write_explanation(result, path, n_doors=4)")
    compact = text.replace(" ", "")
    assert any(form in compact for form in ("3/4", "0.75", "75%", "75.0%", "¾")), (
        "write_explanation(result, path, n_doors=4) should say why switching wins (n_doors - 1) / n_doors = 3/4 "
        "of the games with 4 doors (as 3/4, 0.75 or 75%); build the fraction from n_doors")


# ---------------------------------------------------------------- Task 4 (stretch): Bayes' rule

# rows spam / ham, columns word present / absent; posteriors worked out by hand
TABLE = [[40, 10], [20, 130]]
HAND = {"p_spam": 50 / 200, "p_word_given_spam": 40 / 50, "p_word_given_ham": 20 / 150, "p_word": 60 / 200,
        "p_spam_given_word": 40 / 60, "p_spam_given_no_word": 10 / 140}


@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.parametrize("key", [pytest.param(k, id=k.replace("_", "-")) for k in HAND])
def test_spam_posterior_matches_the_hand_computed_table(monty, key):
    got = monty.spam_posterior(TABLE)
    assert key in got, f"spam_posterior({TABLE}) returned keys {sorted(got)}, missing {key!r}"
    assert isinstance(got[key], float), (
        f"spam_posterior({TABLE})[{key!r}] is a {type(got[key]).__name__}, expected a float (float(...) of the ratio)")
    assert got[key] == pytest.approx(HAND[key], abs=1e-9), (
        f"spam_posterior({TABLE})[{key!r}] = {got[key]!r}, expected {HAND[key]:.4f}. "
        "Rows are spam/ham, columns word present/absent; P(spam | word) = P(word | spam) P(spam) / P(word)")


@pytest.mark.task(4)
@pytest.mark.stretch
def test_spam_posterior_is_not_the_likelihood_on_a_second_table(monty):
    table = np.array([[9, 1], [90, 900]])  # a rare class with a tell-tale word: the base-rate trap
    got = monty.spam_posterior(table)
    assert got["p_spam_given_word"] == pytest.approx(9 / 99, abs=1e-9), (
        f"spam_posterior([[9, 1], [90, 900]])['p_spam_given_word'] = {got['p_spam_given_word']!r}, expected 9/99 = 0.0909: "
        "90% of spam has the word, but spam is rare, so most mails with the word are ham")
    assert table.tolist() == [[9, 1], [90, 900]], "spam_posterior modified the table it was given"


@pytest.mark.task(4)
@pytest.mark.stretch
@pytest.mark.parametrize("table", [
    pytest.param([[0, 0], [20, 130]], id="no-spam-row"),
    pytest.param([[40, 10], [0, 0]], id="no-ham-row"),
    pytest.param([[0, 10], [0, 130]], id="word-never-present"),
    pytest.param([[40, 0], [20, 0]], id="word-always-present"),
    pytest.param([[40, -1], [20, 130]], id="negative-count"),
    pytest.param([[40, 10, 5], [20, 130, 1]], id="not-2x2"),
])
def test_spam_posterior_rejects_degenerate_tables(monty, table):
    with pytest.raises(ValueError):
        monty.spam_posterior(table)
