"""A synthetic corpus for the benchmark only, never for the archive.

`generate(root, docs, seed)` writes a complete project tree into `root` (a
temporary folder): the reference files, mkdocs.yml and hand-written pages of
the source checkout, every real record (the central documents known only from
citations among them), extra issuing bodies for every one of the 63 old
provinces and some districts, then `docs` documents of realistic shape:

- clause trees like the seeds': plans I/1/a with "-" bullets (6766/KH-UBND),
  directives 1..7 with bullets (09-CT/TU), plain paragraphs for press reports;
- sentences recombined from the seeds' own clause texts;
- citations to the real central documents ("Thực hiện Chỉ thị số 40-CT/TW ngày
  22/11/2014 của Ban Bí thư ...", also the short and odd spellings real texts
  use) and to earlier generated documents of the same province, by number,
  with the matching declared relations.

The same seed gives the same bytes. Every record passes `validate`.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from .records import read_data
from .vietnamese import slug

GENERATED_DOCS = ("van-ban", "duyet", "du-lieu")   # sitebuild.GENERATED: never copied
FIRST_DAY = date(2014, 12, 1)                       # after Chỉ thị 40-CT/TW (22/11/2014)
LAST_DAY = date(2025, 6, 30)                        # districts were abolished from 1/7/2025

# Real districts, by the old province they belonged to: issuers at district level.
DISTRICTS = {
    "thanh-hoa": ["Thọ Xuân", "Quảng Xương", "Nga Sơn", "Như Thanh"],
    "hung-yen": ["Văn Lâm", "Khoái Châu", "Kim Động"],
    "cao-bang": ["Trùng Khánh", "Hòa An", "Bảo Lâm"],
    "can-tho": ["Phong Điền", "Cờ Đỏ", "Thới Lai"],
    "vinh-phuc": ["Vĩnh Tường", "Lập Thạch", "Tam Đảo"],
    "nghe-an": ["Quỳnh Lưu", "Nghĩa Đàn", "Con Cuông"],
    "ha-tinh": ["Hương Sơn", "Cẩm Xuyên"],
    "ninh-binh": ["Kim Sơn", "Gia Viễn"],
    "ha-giang": ["Mèo Vạc", "Bắc Mê"],
    "dien-bien": ["Mường Nhé", "Tủa Chùa"],
    "lai-chau": ["Sìn Hồ", "Phong Thổ"],
    "lao-cai": ["Bát Xát", "Bắc Hà"],
    "ha-noi": ["Ba Vì", "Mỹ Đức"],
    "ho-chi-minh": ["Củ Chi", "Cần Giờ"],
    "dak-lak": ["Krông Pắc", "Ea Súp"],
    "gia-lai": ["Chư Sê", "Kbang"],
    "binh-dinh": ["Tuy Phước", "Phù Cát"],
    "quang-nam": ["Núi Thành", "Tiên Phước"],
    "son-la": ["Mộc Châu", "Sốp Cộp"],
    "soc-trang": ["Trần Đề", "Mỹ Xuyên"],
    "thai-binh": ["Vũ Thư", "Kiến Xương"],
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Xuân", "Thanh", "Quang", "Hữu", "Ngọc", "Thế"]
GIVEN = ["Hùng", "Lan", "Hải", "Thắng", "Hòa", "Bình", "Tuấn", "Dũng", "Hương", "Nam", "Sơn", "Long",
         "Thủy", "Thìn", "Khuyên", "Phúc", "Quyết", "Trung"]

TOPICS = [
    "về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội",
    "về nâng cao hiệu quả tín dụng chính sách xã hội giai đoạn {y}-{y5}",
    "về bố trí nguồn vốn ngân sách địa phương ủy thác qua Ngân hàng Chính sách xã hội năm {y}",
    "về cho vay giải quyết việc làm, duy trì và mở rộng việc làm",
    "về cho vay hộ nghèo, hộ cận nghèo và hộ mới thoát nghèo",
    "về củng cố, nâng cao chất lượng tín dụng chính sách xã hội",
    "về cho vay nhà ở xã hội",
    "về kiện toàn Ban đại diện Hội đồng quản trị Ngân hàng Chính sách xã hội",
    "về nâng cao chất lượng hoạt động của Tổ tiết kiệm và vay vốn",
    "về huy động nguồn lực cho tín dụng chính sách xã hội",
]
HEADLINES = [
    "nâng cao hiệu quả tín dụng chính sách xã hội",
    "tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách",
    "vốn chính sách giúp hộ nghèo vươn lên",
    "đồng hành cùng người nghèo và đối tượng chính sách",
    "bổ sung nguồn vốn ủy thác từ ngân sách địa phương",
    "hiệu quả từ Tổ tiết kiệm và vay vốn",
]
RECIPIENTS = ["Như trên;", "TTr Tỉnh ủy, HĐND tỉnh (để báo cáo);", "Chủ tịch, các PCT UBND tỉnh;",
              "MTTQ tỉnh, các tổ chức hội, đoàn thể;", "Các sở, ban, ngành cấp tỉnh;",
              "Ngân hàng CSXH tỉnh;", "Lưu: VT."]
TYPE_NAMES = {"ke-hoach": "Kế hoạch", "cong-van": "Công văn", "chi-thi": "Chỉ thị", "thong-bao": "Thông báo",
              "bao-cao": "Báo cáo", "bai-viet": "Bài viết", "ket-luan": "Kết luận", "quyet-dinh": "Quyết định",
              "nghi-dinh": "Nghị định"}
# Document types an issuer of each kind writes, with weights.
TYPES_BY_KIND = {
    "party": (["chi-thi", "ke-hoach", "thong-bao", "bao-cao", "cong-van"], [30, 30, 25, 10, 5]),
    "government": (["ke-hoach", "cong-van", "bao-cao", "thong-bao", "chi-thi"], [40, 30, 15, 10, 5]),
    "bank": (["bao-cao", "cong-van", "ke-hoach"], [50, 30, 20]),
}
# How a number is printed, by issuer kind and type: "{n}" is the running number.
NUMBER_FORMS = {
    "party": {"chi-thi": "{n:02d}-CT/{p}", "ke-hoach": "{n}-KH/{p}", "thong-bao": "{n}-TB/{p}",
              "bao-cao": "{n}-BC/{p}", "cong-van": "{n}-CV/{p}"},
    "government": {"ke-hoach": "{n}/KH-UBND", "cong-van": "{n}/UBND-{c}", "bao-cao": "{n}/BC-UBND",
                   "thong-bao": "{n}/TB-UBND", "chi-thi": "{n:02d}/CT-UBND"},
    "bank": {"bao-cao": "{n}/BC-NHCS", "cong-van": "{n}/NHCS-{c}", "ke-hoach": "{n}/KH-NHCS"},
}
LETTER_CODES = ["TH", "VX", "KTTC", "NC", "KHNV"]
SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])")


@dataclass(frozen=True)
class SyntheticStats:
    documents: int          # generated records
    copied: int             # real records copied from the source checkout
    organizations: int      # issuing bodies added
    clauses: int            # clauses in the generated records
    words: int              # words of clause text in the generated records
    citations: int          # citations written into the generated texts
    relations: int          # declared relations of the generated records
    bytes: int              # size of the generated record files


class _Dumper(yaml.CSafeDumper):   # type: ignore[misc,name-defined]
    """Never anchors: the loader refuses aliases in records."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000,
                     default_flow_style=False)


