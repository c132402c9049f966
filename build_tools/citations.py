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

_TYPE_BY_WORD = {fold(name): type_id for name, type_id in P.DOC_TYPE_NAMES.items()}
_TYPE_SUFFIX = {type_id: code for code, type_id in reversed(list(P.SUFFIX_TYPES.items()))}
# data/vocabulary.yaml: cong-van has `suffix_check: false`.
_SENDER_CODED = frozenset({"cong-van"})
_KNOWN_CODES = {code.upper(): code for code in
                [*P.SUFFIX_TYPES, *P.CENTRAL_CODES, "TW", "TU", "HU", "ĐU", "QU", "HĐND", "TH"]}


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
    word_type = _TYPE_BY_WORD.get(fold(g["word"])) if g["word"] else None
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


def find_citations(text: str) -> list[Citation]:
    """Every citation in text, in order, unresolved (target None, relation 'cites')."""
    skip = [mm.span() for mm in P.ALIAS_DEFINITION.finditer(text)]
    found: list[Citation] = []
    pos = 0
    while (m := P.CITATION.search(text, pos)) is not None:
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
        found.append(Citation(text=text[m.start():end], span=Span(m.start(), end), type=type_id,
                              number=number, date=date, issuer=None, warnings=tuple(warnings)))
    bounds = sentence_bounds(text, found)
    return [replace(c, issuer=_suffix_issuer(c.number), sentence=_sentence(text, bounds, c))
            for c in found]


# Evidence longer than this is a run-on text with no sentence ends (a PDF
# table, a pasted page): a window around the citation says more.
MAX_SENTENCE = 600


def _suffix_issuer(number: str | None) -> OrgId | None:
    if not number or "/" not in number or "-" not in number.split("/")[-1]:
        return None                                      # Party numbers: "/TW" is not one body
    return SUFFIX_ISSUERS.get(number.split("-")[-1])


# --- sentences ---------------------------------------------------------------

def sentence_bounds(text: str, citations: Iterable[Citation], *, semicolons: bool = False) -> list[int]:
    """Offsets where a new sentence (or, with semicolons, a chain segment) starts."""
    starts = {0}
    for m in P.FULL_STOP.finditer(text):
        nxt = text[m.end()] if m.end() < len(text) else ""
        if nxt.isupper() or nxt.isdigit():
            starts.add(m.end())
    starts.update(m.end() for m in P.LINE_BREAK_END.finditer(text))
    if semicolons:
        starts.update(m.end() for m in P.SEGMENT_END.finditer(text))
    # A boundary inside a citation is an OCR period ("Chỉ thị số.\n40-CT/TW"): drop it.
    spans = sorted((c.span.start, c.span.end) for c in citations)
    begins = [a for a, _ in spans]

    def inside(s: int) -> bool:
        i = bisect.bisect_left(begins, s) - 1
        return i >= 0 and spans[i][0] < s < spans[i][1]
    return sorted(s for s in starts if not inside(s))


