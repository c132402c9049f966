"""Table tests per ingest recogniser, on lines from the seeds and the variants of issue 6 §2.

One row per real form; the comment on each row says which text it comes from.
"""

from __future__ import annotations

import pytest

from build_tools import ingest_body, ingest_clean, ingest_header, ingest_press, ingest_tail
from build_tools.ingest_clean import Line, clean_lines, paragraphs
from build_tools.ingest_header import DEFAULT_TYPES


def lines(*texts: str) -> list[Line]:
    """Cleaned lines from raw lines (blank strings make blank lines)."""
    return clean_lines("\n".join(texts))[0]


def para_texts(*texts: str, names: frozenset[str] = frozenset()) -> list[str]:
    return [p.text for p in paragraphs(lines(*texts), names)]


# --------------------------------------------------------------------------- clean
@pytest.mark.parametrize("text", [
    "Viết bình luận",                                   # seed 000: comment form title
    "Hãy sử dụng tiếng Việt có dấu khi viết bài. Bình luận của bạn sẽ được biên tập trước khi đăng",  # seed 000
    " (*)",                                             # seed 000: required-field mark
    "Số ký tự còn lại:",                                # seed 000: character counter
    "Protected by FormShield",                          # seed 000: captcha
    "Refresh",                                          # seed 000: captcha button
    "Ý kiến của bạn",                                   # seed 002: comment form
    "Họ tên:",                                          # seed 002: comment form field
    "Email:",                                           # seed 002: comment form field
    "Chia sẻ",                                          # share button on news pages
    "Gửi bình luận",                                    # submit button
    "Chia sẻ bài viết",                                 # share button with its object
    "Nhập lại",                                         # comment-form reset button
    "Tags: tín dụng chính sách, Thái Bình",             # tag list under the article
    "Trang chủ > Kinh tế > Ngân hàng",                  # breadcrumb above the headline
    "Lượt xem: 1234",                                   # view counter
])
def test_web_leftovers_are_dropped(text):
    assert lines("Đoạn văn bản thật.", text) == lines("Đoạn văn bản thật.")


@pytest.mark.parametrize("text", [
    "Chia sẻ tại hội nghị, ông Nguyễn Văn B cho biết nguồn vốn tăng.",   # a sentence that starts like a button
    "Email và điện thoại của cán bộ tín dụng được niêm yết tại điểm giao dịch.",  # ... or like a form field
    "Nơi nhận:",                                                          # seeds 001, 003: kept for the tail
])
def test_text_is_not_a_leftover(text):
    assert [ln.text for ln in lines(text)] == [text]


@pytest.mark.parametrize("text", [
    "2",            # seed 001: page number alone on a line
    "5",            # seed 001: last page number after the signer
    "- 3 -",        # PDF footers centred between dashes
    "Trang 4",      # "Trang N" footers
])
def test_page_numbers_are_dropped(text):
    assert ingest_clean.is_page_number(text)


@pytest.mark.parametrize("text, expected", [
    ("-------", True),          # separator under header columns (issue 6 §2)
    ("*", True),                # Party documents: star under the issuer
    ("---o0o---", True),        # decorative separator
    ("- Như trên;", False),     # a recipient, not a separator (seed 003)
    ("./.", False),             # end mark of a document body
])
def test_separators(text, expected):
    assert ingest_clean.is_separator(text) is expected