def generate(root: Path, docs: int, seed: int, *, source: Path | None = None) -> SyntheticStats:
    """Write a project tree with `docs` generated documents into root (an empty or new folder)."""
    source = (source or Path.cwd()).resolve()
    root = Path(root)
    if (root / "data").exists():
        raise FileExistsError(f"{root} already has a data/ folder; give an empty folder")
    copied = _copy_project(source, root)
    raw = read_data(source)
    pool = _sentence_pool(raw)
    headings = sorted({str(h) for rec in raw.records for h in _headings(rec.data)})
    provinces = [u for u in (raw.provinces.data or {}).get("old_units") or ()] if raw.provinces else []
    existing = {o["id"]: o for o in (raw.organizations.data or [])} if raw.organizations else {}
    added = _organizations(provinces, existing)
    orgs = {**existing, **{o["id"]: o for o in added}}
    with open(root / "data" / "organizations.yaml", "a", encoding="utf-8") as out:
        out.write("\n# --- generated for the benchmark (build_tools/synthetic.py) ---\n\n")
        out.write(dump(added))
    central = _central_documents(raw)
    gen = _Generator(random.Random(seed), pool, headings, orgs, provinces, central)
    return gen.write(root, docs, copied, len(added))


# --- the source checkout ---------------------------------------------------------------

