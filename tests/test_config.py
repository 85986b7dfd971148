from pipeline.config.documents import discover_documents


def test_documents_are_named_by_config_or_by_file_stem(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("a.txt", "b.pdf", "notes.csv", ".hidden.txt"):
        (raw / name).write_text(f"the text of {name}")
    config = tmp_path / "documents.yaml"
    config.write_text("documents:\n  - doc_id: alpha\n    source_file: a.txt\n    municipality: 青葉市\n")
    found = discover_documents(raw, config)
    specs, problems = found.specs, found.problems + found.warnings
    assert problems == []
    assert [(s.doc_id, s.source_file, s.overrides) for s in specs] == [
        ("alpha", "a.txt", {"municipality": "青葉市"}),
        ("b", "b.pdf", {}),
    ]
