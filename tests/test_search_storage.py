"""search_storage: compound segment parts read in place behave as Whoosh's BytesIO copies do."""

from __future__ import annotations

import io
import mmap
import pickle
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from whoosh.filedb import compound
from whoosh.filedb.structfile import BufferFile

from build_tools.search_storage import MappedPart, _ViewReader, install

OPS = st.lists(st.one_of(
    st.tuples(st.just("read"), st.integers(-1, 40)),
    st.tuples(st.just("readline"), st.integers(-1, 40)),
    st.tuples(st.just("seek"), st.integers(0, 60), st.integers(0, 2)),
    st.tuples(st.just("tell")),
), max_size=30)


@given(st.binary(max_size=300).map(lambda b: b.replace(b"\x00", b"\n")), OPS)
def test_the_view_reader_reads_seeks_and_tells_as_bytesio_does(data: bytes, ops: list[tuple]) -> None:
    ours, theirs = _ViewReader(memoryview(data)), io.BytesIO(data)
    for op, *args in ops:
        if op == "seek":
            offset, whence = args
            offset = offset if whence == 0 else offset - 30
            if (0, theirs.tell(), len(data))[whence] + offset < 0:
                continue
            args = [offset, whence]
        assert getattr(ours, op)(*args) == getattr(theirs, op)(*args), (op, args)


def test_a_pickle_loads_from_a_mapped_part(tmp_path: Path) -> None:
    objects = [{"a": 1, "b": "tín dụng"}, list(range(1000)), "x\ny"]
    path = tmp_path / "part"
    with path.open("wb") as handle:
        handle.write(b"HEAD")
        for obj in objects:
            pickle.dump(obj, handle)
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as source:
        view = memoryview(source)
        part = MappedPart(view[4:], name="part")
        assert [part.read_pickle() for _ in objects] == objects
        assert part.get(0, 2) == pickle.dumps(objects[0])[:2]
        part.close()
        del part, view


def test_install_makes_compound_storage_hand_out_mapped_parts() -> None:
    install()
    assert compound.BufferFile is MappedPart and issubclass(MappedPart, BufferFile)


def test_the_build_reads_segments_with_file_reads_the_searcher_maps_them(tmp_path: Path) -> None:
    from build_tools.records import load_corpus
    from build_tools.search import Searcher
    from build_tools.search_index import _open_unmapped, update_index

    update_index(load_corpus(Path(__file__).resolve().parents[1]), tmp_path / ".index")

    def compound_sources(reader: object) -> list[object]:
        leaves = [r for r, _ in reader.leaf_readers()]       # type: ignore[attr-defined]
        return [r._storage.a._source for r in leaves]        # OverlayStorage(CompoundStorage, folder)

    with _open_unmapped(tmp_path / ".index").reader() as reader:
        assert compound_sources(reader) and all(source is None for source in compound_sources(reader))
    searcher = Searcher(tmp_path / ".index")
    searcher.search("tín dụng")
    assert all(isinstance(source, mmap.mmap) for source in compound_sources(searcher._searcher().reader()))
