"""Ingest, stage 1: clean raw text into numbered lines and join paragraphs.

Raw text comes from three exporters, each with its own noise:

* a web page's text: comment forms, share buttons, "TAG:" glued to the author;
* a PDF's text: hard line breaks, page numbers alone on a line, OCR periods
  at the end of a line in mid-sentence ("trong việc thực.\\nhiện");
* a Word document's text: Markdown bold (``**...**``), blank lines between
  paragraphs, footnote texts interleaved in the body.

Every later stage works on `Line` objects, which keep the source line number
so that each warning can point at the line it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vietnamese import ZERO_WIDTH, fold, nfc

# Two-column headers and signature blocks flattened onto one line: the columns
# are separated by a run of spaces ("ỦY BAN NHÂN DÂN   CỘNG HOÀ XÃ HỘI ...",
# "Nơi nhận:   KT. CHỦ TỊCH") or a tab.
COLUMN_GAP = re.compile(r"\s{3,}|\t+")

# Word-to-text exports mark bold as Markdown (seed 003: "**ỦY BAN NHÂN DÂN").
MARKDOWN_BOLD = re.compile(r"\*\*|__")

# Word-to-Markdown exports also mark italics with single stars or underscores
# around a whole line ("*Hưng Yên, ngày 20 tháng 01 năm 2025*").
MARKDOWN_ITALIC = re.compile(r"^[*_](\S(?:.*\S)?)[*_]$")
# ... and a two-column layout table as a pipe table row: "| Nơi nhận: ... | T/M BAN THƯỜNG VỤ ... |".
PIPE_ROW = re.compile(r"^\|.*\|$")

# A page number alone on a line, as PDF text gives it (seed 001: "2", "5");
# also "- 2 -" and "Trang 2".
PAGE_NUMBER = re.compile(r"^(?:-\s*\d{1,3}\s*-|\d{1,3}|Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?)$", re.I)

# Separator lines under header columns: "-------", "*", "---o0o---", "_____".
SEPARATOR = re.compile(r"^[\s\-–—_*=~.oO0|:]*$")

# Web-page leftovers, compared after folding (no diacritics, lower case).
# Each exists because a real page printed it around the article.
LEFTOVER_LINES = (
    r"viet binh luan",                          # seed 000: comment form title
    r"hay su dung tieng viet co dau.*",         # seed 000: comment form instructions
    r"binh luan cua ban se duoc bien tap.*",
    r"\(\*\)",                                  # seed 000: required-field marks ("(*) Thông tin bắt buộc" below)
    r"so ky tu con lai(:.*)?",                    # seed 000: character counter
    r"protected by formshield",                 # seed 000: captcha
    r"refresh",                                 # seed 000: captcha button
    r"y kien cua ban",                          # seed 002: comment form title
    r"ho ten(:.*)?",                              # seed 002: comment form field
    r"ho va ten(:.*)?",
    r"email(:.*)?",                               # seed 002: comment form field
    r"e-mail(:.*)?",
    r"dia chi email(:.*)?",
    r"gui binh luan|gui y kien|gui",            # submit buttons
    r"chia se|share|tweet|like|thich|in bai( viet)?|in trang|gui email|gui cho ban be|luu bai|ban in",
    r"chia se (bai viet|facebook|zalo|twitter|qua .{1,20}|len .{1,20})|share on .{1,20}",
    r"nhap lai.{0,20}|gui di|xoa|dong|huy",     # comment-form buttons
    r"facebook|twitter|zalo|print|email|bao loi",
    r"(tin|bai viet) (lien quan|khac|cung chuyen muc)",
    r"tags?(:.*)?",
    r"tu khoa(:.*)?",
    r"ma xac nhan(:.*)?|nhap ma xac nhan.*|captcha",
    r"dang nhap|dang ky",
    r"\d+ binh luan",
    r"xem them|doc them|tro ve|quay lai|len dau trang|xem tiep",
    r"trang chu(\s*[>/»›|].*)?",               # breadcrumbs: "Trang chủ > Kinh tế"
    r"luot xem:?\s*\d*|\d+ luot xem",           # view counters
    r"y kien ban doc|binh luan|cac tin khac|tin moi( nhat)?|doc nhieu( nhat)?",
    r"co chu(:.*)?|a-?\s*a\s*a\+?",               # font-size buttons
    r"danh gia bai viet.*|copy link|sao chep (lien ket|duong dan)",
    r"theo doi .* tren google news",
    r"ban quyen .{0,80}|© .{0,80}|copyright .{0,80}",
    r"nhap ma (xac nhan|bao mat).*|ma bao mat(:.*)?",
    r"\(\*\).*|dien thoai(:.*)?|vui long .{0,80}|ban can dang nhap.*|ban con \d+.*ky tu.*|nhap noi dung.*",
    r"binh luan \(\d+\)|ve dau trang|bao in|huy bo|tin cung chuyen muc|tin doc nhieu|tin noi bat",
)
LEFTOVER = re.compile(r"^(?:" + "|".join(LEFTOVER_LINES) + r")$")

# "Bài, ảnh: Trần TỉnhTAG:" (seed 002): the page's tag label glued to the author.
GLUED_TAG = re.compile(r"\s*(?:TAG|Tags?|Từ khóa|Từ khoá)\s*:.*$")

# A new item starts a new paragraph: I. / 1. / a) / - / + / Điều 1.
ITEM_START = re.compile(
    r"^(?:[IVXLC]+[.\-/]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|[a-zđ][.)]\s|[-+•*–▪·\uf0b7\uf02d]\s?\S|Điều\s+\d+"
    r"|\.\.\.\s*\S)"
)
# Superscript footnote markers, as Word exports them (seed 003: "¹ Về tiếp tục ...").
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
FOOTNOTE_START = re.compile(r"^([" + SUPERSCRIPTS + r"]+)\s*(\S.*)$")
# Ends a sentence at the end of a line.
TERMINAL = (".", ";", ":", "!", "?", "./.", "…")
# Words that cannot end a heading or a sentence: a line ending with one of them
# continues on the next line even when that line starts with a capital
# ("của Thủ tướng\\nChính phủ", "Ban Bí thư Trung ương\\nĐảng").
CONTINUING_WORDS = frozenset(
    "của và với về cho tại trong các những đối là theo từ đến để nhằm hoặc "
    "hàng tướng ương ủy nhà sở ngân phòng chi số ngày tháng năm thư "
    "quyết chỉ kế kết thông nghị giao đề".split()
)


@dataclass
class Line:
    """One non-empty source line, cleaned."""
    number: int                      # 1-based line in the raw text
    text: str                        # NFC, bold marks removed, spaces squeezed
    cells: list[str] = field(default_factory=list)   # columns of a flattened two-column line
    blank_before: bool = False       # a blank line precedes it in the source
    indent: int = 0                  # leading spaces in the source (signature columns are indented)


@dataclass
class Paragraph:
    """Lines joined into one paragraph; `number` is its first line."""
    number: int
    text: str
    lines: list[Line] = field(default_factory=list)


class NotUtf8(Exception):
    def __init__(self, offset: int, byte: int):
        super().__init__(f"not valid UTF-8 (byte 0x{byte:02x} at offset {offset})")
        self.offset = offset


def decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUtf8(exc.start, raw[exc.start]) from None
    return text[1:] if text.startswith("\ufeff") else text


def squeeze(text: str) -> str:
    return " ".join(text.split())


def unitalic(text: str) -> str:
    m = MARKDOWN_ITALIC.match(text)
    return m[1] if m else text


def is_leftover(text: str) -> bool:
    return bool(LEFTOVER.match(fold(text).strip(" .")))


def is_page_number(text: str) -> bool:
    return bool(PAGE_NUMBER.match(text.strip()))


def is_separator(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and bool(SEPARATOR.match(stripped)) and not stripped.isalnum() \
        and stripped not in ("./.",)


def clean_lines(text: str) -> tuple[list[Line], list[tuple[int, str]]]:
    """Split raw text into cleaned lines; return them and the dropped lines (number, text)."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch not in ZERO_WIDTH)
    lines: list[Line] = []
    dropped: list[tuple[int, str]] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = raw.replace("\xa0", " ")
        raw = "".join(ch if ch.isprintable() or ch == "\t" else " " for ch in raw)
        unbold = MARKDOWN_BOLD.sub("", raw)
        if not unbold.strip():
            blank = True
            continue
        indent = len(unbold) - len(unbold.lstrip())
        stripped = unitalic(unbold.strip())
        if is_leftover(stripped) or is_page_number(stripped) or is_separator(stripped):
            dropped.append((number, stripped))
            continue
        if PIPE_ROW.match(stripped):
            parts = [unitalic(c.strip()) for c in stripped.strip("|").split("|")]
            cells = [squeeze(c) for c in parts if c.strip()]
            stripped = "   ".join(cells)
        else:
            cells = [squeeze(c) for c in COLUMN_GAP.split(stripped) if c.strip()]
        cells = merge_blanks([c for c in cells if not is_separator(c) and not is_leftover(c)])
        if not cells:
            dropped.append((number, stripped))
            continue
        lines.append(Line(number, squeeze(stripped), cells, blank, indent))
        blank = False
    if len(lines) > 10 and sum(ln.blank_before for ln in lines[1:]) >= 0.9 * (len(lines) - 1):
        # A blank line after every line (some PDF and HTML converters): blank lines
        # then say nothing about paragraphs, and the joining rules decide alone.
        for ln in lines:
            ln.blank_before = False
    return lines, dropped


