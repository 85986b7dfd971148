"""Stage 4, documents: one metadata row per plan, read from its cover and body.

municipality and title from the cover; prefecture where the text names one; published / revised from
cover dates (令和6年1月 -> 2024-01, '…改訂' marks a revision); the plan period from the sentence that
states it (計画期間 … 令和5年度から令和7年度まで). configs/documents.yaml may override any of these.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.config.municipalities import government_of, is_known, names_in, prefectures, resolve
from pipeline.config.vocabulary import ocr_settings, structure_vocabulary, taxonomy
from pipeline.families.block_labels import labelled_sections
from pipeline.families.dates import (
    cover_period,
    find_years,
    is_year_header_row,
    plan_period,
    span_of,
    year_month,
)
from pipeline.families.forms import form_fields, is_form_field
from pipeline.families.sentences import split_sentences
from pipeline.families.titles import FILING_LABEL, ORGANISATION
from pipeline.language.normalize import compact
from pipeline.language.variants import fold_variants
from pipeline.model.lines import Label, cell_texts

_MUNICIPALITY = re.compile(
    r"([\u3005\u3007\u4e00-\u9fff\u30a0-\u30ff\u3040-\u309f]{1,8}?[市町村区都道府県])(?=DX|ＤＸ|デジタル|情報|行政|スマート|$|\s|[(（])"
)
_REVISION = re.compile(r"改訂|改定|一部改正|見直し|更新|修正")
_QUOTED = re.compile(r"^[「『“\"].*[」』”\"]$")
_KATAKANA_GLOSS = re.compile(r"^[\u30a0-\u30ff・ー\s]+$")
_LATIN_ONLY = re.compile(r"^[A-Za-z0-9\s.\-]+$")
MAX_TITLE_LINE = 50


def _cover_lines(lines: list[dict]) -> list[str]:
    """The cover's lines; without a cover, the lines before the first heading, and that heading too
    when it opens the document and names a plan (a title set as the first heading)."""
    cover = [row["text"].lstrip("#").strip() for row in lines if row["label"] == Label.COVER]
    if cover:
        return [text for text in cover if text and not FILING_LABEL.recognises(text)]
    first_heading = next((row for row in lines if row["label"] == Label.HEADING), None)
    end = first_heading["line"] if first_heading else None
    head = [row for row in lines if end is None or row["line"] < end][:40]
    texts = [row["text"].lstrip("#").strip() for row in head if row["text"].strip()]
    plan_words = structure_vocabulary().plan_title_words
    if first_heading is not None and not texts and any(w in first_heading["text"] for w in plan_words):
        texts = [first_heading["text"].lstrip("#").strip()]
    return [text for text in texts if not FILING_LABEL.recognises(text)]


def cover_title(cover: list[str]) -> str | None:
    """The plan title: cover lines from the first title-like line up to the one naming the plan."""
    plan_words = structure_vocabulary().plan_title_words
    parts: list[str] = []
    for text in cover:
        if len(text) > MAX_TITLE_LINE:
            break  # prose: the cover (if any) has ended
        if (
            _QUOTED.match(text)
            or is_form_field(text)
            or year_month(text)
            or (not parts and not re.search(r"[\u4e00-\u9fffA-Za-z]", text))
        ):
            if parts:
                break
            continue
        if parts and _KATAKANA_GLOSS.match(text) and _LATIN_ONLY.match(parts[-1]):
            continue  # 'デジタル・トランスフォーメーション' under 'DX' glosses it, it is not part of the title
        if parts and names_in(text):
            parts = []  # a line opening with the municipality's name starts the title afresh (a slogan above)
        parts.append(text)
        if any(word in compact(text) for word in plan_words):
            return _joined(parts)
    return _joined(parts[:1]) if parts else None


def _joined(lines: list[str]) -> str:
    """Title lines as one title: a short line's spaces are layout (○○市 D X), a long line's are words."""
    return "".join(line.replace(" ", "") if len(line) < 30 else line for line in lines)


# Type within this share of the cover's largest counts as the title's size.
TITLE_SIZE_SHARE = 0.8


def _cover_blocks(rows: list[dict]) -> list[tuple[float, list[str]]]:
    """(type size, lines) of runs of adjacent cover lines set in the same size: a title set in two lines
    is one block. Dates, quotations and organisations are no title and part blocks."""
    blocks: list[tuple[float, list[str]]] = []
    previous_line = None
    for row in rows:
        text, size = row["text"].lstrip("#").strip(), row["size_ratio"]
        if not text or size is None:
            continue
        if (
            len(text) > MAX_TITLE_LINE
            or year_month(text)
            or _QUOTED.match(text)
            or ORGANISATION.recognises(text)
            or FILING_LABEL.recognises(text)
            or is_form_field(text)
        ):
            previous_line = None
            continue
        adjacent = previous_line is not None and row["line"] - previous_line <= 2
        if adjacent and blocks and abs(blocks[-1][0] - size) < 0.05:
            blocks[-1][1].append(text)
        else:
            blocks.append((size, [text]))
        previous_line = row["line"]
    return blocks


def typeset_title(rows: list[dict]) -> str | None:
    """The title from the cover's typography: among the blocks in the cover's largest type, the first
    that names a plan (計画, 戦略 …), else the largest. None where type sets no block apart from the
    rest of the cover (text input, or a cover set in one size): the words decide then (cover_title)."""
    blocks = _cover_blocks(rows)
    sizes = {
        round(row["size_ratio"], 1) for row in rows if row["text"].strip() and row["size_ratio"] is not None
    }
    if not blocks or len(sizes) < 2:
        return None
    largest = max(size for size, _ in blocks)
    plan_words = structure_vocabulary().plan_title_words
    large = [lines for size, lines in blocks if size >= TITLE_SIZE_SHARE * largest]
    # A slogan may be set larger than the plan's name: a block naming a plan wins in any size.
    naming = [lines for lines in large if any(word in compact("".join(lines)) for word in plan_words)] or [
        lines for _, lines in blocks if any(word in compact("".join(lines)) for word in plan_words)
    ]
    if naming:
        return cover_title(naming[0])  # up to the line that names the plan
    return _joined(max(blocks, key=lambda block: block[0])[1])


def _could_be_municipality(name: str) -> bool:
    """本市 is a reference, not a name; only prefectures end in 都, 道 or 府 (政府 is not one)."""
    return not name.startswith("本") and (
        name in prefectures() or not name.endswith(("都", "道", "府", "県"))
    )


def municipality_of(title: str | None, cover: list[str], body: str) -> str | None:
    """The issuing body. First a municipality of the code table that the title or cover names (北海道
    〇〇村まち・ひと・しごと…, ○○市DX推進計画 …); then a name the title spells in a municipality's form though the table
    lacks it (a misprint is kept as written); then a prefecture when the plan is the prefecture's own
    (茨城県DX推進計画); else the known municipality the body names most. A person's name (西村) or a
    letter-spaced form label is no municipality: the body's names count only when the table knows them."""
    texts = ([title] if title else []) + cover
    for text in texts:
        named = names_in(text)
        if named:
            return named[0]
    issuing_prefecture = None
    for index, text in enumerate(texts):
        for match in _MUNICIPALITY.finditer(text):
            name = match.group(1)
            if name in prefectures():
                issuing_prefecture = issuing_prefecture or name
                continue
            if not _could_be_municipality(name) or (index > 0 or not title) and not is_known(name):
                continue
            prefix = next((p for p in prefectures() if name.startswith(p)), None)
            return name[len(prefix) :] if prefix else name
    if issuing_prefecture:
        return issuing_prefecture
    counts = Counter(
        m.group(1)
        for m in _MUNICIPALITY.finditer(body)
        if _could_be_municipality(m.group(1)) and is_known(m.group(1))
    )
    return counts.most_common(1)[0][0] if counts else None


