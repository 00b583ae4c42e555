"""CPU seconds per stage of ``python -m analysis tables``, for one or more checkouts, interleaved.

Each run is a fresh process started in a checkout's root (so it imports that checkout's
``analysis``), running the local engine in that one process (no worker processes, whose CPU time
this would not count), with the pipeline's stage clock switched from wall time to this process's CPU time
(``time.process_time``): on a shared machine the wall time of a stage depends on what else runs,
its CPU time much less.  Runs of the checkouts alternate (A B A B ...) so that a change in load
hits both alike; the median per stage is printed, and the CSVs of every checkout's first run are
compared byte for byte with the first checkout's.

Usage: ``python bench/bench_stage_cpu.py --corpus /tmp/bc1k --checkouts /work/main . --runs 3``
"""

from __future__ import annotations

import argparse
import filecmp
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

STAGES = ["corpus", "overlap", "timeline", "figures", "write", "book", "total"]

# run in the checkout: the pipeline's clock (``time.perf_counter`` through the module's ``time``)
# reads CPU seconds of this process instead
CHILD = """
import sys, time, types, json
import analysis.pipeline as p
p.time = types.SimpleNamespace(perf_counter=time.process_time)
p.run(sys.argv[1], sys.argv[2], progress=lambda m: None)
"""


def one(checkout: Path, corpus: Path, out: Path) -> dict:
    if out.exists():
        shutil.rmtree(out)
    subprocess.run([sys.executable, "-c", CHILD, str(corpus), str(out)], cwd=checkout, check=True)
    return json.loads((out / "timings.json").read_text())


def same_tables(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in (a / "data").glob("*.csv"))
    return names == sorted(p.name for p in (b / "data").glob("*.csv")) and all(
        filecmp.cmp(a / "data" / x, b / "data" / x, shallow=False) for x in names)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--checkouts", type=Path, nargs="+", default=[Path(".")])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bench-stage-cpu"))
    args = ap.parse_args()
    checkouts = [c.resolve() for c in args.checkouts]
    results: dict[int, list[dict]] = {k: [] for k in range(len(checkouts))}
    for r in range(args.runs):
        for k, checkout in enumerate(checkouts):
            out = args.out / f"c{k}-r{r}"
            results[k].append(one(checkout, args.corpus, out))
            print(f"# run {r} {checkout}: " + " ".join(f"{s}={results[k][-1].get(s, 0):.1f}" for s in STAGES),
                  flush=True)
    print(f"{'checkout':<40}" + "".join(f"{s:>10}" for s in STAGES))
    for k, checkout in enumerate(checkouts):
        med = {s: statistics.median(t.get(s, 0.0) for t in results[k]) for s in STAGES}
        print(f"{str(checkout)[-40:]:<40}" + "".join(f"{med[s]:>10.1f}" for s in STAGES))
    for k in range(1, len(checkouts)):
        same = same_tables(args.out / "c0-r0", args.out / f"c{k}-r0")
        print(f"# CSVs of {checkouts[k]} and {checkouts[0]}: {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
