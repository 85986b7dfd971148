"""Stage: terms, every term a plan defines, from its glossary and its footnotes, merged per term.

Footnote families:
  ※term: definition / ※term：definition / ※term<TAB>definition / ※term definition / - ※… / ※①term
  ※term alone, the definition in the following paragraph(s) or table
  ※1 definition, whose term is the word the body marks ^{※1} or ※1 (nearest preceding marker: numbering
  restarts on each page); ³ definition, whose term is the word marked RPA³.
The marked word is cut at a word boundary with GiNZA (the noun compound ending at the marker).
Glossaries are tables (with or without an index column) or 'term：definition' lines in a 用語集 section.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .config import structure_vocabulary
from .nlp import normalized_key, parse, reading, token_boundaries
from .normalize import LETTER_SPACED_RUN, compact, join_letter_spaced
from .tables import find_tables

MAX_TERM_CHARS = 40
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

_BULLET = re.compile(r"^[-・]\s*")
_NUMBERED_NOTE = re.compile(
    r"^(?:[(（]?(※|\*|注)\s*(\d{1,2})[)）]?|(["
    + SUPERSCRIPTS
    + r"]+))(?![\d"
    + SUPERSCRIPTS
    + r"])\s*[:：]?\s*(.*)$"
)
_EXPLICIT_NOTE = re.compile(r"^※\s*(?:[①-⑳]\s*)?(.+)$")
_INLINE_MARKER = re.compile(r"\s*\^\{[^}]*\}|\s*※\s*\d{0,2}|[" + SUPERSCRIPTS + r"]+")
_PAREN_TAIL = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$")
_KATAKANA = re.compile(r"^[\u30a0-\u30ff・ー\s]+$")
_LATIN = re.compile(r"[A-Za-z]")
_ENUMERATION = re.compile(r"、.*(?:等|など)\s*$")
_FULL_FORM = re.compile(r"^(?P<x>[^、。]+?)\s*(?:[(（](?P<y>[^()（）]+)[)）])?\s*の略")
_ABBREVIATED_AS = re.compile(r"略称は\s*([A-Za-z][A-Za-z0-9\-]*)")
_MEANING = re.compile(r"(?:意味は|の略で、?)\s*([^、。]{2,20}?)(?:のこと)?(?:[。、]|$)")
_ALSO_CALLED = re.compile(r"([^、。「」]{2,20})(?:ともいう|とも呼ばれる|とも言う)")


@dataclass
class Definition:
    term: str
    definition: str
    source: str  # footnote | glossary
    line: int
    marker: str | None = None
    reading: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class MarkedNote:
    """A numbered or superscript footnote waiting for the word its marker is attached to."""

    marker: str
    definition: str
    line: int
    prefix: str | None = None  # body text before the nearest preceding marker
    suffix: str = ""  # body text after it: '（電子収納）' gives an alias


# --- helpers ---------------------------------------------------------------------------------------------


def strip_markers(text: str) -> str:
    return _INLINE_MARKER.sub("", text).strip()


def term_norm(term: str) -> str:
    """The join key of a concept across documents: width, letter-spacing, brackets and spelling folded."""
    text = join_letter_spaced(strip_markers(term))
    text = re.sub(r"[(（][^()（）]*[)）]", "", text)
    text = re.sub(r"[「」『』【】\"“”]", "", text).strip()
    return normalized_key(text) or compact(text).lower()


def _is_japanese(text: str) -> bool:
    return not _LATIN.search(text) and bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text))


def definition_aliases(definition: str) -> list[str]:
    """Abbreviations and full forms a definition gives: 'X(Y)の略', '略称はZ', '意味はW', 'Vともいう'."""
    aliases: list[str] = []
    match = _FULL_FORM.match(definition)
    if match:
        x, y = match.group("x").strip(), (match.group("y") or "").strip()
        if len(x) <= 60:
            aliases.append(re.sub(r"\s*で$", "", x))
        if y and not (_KATAKANA.match(y) and _LATIN.search(x)):
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


def _initials(full_form: str) -> str | None:
    words = re.findall(r"[A-Za-z]+", full_form)
    if len(words) < 2 or not all(w[0].isupper() for w in words if len(w) > 3):
        return None
    return "".join(w[0].upper() for w in words if w[0].isupper())


def split_term_cell(cell: str) -> tuple[str, str | None, list[str]]:
    """A glossary term cell -> (term, reading, aliases). 'AI(エー・アイ)' reads エー・アイ;
    'デジタル・トランスフォーメーション（DX）' keeps its form and gives the aliases inside and outside."""
    cell = strip_markers(cell.replace("\n", " "))
    match = _PAREN_TAIL.match(cell)
    if not match:
        return cell, None, []
    outer, inner = match.group(1).strip(), match.group(2).strip()
    if _KATAKANA.match(inner) and _LATIN.search(outer):
        return outer, inner, []
    return cell, None, [outer, inner]


# --- footnotes -------------------------------------------------------------------------------------------


def _split_explicit(body: str) -> tuple[str, str]:
    """'term：definition', 'term<TAB>definition', 'term definition' -> (term, definition); '' if alone."""
    for separator in ("\t", "：", ":"):
        head, found, tail = body.partition(separator)
        if found and 0 < len(head.strip()) <= MAX_TERM_CHARS and not re.search(r"[(（][^)）]*$", head):
            return head.strip(), tail.strip()
    runs = [(m.start(), m.end()) for m in LETTER_SPACED_RUN.finditer(body)]
    for index, char in enumerate(body):
        if char == " " and not any(start <= index < end for start, end in runs):
            head, tail = body[:index].strip(), body[index + 1 :].strip()
            if head and len(head) <= MAX_TERM_CHARS and len(tail) >= 5:
                return head, tail
            break
    return body.strip(), ""


def _following_definition(lines: list[dict], index: int) -> tuple[str, int]:
    """Definition text after a term that stands alone: the next paragraph(s), or the next table's rows."""
    parts: list[str] = []
    blank_run = 0
    position = index + 1
    while position < len(lines):
        row = lines[position]
        text = row["text"].strip()
        if not text:
            blank_run += 1
            if parts or blank_run > 3:
                break
        elif row["label"] == "paragraph" and (not parts or blank_run == 0):
            parts.append(text)
            blank_run = 0
        elif row["label"] == "table_row" and not parts:
            rows = []
            while position < len(lines) and lines[position]["label"] == "table_row":
                raw = lines[position]["raw"].strip()
                if raw.strip("-| \t") and not re.match(r"^[-|:\s]+$", raw.lstrip("- ")):
                    rows.append(raw.lstrip("- ").strip() if raw.startswith("- |") else raw)
                position += 1
            return "\n".join(r for r in rows if r.strip("| ")), position
        else:
            break
        position += 1
    return "".join(parts), position


