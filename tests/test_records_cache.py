"""Loading fast and loading again: the line reader and what load_corpus remembers.

Two contracts. yamlio's line reader (`_read_block`) either gives up or gives
exactly what libyaml's composer gives for the same text: the same values, of
the same types, with the same lines. And a second `load_corpus` in the same
process returns the very objects of the first for every unchanged file, sees
every change, and still runs the checks across records.
"""

from __future__ import annotations

import os
import random
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from build_tools import records, synthetic, yamlio
from build_tools.records import InvalidCorpus, build_corpus, load_corpus, read_data
from build_tools.validate import check
from build_tools.vietnamese import ZERO_WIDTH, invisible_characters

ROOT = Path(__file__).resolve().parents[1]


# --- the line reader gives what libyaml gives ---------------------------------------------

def same_as_libyaml(text: str) -> bool:
    """True when the line reader took the text; either way nothing differs from libyaml."""
    fast = yamlio._read_block(text)
    if fast is None:
        return False
    assert repr(fast) == repr(yamlio.read_with_libyaml(text)), text    # repr: 1 is not True, nor 1.0
    return True


# (text, does the line reader take it): each row checks the values and lines against libyaml.
READER_CASES = [
    # the shapes every record has
    ("type: ke-hoach\nnumber: 6766/KH-UBND\n", True),
    ('date: "2016-05-05"\nlabel: \'I\'\n', True),
    ("clauses:\n- label: '1'\n  text: a\n  children:\n  - label: '-'\n    text: b\n- label: '2'\n", True),
    ("clauses:\n  - label: a\n    children:\n      - text: b\n  - text: c\nnotes: x\n", True),
    ("signer:\n  name: Lê Thị Thìn\n  title: PHÓ CHỦ TỊCH\nsource:\n  kind: official\n", True),
    ("- type: ke-hoach\n", True),                              # a list: the validator says it is no record
    # plain scalars YAML reads as something else than text: same tag and value as libyaml
    ("a: yes\nb: No\nc: ~\nd: null\ne:\nf: 12\ng: 1_000\nh: 0x1F\ni: 1:30\nj: .inf\nk: 3.5\nl: 2016-05-05\n", True),
    ("a: 2001-12-14t21:59:43.10-05:00\nb: '12'\nc: \"true\"\n", True),
    # quoting: '' inside single quotes; double quotes without escapes
    ("a: 'it''s'\nb: \"say 'x'\"\nc: ''\nd: \"\"\n", True),
    # Vietnamese text, curly quotes, TK&VV, URLs, numbers with slashes
    ("a: “Thấu hiểu lòng dân”, TK&VV; 40-CT/TW (năm 2014)\nb: https://x.vn/a?b=c#d\n", True),
    # layout: comments, blank lines, CR LF, extra spaces, a list at its key's column
    ("# head\n\na:   b   \n  # inside\nc:\n- 1\n-   2\nd: e\n", True),
    ("a: b\r\nc:\r\n  - d\r\n", True),
    # decomposed accents: values normalised to NFC, as libyaml's reading does
    (unicodedata.normalize("NFD", "title: Thanh Hoá\n"), True),
    # left to libyaml: flow style, tags, anchors, block and multi-line scalars, escapes, tabs ...
    ("a: {b: 1}\n", False),
    ("a: [1, 2]\n", False),
    ("a: !!str 1\n", False),
    ("a: &x 1\nb: *x\n", False),
    ("a: |\n  b\n", False),
    ("a: b\n  c\n", False),
    ('a: "b\\nc"\n', False),
    ("a: b # comment\n", False),
    ("a:\tb\n", False),
    ("a: b\u200bc\n", False),
    ("a: b\rc\n", False),
    ("a: b\x85c\n", False),
    ("a: =\n", False),
    ("<<: {a: 1}\n", False),
    ("---\na: b\n", False),
    ("a: b\n---\nc: d\n", False),
    ("'a': b\n", False),
    ("a b: c\n", False),
    ("a:b\n", False),
    ("a: b: c\n", False),
    ("a: b:\n", False),
    ("a: 1\na: 2\n", False),
    ("a:\n  - b\n  c: d\n", False),
    ("a: b\n c: d\n", False),
    ("- a\nb: c\n", False),
    ("-\n  a: b\n", False),
    ("- - a\n", False),
    ("", False),
    ("# only a comment\n", False),
    ("just text\n", False),
]


