"""What is in data/raw: the plan files to read, and every other entry with the reason it is skipped.

Every entry is accounted for. A symbolic link inside data/raw is followed wherever it points: a link to
a file elsewhere is read like any other plan, with a line saying where it leads, so that a corpus
kept on another disk can be linked in; a link to nothing is skipped and said. Directories (even one
named x.pdf), named pipes, sockets and devices are skipped, never opened: opening a pipe would block.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

# A plan present in several forms (plan.pdf and plan.docx) is published once, from the first form here,
# when their content shows they are the same plan (pipeline/run/same_plan.py): an original carries what
# its PDF loses (declared headings, exact notes, fills), a PDF what text loses.
PREFERENCE = (".docx", ".docm", ".xlsx", ".xlsm", ".pptx", ".pptm", ".pdf", ".md", ".txt", ".text")
INPUT_SUFFIXES = set(PREFERENCE)
_KINDS = {
    stat.S_ISDIR: "a directory (plans are read from the raw directory itself)",
    stat.S_ISFIFO: "a named pipe, not a file",
    stat.S_ISSOCK: "a socket, not a file",
    stat.S_ISCHR: "a device, not a file",
    stat.S_ISBLK: "a device, not a file",
}


@dataclass
class RawListing:
    files: list[str] = field(default_factory=list)  # names of the plan files to read, sorted
    skipped: dict[str, str] = field(default_factory=dict)  # name -> why it is not read
    notices: list[str] = field(default_factory=list)  # links followed out of the raw directory


def _skip_reason(path: Path) -> str | None:
    """Why the entry is not a plan file to read, or None when it is one."""
    if path.name.startswith("."):
        return "a hidden file"
    try:
        mode = path.stat().st_mode  # follows a link
    except FileNotFoundError:
        return f"a link to nothing ({os.readlink(path)})" if path.is_symlink() else "it vanished while listed"
    except OSError as exc:
        return f"unreadable: {exc.strerror}"
    kind = next((reason for test, reason in _KINDS.items() if test(mode)), None)
    if kind:
        return kind
    if path.suffix.lower() not in INPUT_SUFFIXES:
        suffix = path.suffix or "no extension"
        return f"{suffix} files are not read (plans are read from {', '.join(sorted(INPUT_SUFFIXES))})"
    return None


def sha256_of(path: Path) -> str:
    """The file's sha256, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _drop_identical(raw_dir: Path, listing: RawListing) -> None:
    """A byte-identical copy of a plan (under any name) is the same plan: it is read once, from the
    first name, and the copy is listed as skipped. Only files of equal size are hashed."""
    by_size: dict[int, list[str]] = {}
    for name in listing.files:
        with contextlib.suppress(OSError):
            by_size.setdefault((raw_dir / name).stat().st_size, []).append(name)
    for names in by_size.values():
        if len(names) < 2:
            continue
        first_of: dict[str, str] = {}
        for name in names:
            try:
                digest = sha256_of(raw_dir / name)
            except OSError:
                continue
            if digest in first_of:
                listing.files.remove(name)
                listing.skipped[name] = (
                    f"a byte-identical copy of {first_of[digest]}, which is published once"
                )
            else:
                first_of[digest] = name


def list_raw(raw_dir: Path) -> RawListing:
    listing = RawListing()
    if not raw_dir.is_dir():
        return listing
    root = raw_dir.resolve()
    for path in sorted(raw_dir.iterdir()):
        reason = _skip_reason(path)
        if reason is not None:
            listing.skipped[path.name] = reason
            continue
        listing.files.append(path.name)
        target = path.resolve()
        if path.is_symlink() and root not in target.parents:
            listing.notices.append(f"{path}: a link to {target}, outside {raw_dir}; read as a plan")
    _drop_identical(raw_dir, listing)
    return listing
