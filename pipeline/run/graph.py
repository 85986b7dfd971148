"""The stage graph, declared once: each stage's inputs, outputs and function.

The CLI's per-stage commands, the runner, `make bench` and the Makefile's per-document rules
(data/interim/docs.mk, written by `pipeline plan`) are all derived from `STAGES`.

Inputs and outputs are file names inside the document's interim directory; `SOURCE` stands for the raw
file (linked into that directory as `source<suffix>` so that make never sees the raw name, which may hold
spaces, brackets or a leading dash).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.errors import InputError
from pipeline.io import read_json, write_json
from pipeline.language import nlp
from pipeline.run import stages
from pipeline.run.budget import TooLarge, check_size
from pipeline.run.stages import CONFIG_FILE, PROPERTIES_FILE, Doc

SOURCE = "source"
STATUS_FILE = "status.json"
ERROR_FILE = "error.txt"


@dataclass(frozen=True)
class Stage:
    name: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    run: Callable[..., str]  # (doc) -> message; a stage that reads pages: (doc, on_ocr_page)
    help: str
    reads_pages: bool = False  # it reads the source's pages, and says which page OCR starts to read


LINES_FILE = "lines.parquet"

STAGES: tuple[Stage, ...] = (
    Stage(
        "ingest",
        (SOURCE,),
        (LINES_FILE, PROPERTIES_FILE),
        stages.run_ingest,
        "the raw plan (text, PDF, a scan, or a .docx/.xlsx/.pptx original) -> lines, and what the file says of itself",
        reads_pages=True,
    ),
    Stage(
        "structure",
        ("lines.parquet",),
        ("labelled.parquet", "sections.parquet"),
        stages.run_structure,
        "lines -> labelled lines and the outline",
    ),
    Stage(
        "tables",
        ("labelled.parquet", "sections.parquet"),
        ("tables.parquet",),
        stages.run_tables,
        "labelled lines -> cells, each table classified once (kpi, schedule, glossary, other)",
    ),
    Stage(
        "documents",
        ("labelled.parquet", "sections.parquet", "tables.parquet", PROPERTIES_FILE, CONFIG_FILE, SOURCE),
        ("document.parquet",),
        stages.run_documents,
        "labelled lines, outline and tables -> metadata, is_plan",
    ),
    Stage(
        "terms",
        ("labelled.parquet", "sections.parquet", "tables.parquet"),
        ("terms.parquet", "notes.parquet"),
        stages.run_terms,
        "labelled lines, outline and glossary tables -> definitions, every footnote and its kind",
    ),
    Stage(
        "measures",
        ("labelled.parquet", "sections.parquet", "tables.parquet", "document.parquet"),
        ("measures.parquet",),
        stages.run_measures,
        "labelled lines, outline and tables -> measures (plans only)",
    ),
    Stage(
        "schedules",
        ("labelled.parquet", "sections.parquet", "measures.parquet", "tables.parquet", "document.parquet"),
        ("schedules.parquet",),
        stages.run_schedules,
        "schedule tables and dated sentences in measures -> activity x fiscal year",
    ),
    Stage(
        "kpis",
        (
            "labelled.parquet",
            "sections.parquet",
            "measures.parquet",
            "schedules.parquet",
            "tables.parquet",
            "document.parquet",
        ),
        ("kpis.parquet",),
        stages.run_kpis,
        "KPI tables and target sentences in measures -> numeric targets",
    ),
)

STAGE_BY_NAME = {stage.name: stage for stage in STAGES}

# Published table -> the per-document file it is concatenated from.
DOC_OUTPUTS = {
    "documents": "document.parquet",
    "sections": "sections.parquet",
    "tables": "tables.parquet",
    "terms": "terms.parquet",
    "notes": "notes.parquet",
    "measures": "measures.parquet",
    "schedules": "schedules.parquet",
    "kpis": "kpis.parquet",
}


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: ok, or the one-line reason it failed."""

    doc_id: str
    source: str
    ok: bool
    reason: str | None
    seconds: float
    pages: int | None
    messages: tuple[str, ...]
    pid: int = 0
    model_loads: int = 0  # GiNZA loads in the worker process so far (one, once it needed the model)


def run_stage(stage: Stage, doc: Doc, on_ocr_page: Callable[[int], None] | None = None) -> str:
    """One stage on one document; InputError carries the reason users see, anything else is a bug.
    `on_ocr_page` hears each page OCR starts to read, in a stage that reads pages."""
    try:
        return stage.run(doc, on_ocr_page) if stage.reads_pages else stage.run(doc)
    except InputError:
        raise
    except MemoryError:
        raise InputError(
            f"out of memory in {stage.name}: the document needs more than a worker may use"
        ) from None
    except Exception as exc:  # a bug must not leave a half-built document looking complete
        raise InputError(f"internal error in {stage.name}: {type(exc).__name__}: {exc}") from exc


