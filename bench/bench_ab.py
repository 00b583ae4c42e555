"""A/B CPU time of one stage function, two versions of ``analysis`` alternated in one process.

On a shared, loaded machine the CPU time of a run moves with the load (caches, frequency), by
more than most single changes save; runs in separate processes at separate moments are not
comparable.  This script loads two versions of the ``analysis`` package into one process (each
a git revision of this repository or a checkout directory), records the calls one function
receives while the pipeline runs on a corpus (its arguments, pickled), and then replays those
calls on version A, version B, A, B, ... timing each replay with ``time.process_time``.  It
prints the median and every run for each version, and whether the two versions returned the
same results (CSV bytes of tables, ``repr`` of everything else).

* ``--function module.name``: the function whose calls are replayed, e.g.
  ``quantities.extract_figures``, ``figures.article_figures``, ``figures.claims_keyed``,
  ``figures.figures_stage`` (an engine among the arguments is replaced, at replay, by a new
  one-process local engine of the version being timed).
* The calls are recorded once per corpus, function and recording version (the pipeline of
  version B, in this process, one process), into ``--cache``; a recording holds every call, so
  it is meant for a corpus of about 1,000 articles.
* Module-level caches (stems, compiled patterns, the unit registry) stay warm between runs, as
  they do between the articles of one pipeline run; one untimed run of each version comes first.

    python bench/bench_ab.py --corpus /tmp/bc1k --a main --b . --function quantities.extract_figures --runs 7
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import pickle
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class EngineSlot:
    """Stands for an engine argument in a recording: a new local engine is made at replay."""


def version_root(spec: str, tmp: Path) -> Path:
    """The directory whose ``analysis`` package is version ``spec`` (a directory, or a git revision)."""
    p = Path(spec)
    if (p / "analysis" / "__init__.py").is_file():
        return p.resolve()
    out = tmp / spec.replace("/", "_")
    data = subprocess.run(["git", "archive", spec, "analysis"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(out)
    return out


def _ours(name: str) -> bool:
    return name == "analysis" or name.startswith("analysis.")


def load_version(root: Path) -> dict:
    """All modules of the ``analysis`` package at ``root``, imported afresh (not left in ``sys.modules``)."""
    for name in [n for n in sys.modules if _ours(n)]:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        importlib.import_module("analysis.pipeline")
        return {n: m for n, m in sys.modules.items() if _ours(n)}
    finally:
        sys.path.remove(str(root))
        for name in [n for n in sys.modules if _ours(n)]:
            del sys.modules[name]


def activate(modules: dict) -> None:
    """Make ``modules`` the ``analysis`` package that imports (also those inside functions) see."""
    for name in [n for n in sys.modules if _ours(n)]:
        del sys.modules[name]
    sys.modules.update(modules)


def record(modules: dict, corpus: str, functions: list[str]) -> dict[str, list[bytes]]:
    """Every call of each ``analysis.<function>`` during a one-process pipeline run on ``corpus``, pickled."""
    activate(modules)
    engine_cls = modules["analysis.engine"].LocalEngine
    calls: dict[str, list[bytes]] = {f: [] for f in functions}
    undo = []

    def slot(x):
        return EngineSlot() if isinstance(x, engine_cls) else x

    def wrap(function, original):
        def wrapper(*args, **kwargs):
            calls[function].append(pickle.dumps(([slot(a) for a in args], {k: slot(v) for k, v in kwargs.items()}),
                                                protocol=pickle.HIGHEST_PROTOCOL))
            return original(*args, **kwargs)
        return wrapper

    for function in functions:
        mod_name, _, fn_name = function.rpartition(".")
        original = getattr(modules[f"analysis.{mod_name}"], fn_name)
        wrapper = wrap(function, original)
        for m in modules.values():
            if getattr(m, fn_name, None) is original:
                setattr(m, fn_name, wrapper)
                undo.append((m, fn_name, original))
    try:
        pipeline = modules["analysis.pipeline"]
        pipeline.run_stages(engine_cls(processes=1), corpus, {}, lambda name, out: None, lambda message: None)
    finally:
        for m, fn_name, original in undo:
            setattr(m, fn_name, original)
    return calls


def digest(obj, h) -> None:
    """Feeds a stable description of a result to the hash ``h``."""
    import pandas as pd
    if isinstance(obj, pd.DataFrame):
        h.update(obj.to_csv(index=False).encode())
    elif isinstance(obj, (list, tuple)):
        for x in obj:
            digest(x, h)
    elif isinstance(obj, dict):
        for k, v in obj.items():
            h.update(repr(k).encode())
            digest(v, h)
    elif hasattr(obj, "__dataclass_fields__") and any(isinstance(v, pd.DataFrame) for v in vars(obj).values()):
        for k, v in vars(obj).items():
            h.update(k.encode())
            digest(v, h)
    else:
        h.update(repr(obj).encode())


def replay(modules: dict, function: str, calls: list[bytes]) -> tuple[float, str]:
    """CPU seconds of replaying ``calls`` on ``modules``, and a digest of the results."""
    activate(modules)
    mod_name, _, fn_name = function.rpartition(".")
    fn = getattr(modules[f"analysis.{mod_name}"], fn_name)
    engine_cls = modules["analysis.engine"].LocalEngine
    # unpickled now, with this version active (its classes), outside the clock
    args = []
    for blob in calls:
        a, k = pickle.loads(blob)
        args.append(([engine_cls(processes=1) if isinstance(x, EngineSlot) else x for x in a],
                     {n: engine_cls(processes=1) if isinstance(v, EngineSlot) else v for n, v in k.items()}))
    results = []
    t = time.process_time()
    for a, k in args:
        results.append(fn(*a, **k))
    spent = time.process_time() - t
    h = hashlib.sha256()
    digest(results, h)
    return spent, h.hexdigest()[:16]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True, help="corpus directory (e.g. /tmp/bc1k, about 1,000 articles)")
    ap.add_argument("--function", required=True, nargs="+",
                    help="module.name inside analysis, e.g. quantities.extract_figures (several: each timed in turn)")
    ap.add_argument("--a", default="main", help="version A: a git revision or a checkout directory")
    ap.add_argument("--b", default=".", help="version B: a git revision or a checkout directory")
    ap.add_argument("--runs", type=int, default=7, help="timed runs of each version (alternated)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "bench-ab")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        roots = {v: version_root(getattr(args, v), Path(tmp)) for v in ("a", "b")}
        versions = {v: load_version(r) for v, r in roots.items()}
    args.cache.mkdir(parents=True, exist_ok=True)

    def cache_of(function: str) -> Path:
        key = f"{Path(args.corpus).resolve()}|{function}|{args.b}|{roots['b']}"
        return args.cache / f"{hashlib.sha256(key.encode()).hexdigest()[:16]}.pkl"

    missing = [f for f in args.function if not cache_of(f).exists()]
    if missing:
        t = time.perf_counter()
        for function, calls in record(versions["b"], args.corpus, missing).items():
            cache_of(function).write_bytes(pickle.dumps(calls))
            print(f"# recorded {len(calls):,} calls of {function} on {args.corpus}", flush=True)
        print(f"# recording took {time.perf_counter() - t:.0f} s", flush=True)
    for function in args.function:
        calls = pickle.loads(cache_of(function).read_bytes())
        seconds: dict[str, list[float]] = {"a": [], "b": []}
        digests: dict[str, set] = {"a": set(), "b": set()}
        for v in ("a", "b"):  # warm-up: caches, lazily built registries
            digests[v].add(replay(versions[v], function, calls)[1])
        for r in range(args.runs):
            for v in (("a", "b") if r % 2 == 0 else ("b", "a")):
                s, d = replay(versions[v], function, calls)
                seconds[v].append(s)
                digests[v].add(d)
        print(f"{function}: {len(calls):,} calls on {args.corpus}, CPU seconds, median of {args.runs} (all runs)")
        for v in ("a", "b"):
            print(f"  {v} {getattr(args, v):<24} {statistics.median(seconds[v]):8.3f}  "
                  f"({' '.join(f'{x:.3f}' for x in seconds[v])})")
        ma, mb = statistics.median(seconds["a"]), statistics.median(seconds["b"])
        same = digests["a"] == digests["b"] and len(digests["a"]) == 1
        print(f"  a/b = {ma / mb:.2f}x;  results: " + ("identical" if same else f"DIFFER ({digests})"), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
