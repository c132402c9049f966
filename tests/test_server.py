"""`python -m build_tools serve`: the real waitress server on a loopback port.

A tiny built site and a small index in a temporary root; every hostile request
of the table gets a 4xx JSON answer or a normal result, never a 5xx; every
response carries the security headers; 8 clients x 100 queries get no error;
SIGTERM stops the server cleanly.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.search import update_index
from build_tools.server import App, Rebuilder, csp, inline_script_hashes, server_load_test
from tests.test_search import small_corpus

ROOT = Path(__file__).resolve().parent.parent
INLINE = "var palette=1;"
PAGE = f"""<!doctype html><html><head><meta charset="utf-8">
<script>{INLINE}</script>
<script id="__config" type="application/json">{{"x": 1}}</script>
<script src="assets/app.js"></script></head><body><h1>Trang chủ</h1></body></html>"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_root(base: Path) -> Path:
    root = base / "root"
    (root / "data").mkdir(parents=True)
    site = root / "site"
    (site / "assets").mkdir(parents=True)
    (site / "van-ban" / "x").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "404.html").write_text("<!doctype html><title>404</title><h1>Không tìm thấy</h1>", encoding="utf-8")
    (site / "assets" / "app.js").write_text("console.log(1);", encoding="utf-8")
    (site / "assets" / "style.css").write_text("body{}", encoding="utf-8")
    (site / "van-ban" / "x" / "index.html").write_text("<!doctype html><p>văn bản</p>", encoding="utf-8")
    (site / ".hidden").write_text("hidden", encoding="utf-8")
    (base / "secret.txt").write_text("SECRET-OUTSIDE", encoding="utf-8")
    os.symlink(base, site / "link-out")
    update_index(small_corpus(), root / ".index")
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path, subprocess.Popen[str]]]:
    root = make_root(tmp_path_factory.mktemp("serve"))
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--root", str(root),
                             "--port", str(port), "--no-watch"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line, line + (proc.stderr.read() if proc.stderr else "")
    try:
        yield port, root, proc
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


