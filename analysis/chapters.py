"""What each chapter shows: findings as sentences computed from the run, and its views.

Functions take a :class:`~analysis.pages.Page` and return escaped HTML fragments or
charts; the notebooks only call them.  They read what the book keeps of the run
(``page.book``: bounded tables, ``page.stats``: counts; see :mod:`analysis.digest`),
never the run's whole tables, so a chapter opens in bounded memory whatever the corpus
size.  Sentence builders are separate (``*_sentences_of(book)``); the older
``*_sentences(tables...)`` take whole tables (digested first) so they can be tested
on small tables.  Articles are named by their labels ("outlet · short title · date",
unique within the report; see :func:`analysis.digest.base_label`), with their ids
in tables and tooltips.
"""

from __future__ import annotations

import re

import pandas as pd

from . import charts, digest, pipeline
from .digest import (BACKGROUND_DAYS, BASIS_ORDER, COVERAGE_SHARE, MAX_FAMILY_MEMBERS, MAX_HEATMAP, MAX_IDS_NAMED,
                     MAX_PROVENANCE_ROWS, MAX_ROWS, MAX_SIDE_BY_SIDE, MAX_TEXTS, Book, basis_kind, date_label,
                     label_title, provenance_frame, short_title)
from .digest import date_text as _date_text
from .pages import Page, parameter_rows
from .report import (HTML, anchor_id, concat, download_link, esc, findings, join_words, mark_spans, note, number_text,
                     note_print, percent, plural, quote, side_by_side, table, truncation_note, visible)

#: How many edits a side-by-side pair lists under its texts (edits.csv.gz has them all).
MAX_EDIT_ROWS = 25
#: How many words of a long text a table cell shows (a common phrase, a removed line); downloads have all.
MAX_CELL_WORDS = 40
#: Up to this many outlets, the claim-by-outlet table has a column per outlet; beyond, a list per claim.
MAX_OUTLET_COLUMNS = 3
#: How many articles a finding names before saying how many more there are.
MAX_NAMED_IN_FINDING = 5
#: How many members of the largest family its finding names (each by its full label).
MAX_FAMILY_NAMED_IN_FINDING = 3
#: A side-by-side text longer than this many words is cut in print (at about a page: ``.fc-pair`` in
#: forensics.css), and a printed note says so; the web page shows it whole.
PRINT_SIDE_WORDS = 350
#: Rows (articles' figures) the interval chart draws for one quantity, each distinct interval first.
MAX_CHART_ROWS_PER_CLAIM = 10
#: Quantities the printed report's interval chart draws at most (the web page draws up to
#: ``digest.MAX_INTERVAL_CLAIMS``), and fewer when their rows would not fit one page: a row is 22
#: pixels, a quantity's axis and spacing about three rows, a page about 1,500 pixels
#: (``charts.PRINT_FIT_MAX_HEIGHT``) with the legend.
PRINT_INTERVAL_CLAIMS = 6
PRINT_CHART_ROWS = 55
PRINT_FACET_ROWS = 3
#: How many syndication groups and families the findings describe.
MAX_GROUPS_IN_FINDINGS = 3

__all__ = ["BACKGROUND_DAYS", "BASIS_ORDER", "COVERAGE_SHARE", "MAX_FAMILY_MEMBERS", "MAX_HEATMAP", "MAX_IDS_NAMED",
           "MAX_PROVENANCE_ROWS", "MAX_ROWS", "MAX_SIDE_BY_SIDE", "MAX_TEXTS", "basis_kind", "provenance_frame"]


# --- shared helpers ----------------------------------------------------------------


def _namer(book: Book):
    labels = book.labels()
    return lambda article_id: labels.get(str(article_id), str(article_id))


def _linked(sentence: str, href: str) -> str:
    return f'{esc(sentence)} <a href="{esc(href)}">Evidence</a>.'


def _items(items: list[tuple[str, str]]) -> str:
    if not items:
        return str(note("Nothing to report."))
    lis = "".join(f'<li class="fc-finding">{_linked(s, h) if h else esc(s)}</li>' for s, h in items)
    return f"<ul>{lis}</ul>"


def _more(names: list[str], total: int) -> str:
    """ "a, b and c", or "a, b, c and 4 more" when ``total`` exceeds the names given."""
    if total > len(names):
        return join_words(names + [f"{total - len(names):,} more"])
    return join_words(names)


# --- summary -----------------------------------------------------------------------


def corpus_header(page: Page) -> HTML:
    """The corpus's title and question, as stated in its manifest."""
    run = page.run
    parts = []
    if run.get("corpus_title"):
        parts.append(f"<p><strong>{esc(run['corpus_title'])}</strong></p>")
    if run.get("corpus_question"):
        parts.append(f"<p><em>{esc(run['corpus_question'])}</em></p>")
    parts.append(f'<p class="fc-note">Corpus fingerprint <code>{esc(run["fingerprint"][:12])}</code>, '
                 f'parameters <code>{esc(run["settings_hash"])}</code>, report version {esc(run["version"])}.</p>')
    return HTML("".join(parts))


def corpus_sentences(articles: pd.DataFrame, problems: pd.DataFrame) -> list[str]:
    """Sentences on the corpus (from whole tables): see :func:`corpus_sentences_of`."""
    return corpus_sentences_of(digest.book_of({"articles": articles, "problems": problems}))


def corpus_sentences_of(book: Book) -> list[str]:
    """Sentences on the corpus: size (each article once, repeats apart), outlets, dates, unreadable inputs."""
    c = book.stats["corpus"]
    n, outlets, unknown_outlet = c["articles"], c["outlets"], c["unknown_outlet"]
    out = []
    if n == 0:
        line = "The corpus holds no readable article"
    elif not outlets:
        line = f"The corpus holds {plural(n, 'article')}, none from an identifiable outlet"
        unknown_outlet = 0
    else:
        line = f"The corpus holds {plural(n, 'article')} from {plural(outlets, 'identified outlet')}"
    if unknown_outlet:
        line += f" ({plural(unknown_outlet, 'article')} with no identifiable outlet)"
    out.append(line + ".")
    repeats = c.get("repeats", 0)
    if repeats:
        of = c.get("repeated_articles", 0)
        out.append(f"{plural(repeats, 'more input row')} {'repeats' if repeats == 1 else 'repeat'} "
                   f"{'an article' if of == 1 else plural(of, 'article')} already counted (the same outlet's page "
                   f"seen again, or the same row given twice): {'it is' if repeats == 1 else 'they are'} listed in "
                   "the corpus chapter and not counted again.")
    dated = c["dated"]
    if dated:
        first, last = c["first_day"], c["last_day"]
        span = f"on {first}" if first == last else f"between {first} and {last}"
        out.append(f"{plural(dated, 'article')} {'has' if dated == 1 else 'have'} a known publication day, {span}.")
    ranged = c["ranged"]
    if ranged:
        out.append(f"{plural(ranged, 'article')} {'is' if ranged == 1 else 'are'} dated only to a "
                   "range inferred from evidence in the text and the corpus.")
    undated = n - dated - ranged
    if undated:
        out.append(f"{plural(undated, 'article')} could not be dated at all.")
    problems = c["problems"]
    if problems:
        skipped = c["problems_skipped"]
        found = f"{plural(problems, 'input problem')} {'was' if problems == 1 else 'were'} found"
        if skipped:
            out.append(f"{found}; {plural(skipped, 'input')} could not be used and {'is' if skipped == 1 else 'are'} "
                       "listed in the corpus chapter.")
        else:
            out.append(f"{found}; {'it is' if problems == 1 else 'they are'} listed in the corpus chapter.")
        if n == 0:
            shown = [f"{visible(r.source)}: {visible(r.problem)}" for r in book.problems.head(3).itertuples()]
            out.append("Nothing could be read: " + "; ".join(shown) + ("; …" if problems > 3 else "") + ".")
    return out


def overlap_sentences(pairs: pd.DataFrame, families: pd.DataFrame, articles: pd.DataFrame,
                      texts: pd.DataFrame | None = None, settings: dict | None = None) -> list[str]:
    """Sentences on shared text (from whole tables): see :func:`overlap_sentences_of`."""
    return overlap_sentences_of(digest.book_of({"overlap_pairs": pairs, "families": families, "articles": articles,
                                                "texts": texts}, settings))


