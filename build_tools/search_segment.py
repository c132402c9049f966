"""Whoosh's segment writer with its posting pool replaced by arrays sorted once.

Whoosh's SegmentWriter sends every posting through a sorting pool (a tuple,
an external merge sort) and then through `add_postings`, one Python call per
posting: profiled at 13 µs a posting, 440 s of the build at 5,000 documents
(16 M postings). This writer keeps Whoosh's own code for everything else —
stored fields, field lengths, columns, the compound segment file, the TOC,
the lock, deletions, merging — and changes only how postings travel:

- as entries arrive, each field's postings are appended to three parallel
  arrays (term id, docnum, frequency) by C-level calls, no Python per posting;
- at commit one stable numpy sort by term id groups them (docnums stay in
  order within a term), and each term's list is cut into Whoosh's own
  128-posting blocks, framed and pickled as W3PostingsWriter frames them.

numpy is here for that one sort and its gathers: the pure-Python alternative,
a dict of per-term arrays filled posting by posting, measured 1.3 µs a
posting inside the build (cache misses over 100,000+ growing arrays).

The result is the segment Whoosh writes (tests/test_search_segment.py
compares every term's postings, block statistics, stored fields and lengths
with Whoosh's own writer on the seed corpus).
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from itertools import count, repeat
from operator import sub
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo, _lenfield
from whoosh.fields import ID, FieldType
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

if array("I").itemsize != 4:              # the arrays are read back by numpy as uint32
    raise ImportError("search_segment needs a platform whose C unsigned int is 32 bits")


# Posting blocks are written uncompressed (each block says so; readers handle
# both): zlib cost 30-200 µs a call here whatever the level — it allocates
# 256 KB of state per call — and at 5,000 documents there are ~200,000 blocks.
# The price is a larger index on disk, and queries skip the decompression.
POSTINGS_COMPRESSION = 0


def zlib_stored(data: bytes) -> bytes:
    """data as a zlib stream of uncompressed ("stored") deflate blocks (RFC 1950/1951).

    Any zlib reader reads it — Whoosh's stored-fields column decompresses
    every entry's pickle with zlib.decompress — but writing it costs no
    deflate state: zlib.compress allocates and clears ~256 KB per call, which
    profiled at 60 µs an entry inside the build (cache misses) for ~1 KB pickles.
    """
    parts: list[bytes | memoryview] = [b"\x78\x01"]         # deflate, 32 KB window, no dictionary
    view = memoryview(data)
    for start in range(0, max(len(data), 1), _STORED_BLOCK):
        block = view[start:start + _STORED_BLOCK]
        final = start + _STORED_BLOCK >= len(data)
        parts += (b"\x01" if final else b"\x00", _STORED_LENGTHS.pack(len(block), len(block) ^ 0xFFFF), block)
    parts.append(_ADLER.pack(zlib.adler32(data)))
    return b"".join(parts)


_STORED_BLOCK = 0xFFFF
_STORED_LENGTHS = struct.Struct("<HH")       # LEN, NLEN (one's complement), little-endian
_ADLER = struct.Struct(">I")


def _frame_stored(value: bytes, _level: int) -> bytes:
    return zlib_stored(value)


class _FieldPostings:
    """One field's postings as three parallel arrays, appended an entry at a time."""

    __slots__ = ("ids", "next_id", "term_ids", "docs", "freqs")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}                 # term -> its id (ids are increasing, with gaps)
        self.next_id = count()
        self.term_ids, self.docs, self.freqs = array("I"), array("I"), array("I")

    def add(self, counts: dict[str, int], docnum: int) -> None:
        # dict.setdefault gives a new term the next number, a known one its own
        self.term_ids.extend(map(self.ids.setdefault, counts, self.next_id))
        self.freqs.extend(counts.values())
        self.docs.extend(repeat(docnum, len(counts)))

    def add_one(self, term: str, docnum: int) -> None:
        """An ID field's one term (frequency 1): the common case, without building a dict."""
        self.term_ids.append(self.ids.setdefault(term, next(self.next_id)))
        self.freqs.append(1)
        self.docs.append(docnum)

    def by_term(self) -> Iterator[tuple[bytes, list[int], list[int]]]:
        """Each term in UTF-8 byte order (Whoosh's) with its docnums, ascending, and frequencies."""
        term_ids = np.frombuffer(self.term_ids, dtype=np.uint32)
        order = np.argsort(term_ids, kind="stable")          # stable: docnums stay ascending
        sorted_ids = term_ids[order]
        docs = np.frombuffer(self.docs, dtype=np.uint32)[order]
        freqs = np.frombuffer(self.freqs, dtype=np.uint32)[order]
        bounds = (np.flatnonzero(sorted_ids[1:] != sorted_ids[:-1]) + 1).tolist()
        starts, ends = [0, *bounds], [*bounds, len(sorted_ids)]
        span = dict(zip(sorted_ids[starts].tolist(), zip(starts, ends, strict=True), strict=True))
        for key in sorted(term.encode("utf-8") for term in self.ids):
            start, end = span[self.ids[key.decode("utf-8")]]
            yield key, docs[start:end].tolist(), freqs[start:end].tolist()


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose postings skip the pool; see the module docstring."""

    def __init__(self, ix: Any, **kwargs: Any):
        kwargs.setdefault("codec", W3Codec(compression=POSTINGS_COMPRESSION))
        super().__init__(ix, **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkSegmentWriter writes no term vectors or spelling words ({name})")
        self._postings: dict[str, _FieldPostings] = {}
        # the stored-fields column W3PerDocWriter made (PickleColumn over CompressedBytesColumn):
        # its values are now framed by zlib_stored, not deflated
        self.perdocwriter._colwriters["_stored"]._child._compress = _frame_stored
        self._plain_ids = {name for name, field in self.schema.items()
                           if isinstance(field, ID) and isinstance(field.analyzer, IDTokenizer)}

    def add_document(self, **fields: Any) -> None:
        """SegmentWriter.add_document, postings aside; no _boost or _stored_ arguments (unused here)."""
        self._check_state()
        if any(name.startswith("_") for name in fields):
            raise ValueError("BulkSegmentWriter takes no _boost or _stored_ arguments")
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = self._add_postings(fieldname, field, value, docnum) if field.indexed else 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None,
                                       length if field.scorable else 0)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _add_postings(self, fieldname: str, field: FieldType, value: Any, docnum: int) -> int:
        """Record one entry's postings for one field; return its length (the sum of frequencies)."""
        if fieldname in self._plain_ids:          # an ID: the value is the one term
            self._field(fieldname).add_one(value, docnum)
            return 1
        counts: dict[str, int]
        if isinstance(value, list):               # terms index_terms already computed
            counts = Counter(value)
        else:
            counts = {w: f for w, f, _weight, _value in field.format.word_values(value, field.analyzer, mode="index")}
        if not counts:
            return 0
        self._field(fieldname).add(counts, docnum)
        return sum(counts.values())

    def _field(self, fieldname: str) -> _FieldPostings:
        postings = self._postings.get(fieldname)
        if postings is None:
            postings = self._postings[fieldname] = _FieldPostings()
        return postings

    def _take_pool(self) -> None:
        """Postings Whoosh put in the pool: those of segments merged into this one (add_reader).

        They come after every added entry (commit merges after the adds), so
        their docnums follow those already appended.
        """
        for fieldname, term, docnum, _weight, value in self.pool.iter_postings():
            fmt = self.schema[fieldname].format
            freq = fmt.decode_frequency(value) if value else 1
            self._field(fieldname).add({term.decode("utf-8"): int(freq)}, docnum)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self._take_pool()
        pdr = self.per_document_reader() if self.codec.length_stats else None
        fieldwriter = self.fieldwriter
        try:
            for fieldname in sorted(self._postings):
                field = self.schema[fieldname]
                lengths = _lengths(pdr, fieldname, self.docnum) if pdr is not None and field.scorable else None
                fieldwriter.start_field(fieldname, field)
                for term, docnums, freqs in self._postings[fieldname].by_term():
                    _write_term(fieldwriter, field, term, docnums, freqs, lengths)
                fieldwriter.finish_field()
        finally:
            if pdr is not None:
                pdr.close()
        fieldwriter.close()
        self._postings.clear()


