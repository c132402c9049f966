"""Tables and builders for the citation extractor's tests (eyecite style).

Each row is one input and what it must yield, with one comment saying which
real form it covers; rows come from the five seeds wherever possible.
"""

from __future__ import annotations

from typing import Any

from seedfiles import seed_text as seed  # noqa: F401  (re-exported: the seed tests read it from here)

from build_tools.models import Corpus, Document, Organization, Province, Vocabulary

# --- builders -----------------------------------------------------------------

ORGS = [  # id, name, level, province, parent, aliases — as in data/organizations.yaml
    ("ban-bi-thu", "Ban Bí thư Trung ương Đảng", "central", None, None,
     ("Ban Bí thư", "Ban Bí thư Trung ương", "Ban Bí thư Trung ương Đảng")),
    ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", "central", None, None, ("Thủ tướng Chính phủ", "Thủ tướng")),
    ("chinh-phu", "Chính phủ", "central", None, None, ("Chính phủ",)),
    ("van-phong-chinh-phu", "Văn phòng Chính phủ", "central", None, "chinh-phu", ("VPCP",)),
    ("tinh-uy-cao-bang", "Tỉnh ủy Cao Bằng", "province", "cao-bang", None, ("Ban Thường vụ Tỉnh ủy Cao Bằng",)),
    ("ubnd-thanh-hoa", "Ủy ban nhân dân tỉnh Thanh Hóa", "province", "thanh-hoa", None, ("UBND tỉnh Thanh Hóa",)),
    ("tinh-uy-hung-yen", "Tỉnh ủy Hưng Yên", "province", "hung-yen", None, ("Ban Thường vụ Tỉnh ủy Hưng Yên",)),
    ("van-phong-tinh-uy-hung-yen", "Văn phòng Tỉnh ủy Hưng Yên", "province", "hung-yen", "tinh-uy-hung-yen", ()),
    ("ubnd-hung-yen", "Ủy ban nhân dân tỉnh Hưng Yên", "province", "hung-yen", None, ("UBND tỉnh Hưng Yên",)),
    ("hdnd-hung-yen", "Hội đồng nhân dân tỉnh Hưng Yên", "province", "hung-yen", None, ("HĐND tỉnh Hưng Yên",)),
    ("thanh-uy-can-tho", "Thành ủy Cần Thơ", "province", "can-tho", None, ("Ban Thường vụ Thành ủy Cần Thơ",)),
    ("ban-tuyen-giao-thanh-uy-can-tho", "Ban Tuyên giáo Thành ủy Cần Thơ", "province", "can-tho",
     "thanh-uy-can-tho", ()),
    ("huyen-uy-vinh-tuong", "Huyện ủy Vĩnh Tường", "district", "vinh-phuc", None, ()),
]

PROVINCES = [
    Province("cao-bang", "Cao Bằng"), Province("thanh-hoa", "Thanh Hóa"), Province("hung-yen", "Hưng Yên"),
    Province("hung-yen-2025", "Hưng Yên", since="2025-07-01"), Province("can-tho", "Cần Thơ", city=True),
    Province("vinh-phuc", "Vĩnh Phúc"),
]


def doc(doc_id: str, type_: str, number: str | None, date: str | None, **kw: Any) -> Document:
    """A record known by its citation: issuer from the id unless given."""
    issuer = kw.pop("issuer", doc_id.split("/")[0])
    year = int(date[:4]) if date else kw.pop("year", None)
    return Document(id=doc_id, type=type_, number=number, issuer=issuer, date=date, title=kw.pop("title", None),
                    text=kw.pop("text", "none"), year=year, **kw)


