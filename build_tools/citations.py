"""Citation extractor: find → resolve → classify.

- `find_citations(text)` finds every mention of a numbered document and
  parses it (type, canonical number, ISO date); it needs no corpus.
- `resolve(citations, index, context)` maps each one to a document id using
  the records (`build_index(corpus)`), the organizations' aliases and the
  citing document's province.
- `classify(text, citations, ...)` sets the relation from the words before
  each citation in its sentence.

`extract(text, index, context)` runs the three. Every regular expression is
in `citation_patterns.py`.

Speed (5,000 records are 40 MB of text and 46,000 citations): the finder
tries the citation pattern only in the few words before each number
(`_Matcher`); what a build meets again and again is worked out once — a
text's citations and sentences (`TextMemo`, by text), an issuer phrase and
a number look-up (the index's memos), a relation cue (`_cue_of_tail`).

Decisions (see ARCHITECTURE.md, "Citation extractor"):

- A Party congress resolution with no number ("Nghị quyết Đại hội XII của
  Đảng", seed 000) is not a citation: nothing identifies a record, and the
  archive has no type for congress resolutions. Likewise "Chỉ thị này".
- The issuer of a citation is, in order: the body named after "của"/"do"
  (organization aliases, and inside a provincial document the province's own
  bodies: "Tỉnh ủy", "UBND tỉnh"); else the unique central issuer the number's
  last code names (TTg, CP, VPCP); else the issuer of the record it resolves
  to. "/TW" alone never gives ban-bi-thu: the Politburo also issues
  "…-CT/TW", so only the phrase or the record can say which body it was.
- A local number (any code but TW, TTg, CP …) with no issuer phrase only
  resolves to a record of the citing document's province: "09-CT/TU" exists
  in every province.
- Ambiguity is reported in `warnings`, never guessed.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from . import citation_patterns as P
from .models import Citation, Corpus, DocId, Document, Organization, OrgId, Span
from .vietnamese import fold

# Central bodies that a number's last code names unambiguously: "401/QĐ-TTg"
# is the Prime Minister's, "100/2024/NĐ-CP" the Government's, "449/TB-VPCP"
# the Government Office's (seeds 001, 003).
SUFFIX_ISSUERS: dict[str, OrgId] = {
    "TTg": "thu-tuong-chinh-phu",
    "CP": "chinh-phu",
    "VPCP": "van-phong-chinh-phu",
}

# Type words and issuer phrases repeat the same few hundred words: fold each once.
_fold_word = functools.lru_cache(maxsize=4096)(fold)

_TYPE_BY_WORD = {fold(name): type_id for name, type_id in P.DOC_TYPE_NAMES.items()}
_TYPE_SUFFIX = {type_id: code for code, type_id in reversed(list(P.SUFFIX_TYPES.items()))}
# data/vocabulary.yaml: cong-van has `suffix_check: false`.
_SENDER_CODED = frozenset({"cong-van"})
_KNOWN_CODES = {code.upper(): code for code in
                [*P.SUFFIX_TYPES, *P.CENTRAL_CODES, "TW", "TU", "HU", "ĐU", "QU", "HĐND", "TH"]}


def _with(c: Citation, **changes: object) -> Citation:
    """dataclasses.replace(c, ...) at half the cost (it checks every field): once per citation found."""
    fields = dict(c.__dict__)
    fields.update(changes)
    return Citation(**fields)  # type: ignore[arg-type]


# --- find ------------------------------------------------------------------

def canonical_code(code: str) -> str:
    """'TTG' -> 'TTg', 'TƯ' -> 'TW', 'QD' -> 'QĐ'; an unknown code stays as printed."""
    key = code.upper()
    return P.CODE_CANON.get(key) or _KNOWN_CODES.get(key) or code


def _suffix_type(code: str) -> str | None:
    return P.SUFFIX_TYPES.get(code.rstrip("0123456789"))


def _iso_date(day: str, month: str, year: str) -> str | None:
    d, m, y = int(day), int(month), int(year)
    if not (1 <= m <= 12 and 1 <= d <= 31 and 1900 <= y <= 2100):
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _ocr_fix(code: str, type_id: str | None) -> str | None:
    """'CU' under "Chỉ thị" -> 'CT' (seed 001 "Chỉ thị số 40-CU/TW"): one letter off."""
    expected = _TYPE_SUFFIX.get(type_id or "")
    # A Công văn's code names its sender ("1931/UBND-TH"), so any code is right.
    if type_id in _SENDER_CODED or not expected or len(expected) != len(code) or code in P.SUFFIX_TYPES:
        return None
    differ = sum(a != b for a, b in zip(expected.upper(), code.upper(), strict=False))
    return expected if differ == 1 else None


def _parse(m: re.Match[str], text: str) -> tuple[str | None, str, str | None, list[str]] | None:
    """(type, number, date, warnings) of one regex match, or None when it is no citation."""
    g = m.groupdict()
    word_type = _TYPE_BY_WORD.get(_fold_word(g["word"])) if g["word"] else None
    warnings: list[str] = []
    date: str | None = None
    if g["p_num"] or g["q_num"]:                       # Party form 40-CT/TW
        num = g["p_num"] or g["q_num"]
        code = canonical_code(g["p_code"] or g["q_code"])
        org = canonical_code(g["p_org"] or g["q_org"])
        fixed = _ocr_fix(code, word_type) if word_type else None
        if fixed:
            warnings.append(f"OCR: printed {num}-{code}/{org}, read as {num}-{fixed}/{org}")
            code = fixed
        number, suffix_type = f"{num}-{code}/{org}", _suffix_type(code)
    elif g["s_num"]:                                     # State form 401/QĐ-TTg
        codes = [canonical_code(c) for c in re.split(r"\s*-\s*", g["s_codes"])]
        fixed = _ocr_fix(codes[0], word_type) if word_type else None
        if fixed:
            warnings.append(f"OCR: printed {codes[0]}, read as {fixed}")
            codes[0] = fixed
        parts = [g["s_num"], *([g["s_year"]] if g["s_year"] else []), "-".join(codes)]
        number, suffix_type = "/".join(parts), _suffix_type(codes[0])
    else:                                                # short form "Chỉ thị số 40"
        if word_type is None or (not g["so"] and word_type not in P.SHORT_FORM_TYPES):
            return None
        number, suffix_type = g["n_num"], None
        date = g["n_year"]                               # "Chỉ thị số 40/2014": the year is printed
    if word_type is None and suffix_type is None:
        return None                                      # a bare number needs a known suffix
    if word_type and word_type not in _SENDER_CODED and suffix_type is None and not number.isdigit():
        warnings.append(f"number {number}: its code names no document type")
    if g["d"] or g["d2"]:
        day, month, year = (g["d"], g["m"], g["y"]) if g["d"] else (g["d2"], g["m2"], g["y2"])
        date = _iso_date(day, month, year)
        if date is None:
            warnings.append(f"date {day}/{month}/{year} is not a calendar date")
    if g["bare_so"] and P.HEADER_NUMBER.search(text, max(0, m.start() - 40), m.start()):
        warnings.append("header number ('Số:'): probably the document's own number")
    return word_type or suffix_type, number, date, warnings


class _Matcher:
    """`P.CITATION.search(text, pos)`, trying CITATION only just before a number.

    Every match starts inside the zone before its number's first digit run
    (citation_patterns.PREFIX_ZONE_REVERSED), and zones hold no digit, so the
    candidates come in order and the first one that matches is the leftmost.
    """

    def __init__(self, text: str):
        self.text = text
        self.numbers = [m.start() for m in P.DIGIT_RUN.finditer(text)]
        self.reversed = text[::-1] if self.numbers else ""
        self.next = 0                                    # index of the first number not yet passed

    def search(self, pos: int) -> re.Match[str] | None:
        text, numbers = self.text, self.numbers
        while self.next < len(numbers) and numbers[self.next] < pos:
            self.next += 1
        for i in range(self.next, len(numbers)):
            digit = numbers[i]
            start = max(pos, digit - self._zone(digit))
            while (head := P.CITATION_HEAD.search(text, start, digit + 1)) is not None:
                if (m := P.CITATION.match(text, head.start())) is not None:
                    return m
                start = head.start() + 1
        return None

    def _zone(self, digit: int) -> int:
        """How far before the digit run at `digit` its citation may start."""
        reversed_at = len(self.text) - digit
        m = P.PREFIX_ZONE_REVERSED.match(self.reversed, reversed_at)
        return m.end() - reversed_at if m else 0        # the pattern matches the empty string too


def find_citations(text: str) -> list[Citation]:
    """Every citation in text, in order, unresolved (target None, relation 'cites')."""
    return _find(text, _Boundaries(text))


def _find(text: str, boundaries: _Boundaries) -> list[Citation]:
    matcher = _Matcher(text)
    if not matcher.numbers:
        return []                                        # every citation holds a number
    skip = [mm.span() for mm in P.ALIAS_DEFINITION.finditer(text)]
    found: list[tuple[Span, str | None, str, str | None, list[str]]] = []
    pos = 0
    while (m := matcher.search(pos)) is not None:
        pos = max(m.end(), m.start() + 1)
        if any(a <= m.start() < b for a, b in skip):
            continue
        parsed = _parse(m, text)
        if parsed is None:
            continue
        type_id, number, date, warnings = parsed
        end = m.end()
        tail = P.ISSUER_TAIL.match(text, end)
        if tail and tail.group("issuer")[0].isupper():   # "của tỉnh" names no body
            end = pos = tail.end()                       # the next search starts after the issuer
        found.append((Span(m.start(), end), type_id, number, date, warnings))
    if not found:
        return []
    bounds = boundaries.outside((span.start, span.end) for span, *_ in found)
    return [Citation(text=text[span.start:span.end], span=span, type=type_id, number=number, date=date,
                     issuer=_suffix_issuer(number), sentence=_sentence(text, bounds, span),
                     warnings=tuple(warnings))
            for span, type_id, number, date, warnings in found]


# Evidence longer than this is a run-on text with no sentence ends (a PDF
# table, a pasted page): a window around the citation says more.
MAX_SENTENCE = 600


def _suffix_issuer(number: str | None) -> OrgId | None:
    if not number or "/" not in number or "-" not in number.split("/")[-1]:
        return None                                      # Party numbers: "/TW" is not one body
    return SUFFIX_ISSUERS.get(number.split("-")[-1])


# --- sentences ---------------------------------------------------------------

class _Boundaries:
    """A text's sentence and chain-segment starts, found once and filtered for each list of citations."""

    def __init__(self, text: str):
        self.text = text
        self._sentences: set[int] | None = None
        self._segments: set[int] | None = None
        # (spans, is a report, is the own title) -> relations: see _relations_of.
        self.relations: dict[tuple[tuple[tuple[int, int], ...], bool, bool], tuple[str, ...]] = {}

    def starts(self, semicolons: bool) -> set[int]:
        if self._sentences is None:
            text, starts = self.text, {0}
            for m in P.FULL_STOP.finditer(text):
                nxt = text[m.end()] if m.end() < len(text) else ""
                if nxt.isupper() or nxt.isdigit():
                    starts.add(m.end())
            starts.update(m.end() for m in P.LINE_BREAK_END.finditer(text))
            self._sentences = starts
        if not semicolons:
            return self._sentences
        if self._segments is None:
            self._segments = self._sentences | {m.end() for m in P.SEGMENT_END.finditer(self.text)}
        return self._segments

    def outside(self, spans: Iterable[tuple[int, int]], *, semicolons: bool = False) -> list[int]:
        """The starts, less those inside a citation: an OCR period ("Chỉ thị số.\n40-CT/TW")."""
        ordered = sorted(spans)
        begins = [a for a, _ in ordered]

        def inside(s: int) -> bool:
            i = bisect.bisect_left(begins, s) - 1
            return i >= 0 and ordered[i][0] < s < ordered[i][1]
        return sorted(s for s in self.starts(semicolons) if not inside(s))


