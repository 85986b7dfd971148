"""The one declaration of every table's Arrow schema: interim files and published Parquet alike.

Published tables follow ../shared/CONTRACT.md; columns beyond the contract are documented in
docs/SCHEMA.md. Every writer goes through `pipeline.io.write_table`, which casts to these schemas, so a
column's type cannot drift between documents.
"""

from __future__ import annotations

import pyarrow as pa

STR = pa.string()
I8, I16, I32 = pa.int8(), pa.int16(), pa.int32()
STR_LIST = pa.list_(pa.string())

CELL = pa.struct([("text", STR), ("x0", pa.float32()), ("x1", pa.float32()), ("fill", STR), ("mark", STR)])

LINES = pa.schema(
    [
        ("doc_id", STR),
        ("page", I32),
        ("line", I32),
        ("raw", STR),
        ("text", STR),
        # From PDF layout (null for text input): font size relative to the page's body text, boldness,
        # and what the layout alone already tells (running header, footnote area, superscript marker).
        ("size_ratio", pa.float32()),
        ("bold", pa.bool_()),
        ("layout_hint", STR),
        # Set in a different font family from the body text (a Gothic heading in a Mincho body).
        ("distinct_face", pa.bool_()),
        # Page geometry (points from the page's top left) and the type's size and family (PDF input).
        ("x0", pa.float32()),
        ("x1", pa.float32()),
        ("top", pa.float32()),
        ("bottom", pa.float32()),
        ("font_size", pa.float32()),
        ("font_family", STR),
        # A table row's cells, split once by the reader: text, x-extent, fill colour, drawn mark.
        ("cells", pa.list_(CELL)),
        # The heading level the source declares (Word heading styles, slide titles); null elsewhere.
        ("outline_level", I8),
        # Read by OCR from a page image (a scan): analysts may filter these lines.
        ("ocr", pa.bool_()),
        ("ocr_confidence", pa.float64()),
    ]
)

LABELLED_LINES = pa.schema(
    list(LINES)
    + [
        ("label", STR),
        ("section_id", STR),
        # the cells' texts alone: what the stages after tables read of a row (cells carry geometry too)
        ("cell_texts", pa.list_(STR)),
    ]
)

DOCUMENTS = pa.schema(
    [
        ("doc_id", STR),
        ("source_file", STR),
        ("sha256", STR),
        ("input_format", STR),
        # False for a Japanese document that is not a plan (a guideline, a news text): it keeps its
        # outline, tables and terms but gets no measures, schedules or KPIs.
        ("is_plan", pa.bool_()),
        # 全国地方公共団体コード (JIS X 0402, 6 digits with the check digit) of the issuing body: a
        # municipality, or a prefecture for a prefecture's own plan; empty when the name is ambiguous.
        ("lg_code", STR),
        # The official name from the code table (configs/lg_codes.csv) once lg_code is known, else as
        # read; `municipality_as_written` is the plan's own spelling (a misprint kept).
        ("municipality", STR),
        ("municipality_as_written", STR),
        ("prefecture", STR),
        ("title", STR),
        ("published", STR),
        # Where `published` was read: cover, colophon (the last lines), metadata (the PDF's creation
        # date, when the document prints none) or config (configs/documents.yaml).
        ("published_source", STR),
        ("revised", STR),
        ("plan_start_fy", I16),
        ("plan_end_fy", I16),
        ("n_pages", I32),
        ("n_lines", I32),
        # OCR's mean confidence (0-100) in the characters it read, weighted by each line's length;
        # null where nothing was read by OCR (a text layer, an Office file, plain text).
        ("ocr_confidence", pa.float64()),
        # Where the plan was downloaded from and when (configs/documents.yaml).
        ("source_url", STR),
        ("retrieved", STR),
    ]
)

SECTIONS = pa.schema(
    [
        ("doc_id", STR),
        ("section_id", STR),
        ("parent_id", STR),
        ("level", I8),
        ("number", STR),
        ("title", STR),
        ("ordinal", I32),
        ("line_start", I32),
        ("line_end", I32),
        ("page", I32),
        # How the heading was recognised: the enumerator family (chapter, paren, circled, label:取組事項,
        # block:…, markdown:2, plain) - lets analysts filter block labels such as 概要 or 課題.
        ("family", STR),
    ]
)

