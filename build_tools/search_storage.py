"""Compound segment files read in place from their memory map, not copied.

A Whoosh reader opens a compound segment (one `.seg` file holding the terms,
postings, stored fields and columns) once, memory-maps it, and from then on
needs nothing else on disk: the index can be swapped under an open searcher
(build.publish_index renames the new folder over the old one) and the
searcher keeps answering from the inodes it holds. Plain segment files do not
have that property: Whoosh opens their columns lazily, by path, and after a
swap the path leads into the new index.

But Whoosh (Whoosh-Reloaded 2.7.5) hands each part of the map to a BufferFile, which wraps it
in `BytesIO(part)`: a copy on the heap of every part a searcher touches, for
every searcher. The server opens one searcher per thread; at 5,000 documents
eight threads held 2.9 GB after a load test. `install()` makes compound
storage hand out MappedPart instead, which reads the same bytes from the map.
"""

from __future__ import annotations

from typing import Any

from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile


class _ViewReader:
    """The file interface StructFile and pickle use, over a memoryview, without copying it."""

    __slots__ = ("_view", "_pos", "closed")

    def __init__(self, view: memoryview) -> None:
        self._view, self._pos, self.closed = view, 0, False

    def read(self, n: int | None = -1) -> bytes:
        start = self._pos
        end = len(self._view) if n is None or n < 0 else min(start + n, len(self._view))
        self._pos = max(start, end)
        return bytes(self._view[start:end])

    def readline(self, limit: int = -1) -> bytes:
        view, start = self._view, self._pos
        stop = len(view) if limit is None or limit < 0 else min(len(view), start + limit)
        end = start
        while end < stop:                       # in chunks: a part can be hundreds of MB
            chunk = bytes(view[end:min(stop, end + 256)])
            newline = chunk.find(b"\n")
            if newline >= 0:
                end += newline + 1
                break
            end += len(chunk)
        self._pos = end
        return bytes(view[start:end])

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, len(self._view))[whence]
        if base + offset < 0:
            raise ValueError(f"negative seek position {base + offset}")
        self._pos = base + offset
        return self._pos

    def tell(self) -> int:
        return self._pos

    def close(self) -> None:
        self.closed = True
        self._view = memoryview(b"")             # lets the map close once its readers have


class MappedPart(BufferFile):  # type: ignore[misc]
    """BufferFile over one part of a compound file's map, read in place."""

    def __init__(self, buf: Any, name: str | None = None, onclose: Any = None) -> None:
        super().__init__(b"", name=name, onclose=onclose)
        self._buf = buf
        self.file = _ViewReader(memoryview(buf))


def install() -> None:
    """Make every compound storage opened from now on hand out MappedPart (idempotent)."""
    compound.BufferFile = MappedPart        # CompoundStorage.open_file's only use of the name
