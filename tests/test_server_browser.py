"""The search page (docs/tim-kiem/) in headless Chromium, served by the project's server.

A tiny Material site holding the real search page and its script: with the
API, hits come back highlighted with their permalinks and no Content-Security-
Policy violation; on a static host (no /api/), the page says so in Vietnamese
and hands the query to the theme's search box.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from sitecheck import launch_chromium, stop_server

from build_tools.search import update_index
from build_tools.server import App, create_server
from tests.test_search import small_corpus

REPO = Path(__file__).resolve().parent.parent
MKDOCS_YML = """site_name: Thử
theme:
  name: material
  language: vi
  font: false
plugins:
  - search
markdown_extensions:
  - admonition
  - tables
extra_javascript:
  - assets/javascripts/livereload.js
"""


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("page") / "root"
    (root / "docs" / "tim-kiem").mkdir(parents=True)
    scripts = root / "docs" / "assets" / "javascripts"
    scripts.mkdir(parents=True)
    for name in ("tim-kiem.js", "livereload.js"):
        shutil.copy(REPO / "docs" / "assets" / "javascripts" / name, scripts / name)
    shutil.copy(REPO / "docs" / "tim-kiem" / "index.md", root / "docs" / "tim-kiem" / "index.md")
    (root / "docs" / "index.md").write_text("# Trang chủ\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml")],
                   check=True, cwd=root, capture_output=True)
    update_index(small_corpus(), root / ".index")
    return root


def serve(app: Callable[..., Iterable[bytes]]) -> Any:
    server = create_server(app, 0, threads=4)
    threading.Thread(target=server.run, daemon=True).start()
    return server


def open_page(port: int, path: str, problems: list[str]) -> tuple[Any, Any, Any]:
    playwright = importlib.import_module("playwright.sync_api")
    p = playwright.sync_playwright().start()
    browser = launch_chromium(p)
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.on("console", lambda msg: problems.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused" in msg.text else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(f"http://127.0.0.1:{port}{path}")
    return p, browser, page


@pytest.mark.browser
def test_search_page_shows_highlighted_clause_hits(site_root: Path) -> None:
    server = serve(App(site_root))
    problems: list[str] = []
    try:
        manager, browser, page = open_page(server.effective_port, "/tim-kiem/", problems)
        try:
            page.wait_for_selector("#tk-type option[value='ke-hoach']", state="attached", timeout=10000)
            page.fill("#tk-q", "tin dung den")
            page.click("#tk-form button[type=submit]")
            page.wait_for_selector(".tk-hit", timeout=10000)
            first = page.inner_text(".tk-hit")
            marks = page.eval_on_selector_all(".tk-hit mark", "els => els.map(e => e.textContent)")
            href = page.get_attribute(".tk-hit__title a", "href")
            assert "tu-khoa=tin+dung+den" in page.url
            page.select_option("#tk-type", "chi-thi")
            page.click("#tk-form button[type=submit]")
            page.wait_for_selector("#tk-status:has-text('kết quả')", timeout=10000)
            types = page.eval_on_selector_all(".tk-hit__citation", "els => els.map(e => e.textContent)")
        finally:
            browser.close()
            manager.stop()
    finally:
        stop_server(server)
    assert "Ngăn chặn" in first and "tín dụng đen" in marks
    assert href == "/van-ban/ubnd-vinh-phuc/2021/12-kh-ubnd/#muc-1"
    assert types and all(t.startswith("Chỉ thị") for t in types)
    assert not problems, problems


@pytest.mark.browser
def test_search_page_on_a_static_host_falls_back_to_the_theme(site_root: Path) -> None:
    app = App(site_root)

    def static_only(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if str(environ.get("PATH_INFO", "")).startswith("/api/"):
            start_response("404 Not Found", [("Content-Type", "text/html")])
            return [b"<h1>404</h1>"]
        return app(environ, start_response)
    server = serve(static_only)
    problems: list[str] = []
    try:
        manager, browser, page = open_page(server.effective_port, "/tim-kiem/?tu-khoa=tin+dung", problems)
        try:
            page.wait_for_selector(".tk-status--notice", timeout=10000)
            notice = page.inner_text("#tk-status")
            value = page.input_value("input[data-md-component='search-query']")
        finally:
            browser.close()
            manager.stop()
    finally:
        stop_server(server)
    assert "không chạy ở địa chỉ này" in notice and "make serve" in notice
    assert value == "tin dung"
    assert not problems, problems
