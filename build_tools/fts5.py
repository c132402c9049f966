"""SQLite FTS5 over the same entries as the Whoosh index: the benchmark's reference engine.

Used only by `bench` to put the Whoosh figures next to a C engine's on the
same clauses and the same queries. It is deliberately plain: the stock
`unicode61 remove_diacritics 2` tokenizer, BM25 ranking, snippets for the
hits returned, filters as WHERE on stored columns.

Two things the stock tokenizer does not do are done here, so that the
engines answer the same questions: `đ` is folded to `d` (unicode61 treats it
as a letter of its own, so "Đảng" would never match "dang"), and an
abbreviation in a query also matches its expansion (NHCSXH ↔ Ngân hàng
Chính sách xã hội), as the project's search does.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .models import Corpus, Document

_PHRASE = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(r"\w+")
_NUMBER = re.compile(r"^\d+[\w/.\-]*$")   # 40-CT/TW, 6766/KH-UBND, 40-CTTW: digits first


def fold_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True)
class Fts5Hit:
    document: str
    clause: str | None
    score: float
    snippet: str


class Fts5Engine:
    """One FTS5 table of clause and document entries, with the filter columns stored."""

    def __init__(self, path: Path | str = ":memory:", abbreviations: dict[str, str] | None = None):
        self.path = str(path)
        self.db = sqlite3.connect(self.path, check_same_thread=False)
        self.abbreviations = {fold_d(k).lower(): fold_d(v) for k, v in (abbreviations or {}).items()}

    @classmethod
    def build(cls, corpus: Corpus, path: Path | str = ":memory:") -> tuple[Fts5Engine, float]:
        """Index every clause and every document's title line; returns the engine and the seconds taken."""
        started = time.perf_counter()
        abbreviations = {a.short: a.expansion for a in corpus.vocabulary.abbreviations}
        engine = cls(path, abbreviations)
        db = engine.db
        db.execute("DROP TABLE IF EXISTS entries")
        db.execute("CREATE VIRTUAL TABLE entries USING fts5(body, doc UNINDEXED, clause UNINDEXED, "
                   "type UNINDEXED, issuer UNINDEXED, province UNINDEXED, year UNINDEXED, "
                   "tokenize='unicode61 remove_diacritics 2')")
        with db:
            db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", _rows(corpus))
            db.execute("INSERT INTO entries(entries) VALUES ('optimize')")
        return engine, time.perf_counter() - started

    def size_bytes(self) -> int:
        if self.path == ":memory:":
            page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
            return int(page_size * self.db.execute("PRAGMA page_count").fetchone()[0])
        return Path(self.path).stat().st_size

    def match_expression(self, query: str) -> str:
        """The user's query as an FTS5 expression: every unit must match, phrases as phrases."""
        units: list[str] = []
        for phrase in _PHRASE.findall(query):
            words = _TOKEN.findall(fold_d(phrase))
            if words:
                units.append(_quote(words))
        for piece in _PHRASE.sub(" ", query).split():
            piece = piece.strip(",;()")
            if _NUMBER.match(piece):
                # A document number is a phrase of its parts: "40-CT/TW" -> "40 CT TW".
                words = _TOKEN.findall(fold_d(piece).replace("_", " "))
                units.append(_quote(words))
                continue
            for word in _TOKEN.findall(fold_d(piece)):
                expansion = self.abbreviations.get(word.lower())
                if expansion:
                    units.append(f"({_quote([word])} OR {_quote(_TOKEN.findall(expansion))})")
                else:
                    units.append(_quote([word]))
        return " AND ".join(units)

    def search(self, query: str, *, type: str | None = None, issuer: str | None = None,
               province: str | None = None, year_from: int | None = None, year_to: int | None = None,
               limit: int = 10) -> list[Fts5Hit]:
        expression = self.match_expression(query)
        if not expression:
            return []
        sql = ["SELECT doc, clause, bm25(entries), snippet(entries, 0, '[[', ']]', '…', 24) "
               "FROM entries WHERE entries MATCH ?"]
        args: list[Any] = [expression]
        for column, value in (("type", type), ("issuer", issuer)):
            if value:
                sql.append(f"AND {column} = ?")
                args.append(value)
        if province:
            sql.append("AND (' ' || province || ' ') LIKE ?")
            args.append(f"% {province} %")
        if year_from is not None:
            sql.append("AND year >= ?")
            args.append(year_from)
        if year_to is not None:
            sql.append("AND year <= ?")
            args.append(year_to)
        sql.append("ORDER BY rank LIMIT ?")
        args.append(limit)
        rows = self.db.execute(" ".join(sql), args).fetchall()
        return [Fts5Hit(doc, clause, float(score), snip) for doc, clause, score, snip in rows]

    def close(self) -> None:
        self.db.close()


def _quote(words: list[str]) -> str:
    return '"' + " ".join(w.replace('"', '""') for w in words) + '"'


def _provinces(doc: Document, corpus: Corpus) -> str:
    """The old unit and its 2025 successor, as the Whoosh index stores them."""
    own = corpus.province_of(doc)
    if not own:
        return ""
    unit = corpus.provinces.get(own)
    return " ".join(p for p in (own, unit.successor if unit else None) if p)


def _rows(corpus: Corpus) -> Iterator[tuple[Any, ...]]:
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        meta = (doc.type, doc.issuer or "", _provinces(doc, corpus), doc.year)
        org = corpus.organization(doc.issuer)
        head = " ".join(x for x in (doc.number, doc.title or doc.editorial_title, org.name if org else None) if x)
        yield (fold_d(head), doc_id, None, *meta)
        for clause in doc.all_clauses():
            body = "\n".join(t for t in (clause.heading, clause.text) if t)
            if body:
                yield (fold_d(body), doc_id, clause.path, *meta)
