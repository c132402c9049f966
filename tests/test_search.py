"""Search: analysis, query parsing, index build and incremental update, CLI."""

from __future__ import annotations

import argparse
import json
import os
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from build_tools.models import (
    Abbreviation,
    Clause,
    Corpus,
    DocType,
    Document,
    Organization,
    Province,
    Signer,
    Vocabulary,
)
from build_tools.search import (
    IndexMissing,
    Searcher,
    SearchError,
    SearchResult,
    search_command,
    snippet,
    update_index,
)
from build_tools.search_analysis import TypedNumbers, index_terms, number_keys
from build_tools.search_query import FILTER_KEYS, QueryVocab, parse_query

# --- a small corpus: one row of a table fits on one line ------------------------------

VOCAB = Vocabulary(
    doc_types={
        "chi-thi": DocType("chi-thi", "Chỉ thị", ("CT",)),
        "ke-hoach": DocType("ke-hoach", "Kế hoạch", ("KH",)),
        "ket-luan": DocType("ket-luan", "Kết luận", ("KL",)),
    },
    relation_types={},
    abbreviations=(Abbreviation("NHCSXH", "Ngân hàng Chính sách xã hội"),
                   Abbreviation("MTTQ", "Mặt trận Tổ quốc")),
)
ORGS = {
    "ban-bi-thu": Organization("ban-bi-thu", "Ban Bí thư Trung ương Đảng", "Ban Bí thư", "party", "central"),
    "ubnd-thanh-hoa": Organization("ubnd-thanh-hoa", "Ủy ban nhân dân tỉnh Thanh Hóa", "UBND tỉnh Thanh Hóa",
                                   "government", "province", province="thanh-hoa"),
    "ubnd-vinh-phuc": Organization("ubnd-vinh-phuc", "Ủy ban nhân dân tỉnh Vĩnh Phúc", None,
                                   "government", "province", province="vinh-phuc"),
}
PROVINCES = {
    "thanh-hoa": Province("thanh-hoa", "Thanh Hóa"),
    "vinh-phuc": Province("vinh-phuc", "Vĩnh Phúc", until="2025-06-30", successor="phu-tho-2025"),
    "phu-tho-2025": Province("phu-tho-2025", "Phú Thọ", since="2025-07-01"),
}


def clause(path: str, text: str, heading: str | None = None, *children: Clause) -> Clause:
    return Clause(path=path, label=path.rsplit(".", 1)[-1], heading=heading, text=text, children=children)


def doc(doc_id: str, type_: str, number: str | None, issuer: str, date: str | None, title: str,
        *clauses: Clause, signer: str | None = None) -> Document:
    year = int(date[:4]) if date else None
    return Document(id=doc_id, type=type_, number=number, issuer=issuer, date=date, title=title,
                    text="full" if clauses else "none", year=year, clauses=clauses,
                    signer=Signer(signer) if signer else None)


def small_corpus() -> Corpus:
    docs = [
        doc("ban-bi-thu/2014/40-ct-tw", "chi-thi", "40-CT/TW", "ban-bi-thu", "2014-11-22",
            "về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội"),
        doc("ubnd-thanh-hoa/2016/6766-kh-ubnd", "ke-hoach", "6766/KH-UBND", "ubnd-thanh-hoa", "2016-05-05",
            "Triển khai thực hiện Chỉ thị số 40-CT/TW",
            clause("I", "Tổ chức thực hiện Chỉ thị 40-CTTW của Ban Bí thư.", "MỤC ĐÍCH",
                   clause("I.1", "Dành một phần nguồn vốn từ ngân sách địa phương ủy thác qua NHCSXH.")),
            clause("II", "Mặt trận Tổ quốc tham gia giám sát; tổng dư nợ hơn 425 tỷ đồng, nợ xấu 0,39%."),
            signer="Lê Thị Thìn"),
        doc("ubnd-vinh-phuc/2021/12-kh-ubnd", "ke-hoach", "12/KH-UBND", "ubnd-vinh-phuc", "2021-03-01",
            "Kế hoạch về tín dụng đen",
            clause("1", "Ngăn chặn tín dụng đen ở nông thôn."),
            clause("2", "Hoà giải ở cơ sở; thủy lợi.")),
    ]
    return Corpus(root=".", documents={d.id: d for d in docs}, organizations=dict(ORGS),
                  provinces=dict(PROVINCES), vocabulary=VOCAB)


