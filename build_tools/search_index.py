"""The Whoosh index: schema, entries from the corpus, full build and incremental update.

One entry per clause and one per document. `body` holds the terms that
search_analysis computed (exact, folded, bigrams, number keys); `ident` the
document's own number keys, so a number query puts the document first. The
display fields are stored; the filter fields are indexed as IDs.

Incremental: each document entry stores a hash of all its document's entries.
An update recomputes the entries (cheap: no YAML, no Whoosh analysis), compares
the hashes with the stored ones and deletes + re-adds only the changed
documents. No change: nothing is opened for writing, nothing is written.
The first build (or a schema change) goes to a sibling temporary folder that is
renamed into place only when complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import formats
from whoosh import index as windex
from whoosh.analysis import Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, FieldType, Schema
from whoosh.system import pack_uint
from whoosh.util.numeric import byte_to_length

from .models import Clause, Corpus, Document
from .progress import track
from .search_analysis import Glossary, TermListTokenizer, TypedNumbers, index_terms, number_keys, typed_key

SCHEMA_VERSION = 5
META_FILE = "meta.json"
INDEX_NAME = "main"

LEVEL_BY_KIND = {"central": "central", "province": "province", "district": "district", "commune": "commune"}


def clause_anchor(path: str) -> str:
    """The HTML id of a clause on its document page: the pages' own scheme ('muc-II-3-b')."""
    from .pages_common import clause_anchor as page_anchor
    return page_anchor(path)


# Field lengths for BM25's length normalisation. Measured: without them long
# entries (a document's preamble) outrank the clause that says it (45/51 cases
# instead of 51/51), for no clear gain in build time.
BODY_LENGTHS = True


class TermCounts(formats.Frequency):  # type: ignore[misc]
    """Whoosh's Frequency format fed a space-separated term list (index_terms).

    The same postings (frequency, weight = frequency) counted by one C-level
    Counter instead of a Token object per term — profiled, Whoosh's per-token
    counting was an eighth of the build.
    """

    def word_values(self, value: Any, analyzer: Any, **kwargs: Any) -> Iterator[tuple[str, int, float, bytes]]:
        fb = self.field_boost
        counts = Counter(value.split() if isinstance(value, str) else value)
        return ((w, f, f * fb, pack_uint(f)) for w, f in counts.items())


def make_schema() -> Schema:
    terms: Tokenizer = TermListTokenizer()
    return Schema(
        id=ID(unique=True, stored=True),
        doc=ID(stored=True),
        kind=ID(stored=True),                        # clause | document
        clause=STORED(),
        # Frequency format (no positions: phrases are bigram terms); scorable=BODY_LENGTHS
        body=FieldType(TermCounts(), analyzer=terms, scorable=BODY_LENGTHS),
        ident=KEYWORD(analyzer=terms, scorable=True),
        type=ID(stored=True),
        issuer=ID(stored=True),
        province=KEYWORD(stored=True, commas=False),  # old unit and its 2025 successor
        level=ID(stored=True),
        status=ID(stored=True),                       # text: full | excerpt | none
        # years and the date order as single terms: a NUMERIC field indexes
        # several trie terms per value, postings the year filter does not need
        year=ID(stored=True),
        datekey=STORED(),
        sortkey=ID(sortable=True),                    # "2016-05-05|000042": date, then clause order
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


def sortkey(common: dict[str, Any], order: int) -> str:
    """Newest first when sorted in reverse, and within a document its clauses in order."""
    return f"{common['datekey']}|{999999 - order:06d}"


def document_entries(doc: Document, corpus: Corpus, typed: TypedNumbers,
                     glossary: Glossary | None = None) -> list[dict[str, Any]]:
    """The index entries of one document: itself, then each clause in order."""
    org = corpus.organization(doc.issuer)
    dtype = corpus.vocabulary.doc_types.get(doc.type)
    url = f"/van-ban/{doc.id}/"
    common = {
        "doc": doc.id, "type": doc.type, "issuer": doc.issuer or "",
        "province": " ".join(_provinces(doc, corpus)), "level": _level(doc, corpus),
        "status": doc.text,
        "datekey": doc.date or (str(doc.year) if doc.year else ""),
        "year": str(doc.year if doc.year is not None else doc.date[:4] if doc.date else ""),
        "number": doc.number, "date": doc.date, "title": document_title(doc),
        "citation": citation_line(doc, corpus),
    }
    if not common["year"]:
        del common["year"]
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
    entries = [dict(common, id=doc.id, kind="document", clause=None, sortkey=sortkey(common, 0), url=url,
                    body=" ".join(index_terms(" \n ".join(x for x in described if x), typed, glossary)),
                    ident=" ".join(dict.fromkeys(ident)), heading="",
                    text=summary or document_title(doc))]
    trails = _headings(doc)
    for order, clause in enumerate(doc.all_clauses(), start=1):
        trail = trails.get(clause.path, [])
        text = clause.text or ""
        if not text and not clause.heading:
            continue
        body = " \n ".join([*trail, text])
        entries.append(dict(common, id=f"{doc.id}#{clause.path}", kind="clause", clause=clause.path,
                            sortkey=sortkey(common, order), url=f"{url}#{clause_anchor(clause.path)}",
                            body=" ".join(index_terms(body, typed, glossary)), ident="",
                            heading=" › ".join(trail), text=text or (clause.heading or "")))
    entries[0]["hash"] = source_hash(doc, corpus)
    return entries


def source_hash(doc: Document, corpus: Corpus) -> str:
    """A hash of everything a document's entries are made from — cheap: no analysis.

    The record itself (its YAML data), its issuer, type and province as the
    entries name them, the pages' anchor scheme, the glossary, the schema version.
    """
    org = corpus.organization(doc.issuer)
    prov = corpus.provinces.get(corpus.province_of(doc) or "")
    # the record as loaded (JSON of its YAML data: 3x faster than the dataclass repr)
    record = json.dumps(doc.raw, ensure_ascii=False, default=str) if doc.raw else repr(doc)
    parts = (SCHEMA_VERSION, doc.id, record, repr(org), repr(corpus.vocabulary.doc_types.get(doc.type)),
             repr(prov), clause_anchor("I.1.a"),            # the pages' anchor scheme is in every url
             citation_line(doc, corpus),                    # ... and their citation line in every hit
             repr(corpus.vocabulary.abbreviations))           # glossary keys are in every body
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


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


def _all_entries(corpus: Corpus, only: list[str] | None = None) -> Iterator[list[dict[str, Any]]]:
    typed = TypedNumbers(t.name for t in corpus.vocabulary.doc_types.values())
    glossary = Glossary((a.short, a.expansion) for a in corpus.vocabulary.abbreviations)
    ids = sorted(corpus.documents) if only is None else only
    for doc_id in track(ids, "index") if len(ids) > 50 else ids:
        yield document_entries(corpus.documents[doc_id], corpus, typed, glossary)


def _write_meta(index_dir: Path, meta: dict[str, Any]) -> bool:
    path = index_dir / META_FILE
    text = json.dumps(meta, ensure_ascii=False, sort_keys=True, indent=1)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return True


def _stored_hashes(ix: windex.Index) -> dict[str, str]:
    with ix.searcher() as s:
        return {f["doc"]: f.get("hash", "") for f in s.documents(kind="document")}


def _writer(ix: windex.Index, size: int) -> Any:
    """One writer process. (Whoosh's multiprocessing writer, procs=2, measured
    1.0-1.1x here: the parent feeding it stays the bottleneck.)"""
    writer = ix.writer(limitmb=256)
    per_document_reader = getattr(writer, "per_document_reader", None)
    if per_document_reader is not None:
        writer.per_document_reader = lambda: _PreloadedLengths(per_document_reader())
    return writer


class _PreloadedLengths:
    """The new segment's per-document reader, its field lengths read whole.

    Profiled: writing the postings asks the length of every posting's entry
    (for the blocks' min/max lengths) through four layers of column readers —
    15 % of the build. One bytes object per field answers the same.
    """

    def __init__(self, pdr: Any):
        self._pdr = pdr
        self._lengths: dict[str, bytes | None] = {}     # None: the field has no lengths

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pdr, name)

    def _column(self, fieldname: str) -> bytes | None:
        if fieldname not in self._lengths:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            col = self._pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            raw = None
            if col is not None:
                raw = bytes(col._dbfile.get(col._basepos, col._count))
                raw += bytes(max(0, self._pdr.doc_count_all() - len(raw)))
            self._lengths[fieldname] = raw
        return self._lengths[fieldname]

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        try:
            raw = self._column(fieldname)
        except (AttributeError, ImportError):    # another codec: ask the reader itself
            return self._pdr.doc_field_length(docnum, fieldname, default)  # type: ignore[no-any-return]
        if raw is None:
            return default
        lbyte = raw[docnum]
        return byte_to_length(lbyte) if lbyte else None     # as Whoosh's own reader

    def close(self) -> None:
        self._pdr.close()


