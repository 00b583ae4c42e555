"""Benchmark: how fast the figures stage reads articles, in microseconds per word.

Usage: python bench/bench_figures.py [--rounds 5] [--repeat 4]
       python bench/bench_figures.py --corpus DIR [DIR ...]

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

With ``--corpus DIR ...`` (corpora made by ``bench/corpus_maker.py N DIR``, smallest first),
the grouping at scale instead: for each corpus, its publication dates and date mentions
from the timeline stage, its figures, then :func:`analysis.figures.claims_tables`, with

* comparisons: pairs of figures compared in full (calls of the pairwise comparison);
* candidates: pairs the blocking proposed (when grouping reports it);
* grouping seconds: CPU time inside the keyed reductions (:func:`analysis.figures.group_claims`),
  and of the whole of ``claims_tables`` (contexts, anchors, document frequencies too);
* microseconds per word of the keyed reductions, the largest key (figures), and between
  corpora the growth exponent k of comparisons and of grouping time (``t ~ n^k``).

With ``--stage DIR ...`` the whole figures stage as the pipeline runs it
(:func:`analysis.figures.figures_stage` on the local engine, given the earlier stages' tables
of that corpus, captured once from this checkout's pipeline): CPU seconds of the stage in a
fresh process each time (the first use of the unit registry included), the median of
``--runs`` runs, and a hash of its four tables.  ``--code OTHER`` times another checkout
(e.g. ``/work/main``) on the same inputs, interleaved run by run with this one (the machine is
shared: interleaving spreads its load over both), and says whether the tables are the same.

    python bench/bench_figures.py --stage /tmp/bc1k --code ../main --runs 5
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analysis.figures as figures_module  # noqa: E402
from analysis.corpus import CorpusParams, load_corpus  # noqa: E402
from analysis.figures import FigureParams, claims_tables, figure_contexts, figures_table  # noqa: E402
from analysis.timeline import dates_table, infer_publication  # noqa: E402

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


class Counted:
    """Wraps the module's pairwise comparison and keyed reduction to count calls and time."""

    def __init__(self):
        self.compare = figures_module._compare
        self.group = figures_module.group_claims
        self.comparisons = 0
        self.group_seconds = 0.0
        self.largest = 0
        self.candidates = 0

    def __enter__(self):
        def compare(*a, **k):
            self.comparisons += 1
            return self.compare(*a, **k)

        def group(key, rows, *a, **k):
            t = time.process_time()
            out = self.group(key, rows, *a, **k)
            self.group_seconds += time.process_time() - t
            self.largest = max(self.largest, len(rows))
            return out

        figures_module._compare = compare
        figures_module.group_claims = group
        return self

    def __exit__(self, *exc):
        figures_module._compare = self.compare
        figures_module.group_claims = self.group
        self.candidates = getattr(figures_module, "GROUPING_STATS", {}).get("candidates", 0)


def at_scale(dirs: list[str]) -> int:
    """Grouping on corpora of growing size: comparisons, seconds, growth."""
    params = FigureParams()
    prev = None
    for d in dirs:
        arts = load_corpus(d, CorpusParams()).articles
        publication = infer_publication(arts, None)
        days = dict(zip(publication["article_id"], publication["published"].fillna("")))
        arts = [a if a.published else replace(a, published=days.get(a.article_id, "") or "") for a in arts]
        dates = dates_table(arts, publication)
        figs = figures_table(arts, params)
        words = sum(len((a.text or "").split()) for a in arts)
        if hasattr(figures_module, "GROUPING_STATS"):
            figures_module.GROUPING_STATS.clear()
        with Counted() as c:
            t = time.process_time()
            claims, apart = claims_tables(figs, arts, params, dates)
            total = time.process_time() - t
        stats = getattr(figures_module, "GROUPING_STATS", {})
        print(f"{d}: {len(arts):,} articles, {words:,} words, {len(figs):,} figures, largest key {c.largest:,}")
        print(f"  comparisons {c.comparisons:,}" + (f"  (candidate pairs {stats['candidates']:,}, "
                                                    f"merges checked {stats.get('merges', 0):,})" if stats else ""))
        print(f"  grouping (keyed reductions) {c.group_seconds:7.2f} s  {1e6 * c.group_seconds / words:6.2f} us/word;"
              f"  claims_tables in all {total:7.2f} s  {1e6 * total / words:6.2f} us/word;"
              f"  {claims['claim_id'].nunique():,} claims, {(claims['status'] == 'conflict').sum():,} figures in "
              f"conflicts, {len(apart):,} apart pairs")
        if prev is not None:
            k_n = math.log(len(arts) / prev[0])
            growth = [f"{name} n^{math.log(max(v, 1e-9) / max(p, 1e-9)) / k_n:.2f}"
                      for name, v, p in (("comparisons", c.comparisons, prev[1]),
                                         ("grouping time", c.group_seconds, prev[2]))]
            print("  growth from the previous corpus: " + ", ".join(growth))
        prev = (len(arts), c.comparisons, c.group_seconds)
    return 0


