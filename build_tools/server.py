"""`python -m build_tools serve`: the built site and the search API on 127.0.0.1.

    GET /api/search?q=&type=&issuer=&province=&level=&year_from=&year_to=&limit=&offset=&sort=
        -> the JSON array of hits the CLI prints with --json; headers X-Total-Count
           (all matches), X-Suggestion (percent-encoded "did you mean", when any),
           X-Timed-Out: 1 when the time budget cut the search short.
        -> {"error": "...", "status": 400} for a bad request: empty or over-long
           query, unknown parameter or filter value, bad number, limit over 100.
        -> {"error": "...", "status": 503} only when there is no index yet.
    GET /api/build   -> {"build": "<id>"}: changes whenever site/ is rebuilt (live reload)
    GET /api/filters -> {"types", "issuers", "provinces", "levels"}: the search page's choices
    GET /<path>      -> a file of site/ (index.html for folders), 404 page otherwise.

Served by waitress (a production WSGI server), loopback only. No input gets a
5xx: every failure is caught, logged and answered 4xx (or 503 without index).
Every response carries the security headers; an HTML page's Content-Security-
Policy lists the sha256 of exactly the inline scripts that page holds (Material
inlines three small ones), so nothing but same-origin code runs.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import logging
import mimetypes
import re
import signal
import statistics
import sys
import threading
import time
import traceback
import urllib.parse
from collections.abc import Callable, Iterable
from email.utils import formatdate
from pathlib import Path
from typing import Any

from .search import MAX_LIMIT, IndexMissing, Searcher, SearchError
from .search_query import MAX_QUERY_CHARS

log = logging.getLogger("build_tools.server")

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

API_PARAMS = frozenset({"q", "type", "issuer", "province", "level", "year_from", "year_to",
                        "limit", "offset", "sort"})
MAX_QUERY_STRING = 4096
CACHE_SIZE = 256          # recent results kept per index generation: popular queries answer at once
INT_PARAM = re.compile(r"^\d{1,6}$")

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json", ".map": "application/json", ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".gif": "image/gif", ".ico": "image/x-icon", ".webp": "image/webp",
    ".woff": "font/woff", ".woff2": "font/woff2", ".ttf": "font/ttf",
    ".gz": "application/gzip", ".pdf": "application/pdf", ".webmanifest": "application/manifest+json",
    ".yaml": "text/plain; charset=utf-8", ".yml": "text/plain; charset=utf-8",
}

CSP_BASE = ("default-src 'self'; script-src 'self'{hashes}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("X-Frame-Options", "DENY"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
]

# An inline, executable <script> (no src, JavaScript type): its body is hashed for the CSP.
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
_NON_JS_TYPE = re.compile(r"""type\s*=\s*["']?(?!text/javascript|module|application/javascript)[\w/+-]""",
                          re.I)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-...' sources for each inline script of a page that a browser would execute."""
    out = []
    for attrs, body in _INLINE_SCRIPT.findall(html):
        if _NON_JS_TYPE.search(attrs):
            continue                      # <script type="application/json"> is data, not code
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        out.append(f"'sha256-{digest}'")
    return sorted(set(out))


def csp(hashes: Iterable[str] = ()) -> str:
    joined = "".join(" " + h for h in hashes)
    return CSP_BASE.format(hashes=joined)


