"""docs/ANALYSIS.md runs: every python block, in order, in one namespace, from a directory where
data/processed holds the bundled plans' published tables and data/raw the bundled plans."""

import os
import re
from pathlib import Path

from conftest import RAW, ROOT


def _blocks() -> list[str]:
    text = (ROOT / "docs" / "ANALYSIS.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_walkthrough_has_code():
    assert len(_blocks()) >= 5


def test_every_block_of_the_walkthrough_runs(corpus, tmp_path, capsys):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "processed").symlink_to(corpus)
    (tmp_path / "data" / "raw").symlink_to(RAW)
    namespace: dict = {}
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for index, block in enumerate(_blocks()):
            exec(compile(block, f"ANALYSIS.md block {index + 1}", "exec"), namespace)  # noqa: S102 - our own doc
    finally:
        os.chdir(cwd)
    assert "大村市" in capsys.readouterr().out
