"""Quantities in plan text: 'オンライン化 140手続' -> 140 手続, '1.7万人' -> 17000 人, '3割' -> 30 %.

Years, dates, enumerators and identifiers (第5期, Society5.0, 図表S-1-3) are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.families.dates import find_years

_MULTIPLIER = {"億": 1e8, "万": 1e4, "千": 1e3}
# Units written in Latin letters (9,000ha, 30kWh, 1Gbps). Any other letter after a number makes it no
# quantity: a name or an identifier (5G, Windows11, R7).
LATIN_UNITS = (
    "ha",
    "km²",
    "km2",
    "km",
    "kg",
    "kWh",
    "MWh",
    "kW",
    "MW",
    "GB",
    "TB",
    "Mbps",
    "Gbps",
    "t-CO2",
    "t",
)
_LATIN_UNIT = "(?:" + "|".join(re.escape(u) for u in LATIN_UNITS) + ")(?![A-Za-z])"
_NUMBER = re.compile(
    r"(?<![\d.,A-Za-z第\-‐/])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:(?=\s*"
    + _LATIN_UNIT
    + r")|(?![\d.]*[A-Za-z]))"
    r"\s*(億|万|千)?\s*("
    + _LATIN_UNIT
    + r"|%|％|パーセント|割|か所|か国|[\u4e00-\u9fff\u30a0-\u30ffー]{1,4})?"
)
_UNIT_TAIL = re.compile(r"(?:以内|以上|以下|未満|程度|前後|まで|当たり|あたり)$")
_NOT_QUANTITY_UNITS = re.compile(r"^(?:年|年度|月|日|時点|期|条|項|号|章|節|次|層|位|歳代?)$")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    masked = list(text)
    for year in find_years(text):
        masked[year.start : year.end] = "#" * (year.end - year.start)
    masked_text = re.sub(
        r"^\s*[(（]\d{1,2}[)）]|[(（]\d{1,2}[)）]", lambda m: "#" * len(m.group(0)), "".join(masked)
    )
    found = []
    for match in _NUMBER.finditer(masked_text):
        value = float(match.group(1).replace(",", ""))
        unit = match.group(3)
        if match.group(2):
            value *= _MULTIPLIER[match.group(2)]
        if unit:
            unit = _UNIT_TAIL.sub("", unit) or None
        if unit == "割":
            value, unit = value * 10, "%"
        elif unit in ("％", "パーセント"):
            unit = "%"
        if unit and _NOT_QUANTITY_UNITS.match(unit):
            continue
        found.append(Quantity(value, unit, match.start(), match.end()))
    return found


def figure_of(text: str) -> Quantity | None:
    """The figure a short text (a schedule cell) states: its last quantity with a unit."""
    quantities = [q for q in find_quantities(text) if q.unit]
    return quantities[-1] if quantities else None
