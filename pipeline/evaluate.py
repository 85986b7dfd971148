"""`make eval`: score data/processed against reference annotations (tests/gold/*.json, see SPEC.md).

Items are paired by an order-preserving alignment on normalised text (fuzzy: SequenceMatcher ratio),
never by line number alone, so the same scoring works for a PDF rendering of a plan whose lines are
numbered differently. Per document and area: precision, recall, F1, plus area-specific agreement.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

import pandas as pd

from .io import read_json
from .normalize import compact, join_letter_spaced

SIMILARITY = 0.85
METADATA_FIELDS = (
    "municipality",
    "prefecture",
    "title",
    "published",
    "revised",
    "plan_start_fy",
    "plan_end_fy",
)


def text_key(text: Any) -> str:
    return join_letter_spaced(compact(str(text or "")))


def similar(a: str, b: str, threshold: float = SIMILARITY) -> bool:
    if a == b:
        return True
    if not a or not b:
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= threshold


def align(
    gold: Sequence[str], predicted: Sequence[str], same: Callable[[str, str], bool] = similar
) -> list[tuple[int, int]]:
    """Index pairs of the longest order-preserving matching of similar items (an LCS)."""
    n, m = len(gold), len(predicted)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if same(gold[i], predicted[j]):
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if same(gold[i], predicted[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def prf(n_gold: int, n_predicted: int, n_matched: int) -> dict[str, float | int]:
    precision = n_matched / n_predicted if n_predicted else (1.0 if not n_gold else 0.0)
    recall = n_matched / n_gold if n_gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "gold": n_gold,
        "predicted": n_predicted,
        "matched": n_matched,
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def score_headings(gold: list[dict], sections: pd.DataFrame) -> dict:
    sections = sections.sort_values("ordinal")
    predicted = sections.to_dict("records")
    pairs = align([text_key(h["title"]) for h in gold], [text_key(s["title"]) for s in predicted])
    result = prf(len(gold), len(predicted), len(pairs))
    to_predicted = dict(pairs)
    gold_parent = []
    for i, heading in enumerate(gold):
        parent = next((k for k in range(i - 1, -1, -1) if gold[k]["level"] < heading["level"]), None)
        gold_parent.append(parent)
    agree = level_agree = 0
    for i, j in pairs:
        expected = to_predicted.get(gold_parent[i]) if gold_parent[i] is not None else None
        actual_id = predicted[j]["parent_id"]
        actual = (
            next((k for k, s in enumerate(predicted) if s["section_id"] == actual_id), None)
            if actual_id
            else None
        )
        agree += expected == actual and (gold_parent[i] is None) == (actual is None)
        level_agree += gold[i]["level"] == predicted[j]["level"]
    result["nesting"] = agree / len(pairs) if pairs else 0.0
    result["level_agreement"] = level_agree / len(pairs) if pairs else 0.0
    return result


def match_unordered(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """Greedy pairing for items without a shared order: exact keys first, then the most similar."""
    pairs, used = [], set()
    for exact in (True, False):
        for i, key in enumerate(gold):
            if any(i == g for g, _ in pairs):
                continue
            candidates = [
                j
                for j, other in enumerate(predicted)
                if j not in used and (key == other if exact else similar(key, other))
            ]
            if candidates:
                best = max(candidates, key=lambda j: SequenceMatcher(None, key, predicted[j]).ratio())
                pairs.append((i, best))
                used.add(best)
    return sorted(pairs)


def score_terms(gold: list[dict], terms: pd.DataFrame) -> dict:
    predicted = terms.to_dict("records")
    pairs = match_unordered([text_key(t["term"]) for t in gold], [text_key(t["term"]) for t in predicted])
    result = prf(len(gold), len(predicted), len(pairs))
    definitions = sum(
        similar(text_key(gold[i]["definition"]), text_key(predicted[j]["definition"]), 0.9) for i, j in pairs
    )
    sources = sum(sorted(gold[i]["sources"]) == sorted(predicted[j]["sources"]) for i, j in pairs)
    result["definition_accuracy"] = definitions / len(pairs) if pairs else 0.0
    result["sources_agreement"] = sources / len(pairs) if pairs else 0.0
    return result


def score_metadata(gold: dict, document: dict) -> dict:
    expected = {
        **{k: gold.get(k) for k in METADATA_FIELDS[:5]},
        "plan_start_fy": gold["plan_period"]["start_fy"],
        "plan_end_fy": gold["plan_period"]["end_fy"],
    }
    wrong = {}
    for field in METADATA_FIELDS:
        value = document.get(field)
        value = None if pd.isna(value) else value
        if field.startswith("plan_"):
            ok = (None if value is None else int(value)) == expected[field]
        else:
            ok = text_key(value) == text_key(expected[field]) if (value or expected[field]) else True
        if not ok:
            wrong[field] = {"expected": expected[field], "got": value}
    return {"accuracy": 1 - len(wrong) / len(METADATA_FIELDS), "wrong": wrong}


def _read(processed: Path, name: str) -> pd.DataFrame | None:
    path = processed / f"{name}.parquet"
    return pd.read_parquet(path) if path.exists() else None


def evaluate_corpus(processed: Path, gold_dir: Path) -> dict:
    documents = _read(processed, "documents")
    sections = _read(processed, "sections")
    report: dict[str, dict] = {}
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = read_json(gold_path)
        stem = Path(gold["source_file"]).stem
        match = (
            documents[documents["source_file"].map(lambda s: Path(s).stem) == stem]
            if documents is not None
            else None
        )
        if match is None or match.empty:
            report[gold["source_file"]] = {"missing": True}
            continue
        document = match.iloc[0].to_dict()
        doc_id = document["doc_id"]
        scores = {"doc_id": doc_id, "metadata": score_metadata(gold, document)}
        scores["headings"] = score_headings(gold["headings"], sections[sections["doc_id"] == doc_id])
        terms = _read(processed, "terms")
        if terms is not None:
            scores["terms"] = score_terms(gold["terms"], terms[terms["doc_id"] == doc_id])
        report[gold["source_file"]] = scores
    return report


def format_report(report: dict) -> str:
    rows = ["document              area        P      R      F1     other", "-" * 78]
    for source, scores in report.items():
        if scores.get("missing"):
            rows.append(f"{source}: not in data/processed")
            continue
        doc = scores["doc_id"][:20]
        for area, value in scores.items():
            if area in ("doc_id", "metadata"):
                continue
            extras = "  ".join(
                f"{k}={v:.2f}"
                for k, v in value.items()
                if k not in ("gold", "predicted", "matched", "precision", "recall", "f1")
                and isinstance(v, float)
            )
            rows.append(
                f"{doc:20}  {area:10} {value['precision']:.3f}  {value['recall']:.3f}  {value['f1']:.3f}  {extras}"
            )
        meta = scores["metadata"]
        wrong = ", ".join(f"{k}: got {v['got']!r} want {v['expected']!r}" for k, v in meta["wrong"].items())
        rows.append(f"{doc:20}  metadata   accuracy {meta['accuracy']:.2f}  {wrong}")
    return "\n".join(rows)
