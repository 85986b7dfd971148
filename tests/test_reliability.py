"""Reliability: any file name, long input, bad configs, non-plans, encodings, modes, locks and messages."""

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import RAW, ROOT, document, run_pipeline

from pipeline.cli import main
from pipeline.config.documents import discover_documents, doc_id_for
from pipeline.language.nlp import chunks, morphemes, parse, token_boundaries
from pipeline.readers.pdf.content import Glyph
from pipeline.readers.pdf.reader import page_layout
from pipeline.readers.text import decode_text

PLAN = sorted(RAW.glob("*.txt"))[0]

NEWS = (
    "地元の商店街で秋祭りが開かれた\n\n"
    + "十月の週末、駅前の商店街で毎年恒例の秋祭りが開かれ、大勢の家族連れでにぎわった。"
    "会場には地元の農家が育てた野菜や果物を売る店が並び、子どもたちは太鼓の演奏に聞き入っていた。"
    "主催した商店会の会長は、天気に恵まれて例年より多くの人が訪れたと笑顔で話した。\n" * 6
)
RECIPE = (
    "肉じゃがの作り方\n\n材料（四人分）\n・じゃがいも　三個\n・玉ねぎ　一個\n・牛肉　二百グラム\n\n"
    + "鍋に油を熱し、牛肉を炒めてから玉ねぎとじゃがいもを加える。だし汁と調味料を入れて煮込み、"
    "じゃがいもが柔らかくなったら火を止めて味を含ませる。お好みで絹さやを添えて盛り付ける。\n" * 6
)


# --- file names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["大村市DX推進計画.pdf", "my plan.txt", "plan(1).txt", "-plan.txt", "計画 (最終版)【概要】.md"]
)
def test_any_file_name_gets_a_safe_stable_id(name):
    doc_id = doc_id_for(name)
    assert doc_id == doc_id_for(name)
    assert doc_id[0].isalnum() and all(c.isalnum() or c in "._-" for c in doc_id) and doc_id.isascii()


def test_same_stem_files_get_distinct_ids_and_keep_their_names(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in ("plan.txt", "plan.pdf", "大村市 計画.txt", "大村市 計画(1).txt"):
        (raw / name).write_text(f"the text of {name}")
    found = discover_documents(raw, tmp_path / "none.yaml")
    specs, problems = found.specs, found.problems
    assert problems == []
    # A shared stem proves nothing: every file is read, each under its own id (publishing decides by
    # content whether plan.txt and plan.pdf are one plan: tests/test_same_plan.py).
    assert len({spec.doc_id for spec in specs}) == 4
    assert {spec.source_file for spec in specs} == {
        "plan.pdf",
        "plan.txt",
        "大村市 計画.txt",
        "大村市 計画(1).txt",
    }


def test_a_byte_identical_copy_is_published_once_and_listed_as_a_duplicate(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PLAN, raw / "plan.txt")
    shutil.copy(PLAN, raw / "plan (copy).txt")
    (raw / "other.txt").write_text(PLAN.read_text(encoding="utf-8") + "\n追記", encoding="utf-8")
    found = discover_documents(raw, tmp_path / "none.yaml")
    assert sorted(spec.source_file for spec in found.specs) == ["other.txt", "plan (copy).txt"]
    assert "byte-identical copy of plan (copy).txt" in found.skipped["plan.txt"]


def test_run_keeps_a_text_and_a_pdf_of_the_same_stem_apart(tmp_path):
    (tmp_path / "a").mkdir()
    text = tmp_path / "a" / "plan.txt"
    shutil.copy(PLAN, text)
    pdf = tmp_path / "a" / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.4 broken")
    run_pipeline([text, pdf], tmp_path / "out")
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents[["doc_id", "source_file", "input_format"]].values.tolist() == [
        ["plan-txt", "plan.txt", "text"]
    ]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["failures"]["plan-pdf"]["source_file"] == "plan.pdf"


def _make(tmp_path, *goals, env=None):
    args = [
        f"DOCUMENTS={tmp_path / 'none.yaml'}",
        f"RAW={tmp_path / 'raw'}",
        f"INTERIM={tmp_path / 'interim'}",
        f"PROCESSED={tmp_path / 'processed'}",
    ]
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *goals, *args, "JOBS=2"],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists(), reason="make needs the project's .venv")
def test_make_all_publishes_downloaded_file_names_and_is_incremental(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PLAN, raw / "大村市DX推進計画 (1).txt")
    (raw / "-news(2).txt").write_text(NEWS, encoding="utf-8")
    result = _make(tmp_path, "all")
    assert result.returncode == 0, result.stderr
    documents = pd.read_parquet(tmp_path / "processed" / "documents.parquet")
    assert sorted(documents["source_file"]) == ["-news(2).txt", "大村市DX推進計画 (1).txt"]
    assert documents.set_index("source_file")["is_plan"].to_dict() == {
        "-news(2).txt": False,
        "大村市DX推進計画 (1).txt": True,
    }
    assert "not a plan" in result.stdout
    assert oct((tmp_path / "processed" / "documents.parquet").stat().st_mode & 0o777) == oct(
        0o666 & ~_umask()
    )

    again = _make(tmp_path, "all")
    assert again.returncode == 0 and "error" not in again.stderr
    assert not (tmp_path / "interim" / ".queue").exists()
    log = (tmp_path / "interim" / "run.log").read_text().splitlines()
    assert len(log) == 2  # the second run processed nothing

    with (tmp_path / "interim" / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        locked = _make(tmp_path, "all")
    assert locked.returncode != 0 and "another 'make all' is running" in locked.stderr


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists(), reason="make needs the project's .venv")
def test_no_make_target_lies_inside_the_published_set(tmp_path):
    # make deletes an interrupted target: were one a published link, a kill would unpublish it.
    database = _make(tmp_path, "-pnq", "publish", "report")
    processed = str(tmp_path / "processed")
    targets = [line for line in database.stdout.splitlines() if line.startswith(processed) and ":" in line]
    assert targets == []
    assert f"{tmp_path / 'interim' / '.published'}:" in database.stdout


