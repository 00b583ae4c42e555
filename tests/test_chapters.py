"""The chapters' computed sentences read right at the edges: no article, one article."""

from pathlib import Path

from analysis import chapters, pipeline

ROOT = Path(__file__).resolve().parent.parent


def _findings(corpus: Path, tmp_path: Path) -> dict[str, list[str]]:
    t = pipeline.tables(corpus, tmp_path / "out")
    return {
        "corpus": chapters.corpus_sentences(t.articles, t.problems),
        "overlap": chapters.overlap_sentences(t.overlap_pairs, t.families, t.articles),
        "figures": chapters.figures_sentences(t.claims, t.claims_summary, t.figures),
    }


def test_an_empty_folder_says_so_and_names_the_folder(tmp_path):
    corpus = tmp_path / "clippings"
    corpus.mkdir()
    f = _findings(corpus, tmp_path)
    assert f["corpus"][0] == "The corpus holds no readable article."
    assert any(s.startswith("Nothing could be read: clippings/: no article found") for s in f["corpus"])
    assert f["overlap"] == ["With no article, there is no pair to compare."]
    assert f["figures"] == ["No figure was found in the articles."]


def test_one_article_is_not_called_a_set(tmp_path):
    corpus = tmp_path / "one"
    corpus.mkdir()
    (corpus / "a.txt").write_text(
        "Harbour bridge reopens\n\nThe city reopened the harbour bridge on Tuesday after 14 months of repairs "
        "costing $12 million, officials said, and 3,000 cars crossed it in the first hour.\n", encoding="utf-8")
    f = _findings(corpus, tmp_path)
    assert f["corpus"][0] == "The corpus holds 1 article, none from an identifiable outlet."
    assert f["overlap"] == ["With one article, there is no pair to compare."]
    assert f["figures"][0].startswith("The one article with figures reports ")
    assert not any("1 articles" in s or "0 " in s for v in f.values() for s in v)


def test_a_weak_lower_bound_does_not_stretch_the_timeline():
    import pandas as pd

    articles = pd.DataFrame([
        {"article_id": "a", "outlet": "A", "published": "2018-05-31", "published_earliest": "2018-05-31",
         "published_latest": "2018-05-31", "published_basis": "metadata", "status": "ok"},
        # "reports April 2015 as past": true, but no reason to draw three years of empty axis
        {"article_id": "b", "outlet": "B", "published": "", "published_earliest": "2015-04-01",
         "published_latest": "2018-06-01", "published_basis": "inferred", "status": "ok"},
        {"article_id": "c", "outlet": "C", "published": "", "published_earliest": "",
         "published_latest": "2018-06-01", "published_basis": "inferred", "status": "ok"},
    ])
    dates = pd.DataFrame(columns=["article_id", "text", "resolved_start", "resolved_end", "granularity", "basis"])
    pubs, _, _ = chapters.timeline_frames(articles, dates)
    by = pubs.set_index("article_id")
    left = by.loc["b", "start"]
    assert left == by.loc["c", "start"] and "2018-05-01" < left < "2018-05-31"
    # drawn open on the left (an arrow, a pale bar), not as a bar that begins at the window's edge
    assert by.loc["b", "open_start"] and by.loc["c", "open_start"] and not by.loc["a", "cut"]
    assert not by.loc["b", "open_end"]
    assert by.loc["b", "when"].startswith("between 2015-04-01")  # the tooltip keeps the whole range


def test_the_window_is_where_the_coverage_is_and_outliers_are_listed_apart():
    import pandas as pd

    rows = [{"article_id": f"a{i}", "outlet": "A", "published": f"2019-05-{28 + i % 4:02d}", "status": "ok"}
            for i in range(12)]
    rows.append({"article_id": "old", "outlet": "B", "published": "2017-05-10", "status": "ok"})
    articles = pd.DataFrame(rows)
    assert chapters.coverage_window(articles) == ("2019-05-28", "2019-05-31")
    pubs, _, _ = chapters.timeline_frames(articles, pd.DataFrame(
        columns=["article_id", "text", "resolved_start", "resolved_end", "granularity", "basis"]))
    assert "old" not in set(pubs["article_id"]) and pubs["start"].min() >= "2019-05-01"
    out = chapters.timeline_outliers(articles)
    assert list(out["article_id"]) == ["old"] and out.iloc[0]["publication"] == "2017-05-10"
    said = chapters.timeline_sentences(articles, pd.DataFrame())
    assert said[0].startswith("Most of the dated coverage (12 of 13 articles with a known day) appeared between "
                              "2019-05-28 and 2019-05-31")
    # named by its label, which shows its day: the day is not said twice ("B · 10 May 2017, 2017-05-10")
    assert said[1] == "Dated apart from it: B \u00b7 10 May 2017."


def test_timeline_names_the_day_most_mentioned_and_the_event_most_recalled():
    import pandas as pd

    articles = pd.DataFrame([{"article_id": a, "outlet": a.upper(), "published": "2018-06-01", "status": "ok"}
                             for a in "abcd"])
    events = pd.DataFrame([
        # a month mentioned by every article ("last month") must not hide the days
        {"event_id": "E1", "resolved_start": "2018-05-01", "resolved_end": "2018-05-31", "granularity": "month",
         "articles": 4, "mentions": 4, "texts": "last month", "first_published": "2018-06-01"},
        {"event_id": "E2", "resolved_start": "2018-06-01", "resolved_end": "2018-06-01", "granularity": "day",
         "articles": 3, "mentions": 3, "texts": "Friday; today", "first_published": "2018-06-01"},
        {"event_id": "E3", "resolved_start": "2018-05-10", "resolved_end": "2018-05-10", "granularity": "day",
         "articles": 2, "mentions": 2, "texts": "May 10", "first_published": "2018-06-01"},
    ])
    said = chapters.timeline_sentences(articles, events)
    assert "The day the articles mention most is 2018-06-01, in 3 articles (as \u201cFriday\u201d or \u201ctoday\u201d)." in said
    assert "The earlier event the coverage recalls most is 2018-05-01 to 2018-05-31, in 4 articles " \
           "(as \u201clast month\u201d)." in said
