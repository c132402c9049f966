"""The relevance table (tests/relevance_cases.py) against the seed corpus.

Each row is asserted on its own; `test_relevance_score` prints the table's
score and the query latency (p50/p95) so `make test -- -s` shows both.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from build_tools.records import load_corpus
from build_tools.search import Searcher, update_index
from tests.relevance_cases import CASES, Case

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    corpus = load_corpus(ROOT)
    index_dir = tmp_path_factory.mktemp("relevance") / ".index"
    update_index(corpus, index_dir)
    return Searcher(index_dir)   # no result cache (the default): latency of the engine itself


def rank_of(searcher: Searcher, case: Case) -> int | None:
    """1-based rank of the expected hit within the case's rank, else None."""
    options = dict(case.options)
    result = searcher.search(case.query, limit=max(case.rank, 10), **options)
    for i, hit in enumerate(result.hits[:case.rank], start=1):
        if hit.document == case.document and (case.clause == "*" or hit.clause == case.clause):
            return i
    return None


def filters_hold(searcher: Searcher, case: Case) -> bool:
    """Every hit of a filtered query matches the filter."""
    result = searcher.search(case.query, limit=50, **case.options)
    corpus_docs = {h.document for h in result.hits}
    for hit in result.hits:
        if "type" in case.options and hit.type != case.options["type"]:
            return False
        if "province" in case.options and case.options["province"] not in hit.province:
            return False
        if "year_from" in case.options and (hit.year is None or hit.year < case.options["year_from"]):
            return False
    return bool(corpus_docs)


@pytest.mark.parametrize("case", CASES, ids=[f"{i:02d}-{c.query}" for i, c in enumerate(CASES)])
def test_case(searcher: Searcher, case: Case) -> None:
    got = rank_of(searcher, case)
    assert got is not None, (
        f"{case.query!r} ({case.why}): expected {case.document} {case.clause} within rank {case.rank}; got "
        + ", ".join(f"{h.document}#{h.clause}" for h in searcher.search(case.query, limit=5,
                                                                         **case.options).hits))
    if case.options:
        assert filters_hold(searcher, case), f"{case.query!r}: a hit outside the filter {case.options}"


def test_relevance_score(searcher: Searcher, capsys: pytest.CaptureFixture[str]) -> None:
    passed, timings = 0, []
    for case in CASES:
        started = time.perf_counter()
        ok = rank_of(searcher, case) is not None
        timings.append((time.perf_counter() - started) * 1000)
        passed += ok
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    with capsys.disabled():
        print(f"\nrelevance: {passed}/{len(CASES)} cases ({100 * passed / len(CASES):.0f} %); "
              f"latency p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms")
    assert passed / len(CASES) >= 0.9
