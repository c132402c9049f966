"""What every generated page needs: names, dates, URLs, anchors, relations.

Everything here returns plain strings (not escaped); callers pass them
through `escape` at the point where they become HTML.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import escape
from .diagrams import node_lines
from .models import ClausePath, Corpus, DocId, Document, Relation, Target
from .vietnamese import strip_diacritics

LEVEL_NAMES = {
    "central": "Trung ương",
    "province": "Cấp tỉnh",
    "district": "Cấp huyện",
    "commune": "Cấp xã",
}
TEXT_STATUS_NAMES = {
    "full": "toàn văn",
    "excerpt": "trích",
    "none": "chỉ có thông tin (chưa có văn bản)",
}
# Relations that make an implementation chain: the target is "above".
CHAIN_TYPES = ("implements", "continues")
# Order in which relation groups appear on a page.
RELATION_ORDER = ("implements", "continues", "based_on", "amends", "replaces", "reports_on", "cites")


# --- URLs -----------------------------------------------------------------

def doc_url(doc_id: DocId) -> str:
    """Site path of a document page, from the site root, no leading slash."""
    return f"van-ban/{doc_id}/"


def doc_src(doc_id: DocId) -> str:
    """Path of the generated Markdown below docs/: van-ban/<id>.md, whose URL is van-ban/<id>/.

    Not <id>/index.md: a folder per document doubled the folders a cold build
    makes, twice (staging copy and docs/), at 0.1-0.5 ms a mkdir on this
    machine. A last part that MkDocs reads as its folder's own page keeps one.
    """
    if doc_id.rpartition("/")[2].lower() in ("index", "readme"):
        return f"van-ban/{doc_id}/index.md"
    return f"van-ban/{doc_id}.md"


def href(from_url: str, to_url: str, anchor: str | None = None) -> str:
    """Relative link between two site paths (directory URLs end with '/').

    Links in raw HTML are not rewritten by MkDocs, so they are computed here
    and checked after the build by the tests' link checker. (A hand-rolled
    relpath: this runs tens of thousands of times for a large archive.)
    """
    base_parts = _folders(from_url)
    to_parts = to_url.split("/")
    limit = min(len(base_parts), len(to_parts) - 1)
    common = 0
    while common < limit and base_parts[common] == to_parts[common]:
        common += 1
    rel = "../" * (len(base_parts) - common) + "/".join(to_parts[common:])
    if not rel:
        rel = "./"
    return rel + (f"#{anchor}" if anchor else "")


@lru_cache(maxsize=1024)
def _folders(from_url: str) -> tuple[str, ...]:
    """The folders of a page's URL: a page links to many others from the same place."""
    base = from_url if from_url.endswith("/") else posixpath.dirname(from_url) + "/"
    return tuple(p for p in base.split("/") if p)


# --- clause anchors --------------------------------------------------------

_SAFE_SEGMENT = re.compile(r"[A-Za-z0-9]+")


def _segment(label: str) -> str:
    """One path segment as an id-safe token: 'đ' is 'dd' so it never equals 'd'."""
    if _SAFE_SEGMENT.fullmatch(label):
        return label
    value = label.replace("đ", "dd").replace("Đ", "DD")
    value = re.sub(r"[^A-Za-z0-9]+", "_", strip_diacritics(value)).strip("_")
    return value or "x"


@lru_cache(maxsize=65536)          # every relation to a clause asks again, on two pages
def clause_anchor(path: ClausePath) -> str:
    """'II.3.b.2' -> 'muc-II-3-b-2': readable, stable, case kept (I is not i)."""
    return "muc-" + "-".join(_segment(part) for part in path.split("."))


# --- names and dates ---------------------------------------------------------

def format_date(date: str | None, year: int | None = None) -> str:
    """A record date as Vietnamese documents print it, partial dates honest."""
    if date:
        parts = date.split("-")
        if len(parts) == 3:
            return f"ngày {int(parts[2]):02d}/{int(parts[1])}/{parts[0]}"
        if len(parts) == 2:
            return f"tháng {int(parts[1])}/{parts[0]}"
        return f"năm {parts[0]}"
    if year:
        return f"năm {year} (suy ra)"
    return "không rõ ngày"