def overlap_sentences_of(book: Book) -> list[str]:
    """Sentences on shared text: how many articles share, who ran the same text, the largest
    families by their source, the closest copies."""
    n = book.stats["corpus"]["articles"]
    o = book.stats["overlap"]
    name = _namer(book)
    if n < 2:
        return [f"With {'one article' if n == 1 else 'no article'}, there is no pair to compare."]
    if not o["pairs"]:
        return [f"No two of the {plural(n, 'article')} share a passage of text."]
    out = [f"{o['involved']} of {plural(n, 'article')} share at least one passage with another article, "
           f"in {plural(o['pairs'], 'pair')}."]
    out += syndication_sentences(book)
    out += family_sentences(book)
    for p in book.pairs.head(3).itertuples(index=False):
        a_share, b_share = float(p.share_a), float(p.share_b)
        smaller, other, share = (p.article_a, p.article_b, a_share) if a_share >= b_share else (
            p.article_b, p.article_a, b_share)
        line = (f"{percent(share)} of the words of {name(smaller)} lie in passages "
                f"shared with {name(other)}, in {plural(int(p.passages), 'passage')}")
        direction = str(p.direction)
        if direction == "a_copies_b":
            line += f"; {name(p.article_a)} is the later text"
        elif direction == "b_copies_a":
            line += f"; {name(p.article_b)} is the later text"
        elif direction == "undetermined" and max(a_share, b_share) < o.get("direction_min_share", 0.0):
            line += "; they share a passage, not a copy, so who took it from whom is undetermined"
        elif direction == "undetermined":
            line += "; which came first is undetermined"
        out.append(line + ".")
    return out


def _outlet_or_label(row, name) -> str:
    return str(row.get("outlet", "") or "") or name(row["article_id"])


def _group_title(members: list[dict]) -> str:
    for r in members:
        title = label_title(str(r.get("title", "") or ""), str(r.get("outlet", "") or ""))
        if title:
            return short_title(title)
    return ""


def _dated(row, name) -> str:
    """ "sfgate.com (1 Jun 2018)": an article's outlet (or label) and its date."""
    when = date_label(str(row.get("published", "") or ""), str(row.get("published_earliest", "") or ""),
                      str(row.get("published_latest", "") or ""))
    return f"{_outlet_or_label(row, name)} ({when})"


def syndication_sentences(book: Book) -> list[str]:
    """Who ran the same text verbatim or nearly so: how many, then the largest groups, the outlet
    that ran it first where the dates show one ("Y ran X's story word for word")."""
    s = book.stats.get("syndication") or {}
    if not s.get("groups"):
        return []
    name = _namer(book)
    share = percent(s["min_share"])
    out = [f"{plural(s['articles'], 'article')} from {plural(s['outlets'], 'outlet')} ran the same text as another "
           f"verbatim or nearly so (each with at least {share} of its words in the other), in "
           f"{plural(s['groups'], 'group')}."]
    members = book.syndication
    for g in book.syndication_groups.head(MAX_GROUPS_IN_FINDINGS).itertuples(index=False):
        rows = members[members["group"] == g.group].sort_values("rank").to_dict("records")
        how = "word for word" if bool(g.verbatim) else "verbatim or nearly so"
        title = _group_title(rows)
        story = f"story \u201c{title}\u201d" if title else "story"
        if g.first_id:
            first = next((r for r in rows if r["article_id"] == g.first_id), None)
            others = [r for r in rows if r["article_id"] != g.first_id]
            if first is not None:
                named = [_dated(r, name) for r in others[:MAX_NAMED_IN_FINDING]]
                out.append(f"{_more(named, int(g.size) - 1)} ran {_outlet_or_label(first, name)}'s {story} "
                           f"({date_label(first['published'], first['published_earliest'], first['published_latest'])})"
                           f" {how}.")
                continue
        named = [_dated(r, name) for r in rows[:MAX_NAMED_IN_FINDING]]
        outlets = {str(r.get("outlet", "") or "") for r in rows}
        if len(outlets) == 1 and "" not in outlets and int(g.size) == len(rows):
            # one outlet's own versions of a story, not a repeat of one page (their texts differ a little)
            whens = [date_label(r["published"], r["published_earliest"], r["published_latest"]) for r in rows]
            times = {2: "twice", 3: "three times"}.get(len(rows), f"{len(rows)} times")
            if len(set(whens)) == 1:  # "(22 Apr–31 May 2019 and 22 Apr–31 May 2019)" says nothing twice
                when = f"{'both' if len(rows) == 2 else 'all'} dated {whens[0]}" if whens[0] else "no date known"
            else:
                when = join_words(whens)
            out.append(f"{outlets.pop()} ran the same {story} {times} ({when}), {how}.")
            continue
        out.append(f"{_more(named, int(g.size))} ran the same {story} {how}; their dates do not show which ran "
                   "it first.")
    return out


def _source_first(row) -> bool:
    """Whether the dates show that a family's source ran before every other member (a book digested
    before this was known says nothing, so False)."""
    value = row.get("source_first", False) if hasattr(row, "get") else getattr(row, "source_first", False)
    return bool(value) if not pd.isna(value) else False


def family_sentences(book: Book) -> list[str]:
    """The largest families of shared text, named by their source (the earliest or fullest version)."""
    fam = book.families
    if fam.empty:
        return []
    name = _namer(book)
    members = book.family_members
    top = fam.iloc[0]
    carriers = members[(members["family"] == top["family"]) & ~members["source"].astype(bool)]
    others = int(top["size"]) - 1
    named = [name(a) for a in carriers["article_id"].head(MAX_FAMILY_NAMED_IN_FINDING)]
    excerpt = " ".join(str(top["excerpt"]).split()[:12])
    quote_ = f" (\u201c{excerpt}\u2026\u201d)" if excerpt else ""
    if _source_first(top):
        out = [f"The largest family of shared text is the text of {name(top['source_id'])}{quote_}, which ran "
               f"before {plural(others, 'other article')} that also {'carries' if others == 1 else 'carry'} it: "
               f"{_more(named, others)}."]
    else:
        # the source is only the version shown (the fullest, or the one with a known day): naming the
        # family "the text of X" would say X wrote it
        out = [f"The largest family of shared text{quote_} is carried by {plural(others + 1, 'article')}: "
               f"{_more([name(top['source_id'])] + named, others + 1)}; their dates do not show which ran it first."]
    rest = [(f"the text of {name(r.source_id)}, which ran first" if _source_first(r) else
             f"a text shown from {name(r.source_id)}") + f" ({plural(int(r.size), 'article')})"
            for r in fam.iloc[1:MAX_GROUPS_IN_FINDINGS].itertuples(index=False)]
    if rest:
        out.append(f"The next largest {'is' if len(rest) == 1 else 'are'} {join_words(rest)}; "
                   f"{plural(book.stats['overlap']['families'], 'family', 'families')} in all.")
    return out


def figures_sentences(claims: pd.DataFrame, summary: pd.DataFrame, figures: pd.DataFrame,
                      apart: pd.DataFrame | None = None) -> list[str]:
    """Sentences on figures (from whole tables): see :func:`figures_sentences_of`."""
    return figures_sentences_of(digest.book_of({"claims": claims, "claims_summary": summary, "figures": figures,
                                                "claims_apart": apart}), apart_known=apart is not None)


def figures_sentences_of(book: Book, apart_known: bool = True) -> list[str]:
    """Sentences on figures: how many, how many lined up, which conflict and why, which may differ."""
    f = book.stats["figures"]
    if not f["figures"]:
        return ["No figure was found in the articles."]
    n_articles = f["articles"]
    out = [f"The articles report {plural(f['figures'], 'figure')} across {plural(n_articles, 'article')}."
           if n_articles > 1 else f"The one article with figures reports {plural(f['figures'], 'figure')}."]
    if not f["claims"]:
        return out
    multi = f["multi"]
    if multi:
        bits = [f"{f[s]} {s}" for s in ("conflict", "compatible", "agree") if f.get(s)]
        out.append(f"{plural(multi, 'quantity', 'quantities')} {'is' if multi == 1 else 'are'} reported "
                   f"by more than one article: {join_words(bits)}.")
        if f.get("has_independent"):
            single = f["independent_one"]
            if single:
                out.append(f"{single} of them {'rests' if single == 1 else 'rest'} on one independent "
                           "source: every article that reports the figure has it inside a passage shared with "
                           "another that does, so their agreement confirms nothing.")
    claims = book.claims
    name = _namer(book)
    for claim_id in book.conflicts["claim_id"].head(5).tolist():
        rows = claims[claims["claim_id"] == claim_id]
        if rows.empty:
            continue
        by_wording: dict[str, list[str]] = {}
        # an outlet on both sides (its story updated, or two of its stories) is named by its articles
        # ("cnet.com · … · 1 Jun 2018"), so the sentence does not read as one outlet against itself
        wordings_of: dict[str, set[str]] = {}
        for r in rows.itertuples(index=False):
            wordings_of.setdefault(str(r.outlet or ""), set()).add(str(r.figure_text))
        for r in rows.itertuples(index=False):
            split = bool(r.outlet) and len(wordings_of.get(str(r.outlet), ())) > 1
            who = name(r.article_id) if split or not r.outlet else r.outlet
            names = by_wording.setdefault(str(r.figure_text), [])
            if who not in names:
                names.append(who)
        said = [f"\u201c{text}\u201d ({join_words(names)})" for text, names in by_wording.items()]
        subject = rows.iloc[0]["subject"] or rows.iloc[0]["unit"]
        line = f"Conflict on {subject} ({claim_id}): {join_words(said[:4], 'against')}"
        evidence = str(rows.iloc[0].get("evidence", "") or "")
        out.append(line + (f"; taken as one quantity on: {evidence}." if evidence else "."))
    # pairs whose figures both lie in text the two articles share are one text's figures, not two articles'
    n = f.get("apart", 0) - f.get("apart_in_shared_text", 0)
    if apart_known and n:
        # the pairs share a unit (and, for counts, a kind of thing: people, drives), not necessarily what
        # they measure: the sentence must not present them as one quantity
        out.append(f"{plural(n, 'pair')} of figures from different articles, in the same unit and about the same "
                   f"kind of thing, {'differs' if n == 1 else 'differ'} in value but {'is' if n == 1 else 'are'} "
                   "not called a conflict: what they measure may differ (another time, group, action or kind of "
                   "statement), or the evidence that they are one quantity is thin. "
                   f"{'It is' if n == 1 else 'They are'} listed apart, with why.")
    return out


