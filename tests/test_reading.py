"""What a reader of the published report would be misled by: figures kept apart presented as one
thing, a family's shown version presented as its origin, one outlet set against itself, numbers
written in a form no article used, open-ended figures drawn as if bounded."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pandas as pd

from analysis import chapters, charts, digest
from analysis.overlap import _direction


# --- figures kept apart ------------------------------------------------------------------------

def _apart_book(shared: float = 0.0) -> digest.Book:
    figures = pd.DataFrame([
        {"figure_id": "a:10", "article_id": "a", "text": "three", "subject": "federal judges", "unit": "count",
         "low": 3.0, "high": 3.0, "sentence": "Three federal judges have found the decision illegal."},
        {"figure_id": "b:20", "article_id": "b", "text": "75", "subject": "Hofeller", "unit": "count",
         "low": 75.0, "high": 75.0, "sentence": "Hofeller died at 75 last year."},
    ])
    apart = pd.DataFrame([{
        "subject_key": "count|people", "claim_a": "judge-1", "claim_b": "people-2", "figure_a": "a:10",
        "figure_b": "b:20", "article_a": "a", "article_b": "b", "text_a": "three", "text_b": "75",
        "low_a": 3.0, "high_a": 3.0, "low_b": 75.0, "high_b": 75.0,
        "sentence_a": figures.loc[0, "sentence"], "sentence_b": figures.loc[1, "sentence"],
        "similarity": 0.18, "why_apart": "the action is not stated on both sides"}])
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "status": "ok"} for a in "ab"])
    claims = pd.DataFrame([{"claim_id": c, "subject": c.split("-")[0], "unit": "count", "article_id": f["article_id"],
                            "outlet": f"{f['article_id']}.example", "figure_id": f["figure_id"],
                            "figure_text": f["text"], "low": f["low"], "high": f["high"], "status": "single source",
                            "sentence": f["sentence"]}
                           for c, f in zip(["judge-1", "people-2"], figures.to_dict("records"))])
    summary = pd.DataFrame([{"claim_id": c, "subject": c.split("-")[0], "unit": "count", "status": "single source",
                             "articles": 1, "outlets": 1, "independent": 1, "figures": 1}
                            for c in ["judge-1", "people-2"]])
    pairs = pd.DataFrame([{"article_a": "a", "article_b": "b", "share_a": shared, "share_b": shared, "passages": 1,
                           "words": 100, "verbatim": False, "direction": "undetermined"}] if shared else [])
    return digest.book_of({"figures": figures, "claims_apart": apart, "articles": articles, "claims": claims,
                           "claims_summary": summary, "overlap_pairs": pairs})


def test_figures_kept_apart_are_headed_by_what_each_counts_not_by_their_shared_class():
    book = _apart_book()
    html = str(chapters.apart_view(SimpleNamespace(book=book)))
    heading = html.split("<h3>", 1)[1].split("<small>", 1)[0]
    assert heading.strip() == "federal judges / Hofeller"  # not "people": they are not one thing
    assert "Not one quantity: the action is not stated on both sides." in html
    # a side that names nothing is not given the other's noun
    one_named = SimpleNamespace(subject_a="federal judges", subject_b="")
    assert chapters._apart_heading(one_named, "people") == "federal judges / (not stated)"


def test_a_pair_kept_apart_from_two_copies_of_one_text_says_so():
    plain = str(chapters.apart_view(SimpleNamespace(book=_apart_book())))
    copies = str(chapters.apart_view(SimpleNamespace(book=_apart_book(shared=1.0))))
    assert "two figures of one text" not in plain
    assert "share text (100% of one lies in passages shared with the other)" in copies
    assert "two figures of one text rather than two articles that disagree" in copies


def test_one_pair_kept_apart_is_said_in_the_singular_and_not_as_one_thing():
    said = chapters.figures_sentences_of(_apart_book())
    line = next(s for s in said if "not called a conflict" in s)
    assert line.startswith("1 pair of figures from different articles, in the same unit and about the same kind "
                           "of thing, differs in value but is not called a conflict")
    assert "about the same thing" not in line and line.endswith("It is listed apart, with why.")


# --- families: the version shown is not the origin unless the dates say so ----------------------

def _family_book(published_b: str, earliest_b: str = "", latest_b: str = "") -> digest.Book:
    articles = pd.DataFrame([
        {"article_id": "a", "outlet": "wire.example", "status": "ok", "published": "2021-09-13",
         "title": "Bridge reopens"},
        {"article_id": "b", "outlet": "paper.example", "status": "ok", "published": published_b,
         "published_earliest": earliest_b, "published_latest": latest_b, "title": "Bridge reopens"},
    ])
    families = pd.DataFrame([
        {"family": "F01", "article_id": "a", "size": 2, "start": 0, "end": 300, "words": 300, "share": 0.94,
         "source": True},
        {"family": "F01", "article_id": "b", "size": 2, "start": 0, "end": 290, "words": 290, "share": 0.83,
         "source": False},
    ])
    texts = pd.DataFrame([{"article_id": a, "text": "The bridge reopened on Tuesday. " * 60} for a in "ab"])
    return digest.book_of({"articles": articles, "families": families, "texts": texts})


def test_a_family_is_the_text_of_its_source_only_when_the_dates_show_it_ran_first():
    later = _family_book("2021-09-15")
    assert bool(later.families.iloc[0]["source_first"])
    said = chapters.family_sentences(later)
    assert said[0].startswith("The largest family of shared text is the text of wire.example")
    assert "which ran before 1 other article that also carries it: paper.example" in said[0]


def test_a_family_whose_dates_overlap_names_no_origin():
    # the dated member is shown as the source, but the other may be from the same day: no origin is claimed
    overlapping = _family_book("", "2021-09-13", "2021-09-15")
    assert not bool(overlapping.families.iloc[0]["source_first"])
    said = chapters.family_sentences(overlapping)
    assert "is the text of" not in said[0]
    assert said[0].endswith("their dates do not show which ran it first.")
    assert "is carried by 2 articles: wire.example" in said[0]
    html = str(chapters.families_view(SimpleNamespace(book=overlapping, stats=overlapping.stats)))
    assert "the dates do not show which ran first" in html


def test_source_first_needs_every_other_member_dated_after_the_source():
    rows = pd.DataFrame([
        {"family": "F1", "article_id": "s", "source": True, "published": "2021-09-10", "published_earliest": "",
         "published_latest": ""},
        {"family": "F1", "article_id": "x", "source": False, "published": "", "published_earliest": "",
         "published_latest": ""},  # undated: it may be older
        {"family": "F2", "article_id": "s2", "source": True, "published": "", "published_earliest": "2021-09-01",
         "published_latest": "2021-09-03"},
        {"family": "F2", "article_id": "y", "source": False, "published": "2021-09-04", "published_earliest": "",
         "published_latest": ""},
    ])
    got = dict(zip(*digest.source_first(rows)[["family", "source_first"]].T.values))
    assert got == {"F1": False, "F2": True}


# --- conflicts: one outlet on both sides -----------------------------------------------------------

def test_a_conflict_within_one_outlet_names_its_articles_and_their_days():
    claims = pd.DataFrame([
        {"claim_id": "member-1", "subject": "member", "unit": "count", "article_id": a, "outlet": "cnet.example",
         "figure_id": f"{a}:1", "figure_text": text, "low": v, "high": v, "status": "conflict",
         "sentence": f"With {text} paying members, it is the biggest.", "published": day}
        for a, text, v, day in [("x", "71 million", 71e6, "2018-05-31"), ("y", "75 million", 75e6, "2018-06-01")]])
    summary = pd.DataFrame([{"claim_id": "member-1", "subject": "member", "unit": "count", "status": "conflict",
                             "articles": 2, "outlets": 1, "independent": 2, "figures": 2}])
    articles = pd.DataFrame([{"article_id": a, "outlet": "cnet.example", "status": "ok", "published": d,
                              "title": "Spotify members"} for a, d in [("x", "2018-05-31"), ("y", "2018-06-01")]])
    book = digest.book_of({"claims": claims, "claims_summary": summary, "articles": articles,
                           "figures": claims.rename(columns={"figure_text": "text"})})
    line = next(s for s in chapters.figures_sentences_of(book) if s.startswith("Conflict on"))
    assert "(cnet.example) against" not in line  # not one outlet against itself, unexplained
    assert "31 May 2018" in line and "1 Jun 2018" in line


# --- numbers as written ------------------------------------------------------------------------------

def _written(lo, hi, wunit, low=None, high=None, unit=None):
    return chapters._as_written(SimpleNamespace(written_low=lo, written_high=hi, written_unit=wunit,
                                                low=lo if low is None else low, high=hi if high is None else high,
                                                unit=unit if unit is not None else wunit))


def test_figures_read_as_their_articles_write_them():
    inf = float("inf")
    assert _written(1e9, inf, "$", unit="USD") == "$1,000,000,000 or more"
    assert _written(39.6e9, 49.5e9, "$", unit="USD") == "$39,600,000,000\u201349,500,000,000"
    assert _written(60, 60, "%") == "60%" and _written(27, 33, "%") == "27\u201333%"
    assert _written(20, 20, "-year-old", unit="years of age") == "20-year-old"
    assert _written(630, 700, "miles", 1014, 1127, "km") == "630\u2013700 miles (1,014\u20131,127 km)"
    assert _written(float("nan"), float("nan"), "", 35000, inf, "count") == "35,000 or more"


# --- charts ------------------------------------------------------------------------------------------

def test_an_open_ended_figure_is_drawn_with_an_arrow_and_the_legend_fits_above():
    claims = pd.DataFrame([
        {"claim_id": "c1", "article_id": "a", "outlet": "a", "figure_text": "more than $1 billion", "low": 1e9,
         "high": float("inf"), "status": "compatible", "label": "a"},
        {"claim_id": "c1", "article_id": "b", "outlet": "b", "figure_text": "$1 billion", "low": 1e9, "high": 1e9,
         "status": "compatible", "label": "b"},
    ])
    spec = charts.claim_intervals(chapters.clip_open_intervals(claims)).to_dict()
    layers = spec["spec"]["layer"]
    arrows = [layer for layer in layers if isinstance(layer.get("mark"), dict)
              and layer["mark"].get("shape") == "triangle-right"]
    assert len(arrows) == 1 and arrows[0]["transform"] == [{"filter": "datum.open_upper"}]
    legend = layers[0]["encoding"]["color"]["legend"]
    assert legend["orient"] == "top"


# --- overlap: direction evidence in plain English ------------------------------------------------------

def test_direction_evidence_counts_paragraphs_in_the_singular_and_plural():
    _, basis = _direction("", "", [("a", 15), ("b", 30), ("b", 39)], [])
    assert "a has 1 paragraph (15 words) that the other lacks" in basis
    assert "b has 2 paragraphs (69 words) that the other lacks" in basis
    assert "(s)" not in basis


def test_a_chart_short_enough_is_scaled_to_one_printed_page_and_a_tall_one_runs_on():
    short = charts.chart_classes('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="619" height="1116">')
    tall = charts.chart_classes('<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="711" height="3230">')
    assert short.split() == ["fc-chart", "fc-chart-fit"] and tall.split() == ["fc-chart"]
    css = (Path(__file__).resolve().parent.parent / "book" / "_static" / "forensics.css").read_text()
    assert ".fc-chart-fit .fc-chart-static svg" in css and "max-height: 80vh" in css


def test_a_pair_ordered_by_dates_is_not_said_to_be_copied():
    # two outlets quoting one statement share text; the dates show only which is later
    pairs = pd.DataFrame([{"article_a": "a", "article_b": "b", "share_a": 0.05, "share_b": 0.04, "passages": 1,
                           "words": 24, "containment": 0.05, "verbatim": False, "direction": "b_copies_a",
                           "direction_basis": "a published on 2018-06-01, b on 2018-06-02: the later article "
                                              "cannot be the earlier's source", "family": "F01"}])
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "status": "ok", "published": d}
                             for a, d in [("a", "2018-06-01"), ("b", "2018-06-02")]])
    book = digest.book_of({"overlap_pairs": pairs, "articles": articles})
    html = re.sub(r"<[^>]+>", "", str(chapters.pairs_view(SimpleNamespace(book=book, stats=book.stats))))
    assert "b is the later: a published on 2018-06-01" in html
    assert "copies" not in html and "reuses" not in html


def _quoting_pair(stmt_quoted: bool = True) -> list:
    """Two outlets' different stories, a day apart, quoting one 30-word statement."""
    from analysis.article import Article

    fix = Path(__file__).parent / "fixtures" / "overlap"
    statement = ("We regret that the language of the guidelines was too vague, that we created confusion and "
                 "concern among artists, and that we did not spend enough time listening to our own teams first.")
    said = f'\u201c{statement}\u201d the company said.' if stmt_quoted else statement
    a = (fix / "river.txt").read_text(encoding="utf-8") + "\n\n" + said
    b = said + "\n\n" + (fix / "stadium.txt").read_text(encoding="utf-8")
    return [Article(article_id="a", text=a, published="2018-06-01", outlet="a.example"),
            Article(article_id="b", text=b, published="2018-06-02", outlet="b.example")]


