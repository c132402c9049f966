"""The progress line: drawn for a person at a terminal, silent in logs."""

from __future__ import annotations

import io

import pytest

from build_tools import progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_track_is_silent_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert list(progress.track(range(5), "pages")) == [0, 1, 2, 3, 4]
    progress.step("index")
    assert err.getvalue() == ""


def test_track_draws_done_over_total_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    err = Terminal()
    monkeypatch.setattr("sys.stderr", err)
    assert list(progress.track(["a", "b", "c"], "pages")) == ["a", "b", "c"]
    assert "3/3 100%" in err.getvalue()
    assert err.getvalue().endswith("\n")
