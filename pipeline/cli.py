"""Command line: `python -m pipeline <stage> …` (also installed as `dxplans`).

The Makefile calls one stage per document per command; `run` does every stage for given files by hand.
A stage that cannot use its input prints one line `error: <file>: <reason>`, records the reason in the
document's interim directory for the run summary, and exits with status 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from . import stages
from .config import ConfigError, DocumentSpec, discover_documents
from .errors import InputError
from .io import read_json, write_json
from .publish import ERROR_FILE, print_summary, publish

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 3


def _progress(stage: str, doc_id: str, message: str, started: float) -> None:
    print(f"[{stage:9}] {doc_id}: {message} ({time.monotonic() - started:.1f}s)", file=sys.stderr, flush=True)


def _run_stage(stage: str, doc_id: str, source: Path, doc_dir: Path, action: Callable[[], str]) -> None:
    """Run one stage for one document; on failure record why and exit with a one-line error."""
    started = time.monotonic()
    try:
        message = action()
    except InputError as exc:
        _fail(doc_dir, source, str(exc), EXIT_INPUT_ERROR)
    except Exception as exc:  # a bug must not leave a half-built document looking complete
        _fail(doc_dir, source, f"internal error in {stage}: {type(exc).__name__}: {exc}", EXIT_INTERNAL_ERROR)
    _progress(stage, doc_id, message, started)


def _fail(doc_dir: Path, source: Path, reason: str, status: int) -> None:
    """One line naming the file and the reason; the reason is kept for the run's summary."""
    print(f"error: {source}: {reason}", file=sys.stderr, flush=True)
    doc_dir.mkdir(parents=True, exist_ok=True)
    (doc_dir / ERROR_FILE).write_text(reason + "\n", encoding="utf-8")
    raise SystemExit(status)


# --- commands --------------------------------------------------------------------------------------------