def short_date(date: str | None, year: int | None = None) -> str:
    """For tables: 05/5/2016, 11/2024, 2021, 2021?, '—'."""
    if date:
        parts = date.split("-")
        if len(parts) == 3:
            return f"{int(parts[2]):02d}/{int(parts[1])}/{parts[0]}"
        if len(parts) == 2:
            return f"{int(parts[1])}/{parts[0]}"
        return parts[0]
    return f"{year}?" if year else "—"


def format_number(value: float) -> str:
    """Vietnamese style: 500.000.000 and 0,39 (dot groups thousands, comma is the decimal mark)."""
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.6f}".rstrip("0").partition(".")
    return whole.replace(",", ".") + ("," + frac if frac else "")


COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "range": ""}


def target_value(t: Target) -> str:
    """A target's figure as a reader expects it: '≥ 5 %', '500.000.000–1.000.000.000 đồng',
    '0,39 % (0,69 % năm 2017)'. Plain text: the caller escapes it."""
    unit = f" {t.unit}" if t.unit else ""
    if t.value is None:
        return "—"
    if t.comparator == "range" and t.value_max is not None:
        text = f"{format_number(t.value)}–{format_number(t.value_max)}{unit}"
    else:
        sign = COMPARATOR_SIGNS.get(t.comparator or "", t.comparator or "")
        text = f"{sign} {format_number(t.value)}{unit}".strip()
    if t.baseline is not None:
        since = f" năm {t.baseline_year}" if t.baseline_year else ""
        text += f" (từ {format_number(t.baseline)}{unit}{since})"
    return text


def type_name(corpus: Corpus, doc: Document) -> str:
    dtype = corpus.vocabulary.doc_types.get(doc.type)
    return dtype.name if dtype else doc.type


def issuer_name(corpus: Corpus, doc: Document, short: bool = False) -> str | None:
    org = corpus.organization(doc.issuer)
    if not org:
        return None
    return (org.short_name or org.name) if short else org.name


def display_title(doc: Document) -> str:
    """Trích yếu, or the archive's own title, or nothing better than the id."""
    return doc.title or doc.editorial_title or doc.id


def citation(corpus: Corpus, doc: Document) -> str:
    """Full Vietnamese citation form: 'Kế hoạch số 6766/KH-UBND ngày 05/5/2016 của Ủy ban nhân dân tỉnh Thanh Hóa'."""
    kind = type_name(corpus, doc)
    if doc.type == "bai-viet":
        head = f"{kind} «{display_title(doc)}»"
    elif doc.number:
        head = f"{kind} số {doc.number}"
    else:
        head = f"{kind} (không rõ số)"
    parts = [head, format_date(doc.date, doc.year)]
    issuer = issuer_name(corpus, doc)
    if issuer:
        parts.append(f"của {issuer}")
    return " ".join(parts)


def short_citation(corpus: Corpus, doc: Document) -> str:
    """Compact form for lists and diagrams: 'Chỉ thị 40-CT/TW (2014)'."""
    kind = type_name(corpus, doc)
    year = f" ({doc.year})" if doc.year else ""
    if doc.number:
        return f"{kind} {doc.number}{year}"
    issuer = issuer_name(corpus, doc, short=True)
    return f"{kind} của {issuer}{year}" if issuer else f"{kind}{year}"


def level_of(corpus: Corpus, doc: Document) -> str | None:
    org = corpus.organization(doc.issuer)
    if org:
        return org.level
    return "province" if doc.province else None


def province_label(corpus: Corpus, province_id: str | None) -> str | None:
    """'Hưng Yên (từ 01/7/2025: thuộc Hưng Yên mới)' style label."""
    if not province_id:
        return None
    prov = corpus.provinces.get(province_id)
    if not prov:
        return province_id
    if prov.successor and prov.successor != prov.id:
        succ = corpus.provinces.get(prov.successor)
        name = succ.name if succ else prov.successor
        return f"{prov.name} (từ 01/7/2025 thuộc tỉnh/thành {name})"
    return prov.name


