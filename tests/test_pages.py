"""Small pieces of page generation, as tables: dates, anchors, links, and
the writer that touches only what changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.pages import write_files
from build_tools.pages_common import clause_anchor, format_date, href, short_date


@pytest.mark.parametrize("date,year,expected", [
    ("2016-05-05", None, "ngày 05/5/2016"),         # Thanh Hóa plan: day padded, month not, as printed
    ("2014-11-22", None, "ngày 22/11/2014"),         # 40-CT/TW
    ("2024-11", None, "tháng 11/2024"),             # Hưng Yên letter: the day was left blank
    ("2021", None, "năm 2021"),                     # a year-only date
    (None, 2021, "năm 2021 (suy ra)"),              # Cao Bằng directive: year inferred, not printed
    (None, None, "không rõ ngày"),                  # nothing known: say so
])
def test_dates_are_honest(date: str | None, year: int | None, expected: str) -> None:
    assert format_date(date, year) == expected


@pytest.mark.parametrize("date,year,expected", [
    ("2016-05-05", None, "05/5/2016"), ("2024-11", None, "11/2024"), (None, 2021, "2021?"), (None, None, "—"),
])
def test_short_dates(date: str | None, year: int | None, expected: str) -> None:
    assert short_date(date, year) == expected


@pytest.mark.parametrize("path,anchor", [
    ("I", "muc-I"),                       # a Roman part
    ("II.3.b", "muc-II-3-b"),             # part, item, point
    ("II.3.b.2", "muc-II-3-b-2"),         # the second bullet of II.3.b
    ("1.1", "muc-1-1"),                   # a bullet under item 1 (Hưng Yên letter)
    ("2.đ", "muc-2-dd"),                  # Vietnamese point đ never collides with d
    ("2.d", "muc-2-d"),
])
def test_clause_anchors(path: str, anchor: str) -> None:
    assert clause_anchor(path) == anchor


@pytest.mark.parametrize("src,dst,anchor,expected", [
    ("van-ban/a/2016/x/", "van-ban/b/2014/y/", None, "../../../b/2014/y/"),
    ("van-ban/a/2016/x/", "van-ban/a/2016/x/", "muc-I", "./#muc-I"),
    ("duyet/nam/", "van-ban/a/2016/x/", "muc-1", "../../van-ban/a/2016/x/#muc-1"),
    ("", "van-ban/a/2016/x/", None, "van-ban/a/2016/x/"),
    ("van-ban/a/2016/x/", "dong-gop/them-van-ban/", None, "../../../../dong-gop/them-van-ban/"),
])
def test_relative_links(src: str, dst: str, anchor: str | None, expected: str) -> None:
    assert href(src, dst, anchor) == expected


def test_writer_touches_only_what_changed(tmp_path: Path) -> None:
    first = write_files({"van-ban/a/index.md": b"A", "van-ban/b/index.md": b"B", "duyet/x.md": b"X"},
                        tmp_path, ("van-ban", "duyet"))
    assert (first.written, first.unchanged, first.removed) == (3, 0, 0)
    (tmp_path / "hand-written.md").write_bytes(b"keep")
    mtime = (tmp_path / "van-ban/a/index.md").stat().st_mtime_ns
    second = write_files({"van-ban/a/index.md": b"A", "duyet/x.md": b"X2"}, tmp_path, ("van-ban", "duyet"))
    assert (second.written, second.unchanged, second.removed) == (1, 1, 1)
    assert (tmp_path / "van-ban/a/index.md").stat().st_mtime_ns == mtime      # unchanged file untouched
    assert not (tmp_path / "van-ban/b").exists()                               # stale page and its folder gone
    assert (tmp_path / "hand-written.md").read_bytes() == b"keep"              # outside managed folders: kept


def test_writer_handles_a_managed_folder_removed_by_hand(tmp_path: Path) -> None:
    """A folder missing before a write is written without looking for old files; one removed by hand
    between writes (the writer remembers its files and folders) is written again in full."""
    import shutil

    files = {"van-ban/a/2016/x/index.md": b"X", "van-ban/a/2016/y/index.md": b"Y", "duyet/z.md": b"Z"}
    (tmp_path / "van-ban").mkdir()
    (tmp_path / "van-ban/old.md").write_bytes(b"stale")
    first = write_files(files, tmp_path, ("van-ban", "duyet"))            # duyet/ is new, van-ban/ is not
    assert (first.written, first.removed) == (3, 1) and not (tmp_path / "van-ban/old.md").exists()
    shutil.rmtree(tmp_path / "van-ban")
    again = write_files({**files, "van-ban/b/index.md": b"B"}, tmp_path, ("van-ban", "duyet"))
    assert (again.written, again.unchanged, again.removed) == (3, 1, 0)
    assert (tmp_path / "van-ban/a/2016/y/index.md").read_bytes() == b"Y"
    assert sorted(p.name for p in (tmp_path / "van-ban").rglob("*")) == ["2016", "a", "b", "index.md", "index.md",
                                                                      "index.md", "x", "y"]
    last = write_files({"duyet/z.md": b"Z"}, tmp_path, ("van-ban", "duyet"))
    assert (last.written, last.unchanged, last.removed) == (0, 1, 3)
    assert not any((tmp_path / "van-ban").rglob("*"))                       # files and emptied folders gone


def test_found_relation_links_clause_to_clause(tmp_path: Path) -> None:
    """A citation found in the text shows its clause and sentence on both pages."""
    from test_pages_golden import golden_corpus

    from build_tools.models import Relation
    from build_tools.pages import render

    corpus = golden_corpus(tmp_path)
    source, target = "ubnd-thanh-hoa/2016/6766-kh-ubnd", "ban-bi-thu/2014/40-ct-tw"
    found = Relation("implements", target, clause="III.1", evidence="căn cứ nhiệm vụ được giao tại Chỉ thị số 40-CT/TW",
                     origin="found", source=source)
    corpus.relations = {source: (found,)}
    corpus.inbound = {target: (found,)}
    pages = render(corpus, tmp_path)
    plan = pages[f"van-ban/{source}.md"]
    directive = pages[f"van-ban/{target}.md"]
    assert '<a href="#muc-III-1">mục III.1</a>' in plan
    assert '<a href="../../../ubnd-thanh-hoa/2016/6766-kh-ubnd/#muc-III-1">mục III.1</a>' in directive
    assert '<blockquote class="vb-evidence">căn cứ nhiệm vụ được giao tại Chỉ thị số 40-CT/TW</blockquote>' in directive
    assert "tìm thấy trong văn bản" in directive


@pytest.mark.parametrize("doc_id, src", [
    ("ubnd-thanh-hoa/2016/6766-kh-ubnd", "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd.md"),
    ("ubnd-a/2016/index", "van-ban/ubnd-a/2016/index/index.md"),        # MkDocs would serve it as van-ban/ubnd-a/2016/
    ("ubnd-a/2016/README", "van-ban/ubnd-a/2016/README/index.md"),
])
def test_a_document_page_is_a_file_whose_url_is_its_id(doc_id: str, src: str) -> None:
    from mkdocs.structure.files import File

    from build_tools.pages_common import doc_src, doc_url
    assert doc_src(doc_id) == src
    assert File(src, "docs", "site", use_directory_urls=True).url == doc_url(doc_id)