def test_two_outlets_quoting_one_statement_are_not_given_a_copying_direction():
    from analysis.overlap import OverlapParams, find_overlap

    row = find_overlap(_quoting_pair()).pairs.iloc[0]
    assert max(row.share_a, row.share_b) < OverlapParams().direction_min_share  # a passage, not a copy
    assert row.direction == "undetermined"
    # the reader still learns which is the later, and why copying is not claimed
    assert row.direction_basis.startswith("published 2018-06-01 (a) vs 2018-06-02 (b): b is the later; ")
    assert "under direction_min_share (30%)" in row.direction_basis
    assert "of the shared words lie inside quotation marks on both sides" in row.direction_basis
    # dates alone (the threshold off) would have said b copied a
    assert find_overlap(_quoting_pair(), OverlapParams(direction_min_share=0.0)).pairs.iloc[0].direction == "b_copies_a"


def test_a_copy_above_the_share_threshold_keeps_its_direction_from_the_dates():
    _, basis = _direction("2018-06-01", "2018-06-02", [], [], (0.05, 0.04), 1.0, 0.3)
    assert "b is the later" in basis and "who took the text from whom is undetermined" in basis
    direction, basis = _direction("2018-06-01", "2018-06-02", [], [], (0.6, 0.35), 0.0, 0.3)
    assert direction == "b_copies_a" and "undetermined" not in basis