# The archive's first records (ids as in data/documents/), as cited stubs.
SEED_RECORDS = [
    doc("ban-bi-thu/2014/40-ct-tw", "chi-thi", "40-CT/TW", "2014-11-22"),
    doc("ban-bi-thu/2021/06-kl-tw", "ket-luan", "06-KL/TW", "2021-06-10"),
    doc("ban-bi-thu/2024/39-ct-tw", "chi-thi", "39-CT/TW", "2024-10-30"),
    doc("thu-tuong-chinh-phu/2016/401-qd-ttg", "quyet-dinh", "401/QĐ-TTg", "2016-03-14"),
    doc("van-phong-chinh-phu/2024/449-tb-vpcp", "thong-bao", "449/TB-VPCP", "2024-10-03"),
    doc("thu-tuong-chinh-phu/2023/05-qd-ttg", "quyet-dinh", "05/QĐ-TTg", "2023-01-04"),
    doc("chinh-phu/2024/100-2024-nd-cp", "nghi-dinh", "100/2024/NĐ-CP", "2024-07-26"),
    doc("tinh-uy-hung-yen/2015/36-ct-tu", "chi-thi", "36-CT/TU", "2015-02-27"),
    doc("tinh-uy-hung-yen/2024/1692-tb-tu", "thong-bao", "1692-TB/TU", "2024-07-05"),
    doc("ubnd-hung-yen/2023/1931-ubnd-th", "cong-van", "1931/UBND-TH", "2023-07-20"),
    doc("tinh-uy-cao-bang/2021/09-ct-tu", "chi-thi", "09-CT/TU", None, year=2021),
    doc("ubnd-thanh-hoa/2016/6766-kh-ubnd", "ke-hoach", "6766/KH-UBND", "2016-05-05"),
    doc("khong-ro/2021/vinh-tuong-tang-cuong-su-lanh-dao-cua-dang", "bai-viet", None, "2021-11-25",
        issuer=None, province="vinh-phuc"),
    doc("ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw", "cong-van", None, "2024-11"),
    doc("ban-tuyen-giao-thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw", "bai-viet", None, None),
    doc("thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw", "ke-hoach", None, None),
]


def corpus(*docs: Document) -> Corpus:
    """A corpus of the given records (default: the seed records) and the organizations above."""
    orgs = {o[0]: Organization(id=o[0], name=o[1], short_name=None, kind="party", level=o[2], province=o[3],
                               parent=o[4], aliases=o[5]) for o in ORGS}
    return Corpus(root=".", documents={d.id: d for d in (docs or SEED_RECORDS)}, organizations=orgs,
                  provinces={p.id: p for p in PROVINCES},
                  vocabulary=Vocabulary(doc_types={}, relation_types={}, abbreviations=()))


# --- finding: (text, [(citation text, type, number, date)]) -------------------

