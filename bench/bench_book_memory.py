"""Benchmark of the book at scale: the chapter kernels' peak memory, the HTML's size, the PDF's pages.

Builds the report on a corpus (``python -m analysis build``) while sampling, every
``--every`` seconds, the resident memory of the build process and of each chapter
kernel it starts (psutil), then prints: wall time, the build process's peak, the
largest peak of any chapter kernel, the HTML's total size and its largest page,
and the PDF's page count and size.  The tables are computed by the build itself
(first phase), so its process peak is the pipeline's; the kernels' peak is what
reading the run's tables for the book costs.

Usage: ``python bench/bench_book_memory.py CORPUS OUT [--no-pdf] [--root SRC] [--engine dask]``
(``--root``: run another checkout's package, e.g. to measure before and after a change;
a 10,000-article corpus: ``python bench/corpus_maker.py 10000 /tmp/book-10k``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_build import html_sizes, pdf_pages  # noqa: E402


def measure(corpus: Path, out: Path, root: Path, pdf: bool, engine: str, every: float) -> dict:
    """Build once into a fresh ``out`` and return the peaks (bytes) and wall time."""
    shutil.rmtree(out, ignore_errors=True)
    args = [sys.executable, "-m", "analysis", "build", "--corpus", str(corpus), "--out", str(out),
            "--engine", engine]
    if not pdf:
        args.append("--no-pdf")
    env = {**os.environ, "PYTHONPATH": str(root)}
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    build = psutil.Process(proc.pid)
    peaks = {"build": 0, "kernel": 0}
    kernel_peaks: dict[int, int] = {}
    while proc.poll() is None:
        try:
            peaks["build"] = max(peaks["build"], build.memory_info().rss)
            for child in build.children(recursive=True):
                try:
                    if any("ipykernel" in part for part in child.cmdline()):
                        rss = child.memory_info().rss
                        kernel_peaks[child.pid] = max(kernel_peaks.get(child.pid, 0), rss)
                except (psutil.NoSuchProcess, psutil.AccessDenied):
                    continue
        except psutil.NoSuchProcess:
            break
        time.sleep(every)
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{err[-3000:]}")
    peaks["kernel"] = max(kernel_peaks.values(), default=0)
    return {"wall": wall, "peaks": peaks, "kernels": len(kernel_peaks)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--no-pdf", action="store_true")
    ap.add_argument("--root", type=Path, default=ROOT, help="the checkout whose package builds the book")
    ap.add_argument("--engine", default="local", choices=["local", "dask"])
    ap.add_argument("--every", type=float, default=0.2, help="seconds between memory samples")
    args = ap.parse_args()
    got = measure(args.corpus, args.out, args.root.resolve(), not args.no_pdf, args.engine, args.every)
    mb = 1 << 20
    print(f"corpus {args.corpus}, package {args.root}, engine {args.engine}, {os.cpu_count()} cores")
    print(f"build            {got['wall']:7.1f} s")
    print(f"peak memory      build process {got['peaks']['build'] / mb:,.0f} MB; largest chapter kernel "
          f"{got['peaks']['kernel'] / mb:,.0f} MB ({got['kernels']} kernels sampled)")
    total, page, page_bytes = html_sizes(args.out / "html")
    print(f"HTML             {total / 1e6:7.1f} MB, largest page {page} {page_bytes / 1e6:.2f} MB")
    pdf = args.out / "report.pdf"
    if pdf.exists():
        print(f"PDF              {pdf_pages(pdf):7d} pages, {pdf.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
