"""The PDF's single page: a cover naming the corpus and the run, escaped like everything else."""

from analysis.build import print_cover, single_page


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
