"""data/processed/datapackage.json: a valid Frictionless Data Package that describes every published
table and column, with keys that hold, and the license and sources a maintainer sets."""

import json
import shutil

import pyarrow.parquet as pq
import pytest
from conftest import RAW
from frictionless import Package

from pipeline.run.datapackage import SCHEMA_DOC, column_descriptions


def test_the_published_package_is_valid_with_its_keys(corpus):
    report = Package(str(corpus / "datapackage.json")).validate()
    assert report.valid, [error.message for task in report.tasks for error in task.errors][:5]


def test_every_table_and_column_is_described(corpus):
    package = json.loads((corpus / "datapackage.json").read_text())
    published = {path.stem for path in corpus.glob("*.parquet")}
    assert {resource["name"] for resource in package["resources"]} == published
    for resource in package["resources"]:
        names = [field["name"] for field in resource["schema"]["fields"]]
        assert names == pq.read_schema(corpus / resource["path"]).names
        undescribed = [f["name"] for f in resource["schema"]["fields"] if not f["description"]]
        assert undescribed == [], f"{resource['name']}: describe {undescribed} in docs/SCHEMA.md"


def test_descriptions_come_from_the_schema_page():
    described = column_descriptions(SCHEMA_DOC.read_text(encoding="utf-8"))
    assert described["documents"]["published_source"].startswith("where `published` was read")
    assert described["documents"]["plan_end_fy"] == described["documents"]["plan_start_fy"]


def test_a_broken_foreign_key_makes_the_package_invalid(corpus, tmp_path):
    copy = tmp_path / "processed"
    shutil.copytree(
        corpus, copy, symlinks=False, ignore=shutil.ignore_patterns("interim", "report", ".releases")
    )
    documents = pq.read_table(copy / "documents.parquet")
    pq.write_table(documents.slice(1), copy / "documents.parquet")  # one plan's row gone
    assert not Package(str(copy / "datapackage.json")).validate().valid


def test_license_and_sources_from_the_config(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(sorted(RAW.glob("*.txt"))[0], raw / "plan.txt")
    config = tmp_path / "documents.yaml"
    config.write_text(
        "dataset:\n  title: 試験用データセット\n  license: {name: CC-BY-4.0, path: https://creativecommons.org/licenses/by/4.0/}\n"
        "documents:\n  - doc_id: plan\n    source_file: plan.txt\n"
        "    source_url: https://www.example.lg.jp/dx/plan.pdf\n    retrieved: 2026-11-30\n",
        encoding="utf-8",
    )
    from pipeline.cli import main

    interim, out = tmp_path / "interim", tmp_path / "out"
    assert main(["plan", "--raw", str(raw), "--config", str(config), "--interim", str(interim)]) == 0
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0
    assert main(["publish", "--interim", str(interim), "-o", str(out)]) == 0
    package = json.loads((out / "datapackage.json").read_text())
    assert package["title"] == "試験用データセット"
    assert package["licenses"] == [
        {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
    ]
    assert package["sources"][0]["path"] == "https://www.example.lg.jp/dx/plan.pdf"
    row = pq.read_table(out / "documents.parquet").to_pylist()[0]
    assert (row["source_url"], row["retrieved"]) == ("https://www.example.lg.jp/dx/plan.pdf", "2026-11-30")
    assert Package(str(out / "datapackage.json")).validate().valid


@pytest.mark.parametrize("bad", ["retrieved: 2026-13-01", "source_url: ftp://x"])
def test_a_wrong_source_field_is_a_config_problem(tmp_path, bad):
    from pipeline.config.documents import discover_documents

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text("x")
    config = tmp_path / "documents.yaml"
    config.write_text(
        f"documents:\n  - doc_id: plan\n    source_file: plan.txt\n    {bad}\n", encoding="utf-8"
    )
    assert len(discover_documents(raw, config).problems) == 1
