"""The memory a process and its children use together, sampled from outside (Linux).

`python -m build_tools.memwatch PID` watches PID and every process descended
from it until its standard input closes, and prints the largest total seen,
in MiB, as JSON. The measure is the proportional set size (Pss,
/proc/*/smaps_rollup): it shares each page among the processes mapping it,
so a corpus a forked child inherits is counted once, not once per process as
adding the processes' peak RSS would (what `getrusage` can give).

Reading smaps_rollup walks every page of the process under its mmap lock:
32 ms for a 1.4 GB process here, so reading it every 0.1 s took half a core
from the 2-core build it measured. Pss is read only as often as a 5 % share
of one core allows (about once a second at 5,000 documents); between two
readings each process is counted at its last Pss plus what its RSS
(/proc/*/statm, microseconds) has grown since (new pages are the process's
own until it forks), and a new process is read at once.

It runs as a separate process so that the process it watches stays
single-threaded: a build forks its index step only from a single-threaded
process (background.py). The benchmark's use only; nothing here is imported
by the build.
"""

from __future__ import annotations

import json
import os
import select
import sys
import time

INTERVAL_S = 0.1
READING_SHARE = 0.05      # of one core, at most, spent reading smaps_rollup


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # the command name is in parentheses and may hold spaces: the fields follow the last ')'
        parent = int(stat[stat.rindex(b")") + 2:].split()[1])
        out.setdefault(parent, []).append(int(name))
    return out


def tree(root: int) -> list[int]:
    """root and its descendants, the watcher left out (when it is not root itself)."""
    children, found, todo = _children(), [], [root]
    while todo:
        pid = todo.pop()
        if pid == root or pid != os.getpid():
            found.append(pid)
            todo.extend(children.get(pid, ()))
    return found


def pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


_PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE_KIB
    except (OSError, ValueError, IndexError):
        return 0


class Estimate:
    """Each process's Pss at its last reading and its RSS then; the total now estimated
    from the RSS each process has now."""

    def __init__(self) -> None:
        self.read_at: dict[int, tuple[int, int]] = {}       # pid -> (Pss, RSS) at the last reading

    def read(self, pids: list[int]) -> None:
        self.read_at = {pid: (pss_kib(pid), rss_kib(pid)) for pid in pids}

    def unread(self, pids: list[int]) -> bool:
        return any(pid not in self.read_at for pid in pids)

    def total_kib(self, pids: list[int]) -> int:
        total = 0
        for pid in pids:
            rss = rss_kib(pid)
            pss, rss_then = self.read_at.get(pid, (rss, rss))
            total += pss + max(0, rss - rss_then)
        return total


def main(argv: list[str]) -> int:
    root = int(argv[0])
    estimate = Estimate()
    peak_kib, peak_processes, readings, next_reading = 0, 0, 0, 0.0
    while True:
        pids = tree(root)
        now = time.perf_counter()
        if now >= next_reading or estimate.unread(pids):
            estimate.read(pids)
            spent = time.perf_counter() - now
            next_reading = now + max(INTERVAL_S, spent / READING_SHARE)
            readings += 1
        total = estimate.total_kib(pids)
        if total > peak_kib:
            peak_kib, peak_processes = total, len(pids)
        ready, _, _ = select.select([sys.stdin], [], [], INTERVAL_S)
        if ready and not os.read(sys.stdin.fileno(), 1):      # closed: the watched work is done
            break
        if not os.path.exists(f"/proc/{root}"):
            break
    print(json.dumps({"peak_pss_mb": round(peak_kib / 1024, 1), "processes": peak_processes,
                      "pss_readings": readings}), flush=True)
    return 0


class Watch:
    """The watcher as a context: `with Watch() as w: ...; w.peak_mb` once it is closed.

    It stops when the context ends or when the watched process does."""

    def __init__(self, pid: int | None = None) -> None:
        """Watch pid (default: this process) and its children."""
        self.pid = os.getpid() if pid is None else pid
        self.peak_mb: float | None = None
        self.processes = 0
        self.readings = 0

    def __enter__(self) -> Watch:
        import subprocess
        self._proc = subprocess.Popen([sys.executable, "-m", "build_tools.memwatch", str(self.pid)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        time.sleep(2 * INTERVAL_S)              # its first sample comes before the watched work
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._proc.stdin.close()
        answer = json.loads(self._proc.stdout.read() or "{}")
        self._proc.wait()
        self.peak_mb, self.processes = answer.get("peak_pss_mb"), answer.get("processes", 0)
        self.readings = answer.get("pss_readings", 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
