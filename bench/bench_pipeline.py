"""Whole-pipeline benchmark on real-text corpora: time per stage, peak memory, growth, reuse recall.

Makes corpora of the given sizes with ``bench/corpus_maker.py`` (real paragraphs of the shared
corpora, recombined, with verbatim, edited and excerpted copies, repeats, outlets and dates), then
runs ``python -m analysis tables`` on each, as a separate process, with each engine asked for:

* ``local``: the default engine (in this machine's processes: one per core, at most 4);
* ``local:N``: the local engine with N worker processes (``--processes N``; ``local:1`` runs
  everything in one process);
* ``dask:N``: a local Dask cluster of N worker processes (``--workers N``), optionally with
  ``--memory-limit`` per worker.

Prints, per size and engine: words, seconds per stage (corpus, overlap, timeline, figures, write,
the book's bounded tables)
and in all, the peak memory of the whole process tree (sum of resident memory, sampled every
0.2 s) and of its largest process, and the recall of the known copies (a copy counts as found when
``overlap_pairs.csv`` pairs it with its source, or with a row its source repeats).  Between sizes,
the growth exponent of the total time (``t ~ n^k``).  Every run's CSVs are compared byte for byte with
the local engine's uncapped run of the same size.  ``--local-memory-gb G`` caps the local engine's
address space (a machine with G GiB): with ``--engines local dask:2 --memory-limit ...`` it tests whether a
corpus the local engine cannot hold finishes on capped Dask workers with the same tables (at 10,000
articles: the local engine fails with 2 GiB of address space, two workers capped at 1.5 GB finish).
``--partition-rows N`` sets the articles per Dask partition.

Usage: ``python bench/bench_pipeline.py --sizes 1000 10000 100000 --engines local dask:2``
"""

from __future__ import annotations

import argparse
import filecmp
import json
import math
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from corpus_maker import make  # noqa: E402


def corpus(n: int, cache: Path, seed: int) -> Path:
    """The n-article corpus, made once and kept under ``cache``."""
    path = cache / f"corpus-{n}-s{seed}"
    if not (path / "_truth" / "copies.jsonl").exists():
        if path.exists():
            shutil.rmtree(path)
        t0 = time.perf_counter()
        kinds = make(n, path, seed)
        print(f"# made {n} articles in {time.perf_counter() - t0:.0f}s: {kinds}", flush=True)
    return path


