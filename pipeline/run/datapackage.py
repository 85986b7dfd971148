"""data/processed/datapackage.json: the published tables as a Frictionless Data Package (table schema),
so that the dataset describes itself: every table and column with its type and description, primary
and foreign keys, the license and the plans' sources.

Descriptions have one source, docs/SCHEMA.md: its `## <table>.parquet` sections' column tables are read
here, so the page analysts read and the package tools read cannot disagree.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from pipeline.model import schemas

SCHEMA_DOC = Path(__file__).resolve().parents[2] / "docs" / "SCHEMA.md"
LG_CODE = "全国地方公共団体コード of the document's issuing body (as in documents), the key to other government data"

PRIMARY_KEYS = {
    "documents": ["doc_id"],
    "sections": ["section_id"],
    "tables": ["table_id", "row", "col"],
    "terms": ["doc_id", "term"],
    "terms_catalog": ["term_norm"],
    "measures": ["measure_id"],
}
_BY_DOCUMENT = {"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}
_BY_MEASURE = {"fields": ["measure_id"], "reference": {"resource": "measures", "fields": ["measure_id"]}}
FOREIGN_KEYS = {
    "sections": [_BY_DOCUMENT],
    "tables": [_BY_DOCUMENT],
    "terms": [_BY_DOCUMENT],
    "notes": [_BY_DOCUMENT],
    "measures": [_BY_DOCUMENT],
    "schedules": [_BY_DOCUMENT, _BY_MEASURE],
    "kpis": [_BY_DOCUMENT, _BY_MEASURE],
}


def column_descriptions(text: str) -> dict[str, dict[str, str]]:
    """table -> column -> description, from SCHEMA.md's '## name.parquet' sections."""
    out: dict[str, dict[str, str]] = {}
    table = None
    for line in text.splitlines():
        if heading := re.match(r"^## (\w+)\.parquet", line):
            table = heading.group(1)
            out[table] = {}
        elif line.startswith("#"):
            table = None  # any other section, or a subsection within a table's
        elif table and (row := re.match(r"^\|([^|]+)\|([^|]+)\|(.+)\|\s*$", line)):
            names, kind, meaning = (part.strip() for part in row.groups())
            if names in ("column", "---") or set(names) <= {"-"}:
                continue
            for name in (n.strip() for n in names.split(",")):
                out[table][name] = meaning or kind
    return out


def _field_type(arrow: pa.DataType) -> str:
    if pa.types.is_string(arrow):
        return "string"
    if pa.types.is_integer(arrow):
        return "integer"
    if pa.types.is_floating(arrow):
        return "number"
    if pa.types.is_boolean(arrow):
        return "boolean"
    return "any"  # a list<string>: Parquet's own list type, which table schema's JSON `array` is not


def _resource(name: str, schema: pa.Schema, described: dict[str, str]) -> dict:
    fields = [
        {
            "name": field.name,
            "type": _field_type(field.type),
            "arrowType": str(field.type),
            "description": LG_CODE if field.name == "lg_code" else described.get(field.name, ""),
            **({"constraints": {"required": True}} if field.name in PRIMARY_KEYS.get(name, ()) else {}),
        }
        for field in schema
    ]
    # Readers that go through pandas see a null number as NaN: it is a missing value, not a number.
    table_schema: dict = {"fields": fields, "missingValues": ["", "nan", "NaN", "None"]}
    if name in PRIMARY_KEYS:
        table_schema["primaryKey"] = PRIMARY_KEYS[name]
    if name in FOREIGN_KEYS:
        table_schema["foreignKeys"] = FOREIGN_KEYS[name]
    return {
        "name": name,
        "path": f"{name}.parquet",
        "format": "parquet",
        "mediatype": "application/vnd.apache.parquet",
        "profile": "tabular-data-resource",
        "schema": table_schema,
    }


def datapackage(documents: list[dict], dataset: dict) -> dict:
    """The package descriptor for the published tables; `documents` are the documents table's rows
    (their source_url and retrieved date become the package's sources), `dataset` what
    configs/documents.yaml says of the whole (title, license)."""
    described = column_descriptions(SCHEMA_DOC.read_text(encoding="utf-8"))
    tables = {**schemas.PUBLISHED, "terms_catalog": schemas.TERMS_CATALOG}
    sources = [
        {
            "title": f"{row['municipality'] or ''} {row['title'] or row['doc_id']}".strip(),
            "path": row["source_url"],
        }
        | ({"retrieved": row["retrieved"]} if row.get("retrieved") else {})
        for row in documents
        if row.get("source_url")
    ]
    license = dataset.get("license") or {"name": "other-at", "title": "the plans' own terms of use"}
    return {
        "profile": "tabular-data-package",
        "name": dataset.get("name", "dxplans"),
        "title": dataset.get("title", "Japanese municipal DX plans as tables"),
        "licenses": [license],
        "sources": sources,
        "resources": [_resource(name, schema, described.get(name, {})) for name, schema in tables.items()],
    }
