"""The validator's catalogue of bad records, with the exact messages it gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.records import read_data
from build_tools.validate import check

ROOT = Path(__file__).resolve().parents[1]

GOOD = """\
type: ke-hoach
number: 6766/KH-UBND
issuer: ubnd-thanh-hoa
date: "2016-05-05"
title: Triển khai thực hiện Chỉ thị số 40-CT/TW
text: full
clauses:
  - label: "I"
    heading: MỤC ĐÍCH, YÊU CẦU
    children:
      - label: "1"
        text: Mục đích
relations:
  - type: implements
    target: ban-bi-thu/2014/40-ct-tw
"""

TARGET = """\
type: chi-thi
number: 40-CT/TW
issuer: ban-bi-thu
date: "2014-11-22"
title: về tăng cường sự lãnh đạo của Đảng đối với tín dụng chính sách xã hội
text: none
"""

GOOD_ID = "ubnd-thanh-hoa/2016/6766-kh-ubnd"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A project copy with the real reference data and two small records."""
    for name in ("organizations.yaml", "vocabulary.yaml", "provinces.yaml"):
        (tmp_path / "data").mkdir(exist_ok=True)
        shutil.copy(ROOT / "data" / name, tmp_path / "data" / name)
    write(tmp_path, "ban-bi-thu/2014/40-ct-tw", TARGET)
    return tmp_path


def write(root: Path, doc_id: str, text: str | bytes) -> Path:
    path = root / "data" / "documents" / f"{doc_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def messages(root: Path) -> list[str]:
    raw = read_data(root)
    return [str(p) for p in raw.problems + check(raw)]


F = f"data/documents/{GOOD_ID}.yaml"

