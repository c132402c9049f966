"""Shared helpers for the ingest tests: where the seeds are, how records compare.

The round-trip measure counts, per seed, how much of the committed record the
tool recovers on its own:

* header facts: type, number, date, issuer, signer (name, title, on_behalf as one fact);
* clause paths: the committed record's paths found in the draft with the same
  heading and text;
* citations: the committed record's relation targets found in the draft's relations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from seedfiles import seed_text  # noqa: F401  (re-exported for the ingest tests)

from build_tools.models import Corpus

ROOT = Path(__file__).resolve().parents[1]
HEADER_FACTS = ("type", "number", "date", "issuer", "signer")
# The rest of the record the round trip also pins (clauses and relations apart).
OTHER_FIELDS = ("title", "editorial_title", "place", "province", "text", "year", "section", "author", "source",
                "digital_signature", "addressees", "preamble", "closing", "recipients", "footnotes", "captions")

SEEDS_BY_RECORD = {
    "000_1c8ae59df58d28fb.txt": "tinh-uy-cao-bang/2021/09-ct-tu",
    "001_f59e673c1788c206.txt": "ubnd-thanh-hoa/2016/6766-kh-ubnd",
    "002_1bb78dffa67b4316.txt": "khong-ro/2021/vinh-tuong-tang-cuong-su-lanh-dao-cua-dang",
    "003_3b139f6f5b742d8d.txt": "ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw",
    "004_6963cefcaf1207b7.txt": "ban-tuyen-giao-thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw",
}


def committed(record_id: str) -> dict[str, Any] | None:
    path = ROOT / "data" / "documents" / f"{record_id}.yaml"
    if not path.is_file():
        return None
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def without(corpus: Corpus, record_id: str) -> Corpus:
    """The corpus minus one record: a seed must not be read back from its own record."""
    docs = {k: v for k, v in corpus.documents.items() if k != record_id}
    return Corpus(root=corpus.root, documents=docs, organizations=corpus.organizations,
                  provinces=corpus.provinces, vocabulary=corpus.vocabulary)


def clause_map(items: list[dict[str, Any]] | None, parent: str = "") -> dict[str, tuple[Any, Any, Any]]:
    """path -> (label, heading, text) for every clause of a record's tree."""
    out: dict[str, tuple[Any, Any, Any]] = {}
    for position, item in enumerate(items or (), start=1):
        label = item.get("label")
        own = str(label) if label is not None and str(label) not in ("-", "+", "*", "•") else str(position)
        path = f"{parent}.{own}" if parent else own
        out[path] = (None if label is None else str(label), item.get("heading"), item.get("text"))
        out.update(clause_map(item.get("children"), path))
    return out


def header_fact(record: dict[str, Any], name: str) -> Any:
    value = record.get(name)
    if name == "signer" and value:
        return (value.get("name"), value.get("title"), value.get("on_behalf"))
    return value


def differences(expected: dict[str, Any], draft: dict[str, Any]) -> set[str]:
    """Names of what differs: header facts, 'clause:<path>', 'relation:<target>'."""
    out = {f for f in HEADER_FACTS if header_fact(expected, f) != header_fact(draft, f)}
    out |= {f for f in OTHER_FIELDS if expected.get(f) != draft.get(f)}
    exp, got = clause_map(expected.get("clauses")), clause_map(draft.get("clauses"))
    out |= {f"clause:{p}" for p in exp if exp[p] != got.get(p)}
    out |= {f"extra-clause:{p}" for p in got if p not in exp}
    exp_targets = {r["target"] for r in expected.get("relations") or ()}
    got_targets = {r["target"] for r in draft.get("relations") or ()}
    out |= {f"relation:{t}" for t in exp_targets - got_targets}
    return out


def recovery(expected: dict[str, Any], draft: dict[str, Any]) -> dict[str, float]:
    """Share recovered: header facts, clause paths (with heading and text), citations (relation targets)."""
    facts = sum(header_fact(expected, f) == header_fact(draft, f) for f in HEADER_FACTS) / len(HEADER_FACTS)
    exp, got = clause_map(expected.get("clauses")), clause_map(draft.get("clauses"))
    clauses = sum(exp[p] == got.get(p) for p in exp) / len(exp) if exp else 1.0
    exp_targets = {r["target"] for r in expected.get("relations") or ()}
    got_targets = {r["target"] for r in draft.get("relations") or ()}
    cites = len(exp_targets & got_targets) / len(exp_targets) if exp_targets else 1.0
    return {"header": facts, "clauses": clauses, "citations": cites}


# --------------------------------------------------------------------------- forms kept outside the seeds
# Texts in the three forms the acceptance check uses (issue 6, "Acceptance"),
# written for these tests after real documents of the family; each with the
# facts a maintainer would record.

