"""A rebuild in the same process (`make serve`) reuses what did not change, and equals a cold build.

resolve_relations keeps the last build's citations per document; a document
that is the very same object as last time keeps them as long as the index
(numbers, dates, issuers, organizations ...) is unchanged. Each test edits a
corpus the way a maintainer would and compares the warm result with a cold
one computed from copies of every record, with the memory cleared.
"""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from citation_cases import SEED_RECORDS, corpus, doc

from build_tools import relations
from build_tools.models import Citation, Clause, Corpus, Document, Organization
from build_tools.relations import resolve_relations

CT40 = "ban-bi-thu/2014/40-ct-tw"
PLAN = "ubnd-hung-yen/2024/12-kh-ubnd"
NOTICE = "tinh-uy-hung-yen/2024/5-tb-tu"
QD999 = "thu-tuong-chinh-phu/2024/999-qd-ttg"


def plan(text: str = "Thực hiện Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư; "
                     "Quyết định số 999/QĐ-TTg ngày 01/01/2024 của Thủ tướng Chính phủ.") -> Document:
    return doc(PLAN, "ke-hoach", "12/KH-UBND", "2024-03-01", text="full", title="Kế hoạch thực hiện Chỉ thị 40",
               clauses=(Clause("1", "1", None, text), Clause("2", "2", None, "Chỉ thị 40 yêu cầu các cấp.")))


def notice() -> Document:
    return doc(NOTICE, "thong-bao", "5-TB/TU", "2024-05-01", text="full",
               preamble=("Tiếp tục thực hiện Kế hoạch số 12/KH-UBND ngày 01/3/2024 của UBND tỉnh Hưng Yên.",))


def archive(*extra: Document) -> Corpus:
    return corpus(*SEED_RECORDS, plan(), notice(), *extra)


def outputs(c: Corpus) -> tuple:
    """Every derived field, with its order."""
    return (list(c.citations.items()), list(c.relations.items()), list(c.inbound.items()), c.unresolved)


def cold(c: Corpus, monkeypatch: pytest.MonkeyPatch) -> tuple:
    """What a fresh process computes: no memory, and no record object shared with an earlier build.

    The memory of the warm builds is put back afterwards, so a test can go on rebuilding warm.
    """
    with monkeypatch.context() as m:
        m.setattr(relations, "_last", None)
        fresh = copy.copy(c)
        fresh.documents = {i: replace(d) for i, d in c.documents.items()}
        return outputs(resolve_relations(fresh))


def rebuilt(before: Corpus, changes: dict[str, Document | None]) -> Corpus:
    """A new corpus holding the same record objects as before, except the ones changed (None: removed)."""
    documents = {**before.documents, **{i: d for i, d in changes.items() if d is not None}}
    for doc_id in [i for i, d in changes.items() if d is None]:
        del documents[doc_id]
    return Corpus(root=before.root, documents=documents, organizations=before.organizations,
                  provinces=before.provinces, vocabulary=before.vocabulary)


def first_in_clause_1(c: Corpus) -> Citation:
    """The plan's first citation in clause 1 (its title holds a short form before it)."""
    return next(x for x in c.citations[PLAN] if x.clause == "1")


@pytest.fixture(autouse=True)
def no_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(relations, "_last", None)


