import codecs

import pytest

from pipeline.errors import InputError
from pipeline.readers.ingest import ingest_file
from pipeline.readers.text import decode_text, split_text_lines

PLAN = "大村市DX推進計画\n" + "本市は行政手続のオンライン化を推進します。\n" * 20


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: s.encode("cp932"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "shift_jis"],
)
def test_encodings(encode):
    assert decode_text(encode(PLAN)) == (PLAN, [])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (bytes(range(256)) * 4, "binary data"),
        (b"\x81\x39\xfe\xff\x80" * 50, "undecodable bytes"),
    ],
)
def test_bad_bytes_give_a_reason(data, reason):
    with pytest.raises(InputError, match=reason):
        decode_text(data)


def test_lines_keep_raw_numbering_and_form_feeds_number_pages():
    lines = split_text_lines("表紙\n\f第1章\r\n本文\n")
    assert [(x.line, x.page, x.text) for x in lines] == [(1, 1, "表紙"), (2, 2, "第1章"), (3, 2, "本文")]
    assert [x.page for x in split_text_lines("a\nb")] == [None, None]
    # A page that ends without a line break: the form feed ends the line too.
    assert [(x.text, x.page) for x in split_text_lines("本文\n- 1 -\f次の頁")] == [
        ("本文", 1),
        ("- 1 -", 1),
        ("次の頁", 2),
    ]


def test_a_file_that_is_not_a_plan(tmp_path):
    path = tmp_path / "readme.txt"
    path.write_text("This is an English README.\n" * 50)
    with pytest.raises(InputError, match="not a plan"):
        ingest_file(path)


def test_a_pdf_named_txt(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"%PDF-1.4\n...")
    with pytest.raises(InputError, match="rename it to .pdf"):
        ingest_file(path)


SENTENCES = "第1章 計画の趣旨\n本町は、窓口での手続をオンラインで完結できるよう取り組みます。\n令和7年度までに電子申請を拡大します。\n"


@pytest.mark.parametrize("encoding", ["iso2022_jp", "euc_jp", "cp932", "utf-8"])
def test_the_japanese_encodings_a_municipality_file_can_be_in_are_decoded(encoding):
    text, warnings = decode_text(SENTENCES.encode(encoding))
    assert text == SENTENCES and warnings == []


def test_a_short_euc_jp_line_is_not_read_as_shift_jis():
    line = "電子申請の拡大。"
    assert decode_text(line.encode("euc_jp"))[0] == line


def test_bytes_no_japanese_encoding_reads_are_refused_with_their_position():
    data = SENTENCES.encode("utf-8") + bytes(range(0x80, 0xFF)) * 4
    with pytest.raises(InputError, match=r"undecodable bytes: .* \(the first at line \d+, byte \d+\)"):
        decode_text(data)
