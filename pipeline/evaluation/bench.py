"""`make bench`: the whole build timed beside a naive full-GiNZA pass, the no-op, PDF pages per second,
seconds per page of OCR on office scans, GiNZA loads and peak memory per worker. Timings live here, never in tests.

Each measurement runs in a scratch copy through the same code `make all` runs (plan, the runner's worker
processes, publish), so the numbers are the ones a researcher sees.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pipeline.config.documents import discover_documents
from pipeline.evaluation.growth import report_growth
from pipeline.readers.pdf.engines import ENGINES
from pipeline.readers.pdf.reader import read_pdf_lines
from pipeline.run.runner import quiet_libraries

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _make_all(raw: Path, scratch: Path, config: Path, jobs: int) -> float:
    started = time.perf_counter()
    subprocess.run(
        [
            "make",
            "--no-print-directory",
            "-C",
            str(PROJECT_ROOT),
            "all",
            f"RAW={raw}",
            f"DOCUMENTS={config}",
            f"INTERIM={scratch / 'interim'}",
            f"PROCESSED={scratch / 'processed'}",
            f"JOBS={jobs}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    return time.perf_counter() - started


def _naive_ginza(texts: list[str]) -> float:
    """Load the model and parse every non-empty line: what the pipeline must cost a fraction of."""
    code = (
        "import sys, spacy\n"
        "nlp = spacy.load('ja_ginza')\n"
        "lines = [l for l in sys.stdin.read().splitlines() if l.strip()]\n"
        "for _ in nlp.pipe(lines, batch_size=64): pass\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], input="\n".join(texts), text=True, check=True)
    return time.perf_counter() - started


def _pdf_rate(pdfs: list[Path], engine: str, passes: int = 2) -> tuple[int, float]:
    """Pages and seconds of the best of `passes` reads of every PDF with `engine` (engines.ENGINES): a
    worker reads many documents, so the fonts' character maps, loaded once per process, are warm as in
    a corpus run."""

    quiet_libraries()
    previous = os.environ.get("PDF_ENGINE")
    os.environ["PDF_ENGINE"] = engine
    best = (0, float("inf"))
    try:
        for _ in range(passes):
            pages, started = 0, time.perf_counter()
            for pdf in pdfs:
                try:
                    pages += read_pdf_lines(pdf)[1]
                except Exception as exc:  # a broken PDF in the list is reported, not fatal to the bench
                    print(f"ingest-pdf {pdf.name}: {exc}", file=sys.stderr)
            best = min(best, (pages, time.perf_counter() - started), key=lambda r: r[1])
    finally:
        if previous is None:
            os.environ.pop("PDF_ENGINE", None)
        else:
            os.environ["PDF_ENGINE"] = previous
    return best


def _raw_pdfium_rate(pdfs: list[Path]) -> tuple[int, float]:
    """Pages and seconds of PDFium's own work on the PDFs: each page loaded, its text page built and its
    characters counted, its objects listed. What the reader's rate is measured against."""
    import pypdfium2

    pages, started = 0, time.perf_counter()
    for pdf in pdfs:
        document = pypdfium2.PdfDocument(str(pdf))
        for page in document:
            page.get_textpage().count_chars()
            sum(1 for _ in page.get_objects())
            pages += 1
        document.close()
    return pages, time.perf_counter() - started


def _ocr_rate(scans: list[Path]) -> tuple[int, float]:
    """Pages and seconds of reading the scans by OCR in this process (one core), with an empty page
    cache, so that every page is recognised: the models' loading once per process is counted in."""
    quiet_libraries()
    previous = os.environ.get("DXPLANS_OCR_CACHE")
    with tempfile.TemporaryDirectory(prefix="dxplans-ocr-bench-") as cache:
        os.environ["DXPLANS_OCR_CACHE"] = cache
        try:
            pages, started = 0, time.perf_counter()
            for scan in scans:
                pages += read_pdf_lines(scan)[1]
            return pages, time.perf_counter() - started
        finally:
            if previous is None:
                os.environ.pop("DXPLANS_OCR_CACHE", None)
            else:
                os.environ["DXPLANS_OCR_CACHE"] = previous