def process_document(
    doc: Doc,
    on_stage: Callable[[str], None] | None = None,
    seconds: float | None = None,
    on_ocr_page: Callable[[int], None] | None = None,
) -> Outcome:
    """Every stage for one document, in order, in this process; the outcome is recorded in status.json.
    `on_stage` hears each stage's name as it starts (the runner's supervisor names it in a timeout).
    Under a time limit of `seconds`, a document too large for it is refused once it is read.
    `on_ocr_page` hears each page OCR starts to read (the supervisor widens the time limit for it)."""
    started = time.monotonic()
    doc.directory.mkdir(parents=True, exist_ok=True)
    for stale in (STATUS_FILE, ERROR_FILE):
        doc.path(stale).unlink(missing_ok=True)
    messages, reason, refused = [], None, False
    for stage in STAGES:
        if on_stage is not None:
            on_stage(stage.name)
        try:
            messages.append(f"{stage.name}: {run_stage(stage, doc, on_ocr_page)}")
            if LINES_FILE in stage.outputs:  # once the document is read, before the work it costs
                check_size(doc.path(LINES_FILE), seconds)
        except InputError as exc:
            reason, refused = str(exc), isinstance(exc, TooLarge)
            break
    pages = _pages(doc) if reason is None else None
    outcome = Outcome(
        doc.doc_id,
        str(doc.source),
        reason is None,
        reason,
        time.monotonic() - started,
        pages,
        tuple(messages),
        os.getpid(),
        nlp.LOADS,
    )
    record(doc, reason, messages, seconds if refused else None)
    return outcome


def record(doc: Doc, reason: str | None, messages: list[str], time_limit: float | None = None) -> None:
    """The document's status.json (and error.txt when it failed): what publish and make read. A
    document stopped by its time limit records the limit, so that a run with a higher one retries it."""
    if reason is not None:
        doc.path(ERROR_FILE).write_text(reason + "\n", encoding="utf-8")
    status = {"ok": reason is None, "reason": reason, "messages": messages}
    if time_limit is not None:
        status["time_limit"] = time_limit
    write_json(status, doc.path(STATUS_FILE))


def damaged_output(doc_dir: Path) -> str | None:
    """The first of a document's interim files that is missing or unreadable, with why; None if all read."""
    for name in sorted({name for stage in STAGES for name in stage.outputs}):
        path = doc_dir / name
        try:
            if name.endswith(".parquet"):
                pq.read_schema(path)
            else:
                read_json(path)
        except FileNotFoundError:
            return f"{name} is missing"
        except (OSError, ValueError, pa.ArrowException) as exc:
            return f"{name} is unreadable ({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})"
    return None


def rebuild_damaged(interim: Path) -> list[str]:
    """Forget the outcome of every finished document whose interim files do not all read (truncated by a
    full disk, edited by hand), so that make rebuilds it from its raw file; one line per document."""
    lines = []
    for status_path in sorted(interim.glob(f"*/{STATUS_FILE}")):
        try:
            finished = read_json(status_path).get("ok") is True
        except (OSError, ValueError, AttributeError):
            finished, damage = True, f"{STATUS_FILE} is unreadable"
        else:
            damage = damaged_output(status_path.parent) if finished else None
        if finished and damage:
            status_path.unlink(missing_ok=True)
            lines.append(f"rebuilding {status_path.parent.name} from its raw file: {damage}")
    return lines


def retry_timed_out(interim: Path, time_limit: float | None) -> list[str]:
    """Forget the outcome of every document stopped by a time limit lower than `time_limit` (None: no
    limit), so that make runs it again; one line per document."""
    lines = []
    for status_path in sorted(interim.glob(f"*/{STATUS_FILE}")):
        try:
            status = read_json(status_path)
            stopped_at = float(status["time_limit"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if status.get("ok") or (time_limit is not None and time_limit <= stopped_at):
            continue
        status_path.unlink(missing_ok=True)
        now = "no limit" if time_limit is None else f"{time_limit:.0f} s"
        lines.append(
            f"retrying {status_path.parent.name}: stopped at its time limit of {stopped_at:.0f} s; now {now}"
        )
    return lines


def _pages(doc: Doc) -> int | None:
    import pyarrow.parquet as pq

    table = pq.read_table(doc.path("document.parquet"), columns=["n_pages"])
    return table.column("n_pages")[0].as_py()


def source_link(doc: Doc) -> Path:
    return doc.path(SOURCE + doc.source.suffix.lower())


def make_rules(docs: list[Doc], interim: Path) -> str:
    """docs.mk: per document, its status file depends on the graph's external inputs (the raw file's
    link and config.json); an out-of-date document is queued for the runner."""
    external = sorted({name for stage in STAGES for name in stage.inputs if name in (SOURCE, CONFIG_FILE)})
    out = [
        "# Generated by `python -m pipeline plan` from pipeline/run/graph.py: do not edit.",
        f"DOC_IDS := {' '.join(doc.doc_id for doc in docs)}",
        f"DOC_STATUS := {' '.join(str(interim / doc.doc_id / STATUS_FILE) for doc in docs)}",
    ]
    for doc in docs:
        inputs = [str(source_link(doc)) if name == SOURCE else str(doc.path(name)) for name in external]
        out.append(f"{doc.path(STATUS_FILE)}: {' '.join(inputs)} $(CODE)")
        out.append(f"\t@echo {doc.doc_id} >> $(QUEUE)")
    return "\n".join(out) + "\n"
