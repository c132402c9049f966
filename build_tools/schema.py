"""The record schema, declared once.

The validator checks records against it, the maintainers' field reference in
the site is generated from it, and the ingest tool orders its drafts by it.
Each field says its kind, whether it is required and what it means.
"""

from __future__ import annotations

from dataclasses import dataclass

# Kinds of values. "?" at the end means null is allowed.
STRING = "string"
TEXT = "text"            # running text of the document: checked for NFC and invisible characters
DATE = "date"            # "YYYY-MM-DD" | "YYYY-MM" | "YYYY"
INTEGER = "integer"
NUMBER = "number"
STRINGS = "list of strings"
TEXTS = "list of texts"
OBJECT = "object"
OBJECTS = "list of objects"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: bool
    help: str
    nullable: bool = False
    choices: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()     # for OBJECT and OBJECTS
    example: str = ""

    def child(self, name: str) -> Field | None:
        return next((f for f in self.fields if f.name == name), None)


TEXT_STATUSES = ("full", "excerpt", "none")
NOTE_TYPES = ("inferred", "ocr", "editorial", "reference")
SOURCE_KINDS = ("official", "press", "reference", "citation")
COMPARATORS = (">=", ">", "<=", "<", "=", "range")

SIGNER = (
    Field("name", STRING, False, "Người ký, as printed; null when the source prints no name.", nullable=True),
    Field("title", STRING, False, "Chức vụ: 'PHÓ CHỦ TỊCH', 'BÍ THƯ'.", nullable=True),
    Field("on_behalf", STRING, False, "The authority line above the title: 'KT. CHỦ TỊCH', 'T/M BAN THƯỜNG VỤ'.", nullable=True),
)

DIGITAL_SIGNATURE = (
    Field("signed_by", STRING, True, "'Ký bởi:' line."),
    Field("signed_at", STRING, False, "'Thời gian ký:' as ISO date-time.", nullable=True),
)

SOURCE = (
    Field("kind", STRING, True, "Where the text came from.", choices=SOURCE_KINDS),
    Field("publisher", STRING, False, "Who published the copy (a newspaper, a portal).", nullable=True),
    Field("url", STRING, False, "Address of the copy; http(s) only.", nullable=True),
    Field("published", DATE, False, "Date the copy was published.", nullable=True),
    Field("file", STRING, False, "The raw text file the record was made from.", nullable=True),
    Field("note", STRING, False, "Anything else about the source.", nullable=True),
)

CLAUSE = (
    Field("label", STRING, False, "Label as printed without punctuation: I, 1, a, -, +. Omit for a plain paragraph.", example='"II"'),
    Field("heading", TEXT, False, "The clause's heading line, if it has one."),
    Field("text", TEXT, False, "The clause's own text (paragraph)."),
    Field("children", OBJECTS, False, "Sub-clauses, in order.", fields=()),   # recursive: see CLAUSE_FIELD
)

RELATION = (
    Field("type", STRING, True, "Relation type id from data/vocabulary.yaml: implements, continues, based_on, cites, reports_on, amends, replaces."),
    Field("target", STRING, True, "Id of the document related to."),
    Field("clause", STRING, False, "Clause path of this document where the relation stands.", nullable=True),
    Field("note", STRING, False, "Why, when it is not obvious.", nullable=True),
)

TARGET = (
    Field("indicator", STRING, True, "What is measured, in Vietnamese words of the source."),
    Field("value", NUMBER, True, "The figure (a percentage as 5, not 0.05).", nullable=True),
    Field("unit", STRING, True, "'%', 'đồng', '%/năm' ...", nullable=True),
    Field("comparator", STRING, False, "How the value binds.", nullable=True, choices=COMPARATORS),
    Field("value_max", NUMBER, False, "Upper end when comparator is range.", nullable=True),
    Field("year", INTEGER, False, "Year the target is for, or the figure's year.", nullable=True),
    Field("baseline", NUMBER, False, "Earlier figure the text compares with.", nullable=True),
    Field("baseline_year", INTEGER, False, "Year of the baseline.", nullable=True),
    Field("clause", STRING, False, "Clause path where it is stated.", nullable=True),
    Field("note", STRING, False, "Anything the figure needs to be read right.", nullable=True),
)