def test_inferred_ranges_that_do_not_overlap_do_not_turn_a_shared_passage_into_a_copy():
    from analysis.overlap import order_by_publication

    pairs = pd.DataFrame([{"article_a": "a", "article_b": b, "share_a": s, "share_b": s, "direction": "undetermined",
                           "direction_basis": "only a has a publication date"} for b, s in [("b", 0.04), ("c", 0.6)]])
    publication = pd.DataFrame([
        {"article_id": "a", "published": "2021-09-13", "published_earliest": "2021-09-13",
         "published_latest": "2021-09-13", "published_basis": "Published 2021-09-13 according to header."},
        *[{"article_id": x, "published": "", "published_earliest": "2021-09-20", "published_latest": "",
           "published_basis": "Published on or after 2021-09-20 (inferred): ..."} for x in "bc"]])
    out = order_by_publication(pairs, publication, 0.3).set_index("article_b")
    assert out.loc["b", "direction"] == "undetermined"
    assert out.loc["b", "direction_basis"].startswith(
        "a published on 2021-09-13, b on or after 2021-09-20 (inferred): b is the later; who took the text")
    assert out.loc["c", "direction"] == "b_copies_a"  # a copy: the ranges settle it


def test_the_book_says_a_shared_passage_is_not_a_copy_and_still_gives_the_later_article():
    from analysis.overlap import find_overlap

    r = find_overlap(_quoting_pair())
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "status": "ok", "published": d}
                             for a, d in [("a", "2018-06-01"), ("b", "2018-06-02")]])
    book = digest.book_of({"overlap_pairs": r.pairs, "articles": articles})
    html = re.sub(r"<[^>]+>", "", str(chapters.pairs_view(SimpleNamespace(book=book, stats=book.stats))))
    assert "undetermined: published 2018-06-01 (a) vs 2018-06-02 (b): b is the later;" in html
    assert "order unknown" not in html
    said = " ".join(chapters.overlap_sentences_of(book))
    assert "they share a passage, not a copy, so who took it from whom is undetermined" in said
    assert "which came first is undetermined" not in said


# --- figures kept apart inside text two articles share -------------------------------------------------

def test_figures_kept_apart_that_both_lie_in_shared_text_are_marked_and_not_shown_as_two_outlets(tmp_path):
    from analysis import pipeline

    body = ("The Supreme Court will soon wrap up its first term with two sitting justices appointed by President "
            "Trump, Neil Gorsuch and Brett Kavanaugh. That places the newest justice in an important position because "
            "although it takes five votes to decide a case at the Supreme Court, it only takes four votes to put the "
            "case on the docket. If Kavanaugh were to join the three more conservative justices to put the case on "
            "the docket, the court could well overturn the ruling. Legal scholars said the timing of the term "
            "mattered as much as the votes.")
    pd.DataFrame({"id": ["npr1", "wbur1"], "publisher": ["npr.org", "wbur.org"], "title": ["Court", "Court"],
                  "text": [body, body + " Reporting by staff."], "date": ["2019-05-30", "2019-05-31"],
                  "url": ["u1", "u2"]}).to_csv(tmp_path / "articles.csv", index=False)
    t = pipeline.compute(tmp_path / "articles.csv", progress=lambda _: None)
    apart = t.claims_apart
    # one text carried by two outlets: every "disagreement" between them is that text's own two figures
    assert len(apart) and apart["in_shared_text"].all()
    book = digest.book_of({name: getattr(t, name) for name in ("figures", "claims", "claims_summary",
                                                               "claims_apart", "articles", "overlap_pairs")})
    assert book.stats["figures"]["apart_in_shared_text"] == len(apart) and book.apart.empty
    html = str(chapters.apart_view(SimpleNamespace(book=book)))
    assert "<h3>" not in html and f"{len(apart)} pairs of figures lie wholly in text the two articles share" in html
    said = " ".join(chapters.figures_sentences_of(book))
    assert "listed apart" not in said


def test_a_figure_pair_is_in_shared_text_only_when_each_figure_lies_in_text_shared_with_the_other_article():
    from analysis.figures import _apart_in_shared_text

    joined = pd.DataFrame({"article_a": ["a", "a", "a"], "article_b": ["b", "b", "b"],
                           "held_a": ["b", "b;c", "c"], "held_b": ["a", None, "a"]})
    assert _apart_in_shared_text(joined)["in_shared_text"].tolist() == [True, False, False]


# --- dates ahead -----------------------------------------------------------------------------------------

