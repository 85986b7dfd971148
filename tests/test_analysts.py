"""What analysts get beside the Parquet files: lg_code everywhere, the DuckDB database and its views,
and the offline HTML report, checked in a real browser."""

from __future__ import annotations

import re
import shutil

import duckdb
import pandas as pd
import pytest
from conftest import RAW, ROOT, read

from pipeline.report.build import build_report

# `pipeline run` reads no configs/documents.yaml: the plan whose text misprints its city's name stays
# without a code (make all gives it 082341 from its config entry).
EXPECTED_CODES = {
    "000_eb3511b572ad8bca": "422053",
    "001_2c24a6f116eb1796": None,
    "002_b57044207ba2732f": "075451",
    "003_d7b893a87625a2a6": "022055",
}


def test_every_bundled_plan_has_its_lg_code_in_every_table(corpus):
    documents = read(corpus, "documents").set_index("doc_id")
    assert documents["lg_code"].replace({float("nan"): None}).to_dict() == EXPECTED_CODES
    for table in ("sections", "tables", "terms", "notes", "measures", "schedules", "kpis"):
        frame = read(corpus, table)
        assert list(frame.columns[:2]) == ["doc_id", "lg_code"], table
        expected = frame["doc_id"].map(EXPECTED_CODES)
        assert (frame["lg_code"].fillna("-") == expected.fillna("-")).all(), table


@pytest.fixture(scope="module")
def database(corpus):
    with duckdb.connect(str(corpus / "dxplans.duckdb"), read_only=True) as connection:
        yield connection


def test_every_table_is_classified_once(corpus):
    from pipeline.tables.find import TABLE_KINDS

    tables = read(corpus, "tables")
    assert set(tables["kind"]) <= set(TABLE_KINDS) and {"schedule", "glossary"} <= set(tables["kind"])
    assert (tables.groupby("table_id")["kind"].nunique() == 1).all()


def test_the_database_holds_every_published_table(corpus, database):
    for table in (
        "documents",
        "sections",
        "tables",
        "terms",
        "notes",
        "measures",
        "schedules",
        "kpis",
        "terms_catalog",
    ):
        (count,) = database.execute(f"SELECT count(*) FROM {table}").fetchone()
        assert count == len(read(corpus, table)), table


def test_measures_by_category_counts_each_plans_measures(corpus, database):
    view = database.execute("SELECT * FROM measures_by_category").df()
    measures = read(corpus, "measures")
    assert view.groupby("doc_id")["measures"].sum().to_dict() == measures.groupby("doc_id").size().to_dict()
    omura = view[(view["lg_code"] == "422053") & view["category"].notna()]
    assert set(omura["category"]) == set(
        measures[measures["doc_id"] == "000_eb3511b572ad8bca"]["category"].dropna()
    )


def test_schedule_timeline_has_one_row_per_measure_and_fiscal_year_of_the_plans_own(corpus, database):
    view = database.execute("SELECT * FROM schedule_timeline").df()
    schedules = read(corpus, "schedules").dropna(subset=["fiscal_year"])
    own = schedules[schedules["commitment"] == "own"]
    pairs = own[["doc_id", "measure_id", "fiscal_year"]].drop_duplicates()
    assert len(view) == len(pairs)
    assert set(view["commitment"]) == {"own"}
    assert view["measure"].notna().sum() == pairs["measure_id"].notna().sum()
    cited = database.execute("SELECT * FROM schedule_timeline_all WHERE commitment <> 'own'").df()
    assert set(cited["commitment"]) == {"national", "past"}
    # The national deadline a plan quotes is not its own year (大村市 cites the nation's FY2022 goal).
    assert not ((view["doc_id"] == "000_eb3511b572ad8bca") & (view["fiscal_year"] == 2018)).any()


def test_common_terms_puts_the_terms_most_plans_define_first(database):
    top = database.execute("SELECT term_norm, n_documents FROM common_terms LIMIT 2").fetchall()
    assert top == [("ai", 4), ("rpa", 4)]


def test_kpis_with_measures_names_the_measure_of_each_kpi(corpus, database):
    view = database.execute("SELECT * FROM kpis_with_measures").df()
    kpis = read(corpus, "kpis")
    assert len(view) == (kpis["commitment"] == "own").sum() < len(kpis)
    assert len(database.execute("SELECT * FROM kpis_with_measures_all").df()) == len(kpis)
    assert view.loc[view["measure_id"].notna(), "measure"].notna().all()


def test_rebuilding_replaces_the_database_in_one_step(corpus):
    from pipeline.run.database import write_database
    from pipeline.run.graph import DOC_OUTPUTS

    before = (corpus / "dxplans.duckdb").stat().st_ino
    write_database(corpus, [*DOC_OUTPUTS, "terms_catalog"])
    assert (corpus / "dxplans.duckdb").stat().st_ino != before
    assert not list(corpus.glob(".dxplans.duckdb.*"))


# --- the report ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report(corpus):
    return build_report(corpus, corpus / "interim")


def test_the_report_has_a_page_per_plan_and_works_offline(report):
    pages = sorted(p.name for p in report.parent.glob("*.html"))
    assert pages == sorted(
        ["index.html", "compare.html"]
        + [f"{doc_id}{suffix}" for doc_id in EXPECTED_CODES for suffix in (".html", ".source.html")]
    )
    for page in report.parent.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        remote = re.findall(
            r"(?:src|href)\s*=\s*[\"']?(?:https?:)?//|url\(\s*[\"']?(?:https?:)?//|@import", text
        )
        assert remote == [], page.name
        assert "<script" not in text and "nan<" not in text