@pytest.mark.skipif(not (ROOT / ".venv" / ".installed").exists(), reason="make needs the project's .venv")
def test_a_publish_killed_under_make_leaves_a_whole_release_and_the_next_run_repairs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PLAN, raw / "plan.txt")
    assert _make(tmp_path, "all").returncode == 0
    processed = tmp_path / "processed"
    before = json.loads((processed / "manifest.json").read_text())
    (raw / "news.txt").write_text(NEWS, encoding="utf-8")
    # The publisher is killed (as by SIGKILL) while make runs it, at several moments of its work.
    for delay in (0.2, 1.2):
        (tmp_path / "interim" / ".published").unlink(missing_ok=True)  # publish again, nothing else
        command = [
            "make", "--no-print-directory", "-C", str(ROOT), "all", f"DOCUMENTS={tmp_path / 'none.yaml'}",
            f"RAW={raw}", f"INTERIM={tmp_path / 'interim'}", f"PROCESSED={processed}", "JOBS=1",
        ]  # fmt: skip
        process = subprocess.Popen(
            command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        publisher = _wait_for(process.pid, b"pipeline publish")
        time.sleep(delay)
        with contextlib.suppress(ProcessLookupError):
            os.kill(publisher, 9)
        process.wait(timeout=120)
        assert "Deleting file" not in process.stderr.read().decode()
        manifest = json.loads((processed / "manifest.json").read_text())
        for name, rows in manifest["tables"].items():
            assert len(pd.read_parquet(processed / f"{name}.parquet")) == rows
        assert manifest["documents_processed"] in (before["documents_processed"], 2)
    assert _make(tmp_path, "all").returncode == 0
    assert json.loads((processed / "manifest.json").read_text())["documents_processed"] == 2


def _wait_for(session: int, command: bytes) -> int:
    """The pid of the session's process whose command line holds `command`, once it starts."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        for pid in _session_pids(session):
            with contextlib.suppress(OSError):
                if command in Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" "):
                    return pid
        time.sleep(0.02)
    raise AssertionError(f"no {command!r} started")


def _session_pids(session: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == session:
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- configs ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("documents: [\n  - doc_id: a\n", "not valid YAML at line"),
        ("- doc_id: a\n  source_file: plan.txt\n", "top level must be a mapping"),
        ("documents:\n  - plan.txt\n", "entry 1: entry: must be a mapping"),
        ("documents:\n  - doc_id: a\n", "entry 1 (doc_id 'a'): source_file: required key is missing"),
        ("documents:\n  - doc_id: a\n    source_file: plam.txt\n", "no file 'plam.txt'"),
        ("documents:\n  - doc_id: a\n    source_file: ../../etc/passwd\n", "is outside"),
        (
            "documents:\n  - doc_id: a\n    source_file: plan.txt\n    plan_start_fy: next year\n",
            "entry 1 (doc_id 'a'): plan_start_fy:",
        ),
        ("documents:\n  - doc_id: a\n    source_file: plan.txt\n    mayor: 誰か\n", "mayor: unknown key"),
        ("documents:\n  - doc_id: a\n    source_file: plan.txt\n    mayor: 誰か\n", "(line 4)"),
        ("documents:\n  - doc_id: a b\n    source_file: plan.txt\n", "doc_id: String should match"),
    ],
)
def test_config_problems_are_one_line_each_and_the_file_is_still_processed(tmp_path, yaml_text, expected):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text("x")
    config = tmp_path / "documents.yaml"
    config.write_text(yaml_text, encoding="utf-8")
    found = discover_documents(raw, config)
    specs, problems = found.specs, found.problems + found.warnings
    assert len(problems) == 1 and expected in problems[0] and str(config) in problems[0], problems
    assert "\n" not in problems[0]
    assert [spec.source_file for spec in specs] == ["plan.txt"]


def test_an_empty_config_is_no_entries(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plan.txt").write_text("x")
    for text in ("", "documents:\n", "documents: []\n"):
        (tmp_path / "d.yaml").write_text(text)
        assert discover_documents(raw, tmp_path / "d.yaml") == (discover_documents(raw, tmp_path / "no.yaml"))


@pytest.mark.parametrize(
    ("entry", "exit_code", "said"),
    [
        # A stale entry (its file was removed) is a warning: every present document was processed.
        ("  - doc_id: a\n    source_file: plam.txt\n", 0, "config warning:"),
        # An entry that is wrong is an error: the summary fails.
        ("  - doc_id: a\n    source_file: plan.txt\n    mayor: 誰か\n", 1, "config:"),
    ],
)
def test_config_entries_in_the_summary(tmp_path, capsys, entry, exit_code, said):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PLAN, raw / "plan.txt")
    config = tmp_path / "documents.yaml"
    config.write_text("documents:\n" + entry, encoding="utf-8")
    interim = tmp_path / "interim"
    assert main(["plan", "--raw", str(raw), "--config", str(config), "--interim", str(interim)]) == 0
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0
    assert main(["publish", "--interim", str(interim), "-o", str(tmp_path / "out")]) == 0
    assert main(["summary", "--processed", str(tmp_path / "out")]) == exit_code
    out = capsys.readouterr()
    assert said in out.out and ("warning:" if exit_code == 0 else "error:") in out.err


# --- long input and linear time -----------------------------------------------------------------------


def test_the_analysers_take_text_longer_than_their_input_limit():
    text = ("基幹業務システムの標準化に向けて、庁内の業務を見直します。\n" * 4000)[:200_000]
    assert len(text.encode()) > 49_149 * 4
    assert all(len(piece) <= 12_000 for _, piece in chunks(text))
    assert "".join(piece for _, piece in chunks(text)) == text
    assert "".join(m.surface() for m in morphemes(text)) == text
    assert max(token_boundaries(text)) == len(text)
    (doc,) = parse([text[:60_000]])
    assert doc.text == text[:60_000]


def test_a_measure_of_200_kb_is_published(tmp_path):
    body = "職員の業務効率化を図るため、RPAとAI-OCRの導入を進めます。" * 6000
    text = f"大村市DX推進計画\n\n1 取組\n\n(1) 業務効率化\n\n概要\n{body}\n\n今後の取組\n導入を進めます。\n"
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    assert len(path.read_bytes()) > 200_000
    assert run_pipeline([path], tmp_path / "out") == 0
    measures = pd.read_parquet(tmp_path / "out" / "measures.parquet")
    assert "業務効率化" in measures["title"].tolist()


def _best_of(runs: int, action) -> float:
    timings = []
    for _ in range(runs):
        started = time.process_time()
        action()
        timings.append(time.process_time() - started)
    return min(timings)


def test_terms_and_structure_scale_linearly():
    from pipeline.extract.terms.terms import extract_terms

    text = PLAN.read_text(encoding="utf-8")
    one = document(text)
    ten = document(text * 10)
    extract_terms("d", *one)  # load the analysers first
    t1 = _best_of(3, lambda: extract_terms("d", *one))
    t10 = _best_of(2, lambda: extract_terms("d", *ten))
    assert t10 < 15 * t1 + 0.5, (t1, t10)


# --- not a plan ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [NEWS, RECIPE])
def test_japanese_text_that_is_not_a_plan_is_published_as_such(tmp_path, capsys, text):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    assert run_pipeline([path], tmp_path / "out") == 0
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert documents["is_plan"].tolist() == [False]
    for table in ("measures", "schedules", "kpis"):
        assert pd.read_parquet(tmp_path / "out" / f"{table}.parquet").empty, table
    assert "not a plan" in capsys.readouterr().out


def test_a_deck_of_measures_without_a_plan_title_or_period_is_a_plan(tmp_path):
    # Three slides, each a measure with 現状と課題 / 取組内容 blocks: that layout is evidence enough.
    slides = [
        f"## 取組{n} {name}\n\n【現状と課題】\n{issue}\n\n■取組内容\n{action}\n"
        for n, (name, issue, action) in enumerate(
            [
                ("窓口の予約", "窓口が混み合う。", "予約をウェブで受け付ける。"),
                ("電子決裁", "紙の回覧に時間がかかる。", "決裁を電子で行う。"),
                ("研修の充実", "学ぶ機会が少ない。", "毎年研修を開く。"),
            ],
            start=1,
        )
    ]
    path = tmp_path / "概要.md"
    path.write_text("# わかば町の取組\n\n" + "\n".join(slides), encoding="utf-8")
    assert run_pipeline([path], tmp_path / "out") == 0
    assert pd.read_parquet(tmp_path / "out" / "documents.parquet")["is_plan"].tolist() == [True]
    assert len(pd.read_parquet(tmp_path / "out" / "measures.parquet")) == 3


def test_the_bundled_plans_are_plans(corpus):
    assert pd.read_parquet(corpus / "documents.parquet")["is_plan"].all()


# --- encodings, layouts, messages ---------------------------------------------------------------------


def test_a_stray_byte_in_a_long_text_is_replaced_and_reported():
    data = PLAN.read_bytes()
    damaged = data[:5000] + b"\xff" + data[5000:]
    text, warnings = decode_text(damaged)
    assert "\ufffd" in text and len(warnings) == 1
    line = data[:5000].count(b"\n") + 1
    assert f"line {line} byte 5000" in warnings[0]


def _chars(positions, upright=True):
    return [Glyph("字", x, x + 10, y, y + 10, 10, upright=upright) for x, y in positions]


def test_page_layouts_are_told_apart():
    horizontal = [(50 + 10 * i, 100 + 20 * (i // 30)) for i in range(90)]
    vertical = [(500 - 20 * (i // 30), 50 + 10 * (i % 30)) for i in range(90)]
    assert page_layout(_chars(horizontal)) == "horizontal"
    assert page_layout(_chars(vertical)) == "vertical"
    assert page_layout(_chars(horizontal, upright=False)) == "rotated"


def test_ctrl_c_is_one_line(monkeypatch, capsys):
    import pipeline.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_summary", interrupted)
    assert cli.main(["summary"]) == cli.EXIT_INTERRUPTED
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_workers_load_the_model_once_each(tmp_path):
    from pipeline.run.runner import run
    from pipeline.run.stages import Doc

    docs = []
    for index in range(4):
        source = tmp_path / f"plan{index}.txt"
        shutil.copy(PLAN, source)
        doc = Doc(f"plan{index}", tmp_path / "interim" / f"plan{index}", source, source.name)
        doc.directory.mkdir(parents=True)
        doc.save()
        docs.append(doc)
    outcomes = run(docs, jobs=2, progress=False)
    assert all(outcome.ok for outcome in outcomes)
    loads: dict[int, int] = {}
    for outcome in outcomes:
        loads[outcome.pid] = max(loads.get(outcome.pid, 0), outcome.model_loads)
    assert set(loads.values()) == {1} and 1 <= len(loads) <= 2


# --- every entry of the raw directory accounted for ---------------------------------------------------


def test_every_entry_of_the_raw_directory_is_read_or_skipped_with_a_reason(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(PLAN, raw / "plan.txt")
    (raw / "plan.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    (raw / "folder.pdf").mkdir()
    os.mkfifo(raw / "pipe.txt")
    (raw / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text(PLAN.read_text(encoding="utf-8") + "\n別の写し\n", encoding="utf-8")
    (raw / "linked.txt").symlink_to(elsewhere / "linked.txt")
    interim, out = tmp_path / "interim", tmp_path / "out"
    assert (
        main(["plan", "--raw", str(raw), "--config", str(tmp_path / "none.yaml"), "--interim", str(interim)])
        == 0
    )
    err = capsys.readouterr().err
    assert (
        f"warning: {raw / 'linked.txt'}: a link to {elsewhere / 'linked.txt'}, outside {raw}; read as a plan"
        in err
    )
    for name in ("plan.doc", "folder.pdf", "pipe.txt", "gone.txt"):
        assert f"skipped: {raw / name}: " in err
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0  # the pipe is never opened
    assert main(["publish", "--interim", str(interim), "-o", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(doc["source_file"] for doc in manifest["inputs"]) == ["linked.txt", "plan.txt"]
    assert manifest["skipped"] == {
        "folder.pdf": "a directory (plans are read from the raw directory itself)",
        "gone.txt": f"a link to nothing ({tmp_path / 'nowhere.txt'})",
        "pipe.txt": "a named pipe, not a file",
        "plan.doc": ".doc files are not read (plans are read from .docm, .docx, .md, .pdf, .pptm, .pptx, .text, .txt, .xlsm, .xlsx)",
    }
    assert main(["summary", "--processed", str(out)]) == 0
    assert "skipped plan.doc: .doc files are not read" in capsys.readouterr().out


def test_a_damaged_interim_file_is_named_and_its_document_rebuilt(tmp_path, capsys):
    raw, interim, out = tmp_path / "raw", tmp_path / "interim", tmp_path / "out"
    raw.mkdir()
    shutil.copy(PLAN, raw / "plan.txt")
    (raw / "news.txt").write_text(NEWS, encoding="utf-8")
    config = str(tmp_path / "none.yaml")
    assert main(["plan", "--raw", str(raw), "--config", config, "--interim", str(interim)]) == 0
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0
    sections = interim / "plan" / "sections.parquet"
    sections.write_bytes(sections.read_bytes()[:100])  # truncated, as by a full disk
    capsys.readouterr()
    # Publishing names the file and goes on with the other document (published, with a failure).
    assert main(["publish", "--interim", str(interim), "--output", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    failure = json.loads((out / "manifest.json").read_text())["failures"]["plan"]["reason"]
    assert "sections.parquet is unreadable" in failure
    assert len(pd.read_parquet(out / "documents.parquet")) == 1
    # The next run forgets the document's outcome, so make rebuilds it from its raw file.
    assert main(["retry", "--interim", str(interim)]) == 0
    assert "rebuilding plan from its raw file: sections.parquet is unreadable" in capsys.readouterr().err
    assert not (interim / "plan" / "status.json").exists() and (interim / "news" / "status.json").exists()
    assert main(["build", "--interim", str(interim), "--jobs", "1"]) == 0
    assert main(["publish", "--interim", str(interim), "--output", str(out)]) == 0
    assert len(pd.read_parquet(out / "documents.parquet")) == 2