@pytest.mark.parametrize("text,fast", READER_CASES, ids=[repr(c[0])[:40] for c in READER_CASES])
def test_line_reader_gives_what_libyaml_gives(text: str, fast: bool) -> None:
    try:
        took = same_as_libyaml(text)
    except yamlio.YamlError:            # only libyaml's reading raises
        took = False
    assert took == fast
    if not fast:                        # and parse() gives libyaml's result or error
        try:
            expected: object = yamlio.read_with_libyaml(text)
        except yamlio.YamlError as exc:
            with pytest.raises(yamlio.YamlError) as got:
                yamlio.parse(text)
            assert (got.value.message, got.value.line, got.value.hint) == (exc.message, exc.line, exc.hint)
        else:
            loaded = yamlio.parse(text)
            assert repr((loaded.data, loaded.lines)) == repr(expected)


NAMES = ["type", "text", "label", "children", "title", "number"]
ODD_NAMES = ["yes", "null", "On", "x_1", "1a", "a b", "<<", "'q'"]
PLAIN = ["abc", "tín dụng chính sách", "Thanh Hóa", "x y z", "40-CT/TW", "2016-05-05", "(1)", "“q”", "TK&VV",
         "yes", "No", "~", "null", "1", "0x1F", "0o17", "017", "1_000", "1:30", "3.5", ".inf", ".NaN", "1e3",
         "2016-05", "2001-12-14t21:59:43.10-05:00", "a:b", "a#b", "x'y", 'x"y', "e\u0301"]
ODD = ["-1", "+2", "=", "<<", "a: b", "a #b", "- a", "-a", "#x", "it''s", "&a", "*a", "!t", "|", ">", "[a]",
       "{a: 1}", "a, b", "?x", ":x", "%x", "@x", "`x", "a:", " a", "a ", "x\ty", "...", "---", "a\\nb", "\\",
       "\u200bx", "", "-", "."]
ALPHABET = "aĐế 09:#'\"-[]{},&*!|>%@`?~=<._\t\r\xa0\u200b\u0301\ufeff\x85\u2028\\/\n"


@st.composite
def scalars(draw: st.DrawFn, wild: bool) -> str:
    if wild:
        text = draw(st.one_of(st.sampled_from(PLAIN), st.sampled_from(ODD), st.text(alphabet=ALPHABET, max_size=10)))
    else:
        words = st.text(alphabet="abcĐếộ 0123456789.,/()-", min_size=1, max_size=10).map(str.strip)
        text = draw(st.one_of(st.sampled_from(PLAIN), words.filter(lambda t: t[:1].isalnum())))
    style = draw(st.sampled_from(["plain", "plain", "single"] + (["double"] if wild or '"' not in text else [])
                                 + (["single unescaped"] if wild else [])))
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return f'"{text}"'
    return f"'{text}'" if style == "single unescaped" else text


def mappings(depth: int, wild: bool) -> st.SearchStrategy[object]:
    entry = st.tuples(st.sampled_from(NAMES * 3 + ODD_NAMES if wild else NAMES), nodes(depth - 1, wild))
    if wild:                            # a name twice is for libyaml to report
        return st.lists(entry, min_size=1, max_size=4).map(lambda m: ("map", m))
    return st.lists(entry, min_size=1, max_size=4, unique_by=lambda kv: kv[0]).map(lambda m: ("map", m))


def nodes(depth: int, wild: bool) -> st.SearchStrategy[object]:
    if depth == 0:
        return scalars(wild)
    items = nodes(depth - 1, wild) if wild or depth == 1 else st.one_of(scalars(wild), mappings(depth - 1, wild))
    return st.one_of(scalars(wild), mappings(depth, wild),
                     st.lists(items, min_size=1, max_size=4).map(lambda s: ("seq", s)))