FOOTNOTE = (
    Field("marker", STRING, True, "As printed: ¹, ², 1, *."),
    Field("text", TEXT, True, "The footnote's text."),
    Field("clause", STRING, False, "Clause path where the marker stands; null in the preamble or title.", nullable=True),
)

NOTE = (
    Field("type", STRING, True, "inferred (a fact derived, say how), ocr (an obvious misprint), editorial, reference (a fact from shared/reference).", choices=NOTE_TYPES),
    Field("text", STRING, True, "The note, for readers."),
    Field("field", STRING, False, "The record field it is about.", nullable=True),
    Field("clause", STRING, False, "The clause path it is about.", nullable=True),
    Field("original", STRING, False, "OCR: the text as printed (it stays so in the record).", nullable=True),
    Field("corrected", STRING, False, "OCR: what it must read.", nullable=True),
)

DOCUMENT: tuple[Field, ...] = (
    Field("type", STRING, True, "Document type id from data/vocabulary.yaml (chi-thi, ke-hoach, cong-van, bai-viet ...).", example="ke-hoach"),
    Field("number", STRING, True, "Số hiệu as printed with canonical spacing (6766/KH-UBND, 40-CT/TW); null when the source leaves it blank.", nullable=True, example="6766/KH-UBND"),
    Field("issuer", STRING, True, "Issuing body's id from data/organizations.yaml; null only for a press report whose publisher is not named.", nullable=True, example="ubnd-thanh-hoa"),
    Field("date", DATE, True, "Ngày ban hành: YYYY-MM-DD, or YYYY-MM / YYYY when the source leaves the day blank; null when no source gives it. Quote it.", nullable=True, example='"2016-05-05"'),
    Field("year", INTEGER, False, "Only when date is null but the year is derived from the source (say how in a note).", nullable=True),
    Field("title", TEXT, True, "Trích yếu as printed; a press report's headline; null when the source has none.", nullable=True),
    Field("editorial_title", STRING, False, "The archive's own title for a document printed without one (marked as editorial on the page).", nullable=True),
    Field("place", STRING, False, "Place in the date line: 'Thanh Hóa'.", nullable=True),
    Field("province", STRING, False, "Province id the document concerns, when its issuer does not say it (a press report on a district).", nullable=True),
    Field("text", STRING, True, "How much of the document the record holds: full, excerpt, or none (known only from citations).", choices=TEXT_STATUSES),
    Field("signer", OBJECT, False, "Người ký.", nullable=True, fields=SIGNER),
    Field("digital_signature", OBJECT, False, "Digital-signature lines ('Ký bởi', 'Thời gian ký').", nullable=True, fields=DIGITAL_SIGNATURE),
    Field("source", OBJECT, False, "Where the text came from.", nullable=True, fields=SOURCE),
    Field("section", STRING, False, "A press report's section label ('Kinh Tế').", nullable=True),
    Field("author", STRING, False, "A press report's author line, without 'Bài, ảnh:'.", nullable=True),
    Field("addressees", TEXTS, False, "'Kính gửi:' list of a letter, one body per item."),
    Field("preamble", TEXTS, False, "Paragraphs before the first clause (Căn cứ …, Thực hiện …)."),
    Field("clauses", OBJECTS, False, "The body as a tree of clauses.", fields=CLAUSE),
    Field("closing", TEXTS, False, "Paragraphs after the last clause ('Trên đây là …')."),
    Field("recipients", TEXTS, False, "'Nơi nhận:' list, one line per item, without the leading '- '."),
    Field("footnotes", OBJECTS, False, "Footnotes with their markers.", fields=FOOTNOTE),
    Field("captions", TEXTS, False, "Photo captions of a press report."),
    Field("relations", OBJECTS, False, "Declared relations to other documents.", fields=RELATION),
    Field("targets", OBJECTS, False, "Quantitative commitments and reported figures.", fields=TARGET),
    Field("notes", OBJECTS, False, "Editorial notes: inferred facts and how, OCR corrections, reference facts.", fields=NOTE),
)
