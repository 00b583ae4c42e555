"""Tests for analysis.corpus: formats, manifest, metadata, cleaning, bad input, identity."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import (
    CorpusParams,
    Problem,
    articles_table,
    clean_text,
    decode_bytes,
    furniture_table,
    load_corpus,
    problems_table,
)

HERE = Path(__file__).parent
FIX = HERE / "fixtures" / "corpus"
SEEDS = HERE.parent / "seeds"
SHARED = HERE.parent.parent / "shared" / "corpora"

BODY = (
    "The city council voted on Monday to expand the tram network by 12 kilometres, "
    "the mayor said after a four-hour debate.\n\n"
    "Opponents argued that the 340 million euro plan would raise fares for commuters.\n"
)


def write(p: Path, text: str, encoding: str = "utf-8") -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode(encoding))
    return p


def by_id(corpus):
    return {a.article_id: a for a in corpus.articles}


def problem_lines(corpus):
    return [p.message() for p in corpus.problems]


# --------------------------------------------------------------------------- formats


def test_txt_folder_ids_sorted_and_hidden_files_ignored(tmp_path):
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.txt", BODY.replace("Monday", "Tuesday"))
    write(tmp_path / ".hidden.txt", BODY + "x")
    c = load_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["a", "b"]
    assert c.problems == []
    assert c.title == tmp_path.name


def test_header_inline_date(tmp_path):
    write(tmp_path / "x.txt", " date 2021-09-13 " + BODY)
    a = load_corpus(tmp_path).articles[0]
    assert a.published == "2021-09-13" and a.basis["published"] == "header"
    assert a.text.startswith("The city council")
    assert ("date 2021-09-13", "header: published date") in a.removed


def test_header_title_compact_date_url(tmp_path):
    write(tmp_path / "x.txt", "Tram network to grow\n20230102\nhttps://www.citypaper.example/news/tram\n" + BODY)
    a = load_corpus(tmp_path).articles[0]
    assert (a.title, a.basis["title"]) == ("Tram network to grow", "header")
    assert (a.published, a.basis["published"]) == ("2023-01-02", "header")
    assert a.url == "https://www.citypaper.example/news/tram" and a.basis["url"] == "header"
    assert (a.outlet, a.basis["outlet"]) == ("citypaper.example", "url")
    assert "20230102" not in a.text and "https://" not in a.text
    assert a.text.startswith("Tram network to grow\nThe city council")


def test_markdown_front_matter_and_links(tmp_path):
    write(tmp_path / "m.md", "---\ntitle: Trams\ndate: 2022-05-06\n---\n# Trams\n\nSee [the plan](https://x.example) for " + BODY)
    a = load_corpus(tmp_path).articles[0]
    assert a.title == "Trams" and a.basis["title"] == "header"
    assert a.published == "2022-05-06"
    assert "[the plan]" not in a.text and "the plan" in a.text and "# " not in a.text


def test_html_page_with_trafilatura():
    c = load_corpus(FIX / "mixed")
    a = by_id(c)["page"]
    assert a.title == "Harbour bridge reopens after repairs"
    assert a.outlet == "Coastal Gazette"
    assert a.published == "2023-04-18"
    assert {a.basis[f] for f in ("title", "outlet", "url", "published")} == {"html-meta"}
    assert "Sign up for our newsletter" not in a.text
    assert ("Sign up for our newsletter", "page boilerplate (trafilatura)") in a.removed
    assert "36 steel cables" in a.text


def test_csv_columns_detected_and_paragraph_separator(tmp_path):
    df = pd.DataFrame({
        "ID": ["7", "8"],
        "Headline": ["Trams", "Buses"],
        "Body": ["First paragraph about trams. ### Share on Facebook ### Second paragraph.",
                 "Buses will run every 10 minutes."],
        "Link": ["https://a.example/2020/01/02/t", ""],
        "publisher": ["a.example", "b.example"],
        "scrape_time": ["2020-01-03T10:00:00-04:00", "2020-01-04T23:59:00-04:00"],
    })
    df.to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    a, b = c.articles
    assert (a.article_id, a.title, a.outlet) == ("7", "Trams", "a.example")
    assert a.source == "t.csv row 1" and b.source == "t.csv row 2"
    assert a.text == "First paragraph about trams.\n\nSecond paragraph."
    assert ("Share on Facebook", "share/navigation button") in a.removed
    # the date in the URL beats a scrape time; a scrape time is only an upper bound, never the day
    assert (a.published, a.basis["published"]) == ("2020-01-02", "url")
    assert b.published == "" and "published" not in b.basis
    assert b.basis["published_bound"] == "2020-01-04"
    assert "scrape time" in b.basis["published_bound_note"]


def test_jsonl_and_parquet(tmp_path):
    rows = [{"doc_id": "j1", "content": "Rain is expected on Friday across the region.", "date": "March 3, 2021"},
            {"doc_id": "j2", "content": "Snow fell overnight in the hills.", "domain": "hills.example"}]
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    pd.DataFrame({"article_id": ["p1"], "text": ["A parquet row about harbour fees rising 5 percent."],
                  "title": ["Fees up"], "published": [pd.Timestamp("2021-04-05")]}).to_parquet(tmp_path / "b.parquet")
    c = load_corpus(tmp_path)
    arts = by_id(c)
    assert set(arts) == {"j1", "j2", "p1"}
    assert arts["j1"].published == "2021-03-03" and arts["j1"].basis["published"] == "column"
    assert arts["j2"].outlet == "hills.example"
    assert arts["p1"].title == "Fees up" and arts["p1"].published == "2021-04-05"


def test_single_table_file_path(tmp_path):
    pd.DataFrame({"text": ["One article about ports.", "Another article about ships."]}).to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path / "t.csv")
    assert len(c.articles) == 2
    # no id column: ids are content hashes, stable across loads
    assert all(a.article_id.startswith("h") for a in c.articles)
    assert [a.article_id for a in load_corpus(tmp_path / "t.csv").articles] == [a.article_id for a in c.articles]


def test_mixed_folder_with_manifest():
    c = load_corpus(FIX / "mixed")
    assert c.title.startswith("Harbour news")
    assert c.question.startswith("How did local outlets")
    assert set(by_id(c)) == {"j1", "j2", "note", "page", "r1", "r2", "wire"}
    assert c.problems == []
    wire = by_id(c)["wire"]
    # the manifest confirms a header value: basis stays "header", the note is kept
    assert wire.basis["published"] == "header" and "confirmed by manifest" in wire.basis["published_note"]
    r2 = by_id(c)["r2"]
    assert r2.published == "2023-04-19"  # "19 April 2023" in the date column


def test_manifest_overrides_and_columns_mapping(tmp_path):
    write(tmp_path / "manifest.yaml",
          "title: T\nquestion: Q?\ncolumns:\n  text: words\n  outlet: site\n"
          "articles:\n  '5':\n    outlet: {value: Real Outlet, note: checked by hand}\n    published: 2020-02-03\n")
    pd.DataFrame({"id": ["5"], "words": ["Some article text here."], "site": ["mirror.example"]}).to_csv(
        tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    a = c.articles[0]
    assert (c.title, c.question) == ("T", "Q?")
    assert (a.outlet, a.basis["outlet"], a.basis["outlet_note"]) == ("Real Outlet", "manifest", "checked by hand")
    assert (a.published, a.basis["published"]) == ("2020-02-03", "manifest")
    assert a.text == "Some article text here."


def test_manifest_csv(tmp_path):
    write(tmp_path / "x.txt", BODY)
    write(tmp_path / "manifest.csv", "article_id,outlet,published,corpus_title\nx,Paper,2020-01-01,My corpus\n")
    c = load_corpus(tmp_path)
    assert c.title == "My corpus"
    a = c.articles[0]
    assert (a.outlet, a.published, a.basis["outlet"]) == ("Paper", "2020-01-01", "manifest")
    assert len(c.articles) == 1  # the manifest is not an article


def test_manifest_file_entry_gives_id(tmp_path):
    write(tmp_path / "raw_0001.txt", BODY)
    write(tmp_path / "manifest.yaml", "articles:\n  tram-story:\n    file: raw_0001.txt\n    outlet: Paper\n")
    c = load_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["tram-story"]


# --------------------------------------------------------------------------- metadata from text


def test_dateline_byline_and_signoff_outlet(tmp_path):
    write(tmp_path / "x.txt",
          "Share on Facebook Share on Twitter\nMay 31, 2019, 9:52 PM UTC\nBy Jane Roe\n" + BODY +
          "\nGazette Online's website can also be accessed at the following alternate addresses:\nwww.gazette.example\n"
          "SHARE THIS ARTICLE\nGazette TV App\n")
    a = load_corpus(tmp_path).articles[0]
    assert (a.published, a.basis["published"]) == ("2019-05-31", "text")
    assert (a.outlet, a.basis["outlet"]) == ("Gazette Online", "text")
    reasons = dict(a.removed)
    assert reasons["By Jane Roe"] == "byline"
    assert reasons["May 31, 2019, 9:52 PM UTC"].startswith("dateline")
    assert reasons["Gazette TV App"] == "after sign-off"
    assert "Gazette" not in a.text and "Jane Roe" not in a.text


def test_unknown_date_left_empty(tmp_path):
    write(tmp_path / "x.txt", "A headline without any date at all\n" + BODY)
    a = load_corpus(tmp_path).articles[0]
    assert a.published == "" and "published" not in a.basis
    assert a.title == "A headline without any date at all" and a.basis["title"] == "text"


# --------------------------------------------------------------------------- cleaning


def test_furniture_removed_and_listed():
    raw = (
        "News   /   World   /   Top Stories\n"
        "Headline about the tram network expansion\n"
        "Follow City Paper on Google News at this link\n"
        "The council approved 12 kilometres of new track.\n"
        "Mayor Jane Roe at the opening (Picture source: City Hall)\n"
        "Opening day: thread. pic.twitter.com/abc123 — Jane Roe (@janeroe) September 9, 2021\n"
        "Read more: Buses to run all night\n"
        "Opponents objected to the cost.\n"
        "Copyright © 2021 City Paper. All rights reserved.\n"
    )
    text, removed = clean_text(raw)
    reasons = dict(removed)
    assert reasons["News   /   World   /   Top Stories"] == "breadcrumb/navigation"
    assert reasons["Follow City Paper on Google News at this link"] == "follow prompt"
    assert reasons["Mayor Jane Roe at the opening (Picture source: City Hall)"] == "photo caption/credit"
    assert reasons["Read more: Buses to run all night"] == "read-more link"
    assert reasons["Copyright © 2021 City Paper. All rights reserved."] == "sign-off"
    assert any(r == "embedded post" for r in reasons.values())
    assert text == ("Headline about the tram network expansion\nThe council approved 12 kilometres of new track.\n"
                    "Opponents objected to the cost.")


def test_wire_photo_captions_removed_but_body_text_kept():
    captions = ["FILE - In this April 23, 2019 file photo, activists rally outside the Supreme Court.",
                "In this Thursday, May 30, 2019, photo provided by the Senate, senators meet in Washington.",
                "FILE- This March 20, 2018, file photo shows the app on an iPad in Baltimore."]
    body = ["In this case, the court said the photo was fake.",
            "A photo, released on Monday, shows the minister at the border."]
    text, removed = clean_text("\n".join(["The council met on Monday."] + captions + body))
    assert {line: why for line, why in removed} == {c: "photo caption/credit" for c in captions}
    assert all(b in text for b in body)


def test_repeated_tagline_and_headline():
    raw = ("Big tram news for the city today\nCity Paper Global Transport news\nA caption line here\n"
           "The council approved new track.\nCity Paper Global Transport news\nBig tram news for the city today\n"
           "It will open in 2025.")
    text, removed = clean_text(raw)
    assert text.startswith("Big tram news for the city today\n")
    assert text.count("Big tram news") == 1
    assert "Global Transport news" not in text
    assert ("Big tram news for the city today", "repeated headline") in removed


def test_outlet_recurring_lines_removed(tmp_path):
    for i in range(4):
        write(tmp_path / f"a{i}.txt",
              f"https://paper.example/story-{i}\nStory number {i} reports {i + 3} new trams ordered.\n"
              f"Different body sentence number {i} for this story.\nDownload the Paper App today\n")
    write(tmp_path / "other.txt", "https://other.example/x\nDownload the Paper App today\nOther outlet text here.\n")
    c = load_corpus(tmp_path, CorpusParams(recurring_line_min_articles=3))
    for i in range(4):
        a = by_id(c)[f"a{i}"]
        assert "Download the Paper App" not in a.text
        assert ("Download the Paper App today", "recurs in 4 of 4 articles of this outlet") in a.removed
    assert "Download the Paper App today" in by_id(c)["other"].text
    f = furniture_table(c)
    assert list(f.columns) == ["article_id", "line", "reason"]
    assert (f.reason.str.startswith("recurs in")).sum() == 4


def test_offsets_index_cleaned_text():
    text, _ = clean_text("Advertisement\nThe fleet has 36 ships.\nAdvertisement\nIt cost 4 million.")
    assert text == "The fleet has 36 ships.\nIt cost 4 million."
    i = text.index("36")
    assert text[i:i + 2] == "36"


@pytest.mark.parametrize("raw", ["", "   \n\n", "é" * 10, "\u200b\u2028", "word " * 200000, "x\x00y", "🙂 " * 50])
def test_clean_text_odd_input_never_raises(raw):
    text, removed = clean_text(raw)
    assert isinstance(text, str) and isinstance(removed, list)


# --------------------------------------------------------------------------- bad input


def test_empty_and_binary_files(tmp_path):
    write(tmp_path / "good.txt", BODY)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (tmp_path / "junk.txt").write_bytes(bytes([0, 1, 2, 3, 250, 251, 0, 0, 7, 8]) * 100)
    c = load_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["good"]
    msgs = problem_lines(c)
    assert "empty.txt: empty file (skipped)" in msgs
    assert "blank.txt: empty file (skipped)" in msgs
    assert "image.txt: binary file (skipped)" in msgs
    assert "junk.txt: binary file (skipped)" in msgs
    t = articles_table(c)
    assert set(t[t.status.str.startswith("skipped")].article_id) == {"empty", "blank", "image", "junk"}


@pytest.mark.parametrize("encoding,text", [
    ("cp1251", "Президент заявил, что страна получит партию российского оружия стоимостью более миллиарда долларов."),
    ("latin-1", "Le café était fermé à Noël, déjà vu par les habitants du quartier."),
    ("utf-16", "Die Straße über den Fluss wurde für 3 Wochen gesperrt."),
    ("utf-16-le", "Die Straße über den Fluss wurde für 3 Wochen gesperrt."),
    ("utf-8-sig", "Text with a byte order mark — and a dash."),
])
def test_encodings_detected(tmp_path, encoding, text):
    write(tmp_path / "x.txt", text, encoding)
    c = load_corpus(tmp_path)
    assert c.articles[0].text == text
    if encoding in ("cp1251", "latin-1"):
        assert len(c.problems) == 1 and "not UTF-8; decoded as" in c.problems[0].message()
        assert c.problems[0].action == "kept"


def test_decode_bytes_rejects_undecodable():
    for data in (bytes(range(1, 32)) * 50, bytes([0, 1, 2, 3, 250, 251, 0, 0, 7, 8]) * 100):
        text, enc, prob = decode_bytes(data)
        assert text is None and prob == "binary file"


def test_row_without_text_and_bad_json_line(tmp_path):
    pd.DataFrame({"id": ["1", "2", "3"], "text": ["Ships arrived.", "", "Ports closed."]}).to_csv(tmp_path / "t.csv", index=False)
    (tmp_path / "j.jsonl").write_text('{"id": "9", "text": "Fine row here."}\n{not json\n', encoding="utf-8")
    c = load_corpus(tmp_path)
    assert set(by_id(c)) == {"1", "3", "9"}
    msgs = problem_lines(c)
    assert "t.csv: row 2: no text (skipped)" in msgs
    assert "j.jsonl: row 2: invalid JSON line (skipped)" in msgs


def test_table_without_text_column(tmp_path):
    pd.DataFrame({"id": ["1"], "stuff": ["x"]}).to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    assert c.articles == [] and "no text column" in c.problems[0].problem


def test_every_copy_stays_an_article_and_repeats_name_what_they_repeat(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", BODY.replace("\n\n", "\n"))  # same text, no outlet known: not provably a repeat
    pd.DataFrame({
        "id": ["r1", "r2", "r3", "r1"],
        "publisher": ["Gazette", "Herald", "Gazette", "Gazette"],
        "scrape_time": ["2021-09-02", "2021-09-02", "2021-09-03", "2021-09-04"],
        "text": ["The wire story about 40 new trams.", "The wire story about 40 new trams.",
                 "The wire story about 40 new trams.", "The wire story about 40 new trams."],
    }).to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    arts = by_id(c)
    assert {"a", "b", "r1", "r2", "r3", "r1-2"} <= set(arts)
    assert arts["a"].duplicate_of == arts["b"].duplicate_of == ""
    assert arts["r2"].duplicate_of == "", "the same text under another outlet is an article of its own"
    assert arts["r3"].duplicate_of == "r1", "the same outlet's page seen again repeats the first"
    assert arts["r1-2"].duplicate_of == "r1", "a row with the same id and text is a repeat"
    assert arts["r3"].outlet == "Gazette" and arts["r3"].basis.get("published_bound") == "2021-09-03"
    t = articles_table(c).set_index("article_id")
    assert t.loc["r3", "duplicate_of"] == "r1" and t.loc["r2", "duplicate_of"] == ""
    assert not any("duplicate" in p.problem for p in c.problems)
    assert not any("already used" in p.problem for p in c.problems), "a repeated row is not an id clash"


def test_an_outlets_repeated_pages_do_not_make_its_own_lines_furniture(tmp_path):
    story = "Trams return\n\nThe council approved 12 new trams.\n\nRiders were pleased."
    pd.DataFrame({"id": ["1", "2", "3"], "publisher": ["Gazette"] * 3, "text": [story.replace("\n\n", " ### ")] * 3}
                 ).to_csv(tmp_path / "t.csv", index=False)
    arts = by_id(load_corpus(tmp_path))
    assert "Riders were pleased." in arts["1"].text
    assert arts["2"].duplicate_of == arts["3"].duplicate_of == "1"


def test_duplicate_ids_renamed(tmp_path):
    write(tmp_path / "story.txt", BODY)
    write(tmp_path / "story.md", "A different article about ferries and 3 new boats.")
    pd.DataFrame({"id": ["7", "7"], "text": ["First row text.", "Second row text."]}).to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    ids = [a.article_id for a in c.articles]
    assert sorted(ids) == ["7", "7-2", "story", "story-2"]
    actions = [p.action for p in c.problems]
    assert "kept (renamed id to story-2)" in actions and "kept (renamed id to 7-2)" in actions


def test_manifest_missing_file_and_path_outside(tmp_path):
    root = tmp_path / "corpus"
    write(root / "a.txt", BODY)
    write(tmp_path / "secret.txt", "outside text")
    write(root / "manifest.yaml",
          "articles:\n  gone:\n    file: missing.txt\n  evil:\n    file: ../secret.txt\n  ghost:\n    outlet: X\n")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    c = load_corpus(root)
    assert [a.article_id for a in c.articles] == ["a"]
    msgs = problem_lines(c)
    assert "manifest.yaml: article gone: manifest names a missing file: missing.txt (skipped)" in msgs
    assert "manifest.yaml: article evil: manifest names a path outside the corpus folder: ../secret.txt (skipped)" in msgs
    assert any(m.startswith("link.txt: path outside the corpus folder") for m in msgs)
    assert "manifest.yaml: article ghost: manifest names an article id that was not found (ignored)" in msgs
    assert all("outside text" not in a.text for a in c.articles)


def test_broken_manifest_does_not_stop_build(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "manifest.yaml", "title: [unclosed\n  - : :")
    c = load_corpus(tmp_path)
    assert len(c.articles) == 1
    assert c.problems[0].source == "manifest.yaml" and c.problems[0].action == "ignored"


def test_huge_file_skipped_without_reading(tmp_path):
    big = tmp_path / "huge.csv"
    with open(big, "wb") as fh:  # sparse: 300 MB on paper, no disk used
        fh.truncate(300 * 1024 * 1024)
    write(tmp_path / "a.txt", BODY)
    c = load_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["a"]
    assert problem_lines(c) == ["huge.csv: file is 300 MB, above max_file_mb=200; not read (skipped)"]


def test_unsupported_type_and_bad_date(tmp_path):
    write(tmp_path / "a.txt", BODY)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4 ...")
    pd.DataFrame({"id": ["1"], "text": ["Some text."], "date": ["not a date"]}).to_csv(tmp_path / "t.csv", index=False)
    c = load_corpus(tmp_path)
    msgs = problem_lines(c)
    assert any(m.startswith("doc.pdf: unsupported file type .pdf (readable: .csv, ") and m.endswith("(skipped)")
               for m in msgs)
    assert "t.csv: row 1: unreadable date 'not a date' in column 'date' (kept, date left empty)" in msgs
    assert by_id(c)["1"].published == ""


def test_missing_corpus_path(tmp_path):
    c = load_corpus(tmp_path / "nope")
    assert c.articles == [] and "does not exist" in c.problems[0].problem


def test_problem_message():
    assert Problem("seeds/x.txt", "row 12", "no text", "skipped").message() == "seeds/x.txt: row 12: no text (skipped)"
    assert Problem("a.txt", "", "empty file", "skipped").message() == "a.txt: empty file (skipped)"


# --------------------------------------------------------------------------- identity and tables


def test_fingerprint_changes_only_with_content(tmp_path):
    write(tmp_path / "a.txt", BODY)
    write(tmp_path / "b.txt", "Another story about 3 ferries.")
    f0 = load_corpus(tmp_path).fingerprint
    assert load_corpus(tmp_path).fingerprint == f0
    os.utime(tmp_path / "a.txt", (1, 1))  # touching a file changes nothing
    write(tmp_path / ".notes.txt", "hidden")
    assert load_corpus(tmp_path).fingerprint == f0
    write(tmp_path / "b.txt", "Another story about 4 ferries.")
    f1 = load_corpus(tmp_path).fingerprint
    assert f1 != f0
    write(tmp_path / "manifest.yaml", "articles:\n  b:\n    outlet: Ferry Times\n")
    f2 = load_corpus(tmp_path).fingerprint
    assert f2 != f1


def test_tables_typed_sorted_and_deterministic(tmp_path):
    for name in ["10", "9", "a"]:
        write(tmp_path / f"{name}.txt", f"Story {name} about trams and 3 new lines.\nAdvertisement\n")
    (tmp_path / "empty.txt").write_bytes(b"")
    c = load_corpus(tmp_path)
    t = articles_table(c)
    for col in ["article_id", "source", "title", "outlet", "url", "published", "published_basis",
                "title_basis", "outlet_basis", "url_basis", "words", "status"]:
        assert col in t.columns
    assert list(t.article_id) == ["9", "10", "a", "empty"]
    assert t.words.dtype == "int64"
    csv1 = t.to_csv(index=False)
    assert articles_table(load_corpus(tmp_path)).to_csv(index=False) == csv1
    p = problems_table(c)
    assert list(p.columns) == ["source", "row", "problem", "action"] and len(p) == 1
    assert furniture_table(c).reason.tolist() == ["share/navigation button"] * 3


# --------------------------------------------------------------------------- real corpora


@pytest.mark.skipif(not (SEEDS / "manifest.yaml").exists(), reason="seeds not present")
def test_seeds_load():
    c = load_corpus(SEEDS)
    assert len(c.articles) == 5 and c.problems == []
    assert c.title and c.question
    dated = [a for a in c.articles if a.published]
    # only 000 (header 'date ...') and 002 (YYYYMMDD header line) show a publication date;
    # the others carry none in their text, and none is invented
    assert len(dated) == 2
    assert sum(1 for a in c.articles if a.outlet) == 3
    for a in c.articles:
        for f in ("title", "outlet", "url", "published"):
            if getattr(a, f):
                assert a.basis[f] in {"manifest", "header", "url", "text"}
        for bad in ("SHARE THIS ARTICLE", "Read more:", "on Google News", "pic.twitter.com", "(Picture source:"):
            assert bad not in a.text


@pytest.mark.skipif(not SHARED.exists(), reason="../shared not present")
@pytest.mark.parametrize("name", ["census-2019", "spotify-2018"])
def test_shared_corpora_load(name):
    c = load_corpus(SHARED / name)
    assert len(c.articles) >= 30
    assert all(a.outlet for a in c.articles)
    # every article has a day from its text, or at least the scrape time as an upper bound
    assert all(a.published or a.basis.get("published_bound") for a in c.articles)
    assert sum(bool(a.published) for a in c.articles) >= 5
    for a in c.articles:
        assert " ### " not in a.text
        lines = set(a.text.split("\n"))
        assert not lines & {"Advertisement", "Share this:", "Email", "Facebook", "SIGN UP"}
    assert not c.problems
    # the exports hold the same outlet's page scraped again: a repeat of an article of that outlet
    arts = by_id(c)
    repeats = [a for a in c.articles if a.duplicate_of]
    assert repeats and all(arts[a.duplicate_of].outlet == a.outlet and not arts[a.duplicate_of].duplicate_of
                           and arts[a.duplicate_of].text == a.text for a in repeats)


def test_id_basis_recorded(tmp_path):
    write(tmp_path / "a.txt", BODY)
    pd.DataFrame({"text": ["Row without an id column."]}).to_csv(tmp_path / "t.csv", index=False)
    t = articles_table(load_corpus(tmp_path)).set_index("article_id")
    assert t.loc["a", "id_basis"] == "file name"
    assert [v for k, v in t.id_basis.items() if k != "a"] == ["content hash"]


def test_malformed_html_and_csv_do_not_crash(tmp_path):
    write(tmp_path / "a.html", "<html><body><div><p>unclosed <b>tags</div>")
    write(tmp_path / "d.html", "<html><head><title>x</title></head><body><script>var a = 1;</script></body></html>")
    (tmp_path / "b.csv").write_text('id,text\n1,"unterminated quote\n', encoding="utf-8")
    write(tmp_path / "c.txt", BODY)
    c = load_corpus(tmp_path)
    assert "c" in by_id(c)
    srcs = {p.source for p in c.problems}
    assert {"b.csv", "d.html"} <= srcs
    assert "a" in by_id(c) or "a.html" in srcs


@pytest.mark.parametrize("first_line,title", [
    ("Opinion | Will the court survive the census case?", "Will the court survive the census case?"),
    ("Trams return to the harbour | Gazette", "Trams return to the harbour"),
    # a long unpunctuated first line is a standfirst or a section label, not a headline
    ("Opinion Interpretation of the news based on evidence, including data, as well as anticipating how "
     "events might unfold based on past events", ""),
])
def test_title_from_first_line(tmp_path, first_line, title):
    write(tmp_path / "x.txt", first_line + "\n\n" + BODY)
    a = load_corpus(tmp_path).articles[0]
    assert a.title == title


def test_semicolon_csv_from_a_spreadsheet_is_read(tmp_path):
    (tmp_path / "export.csv").write_text(
        "headline;body;source;published\n"
        f'"Bridge approved";"{BODY}";"Gazette";"2021-03-02"\n', encoding="utf-8-sig")
    a = load_corpus(tmp_path).articles[0]
    assert (a.title, a.outlet, a.published) == ("Bridge approved", "Gazette", "2021-03-02")


def test_slash_dates_follow_the_columns_own_convention(tmp_path):
    rows = [("a", "25/03/2021"), ("b", "02/03/2021")]  # 25 is a day, so the column is day first
    (tmp_path / "t.csv").write_text("id,text,date\n" + "".join(f'{i},"{BODY} {i}",{d}\n' for i, d in rows),
                                    encoding="utf-8")
    c = load_corpus(tmp_path)
    got = {a.article_id: a.published for a in c.articles}
    assert got == {"a": "2021-03-25", "b": "2021-03-02"}
    assert not any("ambiguous" in p.problem for p in c.problems)


def test_an_ambiguous_slash_date_is_read_us_style_and_reported(tmp_path):
    (tmp_path / "t.csv").write_text(f'id,text,date\nb,"{BODY}",02/03/2021\n', encoding="utf-8")
    c = load_corpus(tmp_path)
    assert c.articles[0].published == "2021-02-03"
    assert any("ambiguous date '02/03/2021'" in p.problem and p.row == "row 1" for p in c.problems)


def test_sub_folders_are_reported_when_not_read(tmp_path):
    (tmp_path / "2021").mkdir()
    write(tmp_path / "2021" / "a.txt", "Trams return\n" + BODY)
    write(tmp_path / "b.txt", "Bridge reopens\n" + BODY + " More.")
    (tmp_path / "_build").mkdir()
    write(tmp_path / "_build" / "c.csv", "text\nx\n")
    c = load_corpus(tmp_path)
    assert [a.article_id for a in c.articles] == ["b"]
    assert [(p.source, p.action) for p in c.problems] == [("2021/", "not read")]
    assert "corpus_recursive" in c.problems[0].problem
    deep = load_corpus(tmp_path, CorpusParams(recursive=True))
    assert {a.article_id for a in deep.articles} >= {"a", "b"}


@pytest.mark.parametrize("value,iso", [
    ("2021-09-13T10:00:00Z", "2021-09-13"), ("20210913", "2021-09-13"), ("Sept. 13, 2021", "2021-09-13"),
    (1631500000, "2021-09-13"), ("1631500000123", "2021-09-13"), ("1631500000.5", "2021-09-13"),
    ("123456789", ""), ("not a date", ""), (None, ""),
])
def test_metadata_dates_in_the_forms_exports_use(value, iso):
    from analysis.corpus import parse_date_value

    assert parse_date_value(value) == iso


def test_a_caption_or_the_outlets_own_name_is_not_a_title(tmp_path):
    body = " ### ".join(["The streaming service said on Friday it would drop the policy after weeks of criticism "
                         "from artists and labels.", "Its chief executive said the rollout had been wrong."])
    df = pd.DataFrame({
        "id": ["1", "2", "3", "4"],
        "publisher": ["bbc.co.uk", "cnbc.com", "bbc.co.uk", "npr.org"],
        "text": ["BBC Radio 6 Music ### " + body,  # a programme of the outlet itself
                 "Daniel Ek, CEO and Founder of Spotify ### " + body,  # a photo caption: a name and a role
                 "BBC To Cut 450 Jobs In Its News Division ### " + body,  # a headline in title case
                 "Spotify To Roll Back Its 'Hateful Conduct' Policy ### " + body],
    })
    df.to_csv(tmp_path / "t.csv", index=False)
    titles = {a.article_id: a.title for a in load_corpus(tmp_path).articles}
    assert titles["1"] == "" and titles["2"] == ""
    assert titles["3"] == "BBC To Cut 450 Jobs In Its News Division"
    assert titles["4"] == "Spotify To Roll Back Its 'Hateful Conduct' Policy"
