"""`python -m build_tools ingest FILE`: draft a record from a document's raw text.

The stages, top to bottom (one module each):

    clean (ingest_clean)  -> lines without page leftovers, page numbers, bold marks
    digital signature     -> "Ký bởi" / "Thời gian ký" taken out (ingest_tail)
    header (ingest_header)-> number, date, type, trích yếu, V/v, Kính gửi, issuer lines
      or press (ingest_press) -> section, headline, date line, lead, author
    tail (ingest_tail)    -> Nơi nhận, signature block
    body (ingest_body)    -> footnotes, preamble, clause tree, closing
    issuer (ingest_issuer)-> organization id, or a proposed organization
    citations             -> build_tools.relations.extract_from_text per clause
    record                -> fields in build_tools.schema.DOCUMENT order, id proposed

`draft()` is pure and shared by the command and the tests. It never invents:
a blank stays null, and every field it is unsure of is in `warnings` with
the source line it came from.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import ingest_body, ingest_clean, ingest_header, ingest_issuer, ingest_press, ingest_tail
from .ingest_header import IngestWarning
from .models import Citation, Corpus
from .schema import DOCUMENT
from .vietnamese import nfc, slug

UNKNOWN = "khong-ro"
STRONG_RELATIONS = ("implements", "continues", "based_on")
# A preamble paragraph that states what the document implements or rests on.
# Only these (and the title) give strong relations: "Trong những năm qua, ...
# tổ chức thực hiện Chỉ thị số 40" (seed 000) narrates, it does not implement.
BASIS = re.compile(r"^(?:Căn cứ|Thực hiện|Để thực hiện|Để triển khai|Triển khai|Thi hành|Tiếp tục thực hiện|"
                   r"Xét|Theo đề nghị)\b")
# Words a short title slug leaves out: "số" before a number, the date tail.
SLUG_MAX_WORDS = 9


@dataclass
class Draft:
    record: dict[str, Any]
    id: str
    citations: list[Citation] = field(default_factory=list)
    warnings: list[IngestWarning] = field(default_factory=list)
    proposed_organization: dict[str, Any] | None = None

    def clause_count(self) -> int:
        return len(ingest_body.walk(_nodes(self.record.get("clauses") or [])))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"record": {"id": self.id, **self.record},
                               "citations": [c.to_json() for c in self.citations],
                               "warnings": [w.to_json() for w in self.warnings]}
        if self.proposed_organization:
            out["proposed_organization"] = self.proposed_organization
        return out

    def to_yaml(self) -> str:
        return dump_yaml(self.record)

    def summary(self) -> str:
        return (f"draft {self.id}: {self.clause_count()} clauses, {len(self.citations)} citations, "
                f"{len(self.warnings)} warnings")


def _nodes(items: list[dict[str, Any]]) -> list[ingest_body.Node]:
    return [ingest_body.Node(None, i.get("label"), i.get("text"), 0, i.get("heading"),
                             _nodes(i.get("children") or [])) for i in items]


# --------------------------------------------------------------------------- draft
def draft(text: str, corpus: Corpus | None, *, source_file: str | None = None) -> Draft:
    """Turn a document's raw text into a draft record, its citations and the warnings."""
    warnings: list[IngestWarning] = []
    lines, _dropped = ingest_clean.clean_lines(text)
    dsig, lines, dsig_warnings = ingest_tail.digital_signature(lines)
    warnings += dsig_warnings
    types = doc_types(corpus)
    names = place_names(corpus)
    header = ingest_header.read_header(lines, types)
    rec: dict[str, Any]
    if header.found:
        rec, parts = _official(lines, header, types, names, corpus, warnings)
    else:
        rec, parts = _press(lines, names, corpus, warnings)
    if dsig:
        rec["digital_signature"] = dsig
    rec["source"] = {k: v for k, v in {**rec.get("source", {}), "file": source_file}.items() if v is not None}
    doc_id = propose_id(rec, warnings)
    citations = find_citations(rec, parts, corpus, warnings)
    relations = draft_relations([c for c in citations if c.target != doc_id], rec["type"], rec["text"])
    if relations:
        rec["relations"] = relations
        if relations[0]["type"] == "reports_on":
            warnings.append(IngestWarning(None, "relations", f"'{relations[0]['target']}' proposed as the document the "
                                                       "report is about (reports_on): confirm"))
    proposed = parts.get("proposed")
    record = ordered(rec)
    warnings = sorted(_dedupe(warnings), key=lambda w: (w.line is None, w.line or 0))
    return Draft(record, doc_id, citations, warnings, proposed)


