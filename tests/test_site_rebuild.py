"""A site brought up to date in the tree it replaced is the site a clean build gives.

sitebuild keeps the site twice and renders into the older tree only what it
lacks (sitebuild._Rebuild). Each test changes a built copy of the project,
rebuilds, and compares the whole site/ with a clean build of the same files,
byte for byte.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from sitecheck import copy_project

from build_tools.bench import _edit
from build_tools.build import build
from build_tools.sitebuild import PREV_SITE

THANH_HOA = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
CAO_BANG = "tinh-uy-cao-bang/2021/09-ct-tu"


def site_files(root: Path) -> dict[str, bytes]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def clean_build_of(root: Path, tmp: Path) -> dict[str, bytes]:
    """The site a first build of the same inputs gives."""
    fresh = copy_project(tmp / "clean", root)
    build(fresh)
    return site_files(fresh)


def differences(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))


@pytest.fixture(scope="module")
def twice_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built twice, so that site/ and .build/site.prev both hold a site of this theme."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    build(root)
    _edit(root, CAO_BANG, "(lần đầu)")
    build(root)
    assert (root / PREV_SITE / "index.html").is_file()
    return root


@pytest.fixture
def project(twice_built: Path, tmp_path: Path) -> Path:
    """A copy of twice_built, hard links between its two site trees kept (copytree makes them files)."""
    dest = tmp_path / "p"
    subprocess.run(["cp", "-a", str(twice_built), str(dest)], check=True)
    return dest


def mtimes(root: Path) -> dict[str, int]:
    site = root / "site"
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def test_one_changed_record_renders_its_page_not_the_others(project: Path, tmp_path: Path) -> None:
    prev = {p.relative_to(project / PREV_SITE).as_posix(): p.stat().st_mtime_ns
            for p in (project / PREV_SITE).rglob("*.html")}
    _edit(project, THANH_HOA, "(sửa một khoản)")
    build(project)
    after = mtimes(project)
    rendered = {rel for rel, mtime in after.items() if prev.get(rel) != mtime}
    assert f"van-ban/{THANH_HOA}/index.html" in rendered
    assert f"van-ban/{CAO_BANG}/index.html" in rendered      # changed by the build before: the tree lacked it
    untouched = [rel for rel in after if rel.startswith("van-ban/") and rel not in rendered]
    assert len(untouched) >= 10                              # the other document pages were left as they were
    assert differences(site_files(project), clean_build_of(project, tmp_path)) == []


def test_added_and_removed_records_leave_no_stale_page(project: Path, tmp_path: Path) -> None:
    record = project / "data" / "documents" / f"{CAO_BANG}.yaml"
    copy = project / "data" / "documents" / "tinh-uy-cao-bang" / "2021" / "19-ct-tu.yaml"
    copy.write_text(record.read_text(encoding="utf-8").replace("09-CT/TU", "19-CT/TU"), encoding="utf-8")
    build(project)
    assert (project / "site" / "van-ban" / "tinh-uy-cao-bang" / "2021" / "19-ct-tu" / "index.html").is_file()
    copy.unlink()
    build(project)
    assert not (project / "site" / "van-ban" / "tinh-uy-cao-bang" / "2021" / "19-ct-tu").exists()
    assert differences(site_files(project), clean_build_of(project, tmp_path)) == []


def test_a_theme_change_renders_every_page(project: Path, tmp_path: Path) -> None:
    css = project / "overrides" / "assets" / "stylesheets"
    css.mkdir(parents=True, exist_ok=True)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_description: >-", "copyright: Kho văn bản\nsite_description: >-"), encoding="utf-8")
    before = mtimes(project)
    build(project)
    after = mtimes(project)
    assert all(after[rel] != before.get(rel) for rel in after)
    site = site_files(project)
    assert "md-copyright" in site[f"van-ban/{THANH_HOA}/index.html"].decode()
    assert differences(site, clean_build_of(project, tmp_path)) == []


def test_a_changed_abbreviation_renders_every_page(project: Path, tmp_path: Path) -> None:
    """The abbreviation snippet is appended to every page: a change to it is a theme change."""
    vocabulary = project / "data" / "vocabulary.yaml"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace(
        "{short: ASXH, expansion: an sinh xã hội}", "{short: ASXH, expansion: an sinh xã hội (đã sửa)}"),
        encoding="utf-8")
    before = mtimes(project)
    build(project)
    after = mtimes(project)
    assert all(after[rel] != before.get(rel) for rel in after)
    assert differences(site_files(project), clean_build_of(project, tmp_path)) == []


def test_the_second_site_starts_from_links_and_never_writes_through_them(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "once")
    build(root)
    live_before = site_files(root)
    _edit(root, THANH_HOA, "(lần hai)")
    build(root)                                   # the second site: links to the first, then rendered
    prev = root / PREV_SITE                       # the first, as it was
    assert {p.relative_to(prev).as_posix(): p.read_bytes() for p in prev.rglob("*") if p.is_file()} == live_before
    assert differences(site_files(root), clean_build_of(root, tmp_path)) == []


def test_files_are_rewritten_in_place_unless_the_live_tree_shares_them(project: Path) -> None:
    """The tree built into keeps its files' inodes; a page it shares with the live tree (the
    second tree began as hard links to the first) is written as a new file, the live one untouched."""
    page = f"van-ban/{THANH_HOA}/index.html"
    prev = {p.relative_to(project / PREV_SITE).as_posix(): os.stat(p)
            for p in (project / PREV_SITE).rglob("*") if p.is_file()}
    live_page = (project / "site" / page).read_bytes()
    assert prev[page].st_nlink == 2                  # shared by the two trees
    _edit(project, THANH_HOA, "(tại chỗ)")
    build(project)
    now = {p.relative_to(project / "site").as_posix(): p.stat().st_ino
           for p in (project / "site").rglob("*") if p.is_file()}
    own = [rel for rel, st in prev.items() if st.st_nlink == 1 and rel in now]
    assert len(own) > 20 and [rel for rel in own if now[rel] != prev[rel].st_ino] == []
    assert now[page] != prev[page].st_ino
    assert (project / PREV_SITE / page).read_bytes() == live_page


def test_a_failed_site_build_is_rendered_whole_next_time(project: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools import sitebuild
    from build_tools.sitebuild import NEW_SITE, SiteBuildError

    before = site_files(project)

    def boom(self: object) -> None:
        (project / NEW_SITE / "index.html").write_text("half")       # half done, then failed
        raise SiteBuildError("mkdocs build --strict failed: boom")
    _edit(project, THANH_HOA, "(hỏng)")
    monkeypatch.setattr(sitebuild._Rebuild, "run", boom)
    with pytest.raises(SiteBuildError):
        build(project)
    assert site_files(project) == before
    monkeypatch.undo()
    build(project)
    assert not (project / NEW_SITE).exists() and os.path.isdir(project / PREV_SITE)
    assert differences(site_files(project), clean_build_of(project, tmp_path)) == []
