"""Load data/ into the in-memory corpus.

`read_data` reads every file once (keeping line numbers for messages);
`validate.check` judges what was read; `build_corpus` turns valid records
into the frozen models every later stage uses. `load_corpus` does all three
and raises `InvalidCorpus` with every problem when anything is wrong.

`load_corpus` remembers, per project root and for the life of the process,
what it read from each file: the parsed record, what the validator found in
it alone (`validate.own_findings`) and the `Document` built from it. A file
whose size, times and inode are those of last time (and whose bytes are, when
it had been written moments before it was read: see `_RACY_NS`) is not read
again; so a reload after one edit reads one file, and returns the very same
`Document` objects for the others — and the same `Organization`, `Province`
and `Vocabulary` objects while their files are unchanged. The checks across
records (ids, references, duplicates) run on every load.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import stat
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlio
from .models import (
    Abbreviation,
    Clause,
    Corpus,
    DigitalSignature,
    DocType,
    Document,
    Footnote,
    Note,
    Organization,
    Problem,
    Province,
    Relation,
    RelationType,
    Signer,
    Source,
    Target,
    Vocabulary,
)
from .progress import track

DOCUMENTS_DIR = Path("data") / "documents"
ORGANIZATIONS_FILE = Path("data") / "organizations.yaml"
VOCABULARY_FILE = Path("data") / "vocabulary.yaml"
PROVINCES_FILE = Path("data") / "provinces.yaml"

# What the validator found in a record alone: a problem, or the place where a
# check against the reference files and the other records runs (validate.Placeholder).
Finding = Problem | tuple[str, int]


@dataclass
class RawRecord:
    """A document file as read: its id, path, data and the line of every value."""
    id: str
    file: str                        # relative to the root, with forward slashes
    loaded: yamlio.Loaded
    findings: list[Finding] | None = field(default=None, repr=False)   # validate.own_findings, kept
    digest: bytes = field(default=b"", repr=False)    # of the file's bytes: what the index's hashes start from

    @property
    def data(self) -> Any:
        return self.loaded.data

    def line(self, *key: str | int) -> int | None:
        return self.loaded.line(tuple(key))


@dataclass
class RawData:
    root: Path
    records: list[RawRecord] = field(default_factory=list)
    organizations: yamlio.Loaded | None = None
    vocabulary: yamlio.Loaded | None = None
    provinces: yamlio.Loaded | None = None
    problems: list[Problem] = field(default_factory=list)


class InvalidCorpus(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = sum(p.severity == "error" for p in problems)
        super().__init__(f"{errors} error(s) in data/")


def relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def record_files(root: Path) -> list[Path]:
    """Every *.yaml below data/documents, sorted, symlinks included (the validator judges them)."""
    return [Path(path) for path, _ in _walk_records(root)]


def _walk_records(root: Path) -> list[tuple[str, str]]:
    """record_files as (path, path relative to root with forward slashes), in os.walk's
    sorted top-down order, links to folders not followed; no Path objects for 5,000 files."""
    found: list[tuple[str, str]] = []

    def walk(folder: str, rel: str) -> None:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        below = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    below.append(entry)
            elif entry.name.endswith((".yaml", ".yml")):
                found.append((entry.path, rel + entry.name))
        for entry in below:
            walk(entry.path, rel + entry.name + "/")

    walk(str(root / DOCUMENTS_DIR), DOCUMENTS_DIR.as_posix() + "/")
    return found


def record_id(path: Path, root: Path) -> str:
    rel = path.relative_to(root / DOCUMENTS_DIR).as_posix()
    return rel.rsplit(".", 1)[0]


def _id_of(rel: str) -> str:
    """record_id from the path relative to the root."""
    return rel[len(DOCUMENTS_DIR.as_posix()) + 1:].rsplit(".", 1)[0]


# --- reading one file -------------------------------------------------------------

Stamp = tuple[Any, ...]

# A file changed this little before it was read may change again without its
# size or times changing (timestamps are coarse: 2 s on FAT, a clock tick on
# ext4); for such a file load_corpus keeps a digest of its bytes and compares it.
_RACY_NS = 3_000_000_000


@dataclass
class _Read:
    """One file as read: the problems reading it gave, its values, and what load_corpus keeps of it."""
    problems: list[Problem]
    loaded: yamlio.Loaded | None = None
    record: RawRecord | None = None  # load_corpus's: kept with its findings
    digest: bytes | None = None      # load_corpus's: only for a file read moments after it was written
    content: bytes = b""             # a digest of the bytes read, whenever they were
    built: Any = None                # load_corpus's: its Document, or the models of a reference file


def _read(path: str | Path, rel: str, stamp: Stamp | None = None) -> _Read:
    read = _Read([])
    started = time.time_ns()
    try:
        raw = yamlio.read_bytes(path)
        read.content = _digest(raw)
        if stamp is not None and _recent(stamp, started):
            read.digest = read.content
        read.loaded = yamlio.parse(*yamlio.decode(raw))
    except yamlio.YamlError as exc:
        read.problems.append(Problem(rel, exc.line, None, exc.message, exc.hint))
        return read
    except OSError as exc:
        read.problems.append(Problem(rel, None, None, f"cannot read: {exc.strerror}"))
        return read
    if read.loaded.had_bom:
        read.problems.append(Problem(rel, 1, None, "file starts with a byte-order mark (BOM)",
                                     "save as UTF-8 without BOM", severity="warning"))
    return read


def _read_record(path: str, rel: str, root: Path, stamp: Stamp | None = None) -> _Read:
    """A record file as read_data reads it (a link may not lead out of data/documents)."""
    if os.path.islink(path):
        target = Path(path).resolve()
        if not target.is_relative_to((root / DOCUMENTS_DIR).resolve()):
            return _Read([Problem(rel, None, None, "symbolic link leading out of data/documents",
                                  "replace the link with the record file itself")])
    return _read(path, rel, stamp)


def read_file(path: Path, root: Path, problems: list[Problem]) -> yamlio.Loaded | None:
    read = _read(path, relative(path, root))
    problems.extend(read.problems)
    return read.loaded


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a corpus is read: records are trees
    (no cycles to find), and the collector's passes over millions of young
    objects cost about as much as building them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_data(root: Path, files: list[Path] | None = None) -> RawData:
    with collector_paused():
        raw = RawData(root=root)
        raw.vocabulary = read_file(root / VOCABULARY_FILE, root, raw.problems)
        raw.organizations = read_file(root / ORGANIZATIONS_FILE, root, raw.problems)
        raw.provinces = read_file(root / PROVINCES_FILE, root, raw.problems)
        paths = [(str(p), relative(p, root)) for p in files] if files is not None else _walk_records(root)
        for path, rel in track(paths, "records"):
            read = _read_record(path, rel, root)
            raw.problems.extend(read.problems)
            if read.loaded is not None:
                rec_id = _id_of(rel) if files is None else record_id(Path(path), root)
                raw.records.append(RawRecord(rec_id, rel, read.loaded, digest=read.content))
        return raw


# --- reference data -------------------------------------------------------

def build_vocabulary(data: Any) -> Vocabulary:
    data = data or {}
    doc_types = {
        tid: DocType(tid, spec["name"], tuple(spec.get("suffixes") or ()), bool(spec.get("numbered", True)))
        for tid, spec in (data.get("doc_types") or {}).items()
    }
    relation_types = {
        rid: RelationType(rid, spec["label"], spec["inverse_label"])
        for rid, spec in (data.get("relation_types") or {}).items()
    }
    abbreviations = tuple(Abbreviation(str(a["short"]), a["expansion"]) for a in data.get("abbreviations") or ())
    return Vocabulary(doc_types, relation_types, abbreviations)


def build_organizations(data: Any) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for item in data or ():
        orgs[item["id"]] = Organization(
            id=item["id"], name=item["name"], short_name=item.get("short_name"),
            kind=item["kind"], level=item["level"], province=item.get("province"),
            parent=item.get("parent"), aliases=tuple(item.get("aliases") or ()),
            successor=item.get("successor"), until=item.get("until"), note=item.get("note"),
        )
    return orgs


def build_provinces(data: Any) -> dict[str, Province]:
    data = data or {}
    provinces: dict[str, Province] = {}
    for item in list(data.get("old_units") or ()) + list(data.get("new_units") or ()):
        provinces[item["id"]] = Province(
            id=item["id"], name=item["name"], city=bool(item.get("city", False)),
            until=item.get("until"), since=item.get("since"), successor=item.get("successor"),
            formed_from=tuple(item.get("formed_from") or ()),
        )
    return provinces


# --- documents ------------------------------------------------------------

def _clauses(items: list[dict[str, Any]] | None, parent: str = "") -> tuple[Clause, ...]:
    out = []
    for position, item in enumerate(items or (), start=1):
        label = item.get("label")
        if label is not None:
            label = str(label)
        path = clause_path(parent, label, position)
        children = item.get("children")
        out.append(Clause(path, label, item.get("heading"), item.get("text"),
                          _clauses(children, path) if children else ()))
    return tuple(out)


# Bullet labels: a bulleted item takes its position in its clause path.
BULLETS = frozenset(("-", "+", "*", "•"))


def clause_path(parent: str, label: Any, position: int) -> str:
    """Labels joined by dots; a bullet or plain paragraph takes its 1-based position."""
    own = None if label is None else str(label)
    if own is None or own in BULLETS:
        own = str(position)
    return f"{parent}.{own}" if parent else own


def year_of(date: str | None) -> int | None:
    return int(date[:4]) if date and date[:4].isdigit() else None


def build_document(rec: RawRecord) -> Document:
    d = rec.data
    signer = d.get("signer")
    dsig = d.get("digital_signature")
    source = d.get("source")
    return Document(
        id=rec.id, type=d["type"], number=d.get("number"), issuer=d.get("issuer"),
        date=d.get("date"), title=d.get("title"), text=d["text"],
        year=year_of(d.get("date")) or d.get("year"),
        editorial_title=d.get("editorial_title"), place=d.get("place"), province=d.get("province"),
        signer=Signer(**signer) if signer else None,
        digital_signature=DigitalSignature(**dsig) if dsig else None,
        source=Source(**source) if source else None,
        preamble=tuple(d.get("preamble") or ()),
        clauses=_clauses(d.get("clauses")),
        closing=tuple(d.get("closing") or ()),
        recipients=tuple(d.get("recipients") or ()),
        addressees=tuple(d.get("addressees") or ()),
        footnotes=tuple(Footnote(**f) for f in d.get("footnotes") or ()),
        captions=tuple(d.get("captions") or ()),
        author=d.get("author"), section=d.get("section"),
        relations=tuple(Relation(source=rec.id, **r) for r in d.get("relations") or ()),
        targets=tuple(Target(**t) for t in d.get("targets") or ()),
        notes=tuple(Note(**n) for n in d.get("notes") or ()),
        file=rec.file, raw=d, digest=rec.digest,
    )


def build_corpus(raw: RawData) -> Corpus:
    return Corpus(
        root=str(raw.root),
        documents={rec.id: build_document(rec) for rec in sorted(raw.records, key=lambda r: r.id)},
        organizations=build_organizations(raw.organizations.data if raw.organizations else None),
        provinces=build_provinces(raw.provinces.data if raw.provinces else None),
        vocabulary=build_vocabulary(raw.vocabulary.data if raw.vocabulary else None),
    )


def load_corpus(root: Path, *, strict: bool = False) -> Corpus:
    """Read, validate and build; raise InvalidCorpus listing every problem on failure.

    Warnings alone do not fail unless strict. Relations found in text are
    added later by `relations.resolve_relations`. Files unchanged since this
    process last loaded the same root are not read again (see the module's doc).
    """
    loaded = read_corpus(root, strict=strict)
    loaded.verify()
    return loaded.corpus


@dataclass
class LoadedCorpus:
    """A corpus whose checks against the reference files and the other records are still to run.

    read_corpus has found nothing wrong in any record by itself, so every
    record could be built; verify() runs the rest and raises InvalidCorpus
    as load_corpus would. The build starts its index step in between, so the
    checks run on one core while the index is written on the other.
    """
    corpus: Corpus
    raw: RawData
    strict: bool

    def verify(self) -> None:
        with collector_paused():
            _check_all(self.raw, self.strict)


def _check_all(raw: RawData, strict: bool) -> None:
    """Every check, the records' own and those across them: InvalidCorpus when one fails."""
    from .validate import check  # validate imports this module's readers

    problems = raw.problems + check(raw)
    if any(p.severity == "error" or strict for p in problems):
        raise InvalidCorpus(problems)


def read_corpus(root: Path, *, strict: bool = False) -> LoadedCorpus:
    """load_corpus without its checks across records (LoadedCorpus.verify); a record that is
    wrong by itself fails here, with every problem, as load_corpus fails."""
    cache = _cache_for(root)
    with cache.lock, collector_paused():
        raw = cache.read()
        own = raw.problems + [f for rec in raw.records for f in rec.findings or () if isinstance(f, Problem)]
        if any(p.severity == "error" or strict for p in own) or any(rec.findings is None for rec in raw.records):
            _check_all(raw, strict)
        return LoadedCorpus(cache.corpus(raw), raw, strict)


def forget_loads() -> None:
    """Drop what `load_corpus` remembers: its next load reads every file (benchmarks, tests)."""
    with _CACHES_LOCK:
        _CACHES.clear()


# --- what load_corpus remembers -----------------------------------------------------

_ROOTS_KEPT = 4          # projects remembered at once; the least recently loaded is dropped


@dataclass
class _Entry:
    stamp: Stamp
    read: _Read


def _stamp(path: str | Path) -> Stamp | None:
    """Inode, size and times of a file (and of a link's target, and where the link leads)."""
    try:
        st = os.lstat(path)
        stamp: Stamp = (st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        if stat.S_ISLNK(st.st_mode):
            to = os.stat(path)
            stamp += (to.st_ino, to.st_dev, to.st_size, to.st_mtime_ns, to.st_ctime_ns, os.path.realpath(path))
    except OSError:
        return None          # read it, and report why it cannot be read
    return stamp


def _recent(stamp: Stamp, now_ns: int) -> bool:
    """Was the file (or a link's target) changed within _RACY_NS before now_ns?"""
    return max(stamp[3:5] + stamp[8:10]) >= now_ns - _RACY_NS


def _digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


class _Cache:
    """What load_corpus read below one root, by file path relative to the root."""

    def __init__(self, root: Path):
        self.root = root
        self.lock = threading.Lock()
        self.entries: dict[str, _Entry] = {}

    def read(self) -> RawData:
        """read_data's result; the records of unchanged files are the objects read before."""
        root = self.root
        raw = RawData(root=root)
        kept: dict[str, _Entry] = {}
        references = []
        for name in (VOCABULARY_FILE, ORGANIZATIONS_FILE, PROVINCES_FILE):
            entry = self._entry(str(root / name), name.as_posix(), kept, _stamp(root / name))
            raw.problems.extend(entry.read.problems)
            references.append(entry.read.loaded)
        raw.vocabulary, raw.organizations, raw.provinces = references
        walked = [(path, rel, _stamp(path)) for path, rel in _walk_records(root)]
        to_read = [(path, rel, stamp) for path, rel, stamp in walked if self._must_read(rel, path, stamp)]
        ahead = _ReadAhead(to_read, root)
        try:
            for path, rel, stamp in track(walked, "records"):
                entry = self._entry(path, rel, kept, stamp, record=True, ahead=ahead)
                raw.problems.extend(entry.read.problems)
                if entry.read.record is not None:
                    raw.records.append(entry.read.record)
        finally:
            ahead.close()
        self.entries = kept          # files gone since are forgotten
        return raw

    def _must_read(self, rel: str, path: str, stamp: Stamp | None) -> bool:
        """Not read yet, or its stamp (or bytes, for a racy one) changed since."""
        entry = self.entries.get(rel)
        return entry is None or stamp is None or entry.stamp != stamp or not _same_bytes(entry, path)

    def _entry(self, path: str, rel: str, kept: dict[str, _Entry], stamp: Stamp | None,
               record: bool = False, ahead: _ReadAhead | None = None) -> _Entry:
        """The file as last read when unchanged (_must_read); else read now, or taken from the read-ahead."""
        if not (ahead.planned(rel) if ahead is not None else self._must_read(rel, path, stamp)):
            entry = self.entries[rel]
        else:
            read = ahead.take(rel) if ahead is not None else None
            if read is None:
                read = _read_record(path, rel, self.root, stamp) if record else _read(path, rel, stamp)
                if record and read.loaded is not None:
                    read.record = RawRecord(_id_of(rel), rel, read.loaded, digest=read.content)
                    if ahead is not None and ahead.forked:      # judged and built here while the child reads
                        _build_if_sound(read)
            entry = _Entry(stamp or (), read)
        if stamp is not None:        # a file that could not be looked at is read again next time
            kept[rel] = entry
        return entry

    def corpus(self, raw: RawData) -> Corpus:
        """build_corpus(raw), with the models built from unchanged files built once."""
        documents: dict[str, Document] = {}
        for rec in sorted(raw.records, key=lambda r: r.id):
            read = self.entries[rec.file].read
            if read.built is None:
                read.built = build_document(rec)
            documents[rec.id] = read.built
        return Corpus(
            root=str(raw.root),
            documents=documents,
            organizations=dict(self._built(ORGANIZATIONS_FILE, build_organizations)),
            provinces=dict(self._built(PROVINCES_FILE, build_provinces)),
            vocabulary=self._built(VOCABULARY_FILE, build_vocabulary),
        )

    def _built(self, name: Path, build: Callable[[Any], Any]) -> Any:
        entry = self.entries.get(name.as_posix())
        if entry is None:            # missing or unreadable
            return build(None)
        if entry.read.built is None:
            entry.read.built = build(entry.read.loaded.data if entry.read.loaded else None)
        return entry.read.built


# From this many record files to read, a forked child reads the last part of
# them while this process reads the rest: YAML parsing and each record's own
# checks are most of a cold load. The child's share is smaller: its results
# come back pickled (measured: pickling and unpickling cost ~45 % of parsing).
READ_AHEAD_FROM = 500
CHILD_SHARE = 0.45


class _ReadAhead:
    """The record files load_corpus must read; the last CHILD_SHARE of them read by a forked child."""

    def __init__(self, to_read: list[tuple[str, str, Stamp | None]], root: Path):
        from . import background

        self._planned = {rel for _path, rel, _stamp in to_read}
        self._job: background.Job | None = None
        self._theirs: set[str] = set()
        self._results: dict[str, _Read] | None = None
        if len(to_read) >= READ_AHEAD_FROM and background.can_fork():
            share = to_read[int(len(to_read) * (1 - CHILD_SHARE)):]
            self._theirs = {rel for _path, rel, _stamp in share}
            self._job = background.start(functools.partial(_read_records, share, root))

    @property
    def forked(self) -> bool:
        return self._job is not None

    def planned(self, rel: str) -> bool:
        return rel in self._planned

    def take(self, rel: str) -> _Read | None:
        """What the child read of this file; None when this process reads it (or the child failed)."""
        from .background import StepFailed

        if rel not in self._theirs or self._job is None:
            return None
        if self._results is None:
            try:
                self._results = self._job.wait()
            except StepFailed:          # read them here, as without a child
                self._results, self._theirs = {}, set()
        return self._results.pop(rel, None)

    def close(self) -> None:
        if self._job is not None and self._results is None:
            self._job.cancel()


def _read_records(files: list[tuple[str, str, Stamp | None]], root: Path) -> dict[str, _Read]:
    """The read-ahead child's step: each file read, and each record's own findings judged.

    (Its Documents are built here after they come back: built in the child,
    their pickles cost more to send and read than building them, measured.)"""
    out = {}
    for path, rel, stamp in files:
        read = _read_record(path, rel, root, stamp)
        if read.loaded is not None:
            read.record = RawRecord(_id_of(rel), rel, read.loaded, digest=read.content)
            _own_findings(read.record)
        out[rel] = read
    return out


def _own_findings(record: RawRecord) -> None:
    from .validate import own_findings  # validate imports this module
    own_findings(record)


def _build_if_sound(read: _Read) -> None:
    """Judge a record by itself and, when it shows no error, build its Document now (corpus()
    would build it later, alone on one core)."""
    assert read.record is not None
    _own_findings(read.record)
    findings = read.record.findings or ()
    if not any(isinstance(f, Problem) and f.severity == "error" for f in findings):
        read.built = build_document(read.record)


def _same_bytes(entry: _Entry, path: str) -> bool:
    """For a file read moments after it was written: are its bytes still those?"""
    if entry.read.digest is None:
        return True
    started = time.time_ns()
    try:
        with open(path, "rb") as f:
            same = _digest(f.read()) == entry.read.digest
    except OSError:
        return False
    if same and not _recent(entry.stamp, started):
        entry.read.digest = None     # old enough now: its stamp alone will tell
    return same


_CACHES: OrderedDict[str, _Cache] = OrderedDict()
_CACHES_LOCK = threading.Lock()


def _cache_for(root: Path) -> _Cache:
    key = os.path.realpath(root)
    with _CACHES_LOCK:
        cache = _CACHES.pop(key, None) or _Cache(root)
        cache.root = root            # the same folder, maybe spelled differently: the corpus says it as given
        _CACHES[key] = cache
        while len(_CACHES) > _ROOTS_KEPT:
            _CACHES.popitem(last=False)
        return cache