def prefecture_of(municipality: str | None, body: str) -> str | None:
    if municipality in prefectures():
        return municipality
    counts = {name: body.count(name) for name in prefectures() if name in body}
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], -body.index(name)))


def identify(metadata: dict, named_by_config: bool = False) -> list[str]:
    """Set lg_code (and the prefecture it implies) from the municipality and prefecture, or check a
    configured lg_code; returns warnings. The municipality then follows the code table (a plan that
    misprints its own name is published under the official one), unless configs/documents.yaml names
    it: `municipality_as_written` keeps the plan's own spelling."""
    code = metadata.get("lg_code")
    if code:
        government = government_of(code)
        if government is None:
            return [f"lg_code {code} is not in the code table"]
        warning = None
    else:
        government, warning = resolve(metadata.get("municipality"), metadata.get("prefecture"))
    if government is not None:
        metadata["lg_code"] = government.code
        metadata["prefecture"] = government.prefecture
        if not named_by_config:
            metadata["municipality"] = government.name
    return [warning] if warning else []


def cover_dates(cover: list[str]) -> tuple[str | None, str | None]:
    """(published, revised) from the cover's dates; a date next to 改訂/改定 is a revision."""
    published = revised = None
    for text in cover:
        date = year_month(text)
        if not date:
            continue
        if _REVISION.search(text):
            revised = revised or date
        else:
            published = published or date
    return published, revised


