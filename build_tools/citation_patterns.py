"""Every regular expression of the citation extractor, each with its reason.

Like eyecite's `regexes.py`: the finder, resolver and classifier in
`citations.py` only combine these. Each pattern names the real text it
exists for (seed file and the exact printed form). Seeds:

- 000 Cao Bằng Chỉ thị 09-CT/TU (web page)
- 001 Thanh Hóa Kế hoạch 6766/KH-UBND (PDF text, OCR errors, PDF line breaks)
- 002 Vĩnh Tường press report (short forms "Chỉ thị 40")
- 003 Hưng Yên letter /UBND-TH (Word text, footnotes)
- 004 Cần Thơ report excerpt (39-CT/TW)

Texts are expected in NFC (records are normalized on load; `cite` reads
files through NFC).
"""

from __future__ import annotations

import re

# --- building blocks --------------------------------------------------------

# Footnote markers (seed 003: "của Ban Bí thư¹", "của UBND tỉnh³") are
# alphanumeric to Python's \w; they must end a word, never continue it.
SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070-\u209f"
LETTER = r"[^\W\d_" + SUPERSCRIPTS + "]"
WORD_CHAR = r"[^\W" + SUPERSCRIPTS + "]"

# A gap that may hold a PDF line break: seed 001 prints "Chỉ thị số 40-\nCT/TW"
# and "ngày\n22/11/2014". At most one newline, so a blank line (a new
# paragraph) never joins two pieces of a citation.
GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
# One or more spaces, or a line break: "Thủ tướng\nChính phủ" (seed 001).
SP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"

# Document type words as printed, in the vocabulary's order. The finder has no
# corpus, so this mirrors data/vocabulary.yaml; tests/test_citations.py fails
# when the two disagree.
DOC_TYPE_NAMES: dict[str, str] = {
    "Chỉ thị": "chi-thi",
    "Kết luận": "ket-luan",
    "Nghị quyết": "nghi-quyet",
    "Quyết định": "quyet-dinh",
    "Kế hoạch": "ke-hoach",
    "Thông báo": "thong-bao",
    "Công văn": "cong-van",
    "Nghị định": "nghi-dinh",
    "Thông tư": "thong-tu",
    "Tờ trình": "to-trinh",
    "Báo cáo": "bao-cao",
    "Chương trình": "chuong-trinh",
    "Hướng dẫn": "huong-dan",
    "Quy định": "quy-dinh",
    "Luật": "luat",
}

# Number suffix code -> type, mirroring data/vocabulary.yaml `suffixes`.
# "6766/KH-UBND" is a ke-hoach; "1931/UBND-TH" a cong-van (seed 003).
SUFFIX_TYPES: dict[str, str] = {
    "CT": "chi-thi", "KL": "ket-luan", "NQ": "nghi-quyet", "QĐ": "quyet-dinh",
    "KH": "ke-hoach", "TB": "thong-bao", "UBND": "cong-van", "CV": "cong-van",
    "VPCP": "cong-van", "NHCS": "cong-van", "NĐ": "nghi-dinh",
    "TT": "thong-tu", "TTr": "to-trinh", "BC": "bao-cao", "CTr": "chuong-trinh",
    "HD": "huong-dan", "QĐi": "quy-dinh", "QH": "luat",
}

# Types cited by a bare number without "số" ("Chỉ thị 40", seed 002). Other
# words followed by a number are ordinary nouns too often: "kế hoạch 5 năm",
# "Chương trình 135" (a programme, not a document).
SHORT_FORM_TYPES = frozenset({"chi-thi", "ket-luan", "nghi-quyet", "quyet-dinh",
                              "nghi-dinh", "thong-tu", "thong-bao"})

# Canonical spelling of codes, keyed by the upper-cased printed form.
# "QĐ-TTG" (the architecture's example) -> "QĐ-TTg"; "TƯ" (Ư for W) -> "TW";
# "QD"/"ND" typed without Đ -> "QĐ"/"NĐ". "TU" (Tỉnh ủy) stays TU. "HD" is
# Hướng dẫn and is never mapped to HĐ.
CODE_CANON: dict[str, str] = {
    "TTG": "TTg", "TTR": "TTr", "CTR": "CTr", "QĐI": "QĐi",
    "QD": "QĐ", "ND": "NĐ", "HDND": "HĐND", "TƯ": "TW",
}

