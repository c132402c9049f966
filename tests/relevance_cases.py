"""The relevance table: queries over the seed corpus and the hit each must return.

Each row: (query, options, expected document, expected clause or None for the
document-level entry, rank within which it must appear, why the row exists).
`clause="*"` accepts any entry of the document. Options are the search
filters (type, issuer, province, year_from, year_to, sort).
"""

from __future__ import annotations

from typing import Any, NamedTuple

TH = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
HY = "ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw"
CB = "tinh-uy-cao-bang/2021/09-ct-tu"
VT = "khong-ro/2021/vinh-tuong-tang-cuong-su-lanh-dao-cua-dang"
CT = "ban-tuyen-giao-thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw"
CT40 = "ban-bi-thu/2014/40-ct-tw"
KL06 = "ban-bi-thu/2021/06-kl-tw"
CT39 = "ban-bi-thu/2024/39-ct-tw"
ND100 = "chinh-phu/2024/100-2024-nd-cp"


class Case(NamedTuple):
    query: str
    options: dict[str, Any]
    document: str
    clause: str | None
    rank: int
    why: str


def c(query: str, document: str, clause: str | None, rank: int, why: str, **options: Any) -> Case:
    return Case(query, options, document, clause, rank, why)


CASES: list[Case] = [
    # diacritics on and off
    c("ủy thác ngân sách địa phương", CB, "2.1", 3, "the officials' question, with diacritics"),
    c("uy thac ngan sach dia phuong", TH, "II.3.b.1", 3, "the same without diacritics"),
    c("tin dung den", HY, "4.2", 3, "'tín dụng đen' typed bare"),
    c("thoát nghèo bền vững", CB, "6", 3, "diacritics, three words"),
    c("do duc nghe nghiep", HY, "4.3", 3, "'đạo đức nghề nghiệp' bare: đ folds to d"),
    c("nhà ở xã hội", HY, "3", 3, "one-letter word 'ở' kept"),
    # old and new tone placement
    c("uỷ thác ngân sách tỉnh", HY, "2", 3, "old placement uỷ finds ủy"),
    c("Thanh Hoá", TH, None, 2, "old placement Hoá finds the Thanh Hóa plan"),
    c("Báo Thanh Hoá", TH, "II.3.c.1", 2, "old placement inside a clause"),
    c("hoà", TH, "*", 3, "a single old-placement word"),
    # abbreviations both ways
    c("NHCSXH", TH, "II.3.a.1", 3, "the abbreviation as printed"),
    c("NHCSXH Vĩnh Tường", VT, "*", 3, "abbreviation next to a place name"),
    c("MTTQ", HY, "6", 5, "MTTQ finds 'Mặt trận Tổ quốc'"),
    c("TK&VV", TH, "II.3.d.2", 3, "TK&VV finds 'Tổ tiết kiệm và Vay vốn'"),
    c("tiết kiệm và vay vốn", VT, None, 5, "expansion finds TK&VV in a caption"),
    c("HĐQT", HY, "7", 5, "HĐQT finds 'Hội đồng quản trị'"),
    c("KT-XH", VT, "1", 5, "KT-XH with its hyphen"),
    # document numbers in every spelling
    c("40-CT/TW", CT40, None, 1, "canonical spelling"),
    c("40-CTTW", CT40, None, 1, "no slash (as the Cao Bằng text prints it)"),
    c("40/ct-tw", CT40, None, 1, "slash and hyphen swapped, lower case"),
    c("40-ct-tw", CT40, None, 1, "the id slug"),
    c("40- CT/TW", CT40, None, 1, "a space after the hyphen (Thanh Hóa closing)"),
    c("40-CT/TƯ", CT40, None, 1, "TƯ for Trung ương"),
    c("06-KL/TƯ", KL06, None, 1, "Kết luận with TƯ"),
    c("Chỉ thị 40", CT40, None, 1, "type name and bare number"),
    c("chi thi so 40", CT40, None, 1, "bare, with 'số'"),
    c("Kết luận 06", KL06, None, 1, "Kết luận and a leading zero"),
    c("100/2024/NĐ-CP", ND100, None, 1, "number with a year part"),
    c("6766/KH-UBND", TH, None, 1, "a provincial plan's number"),
    c("40-CTTW", CB, "1", 5, "the clause that prints 40-CTTW"),
    # signers' names
    c("Lê Thị Thìn", TH, None, 1, "signer of the Thanh Hóa plan"),
    c("Nguyễn Lê Huy", HY, None, 1, "signer of the Hưng Yên letter"),
    c("Lại Xuân Môn", CB, None, 1, "signer of the Cao Bằng directive"),
    c("lai xuan mon", CB, None, 1, "signer's name bare"),
    # figures
    c("425 tỷ", VT, "9", 1, "an amount"),
    c("0,39%", VT, "9", 1, "a rate with a decimal comma"),
    c("15%", HY, "2", 1, "a percentage target"),
    c("500 triệu đồng", VT, "4", 1, "a sum in words and digits"),
    c("tối thiểu 30%", CT, "1", 1, "a minimum share"),
    # phrases
    c('"ngân sách địa phương ủy thác"', CB, "2.1", 3, "a quoted phrase"),
    c('"tín dụng đen"', HY, "4.2", 1, "a quoted phrase bare words would scatter"),
    c('"Thấu hiểu lòng dân"', HY, "4.3", 1, "a slogan"),
    # filters
    c("ủy thác", TH, "*", 1, "type filter keeps only plans", type="ke-hoach"),
    c("ủy thác loai:ke-hoach", TH, "*", 1, "the same inline"),
    c("ủy thác", CB, "*", 1, "province filter", province="cao-bang"),
    c('ủy thác tinh:"Hưng Yên"', HY, "*", 1, "province by name inline"),
    c("ủy thác nam:2021..2021", CB, "*", 3, "year range inline"),
    c("Mặt trận Tổ quốc", HY, "*", 3, "year filter", year_from=2024),
    c("tín dụng chính sách", VT, "*", 1, "the old province's 2025 successor finds it",
      province="phu-tho-2025"),
    c("Chỉ thị 39", CT39, None, 1, "a 2024 directive"),
    c("kế hoạch Cần Thơ 39-CT/TW", CT, "*", 3, "number plus words"),
]
