"""Benchmark of source overlap on synthetic corpora with known copies.

Builds corpora of N articles from sentences of the real articles in
``../shared/corpora/*/articles.csv`` and ``seeds/``: each fresh sentence is a
real sentence whose content words are re-drawn from the corpus vocabulary
(function words, punctuation and sentence shape stay, so stock phrases like
"in the" recur as in real news but no two fresh sentences share a passage).
Then a share of articles are made as copies of earlier ones with known
edits: word substitutions, insertions and deletions, a corrected or
introduced typo, changed numbers, sentences inserted and deleted,
paragraphs reordered, excerpts, and copies embedded in longer pages.  Every
outlet has a boilerplate footer, and a few "standard quotes" appear verbatim
in many articles: neither is reuse.

Ground truth comes from provenance: each sentence carries the id of the
fresh sentence it descends from.  A pair is a *known copy* when the
sentences they share (footers and standard quotes excluded) hold at least
``--truth-words`` words (default 40, twice the minimum passage length);
pairs sharing fewer words are *ambiguous* and count neither way.

Prints, per size: time of ``find_overlap``, peak memory (process peak RSS
and tracemalloc-free delta over the pre-run RSS), candidate pairs, reported
pairs, known copies, pair recall and precision.

Usage: ``python bench/bench_overlap.py --sizes 1000 10000 [100000]``
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.article import Article  # noqa: E402
from analysis.overlap import OverlapParams, find_overlap  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
SEEDS = ROOT / "seeds"
_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
_WORD = re.compile(r"[^\W\d_]{4,}")


def load_sentences() -> list[str]:
    """Sentences (8-60 words) of the real articles; empty if no corpus is present."""
    texts: list[str] = []
    for csv in sorted(SHARED.glob("*/articles.csv")):
        import pandas as pd
        texts.extend(pd.read_csv(csv)["text"].dropna().astype(str))
    for p in sorted(SEEDS.glob("*.txt")):
        texts.append(p.read_text(encoding="utf-8", errors="replace"))
    out = []
    for t in texts:
        for para in re.split(r"\s*###\s*|\n+|\s{2,}", t):
            for s in _SENT.split(para.strip()):
                if 8 <= len(s.split()) <= 60:
                    out.append(s.strip())
    return sorted(set(out))


class Generator:
    """Synthetic articles with provenance (sentence ids) and known edits."""

    def __init__(self, sentences: list[str], seed: int, rates: tuple[float, ...]):
        self.rng = random.Random(seed)
        self.rates = rates
        self.sentences = sentences
        counts = Counter(w for s in sentences for w in _WORD.findall(s))
        self.vocab = sorted(counts)
        self.weights = [counts[w] for w in self.vocab]
        self.next_uid = 0

    def words(self, k: int) -> list[str]:
        return self.rng.choices(self.vocab, self.weights, k=k)

    def fresh(self) -> tuple[int, str]:
        """A new sentence: a real one with its content words re-drawn."""
        s = self.rng.choice(self.sentences)
        n = len(_WORD.findall(s))
        repl = iter(self.words(n))
        s = _WORD.sub(lambda m: next(repl), s)
        s = re.sub(r"\d", lambda m: str(self.rng.randrange(10)), s)
        self.next_uid += 1
        return self.next_uid, s

    def article(self) -> list[list[tuple[int, str]]]:
        return [[self.fresh() for _ in range(self.rng.randint(1, 3))] for _ in range(self.rng.randint(3, 9))]

    def mutate_sentence(self, s: str, rate: float) -> str:
        """Word substitutions, insertions, deletions, a typo, a changed number."""
        rng = self.rng
        toks = s.split(" ")
        out = []
        for t in toks:
            r = rng.random()
            if r < rate:
                out.append(self.words(1)[0])  # substitution
            elif r < 1.6 * rate:
                continue  # deletion
            elif r < 2.2 * rate:
                out.extend([t, self.words(1)[0]])  # insertion
            elif r < 2.4 * rate and len(t) > 5 and t.isalpha():
                i = rng.randrange(1, len(t) - 1)
                out.append(t[:i] + t[i + 1:])  # typo (or its correction, seen from the other side)
            elif r < 2.5 * rate and any(c.isdigit() for c in t):
                out.append(re.sub(r"\d", lambda m: str(rng.randrange(10)), t, count=1))
            else:
                out.append(t)
        return " ".join(out) if out else s

    def copy(self, src: list[list[tuple[int, str]]]) -> list[list[tuple[int, str]]]:
        rng = self.rng
        rate = rng.choice(self.rates)
        paras = [list(p) for p in src]
        kind = rng.random()
        if kind < 0.2 and len(paras) > 2:  # excerpt: a run of paragraphs
            i = rng.randrange(len(paras) - 1)
            paras = paras[i:i + rng.randint(2, 3)]
        out = []
        for p in paras:
            q = []
            for uid, s in p:
                if rng.random() < 0.08:
                    continue  # sentence deleted
                q.append((uid, self.mutate_sentence(s, rate)))
                if rng.random() < 0.05:
                    q.append(self.fresh())  # sentence inserted
            if q:
                out.append(q)
        if len(out) > 2 and rng.random() < 0.3:  # paragraphs reordered
            i, j = rng.sample(range(len(out)), 2)
            out[i], out[j] = out[j], out[i]
        if rng.random() < 0.2:  # embedded in a longer page
            out = self.article() + out + self.article()
        elif rng.random() < 0.3:
            out = out + [[self.fresh()] for _ in range(rng.randint(1, 3))]
        return out or [[self.fresh()]]


#: Per-copy edit rate r (one is drawn per copy): about 2.5 r of the words are
#: touched (r substituted, 0.6 r deleted, 0.6 r inserted, typos, numbers).
#: "light" tops out near the 5% of words edited between the two seed near-copies.
EDIT_RATES = {"light": (0.0, 0.005, 0.01, 0.02), "heavy": (0.0, 0.01, 0.02, 0.04)}


def make_corpus(n: int, seed: int = 0, copy_rate: float = 0.35, edits: str = "light"):
    """(articles, provenance) with provenance[i] = {uid: words} of article i's copied-or-fresh sentences."""
    sentences = load_sentences()
    g = Generator(sentences, seed, EDIT_RATES[edits])
    rng = g.rng
    n_outlets = max(1, n // 8)
    footers = [g.fresh()[1] for _ in range(n_outlets)]
    quotes = [rng.choice(sentences) for _ in range(3)]
    structs: list[list[list[tuple[int, str]]]] = []
    arts, prov = [], []
    for i in range(n):
        if structs and rng.random() < copy_rate:
            struct = g.copy(structs[rng.randrange(len(structs))])
        else:
            struct = g.article()
        structs.append(struct)
        outlet = rng.randrange(n_outlets)
        paras = [" ".join(s for _, s in p) for p in struct]
        for q in quotes:  # standard quotes: each in ~25% of articles, not reuse
            if rng.random() < 0.25:
                paras.insert(rng.randrange(len(paras) + 1), f"“{q}”")
        if rng.random() < 0.7:
            paras.append(footers[outlet])
        arts.append(Article(article_id=f"s{i:06d}", text="\n\n".join(paras), outlet=f"outlet{outlet}"))
        counts: dict[int, int] = defaultdict(int)
        for p in struct:
            for uid, s in p:
                counts[uid] += len(s.split())
        prov.append(dict(counts))
    return arts, prov


def truth_pairs(arts, prov, min_words: int) -> tuple[set, set]:
    """(known copies, ambiguous pairs) from shared sentence provenance."""
    by_uid: dict[int, list[int]] = defaultdict(list)
    for i, p in enumerate(prov):
        for uid in p:
            by_uid[uid].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for uid, docs in by_uid.items():
        if len(docs) < 2:
            continue
        for x in range(len(docs)):
            for y in range(x + 1, len(docs)):
                a, b = docs[x], docs[y]
                shared[(a, b)] += min(prov[a][uid], prov[b][uid])
    ids = [a.article_id for a in arts]
    known = {(ids[a], ids[b]) for (a, b), w in shared.items() if w >= min_words}
    ambiguous = {(ids[a], ids[b]) for (a, b), w in shared.items() if 0 < w < min_words}
    return known, ambiguous


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_size(n: int, seed: int, truth_words: int, edits: str, params: dict, queue) -> None:
    t0 = time.perf_counter()
    arts, prov = make_corpus(n, seed, edits=edits)
    known, ambiguous = truth_pairs(arts, prov, truth_words)
    gen_s = time.perf_counter() - t0
    base = _rss_mb()
    words = sum(len(a.text.split()) for a in arts)
    t0 = time.perf_counter()
    res = find_overlap(arts, OverlapParams(**params))
    secs = time.perf_counter() - t0
    peak = _rss_mb()
    found = set(zip(res.pairs.article_a, res.pairs.article_b))
    judged = found - ambiguous
    tp = len(judged & known)
    queue.put(dict(n=n, words=words, gen_s=gen_s, secs=secs, peak_mb=peak, delta_mb=peak - base,
                   known=len(known), ambiguous=len(ambiguous), found=len(found), tp=tp,
                   recall=tp / max(1, len(known)), precision=tp / max(1, len(judged)),
                   passages=len(res.passages), common_passages=int(res.passages.common.sum()),
                   common_phrases=len(res.common_phrases), families=res.families.family.nunique()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--truth-words", type=int, default=40)
    ap.add_argument("--edits", choices=sorted(EDIT_RATES), default="light")
    ap.add_argument("--set", nargs="*", default=[], metavar="NAME=VALUE",
                    help="override an OverlapParams field, e.g. --set min_passage_words=15")
    args = ap.parse_args()
    params = {k: type(getattr(OverlapParams(), k))(v) for k, v in (kv.split("=", 1) for kv in args.set)}
    print(f"edits={args.edits} rates={EDIT_RATES[args.edits]} truth_words={args.truth_words} "
          f"params={OverlapParams(**params)}")
    if not load_sentences():
        print(f"skipped: no sentences (neither {SHARED} nor {SEEDS} present)")
        return
    ctx = mp.get_context("spawn")  # a fresh process per size, so peak memory is per size
    print(f"{'articles':>9} {'words':>10} {'time_s':>7} {'peak_MB':>8} {'delta_MB':>8} {'known':>7} "
          f"{'ambig':>6} {'found':>7} {'recall':>7} {'precis':>7} {'passages':>8} {'common':>6} {'families':>8}")
    for n in args.sizes:
        q = ctx.Queue()
        p = ctx.Process(target=run_size, args=(n, args.seed, args.truth_words, args.edits, params, q))
        p.start()
        r = q.get()
        p.join()
        print(f"{r['n']:>9} {r['words']:>10} {r['secs']:>7.1f} {r['peak_mb']:>8.0f} {r['delta_mb']:>8.0f} "
              f"{r['known']:>7} {r['ambiguous']:>6} {r['found']:>7} {r['recall']:>7.4f} {r['precision']:>7.4f} "
              f"{r['passages']:>8} {r['common_passages']:>6} {r['families']:>8}", flush=True)


if __name__ == "__main__":
    main()