def run(corpus_dir: Path, out: Path, engine: str, memory_limit: str | None, extra: list[str],
        address_space_gb: float = 0.0, partition_rows: int = 0) -> dict:
    """One ``tables`` run as a child process, with its tree's memory sampled.  With
    ``address_space_gb`` the local engine's process may not map more than that (RLIMIT_AS): a machine
    with that much memory; a run that needs more fails, and is reported as failed."""
    if out.exists():
        shutil.rmtree(out)
    args = [sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus_dir), "--out", str(out)]
    if engine.startswith("dask"):
        workers = engine.split(":", 1)[1] if ":" in engine else "2"
        args += ["--engine", "dask", "--workers", workers]
        if memory_limit:
            args += ["--memory-limit", memory_limit]
        if partition_rows:
            args += ["--partition-rows", str(partition_rows)]
    elif ":" in engine:
        args += ["--processes", engine.split(":", 1)[1]]
    args += extra
    peak = {"tree": 0, "largest": 0}
    t0 = time.perf_counter()
    def cap() -> None:
        if address_space_gb and engine.startswith("local"):
            import resource

            limit = int(address_space_gb * 2**30)
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=cap)
    stop = threading.Event()

    def sample() -> None:
        p = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                rss = [p.memory_info().rss] + [c.memory_info().rss for c in p.children(recursive=True)]
            except psutil.Error:
                rss = [0]
            peak["tree"] = max(peak["tree"], sum(rss))
            peak["largest"] = max(peak["largest"], max(rss))
            stop.wait(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    stop.set()
    watcher.join()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        if address_space_gb and engine.startswith("local"):
            last = [x for x in err.strip().splitlines() if x.strip()][-1:] or [""]
            return {"failed": last[0][:160], "wall": wall, "peak_tree_mb": peak["tree"] / 2**20,
                    "peak_largest_mb": peak["largest"] / 2**20}
        raise SystemExit(f"run failed ({engine}, {corpus_dir}):\n{err[-3000:]}")
    timings = json.loads((out / "timings.json").read_text())
    return {"wall": wall, "peak_tree_mb": peak["tree"] / 2**20, "peak_largest_mb": peak["largest"] / 2**20,
            **timings}


def recall(corpus_dir: Path, out: Path) -> float:
    """Share of the known copies found as a pair with their source (or a repeat of it)."""
    import pandas as pd

    truth = [json.loads(x) for x in (corpus_dir / "_truth" / "copies.jsonl").read_text().splitlines()]
    arts = pd.read_csv(out / "data" / "articles.csv", dtype=str, keep_default_na=False)
    primary = {a: (d or a) for a, d in zip(arts["article_id"], arts["duplicate_of"])}
    pairs = pd.read_csv(out / "data" / "overlap_pairs.csv", dtype=str, keep_default_na=False)
    found = {frozenset((primary.get(a, a), primary.get(b, b))) for a, b in zip(pairs["article_a"], pairs["article_b"])}
    copies = [t for t in truth if t["kind"] != "repeat"]
    hit = sum(frozenset((primary.get(t["id"], t["id"]), primary.get(t["source"], t["source"]))) in found
              or primary.get(t["id"]) == primary.get(t["source"]) for t in copies)
    return hit / max(1, len(copies))


def words(corpus_dir: Path) -> int:
    n = 0
    for p in corpus_dir.glob("*.jsonl"):
        for line in p.open(encoding="utf-8"):
            n += len(json.loads(line)["text"].split())
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--engines", nargs="+", default=["local"], help="local, local:N (N processes), dask:N (N local workers)")
    ap.add_argument("--memory-limit", default=None, help="per Dask worker, e.g. 2GB")
    ap.add_argument("--partition-rows", type=int, default=0, help="articles per Dask partition")
    ap.add_argument("--local-memory-gb", type=float, default=0.0,
                    help="cap the local engine's address space (RLIMIT_AS) at this many GiB, as on a smaller machine")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/forensics-bench"))
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE", help="analysis settings (--set)")
    args = ap.parse_args()
    extra = [x for kv in args.set for x in ("--set", kv)]
    cols = ["articles", "words", "engine", "corpus", "overlap", "timeline", "figures", "write", "book", "total", "wall",
            "peak_tree_MB", "peak_proc_MB", "recall"]
    print(" ".join(f"{c:>12}" for c in cols), flush=True)
    totals: dict[str, list[tuple[int, float]]] = {}
    for n in args.sizes:
        cdir = corpus(n, args.cache, args.seed)
        w = words(cdir)
        outs = []
        for engine in args.engines:
            cap = f"-cap{args.local_memory_gb:g}g" if args.local_memory_gb and engine.startswith("local") else ""
            out = args.cache / f"out-{n}-{engine.replace(':', '')}{cap}"
            outs.append(out)
            r = run(cdir, out, engine, args.memory_limit, extra, args.local_memory_gb, args.partition_rows)
            if "failed" in r:
                print(f"{n:>12} {w:>12} {engine:>12}   failed after {r['wall']:.0f}s with "
                      f"{args.local_memory_gb:g} GiB of address space: {r['failed']}", flush=True)
                continue
            rc = recall(cdir, out)
            totals.setdefault(engine, []).append((n, r["total"]))
            vals = [n, w, engine] + [f"{r.get(k, 0):.1f}" for k in ("corpus", "overlap", "timeline", "figures",
                                                                     "write", "book", "total")]
            vals += [f"{r['wall']:.1f}", f"{r['peak_tree_mb']:.0f}", f"{r['peak_largest_mb']:.0f}", f"{rc:.4f}"]
            print(" ".join(f"{v:>12}" for v in vals), flush=True)
        # every run is compared with the local engine's uncapped run of this size (this time or an earlier one)
        reference = args.cache / f"out-{n}-local"
        done = [o for o in outs if (o / "data" / "run.json").exists() and o != reference]
        if (reference / "data" / "run.json").exists() and done:
            names = sorted(p.name for p in (reference / "data").glob("*.csv"))
            for other in done:
                same = all(filecmp.cmp(reference / "data" / x, other / "data" / x, shallow=False) for x in names)
                print(f"# {n}: {other.name} and {reference.name}: CSVs {'identical' if same else 'DIFFER'}",
                      flush=True)
    for engine, pts in totals.items():
        for (n1, t1), (n2, t2) in zip(pts, pts[1:]):
            if t1 > 0 and n2 > n1:
                print(f"# {engine}: growth exponent {n1}->{n2}: {math.log(t2 / t1) / math.log(n2 / n1):.2f}")


if __name__ == "__main__":
    main()
