"""Stage (with measures): KPIs, the numeric targets a plan sets.

KPI tables (指標 | 現状値 | 目標値（令和7年度）): one target per row and target column. Every statement in a target block (成果目標 / 目標指標 / 数値目標 …) that names a quantity or a relative
target (半減, 倍増); elsewhere in a measure, a quantity whose governing predicate (GiNZA's parse) is a
commitment (増やす, 拡大, 近づける, 推進, 取り組む …). The target year comes from the sentence, else from
the measure's schedule row showing the same figure; a dated figure in that row is the baseline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.config.vocabulary import taxonomy
from pipeline.extract.kpis.tables import kpi_table_rows
from pipeline.families.block_labels import opens_with_target_label
from pipeline.families.commitment import Setting, judge_sentence, judge_table_row
from pipeline.families.dates import FIGURE_PERIOD, find_years
from pipeline.families.enumerators import strip_item_prefix
from pipeline.families.marks import BULLET
from pipeline.families.quantities import Quantity, find_quantities
from pipeline.language.nlp import morphemes, parse
from pipeline.language.normalize import compact
from pipeline.model.lines import Label
from pipeline.model.measures import Measure, MeasureSpans, line_sentences, measure_at, measure_sentences
from pipeline.tables.find import Table
from pipeline.tables.kinds import schedule_table_lines

_RELATIVE_TARGET = re.compile(r"半減|倍増|[0-9.]+倍(?!率)|ゼロに")
# Items run together in one cell: '(1) … (2) …' or '・… ・…'.
_ENUMERATED_ITEMS = re.compile(r"(?:^|\s)(?:[(（]\d{1,2}[)）]|・)\s*")
# What may follow the year a figure is for: '令和8年度末 90%', '令和7年度中 3件'.
_YEAR_TAIL = re.compile(r"^\s*(?:末|中|当初|時点|まで|までに)?\s*$")
_ARROW = re.compile(r"[→⇒➡➔]")
_DEADLINE_PARTICLE = re.compile(r"^\s*(?:末)?(?:までに|まで|中に|中|には|に|で)?[、,\s]*")
_COMPARISON_BASE = re.compile(r"対\s*([^比、。]{2,16})比")


@dataclass
class Statement:
    line: int
    text: str
    in_target_block: bool


@dataclass
class Target:
    line: int
    text: str
    quantity: Quantity | None
    indicator: str


def _target_block_lines(lines: list[dict], sections: list[dict]) -> set[int]:
    names = {compact(name) for name in taxonomy().target_blocks}
    in_a_row = {row["line"] for row in lines if row["label"] == Label.TABLE_ROW}
    # A label heading a table row ('成果目標<TAB>(1) …') holds its targets in that row only.
    spans = [
        (s["line_start"], s["line_start"] if s["line_start"] in in_a_row else s["line_end"])
        for s in sections
        if compact(s["title"]) in names
    ]
    return {
        row["line"]
        for row in lines
        if any(a <= row["line"] <= b for a, b in spans) or opens_with_target_label(row["text"])
    }


def statements(
    measures: MeasureSpans, lines: list[dict], sections: list[dict], skip: set[int]
) -> list[Statement]:
    """Sentences (and the items run together in a cell) of every measure, marked if in a target block."""
    target_lines = _target_block_lines(lines, sections)
    # A pillar's own numeric goals (【数値目標】 under 基本目標1, outside every measure) are targets too.
    pillar_goals = [
        row for row in lines if row["line"] in target_lines and measure_at(measures, row["line"]) is None
    ]
    sentences = [*measure_sentences(measures, lines, skip), *line_sentences(pillar_goals, skip)]
    out = []
    for line, sentence in sorted(sentences, key=lambda pair: pair[0]):
        for item in _ENUMERATED_ITEMS.split(sentence):
            item = strip_item_prefix(item)
            if len(item) >= 6:
                out.append(Statement(line, item, line in target_lines))
    return out


def _predicates(doc, quantity: Quantity) -> list[str]:
    """Lemmas of the predicates a quantity may depend on: up its dependency chain, and the first verb
    after it in its clause (the parser sometimes mis-tags a verb, Sudachi's tag does not)."""
    lemmas = []
    token = next((t for t in doc if t.idx <= quantity.start < t.idx + len(t.text)), None)
    for _ in range(12):
        if token is None:
            break
        if token.pos_ in ("VERB", "ADJ") or token.tag_.startswith("動詞") or token.dep_ == "ROOT":
            lemmas.append(token.lemma_)
            break
        if token.head is token:
            break
        token = token.head
    for token in doc:
        if token.idx < quantity.end:
            continue
        if token.text in "、。":
            break
        if token.tag_.startswith("動詞") or (
            token.tag_.endswith("サ変可能") and token.nbor(1).lemma_ == "する"
            if token.i + 1 < len(doc)
            else False
        ):
            lemmas.append(token.lemma_)
            break
    return lemmas


def _inside_brackets(text: str, position: int) -> bool:
    before = text[:position]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def find_targets(statements_: list[Statement]) -> list[Target]:
    verbs = taxonomy().commitment_verbs
    targets: list[Target] = []
    outside = []
    for statement in statements_:
        quantities = [q for q in find_quantities(statement.text) if q.unit]
        if statement.in_target_block:
            if quantities or _RELATIVE_TARGET.search(statement.text):
                quantity = quantities[-1] if quantities else None
                targets.append(
                    Target(statement.line, statement.text, quantity, indicator_of(statement.text, quantity))
                )
        elif quantities and any(not _inside_brackets(statement.text, q.start) for q in quantities):
            outside.append(
                (statement, [q for q in quantities if not _inside_brackets(statement.text, q.start)])
            )
    for (statement, quantities), doc in zip(outside, parse(s.text for s, _ in outside), strict=True):
        committed = [q for q in quantities if any(v in lemma for lemma in _predicates(doc, q) for v in verbs)]
        if committed:
            quantity = committed[-1]
            targets.append(
                Target(statement.line, statement.text, quantity, indicator_of(statement.text, quantity))
            )
    return sorted(targets, key=lambda t: t.line)


def _arrow_at(target: Target) -> int:
    """Where the last arrow before the target's figure stands, or -1."""
    end = target.quantity.start if target.quantity else 0
    return max((m.start() for m in _ARROW.finditer(target.text, 0, end)), default=-1)


def _before_arrow(target: Target) -> Quantity | None:
    """The figure an arrow leads from to the target's figure ('10業務 → 30業務'), if any."""
    arrow = _arrow_at(target)
    if target.quantity is None or arrow < 0:
        return None
    figures = [q for q in find_quantities(target.text[:arrow]) if q.unit]
    return figures[-1] if figures and figures[-1].unit == target.quantity.unit else None


def indicator_of(text: str, quantity: Quantity | None) -> str:
    """What is measured, without the deadline it may open with ('令和8年度までに20業務への導入')."""
    indicator = _indicator(text, quantity)
    deadline = next(iter(find_years(indicator)), None)
    if deadline and deadline.start == 0:
        rest = _DEADLINE_PARTICLE.sub("", indicator[deadline.end :])
        return rest or indicator
    return indicator


def _indicator(text: str, quantity: Quantity | None) -> str:
    """What is measured: the noun compound before the figure (普及率100%), the object of the target
    verb (登録人数を2万人まで), the action on the counted things (200手続をオンライン化), or the
    commitment's object (…連携に取り組みます)."""
    anchor = (
        quantity.start
        if quantity
        else (_RELATIVE_TARGET.search(text).start() if _RELATIVE_TARGET.search(text) else len(text))
    )
    before = text[:anchor].rstrip(" 　：:")
    if _inside_brackets(text, anchor):
        # '国の推奨データセット（基本編14項目）': the thing counted stands before the bracket.
        opening = max(before.rfind("("), before.rfind("（"))
        return before[:opening].split("、")[-1].strip()
    year = next((m for m in find_years(before) if _YEAR_TAIL.match(before[m.end :])), None)
    if year and before[: year.start].strip():
        # 'オンライン申請件数 令和7年度 1,000件': the year the figure is for stands between it and its name.
        before = before[: year.start]
    before = FIGURE_PERIOD.compiled.sub("", before) or before  # '移住者数 年40人': 年 is the figure's period
    named = BULLET.compiled.match(before)
    if named and not re.search(r"[、。をがは]", before[named.end() :]):
        # '◇スマホ相談の件数 年300件': a goal listed under its mark is named by all it says before the figure.
        return before[named.end() :].strip()
    run = _noun_run_ending(before)
    if run and not re.search(r"[をがはにでのと、]\s*$", before):
        return run
    after = text[quantity.end :] if quantity else ""
    if quantity and re.match(r"\s*を", after):
        noun = _noun_run_starting(re.sub(r"^\s*を\s*", "", after))
        if noun:
            return noun
    obj = re.search(r"([^、。]+?)を[、\s]*[^を]*$", before)
    if obj:
        return re.sub(r"^(?:また|さらに|なお)\s*", "", obj.group(1)).strip()
    commitment = re.search(r"^(.*?)(?:に取り組|を推進|を実施|を目指|を図)", text)
    if commitment:
        return commitment.group(1).split("、")[-1].strip()
    return run or text[:anchor].strip("、 ")


def _noun_run_ending(text: str) -> str:
    run: list[str] = []
    for m in reversed(list(morphemes(text.rstrip()))):
        pos = m.part_of_speech()
        if pos[0] in ("名詞", "接尾辞", "接頭辞") and pos[1] != "数詞" or m.surface() in "・-":
            run.insert(0, m.surface())
        else:
            break
    return "".join(run).strip("・-")


def _noun_run_starting(text: str) -> str:
    run: list[str] = []
    for m in morphemes(text):
        pos = m.part_of_speech()
        if pos[0] in ("名詞", "接尾辞") and pos[1] != "数詞":
            run.append(m.surface())
        else:
            break
    return "".join(run)


def kpi_rows(
    doc_id: str,
    measures: list[Measure],
    lines: list[dict],
    sections: list[dict],
    schedules: list[dict],
    tables: list[Table],
    settings: dict[int, Setting],
) -> list[dict]:
    """Every KPI of a plan; `settings` says where each line stands, from which its commitment is judged."""
    page_of = {row["line"]: row["page"] for row in lines}
    spans = MeasureSpans(measures)
    tabled, table_lines = kpi_table_rows(tables)
    skip = schedule_table_lines(tables)
    out = []
    for row in tabled:
        measure = measure_at(spans, row["line"])
        out.append(
            {
                "doc_id": doc_id,
                "measure_id": measure.measure_id if measure else None,
                **row,
                "commitment": str(judge_table_row(settings.get(row["line"], Setting()))),
                "page": page_of.get(row["line"]),
            }
        )
    for target in find_targets(statements(spans, lines, sections, skip | table_lines)):
        measure = measure_at(spans, target.line)
        out.append(
            {
                "doc_id": doc_id,
                "measure_id": measure.measure_id if measure else None,
                **_sentence_kpi(target, measure, schedules),
                "commitment": str(_commitment(target, settings.get(target.line, Setting()))),
                "page": page_of.get(target.line),
            }
        )
    return sorted(out, key=lambda row: row["line"])


def _commitment(target: Target, setting: Setting):
    """Whose target the sentence states, judged at its figure (else at its end)."""
    position = target.quantity.start if target.quantity else len(target.text)
    years = [m.fiscal_year for m in find_years(target.text) if m.fiscal]
    return judge_sentence(target.text, position, years, setting)


def _sentence_kpi(target: Target, measure: Measure | None, schedules: list[dict]) -> dict:
    """A target sentence's KPI: the figure, its fiscal year, and a baseline from the measure's schedule
    (the same figure dated earlier), a comparison base ('…年度比') or the figure before an arrow."""
    years = [
        m
        for m in find_years(target.text)
        if m.fiscal and not _COMPARISON_BASE.search(target.text[max(0, m.start - 1) : m.end + 1])
    ]
    target_fy = years[-1].fiscal_year if years else None
    baseline_value, baseline_text = None, None
    if target.quantity is not None and measure is not None:
        scheduled_fy, baseline_value, baseline_text = _scheduled_baseline(target.quantity, measure, schedules)
        target_fy = target_fy if target_fy is not None else scheduled_fy
    base = _COMPARISON_BASE.search(target.text)
    if base and baseline_text is None:
        baseline_text = base.group(1)
    indicator = target.indicator
    before = _before_arrow(target)
    if before is not None:
        # 'RPA導入業務数：10業務（令和5年度）→30業務（令和10年度）': the figure before the arrow is the
        # baseline, and what is measured stands before that.
        baseline_value, baseline_text = before.value, target.text[before.start : _arrow_at(target)].strip()
        indicator = indicator_of(target.text, before)
    return {
        "indicator": indicator,
        "target_value": target.quantity.value if target.quantity else None,
        "unit": target.quantity.unit if target.quantity else None,
        "target_fy": target_fy,
        "baseline_value": baseline_value,
        "baseline_text": baseline_text,
        "text": target.text,
        "line": target.line,
    }


def _scheduled_baseline(quantity: Quantity, measure: Measure, schedules: list[dict]):
    """(fiscal year, baseline value, baseline text) from the measure's schedule rows: the row with the
    target's figure gives its year, and a dated figure of the same activity the baseline."""
    same_measure = [
        s for s in schedules if s["measure_id"] == measure.measure_id and s["value_num"] is not None
    ]
    matching = [s for s in same_measure if s["value_num"] == quantity.value and s["unit"] == quantity.unit]
    if not matching:
        return None, None, None
    dated = [
        s
        for s in same_measure
        if s["activity"] == matching[0]["activity"] and any(m.month for m in find_years(s["value"]))
    ]
    baseline = (dated[0]["value_num"], dated[0]["value"]) if dated else (None, None)
    return matching[0]["fiscal_year"], *baseline