# Party numbers: the code after the slash names a Party body. Central ones
# identify the issuer's level; any other code is local (every province has
# its own "09-CT/TU", so a local number needs the citing province).
PARTY_ORG_CODES = ("TW", "TƯ", "TU", "HU", "ĐU", "QU", "TƯ")
CENTRAL_CODES = frozenset({"TW", "TTg", "CP", "VPCP", "QH", "NHNN", "BTC", "NHCS", "BTGTW"})

# --- the citation pattern ----------------------------------------------------

_TYPE_WORD = "|".join(
    SP.join(re.escape(syllable) for syllable in name.split())
    for name in sorted(DOC_TYPE_NAMES, key=len, reverse=True)
)


# "số" with its OCR and typing variants: "sô" (dropped accent), "Số:" (the
# header "Số:6766/KH-UBND", seed 001) and "số." — the stray OCR period of
# seed 001 "Chỉ thị số.\n40-CT/TW".
def _number_mark(group: str) -> str:
    return r"(?P<" + group + r">(?i:s[ốôo]))(?![^\W\d_])(?:[^\S\n]*[.:])?" + GAP

# Party form "40-CT/TW" (seeds 000, 001, 003, 004), with a space or a PDF line
# break around the hyphen: "06- KL/TW" (seed 000), "40-\nCT/TW" (seed 001),
# "40 -CT/TW"; any code before the slash so OCR "40-CU/TW" (seed 001) is
# still found and corrected from the type word.
_PARTY = (
    r"(?P<p_num>\d{1,5})" + GAP + "-" + GAP
    + r"(?P<p_code>[A-ZĐ][A-Za-zĐđ]{0,3})[^\S\n]?/[^\S\n]?"
    + r"(?P<p_org>[A-ZĐƯ][A-Za-zĐđƯư]{0,7})"
)
# Party form with the slash lost: "Chỉ thị 40-CTTW" (seed 000). Only known
# codes, since "CTTW" cannot be split otherwise.
_PARTY_NOSLASH = (
    r"(?P<q_num>\d{1,5})" + GAP + "-" + GAP
    + r"(?P<q_code>CTr|CT|KL|NQ|TB|QĐ|QD|KH|BC|HD|TTr)(?P<q_org>TW|TƯ|TU|HU|ĐU|QU)"
)
_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,7}\d{0,2}"
# State form "401/QĐ-TTg" (seed 001), "1931/UBND-TH", "449/TB-VPCP",
# "05/QĐ-TTg" and the year inside the number "100/2024/NĐ-CP" (seed 003),
# "27/2023/QH15" (laws).
_STATE = (
    r"(?P<s_num>\d{1,5})(?:/(?P<s_year>(?:19|20)\d\d))?[^\S\n]?/[^\S\n]?"
    r"(?P<s_codes>" + _CODE + r"(?:[^\S\n]*-" + GAP + _CODE + r"){0,3})"
)
# Short forms after a type word: "Chỉ thị số 40/2014", "Chỉ thị số 40",
# "Chỉ thị 40", "Kết luận số 06" (seed 002). Never a quantity or a span of
# years: "kế hoạch 5 năm 2021 - 2025" (seed 000), "10 năm", "40%".
_SHORT = (
    r"(?P<n_num>\d{1,5})(?:/(?P<n_year>(?:19|20)\d\d))?"
    r"(?![\d/%,.]\d|" + WORD_CHAR + r"|[%/-]|[^\S\n]*(?:%|(?i:năm|tháng|ngày|tỷ|triệu|nghìn|người|hộ|lần|giai)(?![^\W\d_])))"
)

# Date after the number: "ngày 22/11/2014", "ngày 10-6-2021" (architecture),
# "ngày 22 tháng 11 năm 2014." (seed 001), ", ngày 30/10/2024" (comma),
# "ngày\n14/3/2016" (PDF line break, seed 001).
_DATE = (
    r"(?:[^\S\n]*,)?" + SP + r"(?i:ngày|ngay)" + SP
    + r"(?:(?P<d>\d{1,2})[^\S\n]*(?P<sep>[/.-])[^\S\n]*(?P<m>\d{1,2})[^\S\n]*(?P=sep)[^\S\n]*(?P<y>\d{4})"
    + r"|(?P<d2>\d{1,2})" + SP + r"(?i:tháng)" + SP + r"(?P<m2>\d{1,2})" + SP
    + r"(?i:năm)" + SP + r"(?P<y2>\d{4}))"
)

