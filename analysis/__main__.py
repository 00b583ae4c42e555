"""Command line: ``python -m analysis build|tables --corpus DIR --out DIR``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__, pipeline


def _setting_value(text: str):
    """Parse ``--set name=value`` values as JSON where they are JSON, else keep the string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Coverage forensics: source overlap, figure discrepancies and timelines over a news corpus.",
    )
    parser.add_argument("--version", action="version", version=f"coverage-forensics {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("build", "compute the tables, execute the chapters and build the book (HTML, and PDF where Chromium is installed)"),
        ("tables", "compute and write only the tables (OUT/data/*.csv)"),
        ("settings", "list every analysis parameter with its default"),
    ):
        p = sub.add_parser(name, help=help_text)
        if name == "settings":
            continue
        p.add_argument("--corpus", required=True, type=Path, help="folder (or table file) of articles")
        p.add_argument("--out", required=True, type=Path, help="output folder")
        p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override an analysis parameter, e.g. --set overlap_ngram=6 (see `settings`)")
        p.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="where the stages run: this process (local), or a Dask cluster (dask)")
        p.add_argument("--processes", type=int, default=None, metavar="N",
                       help="with --engine local: worker processes the stages are spread over (default: one "
                            "per core, at most 4; 1 runs everything in this process)")
        p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                       help="with --engine dask: the address of a running Dask scheduler, e.g. tcp://host:8786")
        p.add_argument("--workers", type=int, default=None,
                       help="with --engine dask and no --scheduler: start this many local Dask workers")
        p.add_argument("--memory-limit", default=None, metavar="SIZE",
                       help="with --engine dask and no --scheduler: memory cap per local worker, e.g. 2GB")
        p.add_argument("--partition-rows", type=int, default=None, metavar="N",
                       help="with --engine dask: articles per partition (default 2000; fewer for workers "
                            "with little memory)")
        if name == "build":
            p.add_argument("--no-pdf", action="store_true", help="skip the PDF")
            p.add_argument("--base-url", default="", help="where the book will be published (for permalinks)")
            p.add_argument("--no-strict", action="store_true", help="do not treat Sphinx warnings as errors")
            p.add_argument("--fresh", action="store_true",
                           help="reuse nothing from an earlier build in OUT: execute every chapter, rebuild the "
                                "HTML and PDF (the tables are still reused when corpus, settings and code match)")
            p.add_argument("--jobs", type=int, default=0, metavar="N",
                           help="chapters executed at once (default: one per core, at most one per chapter)")
    return parser.parse_args(argv)


def _partitioning(rows: int | None) -> dict:
    return {"partition_rows": rows} if rows else {}


def overrides(pairs: list[str]) -> dict:
    """``["a=1", "b=x"]`` → settings dict; unknown names are an error."""
    out = {}
    for pair in pairs:
        if "=" not in pair:
            raise SystemExit(f"error: --set expects NAME=VALUE, got {pair!r}")
        name, value = pair.split("=", 1)
        out[name.strip()] = _setting_value(value)
    unknown = [n for n in out if n not in pipeline.default_settings()]
    if unknown:
        raise SystemExit(f"error: unknown setting(s) {', '.join(unknown)}; see `python -m analysis settings`")
    return out


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command == "settings":
        for name, value in pipeline.default_settings().items():
            print(f"{name} = {json.dumps(value)}")
        return 0
    if not args.corpus.exists():
        print(f"error: corpus {args.corpus} does not exist", file=sys.stderr)
        return 2
    settings = pipeline.settings_from(overrides(args.set))
    if args.engine == "local" and (args.scheduler or args.workers or args.memory_limit or args.partition_rows):
        print("error: --scheduler, --workers, --memory-limit and --partition-rows go with --engine dask",
              file=sys.stderr)
        return 2
    if args.engine == "dask" and args.processes is not None:
        print("error: --processes goes with --engine local (use --workers with --engine dask)", file=sys.stderr)
        return 2
    if args.processes is not None and args.processes < 1:
        print("error: --processes must be at least 1", file=sys.stderr)
        return 2
    if args.command == "tables":
        with pipeline.make_engine(args.engine, scheduler=args.scheduler, workers=args.workers,
                                  memory_limit=args.memory_limit, processes=args.processes,
                                  **_partitioning(args.partition_rows)) as engine:
            print(f"engine: {engine.describe()}", file=sys.stderr)
            pipeline.run(args.corpus, args.out, settings, engine=engine)
        print(f"wrote {len(pipeline.TABLES)} tables to {args.out / 'data'}")
        return 0
    from .build import BuildError, BuildOptions, build

    opts = BuildOptions(corpus=args.corpus, out=args.out, settings=settings, pdf=not args.no_pdf,
                        strict=not args.no_strict, base_url=args.base_url, fresh=args.fresh,
                        jobs=max(0, args.jobs), engine=args.engine, scheduler=args.scheduler,
                        workers=args.workers, memory_limit=args.memory_limit,
                        partition_rows=args.partition_rows, processes=args.processes)
    try:
        index = build(opts)
    except BuildError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"report: {index}")
    if (args.out / "report.pdf").exists() and not args.no_pdf:
        print(f"pdf: {args.out / 'report.pdf'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
