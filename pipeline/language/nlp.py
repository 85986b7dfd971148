"""The one place that loads Japanese NLP models, each at most once per process.

GiNZA (spaCy + ja_ginza) parses ~2,000 characters a second here, so stages send it only the short
spans that need a parse, batched with `nlp.pipe`. SudachiPy (GiNZA's own tokenizer, ~1M chars/s) does
the bulk work: token boundaries, normalised forms and readings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from pipeline.language.variants import fold_variants

# Components a stage never needs; excluded at load so they cost nothing.
_UNUSED = ["compound_splitter"]
# SudachiPy refuses input over 49,149 bytes; a chunk of this many characters stays below it even when
# every character takes 4 bytes in UTF-8.
MAX_CHUNK_CHARS = 12_000
_BREAKS = ("\n", "。", "．", "、", " ")

LOADS = 0  # GiNZA loads in this process (the runner's workers report it; the tests check it is one)


@lru_cache(maxsize=1)
def ginza():
    import spacy

    global LOADS
    LOADS += 1
    return spacy.load("ja_ginza", exclude=_UNUSED)


def chunks(text: str, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) of `text` cut below `limit` characters, at a line, sentence or clause end where
    there is one, so that no piece is too long for the analyser."""
    out, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max((window.rfind(mark) + 1 for mark in _BREAKS), default=0)
        cut = cut if cut > limit // 4 else limit
        out.append((start, window[:cut]))
        start += cut
    out.append((start, text[start:]))
    return out


def parse(texts: Iterable[str], with_entities: bool = False) -> Iterator:
    """GiNZA docs for `texts`, batched; the entity recogniser runs only when asked for. A text too long
    for the analyser is parsed in pieces and joined into one doc."""
    from spacy.tokens import Doc

    nlp = ginza()
    disable = [] if with_entities else ["ner"]
    pieces: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        for _, piece in chunks(text):
            pieces.append(piece)
            owners.append(index)
    with nlp.select_pipes(disable=disable):
        current, parts = 0, []
        for owner, doc in zip(owners, nlp.pipe(pieces, batch_size=64), strict=True):
            if owner != current and parts:
                yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, exclude=["user_data"])
                parts = []
            current = owner
            parts.append(doc)
        if parts:
            yield parts[0] if len(parts) == 1 else Doc.from_docs(parts, exclude=["user_data"])


@lru_cache(maxsize=1)
def _sudachi():
    from sudachipy import dictionary, tokenizer

    return dictionary.Dictionary(dict="core").create(), tokenizer.Tokenizer.SplitMode


def morphemes(text: str, fine: bool = False) -> list:
    """SudachiPy morphemes of `text` (mode C, or mode A short units when `fine`), in pieces below the
    analyser's input limit."""
    return [m for _, m in _morphemes_at(text, fine)]


def _morphemes_at(text: str, fine: bool) -> Iterator[tuple[int, object]]:
    tokenizer, mode = _sudachi()
    for offset, piece in chunks(text):
        for m in tokenizer.tokenize(piece, mode.A if fine else mode.C):
            yield offset, m


def token_boundaries(text: str) -> set[int]:
    """Character offsets where a short-unit token starts or ends."""
    bounds = {0, len(text)}
    for offset, m in _morphemes_at(text, fine=True):
        bounds.add(offset + m.begin())
        bounds.add(offset + m.end())
    return bounds


_LATIN = re.compile(r"[A-Za-z0-9]")
_SYMBOLS = re.compile(r"[・･\-‐－―–—_/／\s]")


@lru_cache(maxsize=1 << 16)  # the same titles and items are compared again and again
def normalized_key(text: str) -> str:
    """Orthographic variants folded: 手続き/手続 -> 手続き, デジタル・デバイド/デジタルデバイド -> デジタルディバイド,
    and old character forms (戰略 -> 戦略) before the analyser reads the text.

    Latin and digits are kept as written (lowercased): Sudachi would spell 'Society5.0' as 'ソサエティー5'.
    """
    parts = [
        m.surface() if _LATIN.search(m.surface()) else m.normalized_form()
        for m in morphemes(fold_variants(text), fine=True)
        if m.part_of_speech()[0] != "補助記号"
    ]
    return _SYMBOLS.sub("", "".join(parts)).lower()


def reading(text: str) -> str:
    """Katakana reading of a Japanese phrase."""
    return "".join(m.reading_form() for m in morphemes(text) if m.part_of_speech()[0] != "補助記号")
