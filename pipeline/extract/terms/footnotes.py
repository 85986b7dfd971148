"""Footnotes: every note a document carries, the body line its mark sits on, the word the mark closes,
and the note's kind (configs/notes.yaml). Only a definition attached to a word becomes a term.

Families:
  ※term: definition / ※term：definition / ※term<TAB>definition / ※term definition / - ※… / ※①term
  ※term alone, the definition in the following paragraph(s) or table
  ※1 text, ^{※1} in the body (numbering restarts on each page: the nearest preceding mark counts);
  ³ text, RPA³ in the body; '3 text' at a page foot (Word's notes), ³ in the body.
A note wrapped over several lines at the page foot is one note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.terms.definitions import (
    MAX_TERM_CHARS,
    PAREN_TAIL,
    SUPERSCRIPT_OF,
    SUPERSCRIPTS,
    Definition,
    acronym_part,
    is_valid,
    strip_markers,
)
from pipeline.extract.terms.notes import note_kind
from pipeline.families.enumerators import strip_item_number
from pipeline.families.marks import BARE_NUMBER_NOTE, EXPLICIT_NOTE, NOTE_BULLET, NUMBERED_NOTE
from pipeline.language.nlp import parse
from pipeline.language.normalize import LETTER_SPACED_RUN, compact, join_letter_spaced
from pipeline.model.lines import Label

_NOT_BODY = (Label.FOOTNOTE, Label.TOC, Label.COVER, Label.BLANK)
# Parts of speech that continue a noun phrase up to the mark; anything else closes a clause.
_NOUNISH_TAGS = ("名詞", "接尾辞", "接頭辞")
_NOUNISH_POS = ("NOUN", "PROPN", "NUM")
_WRITTEN_TERM = re.compile(r"^([^：:\s][^：:]{0,39})[:：]\s*(\S.*)$", re.S)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9\s&\-]{1,15}$")


@dataclass
class Note:
    marker: str
    text: str
    line: int
    term: str | None = None  # written out by the note, or the noun phrase its mark closes
    attached: str = "none"  # noun | clause | term | none (see notes.ATTACHMENTS)
    body_line: int | None = None
    prefix: str | None = None  # body text before the mark
    suffix: str = ""  # body text after it: '（電子収納）' gives an alias
    kind: str = "remark"
    aliases: list[str] = field(default_factory=list)


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


def _following_definition(lines: list[dict], index: int) -> str:
    """Definition text after a note that stands alone: the next paragraph(s), or the next table's rows."""
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
        elif row["label"] == Label.PARAGRAPH and (not parts or blank_run == 0):
            parts.append(text)
            blank_run = 0
        elif row["label"] == Label.TABLE_ROW and not parts:
            rows = []
            while position < len(lines) and lines[position]["label"] == Label.TABLE_ROW:
                raw = lines[position]["raw"].strip()
                if raw.strip("-| \t") and not re.match(r"^[-|:\s]+$", raw.lstrip("- ")):
                    rows.append(raw.lstrip("- ").strip() if raw.startswith("- |") else raw)
                position += 1
            return "\n".join(r for r in rows if r.strip("| "))
        else:
            break
        position += 1
    return "".join(parts)


def _join(text: str, continuation: str) -> str:
    space = " " if re.search(r"[A-Za-z,.]$", text) and re.match(r"[A-Za-z]", continuation) else ""
    return text + space + continuation


def parse_notes(lines: list[dict]) -> list[Note]:
    """Every note in the footnote lines, continuation lines joined, in line order."""
    notes: list[Note] = []
    last_line = None
    for index, row in enumerate(lines):
        text = NOTE_BULLET.compiled.sub("", row["text"].strip())
        numbered = NUMBERED_NOTE.compiled.match(text)
        if row["label"] == Label.COVER and numbered and numbered.group(4):
            # Authors' affiliations under the names on a cover: 山田太郎¹ … ¹○○省 補佐官
            notes.append(
                Note(
                    numbered.group(3) or numbered.group(1) + numbered.group(2), numbered.group(4), row["line"]
                )
            )
            last_line = None
            continue
        if row["label"] != Label.FOOTNOTE:
            continue
        bare = None if numbered else BARE_NUMBER_NOTE.compiled.match(text)
        explicit = None if numbered or bare else EXPLICIT_NOTE.compiled.match(text)
        if numbered or bare:
            if numbered:
                marker = f"{numbered.group(1)}{numbered.group(2)}" if numbered.group(2) else numbered.group(3)
                body = numbered.group(4).strip()
            else:
                marker, body = bare.group(1).translate(SUPERSCRIPT_OF), bare.group(2).strip()
            notes.append(Note(marker, body or _following_definition(lines, index), row["line"]))
        elif explicit:
            term, definition = _split_explicit(explicit.group(1))
            definition = definition or _following_definition(lines, index)
            term = strip_markers(term).strip("「」")
            if is_valid(term, definition):
                notes.append(Note("※", definition, row["line"], term=term, attached="term"))
            else:
                notes.append(Note("※", explicit.group(1).strip(), row["line"]))
        elif notes and last_line == row["line"] - 1:
            notes[-1].text = _join(notes[-1].text, text)
        else:
            continue
        last_line = row["line"]
    return notes


