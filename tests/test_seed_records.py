"""Pin the archive's first records to the five seed texts they were made from.

The records under data/documents/ are read with yaml.safe_load, so these tests
check the files exactly as maintainers write them, independently of the
project's loader.  What they pin:

* fidelity: (almost) every sentence of each seed is kept word for word
  somewhere in its record, and no web-page leftover is kept as text;
* structure: the clause paths, footnotes and relations the seeds give;
* facts: numbers, dates, types, text status and signers of every record;
* integrity: relation targets exist, referenced clause paths exist, OCR
  notes point at text that really contains the misreading.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import seedfiles
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "data" / "documents"


SEEDS = seedfiles.SEEDS

CAO_BANG = "tinh-uy-cao-bang/2021/09-ct-tu"
THANH_HOA = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
VINH_TUONG = "khong-ro/2021/vinh-tuong-tang-cuong-su-lanh-dao-cua-dang"
HUNG_YEN = "ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw"
CAN_THO = "ban-tuyen-giao-thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw"
CAN_THO_PLAN = "thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw"


# --------------------------------------------------------------------------- records
def load_records() -> dict[str, dict]:
    records = {}
    for path in sorted(DOCS.rglob("*.yaml")):
        doc_id = path.relative_to(DOCS).with_suffix("").as_posix()
        with path.open(encoding="utf-8") as fh:
            records[doc_id] = yaml.safe_load(fh)
    return records


RECORDS = load_records()


def record(doc_id: str) -> dict:
    assert doc_id in RECORDS, f"missing record data/documents/{doc_id}.yaml"
    return RECORDS[doc_id]


def clause_paths(clauses, prefix: str = "") -> dict[str, dict]:
    """path -> clause; unlabeled, "-" and "+" items take their 1-based position."""
    out: dict[str, dict] = {}
    for position, clause in enumerate(clauses or [], start=1):
        label = clause.get("label")
        key = str(position) if label in (None, "-", "+") else str(label)
        path = f"{prefix}.{key}" if prefix else key
        out[path] = clause
        out.update(clause_paths(clause.get("children"), path))
    return out


def strings(value):
    """Every string inside a value, depth first."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings(v)


TEXT_FIELDS = ("title", "editorial_title", "preamble", "addressees", "closing", "recipients",
               "captions", "signer", "author", "section")


def text_strings(rec: dict):
    """The strings that stand for the document's own text (notes excluded)."""
    for key in TEXT_FIELDS:
        yield from strings(rec.get(key))
    for clause in clause_paths(rec.get("clauses")).values():
        for key in ("heading", "text"):
            if clause.get(key):
                yield clause[key]
    for fn in rec.get("footnotes") or []:
        yield fn["text"]


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def haystack(rec: dict) -> str:
    return "\n".join(norm(s) for s in strings(rec))


# ------------------------------------------------------------------------ seed texts
# Lines that are web-page furniture, not the document's text.
LEFTOVERS = {
    "000_1c8ae59df58d28fb.txt": {
        "Viết bình luận", "(*)", "Số ký tự còn lại:", "Protected by FormShield", "Refresh",
        "Hãy sử dụng tiếng Việt có dấu khi viết bài. Bình luận của bạn sẽ được biên tập "
        "trước khi đăng"},
    "002_1bb78dffa67b4316.txt": {"Ý kiến của bạn", "Họ tên:", "Email:"},
}
# Header and signature-block pieces held by structured fields (number, date,
# place, issuer, digital_signature, signer); test_record_facts pins them.
FURNITURE = {
    "001_f59e673c1788c206.txt": {
        "Ký bởi: Văn phòng Ủy ban Nhân dân", "Thời gian ký: 05/05/2016 16:35:04",
        "ỦY BAN NHÂN DÂN", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH THANH HÓA",
        "Độc lập - Tự do - Hạnh phúc", "Số:6766/KH-UBND", "Thanh Hóa, ngày 05 tháng 5 năm 2016",
        "KẾ HOẠCH", "Nơi nhận:", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Thị Thìn"},
    "003_3b139f6f5b742d8d.txt": {
        "**ỦY BAN NHÂN DÂN", "TỈNH HƯNG YÊN**", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc**", "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "Nguyễn Lê Huy"},
}
# PDF lines that start a new block although the previous line has no blank after it.
BREAKS = {
    "001_f59e673c1788c206.txt": (
        "Thực hiện Quyết định số 401", "Các sở, ban, ngành, chính quyền địa phương các cấp cần",
        "Để thực hiện tốt Chỉ thị số 40-CU/TW", "Trên đây là Kế hoạch"),
}
# A label at the start of a line: I., 1., a), -, +, "..." (an OCR-damaged "-"),
# "V/v" before a letter's subject line, a footnote marker.
LABEL = re.compile(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\)|[-+]|\.\.\.|V/v|[¹²³⁴⁵⁶⁷⁸⁹])\s+")