def _official(lines, header, types, names, corpus, warnings) -> tuple[dict[str, Any], dict[str, Any]]:
    warnings += header.warnings
    for line in lines[:header.start]:
        warnings.append(IngestWarning(line.number, "source", f"'{line.text[:60]}' above the header dropped "
                                                             "as page furniture: check"))
    tail_at = ingest_tail.find_tail(lines, header.end)
    tail = ingest_tail.read_tail(lines[tail_at:])
    warnings += tail.warnings
    body = ingest_body.read_body(lines[header.end:tail_at], names)
    warnings += body.warnings
    rec: dict[str, Any] = {}
    number_type = ingest_header.type_from_number(header.number or header.number_suffix, types)
    doc_type = header.type or ("cong-van" if header.is_letter else None) or number_type
    if doc_type is None:
        warnings.append(IngestWarning(header.number_line, "type", "no type line (KẾ HOẠCH, CHỈ THỊ ...) and no "
                                                             "V/v line: type the document type by hand"))
    elif header.type and number_type and number_type != header.type and number_type != "cong-van":
        warnings.append(IngestWarning(header.type_line, "type", f"type line says {header.type} but the number's code "
                                                           f"says {number_type}: check"))
    rec["type"] = doc_type                   # null when nothing says it: the maintainer types it
    rec["number"] = header.number
    notes: list[dict[str, Any]] = []
    if header.number_blank:
        notes.append({"type": "editorial", "field": "number",
                      "text": f"Dòng số ký hiệu in «Số: {header.number_suffix or ''}»: số văn bản để trống; "
                              "«number» để null."})
    elif header.number is None:
        warnings.append(IngestWarning(None, "number", "no number line (Số: ...): number is null; check the source"))
    res = ingest_issuer.resolve([ln.text for ln in header.issuer_lines], header.place, corpus)
    issuer_line = header.issuer_lines[0].number if header.issuer_lines else None
    parts: dict[str, Any] = {}
    rec["issuer"] = _issuer(res, issuer_line, warnings, parts)
    rec["date"] = header.date
    if header.date is None:
        warnings.append(IngestWarning(header.date_line, "date", "no place-and-date line: date is null"))
    elif len(header.date) < 10:
        notes.append({"type": "editorial", "field": "date",
                      "text": f"Dòng địa danh, ngày tháng in «{header.date_text}»: ngày (hoặc tháng) để trống; "
                              f"chỉ ghi {header.date}."})
    rec["title"] = header.title
    if header.title is None:
        warnings.append(IngestWarning(header.type_line, "title", "no trích yếu found: title is null; type it by hand"))
    if header.place:
        rec["place"] = header.place
    rec["text"] = "full"
    notes += _signer(rec, tail, warnings)
    rec["source"] = {"kind": "official"}
    published = next((ingest_press.press_date(ln.text) for ln in lines[:header.start]
                      if ingest_press.press_date(ln.text)), None)
    if published:                    # a news page reproducing the document with its header
        rec["source"] = {"kind": "press", "published": published}
    if header.addressees:
        rec["addressees"] = header.addressees
    _body_fields(rec, body)
    if tail.recipients:
        rec["recipients"] = tail.recipients
    if notes:
        rec["notes"] = notes
    parts.update(title=header.title, preamble=body.preamble, clauses=body.clauses, closing=body.closing,
                 footnotes=body.footnotes, province=_province(rec["issuer"], corpus))
    return rec, parts


