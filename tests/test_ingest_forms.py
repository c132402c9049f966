"""Texts in the forms of the acceptance check: ≥ 85 % recovered, no page leftover.

Per form: header facts (type, number, date, issuer, signer), clause paths and
citations (relation targets) recovered through `draft()`, as `ingest --json`
prints them.
"""

from __future__ import annotations

import pytest
import yaml
from ingest_cases import FORM_LEFTOVERS, FORMS, HEADER_FACTS, ROOT, clause_map, header_fact

from build_tools import ingest
from build_tools.records import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def score(expected: dict, record: dict) -> dict[str, float]:
    facts = sum(expected[f] == header_fact(record, f) for f in HEADER_FACTS) / len(HEADER_FACTS)
    got_paths = set(clause_map(record.get("clauses")))
    paths = sum(p in got_paths for p in expected["paths"]) / len(expected["paths"])
    targets = {r["target"] for r in record.get("relations") or ()}
    cites = len(expected["targets"] & targets) / len(expected["targets"])
    return {"header": facts, "clauses": paths, "citations": cites}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_form_is_recovered(form, corpus):
    text, expected = FORMS[form]
    record = ingest.draft(text, corpus).record
    share = score(expected, record)
    print(f"\n{form}: " + ", ".join(f"{k} {v:.0%}" for k, v in share.items()))
    assert all(v >= 0.85 for v in share.values()), share
    assert set(clause_map(record.get("clauses"))) == set(expected["paths"])


@pytest.mark.parametrize("form", sorted(FORMS))
def test_no_leftover_in_form(form, corpus):
    result = ingest.draft(FORMS[form][0], corpus).to_json()
    dumped = yaml.safe_dump({"record": result["record"], "citations": result["citations"]}, allow_unicode=True)
    for leftover in FORM_LEFTOVERS:
        assert leftover not in dumped, leftover
