"""A rebuild in the same process re-renders only what a change touched, and
its output is byte for byte what a cold build of the same data produces.

Each case builds a generated project (pages, exports, publish into docs/),
changes it the way a maintainer would, rebuilds in this process, and
compares docs/ with a cold build of a copy made after the change.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from sitecheck import ROOT

from build_tools import exports, pages, sitebuild, synthetic
from build_tools.models import Corpus
from build_tools.records import load_corpus
from build_tools.relations import resolve_relations

DOCS = 120
Edit = Callable[[Path], None]


def _stable(previous: Corpus | None, corpus: Corpus) -> Corpus:
    """The loader's promise, kept here whether or not records.py keeps it yet:
    a record whose file did not change is the same Document object."""
    if previous is None:
        return corpus
    for doc_id, doc in list(corpus.documents.items()):
        old = previous.documents.get(doc_id)
        if old is not None and old == doc and old.raw == doc.raw:
            corpus.documents[doc_id] = old
    for name in ("organizations", "provinces", "vocabulary"):
        if getattr(previous, name) == getattr(corpus, name):
            setattr(corpus, name, getattr(previous, name))
    return corpus


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.corpus: Corpus | None = None

    def build(self) -> tuple[pages.WriteStats, pages.WriteStats, tuple[int, int]]:
        self.corpus = resolve_relations(_stable(self.corpus, load_corpus(self.root)))
        stage = sitebuild.stage_docs(self.root)
        written = pages.generate(self.corpus, stage), exports.write(self.corpus, stage)
        return written[0], written[1], sitebuild.publish_docs(self.root)

    def generated(self) -> dict[str, bytes]:
        docs = self.root / "docs"
        return {p.relative_to(docs).as_posix(): p.read_bytes() for top in sitebuild.GENERATED
                for p in sorted((docs / top).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("template") / "p"
    synthetic.generate(root, DOCS, seed=5, source=ROOT)
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Project:
    shutil.copytree(template, tmp_path / "warm")
    built = Project(tmp_path / "warm")
    built.build()
    return built


def _rewrite(path: Path, change: Callable[[dict], None]) -> None:  # type: ignore[type-arg]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(synthetic.dump(data), encoding="utf-8")


def edit_clause_text(root: Path) -> None:
    """The benchmark's edit: words appended to a plan's first clause."""
    def change(data: dict) -> None:  # type: ignore[type-arg]
        node = data["clauses"][0]
        while "text" not in node and node.get("children"):
            node = node["children"][0]
        node["text"] = f"{node.get('text', '')} (sửa đổi)".strip()
    _rewrite(_plans(root)[0], change)


def edit_cited_title(root: Path) -> None:
    """A much-cited directive's title: shown on every page that lists it, and in browse pages."""
    _rewrite(root / "data/documents/ban-bi-thu/2014/40-ct-tw.yaml",
             lambda data: data.update(title="Về tăng cường sự lãnh đạo của Đảng (đã sửa)"))


def edit_date(root: Path) -> None:
    """A plan's day of issue: its citation changes on the pages it implements, and its browse rows."""
    def change(data: dict) -> None:  # type: ignore[type-arg]
        year = str(data["date"])[:4]
        data["date"] = f"{year}-12-31" if str(data["date"]) != f"{year}-12-31" else f"{year}-01-01"
    _rewrite(_plans(root)[0], change)


def edit_relation(root: Path) -> None:
    """A declared relation added to a plan that others implement: both pages, and the
    diagrams of the documents below the plan, which now show 39-CT/TW above it."""
    def change(data: dict) -> None:  # type: ignore[type-arg]
        data.setdefault("relations", []).append({"type": "implements", "target": "ban-bi-thu/2024/39-ct-tw"})
    _rewrite(next(p for p in _plans(root) if _implemented(root, p)), change)


def _plans(root: Path) -> list[Path]:
    return sorted((root / "data" / "documents").rglob("*-kh-*.yaml"))


def _implemented(root: Path, plan: Path) -> bool:
    """Some record declares that it implements this plan."""
    base = root / "data" / "documents"
    needle = f"target: {plan.relative_to(base).as_posix()[:-5]}"
    return any(needle in p.read_text(encoding="utf-8") for p in base.rglob("*.yaml"))


def add_record(root: Path) -> None:
    """A new record implementing 40-CT/TW: a new page, new inbound relations, every browse page."""
    source = _plans(root)[0]
    target = source.with_name("77777-kh-moi.yaml")
    shutil.copy(source, target)
    _rewrite(target, lambda data: data.update(number="77777/KH-MOI", title="Kế hoạch mới thêm vào kho"))


