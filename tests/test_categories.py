"""Measure categories, judged from the whole measure: the title that names its category wins (of two it
names, the more specific), a misspelt signal still counts, data the municipality holds and the
infrastructure that keeps services running have their categories, and a runner-up is published."""

import pytest

from pipeline.extract.measures.categories import categorize_ranked

# Written before the classifier was run on them (a blind check in new wording): title, description,
# the category an analyst reads.
BLIND = [
    ("窓口でのキャッシュレス決済の導入", "住民票の交付手数料を電子マネーで払えるようにします。", "cashless"),
    (
        "書かない窓口の実現",
        "申請書を職員が聞き取りで作成し、署名だけで手続が済むようにします。",
        "frontyard_online",
    ),
    ("デジタルデバインド対策の推進", "高齢者向けに使い方の相談会を開きます。", "digital_divide"),
    (
        "市が保有するデータの分析と活用",
        "税や福祉のデータを横断して分析し、政策立案に生かします。",
        "open_data",
    ),
    (
        "庁内情報基盤の安定運用",
        "サーバやネットワーク機器を計画的に更新し、障害時にも業務を止めません。",
        "ict_workplace",
    ),
    (
        "基幹業務システムの標準準拠システムへの移行",
        "令和7年度までにガバメントクラウドへ移行します。",
        "system_standardization",
    ),
    ("マイナンバーカードを使った証明書のコンビニ交付", "", "mynumber_card"),
    ("生成AIを活用した文書作成の効率化", "議事録や通知文の下書きをAIで作成します。", "ai_rpa"),
    ("職員のデジタルリテラシー向上研修", "全職員を対象に研修を行います。", "digital_talent"),
    ("在宅勤務環境の整備", "持ち帰り可能な端末を配備します。", "telework"),
    ("情報セキュリティポリシーの見直し", "", "security"),
    ("押印の廃止と電子決裁の拡大", "", "bpr"),
    ("公衆無線LANの整備", "避難所と観光施設にWi-Fiを設置します。", "regional_digitalization"),
    ("規制の点検と見直し", "目視や常駐を求める条例等の規定を点検します。", "analog_regulation"),
    ("LINE公式アカウントによるお知らせの配信", "保護者への連絡をLINEで届けます。", "digital_communication"),
]


@pytest.mark.parametrize(("title", "description", "category"), BLIND, ids=[row[0] for row in BLIND])
def test_the_blind_check(title, description, category):
    assert categorize_ranked(title, description)[0] == category


def test_a_title_naming_two_categories_is_decided_by_the_more_specific_and_publishes_the_other():
    assert categorize_ranked("窓口でのキャッシュレス決済の導入") == ("cashless", "frontyard_online")


def test_a_measure_nothing_fits_keeps_no_category():
    assert categorize_ranked("地域産業の振興", "地元企業の販路拡大を支援します。") == (None, None)


def test_a_misspelling_is_read_only_where_no_signal_is_spelt_right():
    assert categorize_ranked("デジタルデバインド対策")[0] == "digital_divide"
    assert categorize_ranked("スマホ教室の開催")[0] == "digital_divide"


def test_the_schema_page_names_every_category_officially():
    from conftest import ROOT

    from pipeline.config.vocabulary import taxonomy

    page = (ROOT / "docs" / "SCHEMA.md").read_text(encoding="utf-8")
    for key, category in taxonomy().categories.items():
        assert f"| {key} | {category.label} |" in page


def test_old_character_forms_in_a_title_are_read_as_todays():
    assert categorize_ranked("行政手續のオンライン化")[0] == "frontyard_online"