def update_index(corpus: Corpus, index_dir: Path) -> int:
    """Bring index_dir up to date with corpus; return the number of documents changed."""
    index_dir = Path(index_dir)
    meta = corpus_meta(corpus)
    ix = _open(index_dir)
    if ix is None:
        return _full_build(corpus, index_dir, meta)
    stored = _stored_hashes(ix)
    hashes = {doc_id: source_hash(doc, corpus) for doc_id, doc in corpus.documents.items()}
    changed = sorted(d for d, h in hashes.items() if stored.get(d) != h)
    removed = sorted(set(stored) - set(hashes))
    if changed or removed:
        writer = _writer(ix, len(changed))
        try:
            for doc_id in removed + changed:
                writer.delete_by_term("doc", doc_id)
            for entries in _all_entries(corpus, changed):
                for entry in entries:
                    writer.add_document(**entry)
            writer.commit(optimize=False)
        except BaseException:
            writer.cancel()
            raise
    _write_meta(index_dir, meta)
    return len(changed) + len(removed)


def _open(index_dir: Path) -> windex.Index | None:
    """The existing index, or None when it is missing or of another schema version."""
    try:
        meta = json.loads((index_dir / META_FILE).read_text(encoding="utf-8"))
        if meta.get("schema") != SCHEMA_VERSION or not windex.exists_in(str(index_dir), INDEX_NAME):
            return None
        return windex.open_dir(str(index_dir), indexname=INDEX_NAME)
    except (OSError, ValueError, windex.EmptyIndexError):
        return None


def _full_build(corpus: Corpus, index_dir: Path, meta: dict[str, Any]) -> int:
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=index_dir.name + ".tmp-", dir=index_dir.parent))
    try:
        ix = windex.create_in(str(tmp), make_schema(), indexname=INDEX_NAME)
        writer = _writer(ix, len(corpus.documents))
        count = 0
        for entries in _all_entries(corpus):
            for entry in entries:
                writer.add_document(**entry)
            count += 1
        writer.commit()
        _write_meta(tmp, meta)
        _swap(tmp, index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return count


def _swap(new: Path, live: Path) -> None:
    """Put new in live's place; the old folder is removed only after the rename."""
    if live.exists():
        old = Path(tempfile.mkdtemp(prefix=live.name + ".old-", dir=live.parent))
        os.rename(live, old / "index")
        os.rename(new, live)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, live)
