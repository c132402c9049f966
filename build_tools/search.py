"""Search: one query engine for the command line, the HTTP API and the tests.

    update_index(corpus, index_dir)    build or incrementally update .index/ (search_index)
    Searcher(index_dir).search(q, ...) -> SearchResult(hits, total, suggestion)
    search_command(args)               `python -m build_tools search`

Ranking: every unit of the query must match (all words) first, then the
entries matching only some of them (most words), each part by BM25F over the
`body` terms; exact-diacritic terms are boosted over folded ones, neighbouring
words over scattered ones, a document's own number over the clauses citing it.
Relevance-ordered queries are ranked set-at-a-time by search_score.FastScorer
(Whoosh's own BM25F numbers, 10-30x faster on common words); sorting by date
and anything it does not know go through Whoosh's collector.
Snippets mark matches with [[ and ]] (plain text; the search page turns them
into <mark>), and are computed only for the hits returned.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from whoosh import index as windex
from whoosh import query as Q
from whoosh.collectors import TimeLimit

from .models import Abbreviation
from .search_analysis import _words, canon, fold_word
from .search_index import INDEX_NAME, META_FILE, clause_anchor, update_index
from .search_query import (
    FILTER_KEYS,
    LEVEL_NAMES,
    MAX_QUERY_CHARS,
    RERANK_EXTRA,
    ParsedQuery,
    QueryVocab,
    adjacency_query,
    parse_query,
    unit_query,
)
from .search_rank import (
    MARK_CLOSE,
    MARK_OPEN,
    BudgetCollector,
    rerank_exact,
    score_of,
    snippet,
)
from .search_score import FastScorer, PostingCache, ScoreTables
from .search_storage import install as _read_compound_parts_in_place
from .vietnamese import fold

_read_compound_parts_in_place()

__all__ = ["update_index", "Searcher", "SearchResult", "SearchError", "IndexMissing", "Hit",
           "search_command", "clause_anchor", "MARK_OPEN", "MARK_CLOSE", "MAX_LIMIT"]

MAX_LIMIT = 100
MAX_OFFSET = 1000
TIME_BUDGET_S = 2.0
EXACT_COUNT_UP_TO = 20000   # index entries; above, `total` is Whoosh's estimate for long result lists
MISSING_HINT = "run `make site` or `python -m build_tools build --no-site` first"


class SearchError(ValueError):
    """A bad query: the message says what to change."""


class IndexMissing(RuntimeError):
    pass


@dataclass
class Hit:
    document: str
    number: str | None
    type: str
    issuer: str | None
    date: str | None
    title: str
    clause: str | None
    url: str
    score: float
    snippet: str
    citation: str = ""
    heading: str = ""
    province: list[str] = field(default_factory=list)
    level: str | None = None
    year: int | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    suggestion: str | None = None
    warnings: list[str] = field(default_factory=list)
    elapsed_ms: float = 0.0
    timed_out: bool = False


class _Row:
    """One scored entry from the set-at-a-time path: what a Whoosh Hit offers the ranking."""
    __slots__ = ("_s", "docnum", "score", "_fields")

    def __init__(self, s: Any, docnum: int, score: float):
        self._s, self.docnum, self.score = s, docnum, score
        self._fields: dict[str, Any] | None = None

    def fields(self) -> dict[str, Any]:
        """The stored fields, read on first use: only for re-ranked and shown hits."""
        if self._fields is None:
            self._fields = dict(self._s.stored_fields(self.docnum))
        return self._fields


class Searcher:
    """A warm searcher over index_dir, reopened when the index changes.

    Thread-safe: each thread keeps its own Whoosh searcher over the shared
    index; a changed index (new generation, or a new folder swapped in by a
    full build) is noticed at most `recheck_s` after it happened.
    cache_size > 0 keeps that many recent results (the server uses 256); the
    default 0 measures and tests the engine itself.
    """

    def __init__(self, index_dir: Path, recheck_s: float = 1.0, cache_size: int = 0):
        self.index_dir = Path(index_dir)
        self.recheck_s = recheck_s
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[Any, ...], SearchResult] = OrderedDict()
        self._lock = threading.Lock()
        self._local = threading.local()
        self._ix: windex.Index | None = None
        self._stamp: tuple[int, float] | None = None
        self._checked = 0.0
        self._version = 0
        self.meta: dict[str, Any] = {}
        self.vocab = QueryVocab()
        self._corrector: Any = None
        self._exact_forms: dict[str, str] = {}
        self._postings = PostingCache(FastScorer.MAX_CACHED_POSTINGS)   # shared by the threads
        self._tables = ScoreTables()                                       # ... and so are these
        self._open()

    # --- opening and reopening -------------------------------------------
    def _dir_stamp(self) -> tuple[int, float]:
        st = (self.index_dir / META_FILE).stat()
        return (self.index_dir.stat().st_ino, st.st_mtime)

    def _open(self) -> None:
        try:
            stamp = self._dir_stamp()
            meta = json.loads((self.index_dir / META_FILE).read_text(encoding="utf-8"))
            ix = windex.open_dir(str(self.index_dir), indexname=INDEX_NAME)
        except (OSError, ValueError, windex.EmptyIndexError) as exc:
            raise IndexMissing(f"no search index in {self.index_dir}: {MISSING_HINT}") from exc
        self._ix, self._stamp, self.meta = ix, stamp, meta
        self.vocab = QueryVocab(tuple(meta.get("types", {}).values()),
                                tuple(Abbreviation(s, e) for s, e in meta.get("abbreviations", [])))
        self._corrector = None
        self._exact_forms = {}
        self._postings.clear()
        self._tables.clear()
        self._version += 1
        self._checked = time.monotonic()

    def _searcher(self) -> Any:
        now = time.monotonic()
        if now - self._checked > self.recheck_s:
            with self._lock:
                if now - self._checked > self.recheck_s:
                    self._checked = now
                    try:
                        if self._dir_stamp() != self._stamp:
                            self._open()
                    except OSError:
                        pass                     # mid-swap: keep the open index
        local = self._local
        s = getattr(local, "searcher", None)
        if s is None or getattr(local, "version", -1) != self._version:
            if s is not None:
                s.close()
            assert self._ix is not None
            s = local.searcher = self._ix.searcher()
            local.version = self._version
        elif not s.up_to_date():
            # a fresh searcher, not s.refresh(): refresh reuses segment readers and
            # misses deletions committed to an unchanged segment (seen with 2.7.5)
            s.close()
            assert self._ix is not None
            s = local.searcher = self._ix.searcher()
        return s

    # --- filters -----------------------------------------------------------
    def _resolve(self, kind: str, value: str) -> list[str]:
        """Filter value -> ids: an id, or a name typed any way ("Thanh Hoá", "thanh hoa").

        A province name can name two units ("Hưng Yên" before and after 2025): both.
        """
        known: dict[str, Any] = self.meta.get({"type": "types", "issuer": "issuers",
                                               "province": "provinces"}[kind], {})
        if value in known:
            return [value]
        key = fold(canon(value))
        ids = [k for k, v in known.items()
               if k == key.replace(" ", "-") or fold(canon(v["name"] if isinstance(v, dict) else v)) == key]
        if not ids:
            sample = ", ".join(sorted(known)[:12])
            raise SearchError(f"unknown {kind} {value!r}; known values include: {sample}")
        return ids

    def _filter_query(self, filters: dict[str, Any]) -> Q.Query | None:
        parts: list[Q.Query] = []
        unknown = set(filters) - FILTER_KEYS
        if unknown:
            raise SearchError(f"unknown filter {sorted(unknown)[0]!r}")
        for kind in ("type", "issuer"):
            if filters.get(kind):
                parts.append(Q.Or([Q.Term(kind, v) for v in self._resolve(kind, str(filters[kind]))]))
        if filters.get("province"):
            ids = self._resolve("province", str(filters["province"]))
            parts.append(Q.Or([Q.Term("province", v) for v in ids]))
        if filters.get("level"):
            level = LEVEL_NAMES.get(fold(canon(str(filters["level"]))).replace(" ", "-"))
            if level is None:
                raise SearchError(f"unknown level {filters['level']!r}; use trung-uong, tinh, huyen or xa")
            parts.append(Q.Term("level", level))
        yf, yt = filters.get("year_from"), filters.get("year_to")
        if yf is not None or yt is not None:
            for y in (yf, yt):
                if y is not None and not (isinstance(y, int) and 1900 <= y <= 2100):
                    raise SearchError(f"year {y!r} out of range 1900..2100")
            if yf is not None and yt is not None and yf > yt:
                raise SearchError(f"year_from {yf} is after year_to {yt}")
            years = [y for y in self.meta.get("years", []) if (yf is None or y >= yf) and (yt is None or y <= yt)]
            parts.append(Q.Or([Q.Term("year", str(y)) for y in years]) if years else Q.NullQuery)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Q.And(parts)

    # --- searching ---------------------------------------------------------
    def search(self, query: str, *, type: str | None = None, issuer: str | None = None,
               province: str | None = None, year_from: int | None = None, year_to: int | None = None,
               level: str | None = None, limit: int = 10, offset: int = 0, sort: str = "relevance",
               budget_s: float = TIME_BUDGET_S) -> SearchResult:
        started = time.perf_counter()
        if not isinstance(query, str) or not query.strip():
            raise SearchError("empty query: type some words, a number such as 40-CT/TW, or a filter")
        if len(query) > MAX_QUERY_CHARS:
            raise SearchError(f"query too long: {len(query)} characters, at most {MAX_QUERY_CHARS}")
        if not (1 <= limit <= MAX_LIMIT):
            raise SearchError(f"limit must be between 1 and {MAX_LIMIT}")
        if not (0 <= offset <= MAX_OFFSET):
            raise SearchError(f"offset must be between 0 and {MAX_OFFSET}")
        if sort not in ("relevance", "date"):
            raise SearchError("sort must be 'relevance' or 'date'")
        s = self._searcher()
        key = (self._version, s.reader().generation(), query, type, issuer, province, year_from, year_to,
               level, limit, offset, sort)
        cached = self._cached(key)
        if cached is not None:
            cached.elapsed_ms = (time.perf_counter() - started) * 1000
            return cached
        parsed = parse_query(query, self.vocab)
        if "year_invalid" in parsed.filters:
            raise SearchError(parsed.warnings[-1])
        filters: dict[str, Any] = dict(parsed.filters)
        for k, v in (("type", type), ("issuer", issuer), ("province", province), ("level", level),
                     ("year_from", year_from), ("year_to", year_to)):
            if v not in (None, ""):
                filters[k] = v
        fq = self._filter_query(filters)
        if not parsed.units and fq is None:
            raise SearchError("the query has no searchable words: type words, a number or a filter")
        result = self._run(s, parsed, fq, limit, offset, sort, time.monotonic() + budget_s)
        if parsed.units:
            result.suggestion = self._suggest(s, parsed, query)
        result.warnings = [w for w in parsed.warnings]
        result.elapsed_ms = (time.perf_counter() - started) * 1000
        if not result.timed_out:
            self._remember(key, result)
        return result

    # --- a small result cache: popular queries, keyed by index generation ---------
    def _cached(self, key: tuple[Any, ...]) -> SearchResult | None:
        if not self.cache_size:
            return None
        with self._lock:
            found = self._cache.get(key)
            if found is None:
                return None
            self._cache.move_to_end(key)
        return replace(found, hits=list(found.hits), warnings=list(found.warnings))

    def _remember(self, key: tuple[Any, ...], result: SearchResult) -> None:
        if not self.cache_size:
            return
        with self._lock:
            self._cache[key] = replace(result, hits=list(result.hits), warnings=list(result.warnings))
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def clear_cache(self) -> None:
        with self._lock:
            self._cache.clear()

    def _collect(self, s: Any, q: Q.Query, fq: Q.Query | None, mask: Q.Query | None, n: int,
                 sort: str, deadline: float) -> tuple[Any, int, bool]:
        """Top n of q within the filter, outside the mask: (results, total, timed out)."""
        if sort == "relevance":
            fast = getattr(s, "_fast_scorer", None)
            if fast is None:
                fast = s._fast_scorer = FastScorer(s, self._postings, self._tables)
            full = Q.And([q, Q.ConstantScoreQuery(fq, 0.0)]) if fq is not None else q
            try:
                found = fast.top(full, n, mask, deadline)
            except TimeLimit:
                return [], 0, True
            if found is not None:
                top, count = found
                return [_Row(s, docnum, score) for score, docnum in top], count, False
        kwargs: dict[str, Any] = {"limit": n}
        if sort == "date":
            kwargs.update(sortedby="sortkey", reverse=True)
        if fq is not None:
            # The filter joins the query as a scoreless conjunct: the intersection
            # skips to the filtered entries instead of scoring every match and
            # dropping most afterwards (measured 2-3x on selective filters).
            q = Q.And([q, Q.ConstantScoreQuery(fq, 0.0)])
        outer = BudgetCollector(s.collector(**kwargs), None, mask, deadline)
        timed_out = False
        try:
            s.search_with_collector(q, outer)
        except TimeLimit:
            timed_out = True
        results = outer.results()
        got = results.scored_length()
        if got < n or timed_out:
            total = got
        elif s.doc_count() <= EXACT_COUNT_UP_TO:
            total = len(results)
        else:
            total = max(got, results.estimated_length())     # large index: Whoosh's estimate
        return results, total, timed_out

    def _run(self, s: Any, parsed: ParsedQuery, fq: Q.Query | None, limit: int, offset: int,
             sort: str, deadline: float) -> SearchResult:
        need = offset + limit
        if not parsed.units:
            q: Q.Query = Q.Every()
            results, total, timed_out = self._collect(s, q, fq, None, need, "date", deadline)
            rows = [(r, 0.0) for r in results]
            return self._page(s, parsed, rows, total, offset, limit, timed_out)
        units = [unit_query(u) for u in parsed.units]
        required = units[0] if len(units) == 1 else Q.And(units)
        adjacent = adjacency_query(parsed.units)
        primary = Q.AndMaybe(required, adjacent) if adjacent is not None else required
        exact = parsed.exact_words if sort == "relevance" else []
        want = need + RERANK_EXTRA if exact else need
        results, total, timed_out = self._collect(s, primary, fq, None, want, sort, deadline)
        rows = [(r, score_of(r)) for r in results]
        if exact:
            rows = rerank_exact(rows, exact)[:need]
        if len(units) > 1 and len(rows) < need and not timed_out:
            # Fewer full matches than asked for: add the entries matching only some
            # units (most words), after every full match. All full matches are in
            # hand here, so their docnums are the mask.
            full = {r.docnum for r in results}
            more, more_total, timed_out = self._collect(s, Q.Or(units), fq, full or None,
                                                        want - len(rows), sort, deadline)
            total += more_total
            extra = [(r, score_of(r) * 0.5) for r in more]
            if exact:
                extra = rerank_exact(extra, exact)
            rows += extra[:need - len(rows)]
        return self._page(s, parsed, rows, total, offset, limit, timed_out)

    def _page(self, s: Any, parsed: ParsedQuery, rows: list[tuple[Any, float]], total: int,
              offset: int, limit: int, timed_out: bool) -> SearchResult:
        marks = (parsed.highlight_sequences, parsed.keys)
        hits = [self._hit(r.fields(), score, marks) for r, score in rows[offset:offset + limit]]
        return SearchResult(hits=hits, total=total, timed_out=timed_out)

    def _hit(self, f: dict[str, Any], score: float,
             marks: tuple[list[tuple[str, ...]], list[str]]) -> Hit:
        return Hit(
            document=f["doc"], number=f.get("number"), type=f.get("type", ""),
            issuer=f.get("issuer") or None, date=f.get("date"), title=f.get("title") or "",
            clause=f.get("clause"), url=f.get("url", ""), score=round(float(score), 4),
            snippet=snippet(f.get("text") or f.get("title") or "", *marks),
            citation=f.get("citation", ""), heading=f.get("heading", ""),
            province=list(f.get("province") or []), level=f.get("level") or None,
            year=int(f["year"]) if str(f.get("year") or "").isdigit() else None,
        )

    # --- did you mean --------------------------------------------------------
    def _suggest(self, s: Any, parsed: ParsedQuery, query: str) -> str | None:
        """A query with each unknown word replaced by the nearest frequent one, or None."""
        from whoosh.spelling import ListCorrector
        reader = s.reader()
        unknown = [u for u in parsed.units if u.kind == "word" and len(u.words[0]) >= 3
                   and reader.doc_frequency("body", fold_word(u.words[0])) == 0]
        if not unknown:
            return None
        if self._corrector is None:
            words = []
            for term in reader.lexicon("body"):
                t = term.decode("utf-8") if isinstance(term, bytes) else term
                if len(t) > 2 and t[0].isalpha() and "_" not in t:
                    words.append(t)
            self._corrector = ListCorrector(sorted(words))
        out = query
        changed = False
        for unit in unknown:
            found = self._corrector.suggest(fold_word(unit.words[0]), limit=8, maxdist=2)
            if not found:
                continue
            # the nearest candidates come first; among them, the most frequent word
            best = max(found[:4], key=lambda t: reader.doc_frequency("body", t))
            out = out.replace(unit.text, self._printed_form(s, best), 1)
            changed = True
        return out if changed else None

    def _printed_form(self, s: Any, folded: str) -> str:
        """How the texts print a folded word ('dung' -> 'dụng'), from a clause holding it."""
        form = self._exact_forms.get(folded)
        if form is None:
            form = folded
            for hit in s.search(Q.Term("body", folded), limit=3):
                text = str(hit.get("text") or "") + " " + str(hit.get("title") or "")
                for w in _words(canon(text)):
                    if fold_word(w) == folded:
                        form = w
                        break
                if form != folded:
                    break
            self._exact_forms[folded] = form
        return form


# --- command line ---------------------------------------------------------------

def hit_lines(hit: Hit) -> list[str]:
    where = f"  mục {hit.clause}" if hit.clause else "  (thông tin văn bản)"
    return [hit.citation + (f" — {hit.title}" if hit.title else ""),
            where + (f" · {hit.heading}" if hit.heading else ""),
            "  " + hit.snippet, "  " + hit.url]


def search_command(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    index_dir = Path(args.root) / ".index"
    try:
        searcher = Searcher(index_dir)
        result = searcher.search(query, type=args.type, issuer=args.issuer, province=args.province,
                                 year_from=args.year_from, year_to=args.year_to,
                                 limit=args.limit, sort=getattr(args, "sort", "relevance") or "relevance")
    except IndexMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([h.to_json() for h in result.hits], ensure_ascii=False, indent=1))
        if result.suggestion and not result.hits:
            print(f"did you mean: {result.suggestion}", file=sys.stderr)
        return 0
    for hit in result.hits:
        print("\n".join(hit_lines(hit)))
        print()
    for w in result.warnings:
        print(f"note: {w}")
    if result.suggestion:
        print(f"did you mean: {result.suggestion}")
    shown = f" (showing {len(result.hits)})" if result.total > len(result.hits) else ""
    plural = "hit" if result.total == 1 else "hits"
    print(f"{result.total} {plural} for '{query}'{shown} in {result.elapsed_ms:.0f} ms")
    return 0