def sentence_bounds(text: str, citations: Iterable[Citation], *, semicolons: bool = False) -> list[int]:
    """Offsets where a new sentence (or, with semicolons, a chain segment) starts."""
    return _Boundaries(text).outside(((c.span.start, c.span.end) for c in citations), semicolons=semicolons)


def _sentence(text: str, bounds: list[int], span: Span) -> str:
    i = bisect.bisect_right(bounds, span.start) - 1
    end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
    start, end = bounds[i], max(end, span.end)
    if end - start > MAX_SENTENCE:
        margin = max(0, (MAX_SENTENCE - (span.end - span.start)) // 2)
        lo, hi = max(start, span.start - margin), min(end, span.end + margin)
        return ("… " if lo > start else "") + " ".join(text[lo:hi].split()) + (" …" if hi < end else "")
    return " ".join(text[start:end].split())


# --- resolve -----------------------------------------------------------------

Alias = tuple[tuple[str, ...], OrgId]


@dataclass(frozen=True)
class _IssuerMatch:
    """What the words after "của" say: the body, the length to trim the citation to, or a warning."""
    org: OrgId | None = None
    keep: int | None = None                              # characters of the citation text that stay
    warning: str | None = None


@dataclass(frozen=True)
class CitationIndex:
    """What resolution needs from the corpus, keyed for lookup."""
    documents: Mapping[DocId, Document]
    organizations: Mapping[OrgId, Organization]
    by_number: Mapping[str, tuple[DocId, ...]]         # number_key -> ids
    by_lead: Mapping[tuple[str, int | None], tuple[DocId, ...]]   # (type, leading number) -> numbered ids
    by_day: Mapping[tuple[str, str], tuple[DocId, ...]]            # (type, full date) -> ids
    aliases: tuple[Alias, ...]                          # folded alias tokens -> org
    local_aliases: Mapping[str, tuple[Alias, ...]]     # province -> "tinh uy" -> its Tỉnh ủy
    doc_province: Mapping[DocId, str | None]
    # The same aliases keyed by their words: hundreds of "Ủy ban nhân dân tỉnh …"
    # share a first word, so a phrase is looked up by each of its beginnings.
    orgs_by_alias: Mapping[tuple[str, ...], frozenset[OrgId]]
    local_orgs_by_alias: Mapping[tuple[str, tuple[str, ...]], frozenset[OrgId]]   # (province, tokens)
    longest_alias: int
    # (citation text, province) -> what its issuer phrase names: the same
    # mentions ("Chỉ thị số 40-CT/TW ... của Ban Bí thư") recur across records.
    issuer_memo: dict[tuple[str, str | None], _IssuerMatch] = field(default_factory=dict, compare=False, repr=False)
    # (number, type, date, issuer, province) -> (target, warnings), for the same reason.
    lookup_memo: dict[tuple[str | None, ...], tuple[DocId | None, tuple[str, ...]]] = field(
        default_factory=dict, compare=False, repr=False)

    def for_corpus(self, corpus: Corpus) -> CitationIndex:
        """These tables over corpus's records, memos empty; for a corpus with the same index_key."""
        return replace(self, documents=corpus.documents, organizations=corpus.organizations,
                       issuer_memo={}, lookup_memo={})

    def longest_match(self, tokens: tuple[str, ...], province: str | None) -> tuple[int, frozenset[OrgId]]:
        """The most words an alias (or a local alias of the province) covers at the start of tokens,
        and every body such an alias names; (0, empty) when none."""
        for n in range(min(len(tokens), self.longest_alias), 0, -1):
            orgs = self.orgs_by_alias.get(tokens[:n], frozenset()) \
                | self.local_orgs_by_alias.get((province or "", tokens[:n]), frozenset())
            if orgs:
                return n, orgs
        return 0, frozenset()


@dataclass
class Context:
    """The citing document: its province and type, and what it cited so far."""
    province: str | None = None
    doc_type: str | None = None
    earlier: list[Citation] = field(default_factory=list)


_DIGITS = re.compile(r"\d+")


@functools.lru_cache(maxsize=8192)                       # a build looks up the same numbers again and again
def number_key(number: str) -> str:
    """One key for every spelling: '40-CT/TƯ', '40-ct/tw' -> '40-CT/TW'; '05/QĐ-TTg' == '5/QD-TTG'."""
    key = fold(number.replace("Ư", "W").replace("ư", "w")).upper().replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", key)


@functools.lru_cache(maxsize=8192)
def _lead(number: str | None) -> int | None:
    m = _DIGITS.match(number or "")
    return int(m.group()) if m else None


def index_key(corpus: Corpus) -> tuple[object, ...]:
    """Everything build_index, and the Context of each document, read from the corpus.

    Two corpora with equal keys resolve every citation alike, whatever else
    (titles, clause texts) differs: each document's number, type, date, year,
    issuer and province; the organizations, provinces and vocabulary.
    """
    docs = tuple((i, d.type, d.number, d.date, d.year, d.issuer, d.province)
                 for i, d in sorted(corpus.documents.items()))
    return (docs, sorted(corpus.organizations.items()), sorted(corpus.provinces.items()), corpus.vocabulary)


def build_index(corpus: Corpus) -> CitationIndex:
    by_number: dict[str, list[DocId]] = {}
    by_lead: dict[tuple[str, int | None], list[DocId]] = {}
    by_day: dict[tuple[str, str], list[DocId]] = {}
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        if doc.number:
            by_number.setdefault(number_key(doc.number), []).append(doc_id)
            by_lead.setdefault((doc.type, _lead(doc.number)), []).append(doc_id)
        if doc.date:
            by_day.setdefault((doc.type, doc.date), []).append(doc_id)
    aliases: list[Alias] = []
    local: dict[str, list[Alias]] = {}
    for org in sorted(corpus.organizations.values(), key=lambda o: o.id):
        names = {org.name, *(org.aliases or ()), *([org.short_name] if org.short_name else [])}
        for name in sorted(names):
            tokens = tuple(fold(name).split())
            aliases.append((tokens, org.id))
            place = corpus.provinces.get(org.province or "")
            suffix = tuple(fold(place.name).split()) if place else ()
            # "Tỉnh ủy Hưng Yên" -> "Tỉnh ủy" inside a Hưng Yên document (seed 003).
            if suffix and len(tokens) > len(suffix) and tokens[-len(suffix):] == suffix:
                local.setdefault(org.province or "", []).append((tokens[:-len(suffix)], org.id))
    return CitationIndex(
        documents=corpus.documents, organizations=corpus.organizations,
        by_number={k: tuple(v) for k, v in by_number.items()},
        by_lead={k: tuple(v) for k, v in by_lead.items()},
        by_day={k: tuple(v) for k, v in by_day.items()},
        aliases=tuple(aliases), local_aliases={k: tuple(v) for k, v in local.items()},
        doc_province={i: corpus.province_of(d) for i, d in corpus.documents.items()},
        orgs_by_alias=_orgs_by_alias(aliases),
        local_orgs_by_alias={(province, tokens): orgs for province, group in local.items()
                             for tokens, orgs in _orgs_by_alias(group).items()},
        longest_alias=max((len(tokens) for tokens, _ in (*aliases, *(a for g in local.values() for a in g))),
                          default=0),
    )


def _orgs_by_alias(aliases: Iterable[Alias]) -> dict[tuple[str, ...], frozenset[OrgId]]:
    grouped: dict[tuple[str, ...], set[OrgId]] = {}
    for tokens, org in aliases:
        if tokens:                                       # an empty alias names nothing
            grouped.setdefault(tokens, set()).add(org)
    return {tokens: frozenset(orgs) for tokens, orgs in grouped.items()}


def _match_issuer(c: Citation, index: CitationIndex, ctx: Context) -> _IssuerMatch:
    """The body named after "của", and where the alias that names it ends."""
    key = (c.text, ctx.province)
    found = index.issuer_memo.get(key)
    if found is None:
        found = index.issuer_memo[key] = _issuer_of(c.text, index, ctx.province)
    return found


def _issuer_of(text: str, index: CitationIndex, province: str | None) -> _IssuerMatch:
    tail = P.ISSUER_TAIL.search(text)
    if not tail:
        return _IssuerMatch()
    words = [(_fold_word(w.group()), w.end()) for w in re.finditer(P.LETTER + "+", tail.group("issuer"))]
    length, orgs = index.longest_match(tuple(w for w, _ in words), province)
    if not orgs:
        return _IssuerMatch(warning=f"issuer '{tail.group('issuer')}' matches no organization")
    if len(orgs) > 1:
        return _IssuerMatch(warning=f"ambiguous issuer '{tail.group('issuer')}': {', '.join(sorted(orgs))}")
    return _IssuerMatch(org=next(iter(orgs)), keep=tail.start("issuer") + words[length - 1][1])


def _family(index: CitationIndex, a: OrgId | None, b: OrgId | None) -> bool:
    """Same body or parent/child: "Văn phòng Tỉnh ủy" signs for the Tỉnh ủy (seed 003, 1692-TB/TU)."""
    if not a or not b:
        return False
    oa, ob = index.organizations.get(a), index.organizations.get(b)
    return a == b or (oa is not None and oa.parent == b) or (ob is not None and ob.parent == a)


def _central(index: CitationIndex, doc_id: DocId) -> bool:
    doc = index.documents[doc_id]
    org = index.organizations.get(doc.issuer or "")
    if org:
        return org.level == "central"
    codes = re.split(r"[-/]", doc.number or "")
    return bool(codes) and codes[-1] in P.CENTRAL_CODES


def _allowed(ids: Iterable[DocId], issuer: OrgId | None, index: CitationIndex, ctx: Context) -> list[DocId]:
    if issuer:
        return [i for i in ids if _family(index, issuer, index.documents[i].issuer)]
    return [i for i in ids if _central(index, i)
            or (ctx.province is not None and index.doc_province.get(i) == ctx.province)]


def _short_candidates(c: Citation, index: CitationIndex) -> list[DocId]:
    year = int(c.date[:4]) if c.date else None
    return [i for i in index.by_lead.get((c.type or "", _lead(c.number)), ())
            if year is None or index.documents[i].year == year]


def _earlier(c: Citation, ctx: Context) -> Citation | None:
    """The full citation met earlier in the same text that a short form repeats."""
    year = c.date[:4] if c.date else None
    for e in reversed(ctx.earlier):
        if (e.type == c.type and e.number and not e.number.isdigit() and _lead(e.number) == _lead(c.number)
                and (year is None or not e.date or e.date[:4] == year)):
            return e
    return None


def _ocr_suggestion(c: Citation, issuer: OrgId | None, index: CitationIndex) -> DocId | None:
    """Seed 001 prints 101/QĐ-TTg where 401/QĐ-TTg of the same day is meant."""
    if not (c.type and issuer and c.date and len(c.date) == 10):
        return None
    hits = [i for i in index.by_day.get((c.type, c.date), ()) if _family(index, issuer, index.documents[i].issuer)]
    return hits[0] if len(hits) == 1 else None


def _look_up(c: Citation, issuer: OrgId | None, index: CitationIndex,
             ctx: Context) -> tuple[DocId | None, tuple[str, ...]]:
    """The record c's number names, and warnings; remembered, as records cite the same few numbers."""
    key = (c.number, c.type, c.date, issuer, ctx.province)     # all that the look-up reads of c and ctx
    found = index.lookup_memo.get(key)
    if found is None:
        found = index.lookup_memo[key] = _look_up_number(c, issuer, index, ctx)
    return found


def _look_up_number(c: Citation, issuer: OrgId | None, index: CitationIndex,
                    ctx: Context) -> tuple[DocId | None, tuple[str, ...]]:
    short = bool(c.number and c.number.isdigit())
    pool = _short_candidates(c, index) if short else list(index.by_number.get(number_key(c.number or ""), ()))
    same_type = [i for i in pool if index.documents[i].type == c.type]
    allowed = _allowed(same_type or pool, issuer, index, ctx)
    if len(allowed) == 1:
        return allowed[0], ()
    if len(allowed) > 1:
        return None, (f"ambiguous: {c.number} fits {len(allowed)} records ({', '.join(allowed)}); not resolved",)
    if pool:
        return None, (f"{c.number} fits {', '.join(pool)} but not its issuer or province; not resolved",)
    if not short and (hit := _ocr_suggestion(c, issuer, index)):
        return hit, (f"probable OCR error: no record has number {c.number}; type, date and "
                     f"issuer match {index.documents[hit].number} ({hit})",)
    return None, ()


def _resolve_one(c: Citation, index: CitationIndex, ctx: Context, named: _IssuerMatch | None = None,
                 **also: str | None) -> Citation:
    """c resolved; `also` are more fields to set in the same copy (relation, clause)."""
    named = named or _match_issuer(c, index, ctx)
    issuer = named.org or c.issuer
    warnings = [*c.warnings, *([named.warning] if named.warning else [])]
    number, target = c.number, None
    short = bool(number and number.isdigit())
    earlier = _earlier(c, ctx) if short else None
    if earlier:
        number, target, issuer = earlier.number, earlier.target, issuer or earlier.issuer
    else:
        target, found_warnings = _look_up(c, issuer, index, ctx)
        warnings.extend(found_warnings)
    if target:
        doc = index.documents[target]
        if short:
            number = doc.number
        if c.date and doc.date and len(c.date) == 10 and c.date != doc.date:
            warnings.append(f"date {c.date} differs from the record's {doc.date}")
        issuer = issuer or doc.issuer
    trim = {} if named.keep is None else \
        {"text": c.text[:named.keep], "span": Span(c.span.start, c.span.start + named.keep)}
    return _with(c, number=number, issuer=issuer, target=target, warnings=tuple(warnings), **trim, **also)


def resolve(citations: list[Citation], index: CitationIndex, ctx: Context | None = None) -> list[Citation]:
    """Each citation with target, canonical number and issuer filled where the records allow.

    ctx.earlier grows with every citation, so one Context per document makes
    "Chỉ thị số 40" refer to the full citation met earlier in that document.
    """
    ctx = ctx if ctx is not None else Context()
    out = []
    for c in citations:
        resolved = _resolve_one(c, index, ctx)
        ctx.earlier.append(resolved)
        out.append(resolved)
    return out


# --- classify ----------------------------------------------------------------

def _squeeze(s: str) -> str:
    return " ".join(s.lower().split())


def _cue(gap: str, own_subject: bool) -> str:
    """The relation named by the words just before a citation."""
    return _cue_of_tail(gap[-200:], own_subject)        # cues are the last few words


@functools.lru_cache(maxsize=8192)                       # "Thực hiện ", "; " … recur in every record
def _cue_of_tail(tail: str, own_subject: bool) -> str:
    g = _squeeze(tail) + " "
    for relation, cue in (("continues", P.CONTINUES_CUE), ("implements", P.IMPLEMENTS_CUE),
                          ("based_on", P.BASED_ON_CUE)):
        m = cue.search(g)
        if not m:
            continue
        before = g[:m.start()]
        # The cited document's title, not this document's act — except in its own title.
        if not own_subject and P.TITLE_SUBJECT_BEFORE_CUE.search(before):
            return "cites"
        if P.REVIEW_BEFORE_CUE.search(before):
            return "cites"
        return relation
    return "cites"


def classify(text: str, citations: list[Citation], *, doc_type: str | None = None,
             own_subject: bool = False) -> list[Citation]:
    """Set each citation's relation; only the head of a chain gets the verb.

    own_subject: the text is the document's own title, where "Về việc tiếp tục
    thực hiện ..." states what this document does.
    """
    spans = tuple((c.span.start, c.span.end) for c in citations)
    relations = _relations_of(text, spans, _Boundaries(text), doc_type=doc_type, own_subject=own_subject)
    return [_with(c, relation=r) for c, r in zip(citations, relations, strict=True)]


def _relations_of(text: str, spans: tuple[tuple[int, int], ...], boundaries: _Boundaries, *,
                  doc_type: str | None, own_subject: bool) -> tuple[str, ...]:
    """The relation of each citation at spans; a recurring text with citations at the same places gets the same."""
    key = (spans, doc_type == "bai-viet", own_subject)
    relations = boundaries.relations.get(key)
    if relations is None:
        relations = boundaries.relations[key] = _relations(text, spans, boundaries, *key[1:])
    return relations


def _relations(text: str, spans: tuple[tuple[int, int], ...], boundaries: _Boundaries, report: bool,
               own_subject: bool) -> tuple[str, ...]:
    segments = boundaries.outside(spans, semicolons=True)
    sentences = boundaries.outside(spans)
    out: list[str] = []
    last_head: dict[int, str] = {}                      # sentence start -> its latest chain head's relation
    for k, (start, _) in enumerate(spans):
        seg = segments[bisect.bisect_right(segments, start) - 1]
        prev = spans[k - 1] if k and spans[k - 1][1] <= start and spans[k - 1][0] >= seg else None
        if prev is not None:
            gap = text[prev[1]:start]
            if P.LIST_JOINER.match(gap):
                relation = out[-1]                       # "Chỉ thị ... và Kết luận ..."
            elif P.TITLE_INTRO.search(gap.lower()):
                relation = "cites"                       # inside the previous one's title
            else:
                relation = _cue(gap, own_subject)
        else:
            gap = text[seg:start]
            sentence = sentences[bisect.bisect_right(sentences, start) - 1]
            head = last_head.get(sentence)
            if not gap.strip() and seg > sentence and head is not None:
                relation = head                          # "Thực hiện A ...; B ..." (seed 003)
            else:
                relation = _cue(gap, own_subject)
            last_head[sentence] = relation
        # A report's "thực hiện Chỉ thị 40" narrates what others did; the
        # report itself implements nothing. reports_on is declared by hand.
        out.append("cites" if report else relation)
    return tuple(out)


class TextMemo:
    """What the finder learns from a text alone (its citations, its sentence starts), kept by text.

    Records repeat whole sentences ("Căn cứ Luật Tổ chức chính quyền địa
    phương ngày 19/6/2015;"), so a build meets the same text many times.
    Built from the previous build's memo, it keeps only what the next build
    may meet again: see finished().
    """

    def __init__(self, previous: TextMemo | None = None):
        self._entries: dict[str, tuple[tuple[Citation, ...], _Boundaries]] = {}
        self._previous = previous._entries if previous is not None else {}

    def finished(self, *, keep_previous_except: set[str] | None = None) -> TextMemo:
        """This memo for the next build: the texts met, and with keep_previous_except, the
        previous build's other texts too (records this build did not read again), less those."""
        if keep_previous_except is not None:
            kept = {t: e for t, e in self._previous.items() if t not in keep_previous_except}
            self._entries = {**kept, **self._entries}
        self._previous = {}
        return self

    def get(self, text: str) -> tuple[tuple[Citation, ...], _Boundaries]:
        entry = self._entries.get(text) or self._previous.get(text)
        if entry is None:
            boundaries = _Boundaries(text)
            entry = (tuple(_find(text, boundaries)), boundaries)
        self._entries[text] = entry
        return entry


def extract(text: str, index: CitationIndex, ctx: Context | None = None, *,
            clause: str | None = None, own_subject: bool = False, memo: TextMemo | None = None) -> list[Citation]:
    """find → resolve → classify over one piece of a document.

    The same as classify(text, resolve(find_citations(text), index, ctx)),
    with the clause set; done in one copy of each citation: the issuer
    phrases give the final spans, the spans the relations, then each
    citation is resolved with its relation.
    """
    ctx = ctx if ctx is not None else Context()
    found, boundaries = (memo or TextMemo()).get(text)
    if not found:
        return []                                        # most clauses cite nothing
    issuers = [_match_issuer(c, index, ctx) for c in found]
    spans = tuple((c.span.start, c.span.end if n.keep is None else c.span.start + n.keep)
                  for c, n in zip(found, issuers, strict=True))
    relations = _relations_of(text, spans, boundaries, doc_type=ctx.doc_type, own_subject=own_subject)
    out = []
    for c, named, relation in zip(found, issuers, relations, strict=True):
        resolved = _resolve_one(c, index, ctx, named, relation=relation, clause=clause)
        ctx.earlier.append(resolved)
        out.append(resolved)
    return out