def _press(lines, names, corpus, warnings) -> tuple[dict[str, Any], dict[str, Any]]:
    press = ingest_press.read_press(lines)
    warnings += press.warnings
    rec: dict[str, Any] = {}
    parts: dict[str, Any] = {"title": press.headline}
    body_lines = lines[press.body_start:press.body_end]
    notes: list[dict[str, Any]] = []
    if press.lead:
        # A page reproducing a document (seed 000): the document's own body and signature follow the lead.
        tail_at = ingest_tail.find_tail(body_lines, 0)
        tail = ingest_tail.read_tail(body_lines[tail_at:])
        warnings += tail.warnings
        body = ingest_body.read_body(body_lines[:tail_at], names, one_per_line=True)
        warnings += body.warnings
        rec["type"] = press.reproduced_type or "bai-viet"
        rec["number"] = ingest_header.canonical_number(press.reproduced_number) if press.reproduced_number else None
        issuer_name = _lead_issuer(press.lead)
        res = ingest_issuer.resolve([issuer_name] if issuer_name else [], None, corpus)
        rec["issuer"] = _issuer(res, press.lead_line, warnings, parts)
        rec["date"] = None
        warnings.append(IngestWarning(press.lead_line, "date", "the page does not give the document's date of issue: "
                                                          "date is null"))
        rec["title"] = press.headline
        warnings.append(IngestWarning(press.headline_line, "title", "title is the page's headline, not the document's "
                                                               "trích yếu: check, and add an editorial note"))
        if press.published:
            rec["year"] = int(press.published[:4])
            warnings.append(IngestWarning(press.published_line, "year", f"year {rec['year']} taken from the page's "
                                                                   "date: confirm and keep the inferred note"))
            notes.append({"type": "inferred", "field": "year",
                          "text": f"Ngày ban hành không được in; năm {rec['year']} suy ra từ ngày đăng của trang báo."})
        rec["text"] = "full"
        notes += _signer(rec, tail, warnings)
        if rec["issuer"] is None and rec.get("signer", {}).get("name"):
            _issuer_from_signer(rec, tail, corpus, warnings, notes)
        _body_fields(rec, body)
        notes.append({"type": "editorial", "field": "source",
                      "text": f"Lời dẫn của trang báo (không thuộc văn bản): «{press.lead}»"})
        parts.update(preamble=[press.lead] + body.preamble, clauses=body.clauses, closing=body.closing,
                     footnotes=body.footnotes)
    else:
        rec["type"] = "bai-viet"
        rec["number"] = None
        rec["issuer"] = None
        warnings.append(IngestWarning(None, "issuer", "a press report: the publisher is not named in the text; "
                                                 "type the issuer (publisher) id by hand or leave null with a note"))
        rec["date"] = press.published
        rec["title"] = press.headline
        rec["text"] = "excerpt" if press.excerpt else "full"
        clauses, captions = _press_body(body_lines, names, warnings)
        mentioned = " ".join([press.headline or ""] + [n.text or "" for n in clauses])
        province, bodies = ingest_issuer.province_from_mentions(mentioned, corpus)
        if province:
            rec["province"] = province
            warnings.append(IngestWarning(press.headline_line, "province", f"province {province} inferred from "
                                                                           f"{bodies[0]}: confirm"))
            notes.append({"type": "inferred", "field": "province",
                          "text": f"Tỉnh suy ra từ cơ quan được nêu trong bài ({', '.join(bodies)})."})
        rec["captions"] = captions
        rec["clauses"] = [n.to_record() for n in clauses]
        parts.update(clauses=clauses)
    rec["source"] = {"kind": "press", "published": press.published}
    if press.section:
        rec["section"] = press.section
    if press.author:
        rec["author"] = press.author
    if notes:
        rec["notes"] = notes
    parts["province"] = _province(rec.get("issuer"), corpus)
    return rec, parts


def _press_body(lines, names, warnings) -> tuple[list[ingest_body.Node], list[str]]:
    paras = ingest_clean.paragraphs(lines, names, one_per_line=True)
    clauses: list[ingest_body.Node] = []
    captions: list[str] = []
    for i, p in enumerate(paras):
        between = 0 < i < len(paras) - 1
        if between and not ingest_clean.ends_sentence(p.text) and len(p.text) <= 300:
            captions.append(p.text)
            warnings.append(IngestWarning(p.number, "captions", f"read as a photo caption: '{p.text[:60]}…': check"))
            continue
        clauses.append(ingest_body.Node(None, None, p.text, p.number))
    return clauses, captions


