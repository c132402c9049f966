"""search_score's shared LRU maps: what they keep, what they drop, and when."""

from __future__ import annotations

from build_tools.search_score import PostingCache, ScoreTables


def test_score_tables_drop_the_least_recently_used_beyond_their_limit_as_they_grow() -> None:
    tables = ScoreTables(limit=2)
    for key in ("a", "b"):
        tables.get((key,), lambda key=key: key.upper())
    assert tables.get(("a",), lambda: "made again") == "A"        # a hit: a is now the most recent
    tables.get(("c",), lambda: "C")
    assert tables.get(("b",), lambda: "made again") == "made again"   # b was dropped, a kept
    assert tables.cached == 2                                        # never more than the limit
    assert tables.get(("c",), lambda: "made again") == "C"


def test_posting_lists_are_weighed_by_length_and_trimmed_only_when_asked() -> None:
    cache = PostingCache(budget=3)
    cache.get(("x",), lambda: {1: 1.0, 2: 1.0})
    cache.get(("y",), lambda: {3: 1.0, 4: 1.0})
    assert cache.cached == 4                                         # over budget until trimmed
    assert cache.get(("x",), lambda: {}) == {1: 1.0, 2: 1.0}
    cache.trim()
    assert cache.cached == 2 and cache.get(("y",), lambda: {}) == {}     # y was the least recent
