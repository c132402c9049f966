"""The benchmark's synthetic corpus: deterministic, valid, shaped like the seeds."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_tools.synthetic import generate

ROOT = Path(__file__).resolve().parents[1]
DOCS = 24


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def generated_records(root: Path) -> dict[str, dict]:
    """Records the generator wrote (the copied real records excluded)."""
    real = {p.relative_to(ROOT / "data" / "documents").as_posix() for p in (ROOT / "data" / "documents").rglob("*.yaml")}
    base = root / "data" / "documents"
    return {p.relative_to(base).as_posix()[:-5]: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(base.rglob("*.yaml")) if p.relative_to(base).as_posix() not in real}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic") / "project"
    generate(root, DOCS, seed=7, source=ROOT)
    return root


def test_same_seed_gives_the_same_bytes(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate(again, DOCS, seed=7, source=ROOT)
    assert tree_bytes(again) == tree_bytes(corpus)


def test_another_seed_gives_another_corpus(corpus: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate(other, DOCS, seed=8, source=ROOT)
    assert tree_bytes(other) != tree_bytes(corpus)


def test_the_generated_tree_validates(corpus: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "build_tools", "validate", "--strict", "--root", str(corpus)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "0 errors, 0 warnings" in result.stdout


def test_stats_count_what_was_written(tmp_path: Path) -> None:
    stats = generate(tmp_path / "p", 10, seed=1, source=ROOT)
    records = generated_records(tmp_path / "p")
    assert stats.documents == len(records) == 10
    assert stats.copied == len(list((ROOT / "data" / "documents").rglob("*.yaml")))
    assert stats.clauses > 10 * 5 and stats.words > stats.clauses * 20
    assert stats.relations == sum(len(r.get("relations") or []) for r in records.values())


def test_real_records_and_reference_files_are_copied(corpus: Path) -> None:
    for rel in ("data/vocabulary.yaml", "data/provinces.yaml",
                "data/documents/ban-bi-thu/2014/40-ct-tw.yaml", "data/documents/ban-bi-thu/2021/06-kl-tw.yaml",
                "data/documents/ban-bi-thu/2024/39-ct-tw.yaml"):
        assert (corpus / rel).read_bytes() == (ROOT / rel).read_bytes(), rel


def test_generated_pages_are_not_copied(corpus: Path) -> None:
    for generated in ("van-ban", "duyet", "du-lieu"):
        assert not (corpus / "docs" / generated).exists()


def test_every_province_gets_issuers(corpus: Path) -> None:
    orgs = yaml.safe_load((corpus / "data" / "organizations.yaml").read_text(encoding="utf-8"))
    provinces = yaml.safe_load((ROOT / "data" / "provinces.yaml").read_text(encoding="utf-8"))["old_units"]
    by_province: dict[str, set[str]] = {}
    for org in orgs:
        by_province.setdefault(org.get("province"), set()).add(org["kind"])
    for unit in provinces:
        assert {"party", "government", "bank"} <= by_province.get(unit["id"], set()), unit["id"]
    assert any(o["level"] == "district" for o in orgs)
    assert len({o["id"] for o in orgs}) == len(orgs)


def test_records_are_spread_over_types_levels_and_years(tmp_path: Path) -> None:
    generate(tmp_path / "p", 150, seed=2, source=ROOT)
    records = generated_records(tmp_path / "p")
    assert {"ke-hoach", "cong-van", "chi-thi", "thong-bao", "bao-cao", "bai-viet"} <= {r["type"] for r in records.values()}
    assert any(i.startswith(("huyen-uy-", "ubnd-huyen-")) for i in records)
    years = {int(r["date"][:4]) for r in records.values()}
    assert min(years) <= 2016 and max(years) >= 2024


def test_ids_follow_issuer_year_number(corpus: Path) -> None:
    for doc_id, rec in generated_records(corpus).items():
        issuer, year, last = doc_id.split("/")
        assert issuer == (rec["issuer"] or "khong-ro")
        assert year == rec["date"][:4]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", last)


# Shapes of the seeds the generator imitates: (type, what the top level looks like).
SHAPES = [
    ("ke-hoach", ["I", "II", "III"]),   # 6766/KH-UBND: I/1/a with "-" bullets
    ("bai-viet", [None]),               # the Vĩnh Tường press report: plain paragraphs
    ("chi-thi", ["1", "2", "3"]),        # 09-CT/TU: 1..7
]


@pytest.mark.parametrize("doc_type,top", SHAPES, ids=[s[0] for s in SHAPES])
def test_clause_trees_look_like_the_seeds(tmp_path: Path, doc_type: str, top: list[str | None]) -> None:
    generate(tmp_path / "p", 80, seed=3, source=ROOT)
    records = [r for r in generated_records(tmp_path / "p").values() if r["type"] == doc_type]
    assert records
    for rec in records:
        labels = [c.get("label") for c in rec["clauses"]]
        assert labels[:len(top)] == top


def test_texts_cite_central_and_earlier_documents(tmp_path: Path) -> None:
    generate(tmp_path / "p", 120, seed=4, source=ROOT)
    records = generated_records(tmp_path / "p")
    preambles = [" ".join(r.get("preamble") or []) for r in records.values()]
    assert any("Chỉ thị số 40-CT/TW ngày 22/11/2014 của Ban Bí thư" in p for p in preambles)
    assert any("Kết luận số 06-KL/TW" in p for p in preambles)
    local = [p for p in preambles if re.search(r"Căn cứ [^,;]*? số \d+[-/]", p)]
    assert local, "no generated document cites an earlier generated one by number"
    targets = {rel["target"] for r in records.values() for rel in r.get("relations") or []}
    assert "ban-bi-thu/2014/40-ct-tw" in targets
    assert targets & set(records), "no declared relation between generated documents"


def _texts(clauses: list[dict]) -> list[str]:
    out = []
    for c in clauses or []:
        out += [c["text"]] if c.get("text") else []
        out += _texts(c.get("children"))
    return out


def test_sentences_come_from_the_seeds(corpus: Path) -> None:
    seeds = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in (ROOT / "data" / "documents").rglob("*.yaml")]
    seed_text = " ".join(" ".join(t.split()) for rec in seeds for t in _texts(rec.get("clauses")))
    texts = [t for r in generated_records(corpus).values() for t in _texts(r["clauses"])
             if not t.startswith(("Tiếp tục thực hiện", "Những năm qua"))]
    assert texts
    for text in texts[:50]:
        first = re.split(r"(?<=[.;:])\s+", text)[0]
        assert first in seed_text, first


def test_refuses_a_folder_that_has_data(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(FileExistsError):
        generate(tmp_path, 1, seed=1, source=ROOT)