LEAD_ISSUER = re.compile(r"^(?P<who>.+?)\s+(?:vừa|đã|mới)\s+ban\s+hành\b")


def _lead_issuer(lead: str) -> str | None:
    m = LEAD_ISSUER.match(lead)
    return m["who"].strip() if m else None


def _issuer(res: ingest_issuer.Resolution, line: int | None, warnings, parts) -> str | None:
    if res.issuer:
        return res.issuer
    if res.proposed:
        parts["proposed"] = res.proposed
        body = res.printed or res.name
        warnings.append(IngestWarning(line, "issuer", f"issuing body '{body}' is not in data/organizations.yaml: "
                                                      f"add the proposed organization '{res.proposed['id']}' "
                                                      "(see proposed_organization) or correct the issuer"))
        return res.proposed["id"]
    if res.generic:
        body = res.printed or res.name
        warnings.append(IngestWarning(line, "issuer", f"'{body}' does not say which body (no province): "
                                                      "issuer is null; infer it from the source and add a note"))
    else:
        warnings.append(IngestWarning(line, "issuer", "no issuing body found in the header: issuer is null"))
    return None


def _issuer_from_signer(rec, tail, corpus, warnings, notes) -> None:
    issuer, docs = ingest_issuer.signer_issuer(rec["signer"]["name"], corpus)
    if issuer:
        rec["issuer"] = issuer
        warnings.append(IngestWarning(tail.signer_line, "issuer", f"issuer {issuer} inferred from the signer "
                                                             f"{rec['signer']['name']}, who signed {', '.join(docs)}: "
                                                             "confirm"))
        notes.append({"type": "inferred", "field": "issuer",
                      "text": f"Cơ quan ban hành suy ra từ người ký ({rec['signer']['name']}), người đã ký "
                              f"{', '.join(docs)}."})


def _signer(rec, tail: ingest_tail.Tail, warnings) -> list[dict[str, Any]]:
    """The signer, and the editorial notes its block calls for."""
    if not tail.has_signer:
        warnings.append(IngestWarning(None, "signer", "no signature block found: signer omitted"))
        return []
    rec["signer"] = {"name": tail.signer_name, "title": tail.signer_title, "on_behalf": tail.on_behalf}
    notes = []
    if tail.signed_mark:
        notes.append({"type": "editorial", "field": "signer",
                      "text": "Bản sao in «Đã ký» thay cho chữ ký, giữa chức danh và tên người ký."})
    if len(tail.authority_lines) > 1:
        notes.append({"type": "editorial", "field": "signer",
                      "text": "Khối chữ ký in " + ", ".join(f"«{x}»" for x in tail.authority_lines) +
                              f"; on_behalf ghi dòng gần chức danh nhất («{tail.on_behalf}»)."})
    if not tail.signer_name:
        notes.append({"type": "editorial", "field": "signer", "text": "Khối chữ ký không in tên người ký."})
    return notes


def _body_fields(rec, body: ingest_body.Body) -> None:
    if body.preamble:
        rec["preamble"] = body.preamble
    if body.clauses:
        rec["clauses"] = [n.to_record() for n in body.clauses]
    if body.closing:
        rec["closing"] = body.closing
    if body.footnotes:
        rec["footnotes"] = body.footnotes


def _province(issuer: str | None, corpus: Corpus | None) -> str | None:
    org = corpus.organization(issuer) if corpus else None
    return org.province if org else None


# --------------------------------------------------------------------------- citations
def find_citations(rec, parts, corpus, warnings) -> list[Citation]:
    """Citations per place: title, preamble, each clause (with its path), closing, footnotes."""
    extract = _extractor(corpus)
    if extract is None:
        warnings.append(IngestWarning(None, "relations", "citation extractor not available: no citations drafted"))
        return []
    places: list[tuple[str | None, str, str]] = []      # (clause path or None, where, text)
    if parts.get("title"):
        places.append((None, "title", parts["title"]))
    places += [(None, "preamble" if BASIS.match(p) else "narrative", p) for p in parts.get("preamble") or []]
    for clause, node in ingest_body.walk(parts.get("clauses") or []):
        joined = " ".join(t for t in (node.heading, node.text) if t)
        if joined:
            places.append((clause, "clause", joined))
    places += [(None, "closing", p) for p in parts.get("closing") or []]
    places += [(f.get("clause"), "footnote", f["text"]) for f in parts.get("footnotes") or []]
    found: list[Citation] = []
    for path, where, text in places:
        try:
            cites = extract(ingest_body.strip_markers(text), rec.get("type"), parts.get("province"))
        except Exception as exc:      # the extractor is another stage's: report, never crash the draft
            warnings.append(IngestWarning(None, "relations",
                                          f"citation extractor failed on {where} {path or ''}: {exc}"))
            continue
        for c in cites:
            relation = c.relation if where in ("title", "preamble") and c.relation in STRONG_RELATIONS else "cites"
            found.append(dataclasses.replace(c, clause=path, relation=relation))
    return found


