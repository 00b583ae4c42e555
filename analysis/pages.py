"""What a chapter notebook needs: its run's tables, labels for articles, and its citation."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import pipeline
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
    """One chapter's view of the run."""

    chapter: str
    tables: pipeline.Tables
    base_url: str
    build_date: str

    @property
    def run(self) -> dict:
        return self.tables.run

    def labels(self) -> dict[str, str]:
        """Article id → a short readable label, "outlet (id)"."""
        return article_labels(self.tables.articles)

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
    """Article id → "outlet · id" (or the id alone when the outlet is unknown)."""
    labels = {}
    for row in articles.itertuples(index=False):
        outlet = str(getattr(row, "outlet", "") or "")
        labels[str(row.article_id)] = f"{outlet} · {row.article_id}" if outlet else str(row.article_id)
    return labels


def open_page(namespace: dict, chapter: str) -> Page:
    """The page for a notebook: reads ``corpus``, ``out`` and settings from its parameters."""
    corpus = namespace.get("corpus", "seeds")
    out = namespace.get("out", "_build")
    settings = pipeline.settings_from(namespace)
    stray = pipeline.unknown_settings(namespace)
    if stray:
        raise ValueError(f"unknown setting(s) {', '.join(stray)}; see `python -m analysis settings`")
    tables = pipeline.tables(Path(corpus), Path(out), settings)
    return Page(chapter=chapter, tables=tables, base_url=namespace.get("base_url", "") or "",
                build_date=namespace.get("build_date", "") or today())


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
