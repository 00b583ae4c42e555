"""Building the report: tables, executed notebooks, the HTML book and its PDF.

``OUT/`` receives ``data/`` (the tables), ``src/`` (the book source with the
executed notebooks: build output, never committed), ``html/`` (the book) and,
where Debian's Chromium is installed, ``report.pdf``.  ``OUT/.build/`` keeps
what makes a rebuild quick: the executed chapters keyed by everything they
depend on, Sphinx's doctrees, and what the last HTML and PDF were built from,
plus ``last-build.json`` (each phase's time, which chapters were executed and
which reused, and whether Sphinx and Chromium ran).

A rebuild with nothing changed executes no chapter, runs neither Sphinx nor
Chromium, and leaves the staged source byte for byte (and time stamp for time
stamp) as it was; a changed corpus, parameter, chapter template or analysis
code re-executes the chapters it touches, and Sphinx rebuilds incrementally.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import charts, pipeline

ROOT = Path(__file__).resolve().parent.parent
BOOK_DIR = "book"
#: Build state kept between builds (inside OUT).
STATE_DIR = ".build"
#: Libraries whose version changes what an executed chapter shows (charts, tables, the kernel).
CHAPTER_LIBRARIES = ("pandas", "altair", "vl-convert-python", "myst-nb", "ipykernel", "nbclient", "papermill")
#: Libraries whose version changes what Sphinx makes of the staged source.
BOOK_LIBRARIES = ("sphinx", "jupyter-book", "myst-nb", "sphinx-book-theme", "pydata-sphinx-theme")


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
    fresh: bool = False  # ignore every cache: execute every chapter, rebuild the HTML and PDF from scratch
    jobs: int = 0  # chapters executed at once; 0: one per core, at most one per chapter
    engine: str = "local"  # where the tables are computed: "local" or "dask" (see analysis.engine)
    scheduler: str | None = None  # dask: a running scheduler's address
    workers: int | None = None  # dask without a scheduler: local workers to start
    memory_limit: str | None = None  # dask without a scheduler: memory cap per worker
    partition_rows: int | None = None  # dask: articles per partition (the engine's default when None)
    processes: int | None = None  # local: worker processes (one per core, at most 4, when None)


@dataclass
class BuildRecord:
    """What a build did: each phase's seconds, which chapters ran, whether Sphinx and Chromium ran."""

    phases: dict[str, float] = field(default_factory=dict)
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    html: str = ""  # "built" or "unchanged"
    pdf: str = ""  # "printed", "unchanged" or "skipped"
    workers: int = 0

    def timed(self, phase: str):
        return _Phase(self, phase)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.__dict__, indent=2, sort_keys=True) + "\n", encoding="utf-8")


class _Phase:
    def __init__(self, record: BuildRecord, name: str):
        self.record, self.name = record, name

    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.record.phases[self.name] = round(self.record.phases.get(self.name, 0.0)
                                              + time.perf_counter() - self.start, 3)
        return False


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


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


# --- writing only what changed ----------------------------------------------------------
#
# Sphinx decides what to re-read from time stamps, so a rebuild must leave an unchanged
# file untouched: every file of the staged source goes through ``_put``.


