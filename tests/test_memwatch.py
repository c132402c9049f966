"""memwatch: the memory of a process and its children, pages they share counted once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from build_tools.memwatch import Estimate, Watch, pss_kib

MB = 1 << 20


def test_tree_holds_a_child_and_leaves_the_watcher_out() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(5)"])
    # a watcher is a descendant of the process it watches: it reads the tree from inside it
    watcher = subprocess.run(
        [sys.executable, "-c", "import os; from build_tools.memwatch import tree; "
         "print(os.getpid(), *tree(os.getppid()))"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    try:
        own, *found = (int(pid) for pid in watcher.stdout.split())
        assert os.getpid() in found and child.pid in found
        assert own not in found
    finally:
        child.kill()
        child.wait()


def test_a_childs_own_memory_is_added_to_its_parents() -> None:
    with Watch() as watch:
        subprocess.run([sys.executable, "-c", "import time; b = bytearray(300 << 20); time.sleep(1)"], check=True)
    assert watch.peak_mb is not None
    baseline = pss_kib(os.getpid()) / 1024
    assert watch.peak_mb >= baseline + 280
    assert watch.processes >= 2


def test_pages_a_forked_child_inherits_are_counted_once() -> None:
    block = bytearray(os.urandom(MB)) * 300               # 300 MB, every page touched
    with Watch() as watch:
        pid = os.fork()
        if pid == 0:                                      # the child reads the block, writes nothing
            try:
                assert block[-1] == block[-MB - 1]
                time.sleep(1)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
    assert watch.peak_mb is not None and watch.processes >= 2
    # both processes have the 300 MB resident: their RSS would add up to 600 MB
    assert watch.peak_mb < pss_kib(os.getpid()) / 1024 + 150
    del block


def test_between_readings_a_processs_new_pages_are_added_to_its_last_pss() -> None:
    grow = "import sys; sys.stdin.readline(); b = bytearray(200 << 20); print(flush=True); sys.stdin.readline()"
    child = subprocess.Popen([sys.executable, "-c", grow], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        estimate = Estimate()
        estimate.read([child.pid])
        before = estimate.total_kib([child.pid])
        child.stdin.write("\n")
        child.stdin.flush()
        child.stdout.readline()                           # the 200 MB are resident now
        assert not estimate.unread([child.pid])
        assert estimate.total_kib([child.pid]) - before >= 190 * 1024
        assert estimate.unread([child.pid, os.getpid()])  # a process never read is read at once
    finally:
        child.kill()
        child.wait()
