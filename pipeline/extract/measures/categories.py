"""A measure's category (configs/taxonomy.yaml): weighed from its title, its description and its pillar.

The title decides when it names a category: among several it names, the one its most specific signal
belongs to (the longest signal, then the one nearest the title's end, where a Japanese title puts what
it is about: 窓口でのキャッシュレス決済 is about payment). A signal misspelt by one character in the title
(デバインド for デバイド) still counts, in a katakana loanword. The runner-up is published beside the category (`category_also`)
where a measure serves two.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.config.vocabulary import taxonomy
from pipeline.language.nlp import normalized_key

# A katakana signal this long or longer (a loanword: デジタルデバイド) is also found misspelt by one
# character in a title; a phrase of kanji and particles is not (ICTを活用 is no misspelt ICT活用).
MIN_FUZZY_CHARS = 5
_KATAKANA_WORD = re.compile(r"^[\u30a0-\u30ffー・]+$")


@lru_cache(maxsize=1)
def _category_signals() -> list[tuple[str, list[str]]]:
    return [
        (key, [normalized_key(signal) for signal in spec.signals])
        for key, spec in taxonomy().categories.items()
    ]


@lru_cache(maxsize=1)
def _signal_index() -> dict[str, list[tuple[str, str]]]:
    """A signal's first two characters (all of a shorter one) -> (category, signal), each signal as often
    as its category lists it: a text is then tried only against signals that can occur in it."""
    index: dict[str, list[tuple[str, str]]] = {}
    for category, words in _category_signals():
        for word in words:
            index.setdefault(word[:2], []).append((category, word))
    return index


def _signals_in(key: str) -> dict[str, list[str]]:
    """Category -> the signals (with their repeats in the taxonomy) that occur in the normalised `key`."""
    index = _signal_index()
    starts = {key[at : at + 2] for at in range(len(key))} | set(key) | {""}
    found: dict[str, list[str]] = {}
    for start in starts:
        for category, word in index.get(start, ()):
            if word in key:
                found.setdefault(category, []).append(word)
    return found


@lru_cache(maxsize=1)
def _misspellings() -> dict[str, re.Pattern]:
    """Category -> one pattern for its long signals with one character wrong, added or missing."""
    out = {}
    raw = {key: spec.signals for key, spec in taxonomy().categories.items()}
    for category, normalized in _category_signals():
        words = {*normalized, *raw[category]}  # as written and as normalised: either may be misspelt
        variants = {
            variant
            for word in words
            if len(word) >= MIN_FUZZY_CHARS and _KATAKANA_WORD.match(word)
            for i in range(len(word))
            for variant in (
                re.escape(word[:i]) + "." + re.escape(word[i + 1 :]),
                re.escape(word[:i]) + "." + re.escape(word[i:]),
                re.escape(word[:i] + word[i + 1 :]),
            )
        }
        if variants:
            out[category] = re.compile("|".join(sorted(variants)))
    return out


def title_signals(title: str) -> dict[str, tuple[int, int]]:
    """Category -> (length of its longest signal in the title, where the last such signal ends)."""
    key = normalized_key(title)
    found = {
        category: max((len(s), key.rfind(s) + len(s)) for s in words)
        for category, words in _signals_in(key).items()
    }
    if not found:  # only where no signal is spelt right: a misspelling is weaker evidence
        for category, pattern in _misspellings().items():
            if match := pattern.search(key) or pattern.search(title):
                found[category] = (len(match.group(0)) - 1, match.end())
    return found


def category_scores(
    title: str, description: str = "", pillar: str = "", named: dict[str, tuple[int, int]] | None = None
) -> dict[str, float]:
    """Weighted evidence per category (configs/taxonomy.yaml `category_evidence`): signals the title
    names, signals the description names (each counted up to a cap), and signals the pillar names."""
    weights = taxonomy().category_evidence
    named = title_signals(title) if named is None else named
    body, pillar_key = normalized_key(description), normalized_key(pillar or "")
    title_key = normalized_key(title)
    in_titles, in_bodies, in_pillars = _signals_in(title_key), _signals_in(body), _signals_in(pillar_key)
    scores = {}
    for key, _ in _category_signals():
        in_title = max(len(in_titles.get(key, ())), 1 if key in named else 0)
        in_body = min(sum(body.count(s) for s in in_bodies.get(key, ())), weights.description_cap)
        in_pillar = len(in_pillars.get(key, ()))
        scores[key] = weights.title * in_title + weights.description * in_body + weights.pillar * in_pillar
    return scores


def categorize_ranked(title: str, description: str = "", pillar: str = "") -> tuple[str | None, str | None]:
    """(category, runner-up). A category the title names wins: of several, the one its most specific
    signal names. Otherwise the best-supported category, when it has enough evidence and clearly more
    than the next. None when nothing fits: an industry-support measure is not forced into a category."""
    weights = taxonomy().category_evidence
    named = title_signals(title)
    scores = category_scores(title, description, pillar, named)
    ranked = sorted(((score, key) for key, score in scores.items() if score > 0), reverse=True)
    if named:
        chosen = max(named, key=lambda key: (*named[key], scores[key]))
    elif ranked and ranked[0][0] >= weights.min_score:
        second = ranked[1][0] if len(ranked) > 1 else 0.0
        chosen = ranked[0][1] if ranked[0][0] >= weights.margin * second else None
    else:
        chosen = None
    also = next((key for score, key in ranked if key != chosen and score >= weights.min_score), None)
    return chosen, also if chosen else None


def categorize(title: str, description: str = "", pillar: str = "") -> str | None:
    return categorize_ranked(title, description, pillar)[0]
