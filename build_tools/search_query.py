"""Query parsing: words, "quoted phrases", numbers, abbreviations, inline filters.

    ủy thác "ngân sách địa phương" loai:ke-hoach nam:2016..2020 tinh:"Thanh Hóa"

`parse_query` turns the text into units (each unit must match) and filters;
`unit_query` turns a unit into a Whoosh query over the `body`/`ident` fields
that search_analysis fills. The parser never raises: what it cannot use it
reports in `ParsedQuery.warnings` (an unknown filter name, an unbalanced quote).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from whoosh import query as Q

from .models import Abbreviation
from .search_analysis import (
    BIGRAM_JOIN,
    TypedNumbers,
    _words,
    canon,
    fold_word,
    glossary_key,
    number_keys,
    spelling_key,
    usable_abbreviation,
)

MAX_QUERY_CHARS = 500
EXACT_BONUS = 0.6        # re-ranking: a candidate holding every accented word as typed gains 60 %
RERANK_EXTRA = 30        # candidates beyond the page that the exact-form re-ranking looks at
KEY_DOC_BOOST = 12.0     # a number query: the document itself before the clauses citing it
ADJACENT_BOOST = 0.6     # plain words that stand side by side in a clause
SPELLING_BOOST = 2.0     # a number printed exactly as typed ("40-CTTW")
TYPED_FORM_BOOST = 2.0   # "KT-XH" typed: the clauses printing KT - XH before "kinh tế - xã hội"

# Inline filter names (Vietnamese first, English aliases) -> option name.
FILTER_NAMES = {
    "loai": "type", "type": "type",
    "co-quan": "issuer", "coquan": "issuer", "issuer": "issuer",
    "tinh": "province", "province": "province",
    "cap": "level", "level": "level",
    "nam": "year", "year": "year",
}
FILTER_KEYS = frozenset(FILTER_NAMES.values()) - {"year"} | {"year_from", "year_to"}

LEVEL_NAMES = {
    "trung-uong": "central", "tw": "central", "central": "central",
    "tinh": "province", "province": "province", "thanh-pho": "province",
    "huyen": "district", "district": "district",
    "xa": "commune", "commune": "commune",
}

# name:value or name:"quoted value"
_FILTER = re.compile(r'(?<!\S)([A-Za-z-]+):(?:"([^"]*)"|(\S+))')
_YEARS = re.compile(r"^(\d{4})?\s*(?:\.\.|-|–)\s*(\d{4})?$|^(\d{4})$")


@dataclass(frozen=True)
class Unit:
    """One thing that must match: a word, a phrase, a number key, or alternatives."""
    kind: str                                  # word | phrase | key | alt
    words: tuple[str, ...] = ()                # canonical words (word, phrase)
    key: str = ""                              # number key (key)
    spelling: str = ""                         # the number as typed (key), see spelling_key
    alternatives: tuple[tuple[str, ...], ...] = ()   # alt: each a word sequence
    short: str = ""                            # alt: the abbreviation, for its glossary key
    text: str = ""                             # as typed, for messages


@dataclass
class ParsedQuery:
    units: list[Unit] = field(default_factory=list)
    filters: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    accented: bool = False          # some word typed with diacritics: exact forms rank first

    @property
    def highlight_sequences(self) -> list[tuple[str, ...]]:
        """Folded word sequences to mark in snippets: a phrase is marked whole."""
        out: list[tuple[str, ...]] = []
        for u in self.units:
            if u.kind == "word":
                out.append((fold_word(u.words[0]),))
            elif u.kind == "phrase":
                out.append(tuple(fold_word(w) for w in u.words))
            elif u.kind == "alt":
                out.extend(tuple(fold_word(w) for w in alt) for alt in u.alternatives)
            elif u.kind == "key" and not any(ch in u.text for ch in "-/"):
                out.append(tuple(fold_word(w) for w in _words(canon(u.text))))   # "Chỉ thị 40"
        return [seq for seq in dict.fromkeys(out) if seq and all(seq)]

    @property
    def exact_words(self) -> list[str]:
        """The words typed with diacritics (canonical form): the re-ranking looks for these."""
        out = [w for u in self.units if u.kind in ("word", "phrase") for w in u.words
               if fold_word(w) != w and not w.endswith("%")]
        return list(dict.fromkeys(out))

    @property
    def keys(self) -> list[str]:
        return [u.key for u in self.units if u.kind == "key"]


@dataclass
class QueryVocab:
    """What the parser needs to know about the corpus (from the index's meta.json)."""
    type_names: tuple[str, ...] = ()
    abbreviations: tuple[Abbreviation, ...] = ()

    def __post_init__(self) -> None:
        self.typed = TypedNumbers(self.type_names)
        self._abbr: list[tuple[tuple[str, ...], tuple[str, ...], bool, str]] = []
        for a in self.abbreviations:
            short = a.short.strip()
            if not usable_abbreviation(short):
                continue                       # TM., KT., T/M, V/v: signature-block noise
            sw = tuple(_words(canon(short)))
            ew = tuple(_words(canon(a.expansion)))
            if sw and ew:
                # Two- and three-letter forms (TW, TU, VT) collide with folded
                # words ("tu" is từ, tư, tự): only an upper-case query token counts.
                strict = len(short.replace(" ", "")) <= 3
                self._abbr.append((sw, ew, strict, short))
        self._abbr.sort(key=lambda t: -max(len(t[0]), len(t[1])))

    def match_abbreviation(self, toks: list[tuple[str, str]], i: int) -> tuple[int, Unit] | None:
        """An abbreviation or its expansion starting at toks[i]: (length, unit)."""
        folded = [fold_word(w) for w, _ in toks[i:i + 12]]
        for short, expansion, strict, printed in self._abbr:
            for side in (short, expansion):
                n = len(side)
                if n > len(folded) or tuple(folded[:n]) != tuple(fold_word(w) for w in side):
                    continue
                if side is short and strict and not all(orig.isupper() for _, orig in toks[i:i + n]):
                    continue
                if side is expansion and n == 1 and len(expansion[0]) <= 3:
                    continue
                text = " ".join(orig for _, orig in toks[i:i + n])
                other = expansion if side is short else short
                return n, Unit("alt", alternatives=(side, other), text=text, short=printed)
        return None


def parse_query(text: str, vocab: QueryVocab | None = None) -> ParsedQuery:
    vocab = vocab or QueryVocab()
    parsed = ParsedQuery()
    text = text.replace("\x00", " ")[:MAX_QUERY_CHARS * 2]

    def take_filter(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        value = m.group(2) if m.group(2) is not None else m.group(3)
        if name not in FILTER_NAMES:
            return m.group(0)                  # "tỷ:" or "http:" — just words
        _set_filter(parsed, FILTER_NAMES[name], value.strip())
        return " "

    text = _FILTER.sub(take_filter, text)
    # Quoted phrases; an unbalanced quote is closed at the end of the query.
    if text.count('"') % 2:
        parsed.warnings.append("unbalanced quote: closed at the end of the query")
        text += '"'
    for i, piece in enumerate(text.split('"')):
        if i % 2:
            ws = tuple(_words(canon(piece)))
            if len(ws) == 1:
                parsed.units.append(Unit("word", words=ws, text=piece))
            elif ws:
                parsed.units.append(Unit("phrase", words=ws, text=piece))
        else:
            _plain(piece, vocab, parsed)
    parsed.accented = any(fold_word(w) != w for u in parsed.units for w in u.words
                          if not w.endswith("%"))
    return parsed


def _set_filter(parsed: ParsedQuery, name: str, value: str) -> None:
    if not value:
        parsed.warnings.append(f"empty filter {name}")
        return
    if name == "year":
        m = _YEARS.match(value)
        if not m:
            parsed.warnings.append(f"year filter {value!r}: expected 2016, 2016..2020, ..2020 or 2016..")
            parsed.filters["year_invalid"] = value
            return
        if m.group(3):
            parsed.filters["year_from"] = parsed.filters["year_to"] = int(m.group(3))
        else:
            if m.group(1):
                parsed.filters["year_from"] = int(m.group(1))
            if m.group(2):
                parsed.filters["year_to"] = int(m.group(2))
        return
    parsed.filters[name] = value


def _plain(piece: str, vocab: QueryVocab, parsed: ParsedQuery) -> None:
    """Words outside quotes: number keys first, then abbreviations, then words."""
    spans: list[tuple[int, int, Unit]] = []
    for start, end, keys in number_keys(piece):
        spans.append((start, end, Unit("key", key=keys[0], text=piece[start:end],
                                       spelling=spelling_key(piece[start:end]))))
    canonical = canon(piece)
    if len(canonical) == len(piece):
        for start, end, key in vocab.typed.keys(canonical):
            if not any(s < end and start < e for s, e, _ in spans):
                spans.append((start, end, Unit("key", key=key, text=piece[start:end])))
            else:
                # "Chỉ thị 40-CT/TW": the full number decides; the type words are absorbed
                for k, (s, e, u) in enumerate(spans):
                    if s < end and start < e:
                        spans[k] = (min(s, start), max(e, end), u)
    spans.sort(key=lambda t: t[0])
    pos = 0
    for start, end, unit in spans:
        if start < pos:
            continue
        _words_units(piece[pos:start], vocab, parsed)
        parsed.units.append(unit)
        pos = end
    _words_units(piece[pos:], vocab, parsed)


_ORIG_WORD = re.compile(r"\d+(?:[.,]\d+)+%?|[^\W_]+(?:&[^\W_]+)*%?")


def _words_units(piece: str, vocab: QueryVocab, parsed: ParsedQuery) -> None:
    toks = [(canon(m.group(0)), m.group(0)) for m in _ORIG_WORD.finditer(piece)]
    i = 0
    while i < len(toks):
        found = vocab.match_abbreviation(toks, i)
        if found:
            n, unit = found
            parsed.units.append(unit)
            i += n
            continue
        parsed.units.append(Unit("word", words=(toks[i][0],), text=toks[i][1]))
        i += 1


# --- Whoosh queries ------------------------------------------------------

def word_query(word: str, boost: float = 1.0) -> Q.Query:
    return Q.Term("body", fold_word(word), boost=boost)


def sequence_query(ws: tuple[str, ...], boost: float = 1.0) -> Q.Query:
    """A word sequence: one word, or a conjunction of its folded syllable bigrams.

    (The boost goes on each term: Whoosh ignores the boost of an And.)
    """
    if len(ws) == 1:
        return word_query(ws[0], boost)
    folded = [fold_word(w.rstrip("%")) for w in ws]
    return Q.And([Q.Term("body", a + BIGRAM_JOIN + b, boost=boost) for a, b in zip(folded, folded[1:], strict=False)])


def unit_query(unit: Unit) -> Q.Query:
    if unit.kind == "word":
        return word_query(unit.words[0])
    if unit.kind == "phrase":
        return sequence_query(unit.words)
    if unit.kind == "key":
        alts = [Q.Term("ident", unit.key, boost=KEY_DOC_BOOST), Q.Term("body", unit.key)]
        if unit.spelling:
            alts.append(Q.Term("body", unit.spelling, boost=SPELLING_BOOST))
        return Q.Or(alts)
    # An expansion anywhere in a text is indexed as one glossary key, so the
    # expansion side is that single term. The short side (NHCSXH, KT-XH) is one
    # or two cheap terms; typed, it ranks above the other form.
    short_side = unit.alternatives[1] if len(unit.alternatives[0]) > len(unit.alternatives[1]) \
        else unit.alternatives[0]
    typed_short = short_side is unit.alternatives[0]
    parts: list[Q.Query] = [Q.Term("body", glossary_key(unit.short))] if unit.short else \
        [sequence_query(alt) for alt in unit.alternatives if alt is not short_side]
    parts.append(sequence_query(short_side, TYPED_FORM_BOOST if typed_short else 1.0))
    return Q.Or(parts)


def adjacency_query(units: Iterable[Unit]) -> Q.Query | None:
    """Bigrams of neighbouring plain words: side by side ranks above far apart."""
    grams = []
    prev: str | None = None
    for u in units:
        if u.kind == "word":
            f = fold_word(u.words[0])
            if prev is not None:
                grams.append(Q.Term("body", prev + BIGRAM_JOIN + f, boost=ADJACENT_BOOST))
            prev = f
        else:
            prev = None
    return Q.Or(grams) if grams else None
