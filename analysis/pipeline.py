"""The analysis run: a corpus folder in, every stage's tables out.

Stages run in order (corpus → overlap → timeline → figures) as stage
functions executed by an engine (:mod:`analysis.engine`): in this process
(``local``, the default) or on a Dask cluster (``dask``).  Each table is
written to ``OUT/data/<name>.csv`` (what readers download) and as Parquet
under ``OUT/data/parquet/<name>/`` (what the book's notebooks read back),
sorted by a unique key so that both engines write the same bytes.  A run is
keyed by the inputs' fingerprint, the settings and the code, so a notebook
asking for the same run reuses the tables instead of recomputing.

Settings are one flat dict, ``<stage>_<parameter>``, built from each stage's
parameter dataclass: ``overlap_ngram``, ``figures_max_gap_days`` and so on.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import __version__
from .cite import settings_fingerprint
from .corpus import (ARTICLES_TABLE, FURNITURE_TABLE, PROBLEMS_TABLE, CorpusParams, articles_rows,
                     furniture_rows, load_articles, natural_key, plan_corpus, problems_frame)
from .engine import LocalEngine, empty, make_engine
from .figures import APART_TABLE_SCHEMA, CLAIMS_SCHEMA, FIGURES_SCHEMA, SUMMARY_SCHEMA, FigureParams, figures_stage
from .overlap import (COMMON_COLUMNS, EDIT_COLUMNS, FAMILY_COLUMNS, PAIR_COLUMNS, PASSAGE_COLUMNS, SORT_KEYS,
                      UNIQUE_COLUMNS, OverlapParams, family_sources, order_pairs, overlap_stage)
from .timeline import DATES_SCHEMA, EVENTS_SCHEMA, TimelineParams, timeline_stage

STAGES: dict[str, type] = {
    "corpus": CorpusParams,
    "overlap": OverlapParams,
    "figures": FigureParams,
    "timeline": TimelineParams,
}

#: Every table the run writes, with what one row is.
TABLES: dict[str, str] = {
    "articles": "one article (or unreadable input) with its metadata, where each value came from, and its status",
    "problems": "one input problem: the file (and row), what was wrong, and what was done",
    "furniture": "one line of page furniture removed from an article, and why",
    "texts": "one article's cleaned text, which all offsets index into",
    "passages": "one passage shared by two articles, with its span in each",
    "overlap_pairs": "one pair of articles that share text: shares, passages, direction, family",
    "edits": "one word-level edit inside a shared passage",
    "unique_paragraphs": "one paragraph of a derived pair that only one side has",
    "families": "one article's part in a family of shared text: the span it carries and whether it is the source",
    "common_phrases": "one phrase too common across the corpus to count as reuse",
    "figures": "one figure reported in an article, with its interval, unit, subject and sentence",
    "claims": "one figure inside a claim (a group of figures that measure one quantity), with why they were grouped",
    "claims_summary": "one claim (figures that measure one quantity), with its status and evidence",
    "claims_apart": "one pair of claims in the same unit (for counts, about the same kind of thing) whose values "
                    "differ but that were kept apart, with why (figures that may measure different things); "
                    "in_shared_text marks a pair whose two figures lie in text the two articles share",
    "dates": "one temporal expression in an article, resolved to a date or interval",
    "events": "one date that articles mention, with how many and how soon they covered it",
}

PUBLICATION_COLUMNS = ["published", "published_earliest", "published_latest", "published_basis"]
TEXTS_TABLE = {"article_id": "str", "title": "str", "outlet": "str", "text": "str"}


def default_settings() -> dict:
    """All parameters of all stages, with their defaults, as a flat dict."""
    out: dict = {}
    for stage, cls in STAGES.items():
        for f in dataclasses.fields(cls):
            value = getattr(cls(), f.name)
            out[f"{stage}_{f.name}"] = list(value) if isinstance(value, tuple) else value
    return out


def settings_from(namespace: dict) -> dict:
    """The run settings: defaults, overridden by any setting name defined in ``namespace``."""
    settings = default_settings()
    for name in settings:
        if name in namespace:
            settings[name] = namespace[name]
    return settings


def stage_params(settings: dict) -> dict[str, object]:
    """Each stage's parameter object, built from flat settings."""
    params = {}
    for stage, cls in STAGES.items():
        kwargs = {}
        for f in dataclasses.fields(cls):
            key = f"{stage}_{f.name}"
            if key in settings:
                value = settings[key]
                default = getattr(cls(), f.name)
                kwargs[f.name] = tuple(value) if isinstance(default, tuple) else value
        params[stage] = cls(**kwargs)
    return params


