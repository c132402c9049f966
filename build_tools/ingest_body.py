"""Ingest, stage 4: the body — footnotes, preamble, clause tree, closing.

The clause tree follows the labels as printed: `I.` / `1.` / `a)` / `-` /
`+`, and `Điều 1.` for decisions ("Điều 1" is written label "1"). Levels
are ranked by first appearance, as outline readers do: whichever kind of
label comes first is the top level. A numbered line with no sentence end
that is followed by sub-items (or by a sentence of its own) is a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .ingest_clean import FOOTNOTE_START, SUPERSCRIPTS, Line, Paragraph, ends_sentence, paragraphs
from .ingest_header import IngestWarning
from .records import clause_path

# Label patterns, each with the real form it exists for.
LABELS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", re.compile(r"^Điều\s+(?P<l>\d{1,3})\s*[.:]?\s*(?P<t>.*)$")),     # decisions: "Điều 1. ..."
    ("roman", re.compile(r"^(?P<l>[IVXL]{1,6})\s*[.\-/]\s+(?P<t>.*)$")),          # "I. MỤC ĐÍCH, YÊU CẦU" (seed 001)
    ("subnumber", re.compile(r"^\d{1,3}\.(?P<l>\d{1,3})\.?\s+(?P<t>.*)$")),       # "1.1. Mục tiêu" (plans)
    ("number", re.compile(r"^(?P<l>\d{1,3})\s*[.)]\s+(?P<t>.*)$")),              # "1. Mục đích" (seeds 000, 001, 003)
    ("letter", re.compile(r"^(?P<l>[a-zđ])\s*\)\s*(?P<t>.*)$")),                 # "a) Tổ chức thực hiện" (seed 001)
    ("letter", re.compile(r"^(?P<l>[a-zđ])\.\s+(?P<t>.*)$")),                    # "a. Tổ chức ..." (some plans)
    ("dash", re.compile(r"^(?P<l>[-–•▪·\uf0b7\uf02d])\s*(?P<t>\S.*)$")),        # "- Tiếp tục" (seed 003); Word's symbol bullets
    ("plus", re.compile(r"^(?P<l>\+)\s*(?P<t>\S.*)$")),                          # "+ ..." under a dash
    ("ocr-dash", re.compile(r"^(?P<l>\.\.\.)\s*(?P<t>\S.*)$")),                  # seed 001: "... Chỉ đạo", an OCR'd "-"
)
BULLET_LABEL = {"dash": "-", "plus": "+", "ocr-dash": "-"}
# The closing paragraph: "Trên đây là Kế hoạch ..." (seed 001).
CLOSING = re.compile(r"^(?:Trên đây là|Trên đây)\b")
# Closing formulas of plans and letters, when they follow the last item:
# "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc ... báo cáo ...".
CLOSING_AFTER_ITEMS = re.compile(
    r"^(?:Trong quá trình (?:tổ chức )?(?:thực hiện|triển khai)|Quá trình thực hiện"
    r"|Yêu cầu (?:các|Thủ trưởng|Giám đốc|Chủ tịch)|Đề nghị các .* (?:thực hiện|triển khai)\.)")
# Decisions repeat the authority in capitals before the preamble ("ỦY BAN NHÂN
# DÂN TỈNH ...") and end it with the enacting formula ("QUYẾT ĐỊNH:"): both are
# layout, not preamble text.
ENACTING = re.compile(r"^(?:QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|BAN HÀNH|KẾT LUẬN)\s*:?$")
# Opening paragraphs of a body with no labelled items.
PREAMBLE = re.compile(r"^(?:Căn cứ|Thực hiện|Xét|Theo đề nghị|Thi hành)\b")


@dataclass
class Node:
    kind: str | None
    label: str | None
    text: str | None
    line: int
    heading: str | None = None
    children: list[Node] = field(default_factory=list)

    def to_record(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.label is not None:
            out["label"] = self.label
        if self.heading:
            out["heading"] = self.heading
        if self.text:
            out["text"] = self.text
        if self.children:
            out["children"] = [c.to_record() for c in self.children]
        return out


@dataclass
class Body:
    preamble: list[str] = field(default_factory=list)
    preamble_lines: list[int] = field(default_factory=list)
    clauses: list[Node] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    footnotes: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)


def split_footnotes(lines: list[Line]) -> tuple[list[Line], list[tuple[Line, str, str]]]:
    """Take out footnote texts that a Word export interleaves in the body (seed 003)."""
    body: list[Line] = []
    notes: list[tuple[Line, str, str]] = []
    for line in lines:
        m = FOOTNOTE_START.match(line.text)
        if m:
            notes.append((line, m[1], m[2]))
            continue
        body.append(line)
    return body, notes


def parse_label(text: str) -> tuple[str | None, str | None, str]:
    """(kind, label, rest) of a paragraph; (None, None, text) for a plain one."""
    for kind, pattern in LABELS:
        m = pattern.match(text)
        if m:
            return kind, BULLET_LABEL.get(kind, m["l"]), m["t"].strip()
    return None, None, text


def read_body(lines: list[Line], names: frozenset[str] = frozenset(), *, one_per_line: bool | None = None) -> Body:
    body = Body()
    lines, notes = split_footnotes(lines)
    paras = paragraphs(lines, names, one_per_line=one_per_line)
    closing_at = _closing_index(paras)
    if closing_at is not None:
        body.closing = [p.text for p in paras[closing_at:]]
        paras = paras[:closing_at]
    labelled = [i for i, p in enumerate(paras) if parse_label(p.text)[0] is not None]
    if labelled:
        first = labelled[0]
    else:
        first = 0
        while first < len(paras) and PREAMBLE.match(paras[first].text):
            first += 1
    for p in paras[:first]:
        if ENACTING.match(p.text) or (_caps(p.text) and len(p.text) <= 80 and not p.text.endswith((".", ";"))):
            body.warnings.append(IngestWarning(p.number, "preamble", f"'{p.text}' read as layout (authority line or "
                                                                "enacting formula) and left out: check"))
            continue
        body.preamble.append(p.text)
        body.preamble_lines.append(p.number)
    body.clauses = build_tree(paras[first:], body.warnings)
    body.footnotes = _footnotes(notes, body)
    return body


def _caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _closing_index(paras: list[Paragraph]) -> int | None:
    for i, p in enumerate(paras):
        if CLOSING.match(p.text) and i > 0:
            return i
    labelled = [i for i, p in enumerate(paras) if parse_label(p.text)[0] is not None]
    if labelled:
        for i in range(labelled[-1] + 1, len(paras)):
            if CLOSING_AFTER_ITEMS.match(paras[i].text):
                return i
    return None


def build_tree(paras: list[Paragraph], warnings: list[IngestWarning]) -> list[Node]:
    roots: list[Node] = []
    stack: list[Node] = []          # open labelled items, outermost first
    for p in paras:
        kind, label, rest = parse_label(p.text)
        if kind == "ocr-dash":
            warnings.append(IngestWarning(p.number, "clauses", "'...' at the start of an item read as a '-' bullet "
                                                          "(OCR); add an ocr note"))
        if kind is None:
            _attach_plain(roots, stack, Node(None, None, p.text, p.number))
            continue
        node = Node(kind, label, rest or None, p.number)
        kinds = [n.kind if n.kind != "ocr-dash" else "dash" for n in stack]
        kind_key = "dash" if kind == "ocr-dash" else kind
        if kind_key in kinds:
            del stack[kinds.index(kind_key):]
        parent = stack[-1].children if stack else roots
        _close_heading(stack[-1] if stack else None)
        parent.append(node)
        stack.append(node)
    _check_labels(roots, "", warnings)
    return roots


def _attach_plain(roots: list[Node], stack: list[Node], node: Node) -> None:
    """A paragraph without a label: the text of a heading item, or a child of the open item."""
    # A bullet's following paragraph belongs to the bullet's parent.
    open_items = [n for n in stack if n.kind not in ("dash", "plus", "ocr-dash")]
    owner = open_items[-1] if open_items else None
    if owner is None:
        roots.append(node)
        return
    if not owner.children and owner.heading is None and owner.text and not ends_sentence(owner.text) \
            and len(owner.text) <= 250:
        owner.heading, owner.text = owner.text, node.text          # "2. Phát huy ..." / "Các sở, ban ..." (seed 001)
        return
    if owner.heading is not None and not owner.text and not owner.children:
        owner.text = node.text
        return
    del stack[stack.index(owner) + 1:]
    owner.children.append(node)


def _close_heading(owner: Node | None) -> None:
    """An item followed by sub-items whose text has no sentence end is a heading ("1. Mục đích")."""
    if owner and owner.heading is None and owner.text and not owner.children \
            and not ends_sentence(owner.text) and len(owner.text) <= 250:
        owner.heading, owner.text = owner.text, None


def _check_labels(nodes: list[Node], parent: str, warnings: list[IngestWarning]) -> None:
    seen: dict[str, int] = {}
    for position, node in enumerate(nodes, start=1):
        if node.label and node.label not in ("-", "+"):
            if node.label in seen:
                warnings.append(IngestWarning(node.line, "clauses",
                                         f"label '{node.label}' repeats under '{parent or 'the body'}': "
                                         "check the numbering (a lost or misread label?)"))
            seen[node.label] = position
        _check_labels(node.children, clause_path(parent, node.label, position), warnings)


def walk(nodes: list[Node], parent: str = "") -> list[tuple[str, Node]]:
    out: list[tuple[str, Node]] = []
    for position, node in enumerate(nodes, start=1):
        path = clause_path(parent, node.label, position)
        out.append((path, node))
        out.extend(walk(node.children, path))
    return out


def _footnotes(notes: list[tuple[Line, str, str]], body: Body) -> list[dict[str, Any]]:
    out = []
    clauses = walk(body.clauses)
    for line, marker, text in notes:
        clause = None
        for path, node in clauses:
            if marker in (node.text or "") or marker in (node.heading or ""):
                clause = path
                break
        if clause is None and not any(marker in p for p in body.preamble):
            body.warnings.append(IngestWarning(line.number, "footnotes",
                                          f"footnote {marker}: its marker was not found in the body"))
        out.append({"marker": marker, "text": text, "clause": clause})
    return out


def strip_markers(text: str) -> str:
    return text.translate({ord(c): None for c in SUPERSCRIPTS})

