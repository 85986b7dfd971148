"""Marks a line opens or carries: note marks (※1, ¹, ^{※2}, 注1), bullets (・, ●, ■ …), caption openers
(図表3, 出典：) and decorations. Each form is one registered family (pipeline/families/family.py)."""

from __future__ import annotations

import re

from pipeline.families.family import Family, Role

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
NOTE, ITEM, CAPTION = (Role.NOTE_MARK,), (Role.LIST_ITEM,), (Role.CAPTION,)

# A note line: ※…, *1 …, ¹ …, 注1：…, （注）.
NOTE_LINE = Family(
    "note_line", r"^(?:※|\*\s*\d{1,2}\s|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S|\(?注\d*\)?[\s:：]|（注\d*）)",
    "a line that is a note", NOTE,
    ("※1 RPAとは…", "¹ ロボットによる自動化", "注1：速報値", "（注）数値は概数", "*2 出典"), ("注意事項を確認する", "*強調*"),
)  # fmt: skip
# A bulleted note ('- ※アナログ規制 社会の…') is a note only when shaped like a definition; a bullet that
# merely starts with a marked word ('- ※デジタル・ガバメントの実現のための…') is a list item.
BULLETED_NOTE = Family(
    "bulleted_note", r"^[-・]\s*※\s*(?:\d{1,2}\s|[^\s：:\t]{1,30}(?:[：:\t]|\s\S{5,}))",
    "a bulleted line that is a note", NOTE,
    ("- ※アナログ規制 社会の規制のうち…", "・※1 注記"), ("- ※デジタル・ガバメントの実現のための取組を進める",),
)  # fmt: skip
# Where a PDF line at a page's foot starts like a note: ※, a raised marker, 注.
PAGE_FOOT_NOTE = Family(
    "page_foot_note", r"^(?:※|\^\{|[¹²³⁴⁵⁶⁷⁸⁹⁰]|\(?注)", "a note at a page's foot", NOTE,
    ("※1 出典", "^{※2} 注記", "³ 総務省", "注 速報値"), ("1 はじめに", "本文"),
)  # fmt: skip
# A small line at a page's foot that starts with a bare number (Word's notes: '3 総務省「…」').
FOOT_NUMBER = Family(
    "foot_number", r"^(?:\d{1,3}\s*\S)", "a numbered note at a page's foot", NOTE,
    ("3 総務省「自治体DX推進計画」", "12出典"), ("※1 出典", "・本文"),
)  # fmt: skip
# A note's number raised in the text (¹, ^{※2}); group 1 is the number when written out.
RAISED_NUMBER = Family(
    "raised_number", r"[¹²³⁴⁵⁶⁷⁸⁹⁰]+|\^\{\s*(?:※|\*|注)?\s*(\d{1,3})\s*\}", "the note number raised in the text", NOTE,
    ("RPA³の導入", "クラウド^{※2}の活用"), ("RPA3の導入", "^{注}"), matching="search",
)  # fmt: skip
# A note mark cut out of a scanned line's upper half and read alone (pipeline/readers/pdf/raised_marks):
# a number of one or two digits, or ※ / * with one.
SCANNED_RAISED_MARK = Family(
    "scanned_raised_mark", r"[0-9]{1,2}|[※*][0-9]{0,2}", "a raised note mark as OCR reads it alone", NOTE,
    ("1", "12", "※2", "*"), ("123", "a", "①", "1a"), matching="fullmatch",
)  # fmt: skip
# The number a note at a page's foot opens with: '※1 …', '(2) …', '3. …'.
NOTE_NUMBER = Family(
    "note_number", r"^(?:※|\*|注)?\s*[(（]?(\d{1,3})[)）]?(?:\s|[.:：]\s?)\S", "the note's number", NOTE,
    ("※1 出典", "(2) 注記", "3. 総務省", "注4：速報値"), ("※ 出典", "2024年度"),
)  # fmt: skip
# A note as the terms stage reads it: its mark (※1, *2, 注3, ¹) and its text.
NUMBERED_NOTE = Family(
    "numbered_note",
    r"^(?:[(（]?(※|\*|注)\s*(\d{1,2})[)）]?(?!\d)|([" + SUPERSCRIPTS + r"]+)(?![" + SUPERSCRIPTS + r"]))\s*[:：]?\s*(.*)$",
    "the mark, the number and the note's text", NOTE,
    ("※1 RPA：ソフトウェアロボット", "(注2) 速報値", "¹ 総務省"), ("※ RPA", "注意"),
)  # fmt: skip
BARE_NUMBER_NOTE = Family(
    "bare_number_note", r"^(\d{1,2})\s+(\S.*)$", "the number and the note's text", NOTE,
    ("3 総務省「自治体DX推進計画」",), ("2024 年度", "3総務省"),
)  # fmt: skip
EXPLICIT_NOTE = Family(
    "explicit_note", r"^※\s*(?:[①-⑳]\s*)?(.+)$", "the note's text after ※ (and a circled number)", NOTE,
    ("※RPA：ソフトウェアロボット", "※① 出典"), ("RPA※", "・本文"),
)  # fmt: skip
# A note mark inside a line (a term's '※1', '^{※2}', '³'), as titles and terms drop it.
INLINE_NOTE_MARK = Family(
    "inline_note_mark", r"\s*\^\{[^}]*\}|\s*※\s*\d{0,2}|[" + SUPERSCRIPTS + r"]+", "the mark to drop", NOTE,
    ("RPA※1", "クラウド^{※2}", "EBPM³"), ("RPA", "3つの柱"), matching="search",
)  # fmt: skip

