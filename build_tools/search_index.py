"""The Whoosh index: schema, entries from the corpus, full build and incremental update.

One entry per clause and one per document. `body` holds the terms that
search_analysis computed (exact, folded, bigrams, number keys); `ident` the
document's own number keys, so a number query puts the document first. The
display fields are stored; the filter fields are indexed as IDs.

Incremental: each document entry stores a hash of everything its entries are
made from. plan_index compares those hashes with the corpus's (cheap: no
analysis); write_index deletes and re-adds only the changed documents, in
`.index.new` beside the live index (hard links to its files plus the new
segment), or writes a whole new index there on a first build or a schema
change; publish_index swaps the folder in. No change: nothing is written.

A large whole new index is written by two processes (IndexWrite): a forked
child from the first document on, and the build's own process, once its
other stages are done, from a cut placed for both to finish together; its
segment is adopted after the child's, so the index answers as one written
by one writer would.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator, Sized
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import accumulate
from pathlib import Path
from typing import Any

from whoosh import formats
from whoosh import index as windex
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, FieldType, Schema
from whoosh.system import pack_uint

from . import background
from .models import Clause, Corpus, Document
from .progress import track
from .search_analysis import BodyTerms, Glossary, TermListTokenizer, TypedNumbers, body_terms, number_keys, typed_key
from .search_segment import BulkSegmentWriter

SCHEMA_VERSION = 7
META_FILE = "meta.json"
INDEX_NAME = "main"

LEVEL_BY_KIND = {"central": "central", "province": "province", "district": "district", "commune": "commune"}


@lru_cache(maxsize=65536)
def clause_anchor(path: str) -> str:
    """The HTML id of a clause on its document page: the pages' own scheme ('muc-II-3-b').

    Remembered per path: documents share their numbering ('I.1.a'), and the
    index asks for every clause's anchor.
    """
    from .pages_common import clause_anchor as page_anchor
    return page_anchor(path)


# Field lengths for BM25's length normalisation. Measured: without them long
# entries (a document's preamble) outrank the clause that says it (45/51 cases
# instead of 51/51), for no clear gain in build time.
BODY_LENGTHS = True


class TermCounts(formats.Frequency):  # type: ignore[misc]
    """Whoosh's Frequency format fed pre-analysed terms: BodyTerms, a list, or a space-separated string.

    The same postings (frequency, weight = frequency) counted by one C-level
    Counter instead of a Token object per term — profiled, Whoosh's per-token
    counting was an eighth of the build.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        fb = self.field_boost
        counts = Counter(value.terms() if isinstance(value, BodyTerms) else
                         value.split() if isinstance(value, str) else value)
        return ((w, f, f * fb, pack_uint(f)) for w, f in counts.items())


class SortKey(ID):  # type: ignore[misc]
    """A field kept only as a sort column: sorted by, never searched, so no terms.

    Indexed, a key unique to each entry made one term per entry — with the
    entry ids, 85 % of the index's terms at 5,000 documents (206,000 of
    241,000), each one written to the terms table and a posting block.
    """

    indexed = False

    def __init__(self) -> None:
        super().__init__(sortable=True)


def make_schema() -> Schema:
    terms: Tokenizer = TermListTokenizer()
    return Schema(
        id=STORED(),                                 # shown, never searched: entries are deleted by `doc`
        doc=ID(stored=True),
        kind=ID(stored=True),                        # clause | document
        clause=STORED(),
        # Frequency format (no positions: phrases are bigram terms); scorable=BODY_LENGTHS
        body=FieldType(TermCounts(), analyzer=terms, scorable=BODY_LENGTHS),
        ident=KEYWORD(analyzer=terms, scorable=True),
        type=ID(stored=True),
        issuer=ID(stored=True),
        province=KEYWORD(stored=True, analyzer=terms),  # a list: old unit and its 2025 successor
        level=ID(stored=True),
        status=ID(stored=True),                       # text: full | excerpt | none
        # years and the date order as single terms: a NUMERIC field indexes
        # several trie terms per value, postings the year filter does not need
        year=ID(stored=True),
        sortkey=SortKey(),                            # "2016-05-05|000042": date, then clause order
        number=STORED(), date=STORED(), title=STORED(), url=STORED(),
        citation=STORED(), heading=STORED(), text=STORED(), hash=STORED(),
    )


@dataclass
class Entry:
    fields: dict[str, Any]


