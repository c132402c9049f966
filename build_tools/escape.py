"""The one place where text from a record becomes Markdown or HTML.

Records come from strangers by pull request, so every string read from one
is treated as plain text. Generated pages put record text only inside raw
HTML blocks, which Python-Markdown stashes untouched; these helpers make
sure such text can carry no markup of any kind:

* HTML: `<`, `>`, `&`, both quotes are entities, so no tag, attribute or
  event handler can start (`<script>`, `<img onerror=…>`, `"` breaking out
  of an attribute value).
* Markdown and its extensions: the characters that start inline syntax
  (backticks, `[`, `]`, `*`, `_`, `!`, `|`, `\\`) are entities too, in case a
  string ever lands outside a raw HTML block (a heading, a table cell), so
  `[x](javascript:…)`, `![](data:…)` and `<javascript:…>` autolinks stay
  text. Snippet markers (`--8<--`) cannot form because `<` is escaped.
* Template syntax: `{` and `}` are entities, so `{{ }}` / `{% %}` never reach
  a template engine as syntax (MkDocs does not run Jinja on pages today; a
  macros plugin tomorrow would).
* Line structure: newlines become `<br>`, so a record can neither end the
  raw HTML block with a blank line nor start a heading, list, table or code
  block of its own.

Links from records are emitted only for http(s) addresses (`safe_url`).
JSON-LD goes through `json_for_script`, which escapes `<`, `>` and `&` so a
string cannot close the script element.
"""

from __future__ import annotations

import html as _html
import json
import re
from typing import Any
from urllib.parse import urlsplit

from .jsontext import indented

# Every character that is markup somewhere downstream, with its entity.
# Quotes and angle brackets are HTML; the rest start Markdown inline syntax
# or template syntax. Numeric entities render as the character itself.
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "`": "&#96;",
    "[": "&#91;",
    "]": "&#93;",
    "*": "&#42;",
    "_": "&#95;",
    "!": "&#33;",
    "|": "&#124;",
    "\\": "&#92;",
    "{": "&#123;",
    "}": "&#125;",
    "~": "&#126;",
    "^": "&#94;",
    "=": "&#61;",
}
# Control characters have no business on a page; the validator reports them,
# and here they are dropped so a stray one cannot confuse a browser. A
# newline becomes <br>: record text never ends a raw HTML block or starts a
# Markdown block on a line of its own. One translate table does it all in C
# (pages for thousands of documents pass hundreds of thousands of strings).
_CONTROL_CHARS = [c for c in range(32) if c not in (9, 10, 13)] + [0x7F]
_TABLE = str.maketrans({**_ENTITIES, "\n": "<br>", "\r": None, **{chr(c): None for c in _CONTROL_CHARS}})
# Most record text has none of those characters; one regex scan is cheaper
# than translate() over Vietnamese text (profiled: a third of page rendering).
_NEEDS_TABLE = re.compile("[" + re.escape("".join(chr(c) for c in _TABLE)) + "]")

# A line that begins with one of these starts a Markdown block (heading,
# list, quote, setext underline); the first character is made an entity so
# escaped text is inert even at the start of a Markdown line.
_BLOCK_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")
_BLOCK_ENTITY = {"#": "&#35;", "+": "&#43;", "-": "&#45;", "=": "&#61;", ">": "&gt;"}

# Python-Markdown's raw HTML handling and browsers cope with long lines, but
# a 100,000-character line in an attribute (a title tooltip) helps nobody.
ATTRIBUTE_LIMIT = 500


def html(text: Any) -> str:
    """Record text as inert HTML character data (also safe in Markdown)."""
    if text is None:
        return ""
    value = str(text)
    if _NEEDS_TABLE.search(value):
        value = value.translate(_TABLE)
    if _BLOCK_START.match(value):
        value = _BLOCK_START.sub(_neutral_start, value, count=1)
    return value


def _neutral_start(match: re.Match[str]) -> str:
    lead, mark = match.group(1), match.group(2)
    if mark.isdigit():                      # "1." / "1)": an ordered list; escape the digit run's last digit
        return lead + mark[:-1] + f"&#{ord(mark[-1])};"
    return lead + _BLOCK_ENTITY[mark]


def attr(text: Any, limit: int = ATTRIBUTE_LIMIT) -> str:
    """Record text as a double-quoted attribute value (title, aria-label)."""
    value = "" if text is None else " ".join(str(text).split())
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return html(value)


def safe_url(url: Any) -> str | None:
    """An http(s) address from a record, escaped for an href; None otherwise.

    `javascript:`, `data:`, `vbscript:`, protocol-relative and relative
    addresses are refused: a record may point only at the open web.
    """
    if not isinstance(url, str):
        return None
    value = url.strip()
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Inside a double-quoted href only & < > " ' matter; = and [ stay readable.
    return _html.escape(value, quote=True).replace("{", "%7B").replace("}", "%7D").replace("`", "%60")


def json_for_script(data: Any) -> str:
    """JSON for a `<script type="application/ld+json">` block.

    `</script>` inside a string would end the element; escaping `<`, `>` and
    `&` as \\u003c, \\u003e, \\u0026 keeps the JSON equal and the HTML inert.
    """
    return indented(data, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def front_matter_string(text: Any) -> str:
    """A YAML double-quoted scalar holding escaped text (for `title:`).

    The theme prints `page.meta.title` without escaping, so the value is
    HTML-escaped first; JSON string syntax is valid YAML double-quoted
    syntax, which keeps `:` `#` and quotes from meaning anything to YAML.
    """
    return json.dumps(attr(text, limit=300), ensure_ascii=False)
