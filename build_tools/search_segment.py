"""Whoosh's segment writer with its posting pool replaced by arrays sorted once.

Whoosh's SegmentWriter sends every posting through a sorting pool (a tuple,
an external merge sort) and then through `add_postings`, one Python call per
posting: profiled at 13 µs a posting, 440 s of the build at 5,000 documents
(16 M postings). This writer keeps Whoosh's own code for everything else —
stored fields, field lengths, columns, the compound segment file, the TOC,
the lock, deletions, merging — and changes only how postings travel:

- as entries arrive, each field's term occurrences are appended to two
  parallel arrays (term id, docnum) by C-level calls, no Python per posting;
- at commit one numpy sort of the (term id, docnum) pairs groups them, the
  runs of equal pairs giving the frequencies, and each term's list is cut
  into Whoosh's own 128-posting blocks, framed and pickled as
  W3PostingsWriter frames them;
  the blocks' and terms' statistics are numpy reductions over the field
  (a Python loop per term cost ~40 µs a term, most of the commit).

numpy is here for that sort and the reductions: the pure-Python alternative,
a dict of per-term arrays filled posting by posting, measured 1.3 µs a
posting inside the build (cache misses over 100,000+ growing arrays).

The result is the segment Whoosh writes (tests/test_search_segment.py
compares every term's postings, block statistics, stored fields and lengths
with Whoosh's own writer on the seed corpus).
"""

from __future__ import annotations

import struct
import zlib
from array import array
from itertools import repeat
from pickle import dumps
from typing import Any

import numpy as np
from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermInfo, _lenfield
from whoosh.fields import ID, FieldType
from whoosh.system import pack_int, pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .search_analysis import BodyTerms

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


class _TermIds(dict[str, int]):
    """term -> its number, a new term numbered next when first looked up (C-level for known ones)."""

    def __missing__(self, term: str) -> int:
        self[term] = number = len(self)
        return number


