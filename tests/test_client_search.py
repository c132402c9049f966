"""The theme's browser search index: trimmed to pages, folded for bare typing.

The unit test rewrites a search_index.json as Material writes it; the browser
test builds a tiny Material site, post-processes it, serves it with the
project's server (CSP on) and types "tin dung" into the theme's search box in
headless Chromium: the page titled "Tín dụng …" must come up, and the console
must show no Content-Security-Policy violation.
"""

from __future__ import annotations

import importlib
import json
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sitecheck import launch_chromium, stop_server

from build_tools.client_search import postprocess
from build_tools.vietnamese import fold
from tests.test_search import small_corpus

MATERIAL_INDEX = {
    "config": {"lang": ["vi"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}},
    "docs": [
        {"location": "", "title": "Trang chủ", "text": "<p>Kho văn bản <b>tín dụng</b> chính sách xã hội</p>"},
        {"location": "#gioi-thieu", "title": "Giới thiệu", "text": "<p>section text</p>"},
        {"location": "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd/", "title": "Kế hoạch 6766/KH-UBND",
         "text": "<p>" + "toàn văn rất dài " * 500 + "</p>"},
        {"location": "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd/#muc-I", "title": "I. MỤC ĐÍCH",
         "text": "<p>clause text</p>"},
    ],
}


def write_index(site: Path, data: dict[str, object]) -> Path:
    path = site / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_postprocess_keeps_pages_with_metadata_and_a_folded_field(tmp_path: Path) -> None:
    path = write_index(tmp_path, MATERIAL_INDEX)
    size = postprocess(tmp_path, small_corpus())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert size == path.stat().st_size
    assert [d["location"] for d in data["docs"]] == ["", "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd/"]
    home, plan = data["docs"]
    assert home["text"] == "Kho văn bản tín dụng chính sách xã hội"        # tags stripped
    assert plan["text"] == ("6766/KH-UBND · Kế hoạch · Ủy ban nhân dân tỉnh Thanh Hóa · 2016-05-05 · "
                            "Lê Thị Thìn")                                  # metadata, no full text
    assert plan["folded"] == fold(plan["title"] + " " + plan["text"])
    assert "tin dung" in home["folded"]
    assert data["config"]["fields"]["folded"]["boost"] > data["config"]["fields"]["text"]["boost"]
    assert data["config"]["fields"]["title"] == {"boost": 1000.0}           # the theme's own fields kept


def test_document_pages_get_their_entry_from_the_corpus(tmp_path: Path) -> None:
    # The mkdocs.yml hook keeps document pages out of the theme's index: an
    # entry is written for each document page the site holds, and only those.
    write_index(tmp_path, {**MATERIAL_INDEX, "docs": MATERIAL_INDEX["docs"][:2]})
    for doc_id in ("ban-bi-thu/2014/40-ct-tw", "ubnd-vinh-phuc/2021/12-kh-ubnd"):
        page = tmp_path / "van-ban" / doc_id / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
    postprocess(tmp_path, small_corpus())
    data = json.loads((tmp_path / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert [d["location"] for d in data["docs"]] == [
        "", "van-ban/ban-bi-thu/2014/40-ct-tw/", "van-ban/ubnd-vinh-phuc/2021/12-kh-ubnd/"]
    directive = data["docs"][1]
    assert directive["title"] == "Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư Trung ương Đảng"
    assert directive["text"].startswith("40-CT/TW · Chỉ thị")
    assert "chi thi so 40-ct/tw" in directive["folded"]


def test_postprocess_is_idempotent(tmp_path: Path) -> None:
    path = write_index(tmp_path, MATERIAL_INDEX)
    postprocess(tmp_path, small_corpus())
    once = path.read_bytes()
    postprocess(tmp_path, small_corpus())
    assert path.read_bytes() == once


def test_material_worker_indexes_every_configured_field() -> None:
    """The premise: Material's search worker makes one lunr field per key of config.fields."""
    import material
    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    source = "".join(p.read_text(encoding="utf-8") for p in workers.glob("search.*.min.js"))
    assert "Object.entries(e.fields))this.field(" in source


MKDOCS_YML = """site_name: Thử
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
extra_javascript:
  - assets/javascripts/livereload.js
"""


@pytest.mark.browser
def test_theme_search_finds_accented_title_from_bare_words(tmp_path: Path) -> None:
    playwright = importlib.import_module("playwright.sync_api")
    root = tmp_path / "root"
    (root / "docs" / "tin-dung").mkdir(parents=True)
    (root / "docs" / "assets" / "javascripts").mkdir(parents=True)
    repo = Path(__file__).resolve().parent.parent
    shutil.copy(repo / "docs" / "assets" / "javascripts" / "livereload.js",
                root / "docs" / "assets" / "javascripts" / "livereload.js")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Trang chủ\n\nKho văn bản.\n", encoding="utf-8")
    (root / "docs" / "tin-dung" / "index.md").write_text(
        "# Tín dụng chính sách xã hội\n\nĐổi mới hoạt động.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                   check=True, cwd=root, capture_output=True)

    from build_tools.server import App, create_server
    server = create_server(App(root), 0, threads=4)
    port = server.effective_port
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    violations: list[str] = []
    found: dict[str, str] = {}
    try:
        with playwright.sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda msg: violations.append(msg.text)
                    if "Content Security Policy" in msg.text or "Refused" in msg.text else None)

            def search(label: str) -> None:
                page.goto(f"http://127.0.0.1:{port}/")
                box = "input[data-md-component='search-query']"
                page.click(box)
                page.keyboard.type("tin dung", delay=20)        # Material reacts to key events
                page.wait_for_selector(".md-search-result__meta", timeout=15000)
                page.wait_for_timeout(1000)
                found[label] = page.inner_text(".md-search-result")

            search("before")                    # the theme alone: bare words find nothing
            postprocess(root / "site", small_corpus())
            search("after")
            browser.close()
    finally:
        stop_server(server)
    assert "Tín dụng chính sách xã hội" not in found["before"]
    titles = found["after"]
    assert "Tín dụng chính sách xã hội" in titles
    assert not violations, violations
