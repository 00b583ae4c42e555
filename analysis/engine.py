"""The engines that run the stage functions: in this process, or on a Dask cluster.

Every stage is written as plain functions over pandas partitions (see the
stage modules' docstrings):

* a **map** takes one partition of rows and returns rows that depend only on
  those rows (one article's dates, one article's figures);
* a **keyed** function takes every row that shares a key (all postings of one
  n-gram, all figures of one claim key, all evidence about one article) and
  returns rows that depend only on them;
* a **join** brings two tables together on an id (candidate pairs with their
  articles' texts) before a keyed function.

The engine decides how those run.  :class:`LocalEngine` holds every table as
one pandas DataFrame and calls each function once on all of it (a "shuffle"
is a no-op: one partition holds every key whole).  :class:`DaskEngine` holds
tables as Dask DataFrames split into partitions, runs maps with
``map_partitions``, and puts a ``shuffle`` on the key before a keyed function,
so each call sees every row of its keys.  The stage functions are the same,
and every table is sorted by a unique key before it is written, so both
engines write byte-identical CSVs.

Small values a function needs from the whole corpus (the set of common
n-grams, a document-frequency dict, the number of articles) are computed
first, collected, and passed to the function as arguments ("broadcast").
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import pickle
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: A table as the engine holds it: a pandas DataFrame (local) or a Dask DataFrame.
Frame = Any


def empty(schema: dict[str, str]) -> pd.DataFrame:
    """An empty table with these columns and dtypes (a stage's ``meta``)."""
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in schema.items()})


def typed(df: pd.DataFrame, schema: dict[str, str]) -> pd.DataFrame:
    """``df`` with exactly the schema's columns, in order, cast to its dtypes."""
    if df is None or len(df) == 0:
        return empty(schema)
    out = df.loc[:, list(schema)]
    return out.astype(schema)


def records(df: pd.DataFrame) -> list[dict]:
    """``df.to_dict("records")``, the same dicts, built column by column: ``tolist`` of each column
    converts it in one call, where ``to_dict`` iterates Arrow-backed string columns value by value
    (the most of its time on a partition of articles or figures)."""
    from pandas.core.dtypes.cast import maybe_box_native  # what to_dict applies to object columns

    columns = list(df.columns)
    if not columns:
        return [{} for _ in range(len(df))]
    data = [[maybe_box_native(v) for v in df.iloc[:, k].tolist()] if df.dtypes.iloc[k] == object
            else df.iloc[:, k].tolist() for k in range(len(columns))]
    return [dict(zip(columns, row)) for row in zip(*data)]


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    """``df.to_parquet(path, index=False)``, converted to Arrow about ``_CSV_BYTES`` at a time (one
    row group each) where every column has a fixed type: the whole table converted at once is a
    second copy of it (hundreds of MB for the passages of 100,000 articles)."""
    step = _csv_step(df) if len(df) > 1000 else len(df)
    if step >= len(df) or any(t == object for t in df.dtypes):  # an object column's type is the data's
        df.to_parquet(path, index=False)
        return
    import pyarrow.parquet as pq

    first = pa.Table.from_pandas(df.iloc[:step], preserve_index=False)
    with pq.ParquetWriter(path, first.schema) as writer:
        writer.write_table(first)
        del first
        for start in range(step, len(df), step):
            writer.write_table(pa.Table.from_pandas(df.iloc[start:start + step], schema=writer.schema,
                                                    preserve_index=False))