class _FieldPostings:
    """One field's postings as two parallel arrays (term id, docnum), appended an entry at a time.

    A term is appended once per occurrence, not once per entry with its
    count: the frequencies are the lengths of the equal (term, docnum) runs
    found at commit, where numpy counts them, instead of a Counter per
    entry here (a fifth of add_document when profiled).
    """

    __slots__ = ("ids", "term_ids", "docs", "word_ids", "word_docs")

    def __init__(self) -> None:
        self.ids = _TermIds()
        self.term_ids, self.docs = array("I"), array("I")
        # BodyTerms' words in order, each entry's run after the last: their bigrams are paired at commit
        self.word_ids, self.word_docs = array("I"), array("I")

    def add(self, terms: list[str], docnum: int) -> None:
        self.term_ids.extend(map(self.ids.__getitem__, terms))
        self.docs.extend(repeat(docnum, len(terms)))

    def add_body(self, body: BodyTerms, docnum: int) -> int:
        """An entry's BodyTerms; its length (the number of occurrences, bigrams included)."""
        self.word_ids.extend(map(self.ids.__getitem__, body.words))
        self.word_docs.extend(repeat(docnum, len(body.words)))
        if body.extra:
            self.add(body.extra, docnum)
        return body.length()

    def add_one(self, term: str, docnum: int) -> None:
        """An ID field's one term: the common case, without a list."""
        self.term_ids.append(self.ids[term])
        self.docs.append(docnum)

    def sorted_by_term(self) -> tuple[list[bytes], list[int], np.ndarray, np.ndarray, np.ndarray]:
        """The postings grouped by term: (terms in UTF-8 byte order — Whoosh's —, for each
        its index into starts, starts, docnums, frequencies); docnums ascend within a term."""
        term_ids, docs = self._all_occurrences()
        # one sort of (term id, docnum) pairs packed in 64 bits: no index array, no gathers
        pairs = term_ids.astype(np.uint64) << np.uint64(32)
        pairs |= docs
        del term_ids, docs
        pairs.sort()
        firsts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1])))
        freqs = np.diff(np.append(firsts, len(pairs))).astype(np.uint32)
        pairs = pairs[firsts]
        docs = (pairs & np.uint64(0xFFFFFFFF)).astype(np.uint32)
        sorted_ids = (pairs >> np.uint64(32)).astype(np.uint32)
        del pairs
        starts = np.flatnonzero(np.concatenate(([True], sorted_ids[1:] != sorted_ids[:-1])))
        position = dict(zip(sorted_ids[starts].tolist(), range(len(starts)), strict=True))
        terms = sorted(term.encode("utf-8") for term in self.ids)
        return terms, [position[self.ids[t.decode("utf-8")]] for t in terms], starts, docs, freqs

    def _all_occurrences(self) -> tuple[np.ndarray, np.ndarray]:
        """(term id, docnum) of every occurrence: the terms added, the words, and the words' bigrams.

        Two consecutive words of one entry make a bigram: the distinct pairs of
        word numbers are found by one numpy pass, and only they become strings
        and term numbers (a term merged in from another segment may be one already).
        """
        term_ids = np.frombuffer(self.term_ids, dtype=np.uint32)
        docs = np.frombuffer(self.docs, dtype=np.uint32)
        if not self.word_ids:
            return term_ids, docs
        words = np.frombuffer(self.word_ids, dtype=np.uint32)
        word_docs = np.frombuffer(self.word_docs, dtype=np.uint32)
        paired = word_docs[1:] == word_docs[:-1]
        codes = (words[:-1][paired].astype(np.uint64) << np.uint64(32)) | words[1:][paired]
        # np.unique(codes, return_inverse=True) sorts indices (argsort): a quarter of a commit at
        # 1,800 documents. A plain sort and a binary search give the same, 1.7x faster on Zipf-like codes.
        ordered = np.sort(codes)
        first = np.empty(len(ordered), dtype=bool)
        first[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
        distinct = ordered[first]
        del ordered, first
        which = np.searchsorted(distinct, codes)
        del codes
        names = list(self.ids)                         # a term's number is its place in the dict
        bigram_ids = np.fromiter(
            (self.ids[BodyTerms.bigram(names[a], names[b])]
             for a, b in zip((distinct >> np.uint64(32)).tolist(), (distinct & np.uint64(0xFFFFFFFF)).tolist(),
                             strict=True)),
            dtype=np.uint32, count=len(distinct))
        return (np.concatenate((term_ids, words, bigram_ids[which])),
                np.concatenate((docs, word_docs, word_docs[1:][paired])))


class BulkSegmentWriter(SegmentWriter):  # type: ignore[misc]
    """A SegmentWriter whose postings skip the pool; see the module docstring."""

    def __init__(self, ix: Any, **kwargs: Any):
        kwargs.setdefault("codec", W3Codec(compression=POSTINGS_COMPRESSION))
        # Compound (Whoosh's default): a searcher holds the whole segment once opened,
        # so the index can be swapped under it (search_storage.py).
        super().__init__(ix, **kwargs)
        for name, field in self.schema.items():
            if field.vector or field.separate_spelling():
                raise ValueError(f"BulkSegmentWriter writes no term vectors or spelling words ({name})")
        self._postings: dict[str, _FieldPostings] = {}
        # the stored-fields column W3PerDocWriter made (PickleColumn over CompressedBytesColumn):
        # its values are now framed by zlib_stored, not deflated
        self.perdocwriter._colwriters["_stored"]._child._compress = _frame_stored
        self._plans: dict[tuple[str, ...], list[_FieldPlan]] = {}

    def add_document(self, **fields: Any) -> None:
        """SegmentWriter.add_document, postings aside; no _boost or _stored_ arguments (unused here)."""
        self.add_fields(fields)

    def add_fields(self, fields: dict[str, Any]) -> None:
        """add_document(**fields) without making a second dict of them."""
        self._check_state()
        plan = self._plan_for(fields)
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        perdocwriter.start_doc(docnum)
        stored = perdocwriter._storedfields       # what add_field fills for a value without a length
        try:
            for name, field, terms, keep, scorable, column in plan:
                value = fields[name]
                if value is None:
                    continue
                length = 0
                if terms is _ONE_TERM:            # an ID: the value is the one term
                    self._field(name).add_one(value, docnum)
                    length = 1
                elif terms is _COUNTED and type(value) is BodyTerms:
                    length = self._field(name).add_body(value, docnum)
                elif terms is not None:
                    length = self._add_terms(name, _occurrences(field, value), docnum)
                if scorable and length:
                    perdocwriter.add_field(name, field, value if keep else None, length)
                elif keep:
                    stored[name] = value
                if column:
                    perdocwriter.add_column_value(name, column, field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _plan_for(self, fields: dict[str, Any]) -> list[_FieldPlan]:
        shape = tuple(fields)               # entries come in a few shapes, their keys in one order each
        plan = self._plans.get(shape)
        if plan is None:                    # each shape is checked once, its fields planned in Whoosh's order
            plan = self._plans[shape] = self._plan(tuple(sorted(fields)))
        return plan

    def _plan(self, names: tuple[str, ...]) -> list[_FieldPlan]:
        """How each of these fields is written: its postings, stored value, length and column."""
        if any(name.startswith("_") for name in names):
            raise ValueError("BulkSegmentWriter takes no _boost or _stored_ arguments")
        self._check_fields(self.schema, names)
        plan = []
        for name in names:
            field = self.schema[name]
            terms: Any = None
            if field.indexed:
                plain_id = isinstance(field, ID) and isinstance(field.analyzer, IDTokenizer)
                terms = (_ONE_TERM if plain_id else
                         _COUNTED if field.format.fixed_value_size() == 4 else _OCCURRENCES)
            plan.append((name, field, terms, bool(field.stored), bool(field.scorable), field.column_type))
        return plan

    def _add_terms(self, fieldname: str, terms: list[str], docnum: int) -> int:
        """Record one entry's postings for one field; return its length (the number of occurrences)."""
        if not terms:
            return 0
        self._field(fieldname).add(terms, docnum)
        return len(terms)

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
            self._field(fieldname).add([term.decode("utf-8")] * int(freq), docnum)

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
                _write_field(fieldwriter, field, self._postings[fieldname], lengths)
                fieldwriter.finish_field()
        finally:
            if pdr is not None:
                pdr.close()
        fieldwriter.close()
        self._postings.clear()


# (name, field, how its terms are found, stored?, scorable?, column type)
_FieldPlan = tuple[str, FieldType, Any, bool, bool, Any]
_ONE_TERM = object()                      # an ID field: its value is its one term
_COUNTED = object()                       # a Frequency field: each occurrence counts (BodyTerms taken whole)
_OCCURRENCES = object()                   # another format: its own word_values


def _occurrences(field: FieldType, value: Any) -> list[str]:
    """An entry's terms in one field, each as often as the field's format counts it."""
    if isinstance(value, BodyTerms):
        value = value.terms()
    if isinstance(value, list):               # terms the analysis already computed
        return value if field.format.fixed_value_size() == 4 else list(dict.fromkeys(value))  # Existence: once
    return [w for w, f, _weight, _value in field.format.word_values(value, field.analyzer, mode="index")
            for _ in range(f)]


def _lengths(pdr: Any, fieldname: str, doccount: int) -> np.ndarray:
    """Each entry's field length as Whoosh's reader gives it back (quantised to a byte), 0 for none.

    The column is read whole: asking the reader once per posting went through
    four layers of column readers (15 % of the build when profiled).
    """
    try:
        col = pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        raw = bytes(col._dbfile.get(col._basepos, col._count)) if col is not None else b""
    except AttributeError:           # another codec: ask the reader itself
        return np.array([pdr.doc_field_length(d, fieldname, 0) or 0 for d in range(doccount)], dtype=np.uint32)
    raw += bytes(max(0, doccount - len(raw)))
    return _BYTE_TO_LENGTH[np.frombuffer(raw, dtype=np.uint8)]


# a length byte -> the length it stands for; 0 -> 0 (no length)
_BYTE_TO_LENGTH = np.array([0] + [byte_to_length(b) for b in range(1, 256)], dtype=np.uint32)


_NO_LENGTH = np.uint32(0xFFFFFFFF)      # above any length: "no non-zero length" in a minimum
_TERM_INFO = W3TermInfo._struct            # "!BfIBBfII"
_EXTENT = struct.Struct("!qi")          # W3TermInfo.to_bytes: pack_long(offset) + pack_int(length)
_FLUSH_BYTES = 1 << 22                  # postings are written in pieces of about this size


def _write_field(fieldwriter: W3FieldWriter, field: FieldType, postings: _FieldPostings,
                 lengths: np.ndarray | None) -> None:
    """One field's terms in Whoosh 3 blocks: the bytes W3FieldWriter and W3PostingsWriter write.

    Their per-posting `add_posting`/`_write_block` and per-term
    `start_term`/`finish_term` are redone here for the whole field at once.
    Everything per posting — docnum deltas, frequency bytes, lengths, each
    block's and each term's sums, minima and maxima — is computed by numpy
    over the field's arrays; what is left per block is to pickle its tuples
    the way W3PostingsWriter does, and per term to add its W3TermInfo bytes
    to the terms table under the same key.
    """
    codec = fieldwriter._codec
    if codec._inlinelimit > 1:
        raise ValueError("BulkSegmentWriter does not inline postings (W3Codec inlinelimit > 1)")
    fixed_size = field.format.fixed_value_size()
    if fixed_size not in (0, 4):
        raise ValueError(f"{field}: only Existence and Frequency formats are written in bulk")
    limit, comp = codec._blocklimit, codec._compression
    boost = field.format.field_boost
    terms, term_rows, term_starts, docs, freqs = postings.sorted_by_term()
    if not terms:
        return
    total = len(docs)
    term_ends = np.append(term_starts[1:], total)
    # blocks: each term's postings cut every `limit`
    block_counts = (term_ends - term_starts + limit - 1) // limit
    first_block = np.cumsum(block_counts) - block_counts
    block_term = np.repeat(np.arange(len(term_starts)), block_counts)
    starts = term_starts[block_term] + (np.arange(len(block_term)) - first_block[block_term]) * limit
    ends = np.minimum(starts + limit, term_ends[block_term])
    # per posting: the docnum delta within its block (the first is the docnum), the weight
    deltas = docs.copy()
    deltas[1:] -= docs[:-1]
    deltas[starts] = docs[starts]
    weights = freqs if boost == 1 else (freqs * boost).astype(np.float32)   # array("f") as Whoosh keeps them
    freq_bytes = freqs.astype(">u4").tobytes() if fixed_size == 4 else b""
    # per block and per term: reductions over their slices
    block_max_w = np.maximum.reduceat(weights, starts).tolist()
    block_min_w = np.minimum.reduceat(weights, starts).tolist()
    float_weights = weights.astype(np.float64)          # tolist() gives the floats Whoosh pickles
    term_weight = np.add.reduceat(float_weights, term_starts).tolist()
    term_max_w = np.maximum.reduceat(weights, term_starts).tolist()
    if lengths is not None:
        doc_lengths = lengths[docs]
        nonzero = np.where(doc_lengths == 0, _NO_LENGTH, doc_lengths)
        block_min_len = _none_for_absent(np.minimum.reduceat(nonzero, starts).tolist())
        block_max_len = np.maximum.reduceat(doc_lengths, starts).tolist()
        term_min_len = _none_for_absent(np.minimum.reduceat(nonzero, term_starts).tolist())
        term_max_len = np.maximum.reduceat(doc_lengths, term_starts).tolist()
    else:
        block_min_len = term_min_len = [None] * len(starts)
        block_max_len = term_max_len = [0] * len(starts)
    starts_l, ends_l = starts.tolist(), ends.tolist()
    last_ids = docs[ends - 1].tolist()
    first_ids, term_last_ids = docs[term_starts].tolist(), docs[term_ends - 1].tolist()
    dfs = (term_ends - term_starts).tolist()
    first_block_l, block_counts_l = first_block.tolist(), block_counts.tolist()
    to_byte: dict[int | None, int] = {}

    def length_byte(length: int | None) -> int:
        found = to_byte.get(length)
        if found is None:
            found = to_byte[length] = length_to_byte(length)
        return found

    postfile, tindex, prefix = fieldwriter._postfile, fieldwriter._tindex, pack_ushort(fieldwriter._fieldid)
    offset = postfile.tell()
    pending: list[bytes] = []
    pending_size = 0
    for term, row in zip(terms, term_rows, strict=True):
        chunks = [WHOOSH3_HEADER_MAGIC]
        last_block = first_block_l[row] + block_counts_l[row] - 1
        for b in range(first_block_l[row], last_block + 1):
            start, end = starts_l[b], ends_l[b]
            high, low = block_max_w[b], block_min_w[b]
            if high == low:
                mini: Any = None if high == 1 else float(high)       # W3PostingsWriter._mini_weights
            else:
                mini = tuple(float_weights[start:end].tolist())
            databytes = dumps((tuple(deltas[start:end].tolist()), mini,
                               freq_bytes[4 * start:4 * end] if fixed_size == 4 else None), 2)
            if comp:
                databytes = zlib.compress(databytes, comp)
            infobytes = dumps((end - start, last_ids[b], float(high), comp,
                               length_byte(block_min_len[b]), length_byte(block_max_len[b])), 2)
            blocklength = len(infobytes) + len(databytes)
            chunks += (pack_int(-blocklength if b == last_block else blocklength), infobytes, databytes)
        data = b"".join(chunks)
        min_len = term_min_len[row]
        info = _TERM_INFO.pack(0, term_weight[row], dfs[row], 0 if min_len is None else length_byte(min_len),
                               length_byte(term_max_len[row]), term_max_w[row], first_ids[row],
                               term_last_ids[row]) + _EXTENT.pack(offset, len(data))
        tindex.add(prefix + term, info)
        offset += len(data)
        pending.append(data)
        pending_size += len(data)
        if pending_size >= _FLUSH_BYTES:
            postfile.write(b"".join(pending))
            pending, pending_size = [], 0
    postfile.write(b"".join(pending))


def _none_for_absent(minima: list[int]) -> list[int | None]:
    """Minimum lengths as add_posting keeps them: None where every length was 0."""
    absent = int(_NO_LENGTH)
    return [None if m == absent else m for m in minima]
