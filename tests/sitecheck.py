"""Helpers for the site tests: build with MkDocs, read built HTML, check links.

Used by test_site_build.py, test_escape.py and test_browser.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from build_tools.models import Corpus

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ("van-ban", "duyet", "du-lieu")

# Debian's Chromium, driven by playwright (never `playwright install`). Without
# the background-networking flags it keeps dialling hosts this closed network refuses.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch_chromium(playwright: Any) -> Any:
    """Launch headless Chromium from a started sync_playwright(); fail loudly when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail("the browser test needs /usr/bin/chromium: apt-get install chromium (.ci/run does)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def stop_server(server: Any) -> None:
    """Close a waitress server started in a thread, its worker threads too.

    close() alone leaves the task threads waiting; later tests would then run
    in a process with stray threads (and the build would not fork its index step).
    """
    server.close()
    server.task_dispatcher.shutdown()


def copy_project(dest: Path, src: Path = ROOT) -> Path:
    """A project to build into: src's data/, docs/ (its generated folders left out),
    overrides/ and mkdocs.yml, copied to dest."""
    for name in ("data", "docs", "overrides"):
        if (src / name).exists():
            shutil.copytree(src / name, dest / name, ignore=shutil.ignore_patterns("van-ban", "duyet", "du-lieu"))
    shutil.copy(src / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def stage(tmp: Path, docs_from: Path | None = None) -> Path:
    """A copy of mkdocs.yml, overrides/ and docs/ in tmp."""
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp / "overrides")
    shutil.copytree(docs_from or ROOT / "docs", tmp / "docs")
    return tmp


def build_site(corpus: Corpus, tmp: Path) -> Path:
    """Generate pages and exports for corpus next to the hand-written docs, build strictly, return site/."""
    from build_tools import exports, pages

    docs = tmp / "docs"
    shutil.copytree(ROOT / "docs", docs,
                    ignore=lambda d, names: [n for n in names if Path(d) == ROOT / "docs" and n in GENERATED])
    pages.generate(corpus, docs)
    exports.write(corpus, docs)
    proj = tmp / "proj"
    proj.mkdir()
    stage(proj, docs)
    result = mkdocs_build(proj, tmp / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    return tmp / "site"


def mkdocs_build(config_dir: Path, site: Path) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` (never -q: with -q MkDocs exits 0 on warnings)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_dir / "mkdocs.yml"), "-d", str(site)],
        cwd=config_dir, capture_output=True, text=True, env=env, timeout=600,
    )


@dataclass
class Parsed:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, str, str]] = field(default_factory=list)      # (tag, attribute, value)
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    lang: str | None = None


class _Parser(HTMLParser):
    def __init__(self, out: Parsed):
        super().__init__(convert_charrefs=True)
        self.out = out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.out.tags.append((tag, a))
        if tag == "html":
            self.out.lang = a.get("lang")
        if a.get("id"):
            self.out.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.out.ids.add(a["name"] or "")
        for attr in ("href", "src", "xlink:href", "srcset", "poster", "action", "data"):
            if a.get(attr):
                self.out.links.append((tag, attr, a[attr] or ""))

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.out.text.append(data)


def parse(path: Path) -> Parsed:
    out = Parsed()
    _Parser(out).feed(path.read_text(encoding="utf-8"))
    return out


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def resolve(site: Path, page: Path, url: str) -> tuple[Path | None, str]:
    """The file a relative link from `page` points at, and its fragment."""
    parts = urlsplit(url)
    if parts.path.startswith("/"):
        target = site / unquote(parts.path).lstrip("/")
    elif parts.path:
        target = page.parent / unquote(parts.path)
    else:
        target = page
    target = Path(os.path.normpath(target))
    if target.is_dir():
        target = target / "index.html"
    return (target if target.exists() else None), unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that leads nowhere, and every #anchor missing on its page."""
    problems: list[str] = []
    cache: dict[Path, Parsed] = {}

    def parsed(path: Path) -> Parsed:
        if path not in cache:
            cache[path] = parse(path)
        return cache[path]

    for page in html_files(site):
        for tag, attr, url in parsed(page).links:
            if attr == "srcset" or url.startswith(("http://", "https://", "mailto:", "tel:")):
                continue
            if tag == "link" and "search" in url:
                continue
            target, fragment = resolve(site, page, url)
            rel = page.relative_to(site)
            if target is None:
                problems.append(f"{rel}: {tag}[{attr}]={url}: no such file")
            elif fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                problems.append(f"{rel}: {url}: no anchor #{fragment}")
    return problems


def external_resources(site: Path) -> list[str]:
    """Scripts, stylesheets, fonts, images or frames loaded from another host."""
    found = []
    for page in html_files(site):
        for tag, a in parse(page).tags:
            urls = []
            if tag in ("script", "img", "iframe", "audio", "video", "source", "embed", "image"):
                urls += [a.get("src") or "", a.get("href") or "", a.get("xlink:href") or ""]
            if tag == "link" and (a.get("rel") or "") not in ("alternate", "canonical"):
                urls.append(a.get("href") or "")
            for url in urls:
                if url.startswith(("http:", "https:", "//")):
                    found.append(f"{page.relative_to(site)}: <{tag}> {url}")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if "url(http" in text or "url(//" in text or "@import url(http" in text:
            found.append(f"{css.relative_to(site)}: remote url() in stylesheet")
    return found
