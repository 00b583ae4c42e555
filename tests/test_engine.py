"""The engines: the same stage functions in this process and on Dask give the same tables."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import pipeline
from analysis.engine import LocalEngine, typed

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _count_by_key(part: pd.DataFrame) -> pd.DataFrame:
    return part.groupby("k", as_index=False).agg(n=("v", "size"), total=("v", "sum"))


def test_local_engine_runs_maps_keyed_functions_and_joins_on_whole_tables():
    engine = LocalEngine()
    df = pd.DataFrame({"k": ["a", "b", "a", "c"], "v": [1, 2, 3, 4]})
    schema = {"k": "str", "n": "int64", "total": "int64"}
    out = engine.keyed(_count_by_key, engine.from_pandas(df), "k", schema=schema)
    assert out.sort_values("k").to_dict("list") == {"k": ["a", "b", "c"], "n": [2, 1, 1], "total": [4, 2, 4]}
    joined = engine.join(out, pd.DataFrame({"k": ["a", "c"], "label": ["x", "y"]}), on="k")
    assert sorted(joined["label"]) == ["x", "y"]


def test_local_engine_calls_large_maps_on_slices_and_keyed_functions_on_whole_keys():
    """Past its slice sizes, a map sees slices of rows and a keyed function sees buckets of keys,
    each key whole in one call: the same result as one call on everything."""
    calls: list = []

    def counted(part: pd.DataFrame) -> pd.DataFrame:
        calls.append(set(part["k"]))
        return _count_by_key(part)

    engine = LocalEngine(map_rows=3, keyed_rows=4, max_slices=8)
    df = pd.DataFrame({"k": [f"k{i % 5}" for i in range(40)], "v": range(40)})
    schema = {"k": "str", "n": "int64", "total": "int64"}
    out = engine.keyed(counted, df, "k", schema=schema).sort_values("k").reset_index(drop=True)
    assert 1 < len(calls) <= 5 and sorted(k for keys in calls for k in keys) == [f"k{i}" for i in range(5)]
    assert out.equals(typed(_count_by_key(df), schema).sort_values("k").reset_index(drop=True))
    ints = engine.keyed(_count_by_key, df.assign(k=df["v"] % 7), "k", schema={"k": "int64", "n": "int64",
                                                                               "total": "int64"})
    assert sorted(ints["k"]) == list(range(7)) and ints["total"].sum() == sum(range(40))
    calls.clear()
    mapped = engine.map(lambda p: (calls.append(len(p)), p.assign(w=p["v"] * 2))[1], df,
                        schema={"k": "str", "v": "int64", "w": "int64"})
    assert calls == [5] * 8 and mapped["w"].tolist() == [2 * v for v in range(40)]


def test_local_keyed_with_combine_merges_bucket_outputs_as_they_pile_up():
    """A keyed function whose output is merged by another key (pair counts summed by pair): the
    same rows as merging once at the end, with merges made while the buckets' outputs pile up, so
    a pair every bucket emits is not held once per bucket."""
    merges: list[int] = []

    def pairs_of(part: pd.DataFrame) -> pd.DataFrame:  # every n-gram's postings give the pair (a, b)
        return pd.DataFrame({"pair": ["a|b"] * part["h"].nunique() + ["c|d"], "n": 1})

    def summed(part: pd.DataFrame) -> pd.DataFrame:
        merges.append(len(part))
        return part.groupby("pair", as_index=False, sort=True)["n"].sum()

    engine = LocalEngine(keyed_rows=4, max_slices=16)
    df = pd.DataFrame({"h": [i // 2 for i in range(64)]})
    schema = {"pair": "str", "n": "int64"}
    once = engine.keyed(summed, engine.keyed(pairs_of, df, "h", schema=schema), "pair", schema=schema)
    merges.clear()
    out = engine.keyed(pairs_of, df, "h", schema=schema, combine=(summed, ["pair"]))
    assert out.sort_values("pair").reset_index(drop=True).equals(once.sort_values("pair").reset_index(drop=True))
    assert out.set_index("pair")["n"].to_dict() == {"a|b": 32, "c|d": 16}
    assert len(merges) > 2  # merged along the way, not only at the end
    assert max(merges[:-1]) < 2 * 32 + 8  # never more than about twice the merged rows plus a bucket


def test_release_empties_registered_caches_and_the_stages_register_theirs():
    from analysis import engine as engine_module, overlap, timeline

    cache = {"word": 1}
    engine_module.clear_on_release(cache.clear)
    try:
        overlap.word_codes(["a", "word"])
        assert overlap._CODES
        LocalEngine().release()
        assert cache == {} and overlap._CODES == {} and timeline._found.cache_info().currsize == 0
    finally:
        engine_module._CACHE_CLEARS.remove(cache.clear)


def test_typed_keeps_exactly_the_schema_columns_in_order():
    df = pd.DataFrame({"b": [1], "a": ["x"], "extra": [0]})
    out = typed(df, {"a": "str", "b": "int64"})
    assert list(out.columns) == ["a", "b"] and str(out["b"].dtype) == "int64"
    assert list(typed(df.iloc[0:0], {"a": "str"}).columns) == ["a"]


def test_engine_options_need_the_dask_engine(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out",
                           str(tmp_path), "--workers", "2"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "--engine dask" in done.stderr
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out",
                           str(tmp_path), "--engine", "dask", "--processes", "2"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "--processes goes with --engine local" in done.stderr


def _sizes_by_key(part: pd.DataFrame) -> pd.DataFrame:
    part = part.sort_values("k", kind="mergesort")
    return pd.DataFrame({"k": part["k"], "size": [len(a) + len(d) for a, d in zip(part["arr"], part["meta"])]})


def test_dask_engine_splits_a_table_read_whole_and_moves_python_objects_through_shuffles_and_joins():
    """A table arriving in one partition is split for the workers; columns of arrays and dicts
    cross a shuffle and a join intact, and a left join's missing side stays missing."""
    import numpy as np

    df = pd.DataFrame({"k": [f"a{i}" for i in range(9)],
                       "arr": [np.arange(i, dtype=np.int32) for i in range(9)],
                       "meta": [{"n": i, "tags": ("x",) * i} for i in range(9)]})
    with pipeline.make_engine("dask", workers=2, partition_rows=2) as engine:
        frame = engine.spread(engine.from_pandas(df, partitions=1))
        assert frame.npartitions == 5
        sizes = engine.collect(engine.keyed(_sizes_by_key, frame, "k", schema={"k": "str", "size": "int64"}))
        assert dict(zip(sizes["k"], sizes["size"])) == {f"a{i}": i + 2 for i in range(9)}
        other = engine.from_pandas(pd.DataFrame({"k": ["a1", "a8"], "more": [np.ones(3), np.zeros(2)]}))
        joined = engine.collect(engine.join(frame, other, on="k", how="left")).sort_values("k")
    assert [len(a) for a in joined["arr"]] == list(range(9))
    assert joined.set_index("k").loc["a8", "meta"] == {"n": 8, "tags": ("x",) * 8}
    assert [None if not isinstance(m, np.ndarray) else len(m) for m in joined["more"]] == \
        [None, 3, None, None, None, None, None, None, 2]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")
