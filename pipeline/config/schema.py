"""The schema of every shared config file (configs/structure.yaml, taxonomy.yaml, pdf.yaml, notes.yaml).

An unknown or misspelt key is an error (extra="forbid"). A vocabulary field says how the pipeline
matches it (`matched`): `fullmatch` (the whole text, spaces removed, matches one of the patterns),
`search` (the pattern occurs in the text; `isearch` ignoring case) or `contains` (one of the words occurs in the text). Each
file's `examples` give, per field, texts that must and must not match it that way; tests/test_vocabulary.py
runs every one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pipeline.config.reader_settings import LayoutSettings, OcrSettings

Matching = Literal["fullmatch", "search", "isearch", "contains"]


def vocabulary(matched: Matching, **kwargs) -> object:
    """A vocabulary field and how it is matched (read by the examples test)."""
    return Field(json_schema_extra={"matched": matched}, **kwargs)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Examples(Strict):
    match: list[str] = []
    no_match: list[str] = []


class HeadingWeights(Strict):
    """The weight of each heading signal (pipeline/outline/evidence.py)."""

    enumerator: float
    block_label: float
    top_level_label: float
    toc_entry: float
    markdown: float
    larger_type: float
    bold: float
    distinct_face: float
    boxed: float
    short_line: float
    space_above: float
    title_tag: float
    opens_content: float
    opens_heading: float
    runs_on: float
    outside_toc: float
    unmarked_in_marked_document: float


class HeadingEvidence(Strict):
    threshold: float
    weights: HeadingWeights
    title_tag: str = vocabulary("search")
    larger_type_ratio: float
    min_emphasis_ratio: float
    short_line_chars: int
    min_sentence_chars: int
    min_short_sentence_chars: int
    max_title_chars: int
    min_marked_lines: int
    min_emphasis_lines: int
    min_overview_run: int


class PlanPeriodWords(Strict):
    own: list[str] = vocabulary("search")
    stated: list[str] = vocabulary("search")
    previous: list[str] = vocabulary("search")
    sections: list[str] = vocabulary("search")


class FormLabels(Strict):
    """The labels of a standard form's fields (pipeline/families/forms.py)."""

    issuer: list[str] = vocabulary("fullmatch")
    plan: list[str] = vocabulary("fullmatch")
    project: list[str] = vocabulary("fullmatch")
    adopted: list[str] = vocabulary("fullmatch")
    period: list[str] = vocabulary("fullmatch")


class PlanEvidenceWeights(Strict):
    title_names_a_plan: float
    plan_period: float
    measure_vocabulary: float
    action_block_labels: float
    schedule_table: float
    action_plan_table: float
    measure_pages: float
    measure_headings: float


class PlanEvidence(Strict):
    threshold: float
    weights: PlanEvidenceWeights
    measure_words: str = vocabulary("search")
    min_measure_lines: int
    min_measure_pages: int
    non_plan_titles: str = vocabulary("search")


class WrappedText(Strict):
    min_lines: int
    margin_band_share: float
    max_beyond_share: float
    slack: int
    min_width: int
    max_width: int
    column_slack: int
    title_ratio: float


class StructureConfig(Strict):
    """configs/structure.yaml: the heading and block vocabulary."""

    block_label_groups: list[list[str]] = vocabulary("fullmatch")
    decorated_block_labels: list[str] = vocabulary("fullmatch")
    action_block_labels: list[str] = vocabulary("fullmatch")
    measure_list_labels: list[str] = vocabulary("fullmatch")
    top_level_labels: list[str] = vocabulary("fullmatch")
    enumerated_labels: list[str] = vocabulary("fullmatch")
    not_labels: list[str] = vocabulary("fullmatch")
    toc_titles: list[str] = vocabulary("fullmatch")
    plan_title_words: list[str] = vocabulary("contains")
    glossary_titles: list[str] = vocabulary("fullmatch")
    glossary_caption: str = vocabulary("search")
    glossary_end: str = vocabulary("search")
    glossary_separators: list[str] = vocabulary("search")
    glossary_index_labels: list[str] = vocabulary("fullmatch")
    glossary_term_headers: list[str] = vocabulary("fullmatch")
    glossary_definition_headers: list[str] = vocabulary("fullmatch")
    glossary_reading_headers: list[str] = vocabulary("fullmatch")
    glossary_anywhere_term_headers: list[str] = vocabulary("fullmatch")
    glossary_anywhere_definition_headers: list[str] = vocabulary("fullmatch")
    plan_period: PlanPeriodWords
    form_labels: FormLabels
    plan_evidence: PlanEvidence
    heading_evidence: HeadingEvidence
    wrapped_text: WrappedText
    examples: dict[str, Examples]


