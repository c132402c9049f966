"""Pages staging and the MkDocs step.

Generated pages are written into a staging copy of docs/ (.build/docs/),
MkDocs builds that copy into .build/site.new/, and only when everything
succeeded are the generated folders copied into docs/ and site.new swapped
with site/. A failed or killed build therefore leaves docs/, site/ and the
index as they were. The staging copy persists between builds, so a rebuild
writes only what changed, and MkDocs is skipped when its inputs did not change.

The site is kept twice, and the two trees take turns (double buffering):
site/ is live, .build/site.prev/ is the one it replaced. A build renames the
previous tree to site.new, brings it up to date there and swaps it in; the
tree it replaces becomes site.prev. In the usual build nothing is deleted
wholesale and files are rewritten in place, keeping their inodes: on this
machine's file system a new file costs up to ten times more for minutes after
many were deleted. (The second tree ever begins as hard links to the first
one's document pages; a shared file that must change is replaced by a new
one, never written through. A failed build's half tree is discarded.) When
the previous tree was built with the same theme and configuration, only
what it lacks is rendered (`_Rebuild`): the document pages whose Markdown
is newer than its copy of them, every other page (a few dozen: navigation,
browse pages, the theme's search entries come from them), and the static
files newer than its copies — one record changed at 5,000 documents renders
a few dozen pages, not 5,000.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from . import atomic, pages
from .models import Corpus

BUILD_DIR = Path(".build")
STAGE_DOCS = BUILD_DIR / "docs"
NEW_SITE = BUILD_DIR / "site.new"
PREV_SITE = BUILD_DIR / "site.prev"
SITE_STAMP = BUILD_DIR / "site.fingerprint"
SITE_THEME = BUILD_DIR / "site.theme"              # theme_fingerprint of the live site
PREV_SITE_THEME = BUILD_DIR / "site.prev.theme"    # ... and of site.prev
NEW_SITE_THEME = BUILD_DIR / "site.new.theme"      # ... and of site.new, once built
# Generated document pages: rendered again only when their Markdown is newer than the tree's copy.
DOCUMENT_PAGES = "van-ban/"
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


def theme_fingerprint(root: Path) -> str:
    """What every page of the site is rendered with: configuration, theme overrides and hook,
    the snippets appended to every page (the abbreviations, made from the vocabulary), and
    the versions of the packages that turn Markdown into pages."""
    from importlib import metadata

    from .pages_browse import INCLUDES

    digest = hashlib.sha256()
    add_theme_stats(digest, root)
    includes = root / STAGE_DOCS / INCLUDES
    for snippet in sorted(includes.glob("*.md")) if includes.is_dir() else ():
        digest.update(f"{snippet.name}\n".encode() + snippet.read_bytes())
    for package in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "Jinja2", "Pygments"):
        try:
            digest.update(f"{package}={metadata.version(package)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=\n".encode())
    return digest.hexdigest()


def build_site(root: Path, corpus: Corpus) -> Path | None:
    """Run MkDocs on the staged docs into .build/site.new; None when nothing changed."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    stamp = root / SITE_STAMP
    current = fingerprint(root)
    if (root / SITE_DIR / "index.html").exists() and stamp.exists() and stamp.read_text() == current:
        return None
    new_site, theme = root / NEW_SITE, theme_fingerprint(root)
    incremental = _take_previous_site(root, theme)
    new_site.mkdir(parents=True, exist_ok=True)
    _show_mkdocs_warnings()
    try:
        config = load_config(config_file=str(root / "mkdocs.yml"), strict=True,
                             docs_dir=str(root / STAGE_DOCS), site_dir=str(new_site))
        _Rebuild(config, full=not incremental).run()
    except (MkDocsException, SystemExit) as exc:
        # left as it is: the next build renders it whole, in place
        raise SiteBuildError(f"mkdocs build --strict failed: {exc}") from None
    from .client_search import postprocess
    postprocess(new_site, corpus)
    (root / NEW_SITE_THEME).write_text(theme)
    return new_site


