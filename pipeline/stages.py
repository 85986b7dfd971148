"""The I/O edge of each stage: read interim files, call the stage's plain functions, write atomically.

Each function takes paths and returns a one-line summary for the progress line. The per-document
interim layout is data/interim/<doc_id>/{lines,labelled,sections,tables,document,...}.parquet.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa

from . import schemas
from .io import read_json, read_rows, read_table, write_rows

# The per-document outputs that make a document complete, in stage order.
DOC_OUTPUTS = {
    "documents": "document.parquet",
    "sections": "sections.parquet",
    "tables": "tables.parquet",
    "terms": "terms.parquet",
    "measures": "measures.parquet",
    "schedules": "schedules.parquet",
    "kpis": "kpis.parquet",
}


def doc_id_of(path: Path) -> str:
    """The doc_id of an interim file: the name of its per-document directory."""
    return path.resolve().parent.name


def run_ingest(raw: Path, doc_id: str, out: Path) -> str:
    from .ingest import ingest_file

    ingested = ingest_file(raw)
    rows = [
        {
            "doc_id": doc_id,
            "page": line.page,
            "line": line.line,
            "raw": line.raw,
            "text": line.text,
            "size_ratio": line.size_ratio,
            "bold": line.bold,
            "layout_hint": line.layout_hint,
        }
        for line in ingested.lines
    ]
    n = write_rows(rows, out, schemas.LINES)
    pages = f", {ingested.n_pages} pages" if ingested.n_pages else ""
    return f"{n} lines ({ingested.input_format}{pages})"


def run_structure(lines_path: Path, labelled_out: Path, sections_out: Path) -> str:
    from .structure import outline_rows

    lines = read_rows(lines_path)
    labelled, sections, warnings = outline_rows(lines[0]["doc_id"] if lines else doc_id_of(lines_path), lines)
    write_rows(labelled, labelled_out, schemas.LABELLED_LINES, warnings)
    write_rows(sections, sections_out, schemas.SECTIONS, warnings)
    return f"{len(sections)} headings"


def run_tables(labelled_path: Path, out: Path) -> str:
    from .tables import table_cell_rows

    lines = read_rows(labelled_path)
    doc_id = lines[0]["doc_id"] if lines else doc_id_of(labelled_path)
    cells = table_cell_rows(doc_id, lines)
    write_rows(cells, out, schemas.TABLES)
    return f"{len({c['table_id'] for c in cells})} tables, {len(cells)} cells"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_documents(
    labelled_path: Path, tables_path: Path, raw: Path, source_file: str, config: Path | None, out: Path
) -> str:
    from .documents import extract_metadata

    lines = read_rows(labelled_path)
    doc_id = lines[0]["doc_id"] if lines else doc_id_of(labelled_path)
    metadata = extract_metadata(lines, read_rows(tables_path))
    overrides = read_json(config).get("overrides", {}) if config and config.exists() else {}
    metadata.update(overrides)
    warnings = [
        f"metadata not found in the document: {key}"
        for key in ("municipality", "title")
        if not metadata.get(key)
    ]
    pages = [row["page"] for row in lines if row["page"] is not None]
    row = {
        "doc_id": doc_id,
        "source_file": source_file,
        "sha256": sha256_of(raw),
        "input_format": "pdf" if raw.suffix.lower() == ".pdf" else "text",
        "n_pages": max(pages) if raw.suffix.lower() == ".pdf" and pages else None,
        "n_lines": len(lines),
        **metadata,
    }
    write_rows([row], out, schemas.DOCUMENTS, warnings)
    return f"{metadata.get('municipality')} / {metadata.get('title')}"


def run_terms(labelled_path: Path, sections_path: Path, out: Path) -> str:
    from .terms import extract_terms

    lines = read_rows(labelled_path)
    doc_id = lines[0]["doc_id"] if lines else doc_id_of(labelled_path)
    rows, warnings = extract_terms(doc_id, lines, read_rows(sections_path))
    write_rows(rows, out, schemas.TERMS, warnings)
    glossary = sum("glossary" in row["sources"] for row in rows)
    return f"{len(rows)} terms ({glossary} from a glossary)"


def run_measures(
    labelled_path: Path, sections_path: Path, measures_out: Path, schedules_out: Path, kpis_out: Path
) -> str:
    from .kpis import kpi_rows
    from .measures import extract_measures, measure_rows
    from .schedules import schedule_rows, table_schedule_rows

    lines = read_rows(labelled_path)
    sections = read_rows(sections_path)
    doc_id = lines[0]["doc_id"] if lines else doc_id_of(labelled_path)
    measures, warnings = extract_measures(doc_id, lines, sections)
    schedules = schedule_rows(doc_id, measures, lines)
    _, schedule_lines = table_schedule_rows(lines)
    kpis = kpi_rows(doc_id, measures, lines, sections, schedules, schedule_lines)
    write_rows(schedules, schedules_out, schemas.SCHEDULES)
    write_rows(kpis, kpis_out, schemas.KPIS)
    write_rows(measure_rows(doc_id, measures, lines), measures_out, schemas.MEASURES, warnings)
    return f"{len(measures)} measures, {len(schedules)} schedule rows, {len(kpis)} KPIs"


def concat_tables(paths: list[Path], schema: pa.Schema) -> pa.Table:
    tables = [read_table(path).select(schema.names).cast(schema) for path in paths]
    return pa.concat_tables(tables) if tables else schema.empty_table()