def _marker_pattern(marker: str) -> re.Pattern:
    if marker[0] in "※*注":
        symbol, number = re.escape(marker[0]), marker[1:]
        # A mark in brackets ('ガバメントクラウド（注1）') belongs to the word before the bracket.
        return re.compile(
            r"\s*[(（]\s*"
            + symbol
            + r"\s*"
            + number
            + r"\s*[)）]|\s*\^\{\s*"
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


def attach_marks(lines: list[dict], notes: list[Note]) -> None:
    """For each numbered note, the nearest preceding body line carrying its mark, and the text around it."""
    body = [row for row in lines if row["label"] not in (Label.FOOTNOTE, Label.TOC, Label.BLANK)]
    for note in notes:
        if note.attached == "term" or note.marker == "※":
            continue
        pattern = _marker_pattern(note.marker)
        for row in reversed([r for r in body if r["line"] < note.line]):
            matches = list(pattern.finditer(row["text"]))
            if matches:
                note.prefix = row["text"][: matches[-1].start()]
                note.suffix = row["text"][matches[-1].end() :]
                note.body_line = row["line"]
                break


def locate_written_terms(lines: list[dict], notes: list[Note]) -> list[Note]:
    """The body line marking each note that writes out its term (※AI / AI※); the notes never marked."""
    after_mark: dict[str, list[int]] = {}
    before_mark: dict[str, list[int]] = {}
    written = [note for note in notes if note.attached == "term"]
    for row in lines if written else ():
        if row["label"] in _NOT_BODY or "※" not in row["text"]:
            continue
        text = join_letter_spaced(row["text"])
        for match in re.finditer(r"※\s*([^\n※]{1,40})", text):
            for end in range(1, len(match.group(1)) + 1):
                after_mark.setdefault(match.group(1)[:end], []).append(row["line"])
        for match in re.finditer(r"([^\n※]{1,40}?)[」』）)]?\s*(?:\^\{\s*)?[(（]?※", text):
            for start in range(len(match.group(1))):
                before_mark.setdefault(match.group(1)[start:], []).append(row["line"])
    unmarked = []
    for note in notes:
        if note.attached != "term":
            continue
        spelled = join_letter_spaced(note.term)
        candidates = after_mark.get(spelled, []) + before_mark.get(spelled, [])
        if not candidates:
            unmarked.append(note)
            continue
        preceding = [line for line in candidates if line < note.line]
        note.body_line = max(preceding) if preceding else min(candidates)
    return unmarked


def _closing_bracket_start(text: str) -> int | None:
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        depth += text[i] in "）)"
        depth -= text[i] in "（("
        if depth == 0:
            return i
    return None


def _phrase_at_mark(text: str, doc) -> tuple[str | None, str]:
    """(noun phrase, 'noun') when the text ends in one; (None, 'clause') when a verb, auxiliary or
    particle closes it; a term quoted in 「」 just before the mark counts as a noun phrase."""
    quoted = re.search(r"[「『]([^「」『』]{1,40})[」』]\s*$", text)
    if quoted:
        return quoted.group(1), "noun"
    bracket = ""
    if text.endswith(("）", ")")):
        start = _closing_bracket_start(text)
        if start is not None:
            bracket, text = text[start:], text[:start]
    tokens = [t for t in doc if t.idx + len(t.text) <= len(text.rstrip())]
    if not tokens:
        return None, "none"
    last = tokens[-1]
    if not (last.tag_.startswith(_NOUNISH_TAGS) or last.pos_ in _NOUNISH_POS):
        return None, "clause"
    start = len(text)
    for token in reversed(tokens):
        joinable = (
            token.tag_.startswith(_NOUNISH_TAGS)
            or (token.text in "・-‐" and start < len(text))
            or token.pos_ in _NOUNISH_POS
        )
        if not joinable or (
            token.idx + len(token.text) < start and text[token.idx + len(token.text) : start].strip()
        ):
            break
        start = token.idx
    word = text[start:].strip()
    return (word + bracket if word else None), ("noun" if word else "clause")


def attach_words(notes: list[Note]) -> None:
    """The phrase each mark closes, from GiNZA's parse of the text before it (one batch per document)."""
    marked = [n for n in notes if n.prefix is not None and n.attached != "term"]
    if not marked:
        return  # nothing to parse: the model is not even loaded
    tails = [re.split(r"[。、\t]", strip_markers(n.prefix))[-1].rstrip()[-80:] for n in marked]
    for note, tail, doc in zip(marked, tails, parse(tails), strict=True):
        word, note.attached = _phrase_at_mark(tail, doc)
        if word is None:
            continue
        bracket = PAREN_TAIL.match(word)
        if bracket and _ACRONYM.match(bracket.group(1).strip()):
            note.aliases.append(bracket.group(2).strip())
            word = bracket.group(1).strip()
        elif bracket:
            note.aliases.extend([bracket.group(1).strip(), bracket.group(2).strip()])
        note.term = strip_item_number(word)
        note.aliases.extend(_bracket_aliases(note.prefix, note.suffix))
        _take_written_term(note)


def _take_written_term(note: Note) -> None:
    """A note that writes out the word its mark closes ('マイナポータル：政府が運営する…' under
    'イ マイナポータル※1'): the written word is the term."""
    written = _WRITTEN_TERM.match(note.text)
    if written and note.term and compact(note.term).endswith(compact(written.group(1))):
        note.term = written.group(1).strip()


def _definition(note: Note) -> str:
    """The note's text without the term it writes out first ('マイナポータル：…', 'RPA Robotic …')."""
    written = _WRITTEN_TERM.match(note.text)
    if written and note.term and compact(written.group(1)) == compact(note.term):
        return written.group(2).strip()
    head, _, tail = note.text.partition(" ")
    if note.term and tail.strip() and compact(head) == compact(note.term):
        return tail.strip()
    return note.text


def _bracket_aliases(prefix: str, suffix: str) -> list[str]:
    """'ICT^{※3}（情報通信技術）' and '業務改革(BPR^{※2})': the other name in the brackets around the mark."""
    aliases = []
    after = re.match(r"\s*[(（]([^()（）]{2,30})[)）]", suffix)
    if after:
        aliases.append(after.group(1).strip())
    if re.match(r"\s*[)）]", suffix):
        before = re.search(r"([^\s、。「」()（）]{2,30})\s*[(（][^()（）]*$", strip_markers(prefix))
        if before:
            aliases.append(before.group(1))
    return aliases


def read_notes(lines: list[dict]) -> tuple[list[Note], list[str]]:
    """Every note with its mark, attachment and kind, and warnings about notes whose mark is missing."""
    notes = parse_notes(lines)
    attach_marks(lines, notes)
    attach_words(notes)
    unmarked = locate_written_terms(lines, notes)
    warnings = []
    for note in notes:
        note.kind = note_kind(note.text, note.attached)
        if note.kind != "definition":
            note.term = None
        elif note.term is None and note.body_line is None:
            warnings.append(
                f"footnote {note.marker} at line {note.line} has no mark in the body; its term is unknown"
            )
    warnings.extend(
        f"footnote term {note.term!r} at line {note.line} has no marker in the body (kept)"
        for note in unmarked
    )
    return notes, warnings


def note_definitions(notes: list[Note]) -> list[Definition]:
    definitions = []
    for note in notes:
        if note.kind != "definition" or not note.term:
            continue
        term, aliases = note.term, list(note.aliases)
        if note.attached != "term":
            term = acronym_part(note.term, note.text) or note.term
            if term != note.term:
                aliases.append(note.term)
        if is_valid(term, note.text):
            definitions.append(
                Definition(
                    term, _definition(note), "footnote", note.line, marker=note.marker, aliases=aliases
                )
            )
    return definitions


def note_rows(doc_id: str, notes: list[Note], lines: list[dict]) -> list[dict]:
    by_line = {row["line"]: row for row in lines}
    return [
        {
            "doc_id": doc_id,
            "marker": note.marker,
            "kind": note.kind,
            "text": note.text,
            "term": note.term,
            "attached": note.attached,
            "body_line": note.body_line,
            "section_id": by_line[note.line]["section_id"],
            "line": note.line,
            "page": by_line[note.line]["page"],
        }
        for note in notes
    ]
