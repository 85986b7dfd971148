"""A document too large for its time limit is refused as soon as it is read, with its size, instead of
being stopped after minutes of work.

What takes time after ingest is the language analysis of running text (GiNZA reads about 2,000
characters a second; the stages analyse a part of a plan's prose), so the budget counts prose
characters: the text of lines that are not table rows. Table rows (an action-plan sheet of 200,000
rows) cost little each and are not counted. The rate is measured by `make bench` (its prose rate), with
a margin, so a document refused here would not have finished in time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from pipeline.errors import InputError


@dataclass(frozen=True)
class BudgetSettings:
    # characters of prose the stages after ingest get through per second of the time limit, on one core
    # of the slowest machine measured (make bench: 'prose rate'), with a margin of about a third
    prose_characters_per_second: float = 6_000.0


BUDGET = BudgetSettings()


class TooLarge(InputError):
    """A document refused for its size: a run with a higher time limit tries it again."""


def prose_characters(lines_file: Path) -> int:
    """Characters of a document's running text: its lines that are not table rows (a row's cells are
    joined by tabs)."""
    texts = pq.read_table(lines_file, columns=["text"]).column("text").to_pylist()
    return sum(len(text) for text in texts if text and "\t" not in text)


def check_size(lines_file: Path, seconds: float | None, settings: BudgetSettings = BUDGET) -> None:
    """Raise TooLarge when the document's prose could not be analysed within `seconds` (None: no limit)."""
    if seconds is None:
        return
    prose = prose_characters(lines_file)
    allowed = int(seconds * settings.prose_characters_per_second)
    if prose > allowed:
        needed = math.ceil(prose / settings.prose_characters_per_second / 100) * 100
        raise TooLarge(
            f"too large for the time limit: {prose:,} characters of running text, over the {allowed:,} "
            f"that {seconds:.0f} s allows (about {settings.prose_characters_per_second:,.0f} a second); "
            f"split it, or run with a higher limit (make all DOC_TIMEOUT={needed})"
        )