def remove_record(root: Path) -> None:
    """A plan removed: the pages and diagrams it was on, every browse page, the exports."""
    next(p for p in _plans(root) if not _implemented(root, p)).unlink()


@pytest.mark.parametrize("edit", [edit_clause_text, edit_cited_title, edit_date, edit_relation, add_record,
                                  remove_record])
def test_rebuild_after_a_change_equals_a_cold_build(project: Project, tmp_path: Path, edit: Edit) -> None:
    edit(project.root)
    project.build()
    cold = Project(tmp_path / "cold")
    shutil.copytree(project.root, cold.root, ignore=shutil.ignore_patterns(".build", *sitebuild.GENERATED))
    cold.build()
    warm_files, cold_files = project.generated(), cold.generated()
    assert sorted(warm_files) == sorted(cold_files)
    assert [rel for rel in cold_files if warm_files[rel] != cold_files[rel]] == []


def _implements(source: Path, target: Path, root: Path) -> None:
    target_id = target.relative_to(root / "data" / "documents").as_posix()[:-5]
    _rewrite(source, lambda data: data.setdefault("relations", []).append({"type": "implements", "target": target_id}))


def test_diagram_two_steps_away_follows_a_new_link(project: Project, tmp_path: Path) -> None:
    """A implements B; then B starts implementing C: A's diagram now shows C above B,
    though nothing on A's record or in A's own relations changed."""
    a, b, c = [p for p in _plans(project.root) if not _implemented(project.root, p)][:3]
    _implements(a, b, project.root)
    project.build()
    _implements(b, c, project.root)
    project.build()
    cold = Project(tmp_path / "cold")
    shutil.copytree(project.root, cold.root, ignore=shutil.ignore_patterns(".build", *sitebuild.GENERATED))
    cold.build()
    page = "van-ban/" + a.relative_to(project.root / "data" / "documents").as_posix()[:-5] + ".md"
    assert project.generated()[page] == cold.generated()[page]


def test_rebuild_without_change_writes_nothing(project: Project) -> None:
    page_stats, export_stats, published = project.build()
    assert (page_stats.written, page_stats.removed, export_stats.written, export_stats.removed) == (0, 0, 0, 0)
    assert published == (0, 0)


def test_clause_edit_rewrites_only_its_own_files(project: Project) -> None:
    edit_clause_text(project.root)
    page_stats, export_stats, published = project.build()
    assert page_stats.written == 1                 # the plan's page; its rows elsewhere show no clause text
    assert export_stats.written == 3               # its JSON and YAML, and van-ban.json
    assert published == (4, 0)


def test_page_edited_or_deleted_by_hand_in_docs_is_restored(project: Project) -> None:
    docs = project.root / "docs"
    edited = sorted((docs / "van-ban").rglob("*.md"))[0]
    deleted = sorted((docs / "van-ban").rglob("*.md"))[1]
    expected = edited.read_bytes(), deleted.read_bytes()
    with open(edited, "r+b") as handle:       # in place, as an editor keeping hard links does
        handle.write(b"hand-edited")
    deleted.unlink()
    project.build()
    assert (edited.read_bytes(), deleted.read_bytes()) == expected
    staged = project.root / sitebuild.STAGE_DOCS / edited.relative_to(docs)
    assert staged.read_bytes() == expected[0]


def test_generated_folder_removed_by_hand_is_published_again(project: Project) -> None:
    before = project.generated()
    shutil.rmtree(project.root / "docs" / "van-ban")
    project.build()
    assert project.generated() == before


def test_first_publish_of_a_process_removes_what_an_earlier_one_left(project: Project) -> None:
    """A new process knows nothing of docs/: its first publish walks the generated folders that exist."""
    before = project.generated()
    stale = project.root / "docs/van-ban/khong-con/2000/da-xoa.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("một trang cũ", encoding="utf-8")
    sitebuild._PUBLISHED.clear()                    # as in a new process
    project.build()
    assert not stale.exists() and not (project.root / "docs/van-ban/khong-con").exists()
    assert project.generated() == before


def test_published_files_are_replaced_never_written_into(project: Project) -> None:
    """docs/ may share inodes with the staging copy: a rebuild must not change docs/ before publishing."""
    edit_cited_title(project.root)
    docs_page = project.root / "docs/van-ban/ban-bi-thu/2014/40-ct-tw.md"
    before = docs_page.read_bytes()
    corpus = resolve_relations(load_corpus(project.root))
    stage = sitebuild.stage_docs(project.root)
    pages.generate(corpus, stage)
    assert docs_page.read_bytes() == before
    assert (stage / "van-ban/ban-bi-thu/2014/40-ct-tw.md").read_bytes() != before
    assert os.stat(docs_page).st_nlink >= 1
