"""`make eval-real`: outlines (and terms) of real government PDFs against their authors' own Word files.

../shared/realpdf/gold/<stem>.json lists every paragraph styled Heading N in the author's Word file;
../shared/realpdf/terms/<stem>.json the terms it defines. Titles there carry no numbers (Word numbers
them), as our section titles do not. Recall counts first: those headings are certainly headings.
Precision is a lower bound, since the PDFs also hold unstyled pseudo-headings.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.evaluation.gold import prf, score_headings, score_terms
from pipeline.extract.terms.notes import KINDS
from pipeline.io import read_json, write_text

if TYPE_CHECKING:
    pass


def evaluate_real(processed: Path, reference: Path) -> dict[str, dict]:
    import pandas as pd  # only the evaluation needs pandas: every other command starts without it

    documents = pd.read_parquet(processed / "documents.parquet")
    sections = pd.read_parquet(processed / "sections.parquet")
    terms = pd.read_parquet(processed / "terms.parquet")
    notes = pd.read_parquet(processed / "notes.parquet")
    manifest = read_json(processed / "manifest.json")
    report: dict[str, dict] = {}
    for stem in sorted(path.stem for path in (reference / "gold").glob("*.json")):
        row = documents[documents["source_file"].map(lambda name: Path(name).stem) == stem]
        if row.empty:
            failure = next(
                (f["reason"] for f in manifest["failures"].values() if Path(f["source_file"]).stem == stem),
                "not in the run",
            )
            report[stem] = {"failed": failure}
            continue
        doc_id = row.iloc[0]["doc_id"]
        gold = read_json(reference / "gold" / f"{stem}.json")["headings"]
        entry = {"headings": score_headings(gold, sections[sections["doc_id"] == doc_id])}
        entry["note_kinds"] = notes[notes["doc_id"] == doc_id]["kind"].value_counts().sort_index().to_dict()
        terms_path = reference / "terms" / f"{stem}.json"
        if terms_path.exists():
            reference_terms = [
                {**t, "sources": [t["source"]]}
                for t in read_json(terms_path)["terms"]
                if not str(t.get("note", "")).startswith("unsure:")
            ]
            unsure = {
                t["term"]
                for t in read_json(terms_path)["terms"]
                if str(t.get("note", "")).startswith("unsure:")
            }
            predicted = terms[(terms["doc_id"] == doc_id) & ~terms["term"].isin(unsure)]
            entry["terms"] = score_terms(reference_terms, predicted)
        report[stem] = entry
    return report


def _pdfium_text(pdf: Path) -> str:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = [page.get_textpage().get_text_bounded() for page in document]
    finally:
        document.close()
    return "\n\f".join(page.replace("\r\n", "\n").replace("\r", "\n") for page in pages)


def _pdfminer_text(pdf: Path) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(pdf)


def _pdftotext(*options: str) -> Callable[[Path], str]:
    def extract(pdf: Path) -> str:
        return subprocess.run(
            ["pdftotext", *options, str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout

    return extract


# Other engines' plain text, as users who run a PDF-to-text tool first feed it. PDFium (pypdfium2) and
# pdfminer come with pdfplumber: PDFium breaks lines where the page broke them; pdfminer's text boxes also
# put blank lines between boxes, and after every line of some producers' PDFs. Poppler's pdftotext, the
# tool most users reach for, is scored where it is installed (Debian: poppler-utils), plain and -layout
# (columns aligned with runs of spaces, headings indented).
TEXT_ENGINES: dict[str, Callable[[Path], str]] = {"PDFium": _pdfium_text, "pdfminer": _pdfminer_text}
if shutil.which("pdftotext"):
    TEXT_ENGINES |= {"pdftotext": _pdftotext(), "pdftotext-layout": _pdftotext("-layout")}


def extract_plain_text(pdfs: list[Path], target: Path, engine: str) -> list[Path]:
    """Each PDF as the plain text `engine` gives: no typography, lines broken at the margin, running
    headers and page numbers in the flow."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for pdf in pdfs:
        path = target / f"{pdf.stem}.txt"
        write_text(TEXT_ENGINES[engine](pdf), path)
        written.append(path)
    return written


def format_outline_only(report: dict[str, dict]) -> str:
    lines = ["| file | outline recall | outline precision | nesting |", "|---|---|---|---|"]
    for stem, entry in report.items():
        if "failed" in entry:
            lines.append(f"| {stem} | failed: {entry['failed']} | | |")
            continue
        h = entry["headings"]
        lines.append(
            f"| {stem} | {h['recall']:.2f} ({h['matched']}/{h['gold']}) | {h['precision']:.2f} "
            f"({h['matched']}/{h['predicted']}) | {h['nesting']:.2f} |"
        )
    h = _overall(report, "headings")
    lines.append(f"| overall | {h['recall']:.2f} | {h['precision']:.2f} | |")
    return "\n".join(lines)


def _overall(report: dict[str, dict], area: str) -> dict:
    scores = [entry[area] for entry in report.values() if area in entry]
    return prf(
        sum(s["gold"] for s in scores), sum(s["predicted"] for s in scores), sum(s["matched"] for s in scores)
    )


def format_real(report: dict[str, dict]) -> str:
    lines = [
        "| file | outline recall | outline precision | nesting | terms recall | terms precision |",
        "|---|---|---|---|---|---|",
    ]
    for stem, entry in report.items():
        if "failed" in entry:
            lines.append(f"| {stem} | failed: {entry['failed']} | | | | |")
            continue
        h = entry["headings"]
        t = entry.get("terms")
        term_cells = f"{t['recall']:.2f} | {t['precision']:.2f}" if t else "- | -"
        lines.append(
            f"| {stem} | {h['recall']:.2f} ({h['matched']}/{h['gold']}) | {h['precision']:.2f} "
            f"({h['matched']}/{h['predicted']}) | {h['nesting']:.2f} | {term_cells} |"
        )
    h, t = _overall(report, "headings"), _overall(report, "terms")
    lines.append(
        f"| overall | {h['recall']:.2f} | {h['precision']:.2f} | | {t['recall']:.2f} | {t['precision']:.2f} |"
    )
    lines += ["", "Footnotes by kind (notes.parquet):", "", "| file | " + " | ".join(KINDS) + " |"]
    lines.append("|---|" + "---|" * len(KINDS))
    for stem, entry in report.items():
        counts = entry.get("note_kinds", {})
        lines.append(f"| {stem} | " + " | ".join(str(counts.get(kind, 0)) for kind in KINDS) + " |")
    return "\n".join(lines)
