"""Benchmark of the book build: fresh build, unchanged rebuild, per-phase times, sizes.

For each corpus (the seeds, and a larger corpus made from real articles'
paragraphs), builds the report twice into a fresh folder: once from nothing
(``fresh``), once again with nothing changed (``rebuild``, which should reuse
the executed chapters and skip Sphinx and the PDF), and prints wall times, their
ratio, each phase's time, the HTML's total size and largest page, and the PDF's
pages and size.

The larger corpus (``--n`` articles, default 600) is written as one CSV table:
each article is a real article of ``../shared/corpora/*/articles.csv`` or of
``seeds/`` (the seeds alone where the shared corpora are absent) cut down to a subset of its
paragraphs, sometimes with a paragraph of another article of the same story;
a share of articles are copies of earlier ones with light edits (a paragraph
dropped, words changed, a number changed), as wire copy is carried across
outlets.  Outlets are the real publishers plus numbered ones, about one per six
articles; dates spread over a fortnight from each story's own date, and about
one article in eight has none (left to the timeline stage to infer).

Usage: ``python bench/bench_build.py [--n 600] [--no-pdf] [--keep DIR] [--only seeds|large]``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# ../shared next to the repository (or next to the folder holding this worktree)
SHARED = next((d / "shared" / "corpora" for d in ROOT.parents if (d / "shared" / "corpora").is_dir()),
              ROOT.parent / "shared" / "corpora")
SEEDS = ROOT / "seeds"
_WORD = re.compile(r"\b[a-z]{5,}\b")
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def real_stories() -> list[dict]:
    """The real articles (shared corpora and seeds) as paragraph lists with their publisher and date."""
    import pandas as pd

    stories = []
    for path in sorted(SHARED.glob("*/articles.csv")):
        frame = pd.read_csv(path)
        for row in frame.itertuples(index=False):
            paras = [p.strip() for p in str(row.text).split(" ### ") if len(p.split()) >= 8]
            if len(paras) >= 3:
                date = str(getattr(row, "scrape_time", "") or "")[:10]
                stories.append({"story": path.parent.name, "outlet": str(row.publisher), "date": date,
                                "paragraphs": paras})
    for path in sorted(SEEDS.glob("*.txt")):
        paras = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if len(p.split()) >= 8]
        if len(paras) >= 3:
            stories.append({"story": "seeds", "outlet": "", "date": "2021-09-13", "paragraphs": paras})
    return stories


def _edit(rng: random.Random, paragraph: str, vocabulary: list[str]) -> str:
    """A copy editor's touch: a word or two changed, sometimes a number."""
    words = paragraph.split(" ")
    for _ in range(rng.randint(1, 2)):
        i = rng.randrange(len(words))
        if _WORD.fullmatch(words[i]):
            words[i] = rng.choice(vocabulary)
    text = " ".join(words)
    if rng.random() < 0.2:
        text = _NUMBER.sub(lambda m: str(rng.randint(2, 99)), text, count=1)
    return text


