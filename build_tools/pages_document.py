"""The page of one document: heading, metadata, relations, diagram, text.

Markdown is used only for the page's own section headings (fixed
Vietnamese words); everything that comes from the record is emitted as raw
HTML through `escape`/`Glossary`, so no record text is ever parsed as
Markdown. Links inside raw HTML are relative paths computed here, because
MkDocs rewrites only Markdown links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache, partial

from . import escape
from .diagrams import Node, chain_svg
from .models import Clause, Corpus, Document, Note, Relation
from .pages_common import (
    CHAIN_TYPES,
    LEVEL_NAMES,
    TEXT_STATUS_NAMES,
    DocLabels,
    Glossary,
    RelationView,
    chain_down,
    chain_up,
    clause_anchor,
    display_title,
    doc_url,
    format_date,
    href,
    issuer_name,
    level_of,
    province_label,
    relation_label,
    relation_order,
    short_citation,
    target_value,
    type_name,
)

CONTRIBUTE_PAGE = "dong-gop/them-van-ban/"
NOTE_NAMES = {"inferred": "Suy luận", "ocr": "Sửa lỗi nhận dạng (OCR)", "editorial": "Ghi chú biên tập",
              "reference": "Theo tài liệu tham khảo"}
SOURCE_NAMES = {"official": "Văn bản gốc", "press": "Báo chí", "reference": "Tài liệu tham khảo",
                "citation": "Trích dẫn trong văn bản khác"}
MAX_LAYER = 8      # nodes per diagram row before "… và N văn bản khác"
MAX_DEPTH = 3      # levels shown above and below the document


class DocumentPage:
    """Renders one document; holds what every part needs."""

    def __init__(self, corpus: Corpus, view: RelationView, glossary: Glossary, doc: Document,
                 contribute_exists: bool, labels: DocLabels):
        self.corpus, self.view, self.glossary, self.doc = corpus, view, glossary, doc
        self.labels = labels
        self.url = doc_url(doc.id)
        self.clauses = view.paths(doc)
        self.contribute_exists = contribute_exists

    # -- small helpers --------------------------------------------------------

    def link(self, target_id: str, anchor: str | None = None) -> str:
        return escape.attr(href(self.url, doc_url(target_id), anchor))

    def decorate(self, text: str | None, field: str | None = None, clause: str | None = None) -> str:
        """Escaped text with tooltips, OCR corrections and footnote markers linked."""
        if not text:
            return ""
        if not self.doc.notes and not self.doc.footnotes:
            return self.glossary.text(text)
        marks: dict[str, Callable[[], str]] = {}
        for note in self.doc.notes:
            if note.type == "ocr" and note.original and note.original in text and \
                    (note.clause == clause if note.clause else note.field == field):
                marks.setdefault(note.original, partial(ocr_mark, note))
        for number, foot in enumerate(self.doc.footnotes, start=1):
            if foot.marker in text and foot.clause == clause:
                marks.setdefault(foot.marker, partial(footnote_ref, number, foot.marker))
        if not marks:
            return self.glossary.text(text)
        pattern = re.compile("|".join(re.escape(k) for k in sorted(marks, key=len, reverse=True)))
        out, pos, used = [], 0, set()
        for match in pattern.finditer(text):
            if match.group(0) in used:
                continue
            used.add(match.group(0))
            out.append(self.glossary.text(text[pos:match.start()]))
            out.append(marks[match.group(0)]())
            pos = match.end()
        out.append(self.glossary.text(text[pos:]))
        return "".join(out)

    # -- the page --------------------------------------------------------------

    def render(self) -> str:
        doc = self.doc
        self.glossary.restart()
        parts = [
            "---",
            f"title: {escape.front_matter_string(self.labels.citation(doc))}",
            f"description: {escape.front_matter_string(display_title(doc))}",
            "---",
            "",
            self.header(),
            "",
            self.metadata(),
            "",
        ]
        if doc.text == "none":
            parts += [self.missing_text(), ""]
        relations = self.relations()
        if relations:
            parts += ["## Quan hệ với văn bản khác {#quan-he}", "", relations, ""]
        diagram = self.diagram()
        if diagram:
            parts += ["## Sơ đồ chuỗi triển khai {#so-do}", "", diagram, ""]
        if doc.text != "none":
            heading = "Toàn văn" if doc.text == "full" else "Nội dung trích"
            parts += [f"## {heading} {{#noi-dung}}", "", self.body(), ""]
        if doc.targets:
            parts += ["## Chỉ tiêu định lượng {#chi-tieu}", "", self.targets(), ""]
        if doc.notes:
            parts += ["## Ghi chú của kho văn bản {#ghi-chu}", "", self.notes(), ""]
        parts += ["## Tải về {#tai-ve}", "", self.downloads(), "", self.json_ld(), ""]
        self.glossary.everywhere()
        return "\n".join(parts)

    def header(self) -> str:
        doc, corpus = self.doc, self.corpus
        kicker = [type_name(corpus, doc)]
        level = level_of(corpus, doc)
        if level:
            kicker.append(LEVEL_NAMES.get(level, level))
        province = corpus.provinces.get(corpus.province_of(doc) or "")
        if province:
            kicker.append(province.name)
        status = f'<span class="vb-badge vb-badge--{doc.text}">{escape.html(TEXT_STATUS_NAMES[doc.text])}</span>'
        title = display_title(doc)
        editorial = ' <span class="vb-editorial">(tiêu đề do kho đặt)</span>' if not doc.title and doc.editorial_title else ""
        return (
            '<header class="vb-doc-head">\n'
            f'<p class="vb-kicker">{status} {escape.html(" · ".join(kicker))}</p>\n'
            f'<h1 id="van-ban">{escape.html(self.labels.citation(doc))}</h1>\n'
            f'<p class="vb-trich-yeu">{self.decorate(title, field="title")}{editorial}</p>\n'
            "</header>"
        )

    def metadata(self) -> str:
        doc, corpus = self.doc, self.corpus
        rows: list[tuple[str, str]] = []
        rows.append(("Số hiệu", escape.html(doc.number) if doc.number else "<em>không có / để trống</em>"))
        rows.append(("Loại văn bản", escape.html(type_name(corpus, doc))))
        issuer = issuer_name(corpus, doc)
        rows.append(("Cơ quan ban hành", self.glossary.text(issuer) if issuer else "<em>không rõ</em>"))
        level = level_of(corpus, doc)
        rows.append(("Cấp", escape.html(LEVEL_NAMES.get(level, level)) if level else "—"))
        prov = province_label(corpus, corpus.province_of(doc))
        rows.append(("Tỉnh/thành", escape.html(prov) if prov else "—"))
        date = format_date(doc.date, doc.year)
        rows.append(("Ngày ban hành", escape.html(date[0].upper() + date[1:])))
        if doc.place:
            rows.append(("Nơi ban hành", escape.html(doc.place)))
        if doc.signer:
            signer = ", ".join(x for x in (doc.signer.on_behalf, doc.signer.title, doc.signer.name) if x)
            rows.append(("Người ký", self.glossary.text(signer) if signer else "—"))
        if doc.author:
            rows.append(("Tác giả", escape.html(doc.author)))
        rows.append(("Nguồn", self.source()))
        rows.append(("Tình trạng văn bản trong kho", escape.html(TEXT_STATUS_NAMES[doc.text])))
        items = "\n".join(f"<div><dt>{k}</dt><dd>{v}</dd></div>" for k, v in rows)
        return f'<dl class="vb-meta">\n{items}\n</dl>'

    def source(self) -> str:
        src = self.doc.source
        if not src:
            return "—"
        bits = [escape.html(SOURCE_NAMES.get(src.kind, src.kind))]
        if src.publisher:
            bits.append(escape.html(src.publisher))
        if src.published:
            bits.append("đăng " + escape.html(format_date(src.published)))
        url = escape.safe_url(src.url)
        if url:
            bits.append(f'<a href="{url}" rel="nofollow noopener" class="vb-external">bản gốc</a>')
        if src.note and src.kind != "citation":
            bits.append(escape.html(src.note))
        return "; ".join(bits)

    def missing_text(self) -> str:
        contribute = (f'<a href="{escape.attr(href(self.url, CONTRIBUTE_PAGE))}">hướng dẫn thêm văn bản</a>'
                      if self.contribute_exists else "hướng dẫn thêm văn bản trong phần Đóng góp")
        return (
            '<div class="vb-missing" role="note">\n'
            "<p><strong>Kho chưa có văn bản này.</strong> Số hiệu, ngày, cơ quan ban hành và trích yếu ở trên "
            "được ghi theo các văn bản trích dẫn nó (xem mục «Quan hệ» bên dưới: văn bản nào trích dẫn, ở mục nào).</p>\n"
            f"<p>Nếu anh/chị có toàn văn, hãy đóng góp theo {contribute}.</p>\n"
            "</div>"
        )

    # -- relations ----------------------------------------------------------------

    def relations(self) -> str:
        doc_id = self.doc.id
        groups: list[str] = []
        outgoing = self.view.outgoing.get(doc_id, ())
        inbound = self.view.inbound.get(doc_id, ())
        for rel_type in sorted({r.type for r in outgoing}, key=relation_order):
            items = [self.outgoing_item(r) for r in outgoing if r.type == rel_type]
            groups.append(self.group(relation_label(self.corpus, rel_type), rel_type, items))
        for rel_type in sorted({r.type for r in inbound}, key=relation_order):
            rels = sorted((r for r in inbound if r.type == rel_type), key=lambda r: (r.source, r.clause or ""))
            items = [self.inbound_item(r) for r in rels]
            groups.append(self.group(relation_label(self.corpus, rel_type, inverse=True), rel_type, items, True))
        if not groups:
            return ""
        return '<div class="vb-relations">\n' + "\n".join(groups) + "\n</div>"

    def group(self, label: str, rel_type: str, items: Sequence[str], inverse: bool = False) -> str:
        cls = f"vb-rel vb-rel--{escape.attr(rel_type)}" + (" vb-rel--inverse" if inverse else "")
        heading = escape.html(label[0].upper() + label[1:])
        return (f'<section class="{cls}"><h3>{heading} <span class="vb-count">({len(items)})</span></h3>'
                f'<ul>{"".join(items)}</ul></section>')

    def doc_ref(self, target_id: str, anchor: str | None = None) -> str:
        target = self.corpus.documents.get(target_id)
        if not target:
            return f"<span>{escape.html(target_id)}</span> <em>(chưa có trong kho)</em>"
        status = ' <span class="vb-badge vb-badge--none">chưa có văn bản</span>' if target.text == "none" else ""
        return (f'<a href="{self.link(target_id, anchor)}">{self.labels.short_citation(target)}</a>'
                f'{status} <span class="vb-rel__title">{self.glossary.mark(self.labels.title(target))}</span>')

    def evidence(self, rel: Relation) -> str:
        bits = []
        if rel.evidence:
            bits.append(f'<blockquote class="vb-evidence">{self.glossary.text(rel.evidence)}</blockquote>')
        if rel.note:
            bits.append(f'<p class="vb-rel__note">{self.glossary.text(rel.note)}</p>')
        origin = "tìm thấy trong văn bản" if rel.origin == "found" else "khai báo trong hồ sơ"
        bits.append(f'<span class="vb-origin">({origin})</span>')
        return " ".join(bits)

    def outgoing_item(self, rel: Relation) -> str:
        where = ""
        if rel.clause:
            if rel.clause in self.clauses:
                where = f' — tại <a href="#{clause_anchor(rel.clause)}">mục {escape.html(rel.clause)}</a> của văn bản này'
            else:
                where = f" — tại mục {escape.html(rel.clause)} của văn bản này"
        return f"<li>{self.doc_ref(rel.target)}{where} {self.evidence(rel)}</li>"

    def inbound_item(self, rel: Relation) -> str:
        source = self.corpus.documents.get(rel.source)
        anchor = clause_anchor(rel.clause) if source and rel.clause and rel.clause in self.view.paths(source) else None
        where = f" — tại mục {escape.html(rel.clause)}" if rel.clause else ""
        if anchor:
            where = f' — tại <a href="{self.link(rel.source, anchor)}">mục {escape.html(rel.clause)}</a>'
        return f"<li>{self.doc_ref(rel.source)}{where} {self.evidence(rel)}</li>"

    # -- diagram ----------------------------------------------------------------------

    def node(self, doc_id: str) -> Node:
        doc = self.corpus.documents.get(doc_id)
        if not doc:
            return Node(doc_id, (doc_id,), None)
        current = doc_id == self.doc.id
        return Node(doc_id, self.labels.node_lines(doc), None if current else href(self.url, doc_url(doc_id)), current)

    def diagram(self) -> str:
        up_layers = _walk(self.doc.id, lambda d: chain_up(self.view, d))
        down_layers = _walk(self.doc.id, lambda d: chain_down(self.view, d))
        if not up_layers and not down_layers:
            return ""
        layers_ids = list(reversed(up_layers)) + [[self.doc.id]] + down_layers
        layers: list[list[Node]] = []
        for layer in layers_ids:
            nodes = [self.node(d) for d in layer[:MAX_LAYER]]
            if len(layer) > MAX_LAYER:
                nodes.append(Node(f"more-{len(layers)}", (f"… và {len(layer) - MAX_LAYER} văn bản khác",), None))
            layers.append(nodes)
        placed = {n.key for layer in layers for n in layer}
        edges = sorted({(r.source, r.target) for src in placed for r in self.view.outgoing.get(src, ())
                        if (r.type in CHAIN_TYPES or r.type == "reports_on") and r.target in placed})
        label = f"Sơ đồ: {short_citation(self.corpus, self.doc)} trong chuỗi triển khai"
        svg = chain_svg(layers, edges, label)
        return (
            '<figure class="vb-diagram">\n'
            f'<div class="vb-diagram__scroll">{svg}</div>\n'
            "<figcaption>Mũi tên chỉ từ văn bản thực hiện (hoặc đưa tin) đến văn bản được thực hiện. "
            "Bấm vào một ô để mở văn bản đó.</figcaption>\n"
            "</figure>"
        )

    # -- body --------------------------------------------------------------------------

    def body(self) -> str:
        doc = self.doc
        out = ['<div class="vb-text">']
        out.append('<p class="vb-anchor-help">Mỗi mục có địa chỉ riêng để dẫn chiếu: mục II.3.b của văn bản có địa chỉ '
                   'trang này kèm <code>#muc-II-3-b</code>. Bấm ¶ để mở, hoặc nút sao chép để lấy liên kết.</p>')
        if doc.addressees:
            items = "".join(f"<li>{self.glossary.text(a)}</li>" for a in doc.addressees)
            out.append(f'<div class="vb-addressees"><span>Kính gửi:</span><ul>{items}</ul></div>')
        for para in doc.preamble:
            out.append(f'<p class="vb-preamble">{self.decorate(para, field="preamble")}</p>')
        for clause in doc.clauses:
            pieces: list[str] = []
            self.clause(clause, 1, pieces)
            out.append("".join(pieces))
        self.glossary.restart()
        for para in doc.closing:
            out.append(f'<p class="vb-closing">{self.decorate(para, field="closing")}</p>')
        out.append(self.signature())
        if doc.recipients:
            items = "".join(f"<li>{self.glossary.text(r)}</li>" for r in doc.recipients)
            out.append(f'<div class="vb-recipients"><p><strong>Nơi nhận:</strong></p><ul>{items}</ul></div>')
        if doc.captions:
            items = "".join(f"<li>{self.glossary.text(c)}</li>" for c in doc.captions)
            out.append(f'<div class="vb-captions"><p><strong>Chú thích ảnh:</strong></p><ul>{items}</ul></div>')
        if doc.footnotes:
            out.append(self.footnotes())
        out.append("</div>")
        return "\n".join(x for x in out if x)

    def clause(self, clause: Clause, depth: int, out: list[str]) -> None:
        """One clause: a section whose id is the clause's anchor, its children inside.

        Few tags on purpose: MkDocs, Python-Markdown and the search plugin
        each parse every tag of every page, and clauses are most of them.
        The pieces go into one list for the whole top-level clause: a string
        per level would copy the text of deep clauses once per level.
        """
        if depth == 1:
            self.glossary.restart()
        anchor, head = _clause_head(clause.path, clause.label)
        text = self.decorate(clause.text, clause=clause.path) if clause.text else ""
        cls = f"vb-clause vb-depth-{min(depth, 6)}" + (" vb-clause--titled" if clause.heading else "")
        out.append(f'<section class="{cls}" id="{anchor}">')
        if clause.heading:
            out.append(f'<p class="vb-clause__head">{head} <strong>{self.decorate(clause.heading, clause=clause.path)}'
                       f"</strong></p>" + (f"<p>{text}</p>" if text else ""))
        else:
            out.append(f"<p>{head} {text}</p>")
        for child in clause.children:
            self.clause(child, depth + 1, out)
        out.append("</section>")

    def signature(self) -> str:
        s, d = self.doc.signer, self.doc.digital_signature
        if not s and not d:
            return ""
        lines = []
        if s:
            for value, cls in ((s.on_behalf, "role"), (s.title, "role"), (s.name, "name")):
                if value:
                    lines.append(f'<p class="vb-signature__{cls}">{self.glossary.text(value)}</p>')
        if d:
            when = f", thời gian ký: {escape.html(d.signed_at.replace('T', ' '))}" if d.signed_at else ""
            lines.append(f'<p class="vb-signature__digital">Chữ ký số — ký bởi: {self.glossary.text(d.signed_by)}{when}</p>')
        return '<div class="vb-signature">' + "".join(lines) + "</div>"

    def footnotes(self) -> str:
        items = []
        for n, foot in enumerate(self.doc.footnotes, start=1):
            back = ""
            container = self.doc.clause(foot.clause) if foot.clause else None
            if container and foot.marker in " ".join(x or "" for x in (container.heading, container.text)):
                back = f' <a class="vb-fnback" href="#chu-thich-ref-{n}" aria-label="Quay lại chỗ chú thích {n}">↩</a>'
            items.append(f'<li id="chu-thich-{n}"><span class="vb-fnmarker">{escape.html(foot.marker)}</span> '
                         f"{self.glossary.text(foot.text)}{back}</li>")
        return '<div class="vb-footnotes"><p><strong>Chú thích</strong></p><ol>' + "".join(items) + "</ol></div>"

    # -- targets, notes, downloads, JSON-LD --------------------------------------------

    def targets(self) -> str:
        rows = []
        for t in self.doc.targets:
            where = (f'<a href="#{clause_anchor(t.clause)}">mục {escape.html(t.clause)}</a>'
                     if t.clause and t.clause in self.clauses else escape.html(t.clause or "—"))
            rows.append(f"<tr><td>{self.glossary.text(t.indicator)}</td><td>{escape.html(target_value(t))}</td>"
                        f"<td>{escape.html(t.year or '—')}</td><td>{where}</td><td>{self.glossary.text(t.note or '')}</td></tr>")
        return ('<div class="vb-table-wrap"><table class="vb-targets"><thead><tr><th scope="col">Chỉ tiêu</th>'
                '<th scope="col">Mức</th><th scope="col">Năm</th><th scope="col">Mục</th><th scope="col">Nguyên văn</th>'
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")

    def notes(self) -> str:
        items = []
        for note in self.doc.notes:
            about = []
            if note.field:
                about.append(f"trường <code>{escape.html(note.field)}</code>")
            if note.clause:
                about.append(f'<a href="#{clause_anchor(note.clause)}">mục {escape.html(note.clause)}</a>'
                             if note.clause in self.clauses else f"mục {escape.html(note.clause)}")
            about_html = f' <span class="vb-note__about">({", ".join(about)})</span>' if about else ""
            items.append(f'<li class="vb-note vb-note--{escape.attr(note.type)}"><strong>'
                         f"{escape.html(NOTE_NAMES.get(note.type, note.type))}</strong>{about_html}: "
                         f"{self.glossary.text(note.text)}</li>")
        return '<ul class="vb-notes">' + "".join(items) + "</ul>"

    def downloads(self) -> str:
        base = href(self.url, f"du-lieu/van-ban/{self.doc.id}")
        return ('<ul class="vb-downloads">'
                f'<li><a href="{escape.attr(base)}.yaml" download>Hồ sơ YAML</a> (dạng dữ liệu gốc của kho)</li>'
                f'<li><a href="{escape.attr(base)}.json" download>Hồ sơ JSON</a> (kèm các quan hệ hai chiều)</li>'
                "</ul>")

    def json_ld(self) -> str:
        doc, corpus = self.doc, self.corpus
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "Legislation",
            "name": self.labels.citation(doc),
            "inLanguage": "vi",
            "legislationType": type_name(corpus, doc),
        }
        if doc.title:
            data["abstract"] = doc.title
        if doc.number:
            data["legislationIdentifier"] = doc.number
        if doc.date:
            data["legislationDate"] = doc.date
        org = corpus.organization(doc.issuer)
        if org:
            data["legislationPassedBy"] = {"@type": "Organization", "name": org.name}
        applies = []
        for rel in self.view.outgoing.get(doc.id, ()):
            target = corpus.documents.get(rel.target)
            if rel.type in CHAIN_TYPES and target:
                item: dict[str, object] = {"@type": "Legislation", "name": self.labels.citation(target)}
                if target.number:
                    item["legislationIdentifier"] = target.number
                applies.append(item)
        if applies:
            data["legislationApplies"] = applies
        return f'<script type="application/ld+json">\n{escape.json_for_script(data)}\n</script>'


def footnote_ref(number: int, marker: str) -> str:
    return (f'<sup class="vb-fnref"><a id="chu-thich-ref-{number}" href="#chu-thich-{number}" '
            f'aria-label="Chú thích {number}">{escape.html(marker)}</a></sup>')


def ocr_mark(note: Note) -> str:
    """The printed text kept, its correction shown beside it: never silent."""
    fix = escape.html(note.corrected) if note.corrected else ""
    return (f'<span class="vb-ocr"><span class="vb-ocr__printed">{escape.html(note.original)}</span>'
            f'<span class="vb-ocr__fix"> [đúng là: {fix}]</span></span>')


@lru_cache(maxsize=65536)
def _clause_head(path: str, label: str | None) -> tuple[str, str]:
    """A clause's anchor and its permalink-and-label head: the same few thousand
    paths recur in every document, so they are escaped once, not per clause."""
    anchor = clause_anchor(path)
    head = (f'<a class="vb-permalink" href="#{anchor}" title="Liên kết đến mục {escape.attr(path)}" '
            f'aria-label="Liên kết đến mục {escape.attr(path)}">¶</a>')
    text = _label_text(label)
    if text:
        head += f' <b class="vb-label">{escape.html(text)}</b>'
    return anchor, head


def _label_text(label: str | None) -> str:
    """Label as printed with its usual punctuation: 'I.', '1.', 'a)', '-'."""
    if not label:
        return ""
    if label in ("-", "+", "*", "•"):
        return "–" if label == "-" else label
    if label.isdigit() or re.fullmatch(r"[IVXLC]+", label):
        return f"{label}."
    return f"{label})"


def _walk(start: str, step: Callable[[str], Sequence[str]]) -> list[list[str]]:
    """Layers from `start` by longest path, each document once, at most MAX_DEPTH deep.

    Longest path, not breadth-first: when a plan implements both a directive
    and the decision that implements the same directive, the directive sits
    above the decision, not beside it.
    """
    seen, frontier = {start}, [start]
    for _ in range(MAX_DEPTH):
        nxt = sorted({n for d in frontier for n in step(d)} - seen)
        if not nxt:
            break
        seen.update(nxt)
        frontier = nxt
    depth = {start: 0}
    for _ in range(len(seen)):          # bounded relaxation: cycles cannot loop forever
        changed = False
        for node in sorted(depth):
            for nxt_node in step(node):
                if nxt_node in seen and nxt_node != start and depth.get(nxt_node, -1) < depth[node] + 1 <= MAX_DEPTH:
                    depth[nxt_node] = depth[node] + 1
                    changed = True
        if not changed:
            break
    layers: list[list[str]] = [[] for _ in range(max(depth.values()))]
    for node, d in sorted(depth.items()):
        if d:
            layers[d - 1].append(node)
    return [layer for layer in layers if layer]


def render_document(corpus: Corpus, view: RelationView, glossary: Glossary, doc: Document,
                    contribute_exists: bool, labels: DocLabels) -> str:
    return DocumentPage(corpus, view, glossary, doc, contribute_exists, labels).render()