def timeline_sentences(articles: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Sentences on timing (from whole tables): see :func:`timeline_sentences_of`."""
    return timeline_sentences_of(digest.book_of({"articles": articles, "events": events}))


def timeline_sentences_of(book: Book) -> list[str]:
    """Sentences on timing: who was first, the spread of coverage, the events most recalled."""
    t = book.stats["timeline"]
    name = _namer(book)
    out = []
    window = t["window"] if t.get("exact_window") else None
    if window and t.get("inside", 0) < t["dated"]:
        # a few articles far from the rest (an archive page, a late follow-up) must not set the span
        out.append(f"Most of the dated coverage ({t['inside']} of {plural(t['dated'], 'article')} with a known "
                   f"day) appeared between {window[0]} and {window[1]}; the earliest of those is "
                   f"{name(t['first_inside'])}.")
        listed = [_named_with_day(name(a), day) for a, day in t["far"]]
        more = t["far_count"] - len(listed)
        out.append(f"Dated apart from it: {join_words(listed)}" + (f", and {more} more." if more else "."))
    elif t["dated"]:
        first = t["earliest"]
        # the label shows the day already ("… · 2 Sep 2021"): not said twice
        out.append(f"The earliest article with a known date is "
                   f"{_named_with_day(name(first['article_id']), first['published'])}.")
        if t["dated"] > 1:
            last = t["latest"]
            days = (pd.Timestamp(last["published"]) - pd.Timestamp(first["published"])).days
            # calendar days, counting both ends: 2018-05-31 to 2018-06-02 is three days of coverage, not "2 days"
            if days:
                out.append(f"Dated coverage runs over {plural(days + 1, 'calendar day')}, to {last['published']} "
                           f"({name(last['article_id'])}).")
            else:
                out.append(("Both articles" if t["dated"] == 2 else f"All {t['dated']:,} articles")
                           + " with a known date appeared that day.")
    else:
        out.append("No article has a known publication day.")
    events = book.event_candidates
    if events.empty:
        return out
    shared = events[events["articles"].astype(int) > 1]
    days = shared[shared["granularity"].astype(str) == "day"]
    top = _most_mentioned(days if len(days) else shared)
    what = "day" if top is not None and top["granularity"] == "day" else "date"
    if top is not None:
        out.append(f"The {what} the articles mention most is {_event_text(top)}.")
    # what the coverage recalls: dates over before the first article mentioning them appeared, at
    # any granularity up to a month ("August last year"), which a same-day "Friday" would outrank
    if "first_published" in shared:
        first = shared["first_published"].fillna("").astype(str)
        before = shared[(first != "") & (shared["resolved_end"].astype(str) < first)
                        & shared["granularity"].astype(str).isin(["day", "week", "month"])]
        top_is_earlier = top is not None and (before["event_id"] == top["event_id"]).any()
        if top_is_earlier:
            before = before[before["event_id"] != top["event_id"]]
        recalled = _most_mentioned(before)
        if recalled is not None:
            # "The other earlier event" read as if the day above had been called earlier
            out.append(f"{'Besides that ' + what + ', the' if top_is_earlier else 'The'} earlier event the coverage recalls "
                       f"most is {_event_text(recalled)}.")
    return out


def _named_with_day(label: str, day: object) -> str:
    """An article's label and its date, the date only where the label does not already show it
    ("nbcnews.com · 10 May 2017", not "nbcnews.com · 10 May 2017, 2017-05-10")."""
    day = str(day or "")
    if not day:
        return label
    try:
        shown = date_label(day) if len(day) == 10 else ""
    except (ValueError, TypeError):
        shown = ""
    return label if shown and f"\u00b7 {shown}" in label else f"{label}, {day}"


def _most_mentioned(events: pd.DataFrame):
    """The event most articles mention (ties: more mentions, finer granularity, earlier), or None."""
    if events.empty:
        return None
    fine = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 4, "year": 5}
    ranked = events.assign(_g=events["granularity"].map(fine).fillna(9))
    return ranked.sort_values(["articles", "mentions", "_g", "resolved_start", "event_id"],
                              ascending=[False, False, True, True, True], kind="stable").iloc[0]


def _event_text(ev) -> str:
    """'2021-09-09, in 3 articles (as "Thursday" or "September 9, 2021")'."""
    when = str(ev["resolved_start"]) + (f" to {ev['resolved_end']}" if ev["resolved_end"] != ev["resolved_start"]
                                        else "")
    how = ""
    if str(ev.get("texts", "") or ""):
        # one wording once: "Last month" opening a sentence is the "last month" of another
        seen: dict[str, str] = {}
        for t in str(ev["texts"]).split(";"):
            if t.strip():
                seen.setdefault(t.strip().casefold(), t.strip())
        forms = [f"\u201c{t}\u201d" for t in seen.values()][:3]
        how = f" (as {join_words(forms, 'or')})" if forms else ""
    return f"{when}, in {plural(int(ev['articles']), 'article')}{how}"


def key_findings(page: Page) -> HTML:
    """The summary's findings, one linked list across all chapters."""
    book = page.book
    groups = [
        ("The corpus", "corpus.html#corpus", corpus_sentences_of(book)),
        ("Source overlap", "overlap.html#overlap", overlap_sentences_of(book)),
        ("Figure discrepancies", "figures.html#figures-conflicts", figures_sentences_of(book)),
        ("Coverage timeline", "timeline.html#timeline", timeline_sentences_of(book)),
    ]
    parts = []
    for title, href, sentences in groups:
        parts.append(f'<p><strong><a href="{esc(href)}">{esc(title)}</a></strong></p>')
        parts.append(_items([(s, "") for s in sentences]))
    return HTML("".join(parts))


def downloads(page: Page) -> HTML:
    """Links to every table's compressed CSV, with what one row is."""
    counts = page.stats.get("rows") or page.run.get("rows") or {}
    rows = []
    for name, what in pipeline.TABLES.items():
        rows.append(f"<li>{download_link(name)} ({plural(int(counts.get(name, 0)), 'row')}): {esc(what)}.</li>")
    return concat(HTML("<ul>" + "".join(rows) + "</ul>"),
                  note("Each table is a CSV file (UTF-8, comma-separated, one header row) compressed with gzip: "
                       "archive tools unpack it, and pandas.read_csv reads it as it is. The chapters show the "
                       "most telling rows of each; these files hold every row."))


# --- corpus --------------------------------------------------------------------------


def corpus_findings(page: Page) -> HTML:
    return findings(corpus_sentences_of(page.book))


def articles_view(page: Page) -> HTML:
    """The first articles (inputs that could not be used first), each with its label, byline,
    encoding, the article it repeats, and its source shown with any control characters visible."""
    a = page.book.articles.copy()
    c = page.stats["corpus"]
    name = _namer(page.book)
    view = pd.DataFrame({
        "article_id": a["article_id"].astype(str),
        "article": [name(i) for i in a["article_id"]],  # outlet, title cut short, date (whole titles: provenance)
        "published": [_date_text(r) for r in a.to_dict("records")],
        "byline": a["byline"].astype(str),
        "encoding": a["encoding"].astype(str),
        "words": a["words"],
        "status": a["status"].astype(str),
        "repeats": [name(d) if d else "" for d in a["duplicate_of"].astype(str)],
        "source": a["source"].map(visible),
    })
    unusable = c["skipped"] > 0
    if not unusable:  # every input was read: the column would only say "ok" again and again
        view = view.drop(columns="status")
    if not c.get("repeats"):
        view = view.drop(columns="repeats")
    if not (view["byline"] != "").any():
        view = view.drop(columns="byline")
    order = "those that could not be used first, then by id" if unusable else "by id"
    # labels and file names as label columns (broken inside a long name): the article as a long column and
    # the file name unbroken pushed the table past the page's column at 1280 pixels, cutting off the source
    labels = [col for col in ("article", "repeats", "source") if col in view.columns]
    return table(view, label_columns=labels, max_rows=MAX_ROWS, download="articles", what="articles",
                 order=order, total=c["rows"], row_ids=[anchor_id("article", i) for i in view["article_id"]])


def repeats_view(page: Page) -> HTML:
    """Input rows that repeat an article (the same outlet's page seen again, or a row given twice):
    which article each repeats, and where each was read from."""
    r = page.book.repeats
    c = page.stats["corpus"]
    if r.empty:
        return note("No input repeats another: every row is an article of its own.")
    name = _namer(page.book)
    view = pd.DataFrame({
        "row": r["article_id"].astype(str), "read from": r["source"].map(visible),
        "repeats": [name(d) for d in r["duplicate_of"]], "its id": r["duplicate_of"].astype(str),
        "first read from": r["original_source"].map(visible),
    })
    return concat(note(f"{plural(c['repeats'], 'row')} {'repeats' if c['repeats'] == 1 else 'repeat'} "
                       f"{plural(c['repeated_articles'], 'article')}: each is that article seen again, counted once; "
                       "the time it was seen again still bounds the article's publication."),
                  table(view, long_columns=["repeats"], max_rows=MAX_ROWS, download="articles", what="repeats",
                        order="by the article they repeat", total=c["repeats"],
                        row_ids=[anchor_id("article", i) for i in view["row"]]))


def provenance_view(page: Page) -> HTML:
    """How many articles have each field from each basis; then the values, the least certain first."""
    counts = page.book.provenance_counts
    st = page.stats["provenance"]
    if counts.empty:
        return note("No article was read.")
    kinds = [k for k in BASIS_ORDER if k in set(counts["kind"])] + sorted(set(counts["kind"]) - set(BASIS_ORDER))
    grid = counts.pivot(index="field", columns="kind", values="n").reindex(columns=kinds).fillna(0).astype(int)
    grid = grid.reindex([f for f in ("title", "outlet", "url", "published") if f in grid.index])
    summary = table(grid.reset_index(), sortable=False, caption="How many articles have each value from each basis")
    values = page.book.provenance
    if not st["listed"]:
        return concat(summary, table(values.drop(columns="kind"), long_columns=["value", "basis"]))
    # Too many to list: the values worth checking, dates first, least certain first.  A field with the
    # same basis for every article ("url: unknown" in a table export without addresses) is
    # said once, by the counts above, not repeated for each article.
    uniform = st["uniform_fields"]
    parts = [summary]
    if uniform:
        parts.append(note(f"Every article has its {join_words(uniform)} from the same basis, as counted above; "
                          f"{'it is' if len(uniform) == 1 else 'they are'} not listed again below."))
    if values.empty:
        return concat(*parts)
    # an inferred date's evidence can name every copy of the article: its opening is shown here,
    # the whole of it in the timeline chapter and the download
    listed = values[["article_id", "field", "value", "basis"]].assign(basis=values["basis"].map(_clip_words))
    parts.append(table(listed, long_columns=["value", "basis"], max_rows=MAX_PROVENANCE_ROWS, download="articles",
                       what="values", order="publication dates first, the least certain first within each field",
                       total=st["listed_rows"]))
    return concat(*parts)


def problems_view(page: Page) -> HTML:
    p = page.book.problems
    if p.empty:
        return note("Every input was read; none was skipped.")
    view = p.assign(source=p["source"].map(visible), problem=p["problem"].map(visible))
    return table(view, long_columns=["problem"], max_rows=MAX_ROWS, download="problems", what="problems",
                 total=page.stats["corpus"]["problems"])


def furniture_view(page: Page) -> HTML:
    f = page.book.furniture
    st = page.stats["furniture"]
    if not st["lines"]:
        return note("No page furniture was found.")
    reasons = page.book.furniture_reasons.sort_values(["n", "reason"], ascending=[False, True], kind="stable")
    summary = "; ".join(f"{r}: {n}" for r, n in zip(reasons["reason"], reasons["n"]))
    # one row per distinct line: a footer removed from 300 articles is one finding, not 300 rows
    rows = []
    for r in f.itertuples(index=False):
        ids = [i for i in str(r.first_ids).split("\x1f") if i]
        named = ", ".join(ids) + (f" and {int(r.articles) - len(ids):,} more" if int(r.articles) > len(ids) else "")
        rows.append({"line": _clip_words(r.line), "reason": r.reason, "articles": int(r.articles),
                     "removed from": named})
    view = pd.DataFrame(rows, columns=["line", "reason", "articles", "removed from"])
    return concat(note(f"{plural(st['lines'], 'line')} removed ({summary})."),
                  table(view, long_columns=["line", "removed from"], max_rows=MAX_ROWS, download="furniture",
                        what="distinct lines", order="those removed from the most articles first",
                        total=st["distinct"]))


def _clip_words(text: object, limit: int = MAX_CELL_WORDS) -> str:
    """The first ``limit`` words of a long text, with how many more there are."""
    words = str(text).split()
    return str(text) if len(words) <= limit else " ".join(words[:limit]) + f" … ({len(words):,} words)"


def texts_view(page: Page, limit: int = MAX_TEXTS) -> HTML:
    t = page.book.texts
    name = _namer(page.book)
    parts = []
    for r in t.head(limit).itertuples(index=False):
        parts.append(f'<details><summary title="{esc(r.article_id)}">{esc(name(r.article_id))}</summary>'
                     f'<div class="fc-side" style="grid-template-columns:1fr"><div>{esc(r.text)}</div></div></details>')
    total = page.stats["corpus"].get("texts", len(t))
    if total > min(limit, len(t)):
        parts.append(str(truncation_note(min(limit, len(t)), total, download="texts", what="texts", order="by id")))
    return HTML("".join(parts))


# --- overlap -------------------------------------------------------------------------


def overlap_findings(page: Page) -> HTML:
    return findings(overlap_sentences_of(page.book))


def overlap_heatmap(page: Page) -> charts.ChartHTML:
    pairs = page.book.heatmap_pairs
    order = page.book.heatmap_order
    return charts.show(charts.share_heatmap(pairs, page.labels(), list(order["article_id"]) if len(order) else None),
                       "overlap-heatmap")


def syndication_view(page: Page) -> HTML:
    """Articles that ran the same text verbatim or nearly so, as groups, earliest known publication first."""
    s = page.stats.get("syndication") or {}
    groups = page.book.syndication_groups
    if groups.empty:
        return note(f"No two articles ran the same text verbatim or nearly so (each with at least "
                    f"{percent(s.get('min_share', 0.9))} of its words in the other).")
    name = _namer(page.book)
    members = page.book.syndication
    rows = []
    for g in groups.itertuples(index=False):
        recs = members[members["group"] == g.group].sort_values("rank").to_dict("records")
        listed = "; ".join(name(r["article_id"]) for r in recs)
        if int(g.size) > len(recs):
            listed += f"; and {int(g.size) - len(recs):,} more (overlap_pairs.csv.gz lists every pair)"
        rows.append({"ran first": name(g.first_id) if g.first_id else "not known from their dates",
                     "articles": int(g.size), "outlets": int(g.outlets),
                     "how": "word for word" if bool(g.verbatim) else "verbatim or nearly so",
                     "articles, earliest known publication first": listed})
    view = pd.DataFrame(rows)
    return table(view, long_columns=["ran first", "articles, earliest known publication first"], max_rows=MAX_ROWS,
                 download="overlap_pairs", what="groups", order="the largest first", total=s.get("groups", len(view)))


def families_view(page: Page) -> HTML:
    """Each family's source text (its source member and an excerpt), its members and how much of
    each member the family's text makes up."""
    fam = page.book.families
    if fam.empty:
        return note("No family: no two articles share text.")
    name = _namer(page.book)
    members = page.book.family_members
    rows = []
    for f in fam.itertuples(index=False):
        m = members[members["family"] == f.family].sort_values("rank")
        named = "; ".join(f"{name(r.article_id)} ({percent(r.share)})" for r in m.itertuples(index=False)
                          if not bool(r.source))
        shown = int((~m["source"].astype(bool)).sum())
        if int(f.size) - 1 > shown:
            named += f"; and {int(f.size) - 1 - shown:,} more (families.csv.gz lists them)"
        excerpt = f" \u2014 \u201c{f.excerpt}\u201d" if str(f.excerpt) else ""
        when = "ran first" if _source_first(f) else "the dates do not show which ran first"
        rows.append({"family": f.family, "articles": int(f.size),
                     "source text (its share of the source article), and how it opens":
                         f"{name(f.source_id)} ({percent(f.source_share)}; {when}){excerpt}",
                     "carried by (its share of each article)": named})
    view = pd.DataFrame(rows)
    return table(view, long_columns=list(view.columns[2:]),
                 max_rows=MAX_ROWS, download="families", what="families", order="the largest first",
                 total=page.stats["overlap"]["families"], titles={view.columns[2]: list(fam["source_id"])})


def _order_words(direction: object, a: str = "a", b: str = "b") -> str:
    """A pair's ``direction`` as what the dates show: "b is the later", never "b copies a" (two
    articles quoting one statement share text without either copying the other)."""
    d = str(direction or "")
    if d == "a_copies_b":
        return f"{a} is the later"
    if d == "b_copies_a":
        return f"{b} is the later"
    # undetermined: the basis says why (the dates, or a shared passage too short to tell a copy from
    # two quotations of one source, whose dates still say which is the later)
    return "undetermined" if d in ("", "undetermined") else d


def pairs_view(page: Page) -> HTML:
    p = page.book.pairs
    if p.empty:
        return note("No pair of articles shares a passage.")
    name = _namer(page.book)
    view = pd.DataFrame({
        "article a": p["article_a"].map(name),
        "article b": p["article_b"].map(name),
        "share of a": p["share_a"].astype(float).map(percent),
        "share of b": p["share_b"].astype(float).map(percent),
        "passages": p["passages"].astype(int),
        "direction and its evidence": [f"{_order_words(d)}: {b}" if b else _order_words(d) for d, b in
                                       zip(p["direction"].astype(str), p["direction_basis"].fillna("").astype(str))],
        "family": p["family"],
    })
    # only the evidence takes a long column's width: with the labels too, the table ran past the page's
    # column at 1280 pixels and the evidence was the part cut off
    return table(view, long_columns=["direction and its evidence"], label_columns=["article a", "article b"],
                 max_rows=MAX_ROWS,
                 download="overlap_pairs", what="pairs", order="those sharing the largest part of either text first",
                 total=page.stats["overlap"]["pairs"],
                 titles={"article a": list(p["article_a"].astype(str)), "article b": list(p["article_b"].astype(str))})


def _marked_text(text: str, article_id: str, side: str, passages: pd.DataFrame, edits: pd.DataFrame,
                 unique: pd.DataFrame) -> str:
    spans = []
    for p in passages.itertuples(index=False):
        start, end = (p.start_a, p.end_a) if side == "a" else (p.start_b, p.end_b)
        spans.append((start, end, "fc-shared", f"shared passage {p.passage_id} ({p.words} words, "
                                               f"similarity {float(p.similarity):.2f})"))
    for e in edits.itertuples(index=False):
        start, end = (e.start_a, e.end_a) if side == "a" else (e.start_b, e.end_b)
        other = e.text_b if side == "a" else e.text_a
        cls = "fc-edit-a" if side == "a" else "fc-edit-b"
        spans.append((start, end, cls, f"{e.op}: other side has \u201c{other}\u201d" if other else e.op))
    for u in unique.itertuples(index=False):
        if u.article_id == article_id:
            spans.append((u.start, u.end, "fc-only", "only this article has this paragraph"))
    return mark_spans(text, spans)


def derived_pair_html(pair, texts: dict[str, str], labels: dict[str, str], passages: pd.DataFrame,
                      edits: pd.DataFrame, unique: pd.DataFrame) -> HTML:
    """One pair's texts side by side with shared passages, edits and one-sided paragraphs marked."""
    a, b = pair.article_a, pair.article_b
    sel = (passages["article_a"] == a) & (passages["article_b"] == b)
    pas = passages[sel]
    ed = edits[(edits["article_a"] == a) & (edits["article_b"] == b)]
    un = unique[(unique["article_a"] == a) & (unique["article_b"] == b)]
    left = _marked_text(texts.get(a, ""), a, "a", pas, ed, un)
    right = _marked_text(texts.get(b, ""), b, "b", pas, ed, un)
    changes = ed.groupby("op").size().to_dict() if len(ed) else {}
    la, lb = labels.get(a, a), labels.get(b, b)
    summary = (f"{la} ({a}) and {lb} ({b}): {plural(len(pas), 'shared passage')}, "
               f"{percent(pair.share_a)} of the first and {percent(pair.share_b)} of the second; edits inside "
               "passages: "
               + (join_words([f"{n} {op}" + ("s" if n != 1 else "") for op, n in sorted(changes.items())]) or "none")
               + f"; paragraphs only one side has: {len(un)}. Direction: {_order_words(pair.direction, la, lb)}"
               + (f" ({pair.direction_basis})" if getattr(pair, "direction_basis", "") else "") + ".")
    edit_rows = ed[["op", "text_a", "text_b"]].rename(columns={"text_a": "in the first", "text_b": "in the second"})
    return concat(f"<h3>{esc(la)} \u2194 {esc(lb)}</h3>", note(summary),
                  side_by_side(la, left, lb, right),
                  table(edit_rows, long_columns=list(edit_rows.columns[1:]), max_rows=MAX_EDIT_ROWS,
                        download="edits", what="edits") if len(ed) else "")


def derived_pairs_view(page: Page) -> HTML:
    book = page.book
    ranked = book.pairs.head(MAX_SIDE_BY_SIDE)
    if ranked.empty:
        return note("No pair of articles shares a passage, so there is nothing to compare.")
    texts = dict(zip(book.derived_texts["article_id"], book.derived_texts["text"]))
    labels = page.labels()
    parts = [derived_pair_html(p, texts, labels, book.derived_passages, book.derived_edits,
                               book.derived_unique_paragraphs) for p in ranked.itertuples(index=False)]
    # printed: the first pair, each text to about a page (five pairs of whole texts side by side were
    # 22 of the 96 pages of a 30-article report); the web page keeps them all, whole
    longest = max(len(str(texts.get(a, "")).split()) for a in (ranked.iloc[0]["article_a"], ranked.iloc[0]["article_b"]))
    if longest > PRINT_SIDE_WORDS:
        parts[0] = concat(parts[0], note_print("Printed: the opening of each text, about a page; the web page shows "
                                               "both texts whole."))
    if len(parts) > 1:
        parts[1:] = [f'<div class="fc-screen-only">{p}</div>' for p in parts[1:]]
        parts.append(str(note_print(f"Printed: the first pair of the {len(ranked)} shown side by side on the web "
                                    "page.")))
    total = page.stats["overlap"]["pairs"]
    if total > MAX_SIDE_BY_SIDE:
        parts.append(f'<p class="fc-note">The {MAX_SIDE_BY_SIDE} pairs sharing the most are shown; all '
                     f"{total:,} pairs, every passage and every edit are in {download_link('overlap_pairs')}, "
                     f"{download_link('passages')} and {download_link('edits')}.</p>")
    return concat(*parts)


def common_phrases_view(page: Page) -> HTML:
    c = page.book.common_phrases
    if c.empty:
        return note("No phrase was common enough across the corpus to be set aside.")
    name = _namer(page.book)
    # the table's own column names (max_ngram_df, example_article: an id) told a reader nothing
    view = pd.DataFrame({
        "phrase (as compared: lower case, no punctuation)": c["phrase"].map(_clip_words),
        "words": c["words"].astype(int),
        "articles with this run": c["articles"].astype(int),
        "articles with its most widespread n-gram": c["max_ngram_df"].astype(int),
        "why set aside": c["reason"].map({"corpus-wide": "in too many articles",
                                          "outlet boilerplate": "one outlet's boilerplate"}).fillna(c["reason"]),
        "for example in": c["example_article"].map(name),
    })
    return table(view, long_columns=[view.columns[0]], label_columns=["for example in"], max_rows=MAX_ROWS,
                 download="common_phrases", what="phrases", order="those in the most articles first",
                 total=page.stats["overlap"]["common_phrases"],
                 titles={"for example in": list(c["example_article"].astype(str))})


# --- figures -------------------------------------------------------------------------


def figures_findings(page: Page) -> HTML:
    return findings(figures_sentences_of(page.book))


#: A currency sign written before its amount ("$", "US$", "€", "£", "¥", "₹", "C$", "A$").
_CURRENCY_SIGN = re.compile(r"[A-Z]{0,2}[$\u00a2-\u00a5\u20a0-\u20cf]")


def _as_written(r) -> str:
    """A figure's interval as the article wrote it, with the lined-up value where a unit was converted:
    "477–583 miles (768–938 km)", "$1,000,000,000 or more", "27–33%"."""
    def span(lo, hi, unit: str = "") -> str:
        lo, hi = float(lo), float(hi)
        low = number_text(lo)
        if unit and _CURRENCY_SIGN.fullmatch(unit):  # a sign before the number, as written: "$1,000"
            low, unit = unit + low, ""
        glue = "" if unit == "%" or unit.startswith("-") else " "  # "60%", "20-year-old"
        after = f"{glue}{unit}" if unit else ""
        if hi == float("inf"):
            return f"{low}{after} or more"
        return f"{low}{after}" if lo == hi else f"{low}\u2013{number_text(hi)}{after}"

    wlo, whi = getattr(r, "written_low", float("nan")), getattr(r, "written_high", float("nan"))
    wunit = str(getattr(r, "written_unit", "") or "")
    unit = str(getattr(r, "unit", "") or "")
    if pd.isna(wlo) or pd.isna(whi):
        wlo, whi, wunit = r.low, r.high, ("" if unit == "count" else unit)
    written = span(wlo, whi, wunit)
    lined = span(r.low, r.high, "" if unit in ("count", "") else unit)
    converted = unit not in ("count", "", "%") and wunit and not (float(wlo) == float(r.low) and float(whi) == float(r.high))
    return f"{written} ({lined})" if converted else written


def _quote_figure(r, name) -> str:
    sentence = str(r.sentence)
    pos = sentence.find(str(r.figure_text))
    span = (pos, pos + len(str(r.figure_text))) if pos >= 0 else None
    when = str(getattr(r, "time_anchor", "") or "")
    who = name(r.article_id) + (f", {when}" if when else "")
    return quote(f"{who}: \u201c{r.figure_text}\u201d = {_as_written(r)}", sentence, span)


def conflicts_view(page: Page) -> HTML:
    book = page.book
    conflicts = book.conflicts
    if conflicts.empty:
        return note("No two articles report incompatible figures for a quantity that both clearly measure.")
    name = _namer(book)
    parts = []
    for c in conflicts.itertuples(index=False):
        rows = book.claims[book.claims["claim_id"] == c.claim_id]
        parts.append(f"<h3>{esc(c.subject or c.unit)} <small>({esc(c.claim_id)}, {esc(c.unit)})</small></h3>")
        evidence = str(rows.iloc[0].get("evidence", "") or "") if len(rows) else ""
        if evidence:
            parts.append(str(note(f"Taken as one quantity on: {evidence}.")))
        for r in rows.itertuples(index=False):
            parts.append(_quote_figure(r, name))
        total = int(rows["claim_figures"].iloc[0]) if len(rows) and "claim_figures" in rows else len(rows)
        if total > len(rows):
            parts.append(str(note(f"The first {len(rows)} of its {total:,} figures are quoted; claims.csv.gz has "
                                  "them all.")))
    n = book.stats["figures"]["conflict"]
    if n > len(conflicts):
        parts.append(str(truncation_note(len(conflicts), n, download="claims_summary", what="conflicts",
                                         order="those reported by the most articles first")))
    return HTML("".join(parts))


#: Two articles of a pair kept apart that share at least this share of one's text are said to be copies.
COPY_NOTE_MIN_SHARE = 0.5
#: How many pairs of figures that may measure different things the page shows (the CSV has all).
MAX_APART = digest.MAX_APART


def apart_view(page: Page) -> HTML:
    """Figures about the same noun and unit that disagree but are not called a conflict, with why."""
    book = page.book
    shown = book.apart
    in_shared = book.stats["figures"].get("apart_in_shared_text", 0)
    n = book.stats["figures"].get("apart", 0) - in_shared
    # two figures that both lie in text the two articles share are one text's figures, carried by both:
    # not two articles' figures, so they are counted here and left in claims_apart.csv only
    one = in_shared == 1
    left_out = (f"{plural(in_shared, 'more pair')} of figures {'lies' if one else 'lie'} wholly in text the two "
                "articles share: each article carries both figures, so the pair is one text's two figures, not two "
                f"articles' figures that may differ. {'It is' if one else 'They are'} left out here "
                f"(claims_apart.csv.gz marks {'it' if one else 'them'} in_shared_text).") if in_shared else ""
    if not n:
        return note("No figures of different articles, in the same unit and about the same kind of thing, differ "
                    "in value without being lined up or called a conflict."
                    + (" " + left_out.replace(" more pair", " pair", 1) if left_out else ""))
    name = _namer(book)
    parts = []
    for r in shown.itertuples(index=False):
        unit, _, subject = str(r.subject_key).partition("|")
        parts.append(f"<h3>{esc(_apart_heading(r, subject or unit))} "
                     f"<small>({esc(r.claim_a)} / {esc(r.claim_b)}, {esc(unit)})</small></h3>")
        parts.append(str(note(f"Not one quantity: {r.why_apart}.")))
        shared = float(getattr(r, "shared", 0.0) or 0.0)
        if shared >= COPY_NOTE_MIN_SHARE:
            parts.append(str(note(f"{name(r.article_a)} and {name(r.article_b)} share text ({percent(shared)} of "
                                  "one lies in passages shared with the other): each may carry both sentences, so "
                                  "this may be two figures of one text rather than two articles that disagree.")))
        for side in ("a", "b"):
            aid = getattr(r, f"article_{side}")
            sentence, text = str(getattr(r, f"sentence_{side}")), str(getattr(r, f"text_{side}"))
            pos = sentence.find(text)
            parts.append(quote(f"{name(aid)}: \u201c{text}\u201d", sentence, (pos, pos + len(text)) if pos >= 0 else None))
    if n > len(shown):
        lead = "The pair whose sentences are" if len(shown) == 1 else f"The {len(shown)} pairs whose sentences are"
        parts.append(str(note(f"{lead} most alike {'is' if len(shown) == 1 else 'are'} shown; all {n:,} are "
                              "in claims_apart.csv.gz.")))
    if left_out:
        parts.append(str(note(left_out)))
    return HTML("".join(parts))


def _apart_heading(row, fallback: str) -> str:
    """What each side of an apart pair counts, in its own words: "federal judges / votes", or one
    subject when both say the same; the key's class ("people", "USD") when neither names one."""
    subjects = [str(getattr(row, c, "") or "").strip() for c in ("subject_a", "subject_b")]
    if not any(subjects):
        return fallback
    if subjects[0].casefold() == subjects[1].casefold():
        return subjects[0]
    # one side names nothing: say so, or the heading would give both sides the other's noun
    return " / ".join(s or "(not stated)" for s in subjects)


def claims_by_outlet_view(page: Page) -> HTML:
    book = page.book
    f = book.stats["figures"]
    if not f["claims"]:
        return note("No figure could be lined up across articles.")
    if not f["multi"]:
        return note("Every figure is reported by a single article; none can be compared.")
    shown = set(book.claims_by_outlet["claim_id"])
    c = book.claims[book.claims["claim_id"].isin(shown)]
    c = c.assign(who=c["outlet"].where(c["outlet"].astype(str) != "", c["article_id"]))
    summary = book.claims_by_outlet
    independent = (dict(zip(summary["claim_id"], summary["independent"].astype(int)))
                   if "independent" in summary.columns else {})
    said = (c.groupby(["claim_id", "subject", "status", "who"])["figure_text"]
            .agg(lambda s: " / ".join(sorted(set(map(str, s))))))
    if f["outlets_in_multi"] <= MAX_OUTLET_COLUMNS:
        view = said.unstack("who").fillna("").reset_index()
        view.insert(3, "independent sources", view["claim_id"].map(independent).fillna(0).astype(int))
        return table(view, max_rows=MAX_ROWS, total=f["multi"], what="quantities", order="by claim id")
    # Too many outlets for one column each: one cell lists what each outlet says.
    outlets = dict(zip(summary["claim_id"], summary["outlets"].astype(int))) if "outlets" in summary else {}
    rows = []
    for (claim_id, subject, status), group in said.groupby(level=[0, 1, 2], sort=True):
        items = [f"{who}: {text}" for (_, _, _, who), text in group.items()]
        more = outlets.get(claim_id, len(items)) - len(items)
        rows.append({"claim_id": claim_id, "subject": subject, "status": status,
                     "outlets": outlets.get(claim_id, len(items)),
                     "independent sources": independent.get(claim_id, 0),
                     "what each outlet reports": "; ".join(items) + (f"; and {more:,} more" if more > 0 else "")})
    return table(pd.DataFrame(rows), long_columns=["what each outlet reports"], max_rows=MAX_ROWS, total=f["multi"],
                 download="claims", what="quantities", order="by claim id")


def claim_intervals_chart(page: Page) -> charts.ChartHTML:
    book = page.book
    keep = list(book.interval_claims["claim_id"])
    c = book.claims[book.claims["claim_id"].isin(set(keep))].copy()
    if len(c):
        name = _namer(book)
        order = {cid: i for i, cid in enumerate(keep)}
        c = c.assign(_o=c["claim_id"].map(order)).sort_values(["_o", "article_id", "figure_id"], kind="stable")
        c["label"] = [name(a) for a in c["article_id"]]
        c = clip_open_intervals(c)
        # at most MAX_CHART_ROWS_PER_CLAIM rows a quantity, each distinct interval first (a quantity carried by
        # forty articles drew forty rows, and the chart of a large corpus ran to 11,000 pixels)
        first_of = ~c.duplicated(["claim_id", "low", "high"])
        c = (c.assign(_first=~first_of).sort_values(["_o", "_first"], kind="stable")
             .groupby("claim_id", sort=False).head(MAX_CHART_ROWS_PER_CLAIM)
             .sort_values(["_o", "article_id", "figure_id"], kind="stable").drop(columns=["_o", "_first"]))
    # printed: the first quantities whose rows fit a page (one of 6 quantities of 10 rows each was 1,630
    # pixels, too tall to scale onto a page: a blank page before it, and it ran on to the next)
    sizes = c.groupby("claim_id").size() if len(c) else pd.Series(dtype="int64")
    chosen, used = [], 0
    for claim_id in keep[:PRINT_INTERVAL_CLAIMS]:
        need = int(sizes.get(claim_id, 0)) + PRINT_FACET_ROWS
        if chosen and used + need > PRINT_CHART_ROWS:
            break
        chosen.append(claim_id)
        used += need
    if len(chosen) < len(keep):
        printed = c[c["claim_id"].isin(set(chosen))]
        return charts.show(charts.claim_intervals(c), "figures-intervals", charts.claim_intervals(printed),
                           f"Printed: the first {len(chosen)} of the {len(keep)} quantities the web page draws.")
    return charts.show(charts.claim_intervals(c), "figures-intervals")


def claim_intervals_note(page: Page) -> HTML:
    """Which quantities the interval chart draws, when it cannot draw them all."""
    drawn, multi = len(page.book.interval_claims), int(page.stats["figures"].get("multi", 0))
    rows = page.book.claims[page.book.claims["claim_id"].isin(set(page.book.interval_claims["claim_id"]))]
    many = bool(len(rows)) and int(rows.groupby("claim_id").size().max()) > MAX_CHART_ROWS_PER_CLAIM
    bits = []
    if drawn < multi:
        bits.append(f"The chart draws {drawn} of the {multi:,} quantities reported by more than one article: "
                    "conflicts first, then those whose wordings are compatible, then those that agree, the most "
                    "widely reported first within each.")
    if many:
        bits.append(f"A quantity reported by more articles draws {MAX_CHART_ROWS_PER_CLAIM} of them, each different "
                    "interval first.")
    return note(" ".join(bits) + " claims.csv.gz has them all.") if bits else HTML("")


def _label_for(outlet: str, article_id: str) -> str:
    """ "outlet · id", or the id alone when the outlet is unknown (or is the id)."""
    outlet, article_id = str(outlet or ""), str(article_id)
    return f"{outlet} · {article_id}" if outlet and outlet != article_id else article_id


def clip_open_intervals(claims: pd.DataFrame, stretch: float = 1.25) -> pd.DataFrame:
    """Give unbounded intervals ("more than X") a drawable end: past the claim's largest finite
    value, flagged in ``open_upper`` so the chart can say the wording sets no limit."""
    out = claims.copy()
    out["high"] = out["high"].astype(float)
    out["low"] = out["low"].astype(float)
    out["open_upper"] = ~out["high"].apply(lambda v: pd.notna(v) and v != float("inf"))
    for claim_id, rows in out.groupby("claim_id"):
        finite = pd.concat([rows["low"], rows["high"][~rows["open_upper"]]])
        top = float(finite.max()) * stretch if len(finite) and finite.max() > 0 else 1.0
        out.loc[rows.index[rows["open_upper"]], "high"] = top
    return out


def figures_view(page: Page) -> HTML:
    f = page.book.figures
    if f.empty:
        return note("No figure was found in the articles.")
    view = f.copy()
    # "as written" shows the interval the wording allows, and the lined-up value where a unit was converted:
    # low, high and unit beside it said it again and pushed the printed table past the page (figures.csv has them)
    view["as written"] = [_as_written(r) for r in view.itertuples(index=False)]
    if "quoted" in view:
        quoted = view["quoted"].astype(str).str.lower().isin(["true", "1"])
        speaker = view["speaker"].fillna("").astype(str) if "speaker" in view else pd.Series("", index=view.index)
        view["quoted, by"] = [(s or "yes") if q else "" for q, s in zip(quoted, speaker)]
    cols = [c for c in ["article_id", "text", "as written", "sentence", "subject", "action", "statement",
                        "quoted, by"] if c in view]
    # the id as a label column (broken inside): unbroken, it pushed the last columns past the page
    return table(view[cols], long_columns=["sentence"], label_columns=["article_id"], max_rows=MAX_ROWS,
                 total=page.stats["figures"]["figures"], download="figures", what="figures", order="by article")


# --- timeline ------------------------------------------------------------------------


def timeline_findings(page: Page) -> HTML:
    return findings(timeline_sentences_of(page.book))


def _ok(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles the stages analyse: read, and not a repeat of another."""
    ok = articles[articles["status"].astype(str) == "ok"]
    if "duplicate_of" in ok:
        ok = ok[ok["duplicate_of"].fillna("").astype(str) == ""]
    return ok


def coverage_window(articles: pd.DataFrame, share: float = COVERAGE_SHARE) -> tuple[str, str] | None:
    """The shortest span of days holding at least ``share`` of the exactly dated articles (earliest
    such span on ties); None when no article has an exact date (then inferred ranges' ends are used)."""
    ok = _ok(articles)
    days = [str(d) for d in ok.get("published", pd.Series(dtype=str)).fillna("") if str(d)]
    if not days:
        days = [str(d) for c in ("published_earliest", "published_latest") if c in ok
                for d in ok[c].fillna("") if str(d)]
    if not days:
        return None
    hist = pd.Series(days).value_counts().rename_axis("day").rename("n").reset_index()
    return digest.window_of(hist, share)


def timeline_frames(articles: pd.DataFrame, dates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Rows for the lane chart, within the window where the coverage is (``coverage_window`` plus a
    margin): publications (days, or ranges clipped to the window, with ``open_start``/``open_end``
    where a range runs past the window or has no bound there), and day-, week- or month-level event
    mentions; plus how many mentions fall outside the window (they stay in the tables).  Articles
    dated outside the window are ``timeline_outliers``."""
    cols = digest.MARK_COLUMNS
    ok = _ok(articles)
    window = coverage_window(ok)
    if window is None:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=cols), 0
    left, right = digest.edges(window)
    pubs = digest.publication_marks(ok, left, right)
    lanes = {r["article_id"]: digest.lane(str(r.get("outlet", "") or ""), r["article_id"])
             for r in ok.to_dict("records")}
    if len(dates):
        d = dates.assign(lane=dates["article_id"].map(lanes).fillna(""))
        for c in ("text", "basis"):
            if c not in d:
                d[c] = ""
        marks = digest.mention_marks(d, left, right)
    else:
        marks = pd.DataFrame(columns=cols)
    outside = int(marks["cut"].astype(bool).sum())
    return pubs, marks[~marks["cut"].astype(bool)].reset_index(drop=True), outside


def timeline_outliers(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles whose publication day or whole range lies outside the drawn window, with their dates."""
    ok = _ok(articles)
    window = coverage_window(ok)
    if window is None:
        return pd.DataFrame(columns=["article_id", "publication"])
    left, right = digest.edges(window)
    where = digest.placed(ok, left, right)
    out = where[where["place"] == "outside"].sort_values(["order", "article_id"], kind="stable")
    return out[["article_id", "publication"]].reset_index(drop=True)


def timeline_chart(page: Page) -> charts.ChartHTML:
    book = page.book
    pubs = book.frames.get("lane_publications", pd.DataFrame(columns=digest.MARK_COLUMNS))
    mentions = book.frames.get("lane_mentions", pd.DataFrame(columns=digest.MARK_COLUMNS))
    return charts.show(charts.timeline(pubs, mentions), "timeline-lanes")


def timeline_note(page: Page) -> HTML:
    """What the lane chart leaves out or draws open: the window, outliers, undated articles, open
    ranges, lanes not drawn and mentions outside the window."""
    t = page.stats["timeline"]
    chart = t.get("chart")
    if not chart:
        return HTML("")
    name = _namer(page.book)
    left, right, window = chart["left"], chart["right"], t["window"]
    dated = t["dated"]
    held = chart["held"]
    bits = [f"The chart shows {left} to {right}: the coverage is there ({held} of "
            f"{plural(dated, 'article')} with a known day {'falls' if held == 1 else 'fall'} between "
            f"{window[0]} and {window[1]})."] if dated else [f"The chart shows {left} to {right}."]
    outliers = page.book.outliers
    if chart["outliers"]:
        # a few by name: the caption stays a caption; the tables and articles.csv hold every range
        listed = [_named_with_day(name(r.article_id), r.publication)
                  for r in outliers.head(MAX_NAMED_IN_FINDING).itertuples(index=False)]
        more = chart["outliers"] - len(listed)
        bits.append(f"Dated outside it, and not drawn: {join_words(listed)}"
                    + (f", and {more:,} more (see articles.csv.gz)." if more else "."))
    if chart["undated"]:
        n = chart["undated"]
        listed = [name(a) for a in page.book.undated["article_id"].head(MAX_NAMED_IN_FINDING)]
        bits.append(f"{plural(n, 'article')} with no date evidence {'is' if n == 1 else 'are'} "
                    f"not drawn: {_more(listed, n)}.")
    cut = chart["cut"]
    if cut:
        bits.append(f"{plural(cut, 'publication range')} {'runs' if cut == 1 else 'run'} past the window or "
                    f"{'has' if cut == 1 else 'have'} no bound on one side: "
                    f"{'its' if cut == 1 else 'their'} bar is pale and ends in an arrow (\u25c0 or \u25b6) "
                    "where it continues; hover over a bar, or see the table below, for the full range.")
    if chart["lanes"] > chart["lanes_shown"]:
        bits.append(f"The {chart['lanes_shown']} outlets with the most articles have a lane; the other "
                    f"{chart['lanes'] - chart['lanes_shown']:,} outlets ({plural(chart['articles_not_in_lanes'], 'article')}) "
                    "are in the table below and the downloads.")
    if chart["outside_mentions"]:
        n = chart["outside_mentions"]
        bits.append(f"{plural(n, 'mention')} of dates outside the window, or running past its edge (background "
                    f"the articles recall, or dates ahead), {'is' if n == 1 else 'are'} not drawn: dates.csv.gz lists "
                    f"{'it' if n == 1 else 'them'}.")
    vague = chart.get("unknown_span_mentions", 0)
    if vague:
        bits.append(f"{plural(vague, 'mention')} of a day, week or month whose date is known only within a wider "
                    f"range (in an article dated only to a range, a \u201cWednesday\u201d may be any of several) "
                    f"{'is' if vague == 1 else 'are'} not drawn; dates.csv.gz gives {'its' if vague == 1 else 'their'} "
                    "range.")
    return note(" ".join(bits))


#: Words of a publication range's "Consistent with it" evidence the timeline's table shows (the evidence
#: that sets each bound, and any conflict, is shown whole; articles.csv.gz has all of it).
MAX_CONSISTENT_WORDS = 40
_CONSISTENT = re.compile(r"(Consistent with it: )(.*?)(?=\. The evidence conflicts: |\Z)", re.S)


def publication_evidence(basis: str, limit: int = MAX_CONSISTENT_WORDS) -> str:
    """An inferred range's evidence for the table: what sets each bound and any conflict whole, the
    evidence merely consistent with the range cut to its first ``limit`` words (one article's ran to
    8,578 characters, a page and a half of the printed report), saying how much more there is."""
    def cut(m: re.Match) -> str:
        words = m.group(2).split()
        if len(words) <= limit:
            return m.group(0)
        return (f"{m.group(1)}{' '.join(words[:limit])} \u2026 ({len(words) - limit:,} more words: "
                "articles.csv.gz has the whole evidence)")
    return _CONSISTENT.sub(cut, basis, count=1)


def publication_view(page: Page) -> HTML:
    a = page.book.publications
    name = _namer(page.book)
    view = pd.DataFrame({"article_id": a["article_id"].astype(str), "article": [name(i) for i in a["article_id"]],
                         "publication": [_date_text(r) for r in a.to_dict("records")],
                         "evidence": a["published_basis"].astype(str).map(publication_evidence)})
    # the label as a label column (narrower, broken inside a long name): as a second long column it pushed
    # the table past the page's column at 1280 pixels, and the evidence was the part cut off
    return table(view, long_columns=["evidence"], label_columns=["article"], max_rows=MAX_ROWS,
                 total=page.stats["timeline"]["articles"], download="articles", what="articles", order="by id")


def events_view(page: Page) -> HTML:
    e = page.book.events
    if e.empty:
        return note("No dated event is mentioned.")
    view = pd.DataFrame({
        "event": e["event_id"],
        "date": [_span_text(a, b) for a, b in zip(e["resolved_start"], e["resolved_end"])],
        "granularity": e["granularity"],
        "articles": e["articles"].astype(int),
        "outlets": e["outlets"].astype(str).str.replace(";", "; ", regex=False).str.replace("  ", " ", regex=False),
        "wording": e["texts"] if "texts" in e else "",
        "first covered": e["first_published"] if "first_published" in e else "",
        "lag (days)": e["lag_days"] if "lag_days" in e else "",
    })
    # outlets and wording as label columns: as long columns they pushed "first covered" and "lag (days)"
    # past the page's column
    return table(view, label_columns=["outlets", "wording"], max_rows=MAX_ROWS,
                 total=page.stats["timeline"]["events"], download="events", what="events", order="by date")


def _span_text(start: object, end: object) -> str:
    """A resolved date or interval as one cell: "2021-09-09", "2021-09-01 to 2021-09-30", "from 2022-02-24"."""
    start, end = ("" if pd.isna(v) else str(v) for v in (start, end))
    if start and end:
        return start if start == end else f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else "unresolved"


def _event_name(start: object, end: object) -> str:
    """An event as a short axis label: its day, its month ("2018-05") or its span ("2021-09-01–15")."""
    start, end = ("" if pd.isna(v) else str(v) for v in (start, end))
    if not start or not end or start == end:
        return _span_text(start, end)
    if start[:7] == end[:7] and start.endswith("-01") and pd.Timestamp(end).is_month_end:
        return start[:7]
    return f"{start}\u2013{end[8:] if start[:7] == end[:7] else end}"


def lag_chart(page: Page) -> charts.ChartHTML:
    e = page.book.lag_events.copy()
    if len(e):
        # a month was labelled by its first day: "2018-05-01 (17 articles)" for seventeen articles that say "May"
        e["event"] = [f"{_event_name(start, end)} ({plural(int(n), 'article')})"
                      for start, end, n in zip(e["resolved_start"], e["resolved_end"], e["articles"])]
    return charts.show(charts.lag_bars(e), "timeline-lag")


def dates_view(page: Page) -> HTML:
    d = page.book.dates
    if d.empty:
        return note("No temporal expression was found.")
    view = pd.DataFrame({
        "article_id": d["article_id"],
        "text": d["text"],
        "sentence": d["sentence"],
        "resolved to": [_span_text(a, b) for a, b in zip(d["resolved_start"], d["resolved_end"])],
        "granularity": d["granularity"],
        "basis": d["basis"],
    })
    # one long column: with the basis long too and the id unbroken, the basis was cut off at 1280 pixels
    return table(view, long_columns=["sentence"], label_columns=["article_id", "basis"], max_rows=MAX_ROWS,
                 total=page.stats["timeline"]["dates"], download="dates", what="date expressions", order="by article")


# --- methods -------------------------------------------------------------------------


def dating_check(page: Page) -> HTML:
    """Methods: the dating self-check and two assumptions' checks, computed on this corpus by the run."""
    d = page.stats["dating"]
    check = d.get("check")
    bits = []
    if check:
        n, held, both = check["hidden"], check["held"], check["both_sides"]
        width = f" (median width {check['median_width']} days)" if check.get("median_width") is not None else ""
        exact, wrong = check["single_day"], check["single_wrong"]
        sample = "" if check["whole"] else (f" (checked on its first {plural(check['checked_articles'], 'exactly dated article')} "
                                             "by id, a bounded sample)")
        bits.append(f"*Checked on this corpus*: with every second of its {plural(d['exact'], 'exactly dated article')} "
                    f"hidden{sample} (its date, date lines, address and scrape time removed), the inferred range held the "
                    f"true day for {held} of {n} and was bounded on both sides for {both}{width}; "
                    + (f"it gave a single day for {exact}" + (f", {wrong} of them wrong." if wrong else
                                                              ", all right.") if exact else
                       "it gave no single day."))
    else:
        bits.append("*Checked on this corpus*: it has fewer than two exactly dated articles, so the self-check "
                    "(hide every second one and infer it) cannot run on it.")
    span = d.get("span")
    if span:
        bits.append(f"Taken one at a time, {span['within']} of {span['of']} dated articles lie within "
                    f"{span['days']} days of the span of the others, an isolated one left out as the run does "
                    f"(the corpus-span assumption); the farthest lies {span['farthest']} days outside it.")
    rec = d.get("recency") or {}
    if rec.get("articles") and rec.get("days"):
        bits.append(f"Of {plural(rec['articles'], 'dated article')} reporting an explicitly dated past event, "
                    f"{rec['within']} appeared within {rec['days']} days of the latest such event (the "
                    f"event-recency assumption; median {rec['median']:.0f} days).")
    yl = d.get("yearless_recency") or {}
    if yl.get("articles") and yl.get("days"):
        bits.append(f"Of {plural(yl['articles'], 'dated article')} reporting a day without its year as past, "
                    f"{yl['within']} appeared within {yl['days']} days after the latest such day (or {yl['lead']} "
                    f"before it: the year-less recency assumption; median {yl['median']:.0f} days).")
    copies = d.get("copies") or {}
    if copies.get("pairs"):
        bits.append(f"Of {plural(copies['pairs'], 'pair')} of dated copies, {copies['within']} appeared "
                    f"within {copies['days']} days of each other (the copy-window assumption).")
    return HTML("<p>" + " ".join(esc(b).replace("*Checked on this corpus*", "<em>Checked on this corpus</em>")
                                 for b in bits) + "</p>")


def run_identity(page: Page) -> HTML:
    run = page.run
    return HTML(
        "<ul>"
        f"<li>Report version: {esc(run['version'])}</li>"
        f"<li>Corpus fingerprint (SHA-256 of every article's text and metadata): <code>{esc(run['fingerprint'])}</code></li>"
        f"<li>Parameters fingerprint: <code>{esc(run['settings_hash'])}</code></li>"
        f"<li>Build date: {esc(page.build_date)}</li>"
        "</ul>"
    )


def parameters_view(page: Page) -> HTML:
    """Every parameter with the value used; the default is named only where the value differs
    (the stage is the name's prefix, so it needs no column of its own)."""
    rows = parameter_rows(page.tables.settings)
    view = pd.DataFrame({
        "parameter": rows["parameter"],
        "value used": [used if used == default else f"{used} (default {default})"
                       for used, default in zip(rows["value used"], rows["default"])],
        "what it does": rows["what it does"],
    })
    return table(view, long_columns=["what it does"], sortable=True)


__all__ += [name for name in dir() if not name.startswith("_") and name not in __all__]
