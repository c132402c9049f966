"""A full strict build of the real data, checked the way the acceptance
criteria read: language, one page per record, the key relation links, every
internal link and anchor, nothing from another host, JSON-LD, abbreviations,
open data."""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest
from sitecheck import ROOT, broken_links, external_resources, html_files, mkdocs_build, parse, stage

from build_tools import exports, pages
from build_tools.records import load_corpus
from build_tools.relations import resolve_relations

GENERATED = ("van-ban", "duyet", "du-lieu")
THANH_HOA = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
CT40 = "ban-bi-thu/2014/40-ct-tw"


def hand_written_docs(tmp: Path) -> Path:
    docs = tmp / "docs-src"
    shutil.copytree(ROOT / "docs", docs, ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in GENERATED])
    return docs


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("site")
    corpus = resolve_relations(load_corpus(ROOT))
    docs = hand_written_docs(tmp)
    pages.generate(corpus, docs)
    exports.write(corpus, docs)
    (tmp / "proj").mkdir()
    proj = stage(tmp / "proj", docs)
    site = tmp / "site"
    started = time.perf_counter()
    result = mkdocs_build(proj, site)
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-4000:]
    print(f"\nmkdocs build: {seconds:.1f} s; search_index.json: "
          f"{(site / 'search' / 'search_index.json').stat().st_size} bytes; {len(html_files(site))} HTML pages")
    return {"corpus": corpus, "site": site, "log": result.stderr, "docs": docs}


def test_strict_build_has_no_warning(built: dict) -> None:
    assert "WARNING" not in built["log"], built["log"]


def test_language_is_vietnamese(built: dict) -> None:
    site = built["site"]
    for page in (site / "index.html", site / "van-ban" / THANH_HOA / "index.html"):
        assert parse(page).lang == "vi"


def test_a_page_per_record(built: dict) -> None:
    missing = [d for d in built["corpus"].documents if not (built["site"] / "van-ban" / d / "index.html").is_file()]
    assert not missing


@pytest.mark.parametrize("target", [
    THANH_HOA,                                         # implements 40-CT/TW (declared)
    "tinh-uy-cao-bang/2021/09-ct-tu",                  # cites 40-CT/TW in its preamble
    "ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw",  # continues 40-CT/TW
])
def test_40_ct_tw_links_to_what_implements_it(built: dict, target: str) -> None:
    page = built["site"] / "van-ban" / CT40 / "index.html"
    hrefs = {url.split("#")[0] for _t, _a, url in parse(page).links}
    assert f"../../../{target}/" in hrefs


def test_every_internal_link_and_anchor_resolves(built: dict) -> None:
    assert broken_links(built["site"]) == []


def test_nothing_is_loaded_from_another_host(built: dict) -> None:
    assert external_resources(built["site"]) == []


def test_no_mermaid_or_cdn_anywhere(built: dict) -> None:
    for page in html_files(built["site"]):
        text = page.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and "cdn.jsdelivr" not in text and "fonts.googleapis" not in text, page


def test_thanh_hoa_page_carries_json_ld(built: dict) -> None:
    html = (built["site"] / "van-ban" / THANH_HOA / "index.html").read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block
    data = json.loads(block.group(1))
    assert data["@type"] == "Legislation" and data["legislationIdentifier"] == "6766/KH-UBND"
    assert data["inLanguage"] == "vi" and data["legislationDate"] == "2016-05-05"
    assert any(a.get("legislationIdentifier") == "40-CT/TW" for a in data["legislationApplies"])


def test_abbreviations_are_explained(built: dict) -> None:
    html = (built["site"] / "van-ban" / THANH_HOA / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Ngân hàng Chính sách xã hội">NHCSXH</abbr>' in html
    home = (built["site"] / "index.html").read_text(encoding="utf-8")
    assert "<abbr title" in home          # hand-written Markdown, via the appended glossary


def test_a_json_file_holds_every_record(built: dict) -> None:
    records = json.loads((built["site"] / "du-lieu" / "van-ban.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in records} == set(built["corpus"].documents)
    for doc_id in built["corpus"].documents:
        assert (built["site"] / "du-lieu" / "van-ban" / f"{doc_id}.json").is_file()
        assert (built["site"] / "du-lieu" / "van-ban" / f"{doc_id}.yaml").is_file()


def test_clause_anchors_follow_the_numbering(built: dict) -> None:
    ids = parse(built["site"] / "van-ban" / THANH_HOA / "index.html").ids
    assert {"muc-I", "muc-II-3-b-2", "muc-III-2"} <= ids


def test_document_pages_stay_light(built: dict) -> None:
    # navigation.prune: a document page does not carry the whole archive's nav
    size = (built["site"] / "van-ban" / THANH_HOA / "index.html").stat().st_size
    assert size < 200_000, size


def test_regenerating_writes_nothing(built: dict) -> None:
    assert pages.generate(built["corpus"], built["docs"]).written == 0
    assert exports.write(built["corpus"], built["docs"]).written == 0


def test_no_inline_script_runs(built: dict) -> None:
    # The site is served with a Content-Security-Policy of 'self': a script
    # element without src must be a data block (JSON-LD, the theme's config).
    for page in html_files(built["site"]):
        for tag, attrs in parse(page).tags:
            if tag == "script" and not attrs.get("src"):
                assert attrs.get("type") in ("application/ld+json", "application/json"), page
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