def run_bench(raw_dir: Path, config: Path, pdfs: list[Path], scans: list[Path] = ()) -> int:
    specs = discover_documents(raw_dir, config).specs
    texts = []
    for spec in specs:
        path = raw_dir / spec.source_file
        if path.suffix.lower() != ".pdf":
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    with tempfile.TemporaryDirectory(prefix="dxplans-bench-") as scratch_dir:
        scratch = Path(scratch_dir)
        jobs = len(os.sched_getaffinity(0))
        build = _make_all(raw_dir, scratch, config, jobs)
        noop = _make_all(raw_dir, scratch, config, jobs)
        log = (scratch / "interim" / "run.log").read_text(encoding="utf-8").splitlines()
        loads: dict[str, int] = {}
        for line in log:
            fields = dict(part.split("=", 1) for part in line.split("\t") if "=" in part)
            loads[fields["pid"]] = max(loads.get(fields["pid"], 0), int(fields["ginza_loads"]))
        shutil.rmtree(scratch / "interim")
        serial = _make_all(raw_dir, scratch, config, 1)
    naive = _naive_ginza(texts) if texts else float("nan")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"make all, clean, {jobs} workers   {build:7.1f} s   ({len(specs)} documents)")
    print(f"make all, clean, 1 worker     {serial:7.1f} s   (speed-up {serial / build:.2f}x)")
    print(f"naive full-GiNZA pass          {naive:7.1f} s   (make all / naive = {build / naive:.2f})")
    print(f"make all, no-op                {noop:7.2f} s")
    print(f"GiNZA loads per run            {sum(loads.values())} ({len(loads)} worker processes)")
    print(f"peak RSS of any process        {peak:7.0f} MiB")
    if pdfs:
        pages, seconds = _raw_pdfium_rate(pdfs)
        raw_rate = pages / seconds
        print(f"raw PDFium (text page, objects) {raw_rate:6.1f} pages/s ({pages} pages, 1 core)")
        for engine in ENGINES:
            pages, seconds = _pdf_rate(pdfs, engine)
            print(
                f"PDF ingestion, {engine:<10}     {pages / seconds:7.1f} pages/s ({pages} pages, 1 core, best of 2; "
                f"{pages / seconds / raw_rate:.2f} of raw PDFium)"
            )
    if scans:
        pages, seconds = _ocr_rate(list(scans))
        print(
            f"OCR of office scans            {seconds / pages:7.1f} s/page  ({pages} pages, 1 core, cache empty)"
        )
    plans = sorted(raw_dir / spec.source_file for spec in specs if spec.source_file.endswith(".txt"))
    if plans:
        report_growth(min(plans, key=lambda p: p.stat().st_size))
    return 0


NATIONAL_PLANS = 1741
PAGES_PER_PLAN = 40
MIN_CORPUS = 200


def _corpus(raw_dir: Path, realpdf: Path, target: Path) -> int:
    """The bundled plans and the real PDFs copied under distinct names until there are MIN_CORPUS, each
    copy a byte apart (blank lines at a text's end, a comment after a PDF's end): byte-identical copies
    would be read once."""
    sources = sorted(p for p in raw_dir.iterdir() if p.suffix.lower() in (".txt", ".md", ".pdf"))
    sources += sorted(realpdf.glob("*.pdf")) if realpdf.exists() else []
    copies = -(-MIN_CORPUS // len(sources))
    target.mkdir(parents=True)
    for copy in range(copies):
        for source in sources:
            copied = target / f"{source.stem}-copy{copy:02d}{source.suffix}"
            shutil.copyfile(source, copied)
            with copied.open("ab") as handle:
                handle.write(
                    b"\n" * (copy + 1) if source.suffix.lower() != ".pdf" else b"\n%% copy %d\n" % copy
                )
    return copies * len(sources)


def _run_log(scratch: Path) -> list[dict[str, str]]:
    rows = []
    for line in (scratch / "interim" / "run.log").read_text(encoding="utf-8").splitlines():
        rows.append(dict(part.split("=", 1) for part in line.split("\t") if "=" in part))
    return rows


def run_bench_corpus(raw_dir: Path, realpdf: Path) -> int:
    """`make bench-corpus`: documents/min and pages/s with 1 and 2 workers on a synthetic corpus of at
    least MIN_CORPUS documents, the speed-up, and a projection for the national corpus."""
    with tempfile.TemporaryDirectory(prefix="dxplans-corpus-") as scratch_dir:
        scratch = Path(scratch_dir)
        documents = _corpus(raw_dir, realpdf, scratch / "raw")
        empty = scratch / "documents.yaml"
        empty.write_text("documents: []\n", encoding="utf-8")
        results = {}
        for jobs in (1, 2):
            run = scratch / f"run{jobs}"
            seconds = _make_all(scratch / "raw", run, empty, jobs)
            log = _run_log(run)
            pages = sum(int(row.get("pages", 0)) for row in log)
            results[jobs] = (seconds, pages, log)
            print(
                f"{jobs} worker(s): {documents} documents in {seconds:7.1f} s   "
                f"{documents / seconds * 60:6.1f} documents/min   {pages / seconds:5.1f} pages/s (PDF pages)"
            )
        (one, _, _), (two, pages, log) = results[1], results[2]
        pdf_seconds = sum(float(row["seconds"]) for row in log if int(row.get("pages", 0)))
        per_page = pdf_seconds / pages if pages else float("nan")
        national = NATIONAL_PLANS * PAGES_PER_PLAN * per_page / 2
        print(f"speed-up with 2 workers: {one / two:.2f}x")
        print(
            f"projection: {NATIONAL_PLANS} plans x {PAGES_PER_PLAN} pages = {NATIONAL_PLANS * PAGES_PER_PLAN} pages at "
            f"{per_page:.3f} worker-s/page on 2 workers: {national / 3600:.2f} h"
        )
    return 0
