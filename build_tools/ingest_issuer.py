"""Ingest: resolve the issuing body named in a header against data/organizations.yaml.

Header lines name the body in capitals over one to three lines ("ỦY BAN NHÂN
DÂN" / "TỈNH THANH HÓA"; "ĐẢNG BỘ TỈNH HƯNG YÊN" / "TỈNH ỦY"). Names and
aliases are compared after folding case, diacritics and tone placement. A
body the archive does not know yields a proposed organization entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .models import Corpus
from .vietnamese import fold, fold_tones, slug

# A Party committee's parent line: "ĐẢNG BỘ TỈNH HƯNG YÊN" gives the province
# to a bare "TỈNH ỦY" under it.
PARTY_PARENT = re.compile(r"^dang bo (?:tinh|thanh pho|huyen|quan|thi xa)\s+(?P<place>.+)$")
# Names that need a place to mean one body.
GENERIC = frozenset({
    "tinh uy", "ban thuong vu tinh uy", "ban chap hanh dang bo tinh", "thanh uy", "ban thuong vu thanh uy",
    "huyen uy", "ban thuong vu huyen uy", "uy ban nhan dan", "ubnd", "hoi dong nhan dan",
    "ban thuong vu", "ban chap hanh", "dang uy", "van phong",
})
# Kinds of bodies: folded name prefix -> (id prefix, kind, level).
BODY_KINDS: tuple[tuple[str, str, str, str], ...] = (
    ("uy ban nhan dan tinh ", "ubnd-", "government", "province"),
    ("uy ban nhan dan thanh pho ", "ubnd-", "government", "province"),
    ("uy ban nhan dan huyen ", "ubnd-huyen-", "government", "district"),
    ("uy ban nhan dan quan ", "ubnd-quan-", "government", "district"),
    ("uy ban nhan dan thi xa ", "ubnd-thi-xa-", "government", "district"),
    ("uy ban nhan dan xa ", "ubnd-xa-", "government", "commune"),
    ("ubnd tinh ", "ubnd-", "government", "province"),
    ("ubnd thanh pho ", "ubnd-", "government", "province"),
    ("ubnd huyen ", "ubnd-huyen-", "government", "district"),
    ("hoi dong nhan dan tinh ", "hdnd-", "government", "province"),
    ("ban thuong vu tinh uy ", "tinh-uy-", "party", "province"),
    ("tinh uy ", "tinh-uy-", "party", "province"),
    ("ban thuong vu thanh uy ", "thanh-uy-", "party", "province"),
    ("thanh uy ", "thanh-uy-", "party", "province"),
    ("huyen uy ", "huyen-uy-", "party", "district"),
)


def key(text: str) -> str:
    return fold(fold_tones(text)).strip(" .,:;")


def org_index(corpus: Corpus | None) -> dict[str, str]:
    index: dict[str, str] = {}
    if corpus is None:
        return index
    for org in sorted(corpus.organizations.values(), key=lambda o: o.id):
        for name in (org.name, org.short_name, *org.aliases):
            if name:
                index.setdefault(key(name), org.id)
    return index


@dataclass
class Resolution:
    issuer: str | None
    name: str | None                 # the body's folded name (the comparison key)
    proposed: dict[str, Any] | None = None
    generic: bool = False
    printed: str | None = None       # the body as the header prints it


def candidates(lines: list[str], place: str | None) -> list[str]:
    """Names to try, most specific first."""
    folded = [key(x) for x in lines if key(x)]
    parent_place = None
    kept = []
    for f in folded:
        m = PARTY_PARENT.match(f)
        if m:
            parent_place = m["place"]
        else:
            kept.append(f)
    out = []
    for n in range(len(kept), 0, -1):
        out.append(" ".join(kept[-n:]))
    for extra in (parent_place, key(place) if place else None):
        if extra:
            out.extend(f"{name} {extra}" for name in list(out) if name in GENERIC or name.endswith(("uy", "dan")))
    return out


def resolve(lines: list[str], place: str | None, corpus: Corpus | None) -> Resolution:
    printed = " ".join(x.strip() for x in lines if not PARTY_PARENT.match(key(x)))
    index = org_index(corpus)
    tried = candidates(lines, place)
    for name in tried:
        if name in index:
            return Resolution(index[name], name, printed=printed)
    if not tried:
        return Resolution(None, None)
    best = max(tried, key=len)
    if best in GENERIC:
        return Resolution(None, best, generic=True, printed=printed)
    return Resolution(None, best, propose(best, corpus, printed if key(printed) == best else None), printed=printed)


def resolve_name(name: str, corpus: Corpus | None) -> str | None:
    """An organization id for a name written in running text ('Tỉnh ủy Hưng Yên')."""
    return org_index(corpus).get(key(name))


def propose(folded_name: str, corpus: Corpus | None, printed: str | None = None) -> dict[str, Any]:
    """A draft organizations.yaml entry for a body the archive does not know."""
    org_id, kind, level, place = slug(folded_name), "government", "province", None
    name = sentence_case(printed, 0) if printed else None
    for prefix, id_prefix, body_kind, body_level in BODY_KINDS:
        if folded_name.startswith(prefix):
            place = folded_name[len(prefix):]
            org_id, kind, level = id_prefix + slug(place), body_kind, body_level
            name = sentence_case(printed, len(prefix.split())) if printed else None
            break
    if "dang" in folded_name.split() or folded_name.endswith(" uy") or " uy " in folded_name:
        kind = "party"
    province = _province_id(place, corpus) if place and level == "province" else None
    return {"id": org_id, "name": name, "short_name": None, "kind": kind, "level": level,
            "province": province, "aliases": [name] if name else []}


def _province_id(place: str, corpus: Corpus | None) -> str | None:
    if corpus is None:
        return None
    for prov in corpus.provinces.values():
        if key(prov.name) in (place, f"tinh {place}", f"thanh pho {place}"):
            return prov.id
    return None


def signer_issuer(name: str | None, corpus: Corpus | None) -> tuple[str | None, list[str]]:
    """The one issuer every archived document signed by this name has, and those documents."""
    if not name or corpus is None:
        return None, []
    docs = [d for d in corpus.documents.values() if d.signer and d.signer.name and key(d.signer.name) == key(name)]
    issuers = {d.issuer for d in docs if d.issuer}
    if len(issuers) == 1:
        return issuers.pop(), sorted(d.id for d in docs)
    return None, sorted(d.id for d in docs)


def sentence_case(printed: str, kind_words: int) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH' -> 'Ủy ban nhân dân tỉnh Nam Định' (place words capitalised)."""
    words = printed.split()
    if not any(w.islower() for w in words):
        words = [w.lower() for w in words]
        words[kind_words:] = [w[:1].upper() + w[1:] for w in words[kind_words:]]
        if kind_words and words:
            words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words)


def province_from_mentions(text: str, corpus: Corpus | None) -> tuple[str | None, list[str]]:
    """The one province every local body named in a text belongs to, and those bodies' names.

    A press report on a district ("Phòng Giao dịch Ngân hàng CSXH huyện Vĩnh
    Tường", seed 002) does not name its province; the archive's organizations do.
    Only names of three words or more count, so "Tỉnh ủy" alone names nothing.
    """
    if corpus is None:
        return None, []
    folded = f" {key(text)} "
    provinces: set[str] = set()
    named: list[str] = []
    for org in sorted(corpus.organizations.values(), key=lambda o: o.id):
        if not org.province or org.level == "central":
            continue
        for name in (org.name, org.short_name, *org.aliases):
            if name and len(name.split()) >= 3 and f" {key(name)} " in folded:
                provinces.add(org.province)
                named.append(name)
                break
    return (provinces.pop(), named) if len(provinces) == 1 else (None, named)
