"""Pages staging and the MkDocs step.

Generated pages are written into a staging copy of docs/ (.build/docs/),
MkDocs builds that copy into .build/site.new/, and only when everything
succeeded are the generated folders copied into docs/ and site.new swapped
with site/. A failed or killed build therefore leaves docs/, site/ and the
index as they were. The staging copy persists between builds, so a rebuild
writes only what changed, and MkDocs is skipped when its inputs did not change.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import sys
from pathlib import Path

from . import atomic
from .models import Corpus

BUILD_DIR = Path(".build")
STAGE_DOCS = BUILD_DIR / "docs"
NEW_SITE = BUILD_DIR / "site.new"
SITE_STAMP = BUILD_DIR / "site.fingerprint"
SITE_DIR = Path("site")
DOCS_DIR = Path("docs")

# Top-level names under docs/ that the build generates; everything else in
# docs/ is hand-written. Kept in step with .gitignore (a test checks).
GENERATED = ("van-ban", "duyet", "du-lieu")


class SiteBuildError(Exception):
    pass


def is_generated(rel: str) -> bool:
    return rel.split("/", 1)[0] in GENERATED


def stage_docs(root: Path) -> Path:
    """Bring the hand-written part of the staging copy up to date with docs/."""
    stage = root / STAGE_DOCS
    stage.mkdir(parents=True, exist_ok=True)
    atomic.sync_tree(root / DOCS_DIR, stage, keep=lambda rel: not is_generated(rel))
    return stage


def publish_docs(root: Path) -> tuple[int, int]:
    """Copy the generated folders from the staging copy into docs/."""
    return atomic.sync_tree(root / STAGE_DOCS, root / DOCS_DIR, keep=is_generated)


def fingerprint(root: Path) -> str:
    """What the site depends on: staged docs, mkdocs.yml and theme overrides."""
    digest = hashlib.sha256()
    config = root / "mkdocs.yml"
    if config.exists():
        digest.update(config.read_bytes())
    atomic.add_stats(digest, "docs", root / STAGE_DOCS)
    atomic.add_stats(digest, "overrides", root / "overrides")
    return digest.hexdigest()


def build_site(root: Path, corpus: Corpus) -> Path | None:
    """Run MkDocs on the staged docs into .build/site.new; None when nothing changed."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    stamp = root / SITE_STAMP
    current = fingerprint(root)
    if (root / SITE_DIR / "index.html").exists() and stamp.exists() and stamp.read_text() == current:
        return None
    new_site = root / NEW_SITE
    shutil.rmtree(new_site, ignore_errors=True)
    _show_mkdocs_warnings()
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True,
                             docs_dir=str(root / STAGE_DOCS), site_dir=str(new_site))
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(new_site, ignore_errors=True)
        raise SiteBuildError(f"mkdocs build --strict failed: {exc}") from None
    from .client_search import postprocess
    postprocess(new_site, corpus)
    return new_site


def publish_site(root: Path, new_site: Path) -> None:
    atomic.replace_dir(new_site, root / SITE_DIR)
    (root / SITE_STAMP).write_text(fingerprint(root))


def _show_mkdocs_warnings() -> None:
    """MkDocs logs warnings; in-process nobody prints them unless we do."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_archive", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("mkdocs %(levelname)s: %(message)s"))
        handler._archive = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
