"""A measure's category (configs/taxonomy.yaml): weighed from its title, its description and its pillar."""

from __future__ import annotations

from functools import lru_cache

from pipeline.config.vocabulary import taxonomy
from pipeline.language.nlp import normalized_key


@lru_cache(maxsize=1)
def _category_signals() -> list[tuple[str, list[str]]]:
    return [
        (key, [normalized_key(signal) for signal in spec.signals])
        for key, spec in taxonomy().categories.items()
    ]


def category_scores(title: str, description: str = "", pillar: str = "") -> dict[str, float]:
    """Weighted evidence per category (configs/taxonomy.yaml `category_evidence`): signals the title
    names, signals the description names (each counted up to a cap), and signals the pillar names."""
    weights = taxonomy().category_evidence
    title_key, body, pillar_key = (
        normalized_key(title),
        normalized_key(description),
        normalized_key(pillar or ""),
    )
    scores = {}
    for key, words in _category_signals():
        in_title = sum(s in title_key for s in words)
        in_body = min(sum(body.count(s) for s in words), weights.description_cap)
        in_pillar = sum(s in pillar_key for s in words)
        scores[key] = weights.title * in_title + weights.description * in_body + weights.pillar * in_pillar
    return scores


def categorize(title: str, description: str = "", pillar: str = "") -> str | None:
    """The category with the most evidence, when it has enough and clearly more than the next; a
    category the title names outright wins over one only the description names. None when nothing fits:
    an industry-support or citizen-participation measure is not forced into a category."""
    weights = taxonomy().category_evidence
    scores = category_scores(title, description, pillar)
    title_key = normalized_key(title)
    named = [key for key, words in _category_signals() if any(s in title_key for s in words)]
    ranked = sorted(
        ((score, key) for key, score in scores.items() if not named or key in named), reverse=True
    )
    if not ranked or ranked[0][0] < weights.min_score:
        return None
    if len(named) == 1:
        return named[0]
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    return ranked[0][1] if ranked[0][0] >= weights.margin * second else None