def test_local_engine_in_slices_of_one_row_writes_the_same_bytes(tmp_path):
    """Every map called row by row and every keyed function on a bucket of keys: the same tables
    as with whole-table calls."""
    pipeline.run(SEEDS, tmp_path / "whole", engine=LocalEngine(map_rows=10**9, keyed_rows=10**9),
                 progress=lambda _: None)
    pipeline.run(SEEDS, tmp_path / "sliced", engine=LocalEngine(map_rows=1, keyed_rows=1, max_slices=10**6),
                 progress=lambda _: None)
    names = sorted(p.name for p in (tmp_path / "whole" / "data").glob("*.csv"))
    assert len(names) >= 14
    for name in names:
        assert (tmp_path / "whole" / "data" / name).read_bytes() == (tmp_path / "sliced" / "data" / name).read_bytes(), name


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")
def test_dask_engine_writes_the_same_bytes_as_the_local_engine(tmp_path):
    """Partitions of two articles (every shuffle and join crosses partitions) and every table sorted
    on the cluster and streamed partition by partition, as for a corpus larger than memory: the
    same bytes as the local engine."""
    local = tmp_path / "local"
    pipeline.run(SEEDS, local, progress=lambda _: None)
    with pipeline.make_engine("dask", workers=2, partition_rows=2, small_table_rows=0) as engine:
        pipeline.run(SEEDS, tmp_path / "dask", engine=engine, progress=lambda _: None)
    names = sorted(p.name for p in (local / "data").glob("*.csv"))
    assert len(names) == len(pipeline.TABLES)
    different = [n for n in names if (local / "data" / n).read_bytes() != (tmp_path / "dask" / "data" / n).read_bytes()]
    assert not different, different
    # what the book reads (bounded tables and counts), computed through the same engine
    for name in ["stats.json", *sorted(p.name for p in (local / "data" / "book").glob("*.parquet"))]:
        a, b = (run / "data" / "book" / name for run in (local, tmp_path / "dask"))
        if name.endswith(".json"):
            assert a.read_bytes() == b.read_bytes(), name
        else:
            pd.testing.assert_frame_equal(pd.read_parquet(a), pd.read_parquet(b), obj=name)
    parts = list((tmp_path / "dask" / "data" / "parquet" / "dates").glob("*.parquet"))
    assert len(parts) > 1  # written in pieces, not gathered into one
    assert (local / "data" / "overlap_pairs.csv").read_bytes().count(b"\n") >= 2  # a real pair, not two empty tables