def _sentence(text: str, bounds: list[int], c: Citation) -> str:
    i = bisect.bisect_right(bounds, c.span.start) - 1
    end = bounds[i + 1] if i + 1 < len(bounds) else len(text)
    start, end = bounds[i], max(end, c.span.end)
    if end - start > MAX_SENTENCE:
        margin = max(0, (MAX_SENTENCE - (c.span.end - c.span.start)) // 2)
        lo, hi = max(start, c.span.start - margin), min(end, c.span.end + margin)
        return ("… " if lo > start else "") + " ".join(text[lo:hi].split()) + (" …" if hi < end else "")
    return " ".join(text[start:end].split())


# --- resolve -----------------------------------------------------------------

Alias = tuple[tuple[str, ...], OrgId]


@dataclass(frozen=True)
class CitationIndex:
    """What resolution needs from the corpus, keyed for lookup."""
    documents: Mapping[DocId, Document]
    organizations: Mapping[OrgId, Organization]
    by_number: Mapping[str, tuple[DocId, ...]]         # number_key -> ids
    by_type: Mapping[str, tuple[DocId, ...]]           # type -> numbered ids
    aliases: tuple[Alias, ...]                          # folded alias tokens -> org
    local_aliases: Mapping[str, tuple[Alias, ...]]     # province -> "tinh uy" -> its Tỉnh ủy
    doc_province: Mapping[DocId, str | None]


@dataclass
class Context:
    """The citing document: its province and type, and what it cited so far."""
    province: str | None = None
    doc_type: str | None = None
    earlier: list[Citation] = field(default_factory=list)


def number_key(number: str) -> str:
    """One key for every spelling: '40-CT/TƯ', '40-ct/tw' -> '40-CT/TW'; '05/QĐ-TTg' == '5/QD-TTG'."""
    key = fold(number.replace("Ư", "W").replace("ư", "w")).upper().replace(" ", "")
    return re.sub(r"^0+(?=\d)", "", key)


def _lead(number: str | None) -> int | None:
    m = re.match(r"\d+", number or "")
    return int(m.group()) if m else None


def build_index(corpus: Corpus) -> CitationIndex:
    by_number: dict[str, list[DocId]] = {}
    by_type: dict[str, list[DocId]] = {}
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        if doc.number:
            by_number.setdefault(number_key(doc.number), []).append(doc_id)
            by_type.setdefault(doc.type, []).append(doc_id)
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
        by_type={k: tuple(v) for k, v in by_type.items()},
        aliases=tuple(aliases), local_aliases={k: tuple(v) for k, v in local.items()},
        doc_province={i: corpus.province_of(d) for i, d in corpus.documents.items()},
    )


def _match_issuer(c: Citation, index: CitationIndex, ctx: Context) -> tuple[Citation, OrgId | None]:
    """The body named after "của", and the citation trimmed to the alias that names it."""
    tail = P.ISSUER_TAIL.search(c.text)
    if not tail:
        return c, None
    words = [(fold(w.group()), w.end()) for w in re.finditer(P.LETTER + "+", tail.group("issuer"))]
    tokens = tuple(w for w, _ in words)
    best: list[Alias] = []
    for alias in (*index.aliases, *index.local_aliases.get(ctx.province or "", ())):
        if alias[0] and tokens[:len(alias[0])] == alias[0]:
            if not best or len(alias[0]) > len(best[0][0]):
                best = [alias]
            elif len(alias[0]) == len(best[0][0]) and alias[1] != best[0][1]:
                best.append(alias)
    if not best:
        return replace(c, warnings=(*c.warnings, f"issuer '{tail.group('issuer')}' matches no organization")), None
    if len({org for _, org in best}) > 1:
        orgs = ", ".join(sorted({org for _, org in best}))
        return replace(c, warnings=(*c.warnings, f"ambiguous issuer '{tail.group('issuer')}': {orgs}")), None
    end = tail.start("issuer") + words[len(best[0][0]) - 1][1]
    trimmed = replace(c, text=c.text[:end], span=Span(c.span.start, c.span.start + end))
    return trimmed, best[0][1]


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
    return [i for i in index.by_type.get(c.type or "", ())
            if _lead(index.documents[i].number) == _lead(c.number)
            and (year is None or index.documents[i].year == year)]


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
    hits = [i for i, d in sorted(index.documents.items())
            if d.type == c.type and d.date == c.date and _family(index, issuer, d.issuer)]
    return hits[0] if len(hits) == 1 else None