def seed_blocks(name: str) -> list[str]:
    """The seed's text as blocks (paragraphs, list items, header pieces).

    Lines are joined with single spaces; a blank line, a labelled line, a
    dropped leftover/furniture line or a listed break starts a new block;
    page-number lines vanish without breaking; labels are stripped.
    """
    text = unicodedata.normalize("NFC", (SEEDS / name).read_text(encoding="utf-8"))
    leftovers = LEFTOVERS.get(name, set())
    furniture = FURNITURE.get(name, set())
    breaks = BREAKS.get(name, ())
    blocks: list[list[str]] = [[]]

    def new_block():
        if blocks[-1]:
            blocks.append([])

    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            new_block()
            continue
        if re.fullmatch(r"\d+", line):          # a PDF page number
            continue
        for piece in re.split(r"\s{3,}", line):  # two-column PDF lines
            if piece in leftovers or piece in furniture:
                new_block()
                continue
            if LABEL.match(piece) or piece.startswith(breaks):
                new_block()
                piece = LABEL.sub("", piece, count=1)
            blocks[-1].append(piece)
    return [norm(" ".join(b)) for b in blocks if b]


def seed_sentences(name: str) -> list[str]:
    out = []
    for block in seed_blocks(name):
        for sentence in re.split(r"(?<=[.;:!?])\s+", block):
            sentence = sentence.strip()
            if len(sentence.split()) >= 3:
                out.append(sentence)
    return out


SEED_RECORDS = {
    "000_1c8ae59df58d28fb.txt": CAO_BANG,
    "001_f59e673c1788c206.txt": THANH_HOA,
    "002_1bb78dffa67b4316.txt": VINH_TUONG,
    "003_3b139f6f5b742d8d.txt": HUNG_YEN,
    "004_6963cefcaf1207b7.txt": CAN_THO,
}


@pytest.mark.parametrize("seed,doc_id", sorted(SEED_RECORDS.items()))
def test_seed_sentences_are_kept_word_for_word(seed, doc_id):
    rec = record(doc_id)
    assert rec["source"]["file"] == seed
    hay = haystack(rec)
    sentences = seed_sentences(seed)
    assert len(sentences) >= 5
    missing = [s for s in sentences if s not in hay]
    coverage = 1 - len(missing) / len(sentences)
    print(f"{seed}: {len(sentences) - len(missing)}/{len(sentences)} sentences kept")
    for s in missing:
        print("  MISSING:", s)
    assert coverage >= 0.97, f"{seed}: coverage {coverage:.1%}; missing: {missing}"


@pytest.mark.parametrize("seed,doc_id", sorted(SEED_RECORDS.items()))
def test_web_leftovers_are_not_kept_as_text(seed, doc_id):
    text = "\n".join(text_strings(record(doc_id)))
    for leftover in LEFTOVERS.get(seed, set()) | {"FormShield", "Viết bình luận", "Họ tên:",
                                                    "Email:", "TAG:", "Số ký tự còn lại"}:
        assert leftover not in text, f"{doc_id} keeps web leftover {leftover!r} as text"


