"""`python -m pipeline.run.retry`: what `make all` runs before the stages, kept light (the full command
line imports every command's modules; this imports the stage graph alone). The same as
`python -m pipeline retry`: forget the outcome of every document to run again, one line each."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.run.graph import rebuild_damaged, retry_timed_out
from pipeline.run.supervisor import DEFAULT_TIMEOUT


def retry(interim: Path, timeout: float | None) -> list[str]:
    """Documents with a damaged interim file, and those stopped by a lower time limit than `timeout`
    (seconds; None: the default; 0: no limit), forgotten so that make runs them again."""
    limit = DEFAULT_TIMEOUT if timeout is None else (timeout or None)
    return [*rebuild_damaged(interim), *retry_timed_out(interim, limit)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.run.retry", description=__doc__)
    parser.add_argument("--interim", type=Path, default=Path("data/interim"))
    parser.add_argument("--timeout", type=float)
    args = parser.parse_args(argv)
    for line in retry(args.interim, args.timeout):
        print(line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