def unknown_settings(names: dict) -> list[str]:
    """Names that look like settings but are not any stage's parameter."""
    known = default_settings()
    prefixes = tuple(f"{s}_" for s in STAGES)
    return sorted(n for n in names if n.startswith(prefixes) and n not in known)


class NamedFrames:
    """Tables held in ``self.frames``, also readable as attributes (``tables.articles``)."""

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)


@dataclass
class Tables(NamedFrames):
    """Every table of one run, plus what identifies the run."""

    run: dict
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def settings(self) -> dict:
        return self.run["settings"]


@dataclass
class Output:
    """One table as the engine holds it, with how it is written."""

    frame: object
    schema: dict[str, str]
    sort_by: list[str]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _schema_of(df: pd.DataFrame) -> dict[str, str]:
    return {c: str(t) for c, t in df.dtypes.items()}


def run_stages(engine, corpus_dir: str | Path, settings: dict, emit: Callable[[str, Output], None],
               progress: Callable[[str], None] = _say) -> tuple[dict, dict[str, float]]:
    """Every stage over the corpus through ``engine``: (run identity, seconds per stage).

    Each table is handed to ``emit`` as soon as it is final, and then let go: the local engine
    never holds every table of a large corpus at once."""
    settings = settings_from(settings or {})
    params = stage_params(settings)
    clock = time.perf_counter()
    timings: dict[str, float] = {"write": 0.0}
    last = [clock]

    def step(n: int, what: str) -> None:
        now = time.perf_counter()
        progress(f"[{n}/4] {what} ({now - clock:.1f}s)")

    def done(stage: str) -> None:
        engine.release()  # what the stage let go goes back to the system before the next one
        now = time.perf_counter()
        timings[stage] = round(now - last[0], 3)
        last[0] = now

    def out(name: str, frame, schema: dict[str, str], sort_by: list[str]) -> None:
        started = time.perf_counter()
        emit(name, Output(frame, schema, sort_by))
        spent = time.perf_counter() - started
        timings["write"] = round(timings["write"] + spent, 3)
        last[0] += spent  # writing is counted apart from the stage that made the table

    step(1, f"loading corpus {corpus_dir}")
    # hashed before the files are read for the articles: at the end of a large run they are no
    # longer in the page cache (at 100,000 articles hashing them then took 37 s, now about one)
    inputs = inputs_fingerprint(corpus_dir, settings)
    plan = plan_corpus(corpus_dir, params["corpus"])
    frame, problems = load_articles(engine, plan, params["corpus"])
    frame = engine.persist(frame)
    for problem in problems:
        progress(f"  {problem.message()}")
    analysed = engine.persist(engine.select(frame, lambda p: (p["status"] == "ok") & (p["duplicate_of"] == "")))
    n_articles = engine.count(analysed)
    fingerprint = corpus_fingerprint(engine, frame)
    out("problems", engine.from_pandas(problems_frame(problems)), PROBLEMS_TABLE, [])
    out("furniture", engine.map(furniture_rows, frame, schema={**FURNITURE_TABLE, "sort_key": "str"}),
        {k: v for k, v in FURNITURE_TABLE.items() if k != "line_no"}, ["sort_key", "line_no"])
    out("texts", engine.map(_texts_rows, analysed, schema={**TEXTS_TABLE, "sort_key": "str"}), TEXTS_TABLE,
        ["sort_key"])
    # what the later stages need of every row is made now, so that the table of every row (with
    # its texts, a copy beside the analysed articles') is let go before the stages that hold the most
    articles_out = engine.persist(engine.map(articles_rows, frame, schema={**ARTICLES_TABLE, "sort_key": "str",
                                                                          "pub_key": "str"}))
    usable = engine.map(_with_group, engine.select(frame, lambda p: p["status"] == "ok"),
                        schema={**_ARTICLE_FRAME, "group_id": "str"})
    dated_articles = engine.persist(engine.keyed(fold_repeats, usable, "group_id", schema=_ARTICLE_FRAME))
    del frame, usable
    done("corpus")

    step(2, f"aligning shared passages across {n_articles} articles")
    overlap = overlap_stage(engine, analysed[["article_id", "text", "outlet", "published", "text_hash"]],
                            n_articles, params["overlap"])
    out("edits", overlap.edits, EDIT_COLUMNS, SORT_KEYS["edits"])
    out("unique_paragraphs", overlap.unique_paragraphs, UNIQUE_COLUMNS, SORT_KEYS["unique_paragraphs"])
    out("common_phrases", overlap.common_phrases, COMMON_COLUMNS, SORT_KEYS["common_phrases"])
    overlap.edits = overlap.unique_paragraphs = overlap.common_phrases = None
    del analysed  # the dated articles are the same articles, with their repeats' evidence
    done("overlap")

    step(3, "resolving publication dates and temporal expressions")
    timeline = timeline_stage(engine, dated_articles, overlap.pairs, params["timeline"])
    publication = timeline.publication
    out("overlap_pairs", _order(engine, overlap.pairs, publication, float(params["overlap"].direction_min_share)),
        PAIR_COLUMNS, SORT_KEYS["overlap_pairs"])
    members = frozenset(overlap.families["article_id"])
    days = engine.collect(engine.select(publication, lambda p: p["article_id"].isin(members))[
        ["article_id", "published"]]) if members else pd.DataFrame(columns=["article_id", "published"])
    fam = family_sources(overlap.families, {a: d for a, d in zip(days["article_id"], days["published"]) if d})
    out("families", engine.from_pandas(fam), FAMILY_COLUMNS, SORT_KEYS["families"])
    out("events", timeline.events, EVENTS_SCHEMA, ["event_id"])
    overlap.pairs = timeline.events = None
    done("timeline")

    step(4, "extracting and lining up figures")
    analysed_dated = engine.select(dated_articles, lambda p: p["duplicate_of"] == "")
    figures = figures_stage(engine, analysed_dated, timeline.dates, overlap.passages, n_articles, params["figures"])
    out("figures", figures.figures, FIGURES_SCHEMA, ["article_id", "start"])
    out("claims", figures.claims, CLAIMS_SCHEMA, ["status_order", "claim_id", "article_id", "figure_id"])
    out("claims_summary", figures.summary, SUMMARY_SCHEMA, ["status_order", "minus_articles", "claim_id"])
    out("claims_apart", figures.claims_apart, APART_TABLE_SCHEMA, ["subject_key", "claim_a", "claim_b"])
    out("passages", overlap.passages, PASSAGE_COLUMNS, SORT_KEYS["passages"])
    out("dates", timeline.dates, DATES_SCHEMA, ["article_id", "start", "end"])
    del figures, analysed_dated, dated_articles
    overlap.passages = timeline.dates = None
    done("figures")

    pub = publication[["article_id", *PUBLICATION_COLUMNS]].rename(
        columns={"article_id": "pub_key", **{c: f"pub_{c}" for c in PUBLICATION_COLUMNS}})
    out("articles", engine.map(_add_publication, engine.join(articles_out, pub, on="pub_key", how="left"),
                               schema={**_ARTICLES_OUT, "sort_key": "str"}), _ARTICLES_OUT, ["sort_key"])
    progress(f"done in {time.perf_counter() - clock:.1f}s")
    run = run_key(plan, fingerprint, settings, inputs)
    return run, timings