def test_no_record_keeps_web_leftovers_in_text_fields():
    for doc_id, rec in RECORDS.items():
        text = "\n".join(text_strings(rec))
        for leftover in ("FormShield", "Viết bình luận", "Họ tên:", "Email:", "TAG:",
                         "Refresh", "Ý kiến của bạn"):
            assert leftover not in text, (doc_id, leftover)


def test_pdf_page_numbers_are_dropped_and_hard_breaks_joined_with_one_space():
    th = record(THANH_HOA)
    closing = th["closing"][0]
    assert "Chỉ thị số 40- CT/TW ngày 22/11/2014" in closing
    b5 = clause_paths(th["clauses"])["II.3.b.5"]["text"]
    assert "kiểm tra việc thực hiện các chương trình tín dụng" in b5   # across page 3
    for s in text_strings(th):
        assert "  " not in s and "\n" not in s
        assert not re.search(r"(^| )[2-5] (?=[a-zđ])", s), s


# ------------------------------------------------------------------------ structure
def test_thanh_hoa_has_the_printed_clause_tree():
    paths = clause_paths(record(THANH_HOA)["clauses"])
    for p in ("I", "I.1", "I.1.a", "I.1.d", "I.2", "I.2.d", "II", "II.1.c", "II.2.c", "II.3.a.2",
              "II.3.b", "II.3.b.2", "II.3.b.6", "II.3.c.2", "II.3.d.3", "II.4", "III.1", "III.2"):
        assert p in paths, p
    assert "II.3.b.7" not in paths and "II.3.d.4" not in paths
    assert paths["I"]["heading"] == "MỤC ĐÍCH, YÊU CẦU"
    assert paths["I.1"]["heading"] == "Mục đích"
    assert paths["II.1"]["heading"] == ("Tăng cường sự chỉ đạo của các sở, ban, ngành và chính "
                                        "quyền địa phương đối với hoạt động tín dụng chính sách "
                                        "xã hội")
    assert paths["II.3.a"]["text"] == "Đối với Sở Kế hoạch và Đầu tư, Sở Tài chính:"
    assert paths["II.3.b.5"]["label"] == "-"
    assert paths["II.3.b.5"]["text"].startswith("Chỉ đạo Ban giảm nghèo cấp xã")
    assert paths["III.2"]["text"].startswith("Gian Ngân hàng Chính sách xã hội chủ trì")


def test_cao_bang_has_seven_items_and_the_second_paragraph_of_item_2():
    paths = clause_paths(record(CAO_BANG)["clauses"])
    for n in range(1, 8):
        assert str(n) in paths
    assert paths["2.1"]["text"].startswith("Trong kế hoạch phát triển kinh tế - xã hội")
    assert "label" not in paths["2.1"]
    assert len(record(CAO_BANG)["preamble"]) == 3


def test_hung_yen_has_seven_items_bullets_and_four_footnotes():
    rec = record(HUNG_YEN)
    paths = clause_paths(rec["clauses"])
    for p in ("1", "2", "3", "4", "5", "6", "7", "1.1", "1.2", "4.3", "5.3", "7.3"):
        assert p in paths, p
    assert paths["1"]["heading"] == "Các cơ quan, tổ chức, đơn vị"
    assert paths["2"]["text"].startswith("Sở Tài chính, Sở Kế hoạch và Đầu tư")
    # the paragraph interrupted by footnotes 1-3 is one paragraph
    assert "cho Nhân dân. Cấp ủy, chính quyền các cấp từ tỉnh đến cơ sở" in paths["1.1"]["text"]
    assert "các hoạt động tín dụng chính sách xã hội và thực hiện" in paths["6"]["text"]
    footnotes = rec["footnotes"]
    assert [f["marker"] for f in footnotes] == ["¹", "²", "³", "⁴"]
    for fn in footnotes:
        assert fn["marker"] in paths[fn["clause"]]["text"]
    assert footnotes[1]["text"] == "Về công tác tín dụng chính sách xã hội"
    assert len(rec["addressees"]) == 6 and rec["addressees"][0].startswith("Ủy ban Mặt trận")
    assert rec["recipients"][0] == "Như trên;"


