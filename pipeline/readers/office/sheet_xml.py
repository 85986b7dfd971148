"""A workbook's parts read straight from their XML with lxml's streaming parser: its visible sheets,
their cells' cached values (formulas are never evaluated, macros never run), each cell's fill and type,
merged ranges, and hidden rows and columns.

openpyxl builds several Python objects per cell and reads an action-plan sheet of 200,000 rows in about
100 s; streaming the same XML takes a fraction of that, and the sheet is never held as a tree. openpyxl
still names the built-in number formats and turns serial dates into dates.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils import range_boundaries
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

from pipeline.readers.office.package import hex_colour, parse_part
from pipeline.readers.office.sheet_drawings import drawn_marks

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_M = f"{{{MAIN}}}"


@dataclass(frozen=True)
class CellStyle:
    """What a cell's style index (its `s`) says that a reader uses."""

    number_format: str = "General"
    fill: str | None = None
    size: float | None = None
    bold: bool = False


@dataclass(frozen=True)
class SheetCell:
    column: int  # 1-based
    value: object  # str, float, int, bool, datetime or None
    style: CellStyle


@dataclass(frozen=True)
class SheetRow:
    number: int  # 1-based
    cells: tuple[SheetCell, ...]


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: tuple[SheetRow, ...]  # rows that are not hidden, in order
    merged: tuple[tuple[int, int, int, int], ...]  # (min_row, min_col, max_row, max_col)
    hidden_columns: frozenset[int]
    marks: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> a drawn arrow or bar


def _parse(package: zipfile.ZipFile, name: str):
    return parse_part(name, package.read(name))


def _iterate(package: zipfile.ZipFile, name: str, tags: tuple[str, ...]) -> Iterator:
    """Elements of a part as each closes, cleared after use (the part is never held whole)."""
    with package.open(name) as source:
        for _, element in etree.iterparse(source, tag=tags, resolve_entities=False, no_network=True):
            yield element
            element.clear(keep_tail=True)


def _text_of(element) -> str:
    """A string item's text: its runs' text without their phonetic guides (rPh, the furigana)."""
    return "".join(t.text or "" for t in element.iter(f"{_M}t") if t.getparent().tag != f"{_M}rPh")


def _shared_strings(package: zipfile.ZipFile, name: str | None) -> list[str]:
    if name is None or name not in package.namelist():
        return []
    return [_text_of(item) for item in _iterate(package, name, (f"{_M}si",))]


def _colour(fill) -> str | None:
    pattern = fill.find(f"{_M}patternFill")
    if pattern is None or pattern.get("patternType") != "solid":
        return None
    colour = pattern.find(f"{_M}fgColor")
    if colour is None:
        return hex_colour("00000000")  # a solid fill without a colour is black, as Excel paints it
    if colour.get("rgb"):
        return hex_colour(colour.get("rgb"))
    if colour.get("indexed", "").isdigit():
        index = int(colour.get("indexed"))
        return hex_colour(COLOR_INDEX[index]) if index < len(COLOR_INDEX) else None
    if colour.get("theme", "").isdigit():
        tint = float(colour.get("tint") or 0)
        return f"theme:{colour.get('theme')}{'' if not tint else f'{tint:+.2f}'}"
    return None


def _flag(element, name: str) -> bool:
    return element is not None and element.get(name, "1") not in ("0", "false")


def _styles(package: zipfile.ZipFile, name: str | None) -> list[CellStyle]:
    if name is None or name not in package.namelist():
        return []
    root = _parse(package, name)
    formats = dict(BUILTIN_FORMATS)
    for fmt in root.iterfind(f"{_M}numFmts/{_M}numFmt"):
        if fmt.get("numFmtId", "").isdigit():
            formats[int(fmt.get("numFmtId"))] = fmt.get("formatCode") or "General"
    fills = [_colour(fill) for fill in root.iterfind(f"{_M}fills/{_M}fill")]
    fonts = []
    for font in root.iterfind(f"{_M}fonts/{_M}font"):
        size = font.find(f"{_M}sz")
        value = size.get("val") if size is not None else None
        fonts.append(
            (
                float(value) if value and value.replace(".", "", 1).isdigit() else None,
                _flag(font.find(f"{_M}b"), "val"),
            )
        )
    styles = []
    for xf in root.iterfind(f"{_M}cellXfs/{_M}xf"):
        fill, font = _index(xf, "fillId", fills), _index(xf, "fontId", fonts)
        number = formats.get(
            int(xf.get("numFmtId", "0")) if xf.get("numFmtId", "0").isdigit() else 0, "General"
        )
        styles.append(CellStyle(number, fill, *(font or (None, False))))
    return styles


def _index(element, attribute: str, items: list):
    value = element.get(attribute, "0")
    return items[int(value)] if value.isdigit() and int(value) < len(items) else None


