"""Reading configs/: YAML loaded through a typed schema, every problem one line naming the file, the key
and its line. Nothing in a config file is executed (yaml.safe_load; patterns are compiled, never run as
code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

CONFIG_DIR = Path(__file__).resolve().parents[2] / "configs"

Model = TypeVar("Model", bound=BaseModel)


class ConfigError(ValueError):
    """A config file that does not fit its schema: 'file: key: line N: what is wrong'."""


class _Loader(yaml.SafeLoader):
    """YAML's safe loader with dates left as text: `retrieved: 2026-11-30` is the string the schema
    checks, and `2026-13-01` is a value the schema refuses, not a crash while reading."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_Loader)  # a safe loader: no tags that build objects


def _node_at(node: yaml.Node, location: tuple) -> yaml.Node:
    """The deepest YAML node along a validation error's location (keys and list indexes)."""
    for part in location:
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if key.value == part), None)
            if child is None:
                key = next((key for key, _ in node.value if key.value == part), None)
                return key or node
            node = child
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node


def line_of(root: yaml.Node | None, location: tuple) -> int:
    """The line (from 1) of the YAML node a validation error's location points at."""
    return _node_at(root, location).start_mark.line + 1 if root is not None else 1


def _describe(error: dict) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required key is missing"
    return error["msg"]


def load_config(path: Path, schema: type[Model]) -> Model:
    """`path` validated against `schema`; raises ConfigError with one line per problem."""
    text = path.read_text(encoding="utf-8")
    try:
        return schema.model_validate(
            yaml.load(text, Loader=_Loader)
        )  # a safe loader: no tags that build objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise ConfigError(f"{path}: {where}not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except ValidationError as exc:
        root = yaml.compose(text)
        problems = []
        for error in exc.errors():
            key = ".".join(str(part) for part in error["loc"]) or "(top level)"
            problems.append(f"{path}: {key}: line {line_of(root, error['loc'])}: {_describe(error)}")
        raise ConfigError("\n".join(problems)) from None
