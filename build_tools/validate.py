"""Judge what `records.read_data` read: every problem, each with its line.

Checks run in order of dependence (shape, then values, then references
between records) and collect everything; the caller fails once at the end.

What a record file shows by itself is judged once per parsed file and kept
with it (`own_findings`), so that a reload judges only the files that
changed. Checks that need the reference files or the other records (known
type, issuer, province, relation type and target; one record per document)
run on every call; a record's findings hold a placeholder where each of its
own runs, so the problems come out in the same order either way.
"""

from __future__ import annotations

import calendar
import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from . import schema
from .models import Problem
from .records import BULLETS, Finding, RawData, RawRecord, clause_path, year_of
from .vietnamese import fold, invisible_characters, slug

# Partial dates as Vietnamese documents leave them: a blank day ("ngày tháng
# 11 năm 2024") gives YYYY-MM, a press copy with only the year gives YYYY.
DATE_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
# One id segment: lowercase ASCII words joined by single hyphens.
ID_SEGMENT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNKNOWN_SEGMENT = "khong-ro"
# Clause labels as printed: Roman part numbers (I, II), arabic items (1, 12),
# lettered points (a, đ), bullets (-, +). "Điều 1" is written label "1".
CLAUSE_LABEL = re.compile(r"^(?:[IVXLC]+|\d{1,3}|[a-zđ]|[-+*•])$")
# A document number: digits (an optional letter, an optional /year), then
# codes joined by - or /: 40-CT/TW, 6766/KH-UBND, 100/2024/NĐ-CP, 1692-TB/TU.
NUMBER_FORM = re.compile(r"^\d+[a-z]?(?:/\d{4})?[-/][A-Za-zĐđƯư&]+(?:[-/][A-Za-zĐđƯư&.]+)*$")


@dataclass(frozen=True)
class References:
    """What a record's references are checked against."""
    doc_types: dict[str, Any]
    relation_types: dict[str, Any]
    orgs: dict[str, Any]
    provinces: set[str]
    ids: set[str]


# fold() of a number's codes and of whole numbers, on every load: the same few thousand strings.
_folded = functools.lru_cache(maxsize=1 << 16)(fold)


def check(raw: RawData) -> list[Problem]:
    problems: list[Problem] = []
    orgs = _check_organizations(raw, problems)
    vocab = raw.vocabulary.data if raw.vocabulary and isinstance(raw.vocabulary.data, dict) else {}
    refs = References(doc_types=vocab.get("doc_types") or {}, relation_types=vocab.get("relation_types") or {},
                      orgs=orgs, provinces=_province_ids(raw), ids={rec.id for rec in raw.records})
    for rec in raw.records:
        problems.extend(record_problems(rec, refs))
    problems.extend(_check_across(raw.records))
    return problems


def own_findings(rec: RawRecord) -> list[Finding]:
    """What the record shows by itself, judged once and kept with the record."""
    if rec.findings is None:
        rec.findings = RecordCheck(rec).run()
    return rec.findings


def record_problems(rec: RawRecord, refs: References) -> list[Problem]:
    """Every problem of one record: its own findings with the reference checks run in place."""
    problems: list[Finding] = []
    against: ReferenceCheck | None = None
    for finding in own_findings(rec):
        if isinstance(finding, Problem):
            problems.append(finding)
        else:
            against = against or ReferenceCheck(rec, refs, problems)
            against.run(finding)
    return cast(list[Problem], problems)     # ReferenceCheck adds only problems


def closest(word: str, options: Any) -> str | None:
    found = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(word: str, options: Any, fallback: str) -> str:
    best = closest(word, options)
    return f"did you mean '{best}'?" if best else fallback


# --- reference files ----------------------------------------------------------

