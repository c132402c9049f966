"""Render the corpus into Markdown pages under docs/ for MkDocs.

    generate(corpus, docs) -> WriteStats

Pages go only into the generated folders (`docs/van-ban/`, `docs/duyet/`),
which git ignores. A file is written only when its bytes change and files
no longer produced are deleted, so a rebuild with no change writes nothing
and MkDocs' live reload sees exactly what a record change did.

Layout of the output:

    van-ban/<id>.md              one page per document (URL van-ban/<id>/; pages_common.doc_src)
    duyet/*.md                   browse views
    duyet/_includes/*.md         snippets: abbreviation list appended to every
                                 page, latest additions included by the home
                                 page (excluded from the site as pages)

Rebuilds in one process (`make serve`, the benchmark) re-render only the
pages whose inputs changed: `Changes` compares this corpus with the last
one rendered (Document objects by identity, relations by equality) and
names the pages to redo; every other page keeps the file the last build
wrote, which `Folder` remembers by its stat.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .models import Corpus, DocId, Document, Relation
from .pages_browse import browse_pages
from .pages_common import (
    CHAIN_TYPES,
    ClausePaths,
    DocLabels,
    Glossary,
    RelationView,
    doc_src,
    first_commits,
    relation_view,
)
from .pages_document import CONTRIBUTE_PAGE, MAX_DEPTH, render_document
from .progress import track

GENERATED_DIRS = ("van-ban", "duyet")


@dataclass
class WriteStats:
    written: int = 0
    unchanged: int = 0
    removed: int = 0

    def add(self, other: WriteStats) -> None:
        self.written += other.written
        self.unchanged += other.unchanged
        self.removed += other.removed


def render(corpus: Corpus, docs_dir: Path) -> dict[str, str]:
    """Every generated page as {path below docs/: Markdown}; no file is touched."""
    view = relation_view(corpus)
    glossary = Glossary(corpus)
    labels = DocLabels(corpus)
    contribute = (docs_dir / (CONTRIBUTE_PAGE.rstrip("/") + ".md")).is_file()
    pages: dict[str, str] = {}
    for doc_id in track(sorted(corpus.documents), "pages"):
        pages[doc_src(doc_id)] = render_document(corpus, view, glossary, corpus.documents[doc_id], contribute, labels)
    pages.update(browse_pages(corpus, view, glossary, labels))
    return pages


# --- what this process wrote ----------------------------------------------------------

Stamp = tuple[int, int, int]        # inode, size, mtime_ns of a file as the writer left it


def stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


class Folder:
    """What this process knows of the generated files below one folder.

    `stamps` holds, for each file the writer wrote or found equal, its stat
    at that moment; `listed` the managed folders whose every file is in
    `stamps` (so files no longer produced are found without a walk). Only a
    file in `stamps` may be kept without being rendered again.
    """

    def __init__(self, base: Path):
        self.base = base
        self.identity = _identity(base)
        self.stamps: dict[str, Stamp] = {}
        self.listed: set[str] = set()
        self.dirs: set[str] = set()

    def forget(self, rel: str) -> None:
        self.stamps.pop(rel, None)


_FOLDERS: dict[str, Folder] = {}
_FOLDERS_KEPT = 4                   # staging and docs/ of the last two roots: tests use many roots


def folder(base: Path) -> Folder:
    """The memory of `base`, new when the folder itself was replaced (deleted by hand)."""
    key = str(base)
    state = _FOLDERS.pop(key, None)
    if state is None or state.identity != _identity(base):
        state = Folder(base)
    _FOLDERS[key] = state
    while len(_FOLDERS) > _FOLDERS_KEPT:
        del _FOLDERS[next(iter(_FOLDERS))]
    return state


def _identity(base: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(base)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino)


def write_files(files: Mapping[str, bytes | None], base: Path, managed: tuple[str, ...]) -> WriteStats:
    """Write what changed, delete what is no longer produced inside `managed` folders.

    A value None keeps the file the last write left (the caller knows its
    inputs did not change; `folder(base).stamps` must hold it). An existing
    file is replaced, never written into: docs/ may share its inode
    (sitebuild.publish_docs links published files to the staged ones).
    """
    state = folder(base)
    base.mkdir(parents=True, exist_ok=True)
    state.identity = state.identity or _identity(base)
    # A managed folder missing before this write (a cold build, or removed by hand) will hold only
    # what it writes: no file to compare or walk for, and none of the folders remembered below it.
    fresh = tuple(top for top in managed if not os.path.lexists(f"{base}/{top}"))
    state.dirs = {d for d in state.dirs if d.partition("/")[0] not in fresh}
    stats = WriteStats()
    for rel in sorted(files):
        data = files[rel]
        if data is None:
            if rel not in state.stamps:
                raise ValueError(f"{rel}: kept unchanged, but this process never wrote it")
            stats.unchanged += 1
            continue
        path = f"{base}/{rel}"
        new = rel.partition("/")[0] in fresh        # no file there yet: a cold build skips two stats per file
        if not new:
            same = _same_bytes(path, data)
            if same is not None:
                state.stamps[rel] = same
                stats.unchanged += 1
                continue
        _make_parent(state, rel)
        state.stamps[rel] = _write(path, data, replace=rel in state.stamps or (not new and os.path.lexists(path)))
        stats.written += 1
    for top in fresh:
        _forget_missing(state, top, files)
    for top in managed:
        stats.removed += _remove_stale(state, top, files)
    return stats


def _same_bytes(path: str, data: bytes) -> Stamp | None:
    """The file's stamp when it holds exactly `data`, else None."""
    try:
        st = os.stat(path)
        if st.st_size != len(data):
            return None
        with open(path, "rb") as handle:
            return stamp_of(st) if handle.read() == data else None
    except (FileNotFoundError, NotADirectoryError):
        return None


