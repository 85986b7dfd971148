"""Per-document and per-corpus knowledge kept as data in configs/.

configs/documents.yaml names documents (doc_id, source file) and may override metadata read from a
document. It is validated once, with a schema: each problem is one line naming the file, the entry and
the key, the entry is left out, and the run goes on. configs/structure.yaml holds the heading
vocabulary; configs/taxonomy.yaml the measure categories.

A file in data/raw/ without an entry gets a doc_id derived from its name: the name itself where it is
already a safe id, else an ASCII slug plus a short hash of the name, so that any downloaded file name
(〇〇市DX推進計画.pdf, 'my plan(1).txt', '-plan.txt') works and keeps its id from run to run.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.config.files import line_of, load_yaml
from pipeline.config.municipalities import is_valid_code
from pipeline.config.raw_files import list_raw

OVERRIDABLE = (
    "municipality",
    "prefecture",
    "lg_code",
    "title",
    "published",
    "revised",
    "plan_start_fy",
    "plan_end_fy",
    "source_url",
    "retrieved",
)
DOC_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"
_DOC_ID = re.compile(DOC_ID_PATTERN)
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


class DocumentEntry(BaseModel):
    """One entry of configs/documents.yaml."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str = Field(pattern=DOC_ID_PATTERN)
    source_file: str = Field(min_length=1)
    municipality: str | None = None
    prefecture: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    revised: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    plan_start_fy: int | None = Field(default=None, ge=1900, le=2200)
    plan_end_fy: int | None = Field(default=None, ge=1900, le=2200)
    lg_code: str | None = Field(default=None, pattern=r"^\d{6}$")
    source_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    retrieved: str | None = Field(default=None, pattern=r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

    @field_validator("lg_code")
    @classmethod
    def _check_digit(cls, code: str | None) -> str | None:
        if code is not None and not is_valid_code(code):
            raise ValueError(f"{code} fails the JIS X 0402 check digit")
        return code


class License(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9.\-]+$")  # an SPDX id such as CC-BY-4.0
    path: str | None = Field(default=None, pattern=r"^https?://\S+$")
    title: str | None = None


class DatasetEntry(BaseModel):
    """configs/documents.yaml `dataset:`: what the published package says of itself."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="dxplans", pattern=r"^[a-z0-9._\-]+$")
    title: str | None = None
    license: License | None = None


@dataclass(frozen=True)
class DocumentSpec:
    doc_id: str
    source_file: str  # relative to the raw directory
    overrides: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source_file": self.source_file, "overrides": self.overrides}


def _name_hash(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def doc_id_for(file_name: str) -> str:
    """A safe, stable doc_id for a raw file name: the stem if it is one, else slug + hash of the name."""
    stem = PurePosixPath(file_name).stem
    if _DOC_ID.match(stem):
        return stem
    slug = _UNSAFE.sub("-", stem).strip("-._")[:40].strip("-._")
    return f"{slug}-{_name_hash(file_name)}" if slug else f"doc-{_name_hash(file_name)}"


def _entry_problem(config: Path, index: int, entry: Any, error: dict, root: yaml.Node | None) -> str:
    where = f"entry {index + 1}"
    if isinstance(entry, dict) and entry.get("doc_id"):
        where += f" (doc_id {entry['doc_id']!r})"
    key = ".".join(str(part) for part in error["loc"]) or "entry"
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = f"unknown key (known: doc_id, source_file, {', '.join(sorted(OVERRIDABLE))})"
    elif error["type"] == "missing":
        message = "required key is missing"
    elif error["type"] == "model_type":
        key, message = "entry", "must be a mapping of keys (doc_id: …, source_file: …), not a plain value"
    line = line_of(root, ("documents", index, *error["loc"]))
    return f"{config}: {where}: {key}: {message} (line {line})"


def read_entries(config: Path, raw_dir: Path) -> tuple[list[DocumentEntry], list[str], list[str]]:
    """Valid entries of configs/documents.yaml, one line per problem (entries with one are dropped) and
    one per warning (an entry whose file is no longer in the raw directory: stale, not wrong)."""
    if not config.exists():
        return [], [], []
    try:
        data = load_yaml(config)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        return [], [f"{config}: not valid YAML{where}: {problem}; no entry is used"], []
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{config}: unreadable: {exc}; no entry is used"], []
    if data is None:
        return [], [], []
    if not isinstance(data, dict) or set(data) - {"documents", "dataset"}:
        return (
            [],
            [
                f"{config}: the top level must be a mapping of 'documents:' (a list of entries) and, optionally, 'dataset:'"
            ],
            [],
        )
    raw_entries = data.get("documents") or []
    if not isinstance(raw_entries, list):
        return [], [f"{config}: 'documents' must be a list of entries"], []
    entries, problems, warnings = [], [], []
    raw_root = raw_dir.resolve()
    for index, entry in enumerate(raw_entries):
        try:
            parsed = DocumentEntry.model_validate(entry)
        except ValidationError as exc:
            root = yaml.compose(config.read_text(encoding="utf-8"))
            problems.extend(_entry_problem(config, index, entry, error, root) for error in exc.errors())
            continue
        target = (raw_dir / parsed.source_file).resolve()
        where = f"{config}: entry {index + 1} (doc_id {parsed.doc_id!r}): source_file"
        if raw_root not in target.parents:
            problems.append(
                f"{where}: {parsed.source_file!r} is outside {raw_dir}; only files in it are read"
            )
        elif not target.is_file():
            warnings.append(f"{where}: no file {parsed.source_file!r} in {raw_dir}; the entry is not used")
        else:
            entries.append(parsed)
    return entries, problems, warnings


@dataclass
class Discovery:
    """The documents to process (sorted by doc_id), the config's problems (errors: an entry was
    dropped) and warnings (a stale entry, a link followed out of the raw directory), and every entry
    of the raw directory that is not read, with the reason."""

    specs: list[DocumentSpec]
    problems: list[str]
    warnings: list[str]
    skipped: dict[str, str]
    dataset: dict = field(default_factory=dict)


def discover_documents(raw_dir: Path, documents_yaml: Path) -> Discovery:
    """Every input file in `raw_dir` with its doc_id, and what the config and the directory say."""
    entries, problems, warnings = read_entries(documents_yaml, raw_dir)
    by_file: dict[str, DocumentSpec] = {}
    for entry in entries:
        overrides = {key: value for key in OVERRIDABLE if (value := getattr(entry, key)) is not None}
        source = PurePosixPath(entry.source_file).as_posix()
        by_file[source] = DocumentSpec(entry.doc_id, source, overrides)

    listing = list_raw(raw_dir)
    files = listing.files
    specs = [by_file[name] for name in files if name in by_file]
    specs += [
        DocumentSpec(doc_id, name) for doc_id, name in assign_ids([n for n in files if n not in by_file])
    ]
    specs += [spec for source, spec in by_file.items() if "/" in source]  # entries naming a subfolder
    specs = _unique_ids(specs, documents_yaml, problems)
    dataset = read_dataset(documents_yaml, problems)
    return Discovery(specs, problems, warnings + listing.notices, listing.skipped, dataset)


def read_dataset(config: Path, problems: list[str]) -> dict:
    """The `dataset:` mapping of configs/documents.yaml, validated (a problem is one more line)."""
    try:
        data = load_yaml(config) if config.exists() else None
    except (yaml.YAMLError, OSError, UnicodeDecodeError):
        return {}  # read_entries has said why
    if not isinstance(data, dict) or data.get("dataset") is None:
        return {}
    try:
        return DatasetEntry.model_validate(data["dataset"]).model_dump(exclude_none=True)
    except ValidationError as exc:
        problems.extend(
            f"{config}: dataset: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
        )
        return {}


def assign_ids(names: list[str]) -> list[tuple[str, str]]:
    """(doc_id, name) for file names without a config entry; same-stem files (plan.txt, plan.pdf) get
    their suffix appended, and any remaining clash a hash of the name."""
    ids = [doc_id_for(name) for name in names]
    shared = {doc_id for doc_id, count in Counter(ids).items() if count > 1}
    out = []
    for doc_id, name in zip(ids, names, strict=True):
        if doc_id in shared:
            suffix = PurePosixPath(name).suffix.lstrip(".").lower()
            doc_id = f"{doc_id}-{suffix}" if suffix else f"{doc_id}-{_name_hash(name)}"
        out.append((doc_id, name))
    return out


def _unique_ids(specs: list[DocumentSpec], documents_yaml: Path, problems: list[str]) -> list[DocumentSpec]:
    taken: dict[str, str] = {}
    unique = []
    for spec in specs:
        if spec.doc_id in taken:
            renamed = f"{spec.doc_id}-{_name_hash(spec.source_file)}"
            problems.append(
                f"{documents_yaml}: doc_id {spec.doc_id!r} is used by both {taken[spec.doc_id]} and "
                f"{spec.source_file}; the latter is processed as {renamed!r}"
            )
            spec = DocumentSpec(renamed, spec.source_file, spec.overrides)
        taken[spec.doc_id] = spec.source_file
        unique.append(spec)
    return sorted(unique, key=lambda spec: spec.doc_id)
