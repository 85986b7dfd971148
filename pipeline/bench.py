"""`make bench`: wall time and peak memory per stage on the bundled corpus, one line per stage.

Every stage runs as its own process per document, exactly as the Makefile runs it, in a scratch
directory; peak memory is the largest resident set of that stage's processes (os.wait4 rusage).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .cli import stage_commands
from .config import discover_documents
from .io import read_rows, write_json


def _run(args: list[str]) -> tuple[float, int, int]:
    """(wall seconds, peak RSS in KiB, exit status) of one pipeline command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def run_bench(raw_dir: Path, config: Path, pdfs: list[Path]) -> int:
    specs = discover_documents(raw_dir, config)
    totals: dict[str, list[float]] = {}
    pages = 0
    with tempfile.TemporaryDirectory(prefix="dxplans-bench-") as scratch:
        for spec in specs:
            raw = raw_dir / spec.source_file
            doc_dir = Path(scratch) / spec.doc_id
            config = doc_dir / "config.json"
            write_json(spec.as_dict(), config)
            for args in stage_commands(raw, spec.doc_id, doc_dir, spec.source_file, config):
                stage = args[0]
                wall, peak, status = _run(args)
                if status != 0:
                    print(f"{stage:10} {spec.doc_id}: failed (exit {status})", file=sys.stderr)
                    break
                entry = totals.setdefault(stage, [0.0, 0, 0])
                entry[0] += wall
                entry[1] = max(entry[1], peak)
                entry[2] += 1
            lines_path = doc_dir / "lines.parquet"
            if lines_path.exists():
                pages += len({row["page"] for row in read_rows(lines_path) if row["page"] is not None})
        pdf_pages, pdf_wall, pdf_peak = 0, 0.0, 0
        for pdf in pdfs:
            out = Path(scratch) / "pdf" / f"{pdf.stem}.parquet"
            wall, peak, status = _run(["ingest", str(pdf), "-o", str(out)])
            if status == 0:
                pdf_pages += len({row["page"] for row in read_rows(out)})
                pdf_wall, pdf_peak = pdf_wall + wall, max(pdf_peak, peak)
    for stage, (wall, peak, count) in totals.items():
        rate = f"  {pages / wall:.1f} pages/s" if stage == "ingest" and pages else ""
        print(f"{stage:10} wall {wall:6.2f}s  peak {peak / 1024:6.0f} MiB  ({count} documents){rate}")
    if pdf_pages:
        print(
            f"{'ingest-pdf':10} wall {pdf_wall:6.2f}s  peak {pdf_peak / 1024:6.0f} MiB  "
            f"({len(pdfs)} PDFs, {pdf_pages} pages)  {pdf_pages / pdf_wall:.1f} pages/s"
        )
    return 0
