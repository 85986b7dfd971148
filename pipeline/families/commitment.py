"""Whose commitment a schedule or KPI row states: the municipality's own (`own`), another government's
cited as background (`national`), or what the municipality already did or had under way (`past`).

A plan quotes others. Evidence, in the order it decides (vocabulary: configs/taxonomy.yaml, commitment):
1. the subject the sentence names before the year or figure: 国は / 国においては / 県では / 国の目指す …
   is `national`, unless the municipality names itself after it (…目指しており、本市においても令和7年度
   までに…) or a subordinate clause ends between them (国の目指す80%に近づけるため、令和9年度に…) — a
   sentence that states a national target and the municipality's own undated action keeps the year with
   the national target;
2. the block the row sits in: a block quoting national policy (国の方針, 国の動向) is `national`;
3. the predicate that follows the year: a past or perfect form (…してきた, …で終了し, …しました) is
   `past`; an ongoing one (…している, …しており) is `past` in a block describing the present (現状と課題)
   or when every year precedes the plan's period, else the plan's own work;
4. otherwise `own`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pipeline.config.vocabulary import taxonomy
from pipeline.language.normalize import compact


class Commitment(StrEnum):
    OWN = "own"
    NATIONAL = "national"
    PAST = "past"


class Predicate(StrEnum):
    PAST = "past"
    ONGOING = "ongoing"
    INTENT = "intent"


@dataclass(frozen=True)
class Setting:
    """Where a row stands: the titles of the blocks enclosing it (innermost first), the plan's first
    fiscal year, and the issuer's own kind (市, 町, 県 …) so that a prefecture's 県は stays its own."""

    blocks: tuple[str, ...] = ()
    plan_start_fy: int | None = None
    issuer_kind: str | None = None


@dataclass(frozen=True)
class _Patterns:
    national_actor: re.Pattern
    own_actor: re.Pattern
    clause_break: re.Pattern
    national_block: re.Pattern
    background_block: re.Pattern
    predicates: tuple[tuple[Predicate, re.Pattern], ...]


def _any(patterns: list[str]) -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@cache
def _patterns() -> _Patterns:
    words = taxonomy().commitment
    return _Patterns(
        national_actor=_any(words.national_actors),
        own_actor=_any(words.own_actors),
        clause_break=_any(words.clause_breaks),
        national_block=_any(words.national_blocks),
        background_block=_any(words.background_blocks),
        predicates=(
            (Predicate.PAST, _any(words.past_forms)),
            (Predicate.ONGOING, _any(words.ongoing_forms)),
            (Predicate.INTENT, _any(words.intent_forms)),
        ),
    )


def section_blocks(sections: list[dict]) -> dict[str, tuple[str, ...]]:
    """section_id -> the titles of that section and every section enclosing it, innermost first."""
    by_id = {s["section_id"]: s for s in sections}
    out: dict[str, tuple[str, ...]] = {}
    for section_id in by_id:
        titles, current, seen = [], by_id.get(section_id), set()
        while current is not None and current["section_id"] not in seen:
            seen.add(current["section_id"])
            titles.append(current["title"])
            current = by_id.get(current["parent_id"])
        out[section_id] = tuple(titles)
    return out


def line_blocks(lines: list[dict], sections: list[dict]) -> dict[int, tuple[str, ...]]:
    """line -> the titles of the blocks enclosing it, innermost first."""
    blocks = section_blocks(sections)
    return {row["line"]: blocks.get(row["section_id"], ()) for row in lines if row.get("section_id")}


def issuer_kind(municipality: str | None) -> str | None:
    """The last character of the issuer's name when it is a kind of local government (市, 町, 村, 区, 県 …)."""
    return municipality[-1] if municipality and municipality[-1] in "市町村区都道府県" else None


def line_settings(
    lines: list[dict], sections: list[dict], plan_start_fy: int | None, municipality: str | None
) -> dict[int, Setting]:
    """line -> where it stands: its blocks, the plan's first fiscal year and the issuer's kind."""
    blocks = line_blocks(lines, sections)
    kind = issuer_kind(municipality)
    return {row["line"]: Setting(blocks.get(row["line"], ()), plan_start_fy, kind) for row in lines}


def _in_block(pattern: re.Pattern, setting: Setting) -> bool:
    """The block a row sits in directly is of this kind (an enclosing one says less: a measure is not
    national because the chapter above it describes the national plan)."""
    return bool(setting.blocks) and bool(pattern.fullmatch(compact(setting.blocks[0])))


def _national_subject(text: str, position: int, setting: Setting) -> bool:
    """The last subject named before `position` is another government, and its clause reaches
    `position`: no own subject and no subordinate clause's end (…ため、) stands between."""
    patterns = _patterns()
    before = text[:position]
    national = [
        m
        for m in patterns.national_actor.finditer(before)
        if setting.issuer_kind is None or not m.group(0).startswith(setting.issuer_kind)
    ]
    if not national:
        return False
    between = before[national[-1].end() :]
    return not patterns.own_actor.search(between) and not patterns.clause_break.search(between)


def _predicate(text: str, position: int) -> Predicate | None:
    """The kind of the first predicate form after `position` (past, ongoing or an intention)."""
    rest = text[position:]
    found = [
        (match.start(), order, kind)
        for order, (kind, pattern) in enumerate(_patterns().predicates)
        if (match := pattern.search(rest))
    ]
    return min(found)[2] if found else None


def judge_sentence(text: str, position: int, years: list[int], setting: Setting) -> Commitment:
    """The commitment of a sentence's year (or figure) at `position`."""
    patterns = _patterns()
    if _national_subject(text, position, setting):
        return Commitment.NATIONAL
    if _in_block(patterns.national_block, setting) and not patterns.own_actor.search(text[:position]):
        return Commitment.NATIONAL
    predicate = _predicate(text, position)
    if predicate is Predicate.PAST:
        return Commitment.PAST
    before_plan = bool(years) and setting.plan_start_fy is not None and max(years) < setting.plan_start_fy
    if predicate is Predicate.ONGOING and (before_plan or _in_block(patterns.background_block, setting)):
        return Commitment.PAST
    return Commitment.OWN


def judge_table_row(setting: Setting) -> Commitment:
    """A row of a plan's schedule or target table is its own, unless the table quotes national policy."""
    return Commitment.NATIONAL if _in_block(_patterns().national_block, setting) else Commitment.OWN
