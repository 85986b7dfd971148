"""Scores pooled over documents (micro): every gold item of a group of documents counted together, the
way a layout family's target is stated (measures ≥ 0.95 over all its decks, not per deck). A document's
group is its file name up to the first '_' (deck_title_is_measure.pptx is a 'deck')."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.gold import prf

AREAS = ("headings", "measures", "schedules", "kpis")
# The share each area reports beside F1, pooled by matched items: the years of matched schedules.
SHARES = {"schedules": "year_agreement", "measures": "pillar_accuracy", "kpis": "target_fy_agreement"}


def group_of(source: str) -> str:
    return Path(source).stem.split("_", 1)[0]


def pooled(report: dict, together: bool = False) -> dict[str, dict[str, dict]]:
    """group -> area -> gold, predicted, matched, precision, recall, f1 and the area's pooled share;
    `together`: every document in one group, 'all' (the plans of a kind: scans, say)."""
    totals: dict[str, dict[str, dict]] = {}
    for source, scores in report.items():
        if scores.get("missing"):
            continue
        group = totals.setdefault("all" if together else group_of(source), {})
        for area in AREAS:
            if area not in scores or (area == "headings" and not scores[area]["gold"]):
                continue  # a layout without headings (a sheet) is not scored on them
            total = group.setdefault(area, {"gold": 0, "predicted": 0, "matched": 0, "agree": 0.0})
            value = scores[area]
            for key in ("gold", "predicted", "matched"):
                total[key] += value[key]
            share = value.get(SHARES.get(area, ""))
            total["agree"] += (share or 0.0) * value["matched"]
    for group in totals.values():
        for area, total in group.items():
            total.update(prf(total["gold"], total["predicted"], total["matched"]))
            if area in SHARES:
                total[SHARES[area]] = total["agree"] / total["matched"] if total["matched"] else None
    return totals


def format_pooled(report: dict, title: str, together: bool = False) -> str:
    over = "all the" if together else "each group's"
    rows = [
        f"== {title} (pooled over {over} documents)",
        "group    area        gold  P      R      F1     share",
    ]
    for group, areas in sorted(pooled(report, together).items()):
        for area, total in areas.items():
            share = total.get(SHARES.get(area, ""))
            shown = f"{SHARES[area]}={share:.2f}" if share is not None else ""
            rows.append(
                f"{group:8} {area:10} {total['gold']:5}  {total['precision']:.3f}  {total['recall']:.3f}"
                f"  {total['f1']:.3f}  {shown}"
            )
    return "\n".join(rows)
