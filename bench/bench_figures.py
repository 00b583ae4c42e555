"""Benchmark: how fast the figures stage reads articles, in microseconds per word.

Usage: python bench/bench_figures.py [--rounds 5] [--repeat 4]

Reads the articles of the shared corpora (``../shared/corpora/*/articles.csv``) and the
seed articles, repeated ``--repeat`` times under new ids (so a corpus of a few hundred
articles), and times, per word of article text (``len(text.split())``):

* extraction: :func:`analysis.figures.figures_table` (finding the figures and what each
  statement says: the per-article map);
* contexts: the context words of every lined-up figure (:func:`analysis.figures.figure_contexts`,
  the per-article join with the text);
* grouping: :func:`analysis.figures.claims_tables` given the timeline stage's date mentions
  (contexts, anchors, document frequencies and the keyed reduction), for reference.

CPU time of this process (``time.process_time``), best of ``--rounds`` (the machine is
shared; the best round is the least disturbed).  Caches (stems, singular forms) persist
across rounds, as they do across the articles of one run.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.corpus import CorpusParams, load_corpus  # noqa: E402
from analysis.figures import FigureParams, claims_tables, figure_contexts, figures_table  # noqa: E402
from analysis.timeline import dates_table  # noqa: E402

SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared"))
               if (p / "corpora").is_dir()), None)


def corpus(repeat: int):
    sources = [ROOT / "seeds"]
    if SHARED is not None:
        sources += sorted((SHARED / "corpora").glob("*/articles.csv"))
    base = []
    for src in sources:
        base.extend(a for a in load_corpus(src, CorpusParams()).articles if a.text)
    return [replace(a, article_id=f"{k}-{a.article_id}") for k in range(repeat) for a in base], len(sources)


def best(rounds: int, fn) -> float:
    times = []
    for _ in range(rounds):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return min(times)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=4)
    args = ap.parse_args(argv)
    arts, n_sources = corpus(args.repeat)
    words = sum(len(a.text.split()) for a in arts)
    params = FigureParams()
    print(f"{len(arts)} articles from {n_sources} corpora ({'seeds only' if SHARED is None else 'seeds and shared'}), "
          f"{words:,} words")
    figs = figures_table(arts, params)
    t_extract = best(args.rounds, lambda: figures_table(arts, params))
    by_article = {a.article_id: a for a in arts}
    groups = {}
    for r in figs.to_dict("records"):
        groups.setdefault(r["article_id"], []).append(r)

    def contexts():
        for aid, rows in groups.items():
            figure_contexts(by_article[aid], rows, params)

    t_context = best(args.rounds, contexts)
    dates = dates_table(arts, None)
    t_group = best(max(1, args.rounds // 2), lambda: claims_tables(figs, arts, params, dates))
    per = 1e6 / words
    print(f"  extraction  {per * t_extract:6.2f} us/word  ({len(figs):,} figures)")
    print(f"  contexts    {per * t_context:6.2f} us/word")
    print(f"  extraction + contexts {per * (t_extract + t_context):6.2f} us/word")
    print(f"  grouping (claims, given dates) {per * t_group:6.2f} us/word")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