def _date_vn(date: str | None) -> str:
    if not date:
        return ""
    parts = date.split("-")
    return "/".join(reversed(parts))


def citation_line(doc: Document, corpus: Corpus) -> str:
    """The pages' own citation line: 'Kế hoạch số 6766/KH-UBND ngày 05/5/2016 của …'."""
    from .pages_common import citation
    return citation(corpus, doc)


def document_title(doc: Document) -> str:
    return doc.title or doc.editorial_title or ""


def _provinces(doc: Document, corpus: Corpus) -> list[str]:
    pid = corpus.province_of(doc)
    if not pid:
        return []
    out = [pid]
    prov = corpus.provinces.get(pid)
    if prov and prov.successor and prov.successor not in out:
        out.append(prov.successor)
    return out


def _level(doc: Document, corpus: Corpus) -> str:
    org = corpus.organization(doc.issuer)
    return LEVEL_BY_KIND.get(org.level, org.level) if org else ""


def _headings(doc: Document) -> dict[str, list[str]]:
    """Each clause path -> heading trail (ancestors' headings, then its own)."""
    trails: dict[str, list[str]] = {}

    def walk(clause: Clause, trail: list[str]) -> None:
        own = trail + ([clause.heading] if clause.heading else [])
        trails[clause.path] = own
        for child in clause.children:
            walk(child, own)
    for c in doc.clauses:
        walk(c, [])
    return trails


def sortkey(datekey: str, order: int) -> str:
    """Newest first when sorted in reverse, and within a document its clauses in order."""
    return f"{datekey}|{999999 - order:06d}"


def document_entries(doc: Document, corpus: Corpus, typed: TypedNumbers,
                     glossary: Glossary | None = None) -> list[dict[str, Any]]:
    """The index entries of one document: itself, then each clause in order."""
    org = corpus.organization(doc.issuer)
    dtype = corpus.vocabulary.doc_types.get(doc.type)
    url = f"/van-ban/{doc.id}/"
    common = {
        "doc": doc.id, "type": doc.type, "issuer": doc.issuer or "",
        "province": _provinces(doc, corpus) or None, "level": _level(doc, corpus),
        "status": doc.text,
        "year": str(doc.year if doc.year is not None else doc.date[:4] if doc.date else ""),
        "number": doc.number, "date": doc.date, "title": document_title(doc),
        "citation": citation_line(doc, corpus),
    }
    if not common["year"]:
        del common["year"]
    datekey = doc.date or (str(doc.year) if doc.year else "")
    # the document entry: everything that names or describes it
    ident: list[str] = []
    if doc.number:
        for _s, _e, keys in number_keys(doc.number):
            ident.extend(keys)
        digits = doc.number.split("/")[0].split("-")[0]
        if digits.isdigit() and dtype:
            ident.append(typed_key(dtype.name, digits))
    described = [document_title(doc), doc.title or "", doc.number or "", dtype.name if dtype else "",
                 _date_vn(doc.date), doc.place or "", doc.author or ""]
    if org:
        described += [org.name, org.short_name or "", *org.aliases]
    if doc.signer:
        described += [doc.signer.name or "", doc.signer.title or "", doc.signer.on_behalf or ""]
    described += [*doc.addressees, *doc.preamble, *doc.captions, *(f.text for f in doc.footnotes)]
    signed = ""
    if doc.signer and doc.signer.name:
        signed = f"Người ký: {doc.signer.name}" + (f" ({doc.signer.title})" if doc.signer.title else "") + ". "
    summary = signed + (document_title(doc) + ". " if document_title(doc) else "") + \
        (doc.preamble[0] if doc.preamble else "")
    entries = [dict(common, id=doc.id, kind="document", clause=None, sortkey=sortkey(datekey, 0), url=url,
                    body=body_terms(" \n ".join(x for x in described if x), typed, glossary),
                    ident=list(dict.fromkeys(ident)), heading="",
                    text=summary or document_title(doc))]
    trails = _headings(doc)
    for order, clause in enumerate(doc.all_clauses(), start=1):
        trail = trails.get(clause.path, [])
        text = clause.text or ""
        if not text and not clause.heading:
            continue
        body = " \n ".join([*trail, text])
        entries.append(dict(common, id=f"{doc.id}#{clause.path}", kind="clause", clause=clause.path,
                            sortkey=sortkey(datekey, order), url=f"{url}#{clause_anchor(clause.path)}",
                            body=body_terms(body, typed, glossary), ident=[],
                            heading=" › ".join(trail), text=text or (clause.heading or "")))
    return entries


