"""`make eval`: score data/processed against reference annotations (tests/gold/*.json, see SPEC.md).

Items are paired by an order-preserving alignment on normalised text (fuzzy: SequenceMatcher ratio),
never by line number alone, so the same scoring works for a PDF rendering of a plan whose lines are
numbered differently. Per document and area: precision, recall, F1, plus area-specific agreement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.io import read_json
from pipeline.language.normalize import compact, join_letter_spaced, normalize_text

if TYPE_CHECKING:
    import pandas as pd

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


def _isna(value: Any) -> bool:
    import pandas as pd  # only the evaluation needs pandas: every other command starts without it

    return bool(pd.isna(value))


def text_key(text: Any) -> str:
    if text is None or (isinstance(text, float) and _isna(text)):
        return ""
    # The pipeline publishes normalised text (NFKC: Ⅰ is I); the gold copies the source as written.
    return join_letter_spaced(compact(normalize_text(str(text))))


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


def same_pillar(want: str, got: str) -> bool:
    """A pillar agrees written whole or as its heading's title without its number (柱1 だれもが… is
    だれもが… where the heading gives 柱1 as its number)."""
    return want == got or bool(want and got and (want.endswith(got) or got.endswith(want)))


def score_measures(gold: list[dict], measures: pd.DataFrame) -> dict:
    predicted = measures.sort_values("line").to_dict("records")
    pairs = align([text_key(m["title"]) for m in gold], [text_key(m["title"]) for m in predicted])
    result = prf(len(gold), len(predicted), len(pairs))
    level1 = [i for i, m in enumerate(gold) if m["level"] == 1]
    matched = dict(pairs)
    result["level1_recall"] = sum(i in matched for i in level1) / len(level1) if level1 else 1.0
    result["pillar_accuracy"] = _share(
        pairs, lambda i, j: same_pillar(text_key(gold[i]["pillar"]), text_key(predicted[j]["pillar"]))
    )
    result["priority_accuracy"] = _share(
        pairs, lambda i, j: bool(gold[i]["national_priority"]) == bool(predicted[j]["national_priority"])
    )
    return result


def _share(pairs: list[tuple[int, int]], agrees: Callable[[int, int], bool]) -> float | None:
    """The share of pairs that agree; None (not applicable) when nothing was paired."""
    return sum(agrees(i, j) for i, j in pairs) / len(pairs) if pairs else None


def score_schedules(gold: list[dict], schedules: pd.DataFrame) -> dict:
    """One item per activity and value; a sentence's several years form one item, as in the gold."""
    items: dict[tuple, list] = {}
    commitments: dict[tuple, str | None] = {}
    for row in schedules.sort_values("line", kind="stable").to_dict("records"):
        value = None if _isna(row["value"]) else row["value"]
        key = (row["line"], row["activity"], value if row["source"] == "table" else None)
        years = items.setdefault(key, [])
        commitments.setdefault(key, row.get("commitment"))
        if not _isna(row["fiscal_year"]):
            years.append(int(row["fiscal_year"]))
    predicted = [
        (activity, value, sorted(set(years)) or None, commitments[(line, activity, value)])
        for (line, activity, value), years in items.items()
    ]
    pairs = align(
        [text_key(g["activity"]) + "|" + text_key(g["value"]) for g in gold],
        [text_key(a) + "|" + text_key(v) for a, v, _, _ in predicted],
    )
    result = prf(len(gold), len(predicted), len(pairs))
    result["year_agreement"] = _share(
        pairs,
        lambda i, j: (
            (sorted(gold[i]["fiscal_years"]) if gold[i]["fiscal_years"] else None) == predicted[j][2]
        ),
    )
    result.update(score_commitments(gold, [p[3] for p in predicted], pairs))
    return result


def score_commitments(gold: list[dict], predicted: list[str | None], pairs: list[tuple[int, int]]) -> dict:
    """Whose commitment each row states: agreement over the paired rows the gold judges, and how many
    of the gold's national and past rows were found and flagged as such (`non_own_flagged` of `non_own`)."""
    judged = [(i, j) for i, j in pairs if gold[i].get("commitment")]
    flagged = sum(gold[i]["commitment"] != "own" and predicted[j] == gold[i]["commitment"] for i, j in judged)
    return {
        "commitment_accuracy": _share(judged, lambda i, j: predicted[j] == gold[i]["commitment"]),
        "non_own": sum(g.get("commitment") not in (None, "own") for g in gold),
        "non_own_flagged": flagged,
        "commitment_judged": len(judged),
    }


