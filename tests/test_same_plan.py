"""One plan in several forms is published once, from the richest; a shared file name alone proves
nothing (two towns' plan.txt and plan.pdf are both published)."""

import json
import shutil

import pandas as pd
from conftest import FIXTURES, RAW, run_pipeline

TEXT = RAW / "002_b57044207ba2732f.txt"


def _publish(tmp_path, files: dict[str, object]) -> tuple[pd.DataFrame, dict]:
    raw = tmp_path / "raw"
    raw.mkdir()
    for name, source in files.items():
        shutil.copy(source, raw / name)
    run_pipeline(sorted(raw.iterdir()), tmp_path / "out")
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    return documents, json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))


def test_two_plans_that_share_a_stem_are_both_published(tmp_path):
    documents, manifest = _publish(
        tmp_path, {"plan.txt": TEXT, "plan.pdf": FIXTURES / "plans" / "003_d7b893a87625a2a6.pdf"}
    )
    assert sorted(documents["source_file"]) == ["plan.pdf", "plan.txt"]
    assert documents["doc_id"].nunique() == 2 and documents["municipality"].nunique() == 2
    assert manifest["skipped"] == {}


def test_the_same_plan_as_text_and_as_its_word_original_is_published_once_from_the_original(tmp_path):
    documents, manifest = _publish(
        tmp_path, {"plan.txt": TEXT, "plan.docx": FIXTURES / "formats" / "002_b57044207ba2732f.docx"}
    )
    assert documents["source_file"].tolist() == ["plan.docx"]
    assert "the same plan as plan.docx" in manifest["skipped"]["plan.txt"]
    assert manifest["documents_processed"] == 1 and not manifest["failures"]