def _lengths(pdr: Any, fieldname: str, doccount: int) -> list[int]:
    """Each entry's field length as Whoosh's reader gives it back (quantised to a byte), 0 for none.

    The column is read whole: asking the reader once per posting went through
    four layers of column readers (15 % of the build when profiled).
    """
    try:
        col = pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = bytes(col._dbfile.get(col._basepos, col._count)) if col is not None else b""
    except AttributeError:           # another codec: ask the reader itself
        return [pdr.doc_field_length(d, fieldname, 0) or 0 for d in range(doccount)]
    raw += bytes(max(0, doccount - len(raw)))
    return [byte_to_length(b) if b else 0 for b in raw]


def _write_term(fieldwriter: W3FieldWriter, field: FieldType, term: bytes, ids: list[int], freqs: list[int],
                lengths: list[int] | None) -> None:
    """One term's postings in Whoosh 3 blocks: the bytes W3FieldWriter and W3PostingsWriter write.

    Their per-posting `add_posting`/`_write_block` and per-term
    `start_term`/`finish_term` are redone here a term at a time: the term's
    statistics computed once over all its postings (they are sums, minima and
    maxima of the blocks' own), each block's tuples built by C-level calls
    instead of per-posting generators, pickled and framed the same way, the
    whole term written with one call and its W3TermInfo added to the terms
    table under the same key.
    """
    codec = fieldwriter._codec
    if codec._inlinelimit > 1:
        raise ValueError("BulkSegmentWriter does not inline postings (W3Codec inlinelimit > 1)")
    limit, comp = codec._blocklimit, codec._compression
    boost = field.format.field_boost
    weights = array("f", freqs if boost == 1 else [f * boost for f in freqs])
    fixed_size = field.format.fixed_value_size()
    if fixed_size not in (0, 4):
        raise ValueError(f"{field}: only Existence and Frequency formats are written in bulk")
    doc_lengths = [lengths[d] for d in ids] if lengths is not None else None
    chunks = [WHOOSH3_HEADER_MAGIC]
    for start in range(0, len(ids), limit):
        end = start + limit
        block_ids = ids[start:end]
        block_weights = weights[start:end]
        min_length, max_length = _min_max_length(doc_lengths[start:end] if doc_lengths is not None else None)
        data = (tuple(map(sub, block_ids, [0, *block_ids[:-1]])),
                _mini_weights(block_weights),
                _uint_bytes(freqs[start:end]) if fixed_size == 4 else None)
        databytes = dumps(data, 2)
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps((len(block_ids), block_ids[-1], max(block_weights), comp,
                           length_to_byte(min_length), length_to_byte(max_length)), 2)
        blocklength = len(infobytes) + len(databytes)
        chunks += (pack_int(-blocklength if end >= len(ids) else blocklength), infobytes, databytes)
    postings = b"".join(chunks)
    postfile = fieldwriter._postfile
    info = W3TermInfo()
    _set_term_stats(info, ids, weights, doc_lengths)
    info.set_extent(postfile.tell(), len(postings))
    postfile.write(postings)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + term, info.to_bytes())


