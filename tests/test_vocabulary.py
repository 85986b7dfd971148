"""configs/: every shared file fits its schema, every vocabulary field has examples and each example
matches (or not) the way the pipeline matches it; a misspelt key is one error naming file, key and line."""

import re

import pytest
from pydantic import BaseModel

from pipeline.config.files import CONFIG_DIR, ConfigError, load_config
from pipeline.config.schema import PdfConfig, StructureConfig, TaxonomyConfig
from pipeline.language.normalize import compact

SCHEMAS = {"structure.yaml": StructureConfig, "taxonomy.yaml": TaxonomyConfig, "pdf.yaml": PdfConfig}


def vocabulary_fields(model: BaseModel, prefix: str = "") -> dict[str, tuple[str, object]]:
    """Dotted path -> (how it is matched, value) for every vocabulary field, nested ones included."""
    out = {}
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, BaseModel):
            out |= vocabulary_fields(value, path + ".")
        elif isinstance(value, dict) and value and all(isinstance(v, BaseModel) for v in value.values()):
            for key, item in value.items():
                out |= vocabulary_fields(item, f"{path}.{key}.")
        elif field.json_schema_extra:
            out[path] = (field.json_schema_extra["matched"], value)
    return out


def matches(matched: str, value: object, text: str) -> bool:
    patterns = [value] if isinstance(value, str) else list(value)
    patterns = [p for item in patterns for p in (item if isinstance(item, list) else [item])]
    if matched == "fullmatch":
        return any(re.fullmatch(p, compact(text)) for p in patterns)
    if matched == "contains":
        return any(word in text for word in patterns)
    flags = re.IGNORECASE if matched == "isearch" else 0
    return any(re.search(p, text, flags) for p in patterns)


def cases():
    for file, schema in SCHEMAS.items():
        config = load_config(CONFIG_DIR / file, schema)
        fields = vocabulary_fields(config)
        for path, examples in config.examples.items():
            matched, value = fields[path]
            yield from (
                pytest.param(matched, value, text, True, id=f"{file}:{path}:{text}")
                for text in examples.match
            )
            yield from (
                pytest.param(matched, value, text, False, id=f"{file}:{path}:not {text}")
                for text in examples.no_match
            )


@pytest.mark.parametrize(("matched", "value", "text", "expected"), list(cases()))
def test_every_vocabulary_example(matched, value, text, expected):
    assert matches(matched, value, text) == expected


@pytest.mark.parametrize("file", SCHEMAS)
def test_every_vocabulary_field_has_examples_and_every_example_names_a_field(file):
    config = load_config(CONFIG_DIR / file, SCHEMAS[file])
    fields = set(vocabulary_fields(config))
    assert set(config.examples) == fields
    assert all(examples.match and examples.no_match for examples in config.examples.values())


def test_a_misspelt_key_names_the_file_the_key_and_its_line(tmp_path):
    text = (CONFIG_DIR / "pdf.yaml").read_text(encoding="utf-8").replace("edge_lines:", "edge_line:")
    path = tmp_path / "pdf.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "edge_line:" in row)
    with pytest.raises(ConfigError) as error:
        load_config(path, PdfConfig)
    problems = str(error.value).splitlines()
    assert f"{path}: furniture.edge_line: line {line}: unknown key" in problems
    assert f"{path}: furniture.edge_lines: line {line - 1}: required key is missing" in problems


def test_a_value_of_the_wrong_type_is_named(tmp_path):
    path = tmp_path / "taxonomy.yaml"
    text = (
        (CONFIG_DIR / "taxonomy.yaml").read_text(encoding="utf-8").replace("min_score: 2", "min_score: high")
    )
    path.write_text(text, encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"category_evidence\.min_score: line \d+: Input should be a valid number"
    ):
        load_config(path, TaxonomyConfig)


def test_a_broken_shared_config_stops_a_run_with_one_line_per_problem(tmp_path, monkeypatch, capsys):
    from pipeline import cli

    def broken() -> list[str]:
        return ["configs/pdf.yaml: furniture.edge_line: line 22: unknown key"]

    monkeypatch.setattr(cli, "config_problems", broken)
    plan = tmp_path / "plan.txt"
    plan.write_text("第1章 はじめに\n本市はデジタル化を推進します。" * 5, encoding="utf-8")
    assert cli.main(["run", str(plan), "-o", str(tmp_path / "out")]) == cli.EXIT_INPUT_ERROR
    assert capsys.readouterr().err == "error: configs/pdf.yaml: furniture.edge_line: line 22: unknown key\n"
    assert not (tmp_path / "out").exists()


def test_the_shared_configs_fit_their_schemas():
    from pipeline.config.vocabulary import config_problems

    assert config_problems() == []
