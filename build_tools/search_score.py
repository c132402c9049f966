"""Set-at-a-time scoring of the common query shapes (FastScorer), with the
posting-list cache it reads through. Split from search_rank.py, which keeps
re-ranking, the budgeted collector and snippets.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from heapq import nlargest
from itertools import accumulate, repeat
from operator import add, getitem, mul
from typing import Any

from whoosh import query as Q
from whoosh.collectors import TimeLimit
from whoosh.scoring import bm25
from whoosh.util.numeric import byte_to_length, length_to_byte

# --- set-at-a-time scoring for the common query shapes --------------------------
#
# Profiled (1,000 documents, "tin dung chinh sach", 17,000 matching clauses):
# Whoosh's matcher tree walks and scores one posting at a time in Python, and
# its block-max skipping never skips here (skipped_times 0: four common terms,
# scores nearly flat). Instead, per segment: the matching set by C-level set
# intersections and unions of whole posting lists, and BM25F for every match by
# table look-ups mapped over the candidates (no Python bytecode per document).
# The scores are Whoosh's own BM25F values — the same idf, average length,
# quantised field lengths, boosts and sums — so the ranking is unchanged.

_MISSING = object()


class _WeightTable(dict):  # type: ignore[type-arg]
    """term weight -> the term's score for each of the 256 field-length bytes."""

    def __init__(self, fn: Any):
        super().__init__()
        self.fn = fn

    def __missing__(self, weight: float) -> list[float]:
        row = self[weight] = self.fn(weight)
        return row


class SharedLRU:
    """A map shared by every thread's scorer, least recently used entries dropped beyond
    `budget` (each weighed by `weigh`) by trim(), or as entries are added with trim_on_add;
    values are made outside the lock."""

    def __init__(self, budget: int, weigh: Any = lambda value: 1, *, trim_on_add: bool = False):
        self.budget, self._weigh, self._trim_on_add = budget, weigh, trim_on_add
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.cached = 0

    def get(self, key: tuple[Any, ...], make: Any) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        made = make()
        with self._lock:
            found = self._items.get(key)
            if found is None:
                found = self._items[key] = made
                self.cached += self._weigh(made)
                if self._trim_on_add:
                    self._trim()
        return found

    def trim(self) -> None:
        with self._lock:
            self._trim()

    def _trim(self) -> None:
        while self.cached > self.budget and len(self._items) > 1:
            _key, dropped = self._items.popitem(last=False)
            self.cached -= self._weigh(dropped)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.cached = 0


class PostingCache(SharedLRU):
    """Whole posting lists (docnum -> weight) shared by every thread's searcher.

    Keyed by segment, its deletion count (deletions only grow within a
    segment), field and term; the least recently used dropped beyond `budget`
    postings (about 70 bytes each as a dict), when the scorer trims it after
    a query. One per Searcher: the server's threads share it instead of each
    keeping its own.
    """

    def __init__(self, budget: int = 3_000_000):
        super().__init__(budget, weigh=len)


class ScoreTables(SharedLRU):
    """Each queried term's BM25 rows (_WeightTable), shared by every thread's scorer.

    Per thread they were a second copy per thread, and never dropped: a
    long-running server asked many different words would have grown without
    bound. Keyed by the segments the scorer reads (their ids and deletion
    counts), so that a scorer still on the previous index never hands its
    numbers to one on the new; the least recently used dropped beyond `limit`
    terms (a few rows of 256 floats each, 8 KB a row).
    """

    def __init__(self, limit: int = 4000):
        super().__init__(limit, trim_on_add=True)