@pytest.mark.parametrize("raw, cells", [
    # seed 001: two-column header flattened onto one line
    ("ỦY BAN NHÂN DÂN   CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["ỦY BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    # seed 001: number and place-and-date on one line
    ("Số:6766/KH-UBND   Thanh Hóa, ngày 05 tháng 5 năm 2016", ["Số:6766/KH-UBND", "Thanh Hóa, ngày 05 tháng 5 năm 2016"]),
    # seed 001: recipients' column and signature column share a line
    ("Nơi nhận:   KT. CHỦ TỊCH", ["Nơi nhận:", "KT. CHỦ TỊCH"]),
    # seed 003: Markdown bold from a Word export
    ("**ỦY BAN NHÂN DÂN", ["ỦY BAN NHÂN DÂN"]),
    # seed 000: signature indented with spaces is one cell
    ("                                   T/M BAN THƯỜNG VỤ", ["T/M BAN THƯỜNG VỤ"]),
])
def test_columns_and_bold(raw, cells):
    assert lines(raw)[0].cells == cells


@pytest.mark.parametrize("raw, expected", [
    # seed 001: an OCR period mid-sentence, the next line lowercase: one paragraph
    (["b) Nâng cao nhận thức trong việc thực.", "hiện có hiệu quả."], ["b) Nâng cao nhận thức trong việc thực. hiện có hiệu quả."]),
    # seed 001: a hyphen at the end of a line is kept and joined with one space
    (["Trên đây là Kế hoạch thực hiện Chỉ thị số 40-", "CT/TW ngày 22/11/2014."], ["Trên đây là Kế hoạch thực hiện Chỉ thị số 40- CT/TW ngày 22/11/2014."]),
    # seed 001: a capital after a line without a sentence end continues ("Thủ tướng / Chính phủ")
    (["Thực hiện Quyết định số 401/QĐ-TTg của Thủ tướng", "Chính phủ về việc ban hành Kế hoạch."], ["Thực hiện Quyết định số 401/QĐ-TTg của Thủ tướng Chính phủ về việc ban hành Kế hoạch."]),
    # seed 001: a sentence end followed by a capital ends the paragraph
    (["báo cáo Chủ tịch UBND tỉnh.", "Trên đây là Kế hoạch."], ["báo cáo Chủ tịch UBND tỉnh.", "Trên đây là Kế hoạch."]),
    # seed 001: a new item always starts a new paragraph
    (["hội, cụ thể như sau:", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"], ["hội, cụ thể như sau:", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]),
    # seed 001: a page number between two halves of a sentence is dropped and the halves joined
    (["chỉ đạo công tác giám sát, kiểm tra việc thực", "3", "hiện các chương trình."], ["chỉ đạo công tác giám sát, kiểm tra việc thực hiện các chương trình."]),
    # seed 001: heading line(s) of a numbered item, then a capitalised sentence: two paragraphs
    (["2. Phát huy vai trò của Mặt trận Tổ quốc, các tổ chức", "chính trị - xã hội trong việc thực hiện tín dụng chính sách xã hội", "Các sở, ban, ngành cần phối hợp chặt chẽ."],
     ["2. Phát huy vai trò của Mặt trận Tổ quốc, các tổ chức chính trị - xã hội trong việc thực hiện tín dụng chính sách xã hội", "Các sở, ban, ngành cần phối hợp chặt chẽ."]),
    # seed 001: an OCR period inside an open parenthesis does not end the sentence
    (["các cấp (Hội Nông dâu, Hội Cụu chiến bảnh và Duàn.", "TNCS Hồ Chí Minh) tham gia thực hiện:"], ["các cấp (Hội Nông dâu, Hội Cụu chiến bảnh và Duàn. TNCS Hồ Chí Minh) tham gia thực hiện:"]),
    # seed 003: a Word paragraph cut by a blank line without a sentence end continues in lowercase
    (["- Tăng cường vai trò đối với các hoạt động", "", "tín dụng chính sách xã hội."], ["- Tăng cường vai trò đối với các hoạt động tín dụng chính sách xã hội."]),
    # seed 002: blank lines separate web paragraphs
    (["Ngoài ra, hằng năm bố trí vốn.", "", "MTTQ, các tổ chức chính trị đã phát huy."], ["Ngoài ra, hằng năm bố trí vốn.", "MTTQ, các tổ chức chính trị đã phát huy."]),
])
def test_paragraph_joining(raw, expected):
    assert para_texts(*raw) == expected


def test_stray_period_inside_a_place_name():
    # seed 001: "tỉnh Thanh.\nHóa yêu cầu" — the period splits a province name
    names = ingest_clean.name_bigrams(["Thanh Hóa"])
    assert para_texts("trên địa bàn tỉnh Thanh.", "Hóa yêu cầu các sở.", names=names) == \
        ["trên địa bàn tỉnh Thanh. Hóa yêu cầu các sở."]


# --------------------------------------------------------------------------- header
def header(*texts: str) -> ingest_header.Header:
    return ingest_header.read_header(lines(*texts), DEFAULT_TYPES)


@pytest.mark.parametrize("cell, number, blank", [
    ("Số: 6766/KH-UBND", "6766/KH-UBND", False),        # the usual form
    ("Số:6766/KH-UBND", "6766/KH-UBND", False),         # seed 001: no space after the colon
    ("Số 327-KH/TU", "327-KH/TU", False),               # Party documents print no colon
    ("Số: /UBND-TH", None, True),                       # seed 003: number left blank
    ("Số: 1234 /QĐ- UBND", "1234/QĐ-UBND", False),     # stray spaces around separators
])
def test_number_line(cell, number, blank):
    h = header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", cell)
    assert (h.number, h.number_blank) == (number, blank)


@pytest.mark.parametrize("cell, place, date", [
    ("Thanh Hóa, ngày 05 tháng 5 năm 2016", "Thanh Hóa", "2016-05-05"),    # seed 001
    ("Hưng Yên, ngày tháng 11 năm 2024", "Hưng Yên", "2024-11"),          # seed 003: day left blank
    ("Hưng Yên, ngày    tháng    năm 2024", "Hưng Yên", "2024"),          # day and month blank
    ("Cao Bằng, ngày 12 tháng 3 năm 2025", "Cao Bằng", "2025-03-12"),     # Party plan
    ("Hà Nội, ngày 31 tháng 13 năm 2024", "Hà Nội", "2024"),              # impossible month: year only
])
def test_place_and_date_line(cell, place, date):
    h = header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", cell)
    assert (h.place, h.date) == (place, date)


@pytest.mark.parametrize("type_line, type_id", [
    ("KẾ HOẠCH", "ke-hoach"),        # seed 001
    ("CHỈ THỊ", "chi-thi"),          # Party directives
    ("THÔNG BÁO", "thong-bao"),      # notices
    ("QUYẾT ĐỊNH", "quyet-dinh"),    # decisions
    ("BÁO CÁO", "bao-cao"),          # reports
    ("NGHỊ QUYẾT", "nghi-quyet"),    # resolutions
])
def test_type_line_and_title(type_line, type_id):
    h = header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", type_line,
               "Triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014",
               "của Ban Bí thư Trung ương Đảng", "Thực hiện Quyết định số 401/QĐ-TTg ngày 14/3/2016 của Thủ tướng")
    assert h.type == type_id
    assert h.title == "Triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư Trung ương Đảng"


def test_letter_vv_line_and_addressees():
    # seed 003: V/v over three lines, then "Kính gửi:" with a list
    h = header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: /UBND-TH", "", "V/v tiếp tục triển khai thực hiện",
               "Chỉ thị số 40-CT/TW ngày 22/11/2014", "của Ban Bí thư", "", "Kính gửi:", "",
               "- Các sở, ban, ngành tỉnh;", "- UBND các huyện, thị xã, thành phố.", "",
               "Thực hiện Thông báo số 449/TB-VPCP, UBND tỉnh yêu cầu:")
    assert h.is_letter
    assert h.title == "tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư"
    assert h.addressees == ["Các sở, ban, ngành tỉnh;", "UBND các huyện, thị xã, thành phố."]


def test_single_line_addressee():
    # "Kính gửi: Ủy ban nhân dân các huyện" on one line
    h = header("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "V/v bố trí vốn ủy thác", "Kính gửi: Ủy ban nhân dân các huyện")
    assert h.addressees == ["Ủy ban nhân dân các huyện"]


@pytest.mark.parametrize("raw, issuer_lines", [
    # seed 001: two-column header; the national header is not the issuer
    (["ỦY BAN NHÂN DÂN   CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH THANH HÓA   Độc lập - Tự do - Hạnh phúc"],
     ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]),
    # Party header: "ĐẢNG CỘNG SẢN VIỆT NAM" is not the issuer, the star is a separator
    (["TỈNH ỦY CAO BẰNG   ĐẢNG CỘNG SẢN VIỆT NAM", "*"], ["TỈNH ỦY CAO BẰNG"]),
    # seed 003: bold Word header, columns on separate lines
    (["**ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN**", "", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc**"],
     ["ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN"]),
])
def test_issuer_lines(raw, issuer_lines):
    assert [ln.text for ln in header(*raw).issuer_lines] == issuer_lines


def test_press_page_has_no_official_header():
    # seed 002: section label, headline, date line
    assert not header("Kinh Tế", "", "Vĩnh Tường tăng cường sự lãnh đạo của Đảng", "", "Thứ Năm, 25/11/2021").found


@pytest.mark.parametrize("number, type_id", [
    ("6766/KH-UBND", "ke-hoach"),    # seed 001
    ("09-CT/TU", "chi-thi"),         # seed 000
    ("/UBND-TH", "cong-van"),        # seed 003: a letter's blank number still names its code
    ("100/2024/NĐ-CP", "nghi-dinh"),  # cited decree
])
def test_type_from_number(number, type_id):
    assert ingest_header.type_from_number(number, DEFAULT_TYPES) == type_id


# --------------------------------------------------------------------------- tail
def test_digital_signature_lines():
    # seed 001: portal signature lines at the top
    dsig, rest, warnings = ingest_tail.digital_signature(lines(
        "Ký bởi: Văn phòng Ủy ban Nhân dân", "Thời gian ký: 05/05/2016 16:35:04", "ỦY BAN NHÂN DÂN"))
    assert dsig == {"signed_by": "Văn phòng Ủy ban Nhân dân", "signed_at": "2016-05-05T16:35:04"}
    assert [ln.text for ln in rest] == ["ỦY BAN NHÂN DÂN"] and not warnings


@pytest.mark.parametrize("raw, recipients, signer", [
    # seed 001: recipients and signature share lines; the name comes after the list
    (["Nơi nhận:   KT. CHỦ TỊCH", "- TTr Tỉnh ủy, HĐND tỉnh (để báo cáo);   PHÓ CHỦ TỊCH", "- Lưu: VT, KTTC.", "Lê Thị Thìn"],
     ["TTr Tỉnh ủy, HĐND tỉnh (để báo cáo);", "Lưu: VT, KTTC."], ("Lê Thị Thìn", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")),
    # seed 003: list, then a three-line authority block and the name
    (["Nơi nhận:", "", "- Như trên;", "- Lưu: VT, TH^M.", "", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
      "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "", "Nguyễn Lê Huy"],
     ["Như trên;", "Lưu: VT, TH^M."], ("Nguyễn Lê Huy", "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "KT. CHỦ TỊCH")),
    # seed 000: T/M, title, "Đã ký", name, no recipients
    (["T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Đã ký", "Lại Xuân Môn"], [], ("Lại Xuân Môn", "BÍ THƯ", "T/M BAN THƯỜNG VỤ")),
    # a Party plan whose signature has no name
    (["Nơi nhận:   T/M BAN THƯỜNG VỤ", "- Ban Bí thư (để báo cáo),   PHÓ BÍ THƯ THƯỜNG TRỰC", "- Lưu Văn phòng Tỉnh ủy."],
     ["Ban Bí thư (để báo cáo),", "Lưu Văn phòng Tỉnh ủy."], (None, "PHÓ BÍ THƯ THƯỜNG TRỰC", "T/M BAN THƯỜNG VỤ")),
])
def test_recipients_and_signature(raw, recipients, signer):
    ls = lines("Nội dung cuối cùng của văn bản.", *raw)
    tail = ingest_tail.read_tail(ls[ingest_tail.find_tail(ls, 0):])
    assert tail.recipients == recipients
    assert (tail.signer_name, tail.signer_title, tail.on_behalf) == signer


def test_author_name_alone_is_not_a_signature():
    # seed 004: "Thảo Ngô" ends the excerpt; no authority line, so no signature block
    ls = lines("Ban Thường vụ Thành ủy yêu cầu các nhiệm vụ.", "Thảo Ngô")
    assert ingest_tail.find_tail(ls, 0) == len(ls)


@pytest.mark.parametrize("text, expected", [
    ("Lê Thị Thìn", True),           # seed 001
    ("Lại Xuân Môn", True),          # seed 000
    ("PHÓ CHỦ TỊCH", False),         # a title, not a name
    ("Đã ký", False),                # the copy's stamp
    ("Trên đây là Kế hoạch", False),  # running text
])
def test_names(text, expected):
    assert ingest_tail.is_name(text) is expected


# --------------------------------------------------------------------------- body
def tree(*texts: str) -> list[dict]:
    body = ingest_body.read_body(lines(*texts))
    return [n.to_record() for n in body.clauses]


def test_plan_tree_with_headings():
    # seed 001: I. / 1. heading / a) text; a heading followed by a sentence of its own
    assert tree("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "a) Tổ chức thực hiện.", "b) Nâng cao nhận thức.",
                "2. Phát huy vai trò của Mặt trận Tổ quốc", "Các sở, ban, ngành phối hợp:", "a) Tuyên truyền.") == [
        {"label": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "children": [
            {"label": "1", "heading": "Mục đích", "children": [
                {"label": "a", "text": "Tổ chức thực hiện."}, {"label": "b", "text": "Nâng cao nhận thức."}]},
            {"label": "2", "heading": "Phát huy vai trò của Mặt trận Tổ quốc", "text": "Các sở, ban, ngành phối hợp:",
             "children": [{"label": "a", "text": "Tuyên truyền."}]}]}]


def test_letter_items_with_dashes_and_a_plain_paragraph():
    # seed 003: "1. heading" with "-" items; seed 000: a plain paragraph inside item 2
    assert tree("1. Các cơ quan, tổ chức, đơn vị", "- Tiếp tục tuyên truyền.", "- Đẩy mạnh mô hình.",
                "2. Tập trung rà soát cơ chế.", "Trong kế hoạch hằng năm, bố trí vốn.") == [
        {"label": "1", "heading": "Các cơ quan, tổ chức, đơn vị", "children": [
            {"label": "-", "text": "Tiếp tục tuyên truyền."}, {"label": "-", "text": "Đẩy mạnh mô hình."}]},
        {"label": "2", "text": "Tập trung rà soát cơ chế.", "children": [{"text": "Trong kế hoạch hằng năm, bố trí vốn."}]}]


def test_decision_articles():
    # decisions: "Điều 1." is label "1", its khoản "1." and điểm "a)" nest below
    assert tree("Điều 1. Ủy thác vốn sang Ngân hàng Chính sách xã hội.", "1. Cho vay hộ nghèo:", "a) Hộ mới thoát nghèo.",
                "Điều 2. Quyết định có hiệu lực từ ngày ký.") == [
        {"label": "1", "text": "Ủy thác vốn sang Ngân hàng Chính sách xã hội.", "children": [
            {"label": "1", "text": "Cho vay hộ nghèo:", "children": [{"label": "a", "text": "Hộ mới thoát nghèo."}]}]},
        {"label": "2", "text": "Quyết định có hiệu lực từ ngày ký."}]


@pytest.mark.parametrize("text, kind, label", [
    ("I. MỤC ĐÍCH, YÊU CẦU", "roman", "I"),                    # seed 001
    ("1. Mục đích", "number", "1"),                             # seed 001
    ("a) Tổ chức thực hiện", "letter", "a"),                   # seed 001
    ("đ) Điểm thứ năm", "letter", "đ"),                        # Vietnamese sixth letter
    ("- Tiếp tục đẩy mạnh", "dash", "-"),                      # seed 003
    ("+ Năm 2025 tăng 10%", "plus", "+"),                      # sub-bullets
    ("... Chỉ đạo Ban giảm nghèo cấp xã", "ocr-dash", "-"),    # seed 001: OCR read "-" as "..."
    ("Điều 1. Phạm vi", "article", "1"),                       # decisions
    ("Trong kế hoạch phát triển", None, None),                 # seed 000: a plain paragraph
])
def test_labels(text, kind, label):
    assert ingest_body.parse_label(text)[:2] == (kind, label)


def test_footnotes_interleaved_in_the_body():
    # seed 003: footnote texts interrupt a paragraph; the paragraph continues after them
    body = ingest_body.read_body(lines(
        "1. Các cơ quan, tổ chức, đơn vị", "",
        "- Quán triệt Kết luận số 06-KL/TW của Ban Bí thư¹, Chỉ thị số 36-CT/TU². Cấp ủy,", "",
        "¹ Về tiếp tục thực hiện Chỉ thị số 40-CT/TW", "", "² Về công tác tín dụng chính sách xã hội", "",
        "chính quyền các cấp xác định nhiệm vụ."))
    assert body.clauses[0].children[0].text.endswith("Cấp ủy, chính quyền các cấp xác định nhiệm vụ.")
    assert body.footnotes == [
        {"marker": "¹", "text": "Về tiếp tục thực hiện Chỉ thị số 40-CT/TW", "clause": "1.1"},
        {"marker": "²", "text": "Về công tác tín dụng chính sách xã hội", "clause": "1.1"}]


def test_preamble_and_closing():
    # seed 001: "Thực hiện ..." before the first item; "Trên đây là ..." after the last
    body = ingest_body.read_body(lines("Thực hiện Quyết định số 401/QĐ-TTg, UBND tỉnh xây dựng Kế hoạch như sau:",
                                       "1. Các sở, ban, ngành thực hiện.", "Trên đây là Kế hoạch thực hiện."))
    assert body.preamble == ["Thực hiện Quyết định số 401/QĐ-TTg, UBND tỉnh xây dựng Kế hoạch như sau:"]
    assert body.closing == ["Trên đây là Kế hoạch thực hiện."]


# --------------------------------------------------------------------------- press
@pytest.mark.parametrize("text, iso", [
    ("Thứ Năm, 25/11/2021", "2021-11-25"),          # seed 002
    ("Chủ nhật 12/09/2021 06:00", "2021-09-12"),    # seed 000
    ("25/11/2021 08:15", "2021-11-25"),             # date then time
    ("Thứ 5, 25/11/2021 - 08:15 (GMT+7)", "2021-11-25"),  # news portals
    ("Cập nhật: 08:15 25/11/2021", "2021-11-25"),   # "updated" lines
    ("Theo Chỉ thị ngày 22/11/2014 của Ban Bí thư", None),  # running text with a date is not a date line
])
def test_press_date_line(text, iso):
    assert ingest_press.press_date(text) == iso


@pytest.mark.parametrize("last, author", [
    ("Bài, ảnh: Trần TỉnhTAG:", "Trần Tỉnh"),   # seed 002: the page's TAG label glued to the author
    ("Thảo Ngô", "Thảo Ngô"),                   # seed 004: a bare name as the last line
    ("Bài và ảnh: Minh Anh", "Minh Anh"),       # common variant
])
def test_press_author(last, author):
    press = ingest_press.read_press(lines("Kinh Tế", "Tiêu đề bài viết", "Thứ Năm, 25/11/2021",
                                          "Đoạn văn thứ nhất của bài.", last))
    assert press.author == author


def test_press_reproducing_a_directive():
    # seed 000: the publisher's lead names the document and announces its content
    press = ingest_press.read_press(lines(
        "Chỉ thị của Ban Thường vụ Tỉnh ủy về tín dụng chính sách xã hội", "Chủ nhật 12/09/2021 06:00",
        "Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU lãnh đạo thực hiện Kết luận số 06-KL/TW. Nội dung Chỉ thị như sau:",
        "Trong những năm qua, cấp ủy đã quan tâm.", "1. Tiếp tục quán triệt."))
    assert (press.reproduced_type, press.reproduced_number, press.published) == ("chi-thi", "09-CT/TU", "2021-09-12")
    assert press.lead.startswith("Tỉnh ủy vừa ban hành")


# --------------------------------------------------------------------------- export variants
@pytest.mark.parametrize("raw, cells", [
    # Word-to-Markdown: italics around a whole line
    ("*Hưng Yên, ngày 20 tháng 01 năm 2025*", ["Hưng Yên, ngày 20 tháng 01 năm 2025"]),
    # Word-to-Markdown: the layout table of a signature row becomes a pipe row
    ("| **Nơi nhận:** - Ban Bí thư (để b/c), | **T/M BAN THƯỜNG VỤ** |", ["Nơi nhận: - Ban Bí thư (để b/c),", "T/M BAN THƯỜNG VỤ"]),
    # a blank day printed as a run of spaces is not a column gap
    ("Hưng Yên, ngày    tháng 11   năm 2024", ["Hưng Yên, ngày tháng 11 năm 2024"]),
])
def test_markdown_and_blank_runs(raw, cells):
    assert lines(raw)[0].cells == cells


def test_pipe_table_separator_row_is_dropped():
    # the "|---|---|" line under a Markdown table header
    assert [ln.text for ln in lines("|---|---|", "Nội dung.")] == ["Nội dung."]


@pytest.mark.parametrize("cell, parts", [
    # one table cell holding the authority line and the title (Word export)
    ("T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC", ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC"]),
    # seed 003's three lines run together
    ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH THƯỜNG TRỰC",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"]),
    # a name is left alone
    ("Nguyễn Lê Huy", ["Nguyễn Lê Huy"]),
])
def test_signature_cells_split(cell, parts):
    assert ingest_tail.split_signature_cell(cell) == parts


def test_recipients_inline_after_the_label():
    # a pipe-table cell: "Nơi nhận: - A, - B, - C."
    tail = ingest_tail.read_tail(lines("Nơi nhận: - Ban Bí thư (để b/c), - Các huyện ủy, - Lưu Văn phòng Tỉnh ủy."))
    assert tail.recipients == ["Ban Bí thư (để b/c),", "Các huyện ủy,", "Lưu Văn phòng Tỉnh ủy."]


def test_signature_before_recipients_with_name():
    # Word export: the signature column comes first, then "Nơi nhận:"
    ls = lines("Nội dung cuối cùng.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Chung", "Nơi nhận:", "- Như trên;")
    tail = ingest_tail.read_tail(ls[ingest_tail.find_tail(ls, 0):])
    assert (tail.signer_name, tail.signer_title, tail.on_behalf, tail.recipients) == \
        ("Trần Văn Chung", "CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", ["Như trên;"])


def test_portal_signature_lines_at_the_end():
    # "Ký bởi", then the portal's "Email:" and "Cơ quan:", then the time with a zone
    dsig, rest, _ = ingest_tail.digital_signature(lines(
        "Nguyễn Văn Thành", "Ký bởi: Ủy ban Nhân dân tỉnh Quảng Ninh", "Email: ubnd@quangninh.gov.vn",
        "Cơ quan: Tỉnh Quảng Ninh", "Thời gian ký: 10.01.2025 09:12:45 +07:00"))
    assert dsig == {"signed_by": "Ủy ban Nhân dân tỉnh Quảng Ninh", "signed_at": "2025-01-10T09:12:45"}
    assert [ln.text for ln in rest] == ["Nguyễn Văn Thành"]


def test_web_text_keeps_one_paragraph_a_line():
    # news pages give each paragraph on one line with no blank line between
    got = [p.text for p in paragraphs(lines("Đến nay, tổng nguồn vốn đạt trên 7.000 tỷ đồng",
                                            "Cán bộ Ngân hàng giải ngân vốn vay"), one_per_line=True)]
    assert got == ["Đến nay, tổng nguồn vốn đạt trên 7.000 tỷ đồng", "Cán bộ Ngân hàng giải ngân vốn vay"]


def test_author_followed_by_related_links():
    # "Minh Hương", then a related article's title the cleaner did not know
    press = ingest_press.read_press(lines("Tiêu đề", "Thứ Hai, 14/10/2024 - 09:30", "Đoạn văn của bài.",
                                          "Minh Hương", "Ngân hàng CSXH tỉnh tổng kết 10 năm"))
    assert press.author == "Minh Hương" and press.body_end == 3
    assert any(w.field == "source" for w in press.warnings)


@pytest.mark.parametrize("header_lines, issuer", [
    (["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"], "ubnd-thanh-hoa"),            # seed 001
    (["ỦY BAN NHÂN DÂN", "TỈNH THANH HOÁ"], "ubnd-thanh-hoa"),            # the other tone placement
    (["UBND TỈNH HƯNG YÊN"], "ubnd-hung-yen"),                           # the abbreviation
    (["TỈNH ỦY CAO BẰNG"], "tinh-uy-cao-bang"),                          # Party header
    (["ĐẢNG BỘ TỈNH HƯNG YÊN", "TỈNH ỦY"], "tinh-uy-hung-yen"),          # Party committee under its Đảng bộ line
    (["THÀNH ỦY CẦN THƠ"], "thanh-uy-can-tho"),                          # city Party committee
])
def test_issuer_resolution(header_lines, issuer):
    from ingest_cases import ROOT

    from build_tools import ingest_issuer
    from build_tools.records import load_corpus
    assert ingest_issuer.resolve(header_lines, None, load_corpus(ROOT)).issuer == issuer


@pytest.mark.parametrize("header_lines, place, proposed_id, level", [
    (["ỦY BAN NHÂN DÂN", "TỈNH NAM ĐỊNH"], None, "ubnd-nam-dinh", "province"),     # an unknown province
    (["UBND HUYỆN HẢI HẬU"], None, "ubnd-huyen-hai-hau", "district"),              # an unknown district
    (["TỈNH ỦY"], "Quảng Ninh", "tinh-uy-quang-ninh", "province"),                 # the place comes from the date line
])
def test_unknown_bodies_are_proposed(header_lines, place, proposed_id, level):
    from build_tools import ingest_issuer
    res = ingest_issuer.resolve(header_lines, place, None)
    assert (res.issuer, res.proposed["id"], res.proposed["level"]) == (None, proposed_id, level)


def test_generic_party_committee_is_not_guessed():
    # seed 000's lead says only "Tỉnh ủy"
    from build_tools import ingest_issuer
    res = ingest_issuer.resolve(["Tỉnh ủy"], None, None)
    assert (res.issuer, res.proposed, res.generic) == (None, None, True)


def test_recipients_without_dashes():
    # a Word export that lost the list's dashes
    ls = lines("Nội dung cuối cùng.", "Nơi nhận:", "Như trên;", "Lưu: VT.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn A")
    tail = ingest_tail.read_tail(ls[ingest_tail.find_tail(ls, 0):])
    assert (tail.recipients, tail.signer_name) == (["Như trên;", "Lưu: VT."], "Lê Văn A")


def test_portal_lines_above_the_header_are_skipped():
    # a legal-text portal's own lines ("Tải văn bản", "Lược đồ") above the issuer's lines
    ls = lines("Tải văn bản", "Lược đồ", "ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "Số: 12/KH-UBND", "KẾ HOẠCH", "Về tín dụng chính sách", "1. Nội dung.")
    h = ingest_header.read_header(ls, DEFAULT_TYPES)
    assert h.start == 2 and [ln.text for ln in h.issuer_lines] == ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]
    assert (h.number, h.type, h.title) == ("12/KH-UBND", "ke-hoach", "Về tín dụng chính sách")


def test_recipient_wrapped_onto_a_capitalised_line():
    # PDF: "- Các đồng chí Ủy viên Ban Thường vụ" / "Tỉnh ủy;" is one recipient
    tail = ingest_tail.read_tail(lines("Nơi nhận:", "- Các đồng chí Ủy viên Ban Thường vụ", "Tỉnh ủy;", "- Lưu: VT."))
    assert tail.recipients == ["Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy;", "Lưu: VT."]


@pytest.mark.parametrize("text, label", [
    ("a. Tổ chức quán triệt", "a"),          # points written "a." in some plans
    ("\uf0b7 Đẩy mạnh tuyên truyền", "-"),   # Word's Symbol-font bullet
    ("▪ Đẩy mạnh tuyên truyền", "-"),        # square bullet
])
def test_label_variants(text, label):
    assert ingest_body.parse_label(text)[1] == label


@pytest.mark.parametrize("cells, expected", [
    # columns run together by one space: the national header is cut out by its words
    (["ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ["ỦY BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"]),
    (["TỈNH THANH HÓA Độc lập - Tự do - Hạnh phúc"], ["TỈNH THANH HÓA", "Độc lập - Tự do - Hạnh phúc"]),
    (["TỈNH ỦY CAO BẰNG ĐẢNG CỘNG SẢN VIỆT NAM"], ["TỈNH ỦY CAO BẰNG", "ĐẢNG CỘNG SẢN VIỆT NAM"]),
    # the number and the place-and-date line run together
    (["Số: 6766/KH-UBND Thanh Hóa, ngày 05 tháng 5 năm 2016"], ["Số: 6766/KH-UBND", "Thanh Hóa, ngày 05 tháng 5 năm 2016"]),
    # a cell that is already one column stays whole
    (["Hưng Yên, ngày tháng 11 năm 2024"], ["Hưng Yên, ngày tháng 11 năm 2024"]),
])
def test_columns_run_together(cells, expected):
    assert ingest_header.expand_cells(cells) == expected


def test_header_with_single_space_columns():
    h = header("ỦY BAN NHÂN DÂN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH THANH HÓA Độc lập - Tự do - Hạnh phúc",
               "Số: 6766/KH-UBND Thanh Hóa, ngày 05 tháng 5 năm 2016", "KẾ HOẠCH", "Triển khai thực hiện Chỉ thị số 40")
    assert [ln.text for ln in h.issuer_lines] == ["ỦY BAN NHÂN DÂN", "TỈNH THANH HÓA"]
    assert (h.number, h.date, h.place, h.type) == ("6766/KH-UBND", "2016-05-05", "Thanh Hóa", "ke-hoach")


def test_recipients_and_signature_run_together():
    # seed 001's tail with one space between the columns instead of three
    ls = lines("Nội dung cuối cùng.", "Nơi nhận: KT. CHỦ TỊCH", "- TTr Tỉnh ủy, HĐND tỉnh (để báo cáo); PHÓ CHỦ TỊCH",
               "- Lưu: VT, KTTC.", "Lê Thị Thìn")
    tail = ingest_tail.read_tail(ls[ingest_tail.find_tail(ls, 0):])
    assert tail.recipients == ["TTr Tỉnh ủy, HĐND tỉnh (để báo cáo);", "Lưu: VT, KTTC."]
    assert (tail.signer_name, tail.signer_title, tail.on_behalf) == ("Lê Thị Thìn", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH")