def _pids(part: pd.DataFrame) -> pd.DataFrame:
    import os
    import time

    time.sleep(0.1)  # long enough a slice to be worth sending, and for the workers to start
    return pd.DataFrame({"k": part["k"], "pid": os.getpid()})


def _key_order(part: pd.DataFrame) -> pd.DataFrame:
    import os

    return pd.DataFrame({"k": part["k"], "v": part["v"], "pid": os.getpid()})


def test_local_keyed_starts_on_the_largest_buckets_and_returns_bucket_order():
    """With several processes the largest buckets are handed out first (one large key is not left
    to the end), and the output rows are those of one process, in the same order."""
    skewed = [("big", i) for i in range(300)] + [(f"k{i}", i) for i in range(60)]
    df = pd.DataFrame(skewed, columns=["k", "v"])
    schema = {"k": "str", "v": "int64", "pid": "int64"}
    with LocalEngine(keyed_rows=20, processes=1) as engine:
        alone = engine.keyed(_key_order, df, "k", schema=schema)
    handed = []
    with LocalEngine(keyed_rows=20, processes=2, parallel_rows=5, parallel_seconds=0) as engine:
        run = engine._run

        def watched(fn, pieces, *args, **kwargs):
            return run(fn, (handed.append(len(p)) or p for p in pieces), *args, **kwargs)

        engine._run = watched
        shared = engine.keyed(_key_order, df, "k", schema=schema)
    pd.testing.assert_frame_equal(shared[["k", "v"]], alone[["k", "v"]])
    assert handed[0] == max(handed) >= 300 and len(handed) > 2