def _column(reference: str) -> int:
    number = 0
    for letter in reference:
        if not letter.isalpha():
            break
        number = number * 26 + ord(letter.upper()) - 64
    return number


def _value(cell, style: CellStyle, strings: list[str], date1904: bool) -> object:
    """A cell's cached value as openpyxl's read gives it (data_only): shared and inline strings, numbers
    (int unless written with a point or exponent), booleans, errors as text, serial dates as dates."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{_M}is")
        return _text_of(inline) if inline is not None else None
    raw = cell.findtext(f"{_M}v")
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)] if raw.strip().isdigit() and int(raw) < len(strings) else None
    if kind in ("str", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        return _iso(raw)
    try:
        number = float(raw) if any(c in raw for c in ".eE") else int(raw)
    except ValueError:
        return raw
    return _serial_date(number, style.number_format, date1904)


def _iso(raw: str) -> object:
    try:
        return dt.datetime.fromisoformat(raw.strip().rstrip("Z"))
    except ValueError:
        return raw


def _serial_date(number: float | int, number_format: str, date1904: bool) -> object:
    if number_format == "General" or not is_date_format(number_format):
        return number
    try:
        return from_excel(number, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
    except (ValueError, OverflowError):
        return number


def _rows(package, name, styles, strings, date1904) -> tuple[list[SheetRow], list, set[int], dict]:
    rows, merged, hidden_columns, widths = [], [], set(), {}
    default = CellStyle()
    tags = (f"{_M}row", f"{_M}col", f"{_M}mergeCell")
    last_row = 0
    for element in _iterate(package, name, tags):
        if element.tag == f"{_M}row":
            number = int(element.get("r")) if element.get("r", "").isdigit() else last_row + 1
            last_row = number
            if element.get("hidden") in ("1", "true"):
                continue
            cells, last_column = [], 0
            for cell in element.iterchildren(f"{_M}c"):
                column = _column(cell.get("r", "")) or last_column + 1
                last_column = column
                index = cell.get("s", "0")
                style = styles[int(index)] if index.isdigit() and int(index) < len(styles) else default
                cells.append(SheetCell(column, _value(cell, style, strings, date1904), style))
            rows.append(SheetRow(number, tuple(cells)))
        elif element.tag == f"{_M}col":
            low = int(element.get("min", "0") or 0)
            spanned = range(low, int(element.get("max") or low) + 1)
            if element.get("hidden") in ("1", "true"):
                hidden_columns.update(spanned)
            if element.get("width"):
                widths.update(dict.fromkeys(spanned, float(element.get("width"))))
        elif element.tag == f"{_M}mergeCell" and element.get("ref"):
            left, top, right, bottom = range_boundaries(element.get("ref"))
            merged.append((top, left, bottom, right))
    return rows, merged, hidden_columns, widths


def _targets(package: zipfile.ZipFile, workbook: str) -> dict[str, tuple[str, str]]:
    """A workbook relationship's id -> (type, the part it targets)."""
    rels = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    if rels not in package.namelist():
        return {}
    out = {}
    for rel in _parse(package, rels).iterfind(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        target = rel.get("Target", "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(posixpath.dirname(workbook), target))
        )
        out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], path)
    return out


def _workbook_part(package: zipfile.ZipFile) -> str:
    """The workbook part the package's relationships name (xl/workbook.xml in every file seen)."""
    for rel in _parse(package, "_rels/.rels").iterfind(f"{{{PACKAGE_RELATIONSHIPS}}}Relationship"):
        if rel.get("Type", "").endswith("/officeDocument"):
            return rel.get("Target", "").lstrip("/")
    raise KeyError("no workbook part")


def read_sheets(package: zipfile.ZipFile) -> Iterator[Sheet]:
    """The visible worksheets of the workbook, in order (chart sheets and hidden sheets left out)."""
    workbook = _workbook_part(package)
    root = _parse(package, workbook)
    targets = _targets(package, workbook)
    by_type = {kind: path for kind, path in targets.values()}
    styles = _styles(package, by_type.get("styles"))
    strings = _shared_strings(package, by_type.get("sharedStrings"))
    properties = root.find(f"{_M}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    for sheet in root.iterfind(f"{_M}sheets/{_M}sheet"):
        kind, part = targets.get(sheet.get(f"{{{RELATIONSHIPS}}}id"), ("", ""))
        if (
            kind != "worksheet"
            or sheet.get("state", "visible") != "visible"
            or part not in package.namelist()
        ):
            continue
        rows, merged, hidden, widths = _rows(package, part, styles, strings, date1904)
        marks = drawn_marks(package, part, widths)
        yield Sheet(sheet.get("name", ""), tuple(rows), tuple(merged), frozenset(hidden), marks)
