"""The runner: documents through all their stages inside long-lived worker processes.

One worker per core by default. A worker imports the pipeline once and loads GiNZA at most once (on the
first document that needs it, through `pipeline.language.nlp`), so the model is loaded once per worker, never
once per document or per stage. Library log noise (pdfminer's font messages) is silenced in every
worker: what matters reaches the user as the document's warnings and errors, once.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.run.graph import Outcome, process_document
from pipeline.run.stages import Doc
from pipeline.run.supervisor import Limits, Supervisor

NOISY_LOGGERS = ("pdfminer", "pdfplumber", "spacy", "ginza", "sudachipy", "PIL")


def quiet_libraries() -> None:
    """Keep third-party log lines and warnings off the terminal."""
    for name in NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore")


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _process_quietly(directory: str) -> Outcome:
    quiet_libraries()
    return process_document(Doc.load(Path(directory)))


def _distributed(order: list[Doc], scheduler: str) -> Iterator[Outcome]:
    """The same per-document function on a Dask cluster (its workers must see the same paths). Each
    worker process keeps its GiNZA model between documents, as the local pool's workers do."""
    from distributed import Client
    from distributed import as_completed as completed

    with Client(scheduler) as client:
        futures = client.map(_process_quietly, [str(doc.directory) for doc in order], pure=False)
        for future in completed(futures):
            yield future.result()


def outcomes(
    docs: list[Doc], jobs: int, scheduler: str | None = None, limits: Limits | None = None
) -> Iterator[Outcome]:
    """Outcomes in completion order; documents are started largest first so that the pool ends together.
    With `limits` (or more than one job) each document runs in a supervised worker process, stopped at
    its time limit and isolated from the others' crashes; with one job and no limits, in this process.
    With `scheduler` (a Dask scheduler's address, tcp://host:8786) they run on that cluster instead."""
    order = sorted(docs, key=lambda doc: -_size(doc.source))
    if scheduler:
        yield from _distributed(order, scheduler)
    elif limits is None and (jobs <= 1 or len(order) <= 1):
        quiet_libraries()
        for doc in order:
            yield process_document(doc)
    else:
        supervisor = Supervisor(max(1, min(jobs, len(order))), limits or Limits(), quiet_libraries)
        yield from supervisor.outcomes(order)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def run(
    docs: list[Doc],
    jobs: int,
    log: Path | None = None,
    progress: bool | None = None,
    scheduler: str | None = None,
    limits: Limits | None = None,
) -> list[Outcome]:
    """Process `docs`; one error line per failed document on stderr, one log line per document."""
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    done: list[Outcome] = []
    pages = 0
    bar = tqdm(total=len(docs), unit="doc", disable=not show, file=sys.stderr, dynamic_ncols=True)
    log_handle = log.open("a", encoding="utf-8") if log else None
    stream = outcomes(docs, jobs, scheduler, limits)
    try:
        for outcome in stream:
            done.append(outcome)
            pages += outcome.pages or 0
            if not outcome.ok:
                bar.write(f"error: {outcome.source}: {outcome.reason}", file=sys.stderr)
            if log_handle:
                status = "ok" if outcome.ok else f"FAILED: {outcome.reason}"
                fields = [
                    outcome.doc_id,
                    f"seconds={outcome.seconds:.1f}",
                    f"pages={outcome.pages or 0}",
                    f"pid={outcome.pid}",
                    f"ginza_loads={outcome.model_loads}",
                    status,
                    "; ".join(outcome.messages),
                ]
                log_handle.write("\t".join(fields) + "\n")
                log_handle.flush()
            elapsed = bar.format_dict["elapsed"] or 1e-9
            bar.set_postfix_str(f"{pages / elapsed:.1f} pages/s", refresh=False)
            bar.update(1)
    finally:
        stream.close()  # its workers stopped now, even when Ctrl-C came while this loop body ran
        bar.close()
        if log_handle:
            log_handle.close()
    return sorted(done, key=lambda outcome: outcome.doc_id)


def read_queue(queue: Path, known: Iterable[str]) -> list[str]:
    """Doc ids make queued (one per line), known to the current plan, each once, in order."""
    if not queue.exists():
        return []
    known = set(known)
    seen: dict[str, None] = {}
    for line in queue.read_text(encoding="utf-8").splitlines():
        if line.strip() in known:
            seen.setdefault(line.strip(), None)
    return list(seen)
