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
import gc
import hashlib
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import progress
from .cli import print_problems
from .locking import build_lock
from .records import InvalidCorpus, LoadedCorpus, collector_paused, read_corpus
from .search_index import IndexPlan, IndexWrite, plan_index, publish_index

INDEX_DIR = ".index"
SITE_DIR = "site"


@dataclass
class BuildReport:
    documents: int = 0
    clauses: int = 0
    relations: int = 0
    pages_written: int = 0
    pages_unchanged: int = 0
    index_changed: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    up_to_date: bool = False
    elapsed: float = 0.0          # wall time: the index step overlaps the others

    def summary(self) -> str:
        total = self.elapsed or sum(self.timings.values())
        if self.up_to_date:
            return "up to date: no input changed since the last build; nothing written"
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
    report = BuildReport()
    started = time.perf_counter()
    with build_lock(root):
        inputs = input_fingerprint(root)
        if up_to_date(root, inputs, site=site, strict=strict):
            report.up_to_date = True
            return report
        with _Timer(report, "load"):
            loaded = read_corpus(root, strict=strict)
        # The corpus (millions of objects, no cycles) stays out of the collector's
        # full passes for the rest of the build; unfrozen after, so a long-lived
        # `serve` process can free the previous build's corpus.
        gc.freeze()
        try:
            outputs = _make_outputs(root, loaded, report, site=site)
            with _Timer(report, "publish"):
                _publish(root, outputs)
                _write_stamp(root, inputs, site=site, strict=strict)
        finally:
            gc.unfreeze()
    report.elapsed = time.perf_counter() - started
    return report


@dataclass
class _Outputs:
    plan: IndexPlan
    index: Path | None            # the staged index, None when the live one is up to date
    site: Path | None             # the new site, None when not built or unchanged


def _make_outputs(root: Path, loaded: LoadedCorpus, report: BuildReport, *, site: bool) -> _Outputs:
    """Every output, staged: pages and exports in .build/docs, the index beside .index/, the site."""
    from . import exports, pages, sitebuild
    from .relations import resolve_relations

    corpus = loaded.corpus
    with _Timer(report, "index_plan"):
        plan = plan_index(corpus, root / INDEX_DIR)
    # The index needs only the loaded corpus: a forked child writes it on the
    # other core while this process does the rest. Nothing is published before
    # the checks across records below pass; a failure cancels the child.
    index_job = IndexWrite.start(corpus, root / INDEX_DIR, plan, beside=True) if plan.writes else None
    try:
        with _Timer(report, "validate"):
            loaded.verify()
        with _Timer(report, "relations"):
            corpus = resolve_relations(corpus)
        report.documents = len(corpus.documents)
        report.clauses = sum(len(d.all_clauses()) for d in corpus.documents.values())
        report.relations = sum(len(r) for r in corpus.relations.values())
        # Pages and exports make trees of strings, no cycles: the collector's passes
        # over them took 1.1 s of 12 at 5,000 documents (MkDocs, which makes cycles, runs with it).
        with collector_paused():
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
        staged_index = None
        if index_job is not None:
            with _Timer(report, "index_wait"):       # this process writes what the child has not taken
                staged_index = index_job.finish()
            report.timings["index"], report.timings["index_help"] = index_job.child_seconds, index_job.help_seconds
    except BaseException:
        if index_job is not None:
            index_job.cancel()
        raise
    report.index_changed = plan.changed_count
    return _Outputs(plan, staged_index, new_site)


def _publish(root: Path, outputs: _Outputs) -> None:
    from . import sitebuild

    sitebuild.publish_docs(root)
    if outputs.index is not None:
        publish_index(outputs.index, root / INDEX_DIR, outputs.plan)
    if outputs.site is not None:
        sitebuild.publish_site(root, outputs.site)


# --- skipping a build whose inputs did not change ------------------------------------

STAMP = Path(".build") / "inputs.json"


def input_fingerprint(root: Path) -> str:
    """Path, size and mtime of everything a build reads, plus the git commit.

    Like make: a stat of each input is enough to know that nothing changed,
    so a no-change rebuild of 5,000 records costs milliseconds instead of
    re-rendering everything only to find the same bytes. The commit is in it
    because pages show when each record was first committed.
    """
    from .atomic import add_stats
    from .sitebuild import GENERATED, add_theme_stats, is_generated

    digest = hashlib.sha256()
    add_stats(digest, "data", root / "data")
    add_stats(digest, "docs", root / "docs", keep=lambda rel: not is_generated(rel), skip=GENERATED)
    add_theme_stats(digest, root)
    # the build's own code, wherever --root points
    add_stats(digest, "code", Path(__file__).resolve().parent, keep=lambda rel: rel.endswith(".py"))
    digest.update(_git_head(root).encode())
    return digest.hexdigest()


def _git_head(root: Path) -> str:
    head = root / ".git" / "HEAD"
    try:
        text = head.read_text().strip()
        if text.startswith("ref: "):
            ref = root / ".git" / text[5:]
            return ref.read_text().strip() if ref.exists() else text
        return text
    except OSError:
        return ""


def up_to_date(root: Path, inputs: str, *, site: bool, strict: bool) -> bool:
    try:
        stamp = json.loads((root / STAMP).read_text())
    except (OSError, ValueError):
        return False
    outputs_present = (root / INDEX_DIR).is_dir() and (not site or (root / SITE_DIR / "index.html").exists())
    return (stamp.get("inputs") == inputs and outputs_present
            and (stamp.get("site") or not site) and (stamp.get("strict") or not strict))


def _write_stamp(root: Path, inputs: str, *, site: bool, strict: bool) -> None:
    from .atomic import write_if_changed

    stamp = {"inputs": inputs, "site": site, "strict": strict}
    write_if_changed(root / STAMP, json.dumps(stamp, sort_keys=True).encode())


def build_command(args: argparse.Namespace) -> int:
    from .background import StepFailed
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
    except StepFailed as exc:
        print(f"build aborted: the index step failed; previous pages, index and site left as they were\n{exc}",
              file=sys.stderr)
        return 1
    print(report.summary())
    return 0