# Words that end an issuer phrase: the title after it ("của Ban Bí thư về
# tăng cường ...", seed 000), a list ("... và Kế hoạch này", seed 001), a
# purpose ("nhằm", seed 001 "Trung trong Đảng nhằm").
_ISSUER_STOP = (r"(?:về|v/v|và|tại|nhằm|để|đã|đối|trên|theo|với|ban|cho|trong|là|thì|đến|được"
                r"|năm|ngày|việc|yêu|giao|cùng|hoặc|như|từ|trước|sau|các|những|phê|(?i:số)"
                # the next citation's type word: "của UBND tỉnh Quyết định số ..."
                r"|(?i:" + _TYPE_WORD + r"))(?![^\W\d_])")
# "của Ban Bí thư Trung ương Đảng" (seed 001), "của Thủ tướng\nChính phủ"
# (line break, seed 001), "của Tỉnh ủy", "của UBND tỉnh³" (seed 003: the
# footnote marker ends the phrase since tokens are letters only). Up to 9
# words; the finder keeps it only when it starts with a capital ("của tỉnh"
# names no body) and the resolver trims it to the longest organization alias.
ISSUER_TAIL = re.compile(
    r"(?:[^\S\n]*,)?" + SP + r"(?:của|do)" + SP
    + r"(?P<issuer>" + LETTER + "+(?:" + SP + r"(?!" + _ISSUER_STOP + r")" + LETTER + "+(?:&" + LETTER + "+)?){0,8})"
)

# What comes before the number: the type word and "số", both optional.
_HEAD = (
    r"(?<!" + WORD_CHAR + r"|[/.-])"
    r"(?:(?P<word>(?i:" + _TYPE_WORD + r"))(?![^\W\d_])" + SP + r"(?:" + _number_mark("so") + r")?"
    + r"|" + _number_mark("bare_so") + r")?"
    + r"(?<!" + WORD_CHAR + r"|[/-])"
)

# The whole mention. The type word is optional: a number alone is a citation
# when its suffix names a type ("Số 6766/KH-UBND"); the finder checks that.
CITATION = re.compile(
    _HEAD + r"(?:" + _PARTY + "|" + _PARTY_NOSLASH + "|" + _STATE + "|" + _SHORT + ")"
    + r"(?!" + WORD_CHAR + r"|/)"
    + r"(?:" + _DATE + r"(?!\d))?"
)

# --- where a citation can start (speed) -----------------------------------------
# CITATION tried at every offset of 40 MB of clause text costs seconds, and
# most offsets are far from any number. Every match holds a number, and
# between its start and the number's first digit there are only the type
# word and "số": letters, spaces, "." and ":", at most this many words.
# The finder tries CITATION only inside that zone before each digit run.
_PREFIX_WORDS = max(len(name.split()) for name in DOC_TYPE_NAMES) + 1     # "Chỉ thị" + "số"
# Written "\d\d*", not "\d+": a pattern that opens with a character class lets re skip ahead in C.
DIGIT_RUN = re.compile(r"\d\d*")
# Matched on the reversed text from a digit run backwards: the widest zone
# where the match holding that number may start.
PREFIX_ZONE_REVERSED = re.compile(r"[\s.:]*(?:" + LETTER + r"+[\s.:]*){0," + str(_PREFIX_WORDS) + "}")
# A match of CITATION starts exactly where this matches (a necessary
# condition), so searching it inside the zone finds the candidate starts.
CITATION_HEAD = re.compile(_HEAD + r"(?=\d)")

# "(sau đây gọi tắt là Chỉ thị số 40-CT/TW)" (seed 000): names the citation
# just before it; the mention inside is not a citation of its own.
ALIAS_DEFINITION = re.compile(r"\((?i:\s*sau\s+đây\s+(?:gọi|viết)\s+tắt\s+là|\s*gọi\s+tắt\s+là)[^()]*\)")

# "Số:" opening a line is a document's own number in its header (seed 001
# "Số:6766/KH-UBND"), not a mention of another document.
HEADER_NUMBER = re.compile(r"(?:^|\n)[^\S\n]*$")

