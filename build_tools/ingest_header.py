"""Ingest, stage 2: the header of an official document.

Recognises, from the top of the cleaned lines: the national header and the
Party header (dropped), the issuing body's lines, the number line, the
place-and-date line, the type line and the trích yếu after it, a letter's
"V/v" line, and "Kính gửi:" with its list. Two-column headers flattened onto
shared lines arrive as cells of one line (ingest_clean.COLUMN_GAP).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest_clean import ITEM_START, Line, is_separator, join
from .vietnamese import fold

# The national header and motto, and the Party header: never the issuer.
NATIONAL = re.compile(r"^cong hoa xa hoi chu nghia viet nam$")
MOTTO = re.compile(r"^doc lap\s*[-–—]\s*tu do\s*[-–—]\s*hanh phuc$")
PARTY = re.compile(r"^dang cong san viet nam$")

# "Số: 6766/KH-UBND", "Số:6766/KH-UBND" (seed 001), "Số 327-KH/TU" (Party
# documents print no colon), "Số: /UBND-TH" (seed 003: number left blank).
NUMBER_LINE = re.compile(r"^(?:Số|SỐ|số)\s*[:.]?\s*(?P<value>.*)$")
# "Thanh Hóa, ngày 05 tháng 5 năm 2016"; "Hưng Yên, ngày   tháng 11 năm 2024"
# (seed 003: day left blank); "ngày 10/6/2021" is not a date line.
DATE_LINE = re.compile(
    r"^(?:(?P<place>[^,\d]{2,40}?)\s*,\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})\s*\.?$",
    re.I,
)
# A letter's subject line: "V/v tiếp tục triển khai thực hiện" (seed 003).
VV_LINE = re.compile(r"^(?:V/v|V/V|v/v|Về việc)\s*[:.]?\s*(?P<rest>.*)$")
# "Kính gửi:" alone (seed 003) or with its one addressee on the same line.
KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*(?P<rest>.*)$", re.I)
# Lines that open the preamble or body and so end the trích yếu (seed 001:
# the title's third line is followed by "Thực hiện Quyết định số 401...").
BODY_START = re.compile(
    r"^(?:Căn cứ|Thực hiện|Xét|Theo đề nghị|Thi hành|Để|Nhằm|Trong|Qua|Sau khi|Ngày \d|Kính gửi|Tiếp tục|"
    r"Hiện nay|Năm \d|Thời gian qua|Những năm qua|Triển khai)\b"
)
PLACE_WORDS = re.compile(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s+", re.I)

# Fallback when no vocabulary is loaded: type names and number codes.
DEFAULT_TYPES = {
    "chi-thi": ("Chỉ thị", ("CT",)), "ket-luan": ("Kết luận", ("KL",)),
    "nghi-quyet": ("Nghị quyết", ("NQ",)), "quyet-dinh": ("Quyết định", ("QĐ",)),
    "ke-hoach": ("Kế hoạch", ("KH",)), "thong-bao": ("Thông báo", ("TB",)),
    "cong-van": ("Công văn", ("UBND", "CV")), "nghi-dinh": ("Nghị định", ("NĐ",)),
    "thong-tu": ("Thông tư", ("TT",)), "to-trinh": ("Tờ trình", ("TTr",)),
    "bao-cao": ("Báo cáo", ("BC",)), "chuong-trinh": ("Chương trình", ("CTr",)),
    "huong-dan": ("Hướng dẫn", ("HD",)), "quy-dinh": ("Quy định", ("QĐi",)),
}


@dataclass
class IngestWarning:
    line: int | None
    field: str
    message: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "field": self.field, "message": self.message}


@dataclass
class Header:
    found: bool = False              # any official header element was seen
    issuer_lines: list[Line] = field(default_factory=list)
    number: str | None = None
    number_line: int | None = None
    number_blank: bool = False
    number_suffix: str | None = None  # "/UBND-TH" of a blank number
    date: str | None = None
    date_line: int | None = None
    date_text: str | None = None     # the place-and-date line as printed
    place: str | None = None
    type: str | None = None
    type_line: int | None = None
    title: str | None = None
    title_line: int | None = None
    is_letter: bool = False          # a "V/v" line was seen
    addressees: list[str] = field(default_factory=list)
    start: int = 0                   # index of the first header line (lines above are page furniture)
    end: int = 0                     # index of the first body line
    warnings: list[IngestWarning] = field(default_factory=list)


# Columns joined by a single space (some PDF extractors): the national header,
# motto and Party header are cut out of the cell by their words.
HEADER_PHRASES = (
    ("cong", "hoa", "xa", "hoi", "chu", "nghia", "viet", "nam"),
    ("doc", "lap", "tu", "do", "hanh", "phuc"),
    ("dang", "cong", "san", "viet", "nam"),
)
# "Số: 6766/KH-UBND Thanh Hóa, ngày 05 tháng 5 năm 2016": the date's tail in a shared cell.
DATE_TAIL = re.compile(r",\s*ngày\s*\d{0,2}\s*tháng\s*\d{0,2}\s*năm\s*\d{4}\s*\.?$", re.I)


def expand_cells(cells: list[str]) -> list[str]:
    """Split cells that hold two columns run together by a single space."""
    out: list[str] = []
    for cell in cells:
        for part in _cut_phrases(cell):
            out.extend(c for c in _split_date_tail(part) if c)
    return out


def _cut_phrases(cell: str) -> list[str]:
    words = cell.split()
    tokens = [(i, re.sub(r"[^a-z0-9]", "", fold(w))) for i, w in enumerate(words)]
    tokens = [(i, t) for i, t in tokens if t]
    keys = [t for _, t in tokens]
    for phrase in HEADER_PHRASES:
        for k in range(len(keys) - len(phrase) + 1):
            if tuple(keys[k:k + len(phrase)]) == phrase and len(phrase) < len(keys):
                first, last = tokens[k][0], tokens[k + len(phrase) - 1][0]
                parts = [" ".join(words[:first]), " ".join(words[first:last + 1]), " ".join(words[last + 1:])]
                return [p for piece in parts if piece for p in _cut_phrases(piece)]
    return [cell]


def _split_date_tail(cell: str) -> list[str]:
    m = DATE_TAIL.search(cell)
    if not m or DATE_LINE.match(cell):
        return [cell]
    words = cell[:m.start()].split()
    k = len(words)
    while k > 0 and len(words) - k < 4 and words[k - 1][:1].isupper() and words[k - 1][1:].islower():
        k -= 1
    if k == len(words) or k == 0:
        return [cell]
    return [" ".join(words[:k]), " ".join(words[k:]) + cell[m.start():]]


def is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def canonical_number(value: str) -> str:
    """Canonical spacing: no spaces around '/' and '-': '6766 / KH-UBND' -> '6766/KH-UBND'."""
    value = re.sub(r"\s*([/\-])\s*", r"\1", value.strip().rstrip(".,;"))
    return value.split()[0] if value.split() else value


def parse_number(value: str) -> tuple[str | None, str | None]:
    """(number, blank suffix): '6766/KH-UBND' -> number; '/UBND-TH' -> (None, '/UBND-TH')."""
    value = canonical_number(value)
    if not value or not value[0].isdigit():
        return None, value or None
    return value, None


def parse_date(match: re.Match[str]) -> str | None:
    year, month, day = int(match["y"]), match["m"], match["d"]
    if not 1900 <= year <= 2100:
        return None
    if month is None or not 1 <= int(month) <= 12:
        return f"{year:04d}"
    if day is None or not 1 <= int(day) <= 31:
        return f"{year:04d}-{int(month):02d}"
    return f"{year:04d}-{int(month):02d}-{int(day):02d}"


def type_from_line(text: str, types: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    folded = fold(text).strip(" .:")
    for type_id, (name, _) in types.items():
        if folded == fold(name):
            return type_id
    return None


def type_from_number(number: str | None, types: dict[str, tuple[str, tuple[str, ...]]]) -> str | None:
    """The type a number's code names: '6766/KH-UBND' -> ke-hoach, '/UBND-TH' -> cong-van."""
    if not number:
        return None
    codes = [fold(c) for c in re.split(r"[-/]", number) if c and not c.isdigit()]
    for code in codes:
        for type_id, (_, suffixes) in types.items():
            if code in {fold(s) for s in suffixes}:
                return type_id
    return None


