"""Publishing all or nothing: each publish builds a complete release (every table, the database, the
manifest and the report) in a directory of its own beside the live one, then swaps it in with one
atomic rename of a symbolic link.

    data/processed/.current            -> .releases/<release>     (replaced by one rename)
    data/processed/measures.parquet    -> .current/measures.parquet   (and every other entry)
    data/processed/.releases/<release>/{*.parquet, manifest.json, dxplans.duckdb, report/}

Readers open data/processed/<name> as before and always see one whole release. A failure at any point
(a full disk, a bug, Ctrl-C) removes the half-built release and leaves the live one as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

RELEASES = ".releases"
CURRENT = ".current"


def build_release(out: Path, build: Callable[[Path], None]) -> Path:
    """`build` fills a new release directory; on success it becomes the published set, on any failure
    it is removed and the published set is untouched. Returns the release directory."""
    releases = out / RELEASES
    releases.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix="release-", dir=releases))
    try:
        build(staged)
        os.chmod(staged, 0o777 & ~_umask())
        _swap_in(out, staged)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    _remove_old_releases(releases, keep=staged)
    return staged


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _replace_with_link(path: Path, target: str) -> None:
    """`path` becomes a symbolic link to `target` in one rename (whatever was there before)."""
    if path.is_symlink() and os.readlink(path) == target:
        return
    temporary = path.with_name(f".{path.name}.link-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    temporary.symlink_to(target)
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)  # a report directory from before releases: replaced once
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _swap_in(out: Path, staged: Path) -> None:
    _replace_with_link(out / CURRENT, f"{RELEASES}/{staged.name}")
    published = {entry.name for entry in staged.iterdir()}
    for name in sorted(published):
        _replace_with_link(out / name, f"{CURRENT}/{name}")
    for entry in out.iterdir():  # a table the new release no longer has
        if (
            entry.is_symlink()
            and os.readlink(entry).startswith(f"{CURRENT}/")
            and entry.name not in published
        ):
            entry.unlink()


def _remove_old_releases(releases: Path, keep: Path) -> None:
    for release in releases.iterdir():
        if release != keep:
            shutil.rmtree(release, ignore_errors=True)
