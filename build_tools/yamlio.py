"""Safe YAML reading with line numbers.

Two readers give one result. Records as the project writes them (block
mappings and lists; plain, '…' or "…" scalars on one line; nothing else) are
read line by line by `_read_block`, which builds the values and their lines
directly, about three times faster than libyaml's scanner and node tree.
Anything it does not know for certain — flow style, multi-line or escaped
scalars, tags, anchors, comments after a value, tabs, control or zero-width
characters, a syntax error — makes it give up, and the text is read by
libyaml's composer (`yaml.CSafeLoader`), from whose node tree we construct the
values ourselves: so that every value keeps its line, unknown tags are refused
without being constructed (nothing is executed), anchors/aliases are refused
(an alias bomb cannot expand), and nesting is bounded (MAX_DEPTH). Every error
about a text comes from that second reader; the first only ever accepts what
libyaml reads to the same values and lines (tests/test_records_cache.py
compares the two on generated text).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .vietnamese import ZERO_WIDTH, invisible_characters, nfc

MAX_FILE_BYTES = 512 * 1024      # a full document is ~40 KB; 512 KB leaves room, stops abuse
MAX_DEPTH = 64                   # clauses nest I / 1 / a / - / + (about 12 levels of values); stops abuse

Key = tuple[str | int, ...]       # path to a value: ("clauses", 0, "label")

_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = {
    _STR_TAG: "str",
    "tag:yaml.org,2002:int": "int",
    "tag:yaml.org,2002:float": "float",
    "tag:yaml.org,2002:bool": "bool",
    "tag:yaml.org,2002:null": "null",
    # Dates stay the string the maintainer wrote: "2016-05-05" is a partial-date
    # string for us, and YAML would otherwise turn it into a datetime.date.
    "tag:yaml.org,2002:timestamp": "str",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"


class YamlError(Exception):
    def __init__(self, message: str, line: int | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.hint = hint


@dataclass
class Loaded:
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    had_bom: bool = False
    non_nfc_line: int | None = None   # first line whose text is not in NFC (values are normalised on load)
    # True when no string value can hold a character `vietnamese.invisible_characters`
    # names: the line reader takes only text without them (and has no escapes).
    invisible_free: bool = False

    def line(self, key: Key) -> int | None:
        """The line of the value at key, else of its nearest parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def read_bytes(path: str | Path) -> bytes:
    """A record file's bytes, refused before reading when over the size cap."""
    size = os.stat(path).st_size
    if size > MAX_FILE_BYTES:
        raise YamlError(
            f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one record",
            hint="split the document or move long annexes out; one record holds one document",
        )
    with open(path, "rb") as f:
        return f.read()


def decode(raw: bytes) -> tuple[str, bool]:
    """UTF-8 text of a record file, BOM dropped (and reported); NUL bytes refused."""
    if b"\x00" in raw:
        raise YamlError("binary file (NUL bytes), not YAML text", hint="save the record as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})",
            line=line,
            hint="re-save the file as UTF-8",
        ) from None
    bom = text.startswith("\ufeff")
    return (text[1:] if bom else text), bom


def read_text(path: Path) -> tuple[str, bool]:
    """Decode a record file: size cap, UTF-8, BOM dropped (and reported)."""
    return decode(read_bytes(path))


def load(path: Path) -> Loaded:
    return parse(*read_text(path))


def parse(text: str, had_bom: bool = False) -> Loaded:
    """Values and lines of one YAML text (BOM already dropped); YamlError when it is not a safe record."""
    non_nfc_line = _first_non_nfc_line(text)
    fast = _read_block(text)
    if fast is not None:
        return Loaded(fast[0], fast[1], had_bom, non_nfc_line, invisible_free=True)
    data, lines = read_with_libyaml(text)
    return Loaded(data, lines, had_bom, non_nfc_line)


def read_with_libyaml(text: str) -> tuple[Any, dict[Key, int]]:
    """Values and lines by libyaml's composer; every YamlError about a text comes from here."""
    _refuse_deep_nesting(text)
    try:
        node = yaml.compose(text, Loader=yaml.CSafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        raise YamlError(f"YAML syntax error: {what}", line=line,
                        hint="check indentation and quoting on that line or the one before") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"YAML error: {exc}") from None
    lines: dict[Key, int] = {}
    if node is None:
        return None, lines
    return _construct(node, (), lines, set()), lines


def _too_deep(line: int | None) -> YamlError:
    return YamlError(f"values nested more than {MAX_DEPTH} levels deep", line=line,
                     hint="a record's clauses nest a few levels; flatten the structure")


# libyaml's composer recurses in C: some 50,000 levels ("[[[[…" fits in a record)
# crash the process. Nesting that deep is refused before composing.
_COMPOSE_DEPTH = 1000
_OPENERS = "[{-?:"       # a list or mapping starts at one of these


