"""Supervised workers: a document over its time limit is stopped, a worker that dies or runs out of
memory costs only its document, and Ctrl-C stops every worker before the prompt returns."""

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import RAW, ROOT

from pipeline.run import graph
from pipeline.run.graph import Stage
from pipeline.run.runner import run
from pipeline.run.stages import Doc
from pipeline.run.supervisor import Limits


def _behave(doc: Doc, on_ocr_page=None) -> str:
    """A stage that does what the document's name says: slow, die, hog (memory) or finish at once."""
    kind = doc.doc_id.split("-")[0]
    if kind == "slow":
        time.sleep(60)
    elif kind == "die":
        os.kill(os.getpid(), signal.SIGKILL)
    elif kind == "scan":  # three pages read by OCR, a second each, each told to the supervisor
        for index in range(3):
            on_ocr_page(index)
            time.sleep(1)
    elif kind == "hog":
        hog = bytearray(4 << 30)
        return str(len(hog))
    return "done"


@pytest.fixture
def fake_stages(monkeypatch):
    """One fast stage instead of the pipeline's (workers are forked, so they inherit it)."""
    monkeypatch.setattr(
        graph, "STAGES", (Stage("ingest", (), (), _behave, "behave as named", reads_pages=True),)
    )
    monkeypatch.setattr(graph, "_pages", lambda doc: None)


def _docs(tmp_path: Path, *names: str) -> list[Doc]:
    docs = []
    for name in names:
        source = tmp_path / f"{name}.txt"
        source.write_text("本文", encoding="utf-8")
        doc = Doc(name, tmp_path / "interim" / name, source, source.name)
        doc.directory.mkdir(parents=True)
        doc.save()
        docs.append(doc)
    return docs


def _by_id(outcomes):
    return {outcome.doc_id: outcome for outcome in outcomes}


def test_a_document_over_its_time_limit_is_stopped_and_the_rest_go_on(tmp_path, fake_stages):
    started = time.monotonic()
    outcomes = _by_id(
        run(_docs(tmp_path, "slow-1", "fast-1", "fast-2"), 2, progress=False, limits=Limits(1, None))
    )
    assert time.monotonic() - started < 15
    assert outcomes["fast-1"].ok and outcomes["fast-2"].ok
    assert not outcomes["slow-1"].ok
    assert re.match(
        r"stopped after \d+ s \(time limit\) in ingest; to retry it, run again", outcomes["slow-1"].reason
    )
    assert "DOC_TIMEOUT=" in outcomes["slow-1"].reason
    status = json.loads((tmp_path / "interim" / "slow-1" / "status.json").read_text())
    assert status["ok"] is False and "time limit" in status["reason"] and status["time_limit"] == 1


def test_a_document_stopped_by_its_time_limit_is_retried_when_the_limit_rises(tmp_path, fake_stages):
    from pipeline.run.graph import retry_timed_out

    run(_docs(tmp_path, "slow-1", "fast-1"), 2, progress=False, limits=Limits(1, None))
    interim = tmp_path / "interim"
    assert retry_timed_out(interim, 1) == []  # the same limit: nothing to retry
    lines = retry_timed_out(interim, 600)
    assert lines == ["retrying slow-1: stopped at its time limit of 1 s; now 600 s"]
    assert not (interim / "slow-1" / "status.json").exists() and (interim / "fast-1" / "status.json").exists()


def test_each_page_read_by_ocr_widens_its_documents_time_limit(tmp_path, fake_stages, monkeypatch):
    from pipeline.run import supervisor

    monkeypatch.setattr(supervisor, "OCR_PAGE_SECONDS", 2.0)
    outcomes = _by_id(run(_docs(tmp_path, "scan-1", "slow-1"), 2, progress=False, limits=Limits(1.5, None)))
    assert outcomes["scan-1"].ok  # three seconds, within 1.5 + 3 x 2
    assert not outcomes["slow-1"].ok  # no page read by OCR: the limit alone


def test_a_killed_worker_costs_only_its_document(tmp_path, fake_stages):
    outcomes = _by_id(run(_docs(tmp_path, "die-1", "fast-1", "fast-2", "fast-3"), 2, progress=False))
    assert outcomes["die-1"].reason == "the worker died (killed by SIGKILL)"
    assert all(outcomes[name].ok for name in ("fast-1", "fast-2", "fast-3"))


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


def test_a_document_over_the_memory_limit_fails_with_one_line(tmp_path, fake_stages):
    limits = Limits(None, _address_space() + (1 << 30))
    outcomes = _by_id(run(_docs(tmp_path, "hog-1", "fast-1"), 2, progress=False, limits=limits))
    assert (
        outcomes["hog-1"].reason == "out of memory in ingest: the document needs more than a worker may use"
    )
    assert outcomes["fast-1"].ok


def _session_processes(session: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # the session id
            found.append(int(stat.parent.name))
    return found


def _describe(pids: list[int]) -> str:
    """Each process's command, state and the kernel function it waits in, one per line."""
    lines = []
    for pid in pids:
        with contextlib.suppress(OSError):
            proc = Path("/proc") / str(pid)
            command = proc.joinpath("cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = proc.joinpath("stat").read_text().rsplit(")", 1)[1].split()[0]
            lines.append(f"{pid} {state} {proc.joinpath('wchan').read_text()} {command[:120]}")
    return "\n".join(lines)


def test_ctrl_c_stops_every_worker_and_a_second_run_resumes(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    text = (RAW / "000_eb3511b572ad8bca.txt").read_text(encoding="utf-8")
    for index in range(
        60
    ):  # many seconds of work for two workers (copies differ: identical ones are one plan)
        (raw / f"plan{index}.txt").write_text(f"{text}\n写し{index}\n", encoding="utf-8")
    interim = tmp_path / "interim"
    python = [sys.executable, "-m", "pipeline"]
    subprocess.run([*python, "plan", "--raw", str(raw), "--interim", str(interim), "--config", str(tmp_path / "none.yaml")],
                   cwd=ROOT, check=True)  # fmt: skip
    build = [*python, "build", "--interim", str(interim), "--jobs", "2"]
    # As from a terminal: a shell that starts a job in the background without job control (a CI step's
    # `cmd &`, a script) starts it with SIGINT ignored, which Python and every child then inherit.
    process = subprocess.Popen(
        build,
        cwd=ROOT,
        start_new_session=True,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    log = interim / "run.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (log.exists() and log.read_text(encoding="utf-8").strip()):
        time.sleep(0.1)  # interrupt once the first document has finished, however fast the machine
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C reaches the whole foreground group
    started = time.monotonic()
    # Its stderr is read while it stops: progress lines past the pipe's buffer would block it otherwise.
    try:
        _, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:  # say what each process was doing, so a rare stall can be traced
        states = _describe(_session_processes(process.pid))
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"the build did not stop within 20 s of Ctrl-C:\n{states}")
    assert process.returncode == 130
    assert time.monotonic() - started < 10
    assert _session_processes(process.pid) == []
    assert stderr.strip().splitlines()[-1].startswith("interrupted:")
    # Finished documents are kept; those stopped midway have no status, so make queues them again.
    statuses = [json.loads(path.read_text()) for path in interim.glob("*/status.json")]
    finished = len(log.read_text(encoding="utf-8").splitlines())
    # (a document may finish between its status and its log line when the interrupt comes)
    assert 0 < finished <= len(statuses) < 60 and all(status["ok"] for status in statuses)

    subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
    subprocess.run(
        [*python, "publish", "--interim", str(interim), "-o", str(tmp_path / "out")], cwd=ROOT, check=True
    )
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["documents_processed"] == 60 and not manifest["failures"]
