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
   postprocess writes their one entry each from the corpus.
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
            out += [source[pos:start], "\n", self.md.htmlStash.store(source[start:end] + "\n"), "\n\n"]
            pos = end
        out.append(source[pos:])
        return "".join(out).split("\n")

    def plain_blocks(self, source: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each leading plain block, in order."""
        pos = 0
        while (start := source.find("<", pos)) != -1:
            end = self._block_end(source, start) if start == 0 or source[start - 1] == "\n" else None
            if end is None:
                return
            yield start, end
            pos = end

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
                return end if plain and _BLANK_LINE.match(source, end) else None
        return None


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


def on_page_content(html_text: str, page: Any, config: Any, files: Any) -> None:
    page.present_anchor_ids = (page.present_anchor_ids or set()) | anchor_ids(html_text)


def _restore() -> None:
    if _RawHTMLScan is not None:
        mkdocs_pages._RawHTMLPreprocessor = _RawHTMLScan  # type: ignore[misc]


def on_post_build(config: Any) -> None:
    _restore()


def on_build_error(error: Exception) -> None:
    _restore()