def test_a_day_someone_looks_forward_to_is_ahead_not_behind():
    from analysis.article import Article
    from analysis.timeline import dates_table

    # census: seven articles quoted the Commerce Department's "filing on Monday" (June 3) and the report
    # listed it as an event of Monday May 27, mentioned in 7 articles
    said = ('"The Department looks forward to responding in greater detail to these baseless accusations in its '
            'filing on Monday," the person said.')
    got = dates_table([Article(article_id="x", text=said, published="2019-05-30")], None).iloc[0]
    assert (got["text"], got["resolved_start"]) == ("Monday", "2019-06-03") and "future" in got["basis"]
    looked = dates_table([Article(article_id="y", text="We looked forward to the meeting on Monday, she said.",
                                  published="2019-05-30")], None).iloc[0]
    assert looked["resolved_start"] == "2019-05-27"  # in the past tense it was behind


def test_the_lag_chart_names_a_month_by_its_month_not_its_first_day():
    events = pd.DataFrame([
        {"event_id": "2018-05", "resolved_start": "2018-05-01", "resolved_end": "2018-05-31", "granularity": "month",
         "articles": 17, "outlets": "a.example", "mentions": 20, "texts": "May", "first_published": "2018-05-31",
         "lag_days": 30},
        {"event_id": "2018-05-10", "resolved_start": "2018-05-10", "resolved_end": "2018-05-10", "granularity": "day",
         "articles": 11, "outlets": "a.example", "mentions": 11, "texts": "May 10", "first_published": "2018-06-01",
         "lag_days": 22}])
    book = digest.book_of({"events": events})
    book.frames["lag_events"] = events
    spec = chapters.lag_chart(SimpleNamespace(book=book, stats=book.stats)).chart.to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert sorted(r["event"] for r in rows) == ["2018-05 (17 articles)", "2018-05-10 (11 articles)"]
    assert chapters._event_name("2021-09-01", "2021-09-15") == "2021-09-01\u201315"


# --- the report's title ---------------------------------------------------------------------------------

def test_a_table_named_articles_titles_the_report_by_its_folder(tmp_path):
    from analysis.corpus import plan_corpus

    rows = "id,publisher,text\n1,a.example,The council met on Monday and approved the plan for the harbour.\n"
    (tmp_path / "census-2019").mkdir()
    (tmp_path / "census-2019" / "articles.csv").write_text(rows, encoding="utf-8")
    (tmp_path / "spotify-policy.csv").write_text(rows, encoding="utf-8")
    # "articles" titled the report, its sidebar and every citation ("In articles, report version ...")
    assert plan_corpus(tmp_path / "census-2019" / "articles.csv").title == "census-2019"
    assert plan_corpus(tmp_path / "spotify-policy.csv").title == "spotify-policy"


def test_the_common_phrases_table_speaks_words_not_column_names():
    common = pd.DataFrame([{"phrase": "a citizenship question to the 2020 census", "words": 7, "articles": 9,
                            "max_ngram_df": 17, "reason": "corpus-wide", "example_article": "12769"}])
    articles = pd.DataFrame([{"article_id": "12769", "outlet": "chron.com", "status": "ok", "published": "2019-05-31",
                              "title": "Census citizenship question could transform state elections"}])
    book = digest.book_of({"common_phrases": common, "articles": articles})
    html = str(chapters.common_phrases_view(SimpleNamespace(book=book, stats=book.stats)))
    head = re.findall(r"<th>([^<]*)</th>", html)
    assert "max_ngram_df" not in head and "example_article" not in head and "reason" not in head
    assert "in too many articles" in html and "corpus-wide" not in html
    assert "chron.com" in html  # the article by its label, its id in the tooltip


# --- timeline: the span of coverage in calendar days -------------------------------------------------

def test_a_publication_basis_says_each_piece_of_evidence_once():
    from analysis.article import Article
    from analysis.timeline import infer_publication

    dated = Article(article_id="d", text="The court heard arguments on Thursday about the census question. It ruled "
                    "in April that the plan could go ahead.", published="2019-05-30", outlet="x.example")
    undated = Article(article_id="u", text="In February, lawyers asked for the files. The judge agreed in February "
                      "that the files mattered. The appeal was heard in April.", outlet="y.example")
    basis = infer_publication([dated, undated]).set_index("article_id").loc["u", "published_basis"]
    note = "names 'February' without its year"
    assert basis.count(note) == 1, basis  # two mentions of February, one piece of evidence


def test_the_span_of_dated_coverage_counts_calendar_days():
    def said(days):
        articles = pd.DataFrame([{"article_id": f"a{i}", "outlet": f"o{i}.example", "published": d, "status": "ok"}
                                 for i, d in enumerate(days)])
        return chapters.timeline_sentences(articles, pd.DataFrame())

    three = said(["2018-05-31", "2018-06-01", "2018-06-02"])
    assert any(s.startswith("Dated coverage runs over 3 calendar days, to 2018-06-02") for s in three)
    same = said(["2018-06-01", "2018-06-01"])
    assert "Both articles with a known date appeared that day." in same  # not "All 2 articles"


def test_the_static_chart_keeps_its_gradient_to_itself():
    # the interactive chart drawn over the static one names its gradient the same; a reference resolves to
    # the first in the page, the static one, hidden once the chart is drawn: the legend came out blank
    pairs = pd.DataFrame([{"article_a": "a", "article_b": "b", "share_a": 0.9, "share_b": 0.4, "passages": 1}])
    markup = charts.show(charts.share_heatmap(pairs, {"a": "A", "b": "B"}), "overlap-heatmap")._repr_html_()
    static = markup.split('<div class="fc-chart-static">', 1)[1].split("</svg>", 1)[0]
    ids = re.findall(r'\sid="([^"]+)"', static)
    assert ids and all(i.startswith("fc-static-overlap-heatmap-") for i in ids)
    refs = re.findall(r'url\(#([^)]+)\)', static)
    assert refs and all(r in ids for r in refs)