def _make_parent(state: Folder, rel: str) -> None:
    """Make the folder of `rel` and its missing parents, one mkdir each, top down
    (os.makedirs would stat every level first: a cold build makes thousands of folders)."""
    parent = rel.rpartition("/")[0]
    missing = []
    while parent and parent not in state.dirs:
        missing.append(parent)
        parent = parent.rpartition("/")[0]
    for folder_rel in reversed(missing):
        path = f"{state.base}/{folder_rel}"
        try:
            os.mkdir(path)
        except FileExistsError:
            if not os.path.isdir(path):
                raise
        except FileNotFoundError:   # a folder remembered in `dirs` was removed by hand
            os.makedirs(path, exist_ok=True)
        state.dirs.add(folder_rel)


def _write(path: str, data: bytes, replace: bool) -> Stamp:
    target = f"{path}.tmp{os.getpid()}" if replace else path
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        _write_all(fd, data)
        stamp = stamp_of(os.fstat(fd))
    finally:
        os.close(fd)
    if replace:
        os.replace(target, path)     # a reader never sees half a file, and a shared inode stays as it was
    return stamp


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:                     # one write in practice; a signal or a huge file may split it
        view = view[os.write(fd, view):]


def _forget_missing(state: Folder, top: str, files: Mapping[str, bytes | None]) -> None:
    """`top` did not exist before this write: every file below it is in `files`, none other is there."""
    prefix = top + "/"
    for rel in [rel for rel in state.stamps if rel.startswith(prefix) and rel not in files]:
        state.forget(rel)
    state.listed.add(top)


def _remove_stale(state: Folder, top: str, files: Mapping[str, bytes | None]) -> int:
    """Delete files below `top` that were not produced this time (and folders left empty)."""
    prefix = top + "/"
    if top in state.listed:
        stale = [rel for rel in state.stamps if rel.startswith(prefix) and rel not in files]
    else:
        stale = [rel for rel in _walk(state.base, top) if rel not in files]
        state.listed.add(top)
    for rel in sorted(stale):
        try:
            os.unlink(f"{state.base}/{rel}")
        except FileNotFoundError:
            pass
        state.forget(rel)
        _prune_dirs(state, rel, top)
    return len(stale)


