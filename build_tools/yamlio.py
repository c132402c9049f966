"""Safe YAML reading with line numbers.

libyaml's composer (`yaml.CSafeLoader`) builds the node tree; we construct
plain Python values from it ourselves so that every value keeps its line,
unknown tags are refused without being constructed (nothing is executed),
and anchors/aliases are refused (an alias bomb cannot expand).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .vietnamese import nfc

MAX_FILE_BYTES = 512 * 1024      # a full document is ~40 KB; 512 KB leaves room, stops abuse

Key = tuple[str | int, ...]       # path to a value: ("clauses", 0, "label")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str": "str",
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

    def line(self, key: Key) -> int | None:
        """The line of the value at key, else of its nearest parent."""
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def read_text(path: Path) -> tuple[str, bool]:
    """Decode a record file: size cap, UTF-8, BOM dropped (and reported)."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlError(
            f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for one record",
            hint="split the document or move long annexes out; one record holds one document",
        )
    raw = path.read_bytes()
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


def load(path: Path) -> Loaded:
    text, bom = read_text(path)
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
    loaded = Loaded(data=None, had_bom=bom, non_nfc_line=_first_non_nfc_line(text))
    if node is None:
        return loaded
    loaded.data = _construct(node, (), loaded.lines, set())
    return loaded


def _construct(node: yaml.Node, key: Key, lines: dict[Key, int], seen: set[int]) -> Any:
    lines[key] = node.start_mark.line + 1
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
    if nfc(text) == text:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        if nfc(line) != line:
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
