"""The mkdocs.yml hook (overrides/hooks/lean_build.py) saves work, never changes the site.

Its Markdown shortcut must give the HTML Markdown itself gives, its anchor
scan the ids MkDocs itself finds, and a strict build with it must still fail
on a link to a missing anchor.
"""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from types import ModuleType, SimpleNamespace

import markdown
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.structure import pages as mkdocs_pages

ROOT = Path(__file__).resolve().parents[1]
HOOK = ROOT / "overrides" / "hooks" / "lean_build.py"
GOLDEN_PAGES = sorted((ROOT / "tests" / "golden" / "pages").rglob("*.md"))
# mkdocs.yml's extensions, plus the two MkDocs always adds (fenced_code stashes code first).
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "abbr", "admonition", "def_list"]


def load_hook() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lean_build_under_test", HOOK)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lean = load_hook()


def body(page: Path) -> str:
    """A generated page without its front matter, as MkDocs hands it to Markdown."""
    text = page.read_text(encoding="utf-8")
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


def convert(text: str, stash: bool) -> str:
    extensions: list[object] = list(EXTENSIONS)
    if stash:
        extensions.append(lean._RawBlockStashExtension())
    return markdown.Markdown(extensions=extensions, extension_configs={"toc": {"permalink": "¶"}}).convert(text)


@pytest.mark.parametrize("text", [
    '<div class="a">\n<p>x</p>\n</div>\n\nAfter *it*.\n',                   # the plain case
    'Para\n<div>\n<div>in</div>\n</div>\n\ntext\n',                          # no blank line before
    '<div>x</div> tail\n\nnext\n',                                           # text after the closing tag
    '<div>x</div>\nnext line\n',                                             # no blank line after
    '<div><!-- note --></div>\n\nx\n',                                       # a comment inside
    '<div title="a > b"><div>x</div></div>\n\ny\n',                          # '>' inside an attribute value
    '<div><script>var a = "</div>";</script></div>\n\ny\n',                   # a closing tag in a script
    '<DIV>upper</div>\n\ny\n',                                               # case of the tag name
    '<section><div>unclosed</section>\n\ny\n',                               # an inner tag left open
    '<div>&#95 &#95; &amp; &copy</div>\n\ny\n',                              # character references
    '<hr>\n\n<div>after a rule</div>\n\ny\n',                                # an empty block tag
    '<span>inline</span> first\n\n<div>x</div>\n\ny\n',                      # inline HTML before a block
    '```\n<div>\n```\n\n<div>x</div>\n\ny\n',                                # HTML inside a fence
    '    <div>indented</div>\n\n<div>x</div>\n\n',                           # an indented code block
    '<div>\n\n*md*\n\n</div>\n\ny\n',                                        # blank lines inside a block
    '<div>never closed\n\ny\n',                                              # no closing tag at all
    '<script type="application/ld+json">\n{"a": 1}\n</script>\n',            # a script block
    'a < b and <div>not at line start</div>\n\n<div>x</div>\n\n',            # '<' as text
    '## H <span class="n">(5)</span> {#h}\n\n<div><table><tr><td>x</td></tr></table></div>\n\ny\n',  # a heading's span
    'T <b>1</b> and <i>2</i>\n<div>x</div>\n\ny\n',                           # two inline tags, a block after
    'T <span>open\n\n<div>x</div>\n\ny\n',                                   # an inline tag left open
    'T <span>a</span> <!-- c -->\n\n<div>x</div>\n\n',                        # a comment on the line
    '  <div>two spaces in</div>\n\n<div>x</div>\n\n',                         # a tag after up to three spaces
    'T <a\nhref="x">split</a>\n\n<div>x</div>\n\n',                           # a tag across lines
    'T <br> and <img src="x">\n\n<div>x</div>\n\n',                           # empty tags
    'T </span> closes nothing\n\n<div>x</div>\n\n',                           # a stray closing tag
    'x\n\n<div>the last block</div>\n',                                        # a block that ends the page
    'x\n\n<div>the last block</div>',                                          # ... without a newline
    'x\n\n<div>the last block</div> \n',                                       # ... then a space
])
def test_stash_gives_the_html_markdown_gives(text: str) -> None:
    assert convert(text, stash=True) == convert(text, stash=False)