FIND_CASES: list[tuple[str, list[tuple[str, str, str, str | None]]]] = [
    # seed 000: the full form with date and issuer
    ("thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư về tăng cường",
     [("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư", "chi-thi", "40-CT/TW", "2014-11-22")]),
    # seed 000: slash lost, "Chỉ thị 40-CTTW"
    ("nội dung Chỉ thị 40-CTTW, Kết luận", [("Chỉ thị 40-CTTW", "chi-thi", "40-CT/TW", None)]),
    # seed 000: space after the hyphen, "06- KL/TW"
    ("Kết luận số 06- KL/TW của Ban Bí thư và",
     [("Kết luận số 06- KL/TW của Ban Bí thư", "ket-luan", "06-KL/TW", None)]),
    # seed 001: OCR "40-CU/TW" under the word Chỉ thị
    ("Để thực hiện tốt Chỉ thị số 40-CU/TW của Ban Bí thư Trung ương Đảng.",
     [("Chỉ thị số 40-CU/TW của Ban Bí thư Trung ương Đảng", "chi-thi", "40-CT/TW", None)]),
    # seed 001: stray OCR period after "số" and a PDF line break
    ("nội dung Chỉ thị số.\n40-CT/TW của Ban Bí thư Trung trong Đảng nhằm",
     [("Chỉ thị số.\n40-CT/TW của Ban Bí thư Trung", "chi-thi", "40-CT/TW", None)]),
    # seed 001: PDF line break after the hyphen, "40-\nCT/TW"
    ("thực hiện Chỉ thị số 40-\nCT/TW ngày 22/11/2014 của",
     [("Chỉ thị số 40-\nCT/TW ngày 22/11/2014", "chi-thi", "40-CT/TW", "2014-11-22")]),
    # seed 001: date in words, full stop (an OCR one) after it
    ("a) Tổ chức thực hiện Chỉ thị số 40-CT/TW ngày 22 tháng 11 năm 2014.\ncủa Ban",
     [("Chỉ thị số 40-CT/TW ngày 22 tháng 11 năm 2014", "chi-thi", "40-CT/TW", "2014-11-22")]),
    # seed 001: date on the next line, issuer over a line break
    ("Quyết định số 401/QĐ-TTg ngày\n14/3/2016 của Thủ tướng\nChính phủ về việc",
     [("Quyết định số 401/QĐ-TTg ngày\n14/3/2016 của Thủ tướng\nChính phủ", "quyet-dinh", "401/QĐ-TTg",
       "2016-03-14")]),
    # seed 001: the header's own number, no type word: type from the suffix
    ("Số:6766/KH-UBND   Thanh Hóa, ngày 05 tháng 5 năm 2016",
     [("Số:6766/KH-UBND", "ke-hoach", "6766/KH-UBND", None)]),
    # seed 001: a chain, Kế hoạch → Quyết định → Chỉ thị, each document once
    ("Kế hoạch thực hiện Quyết định số 101/QĐ-TTg ngày\n14/3/2016 của Thủ tướng Chính phủ về triển khai "
     "thực hiện Chỉ thị số 40-\nCT/TW ngày 22/11/2014 của Ban Bí thu Trung ương Đảng về",
     [("Quyết định số 101/QĐ-TTg ngày\n14/3/2016 của Thủ tướng Chính phủ", "quyet-dinh", "101/QĐ-TTg",
       "2016-03-14"),
      ("Chỉ thị số 40-\nCT/TW ngày 22/11/2014 của Ban Bí thu Trung ương Đảng", "chi-thi", "40-CT/TW",
       "2014-11-22")]),
    # seed 002: number/year short form
    ("thực hiện nghiêm Chỉ thị số 40/2014 của Ban Bí thư Trung ương Đảng về",
     [("Chỉ thị số 40/2014 của Ban Bí thư Trung ương Đảng", "chi-thi", "40", "2014")]),
    # seed 002: short forms "Chỉ thị số 40", "Chỉ thị 40", "Kết luận số 06"
    ("Để thực hiện hiệu quả Chỉ thị số 40, huyện", [("Chỉ thị số 40", "chi-thi", "40", None)]),
    ("thực hiện có hiệu quả Chỉ thị 40, vừa qua", [("Chỉ thị 40", "chi-thi", "40", None)]),
    ("Kế hoạch thực hiện Kết luận số 06 của Ban Bí thư Trung ương Đảng về",
     [("Kết luận số 06 của Ban Bí thư Trung ương Đảng", "ket-luan", "06", None)]),
    # seed 003: state numbers, a footnote marker ending the issuer phrase
    ("Công văn số 1931/UBND-TH ngày 20/7/2023 của UBND tỉnh³ và",
     [("Công văn số 1931/UBND-TH ngày 20/7/2023 của UBND tỉnh", "cong-van", "1931/UBND-TH", "2023-07-20")]),
    ("Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy về kết luận",
     [("Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy", "thong-bao", "1692-TB/TU", "2024-07-05")]),
    # seed 003: the year inside the number
    ("theo Nghị định số 100/2024/NĐ-CP ngày 26/7/2024 của Chính phủ⁴ trên",
     [("Nghị định số 100/2024/NĐ-CP ngày 26/7/2024 của Chính phủ", "nghi-dinh", "100/2024/NĐ-CP",
       "2024-07-26")]),
    # seed 003: leading zero kept as printed
    ("Quyết định số 05/QĐ-TTg ngày 04/01/2023 của Thủ tướng Chính phủ về",
     [("Quyết định số 05/QĐ-TTg ngày 04/01/2023 của Thủ tướng Chính phủ", "quyet-dinh", "05/QĐ-TTg",
       "2023-01-04")]),
    # seed 003: two citations sharing "của Ban Bí thư¹"
    ("Chỉ thị số 40-CT/TW ngày 22/11/2014 và Kết luận số 06-KL/TW ngày 10/6/2021 của Ban Bí thư¹, Thông",
     [("Chỉ thị số 40-CT/TW ngày 22/11/2014", "chi-thi", "40-CT/TW", "2014-11-22"),
      ("Kết luận số 06-KL/TW ngày 10/6/2021 của Ban Bí thư", "ket-luan", "06-KL/TW", "2021-06-10")]),
    # seed 000: the alias definition names the citation before it, no citation of its own
    ("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư về tăng cường sự lãnh đạo (sau đây gọi tắt là "
     "Chỉ thị số 40-CT/TW) đạt được",
     [("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư", "chi-thi", "40-CT/TW", "2014-11-22")]),
    # seed 004
    ("bám sát nội dung Chỉ thị số 39-CT/TW đảm bảo", [("Chỉ thị số 39-CT/TW", "chi-thi", "39-CT/TW", None)]),
    # architecture: Ư for W, hyphenated date, case of TTg, spaced date in words
    ("Chỉ thị số 40-CT/TƯ", [("Chỉ thị số 40-CT/TƯ", "chi-thi", "40-CT/TW", None)]),
    ("Kết luận số 06-KL/TƯ ngày 10-6-2021", [("Kết luận số 06-KL/TƯ ngày 10-6-2021", "ket-luan", "06-KL/TW",
                                              "2021-06-10")]),
    ("Chỉ thị số 39-CT/TW ngày 30 tháng 10 năm 2024",
     [("Chỉ thị số 39-CT/TW ngày 30 tháng 10 năm 2024", "chi-thi", "39-CT/TW", "2024-10-30")]),
    ("Quyết định số 1560/QĐ-TTG về", [("Quyết định số 1560/QĐ-TTG", "quyet-dinh", "1560/QĐ-TTg", None)]),
    # family forms: comma before the date, space before the hyphen, "sô", no Đ typed
    ("Chỉ thị số 39-CT/TW, ngày 30/10/2024 của Ban Bí thư",
     [("Chỉ thị số 39-CT/TW, ngày 30/10/2024 của Ban Bí thư", "chi-thi", "39-CT/TW", "2024-10-30")]),
    ("Chỉ thị số 40 -CT/TW", [("Chỉ thị số 40 -CT/TW", "chi-thi", "40-CT/TW", None)]),
    ("Chỉ thị sô 40-CT/TW", [("Chỉ thị sô 40-CT/TW", "chi-thi", "40-CT/TW", None)]),
    ("Quyết định số 401/QD-TTg", [("Quyết định số 401/QD-TTg", "quyet-dinh", "401/QĐ-TTg", None)]),
    # a number alone gets its type from the suffix
    ("theo 449/TB-VPCP ngày 03/10/2024", [("449/TB-VPCP ngày 03/10/2024", "thong-bao", "449/TB-VPCP",
                                            "2024-10-03")]),
    ("Quyết định 401/QĐ-TTg", [("Quyết định 401/QĐ-TTg", "quyet-dinh", "401/QĐ-TTg", None)]),
    # heading in capitals, laws, circulars, Party resolutions, a footnote marker on the number
    ("CHỈ THỊ SỐ 40-CT/TW", [("CHỈ THỊ SỐ 40-CT/TW", "chi-thi", "40-CT/TW", None)]),
    ("Luật số 27/2023/QH15", [("Luật số 27/2023/QH15", "luat", "27/2023/QH15", None)]),
    ("Thông tư số 11/2017/TT-NHNN", [("Thông tư số 11/2017/TT-NHNN", "thong-tu", "11/2017/TT-NHNN", None)]),
    ("Nghị quyết số 12-NQ/TW", [("Nghị quyết số 12-NQ/TW", "nghi-quyet", "12-NQ/TW", None)]),
    ("Chỉ thị số 40-CT/TW¹ và", [("Chỉ thị số 40-CT/TW", "chi-thi", "40-CT/TW", None)]),
    # regression: an issuer phrase stops at the next citation's type word, spans never overlap
    ("Chỉ thị số 40-CT/TW của UBND tỉnh Quyết định số 5/QĐ-TTg",
     [("Chỉ thị số 40-CT/TW của UBND tỉnh", "chi-thi", "40-CT/TW", None),
      ("Quyết định số 5/QĐ-TTg", "quyet-dinh", "5/QĐ-TTg", None)]),
    # provincial Party numbers keep TU
    ("Chỉ thị số 09-CT/TU", [("Chỉ thị số 09-CT/TU", "chi-thi", "09-CT/TU", None)]),
]

