"""Open data under docs/du-lieu/, copied into the site by MkDocs.

    van-ban.json           every record, with its relations both ways
    quan-he.json           every relation (declared and found in text)
    van-ban.csv, quan-he.csv
    van-ban/<id>.json      one record with its relations
    van-ban/<id>.yaml      the record file exactly as kept in data/
    feed.xml               Atom feed of documents as they enter the archive
    index.md, truong.md    pages describing the files and every record field;
                           truong.md is generated from build_tools/schema.py
                           so the reference cannot drift from the validator

Only changed files are written (same writer as the pages).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import stat
from _json import make_encoder  # the C encoder json.dumps builds per call (typeshed knows this name)
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from . import escape, schema
from .jsontext import indented
from .models import Corpus, Document, Relation
from .pages import Stamp, WriteStats, folder, write_files
from .pages_common import (
    added_dates,
    citation,
    display_title,
    doc_url,
    issuer_name,
    level_of,
    relation_view,
)

FOLDER = "du-lieu"
FEED_ENTRIES = 50
FEED_ID = "tag:kho-van-ban-tdcsxh,2024:"


# Characters XML 1.0 cannot carry at all; the validator reports them in
# records, and here they are dropped so the feed always parses.
_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_escape(text: str) -> str:
    return _xml_escape(_XML_INVALID.sub("", text))


def relation_json(rel: Relation) -> dict[str, Any]:
    return {"source": rel.source, "type": rel.type, "target": rel.target, "clause": rel.clause,
            "origin": rel.origin, "evidence": rel.evidence, "note": rel.note}


def _plain(value: Any) -> str:
    """YAML values as JSON: a value JSON has no form for (a date that slipped
    through unquoted) becomes its string."""
    return str(value)


def record_json(corpus: Corpus, doc: Document, outgoing: tuple[Relation, ...], inbound: tuple[Relation, ...]) -> dict[str, Any]:
    # replaced by the resolved view below
    record = {key: value for key, value in doc.raw.items() if key != "relations"}
    province = corpus.province_of(doc)
    prov = corpus.provinces.get(province or "")
    return {
        "id": doc.id,
        "url": doc_url(doc.id),
        "citation": citation(corpus, doc),
        "level": level_of(corpus, doc),
        "province": province,
        "province_2025": (prov.successor or prov.id) if prov else None,
        "year": doc.year,
        **record,
        "relations": [relation_json(r) for r in outgoing],
        "inbound_relations": [relation_json(r) for r in inbound],
    }


def dumps(data: Any, compact: bool = False) -> bytes:
    """Per-record files are indented for people; the whole-archive files are
    compact, one record per line, because at 5,000 records they are what
    programs download."""
    if compact and isinstance(data, list):
        lines = ",\n".join(compact_json(item) for item in data)
        return f"[\n{lines}\n]\n".encode()
    return (indented_json(data) + "\n").encode("utf-8")


# One C encoder for every compact value: json.dumps would build a new one per call.
_compact = make_encoder(None, _plain, json.encoder.encode_basestring, None, ":", ",", False, False, True)


def compact_json(item: Any) -> str:
    """`json.dumps(item, ensure_ascii=False, separators=(",", ":"), default=_plain)`."""
    return "".join(_compact(item, 0))


_KEY_MARK = "\x01"       # stands for the space after a key's colon in `_marked` output
_KEY_MARK_BYTES = _KEY_MARK.encode()
_NEWLINE_PAD = re.compile(b"\n *")


def indented_json(data: Any) -> str:
    """`json.dumps(data, ensure_ascii=False, indent=1, default=_plain)`, byte for byte (jsontext)."""
    return indented(data, default=_plain)


def both_json(data: Any) -> tuple[bytes, bytes]:
    """`dumps(data)` and `compact_json(data).encode()` from one walk: every string escaped once.

    A record is written both ways (its own file, its line of van-ban.json).
    JSON escapes every control character inside a string, so a newline or a
    `_KEY_MARK` in the walk's output is always its own: dropping each newline
    with its indentation, and the marks, leaves exactly the compact form.
    Done on the UTF-8 bytes (no multi-byte character holds a byte below 0x80):
    one encoding instead of two, and bytes are quicker to search.
    """
    text = _marked(data).encode()
    return text.replace(_KEY_MARK_BYTES, b" ") + b"\n", _NEWLINE_PAD.sub(b"", text).replace(_KEY_MARK_BYTES, b"")


def _marked(data: Any) -> str:
    """The indented text with _KEY_MARK in place of the space after each key's colon."""
    return indented(data, colon=":" + _KEY_MARK, default=_plain)


