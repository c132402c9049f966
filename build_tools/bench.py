"""`python -m build_tools bench`: every stage timed on one generated corpus, in one run.

    generate N documents into a temporary folder (synthetic.py)
    -> read YAML / validate, each alone
    -> full build without MkDocs (cold), its stage timings
    -> a no-change rebuild (files written counted), the same from the command line
    -> one record changed, rebuilt
    -> the site (MkDocs), a no-change and a one-change rebuild with the site
    -> search: the query mix on a warm Whoosh searcher, then on SQLite FTS5
    -> the bounded API load test
    -> a table on stdout, the figures as JSON (--json FILE)

Speed goals live here, never in timed unit tests. The targets of issue 8 are
for 5,000 documents; they are reported for any N. The temporary folder is
deleted at the end unless BENCH_KEEP=1 is set in the environment.
"""

from __future__ import annotations

import argparse
import inspect
import json
import logging
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import synthetic

# (category, query, filters): the fixed mix both engines answer.
QUERY_MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("word", "nghèo", {}),
    ("word", "NHCSXH", {}),
    ("word", "MTTQ", {}),
    ("word", "vốn", {}),
    ("word", "Đảng", {}),
    ("word", "thác", {}),
    ("words", "tín dụng chính sách xã hội", {}),
    ("words", "ủy thác ngân sách địa phương", {}),
    ("words", "nhà ở xã hội", {}),
    ("words", "giảm nghèo bền vững", {}),
    ("words", "Tổ tiết kiệm và vay vốn", {}),
    ("words", "hộ cận nghèo vay vốn", {}),
    ("phrase", '"ngân sách địa phương"', {}),
    ("phrase", '"tín dụng đen"', {}),
    ("phrase", '"Ban đại diện Hội đồng quản trị"', {}),
    ("phrase", '"giải quyết việc làm"', {}),
    ("phrase", '"nông thôn mới"', {}),
    ("phrase", '"tăng cường sự lãnh đạo của Đảng"', {}),
    ("unaccented", "tin dung chinh sach", {}),
    ("unaccented", "uy thac ngan sach dia phuong", {}),
    ("unaccented", "ho ngheo", {}),
    ("unaccented", "giam ngheo ben vung", {}),
    ("unaccented", "nha o xa hoi", {}),
    ("unaccented", "dang vien", {}),
    ("number", "40-CT/TW", {}),
    ("number", "40-CTTW", {}),
    ("number", "06-KL/TW", {}),
    ("number", "39-CT/TW", {}),
    ("number", "401/QĐ-TTg", {}),
    ("number", "100/2024/NĐ-CP", {}),
    ("filter", "ủy thác", {"type": "ke-hoach"}),
    ("filter", "nghèo", {"province": "thanh-hoa"}),
    ("filter", "tín dụng chính sách", {"year_from": 2016, "year_to": 2020}),
    ("filter", "vốn", {"type": "chi-thi", "year_from": 2021}),
    ("filter", "NHCSXH", {"province": "hung-yen"}),
    ("filter", '"ngân sách địa phương"', {"type": "ke-hoach", "year_from": 2020, "year_to": 2025}),
]
PASSES = 3            # measured passes over the mix, after one warm-up pass

# Issue 8's targets (5,000 documents, this 2-core machine).
BUILD_LIMIT_S = 45.0
REBUILD_LIMIT_S = 3.0
SEARCH_FTS5_RATIO = 5.0
PAYLOAD_LIMIT_BYTES = 3_000_000
MEMORY_LIMIT_MB = 2048.0

Snapshot = dict[str, tuple[int, int, int]]