def _take_previous_site(root: Path, theme: str) -> bool:
    """Make .build/site.new the tree to build into; True when it may be brought up to date
    instead of rendered whole (it is the previous site, built with this theme)."""
    new_site, prev = root / NEW_SITE, root / PREV_SITE
    prev_theme = root / PREV_SITE_THEME
    if new_site.exists():                   # a build that failed left it half done
        if prev.exists():
            shutil.rmtree(prev)
        prev_theme.unlink(missing_ok=True)
        return False
    if prev.is_dir():
        same_theme = prev_theme.is_file() and prev_theme.read_text() == theme
        os.rename(prev, new_site)
        prev_theme.unlink(missing_ok=True)
        return same_theme
    live, live_theme = root / SITE_DIR, root / SITE_THEME
    if live.is_dir() and live_theme.is_file() and live_theme.read_text() == theme:
        # the second site ever: its bulk starts as links to the live one's files
        # (a link is cheap; _Rebuild writes a new file in place of a linked one)
        for top in ("van-ban", "du-lieu"):
            _link_tree(live / top, new_site / top)
        return True
    return False


def _link_tree(src: Path, dst: Path) -> None:
    """dst as a tree of hard links to src's files."""
    for dirpath, _dirnames, filenames in os.walk(src):
        target = dst / Path(dirpath).relative_to(src)
        target.mkdir(parents=True, exist_ok=True)
        for name in filenames:
            os.link(f"{dirpath}/{name}", target / name)


class _Rebuild:
    """One MkDocs build into a tree that may hold an earlier site, rewriting only what it must.

    MkDocs's own dirty build renders a page only when its source is newer
    than the output; used as it is, it gets navigation titles wrong and
    leaves the search index with only those pages. Here, during the build:
    every page outside van-ban/ counts as changed (navigation and search come
    from them); a document page and a static file count as changed when
    newer than the tree's copy, or always when `full`; files MkDocs did not
    write and no longer has a source for are removed afterwards. Writes go
    into the existing files. The result is the site a clean build gives
    (tests/test_site_rebuild.py compares them byte for byte).
    """

    def __init__(self, config: Any, *, full: bool):
        self.config, self.full = config, full
        self.files: Any = None

    def run(self) -> None:
        from mkdocs.commands import build as mkdocs_build_module
        from mkdocs.structure.files import File

        full = self.full
        newer = File.is_modified

        def is_modified(file: File) -> bool:
            changed = full or (file.is_documentation_page() and not file.src_uri.startswith(DOCUMENT_PAGES)) \
                or bool(newer(file))
            if changed:
                _unshare(file.abs_dest_path)    # about to be written: never through a link to another tree
            return changed

        def keep_files(files: Any, config: Any) -> Any:
            self.files = files
            return files

        dirty_notice = _DropDirtyNotice()
        build_log = logging.getLogger("mkdocs.commands.build")
        self.config.plugins.events["files"].append(keep_files)
        build_log.addFilter(dirty_notice)
        File.is_modified = is_modified          # type: ignore[method-assign,assignment]
        try:
            mkdocs_build_module.build(self.config, dirty=True)
        finally:
            File.is_modified = newer            # type: ignore[method-assign]
            build_log.removeFilter(dirty_notice)
        self._remove_stale()

    def _remove_stale(self) -> None:
        """Files of the tree that this build neither wrote nor has a source for."""
        site = Path(self.config.site_dir)
        wanted = {f.dest_uri for f in self.files} | set(self.config.theme.static_templates)
        wanted |= {"sitemap.xml.gz", "search/search_index.json"}
        stale = [path for rel, path in atomic.files_below(site).items() if rel not in wanted]
        for path in stale:
            os.unlink(path)
        if stale:
            atomic.prune_empty_dirs(site)


def _unshare(path: str | None) -> None:
    """Remove path if it is a hard link to another tree's file (MkDocs writes into the file it finds)."""
    if path is None:
        return
    try:
        if os.stat(path).st_nlink > 1:
            os.unlink(path)
    except FileNotFoundError:
        pass


class _DropDirtyNotice(logging.Filter):
    """MkDocs warns that a dirty build may leave navigation wrong; _Rebuild sees to it
    that it does not, and in strict mode the warning alone would fail the build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def publish_site(root: Path, new_site: Path) -> None:
    """Swap the new site in; the one it replaces is kept as .build/site.prev for the next build."""
    prev = root / PREV_SITE
    if prev.exists():
        shutil.rmtree(prev)
    atomic.replace_dir(new_site, root / SITE_DIR, keep=prev)
    theme, prev_theme = root / SITE_THEME, root / PREV_SITE_THEME
    if theme.exists() and prev.exists():
        os.replace(theme, prev_theme)
    os.replace(root / NEW_SITE_THEME, theme)
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
