"""Ingest, stage 3: the tail of an official document.

Recognises the digital-signature lines ("Ký bởi:", "Thời gian ký:"), the
"Nơi nhận:" list, the signature block (TM./KT./T/M, title lines, "Đã ký",
the signer's name, or no name) and hands the rest back as body. In PDF and
Word text the recipients' column and the signature column share lines
("Nơi nhận:   KT. CHỦ TỊCH", seed 001); each cell goes to its own list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest_clean import Line, join
from .ingest_header import IngestWarning, is_caps
from .vietnamese import fold

# "Ký bởi: Văn phòng Ủy ban Nhân dân" / "Thời gian ký: 05/05/2016 16:35:04" (seed 001).
SIGNED_BY = re.compile(r"^Ký\s+bởi\s*:\s*(?P<who>.+)$", re.I)
SIGNED_AT = re.compile(
    r"^Thời\s+gian\s+ký\s*:\s*(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?)?", re.I)
# Other lines a signing portal prints with them.
SIGNATURE_NOISE = re.compile(r"^(?:Email|Cơ quan|Chức vụ)\s*:.*$", re.I)
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*(?P<rest>.*)$", re.I)
# The authority line: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ"
# (seed 000), "TL. GIÁM ĐỐC", "Q. CHỦ TỊCH", "TUQ. CHỦ TỊCH", "TM/BAN THƯỜNG VỤ".
ON_BEHALF_MARK = re.compile(r"^(?:TM|T/M|T\.M|KT|K/T|TL|T/L|TUQ|Q)(?:\.\s*|/\s*|\s+)(?=\w)")
# "Đã ký" between title and name (seed 000), "(Đã ký)", "(ký)", "[đã ký]", "(Ký tên, đóng dấu)".
SIGNED_MARK = re.compile(
    r"^[(\[]?\s*(?:đã\s+ký|ký|ký\s+tên(?:,\s*đóng\s+dấu)?|đã\s+ký\s+và\s+đóng\s+dấu)\s*[)\]]?\.?$", re.I)
# Titles of signers, folded: a caps line starting with one of them is a title line.
TITLE_WORDS = ("chu tich", "pho chu tich", "bi thu", "pho bi thu", "giam doc", "pho giam doc",
               "truong ban", "pho truong ban", "chanh van phong", "pho chanh van phong",
               "thu tuong", "pho thu tuong", "bo truong", "thu truong", "tong giam doc",
               "uy vien", "thuong truc", "truong phong", "chanh an", "vien truong")
BULLET = re.compile(r"^[-+•–*]\s*")
INLINE_ITEMS = re.compile(r"(?:^|\s)[-+•–]\s+")


@dataclass
class Tail:
    recipients: list[str] = field(default_factory=list)
    on_behalf: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    signer_line: int | None = None
    signed_mark: bool = False
    authority_lines: list[str] = field(default_factory=list)   # every TM./KT. line, in order
    start: int = 0                   # index of the first tail line in the given lines
    warnings: list[IngestWarning] = field(default_factory=list)

    @property
    def has_signer(self) -> bool:
        return bool(self.on_behalf or self.signer_title or self.signer_name)


def digital_signature(lines: list[Line]) -> tuple[dict[str, str | None] | None, list[Line], list[IngestWarning]]:
    """Take the digital-signature lines out, wherever they stand."""
    signed_by: str | None = None
    signed_at: str | None = None
    rest: list[Line] = []
    warnings: list[IngestWarning] = []
    in_block = False                 # portals print "Email:", "Cơ quan:" next to "Ký bởi:"
    for line in lines:
        m = SIGNED_BY.match(line.text)
        if m:
            signed_by, in_block = m["who"].strip(), True
            continue
        t = SIGNED_AT.match(line.text)
        if t:
            signed_at, in_block = iso_datetime(t), True
            if signed_at is None:
                warnings.append(IngestWarning(line.number, "digital_signature.signed_at",
                                              f"cannot read the signing time '{line.text}'"))
            continue
        if in_block and SIGNATURE_NOISE.match(line.text):
            continue
        in_block = False
        rest.append(line)
    if signed_by is None and signed_at is None:
        return None, lines, warnings
    if signed_by is None:
        warnings.append(IngestWarning(None, "digital_signature",
                                      "'Thời gian ký' without 'Ký bởi': type signed_by by hand"))
    return {"signed_by": signed_by or "", "signed_at": signed_at}, rest, warnings


def iso_datetime(m: re.Match[str]) -> str | None:
    day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    out = f"{year:04d}-{month:02d}-{day:02d}"
    if m["H"] is not None:
        out += f"T{int(m['H']):02d}:{m['M']}:{m['S'] or '00'}"
    return out


def is_title(text: str) -> bool:
    folded = fold(text).strip(" .")
    return is_caps(text) and any(folded == w or folded.startswith(w + " ") for w in TITLE_WORDS)


def is_on_behalf(text: str) -> bool:
    return bool(ON_BEHALF_MARK.match(text)) and is_caps(text)


def is_signature_cell(text: str) -> bool:
    return is_on_behalf(text) or is_title(text) or bool(SIGNED_MARK.match(text))


def is_name(text: str) -> bool:
    """A person's name: two to six capitalised words ('Lê Thị Thìn', 'Lại Xuân Môn')."""
    words = text.split()
    return 2 <= len(words) <= 6 and len(text) <= 40 and all(
        w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower()) for w in words)


