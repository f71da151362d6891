# day33 — your code goes here. Generated from the reference by `make generate`; edit freely, it never overwrites your changes.
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
    raise NotImplementedError('day33 task 1: implement clean_html() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — one regular expression for "<" up to the next ">", re.sub with " " (README Task 1; `make hint DAY=33`)')


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
    raise NotImplementedError('day33 task 2: implement review_bigrams() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — walk the tokens of nlp(clean_html(text)); keep a flag/None for removed ones; zip neighbours (README Task 2; `make hint DAY=33`)')


# ---------------------------------------------------------------- Task 3: the top bigrams of many reviews

def top_bigrams(texts, k: int = 30, nlp=None) -> list:
    """The k most frequent bigrams over all `texts` (every occurrence counts).

    Args:
        texts: an iterable of raw reviews (a list or a pandas Series); nlp: make_nlp() if None.
    Returns:
        list of ((word1, word2), count) pairs, count descending; equal counts in alphabetical
        order of the bigram. Fewer than k when there are fewer distinct bigrams.
    """
    raise NotImplementedError('day33 task 3: implement top_bigrams() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — a collections.Counter updated with review_bigrams of each text; sort by (-count, bigram) (README Task 3; `make hint DAY=33`)')


def sample_reviews(frame, n: int, seed: int) -> list:
    """n reviews drawn without replacement from frame["review"], reproducibly for a seed.

    Uses its own generator (np.random.default_rng(seed)); NumPy's global random state is untouched.
    Returns a list of str.
    """
    raise NotImplementedError('day33 task 3: implement sample_reviews() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — rng = np.random.default_rng(seed); rng.choice(len(frame), n, replace=False) (README Task 3; `make hint DAY=33`)')


# ---------------------------------------------------------------- Task 4: the bar chart

def plot_top_bigrams(top: list, path, title: str = "Top bigrams in IMDB reviews"):
    """A horizontal bar chart of `top` (from top_bigrams), most frequent at the top, saved as PNG.

    One bar per bigram, its length the count; the tick labels are the bigrams as "word1 word2".
    Returns the matplotlib Axes.
    """
    raise NotImplementedError('day33 task 4: implement plot_top_bigrams() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — ax.barh over reversed order (or ax.invert_yaxis()), labels " ".join(bigram), fig.savefig(path) (README Task 4; `make hint DAY=33`)')


# ---------------------------------------------------------------- Task 5 (stretch): positive vs negative

def bigrams_by_sentiment(frame, n: int, seed: int, k: int = 15, nlp=None) -> dict:
    """Top-k bigrams of the positive and of the negative reviews, from a balanced sample.

    Draws n positive and n negative reviews (sample_reviews on each half, same seed) and returns
    {"positive": top_bigrams(...), "negative": top_bigrams(...)}.
    """
    raise NotImplementedError('day33 task 5: implement bigrams_by_sentiment() in katas/week7_cv_nlp/day33_nlp_preprocessing/nlp_prep.py — split frame by frame["sentiment"], sample_reviews on each, top_bigrams on each (README Task 5; `make hint DAY=33`)')