def score_kpis(gold: list[dict], kpis: pd.DataFrame) -> dict:
    """A KPI counts when its sentence is found with the same target value and unit."""
    predicted = kpis.sort_values("line").to_dict("records")
    pairs = align(
        [text_key(k["text"]) for k in gold],
        [text_key(k["text"]) for k in predicted],
        lambda a, b: similar(a, b, 0.8),
    )

    def same_value(i: int, j: int) -> bool:
        want, got = gold[i]["target_value"], predicted[j]["target_value"]
        want_unit, got_unit = gold[i]["unit"], predicted[j]["unit"]
        value_ok = (want is None and _isna(got)) or (
            want is not None and not _isna(got) and abs(want - got) < 1e-6
        )
        return value_ok and text_key(want_unit) == text_key(got_unit)

    matched = [(i, j) for i, j in pairs if same_value(i, j)]
    result = prf(len(gold), len(predicted), len(matched))
    result.update(score_commitments(gold, [row.get("commitment") for row in predicted], pairs))
    result["target_fy_agreement"] = _share(
        matched,
        lambda i, j: (
            gold[i]["target_fy"]
            == (None if _isna(predicted[j]["target_fy"]) else int(predicted[j]["target_fy"]))
        ),
    )
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
        value = None if _isna(value) else value
        if field.startswith("plan_"):
            ok = (None if value is None else int(value)) == expected[field]
        elif field == "municipality":
            # The official name (from the code table) or the plan's own spelling: either is right.
            accepted = [expected[field], *gold.get("municipality_also", [])]
            written = document.get("municipality_as_written")
            ok = any(text_key(name) in (text_key(value), text_key(written)) for name in accepted)
        else:
            ok = text_key(value) == text_key(expected[field]) if (value or expected[field]) else True
        if not ok:
            wrong[field] = {"expected": expected[field], "got": value}
    return {"accuracy": 1 - len(wrong) / len(METADATA_FIELDS), "wrong": wrong}


def _read(processed: Path, name: str) -> pd.DataFrame | None:
    path = processed / f"{name}.parquet"
    import pandas as pd

    return pd.read_parquet(path) if path.exists() else None


def evaluate_corpus(processed: Path, gold_dir: Path) -> dict:
    documents = _read(processed, "documents")
    sections = _read(processed, "sections")
    tables = {area: _read(processed, area) for area in ("terms", "measures", "schedules", "kpis")}
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
        for area, scorer in (
            ("terms", score_terms),
            ("measures", score_measures),
            ("schedules", score_schedules),
            ("kpis", score_kpis),
        ):
            table = tables.get(area)
            if table is not None:
                scores[area] = scorer(gold[area], table[table["doc_id"] == doc_id])
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
            if value.get("non_own"):
                extras += f"  non_own_flagged={value['non_own_flagged']}/{value['non_own']}"
            rows.append(
                f"{doc:20}  {area:10} {value['precision']:.3f}  {value['recall']:.3f}  {value['f1']:.3f}  {extras}"
            )
        meta = scores["metadata"]
        wrong = ", ".join(f"{k}: got {v['got']!r} want {v['expected']!r}" for k, v in meta["wrong"].items())
        rows.append(f"{doc:20}  metadata   accuracy {meta['accuracy']:.2f}  {wrong}")
    rows.append(_commitment_summary(report))
    return "\n".join(rows)


def _commitment_summary(report: dict) -> str:
    """Over every document: the gold's national and past rows flagged, and commitment accuracy."""
    parts = []
    for area in ("schedules", "kpis"):
        scored = [s[area] for s in report.values() if not s.get("missing") and area in s]
        flagged = sum(s["non_own_flagged"] for s in scored)
        non_own = sum(s["non_own"] for s in scored)
        judged = [
            (s["commitment_accuracy"], s["commitment_judged"]) for s in scored if s["commitment_judged"]
        ]
        weight = sum(n for _, n in judged)
        accuracy = sum(a * n for a, n in judged) / weight if weight else float("nan")
        parts.append(f"{area}: non-own flagged {flagged}/{non_own}, commitment accuracy {accuracy:.3f}")
    return "commitments (all documents): " + "; ".join(parts)


_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)


def strip_markup(text: str) -> str:
    """Text as pdftotext-like tools give it: markdown heading marks and ** emphasis removed."""
    return _HEADING_MARK.sub("", text).replace("**", "")


def format_comparison(report: dict, baseline: dict, tolerance: float = 0.05, label: str = "text") -> str:
    """F1 per document and area beside a baseline run's (the same plans as text), flagging big gaps."""
    by_stem = {Path(source).stem: scores for source, scores in baseline.items()}
    rows = [f"document              area        F1     {label} F1  delta", "-" * 60]
    worst = 0.0
    for source, scores in report.items():
        other = by_stem.get(Path(source).stem)
        if scores.get("missing") or not other or other.get("missing"):
            continue
        for area, value in scores.items():
            if area in ("doc_id", "metadata") or area not in other:
                continue
            delta = value["f1"] - other[area]["f1"]
            worst = min(worst, delta)
            flag = f"  <-- more than {tolerance:.2f} below {label}" if delta < -tolerance else ""
            rows.append(
                f"{Path(source).stem[:20]:20}  {area:10} {value['f1']:.3f}  {other[area]['f1']:.3f}   {delta:+.3f}{flag}"
            )
    rows.append(f"largest drop against {label}: {-worst:.3f}")
    return "\n".join(rows)
