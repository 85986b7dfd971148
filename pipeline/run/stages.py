"""The I/O edge of each stage: read a document's interim files, call the stage's plain functions, write
atomically. Each function takes the document (`Doc`) and returns a one-line summary for the log.

The per-document interim layout is data/interim/<doc_id>/{config.json, lines, labelled, sections, …}.
Which stage reads and writes which file is declared once, in `pipeline.run.graph`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from pipeline.config.raw_files import sha256_of
from pipeline.extract.documents import extract_metadata, identify, ocr_confidence, ocr_warnings
from pipeline.extract.kpis.kpis import kpi_rows
from pipeline.extract.measures.measures import extract_measures, measure_rows
from pipeline.extract.schedules import schedule_rows
from pipeline.extract.terms.terms import extract_terms
from pipeline.families.commitment import Setting, line_settings
from pipeline.io import read_json, read_rows, read_table, write_json, write_rows
from pipeline.model import schemas
from pipeline.model.measures import measures_from_rows
from pipeline.outline.structure import outline_rows
from pipeline.readers.ingest import ingest_file
from pipeline.tables.cards import join_cards, mark_cards
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify

CONFIG_FILE = "config.json"
PROPERTIES_FILE = "properties.json"  # what the source file says of itself (a PDF's creation date)


@dataclass(frozen=True)
class Doc:
    """One document as the stages see it: its id, its raw file and its interim directory."""

    doc_id: str
    directory: Path
    source: Path  # the raw file
    source_file: str  # its name relative to data/raw, as published
    overrides: dict[str, Any] = field(default_factory=dict)
    # The PDF engine its pages are read with (PDF_ENGINE): in config.json, so that a run with another
    # engine reads the document again. None for a source that is no PDF.
    pdf_engine: str | None = None

    def path(self, name: str) -> Path:
        return self.directory / name

    def as_config(self) -> dict[str, Any]:
        config = {
            "doc_id": self.doc_id,
            "source_file": self.source_file,
            "source": str(self.source),
            "overrides": self.overrides,
        }
        return config | ({"pdf_engine": self.pdf_engine} if self.pdf_engine else {})

    def save(self) -> None:
        """Write config.json only when it changed, so that make sees a change only when there is one."""
        target = self.path(CONFIG_FILE)
        if not target.exists() or read_json(target) != self.as_config():
            write_json(self.as_config(), target)

    @classmethod
    def load(cls, directory: Path) -> Doc:
        config = read_json(directory / CONFIG_FILE)
        return cls(
            config["doc_id"], directory, Path(config["source"]), config["source_file"], config["overrides"],
            config.get("pdf_engine"),
        )  # fmt: skip


def _labelled(doc: Doc) -> list[dict]:
    """The labelled lines without their cells: the stages after tables read tables, not cells."""
    return read_rows(doc.path("labelled.parquet"), without=("cells",))


def run_ingest(doc: Doc, on_ocr_page: Callable[[int], None] | None = None) -> str:

    ingested = ingest_file(doc.source, on_ocr_page)
    rows = [line.as_row(doc.doc_id) for line in ingested.lines]
    n = write_rows(rows, doc.path("lines.parquet"), schemas.LINES, ingested.warnings)
    write_json({**ingested.properties, "input_format": ingested.input_format}, doc.path(PROPERTIES_FILE))
    pages = f", {ingested.n_pages} pages" if ingested.n_pages else ""
    return f"{n} lines ({ingested.input_format}{pages})"


def run_structure(doc: Doc) -> str:

    labelled, sections, warnings = outline_rows(doc.doc_id, read_rows(doc.path("lines.parquet")))
    write_rows(labelled, doc.path("labelled.parquet"), schemas.LABELLED_LINES, warnings)
    write_rows(sections, doc.path("sections.parquet"), schemas.SECTIONS, warnings)
    return f"{len(sections)} headings"


def run_tables(doc: Doc) -> str:

    lines = read_rows(doc.path("labelled.parquet"))  # with their cells, which tables are made of
    tables = mark_cards(classify(find_tables(lines), read_rows(doc.path("sections.parquet"))))
    cells = table_cell_rows(doc.doc_id, lines, tables)
    write_rows(cells, doc.path("tables.parquet"), schemas.TABLES)
    kinds = ", ".join(
        f"{kind} {n}"
        for kind in ("kpi", "schedule", "glossary")
        if (n := sum(t.kind == kind for t in tables))
    )
    return f"{len(tables)} tables ({kinds or 'none classified'}), {len(cells)} cells"


def _tables(doc: Doc) -> list:

    return join_cards(tables_from_rows(read_rows(doc.path("tables.parquet"))))


def run_documents(doc: Doc) -> str:

    lines = _labelled(doc)
    sections = read_rows(doc.path("sections.parquet"))
    properties = read_json(doc.path(PROPERTIES_FILE))
    metadata, warnings = extract_metadata(lines, sections, read_rows(doc.path("tables.parquet")), properties)
    if "published" in doc.overrides:
        metadata["published_source"] = "config"
    metadata.update(doc.overrides)
    warnings += identify(metadata, named_by_config="municipality" in doc.overrides)
    warnings += [
        f"metadata not found in the document: {key}"
        for key in ("municipality", "title")
        if metadata.get("is_plan") and not metadata.get(key)
    ]
    input_format = properties.get("input_format", "text")
    pages = [row["page"] for row in lines if row["page"] is not None]
    row = {
        "doc_id": doc.doc_id,
        "source_file": doc.source_file,
        "sha256": sha256_of(doc.source),
        "input_format": input_format,
        "n_pages": max(pages) if input_format != "text" and pages else None,
        "n_lines": len(lines),
        "ocr_confidence": ocr_confidence(lines),
        **metadata,
    }
    warnings += ocr_warnings(row["ocr_confidence"])
    write_rows([row], doc.path("document.parquet"), schemas.DOCUMENTS, warnings)
    kind = "" if metadata["is_plan"] else " (not a plan)"
    return f"{metadata.get('municipality')} / {metadata.get('title')}{kind}"


def run_terms(doc: Doc) -> str:

    lines = _labelled(doc)
    sections = read_rows(doc.path("sections.parquet"))
    rows, notes, warnings = extract_terms(doc.doc_id, lines, sections, _tables(doc))
    write_rows(notes, doc.path("notes.parquet"), schemas.NOTES)
    write_rows(rows, doc.path("terms.parquet"), schemas.TERMS, warnings)
    glossary = sum("glossary" in row["sources"] for row in rows)
    return f"{len(rows)} terms ({glossary} from a glossary), {len(notes)} notes"


def _is_plan(doc: Doc) -> bool:
    return read_rows(doc.path("document.parquet"))[0]["is_plan"]


def _settings(doc: Doc, lines: list[dict]) -> dict[int, Setting]:
    """Where each line stands (its blocks, the plan's period, the issuer), for judging commitments."""
    document = read_rows(doc.path("document.parquet"))[0]
    sections = read_rows(doc.path("sections.parquet"))
    return line_settings(lines, sections, document["plan_start_fy"], document["municipality"])


def run_measures(doc: Doc) -> str:
    """Measures; a document that is not a plan gets none (nor schedules or KPIs)."""

    rows, warnings = [], []
    is_plan = _is_plan(doc)
    if is_plan:
        lines = _labelled(doc)
        measures, warnings = extract_measures(
            doc.doc_id, lines, read_rows(doc.path("sections.parquet")), _tables(doc)
        )
        rows = measure_rows(doc.doc_id, measures, lines)
    write_rows(rows, doc.path("measures.parquet"), schemas.MEASURES, warnings)
    return f"{len(rows)} measures" if is_plan else "not a plan: no measures, schedules or KPIs"


def run_schedules(doc: Doc) -> str:
    """Activity x fiscal year, from schedule tables and dated sentences inside measures."""

    rows = []
    if _is_plan(doc):
        measures = measures_from_rows(read_rows(doc.path("measures.parquet")))
        lines = _labelled(doc)
        rows = schedule_rows(doc.doc_id, measures, lines, _tables(doc), _settings(doc, lines))
    write_rows(rows, doc.path("schedules.parquet"), schemas.SCHEDULES)
    return f"{len(rows)} schedule rows"


def run_kpis(doc: Doc) -> str:
    """Numeric targets, from KPI tables and target sentences, with baselines from the schedules."""

    rows = []
    if _is_plan(doc):
        lines = _labelled(doc)
        rows = kpi_rows(
            doc.doc_id,
            measures_from_rows(read_rows(doc.path("measures.parquet"))),
            lines,
            read_rows(doc.path("sections.parquet")),
            read_rows(doc.path("schedules.parquet")),
            _tables(doc),
            _settings(doc, lines),
        )
    write_rows(rows, doc.path("kpis.parquet"), schemas.KPIS)
    return f"{len(rows)} KPIs"


def concat_tables(paths: list[Path], schema: pa.Schema) -> pa.Table:
    tables = [read_table(path).select(schema.names).cast(schema) for path in paths]
    return pa.concat_tables(tables) if tables else schema.empty_table()
