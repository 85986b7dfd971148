"""`make bench`'s growth check: every stage's time per 10,000 lines as a plan grows 10 and 100 times,
for running text (a plan repeated) and for an action-plan sheet (rows repeated); the prose rate the
size budget (pipeline/run/budget.py) assumes; and how soon a 20 MB plan is refused.

A stage that grows faster than its input shows as a rate rising with the factor.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.run.budget import BUDGET, prose_characters
from pipeline.run.graph import process_document
from pipeline.run.stages import Doc
from pipeline.run.supervisor import DEFAULT_TIMEOUT

GROWTH_FACTORS = (1, 10, 100)
SHEET_ROWS = 200  # rows of the generated action-plan sheet at x1
LARGE_PLAN_BYTES = 20_000_000


def _timed(doc: Doc, seconds: float | None = None) -> tuple[float, bool, str | None]:
    started = time.perf_counter()
    outcome = process_document(doc, seconds=seconds)
    return time.perf_counter() - started, outcome.ok, outcome.reason


def _doc(scratch: Path, name: str, write: Callable[[Path], None]) -> Doc:
    source = scratch / name
    write(source)
    doc = Doc(source.stem, scratch / source.stem, source, source.name)
    doc.directory.mkdir()
    doc.save()
    return doc


def _sheet(path: Path, rows: int) -> None:
    """An action-plan grid: number, pillar, measure, content, department, three years marked, a KPI."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("アクションプラン")
    sheet.append(["〇〇市DX推進計画 アクションプラン"])
    sheet.append(
        [
            "No.",
            "基本方針",
            "施策名",
            "取組内容",
            "担当課",
            "令和6年度",
            "令和7年度",
            "令和8年度",
            "指標",
            "目標値",
        ]
    )
    for i in range(rows):
        sheet.append(
            [i + 1, f"基本方針{i % 3 + 1}", f"施策{i}の推進", f"取組{i}をオンラインで実施する", "情報政策課",
             "●", "●" if i % 2 else "", "●", "利用件数", f"{i % 100}件"]
        )  # fmt: skip
    book.save(path)


def _series(scratch: Path, kind: str, write: Callable[[Path, int], int]) -> list[tuple[int, int, float, Doc]]:
    """(factor, lines, seconds per 10,000 lines, doc) at each factor; a first, unmeasured run loads the model."""
    rows = []
    for index, factor in enumerate((1, *GROWTH_FACTORS)):
        lines = 0

        def make(path: Path, factor: int = factor) -> None:
            nonlocal lines
            lines = write(path, factor)

        doc = _doc(scratch, f"{kind}{index}-x{factor}{'.xlsx' if kind == 'sheet' else '.txt'}", make)
        seconds, ok, reason = _timed(doc)
        if not ok:
            print(f"growth {kind} x{factor}: {reason}", file=sys.stderr)
        rows.append((factor, lines, seconds / lines * 10_000, doc))
    return rows[1:]


def report_growth(plan: Path) -> None:
    """Print the growth of running text and of a sheet, the prose rate, and the large plan's refusal."""
    text = plan.read_text(encoding="utf-8", errors="replace")

    def repeated(path: Path, factor: int) -> int:
        path.write_text("\n".join([text] * factor), encoding="utf-8")
        return len(text.splitlines()) * factor

    def sheet(path: Path, factor: int) -> int:
        _sheet(path, SHEET_ROWS * factor)
        return SHEET_ROWS * factor

    with tempfile.TemporaryDirectory(prefix="dxplans-growth-") as scratch_dir:
        scratch = Path(scratch_dir)
        for kind, write in (("text", repeated), ("sheet", sheet)):
            series = _series(scratch, kind, write)
            base = series[0][2]
            for factor, lines, rate, _ in series:
                print(
                    f"growth {kind:5} x{factor:<3} ({lines:6d} lines) {rate:7.1f} s per 10,000 lines "
                    f"({rate / base:.2f}x the rate at x1)"
                )
            if kind == "text":
                factor, lines, rate, doc = series[-1]
                prose = prose_characters(doc.path("lines.parquet"))
                print(
                    f"prose rate at x{factor}             {prose / (rate * lines / 10_000):7.0f} characters/s "
                    f"(the size budget assumes {BUDGET.prose_characters_per_second:,.0f})"
                )
        large = _doc(scratch, "large.txt", lambda p: p.write_text(_large(text), encoding="utf-8"))
        seconds, ok, reason = _timed(large, DEFAULT_TIMEOUT)
        verdict = "published" if ok else f"refused ({(reason or '')[:60]}…)"
        print(f"a {LARGE_PLAN_BYTES // 1_000_000} MB plan               {seconds:7.1f} s, {verdict}")


def _large(text: str) -> str:
    return "\n".join([text] * (LARGE_PLAN_BYTES // len(text.encode()) + 1))
