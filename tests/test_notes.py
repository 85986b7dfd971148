"""Footnote kinds and what a mark is attached to; glossary tables in the layouts real documents use."""

import pytest
from conftest import document

from pipeline.config.vocabulary import note_config
from pipeline.extract.terms.notes import ATTACHMENTS, KINDS, note_kind
from pipeline.extract.terms.terms import extract_terms


@pytest.mark.parametrize("example", note_config().examples, ids=lambda e: e.kind + ":" + e.text[:16])
def test_every_configured_example_gets_its_kind(example):
    assert example.kind in KINDS and example.attached in ATTACHMENTS
    assert note_kind(example.text, example.attached) == example.kind


def test_the_examples_cover_every_kind():
    assert {e.kind for e in note_config().examples} == set(KINDS)


def extract(text: str, footnote_lines: tuple[int, ...] = (), pages: dict[int, int] | None = None):
    lines, sections = document(text, pages)
    for row in lines:
        if row["line"] in footnote_lines:
            row["label"] = "footnote"
    terms, notes, warnings = extract_terms("d", lines, sections)
    return {t["term"]: t for t in terms}, notes, warnings


def test_citations_urls_and_cross_references_are_notes_not_terms():
    doc = "\n".join(
        [
            "1 背景",
            "AI利活用ガイドライン¹に沿い、DCAT²で記述し、詳細は後述³。ワンスオンリー⁴を徹底する。",
            "¹ 令和元年8月9日にAIネットワーク社会推進会議が取りまとめた「AI利活用ガイドライン」",
            "² https://www.w3.org/TR/vocab-dcat-2/",
            "³ 4.1参照",
            "⁴ 一度提出した情報は、二度提出することを不要とする原則。",
        ]
    )
    terms, notes, _ = extract(doc)
    assert list(terms) == ["ワンスオンリー"]
    assert [(n["marker"], n["kind"]) for n in notes] == [
        ("¹", "citation"),
        ("²", "url"),
        ("³", "cross_reference"),
        ("⁴", "definition"),
    ]
    assert all(n["body_line"] == 2 for n in notes)
    assert [n["term"] for n in notes] == [None, None, None, "ワンスオンリー"]


@pytest.mark.parametrize(
    "body",
    [
        "この識別子で個々のデータが識別される¹。",
        "全ての項目が標準に準拠しているわけではない¹。",
        "詳しくは上記の¹とおりである。",
    ],
)
def test_a_mark_closing_a_verb_auxiliary_or_particle_gives_a_note_and_no_term(body):
    terms, notes, _ = extract(f"1 背景\n{body}\n¹ 識別子の付け方は別に定める規則による。")
    assert terms == {}
    assert notes[0]["attached"] == "clause" and notes[0]["term"] is None
    assert notes[0]["kind"] != "definition"


def test_a_mark_after_a_quoted_word_defines_the_word():
    terms, notes, _ = extract(
        "1 背景\n「公平性」⁵を確保する。\n⁵ 集団や個人の間で扱いに偏りがない性質のこと。"
    )
    assert list(terms) == ["公平性"] and notes[0]["attached"] == "noun"


def test_bare_number_notes_at_the_page_foot_link_to_raised_marks_and_wrap():
    doc = "\n".join(
        [
            "1 背景",
            "ベース・レジストリ¹の整備と包括的データ戦略²に基づく改革。",
            "1 公的機関等で登録・公開され、様々な場面で参照される社会の基本データの",
            "総称。",
            "2 「包括的データ戦略」（令和3年6月18日閣議決",
            "定）https://www.kantei.go.jp/jp/singi/it2/",
        ]
    )
    terms, notes, _ = extract(doc, footnote_lines=(3, 4, 5, 6))
    assert list(terms) == ["ベース・レジストリ"]
    assert terms["ベース・レジストリ"]["definition"].endswith("基本データの総称。")
    assert [(n["marker"], n["kind"]) for n in notes] == [("¹", "definition"), ("²", "citation")]
    assert notes[1]["text"].endswith("閣議決定）https://www.kantei.go.jp/jp/singi/it2/")