def test_heatmap_axis_labels_still_tell_two_articles_of_one_outlet_apart():
    # Vega-Lite cut long labels at their end: "yahoo.com/news · 30 May 2019 [761]" and "[14721]" both read
    # "yahoo.com/news · 30 May 2019 …" on the axis
    labels = {"761": "yahoo.com/news · 30 May 2019 [761]", "14721": "yahoo.com/news · 30 May 2019 [14721]",
              "4738": "washingtonpost.com · 10 May 2017–31 May 2019 [4738]",
              "5906": "click2houston.com · Challengers of census citizenship question cite… · 30 May 2019",
              "8200": "cbsnews.com · Lawyer claims documents reveal census question… · 31 May 2019",
              "8201": "cbsnews.com · Lawyer claims other documents were hidden… · 31 May 2019"}
    short = charts.axis_labels(labels)
    assert len(set(short.values())) == len(labels)
    assert all(len(v) <= charts.AXIS_LABEL_CHARS for v in short.values())
    assert short["761"].endswith("[761]") and short["4738"] == "washingtonpost.com [4738]"
    assert short["8200"] == "cbsnews.com [8200]"  # one outlet, one day: the id tells them apart
    assert short["5906"] == "click2houston.com"
    pairs = pd.DataFrame([{"article_a": a, "article_b": b, "share_a": 0.5, "share_b": 0.4, "passages": 1}
                          for a, b in [("761", "14721"), ("8200", "8201"), ("4738", "5906")]])
    spec = charts.share_heatmap(pairs, labels).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {r["article"] for r in rows} == set(short.values())
    assert {r["article_label"] for r in rows} == set(labels.values())  # the tooltip keeps the whole label


def test_labels_beside_long_evidence_may_break_so_the_evidence_is_not_cut_off():
    from analysis.report import table

    view = pd.DataFrame({"article a": ["sandiegouniontribune.com · Spotify CEO says… · 30–31 May 2018"],
                         "evidence": ["order unknown: the dates overlap"]})
    html = str(table(view, long_columns=["evidence"], label_columns=["article a"]))
    assert '<td class="fc-label">sandiegouniontribune.com' in html and '<td class="fc-long">' in html
    css = (Path(__file__).resolve().parent.parent / "book" / "_static" / "forensics.css").read_text()
    assert re.search(r"td\.fc-label \{[^}]*overflow-wrap: anywhere", css)


def test_wide_tables_give_labels_and_file_names_label_columns_so_the_page_does_not_cut_them_off():
    # at 1280 pixels the corpus table cut off its source column, the publication table its evidence and
    # the events table its last columns: one long column each, labels and names as label columns
    articles = pd.DataFrame([{"article_id": "000_93ff307847f97703", "outlet": "", "status": "ok",
                              "published": "2021-09-13", "source": "000_93ff307847f97703.txt", "encoding": "utf-8",
                              "words": 366, "published_basis": "Published 2021-09-13 according to header."}])
    events = pd.DataFrame([{"event_id": "2021-09-09", "resolved_start": "2021-09-09", "resolved_end": "2021-09-09",
                            "granularity": "day", "articles": 3, "outlets": "a.example;b.example;c.example",
                            "texts": "Thursday; September 9, 2021", "first_published": "2021-09-13", "lag_days": 4}])
    book = digest.book_of({"articles": articles, "events": events})
    page = SimpleNamespace(book=book, stats=book.stats)

    def cells(html: str, text: str) -> str:
        return re.search(r'<td( class="[^"]*")?>' + re.escape(text), html).group(1) or ""

    corpus = str(chapters.articles_view(page))
    assert "fc-label" in cells(corpus, "000_93ff307847f97703.txt") and "fc-label" in cells(corpus, "000_93ff307847f97703 ·")
    dated = str(chapters.publication_view(page))
    assert "fc-label" in cells(dated, "000_93ff307847f97703 ·") and "fc-long" in cells(dated, "Published ")
    events = str(chapters.events_view(page))
    assert "fc-label" in cells(events, "a.example; b.example") and "fc-label" in cells(events, "Thursday;")
    dates = pd.DataFrame([{"article_id": "000_93ff307847f97703", "start": 10, "end": 18, "text": "Thursday",
                           "sentence": "Lukashenko met with Russian President Vladimir Putin in Moscow on Thursday.",
                           "resolved_start": "2021-09-09", "resolved_end": "2021-09-09", "granularity": "day",
                           "basis": "weekday (past, nearest before publication)"}])
    book = digest.book_of({"articles": articles, "dates": dates})
    said = str(chapters.dates_view(SimpleNamespace(book=book, stats=book.stats)))
    assert "fc-label" in cells(said, "000_93ff307847f97703") and "fc-label" in cells(said, "weekday")
    assert "fc-long" in cells(said, "Lukashenko met")
    figures = pd.DataFrame([{"figure_id": "000_93ff307847f97703:40", "article_id": "000_93ff307847f97703", "start": 40,
                             "text": "28", "low": 28.0, "high": 28.0, "unit": "count", "subject": "programs",
                             "sentence": "They discussed 28 so-called Union State programs."}])
    book = digest.book_of({"articles": articles, "figures": figures})
    every = str(chapters.figures_view(SimpleNamespace(book=book, stats=book.stats)))
    assert "fc-label" in cells(every, "000_93ff307847f97703") and "fc-long" in cells(every, "They discussed")


def test_every_figure_table_shows_each_figure_once_as_written_and_who_is_quoted():
    figures = pd.DataFrame([
        {"figure_id": "a:1", "article_id": "a", "start": 1, "text": "about a dozen", "low": 10.8, "high": 13.2,
         "unit": "count", "written_low": 10.8, "written_high": 13.2, "written_unit": "", "subject": "planes",
         "sentence": "It is about a dozen planes, Lukashenko said.", "quoted": True, "speaker": "Lukashenko"},
        {"figure_id": "a:2", "article_id": "a", "start": 50, "text": "nearly 700 miles", "low": 1014.0,
         "high": 1127.0, "unit": "km", "written_low": 630.0, "written_high": 700.0, "written_unit": "miles",
         "subject": "border", "sentence": "It shares nearly 700 miles of border.", "quoted": False, "speaker": ""},
    ])
    book = digest.book_of({"figures": figures, "articles": pd.DataFrame([{"article_id": "a", "status": "ok"}])})
    html = str(chapters.figures_view(SimpleNamespace(book=book, stats=book.stats)))
    head = re.findall(r"<th>([^<]*)</th>", html)
    assert head == ["article_id", "text", "as written", "sentence", "subject", "action", "statement", "quoted, by"]
    assert "630\u2013700 miles (1,014\u20131,127 km)" in html and ">Lukashenko<" in html


# --- the lane chart: mentions drawn where their dates are ------------------------------------------

