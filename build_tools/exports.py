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
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as _xml_escape

from . import escape, schema
from .models import Corpus, Document, Relation
from .pages import WriteStats, write_files
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


def _plain(value: Any) -> Any:
    """YAML values as JSON: dates that slipped through unquoted become strings."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record_json(corpus: Corpus, doc: Document, outgoing: tuple[Relation, ...], inbound: tuple[Relation, ...]) -> dict[str, Any]:
    record = _plain(doc.raw)
    record.pop("relations", None)       # replaced by the resolved view below
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
        lines = ",\n".join(json.dumps(item, ensure_ascii=False, separators=(",", ":")) for item in data)
        return f"[\n{lines}\n]\n".encode()
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def to_csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        # A cell starting with = + - @ is a formula to a spreadsheet: prefix it.
        writer.writerow(["'" + c if isinstance(c, str) and c[:1] in "=+-@" else ("" if c is None else c) for c in row])
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
    view = relation_view(corpus)
    root = Path(corpus.root)
    files: dict[str, bytes] = {}
    records, relations = [], []
    doc_rows, rel_rows = [], []
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        out, inn = view.outgoing.get(doc_id, ()), view.inbound.get(doc_id, ())
        record = record_json(corpus, doc, out, inn)
        records.append(record)
        files[f"{FOLDER}/van-ban/{doc_id}.json"] = dumps(record)
        source = root / doc.file if doc.file else None
        if source and source.is_file():
            files[f"{FOLDER}/van-ban/{doc_id}.yaml"] = source.read_bytes()
        relations += [relation_json(r) for r in out]
        rel_rows += [[r.source, r.type, r.target, r.clause, r.origin, r.evidence, r.note] for r in out]
        doc_rows.append([doc.id, doc.type, doc.number, doc.issuer, issuer_name(corpus, doc), doc.date, doc.year,
                         display_title(doc), doc.text, record["level"], record["province"], record["province_2025"],
                         doc_url(doc.id)])
    files[f"{FOLDER}/van-ban.json"] = dumps(records, compact=True)
    files[f"{FOLDER}/quan-he.json"] = dumps(relations, compact=True)
    files[f"{FOLDER}/van-ban.csv"] = to_csv(
        ["id", "type", "number", "issuer", "issuer_name", "date", "year", "title", "text", "level", "province",
         "province_2025", "url"], doc_rows)
    files[f"{FOLDER}/quan-he.csv"] = to_csv(["source", "type", "target", "clause", "origin", "evidence", "note"], rel_rows)
    files[f"{FOLDER}/feed.xml"] = feed(corpus)
    files[f"{FOLDER}/truong.md"] = fields_page().encode("utf-8")
    files[f"{FOLDER}/index.md"] = index_page({"documents": len(records), "relations": len(relations)}).encode("utf-8")
    return files


def write(corpus: Corpus, docs_dir: Path) -> WriteStats:
    return write_files(build_files(corpus), docs_dir, (FOLDER,))
