"""Day 33 — NLP pre-processing on IMDB: clean the HTML, tokenise with spaCy, drop stop words, count bigrams.

Pipeline for one review: `clean_html` -> spaCy's tokenizer (`spacy.blank("en")`, no model
download) -> keep alphabetic tokens, lower-cased, that are not spaCy stop words -> bigrams of
tokens that were neighbours in the review. spaCy is imported inside the functions.
"""
import re
from collections import Counter

import numpy as np

TAG = re.compile(r"<[^>]*>")


def make_nlp():
    """spaCy's blank English pipeline: the rule-based tokenizer only (provided)."""
    import spacy

    return spacy.blank("en")


def stop_words() -> frozenset:
    """spaCy's English stop-word list, lower-case (provided)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


# ---------------------------------------------------------------- Task 1: HTML out

def clean_html(text: str) -> str:
    """Replace every HTML tag (`<br />`, `<i>`, `</i>`, ...) by one space; the rest stays as it is.

    Args:
        text: one raw review.
    Returns:
        the text without tags (a tag between two words leaves a space, so they stay two words).
    """
    # BEGIN SOLUTION (task 1) one regular expression for "<" up to the next ">", re.sub with " "
    return TAG.sub(" ", text)
    # END SOLUTION


# ---------------------------------------------------------------- Task 2: tokens and bigrams of one review

def review_bigrams(text: str, nlp) -> list:
    """The bigrams of one raw review, in order of appearance.

    Steps: clean_html; tokenise with `nlp` (spaCy's tokenizer); a token is *kept* when it is
    alphabetic (`token.is_alpha`) and its lower-case form is not a stop word (`stop_words()`).
    A bigram is two tokens that are next to each other in the review and both kept, as a tuple
    of their lower-case forms: a removed token (stop word, punctuation, number) between two kept
    ones breaks the pair.

    Args:
        text: one raw review; nlp: from make_nlp().
    Returns:
        list of (str, str) tuples, e.g. [("great", "movie"), ...].
    """
    # BEGIN SOLUTION (task 2) walk the tokens of nlp(clean_html(text)); keep a flag/None for removed ones; zip neighbours
    stops = stop_words()
    words = [t.lower_ if t.is_alpha and t.lower_ not in stops else None for t in nlp(clean_html(text))]
    return [(a, b) for a, b in zip(words, words[1:]) if a is not None and b is not None]
    # END SOLUTION


# ---------------------------------------------------------------- Task 3: the top bigrams of many reviews

def top_bigrams(texts, k: int = 30, nlp=None) -> list:
    """The k most frequent bigrams over all `texts` (every occurrence counts).

    Args:
        texts: an iterable of raw reviews (a list or a pandas Series); nlp: make_nlp() if None.
    Returns:
        list of ((word1, word2), count) pairs, count descending; equal counts in alphabetical
        order of the bigram. Fewer than k when there are fewer distinct bigrams.
    """
    # BEGIN SOLUTION (task 3) a collections.Counter updated with review_bigrams of each text; sort by (-count, bigram)
    nlp = nlp or make_nlp()
    counts = Counter()
    for text in texts:
        counts.update(review_bigrams(text, nlp))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]
    # END SOLUTION


def sample_reviews(frame, n: int, seed: int) -> list:
    """n reviews drawn without replacement from frame["review"], reproducibly for a seed.

    Uses its own generator (np.random.default_rng(seed)); NumPy's global random state is untouched.
    Returns a list of str.
    """
    # BEGIN SOLUTION (task 3) rng = np.random.default_rng(seed); rng.choice(len(frame), n, replace=False)
    rng = np.random.default_rng(seed)
    index = rng.choice(len(frame), size=n, replace=False)
    return frame["review"].iloc[index].tolist()
    # END SOLUTION


# ---------------------------------------------------------------- Task 4: the bar chart

def plot_top_bigrams(top: list, path, title: str = "Top bigrams in IMDB reviews"):
    """A horizontal bar chart of `top` (from top_bigrams), most frequent at the top, saved as PNG.

    One bar per bigram, its length the count; the tick labels are the bigrams as "word1 word2".
    Returns the matplotlib Axes.
    """
    # BEGIN SOLUTION (task 4) ax.barh over reversed order (or ax.invert_yaxis()), labels " ".join(bigram), fig.savefig(path)
    import matplotlib.pyplot as plt

    labels = [" ".join(bigram) for bigram, _ in top]
    counts = [count for _, count in top]
    fig, ax = plt.subplots(figsize=(8, 0.28 * len(top) + 1.5))
    ax.barh(range(len(top)), counts, color="tab:blue")
    ax.set_yticks(range(len(top)), labels)
    ax.invert_yaxis()
    ax.set_xlabel("occurrences")
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return ax
    # END SOLUTION


# ---------------------------------------------------------------- Task 5 (stretch): positive vs negative

def bigrams_by_sentiment(frame, n: int, seed: int, k: int = 15, nlp=None) -> dict:
    """Top-k bigrams of the positive and of the negative reviews, from a balanced sample.

    Draws n positive and n negative reviews (sample_reviews on each half, same seed) and returns
    {"positive": top_bigrams(...), "negative": top_bigrams(...)}.
    """
    # BEGIN SOLUTION (task 5) split frame by frame["sentiment"], sample_reviews on each, top_bigrams on each
    nlp = nlp or make_nlp()
    out = {}
    for label in ("positive", "negative"):
        part = frame[frame["sentiment"] == label]
        out[label] = top_bigrams(sample_reviews(part, n, seed), k=k, nlp=nlp)
    return out
    # END SOLUTION