def read_header(lines: list[Line], types: dict[str, tuple[str, tuple[str, ...]]]) -> Header:
    """Consume header lines from the top; `Header.end` is where the body starts."""
    h = Header()
    i = header_start(lines)
    h.start = i
    limit = min(len(lines), i + 40)
    while i < limit:
        following, stop = _header_line(h, lines, i, types)
        if stop:
            break
        i = following
    h.end = i if h.found else 0
    if not h.found:
        h.issuer_lines = []
    return h


def _anchor(line: Line) -> bool:
    """A line only an official header has: national or Party header, motto, number line."""
    for cell in expand_cells(line.cells):
        folded = fold(cell)
        if NATIONAL.match(folded) or MOTTO.match(folded) or PARTY.match(folded):
            return True
        m = NUMBER_LINE.match(cell)
        if m and m["value"][:1].isdigit() and re.search(r"[-/]", m["value"]):
            return True
    return False


def header_start(lines: list[Line]) -> int:
    """Where the header begins: above its first anchor, after the issuer's capital lines.

    A document copied from a legal-text portal keeps the portal's own lines
    above the header ("Tải văn bản", "Lược đồ"); they are skipped.
    """
    anchor = next((i for i, ln in enumerate(lines[:30]) if _anchor(ln)), None)
    if anchor is None:
        return 0
    start = anchor
    while start > 0 and is_caps(lines[start - 1].text) and len(lines[start - 1].text) <= 80 \
            and anchor - start < 4:
        start -= 1
    return start