# --- sentences and segments ---------------------------------------------------

# Sentence ends. A full stop ends a sentence only before a capital or a
# digit, which the splitter checks with str.isupper(): an OCR period before a
# lower-case word ("thực.\nhiện", seed 001) is no end.
FULL_STOP = re.compile(r"[.!?]+[\s\"”»)]+(?=\S)")
# Other ends: a blank line; a line opening with a clause label ("\n1. Mục
# đích", "\na) ...", "\n- ..."); a title line followed by the preamble's verb
# with no full stop between (seed 001: "...xã hội\nThực hiện Quyết định").
LINE_BREAK_END = re.compile(
    r"\n[^\S\n]*\n"
    r"|\n(?=[^\S\n]*(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)][^\S\n])"
    r"|\n(?=[^\S\n]*[-+•*][^\S\n])"
    r"|\n(?=[^\S\n]*(?:Thực hiện|Căn cứ|Triển khai|Tiếp tục|Để)(?![^\W\d_]))"
)
# Inside a sentence a semicolon ends a chain: seed 001 "...xã hội; UBND tỉnh
# xây dựng Kế hoạch triển khai thực hiện Chỉ thị số 40-CT/TW" and seed 003
# "...; Thông báo số 1692-TB/TU" (a second item under "Thực hiện").
SEGMENT_END = re.compile(r";")

# --- relation cues (matched on lower-cased text, spaces squeezed) ------------

_ADVERBS = r"(?:\s+(?:có hiệu quả|hiệu quả|tốt|nghiêm túc|nghiêm|đầy đủ|kịp thời|thắng lợi|sâu rộng))*"
_CONTENT = r"(?:\s+(?:các nội dung|nội dung|tinh thần))?"
# "tiếp tục thực hiện", "tiếp tục triển khai thực hiện" (seed 003's subject
# line "V/v tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW").
CONTINUES_CUE = re.compile(r"tiếp tục(?:\s+triển khai,?)?\s+thực hiện" + _ADVERBS + _CONTENT + r"\s*$")
# "Thực hiện Quyết định số 401/QĐ-TTg" (seed 001), "Triển khai thực hiện
# Chỉ thị" (seed 001 title), "triển khai, thực hiện Chỉ thị" and "Để thực
# hiện có hiệu quả Kết luận" (seed 000), "thực hiện nghiêm Chỉ thị" (002).
IMPLEMENTS_CUE = re.compile(r"(?:thực hiện|triển khai)(?:[\s,]+thực hiện)?" + _ADVERBS + _CONTENT + r"\s*$")
# "Căn cứ Quyết định ...", "căn cứ nhiệm vụ được giao tại Chỉ thị số
# 40-CT/TW" (seed 001).
BASED_ON_CUE = re.compile(r"căn cứ(?:\s+vào)?(?:\s+[^\s,;.]+){0,5}?(?:\s+(?:tại|theo|của))?\s*$")
# Before a cue: "Về tiếp tục thực hiện Chỉ thị ..." (seed 003, footnote 1)
# is the cited document's title; "Hội nghị tổng kết 10 năm thực hiện Chỉ
# thị" (seed 003) reviews the document rather than acting under it.
TITLE_SUBJECT_BEFORE_CUE = re.compile(r"(?:^|\s)về(?:\s+việc)?\s*$")
REVIEW_BEFORE_CUE = re.compile(r"(?:tổng kết|sơ kết|\d+ năm|kết quả|tình hình)\s*$")
# "về" opens the title of the document just cited, so a citation after it
# belongs to that title: "Kết luận số 06-KL/TW ... về tiếp tục thực hiện
# Chỉ thị số 40-CT/TW" (seed 000) cites 40-CT/TW, it does not continue it.
TITLE_INTRO = re.compile(r"(?<![^\W\d_])về(?![^\W\d_])")
# A list of citations sharing one verb: "Chỉ thị số 40-CT/TW ... và Kết luận
# số 06-KL/TW ..." and "Ban Bí thư¹, Thông báo số 449" (seed 003).
LIST_JOINER = re.compile(r"^[\s¹²³⁴⁵⁶⁷⁸⁹⁰,;]*(?:(?:và|cùng)\s*)?$")