@pytest.mark.parametrize("page", GOLDEN_PAGES, ids=lambda p: str(p.relative_to(ROOT / "tests" / "golden" / "pages")))
def test_generated_pages_render_the_same_with_the_stash(page: Path) -> None:
    text = body(page)
    assert convert(text, stash=True) == convert(text, stash=False)


def test_the_stash_takes_most_of_a_document_page() -> None:
    # Otherwise the test above passes because the shortcut never runs.
    text = body(ROOT / "tests" / "golden" / "pages" / "van-ban" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd.md")
    blocks = list(lean.RawBlockStash(markdown.Markdown()).plain_blocks(text))
    assert len(blocks) >= 5
    assert sum(end - start for start, end in blocks) > 0.8 * len(text)


def test_the_stash_takes_most_of_a_browse_page() -> None:
    # Its headings carry inline HTML (a count in a span) before every table.
    text = body(ROOT / "tests" / "golden" / "pages" / "duyet" / "loai-van-ban.md")
    blocks = list(lean.RawBlockStash(markdown.Markdown()).plain_blocks(text))
    assert len(blocks) >= 5
    assert sum(end - start for start, end in blocks) > 0.8 * len(text)


def mkdocs_ids(html: str) -> set[str]:
    handler = mkdocs_pages._HTMLHandler()
    handler.feed(html)
    handler.close()
    return handler.present_anchor_ids


@pytest.mark.parametrize("html", [
    '<h2 id="muc-I">I</h2><p id=bare>x</p><div id=\'single\'></div>',         # the three quotings
    '<a name="old-style">x</a><span name="not-an-anchor"></span>',            # name counts on <a> only
    '<p title="a > b" id="after-gt">x</p>',                                   # '>' in a quoted value
    '<p id="x&amp;y">x</p><p data-id="no">y</p>',                             # entities; data-id is not id
    '<!-- <p id="commented"></p> --><p ID="upper">z</p>',                     # comments; attribute case
])
def test_anchor_ids_are_the_ids_mkdocs_finds(html: str) -> None:
    assert lean.anchor_ids(html) == mkdocs_ids(html)


@pytest.mark.parametrize("page", GOLDEN_PAGES[:8], ids=lambda p: p.name)
def test_anchor_ids_of_rendered_pages(page: Path) -> None:
    html = convert(body(page), stash=False)
    assert lean.anchor_ids(html) == mkdocs_ids(html)


@pytest.mark.parametrize(("src_uri", "excluded"), [
    ("van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd.md", True),    # entry written from the corpus
    ("duyet/nam.md", False),                                         # the theme indexes the rest
    ("index.md", False),
])
def test_only_document_pages_leave_the_theme_index(src_uri: str, excluded: bool) -> None:
    page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), meta={"search": {"boost": 2}})
    lean.on_page_markdown("", page, None, None)
    assert bool(page.meta["search"].get("exclude")) is excluded
    assert page.meta["search"]["boost"] == 2


HAND_WRITTEN = sorted(p for p in (ROOT / "docs").rglob("*.md")
                      if p.relative_to(ROOT / "docs").parts[0] not in ("van-ban", "duyet", "du-lieu"))
FIRST_SECTION_PAGES = [p for p in GOLDEN_PAGES if "/duyet/" in p.as_posix() and "_includes" not in p.parts]
FIRST_SECTION_PAGES += HAND_WRITTEN


def page_entries(html: str) -> list[dict[str, str]]:
    from material.plugins.search.plugin import SearchIndex
    index = SearchIndex(lang=["vi"], separator="", pipeline=[], fields={})
    page = SimpleNamespace(meta={}, content=html, toc=[], url="trang/", title="Trang")
    index.add_entry_from_context(page)
    return index.entries


