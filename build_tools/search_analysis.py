"""Vietnamese analysis for the search index: one tokenizer for index and query.

Every indexed text goes through `index_terms`, every query word through the
same `canon`/`fold_word`, so the two sides always agree. All terms live in one
Whoosh field (`body`) in three namespaces, so one posting lookup per term:

    tin          the word folded (no diacritics, đ -> d): "tin dung" finds "tín dụng"
    tin_dung     folded syllable bigram: a quoted phrase is a conjunction of these
    #40cttw      a document number key, the same for every spelling of the number
    #chithi40    a type + number key: "Chỉ thị 40" finds 40-CT/TW
    #=40-cttw    the number as printed: the clauses spelling it as typed first
    #ab:nhcsxh   a glossary expansion ("Ngân hàng Chính sách xã hội"): the query
                 NHCSXH is then a union of two single terms, not a conjunction
                 of five very common bigrams (the slowest queries before)

Exact-diacritic matches rank first by re-ranking the top candidates against
their stored text (search.py): a second, exact-form namespace doubled the
postings — the cost of both building and matching — for the same ordering.
No stemming, no stop list, one-letter tokens kept: clause letters ("a", "b")
and "ở" mean something.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple

from whoosh.analysis import Token, Tokenizer

from .vietnamese import fold, fold_tones, nfc

FOLD_PREFIX = ""          # folded words carry no prefix (the only word namespace)
KEY_PREFIX = "#"
BIGRAM_JOIN = "_"

# A word: letters and digits; "TK&VV", "PT&TH" stay one token (glossary
# abbreviations); decimals keep their separator ("0,39", "1.000") so "0,39%"
# is findable; a trailing % gives an extra "15%" term.
# Written letters-first (most tokens start with one) and possessive (nothing
# here needs giving back): the same matches, 20 % faster over the clauses.
_WORD = re.compile(r"[^\W\d_][^\W_]*+(?:&[^\W_]++)*+%?|\d++(?:[.,]\d++)++%?|[^\W_]++(?:&[^\W_]++)*+%?")
# The same pattern for ASCII text, where a letter is [a-zA-Z] and a digit [0-9]: most
# folded clauses are ASCII, and a character set is tested by a bitmap, not by the
# Unicode category lookups \w and \d need (a third faster over the clauses).
_ASCII_WORD = re.compile(
    r"[a-zA-Z][a-zA-Z0-9]*+(?:&[a-zA-Z0-9]++)*+%?|[0-9]++(?:[.,][0-9]++)++%?|[a-zA-Z0-9]++(?:&[a-zA-Z0-9]++)*+%?")

# A document number as texts print it: 40-CT/TW, 40-CTTW, 40/CT-TW, 40- CT/TW,
# 40-CT/TƯ (TƯ = Trung ương, keyed as TW), 6766/KH-UBND, 100/2024/NĐ-CP,
# 1692-TB/TU. Digits, an optional /year, then one to four letter groups joined
# by - or /. The letters may not run into further letters ("15%/tổng" is no number).
_NUMBER = re.compile(
    r"(?<![\w/])(\d{1,5})(?:/(\d{4}))?\s?[-/]\s?"
    r"([A-Za-zĐđƯư&]{1,8}(?:\s?[-/]\s?[A-Za-zĐđƯư&]{1,8}){0,3})(?![\w])"
)


_DIGIT = re.compile(r"\d")

# Where a typed number can be: its digits come right after whitespace.
_SPACE_DIGIT = re.compile(r"\s\d")

# Runs of letters and digits: the first word of a glossary expansion is one (Glossary.keys).
_LETTER_RUN = re.compile(r"[^\W_]+")


def canon(text: str) -> str:
    """NFC, one tone placement, lower case: the exact-term form."""
    return fold_tones(nfc(text)).lower()


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    return fold(word).replace(" ", "")


def words(text: str) -> list[str]:
    """The exact-form words of a text, in order."""
    return _words(canon(text))


def _words(canonical: str) -> list[str]:
    """Words with a trailing % split off: "15%" -> "15" (the "15%" term is extra, see index_terms)."""
    return [m.group(0).rstrip("%") for m in _WORD.finditer(canonical)]


def _percent_terms(canonical: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(canonical) if m.group(0).endswith("%")]


def number_key(digits: str, year: str | None, suffix: str) -> str:
    """One key for every spelling of a number: 40-CT/TƯ, 40/ct-tw, 40-CTTW -> #40cttw."""
    suffix = suffix.replace("Ư", "W").replace("ư", "w")
    letters = re.sub(r"[^a-z&]", "", fold(suffix))
    return f"{KEY_PREFIX}{int(digits)}{year or ''}{letters}"


