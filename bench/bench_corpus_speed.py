"""Speed of the corpus stage, step by step, in microseconds per word of cleaned text.

Usage: ``python bench/bench_corpus_speed.py [CORPUS ...] [--repeat N]``
(default: the shared corpora ``../shared/corpora/*/articles.csv`` and the
repository's seeds; ``bench/corpus_maker.py 10000 DIR`` makes a 10k-article
JSONL corpus, and any folder of .txt files works).

Runs the stage functions of ``analysis.corpus`` through the local engine, as
``load_articles`` does: reading and decoding the input files (``read_inputs``),
settling ids, line cleaning and metadata (``clean_drafts``), outlet-recurring
lines (``drop_recurring``), assembling articles and marking repeats.  Prints
each step's CPU time of this process (the figure to compare on a machine
shared with other work; best of ``--repeat`` runs) as seconds, µs per word and
ms per article, and the wall-clock time of the whole.  Prints figures only;
nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import corpus as C  # noqa: E402
from analysis.engine import LocalEngine  # noqa: E402


def steps(path: str) -> tuple[dict[str, float], float, int, int]:
    """CPU seconds per step, wall seconds, usable articles and their words."""
    params = C.CorpusParams()
    engine = LocalEngine()
    cpu: dict[str, float] = {}
    wall = time.perf_counter()

    def step(name, fn, *args, **kwargs):
        t0 = time.process_time()
        out = fn(*args, **kwargs)
        cpu[name] = time.process_time() - t0
        return out

    plan = step("plan", C.plan_corpus, path, params)
    if hasattr(C, "read_inputs"):
        items, read_fn = [plan.inputs[i:i + C.READ_BATCH_FILES] for i in range(0, len(plan.inputs),
                                                                                C.READ_BATCH_FILES)], C.read_inputs
    else:  # a version from before batched reading (to compare with)
        items, read_fn = plan.inputs, C.read_input
    read = step("read_inputs", engine.from_parts, read_fn, items, C.READ_SCHEMA, str(plan.root), plan.columns_map,
                params)
    drafts = read[read["kind"] == "draft"]
    renames, _ = step("settle_ids", C.settle_ids, drafts[["article_id", "source", "raw_hash"]])
    schema = {"draft": "object", "outlet_key": "object"}
    cleaned = step("clean_drafts", engine.map, C.clean_drafts, drafts, renames, plan.entries, plan.manifest_name,
                   params, schema=schema)
    cleaned = step("drop_recurring", engine.keyed, C.drop_recurring, cleaned, "outlet_key", params, schema=schema)
    arts = step("assemble_articles", engine.map, C.assemble_articles, cleaned, plan.entries, params,
                schema=C.ARTICLE_SCHEMA)
    arts = step("mark_repeats", engine.keyed, C.mark_repeats, arts, "text_hash", schema=C.ARTICLE_SCHEMA)
    wall = time.perf_counter() - wall
    usable = arts[arts["status"] == "ok"]
    return cpu, wall, len(usable), sum(len(t.split()) for t in usable["text"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = sorted((ROOT.parent.parent / "shared" / "corpora").glob("*/articles.csv")) or \
        sorted(Path("/work/shared/corpora").glob("*/articles.csv"))
    ap.add_argument("corpus", nargs="*", default=[str(p) for p in default] + [str(ROOT / "seeds")])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    for path in args.corpus:
        runs = [steps(path) for _ in range(args.repeat)]
        cpu, wall, n, words = min(runs, key=lambda r: sum(r[0].values()))
        total = sum(cpu.values())
        print(f"{path}: {n} articles, {words} words: CPU {total:.2f} s = {1e6 * total / max(words, 1):.2f} µs/word, "
              f"{1e3 * total / max(n, 1):.2f} ms/article (wall {wall:.2f} s)")
        for name, secs in cpu.items():
            print(f"  {name:18s} {secs:7.3f} s  {1e6 * secs / max(words, 1):6.3f} µs/word  "
                  f"{1e3 * secs / max(n, 1):6.3f} ms/article")


if __name__ == "__main__":
    main()
