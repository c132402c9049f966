"""JSON text exactly as `json.dumps(value, ensure_ascii=False, indent=1)` writes it, faster.

With `indent` the standard library falls back to its pure-Python generator
encoder; building one list of pieces recursively, strings escaped by the C
encoder, is several times cheaper. At 5,000 documents the per-record export
files and each page's JSON-LD block are ~10,000 such texts per build.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_string = json.encoder.encode_basestring      # the C encoder of one string, ensure_ascii=False

# A string key with its colon, per colon: records repeat a few dozen keys many times.
# (Only strings: 1, 1.0 and True are one dict key but three JSON keys.)
_HEADS: dict[str, dict[str, str]] = {}
_HEADS_KEPT = 4096                            # bounded: keys come from records


def indented(value: Any, *, sort_keys: bool = False, colon: str = ": ",
             default: Callable[[Any], Any] | None = None) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1, sort_keys=sort_keys, default=default).

    colon: what follows each key (": " as json.dumps; exports writes a marker
    in place of the space to derive the compact form from the same text).
    """
    out: list[str] = []
    _walk(value, "\n", out, _HEADS.setdefault(colon, {}), colon, sort_keys, default)
    return "".join(out)


def _walk(value: Any, pad: str, out: list[str], heads: dict[str, str], colon: str, sort_keys: bool,
          default: Callable[[Any], Any] | None) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + " "
        sep = "{" + inner
        for key in sorted(value) if sort_keys else value:
            item = value[key]
            head = sep + (heads.get(key) or _head(key, heads, colon))
            if type(item) is str:       # most values: no call, one piece
                out.append(head + _string(item))
            elif item is None:
                out.append(head + "null")
            else:
                out.append(head)
                _walk(item, inner, out, heads, colon, sort_keys, default)
            sep = "," + inner
        out.append(pad + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        inner = pad + " "
        if all(type(item) is str for item in value):
            out.append("[" + inner + ("," + inner).join(map(_string, value)) + pad + "]")
            return
        sep = "[" + inner
        for item in value:
            out.append(sep)
            _walk(item, inner, out, heads, colon, sort_keys, default)
            sep = "," + inner
        out.append(pad + "]")
    elif isinstance(value, str):
        out.append(_string(value))
    elif value is None:
        out.append("null")
    else:
        out.append(json.dumps(value, ensure_ascii=False, default=default))


def _head(key: Any, heads: dict[str, str], colon: str) -> str:
    """A key as JSON writes it (always a string: "1", "true", "null"), then the colon."""
    if type(key) is not str:
        return _string(key if isinstance(key, str) else json.dumps(key)) + colon
    head = _string(key) + colon
    if len(heads) < _HEADS_KEPT:
        heads[key] = head
    return head