def test_press_reports_are_unlabeled_paragraphs():
    vt = record(VINH_TUONG)
    assert len(vt["clauses"]) == 11 and all("label" not in c for c in vt["clauses"])
    assert vt["captions"] == ["Phòng Giao dịch Ngân hàng CSXH huyện Vĩnh Tường tập huấn nghiệp "
                              "vụ quản lý vốn tín dụng chính sách cho các hội đoàn thể nhận ủy "
                              "thác, Trưởng thôn, Tổ TK&VV trên địa bàn xã Ngũ Kiên"]
    ct = record(CAN_THO)
    assert len(ct["clauses"]) == 2 and all("label" not in c for c in ct["clauses"])


# ----------------------------------------------------------------------------- facts
FACTS = {
    CAO_BANG: dict(type="chi-thi", number="09-CT/TU", issuer="tinh-uy-cao-bang", date=None,
                   text="full", year=2021,
                   signer={"name": "Lại Xuân Môn", "title": "BÍ THƯ",
                           "on_behalf": "T/M BAN THƯỜNG VỤ"}),
    THANH_HOA: dict(type="ke-hoach", number="6766/KH-UBND", issuer="ubnd-thanh-hoa",
                    date="2016-05-05", text="full", place="Thanh Hóa",
                    signer={"name": "Lê Thị Thìn", "title": "PHÓ CHỦ TỊCH",
                            "on_behalf": "KT. CHỦ TỊCH"},
                    digital_signature={"signed_by": "Văn phòng Ủy ban Nhân dân",
                                       "signed_at": "2016-05-05T16:35:04"}),
    VINH_TUONG: dict(type="bai-viet", number=None, issuer=None, date="2021-11-25", text="full",
                     province="vinh-phuc", author="Trần Tỉnh", section="Kinh Tế",
                     title="Vĩnh Tường tăng cường sự lãnh đạo của Đảng đối với tín dụng chính "
                           "sách xã hội"),
    HUNG_YEN: dict(type="cong-van", number=None, issuer="ubnd-hung-yen", date="2024-11",
                   text="full", place="Hưng Yên",
                   title="tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của "
                         "Ban Bí thư",
                   signer={"name": "Nguyễn Lê Huy", "title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
                           "on_behalf": "KT. CHỦ TỊCH"}),
    CAN_THO: dict(type="bai-viet", number=None, issuer="ban-tuyen-giao-thanh-uy-can-tho",
                  date=None, title=None, text="excerpt", author="Thảo Ngô",
                  editorial_title="Kế hoạch của Ban Thường vụ Thành ủy Cần Thơ thực hiện Chỉ "
                                  "thị số 39-CT/TW (trích bài viết)"),
    CAN_THO_PLAN: dict(type="ke-hoach", number=None, issuer="thanh-uy-can-tho", date=None,
                       title=None, text="none"),
    "ban-bi-thu/2014/40-ct-tw": dict(type="chi-thi", number="40-CT/TW", issuer="ban-bi-thu",
                                     date="2014-11-22", text="none"),
    "ban-bi-thu/2021/06-kl-tw": dict(type="ket-luan", number="06-KL/TW", issuer="ban-bi-thu",
                                     date="2021-06-10", text="none"),
    "ban-bi-thu/2024/39-ct-tw": dict(type="chi-thi", number="39-CT/TW", issuer="ban-bi-thu",
                                     date="2024-10-30", text="none"),
    "thu-tuong-chinh-phu/2016/401-qd-ttg": dict(type="quyet-dinh", number="401/QĐ-TTg",
                                                issuer="thu-tuong-chinh-phu",
                                                date="2016-03-14", text="none"),
    "van-phong-chinh-phu/2024/449-tb-vpcp": dict(type="thong-bao", number="449/TB-VPCP",
                                                 issuer="van-phong-chinh-phu",
                                                 date="2024-10-03", text="none"),
    "thu-tuong-chinh-phu/2023/05-qd-ttg": dict(type="quyet-dinh", number="05/QĐ-TTg",
                                               issuer="thu-tuong-chinh-phu", date="2023-01-04",
                                               text="none"),
    "chinh-phu/2024/100-2024-nd-cp": dict(type="nghi-dinh", number="100/2024/NĐ-CP",
                                          issuer="chinh-phu", date="2024-07-26", text="none"),
    "tinh-uy-hung-yen/2015/36-ct-tu": dict(type="chi-thi", number="36-CT/TU",
                                           issuer="tinh-uy-hung-yen", date="2015-02-27",
                                           text="none",
                                           title="Về công tác tín dụng chính sách xã hội"),
    "tinh-uy-hung-yen/2024/1692-tb-tu": dict(type="thong-bao", number="1692-TB/TU",
                                             issuer="tinh-uy-hung-yen", date="2024-07-05",
                                             text="none"),
    "ubnd-hung-yen/2023/1931-ubnd-th": dict(type="cong-van", number="1931/UBND-TH",
                                            issuer="ubnd-hung-yen", date="2023-07-20",
                                            text="none"),
}


