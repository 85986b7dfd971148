"""A standard form's fields: a label, often letter-spaced (団 体 名), then a colon (or the next cell of
its row), then the value — 団体名：みどり村, 計 画 期 間 ： 平成29年度～平成38年度. The labels of each
field are vocabulary (configs/structure.yaml form_labels)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.config.vocabulary import structure_vocabulary
from pipeline.families.family import Family, Role
from pipeline.language.normalize import compact

# A label of up to a dozen characters, spaced or not, a colon, and the value.
FORM_FIELD = Family(
    "form_field",
    r"^[\s【\[（(■●◆・]*(?P<label>[^\s:：、。]{1,2}(?:\s*[^\s:：、。]){1,11}?)[\s】\]）)]*[:：]\s*(?P<value>\S.*?)\s*$",
    "a form's label and its value",
    (Role.FORM_FIELD,),
    ("団 体 名 ： みどり村", "計画期間：平成29年度～平成38年度", "【事業名】: 簡易水道事業"),
    ("本計画の期間は令和5年度からとします。", "AI"),
)

FIELDS = ("issuer", "plan", "project", "adopted", "period")


@cache
def _labels() -> dict[str, re.Pattern]:
    words = structure_vocabulary().form_labels
    return {name: re.compile("|".join(f"(?:{w})" for w in getattr(words, name))) for name in FIELDS}


def field_of(label: str) -> str | None:
    """Which field a label names (its spaces removed), or None."""
    label = compact(label)
    return next((name for name, pattern in _labels().items() if pattern.fullmatch(label)), None)


def is_form_field(text: str) -> bool:
    """A line that is one of a form's fields (計画期間：…), never a title."""
    match = FORM_FIELD.compiled.match(text)
    return bool(match) and field_of(match.group("label")) is not None


def form_fields(rows: list[tuple[str, list[str] | None]]) -> dict[str, str]:
    """The fields a document's lines fill, the first value of each: `rows` are (text, cells) pairs, cells
    None for a line that is not a table row."""
    found: dict[str, str] = {}
    for text, cells in rows:
        pairs = []
        if cells and len(cells) >= 2:
            pairs = list(zip(cells[::2], cells[1::2], strict=False))
        else:
            match = FORM_FIELD.compiled.match(text)
            if match:
                pairs = [(match.group("label"), match.group("value"))]
        for label, value in pairs:
            name = field_of(label.strip().rstrip(":："))
            value = value.strip().lstrip(":：").strip()
            if name and value and name not in found:
                found[name] = value
    return found
