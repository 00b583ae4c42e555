"""End to end: the seeds report builds strictly, offline, escaped, deterministic, and draws its charts."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.build import BuildOptions, build, chapters, find_chromium

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
XSS = "<script>alert(1)</script>"

pytestmark = pytest.mark.book


SEEDS_OPTIONS = dict(settings=pipeline.default_settings(), pdf=True, strict=True, build_date="2026-01-01")


@pytest.fixture(scope="session")
def seeds_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds-book")
    build(BuildOptions(corpus=SEEDS, out=out, **SEEDS_OPTIONS))
    return out


def last_build(out: Path) -> dict:
    return json.loads((out / ".build" / "last-build.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def hostile_book(tmp_path_factory) -> Path:
    """A corpus whose article text, title and outlet carry markup."""
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    body = (f"Officials said {XSS} that 40 people attended the meeting on Monday.\n\n"
            "The <img src=x onerror=alert(2)> ministry said the talks would resume next week, "
            "and that about 12 delegations had signed the statement.\n")
    (corpus / "a.txt").write_text("Headline <b>bold</b>\n\n" + body, encoding="utf-8")
    (corpus / "b.txt").write_text("Another headline\n\n" + body + "\nA second paragraph only this copy has.\n",
                                  encoding="utf-8")
    # a name that would reorder (U+202E) and break (a newline) the text around it
    (corpus / "we ird\u202ename\n.txt").write_text("Ferry timetable changes for the winter months\n\n" + body,
                                                    encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-book")
    build(BuildOptions(corpus=corpus, out=out, settings=pipeline.default_settings(), pdf=False, strict=True,
                       build_date="2026-01-01"))
    return out


def pages(book: Path) -> list[Path]:
    return sorted((book / "html" / "book").glob("*.html"))


def test_seeds_book_has_every_chapter_and_table(seeds_book):
    names = {p.stem for p in pages(seeds_book)}
    assert {"intro", "corpus", "overlap", "figures", "timeline", "methods", "rerun", "cite"} <= names
    for name in pipeline.TABLES:
        assert (seeds_book / "data" / f"{name}.csv").exists(), name
    articles = (seeds_book / "data" / "articles.csv").read_text(encoding="utf-8")
    assert articles.count("\n") == 1 + len(list(SEEDS.glob("*.txt")))
    # the downloads ship with the book compressed, and only compressed
    for name in pipeline.TABLES:
        packed = (seeds_book / "html" / "data" / f"{name}.csv.gz").read_bytes()
        assert gzip.decompress(packed) == (seeds_book / "data" / f"{name}.csv").read_bytes(), name
    assert not list((seeds_book / "html").rglob("*.csv"))


def test_every_link_in_the_book_leads_to_a_file(seeds_book):
    """Downloads, the theme's source and asset links, cross-references: nothing dangles."""
    downloads = 0
    for page in (seeds_book / "html").rglob("*.html"):
        if page.parent.name == "_static":
            continue  # the themes' template macros, not pages
        for href in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            target = href.split("#")[0].split("?")[0]
            if not target or re.match(r"^(https?:|mailto:|javascript:|data:)", href):
                continue
            downloads += target.endswith(".csv.gz")
            assert (page.parent / target).resolve().exists(), f"{page.name}: {href}"
    assert downloads >= len(pipeline.TABLES)


def test_an_unchanged_rebuild_reuses_every_chapter_and_rebuilds_nothing(seeds_book):
    watched = [seeds_book / "src" / f"{name}.ipynb" for name in chapters()]
    watched += [seeds_book / "html" / "book" / "intro.html"]
    if find_chromium():
        watched.append(seeds_book / "report.pdf")
    before = {p: p.stat().st_mtime_ns for p in watched}
    build(BuildOptions(corpus=SEEDS, out=seeds_book, **SEEDS_OPTIONS))
    done = last_build(seeds_book)
    assert done["executed"] == [] and done["reused"] == chapters()
    assert done["html"] == "unchanged"
    assert done["pdf"] == ("unchanged" if find_chromium() else "skipped")
    assert {p: p.stat().st_mtime_ns for p in watched} == before