@pytest.mark.parametrize("doc_id", sorted(FACTS))
def test_record_facts(doc_id):
    rec = record(doc_id)
    for key in ("type", "number", "issuer", "date", "title", "text"):
        assert key in rec, f"{doc_id}: {key} must always be present"
    for key, expected in FACTS[doc_id].items():
        assert rec.get(key) == expected, (doc_id, key, rec.get(key))


def test_titles_are_the_trich_yeu_as_printed():
    assert record(THANH_HOA)["title"] == (
        "Triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư Trung ương Đảng "
        "về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội")
    assert record(CAO_BANG)["title"] == ("Chỉ thị của Ban Thường vụ Tỉnh ủy về tăng cường sự "
                                         "lãnh đạo của Đảng đối với tín dụng chính sách xã hội")
    assert record("ban-bi-thu/2014/40-ct-tw")["title"] == (
        "về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội")


def test_blank_number_and_day_of_the_hung_yen_letter_stay_blank():
    rec = record(HUNG_YEN)
    assert rec["number"] is None
    assert rec["date"] == "2024-11"
    notes = " ".join(n["text"] for n in rec["notes"])
    assert "Số: /UBND-TH" in notes
    assert "TM. ỦY BAN NHÂN DÂN" in notes


def test_derived_and_inferred_facts_carry_notes():
    cb = record(CAO_BANG)
    assert cb["date"] is None and cb["year"] == 2021
    fields = {(n["type"], n.get("field")) for n in cb["notes"]}
    assert ("inferred", "year") in fields and ("inferred", "issuer") in fields
    lead = [n for n in cb["notes"] if "Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU" in n["text"]]
    assert lead and lead[0]["type"] == "editorial"
    assert not any("vừa ban hành" in p for p in cb["preamble"])
    vt = record(VINH_TUONG)
    assert ("inferred", "province") in {(n["type"], n.get("field")) for n in vt["notes"]}
    assert any("Bài, ảnh: Trần TỉnhTAG:" in n["text"] for n in vt["notes"])
    ct = record(CAN_THO)
    assert any(n.get("field") == "editorial_title" for n in ct["notes"])
    ref = record("ban-bi-thu/2024/39-ct-tw")
    assert any(n["type"] == "reference" for n in ref["notes"])


def test_records_known_only_from_citations_have_no_text():
    for doc_id, rec in RECORDS.items():
        if rec["text"] != "none":
            continue
        assert not rec.get("clauses") and not rec.get("preamble"), doc_id
        assert rec["source"]["kind"] == "citation", doc_id
        assert rec["source"]["note"].startswith("cited by "), doc_id
        for cited_by in rec["source"]["note"][len("cited by "):].split(", "):
            assert cited_by in RECORDS, (doc_id, cited_by)
        assert rec.get("notes"), doc_id