# --- no citation ----------------------------------------------------------------

NEGATIVE_CASES: list[str] = [
    "kế hoạch phát triển kinh tế - xã hội 5 năm 2021 - 2025",           # seed 000
    "chiến lược phát triển kinh tế - xã hội 10 năm 2021- 2030",         # seed 000
    "góp phần thực hiện thắng lợi Nghị quyết Đại hội XII của Đảng",     # seed 000: no number, by decision
    "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XIX",            # seed 000
    "Nghị quyết Đại hội đảng bộ các cấp, nhiệm kỳ 2020 - 2025",         # seed 000
    "chiếm tỷ trọng từ 5% trở lên",                                     # seed 000
    "Chủ nhật 12/09/2021 06:00",                                        # seed 000: a date alone
    "phổ biến sâu rộng nội dung Chỉ thị này đến",                       # seed 000: "Chỉ thị này"
    "(sau đây gọi tắt là Kết luận số 06-KL/TW)",                        # seed 000: alias only
    "Thời gian ký: 05/05/2016 16:35:04",                                # seed 001
    "trước ngày 10 tháng 12 hàng năm",                                  # seed 001
    "thực hiện Kế hoạch này; định.",                                    # seed 001
    "Lưu: VT, KTTC (HungYT11201).",                                     # seed 001
    "tổng dư nợ hơn 425 tỷ đồng",                                       # seed 002
    "từ 0,69% (năm 2017) xuống còn 0,39% (tính đến cuối tháng 10/2021)",  # seed 002
    "từ 500 triệu đồng đến 1 tỷ đồng",                                  # seed 002
    "Số: /UBND-TH",                                                     # seed 003: number left blank
    "Hưng Yên, ngày tháng 11 năm 2024",                                 # seed 003
    "chiếm 15%/tổng nguồn vốn",                                         # seed 003
    "Chiến lược phát triển kinh tế - xã hội 10 năm 2021 - 2030, kế hoạch 5 năm 2026 - 2030",  # seed 004
    "Chương trình 135 và Đề án 06",                                     # programmes, not documents
    "kế hoạch 5 năm",                                                   # a plan noun
    "Quyết định 2 lần",                                                 # a count
    "theo mục II.3.b và khoản 2 Điều 5",                                # clause numbers
    "Liên hệ: 0912.345.678 hoặc 024 3826 1234",                         # phone numbers
    "Đại hội XII",                                                      # congress
]