def parse_footnotes(lines: list[dict]) -> tuple[list[Definition], list[MarkedNote]]:
    """Footnote definitions with their term written out, and numbered notes that need their marked word."""
    explicit: list[Definition] = []
    numbered: list[MarkedNote] = []
    for index, row in enumerate(lines):
        if row["label"] != "footnote":
            continue
        text = _BULLET.sub("", row["text"].strip())
        note = _NUMBERED_NOTE.match(text)
        if note:
            marker = f"{note.group(1)}{note.group(2)}" if note.group(2) else note.group(3)
            definition = note.group(4).strip()
            if not definition:
                definition, _ = _following_definition(lines, index)
            if definition:
                numbered.append(MarkedNote(marker, definition, row["line"]))
            continue
        match = _EXPLICIT_NOTE.match(text)
        if not match:
            continue
        term, definition = _split_explicit(match.group(1))
        if not definition:
            definition, _ = _following_definition(lines, index)
        term = strip_markers(term).strip("「」")
        if _valid(term, definition):
            explicit.append(Definition(term, definition, "footnote", row["line"], marker="※"))
    return explicit, numbered


def _valid(term: str, definition: str) -> bool:
    return (
        0 < len(term) <= MAX_TERM_CHARS
        and "。" not in term
        and len(definition) >= 5
        and not (_ENUMERATION.search(definition) and "。" not in definition)
    )


def _marker_pattern(marker: str) -> re.Pattern:
    if marker[0] in "※*注":
        symbol, number = re.escape(marker[0]), marker[1:]
        return re.compile(
            r"\s*\^\{\s*"
            + symbol
            + r"\s*"
            + number
            + r"\s*\}|(?<=\S)\s*"
            + symbol
            + r"\s*"
            + number
            + r"(?!\d)"
        )
    return re.compile(r"(?<=[^\s" + SUPERSCRIPTS + r"])" + re.escape(marker) + r"(?![" + SUPERSCRIPTS + r"])")


def attach_markers(lines: list[dict], notes: list[MarkedNote]) -> None:
    """Find, for each numbered note, the nearest preceding body line marking it; keep the text before it."""
    body = [row for row in lines if row["label"] not in ("footnote", "toc", "cover", "blank")]
    for note in notes:
        pattern = _marker_pattern(note.marker)
        for row in reversed([r for r in body if r["line"] < note.line]):
            matches = list(pattern.finditer(row["text"]))
            if matches:
                note.prefix = row["text"][: matches[-1].start()]
                note.suffix = row["text"][matches[-1].end() :]
                break


_NOUNISH_TAGS = ("名詞", "接尾辞", "接頭辞")


