"""`python -m build_tools <command>`: the one entry point.

Every command works on the checkout given by --root (default: the current
directory), ends with a one-line summary, and exits 1 on error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .models import Problem
from .records import InvalidCorpus, load_corpus, read_data
from .validate import check

Handler = Callable[[argparse.Namespace], int]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    args.root = Path(args.root).resolve()
    if not (args.root / "data").is_dir() and args.command != "ingest":
        print(f"error: {args.root} has no data/ folder; run from the project root or pass --root DIR",
              file=sys.stderr)
        return 1
    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m build_tools",
        description="Build, check and search the social policy credit archive "
                    "(Kho văn bản Tín dụng chính sách xã hội).",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", default=".", metavar="DIR",
                        help="project checkout to work on (default: the current directory)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", parents=[common],
                       help="check every record in data/ and report each problem as file:line",
                       description="Check data/documents/**/*.yaml, data/organizations.yaml, "
                                   "data/vocabulary.yaml and data/provinces.yaml. Prints every problem "
                                   "as path:line: field: what is wrong — how to fix it, then a summary. "
                                   "Writes nothing.")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("build", parents=[common],
                       help="validate, generate pages, index and exports, then the site into site/",
                       description="Validate data/, resolve relations, generate the Markdown pages under "
                                   "docs/, build the search index in .index/ and the open-data exports, then "
                                   "run `mkdocs build --strict` into site/. Outputs are swapped in only "
                                   "when every step succeeded.")
    p.add_argument("--no-site", action="store_true", help="stop before MkDocs (pages, index, exports only)")
    p.add_argument("--strict", action="store_true", help="fail on validation warnings too")
    p.set_defaults(handler=lambda a: _lazy("build", "build_command")(a))

    p = sub.add_parser("search", parents=[common], help="search the clause index built by `build`",
                       description="Search documents and clauses. Inline filters work too: "
                                   "loai:ke-hoach nam:2016..2020 tinh:\"Thanh Hóa\" co-quan:ubnd-thanh-hoa.")
    p.add_argument("query", nargs="+", help="words, \"quoted phrases\", numbers such as 40-CT/TW")
    p.add_argument("--type", help="document type id (chi-thi, ke-hoach ...)")
    p.add_argument("--issuer", help="issuing organization id")
    p.add_argument("--province", help="province id or name (old units and their 2025 successors)")
    p.add_argument("--year-from", type=int, help="first year, inclusive")
    p.add_argument("--year-to", type=int, help="last year, inclusive")
    p.add_argument("--limit", type=int, default=10, help="number of hits (default 10, at most 100)")
    p.add_argument("--sort", choices=("relevance", "date"), default="relevance", help="order of hits")
    p.add_argument("--json", action="store_true", help="print one JSON array of hits")
    p.set_defaults(handler=lambda a: _lazy("search", "search_command")(a))

    p = sub.add_parser("cite", parents=[common], help="list the citations found in a text file",
                       description="Find references to other documents in FILE (UTF-8 text) and resolve "
                                   "them against the records in data/.")
    p.add_argument("file", type=Path, help="text file to read")
    p.add_argument("--json", action="store_true", help="print one JSON array of citations")
    p.set_defaults(handler=cmd_cite)

    p = sub.add_parser("ingest", parents=[common], help="draft a record from a document's raw text",
                       description="Read FILE (a web page's, PDF's or Word document's text) and print a "
                                   "draft record in the archive's YAML format.")
    p.add_argument("file", type=Path, help="raw text file (UTF-8)")
    p.add_argument("--json", action="store_true", help="print {record, citations, warnings} as JSON")
    p.add_argument("--write", action="store_true", help="save the draft at its id's path under data/documents/")
    p.add_argument("--force", action="store_true", help="with --write: overwrite an existing record")
    p.set_defaults(handler=lambda a: _lazy("ingest", "ingest_command")(a))

    p = sub.add_parser("serve", parents=[common], help="serve site/ and the search API on 127.0.0.1",
                       description="Serve the built site and GET /api/search on 127.0.0.1 with a "
                                   "production WSGI server (waitress), rebuilding when data/ or docs/ change.")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument("--no-watch", action="store_true", help="do not rebuild on change")
    p.set_defaults(handler=lambda a: _lazy("server", "serve_command")(a))

    p = sub.add_parser("bench", parents=[common], help="measure every stage on a generated corpus",
                       description="Generate a synthetic corpus of N documents in a temporary folder and "
                                   "time load, pages, index, mkdocs, rebuilds and search against SQLite FTS5.")
    p.add_argument("--docs", type=int, default=1000, help="number of generated documents (default 1000)")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write the figures as JSON to FILE")
    p.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    p.add_argument("--skip-mkdocs", action="store_true", help="skip the mkdocs build timings")
    p.set_defaults(handler=lambda a: _lazy("bench", "bench_command")(a))
    return parser


def _lazy(module: str, function: str) -> Handler:
    """Import a command's module only when it runs: `validate` stays fast."""
    from importlib import import_module
    handler: Handler = getattr(import_module(f"build_tools.{module}"), function)
    return handler


def print_problems(problems: list[Problem]) -> tuple[int, int]:
    errors = sum(p.severity == "error" for p in problems)
    for problem in sorted(problems, key=lambda p: (p.file, p.line or 0)):
        print(problem, file=sys.stderr)
    return errors, len(problems) - errors


def cmd_validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    raw = read_data(args.root)
    problems = raw.problems + check(raw)
    errors, warnings = print_problems(problems)
    clauses = 0
    if not errors:
        from .records import build_corpus
        corpus = build_corpus(raw)
        clauses = sum(len(d.all_clauses()) for d in corpus.documents.values())
    failed = errors > 0 or (args.strict and warnings > 0)
    verdict = "failed" if failed else "ok"
    strict_note = " (strict: warnings fail)" if args.strict and warnings and not errors else ""
    print(f"{len(raw.records)} records, {clauses} clauses, {errors} errors, {warnings} warnings, "
          f"{verdict}{strict_note} in {time.perf_counter() - started:.2f} s")
    return 1 if failed else 0


def cmd_cite(args: argparse.Namespace) -> int:
    from .relations import cite_command
    try:
        corpus = load_corpus(args.root)
    except InvalidCorpus as exc:
        print_problems(exc.problems)
        print(f"cannot resolve citations: {exc}", file=sys.stderr)
        return 1
    code: int = cite_command(args.file, corpus, args.json)
    return code


if __name__ == "__main__":
    sys.exit(main())