def _walk(base: Path, top: str) -> list[str]:
    out = []
    for dirpath, _dirnames, filenames in os.walk(base / top):
        rel_dir = Path(dirpath).relative_to(base).as_posix()
        out += [f"{rel_dir}/{name}" for name in filenames]
    return out


def _prune_dirs(state: Folder, rel: str, top: str) -> None:
    parent = rel.rpartition("/")[0]
    while parent and parent != top:
        try:
            os.rmdir(f"{state.base}/{parent}")
        except OSError:
            return                  # not empty: neither are its parents
        state.dirs.discard(parent)
        parent = parent.rpartition("/")[0]


# --- what changed since the last build --------------------------------------------------

Summary = tuple[object, ...]


def summary(doc: Document, paths: ClausePaths) -> Summary:
    """What other pages show of a document: browse rows, relation lists, diagrams, anchors."""
    return (doc.type, doc.number, doc.date, doc.year, doc.title, doc.editorial_title, doc.text,
            doc.issuer, doc.province, doc.targets, paths(doc))


def context(corpus: Corpus, contribute: bool) -> tuple[object, ...]:
    """Inputs every page reads (names, levels, provinces, glossary): when they change, all pages do."""
    return (corpus.root, corpus.vocabulary, corpus.organizations, corpus.provinces, contribute)


@dataclass
class Snapshot:
    """The inputs of the last rendering, to compare the next corpus with."""
    context: tuple[object, ...]
    documents: dict[DocId, Document]
    summaries: dict[DocId, Summary]
    view: RelationView
    browse_key: tuple[object, ...]
    rendered: dict[str, Stamp]       # page -> stamp of the file as rendered then
    browse_rels: tuple[str, ...]


def _edges(rels: Iterable[Relation]) -> tuple[tuple[str, str, str], ...]:
    """A relation as lists, diagrams and counts see it; evidence and notes left out."""
    return tuple((r.source, r.type, r.target) for r in rels)


class Changes:
    """Which document pages, and whether the browse pages, must be rendered again."""

    def __init__(self, last: Snapshot | None, corpus: Corpus, view: RelationView, ctx: tuple[object, ...],
                 summaries: dict[DocId, Summary], browse_key: tuple[object, ...]):
        if last is None or last.context != ctx:
            self.dirty: set[DocId] = set(corpus.documents)
            self.browse = True
            return
        docs = corpus.documents
        # a record whose file did not change is the same object (records.load_corpus)
        changed = {d for d in docs.keys() | last.documents.keys() if last.documents.get(d) is not docs.get(d)}
        shown = {d for d in changed if last.summaries.get(d) != summaries.get(d)}   # seen on other pages
        related = self._relations_changed(last.view, view)                          # evidence included
        chain = {d for d in related if _chain(last.view, d) != _chain(view, d)}     # what diagrams draw
        self.dirty = changed | related
        for d in shown:
            self.dirty |= _neighbours(view, d)
        for graph in (last.view, view):
            self.dirty |= _diagram_reach(graph, shown | chain)
        self.dirty &= docs.keys()
        self.browse = last.browse_key != browse_key or bool(shown) or \
            any(_edges(last.view.outgoing.get(d, ())) != _edges(view.outgoing.get(d, ())) for d in related)

    @staticmethod
    def _relations_changed(old: RelationView, new: RelationView) -> set[DocId]:
        out = {d for d in old.outgoing.keys() | new.outgoing.keys() if old.outgoing.get(d, ()) != new.outgoing.get(d, ())}
        return out | {d for d in old.inbound.keys() | new.inbound.keys() if old.inbound.get(d, ()) != new.inbound.get(d, ())}