def _min_max_length(lengths: list[int] | None) -> tuple[int | None, int]:
    """As add_posting keeps them: the least non-zero length (None if none), the greatest."""
    if lengths is None:
        return None, 0
    present = [n for n in lengths if n] if 0 in lengths else lengths
    return (min(present) if present else None), max(lengths)


def _set_term_stats(info: Any, ids: list[int], weights: array[float], lengths: list[int] | None) -> None:
    """W3TermInfo.add_block over every block at once: the same sums, minima and maxima."""
    info._weight = float(sum(weights))
    info._df = len(ids)
    info._minlength, info._maxlength = _min_max_length(lengths)
    info._maxweight = max(weights)
    info._minid, info._maxid = ids[0], ids[-1]


def _mini_weights(weights: array[float]) -> float | tuple[float, ...] | None:
    """W3PostingsWriter._mini_weights: None if all 1.0, one float if all equal."""
    if weights.count(1.0) == len(weights):
        return None
    if weights.count(weights[0]) == len(weights):
        return weights[0]
    return tuple(weights)


def _uint_bytes(values: list[int]) -> bytes:
    """The values' pack_uint ("!I", big-endian) bytes, joined."""
    packed = array("I", values)
    if sys.byteorder == "little":
        packed.byteswap()
    return packed.tobytes()
