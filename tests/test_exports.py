"""Open data: every record and relation in JSON and CSV, per-record
downloads, the Atom feed, and the field reference generated from the schema."""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom
from pathlib import Path

import pytest
from sitecheck import ROOT

from build_tools import exports, schema
from build_tools.records import load_corpus


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return exports.build_files(load_corpus(ROOT))


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus(ROOT)


def test_json_holds_every_record_with_relations_both_ways(files: dict[str, bytes], corpus) -> None:  # type: ignore[no-untyped-def]
    records = json.loads(files["du-lieu/van-ban.json"])
    assert [r["id"] for r in records] == sorted(corpus.documents)
    ct40 = next(r for r in records if r["id"] == "ban-bi-thu/2014/40-ct-tw")
    assert any(r["source"] == "ubnd-thanh-hoa/2016/6766-kh-ubnd" for r in ct40["inbound_relations"])
    plan = next(r for r in records if r["id"] == "ubnd-thanh-hoa/2016/6766-kh-ubnd")
    assert plan["number"] == "6766/KH-UBND" and plan["url"] == "van-ban/ubnd-thanh-hoa/2016/6766-kh-ubnd/"


def test_relations_json_and_csv_agree(files: dict[str, bytes]) -> None:
    relations = json.loads(files["du-lieu/quan-he.json"])
    rows = list(csv.DictReader(io.StringIO(files["du-lieu/quan-he.csv"].decode("utf-8-sig"))))
    assert len(rows) == len(relations) > 0
    assert {(r["source"], r["type"], r["target"]) for r in rows} == \
        {(r["source"], r["type"], r["target"]) for r in relations}


def test_documents_csv_has_a_row_per_record(files: dict[str, bytes], corpus) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(files["du-lieu/van-ban.csv"].decode("utf-8-sig"))))
    assert sorted(r["id"] for r in rows) == sorted(corpus.documents)


def test_csv_cells_cannot_become_formulas() -> None:
    out = exports.to_csv(["a"], [['=HYPERLINK("http://x")'], ["-1+2"], ["@SUM(A1)"], ["plain"], [""], [None]]
                         ).decode("utf-8-sig")
    cells = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert cells == ["'=HYPERLINK(\"http://x\")", "'-1+2", "'@SUM(A1)", "plain", "", ""]     # empty stays empty


def test_per_record_downloads(files: dict[str, bytes], corpus) -> None:  # type: ignore[no-untyped-def]
    for doc_id, doc in corpus.documents.items():
        assert json.loads(files[f"du-lieu/van-ban/{doc_id}.json"])["id"] == doc_id
        assert files[f"du-lieu/van-ban/{doc_id}.yaml"] == (ROOT / doc.file).read_bytes()


def test_feed_is_well_formed_atom(files: dict[str, bytes], corpus) -> None:  # type: ignore[no-untyped-def]
    dom = xml.dom.minidom.parseString(files["du-lieu/feed.xml"])
    assert dom.documentElement.getAttribute("xmlns") == "http://www.w3.org/2005/Atom"
    assert len(dom.getElementsByTagName("entry")) == min(len(corpus.documents), exports.FEED_ENTRIES)


def _names(fields: tuple[schema.Field, ...], prefix: str = "") -> list[str]:
    out = []
    for f in fields:
        out.append(prefix + f.name)
        sub = f.fields or (schema.CLAUSE if f.name == "clauses" else ())
        out += _names(sub, prefix + f.name + ("[]." if f.kind == schema.OBJECTS else "."))
    return out


def test_field_reference_lists_every_schema_field(files: dict[str, bytes]) -> None:
    page = files["du-lieu/truong.md"].decode("utf-8")
    from build_tools import escape
    missing = [n for n in _names(schema.DOCUMENT) if f"<code>{escape.html(n)}</code>" not in page]
    assert missing == []


def test_writing_twice_writes_nothing(tmp_path: Path, corpus) -> None:  # type: ignore[no-untyped-def]
    assert exports.write(corpus, tmp_path).written > 0
    again = exports.write(corpus, tmp_path)
    assert again.written == 0 and again.removed == 0


@pytest.mark.parametrize("data", [
    {"id": "a", "clauses": [{"label": "I", "text": "Nội dung", "children": [{"label": "1", "text": "x"}]}]},
    {"empty_list": [], "empty_map": {}, "none": None, "yes": True, "no": False, "n": 5, "f": 0.39},
    {"quotes": 'a "b": c\\d', "newline": "dòng 1\ndòng 2", "control": "\x01\u2028"},
    {"strings": ["một", "hai"], "mixed": ["a", 1, None, {"k": []}], "nested": [[["sâu"]]]},
    {"relations": [{"source": "x", "clause": None, "origin": "found"}], "year": 2016},
    [],
    "chỉ một chuỗi",
])
def test_per_record_json_is_what_the_standard_library_writes(data: object) -> None:
    """The fast indented writer must not move a byte of the per-record files."""
    assert exports.dumps(data) == (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


@pytest.mark.parametrize("data", [
    {"id": "a", "clauses": [{"label": "I", "text": "Nội dung", "children": [{"label": "1", "text": "x"}]}]},
    {"empty_list": [], "empty_map": {}, "none": None, "yes": True, "no": False, "n": 5, "f": 0.39},
    {"quotes": 'a "b": c\\d', "colon": "k\": \"v", "newline": "dòng 1\n  dòng 2", "control": "\x01\u2028"},
    {1: "int key", "true": {True: [None, {2.5: "float key"}]}, "spaces": "  a  ,  b  "},
    {"strings": ["một", "hai"], "mixed": ["a", 1, None, {"k": []}], "nested": [[["sâu"]]]},
    [],
    "chỉ một chuỗi",
])
def test_one_walk_gives_both_json_forms(data: object) -> None:
    """A record's file and its line of van-ban.json come from one walk: both must be the standard forms."""
    indented, compact = exports.both_json(data)
    assert indented == (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode() == exports.dumps(data)
    assert compact == json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    assert compact == exports.compact_json(data).encode()


@pytest.mark.parametrize("items", [[], [{"a": 1}], [{"a": 1}, {"b": [1, 2]}, "c"]])
def test_archive_json_joined_from_lines_is_the_compact_dump(items: list[object]) -> None:
    lines = [exports.compact_json(item).encode() for item in items]
    assert exports._json_lines(lines) == exports.dumps(items, compact=True)