def _put(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it already holds exactly that; True when written."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def _prune(root: Path, keep: set[Path]) -> None:
    """Remove the files under ``root`` that are not in ``keep`` (and folders left empty)."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def _tree_digest(root: Path) -> str:
    """SHA-256 over every file's relative path and bytes under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def _tree_digest_of(paths: list[Path]) -> str:
    return hashlib.sha256(b"\0".join(p.read_bytes() for p in paths)).hexdigest()


def _versions(names: tuple[str, ...]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {"python": sys.version.split()[0]}
    for name in names:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = ""
    return found


# --- the book source --------------------------------------------------------------------


def stage_source(opts: BuildOptions, run: dict) -> tuple[Path, set[Path]]:
    """Write the book source into ``OUT/src`` with the run's title in its config.

    Only files whose bytes change are rewritten.  Returns the folder and the files
    staged (the executed chapters are added to it by :func:`execute_notebooks`).
    """
    src = opts.out / "src"
    staged: set[Path] = set()

    def put(rel: str, data: bytes) -> None:
        _put(src / rel, data)
        staged.add(src / rel)

    for path in sorted((ROOT / BOOK_DIR).rglob("*")):
        if path.is_file() and path.suffix != ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            put(path.relative_to(ROOT).as_posix(), path.read_bytes())
    put("_toc.yml", (ROOT / "_toc.yml").read_bytes())
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if run.get("corpus_title"):
        config["title"] = run["corpus_title"]
    if opts.base_url:
        config.setdefault("html", {})["baseurl"] = opts.base_url
    # The tables ship with the book compressed, so every page can link its download
    # without the HTML carrying a second, uncompressed copy of the data.
    config.setdefault("sphinx", {}).setdefault("config", {})["html_extra_path"] = ["_extra"]
    put("_config.yml", yaml.safe_dump(config, sort_keys=False).encode("utf-8"))
    staged |= compressed_downloads(opts.out / "data", src / "_extra" / "data")
    staged.add(vega_bundle(opts.out, src / BOOK_DIR / "_static"))
    return src, staged


def compressed_downloads(data_dir: Path, target: Path) -> set[Path]:
    """``data_dir/*.csv`` gzipped into ``target`` (recompressed only when the CSV is newer)."""
    target.mkdir(parents=True, exist_ok=True)
    jobs = []
    for csv in sorted(data_dir.glob("*.csv")):
        gz = target / f"{csv.name}.gz"
        if not (gz.exists() and gz.stat().st_mtime >= csv.stat().st_mtime):
            jobs.append((csv, gz))

    def compress(job: tuple[Path, Path]) -> None:
        csv, gz = job
        tmp = gz.with_name(gz.name + ".tmp")
        # mtime=0 and no file name in the header: the same CSV always gives the same bytes
        with csv.open("rb") as raw, tmp.open("wb") as handle, \
                gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=6) as packed:
            shutil.copyfileobj(raw, packed, 1 << 20)
        os.replace(tmp, gz)

    with ThreadPoolExecutor(max_workers=_cores()) as pool:  # zlib releases the GIL
        list(pool.map(compress, jobs))
    return {target / f"{csv.name}.gz" for csv in data_dir.glob("*.csv")}


def vega_bundle(out: Path, static: Path) -> Path:
    """The offline Vega bundle in the staged ``_static``, made once per vl-convert version."""
    version = _versions(("vl-convert-python",))["vl-convert-python"]
    cached = out / STATE_DIR / f"vega-bundle-{version}.js"
    if not cached.exists():
        made = charts.write_static(out / STATE_DIR / "vega-new")
        cached.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made[0], cached)
        shutil.rmtree(out / STATE_DIR / "vega-new", ignore_errors=True)
    for old in (out / STATE_DIR).glob("vega-bundle-*.js"):
        if old != cached:
            old.unlink()
    target = static / "vega-bundle.js"
    _put(target, cached.read_bytes())
    return target


# --- executing the chapters -------------------------------------------------------------
#
# Executed chapters are cached as papermill-parameterised notebooks under
# OUT/.build/chapters, named by a hash of everything they depend on: the run (corpus
# fingerprint, settings hash, package version, code fingerprint, corpus title and question)
# and a digest of the tables the chapters read (OUT/data), so that a table changed by
# anything the fingerprint does not cover is seen too; the template's bytes; every
# parameter injected, base_url and build_date included; the versions of the libraries that
# draw them.  jupyter-cache was the alternative: it keys a notebook on its
# code cells only, so the run fingerprint would have had to be smuggled into the
# notebook's source to invalidate it, and it adds a SQLite database and its own executors
# for what is one dictionary lookup here.  A cache entry is the executed notebook itself,
# so a hit is a file copy and a reader can open it.


def notebook_parameters(opts: BuildOptions, run: dict) -> dict:
    """What papermill injects into every notebook's ``parameters`` cell."""
    params = {
        "corpus": str(opts.corpus.resolve()),
        "out": str(opts.out.resolve()),
        "base_url": opts.base_url,
        "build_date": opts.build_date or build_date(),
    }
    # in the stages' own order, whether the settings were just computed or read back from run.json
    order = list(pipeline.default_settings())
    for name in sorted(run["settings"], key=lambda n: (order.index(n) if n in order else len(order), n)):
        params[name] = run["settings"][name]
    return params