from .corpus import ARTICLE_SCHEMA as _ARTICLE_FRAME  # noqa: E402
_ARTICLES_OUT = {**{k: v for k, v in ARTICLES_TABLE.items() if k not in PUBLICATION_COLUMNS[:1]},
                 **{c: "str" for c in PUBLICATION_COLUMNS}}
# keep the order: id, source, title, outlet, url, the publication columns, then the rest
_ARTICLES_OUT = {k: _ARTICLES_OUT[k] for k in
                 ["article_id", "source", "title", "outlet", "url", *PUBLICATION_COLUMNS]
                 + [k for k in ARTICLES_TABLE if k not in ("article_id", "source", "title", "outlet", "url",
                                                           *PUBLICATION_COLUMNS)]}


def _with_group(part: pd.DataFrame) -> pd.DataFrame:
    return part.assign(group_id=part["duplicate_of"].where(part["duplicate_of"] != "", part["article_id"]))


def fold_repeats(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by the article a row repeats (``group_id``): the analysed articles, each with the date
    evidence of its repeats.  A repeat (the same outlet's page seen again) is one article seen
    more than once: its scrape time bounds the article's publication from above as well."""
    part = part.sort_values(["group_id", "article_id"], kind="mergesort").drop(columns="group_id")
    primaries = part[part["duplicate_of"] == ""]
    bounds: dict[str, tuple[str, str]] = {}
    for r in part[part["duplicate_of"] != ""].itertuples(index=False):
        basis = json.loads(r.basis or "{}")
        bound = basis.get("published_bound") or r.published
        if bound and (r.duplicate_of not in bounds or bound < bounds[r.duplicate_of][0]):
            bounds[r.duplicate_of] = (bound, f"{r.source} (the same page seen again, as {r.article_id})")
    # only the basis of an undated article with repeats changes: the other rows go through as they are
    # (rebuilding every row as a dict took 7 of the timeline stage's 113 s at 10,000 articles, profiled)
    basis_col = primaries["basis"].tolist()
    for i, (aid, published) in enumerate(zip(primaries["article_id"].tolist(), primaries["published"].tolist())):
        if aid in bounds and not published:
            basis = json.loads(basis_col[i] or "{}")
            bound, where = bounds[aid]
            if not basis.get("published_bound") or bound < basis["published_bound"]:
                basis["published_bound"] = bound
                basis["published_bound_note"] = f"the scrape time of {where}"
                basis_col[i] = json.dumps(basis, sort_keys=True, ensure_ascii=False)
    out = primaries.reset_index(drop=True)
    out["basis"] = pd.Series(basis_col, dtype=primaries["basis"].dtype)
    return out


def _add_publication(part: pd.DataFrame) -> pd.DataFrame:
    """Map over articles.csv rows joined with the publication table (``pub_*`` columns, on ``pub_key``:
    a repeat takes the range of the article it repeats): those columns in place of the raw ones."""
    out = part.drop(columns=[c for c in PUBLICATION_COLUMNS if c in part.columns])
    for c in PUBLICATION_COLUMNS:
        out[c] = out[f"pub_{c}"].fillna("").astype(str)
    return out.drop(columns=[f"pub_{c}" for c in PUBLICATION_COLUMNS] + ["pub_key"])


def _texts_rows(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"article_id": part["article_id"], "title": part["title"], "outlet": part["outlet"],
                         "text": part["text"], "sort_key": part["article_id"].map(natural_key)})


def _order(engine, pairs, publication, min_share: float = 0.0):
    """Pairs with undetermined directions settled by non-overlapping publication ranges (a join of the
    pairs with both articles' publication rows)."""
    cols = ["article_id", "published", "published_earliest", "published_latest", "published_basis"]
    pub = publication[cols]
    a = pub.rename(columns={c: f"{c}_a" for c in cols}).rename(columns={"article_id_a": "article_a"})
    b = pub.rename(columns={c: f"{c}_b" for c in cols}).rename(columns={"article_id_b": "article_b"})
    joined = engine.join(engine.join(pairs, a, on="article_a", how="left"), b, on="article_b", how="left")
    return engine.map(order_pairs, joined, min_share, schema=PAIR_COLUMNS)


def corpus_fingerprint(engine, frame) -> str:
    """sha256 over the sorted (id, text, metadata, basis, repeat) of the usable articles."""
    digests = engine.collect(engine.map(_article_digests, frame, schema={"article_id": "str", "digest": "str"}))
    h = hashlib.sha256()
    for d in digests.sort_values("article_id", kind="mergesort")["digest"]:
        h.update(d.encode("ascii"))
    return h.hexdigest()


def _article_digests(part: pd.DataFrame) -> pd.DataFrame:
    ok = part[part["status"] == "ok"]
    rows = []
    for r in ok.itertuples(index=False):
        basis = json.loads(r.basis or "{}")
        rec = [r.article_id, r.text, r.title, r.outlet, r.url, r.published, sorted(basis.items()), r.duplicate_of]
        rows.append((r.article_id, hashlib.sha256(json.dumps(rec, ensure_ascii=False).encode("utf-8")).hexdigest()))
    return pd.DataFrame(rows, columns=["article_id", "digest"])


def inputs_fingerprint(corpus_dir: str | Path, settings: dict) -> str:
    """A hash of the corpus's input files (names and bytes) and the corpus settings: what decides
    whether cached tables can be reused, without reading and cleaning every article again."""
    params = stage_params(settings_from(settings or {}))["corpus"]
    path = Path(corpus_dir)
    h = hashlib.sha256(json.dumps(dataclasses.asdict(params), sort_keys=True, default=str).encode("utf-8"))
    if not path.exists():
        return "missing"
    files = [path] if path.is_file() else sorted(
        p for p in (path.rglob("*") if params.recursive else path.iterdir()) if p.is_file())
    for p in files:
        rel = p.name if path.is_file() else p.relative_to(path).as_posix()
        h.update(rel.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with p.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
        except OSError as e:
            h.update(f"unreadable:{e}".encode())
        h.update(b"\0")
    return h.hexdigest()


def code_fingerprint() -> str:
    """A short hash of the analysis code itself, so tables cached by an older checkout are not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def run_key(plan, fingerprint: str, settings: dict, inputs: str = "") -> dict:
    """What identifies a run: corpus fingerprint, settings, package version and code."""
    return {
        "version": __version__,
        "code": code_fingerprint(),
        "corpus_title": plan.title,
        "corpus_question": plan.question,
        "fingerprint": fingerprint,
        "inputs": inputs,
        "settings": settings,
        "settings_hash": settings_fingerprint(settings),
    }


def compute(corpus_dir: str | Path, settings: dict | None = None,
            progress: Callable[[str], None] = _say) -> Tables:
    """Run every stage in this process and return the tables (pandas, sorted as written)."""
    frames: dict[str, pd.DataFrame] = {}

    def keep(name: str, out: Output) -> None:
        df = out.frame.sort_values(out.sort_by, kind="mergesort") if out.sort_by else out.frame
        frames[name] = df.loc[:, list(out.schema)].astype(out.schema).reset_index(drop=True)

    run, _ = run_stages(LocalEngine(), corpus_dir, settings or {}, keep, progress)
    return Tables(run=run, frames={name: frames[name] for name in TABLES if name in frames})


class TableWriter:
    """Writes each table as it is handed over (CSV and Parquet), then ``run.json`` last."""

    def __init__(self, engine, data_dir: str | Path):
        self.engine = engine
        self.data_dir = Path(data_dir)
        self.parquet_dir = self.data_dir / "parquet"
        self.parquet_dir.mkdir(parents=True, exist_ok=True)
        (self.data_dir / "run.json").unlink(missing_ok=True)  # a half-written run is never taken for a whole one
        for old in self.parquet_dir.glob("*.parquet"):  # single-file tables of an older layout
            old.unlink()
        self.rows: dict[str, int] = {}

    def __call__(self, name: str, out: Output) -> None:
        self.rows[name] = self.engine.write(out.frame, self.data_dir / f"{name}.csv", self.parquet_dir / name,
                                            out.sort_by, out.schema)

    def finish(self, run: dict) -> None:
        run = {**run, "rows": {name: self.rows[name] for name in sorted(self.rows)}}
        (self.data_dir / "run.json").write_text(json.dumps(run, sort_keys=True, indent=2, default=str) + "\n",
                                                encoding="utf-8")


def write(tables: Tables, data_dir: str | Path) -> list[Path]:
    """Write tables computed in this process (see :func:`compute`)."""
    writer = TableWriter(LocalEngine(), data_dir)
    for name, df in tables.frames.items():
        writer(name, Output(df, _schema_of(df), []))
    writer.finish(tables.run)
    return [writer.data_dir / f"{name}.csv" for name in tables.frames]


def load(data_dir: str | Path) -> Tables:
    """Read back a run written by :func:`run` (or :func:`write`)."""
    data_dir = Path(data_dir)
    run = json.loads((data_dir / "run.json").read_text(encoding="utf-8"))
    frames = {p.name: read_table(p) for p in sorted((data_dir / "parquet").iterdir()) if p.is_dir()}
    return Tables(run=run, frames=frames)


def read_table(folder: str | Path) -> pd.DataFrame:
    """One table written as Parquet parts (``part-*.parquet`` in ``folder``), whole, in part order."""
    parts = sorted(Path(folder).glob("*.parquet"))
    return (pd.concat([pd.read_parquet(q) for q in parts], ignore_index=True) if len(parts) > 1
            else pd.read_parquet(parts[0]))


def run(corpus_dir: str | Path, out_dir: str | Path, settings: dict | None = None, engine=None,
        progress: Callable[[str], None] = _say) -> dict:
    """Compute every table through ``engine`` (local by default) and write each to ``OUT/data`` as it
    is ready; returns the run identity, and writes the seconds each stage took to ``OUT/timings.json``."""
    settings = settings_from(settings or {})
    engine = engine or LocalEngine()
    clock = time.perf_counter()
    writer = TableWriter(engine, Path(out_dir) / "data")
    run_id, timings = run_stages(engine, corpus_dir, settings, writer, progress)
    started = time.perf_counter()
    from .digest import write_book  # what the book reads: bounded tables and counts (OUT/data/book)

    write_book(engine, run_id, TABLES, Path(out_dir) / "data")
    timings["book"] = round(time.perf_counter() - started, 3)
    writer.finish(run_id)  # run.json last: a run without it is incomplete
    timings["total"] = round(time.perf_counter() - clock, 3)
    timings["engine"] = engine.describe()
    (Path(out_dir) / "timings.json").write_text(json.dumps(timings, indent=2) + "\n", encoding="utf-8")
    return run_id


def cached_run(out_dir: str | Path, corpus_dir: str | Path, settings: dict) -> dict | None:
    """The run recorded in ``OUT/data/run.json`` if it was made from these inputs, settings and code."""
    run_file = Path(out_dir) / "data" / "run.json"
    if not run_file.exists():
        return None
    try:
        cached = json.loads(run_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # a damaged cache is simply recomputed
    same = (cached.get("inputs") == inputs_fingerprint(corpus_dir, settings)
            and cached.get("settings_hash") == settings_fingerprint(settings)
            and cached.get("version") == __version__
            and cached.get("code") == code_fingerprint())
    return cached if same else None


def ensure(corpus_dir: str | Path, out_dir: str | Path, settings: dict | None = None,
           engine_options: dict | None = None, progress: Callable[[str], None] = _say) -> dict:
    """The run identity of ``OUT/data``, computing and writing the tables first unless they were
    made from these inputs, settings and code (the tables themselves are not read)."""
    settings = settings_from(settings or {})
    cached = cached_run(out_dir, corpus_dir, settings)
    if cached is not None:
        return cached
    with make_engine(**(engine_options or {})) as engine:
        run(corpus_dir, out_dir, settings, engine=engine, progress=progress)
    return json.loads((Path(out_dir) / "data" / "run.json").read_text(encoding="utf-8"))


def tables(corpus_dir: str | Path, out_dir: str | Path, settings: dict | None = None,
           progress: Callable[[str], None] = _say, engine=None) -> Tables:
    """The run's tables: reused from ``OUT/data`` when inputs, settings and code match, else computed
    and written."""
    settings = settings_from(settings or {})
    if cached_run(out_dir, corpus_dir, settings) is None:
        run(corpus_dir, out_dir, settings, engine=engine, progress=progress)
    return load(Path(out_dir) / "data")


__all__ = ["STAGES", "TABLES", "Tables", "compute", "run", "tables", "load", "write", "default_settings",
           "settings_from", "stage_params", "unknown_settings", "make_engine", "empty"]