def concat_releasing(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """``pd.concat(parts, ignore_index=True)``, emptying ``parts`` as it goes.

    Where every part has the same numeric (or boolean) columns, each part is copied into the
    whole table's columns and let go at once, so the parts and the whole are never all held:
    pandas' concat holds both, and at 100,000 articles the n-gram postings (78 million rows)
    were the overlap stage's peak of memory while they were concatenated."""
    if len(parts) < 2:
        out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
        parts.clear()
        return out
    dtypes = parts[0].dtypes
    same = all(p.columns.equals(parts[0].columns) and p.dtypes.equals(dtypes) for p in parts)
    if not same or not all(isinstance(t, np.dtype) and t.kind in "biuf" for t in dtypes) or dtypes.index.has_duplicates:
        out = pd.concat(parts, ignore_index=True)
        parts.clear()
        return out
    names = parts[0].columns
    columns = {c: np.empty(sum(len(p) for p in parts), dtype=t) for c, t in dtypes.items()}
    at = let_go = 0
    for i in range(len(parts)):
        part, parts[i] = parts[i], None
        for c, col in columns.items():
            col[at:at + len(part)] = part[c].to_numpy()
        at += len(part)
        let_go += part.memory_usage(index=False, deep=False).sum()
        del part
        if let_go > 256 << 20:  # the parts' memory goes back to the system as it is let go: the
            _trim_heap()        # allocator kept it for reuse, and the whole table cannot reuse it
            let_go = 0
    parts.clear()
    out = pd.DataFrame(columns, copy=False)
    out.columns = names
    return out


def write_csv(df: pd.DataFrame, path: Path, header: bool = True, mode: str = "w") -> None:
    """The one CSV dialect of every table (both engines call this): pandas' ``to_csv`` with
    ``index=False`` and ``"\n"`` line ends, byte for byte, written by :func:`csv_bytes`."""
    with open(path, mode + "b") as out:
        if df.shape[1] < 2:  # a lone empty field is written '""' by pandas: left to pandas
            df.to_csv(out, index=False, lineterminator="\n", header=header)
            return
        if header:
            out.write(csv_bytes(df.iloc[:0], header=True))
        step = _csv_step(df)
        for start in range(0, len(df), step):
            out.write(csv_bytes(df.iloc[start:start + step], header=False))


#: rows rendered at a time by :func:`write_csv` at most, and about how many bytes (what it holds
#: beyond the table: rendering copies a chunk's text several times, and 100,000 rows of article
#: texts held 3 GB more than the table at 100,000 articles)
_CSV_ROWS = 100_000
_CSV_BYTES = 32 << 20


def _csv_step(df: pd.DataFrame) -> int:
    """Rows per chunk: at most ``_CSV_ROWS``, and about ``_CSV_BYTES`` of CSV as an even sample of
    rows renders."""
    if len(df) <= 1000:
        return _CSV_ROWS
    sample = df.iloc[::len(df) // 1000]
    per_row = len(csv_bytes(sample, header=False)) / len(sample)
    return int(min(_CSV_ROWS, max(1000, _CSV_BYTES // max(1.0, per_row))))


def _csv_special_characters() -> str:
    """The characters that make pandas' writer (Python's csv module, ``QUOTE_MINIMAL``) enclose a
    field in quotes: the delimiter, the quote, the line end, and a carriage return only on Python
    versions whose csv module quotes it (asked of the module itself)."""
    import csv
    import io

    probe = io.StringIO()
    csv.writer(probe, lineterminator="\n").writerow(["\r", "x"])
    return ',"\n\r' if probe.getvalue().startswith('"') else ',"\n'


_CSV_CHARACTERS = _csv_special_characters()
_CSV_SPECIAL = "[" + _CSV_CHARACTERS.replace("\n", "\\n").replace("\r", "\\r") + "]"


def csv_bytes(df: pd.DataFrame, header: bool = True) -> bytes:
    """``df.to_csv(index=False, lineterminator="\n")`` as bytes, rendered column by column in Arrow.

    Written by hand because no library writes this dialect fast: pandas' writer formats row by
    row in Python (74 s for the tables of 100,000 articles), and Arrow's CSV writer, 20 times
    faster, quotes every string and writes booleans in lower case, which would change every
    table a user has already read.  Here each column is rendered as pandas renders it (ints and
    strings by Arrow, floats by ``repr``, missing values empty), quoted where Python's csv module
    would quote it, and the columns joined in Arrow: 22 s for the same tables, byte-identical
    (compared on every table of the 10,000- and 100,000-article benchmark corpora)."""
    head = (",".join(_csv_quote(str(c)) for c in df.columns) + "\n").encode("utf-8") if header else b""
    if not len(df) or not df.shape[1]:
        return head
    text = pa.large_string()
    cols = [_csv_quoted(_csv_fields(df.iloc[:, k]).cast(text)) for k in range(df.shape[1])]
    empty, comma, newline = (pa.scalar(v, text) for v in ("", ",", "\n"))
    cols[-1] = pc.binary_join_element_wise(cols[-1], newline, empty)
    lines = pc.binary_join_element_wise(*cols, comma) if len(cols) > 1 else cols[0]
    if isinstance(lines, pa.ChunkedArray):
        lines = lines.combine_chunks()
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset:lines.offset + len(lines) + 1]
    return head + lines.buffers()[2].to_pybytes()[offsets[0]:offsets[-1]]


def _csv_fields(col: pd.Series) -> pa.Array:
    """One column's fields as pandas' CSV writer renders them, before quoting."""
    kind = "T" if isinstance(col.dtype, pd.StringDtype) else col.dtype.kind
    if kind == "b":
        return pa.array(np.where(col.to_numpy(dtype=bool), "True", "False"), pa.string())
    if kind in "iu":
        return pc.fill_null(pc.cast(pa.array(col), pa.string()), "")
    if kind == "f":
        return pa.array(["" if v != v else repr(v) for v in col.to_numpy(dtype=float).tolist()], pa.string())
    if kind == "T":
        arr = pa.array(col)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        return pc.fill_null(arr.cast(pa.large_string()), "")
    return pa.array(["" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v)
                     for v in col.tolist()], pa.large_string())


def _csv_quoted(arr: pa.Array) -> pa.Array:
    needs = pc.match_substring_regex(arr, _CSV_SPECIAL)
    if not pc.any(needs).as_py():
        return arr
    quote, empty = pa.scalar('"', arr.type), pa.scalar("", arr.type)
    return pc.if_else(needs, pc.binary_join_element_wise(quote, pc.replace_substring(arr, '"', '""'), quote, empty),
                      arr)


def _csv_quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in _CSV_CHARACTERS) else value


_CACHE_CLEARS: list[Callable[[], None]] = []


def clear_on_release(clear: Callable[[], None]) -> None:
    """Register a module cache's ``clear`` (pure caches only: what it holds is recomputed the same)
    for :func:`release_memory` to call."""
    _CACHE_CLEARS.append(clear)


def release_memory() -> None:
    """Empty the registered caches, collect garbage and hand freed memory back to the operating
    system (see :meth:`LocalEngine.release`).  At 10,000 articles a stage leaves a few hundred MB
    that the allocators keep but no table holds."""
    for clear in _CACHE_CLEARS:
        clear()
    gc.collect()
    pa.default_memory_pool().release_unused()
    _trim_heap()


def _trim_heap() -> None:
    """Free memory the C allocator holds for reuse handed back to the system (glibc's
    ``malloc_trim``; other allocators return memory themselves)."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (macOS, musl)
        pass


class LocalEngine:
    """Runs the stage functions on this machine, each table held whole as one pandas DataFrame.

    A map over a large table is called on slices of it in turn, and a keyed function on buckets
    of its keys (a hash of the key), so that what a function builds while it runs (Python rows,
    sort orders, pair keys) is held for a slice at a time, not for the whole corpus.  The stage
    functions' contract (a map's rows depend only on its rows; a keyed function sees every row of
    its keys) makes the result the same, and every table is sorted before it is written.

    With ``processes`` above 1, this process and ``processes - 1`` worker processes share the
    slices and buckets (one per process at a time, so that few are held beyond the table), and
    their outputs are put together in the same order: the tables are byte-identical to one
    process's.  The tables themselves stay in this process; a worker sees one slice (and the
    call's arguments, once) at a time.  Workers start at the first call worth splitting and stop
    at :meth:`release`, between stages, which gives their memory back."""

    name = "local"

    def __init__(self, map_rows: int = 2_000, max_slices: int = 64, keyed_rows: int = 2_000_000,
                 processes: int = 1, parallel_rows: int = 50, parallel_seconds: float = 2.0, **_: Any):
        self.map_rows = max(1, int(map_rows))
        self.max_slices = max(1, int(max_slices))
        self.keyed_rows = max(1, int(keyed_rows))
        self.processes = max(1, int(processes))
        #: the fewest rows of a slice worth sending to a worker
        self.parallel_rows = max(1, int(parallel_rows))
        #: a function whose first slice takes less than this runs in this process
        self.parallel_seconds = float(parallel_seconds)
        self._pool: ProcessPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        self._scratch: tempfile.TemporaryDirectory | None = None
        self._calls = itertools.count()

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self._stop_workers()
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None

    def describe(self) -> str:
        if self.processes == 1:
            return "local (one process)"
        return f"local ({self.processes} processes)"

    def release(self) -> None:
        """Give memory freed by a finished stage back to the system, so the next stage's peak is not
        stacked on the last one's leftovers: the registered caches (:func:`clear_on_release`),
        Python's collector, Arrow's pool (Parquet writes), and glibc's free lists (``malloc_trim``,
        where the C library has it), here and in each worker process.  Results are unchanged."""
        if self._pool is not None:
            try:  # one call per worker: each waits at the barrier until every worker has one
                list(self._pool.map(_worker_release, range(self.processes - 1), timeout=600))
            except Exception:  # a worker that cannot release (or the pool broke): start afresh next time
                self._stop_workers()
        release_memory()

    # -- worker processes
    def _stop_workers(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _workers(self) -> ProcessPoolExecutor:
        with self._pool_lock:  # the feeder threads of a call ask for it at once
            return self._pool or self._start_workers()

    def _start_workers(self) -> ProcessPoolExecutor:
        if self._pool is None:
            main = sys.modules.get("__main__")
            if main is not None and not hasattr(main, "__spec__"):
                # a Jupyter kernel's __main__ has no __spec__, which multiprocessing reads when it
                # starts a worker (a chapter that computes the tables itself); a script's is None
                main.__spec__ = None
            # forkserver: workers are forked from a clean process that has imported the libraries once,
            # not from this one (which holds the tables, and threads that forking would copy); each
            # imports this package from where this process did
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                context.set_forkserver_preload(["numpy", "pandas", "pyarrow.compute"])
            self._pool = ProcessPoolExecutor(max_workers=self.processes - 1, mp_context=context,
                                             initializer=_worker_start,
                                             initargs=(list(sys.path), context.Barrier(self.processes - 1)))
        return self._pool

    def _splits(self, rows: int, unit: int) -> int:
        """How many slices (or buckets) a table of ``rows`` rows is cut into: one per ``unit`` rows,
        and with several processes at least eight per process (so that they share the work evenly),
        while slices keep ``parallel_rows``."""
        n = -(-rows // unit)
        if self.processes > 1:
            n = max(n, min(8 * self.processes, rows // self.parallel_rows))
        return max(1, min(self.max_slices, n))

    def _run(self, fn: Callable[..., pd.DataFrame], pieces: Iterable[pd.DataFrame], args: tuple,
             schema: dict[str, str], count: int = 0,
             rest: Callable[[], Iterable[pd.DataFrame]] | None = None) -> Iterator[pd.DataFrame]:
        """``typed(fn(piece, *args), schema)`` for each piece, in order.

        With several processes, this one is one of them: it works on pieces itself, and a thread per
        worker hands that worker the next piece as soon as it is done with one (so the pieces are
        shared by speed, and none waits in a queue while a process is idle).  The workers join in
        once the call has taken ``parallel_seconds`` (even in the middle of this process's first
        piece): a quick call (a column's cast, a row filter) ends here, as sending its pieces would
        cost about as much as running them.  A function or arguments that cannot be sent (a
        lambda) run here.  With ``rest`` (what follows the first of the ``count`` pieces, cut as
        one process would cut it), the first piece tells: a call it shows will take less than
        ``parallel_seconds`` runs the rest so, in fewer calls; a longer one has the workers join in
        at once."""
        pieces = iter(pieces)
        workers = self.processes - 1
        started = time.perf_counter()
        shipped = _shippable(fn, args) if workers > 0 else None
        if shipped is None:  # one process, or a function that cannot be sent: all of it here
            if rest is not None and count > 1:
                first = next(pieces, None)
                if first is None:
                    return
                yield typed(fn(first, *args), schema)
                pieces = iter(rest())
            for piece in pieces:
                yield typed(fn(piece, *args), schema)
            return
        call = (os.getpid(), next(self._calls))
        source = enumerate(pieces, start=1)
        taking = threading.Lock()
        ready = threading.Condition()
        go = threading.Event()  # set: the workers join in now (or the call is over)
        deadline = started + self.parallel_seconds
        finished: dict[int, pd.DataFrame] = {}  # pieces done, until handed on in order
        state: dict[str, Any] = {"feeding": workers, "failure": None, "stop": False, "sent": 0, "payload": None}

        def take(by_worker: bool) -> tuple[int, pd.DataFrame] | None:
            with taking:
                item = None if state["stop"] else next(source, None)
                if item is not None and by_worker:
                    state["sent"] += 1
                return item

        def payload() -> bytes | str:  # the call's arguments, written to a file when large (once)
            with taking:
                if state["payload"] is None:
                    state["payload"] = shipped
                    if len(shipped) > _INLINE_ARGS:  # a set of n-grams goes once per worker, by file
                        if self._scratch is None:
                            self._scratch = tempfile.TemporaryDirectory(prefix="forensics-engine-")
                        path = Path(self._scratch.name) / f"args-{call[1]}.pickle"
                        path.write_bytes(shipped)
                        state["payload"] = str(path)
                return state["payload"]

        def feed() -> None:  # a thread that keeps one worker busy, one piece at a time
            try:
                go.wait(max(0.0, deadline - time.perf_counter()))
                while (item := take(True)) is not None:
                    future = self._workers().submit(_worker_call, fn, item[1], call, payload(), schema)
                    out = future.result()
                    with ready:
                        finished[item[0]] = out
                        ready.notify_all()
            except BaseException as err:  # handed to the caller, in its thread
                with ready:
                    state["failure"] = state["failure"] or err
            finally:
                with ready:
                    state["feeding"] -= 1
                    ready.notify_all()

        feeders = [threading.Thread(target=feed, daemon=True) for _ in range(workers)]
        for feeder in feeders:
            feeder.start()
        handed = 0  # pieces handed on, in order
        try:
            if rest is not None and count > 1:
                item = take(False)
                if item is None:
                    return
                out = typed(fn(item[1], *args), schema)
                quick = (time.perf_counter() - started) * count < self.parallel_seconds
                if quick:
                    with taking:
                        quick = state["sent"] == 0  # no worker has joined in yet: none will
                        state["stop"] = state["stop"] or quick
                go.set()  # a long call: the workers join in now (a quick one: they leave)
                if quick:
                    yield out
                    for piece in rest():
                        yield typed(fn(piece, *args), schema)
                    return
                with ready:
                    finished[item[0]] = out
            while True:
                item = take(False)  # this process works on pieces too
                if item is not None:
                    out = typed(fn(item[1], *args), schema)
                    with ready:
                        finished[item[0]] = out
                else:
                    go.set()  # nothing left to take: waiting workers leave
                while True:
                    with ready:
                        while (state["failure"] is None and handed + 1 not in finished and item is None
                               and state["feeding"]):
                            ready.wait()
                        if state["failure"] is not None:
                            raise state["failure"]
                        out = finished.pop(handed + 1, None)
                    if out is None:
                        break
                    handed += 1
                    yield out
                if item is None:
                    return
        finally:
            with taking:
                state["stop"] = True
            go.set()
            for feeder in feeders:
                feeder.join()
            if isinstance(state["payload"], str):
                Path(state["payload"]).unlink(missing_ok=True)

    # -- building tables
    def from_pandas(self, df: pd.DataFrame, partitions: int | None = None) -> pd.DataFrame:
        return df.reset_index(drop=True)

    def from_parts(self, fn: Callable[..., pd.DataFrame], items: Sequence, schema: dict[str, str],
                   *args: Any) -> pd.DataFrame:
        """One table from calling ``fn(item, *args)`` on each item (e.g. each input file)."""
        if self.processes > 1 and len(items) > 1:
            parts = list(self._run(_item_call, ([item] for item in items), (fn, *args), schema))
        else:
            parts = [fn(item, *args) for item in items]
        return typed(pd.concat(parts, ignore_index=True), schema) if parts else empty(schema)

    # -- running stage functions
    def map(self, fn: Callable[..., pd.DataFrame], frame: pd.DataFrame, *args: Any,
            schema: dict[str, str], joins: Sequence[dict] = ()) -> pd.DataFrame:
        """``fn`` on slices of ``frame``; with ``joins`` (each the keyword arguments of :meth:`join`
        but the left table), on slices of ``frame`` joined with each in turn.  The joins are made
        slice by slice, so the joined table (candidate pairs with both articles' texts, gigabytes at
        100,000 articles) is never held whole: the rows are those of the whole join, in its order."""
        # slices of map_rows rows (at most max_slices of them: a function may do some work per call)
        alone = max(self.map_rows, -(-len(frame) // self.max_slices))  # as one process cuts it
        step = -(-len(frame) // self._splits(len(frame), self.map_rows)) if self.processes > 1 and len(frame) else alone

        def joined(piece: pd.DataFrame) -> pd.DataFrame:
            for join in joins:
                piece = self.join(piece, **join)
            return piece

        if len(frame) <= step:
            return typed(fn(joined(frame), *args), schema)
        pieces = (joined(frame.iloc[i:i + step]) for i in range(0, len(frame), step))
        rest = None if step == alone else (
            lambda: (joined(frame.iloc[i:i + alone]) for i in range(step, len(frame), alone)))
        out = concat_releasing(list(self._run(fn, pieces, args, schema, -(-len(frame) // step), rest)))
        _trim_heap()  # the pieces' and the call's working memory: back to the system, not kept for reuse
        return out

    def keyed(self, fn: Callable[..., pd.DataFrame], frame: pd.DataFrame, key: str | list[str], *args: Any,
              schema: dict[str, str], combine: tuple[Callable[[pd.DataFrame], pd.DataFrame], list[str]] | None = None
              ) -> pd.DataFrame:
        """``fn`` on every key's rows; with ``combine`` (a keyed function and its key), the output's rows
        are then merged by that key, as ``keyed(combine[0], out, combine[1])`` would.

        The merge must give the same rows when applied to partial merges (a sum does): here it is
        applied as the buckets' outputs pile up, whenever they have doubled since the last merge,
        so a key that many buckets emit (a pair of articles sharing n-grams of every bucket) is
        held about once rather than once per bucket."""
        buckets = self._splits(len(frame), self.keyed_rows)
        if buckets <= 1:
            out = typed(fn(frame, *args), schema)
            return typed(combine[0](out), schema) if combine else out
        which = _buckets(frame, key, buckets)
        sizes = np.bincount(which, minlength=buckets)
        present = np.flatnonzero(sizes).tolist()  # buckets with rows
        rest = None
        if -(-len(frame) // self.keyed_rows) <= 1 < len(present):  # one process: one call on everything
            rest = lambda: [frame[which != present[0]]]  # noqa: E731
        elif self.processes > 1 and not combine:
            # the largest buckets first (one large key can take most of a call): the processes are
            # not left waiting on one of them at the end; the outputs are put back in bucket order
            present.sort(key=lambda b: -int(sizes[b]))
        pieces = (frame[which == b] for b in present)
        parts: list[pd.DataFrame] = []
        held = merged = 0
        for part in self._run(fn, pieces, args, schema, len(present), rest):
            parts.append(part)
            held += len(part)
            if combine and held > max(self.keyed_rows, 2 * merged):
                piled = concat_releasing(parts)  # the partial outputs go before the merge makes its own arrays
                parts.append(typed(combine[0](piled), schema))
                del piled
                held = merged = len(parts[0])
        if not parts:
            return empty(schema)
        if len(parts) == len(present) and present != sorted(present):
            parts = [part for _, part in sorted(zip(present, parts), key=lambda bp: bp[0])]
        out = concat_releasing(parts)
        out = typed(combine[0](out), schema) if combine else out
        _trim_heap()
        return out

    def join(self, left: pd.DataFrame, right: pd.DataFrame, on: str | list[str] | None = None, how: str = "inner",
             left_on: str | list[str] | None = None, right_on: str | list[str] | None = None) -> pd.DataFrame:
        return left.merge(right, on=on, how=how, left_on=left_on, right_on=right_on, sort=False)

    def select(self, frame: pd.DataFrame, mask_fn: Callable[[pd.DataFrame], pd.Series]) -> pd.DataFrame:
        mask = mask_fn(frame)
        if len(frame) and bool(np.all(mask)):  # every row: the same data, not a copy of it
            return frame.reset_index(drop=True)
        return frame[mask].reset_index(drop=True)

    def concat(self, frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
        frames = [f for f in frames if f is not None]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def broadcast(self, value: Any) -> Any:
        return value

    def persist(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    def spread(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    # -- getting results
    def collect(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame

    def count(self, frame: pd.DataFrame) -> int:
        return len(frame)

    def write(self, frame: pd.DataFrame, csv_path: Path, parquet_dir: Path, sort_by: list[str],
              schema: dict[str, str]) -> int:
        """Write a table sorted by ``sort_by`` as CSV and as Parquet (one file); returns its rows."""
        df = frame.sort_values(sort_by, kind="mergesort") if sort_by else frame
        df = typed(df, schema).reset_index(drop=True)
        write_csv(df, csv_path)
        parquet_dir.mkdir(parents=True, exist_ok=True)
        for old in parquet_dir.glob("*.parquet"):
            old.unlink()
        write_parquet(df, parquet_dir / "part-0.parquet")
        _trim_heap()
        return len(df)


#: arguments pickled to more bytes than this are written to a file that each worker reads once
_INLINE_ARGS = 1 << 20

_WORKER_ARGS: tuple[Any, tuple] = (None, ())


def _shippable(fn: Callable, args: tuple) -> bytes | None:
    """``args`` pickled, if ``fn`` and ``args`` can be sent to a worker process (a lambda cannot:
    such a call runs here)."""
    try:
        pickle.dumps(fn, protocol=pickle.HIGHEST_PROTOCOL)
        return pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None


_WORKER_BARRIER: Any = None


def _worker_start(path: list[str], barrier: Any) -> None:
    """A worker's start: this package imported from the submitting process's path."""
    global _WORKER_BARRIER
    _WORKER_BARRIER = barrier
    sys.path[:] = path
    import analysis.pipeline  # noqa: F401  (the stages, once per worker rather than at its first call)


def _worker_release(_: int) -> None:
    """In a worker: :func:`release_memory`, once in each worker (see :meth:`LocalEngine.release`)."""
    global _WORKER_ARGS
    _WORKER_ARGS = (None, ())
    release_memory()
    _WORKER_BARRIER.wait(timeout=300)


def _worker_call(fn: Callable[..., pd.DataFrame], piece: pd.DataFrame, call: tuple, shipped: bytes | str,
                 schema: dict[str, str]) -> pd.DataFrame:
    """In a worker: one piece of a call; the call's arguments are unpickled once per worker."""
    global _WORKER_ARGS
    _trim_heap()  # what the last piece freed (its input, output and working memory) goes back first
    if _WORKER_ARGS[0] != call:
        data = Path(shipped).read_bytes() if isinstance(shipped, str) else shipped
        _WORKER_ARGS = (call, pickle.loads(data))
    return typed(fn(piece, *_WORKER_ARGS[1]), schema)


def _item_call(items: list, fn: Callable[..., pd.DataFrame], *args: Any) -> pd.DataFrame:
    """``from_parts``' call of ``fn`` on one item, shaped as a map's call."""
    return fn(items[0], *args)


def _buckets(frame: pd.DataFrame, key: str | list[str], buckets: int):
    """A bucket number in [0, buckets) per row, the same for rows with the same key."""
    import numpy as np

    keys = [key] if isinstance(key, str) else list(key)
    if len(keys) == 1 and frame[keys[0]].dtype.kind in "iu":
        values = frame[keys[0]].to_numpy()
        return (values.astype(np.uint64, copy=False) % np.uint64(buckets)).astype(np.int32)
    hashed = pd.util.hash_pandas_object(frame[keys], index=False).to_numpy()
    return (hashed % np.uint64(buckets)).astype(np.int32)


class DaskEngine:
    """Runs the stage functions on a Dask cluster: maps per partition, keyed functions after a shuffle.

    ``scheduler`` is the address of the user's running cluster
    (``tcp://host:8786``); without it, ``workers`` local worker processes are
    started with Dask's own ``LocalCluster`` (each capped at ``memory_limit``).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 memory_limit: str | None = None, partition_rows: int = 2000, small_table_rows: int = 200_000):
        import dask
        from distributed import Client

        # The stage functions type their own columns; keep pandas' dtypes as they give them.
        dask.config.set({"dataframe.convert-string": False})
        for noisy in ("distributed.shuffle._scheduler_plugin", "distributed.worker.memory",
                      "distributed.utils_perf", "distributed.core"):
            logging.getLogger(noisy).setLevel(logging.ERROR)
        self.partition_rows = max(1, int(partition_rows))
        self.small_table_rows = int(small_table_rows)
        self._cluster = None
        if scheduler:
            self.client = Client(scheduler)
        else:
            from distributed import LocalCluster

            n = int(workers or os.cpu_count() or 1)
            self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=":0", memory_limit=memory_limit or "auto")
            self.client = Client(self._cluster)
        self._scheduler = scheduler or ""

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()

    def release(self) -> None:
        """Nothing to do here: workers manage their own memory (a nanny trims and restarts them)."""

    def describe(self) -> str:
        workers = len(self.client.scheduler_info().get("workers", {}))
        where = f"scheduler {self._scheduler}" if self._scheduler else "a local Dask cluster"
        return f"dask ({where}, {workers} worker{'s' if workers != 1 else ''})"

    def _parts(self, rows: int) -> int:
        return max(1, -(-int(rows) // self.partition_rows))

    # -- building tables
    def from_pandas(self, df: pd.DataFrame, partitions: int | None = None):
        import dask.dataframe as dd

        return dd.from_pandas(df.reset_index(drop=True), npartitions=partitions or self._parts(len(df)),
                              sort=False)

    def from_parts(self, fn: Callable[..., pd.DataFrame], items: Sequence, schema: dict[str, str], *args: Any):
        import dask
        import dask.dataframe as dd

        if not items:
            return dd.from_pandas(empty(schema), npartitions=1)
        call = dask.delayed(lambda item, *a: typed(fn(item, *a), schema), pure=True)
        return dd.from_delayed([call(item, *args) for item in items], meta=empty(schema), verify_meta=False)

    # -- running stage functions
    def map(self, fn: Callable[..., pd.DataFrame], frame, *args: Any, schema: dict[str, str],
            joins: Sequence[dict] = ()):
        for join in joins:  # partitions are joined as the cluster computes them (see LocalEngine.map)
            frame = self.join(frame, **join)
        return frame.map_partitions(_typed_call, fn, schema, *args, meta=empty(schema), enforce_metadata=False,
                                    align_dataframes=False)

    def keyed(self, fn: Callable[..., pd.DataFrame], frame, key: str | list[str], *args: Any,
              schema: dict[str, str], combine: tuple[Callable[[pd.DataFrame], pd.DataFrame], list[str]] | None = None):
        """``fn`` on every key's rows after a shuffle on ``key``; with ``combine``, the output is then
        shuffled on ``combine[1]`` and merged by ``combine[0]`` (see :meth:`LocalEngine.keyed`)."""
        objects = _object_columns(frame)
        moved = _packed(frame, objects).shuffle(on=key, shuffle_method="p2p")
        out = moved.map_partitions(_unpacked_call, objects, fn, schema, *args, meta=empty(schema),
                                   enforce_metadata=False, align_dataframes=False)
        return self.keyed(combine[0], out, combine[1], schema=schema) if combine else out

    def join(self, left, right, on=None, how: str = "inner", left_on=None, right_on=None):
        left_objects, right_objects = _object_columns(left), _object_columns(right)
        objects = left_objects + [c for c in right_objects if c not in left_objects]
        joined = _packed(left, left_objects).merge(
            _packed(right, right_objects), on=on, how=how, left_on=left_on, right_on=right_on, shuffle_method="p2p")
        if not objects:
            return joined
        meta = joined._meta.astype({c: "object" for c in objects if c in joined._meta.columns})
        return joined.map_partitions(_unpack, objects, meta=meta, enforce_metadata=False, align_dataframes=False)

    def select(self, frame, mask_fn: Callable[[pd.DataFrame], pd.Series]):
        return frame.map_partitions(lambda p: p[mask_fn(p)], meta=frame._meta)

    def concat(self, frames):
        import dask.dataframe as dd

        return dd.concat([f for f in frames if f is not None])

    def broadcast(self, value: Any):
        """A value every task needs, sent to the workers once."""
        # a list, so that a dict is sent as one value rather than as one value per key
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def persist(self, frame):
        from distributed import futures_of, wait

        out = frame.persist()
        # Held here until computed: a scheduler running in this process (a local cluster) builds the
        # graph in a thread, and on Python 3.11 functools.cached_property takes one lock per
        # property for all objects, so that thread and this one building the next expression can
        # deadlock (seen at 10,000 articles: both waiting on dask-expr's _meta).
        wait(futures_of(out))
        return out

    def spread(self, frame):
        """``frame`` computed and split into partitions of about ``partition_rows`` rows.

        A table of articles read from a few large files arrives in a few large partitions, and
        every map and shuffle after it keeps its input's partition count: split once, every
        worker gets a share and no task holds more than a partition's worth of articles."""
        out = self.persist(frame)
        want = self._parts(self.count(out))
        return self.persist(out.repartition(npartitions=want)) if want > out.npartitions else out

    # -- getting results
    def collect(self, frame) -> pd.DataFrame:
        import dask

        # partition by partition to this process: ``compute`` would first concatenate the whole
        # table on one worker, which a worker capped below the table's size cannot do
        parts = dask.compute(*frame.to_delayed())
        parts = [p for p in parts if len(p)]
        if not parts:
            return frame._meta.iloc[:0].reset_index(drop=True)
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0].reset_index(drop=True)

    def count(self, frame) -> int:
        return int(frame.map_partitions(len).compute().sum())

    def write(self, frame, csv_path: Path, parquet_dir: Path, sort_by: list[str], schema: dict[str, str]) -> int:
        """Sort on the cluster, then stream the partitions in order: the driver holds one at a time.
        A small table is collected and written as the local engine writes it."""
        import shutil

        frame = frame.persist()
        if self.count(frame) <= self.small_table_rows:
            return LocalEngine().write(self.collect(frame), csv_path, parquet_dir, sort_by, schema)
        ordered = frame.sort_values(sort_by) if sort_by else frame
        ordered = ordered.map_partitions(
            lambda p: typed(p.sort_values(sort_by, kind="mergesort") if sort_by else p, schema), meta=empty(schema))
        # sorted once on the cluster and kept there: computing each partition from the unsorted
        # table would run the whole sort again for every partition (at 100,000 articles, most of
        # the 613 s the Dask engine spent writing)
        ordered = self.persist(ordered)
        del frame
        if parquet_dir.exists():
            shutil.rmtree(parquet_dir)
        parquet_dir.mkdir(parents=True)
        rows = 0
        first = True
        for i, part in enumerate(ordered.to_delayed()):
            df = part.compute().reset_index(drop=True)
            if len(df) == 0 and not first:
                continue
            write_csv(df, csv_path, header=first, mode="w" if first else "a")
            if len(df):
                df.to_parquet(parquet_dir / f"part-{i:05d}.parquet", index=False)
            first = False
            rows += len(df)
        if first:
            write_csv(empty(schema), csv_path)
        if not any(parquet_dir.glob("*.parquet")):
            empty(schema).to_parquet(parquet_dir / "part-00000.parquet", index=False)
        return rows


