"""Stage 5, publish: per-document interim files -> data/processed/*.parquet and manifest.json.

A document is published only when every stage finished for it; the others are listed as failures with
the reason their first failing stage gave. Tables are concatenated in doc_id order through the declared
schemas and written atomically; manifest.json is written last.
"""

from __future__ import annotations

import platform
import subprocess
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from pipeline import __version__
from pipeline.extract.terms.terms import catalog as terms_catalog
from pipeline.io import read_json, read_table, read_warnings, write_json, write_rows, write_table
from pipeline.model import schemas
from pipeline.run.database import write_database
from pipeline.run.datapackage import datapackage
from pipeline.run.graph import DOC_OUTPUTS, STATUS_FILE, damaged_output
from pipeline.run.release import build_release
from pipeline.run.same_plan import other_forms
from pipeline.run.stages import concat_tables

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _git(*args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()


def environment() -> dict:
    commit = _git("rev-parse", "HEAD")
    dirty = _git("status", "--porcelain", "--", "pipeline", "configs", "pyproject.toml")
    return {
        "pipeline_version": __version__,
        "git_commit": commit,
        "git_dirty": bool(dirty) if commit else None,
        "python": platform.python_version(),
        "packages": {
            name: _version(name)
            for name in (
                "spacy",
                "ginza",
                "ja-ginza",
                "sudachipy",
                "pdfplumber",
                "pyarrow",
                "pandas",
                "duckdb",
            )
        },
    }


def document_status(doc_dir: Path) -> str | None:
    """None when the document is complete, else the reason it is not."""
    status_path = doc_dir / STATUS_FILE
    if not status_path.exists():
        return "not processed: its run did not finish (interrupted?); run make all again"
    status = read_json(status_path)
    if not status["ok"]:
        return status["reason"]
    missing = [name for name in DOC_OUTPUTS.values() if not (doc_dir / name).exists()]
    if missing:
        return f"incomplete: stage output {missing[0]} was not produced"
    damage = damaged_output(doc_dir)
    if damage:
        return f"damaged interim file in {doc_dir}: {damage}; the next make all rebuilds it from its raw file"
    return None


def publish(interim: Path, out: Path, finish: Callable[[Path], None] | None = None) -> dict:
    """Publish every complete document: a new release with every table, the database and the manifest
    (and what `finish` adds to it, the report) swapped in at once (`pipeline.run.release`). A failure
    leaves the previous release published and nothing half-written. Returns the manifest."""
    manifest: dict = {}

    def build(staged: Path) -> None:
        manifest.update(_write_release(interim, staged))
        if finish is not None:
            finish(staged)

    build_release(out, build)
    return manifest


def _sort_documents(interim: Path, plan: dict) -> tuple[list[dict], dict, dict, dict]:
    """(complete documents, failures, warnings per document, skipped files): a document is complete when
    every stage finished for it, and published unless it is another form of a plan published from a
    richer one."""
    complete, failures, warnings = [], {}, {}
    for doc in plan["documents"]:
        doc_dir = interim / doc["doc_id"]
        reason = document_status(doc_dir)
        if reason:
            failures[doc["doc_id"]] = {"source_file": doc["source_file"], "reason": reason}
            continue
        complete.append(doc)
        found = []
        for path in sorted(doc_dir.glob("*.parquet")):
            found.extend(w for w in read_warnings(path) if w not in found)
        if found:
            warnings[doc["doc_id"]] = found
    skipped = dict(plan.get("skipped", {}))
    forms = other_forms(interim, complete)
    for doc in [doc for doc in complete if doc["doc_id"] in forms]:
        complete.remove(doc)
        warnings.pop(doc["doc_id"], None)
        skipped[doc["source_file"]] = forms[doc["doc_id"]]
    return complete, failures, warnings, skipped


def _status(doc_id: str, failures: dict, published: set[str]) -> str:
    return "failed" if doc_id in failures else "ok" if doc_id in published else "another form"


def _write_release(interim: Path, out: Path) -> dict:
    plan = read_json(interim / "docs.json")
    docs = plan["documents"]
    complete, failures, warnings, skipped = _sort_documents(interim, plan)
    published = {doc["doc_id"] for doc in complete}

    counts, not_plans, lg_codes = {}, [], {}
    for table_name, per_doc_file in DOC_OUTPUTS.items():
        table = concat_tables(
            [interim / doc["doc_id"] / per_doc_file for doc in complete], schemas.PER_DOCUMENT[table_name]
        )
        if table_name == "documents":
            not_plans = sorted(row["doc_id"] for row in table.to_pylist() if not row["is_plan"])
            lg_codes = dict(zip(table["doc_id"].to_pylist(), table["lg_code"].to_pylist(), strict=True))
        else:
            table = schemas.with_lg_code(table_name, table, lg_codes)
        write_table(table, out / f"{table_name}.parquet", schemas.PUBLISHED[table_name])
        counts[table_name] = table.num_rows
        if table_name == "terms":
            catalog_rows = terms_catalog(table.to_pylist())
            write_rows(catalog_rows, out / "terms_catalog.parquet", schemas.TERMS_CATALOG)
            counts["terms_catalog"] = len(catalog_rows)
    write_database(out, [*DOC_OUTPUTS, "terms_catalog"])
    document_rows = read_table(out / "documents.parquet").to_pylist()
    write_json(datapackage(document_rows, plan.get("dataset", {})), out / "datapackage.json")
    manifest = {
        **environment(),
        "inputs": [
            {
                "doc_id": doc["doc_id"],
                "source_file": doc["source_file"],
                "sha256": doc["sha256"],
                "status": _status(doc["doc_id"], failures, published),
            }
            for doc in docs
        ],
        "tables": counts,
        "documents_processed": len(complete),
        "not_plans": not_plans,
        "config_problems": plan.get("config_problems", []),
        "config_warnings": plan.get("config_warnings", []),
        "skipped": skipped,
        "failures": failures,
        "warnings": warnings,
    }
    write_json(manifest, out / "manifest.json")
    return manifest


def format_summary(manifest: dict) -> str:
    lines = [
        f"documents processed: {manifest['documents_processed']} of "
        f"{sum(doc['status'] != 'another form' for doc in manifest['inputs'])}"
        + (f" ({len(manifest['failures'])} failed)" if manifest["failures"] else ""),
        "rows per table: " + ", ".join(f"{name} {count}" for name, count in manifest["tables"].items()),
    ]
    not_plans = set(manifest.get("not_plans", []))
    for doc in manifest["inputs"]:
        doc_warnings = manifest["warnings"].get(doc["doc_id"], [])
        if doc["status"] == "ok":
            kind = "ok, not a plan (outline, tables and terms only)" if doc["doc_id"] in not_plans else "ok"
            lines.append(f"  {doc['doc_id']}: {kind}, {len(doc_warnings)} warning(s)")
            lines.extend(f"    warning: {w}" for w in doc_warnings)
    for doc_id, failure in manifest["failures"].items():
        lines.append(f"  {doc_id}: FAILED {failure['source_file']}: {failure['reason']}")
    lines.extend(f"  skipped {name}: {reason}" for name, reason in manifest.get("skipped", {}).items())
    lines.extend(f"  config: {problem}" for problem in manifest.get("config_problems", []))
    lines.extend(f"  config warning: {warning}" for warning in manifest.get("config_warnings", []))
    return "\n".join(lines)


def print_summary(processed: Path) -> int:
    manifest = read_json(processed / "manifest.json")
    print(format_summary(manifest), file=sys.stdout)
    return 1 if manifest["failures"] or manifest.get("config_problems") else 0
