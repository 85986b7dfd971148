"""Stage 1, ingest, for text: a raw plan as text -> one row per line (PDF and Office files have readers of
their own, pipeline.readers.pdf and pipeline.readers.office; pipeline.readers.ingest picks one).

Text input keeps the raw file's line numbering (what `grep -n` shows), so every later row can point back
at the source. PDF input goes through `pipeline.readers.pdf.reader`, which yields lines in reading order with a page.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import replace

from pipeline.errors import InputError
from pipeline.families.wrapping import unwrap
from pipeline.language.normalize import normalize_text
from pipeline.language.scripts import IDEOGRAPHS, KANA_BLOCKS
from pipeline.model.lines import Ingested, Line
from pipeline.readers.cells import cells_of, is_table_row
from pipeline.readers.spaced_tables import tab_spaced_schedules

# Fewer Japanese characters than this means no Japanese text (a binary, an English page); a short Japanese
# document (a one-page summary, slides) is still read and judged plan or not by the documents stage.
MIN_JAPANESE_CHARS = 20
_JAPANESE = re.compile(f"[{KANA_BLOCKS}{IDEOGRAPHS}]")


# A text with more undecodable bytes than this share is not text in any encoding we read.
MAX_UNDECODABLE_SHARE = 0.01


# 7-bit JIS (ISO-2022-JP) switches character sets with escape sequences: ESC $ B, ESC $ @, ESC ( J …
_JIS_ESCAPE = re.compile(rb"\x1b(?:\$[@B]|\$\(D|\([BJI])")
# Byte-level encodings tried in order when no BOM or escape sequence says which: the first that decodes
# wins, except that Shift_JIS and EUC-JP, which often both decode the same bytes, are weighed against
# each other by how Japanese the text reads.
_ENCODINGS = ("utf-8", "cp932", "euc_jp")
# Hiragana and the ideographic comma and full stop: what every Japanese sentence has, and what EUC-JP
# read as Shift_JIS (or the reverse) almost never gives.
_SENTENCE_KANA = re.compile(r"[\u3041-\u3096\u3001\u3002]")


def decode_text(data: bytes) -> tuple[str, list[str]]:
    """Bytes -> (text, warnings): UTF-8 (with or without BOM), UTF-16 with BOM, ISO-2022-JP, else
    Shift_JIS/CP932 or EUC-JP, whichever reads as Japanese.

    A few invalid bytes in a long file (a damaged download, one stray byte) are replaced with U+FFFD and
    reported with their line and byte offset; only a file with a meaningful share of them is rejected.
    """
    if not data.strip():
        raise InputError("empty file")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _decode_lenient(data, encoding)
    if b"\x00" in data:
        raise InputError("binary data, not text (NUL bytes and no UTF-16 byte-order mark)")
    if data.isascii() and _JIS_ESCAPE.search(data):
        return _decode_lenient(data, "iso2022_jp_ext")
    decoded = {}
    for encoding in _ENCODINGS:
        try:
            decoded[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if "utf-8" in decoded:
        return decoded["utf-8"], []
    if decoded:
        best = max(decoded, key=lambda encoding: len(_SENTENCE_KANA.findall(decoded[encoding])))
        return decoded[best], []
    results, errors = [], []
    for encoding in _ENCODINGS:
        try:
            results.append(_decode_lenient(data, encoding))
        except InputError as exc:
            errors.append(exc)
    if not results:
        raise errors[0]
    return min(results, key=lambda result: result[0].count("\ufffd"))


_UNDECODABLE: list[int] = []


def _record_undecodable(error: UnicodeDecodeError) -> tuple[str, int]:
    _UNDECODABLE.append(error.start)
    return "\ufffd", error.end


codecs.register_error("dxplans-record", _record_undecodable)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_lenient(data: bytes, encoding: str) -> tuple[str, list[str]]:
    _UNDECODABLE.clear()
    text = data.decode(encoding, errors="dxplans-record")
    bad = list(_UNDECODABLE)
    if not bad:
        return text, []
    if len(bad) > MAX_UNDECODABLE_SHARE * len(data):
        raise InputError(
            f"undecodable bytes: {len(bad)} of {len(data)} bytes are not valid {encoding} "
            f"(the first at line {_line_of(data, bad[0])}, byte {bad[0]})"
        )
    shown = ", ".join(f"line {_line_of(data, offset)} byte {offset}" for offset in bad[:3])
    more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
    return text, [f"{len(bad)} invalid {encoding} byte(s) replaced with U+FFFD: {shown}{more}"]


def split_text_lines(text: str) -> list[Line]:
    """Text -> numbered lines. Form feeds (page breaks left by PDF-to-text tools) number the pages; one
    after text on its line (a tool that ends a page without a line break) also ends the line."""
    raw_lines = re.sub(r"(?<=[^\n\f])\f", "\n\f", text).split("\n")
    if raw_lines and raw_lines[-1] == "":
        raw_lines.pop()
    paged = "\f" in text
    page = 1
    lines = []
    for number, raw in enumerate(raw_lines, start=1):
        raw = raw.rstrip("\r")
        page += raw.count("\f") if paged else 0
        raw = raw.replace("\f", "")
        lines.append(Line(line=number, raw=raw, text=normalize_text(raw), page=page if paged else None))
    return lines


def read_text_lines(text: str) -> list[Line]:
    """Text -> numbered lines, each wrapped paragraph joined onto its first line (families.wrapping.unwrap)
    and schedule tables whose cells single spaces part given tabs (spaced_tables.tab_spaced_schedules)."""
    lines = split_text_lines(text)
    tabbed = tab_spaced_schedules([line.text for line in lines])
    lines = [
        replace(line, text=tabbed[index]) if index in tabbed else line for index, line in enumerate(lines)
    ]
    return [replace(line, cells=cells_of(line.text)) for line in unwrap(lines, is_table_row)]


def check_japanese(lines: list[Line]) -> None:
    japanese = sum(len(_JAPANESE.findall(line.text)) for line in lines)
    if japanese < MIN_JAPANESE_CHARS:
        raise InputError(f"no Japanese text: only {japanese} Japanese characters (not a plan)")


def read_text(data: bytes) -> Ingested:
    """A text file's bytes -> its lines. Raises InputError with a one-line reason for unusable input."""
    if data.startswith(b"%PDF-"):
        raise InputError("a PDF with a text-file name; rename it to .pdf")
    text, warnings = decode_text(data)
    lines = read_text_lines(text)
    check_japanese(lines)
    return Ingested("text", lines, None, warnings)