def _typed_call(part: pd.DataFrame, fn: Callable[..., pd.DataFrame], schema: dict[str, str], *args: Any):
    return typed(fn(part, *args), schema)


def _object_columns(frame) -> list[str]:
    return [str(c) for c, t in frame.dtypes.items() if str(t) == "object"]


# Dask's peer-to-peer shuffle and merge move Arrow tables: fast, sized exactly, spilled to disk
# when a worker is short of memory.  Python objects in a column (arrays of token codes, a
# figure's context) are not Arrow types, and the task-based shuffle that can carry them holds
# every piece in memory, unmeasured; so they travel pickled, as bytes, and are unpickled after.
def _pack(part: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    if not columns or part.empty:
        return part
    return part.assign(**{c: pd.Series([pickle.dumps(v, protocol=5) for v in part[c]], index=part.index,
                                       dtype="object") for c in columns})


def _unpack(part: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    columns = [c for c in columns if c in part.columns]
    if not columns or part.empty:
        return part.astype({c: "object" for c in columns})
    return part.assign(**{c: pd.Series([pickle.loads(b) if isinstance(b, bytes) else b for b in part[c]],
                                       index=part.index, dtype="object") for c in columns})


def _packed(frame, columns: list[str]):
    if not columns:
        return frame
    return frame.map_partitions(_pack, columns, meta=frame._meta, enforce_metadata=False, align_dataframes=False)


def _unpacked_call(part: pd.DataFrame, columns: list[str], fn: Callable[..., pd.DataFrame],
                   schema: dict[str, str], *args: Any):
    return typed(fn(_unpack(part, columns), *args), schema)


def default_processes() -> int:
    """The local engine's worker processes when a run does not say: one per core this process may
    use, at most :data:`MAX_DEFAULT_PROCESSES` (each holds a slice's working data and its libraries)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_DEFAULT_PROCESSES, cores))


#: the most worker processes the local engine starts unless told (``--processes``)
MAX_DEFAULT_PROCESSES = 4


def make_engine(name: str = "local", scheduler: str | None = None, workers: int | None = None,
                memory_limit: str | None = None, processes: int | None = None, **options: Any):
    """The engine a run asked for (``local`` or ``dask``); ``processes``: the local engine's worker
    processes (:func:`default_processes` when None); ``options`` tune the Dask engine
    (``partition_rows``: articles per partition; ``small_table_rows``: tables up to this size are
    written by the driver in one piece)."""
    if name == "local":
        return LocalEngine(processes=default_processes() if processes is None else processes)
    if name == "dask":
        return DaskEngine(scheduler=scheduler, workers=workers, memory_limit=memory_limit, **options)
    raise ValueError(f"unknown engine {name!r} (local or dask)")