def spelling_key(printed: str) -> str:
    """The number as printed, folded, spaces dropped: '40-CTTW' -> '#=40-cttw'.

    Ranks the clauses that print a number exactly as the query spells it first.
    """
    return KEY_PREFIX + "=" + re.sub(r"\s+", "", fold(printed))


def number_keys(text: str, spelling: bool = False) -> list[tuple[int, int, list[str]]]:
    """Each number in text as (start, end, keys): with and without its /year part."""
    found: list[tuple[int, int, list[str]]] = []
    if not _DIGIT.search(text):           # _NUMBER's look-behind makes it try every position
        return found
    for m in _NUMBER.finditer(nfc(text)):
        digits, year, suffix = m.group(1), m.group(2), m.group(3)
        keys = [number_key(digits, year, suffix)]
        if year:
            keys.append(number_key(digits, None, suffix))
        if spelling:
            keys.append(spelling_key(m.group(0)))
        found.append((m.start(), m.end(), keys))
    return found


class TypedNumbers:
    """'Chỉ thị số 40', 'Chỉ thị 40-CT/TW', 'Kết luận số 06' -> #chithi40, #ketluan6.

    Built from the vocabulary's type names; compiled once per set of names.
    """

    def __init__(self, type_names: Iterable[str]):
        names = sorted({canon(n) for n in type_names if n}, key=len, reverse=True)
        folded = sorted({fold(n) for n in names}, key=len, reverse=True)
        alternatives = "|".join(re.escape(n) for n in dict.fromkeys(names + folded))
        self.pattern = re.compile(
            rf"(?<!\w)({alternatives})\s+(?:số\s+|so\s+)?(\d{{1,5}})(?!\d)" if alternatives else r"(?!x)x")

    def keys(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) for each typed number in text (canonical form expected)."""
        if not _SPACE_DIGIT.search(text):        # the number follows a space; most clauses have none
            return []
        out = []
        for m in self.pattern.finditer(text):
            out.append((m.start(), m.end(), typed_key(m.group(1), m.group(2))))
        return out


def glossary_key(short: str) -> str:
    return f"{KEY_PREFIX}ab:" + re.sub(r"[^a-z0-9&]", "", fold(short))


def usable_abbreviation(short: str) -> bool:
    """TM., KT., T/M, V/v: signature-block shorthand, not searched for."""
    short = short.strip()
    return bool(short) and not short.endswith(".") and "/" not in short


class Glossary:
    r"""Finds the glossary's expansions in a text: each found gives its abbreviation's key.

    An expansion of plain words matches where its words are consecutive letter
    runs of the text — what the regex `w1[\W_]+w2…` bounded by non-letters
    matches — so it is looked up in the text's runs by its first word instead
    of running one regex per expansion over every text (profiled: an eighth
    of the index build). Expansions holding other characters ("TK&VV") keep
    their regex.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]]):
        self.sequences: dict[str, list[tuple[str, str]]] = {}     # first word -> (the words as _spaced, key)
        self.patterns: list[tuple[str, re.Pattern[str], str]] = []              # (first word or "", regex, key)
        seen: set[tuple[str, str]] = set()
        for short, expansion in pairs:
            words = _WORD.findall(fold_map(nfc(expansion)))
            if not usable_abbreviation(short) or len(words) < 2:
                continue
            key = glossary_key(short)
            if (key, " ".join(words)) in seen:
                continue
            seen.add((key, " ".join(words)))
            if all(w.isalnum() for w in words):
                self.sequences.setdefault(words[0], []).append((_spaced(words), key))
                continue
            body = r"[\W_]+".join(re.escape(w) for w in words)
            first = words[0] if words[0].isalnum() else ""      # "": always run
            self.patterns.append((first, re.compile(rf"(?<![^\W_]){body}(?![^\W_])"), key))

    def keys(self, folded: str, tokens: list[str] | None = None) -> list[str]:
        """One key per occurrence (non-overlapping, as re.findall): the term frequency counts as the words' would.

        tokens: the text's _WORD tokens, if the caller has them: when every one
        is a plain run of letters and digits they are the text's letter runs.
        """
        if tokens is not None and "".join(tokens).isalnum():
            runs = tokens
        else:
            runs = _LETTER_RUN.findall(folded)
        out: list[str] = []
        present = set(runs)
        firsts = self.sequences.keys() & present
        if firsts:
            spaced = _spaced(runs)
            for first in firsts:
                for words, key in self.sequences[first]:
                    out += [key] * spaced.count(words)
        if self.patterns:
            present.add("")
            out += [key for first, pattern, key in self.patterns if first in present for _ in pattern.findall(folded)]
        return out


