"""Realistic corpora for the whole-pipeline benchmarks, made from the shared corpora's paragraphs.

Each *fresh* article takes the shape of a real article (its number of
paragraphs and their lengths) and fills it with real paragraphs of the
shared corpora (``../shared/corpora/*/articles.csv``) and the seeds, whose
content words are re-drawn from the corpus vocabulary.  What the extractors
read is kept as written: numbers with their units and scale words, month and
weekday names, years, "yesterday", "per cent", quotation marks, sentence
shape.  So the text is as long and as dense in figures and dates as real
coverage, while two fresh articles share no passage by accident.

Then, as in real coverage of one story:

* ``verbatim`` copies: another outlet runs an earlier article word for word;
* ``edited`` copies: word substitutions, insertions, deletions, typos, a
  changed number, sentences dropped or added, paragraphs reordered (the edit
  rates of ``bench_overlap.py``);
* ``excerpt`` copies: two or three paragraphs of an earlier article quoted
  inside a fresh one;
* ``repeat`` rows: the same outlet's page scraped again later.

Every outlet has a footer line (boilerplate); publication days are spread
over a window, copies appear zero to three days after their source, and a
share of rows carry only a scrape time.  Articles are written as JSONL
shards (``id``, ``publisher``, ``published``, ``scrape_time``, ``title``,
``text``) with ``_truth/copies.jsonl`` listing each copy and its source.

Usage: ``python bench/corpus_maker.py N OUT_DIR [--seed S] [--shard-rows R]``
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpora"
SEEDS = ROOT / "seeds"

_WORD = re.compile(r"[^\W\d_]{4,}")
_SENT = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])")
#: Words kept as written: what dates and figures are made of.
KEEP = set("""january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow tonight morning
week weeks month months year years decade century ago last next earlier later since until before after
percent cent hundred thousand million billion trillion dozen dozens hundreds thousands millions billions
about around nearly almost more than least fewer less some roughly approximately estimated over under
miles mile kilometers kilometres meters metres feet tons tonnes pounds dollars euros points
people troops soldiers workers users subscribers members votes jobs deaths killed injured
said says told according""".split())
EDIT_RATES = (0.0, 0.005, 0.01, 0.02)


def _texts() -> list[str]:
    import pandas as pd

    texts: list[str] = []
    for csv in sorted(SHARED.glob("*/articles.csv")):
        texts.extend(pd.read_csv(csv)["text"].dropna().astype(str))
    for p in sorted(SEEDS.glob("*.txt")):
        texts.append(p.read_text(encoding="utf-8", errors="replace"))
    return texts


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\s*###\s*|\n\s*\n|\n", text) if len(p.split()) >= 8]


class Maker:
    """Fresh and copied articles with provenance."""

    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)
        texts = _texts()
        if not texts:
            raise SystemExit(f"no source text: neither {SHARED} nor {SEEDS} is present")
        self.paragraphs = sorted({p for t in texts for p in _paragraphs(t)})
        self.shapes = [[len(p.split()) for p in _paragraphs(t)] for t in texts]
        self.shapes = [s for s in self.shapes if len(s) >= 3]
        counts = Counter(w for p in self.paragraphs for w in _WORD.findall(p) if w.lower() not in KEEP)
        self.vocab = sorted(counts)
        self.weights = [counts[w] for w in self.vocab]

    def _redraw(self, text: str) -> str:
        words = iter(self.rng.choices(self.vocab, self.weights, k=len(_WORD.findall(text))))

        def swap(m: re.Match) -> str:
            w = next(words)
            if m.group().lower() in KEEP:
                return m.group()
            return w.capitalize() if m.group()[0].isupper() else w.lower()

        text = _WORD.sub(swap, text)
        # numbers change (so copies' figures can be told from fresh ones), years stay years
        return re.sub(r"(?<![\d.,])\d{1,3}(?![\d])(?!,\d)", lambda m: str(self.rng.randrange(1, 999))
                      if self.rng.random() < 0.5 else m.group(), text)

    def fresh_paragraph(self) -> str:
        return self._redraw(self.rng.choice(self.paragraphs))

    def fresh(self) -> list[str]:
        shape = self.rng.choice(self.shapes)
        return [self.fresh_paragraph() for _ in shape]

    def mutate(self, para: str, rate: float) -> str:
        rng = self.rng
        out = []
        for t in para.split(" "):
            r = rng.random()
            if r < rate:
                out.append(rng.choice(self.vocab).lower())
            elif r < 1.6 * rate:
                continue
            elif r < 2.2 * rate:
                out.extend([t, rng.choice(self.vocab).lower()])
            elif r < 2.4 * rate and len(t) > 5 and t.isalpha():
                i = rng.randrange(1, len(t) - 1)
                out.append(t[:i] + t[i + 1:])
            elif r < 2.5 * rate and any(c.isdigit() for c in t):
                out.append(re.sub(r"\d", lambda m: str(rng.randrange(10)), t, count=1))
            else:
                out.append(t)
        return " ".join(out) or para

    def edited(self, src: list[str]) -> list[str]:
        rate = self.rng.choice(EDIT_RATES)
        paras = [self.mutate(p, rate) for p in src if self.rng.random() > 0.08]
        if len(paras) > 2 and self.rng.random() < 0.3:
            i, j = self.rng.sample(range(len(paras)), 2)
            paras[i], paras[j] = paras[j], paras[i]
        if self.rng.random() < 0.3:
            paras.append(self.fresh_paragraph())
        return paras or src

    def excerpt(self, src: list[str]) -> list[str]:
        i = self.rng.randrange(max(1, len(src) - 2))
        quoted = src[i:i + self.rng.randint(2, 3)]
        own = self.fresh()
        k = self.rng.randrange(len(own) + 1)
        return own[:k] + quoted + own[k:]


def make(n: int, out_dir: Path, seed: int = 0, shard_rows: int = 1000, days: int = 60,
         mix: tuple[float, float, float, float] = (0.05, 0.12, 0.08, 0.02)) -> dict:
    """Write an ``n``-article corpus to ``out_dir``; returns counts of each kind of article."""
    m = Maker(seed)
    rng = m.rng
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.jsonl"):
        old.unlink()
    n_outlets = max(3, n // 6)
    outlets = [f"outlet{i:05d}.example" for i in range(n_outlets)]
    footers = [f"{m.fresh_paragraph()} © {2019} {o}" for o in outlets]
    start = date(2019, 5, 1)
    made: list[tuple[list[str], str, date]] = []  # (paragraphs, outlet, day) of each fresh or copied article
    kinds: Counter = Counter()
    truth = []
    shard, rows = 0, []
    verbatim, edited, excerpt, repeat = mix

    def flush() -> None:
        nonlocal shard, rows
        if rows:
            with (out_dir / f"part-{shard:05d}.jsonl").open("w", encoding="utf-8") as fh:
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            shard, rows = shard + 1, []

    for i in range(n):
        r = rng.random()
        outlet = rng.randrange(n_outlets)
        if made and r < verbatim + edited + excerpt + repeat:
            j = rng.randrange(len(made))
            src, src_outlet, src_day = made[j]
            day = src_day + timedelta(days=rng.randint(0, 3))
            if r < verbatim:
                paras, kind = list(src), "verbatim"
            elif r < verbatim + edited:
                paras, kind = m.edited(src), "edited"
            elif r < verbatim + edited + excerpt:
                paras, kind = m.excerpt(src), "excerpt"
            else:
                paras, kind, outlet, day = list(src), "repeat", src_outlet, src_day
            truth.append({"id": f"b{i:07d}", "source": f"b{j:07d}", "kind": kind})
        else:
            paras, kind = m.fresh(), "fresh"
            day = start + timedelta(days=rng.randrange(days))
        kinds[kind] += 1
        made.append((paras, outlet if kind != "repeat" else src_outlet, day))
        body = paras + ([footers[outlet]] if rng.random() < 0.8 else [])
        scraped = day + timedelta(days=rng.randint(0, 2))
        rows.append({"id": f"b{i:07d}", "publisher": outlets[outlet],
                     "published": day.isoformat() if rng.random() < 0.7 else "",
                     "scrape_time": f"{scraped.isoformat()}T{rng.randrange(24):02d}:00:00",
                     "title": " ".join(paras[0].split()[:9]).rstrip(".,;:"), "text": "\n\n".join(body)})
        if len(rows) >= shard_rows:
            flush()
    flush()
    (out_dir / "_truth").mkdir(exist_ok=True)  # a folder starting with "_" is not read as articles
    with (out_dir / "_truth" / "copies.jsonl").open("w", encoding="utf-8") as fh:
        for t in truth:
            fh.write(json.dumps(t) + "\n")
    return dict(kinds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--shard-rows", type=int, default=1000)
    args = ap.parse_args()
    kinds = make(args.n, args.out, args.seed, args.shard_rows)
    print(json.dumps({"articles": args.n, **kinds}), file=sys.stderr)


if __name__ == "__main__":
    main()