def render(node: object, indent: int, out: list[str], r: random.Random, wild: bool, lead: str | None = None) -> None:
    """Block YAML for node; lead: what the line already holds (an item's '- ')."""
    pad = " " * indent
    pick = r.choice if wild else (lambda options: options[0])
    if isinstance(node, tuple) and node[0] == "map":
        for i, (key, value) in enumerate(node[1]):
            start = lead if i == 0 and lead is not None else pad
            if isinstance(value, tuple):
                out.append(f"{start}{key}:" + pick(["", "", " "]))
                step = r.choice([0, 2, 4] if value[0] == "seq" else [2, 4]) + (pick([0, 0, 1]))
                render(value, indent + step, out, r, wild)
            else:
                out.append(f"{start}{key}:{pick([' ', ' ', '  ', ''])}{value}{pick(['', '', ' ', ' # c'])}")
    elif isinstance(node, tuple):
        for item in node[1]:
            dash = pick(["- ", "- ", "-  ", "-"])
            if isinstance(item, tuple) and item[0] == "map":
                render(item, indent + len(dash), out, r, wild, lead=pad + dash)
            elif isinstance(item, tuple):
                out.append(pad + dash.rstrip())
                render(item, indent + 2, out, r, wild)
            else:
                out.append(f"{pad}{dash}{item}")
    else:
        out.append(f"{lead or pad}{node}")


@st.composite
def block_texts(draw: st.DrawFn, wild: bool) -> str:
    """A record-like mapping in block style; wild: with odd names, characters and lines."""
    r = random.Random(draw(st.integers(0, 2**32)))
    top = draw(mappings(4, wild))
    out: list[str] = []
    render(top, draw(st.sampled_from([0, 0, 0, 1, 2])), out, r, wild)
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3] if wild else [0]))):
        i = r.randrange(len(out))
        change = r.choice(["deeper", "shallower", "drop", "twice", "comment", "blank", "tail", "swap"])
        if change == "deeper":
            out[i] = " " + out[i]
        elif change == "shallower" and out[i].startswith(" "):
            out[i] = out[i][1:]
        elif change == "drop" and len(out) > 1:
            del out[i]
        elif change == "twice":
            out.insert(i, out[i])
        elif change == "comment":
            out.insert(i, " " * r.randrange(4) + "# note")
        elif change == "blank":
            out.insert(i, " " * r.randrange(3))
        elif change == "tail":
            out[i] += r.choice([" # x", ":", " :", "  ", "\t", " x", "'"])
        elif change == "swap" and i + 1 < len(out):
            out[i], out[i + 1] = out[i + 1], out[i]
    newline = draw(st.sampled_from(["\n", "\n", "\r\n"]))
    return newline.join(out) + draw(st.sampled_from(["", newline]))


@pytest.mark.parametrize("wild", [False, True], ids=["record-like text", "broken text"])
@settings(suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_line_reader_agrees_with_libyaml(wild: bool, data: st.DataObject) -> None:
    text = data.draw(block_texts(wild))
    try:
        event("line reader" if same_as_libyaml(text) else "libyaml")
    except yamlio.YamlError as exc:
        pytest.fail(f"the line reader took a text libyaml refuses ({exc.message}): {text!r}")


def test_line_reader_takes_every_record_as_written(tmp_path: Path) -> None:
    """The landed records and generated ones, as the ingest tool and maintainers write them."""
    synthetic.generate(tmp_path / "p", 40, 5, source=ROOT)
    files = [*(ROOT / "data" / "documents").rglob("*.yaml"), *(tmp_path / "p" / "data" / "documents").rglob("*.yaml")]
    assert len(files) > 50
    for path in files:
        assert same_as_libyaml(yamlio.read_text(path)[0]), path


def test_line_reader_refuses_every_character_it_cannot_vouch_for() -> None:
    """Control, zero-width and line-break characters go to libyaml, so no value the line reader
    builds holds an invisible character (Loaded.invisible_free); and str.isprintable() is a
    sound first test for a line (every refused character is unprintable for Python)."""
    refused = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000 and yamlio._UNREADABLE.match(chr(c))]
    assert not any(c.isprintable() for c in refused)
    for c in set(ZERO_WIDTH) | {chr(c) for c in range(0x100) if invisible_characters(chr(c))} | {"\u2028", "\x85"}:
        assert c == "\n" or c in refused, hex(ord(c))
        assert yamlio._read_block(f"a: b{c}d\n") is None