def _refuse_deep_nesting(text: str) -> None:
    if sum(text.count(c) for c in _OPENERS) <= _COMPOSE_DEPTH:
        return                      # too few openers to nest that deep
    parser = yaml.CSafeLoader(text)
    # Per open list or mapping: None for a list, else whether the mapping's next node is a key.
    open_blocks: list[bool | None] = []
    first_too_deep: int | None = None   # the line _construct would name: of the first value that deep
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.NodeEvent):
                line = event.start_mark.line + 1 if event.start_mark else None
                is_key = bool(open_blocks) and bool(open_blocks[-1])
                if open_blocks and open_blocks[-1] is not None:
                    open_blocks[-1] = not is_key
                if not is_key and len(open_blocks) > MAX_DEPTH and first_too_deep is None:
                    first_too_deep = line
                if isinstance(event, yaml.CollectionStartEvent):
                    open_blocks.append(True if isinstance(event, yaml.MappingStartEvent) else None)
                    if len(open_blocks) > _COMPOSE_DEPTH:
                        raise _too_deep(first_too_deep or line)
            elif isinstance(event, yaml.CollectionEndEvent):
                open_blocks.pop()
    except yaml.YAMLError:
        return                      # compose reports it
    finally:
        parser.dispose()


def _construct(node: yaml.Node, key: Key, lines: dict[Key, int], seen: set[int]) -> Any:
    lines[key] = node.start_mark.line + 1
    if len(key) > MAX_DEPTH:        # every later stage walks the tree recursively
        raise _too_deep(node.start_mark.line + 1)
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        if id(node) in seen:
            raise YamlError("anchors and aliases (&name / *name) are not allowed in records",
                            line=node.start_mark.line + 1, hint="write the value out in full")
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        _check_tag(node, _MAP_TAG)
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a mapping key must be a plain name", line=key_node.start_mark.line + 1)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError("merge keys (<<) are not allowed in records",
                                line=key_node.start_mark.line + 1, hint="write the fields out in full")
            name = nfc(str(key_node.value))
            if name in out:
                raise YamlError(f"key '{name}' appears twice", line=key_node.start_mark.line + 1,
                                hint="keep one of them")
            out[name] = _construct(value_node, key + (name,), lines, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        _check_tag(node, _SEQ_TAG)
        return [_construct(item, key + (i,), lines, seen) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    kind = _PLAIN_TAGS.get(node.tag)
    if kind is None:
        raise YamlError(f"tag {node.tag} is not allowed; records hold plain text, numbers and lists",
                        line=node.start_mark.line + 1, hint="remove the tag")
    if kind == "str":
        return nfc(node.value)
    return _SCALARS[kind](node)


def _first_non_nfc_line(text: str) -> int | None:
    if unicodedata.is_normalized("NFC", text):
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if not unicodedata.is_normalized("NFC", line):
            return number
    return None


_SAFE = yaml.constructor.SafeConstructor()
_SCALARS = {
    "int": _SAFE.construct_yaml_int,
    "float": _SAFE.construct_yaml_float,
    "bool": _SAFE.construct_yaml_bool,
    "null": _SAFE.construct_yaml_null,
}


def _check_tag(node: yaml.Node, expected: str) -> None:
    if node.tag != expected:
        raise YamlError(f"tag {node.tag} is not allowed; records hold plain text, numbers and lists",
                        line=node.start_mark.line + 1, hint="remove the tag")


# --- the line reader -------------------------------------------------------------------
#
# It reads block mappings and block sequences whose every scalar sits on its own
# line, and builds exactly what the composer and `_construct` above build from
# the same text. It returns None (read it with libyaml) as soon as anything is
# outside that form.


def _printable_class() -> str:
    """The characters the line reader takes: what YAML calls printable, less
    every line break but LF (CR LF is turned into LF first), the BOM, and every
    character `invisible_characters` reports (so that none can reach a value)."""
    ranges = [(0x0A, 0x0A), (0x20, 0x7E), (0xA0, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF)]
    refused = {0x85, 0x2028, 0x2029, 0xFEFF} | {ord(c) for c in ZERO_WIDTH}
    refused |= {c for c in range(0x100) if invisible_characters(chr(c))}
    out = []
    for low, high in ranges:
        start = low
        for c in sorted(r for r in refused if low <= r <= high) + [high + 1]:
            if start <= c - 1:
                out.append(f"{re.escape(chr(start))}-{re.escape(chr(c - 1))}" if start < c - 1
                           else re.escape(chr(start)))
            start = c + 1
    return "".join(out)


_UNREADABLE = re.compile(f"[^{_printable_class()}]")
# One content line: indent, "- " of a list item, "name:" of a mapping entry, and
# the rest. A name is a plain word (the schema's field names); "name:value"
# without a space is not an entry (YAML reads it as one plain scalar).
_LINE = re.compile(r"( *)(- +)?(?:([A-Za-z_][A-Za-z0-9_]{0,99}):(?: +|$))?(.*)")
_SINGLE_QUOTED = re.compile(r"'([^']*(?:''[^']*)*)' *")
_DOUBLE_QUOTED = re.compile(r'"([^"\\]*)" *')       # no escapes: a backslash goes to libyaml
# A plain scalar may not start with these; the reader leaves all of them to libyaml.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


class _GiveUp(Exception):
    """The text is outside what the line reader knows: read it with libyaml."""


def _scalar(raw: str) -> Any:
    """The value of a one-line scalar as the composer would tag it and `_construct` build it."""
    first = raw[0]
    if first == "'":
        m = _SINGLE_QUOTED.fullmatch(raw)
        if m is None:
            raise _GiveUp
        return nfc(m.group(1).replace("''", "'"))
    if first == '"':
        m = _DOUBLE_QUOTED.fullmatch(raw)
        if m is None:
            raise _GiveUp
        return nfc(m.group(1))
    if first in _INDICATORS:
        raise _GiveUp
    value = raw.rstrip(" ")
    # ": " would start a mapping, " #" a comment; a plain scalar may not hold either.
    if ": " in value or value[-1] == ":" or " #" in value:
        raise _GiveUp
    tag = _STR_TAG
    for implicit, pattern in yaml.CSafeLoader.yaml_implicit_resolvers.get(value[0], ()):
        if pattern.match(value):
            tag = implicit
            break
    kind = _PLAIN_TAGS.get(tag)
    if kind is None:        # '=' and '<<': refused by _construct, with its message
        raise _GiveUp
    if kind == "str":
        return nfc(value)
    return _SCALARS[kind](yaml.ScalarNode(tag, value))


def _read_block(text: str) -> tuple[Any, dict[Key, int]] | None:
    """Values and lines of a block-style text, or None when libyaml must read it."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")     # one line break for YAML too; a lone CR is refused below
    lines: dict[Key, int] = {}
    # Open blocks, innermost last: (column, is a list, the container, its key path).
    stack: list[tuple[int, bool, Any, Key]] = []
    # A "name:" with nothing after it: its value is the block below, or null.
    pending: tuple[dict[str, Any], str, Key, int, int] | None = None
    data: Any = None
    root_col = 0
    number = 0
    match = _LINE.match
    try:
        for line in text.split("\n"):
            number += 1
            if not line.isprintable() and _UNREADABLE.search(line) is not None:
                return None
            indent, dash, key, raw = match(line).groups()  # type: ignore[union-attr]
            if dash is None and key is None:
                if not raw or raw[0] == "#":
                    continue                 # blank line or comment line
                return None                  # a scalar on a line of its own: a continuation, a document marker …
            col = len(indent)
            if pending is not None:
                mapping, name, path, key_line, key_col = pending
                pending = None
                # A deeper line, or a list at the name's own column, is the name's value.
                if col > key_col or (col == key_col and dash is not None):
                    if len(path) >= MAX_DEPTH:
                        return None          # libyaml's reading reports it
                    block: Any = [] if dash is not None else {}
                    mapping[name] = block
                    lines[path] = number
                    stack.append((col, dash is not None, block, path))
                else:
                    mapping[name] = None
                    lines[path] = key_line
            if data is None:                 # the first line opens the top-level block
                root_col = col
                data = [] if dash is not None else {}
                lines[()] = number
                stack.append((col, dash is not None, data, ()))
            elif col < root_col:
                return None
            if dash is not None:
                while stack[-1][0] > col:
                    stack.pop()
                top_col, is_list, items, path = stack[-1]
                if top_col != col or not is_list:
                    return None
                path = path + (len(items),)
                if key is None:
                    if not raw:
                        return None          # "-" with its value below
                    lines[path] = number
                    items.append(_scalar(raw))
                    continue
                if len(path) >= MAX_DEPTH:
                    return None
                mapping = {}
                items.append(mapping)
                lines[path] = number
                col += len(dash)
                stack.append((col, False, mapping, path))
            else:
                # a list at its parent name's column ends at the parent's next name
                while stack[-1][0] > col or (stack[-1][1] and stack[-1][0] == col and len(stack) > 1):
                    stack.pop()
                top_col, is_list, mapping, path = stack[-1]
                if top_col != col or is_list:
                    return None
            if key in mapping:
                return None                  # libyaml's reading reports the repeated name
            path = path + (key,)
            if raw:
                lines[path] = number
                mapping[key] = _scalar(raw)
            else:
                pending = (mapping, key, path, number, col)
    except _GiveUp:
        return None
    if pending is not None:
        mapping, name, path, key_line, _ = pending
        mapping[name] = None
        lines[path] = key_line
    if data is None:
        return None
    return data, lines