def test_local_engine_with_processes_shares_slices_with_workers_in_order():
    """With three processes, a map's slices and a keyed function's buckets run here and in two
    worker processes and come back in order; a quick function, or one that cannot be sent (a
    lambda), runs here; release() reaches every worker, which stays for the next call."""
    import os

    df = pd.DataFrame({"k": [f"k{i % 7}" for i in range(120)], "v": range(120)})
    schema = {"k": "str", "pid": "int64"}
    with LocalEngine(map_rows=3, keyed_rows=5, processes=3, parallel_rows=3, parallel_seconds=0.01) as engine:
        mapped = engine.map(_pids, df, schema=schema)  # 40 slices of 0.1 s
        assert mapped["k"].tolist() == df["k"].tolist()  # rows in the table's order
        workers = set(mapped["pid"]) - {os.getpid()}
        assert os.getpid() in set(mapped["pid"]) and 1 <= len(workers) <= 2
        counted = engine.keyed(_count_by_key, df, "k", schema={"k": "str", "n": "int64", "total": "int64"})
        assert counted.sort_values("k")["total"].tolist() == [sum(v for v in range(120) if v % 7 == i) for i in range(7)]
        here = engine.map(lambda p: _pids(p), df.iloc[:30], schema=schema)
        assert set(here["pid"]) == {os.getpid()}
        quick = engine.map(lambda p: p.assign(pid=os.getpid())[["k", "pid"]], df, schema=schema)
        assert set(quick["pid"]) == {os.getpid()}
        engine.release()  # in every worker
        again = engine.map(_pids, df.iloc[:60], schema=schema)
        assert set(again["pid"]) - {os.getpid()} <= workers


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")
def test_local_engine_with_processes_writes_the_same_bytes(tmp_path):
    """Every stage's slices and buckets spread over two worker processes: the same tables as one
    process (the seeds, in slices small enough that every map and keyed function is split)."""
    pipeline.run(SEEDS, tmp_path / "one", progress=lambda _: None)
    with LocalEngine(map_rows=2, keyed_rows=50, processes=2, parallel_rows=1, parallel_seconds=0) as engine:
        pipeline.run(SEEDS, tmp_path / "two", engine=engine, progress=lambda _: None)
    names = sorted(p.name for p in (tmp_path / "one" / "data").glob("*.csv"))
    assert len(names) == len(pipeline.TABLES)
    different = [n for n in names if (tmp_path / "one" / "data" / n).read_bytes() != (tmp_path / "two" / "data" / n).read_bytes()]
    assert not different, different


def test_local_engine_with_processes_runs_a_quick_call_as_one_process_would_cut_it():
    """A call whose first fine piece shows it will be quick is not cut for the workers: the rest
    runs here in one process's slices (a cast per slice would cost more than the call), with the
    same rows; a keyed function's other buckets run as one call."""
    calls: list[int] = []
    df = pd.DataFrame({"k": [f"k{i % 7}" for i in range(100)], "v": range(100)})
    with LocalEngine(map_rows=10, keyed_rows=1000, processes=2, parallel_rows=1) as engine:
        out = engine.map(lambda p: (calls.append(len(p)), p)[1], df, schema={"k": "str", "v": "int64"})
        assert out["v"].tolist() == list(range(100))
        assert calls[0] < 10 and calls[1:-1] == [10] * (len(calls) - 2) and len(calls) <= 12
        calls.clear()
        counted = engine.keyed(lambda p: (calls.append(len(p)), _count_by_key(p))[1], df, "k",
                               schema={"k": "str", "n": "int64", "total": "int64"})
        assert len(calls) == 2 and sum(calls) == 100
        assert counted.sort_values("k")["total"].tolist() == [sum(v for v in range(100) if v % 7 == i) for i in range(7)]


def _with_length(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(n=part["text"].str.len())


def test_map_with_joins_gives_the_rows_of_the_whole_join_in_its_order():
    """A map over a table joined slice by slice returns what the map over the whole join returns:
    the same rows, in the join's order (rows without a match dropped, repeated keys repeated)."""
    pairs = pd.DataFrame({"a": ["x3", "x1", "x9", "x2", "x1", "x0"] * 5, "b": ["x1", "x2", "x2", "x0", "x3", "x9"] * 5})
    texts = pd.DataFrame({"id": ["x0", "x1", "x2", "x3"], "text": ["zero", "one", "two", "three"]})
    joins = [{"right": texts.rename(columns={"id": "a", "text": "text"}), "on": "a"},
             {"right": texts.rename(columns={"id": "b", "text": "text_b"}), "on": "b"}]
    schema = {"a": "str", "b": "str", "text": "str", "text_b": "str", "n": "int64"}
    for engine in (LocalEngine(map_rows=4), LocalEngine()):
        whole = engine.join(engine.join(pairs, **joins[0]), **joins[1])
        expected = typed(_with_length(whole), schema)
        got = engine.map(_with_length, pairs, schema=schema, joins=joins)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True))
        assert len(got) == 20 and "x9" not in set(got["a"]) | set(got["b"])


