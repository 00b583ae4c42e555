"""What a chapter notebook needs: what the book reads of its run, labels for articles, and its citation."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import digest, pipeline
from .build import build_date as today
from .cite import Citation

#: Each chapter's page, stable anchor and title (the anchor never depends on the corpus).
CHAPTERS: dict[str, tuple[str, str]] = {
    "intro": ("book/intro", "Summary"),
    "corpus": ("book/corpus", "The corpus"),
    "overlap": ("book/overlap", "Source overlap"),
    "figures": ("book/figures", "Figure discrepancies"),
    "timeline": ("book/timeline", "Coverage timeline"),
    "methods": ("book/methods", "Methods and parameters"),
}


@dataclass
class Page:
    """One chapter's view of the run: its identity (``tables.run``) and what the book reads of it
    (``book``: bounded tables and ``stats``, see :mod:`analysis.digest`).

    A page opened by a notebook reads the run's book from ``OUT/data/book``; a page made from whole
    tables held in memory (``tables.frames``, as tests do) digests them itself."""

    chapter: str
    tables: pipeline.Tables
    base_url: str
    build_date: str
    book: digest.Book | None = None

    def __post_init__(self) -> None:
        if self.book is None:
            self.book = digest.book_of(self.tables.frames, self.tables.run.get("settings", {}))

    @property
    def run(self) -> dict:
        return self.tables.run

    @property
    def stats(self) -> dict:
        """Every count and aggregate the chapter's sentences use (``OUT/data/book/stats.json``)."""
        return self.book.stats

    def labels(self) -> dict[str, str]:
        """Article id → its readable label ("outlet · short title · date"), unique within the report."""
        return self.book.labels()

    def label(self, article_id: str) -> str:
        return self.labels().get(str(article_id), str(article_id))

    def cite(self, section: str | None = None, title: str | None = None) -> Citation:
        page, chapter_title = CHAPTERS[self.chapter]
        return Citation(
            report_title=self.run.get("corpus_title") or "Coverage forensics report",
            section_title=title or chapter_title,
            label=section or self.chapter,
            page=page,
            base_url=self.base_url,
            build_date=self.build_date,
            corpus_fingerprint=self.run["fingerprint"],
            settings_hash=self.run["settings_hash"],
        )


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Article id → its readable label, for every article of a whole ``articles`` table."""
    from .engine import LocalEngine

    frame = digest._complete(articles, digest.ARTICLES_SCHEMA)
    labels = LocalEngine().collect(digest.article_labels(LocalEngine(), frame))
    return dict(zip(labels["article_id"].astype(str), labels["label"].astype(str)))


def open_page(namespace: dict, chapter: str) -> Page:
    """The page for a notebook: reads ``corpus``, ``out`` and settings from its parameters, and
    loads only what the book reads (``OUT/data/book``), never the run's whole tables."""
    corpus = namespace.get("corpus", "seeds")
    out = Path(namespace.get("out", "_build"))
    settings = pipeline.settings_from(namespace)
    stray = pipeline.unknown_settings(namespace)
    if stray:
        raise ValueError(f"unknown setting(s) {', '.join(stray)}; see `python -m analysis settings`")
    run = pipeline.ensure(Path(corpus), out, settings)
    book_dir = out / "data" / "book"
    if (book_dir / "stats.json").exists():
        book = digest.load_book(book_dir)
    else:  # tables written without their book (pipeline.write): digest them once
        book = digest.book_of(pipeline.load(out / "data").frames, run.get("settings", settings))
        digest.save(book, book_dir)
    return Page(chapter=chapter, tables=pipeline.Tables(run=run), base_url=namespace.get("base_url", "") or "",
                build_date=namespace.get("build_date", "") or today(), book=book)


def parameter_rows(settings: dict) -> pd.DataFrame:
    """Every parameter of every stage: name, value used, default, and what it does."""
    rows = []
    for stage, cls in pipeline.STAGES.items():
        docs = field_docs(cls)
        for f in dataclasses.fields(cls):
            key = f"{stage}_{f.name}"
            default = getattr(cls(), f.name)
            rows.append({
                "stage": stage,
                "parameter": key,
                "value used": _show(settings.get(key, default)),
                "default": _show(default),
                "what it does": docs.get(f.name, ""),
            })
    return pd.DataFrame(rows)


def _show(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


def field_docs(cls: type) -> dict[str, str]:
    """A dataclass's per-field documentation.

    Read from, in order: ``metadata["doc"]``; ``#:`` comments above the field
    or a comment on its line; ``name: text`` entries in the class docstring.
    """
    import importlib
    import inspect
    import re

    docs = {f.name: f.metadata.get("doc", "") for f in dataclasses.fields(cls)}
    try:
        lines = inspect.getsource(cls).splitlines()
    except (OSError, TypeError):
        lines = []
    pending: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("#:").strip())
            continue
        m = re.match(r"(\w+)\s*:\s*[^=]+=", stripped)
        if m and m.group(1) in docs and not docs[m.group(1)]:
            comment = stripped.split("#", 1)[1].strip() if "#" in stripped else ""
            docs[m.group(1)] = " ".join(pending) or comment
        pending = []
    # "name: text" (or "a, b: text") entries of the docstring, with indented continuations
    entry: list[str] = []
    text: list[str] = []

    def flush() -> None:
        for name in entry:
            if name in docs and not docs[name]:
                docs[name] = " ".join(text)

    for line in inspect.cleandoc(cls.__doc__ or "").splitlines():
        m = re.match(r"^([a-z_][\w, ]*):\s+(.*)$", line)
        if m and not line.startswith(" ") and all(n.strip() in docs for n in m.group(1).split(",")):
            flush()
            entry = [n.strip() for n in m.group(1).split(",")]
            text = [m.group(2).strip()]
        elif line.startswith(" ") and entry:
            text.append(line.strip())
        else:
            flush()
            entry, text = [], []
    flush()
    # "passed to the tagger (see ``analysis.temporal.TemporalParams``)": that class documents it
    for name, doc in docs.items():
        ref = re.search(r"\(see ``([\w.]+)\.(\w+)``\)", doc)
        if ref:
            try:
                other = getattr(importlib.import_module(ref.group(1)), ref.group(2))
                borrowed = field_docs(other).get(name, "")
            except (ImportError, AttributeError, TypeError):
                borrowed = ""
            if borrowed:
                docs[name] = borrowed
    # reStructuredText literals read as plain words on the page
    return {k: re.sub(r"\s+", " ", re.sub(r"``([^`]+)``", r"\1", v)).strip() for k, v in docs.items()}
