"""What the book reads: bounded tables and the counts its sentences use, computed through the engine.

The run's tables grow with the corpus (at 100,000 articles they are gigabytes);
the book must not.  At the end of a run (:func:`analysis.pipeline.run`),
:func:`write_book` writes ``OUT/data/book/``:

* ``stats.json``: every count and aggregate the chapters' findings and notes
  use (articles, repeats, outlets, dated / ranged / undated, problems, pairs,
  verbatim pairs, syndication groups, families, figures and claims by status,
  events, the coverage window, the dating self-check, ...);
* one Parquet file per *book table*: the rows the chapters show, the most
  telling first, chosen as the views choose them (the pairs sharing the most,
  the largest families with their members, the first articles by id, ...), and
  ``labels``: the readable name of every article the book mentions.

Everything is computed through the engine (:mod:`analysis.engine`), so it runs
the same on a corpus that does not fit one process: **maps** that turn each
partition into a few rows (its counts, its first rows in some order), **keyed
reductions** (article labels by their text, furniture lines by line, families
by family, syndication groups by family, article weights by id) and **selects**
by a small broadcast set of ids (the texts of the articles shown).
``engine.collect`` is only called on such bounded results.  With the local
engine the same functions run over whole tables in memory: :func:`book_of`
builds a :class:`Book` from pandas tables, which is how the chapters' sentence
builders work on the small tables of the tests.

Labels: every article gets a short readable name, unique within the report,
from its outlet, its title cut short and its date ("Press TV · Belarus set to
buy $1 billion worth of weapons… · 13–15 Sep 2021"), made of printable
characters only; a title that is a photo caption or the outlet's own name is
left out (see :func:`analysis.corpus.names_not_tells`).  Two articles whose
labels would read the same get their ids added ("… [4859]").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .corpus import ARTICLES_TABLE, FURNITURE_TABLE, PROBLEMS_TABLE, names_not_tells, natural_key, printable
from .engine import LocalEngine, empty
from .figures import APART_TABLE_SCHEMA, CLAIMS_SCHEMA, FIGURES_SCHEMA, SUMMARY_SCHEMA
from .overlap import (COMMON_COLUMNS, EDIT_COLUMNS, FAMILY_COLUMNS, PAIR_COLUMNS, PASSAGE_COLUMNS,
                      UNIQUE_COLUMNS, OverlapParams)
from .pipeline import NamedFrames, read_table
from .timeline import DATES_SCHEMA, EVENTS_SCHEMA, TimelineParams

#: Rows a bounded table of the book keeps (the chapters show this many; the downloads have all).
MAX_ROWS = 50
#: Cleaned texts the corpus chapter shows in full.
MAX_TEXTS = 20
#: Derived pairs shown side by side (each with both full texts).
MAX_SIDE_BY_SIDE = 5
#: Values the provenance table lists.
MAX_PROVENANCE_ROWS = MAX_ROWS // 2
#: Members named per family, and articles named per syndication group.
MAX_FAMILY_MEMBERS = 12
#: Families and syndication groups the overlap chapter shows.
MAX_FAMILIES = MAX_ROWS
MAX_GROUPS = 20
#: Article ids a grouped row names (a line of furniture removed from many articles).
MAX_IDS_NAMED = 5
#: Articles the heatmap shows (those with the most shared text).
MAX_HEATMAP = 30
#: Conflicts the figures chapter quotes; claims listed by outlet; claims drawn as intervals.
MAX_CONFLICTS = 25
MAX_CLAIMS_BY_OUTLET = MAX_ROWS
#: (12 quantities of up to 40 figures each: at 30, a 1,000-article corpus drew a 12,000-pixel chart, 0.8 MB of the page)
MAX_INTERVAL_CLAIMS = 12
#: Figures of one claim kept for the views (a claim carried by hundreds of articles is counted, not listed).
MAX_CLAIM_ROWS = 40
#: Pairs of figures kept apart that the figures chapter shows.
MAX_APART = 12
#: Outlet lanes the timeline chart draws (the outlets with the most articles).
MAX_LANES = 40
#: Articles named in the timeline's notes (outliers, undated).
MAX_NAMED = 20
#: Events the lag chart draws.
MAX_LAG_EVENTS = 25
#: Dates mentioned more than this many days from the coverage are background: left off the lag chart.
BACKGROUND_DAYS = 90
#: The drawn window holds at least this share of the exactly dated articles (the shortest such span).
COVERAGE_SHARE = 0.9
#: The dating self-check runs on the whole corpus up to this many articles, else on the first
#: ``2 * DATING_CHECK_HIDDEN`` exactly dated articles by id (it hides every second one).
DATING_CHECK_MAX_ARTICLES = 1000
DATING_CHECK_HIDDEN = 200
#: A label's title is cut to about this many characters, at a word boundary.
LABEL_TITLE_CHARS = 48
#: Words of a family's source text quoted as its excerpt.
EXCERPT_WORDS = 30

_ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ARTICLES_SCHEMA = {**{k: v for k, v in ARTICLES_TABLE.items()},
                   "published_earliest": "str", "published_latest": "str"}
TEXTS_SCHEMA = {"article_id": "str", "title": "str", "outlet": "str", "text": "str"}
#: Every table of a run, with its columns (what :func:`book_of` fills in when a test gives only some).
TABLE_SCHEMAS: dict[str, dict[str, str]] = {
    "articles": ARTICLES_SCHEMA, "problems": PROBLEMS_TABLE,
    "furniture": {k: v for k, v in FURNITURE_TABLE.items() if k != "line_no"}, "texts": TEXTS_SCHEMA,
    "passages": PASSAGE_COLUMNS, "overlap_pairs": PAIR_COLUMNS, "edits": EDIT_COLUMNS,
    "unique_paragraphs": UNIQUE_COLUMNS, "families": FAMILY_COLUMNS, "common_phrases": COMMON_COLUMNS,
    "figures": FIGURES_SCHEMA, "claims": CLAIMS_SCHEMA, "claims_summary": SUMMARY_SCHEMA,
    "claims_apart": APART_TABLE_SCHEMA, "dates": DATES_SCHEMA, "events": EVENTS_SCHEMA,
}


# --- the book ---------------------------------------------------------------------------


@dataclass
class Book(NamedFrames):
    """What the chapters read: ``stats`` (counts and aggregates) and bounded tables, by name."""

    stats: dict = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def labels(self) -> dict[str, str]:
        """Article id → its readable label, for every article the book names."""
        lab = self.frames.get("labels")
        if lab is None or lab.empty:
            return {}
        return dict(zip(lab["article_id"].astype(str), lab["label"].astype(str)))


def write_book(engine, run: dict, names, data_dir: str | Path) -> Path:
    """Compute the book's tables and stats from a run's tables (``names``, as written to
    ``DATA/parquet``) and write them to ``DATA/book/``."""
    data_dir = Path(data_dir)
    book = digest(engine, _inputs(engine, names, data_dir), run.get("settings", {}))
    return save(book, data_dir / "book")


def save(book: Book, folder: Path) -> Path:
    """Write a book (``stats.json`` and one Parquet file per table) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.parquet"):
        old.unlink()
    for name, df in sorted(book.frames.items()):
        df.reset_index(drop=True).to_parquet(folder / f"{name}.parquet", index=False)
    (folder / "stats.json").write_text(json.dumps(book.stats, sort_keys=True, indent=1, ensure_ascii=False,
                                                  default=_json_value) + "\n", encoding="utf-8")
    return folder


def load_book(folder: str | Path) -> Book:
    """Read back a book written by :func:`save`."""
    folder = Path(folder)
    stats = json.loads((folder / "stats.json").read_text(encoding="utf-8"))
    frames = {p.stem: pd.read_parquet(p) for p in sorted(folder.glob("*.parquet"))}
    return Book(stats=stats, frames=frames)


def book_of(frames: dict[str, pd.DataFrame], settings: dict | None = None) -> Book:
    """The book of whole tables held in this process (missing tables and columns are empty)."""
    complete = {name: _complete(frames.get(name), schema) for name, schema in TABLE_SCHEMAS.items()}
    return digest(LocalEngine(), complete, settings or {})


