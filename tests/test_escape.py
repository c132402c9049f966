"""Contributed text is text: the escaping helper over a catalogue of hostile
strings, then a whole site built from a record full of them, checked for any
active markup in the HTML MkDocs produced."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sitecheck import ROOT, build_site, html_files, parse

from build_tools import escape
from build_tools.models import (
    Abbreviation,
    Clause,
    Corpus,
    DigitalSignature,
    Document,
    Footnote,
    Note,
    Relation,
    Signer,
    Source,
    Target,
)
from build_tools.records import load_corpus

LONG_LINE = "Ngân hàng Chính sách xã hội " * 3600          # a 100,000-character line

# (hostile string, why it is in the catalogue)
HOSTILE = [
    ("<script>alert('x')</script>", "script tag"),
    ("</script><script>alert(1)</script>", "closing a script block early (JSON-LD)"),
    ('<img src=x onerror="alert(1)">', "event-handler attribute"),
    ("<svg onload=alert(1)>", "SVG event handler"),
    ('"><script>alert(1)</script>', "breaking out of a double-quoted attribute"),
    ("' onmouseover='alert(1)", "breaking out of a single-quoted attribute"),
    ("[bấm vào đây](javascript:alert(1))", "Markdown link to javascript:"),
    ("![ảnh](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "Markdown image from data:"),
    ("<javascript:alert(1)>", "Markdown autolink"),
    ("<https://evil.example/x>", "Markdown autolink to another host"),
    ("[x]: javascript:alert(1)", "Markdown reference definition"),
    ("<a href=\"javascript:alert(1)\">x</a>", "raw HTML link"),
    ("<iframe src=\"https://evil.example\"></iframe>", "frame from another host"),
    ("<style>body{display:none}</style>", "style block"),
    ("<!-- comment --> <![CDATA[x]]>", "comments and CDATA"),
    ("{{ config.site_name }} {% include 'x' %}", "template syntax"),
    ("# Tiêu đề giả\n\n- mục giả\n\n| a | b |\n|---|---|", "a record starting its own heading, list, table"),
    ("    code block\n\n```\nfence\n```", "indented and fenced code"),
    ('--8<-- "/etc/passwd"', "pymdownx.snippets include"),
    ("*[NHCSXH]: <b>giả</b>", "abbreviation definition"),
    ("<div markdown=\"1\">**x**</div>", "markdown-in-HTML switch"),
    ("graph TD; A-->B; click A \"javascript:alert(1)\"", "Mermaid diagram with a click handler"),
    ("\x00\x07\x1b[31m", "control characters"),
    ("&lt;script&gt; &#60;script&#62;", "pre-escaped entities must stay text"),
    (LONG_LINE, "a 100,000-character line"),
]

ACTIVE = re.compile(r"<(?!br>)[a-zA-Z/!?]")


@pytest.mark.parametrize("text,why", HOSTILE, ids=[w for _t, w in HOSTILE])
def test_html_escaping_leaves_no_markup(text: str, why: str) -> None:
    out = escape.html(text)
    assert not ACTIVE.search(out), why
    for ch in "\"'`[]{}*_|\\\n":
        assert ch not in out, (why, ch)
    # No newline survives (the ch loop above), so only the very start could
    # open a Markdown block if the text ever landed at the start of a line.
    assert not re.match(r"\s*(#|-|\+|\d+[.)]|\||>|```)", out), why


@pytest.mark.parametrize("text,why", HOSTILE, ids=[w for _t, w in HOSTILE])
def test_attribute_escaping_is_bounded(text: str, why: str) -> None:
    out = escape.attr(text)
    assert '"' not in out and "<" not in out and len(out) < escape.ATTRIBUTE_LIMIT * 8, why


@pytest.mark.parametrize("url,expected", [
    ("https://baothanhhoa.vn/a?b=1&c=2", "https://baothanhhoa.vn/a?b=1&amp;c=2"),  # ordinary link, & escaped
    ("http://example.vn/", "http://example.vn/"),                                   # plain http is allowed
    ("javascript:alert(1)", None),                                                  # script URL
    ("JaVaScRiPt:alert(1)", None),                                                  # case games
    (" javascript:alert(1)", None),                                                 # leading space
    ("java\tscript:alert(1)", None),                                                # tab inside the scheme
    ("data:text/html,<script>alert(1)</script>", None),                             # data URL
    ("vbscript:msgbox(1)", None),                                                   # legacy script URL
    ("//evil.example/x", None),                                                     # protocol-relative
    ("/van-ban/x/", None),                                                          # a record cannot link into the site
    ('https://x.vn/"><script>', 'https://x.vn/&quot;&gt;&lt;script&gt;'),           # quotes cannot break the href
    (None, None),                                                                   # missing
])
def test_only_http_links_leave_a_record(url: str | None, expected: str | None) -> None:
    assert escape.safe_url(url) == expected


def test_json_ld_cannot_close_its_script_element() -> None:
    data = {"name": "</script><script>alert(1)</script> & <!--"}
    out = escape.json_for_script(data)
    assert "<" not in out and ">" not in out and "&" not in out
    assert json.loads(out) == data


def test_front_matter_title_is_one_inert_yaml_string() -> None:
    import yaml
    value = escape.front_matter_string('a: b # c\n"</title><script>x</script>')
    assert yaml.safe_load(f"title: {value}")["title"].startswith("a: b # c")
    assert "<" not in value


# --- a whole site built from a hostile record ---------------------------------

def hostile_corpus() -> Corpus:
    corpus = load_corpus(ROOT)
    h = " | ".join(t for t, _w in HOSTILE if t is not LONG_LINE)
    victim = "ubnd-thanh-hoa/2016/6766-kh-ubnd"
    doc = Document(
        id="ubnd-thanh-hoa/2099/hostile", type="ke-hoach", number="1/KH-<script>", issuer="ubnd-thanh-hoa",
        date="2099-01-02", title="<script>alert('title')</script>" + h, text="full",
        editorial_title=h, place=h, signer=Signer(h, h, h), digital_signature=DigitalSignature(h, h),
        source=Source("official", publisher=h, url="javascript:alert(1)", note=h),
        preamble=('<img src=x onerror="alert(1)"> [x](javascript:alert(1))', h, LONG_LINE),
        clauses=(Clause("I", "I", h, h, (Clause("I.1", "1", None, h + "¹"),)),
                 Clause("2", None, None, "<script>alert(2)</script>")),
        closing=(h,), recipients=(h,), addressees=(h,), captions=(h,),
        footnotes=(Footnote("¹", h, "I.1"),),
        relations=(Relation("implements", victim, "I.1", note=h, evidence=h, source="ubnd-thanh-hoa/2099/hostile"),),
        targets=(Target(h, 5, h, 2030, "I", note=h),),
        notes=(Note("ocr", h, clause="I.1", original="<script>", corrected="<img src=x onerror=alert(3)>"),
               Note("editorial", h, field=h)),
        file="",
    )
    documents = dict(corpus.documents)
    documents[doc.id] = doc
    vocab = replace(corpus.vocabulary, abbreviations=corpus.vocabulary.abbreviations
                    + (Abbreviation("XSS", '<script>alert("abbr")</script>'),))
    return replace(corpus, documents=documents, vocabulary=vocab)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(hostile_corpus(), tmp_path_factory.mktemp("hostile"))


def test_hostile_record_reaches_the_site_only_as_text(hostile_site: Path) -> None:
    allowed_scripts = {"application/ld+json", "application/json"}     # data blocks, never run
    for page in html_files(hostile_site):
        parsed = parse(page)
        for tag, attrs in parsed.tags:
            rel = page.relative_to(hostile_site)
            assert tag not in ("iframe", "style", "object", "embed", "img", "image"), (rel, tag)
            if tag == "script":
                assert attrs.get("src") or attrs.get("type") in allowed_scripts, (rel, attrs)
            for name, value in attrs.items():
                assert not name.startswith("on"), (rel, tag, name)
                if name in ("href", "src", "xlink:href", "action"):
                    assert not (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")), (rel, value)
        if "hostile" in str(page.relative_to(hostile_site)):
            text = "".join(parsed.text)
            assert "<script>alert('title')</script>" in text       # shown, as text
            assert "{{ config.site_name }}" in text
            assert '--8<-- "/etc/passwd"' in text


def test_hostile_page_has_one_h1_and_no_injected_headings(hostile_site: Path) -> None:
    page = hostile_site / "van-ban" / "ubnd-thanh-hoa" / "2099" / "hostile" / "index.html"
    parsed = parse(page)
    assert [t for t, _a in parsed.tags if t == "h1"] == ["h1"]
    assert "Tiêu đề giả" not in {a.get("id", "") for _t, a in parsed.tags}
    html = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block and json.loads(block.group(1))["legislationIdentifier"] == "1/KH-<script>"


def test_hostile_exports_parse(hostile_site: Path) -> None:
    records = json.loads((hostile_site / "du-lieu" / "van-ban.json").read_text(encoding="utf-8"))
    assert any(r["id"] == "ubnd-thanh-hoa/2099/hostile" for r in records)
    feed = (hostile_site / "du-lieu" / "feed.xml").read_text(encoding="utf-8")
    import xml.dom.minidom
    xml.dom.minidom.parseString(feed)            # well-formed with hostile titles


@pytest.mark.parametrize("data", [
    {"@context": "https://schema.org", "name": "Chỉ thị <b>&</b> \"40\"", "legislationApplies": [
        {"@type": "Legislation", "name": "a</script>"}, {"name": "b", "@type": "x"}]},
    {"z": [1, 2.5, None, True, {"b": [], "a": {}}], "a": {"k": ("t", "u")}, "e": [], "f": {}},
    {2: "b", 1: "a"},
    [[["sâu"]]],
    "chuỗi\n\x01\u2028",
])
def test_json_for_script_is_the_standard_sorted_indented_json(data: object) -> None:
    """The fast writer behind JSON-LD blocks must not move a byte."""
    expected = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    assert escape.json_for_script(data) == \
        expected.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