def _spaced(words: list[str]) -> str:
    """Words each wrapped in spaces: " a  b ". In such a string a run of words is found
    only whole, and str.count counts its non-overlapping occurrences, leftmost first."""
    return " " + "  ".join(words) + " "


def typed_key(type_name: str, digits: str) -> str:
    return f"{KEY_PREFIX}{fold_word(type_name)}{int(digits)}"


class BodyTerms(NamedTuple):
    """A text's terms for the `body` field, its syllable bigrams left implicit.

    `words` in order, then `extra` (the "15%" forms, number, type and glossary
    keys); every two consecutive words make a bigram term too (`terms()`).
    The index writer numbers the words and pairs their numbers instead of
    joining and hashing a string per bigram — half the terms of every clause.
    """
    words: list[str]
    extra: list[str]

    def terms(self) -> list[str]:
        """Every term with its repetitions (their order means nothing: terms are counted)."""
        return self.words + self.extra + list(map(self.bigram, self.words, self.words[1:]))

    @staticmethod
    def bigram(first: str, second: str) -> str:
        return first + BIGRAM_JOIN + second

    def length(self) -> int:
        """len(self.terms()), without making them."""
        return 2 * len(self.words) - 1 + len(self.extra) if self.words else len(self.extra)


def tokens_of(folded: str) -> list[str]:
    """_WORD.findall(folded), faster for the common ASCII text.

    No word spans whitespace, so the words of a text are those of its
    whitespace-separated pieces; an ASCII piece of letters and digits only
    (most of them) is one word as it is, and only the others go to the regex.
    """
    if not folded.isascii():
        return _WORD.findall(folded)
    out: list[str] = []
    find = _ASCII_WORD.findall
    for piece in folded.split():
        if piece.isalnum():
            out.append(piece)
        else:
            out += find(piece)
    return out


def body_terms(text: str, typed: TypedNumbers | None = None, glossary: Glossary | None = None) -> BodyTerms:
    """Every term one text contributes to the `body` field (see BodyTerms).

    One pass: the text is folded character by character (str.translate, so word
    boundaries do not move), then split; no per-word folding calls.
    """
    folded = fold_map(nfc(text))
    tokens = tokens_of(folded)
    # words, then "15%" as well as "15"
    if "%" in folded:
        words = [t.rstrip("%") for t in tokens]
        extra = [t for t in tokens if t[-1] == "%"]
    else:
        words, extra = tokens, []
    for _s, _e, keys in number_keys(text, spelling=True):
        extra.extend(keys)
    if typed is not None:
        extra.extend(k for _s, _e, k in typed.keys(folded))
    if glossary is not None:
        extra.extend(glossary.keys(folded, tokens))
    return BodyTerms(words, extra)


def index_terms(text: str, typed: TypedNumbers | None = None, glossary: Glossary | None = None) -> list[str]:
    """body_terms(...).terms(): the words, the extra terms and the bigrams as one list."""
    return body_terms(text, typed, glossary).terms()


class TermListTokenizer(Tokenizer):
    """Whoosh tokenizer for text that index_terms already analysed (space separated).

    The index is fed pre-computed terms so Whoosh does no analysis of its own:
    faster, and the index and the query share one Python implementation.
    """

    def __call__(self, value: str, positions: bool = False, chars: bool = False,
                 keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
                 start_char: int = 0, tokenize: bool = True, mode: str = "",
                 **kwargs: object) -> Iterator[Token]:
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, term in enumerate(value.split(" ")):
            if not term:
                continue
            t.text = term
            t.boost = 1.0
            t.stopped = False
            if keeporiginal:
                t.original = term
            if positions:
                t.pos = start_pos + pos
            yield t


class _FoldTable(dict):  # type: ignore[type-arg]
    """str.translate table folding one character to exactly one: computed once per character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        f = fold(ch) if ch.strip() else " "
        out = f if len(f) == 1 else (ch.lower() if len(ch.lower()) == 1 else "?")
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def fold_map(text: str) -> str:
    """text folded char by char, same length, so spans map back to the original."""
    return text.translate(_FOLD_TABLE)
