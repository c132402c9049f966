"""The bulk segment writer writes the segment Whoosh's own writer writes.

Both writers are fed the same entries (the archive's own records); every
term's postings, block statistics, stored fields and field lengths must come
out the same — for a first build, and for an update that deletes, adds and
merges segments.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as windex
from whoosh.writing import SegmentWriter

from build_tools.records import load_corpus
from build_tools.search_index import INDEX_NAME, _all_entries, make_schema, plan_index
from build_tools.search_segment import BulkSegmentWriter

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def entries() -> list[dict[str, Any]]:
    corpus = load_corpus(ROOT)
    hashes = plan_index(corpus, Path("/nonexistent")).hashes
    return [entry for group in _all_entries(corpus, hashes) for entry in group]


def write(directory: Path, writer_class: type, batches: list[list[dict[str, Any]]],
          deletions: list[str] | None = None) -> windex.Index:
    """One commit per batch; the deletions go with the last batch."""
    ix = windex.create_in(str(directory), make_schema(), indexname=INDEX_NAME)
    for number, batch in enumerate(batches):
        writer = writer_class(ix)
        if number == len(batches) - 1:
            for doc_id in deletions or []:
                writer.delete_by_term("doc", doc_id)
        for entry in batch:
            writer.add_document(**entry)
        writer.commit()
    return ix


def contents(ix: windex.Index) -> dict[str, Any]:
    """Everything a reader sees, segment by segment: postings with weights and values, term and block stats."""
    out: dict[str, Any] = {}
    with ix.reader() as top:
        for number, (reader, _offset) in enumerate(top.leaf_readers()):
            out.update({f"{number}/{key}": value for key, value in _segment(reader).items()})
    return out


def _segment(reader: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    out["stored"] = [reader.stored_fields(d) for d in reader.all_doc_ids()]
    out["deleted"] = [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]
    out["lengths"] = {f: [reader.doc_field_length(d, f) for d in reader.all_doc_ids()] for f in ("body", "ident")}
    for field, term in reader.all_terms():
        info = reader.term_info(field, term)
        # the segment's own posting list, deleted entries included (postings() would filter them)
        matcher = reader._terms.matcher(field, term, reader.schema[field].format)
        postings, blocks = [], []
        while matcher.is_active():
            blocks.append((matcher.block_min_id(), matcher.block_max_id(), matcher.block_max_weight(),
                           matcher.block_min_length(), matcher.block_max_length()))
            postings.append((reader.stored_fields(matcher.id())["id"], matcher.weight(), matcher.value()))
            matcher.next()
        out[f"{field}:{term!r}"] = (info.weight(), info.doc_frequency(), info.min_length(),
                                    info.max_length(), info.max_weight(), postings, sorted(set(blocks)))
    return out


def test_first_build_matches_whoosh_writer(tmp_path: Path, entries: list[dict[str, Any]]) -> None:
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    expected = contents(write(tmp_path / "whoosh", SegmentWriter, [entries]))
    actual = contents(write(tmp_path / "bulk", BulkSegmentWriter, [entries]))
    assert len(actual["0/stored"]) == len(entries) > 80
    assert actual.keys() == expected.keys()
    different = [key for key in expected if actual[key] != expected[key]]
    assert different == []


def test_update_with_deletions_and_merges_matches_whoosh_writer(tmp_path: Path,
                                                                  entries: list[dict[str, Any]]) -> None:
    """Five one-entry commits, then the rest: Whoosh's merge policy folds the five small
    segments into the new one (add_reader, through Whoosh's pool)."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        by_doc.setdefault(entry["doc"], []).append(entry)
    small = sorted(doc for doc, group in by_doc.items() if len(group) == 1)[:5]
    batches = [by_doc[doc] for doc in small] + [[e for e in entries if e["doc"] not in small]]
    deleted = [small[0], sorted(set(by_doc) - set(small))[0]]
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    expected_ix = write(tmp_path / "whoosh", SegmentWriter, batches, deleted)
    actual_ix = write(tmp_path / "bulk", BulkSegmentWriter, batches, deleted)
    assert len(actual_ix._segments()) == len(expected_ix._segments()) == 1     # the five were merged
    expected, actual = contents(expected_ix), contents(actual_ix)
    different = [key for key in expected if actual.get(key) != expected[key]]
    assert different == [] and actual.keys() == expected.keys()


def test_refuses_boost_arguments(tmp_path: Path, entries: list[dict[str, Any]]) -> None:
    ix = windex.create_in(str(tmp_path), make_schema(), indexname=INDEX_NAME)
    writer = BulkSegmentWriter(ix)
    with pytest.raises(ValueError, match="_boost"):
        writer.add_document(_boost=2.0, **entries[0])
    writer.cancel()


def test_a_build_split_over_two_processes_answers_like_one_segment(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools import background, search_index
    from build_tools.search import Searcher

    corpus = load_corpus(ROOT)
    search_index.update_index(corpus, tmp_path / "one")
    monkeypatch.setattr(search_index, "SPLIT_FROM_DOCUMENTS", 2)
    # forked even if an earlier test left a thread behind: this test is about the split itself
    monkeypatch.setattr(background, "can_fork", lambda: True)
    # one document a take, each slow enough that both processes take some
    monkeypatch.setattr(search_index.DocumentShare, "CHUNK", 1)
    entries_of = search_index.document_entries

    def slowly(*args: Any) -> list[dict[str, Any]]:
        time.sleep(0.05)
        return entries_of(*args)
    monkeypatch.setattr(search_index, "document_entries", slowly)
    adopted: list[Path] = []
    adopt = search_index._adopt_segments

    def adopting(staging: Path, other: Path) -> None:
        adopted.append(other)
        adopt(staging, other)
    monkeypatch.setattr(search_index, "_adopt_segments", adopting)
    search_index.update_index(corpus, tmp_path / "two")
    assert len(adopted) == 1                         # this process wrote a share of its own
    two = windex.open_dir(str(tmp_path / "two"), indexname=INDEX_NAME)
    assert len(two._segments()) in (2, 3)            # the child's one or two, then this process's
    assert sum(s.doc_count_all() for s in two._segments()) == one_entries(tmp_path / "one")
    assert sorted(os.listdir(tmp_path)) == ["one", "two"]            # the helper's folder is gone
    one_searcher, two_searcher = Searcher(tmp_path / "one"), Searcher(tmp_path / "two")
    for query in ("tín dụng chính sách", "tin dung", '"hộ nghèo"', "40-CT/TW", "NHCSXH", "loai:ke-hoach vốn"):
        expected = [(h.document, h.clause, h.score) for h in one_searcher.search(query, limit=20).hits]
        assert [(h.document, h.clause, h.score) for h in two_searcher.search(query, limit=20).hits] == expected
        assert expected


def one_entries(index_dir: Path) -> int:
    return windex.open_dir(str(index_dir), indexname=INDEX_NAME).doc_count_all()


def test_document_share_gives_each_document_once() -> None:
    from build_tools.search_index import DocumentShare

    ids = [f"d{n:02d}" for n in range(40)]
    share = DocumentShare([1] * len(ids))
    before = share.from_front(ids, until_split=True)
    first = [next(before) for _ in range(DocumentShare.CHUNK)]
    mine = share.split()
    assert list(before) == []                          # the first part stops once the cut is placed
    after = list(share.from_front(ids))
    assert first + after + ids[mine.start:mine.stop] == ids


@pytest.mark.parametrize(("weights", "front"), [
    ([1] * 1000, 200), ([1] * 1000, 0), ([1] * 1000, 900), ([1 + n % 30 for n in range(1000)], 300), ([5] * 3, 1),
])
def test_the_cut_gives_both_processes_the_same_work_to_finish(weights: list[int], front: int) -> None:
    """What is left after the cut equals what the child still writes plus its first commit."""
    from build_tools.search_index import DocumentShare

    ids = [str(n) for n in range(len(weights))]
    share = DocumentShare(weights)
    taken = share.from_front(ids)
    for _ in range(front):
        next(taken)
    done = -(-front // DocumentShare.CHUNK) * DocumentShare.CHUNK          # whole chunks were taken
    mine = share.split()
    child = sum(weights[done:mine.start]) + DocumentShare.COMMIT_SHARE * sum(weights[:done])
    parent = sum(weights[mine.start:])
    assert mine.stop == len(weights) and mine.start >= min(done, len(weights))
    # the cut falls after the document that reaches the child's half: off by less than two of them
    assert abs(child - parent) < 2 * max(weights) or (mine.start == done and child > parent)


@pytest.mark.parametrize("size", [0, 1, 900, 65535, 65536, 200_001])
def test_stored_fields_frames_are_zlib_streams(size: int) -> None:
    """zlib_stored output is what zlib.decompress (Whoosh's stored-fields reader) reads back,
    across the 65,535-byte block limit."""
    import zlib

    from build_tools.search_segment import zlib_stored
    data = bytes((i * 7919) % 251 for i in range(size))
    assert zlib.decompress(zlib_stored(data)) == data


def test_terms_over_several_blocks_match_whoosh_writer(tmp_path: Path) -> None:
    """Long posting lists cut into 128-posting blocks: all-1, all-equal and mixed weights,
    entries without body terms (no length) between them, a term in the last entry only."""
    entries: list[dict[str, Any]] = []
    for n in range(400):
        body = ["tin"] + ["dung"] * (1 + n % 5) + ["von", "von"] + (["ho_ngheo"] if n % 3 else [])
        entries.append({"id": f"d{n // 10}#{n}", "doc": f"d{n // 10}", "kind": "clause",
                        "body": body if n % 7 else [], "sortkey": f"{n:06d}", "text": f"entry {n}"})
    entries[-1]["body"] = ["tin", "cuoi"]
    (tmp_path / "whoosh").mkdir()
    (tmp_path / "bulk").mkdir()
    expected = contents(write(tmp_path / "whoosh", SegmentWriter, [entries]))
    actual = contents(write(tmp_path / "bulk", BulkSegmentWriter, [entries]))
    assert len(expected["0/body:b'dung'"][6]) > 2          # the case at hand: several blocks
    assert actual.keys() == expected.keys()
    assert [key for key in expected if actual[key] != expected[key]] == []
