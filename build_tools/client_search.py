"""Shrink and fold the theme's browser search index (site/search/search_index.json).

Material's search plugin writes every heading section of every page, full text
included: 83 MB at 5,000 documents. Full-text clause search is the HTTP API's
job, so after `mkdocs build` this keeps one entry per page — its title and a
short text — and adds a `folded` field without diacritics, listed in the
index's `config.fields` so the theme's lunr worker indexes it (its worker
builds one lunr field per key of config.fields): "tin dung" then finds "tín dụng".

A document page's entry comes from the corpus (its citation as title; number ·
type · issuer · date as text), for every document page the site holds: the
mkdocs.yml hook keeps those pages out of the plugin, which would only spend a
third of the MkDocs step parsing text thrown away here.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from .models import Corpus, Document
from .pages_common import citation
from .vietnamese import fold

INDEX_PATH = Path("search") / "search_index.json"
TEXT_CHARS = 200          # a hand-written page keeps this much of its text
FOLDED_BOOST = 100.0      # below the title (1000), above the body text (1)

_TAG = re.compile(r"<[^>]+>")


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", text)).split())


def _document_id(location: str) -> str | None:
    m = re.match(r"^van-ban/(.+?)/?(?:index\.html)?$", location)
    return m.group(1) if m else None


def document_text(doc: Document, corpus: Corpus) -> str:
    """'6766/KH-UBND · Kế hoạch · Ủy ban nhân dân tỉnh Thanh Hóa · 2016-05-05'."""
    dtype = corpus.vocabulary.doc_types.get(doc.type)
    org = corpus.organization(doc.issuer)
    parts = [doc.number or "", dtype.name if dtype else doc.type, org.name if org else "",
             doc.date or (str(doc.year) if doc.year else "")]
    if doc.signer and doc.signer.name:
        parts.append(doc.signer.name)
    return " · ".join(p for p in parts if p)


def postprocess(site_dir: Path, corpus: Corpus) -> int:
    """Rewrite site_dir/search/search_index.json in place; return its new size in bytes."""
    site_dir = Path(site_dir)
    path = site_dir / INDEX_PATH
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    entries = _page_entries(data.get("docs", []), corpus)
    entries.update(_document_entries(site_dir, corpus))
    docs_out = [entries[location] for location in sorted(entries, key=_page_order)]
    config = dict(data.get("config", {}))
    fields = dict(config.get("fields", {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}))
    fields["folded"] = {"boost": FOLDED_BOOST}
    config["fields"] = fields
    payload = json.dumps({"config": config, "docs": docs_out}, ensure_ascii=False, separators=(",", ":"))
    encoded = payload.encode("utf-8")
    path.write_bytes(encoded)            # in place: the site being built is not the live one
    return len(encoded)


def _page_entries(material_docs: list[dict[str, Any]], corpus: Corpus) -> dict[str, dict[str, Any]]:
    """One entry per page the theme indexed, keyed by location; section entries dropped."""
    entries: dict[str, dict[str, Any]] = {}
    for entry in material_docs:
        location = str(entry.get("location", ""))
        if "#" in location or location in entries:
            continue                           # section entries: the API searches clauses
        doc_id = _document_id(location)
        doc = corpus.documents.get(doc_id) if doc_id else None
        if doc:
            entries[location] = _document_entry(location, doc, corpus)
            continue
        title = _plain(str(entry.get("title", "")))
        out = _entry(location, title, _plain(str(entry.get("text", "")))[:TEXT_CHARS])
        out.update({key: entry[key] for key in ("tags", "boost") if key in entry})
        entries[location] = out
    return entries


def _document_entries(site_dir: Path, corpus: Corpus) -> dict[str, dict[str, Any]]:
    """An entry for every document page present in the built site."""
    entries = {}
    for doc_id, doc in corpus.documents.items():
        location = f"van-ban/{doc_id}/"
        if (site_dir / location / "index.html").is_file():
            entries[location] = _document_entry(location, doc, corpus)
    return entries


def _document_entry(location: str, doc: Document, corpus: Corpus) -> dict[str, Any]:
    return _entry(location, citation(corpus, doc), document_text(doc, corpus))


def _entry(location: str, title: str, text: str) -> dict[str, Any]:
    return {"location": location, "title": title, "text": text, "folded": fold(f"{title} {text}")}


def _page_order(location: str) -> list[str]:
    """The theme's order: by path segment, a folder's own page first."""
    return location.rstrip("/").split("/") if location else []
