"""A measure's keywords: the noun phrases that say what it is about, stop phrases removed."""

from __future__ import annotations

from collections import Counter

from pipeline.config.vocabulary import taxonomy
from pipeline.language.nlp import morphemes, normalized_key, parse


def _stop_keys() -> set[str]:
    return {normalized_key(word) for word in taxonomy().stop_phrases}


def keywords(titles: list[str], descriptions: list[str], limit: int = 8) -> list[list[str]]:
    """Key noun phrases of each measure: GiNZA's noun compounds of its title (one batch), then the
    description's frequent compounds (SudachiPy)."""
    stop = _stop_keys()
    out = []
    for description, doc in zip(descriptions, parse(titles), strict=True):
        found: list[str] = []
        for chunk in _compounds_from_doc(doc):
            if normalized_key(chunk) not in stop and chunk not in found:
                found.append(chunk)
        counts = Counter(c for c in _compounds_from_morphemes(description) if normalized_key(c) not in stop)
        for phrase, count in counts.most_common():
            if len(found) >= limit:
                break
            if count >= 2 and phrase not in found and not any(phrase in f for f in found):
                found.append(phrase)
        out.append(found[:limit])
    return out


def _compounds_from_doc(doc) -> list[str]:
    compounds, current = [], []
    for token in doc:
        if (
            token.pos_ in ("NOUN", "PROPN")
            or (current and token.tag_.startswith("接尾辞"))
            or (current and token.text in "・-")
        ):
            current.append(token.text)
        else:
            if current:
                compounds.append("".join(current).strip("・-"))
            current = []
    if current:
        compounds.append("".join(current).strip("・-"))
    return [c for c in compounds if len(c) >= 2]


def _compounds_from_morphemes(text: str) -> list[str]:
    compounds, current = [], []
    for m in morphemes(text):
        pos = m.part_of_speech()
        if pos[0] == "名詞" and pos[1] != "数詞" or (current and pos[0] == "接尾辞"):
            current.append(m.surface())
        else:
            if len(current) >= 1 and len("".join(current)) >= 2:
                compounds.append("".join(current))
            current = []
    if current and len("".join(current)) >= 2:
        compounds.append("".join(current))
    return compounds