class DocLabels:
    """What other pages print about a document, escaped once per build.

    A document is named on the page of every document related to it, in
    the diagrams around it and in several browse lists: at 5,000 documents
    the same citations and titles were escaped tens of thousands of times.
    The text is escaped only: abbreviation tooltips depend on the page
    (`Glossary.mark` is applied where the text is used).
    """

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self._citation: dict[DocId, str] = {}
        self._short: dict[DocId, str] = {}
        self._title: dict[DocId, str] = {}
        self._lines: dict[DocId, tuple[str, ...]] = {}

    def citation(self, doc: Document) -> str:
        """citation(corpus, doc), not escaped: a page uses its own three times."""
        found = self._citation.get(doc.id)
        if found is None:
            found = self._citation[doc.id] = citation(self.corpus, doc)
        return found

    def short_citation(self, doc: Document) -> str:
        """escape.html(short_citation(corpus, doc))"""
        found = self._short.get(doc.id)
        if found is None:
            found = self._short[doc.id] = escape.html(short_citation(self.corpus, doc))
        return found

    def title(self, doc: Document) -> str:
        """escape.html(display_title(doc))"""
        found = self._title.get(doc.id)
        if found is None:
            found = self._title[doc.id] = escape.html(display_title(doc))
        return found

    def node_lines(self, doc: Document) -> tuple[str, ...]:
        """A diagram box's lines (plain text: the diagram escapes them)."""
        found = self._lines.get(doc.id)
        if found is None:
            found = self._lines[doc.id] = node_lines(short_citation(self.corpus, doc),
                                                     issuer_name(self.corpus, doc, short=True) or "")
        return found


# --- relations ---------------------------------------------------------------

class ClausePaths:
    """The clause paths of each document, computed once per Document object.

    Pages test "is this clause on that page?" for every inbound relation:
    thousands of times for a much-cited directive. Paths of documents that
    are the same objects as in the previous build are taken over from it;
    nothing older is kept.
    """

    def __init__(self, previous: ClausePaths | None = None):
        self._cache: dict[DocId, tuple[Document, frozenset[ClausePath]]] = {}
        self._previous = previous._cache if previous else {}

    def __call__(self, doc: Document) -> frozenset[ClausePath]:
        hit = self._cache.get(doc.id)
        if hit is None or hit[0] is not doc:
            old = self._previous.get(doc.id)
            paths = old[1] if old is not None and old[0] is doc else frozenset(c.path for c in doc.all_clauses())
            hit = self._cache[doc.id] = (doc, paths)
        return hit[1]


@dataclass(frozen=True)
class RelationView:
    """Outgoing and incoming relations of every document, whatever stage made them."""
    outgoing: dict[DocId, tuple[Relation, ...]]
    inbound: dict[DocId, tuple[Relation, ...]]
    paths: ClausePaths = field(default_factory=ClausePaths)
    # chain_up / chain_down of each document, asked for by every diagram around it
    chains: dict[tuple[str, DocId], tuple[DocId, ...]] = field(default_factory=dict, compare=False)


def relation_view(corpus: Corpus, previous_paths: ClausePaths | None = None) -> RelationView:
    """Use the relation stage's result; before it ran, the declared relations.

    Pages must render from a freshly loaded corpus too (tests, previews), so
    the inverse view is computed here when `resolve_relations` did not fill it.
    """
    if corpus.relations or corpus.inbound:
        outgoing = dict(corpus.relations)
        inbound = dict(corpus.inbound)
    else:
        outgoing = {doc_id: doc.relations for doc_id, doc in corpus.documents.items() if doc.relations}
        collected: dict[DocId, list[Relation]] = {}
        for doc_id in sorted(outgoing):
            for rel in outgoing[doc_id]:
                collected.setdefault(rel.target, []).append(rel)
        inbound = {k: tuple(v) for k, v in collected.items()}
    return RelationView(outgoing, inbound, ClausePaths(previous_paths))


def relation_label(corpus: Corpus, rel_type: str, inverse: bool = False) -> str:
    spec = corpus.vocabulary.relation_types.get(rel_type)
    if not spec:
        return rel_type
    return spec.inverse_label if inverse else spec.label


def relation_order(rel_type: str) -> int:
    return RELATION_ORDER.index(rel_type) if rel_type in RELATION_ORDER else len(RELATION_ORDER)


def chain_up(view: RelationView, doc_id: DocId) -> tuple[DocId, ...]:
    """Documents this one implements or continues, directly."""
    found = view.chains.get(("up", doc_id))
    if found is None:
        found = view.chains[("up", doc_id)] = tuple(sorted(
            {r.target for r in view.outgoing.get(doc_id, ()) if r.type in CHAIN_TYPES}))
    return found


def chain_down(view: RelationView, doc_id: DocId) -> tuple[DocId, ...]:
    """Documents that implement, continue or report on this one, directly."""
    found = view.chains.get(("down", doc_id))
    if found is None:
        found = view.chains[("down", doc_id)] = tuple(sorted(
            {r.source for r in view.inbound.get(doc_id, ()) if r.type in CHAIN_TYPES + ("reports_on",) and r.source}))
    return found


