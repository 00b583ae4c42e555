"""The engines: the same stage functions in this process and on Dask give the same tables."""

from __future__ import annotations

import subprocess
import sys
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


def test_typed_keeps_exactly_the_schema_columns_in_order():
    df = pd.DataFrame({"b": [1], "a": ["x"], "extra": [0]})
    out = typed(df, {"a": "str", "b": "int64"})
    assert list(out.columns) == ["a", "b"] and str(out["b"].dtype) == "int64"
    assert list(typed(df.iloc[0:0], {"a": "str"}).columns) == ["a"]


def _tables(tmp_path: Path, corpus: Path, *engine_args: str) -> dict[str, bytes]:
    out = tmp_path / ("dask" if engine_args else "local")
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus), "--out", str(out),
                           *engine_args], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    tables = {p.name: p.read_bytes() for p in sorted((out / "data").glob("*.csv"))}
    # what the book reads (bounded tables and counts), computed through the same engine
    book = out / "data" / "book"
    tables["book/stats.json"] = (book / "stats.json").read_bytes()
    for p in sorted(book.glob("*.parquet")):
        tables[f"book/{p.stem}"] = pd.read_parquet(p).to_csv(index=False).encode("utf-8")
    return tables


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")
def test_dask_engine_writes_the_same_bytes_as_the_local_engine(tmp_path):
    """Every table, and the book's bounded tables and counts."""
    local = _tables(tmp_path, SEEDS)
    dask = _tables(tmp_path, SEEDS, "--engine", "dask", "--workers", "2")
    assert {n for n in local if not n.startswith("book/")} == {f"{name}.csv" for name in pipeline.TABLES}
    assert local.keys() == dask.keys()
    different = [name for name in local if local[name] != dask[name]]
    assert not different, f"tables that differ between engines: {different}"
    assert local["overlap_pairs.csv"].count(b"\n") >= 2  # a real pair was compared, not two empty tables


def test_engine_options_need_the_dask_engine(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out",
                           str(tmp_path), "--workers", "2"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2 and "--engine dask" in done.stderr
