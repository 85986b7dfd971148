"""Byte-identity of the published tables across a change that must not change results (a refactor).

`record` runs every stage on a fixed set of inputs and writes the sha256 of each published Parquet
file; `check` runs them again and names every file whose bytes differ. The inputs: the bundled plans,
the same plans with their markup removed (as `make eval` removes it), every PDF fixture, the real PDFs in ../shared/realpdf and
those PDFs as the plain text pdfminer extracts (groups whose inputs are missing are skipped, so that a
fresh clone without ../shared still checks what it has).

Usage: python -m pipeline.evaluation.identity record|check [--hashes FILE] [--scratch DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pipeline.evaluation.gold import strip_markup
from pipeline.evaluation.real import TEXT_ENGINES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_HASHES = ROOT / "tests" / "fixtures" / "identity.json"
REALPDF = ROOT.parent / "shared" / "realpdf"


def _write_texts(sources: list[Path], target: Path, convert: Callable[[Path], str]) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sources:
        path = target / f"{source.stem}.txt"
        path.write_text(convert(source), encoding="utf-8")
        written.append(path)
    return written


def input_groups(scratch: Path) -> dict[str, list[Path]]:
    """Group name -> the input files it runs (built in `scratch` where they are derived)."""
    raw = sorted((ROOT / "data" / "raw").glob("*.txt"))
    realpdf = sorted(REALPDF.glob("*.pdf"))
    groups = {
        "bundled": raw,
        "bundled-plain": _write_texts(
            raw, scratch / "plain", lambda path: strip_markup(path.read_text(encoding="utf-8"))
        ),
        # The digital PDF fixtures; the originals and scans of tests/fixtures/formats, and the drawn
        # layouts of tests/fixtures/layouts, are groups of their own.
        "fixtures": sorted(
            p
            for p in (ROOT / "tests" / "fixtures").rglob("*.pdf")
            if "formats" not in p.parts and "layouts" not in p.parts
        ),
        "layouts": sorted((ROOT / "tests" / "fixtures" / "layouts").glob("*.pdf")),
        "formats": sorted(
            p
            for p in (ROOT / "tests" / "fixtures" / "formats").iterdir()
            if p.suffix in (".docx", ".xlsx", ".pptx")
        ),
        "realpdf": realpdf,
        "realpdf-pdfminer": _write_texts(realpdf, scratch / "pdfminer", TEXT_ENGINES["pdfminer"]),
    }
    return {name: files for name, files in groups.items() if files}


def published_hashes(files: list[Path], output: Path) -> dict[str, str]:
    """The sha256 of each table published from `files`, from a fresh run (a run that publishes nothing,
    such as one that cannot start, raises rather than compare stale files)."""
    shutil.rmtree(output, ignore_errors=True)
    run = subprocess.run(
        [sys.executable, "-m", "pipeline", "run", *map(str, files), "-o", str(output), "-j", "2"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    if not (output / "manifest.json").exists():
        raise SystemExit(f"identity: the run published nothing: {run.stderr.strip()[-500:]}")
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(output.glob("*.parquet"))
    }


def current_hashes(scratch: Path) -> dict[str, dict[str, str]]:
    return {
        name: published_hashes(files, scratch / "out" / name) for name, files in input_groups(scratch).items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.evaluation.identity", description=__doc__.split("\n")[0]
    )
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("--hashes", type=Path, default=DEFAULT_HASHES)
    parser.add_argument("--scratch", type=Path, default=ROOT / "data" / "interim" / "identity")
    args = parser.parse_args(argv)
    hashes = current_hashes(args.scratch)
    if args.action == "record":
        args.hashes.write_text(json.dumps(hashes, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {sum(map(len, hashes.values()))} published files in {args.hashes}")
        return 0
    recorded = json.loads(args.hashes.read_text(encoding="utf-8"))
    differ = [
        f"{group}/{name}"
        for group, files in recorded.items()
        if group in hashes
        for name, digest in files.items()
        if hashes[group].get(name) != digest
    ]
    checked = sum(len(files) for group, files in recorded.items() if group in hashes)
    for name in differ:
        print(f"differs: {name}")
    print(f"{checked - len(differ)} of {checked} published files byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