def _lane_book():
    articles = pd.DataFrame([
        {"article_id": "a", "outlet": "A", "published": "2019-05-30", "published_earliest": "2019-05-30",
         "published_latest": "2019-05-30", "published_basis": "metadata", "status": "ok"},
        {"article_id": "b", "outlet": "B", "published": "", "published_earliest": "2019-04-22",
         "published_latest": "2019-05-31", "published_basis": "inferred", "status": "ok"},
    ])
    dates = pd.DataFrame([
        # "Wednesday" in an article dated only to 22 Apr-31 May: any of six Wednesdays, no one day to draw
        {"date_id": "b:10", "article_id": "b", "text": "Wednesday", "resolved_start": "2019-04-17",
         "resolved_end": "2019-05-29", "granularity": "day", "basis": "weekday"},
        {"date_id": "a:10", "article_id": "a", "text": "Thursday", "resolved_start": "2019-05-30",
         "resolved_end": "2019-05-30", "granularity": "day", "basis": "weekday"},
        {"date_id": "a:20", "article_id": "a", "text": "this month", "resolved_start": "2019-05-01",
         "resolved_end": "2019-05-31", "granularity": "month", "basis": "relative"},
        {"date_id": "a:30", "article_id": "a", "text": "this week", "resolved_start": "2019-05-27",
         "resolved_end": "2019-06-02", "granularity": "week", "basis": "relative"},
    ])
    return articles, dates, digest.book_of({"articles": articles, "dates": dates})


def test_a_mention_known_only_within_a_range_is_not_drawn_at_the_windows_edge():
    articles, dates, book = _lane_book()
    _, marks, outside = chapters.timeline_frames(articles, dates)
    drawn = book.frames["lane_mentions"]
    left = book.stats["timeline"]["chart"]["left"]
    for frame in (marks, drawn):
        # before: the Wednesday and the month were ticks on the window's first day, a day no article names
        assert left not in set(frame["start"]), frame
        assert "mentions \u201cWednesday\u201d" not in set(frame["what"])
        assert sorted(frame["what"]) == ["mentions \u201cThursday\u201d", "mentions \u201cthis week\u201d"]
    # the month runs past the window: not drawn, said; the Wednesday is said apart, as of unknown day
    assert outside == 1 and book.stats["timeline"]["chart"]["outside_mentions"] == 1
    assert book.stats["timeline"]["chart"]["unknown_span_mentions"] == 1
    said = str(chapters.timeline_note(SimpleNamespace(stats=book.stats, book=book)))
    assert "1 mention of dates outside the window, or running past its edge" in said
    assert "1 mention of a day, week or month whose date is known only within a wider range" in said
    # a week is drawn over its days, not as a tick on its first
    layers = charts.timeline(book.frames["lane_publications"], drawn).to_dict()["layer"]
    assert any(layer["mark"].get("type") == "bar" and layer["mark"].get("height") == 4
               and layer["encoding"].get("x2") for layer in layers)


# --- the printed report stays a report at any size ------------------------------------------------

def test_a_bounded_table_prints_its_first_rows_and_says_how_many_the_page_and_download_have():
    from analysis import report

    df = pd.DataFrame({"figure": [f"f{i}" for i in range(30)]})
    markup = str(report.table(df, max_rows=50, total=4188, download="figures", what="figures", order="by article"))
    rows = re.findall(r"<tr[^>]*>", markup)[1:]  # the header row first
    hidden = [r for r in rows if "fc-screen-only" in r]
    assert len(rows) == 30 and len(hidden) == 30 - report.PRINT_ROWS
    assert all("fc-screen-only" not in r for r in rows[:report.PRINT_ROWS])
    assert ('<p class="fc-note fc-print-only">Printed: 10 of 4,188 figures, by article; the web page shows 30, and '
            'the download, <a href="../data/figures.csv.gz"><code>figures.csv.gz</code></a>, has all of them.</p>'
            in markup)
    assert '<p class="fc-note fc-screen-only">Showing 30 of 4,188 figures, by article' in markup
    # every row on the page, all printed, without a printed note: a table that is not a bounded view
    whole = str(report.table(df))
    assert "fc-screen-only" not in whole and "fc-print-only" not in whole
    short = str(report.table(df.head(8), max_rows=50, total=8))
    assert "fc-screen-only" not in short and "fc-print-only" not in short
    css = (Path(__file__).resolve().parent.parent / "book" / "_static" / "forensics.css").read_text()
    assert re.search(r"@media print \{\s*\.fc-screen-only \{ display: none !important; \}\s*"
                     r"\.fc-print-only \{ display: block; \}", css)
    assert re.search(r"^\.fc-print-only \{ display: none; \}", css, re.M)


def test_side_by_side_texts_print_the_first_pair_cut_to_a_page_and_say_so():
    long_text = " ".join(f"word{i}" for i in range(chapters.PRINT_SIDE_WORDS + 50))
    ids = ["a", "b", "c"]
    texts = pd.DataFrame({"article_id": ids, "text": [long_text, long_text, "short text here"]})
    pairs = pd.DataFrame([{"article_a": "a", "article_b": "b", "share_a": 0.9, "share_b": 0.9, "passages": 1,
                           "words": 400, "verbatim": True, "direction": "undetermined", "family": "F1"},
                          {"article_a": "a", "article_b": "c", "share_a": 0.1, "share_b": 0.5, "passages": 1,
                           "words": 3, "verbatim": False, "direction": "undetermined", "family": "F1"}])
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "status": "ok"} for a in ids])
    book = digest.book_of({"overlap_pairs": pairs, "texts": texts, "articles": articles})
    page = SimpleNamespace(book=book, stats=book.stats, labels=book.labels)
    html = str(chapters.derived_pairs_view(page))
    first, rest = html.split('<div class="fc-screen-only">', 1)
    assert 'class="fc-side fc-pair"' in first and 'class="fc-side fc-pair"' in rest
    assert "Printed: the opening of each text, about a page; the web page shows both texts whole." in first
    assert "Printed: the first pair of the 2 shown side by side on the web page." in rest
    css = (Path(__file__).resolve().parent.parent / "book" / "_static" / "forensics.css").read_text()
    assert re.search(r"@media print \{\s*\.fc-side\.fc-pair > div \{ max-height: \d+em; overflow: hidden; \}", css)


