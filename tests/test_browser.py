"""The built site in headless Chromium: reading, following a relation,
landing on a clause permalink, and axe-core on three kinds of page.

Uses Debian's /usr/bin/chromium through Python playwright (never
`playwright install`), a throwaway static server on 127.0.0.1, and the
axe-core copy installed from package-lock.json. Screenshots go to
tests/screenshots/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import threading
from collections.abc import Iterator

import pytest
from sitecheck import ROOT, build_site, launch_chromium

from build_tools.records import load_corpus
from build_tools.relations import resolve_relations

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "tests" / "screenshots"
THANH_HOA = "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd/"
CT40 = "van-ban/ban-bi-thu/2014/40-ct-tw/"


# The policy the production server should send (issue 7): only the site's
# own origin. The theme's inline scripts are moved to files by overrides/;
# its stylesheet draws icons from data: SVG images, hence img-src data:.
CSP = "default-src 'self'; img-src 'self' data:"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", CSP)
        super().end_headers()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(resolve_relations(load_corpus(ROOT)), tmp_path_factory.mktemp("browser"))
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site_url: str) -> Iterator[object]:
    playwright = importlib.import_module("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser, site_url: str, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    # axe-core is injected as an inline script, which the policy refuses:
    # the accessibility tests alone bypass it.
    bypass = request.node.get_closest_marker("inject_axe") is not None
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=bypass)
    outside: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        # The site must make no request to any other host: fail them and note.
        if route.request.url.startswith(site_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    refused: list[str] = []
    pg.on("console", lambda m: "Content Security Policy" in m.text and refused.append(f"{m.text} at {m.location}"))
    pg.on("pageerror", lambda e: refused.append(str(e)))
    yield pg
    context.close()
    assert outside == [], f"requests to other hosts: {outside}"
    assert refused == [], f"blocked by the Content-Security-Policy or failed: {refused}"


def shot(pg, name: str, full: bool = False) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    pg.wait_for_timeout(500)     # let the header's title cross-fade finish after a scroll
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


def serious_violations(pg) -> list[str]:  # type: ignore[no-untyped-def]
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_home_page(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_role("heading", name="Kho văn bản Tín dụng chính sách xã hội").first.is_visible()
    shot(page, "home", full=True)


def test_document_page_and_following_a_relation(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + THANH_HOA)
    assert "6766/KH-UBND" in page.locator("h1").first.inner_text()
    shot(page, "document-thanh-hoa")
    shot(page, "document-thanh-hoa-full", full=True)
    page.locator(".vb-relations a", has_text="40-CT/TW").first.click()
    page.wait_for_load_state()
    assert page.url.endswith(CT40)
    assert "40-CT/TW" in page.locator("h1").first.inner_text()
    shot(page, "document-40-ct-tw", full=True)


def test_clause_permalink_lands_on_the_clause(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + THANH_HOA + "#muc-III-2")
    clause = page.locator("#muc-III-2")
    clause.wait_for()
    box = clause.bounding_box()
    assert box is not None and 0 <= box["y"] < 900, box
    assert clause.locator(".vb-copy").count() == 1          # the copy button was added by permalink.js
    shot(page, "clause-permalink")


def test_print_layout(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + THANH_HOA)
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    shot(page, "document-print")


def test_dark_mode_and_diagram(page, site_url: str) -> None:  # type: ignore[no-untyped-def]
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + "van-ban/ban-bi-thu/2021/06-kl-tw/")
    svg = page.locator("svg.vb-chain")
    assert svg.count() == 1
    svg.scroll_into_view_if_needed()
    shot(page, "diagram-dark")


def test_narrow_screen(browser, site_url: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    pg.goto(site_url + THANH_HOA)
    width = pg.evaluate("document.documentElement.scrollWidth")
    shot(pg, "document-mobile", full=True)
    context.close()
    assert width <= 390, f"page scrolls sideways: {width}px"


@pytest.mark.inject_axe
@pytest.mark.parametrize("path,name", [
    ("", "home"),
    (THANH_HOA, "document"),
    ("van-ban/ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw/", "document-letter"),
    ("duyet/bao-phu/", "coverage"),
    ("duyet/chi-tieu/", "targets"),
])
def test_no_serious_accessibility_violation(page, site_url: str, path: str, name: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(site_url + path)
    if name in ("coverage", "targets"):
        shot(page, f"browse-{name}", full=True)
    found = serious_violations(page)
    assert found == [], "\n".join(found)