# (what the record does wrong, the record text, the exact message expected)
CASES = [
    # a tab or broken indentation: libyaml's error, with its line
    ("syntax error", GOOD.replace("text: full", "text: full\n  oops: [unclosed"),
     f"{F}:7: YAML syntax error: mapping values are not allowed in this context — check indentation and quoting on that line or the one before"),
    # dates as Vietnamese texts print them must be converted, not copied
    ("date as printed", GOOD.replace('"2016-05-05"', '"05/5/2016"'),
     f"{F}:4: date: expected YYYY-MM-DD, YYYY-MM or YYYY, got '05/5/2016' — write 5 May 2016 as \"2016-05-05\""),
    # a real calendar: there is no 30 February
    ("impossible day", GOOD.replace('"2016-05-05"', '"2016-02-30"'),
     f"{F}:4: date: day 30 does not exist in 2016-02 — check the date as printed"),
    ("impossible month", GOOD.replace('"2016-05-05"', '"2016-13"'),
     f"{F}:4: date: month 13 does not exist in '2016-13' — months run from 01 to 12"),
    # unknown vocabulary: the closest known type is suggested
    ("unknown type", GOOD.replace("type: ke-hoach", "type: ke-hoac"),
     f"{F}:1: type: unknown document type 'ke-hoac' — did you mean 'ke-hoach'?"),
    # a misspelt field name: the closest known field is suggested
    ("unknown field", GOOD.replace("title:", "tittle:"),
     f"{F}:5: tittle: unknown field — did you mean 'title'?"),
    ("missing relation target", GOOD.replace("ban-bi-thu/2014/40-ct-tw", "ban-bi-thu/2014/41-ct-tw"),
     f"{F}:15: relations[0].target: no record 'ban-bi-thu/2014/41-ct-tw' — did you mean 'ban-bi-thu/2014/40-ct-tw'?"),
    ("relation to itself", GOOD.replace("target: ban-bi-thu/2014/40-ct-tw", f"target: {GOOD_ID}"),
     f"{F}:15: relations[0].target: a document cannot relate to itself — remove the relation"),
    ("unknown relation type", GOOD.replace("type: implements", "type: implement"),
     f"{F}:14: relations[0].type: unknown relation type 'implement' — did you mean 'implements'?"),
    ("unknown issuer", GOOD.replace("issuer: ubnd-thanh-hoa", "issuer: ubnd-thanh-hoaa"),
     f"{F}:3: issuer: unknown organization 'ubnd-thanh-hoaa' — did you mean 'ubnd-thanh-hoa'?"),
    # the number must carry its type's code: KH for a kế hoạch
    ("number without its type's code", GOOD.replace("6766/KH-UBND", "6766/QĐ-UBND"),
     f"{F}:2: number: number 6766/QĐ-UBND lacks the code of its type (KH) — check the type or the number"),
    ("number with spaces", GOOD.replace("6766/KH-UBND", "6766 / KH-UBND"),
     f"{F}:2: number: '6766 / KH-UBND' is not a document number — write it as printed with no spaces: 6766/KH-UBND, 40-CT/TW, 100/2024/NĐ-CP"),
    ("required field missing", GOOD.replace("text: full\n", ""),
     f"{F}:1: missing required field 'text' — add 'text:'"),
    ("text status outside the list", GOOD.replace("text: full", "text: partial"),
     f"{F}:6: text: 'partial' is not one of full, excerpt, none — use one of full, excerpt, none"),
    ("clause label with punctuation", GOOD.replace('label: "1"', 'label: "1."'),
     f"{F}:11: clauses[0].children[0].label: '1.' is not a clause label — write the label as printed without punctuation: I, 1, a, - or +"),
    ("repeated sibling label", GOOD.replace('        text: Mục đích\n', '        text: Mục đích\n      - label: "1"\n        text: Lần nữa\n'),
     f"{F}:13: clauses[0].children[1].label: label '1' repeats among its siblings — the first '1' is item 1; renumber or nest"),
    ("empty clause", GOOD.replace('        text: Mục đích\n', '        text: Mục đích\n      - label: "2"\n'),
     f"{F}:13: clauses[0].children[1]: clause has no heading, text or children — add its text or delete it"),
    ("clause path that does not exist", GOOD + "targets:\n  - {indicator: x, value: 5, unit: '%', clause: II.9}\n",
     f"{F}:17: targets[0].clause: no clause 'II.9' in this record — write a clause path such as II.3.b"),
    ("year segment disagreeing with the date", GOOD.replace('"2016-05-05"', '"2017-05-05"'),
     f"{F}:4: date: id has year '2016' but the record's year is '2017' — move the file to data/documents/ubnd-thanh-hoa/2017/6766-kh-ubnd.yaml"),
    ("number disagreeing with the id", GOOD.replace("6766/KH-UBND", "6767/KH-UBND"),
     f"{F}:2: number: id ends in '6766-kh-ubnd' but number 6767/KH-UBND gives '6767-kh-ubnd' — rename the file to 6767-kh-ubnd.yaml"),
    ("value of the wrong kind", GOOD + "targets:\n  - {indicator: x, value: '5%', unit: '%'}\n",
     f"{F}:17: targets[0].value: expected a number, got '5%' — write 0.39 with a dot, without the unit"),
    ("unquoted number as a title", GOOD.replace("title: Triển khai thực hiện Chỉ thị số 40-CT/TW", "title: 2016"),
     f"{F}:5: title: expected text, got the number 2016"),
    ("a list where a mapping belongs", "- type: ke-hoach\n",
     f"{F}:1: a record must be a mapping of fields (type: …, number: …) — see docs/dong-gop/dinh-dang.md for the format"),
    ("aliases", GOOD + "x: &a [1]\ny: *a\n",
     f"{F}:16: anchors and aliases (&name / *name) are not allowed in records — write the value out in full"),
    ("duplicate key", GOOD.replace("text: full", "text: full\ntext: none"),
     f"{F}:7: key 'text' appears twice — keep one of them"),
    ("non-http source link", GOOD + "source: {kind: press, url: 'javascript:alert(1)'}\n",
     f"{F}:16: source.url: 'javascript:alert(1)' is not an http(s) address — give an http:// or https:// URL"),
    ("blank number with no note", GOOD.replace("number: 6766/KH-UBND", "number: null"),
     f"{F}:2: number: number is null but no note says why — add a note with field: number (e.g. 'Số: /UBND-TH' printed blank)"),
]


@pytest.mark.parametrize("why,text,expected", CASES, ids=[c[0] for c in CASES])
def test_bad_record_gets_exact_message(tree: Path, why: str, text: str, expected: str) -> None:
    write(tree, GOOD_ID, text)
    assert expected in messages(tree)


def test_good_record_has_no_problem(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD)
    assert messages(tree) == []


def test_python_tag_is_refused_and_never_executed(tree: Path) -> None:
    marker = tree / "executed"
    write(tree, GOOD_ID, GOOD + f'x: !!python/object/apply:os.system ["touch {marker}"]\n')
    assert (f"{F}:16: tag tag:yaml.org,2002:python/object/apply:os.system is not allowed; "
            "records hold plain text, numbers and lists — remove the tag") in messages(tree)
    assert not marker.exists()


def test_invalid_utf8_is_named_with_its_line(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD.encode() + b"note: caf\xe9\n")
    assert f"{F}:16: not valid UTF-8 (byte 0xe9 at offset {len(GOOD.encode()) + 9}) — re-save the file as UTF-8" in messages(tree)