def test_a_changed_corpus_or_parameter_executes_the_chapters_again(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("00[01]_*.txt")):
        shutil.copy2(seed, corpus / seed.name)
    out = tmp_path / "out"
    options = dict(corpus=corpus, out=out, pdf=False, strict=True, build_date="2026-01-01")

    def rebuild(settings: dict) -> dict:
        build(BuildOptions(settings=pipeline.settings_from(settings), **options))
        return last_build(out)

    assert rebuild({})["executed"] == chapters()
    assert rebuild({})["executed"] == []  # nothing changed: nothing executed
    first = sorted(corpus.glob("*.txt"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOfficials later said 77 delegations came.\n",
                     encoding="utf-8")
    changed = rebuild({})
    assert changed["executed"] == chapters() and changed["reused"] == []
    assert changed["html"] == "built"
    assert "77 delegations" in (out / "html" / "book" / "corpus.html").read_text(encoding="utf-8")
    changed = rebuild({"figures_about_width": 0.2})
    assert changed["executed"] == chapters() and changed["reused"] == []
    assert "0.2 (default 0.1)" in (out / "html" / "book" / "methods.html").read_text(encoding="utf-8")


def test_every_chapter_ends_with_a_citation_and_keeps_its_anchor(seeds_book):
    for chapter in ("intro", "corpus", "overlap", "figures", "timeline", "methods"):
        page = (seeds_book / "html" / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        assert f'id="{chapter}"' in page, chapter
        assert "Cite this section" in page and "@incollection{" in page, chapter
        fingerprint = json.loads((seeds_book / "data" / "run.json").read_text())["fingerprint"][:12]
        assert fingerprint in page


def test_no_remote_scripts_or_stylesheets(seeds_book):
    remote = re.compile(r"<(script|link)\b[^>]*(src|href)=[\"']?(https?:)?//", re.I)
    for page in (seeds_book / "html").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not remote.search(text), f"{page} references a remote script or stylesheet"
        assert "@import url(http" not in text
    for css in (seeds_book / "html").rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?https?://", css.read_text(encoding="utf-8", errors="replace")), css


def test_article_markup_is_escaped_in_the_built_pages(hostile_book):
    texts = "".join(p.read_text(encoding="utf-8") for p in pages(hostile_book))
    assert XSS not in texts
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in texts
    assert "<img src=x onerror" not in texts and "<b>bold</b>" not in texts


def test_a_deceptive_file_name_is_shown_and_never_acts(hostile_book):
    texts = "".join(p.read_text(encoding="utf-8") for p in pages(hostile_book))
    assert "\u202e" not in texts  # never rendered: labels and ids keep printable characters only
    assert "we ird\\u202ename\\n.txt" in texts  # the original name, its characters shown as escapes


def test_same_corpus_gives_byte_identical_tables(tmp_path):
    outs = []
    for name in ("one", "two"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(SEEDS), "--out", str(out)],
                       check=True, capture_output=True, cwd=ROOT)
        outs.append(out / "data")
    for csv in sorted(outs[0].glob("*.csv")):
        assert csv.read_bytes() == (outs[1] / csv.name).read_bytes(), csv.name


def test_pdf_is_printed_when_chromium_is_installed(seeds_book):
    if not find_chromium():
        pytest.skip("Chromium is not installed")
    pdf = seeds_book / "report.pdf"
    assert pdf.exists() and pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000


def _dump_dom(url: str, profile: Path) -> tuple[str, list[str]]:
    """The page's DOM after scripts ran, and the uncaught errors its console logged."""
    browser = find_chromium()
    done = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={profile}", "--virtual-time-budget=15000", "--dump-dom", url],
        capture_output=True, text=True, timeout=180,
    )
    errors = [line for line in done.stderr.splitlines() if "CONSOLE" in line and "Uncaught" in line]
    return done.stdout, errors


def test_every_chart_is_drawn_in_the_browser_without_errors(seeds_book, tmp_path):
    if not find_chromium():
        pytest.skip("Chromium is not installed")
    charts_seen = 0
    for page in pages(seeds_book):
        dom, console_errors = _dump_dom(page.as_uri(), tmp_path / "profile")
        assert "<body" in dom, f"{page.name}: the browser returned no page"
        assert not console_errors, f"{page.name}: {console_errors}"
        errors = re.search(r'data-fc-errors="([^"]*)"', dom)
        assert not errors, f"{page.name}: script errors in the page: {errors.group(1) if errors else ''}"
        boxes = re.findall(r'<div class="fc-chart[^"]*"[^>]*>(.*?)<script type="application/json"', dom, re.S)
        for box in boxes:
            charts_seen += 1
            live = box.split('class="fc-chart-live', 1)[1] if 'class="fc-chart-live' in box else ""
            assert "<svg" in live or "<canvas" in live, f"{page.name}: a chart was not drawn interactively"
    assert charts_seen >= 4
    shutil.rmtree(tmp_path / "profile", ignore_errors=True)


def test_section_anchors_do_not_depend_on_the_corpus(seeds_book, hostile_book):
    def anchors(book):
        ids = set()
        for page in pages(book):
            found = re.findall(r'<(?:section|span|figure)[^>]*\bid="([\w-]+)"', page.read_text(encoding="utf-8"))
            ids |= {f"{page.stem}#{i}" for i in found}
        return ids
    assert anchors(seeds_book) == anchors(hostile_book)
    assert {"overlap#overlap-derived", "figures#figures-conflicts", "timeline#timeline-publication",
            "overlap#fig-overlap-heatmap", "timeline#fig-timeline-lanes"} <= anchors(seeds_book)
