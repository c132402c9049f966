"""Render the corpus into Markdown pages under docs/ for MkDocs.

    generate(corpus, docs) -> WriteStats

Pages go only into the generated folders (`docs/van-ban/`, `docs/duyet/`),
which git ignores. A file is written only when its bytes change and files
no longer produced are deleted, so a rebuild with no change writes nothing
and MkDocs' live reload sees exactly what a record change did.

Layout of the output:

    van-ban/<id>/index.md        one page per document (URL van-ban/<id>/)
    duyet/*.md                   browse views
    duyet/_includes/*.md         snippets: abbreviation list appended to every
                                 page, latest additions included by the home
                                 page (excluded from the site as pages)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .models import Corpus
from .pages_browse import browse_pages
from .pages_common import Glossary, doc_src, relation_view
from .pages_document import CONTRIBUTE_PAGE, render_document
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
    contribute = (docs_dir / (CONTRIBUTE_PAGE.rstrip("/") + ".md")).is_file()
    pages: dict[str, str] = {}
    for doc_id in track(sorted(corpus.documents), "pages"):
        pages[doc_src(doc_id)] = render_document(corpus, view, glossary, corpus.documents[doc_id], contribute)
    pages.update(browse_pages(corpus, view, glossary))
    return pages


def write_files(files: dict[str, bytes], base: Path, managed: tuple[str, ...]) -> WriteStats:
    """Write what changed, delete what is no longer produced inside `managed` folders."""
    stats = WriteStats()
    for rel in sorted(files):
        path = base / rel
        data = files[rel]
        try:
            if path.read_bytes() == data:
                stats.unchanged += 1
                continue
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)     # a reader (mkdocs serve) never sees half a page
        stats.written += 1
    wanted = {Path(rel) for rel in files}
    for folder in managed:
        root = base / folder
        if not root.is_dir():
            continue
        for dirpath, _dirnames, filenames in os.walk(root, topdown=False):
            for name in filenames:
                path = Path(dirpath) / name
                if path.relative_to(base) not in wanted:
                    path.unlink()
                    stats.removed += 1
            if dirpath != str(root) and not os.listdir(dirpath):
                os.rmdir(dirpath)
    return stats


def generate(corpus: Corpus, docs_dir: Path) -> WriteStats:
    pages = render(corpus, docs_dir)
    return write_files({k: v.encode("utf-8") for k, v in pages.items()}, docs_dir, GENERATED_DIRS)
