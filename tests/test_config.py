import pytest

from pipeline.config import ConfigError, discover_documents


def test_documents_are_named_by_config_or_by_file_stem(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.pdf", "notes.csv", ".hidden.txt"):
        (raw / name).write_text("x")
    config = tmp_path / "documents.yaml"
    config.write_text("documents:\n  - doc_id: alpha\n    source_file: a.txt\n    municipality: 青葉市\n")
    specs = discover_documents(raw, config)
    assert [(s.doc_id, s.source_file, s.overrides) for s in specs] == [
        ("alpha", "a.txt", {"municipality": "青葉市"}),
        ("b", "b.pdf", {}),
    ]


def test_duplicate_ids_and_unknown_keys_are_errors(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("x")
    (raw / "b.txt").write_text("x")
    config = tmp_path / "documents.yaml"
    config.write_text("documents:\n  - doc_id: b\n    source_file: a.txt\n")
    with pytest.raises(ConfigError, match="used by both"):
        discover_documents(raw, config)
    config.write_text("documents:\n  - doc_id: x\n    source_file: a.txt\n    mayor: 誰か\n")
    with pytest.raises(ConfigError, match="unknown keys"):
        discover_documents(raw, config)
