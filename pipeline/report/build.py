"""`make report`: data/processed/report/index.html (the corpus) and one page per plan, offline.

Every page is self-contained HTML with its charts inlined as SVG (report_charts.py): it opens from disk
with no network. Each plan also gets its source text as a page, so that every row links to its line.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config.vocabulary import taxonomy
from pipeline.io import read_json, write_text
from pipeline.report import charts
from pipeline.report.compare import comparison

if TYPE_CHECKING:
    import pandas as pd
    from jinja2 import Environment

REPORT_DIR = "report"
TOP_TERMS = 20
GANTT_TITLE_CHARS = 28
GANTT_MAX_ROWS = 80  # measures a plan's Gantt chart draws; the rest are in schedules.parquet
LIST_MAX_ROWS = 1_000  # measures, KPIs or cited rows a plan's page lists; all are in the tables
UNCATEGORISED = "(none)"


@dataclass
class Published:
    documents: pd.DataFrame
    sections: pd.DataFrame
    measures: pd.DataFrame
    schedules: pd.DataFrame
    kpis: pd.DataFrame
    terms: pd.DataFrame
    notes: pd.DataFrame
    catalog: pd.DataFrame
    manifest: dict
    _by_document: dict[int, dict[str, pd.DataFrame]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, processed: Path) -> Published:
        def table(name: str) -> pd.DataFrame:
            import pandas as pd  # only the report needs pandas: every other command starts without it

            return pd.read_parquet(processed / f"{name}.parquet")

        return cls(
            *(table(n) for n in ("documents", "sections", "measures", "schedules", "kpis", "terms", "notes")),
            catalog=table("terms_catalog"),
            manifest=read_json(processed / "manifest.json"),
        )

    def of(self, frame: pd.DataFrame, doc_id: str) -> pd.DataFrame:
        """One document's rows; each table is split by document once, not filtered per page."""
        if id(frame) not in self._by_document:
            self._by_document[id(frame)] = dict(tuple(frame.groupby("doc_id", sort=False)))
        return self._by_document[id(frame)].get(doc_id, frame.iloc[0:0])


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts with missing values as None (pandas gives NaN), for the templates."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape  # the report alone needs it

    return Environment(
        loader=PackageLoader("pipeline.report", "templates"), autoescape=select_autoescape(["html"])
    )


def _label(category: str | None) -> str:
    if category is None or (isinstance(category, float) and math.isnan(category)):
        return UNCATEGORISED
    known = taxonomy().categories.get(category)
    return known.label if known else category


