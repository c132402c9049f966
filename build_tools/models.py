"""Every type the pipeline passes between stages, in one place.

Records are loaded once into these frozen dataclasses; pages, the search
index and the exports all read them and never re-read YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DocId = str          # path below data/documents/ without .yaml
OrgId = str
ClausePath = str     # labels joined by dots: "II.3.b.2"
TextStatus = Literal["full", "excerpt", "none"]


@dataclass(frozen=True)
class Signer:
    name: str | None
    title: str | None = None
    on_behalf: str | None = None     # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"


@dataclass(frozen=True)
class Source:
    kind: str                        # official | press | reference | citation
    publisher: str | None = None
    url: str | None = None
    published: str | None = None     # partial date like Document.date
    file: str | None = None          # the seed or raw file the record was made from
    note: str | None = None


@dataclass(frozen=True)
class Clause:
    path: ClausePath
    label: str | None                # as printed, no punctuation: I, 1, a, -, +
    heading: str | None
    text: str | None
    children: tuple[Clause, ...] = ()

    def walk(self) -> list[Clause]:
        """This clause and every descendant, in document order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass(frozen=True)
class Relation:
    type: str                        # implements, continues, based_on, cites, reports_on, amends, replaces
    target: DocId
    clause: ClausePath | None = None
    note: str | None = None
    evidence: str | None = None      # the sentence the citation stands in
    origin: Literal["declared", "found"] = "declared"
    source: DocId = ""               # filled in by the corpus; the document holding the relation


@dataclass(frozen=True)
class Target:
    indicator: str
    value: float | None
    unit: str | None
    year: int | None = None
    clause: ClausePath | None = None
    comparator: str | None = None    # ">=", "<=", "=", "range"
    value_max: float | None = None   # upper end of a range
    baseline: float | None = None
    baseline_year: int | None = None
    note: str | None = None


@dataclass(frozen=True)
class Footnote:
    marker: str
    text: str
    clause: ClausePath | None = None


@dataclass(frozen=True)
class Note:
    type: str                        # inferred | ocr | editorial | reference
    text: str
    field: str | None = None
    clause: ClausePath | None = None
    original: str | None = None      # OCR: the text as printed
    corrected: str | None = None     # OCR: what it must read


@dataclass(frozen=True)
class DigitalSignature:
    signed_by: str
    signed_at: str | None = None


@dataclass(frozen=True)
class Document:
    id: DocId
    type: str
    number: str | None
    issuer: OrgId | None
    date: str | None                 # YYYY-MM-DD, YYYY-MM, YYYY or None
    title: str | None
    text: TextStatus
    year: int | None = None          # from date, or derived with a note when date is null
    editorial_title: str | None = None
    place: str | None = None
    province: str | None = None      # the locality a document concerns when the issuer does not say it
    signer: Signer | None = None
    digital_signature: DigitalSignature | None = None
    source: Source | None = None
    preamble: tuple[str, ...] = ()
    clauses: tuple[Clause, ...] = ()
    closing: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    addressees: tuple[str, ...] = ()  # "Kính gửi:"
    footnotes: tuple[Footnote, ...] = ()
    captions: tuple[str, ...] = ()
    author: str | None = None
    section: str | None = None
    relations: tuple[Relation, ...] = ()
    targets: tuple[Target, ...] = ()
    notes: tuple[Note, ...] = ()
    file: str = ""                   # path relative to the project root
    raw: dict[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)
    digest: bytes = field(default=b"", compare=False, hash=False, repr=False)    # of the record file's bytes

    def all_clauses(self) -> list[Clause]:
        out: list[Clause] = []
        for clause in self.clauses:
            out.extend(clause.walk())
        return out

    def clause(self, path: ClausePath) -> Clause | None:
        for clause in self.all_clauses():
            if clause.path == path:
                return clause
        return None


@dataclass(frozen=True)
class Organization:
    id: OrgId
    name: str
    short_name: str | None
    kind: str                        # party, government, bank, front, press, ...
    level: str                       # central, province, district, commune
    province: str | None = None      # province id (pre-2025 unit for bodies of that time)
    parent: OrgId | None = None
    aliases: tuple[str, ...] = ()
    successor: OrgId | None = None
    until: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Province:
    id: str
    name: str
    city: bool = False
    until: str | None = None         # last day of a unit dissolved in the 2025 reorganization
    since: str | None = None         # first day of a unit created by it
    successor: str | None = None     # the 2025 unit it became part of
    formed_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocType:
    id: str
    name: str                        # "Chỉ thị"
    suffixes: tuple[str, ...]        # number suffix codes: CT, KL, QĐ ...
    numbered: bool = True


@dataclass(frozen=True)
class RelationType:
    id: str
    label: str                       # "thực hiện"
    inverse_label: str               # "được thực hiện bởi"


@dataclass(frozen=True)
class Abbreviation:
    short: str
    expansion: str


@dataclass(frozen=True)
class Vocabulary:
    doc_types: dict[str, DocType]
    relation_types: dict[str, RelationType]
    abbreviations: tuple[Abbreviation, ...]


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass(frozen=True)
class Citation:
    """One mention of another document in a text."""
    text: str                        # as found
    span: Span
    type: str | None                 # vocabulary doc type id
    number: str | None               # canonical: 40-CT/TW, 401/QĐ-TTg
    date: str | None                 # ISO, partial allowed
    issuer: OrgId | None
    target: DocId | None = None
    relation: str = "cites"
    clause: ClausePath | None = None
    sentence: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.span.start,
            "end": self.span.end,
            "type": self.type,
            "number": self.number,
            "date": self.date,
            "issuer": self.issuer,
            "target": self.target,
            "relation": self.relation,
            "clause": self.clause,
            "sentence": self.sentence,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Problem:
    """A validation finding: file, line, field, message, hint."""
    file: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        tail = f" — {self.hint}" if self.hint else ""
        prefix = "" if self.severity == "error" else "warning: "
        return f"{where}: {prefix}{what}{tail}"


@dataclass(frozen=True)
class UnresolvedCitation:
    """A citation in some record that no record in the archive matches."""
    citation: Citation
    source: DocId                    # the citing document


@dataclass
class Corpus:
    """Everything loaded from data/, plus what the relation stage derives.

    `relations` holds each document's outgoing relations (declared and found
    in text, declared first); `inbound` the same relations keyed by target,
    computed once so every consumer sees the same inverse view.
    """
    root: str
    documents: dict[DocId, Document]
    organizations: dict[OrgId, Organization]
    provinces: dict[str, Province]
    vocabulary: Vocabulary
    relations: dict[DocId, tuple[Relation, ...]] = field(default_factory=dict)
    inbound: dict[DocId, tuple[Relation, ...]] = field(default_factory=dict)
    citations: dict[DocId, tuple[Citation, ...]] = field(default_factory=dict)
    unresolved: tuple[UnresolvedCitation, ...] = ()

    def organization(self, org_id: OrgId | None) -> Organization | None:
        return self.organizations.get(org_id) if org_id else None

    def province_of(self, doc: Document) -> str | None:
        """The province a document belongs to: its own field, else its issuer's."""
        if doc.province:
            return doc.province
        org = self.organization(doc.issuer)
        return org.province if org else None
