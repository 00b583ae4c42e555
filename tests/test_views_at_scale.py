"""A book that stays a book: on a large corpus the corpus and overlap chapters show bounded views
(the most telling rows first, a count of the rest, a link to the compressed download)."""

import functools
import re

import pandas as pd

from analysis import chapters, pipeline
from analysis.pages import Page

N = 300


def _page(chapter: str) -> Page:
    return Page(chapter, _tables(), "", "2026-01-01", book=_book())


@functools.lru_cache(maxsize=1)
def _book():
    return Page("intro", _tables(), "", "2026-01-01").book


@functools.lru_cache(maxsize=1)
def _tables() -> pipeline.Tables:
    ids = [f"a{i:04d}" for i in range(N)]
    articles = pd.DataFrame({
        "article_id": ids, "source": [f"export.csv row {i + 2}" for i in range(N)],
        "title": [f"Title {i}" for i in range(N)], "outlet": [f"outlet{i % 40}" for i in range(N)],
        "url": "", "published": ["2021-09-13" if i % 10 else "" for i in range(N)],
        "published_earliest": ["2021-09-13" if i % 10 else ("2021-09-10" if i % 20 else "") for i in range(N)],
        "published_latest": ["2021-09-13" if i % 10 else ("2021-09-15" if i % 20 else "") for i in range(N)],
        "published_basis": ["Published 2021-09-13 according to column." if i % 10 else
                            ("Published between 2021-09-10 and 2021-09-15 (inferred): " + "evidence " * 200
                             if i % 20 else "Undated") for i in range(N)],
        "title_basis": "column", "outlet_basis": "column", "url_basis": "", "words": 400,
        "status": ["ok"] * (N - 1) + ["skipped: empty file"],
    })
    pairs = pd.DataFrame({
        "article_a": [ids[i] for i in range(N - 1)], "article_b": [ids[i + 1] for i in range(N - 1)],
        "share_a": [(i % 97) / 100 for i in range(N - 1)], "share_b": 0.1, "passages": 1,
        "direction": "undetermined", "direction_basis": "", "family": "F1",
    })
    furniture = pd.DataFrame({"article_id": ids, "line": "Follow us on Google News", "reason": "follow prompt"})
    texts = pd.DataFrame({"article_id": ids, "title": articles["title"], "outlet": articles["outlet"],
                          "text": "Some text."})
    families = pd.DataFrame({"family": "F1", "article_id": ids, "size": N, "start": 0, "end": 40, "words": 40,
                             "share": [0.1 + (i % 7) / 10 for i in range(N)], "source": [i == 0 for i in range(N)]})
    frames = {name: pd.DataFrame() for name in pipeline.TABLES}
    frames.update(articles=articles, overlap_pairs=pairs, furniture=furniture, texts=texts, families=families,
                  problems=pd.DataFrame({"source": ["x.txt"], "problem": ["empty"], "action": ["skipped"]}))
    run = {"fingerprint": "f" * 64, "settings_hash": "s" * 16, "version": "0.1.0", "settings": {}}
    return pipeline.Tables(run=run, frames=frames)


def _rows(markup: str) -> int:
    return len(re.findall(r"<tr[ >]", str(markup))) - str(markup).count("<thead><tr>")


def test_pairs_show_the_largest_shares_first_and_count_the_rest():
    html = str(chapters.pairs_view(_page("overlap")))
    assert _rows(html) == chapters.MAX_ROWS
    assert re.search(r"<td[^>]*>96%</td>", html.split("</tr>")[1])  # the pair sharing the most leads
    assert f"Showing {chapters.MAX_ROWS} of {N - 1} pairs, those sharing the largest part" in html
    assert f"the other {N - 1 - chapters.MAX_ROWS} are in the download" in html
    assert 'href="../data/overlap_pairs.csv.gz"' in html


def test_a_line_removed_from_every_article_is_one_row():
    html = str(chapters.furniture_view(_page("corpus")))
    assert _rows(html) == 1
    assert "Follow us on Google News" in html and f"and {N - 5} more" in html


def test_provenance_counts_every_basis_and_lists_only_values_worth_checking():
    html = str(chapters.provenance_view(_page("corpus")))
    summary, listing = html.split("</table>", 1)
    assert "How many articles have each value from each basis" in summary
    assert re.search(r"<td[^>]*>url</td><td[^>]*>300</td>", summary)  # url unknown for all: counted once
    assert "Every article has its outlet, title and url from the same basis" in listing
    assert ">url<" not in listing.split("<tbody>", 1)[1]
    first = listing.split("<tbody>", 1)[1].split("</tr>")[0]
    assert ">a0000<" in first and ">undated<" in first  # the least certain first: an undated article
    assert "words)" in listing and "evidence " * 60 not in listing  # long evidence is clipped here


def test_texts_articles_and_families_are_bounded_too():
    corpus = _page("corpus")
    texts = str(chapters.texts_view(corpus))
    assert texts.count("<details>") == chapters.MAX_TEXTS and 'href="../data/texts.csv.gz"' in texts
    articles = str(chapters.articles_view(corpus))
    assert _rows(articles) == chapters.MAX_ROWS
    assert "a0299" in articles.split("</tr>")[1]  # the input that could not be used comes first
    families = str(chapters.families_view(_page("overlap")))
    assert f"and {N - chapters.MAX_FAMILY_MEMBERS} more" in families


def test_downloads_link_the_compressed_tables():
    html = str(chapters.downloads(_page("intro")))
    for name in pipeline.TABLES:
        assert f'href="../data/{name}.csv.gz"' in html
    assert ".csv\"" not in html
