"""MkDocs hook: the same site, built with less work at archive scale.

Referenced from mkdocs.yml. It lives in overrides/ because that folder travels
with mkdocs.yml wherever a site is built (benchmark and test copies); MkDocs
never copies a .py file of the theme into the site. It imports nothing from
build_tools, so a plain `mkdocs build` of a copy works too.

cProfile of the MkDocs step at 1,000 documents showed three costs that do
nothing for readers, removed here:

1. Material's search plugin parses the HTML of every page into heading
   sections (a third of the step), then client_search.postprocess throws
   every section away. Document pages (van-ban/) are left out of the plugin;
   postprocess writes their one entry each from the corpus. Every other page
   is handed to the plugin only up to where its first section ends, which
   is all of it that postprocess keeps (a browse page lists every document:
   1.5 MB of HTML at 5,000 documents, of which the plugin needs a paragraph).
2. MkDocs parses each page's Markdown source a second time with an HTML
   parser only to collect the ids of raw HTML elements, for anchor
   validation. Document pages are mostly raw HTML, so that parse is a fifth
   of the step. The hook skips it and collects the same ids from the rendered
   page with a regular expression, so strict mode still fails on a link to
   a missing anchor.
3. Markdown's own raw-HTML parser calls back into Python for every tag of
   every raw HTML block: half of what is left. RawBlockStash stashes the
   plain top-level blocks of a page first, byte for byte as that parser
   would, and leaves anything less plain to it.

Without this hook the built site is the same, only slower to build.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from mkdocs.plugins import event_priority
from mkdocs.structure import pages as mkdocs_pages

# Generated document pages: one search entry each, written from the corpus.
SEARCH_FROM_CORPUS = "van-ban/"

_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A start tag with its attributes; quoted values may contain '>'.
_START_TAG = re.compile(
    r"""<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*/?>""")
_ANCHOR_ATTR = re.compile(r"""\s(id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.I)

_RawHTMLScan: Any = getattr(mkdocs_pages, "_RawHTMLPreprocessor", None)
if getattr(_RawHTMLScan, "skips_scan", False):     # loaded again while another build runs
    _RawHTMLScan = _RawHTMLScan.__mro__[1]


def anchor_ids(page_html: str) -> set[str]:
    """Ids a link can point to in rendered HTML, as MkDocs counts them: id=, and name= on <a>."""
    ids: set[str] = set()
    for tag in _START_TAG.finditer(_COMMENT.sub("", page_html)):
        for attr in _ANCHOR_ATTR.finditer(tag.group(2)):
            if attr.group(1).lower() == "id" or tag.group(1).lower() == "a":
                ids.add(html.unescape(next(v for v in attr.groups()[1:] if v is not None)))
    return ids


if _RawHTMLScan is not None:
    class _NoRawHTMLScan(_RawHTMLScan):  # type: ignore[misc,valid-type]
        """MkDocs 1.6's raw-HTML id scan, skipped: on_page_content collects the ids."""

        skips_scan = True

        def run(self, lines: list[str]) -> list[str]:
            return lines


# A line that opens with a tag; HTMLExtractor starts a raw block there when the tag is block-level.
_LINE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(?=[\s>])")
# After its closing tag, a block HTMLExtractor ends cleanly: a blank line (its blank_line_re).
_BLANK_LINE = re.compile(r"([ ]*\n){2}")
# What makes HTMLExtractor do more than copy a block's text: comments, declarations,
# processing instructions, script or style content, a character reference it would
# rewrite, and '<' or '>' inside a quoted attribute value (a tag there is no tag).
_NOT_PLAIN = re.compile(r"""<[!?]|</>|<(?:script|style)\b|&#(?![0-9]+;|[xX][0-9a-fA-F]+;)"""
                        r"""|=\s*"[^"]*[<>]|=\s*'[^']*[<>]""", re.I)