class App:
    """The WSGI application: static files of root/site plus /api/search and /api/build."""

    def __init__(self, root: Path, budget_s: float = 2.0):
        self.root = Path(root).resolve()
        self.site = self.root / "site"
        self.index_dir = self.root / ".index"
        self.budget_s = budget_s
        self._searcher: Searcher | None = None
        self._lock = threading.Lock()
        self._csp_cache: dict[tuple[str, int, int], str] = {}

    # --- WSGI entry --------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            status, headers, body = self.route(environ)
        except Exception:                                  # never a 5xx: log and answer 400
            log.error("unexpected error for %s: %s", environ.get("PATH_INFO"), traceback.format_exc())
            status, headers, body = self.json_error(400, "the request could not be processed")
        headers = headers + SECURITY_HEADERS
        if not any(k == "Content-Security-Policy" for k, _ in headers):
            headers.append(("Content-Security-Policy", csp()))
        headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        if environ.get("REQUEST_METHOD") == "HEAD":
            return [b""]
        return [body]

    def route(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        path = environ.get("PATH_INFO", "/") or "/"
        if method not in ("GET", "HEAD"):
            status, headers, body = self.json_error(405, "only GET and HEAD are served")
            return status, headers + [("Allow", "GET, HEAD")], body
        if path == "/api/search":
            return self.api_search(environ.get("QUERY_STRING", ""))
        if path == "/api/build":
            return self.json(200, {"build": self.build_id()}, cache="no-store")
        if path == "/api/filters":
            return self.api_filters()
        if path.startswith("/api/"):
            return self.json_error(404, f"no such API endpoint: {path[:80]}")
        return self.static(path, environ.get("HTTP_IF_MODIFIED_SINCE"))

    # --- responses -----------------------------------------------------------
    @staticmethod
    def json(status: int, payload: Any, cache: str = "no-cache",
             extra: list[tuple[str, str]] | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = [("Content-Type", "application/json; charset=utf-8"), ("Cache-Control", cache)]
        return f"{status} {http.client.responses.get(status, '')}", headers + (extra or []), body

    def json_error(self, status: int, message: str) -> tuple[str, list[tuple[str, str]], bytes]:
        return self.json(status, {"error": message, "status": status}, cache="no-store")

    # --- the search API ---------------------------------------------------------
    def searcher(self) -> Searcher:
        with self._lock:
            if self._searcher is None:
                self._searcher = Searcher(self.index_dir, cache_size=CACHE_SIZE)
            return self._searcher

    def api_search(self, query_string: str) -> tuple[str, list[tuple[str, str]], bytes]:
        if len(query_string) > MAX_QUERY_STRING:
            return self.json_error(400, f"query string too long (at most {MAX_QUERY_STRING} bytes)")
        try:
            pairs = urllib.parse.parse_qsl(query_string, keep_blank_values=True, strict_parsing=False,
                                           encoding="utf-8", errors="strict", max_num_fields=20)
        except (UnicodeDecodeError, ValueError) as exc:
            return self.json_error(400, f"malformed query string: {exc}"[:200])
        params: dict[str, str] = {}
        for key, value in pairs:
            if key not in API_PARAMS:
                return self.json_error(400, f"unknown parameter {key[:40]!r}; known: "
                                            + ", ".join(sorted(API_PARAMS)))
            if key in params:
                return self.json_error(400, f"parameter {key!r} given twice")
            if "\x00" in value:
                return self.json_error(400, f"parameter {key!r} holds a NUL character")
            params[key] = value
        q = params.get("q", "")
        if not q.strip():
            return self.json_error(400, "empty query: pass q=words")
        if len(q) > MAX_QUERY_CHARS:
            return self.json_error(400, f"query too long: {len(q)} characters, at most {MAX_QUERY_CHARS}")
        numbers: dict[str, int] = {}
        for key in ("limit", "offset", "year_from", "year_to"):
            if params.get(key, "") != "":
                if not INT_PARAM.match(params[key]):
                    return self.json_error(400, f"{key} must be a whole number, got {params[key][:20]!r}")
                numbers[key] = int(params[key])
        limit = numbers.get("limit", 10)
        if not 1 <= limit <= MAX_LIMIT:
            return self.json_error(400, f"limit must be between 1 and {MAX_LIMIT}")
        try:
            searcher = self.searcher()
        except IndexMissing as exc:
            return self.json_error(503, str(exc))
        try:
            result = searcher.search(
                q, type=params.get("type") or None, issuer=params.get("issuer") or None,
                province=params.get("province") or None, level=params.get("level") or None,
                year_from=numbers.get("year_from"), year_to=numbers.get("year_to"),
                limit=limit, offset=numbers.get("offset", 0), sort=params.get("sort") or "relevance",
                budget_s=self.budget_s)
        except SearchError as exc:
            return self.json_error(400, str(exc))
        except IndexMissing as exc:
            return self.json_error(503, str(exc))
        extra = [("X-Total-Count", str(result.total)),
                 ("X-Elapsed-Ms", f"{result.elapsed_ms:.1f}")]
        if result.suggestion:
            extra.append(("X-Suggestion", urllib.parse.quote(result.suggestion)))
        if result.timed_out:
            extra.append(("X-Timed-Out", "1"))
        return self.json(200, [h.to_json() for h in result.hits], extra=extra)

    def api_filters(self) -> tuple[str, list[tuple[str, str]], bytes]:
        """The filter values the search page offers: id -> Vietnamese name."""
        try:
            meta = self.searcher().meta
        except IndexMissing as exc:
            return self.json_error(503, str(exc))
        provinces = {k: v["name"] + (" (từ 2025)" if k.endswith("-2025") else "")
                     for k, v in meta.get("provinces", {}).items()}
        return self.json(200, {"types": meta.get("types", {}), "issuers": meta.get("issuers", {}),
                               "provinces": provinces, "levels": meta.get("levels", [])})

    # --- live reload ------------------------------------------------------------
    def build_id(self) -> str:
        """Changes whenever site/ is rebuilt (swapped in, or its home page rewritten)."""
        parts = []
        for p in (self.site, self.site / "index.html"):
            try:
                st = p.stat()
                parts.append(f"{st.st_ino}:{st.st_mtime_ns}")
            except OSError:
                parts.append("-")
        return hashlib.sha1("|".join(parts).encode()).hexdigest()[:16]

    # --- static files -------------------------------------------------------------
    def resolve(self, path: str) -> Path | None:
        """The file under site/ that path names, or None. Nothing outside site/ is ever returned."""
        try:
            path = path.encode("latin-1").decode("utf-8")     # WSGI PATH_INFO is bytes as latin-1
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
        if "\x00" in path or "\\" in path or len(path) > 1024:
            return None
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if any(p == ".." or p.startswith(".") for p in parts):
            return None                                      # no traversal, no dotfiles
        site = self.site.resolve()
        target = site.joinpath(*parts) if parts else site
        try:
            real = target.resolve()
        except (OSError, RuntimeError):
            return None
        if real != site and site not in real.parents:
            return None                                      # a symlink leading out
        if real.is_dir():
            real = real / "index.html"
        return real if real.is_file() else None

    def static(self, path: str, if_modified_since: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        target = self.resolve(path)
        if target is not None and target.name == "index.html" and not path.endswith("/") \
                and not path.endswith("index.html"):
            location = urllib.parse.quote(path.encode("latin-1").decode("utf-8", "replace") + "/")
            return "301 Moved Permanently", [("Location", location), ("Content-Type", "text/plain")], b""
        if target is None:
            return self.not_found()
        modified = formatdate(int(target.stat().st_mtime), usegmt=True)
        if if_modified_since == modified and target.suffix != ".html":
            return "304 Not Modified", [("Last-Modified", modified), ("Cache-Control", "no-cache")], b""
        status, headers, body = self.file_response(target, "200 OK")
        return status, headers + [("Last-Modified", modified)], body

    def not_found(self) -> tuple[str, list[tuple[str, str]], bytes]:
        page = self.site / "404.html"
        if page.is_file():
            return self.file_response(page, "404 Not Found")
        body = "<!doctype html><meta charset=utf-8><title>404</title><h1>Không tìm thấy trang</h1>"
        return "404 Not Found", [("Content-Type", "text/html; charset=utf-8")], body.encode()

    def file_response(self, target: Path, status: str) -> tuple[str, list[tuple[str, str]], bytes]:
        body = target.read_bytes()
        ext = "".join(target.suffixes[-1:]).lower()
        ctype = CONTENT_TYPES.get(ext) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        headers = [("Content-Type", ctype)]
        if ext == ".html":
            headers.append(("Content-Security-Policy", self.page_csp(target, body)))
            headers.append(("Cache-Control", "no-cache"))
        else:
            # a rebuild must show at once (live reload): revalidate, 304 when unchanged
            headers.append(("Cache-Control", "no-cache"))
        return status, headers, body

    def page_csp(self, target: Path, body: bytes) -> str:
        st = target.stat()
        key = (str(target), st.st_mtime_ns, st.st_size)
        cached = self._csp_cache.get(key)
        if cached is None:
            cached = csp(inline_script_hashes(body.decode("utf-8", "replace")))
            if len(self._csp_cache) > 20000:
                self._csp_cache.clear()
            self._csp_cache[key] = cached
        return cached


def make_app(root: Path) -> WSGIApp:
    return App(root)


# --- rebuild on change ---------------------------------------------------------------

GENERATED = ("docs/van-ban", "docs/duyet", "docs/du-lieu", "docs/generated")


class Rebuilder:
    """Watches data/ and the hand-written docs/, debounces, reruns the build (one at a time)."""

    def __init__(self, root: Path, debounce_s: float = 0.6,
                 build: Callable[[Path], Any] | None = None):
        self.root = root
        self.debounce_s = debounce_s
        self._build = build
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._running = threading.Lock()
        self._again = False
        self.observer: Any = None

    def relevant(self, path: str) -> bool:
        try:
            rel = Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError):
            return False
        if any(part.startswith(".") or part.endswith("~") for part in rel.split("/")):
            return False                      # .index, editor swap files, hidden temp files
        if rel == "mkdocs.yml":
            return True
        if rel.startswith("data/"):
            return True
        return rel.startswith("docs/") and not any(rel == g or rel.startswith(g + "/") for g in GENERATED)

    def changed(self, path: str) -> None:
        if not self.relevant(path):
            return
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
            self._timer = threading.Timer(self.debounce_s, self.rebuild)
            self._timer.daemon = True
            self._timer.start()

    def rebuild(self) -> None:
        if not self._running.acquire(blocking=False):
            self._again = True
            return
        try:
            while True:
                self._again = False
                started = time.perf_counter()
                print("change detected: rebuilding …", flush=True)
                try:
                    build = self._build
                    if build is None:
                        from .build import build as build_fn
                        build = build_fn
                    report = build(self.root)
                    summary = report.summary() if hasattr(report, "summary") else "done"
                    print(f"rebuilt: {summary} ({time.perf_counter() - started:.1f} s)", flush=True)
                except BaseException as exc:  # noqa: BLE001 — a failed build must not stop the server
                    problems = getattr(exc, "problems", None)
                    for problem in problems or []:
                        print(problem, file=sys.stderr)
                    print(f"build failed, still serving the previous site: {exc}", file=sys.stderr, flush=True)
                if not self._again:
                    break
        finally:
            self._running.release()

    def start(self) -> None:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        rebuilder = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.event_type in ("opened", "closed_no_write"):
                    return
                rebuilder.changed(event.src_path)
                if getattr(event, "dest_path", ""):
                    rebuilder.changed(event.dest_path)

        self.observer = Observer()
        for sub in ("data", "docs"):
            if (self.root / sub).is_dir():
                self.observer.schedule(Handler(), str(self.root / sub), recursive=True)
        self.observer.schedule(Handler(), str(self.root), recursive=False)
        self.observer.daemon = True
        self.observer.start()

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()


# --- the command ------------------------------------------------------------------------

def create_server(app: WSGIApp, port: int, threads: int = 8) -> Any:
    from waitress.server import create_server as waitress_create
    return waitress_create(app, host="127.0.0.1", port=port, threads=threads,
                           connection_limit=200, channel_timeout=30, ident="archive",
                           max_request_header_size=262144, max_request_body_size=1024,
                           clear_untrusted_proxy_headers=True)


def serve_command(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # "queue depth 1" under load is normal
    root = Path(args.root).resolve()
    app = App(root)
    if not (root / "site" / "index.html").is_file():
        print(f"warning: {root / 'site'} has no built site: run `make site` or "
              "`python -m build_tools build` first (serving the API anyway)", file=sys.stderr)
    try:
        server = create_server(app, args.port)
    except OSError as exc:
        print(f"error: cannot listen on 127.0.0.1:{args.port}: {exc.strerror}; try --port N", file=sys.stderr)
        return 1
    try:
        documents = app.searcher().meta.get("documents", "?")
        index_note = f"index of {documents} documents"
    except IndexMissing:
        index_note = "no search index yet (run `python -m build_tools build --no-site`)"
    rebuilder = None
    if not args.no_watch:
        rebuilder = Rebuilder(root)
        rebuilder.start()

    def terminate(signum: int, frame: Any) -> None:
        raise SystemExit(0)                    # waitress.run() closes channels and worker threads
    signal.signal(signal.SIGTERM, terminate)

    port = server.effective_port
    watch_note = "watching data/ and docs/" if rebuilder else "not watching"
    print(f"Serving {root / 'site'} at http://127.0.0.1:{port}/ — search API /api/search, {index_note}, "
          f"{watch_note}; Ctrl+C to stop", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if rebuilder:
            rebuilder.stop()
        server.close()
    print("server stopped", flush=True)
    return 0


# --- bounded loopback load test --------------------------------------------------------------

LOAD_QUERIES = ("tín dụng chính sách", "uy thac ngan sach dia phuong", "40-CTTW", "Chỉ thị 40",
                "NHCSXH", '"ngân sách địa phương"', "425 tỷ", "giảm nghèo loai:ke-hoach",
                "Mặt trận Tổ quốc", "hộ nghèo nam:2016..2024")


def server_load_test(port: int, clients: int = 8, requests: int = 100,
                     queries: Iterable[str] = LOAD_QUERIES, timeout_s: float = 30.0) -> dict[str, Any]:
    """`clients` threads each send `requests` GET /api/search to 127.0.0.1:port, then stop.

    Returns p50_ms, p95_ms, errors (non-200 answers and failures), requests, seconds.
    """
    paths = [f"/api/search?q={urllib.parse.quote(q)}&limit=10" for q in queries]
    timings: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
        try:
            for i in range(requests):
                path = paths[(n + i) % len(paths)]
                started = time.perf_counter()
                try:
                    conn.request("GET", path)
                    resp = conn.getresponse()
                    resp.read()
                    ok = resp.status == 200
                    if resp.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
                except (OSError, http.client.HTTPException) as exc:
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout_s)
                    resp = None
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    timings.append(elapsed)
                    if not ok and resp is not None:
                        errors.append(f"HTTP {resp.status} for {path}")
        finally:
            conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout_s * requests)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)] if timings else 0.0
    return {"p50_ms": round(statistics.median(timings), 2) if timings else 0.0,
            "p95_ms": round(p95, 2), "errors": len(errors), "requests": len(timings),
            "seconds": round(time.perf_counter() - started, 2), "error_samples": errors[:5]}


if __name__ == "__main__":                      # pragma: no cover
    sys.exit(serve_command(argparse.Namespace(root=Path("."), port=8000, no_watch=True)))
