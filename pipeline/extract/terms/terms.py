"""Stage: terms, every term a plan defines, from its glossary and its defining footnotes, merged per
term; and every footnote, whatever its kind, for notes.parquet.

Footnotes are read in footnotes.py (their kinds in notes.py), glossaries in glossary.py.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from pipeline.extract.terms.definitions import FULL_FORM, KATAKANA, LATIN, Definition, strip_markers
from pipeline.extract.terms.footnotes import note_definitions, note_rows, read_notes
from pipeline.extract.terms.glossary import glossary_spans, parse_glossary
from pipeline.language.nlp import normalized_key, reading, token_boundaries
from pipeline.language.normalize import compact, join_letter_spaced
from pipeline.model.lines import Label
from pipeline.tables.find import Table, find_tables
from pipeline.tables.kinds import classify

_ABBREVIATED_AS = re.compile(r"略称は\s*([A-Za-z][A-Za-z0-9\-]*)")
_MEANING = re.compile(r"(?:意味は|の略で、?)\s*([^、。]{2,20}?)(?:のこと)?(?:[。、]|$)")
_ALSO_CALLED = re.compile(r"([^、。「」]{2,20})(?:ともいう|とも呼ばれる|とも言う)")


def term_norm(term: str) -> str:
    """The join key of a concept across documents: width, letter-spacing, brackets and spelling folded."""
    text = join_letter_spaced(strip_markers(term))
    text = re.sub(r"[(（][^()（）]*[)）]", "", text)
    text = re.sub(r"[「」『』【】\"“”]", "", text).strip()
    return normalized_key(text) or compact(text).lower()


def _is_japanese(text: str) -> bool:
    return not LATIN.search(text) and bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))


def definition_aliases(definition: str) -> list[str]:
    """Abbreviations and full forms a definition gives: 'X(Y)の略', '略称はZ', '意味はW', 'Vともいう'."""
    aliases: list[str] = []
    match = FULL_FORM.match(definition)
    if match:
        x, y = match.group("x").strip(), (match.group("y") or "").strip()
        if len(x) <= 60:
            aliases.append(re.sub(r"\s*で$", "", x))
        if y and not (KATAKANA.match(y) and LATIN.search(x)):
            aliases.append(y)
    for pattern in (_ABBREVIATED_AS, _MEANING, _ALSO_CALLED):
        for found in pattern.finditer(definition):
            alias = re.sub(r"(?:と訳される|と呼ばれる|のこと)$", "", found.group(1).strip()).strip("「」『』")
            if alias and not alias.startswith(("、", "の")):
                aliases.append(alias)
    return _unique(a for a in aliases if 1 < len(a) <= 60 and "略" not in a)


def _unique(items) -> list[str]:
    seen, out = set(), []
    for item in items:
        key = re.sub(r"\s+", " ", item.strip())
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


# --- merging and counting --------------------------------------------------------------------------------


@dataclass
class Term:
    term: str
    definition: str
    sources: list[str]
    line: int
    marker: str | None
    reading: str | None
    aliases: list[str]
    norm: str


def merge_definitions(definitions: list[Definition]) -> list[Term]:
    """One term per concept: same term_norm, or one's term is the other's alias. Glossary wins."""
    ordered = sorted(definitions, key=lambda d: (d.source != "glossary", d.line))
    groups: list[list[Definition]] = []
    index: dict[str, int] = {}
    for definition in ordered:
        keys = {term_norm(definition.term)} | {term_norm(a) for a in definition.aliases}
        main = term_norm(definition.term)
        group = index.get(main)
        if group is None and definition.source == "footnote":
            group = next((index[k] for k in keys if k in index), None)
        if group is None:
            groups.append([])
            group = len(groups) - 1
        groups[group].append(definition)
        for key in keys:
            index.setdefault(key, group)
    terms = []
    for group in groups:
        lead = group[0]
        glossary = next((d for d in group if d.source == "glossary"), None)
        footnote = next((d for d in sorted(group, key=lambda d: d.line) if d.source == "footnote"), None)
        aliases = [a for d in group for a in (*d.aliases, *definition_aliases(d.definition))]
        aliases += [d.term for d in group if d.term != lead.term]
        aliases = [a for a in _unique(aliases) if a != lead.term]
        term_reading = (glossary.reading if glossary else None) or (
            reading(lead.term) if _is_japanese(lead.term) else None
        )
        terms.append(
            Term(
                term=lead.term,
                definition=lead.definition,
                sources=[s for s in ("footnote", "glossary") if any(d.source == s for d in group)],
                line=min(d.line for d in group),
                marker=footnote.marker if footnote else None,
                reading=term_reading,
                aliases=aliases,
                norm=term_norm(lead.term),
            )
        )
    return sorted(terms, key=lambda t: t.line)


def count_mentions(terms: list[Term], lines: list[dict], definition_lines: set[int]) -> dict[str, int]:
    """Occurrences of each term or alias in the body, outside definitions, on token boundaries."""
    body = []
    for row in lines:
        if (
            row["label"] in (Label.FOOTNOTE, Label.TOC, Label.COVER, Label.BLANK)
            or row["line"] in definition_lines
        ):
            continue
        body.append(join_letter_spaced(strip_markers(row["text"])))
    bounds_of: dict[int, set[int]] = {}  # a line's token boundaries, found once a variant occurs in it
    counts = {}
    for term in terms:
        variants = {
            join_letter_spaced(v)
            for v in [term.term, re.sub(r"[(（][^()（）]*[)）]", "", term.term), *term.aliases]
        }
        variants = {v.strip() for v in variants if len(v.strip()) >= 2}
        total = 0
        for index, text in enumerate(body):
            spans = []
            for variant in variants:
                start = text.find(variant)
                while start != -1:
                    end = start + len(variant)
                    if index not in bounds_of:
                        bounds_of[index] = token_boundaries(text)
                    if start in bounds_of[index] and end in bounds_of[index]:
                        spans.append((start, end))
                    start = text.find(variant, start + 1)
            total += _count_disjoint(spans)
        counts[term.norm] = total
    return counts


def _count_disjoint(spans: list[tuple[int, int]]) -> int:
    count, last_end = 0, -1
    for start, end in sorted(spans, key=lambda s: (s[0], -s[1])):
        if start >= last_end:
            count += 1
            last_end = end
    return count


def extract_terms(
    doc_id: str, lines: list[dict], sections: list[dict], tables: list[Table] | None = None
) -> tuple[list[dict], list[dict], list[str]]:
    """Rows of the terms table and of the notes table for one document, and warnings. `tables` are the
    tables stage's (kinds set); without them they are found and classified here."""
    if tables is None:
        tables = classify(find_tables(lines), sections)
    notes, warnings = read_notes(lines)
    definitions = note_definitions(notes) + parse_glossary(lines, sections, tables)
    terms = merge_definitions(definitions)
    spans = glossary_spans(sections)
    definition_lines = {d.line for d in definitions} | {
        row["line"] for row in lines if any(a <= row["line"] <= b for a, b in spans)
    }
    mentions = count_mentions(terms, lines, definition_lines)
    by_line = {row["line"]: row for row in lines}
    rows = [
        {
            "doc_id": doc_id,
            "term": t.term,
            "term_norm": t.norm,
            "reading": t.reading,
            "aliases": t.aliases,
            "definition": t.definition,
            "sources": t.sources,
            "marker": t.marker,
            "mentions": mentions[t.norm],
            "section_id": by_line[t.line]["section_id"],
            "line": t.line,
            "page": by_line[t.line]["page"],
        }
        for t in terms
    ]
    return rows, note_rows(doc_id, notes, lines), warnings


def catalog(rows: list[dict]) -> list[dict]:
    """terms_catalog: one row per term_norm across the corpus. Spellings are as a reader writes them:
    a PDF's letter spacing (A I, R P A) is layout, not a spelling."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["term_norm"]].append(row)
    out = []
    for norm in sorted(grouped, key=lambda n: (-len({r["doc_id"] for r in grouped[n]}), n)):
        group = grouped[norm]
        out.append(
            {
                "term_norm": norm,
                "spellings": sorted({join_letter_spaced(r["term"]) for r in group}),
                "n_documents": len({r["doc_id"] for r in group}),
                "doc_ids": sorted({r["doc_id"] for r in group}),
                "total_mentions": sum(r["mentions"] for r in group),
            }
        )
    return out
