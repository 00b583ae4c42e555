"""The analysis run: a corpus folder in, every stage's tables out.

Stages run in order (corpus → overlap → timeline → figures); each writes
documented tables to ``OUT/data/*.csv`` (what readers download) and a
typed Parquet copy under ``OUT/data/parquet/`` (what the book's notebooks
read back).  A run is keyed by the corpus fingerprint and the settings, so a
notebook asking for the same run reuses the tables instead of recomputing.

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
from .corpus import Corpus, CorpusParams, articles_table, furniture_table, load_corpus, problems_table
from .figures import FigureParams, claims_summary, claims_tables, figures_table, mark_shared_figures
from .overlap import OverlapParams, find_overlap, order_by_publication
from .timeline import TimelineParams, dates_table, events_table, infer_publication

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
    "families": "one article's membership of a family of shared text",
    "common_phrases": "one phrase too common across the corpus to count as reuse",
    "figures": "one figure reported in an article, with its interval, unit, subject and sentence",
    "claims": "one figure inside a claim (a group of figures that measure one quantity), with why they were grouped",
    "claims_summary": "one claim (figures that measure one quantity), with its status and evidence",
    "claims_apart": "one pair of claims about the same noun and unit whose values differ but that were kept apart, "
                    "with why (figures that may measure different things)",
    "dates": "one temporal expression in an article, resolved to a date or interval",
    "events": "one date that articles mention, with how many and how soon they covered it",
}


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


@dataclass
class Tables:
    """Every table of one run, plus what identifies the run."""

    run: dict
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(name)

    @property
    def settings(self) -> dict:
        return self.run["settings"]


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def compute(corpus_dir: str | Path, settings: dict | None = None,
            progress: Callable[[str], None] = _say) -> Tables:
    """Run every stage over the corpus and return the tables."""
    settings = settings_from(settings or {})
    params = stage_params(settings)
    clock = time.perf_counter()

    def step(n: int, what: str) -> None:
        progress(f"[{n}/4] {what} ({time.perf_counter() - clock:.1f}s)")

    step(1, f"loading corpus {corpus_dir}")
    corpus = load_corpus(corpus_dir, params["corpus"])
    for problem in corpus.problems:
        progress(f"  {problem.message()}")
    articles = corpus.articles

    step(2, f"aligning shared passages across {len(articles)} articles")
    overlap = find_overlap(articles, params["overlap"])

    step(3, "resolving publication dates and temporal expressions")
    publication = infer_publication(articles, overlap.pairs, params["timeline"])
    pairs = order_by_publication(overlap.pairs, publication)
    dates = dates_table(articles, publication, params["timeline"])
    events = events_table(dates, articles)

    step(4, "extracting and lining up figures")
    figures = figures_table(articles, params["figures"])
    claims, claims_apart = claims_tables(figures, articles, params["figures"], dates)
    claims = mark_shared_figures(claims, figures, overlap.passages)
    summary = claims_summary(claims)
    progress(f"done in {time.perf_counter() - clock:.1f}s")

    frames = {
        "articles": _merge_publication(articles_table(corpus), publication),
        "problems": problems_table(corpus),
        "furniture": furniture_table(corpus),
        "texts": pd.DataFrame(
            {"article_id": [a.article_id for a in articles],
             "title": [a.title for a in articles],
             "outlet": [a.outlet for a in articles],
             "text": [a.text for a in articles]},
            columns=["article_id", "title", "outlet", "text"],
        ),
        "passages": overlap.passages,
        "overlap_pairs": pairs,
        "edits": overlap.edits,
        "unique_paragraphs": overlap.unique_paragraphs,
        "families": overlap.families,
        "common_phrases": overlap.common_phrases,
        "figures": figures,
        "claims": claims,
        "claims_summary": summary,
        "claims_apart": claims_apart,
        "dates": dates,
        "events": events,
    }
    run = run_key(corpus, settings)
    return Tables(run=run, frames=frames)


def code_fingerprint() -> str:
    """A short hash of the analysis code itself, so tables cached by an older checkout are not reused."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def run_key(corpus: Corpus, settings: dict) -> dict:
    """What identifies a run: corpus fingerprint, settings, package version and code."""
    return {
        "version": __version__,
        "code": code_fingerprint(),
        "corpus_title": corpus.title,
        "corpus_question": corpus.question,
        "fingerprint": corpus.fingerprint,
        "settings": settings,
        "settings_hash": settings_fingerprint(settings),
    }


def _merge_publication(articles: pd.DataFrame, publication: pd.DataFrame) -> pd.DataFrame:
    """The articles table with the timeline stage's publication columns in place of the raw ones."""
    if publication.empty:
        out = articles.copy()
        out["published_earliest"] = ""
        out["published_latest"] = ""
        return out
    pub_cols = ["article_id", "published", "published_earliest", "published_latest", "published_basis"]
    out = articles.drop(columns=[c for c in pub_cols[1:] if c in articles.columns])
    out = out.merge(publication[pub_cols], on="article_id", how="left")
    for col in pub_cols[1:]:
        out[col] = out[col].fillna("").astype(str)
    front = [c for c in articles.columns if c in out.columns and c not in pub_cols[1:]]
    order = front[:front.index("url") + 1] + pub_cols[1:] + front[front.index("url") + 1:]
    return out[order].sort_values("article_id", kind="stable").reset_index(drop=True)


def write(tables: Tables, data_dir: str | Path) -> list[Path]:
    """Write every table as CSV (for readers) and Parquet (for the book), plus ``run.json``."""
    data_dir = Path(data_dir)
    parquet_dir = data_dir / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables.frames.items():
        path = data_dir / f"{name}.csv"
        frame.to_csv(path, index=False, lineterminator="\n")
        frame.to_parquet(parquet_dir / f"{name}.parquet", index=False)
        written.append(path)
    (data_dir / "run.json").write_text(json.dumps(tables.run, sort_keys=True, indent=2, default=str) + "\n",
                                       encoding="utf-8")
    return written


def load(data_dir: str | Path) -> Tables:
    """Read back a run written by :func:`write`."""
    data_dir = Path(data_dir)
    run = json.loads((data_dir / "run.json").read_text(encoding="utf-8"))
    frames = {p.stem: pd.read_parquet(p) for p in sorted((data_dir / "parquet").glob("*.parquet"))}
    return Tables(run=run, frames=frames)


def tables(corpus_dir: str | Path, out_dir: str | Path, settings: dict | None = None,
           progress: Callable[[str], None] = _say) -> Tables:
    """The run's tables: reused from ``OUT/data`` when corpus and settings match, else computed and written."""
    settings = settings_from(settings or {})
    data_dir = Path(out_dir) / "data"
    run_file = data_dir / "run.json"
    if run_file.exists():
        try:
            cached = json.loads(run_file.read_text(encoding="utf-8"))
            corpus_fp = load_corpus(corpus_dir, stage_params(settings)["corpus"]).fingerprint
            same = (cached.get("fingerprint") == corpus_fp
                    and cached.get("settings_hash") == settings_fingerprint(settings)
                    and cached.get("version") == __version__
                    and cached.get("code") == code_fingerprint())
            if same:
                return load(data_dir)
        except (OSError, ValueError, KeyError):
            pass  # a damaged cache is simply recomputed
    result = compute(corpus_dir, settings, progress)
    write(result, data_dir)
    return result
