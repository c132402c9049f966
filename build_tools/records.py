"""Load data/ into the in-memory corpus.

`read_data` reads every file once (keeping line numbers for messages);
`validate.check` judges what was read; `build_corpus` turns valid records
into the frozen models every later stage uses. `load_corpus` does all three
and raises `InvalidCorpus` with every problem when anything is wrong.
"""

from __future__ import annotations

import os
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


@dataclass
class RawRecord:
    """A document file as read: its id, path, data and the line of every value."""
    id: str
    file: str                        # relative to the root, with forward slashes
    loaded: yamlio.Loaded

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
    base = root / DOCUMENTS_DIR
    if not base.is_dir():
        return []
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith((".yaml", ".yml")):
                found.append(Path(dirpath) / name)
    return found


def record_id(path: Path, root: Path) -> str:
    rel = path.relative_to(root / DOCUMENTS_DIR).as_posix()
    return rel.rsplit(".", 1)[0]


def read_file(path: Path, root: Path, problems: list[Problem]) -> yamlio.Loaded | None:
    rel = relative(path, root)
    try:
        loaded = yamlio.load(path)
    except yamlio.YamlError as exc:
        problems.append(Problem(rel, exc.line, None, exc.message, exc.hint))
        return None
    except OSError as exc:
        problems.append(Problem(rel, None, None, f"cannot read: {exc.strerror}"))
        return None
    if loaded.had_bom:
        problems.append(Problem(rel, 1, None, "file starts with a byte-order mark (BOM)",
                                "save as UTF-8 without BOM", severity="warning"))
    return loaded


def read_data(root: Path, files: list[Path] | None = None) -> RawData:
    raw = RawData(root=root)
    raw.vocabulary = read_file(root / VOCABULARY_FILE, root, raw.problems)
    raw.organizations = read_file(root / ORGANIZATIONS_FILE, root, raw.problems)
    raw.provinces = read_file(root / PROVINCES_FILE, root, raw.problems)
    for path in track(files if files is not None else record_files(root), "records"):
        rel = relative(path, root)
        if path.is_symlink():
            target = path.resolve()
            if not target.is_relative_to((root / DOCUMENTS_DIR).resolve()):
                raw.problems.append(Problem(rel, None, None, "symbolic link leading out of data/documents",
                                            "replace the link with the record file itself"))
                continue
        loaded = read_file(path, root, raw.problems)
        if loaded is not None:
            raw.records.append(RawRecord(record_id(path, root), rel, loaded))
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
        path = clause_path(parent, item.get("label"), position)
        out.append(Clause(
            path=path, label=_label(item.get("label")), heading=item.get("heading"),
            text=item.get("text"), children=_clauses(item.get("children"), path),
        ))
    return tuple(out)


def _label(value: Any) -> str | None:
    return None if value is None else str(value)


def clause_path(parent: str, label: Any, position: int) -> str:
    """Labels joined by dots; a bullet or plain paragraph takes its 1-based position."""
    own = str(label) if label is not None and str(label) not in ("-", "+", "*", "•") else str(position)
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
        file=rec.file, raw=d,
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
    added later by `relations.resolve_relations`.
    """
    from .validate import check  # validate imports this module's readers

    raw = read_data(root)
    problems = raw.problems + check(raw)
    if any(p.severity == "error" or strict for p in problems):
        raise InvalidCorpus(problems)
    return build_corpus(raw)