def with_document(corpus: Corpus, document: Document) -> Corpus:
    documents = dict(corpus.documents)
    documents[document.id] = document
    return replace(corpus, documents=documents)


def without_document(corpus: Corpus, doc_id: str) -> Corpus:
    documents = {k: v for k, v in corpus.documents.items() if k != doc_id}
    return replace(corpus, documents=documents)


TH = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
VP = "ubnd-vinh-phuc/2021/12-kh-ubnd"
CT40 = "ban-bi-thu/2014/40-ct-tw"


# --- analysis ---------------------------------------------------------------------

@pytest.mark.parametrize("printed", [
    "40-CT/TW",      # canonical
    "40-ct-tw",      # the id slug
    "40/CT-TW",      # slash and hyphen swapped
    "40-CTTW",       # Cao Bằng prints it without the slash
    "40-CT/TƯ",      # TƯ = Trung ương
    "40- CT/TW",     # Thanh Hóa's closing: a space after the hyphen
])
def test_number_spellings_share_one_key(printed: str) -> None:
    assert number_keys(printed)[0][2][0] == "#40cttw"


@pytest.mark.parametrize("text, absent", [
    ("kế hoạch 5 năm 2021 - 2025", "#"),        # years are no number
    ("chiếm 15%/tổng nguồn vốn", "#"),           # a percentage before a slash is no number
])
def test_no_false_numbers(text: str, absent: str) -> None:
    assert not number_keys(text)


@pytest.mark.parametrize("text, term", [
    ("Tín dụng", "tin"),                 # folded: exact forms are re-ranked, not indexed
    ("Tín dụng", "tin_dung"),            # folded syllable bigram
    ("điểm a ở xã", "o"),                # one-letter words kept
    ("điểm a ở xã", "a"),
    ("Thanh Hoá", "thanh_hoa"),          # bigrams of folded words
    ("Tổ TK&VV", "tk&vv"),               # glossary abbreviation stays one token
    ("nợ xấu 0,39%", "0,39"),            # decimal comma kept
    ("nợ xấu 0,39%", "0,39%"),
    ("100/2024/NĐ-CP", "#1002024ndcp"),  # number with a year part
    ("100/2024/NĐ-CP", "#100ndcp"),
    ("Chỉ thị số 40-CT/TW", "#chithi40"),  # type + number key
])
def test_index_terms(text: str, term: str) -> None:
    assert term in index_terms(text, TypedNumbers(["Chỉ thị", "Kết luận"]))


# --- query parsing ----------------------------------------------------------------------

VOCAB_Q = QueryVocab(tuple(t.name for t in VOCAB.doc_types.values()), VOCAB.abbreviations)


@pytest.mark.parametrize("query, filters", [
    ("ủy thác loai:ke-hoach", {"type": "ke-hoach"}),
    ('tinh:"Thanh Hóa" vốn', {"province": "Thanh Hóa"}),
    ("nam:2016..2020 x", {"year_from": 2016, "year_to": 2020}),
    ("nam:2021 x", {"year_from": 2021, "year_to": 2021}),
    ("nam:..2020 x", {"year_to": 2020}),
    ("co-quan:ubnd-thanh-hoa cap:tinh x", {"issuer": "ubnd-thanh-hoa", "level": "tinh"}),
    ("http://example x", {}),            # an unknown name is just words
])
def test_inline_filters(query: str, filters: dict[str, object]) -> None:
    assert parse_query(query, VOCAB_Q).filters == filters