_STAGE_RUN = r"""
import hashlib, pickle, sys, time
sys.path.insert(0, sys.argv[1])
import analysis.figures as F
from analysis.engine import LocalEngine
articles, dates, passages, n, params = pickle.load(open(sys.argv[2], "rb"))
t = time.process_time()
out = F.figures_stage(LocalEngine(), articles, dates, passages, n, params)
spent = time.process_time() - t
h = hashlib.sha256()
for name, by in (("figures", ["article_id", "start"]), ("claims", ["status_order", "claim_id", "article_id", "figure_id"]),
                 ("summary", ["status_order", "minus_articles", "claim_id"]),
                 ("claims_apart", ["subject_key", "claim_a", "claim_b"])):
    h.update(getattr(out, name).sort_values(by, kind="mergesort").to_csv(index=False).encode())
print(spent, h.hexdigest()[:16])
"""


def stage_inputs(corpus_dir: str, path: Path) -> None:
    """The figures stage's inputs for ``corpus_dir`` (this checkout's earlier stages), pickled to ``path``."""
    import pickle

    import analysis.pipeline as pipeline
    from analysis.engine import LocalEngine

    class Captured(Exception):
        pass

    def capture(engine, articles, dates, passages, n_articles, params):
        with open(path, "wb") as fh:
            pickle.dump((articles, dates, passages, n_articles, params), fh)
        raise Captured

    real, pipeline.figures_stage = pipeline.figures_stage, capture
    try:
        pipeline.run_stages(LocalEngine(), corpus_dir, {}, lambda name, out: None, lambda message: None)
    except Captured:
        pass
    finally:
        pipeline.figures_stage = real


def stage_runs(corpora: list[str], others: list[str], runs: int) -> int:
    """CPU seconds of the whole figures stage per corpus and checkout (median of ``runs``), interleaved."""
    import statistics
    import subprocess
    import tempfile

    checkouts = [str(Path(c).resolve()) for c in others] + [str(ROOT)]
    with tempfile.TemporaryDirectory() as tmp:
        for corpus_dir in corpora:
            inputs = Path(tmp) / "inputs.pkl"
            stage_inputs(corpus_dir, inputs)
            seconds: dict[str, list[float]] = {c: [] for c in checkouts}
            hashes: dict[str, set] = {c: set() for c in checkouts}
            for _ in range(runs):
                for c in checkouts:
                    out = subprocess.run([sys.executable, "-c", _STAGE_RUN, c, str(inputs)], check=True,
                                         capture_output=True, text=True).stdout.split()
                    seconds[c].append(float(out[0]))
                    hashes[c].add(out[1])
            print(f"{corpus_dir}: figures stage, CPU seconds (median of {runs}; all runs)")
            for c in checkouts:
                same = "" if len(checkouts) == 1 else (
                    "  tables identical" if hashes[c] == hashes[str(ROOT)] and len(hashes[c]) == 1 else "  TABLES DIFFER")
                print(f"  {c}: {statistics.median(seconds[c]):6.2f} s  "
                      f"({' '.join(f'{x:.2f}' for x in seconds[c])}){same}")
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=4)
    ap.add_argument("--corpus", nargs="+", help="corpora made by bench/corpus_maker.py, smallest first")
    ap.add_argument("--stage", nargs="+", help="corpora: time the whole figures stage on each")
    ap.add_argument("--code", nargs="*", default=[], help="other checkouts to time against this one (--stage)")
    ap.add_argument("--runs", type=int, default=5, help="runs per checkout (--stage)")
    args = ap.parse_args(argv)
    if args.stage:
        return stage_runs(args.stage, args.code, args.runs)
    if args.corpus:
        return at_scale(args.corpus)
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
