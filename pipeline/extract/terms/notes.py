"""The kind of a footnote: definition, citation, url, affiliation, cross_reference or remark.

Decided from the note's shape and from what its mark is attached to, by the ordered rules and
patterns of configs/notes.yaml (its header explains the order; its examples are tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.config.vocabulary import note_config

KINDS = ("definition", "citation", "url", "affiliation", "cross_reference", "remark")
# What the note's mark closes: a noun phrase, a clause (verb, auxiliary, particle), a term the note
# writes out itself, or nothing found in the body.
ATTACHMENTS = ("noun", "clause", "term", "none")

_TRAILING_SOURCE = re.compile(
    r"[［\[(（][^［\[(（]*(?:「[^」]*」|『[^』]*』|より|出典|引用)[^［\[]*[］\])）]\s*$"
)


@dataclass(frozen=True)
class NoteRules:
    url: re.Pattern
    url_filler: re.Pattern
    url_max_other: int
    cross_reference: tuple[re.Pattern, ...]
    cross_reference_max: int
    affiliation: tuple[re.Pattern, ...]
    affiliation_max: int
    frames: tuple[re.Pattern, ...]
    remark: tuple[re.Pattern, ...]
    title: re.Pattern
    latin_title: re.Pattern
    reference: tuple[re.Pattern, ...]
    trailer: re.Pattern


def _compile(patterns: list[str]) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in patterns)


@cache
def note_rules() -> NoteRules:
    config = note_config()
    citation = config.citation
    return NoteRules(
        url=re.compile(config.url.pattern),
        url_filler=re.compile(config.url.filler),
        url_max_other=config.url.max_other_chars,
        cross_reference=_compile(config.cross_reference.patterns),
        cross_reference_max=config.cross_reference.max_chars,
        affiliation=_compile(config.affiliation.patterns),
        affiliation_max=config.affiliation.max_chars,
        frames=_compile(config.definition_frames),
        remark=_compile(config.remark.patterns),
        title=re.compile(citation.title),
        latin_title=re.compile(citation.latin_title),
        reference=_compile(citation.reference),
        trailer=re.compile(citation.trailer),
    )


def _any(patterns: tuple[re.Pattern, ...], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _is_citation(core: str, has_url: bool, rules: NoteRules) -> bool:
    titles = list(rules.title.finditer(core))
    if titles and rules.trailer.match(core[titles[-1].end() :]):
        return True
    return bool(rules.latin_title.match(core.strip())) or _any(rules.reference, core) or has_url


def note_kind(text: str, attached: str) -> str:
    """The kind of one note, its marker removed; `attached` is one of ATTACHMENTS."""
    rules = note_rules()
    text = text.strip()
    has_url = bool(rules.url.search(text))
    without_url = rules.url.sub("", text)
    if has_url and len(rules.url_filler.sub("", without_url)) <= rules.url_max_other:
        return "url"
    if len(text) <= rules.cross_reference_max and _any(rules.cross_reference, text):
        return "cross_reference"
    if len(text) <= rules.affiliation_max and _any(rules.affiliation, text):
        return "affiliation"
    core = _TRAILING_SOURCE.sub("", without_url).strip() or without_url.strip()
    if _any(rules.frames, core):
        return "remark" if attached == "clause" else "definition"
    if _any(rules.remark, core):
        return "remark"
    if _is_citation(core, has_url, rules):
        return "citation"
    return "definition" if attached in ("noun", "term") else "remark"
