"""Golden files: records and the Markdown they must produce, side by side.

    tests/golden/records/<id>.yaml      input records (a frozen copy of the seeds)
    tests/golden/pages/<path>.md        every page generated from them

One test renders them all and compares. After an intended change, run
`pytest tests/test_pages_golden.py --update-golden` (or UPDATE_GOLDEN=1) and
review the diff of tests/golden/pages/ like any code change.

The records are rendered with their declared relations only, so the goldens
do not move when the citation extractor learns something new; reference
data (vocabulary, organizations, provinces) comes from data/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sitecheck import ROOT

from build_tools import pages
from build_tools.records import load_corpus

GOLDEN = ROOT / "tests" / "golden"


def golden_corpus(tmp: Path):  # type: ignore[no-untyped-def]
    (tmp / "data").mkdir()
    for name in ("vocabulary.yaml", "organizations.yaml", "provinces.yaml"):
        shutil.copy(ROOT / "data" / name, tmp / "data" / name)
    shutil.copytree(GOLDEN / "records", tmp / "data" / "documents")
    return load_corpus(tmp)


def test_pages_match_golden_files(tmp_path: Path, update_golden: bool) -> None:
    corpus = golden_corpus(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    rendered = pages.render(corpus, docs)
    expected_dir = GOLDEN / "pages"
    if update_golden:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in rendered.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in sorted(expected_dir.rglob("*.md"))}
    assert sorted(rendered) == sorted(expected), "pages added or removed: run with --update-golden and review"
    changed = [rel for rel in rendered if rendered[rel] != expected[rel]]
    assert not changed, f"pages differ from tests/golden/pages: {changed} (run with --update-golden and review the diff)"


def test_rendering_twice_is_identical(tmp_path: Path) -> None:
    corpus = golden_corpus(tmp_path)
    assert pages.render(corpus, tmp_path) == pages.render(corpus, tmp_path)


@pytest.mark.parametrize("rel,needle", [
    # the heading in full citation form, with the day padded as printed
    ("van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd.md",
     '<h1 id="van-ban">Kế hoạch số 6766/KH-UBND ngày 05/5/2016 của Ủy ban nhân dân tỉnh Thanh Hóa</h1>'),
    # a month-only date stays a month; a blank number says so
    ("van-ban/ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw.md",
     "Công văn (không rõ số) tháng 11/2024 của Ủy ban nhân dân tỉnh Hưng Yên"),
    # an inferred year is marked as inferred
    ("van-ban/tinh-uy-cao-bang/2021/09-ct-tu.md", "Chỉ thị số 09-CT/TU năm 2021 (suy ra) của Tỉnh ủy Cao Bằng"),
    # an OCR correction is shown beside the printed text, never silently applied
    ("van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd.md",
     '<span class="vb-ocr__printed">bền vừng</span><span class="vb-ocr__fix"> [đúng là: bền vững]</span>'),
    # clause anchors follow the numbering; bullets take their position
    ("van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd.md", 'id="muc-II-3-b-2"'),
    # a footnote marker links to its note
    ("van-ban/ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw.md", 'href="#chu-thich-1"'),
    # a document known only from citations invites the text
    ("van-ban/ban-bi-thu/2014/40-ct-tw.md", "Kho chưa có văn bản này."),
    # the 40-CT/TW page lists what implements it, with relative links
    ("van-ban/ban-bi-thu/2014/40-ct-tw.md", 'href="../../../ubnd-thanh-hoa/2016/6766-kh-ubnd/"'),
])
def test_page_contains(tmp_path: Path, rel: str, needle: str) -> None:
    rendered = pages.render(golden_corpus(tmp_path), tmp_path)
    assert needle in rendered[rel]