def test_the_earliest_article_is_not_dated_twice_and_a_recalled_event_is_not_called_the_other():
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "published": d, "status": "ok"}
                             for a, d in (("a", "2021-09-02"), ("b", "2021-09-13"))])
    events = pd.DataFrame([
        {"event_id": "E1", "resolved_start": "2021-09-09", "resolved_end": "2021-09-09", "granularity": "day",
         "articles": 2, "mentions": 2, "texts": "Thursday", "first_published": "2021-09-13"},
        {"event_id": "E2", "resolved_start": "2020-08-01", "resolved_end": "2020-08-31", "granularity": "month",
         "articles": 2, "mentions": 2, "texts": "August 2020", "first_published": "2021-09-02"},
    ])
    said = chapters.timeline_sentences(articles, events)
    # the label ends in the day ("a.example · 2 Sep 2021"): ", published 2021-09-02" said it again
    assert said[0] == "The earliest article with a known date is a.example \u00b7 2 Sep 2021."
    # the day mentioned most was itself recalled: the next is not "the other earlier event", as if it had been
    # called earlier
    assert said[-1] == ("Besides that day, the earlier event the coverage recalls most is 2020-08-01 to "
                        "2020-08-31, in 2 articles (as \u201cAugust 2020\u201d).")


def test_the_pairs_kept_apart_name_their_download_as_published_and_count_with_commas():
    book = _apart_book()
    book.stats["figures"]["apart"] = 1500  # more than the page shows
    html = str(chapters.apart_view(SimpleNamespace(book=book, stats=book.stats)))
    # the book publishes claims_apart.csv.gz: "claims_apart.csv" names no file a reader can open
    assert "The pair whose sentences are most alike is shown; all 1,500 are in claims_apart.csv.gz." in html


# --- untrusted names cannot reorder the page ---------------------------------------------------------

def test_a_right_to_left_override_in_an_outlet_name_is_shown_not_obeyed_in_findings_and_charts():
    from analysis import report

    claims = pd.DataFrame([
        {"claim_id": "troops-1", "subject": "troops", "unit": "count", "article_id": a, "outlet": o,
         "figure_id": f"{a}:1", "figure_text": t, "low": v, "high": v, "status": "conflict",
         "sentence": f"{t} troops were sent.", "evidence": "same subject (troops)"}
        for a, o, t, v in (("x1", "evil.example", "5,000", 5000.0), ("x2", "other\u202e.example", "7,000", 7000.0))])
    summary = pd.DataFrame([{"claim_id": "troops-1", "subject": "troops", "unit": "count", "status": "conflict",
                             "articles": 2, "outlets": 2, "independent": 2, "figures": 2}])
    said = chapters.figures_sentences(claims, summary, claims.assign(text=claims["figure_text"]))
    conflict = next(s for s in said if s.startswith("Conflict on troops"))
    assert "\u202e" in conflict  # the sentence keeps the name as given ...
    html = str(report.findings(said))
    # ... and the page shows the control as "\u202e": obeyed, it read the rest of the finding backwards
    assert "\u202e" not in html and "other\\u202e.example" in html
    assert "\u2067" not in report.esc("a\u2067b") and "\u200f" in report.esc("\u05d0\u200f")  # a mark only nudges
    articles = pd.DataFrame([{"article_id": "x2", "outlet": "other\u202e.example", "published": "2019-05-31",
                              "published_earliest": "2019-05-31", "published_latest": "2019-05-31",
                              "published_basis": "metadata", "status": "ok"}])
    pubs, _, _ = chapters.timeline_frames(articles, pd.DataFrame(
        columns=["article_id", "text", "resolved_start", "resolved_end", "granularity", "basis"]))
    spec = charts.show(charts.timeline(pubs, pd.DataFrame(columns=pubs.columns)), "t").spec()
    lanes = spec["layer"][0]["encoding"]["y"]["sort"] if "layer" in spec else spec["encoding"]["y"]["sort"]
    assert lanes == ["other\\u202e.example"]  # the lane's label, and its rows and tooltips with it
    import json
    assert "\u202e" not in json.dumps(spec, ensure_ascii=False)


def test_an_events_wordings_are_each_said_once_whatever_their_case():
    articles = pd.DataFrame([{"article_id": a, "outlet": f"{a}.example", "published": "2019-05-20", "status": "ok"}
                             for a in "abc"])
    events = pd.DataFrame([{"event_id": "E1", "resolved_start": "2019-04-01", "resolved_end": "2019-04-30",
                            "granularity": "month", "articles": 3, "mentions": 3,
                            "texts": "April; Last month; last month", "first_published": "2019-05-20"}])
    said = chapters.timeline_sentences(articles, events)
    assert said[-1].endswith("in 3 articles (as \u201cApril\u201d or \u201cLast month\u201d).")


def test_the_interval_chart_draws_the_most_telling_quantities_and_says_how_many_it_leaves_out(monkeypatch):
    monkeypatch.setattr(digest, "MAX_INTERVAL_CLAIMS", 2)
    # three agreeing quantities: "a-1" first by id, "c-1" reported by the most articles
    summary = pd.DataFrame([{"claim_id": c, "subject": c[0], "unit": "count", "status": "agree", "articles": n,
                             "outlets": n, "independent": n, "figures": n}
                            for c, n in (("a-1", 2), ("b-1", 3), ("c-1", 9))])
    claims = pd.DataFrame([{"claim_id": c, "subject": c[0], "unit": "count", "article_id": f"{c}-{i}",
                            "outlet": f"o{i}", "figure_id": f"{c}-{i}:1", "figure_text": "5", "low": 5.0, "high": 5.0,
                            "status": "agree", "sentence": "5 ships."}
                           for c, n in (("a-1", 2), ("b-1", 3), ("c-1", 9)) for i in range(n)])
    book = digest.book_of({"claims": claims, "claims_summary": summary})
    assert list(book.interval_claims["claim_id"]) == ["c-1", "b-1"]  # not the alphabet's first
    said = str(chapters.claim_intervals_note(SimpleNamespace(book=book, stats=book.stats)))
    assert "The chart draws 2 of the 3 quantities reported by more than one article" in said
    nb = (Path(__file__).resolve().parent.parent / "book" / "figures.ipynb").read_text()
    assert "chapters.claim_intervals_note(page)" in nb and "For each quantity reported by more than one" not in nb