def kept_entries(html: str) -> list[dict[str, str]]:
    """The page's entry as client_search keeps it: title and the start of its text."""
    from build_tools.client_search import _page_entries
    from build_tools.models import Corpus, Vocabulary
    corpus = Corpus(root=ROOT, documents={}, organizations={}, provinces={},
                    vocabulary=Vocabulary(doc_types={}, relation_types={}, abbreviations=()))
    return list(_page_entries(page_entries(html), corpus).values())


@pytest.mark.parametrize("page", FIRST_SECTION_PAGES, ids=lambda p: p.name)
def test_the_first_section_gives_the_page_entry_the_whole_page_gives(page: Path) -> None:
    html = convert(body(page), stash=True)
    assert kept_entries(html) and kept_entries(lean.first_section(html)) == kept_entries(html)


def test_a_long_first_section_is_cut_after_enough_text() -> None:
    rows = "".join(f"<tr><td><a href='../x{n}/'>Kế hoạch {n}/KH-UBND</a></td><td>&amp; ngày {n}</td></tr>"
                   for n in range(3000))
    html = f"<h1 id='t'>Theo năm</h1>\n<p>Mở đầu.</p>\n<table>{rows}</table>\n<h2 id='b'>B</h2><p>y</p>"
    cut = lean.first_section(html)
    assert len(cut) < len(html) // 10
    assert kept_entries(cut) == kept_entries(html)


def test_enough_text_is_kept_for_the_client_search_entry() -> None:
    from build_tools.client_search import TEXT_CHARS
    assert TEXT_CHARS * len("&#x1EA1;") <= lean.FIRST_SECTION_TEXT


@pytest.mark.parametrize("html", [
    "<p>preface</p><h1 id='a'>A</h1><p>x</p>",            # text before the first heading
    "<h1 id='a'>A</h1><p>x</p><h2 id='b'>B</h2><p>y</p>",  # the usual page
    "<h2 id='b'>B</h2><p>y</p><h3 id='c'>C</h3>",          # no h1
    "<h1>no id</h1><p>x</p><h2 id='b'>B</h2><p>y</p>",     # a heading without an id starts nothing
    "<p>no heading at all</p>",
])
def test_first_section_cases(html: str) -> None:
    whole = [e for e in page_entries(html) if "#" not in e["location"]]
    assert page_entries(lean.first_section(html))[:len(whole)] == whole


def site_root(tmp_path: Path, link: str) -> Path:
    docs = tmp_path / "docs"
    (docs / "van-ban" / "a").mkdir(parents=True)
    (docs / "index.md").write_text(f"# Trang chủ\n\n[khoản]({link})\n", encoding="utf-8")
    (docs / "van-ban" / "a" / "index.md").write_text(
        '# A\n\n<div class="vb-text">\n<section id="muc-I"><p>I</p></section>\n</div>\n\nCuối.\n',
        encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: Thử\nhooks:\n  - {HOOK}\nvalidation:\n  anchors: warn\nnot_in_nav: /van-ban/**\n",
        encoding="utf-8")
    return tmp_path


def strict_build(root: Path) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), strict=True, site_dir=str(root / "site"))
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    mkdocs_build(config)


def test_strict_build_accepts_an_anchor_of_raw_html(tmp_path: Path) -> None:
    strict_build(site_root(tmp_path, "van-ban/a/index.md#muc-I"))
    assert (tmp_path / "site" / "van-ban" / "a" / "index.html").is_file()
    assert mkdocs_pages._RawHTMLPreprocessor is lean._RawHTMLScan      # put back after the build


def test_strict_build_still_fails_on_a_missing_anchor(tmp_path: Path) -> None:
    with pytest.raises(Abort):
        strict_build(site_root(tmp_path, "van-ban/a/index.md#muc-IX"))
    assert mkdocs_pages._RawHTMLPreprocessor is lean._RawHTMLScan