_FORMULA = ("=", "+", "-", "@")


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        # A cell starting with = + - @ is a formula to a spreadsheet: prefix it.
        writer.writerow(["'" + c if isinstance(c, str) and c.startswith(_FORMULA) else ("" if c is None else c)
                         for c in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")    # BOM: Excel then reads UTF-8 Vietnamese right


def feed(corpus: Corpus) -> bytes:
    added = added_dates(corpus)
    docs = sorted(corpus.documents.values(), key=lambda d: (added.get(d.id, ""), d.id), reverse=True)[:FEED_ENTRIES]

    def stamp(day: str) -> str:
        day = (day or "1970")
        parts = (day.split("-") + ["01", "01"])[:3]
        return f"{parts[0]}-{parts[1]}-{parts[2]}T00:00:00Z"

    updated = max((stamp(added.get(d.id, "")) for d in docs), default=stamp(""))
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
           "<title>Kho văn bản Tín dụng chính sách xã hội — văn bản mới</title>",
           f"<id>{FEED_ID}feed</id>",
           f"<updated>{updated}</updated>",
           '<link rel="self" href="feed.xml"/>',
           '<link rel="alternate" type="text/html" href="../"/>',
           "<author><name>Kho văn bản Tín dụng chính sách xã hội</name></author>"]
    for doc in docs:
        summary = display_title(doc)
        out += ["<entry>",
                f"<title>{xml_escape(citation(corpus, doc))}</title>",
                f"<id>{FEED_ID}{xml_escape(doc.id)}</id>",
                f'<link rel="alternate" type="text/html" href="../{xml_escape(doc_url(doc.id))}"/>',
                f"<updated>{stamp(added.get(doc.id, ''))}</updated>",
                f"<summary>{xml_escape(summary)}</summary>",
                "</entry>"]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def field_rows(fields: tuple[schema.Field, ...], prefix: str = "") -> list[str]:
    rows = []
    for f in fields:
        kind = f.kind + (" hoặc null" if f.nullable else "")
        if f.choices:
            kind += ": " + ", ".join(f"<code>{escape.html(c)}</code>" for c in f.choices)
        rows.append(f"<tr><td><code>{escape.html(prefix + f.name)}</code></td><td>{kind if f.choices else escape.html(kind)}</td>"
                    f"<td>{'có' if f.required else 'không'}</td><td>{escape.html(f.help)}</td></tr>")
        sub = f.fields or (schema.CLAUSE if f.name == "clauses" else ())
        if sub:
            rows += field_rows(sub, prefix + f.name + ("[]." if f.kind == schema.OBJECTS else "."))
    return rows


def fields_page() -> str:
    rows = field_rows(schema.DOCUMENT)
    return "\n".join([
        "---", 'title: "Các trường của hồ sơ văn bản"', "---", "",
        "# Các trường của hồ sơ văn bản", "",
        "Mỗi văn bản là một tệp `data/documents/<id>.yaml`; đường dẫn bỏ `.yaml` là mã (id) của văn bản, "
        "cũng là địa chỉ trang `van-ban/<id>/`. Bảng dưới đây được sinh tự động từ lược đồ mà bộ kiểm tra dữ liệu "
        "dùng (`build_tools/schema.py`), nên luôn khớp với điều bộ kiểm tra đòi hỏi. "
        "`clauses[].children` lặp lại cấu trúc của `clauses[]`.", "",
        '<div class="vb-table-wrap"><table class="vb-list"><thead><tr><th scope="col">Trường</th><th scope="col">Kiểu</th>'
        '<th scope="col">Bắt buộc</th><th scope="col">Ý nghĩa</th></tr></thead><tbody>',
        *rows,
        "</tbody></table></div>", "",
        "Đường dẫn mục (clause path) là các nhãn nối bằng dấu chấm (`II.3.b`); gạch đầu dòng và đoạn không nhãn "
        "lấy số thứ tự của nó (`II.3.b.2`). Trên trang, mục có địa chỉ `#muc-II-3-b-2`.", "",
    ])


def index_page(counts: dict[str, int]) -> str:
    return "\n".join([
        "---", 'title: "Dữ liệu mở"', "---", "",
        "# Dữ liệu mở", "",
        f"Toàn bộ {counts['documents']} hồ sơ văn bản và {counts['relations']} quan hệ của kho, cập nhật mỗi lần "
        "kho được dựng lại. Mã hóa UTF-8; tệp CSV có BOM để bảng tính đọc đúng tiếng Việt.", "",
        "| Tệp | Nội dung |", "| --- | --- |",
        "| [van-ban.json](van-ban.json) | Mọi hồ sơ, đủ các trường, kèm quan hệ đi (`relations`) và đến (`inbound_relations`) |",
        "| [quan-he.json](quan-he.json) | Mọi quan hệ: `source`, `type`, `target`, `clause`, `origin` (khai báo / tìm thấy), `evidence` |",
        "| [van-ban.csv](van-ban.csv) | Một dòng mỗi văn bản: mã, loại, số hiệu, cơ quan, ngày, trích yếu, tình trạng, tỉnh |",
        "| [quan-he.csv](quan-he.csv) | Một dòng mỗi quan hệ |",
        "| `van-ban/<id>.json`, `van-ban/<id>.yaml` | Hồ sơ của từng văn bản (liên kết «Tải về» trên trang văn bản) |",
        "| [feed.xml](feed.xml) | Nguồn tin Atom: văn bản mới vào kho |", "",
        "Ý nghĩa từng trường: [Các trường của hồ sơ](truong.md). Loại quan hệ: `implements` (thực hiện), "
        "`continues` (tiếp tục thực hiện), `based_on` (căn cứ), `cites` (trích dẫn), `reports_on` (đưa tin về), "
        "`amends` (sửa đổi), `replaces` (thay thế).", "",
    ])


def build_files(corpus: Corpus) -> dict[str, bytes]:
    """Every export file as {path below docs/: bytes}; no file is touched."""
    files, _records = _files(corpus, {}, lambda rel: False)
    return {rel: data for rel, data in files.items() if data is not None}


@dataclass
class _Record:
    """One document's share of the exports, kept for the next build in this process."""
    doc: Document
    outgoing: tuple[Relation, ...]
    inbound: tuple[Relation, ...]
    has_yaml: bool
    line: bytes                      # its line of van-ban.json
    relation_lines: list[bytes]      # its lines of quan-he.json
    doc_row: list[Any]
    rel_rows: list[list[Any]]

    def same_inputs(self, doc: Document, outgoing: tuple[Relation, ...], inbound: tuple[Relation, ...]) -> bool:
        return self.doc is doc and self.outgoing == outgoing and self.inbound == inbound


def _files(corpus: Corpus, previous: dict[str, _Record], kept: Callable[[str], bool],
           parts: dict[str, list[Any]] | None = None) -> tuple[dict[str, bytes | None], dict[str, _Record]]:
    """The export files, None for one whose inputs did not change and that `kept` holds.

    `parts` holds the inputs of each whole-archive file: it is compared with
    last build's and replaced by this build's.
    """
    view = relation_view(corpus)
    files: dict[str, bytes | None] = {}
    records: dict[str, _Record] = {}
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        out, inn = view.outgoing.get(doc_id, ()), view.inbound.get(doc_id, ())
        json_rel, yaml_rel = f"{FOLDER}/van-ban/{doc_id}.json", f"{FOLDER}/van-ban/{doc_id}.yaml"
        old = previous.get(doc_id)
        if old is not None and old.same_inputs(doc, out, inn) and kept(json_rel) and \
                (not old.has_yaml or kept(yaml_rel)):
            records[doc_id] = old
            files[json_rel] = None
            if old.has_yaml:
                files[yaml_rel] = None
            continue
        record = record_json(corpus, doc, out, inn)
        files[json_rel], line = both_json(record)
        source = _read_file(f"{corpus.root}/{doc.file}") if doc.file else None
        if source is not None:
            files[yaml_rel] = source
        records[doc_id] = _Record(
            doc, out, inn, source is not None, line, [compact_json(relation_json(r)).encode() for r in out],
            [doc.id, doc.type, doc.number, doc.issuer, issuer_name(corpus, doc), doc.date, doc.year, display_title(doc),
             doc.text, record["level"], record["province"], record["province_2025"], doc_url(doc.id)],
            [[r.source, r.type, r.target, r.clause, r.origin, r.evidence, r.note] for r in out])
    files.update(_archive_files(corpus, list(records.values()), kept, {} if parts is None else parts))
    return files, records


def _read_file(path: str) -> bytes | None:
    """The bytes of a regular file, None when there is none (`Path.is_file` and
    `read_bytes` in plain os calls: this runs once per record)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)     # non-blocking: a FIFO must not hang the build
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):
            return None
        raise
    with open(fd, "rb") as handle:
        return handle.read() if stat.S_ISREG(os.fstat(fd).st_mode) else None


def _archive_files(corpus: Corpus, records: list[_Record], kept: Callable[[str], bool],
                   parts: dict[str, list[Any]]) -> dict[str, bytes | None]:
    """The whole-archive files, joined from each record's share; None when their shares are
    the same as last time (compared by identity first: kept records hold the same objects)."""
    relation_lines = [line for r in records for line in r.relation_lines]
    makers: dict[str, tuple[list[Any], Callable[[], bytes]]] = {
        f"{FOLDER}/van-ban.json": ([r.line for r in records], lambda: _json_lines([r.line for r in records])),
        f"{FOLDER}/quan-he.json": (relation_lines, lambda: _json_lines(relation_lines)),
        f"{FOLDER}/van-ban.csv": ([r.doc_row for r in records], lambda: to_csv(
            ["id", "type", "number", "issuer", "issuer_name", "date", "year", "title", "text", "level", "province",
             "province_2025", "url"], [r.doc_row for r in records])),
        f"{FOLDER}/quan-he.csv": ([row for r in records for row in r.rel_rows], lambda: to_csv(
            ["source", "type", "target", "clause", "origin", "evidence", "note"],
            [row for r in records for row in r.rel_rows])),
    }
    files: dict[str, bytes | None] = {}
    for rel, (inputs, make) in makers.items():
        files[rel] = None if parts.get(rel) == inputs and kept(rel) else make()
        parts[rel] = inputs
    files[f"{FOLDER}/feed.xml"] = feed(corpus)
    files[f"{FOLDER}/truong.md"] = fields_page().encode("utf-8")
    files[f"{FOLDER}/index.md"] = index_page({"documents": len(records), "relations": len(relation_lines)}).encode("utf-8")
    return files


def _json_lines(lines: list[bytes]) -> bytes:
    """`dumps(items, compact=True)` from the items' lines, in one join (van-ban.json is tens of MB)."""
    if len(lines) < 2:
        return b"[\n" + b"".join(lines) + b"\n]\n"
    return b",\n".join([b"[\n" + lines[0], *lines[1:-1], lines[-1] + b"\n]\n"])


@dataclass
class _Last:
    context: tuple[object, ...]
    records: dict[str, _Record]
    parts: dict[str, list[Any]]      # inputs of each whole-archive file
    written: dict[str, Stamp]


_LAST: dict[str, _Last] = {}          # docs folder -> the last export into it (one entry kept)


def write(corpus: Corpus, docs_dir: Path) -> WriteStats:
    """Write the exports; in a rebuild, per-record files of unchanged records are kept as they are."""
    state = folder(docs_dir)
    last = _LAST.pop(str(docs_dir), None)
    _LAST.clear()                      # a failure below leaves nothing to reuse
    ctx = (corpus.root, corpus.vocabulary, corpus.organizations, corpus.provinces)
    same = last is not None and last.context == ctx
    previous, parts = (last.records, last.parts) if last is not None and same else ({}, {})
    written = last.written if last is not None else {}
    files, records = _files(corpus, previous, lambda rel: rel in written and state.stamps.get(rel) == written[rel],
                            parts)
    stats = write_files(files, docs_dir, (FOLDER,))
    _LAST[str(docs_dir)] = _Last(ctx, records, parts, {rel: state.stamps[rel] for rel in files})
    return stats
