"""HTML building blocks for the book's pages: tables, findings, marked-up texts.

Everything here escapes what it is given: article text, titles and outlet
names are untrusted input, and only markup made here reaches the page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import pandas as pd


class HTML:
    """A fragment of HTML for notebook display (kept dependency-free for testing)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


#: Bidirectional embedding, override and isolate controls, shown as escapes (``\u202e``): an outlet
#: named "other\u202e.example" reversed the rest of the finding it appeared in (what followed it,
#: "taken as one quantity on: …", read backwards).  Marks (U+200E, U+200F) only nudge, and are kept.
_BIDI_SHOWN = {c: f"\\u{c:04x}" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def bidi_shown(text: str) -> str:
    """``text`` with its bidirectional controls shown as escapes (see ``_BIDI_SHOWN``)."""
    return text.translate(_BIDI_SHOWN)


def esc(value: object) -> str:
    """Escape any value for HTML text or attributes (bidirectional controls shown, not obeyed)."""
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value).translate(_BIDI_SHOWN), quote=True)


_SHOWN_AS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(value: object) -> str:
    """Text with its control, format and line-separator characters shown as escapes (``\\u202e``,
    ``\\n``) instead of acting on the page: an input's original name can carry a right-to-left
    override that would reorder, or a newline that would break, the text around it."""
    import unicodedata

    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if cat[0] == "C" or cat in ("Zl", "Zp"):
            out.append(_SHOWN_AS.get(c, f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"))
        else:
            out.append(c)
    return "".join(out)


def anchor_id(prefix: str, key: object) -> str:
    """An HTML id made of letters, digits, "-" and "_" only, one to one with ``key``
    ("article-we.20.ird"): a name cannot break out of the attribute or clash with another's."""
    body = "".join(c if (c.isascii() and (c.isalnum() or c in "-_")) else f".{ord(c):x}." for c in str(key))
    return f"{prefix}-{body}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """``3 articles``, ``1 article``."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


def join_words(items: Sequence[str], conjunction: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def percent(share: float) -> str:
    return f"{100 * float(share):.0f}%"


def number_text(value: float) -> str:
    """A number as a reader expects it: ``1,000,000,000``, ``0.9413``, ``∞``; empty when missing."""
    if pd.isna(value):
        return ""
    if value in (float("inf"), float("-inf")):
        return "∞" if value > 0 else "−∞"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


_SHORT = 14  # cells of one word up to this long stay on one line
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


def _keep_dates_whole(markup: str) -> str:
    """Wrap ISO dates so a narrow column breaks lines around them, not at their hyphens."""
    return _ISO_DATE.sub(lambda m: f'<span class="fc-nw">{m.group(0)}</span>', markup)


#: Where the book's pages find the compressed tables (pages sit in ``book/``, downloads in ``data/``).
DOWNLOADS = "../data"
#: The section of the summary that lists every download.
DOWNLOADS_SECTION = "intro.html#intro-data"


def download_href(name: str) -> str:
    """The link to a table's compressed download: ``../data/figures.csv.gz``."""
    return f"{DOWNLOADS}/{name}.csv.gz"


def download_link(name: str) -> str:
    """``<a href="../data/figures.csv.gz"><code>figures.csv.gz</code></a>``, escaped."""
    return f'<a href="{esc(download_href(name))}"><code>{esc(name)}.csv.gz</code></a>'


#: Rows a bounded table keeps in the printed report (the web page shows up to its ``max_rows``, the
#: download every row): at 50 rows a table, the PDF of a 1,000-article corpus ran to 126 pages.
PRINT_ROWS = 10


def print_note(printed: int, shown: int, total: int, *, download: str = "", what: str = "rows",
               order: str = "") -> HTML:
    """What the printed report leaves out of a bounded table, printed only: "Printed: 10 of 4,188
    figures, by article; the web page shows 50, and figures.csv.gz has all of them." """
    lead = esc(f"Printed: {printed:,} of {total:,} {what}" + (f", {order}" if order else ""))
    where, verb = ((f"the download, {download_link(download)},", "has") if download
                   else (f'the <a href="{esc(DOWNLOADS_SECTION)}">data downloads</a>', "have"))
    if shown < total:
        rest = f"the web page shows {shown:,}, and {where} {verb} all of them"
    else:
        rest = f"the web page and {where} have all {total:,}"
    return HTML(f'<p class="fc-note fc-print-only">{lead}; {rest}.</p>')


def truncation_note(shown: int, total: int, *, download: str = "", what: str = "rows", order: str = "") -> HTML:
    """What a bounded view leaves out and where it is: "Showing the first 50 of 4,188 rows;
    the other 4,138 are in the download, figures.csv.gz." (``order`` says which come first)."""
    lead = f"Showing {shown:,} of {total:,} {what}, {order}" if order else f"Showing the first {shown:,} of {total:,} {what}"
    where = (f"the download, {download_link(download)}" if download
             else f'the <a href="{esc(DOWNLOADS_SECTION)}">data downloads</a>')
    return HTML(f'<p class="fc-note">{esc(lead)}; the other {total - shown:,} are in {where}.</p>')


def table(df: pd.DataFrame, *, sortable: bool = True, long_columns: Iterable[str] = (),
          max_rows: int | None = None, caption: str = "", download: str = "", what: str = "rows",
          order: str = "", total: int | None = None, titles: dict[str, Sequence[str]] | None = None,
          row_ids: Sequence[str] | None = None, label_columns: Iterable[str] = ()) -> HTML:
    """A scrollable, escaped HTML table; long text columns wrap instead of overflowing.

    With ``max_rows``, only the first rows are shown, followed by how many were left out
    (of ``total`` when ``df`` is already a bounded selection) and a link to ``download`` (the
    table's name) or else to the list of downloads; ``what`` names the rows ("pairs") and
    ``order`` says which come first.  ``titles`` gives a column's cells a tooltip each (an
    article's id under its label); ``row_ids`` gives each row an anchor (see :func:`anchor_id`).
    ``label_columns`` hold article labels: narrower than long text, and broken inside a long name
    ("sandiegouniontribune.com") rather than pushing the table past the page.  A bounded view
    (``max_rows``) prints only its first ``PRINT_ROWS`` rows, with a printed note saying so.
    """
    long_columns = set(long_columns)
    label_columns = set(label_columns)
    titles = titles or {}
    shown = df if max_rows is None else df.head(max_rows)
    total = len(df) if total is None else int(total)
    # a bounded view prints its first rows only: the PDF stays a report whatever the corpus size
    printed = len(shown) if max_rows is None else min(len(shown), PRINT_ROWS)
    head = "".join(f"<th>{esc(c)}</th>" for c in shown.columns)
    rows = []
    for i, record in enumerate(shown.itertuples(index=False)):
        cells = []
        for col, value in zip(shown.columns, record):
            text = number_text(value) if isinstance(value, float) else str(value)
            if col in long_columns:
                cls = ' class="fc-long"'
            elif col in label_columns:
                cls = ' class="fc-label"'
            elif len(text) <= _SHORT and not any(c.isspace() for c in text):
                cls = ' class="fc-short"'  # "USD", "1,000,000,000", "False": never broken across lines
            else:
                cls = ""
            if col in titles and i < len(titles[col]) and str(titles[col][i]):
                cls += f' title="{esc(titles[col][i])}"'
            if isinstance(value, float):
                cells.append(f'<td{cls} data-sort="{esc(value)}">{esc(text)}</td>')
            else:
                cells.append(f"<td{cls}>{_keep_dates_whole(esc(value))}</td>")
        anchor = f' id="{esc(row_ids[i])}"' if row_ids is not None and i < len(row_ids) else ""
        if i >= printed:
            anchor += ' class="fc-screen-only"'
        rows.append(f"<tr{anchor}>" + "".join(cells) + "</tr>")
    note = ""
    if total > len(shown) and (max_rows is not None or total > len(df)):
        note = str(truncation_note(len(shown), total, download=download, what=what, order=order))
    if printed < len(shown):
        # the screen's note names the rows the page shows; the printed one, those printed
        note = note.replace('<p class="fc-note">', '<p class="fc-note fc-screen-only">', 1) + str(
            print_note(printed, len(shown), total, download=download, what=what, order=order))
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    cls = "fc-sortable" if sortable else ""
    return HTML(
        f'<div class="fc-table-wrap"><table class="{cls}">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>{note}"
    )


def findings(sentences: Iterable[str]) -> HTML:
    """A bulleted list of computed findings (plain text sentences, escaped)."""
    items = "".join(f'<li class="fc-finding">{esc(s)}</li>' for s in sentences)
    return HTML(f"<ul>{items}</ul>" if items else '<p class="fc-note">Nothing to report.</p>')


def paragraph(text: str, cls: str = "") -> HTML:
    attr = f' class="{esc(cls)}"' if cls else ""
    return HTML(f"<p{attr}>{esc(text)}</p>")


def mark_spans(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """Escape ``text`` and wrap character spans in ``<span class=...>``.

    ``spans`` are ``(start, end, css_class, title)``; overlapping spans are
    nested where they nest and clipped where they cross, so the markup stays
    well formed.
    """
    events: list[tuple[int, int, int, str, str]] = []
    for start, end, cls, title in spans:
        start, end = max(0, int(start)), min(len(text), int(end))
        if end > start:
            events.append((start, end, 0, cls, title))
    events.sort(key=lambda e: (e[0], -e[1]))
    out: list[str] = []
    open_stack: list[int] = []  # end offsets of open spans
    pos = 0

    def close_until(limit: int) -> None:
        nonlocal pos
        while open_stack and open_stack[-1] <= limit:
            end = open_stack.pop()
            out.append(esc(text[pos:end]))
            pos = end
            out.append("</span>")

    for start, end, _, cls, title in events:
        close_until(start)
        if open_stack:
            end = min(end, open_stack[-1])
        out.append(esc(text[pos:start]))
        pos = start
        title_attr = f' title="{esc(title)}"' if title else ""
        out.append(f'<span class="{esc(cls)}"{title_attr}>')
        open_stack.append(end)
    close_until(len(text))
    out.append(esc(text[pos:]))
    return "".join(out)


def side_by_side(left_title: str, left_markup: str, right_title: str, right_markup: str) -> HTML:
    """Two already-marked-up texts in columns."""
    return HTML(
        '<div class="fc-side fc-pair">'
        f"<div><h4>{esc(left_title)}</h4>{left_markup}</div>"
        f"<div><h4>{esc(right_title)}</h4>{right_markup}</div>"
        "</div>"
    )


def quote(attribution: str, sentence: str, highlight: tuple[int, int] | None = None) -> str:
    """A quoted sentence with its source, optionally highlighting a span of it."""
    if highlight:
        body = mark_spans(sentence, [(highlight[0], highlight[1], "fc-mark", "")]).replace(
            'class="fc-mark"', 'class="fc-mark" style="background:#fff3c4"'
        )
    else:
        body = esc(sentence)
    return f'<div class="fc-quote"><strong>{esc(attribution)}</strong>: {body}</div>'


def note(text: str) -> HTML:
    return HTML(f'<p class="fc-note">{esc(text)}</p>')


def note_print(text: str) -> HTML:
    """A note printed only (what the printed report leaves out that the web page shows)."""
    return HTML(f'<p class="fc-note fc-print-only">{esc(text)}</p>')


def concat(*parts: HTML | str) -> HTML:
    return HTML("".join(str(p) for p in parts))
