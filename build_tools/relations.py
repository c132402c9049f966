"""Wire the citation extractor into the corpus, and the `cite` command.

`resolve_relations(corpus)` runs the extractor over every document's title,
preamble, clauses, closing and footnotes and fills the corpus's derived
fields: `citations`, `relations` (declared first, then found), `inbound` and
`unresolved`. It mutates the corpus it is given and returns that same object.
Called again in the same process (`make serve`), it reads again only the
records that changed, unless a change reaches the index (a number, a date,
an issuer, an organization ...): then it reads them all, as a cold build does.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .citations import CitationIndex, Context, TextMemo, build_index, extract, index_key
from .models import Citation, ClausePath, Corpus, DocId, Document, Relation, UnresolvedCitation
from .records import collector_paused
from .vietnamese import fold

# (text, clause path, is the document's own title)
Part = tuple[str, ClausePath | None, bool]


def document_parts(doc: Document) -> list[Part]:
    """The pieces of a document the extractor reads, in reading order."""
    parts: list[Part] = []
    if doc.title:
        parts.append((doc.title, None, True))
    parts.extend((p, None, False) for p in doc.preamble)
    for clause in doc.all_clauses():
        text = "\n\n".join(t for t in (clause.heading, clause.text) if t)
        if text:
            parts.append((text, clause.path, False))
    parts.extend((p, None, False) for p in doc.closing)
    # A footnote's citations belong to the clause holding its marker.
    parts.extend((f.text, f.clause, False) for f in doc.footnotes)
    return parts


def document_citations(doc: Document, corpus: Corpus, index: CitationIndex,
                       memo: TextMemo | None = None) -> list[Citation]:
    """Every citation in one document; short forms refer back across its parts."""
    ctx = Context(province=corpus.province_of(doc), doc_type=doc.type)
    found: list[Citation] = []
    for text, clause, own_subject in document_parts(doc):
        found.extend(extract(text, index, ctx, clause=clause, own_subject=own_subject, memo=memo))
    return found


def found_relations(doc: Document, citations: list[Citation]) -> list[Relation]:
    """One relation per (type, target, clause); none to itself or to a declared target."""
    declared = {r.target for r in doc.relations}
    seen: set[tuple[str, DocId, ClausePath | None]] = set()
    out: list[Relation] = []
    for c in citations:
        if c.target is None or c.target == doc.id or c.target in declared:
            continue
        key = (c.relation, c.target, c.clause)
        if key in seen:
            continue
        seen.add(key)
        out.append(Relation(type=c.relation, target=c.target, clause=c.clause, evidence=c.sentence,
                            origin="found", source=doc.id))
    return out


@dataclass(frozen=True)
class _Resolved:
    """One document's outcome: its citations and its relations, declared then found."""
    doc: Document                    # the object they were computed from; `is` tells it unchanged
    citations: tuple[Citation, ...]
    relations: tuple[Relation, ...]
    unresolved: tuple[UnresolvedCitation, ...]


@dataclass(frozen=True)
class _LastBuild:
    """What the previous resolve_relations computed, for a rebuild in the same process (`make serve`).

    A document's citations depend on its own text and on the index (every
    document's number, date, issuer …): when the index key is unchanged, a
    document that load_corpus returned as the very same object keeps them.
    Only the last build is kept, so nothing grows from build to build.
    """
    key: tuple[object, ...]
    index: CitationIndex
    texts: TextMemo
    documents: dict[DocId, _Resolved]


_last: _LastBuild | None = None


def _resolve_document(doc: Document, corpus: Corpus, index: CitationIndex, texts: TextMemo) -> _Resolved:
    found = document_citations(doc, corpus, index, texts)
    declared = [Relation(type=r.type, target=r.target, clause=r.clause, note=r.note,
                         evidence=r.evidence, origin="declared", source=doc.id) for r in doc.relations]
    unresolved = tuple(UnresolvedCitation(citation=c, source=doc.id) for c in found if c.target is None)
    return _Resolved(doc, tuple(found), tuple(declared + found_relations(doc, found)), unresolved)


def resolve_relations(corpus: Corpus) -> Corpus:
    """Fill corpus.citations, .relations, .inbound and .unresolved; returns the same corpus."""
    # ~300,000 new objects, no reference cycle among them: no collector passes
    # over the whole loaded corpus while they are made
    with collector_paused():
        return _resolve_relations(corpus)


