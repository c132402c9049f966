"""Ranking helpers of the query engine: exact-form re-ranking, the time-budgeted
collector, and snippets (plain text, matches marked [[like this]]). Set-at-a-time
scoring lives in search_score.py.

Re-ranking and snippets work on the few hits a query returns, never on the index.
"""

from __future__ import annotations

import re
import time
from typing import Any

from whoosh.collectors import FilterCollector, TimeLimit

from .search_analysis import _words, canon, fold_map, number_keys
from .search_query import EXACT_BONUS

MARK_OPEN, MARK_CLOSE = "[[", "]]"
SNIPPET_CHARS = 240


def rerank_exact(rows: list[tuple[Any, float]], exact: list[str]) -> list[tuple[Any, float]]:
    """Exact-diacritic matches first: scale each candidate by the share of the
    accented query words its stored text holds as typed (tone placement folded)."""
    out = []
    for hit, score in rows:
        f = hit.fields()
        text = canon(" ".join(str(f.get(k) or "") for k in ("text", "heading", "title", "citation")))
        present = set(_words(text))
        share = sum(1 for w in exact if w in present) / len(exact)
        out.append((hit, score * (1 + EXACT_BONUS * share)))
    out.sort(key=lambda t: -t[1])
    return out


def score_of(hit: Any) -> float:
    """The relevance score; 0 when the results are sorted by date (Whoosh gives the sort key)."""
    return float(hit.score) if isinstance(hit.score, (int, float)) else 0.0


class BudgetCollector(FilterCollector):  # type: ignore[misc]
    """Filter and mask like Whoosh's FilterCollector, and stop at a deadline.

    (Whoosh's TimeLimitCollector starts a timer thread per search — a millisecond
    each — and its checks are bypassed when another wrapper sits outside it.)
    """

    def __init__(self, child: Any, allow: Any, restrict: Any, deadline: float):
        super().__init__(child, allow=allow, restrict=restrict)
        self.deadline = deadline

    def collect_matches(self) -> None:
        child = self.child
        allow, restrict = self._allow, self._restrict
        deadline = self.deadline
        clock = time.monotonic
        for i, sub_docnum in enumerate(child.matches()):
            if not i & 127 and clock() > deadline:
                raise TimeLimit
            if allow is not None or restrict is not None:
                global_docnum = self.offset + sub_docnum
                if (allow is not None and global_docnum not in allow) or \
                        (restrict is not None and global_docnum in restrict):
                    self.filtered_count += 1
                    continue
            child.collect(sub_docnum)


def snippet(text: str, sequences: list[tuple[str, ...]], keys: list[str] = (),  # type: ignore[assignment]
            size: int = SNIPPET_CHARS) -> str:
    """A window of text around the densest matches, each marked [[like this]].

    sequences: folded word sequences (a phrase is marked whole); keys: number
    keys, marked wherever the text spells that number, in any spelling.
    """
    text = " ".join(text.split())
    if not text:
        return ""
    folded = fold_map(text).lower()
    spans: list[tuple[int, int]] = []
    for seq in sequences:
        pattern = r"[\W_]+".join(re.escape(w) for w in seq)
        for m in re.finditer(rf"(?<![^\W_]){pattern}(?![^\W_])", folded):
            spans.append((m.start(), m.end()))
    if keys:
        wanted = set(keys)
        spans.extend((a, b) for a, b, ks in number_keys(text) if wanted & set(ks))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    start = 0
    if merged and len(text) > size:
        best, best_n = merged[0][0], 0
        for a, _b in merged:
            n = sum(1 for x, _ in merged if a <= x < a + size)
            if n > best_n:
                best, best_n = a, n
        start = max(0, best - size // 4)
        space = text.rfind(" ", 0, start)
        start = space + 1 if space > 0 and start - space < 20 else start
    end = min(len(text), start + size)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + size // 2 else end
    out, pos = [], start
    for a, b in merged:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        out.append(text[pos:a])
        out.append(MARK_OPEN + text[a:b] + MARK_CLOSE)
        pos = b
    out.append(text[pos:end])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if end < len(text) else "")
