"""Wiring the extractor into the corpus, and the `cite` command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from citation_cases import SEED_RECORDS, corpus, doc, seed
from seedfiles import seed_path

from build_tools.models import Clause, Footnote, Relation
from build_tools.records import load_corpus
from build_tools.relations import cite_command, document_parts, extract_from_text, guess_province, resolve_relations

ROOT = Path(__file__).resolve().parents[1]
LETTER = "ubnd-hung-yen/2024/tiep-tuc-trien-khai-chi-thi-40-ct-tw"
CT40, KL06 = "ban-bi-thu/2014/40-ct-tw", "ban-bi-thu/2021/06-kl-tw"
TB449, TB1692 = "van-phong-chinh-phu/2024/449-tb-vpcp", "tinh-uy-hung-yen/2024/1692-tb-tu"
CT36 = "tinh-uy-hung-yen/2015/36-ct-tu"


def hung_yen_letter(**kw) -> object:
    """The seed 003 letter, cut down: title, preamble, a clause, a footnote, declared relations."""
    return doc(
        LETTER, "cong-van", None, "2024-11", text="full",
        title="Về việc tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư",
        preamble=("Thực hiện Thông báo số 449/TB-VPCP ngày 03/10/2024 của Văn phòng Chính phủ về kết luận; "
                  "Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy về kết luận, UBND tỉnh yêu cầu:",),
        clauses=(Clause("1", "1", "Các cơ quan, tổ chức, đơn vị", None, children=(
            Clause("1.1", "-", None, "Tiếp tục quán triệt Kết luận số 06-KL/TW ngày 10/6/2021 của Ban Bí thư¹, "
                   "Chỉ thị số 36-CT/TU ngày 27/02/2015 của Ban Thường vụ Tỉnh ủy, Chỉ thị số 36-CT/TU và "
                   "Quyết định số 999/QĐ-TTg ngày 01/01/2024."),)),),
        footnotes=(Footnote("1", "Về tiếp tục thực hiện Chỉ thị số 40-CT/TW của Ban Bí thư", clause="1.1"),),
        relations=(Relation("continues", CT40), Relation("cites", "ngoai-kho/2020/1-ct-tw", note="not loaded")),
        **kw)


@pytest.fixture
def resolved():
    c = corpus(*[d for d in SEED_RECORDS if d.id != LETTER], hung_yen_letter())
    return resolve_relations(c)


def test_returns_the_same_corpus_mutated() -> None:
    c = corpus()
    assert resolve_relations(c) is c


def test_parts_in_reading_order_with_clause_paths() -> None:
    parts = document_parts(hung_yen_letter())
    assert [(clause, own) for _, clause, own in parts] == [(None, True), (None, False), ("1", False),
                                                             ("1.1", False), ("1.1", False)]


def test_declared_first_then_found_in_document_order(resolved) -> None:
    rels = resolved.relations[LETTER]
    assert [(r.origin, r.type, r.target, r.clause) for r in rels] == [
        ("declared", "continues", CT40, None),
        ("declared", "cites", "ngoai-kho/2020/1-ct-tw", None),
        ("found", "implements", TB449, None),
        ("found", "implements", TB1692, None),
        ("found", "cites", KL06, "1.1"),
        ("found", "cites", CT36, "1.1"),        # twice in 1.1, one relation
    ]
    assert all(r.source == LETTER for r in rels)


def test_found_relation_keeps_its_evidence_sentence(resolved) -> None:
    found = [r for r in resolved.relations[LETTER] if r.target == TB449]
    assert found[0].evidence.startswith("Thực hiện Thông báo số 449/TB-VPCP")


def test_footnote_citation_takes_the_footnotes_clause(resolved) -> None:
    last = resolved.citations[LETTER][-1]
    assert (last.number, last.clause, last.target, last.relation) == ("40-CT/TW", "1.1", CT40, "cites")


def test_no_relation_to_itself() -> None:
    cao_bang = doc("tinh-uy-cao-bang/2021/09-ct-tu", "chi-thi", "09-CT/TU", None, year=2021,
                   preamble=("Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU lãnh đạo thực hiện Kết luận số 06-KL/TW",))
    c = resolve_relations(corpus(*[d for d in SEED_RECORDS if d.id != cao_bang.id], cao_bang))
    assert [r.target for r in c.relations[cao_bang.id]] == [KL06]
    assert c.citations[cao_bang.id][0].target == cao_bang.id


def test_inbound_holds_every_relation_to_a_target(resolved) -> None:
    assert [(r.source, r.type, r.origin) for r in resolved.inbound[CT40]] == [(LETTER, "continues", "declared")]
    assert [r.source for r in resolved.inbound["ngoai-kho/2020/1-ct-tw"]] == [LETTER]
    assert list(resolved.inbound) == sorted(resolved.inbound)


def test_unresolved_citations_go_to_the_to_do_list(resolved) -> None:
    assert [(u.source, u.citation.number) for u in resolved.unresolved] == [(LETTER, "999/QĐ-TTg")]


def test_deterministic() -> None:
    def run() -> tuple:
        c = resolve_relations(corpus(*[d for d in SEED_RECORDS if d.id != LETTER], hung_yen_letter()))
        return c.relations, c.inbound, c.citations, c.unresolved
    assert run() == run()


def test_extract_from_text_uses_the_province() -> None:
    text = "Thông báo số 1692-TB/TU ngày 05/7/2024 của Tỉnh ủy"
    assert extract_from_text(text, corpus(), province="hung-yen")[0].target == TB1692
    assert extract_from_text(text, corpus())[0].target is None


@pytest.mark.parametrize("prefix, province", [("000", None), ("001", "thanh-hoa"), ("003", "hung-yen")])
def test_guess_province_from_the_header(prefix: str, province: str | None) -> None:
    # seed 003's header "TỈNH HƯNG YÊN": the pre-2025 unit, not hung-yen-2025
    assert guess_province(seed(prefix), corpus()) == province


# --- the cite command ------------------------------------------------------------------

def test_cite_json(capsys) -> None:
    assert cite_command(seed_path("003"), corpus(), True) == 0
    out = json.loads(capsys.readouterr().out)
    assert len(out) == 14
    assert {"text", "type", "number", "date", "issuer", "target", "relation", "clause", "warnings"} <= set(out[0])
    assert (out[3]["number"], out[3]["issuer"], out[3]["target"]) == ("1692-TB/TU", "tinh-uy-hung-yen", TB1692)


def test_cite_readable_ends_with_a_summary(tmp_path: Path, capsys) -> None:
    path = tmp_path / "letter.txt"
    path.write_text("Thực hiện Quyết định số 101/QĐ-TTg ngày 14/3/2016 của Thủ tướng Chính phủ và "
                    "Chỉ thị số 40 của Ban Bí thư; Quyết định số 1560/QĐ-TTG.", encoding="utf-8")
    assert cite_command(path, corpus(*SEED_RECORDS, doc("tinh-uy-hung-yen/2015/40-ct-tu", "chi-thi",
                                                        "40-CT/TU", "2015-01-01")), False) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "3 citations, 2 resolved, 0 ambiguous"   # "của Ban Bí thư" rules out Hưng Yên's 40
    assert "→ thu-tuong-chinh-phu/2016/401-qd-ttg" in lines[0] and "probable OCR error" in lines[1]
    assert any("1560/QĐ-TTg" in line and "chưa có trong kho" in line for line in lines)


def test_cite_reports_ambiguity(tmp_path: Path, capsys) -> None:
    path = tmp_path / "x.txt"
    path.write_text("TỈNH ỦY HƯNG YÊN\nThực hiện Chỉ thị số 40, các cấp", encoding="utf-8")
    c = corpus(*SEED_RECORDS, doc("tinh-uy-hung-yen/2015/40-ct-tu", "chi-thi", "40-CT/TU", "2015-01-01"))
    assert cite_command(path, c, False) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 citations, 0 resolved, 1 ambiguous"


def test_cite_missing_file_says_what_to_do(tmp_path: Path, capsys) -> None:
    assert cite_command(tmp_path / "missing.txt", corpus(), False) == 1
    assert "UTF-8 text file" in capsys.readouterr().err


# --- the real records ---------------------------------------------------------------------

def test_real_records_resolve_every_seed_citation() -> None:
    c = resolve_relations(load_corpus(ROOT))
    seed_docs = [LETTER, "ubnd-thanh-hoa/2016/6766-kh-ubnd", "tinh-uy-cao-bang/2021/09-ct-tu",
                 "khong-ro/2021/vinh-tuong-tang-cuong-su-lanh-dao-cua-dang",
                 "ban-tuyen-giao-thanh-uy-can-tho/khong-ro/ke-hoach-thuc-hien-chi-thi-39-ct-tw"]
    for doc_id in seed_docs:
        assert c.citations[doc_id], doc_id
        assert [x.text for x in c.citations[doc_id] if x.target is None] == [], doc_id
    letter = {x.number: x for x in c.citations[LETTER]}
    assert letter["1692-TB/TU"].target == TB1692 and letter["36-CT/TU"].target == CT36
    plan = c.citations["ubnd-thanh-hoa/2016/6766-kh-ubnd"]
    assert any(x.number == "101/QĐ-TTg" and x.target == "thu-tuong-chinh-phu/2016/401-qd-ttg" for x in plan)
    for doc_id, rels in c.relations.items():
        declared = {r.target for r in rels if r.origin == "declared"}
        assert not [r for r in rels if r.origin == "found" and (r.target in declared or r.target == doc_id)]
        assert re.fullmatch(r"[a-z0-9/-]+", doc_id)
