"""The memory a process and its children use together, sampled from outside (Linux).

`python -m build_tools.memwatch PID` reads, every INTERVAL_S until its
standard input closes, the proportional set size (Pss, /proc/*/smaps_rollup)
of PID and of every process descended from it, and prints the largest sum
seen, in MiB, as JSON. Pss shares each page among the processes mapping it,
so a corpus a forked child inherits is counted once, not once per process as
adding the processes' peak RSS would (what `getrusage` can give).

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


def main(argv: list[str]) -> int:
    root = int(argv[0])
    peak_kib, peak_processes = 0, 0
    while True:
        pids = tree(root)
        total = sum(pss_kib(pid) for pid in pids)
        if total > peak_kib:
            peak_kib, peak_processes = total, len(pids)
        ready, _, _ = select.select([sys.stdin], [], [], INTERVAL_S)
        if ready and not os.read(sys.stdin.fileno(), 1):      # closed: the watched work is done
            break
        if not os.path.exists(f"/proc/{root}"):
            break
    print(json.dumps({"peak_pss_mb": round(peak_kib / 1024, 1), "processes": peak_processes}), flush=True)
    return 0


class Watch:
    """The watcher as a context: `with Watch() as w: ...; w.peak_mb` once it is closed.

    It stops when the context ends or when the watched process does."""

    def __init__(self, pid: int | None = None) -> None:
        """Watch pid (default: this process) and its children."""
        self.pid = os.getpid() if pid is None else pid
        self.peak_mb: float | None = None
        self.processes = 0

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


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
