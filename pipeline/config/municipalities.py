"""Municipality identity: the 6-digit 全国地方公共団体コード (lg_code) of the body that issued a plan.

The official table is configs/lg_codes.csv (its source and date: configs/lg_codes.md). A name shared by
several municipalities (府中市: 東京都 and 広島県) is resolved by the prefecture the document names, or
by configs/documents.yaml; otherwise it stays ambiguous, with a warning, never guessed.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from pipeline.config.files import CONFIG_DIR
from pipeline.language.variants import fold_variants

CODE_TABLE = CONFIG_DIR / "lg_codes.csv"
_WEIGHTS = (6, 5, 4, 3, 2)


@dataclass(frozen=True)
class LocalGovernment:
    code: str
    prefecture: str
    city: str  # empty for a prefecture

    @property
    def name(self) -> str:
        return self.city or self.prefecture


def check_digit(code5: str) -> str:
    """JIS X 0402's check digit for a 5-digit code: 11 minus the weighted sum modulo 11, last digit."""
    total = sum(int(digit) * weight for digit, weight in zip(code5, _WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def is_valid_code(code: str) -> bool:
    return len(code) == 6 and code.isdigit() and check_digit(code[:5]) == code[5]


@cache
def local_governments() -> tuple[LocalGovernment, ...]:
    with CODE_TABLE.open(encoding="utf-8", newline="") as handle:
        return tuple(LocalGovernment(r["code"], r["prefecture"], r["city"]) for r in csv.DictReader(handle))


@cache
def prefectures() -> tuple[str, ...]:
    return tuple(g.prefecture for g in local_governments() if not g.city)


@cache
def _by_name() -> dict[str, list[LocalGovernment]]:
    index: dict[str, list[LocalGovernment]] = {}
    for government in local_governments():
        index.setdefault(fold_variants(government.name), []).append(government)
    return index


@cache
def _by_code() -> dict[str, LocalGovernment]:
    return {g.code: g for g in local_governments()}


def is_known(name: str) -> bool:
    """The name (any spelling variant) is a municipality or prefecture of the code table."""
    return fold_variants(name) in _by_name()


@cache
def _names_pattern() -> re.Pattern:
    """Every name of the code table, longest first, not inside a longer run of kanji unless a prefecture
    precedes it (北海道〇〇村, 青森県△△町): 北区 is not read out of 東北区域."""
    names = sorted({g.name for g in local_governments() if g.city}, key=len, reverse=True)
    kanji = "\u3005\u4e00-\u9fff"
    prefix = "|".join(map(re.escape, prefectures()))
    return re.compile(f"(?<![{kanji}])(?:{prefix})?({'|'.join(map(re.escape, names))})")


def names_in(text: str) -> list[str]:
    """The municipalities of the code table a short text (a title, a cover line) names, in order."""
    return [m.group(1) for m in _names_pattern().finditer(fold_variants(text))]


def government_of(code: str) -> LocalGovernment | None:
    return _by_code().get(code)


def resolve(municipality: str | None, prefecture: str | None) -> tuple[LocalGovernment | None, str | None]:
    """The local government a plan names, and a warning when it cannot be told."""
    if not municipality:
        return None, None
    candidates = _by_name().get(fold_variants(municipality), [])  # 髙 finds 高, 﨑 finds 崎
    if prefecture:
        in_prefecture = [g for g in candidates if fold_variants(g.prefecture) == fold_variants(prefecture)]
        candidates = in_prefecture or candidates
    if len(candidates) == 1:
        return candidates[0], None
    if not candidates:
        return (
            None,
            f"municipality {municipality} is not in the code table ({CODE_TABLE.name}); lg_code left empty",
        )
    where = " / ".join(g.prefecture for g in candidates)
    return None, (
        f"municipality {municipality} is ambiguous ({where}) and the document names none of these prefectures; "
        "set prefecture or lg_code in configs/documents.yaml"
    )