def test_the_comparison_page_sets_municipalities_side_by_side_per_national_item(report, corpus):
    page = (report.parent / "compare.html").read_text(encoding="utf-8")
    assert "マイナンバーカードの普及促進・利用推進" in page and 'id="mynumber_card"' in page
    section = page.split('id="mynumber_card"')[1].split("</section>")[0]
    planned = read(corpus, "measures").query("category == 'mynumber_card'")["doc_id"].nunique()
    assert planned >= 2 and section.count("<svg") == 1
    assert '<table class="kpis">' in section or "No plan sets a numeric target" in section
    # 大熊町 cites the nation's 100% card target: it is on the town's page, not compared as its own.
    assert ">100<" not in section
    okuma = (report.parent / "002_b57044207ba2732f.html").read_text(encoding="utf-8")
    assert "国の目指すマイナンバーカード普及率100%" in okuma.split('id="cited"')[1]


def test_every_measure_row_links_to_its_source_line(report, corpus):
    doc_id = "000_eb3511b572ad8bca"
    page = (report.parent / f"{doc_id}.html").read_text(encoding="utf-8")
    source = (report.parent / f"{doc_id}.source.html").read_text(encoding="utf-8")
    for line in read(corpus, "measures").query("doc_id == @doc_id")["line"]:
        assert f'{doc_id}.source.html#L{line}"' in page
        assert f'id="L{line}"' in source


def _browser():
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.skip(
            "no Chromium: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,2000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver_path), options=options)


def test_the_report_renders_its_charts_in_a_real_browser(report):
    screenshots = ROOT / "data" / "interim" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    browser = _browser()
    try:
        for page, charts in (
            ("index.html", ("heatmap", "terms", "kpis")),
            ("003_d7b893a87625a2a6.html", ("gantt",)),
        ):
            browser.get((report.parent / page).as_uri())
            for chart in charts:
                marks = browser.execute_script(
                    "return document.querySelectorAll(arguments[0]).length",
                    f"#{chart} svg path, #{chart} svg rect",
                )
                width = browser.execute_script(
                    "return document.querySelector(arguments[0]).getBoundingClientRect().width",
                    f"#{chart} svg",
                )
                assert marks >= 5 and width > 100, (page, chart, marks, width)
            errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
            assert errors == [], errors
            assert browser.save_screenshot(str(screenshots / page.replace(".html", ".png")))
        browser.get((report.parent / "compare.html").as_uri())
        gantts = browser.execute_script(
            "return [...document.querySelectorAll('.category .gantt svg')].map(s => s.getBoundingClientRect().width)"
        )
        assert len(gantts) >= 3 and min(gantts) > 100
        assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
        browser.get((report.parent / "003_d7b893a87625a2a6.html").as_uri())
        opened, folded = browser.execute_script(
            "const d = document.querySelector('#outline details'); const open = d.getBoundingClientRect().height;"
            "d.open = false; return [open, d.getBoundingClientRect().height]"
        )
        assert folded < opened / 3  # the outline tree collapses
    finally:
        browser.quit()


def test_no_third_party_log_lines_reach_the_terminal(tmp_path, capfd):
    from pipeline.cli import main

    pdf = ROOT / "tests" / "fixtures" / "office" / "features.pdf"
    assert main(["run", str(pdf), "-o", str(tmp_path)]) == 0
    assert main(["report", "--processed", str(tmp_path), "--interim", str(tmp_path / "interim")]) == 0
    captured = capfd.readouterr()
    noise = [
        line
        for line in (captured.out + captured.err).splitlines()
        if "FontBBox" in line or "findfont" in line
    ]
    assert noise == []
    assert pd.read_parquet(tmp_path / "documents.parquet")["doc_id"].tolist() == ["features"]


def test_dollar_signs_in_chart_labels_are_drawn_as_text():
    from pipeline.report import charts

    # An even number of dollar signs is what matplotlib would read as math.
    label = "手数料 $x^$ の電子決済"
    assert label in charts.gantt([(label, [2024, 2025])], [2024, 2025, 2026], "工程表")
    assert label in charts.bars([label], [3.0], "件数", "件")
    assert "US$5 と $10" in charts.heatmap(["US$5 と $10"], ["市"], [[1]], "分布")


def test_read_plan_gives_a_bundled_plan_the_id_and_overrides_make_all_gives_it():
    from pipeline.api import DOCUMENTS_CONFIG, read_plan
    from pipeline.config.documents import read_entries

    plan = read_plan(RAW / "001_2c24a6f116eb1796.txt")
    document = plan.documents.iloc[0]
    entries, _, _ = read_entries(DOCUMENTS_CONFIG, RAW)
    configured = {entry.source_file: entry.doc_id for entry in entries}
    assert document["doc_id"] == configured["001_2c24a6f116eb1796.txt"]
    assert (document["lg_code"], document["municipality"]) == ("082341", "鉾田市")
    assert set(plan.measures["doc_id"]) == {document["doc_id"]}
    unconfigured = read_plan(RAW / "001_2c24a6f116eb1796.txt", config=None)
    assert unconfigured.documents.iloc[0]["doc_id"] != document["doc_id"]


def test_the_sql_command_runs_the_readmes_queries_read_only(corpus, capsys):
    from pipeline.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert len(queries) >= 3
    for sql in queries:
        assert main(["sql", sql, "--processed", str(corpus)]) == 0
        assert "municipality" in capsys.readouterr().out or "term_norm" in sql
    assert main(["sql", "DROP TABLE measures", "--processed", str(corpus)]) == 2
    assert "read-only" in capsys.readouterr().err