def get(port: int, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """Send path exactly as given (no client-side normalisation of '..')."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        conn.endheaders()
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def q(text: str, **params: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": text, **params})


HOSTILE = [
    # (request path, expected status) — 200 means a normal result is fine
    (q(""), 400),                                   # empty query
    (q("   "), 400),                                # blank query
    (q("ủy thác " * 2500), 400),                    # a 20,000-character query
    (q('"ủy thác'), 200),                           # unbalanced quote: closed at the end
    (q("x", limit="abc"), 400),                     # limit not a number
    (q("x", limit="-1"), 400),
    (q("x", limit="101"), 400),                     # over the cap
    (q("x", limit="99999999999999999999"), 400),
    (q("*:*"), 400),                                # no searchable words
    ("/api/search?q=%00", 400),                     # NUL
    ("/api/search?q=a%00b", 400),
    ("/api/search?q=%C3%28", 400),                  # invalid UTF-8
    (q("x", foo="1"), 400),                         # unknown parameter
    ("/api/search?q=x&q=y", 400),                   # a parameter twice
    (q("x", type="<script>"), 400),                 # unknown filter value
    (q("x", province="../../etc"), 400),
    (q("x", year_from="20x6"), 400),
    (q("x", year_from="2020", year_to="2010"), 400),
    (q("x", sort="name"), 400),
    (q("x", offset="5000"), 400),
    (q("loai:ke-hoach nam:abc"), 400),
    (q("loai:ke-hoach"), 200),                      # filters only: newest first
    (q("' OR 1=1 --"), 200),                        # just words
    (q("{{7*7}} <script>alert(1)</script>"), 200),
    (q("40-CT/TW"), 200),
    ("/api/search", 400),                           # no q at all
    ("/api/nothing", 404),
    ("/api/search?" + "a" * 5000, 400),             # an over-long query string
]


@pytest.mark.parametrize("path, status", HOSTILE, ids=[p[:60] for p, _ in HOSTILE])
def test_hostile_requests_get_4xx_json_or_a_result(server: tuple[int, Path, object], path: str,
                                                   status: int) -> None:
    port = server[0]
    got, headers, body = get(port, path)
    assert got == status, body[:300]
    assert headers["content-type"].startswith("application/json")
    payload = json.loads(body)
    if status >= 400:
        assert payload["status"] == status and payload["error"]
    else:
        assert isinstance(payload, list)


TRAVERSAL = [
    "/../../etc/passwd",
    "/%2e%2e/%2e%2e/etc/passwd",
    "/..%2f..%2fsecret.txt",
    "/%2E%2E/secret.txt",
    "/..%5c..%5csecret.txt",
    "/%252e%252e/secret.txt",
    "/link-out/secret.txt",                         # a symlink leading out of site/
    "/.hidden",
    "/assets/%00app.js",
    "/" + "a/" * 600,
]


@pytest.mark.parametrize("path", TRAVERSAL)
def test_static_files_stay_inside_site(server: tuple[int, Path, object], path: str) -> None:
    status, headers, body = get(server[0], path)
    assert 400 <= status < 500
    assert b"SECRET-OUTSIDE" not in body and b"root:" not in body and b"hidden" not in body


def test_static_files_have_types_and_folders_their_index(server: tuple[int, Path, object]) -> None:
    port = server[0]
    status, headers, body = get(port, "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8" and "Trang chủ".encode() in body
    assert get(port, "/assets/app.js")[1]["content-type"].startswith("text/javascript")
    assert get(port, "/assets/style.css")[1]["content-type"].startswith("text/css")
    status, headers, _ = get(port, "/van-ban/x")
    assert status == 301 and headers["location"] == "/van-ban/x/"
    assert get(port, "/van-ban/x/")[0] == 200
    status, headers, body = get(port, "/khong-co/")
    assert status == 404 and "Không tìm thấy".encode() in body     # the site's 404 page
    assert get(port, "/", method="HEAD")[0] == 200
    status, _, body = get(port, "/", method="POST")
    assert status == 405 and json.loads(body)["status"] == 405


@pytest.mark.parametrize("path", ["/", "/assets/app.js", "/khong-co", q("tín dụng"), q(""), "/api/build"])
def test_security_headers_on_every_response(server: tuple[int, Path, object], path: str) -> None:
    headers = get(server[0], path)[1]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_page_csp_allows_exactly_its_inline_scripts(server: tuple[int, Path, object]) -> None:
    policy = get(server[0], "/")[1]["content-security-policy"]
    digest = base64.b64encode(hashlib.sha256(INLINE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in policy
    assert policy.count("'sha256-") == 1            # the JSON config block is data, not code
    assert inline_script_hashes(PAGE) == [f"'sha256-{digest}'"]
    assert "'sha256-" not in csp()


def test_search_api_matches_the_cli_contract(server: tuple[int, Path, object]) -> None:
    status, headers, body = get(server[0], q("tín dụng đen", limit="5"))
    hits = json.loads(body)
    assert status == 200 and hits[0]["document"] == "ubnd-vinh-phuc/2021/12-kh-ubnd"
    assert {"document", "number", "type", "issuer", "date", "title", "clause", "url", "score",
            "snippet"} <= set(hits[0])
    assert int(headers["x-total-count"]) >= len(hits)
    status, headers, body = get(server[0], q("tín dụnq"))
    assert urllib.parse.unquote(headers["x-suggestion"]) == "tín dụng"
    filters = json.loads(get(server[0], "/api/filters")[2])
    assert filters["types"]["ke-hoach"] == "Kế hoạch"


def test_build_id_changes_when_the_site_is_rebuilt(server: tuple[int, Path, object]) -> None:
    port, root = server[0], server[1]
    first = json.loads(get(port, "/api/build")[2])["build"]
    assert first == json.loads(get(port, "/api/build")[2])["build"]
    page = root / "site" / "index.html"
    page.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(page, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert json.loads(get(port, "/api/build")[2])["build"] != first


def test_load_8_clients_100_queries_no_error(server: tuple[int, Path, object]) -> None:
    result = server_load_test(server[0], clients=8, requests=100)
    print(f"\nload: {result['requests']} requests, p50 {result['p50_ms']} ms, p95 {result['p95_ms']} ms, "
          f"{result['errors']} errors in {result['seconds']} s")
    assert result["requests"] == 800 and result["errors"] == 0, result["error_samples"]


def test_sigterm_stops_the_server_gracefully(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "build_tools", "serve", "--root", str(root),
                             "--port", str(port), "--no-watch"], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert "Serving" in proc.stdout.readline()
    assert get(port, q("tín dụng"))[0] == 200
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 0, err
    assert "server stopped" in out


def test_missing_index_is_503_json(tmp_path: Path) -> None:
    app = App(tmp_path)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/api/search", "QUERY_STRING": "q=x"}
    seen: list[str] = []
    body = b"".join(app(environ, lambda status, headers: seen.append(status)))
    assert seen == ["503 Service Unavailable"] and json.loads(body)["status"] == 503


@pytest.mark.parametrize("rel, relevant", [
    ("data/documents/a/2016/x.yaml", True),       # a record
    ("data/organizations.yaml", True),
    ("docs/tim-kiem/index.md", True),             # hand-written docs
    ("mkdocs.yml", True),
    ("docs/van-ban/a/index.md", False),           # generated by the build itself
    ("docs/duyet/index.md", False),
    ("docs/du-lieu/van-ban.json", False),
    ("site/index.html", False),
    (".index/main_1.toc", False),
    ("data/documents/.x.yaml.swp", False),        # editor temp files
])
def test_watcher_ignores_what_the_build_writes(tmp_path: Path, rel: str, relevant: bool) -> None:
    assert Rebuilder(tmp_path).relevant(str(tmp_path / rel)) is relevant


def test_rebuilder_debounces_and_survives_a_failed_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[Path] = []

    def failing(root: Path) -> None:
        calls.append(root)
        raise RuntimeError("broken record")
    rebuilder = Rebuilder(tmp_path, debounce_s=0.2, build=failing)
    for _ in range(5):
        rebuilder.changed(str(tmp_path / "data" / "x.yaml"))
    time.sleep(0.8)
    assert len(calls) == 1
    assert "build failed, still serving the previous site: broken record" in capsys.readouterr().err