@pytest.mark.parametrize("query, kinds", [
    ('"ngân sách địa phương" ủy thác', ["phrase", "word", "word"]),
    ("Chỉ thị 40", ["key"]),                       # type + number
    ("Chỉ thị số 40-CT/TW", ["key"]),              # the full number decides
    ("NHCSXH tỉnh", ["alt", "word"]),              # abbreviation
    ("ngân hàng chính sách xã hội", ["alt"]),       # its expansion
    ('"unbalanced', ["word"]),                      # closed at the end
    ("*:*", []),
])
def test_units(query: str, kinds: list[str]) -> None:
    assert [u.kind for u in parse_query(query, VOCAB_Q).units] == kinds


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_parser_never_crashes_and_filters_stay_known(text: str) -> None:
    parsed = parse_query(text, VOCAB_Q)
    assert set(parsed.filters) <= FILTER_KEYS | {"year_invalid"}
    for key in ("year_from", "year_to"):
        if key in parsed.filters:
            assert isinstance(parsed.filters[key], int)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "đ:-/*%&.,0123456789ơưNHCSXloai:nam..')), max_size=60))
def test_searcher_answers_or_refuses_any_query(small_index: Path, text: str) -> None:
    searcher = Searcher(small_index)
    try:
        result = searcher.search(text)
    except SearchError:
        return
    assert result.total >= len(result.hits)


# --- index and searcher -------------------------------------------------------------------

@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    index_dir = tmp_path_factory.mktemp("small") / ".index"
    update_index(small_corpus(), index_dir)
    return index_dir


def top(index_dir: Path, query: str, **options: object) -> list[tuple[str, str | None]]:
    return [(h.document, h.clause) for h in Searcher(index_dir).search(query, **options).hits]


@pytest.mark.parametrize("query, expected", [
    ("tin dung den", (VP, "1")),            # no diacritics
    ("hòa giải", (VP, "2")),                # new placement finds old
    ("thuỷ lợi", (VP, "2")),                # old placement finds new
    ("40-ct-tw", (CT40, None)),             # the document itself first
    ("Chỉ thị 40", (CT40, None)),
    ("40-CTTW", (TH, "I")),                 # ... and the clause printing that spelling
    ("Mặt trận Tổ quốc", (TH, "II")),
    ("MTTQ", (TH, "II")),                   # abbreviation -> expansion
    ("Ngân hàng Chính sách xã hội", (TH, "I.1")),   # expansion -> abbreviation
    ("425 tỷ", (TH, "II")),
    ("0,39%", (TH, "II")),
    ("Lê Thị Thìn", (TH, None)),
    ('"ngân sách địa phương"', (TH, "I.1")),
    ("mục đích", (TH, "I")),                # the heading is indexed with its clause
])
def test_finds(small_index: Path, query: str, expected: tuple[str, str | None]) -> None:
    hits = top(small_index, query)
    assert expected in hits[:2], hits


def test_all_words_rank_above_some(small_index: Path) -> None:
    hits = Searcher(small_index).search("tín dụng đen nông thôn", limit=10).hits
    assert (hits[0].document, hits[0].clause) == (VP, "1")


def test_filters_return_only_matching_hits(small_index: Path) -> None:
    s = Searcher(small_index)
    assert {h.type for h in s.search("tín dụng", type="ke-hoach", limit=50).hits} == {"ke-hoach"}
    assert {h.document for h in s.search("tín dụng", province="Vĩnh Phúc", limit=50).hits} == {VP}
    # the 2025 successor finds the old unit's documents
    assert {h.document for h in s.search("tín dụng", province="phu-tho-2025", limit=50).hits} == {VP}
    assert {h.year for h in s.search("tín dụng nam:2014..2016", limit=50).hits} <= {2014, 2016}
    assert all(h.level == "central" for h in s.search("tín dụng cap:trung-uong", limit=50).hits)


@pytest.mark.parametrize("query, options, message", [
    ("", {}, "empty query"),
    ("x" * 501, {}, "too long"),
    ("*:*", {}, "no searchable words"),
    ("vốn", {"type": "khong-co"}, "unknown type"),
    ("vốn", {"province": "Atlantis"}, "unknown province"),
    ("vốn cap:vu-tru", {}, "unknown level"),
    ("vốn nam:abc", {}, "year filter"),
    ("vốn", {"limit": 101}, "limit"),
    ("vốn", {"sort": "name"}, "sort"),
])
def test_bad_queries_say_what_to_change(small_index: Path, query: str, options: dict[str, object],
                                        message: str) -> None:
    with pytest.raises(SearchError, match=message):
        Searcher(small_index).search(query, **options)  # type: ignore[arg-type]