# --- when a record was added -------------------------------------------------

def added_dates(corpus: Corpus) -> dict[DocId, str]:
    """Date each record entered the archive: its first commit, else its own date.

    Git history is the only honest "added" date; without it (a fresh copy,
    no commits yet) the document's date stands in, so output stays stable.
    """
    first_commit = first_commits(Path(corpus.root))
    dates: dict[DocId, str] = {}
    for doc_id, doc in corpus.documents.items():
        dates[doc_id] = first_commit.get(doc.file) or doc.date or (str(doc.year) if doc.year else "")
    return dates


_FIRST_COMMITS: dict[tuple[str, str], dict[str, str]] = {}


def first_commits(root: Path) -> dict[str, str]:
    """Record file -> day of the commit that added it, read from git once per HEAD.

    `git log` over every record's history costs far more than asking for
    HEAD; pages and the feed both need the map, and a rebuild in the same
    process usually has the same HEAD: the same dict (the same object) then.
    """
    head = _git(root, "rev-parse", "--verify", "-q", "HEAD").strip()
    key = (str(root.resolve()), head)
    if key not in _FIRST_COMMITS:
        _FIRST_COMMITS.clear()
        out = _git(root, "log", "--diff-filter=A", "--format=%x00%cs", "--name-only", "--", "data/documents") \
            if head else ""
        _FIRST_COMMITS[key] = _parse_first_commits(out)
    return _FIRST_COMMITS[key]


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=30,
                              check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def _parse_first_commits(out: str) -> dict[str, str]:
    first_commit: dict[str, str] = {}
    for chunk in out.split("\x00")[1:]:
        lines = [line for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        for name in lines[1:]:
            first_commit[name] = lines[0]   # log is newest first: the last seen is the first add
    return first_commit


# --- abbreviations -------------------------------------------------------------

class Glossary:
    """Wraps known abbreviations in escaped text with `<abbr title>`.

    Record text is emitted as raw HTML, where the theme's `abbr` extension
    does not reach, so the tooltips are added here, after escaping, by
    matching the escaped form of each abbreviation as a whole word.
    """

    def __init__(self, corpus: Corpus):
        items = sorted(corpus.vocabulary.abbreviations, key=lambda a: (-len(a.short), a.short))
        self.titles = {escape.html(a.short): escape.attr(a.expansion) for a in items}
        self._pattern = _abbreviation_pattern(list(self.titles)) if self.titles else None

    # When a set, only the first occurrence of each abbreviation since the
    # last `restart()` is marked: a document page explains each abbreviation
    # once per part (a top-level clause) instead of on every line, which keeps
    # a 5,000-page build from parsing hundreds of thousands of extra tags.
    seen: set[str] | None = None

    def restart(self) -> None:
        self.seen = set()

    def everywhere(self) -> None:
        self.seen = None

    def _replace(self, match: re.Match[str]) -> str:
        short = match.group(0)
        if self.seen is not None:
            if short in self.seen:
                return short
            self.seen.add(short)
        return f'<abbr title="{self.titles[short]}">{short}</abbr>'

    def mark(self, escaped: str) -> str:
        if not self._pattern:
            return escaped
        return self._pattern.sub(self._replace, escaped)

    def text(self, value: object) -> str:
        """Escape record text and add the tooltips: the usual path for body text."""
        return self.mark(escape.html(value))


def _abbreviation_pattern(keys: list[str]) -> re.Pattern[str]:
    """Any of `keys` (longest first) as a whole word, not after "/" or "-".

    Not after "/" or "-": there the letters are a document number's code
    (40-CT/TW, 6766/KH-UBND), not running text to explain. The branches are
    grouped by first character, with the look-behind after that character,
    so the pattern starts with a literal and the regex engine skips ahead
    to candidate characters instead of testing the look-behind at every
    position (four times faster over clause text).
    """
    by_first: dict[str, list[str]] = {}
    for key in keys:
        by_first.setdefault(key[0], []).append(key[1:])
    branches = [f"{re.escape(first)}(?<![\\w&#/-]{re.escape(first)})(?:{'|'.join(re.escape(rest) for rest in rests)})"
                for first, rests in by_first.items()]
    return re.compile(f"(?:{'|'.join(branches)})(?![\\w])")