class RawBlockStash(Preprocessor):
    """Stash plain top-level raw HTML blocks as Markdown's html_block would, only faster.

    A block starts a line with a block-level tag, ends with the balanced
    closing tag followed by a blank line, and holds nothing _NOT_PLAIN.
    HTMLExtractor stashes such a block verbatim, plus a newline, and leaves
    '\n', the placeholder and '\n\n' in the text; this does the same. At the
    first '<' it is not sure about, it stops and leaves the rest of the page
    to html_block, which runs next and sees the placeholders as plain text.
    """

    def run(self, lines: list[str]) -> list[str]:
        source = "\n".join(lines)
        out: list[str] = []
        pos = 0
        for start, end in self.plain_blocks(source):
            # HTMLExtractor keeps the newline of the blank line after a block; a block
            # that ends the page has none to keep
            kept = "\n" if _BLANK_LINE.match(source, end) else ""
            out += [source[pos:start], "\n", self.md.htmlStash.store(source[start:end] + kept), "\n\n"]
            pos = end
        out.append(source[pos:])
        return "".join(out).split("\n")

    def plain_blocks(self, source: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each leading plain block, in order.

        A line of text with balanced inline tags in it ("## Kế hoạch
        <span>(540)</span>") is stepped over: html_block copies such a line
        as it is and is in the same state after it as before.
        """
        pos = 0
        while (start := source.find("<", pos)) != -1:
            if start == 0 or source[start - 1] == "\n":
                end = self._block_end(source, start)
                if end is None:
                    return
                yield start, end
                pos = end
            else:
                line_end = _inline_line_end(source, start)
                if line_end is None:
                    return
                pos = line_end

    def _block_end(self, source: str, start: int) -> int | None:
        opening = _LINE_TAG.match(source, start)
        if not opening:
            return None
        tag = opening.group(1).lower()
        if not self.md.is_block_level(tag) or tag in ("hr", "script", "style"):
            return None
        depth = 0
        for token in re.compile(rf"<(/?){tag}(?=[\s/>])[^>]*>", re.I).finditer(source, start):
            if token.group(1):
                if not re.fullmatch(rf"</{tag}\s*>", token.group(0), re.I):
                    return None
                depth -= 1
            elif token.group(0).endswith("/>"):
                return None
            else:
                depth += 1
            if depth == 0:
                end = token.end()
                plain = not _NOT_PLAIN.search(source, start, end)
                ends_page = source[end:] in ("", "\n")
                return end if plain and (_BLANK_LINE.match(source, end) or ends_page) else None
        return None


# A whole tag on one line, its name, and whether it closes.
_ONE_LINE_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:\s[^<>\n]*)?>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr"})


def _inline_line_end(source: str, start: int) -> int | None:
    """The end of the line holding source[start] ('<') when HTMLExtractor passes that line
    through as text and leaves its state as it was; None when not sure.

    Sure means: text before the first '<' on the line (so no tag is at the
    line's start, even after up to three spaces), every '<' of the rest a
    whole tag on the line, nothing _NOT_PLAIN, and every tag that opens
    closed again on the line (an open inline tag changes how a later
    comment is read).
    """
    line_start = source.rfind("\n", 0, start) + 1
    if not source[line_start:start].strip():
        return None
    line_end = source.find("\n", start)
    line_end = len(source) if line_end == -1 else line_end
    rest = source[start:line_end]
    if _NOT_PLAIN.search(rest):
        return None
    tags = list(_ONE_LINE_TAG.finditer(rest))
    if len(tags) != rest.count("<") or rest.count(">") != len(tags):
        return None
    open_tags: list[str] = []
    for tag in tags:
        closing, name = tag.group(1), tag.group(2).lower()
        if name in _VOID or tag.group(0).endswith("/>"):
            if closing:
                return None
            continue
        if not closing:
            open_tags.append(name)
        elif not open_tags or open_tags.pop() != name:
            return None
    return line_end if not open_tags else None


class _RawBlockStashExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After fenced_code (25), which stashes code first; before html_block (20).
        md.preprocessors.register(RawBlockStash(md), "lean_raw_block_stash", 22)


def on_config(config: Any) -> None:
    config.markdown_extensions.append(_RawBlockStashExtension())
    # Swapped for this build only; on_post_build and on_build_error put it back.
    if _RawHTMLScan is not None:
        mkdocs_pages._RawHTMLPreprocessor = _NoRawHTMLScan  # type: ignore[misc]


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> None:
    if page.file.src_uri.startswith(SEARCH_FROM_CORPUS):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}


# A heading that starts a section for the theme's search plugin: one with an id.
_SECTION_HEADING = re.compile(r"<h[1-6](?=[\s>])[^>]*\sid=")
_PREFACE = re.compile(r"<|\S")


# Of a page's first section, the search entry keeps 200 characters of text
# (build_tools/client_search.py TEXT_CHARS); at least this many characters of
# the section's HTML text are handed on, enough even if every one were part of
# a character reference ("&#x1EA1;" is eight for one).
FIRST_SECTION_TEXT = 4000
_TEXT_RUN = re.compile(r"(?:^|>)([^<]*)")
_SKIPPED_BY_SEARCH = re.compile(r"<(?:script|style|object)\b|data-search-exclude", re.I)


def first_section(page_html: str) -> str:
    """The part of a page the search plugin makes its page-level entry from.

    The plugin starts a section at every heading with an id; the first
    section is the text before the first such heading when there is any
    (a preface), else the first heading and what follows it up to the next.
    A long first section (a browse page's table of every document) is cut
    at a tag once FIRST_SECTION_TEXT characters of its text have passed.
    """
    first = _SECTION_HEADING.search(page_html)
    if first is None:
        section = page_html
    elif _PREFACE.search(page_html, 0, first.start()):
        section = page_html[:first.start()]
    else:
        second = _SECTION_HEADING.search(page_html, first.end())
        section = page_html if second is None else page_html[:second.start()]
    if len(section) <= 2 * FIRST_SECTION_TEXT or _SKIPPED_BY_SEARCH.search(section):
        return section
    seen = 0
    for run in _TEXT_RUN.finditer(section):
        seen += len(run.group(1))
        if seen >= FIRST_SECTION_TEXT:
            cut = section.find("<", run.end())
            return section if cut == -1 else section[:cut]
    return section


class _FirstSection:
    """A page as the search plugin sees it, its content cut to its first section."""

    def __init__(self, page: Any):
        self._page, self.content = page, first_section(page.content or "")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


@event_priority(50)                 # before the theme's search plugin (priority 0)
def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> None:
    search = page.meta.get("search") or {}
    plugin = config.plugins.get("material/search")
    if search.get("exclude") or plugin is None or not hasattr(plugin, "search_index"):
        return
    plugin.search_index.add_entry_from_context(_FirstSection(page))
    page.meta["search"] = {**search, "exclude": True}     # indexed: the plugin passes it by


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> None:
    page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(html_text)


def _restore() -> None:
    if _RawHTMLScan is not None:
        mkdocs_pages._RawHTMLPreprocessor = _RawHTMLScan  # type: ignore[misc]


def on_post_build(config: Any) -> None:
    _restore()


def on_build_error(error: Exception) -> None:
    _restore()
