"""Terms on small documents: each footnote family and glossary layout."""

from conftest import document

from pipeline.extract.terms.terms import catalog, extract_terms, term_norm
from pipeline.tables.find import find_tables, table_cell_rows, tables_from_rows
from pipeline.tables.kinds import classify


def terms_of(text: str, pages: dict[int, int] | None = None):
    rows, _, warnings = extract_terms("d", *document(text, pages))
    return {row["term"]: row for row in rows}, warnings


def test_explicit_footnotes_with_every_separator():
    doc = "\n".join(
        [
            "1 背景",
            "本市は※AIと※RPAと※テレワークと※オープンデータと※アナログ規制と※強靭性を進めます。",
            "※AI: Artificial Intelligence(人工知能)の略称。人の知性を再現したもの。",
            "※RPA：Robotic Process Automationの略称。定型作業を自動化すること。",
            "※テレワーク\t場所や時間にとらわれない柔軟な働き方のこと。",
            "※オープンデータ 機械判読に適した形式で公開されたデータのこと。",
            "- ※アナログ規制 人の関与を義務づける各種の規制。",
            "※①強靭性 被害を受けにくく、迅速に回復できる能力。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"AI", "RPA", "テレワーク", "オープンデータ", "アナログ規制", "強靭性"}
    assert terms["AI"]["aliases"] == ["Artificial Intelligence", "人工知能"]
    assert terms["RPA"]["definition"].startswith("Robotic Process Automationの略称")
    assert terms["テレワーク"]["marker"] == "※" and terms["テレワーク"]["sources"] == ["footnote"]


def test_letter_spaced_term_before_a_space_separated_definition():
    terms, _ = terms_of(
        "1 背景\nA I※とR P A※を使います。\n※A I 人間のように振る舞う知能。\n※R P A Robotic Process Automationの略。"
    )
    assert terms["A I"]["definition"] == "人間のように振る舞う知能。"
    assert terms["R P A"]["definition"].startswith("Robotic")


def test_term_alone_with_the_definition_in_the_following_paragraph_or_table():
    doc = "\n".join(
        [
            "1 背景",
            "フロントヤード※の改革と基幹系17業務(※)の標準化。",
            "",
            "※フロントヤード",
            "",
            "住民と接点となる部分",
            "",
            "※ 基幹系17業務",
            "",
            "| 第1グループ | 固定資産税、個人住民税 |",
            "| 第2グループ | 国民年金、児童手当 |",
        ]
    )
    terms, _ = terms_of(doc)
    assert terms["フロントヤード"]["definition"] == "住民と接点となる部分"
    assert (
        terms["基幹系17業務"]["definition"]
        == "| 第1グループ | 固定資産税、個人住民税 |\n| 第2グループ | 国民年金、児童手当 |"
    )


def test_numbered_notes_restart_per_page_and_link_to_the_nearest_marker():
    doc = "\n".join(
        [
            "1 背景",
            "スマートフォンやWi-Fi^{※1}、AI^{※2}が普及しました。",
            "※1 無線LANの規格。",
            "※2 人工知能のこと。",
            "2 動向",
            "SNS^{※1}やマイナポータル ^{※2} （ぴったりサービス）の利用。",
            "※1 ソーシャルネットワーキングサービスの略。",
            "※2 国民一人ひとりがアクセスできるポータルサイト。",
        ]
    )
    terms, _ = terms_of(doc, pages={n: 1 if n < 5 else 2 for n in range(1, 9)})
    assert set(terms) == {"Wi-Fi", "AI", "SNS", "マイナポータル"}
    assert terms["SNS"]["definition"].startswith("ソーシャル") and terms["SNS"]["marker"] == "※1"
    assert terms["マイナポータル"]["aliases"] == ["ぴったりサービス"]
    assert terms["SNS"]["page"] == 2


def test_superscript_notes_take_the_compound_noun_before_the_marker():
    doc = "\n".join(
        [
            "1 取組",
            "RPA³による自動化と庁内無線ネットワーク⁴の整備を進めます。",
            "³ Robotic Process Automationの略。",
            "⁴ 庁舎内で使う無線の通信網。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"RPA", "庁内無線ネットワーク"}
    assert terms["RPA"]["marker"] == "³"


def test_a_note_that_writes_out_the_marked_word_names_the_term_an_item_s_number_does_not():
    doc = "\n".join(
        [
            "1 取組",
            "ア マイナポータル※1からの申請を受け付けます。",
            "イ 電子申請システム※2を導入します。",
            "※1 マイナポータル：政府が運営するオンラインサービス。",
            "※2 申請や届出をインターネットで受け付ける仕組み。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"マイナポータル", "電子申請システム"}
    assert terms["マイナポータル"]["definition"] == "政府が運営するオンラインサービス。"
    spaced, _ = terms_of("1 取組\nRPA*1を導入します。\n*1 RPA Robotic Process Automationの略。")
    assert spaced["RPA"]["definition"] == "Robotic Process Automationの略。"


def test_a_mark_in_brackets_defines_the_word_before_the_bracket():
    doc = "\n".join(
        [
            "1 背景",
            "国はガバメントクラウド（注1）の利用を進め、ベース・レジストリ(※2)も整備しています。",
            "注1：政府が整備する共通のクラウドサービスの利用環境。",
            "※2 公的機関等で登録・公開され、様々な場面で参照される社会の基本データ。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"ガバメントクラウド", "ベース・レジストリ"}


def test_marker_on_a_coordinated_pair_picks_the_acronym_the_note_spells_out():
    terms, _ = terms_of("1 取組\nA I・R P A ^{※2} の利用促進。\n※2 Robotic Process Automation の略。")
    assert list(terms) == ["R P A"]
    assert "A I・R P A" in terms["R P A"]["aliases"]


def test_footnote_without_a_body_marker_is_kept_with_a_warning():
    terms, warnings = terms_of("1 背景\n本文です。\n※Society5.0\n\n人間中心の社会。")
    assert terms["Society5.0"]["definition"] == "人間中心の社会。"
    assert any("Society5.0" in w and "no marker" in w for w in warnings)


def test_glossary_with_index_column_reading_and_split_pages():
    doc = "\n".join(
        [
            "1 本文",
            "AIとDXとLGWANとテレワークを使う。テレワークを進める。",
            "用語集",
            "索引\t用語\t説明",
            "A\tAI(エー・アイ)\tArtificial Intelligence(アーティフィシャル・インテリジェンス)の略。人工知能。",
            "D\tDX(デジタル・トランスフォーメーション)\tデジタル技術による変革。",
            "",
            "用語集",
            "索引\t用語\t説明",
            "L\tLGWAN(エル・ジー・ワン)\t<p>総合行政ネットワーク。</p> <p>総合行政ネットワークともいう。</p>",
            "て\tテレワーク\t情報通信技術を活用した柔軟な働き方。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"AI", "DX", "LGWAN", "テレワーク"}
    assert terms["AI"]["reading"] == "エー・アイ" and terms["AI"]["aliases"] == ["Artificial Intelligence"]
    assert terms["LGWAN"]["definition"] == "総合行政ネットワーク。総合行政ネットワークともいう。"
    assert terms["テレワーク"]["sources"] == ["glossary"] and terms["テレワーク"]["reading"] == "テレワーク"
    assert terms["テレワーク"]["mentions"] == 2


def test_glossary_without_index_column_and_a_footnote_merge():
    doc = "\n".join(
        [
            "1 本文",
            "デジタル・トランスフォーメーション（DX）^{※1}を進める。",
            "※1 デジタル技術による変革（脚注）。",
            "用語解説",
            "用語\t解説",
            "デジタル・トランスフォーメーション（DX）\tデジタル技術による変革。",
            "I C T\tInformation and Communication Technologyの略。",
        ]
    )
    terms, _ = terms_of(doc)
    dx = terms["デジタル・トランスフォーメーション（DX）"]
    assert dx["sources"] == ["footnote", "glossary"]
    assert dx["definition"] == "デジタル技術による変革。" and dx["marker"] == "※1" and dx["line"] == 3
    assert dx["aliases"] == ["デジタル・トランスフォーメーション", "DX"]
    assert terms["I C T"]["term_norm"] == "ict"


def test_term_norm_folds_width_spacing_brackets_and_spelling_variants():
    assert term_norm("デジタル・デバイド") == term_norm("デジタルデバイド")
    assert term_norm("行政手続き") == term_norm("行政手続")
    assert term_norm("Ｗｉ－Ｆｉ") == term_norm("Wi-F i") == "wifi"
    assert term_norm("デジタル・トランスフォーメーション（DX）") == term_norm(
        "デジタルトランスフォーメーション"
    )


def test_mentions_count_token_boundaries_not_substrings():
    doc = "1 本文\nAIとAIチャットボットを使う。MAILは別物。\n※AI: 人工知能。"
    terms, _ = terms_of(doc)
    assert terms["AI"]["mentions"] == 2


def test_glossary_written_as_lines_and_notes_marked_with_asterisks():
    doc = "\n".join(
        [
            "1 本文",
            "RPAとBPRとEBPMを進め、オープンデータ*1を公開する。",
            "*1 機械判読に適した形式で公開されたデータ。",
            "用語解説",
            "■RPA（アール・ピー・エー）",
            "定型的な事務作業をソフトウェアで自動化すること。",
            "",
            "【BPR】",
            "業務の進め方を抜本的に見直し、再設計すること。",
            "",
            "EBPM：証拠に基づく政策立案のこと。",
        ]
    )
    terms, _ = terms_of(doc)
    assert set(terms) == {"オープンデータ", "RPA", "BPR", "EBPM"}
    assert terms["オープンデータ"]["marker"] == "*1"
    assert terms["RPA"]["reading"] == "アール・ピー・エー" and terms["RPA"]["definition"].startswith(
        "定型的な"
    )
    assert (
        terms["BPR"]["sources"] == ["glossary"]
        and terms["EBPM"]["definition"] == "証拠に基づく政策立案のこと。"
    )


def test_glossary_with_a_reading_column():
    doc = "1 本文\nクラウドを使う。\n用語集\n用語\tよみ\t説明\n公金口座\tこうきんこうざ\t国に登録する口座のこと。"
    terms, _ = terms_of(doc)
    assert terms["公金口座"]["reading"] == "こうきんこうざ"


def test_glossary_lines_with_bracketed_terms_leaders_and_kana_index_rows():
    doc = "\n".join(
        [
            "1 取組",
            "書かない窓口を導入します。",
            "用語解説",
            "【あ行】",
            "アジャイル開発",
            "　小さな単位で設計と実装を繰り返し、システムを開発する手法。",
            "【か行】",
            "【キャッシュレス決済】現金を使わずに支払うこと。",
            "行政手続のオンライン化 … 申請や届出をインターネットで行えるようにすること。",
            "クラウド・・・・インターネット経由でソフトウェアを利用する形態。",
        ]
    )
    terms, _ = terms_of(doc)
    assert sorted(terms) == sorted(
        ["アジャイル開発", "キャッシュレス決済", "行政手続のオンライン化", "クラウド"]
    )
    assert terms["キャッシュレス決済"]["definition"] == "現金を使わずに支払うこと。"
    assert terms["クラウド"]["definition"] == "インターネット経由でソフトウェアを利用する形態。"
    lines, sections = document(doc)
    assert [s["title"] for s in sections] == ["取組", "用語解説"]


def test_the_catalog_spells_a_term_as_a_reader_writes_it_without_a_pdfs_letter_spacing():
    rows = [
        {"term_norm": "ai", "term": "A I", "doc_id": "a", "mentions": 2},
        {"term_norm": "ai", "term": "AI", "doc_id": "b", "mentions": 1},
        {"term_norm": "rpa", "term": "R P A", "doc_id": "a", "mentions": 1},
    ]
    spellings = {row["term_norm"]: row["spellings"] for row in catalog(rows)}
    assert spellings == {"ai": ["AI"], "rpa": ["RPA"]}


def test_a_term_is_a_definition_and_every_other_note_is_a_note():
    """Remarks on a method, a table's note, a figure's source and a caveat on figures are notes, never
    terms; a note that defines the word its mark closes is a term."""
    text = "\n".join(
        [
            "# 〇〇町デジタル推進計画",
            "## 1 取組",
            "電子申請※の利用を広げます。",
            "※電子申請：インターネットを通じて申請や届出を行うこと。",
            "評価は5段階で行う。",
            "※本評価方式は、令和4年度の試行結果を踏まえて定めたものである。",
            "指標\t現状値\t目標値",
            "利用率\t20%\t50%",
            "※数値は令和5年3月末時点のものです。",
            "※図は総務省資料を基に本町作成",
            "※1 回答者数が少ない項目は参考値として扱う。",
            "※ 各年度の予算額は見込みであり、変更となる場合がある。",
        ]
    )
    lines, sections = document(text)
    tables = tables_from_rows(table_cell_rows("d", lines, classify(find_tables(lines), sections)))
    terms, notes, _ = extract_terms("d", lines, sections, tables)
    assert [term["term"] for term in terms] == ["電子申請"]
    assert len(notes) == 6 and sum(note["kind"] == "definition" for note in notes) == 1
