from pipeline.language.normalize import compact, join_letter_spaced, normalize_text


def test_folds_width_and_pdf_code_points_but_keeps_japanese_punctuation():
    assert normalize_text("ＩＣＴ（情報通信技術）：２０２２年") == "ICT（情報通信技術）：2022年"
    assert normalize_text("⾏政⼿続") == "行政手続"  # Kangxi radicals from PDF fonts
    assert normalize_text("\uf9dc") == "隆"  # CJK compatibility ideograph
    assert normalize_text("ｶﾞｲﾄﾞﾌﾞｯｸ") == "ガイドブック"


def test_keeps_enumerators_and_footnote_markers():
    assert normalize_text("①現状と課題 RPA³ ※1") == "①現状と課題 RPA³ ※1"
    assert normalize_text("⑴ 背景 ⒈ 目的") == "(1) 背景 1. 目的"


def test_spacing_collapses_but_tabs_survive():
    assert normalize_text("　概要\t  説明　") == "概要\t 説明"


def test_letter_spacing_is_joined_only_between_single_letters():
    assert join_letter_spaced("A I・R P A") == "AI・RPA"
    assert join_letter_spaced("Wi-F i") == "Wi-Fi"
    assert join_letter_spaced("Social Networking Service") == "Social Networking Service"
    assert compact("**進み続ける** デジタル化") == "進み続けるデジタル化"


def test_space_aligned_columns_become_tab_separated():
    assert normalize_text("取組   令和5年度   令和6年度") == "取組\t令和5年度\t令和6年度"
    assert normalize_text("五 所 川 原 市") == "五 所 川 原 市"