def period_sentences(lines: list[dict], sections: list[dict]) -> list[str]:
    """The sentences that may state the plan's period: those under a heading that names the period
    (戦略の期間, 計画期間 …) first, then the rest in reading order."""
    heading = _pattern(structure_vocabulary().plan_period.sections)
    stating = {s["section_id"] for s in sections if heading.search(fold_variants(compact(s["title"])))}
    first = [row for row in lines if row.get("section_id") in stating]
    return sentences(first) + sentences([row for row in lines if row.get("section_id") not in stating])


def sentences(lines: list[dict], labels: tuple[str, ...] = (Label.PARAGRAPH, Label.LIST_ITEM)) -> list[str]:
    out = []
    for row in lines:
        if row["label"] in labels:
            out.extend(split_sentences(row["text"]))
    return out


# rows at the top of a table where its year header may stand (a title row, a spanning スケジュール
# band, the years); a schedule's header repeated further down names the same years
YEAR_HEADER_ROWS = 6


def ocr_confidence(lines: list[dict]) -> float | None:
    """OCR's mean confidence in a document's lines read by OCR, each weighted by its length; None where
    no line was."""
    read = [
        (row["ocr_confidence"], len(row["text"])) for row in lines if row.get("ocr_confidence") is not None
    ]
    weight = sum(length for _, length in read)
    return round(sum(conf * length for conf, length in read) / weight, 1) if weight else None


def ocr_warnings(confidence: float | None) -> list[str]:
    """A warning for a scan read poorly: its rows are worth checking against the page."""
    poor = ocr_settings().poor_confidence
    if confidence is None or confidence >= poor:
        return []
    return [
        f"read by OCR with a mean confidence of {confidence:.0f} of 100 (below {poor:.0f}): "
        "check its rows against the scanned pages"
    ]


def schedule_start_year(table_rows: list[dict]) -> int | None:
    """The earliest fiscal year heading a schedule table, a witness of when the plan starts."""
    by_row: dict[tuple[str, int], list[str]] = {}
    for cell in table_rows:
        if cell["row"] < YEAR_HEADER_ROWS:
            by_row.setdefault((cell["table_id"], cell["row"]), []).append(cell["text"])
    years = [
        m.fiscal_year
        for cells in by_row.values()
        if is_year_header_row(cells)
        for cell in cells
        for m in find_years(cell)
    ]
    return min(years) if years else None


def _pattern(words: list[str] | str) -> re.Pattern:
    return re.compile(words if isinstance(words, str) else "|".join(f"(?:{w})" for w in words))