def _waits_for_another_piece(part: pd.DataFrame) -> pd.DataFrame:
    """The first piece waits (up to a minute) until another piece has started; the others say they have."""
    import os

    flag = Path(part["flag"].iloc[0])
    seen = True
    if part["v"].iloc[0] == 0:
        waited = 0.0
        while not flag.exists() and waited < 60:
            time.sleep(0.05)
            waited += 0.05
        seen = flag.exists()
    else:
        flag.touch()
    return pd.DataFrame({"v": part["v"], "pid": os.getpid(), "seen": seen})


def test_local_engine_workers_join_a_long_call_while_its_first_piece_runs(tmp_path):
    """A call still running after ``parallel_seconds`` is shared with the workers at once, not after
    this process's first piece: a first piece that lasts until another piece has started ends."""
    import os

    df = pd.DataFrame({"v": range(40), "flag": str(tmp_path / "started")})
    with LocalEngine(map_rows=5, processes=2, parallel_rows=5, parallel_seconds=0.2) as engine:
        out = engine.map(_waits_for_another_piece, df, schema={"v": "int64", "pid": "int64", "seen": "bool"})
    assert out["v"].tolist() == list(range(40))
    assert out["seen"].all()  # the first piece saw a worker start another before it ended
    assert set(out["pid"]) - {os.getpid()}


def test_local_engine_starts_workers_from_a_jupyter_kernel(monkeypatch):
    """In a Jupyter kernel (a chapter computing the tables itself) ``__main__`` has no ``__spec__``:
    the workers still start and the slices come back in order."""
    import os

    monkeypatch.delattr(sys.modules["__main__"], "__spec__", raising=False)
    df = pd.DataFrame({"k": [f"k{i}" for i in range(40)], "v": range(40)})
    with LocalEngine(map_rows=5, processes=2, parallel_rows=5, parallel_seconds=0) as engine:
        out = engine.map(_pids, df, schema={"k": "str", "pid": "int64"})
    assert out["k"].tolist() == df["k"].tolist() and set(out["pid"]) - {os.getpid()}


def test_concat_releasing_gives_pandas_concat_and_lets_the_parts_go():
    """Maps' and keyed functions' outputs are put together as ``pd.concat`` would, numeric or not,
    and the list of parts is emptied (the parts are not held beside the whole)."""
    import numpy as np

    from analysis.engine import concat_releasing

    rng = np.random.default_rng(3)
    numeric = [pd.DataFrame({"h": rng.integers(0, 2**63, n, dtype=np.uint64), "doc": rng.integers(-5, 5, n),
                             "share": rng.random(n), "aligned": rng.random(n) > 0.5}) for n in (4, 0, 7, 1)]
    mixed = [p.assign(name=pd.Series([f"x{i}" for i in range(len(p))], dtype="str")) for p in numeric]
    other_order = [numeric[0], numeric[2][["doc", "h", "share", "aligned"]]]
    for parts in (numeric, mixed, other_order, numeric[:1]):
        expected = pd.concat(parts, ignore_index=True)
        given = list(parts)
        got = concat_releasing(given)
        pd.testing.assert_frame_equal(got, expected)
        assert given == []


