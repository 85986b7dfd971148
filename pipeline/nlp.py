"""The one place that loads Japanese NLP models, each at most once per process.

GiNZA (spaCy + ja_ginza) parses ~2,000 characters a second here, so stages send it only the short
spans that need a parse, batched with `nlp.pipe`. SudachiPy (GiNZA's own tokenizer, ~1M chars/s) does
the bulk work: token boundaries, normalised forms and readings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

# Components a stage never needs; excluded at load so they cost nothing.
_UNUSED = ["compound_splitter"]


@lru_cache(maxsize=1)
def ginza():
    import spacy

    return spacy.load("ja_ginza", exclude=_UNUSED)


def parse(texts: Iterable[str], with_entities: bool = False) -> Iterator:
    """GiNZA docs for `texts`, batched; the entity recogniser runs only when asked for."""
    nlp = ginza()
    disable = [] if with_entities else ["ner"]
    with nlp.select_pipes(disable=disable):
        yield from nlp.pipe(texts, batch_size=64)


@lru_cache(maxsize=1)
def _sudachi():
    from sudachipy import dictionary, tokenizer

    return dictionary.Dictionary(dict="core").create(), tokenizer.Tokenizer.SplitMode


def morphemes(text: str, fine: bool = False):
    """SudachiPy morphemes of `text` (mode C, or mode A short units when `fine`)."""
    tokenizer, mode = _sudachi()
    return tokenizer.tokenize(text, mode.A if fine else mode.C)


def token_boundaries(text: str) -> set[int]:
    """Character offsets where a short-unit token starts or ends."""
    bounds = {0, len(text)}
    for m in morphemes(text, fine=True):
        bounds.add(m.begin())
        bounds.add(m.end())
    return bounds


_SYMBOLS = re.compile(r"[・･\-‐－―–—_/／\s]")


def normalized_key(text: str) -> str:
    """Orthographic variants folded: 手続き/手続 -> 手続き, デジタル・デバイド/デジタルデバイド -> デジタルディバイド.

    Latin and digits are kept as written (lowercased): Sudachi would spell 'Society5.0' as 'ソサエティー5'.
    """
    parts = [
        m.surface() if re.search(r"[A-Za-z0-9]", m.surface()) else m.normalized_form()
        for m in morphemes(text, fine=True)
        if m.part_of_speech()[0] != "補助記号"
    ]
    return _SYMBOLS.sub("", "".join(parts)).lower()


def reading(text: str) -> str:
    """Katakana reading of a Japanese phrase."""
    return "".join(m.reading_form() for m in morphemes(text) if m.part_of_speech()[0] != "補助記号")