def marked_words(prefixes: list[str]) -> list[str]:
    """The word each marker is attached to: the noun compound that ends where the prefix ends."""
    tails = []
    for prefix in prefixes:
        tail = re.split(r"[。、「」『』\t]", strip_markers(prefix))[-1].rstrip()
        tails.append(tail)
    words = []
    for tail, doc in zip(tails, parse(t[-80:] for t in tails), strict=True):
        words.append(_compound_at_end(tail[-80:], doc))
    return words


def _compound_at_end(text: str, doc) -> str:
    bracket = ""
    if text.endswith(("）", ")")):
        depth, start = 0, None
        for i in range(len(text) - 1, -1, -1):
            depth += text[i] in "）)"
            depth -= text[i] in "（("
            if depth == 0:
                start = i
                break
        if start is not None:
            bracket, text = text[start:], text[:start]
    tokens = [t for t in doc if t.idx + len(t.text) <= len(text)]
    start = len(text)
    for token in reversed(tokens):
        joinable = (
            token.tag_.startswith(_NOUNISH_TAGS)
            or (token.text in "・-‐" and start < len(text))
            or token.pos_ in ("NOUN", "PROPN", "NUM")
        )
        if not joinable or (
            token.idx + len(token.text) < start and text[token.idx + len(token.text) : start].strip()
        ):
            break
        start = token.idx
    word = text[start:].strip()
    return (word + bracket) if word else text.strip().split(" ")[-1]


def resolve_numbered(notes: list[MarkedNote]) -> tuple[list[Definition], list[MarkedNote]]:
    """Numbered notes -> definitions named by their marked word; notes without a marker are returned."""
    found = [n for n in notes if n.prefix is not None]
    words = marked_words([n.prefix for n in found]) if found else []
    definitions = []
    for note, word in zip(found, words, strict=True):
        aliases = []
        bracket = _PAREN_TAIL.match(word)
        if bracket:
            aliases = [bracket.group(1).strip(), bracket.group(2).strip()]
        term = _acronym_part(word, note.definition) or word
        if term != word:
            aliases.append(word)
        aliases.extend(_bracket_aliases(note.prefix, note.suffix))
        if _valid(term, note.definition):
            definitions.append(
                Definition(term, note.definition, "footnote", note.line, marker=note.marker, aliases=aliases)
            )
    return definitions, [n for n in notes if n.prefix is None]


def _bracket_aliases(prefix: str, suffix: str) -> list[str]:
    """'ICT^{※3}（情報通信技術）' and '業務改革(BPR^{※2})': the other name in the brackets around the marker."""
    aliases = []
    after = re.match(r"\s*[(（]([^()（）]{2,30})[)）]", suffix)
    if after:
        aliases.append(after.group(1).strip())
    if re.match(r"\s*[)）]", suffix):
        before = re.search(r"([^\s、。「」()（）]{2,30})\s*[(（][^()（）]*$", strip_markers(prefix))
        if before:
            aliases.append(before.group(1))
    return aliases


def _acronym_part(word: str, definition: str) -> str | None:
    """In 'A I・R P A' defined as 'Robotic Process Automation の略', the term is the 'R P A' part."""
    match = _FULL_FORM.match(definition)
    initials = _initials(match.group("x")) if match else None
    if not initials:
        return None
    for part in re.split(r"[・/／]|-(?=[A-Za-z])", word):
        if join_letter_spaced(part.strip()).upper() == initials and part.strip() != word:
            return part.strip()
    return None


# --- glossary --------------------------------------------------------------------------------------------


def _pattern_list(key: str) -> re.Pattern:
    return re.compile("^(?:" + "|".join(structure_vocabulary()[key]) + ")$")


def glossary_spans(sections: list[dict]) -> list[tuple[int, int]]:
    titles = _pattern_list("glossary_titles")
    return [(s["line_start"], s["line_end"]) for s in sections if titles.match(compact(s["title"]))]


def parse_glossary(lines: list[dict], sections: list[dict]) -> list[Definition]:
    spans = glossary_spans(sections)
    inside = [row for row in lines if any(a <= row["line"] <= b for a, b in spans)]
    headers = {role: _pattern_list(f"glossary_{role}_headers") for role in ("term", "definition", "reading")}
    entries: list[Definition] = []
    columns: dict[str, int] | None = None
    for table in find_tables(inside):
        for row_index, cells in enumerate(table.rows):
            keys = [compact(c) for c in cells]
            found = {
                role: next((i for i, k in enumerate(keys) if pattern.match(k)), None)
                for role, pattern in headers.items()
            }
            if found["term"] is not None and found["definition"] is not None:
                columns = {role: index for role, index in found.items() if index is not None}
                continue
            if columns is None or max(columns.values()) >= len(cells):
                term_col = 1 if len(cells) >= 3 and len(cells[0]) <= 2 else 0
                columns = {"term": term_col, "definition": term_col + 1}
            term_cell, definition = cells[columns["term"]], cells[columns["definition"]].replace("\n", "")
            if not term_cell and entries and definition:
                entries[-1].definition += definition
                continue
            term, term_reading, aliases = split_term_cell(term_cell)
            if "reading" in columns and cells[columns["reading"]].strip():
                term_reading = cells[columns["reading"]].strip()
            if _valid(term, definition):
                line = table.lines[row_index]
                entries.append(
                    Definition(term, definition, "glossary", line, reading=term_reading, aliases=aliases)
                )
    entries.extend(_glossary_lines([row for row in inside if row["label"] != "table_row"], spans))
    return entries