# --- resolving: (text, province, number, issuer, target, warning substring) ----------

RESOLVE_CASES: list[tuple[str, str | None, str | None, str | None, str | None, str | None]] = [
    # seed 000
    ("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư", "cao-bang", "40-CT/TW", "ban-bi-thu",
     "ban-bi-thu/2014/40-ct-tw", None),
    ("Chỉ thị 40-CTTW", "cao-bang", "40-CT/TW", "ban-bi-thu", "ban-bi-thu/2014/40-ct-tw", None),
    # seed 000: the document's own number, in its province
    ("Chỉ thị số 09-CT/TU", "cao-bang", "09-CT/TU", "tinh-uy-cao-bang", "tinh-uy-cao-bang/2021/09-ct-tu", None),
    # "09-CT/TU" exists in every province: not Cao Bằng's from a Thanh Hóa text
    ("Chỉ thị số 09-CT/TU", "thanh-hoa", "09-CT/TU", None, None, "not its issuer or province"),
    ("Chỉ thị số 09-CT/TU", None, "09-CT/TU", None, None, "not its issuer or province"),
    # seed 001: OCR code, OCR number (101 for 401), OCR issuer ("Trong ương")
    ("Chỉ thị số 40-CU/TW", "thanh-hoa", "40-CT/TW", "ban-bi-thu", "ban-bi-thu/2014/40-ct-tw", "OCR"),
    ("Quyết định số 101/QĐ-TTg ngày 14/3/2016 của Thủ tướng Chính phủ", "thanh-hoa", "101/QĐ-TTg",
     "thu-tuong-chinh-phu", "thu-tuong-chinh-phu/2016/401-qd-ttg", "probable OCR error"),
    ("Quyết định số 101/QĐ-TTg", "thanh-hoa", "101/QĐ-TTg", "thu-tuong-chinh-phu", None, None),
    ("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư Trong\nương Đảng", "thanh-hoa", "40-CT/TW",
     "ban-bi-thu", "ban-bi-thu/2014/40-ct-tw", None),
    # seed 002: short forms resolve to the only record of their type and number
    ("Chỉ thị số 40/2014 của Ban Bí thư Trung ương Đảng", "vinh-phuc", "40-CT/TW", "ban-bi-thu",
     "ban-bi-thu/2014/40-ct-tw", None),
    ("Chỉ thị số 40", "vinh-phuc", "40-CT/TW", "ban-bi-thu", "ban-bi-thu/2014/40-ct-tw", None),
    ("Chỉ thị 40", None, "40-CT/TW", "ban-bi-thu", "ban-bi-thu/2014/40-ct-tw", None),
    ("Kết luận số 06", "vinh-phuc", "06-KL/TW", "ban-bi-thu", "ban-bi-thu/2021/06-kl-tw", None),
    ("Kết luận số 6", None, "06-KL/TW", "ban-bi-thu", "ban-bi-thu/2021/06-kl-tw", None),
    ("Chỉ thị số 40/2015", None, "40", None, None, None),                  # wrong year: nothing
    # seed 003: the province's own bodies
    ("Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy", "hung-yen", "1692-TB/TU", "tinh-uy-hung-yen",
     "tinh-uy-hung-yen/2024/1692-tb-tu", None),
    ("Thông báo số 1692-TB/TU ngày 05/7/2024 của Văn phòng Tỉnh ủy", "hung-yen", "1692-TB/TU",
     "van-phong-tinh-uy-hung-yen", "tinh-uy-hung-yen/2024/1692-tb-tu", None),
    ("Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy", "thanh-hoa", "1692-TB/TU", None, None,
     "matches no organization"),
    ("Chỉ thị số 36-CT/TU ngày 27/02/2015 của Ban Thường vụ Tỉnh ủy", "hung-yen", "36-CT/TU",
     "tinh-uy-hung-yen", "tinh-uy-hung-yen/2015/36-ct-tu", None),
    ("Công văn số 1931/UBND-TH ngày 20/7/2023 của UBND tỉnh", "hung-yen", "1931/UBND-TH", "ubnd-hung-yen",
     "ubnd-hung-yen/2023/1931-ubnd-th", None),
    # seed 003: central issuers from the suffix
    ("Thông báo số 449/TB-VPCP ngày 03/10/2024", None, "449/TB-VPCP", "van-phong-chinh-phu",
     "van-phong-chinh-phu/2024/449-tb-vpcp", None),
    ("Nghị định số 100/2024/NĐ-CP", None, "100/2024/NĐ-CP", "chinh-phu", "chinh-phu/2024/100-2024-nd-cp", None),
    ("Quyết định số 5/QĐ-TTg ngày 04/01/2023", None, "5/QĐ-TTg", "thu-tuong-chinh-phu",
     "thu-tuong-chinh-phu/2023/05-qd-ttg", None),
    # architecture: not in the archive, issuer still known from TTg
    ("Quyết định số 1560/QĐ-TTG", None, "1560/QĐ-TTg", "thu-tuong-chinh-phu", None, None),
    # the record's date disagrees with the printed one
    ("Chỉ thị số 39-CT/TW ngày 30/10/2023", None, "39-CT/TW", "ban-bi-thu", "ban-bi-thu/2024/39-ct-tw",
     "differs from the record"),
]

