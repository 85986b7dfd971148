"""A measure's keywords: the noun phrases that say what it is about, stop phrases removed."""

from __future__ import annotations

from collections import Counter

from pipeline.config.vocabulary import taxonomy
from pipeline.language.nlp import morphemes, normalized_key, parse


def _stop_keys() -> set[str]:
    return {normalized_key(word) for word in taxonomy().stop_phrases}


# Titles per document GiNZA parses for their noun compounds (about 8 ms each); beyond, a sheet of tens
# of thousands of measures takes SudachiPy's compounds (a fraction of a millisecond), so the stage stays
# linear in its input at a rate that fits the time limit.
GINZA_TITLES = 2000


def keywords(titles: list[str], descriptions: list[str], limit: int = 8) -> list[list[str]]:
    """Key noun phrases of each measure: GiNZA's noun compounds of its title (one batch; SudachiPy's
    beyond GINZA_TITLES titles), then the description's frequent compounds (SudachiPy)."""
    stop = _stop_keys()
    out = []
    if len(titles) <= GINZA_TITLES:
        title_compounds = (_compounds_from_doc(doc) for doc in parse(titles))
    else:
        title_compounds = (_compounds_from_morphemes(title) for title in titles)
    for description, compounds in zip(descriptions, title_compounds, strict=True):
        found: list[str] = []
        for chunk in compounds:
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