def _resolve_relations(corpus: Corpus) -> Corpus:
    global _last
    key = index_key(corpus)
    last = _last if _last is not None and _last.key == key else None
    # Memos live for one build: the tables are reused, never what they were asked.
    index = last.index.for_corpus(corpus) if last else build_index(corpus)
    texts = TextMemo(_last.texts if _last else None)    # a text's own citations do not depend on the index
    kept = last.documents if last else {}
    documents: dict[DocId, _Resolved] = {}
    replaced: list[Document] = []
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        old = kept.get(doc_id)
        if old is not None and old.doc is doc:
            documents[doc_id] = old
        else:
            documents[doc_id] = _resolve_document(doc, corpus, index, texts)
            replaced.extend([old.doc] if old is not None else [])
    _fill(corpus, documents)
    # The texts of records not read again stay known, except what the edited records no longer hold.
    stale = {text for d in replaced for text, _, _ in document_parts(d)} if last else None
    # Only a build that got this far is remembered: a failure leaves the previous one.
    _last = _LastBuild(key, index, texts.finished(keep_previous_except=stale), documents)
    return corpus


def _fill(corpus: Corpus, documents: dict[DocId, _Resolved]) -> None:
    corpus.citations = {i: r.citations for i, r in documents.items()}
    corpus.relations = {i: r.relations for i, r in documents.items()}
    corpus.unresolved = tuple(u for r in documents.values() for u in r.unresolved)
    inbound: dict[DocId, list[Relation]] = {}
    for rels in corpus.relations.values():
        for r in rels:
            inbound.setdefault(r.target, []).append(r)
    corpus.inbound = {t: tuple(sorted(rs, key=lambda r: (r.source, r.clause or "", r.type, r.origin)))
                      for t, rs in sorted(inbound.items())}


def extract_from_text(text: str, corpus: Corpus, *, province: str | None = None,
                      doc_type: str | None = None) -> list[Citation]:
    """Citations of a raw text (ingest, `cite`): one piece, clause None."""
    text = unicodedata.normalize("NFC", text)
    return extract(text, build_index(corpus), Context(province=province, doc_type=doc_type))


def guess_province(text: str, corpus: Corpus) -> str | None:
    """The province a raw text's header names ("TỈNH HƯNG YÊN", "Hưng Yên, ngày ...").

    Only the first lines are read; a name shared by a pre-2025 unit and its
    2025 successor goes to the unit some organization belongs to.
    """
    head = f" {fold(text[:600])} "
    used = {o.province for o in corpus.organizations.values() if o.province}
    hits: dict[str, list[str]] = {}
    for pid in sorted(corpus.provinces):
        name = fold(corpus.provinces[pid].name)
        if f" {name} " in head or f" {name}," in head:
            hits.setdefault(name, []).append(pid)
    if len(hits) != 1:
        return None
    ids = next(iter(hits.values()))
    preferred = [p for p in ids if p in used] or [p for p in ids if not corpus.provinces[p].since] or ids
    return preferred[0]


def _line(c: Citation) -> str:
    target = f"→ {c.target}" if c.target else "→ chưa có trong kho"
    fields = [" ".join(c.text.split()), c.type or "?", c.number or "?", c.date or "-",
              c.issuer or "-", target, c.relation]
    line = " | ".join(fields)
    return line + "".join(f"\n    ! {w}" for w in c.warnings)


def cite_command(path: Path, corpus: Corpus, as_json: bool) -> int:
    """`python -m build_tools cite FILE [--json]`: list a text file's citations."""
    try:
        text = unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}; give a UTF-8 text file", file=sys.stderr)
        return 1
    province = guess_province(text, corpus)
    citations = extract_from_text(text, corpus, province=province)
    resolved = sum(1 for c in citations if c.target)
    ambiguous = sum(1 for c in citations if any(w.startswith("ambiguous") for w in c.warnings))
    summary = f"{len(citations)} citations, {resolved} resolved, {ambiguous} ambiguous"
    if as_json:
        # stdout stays one JSON array; the summary goes to stderr.
        print(json.dumps([c.to_json() for c in citations], ensure_ascii=False, indent=2))
        print(summary, file=sys.stderr)
        return 0
    if province:
        print(f"tỉnh (đoán từ phần đầu văn bản): {corpus.provinces[province].name}")
    for c in citations:
        print(_line(c))
    print(summary)
    return 0