# ------------------------------------------------------------------------- relations
def relations(doc_id: str) -> set[tuple[str, str]]:
    return {(r["type"], r["target"]) for r in record(doc_id).get("relations") or []}


def test_declared_relations_of_the_seeds():
    assert ("implements", "thu-tuong-chinh-phu/2016/401-qd-ttg") in relations(THANH_HOA)
    assert ("implements", "ban-bi-thu/2014/40-ct-tw") in relations(THANH_HOA)
    assert ("implements", "ban-bi-thu/2021/06-kl-tw") in relations(CAO_BANG)
    assert ("cites", "ban-bi-thu/2014/40-ct-tw") in relations(CAO_BANG)
    assert ("reports_on", "ban-bi-thu/2014/40-ct-tw") in relations(VINH_TUONG)
    assert ("cites", "ban-bi-thu/2021/06-kl-tw") in relations(VINH_TUONG)
    hy = relations(HUNG_YEN)
    assert {("implements", "van-phong-chinh-phu/2024/449-tb-vpcp"),
            ("implements", "tinh-uy-hung-yen/2024/1692-tb-tu"),
            ("continues", "ban-bi-thu/2014/40-ct-tw"),
            ("cites", "ban-bi-thu/2021/06-kl-tw"),
            ("cites", "tinh-uy-hung-yen/2015/36-ct-tu"),
            ("cites", "ubnd-hung-yen/2023/1931-ubnd-th"),
            ("cites", "thu-tuong-chinh-phu/2023/05-qd-ttg"),
            ("cites", "chinh-phu/2024/100-2024-nd-cp")} <= hy
    assert ("reports_on", CAN_THO_PLAN) in relations(CAN_THO)
    assert ("cites", "ban-bi-thu/2024/39-ct-tw") in relations(CAN_THO)
    assert ("implements", "ban-bi-thu/2024/39-ct-tw") in relations(CAN_THO_PLAN)
    assert ("continues", "ban-bi-thu/2014/40-ct-tw") in relations("ban-bi-thu/2021/06-kl-tw")
    assert ("implements", "ban-bi-thu/2014/40-ct-tw") in relations(
        "thu-tuong-chinh-phu/2016/401-qd-ttg")
    assert ("implements", "thu-tuong-chinh-phu/2023/05-qd-ttg") in relations(
        "ubnd-hung-yen/2023/1931-ubnd-th")


def test_every_relation_target_is_an_existing_record():
    for doc_id, rec in RECORDS.items():
        for rel in rec.get("relations") or []:
            assert rel["target"] in RECORDS, (doc_id, rel["target"])
            assert rel["target"] != doc_id


def test_every_referenced_clause_path_exists():
    for doc_id, rec in RECORDS.items():
        paths = clause_paths(rec.get("clauses"))
        for key in ("relations", "targets", "notes", "footnotes"):
            for item in rec.get(key) or []:
                if item.get("clause") is not None:
                    assert item["clause"] in paths, (doc_id, key, item["clause"])


