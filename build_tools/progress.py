"""A progress line on stderr for long work, only when a person is watching.

In a terminal it redraws one line ("pages  1234/5000  25%"); piped or in CI
it prints nothing, so logs keep only the commands' one-line summaries.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_REDRAW_S = 0.1


_silenced = False


def silence() -> None:
    """No progress from this process (a forked helper: the parent's line is on screen)."""
    global _silenced
    _silenced = True


def enabled() -> bool:
    return not _silenced and sys.stderr.isatty()


def track(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """Yield items, drawing `label done/total` at most ten times a second."""
    if not enabled():
        yield from items
        return
    if total is None:
        try:
            total = len(items)  # type: ignore[arg-type]
        except TypeError:
            total = None
    last = 0.0
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if now - last >= _REDRAW_S:
            last = now
            _draw(label, done, total)
    _draw(label, done, total)
    sys.stderr.write("\n")


def step(label: str) -> None:
    """Announce a stage of a long command."""
    if enabled():
        sys.stderr.write(f"\r\033[K{label}…\n")


def _draw(label: str, done: int, total: int | None) -> None:
    if total:
        width = 30
        filled = int(width * done / total)
        bar = "█" * filled + "·" * (width - filled)
        sys.stderr.write(f"\r\033[K{label:<10} {bar} {done}/{total} {100 * done // total}%")
    else:
        sys.stderr.write(f"\r\033[K{label:<10} {done}")
    sys.stderr.flush()
