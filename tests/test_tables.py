from conftest import document

from pipeline.language.normalize import clean_cell
from pipeline.tables.find import find_tables


def _lines(text: str) -> list[dict]:
    lines, _ = document(text)
    return lines


def test_tab_table_with_caption_and_year_header():
    tables = find_tables(
        _lines("図表1 スケジュール\n令和4年度\t令和5年度\t令和6年度\n検討\t導入\t拡大\n\n本文。")
    )
    (table,) = tables
    assert table.caption == "図表1 スケジュール"
    assert table.rows == [["令和4年度", "令和5年度", "令和6年度"], ["検討", "導入", "拡大"]]
    assert table.header_rows == {0}
    assert table.lines == [2, 3]


def test_markdown_pipe_table_header_from_separator_row():
    (table,) = find_tables(_lines("| 区分 | 業務 |\n|---|---|\n| 第1グループ | 固定資産税 |"))
    assert table.rows == [["区分", "業務"], ["第1グループ", "固定資産税"]]
    assert table.header_rows == {0}


def test_html_fragments_in_cells_keep_text_and_separate_items():
    assert clean_cell("<p>一つ目。</p> <p>二つ目。</p>") == "一つ目。\n二つ目。"
    assert (
        clean_cell('<ul style="list-style-type: none"> (1) 整理する。 (2) 拡充する。 </ul>')
        == "(1) 整理する。 (2) 拡充する。"
    )
    assert clean_cell("<ul><li>A</li><li>B</li></ul>") == "A\nB"
    assert clean_cell('<ul style="x"> ● 施策を検討 ● 人材を育成') == "施策を検討\n人材を育成"
    assert clean_cell("<b>原則①</b> 説明<br>続き &amp; 補足") == "原則① 説明\n続き & 補足"
