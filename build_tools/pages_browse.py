"""Browse views under duyet/: the archive by type, issuer, level, province,
year, implementation trees, coverage, targets, glossary, missing documents,
latest additions.

Each function returns {path below docs/: Markdown}. Section headings are
Markdown (so they reach the table of contents); lists and tables that hold
record text are raw HTML built through `escape`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from . import escape
from .diagrams import Bar, bar_chart_svg
from .models import Corpus, Document
from .pages_common import (
    LEVEL_NAMES,
    TEXT_STATUS_NAMES,
    DocLabels,
    Glossary,
    RelationView,
    added_dates,
    chain_down,
    doc_url,
    href,
    issuer_name,
    level_of,
    short_citation,
    short_date,
    target_value,
    type_name,
)
from .vietnamese import fold, slug

Pages = dict[str, str]
INCLUDES = "duyet/_includes"
LATEST_ON_HOME = 8
LATEST_PAGE = 50


def front(title: str, description: str = "") -> str:
    lines = ["---", f"title: {escape.front_matter_string(title)}"]
    if description:
        lines.append(f"description: {escape.front_matter_string(description)}")
    return "\n".join(lines + ["---", ""])


def sort_key(doc: Document) -> tuple[str, str]:
    """Newest first within a group; undated at the end, by id for stability."""
    return (doc.date or (str(doc.year) if doc.year else "0000"), doc.id)


def by_date(docs: Iterable[Document]) -> list[Document]:
    return sorted(docs, key=sort_key, reverse=True)


class Browse:
    def __init__(self, corpus: Corpus, view: RelationView, glossary: Glossary, labels: DocLabels):
        self.corpus, self.view, self.glossary, self.labels = corpus, view, glossary, labels
        self.docs = [corpus.documents[k] for k in sorted(corpus.documents)]
        # Browse pages explain every abbreviation where it occurs, so a piece
        # of text comes out the same wherever it is: titles and table rows
        # (each document is in four tables) are made once.
        glossary.everywhere()
        self._titles: dict[str, str] = {}
        self._whos: dict[str, str] = {}
        self._rows: dict[tuple[str, str, bool], str] = {}

    # -- shared pieces ------------------------------------------------------------

    def doc_link(self, page_url: str, doc: Document) -> str:
        return self._link(href(page_url, doc_url(doc.id)), doc)

    def _link(self, link: str, doc: Document) -> str:
        return f'<a href="{escape.attr(link)}">{self.labels.short_citation(doc)}</a>'

    def title(self, doc: Document) -> str:
        """The document's title with abbreviations explained."""
        found = self._titles.get(doc.id)
        if found is None:
            found = self._titles[doc.id] = self.glossary.mark(self.labels.title(doc))
        return found

    def table(self, page_url: str, docs: list[Document], columns: tuple[str, ...] = ("issuer",)) -> str:
        head = ['<th scope="col">Văn bản</th>', '<th scope="col">Ngày</th>']
        if "issuer" in columns:
            head.append('<th scope="col">Cơ quan ban hành</th>')
        head.append('<th scope="col">Trích yếu</th>')
        with_issuer = "issuer" in columns
        rows = [self.row(href(page_url, doc_url(doc.id)), doc, with_issuer) for doc in docs]
        return ('<div class="vb-table-wrap"><table class="vb-list"><thead><tr>' + "".join(head) +
                "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>")

    def row(self, link: str, doc: Document, with_issuer: bool) -> str:
        """A document's row in a table, the same in every table that links it the same way."""
        key = (link, doc.id, with_issuer)
        found = self._rows.get(key)
        if found is None:
            status = (f' <span class="vb-badge vb-badge--{doc.text}">{escape.html(TEXT_STATUS_NAMES[doc.text].split(" (")[0])}</span>'
                      if doc.text != "full" else "")
            cells = [f"{self._link(link, doc)}{status}", escape.html(short_date(doc.date, doc.year))]
            if with_issuer:
                cells.append(self.glossary.text(issuer_name(self.corpus, doc, short=True) or "—"))
            cells.append(self.title(doc))
            found = self._rows[key] = "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        return found

    def grouped(self, page: str, title: str, intro: str, groups: list[tuple[str, str, list[Document]]]) -> str:
        """A page of Markdown sections (key, heading, documents), each with a table."""
        url = page.removesuffix(".md") + "/"
        out = [front(title), f"# {escape.html(title)}", "", intro, ""]
        for key, heading, docs in groups:
            out += [f"## {escape.html(heading)} <span class=\"vb-count\">({len(docs)})</span> {{#{slug(key) or 'khac'}}}", "",
                    self.table(url, by_date(docs)), ""]
        return "\n".join(out)

    # -- simple groupings -----------------------------------------------------------

    def by_type(self) -> Pages:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.docs:
            groups[doc.type].append(doc)
        rows = [(t, type_name(self.corpus, ds[0]), ds) for t, ds in sorted(groups.items(),
                key=lambda kv: fold(type_name(self.corpus, kv[1][0])))]
        return {"duyet/loai-van-ban.md": self.grouped(
            "duyet/loai-van-ban.md", "Theo loại văn bản",
            "Chỉ thị, kết luận, quyết định, kế hoạch, công văn, thông báo, bài báo… mỗi loại một nhóm, văn bản mới nhất trước.",
            rows)}

    def by_issuer(self) -> Pages:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.docs:
            groups[doc.issuer or ""].append(doc)
        rows = []
        for org_id, docs in groups.items():
            org = self.corpus.organization(org_id)
            rows.append((org_id or "khong-ro", org.name if org else "Không rõ cơ quan ban hành", docs))
        rows.sort(key=lambda r: (r[0] == "khong-ro", fold(r[1])))
        return {"duyet/co-quan.md": self.grouped(
            "duyet/co-quan.md", "Theo cơ quan ban hành",
            "Mỗi cơ quan một nhóm: Ban Bí thư, Thủ tướng Chính phủ, Tỉnh ủy, Ủy ban nhân dân tỉnh…", rows)}

    def by_level(self) -> Pages:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.docs:
            groups[level_of(self.corpus, doc) or "khong-ro"].append(doc)
        order = list(LEVEL_NAMES) + ["khong-ro"]
        rows = [(k, LEVEL_NAMES.get(k, "Không rõ cấp"), groups[k]) for k in order if k in groups]
        return {"duyet/cap.md": self.grouped(
            "duyet/cap.md", "Theo cấp ban hành",
            "Trung ương, cấp tỉnh, cấp huyện, cấp xã. Cấp huyện không còn từ ngày 01/7/2025; văn bản trước đó giữ cấp của mình.",
            rows)}

    def by_year(self) -> Pages:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.docs:
            groups[str(doc.year) if doc.year else "khong-ro"].append(doc)
        url = "duyet/nam/"
        out = [front("Theo năm"), "# Theo năm", "",
               "Dòng thời gian của các văn bản trong kho. Năm có dấu «?» là năm suy ra (xem ghi chú trên trang văn bản).", ""]
        years = sorted((k for k in groups if k != "khong-ro"), reverse=True) + (["khong-ro"] if "khong-ro" in groups else [])
        out.append('<ol class="vb-timeline">')
        for year in years:
            items = "".join(
                f'<li>{self.doc_link(url, d)} <span class="vb-date">{escape.html(short_date(d.date, d.year))}</span> '
                f'<span class="vb-rel__title">{self.title(d)}</span></li>'
                for d in by_date(groups[year]))
            label = "Không rõ năm" if year == "khong-ro" else year
            out.append(f'<li class="vb-timeline__year" id="nam-{year}"><h2 class="vb-timeline__label">{label}</h2>'
                       f"<ul>{items}</ul></li>")
        out.append("</ol>")
        return {"duyet/nam.md": "\n".join(out) + "\n"}

    # -- provinces ------------------------------------------------------------------

    def units_2025(self) -> list[tuple[str, list[str]]]:
        """The 34 units from 1 July 2025, each with the old units it was formed from."""
        provs = self.corpus.provinces
        units = []
        for prov in provs.values():
            if prov.formed_from:
                units.append((prov.id, sorted(prov.formed_from, key=lambda p: fold(provs[p].name if p in provs else p))))
            elif not prov.successor and not prov.since:
                units.append((prov.id, [prov.id]))
        return sorted(units, key=lambda u: fold(provs[u[0]].name))

    def docs_by_province(self) -> dict[str, list[Document]]:
        groups: dict[str, list[Document]] = defaultdict(list)
        for doc in self.docs:
            prov = self.corpus.province_of(doc)
            if prov:
                groups[prov].append(doc)
        return groups

    def by_province(self) -> Pages:
        provs, groups = self.corpus.provinces, self.docs_by_province()
        url = "duyet/tinh-thanh/"
        out = [front("Theo tỉnh, thành phố"), "# Theo tỉnh, thành phố", "",
               "Từ ngày 01/7/2025, 63 tỉnh, thành phố được sắp xếp thành 34. Mỗi mục dưới đây là một tỉnh, thành phố "
               "sau sắp xếp; văn bản ban hành trước đó nằm dưới tên tỉnh cũ, trong tỉnh mới mà tỉnh cũ đã hợp thành. "
               "Văn bản của cơ quan Trung ương xem ở trang [Theo cấp ban hành](cap.md).", ""]
        empty = []
        for unit_id, olds in self.units_2025():
            count = sum(len(groups.get(o, [])) for o in olds) + (len(groups.get(unit_id, [])) if unit_id not in olds else 0)
            name = provs[unit_id].name
            if not count:
                empty.append(name)
                continue
            out += [f"## {escape.html(name)} <span class=\"vb-count\">({count})</span> {{#{slug(unit_id)}}}", ""]
            for old in olds + ([unit_id] if unit_id not in olds else []):
                docs = groups.get(old)
                if not docs:
                    continue
                if len(olds) > 1 or old != unit_id:
                    label = provs[old].name if old in provs else old
                    suffix = " (trước 01/7/2025)" if old != unit_id else " (từ 01/7/2025)"
                    out += [f"### {escape.html(label + suffix)} {{#{slug(old)}-cu}}" if old != unit_id
                            else f"### {escape.html(label + suffix)} {{#{slug(old)}-moi}}", ""]
                out += [self.table(url, by_date(docs)), ""]
        if empty:
            out += ["## Chưa có văn bản {#chua-co}", "",
                    '<p class="vb-muted">' + escape.html(", ".join(sorted(empty, key=fold))) + "</p>", ""]
        return {"duyet/tinh-thanh.md": "\n".join(out)}

    # -- implementation trees and coverage ---------------------------------------------

    def central_documents(self) -> list[Document]:
        """Central documents with something implementing them (directly or down the chain)."""
        out = [d for d in self.docs if level_of(self.corpus, d) == "central" and chain_down(self.view, d.id)]
        return sorted(out, key=lambda d: (d.date or "9999", d.id))

    def descendants(self, doc_id: str) -> set[str]:
        seen: set[str] = set()
        frontier = [doc_id]
        while frontier:
            nxt = [c for d in frontier for c in chain_down(self.view, d) if c not in seen and c != doc_id]
            seen.update(nxt)
            frontier = nxt
        return seen

    def tree(self, page_url: str, doc_id: str, seen: set[str]) -> str:
        children = [self.corpus.documents[c] for c in chain_down(self.view, doc_id)
                    if c in self.corpus.documents and c not in seen]
        if not children:
            return ""
        seen.update(c.id for c in children)
        items = []
        for child in sorted(children, key=self._tree_order):
            rels = sorted({relation_word(r.type) for r in self.view.outgoing.get(child.id, ()) if r.target == doc_id})
            items.append(f'<li><span class="vb-tree__rel">{escape.html(", ".join(rels))}</span> {self.doc_link(page_url, child)} '
                         f'<span class="vb-muted">{self._who(child)}</span>'
                         f"{self.tree(page_url, child.id, seen)}</li>")
        return '<ul class="vb-tree">' + "".join(items) + "</ul>"

    def _tree_order(self, doc: Document) -> tuple[int, str, str]:
        """Higher levels first (unknown level as commune), then by date."""
        return (_LEVEL_RANK.get(level_of(self.corpus, doc) or "commune", 9), doc.date or "", doc.id)

    def _who(self, doc: Document) -> str:
        """Level and issuer of a tree entry (a document is in the tree of each directive it serves)."""
        found = self._whos.get(doc.id)
        if found is None:
            level = LEVEL_NAMES.get(level_of(self.corpus, doc) or "", "")
            who = " · ".join(x for x in (level, issuer_name(self.corpus, doc, short=True)) if x)
            found = self._whos[doc.id] = self.glossary.text(who)
        return found

    def implementation_trees(self) -> Pages:
        url = "duyet/trien-khai/"
        out = [front("Cây triển khai"), "# Cây triển khai văn bản Trung ương", "",
               "Với mỗi văn bản của Trung ương: văn bản nào thực hiện, tiếp tục thực hiện hoặc đưa tin về nó, "
               "cấp này đến cấp khác. Một văn bản chỉ hiện một lần trong mỗi cây.", ""]
        for doc in self.central_documents():
            # a blank line after each block: Markdown then takes each whole (and the mkdocs.yml hook's
            # shortcut too: the trees are most of the page)
            out += [f"## {self.labels.short_citation(doc)} {{#{slug(doc.id)}}}", "",
                    f'<p>{self.doc_link(url, doc)} — {self.title(doc)}</p>', "",
                    self.tree(url, doc.id, {doc.id}), ""]
        return {"duyet/trien-khai.md": "\n".join(out)}

    def coverage(self) -> Pages:
        provs, groups = self.corpus.provinces, self.docs_by_province()
        centrals = self.central_documents()
        reach = {c.id: self.descendants(c.id) for c in centrals}
        direct = {c.id: set(chain_down(self.view, c.id)) for c in centrals}
        url = "duyet/bao-phu/"
        openings: dict[str, str] = {}       # a document's link opens the same way in every cell

        def opening(d: Document) -> str:
            found = openings.get(d.id)
            if found is None:
                found = openings[d.id] = (f'<a href="{escape.attr(href(url, doc_url(d.id)))}" '
                                          f'title="{escape.attr(short_citation(self.corpus, d))}">')
            return found

        def cell(province_ids: list[str], central: Document) -> str:
            docs = [d for p in province_ids for d in groups.get(p, []) if d.id in reach[central.id]]
            if not docs:
                return '<td class="vb-cov vb-cov--none"><span class="vb-sr">chưa có</span></td>'
            links = " ".join(
                f'{opening(d)}{"●" if d.id in direct[central.id] else "○"}</a>' for d in sorted(docs, key=lambda d: d.id))
            return f'<td class="vb-cov">{links}</td>'

        head = "".join(f'<th scope="col">{escape.html(c.number or short_citation(self.corpus, c))}</th>' for c in centrals)
        rows = []
        for unit_id, olds in self.units_2025():
            members = olds + ([unit_id] if unit_id not in olds else [])
            merged = len(olds) > 1 or olds != [unit_id]
            rows.append(f'<tr class="vb-cov__unit"><th scope="row">{escape.html(provs[unit_id].name)}'
                        f'{" (mới)" if merged else ""}</th>' + "".join(cell(members, c) for c in centrals) + "</tr>")
            if merged:
                for old in olds:
                    name = provs[old].name if old in provs else old
                    rows.append(f'<tr class="vb-cov__old"><th scope="row">↳ {escape.html(name)}</th>'
                                + "".join(cell([old], c) for c in centrals) + "</tr>")
        old_count = sum(1 for p in provs.values() if not p.formed_from or p.id in p.formed_from)
        out = [front("Bản đồ bao phủ"), "# Tỉnh nào đã có văn bản thực hiện?", "",
               f"Hàng là {len(self.units_2025())} tỉnh, thành phố từ ngày 01/7/2025; dưới mỗi tỉnh mới là các tỉnh cũ "
               f"(trong số {old_count} đơn vị trước sắp xếp) đã hợp thành nó. Cột là văn bản Trung ương. "
               "● có văn bản trong kho thực hiện trực tiếp; ○ thực hiện qua một văn bản khác trong chuỗi "
               "(ví dụ thực hiện Kết luận tiếp tục một Chỉ thị); ô trống: kho chưa có.", "",
               '<div class="vb-table-wrap"><table class="vb-coverage"><thead><tr><th scope="col">Tỉnh, thành phố</th>'
               + head + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>", ""]
        return {"duyet/bao-phu.md": "\n".join(out)}

    # -- targets ------------------------------------------------------------------------

    def targets(self) -> Pages:
        url = "duyet/chi-tieu/"
        rows, bars = [], []
        for doc in self.docs:
            prov = self.corpus.provinces.get(self.corpus.province_of(doc) or "")
            place = prov.name if prov else (issuer_name(self.corpus, doc, short=True) or "—")
            for t in doc.targets:
                rows.append((fold(place), t.year or 0, doc.id,
                             f"<tr><td>{escape.html(place)}</td><td>{self.doc_link(url, doc)}</td>"
                             f"<td>{self.glossary.text(t.indicator)}</td><td>{escape.html(target_value(t))}</td>"
                             f"<td>{escape.html(t.year or '—')}</td></tr>"))
                if is_budget_share(t.indicator, t.unit) and t.value is not None:
                    bars.append(Bar(f"{place} — {t.year or 'không rõ năm'}", t.value,
                                    "(tối thiểu)" if t.comparator in (">=", ">") else "",
                                    href(url, doc_url(doc.id))))
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        bars.sort(key=lambda b: (-b.value, b.label))
        out = [front("So sánh chỉ tiêu"), "# So sánh chỉ tiêu giữa các địa phương", "",
               "Các cam kết định lượng ghi trong văn bản, đặt cạnh nhau. Con số lấy nguyên văn; mỗi dòng dẫn về văn bản "
               "và mục có con số đó.", "",
               "## Tỷ trọng vốn ngân sách địa phương ủy thác qua NHCSXH {#ty-trong-uy-thac}", ""]
        if bars:
            out += ['<figure class="vb-chart"><div class="vb-diagram__scroll">'
                    + bar_chart_svg(bars, "%", "Tỷ trọng vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội trong tổng nguồn vốn, theo địa phương và năm mục tiêu")
                    + "</div><figcaption>Tỷ trọng nguồn vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội "
                    "trong tổng nguồn vốn tín dụng chính sách tại địa phương, mục tiêu theo năm.</figcaption></figure>", ""]
        else:
            out += ['<p class="vb-muted">Chưa có văn bản nào trong kho nêu chỉ tiêu này.</p>', ""]
        out += ["## Tất cả chỉ tiêu {#tat-ca}", "",
                '<div class="vb-table-wrap"><table class="vb-list"><thead><tr><th scope="col">Địa phương</th>'
                '<th scope="col">Văn bản</th><th scope="col">Chỉ tiêu</th><th scope="col">Mức</th><th scope="col">Năm</th>'
                "</tr></thead><tbody>" + "".join(r[3] for r in rows) + "</tbody></table></div>", ""]
        return {"duyet/chi-tieu.md": "\n".join(out)}

    # -- glossary, missing, latest --------------------------------------------------------

    def glossary_pages(self) -> Pages:
        abbrs = sorted(self.corpus.vocabulary.abbreviations, key=lambda a: fold(a.short))
        rows = "".join(f"<tr><td><strong>{escape.html(a.short)}</strong></td><td>{escape.html(a.expansion)}</td></tr>"
                       for a in abbrs)
        page = [front("Thuật ngữ viết tắt"), "# Thuật ngữ viết tắt", "",
                "Các chữ viết tắt gặp trong văn bản của kho. Trên mọi trang, rê chuột (hoặc chạm) vào chữ viết tắt "
                "có gạch chấm để xem nghĩa đầy đủ.", "",
                '<table class="vb-list"><thead><tr><th scope="col">Viết tắt</th><th scope="col">Nghĩa đầy đủ</th></tr></thead>'
                f"<tbody>{rows}</tbody></table>", ""]
        # Appended to every page by pymdownx.snippets so the theme's `abbr`
        # extension explains abbreviations in hand-written Markdown too.
        # Definitions with a space or a dot in the short form are skipped: the
        # abbr syntax cannot hold them reliably; record text is marked in Python.
        definitions = [f"*[{a.short}]: {a.expansion}" for a in abbrs
                       if a.short.replace("&", "").replace("/", "").replace("-", "").isalnum()
                       and not any(ch in a.expansion for ch in "[]<>")]
        return {"duyet/thuat-ngu.md": "\n".join(page),
                f"{INCLUDES}/abbreviations.md": "\n".join(definitions) + "\n"}

    def missing(self) -> Pages:
        url = "duyet/chua-co-trong-kho/"
        out = [front("Được trích dẫn nhưng chưa có trong kho"), "# Được trích dẫn nhưng chưa có trong kho", "",
               "Danh sách việc cần làm của người duy trì kho: văn bản được các văn bản trong kho nhắc đến nhưng kho "
               "chưa có hồ sơ, hoặc mới có hồ sơ ghi theo trích dẫn (chưa có nội dung).", "",
               "## Chưa có hồ sơ {#chua-co-ho-so}", ""]
        unresolved: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
        for item in self.corpus.unresolved:
            c = item.citation
            key = c.number or c.text
            unresolved[key].append((item.source, c.clause, c.text))
        if unresolved:
            rows = []
            for key in sorted(unresolved, key=lambda k: (-len(unresolved[k]), fold(k))):
                mentions = unresolved[key]
                by = []
                for source, clause, _text in sorted(set(mentions)):
                    doc = self.corpus.documents.get(source)
                    if doc:
                        by.append(self.doc_link(url, doc) + (f" (mục {escape.html(clause)})" if clause else ""))
                forms = sorted({m[2] for m in mentions})
                rows.append(f"<tr><td>{escape.html(key)}</td><td>{len(mentions)}</td><td>{'; '.join(by)}</td>"
                            f"<td>{escape.html(' | '.join(forms[:5]))}</td></tr>")
            out += ['<div class="vb-table-wrap"><table class="vb-list"><thead><tr><th scope="col">Trích dẫn</th>'
                    '<th scope="col">Số lần</th><th scope="col">Trong văn bản</th><th scope="col">Cách viết gặp</th>'
                    "</tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>", ""]
        else:
            out += ['<p class="vb-muted">Mọi trích dẫn tìm thấy đều đã khớp với một hồ sơ trong kho.</p>', ""]
        known = [d for d in self.docs if d.text == "none"]
        out += ["## Có hồ sơ, chưa có nội dung {#chua-co-noi-dung}", "",
                "Các văn bản này chỉ được biết qua trích dẫn. Số lần là số văn bản trong kho dẫn chiếu đến nó.", ""]
        rows = []
        for doc in sorted(known, key=lambda d: (-len(self.view.inbound.get(d.id, ())), d.id)):
            rows.append(f"<tr><td>{self.doc_link(url, doc)}</td><td>{len(self.view.inbound.get(doc.id, ()))}</td>"
                        f"<td>{self.title(doc)}</td></tr>")
        out += ['<div class="vb-table-wrap"><table class="vb-list"><thead><tr><th scope="col">Văn bản</th>'
                '<th scope="col">Được dẫn chiếu</th><th scope="col">Trích yếu (theo trích dẫn)</th></tr></thead><tbody>'
                + "".join(rows) + "</tbody></table></div>", ""]
        return {"duyet/chua-co-trong-kho.md": "\n".join(out)}

    def latest(self) -> Pages:
        added = added_dates(self.corpus)
        ordered = sorted(self.docs, key=lambda d: (added.get(d.id, ""), d.id), reverse=True)
        with_text = [d for d in ordered if d.text != "none"]

        def items(page_url: str, docs: list[Document]) -> str:
            return "".join(
                f'<li>{self.doc_link(page_url, d)} <span class="vb-muted">{escape.html(short_date(d.date, d.year))} · '
                f'{self.glossary.text(issuer_name(self.corpus, d, short=True) or type_name(self.corpus, d))}</span><br>'
                f'<span class="vb-rel__title">{self.title(d)}</span></li>' for d in docs)

        page = [front("Mới cập nhật"), "# Mới cập nhật", "",
                "Văn bản mới vào kho, mới nhất trước (theo ngày hồ sơ được đưa vào kho; khi chưa có lịch sử, theo ngày văn bản). "
                "Theo dõi bằng [nguồn tin Atom](../du-lieu/feed.xml).", "",
                f'<ul class="vb-latest">{items("duyet/moi-cap-nhat/", ordered[:LATEST_PAGE])}</ul>', ""]
        # The hand-written home page includes this snippet; its links are
        # relative to the home page's URL (the site root).
        home = f'<ul class="vb-latest">{items("", with_text[:LATEST_ON_HOME])}</ul>\n'
        return {"duyet/moi-cap-nhat.md": "\n".join(page), f"{INCLUDES}/moi-nhat.md": home}

    def index(self, counts: dict[str, int]) -> Pages:
        out = [front("Duyệt kho văn bản"), "# Duyệt kho văn bản", "",
               f"Kho có {counts['documents']} văn bản ({counts['full']} toàn văn, {counts['excerpt']} trích, "
               f"{counts['none']} chỉ biết qua trích dẫn) và {counts['relations']} quan hệ giữa chúng.", ""]
        out += [
            "- [Theo loại văn bản](loai-van-ban.md) — chỉ thị, kết luận, kế hoạch, công văn…",
            "- [Theo cơ quan ban hành](co-quan.md)",
            "- [Theo cấp ban hành](cap.md) — Trung ương, tỉnh, huyện",
            "- [Theo tỉnh, thành phố](tinh-thanh.md) — 63 đơn vị cũ trong 34 đơn vị từ 01/7/2025",
            "- [Theo năm](nam.md) — dòng thời gian",
            "- [Cây triển khai](trien-khai.md) — từ chỉ thị Trung ương đến kế hoạch địa phương",
            "- [Bản đồ bao phủ](bao-phu.md) — tỉnh nào đã có văn bản thực hiện",
            "- [So sánh chỉ tiêu](chi-tieu.md) — tỷ trọng vốn ủy thác từ ngân sách địa phương",
            "- [Thuật ngữ viết tắt](thuat-ngu.md)",
            "- [Được trích dẫn nhưng chưa có trong kho](chua-co-trong-kho.md)",
            "- [Mới cập nhật](moi-cap-nhat.md)",
            "",
        ]
        return {"duyet/index.md": "\n".join(out)}


_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVEL_NAMES)}


def relation_word(rel_type: str) -> str:
    return {"implements": "thực hiện", "continues": "tiếp tục", "reports_on": "đưa tin"}.get(rel_type, rel_type)


def is_budget_share(indicator: str, unit: str | None) -> bool:
    """The comparison chart's indicator: share of local-budget funds entrusted to NHCSXH, in %."""
    words = fold(indicator)
    return unit == "%" and "uy thac" in words and "ngan sach dia phuong" in words and \
        ("ty trong" in words or "chiem" in words)


def browse_pages(corpus: Corpus, view: RelationView, glossary: Glossary, labels: DocLabels) -> Pages:
    b = Browse(corpus, view, glossary, labels)
    counts = {"documents": len(b.docs), "relations": sum(len(v) for v in view.outgoing.values()),
              **{s: sum(d.text == s for d in b.docs) for s in ("full", "excerpt", "none")}}
    pages: Pages = {}
    makers: list[Callable[[], Pages]] = [
        b.by_type, b.by_issuer, b.by_level, b.by_province, b.by_year, b.implementation_trees,
        b.coverage, b.targets, b.glossary_pages, b.missing, b.latest,
    ]
    for make in makers:
        pages.update(make())
    pages.update(b.index(counts))
    return pages