def cmd_plan(args: argparse.Namespace) -> int:
    """Name the documents (configs/documents.yaml + data/raw) and write the Makefile's per-document map."""
    try:
        specs = discover_documents(args.raw, args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    docs = []
    for spec in specs:
        raw = args.raw / spec.source_file
        docs.append({**spec.as_dict(), "sha256": stages.sha256_of(raw)})
        config_path = args.interim / spec.doc_id / "config.json"
        if not config_path.exists() or read_json(config_path) != spec.as_dict():
            write_json(spec.as_dict(), config_path)
    write_json({"documents": docs}, args.interim / "docs.json")
    lines = [f"DOC_IDS := {' '.join(spec.doc_id for spec in specs)}"]
    lines += [f"RAW_{spec.doc_id} := {args.raw / spec.source_file}" for spec in specs]
    (args.interim / "docs.mk").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    doc_id = args.doc_id or args.raw.stem
    doc_dir = args.output.parent
    (doc_dir / ERROR_FILE).unlink(missing_ok=True)
    _run_stage("ingest", doc_id, args.raw, doc_dir, lambda: stages.run_ingest(args.raw, doc_id, args.output))
    return 0


def _stage_handler(stage: str, source: str, run: Callable[[argparse.Namespace], str]):
    """A subcommand that runs one stage for one document, its outputs beside --output."""

    def handler(args: argparse.Namespace) -> int:
        doc_dir = args.output.parent
        _run_stage(stage, doc_dir.name, getattr(args, source), doc_dir, lambda: run(args))
        return 0

    return handler


def cmd_publish(args: argparse.Namespace) -> int:
    publish(args.interim, args.output)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    return print_summary(args.processed)


def stage_commands(raw: Path, doc_id: str, doc_dir: Path, source_file: str, config: Path) -> list[list[str]]:
    """The per-document stage commands in order: what the Makefile runs, for `run` and `bench`."""
    d = str(doc_dir)
    labelled, sections = f"{d}/labelled.parquet", f"{d}/sections.parquet"
    return [
        ["ingest", str(raw), "--doc-id", doc_id, "-o", f"{d}/lines.parquet"],
        ["structure", f"{d}/lines.parquet", "-o", labelled, "--sections", sections],
        ["tables", labelled, "-o", f"{d}/tables.parquet"],
        [
            "documents",
            labelled,
            "--tables",
            f"{d}/tables.parquet",
            "--raw",
            str(raw),
            "--source-file",
            source_file,
        ]
        + ["--config", str(config), "-o", f"{d}/document.parquet"],
        ["terms", labelled, "--sections", sections, "-o", f"{d}/terms.parquet"],
        ["measures", labelled, "--sections", sections, "-o", f"{d}/measures.parquet"]
        + ["--schedules", f"{d}/schedules.parquet", "--kpis", f"{d}/kpis.parquet"],
    ]


def run_document(spec: DocumentSpec, raw: Path, doc_dir: Path) -> bool:
    """Every stage for one document, in-process. False (with the error recorded) if a stage failed."""
    config = doc_dir / "config.json"
    write_json(spec.as_dict(), config)
    (doc_dir / ERROR_FILE).unlink(missing_ok=True)
    for argv in stage_commands(raw, spec.doc_id, doc_dir, spec.source_file, config):
        try:
            main(argv)
        except SystemExit:
            return False
    return True


def cmd_run(args: argparse.Namespace) -> int:
    """All stages for the given files, then publish into --output (a scratch interim beside it)."""
    interim = args.output / "interim"
    docs = []
    for raw in args.files:
        spec = DocumentSpec(raw.stem, raw.name)
        run_document(spec, raw, interim / spec.doc_id)
        docs.append({**spec.as_dict(), "sha256": stages.sha256_of(raw) if raw.exists() else None})
    write_json({"documents": docs}, interim / "docs.json")
    publish(interim, args.output)
    return print_summary(args.output)


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate_corpus, format_report

    report = evaluate_corpus(args.processed, args.gold)
    print(format_report(report))
    if args.compare:
        from .evaluate import format_comparison

        print()
        print(format_comparison(report, evaluate_corpus(args.compare, args.gold)))
    if args.json:
        write_json(report, args.json)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import run_bench

    return run_bench(args.raw, args.config, args.pdfs)


# --- parser --------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        command = sub.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(handler=handler)
        return command

    p = add("plan", cmd_plan, "list the documents to process and write data/interim/docs.mk")
    p.add_argument("--raw", type=Path, default=Path("data/raw"))
    p.add_argument("--config", type=Path, default=Path("configs/documents.yaml"))
    p.add_argument("--interim", type=Path, default=Path("data/interim"))

    p = add("ingest", cmd_ingest, "a raw plan (text or PDF) -> lines.parquet")
    p.add_argument("raw", type=Path, help="the plan file")
    p.add_argument("-o", "--output", type=Path, required=True, help="lines.parquet to write")
    p.add_argument("--doc-id", help="document id (default: the file stem)")

    structure = _stage_handler(
        "structure", "lines", lambda a: stages.run_structure(a.lines, a.output, a.sections)
    )
    p = add("structure", structure, "lines.parquet -> labelled lines and the outline (sections)")
    p.add_argument("lines", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="labelled.parquet to write")
    p.add_argument("--sections", type=Path, required=True, help="sections.parquet to write")

    tables = _stage_handler("tables", "labelled", lambda a: stages.run_tables(a.labelled, a.output))
    p = add("tables", tables, "labelled lines -> tables.parquet (one row per cell)")
    p.add_argument("labelled", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True)

    documents = _stage_handler(
        "documents",
        "labelled",
        lambda a: stages.run_documents(
            a.labelled, a.tables, a.raw, a.source_file or a.raw.name, a.config, a.output
        ),
    )
    p = add("documents", documents, "labelled lines + tables -> document.parquet (metadata)")
    p.add_argument("labelled", type=Path)
    p.add_argument("--tables", type=Path, required=True)
    p.add_argument("--raw", type=Path, required=True, help="the raw plan (for its hash and format)")
    p.add_argument("--source-file", help="path relative to data/raw (default: the raw file's name)")
    p.add_argument("--config", type=Path, help="the document's config.json with metadata overrides")
    p.add_argument("-o", "--output", type=Path, required=True)

    terms = _stage_handler("terms", "labelled", lambda a: stages.run_terms(a.labelled, a.sections, a.output))
    p = add("terms", terms, "labelled lines + sections -> terms.parquet (glossary and footnote definitions)")
    p.add_argument("labelled", type=Path)
    p.add_argument("--sections", type=Path, required=True)
    p.add_argument("-o", "--output", type=Path, required=True)

    measures = _stage_handler(
        "measures",
        "labelled",
        lambda a: stages.run_measures(a.labelled, a.sections, a.output, a.schedules, a.kpis),
    )
    p = add("measures", measures, "labelled lines + sections -> measures, schedules and KPIs")
    p.add_argument("labelled", type=Path)
    p.add_argument("--sections", type=Path, required=True)
    p.add_argument("-o", "--output", type=Path, required=True, help="measures.parquet to write")
    p.add_argument("--schedules", type=Path, required=True, help="schedules.parquet to write")
    p.add_argument("--kpis", type=Path, required=True, help="kpis.parquet to write")

    p = add("publish", cmd_publish, "interim per-document files -> data/processed/*.parquet + manifest.json")
    p.add_argument("--interim", type=Path, default=Path("data/interim"))
    p.add_argument("-o", "--output", type=Path, default=Path("data/processed"))

    p = add("summary", cmd_summary, "print the last run's summary; exit 1 if any document failed")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))

    p = add("run", cmd_run, "every stage for the given plan files, published into --output")
    p.add_argument("files", type=Path, nargs="+")
    p.add_argument("-o", "--output", type=Path, required=True)

    p = add("eval", cmd_eval, "score data/processed against the reference annotations")
    p.add_argument("--processed", type=Path, default=Path("data/processed"))
    p.add_argument("--gold", type=Path, default=Path("tests/gold"))
    p.add_argument("--json", type=Path, help="also write the scores as JSON here")
    p.add_argument(
        "--compare", type=Path, help="another processed directory (e.g. the text run) to compare F1 with"
    )

    p = add("bench", cmd_bench, "wall time and peak memory per stage on the bundled corpus")
    p.add_argument("--raw", type=Path, default=Path("data/raw"))
    p.add_argument("--config", type=Path, default=Path("configs/documents.yaml"))
    p.add_argument(
        "--pdfs", type=Path, nargs="*", default=[], help="PDFs to time ingestion on (pages per second)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
