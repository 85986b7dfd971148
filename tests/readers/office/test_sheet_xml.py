"""A workbook read from its XML: shared strings without their furigana, inline strings, serial dates in
either calendar, formula results as cached, hidden rows and sheets left out, whatever wrote the file."""

from __future__ import annotations

import zipfile

import pytest

from pipeline.errors import InputError
from pipeline.readers.office.blocks import to_lines
from pipeline.readers.office.xlsx import read_xlsx_blocks

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _workbook(path, rows: str, *, date1904: bool = False, extra_sheet: str = "") -> None:
    """A minimal workbook as another producer might write it: shared strings with a phonetic guide,
    a custom date format, a sheet that is hidden."""
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "_rels/.rels": f'<Relationships xmlns="{PKG}"><Relationship Id="r1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><workbookPr date1904="{int(date1904)}"/><sheets>'
        '<sheet name="計画" sheetId="1" r:id="s1"/><sheet name="控え" sheetId="2" state="hidden" r:id="s2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG}">'
        f'<Relationship Id="s1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="s2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="st" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="ss" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml": f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy/m/d"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/></font></fonts>'
        '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
        '<fill><patternFill patternType="solid"><fgColor rgb="FF92D050"/></patternFill></fill></fills>'
        '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0"/><xf numFmtId="164" fontId="0" fillId="0"/>'
        '<xf numFmtId="0" fontId="0" fillId="2"/></cellXfs></styleSheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}"><si><t>施策名</t></si>'
        '<si><r><t>行政手続</t></r><r><t>のオンライン化</t></r><rPh sb="0" eb="2"><t>ギョウセイ</t></rPh></si>'
        "<si><t>秘密</t></si></sst>",
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>',
        "xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData></worksheet>'
        + extra_sheet,
    }
    with zipfile.ZipFile(path, "w") as package:
        for name, xml in parts.items():
            package.writestr(name, xml)


ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>開始日</t></is></c><c r="C1" t="str"><v>計</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>45383</v></c><c r="C2"><f>1+1</f><v>2</v></c><c r="D2" s="2"/></row>'
    '<row r="3" hidden="1"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>1</v></c></row>'
)


def test_strings_dates_and_fills_read_from_the_xml(tmp_path):
    path = tmp_path / "plan.xlsx"
    _workbook(path, ROWS)
    lines = [line for line in to_lines(read_xlsx_blocks(path)) if line.cells]
    assert [c.text for c in lines[0].cells] == ["施策名", "開始日", "計", ""]
    assert [c.text for c in lines[1].cells] == ["行政手続のオンライン化", "2024-04-01", "2", ""]
    assert lines[1].cells[3].fill == "#92d050"  # an empty filled cell: a scheduled year
    assert len(lines) == 2  # the hidden row and the hidden sheet are not read


def test_the_1904_calendar_is_honoured(tmp_path):
    path = tmp_path / "mac.xlsx"
    _workbook(path, ROWS, date1904=True)
    lines = [line for line in to_lines(read_xlsx_blocks(path)) if line.cells]
    assert lines[1].cells[1].text == "2028-04-02"  # the same serial, four years and a day later


def test_a_sheet_that_is_not_xml_is_one_clear_line(tmp_path):
    path = tmp_path / "broken.xlsx"
    _workbook(path, "<row r='1'><c r='A1'><v>1</v></c>")  # a row never closed
    with pytest.raises(InputError, match="not an Excel workbook"):
        read_xlsx_blocks(path)