def _value(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _period(row: dict) -> str:
    start, end = row.get("plan_start_fy"), row.get("plan_end_fy")
    if start is None and end is None:
        return "—"
    return f"{_value(start) or '?'}–{_value(end) or '?'}"


def _name(row: dict) -> str:
    return row.get("municipality") or row["doc_id"]


def corpus_charts(corpus: Published) -> dict[str, str]:
    documents = corpus.documents.sort_values("doc_id").to_dict("records")
    measures = corpus.measures.assign(label=corpus.measures["category"].map(_label))
    order = [c.label for c in taxonomy().categories.values()] + [UNCATEGORISED]
    rows = [label for label in order if label in set(measures["label"])]
    counts = [
        [int(((measures["label"] == r) & (measures["doc_id"] == d["doc_id"])).sum()) for d in documents]
        for r in rows
    ]
    top = corpus.catalog.sort_values(
        ["n_documents", "total_mentions", "term_norm"], ascending=[False, False, True]
    )
    top = top.head(TOP_TERMS)
    kpis = corpus.kpis.merge(
        corpus.measures[["doc_id", "measure_id", "category"]], on=["doc_id", "measure_id"], how="left"
    )
    by_category = kpis.assign(label=kpis["category"].map(_label)).groupby("label").size()
    by_category = by_category.reindex([label for label in order if label in by_category.index])
    return {
        "heatmap": charts.heatmap(rows, [_name(d) for d in documents], counts, "measures per category"),
        "terms": charts.bars(
            [spellings[0] for spellings in top["spellings"]],
            top["n_documents"].tolist(),
            f"the {len(top)} terms most plans define",
            "plans defining the term",
        ),
        "kpis": charts.bars(
            by_category.index.tolist(), by_category.tolist(), "numeric targets (KPIs) per category", "KPIs"
        ),
    }


def _counts(corpus: Published, doc_id: str) -> dict[str, int]:
    measures = corpus.of(corpus.measures, doc_id)
    return {
        "sections": len(corpus.of(corpus.sections, doc_id)),
        "measures": len(measures),
        "categorised": int(measures["category"].notna().sum()),
        "schedules": len(corpus.of(corpus.schedules, doc_id)),
        "kpis": len(corpus.of(corpus.kpis, doc_id)),
        "terms": len(corpus.of(corpus.terms, doc_id)),
        "notes": len(corpus.of(corpus.notes, doc_id)),
    }


def outline_tree(sections: pd.DataFrame) -> list[dict]:
    nodes = {
        row["section_id"]: {**row, "line": row["line_start"], "children": []}
        for row in records(sections.sort_values("ordinal"))
    }
    roots = []
    for node in nodes.values():
        parent = nodes.get(node["parent_id"]) if node["parent_id"] else None
        (parent["children"] if parent else roots).append(node)
    return roots


def own(frame: pd.DataFrame) -> pd.DataFrame:
    """The plan's own commitments (not the national targets or past activities it cites)."""
    return frame[frame["commitment"] == "own"]


def cited(frame: pd.DataFrame) -> pd.DataFrame:
    """The national targets and past activities a plan cites, dated."""
    return frame[frame["commitment"] != "own"]


def plan_gantt(measures: pd.DataFrame, schedules: pd.DataFrame) -> str:
    years_by_measure = (
        own(schedules).dropna(subset=["fiscal_year", "measure_id"]).groupby("measure_id")["fiscal_year"]
    )
    titles = dict(zip(measures["measure_id"], measures["title"], strict=True))
    rows = []
    for measure_id, years in years_by_measure:
        title = titles.get(measure_id, measure_id)
        rows.append((title[:GANTT_TITLE_CHARS], sorted({int(y) for y in years})))
    rows.sort(key=lambda r: (r[1][0], r[0]))
    title = "fiscal years each measure is scheduled in"
    if len(rows) > GANTT_MAX_ROWS:  # a chart of thousands of bars is neither drawable nor readable
        title += f" (the first {GANTT_MAX_ROWS} of {len(rows):,}; all are in schedules.parquet)"
        rows = rows[:GANTT_MAX_ROWS]
    years = sorted({y for _, ys in rows for y in ys})
    return charts.gantt(rows, years, title)


def _source_lines(interim: Path, doc_id: str) -> list[dict]:
    path = interim / doc_id / "labelled.parquet"
    if not path.exists():
        return []
    rows, page = [], None
    import pandas as pd

    for row in records(pd.read_parquet(path, columns=["line", "text", "label", "page"])):
        page_number = None if row["page"] is None else int(row["page"])
        rows.append({**row, "page": page_number, "new_page": page_number is not None and page_number != page})
        page = page_number
    return rows


def _pdf_link(interim: Path, doc_id: str, out_dir: Path) -> str:
    config = interim / doc_id / "config.json"
    if not config.exists():
        return ""
    base = Path(os.path.abspath(out_dir))  # where readers open the report, links not resolved
    return Path(os.path.relpath(Path(read_json(config)["source"]).resolve(), base)).as_posix()


def _plan_context(corpus: Published, row: dict, interim: Path, out_dir: Path, warnings: dict) -> dict:
    """What a plan's page shows: its outline, measures, KPIs, terms and schedule chart."""
    doc_id = row["doc_id"]
    measures = corpus.of(corpus.measures, doc_id).sort_values("line")
    titles = dict(zip(measures["measure_id"], measures["title"], strict=True))
    all_kpis = corpus.of(corpus.kpis, doc_id)
    kpis = [
        {
            **k,
            "baseline": _value(k["baseline_value"]),
            "target": _value(k["target_value"]),
            "target_fy": _value(k["target_fy"]),
            "measure": titles.get(k["measure_id"]),
        }
        for k in records(own(all_kpis).head(LIST_MAX_ROWS))
    ]
    schedules = corpus.of(corpus.schedules, doc_id)
    quoted = [
        {**row, "year": _value(row["fiscal_year"]), "kind": "schedule", "text": row["activity"]}
        for row in records(cited(schedules).drop_duplicates(["line", "activity", "commitment"]))
    ] + [{**row, "year": _value(row["target_fy"]), "kind": "target"} for row in records(cited(all_kpis))]
    return {
        "d": {**row, "period": _period(row)},
        "warnings": warnings.get(doc_id, []),
        "source_page": f"{doc_id}.source.html",
        "pdf_link": _pdf_link(interim, doc_id, out_dir),
        "outline": outline_tree(corpus.of(corpus.sections, doc_id)),
        "measures": [
            {**m, "category_label": _label(m["category"])} for m in records(measures.head(LIST_MAX_ROWS))
        ],
        "kpis": kpis,
        "counts": {"measures": len(measures), "kpis": len(own(all_kpis))},
        "cited": sorted(quoted, key=lambda row: row["line"])[:LIST_MAX_ROWS],
        "terms": records(corpus.of(corpus.terms, doc_id)),
        "charts": {"gantt": plan_gantt(measures, schedules)},
    }


def build_report(processed: Path, interim: Path, published: Path | None = None) -> Path:
    """Write the report next to the tables in `processed`; returns index.html's path. Links to the
    source PDFs are relative to where the report is published (`published`/report, where readers open
    it), when that differs from where it is built."""
    corpus = Published.read(processed)
    out_dir = processed / REPORT_DIR
    link_base = (published or processed) / REPORT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    environment = _environment()
    warnings = corpus.manifest.get("warnings", {})
    documents = []
    for row in records(corpus.documents.sort_values("doc_id")):
        doc_id = row["doc_id"]
        page, source_page = f"{doc_id}.html", f"{doc_id}.source.html"
        context = _plan_context(corpus, row, interim, link_base, warnings)
        write_text(environment.get_template("plan.html").render(**context), out_dir / page)
        lines = _source_lines(interim, doc_id)
        write_text(
            environment.get_template("source.html").render(doc_id=doc_id, plan_page=page, lines=lines),
            out_dir / source_page,
        )
        documents.append(
            {
                **row,
                "page": page,
                "period": _period(row),
                "counts": _counts(corpus, doc_id),
                "warnings": warnings.get(doc_id, []),
            }
        )
    compare = out_dir / "compare.html"
    categories = comparison(corpus.documents, corpus.measures, corpus.schedules, corpus.kpis)
    write_text(environment.get_template("compare.html").render(categories=categories), compare)
    index = out_dir / "index.html"
    write_text(
        environment.get_template("index.html").render(
            documents=documents,
            failures=list(corpus.manifest.get("failures", {}).values()),
            charts=corpus_charts(corpus),
            generated=f"commit {corpus.manifest.get('git_commit') or 'unknown'}",
        ),
        index,
    )
    _remove_stale_pages(
        out_dir,
        {index.name, compare.name}
        | {d["page"] for d in documents}
        | {f"{d['doc_id']}.source.html" for d in documents},
    )
    return index


def _remove_stale_pages(out_dir: Path, written: set[str]) -> None:
    """Pages of plans no longer published are removed, so the report shows only the current corpus."""
    for stale in out_dir.glob("*.html"):
        if stale.name not in written:
            stale.unlink()
