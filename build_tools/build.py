"""The build, top to bottom, as ARCHITECTURE.md draws the data flow.

    data/*.yaml --load+validate--> Corpus --resolve relations--> Corpus
    Corpus --render--> docs/<generated>/   --mkdocs build--> site/
    Corpus --index---> .index/
    Corpus --export--> docs/du-lieu/  (copied into site/ by mkdocs)

One load, one corpus, three consumers. Nothing is written before the corpus
is valid. Pages go to a staging copy of docs/, the site to .build/site.new,
the index to a temporary folder; each is swapped in only after every step
succeeded (sitebuild.py, search.update_index), so a failed build leaves
docs/, site/ and .index/ as they were.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import progress
from .cli import print_problems
from .records import InvalidCorpus, load_corpus

INDEX_DIR = ".index"


@dataclass
class BuildReport:
    documents: int = 0
    clauses: int = 0
    relations: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    index_changed: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        total = sum(self.timings.values())
        return (f"{self.documents} documents, {self.clauses} clauses, {self.relations} relations, "
                f"{self.pages_written} pages written ({self.pages_unchanged} unchanged), "
                f"0 errors, built in {total:.1f} s")


class _Timer:
    def __init__(self, report: BuildReport, step: str):
        self.report, self.step = report, step

    def __enter__(self) -> None:
        progress.step(self.step)
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.report.timings[self.step] = time.perf_counter() - self.started


def build(root: Path, *, site: bool = True, strict: bool = False) -> BuildReport:
    """Run every stage; raise on the first failure with outputs left as they were."""
    from . import exports, pages, search, sitebuild
    from .locking import build_lock
    from .relations import resolve_relations

    report = BuildReport()
    with build_lock(root):
        with _Timer(report, "load"):
            corpus = load_corpus(root, strict=strict)
        with _Timer(report, "relations"):
            corpus = resolve_relations(corpus)
        report.documents = len(corpus.documents)
        report.clauses = sum(len(d.all_clauses()) for d in corpus.documents.values())
        report.relations = sum(len(r) for r in corpus.relations.values())
        with _Timer(report, "pages"):
            stage = sitebuild.stage_docs(root)
            stats = pages.generate(corpus, stage)
            report.pages_written, report.pages_unchanged = stats.written, stats.unchanged
        with _Timer(report, "exports"):
            exports.write(corpus, stage)
        new_site = None
        if site:
            with _Timer(report, "mkdocs"):
                new_site = sitebuild.build_site(root, corpus)
        with _Timer(report, "index"):
            report.index_changed = search.update_index(corpus, root / INDEX_DIR)
        with _Timer(report, "publish"):
            sitebuild.publish_docs(root)
            if new_site is not None:
                sitebuild.publish_site(root, new_site)
    return report


def build_command(args: argparse.Namespace) -> int:
    from .locking import BuildLocked
    from .sitebuild import SiteBuildError

    try:
        report = build(args.root, site=not args.no_site, strict=args.strict)
    except InvalidCorpus as exc:
        errors, warnings = print_problems(exc.problems)
        print(f"build aborted: {errors} errors, {warnings} warnings in data/; "
              "previous pages, index and site left as they were", file=sys.stderr)
        return 1
    except (BuildLocked, SiteBuildError) as exc:
        print(f"build aborted: {exc}; previous pages, index and site left as they were", file=sys.stderr)
        return 1
    print(report.summary())
    return 0