# --------------------------------------------------------------------------- targets
def targets(doc_id: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for t in record(doc_id).get("targets") or []:
        out.setdefault(t["clause"], []).append(t)
    return out


def test_quantitative_targets():
    (cb,) = targets(CAO_BANG)["2.1"]
    assert (cb["value"], cb["unit"], cb["comparator"], cb["year"]) == (5, "%", ">=", 2025)
    hy = targets(HUNG_YEN)
    assert (hy["2"][0]["value"], hy["2"][0]["unit"], hy["2"][0]["year"]) == (15, "%", 2030)
    assert (hy["7.3"][0]["value"], hy["7.3"][0]["year"]) == (0, 2030)
    vt = [t for ts in targets(VINH_TUONG).values() for t in ts]
    budget = [t for t in vt if t.get("comparator") == "range"]
    assert budget and (budget[0]["value"], budget[0]["value_max"]) == (500000000, 1000000000)
    assert any(t["value"] == 425000000000 and t["comparator"] == ">" for t in vt)
    bad = [t for t in vt if t.get("baseline") is not None]
    assert bad and (bad[0]["value"], bad[0]["year"], bad[0]["baseline"],
                    bad[0]["baseline_year"]) == (0.39, 2021, 0.69, 2017)
    ct = [t for ts in targets(CAN_THO).values() for t in ts]
    assert {(t["value"], t["unit"], t["comparator"], t.get("year")) for t in ct} == {
        (20, "%/năm", ">=", None), (30, "%", ">=", 2030)}
    for doc_id in RECORDS:
        for t in record(doc_id).get("targets") or []:
            clause = clause_paths(record(doc_id)["clauses"])[t["clause"]]
            assert clause.get("text"), (doc_id, t)


# ------------------------------------------------------------------------ OCR notes
def test_ocr_notes_point_at_the_text_as_printed():
    for doc_id, rec in RECORDS.items():
        paths = clause_paths(rec.get("clauses"))
        for n in rec.get("notes") or []:
            if n["type"] != "ocr":
                continue
            assert n.get("original") and n.get("corrected"), (doc_id, n)
            assert n["original"] != n["corrected"]
            if n.get("clause"):
                c = paths[n["clause"]]
                where = " ".join(filter(None, (c.get("heading"), c.get("text"))))
            else:
                where = " ".join(strings(rec.get(n["field"])))
            if n["original"] == "...":           # the damaged bullet: label "-" in the record
                assert paths[n["clause"]]["label"] == "-"
                continue
            # the record keeps the text as printed; the correction lives in the note
            assert n["original"] in where, (doc_id, n)


def test_thanh_hoa_closing_keeps_the_misread_decision_number_with_a_correction():
    rec = record(THANH_HOA)
    assert "Quyết định số 101/QĐ-TTg ngày 14/3/2016" in rec["closing"][0]
    fixes = {(n.get("field"), n["original"], n["corrected"]) for n in rec["notes"]
             if n["type"] == "ocr"}
    assert ("closing", "101/QĐ-TTg", "401/QĐ-TTg") in fixes
    assert (None, "40-CU/TW", "40-CT/TW") in {(None, o, c) for _, o, c in fixes}
    assert "Chỉ thị số 40-CU/TW" in clause_paths(rec["clauses"])["II.4"]["text"]


# ---------------------------------------------------------------------- file format
def _walk_clauses(clauses):
    for c in clauses or []:
        yield c
        yield from _walk_clauses(c.get("children"))


@pytest.mark.parametrize("doc_id", sorted(RECORDS))
def test_record_format(doc_id):
    rec = RECORDS[doc_id]
    assert rec["date"] is None or isinstance(rec["date"], str)       # quoted, never a date
    assert rec["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", rec["date"])
    if rec.get("year") is not None:
        assert rec["date"] is None and rec.get("notes")
    for c in _walk_clauses(rec.get("clauses")):
        assert "label" not in c or isinstance(c["label"], str), (doc_id, c.get("label"))
        assert c.get("heading") or c.get("text") or c.get("children")
    for s in strings(rec):
        assert unicodedata.is_normalized("NFC", s), (doc_id, s)
    assert rec["text"] in ("full", "excerpt", "none")


# ------------------------------------------------------------- the project's loader
def test_records_load_through_the_project_loader_with_the_same_clause_paths():
    from build_tools.records import load_corpus
    corpus = load_corpus(ROOT)
    for doc_id, rec in RECORDS.items():
        doc = corpus.documents[doc_id]
        assert doc.type == rec["type"] and doc.number == rec["number"]
        assert doc.date == rec["date"] and doc.text == rec["text"]
        assert {c.path for c in doc.all_clauses()} == set(clause_paths(rec.get("clauses")))
    assert corpus.documents[CAO_BANG].year == 2021
    assert corpus.documents[THANH_HOA].clause("II.3.b.2") is not None
