"""CPU time of the timeline stage and of its tagger, two checkouts alternated in one process.

The corpus and overlap stages run once (in this checkout) to give the timeline stage its inputs:
the articles and the overlap pairs.  Then, round after round, each checkout's
``timeline.timeline_stage`` runs on them in this one process (local engine, one process), and
each checkout's ``temporal.find_mentions`` over every article's text, alternating A B A B ...
so that a change in the machine's load hits both alike.  The other checkout's ``analysis``
package is loaded under another name, so both sit in memory side by side.  Prints the median
and the minimum CPU seconds (``time.process_time``) per step and checkout, their ratio, and
whether the two checkouts' publication, dates and events tables are equal.

Usage: ``python bench/bench_timeline_ab.py --corpus /tmp/bc1k --other /path/to/other/checkout --rounds 5``
(``--other`` is the reference, "B"; this checkout is "A"; ``--inputs FILE`` keeps the stage's inputs
between runs, so the corpus and overlap stages run once).  Prints figures only.
"""

from __future__ import annotations

import argparse
import importlib.util
import pickle
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analysis.pipeline as pipeline  # noqa: E402
from analysis import engine as engine_a  # noqa: E402
from analysis import temporal as temporal_a  # noqa: E402
from analysis import timeline as timeline_a  # noqa: E402


class _Captured(Exception):
    pass


def stage_inputs(corpus: str):
    """The timeline stage's inputs for ``corpus`` (articles, overlap pairs, parameters), as frames."""
    got = {}

    def capture(engine, articles, pairs, params):
        got.update(articles=engine.collect(articles), pairs=engine.collect(pairs), params=params)
        raise _Captured

    saved = pipeline.timeline_stage
    pipeline.timeline_stage = capture
    try:
        pipeline.compute(corpus, {}, progress=lambda m: None)
    except _Captured:
        pass
    finally:
        pipeline.timeline_stage = saved
    return got["articles"], got["pairs"], got["params"]


def load_other(path: Path):
    """The other checkout's ``analysis`` package, imported as ``analysis_other``."""
    spec = importlib.util.spec_from_file_location("analysis_other", path / "analysis" / "__init__.py",
                                                  submodule_search_locations=[str(path / "analysis")])
    pkg = importlib.util.module_from_spec(spec)
    sys.modules["analysis_other"] = pkg
    spec.loader.exec_module(pkg)
    import importlib as il
    return (il.import_module("analysis_other.engine"), il.import_module("analysis_other.temporal"),
            il.import_module("analysis_other.timeline"))


def run_stage(engine_mod, timeline_mod, articles, pairs, params):
    engine_mod.release_memory()  # the tagger's per-text cache starts empty, as in a run
    eng = engine_mod.LocalEngine()
    c0 = time.process_time()
    out = timeline_mod.timeline_stage(eng, articles, pairs, params)
    frames = [eng.collect(out.publication), eng.collect(out.dates), eng.collect(out.events)]
    return time.process_time() - c0, frames


def run_tagger(engine_mod, temporal_mod, texts):
    engine_mod.release_memory()  # caches start empty, as in a run
    c0 = time.process_time()
    for t in texts:
        temporal_mod.find_mentions(t)
    return time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--other", type=Path, required=True, help="the reference checkout (B)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--inputs", type=Path, help="a pickle of the stage's inputs: read if it exists, else written")
    args = ap.parse_args()
    if args.inputs and args.inputs.exists():
        articles, pairs, params = pickle.loads(args.inputs.read_bytes())
    else:
        articles, pairs, params = stage_inputs(args.corpus)
        if args.inputs:
            args.inputs.write_bytes(pickle.dumps((articles, pairs, params)))
    texts = [t for t in articles["text"].tolist() if isinstance(t, str)]
    words = sum(len(t.split()) for t in texts)
    engine_b, temporal_b, timeline_b = load_other(args.other.resolve())
    params_b = timeline_b.TimelineParams(**vars(params))
    versions = {"A": (engine_a, temporal_a, timeline_a, params), "B": (engine_b, temporal_b, timeline_b, params_b)}
    times = {k: {"stage": [], "find_mentions": []} for k in versions}
    same = None
    for r in range(args.rounds):
        frames = {}
        for k, (eng, tmp, tl, prm) in (versions.items() if r % 2 == 0 else reversed(versions.items())):
            t, frames[k] = run_stage(eng, tl, articles, pairs, prm)
            times[k]["stage"].append(t)
            times[k]["find_mentions"].append(run_tagger(eng, tmp, texts))
        if same is None:
            same = all(a.equals(b) for a, b in zip(frames["A"], frames["B"]))
        print(f"# round {r}: " + "  ".join(f"{k} stage {times[k]['stage'][-1]:.2f} s, find_mentions "
                                            f"{times[k]['find_mentions'][-1]:.2f} s" for k in versions), flush=True)
    print(f"{len(texts)} articles, {words} words; CPU seconds, median (min) of {args.rounds} rounds")
    for step in ("stage", "find_mentions"):
        med = {k: statistics.median(times[k][step]) for k in versions}
        low = {k: min(times[k][step]) for k in versions}
        print(f"{step:<14} A {med['A']:.3f} ({low['A']:.3f})  B {med['B']:.3f} ({low['B']:.3f})  "
              f"B/A {med['B'] / med['A']:.2f}x ({low['B'] / low['A']:.2f}x)  "
              f"A {1e6 * med['A'] / words:.1f} µs/word")
    print(f"tables (publication, dates, events) of A and B: {'identical' if same else 'DIFFER'}")


if __name__ == "__main__":
    main()