class _Segment:
    """One segment reader: its posting lists and field lengths, read whole."""

    def __init__(self, fast: FastScorer, reader: Any, offset: int):
        self.fast, self.reader, self.offset = fast, reader, offset
        self.doccount = reader.doc_count_all()
        self.deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        self._lengths: dict[str, bytes] = {}
        segment = getattr(reader, "_segment", None)
        ident = segment.segment_id() if segment is not None and hasattr(segment, "segment_id") else id(reader)
        self.key = (ident, len(self.deleted))

    def lengths(self, field: str) -> bytes:
        found = self._lengths.get(field)
        if found is None:
            found = self._lengths[field] = self._read_lengths(field)
        return found

    def _read_lengths(self, field: str) -> bytes:
        col = None
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            col = self.reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
            raw = bytes(col._dbfile.get(col._basepos, col._count)) if col is not None else b""
        except (AttributeError, ImportError):
            raw = bytes(length_to_byte(self.reader.doc_field_length(d, field, 0) or 0)
                        for d in range(self.doccount))
        return raw + bytes(max(0, self.doccount - len(raw)))

    def postings(self, field: str, text: str) -> dict[int, float]:
        return self.fast.cache.get((self.key, field, text), lambda: self._read_postings(field, text))

    def _read_postings(self, field: str, text: str) -> dict[int, float]:
        reader = self.reader
        try:
            btext = reader.schema[field].to_bytes(text)
            if (field, btext) not in reader:
                return {}
            m = reader._terms.matcher(field, btext, reader.schema[field].format)
        except (KeyError, ValueError, AttributeError):
            return {}
        ids: list[int] = []
        weights: list[float] = []
        if hasattr(m, "_read_data") and hasattr(m, "_next_block") and not getattr(m, "_byteids", True):
            # A block at a time (Whoosh 2.7's W3LeafMatcher), as its _read_ids and
            # _read_weights decode them, with the ids' deltas summed in C
            # (Whoosh's delta_decode is a Python generator: most of a cold read).
            while m.is_active():
                m._read_data()
                block_ids, block_weights = m._data[0], m._data[1]
                ids.extend(accumulate(block_ids))
                if block_weights is None:
                    weights.extend(repeat(1, m._blocklength))
                elif isinstance(block_weights, float):
                    weights.extend(repeat(block_weights, m._blocklength))
                elif all(map(float.is_integer, block_weights)):
                    weights.extend(map(int, block_weights))   # term counts: shared small ints
                else:
                    weights.extend(block_weights)
                m._next_block()
        else:
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                m.next()
        out = dict(zip(ids, weights, strict=True))
        for d in self.deleted.intersection(out) if self.deleted else ():
            del out[d]
        return out


