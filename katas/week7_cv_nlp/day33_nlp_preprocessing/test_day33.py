"""Day 33 — NLP pre-processing: HTML out, spaCy tokens, stop words, bigrams of neighbours, top-30 on real IMDB, the bar chart."""
import re
from collections import Counter

import numpy as np
import pytest

from katalib import kata
from katalib.figures import assert_png
from katalib.randomstate import call_keeps_global_state


@pytest.fixture(scope="module")
def prep():
    return kata.load("day33", "nlp_prep")


@pytest.fixture(scope="module")
def nlp():
    import spacy

    return spacy.blank("en")


def _independent_bigrams(text, nlp):
    """The test's own count: tags -> space, spaCy tokens, alphabetic non-stop lower-case, neighbours only."""
    from spacy.lang.en.stop_words import STOP_WORDS

    doc = nlp(re.sub(r"<[^>]*>", " ", text))
    kept = {t.i: t.text.lower() for t in doc if t.is_alpha and t.text.lower() not in STOP_WORDS}
    return [(kept[i], kept[i + 1]) for i in sorted(kept) if i + 1 in kept]


# ---------------------------------------------------------------- Task 1: clean_html

@pytest.mark.task(1)
@pytest.mark.parametrize("raw, words", [
    pytest.param("A fine film.<br /><br />The end", ["A", "fine", "film.", "The", "end"], id="br-tags"),
    pytest.param("word<br/>next", ["word", "next"], id="tag-between-two-words"),
    pytest.param("<i>Citizen Kane</i> it is NOT", ["Citizen", "Kane", "it", "is", "NOT"], id="italic-tags"),
    pytest.param('See <a href="x.html">this</a>!', ["See", "this", "!"], id="tag-with-attributes"),
])
def test_clean_html_removes_tags_and_keeps_words_apart(prep, raw, words):
    out = prep.clean_html(raw)
    assert isinstance(out, str), f"clean_html returned {type(out).__name__}, expected str"
    assert "<" not in out and ">" not in out, f"clean_html({raw!r}) -> {out!r}: a tag is left"
    assert out.split() == words, (
        f"clean_html({raw!r}) -> {out!r}, whose words are {out.split()}, expected {words} "
        "(replace each tag by a space, keep the rest, case included)")


# ---------------------------------------------------------------- Task 2: review_bigrams

CASES = [
    pytest.param("Great movie. Great Movie!", [("great", "movie"), ("great", "movie")], id="case-insensitive"),
    pytest.param("The movie is great", [], id="no-pair-across-a-removed-stop-word"),
    pytest.param("Terrible acting.<br /><br />Terrible plot", [("terrible", "acting"), ("terrible", "plot")],
                 id="html-line-breaks-no-br-br"),
    pytest.param("I didn't like the so-so film, 10/10 would watch again", [], id="spacy-splits-contractions-and-hyphens"),
    pytest.param("Special effects were special-effects heavy; bad acting, BAD ACTING and bad-acting.",
                 [("special", "effects"), ("effects", "heavy"), ("bad", "acting"), ("bad", "acting")],
                 id="punctuation-breaks-pairs"),
    pytest.param("Kurosawa's Seven Samurai (1954): samurai cinema at its finest",
                 [("seven", "samurai"), ("samurai", "cinema")], id="numbers-and-possessives"),
]


@pytest.mark.task(2)
@pytest.mark.parametrize("text, expected", CASES)
def test_review_bigrams_of_fixed_texts(prep, nlp, text, expected):
    got = prep.review_bigrams(text, nlp)
    assert isinstance(got, list), f"review_bigrams returned {type(got).__name__}, expected a list of tuples"
    assert all(isinstance(b, tuple) and len(b) == 2 for b in got), f"each bigram is a (word1, word2) tuple, got {got}"
    hint = ""
    if any("br" in b for b in got):
        hint = " — 'br' comes from <br /> tags: clean_html first"
    elif any(w != w.lower() for b in got for w in b):
        hint = " — lower-case the words"
    elif len(got) > len(expected):
        hint = " — only neighbours that are both kept make a pair: a removed stop word or punctuation breaks it"
    assert got == expected, f"review_bigrams({text!r}) -> {got}, expected {expected}{hint}"


@pytest.mark.task(2)
def test_review_bigrams_match_an_independent_count_on_real_reviews(prep, nlp, imdb):
    reviews = imdb["review"].iloc[[17, 4242, 30001, 49990]].tolist()   # fixed rows, with <br /> tags
    for text in reviews:
        assert prep.review_bigrams(text, nlp) == _independent_bigrams(text, nlp), (
            f"review_bigrams differs from the expected bigrams on the IMDB review starting {text[:80]!r}")


# ---------------------------------------------------------------- Task 3: top_bigrams and the sample

@pytest.mark.task(3)
def test_top_bigrams_counts_every_occurrence_and_breaks_ties_alphabetically(prep, nlp):
    texts = ["Bad film. Great cast. Great cast", "Zombie film. Zombie film! Alien film.", "Alien film; zombie film"]
    top = prep.top_bigrams(texts, k=3, nlp=nlp)
    assert isinstance(top, list), f"top_bigrams returned {type(top).__name__}, expected a list"
    expected = [(("zombie", "film"), 3), (("alien", "film"), 2), (("great", "cast"), 2)]
    assert [(tuple(b), c) for b, c in top] == expected, (
        f"top_bigrams(k=3) -> {top}, expected {expected}: count every occurrence, most frequent first, "
        "equal counts in alphabetical order of the bigram")
    assert len(prep.top_bigrams(texts, k=30, nlp=nlp)) == 4, "fewer distinct bigrams than k: return them all"