def source_hash(doc: Document, corpus: Corpus, shared: bytes | None = None) -> str:
    """A hash of everything a document's entries are made from — cheap: no analysis.

    The record itself (a digest of its file's bytes), its issuer, type and
    province as the entries name them, the pages' citation line, and what
    every document shares (shared_inputs: pass it once computed).
    """
    org = corpus.organization(doc.issuer)
    prov = corpus.provinces.get(corpus.province_of(doc) or "")
    # the record: a document not read from a file (tests) by its data
    record = doc.digest or (json.dumps(doc.raw, ensure_ascii=False, default=str) if doc.raw else repr(doc)).encode()
    digest = hashlib.sha256(shared if shared is not None else shared_inputs(corpus))
    for part in (doc.id.encode(), record, repr(org).encode(), repr(corpus.vocabulary.doc_types.get(doc.type)).encode(),
                 repr(prov).encode(), citation_line(doc, corpus).encode()):     # the citation line is in every hit
        digest.update(len(part).to_bytes(8, "little"))
        digest.update(part)
    return digest.hexdigest()


def shared_inputs(corpus: Corpus) -> bytes:
    """What every document's entries depend on: the schema, the pages' anchor scheme (in every
    url), the glossary (its keys are in every body)."""
    return repr((SCHEMA_VERSION, clause_anchor("I.1.a"), corpus.vocabulary.abbreviations)).encode()


def corpus_meta(corpus: Corpus) -> dict[str, Any]:
    """What the query side needs to know, without the corpus: filter values, names, glossary."""
    docs = corpus.documents.values()
    provinces: dict[str, dict[str, Any]] = {}
    for p in corpus.provinces.values():
        provinces[p.id] = {"name": p.name, "successor": p.successor}
    return {
        "schema": SCHEMA_VERSION,
        "types": {k: v.name for k, v in sorted(corpus.vocabulary.doc_types.items())},
        "issuers": {o.id: o.name for o in sorted(corpus.organizations.values(), key=lambda o: o.id)},
        "provinces": provinces,
        "levels": sorted({o.level for o in corpus.organizations.values()}),
        "abbreviations": [[a.short, a.expansion] for a in corpus.vocabulary.abbreviations],
        "documents": len(corpus.documents),
        "years": sorted({y for y in (_year(d) for d in docs) if y is not None}),
    }


def _year(doc: Document) -> int | None:
    if doc.year is not None:
        return doc.year
    return int(doc.date[:4]) if doc.date else None


