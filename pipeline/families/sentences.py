"""Sentences: where one ends, and a text split into them. Each form is one registered family."""

from __future__ import annotations

from pipeline.families.family import Family, Role

END = (Role.SENTENCE_END,)

# A sentence, up to and with its full stop: what the text is split into.
SENTENCE = Family(
    "sentence", r"[^。]+。?", "one sentence", END, ("本市は窓口改革を進めます。",), ("。",), matching="search",
)  # fmt: skip
# A full stop at a line's end: the line ends its paragraph.
FULL_STOP = Family(
    "full_stop", r"[。．]\s*$", "a line that ends a sentence", END,
    ("窓口改革を進めます。", "導入する． "), ("窓口改革の推進", "導入する。」へ"), matching="search",
)  # fmt: skip
# A sentence's end, written with or without its full stop: a line so ending is no title.
PREDICATE_END = Family(
    "predicate_end", r"[。．]$|(?:ます|です|する|した|ある|いる|なる|れる)[。．]?$", "a line that ends in a predicate", END,
    ("窓口改革を進めます", "研修を実施する。", "導入した"), ("窓口改革の推進", "デジタル人材"), matching="search",
)  # fmt: skip
# A definition that is complete: it ends in a full stop or a closing bracket (a glossary line that
# does not goes on in the next paragraph).
DEFINITION_END = Family(
    "definition_end", r"[。.）)」]\s*$", "a complete definition", END,
    ("業務を自動化する仕組み。", "ソフトウェアロボット（RPA）"), ("業務を自動化する仕組みのうち",), matching="search",
)  # fmt: skip

FAMILIES: tuple[Family, ...] = (SENTENCE, FULL_STOP, PREDICATE_END, DEFINITION_END)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.compiled.findall(text) if s.strip()]
