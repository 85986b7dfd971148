"""Per-document and per-corpus knowledge kept as data in configs/.

configs/documents.yaml names documents (doc_id, source file) and may override metadata read from a
document. configs/structure.yaml holds the heading vocabulary; configs/taxonomy.yaml the measure
categories. A file in data/raw/ without an entry is processed with doc_id = file stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CONFIG_DIR = Path(__file__).resolve().parent.parent / "configs"
INPUT_SUFFIXES = {".txt", ".text", ".md", ".pdf"}
OVERRIDABLE = {"municipality", "prefecture", "title", "published", "revised", "plan_start_fy", "plan_end_fy"}
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class DocumentSpec:
    doc_id: str
    source_file: str  # relative to the raw directory
    overrides: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source_file": self.source_file, "overrides": self.overrides}


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def discover_documents(raw_dir: Path, documents_yaml: Path) -> list[DocumentSpec]:
    """Every input file in `raw_dir`, named by its config entry or by its stem, sorted by doc_id."""
    entries = (load_yaml(documents_yaml) or {}).get("documents", []) if documents_yaml.exists() else []
    by_file: dict[str, DocumentSpec] = {}
    for entry in entries:
        unknown = set(entry) - {"doc_id", "source_file"} - OVERRIDABLE
        if unknown:
            raise ConfigError(
                f"{documents_yaml}: entry {entry.get('doc_id')!r} has unknown keys {sorted(unknown)}"
            )
        overrides = {key: entry[key] for key in OVERRIDABLE if key in entry}
        by_file[entry["source_file"]] = DocumentSpec(str(entry["doc_id"]), entry["source_file"], overrides)

    specs = []
    for path in sorted(raw_dir.iterdir()) if raw_dir.exists() else []:
        if path.name.startswith(".") or path.suffix.lower() not in INPUT_SUFFIXES or not path.is_file():
            continue
        specs.append(by_file.get(path.name, DocumentSpec(path.stem, path.name)))

    seen: dict[str, str] = {}
    for spec in specs:
        if not _DOC_ID.match(spec.doc_id):
            raise ConfigError(
                f"{spec.source_file}: doc_id {spec.doc_id!r} must be letters, digits, '.', '_' or '-'"
            )
        if spec.doc_id in seen:
            raise ConfigError(
                f"doc_id {spec.doc_id!r} is used by both {seen[spec.doc_id]} and {spec.source_file}"
            )
        seen[spec.doc_id] = spec.source_file
    return sorted(specs, key=lambda spec: spec.doc_id)


@cache
def structure_vocabulary() -> dict[str, Any]:
    return load_yaml(CONFIG_DIR / "structure.yaml")


@cache
def taxonomy() -> dict[str, Any]:
    return load_yaml(CONFIG_DIR / "taxonomy.yaml")
