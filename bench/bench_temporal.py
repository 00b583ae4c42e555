"""Speed of the temporal tagger on real news text, in microseconds per word.

Usage: ``python bench/bench_temporal.py [CSV ...] [--repeat N] [--profile]``
(defaults: the shared corpora ``../shared/corpora/*/articles.csv`` and the
repository's seed articles).

Reports, over every article's text (best of ``--repeat`` runs): finding (anchor-free, once per article),
resolution against the publication date (cheap, may run several times), and
their composition ``extract_dates``; each as total seconds, µs per word and
the slowest article.  Prints figures only; nothing is asserted.
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


def load_texts(paths: list[Path]) -> list[str]:
    texts: list[str] = []
    for p in paths:
        df = pd.read_csv(p)
        texts += [t for t in df["text"].astype(str) if t.strip()]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts


def timed(fn, texts, repeat):
    """Best of ``repeat`` runs (the machine is shared: the minimum is the least disturbed), per-article times."""
    best, per = float("inf"), []
    for _ in range(repeat):
        times = []
        for t in texts:
            a = time.perf_counter()
            fn(t)
            times.append(time.perf_counter() - a)
        if sum(times) < best:
            best, per = sum(times), times
    return best, per


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = sorted((ROOT.parent.parent / "shared" / "corpora").glob("*/articles.csv")) or \
        sorted(Path("/work/shared/corpora").glob("*/articles.csv"))
    ap.add_argument("csv", nargs="*", default=[str(p) for p in default])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    texts = load_texts([Path(p) for p in args.csv])
    words = [len(t.split()) for t in texts]
    total_words = sum(words)
    print(f"{len(texts)} articles, {total_words} words (from {len(args.csv)} CSV files and the seeds)")
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
        secs, per = timed(fn, texts, args.repeat)
        if args.profile:
            pr.disable()
            pstats.Stats(pr).sort_stats("cumulative").print_stats(15)
        worst = max(range(len(texts)), key=lambda i: per[i])
        print(f"{name:17s} {secs:7.3f} s  {1e6 * secs / total_words:6.2f} µs/word  "
              f"slowest article {1e3 * per[worst]:.1f} ms ({words[worst]} words)")


if __name__ == "__main__":
    main()