def test_edit_one_clause_reuses_the_other_records(monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolve_relations(archive())
    edited = plan("Thực hiện Chỉ thị số 40-CT/TW của Ban Bí thư (sửa đổi lần 1); Thông báo số 5-TB/TU.")
    warm = resolve_relations(rebuilt(first, {PLAN: edited}))
    assert outputs(warm) == cold(warm, monkeypatch)
    # unchanged records keep the very same citations; the edited one is read again
    assert warm.citations[NOTICE] is first.citations[NOTICE]
    assert warm.citations[PLAN] != first.citations[PLAN]
    assert [c.number for c in warm.citations[PLAN] if c.clause == "1"] == ["40-CT/TW", "5-TB/TU"]


def test_title_change_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolve_relations(archive())
    renamed = replace(first.documents[PLAN], title="Kế hoạch tiếp tục thực hiện Kết luận số 06-KL/TW")
    warm = resolve_relations(rebuilt(first, {PLAN: renamed}))
    assert outputs(warm) == cold(warm, monkeypatch)
    assert (warm.citations[PLAN][0].number, warm.citations[PLAN][0].relation) == ("06-KL/TW", "continues")


def test_number_change_resolves_every_record_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # The notice cites 12/KH-UBND; the plan's number changes, the notice's text does not.
    first = resolve_relations(archive())
    assert first.citations[NOTICE][0].target == PLAN
    renumbered = replace(first.documents[PLAN], number="13/KH-UBND")
    warm = resolve_relations(rebuilt(first, {PLAN: renumbered}))
    assert outputs(warm) == cold(warm, monkeypatch)
    assert first.citations[NOTICE][0].warnings == ()
    assert warm.citations[NOTICE][0].warnings[0].startswith("probable OCR error: no record has number 12/KH-UBND")


def test_added_and_removed_record(monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolve_relations(archive())
    assert [u.citation.number for u in first.unresolved] == ["999/QĐ-TTg"]
    added = resolve_relations(rebuilt(first, {QD999: doc(QD999, "quyet-dinh", "999/QĐ-TTg", "2024-01-01")}))
    assert outputs(added) == cold(added, monkeypatch)
    assert added.unresolved == () and [r.source for r in added.inbound[QD999]] == [PLAN]
    removed = resolve_relations(rebuilt(added, {QD999: None, NOTICE: None}))
    assert outputs(removed) == cold(removed, monkeypatch)
    assert [u.citation.number for u in removed.unresolved] == ["999/QĐ-TTg"] and NOTICE not in removed.citations


def test_organization_alias_change_resolves_every_record_again(monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolve_relations(archive())
    assert first_in_clause_1(first).issuer == "ban-bi-thu"
    orgs = dict(first.organizations)
    orgs["ban-bi-thu"] = replace(orgs["ban-bi-thu"], aliases=("Ban Bí thư Trung ương",))
    changed = Corpus(root=first.root, documents=dict(first.documents), organizations=orgs,
                     provinces=first.provinces, vocabulary=first.vocabulary)
    warm = resolve_relations(changed)
    assert outputs(warm) == cold(warm, monkeypatch)
    assert any("matches no organization" in w for w in first_in_clause_1(warm).warnings)


def test_an_unchanged_corpus_gives_the_same_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    first = outputs(resolve_relations(archive()))
    again = resolve_relations(archive())          # equal records, new objects: read again
    assert outputs(again) == first == cold(again, monkeypatch)


def test_a_failed_build_leaves_the_last_good_one(monkeypatch: pytest.MonkeyPatch) -> None:
    first = resolve_relations(archive())
    edited = rebuilt(first, {PLAN: plan("Thực hiện Kết luận số 06-KL/TW.")})
    real = relations.document_citations

    def failing(d: Document, *args: object) -> list:
        if d.id == NOTICE:
            raise RuntimeError("disk on fire")
        return real(d, *args)
    with monkeypatch.context() as m:
        m.setattr(relations, "document_citations", failing)
        renamed = replace(first.documents[NOTICE], title="Thông báo mới")
        with pytest.raises(RuntimeError):
            resolve_relations(rebuilt(edited, {NOTICE: renamed}))
    warm = resolve_relations(edited)
    assert outputs(warm) == cold(warm, monkeypatch)
    assert first_in_clause_1(warm).number == "06-KL/TW"


def test_an_ambiguous_alias_is_reported_after_an_organization_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    # A second body named "Ban Bí thư" makes the issuer ambiguous: the index changed, nothing is reused.
    first = resolve_relations(archive())
    orgs = {**first.organizations, "ban-bi-thu-2": Organization("ban-bi-thu-2", "Ban Bí thư", None, "party",
                                                                 "central")}
    changed = Corpus(root=first.root, documents=dict(first.documents), organizations=orgs,
                     provinces=first.provinces, vocabulary=first.vocabulary)
    warm = resolve_relations(changed)
    assert outputs(warm) == cold(warm, monkeypatch)
    assert any(w.startswith("ambiguous issuer 'Ban Bí thư'") for w in first_in_clause_1(warm).warnings)


def test_a_series_of_edits_stays_equal_to_cold_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    # text edit (warm), then a number change (everything again), then a text edit back: as `make serve` sees them
    c = resolve_relations(archive())
    steps: list[dict[str, Document | None]] = [
        {PLAN: plan("Thực hiện Thông báo số 5-TB/TU.")},
        {NOTICE: replace(notice(), number="6-TB/TU")},
        {PLAN: plan()},
    ]
    for changes in steps:
        before = c
        c = resolve_relations(rebuilt(c, changes))
        assert outputs(c) == cold(c, monkeypatch)
    assert c.citations[NOTICE] is before.citations[NOTICE]      # the last step (the plan only) was warm