# A list item's bullet as the structure stage reads a line's shape.
BULLET = Family(
    "bullet", r"^(?:[-*+](?:\s|$)|[・●○■□◆◇▪▶►▸•✓✔→⇒☑★☆◎]|\*\*\d+\*\*)", "a bulleted line", ITEM,
    ("・窓口改革", "- 研修", "● 導入", "**1** 窓口"), ("-1℃", "窓口・研修"),
)  # fmt: skip
# A bullet before a note's mark ('- ※…', '・※…'), dropped before the note is read.
NOTE_BULLET = Family(
    "note_bullet", r"^[-・]\s*", "the bullet to drop", ITEM, ("- ※1 注記", "・※RPA"), ("※1 注記",),
)  # fmt: skip
# What opens a list item or a note in a PDF: a number with a bracket or dot, ①, 第1, a bullet, ※. Such a
# line starts a block of its own and does not continue the paragraph above it.
ITEM_START = Family(
    "item_start", r"^(?:[(（]?\d{1,2}[)）.]|[①-⑳]|第\d|[・●■◆\-]|※)", "an item's start", ITEM,
    ("(1) 現状", "1. はじめに", "② 研修", "第2章", "・窓口", "※注記"), ("令和5年度", "本文"),
)  # fmt: skip
# A list item's number in a measure's description: '(1)', '①', '1.', after an optional bullet.
LIST_NUMBER = Family(
    "list_number", r"^(?:[-・]\s*)?((?:[(（]\d{1,2}[)）])|[①-⑳]|\d{1,2}[.．]?)\s*", "the item's number", ITEM,
    ("(1) 窓口", "・① 研修", "2. 導入"), ("窓口", "・研修"),
)  # fmt: skip
# A mark that decorates a line rather than naming a heading (✓, ▼, ■, →, ※ …).
DECORATION = Family(
    "decoration", r"^[✓✔▼▽▲△■□●○◆◇★☆→⇒・※◎▶►]", "a decorated line", ITEM,
    ("■窓口", "→ 導入", "✓ 研修"), ("窓口", "1 窓口"),
)  # fmt: skip

# A caption's opener: 図表3, 表1-1, a wholly bracketed label, 出典：, 資料：.
CAPTION_START = Family(
    "caption_start",
    r"^(?:\*\*)?(?:(?:図表|図|表)\s*[0-9A-Za-z][0-9A-Za-z\-‐－.]*|【[^】]+】$|《[^》]+》$|[(（【]?(?:出典|資料|注記|引用)[)）】]?\s*[:：\s])",
    "a caption line", CAPTION,
    ("図表3 取組の体系", "表1-1 用語の定義", "【現状】", "出典：総務省"), ("表示の改善", "図書館のDX"),
)  # fmt: skip

# Bullets that list a slide's agenda; several on one line are several contents entries (• 計画の概要• 施策).
AGENDA_BULLET = Family(
    "agenda_bullet", r"\s*[•●◆■▶]\s*", "a bullet between agenda entries", (Role.LIST_ITEM,),
    ("• 計画の概要", "● 施策"), ("・子育て", "1. 計画"), matching="match",
)  # fmt: skip

# A cell that says it holds nothing: a dash or a slash alone (－, ―, ‐, —, ／), as a grid writes the
# years a measure is not worked in, or a baseline not yet measured.
NO_ENTRY = Family(
    "no_entry", r"[\-－―‐—–ー/／]{1,3}", "a cell that holds nothing", (Role.CELL_VALUE,),
    ("－", "-", "―", "—", "／", "--"), ("→", "━", "-1", "ー実施", "2026"), matching="fullmatch",
)  # fmt: skip

# A cell that only numbers its row: 3, (2), No.3, ①, 1-2, 2-(1). Its form tells an outline's levels
# apart where one column numbers them all (1 over (1), (2)).
ROW_INDEX = Family(
    "row_index", r"(?:No\.?\s*)?[(（]?\d{1,3}[)）.．]?|[①-⑳]|\d{1,2}[-‐－][(（]?\d{1,2}[)）]?(?:[-‐－]\d{1,2})?",
    "a cell that numbers its row", (Role.CELL_VALUE,),
    ("3", "(2)", "（12）", "No.3", "No 4", "①", "1-2", "2-(1)", "1-2-3", "4."), ("1,200", "R7", "2026年度", "(1)窓口", "第1章"),
    matching="fullmatch",
)  # fmt: skip


def index_form(text: str) -> str | None:
    """A row index's form, its numbers masked ((1) and (12) are one form, 1 another); None for a cell
    that is not an index."""
    text = text.strip()
    return re.sub(r"\d+", "#", text) if ROW_INDEX.recognises(text) else None


FAMILIES: tuple[Family, ...] = (
    AGENDA_BULLET, NO_ENTRY, ROW_INDEX,
    NOTE_LINE, BULLETED_NOTE, PAGE_FOOT_NOTE, FOOT_NUMBER, RAISED_NUMBER, SCANNED_RAISED_MARK, NOTE_NUMBER, NUMBERED_NOTE,
    BARE_NUMBER_NOTE, EXPLICIT_NOTE, INLINE_NOTE_MARK, BULLET, NOTE_BULLET, ITEM_START, LIST_NUMBER,
    DECORATION, CAPTION_START,
)  # fmt: skip
