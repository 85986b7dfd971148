"""The corpus in a notebook: two functions for analysts.

    from pipeline.api import read_plan, load_corpus
    plan = read_plan("path/to/plan.pdf")        # one file through every stage, in memory
    plan.measures.head()
    corpus = load_corpus("data/processed")       # the published tables
    corpus.schedules.merge(corpus.measures, on=["doc_id", "measure_id"])
    con = corpus.duckdb()                         # the database with its views, read-only

Both return the same tables (pandas DataFrames) with the columns of docs/SCHEMA.md.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.config.documents import OVERRIDABLE, doc_id_for, read_entries
from pipeline.config.files import CONFIG_DIR
from pipeline.errors import InputError
from pipeline.extract.terms.terms import catalog
from pipeline.io import read_table, to_table
from pipeline.model import schemas
from pipeline.run.database import DATABASE_FILE
from pipeline.run.graph import DOC_OUTPUTS, process_document
from pipeline.run.stages import Doc

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


@dataclass(frozen=True)
class Tables:
    """The published tables of one plan or of a corpus, as DataFrames."""

    documents: pd.DataFrame
    sections: pd.DataFrame
    tables: pd.DataFrame
    terms: pd.DataFrame
    terms_catalog: pd.DataFrame
    notes: pd.DataFrame
    measures: pd.DataFrame
    schedules: pd.DataFrame
    kpis: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    @property
    def names(self) -> list[str]:
        return [field.name for field in fields(self)]


@dataclass(frozen=True)
class Corpus(Tables):
    """The published corpus: its tables, and its database for SQL with the views."""

    processed: Path

    def duckdb(self) -> duckdb.DuckDBPyConnection:
        import duckdb

        return duckdb.connect(str(self.processed / DATABASE_FILE), read_only=True)


DOCUMENTS_CONFIG = CONFIG_DIR / "documents.yaml"


def _entry_for(source: Path, config: Path | None) -> tuple[str, dict]:
    """(doc_id, overrides) of the file: its entry in `config` (configs/documents.yaml by default, for
    a file of the raw directory it describes) when it has one, else the id a run gives it."""
    if config is not None:
        for raw_dir in (source.parent, source.parent.parent):  # the entry may name a subfolder
            entries, _, _ = read_entries(config, raw_dir)
            for entry in entries:
                if (raw_dir / entry.source_file).resolve() == source:
                    overrides = {k: v for k in OVERRIDABLE if (v := getattr(entry, k)) is not None}
                    return entry.doc_id, overrides
    return doc_id_for(source.name), {}


def read_plan(path: str | Path, config: str | Path | None = DOCUMENTS_CONFIG) -> Tables:
    """Run one plan file (PDF, Office original or text) through every stage in a temporary directory
    and return its tables as published; nothing is written under data/. Its doc_id and overrides come
    from `config` (configs/documents.yaml: the same ids as the corpus; None for none). Raises
    InputError (with the reason a run would print) for a file that cannot be read."""
    source = Path(path).resolve()
    doc_id, overrides = _entry_for(source, None if config is None else Path(config))
    with tempfile.TemporaryDirectory(prefix="dxplans-") as scratch:
        doc = Doc(doc_id, Path(scratch) / doc_id, source, source.name, overrides)
        doc.directory.mkdir()
        doc.save()
        outcome = process_document(doc)
        if not outcome.ok:
            raise InputError(f"{source}: {outcome.reason}")
        arrow = {name: read_table(doc.path(file)) for name, file in DOC_OUTPUTS.items()}
    lg_code = {doc_id: arrow["documents"]["lg_code"][0].as_py()}
    published = {
        name: table if name == "documents" else schemas.with_lg_code(name, table, lg_code)
        for name, table in arrow.items()
    }
    frames = {name: _frame(table) for name, table in published.items()}
    frames["terms_catalog"] = _frame(to_table(catalog(published["terms"].to_pylist()), schemas.TERMS_CATALOG))
    return Tables(**frames)


def _frame(table) -> pd.DataFrame:
    """An Arrow table as pandas reads the published files: integer columns as nullable integers."""
    import pandas as pd

    nullable = {8: pd.Int8Dtype(), 16: pd.Int16Dtype(), 32: pd.Int32Dtype(), 64: pd.Int64Dtype()}
    return table.to_pandas(
        types_mapper=lambda kind: nullable.get(kind.bit_width) if pa.types.is_integer(kind) else None
    )


def load_corpus(processed: str | Path = "data/processed") -> Corpus:
    """The published tables of `processed` (what `make all` writes) as DataFrames."""
    import pandas as pd

    root = Path(processed)
    missing = [name for name in (*DOC_OUTPUTS, "terms_catalog") if not (root / f"{name}.parquet").exists()]
    if missing:
        raise FileNotFoundError(f"{root}: no {missing[0]}.parquet; run `make all` first")
    frames = {name: pd.read_parquet(root / f"{name}.parquet") for name in (*DOC_OUTPUTS, "terms_catalog")}
    return Corpus(**frames, processed=root)
