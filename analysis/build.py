"""Building the report: tables, executed notebooks, the HTML book and its PDF.

``OUT/`` receives ``data/`` (the tables), ``src/`` (the book source with the
executed notebooks: build output, never committed), ``html/`` (the book) and,
where Debian's Chromium is installed, ``report.pdf``.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import charts, pipeline

ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = "book"


class BuildError(RuntimeError):
    """A build step failed; the message names the step, the notebook and the cell."""


@dataclass(frozen=True)
class BuildOptions:
    """How to build: where the corpus and output are, and what to produce."""

    corpus: Path
    out: Path
    settings: dict
    pdf: bool = True
    strict: bool = True  # Sphinx warnings are errors
    base_url: str = ""
    build_date: str = ""


def build_date() -> str:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def chapters(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """The notebook chapters named in the table of contents, in order (paths without suffix)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part.get("chapters", [])]
    files += [c["file"] for c in toc.get("chapters", [])]
    return [f for f in files if (ROOT / f"{f}.ipynb").exists()]


def stage_source(opts: BuildOptions, run: dict) -> Path:
    """Copy the book source into ``OUT/src`` with the run's title in its config."""
    src = opts.out / "src"
    if src.exists():
        shutil.rmtree(src)
    src.mkdir(parents=True)
    shutil.copytree(ROOT / BOOK_DIR, src / BOOK_DIR, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    shutil.copy2(ROOT / "_toc.yml", src / "_toc.yml")
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if run.get("corpus_title"):
        config["title"] = run["corpus_title"]
    if opts.base_url:
        config.setdefault("html", {})["baseurl"] = opts.base_url
    # The tables ship with the book, so every page can link its CSV downloads.
    extra = src / "_extra" / "data"
    extra.mkdir(parents=True)
    for csv in sorted((opts.out / "data").glob("*.csv")):
        shutil.copy2(csv, extra / csv.name)
    config.setdefault("sphinx", {}).setdefault("config", {})["html_extra_path"] = ["_extra"]
    (src / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    charts.write_static(src / BOOK_DIR / "_static")
    return src


def notebook_parameters(opts: BuildOptions, run: dict) -> dict:
    """What papermill injects into every notebook's ``parameters`` cell."""
    params = {
        "corpus": str(opts.corpus.resolve()),
        "out": str(opts.out.resolve()),
        "base_url": opts.base_url,
        "build_date": opts.build_date or build_date(),
    }
    params.update(run["settings"])
    return params


def execute_notebooks(opts: BuildOptions, src: Path, run: dict) -> None:
    """Execute each chapter template with papermill into the staged source."""
    import logging

    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    # Every notebook receives every setting; papermill warns about those a chapter does not list.
    logging.getLogger("papermill").setLevel(logging.ERROR)

    params = notebook_parameters(opts, run)
    names = chapters()
    for i, name in enumerate(names, 1):
        template = ROOT / f"{name}.ipynb"
        target = src / f"{name}.ipynb"
        print(f"[notebook {i}/{len(names)}] {name}.ipynb", file=sys.stderr, flush=True)
        try:
            pm.execute_notebook(
                str(template), str(target), parameters=params, kernel_name="python3",
                progress_bar=False, cwd=str(ROOT), report_mode=False,
                # The kernel's own start-up warnings (e.g. on its local TCP transport) are not the report's.
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
            )
        except PapermillExecutionError as err:
            raise BuildError(
                f"notebook {name}.ipynb failed in cell {err.exec_count} ({err.ename}: {err.evalue}); "
                f"the executed copy with the traceback is {target}"
            ) from None
        hide_injected_parameters(target)


def hide_injected_parameters(path: Path) -> None:
    """Tag papermill's injected-parameters cell so the book does not show it (Methods lists every value)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags and "remove-cell" not in tags:
            cell.metadata["tags"] = tags + ["remove-cell"]
    nbformat.write(nb, path)


def sphinx_build(src: Path, builder: str, target: Path, strict: bool) -> None:
    """Run Sphinx through Jupyter Book's configuration (warnings as errors when strict)."""
    conf = subprocess.run(
        [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "config", "sphinx", str(src)],
        capture_output=True, text=True,
    )
    if conf.returncode != 0:
        raise BuildError(f"jupyter-book config failed: {conf.stderr.strip() or conf.stdout.strip()}")
    offline_conf(src / "conf.py")
    args = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-d", str(src.parent / ".doctrees" / builder)]
    if strict:
        args += ["-W", "-n", "--keep-going"]
    args += [str(src), str(target)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise BuildError(f"Sphinx ({builder}) failed:\n{done.stderr.strip()}")
    if done.stderr.strip():
        print(done.stderr.strip(), file=sys.stderr)


def offline_conf(conf_py: Path) -> None:
    """Drop sphinx-thebe from Jupyter Book's generated conf.py.

    Jupyter Book 1 always loads it, and it writes an inline script naming a CDN
    (twice, which is also a script error); the report never launches live code.
    """
    text = conf_py.read_text(encoding="utf-8")
    conf_py.write_text(text.replace("'sphinx_thebe', ", ""), encoding="utf-8")


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def print_pdf(html_file: Path, pdf: Path) -> bool:
    """Print a page to PDF with headless Chromium; False when Chromium is not installed."""
    browser = find_chromium()
    if not browser:
        print("Chromium not found: skipping the PDF (apt-get install chromium)", file=sys.stderr)
        return False
    with_profile = pdf.parent / ".chromium-profile"
    args = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={with_profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=10000", f"--print-to-pdf={pdf}", html_file.resolve().as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    shutil.rmtree(with_profile, ignore_errors=True)
    if done.returncode != 0 or not pdf.exists():
        raise BuildError(f"Chromium could not print {html_file} to PDF: {done.stderr.strip()[-400:]}")
    return True


def single_page(single: Path, run: dict | None = None, date: str = "") -> Path:
    """The single-page book, placed where its asset paths resolve, with a cover for print.

    With the root document in ``book/``, Sphinx's singlehtml builder writes
    ``book/intro.html`` but links its assets as if it stood at the root.
    """
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    page = single / f"{toc['root']}.html"
    target = single / "report.html"
    markup = page.read_text(encoding="utf-8")
    if run:
        # before the theme's print-only page title and contents, or else the article
        anchor = '<div id="jb-print-docs-body"' if '<div id="jb-print-docs-body"' in markup \
            else '<article class="bd-article">'
        markup = markup.replace(anchor, print_cover(run, date) + anchor, 1)
    target.write_text(markup, encoding="utf-8")
    return target


def print_cover(run: dict, date: str) -> str:
    """The PDF's first page: the corpus title and question, and what identifies the run."""
    esc = html.escape
    title = run.get("corpus_title") or "Coverage report"
    question = run.get("corpus_question") or ""
    return (
        '<header class="fc-print-cover">'
        f'<p class="fc-cover-title">{esc(title)}</p>'
        + (f'<p class="fc-cover-question">{esc(question)}</p>' if question else "")
        + '<p class="fc-cover-meta">A coverage-forensics report: source overlap, figure discrepancies and '
        "coverage timeline.<br>"
        f"Report version {esc(str(run.get('version', '')))}, built {esc(date)}.<br>"
        f"Corpus fingerprint {esc(str(run.get('fingerprint', ''))[:12])}, "
        f"parameters {esc(str(run.get('settings_hash', ''))[:12])}.</p>"
        "</header>"
    )


def build(opts: BuildOptions) -> Path:
    """The whole report: tables, executed notebooks, HTML, and the PDF where possible."""
    opts.out.mkdir(parents=True, exist_ok=True)
    tables = pipeline.tables(opts.corpus, opts.out, opts.settings)
    src = stage_source(opts, tables.run)
    execute_notebooks(opts, src, tables.run)
    html_dir = opts.out / "html"
    if html_dir.exists():
        shutil.rmtree(html_dir)
    print("[book] building HTML", file=sys.stderr, flush=True)
    sphinx_build(src, "html", html_dir, opts.strict)
    if opts.pdf and find_chromium():
        print("[book] printing PDF", file=sys.stderr, flush=True)
        single = opts.out / ".singlehtml"
        sphinx_build(src, "singlehtml", single, strict=False)
        print_pdf(single_page(single, tables.run, opts.build_date or build_date()), opts.out / "report.pdf")
    elif opts.pdf:
        print("Chromium not found: skipping the PDF (apt-get install chromium)", file=sys.stderr)
    return html_dir / "index.html"