# --- load_corpus remembers --------------------------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the landed data/ (reference files and records)."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    records.forget_loads()
    yield tmp_path
    records.forget_loads()


THANH_HOA = "data/documents/ubnd-thanh-hoa/2016/6766-kh-ubnd.yaml"
CHI_THI_40 = "ban-bi-thu/2014/40-ct-tw"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_objects(a: dict[str, object], b: dict[str, object]) -> set[str]:
    return {k for k in a if k in b and a[k] is b[k]}


def test_a_second_load_returns_the_same_objects(project: Path) -> None:
    first, second = load_corpus(project), load_corpus(project)
    assert same_objects(first.documents, second.documents) == set(first.documents)
    assert same_objects(first.organizations, second.organizations) == set(first.organizations)
    assert same_objects(first.provinces, second.provinces) == set(first.provinces)
    assert first.vocabulary is second.vocabulary
    assert first.documents is not second.documents       # each corpus its own dicts: consumers may fill them


def test_after_one_edit_only_that_document_is_new(project: Path) -> None:
    first = load_corpus(project)
    edit(project, THANH_HOA, "place: Thanh Hóa", "place: Thành phố Thanh Hóa")
    second = load_corpus(project)
    changed = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
    assert same_objects(first.documents, second.documents) == set(first.documents) - {changed}
    assert second.documents[changed].place == "Thành phố Thanh Hóa"
    assert first.vocabulary is second.vocabulary


def test_the_loaded_corpus_is_what_a_fresh_read_builds(project: Path) -> None:
    load_corpus(project)
    edit(project, THANH_HOA, "place: Thanh Hóa", "place: Thành phố Thanh Hóa")
    again = load_corpus(project)
    fresh = build_corpus(read_data(project))
    assert again.documents == fresh.documents
    assert [d.raw for d in again.documents.values()] == [d.raw for d in fresh.documents.values()]
    assert (again.organizations, again.provinces, again.vocabulary) == (fresh.organizations, fresh.provinces,
                                                                        fresh.vocabulary)


def test_a_reference_file_change_keeps_the_documents_and_is_checked_again(project: Path) -> None:
    first = load_corpus(project)
    edit(project, "data/organizations.yaml", "id: ubnd-thanh-hoa", "id: ubnd-tinh-thanh-hoa")
    with pytest.raises(InvalidCorpus) as failed:
        load_corpus(project)
    assert any(p.file == THANH_HOA and "unknown organization 'ubnd-thanh-hoa'" in p.message
               for p in failed.value.problems)
    edit(project, "data/organizations.yaml", "id: ubnd-tinh-thanh-hoa", "id: ubnd-thanh-hoa")
    again = load_corpus(project)
    assert same_objects(first.documents, again.documents) == set(first.documents)
    assert first.vocabulary is again.vocabulary


def test_checks_across_records_run_on_every_load(project: Path) -> None:
    load_corpus(project)
    target = project / "data" / "documents" / f"{CHI_THI_40}.yaml"
    kept = target.read_bytes()
    target.unlink()                     # records relating to it are unchanged, and now wrong
    with pytest.raises(InvalidCorpus) as failed:
        load_corpus(project)
    assert any(f"no record '{CHI_THI_40}'" in p.message for p in failed.value.problems)
    target.write_bytes(kept)
    copy = project / "data" / "documents" / "ban-bi-thu" / "2014" / "40-ct-tw-copy.yaml"
    copy.write_bytes(kept)              # the same document twice
    with pytest.raises(InvalidCorpus) as failed:
        load_corpus(project)
    assert any("already has this issuer, number and year" in p.message for p in failed.value.problems)
    copy.unlink()
    assert CHI_THI_40 in load_corpus(project).documents


