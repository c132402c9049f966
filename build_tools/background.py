"""Run one build step in a forked child while the parent goes on with the others.

The index build needs only the loaded corpus, and the machine has two cores:
forked after loading, a child writes the index while the parent resolves
relations, renders pages and exports (build.py). The child inherits the
corpus by fork (no pickling of the input); only its small result and any
error's text come back, through a pipe.

Forking a process that runs other threads can leave the child holding a lock
nobody will release, so `start` forks only from a single-threaded process
(the command line, the benchmark). Elsewhere — `serve` rebuilds from a
watcher thread while the server's threads answer requests — the step simply
runs inline when waited for; a serve rebuild after one change writes a few
entries, not a whole index.
"""

from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Callable
from typing import Any

from . import progress

_PR_SET_PDEATHSIG = 1


class StepFailed(Exception):
    """The step raised in the child; the message carries the child's traceback."""


class Job:
    """A step started by `start`: `wait()` returns its result or raises."""

    def __init__(self, step: Callable[[], Any]):
        self._step = step
        self._pid: int | None = None
        self._read_fd: int | None = None
        self._done = False

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def wait(self) -> Any:
        if self._done:
            raise RuntimeError("Job.wait() called twice")
        self._done = True
        if self._pid is None:
            return self._step()
        assert self._read_fd is not None
        with os.fdopen(self._read_fd, "rb") as pipe:
            data = pipe.read()
        _pid, status = os.waitpid(self._pid, 0)
        if not data:
            raise StepFailed(f"the background step died without an answer (wait status {status})")
        ok, payload = pickle.loads(data)
        if not ok:
            raise StepFailed(payload)
        return payload

    def cancel(self) -> None:
        """Stop a forked step that is no longer wanted (the build failed elsewhere)."""
        if self._pid is not None and not self._done:
            self._done = True
            try:
                os.kill(self._pid, signal.SIGTERM)
                os.waitpid(self._pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            if self._read_fd is not None:
                os.close(self._read_fd)


def _die_with(parent: int) -> None:
    """Linux: the kernel kills this child when the parent dies (a killed build
    must not leave a child writing into the next build's staging folder)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:                        # the parent died before prctl
        os._exit(1)


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


def start(step: Callable[[], Any]) -> Job:
    """Start step in a forked child when that is safe; otherwise it runs at wait()."""
    job = Job(step)
    if not can_fork():
        return job
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:                                      # the child: run, answer, never return
        os.close(read_fd)
        code = 1
        try:
            _die_with(parent)
            # the parent's progress line is the one on screen; a child that exits
            # when done has no garbage worth collecting
            progress.silence()
            gc.disable()
            try:
                answer = (True, step())
                code = 0
            except BaseException:
                answer = (False, traceback.format_exc())
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(pickle.dumps(answer))
        finally:
            os._exit(code)                            # no atexit handlers, no parent's buffers flushed twice
    os.close(write_fd)
    job._pid, job._read_fd = pid, read_fd
    return job
