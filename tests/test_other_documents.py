"""Municipal documents of other kinds, as their authors lay them out (tests/fixtures/documents, made by
make_documents.py): a 経営戦略 on a standard form, a 人口ビジョン behind a slogan cover, a 特定事業主行動計画.
Each is read for its municipality, title, period, whether it is a plan, its measures, and no schedule
made up from a statistics table."""

import pandas as pd
import pytest
from conftest import FIXTURES, document, run_pipeline

from pipeline.extract.documents import extract_metadata
from pipeline.families.forms import form_fields

DOCUMENTS = FIXTURES / "documents"

EXPECTED = {
    # doc_id: (municipality, title, (start, end), is_plan, measures)
    "management_form": ("音威子府村", "下水道事業（特定環境保全公共下水道）経営戦略", (2018, 2027), True, 3),
    "vision_cover": ("音威子府村", "音威子府村人口ビジョン", (None, None), True, 0),
    "action_plan": ("音威子府村", "音威子府村特定事業主行動計画", (2021, 2025), True, 3),
}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    out = tmp_path_factory.mktemp("documents")
    assert run_pipeline(sorted(DOCUMENTS.glob("*.pdf")), out) == 0
    return {name: pd.read_parquet(out / f"{name}.parquet") for name in ("documents", "measures", "schedules")}


@pytest.mark.parametrize("doc_id", EXPECTED)
def test_each_documents_facts_are_read_as_a_person_reads_them(published, doc_id):
    municipality, title, period, is_plan, n_measures = EXPECTED[doc_id]
    row = published["documents"].set_index("doc_id").loc[doc_id]
    assert (row["municipality"], row["title"], row["is_plan"]) == (municipality, title, is_plan)
    got = tuple(None if pd.isna(row[k]) else int(row[k]) for k in ("plan_start_fy", "plan_end_fy"))
    assert got == period
    assert (published["measures"]["doc_id"] == doc_id).sum() == n_measures


def test_statistics_tables_of_years_are_no_schedule(published):
    # The 経営戦略's 投資・財政計画 and the ビジョン's census table are headed by years; neither schedules.
    assert published["schedules"].empty


@pytest.mark.parametrize(
    ("lines", "fields"),
    [
        (["団 体 名 ： 音威子府村", "計 画 期 間 ： 平成29年度～平成38年度"],
         {"issuer": "音威子府村", "period": "平成29年度～平成38年度"}),
        (["【事業名】：簡易水道事業", "策定日: 平成29年3月"], {"project": "簡易水道事業", "adopted": "平成29年3月"}),
        (["AI：人工知能のこと", "本計画は、令和5年度：開始"], {}),
    ],
)  # fmt: skip
def test_a_forms_letter_spaced_labels_give_their_fields(lines, fields):
    assert form_fields([(text, None) for text in lines]) == fields


def test_a_forms_fields_sit_in_cells_too():
    assert form_fields([("", ["団　体　名", "〇〇町", "計画期間", "令和6年度～令和15年度"])]) == {
        "issuer": "〇〇町",
        "period": "令和6年度～令和15年度",
    }


@pytest.mark.parametrize(
    ("statement", "period"),
    [
        ("本戦略の期間は、平成２７年度から平成３１年度までの５年間とします。", (2015, 2019)),
        ("この計画の期間は、令和３年４月１日から令和８年３月３１日までの５年間とします。", (2021, 2025)),
        ("計画期間：2026年度～2035年度", (2026, 2035)),
    ],
)
def test_a_period_in_any_era_digit_width_or_as_dates(statement, period):
    lines, sections = document("〇〇町まちづくり計画\n" + statement)
    metadata = extract_metadata(lines, sections, [])[0]
    assert (metadata["plan_start_fy"], metadata["plan_end_fy"]) == period


def test_a_slogan_above_the_plans_name_is_not_its_title():
    text = "森と川が結ぶ笑顔のまち\n音威子府村まち・ひと・しごと創生総合戦略\n令和2年3月\n音威子府村\n1 基本目標\n施策を推進します。"
    lines, sections = document(text)
    assert extract_metadata(lines, sections, [])[0]["title"] == "音威子府村まち・ひと・しごと創生総合戦略"