def chapter_key(name: str, run: dict, params: dict, tables: str = "") -> str:
    """The cache key of one executed chapter (see the comment above); ``tables`` is
    :func:`tables_digest` of the run's data folder."""
    template = hashlib.sha256((ROOT / f"{name}.ipynb").read_bytes()).hexdigest()
    identity = {k: run.get(k) for k in ("version", "code", "fingerprint", "settings_hash", "corpus_title",
                                        "corpus_question")}
    return _digest(name, template, identity, tables, params, _versions(CHAPTER_LIBRARIES))


def tables_digest(data_dir: Path) -> str:
    """A digest of what the chapters read: the run's Parquet tables and ``run.json``."""
    digest = hashlib.sha256()
    for path in sorted((data_dir / "parquet").rglob("*.parquet")) + [data_dir / "run.json"]:
        if path.exists():
            digest.update(path.relative_to(data_dir).as_posix().encode("utf-8") + b"\0"
                          + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _cache_path(out: Path, name: str, key: str) -> Path:
    return out / STATE_DIR / "chapters" / f"{name.replace('/', '__')}.{key[:24]}.ipynb"


def parameterised(name: str, params: dict):
    """The chapter template with papermill's injected-parameters cell, hidden from the book."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(ROOT / f"{name}.ipynb"))  # as papermill reads it (every cell has tags)
    nb.metadata.setdefault("papermill", {})
    # Every notebook receives every setting; papermill would warn about those a chapter does not list.
    nb = parameterize_notebook(nb, params, kernel_name="python3", language="python")
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"  # a fixed id: the same run gives the same bytes
            if "remove-cell" not in tags:  # Methods lists every value
                cell.metadata["tags"] = tags + ["remove-cell"]
    return nb


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class _Chapter:
    name: str
    notebook: object
    cache: Path
    failed_copy: Path
    error: str = ""
    seconds: float = 0.0
    done: bool = False


#: Run in each kernel as it starts: the imports every chapter makes (about 4 s of a chapter's
#: 5 on the seeds), so that they overlap the tables and the staging instead of following them.
_WARM_UP = "import analysis.chapters, analysis.charts, analysis.pages, myst_nb"
#: Run in a kernel before each chapter: an empty namespace and execution counts from 1, as in a
#: fresh kernel (imported modules stay loaded; no chapter changes a module's state).
_RESET = ("get_ipython().run_line_magic('reset', '-f'); get_ipython().execution_count = 1; "
          "__import__('gc').collect()")
#: An object's default text form names its memory address ("<analysis.report.HTML at 0x7f…>"):
#: never shown (the book shows the HTML), but it would make every execution's bytes differ.
_ADDRESS = re.compile(r" at 0x[0-9a-f]+>")


class ChapterPool:
    """Execute chapters on a pool of kernels, each running one chapter after another.

    ``workers`` kernels (one per core, at most one per chapter) start in a background
    thread as soon as :meth:`start` is called, possibly before the tables are ready, and
    take chapters from a queue; each chapter runs on a namespace reset as in a fresh
    kernel.  nbclient drives the kernels (papermill injects the parameters), so that a
    kernel outlives one notebook.
    """

    def __init__(self, workers: int, cwd: Path, warm_up: str = _WARM_UP):
        self.workers, self.cwd, self.warm_up = max(1, workers), cwd, warm_up
        self.error: BaseException | None = None
        self.stop = False
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queue: asyncio.Queue | None = None

    @property
    def started(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="chapter-kernels", daemon=True)
            self._thread.start()

    def submit(self, jobs: list[_Chapter]) -> None:
        self.start()
        self._ready.wait()
        for job in jobs:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, job)

    def finish(self) -> None:
        """Wait for every submitted chapter, then shut the kernels down."""
        if self._thread is None:
            return
        self._ready.wait()
        for _ in range(self.workers):
            try:
                self._loop.call_soon_threadsafe(self._queue.put_nowait, None)
            except RuntimeError:  # the loop has ended (every kernel failed)
                break
        self._thread.join()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as err:  # reported by execute_notebooks
            self.error = err
        finally:
            self._ready.set()

    async def _main(self) -> None:
        self._loop, self._queue = asyncio.get_running_loop(), asyncio.Queue()
        self._ready.set()
        await asyncio.gather(*(self._worker() for _ in range(self.workers)))

    async def _worker(self) -> None:
        from jupyter_client.manager import AsyncKernelManager

        km = AsyncKernelManager(kernel_name="python3")
        # The kernel's own start-up warnings (e.g. on its local TCP transport) are not the report's;
        # no input history: nobody reads it, and parallel kernels would contend for its database.
        await km.start_kernel(cwd=str(self.cwd), extra_arguments=["--IPKernelApp.log_level=ERROR",
                                                                  "--HistoryManager.enabled=False"])
        try:
            if self.warm_up:
                await self._run_code(km, self.warm_up, check=False)  # a failing import shows in the chapter
            while True:
                job = await self._queue.get()
                if job is None:
                    break
                if self.stop:
                    continue
                await self._run_code(km, _RESET)
                await self._execute(job, km)
                if job.error:
                    self.stop = True
        finally:
            await km.shutdown_kernel(now=True)

    @staticmethod
    async def _run_code(km, code: str, check: bool = True) -> None:
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=60)
            reply = await kc.execute_interactive(code, silent=True, store_history=False, timeout=300)
            if check and reply["content"]["status"] != "ok":
                raise BuildError(f"a chapter kernel could not run {code!r}: {reply['content'].get('evalue')}")
        finally:
            kc.stop_channels()

    @staticmethod
    async def _execute(job: _Chapter, km) -> None:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError

        _say(f"[notebook] {job.name}.ipynb")
        start = time.perf_counter()
        client = NotebookClient(job.notebook, km=km, kernel_name="python3", timeout=None, startup_timeout=60,
                                record_timing=False)  # no time stamps: the same run gives the same bytes
        try:
            await client.async_execute()
        except CellExecutionError as err:
            job.error = _cell_error(job, err)
        except Exception as err:  # the kernel died
            job.error = f"its kernel ({type(err).__name__}: {err})"
        finally:
            if client.kc is not None:
                client.kc.stop_channels()
        job.seconds = time.perf_counter() - start
        _drop_addresses(job.notebook)
        target = job.failed_copy if job.error else job.cache
        target.parent.mkdir(parents=True, exist_ok=True)
        _put(target, nbformat.writes(job.notebook).encode("utf-8"))
        job.done = True


def _drop_addresses(nb) -> None:
    """Remove memory addresses from the plain-text forms of outputs (see ``_ADDRESS``)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            for mime, value in output.get("data", {}).items():
                if mime.endswith("text/plain") and isinstance(value, str):
                    output["data"][mime] = _ADDRESS.sub(">", value)


def _cell_error(job: _Chapter, err) -> str:
    """Which cell of the template failed, with what: "cell 3 (`chapters.x(page)`): KeyError: 'y'"."""
    code = [c for c in job.notebook.cells
            if c.cell_type == "code" and "injected-parameters" not in c.metadata.get("tags", [])]
    for number, cell in enumerate(code, 1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            return f"cell {number} (`{first.strip()}`): {err.ename}: {err.evalue}"
    return f"{err.ename}: {err.evalue}"


def execute_notebooks(opts: BuildOptions, src: Path, run: dict, record: BuildRecord | None = None,
                      pool: ChapterPool | None = None) -> set[Path]:
    """Each chapter executed into the staged source: reused from the cache where its key matches,
    else executed (in parallel) and cached.  Returns the staged notebooks."""
    record = record or BuildRecord()
    params = notebook_parameters(opts, run)
    names = chapters()
    cache_dir = opts.out / STATE_DIR / "chapters"
    tables = tables_digest(opts.out / "data")
    keys = {name: chapter_key(name, run, params, tables) for name in names}
    todo = []
    for name in names:
        cached = _cache_path(opts.out, name, keys[name])
        if cached.exists() and not opts.fresh:
            record.reused.append(name)
        else:
            todo.append(_Chapter(name, parameterised(name, params), cached, src / f"{name}.ipynb"))
    timings = _read_json(cache_dir / "seconds.json")
    todo.sort(key=lambda job: -timings.get(job.name, 0.0))  # longest first, for an even finish
    pool = pool or ChapterPool(min(opts.jobs or _cores(), len(todo) or 1), ROOT)
    if todo:
        pool.submit(todo)
        record.workers = min(pool.workers, len(todo))
    pool.finish()
    failed = [job for job in sorted(todo, key=lambda j: names.index(j.name)) if job.error]
    if failed:
        job = failed[0]
        raise BuildError(f"notebook {job.name}.ipynb failed in {job.error}; "
                         f"the executed copy with the traceback is {job.failed_copy}")
    if any(not job.done for job in todo):
        raise BuildError(f"the chapter kernels could not run: {pool.error!r}")
    for job in todo:
        timings[job.name] = round(job.seconds, 3)
        record.executed.append(job.name)
    record.executed.sort(key=names.index)
    staged = set()
    for name in names:
        cached = _cache_path(opts.out, name, keys[name])
        _put(src / f"{name}.ipynb", cached.read_bytes())
        staged.add(src / f"{name}.ipynb")
    _prune(cache_dir, {_cache_path(opts.out, n, keys[n]) for n in names} | {cache_dir / "seconds.json"})
    _put(cache_dir / "seconds.json", (json.dumps(timings, indent=1, sort_keys=True) + "\n").encode("utf-8"))
    return staged


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


# --- Sphinx and Chromium ----------------------------------------------------------------


def sphinx_config(src: Path) -> None:
    """Write Jupyter Book's Sphinx ``conf.py`` into the staged source (rewritten only when it changes)."""
    conf = subprocess.run(
        [sys.executable, "-c", "from jupyter_book.cli.main import main; main()", "config", "sphinx", str(src)],
        capture_output=True, text=True,
    )
    if conf.returncode != 0:
        raise BuildError(f"jupyter-book config failed: {conf.stderr.strip() or conf.stdout.strip()}")
    offline_conf(src / "conf.py")


def sphinx_build(src: Path, builder: str, target: Path, strict: bool, doctrees: Path | None = None,
                 configure: bool = True) -> None:
    """Run Sphinx through Jupyter Book's configuration (warnings as errors when strict).

    Sphinx keeps its doctrees in ``doctrees`` and re-reads only the documents whose
    source changed; when a strict build fails they are removed, so that the next
    build reads every document again and repeats the warnings it stopped on.
    """
    if configure:
        sphinx_config(src)
    doctrees = doctrees or src.parent / ".doctrees" / builder
    args = [sys.executable, "-m", "sphinx", "-b", builder, "-q", "-d", str(doctrees)]
    if strict:
        args += ["-W", "-n", "--keep-going"]
    args += [str(src), str(target)]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        shutil.rmtree(doctrees, ignore_errors=True)
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
    printed = pdf.with_name(pdf.name + ".new")
    printed.unlink(missing_ok=True)
    args = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={with_profile}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
        "--virtual-time-budget=10000", f"--print-to-pdf={printed}", html_file.resolve().as_uri(),
    ]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300)
    shutil.rmtree(with_profile, ignore_errors=True)
    if done.returncode != 0 or not printed.exists():
        raise BuildError(f"Chromium could not print {html_file} to PDF: {done.stderr.strip()[-400:]}")
    os.replace(printed, pdf)  # a failed print never leaves half a PDF under the report's name
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


