"""Failed, killed and concurrent builds lose nothing; hostile records stay text.

Each test works on a copy of the project (data, docs, mkdocs.yml, overrides)
built once per module, so the real checkout is never touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sitecheck import copy_project

ROOT = Path(__file__).resolve().parents[1]
THANH_HOA = "data/documents/ubnd-thanh-hoa/2016/6766-kh-ubnd.yaml"


def run_build(root: Path, *extra: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "build", "--root", str(root), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=timeout)


def tree_hash(base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def outputs_hash(root: Path) -> dict[str, str]:
    return {name: tree_hash(root / name) for name in ("site", ".index", "docs")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built project for a test that changes it."""
    dest = tmp_path / "p"
    shutil.copytree(built, dest, symlinks=True)
    return dest


def test_broken_record_fails_the_build_and_leaves_every_output_byte_identical(project: Path) -> None:
    before = outputs_hash(project)
    record = project / THANH_HOA
    record.write_text(record.read_text(encoding="utf-8").replace('date: "2016-05-05"', 'date: "05/5/2016"'),
                      encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert f"{THANH_HOA}:4: date: expected YYYY-MM-DD, YYYY-MM or YYYY, got '05/5/2016'" in result.stderr
    assert outputs_hash(project) == before


def test_a_record_wrong_only_against_the_others_fails_after_the_index_started(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checks across records run while the index child writes (records.read_corpus); their
    failure stops the child and leaves every output as it was, the staged index gone too."""
    from build_tools import background, records, search_index
    from build_tools.build import build
    from build_tools.records import InvalidCorpus

    # a forked read-ahead judges each record by itself as it is read: the deferred path
    monkeypatch.setattr(records, "READ_AHEAD_FROM", 2)
    monkeypatch.setattr(background, "can_fork", lambda: True)     # even if a thread was left behind
    started = []
    start = search_index.IndexWrite.start
    monkeypatch.setattr(search_index.IndexWrite, "start",
                        classmethod(lambda cls, *a, **k: started.append(1) or start(*a, **k)))
    before = outputs_hash(project)
    record = project / THANH_HOA
    text = record.read_text(encoding="utf-8")
    assert "target: ban-bi-thu/2014/40-ct-tw" in text
    record.write_text(text.replace("target: ban-bi-thu/2014/40-ct-tw", "target: ban-bi-thu/2014/41-ct-tw", 1),
                      encoding="utf-8")
    _edit_a_clause(project)                        # so that the index has work to do
    with pytest.raises(InvalidCorpus) as failed:
        build(project, site=False)
    assert any("41-ct-tw" in p.message for p in failed.value.problems)
    assert started == [1]                          # the index step had begun
    assert outputs_hash(project) == before
    assert not (project / ".index.new").exists()


def _edit_a_clause(root: Path) -> None:
    from build_tools.bench import _edit
    _edit(root, "tinh-uy-cao-bang/2021/09-ct-tu", "(sửa)")


def test_failing_mkdocs_step_leaves_outputs_byte_identical(project: Path) -> None:
    before = outputs_hash(project)
    record = project / THANH_HOA
    record.write_text(record.read_text(encoding="utf-8").replace("Lê Thị Thìn", "Lê Thị Thìn (sửa)"),
                      encoding="utf-8")
    # A hand-written page with a dead link fails `mkdocs build --strict` after pages were staged.
    (project / "docs" / "hong.md").write_text("# Hỏng\n\n[liên kết hỏng](khong-co-trang-nay.md)\n", encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1, result.stdout
    assert "mkdocs build --strict failed" in result.stderr
    after = outputs_hash(project)
    assert after["site"] == before["site"]
    assert after[".index"] == before[".index"]


def test_no_change_rebuild_writes_no_file(project: Path) -> None:
    before = {p: p.stat().st_mtime_ns for p in project.rglob("*") if p.is_file()
              and ".build/lock" not in p.as_posix()}
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    changed = [p for p, mtime in before.items() if not p.exists() or p.stat().st_mtime_ns != mtime]
    assert changed == []


def test_killed_build_leaves_a_usable_site(project: Path) -> None:
    record = project / THANH_HOA
    for attempt, delay in enumerate((0.3, 1.0, 2.0, 3.5)):
        record.write_text(record.read_text(encoding="utf-8").replace("Lê Thị Thìn", f"Lê Thị Thìn{'.' * (attempt + 1)}"),
                          encoding="utf-8")
        proc = subprocess.Popen([sys.executable, "-m", "build_tools", "build", "--root", str(project)],
                                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert (project / "site" / "index.html").exists()
        assert (project / "site" / "van-ban" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd" / "index.html").exists()
    # and the next build repairs whatever the killed ones left half-done
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    page = (project / "site" / "van-ban" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd" / "index.html")
    assert "Lê Thị Thìn...." in page.read_text(encoding="utf-8")


def test_second_build_is_refused_while_one_runs(project: Path) -> None:
    import fcntl
    lock = project / ".build" / "lock"
    lock.parent.mkdir(exist_ok=True)
    with open(lock, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(str(os.getpid()))
        handle.flush()
        started = time.monotonic()
        result = run_build(project, "--no-site")
        assert time.monotonic() - started < 60
    assert result.returncode == 1
    assert "another build is running" in result.stderr


HOSTILE_TITLE = '<script>alert("x")</script> Kế hoạch {{ config }} {% include "x" %}'
HOSTILE_PREAMBLE = ('Thực hiện <img src=x onerror="alert(1)"> và [bấm vào](javascript:alert(2)) '
                    '<a href="javascript:alert(3)">đây</a> ![](data:text/html;base64,PHNjcmlwdD4=)')


def test_hostile_record_builds_and_reaches_the_site_only_as_text(project: Path) -> None:
    record = project / THANH_HOA
    text = record.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^title: .*$", "title: '" + HOSTILE_TITLE.replace("'", "''") + "'", text, count=1)
    text = text.replace("preamble:\n- ", "preamble:\n- '" + HOSTILE_PREAMBLE.replace("'", "''") + "'\n- ", 1)
    record.write_text(text, encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    for page in (project / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html, page
        assert not re.search(r"<img[^>]*onerror", html), page
        assert not re.search(r"""href=["']?\s*javascript:""", html, re.I), page
        assert not re.search(r"""src=["']?\s*data:text/html""", html, re.I), page
    page = project / "site" / "van-ban" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert "&lt;script&gt;" in html          # shown as text, not dropped
    assert "{{ config }}" in html or "{{ config }}" in html.replace("&#123;", "{").replace("&#125;", "}")


def test_build_with_unchanged_inputs_is_skipped_and_a_changed_record_rebuilds(project: Path) -> None:
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("up to date")
    record = project / THANH_HOA
    record.write_text(record.read_text(encoding="utf-8").replace("Lê Thị Thìn", "Lê Thị Thìn (x)"), encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    assert "1 pages written" in result.stdout or "pages written" in result.stdout
    page = project / "site" / "van-ban" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd" / "index.html"
    assert "Lê Thị Thìn (x)" in page.read_text(encoding="utf-8")


def test_bytecode_beside_the_theme_hook_changes_no_fingerprint(tmp_path: Path) -> None:
    """MkDocs writes overrides/hooks/__pycache__ when it loads the hook: not an input."""
    from build_tools.build import input_fingerprint
    from build_tools.sitebuild import fingerprint
    for folder in ("data", "docs", "overrides/hooks"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    (tmp_path / "overrides/hooks/lean_build.py").write_text("# hook\n")
    before = input_fingerprint(tmp_path), fingerprint(tmp_path)
    (tmp_path / "overrides/hooks/__pycache__").mkdir()
    (tmp_path / "overrides/hooks/__pycache__/lean_build.cpython-311.pyc").write_bytes(b"\0")
    assert (input_fingerprint(tmp_path), fingerprint(tmp_path)) == before
    (tmp_path / "overrides/hooks/lean_build.py").write_text("# hook, edited\n")
    after = input_fingerprint(tmp_path), fingerprint(tmp_path)
    assert after[0] != before[0] and after[1] != before[1]