# A blank left for a day, month or number is printed as a run of spaces
# ("Hưng Yên, ngày    tháng    năm 2024", "Số:      /UBND-TH"): not a column gap.
BLANK_BEFORE = re.compile(r"(?:\bngày|\btháng|\bSố\s*:?)$", re.I)
BLANK_AFTER = re.compile(r"^(?:tháng|năm|/)", re.I)


def merge_blanks(cells: list[str]) -> list[str]:
    out: list[str] = []
    for cell in cells:
        if out and (BLANK_BEFORE.search(out[-1]) or BLANK_AFTER.match(cell)):
            out[-1] = f"{out[-1]} {cell}"
        else:
            out.append(cell)
    return out


def starts_item(text: str) -> bool:
    return bool(ITEM_START.match(text)) or bool(FOOTNOTE_START.match(text))


def ends_sentence(text: str) -> bool:
    """Ends with . ; : ! ? — also inside closing quotes: 'tín dụng."' (a quotation ending a paragraph)."""
    return text.rstrip().rstrip("\"”»’'").endswith(TERMINAL)


def caps_line(text: str) -> bool:
    """A line in capitals: a heading ("MỤC ĐÍCH, YÊU CẦU") or a header or signature line."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) / len(letters) >= 0.8


def starts_lower(text: str) -> bool:
    first = text.lstrip("(\"“'«")[:1]
    return first.islower() or first.isdigit()


def last_word(text: str) -> str:
    words = text.split()
    return words[-1].strip(",").lower() if words else ""


def continues(prev: Line, line: Line, *, heading_like: bool = False,
              names: frozenset[str] = frozenset(), open_paren: bool = False,
              width: int = 0, one_per_line: bool = False) -> bool:
    """Whether `line` continues the paragraph that `prev` ends.

    A new item, or a blank line, starts a new paragraph; so does a line
    ending a sentence followed by a capital. A lowercase start always
    continues (OCR leaves stray periods mid-sentence: "thực.\\nhiện"), even
    across a blank line when the paragraph was cut without punctuation
    (a Word paragraph interrupted by footnotes, seed 003).
    """
    if line.text in ("./.", "/."):
        return True                 # the end mark printed alone under the last sentence
    if starts_item(line.text):
        return False
    if starts_lower(line.text):
        return not line.blank_before or not ends_sentence(prev.text)
    if one_per_line:
        return False                # web text: one paragraph a line (a capital starts a new one)
    if line.blank_before:
        return False
    if caps_line(prev.text) != caps_line(line.text):
        return False                # a heading in capitals stands alone ("NHIỆM VỤ, GIẢI PHÁP")
    if open_paren:
        return True                 # "(Hội Nông dân, ... Duàn.\nTNCS Hồ Chí Minh)" (seed 001)
    if ends_sentence(prev.text):
        # "tỉnh Thanh.\nHóa yêu cầu" (seed 001): a stray OCR period inside a
        # place name does not end the sentence.
        return prev.text.endswith(".") and _split_name(prev.text, line.text) in names
    wrapped = width > 0 and len(prev.text) >= 0.9 * width     # a full line wraps; a heading ends short
    if heading_like and not wrapped and last_word(prev.text) not in CONTINUING_WORDS:
        # "2. Phát huy vai trò ... xã hội" / "Các sở, ban, ngành ...": the heading
        # ends where a capitalised sentence starts (seed 001, II.2 and II.4).
        return False
    return True


def _split_name(before: str, after: str) -> str:
    words_before, words_after = before.rstrip(".").split(), after.split()
    if not words_before or not words_after:
        return ""
    return fold(words_before[-1] + " " + words_after[0])


def name_bigrams(names: list[str]) -> frozenset[str]:
    """Every pair of adjacent words in the given names, folded: 'thanh hoa', 'can tho'."""
    out: set[str] = set()
    for name in names:
        words = fold(name).split()
        out.update(" ".join(pair) for pair in zip(words, words[1:], strict=False))
    return frozenset(out)


def join(parts: list[str]) -> str:
    """Join broken lines with one space: the archive keeps the printed text."""
    return squeeze(" ".join(parts))


def line_width(lines: list[Line]) -> int:
    """The printed line width of a PDF's text: the 90th percentile of line lengths."""
    lengths = sorted(len(ln.text) for ln in lines if len(ln.text) > 20)
    return lengths[int(len(lengths) * 0.9)] if len(lengths) >= 20 else 0     # too few lines to tell