def _chain(view: RelationView, doc_id: DocId) -> tuple[tuple[str, str, str], ...]:
    return _edges(r for r in view.outgoing.get(doc_id, ()) + view.inbound.get(doc_id, ())
                  if r.type in CHAIN_TYPES or r.type == "reports_on")


def _neighbours(view: RelationView, doc_id: DocId) -> set[DocId]:
    """Pages that list this document among their relations."""
    return ({r.source for r in view.inbound.get(doc_id, ())} |
            {r.target for r in view.outgoing.get(doc_id, ())} | {doc_id})


def _diagram_reach(view: RelationView, changed: set[DocId]) -> set[DocId]:
    """Documents whose chain diagram may show one of `changed`.

    A diagram walks MAX_DEPTH steps up (what a document implements) and
    down (what implements or reports on it); walking the same steps
    backwards from a changed document finds every diagram it can be in.
    """
    out: set[DocId] = set()
    for backwards_of_up, types in ((True, CHAIN_TYPES), (False, CHAIN_TYPES + ("reports_on",))):
        frontier = set(changed)
        seen = set(changed)
        for _ in range(MAX_DEPTH):
            step = set()
            for d in frontier:
                if backwards_of_up:
                    step |= {r.source for r in view.inbound.get(d, ()) if r.type in types}
                else:
                    step |= {r.target for r in view.outgoing.get(d, ()) if r.type in types}
            frontier = step - seen
            seen |= frontier
        out |= seen
    return out


_LAST: dict[str, Snapshot] = {}       # docs folder -> the last rendering into it (one entry kept)


def generate(corpus: Corpus, docs_dir: Path) -> WriteStats:
    """Render what changed since the last build in this process, write what differs."""
    state = folder(docs_dir)
    last = _LAST.pop(str(docs_dir), None)
    _LAST.clear()                       # a failure below leaves no snapshot: the next build renders all
    contribute = (docs_dir / (CONTRIBUTE_PAGE.rstrip("/") + ".md")).is_file()
    view = relation_view(corpus, last.view.paths if last else None)
    ctx = context(corpus, contribute)
    summaries = {d: summary(doc, view.paths) for d, doc in corpus.documents.items()}
    browse_key = (_unresolved(corpus), first_commits(Path(corpus.root)))
    changes = Changes(last, corpus, view, ctx, summaries, browse_key)
    kept = last.rendered if last else {}

    def keep(rel: str) -> bool:
        return rel in kept and state.stamps.get(rel) == kept[rel]

    glossary = Glossary(corpus)
    labels = DocLabels(corpus)
    files: dict[str, bytes | None] = {}
    for doc_id in track(sorted(corpus.documents), "pages"):
        rel = doc_src(doc_id)
        if doc_id in changes.dirty or not keep(rel):
            files[rel] = render_document(corpus, view, glossary, corpus.documents[doc_id], contribute, labels).encode()
        else:
            files[rel] = None
    browse_rels = last.browse_rels if last and not changes.browse else None
    if browse_rels is not None and all(keep(rel) for rel in browse_rels):
        files.update(dict.fromkeys(browse_rels))
    else:
        files.update({rel: text.encode() for rel, text in browse_pages(corpus, view, glossary, labels).items()})
    stats = write_files(files, docs_dir, GENERATED_DIRS)
    _LAST[str(docs_dir)] = Snapshot(ctx, dict(corpus.documents), summaries, view, browse_key,
                                    {rel: state.stamps[rel] for rel in files},
                                    tuple(rel for rel in files if rel.startswith("duyet/")))
    return stats


def _unresolved(corpus: Corpus) -> tuple[tuple[object, ...], ...]:
    """The missing-documents page's view of the unresolved citations."""
    return tuple((u.source, u.citation.clause, u.citation.text, u.citation.number) for u in corpus.unresolved)