def make_corpus(n: int, folder: Path, seed: int = 0, copy_rate: float = 0.45) -> Path:
    """Write an ``n``-article CSV corpus made from real paragraphs into ``folder``; return the file."""
    rng = random.Random(seed)
    stories = real_stories()
    by_story: dict[str, list[dict]] = {}
    for s in stories:
        by_story.setdefault(s["story"], []).append(s)
    vocabulary = sorted({w for s in stories for p in s["paragraphs"] for w in _WORD.findall(p)})
    publishers = sorted({s["outlet"] for s in stories if s["outlet"]})
    outlets = publishers + [f"outlet{i:03d}.example" for i in range(max(0, n // 6 - len(publishers)))]
    made: list[dict] = []
    seen: set[str] = set()
    while len(made) < n:
        if made and rng.random() < copy_rate:
            parent = rng.choice(made)
            paras = list(parent["paragraphs"])
            if len(paras) > 3 and rng.random() < 0.5:
                del paras[rng.randrange(len(paras))]
            for _ in range(rng.randint(0, 2)):
                i = rng.randrange(len(paras))
                paras[i] = _edit(rng, paras[i], vocabulary)
            story, base = parent["story"], parent["base_date"]
            day = dt.date.fromisoformat(parent["day"]) + dt.timedelta(days=rng.randint(0, 3))
        else:
            source = rng.choice(stories)
            keep = sorted(rng.sample(range(len(source["paragraphs"])),
                                     max(3, int(len(source["paragraphs"]) * rng.uniform(0.5, 1.0)))))
            paras = [source["paragraphs"][i] for i in keep]
            if rng.random() < 0.3:
                other = rng.choice(by_story[source["story"]])
                paras.insert(rng.randrange(len(paras) + 1), rng.choice(other["paragraphs"]))
            story, base = source["story"], source["date"] or "2021-09-13"
            day = dt.date.fromisoformat(base) + dt.timedelta(days=rng.randint(-2, 12))
        text = " ### ".join(paras)
        if text in seen:
            continue
        seen.add(text)
        made.append({"story": story, "base_date": base, "day": day.isoformat(), "paragraphs": paras,
                     "text": text, "outlet": rng.choice(outlets),
                     "title": " ".join(paras[0].split()[:10]).rstrip(",.;:")})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "articles.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article_id", "outlet", "published", "title", "text"])
        for i, a in enumerate(made):
            published = "" if rng.random() < 0.125 else a["day"]
            writer.writerow([f"g{i:04d}", a["outlet"], published, a["title"], a["text"]])
    return path


def html_sizes(html_dir: Path) -> tuple[int, str, int]:
    """(bytes of the whole HTML folder, largest page's name, its bytes)."""
    files = [p for p in html_dir.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    return sum(p.stat().st_size for p in files), largest.relative_to(html_dir).as_posix(), largest.stat().st_size


def pdf_pages(pdf: Path) -> int:
    """Page count (pdfinfo where installed, else the page objects counted)."""
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        found = re.search(r"^Pages:\s+(\d+)", info, re.M)
        if found:
            return int(found.group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def timed_build(corpus: Path, out: Path, pdf: bool) -> tuple[float, dict]:
    """Wall time of ``python -m analysis build`` (start-up included) and what the build recorded."""
    args = [sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--out", str(out)]
    if not pdf:
        args.append("--no-pdf")
    start = time.perf_counter()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-3000:]}")
    return wall, json.loads((out / ".build" / "last-build.json").read_text(encoding="utf-8"))


def report(label: str, corpus: Path, out: Path, pdf: bool) -> None:
    fresh, first = timed_build(corpus, out, pdf)
    again, second = timed_build(corpus, out, pdf)
    print(f"\n== {label}: {corpus}")
    print(f"fresh build      {fresh:7.1f} s  (in build(): {first['phases']['total']:.1f} s; the rest is Python "
          f"start-up and imports)")
    print(f"unchanged rebuild{again:7.1f} s  = {100 * again / fresh:.0f}% of fresh; chapters executed "
          f"{len(second['executed'])}, reused {len(second['reused'])}; HTML {second['html']}; PDF {second['pdf']}")
    phases = ["tables", "stage", "notebooks", "configure", "html", "singlehtml", "pdf"]
    print("phases (fresh)   " + ", ".join(f"{p} {first['phases'][p]:.1f}" for p in phases if p in first["phases"])
          + f"  [{first['workers']} kernels]")
    print("  (stage runs beside notebooks, and html beside singlehtml + pdf: phases overlap)")
    total, page, page_bytes = html_sizes(out / "html")
    print(f"HTML             {total / 1e6:7.1f} MB, largest page {page} {page_bytes / 1e6:.2f} MB")
    if (out / "report.pdf").exists():
        print(f"PDF              {pdf_pages(out / 'report.pdf'):7d} pages, {(out / 'report.pdf').stat().st_size / 1e6:.1f} MB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=600, help="articles in the larger corpus")
    ap.add_argument("--no-pdf", action="store_true", help="skip the PDF (and Chromium)")
    ap.add_argument("--keep", type=Path, help="build into this folder and keep it (default: a temporary one)")
    ap.add_argument("--only", choices=["seeds", "large"], help="measure one corpus only")
    args = ap.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        print(f"{os.cpu_count()} cores; outputs in {base}")
        if args.only in (None, "seeds"):
            shutil.rmtree(base / "seeds", ignore_errors=True)
            report("seeds", SEEDS, base / "seeds", not args.no_pdf)
        if args.only in (None, "large"):
            corpus = make_corpus(args.n, base / f"corpus-{args.n}")
            shutil.rmtree(base / f"book-{args.n}", ignore_errors=True)
            report(f"{args.n} articles made from real paragraphs", corpus, base / f"book-{args.n}",
                   not args.no_pdf)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