@pytest.mark.task(3)
def test_sample_reviews_is_seeded_without_global_state(prep, imdb):
    a = call_keeps_global_state(lambda: prep.sample_reviews(imdb, 50, seed=7), "sample_reviews(imdb, 50, seed=7)")
    assert isinstance(a, list) and len(a) == 50 and all(isinstance(t, str) for t in a), (
        "sample_reviews should return a list of 50 review strings")
    assert a == prep.sample_reviews(imdb, 50, seed=7), "the same seed should give the same sample"
    assert a != prep.sample_reviews(imdb, 50, seed=8), "a different seed should give a different sample"
    assert len(set(a)) == 50 and set(a) <= set(imdb["review"]), "50 different reviews of the frame (no replacement)"
    assert a != imdb["review"].iloc[:50].tolist(), "a random sample, not the first rows"


@pytest.mark.task(3)
@pytest.mark.timeout(120)
def test_top_30_bigrams_of_a_seeded_imdb_sample_match_an_independent_count(prep, nlp, imdb, seed):
    texts = prep.sample_reviews(imdb, 250, seed=seed)
    top = prep.top_bigrams(texts, k=30, nlp=nlp)
    counts = Counter()
    for text in texts:
        counts.update(_independent_bigrams(text, nlp))
    expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:30]
    got = [(tuple(b), int(c)) for b, c in top]
    assert len(got) == 30, f"top_bigrams(k=30) returned {len(got)} bigrams"
    assert ("br", "br") not in dict(got), "('br', 'br') is among the top bigrams: remove the <br /> tags before tokenising"
    assert got == expected, (
        "top_bigrams on 250 sampled IMDB reviews differs from the test's own count; first differences: "
        f"{[(g, e) for g, e in zip(got, expected) if g != e][:3]}")


# ---------------------------------------------------------------- Task 4: the bar chart

TOP = [(("special", "effects"), 20), (("look", "like"), 12), (("new", "york"), 11), (("bone", "eater"), 10),
       (("high", "school"), 10)] + [((f"word{i:02d}", "film"), 9 - i // 4) for i in range(25)]


def _bars(ax):
    from matplotlib.patches import Rectangle

    return [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() != 0 and p.get_height() != 0]


@pytest.mark.task(4)
def test_bar_chart_has_one_bar_per_bigram_sorted_with_labels(prep, outdir):
    path = outdir / "top_bigrams.png"
    ax = prep.plot_top_bigrams(TOP, path)
    assert hasattr(ax, "patches"), f"plot_top_bigrams should return the matplotlib Axes, got {type(ax).__name__}"
    bars = _bars(ax)
    assert len(bars) == 30, f"the chart has {len(bars)} bars, expected 30 (one per bigram)"
    horizontal = len({round(b.get_x(), 6) for b in bars}) == 1
    counts = [c for _, c in TOP]
    if horizontal:
        # most frequent at the top: sort bars by their position on screen, top to bottom
        ordered = sorted(bars, key=lambda b: b.get_y(), reverse=not bool(ax.yaxis_inverted()))
        lengths = [b.get_width() for b in ordered]
        labels = {round(t.get_position()[1]): t.get_text() for t in ax.get_yticklabels()}
        screen = [labels.get(round(b.get_y() + b.get_height() / 2), "") for b in ordered]
    else:
        ordered = sorted(bars, key=lambda b: b.get_x(), reverse=bool(ax.xaxis_inverted()))
        lengths = [b.get_height() for b in ordered]
        labels = {round(t.get_position()[0]): t.get_text() for t in ax.get_xticklabels()}
        screen = [labels.get(round(b.get_x() + b.get_width() / 2), "") for b in ordered]
    assert lengths == counts, f"bar lengths from the top (or left) are {lengths}, expected the counts {counts}, most frequent first"
    assert screen == [" ".join(b) for b, _ in TOP], (
        f"the bars' tick labels read {screen[:5]}..., expected the bigrams as 'word1 word2' ({' '.join(TOP[0][0])!r} first)")
    assert ax.get_title(), "give the chart a title"
    assert_png(path, what="bigram bar chart")


# ---------------------------------------------------------------- Task 5 (stretch): positive vs negative

@pytest.mark.task(5)
@pytest.mark.stretch
@pytest.mark.timeout(120)
def test_bigrams_by_sentiment_uses_a_balanced_sample_of_each_half(prep, nlp, imdb):
    result = call_keeps_global_state(lambda: prep.bigrams_by_sentiment(imdb, 120, seed=3, k=10, nlp=nlp),
                                     "bigrams_by_sentiment(imdb, 120, seed=3, k=10)")
    assert set(result) == {"positive", "negative"}, f"keys {sorted(result)}, expected positive and negative"
    for label in ("positive", "negative"):
        part = imdb[imdb["sentiment"] == label]
        texts = prep.sample_reviews(part, 120, seed=3)
        counts = Counter()
        for text in texts:
            counts.update(_independent_bigrams(text, nlp))
        expected = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        got = [(tuple(b), int(c)) for b, c in result[label]]
        assert got == expected, f"result[{label!r}] = {got[:3]}..., expected {expected[:3]}... (sample_reviews of the {label} rows, seed 3)"
    assert result["positive"] != result["negative"]