def test_binary_file_is_refused(tree: Path) -> None:
    write(tree, GOOD_ID, b"\x00\x01\x02PNG")
    assert f"{F}: binary file (NUL bytes), not YAML text — save the record as UTF-8 text" in messages(tree)


def test_oversized_file_is_refused_before_parsing(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD + "preamble:\n  - " + "x" * 600_000 + "\n")
    assert any("over the 524,288-byte limit" in m for m in messages(tree))


def test_alias_bomb_fails_fast(tree: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9))
    write(tree, GOOD_ID, bomb)
    assert any("anchors and aliases" in m for m in messages(tree))


@pytest.mark.parametrize("nesting,line", [
    ("x: " + "[" * 100_000 + "]" * 100_000 + "\n", 16),                   # libyaml's composer would crash on it
    ("x:\n" + "".join(" " * i + "- y:\n" for i in range(0, 80, 2)), 49),   # later stages walk the tree recursively
], ids=["flow", "block"])
def test_deep_nesting_is_refused_without_crashing(tree: Path, nesting: str, line: int) -> None:
    write(tree, GOOD_ID, GOOD + nesting)
    assert (f"{F}:{line}: values nested more than 64 levels deep — a record's clauses nest a few levels; "
            "flatten the structure") in messages(tree)


def test_bom_is_a_warning_and_the_record_still_loads(tree: Path) -> None:
    write(tree, GOOD_ID, b"\xef\xbb\xbf" + GOOD.encode())
    assert messages(tree) == [f"{F}:1: warning: file starts with a byte-order mark (BOM) — save as UTF-8 without BOM"]


def test_nfd_text_is_a_warning(tree: Path) -> None:
    import unicodedata
    write(tree, GOOD_ID, unicodedata.normalize("NFD", GOOD))
    assert f"{F}:5: warning: text is not in Unicode NFC (decomposed accents) — it is normalised on load; re-save the file in NFC" in messages(tree)


def test_zero_width_character_is_a_warning(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD.replace("Mục đích", "Mục\u200b đích"))
    assert f"{F}:12: warning: clauses[0].children[0].text: contains invisible characters U+200B — delete them" in messages(tree)


def test_uppercase_id_is_refused(tree: Path) -> None:
    write(tree, "UBND-thanh-hoa/2016/6766-kh-ubnd", GOOD)
    assert ("data/documents/UBND-thanh-hoa/2016/6766-kh-ubnd.yaml:1: id 'UBND-thanh-hoa/2016/6766-kh-ubnd' has "
            "capital letters — rename the file to data/documents/ubnd-thanh-hoa/2016/6766-kh-ubnd.yaml") in messages(tree)


def test_same_document_twice_is_refused(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD)
    write(tree, "ubnd-thanh-hoa/2016/6766-kh-ubnd-copy", GOOD)
    found = messages(tree)
    assert any("already has this issuer, number and year" in m for m in found)


def test_symlink_out_of_data_is_refused(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.yaml"
    outside.write_text(GOOD)
    link = tree / "data" / "documents" / "ubnd-thanh-hoa" / "2016" / "6766-kh-ubnd.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)
    assert (f"{F}: symbolic link leading out of data/documents — replace the link with the record file itself"
            in messages(tree))


def test_every_problem_is_reported_at_once(tree: Path) -> None:
    bad = GOOD.replace("type: ke-hoach", "type: ke-hoac").replace("title:", "tittle:")
    write(tree, GOOD_ID, bad)
    write(tree, "ban-bi-thu/2014/41-ct-tw", TARGET.replace("40-CT/TW", "41-CT/TW").replace('"2014-11-22"', '"22/11/2014"'))
    found = messages(tree)
    assert len(found) >= 3


def run_validate(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "build_tools", "validate", "--root", str(root), *extra],
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


def test_validate_command_passes_on_the_landed_data() -> None:
    result = run_validate(ROOT)
    assert result.returncode == 0, result.stderr
    assert ", 0 errors," in result.stdout


def test_validate_command_fails_once_naming_file_and_line(tree: Path) -> None:
    write(tree, GOOD_ID, GOOD.replace("type: ke-hoach", "type: ke-hoac"))
    result = run_validate(tree)
    assert result.returncode == 1
    assert f"{F}:1: type: unknown document type 'ke-hoac'" in result.stderr
    assert result.stdout.strip().endswith(result.stdout.strip().splitlines()[-1])
    assert "1 errors" in result.stdout


def test_strict_fails_on_warnings(tree: Path) -> None:
    write(tree, GOOD_ID, b"\xef\xbb\xbf" + GOOD.encode())
    assert run_validate(tree).returncode == 0
    assert run_validate(tree, "--strict").returncode == 1