def find_tail(lines: list[Line], start: int) -> int:
    """Index where the tail begins: 'Nơi nhận:' or the trailing signature block."""
    for i in range(start, len(lines)):
        if RECIPIENTS.match(lines[i].cells[0]) or any(RECIPIENTS.match(c) for c in lines[i].cells):
            j = i
            while j > start and (_signature_line(lines[j - 1]) or
                                 (is_name(lines[j - 1].text) and j - 2 >= start and _signature_line(lines[j - 2]))):
                j -= 1
            return j
    j = len(lines)
    while j > start and (_signature_line(lines[j - 1]) or (j == len(lines) and is_name(lines[j - 1].text))):
        j -= 1
    # A name alone at the end without any authority or title line is not a signature
    # (a press report's author line): keep it in the body.
    if j < len(lines) and not any(is_signature_cell(c) for ln in lines[j:] for c in ln.cells):
        return len(lines)
    return j


def _signature_line(line: Line) -> bool:
    return all(is_signature_cell(c) for c in line.cells)


def read_tail(lines: list[Line]) -> Tail:
    """Split the tail lines into recipients and the signature block."""
    tail = Tail()
    signature: list[tuple[int, str]] = []
    in_recipients = False
    for line in lines:
        for cell in [c for whole in line.cells for c in split_trailing_signature(whole)]:
            m = RECIPIENTS.match(cell)
            if m and m["rest"] and is_signature_cell(m["rest"]):
                in_recipients = True    # "Nơi nhận: KT. CHỦ TỊCH" with one space between the columns
                signature.append((line.number, m["rest"]))
                continue
            if m:
                in_recipients = True
                if m["rest"]:           # "Nơi nhận: - Ban Bí thư (để b/c), - Lưu ..." on one line
                    tail.recipients += [BULLET.sub("", x).strip() for x in INLINE_ITEMS.split(m["rest"]) if x.strip()]
                continue
            if in_recipients and BULLET.match(cell):
                tail.recipients.append(BULLET.sub("", cell))
                continue
            if in_recipients and tail.recipients and cell[:1].islower():
                tail.recipients[-1] = join([tail.recipients[-1], cell])
                continue
            if in_recipients and not (is_signature_cell(cell) or is_name(cell) or is_caps(cell)):
                if tail.recipients and not tail.recipients[-1].endswith((";", ",", ".")):
                    tail.recipients[-1] = join([tail.recipients[-1], cell])   # "- ... Ban Thường vụ" / "Tỉnh ủy;"
                else:
                    tail.recipients.append(cell)     # a Word export that lost the list's dashes
                continue
            signature += [(line.number, part) for part in split_signature_cell(cell)]
    _signature(tail, signature)
    return tail


def split_trailing_signature(cell: str) -> list[str]:
    """'- TTr Tỉnh ủy, HĐND tỉnh (để báo cáo); PHÓ CHỦ TỊCH' -> the recipient and the title."""
    words = cell.split()
    for k in range(1, len(words)):
        head, rest = " ".join(words[:k]), " ".join(words[k:])
        if head.endswith((";", ",", ".", ":")) and not is_caps(head) and is_signature_cell(rest):
            return [head, rest]
    return [cell]


INNER_BEHALF = re.compile(r"\s+(?=(?:TM|T/M|KT|TL|TUQ)(?:\.|/|\s)\s*\w)")


def split_signature_cell(cell: str) -> list[str]:
    """'T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC' (one table cell) -> authority line and title."""
    if not is_caps(cell):
        return [cell]
    out: list[str] = []
    for part in INNER_BEHALF.split(cell):
        words = part.split()
        if is_on_behalf(part):
            cut = next((k for k in range(2, len(words)) if is_title(" ".join(words[k:]))), None)
            if cut is not None:
                out += [" ".join(words[:cut]), " ".join(words[cut:])]
                continue
        out.append(part)
    return out


def _signature(tail: Tail, cells: list[tuple[int, str]]) -> None:
    behalf: list[tuple[int, str]] = []
    titles: list[str] = []
    if cells:
        tail.signer_line = cells[0][0]          # warnings point at the block's first line
    for number, cell in cells:
        if is_on_behalf(cell):
            behalf.append((number, cell))
        elif SIGNED_MARK.match(cell):
            tail.signed_mark = True
            tail.warnings.append(IngestWarning(number, "signer", f"the copy prints '{cell}' instead of a signature; "
                                                            "add an editorial note"))
        elif is_caps(cell) or is_title(cell):
            titles.append(cell)
        elif is_name(cell):
            if tail.signer_name:
                tail.warnings.append(IngestWarning(number, "signer.name",
                                              f"two name lines ('{tail.signer_name}', '{cell}'): check the signer"))
            tail.signer_name = cell
        else:
            tail.warnings.append(IngestWarning(number, "signer",
                                               f"line not understood in the signature block: '{cell}'"))
    tail.authority_lines = [c for _, c in behalf]
    if behalf:
        tail.on_behalf = behalf[-1][1]
        if len(behalf) > 1:
            tail.warnings.append(IngestWarning(behalf[0][0], "signer.on_behalf",
                                          "several authority lines (" + ", ".join(c for _, c in behalf) +
                                          f"): on_behalf is '{tail.on_behalf}'; note the others"))
    if titles:
        tail.signer_title = join(titles)
    if tail.has_signer and not tail.signer_name:
        tail.warnings.append(IngestWarning(tail.signer_line, "signer.name",
                                      "the signature block prints no name: signer.name is null"))