def test_write_parquet_in_parts_reads_back_as_the_whole_table(tmp_path, monkeypatch):
    """A large table goes to Parquet a few megabytes at a time and reads back as pandas' own file
    does: the same rows, columns and dtypes (missing values, nullable ints, texts, booleans)."""
    from analysis import engine as engine_module

    monkeypatch.setattr(engine_module, "_CSV_BYTES", 20_000)
    n = 5000
    df = pd.DataFrame({"id": pd.Series([f"a{i}" for i in range(n)], dtype="str"),
                       "text": pd.Series([None if i % 7 == 0 else f"text {i}, " * 5 for i in range(n)], dtype="str"),
                       "count": range(n), "maybe": pd.Series([None if i % 5 == 0 else i for i in range(n)], dtype="Int64"),
                       "share": [i / 3 for i in range(n)], "flag": [i % 2 == 0 for i in range(n)]})
    engine_module.write_parquet(df, tmp_path / "parts.parquet")
    df.to_parquet(tmp_path / "whole.parquet", index=False)
    import pyarrow.parquet as pq

    assert pq.ParquetFile(tmp_path / "parts.parquet").num_row_groups > 3
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "parts.parquet"), pd.read_parquet(tmp_path / "whole.parquet"))


def test_write_csv_renders_long_texts_a_few_megabytes_at_a_time(tmp_path, monkeypatch):
    """A table of long texts is rendered in chunks of about ``_CSV_BYTES`` (rendering copies a
    chunk several times: all texts at once held gigabytes), and the file is still pandas' own."""
    from analysis import engine as engine_module

    monkeypatch.setattr(engine_module, "_CSV_BYTES", 200_000)
    chunks = []
    real = engine_module.csv_bytes
    monkeypatch.setattr(engine_module, "csv_bytes", lambda df, header=True: chunks.append(len(df)) or real(df, header))
    df = pd.DataFrame({"id": [f"a{i}" for i in range(5000)],
                       "text": pd.Series([f'line {i}, "quoted"\n' * 8 for i in range(5000)], dtype="str")})
    engine_module.write_csv(df, tmp_path / "texts.csv")
    assert (tmp_path / "texts.csv").read_bytes() == df.to_csv(index=False, lineterminator="\n").encode()
    rendered = [n for n in chunks[2:]]  # after the header and the sample
    assert sum(rendered) == 5000 and len(rendered) >= 4 and max(rendered) * 180 < 250_000


def test_write_csv_writes_exactly_what_pandas_to_csv_writes(tmp_path, monkeypatch):
    """The fast CSV writer keeps the tables' dialect: every kind of field a table holds, quoted or
    not, missing or not, across the boundary between the rows it renders at a time."""
    from analysis import engine as engine_module

    monkeypatch.setattr(engine_module, "_CSV_ROWS", 3)
    text = ['plain', 'with, comma', 'a "quote"', 'line\nbreak', 'carriage\rreturn', '', None, 'ünïcode – “curly”',
            ' lead space', 'trailing,']
    n = len(text)
    df = pd.DataFrame({
        "id": [f"a{i:02d}" for i in range(n)],
        "text": pd.Series(text, dtype="str"),
        "count": list(range(-3, n - 3)),
        "maybe": pd.Series([1, None, 3, None, 5, 6, 7, 8, 9, 10], dtype="Int64"),
        "share": [0.1, 1 / 3, float("nan"), 2.0, 1e-7, 1e16, -0.0, 12345.678, 0.5, 100.0],
        "flag": [True, False] * (n // 2),
        "mixed": pd.Series(["x", 1, None, 2.5, True, "y,z", float("nan"), "", "q", 0], dtype=object),
    })
    for frame in (df, df.iloc[:0], df.iloc[4:5], df[["id", "text"]]):
        path = tmp_path / "fast.csv"
        engine_module.write_csv(frame, path)
        assert path.read_bytes() == frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    lone = pd.DataFrame({"text": ["", "a", None]}, dtype="str")  # pandas writes a lone empty field as ""
    engine_module.write_csv(lone, tmp_path / "lone.csv")
    assert (tmp_path / "lone.csv").read_bytes() == lone.to_csv(index=False, lineterminator="\n").encode()
    engine_module.write_csv(df.iloc[:4], tmp_path / "parts.csv")  # the Dask engine appends parts
    engine_module.write_csv(df.iloc[4:], tmp_path / "parts.csv", header=False, mode="a")
    assert (tmp_path / "parts.csv").read_bytes() == df.to_csv(index=False, lineterminator="\n").encode()
