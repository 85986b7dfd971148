"""Bad input: one clear line naming the file, the other documents still published, no partial files."""

import shutil

import pandas as pd
import pytest
from conftest import FIXTURES, RAW, run_pipeline


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("junk.txt", bytes(range(256)) * 8, "binary data"),
        ("encrypted.pdf", FIXTURES / "encrypted.pdf", "encrypted PDF"),
        ("scanned.pdf", FIXTURES / "scanned.pdf", "no text layer"),
        ("truncated.pdf", FIXTURES / "truncated.pdf", "unreadable PDF"),
        ("empty.pdf", b"", "empty file"),
        ("header.pdf", b"%PDF-1.4\n%%EOF\n", "unreadable PDF: it holds no document"),
        ("english.txt", b"Not a plan at all.\n" * 40, "no Japanese text"),
    ],
)
def test_bad_file_among_good_ones(tmp_path, capsys, name, content, reason):
    bad = tmp_path / "raw" / name
    bad.parent.mkdir()
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        shutil.copy(content, bad)
    good = tmp_path / "raw" / "plan.txt"
    shutil.copy(sorted(RAW.glob("*.txt"))[0], good)

    status = run_pipeline([bad, good], tmp_path / "out")

    err = capsys.readouterr().err
    error_lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1
    assert str(bad) in error_lines[0] and reason in error_lines[0]
    assert status == 1
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["doc_id"].tolist() == ["plan"]
    assert not list((tmp_path / "out").rglob("*.tmp"))
    assert not (tmp_path / "out" / "interim" / bad.stem / "lines.parquet").exists()
