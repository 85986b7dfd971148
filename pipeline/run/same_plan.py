"""One plan in several forms (plan.docx beside plan.pdf): read once, from the richest form, but only
when the content says they are the same plan. A shared file name proves nothing: plan.txt of one town
and plan.pdf of another are both published.

Two processed documents that share a file stem are the same plan when they name the same title and
issuer, or when most of their lines are the same text. The form kept is the first in
`pipeline.config.raw_files.PREFERENCE` (an original carries what its PDF loses, a PDF what text loses).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from pipeline.config.raw_files import PREFERENCE
from pipeline.io import read_rows
from pipeline.language.normalize import compact

# The share of the smaller document's distinct lines the other must hold too, for the same text.
SHARED_LINES = 0.6


def _facts(interim: Path, doc_id: str) -> tuple[tuple[str, str] | None, set[str]]:
    document = read_rows(interim / doc_id / "document.parquet")[0]
    named = (compact(document["title"] or ""), compact(document["municipality"] or ""))
    lines = read_rows(interim / doc_id / "labelled.parquet")
    texts = {compact(row["text"]) for row in lines if len(compact(row["text"])) >= 4}
    return (named if all(named) else None), texts


def _same(a: tuple, b: tuple) -> bool:
    (named_a, lines_a), (named_b, lines_b) = a, b
    if named_a is not None and named_a == named_b:
        return True
    smaller = min(len(lines_a), len(lines_b))
    return smaller > 0 and len(lines_a & lines_b) >= SHARED_LINES * smaller


def _rank(source_file: str) -> int:
    suffix = PurePosixPath(source_file).suffix.lower()
    return PREFERENCE.index(suffix) if suffix in PREFERENCE else len(PREFERENCE)


def other_forms(interim: Path, docs: list[dict]) -> dict[str, str]:
    """doc_id -> why it is not published, for every document that is another form of a plan published
    from a richer one. `docs` are complete documents ({doc_id, source_file})."""
    by_stem: dict[str, list[dict]] = {}
    for doc in docs:
        by_stem.setdefault(str(PurePosixPath(doc["source_file"]).with_suffix("")), []).append(doc)
    dropped: dict[str, str] = {}
    for group in by_stem.values():
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda doc: (_rank(doc["source_file"]), doc["source_file"]))
        facts = {doc["doc_id"]: _facts(interim, doc["doc_id"]) for doc in group}
        kept: list[dict] = []
        for doc in group:
            richer = next((k for k in kept if _same(facts[k["doc_id"]], facts[doc["doc_id"]])), None)
            if richer is None:
                kept.append(doc)
            else:
                dropped[doc["doc_id"]] = (
                    f"the same plan as {richer['source_file']} (same title and issuer, or the same text), "
                    "which is read instead (the richer form)"
                )
    return dropped