def _extractor(corpus: Corpus | None):
    try:
        from . import relations as rel_module
        extract_from_text = getattr(rel_module, "extract_from_text", None)
    except ImportError:
        extract_from_text = None
    if extract_from_text is not None and corpus is not None:
        return lambda text, doc_type, province: extract_from_text(text, corpus, province=province,
                                                                  doc_type=doc_type)
    try:
        from .citations import find_citations as find
    except ImportError:
        return None
    return lambda text, doc_type, province: find(text)


def draft_relations(citations: list[Citation], doc_type: str, text: str = "full") -> list[dict[str, Any]]:
    """One relation per resolved target: the strongest wording wins, its clause kept."""
    best: dict[str, dict[str, Any]] = {}
    order: list[str] = []
    for c in citations:
        if not c.target:
            continue
        rel = {"type": c.relation, "target": c.target}
        if c.clause:
            rel["clause"] = c.clause
        if c.target not in best:
            best[c.target] = rel
            order.append(c.target)
        elif best[c.target]["type"] == "cites" and c.relation in STRONG_RELATIONS:
            best[c.target] = rel
    out = [best[t] for t in order]
    # A full press report reports on the first document it names; an excerpt
    # (seed 004) does not show what the article is about.
    if doc_type == "bai-viet" and out and text == "full":
        out[0] = {"type": "reports_on", "target": out[0]["target"]}
    return out


# --------------------------------------------------------------------------- id and output
def propose_id(rec: dict[str, Any], warnings: list[IngestWarning]) -> str:
    issuer = rec.get("issuer") or UNKNOWN
    year = (rec.get("date") or "")[:4] or (str(rec["year"]) if rec.get("year") else UNKNOWN)
    if rec.get("number"):
        last = slug(rec["number"])
    else:
        source = rec.get("title") or next((c.get("text") for c in rec.get("clauses") or [] if c.get("text")), "")
        last = short_slug(source or "") or "van-ban"
        warnings.append(IngestWarning(None, "id", f"no number: the id ends with a short slug of the "
                                             f"{'title' if rec.get('title') else 'first paragraph'} ('{last}'); "
                                             "shorten or rename it if needed"))
    return f"{issuer}/{year}/{last}"


def short_slug(title: str) -> str:
    """A short id slug of a title, at most nine words.

    'tiếp tục triển khai thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 ...'
    -> 'tiep-tuc-trien-khai-chi-thi-40-ct-tw' (seed 003's id).
    """
    words = slug(title).split("-")
    out: list[str] = []
    for i, w in enumerate(words):
        if w == "ngay" and i + 1 < len(words) and words[i + 1].isdigit():
            break                                           # the date tail of a citation
        if w == "so" and i + 1 < len(words) and words[i + 1][:1].isdigit():
            continue                                        # "số 40" -> "40"
        if w == "thuc" and words[i + 1:i + 2] == ["hien"] and out[-2:] == ["trien", "khai"]:
            continue                                        # "triển khai thực hiện" -> "triển khai"
        if w == "hien" and out[-2:] == ["trien", "khai"] and words[i - 1:i] == ["thuc"]:
            continue
        out.append(w)
    return "-".join(out[:SLUG_MAX_WORDS])