def _json_value(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _inputs(engine, names, data_dir: Path) -> dict:
    """The run's tables read back from the Parquet just written: on Dask partitioned, so no worker
    holds a whole table; locally, whole frames (the stages' own frames are let go by then)."""
    folder = data_dir / "parquet"
    if getattr(engine, "name", "") == "dask":
        import dask.dataframe as dd

        return {name: dd.read_parquet(str(folder / name)) for name in names}
    return {name: read_table(folder / name) for name in names}


def _complete(df: pd.DataFrame | None, schema: dict[str, str]) -> pd.DataFrame:
    """``df`` with every column of ``schema`` (missing ones empty), typed, extra columns dropped."""
    if df is None or len(df) == 0:
        return empty(schema)
    out = df.copy()
    for col, dtype in schema.items():
        if col not in out.columns:
            out[col] = _blank(dtype)
        elif dtype == "str":
            out[col] = out[col].fillna("").astype(str)
    return out.loc[:, list(schema)].astype(schema).reset_index(drop=True)


def _blank(dtype: str):
    return {"str": "", "bool": False, "int64": 0, "float64": float("nan"), "object": None}.get(dtype, pd.NA)


# --- bounded results through the engine ------------------------------------------------------


def _schema(frame) -> dict[str, str]:
    return {c: str(t) for c, t in frame.dtypes.items()}


def _first_rows(part: pd.DataFrame, n: int, by: list[str], ascending: bool | list[bool] = True,
                prep=None, *args) -> pd.DataFrame:
    if prep is not None:
        part = prep(part, *args)
    return part.sort_values(by, ascending=ascending, kind="mergesort").head(n)


def first(engine, frame, n: int, by: list[str], ascending: bool | list[bool] = True, prep=None, args: tuple = (),
          schema: dict[str, str] | None = None) -> pd.DataFrame:
    """The first ``n`` rows of ``frame`` in the order ``by`` (which must end in a unique key): each
    partition's first ``n``, collected, then the first ``n`` of those.  ``prep`` adds sort columns."""
    schema = schema or _schema(frame)
    got = engine.collect(engine.map(_first_rows, frame, n, by, ascending, prep, *args, schema=schema))
    return _first_rows(got, n, by, ascending).reset_index(drop=True)


def _sum_rows(engine, frame, fn, schema: dict[str, str], *args) -> dict:
    """Column sums of the one-row frames ``fn`` makes of each partition."""
    got = engine.collect(engine.map(fn, frame, *args, schema=schema))
    return {c: (int(got[c].sum()) if len(got) else 0) for c in schema}


def _sizes(engine, frame, keys: list[str]) -> pd.DataFrame:
    """Rows per value of ``keys`` (columns with few values: statuses, kinds, days, outlets)."""
    schema = {**{k: _schema(frame)[k] for k in keys}, "n": "int64"}
    got = engine.collect(engine.map(_size_rows, frame, keys, schema=schema))
    if got.empty:
        return got
    return got.groupby(keys, sort=True)["n"].sum().reset_index()


def _size_rows(part: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return part.groupby(keys, sort=True).size().rename("n").reset_index() if len(part) else \
        pd.DataFrame(columns=[*keys, "n"])


def _distinct(part: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    return part.loc[:, columns].drop_duplicates()


def distinct_count(engine, frame, column: str) -> int:
    """How many distinct values ``column`` has (a keyed reduction by the column, then a count)."""
    return engine.count(engine.keyed(_distinct, frame[[column]], column, [column],
                                     schema={column: _schema(frame)[column]}))


def _select_ids(engine, frame, column: str, ids) -> pd.DataFrame:
    """The rows whose ``column`` is one of a small set of ids, collected."""
    ids = frozenset(str(i) for i in ids)
    if not ids:
        return empty(_schema(frame))
    wanted = engine.broadcast(ids)
    return engine.collect(engine.map(_rows_in, frame, column, wanted, schema=_schema(frame)))


def _rows_in(part: pd.DataFrame, column: str, ids) -> pd.DataFrame:
    return part[part[column].astype(str).isin(ids)]


# --- shared row helpers ---------------------------------------------------------------------


def date_text(row) -> str:
    """An article's publication date as a reader should see it: a day, a range, or undated."""
    published = str(row.get("published", "") or "")
    if published:
        return published
    early = str(row.get("published_earliest", "") or "")
    late = str(row.get("published_latest", "") or "")
    if early and late:
        return f"between {early} and {late}"
    if early:
        return f"on or after {early}"
    if late:
        return f"on or before {late}"
    return "undated"


def _day(iso: str) -> tuple[int, str, int] | None:
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})$", str(iso or ""))
    if not m:
        return None
    return int(m[3]), _ENGLISH_MONTHS[int(m[2]) - 1], int(m[1])


def _day_text(iso: str) -> str:
    d = _day(iso)
    return f"{d[0]} {d[1]} {d[2]}" if d else str(iso or "")


def date_label(published: str, earliest: str = "", latest: str = "") -> str:
    """A short human date: "13 Sep 2021", "13–15 Sep 2021", "30 Aug–2 Sep 2021", "by 2 Jun 2018", "undated"."""
    if published:
        return _day_text(published)
    a, b = _day(earliest), _day(latest)
    if a and b:
        if (a[1], a[2]) == (b[1], b[2]):
            return _day_text(earliest) if a[0] == b[0] else f"{a[0]}\u2013{b[0]} {b[1]} {b[2]}"
        if a[2] == b[2]:
            return f"{a[0]} {a[1]}\u2013{b[0]} {b[1]} {b[2]}"
        return f"{_day_text(earliest)}\u2013{_day_text(latest)}"
    if a:
        return f"from {_day_text(earliest)}"
    if b:
        return f"by {_day_text(latest)}"
    return "undated"


def short_title(title: str, limit: int = LABEL_TITLE_CHARS) -> str:
    """A title cut at a word boundary to about ``limit`` characters, with "…" where it was cut."""
    title = printable(title)
    if len(title) <= limit:
        return title
    cut = title[:limit + 1].rsplit(" ", 1)[0] if " " in title[:limit + 1] else title[:limit]
    return cut.rstrip(" ,;:.\u2013\u2014-") + "\u2026"


def label_title(title: str, outlet: str) -> str:
    """The title a label uses: none when it is a caption, a label or the outlet's own name."""
    title, outlet = printable(title), printable(outlet)
    if not title or title.lower() == outlet.lower() or names_not_tells(title, [outlet] if outlet else []):
        return ""
    return title


def base_label(article_id: str, outlet: str, title: str, published: str, earliest: str, latest: str,
               status: str = "ok") -> str:
    """ "outlet · short title · date" (printable characters only); the id stands in for a missing
    outlet and title; an input that could not be read is "id (not read)"."""
    aid = printable(article_id) or "article"
    if str(status or "ok") != "ok":
        return f"{aid} (not read)"
    outlet = printable(outlet)
    title = label_title(title, outlet)
    parts = [outlet] if outlet else []
    if title:
        parts.append(short_title(title))
    elif not outlet:
        parts.append(aid)
    parts.append(date_label(published, earliest, latest))
    return " \u00b7 ".join(parts)


LABEL_SCHEMA = {"article_id": "str", "base": "str"}
LABELS_SCHEMA = {"article_id": "str", "label": "str"}


def base_labels(part: pd.DataFrame) -> pd.DataFrame:
    """Map over articles: each article's label before it is made unique."""
    bases = [base_label(r.article_id, r.outlet, r.title, r.published, r.published_earliest, r.published_latest,
                        r.status) for r in part.itertuples(index=False)]
    return pd.DataFrame({"article_id": part["article_id"].astype(str), "base": bases})


def unique_labels(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by label: articles whose labels read the same each get their id added ("… [id]")."""
    part = part.sort_values(["base", "article_id"], kind="mergesort")
    shared = part["base"].duplicated(keep=False)
    labels = [f"{b} [{printable(a)}]" if s else b for a, b, s in zip(part["article_id"], part["base"], shared)]
    return pd.DataFrame({"article_id": part["article_id"], "label": labels})


def article_labels(engine, articles):
    """Every article's readable label, unique within the report (an engine frame: article_id, label)."""
    bases = engine.map(base_labels, articles, schema=LABEL_SCHEMA)
    return engine.keyed(unique_labels, bases, "base", schema=LABELS_SCHEMA)


# --- the digest --------------------------------------------------------------------------------


def digest(engine, t: dict, settings: dict) -> Book:
    """Every bounded table and count the book reads, from the run's tables ``t`` (engine frames)."""
    overlap_params = OverlapParams(**{k[len("overlap_"):]: v for k, v in settings.items()
                                      if k.startswith("overlap_") and k[len("overlap_"):] in
                                      OverlapParams.__dataclass_fields__})
    timeline_params = _timeline_params(settings)
    book = Book()
    named: set[str] = set()
    articles = engine.persist(t["articles"])
    analysed = engine.persist(engine.select(articles, _is_analysed))
    labels = engine.persist(article_labels(engine, articles))
    _corpus(engine, book, named, articles, t)
    _overlap(engine, book, named, analysed, t, overlap_params)
    _figures(engine, book, named, t)
    _timeline(engine, book, named, analysed, t)
    _methods(engine, book, analysed, t, timeline_params)
    book.stats["rows"] = {name: int(engine.count(frame)) for name, frame in sorted(t.items())}
    lab = _select_ids(engine, labels, "article_id", named)
    book.frames["labels"] = lab.sort_values("article_id", kind="mergesort").reset_index(drop=True)
    return book


def _timeline_params(settings: dict) -> TimelineParams:
    kwargs = {}
    for f in TimelineParams.__dataclass_fields__:
        if f"timeline_{f}" in settings:
            value = settings[f"timeline_{f}"]
            kwargs[f] = tuple(value) if isinstance(value, list) else value
    return TimelineParams(**kwargs)


def _is_analysed(part: pd.DataFrame) -> pd.Series:
    return (part["status"].astype(str) == "ok") & (part["duplicate_of"].astype(str) == "")


def _ids_of(named: set[str], *columns) -> None:
    for col in columns:
        named.update(str(x) for x in col if str(x))


# --- corpus -----------------------------------------------------------------------------------

_CORPUS_COUNTS = {"rows": "int64", "articles": "int64", "repeats": "int64", "skipped": "int64",
                  "unknown_outlet": "int64", "dated": "int64", "ranged": "int64"}


def _corpus_counts(part: pd.DataFrame) -> pd.DataFrame:
    ok = part["status"].astype(str) == "ok"
    repeat = ok & (part["duplicate_of"].astype(str) != "")
    analysed = ok & ~repeat
    pub = part["published"].astype(str)
    ranged = analysed & (pub == "") & ((part["published_earliest"].astype(str) != "")
                                       | (part["published_latest"].astype(str) != ""))
    return pd.DataFrame([{
        "rows": len(part), "articles": int(analysed.sum()), "repeats": int(repeat.sum()),
        "skipped": int((~ok).sum()), "unknown_outlet": int((analysed & (part["outlet"].astype(str) == "")).sum()),
        "dated": int((analysed & (pub != "")).sum()), "ranged": int(ranged.sum()),
    }])


def _days(part: pd.DataFrame) -> pd.DataFrame:
    pub = part["published"].astype(str)
    return pd.DataFrame({"day": pub[pub != ""]})


def _view_order(part: pd.DataFrame) -> pd.DataFrame:
    """Articles as the corpus chapter lists them: inputs that could not be used first, then by id
    (read naturally: "2" before "10")."""
    return part.assign(_usable=part["status"].astype(str) == "ok", _key=part["article_id"].astype(str).map(natural_key))


def _natural(part: pd.DataFrame, column: str = "article_id", into: str = "_key") -> pd.DataFrame:
    return part.assign(**{into: part[column].astype(str).map(natural_key)})


def _problem_order(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(_key=[natural_key(s) + "\x00" + natural_key(r) + "\x00" + p
                             for s, r, p in zip(part["source"], part["row"], part["problem"])])


def _corpus(engine, book: Book, named: set[str], articles, t: dict) -> None:
    counts = _sum_rows(engine, articles, _corpus_counts, _CORPUS_COUNTS)
    analysed = engine.select(articles, _is_analysed)
    outlets = _sizes(engine, analysed, ["outlet"])
    days = _sizes(engine, engine.map(_days, analysed, schema={"day": "str"}), ["day"])
    problems = t["problems"]
    n_problems = engine.count(problems)
    skipped_inputs = engine.count(engine.select(problems, lambda p: p["action"].astype(str).str.startswith("skipped")))
    first_problems = first(engine, problems, MAX_ROWS, ["_key"], prep=_problem_order,
                           schema={**PROBLEMS_TABLE, "_key": "str"})
    repeats = engine.select(articles, lambda p: (p["status"].astype(str) == "ok") & (p["duplicate_of"].astype(str) != ""))
    book.stats["corpus"] = {
        **counts,
        "outlets": int((outlets["outlet"].astype(str) != "").sum()) if len(outlets) else 0,
        "first_day": str(days["day"].min()) if len(days) else "",
        "last_day": str(days["day"].max()) if len(days) else "",
        "problems": int(n_problems), "problems_skipped": int(skipped_inputs),
        "repeated_articles": distinct_count(engine, repeats, "duplicate_of") if counts["repeats"] else 0,
    }
    # the articles table: inputs that could not be used first, then by id
    shown = first(engine, articles, MAX_ROWS, ["_usable", "_key", "article_id"], prep=_view_order,
                  schema={**_schema(articles), "_usable": "bool", "_key": "str"})
    book.frames["articles"] = shown.drop(columns=["_usable", "_key"])
    _ids_of(named, shown["article_id"], shown["duplicate_of"])
    book.frames["problems"] = first_problems.drop(columns="_key")
    _provenance(engine, book, articles, counts["rows"])
    _furniture(engine, book, t["furniture"])
    texts = first(engine, t["texts"], MAX_TEXTS, ["_key", "article_id"], prep=_natural,
                  schema={**TEXTS_SCHEMA, "_key": "str"})
    book.frames["texts"] = texts.drop(columns="_key")
    book.stats["corpus"]["texts"] = int(engine.count(t["texts"]))
    _ids_of(named, texts["article_id"])
    # repeats: which article each repeats, and from which input row
    rep = first(engine, repeats, MAX_ROWS, ["_key", "_key2", "article_id"],
                prep=lambda p: _natural(_natural(p, "duplicate_of"), "article_id", "_key2"),
                schema={**_schema(articles), "_key": "str", "_key2": "str"})
    originals = _select_ids(engine, articles, "article_id", set(rep["duplicate_of"]))
    source_of = dict(zip(originals["article_id"].astype(str), originals["source"].astype(str)))
    book.frames["repeats"] = pd.DataFrame({
        "article_id": rep["article_id"].astype(str), "source": rep["source"].astype(str),
        "duplicate_of": rep["duplicate_of"].astype(str),
        "original_source": [source_of.get(str(d), "") for d in rep["duplicate_of"]],
        "byline": rep["byline"].astype(str), "encoding": rep["encoding"].astype(str),
    }, columns=["article_id", "source", "duplicate_of", "original_source", "byline", "encoding"])
    _ids_of(named, rep["article_id"], rep["duplicate_of"])


#: Bases of a metadata value, least certain first: the provenance view lists values in this order.
BASIS_ORDER = ("unknown", "inferred", "text", "url", "header", "html-meta", "column", "manifest")
_FIELDS = ("title", "outlet", "url", "published")
PROVENANCE_SCHEMA = {"article_id": "str", "field": "str", "value": "str", "basis": "str", "kind": "str",
                     "_key": "str", "_field": "int64"}


def basis_kind(fieldname: str, value: str, basis: str) -> str:
    """Where a metadata value came from, in one word: ``manifest``, ``column``, ``inferred``, ``unknown`` …"""
    basis = str(basis or "")
    if fieldname == "published":
        if not basis or basis.startswith("Undated"):
            return "unknown"
        if "(inferred" in basis:
            return "inferred"
        stated = re.search(r"according to ([\w-]+)", basis)
        return stated.group(1) if stated else basis.split(":")[0].strip()
    if str(value or "") in ("", "unknown") and not basis:
        return "unknown"
    return basis.split(":")[0].strip() or "unknown"


def provenance_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article and metadata field: the value shown, its basis, and the basis in one word."""
    rows = []
    for r in articles.to_dict("records"):
        for i, fieldname in enumerate(_FIELDS):
            value = r.get(fieldname, "")
            basis = r.get(f"{fieldname}_basis", "")
            kind = basis_kind(fieldname, value, basis)
            if fieldname == "published":
                value = date_text(r)
            if value in ("", "undated") and not basis:
                value, basis = "unknown", ""
            rows.append({"article_id": r["article_id"], "field": fieldname, "value": value, "basis": basis,
                         "kind": kind, "_key": natural_key(r["article_id"]) + "\x00" + natural_key(r.get("source", "")),
                         "_field": i})
    return pd.DataFrame(rows, columns=list(PROVENANCE_SCHEMA))


def _provenance_listed(part: pd.DataFrame, uniform: frozenset) -> pd.DataFrame:
    """Map: provenance rows worth listing (not of a field every article has from one basis), ranked."""
    view = provenance_frame(part)
    rank = {k: i for i, k in enumerate(BASIS_ORDER)}
    field_rank = {"published": 0, "outlet": 1, "title": 2, "url": 3}
    keep = [(f, k) not in uniform for f, k in zip(view["field"], view["kind"])]
    view = view[keep]
    return view.assign(_k=view["kind"].map(rank).fillna(len(rank)).astype("int64"),
                       _f=view["field"].map(field_rank).astype("int64"))


def _provenance(engine, book: Book, articles, n_articles: int) -> None:
    prov = engine.map(provenance_frame, articles, schema=PROVENANCE_SCHEMA)
    counts = _sizes(engine, prov, ["field", "kind"])
    book.frames["provenance_counts"] = counts
    uniform = frozenset((f, k) for f, k, n in zip(counts["field"], counts["kind"], counts["n"]) if n == n_articles) \
        if len(counts) else frozenset()
    total = int(counts["n"].sum()) if len(counts) else 0
    listed_total = total - sum(int(n) for f, k, n in zip(counts["field"], counts["kind"], counts["n"])
                               if (f, k) in uniform) if len(counts) else 0
    if total <= MAX_PROVENANCE_ROWS:
        values = first(engine, prov, MAX_PROVENANCE_ROWS, ["_key", "article_id", "_field"])
        listed = False
    else:
        # publication dates first (what a reader checks and cites), each field's least certain values
        # first: 23 unknown titles, already counted above, must not push the inferred dates off the page
        values = first(engine, articles, MAX_PROVENANCE_ROWS, ["_f", "_k", "article_id"],
                       prep=_provenance_listed, args=(uniform,),
                       schema={**PROVENANCE_SCHEMA, "_k": "int64", "_f": "int64"})
        listed = True
    book.frames["provenance"] = values[["article_id", "field", "value", "basis", "kind"]].reset_index(drop=True)
    book.stats["provenance"] = {"rows": total, "listed": listed, "listed_rows": listed_total,
                                "uniform_fields": sorted({f for f, _ in uniform}), "articles": n_articles}


FURNITURE_LINES_SCHEMA = {"line": "str", "reason": "str", "articles": "int64", "first_ids": "str"}


def furniture_lines(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by line: one row per distinct removed line and reason, with how many articles lost it."""
    rows = []
    for (reason, line), group in part.groupby(["reason", "line"], sort=True):
        ids = sorted(set(group["article_id"].astype(str)))
        rows.append({"line": line, "reason": reason, "articles": len(ids),
                     "first_ids": "\x1f".join(ids[:MAX_IDS_NAMED])})
    return pd.DataFrame(rows, columns=list(FURNITURE_LINES_SCHEMA))


def _furniture(engine, book: Book, furniture) -> None:
    reasons = _sizes(engine, furniture, ["reason"])
    lines = engine.persist(engine.keyed(furniture_lines, furniture[["article_id", "line", "reason"]], "line",
                                        schema=FURNITURE_LINES_SCHEMA))
    shown = first(engine, lines, MAX_ROWS, ["articles", "reason", "line"], ascending=[False, True, True])
    book.frames["furniture"] = shown
    book.frames["furniture_reasons"] = reasons
    book.stats["furniture"] = {"lines": int(reasons["n"].sum()) if len(reasons) else 0,
                               "distinct": int(engine.count(lines))}


# --- overlap ------------------------------------------------------------------------------------

SIDES_SCHEMA = {"article_id": "str", "share": "float64"}
WEIGHTS_SCHEMA = {"article_id": "str", "weight": "float64"}


def pair_sides(part: pd.DataFrame) -> pd.DataFrame:
    """Map over pairs: each article of each pair with its share of text in the other."""
    return pd.DataFrame({
        "article_id": pd.concat([part["article_a"], part["article_b"]], ignore_index=True).astype(str),
        "share": pd.concat([part["share_a"], part["share_b"]], ignore_index=True).astype(float)})


def article_weights(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by article id: how much of its text an article shares, summed over its pairs."""
    if part.empty:
        return empty(WEIGHTS_SCHEMA)
    # summed in one order whatever order the rows arrive in, so both engines give the same floats
    part = part.sort_values(["article_id", "share"], kind="mergesort")
    return part.groupby("article_id", sort=True)["share"].sum().rename("weight").reset_index()


def _top_share(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(_top=part[["share_a", "share_b"]].astype(float).max(axis=1))


_PAIR_COUNTS = {"pairs": "int64", "verbatim": "int64", "syndicated": "int64"}


def _pair_counts(part: pd.DataFrame, min_share: float) -> pd.DataFrame:
    both = (part["share_a"].astype(float) >= min_share) & (part["share_b"].astype(float) >= min_share)
    return pd.DataFrame([{"pairs": len(part), "verbatim": int(part["verbatim"].astype(bool).sum()),
                          "syndicated": int(both.sum())}])


def _overlap(engine, book: Book, named: set[str], analysed, t: dict, params: OverlapParams) -> None:
    pairs = t["overlap_pairs"]
    counts = _sum_rows(engine, pairs, _pair_counts, _PAIR_COUNTS, float(params.syndication_min_share))
    weights = engine.persist(engine.keyed(article_weights, engine.map(pair_sides, pairs, schema=SIDES_SCHEMA),
                                          "article_id", schema=WEIGHTS_SCHEMA))
    families = t["families"]
    fam_sources = engine.select(families, lambda p: p["source"].astype(bool) & (p["size"].astype(int) >= 2))
    book.stats["overlap"] = {
        **counts, "involved": int(engine.count(weights)), "families": int(engine.count(fam_sources)),
        "syndication_min_share": float(params.syndication_min_share),
        "direction_min_share": float(params.direction_min_share),
    }
    # pairs, the most shared first (the findings quote the first three; the side-by-side view the first five)
    top = first(engine, pairs, MAX_ROWS, ["_top", "article_a", "article_b"], ascending=[False, True, True],
                prep=_top_share, schema={**PAIR_COLUMNS, "_top": "float64"})
    book.frames["pairs"] = top.drop(columns="_top")
    _ids_of(named, top["article_a"], top["article_b"])
    # the heatmap: the articles with the most shared text, and the pairs among them
    heavy = first(engine, weights, MAX_HEATMAP, ["weight", "article_id"], ascending=[False, True])
    keep = kept = frozenset(heavy["article_id"].astype(str))  # at most MAX_HEATMAP ids: sent with the task
    book.frames["heatmap_pairs"] = engine.collect(engine.select(
        pairs, lambda p: p["article_a"].astype(str).isin(kept) & p["article_b"].astype(str).isin(kept))) \
        .sort_values(["article_a", "article_b"], kind="mergesort").reset_index(drop=True)
    order = _select_ids(engine, families, "article_id", keep)
    book.frames["heatmap_order"] = order.sort_values(["family", "article_id"], kind="mergesort")[
        ["family", "article_id"]].reset_index(drop=True)
    _ids_of(named, keep)
    _families(engine, book, named, families, fam_sources, t["texts"], analysed)
    _syndication(engine, book, named, pairs, analysed, params)
    _derived(engine, book, top.head(MAX_SIDE_BY_SIDE), t)
    common = t["common_phrases"]
    book.frames["common_phrases"] = first(engine, common, MAX_ROWS, ["articles", "words", "phrase"],
                                          ascending=[False, False, True])
    _ids_of(named, book.frames["common_phrases"]["example_article"])  # the view names it by its label
    book.stats["overlap"]["common_phrases"] = int(engine.count(common))


FAMILY_MEMBERS_SCHEMA = {"family": "str", "article_id": "str", "share": "float64", "words": "int64",
                         "source": "bool", "rank": "int64"}


def family_members(part: pd.DataFrame, limit: int = MAX_FAMILY_MEMBERS) -> pd.DataFrame:
    """Keyed by family: its source first, then the members it makes up most of (at most ``limit``)."""
    if part.empty:
        return empty(FAMILY_MEMBERS_SCHEMA)
    part = part.assign(_s=~part["source"].astype(bool), _share=-part["share"].astype(float))
    part = part.sort_values(["family", "_s", "_share", "article_id"], kind="mergesort")
    out = part.groupby("family", sort=True).head(limit)
    out = out.assign(rank=out.groupby("family", sort=True).cumcount())
    return out[list(FAMILY_MEMBERS_SCHEMA)]


def _excerpt(text: str, start: int, end: int, words: int = EXCERPT_WORDS) -> str:
    """The opening words of a family member's span (``start``/``end`` count the overlap stage's tokens)."""
    from .overlap import _tokens_of  # the overlap stage's tokens, as spans only (no word list needed)

    _, spans = _tokens_of(str(text or ""))
    start, end = max(0, int(start)), min(len(spans), int(end))
    if start >= end:
        return ""
    begin = int(spans[start][0])
    while begin > 0 and not str(text)[begin - 1].isspace():  # from the start of its word: "(Reuters)"
        begin -= 1
    span = re.sub(r"\s*\n\s*", " / ", str(text)[begin:int(spans[end - 1][1])]).split()  # paragraphs: " / "
    return " ".join(span[:words]) + (" \u2026" if len(span) > words else "")


SOURCE_FIRST_SCHEMA = {"family": "str", "source_first": "bool"}


def source_first(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by family (its members joined with their publication dates): whether the dates show that
    the family's source ran first, its latest possible day before every other member's earliest.
    Otherwise the source is only the version shown (the fullest, or the only one with a known day)."""
    rows = []
    for fam, g in part.sort_values(["family", "article_id"], kind="mergesort").groupby("family", sort=True):
        recs = g.to_dict("records")
        src = [r for r in recs if bool(r["source"])]
        others = [r for r in recs if not bool(r["source"])]
        latest = (src[0]["published"] or src[0]["published_latest"]) if src else ""
        first_ = bool(latest and others and all(
            (o["published"] or o["published_earliest"]) and latest < (o["published"] or o["published_earliest"])
            for o in others))
        rows.append({"family": fam, "source_first": first_})
    return pd.DataFrame(rows, columns=list(SOURCE_FIRST_SCHEMA))


def _families(engine, book: Book, named: set[str], families, fam_sources, texts, analysed=None) -> None:
    shown = first(engine, fam_sources, MAX_FAMILIES, ["size", "family"], ascending=[False, True])
    wanted = frozenset(shown["family"].astype(str))  # at most MAX_FAMILIES names: sent with the task
    chosen = engine.select(families, lambda p: p["family"].astype(str).isin(wanted))
    members = engine.collect(engine.keyed(family_members, chosen, "family", schema=FAMILY_MEMBERS_SCHEMA))
    first_by_date: dict[str, bool] = {}
    if analysed is not None and wanted:
        pubs = engine.map(lambda p: p.loc[:, list(PUBLICATION_SCHEMA)], analysed, schema=PUBLICATION_SCHEMA)
        keys = engine.map(lambda p: p.loc[:, ["family", "article_id", "source"]], chosen,
                          schema={"family": "str", "article_id": "str", "source": "bool"})
        dated = engine.join(keys, pubs, on="article_id", how="left")
        schema = {"family": "str", "article_id": "str", "source": "bool", **PUBLICATION_SCHEMA}
        dated = engine.map(lambda p: _complete(p, schema), dated, schema=schema)
        got = engine.collect(engine.keyed(source_first, dated, "family", schema=SOURCE_FIRST_SCHEMA))
        first_by_date = dict(zip(got["family"].astype(str), got["source_first"].astype(bool)))
    members = members.sort_values(["family", "rank"], kind="mergesort").reset_index(drop=True)
    source_texts = _select_ids(engine, texts, "article_id", set(shown["article_id"]))
    text_of = dict(zip(source_texts["article_id"].astype(str), source_texts["text"].astype(str)))
    view = pd.DataFrame({
        "family": shown["family"].astype(str), "size": shown["size"].astype(int),
        "source_id": shown["article_id"].astype(str), "source_share": shown["share"].astype(float),
        "source_words": shown["words"].astype(int),
        "source_first": [first_by_date.get(str(f), False) for f in shown["family"]],
        "excerpt": [_excerpt(text_of.get(str(a), ""), s, e) for a, s, e in
                    zip(shown["article_id"], shown["start"], shown["end"])],
    })
    book.frames["families"] = view
    book.frames["family_members"] = members
    _ids_of(named, view["source_id"], members["article_id"])


SYNDICATION_SCHEMA = {"group": "str", "article_id": "str", "verbatim": "bool", "pairs": "int64"}
PUBLICATION_SCHEMA = {"article_id": "str", "outlet": "str", "title": "str", "published": "str",
                      "published_earliest": "str", "published_latest": "str"}
GROUP_SCHEMA = {"group": "str", "size": "int64", "outlets": "int64", "verbatim": "bool", "first_id": "str",
                "earliest": "str", "members": "str"}


def _syndicated(part: pd.DataFrame, min_share: float) -> pd.Series:
    return (part["share_a"].astype(float) >= min_share) & (part["share_b"].astype(float) >= min_share)


def _family_key(part: pd.DataFrame) -> pd.DataFrame:
    fam = part["family"].astype(str).str.split(";").str[0]
    return part.assign(key=fam.where(fam != "", part["article_a"].astype(str)))


def syndication_groups(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by family: the articles that ran the same text verbatim or nearly so, as groups (linked
    by pairs in which each has most of its words in the other); a group is named by its first id."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    part = part.sort_values(["key", "article_a", "article_b"], kind="mergesort")
    for a, b in zip(part["article_a"].astype(str), part["article_b"].astype(str)):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    group_verbatim: dict[str, bool] = {}
    group_pairs: dict[str, int] = {}
    for a, v in zip(part["article_a"].astype(str), part["verbatim"].astype(bool)):
        g = find(a)
        group_verbatim[g] = group_verbatim.get(g, True) and bool(v)
        group_pairs[g] = group_pairs.get(g, 0) + 1
    rows = [{"group": find(x), "article_id": x, "verbatim": group_verbatim[find(x)], "pairs": group_pairs[find(x)]}
            for x in sorted(parent)]
    return pd.DataFrame(rows, columns=list(SYNDICATION_SCHEMA))


def _sort_day(r) -> tuple[int, str, str]:
    """How a member sorts by publication: a known day first by day, then ranges by their start, then undated."""
    if r["published"]:
        return 0, r["published"], r["article_id"]
    if r["published_earliest"]:
        return 1, r["published_earliest"], r["article_id"]
    return 2, "", r["article_id"]


def group_summary(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by syndication group: its size, outlets, members earliest first, and the member that
    ran it first where the dates show one (its latest possible day before every other's earliest)."""
    rows = []
    for g, members in part.groupby("group", sort=True):
        # an article linked under two families is one member
        members = members.drop_duplicates("article_id")
        recs = sorted(members.to_dict("records"), key=_sort_day)
        first_id = ""
        for r in recs:
            latest = r["published"] or r["published_latest"]
            others = [o for o in recs if o is not r]
            if latest and others and all((o["published"] or o["published_earliest"]) and
                                         latest < (o["published"] or o["published_earliest"]) for o in others):
                first_id = r["article_id"]
                break
        known = [r["published"] or r["published_earliest"] for r in recs if r["published"] or r["published_earliest"]]
        rows.append({"group": g, "size": len(recs), "outlets": len({r["outlet"] for r in recs if r["outlet"]}),
                     "verbatim": bool(members["verbatim"].astype(bool).all()), "first_id": first_id,
                     "earliest": min(known) if known else "",
                     "members": "\x1f".join(r["article_id"] for r in recs)})
    return pd.DataFrame(rows, columns=list(GROUP_SCHEMA))


def _syndication(engine, book: Book, named: set[str], pairs, analysed, params: OverlapParams) -> None:
    share = float(params.syndication_min_share)
    near = engine.select(pairs, lambda p: _syndicated(p, share))
    members = engine.keyed(syndication_groups, engine.map(_family_key, near, schema={**PAIR_COLUMNS, "key": "str"}),
                           "key", schema=SYNDICATION_SCHEMA)
    pubs = engine.map(lambda p: p.loc[:, list(PUBLICATION_SCHEMA)], analysed, schema=PUBLICATION_SCHEMA)
    dated = engine.join(members, pubs, on="article_id", how="left")
    schema = {**SYNDICATION_SCHEMA, **PUBLICATION_SCHEMA}
    dated = engine.map(lambda p: _complete(p, schema), dated, schema=schema)
    groups = engine.persist(engine.keyed(group_summary, dated, "group", schema=GROUP_SCHEMA))
    shown = first(engine, groups, MAX_GROUPS, ["size", "earliest", "group"], ascending=[False, True, True])
    n_groups = int(engine.count(groups))
    articles = int(sum(_sum_rows(engine, groups, lambda p: pd.DataFrame([{"n": int(p["size"].sum())}]),
                                 {"n": "int64"}).values()))
    outlets = distinct_count(engine, engine.map(lambda p: p[p["outlet"].astype(str) != ""][["outlet"]], dated,
                                                schema={"outlet": "str"}), "outlet") if n_groups else 0
    rows = []
    for g in shown.itertuples(index=False):
        ids = str(g.members).split("\x1f")
        for rank, aid in enumerate(ids[:MAX_FAMILY_MEMBERS]):
            rows.append({"group": g.group, "article_id": aid, "rank": rank})
    listed = pd.DataFrame(rows, columns=["group", "article_id", "rank"])
    info = _select_ids(engine, analysed, "article_id", set(listed["article_id"]))
    info = info.loc[:, list(PUBLICATION_SCHEMA)]
    listed = listed.merge(info, on="article_id", how="left").fillna("")
    book.frames["syndication_groups"] = shown.drop(columns="members").reset_index(drop=True)
    book.frames["syndication"] = listed.sort_values(["group", "rank"], kind="mergesort").reset_index(drop=True)
    book.stats["syndication"] = {"groups": n_groups, "articles": articles, "outlets": int(outlets),
                                 "pairs": book.stats["overlap"]["syndicated"], "min_share": share}
    _ids_of(named, listed["article_id"], shown["first_id"])


def _pair_keys(part: pd.DataFrame, keys) -> pd.DataFrame:
    joined = part["article_a"].astype(str) + "\x00" + part["article_b"].astype(str)
    return part[joined.isin(keys)]


def _derived(engine, book: Book, top: pd.DataFrame, t: dict) -> None:
    """The texts, passages, edits and one-sided paragraphs of the pairs shown side by side."""
    keys = frozenset(a + "\x00" + b for a, b in zip(top["article_a"].astype(str), top["article_b"].astype(str)))
    wanted = engine.broadcast(keys)
    for name in ("passages", "edits", "unique_paragraphs"):
        frame = t[name]
        got = engine.collect(engine.map(_pair_keys, frame, wanted, schema=_schema(frame))) if keys else \
            empty(_schema(frame))
        sort = {"passages": ["article_a", "article_b", "start_a", "start_b", "passage_id"],
                "edits": ["article_a", "article_b", "passage_id", "start_a", "start_b", "op"],
                "unique_paragraphs": ["article_a", "article_b", "side", "start"]}[name]
        book.frames[f"derived_{name}"] = got.sort_values(sort, kind="mergesort").reset_index(drop=True)
    ids = set(top["article_a"].astype(str)) | set(top["article_b"].astype(str))
    texts = _select_ids(engine, t["texts"], "article_id", ids)
    book.frames["derived_texts"] = texts.sort_values("article_id", kind="mergesort").reset_index(drop=True)


# --- figures -------------------------------------------------------------------------------------

_STATUS_ORDER = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
_SUMMARY_COUNTS = {"claims": "int64", "multi": "int64", "conflict": "int64", "compatible": "int64",
                   "agree": "int64", "independent_one": "int64"}


def _summary_counts(part: pd.DataFrame) -> pd.DataFrame:
    status = part["status"].astype(str)
    multi = status != "single source"
    one = int((multi & (part["independent"].astype(int) == 1)).sum()) if "independent" in part else 0
    return pd.DataFrame([{"claims": len(part), "multi": int(multi.sum()), "conflict": int((status == "conflict").sum()),
                          "compatible": int((status == "compatible").sum()), "agree": int((status == "agree").sum()),
                          "independent_one": one}])


def _summary_order(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(_o=part["status"].astype(str).map(_STATUS_ORDER).fillna(9).astype("int64"),
                       _n=-part["articles"].astype("int64"))


def claim_rows(part: pd.DataFrame, limit: int = MAX_CLAIM_ROWS) -> pd.DataFrame:
    """Keyed by claim: its first ``limit`` figures (by article and figure), with how many it has."""
    part = part.sort_values(["claim_id", "article_id", "figure_id"], kind="mergesort")
    total = part.groupby("claim_id", sort=False)["figure_id"].transform("size")
    return part.assign(claim_figures=total.astype("int64")).groupby("claim_id", sort=True).head(limit)


def _who(part: pd.DataFrame) -> pd.DataFrame:
    outlet = part["outlet"].astype(str)
    return pd.DataFrame({"who": outlet.where(outlet != "", part["article_id"].astype(str))})


def _in_shared_text(part: pd.DataFrame) -> pd.Series:
    return part["in_shared_text"].fillna(False).astype(bool)


def _figures(engine, book: Book, named: set[str], t: dict) -> None:
    figures, summary, claims, apart = t["figures"], t["claims_summary"], t["claims"], t["claims_apart"]
    counts = _sum_rows(engine, summary, _summary_counts, _SUMMARY_COUNTS)
    multi = engine.select(claims, lambda p: p["status"].astype(str) != "single source")
    book.stats["figures"] = {
        "figures": int(engine.count(figures)),
        "articles": distinct_count(engine, figures, "article_id"),
        **counts,
        "apart": int(engine.count(apart)),
        "apart_in_shared_text": int(engine.count(engine.select(apart, _in_shared_text))),
        "outlets_in_multi": distinct_count(engine, engine.map(_who, multi, schema={"who": "str"}), "who"),
        "has_independent": "independent" in _schema(summary),
    }
    order = {**_schema(summary), "_o": "int64", "_n": "int64"}
    conflicts = first(engine, engine.select(summary, lambda p: p["status"].astype(str) == "conflict"), MAX_CONFLICTS,
                      ["_o", "_n", "claim_id"], prep=_summary_order, schema=order)
    multi_summary = engine.select(summary, lambda p: p["status"].astype(str) != "single source")
    by_outlet = first(engine, multi_summary, MAX_CLAIMS_BY_OUTLET, ["claim_id"])
    # conflicts, then compatible, then agreeing quantities, the most widely reported first (by id alone, the
    # chart of a large corpus drew the alphabet's first 30: "abortion-1", "acquitted-usd-1", ...)
    intervals = first(engine, multi_summary, MAX_INTERVAL_CLAIMS, ["_o", "_n", "claim_id"], prep=_summary_order,
                      schema=order)
    wanted_ids = set(conflicts["claim_id"]) | set(by_outlet["claim_id"]) | set(intervals["claim_id"])
    wanted = frozenset(str(c) for c in wanted_ids)  # about a hundred claim ids: sent with the task
    rows = engine.collect(engine.keyed(claim_rows, engine.select(claims, lambda p: p["claim_id"].astype(str).isin(wanted)),
                                       "claim_id", schema={**_schema(claims), "claim_figures": "int64"})) \
        if wanted_ids else empty({**_schema(claims), "claim_figures": "int64"})
    book.frames["claims"] = rows.sort_values(["claim_id", "article_id", "figure_id"], kind="mergesort").reset_index(drop=True)
    book.frames["conflicts"] = conflicts.drop(columns=["_o", "_n"])
    book.frames["claims_by_outlet"] = by_outlet
    book.frames["interval_claims"] = intervals.drop(columns=["_o", "_n"])
    book.frames["figures"] = first(engine, figures, MAX_ROWS, ["article_id", "start", "figure_id"])
    # a pair whose two figures both lie in text the two articles share is one text's two figures: the
    # chapter counts it, and shows only the pairs of two articles' own figures
    shown_apart = first(engine, engine.select(apart, lambda p: ~_in_shared_text(p)), MAX_APART,
                        ["similarity", "subject_key", "claim_a", "claim_b"], ascending=[False, True, True, True])
    # what each side counts, in its own words ("federal judges" / "votes"): the key alone ("count|people",
    # "USD|") names a class, not the thing, and the page must not present two things as one
    sides = _select_ids(engine, figures, "figure_id", set(shown_apart["figure_a"]) | set(shown_apart["figure_b"]))
    subject_of = dict(zip(sides["figure_id"].astype(str), sides["subject"].fillna("").astype(str)))
    # how much text the two articles share: two copies of one text hold both figures each, and a pair
    # of them is two figures of one text, not two articles that disagree
    pair_keys = frozenset(f"{x}\x00{y}" for a, b in zip(shown_apart["article_a"].astype(str),
                                                         shown_apart["article_b"].astype(str))
                          for x, y in ((a, b), (b, a)))
    pairs = t["overlap_pairs"]
    got = engine.collect(engine.map(_pair_keys, pairs, engine.broadcast(pair_keys), schema=_schema(pairs))) \
        if pair_keys else empty(_schema(pairs))
    shared = {}
    for a, b, sa, sb in zip(got["article_a"].astype(str), got["article_b"].astype(str), got["share_a"], got["share_b"]):
        shared[(a, b)] = shared[(b, a)] = max(float(sa), float(sb))
    book.frames["apart"] = shown_apart.assign(
        subject_a=[subject_of.get(str(f), "") for f in shown_apart["figure_a"]],
        subject_b=[subject_of.get(str(f), "") for f in shown_apart["figure_b"]],
        shared=[shared.get((str(a), str(b)), 0.0) for a, b in zip(shown_apart["article_a"], shown_apart["article_b"])])
    _ids_of(named, rows["article_id"], shown_apart["article_a"], shown_apart["article_b"])


# --- timeline ------------------------------------------------------------------------------------


def window_of(days: pd.DataFrame, share: float = COVERAGE_SHARE) -> tuple[str, str] | None:
    """The shortest span of days holding at least ``share`` of the dated articles (earliest such span
    on ties), from a histogram (``day``, ``n``); None without days."""
    if days is None or days.empty:
        return None
    days = days.sort_values("day", kind="mergesort")
    day_list = [str(d) for d in days["day"]]
    counts = [int(n) for n in days["n"]]
    total = sum(counts)
    need = max(1, -(-int(share * 1000) * total // 1000))
    stamps = [pd.Timestamp(d) for d in day_list]
    # position of each article in the sorted list of days: article i lies on day_of[i]
    cum = [0]
    for c in counts:
        cum.append(cum[-1] + c)
    best = None
    j = 0
    for i in range(len(day_list)):  # span starting at day i (its first article) ...
        start = cum[i]
        end_article = start + need - 1
        if end_article >= total:
            break
        while cum[j + 1] <= end_article:
            j += 1
        key = (stamps[j] - stamps[i], start)
        if best is None or key < best[0]:
            best = (key, i, j)
    if best is None:
        return None
    return day_list[best[1]], day_list[best[2]]


def _window_days(part: pd.DataFrame) -> pd.DataFrame:
    pub = part["published"].astype(str)
    return pd.DataFrame({"day": pub[pub != ""]})


def _range_days(part: pd.DataFrame) -> pd.DataFrame:
    days = pd.concat([part["published_earliest"].astype(str), part["published_latest"].astype(str)],
                     ignore_index=True)
    return pd.DataFrame({"day": days[days != ""]})


def edges(window: tuple[str, str]) -> tuple[str, str]:
    """The chart's x range: the coverage window with a margin (a quarter of it, at least a week)."""
    lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    pad = max(pd.Timedelta(days=7), (hi - lo) / 4)
    return (lo - pad).date().isoformat(), (hi + pad).date().isoformat()


def lane(outlet: str, article_id: str) -> str:
    return outlet or f"(unknown outlet) {article_id}"


MARK_COLUMNS = ["outlet", "article_id", "start", "end", "what", "when", "basis", "cut", "open_start", "open_end"]
MARK_SCHEMA = {c: ("bool" if c in ("cut", "open_start", "open_end") else "str") for c in MARK_COLUMNS}
PLACED_SCHEMA = {"article_id": "str", "lane": "str", "place": "str", "order": "str", "publication": "str"}


def publication_marks(part: pd.DataFrame, left: str, right: str) -> pd.DataFrame:
    """Map over articles: the lane chart's publication marks inside ``left``..``right`` (ranges
    clipped, with ``open_start``/``open_end`` where they run past it or have no bound there)."""
    pubs = []
    for r in part.to_dict("records"):
        start = str(r.get("published") or r.get("published_earliest") or "")
        end = str(r.get("published") or r.get("published_latest") or "")
        if not start and not end:
            continue
        if (start and start > right) or (end and end < left):
            continue
        open_start, open_end = not start or start < left, not end or end > right
        pubs.append({"outlet": lane(str(r.get("outlet", "") or ""), r["article_id"]), "article_id": r["article_id"],
                     "start": left if open_start else start, "end": right if open_end else end,
                     "what": "publication", "when": date_text(r), "basis": str(r.get("published_basis", "") or ""),
                     "cut": open_start or open_end, "open_start": open_start, "open_end": open_end})
    return pd.DataFrame(pubs, columns=MARK_COLUMNS)


def placed(part: pd.DataFrame, left: str, right: str) -> pd.DataFrame:
    """Map over articles: where each falls against the chart (``drawn``, ``outside``, ``undated``)."""
    rows = []
    for r in part.to_dict("records"):
        start = str(r.get("published") or r.get("published_earliest") or "")
        end = str(r.get("published") or r.get("published_latest") or "")
        if not start and not end:
            place = "undated"
        elif (start and start > right) or (end and end < left):
            place = "outside"
        else:
            place = "drawn"
        rows.append({"article_id": r["article_id"], "lane": lane(str(r.get("outlet", "") or ""), r["article_id"]),
                     "place": place, "order": start or end, "publication": date_text(r)})
    return pd.DataFrame(rows, columns=list(PLACED_SCHEMA))


#: The most days a mention of each drawn granularity spans when its date is known.  A longer span is
#: the same words read against an article dated only to a range (its "Wednesday" anywhere from
#: 17 Apr to 29 May): no one day, week or month to draw.
DRAWN_GRANULARITY_DAYS = {"day": 1, "week": 7, "month": 31}


def unknown_span(part: pd.DataFrame) -> pd.Series:
    """Date rows of a drawn granularity whose resolved span is wider than that granularity (see
    ``DRAWN_GRANULARITY_DAYS``): the lane chart does not draw them."""
    rs, re_ = part["resolved_start"].astype(str), part["resolved_end"].astype(str)
    limit = part["granularity"].map(DRAWN_GRANULARITY_DAYS)
    usable = (rs != "") & (re_ != "") & limit.notna()
    out = pd.Series(False, index=part.index)
    wide = usable & (rs != re_)  # a single day is known to its day
    if wide.any():
        days = (pd.to_datetime(re_[wide], errors="coerce") - pd.to_datetime(rs[wide], errors="coerce")).dt.days + 1
        out[wide] = (days > limit[wide]).to_numpy()
    return out


def mention_marks(part: pd.DataFrame, left: str, right: str) -> pd.DataFrame:
    """Map over date rows joined with their article's lane: day-, week- or month-level mentions
    whose date is known to that granularity, ``cut`` unless wholly inside the window (a tick, or a
    thin bar for a week or month, is drawn where the date is, never moved to the window's edge).
    Mentions known only within a wider range (``unknown_span``) are left out."""
    usable = part[(part["resolved_start"].astype(str) != "") & (part["resolved_end"].astype(str) != "")
                  & part["granularity"].isin(list(DRAWN_GRANULARITY_DAYS))]
    usable = usable[~unknown_span(usable)]
    rows = []
    # the columns as lists, zipped: a dict per dates row (``to_dict("records")``) cost the most here
    lanes = usable["lane"].tolist() if "lane" in usable.columns else [None] * len(usable)
    for lane_, aid, rs, re_, text, basis in zip(lanes, *(usable[c].tolist() for c in (
            "article_id", "resolved_start", "resolved_end", "text", "basis"))):
        inside = left <= rs and re_ <= right
        rows.append({"outlet": lane_ or aid, "article_id": aid,
                     "start": rs, "end": re_,
                     "what": f"mentions \u201c{text}\u201d",
                     "when": rs if rs == re_ else f"{rs} to {re_}", "basis": basis,
                     "cut": not inside, "open_start": False, "open_end": False})
    return pd.DataFrame(rows, columns=MARK_COLUMNS)


MERGED_SCHEMA = {**MARK_SCHEMA, "articles": "int64"}


def merge_marks(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by lane: marks drawn at the same place on a lane become one, counting its articles
    (the first article's details kept)."""
    if part.empty:
        return empty(MERGED_SCHEMA)
    place = ["outlet", "start", "end", "open_start", "open_end"]
    part = part.sort_values([*place, "article_id", "what"], kind="mergesort")
    part = part[part[place].notna().all(axis=1)]  # as a groupby by place would drop them
    if part.empty:
        return empty(MERGED_SCHEMA)
    # each place's rows are consecutive: its first row, and its distinct articles counted, without
    # a pandas group per place (a lane chart of a large corpus has tens of thousands of them)
    keys = part[place].to_numpy(object)
    new = np.r_[True, (keys[1:] != keys[:-1]).any(axis=1)]
    group = np.cumsum(new) - 1
    ids = part["article_id"]
    seen = pd.DataFrame({"g": group, "a": ids.to_numpy(object)})[ids.notna().to_numpy()].drop_duplicates()
    counts = np.bincount(seen["g"].to_numpy(np.int64), minlength=int(group[-1]) + 1)
    out = part[new].reindex(columns=list(MARK_SCHEMA)).reset_index(drop=True)
    out["articles"] = counts.astype(np.int64)
    many = counts > 1
    if many.any():
        aid, what = out["article_id"].astype(object).tolist(), out["what"].astype(object).tolist()
        for k in np.flatnonzero(many).tolist():
            n = int(counts[k])
            aid[k] = f"{aid[k]} and {n - 1} more"
            what[k] = f"{what[k]} ({n} articles)"
        out["article_id"] = pd.Series(aid, dtype=object)
        out["what"] = pd.Series(what, dtype=object)
    return out


EVENT_KEEP = 2


def event_candidates(part: pd.DataFrame) -> pd.DataFrame:
    """Map over events: the rows the timeline's sentences may name (each partition's top rows of the
    day-level shared events, the shared events and those recalled from before their coverage)."""
    shared = part[part["articles"].astype(int) > 1]
    day = shared[shared["granularity"].astype(str) == "day"]
    first_pub = shared["first_published"].fillna("").astype(str)
    before = shared[(first_pub != "") & (shared["resolved_end"].astype(str) < first_pub)
                    & shared["granularity"].astype(str).isin(["day", "week", "month"])]
    keep = pd.concat([_ranked(day).head(EVENT_KEEP), _ranked(shared).head(EVENT_KEEP),
                      _ranked(before).head(EVENT_KEEP)])
    return part[part["event_id"].isin(set(keep["event_id"]))]


_FINE = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 4, "year": 5}


def _ranked(events: pd.DataFrame) -> pd.DataFrame:
    if events.empty:
        return events
    ranked = events.assign(_g=events["granularity"].map(_FINE).fillna(9))
    return ranked.sort_values(["articles", "mentions", "_g", "resolved_start", "event_id"],
                              ascending=[False, False, True, True, True], kind="stable").drop(columns="_g")


def _lag_rows(part: pd.DataFrame) -> pd.DataFrame:
    lag = part["lag_days"]
    ok = lag.notna()
    e = part[ok]
    lag = e["lag_days"].astype(float)
    e = e[(lag <= BACKGROUND_DAYS) & (lag >= -BACKGROUND_DAYS)]
    # from the kept rows themselves: a column set on an empty frame from a longer Series takes its index
    return e.assign(_n=-e["articles"].astype("int64"))


def _first_dated(part: pd.DataFrame) -> pd.DataFrame:
    pub = part["published"].astype(str)
    return part[pub != ""].assign(_pub=pub[pub != ""])


def _timeline(engine, book: Book, named: set[str], analysed, t: dict) -> None:
    days = _sizes(engine, engine.map(_window_days, analysed, schema={"day": "str"}), ["day"])
    exact = not days.empty
    if not exact:
        days = _sizes(engine, engine.map(_range_days, analysed, schema={"day": "str"}), ["day"])
    window = window_of(days)
    st: dict = {"dated": int(days["n"].sum()) if exact else 0, "window": list(window) if window else None,
                "exact_window": exact}
    schema = {**_schema(analysed), "_pub": "str"}
    dated = engine.select(analysed, lambda p: p["published"].astype(str) != "")
    earliest = first(engine, dated, 1, ["_pub", "article_id"], prep=_first_dated, schema=schema)
    latest = first(engine, dated, 1, ["_pub", "article_id"], ascending=False, prep=_first_dated, schema=schema)
    for name, row in (("earliest", earliest), ("latest", latest)):
        st[name] = ({"article_id": str(row.iloc[0]["article_id"]), "published": str(row.iloc[0]["published"]),
                     "outlet": str(row.iloc[0]["outlet"])} if len(row) else None)
        if len(row):
            named.add(str(row.iloc[0]["article_id"]))
    if window and exact:
        lo, hi = window
        inside = engine.select(dated, lambda p: (p["published"].astype(str) >= lo) & (p["published"].astype(str) <= hi))
        far = engine.select(dated, lambda p: (p["published"].astype(str) < lo) | (p["published"].astype(str) > hi))
        st["inside"] = int(engine.count(inside))
        first_inside = first(engine, inside, 1, ["_pub", "article_id"], prep=_first_dated, schema=schema)
        st["first_inside"] = str(first_inside.iloc[0]["article_id"]) if len(first_inside) else ""
        far_rows = first(engine, far, 5, ["_pub", "article_id"], prep=_first_dated, schema=schema)
        st["far"] = [[str(a), str(p)] for a, p in zip(far_rows["article_id"], far_rows["published"])]
        st["far_count"] = int(engine.count(far))
        _ids_of(named, [st["first_inside"]], far_rows["article_id"])
    book.stats["timeline"] = st
    # the lane chart and its note
    if window:
        left, right = edges(window)
        where = engine.persist(engine.map(placed, analysed, left, right, schema=PLACED_SCHEMA))
        lanes = _sizes(engine, engine.select(where, lambda p: p["place"] == "drawn"), ["lane"])
        lanes = lanes.sort_values(["n", "lane"], ascending=[False, True], kind="mergesort") if len(lanes) else lanes
        shown_lanes = frozenset(lanes["lane"].head(MAX_LANES)) if len(lanes) else frozenset()
        kept = shown_lanes  # at most MAX_LANES names: sent with the task
        pubs = engine.map(publication_marks, analysed, left, right, schema=MARK_SCHEMA)
        pubs = engine.select(pubs, lambda p: p["outlet"].isin(kept))
        cut = engine.count(engine.select(engine.map(publication_marks, analysed, left, right, schema=MARK_SCHEMA),
                                         lambda p: p["cut"].astype(bool)))
        lane_of = engine.map(lambda p: p.loc[:, ["article_id", "lane"]], where,
                             schema={"article_id": "str", "lane": "str"})
        dates = engine.join(t["dates"], lane_of, on="article_id", how="left")
        dschema = {**_schema(t["dates"]), "lane": "str"}
        dates = engine.map(lambda p: _complete(p, dschema), dates, schema=dschema)
        mentions = engine.map(mention_marks, dates, left, right, schema=MARK_SCHEMA)
        outside = engine.count(engine.select(mentions, lambda p: p["cut"].astype(bool)))
        unknown = engine.count(engine.select(t["dates"], unknown_span))
        mentions = engine.select(mentions, lambda p: ~p["cut"].astype(bool) & p["outlet"].isin(kept))
        book.frames["lane_publications"] = engine.collect(engine.keyed(merge_marks, pubs, "outlet",
                                                                       schema=MERGED_SCHEMA))
        book.frames["lane_mentions"] = engine.collect(engine.keyed(merge_marks, mentions, "outlet",
                                                                   schema=MERGED_SCHEMA))
        for name in ("lane_publications", "lane_mentions"):
            book.frames[name] = book.frames[name].sort_values(["outlet", "start", "end", "article_id"],
                                                              kind="mergesort").reset_index(drop=True)
        outliers = first(engine, engine.select(where, lambda p: p["place"] == "outside"), MAX_NAMED,
                         ["order", "article_id"])
        undated = first(engine, engine.select(where, lambda p: p["place"] == "undated"), MAX_NAMED, ["article_id"])
        places = _sizes(engine, where, ["place"])
        count = dict(zip(places["place"], places["n"])) if len(places) else {}
        held = st.get("inside", 0)
        book.frames["outliers"] = outliers[["article_id", "publication"]].reset_index(drop=True)
        book.frames["undated"] = undated[["article_id"]].reset_index(drop=True)
        st["chart"] = {"left": left, "right": right, "held": int(held), "outliers": int(count.get("outside", 0)),
                       "undated": int(count.get("undated", 0)), "cut": int(cut), "outside_mentions": int(outside),
                       "unknown_span_mentions": int(unknown),
                       "lanes": int(len(lanes)), "lanes_shown": int(len(shown_lanes)),
                       "articles_not_in_lanes": int(lanes["n"].iloc[MAX_LANES:].sum()) if len(lanes) > MAX_LANES else 0}
        _ids_of(named, outliers["article_id"], undated["article_id"])
    # tables: publications, events, dates
    pub = first(engine, analysed, MAX_ROWS, ["_key", "article_id"], prep=_natural,
                schema={**_schema(analysed), "_key": "str"})
    book.frames["publications"] = pub.drop(columns="_key")
    st["articles"] = int(engine.count(analysed))
    _ids_of(named, pub["article_id"])
    events = t["events"]
    st["events"] = int(engine.count(events))
    book.frames["events"] = first(engine, events, MAX_ROWS, ["event_id"])
    # each partition's candidates, then the candidates among those: the same rows however it is split
    book.frames["event_candidates"] = event_candidates(
        engine.collect(engine.map(event_candidates, events, schema=_schema(events)))) \
        .sort_values("event_id", kind="mergesort").reset_index(drop=True)
    book.frames["lag_events"] = first(engine, events, MAX_LAG_EVENTS, ["_n", "resolved_start", "event_id"],
                                      prep=_lag_rows, schema={**_schema(events), "_n": "int64"}).drop(columns="_n")
    dates_t = t["dates"]
    st["dates"] = int(engine.count(dates_t))
    book.frames["dates"] = first(engine, dates_t, MAX_ROWS, ["article_id", "start", "end", "date_id"])


# --- methods: the dating self-check, on this corpus ---------------------------------------------


def _exact_days(part: pd.DataFrame) -> pd.DataFrame:
    exact = (part["published"].astype(str) != "") & ~part["published_basis"].astype(str).str.contains("(inferred",
                                                                                                       regex=False)
    return pd.DataFrame({"article_id": part.loc[exact, "article_id"].astype(str),
                         "day": part.loc[exact, "published"].astype(str)})


def _copy_gaps(part: pd.DataFrame, min_share: float) -> pd.DataFrame:
    share = part[["share_a", "share_b"]].astype(float).max(axis=1)
    both = (part["day_a"].fillna("").astype(str) != "") & (part["day_b"].fillna("").astype(str) != "")
    sel = part[(share >= min_share) & both & (part["article_a"].astype(str) != part["article_b"].astype(str))]
    gaps = (pd.to_datetime(sel["day_a"]) - pd.to_datetime(sel["day_b"])).dt.days.abs()
    return pd.DataFrame({"gap": gaps.astype("int64")})


def span_gaps(days: pd.DataFrame, params: TimelineParams = TimelineParams()) -> list[tuple[int, int]]:
    """For each exactly dated article (from a day histogram), how many days it lies outside the span
    the run reads undated articles against when that article is left out, as (gap, articles) pairs:
    the span of all the others, leaving out an isolated one as the run does
    (``timeline.span_of_days``, ``corpus_outlier_days``)."""
    from .timeline import span_of_days

    if days is None or days.empty or int(days["n"].sum()) < 2:
        return []
    days = days.sort_values("day", kind="mergesort")
    day_list = [pd.Timestamp(d).date() for d in days["day"]]
    counts = [int(n) for n in days["n"]]
    # span_of_days needs only whether a day holds one, two or more articles (a day with two is never
    # isolated, and at least two must be left): three copies of a day stand for any larger count
    capped = [min(n, 3) for n in counts]
    out = []
    for i, (d, n) in enumerate(zip(day_list, counts)):
        others = [x for j, (x, c) in enumerate(zip(day_list, capped)) for _ in range(c - (j == i))]
        lo, hi, _ = span_of_days(others, params)
        out.append((max(0, (lo - d).days, (d - hi).days), n))
    return out


def _past_event_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over dates rows: explicitly dated events (with their year, a day to a quarter) reported as
    past, the kind whose latest bounds an undated article by the ``event_recency_days`` assumption."""
    from .timeline import _EVENT_GRANULARITY

    sel = part[part["basis"].astype(str).str.startswith("absolute") & (part["direction"].astype(str) == "past")
               & part["granularity"].astype(str).isin(_EVENT_GRANULARITY) & (part["resolved_start"].astype(str) != "")]
    return sel[["article_id", "resolved_start", "start", "resolved_end"]].astype(
        {"article_id": "str", "resolved_start": "str", "start": "int64", "resolved_end": "str"})


def _latest_past_event(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by article_id: the end of the latest such event (the latest start, then the last in the
    text, as ``timeline.article_dating`` picks it)."""
    part = part.sort_values(["article_id", "resolved_start", "start"], kind="mergesort")
    last = part.groupby("article_id", sort=True).tail(1)
    return pd.DataFrame({"article_id": last["article_id"].astype(str), "event_end": last["resolved_end"].astype(str)})


def _past_yearless_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over dates rows: days named without their year and reported as past, the kind whose latest
    bounds an undated article by the ``yearless_recency_days`` assumption."""
    sel = part[part["basis"].astype(str).str.startswith("year not given") & (part["direction"].astype(str) == "past")
               & (part["granularity"].astype(str) == "day") & (part["resolved_start"].astype(str) != "")
               & (part["resolved_start"].astype(str) == part["resolved_end"].astype(str))]
    return sel[["article_id", "resolved_start", "start", "resolved_end"]].astype(
        {"article_id": "str", "resolved_start": "str", "start": "int64", "resolved_end": "str"})


def _event_gaps(part: pd.DataFrame) -> pd.DataFrame:
    gaps = (pd.to_datetime(part["day"]) - pd.to_datetime(part["event_end"])).dt.days
    return pd.DataFrame({"gap": gaps.astype("int64")})


def _methods(engine, book: Book, analysed, t: dict, params: TimelineParams) -> None:
    from .article import Article
    from .timeline import hidden_date_check

    exact = engine.persist(engine.map(_exact_days, analysed, schema={"article_id": "str", "day": "str"}))
    hist = _sizes(engine, exact, ["day"])
    n_exact = int(hist["n"].sum()) if len(hist) else 0
    n_articles = int(engine.count(analysed))
    st: dict = {"exact": n_exact, "articles": n_articles}
    # the self-check: on the whole corpus when it is small, else on its first exactly dated articles
    whole = n_articles <= DATING_CHECK_MAX_ARTICLES
    if whole:
        chosen = engine.collect(analysed)
    else:
        ids = first(engine, exact, 2 * DATING_CHECK_HIDDEN, ["article_id"])["article_id"]
        chosen = _select_ids(engine, analysed, "article_id", set(ids))
    chosen = chosen.sort_values("article_id", kind="mergesort")
    ids = set(chosen["article_id"].astype(str))
    texts = _select_ids(engine, t["texts"], "article_id", ids)
    text_of = dict(zip(texts["article_id"].astype(str), texts["text"].astype(str)))
    pairs = engine.collect(engine.select(t["overlap_pairs"], lambda p: p["article_a"].astype(str).isin(ids)
                                         & p["article_b"].astype(str).isin(ids))).sort_values(
        ["article_a", "article_b"], kind="mergesort").reset_index(drop=True) if ids else None
    arts = []
    for r in chosen.to_dict("records"):
        aid = str(r["article_id"])
        is_exact = bool(r.get("published")) and "(inferred" not in str(r.get("published_basis", ""))
        arts.append(Article(article_id=aid, text=text_of.get(aid, ""), title=str(r.get("title", "") or ""),
                            outlet=str(r.get("outlet", "") or ""), url=str(r.get("url", "") or ""),
                            published=str(r["published"]) if is_exact else "",
                            basis={"published": "the corpus"} if is_exact else {}))
    check = hidden_date_check(arts, pairs, params)
    if len(check):
        both = check[check["both_sides"]]
        single = check[(check["earliest"] == check["latest"]) & (check["earliest"] != "")]
        st["check"] = {"whole": whole, "checked_articles": len(arts), "hidden": int(len(check)),
                       "held": int(check["holds"].sum()), "both_sides": int(len(both)),
                       "median_width": int(both["width_days"].median()) if len(both) else None,
                       "single_day": int(len(single)), "single_wrong": int((~single["holds"]).sum()) if len(single) else 0}
    else:
        st["check"] = None
    gaps = span_gaps(hist, params)
    k = int(params.corpus_span_days)
    st["span"] = {"days": k, "within": sum(n for g, n in gaps if g <= k), "of": sum(n for _, n in gaps),
                  "farthest": max((g for g, _ in gaps), default=0)} if n_exact >= 2 else None
    # the event-recency assumption, on this corpus's exactly dated articles (their dates rows)
    events = engine.map(_past_event_rows, t["dates"], schema={"article_id": "str", "resolved_start": "str",
                                                              "start": "int64", "resolved_end": "str"})
    latest = engine.keyed(_latest_past_event, events, "article_id", schema={"article_id": "str", "event_end": "str"})
    event_gaps = _sizes(engine, engine.map(_event_gaps, engine.join(latest, exact, on="article_id"),
                                           schema={"gap": "int64"}), ["gap"])
    n = int(params.event_recency_days)
    st["recency"] = {"days": n, "articles": int(event_gaps["n"].sum()) if len(event_gaps) else 0,
                     "within": int(event_gaps.loc[event_gaps["gap"] <= n, "n"].sum())
                     if len(event_gaps) else 0,
                     "median": float(event_gaps["gap"].repeat(event_gaps["n"]).median()) if len(event_gaps) else None}
    # the year-less recency assumption, likewise (the latest day named without its year as past)
    yl = engine.map(_past_yearless_rows, t["dates"], schema={"article_id": "str", "resolved_start": "str",
                                                           "start": "int64", "resolved_end": "str"})
    yl_latest = engine.keyed(_latest_past_event, yl, "article_id", schema={"article_id": "str", "event_end": "str"})
    yl_gaps = _sizes(engine, engine.map(_event_gaps, engine.join(yl_latest, exact, on="article_id"),
                                        schema={"gap": "int64"}), ["gap"])
    n, lead = int(params.yearless_recency_days), int(params.yearless_lookahead_days)
    st["yearless_recency"] = {
        "days": n, "lead": lead, "articles": int(yl_gaps["n"].sum()) if len(yl_gaps) else 0,
        "within": int(yl_gaps.loc[(yl_gaps["gap"] <= n) & (yl_gaps["gap"] >= -lead), "n"].sum()) if len(yl_gaps) else 0,
        "median": float(yl_gaps["gap"].repeat(yl_gaps["n"]).median()) if len(yl_gaps) else None}
    day_a = exact.rename(columns={"article_id": "article_a", "day": "day_a"})
    day_b = exact.rename(columns={"article_id": "article_b", "day": "day_b"})
    joined = engine.join(engine.join(t["overlap_pairs"], day_a, on="article_a", how="left"), day_b, on="article_b",
                         how="left")
    copy_gaps = _sizes(engine, engine.map(_copy_gaps, joined, float(params.copy_min_share), schema={"gap": "int64"}),
                       ["gap"])
    w = int(params.copy_window_days)
    st["copies"] = {"days": w, "pairs": int(copy_gaps["n"].sum()) if len(copy_gaps) else 0,
                    "within": int(copy_gaps.loc[copy_gaps["gap"] <= w, "n"].sum()) if len(copy_gaps) else 0}
    book.stats["dating"] = st
