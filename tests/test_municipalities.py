"""lg_code: the official code table, names resolved by prefecture, prefecture plans, ambiguity."""

from conftest import document

from pipeline.config.documents import DocumentEntry
from pipeline.config.municipalities import check_digit, is_valid_code, local_governments, prefectures, resolve
from pipeline.extract.documents import extract_metadata, identify


def test_the_code_table_is_the_official_one_with_valid_check_digits():
    governments = local_governments()
    assert len(prefectures()) == 47
    assert len([g for g in governments if g.city]) == 1741
    assert all(is_valid_code(g.code) for g in governments)
    assert check_digit("42205") == "3" and not is_valid_code("422054")


def metadata_of(text: str) -> tuple[dict, list[str]]:
    lines, sections = document(text)
    metadata, _ = extract_metadata(lines, sections, [])
    return metadata, identify(metadata)


PLAN_BODY = "\n計画期間\n本計画の期間は令和5年度から令和7年度までとします。\n1 取組\n施策を推進します。"


def test_a_city_plan_gets_the_city_code_and_prefecture():
    metadata, warnings = metadata_of("大村市DX推進計画" + PLAN_BODY)
    assert (metadata["lg_code"], metadata["prefecture"], warnings) == ("422053", "長崎県", [])


def test_a_prefecture_named_before_the_city_on_the_cover_is_not_the_municipality():
    metadata, _ = metadata_of("長崎県大村市DX推進計画" + PLAN_BODY)
    assert (metadata["municipality"], metadata["lg_code"]) == ("大村市", "422053")


def test_a_prefecture_plan_gets_the_prefecture_code():
    metadata, warnings = metadata_of(
        "茨城県DX推進計画" + PLAN_BODY + "\n県内の水戸市やつくば市と連携します。"
    )
    assert (metadata["municipality"], metadata["lg_code"], warnings) == ("茨城県", "080004", [])


def test_a_shared_name_is_resolved_by_the_prefecture_the_text_names():
    metadata, warnings = metadata_of("府中市DX推進計画" + PLAN_BODY + "\n広島県の東部に位置する本市は…")
    assert (metadata["lg_code"], metadata["prefecture"], warnings) == ("342084", "広島県", [])


def test_a_shared_name_without_its_prefecture_stays_ambiguous_with_a_warning():
    metadata, warnings = metadata_of("伊達市DX推進計画" + PLAN_BODY)
    assert metadata["lg_code"] is None
    assert len(warnings) == 1 and "ambiguous" in warnings[0] and "北海道" in warnings[0]


def test_an_unknown_name_is_never_guessed():
    government, warning = resolve("銚田市", "茨城県")
    assert government is None and "not in the code table" in warning


def test_a_configured_code_wins_and_is_checked():
    metadata = {"municipality": "銚田市", "prefecture": None, "lg_code": "082341", "is_plan": True}
    assert identify(metadata) == [] and metadata["prefecture"] == "茨城県"
    assert metadata["municipality"] == "鉾田市"  # the code table's name; the plan's spelling is kept apart
    named = {"municipality": "ほこた", "prefecture": None, "lg_code": "082341"}
    assert identify(named, named_by_config=True) == [] and named["municipality"] == "ほこた"
    entry = {"doc_id": "x", "source_file": "x.txt"}
    assert DocumentEntry(**entry, lg_code="082341").lg_code == "082341"
    try:
        DocumentEntry(**entry, lg_code="082342")
    except ValueError as error:
        assert "check digit" in str(error)
    else:
        raise AssertionError("a wrong check digit was accepted")


def test_the_plan_period_is_the_plans_own_not_the_one_it_replaces():
    text = "\n".join(
        [
            "大村市DX推進計画",
            "1 はじめに",
            "前計画（計画期間 令和2年度から令和4年度まで）の成果を踏まえ、後継の計画を定めます。",
            "2 計画期間",
            "本計画の期間は令和5年度から令和7年度までの3年間とします。",
            "3 取組",
            "施策を推進します。",
        ]
    )
    metadata, _ = metadata_of(text)
    assert (metadata["plan_start_fy"], metadata["plan_end_fy"]) == (2023, 2025)


def test_a_government_body_is_not_a_municipality():
    metadata, warnings = metadata_of(
        "データ戦略の手引き\n1 背景\n政府は政府情報システムの整備を進めます。政府の方針に従う。"
    )
    assert metadata["municipality"] is None and metadata["lg_code"] is None and warnings == []


def test_a_misprinted_name_is_published_under_the_code_tables_name_and_kept_as_written():
    metadata, _ = metadata_of("銚田市DX推進計画" + PLAN_BODY)
    assert metadata["municipality_as_written"] == "銚田市"
    metadata["lg_code"] = "082341"
    identify(metadata)
    assert (metadata["municipality"], metadata["municipality_as_written"]) == ("鉾田市", "銚田市")


def test_a_municipality_named_in_a_title_without_a_plan_word_after_it_is_found():
    metadata, _ = metadata_of("北海道音威子府村まち・ひと・しごと創生総合戦略" + PLAN_BODY)
    assert (metadata["municipality"], metadata["lg_code"]) == ("音威子府村", "014702")


def test_a_persons_name_or_a_spaced_form_label_is_no_municipality():
    text = "\n".join(["業務報告書", "年 度 区 分", "作成者 西村", "西村が確認した。中村と西村で分担した。"])
    metadata, _ = metadata_of(text)
    assert metadata["municipality"] is None
