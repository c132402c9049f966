"""Wire the citation extractor into the corpus, and the `cite` command.

`resolve_relations(corpus)` runs the extractor over every document's title,
preamble, clauses, closing and footnotes and fills the corpus's derived
fields: `citations`, `relations` (declared first, then found), `inbound` and
`unresolved`. It mutates the corpus it is given and returns that same object.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

from .citations import CitationIndex, Context, build_index, extract
from .models import Citation, ClausePath, Corpus, DocId, Document, Relation, UnresolvedCitation
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


def document_citations(doc: Document, corpus: Corpus, index: CitationIndex) -> list[Citation]:
    """Every citation in one document; short forms refer back across its parts."""
    ctx = Context(province=corpus.province_of(doc), doc_type=doc.type)
    found: list[Citation] = []
    for text, clause, own_subject in document_parts(doc):
        found.extend(extract(text, index, ctx, clause=clause, own_subject=own_subject))
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


def resolve_relations(corpus: Corpus) -> Corpus:
    """Fill corpus.citations, .relations, .inbound and .unresolved; returns the same corpus."""
    index = build_index(corpus)
    citations: dict[DocId, tuple[Citation, ...]] = {}
    relations: dict[DocId, tuple[Relation, ...]] = {}
    unresolved: list[UnresolvedCitation] = []
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        found = document_citations(doc, corpus, index)
        citations[doc_id] = tuple(found)
        declared = [Relation(type=r.type, target=r.target, clause=r.clause, note=r.note,
                             evidence=r.evidence, origin="declared", source=doc_id) for r in doc.relations]
        relations[doc_id] = tuple(declared + found_relations(doc, found))
        unresolved.extend(UnresolvedCitation(citation=c, source=doc_id) for c in found if c.target is None)
    inbound: dict[DocId, list[Relation]] = {}
    for rels in relations.values():
        for r in rels:
            inbound.setdefault(r.target, []).append(r)
    corpus.citations = citations
    corpus.relations = relations
    corpus.inbound = {t: tuple(sorted(rs, key=lambda r: (r.source, r.clause or "", r.type, r.origin)))
                      for t, rs in sorted(inbound.items())}
    corpus.unresolved = tuple(unresolved)
    return corpus


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
