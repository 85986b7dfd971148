"""A measure (施策・取組) as the stages after the measures stage see it: its span of lines, its id and
its place in the plan; and the sentences inside measures that schedules and KPIs read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from pipeline.families.sentences import split_sentences
from pipeline.language.normalize import clean_cell
from pipeline.model.lines import Label, cell_texts


@dataclass
class Measure:
    section: dict
    level: int
    parent: Measure | None = None
    pillar: str | None = None
    number: str | None = None
    title: str = ""
    markers: list[str] = field(default_factory=list)
    line_start: int = 0
    line_end: int = 0
    recovered: bool = False
    description: str = ""
    national_priority: bool = False
    category: str | None = None
    category_also: str | None = None  # the runner-up, where a measure serves two
    keywords: list[str] = field(default_factory=list)
    measure_id: str = ""


def measures_from_rows(rows: list[dict]) -> list[Measure]:
    """The measures stage's output read back as measure spans, for the schedules and KPIs stages."""
    return [
        Measure(
            section={"section_id": row["section_id"]},
            level=row["level"],
            title=row["title"],
            line_start=row["line"],
            line_end=row["line_end"],
            measure_id=row["measure_id"],
        )
        for row in rows
    ]


class MeasureSpans:
    """Which measure holds each line: the innermost (deepest, then latest) whose span holds it. Built
    once per document, so a look-up costs the same for 10 measures as for 20,000."""

    def __init__(self, measures: list[Measure]) -> None:
        self._at: dict[int, Measure] = {}
        for measure in sorted(measures, key=lambda m: (m.level, m.line_start)):
            for line in range(measure.line_start, measure.line_end + 1):
                self._at[line] = measure

    def at(self, line: int) -> Measure | None:
        return self._at.get(line)


def measure_at(spans: MeasureSpans, line: int) -> Measure | None:
    """The innermost measure whose span holds `line`."""
    return spans.at(line)


def measure_sentences(
    spans: MeasureSpans, lines: list[dict], skip_lines: set[int]
) -> Iterator[tuple[int, str]]:
    """(line, sentence) for the prose, list items and table cells inside measures, outside `skip_lines`."""
    return line_sentences([row for row in lines if spans.at(row["line"]) is not None], skip_lines)


def line_sentences(lines: list[dict], skip_lines: set[int]) -> Iterator[tuple[int, str]]:
    """(line, sentence) for the prose, list items and table cells of `lines`, outside `skip_lines`."""
    for row in lines:
        if row["line"] in skip_lines or row["label"] not in (
            Label.PARAGRAPH,
            Label.LIST_ITEM,
            Label.TABLE_ROW,
        ):
            continue
        texts = [clean_cell(c) for c in cell_texts(row)] if row["label"] == Label.TABLE_ROW else [row["text"]]
        for text in texts:
            for sentence in split_sentences(text.replace("\n", " ")):
                yield row["line"], sentence