# --- classifying: (text, doc type, relations in order) -----------------------------

CLASSIFY_CASES: list[tuple[str, str | None, list[str]]] = [
    # seed 001 preamble: only the chain's head is implemented; ";" ends the chain
    ("Thực hiện Quyết định số 401/QĐ-TTg ngày 14/3/2016 của Thủ tướng\nChính phủ về việc ban hành Kế hoạch "
     "triển khai Chỉ thị số 40-CT/TW ngày\n22/11/2014 của Ban Bí thư Trung ương Đảng về tăng cường sự lãnh "
     "đạo; UBND tỉnh xây dựng Kế hoạch triển\nkhai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014",
     None, ["implements", "cites", "implements"]),
    # seed 003 preamble: "Thực hiện A ...; B ..." implements both heads
    ("Thực hiện Thông báo số 449/TB-VPCP ngày 03/10/2024 của Văn phòng Chính phủ về kết luận tại Hội nghị "
     "tổng kết 10 năm thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư về tăng cường; Thông báo "
     "số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy về kết luận tại Hội nghị tổng kết 10 năm thực hiện Chỉ thị số "
     "40-CT/TW ngày 22/11/2014 của Ban Bí thư, UBND tỉnh yêu cầu:",
     "cong-van", ["implements", "cites", "implements", "cites"]),
    # seed 003 subject line
    ("V/v tiếp tục triển khai thực hiện\nChỉ thị số 40-CT/TW ngày 22/11/2014\ncủa Ban Bí thư", "cong-van",
     ["continues"]),
    # seed 003 footnote 1: the title of the cited Kết luận, not this letter's act
    ("Về tiếp tục thực hiện Chỉ thị số 40-CT/TW của Ban Bí thư về tăng cường", "cong-van", ["cites"]),
    # seed 003: a list under "quán triệt"
    ("Tiếp tục đẩy mạnh tuyên truyền, quán triệt sâu rộng Chỉ thị số 40-CT/TW ngày 22/11/2014 và Kết luận "
     "số 06-KL/TW ngày 10/6/2021 của Ban Bí thư¹, Thông báo số 449/TB-VPCP", "cong-van",
     ["cites", "cites", "cites"]),
    # seed 000: "lãnh đạo thực hiện Kết luận ... về tiếp tục thực hiện Chỉ thị"
    ("Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU lãnh đạo thực hiện Kết luận số 06-KL/TW ngày 10/6/2021 của "
     "Ban Bí thư về tiếp tục thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư về tăng cường",
     "chi-thi", ["cites", "implements", "cites"]),
    # seed 000: "triển khai, thực hiện" and "Để thực hiện có hiệu quả"
    ("trong quá trình triển khai, thực hiện Chỉ thị số 40-CT/TW, một số", "chi-thi", ["implements"]),
    ("Để thực hiện có hiệu quả Kết luận số 06-KL/TW ngày 10/6/2021", "chi-thi", ["implements"]),
    ("Tiếp tục quán triệt sâu rộng nội dung Chỉ thị 40-CTTW, Kết luận số 06- KL/TW của Ban Bí thư", "chi-thi",
     ["cites", "cites"]),
    # seed 001: "căn cứ nhiệm vụ được giao tại"
    ("căn cứ nhiệm vụ được giao tại Chỉ thị số 40-CT/TW của Ban Bí thư", "ke-hoach", ["based_on"]),
    ("Căn cứ Nghị định số 100/2024/NĐ-CP ngày 26/7/2024 của Chính phủ;", "quyet-dinh", ["based_on"]),
    # list under one verb
    ("Thực hiện Chỉ thị số 40-CT/TW và Kết luận số 06-KL/TW, UBND tỉnh", "ke-hoach", ["implements", "implements"]),
    # press reports narrate what others implement: found citations are `cites`,
    # whatever the verb (seed 002); reports_on is declared by maintainers
    ("Tiếp tục thực hiện Chỉ thị số 40-CT/TW", "bai-viet", ["cites"]),
    ("Tiếp tục thực hiện Chỉ thị số 40-CT/TW", "ke-hoach", ["continues"]),
    ("Thực hiện Chỉ thị số 40 của Ban Bí thư Trung ương Đảng", "bai-viet", ["cites"]),
    ("Tiếp tục đẩy mạnh việc thực hiện có hiệu quả Chỉ thị 40, vừa qua", "bai-viet", ["cites"]),
    # seed 004
    ("bám sát nội dung Chỉ thị số 39-CT/TW đảm bảo", "bai-viet", ["cites"]),
]