def _header_line(h: Header, lines: list[Line], i: int, types) -> tuple[int, bool]:
    """Handle line i; return (next index, stop)."""
    line = lines[i]
    if KINH_GUI.match(line.text) and h.found:
        return _addressees(h, lines, i), False
    if h.type or h.is_letter:
        return 0, True              # the trích yếu was read right after the type or V/v line
    rest_cells: list[str] = []
    for cell in expand_cells(line.cells):
        folded = fold(cell)
        if NATIONAL.match(folded) or MOTTO.match(folded) or PARTY.match(folded):
            h.found = True
            continue
        m = NUMBER_LINE.match(cell)
        if m and (not m["value"] or m["value"][0] in "/-" or m["value"][0].isdigit()):
            h.found = True
            h.number_line = line.number
            h.number, h.number_suffix = parse_number(m["value"])
            if h.number is None:
                h.number_blank = True
                h.warnings.append(IngestWarning(line.number, "number",
                                           f"number left blank in the source ('{cell}'): number is null; "
                                           "add a note saying so"))
            continue
        m = DATE_LINE.match(cell)
        if m:
            h.found = True
            h.date_line, h.date_text = line.number, cell
            h.date = parse_date(m)
            h.place = m["place"].strip() if m["place"] else None
            if h.date and len(h.date) < 10:
                h.warnings.append(IngestWarning(line.number, "date",
                                           f"day or month left blank in '{cell}': date is {h.date}; add a note"))
            continue
        rest_cells.append(cell)
    if not rest_cells:
        return i + 1, False
    text = join(rest_cells)
    vv = VV_LINE.match(text)
    if vv and h.found:
        h.is_letter = True
        return _title(h, lines, i, vv["rest"]), False
    type_id = type_from_line(text, types)
    if type_id and is_caps(text):
        h.found = True
        h.type, h.type_line = type_id, line.number
        if i + 1 < len(lines):
            return _title(h, lines, i + 1, None), False
        return i + 1, False
    if is_caps(text) and not h.type and len(text) <= 80:
        h.issuer_lines.append(Line(line.number, text, [text], line.blank_before))
        return i + 1, False
    return 0, True


def _title(h: Header, lines: list[Line], i: int, first: str | None) -> int:
    """Collect trích yếu lines from i (or `first`, the rest of a V/v line) until the body."""
    parts: list[str] = []
    start = lines[i].number
    if first is not None:
        if first:
            parts.append(first)
        i += 1
    while i < len(lines):
        line = lines[i]
        cells = []
        for cell in expand_cells(line.cells):
            m = DATE_LINE.match(cell)
            if m:
                h.date_line, h.date, h.date_text = line.number, parse_date(m), cell
                h.place = m["place"].strip() if m["place"] else None
                continue
            n = NUMBER_LINE.match(cell)
            if n and (not n["value"] or n["value"][0] in "/-" or n["value"][0].isdigit()) and h.number_line is None:
                h.number_line = line.number
                h.number, h.number_suffix = parse_number(n["value"])
                h.number_blank = h.number is None
                continue
            cells.append(cell)
        text = join(cells)
        if not text:
            i += 1
            continue
        if parts and (line.blank_before or BODY_START.match(text) or ITEM_START.match(text)):
            break
        if not parts and (ITEM_START.match(text) or KINH_GUI.match(text)):
            break
        if is_separator(text):
            i += 1
            break
        if not parts and text.startswith(("Căn cứ", "Xét")):
            break
        if parts and len(" ".join(parts)) > 300:
            break                   # a trích yếu is a line or three, never a page
        parts.append(text)
        i += 1
    if parts:
        h.title = join(parts)
        h.title_line = start
    return i


def _addressees(h: Header, lines: list[Line], i: int) -> int:
    m = KINH_GUI.match(lines[i].text)
    assert m
    if m["rest"]:
        h.addressees.append(m["rest"])
        return i + 1
    i += 1
    while i < len(lines):
        text = lines[i].text
        if re.match(r"^[-+•–]\s*", text):
            h.addressees.append(re.sub(r"^[-+•–]\s*", "", text))
        elif h.addressees and text[:1].islower():
            h.addressees[-1] = join([h.addressees[-1], text])
        elif not h.addressees and len(text) < 120 and not BODY_START.match(text):
            h.addressees.append(text)
        else:
            break
        i += 1
    return i
