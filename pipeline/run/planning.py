"""Planning a run: each document's interim directory (config.json, a link to its raw file) and the
plan itself, docs.json (what the config and the raw directory said) and docs.mk (make's map)."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.config.documents import Discovery, DocumentSpec
from pipeline.config.raw_files import sha256_of
from pipeline.io import read_json, write_json, write_text
from pipeline.readers.pdf.engines import engine_name
from pipeline.run.graph import make_rules, source_link
from pipeline.run.stages import Doc


def doc_for(spec: DocumentSpec, raw_dir: Path | None, interim: Path, source: Path | None = None) -> Doc:
    """The document a spec names: its raw file (in `raw_dir`, or `source`) and its interim directory."""
    path = source if source is not None else raw_dir / spec.source_file
    engine = engine_name() if path.suffix.lower() == ".pdf" else None
    return Doc(spec.doc_id, interim / spec.doc_id, path, spec.source_file, spec.overrides, engine)


def link_source(doc: Doc) -> None:
    """interim/<doc>/source.<ext> -> the raw file: make's view of it, whatever its name."""
    link = source_link(doc)
    target = os.path.relpath(doc.source.resolve(), doc.directory.resolve())
    if link.is_symlink() and os.readlink(link) == target:
        return
    for old in doc.directory.glob("source.*"):
        old.unlink()
    link.symlink_to(target)


def prepare(docs: list[Doc], interim: Path, discovery: Discovery | None = None) -> None:
    """Each document's config.json and source link, docs.json (the plan, with what the config and the
    raw directory said) and docs.mk (make's map)."""
    for doc in docs:
        doc.directory.mkdir(parents=True, exist_ok=True)
        doc.save()
        link_source(doc)
    listing = [
        {**doc.as_config(), "sha256": sha256_of(doc.source) if doc.source.is_file() else None} for doc in docs
    ]
    said = {"config_problems": [], "config_warnings": [], "skipped": {}}
    if discovery is not None:
        said = {
            "config_problems": discovery.problems,
            "config_warnings": discovery.warnings,
            "skipped": discovery.skipped,
            "dataset": discovery.dataset,
        }
    write_json({"documents": listing, **said}, interim / "docs.json")
    write_text(make_rules(docs, interim), interim / "docs.mk")


def planned_docs(interim: Path) -> list[Doc]:
    """The documents the last plan listed (data/interim/docs.json)."""
    listing = read_json(interim / "docs.json")["documents"]
    return [Doc.load(interim / entry["doc_id"]) for entry in listing]