class CategoryEvidence(Strict):
    title: float
    description: float
    description_cap: int
    pillar: float
    min_score: float
    margin: float


class Category(Strict):
    label: str
    signals: list[str] = vocabulary("contains")


class MeasureTableHeaders(Strict):
    name: list[str] = vocabulary("fullmatch")
    description: list[str] = vocabulary("fullmatch")
    pillar: list[str] = vocabulary("fullmatch")
    period: list[str] = vocabulary("fullmatch")


class KpiTableHeaders(Strict):
    indicator: list[str] = vocabulary("fullmatch")
    baseline: list[str] = vocabulary("fullmatch")
    target: list[str] = vocabulary("fullmatch")
    target_year: list[str] = vocabulary("fullmatch")
    unit: list[str] = vocabulary("fullmatch")


class CommitmentWords(Strict):
    """Whose commitment a dated sentence or target states (pipeline/families/commitment.py)."""

    national_actors: list[str] = vocabulary("search")
    own_actors: list[str] = vocabulary("search")
    clause_breaks: list[str] = vocabulary("search")
    national_blocks: list[str] = vocabulary("fullmatch")
    background_blocks: list[str] = vocabulary("fullmatch")
    past_forms: list[str] = vocabulary("search")
    ongoing_forms: list[str] = vocabulary("search")
    intent_forms: list[str] = vocabulary("search")


class TaxonomyConfig(Strict):
    """configs/taxonomy.yaml: measure categories and the measure, KPI and target vocabulary."""

    category_evidence: CategoryEvidence
    categories: dict[str, Category]
    stop_phrases: list[str] = vocabulary("fullmatch")
    national_priority_markers: list[str] = vocabulary("contains")
    national_priority_list_label: str
    alongside_words: list[str] = vocabulary("contains")
    target_blocks: list[str] = vocabulary("fullmatch")
    measure_table_headers: MeasureTableHeaders
    kpi_table_headers: KpiTableHeaders
    commitment_verbs: list[str] = vocabulary("contains")
    schedule_titles: list[str] = vocabulary("search")
    schedule_cell_words: list[str] = vocabulary("fullmatch")
    commitment: CommitmentWords
    examples: dict[str, Examples]


class FontFamilies(Strict):
    gothic: str = vocabulary("isearch")
    mincho: str = vocabulary("isearch")


class Furniture(Strict):
    margin_share: float
    edge_lines: int
    repeat_share: float
    position_tolerance: float


class Drawing(Strict):
    min_bar_stroke: float
    max_bar_slope: float
    max_head_size: float
    max_page_share: float
    fill_height_share: float
    cover_share: float
    arrow_shapes: str = vocabulary("isearch")
    bar_shapes: str = vocabulary("isearch")
    line_shapes: str = vocabulary("isearch")


class PdfConfig(Strict):
    """configs/pdf.yaml: how PDF typography, page furniture and drawn shapes are read."""

    font_families: FontFamilies
    bold_font: str = vocabulary("isearch")
    furniture: Furniture
    drawing: Drawing
    layout: LayoutSettings = LayoutSettings()
    ocr: OcrSettings = OcrSettings()
    examples: dict[str, Examples]


class UrlRule(Strict):
    pattern: str
    filler: str
    max_other_chars: int


class PatternRule(Strict):
    patterns: list[str]
    max_chars: int | None = None


class CitationRule(Strict):
    title: str
    latin_title: str
    trailer: str
    reference: list[str]


class NoteExample(Strict):
    text: str
    attached: Literal["noun", "clause", "term", "none"]
    kind: str


class NotesConfig(Strict):
    """configs/notes.yaml: the ordered rules that give a footnote its kind."""

    kinds: list[str]
    url: UrlRule
    cross_reference: PatternRule
    affiliation: PatternRule
    definition_frames: list[str]
    citation: CitationRule
    remark: PatternRule
    examples: list[NoteExample]
