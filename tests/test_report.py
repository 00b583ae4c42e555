"""HTML building blocks: escaping untrusted text and marking spans."""

import re

import pandas as pd

from analysis.report import join_words, mark_spans, number_text, plural, table


def test_table_escapes_cells_and_headers():
    df = pd.DataFrame({"<b>col</b>": ["<script>alert(1)</script>"], "n": [1.5]})
    markup = str(table(df))
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "&lt;b&gt;col&lt;/b&gt;" in markup


def test_table_notes_truncation():
    df = pd.DataFrame({"x": range(10)})
    markup = str(table(df, max_rows=3))
    assert markup.count("<tr>") == 4  # header + 3 rows
    assert "first 3 of 10" in markup


def test_mark_spans_escapes_and_nests():
    text = "a <b> c & d"
    out = mark_spans(text, [(0, 11, "outer", ""), (2, 5, "inner", "t<")])
    assert out == ('<span class="outer">a <span class="inner" title="t&lt;">&lt;b&gt;</span>'
                   ' c &amp; d</span>')


def test_mark_spans_clips_crossing_spans_to_stay_well_formed():
    out = mark_spans("abcdef", [(0, 4, "x", ""), (2, 6, "y", "")])
    assert out.count("<span") == out.count("</span>") == 2
    assert out.replace('<span class="x">', "").replace('<span class="y">', "").replace("</span>", "") == "abcdef"


def test_mark_spans_ignores_empty_and_out_of_range_spans():
    assert mark_spans("abc", [(2, 2, "x", ""), (5, 9, "y", "")]) == "abc"


def test_words():
    assert plural(1, "article") == "1 article"
    assert plural(2, "quantity", "quantities") == "2 quantities"
    assert join_words(["a", "b", "c"]) == "a, b and c"
    assert join_words(["a"]) == "a"


def test_missing_values_show_as_empty_cells():
    df = pd.DataFrame({"lag": pd.array([3, None], dtype="Int64"), "when": [pd.NaT, pd.Timestamp("2021-09-09")]})
    markup = str(table(df))
    assert "<NA>" not in markup and "&lt;NA&gt;" not in markup and "NaT" not in markup
    assert re.search(r"<td[^>]*>3</td>", markup)


def test_numbers_read_as_written_not_in_exponent_form():
    assert number_text(1e9) == "1,000,000,000"
    assert number_text(float("inf")) == "∞"
    assert number_text(0.94134) == "0.9413"
    assert number_text(10.8) == "10.8"
    assert number_text(float("nan")) == ""


def test_dates_in_cells_do_not_break_at_their_hyphens():
    html = str(table(pd.DataFrame({"published": ["between 2021-09-13 and 2021-09-15", "<b>2021-09</b>"]})))
    assert '<span class="fc-nw">2021-09-13</span> and <span class="fc-nw">2021-09-15</span>' in html
    assert '&lt;b&gt;<span class="fc-nw">2021-09</span>&lt;/b&gt;' in html


def test_short_one_word_cells_are_kept_on_one_line():
    markup = str(table(pd.DataFrame({"unit": ["USD"], "low": [1e9], "text": ["more than $1 billion"]})))
    assert '<td class="fc-short">USD</td>' in markup
    assert 'class="fc-short" data-sort="1000000000.0">1,000,000,000</td>' in markup
    assert "<td>more than $1 billion</td>" in markup