def test_sort_by_date_puts_newest_first(small_index: Path) -> None:
    hits = Searcher(small_index).search("tín dụng", sort="date", limit=20).hits
    dates = [h.date or "" for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_did_you_mean(small_index: Path) -> None:
    assert Searcher(small_index).search("tín dụnq").suggestion == "tín dụng"


def test_paging_is_stable(small_index: Path) -> None:
    s = Searcher(small_index)
    both = [(h.document, h.clause) for h in s.search("tín dụng", limit=4).hits]
    first = [(h.document, h.clause) for h in s.search("tín dụng", limit=2).hits]
    second = [(h.document, h.clause) for h in s.search("tín dụng", limit=2, offset=2).hits]
    assert first + second == both


def test_snippet_marks_matches_and_phrases() -> None:
    text = "Dành một phần nguồn vốn từ ngân sách địa phương ủy thác qua Ngân hàng"
    assert "[[ngân sách địa phương]]" in snippet(text, [("ngan", "sach", "dia", "phuong")])
    assert snippet("Chỉ thị 40-CTTW", [], ["#40cttw"]) == "Chỉ thị [[40-CTTW]]"
    long = "chữ " * 200 + "ủy thác" + " chữ" * 200
    out = snippet(long, [("uy", "thac")])
    assert "[[ủy thác]]" in out and out.startswith("…") and out.endswith("…") and len(out) < 300


def test_url_carries_the_pages_clause_anchor(small_index: Path) -> None:
    from build_tools.pages_common import clause_anchor
    hit = Searcher(small_index).search("Mặt trận Tổ quốc").hits[0]
    assert hit.url == f"/van-ban/{TH}/#{clause_anchor('II')}"


# --- build, incremental update, atomic swap --------------------------------------------------

def files_state(index_dir: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in index_dir.iterdir()}


def test_update_is_incremental(tmp_path: Path) -> None:
    index_dir = tmp_path / ".index"
    corpus = small_corpus()
    assert update_index(corpus, index_dir) == 3
    before = files_state(index_dir)
    assert update_index(corpus, index_dir) == 0                 # no change: nothing written
    assert files_state(index_dir) == before
    searcher = Searcher(index_dir, recheck_s=0)
    assert searcher.search("tín dụng đen").hits
    changed = replace(corpus.documents[VP], clauses=(clause("1", "Chống cho vay nặng lãi."),))
    assert update_index(with_document(corpus, changed), index_dir) == 1
    assert not any(h.document == VP for h in searcher.search("tín dụng đen").hits if h.clause)
    assert searcher.search("nặng lãi").hits[0].document == VP   # the warm searcher sees the change
    assert update_index(without_document(with_document(corpus, changed), VP), index_dir) == 1
    assert not any(h.document == VP for h in searcher.search("nặng lãi").hits)
    added = doc("ban-bi-thu/2021/06-kl-tw", "ket-luan", "06-KL/TW", "ban-bi-thu", "2021-06-10", "Kết luận")
    assert update_index(with_document(corpus, added), index_dir) == 2   # one added, VP back
    assert Searcher(index_dir).search("06-KL/TƯ").hits[0].document == added.id


def test_failed_first_build_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools import search_index

    def boom(*args: object) -> None:
        raise RuntimeError("disk full")
    monkeypatch.setattr(search_index, "_write_meta", boom)       # after the writer's commit
    with pytest.raises(RuntimeError):
        update_index(small_corpus(), tmp_path / ".index")
    assert os.listdir(tmp_path) == []


def test_failed_update_leaves_the_live_index_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools import search_index

    index_dir = tmp_path / ".index"
    corpus = small_corpus()
    update_index(corpus, index_dir)
    before = files_state(index_dir)

    def boom(*args: object) -> None:
        raise RuntimeError("disk full")
    monkeypatch.setattr(search_index, "_write_meta", boom)
    changed = replace(corpus.documents[VP], clauses=(clause("1", "Chống cho vay nặng lãi."),))
    with pytest.raises(RuntimeError):
        update_index(with_document(corpus, changed), index_dir)
    assert files_state(index_dir) == before
    assert sorted(os.listdir(tmp_path)) == [".index"]
    assert Searcher(index_dir).search("tín dụng đen").hits[0].document == VP


def test_schema_change_rebuilds_beside_the_live_index(tmp_path: Path) -> None:
    index_dir = tmp_path / ".index"
    update_index(small_corpus(), index_dir)
    meta = json.loads((index_dir / "meta.json").read_text())
    meta["schema"] = -1
    (index_dir / "meta.json").write_text(json.dumps(meta))
    assert update_index(small_corpus(), index_dir) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [".index"]
    assert Searcher(index_dir).search("tín dụng").hits


# --- command line -------------------------------------------------------------------------------

def cli_args(root: Path, *query: str, **options: object) -> argparse.Namespace:
    base = dict(root=root, query=list(query), type=None, issuer=None, province=None, year_from=None,
                year_to=None, limit=10, sort="relevance", json=False)
    base.update(options)
    return argparse.Namespace(**base)


def test_cli_json_contract(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update_index(small_corpus(), tmp_path / ".index")
    assert search_command(cli_args(tmp_path, "ủy", "thác", json=True)) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and {"document", "number", "type", "issuer", "date", "title", "clause", "url", "score",
                     "snippet"} <= set(hits[0])
    assert hits[0]["url"].startswith("/van-ban/") and "[[" in hits[0]["snippet"]


def test_cli_human_output_ends_with_a_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    update_index(small_corpus(), tmp_path / ".index")
    assert search_command(cli_args(tmp_path, "ủy thác")) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"\d+ hits? for 'ủy thác'( \(showing \d+\))? in \d+ ms", out[-1]), out[-1]
    assert any(line.strip().startswith("/van-ban/") for line in out)


def test_cli_without_index_says_what_to_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert search_command(cli_args(tmp_path, "x")) == 1
    assert "python -m build_tools build --no-site" in capsys.readouterr().err
    with pytest.raises(IndexMissing):
        Searcher(tmp_path / ".index")


def test_result_cache_is_keyed_by_index_generation(tmp_path: Path) -> None:
    index_dir = tmp_path / ".index"
    corpus = small_corpus()
    update_index(corpus, index_dir)
    searcher = Searcher(index_dir, recheck_s=0, cache_size=8)
    first = searcher.search("tín dụng đen")
    assert searcher.search("tín dụng đen").hits == first.hits          # from the cache
    changed = replace(corpus.documents[VP], clauses=(clause("1", "Chống cho vay nặng lãi."),))
    update_index(with_document(corpus, changed), index_dir)
    assert [h.clause for h in searcher.search("tín dụng đen").hits if h.document == VP] == [None]


def test_time_budget_returns_partial_results_flagged(small_index: Path) -> None:
    result = Searcher(small_index).search("tín dụng", budget_s=-1.0)   # already past the deadline
    assert result.timed_out and result.hits == []


@pytest.mark.parametrize("text, keys", [
    ("vốn của Ngân hàng Chính sách xã hội", ["#ab:nhcsxh"]),       # the expansion, one key
    ("Mặt trận Tổ quốc và Mặt trận Tổ quốc", ["#ab:mttq", "#ab:mttq"]),  # once per occurrence
    ("mat tran to quoc", ["#ab:mttq"]),                              # folded text too
    ("NHCSXH tỉnh", []),                                             # the short form is its own word
])
def test_glossary_keys(text: str, keys: list[str]) -> None:
    from build_tools.search_analysis import Glossary
    glossary = Glossary((a.short, a.expansion) for a in VOCAB.abbreviations)
    assert [t for t in index_terms(text, None, glossary) if t.startswith("#ab:")] == keys


GLOSSARY_WORDS = ["ngan", "hang", "chinh", "sach", "xa", "hoi", "mat", "tran", "to", "quoc", "a", "5", "12.5", "tk"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(GLOSSARY_WORDS), st.sampled_from([" ", ", ", "&", "_", "-", ".", "\n", ""])),
                max_size=30))
