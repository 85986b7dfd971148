from pipeline.extract.documents import cover_dates, cover_title, municipality_of, prefecture_of


def test_cover_title_joins_lines_and_skips_glosses_slogans_and_dates():
    assert (
        cover_title(["銚田市", "DX", "デジタル・トランスフォーメーション", "推進計画", "令和6年1月"])
        == "銚田市DX推進計画"
    )
    assert (
        cover_title(["「みんなで歩み出そう」", "大熊町DX推進計画", "(ビジョン)", "令和5年4月"])
        == "大熊町DX推進計画"
    )
    assert (
        cover_title(["五所川原市", "デジタル・トランスフォーメーション（DX）", "推進計画"])
        == "五所川原市デジタル・トランスフォーメーション（DX）推進計画"
    )


def test_cover_dates_separate_publication_and_revision():
    assert cover_dates(["令和4年10月策定", "令和6年4月改訂"]) == ("2022-10", "2024-04")
    assert cover_dates(["2022年3月"]) == ("2022-03", None)


def test_municipality_and_prefecture():
    assert municipality_of("大村市DX推進計画", [], "") == "大村市"
    assert municipality_of("デジタル推進計画", ["音威子府村"], "") == "音威子府村"
    # A cover line or a body that names no municipality of the code table: 野々村 is a surname.
    assert municipality_of("デジタル推進計画", ["野々村"], "野々村が担当した。") is None
    body = "長崎県の動向。長崎県のプラン。福岡県との連携。"
    assert prefecture_of("大村市", body) == "長崎県"
    assert prefecture_of("長野県", "") == "長野県"
    assert prefecture_of("某市", "県名の記載なし") is None


def test_prose_is_not_a_title():
    assert cover_title(["本市はデジタル技術を活用して行政サービスの向上を図ります。" * 3]) is None