def test_an_acronym_with_its_full_form_in_brackets_is_the_term():
    terms, _, _ = extract(
        "1 背景\nPDS（Personal Data Store）¹²の活用。\n¹² 個人が自らのデータを蓄積・管理するための仕組み。"
    )
    assert list(terms) == ["PDS"] and terms["PDS"]["aliases"][0] == "Personal Data Store"


# --- glossary tables in real layouts ----------------------------------------------------------------


def test_glossary_table_under_a_plain_heading_with_empty_cells_wrapped_rows_and_page_break():
    doc = "\n".join(
        [
            "1 はじめに",
            "1.2 用語",
            "本文書で使う用語は表1-1のとおり。",
            "表 1-1 用語の定義",
            "\t用語\t\t\t意味\t",
            "境界型セキュリティ\t\t\t境界線で内側と外側を遮断して、外部からの攻撃を防止しよう",
            "\t\t\tとする考え方。",
            "",
            "\t用語\t\t\t意味\t",
            "ゼロトラスト\t\t\t内部であっても信頼しないという考え方。",
            "2 本論",
            "境界型セキュリティからゼロトラストへ移行する。",
        ]
    )
    terms, _, _ = extract(doc, pages={n: 1 if n < 8 else 2 for n in range(1, 13)})
    assert list(terms) == ["境界型セキュリティ", "ゼロトラスト"]
    assert terms["境界型セキュリティ"]["definition"].endswith("防止しようとする考え方。")
    assert terms["ゼロトラスト"]["page"] == 2 and terms["ゼロトラスト"]["sources"] == ["glossary"]


def test_a_table_headed_term_and_meaning_is_a_glossary_anywhere_but_item_and_content_is_not():
    doc = "\n".join(
        [
            "1 計画の概要",
            "項目\t内容",
            "計画期間\t令和6年度から令和8年度までの3年間",
            "",
            "2 参考",
            "用語\t意味",
            "EBPM\tEvidence Based Policy Making の略。証拠に基づく政策立案のこと。",
        ]
    )
    terms, _, _ = extract(doc)
    assert list(terms) == ["EBPM"]


def test_glossary_lines_with_a_dash_separator_continue_after_a_page_break():
    doc = "\n".join(
        [
            "1.3 用語",
            "・AI – 人工知能。その意味するところは使用者により異なります。",
            "・アノテーション、ラベリング – 機械学習には、教師あり学習、教師なし学習",
            "",
            "および強化学習があります。正解情報を付加する作業を指します。",
            "・データクレンジング – データの誤り、欠損等を修正する作業です。",
            "2 想定される課題",
        ]
    )
    terms, _, _ = extract(doc)
    assert list(terms) == ["AI", "アノテーション、ラベリング", "データクレンジング"]
    assert terms["アノテーション、ラベリング"]["definition"].endswith("付加する作業を指します。")


def test_a_glossary_ends_where_its_entries_end_not_at_the_colophon():
    doc = "\n".join(
        [
            "1 取組",
            "施策を進めます。",
            "用語集",
            "AI：人工知能のこと。人の知性を再現したもの。",
            "RPA：定型作業を自動化する仕組み。",
            "大村市DX推進計画",
            "令和5年3月",
            "発行：大村市 総務部 情報政策課",
            "住所：長崎県大村市玄関町1-25",
            "電話：0957-53-4111",
            "【問い合わせ先】",
            "情報政策課",
            "大村市役所本庁舎の3階にあります。",
        ]
    )
    terms, _, _ = extract(doc)
    assert list(terms) == ["AI", "RPA"]


def test_a_glossary_table_ends_at_contact_rows():
    doc = "\n".join(
        [
            "用語集",
            "用語\t説明",
            "EBPM\t証拠に基づく政策立案のこと。",
            "電話\t0957-53-4111（代表）",
            "住所\t長崎県大村市玄関町1-25",
        ]
    )
    terms, _, _ = extract(doc)
    assert list(terms) == ["EBPM"]
