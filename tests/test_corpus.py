"""End to end on the bundled plans: the published tables and their scores against tests/gold."""

import json

import pytest
from conftest import GOLD, read

from pipeline.evaluation.gold import evaluate_corpus
from pipeline.model.schemas import PUBLISHED


@pytest.fixture(scope="module")
def report(corpus):
    return evaluate_corpus(corpus, GOLD)


def test_every_table_follows_its_declared_schema(corpus):
    import pyarrow.parquet as pq

    for name, schema in PUBLISHED.items():
        path = corpus / f"{name}.parquet"
        if path.exists():
            assert pq.read_schema(path).remove_metadata().equals(schema.remove_metadata()), name


def test_headings_and_metadata_meet_the_targets(report):
    for source, scores in report.items():
        assert scores["headings"]["f1"] >= 0.90, source
        assert scores["headings"]["nesting"] >= 0.85, source
        assert scores["metadata"]["wrong"] == {}, source


def test_terms_measures_schedules_and_kpis_meet_the_targets(report):
    for source, scores in report.items():
        assert scores["terms"]["f1"] >= 0.95 and scores["terms"]["definition_accuracy"] >= 0.95, source
        measures = scores["measures"]
        assert (
            measures["f1"] >= 0.95
            and measures["level1_recall"] == 1.0
            and measures["pillar_accuracy"] >= 0.95
        ), source
        assert scores["schedules"]["f1"] >= 0.85 and scores["schedules"]["year_agreement"] >= 0.9, source
        assert scores["kpis"]["f1"] >= 0.8, source


def test_measures_link_schedules_and_kpis(corpus):
    measures = read(corpus, "measures")
    assert measures["measure_id"].is_unique
    assert set(measures["parent_id"].dropna()) <= set(measures["measure_id"])
    for table in ("schedules", "kpis"):
        assert set(read(corpus, table)["measure_id"].dropna()) <= set(measures["measure_id"])
    recovered = measures[measures["recovered"]]
    assert recovered[["title", "number"]].values.tolist() == [["テレワークの推進", "(6)"]]


def test_section_ids_are_unique_and_parents_exist(corpus):
    sections = read(corpus, "sections")
    assert sections["section_id"].is_unique
    assert set(sections["parent_id"].dropna()) <= set(sections["section_id"])


def test_manifest_records_versions_hashes_and_counts(corpus):
    manifest = json.loads((corpus / "manifest.json").read_text())
    assert manifest["packages"]["spacy"] and manifest["packages"]["ja-ginza"]
    assert all(len(entry["sha256"]) == 64 for entry in manifest["inputs"])
    assert manifest["tables"]["sections"] == len(read(corpus, "sections"))


def test_outputs_are_deterministic(corpus, tmp_path):
    from conftest import RAW, run_pipeline

    run_pipeline(sorted(RAW.iterdir()), tmp_path)
    for name in ("documents", "sections", "tables", "terms", "measures", "schedules", "kpis"):
        assert read(corpus, name).equals(read(tmp_path, name)), name