class FastScorer:
    """Top-n by Whoosh's BM25F for And / Or / AndMaybe / Term / ConstantScore trees.

    `top` returns None for any other query (the caller then uses Whoosh's collector).
    One FastScorer per Whoosh searcher (it keeps the field lengths); the
    posting lists live in a PostingCache that may be shared.
    """

    # Posting lists kept between queries: ~210 MB at most. The bench's query
    # mix reads 2.3 million postings at 5,000 documents; a budget of 2 million
    # (thrashing) measured p95 252 ms there, the whole mix cached 187 ms.
    MAX_CACHED_POSTINGS = 3_000_000

    def __init__(self, searcher: Any, cache: PostingCache | None = None, tables: ScoreTables | None = None):
        self.searcher = searcher
        self.cache = cache if cache is not None else PostingCache(self.MAX_CACHED_POSTINGS)
        self.tables = tables if tables is not None else ScoreTables()
        self.segments = [_Segment(self, r, off) for r, off in
                         (searcher.reader().leaf_readers() if not searcher.is_atomic()
                          else [(searcher.reader(), 0)])]
        # what the BM25 statistics come from: two full builds can end at the same generation
        self.reads = tuple(segment.key for segment in self.segments)

    @staticmethod
    def supported(q: Q.Query) -> bool:
        if isinstance(q, Q.Term):
            return True
        if q is Q.NullQuery or isinstance(q, type(Q.NullQuery)):
            return True
        if isinstance(q, Q.ConstantScoreQuery):
            return FastScorer.supported(q.child)
        if isinstance(q, Q.AndMaybe):
            return q.boost == 1.0 and FastScorer.supported(q.a) and FastScorer.supported(q.b)
        if type(q) in (Q.And, Q.Or):
            if q.boost != 1.0 or (type(q) is Q.Or and (q.minmatch or q.scale)):
                return False
            return all(FastScorer.supported(c) for c in q.subqueries)
        return False

    def _table(self, field: str, text: str, boost: float) -> Any:
        return self.tables.get((self.reads, field, text, boost), lambda: self._make_table(field, text, boost))

    def _make_table(self, field: str, text: str, boost: float) -> Any:
        s = self.searcher
        if not s.schema[field].scorable:
            def fn(w: float) -> list[float]:
                return [w * boost if boost != 1.0 else w] * 256
        else:
            idf = s.idf(field, text)
            avgfl = s.avg_field_length(field) or 1
            w_model = s.weighting
            B = getattr(w_model, "_field_B", {}).get(field, getattr(w_model, "B", 0.75))
            K1 = getattr(w_model, "K1", 1.2)
            lengths = [byte_to_length(b) for b in range(256)]
            lengths[0] = 1              # never looked up: a matching entry has terms

            def fn(w: float) -> list[float]:
                row = [bm25(idf, w, fl, avgfl, B, K1) for fl in lengths]
                return [x * boost for x in row] if boost != 1.0 else row
        table = _WeightTable(fn)
        table[0] = [0.0] * 256          # absent from an entry: no score
        return table

    # matching sets (local docnums) and aligned score lists, per segment
    def _match(self, seg: _Segment, q: Q.Query, memo: dict[int, Any]) -> Any:
        found = memo.get(id(q))
        if found is not None:
            return found
        if isinstance(q, Q.Term):
            out: Any = seg.postings(q.fieldname, q.text).keys()
        elif isinstance(q, Q.ConstantScoreQuery):
            out = self._match(seg, q.child, memo)
        elif isinstance(q, Q.AndMaybe):
            out = self._match(seg, q.a, memo)
        elif type(q) is Q.And:
            parts = sorted((self._match(seg, c, memo) for c in q.subqueries), key=len)
            out = set(parts[0]).intersection(*parts[1:]) if parts else set()
        elif type(q) is Q.Or:
            out = set().union(*(self._match(seg, c, memo) for c in q.subqueries))
        else:                                # NullQuery
            out = set()
        memo[id(q)] = out
        return out

    def _scores(self, seg: _Segment, q: Q.Query, cand: list[int], within: bool,
                memo: dict[int, Any]) -> list[float] | None:
        """Scores aligned with cand, 0 where q does not match; None: all 0."""
        if isinstance(q, Q.Term):
            post = seg.postings(q.fieldname, q.text)
            if not post:
                return None
            table = self._table(q.fieldname, q.text, float(q.boost))
            lens = seg.lengths(q.fieldname) if seg.reader.schema[q.fieldname].scorable else bytes(seg.doccount)
            weights = map(post.__getitem__, cand) if within else map(post.get, cand, repeat(0))
            return list(map(getitem, map(table.__getitem__, weights), map(lens.__getitem__, cand)))
        if isinstance(q, Q.ConstantScoreQuery):
            # A filter joined as a scoreless conjunct (search.py) scores nothing.
            # (Whoosh's collector scored the child anyway whenever it needed
            # scores — 0 to 2 points by how many filter terms an entry matched.)
            if not q.score:
                return None
            m = self._match(seg, q.child, memo)
            return [q.score * (d in m) for d in cand]
        if isinstance(q, Q.AndMaybe):
            return _add(self._scores(seg, q.a, cand, within, memo),
                        self._scores(seg, q.b, cand, False, memo))
        if type(q) in (Q.And, Q.Or):
            inner = within if type(q) is Q.And else False
            total: list[float] | None = None
            for c in q.subqueries:
                total = _add(total, self._scores(seg, c, cand, inner, memo))
            if total is not None and type(q) is Q.And and not within:
                m = self._match(seg, q, memo)
                total = list(map(mul, total, map(m.__contains__, cand)))
            return total
        return None

    def top(self, q: Q.Query, n: int, mask: set[int] | None = None,
            deadline: float | None = None) -> tuple[list[tuple[float, int]], int] | None:
        """[(score, docnum)] best first (ties: lower docnum first), and the match count."""
        if not self.supported(q):
            return None
        best: list[tuple[float, int]] = []
        total = 0
        for seg in self.segments:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeLimit
            memo: dict[int, Any] = {}
            cand = self._match(seg, q, memo)
            if seg.deleted:
                cand = set(cand) - seg.deleted
            if mask:
                cand = set(cand) - {d - seg.offset for d in mask}
            if not cand:
                continue
            cand_list = list(cand)          # any order: ties are broken by docnum below
            total += len(cand_list)
            scores = self._scores(seg, q, cand_list, True, memo) or [0.0] * len(cand_list)
            off = seg.offset
            best.extend(nlargest(n, zip(scores, [-(d + off) for d in cand_list], strict=True)))
        best = nlargest(n, best)
        self.cache.trim()
        return [(score, -neg) for score, neg in best], total


def _add(a: list[float] | None, b: list[float] | None) -> list[float] | None:
    if a is None:
        return b
    if b is None:
        return a
    return list(map(add, a, b))