def ordered(rec: dict[str, Any]) -> dict[str, Any]:
    """Fields in schema order; required ones always present, empty optional ones left out."""
    out: dict[str, Any] = {}
    for f in DOCUMENT:
        if f.name in rec:
            value = rec[f.name]
            if f.required or value not in (None, [], {}, ""):
                out[f.name] = _nfc(_in_schema_order(value, f.fields))
        elif f.required:
            out[f.name] = None
    return out


def _in_schema_order(value: Any, fields: tuple[Any, ...]) -> Any:
    """Keys of an object (or of each object in a list) in the order the schema declares them."""
    names = [f.name for f in fields]
    if not names:
        return value
    if isinstance(value, dict):
        return {k: value[k] for k in sorted(value, key=lambda k: names.index(k) if k in names else len(names))}
    if isinstance(value, list):
        return [_in_schema_order(v, fields) for v in value]
    return value


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def dump_yaml(record: dict[str, Any] | list[dict[str, Any]]) -> str:
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9,
                     default_flow_style=False)


def _dedupe(warnings: list[IngestWarning]) -> list[IngestWarning]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for w in warnings:
        k = (w.line, w.field, w.message)
        if k not in seen:
            seen.add(k)
            out.append(w)
    return out


# --------------------------------------------------------------------------- reference data
def doc_types(corpus: Corpus | None) -> dict[str, tuple[str, tuple[str, ...]]]:
    if corpus is None or not corpus.vocabulary.doc_types:
        return dict(ingest_header.DEFAULT_TYPES)
    return {t.id: (t.name, t.suffixes) for t in corpus.vocabulary.doc_types.values()}


def place_names(corpus: Corpus | None) -> frozenset[str]:
    if corpus is None:
        return frozenset()
    return ingest_clean.name_bigrams([p.name for p in corpus.provinces.values()])


def load(root: Path) -> tuple[Corpus | None, list[str]]:
    """The corpus for issuers and citation targets; organizations only when the records are invalid."""
    from .records import InvalidCorpus, build_corpus, load_corpus, read_data
    if not (root / "data").is_dir():
        return None, [f"no data/ folder in {root}: drafting without organizations or records "
                      "(run from the project root or pass --root DIR)"]
    try:
        return load_corpus(root), []
    except InvalidCorpus as exc:
        errors = sum(p.severity == "error" for p in exc.problems)
        note = (f"data/ has {errors} error(s) (run `python -m build_tools validate`): "
                "issuers resolved against organizations only, no citation targets")
    except Exception as exc:  # noqa: BLE001 - a broken checkout must not stop a draft
        return None, [f"cannot load data/: {exc}; drafting without organizations"]
    try:
        raw = read_data(root, files=[])
        return build_corpus(raw), [note]
    except Exception as exc:  # noqa: BLE001
        return None, [f"{note}; organizations unreadable too ({exc})"]


# --------------------------------------------------------------------------- command
def ingest_command(args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        raw = path.read_bytes()
    except OSError as exc:
        print(f"error: cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 1
    try:
        text = ingest_clean.decode(raw)
    except ingest_clean.NotUtf8 as exc:
        print(f"error: {path}: {exc}; re-save the file as UTF-8 and try again", file=sys.stderr)
        return 1
    corpus, load_notes = load(args.root)
    result = draft(text, corpus, source_file=path.name)
    for note in load_notes:
        result.warnings.insert(0, IngestWarning(None, "corpus", note))
    if args.write:
        target = args.root / "data" / "documents" / f"{result.id}.yaml"
        rel = target.relative_to(args.root).as_posix()
        if target.exists() and not args.force:
            print(f"error: {rel} already exists; review the draft (without --write) and pass --force "
                  "to overwrite it", file=sys.stderr)
            return 1
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.to_yaml(), encoding="utf-8")
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    elif not args.write:
        sys.stdout.write(result.to_yaml())
    for w in result.warnings:
        where = f"{path.name}:{w.line}" if w.line else path.name
        print(f"{where}: warning: {w.field}: {w.message}", file=sys.stderr)
    if result.proposed_organization and not args.json:
        print("proposed organization for data/organizations.yaml:\n" +
              dump_yaml([result.proposed_organization]), file=sys.stderr, end="")
    if args.write:
        print(f"wrote data/documents/{result.id}.yaml", file=sys.stderr)
    print(result.summary(), file=sys.stderr)
    return 0