@example([("a", " "), ("a", " "), ("a", "")])                          # "a a a": one "a a", not two
@example([("tk", "&"), ("vv", " "), ("xa", "")])                         # an expansion with "&": its regex
def test_glossary_keys_are_those_of_one_regex_per_expansion(parts: list[tuple[str, str]]) -> None:
    """The word-sequence lookup finds exactly what `w1[\\W_]+w2…` bounded by non-letters finds,
    overlapping repeats ("a a a") included."""
    from build_tools.search_analysis import Glossary, fold_map, glossary_key
    pairs = [(a.short, a.expansion) for a in VOCAB.abbreviations] + [("AA", "a a"), ("TVV", "tk&vv xa")]
    text = fold_map("".join(word + sep for word, sep in parts))
    expected = []
    for short, expansion in pairs:
        words = re.findall(r"\d+(?:[.,]\d+)+%?|[^\W_]+(?:&[^\W_]+)*%?", fold_map(expansion))
        if len(words) < 2 or short.endswith(".") or "/" in short:
            continue
        body = r"[\W_]+".join(re.escape(w) for w in words)
        expected += [glossary_key(short)] * len(re.findall(rf"(?<![^\W_]){body}(?![^\W_])", text))
    glossary = Glossary(pairs)
    assert sorted(glossary.keys(text)) == sorted(expected)
    tokens = re.findall(r"\d+(?:[.,]\d+)+%?|[^\W_]+(?:&[^\W_]+)*%?", text)      # as index_terms passes them
    assert sorted(glossary.keys(text, tokens)) == sorted(expected)