def one_paragraph_per_line(lines: list[Line]) -> bool:
    """Web and Word text keeps each paragraph on one long line; PDF text wraps at ~80 characters."""
    lengths = sorted(len(ln.text) for ln in lines)
    return bool(lengths) and lengths[len(lengths) // 2] > 120


def paragraphs(lines: list[Line], names: frozenset[str] = frozenset(), *,
               one_per_line: bool | None = None) -> list[Paragraph]:
    """Group lines into paragraphs (footnote lines are paragraphs of their own)."""
    out: list[Paragraph] = []
    current: list[Line] = []
    width = line_width(lines)
    if one_per_line is None:
        one_per_line = one_paragraph_per_line(lines)
    for line in lines:
        if current and continues(current[-1], line, heading_like=_heading_like(current),
                                   names=names, open_paren=_open_paren(current),
                                   width=width, one_per_line=one_per_line):
            current.append(line)
            continue
        if current:
            out.append(_paragraph(current))
        current = [line]
    if current:
        out.append(_paragraph(current))
    return out


def _open_paren(lines: list[Line]) -> bool:
    text = " ".join(ln.text for ln in lines)
    return text.count("(") > text.count(")")


def _paragraph(lines: list[Line]) -> Paragraph:
    return Paragraph(lines[0].number, join([ln.text for ln in lines]), list(lines))


HEADING_ITEM = re.compile(r"^(?:[IVXLC]+\.|\d{1,3}\.|Điều\s+\d+\.?)\s")


def _heading_like(current: list[Line]) -> bool:
    """A numbered item of at most two lines with no sentence end yet: maybe a heading."""
    if not HEADING_ITEM.match(current[0].text) or len(current) > 2:
        return False
    for prev, nxt in zip(current, current[1:], strict=False):
        if ends_sentence(prev.text) and not starts_lower(nxt.text):
            return False
    body = HEADING_ITEM.sub("", " ".join(ln.text for ln in current), count=1)
    return not any(nxt[:1].isupper() for nxt in re.findall(r"[.;:!?]\s+(\S)", body))
