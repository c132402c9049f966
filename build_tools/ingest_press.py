"""Ingest, stage 2 for press reports: section, headline, date, captions, author.

A press page's text (seeds 000, 002, 004) has no official header: a section
label ("Kinh Tế"), the headline, a date line ("Thứ Năm, 25/11/2021",
"Chủ nhật 12/09/2021 06:00"), paragraphs with photo captions between them,
and an author line ("Bài, ảnh: Trần Tỉnh", or a bare name "Thảo Ngô"). A
page that reproduces a document (seed 000) opens with the publisher's lead
("Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU ... Nội dung Chỉ thị như sau:").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .ingest_clean import GLUED_TAG, Line, ends_sentence
from .ingest_header import IngestWarning
from .ingest_tail import is_name
from .vietnamese import fold

# "Thứ Năm, 25/11/2021" (seed 002), "Chủ nhật 12/09/2021 06:00" (seed 000),
# "25/11/2021 08:15", "Cập nhật: 08:15 25/11/2021", "Thứ 5, 25/11/2021 - 08:15 (GMT+7)".
PRESS_DATE = re.compile(
    r"^(?:(?:Cập nhật|Ngày đăng|Đăng ngày|Ngày)\s*:?\s*)?"
    r"(?:(?:Thứ\s+(?:Hai|Ba|Tư|Năm|Sáu|Bảy|[2-7])|Chủ\s+[Nn]hật|CN|T[2-7])\s*,?\s*)?"
    r"(?:(?P<t1>\d{1,2}:\d{2})\s*,?\s*)?"
    r"(?:ngày\s+)?(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})"
    r"(?:\s*[-|,]?\s*(?P<t2>\d{1,2}:\d{2})(?::\d{2})?)?(?:\s*\(?GMT\s*[+-]\s*\d{1,2}\)?)?\s*$",
    re.I,
)
# The author line: "Bài, ảnh: Trần Tỉnh" (seed 002), "Bài và ảnh:", "Tin, ảnh:", "Theo ...".
AUTHOR = re.compile(r"^(?:Bài\s*(?:,|và)\s*ảnh|Bài|Tin\s*(?:,|và)\s*ảnh|Tin|Ảnh|Nhóm PV|PV)\s*:\s*(?P<a>.+)$", re.I)
# The lead of a page that reproduces a document (seed 000).
REPRODUCED = re.compile(
    r"(?:vừa|đã|mới)\s+ban\s+hành\s+(?P<type>Chỉ thị|Kế hoạch|Nghị quyết|Kết luận|Quyết định|Thông báo|"
    r"Hướng dẫn|Quy định|Chương trình)\s+(?:số\s+)?(?P<number>\d+[-/][\w/\-.]*\w)",
)
CONTENT_FOLLOWS = re.compile(r"(?:như sau|sau đây)\s*:\s*$|toàn văn")
TYPE_IDS = {"chỉ thị": "chi-thi", "kế hoạch": "ke-hoach", "nghị quyết": "nghi-quyet", "kết luận": "ket-luan",
            "quyết định": "quyet-dinh", "thông báo": "thong-bao", "hướng dẫn": "huong-dan",
            "quy định": "quy-dinh", "chương trình": "chuong-trinh"}
# An excerpt starts mid-article: "Theo đó, ..." (seed 004).
EXCERPT_START = re.compile(r"^(?:Theo đó|Ngoài ra|Bên cạnh đó|Đồng thời|Cùng đó|Tuy nhiên|Trong đó)\b")


@dataclass
class Press:
    section: str | None = None
    headline: str | None = None
    headline_line: int | None = None
    published: str | None = None
    published_line: int | None = None
    author: str | None = None
    body_start: int = 0              # index of the first body line
    body_end: int = 0                # index after the last body line (author excluded)
    lead: str | None = None          # a reproduced document's lead paragraph
    lead_line: int | None = None
    reproduced_type: str | None = None
    reproduced_number: str | None = None
    excerpt: bool = False
    warnings: list[IngestWarning] = field(default_factory=list)


# Any short line made only of a date, a time and these words is a date line
# ("Cập nhật lúc 09:30 ngày 14/10/2024", "Thứ hai, 14/10/2024, 09:30 (GMT+7)").
DATE_IN_LINE = re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})(?!\d)")
DATE_WORDS = frozenset("thu hai ba tu nam sau bay chu nhat cn cap lúc luc ngay dang xuat ban gmt gio sang chieu toi "
                       "t2 t3 t4 t5 t6 t7 am pm".split())


def press_date(text: str) -> str | None:
    text = text.strip()
    m = PRESS_DATE.match(text)
    if not m and len(text) <= 70:
        m = DATE_IN_LINE.search(text)
        rest = fold(DATE_IN_LINE.sub(" ", text))
        rest = re.sub(r"\d{1,2}(?::|h)\d{2}(?::\d{2})?|gmt\s*[+-]\s*\d+|[^a-z0-9]+", " ", rest)
        if m and any(w not in DATE_WORDS and not w.isdigit() for w in rest.split()):
            m = None
    if not m:
        return None
    day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
    if not (1 <= day <= 31 and 1 <= month <= 12 and 1900 <= year <= 2100):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_press(lines: list[Line]) -> Press:
    press = Press(body_end=len(lines))
    date_at = next((i for i, ln in enumerate(lines[:15]) if press_date(ln.text)), None)
    if date_at is not None:
        press.published = press_date(lines[date_at].text)
        press.published_line = lines[date_at].number
        # Section label and headline stand just above the date; a site's menus above them.
        before = lines[max(0, date_at - 3):date_at]
        for ln in lines[:max(0, date_at - 3)]:
            press.warnings.append(IngestWarning(ln.number, "source", f"'{ln.text[:60]}' above the headline "
                                                                     "dropped as page furniture: check"))
        if before:
            head = max(before, key=lambda ln: len(ln.text))
            press.headline, press.headline_line = head.text, head.number
            short = [ln for ln in before if ln is not head and len(ln.text) <= 40]
            if short:
                press.section = short[0].text
        press.body_start = date_at + 1
        if not before and len(lines) > date_at + 2 and _headline_like(lines[date_at + 1].text):
            head = lines[date_at + 1]   # "25/11/2021 08:15" above the headline
            press.headline, press.headline_line = head.text, head.number
            press.body_start = date_at + 2
    elif lines and len(lines[0].text) <= 200 and not ends_sentence(lines[0].text) and len(lines) > 1:
        press.headline, press.headline_line = lines[0].text, lines[0].number
        press.body_start = 1
        press.warnings.append(IngestWarning(lines[0].number, "source.published",
                                       "no date line found: the publication date is unknown"))
    else:
        press.excerpt = True
        press.warnings.append(IngestWarning(lines[0].number if lines else None, "title",
                                       "no headline and no date line: the text looks like an excerpt "
                                       "(text: excerpt); type the title or editorial_title by hand"))
    _lead(press, lines)
    _author(press, lines)
    if lines[press.body_start:press.body_end] and EXCERPT_START.match(lines[press.body_start].text):
        press.excerpt = True
    return press


def _names(text: str) -> bool:
    """One or more names: 'Thảo Ngô', 'Thu Hà - Minh Anh', 'Thu Hà, Minh Anh'."""
    parts = [p.strip() for p in re.split(r"\s+[-–]\s+|,\s*", text) if p.strip()]
    return bool(parts) and all(is_name(p) for p in parts)


def _furniture(text: str) -> bool:
    """A short line without a sentence end after the article: a related link, a label."""
    return len(text) <= 100 and not ends_sentence(text)


def _headline_like(text: str) -> bool:
    return len(text) <= 200 and not ends_sentence(text)


def _author(press: Press, lines: list[Line]) -> None:
    """The author line: the last line, or an explicit 'Bài, ảnh:' line among the last three.

    Whatever follows an explicit author line is page furniture the cleaner did
    not know (a comment form, related links): it is dropped with a warning.
    """
    for at in range(press.body_end - 1, max(press.body_start, press.body_end - 3) - 1, -1):
        line = lines[at]
        text = GLUED_TAG.sub("", line.text).strip()
        m = AUTHOR.match(text)
        if m:
            press.author = m["a"].strip()
        elif _names(text) and not press.lead and all(_furniture(ln.text) for ln in lines[at + 1:press.body_end]):
            press.author = text          # seed 004; after a reproduced document a name is its signer
        else:
            continue
        if text != line.text:
            press.warnings.append(IngestWarning(line.number, "author", f"author line printed '{line.text}': "
                                                                       "page leftover dropped; add a note"))
        for after in lines[at + 1:press.body_end]:
            press.warnings.append(IngestWarning(after.number, "source", f"'{after.text[:60]}' after the author "
                                                                        "line dropped as page furniture: check"))
        press.body_end = at
        return


def _lead(press: Press, lines: list[Line]) -> None:
    if press.body_start >= press.body_end:
        return
    first = lines[press.body_start]
    m = REPRODUCED.search(first.text)
    if m and CONTENT_FOLLOWS.search(first.text):
        press.lead, press.lead_line = first.text, first.number
        press.reproduced_type = TYPE_IDS.get(m["type"].lower())
        press.reproduced_number = m["number"]
        press.body_start += 1