PLAIN_WORD = r"\d+(?:[.,]\d+)+%?|[^\W_]+(?:&[^\W_]+)*%?"          # the word pattern as first written


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab9٣đĐữ&%.,_ -\n", max_size=40))
@example("15%/tổng 1.000,5 TK&VV 0,39% a1.5 1abc")
def test_the_tuned_word_pattern_finds_the_plain_ones_words(text: str) -> None:
    from build_tools.search_analysis import _WORD
    assert _WORD.findall(text) == re.findall(PLAIN_WORD, text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aZ9٣đữ&%.,_- \n\t\x0b\u00a0\u2013", max_size=40))
@example("15%/tong 1.000,5 tk&vv 0,39% a1.5 1abc x&&y %a b_c")
def test_tokens_of_ascii_fast_path_finds_the_word_patterns_words(text: str) -> None:
    from build_tools.search_analysis import _WORD, tokens_of
    assert tokens_of(text) == _WORD.findall(text)


@pytest.mark.parametrize("text", ["", "Tín", "Tín dụng chính sách", "nợ xấu 0,39% và 15%/tổng",
                                  "Chỉ thị số 40-CT/TW của Ban Bí thư; NHCSXH và Ngân hàng Chính sách xã hội"])
def test_body_terms_length_counts_every_term_and_bigram(text: str) -> None:
    from collections import Counter

    from build_tools.search_analysis import Glossary, body_terms
    glossary = Glossary((a.short, a.expansion) for a in VOCAB.abbreviations)
    body = body_terms(text, TypedNumbers(["Chỉ thị"]), glossary)
    terms = body.terms()
    assert body.length() == len(terms)
    bigrams = Counter(t for t in terms if "_" in t)
    assert bigrams == Counter(f"{a}_{b}" for a, b in zip(body.words, body.words[1:], strict=False))


@pytest.mark.parametrize("query, options", [
    ("tin dung den", {}),                   # all words, then the adjacency bonus
    ("tín dụng đen nông thôn", {}),         # full matches, then the most-words fallback
    ("Chỉ thị 40", {}),                     # typed number: ident (boosted) or body
    ("40-CTTW", {}),                        # number keys and the spelling key
    ("MTTQ", {}),                           # glossary alternatives
    ('"ngân sách địa phương"', {}),         # a phrase: a conjunction of bigrams
    ("xã hội", {"type": "ke-hoach"}),       # a filter: a scoreless conjunct on both paths
])
def test_set_at_a_time_scores_as_whoosh(small_index: Path, monkeypatch: pytest.MonkeyPatch,
                                        query: str, options: dict[str, object]) -> None:
    from build_tools import search_score
    fast = Searcher(small_index).search(query, limit=20, **options)
    monkeypatch.setattr(search_score.FastScorer, "supported", staticmethod(lambda q: False))
    slow = Searcher(small_index).search(query, limit=20, **options)
    assert fast.total == slow.total
    if not options:
        assert [(h.document, h.clause, h.score) for h in fast.hits] == \
            [(h.document, h.clause, h.score) for h in slow.hits]
    else:   # Whoosh's collector also scored the filter's own terms: the same hits
        assert {(h.document, h.clause) for h in fast.hits} == {(h.document, h.clause) for h in slow.hits}


def test_threads_share_one_posting_cache(small_index: Path) -> None:
    import threading
    searcher = Searcher(small_index)
    first = searcher.search("tín dụng đen").hits
    cached = searcher._postings.cached
    assert cached > 0
    out: list[object] = []
    worker = threading.Thread(target=lambda: out.append(searcher.search("tín dụng đen").hits))
    worker.start()
    worker.join()
    assert out == [first] and searcher._postings.cached == cached   # read once, not per thread


def test_each_threads_searcher_reads_the_segment_map_without_copying_it(tmp_path: Path) -> None:
    """Whoosh wraps each part of a compound segment in BytesIO, a copy per open searcher: the
    server's threads held 2.9 GB at 5,000 documents. search_storage reads the parts in place."""
    import threading
    import tracemalloc

    from whoosh import index as windex

    from build_tools.records import load_corpus
    from build_tools.search_index import INDEX_NAME
    index_dir = tmp_path / ".index"
    update_index(load_corpus(Path(__file__).resolve().parents[1]), index_dir)
    assert all(s.is_compound() for s in windex.open_dir(str(index_dir), indexname=INDEX_NAME)._segments())
    size = sum(p.stat().st_size for p in index_dir.iterdir())
    searcher = Searcher(index_dir)
    searcher.search("tín dụng chính sách")
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        threads = [threading.Thread(target=lambda: searcher.search("tín dụng chính sách")) for _ in range(8)]
        for t in threads:
            t.start()
            t.join()
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < size / 2, (grown, size)          # eight searchers: a copy each would be 8 x size


def test_an_open_searcher_keeps_answering_after_the_index_is_swapped_under_it(tmp_path: Path) -> None:
    """publish_index renames a new index over the old one; a searcher opened before the swap
    answers from the files it holds until it notices the change (recheck_s)."""
    from build_tools.atomic import replace_dir
    from build_tools.records import load_corpus

    corpus = load_corpus(Path(__file__).resolve().parents[1])
    live, staged = tmp_path / ".index", tmp_path / ".index.new"
    update_index(corpus, live)
    update_index(corpus, staged)                    # the same entries, other segment files
    searcher = Searcher(live, recheck_s=3600)
    assert searcher.search("zzqxw").hits == []       # opened, no stored field nor column read yet
    expected = [(h.document, h.clause, h.snippet) for h in Searcher(live).search("tín dụng chính sách").hits]
    replace_dir(staged, live)
    after = searcher.search("tín dụng chính sách")
    assert [(h.document, h.clause, h.snippet) for h in after.hits] == expected != []


def test_a_searcher_on_a_swapped_in_index_scores_with_that_index_statistics(tmp_path: Path) -> None:
    """The threads share BM25 tables; a thread that opens its searcher after a swap, before the
    server notices it, reads the new index and must not score with the old one's tables."""
    import threading

    from build_tools.atomic import replace_dir
    from build_tools.records import load_corpus

    corpus = load_corpus(Path(__file__).resolve().parents[1])
    fewer = replace(corpus, documents=dict(list(corpus.documents.items())[::2]))
    live, staged = tmp_path / ".index", tmp_path / ".index.new"
    update_index(corpus, live)
    update_index(fewer, staged)
    searcher = Searcher(live, recheck_s=3600)
    searcher.search("tín dụng")                      # the old index's tables, made and shared
    replace_dir(staged, live)
    found: list[SearchResult] = []
    thread = threading.Thread(target=lambda: found.append(searcher.search("tín dụng")))
    thread.start()
    thread.join()
    fresh = Searcher(live).search("tín dụng")
    assert [(h.document, h.clause, round(h.score, 6)) for h in found[0].hits] == \
        [(h.document, h.clause, round(h.score, 6)) for h in fresh.hits] != []
