"""Benchmark: how long loading and cleaning 10,000 articles takes.

Usage: python bench/bench_corpus.py [--n 10000]

Builds three corpora in a temporary folder and times ``load_corpus`` on each:
1. a folder of N ``.txt`` files (synthetic articles with page furniture),
2. one CSV table of N rows (same articles, paragraphs separated by `` ### ``),
3. if ``../shared/corpora`` exists, N rows resampled from the real scraped corpora
   (each row made unique by a numbered sentence so duplicates are not skipped).
Prints wall time, articles per second and the number of removed furniture lines.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analysis.corpus import CorpusParams, articles_table, furniture_table, load_corpus  # noqa: E402

WORDS = ("council harbour ferry bridge budget minister troops aircraft report said officials "
         "according statement million billion percent week Monday Tuesday agreed plan vote city "
         "government opposition sanctions weapons supply talks cooperation economy").split()
FURNITURE = ["Advertisement", "Share on Facebook Share on Twitter", "Read more: Another story here",
             "Photo: Staff Photographer", "Follow {o} on Google News", "SIGN UP", "Recommended Stories"]


def synth_article(rng: random.Random, i: int, outlet: str) -> str:
    paras = []
    for _ in range(rng.randint(6, 14)):
        sent = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 35)))
        paras.append(f"{sent.capitalize()} {rng.randint(1, 999)} in story {i}.")
    for _ in range(rng.randint(1, 4)):
        paras.insert(rng.randint(0, len(paras)), rng.choice(FURNITURE).format(o=outlet))
    head = [f"Headline number {i} about the {rng.choice(WORDS)} {rng.choice(WORDS)}",
            f"May {rng.randint(1, 28)}, 2021, 9:{rng.randint(10, 59)} PM UTC", "By Staff Reporter"]
    return "\n".join(head + paras + [f"Copyright © 2021 {outlet}. All rights reserved."])


def timed(label: str, path: Path, n: int) -> None:
    t0 = time.perf_counter()
    c = load_corpus(path, CorpusParams())
    t1 = time.perf_counter()
    table = articles_table(c)
    furn = furniture_table(c)
    t2 = time.perf_counter()
    words = int(table.words.sum())
    print(f"{label:<34} {n:>6} inputs  load+clean {t1 - t0:7.2f} s  ({n / (t1 - t0):8.0f} articles/s)  "
          f"tables {t2 - t1:5.2f} s  usable {len(c.articles):>6}  removed lines {len(furn):>7}  "
          f"words {words:>9}  problems {len(c.problems)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    args = ap.parse_args()
    n = args.n
    rng = random.Random(0)
    outlets = [f"outlet{k}.example" for k in range(40)]
    arts = [(f"{i:05d}", outlets[i % len(outlets)], synth_article(rng, i, outlets[i % len(outlets)])) for i in range(n)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder = tmp / "txt"
        folder.mkdir()
        for aid, outlet, text in arts:
            (folder / f"{aid}.txt").write_text(f"https://{outlet}/news/{aid}\n" + text, encoding="utf-8")
        timed("folder of .txt files (synthetic)", folder, n)

        table = tmp / "table"
        table.mkdir()
        pd.DataFrame({"id": [a for a, _, _ in arts], "publisher": [o for _, o, _ in arts],
                      "text": [t.replace("\n", " ### ") for _, _, t in arts]}).to_csv(table / "articles.csv", index=False)
        timed("one CSV table (synthetic)", table, n)

        shared = Path(__file__).resolve().parents[2] / "shared" / "corpora"
        if shared.exists():
            real = pd.concat([pd.read_csv(p, dtype=str) for p in sorted(shared.glob("*/articles.csv"))])
            rows = real.sample(n=n, replace=True, random_state=0).reset_index(drop=True)
            rows["text"] = [f"{t} ### Copy number {i}." for i, t in enumerate(rows.text)]
            rows["id"] = [f"r{i:05d}" for i in range(n)]
            real_dir = tmp / "real"
            real_dir.mkdir()
            rows.to_csv(real_dir / "articles.csv", index=False)
            timed("CSV resampled from ../shared", real_dir, n)
        else:
            print("../shared/corpora not found: real-corpus run skipped")


if __name__ == "__main__":
    main()