def _copy_project(source: Path, root: Path) -> int:
    (root / "data" / "documents").mkdir(parents=True, exist_ok=True)
    for name in ("organizations.yaml", "vocabulary.yaml", "provinces.yaml"):
        shutil.copyfile(source / "data" / name, root / "data" / name)
    if (source / "mkdocs.yml").exists():
        shutil.copyfile(source / "mkdocs.yml", root / "mkdocs.yml")
    if (source / "docs").is_dir():
        shutil.copytree(source / "docs", root / "docs",
                        ignore=lambda d, names: [n for n in names if Path(d) == source / "docs"
                                                 and n in GENERATED_DOCS])
    else:
        (root / "docs").mkdir()
    if (source / "overrides").is_dir():
        shutil.copytree(source / "overrides", root / "overrides")
    count = 0
    base = source / "data" / "documents"
    for path in sorted(base.rglob("*.yaml")):
        target = root / "data" / "documents" / path.relative_to(base)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        count += 1
    return count


def _walk(items: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items or ():
        if isinstance(item, dict):
            out.append(item)
            out.extend(_walk(item.get("children")))
    return out


def _headings(data: Any) -> list[str]:
    if not isinstance(data, dict):
        return []
    return [c["heading"] for c in _walk(data.get("clauses")) if isinstance(c.get("heading"), str)
            and 3 <= len(c["heading"].split()) <= 25 and c["heading"] != c["heading"].upper()]


def _sentence_pool(raw: Any) -> list[str]:
    """Every sentence of the seeds' clause texts, in a stable order."""
    seen: dict[str, None] = {}
    for rec in raw.records:
        if not isinstance(rec.data, dict):
            continue
        for clause in _walk(rec.data.get("clauses")):
            text = clause.get("text")
            if not isinstance(text, str):
                continue
            for sentence in SENTENCE_END.split(" ".join(text.split())):
                if 6 <= len(sentence.split()) <= 90:
                    seen.setdefault(sentence, None)
    if not seen:
        raise ValueError("the source checkout has no clause text to draw sentences from")
    return list(seen)


@dataclass(frozen=True)
class _Cited:
    """A document as others cite it."""
    id: str
    type: str
    number: str
    date: str
    issuer_name: str
    title: str
    province: str | None = None

    def full(self) -> str:
        y, m, d = self.date.split("-")
        return (f"{TYPE_NAMES.get(self.type, self.type)} số {self.number} ngày {int(d)}/{int(m)}/{y} "
                f"của {self.issuer_name} {self.title}")


def _central_documents(raw: Any) -> dict[str, _Cited]:
    orgs = {o["id"]: o for o in (raw.organizations.data or [])}
    out: dict[str, _Cited] = {}
    for rec in raw.records:
        d = rec.data
        org = orgs.get(d.get("issuer") or "")
        if (d.get("text") == "none" and org and org.get("level") == "central" and d.get("number")
                and isinstance(d.get("date"), str) and len(d["date"]) == 10):
            out[d["number"]] = _Cited(rec.id, d["type"], d["number"], d["date"], org["name"], d.get("title") or "")
    return out


# --- issuing bodies -----------------------------------------------------------------------

def _organizations(provinces: list[dict[str, Any]], existing: dict[str, Any]) -> list[dict[str, Any]]:
    """UBND, Tỉnh ủy and NHCSXH branch of each old province; Huyện ủy and UBND of some districts."""
    out: list[dict[str, Any]] = []

    def add(org: dict[str, Any]) -> None:
        if org["id"] not in existing and all(o["id"] != org["id"] for o in out):
            out.append(org)

    for unit in provinces:
        pid, name = unit["id"], unit["name"]
        unit_word = "thành phố" if unit.get("city") else "tỉnh"
        party = "Thành ủy" if unit.get("city") else "Tỉnh ủy"
        add({"id": f"ubnd-{pid}", "name": f"Ủy ban nhân dân {unit_word} {name}",
             "short_name": f"UBND {unit_word} {name}", "kind": "government", "level": "province",
             "province": pid, "aliases": [f"Ủy ban nhân dân {unit_word} {name}", f"UBND {unit_word} {name}"]})
        add({"id": f"{slug(party)}-{pid}", "name": f"{party} {name}", "short_name": f"{party} {name}",
             "kind": "party", "level": "province", "province": pid,
             "aliases": [f"{party} {name}", f"Ban Thường vụ {party} {name}",
                         f"Ban Chấp hành Đảng bộ {unit_word} {name}"]})
        add({"id": f"nhcsxh-{pid}", "name": f"Chi nhánh Ngân hàng Chính sách xã hội {unit_word} {name}",
             "short_name": f"NHCSXH {unit_word} {name}", "kind": "bank", "level": "province",
             "province": pid, "parent": "nhcsxh",
             "aliases": [f"Chi nhánh Ngân hàng Chính sách xã hội {unit_word} {name}"]})
        for district in DISTRICTS.get(pid, ()):
            ds = slug(district)
            common = {"level": "district", "province": pid, "until": "2025-06-30",
                      "note": "District level abolished from 1 July 2025."}
            add({"id": f"huyen-uy-{ds}", "name": f"Huyện ủy {district}", "short_name": f"Huyện ủy {district}",
                 "kind": "party", **common,
                 "aliases": [f"Huyện ủy {district}", f"Ban Thường vụ Huyện ủy {district}"]})
            add({"id": f"ubnd-huyen-{ds}", "name": f"Ủy ban nhân dân huyện {district}",
                 "short_name": f"UBND huyện {district}", "kind": "government", **common,
                 "aliases": [f"Ủy ban nhân dân huyện {district}", f"UBND huyện {district}"]})
    return out


# --- documents ----------------------------------------------------------------------------

@dataclass
class _Plan:
    """What is decided before any text is written: who, what, when, which number."""
    index: int
    type: str
    issuer: str | None
    province: str
    day: date
    number: str | None


class _Generator:
    def __init__(self, rng: random.Random, pool: list[str], headings: list[str], orgs: dict[str, Any],
                 provinces: list[dict[str, Any]], central: dict[str, _Cited]):
        self.rng, self.pool, self.headings, self.orgs = rng, pool, headings, orgs
        self.provinces = {u["id"]: u for u in provinces}
        self.central = central
        self.by_level: dict[str, list[str]] = {}
        for oid in sorted(orgs):
            org = orgs[oid]
            if org.get("province") in self.provinces and org.get("kind") in TYPES_BY_KIND:
                self.by_level.setdefault(org["level"], []).append(oid)
        self.clauses = self.words = self.citations = self.relations = 0

    # planning: issuers, types, dates and unique numbers first, sorted by date,
    # so that a document cites only documents issued before it.

    def plans(self, count: int) -> list[_Plan]:
        rng = self.rng
        counters: dict[tuple[str, int], int] = {}
        used: set[str] = set()
        out: list[_Plan] = []
        span = (LAST_DAY - FIRST_DAY).days
        for i in range(count):
            day = FIRST_DAY + timedelta(days=rng.randrange(span + 1))
            roll = rng.random()
            if roll < 0.10:
                province = rng.choice(sorted(self.provinces))
                out.append(_Plan(i, "bai-viet", None, province, day, None))
                continue
            level = "district" if roll < 0.30 and self.by_level.get("district") else "province"
            issuer = rng.choice(self.by_level[level])
            org = self.orgs[issuer]
            types, weights = TYPES_BY_KIND[org["kind"]]
            doc_type = rng.choices(types, weights)[0]
            key = (issuer, day.year)
            for _ in range(1000):
                if key not in counters and org["kind"] != "party":
                    counters[key] = rng.randint(0, 3000)
                step = rng.randint(1, 4) if org["kind"] == "party" else rng.randint(1, 60)
                counters[key] = counters.get(key, 0) + step
                form = NUMBER_FORMS[org["kind"]][doc_type]
                number = form.format(n=counters[key], p="HU" if level == "district" else "TU",
                                     c=rng.choice(LETTER_CODES))
                doc_id = f"{issuer}/{day.year}/{slug(number)}"
                if doc_id not in used:
                    used.add(doc_id)
                    break
            out.append(_Plan(i, doc_type, issuer, org["province"], day, number))
        out.sort(key=lambda p: (p.day, p.index))
        return out

    def write(self, root: Path, count: int, copied: int, added_orgs: int) -> SyntheticStats:
        base = root / "data" / "documents"
        earlier: dict[str, list[_Cited]] = {}      # province -> numbered documents so far
        used: set[str] = set()
        size = 0
        for plan in self.plans(count):
            record = self.record(plan, earlier.get(plan.province, []))
            doc_id = self.doc_id(plan, record, used)
            path = base / f"{doc_id}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            data = dump(record).encode("utf-8")
            path.write_bytes(data)
            size += len(data)
            if plan.number and plan.issuer and plan.type != "bao-cao":
                earlier.setdefault(plan.province, []).append(_Cited(
                    doc_id, plan.type, plan.number, plan.day.isoformat(), self.orgs[plan.issuer]["name"],
                    record["title"], plan.province))
        return SyntheticStats(count, copied, added_orgs, self.clauses, self.words, self.citations,
                              self.relations, size)

    def doc_id(self, plan: _Plan, record: dict[str, Any], used: set[str]) -> str:
        if plan.number:
            doc_id = f"{plan.issuer}/{plan.day.year}/{slug(plan.number)}"
        else:
            stem = "-".join(slug(record["title"]).split("-")[:9])
            doc_id, n = f"khong-ro/{plan.day.year}/{stem}", 1
            while doc_id in used:
                n += 1
                doc_id = f"khong-ro/{plan.day.year}/{stem}-{n}"
        used.add(doc_id)
        return doc_id

    # one record ----------------------------------------------------------------------------

    def parent_document(self, day: date) -> _Cited:
        """The central document a local one of that day implements."""
        iso = day.isoformat()
        order = ["39-CT/TW", "06-KL/TW", "40-CT/TW"]
        for number in order:
            doc = self.central.get(number)
            if doc and doc.date < iso:
                return doc
        return next(iter(self.central.values()))

    def record(self, plan: _Plan, earlier: list[_Cited]) -> dict[str, Any]:
        rng = self.rng
        parent = self.parent_document(plan.day)
        unit = self.provinces[plan.province]
        place = unit["name"]
        relations: list[dict[str, Any]] = []
        locals_ = rng.sample(earlier[-40:], k=min(len(earlier[-40:]), rng.choice([0, 1, 1, 2])))
        if plan.type == "bai-viet":
            return self.press(plan, parent, place)
        org = self.orgs[plan.issuer or ""]
        topic = rng.choice(TOPICS).format(y=plan.day.year, y5=plan.day.year + 5)
        type_name = TYPE_NAMES[plan.type]
        if plan.type == "ke-hoach" and rng.random() < 0.6:
            title = f"Triển khai thực hiện {parent.full()}"
        elif plan.type == "bao-cao":
            title = f"Kết quả thực hiện {TYPE_NAMES[parent.type]} số {parent.number} năm {plan.day.year}"
        else:
            title = topic
        preamble = [f"Thực hiện {parent.full()};"]
        self.citations += 1
        relations.append({"type": "implements", "target": parent.id})
        for doc in locals_:
            preamble.append(f"Căn cứ {doc.full()};")
            self.citations += 1
            relations.append({"type": "based_on", "target": doc.id})
        preamble[-1] = preamble[-1].rstrip(";") + f", {org['short_name']} ban hành {type_name} {topic} như sau:"
        clauses = self.plan_clauses(parent) if plan.type in ("ke-hoach", "bao-cao") else self.directive_clauses(parent)
        self.relations += len(relations)
        signer = self.signer(org)
        record: dict[str, Any] = {
            "type": plan.type, "number": plan.number, "issuer": plan.issuer, "date": plan.day.isoformat(),
            "title": title, "place": place, "text": "full", "signer": signer,
            "source": {"kind": "official"}, "preamble": preamble, "clauses": clauses,
            "closing": [f"Trên đây là {type_name} thực hiện {TYPE_NAMES[parent.type]} số {parent.number} "
                        f"trên địa bàn {place}; yêu cầu các cơ quan, đơn vị nghiêm túc triển khai thực hiện."],
            "recipients": list(RECIPIENTS), "relations": relations,
        }
        return record

    def press(self, plan: _Plan, parent: _Cited, place: str) -> dict[str, Any]:
        rng = self.rng
        districts = DISTRICTS.get(plan.province)
        where = f"Huyện {rng.choice(districts)}" if districts and rng.random() < 0.5 else place
        title = f"{where} {rng.choice(HEADLINES)}"
        paragraphs = [{"text": self.text()} for _ in range(rng.randint(10, 24))]
        paragraphs[0] = {"text": f"Những năm qua, {where} quán triệt và thực hiện nghiêm "
                                 f"{TYPE_NAMES[parent.type]} số {parent.number} của Ban Bí thư. " + self.text()}
        self.citations += 1
        self.relations += 1
        self.clauses += len(paragraphs)
        return {
            "type": "bai-viet", "number": None, "issuer": None, "date": plan.day.isoformat(),
            "title": title, "province": plan.province, "text": "full",
            "source": {"kind": "press", "publisher": f"Báo {place}", "published": plan.day.isoformat()},
            "clauses": paragraphs,
            "relations": [{"type": "reports_on", "target": parent.id}],
        }

    def text(self, low: int = 15, high: int = 75) -> str:
        """A paragraph of about 60 words recombined from the seeds' sentences."""
        budget = self.rng.randint(low, high)
        out: list[str] = []
        words = 0
        while words < budget:
            sentence = self.rng.choice(self.pool)
            out.append(sentence)
            words += len(sentence.split())
        self.words += words
        return " ".join(out)

    def citing_text(self, parent: _Cited) -> str:
        """A paragraph that mentions the parent document in one of the ways real texts do."""
        lead = _lead_number(parent.number)
        forms = [f"{TYPE_NAMES[parent.type]} số {parent.number}", f"{TYPE_NAMES[parent.type]} {lead}",
                 f"{TYPE_NAMES[parent.type]} số {parent.number.replace('/TW', '/TƯ')}",
                 f"{TYPE_NAMES[parent.type]} số {lead}"]
        self.citations += 1
        return f"Tiếp tục thực hiện {self.rng.choice(forms)}. " + self.text(20, 70)

    def leaf(self, parent: _Cited | None = None, label: str | None = None) -> dict[str, Any]:
        self.clauses += 1
        text = self.citing_text(parent) if parent and self.rng.random() < 0.12 else self.text()
        return {"label": label, "text": text} if label else {"text": text}

    def bullets(self, parent: _Cited, low: int, high: int) -> list[dict[str, Any]]:
        return [self.leaf(parent, "-") for _ in range(self.rng.randint(low, high))]

    def plan_clauses(self, parent: _Cited) -> list[dict[str, Any]]:
        """I MỤC ĐÍCH, YÊU CẦU / II NHIỆM VỤ, GIẢI PHÁP / III TỔ CHỨC THỰC HIỆN, as in 6766/KH-UBND."""
        rng = self.rng
        letters = "abcdđeg"

        def points(low: int, high: int) -> list[dict[str, Any]]:
            out = []
            for i in range(rng.randint(low, high)):
                point = self.leaf(parent, letters[i])
                if rng.random() < 0.25:
                    point["text"] = point["text"].rstrip(".") + ":"
                    point["children"] = self.bullets(parent, 2, 4)
                out.append(point)
            return out

        tasks = []
        for n in range(1, rng.randint(2, 4) + 1):
            self.clauses += 1
            tasks.append({"label": str(n), "heading": rng.choice(self.headings) if self.headings else "Nhiệm vụ",
                          "children": points(2, 3)})
        self.clauses += 5
        return [
            {"label": "I", "heading": "MỤC ĐÍCH, YÊU CẦU", "children": [
                {"label": "1", "heading": "Mục đích", "children": points(2, 3)},
                {"label": "2", "heading": "Yêu cầu", "children": points(2, 3)},
            ]},
            {"label": "II", "heading": "NHIỆM VỤ, GIẢI PHÁP", "children": tasks},
            {"label": "III", "heading": "TỔ CHỨC THỰC HIỆN",
             "children": [self.leaf(parent, str(n)) for n in range(1, rng.randint(2, 4) + 1)]},
        ]

    def directive_clauses(self, parent: _Cited) -> list[dict[str, Any]]:
        """1..7 with "-" bullets, as in 09-CT/TU and the Hưng Yên letter."""
        out = []
        for n in range(1, self.rng.randint(5, 9) + 1):
            item = self.leaf(parent, str(n))
            if self.rng.random() < 0.5:
                item["children"] = self.bullets(parent, 1, 4)
            out.append(item)
        return out

    def signer(self, org: dict[str, Any]) -> dict[str, str]:
        rng = self.rng
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if org["kind"] == "party":
            return {"name": name, "title": rng.choice(["BÍ THƯ", "PHÓ BÍ THƯ"]), "on_behalf": "T/M BAN THƯỜNG VỤ"}
        if org["kind"] == "bank":
            return {"name": name, "title": "GIÁM ĐỐC"}
        return {"name": name, "title": "PHÓ CHỦ TỊCH", "on_behalf": "KT. CHỦ TỊCH"}


def _lead_number(number: str) -> str:
    m = re.match(r"\d+", number)
    return m.group().lstrip("0") or "0" if m else number