def test_a_publication_range_shows_what_sets_its_bounds_whole_and_cuts_what_is_merely_consistent():
    lower = "Lower bound: 'Monday' in a sentence shared with b1 means 2019-06-24 there."
    upper = "Upper bound: shares 94% of its text with b1 (2019-06-28)."
    consistent = "Consistent with it: " + "; ".join(f"'today' in a sentence shared with c{i} means 2019-06-2{i % 10}"
                                                    for i in range(40))
    conflict = ". The evidence conflicts: 'Monday' here against 'Monday' there; the range covers both."
    basis = f"Published between 2019-06-24 and 2019-07-05 (inferred). {lower} {upper} {consistent}{conflict}"
    shown = chapters.publication_evidence(basis)
    assert shown.startswith(f"Published between 2019-06-24 and 2019-07-05 (inferred). {lower} {upper} ")
    assert shown.endswith(conflict)  # a conflict is never cut
    kept = shown.split("Consistent with it: ", 1)[1].split(" \u2026 (", 1)[0]
    assert len(kept.split()) == chapters.MAX_CONSISTENT_WORDS
    cut = len(consistent.split()) - 3 - chapters.MAX_CONSISTENT_WORDS  # "Consistent with it:" is 3 words
    assert f"\u2026 ({cut:,} more words: articles.csv.gz has the whole evidence)" in shown
    short = "Published between 2019-06-24 and 2019-06-30 (inferred). Consistent with it: a copy."
    assert chapters.publication_evidence(short) == short
    articles = pd.DataFrame([{"article_id": "a", "outlet": "A", "published": "", "published_earliest": "2019-06-24",
                              "published_latest": "2019-07-05", "published_basis": basis, "status": "ok"}])
    book = digest.book_of({"articles": articles})
    html = str(chapters.publication_view(SimpleNamespace(book=book, stats=book.stats)))
    assert "more words: articles.csv.gz has the whole evidence" in html and "c39" not in html


def test_a_tall_interval_chart_prints_a_short_one_that_fits_a_page_and_says_so():
    names = [f"q{i:02d}-1" for i in range(chapters.PRINT_INTERVAL_CLAIMS + 2)]
    summary = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "status": "agree", "articles": 3,
                             "outlets": 3, "independent": 3, "figures": 3} for c in names])
    claims = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "article_id": f"{c}-{i}",
                            "outlet": f"o{i}", "figure_id": f"{c}-{i}:1", "figure_text": "5", "low": 5.0, "high": 5.0,
                            "status": "agree", "sentence": "5 ships."} for c in names for i in range(3)])
    book = digest.book_of({"claims": claims, "claims_summary": summary})
    html = chapters.claim_intervals_chart(SimpleNamespace(book=book, stats=book.stats))._repr_html_()
    screen, printed = html.split('<div class="fc-chart-print">', 1)
    assert 'class="fc-chart-static fc-screen-only"' in screen
    # the screen's chart has every claim, the printed one the first few, and says so
    assert all(c in screen for c in names) and names[-1] not in printed.split("</svg>")[0]
    assert names[0] in printed.split("</svg>")[0]
    assert (f"Printed: the first {chapters.PRINT_INTERVAL_CLAIMS} of the {len(names)} quantities the web page draws."
            in printed)
    css = (Path(__file__).resolve().parent.parent / "book" / "_static" / "forensics.css").read_text()
    assert ".fc-chart .fc-chart-static.fc-screen-only { display: none !important; }" in css
    assert re.search(r"^\.fc-chart-print \{ display: none; \}", css, re.M)


def test_the_interval_chart_of_widely_reported_quantities_stays_a_chart_not_a_scroll():
    # the worst case the book allows: every quantity drawn carried by as many articles as a claim keeps
    n_claims, n_rows = digest.MAX_INTERVAL_CLAIMS + 5, digest.MAX_CLAIM_ROWS
    names = [f"q{i:02d}-1" for i in range(n_claims)]
    summary = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "status": "agree", "articles": n_rows,
                             "outlets": n_rows, "independent": n_rows, "figures": n_rows} for c in names])
    claims = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "article_id": f"{c}-{i:02d}",
                            "outlet": f"o{i}", "figure_id": f"{c}-{i:02d}:1", "figure_text": "5", "low": 5.0,
                            "high": 5.0, "status": "agree", "sentence": "5 ships."}
                           for c in names for i in range(n_rows)])
    book = digest.book_of({"claims": claims, "claims_summary": summary})
    svg = chapters.claim_intervals_chart(SimpleNamespace(book=book, stats=book.stats)).svg()
    height = float(re.search(r'<svg\b[^>]*?\sheight="([\d.]+)"', svg).group(1))
    assert height <= 12_000 * 0.5, height  # at 30 quantities it was about 12,000 pixels (0.8 MB of SVG)
    said = str(chapters.claim_intervals_note(SimpleNamespace(book=book, stats=book.stats)))
    assert (f"A quantity reported by more articles draws {chapters.MAX_CHART_ROWS_PER_CLAIM} of them, each different "
            "interval first.") in said


def test_the_printed_interval_chart_of_widely_reported_quantities_fits_one_page():
    names = [f"q{i:02d}-1" for i in range(digest.MAX_INTERVAL_CLAIMS)]
    summary = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "status": "agree", "articles": 40,
                             "outlets": 40, "independent": 40, "figures": 40} for c in names])
    claims = pd.DataFrame([{"claim_id": c, "subject": c[:3], "unit": "count", "article_id": f"{c}-{i:02d}",
                            "outlet": f"o{i}", "figure_id": f"{c}-{i:02d}:1", "figure_text": "5",
                            "low": 5.0 + i % 11, "high": 5.0 + i % 11, "status": "agree", "sentence": "5 ships."}
                           for c in names for i in range(40)])
    book = digest.book_of({"claims": claims, "claims_summary": summary})
    html = chapters.claim_intervals_chart(SimpleNamespace(book=book, stats=book.stats))._repr_html_()
    printed = html.split('<div class="fc-chart-print">', 1)[1]
    height = float(re.search(r'<svg\b[^>]*?\sheight="([\d.]+)"', printed).group(1))
    # six quantities of ten rows each drew 1,630 pixels: not scaled to a page, a blank page before it
    assert height <= charts.PRINT_FIT_MAX_HEIGHT, height
    assert 'class="fc-chart fc-chart-fit"' in html
    n = int(re.search(r"Printed: the first (\d+) of the 12 quantities the web page draws\.", printed).group(1))
    assert 1 <= n < chapters.PRINT_INTERVAL_CLAIMS
