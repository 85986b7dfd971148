"""File I/O at the edges: Parquet through declared schemas, written atomically; JSON the same way."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

WARNINGS_KEY = b"dxplans.warnings"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp creates files 0600; published files get the mode any other new file would (0644 under umask 022).
FILE_MODE = 0o666 & ~_umask()


def _atomic_target(path: Path) -> tuple[int, Path]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.fchmod(fd, FILE_MODE)
    return fd, Path(tmp)


def to_table(rows: Iterable[Mapping[str, Any]], schema: pa.Schema) -> pa.Table:
    """Rows (dicts) -> an Arrow table of exactly `schema`; missing keys become nulls."""
    rows = list(rows)
    columns = {name: [row.get(name) for row in rows] for name in schema.names}
    return pa.Table.from_pydict(columns, schema=schema)


@cache
def _pandas_metadata(schema: pa.Schema) -> bytes:
    """pandas' description of `schema` with every integer column nullable (Int16, Int32 …), so that
    pd.read_parquet gives a fiscal year as 2025 or <NA>, not the float 2025.0."""
    frame = schema.empty_table().to_pandas()
    for field in schema:
        if pa.types.is_integer(field.type):
            frame[field.name] = frame[field.name].astype(f"Int{field.type.bit_width}")
    return pa.Schema.from_pandas(frame, preserve_index=False).metadata[b"pandas"]


def write_table(table: pa.Table, path: Path, schema: pa.Schema, warnings: Iterable[str] = ()) -> None:
    """Write `table` cast to `schema` as Parquet via a temporary file and a rename.

    Stage warnings travel in the file's metadata so that publish can report them per document; pandas'
    metadata makes integer columns nullable integers when read into pandas.
    """
    table = table.select(schema.names).cast(schema)
    metadata = dict(schema.metadata or {})
    metadata[b"pandas"] = _pandas_metadata(schema)
    metadata[WARNINGS_KEY] = json.dumps(list(warnings), ensure_ascii=False).encode()
    table = table.replace_schema_metadata(metadata)
    fd, tmp = _atomic_target(path)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_rows(rows: Iterable[Mapping[str, Any]], path: Path, schema: pa.Schema, warnings=()) -> int:
    table = to_table(rows, schema)
    write_table(table, path, schema, warnings)
    return table.num_rows


def read_table(path: Path) -> pa.Table:
    return pq.read_table(path)


def read_rows(path: Path, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """A table's rows as dicts; columns named in `without` are not read (a line's cells, where a stage
    does not use them, are most of a large sheet's reading time)."""
    columns = None if not without else [name for name in pq.read_schema(path).names if name not in without]
    return pq.read_table(path, columns=columns).to_pylist()


def read_warnings(path: Path) -> list[str]:
    metadata = pq.read_schema(path).metadata or {}
    return json.loads(metadata.get(WARNINGS_KEY, b"[]"))


def write_json(data: Any, path: Path) -> None:
    fd, tmp = _atomic_target(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2, sort_keys=False)
            handle.write("\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_text(text: str, path: Path) -> None:
    fd, tmp = _atomic_target(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