def _check_organizations(raw: RawData, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    if raw.organizations is None:
        return {}
    file = "data/organizations.yaml"
    data = raw.organizations.data
    if not isinstance(data, list):
        problems.append(Problem(file, 1, None, "expected a list of organizations"))
        return {}
    orgs: dict[str, dict[str, Any]] = {}
    provinces = _province_ids(raw)
    for i, item in enumerate(data):
        line = raw.organizations.line((i,))
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            problems.append(Problem(file, line, "id", "each organization needs an id"))
            continue
        for key in ("name", "kind", "level"):
            if not item.get(key):
                problems.append(Problem(file, line, key, f"organization '{item['id']}' has no {key}"))
        if item["id"] in orgs:
            problems.append(Problem(file, line, "id", f"organization '{item['id']}' is defined twice"))
        if item.get("province") and provinces and item["province"] not in provinces:
            problems.append(Problem(file, raw.organizations.line((i, "province")), "province",
                                    f"unknown province '{item['province']}'",
                                    did_you_mean(item["province"], provinces, "see data/provinces.yaml")))
        orgs[item["id"]] = item
    for i, item in enumerate(data):
        if isinstance(item, dict):
            for ref in ("parent", "successor"):
                if item.get(ref) and item[ref] not in orgs:
                    problems.append(Problem(file, raw.organizations.line((i, ref)), ref,
                                            f"unknown organization '{item[ref]}'"))
    return orgs


def _province_ids(raw: RawData) -> set[str]:
    data = raw.provinces.data if raw.provinces else None
    if not isinstance(data, dict):
        return set()
    return {u["id"] for part in ("old_units", "new_units") for u in data.get(part) or () if isinstance(u, dict)}


# --- one record -----------------------------------------------------------------

# Where a record's own findings leave a reference check to run: ("type", 0),
# ("issuer", 0), ("province", 0), ("relation", i).
Placeholder = tuple[str, int]
_TEXT_KINDS = (schema.STRING, schema.TEXT, schema.DATE)
_LIST_KINDS = (schema.STRINGS, schema.TEXTS, schema.OBJECTS)


FieldPlan = list[tuple[str, schema.Field, bool]]     # (name, field, plain text without choices?)
_PLANS: dict[int, tuple[tuple[schema.Field, ...], dict[str, schema.Field], FieldPlan]] = {}


def _plan(fields: tuple[schema.Field, ...]) -> tuple[dict[str, schema.Field], FieldPlan]:
    """{name: field} of a schema tuple and its fields as _shape walks them, computed once
    per tuple (the schema's tuples live as long as the module; each is kept in the memo)."""
    found = _PLANS.get(id(fields))
    if found is None:
        plan = [(f.name, f, f.kind in _TEXT_KINDS and not f.choices) for f in fields]
        found = _PLANS[id(fields)] = (fields, {f.name: f for f in fields}, plan)
    return found[1], found[2]


class _Judge:
    def __init__(self, rec: RawRecord, problems: list[Finding] | None = None):
        self.rec = rec
        self.problems: list[Finding] = [] if problems is None else problems

    def error(self, key: tuple[str | int, ...], message: str, hint: str | None = None,
              severity: str = "error") -> None:
        self.problems.append(Problem(self.rec.file, self.rec.line(*key), _field_name(key), message, hint,
                                     severity))  # type: ignore[arg-type]

    def warn(self, key: tuple[str | int, ...], message: str, hint: str | None = None) -> None:
        self.error(key, message, hint, "warning")

    def _has_note(self, field_name: str) -> bool:
        return any(isinstance(n, dict) and n.get("field") == field_name for n in self.rec.data.get("notes") or ())


class RecordCheck(_Judge):
    """What one record shows by itself; placeholders where a reference check belongs."""

    def __init__(self, rec: RawRecord):
        super().__init__(rec)
        self.paths: set[str] = set()
        self.check_invisible = not rec.loaded.invisible_free

    def run(self) -> list[Finding]:
        data = self.rec.data
        if not isinstance(data, dict):
            self.error((), "a record must be a mapping of fields (type: …, number: …)",
                       "see docs/dong-gop/dinh-dang.md for the format")
            return self.problems
        if self.rec.loaded.non_nfc_line:
            self.problems.append(Problem(self.rec.file, self.rec.loaded.non_nfc_line, None,
                                         "text is not in Unicode NFC (decomposed accents)",
                                         "it is normalised on load; re-save the file in NFC", "warning"))
        self._shape(data, schema.DOCUMENT, ())
        if any(isinstance(p, Problem) and p.severity == "error" for p in self.problems):
            return self.problems    # values are meaningless when the shape is wrong
        self._clauses(data.get("clauses") or [], ("clauses",), "")
        self._id(data)
        self._values(data)
        self._references(data)
        return self.problems

    # shape: fields known, required present, kinds right ------------------------

    def _shape(self, data: dict[str, Any], fields: tuple[schema.Field, ...], key: tuple[str | int, ...]) -> None:
        known, plan = _plan(fields)
        if not data.keys() <= known.keys():
            for name in data:
                if name not in known:
                    self.error(key + (name,), "unknown field",
                               did_you_mean(name, known, "remove it or see the field reference"))
        for name, spec, plain_text in plan:
            if name not in data:
                if spec.required:
                    self.error(key, f"missing required field '{name}'",
                               f"add '{name}:'" + (" (null when unknown)" if spec.nullable else ""))
                continue
            value = data[name]
            if plain_text and type(value) is str:
                if self.check_invisible:        # the common case of _value, without its calls
                    self._invisible(value, key + (name,))
                continue
            self._value(value, spec, key + (name,))

    def _value(self, value: Any, spec: schema.Field, key: tuple[str | int, ...]) -> None:
        if value is None:
            if not spec.nullable and spec.kind not in _LIST_KINDS:
                self.error(key, "must not be empty", "give a value")
            return
        kind = spec.kind
        if kind in _TEXT_KINDS:
            if spec.name == "label" and isinstance(value, int) and not isinstance(value, bool):
                return      # `label: 1` is as good as `label: "1"`
            if not isinstance(value, str):
                self.error(key, f"expected text, got {_describe(value)}",
                           'quote it: "…"' if kind == schema.DATE else None)
                return
            if spec.choices and value not in spec.choices:
                self.error(key, f"'{value}' is not one of {', '.join(spec.choices)}",
                           did_you_mean(value, spec.choices, f"use one of {', '.join(spec.choices)}"))
            if self.check_invisible:
                self._invisible(value, key)
        elif kind == schema.INTEGER:
            if not isinstance(value, int) or isinstance(value, bool):
                self.error(key, f"expected a whole number, got {_describe(value)}")
        elif kind == schema.NUMBER:
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                self.error(key, f"expected a number, got {_describe(value)}",
                           "write 0.39 with a dot, without the unit")
        elif kind in (schema.STRINGS, schema.TEXTS):
            if not isinstance(value, list):
                self.error(key, f"expected a list, got {_describe(value)}", "write one '- item' per line")
                return
            for i, item in enumerate(value):
                if not isinstance(item, str):
                    self.error(key + (i,), f"expected text, got {_describe(item)}")
                elif self.check_invisible:
                    self._invisible(item, key + (i,))
        elif kind == schema.OBJECT:
            if not isinstance(value, dict):
                self.error(key, f"expected fields (name: value), got {_describe(value)}")
                return
            self._shape(value, spec.fields, key)
        elif kind == schema.OBJECTS:
            if not isinstance(value, list):
                self.error(key, f"expected a list, got {_describe(value)}")
                return
            fields = schema.CLAUSE if spec.name in ("clauses", "children") else spec.fields
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    self.error(key + (i,), f"expected fields (name: value), got {_describe(item)}")
                else:
                    self._shape(item, fields, key + (i,))

    def _invisible(self, text: str, key: tuple[str | int, ...]) -> None:
        found = invisible_characters(text)
        if found:
            self.warn(key, f"contains invisible characters {', '.join(found)}", "delete them")

    # clauses ------------------------------------------------------------------------

    def _clauses(self, items: list[dict[str, Any]], key: tuple[str | int, ...], parent: str) -> None:
        seen: dict[str, int] = {}
        for position, item in enumerate(items, start=1):
            label = item.get("label")
            if label is not None:
                label = str(label)
                if not CLAUSE_LABEL.match(label):
                    self.error(key + (position - 1, "label"), f"'{label}' is not a clause label",
                               "write the label as printed without punctuation: I, 1, a, - or +")
                elif label not in BULLETS:
                    if label in seen:
                        self.error(key + (position - 1, "label"), f"label '{label}' repeats among its siblings",
                                   f"the first '{label}' is item {seen[label]}; renumber or nest")
                    seen[label] = position
            children = item.get("children")
            if not (item.get("heading") or item.get("text") or children):
                self.error(key + (position - 1,), "clause has no heading, text or children",
                           "add its text or delete it")
            path = clause_path(parent, label, position)
            self.paths.add(path)
            if children:
                self._clauses(children, key + (position - 1, "children"), path)

    # id ----------------------------------------------------------------------------------

    def _id(self, data: dict[str, Any]) -> None:
        rec_id = self.rec.id
        parts = rec_id.split("/")
        expected = "<issuer>/<year>/<number-slug>"
        if rec_id != rec_id.lower():
            self.error((), f"id '{rec_id}' has capital letters",
                       f"rename the file to data/documents/{rec_id.lower()}.yaml")
            return
        if len(parts) != 3 or not all(ID_SEGMENT.match(p) for p in parts):
            self.error((), f"id '{rec_id}' does not follow {expected}",
                       "use lowercase ASCII words joined by '-', e.g. ubnd-thanh-hoa/2016/6766-kh-ubnd")
            return
        issuer, year, last = parts
        want_issuer = data.get("issuer") or UNKNOWN_SEGMENT
        if issuer != want_issuer:
            self.error(("issuer",), f"id starts with '{issuer}' but issuer is '{want_issuer}'",
                       f"move the file to data/documents/{want_issuer}/{year}/{last}.yaml")
        doc_year = year_of(data.get("date")) or data.get("year")
        want_year = str(doc_year) if doc_year else UNKNOWN_SEGMENT
        if year != want_year:
            self.error(("date",), f"id has year '{year}' but the record's year is '{want_year}'",
                       f"move the file to data/documents/{issuer}/{want_year}/{last}.yaml")
        number = data.get("number")
        if number and last != slug(number):
            self.error(("number",), f"id ends in '{last}' but number {number} gives '{slug(number)}'",
                       f"rename the file to {slug(number)}.yaml")

    # values -------------------------------------------------------------------------------

    def _values(self, data: dict[str, Any]) -> None:
        self._date(data.get("date"), ("date",))
        if data.get("source") and data["source"].get("published"):
            self._date(data["source"]["published"], ("source", "published"))
        if data.get("date") and data.get("year") is not None:
            self.error(("year",), "year is only for records whose date is null",
                       "delete 'year:'; it comes from the date")
        if data.get("date") is None and data.get("year") is not None and not self._has_note("year"):
            self.error(("year",), "a derived year needs a note saying how it was derived",
                       "add a note with field: year")
        self.problems.append(("type", 0))               # known type, then its number: ReferenceCheck
        issuer = data.get("issuer")
        if issuer is not None:
            self.problems.append(("issuer", 0))
        if issuer is None and data.get("type") != "bai-viet":
            self.error(("issuer",), "only a press report may have no issuer",
                       "add the issuing body to data/organizations.yaml and name its id")
        if data.get("province"):
            self.problems.append(("province", 0))
        if data.get("title") is None and not data.get("editorial_title"):
            self.error(("title",), "no title and no editorial_title",
                       "give the trích yếu as printed, or an editorial_title when the source has none")
        status = data.get("text")
        has_body = bool(data.get("clauses") or data.get("preamble"))
        if status in ("full", "excerpt") and not has_body:
            self.error(("text",), f"text is '{status}' but the record has no preamble or clauses",
                       "add the text, or set text: none")
        if status == "none" and data.get("clauses"):
            self.error(("text",), "text is 'none' but the record has clauses", "set text: full or excerpt")
        url = (data.get("source") or {}).get("url")
        if url and not re.match(r"^https?://", url):
            self.error(("source", "url"), f"'{url}' is not an http(s) address", "give an http:// or https:// URL")

    def _date(self, value: Any, key: tuple[str | int, ...]) -> None:
        if value is None:
            return
        m = DATE_FORM.match(value)
        if not m:
            self.error(key, f"expected YYYY-MM-DD, YYYY-MM or YYYY, got '{value}'",
                       "write 5 May 2016 as \"2016-05-05\"")
            return
        year, month, day = (int(g) if g else None for g in m.groups())
        if month is not None and not 1 <= month <= 12:
            self.error(key, f"month {month:02d} does not exist in '{value}'", "months run from 01 to 12")
        elif day is not None and month is not None and not 1 <= day <= calendar.monthrange(year or 1, month)[1]:
            self.error(key, f"day {day:02d} does not exist in {year}-{month:02d}", "check the date as printed")

    # references ---------------------------------------------------------------------------------

    def _references(self, data: dict[str, Any]) -> None:
        for i, _ in enumerate(data.get("relations") or ()):
            self.problems.append(("relation", i))     # its type and target: ReferenceCheck
        for part in ("relations", "targets", "footnotes", "notes"):
            for i, item in enumerate(data.get(part) or ()):
                path = item.get("clause")
                if path is not None and path not in self.paths:
                    self.error((part, i, "clause"), f"no clause '{path}' in this record",
                               did_you_mean(str(path), self.paths, "write a clause path such as II.3.b"))


class ReferenceCheck(_Judge):
    """The checks of one record that need the reference files or the other records."""

    def __init__(self, rec: RawRecord, refs: References, problems: list[Finding]):
        super().__init__(rec, problems)
        self.refs = refs

    def run(self, placeholder: Placeholder) -> None:
        """Add the problems of the check the placeholder stands for."""
        what, i = placeholder
        data = self.rec.data
        if what == "type":
            doc_type = data.get("type")
            if doc_type not in self.refs.doc_types:
                self.error(("type",), f"unknown document type '{doc_type}'",
                           did_you_mean(str(doc_type), self.refs.doc_types, "see doc_types in data/vocabulary.yaml"))
            else:
                self._number(data, self.refs.doc_types[doc_type])
        elif what == "issuer":
            issuer = data["issuer"]
            if issuer not in self.refs.orgs:
                self.error(("issuer",), f"unknown organization '{issuer}'",
                           did_you_mean(issuer, self.refs.orgs, "add it to data/organizations.yaml"))
        elif what == "province":
            provinces = self.refs.provinces
            if provinces and data["province"] not in provinces:
                self.error(("province",), f"unknown province '{data['province']}'",
                           did_you_mean(data["province"], provinces, "see data/provinces.yaml"))
        elif what == "relation":
            self._relation(data["relations"][i], i)

    def _number(self, data: dict[str, Any], doc_type: dict[str, Any]) -> None:
        number = data.get("number")
        if number is None:
            if doc_type.get("numbered", True) and data.get("text") != "none" and not self._has_note("number"):
                self.error(("number",), "number is null but no note says why",
                           "add a note with field: number (e.g. 'Số: /UBND-TH' printed blank)")
            return
        if not NUMBER_FORM.match(number):
            self.error(("number",), f"'{number}' is not a document number",
                       "write it as printed with no spaces: 6766/KH-UBND, 40-CT/TW, 100/2024/NĐ-CP")
            return
        suffixes = doc_type.get("suffixes") or []
        if suffixes and doc_type.get("suffix_check", True):
            codes = {_folded(c) for c in re.split(r"[-/]", number)}
            if not codes & {_folded(s) for s in suffixes}:
                self.error(("number",), f"number {number} lacks the code of its type ({', '.join(suffixes)})",
                           "check the type or the number")

    def _relation(self, rel: dict[str, Any], i: int) -> None:
        if rel.get("type") not in self.refs.relation_types:
            self.error(("relations", i, "type"), f"unknown relation type '{rel.get('type')}'",
                       did_you_mean(str(rel.get("type")), self.refs.relation_types,
                                    "see relation_types in data/vocabulary.yaml"))
        target = rel.get("target")
        if target == self.rec.id:
            self.error(("relations", i, "target"), "a document cannot relate to itself", "remove the relation")
        elif target not in self.refs.ids:
            self.error(("relations", i, "target"), f"no record '{target}'",
                       did_you_mean(str(target), self.refs.ids,
                                    "add a record for it (text: none is enough) or fix the id"))


def _check_across(records: list[RawRecord]) -> Iterator[Problem]:
    by_lower: dict[str, list[RawRecord]] = defaultdict(list)
    by_key: dict[tuple[Any, ...], list[RawRecord]] = defaultdict(list)
    for rec in records:
        by_lower[rec.id.lower()].append(rec)
        data = rec.data if isinstance(rec.data, dict) else {}
        if data.get("number"):
            year = year_of(data.get("date")) or data.get("year")
            by_key[(data.get("issuer"), _folded(str(data["number"])), year)].append(rec)
    for group in by_lower.values():
        if len(group) > 1:
            first = group[0]
            for other in group[1:]:
                yield Problem(other.file, None, None, f"id differs only by case from {first.file}",
                              "ids are lowercase; keep one record")
    for group in by_key.values():
        for other in group[1:]:
            yield Problem(other.file, other.line("number"), "number",
                          f"{group[0].file} already has this issuer, number and year",
                          "one record per document; merge them")


def _field_name(key: tuple[str | int, ...]) -> str | None:
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or None


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"