def bench_command(args: argparse.Namespace) -> int:
    if args.docs < 1:
        print("error: --docs must be at least 1", file=sys.stderr)
        return 1
    started = time.perf_counter()
    figures = run(Path(args.root), docs=args.docs, seed=args.seed, skip_mkdocs=args.skip_mkdocs,
                  partial=Path(args.json) if args.json else None)
    print(table(figures))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    met = [t["met"] for t in figures["targets"].values() if t["met"] is not None]
    print(f"{figures['documents']} documents, {figures['clauses']} clauses, "
          f"{sum(met)}/{len(met)} targets met, benchmark ran in {time.perf_counter() - started:.0f} s"
          + (f"; figures in {args.json}" if args.json else ""))
    return 0


class Progress:
    """A line per stage on stderr (in a terminal), and the figures so far written to
    the JSON file after each stage, so that an interrupted run still leaves them."""

    def __init__(self, figures: dict[str, Any], partial: Path | None):
        self.figures, self.partial = figures, partial

    def __call__(self, message: str) -> None:
        if sys.stderr.isatty():
            print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)
        if self.partial is not None:
            done = {**self.figures, "unfinished": message}
            self.partial.write_text(json.dumps(done, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def run(source: Path, *, docs: int, seed: int = 1, skip_mkdocs: bool = False,
        workdir: Path | None = None, partial: Path | None = None) -> dict[str, Any]:
    """Generate, build, rebuild, search; return every figure as a JSON-ready dict."""
    base = Path(tempfile.mkdtemp(prefix="kho-bench-", dir=workdir))
    root = base / "project"
    try:
        return _run(source.resolve(), root, docs, seed, skip_mkdocs, partial)
    finally:
        if os.environ.get("BENCH_KEEP") == "1":
            print(f"bench: kept the generated project in {root}", file=sys.stderr)
        else:
            shutil.rmtree(base, ignore_errors=True)


def _run(source: Path, root: Path, docs: int, seed: int, skip_mkdocs: bool,
         partial: Path | None) -> dict[str, Any]:
    from .build import INDEX_DIR, build
    from .records import load_corpus, read_data
    from .validate import check

    f: dict[str, Any] = {"docs": docs, "seed": seed, "machine": _machine()}
    progress = Progress(f, partial)

    progress(f"generating {docs} documents")
    stats, f["generate_s"] = _timed(lambda: synthetic.generate(root, docs, seed, source=source))
    f["generated"] = stats.__dict__

    progress("reading YAML and validating, each alone")
    f["read_yaml_s"], f["validate_s"] = _read_and_check(root, read_data, check)

    # What creating a file costs on this disk right now (see file_creation_us)
    f["machine"]["file_create_us"] = file_creation_us(root.parent / "probe")
    progress("full build without MkDocs")
    cpu = time.process_time()
    report, f["build_s"] = _watched(f, "build", lambda: build(root, site=False))
    f["build_cpu_s"] = round(time.process_time() - cpu, 3)
    f["documents"], f["clauses"], f["relations"] = report.documents, report.clauses, report.relations
    f["build_timings"] = _rounded(report.timings)
    f["load_validate_s"] = report.timings.get("load")
    f["relations_s"] = report.timings.get("relations")
    f["pages_s"] = report.timings.get("pages")
    f["exports_s"] = report.timings.get("exports")
    f["index_build_s"] = report.timings.get("index")           # in a forked child, beside the stages above
    f["index_help_s"] = report.timings.get("index_help")      # this process's share, after those stages
    f["index_wait_s"] = report.timings.get("index_wait")      # the share, then waiting for the child
    f["publish_s"] = report.timings.get("publish")
    f["pages_written"] = report.pages_written
    f["index_bytes"] = _size(root / INDEX_DIR)
    f["peak_rss_build_mb"] = _rss_mb()
    f["peak_rss_index_child_mb"] = _children_rss_mb()        # the only child so far: the index step

    progress("no-change rebuild")
    _measure_rebuild(f, "noop", root)

    progress("one record changed, rebuild without the site")
    changed = _pick_generated(root, source, 0)
    _edit(root, changed, "(sửa đổi lần 1)")
    _measure_rebuild(f, "one_change", root)

    f.update(mkdocs_build_s=None, site_build_s=None, noop_site_rebuild_s=None, noop_site_files_written=None,
             one_change_site_rebuild_s=None, client_search_bytes=None, site_bytes=None, site_files=None)
    f["site_error"] = None
    if not skip_mkdocs:
        try:
            _site_stages(root, source, f, progress, build)
        except Exception as exc:        # a broken site is a finding: report it, measure the rest
            f["site_error"] = f"{type(exc).__name__}: {exc}"
            print(f"bench: site build failed, site figures left empty: {exc}", file=sys.stderr)
    # Last of the builds: a new process runs whatever code the checkout holds now.
    progress("no-change rebuild from the command line")
    f["noop_rebuild_cli_s"] = _cli_build(root, f, "noop_rebuild_cli")
    # A new process has none of the last build's results in memory (serve's rebuilds do).
    progress("one record changed, rebuild from the command line")
    _edit(root, _pick_generated(root, source, 2), "(sửa đổi lần 3)")
    f["one_change_rebuild_cli_s"] = _cli_build(root, f, "one_change_rebuild_cli")
    # The builds' peak: every build above ran in this process, its index step in a forked
    # child; the two run at once, so their peaks add up (an upper bound: they share pages).
    # Search, FTS5 and the server come after.
    f["peak_rss_self_mb"] = _rss_mb()
    # Adding the peaks counts the corpus the child inherits twice, and this process's
    # peak may come from another build than the child's: a bound, not a reading.
    f["peak_rss_upper_mb"] = round(f["peak_rss_self_mb"] + f["peak_rss_index_child_mb"], 1)
    watched = [v for k, v in f["peak_memory_mb"].items() if v is not None]
    f["peak_rss_mb"] = max(watched) if watched else f["peak_rss_upper_mb"]

    progress(f"search: {len(QUERY_MIX)} queries x {PASSES} passes on a warm Whoosh searcher")
    from .search import Searcher
    # Latency of the query path itself: no result cache (the server may keep one).
    uncached = {"cache_size": 0} if "cache_size" in inspect.signature(Searcher).parameters else {}
    searcher = Searcher(root / INDEX_DIR, **uncached)
    timed_out: set[str] = set()

    def whoosh_query(query: str, filters: dict[str, Any]) -> None:
        if getattr(searcher.search(query, limit=10, **filters), "timed_out", False):
            timed_out.add(query)          # stopped by the time budget: partial hits, capped latency

    whoosh_ms, per_kind = _query_mix(whoosh_query)
    f["search_timed_out"] = sorted(timed_out)
    f["search_p50_ms"], f["search_p95_ms"] = _pct(whoosh_ms, 50), _pct(whoosh_ms, 95)
    f["search_max_ms"] = round(max(whoosh_ms), 2)
    f["search_by_kind_p50_ms"] = per_kind

    progress("SQLite FTS5 over the same entries")
    from .fts5 import Fts5Engine
    engine, f["fts5_build_s"] = Fts5Engine.build(load_corpus(root), root.parent / "fts5.sqlite")
    f["fts5_bytes"] = engine.size_bytes()
    fts_ms, fts_kind = _query_mix(lambda q, kw: engine.search(q, limit=10, **kw))
    f["fts5_p50_ms"], f["fts5_p95_ms"] = _pct(fts_ms, 50), _pct(fts_ms, 95)
    f["fts5_by_kind_p50_ms"] = fts_kind
    engine.close()

    progress("bounded API load test (8 clients x 100 requests, loopback)")
    f["load_test"] = _load_test(root)
    f["peak_rss_total_mb"] = _rss_mb()       # with the searcher, FTS5 and the server under load
    f["peak_rss_children_mb"] = _children_rss_mb()
    f["machine"]["loadavg_end"] = os.getloadavg()
    f["targets"] = targets(f)
    return f


def _read_and_check(root: Path, read_data: Callable[..., Any], check: Callable[..., Any]) -> tuple[float, float]:
    """The two halves of load_corpus timed alone; nothing is kept, so the build's memory is its own."""
    raw, read_s = _timed(lambda: read_data(root))
    problems, check_s = _timed(lambda: raw.problems + check(raw))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise RuntimeError(f"the generated corpus does not validate: {errors[0]}")
    return read_s, check_s


def _site_stages(root: Path, source: Path, f: dict[str, Any], progress: Progress, build: Callable[..., Any]) -> None:
    progress("site build (MkDocs)")
    report, f["site_build_s"] = _watched(f, "site_build", lambda: build(root, site=True))
    f["mkdocs_build_s"] = report.timings.get("mkdocs")
    f["site_timings"] = _rounded(report.timings)
    index_json = root / "site" / "search" / "search_index.json"
    f["client_search_bytes"] = index_json.stat().st_size if index_json.exists() else None
    f["site_bytes"], f["site_files"] = _size(root / "site"), _count(root / "site")
    progress("no-change rebuild with the site")
    before = _snapshot(root)
    report, f["noop_site_rebuild_s"] = _timed(lambda: build(root, site=True))
    f["noop_site_files_written"] = _changed(before, _snapshot(root))
    progress("one record changed, rebuild with the site")
    _edit(root, _pick_generated(root, source, 1), "(sửa đổi lần 2)")
    report, f["one_change_site_rebuild_s"] = _watched(f, "one_change_site_rebuild", lambda: build(root, site=True))
    f["one_change_site_timings"] = _rounded(report.timings)


# --- measuring -------------------------------------------------------------------------------

def _measure_rebuild(f: dict[str, Any], name: str, root: Path) -> None:
    """Time a rebuild without the site and count what it wrote, as f[name + '_…'] keys."""
    from .build import build

    before = _snapshot(root)
    cpu = time.process_time()
    report, f[f"{name}_rebuild_s"] = _watched(f, f"{name}_rebuild", lambda: build(root, site=False))
    f[f"{name}_rebuild_cpu_s"] = round(time.process_time() - cpu, 3)
    f[f"{name}_files_written"] = _changed(before, _snapshot(root))
    f[f"{name}_pages_written"], f[f"{name}_index_changed"] = report.pages_written, report.index_changed
    f[f"{name}_timings"] = _rounded(report.timings)


def file_creation_us(folder: Path, count: int = 400) -> float:
    """Microseconds to create, write and close one small file in a new folder (median of count).

    On this machine's ext4 (no journal) the kernel passes over every inode
    freed in the last minutes before it hands out a new one (ext4
    find_inode_bit -> recently_deleted, seen with perf): after a large
    deletion a new file costs ten times more for up to six minutes. A build
    creates some 20,000 files and folders, so the figure says how the disk
    stood when the build ran. The files are left for the run's cleanup, so
    the probe itself frees nothing.
    """
    folder.mkdir(parents=True, exist_ok=True)
    times = []
    for n in range(count):
        started = time.perf_counter()
        with open(folder / f"{n}.txt", "wb") as handle:
            handle.write(b"x" * 2000)
        times.append(time.perf_counter() - started)
    return round(sorted(times)[count // 2] * 1e6, 1)


def _watched(f: dict[str, Any], name: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    """_timed(fn), with the memory of this process and its children sampled meanwhile
    (memwatch: their Pss summed, RSS growth added between readings) into f["peak_memory_mb"][name]."""
    from .memwatch import Watch

    with Watch() as watch:
        result = _timed(fn)
    f.setdefault("peak_memory_mb", {})[name] = watch.peak_mb
    return result


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = fn()
    return result, round(time.perf_counter() - started, 3)


def _rounded(timings: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in timings.items()}


def _rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _children_rss_mb() -> float:
    """The largest peak among the finished child processes (the index steps, the CLI builds)."""
    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def _machine() -> dict[str, Any]:
    """What the figures depend on; a load average above the CPU count means a shared, busy machine."""
    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "loadavg_start": os.getloadavg()}


def _files(base: Path) -> list[Path]:
    return [Path(d) / n for d, _, names in os.walk(base) for n in names] if base.is_dir() else []


def _size(base: Path) -> int:
    return sum(p.stat().st_size for p in _files(base))


def _count(base: Path) -> int:
    return len(_files(base))


def _snapshot(root: Path) -> Snapshot:
    """(inode, mtime, size) of every output file: a rewrite shows even when the bytes are equal."""
    out: Snapshot = {}
    for part in ("docs", ".build/docs", ".index", "site"):
        for path in _files(root / part):
            st = path.lstat()
            out[path.relative_to(root).as_posix()] = (st.st_ino, st.st_mtime_ns, st.st_size)
    return out


def _changed(before: Snapshot, after: Snapshot) -> int:
    """Files written, created or deleted between two snapshots."""
    return sum(1 for k in set(before) | set(after) if before.get(k) != after.get(k))


def _cli_build(root: Path, f: dict[str, Any], name: str) -> float:
    """`python -m build_tools build --no-site` in a new process: its wall time; the memory of
    that process and its children (not this one's) into f["peak_memory_mb"][name]."""
    from .memwatch import Watch

    # The package that runs the benchmark, wherever it is installed or checked out.
    package_parent = str(Path(__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")]))}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "build_tools", "build", "--no-site", "--root", str(root)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=root, env=env)
    with Watch(proc.pid) as watch:
        out, err = proc.communicate()
    seconds = round(time.perf_counter() - started, 3)
    f.setdefault("peak_memory_mb", {})[name] = watch.peak_mb
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args, out, err)
    return seconds


def _pick_generated(root: Path, source: Path, n: int) -> str:
    """A generated plan (number …/KH-… or …-KH/…), chosen the same way every run."""
    base = root / "data" / "documents"
    real = source / "data" / "documents"
    ids = sorted(p.relative_to(base).as_posix()[:-5] for p in base.rglob("*-kh-*.yaml")
                 if not (real / p.relative_to(base)).exists())
    return ids[(len(ids) // 3 * (n + 1)) % len(ids)]


def _edit(root: Path, doc_id: str, words: str) -> None:
    """Change one clause's text of one record, as a maintainer's correction would."""
    path = root / "data" / "documents" / f"{doc_id}.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    node = data["clauses"][0]
    while "text" not in node and node.get("children"):
        node = node["children"][0]
    node["text"] = f"{node.get('text', '')} {words}".strip()
    path.write_text(synthetic.dump(data), encoding="utf-8")


def _query_mix(run_query: Callable[[str, dict[str, Any]], Any]) -> tuple[list[float], dict[str, float]]:
    """Latencies (ms) of PASSES passes over the mix after one warm-up pass; p50 per kind."""
    for _, query, filters in QUERY_MIX:
        run_query(query, filters)
    times: list[float] = []
    by_kind: dict[str, list[float]] = {}
    for _ in range(PASSES):
        for kind, query, filters in QUERY_MIX:
            started = time.perf_counter()
            run_query(query, filters)
            ms = (time.perf_counter() - started) * 1000
            times.append(ms)
            by_kind.setdefault(kind, []).append(ms)
    return times, {k: _pct(v, 50) for k, v in by_kind.items()}


def _pct(values: list[float], p: int) -> float:
    """Nearest-rank percentile, in the values' unit, rounded to 0.01."""
    ordered = sorted(values)
    rank = max(1, -(-p * len(ordered) // 100))
    return round(ordered[rank - 1], 2)


def _load_test(root: Path) -> dict[str, Any] | None:
    """8 clients x 100 requests against the real API on a free loopback port; None without a server.

    BENCH_LOAD_REQUESTS changes the requests per client (the smoke test uses a few).
    """
    try:
        from .server import create_server, make_app, server_load_test
    except ImportError:
        return None
    requests = int(os.environ.get("BENCH_LOAD_REQUESTS", "100"))
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)   # "queue depth 1" under load is normal
    server = create_server(make_app(root), port=0)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        result: dict[str, Any] = server_load_test(server.effective_port, clients=8, requests=requests)
    finally:
        # Let the worker threads finish their last answers before the sockets close.
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=10)
        server.close()
        thread.join(timeout=5)
    return result


# --- verdicts and the table ----------------------------------------------------------------------

def targets(f: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each target of issue 8: the limit, the figure, and whether it is met (None: not measured)."""
    def verdict(value: Any, limit: Any, ok: bool | None) -> dict[str, Any]:
        return {"limit": limit, "value": value, "met": ok}

    ratio = (round(f["search_p95_ms"] / f["fts5_p95_ms"], 2) if f.get("fts5_p95_ms") else None)
    payload = f.get("client_search_bytes")
    return {
        "build_s": verdict(f["build_s"], BUILD_LIMIT_S, f["build_s"] <= BUILD_LIMIT_S),
        "noop_rebuild": verdict({"seconds": f["noop_rebuild_s"], "files_written": f["noop_files_written"]},
                                {"seconds": REBUILD_LIMIT_S, "files_written": 0},
                                f["noop_rebuild_s"] <= REBUILD_LIMIT_S and f["noop_files_written"] == 0),
        "one_change_rebuild_s": verdict(f["one_change_rebuild_s"], REBUILD_LIMIT_S,
                                        f["one_change_rebuild_s"] <= REBUILD_LIMIT_S),
        "search_p95_vs_fts5": verdict(ratio, SEARCH_FTS5_RATIO,
                                      None if ratio is None else ratio <= SEARCH_FTS5_RATIO),
        "client_search_bytes": verdict(payload, PAYLOAD_LIMIT_BYTES,
                                       None if payload is None else payload <= PAYLOAD_LIMIT_BYTES),
        "peak_rss_mb": verdict(f["peak_rss_mb"], MEMORY_LIMIT_MB, f["peak_rss_mb"] <= MEMORY_LIMIT_MB),
    }


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "bytes":
        return f"{value / 1e6:.2f} MB"
    if unit == "MB":
        return f"{value:.0f} MB"
    return str(value)


def table(f: dict[str, Any]) -> str:
    t = f["targets"]
    lt = f.get("load_test") or {}
    rows = [
        ("generate corpus", _fmt(f["generate_s"], "s"), f"{f['docs']} generated + {f['generated']['copied']} real records"),
        ("read YAML", _fmt(f["read_yaml_s"], "s"), "records.read_data alone (line reader, libyaml for the rest)"),
        ("validate", _fmt(f["validate_s"], "s"), "validate.check alone"),
        ("full build, no MkDocs", _fmt(f["build_s"], "s"),
         _ok(t["build_s"]) + f" ≤ {BUILD_LIMIT_S:.0f} s; CPU of this process {_fmt(f.get('build_cpu_s'), 's')}"),
        ("  load + validate", _fmt(f["load_validate_s"], "s"), ""),
        ("  relations", _fmt(f["relations_s"], "s"), f"{f['relations']} relations"),
        ("  pages", _fmt(f["pages_s"], "s"), f"{f['pages_written']} pages written"),
        ("  exports", _fmt(f["exports_s"], "s"), ""),
        ("  index, forked child", _fmt(f["index_build_s"], "s"),
         f"Whoosh, {_fmt(f['index_bytes'], 'bytes')}; from the first document, beside the stages above"),
        ("  index, this process", _fmt(f.get("index_help_s"), "s"),
         f"from the last document back, after them; waited {_fmt(f.get('index_wait_s'), 's')} in all"),
        ("  publish", _fmt(f["publish_s"], "s"), "staging -> docs/"),
        ("no-change rebuild", _fmt(f["noop_rebuild_s"], "s"),
         _ok(t["noop_rebuild"]) + f" {f['noop_files_written']} files written (CLI: {_fmt(f['noop_rebuild_cli_s'], 's')})"),
        ("one record changed", _fmt(f["one_change_rebuild_s"], "s"),
         _ok(t["one_change_rebuild_s"]) + f" {f['one_change_pages_written']} pages, "
         f"{f['one_change_index_changed']} index documents; in-process like serve "
         f"(CLI, a new process: {_fmt(f.get('one_change_rebuild_cli_s'), 's')})"),
        ("mkdocs build", _fmt(f["mkdocs_build_s"], "s"),
         f"FAILED: {f['site_error']}" if f.get("site_error") else
         f"site {_fmt(f['site_bytes'], 'bytes')}, {f['site_files'] or 0} files"),
        ("no-change rebuild + site", _fmt(f["noop_site_rebuild_s"], "s"),
         f"{f['noop_site_files_written']} files written"),
        ("one change + site", _fmt(f["one_change_site_rebuild_s"], "s"), ""),
        ("browser search payload", _fmt(f["client_search_bytes"], "bytes"),
         _ok(t["client_search_bytes"]) + " ≤ 3 MB"),
        ("search p50 / p95", f"{_fmt(f['search_p50_ms'], 'ms')} / {_fmt(f['search_p95_ms'], 'ms')}",
         _ok(t["search_p95_vs_fts5"]) + f" p95 = {t['search_p95_vs_fts5']['value']}× FTS5 (≤ 5×); "
         f"{len(f.get('search_timed_out') or [])} queries hit the time budget"),
        ("FTS5 p50 / p95", f"{_fmt(f['fts5_p50_ms'], 'ms')} / {_fmt(f['fts5_p95_ms'], 'ms')}",
         f"build {_fmt(f['fts5_build_s'], 's')}, {_fmt(f['fts5_bytes'], 'bytes')}"),
        ("API load test p50 / p95", f"{_fmt(lt.get('p50_ms'), 'ms')} / {_fmt(lt.get('p95_ms'), 'ms')}",
         f"{lt.get('requests', 0)} requests, {lt.get('errors', 0)} errors" if lt else "no server module"),
        ("peak memory of the builds", _fmt(f["peak_rss_mb"], "MB"),
         _ok(t["peak_rss_mb"]) + " ≤ 2 GB: the build's processes together (Pss, sampled); peak RSS "
         f"{_fmt(f.get('peak_rss_self_mb'), 'MB')} here + {_fmt(f.get('peak_rss_index_child_mb'), 'MB')} in the index "
         f"child; {_fmt(f.get('peak_rss_total_mb'), 'MB')} with search and the server"),
    ]
    width = max(len(r[0]) for r in rows)
    vwidth = max(len(r[1]) for r in rows)
    lines = [f"{'stage':<{width}}  {'time / size':>{vwidth}}  notes", "-" * (width + vwidth + 40)]
    lines += [f"{a:<{width}}  {b:>{vwidth}}  {c}" for a, b, c in rows]
    m = f["machine"]
    lines.append(f"({m['cpus']} CPUs; load average {m['loadavg_start'][0]:.1f} at the start, "
                 f"{m.get('loadavg_end', [0.0])[0]:.1f} at the end: above {m['cpus']} the machine was shared; "
                 f"a new file cost {m.get('file_create_us', 0):.0f} µs before the build: "
                 "above ~200 µs, files freed in the last minutes slow the disk)")
    return "\n".join(lines)


def _ok(target: dict[str, Any]) -> str:
    return {True: "met:", False: "MISSED:", None: "n/a:"}[target["met"]]
