"""Publishing is all or nothing: a new release (tables, database, manifest, report) is built beside the
live one and swapped in at once; any failure leaves the previous release published and nothing behind."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import RAW

from pipeline.cli import main
from pipeline.run import publish as publishing


def _published(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(out.glob("*.parquet"))} | {
        "manifest.json": (out / "manifest.json").read_bytes()
    }


def _plan_and_build(tmp_path: Path, names: list[str], interim: Path) -> None:
    raw = tmp_path / f"raw-{len(names)}"
    raw.mkdir()
    plan = sorted(RAW.glob("*.txt"))[0].read_text(encoding="utf-8")
    for name in names:  # copies a line apart: byte-identical ones would be one plan
        (raw / name).write_text(f"{plan}\n{name}\n", encoding="utf-8")
    assert (
        main(["plan", "--raw", str(raw), "--config", str(tmp_path / "none.yaml"), "--interim", str(interim)])
        == 0
    )
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0


def _leftovers(out: Path) -> list[str]:
    """Anything besides the published entries and the one current release."""
    current = os.readlink(out / ".current")
    extra = [
        p.name for p in out.iterdir() if p.name.startswith(".") and p.name not in (".current", ".releases")
    ]
    return extra + [
        f".releases/{p.name}" for p in (out / ".releases").iterdir() if f".releases/{p.name}" != current
    ]


def test_a_failure_while_publishing_keeps_the_previous_release(tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    first, second = tmp_path / "interim1", tmp_path / "interim2"
    _plan_and_build(tmp_path, ["a.txt"], first)
    _plan_and_build(tmp_path, ["a.txt", "b.txt"], second)
    assert main(["publish", "--interim", str(first), "-o", str(out)]) == 0
    before = _published(out)

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publishing, "write_database", full_disk)
    capsys.readouterr()
    assert main(["publish", "--interim", str(second), "-o", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        f"error: publishing to {out} failed: No space left on device; the tables published before are kept"
    ]
    assert _published(out) == before
    assert _leftovers(out) == []

    monkeypatch.undo()
    assert main(["publish", "--interim", str(second), "-o", str(out)]) == 0
    assert json.loads((out / "manifest.json").read_text())["documents_processed"] == 2
    assert _leftovers(out) == []
    assert (out / "report" / "index.html").exists()


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)], capture_output=True
    )
    return result.returncode == 0


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small tmpfs needs root (CI runs as root)")
def test_a_full_disk_while_publishing_keeps_the_previous_release(tmp_path, capsys):
    out = tmp_path / "out"
    if not _mount_tmpfs(out, "64m"):
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        first, second = tmp_path / "interim1", tmp_path / "interim2"
        _plan_and_build(tmp_path, ["a.txt"], first)
        _plan_and_build(tmp_path, ["a.txt", "b.txt", "c.txt"], second)
        assert main(["publish", "--interim", str(first), "-o", str(out)]) == 0
        before = _published(out)
        free = shutil.disk_usage(out).free
        with (out / "filler").open("wb") as filler:  # leave less room than a release needs
            filler.truncate(0)
            filler.write(b"\0" * (free - 200_000))
        capsys.readouterr()
        assert main(["publish", "--interim", str(second), "-o", str(out)]) == 2
        assert "No space left on device" in capsys.readouterr().err
        assert _published(out) == before
        assert _leftovers(out) == []
    finally:
        subprocess.run(["umount", str(out)], check=False)
