"""data/processed/dxplans.duckdb: every published table, and the views analysts ask for first.

The database is rebuilt from the Parquet files on each publish, into a temporary file renamed over the
old one, so a reader never sees a half-written database.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

DATABASE_FILE = "dxplans.duckdb"

OWN_ONLY = "s.commitment = 'own'"


def _schedule_timeline(condition: str) -> str:
    """Which measure is scheduled in which fiscal year (one row per measure x fiscal year x commitment)."""
    return f"""
        SELECT d.lg_code, d.municipality, s.doc_id, s.measure_id, m.title AS measure, m.category,
               s.fiscal_year, s.commitment,
               string_agg(DISTINCT s.activity, ' / ' ORDER BY s.activity) AS activities,
               bool_or(s.open_ended) AS open_ended
        FROM schedules s
        JOIN documents d USING (doc_id)
        LEFT JOIN measures m ON m.doc_id = s.doc_id AND m.measure_id = s.measure_id
        WHERE s.fiscal_year IS NOT NULL AND {condition}
        GROUP BY ALL
        ORDER BY s.doc_id, s.measure_id NULLS LAST, s.fiscal_year, s.commitment"""


def _kpis_with_measures(condition: str) -> str:
    """KPIs with the measure they measure."""
    return f"""
        SELECT d.lg_code, d.municipality, s.doc_id, s.measure_id, m.title AS measure, m.category,
               s.indicator, s.baseline_value, s.target_value, s.unit, s.target_fy, s.commitment, s.line,
               s.page
        FROM kpis s
        JOIN documents d USING (doc_id)
        LEFT JOIN measures m ON m.doc_id = s.doc_id AND m.measure_id = s.measure_id
        WHERE {condition}
        ORDER BY s.doc_id, s.line"""


# name -> SQL. Every view keys municipalities by lg_code (全国地方公共団体コード) and doc_id. The schedule
# and KPI views hold the plan's own commitments; their `_all` twins add the national targets and past
# activities the plan cites (the `commitment` column says which).
VIEWS = {
    # How many measures each plan files under each category (null: no category fits).
    "measures_by_category": """
        SELECT d.lg_code, d.prefecture, d.municipality, d.doc_id, m.category, count(*) AS measures
        FROM measures m JOIN documents d USING (doc_id)
        GROUP BY ALL
        ORDER BY d.lg_code NULLS LAST, d.doc_id, measures DESC, m.category NULLS LAST""",
    "schedule_timeline": _schedule_timeline(OWN_ONLY),
    "schedule_timeline_all": _schedule_timeline("TRUE"),
    # Terms that most plans define, with how they spell them.
    "common_terms": """
        SELECT term_norm, n_documents, spellings, doc_ids, total_mentions
        FROM terms_catalog
        ORDER BY n_documents DESC, total_mentions DESC, term_norm""",
    "kpis_with_measures": _kpis_with_measures(OWN_ONLY),
    "kpis_with_measures_all": _kpis_with_measures("TRUE"),
}


def write_database(processed: Path, tables: list[str]) -> Path:
    """Load every published table (processed/<name>.parquet) and create the views; returns the path."""
    import duckdb

    target = processed / DATABASE_FILE
    temporary = processed / f".{DATABASE_FILE}.{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    try:
        with duckdb.connect(str(temporary)) as connection:
            for name in tables:
                path = str(processed / f"{name}.parquet").replace("'", "''")
                connection.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{path}')")
            for name, sql in VIEWS.items():
                connection.execute(f"CREATE VIEW {name} AS {sql}")
        os.replace(temporary, target)
    except duckdb.Error as exc:
        # DuckDB reports a full disk or an unwritable folder as its own error: the file system's reason,
        # the last part of its message, is what the user needs.
        raise OSError(f"{DATABASE_FILE} could not be written: {str(exc).rsplit(': ', 1)[-1]}") from None
    finally:
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return target


def query(processed: Path, sql: str) -> str:
    """The result of one SQL statement on the published database (read-only), as a text table."""
    import duckdb

    path = processed / DATABASE_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path}: no database; run `make all` first")
    with duckdb.connect(str(path), read_only=True) as connection:
        try:
            relation = connection.sql(sql)
        except duckdb.Error as exc:
            raise ValueError(str(exc).splitlines()[0]) from None
        return "" if relation is None else relation.df().to_string(index=False, max_rows=200)