# A provincial People's Committee plan as PDF text: two-column header on shared
# lines, page numbers, hard line breaks, recipients and signature sharing lines,
# the portal's digital-signature lines at the end. Issuer not in the archive.
UBND_PLAN_PDF = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NINH              Độc lập - Tự do - Hạnh phúc
Số: 45 /KH-UBND        Quảng Ninh, ngày 10 tháng 01 năm 2025
KẾ HOẠCH
Thực hiện Chỉ thị số 39-CT/TW ngày 30/10/2024 của Ban Bí thư về nâng cao
hiệu quả của tín dụng chính sách xã hội trong giai đoạn mới
Thực hiện Chỉ thị số 39-CT/TW ngày 30/10/2024 của Ban Bí thư về nâng cao hiệu
quả của tín dụng chính sách xã hội trong giai đoạn mới (sau đây gọi là Chỉ thị số
39-CT/TW); Kế hoạch số 12-KH/TU ngày 05/12/2024 của Tỉnh ủy Quảng Ninh, Ủy ban
nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Quán triệt, triển khai thực hiện nghiêm túc, hiệu quả Chỉ thị số 39-CT/TW, tạo
sự chuyển biến mạnh mẽ về nhận thức của các cấp, các ngành.
2. Yêu cầu
- Bám sát các quan điểm, mục tiêu, nhiệm vụ của Chỉ thị số 39-CT/TW.
- Phân công nhiệm vụ cụ thể cho các sở, ban, ngành, địa phương.
II. MỤC TIÊU
1. Đến năm 2030, nguồn vốn ngân sách địa phương ủy thác chiếm tối thiểu 20%
tổng nguồn vốn tín dụng chính sách xã hội.
2
2. Tỷ lệ nợ quá hạn dưới 0,3% tổng dư nợ.
III. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao nhận thức, trách nhiệm của các cấp, các ngành
a) Tổ chức quán triệt Chỉ thị số 39-CT/TW đến cán bộ, đảng viên.
b) Đẩy mạnh công tác thông tin, tuyên truyền về tín dụng chính sách xã hội.
2. Bố trí nguồn vốn ngân sách địa phương
Hằng năm, Sở Tài chính tham mưu bố trí vốn ngân sách địa phương ủy thác sang
Ngân hàng Chính sách xã hội:
+ Năm 2025 tăng tối thiểu 10% so với năm 2024;
+ Giai đoạn 2026 - 2030 tăng bình quân 15%/năm.
IV. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành, UBND các huyện, thị xã, thành phố căn cứ Kế hoạch này xây
dựng kế hoạch cụ thể, báo cáo kết quả trước ngày 15/12 hằng năm.
2. Giao Chi nhánh Ngân hàng Chính sách xã hội tỉnh theo dõi, tổng hợp, báo cáo
UBND tỉnh.
Trên đây là Kế hoạch thực hiện Chỉ thị số 39-CT/TW của Ủy ban nhân dân tỉnh
Quảng Ninh./.
Nơi nhận:                                  TM. ỦY BAN NHÂN DÂN
- Ban Bí thư (b/c);                              KT. CHỦ TỊCH
- TT Tỉnh ủy, TT HĐND tỉnh (b/c);                 PHÓ CHỦ TỊCH
- CT, các PCT UBND tỉnh;
- Các sở, ban, ngành;
- Lưu: VT, KTTC.
                                                  Nguyễn Văn Thành
3
Ký bởi: Ủy ban Nhân dân tỉnh Quảng Ninh
Email: ubnd@quangninh.gov.vn
Cơ quan: Tỉnh Quảng Ninh
Thời gian ký: 10.01.2025 09:12:45 +07:00
"""

# A provincial Party committee plan as a Word export: bold and italic Markdown,
# a footnote, the signature row as a pipe table, and no signer's name.
PARTY_PLAN_WORD = """\
**TỈNH ỦY HƯNG YÊN**

*

Số 45-KH/TU

**ĐẢNG CỘNG SẢN VIỆT NAM**

*Hưng Yên, ngày 20 tháng 01 năm 2025*

**KẾ HOẠCH**

**thực hiện Chỉ thị số 39-CT/TW ngày 30/10/2024 của Ban Bí thư về nâng cao hiệu quả của tín dụng chính sách xã hội trong giai đoạn mới**

-----

Thực hiện Chỉ thị số 39-CT/TW ngày 30/10/2024 của Ban Bí thư¹, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện như sau:

¹ Về nâng cao hiệu quả của tín dụng chính sách xã hội trong giai đoạn mới

