"""Worker processes under supervision: a document that runs past its time limit is stopped, a worker
that dies (the OOM killer, a crash in a C extension, an operator's kill) costs only its document, and
Ctrl-C stops every worker before the prompt returns.

Each worker is a long-lived process (GiNZA is loaded once per worker, on its first document) that takes
one document at a time over a pipe and reports each stage as it starts, so that a timeout names the
stage, and each page it starts to read by OCR, which widens its document's time limit. Workers ignore SIGINT: the supervisor alone decides, and stops them. A worker's address space
is capped (RLIMIT_AS), so a document that needs more memory fails with a MemoryError in its own worker
instead of taking the machine down.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import resource
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from pipeline.run.graph import Outcome, process_document, record
from pipeline.run.stages import Doc

# Real plans take seconds (a 2,000-page PDF about 20 s); five minutes is a document gone wrong.
DEFAULT_TIMEOUT = 300.0
RETRY_HINT = 900  # seconds, the higher limit a stopped document's message suggests
# A worker holds GiNZA and one document: under 1 GiB resident, about 2.5 GiB of address space.
DEFAULT_MEMORY = 8 << 30
# A page read by OCR takes Tesseract a quarter of a minute or so: each such page a document reads adds
# this much to its time limit, which so stays bounded by the document's size.
OCR_PAGE_SECONDS = 90.0
# How long a stopped worker has to exit before it is killed.
GRACE_SECONDS = 2.0


@dataclass(frozen=True)
class Limits:
    """Per document: `seconds` of wall time; per worker: `memory` bytes of address space (None: none)."""

    seconds: float | None = DEFAULT_TIMEOUT
    memory: int | None = DEFAULT_MEMORY


def limits_from(timeout: float | None, memory: int | None, default: Limits | None) -> Limits | None:
    """A run's limits: the defaults where neither option is given, each option overriding its own
    (0: none)."""
    if timeout is None and memory is None:
        return default
    base = default or Limits(None, None)
    seconds = base.seconds if timeout is None else (timeout or None)
    return Limits(seconds, base.memory if memory is None else (memory or None))


def memory_size(text: str) -> int:
    """'8G', '512M', '1.5GiB' or a number of bytes; 0 or 'none' for no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:I?B)?\s*", text.upper())
    if text.strip().lower() == "none":
        return 0
    if match is None:
        raise argparse.ArgumentTypeError(f"not a memory size: {text!r} (say 8G, 512M or a number of bytes)")
    return int(float(match.group(1)) * (1 << (10 * " KMGT".index(match.group(2) or " "))))


def _worker(connection: Connection, limits: Limits, initialise: Callable[[], None]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if limits.memory:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    initialise()
    while (directory := connection.recv()) is not None:
        doc = Doc.load(Path(directory))
        outcome = process_document(
            doc,
            lambda name: connection.send(("stage", name)),
            limits.seconds,
            lambda index: connection.send(("ocr_page", index)),
        )
        connection.send(("done", outcome))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    doc: Doc | None = None
    started: float = 0.0
    stage: str = "start"
    allowance: float = 0.0  # seconds its document has beyond the limit, for the pages it reads by OCR


class Supervisor:
    """Up to `jobs` workers; `outcomes` yields each document's outcome as it ends."""

    def __init__(self, jobs: int, limits: Limits, initialise: Callable[[], None]) -> None:
        self.jobs, self.limits, self.initialise = jobs, limits, initialise
        self.context = get_context("fork")
        self.idle: list[_Worker] = []
        self.busy: list[_Worker] = []

    def _spawn(self) -> _Worker:
        parent, child = self.context.Pipe()
        process = self.context.Process(
            target=_worker, args=(child, self.limits, self.initialise), daemon=True
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def _start(self, doc: Doc) -> None:
        worker = self.idle.pop() if self.idle else self._spawn()
        worker.doc, worker.started, worker.stage, worker.allowance = doc, time.monotonic(), "start", 0.0
        worker.connection.send(str(doc.directory))
        self.busy.append(worker)

    def outcomes(self, docs: list[Doc]) -> Iterator[Outcome]:
        pending = deque(docs)
        try:
            while pending or self.busy:
                while pending and len(self.busy) < self.jobs:
                    self._start(pending.popleft())
                yield from self._step()
        finally:
            self.stop()

    def _step(self) -> Iterator[Outcome]:
        """Wait for a message, a dead worker or the nearest deadline; yield what ended."""
        waitables = [w.connection for w in self.busy] + [w.process.sentinel for w in self.busy]
        wait(waitables, timeout=self._until_deadline())
        for worker in list(self.busy):
            outcome = self._read(worker)
            if outcome is None and not worker.process.is_alive():
                outcome = self._failed(worker, f"the worker died ({_signal_name(worker.process.exitcode)})")
            elif outcome is None and self._overdue(worker):
                seconds = time.monotonic() - worker.started
                outcome = self._failed(
                    worker,
                    f"stopped after {seconds:.0f} s (time limit) in {worker.stage}; "
                    f"to retry it, run again with a higher limit (make all DOC_TIMEOUT={RETRY_HINT})",
                    time_limit=self.limits.seconds,
                )
            if outcome is not None:
                yield outcome

    def _read(self, worker: _Worker) -> Outcome | None:
        try:
            while worker.connection.poll():
                kind, value = worker.connection.recv()
                if kind == "stage":
                    worker.stage = value
                elif kind == "ocr_page":
                    worker.allowance += OCR_PAGE_SECONDS
                else:
                    self.busy.remove(worker)
                    self.idle.append(worker)
                    return value
        except (EOFError, OSError):
            pass
        return None

    def _overdue(self, worker: _Worker) -> bool:
        limit = self.limits.seconds
        return limit is not None and time.monotonic() - worker.started > limit + worker.allowance

    def _until_deadline(self) -> float | None:
        if self.limits.seconds is None or not self.busy:
            return None
        now = time.monotonic()
        return max(0.0, min(w.started + self.limits.seconds + w.allowance - now for w in self.busy)) + 0.05

    def _failed(self, worker: _Worker, reason: str, time_limit: float | None = None) -> Outcome:
        """Stop the worker, record its document as failed, and forget the worker (a new one replaces it)."""
        self.busy.remove(worker)
        _stop(worker)
        doc = worker.doc
        record(doc, reason, [], time_limit)
        return Outcome(
            doc.doc_id, str(doc.source), False, reason, time.monotonic() - worker.started, None, ()
        )

    def stop(self) -> None:
        """Every worker stopped: idle ones told to exit, busy ones killed (Ctrl-C, or the run's end)."""
        for worker in self.idle:
            with contextlib.suppress(OSError, ValueError):
                worker.connection.send(None)
        for worker in self.busy:
            worker.process.kill()
        for worker in self.idle + self.busy:
            _stop(worker)
        self.idle, self.busy = [], []


def _stop(worker: _Worker) -> None:
    worker.process.join(GRACE_SECONDS)
    if worker.process.is_alive():
        worker.process.kill()
        worker.process.join()
    worker.connection.close()


def _signal_name(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        with contextlib.suppress(ValueError):
            return f"killed by {signal.Signals(-exitcode).name}"
    return f"exit status {exitcode}"
