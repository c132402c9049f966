"""A build step in a forked child: its result, its failure, and the build around it."""

from __future__ import annotations

import gc
import os
import threading
import time
from pathlib import Path

import pytest

from build_tools import background
from build_tools.background import StepFailed


def child_pid() -> int:
    return os.getpid()


def test_the_step_runs_in_a_child_and_its_result_comes_back() -> None:
    job = background.start(child_pid)
    assert job.forked
    assert job.wait() != os.getpid()


def child_state() -> tuple[bool, bool]:
    from build_tools import progress
    return progress._silenced, gc.isenabled()


def test_a_forked_child_draws_no_progress_and_does_not_collect() -> None:
    job = background.start(child_state)
    assert job.forked
    assert job.wait() == (True, False)
    assert child_state() == (False, True)                 # the parent is as it was


def test_a_failing_step_raises_with_the_childs_traceback() -> None:
    def broken() -> None:
        raise ValueError("entry 42 has no id")
    job = background.start(broken)
    with pytest.raises(StepFailed, match=r"(?s)Traceback.*ValueError: entry 42 has no id"):
        job.wait()


def test_a_child_that_dies_is_reported() -> None:
    job = background.start(lambda: os.kill(os.getpid(), 9))
    with pytest.raises(StepFailed, match="died without an answer"):
        job.wait()


def test_with_other_threads_running_the_step_runs_inline_at_wait() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        job = background.start(child_pid)
        assert not job.forked
        assert job.wait() == os.getpid()
        assert background.start(child_state).wait() == (False, True)   # inline: this process untouched
    finally:
        stop.set()
        thread.join()


def test_cancel_stops_the_child() -> None:
    job = background.start(lambda: time.sleep(60))
    pid = job._pid
    assert pid is not None
    job.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)                 # reaped: no such child any more


def test_a_failing_index_step_aborts_the_build_and_leaves_outputs(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from build_tools import search_index
    from build_tools.bench import _edit
    from build_tools.build import build

    root = tmp_path / "project"
    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "data", root / "data")
    (root / "docs").mkdir()
    build(root, site=False)
    before = {p: p.read_bytes() for p in (root / ".index").iterdir()}
    pages_before = {p: p.read_bytes() for p in (root / "docs").rglob("*.md")}
    _edit(root, "tinh-uy-cao-bang/2021/09-ct-tu", "(sửa)")          # a clause's text: the index must change

    def broken(*args: object) -> None:
        raise OSError("No space left on device")
    monkeypatch.setattr(search_index, "write_index", broken)
    with pytest.raises(StepFailed, match="No space left on device"):
        build(root, site=False)
    assert {p: p.read_bytes() for p in (root / ".index").iterdir()} == before
    assert {p: p.read_bytes() for p in (root / "docs").rglob("*.md")} == pages_before
    assert not (root / ".index.new").exists()