def _all_entries(corpus: Corpus, hashes: dict[str, str],
                 only: Iterable[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    typed = TypedNumbers(t.name for t in corpus.vocabulary.doc_types.values())
    glossary = Glossary((a.short, a.expansion) for a in corpus.vocabulary.abbreviations)
    ids = sorted(corpus.documents) if only is None else only
    shown = not isinstance(ids, Sized) or len(ids) > 50
    for doc_id in track(ids, "index") if shown else ids:
        entries = document_entries(corpus.documents[doc_id], corpus, typed, glossary)
        entries[0]["hash"] = hashes[doc_id]
        yield entries


def _meta_text(meta: dict[str, Any]) -> str:
    return json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1)


def _read_meta(index_dir: Path) -> str | None:
    try:
        return (index_dir / META_FILE).read_text(encoding="utf-8")
    except OSError:
        return None


def _write_meta(index_dir: Path, meta: dict[str, Any]) -> None:
    path = index_dir / META_FILE
    tmp = path.with_suffix(".tmp")
    tmp.write_text(_meta_text(meta), encoding="utf-8")
    os.replace(tmp, path)


def _stored_hashes(ix: windex.Index) -> dict[str, str]:
    with ix.searcher() as s:
        return {f["doc"]: f.get("hash", "") for f in s.documents(kind="document")}


def _writer(ix: windex.Index) -> BulkSegmentWriter:
    """Whoosh's segment writer, postings gathered per term (search_segment.py).

    (Whoosh's multiprocessing writer, procs=2, measured 1.0-1.1x: the parent
    feeding it stayed the bottleneck.)"""
    return BulkSegmentWriter(ix)


def update_index(corpus: Corpus, index_dir: Path) -> int:
    """Bring index_dir up to date with corpus; return the number of documents changed."""
    index_dir = Path(index_dir)
    plan = plan_index(corpus, index_dir)
    if plan.writes:
        publish_index(IndexWrite.start(corpus, index_dir, plan).finish(), index_dir, plan)
    return plan.changed_count


@dataclass(frozen=True)
class IndexPlan:
    """What an update must do, decided without writing anything."""
    full: bool                    # no usable index: build it whole
    changed: tuple[str, ...]      # documents to (re)index
    removed: tuple[str, ...]      # documents to drop
    hashes: dict[str, str]        # every document's source_hash
    meta: dict[str, Any]
    meta_changed: bool

    @property
    def writes(self) -> bool:
        return self.full or bool(self.changed or self.removed) or self.meta_changed

    @property
    def changed_count(self) -> int:
        return len(self.hashes) if self.full else len(self.changed) + len(self.removed)


def plan_index(corpus: Corpus, index_dir: Path) -> IndexPlan:
    """Compare the corpus with the live index: which documents changed (by source_hash).

    Both sides are remembered for the next build in this process (`serve`):
    a document's hash while its objects stay the same, the live index's hashes
    while its table of contents stays the same.
    """
    index_dir = Path(index_dir)
    meta = corpus_meta(corpus)
    hashes = _HASHES.hashes(corpus)
    ix = _open(index_dir)
    if ix is None:
        return IndexPlan(True, tuple(sorted(hashes)), (), hashes, meta, True)
    stored = _LIVE.hashes(index_dir, ix)
    changed = tuple(sorted(d for d, h in hashes.items() if stored.get(d) != h))
    removed = tuple(sorted(set(stored) - set(hashes)))
    return IndexPlan(False, changed, removed, hashes, meta, _read_meta(index_dir) != _meta_text(meta))


def write_index(corpus: Corpus, index_dir: Path, plan: IndexPlan, share: DocumentShare | None = None) -> Path:
    """Write the planned index into a folder beside index_dir; the live one is not touched.

    A full build starts empty: every document, or with `share` those before
    the cut IndexWrite.finish places (this process writes the others).
    An update starts from hard links to the live index's files — Whoosh never
    rewrites a file: a commit adds segment files and a new table of contents —
    then deletes and re-adds the changed documents. publish_index swaps the
    folder in.
    """
    staging = _staging(index_dir)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        if plan.full:
            staging.mkdir(parents=True)
            ix = windex.create_in(str(staging), make_schema(), indexname=INDEX_NAME)
            ids = sorted(corpus.documents)
            if share is None:
                _write_segment(ix, corpus, plan, ids)
            else:
                # committed when the cut is placed, and at the end (see DocumentShare)
                _write_segment(ix, corpus, plan, share.from_front(ids, until_split=True))
                _write_segment(ix, corpus, plan, share.from_front(ids))
        else:
            _link_copy(Path(index_dir), staging)
            if plan.changed or plan.removed:
                _write_segment(_open_unmapped(staging), corpus, plan,
                               list(plan.changed), delete=plan.removed + plan.changed, merge=True)
        _write_meta(staging, plan.meta)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def publish_index(staging: Path, index_dir: Path, plan: IndexPlan) -> None:
    """Swap the staged index in whole (atomic.replace_dir); remember its hashes."""
    from .atomic import replace_dir
    replace_dir(staging, index_dir)
    _LIVE.remember(Path(index_dir), plan.hashes)


class _DocumentHashes:
    """source_hash per document, reused while the objects it is made from are the same objects."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[tuple[Any, ...], str]] = {}

    def hashes(self, corpus: Corpus) -> dict[str, str]:
        current: dict[str, tuple[tuple[Any, ...], str]] = {}
        abbreviations = corpus.vocabulary.abbreviations
        shared = shared_inputs(corpus)
        for doc_id, doc in corpus.documents.items():
            inputs = (doc, corpus.organization(doc.issuer), corpus.vocabulary.doc_types.get(doc.type),
                      corpus.provinces.get(corpus.province_of(doc) or ""), abbreviations)
            last = self._last.get(doc_id)
            if last is not None and all(a is b for a, b in zip(last[0], inputs, strict=True)):
                current[doc_id] = last
            else:
                current[doc_id] = (inputs, source_hash(doc, corpus, shared))
        self._last = current
        return {doc_id: h for doc_id, (_inputs, h) in current.items()}


class _LiveHashes:
    """The live index's stored hashes, reused while its table of contents is the same file."""

    def __init__(self) -> None:
        self._key: tuple[Any, ...] | None = None
        self._hashes: dict[str, str] = {}

    @staticmethod
    def _toc_key(index_dir: Path) -> tuple[Any, ...] | None:
        # every table of contents, not the "last" by name: _main_10 sorts before _main_9
        tocs = sorted(index_dir.glob(f"_{INDEX_NAME}_*.toc"))
        if not tocs:
            return None
        return (str(index_dir.resolve()), *((t.name, t.stat().st_ino, t.stat().st_mtime_ns) for t in tocs))

    def hashes(self, index_dir: Path, ix: windex.Index) -> dict[str, str]:
        key = self._toc_key(index_dir)
        if key is None or key != self._key:
            self._hashes, self._key = _stored_hashes(ix), key
        return self._hashes

    def remember(self, index_dir: Path, hashes: dict[str, str]) -> None:
        self._hashes, self._key = dict(hashes), self._toc_key(index_dir)


_HASHES = _DocumentHashes()
_LIVE = _LiveHashes()


def _link_copy(live: Path, staging: Path) -> None:
    staging.mkdir(parents=True)
    for path in live.iterdir():
        if path.is_file() and not path.name.endswith("WRITELOCK"):      # a lock is per folder, not linked
            os.link(path, staging / path.name)


def _open(index_dir: Path) -> windex.Index | None:
    """The existing index, or None when it is missing or of another schema version."""
    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
        if meta.get("schema") != SCHEMA_VERSION or not windex.exists_in(str(index_dir), INDEX_NAME):
            return None
        return _open_unmapped(index_dir)
    except (OSError, ValueError, windex.EmptyIndexError):
        return None


def _open_unmapped(folder: str | Path) -> windex.Index:
    """The index in folder, its compound segments read with file reads, not memory-mapped.

    The build reads a few parts of each segment once (stored hashes, deletions,
    merges); mapped, the pages it touched stayed in its resident set: a one-record
    rebuild's peak went from 700 to 960 MB at 5,000 documents. The server maps
    them (search_storage.py): it reads them again and again."""
    from whoosh.filedb.filestore import FileStorage
    return FileStorage(str(folder), supports_mmap=False).open_index(INDEX_NAME)


def _staging(index_dir: Path) -> Path:
    return Path(index_dir).with_name(Path(index_dir).name + ".new")


# Below this many documents one process writes a full index: a fork and a
# second segment cost more than they save.
SPLIT_FROM_DOCUMENTS = 500


class DocumentShare:
    """The sorted documents of a full build, split between a forked child and this process.

    The child writes the index from the first document on (write_index) while
    this process does the build's other stages. When they are done, this
    process takes the documents from a cut to the last (IndexWrite.finish),
    the child those before the cut. The cut is placed for both to finish
    together: the rest of the work split in two halves, weighed by entries
    (a document's clauses and itself), the child's half less the commit it
    makes of what it wrote so far (COMMIT_SHARE of that work) — when this
    process starts, the child commits a first segment, so its last commit
    covers about as much as this process's. Each writes its documents in
    order, as they come: nothing is held back. The counters live in shared
    memory, under a lock.
    """

    CHUNK = 8                          # documents per take from the front: ~50 ms of work, one lock each
    COMMIT_SHARE = 0.15                # of a segment's writing, its commit (timed in builds at 5,000 documents)

    def __init__(self, weights: list[int]):
        ctx = multiprocessing.get_context("fork")
        self._lock = ctx.Lock()
        # [next from the front, end of the front's documents, 1 once split]
        self._ends = ctx.RawArray("q", [0, len(weights), 0])
        self._cumulative = [0, *accumulate(weights)]     # inherited by the child, never changed

    def _take(self, until_split: bool) -> range | None:
        with self._lock:
            start, stop = self._ends[0], self._ends[1]
            if start >= stop or (until_split and self._ends[2]):
                return None
            self._ends[0] = end = min(start + self.CHUNK, stop)
            return range(start, end)

    def from_front(self, ids: list[str], *, until_split: bool = False) -> Iterator[str]:
        """The documents taken from the front until those before the cut are done
        (or, with until_split, until the cut is placed)."""
        while (taken := self._take(until_split)) is not None:
            yield from (ids[i] for i in taken)

    def split(self) -> range:
        """Place the cut (once): the documents from it to the end, for the caller to write."""
        with self._lock:
            front, stop = self._ends[0], self._ends[1]
            cum = self._cumulative
            left = cum[stop] - cum[front]
            child = (left - self.COMMIT_SHARE * cum[front]) / 2     # what the child writes after the cut
            cut = bisect_left(cum, cum[front] + max(child, 0.0), front, stop)
            self._ends[1], self._ends[2] = cut, 1
            return range(cut, stop)


@dataclass
class IndexWrite:
    """write_index in a forked child when that is possible, with this process helping at the end.

    start() forks (background.start); other work may run here meanwhile;
    finish() writes the full build's documents from the cut on (DocumentShare),
    waits for the child and adds this process's segment after the child's.
    """
    corpus: Corpus
    index_dir: Path
    plan: IndexPlan
    share: DocumentShare | None
    job: background.Job
    child_seconds: float = 0.0
    help_seconds: float = 0.0

    @classmethod
    def start(cls, corpus: Corpus, index_dir: Path, plan: IndexPlan, *, beside: bool = False) -> IndexWrite:
        """beside: this process has other work meanwhile, so fork whenever that is safe;
        otherwise a child is forked only to share a large full build."""
        share = None
        if plan.full and len(corpus.documents) >= SPLIT_FROM_DOCUMENTS and background.can_fork():
            share = DocumentShare([1 + len(corpus.documents[d].all_clauses()) for d in sorted(corpus.documents)])
        step = partial(_timed_write, corpus, Path(index_dir), plan, share)
        job = background.start(step) if beside or share is not None else background.Job(step)
        return cls(corpus, Path(index_dir), plan, share, job)

    def finish(self) -> Path:
        """The staged index, complete."""
        started = time.perf_counter()
        try:
            other = self._help() if self.share is not None and self.job.forked else None
        except BaseException:
            self.cancel()
            raise
        self.help_seconds = time.perf_counter() - started
        try:
            staging, self.child_seconds = self.job.wait()
            if other is not None:
                _adopt_segments(staging, other)
        finally:
            if other is not None:
                shutil.rmtree(other, ignore_errors=True)
        return Path(staging)

    def cancel(self) -> None:
        """Stop the child (the build failed elsewhere) and remove what the two had staged."""
        self.job.cancel()
        shutil.rmtree(_helper_folder(self.index_dir), ignore_errors=True)
        if self.job.forked:
            shutil.rmtree(_staging(self.index_dir), ignore_errors=True)

    def _help(self) -> Path | None:
        """The documents from the cut on (DocumentShare.split), as a segment in a folder of their own."""
        assert self.share is not None
        ids = sorted(self.corpus.documents)
        mine = self.share.split()
        if not mine:
            return None
        folder = _helper_folder(self.index_dir)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        try:
            _write_segment(windex.create_in(str(folder), make_schema(), indexname=INDEX_NAME),
                           self.corpus, self.plan, ids[mine.start:mine.stop])
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return folder


def _helper_folder(index_dir: Path) -> Path:
    return Path(index_dir).with_name(Path(index_dir).name + ".new-2")


def _timed_write(corpus: Corpus, index_dir: Path, plan: IndexPlan,
                 share: DocumentShare | None) -> tuple[str, float]:
    """The child's step: the staged index's folder and the time it took."""
    started = time.perf_counter()
    return str(write_index(corpus, index_dir, plan, share)), time.perf_counter() - started


def _write_segment(ix: windex.Index, corpus: Corpus, plan: IndexPlan, ids: Iterable[str], *,
                   delete: tuple[str, ...] = (), merge: bool = False) -> None:
    """One writer: delete these documents, add the entries of ids, commit (merging small segments if merge)."""
    writer = _writer(ix)
    try:
        for doc_id in delete:
            writer.delete_by_term("doc", doc_id)
        for entries in _all_entries(corpus, plan.hashes, ids):
            for entry in entries:
                writer.add_fields(entry)
        writer.commit(merge=merge)
    except BaseException:
        writer.cancel()
        raise


def _adopt_segments(folder: str | Path, other: Path) -> None:
    """Move the other index's segments into the one in folder, after its own: a new table of contents."""
    from whoosh.index import TOC, clean_files

    ix = _open_unmapped(folder)
    theirs = _open_unmapped(other)._segments()
    for segment in theirs:
        for name in os.listdir(other):
            if name.startswith(f"{INDEX_NAME}_{segment.segid}"):
                os.rename(other / name, Path(folder) / name)
    segments = ix._segments() + theirs
    generation = ix.latest_generation() + 1
    TOC(ix.schema, segments, generation).write(ix.storage, INDEX_NAME)
    clean_files(ix.storage, INDEX_NAME, generation, segments)
