"""Sentences: where one ends, and a text split into them."""

from __future__ import annotations

import re

_SENTENCE = re.compile(r"[^。]+。?")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]