**I. MỤC ĐÍCH, YÊU CẦU**

1. Quán triệt sâu sắc, đầy đủ nội dung Chỉ thị số 39-CT/TW và Chỉ thị số 36-CT/TU của Ban Thường vụ Tỉnh ủy.

2. Xác định rõ trách nhiệm của cấp ủy, chính quyền các cấp.

**II. NHIỆM VỤ, GIẢI PHÁP**

1. Tăng cường sự lãnh đạo của cấp ủy đảng

- Các cấp ủy, tổ chức đảng quán triệt Chỉ thị số 39-CT/TW.

- Đưa nội dung tín dụng chính sách xã hội vào nghị quyết của cấp ủy.

2. Ban cán sự đảng UBND tỉnh lãnh đạo UBND tỉnh bố trí nguồn vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội, phấn đấu đến năm 2030 chiếm 20% tổng nguồn vốn.

**III. TỔ CHỨC THỰC HIỆN**

1. Các huyện ủy, thành ủy, đảng ủy trực thuộc Tỉnh ủy xây dựng kế hoạch thực hiện.

2. Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền.

| **Nơi nhận:** - Ban Bí thư (để b/c), - Các huyện ủy, thành ủy, - Lưu Văn phòng Tỉnh ủy. | **T/M BAN THƯỜNG VỤ PHÓ BÍ THƯ THƯỜNG TRỰC** |
"""

# A press report with page leftovers: breadcrumb, share buttons, caption,
# author, tags, related links, comment form, view counter.
PRESS_WITH_LEFTOVERS = """\
Trang chủ > Kinh tế > Ngân hàng
Xã hội
Thái Bình: Tín dụng chính sách góp phần giảm nghèo bền vững
Thứ Hai, 14/10/2024 - 09:30
Chia sẻ
Facebook
Zalo
(Baothaibinh) - Thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư, 10 năm qua, tín dụng chính sách xã hội trên địa bàn tỉnh đã góp phần quan trọng vào công tác giảm nghèo.
Đến nay, tổng nguồn vốn đạt trên 7.000 tỷ đồng, trong đó nguồn vốn ngân sách địa phương ủy thác đạt 600 tỷ đồng.
Cán bộ Ngân hàng Chính sách xã hội giải ngân vốn vay tại điểm giao dịch xã
Ông Nguyễn Văn B, Giám đốc Chi nhánh cho biết: Thực hiện Kết luận số 06-KL/TW, chi nhánh tiếp tục nâng cao chất lượng tín dụng.
Minh Hương
Tags: tín dụng chính sách, Thái Bình
Tin liên quan
Ngân hàng CSXH tỉnh tổng kết 10 năm
Bình luận
Gửi bình luận
Họ và tên
Email
Lượt xem: 1234
"""

FORMS = {
    "ubnd-plan-pdf": (UBND_PLAN_PDF, {
        "type": "ke-hoach", "number": "45/KH-UBND", "date": "2025-01-10", "issuer": "ubnd-quang-ninh",
        "signer": ("Nguyễn Văn Thành", "PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH"),
        "paths": ["I", "I.1", "I.2", "I.2.1", "I.2.2", "II", "II.1", "II.2", "III", "III.1", "III.1.a",
                  "III.1.b", "III.2", "III.2.1", "III.2.2", "IV", "IV.1", "IV.2"],
        "targets": {"ban-bi-thu/2024/39-ct-tw"},
    }),
    "party-plan-word": (PARTY_PLAN_WORD, {
        "type": "ke-hoach", "number": "45-KH/TU", "date": "2025-01-20", "issuer": "tinh-uy-hung-yen",
        "signer": (None, "PHÓ BÍ THƯ THƯỜNG TRỰC", "T/M BAN THƯỜNG VỤ"),
        "paths": ["I", "I.1", "I.2", "II", "II.1", "II.1.1", "II.1.2", "II.2", "III", "III.1", "III.2"],
        "targets": {"ban-bi-thu/2024/39-ct-tw", "tinh-uy-hung-yen/2015/36-ct-tu"},
    }),
    "press-with-leftovers": (PRESS_WITH_LEFTOVERS, {
        "type": "bai-viet", "number": None, "date": "2024-10-14", "issuer": None, "signer": None,
        "paths": ["1", "2", "3"],
        "targets": {"ban-bi-thu/2014/40-ct-tw", "ban-bi-thu/2021/06-kl-tw"},
    }),
}
FORM_LEFTOVERS = ("Trang chủ", "Chia sẻ", "Facebook", "Zalo", "Tags", "Tin liên quan", "tổng kết 10 năm",
                  "Bình luận", "Họ và tên", "Email", "Lượt xem", "|", "**")
