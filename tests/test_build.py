"""The build's parts: the PDF's cover, what keys an executed chapter, writing only what changed,
the compressed downloads, and the kernels that execute chapters."""

import gzip
import os

import nbformat
import pytest

from analysis import build
from analysis.build import (ChapterPool, _Chapter, _put, chapter_key, chapters, compressed_downloads,
                            print_cover, single_page)


def test_cover_names_the_corpus_and_the_run_and_escapes_them(tmp_path):
    run = {"corpus_title": "Arms <script>alert(1)</script>", "corpus_question": "Who copied whom?",
           "version": "0.1.0", "fingerprint": "4c91f598e93ca41e9a16", "settings_hash": "1d8eaebcb7b5ff"}
    cover = print_cover(run, "2026-11-24")
    assert "<script>" not in cover and "Arms &lt;script&gt;alert(1)&lt;/script&gt;" in cover
    assert "Who copied whom?" in cover and "built 2026-11-24" in cover
    assert "Corpus fingerprint 4c91f598e93c, parameters 1d8eaebcb7b5" in cover


def test_single_page_gets_the_cover_before_the_first_chapter(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.html").write_text(
        '<html><body><div id="jb-print-docs-body"><h1>Summary</h1></div><article class="bd-article"></article></body></html>', encoding="utf-8")
    page = single_page(tmp_path, {"corpus_title": "Seeds"}, "2026-11-24").read_text(encoding="utf-8")
    assert page.index('class="fc-print-cover"') < page.index("<h1>Summary</h1>")
    assert page.count("fc-print-cover") == 1


RUN = {"version": "0.1.0", "code": "c0de", "fingerprint": "f1", "settings_hash": "s1", "corpus_title": "T"}
PARAMS = {"corpus": "/c", "out": "/o", "base_url": "", "build_date": "2026-01-01", "overlap_ngram": 5}


@pytest.mark.parametrize("change", [
    {"run": {"fingerprint": "f2"}},            # another corpus
    {"run": {"settings_hash": "s2"}},          # another parameter
    {"run": {"code": "c0de2"}},                # another analysis code
    {"run": {"corpus_title": "U"}},            # the manifest's title, which the fingerprint leaves out
    {"tables": "another digest"},              # tables changed by anything else
    {"params": {"overlap_ngram": 6}},          # a setting injected into the notebook
    {"params": {"base_url": "https://example.org/report/"}},
    {"params": {"build_date": "2026-01-02"}},
    {"params": {"out": "/elsewhere"}},
], ids=lambda c: str(next(iter(c.values()))))
def test_a_chapter_is_re_executed_when_anything_it_reads_changes(change):
    name = chapters()[0]
    before = chapter_key(name, RUN, PARAMS, "digest")
    assert chapter_key(name, dict(RUN), dict(PARAMS), "digest") == before  # a key is a function of its inputs
    after = chapter_key(name, {**RUN, **change.get("run", {})}, {**PARAMS, **change.get("params", {})},
                        change.get("tables", "digest"))
    assert after != before


def test_a_chapter_is_re_executed_when_its_template_changes(tmp_path, monkeypatch):
    (tmp_path / "book").mkdir()
    template = tmp_path / "book" / "x.ipynb"
    template.write_text(nbformat.writes(nbformat.v4.new_notebook()), encoding="utf-8")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    before = chapter_key("book/x", RUN, PARAMS)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    template.write_text(nbformat.writes(nb), encoding="utf-8")
    assert chapter_key("book/x", RUN, PARAMS) != before


def test_unchanged_bytes_are_not_rewritten_so_sphinx_sees_no_change(tmp_path):
    path = tmp_path / "a" / "b.txt"
    assert _put(path, b"one")
    os.utime(path, (1_000_000, 1_000_000))
    assert not _put(path, b"one") and path.stat().st_mtime == 1_000_000
    assert _put(path, b"two") and path.read_bytes() == b"two" and path.stat().st_mtime > 1_000_000


def test_downloads_are_gzipped_deterministically_and_only_when_the_table_changed(tmp_path):
    data, target = tmp_path / "data", tmp_path / "extra"
    data.mkdir()
    (data / "pairs.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    staged = compressed_downloads(data, target)
    gz = target / "pairs.csv.gz"
    assert staged == {gz} and gzip.decompress(gz.read_bytes()) == b"a,b\n1,2\n"
    first = gz.read_bytes()
    os.utime(gz, (2_000_000_000, 2_000_000_000))  # newer than the CSV: left alone
    compressed_downloads(data, target)
    assert gz.stat().st_mtime == 2_000_000_000
    os.utime(gz, (1_000_000, 1_000_000))  # older than the CSV: made again, to the same bytes
    compressed_downloads(data, target)
    assert gz.read_bytes() == first and gz.stat().st_mtime > 1_000_000


def _job(tmp_path, name: str, *sources: str) -> _Chapter:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return _Chapter(name, nb, tmp_path / "cache" / f"{name}.ipynb", tmp_path / "failed" / f"{name}.ipynb")


def test_one_kernel_runs_chapters_one_after_another_each_on_an_empty_namespace(tmp_path):
    first = _job(tmp_path, "first", "leftover = 41", "leftover + 1")
    second = _job(tmp_path, "second", "'leftover' in globals()")
    pool = ChapterPool(1, tmp_path, warm_up="")
    pool.submit([first, second])
    pool.finish()
    assert first.done and second.done and not first.error and not second.error
    assert first.notebook.cells[1].outputs[0]["data"]["text/plain"] == "42"
    assert second.notebook.cells[0].outputs[0]["data"]["text/plain"] == "False"
    # counted per chapter, not per kernel, in the cell and in its result
    assert [c.execution_count for c in second.notebook.cells] == [1]
    assert second.notebook.cells[0].outputs[0]["execution_count"] == 1
    assert (tmp_path / "cache" / "second.ipynb").exists()


def test_a_failing_chapter_names_its_cell_and_keeps_the_traceback(tmp_path):
    bad = _job(tmp_path, "bad", "x = 1", "\n# the view\nundefined_view(x)", "never_run()")
    pool = ChapterPool(2, tmp_path, warm_up="")
    pool.submit([bad])
    pool.finish()
    assert bad.error == "cell 2 (`# the view`): NameError: name 'undefined_view' is not defined"
    copy = nbformat.read(tmp_path / "failed" / "bad.ipynb", as_version=4)
    assert copy.cells[1].outputs[0]["output_type"] == "error"
    assert not (tmp_path / "cache" / "bad.ipynb").exists()  # a failure is never reused
