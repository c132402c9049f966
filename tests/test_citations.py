"""The citation extractor: tables of real forms, negatives, properties, the seeds."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from citation_cases import CLASSIFY_CASES, FIND_CASES, NEGATIVE_CASES, RESOLVE_CASES, SEED_RECORDS, corpus, doc, seed
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import citation_patterns as P
from build_tools.citations import (
    Context,
    TextMemo,
    _Matcher,
    build_index,
    canonical_code,
    classify,
    extract,
    find_citations,
    number_key,
    resolve,
)

ROOT = Path(__file__).resolve().parents[1]
INDEX = build_index(corpus())


def found(text: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return [(c.text, c.type, c.number, c.date) for c in find_citations(text)]


# --- finding ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", FIND_CASES)
def test_find(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", NEGATIVE_CASES)
def test_no_false_citation(text: str) -> None:
    assert found(text) == []


def test_ocr_code_is_corrected_with_a_warning() -> None:
    (c,) = find_citations("Chỉ thị số 40-CU/TW")
    assert c.number == "40-CT/TW"
    assert c.warnings == ("OCR: printed 40-CU/TW, read as 40-CT/TW",)


def test_header_number_is_flagged() -> None:
    (c,) = find_citations("ỦY BAN NHÂN DÂN\nSố:6766/KH-UBND   Thanh Hóa")
    assert "own number" in c.warnings[0]
    (c,) = find_citations("theo Kế hoạch số 6766/KH-UBND")
    assert c.warnings == ()


def test_evidence_sentence_survives_an_ocr_period_inside_the_citation() -> None:
    # seed 001: "Chỉ thị số.\n40-CT/TW" must not split the sentence at "số."
    (c,) = find_citations("b) Tổ chức nghiên cứu nội dung Chỉ thị số.\n40-CT/TW của Ban Bí thư nhằm nâng cao.")
    assert c.sentence == "b) Tổ chức nghiên cứu nội dung Chỉ thị số. 40-CT/TW của Ban Bí thư nhằm nâng cao."


@pytest.mark.parametrize("printed, canonical", [
    ("TTG", "TTg"), ("TƯ", "TW"), ("TU", "TU"), ("QD", "QĐ"), ("ND", "NĐ"), ("ubnd", "UBND"), ("HD", "HD"),
])
def test_canonical_code(printed: str, canonical: str) -> None:
    assert canonical_code(printed) == canonical


def test_number_key_joins_spellings() -> None:
    assert number_key("40-CT/TƯ") == number_key("40-ct/tw") == "40-CT/TW"
    assert number_key("05/QĐ-TTg") == number_key("5/QD-TTG")


def test_type_tables_mirror_the_vocabulary() -> None:
    # The finder works without a corpus, so it carries its own copy of the
    # vocabulary's names and suffixes; this fails when data/ changes alone.
    vocab = yaml.safe_load((ROOT / "data" / "vocabulary.yaml").read_text(encoding="utf-8"))["doc_types"]
    names = {t["name"]: tid for tid, t in vocab.items() if t.get("numbered", True)}
    suffixes = {s: tid for tid, t in vocab.items() for s in t.get("suffixes", [])}
    assert P.DOC_TYPE_NAMES == names
    assert P.SUFFIX_TYPES == suffixes


# --- properties -----------------------------------------------------------------

FRAGMENTS = ["Chỉ thị", "Kết luận", "Quyết định", " số", "sô", " ", "\n", ".", ",", ";", "-", "/", "40", "2014",
             "06", "CT", "CU", "TW", "TƯ", "QĐ", "TTg", "ngày", "tháng", "năm", "22/11/2014", "của",
             "Ban Bí thư", "Tỉnh ủy", "UBND tỉnh", "Ban", " Chỉ thị 40-CT/TW", "¹", "(sau đây gọi tắt là", ")", "về", "Thực hiện", "%", "Số:"]
citation_like = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def check_spans(text: str, citations: list) -> None:
    last_end = 0
    for c in citations:
        assert 0 <= c.span.start < c.span.end <= len(text)
        assert text[c.span.start:c.span.end] == c.text
        assert c.span.start >= last_end
        last_end = c.span.end


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), citation_like))
def test_find_never_crashes_and_spans_match(text: str) -> None:
    check_spans(text, find_citations(text))


@settings(max_examples=300, deadline=None)
@given(citation_like, st.sampled_from([None, "hung-yen", "cao-bang"]), st.sampled_from([None, "bai-viet"]))
def test_extract_keeps_spans_after_trimming_issuers(text: str, province: str | None, doc_type: str | None) -> None:
    citations = extract(text, INDEX, Context(province=province, doc_type=doc_type))
    check_spans(text, citations)
    assert all(c.relation in {"implements", "continues", "based_on", "cites"} for c in citations)


@settings(max_examples=200, deadline=None)
@given(citation_like)
def test_a_citation_alone_is_found_again(text: str) -> None:
    for c in find_citations(text):
        again = find_citations(c.text)
        assert again and again[0].number == c.number and again[0].span.start == 0


# --- resolving -------------------------------------------------------------------

@pytest.mark.parametrize("text, province, number, issuer, target, warning", RESOLVE_CASES)
def test_resolve(text: str, province: str | None, number: str | None, issuer: str | None, target: str | None,
                 warning: str | None) -> None:
    (c,) = resolve(find_citations(text), INDEX, Context(province=province))
    assert (c.number, c.issuer, c.target) == (number, issuer, target)
    if warning:
        assert any(warning in w for w in c.warnings), c.warnings
    elif target:
        assert not c.warnings


def test_issuer_phrase_is_trimmed_to_the_alias() -> None:
    # seed 001: "Ban Bí thư Trong\nương Đảng" (OCR) keeps only the part that names the body
    (c,) = resolve(find_citations("Chỉ thị số 40-CT/TW của Ban Bí thư Trong\nương Đảng về"), INDEX)
    assert c.text == "Chỉ thị số 40-CT/TW của Ban Bí thư"


# Two records fit "Chỉ thị số 40" inside a Cao Bằng document.
TWO_FORTIES = corpus(*SEED_RECORDS, doc("tinh-uy-cao-bang/2018/40-ct-tu", "chi-thi", "40-CT/TU", "2018-03-01"))


def test_ambiguous_short_form_is_reported_not_guessed() -> None:
    (c,) = resolve(find_citations("Chỉ thị số 40"), build_index(TWO_FORTIES), Context(province="cao-bang"))
    assert c.target is None
    assert c.warnings[0].startswith("ambiguous: 40 fits 2 records")


def test_short_form_refers_to_the_full_citation_met_earlier() -> None:
    text = "Thực hiện Chỉ thị số 40-CT/TU của Ban Thường vụ Tỉnh ủy. Chỉ thị 40 yêu cầu"
    cits = resolve(find_citations(text), build_index(TWO_FORTIES), Context(province="cao-bang"))
    assert [(c.number, c.target) for c in cits] == [("40-CT/TU", "tinh-uy-cao-bang/2018/40-ct-tu")] * 2


def test_short_form_after_an_unresolved_full_citation_stays_unresolved() -> None:
    # Thanh Hóa's own 40-CT/TU is not in the archive: "Chỉ thị 40" is that one, not 40-CT/TW.
    text = "Chỉ thị số 40-CT/TU ngày 02/3/2018 của Ban Thường vụ Tỉnh ủy. Thực hiện Chỉ thị 40, các"
    cits = resolve(find_citations(text), INDEX, Context(province="thanh-hoa"))
    assert [(c.number, c.target) for c in cits] == [("40-CT/TU", None), ("40-CT/TU", None)]


# --- classifying -----------------------------------------------------------------

@pytest.mark.parametrize("text, doc_type, relations", CLASSIFY_CASES)
def test_classify(text: str, doc_type: str | None, relations: list[str]) -> None:
    assert [c.relation for c in classify(text, find_citations(text), doc_type=doc_type)] == relations


def test_own_title_states_this_documents_act() -> None:
    title = "Về việc tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư"
    assert [c.relation for c in classify(title, find_citations(title), own_subject=True)] == ["continues"]
    assert [c.relation for c in classify(title, find_citations(title))] == ["cites"]


# --- the seeds ---------------------------------------------------------------------

CT40, KL06, CT39 = "ban-bi-thu/2014/40-ct-tw", "ban-bi-thu/2021/06-kl-tw", "ban-bi-thu/2024/39-ct-tw"
QD401, TB449 = "thu-tuong-chinh-phu/2016/401-qd-ttg", "van-phong-chinh-phu/2024/449-tb-vpcp"
TB1692, CT36 = "tinh-uy-hung-yen/2024/1692-tb-tu", "tinh-uy-hung-yen/2015/36-ct-tu"
CV1931, QD05 = "ubnd-hung-yen/2023/1931-ubnd-th", "thu-tuong-chinh-phu/2023/05-qd-ttg"
ND100, CT09, KH6766 = "chinh-phu/2024/100-2024-nd-cp", "tinh-uy-cao-bang/2021/09-ct-tu", "ubnd-thanh-hoa/2016/6766-kh-ubnd"
D40, D06 = "2014-11-22", "2021-06-10"

# seed prefix, province, doc type, every citation: (number, date, target, relation)
SEED_EXPECTED = [
    ("000", "cao-bang", "chi-thi", [
        ("09-CT/TU", None, CT09, "cites"),                 # "Tỉnh ủy vừa ban hành Chỉ thị số 09-CT/TU"
        ("06-KL/TW", D06, KL06, "implements"),
        ("40-CT/TW", D40, CT40, "cites"),                  # in 06-KL/TW's title
        ("40-CT/TW", D40, CT40, "implements"),             # followed by "(sau đây gọi tắt là ...)"
        ("40-CT/TW", None, CT40, "implements"),
        ("06-KL/TW", D06, KL06, "implements"),
        ("40-CT/TW", D40, CT40, "cites"),
        ("40-CT/TW", None, CT40, "cites"),                 # "Chỉ thị 40-CTTW"
        ("06-KL/TW", None, KL06, "cites"),                 # "Kết luận số 06- KL/TW"
        ("06-KL/TW", None, KL06, "cites"),
        ("06-KL/TW", None, KL06, "implements"),
    ]),
    ("001", "thanh-hoa", "ke-hoach", [
        ("6766/KH-UBND", None, KH6766, "cites"),           # the header's own number
        ("40-CT/TW", D40, CT40, "implements"),             # title
        ("401/QĐ-TTg", "2016-03-14", QD401, "implements"),
        ("40-CT/TW", D40, CT40, "cites"),
        ("40-CT/TW", D40, CT40, "implements"),
        ("40-CT/TW", D40, CT40, "implements"),             # "ngày 22 tháng 11 năm 2014."
        ("40-CT/TW", None, CT40, "cites"),                 # "Chỉ thị số.\n40-CT/TW"
        ("40-CT/TW", None, CT40, "implements"),            # "40-CU/TW"
        ("40-CT/TW", None, CT40, "based_on"),
        ("101/QĐ-TTg", "2016-03-14", QD401, "implements"),  # OCR for 401
        ("40-CT/TW", D40, CT40, "cites"),                  # "40-\nCT/TW ... Ban Bí thu"
    ]),
    ("002", "vinh-phuc", "bai-viet", [
        ("40-CT/TW", "2014", CT40, "cites"),          # "Chỉ thị số 40/2014"
        ("40-CT/TW", None, CT40, "cites"),            # "Chỉ thị số 40"
        ("40-CT/TW", None, CT40, "cites"),
        ("40-CT/TW", None, CT40, "cites"),            # "Chỉ thị 40"
        ("06-KL/TW", None, KL06, "cites"),            # "Kết luận số 06"
        ("40-CT/TW", None, CT40, "cites"),
    ]),
    ("003", "hung-yen", "cong-van", [
        ("40-CT/TW", D40, CT40, "continues"),              # "V/v tiếp tục triển khai thực hiện"
        ("449/TB-VPCP", "2024-10-03", TB449, "implements"),
        ("40-CT/TW", D40, CT40, "cites"),
        ("1692-TB/TU", "2024-07-05", TB1692, "implements"),  # "của Tỉnh ủy"
        ("40-CT/TW", D40, CT40, "cites"),
        ("40-CT/TW", D40, CT40, "cites"),
        ("06-KL/TW", D06, KL06, "cites"),
        ("449/TB-VPCP", "2024-10-03", TB449, "cites"),
        ("36-CT/TU", "2015-02-27", CT36, "cites"),         # "của Ban Thường vụ Tỉnh ủy²"
        ("1692-TB/TU", "2024-07-05", TB1692, "cites"),     # "của Văn phòng Tỉnh ủy"
        ("1931/UBND-TH", "2023-07-20", CV1931, "cites"),   # "của UBND tỉnh³"
        ("40-CT/TW", None, CT40, "cites"),                 # footnote 1
        ("05/QĐ-TTg", "2023-01-04", QD05, "cites"),        # footnote 3
        ("100/2024/NĐ-CP", "2024-07-26", ND100, "cites"),
    ]),
    ("004", "can-tho", "bai-viet", [("39-CT/TW", None, CT39, "cites")]),
]


@pytest.mark.parametrize("prefix, province, doc_type, expected", SEED_EXPECTED, ids=[s[0] for s in SEED_EXPECTED])
def test_seed(prefix: str, province: str, doc_type: str, expected: list[tuple]) -> None:
    text = seed(prefix)
    cits = extract(text, INDEX, Context(province=province, doc_type=doc_type))
    assert [(c.number, c.date, c.target, c.relation) for c in cits] == expected
    check_spans(text, cits)


def test_seed_003_issuers_are_hung_yen_bodies() -> None:
    cits = extract(seed("003"), INDEX, Context(province="hung-yen"))
    issuers = {c.number: c.issuer for c in cits if c.number in ("1692-TB/TU", "36-CT/TU", "1931/UBND-TH")}
    assert issuers == {"1692-TB/TU": "van-phong-tinh-uy-hung-yen",   # the last mention names the Văn phòng
                       "36-CT/TU": "tinh-uy-hung-yen", "1931/UBND-TH": "ubnd-hung-yen"}
    assert cits[3].issuer == "tinh-uy-hung-yen"                       # "của Tỉnh ủy"


def test_seed_001_reports_the_ocr_errors() -> None:
    cits = extract(seed("001"), INDEX, Context(province="thanh-hoa"))
    warnings = [w for c in cits for w in c.warnings]
    assert "OCR: printed 40-CU/TW, read as 40-CT/TW" in warnings
    assert any(w.startswith("probable OCR error: no record has number 101/QĐ-TTg") for w in warnings)


# --- the shortcuts find exactly what the plain patterns find ---------------------------------

def plain_search(text: str, pos: int):
    return P.CITATION.search(text, pos)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), citation_like), st.lists(st.integers(0, 80), max_size=6))
def test_search_near_numbers_is_the_plain_search(text: str, steps: list[int]) -> None:
    # find_citations tries CITATION only in the zone before each digit run; from
    # any growing sequence of start positions it must give what search() gives.
    matcher = _Matcher(text)
    pos = 0
    for step in [0, *steps]:
        pos = min(len(text), pos + step)
        fast, plain = matcher.search(pos), plain_search(text, pos)
        assert (fast and (fast.span(), fast.groupdict())) == (plain and (plain.span(), plain.groupdict()))
        if plain:
            pos = plain.start()


@pytest.mark.parametrize("text", [
    "Chỉ thị   số\n 40-CT/TW",                  # spaces and a line break inside the prefix
    "Quyết định số: 401/QĐ-TTg",                # "số:" header form
    "abc40-CT/TW và 12/KH-UBND",                # a number glued to a word is no citation, the next one is
    "Kế hoạch 5 năm 2021 - 2025, Chỉ thị 40",   # quantities first
    "Số.\n6766/KH-UBND",
    "１２/KH-UBND",                              # fullwidth digits are \d too
])
def test_search_near_numbers_on_awkward_prefixes(text: str) -> None:
    m, plain = _Matcher(text).search(0), plain_search(text, 0)
    assert (m and m.span()) == (plain and plain.span())


def test_text_memo_keeps_only_the_texts_of_the_last_build() -> None:
    first = TextMemo()
    kept, dropped = first.get("Thực hiện Chỉ thị số 40-CT/TW."), first.get("Căn cứ Kết luận số 06-KL/TW.")
    second = TextMemo(first.finished())
    assert second.get("Thực hiện Chỉ thị số 40-CT/TW.") is kept          # met again: reused
    third = TextMemo(second.finished())
    assert third.get("Căn cứ Kết luận số 06-KL/TW.") is not dropped       # not met in the second build: gone
    assert third.get("Căn cứ Kết luận số 06-KL/TW.")[0] == dropped[0]


def test_text_memo_of_a_partial_build_keeps_the_unread_texts_but_the_stale_ones() -> None:
    # A warm rebuild reads one record: the others' texts stay, that record's old texts go.
    first = TextMemo()
    other, old = first.get("Căn cứ Kết luận số 06-KL/TW."), first.get("Chỉ thị số 40-CT/TW (bản cũ).")
    second = TextMemo(first.finished())
    second.get("Chỉ thị số 40-CT/TW (bản mới).")
    third = TextMemo(second.finished(keep_previous_except={"Chỉ thị số 40-CT/TW (bản cũ)."}))
    assert third.get("Căn cứ Kết luận số 06-KL/TW.") is other
    assert third.get("Chỉ thị số 40-CT/TW (bản cũ).") is not old


def test_ambiguous_issuer_is_reported() -> None:
    # Two bodies answer to "Ban Bí thư": the issuer is not guessed.
    c = corpus()
    c.organizations["ban-bi-thu-2"] = replace(c.organizations["ban-bi-thu"], id="ban-bi-thu-2",
                                               name="Ban Bí thư", aliases=())
    (cit,) = resolve(find_citations("Chỉ thị số 40-CT/TW của Ban Bí thư về"), build_index(c))
    assert cit.warnings[0] == "ambiguous issuer 'Ban Bí thư': ban-bi-thu, ban-bi-thu-2"
    assert cit.issuer == "ban-bi-thu"              # the number ("/TW" alone says nothing) then the record
    assert cit.target == "ban-bi-thu/2014/40-ct-tw"
