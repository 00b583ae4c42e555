"""What the book reads: bounded tables and counts written by the run, articles named by labels,
copies and repeats reported, names that cannot deceive."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import chapters, digest, pages, pipeline

STORY = (
    "Harbour bridge reopens after fourteen months of repairs\n\n"
    "The city reopened the harbour bridge on Tuesday after fourteen months of repairs that cost the council "
    "twelve million dollars, the transport department said in a statement released in the morning.\n\n"
    "About three thousand cars crossed the bridge in the first hour, and officials said the queue at the "
    "northern ramp had cleared by nine o'clock as traffic wardens waved drivers through the new toll gates.\n\n"
    "Engineers replaced the steel deck, repainted the towers and fitted new lights along both footpaths, "
    "the department said, adding that cyclists would get a separate lane from next spring.\n\n"
    "The mayor thanked residents for their patience and said the ferry service added during the works would "
    "keep running until the end of the month for anyone who had grown used to it.\n"
)
OTHER = (
    "Council approves new library for the eastern suburbs\n\n"
    "Councillors voted on Wednesday to build a library in the eastern suburbs, with reading rooms, a cafe "
    "and a garden, after a debate that ran late into the evening and drew a crowd of local parents.\n\n"
    "Residents had asked for a library for a decade, and the plan was welcomed by school heads who said "
    "pupils travel across the city to borrow books and use the computers for their homework.\n"
)
QUOTING = (
    "Letters: what the bridge means to us\n\n"
    "Readers wrote in after the reopening. One said the crossing had changed her commute for the better, "
    "another that the works had gone on far too long for a city of this size and wealth.\n\n"
    + STORY.split("\n\n")[2] + "\n\n"
    "The editor thanks everyone who wrote, and will print more letters next week in the weekend edition.\n"
)
WEIRD = "we ird\u202ename\n.txt"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A corpus with a story run word for word by three outlets (one of them twice), a letter quoting
    it, an unrelated story, and a file whose name carries a right-to-left override and a newline."""
    corpus = tmp_path_factory.mktemp("corpus")
    rows = [("w1", "wire.example", "2021-09-10", STORY), ("p1", "paper.example", "2021-09-11", STORY),
            ("l1", "local.example", "2021-09-12", STORY), ("w2", "wire.example", "", STORY),
            ("q1", "letters.example", "2021-09-14", QUOTING), ("o1", "town.example", "2021-09-13", OTHER)]
    pd.DataFrame(rows, columns=["id", "publisher", "published", "text"]).to_csv(corpus / "export.csv", index=False)
    (corpus / WEIRD).write_text("Ferry timetable changes for the winter\n\n" + OTHER.split("\n\n", 1)[1]
                                .replace("library", "ferry pier"), encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    pipeline.run(corpus, out)
    return corpus, out


def _page(run, chapter: str = "overlap") -> pages.Page:
    corpus, out = run
    return pages.open_page({"corpus": str(corpus), "out": str(out)}, chapter)


def test_the_run_writes_the_book_and_the_chapters_read_only_it(run, tmp_path):
    corpus, out = run
    book = out / "data" / "book"
    assert (book / "stats.json").exists() and (book / "labels.parquet").exists()
    # the book opens without the run's tables: they are never loaded by a chapter
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    shutil.rmtree(copy / "data" / "parquet")
    for csv in (copy / "data").glob("*.csv"):
        csv.unlink()
    page = pages.open_page({"corpus": str(corpus), "out": str(copy)}, "intro")
    assert page.tables.frames == {}
    for name in ("key_findings", "articles_view", "repeats_view", "provenance_view", "furniture_view", "texts_view",
                 "syndication_view", "families_view", "pairs_view", "derived_pairs_view", "conflicts_view",
                 "claims_by_outlet_view", "figures_view", "timeline_note", "publication_view", "events_view",
                 "dates_view", "dating_check", "downloads"):
        assert str(getattr(chapters, name)(page)), name


def test_the_book_reads_the_same_as_the_whole_tables(run):
    """Counts from the run's bounded digest equal those of the whole tables held in memory."""
    _, out = run
    whole = pipeline.load(out / "data")
    again = digest.book_of(whole.frames, whole.settings)
    written = digest.load_book(out / "data" / "book")
    assert again.stats == written.stats
    assert chapters.overlap_sentences_of(again) == chapters.overlap_sentences_of(written)
    assert chapters.corpus_sentences(whole.articles, whole.problems) == chapters.corpus_sentences_of(written)


def test_every_article_has_a_unique_printable_label(run):
    _, out = run
    whole = pipeline.load(out / "data")
    labels = pages.article_labels(whole.articles)
    assert set(labels) == set(whole.articles["article_id"])
    assert len(set(labels.values())) == len(labels)
    for label in labels.values():
        assert label.isprintable() and "\u202e" not in label
    assert labels["q1"] == "letters.example \u00b7 Letters: what the bridge means to us \u00b7 14 Sep 2021"
    # a repeat reads like the article it repeats: both carry their ids
    assert labels["w1"].endswith("[w1]") and labels["w2"].endswith("[w2]")
    assert "\u2026" in labels["p1"] and len(labels["p1"].split(" \u00b7 ")[1]) <= digest.LABEL_TITLE_CHARS + 1


def test_a_name_with_control_characters_is_shown_visibly_and_never_acts(run):
    page = _page(run, "corpus")
    weird = next(a for a in page.book.articles["article_id"] if a.startswith("we ird"))
    assert weird.isprintable()
    html = str(chapters.articles_view(page))
    assert "we ird\\u202ename\\n.txt" in html  # the original name, its characters shown as escapes
    assert "\u202e" not in html and re.search(r'id="article-we\.20\.ird[\w.-]*"', html)
    for name in ("key_findings", "texts_view", "provenance_view", "publication_view"):
        assert "\u202e" not in str(getattr(chapters, name)(page)), name


def test_repeats_are_listed_and_not_counted_twice(run):
    page = _page(run, "corpus")
    said = chapters.corpus_sentences_of(page.book)
    assert said[0] == "The corpus holds 6 articles from 5 identified outlets (1 article with no identifiable outlet)."
    assert said[1].startswith("1 more input row repeats an article already counted")
    html = str(chapters.repeats_view(page))
    assert ">w2<" in html and "export.csv row 4" in html and "export.csv row 1" in html


def test_syndication_names_who_ran_whose_story_word_for_word(run):
    page = _page(run)
    said = chapters.overlap_sentences_of(page.book)
    assert ("3 articles from 3 outlets ran the same text as another verbatim or nearly so (each with at least 90% of "
            "its words in the other), in 1 group.") in said
    assert ("paper.example (11 Sep 2021) and local.example (12 Sep 2021) ran wire.example's story \u201cHarbour "
            "bridge reopens after fourteen months of\u2026\u201d (10 Sep 2021) word for word.") in said
    html = str(chapters.syndication_view(page))
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "wire.example" in first_row and "word for word" in first_row
    # earliest known publication first
    assert first_row.index("wire.example \u00b7") < first_row.index("paper.example") < first_row.index("local.example")


def test_a_family_is_named_by_its_source_with_each_members_share(run):
    page = _page(run)
    fam = page.book.families.iloc[0]
    assert fam["source_id"] == "w1" and fam["size"] == 4  # the earliest full version, and three that carry it
    assert fam["excerpt"].startswith("Harbour bridge reopens after fourteen months of repairs / The city")
    html = str(chapters.families_view(page))
    assert "letters.example" in html and re.search(r"letters\.example [^(]*\((\d+)%\)", html)
    said = chapters.overlap_sentences_of(page.book)
    assert any(s.startswith("The largest family of shared text is the text of wire.example \u00b7 Harbour bridge")
               for s in said)


def test_the_methods_span_figure_leaves_out_an_isolated_article_as_the_run_does():
    # two years before a week of coverage, an archive story: the run reads undated articles against
    # the week (timeline.span_of_days), so the methods chapter measures each article against that too
    days = pd.DataFrame({"day": ["2017-05-10", "2019-05-30", "2019-05-31", "2019-06-05"], "n": [1, 2, 1, 1]})
    gaps = dict(zip(["2017-05-10", "2019-05-30", "2019-05-31", "2019-06-05"],
                    [g for g, _ in digest.span_gaps(days)]))
    assert gaps["2017-05-10"] == (pd.Timestamp("2019-05-30") - pd.Timestamp("2017-05-10")).days
    assert gaps["2019-06-05"] == 5  # past the others' span 05-30..05-31, the archive story not stretching it
    assert gaps["2019-05-30"] == 0 and gaps["2019-05-31"] == 0
    # with a count standing for many articles on one day, the answer is the same as with each listed
    many = pd.DataFrame({"day": ["2019-05-30", "2019-06-30"], "n": [5, 1]})
    assert digest.span_gaps(many) == [(0, 5), (31, 1)]


def test_book_tables_stay_bounded_on_a_large_corpus():
    n = 400
    ids = [f"a{i:04d}" for i in range(n)]
    articles = pd.DataFrame({"article_id": ids, "outlet": [f"o{i % 60}" for i in range(n)], "status": "ok",
                             "title": [f"Story number {i} about the bridge" for i in range(n)],
                             "published": [f"2021-09-{1 + i % 28:02d}" for i in range(n)],
                             "source": [f"t.csv row {i + 1}" for i in range(n)], "words": 100})
    pairs = pd.DataFrame({"article_a": ids[:-1], "article_b": ids[1:], "share_a": 0.95, "share_b": 0.95,
                          "passages": 1, "words": 90, "verbatim": True, "direction": "undetermined", "family": "F1"})
    families = pd.DataFrame({"family": "F1", "article_id": ids, "size": n, "start": 0, "end": 90, "words": 90,
                             "share": 0.95, "source": [i == 0 for i in range(n)]})
    book = digest.book_of({"articles": articles, "overlap_pairs": pairs, "families": families})
    bounds = {"articles": digest.MAX_ROWS, "pairs": digest.MAX_ROWS, "publications": digest.MAX_ROWS,
              "family_members": digest.MAX_FAMILY_MEMBERS, "syndication": digest.MAX_FAMILY_MEMBERS,
              "heatmap_order": digest.MAX_HEATMAP, "lane_publications": digest.MAX_LANES * 60}
    for name, bound in bounds.items():
        assert len(book.frames[name]) <= bound, name
    assert len(book.labels()) < n  # only the articles the book names
    assert book.stats["syndication"] == {"groups": 1, "articles": n, "outlets": 60, "pairs": n - 1, "min_share": 0.9}
    assert book.stats["timeline"]["chart"]["lanes"] == 60 and book.stats["timeline"]["chart"]["lanes_shown"] == 40


def test_the_dask_engine_writes_the_same_book(run, tmp_path):
    """Repeats, copies, families and a deceptive file name, digested on a Dask cluster of two workers."""
    import subprocess
    import sys

    corpus, out = run
    dask_out = tmp_path / "dask"
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus), "--out", str(dask_out),
                           "--engine", "dask", "--workers", "2"], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=900)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr[-3000:]
    local, dask = out / "data" / "book", dask_out / "data" / "book"
    assert (local / "stats.json").read_bytes() == (dask / "stats.json").read_bytes()
    names = sorted(p.name for p in local.glob("*.parquet"))
    assert names == sorted(p.name for p in dask.glob("*.parquet"))
    for name in names:
        pd.testing.assert_frame_equal(pd.read_parquet(local / name), pd.read_parquet(dask / name), check_dtype=False,
                                      obj=name)