_TERM_DECORATION = re.compile(r"^[\s■□◆◇●○・\-]*[【「]?|[】」]?\s*$")


def _glossary_lines(rows: list[dict], spans: list[tuple[int, int]]) -> list[Definition]:
    """Glossary entries written as lines: 'term：definition', or a term on its own line (plain, ■-marked,
    【bracketed】 or a small heading) with its definition in the paragraph below."""
    titles = {line for line, _ in spans}
    entries = []
    for index, row in enumerate(rows):
        if row["line"] in titles or row["label"] not in ("paragraph", "list_item", "caption", "heading"):
            continue
        text = row["text"].strip().lstrip("#").strip()
        head, separator, tail = text.partition("：")
        if separator and row["label"] != "heading":
            term = _TERM_DECORATION.sub("", head)
            if _valid(term, tail.strip()):
                entries.append(Definition(term, tail.strip(), "glossary", row["line"]))
            continue
        following = next((r for r in rows[index + 1 : index + 3] if r["text"].strip()), None)
        term = _TERM_DECORATION.sub("", text)
        if (
            following is not None
            and following["label"] == "paragraph"
            and len(term) <= 30
            and not re.search(r"[。、]", term)
            and len(following["text"]) > max(12, len(term))
        ):
            term, term_reading, aliases = split_term_cell(term)
            if _valid(term, following["text"].strip()):
                entries.append(
                    Definition(
                        term,
                        following["text"].strip(),
                        "glossary",
                        row["line"],
                        reading=term_reading,
                        aliases=aliases,
                    )
                )
    return entries


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
        if row["label"] in ("footnote", "toc", "cover", "blank") or row["line"] in definition_lines:
            continue
        text = join_letter_spaced(strip_markers(row["text"]))
        body.append((text, token_boundaries(text)))
    counts = {}
    for term in terms:
        variants = {
            join_letter_spaced(v)
            for v in [term.term, re.sub(r"[(（][^()（）]*[)）]", "", term.term), *term.aliases]
        }
        variants = {v.strip() for v in variants if len(v.strip()) >= 2}
        total = 0
        for text, bounds in body:
            spans = []
            for variant in variants:
                start = text.find(variant)
                while start != -1:
                    end = start + len(variant)
                    if start in bounds and end in bounds:
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


def extract_terms(doc_id: str, lines: list[dict], sections: list[dict]) -> tuple[list[dict], list[str]]:
    """Rows of the terms table for one document, and warnings."""
    warnings = []
    explicit, numbered = parse_footnotes(lines)
    attach_markers(lines, numbered)
    resolved, orphans = resolve_numbered(numbered)
    for orphan in orphans:
        warnings.append(
            f"footnote {orphan.marker} at line {orphan.line} has no marker in the body; its term is unknown, dropped"
        )
    body_text = join_letter_spaced(
        "\n".join(r["text"] for r in lines if r["label"] not in ("footnote", "toc", "cover"))
    )
    after_marks = {m.group(1) for m in re.finditer(r"※\s*([^\n※]{1,40})", body_text)}
    before_marks = {
        m.group(1) for m in re.finditer(r"([^\n※]{1,40}?)[」』）)]?\s*(?:\^\{\s*)?[(（]?※", body_text)
    }
    for definition in explicit:
        spelled = join_letter_spaced(definition.term)
        if not any(text.startswith(spelled) for text in after_marks) and not any(
            text.endswith(spelled) for text in before_marks
        ):
            warnings.append(
                f"footnote term {definition.term!r} at line {definition.line} has no marker in the body (kept)"
            )
    definitions = explicit + resolved + parse_glossary(lines, sections)
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
    return rows, warnings


def catalog(rows: list[dict]) -> list[dict]:
    """terms_catalog: one row per term_norm across the corpus."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        grouped[row["term_norm"]].append(row)
    out = []
    for norm in sorted(grouped, key=lambda n: (-len({r["doc_id"] for r in grouped[n]}), n)):
        group = grouped[norm]
        out.append(
            {
                "term_norm": norm,
                "spellings": sorted({r["term"] for r in group}),
                "n_documents": len({r["doc_id"] for r in group}),
                "doc_ids": sorted({r["doc_id"] for r in group}),
                "total_mentions": sum(r["mentions"] for r in group),
            }
        )
    return out