TABLES = pa.schema(
    [
        ("doc_id", STR),
        ("table_id", STR),
        (
            "kind",
            STR,
        ),  # kpi | schedule | action_plan | card | glossary | other, decided once by the tables stage
        ("section_id", STR),
        ("row", I32),
        ("col", I32),
        ("text", STR),
        # The cell's fill colour (#rrggbb, or theme:N for an Office theme colour) and a mark drawn in it
        # (bar, arrow), where the source has them: a filled or barred year cell is a scheduled year.
        ("fill", STR),
        ("mark", STR),
        ("is_header", pa.bool_()),
        ("caption", STR),
        ("line", I32),
        ("page", I32),
    ]
)

TERMS = pa.schema(
    [
        ("doc_id", STR),
        ("term", STR),
        ("term_norm", STR),
        ("reading", STR),
        ("aliases", STR_LIST),
        ("definition", STR),
        ("sources", STR_LIST),
        ("marker", STR),
        ("mentions", I32),
        ("section_id", STR),
        ("line", I32),
        ("page", I32),
    ]
)

# Every footnote, whatever it does: defines the word its mark closes (definition), cites a source
# (citation), gives an address (url), names an author's post (affiliation), points elsewhere in the
# text (cross_reference), or comments on a statement (remark). term is set for definitions only.
NOTES = pa.schema(
    [
        ("doc_id", STR),
        ("marker", STR),
        ("kind", STR),
        ("text", STR),
        ("term", STR),
        ("attached", STR),  # what the mark closes: noun | clause | term (written out) | none (not found)
        ("body_line", I32),  # the body line carrying the mark
        ("section_id", STR),
        ("line", I32),  # the note itself
        ("page", I32),
    ]
)

TERMS_CATALOG = pa.schema(
    [
        ("term_norm", STR),
        ("spellings", STR_LIST),
        ("n_documents", I32),
        ("doc_ids", STR_LIST),
        ("total_mentions", I32),
    ]
)

MEASURES = pa.schema(
    [
        ("doc_id", STR),
        ("measure_id", STR),
        ("parent_id", STR),
        ("level", I8),
        ("number", STR),
        ("title", STR),
        ("title_markers", STR_LIST),
        ("pillar", STR),
        ("national_priority", pa.bool_()),
        ("category", STR),
        # The runner-up category where the measure's evidence supports a second one as well.
        ("category_also", STR),
        ("keywords", STR_LIST),
        ("description", STR),
        ("recovered", pa.bool_()),
        ("section_id", STR),
        ("line", I32),
        ("line_end", I32),  # last line of the measure's span (its sub-measures included)
        ("page", I32),
    ]
)

SCHEDULES = pa.schema(
    [
        ("doc_id", STR),
        ("measure_id", STR),
        ("activity", STR),
        ("fiscal_year", I16),
        ("open_ended", pa.bool_()),
        ("value", STR),
        ("value_num", pa.float64()),
        ("unit", STR),
        ("source", STR),
        # own | national | past: whose commitment the row states (pipeline/families/commitment.py).
        ("commitment", STR),
        ("line", I32),
        ("page", I32),
    ]
)

KPIS = pa.schema(
    [
        ("doc_id", STR),
        ("measure_id", STR),
        ("indicator", STR),
        ("target_value", pa.float64()),
        ("unit", STR),
        ("target_fy", I16),
        ("baseline_value", pa.float64()),
        ("baseline_text", STR),
        ("commitment", STR),
        ("text", STR),
        ("line", I32),
        ("page", I32),
    ]
)


# Per-document tables (data/interim/<doc_id>/): file stem -> schema, in the order the summary reports them.
PER_DOCUMENT = {
    "documents": DOCUMENTS,
    "sections": SECTIONS,
    "tables": TABLES,
    "terms": TERMS,
    "notes": NOTES,
    "measures": MEASURES,
    "schedules": SCHEDULES,
    "kpis": KPIS,
}


def _keyed_by_lg_code(schema: pa.Schema) -> pa.Schema:
    fields = list(schema)
    fields.insert(1, pa.field("lg_code", STR))
    return pa.schema(fields, metadata=schema.metadata)


# Published tables (data/processed/): every table but documents also carries lg_code beside doc_id, so
# that a join with other government data needs one key.
PUBLISHED = {
    name: schema if name == "documents" else _keyed_by_lg_code(schema)
    for name, schema in PER_DOCUMENT.items()
}


def with_lg_code(name: str, table: pa.Table, lg_codes: dict[str, str | None]) -> pa.Table:
    """A per-document table as published: lg_code beside doc_id."""
    column = pa.array([lg_codes.get(doc_id) for doc_id in table["doc_id"].to_pylist()], type=STR)
    return table.add_column(1, pa.field("lg_code", STR), column).cast(PUBLISHED[name])