def plan_evidence(
    title: str | None,
    period: tuple[int | None, int | None],
    lines: list[dict],
    sections: list[dict],
    table_rows: list[dict],
) -> list[str]:
    """The evidence (configs/structure.yaml plan_evidence) that a document is a plan, by name."""
    vocab = structure_vocabulary()
    config = vocab.plan_evidence
    found = []
    non_plan = _pattern(config.non_plan_titles)
    if title and any(word in title for word in vocab.plan_title_words) and not non_plan.search(title):
        found.append("title_names_a_plan")
    if any(year is not None for year in period):
        found.append("plan_period")
    measure_words = _pattern(config.measure_words)
    if sum(bool(measure_words.search(row["text"])) for row in lines) >= config.min_measure_lines:
        found.append("measure_vocabulary")
    actions = re.compile("^(?:" + "|".join(vocab.action_block_labels) + ")$")
    acting = [s for s in sections if actions.match(re.sub(r"\s", "", s["title"]))]
    if acting:
        found.append("action_block_labels")
    if len({s["parent_id"] for s in acting if s["parent_id"]} | labelled_sections(lines)) >= (
        config.min_measure_pages
    ):
        found.append("measure_pages")
    named = {compact(word) for word in taxonomy().measure_table_headers.name}
    labels = [s["family"].split(":")[1] for s in sections if s["family"].startswith("label:")]
    if sum(compact(word) in named for word in labels) >= config.min_measure_pages:
        found.append("measure_headings")
    if schedule_start_year(table_rows) is not None or any(row["kind"] == "schedule" for row in table_rows):
        found.append("schedule_table")  # a row of years, or years down a column
    if any(row["kind"] == "action_plan" for row in table_rows):
        found.append("action_plan_table")
    return found


def is_plan(evidence: list[str]) -> bool:
    config = structure_vocabulary().plan_evidence
    return sum(getattr(config.weights, name) for name in evidence) >= config.threshold


# A standard form's fields are read from the document's first lines (the form is its first page).
FORM_LINES = 200


def _form_title(title: str | None, form: dict[str, str]) -> str | None:
    """A form's plan name where the cover gives none; a bare plan word on the cover (経営戦略) takes the
    form's project before it (簡易水道事業経営戦略)."""
    if not title:
        return form.get("plan")
    plan_words = structure_vocabulary().plan_title_words
    bare = any(compact(title).endswith(word) and len(compact(title)) <= len(word) + 2 for word in plan_words)
    return form["project"] + compact(title) if bare and form.get("project") else title


def extract_metadata(
    lines: list[dict], sections: list[dict], table_rows: list[dict], properties: dict | None = None
) -> tuple[dict, list[str]]:
    """Metadata of one document from its labelled lines, outline and table cells, and warnings."""
    cover = _cover_lines(lines)
    body = "\n".join(row["text"] for row in lines if row["label"] not in (Label.COVER, Label.TOC))
    cover_rows = [row for row in lines if row["label"] == Label.COVER and row.get("size_ratio") is not None]
    form = form_fields([(row["text"], cell_texts(row) or None) for row in lines[:FORM_LINES]])
    title = _form_title(typeset_title(cover_rows) or cover_title(cover), form)
    municipality = municipality_of(title, cover + [form.get("issuer", "")], body)
    published, revised = cover_dates(cover + [form.get("adopted", "")])
    published_source = "cover" if published else None
    if published is None:
        tail = [row["text"] for row in lines[-15:] if row["text"].strip()]
        published, revised_tail = cover_dates(tail)
        revised = revised or revised_tail
        published_source = "colophon" if published else None
    if published is None and (properties or {}).get("created"):
        published, published_source = properties["created"], "metadata"
    period_words = structure_vocabulary().plan_period
    read = [fold_variants(sentence) for sentence in period_sentences(lines, sections)]
    period = plan_period(
        read, *(_pattern(words) for words in (period_words.own, period_words.previous, period_words.stated))
    )
    if period.start_fy is None and period.end_fy is None:
        period = cover_period(cover)
    if period.start_fy is None and period.end_fy is None and "period" in form:
        period = span_of(form["period"])
    start, end = period.start_fy, period.end_fy
    if end is not None and start is None:
        start = schedule_start_year(table_rows) or (int(published[:4]) if published else None)
    evidence = plan_evidence(title, (start, end), lines, sections, table_rows)
    warnings = []
    if not is_plan(evidence):
        shown = ", ".join(evidence) or "none"
        warnings.append(f"not a plan (evidence: {shown}): published without measures, schedules or KPIs")
    metadata = {
        "is_plan": is_plan(evidence),
        "lg_code": None,
        "municipality": municipality,
        "municipality_as_written": municipality,
        "prefecture": prefecture_of(municipality, body),
        "title": title,
        "published": published,
        "published_source": published_source,
        "revised": revised,
        "plan_start_fy": start,
        "plan_end_fy": end,
    }
    return metadata, warnings
