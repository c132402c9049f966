"""Swap outputs in whole: a reader sees the old tree or the new one, never half.

Directories are exchanged with renameat2(RENAME_EXCHANGE) where the kernel
has it (Linux >= 3.15), so even a SIGKILL between steps leaves a complete
tree at the live path; elsewhere two renames (a brief window without it).
Files are written to a temporary name and renamed over the old one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two existing paths; False when the system cannot."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def replace_dir(new: Path, live: Path, keep: Path | None = None) -> None:
    """Put the complete tree `new` at `live`, then delete the old one — or, with `keep`
    (a path that does not exist), move it there."""
    if not live.exists() and not live.is_symlink():
        os.rename(new, live)
        return
    if exchange(new, live):     # `new` now holds the old tree
        if keep is None:
            shutil.rmtree(new)
        else:
            os.rename(new, keep)
        return
    old = keep or live.with_name(live.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    os.rename(live, old)
    os.rename(new, live)
    if keep is None:
        shutil.rmtree(old)


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write atomically unless the file already holds exactly `data`."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def files_below(base: Path | str, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Relative posix path -> path, for every regular file below base (not inside top-level
    `skip` folders), in sorted walk order; links to folders are not followed.

    Plain strings and os.scandir: at 15,000 files pathlib's parsing was most of the walk.
    """
    out: dict[str, str] = {}

    def walk(folder: str, prefix: str, top: bool) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return
        below = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if not (top and entry.name in skip):
                    below.append(entry)
            elif entry.is_file():
                out[prefix + entry.name] = entry.path
        for entry in below:
            walk(entry.path, f"{prefix}{entry.name}/", False)

    walk(str(base), "", True)
    return out


def link_or_copy(src: Path, dst: Path) -> bool:
    """Put the file `src` at `dst` atomically, as a hard link when the file system allows.

    A link costs one directory entry instead of a copy of the bytes; it is
    safe because the build never writes into an existing file, it replaces it.
    True when linked, False when copied.
    """
    try:
        try:
            os.link(src, dst)
        except FileExistsError:
            tmp = dst.with_name(f".{dst.name}.tmp{os.getpid()}")
            tmp.unlink(missing_ok=True)
            os.link(src, tmp)
            os.replace(tmp, dst)
        except FileNotFoundError:
            if not src.exists():
                raise
            dst.parent.mkdir(parents=True, exist_ok=True)
            os.link(src, dst)
        return True
    except PermissionError:
        pass
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EMLINK, errno.EOPNOTSUPP, errno.ENOTSUP):
            raise
    write_if_changed(dst, src.read_bytes())     # another file system, or no hard links there
    return False


def add_stats(digest: hashlib._Hash, name: str, base: Path, keep: Callable[[str], bool] = lambda rel: True,
              skip: tuple[str, ...] = ()) -> None:
    """Feed path, size and mtime of every kept file below base into digest.

    Outputs are only written when their bytes change, so an unchanged stat
    means unchanged input: the cheap way to know a step has nothing to do.
    Top-level `skip` folders are not walked at all (docs/'s generated
    folders hold tens of thousands of files at archive scale).
    """
    for rel, path in sorted(files_below(base, skip).items()):
        if keep(rel):
            stat = os.stat(path)
            digest.update(f"{name}/{rel}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def sync_tree(src: Path, dst: Path, keep: Callable[[str], bool], skip: tuple[str, ...] = ()) -> tuple[int, int]:
    """Make the files of dst for which keep(relpath) holds equal to src's.

    Only files whose bytes differ are written; files gone from src are
    removed; top-level `skip` folders are not even walked. Returns
    (written, removed).
    """
    wanted = {rel: p for rel, p in files_below(src, skip).items() if keep(rel)}
    present = {rel: p for rel, p in files_below(dst, skip).items() if keep(rel)}
    written = sum(write_if_changed(dst / rel, Path(path).read_bytes()) for rel, path in sorted(wanted.items()))
    removed = 0
    for rel in sorted(set(present) - set(wanted)):
        os.unlink(present[rel])
        removed += 1
    prune_empty_dirs(dst, skip)
    return written, removed


def prune_empty_dirs(base: Path, skip: tuple[str, ...] = ()) -> None:
    """Remove the empty folders below base (not base itself), deepest first."""
    folders = []
    for dirpath, dirnames, _filenames in os.walk(base):
        if dirpath == str(base):
            dirnames[:] = [d for d in dirnames if d not in skip]
        else:
            folders.append(dirpath)
    for dirpath in reversed(folders):       # deepest first, so emptied parents go too
        try:
            os.rmdir(dirpath)
        except OSError:
            pass