def _html_step(opts: BuildOptions, src: Path, source: str, state: dict, record: BuildRecord) -> None:
    html_dir = opts.out / "html"
    key = _digest(source, opts.strict, _versions(BOOK_LIBRARIES), pipeline.code_fingerprint())
    if state.get("html") == key and (html_dir / "index.html").exists():
        record.html = "unchanged"
        return
    _say("[book] building HTML")
    with record.timed("html"):
        sphinx_build(src, "html", html_dir, opts.strict, opts.out / STATE_DIR / "doctrees" / "html",
                     configure=False)
    state["html"] = key
    record.html = "built"


def _pdf_step(opts: BuildOptions, src: Path, source: str, run: dict, state: dict, record: BuildRecord) -> None:
    pdf = opts.out / "report.pdf"
    date = opts.build_date or build_date()
    key = _digest(source, print_cover(run, date), find_chromium(), _versions(BOOK_LIBRARIES),
                  pipeline.code_fingerprint())
    if state.get("pdf") == key and pdf.exists():
        record.pdf = "unchanged"
        return
    _say("[book] printing PDF")
    single = opts.out / STATE_DIR / "singlehtml"
    with record.timed("singlehtml"):
        sphinx_build(src, "singlehtml", single, strict=False,
                     doctrees=opts.out / STATE_DIR / "doctrees" / "singlehtml", configure=False)
    with record.timed("pdf"):
        print_pdf(single_page(single, run, date), pdf)
    state["pdf"] = key
    record.pdf = "printed"