def _resolve_one(c: Citation, index: CitationIndex, ctx: Context) -> Citation:
    c, named = _match_issuer(c, index, ctx)
    issuer = named or c.issuer
    warnings = list(c.warnings)
    number, target = c.number, None
    short = bool(number and number.isdigit())
    earlier = _earlier(c, ctx) if short else None
    if earlier:
        number, target, issuer = earlier.number, earlier.target, issuer or earlier.issuer
    else:
        pool = _short_candidates(c, index) if short else \
            [i for i in index.by_number.get(number_key(number or ""), ())]
        same_type = [i for i in pool if index.documents[i].type == c.type]
        allowed = _allowed(same_type or pool, issuer, index, ctx)
        if len(allowed) == 1:
            target = allowed[0]
        elif len(allowed) > 1:
            warnings.append(f"ambiguous: {c.number} fits {len(allowed)} records "
                            f"({', '.join(allowed)}); not resolved")
        elif pool:
            warnings.append(f"{c.number} fits {', '.join(pool)} but not its issuer or province; not resolved")
        elif not short and (hit := _ocr_suggestion(c, issuer, index)):
            target = hit
            warnings.append(f"probable OCR error: no record has number {c.number}; type, date and "
                            f"issuer match {index.documents[hit].number} ({hit})")
    if target:
        doc = index.documents[target]
        if short:
            number = doc.number
        if c.date and doc.date and len(c.date) == 10 and c.date != doc.date:
            warnings.append(f"date {c.date} differs from the record's {doc.date}")
        issuer = issuer or doc.issuer
    return replace(c, number=number, issuer=issuer, target=target, warnings=tuple(warnings))


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
    g = _squeeze(gap[-200:]) + " "                      # cues are the last few words
    for relation, cue in (("continues", P.CONTINUES_CUE), ("implements", P.IMPLEMENTS_CUE),
                          ("based_on", P.BASED_ON_CUE)):
        m = cue.search(g)
        if not m:
            continue
        before = g[:m.start()]
        # "Về tiếp tục thực hiện Chỉ thị ..." (seed 003, footnote 1) is the cited
        # document's title, not this document's act — except in its own title.
        if not own_subject and re.search(r"(?:^|\s)về(?:\s+việc)?\s*$", before):
            return "cites"
        # "Hội nghị tổng kết 10 năm thực hiện Chỉ thị" (seed 003) reviews it.
        if re.search(r"(?:tổng kết|sơ kết|\d+ năm|kết quả|tình hình)\s*$", before):
            return "cites"
        return relation
    return "cites"


def classify(text: str, citations: list[Citation], *, doc_type: str | None = None,
             own_subject: bool = False) -> list[Citation]:
    """Set each citation's relation; only the head of a chain gets the verb.

    own_subject: the text is the document's own title, where "Về việc tiếp tục
    thực hiện ..." states what this document does.
    """
    segments = sentence_bounds(text, citations, semicolons=True)
    sentences = sentence_bounds(text, citations)
    out: list[Citation] = []
    last_head: dict[int, Citation] = {}                 # sentence start -> its latest chain head
    for c in citations:
        seg = segments[bisect.bisect_right(segments, c.span.start) - 1]
        prev = out[-1] if out and out[-1].span.end <= c.span.start and out[-1].span.start >= seg else None
        if prev is not None:
            gap = text[prev.span.end:c.span.start]
            if P.LIST_JOINER.match(gap):
                relation = prev.relation                 # "Chỉ thị ... và Kết luận ..."
            elif P.TITLE_INTRO.search(gap.lower()):
                relation = "cites"                       # inside the previous one's title
            else:
                relation = _cue(gap, own_subject)
        else:
            gap = text[seg:c.span.start]
            sentence = sentences[bisect.bisect_right(sentences, c.span.start) - 1]
            head = last_head.get(sentence)
            if not gap.strip() and seg > sentence and head is not None:
                relation = head.relation                 # "Thực hiện A ...; B ..." (seed 003)
            else:
                relation = _cue(gap, own_subject)
            last_head[sentence] = replace(c, relation=relation)
        if doc_type == "bai-viet":
            # A report's "thực hiện Chỉ thị 40" narrates what others did; the
            # report itself implements nothing. reports_on is declared by hand.
            relation = "cites"
        out.append(replace(c, relation=relation))
    return out


def extract(text: str, index: CitationIndex, ctx: Context | None = None, *,
            clause: str | None = None, own_subject: bool = False) -> list[Citation]:
    """find → resolve → classify over one piece of a document."""
    ctx = ctx if ctx is not None else Context()
    found = resolve(find_citations(text), index, ctx)
    classified = classify(text, found, doc_type=ctx.doc_type, own_subject=own_subject)
    return [replace(c, clause=clause) for c in classified]
