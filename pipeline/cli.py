"""Command line: `python -m pipeline <command> …` (also installed as `dxplans`).

`make all` runs `plan` (name the documents, write data/interim/docs.mk), `build` (the out-of-date
documents through every stage, in worker processes), `publish` and `summary`. Each stage of the graph is
also a command that runs on one document's interim directory by hand; `run` does everything for given
files. A document that cannot be used gets one line `error: <raw file>: <reason>`; the others go on.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from pipeline.config.documents import DocumentSpec, assign_ids, discover_documents
from pipeline.config.vocabulary import config_problems
from pipeline.errors import InputError
from pipeline.evaluation.bench import run_bench, run_bench_corpus
from pipeline.evaluation.gold import evaluate_corpus, format_comparison, format_report, strip_markup
from pipeline.evaluation.micro import format_pooled
from pipeline.evaluation.real import (
    TEXT_ENGINES,
    evaluate_real,
    extract_plain_text,
    format_outline_only,
    format_real,
)
from pipeline.io import write_json, write_text
from pipeline.report.build import build_report
from pipeline.run.database import query
from pipeline.run.graph import STAGES, process_document, run_stage
from pipeline.run.planning import doc_for, planned_docs, prepare
from pipeline.run.publish import print_summary, publish
from pipeline.run.retry import retry
from pipeline.run.runner import default_jobs, quiet_libraries, read_queue
from pipeline.run.runner import run as run_documents
from pipeline.run.stages import CONFIG_FILE, Doc
from pipeline.run.supervisor import Limits, limits_from, memory_size

EXIT_INPUT_ERROR = 2
EXIT_INTERRUPTED = 130


def cmd_plan(args: argparse.Namespace) -> int:
    discovery = discover_documents(args.raw, args.config)
    for problem in discovery.problems:
        print(f"error: {problem}", file=sys.stderr)
    for warning in discovery.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for name, reason in discovery.skipped.items():
        print(f"skipped: {args.raw / name}: {reason}", file=sys.stderr)
    prepare([doc_for(spec, args.raw, args.interim) for spec in discovery.specs], args.interim, discovery)
    return 0


TIMEOUT_HELP = "seconds a document may take before it is stopped (0: no limit; build's default: 300)"
MEMORY_HELP = "address space a worker may use, such as 8G (0: no limit; build's default: 8G)"
SCHEDULER_HELP = "run the documents on this Dask scheduler (tcp://host:8786) instead of local workers"


def cmd_retry(args: argparse.Namespace) -> int:

    for line in retry(args.interim, args.timeout):
        print(line, file=sys.stderr)
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """The documents make queued (or all planned ones) through every stage, `--jobs` at a time."""
    docs = planned_docs(args.interim)
    if args.queue:
        wanted = set(read_queue(args.queue, (doc.doc_id for doc in docs)))
        docs = [doc for doc in docs if doc.doc_id in wanted]
    if docs:
        run_documents(
            docs,
            args.jobs,
            log=args.interim / "run.log",
            scheduler=args.scheduler,
            limits=limits_from(args.timeout, args.memory, Limits()),
        )
    if args.queue:
        args.queue.unlink(missing_ok=True)
    return 0


def _stage_command(stage_name: str):
    def handler(args: argparse.Namespace) -> int:
        quiet_libraries()
        directory = args.doc_dir
        if args.raw is not None:
            doc = Doc(directory.name, directory, args.raw, args.raw.name)
            directory.mkdir(parents=True, exist_ok=True)
            doc.save()
        elif not (directory / CONFIG_FILE).exists():
            print(f"error: {directory}: no {CONFIG_FILE}; give --raw the plan file", file=sys.stderr)
            return EXIT_INPUT_ERROR
        doc = Doc.load(directory)
        stage = next(stage for stage in STAGES if stage.name == stage_name)
        try:
            print(f"{doc.doc_id}: {stage.name}: {run_stage(stage, doc)}", file=sys.stderr)
        except InputError as exc:
            print(f"error: {doc.source}: {exc}", file=sys.stderr)
            return EXIT_INPUT_ERROR
        return 0

    return handler


def cmd_run(args: argparse.Namespace) -> int:
    """All stages for the given files (any names, any folders), published into --output."""
    interim = args.output / "interim"
    names = [path.name for path in args.files]
    docs = []
    for (doc_id, _), path in zip(assign_ids(names), args.files, strict=True):
        spec = DocumentSpec(doc_id, path.name)
        docs.append(doc_for(spec, None, interim, source=path))
    seen: set[str] = set()
    for index, doc in enumerate(docs):  # the same name in two folders
        if doc.doc_id in seen:
            doc_id = f"{doc.doc_id}-{index + 1}"
            docs[index] = replace(doc, doc_id=doc_id, directory=interim / doc_id)
        seen.add(docs[index].doc_id)
    prepare(docs, interim)
    limits = limits_from(args.timeout, args.memory, None)
    if args.jobs > 1 or args.scheduler or limits is not None:
        run_documents(docs, args.jobs, progress=False, scheduler=args.scheduler, limits=limits)
    else:
        quiet_libraries()
        for doc in docs:
            outcome = process_document(doc)
            if not outcome.ok:
                print(f"error: {outcome.source}: {outcome.reason}", file=sys.stderr)
    if not _publish(interim, args.output):
        return EXIT_INPUT_ERROR
    return print_summary(args.output)


def _publish(interim: Path, out: Path) -> bool:
    """Tables, database, manifest and report as one release; a failure is one line and keeps the
    tables published before."""
    try:
        publish(interim, out, finish=lambda staged: build_report(staged, interim, published=out))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"error: publishing to {out} failed: {reason}; the tables published before are kept",
            file=sys.stderr,
        )
        return False
    return True


def cmd_publish(args: argparse.Namespace) -> int:
    return 0 if _publish(args.interim, args.output) else EXIT_INPUT_ERROR


def cmd_report(args: argparse.Namespace) -> int:

    print(f"report: {build_report(args.processed, args.interim)}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    return print_summary(args.processed)


def cmd_eval(args: argparse.Namespace) -> int:

    report = evaluate_corpus(args.processed, args.gold)
    if args.pooled:
        print(format_pooled(report, args.pooled, args.together))
        return 0
    print(format_report(report))
    if args.compare:
        print()
        print(format_comparison(report, evaluate_corpus(args.compare, args.gold), label=args.label))
    if args.plain_text:
        print("\nThe same plans as plain text (markdown '#' and '**' removed), against the marked-up text:")
        print(format_comparison(_plain_text_report(args), report, tolerance=0.02, label="marked"))
    if args.json:
        write_json(report, args.json)
    return 0


def _plain_text_report(args: argparse.Namespace) -> dict:

    scratch = args.plain_text
    raw = scratch / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    files = []
    for source in sorted(args.raw.iterdir()):
        if source.suffix.lower() in (".txt", ".md", ".text"):
            target = raw / source.name
            write_text(strip_markup(source.read_text(encoding="utf-8", errors="replace")), target)
            files.append(target)
    run_args = ["run", *map(str, files), "-o", str(scratch / "out"), "--jobs", str(default_jobs())]
    with contextlib.redirect_stdout(io.StringIO()):
        cmd_run(build_parser().parse_args(run_args))
    return evaluate_corpus(scratch / "out", args.gold)


def cmd_eval_real(args: argparse.Namespace) -> int:

    pdfs = sorted(args.reference.glob("*.pdf"))
    if not pdfs:
        print(f"error: {args.reference}: no PDFs to evaluate", file=sys.stderr)
        return EXIT_INPUT_ERROR
    run_args = ["run", *map(str, pdfs), "-o", str(args.output), "--jobs", str(args.jobs)]
    with contextlib.redirect_stdout(io.StringIO()):
        cmd_run(build_parser().parse_args(run_args))
    report = evaluate_real(args.output, args.reference)
    print(format_real(report))
    for engine in TEXT_ENGINES if args.plain_text else ():
        scratch = args.plain_text / engine.lower()
        texts = extract_plain_text(pdfs, scratch / "raw", engine)
        run_args = ["run", *map(str, texts), "-o", str(scratch / "out"), "--jobs", str(args.jobs)]
        with contextlib.redirect_stdout(io.StringIO()):
            cmd_run(build_parser().parse_args(run_args))
        print(f"\nThe same PDFs as the plain text {engine} extracts (no typography, lines broken at the")
        print("margin, running headers and page numbers in the flow):\n")
        report[f"plain_text_{engine}"] = evaluate_real(scratch / "out", args.reference)
        print(format_outline_only(report[f"plain_text_{engine}"]))
    if args.json:
        write_json(report, args.json)
    return 0


def cmd_bench_corpus(args: argparse.Namespace) -> int:

    return run_bench_corpus(args.raw, args.realpdf)


def cmd_bench(args: argparse.Namespace) -> int:

    return run_bench(args.raw, args.config, args.pdfs, args.scans)


def cmd_sql(args: argparse.Namespace) -> int:

    try:
        print(query(args.processed, args.statement))
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    _add_run_commands(add)
    _add_evaluation_commands(add)
    return parser


Add = Callable[[str, Callable[[argparse.Namespace], int], str], argparse.ArgumentParser]


def _add_run_commands(add: Add) -> None:
    """The commands that plan, build, publish and report a corpus, and one stage by hand."""
    p = add("plan", cmd_plan, "list the documents to process and write data/interim/docs.mk")
    p.add_argument("--raw", type=Path, default=Path("data/raw"))
    p.add_argument("--config", type=Path, default=Path("configs/documents.yaml"))
    p.add_argument("--interim", type=Path, default=Path("data/interim"))

    p = add(
        "retry", cmd_retry, "forget the outcome of documents stopped by a lower time limit than --timeout"
    )
    p.add_argument("--interim", type=Path, default=Path("data/interim"))
    p.add_argument("--timeout", type=float, help=TIMEOUT_HELP)

    p = add("build", cmd_build, "run the planned (or queued) documents through every stage")
    p.add_argument("--interim", type=Path, default=Path("data/interim"))
    p.add_argument("--queue", type=Path, help="a file of doc ids that make found out of date")
    p.add_argument("-j", "--jobs", type=int, default=default_jobs(), help="worker processes (default: cores)")
    p.add_argument("--scheduler", help=SCHEDULER_HELP)
    p.add_argument("--timeout", type=float, help=TIMEOUT_HELP)
    p.add_argument("--memory", type=memory_size, help=MEMORY_HELP)

    for stage in STAGES:
        p = add(stage.name, _stage_command(stage.name), f"{stage.help} (one document, by hand)")
        p.add_argument("doc_dir", type=Path, help="the document's interim directory (data/interim/<doc_id>)")
        p.add_argument("--raw", type=Path, help="the raw plan file (writes the directory's config.json)")

    p = add("publish", cmd_publish, "interim per-document files -> data/processed/*.parquet + manifest.json")
    p.add_argument("--interim", type=Path, default=Path("data/interim"))
    p.add_argument("-o", "--output", type=Path, default=Path("data/processed"))

    p = add("summary", cmd_summary, "print the last run's summary; exit 1 if any document failed")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))

    p = add("sql", cmd_sql, "run one SQL statement on data/processed/dxplans.duckdb (read-only) and print it")
    p.add_argument("statement", help='e.g. "SELECT * FROM measures_by_category LIMIT 5"')
    p.add_argument("--processed", type=Path, default=Path("data/processed"))

    p = add("report", cmd_report, "write the offline HTML report (index.html and a page per plan)")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--interim", type=Path, default=Path("data/interim"))

    p = add("run", cmd_run, "every stage for the given plan files, published into --output")
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("-j", "--jobs", type=int, default=1, help="worker processes (default: 1, in-process)")
    p.add_argument("--scheduler", help=SCHEDULER_HELP)
    p.add_argument("--timeout", type=float, help=TIMEOUT_HELP)
    p.add_argument("--memory", type=memory_size, help=MEMORY_HELP)


def _add_evaluation_commands(add: Add) -> None:
    """The commands that score and time the pipeline."""
    p = add("eval", cmd_eval, "score data/processed against the reference annotations")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--gold", type=Path, default=Path("tests/gold"))
    p.add_argument("--json", type=Path, help="also write the scores as JSON here")
    p.add_argument("--compare", type=Path, help="another processed directory to compare F1 with")
    p.add_argument("--label", default="text", help="what --compare holds, for the comparison's header")
    p.add_argument(
        "--plain-text", type=Path, help="scratch directory: also score the plans with markup removed"
    )
    p.add_argument("--raw", type=Path, default=Path("data/raw"), help="the plans for --plain-text")
    p.add_argument(
        "--pooled", metavar="TITLE", help="print only scores pooled by file-name group (deck_…, sheet_…)"
    )
    p.add_argument("--together", action="store_true", help="with --pooled: every document in one group")

    p = add("eval-real", cmd_eval_real, "run the real PDFs and score outlines and terms against their gold")
    p.add_argument("--reference", type=Path, default=Path("../shared/realpdf"))
    p.add_argument("-o", "--output", type=Path, default=Path("data/interim/realpdf"))
    p.add_argument("-j", "--jobs", type=int, default=default_jobs())
    p.add_argument("--json", type=Path, help="also write the scores as JSON here")
    p.add_argument(
        "--plain-text",
        type=Path,
        help="scratch directory: also score the PDFs as other engines' plain text",
    )

    p = add(
        "bench-corpus",
        cmd_bench_corpus,
        "throughput on a synthetic corpus of 200+ documents, 1 and 2 workers",
    )
    p.add_argument("--raw", type=Path, default=Path("data/raw"))
    p.add_argument("--realpdf", type=Path, default=Path("../shared/realpdf"))

    p = add("bench", cmd_bench, "wall time and peak memory on the bundled corpus")
    p.add_argument("--raw", type=Path, default=Path("data/raw"))
    p.add_argument("--config", type=Path, default=Path("configs/documents.yaml"))
    p.add_argument("--pdfs", type=Path, nargs="*", default=[], help="PDFs to time ingestion on")
    p.add_argument("--scans", type=Path, nargs="*", default=[], help="scanned PDFs to time OCR on")


# Commands that read documents: a shared config file that does not fit its schema stops them before any
# document is read, with one line per problem, instead of failing every document alike.
READS_DOCUMENTS = {
    "plan",
    "build",
    "run",
    "eval-real",
    "bench",
    "bench-corpus",
    *(stage.name for stage in STAGES),
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in READS_DOCUMENTS and (problems := config_problems()):
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    try:
        return args.handler(args)
    except KeyboardInterrupt:
        print(
            "interrupted: finished files are kept, no partial file is left; run again to go on",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