def engine_options(opts: BuildOptions) -> dict:
    """What ``pipeline.make_engine`` needs to start the engine the build asked for."""
    options = {"name": opts.engine, "scheduler": opts.scheduler, "workers": opts.workers,
               "memory_limit": opts.memory_limit, "processes": opts.processes}
    if opts.partition_rows:
        options["partition_rows"] = opts.partition_rows
    return options


def build(opts: BuildOptions) -> Path:
    """The whole report: tables, executed notebooks, HTML, and the PDF where possible."""
    opts.out.mkdir(parents=True, exist_ok=True)
    state_dir = opts.out / STATE_DIR
    if opts.fresh:
        for stale in ("chapters", "doctrees", "singlehtml", "state.json"):
            path = state_dir / stale
            shutil.rmtree(path, ignore_errors=True) if path.is_dir() else path.unlink(missing_ok=True)
    state = _read_json(state_dir / "state.json")
    if "html" not in state:
        # Sphinx adds to an output folder and never removes from it: build on a clean one
        # unless it is the one this build system made last time.
        shutil.rmtree(opts.out / "html", ignore_errors=True)
    record = BuildRecord()
    clock = time.perf_counter()
    pool = ChapterPool(min(opts.jobs or _cores(), len(chapters())), ROOT)
    if opts.fresh or not any((state_dir / "chapters").glob("*.ipynb")):
        pool.start()  # nothing to reuse: the kernels start (and import) while the tables are computed
    try:
        with record.timed("tables"):
            tables = pipeline.Tables(run=pipeline.ensure(opts.corpus, opts.out, opts.settings, engine_options(opts)))

        def stage() -> tuple[Path, set[Path]]:
            with record.timed("stage"):
                return stage_source(opts, tables.run)

        # The chapters execute in their kernels while this process stages the rest of the source.
        with ThreadPoolExecutor(max_workers=1) as staging:
            static = staging.submit(stage)
            with record.timed("notebooks"):
                notebooks = execute_notebooks(opts, opts.out / "src", tables.run, record, pool)
            src, staged = static.result()
    finally:
        pool.finish()  # no kernel outlives a failed build
    _prune(src, staged | notebooks | {src / "conf.py"})
    # Jupyter Book's conf.py depends only on the staged configuration and table of contents.
    conf_key = _digest(_tree_digest_of([src / "_config.yml", src / "_toc.yml"]), _versions(BOOK_LIBRARIES),
                       pipeline.code_fingerprint())
    if state.get("conf") != conf_key or not (src / "conf.py").exists():
        with record.timed("configure"):
            sphinx_config(src)
        state["conf"] = conf_key
    source = _tree_digest(src)
    want_pdf = opts.pdf and find_chromium() is not None
    if opts.pdf and not want_pdf:
        _say("Chromium not found: skipping the PDF (apt-get install chromium)")
    # Sphinx's HTML and the print (single page, then Chromium) read the same source: run side by side.
    errors: list[BaseException] = []
    steps = [threading.Thread(target=_guard, args=(errors, _html_step, opts, src, source, state, record))]
    if want_pdf:
        steps.append(threading.Thread(target=_guard, args=(errors, _pdf_step, opts, src, source, tables.run,
                                                           state, record)))
    record.pdf = "skipped"
    for step in steps:
        step.start()
    for step in steps:
        step.join()
    state_dir.mkdir(parents=True, exist_ok=True)
    (state_dir / "state.json").write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    record.phases["total"] = round(time.perf_counter() - clock, 3)
    record.write(state_dir / "last-build.json")
    if errors:
        raise errors[0]
    _say(f"[book] done in {record.phases['total']:.1f}s: {len(record.executed)} chapters executed, "
         f"{len(record.reused)} reused; HTML {record.html}; PDF {record.pdf}")
    return opts.out / "html" / "index.html"


def _guard(errors: list, step, *args) -> None:
    try:
        step(*args)
    except BaseException as err:  # re-raised in the building thread
        errors.append(err)
