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
import os
import shutil
import sys
from pathlib import Path

from . import atomic, pages
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
    """Bring the hand-written part of the staging copy up to date with docs/.

    Also check, one stat per file, that the generated files last published
    into docs/ are still as published: one edited or deleted by hand is
    produced and published again by this build.
    """
    stage = root / STAGE_DOCS
    stage.mkdir(parents=True, exist_ok=True)
    atomic.sync_tree(root / DOCS_DIR, stage, keep=lambda rel: not is_generated(rel), skip=GENERATED)
    _published(root).verify(root, pages.folder(stage))
    return stage


def publish_docs(root: Path) -> tuple[int, int]:
    """Put the generated folders of the staging copy into docs/; returns (written, removed).

    The writers (pages.write_files) know every file they staged, so only
    files staged since the last publish are linked, without walking or
    comparing either tree; without that knowledge (another process staged
    them), the trees are compared.
    """
    stage = root / STAGE_DOCS
    staged = pages.folder(stage)
    if not all(top in staged.listed for top in GENERATED):
        return atomic.sync_tree(stage, root / DOCS_DIR, keep=is_generated)
    return _published(root).update(root, staged)


class Published:
    """The generated files of docs/ as the last publish left them.

    files: path -> (stamp of the file in docs/, stamp of the staged file it
    came from); `complete` once every file of the generated folders is in it.
    """

    def __init__(self, docs: Path):
        self.docs = docs
        self.files: dict[str, tuple[pages.Stamp, pages.Stamp]] = {}
        self.complete = False
        self.dirs: set[str] = set()      # folders this publish made or found, so each is made once

    def verify(self, root: Path, staged: pages.Folder) -> None:
        """Forget files changed or removed by hand since; one edited through its link spoiled the staged copy too."""
        for rel, (live, source) in list(self.files.items()):
            try:
                st = os.stat(f"{self.docs}/{rel}")
            except FileNotFoundError:
                del self.files[rel]
                self.dirs.clear()           # removed by hand, perhaps with its folder
                continue
            if pages.stamp_of(st) != live:
                del self.files[rel]
                if st.st_ino == source[0]:
                    staged.forget(rel)
                    (root / STAGE_DOCS / rel).unlink(missing_ok=True)

    def update(self, root: Path, staged: pages.Folder) -> tuple[int, int]:
        wanted = {rel: stamp for rel, stamp in staged.stamps.items() if is_generated(rel)}
        # before anything is linked: a generated folder docs/ does not have holds no stale file
        absent = {top for top in GENERATED if not (self.docs / top).is_dir()}
        # str paths: pathlib's parsing cost more than the links themselves (15,000 files)
        docs, stage = str(self.docs), str(root / STAGE_DOCS)
        written = 0
        for rel in sorted(wanted):
            had = self.files.get(rel)
            if had is not None and had[1] == wanted[rel]:
                continue
            if had is None and not self.complete and self._already_linked(rel, wanted[rel]):
                continue
            parent = rel.rpartition("/")[0]
            if parent not in self.dirs:
                self._make_dir(parent)
            dst = f"{docs}/{rel}"
            if atomic.link_or_copy(Path(f"{stage}/{rel}"), Path(dst)):
                self.files[rel] = (wanted[rel], wanted[rel])
            else:
                self.files[rel] = (pages.stamp_of(os.stat(dst)), wanted[rel])
            written += 1
        return written, self._remove_stale(wanted, absent)

    def _make_dir(self, rel: str) -> None:
        """docs/rel and its parents, one mkdir each (slow on ext4 here: ~0.1-0.5 ms), each remembered."""
        up = rel.rpartition("/")[0]
        if up and up not in self.dirs:
            self._make_dir(up)
        try:
            os.mkdir(f"{self.docs}/{rel}")
        except FileExistsError:
            pass
        self.dirs.add(rel)

    def _already_linked(self, rel: str, stamp: pages.Stamp) -> bool:
        """First publish in this process: a file linked by an earlier build has the staged file's stamp."""
        try:
            if pages.stamp_of(os.stat(f"{self.docs}/{rel}")) != stamp:
                return False
        except FileNotFoundError:
            return False
        self.files[rel] = (stamp, stamp)
        return True

    def _remove_stale(self, wanted: dict[str, pages.Stamp], absent: set[str]) -> int:
        if self.complete:
            stale = [rel for rel in self.files if rel not in wanted]
        else:
            stale = [f"{top}/{rel}" for top in GENERATED if top not in absent
                     for rel in atomic.files_below(self.docs / top) if f"{top}/{rel}" not in wanted]
            self.complete = True
        for rel in sorted(stale):
            (self.docs / rel).unlink(missing_ok=True)
            self.files.pop(rel, None)
            _remove_empty_parents(self.docs, rel)
            self.dirs.clear()               # a folder may have gone with it
        return len(stale)


def _remove_empty_parents(base: Path, rel: str) -> None:
    parts = rel.split("/")[:-1]
    while len(parts) > 1:               # the generated folder itself stays
        try:
            os.rmdir(base.joinpath(*parts))
        except OSError:
            return                      # not empty
        parts.pop()


_PUBLISHED: dict[str, Published] = {}     # docs folder -> what the last publish left (one root kept)


def _published(root: Path) -> Published:
    docs = root / DOCS_DIR
    memory = _PUBLISHED.get(str(docs))
    if memory is None:
        _PUBLISHED.clear()
        memory = _PUBLISHED[str(docs)] = Published(docs)
    return memory


def fingerprint(root: Path) -> str:
    """What the site depends on: staged docs, mkdocs.yml and theme overrides."""
    digest = hashlib.sha256()
    add_theme_stats(digest, root)
    atomic.add_stats(digest, "docs", root / STAGE_DOCS)
    return digest.hexdigest()


def add_theme_stats(digest: hashlib._Hash, root: Path) -> None:
    """mkdocs.yml's bytes and the stats of overrides/ — not of the bytecode
    MkDocs leaves beside the theme hook when it loads it."""
    config = root / "mkdocs.yml"
    if config.exists():
        digest.update(config.read_bytes())
    atomic.add_stats(digest, "overrides", root / "overrides", keep=lambda rel: "__pycache__" not in rel)


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
