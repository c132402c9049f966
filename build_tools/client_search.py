"""Shrink and fold the theme's browser search index (site/search/search_index.json).

Material's search plugin writes every heading section of every page, full text
included: 83 MB at 5,000 documents. Full-text clause search is the HTTP API's
job, so after `mkdocs build` this keeps one entry per page — its title and a
short text (for a document page: number · type · issuer · date, from the
corpus) — and adds a `folded` field without diacritics, listed in the index's
`config.fields` so the theme's lunr worker indexes it (its worker builds one
lunr field per key of config.fields): "tin dung" then finds "tín dụng".
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any

from .models import Corpus, Document
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
    path = Path(site_dir) / INDEX_PATH
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    docs_out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for entry in data.get("docs", []):
        location = str(entry.get("location", ""))
        if "#" in location or location in seen:
            continue                           # section entries: the API searches clauses
        seen.add(location)
        title = _plain(str(entry.get("title", "")))
        doc_id = _document_id(location)
        doc = corpus.documents.get(doc_id) if doc_id else None
        text = document_text(doc, corpus) if doc else _plain(str(entry.get("text", "")))[:TEXT_CHARS]
        out = {"location": location, "title": title, "text": text,
               "folded": fold(f"{title} {text}")}
        for key in ("tags", "boost"):
            if key in entry:
                out[key] = entry[key]
        docs_out.append(out)
    config = dict(data.get("config", {}))
    fields = dict(config.get("fields", {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}))
    fields["folded"] = {"boost": FOLDED_BOOST}
    config["fields"] = fields
    payload = json.dumps({"config": config, "docs": docs_out}, ensure_ascii=False, separators=(",", ":"))
    encoded = payload.encode("utf-8")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(encoded)
    os.replace(tmp, path)
    return len(encoded)
