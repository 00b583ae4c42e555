"""Speed of the temporal tagger on real news text, in microseconds per word.

Usage: ``python bench/bench_temporal.py [CSV or JSONL ...] [--limit N] [--raw] [--repeat N] [--profile]``
(defaults: the shared corpora ``../shared/corpora/*/articles.csv`` and the
repository's seed articles; ``bench/corpus_maker.py`` writes JSONL shards).

Each text is cleaned as the corpus stage cleans it (``corpus.clean_text``: paragraph
separators such as `` ### `` become blank lines, page furniture goes), so the tagger
sees what it sees in a run; ``--raw`` times the texts as stored.

Reports, over every article's text (best of ``--repeat`` runs): finding (anchor-free, once per article),
resolution against the publication date (cheap, may run several times), and
their composition ``extract_dates``; each as total seconds, µs per word and
the slowest article, in wall-clock time and in this process's CPU time (the
figure to compare on a machine shared with other work).  Prints figures only;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from datetime import date
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import temporal  # noqa: E402
from analysis.corpus import clean_text  # noqa: E402


def load_texts(paths: list[Path], raw: bool = False, limit: int = 0) -> list[str]:
    texts: list[str] = []
    for p in paths:
        df = pd.read_json(p, lines=True, dtype=False) if p.suffix == ".jsonl" else pd.read_csv(p)
        texts += [t for t in df["text"].astype(str) if t.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts = texts[:limit] if limit else texts
    return texts if raw else [c for c in (clean_text(t)[0] for t in texts) if c.strip()]


def timed(fn, texts, repeat):
    """Best of ``repeat`` runs (the machine is shared: the minimum is the least disturbed), per-article
    times, and the CPU time of the best run."""
    best, per, cpu = float("inf"), [], 0.0
    for _ in range(repeat):
        times = []
        c0 = time.process_time()
        for t in texts:
            a = time.perf_counter()
            fn(t)
            times.append(time.perf_counter() - a)
        if sum(times) < best:
            best, per, cpu = sum(times), times, time.process_time() - c0
    return best, per, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = sorted((ROOT.parent.parent / "shared" / "corpora").glob("*/articles.csv")) or \
        sorted(Path("/work/shared/corpora").glob("*/articles.csv"))
    ap.add_argument("csv", nargs="*", default=[str(p) for p in default])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--raw", action="store_true", help="time the texts as stored, not as the corpus stage cleans them")
    ap.add_argument("--limit", type=int, default=0, help="only the first N texts")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    texts = load_texts([Path(p) for p in args.csv], args.raw, args.limit)
    words = [len(t.split()) for t in texts]
    total_words = sum(words)
    print(f"{len(texts)} articles, {total_words} words (from {len(args.csv)} files and the seeds, "
          f"{'as stored' if args.raw else 'cleaned as the corpus stage cleans them'})")
    anchor = date(2019, 6, 1)
    runs = [("extract_dates", lambda t: temporal.extract_dates(t, anchor, anchor))]
    if hasattr(temporal, "find_mentions"):
        found = {}
        runs.insert(0, ("find_mentions", lambda t: found.__setitem__(t, temporal.find_mentions(t))))
        runs.insert(1, ("resolve_mentions", lambda t: temporal.resolve_mentions(found[t], anchor, anchor)))
    for name, fn in runs:
        if args.profile:
            pr = cProfile.Profile()
            pr.enable()
        secs, per, cpu = timed(fn, texts, args.repeat)
        if args.profile:
            pr.disable()
            pstats.Stats(pr).sort_stats("cumulative").print_stats(15)
        worst = max(range(len(texts)), key=lambda i: per[i])
        print(f"{name:17s} {secs:7.3f} s  {1e6 * secs / total_words:6.2f} µs/word  "
              f"(CPU {1e6 * cpu / total_words:5.2f} µs/word, {1e3 * cpu / len(texts):5.2f} ms/article)  "
              f"slowest article {1e3 * per[worst]:.1f} ms ({words[worst]} words)")


if __name__ == "__main__":
    main()