def test_problems_of_unchanged_files_are_reported_on_every_load(project: Path) -> None:
    path = project / THANH_HOA
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())      # a warning: fails only in strict mode
    raw = read_data(project)
    expected = [str(p) for p in raw.problems + check(raw)]
    assert expected
    for _ in range(2):
        with pytest.raises(InvalidCorpus) as failed:
            load_corpus(project, strict=True)
        assert [str(p) for p in failed.value.problems] == expected
    assert THANH_HOA.split("/", 2)[2].removesuffix(".yaml") in load_corpus(project).documents


def test_an_edit_that_keeps_size_and_times_is_still_seen(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a file system with 2-second timestamps and no change time, a rewrite within the
    same two seconds changes no stamp: the bytes of a file read so soon after it was written
    are compared."""
    coarse = records._stamp

    def two_second_stamp(path: str | Path) -> records.Stamp | None:
        stamp = coarse(path)
        return None if stamp is None else stamp[:3] + (stamp[3] // 2_000_000_000 * 2_000_000_000, 0)

    monkeypatch.setattr(records, "_stamp", two_second_stamp)
    path = project / THANH_HOA
    edit(project, THANH_HOA, "place: Thanh Hóa", "place: Thanh Hoá")      # written just before the load
    first = load_corpus(project)
    written = os.stat(path)
    edit(project, THANH_HOA, "place: Thanh Hoá", "place: Thanh Hòa")      # same length in UTF-8
    os.utime(path, ns=(written.st_atime_ns, written.st_mtime_ns))         # and the same time
    second = load_corpus(project)
    assert second.documents["ubnd-thanh-hoa/2016/6766-kh-ubnd"].place == "Thanh Hòa"
    assert len(same_objects(first.documents, second.documents)) == len(first.documents) - 1


def test_a_root_spelled_two_ways_is_one_project(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_corpus(project)
    monkeypatch.chdir(project)
    second = load_corpus(Path("."))
    assert second.root == "."
    assert same_objects(first.documents, second.documents) == set(first.documents)


def test_forget_loads_reads_everything_again(project: Path) -> None:
    first = load_corpus(project)
    records.forget_loads()
    assert not same_objects(first.documents, load_corpus(project).documents)


# --- the read-ahead child -------------------------------------------------------------------

@pytest.fixture
def read_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child reads its share even of the five seed records, whatever threads earlier tests left."""
    from build_tools import background
    monkeypatch.setattr(records, "READ_AHEAD_FROM", 2)
    monkeypatch.setattr(background, "can_fork", lambda: True)


def test_records_read_by_the_child_load_as_read_here(project: Path, read_ahead: None) -> None:
    forked = load_corpus(project)
    fresh = build_corpus(read_data(project))
    assert forked.documents == fresh.documents
    assert [d.raw for d in forked.documents.values()] == [d.raw for d in fresh.documents.values()]
    assert [d.digest for d in forked.documents.values()] == [d.digest for d in fresh.documents.values()]
    assert same_objects(forked.documents, load_corpus(project).documents) == set(forked.documents)


def test_problems_in_the_childs_share_keep_their_files_and_lines(project: Path, read_ahead: None) -> None:
    last = sorted(records.record_files(project))[-1]            # the child reads the last files
    text = last.read_text(encoding="utf-8")
    last.write_text(text.replace("type:", "type: [", 1), encoding="utf-8")
    rel = records.relative(last, project)
    raw = read_data(project)
    expected = [str(p) for p in raw.problems + check(raw) if p.file == rel]
    assert expected
    with pytest.raises(InvalidCorpus) as failed:
        load_corpus(project)
    assert [str(p) for p in failed.value.problems if p.file == rel] == expected


def test_a_failed_child_leaves_its_share_to_this_process(project: Path, read_ahead: None,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(files: object, root: object) -> None:
        raise RuntimeError("the child broke")
    monkeypatch.setattr(records, "_read_records", broken)
    assert load_corpus(project).documents == build_corpus(read_data(project)).documents
