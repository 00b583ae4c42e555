"""What each chapter shows: findings as sentences computed from the run's tables, and its views.

Functions take a :class:`~analysis.pages.Page` (or plain tables) and return
escaped HTML fragments or charts; the notebooks only call them.  Sentence
builders are separate (``*_sentences``) so they can be tested on small tables.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from . import charts, pipeline
from .pages import Page, article_labels, parameter_rows
from .report import (HTML, concat, download_link, esc, findings, join_words, mark_spans, note, number_text,
                     percent, plural, quote, side_by_side, table, truncation_note)

#: How many derived pairs the side-by-side section shows before summarising (each shows two full texts).
MAX_SIDE_BY_SIDE = 5
#: How many rows a table shows in the page and the PDF; the rest are counted and linked to the download,
#: so a page stays readable (and quick to open) whatever the corpus size.
MAX_ROWS = 50
#: How many edits a side-by-side pair lists under its texts (edits.csv.gz has them all).
MAX_EDIT_ROWS = 25
#: How many metadata values the provenance table lists (four per article: a long list soon).
MAX_PROVENANCE_ROWS = MAX_ROWS // 2
#: How many cleaned texts the corpus chapter shows in full (texts.csv.gz has them all).
MAX_TEXTS = 20
#: How many members a family's row names before saying how many more it has.
MAX_FAMILY_MEMBERS = 12
#: How many words of a long text a table cell shows (a common phrase, a removed line); downloads have all.
MAX_CELL_WORDS = 40
#: How many article ids a grouped row names (a line of furniture removed from many articles).
MAX_IDS_NAMED = 5
#: Up to this many outlets, the claim-by-outlet table has a column per outlet; beyond, a list per claim.
MAX_OUTLET_COLUMNS = 3
#: How many articles the heatmap shows (those with the most shared text).
MAX_HEATMAP = 30
#: Dates mentioned more than this many days before the earliest publication are background
#: (history the articles recall): listed in the tables, left off the lane chart and lag chart.
BACKGROUND_DAYS = 90


# --- shared helpers ----------------------------------------------------------------


def _name(articles: pd.DataFrame, article_id: str) -> str:
    """How prose names an article: "outlet (id)", or "article id" when the outlet is unknown."""
    row = articles.loc[articles["article_id"] == article_id]
    outlet = "" if row.empty else str(row.iloc[0].get("outlet", "") or "")
    return f"{outlet} ({article_id})" if outlet else f"article {article_id}"


def _ok(articles: pd.DataFrame) -> pd.DataFrame:
    return articles[articles["status"].astype(str) == "ok"]


def _date_text(row) -> str:
    """An article's publication date as a reader should see it: a day, a range, or undated."""
    published = str(row.get("published", "") or "")
    if published:
        return published
    early = str(row.get("published_earliest", "") or "")
    late = str(row.get("published_latest", "") or "")
    if early and late:
        return f"between {early} and {late}"
    if early:
        return f"on or after {early}"
    if late:
        return f"on or before {late}"
    return "undated"


def _linked(sentence: str, href: str) -> str:
    return f'{esc(sentence)} <a href="{esc(href)}">Evidence</a>.'


def _items(items: list[tuple[str, str]]) -> str:
    if not items:
        return str(note("Nothing to report."))
    lis = "".join(f'<li class="fc-finding">{_linked(s, h) if h else esc(s)}</li>' for s, h in items)
    return f"<ul>{lis}</ul>"


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
    """Sentences on the corpus: size, outlets, dates, unreadable inputs."""
    ok = _ok(articles)
    outlets = sorted({o for o in ok["outlet"].astype(str) if o})
    out = []
    unknown_outlet = int((ok["outlet"].astype(str) == "").sum())
    if ok.empty:
        line = "The corpus holds no readable article"
    elif not outlets:
        line = f"The corpus holds {plural(len(ok), 'article')}, none from an identifiable outlet"
        unknown_outlet = 0
    else:
        line = f"The corpus holds {plural(len(ok), 'article')} from {plural(len(outlets), 'identified outlet')}"
    if unknown_outlet:
        line += f" ({plural(unknown_outlet, 'article')} with no identifiable outlet)"
    out.append(line + ".")
    dated = ok[ok["published"].astype(str) != ""]
    if len(dated):
        first, last = min(dated["published"]), max(dated["published"])
        span = f"on {first}" if first == last else f"between {first} and {last}"
        out.append(f"{plural(len(dated), 'article')} {'has' if len(dated) == 1 else 'have'} a known publication "
                   f"day, {span}.")
    ranged = ok[(ok["published"].astype(str) == "") & ((ok.get("published_earliest", "").astype(str) != "")
                                                        | (ok.get("published_latest", "").astype(str) != ""))]
    if len(ranged):
        out.append(f"{plural(len(ranged), 'article')} {'is' if len(ranged) == 1 else 'are'} dated only to a "
                   "range inferred from evidence in the text and the corpus.")
    undated = len(ok) - len(dated) - len(ranged)
    if undated:
        out.append(f"{plural(undated, 'article')} could not be dated at all.")
    if len(problems):
        skipped = int(problems["action"].astype(str).str.startswith("skipped").sum())
        found = f"{plural(len(problems), 'input problem')} {'was' if len(problems) == 1 else 'were'} found"
        if skipped:
            out.append(f"{found}; {plural(skipped, 'input')} could not be used and {'is' if skipped == 1 else 'are'} "
                       "listed in the corpus chapter.")
        else:
            out.append(f"{found}; {'it is' if len(problems) == 1 else 'they are'} listed in the corpus chapter.")
        if ok.empty:
            shown = [f"{r.source}: {r.problem}" for r in problems.head(3).itertuples()]
            out.append("Nothing could be read: " + "; ".join(shown) + ("; …" if len(problems) > 3 else "") + ".")
    return out


def overlap_sentences(pairs: pd.DataFrame, families: pd.DataFrame, articles: pd.DataFrame) -> list[str]:
    """Sentences on shared text: how many articles share, the biggest family, the closest copies."""
    ok = _ok(articles)
    out = []
    real = pairs
    if len(ok) < 2:
        return [f"With {'one article' if len(ok) == 1 else 'no article'}, there is no pair to compare."]
    if real.empty:
        return [f"No two of the {plural(len(ok), 'article')} share a passage of text."]
    involved = sorted(set(real["article_a"]) | set(real["article_b"]))
    out.append(f"{len(involved)} of {plural(len(ok), 'article')} share at least one passage with another article, "
               f"in {plural(len(real), 'pair')}.")
    if not families.empty:
        sizes = families.groupby("family")["article_id"].nunique().sort_values(ascending=False, kind="stable")
        multi = sizes[sizes > 1]
        if len(multi):
            fam = multi.index[0]
            members = sorted(families.loc[families["family"] == fam, "article_id"])
            names = join_words([_name(articles, m) for m in members[:6]])
            more = f" and {len(members) - 6} more" if len(members) > 6 else ""
            out.append(f"The largest family of shared text has {len(members)} articles: {names}{more}.")
    top = real.assign(top=real[["share_a", "share_b"]].max(axis=1)).sort_values(
        ["top", "article_a", "article_b"], ascending=[False, True, True], kind="stable").head(3)
    for p in top.itertuples(index=False):
        a_share, b_share = float(p.share_a), float(p.share_b)
        smaller, other, share = (p.article_a, p.article_b, a_share) if a_share >= b_share else (
            p.article_b, p.article_a, b_share)
        line = (f"{percent(share)} of the words of {_name(articles, smaller)} lie in passages "
                f"shared with {_name(articles, other)}, in {plural(int(p.passages), 'passage')}")
        direction = str(p.direction)
        if direction == "a_copies_b":
            line += f"; {p.article_a} is the later text"
        elif direction == "b_copies_a":
            line += f"; {p.article_b} is the later text"
        elif direction == "undetermined":
            line += "; which came first is undetermined"
        out.append(line + ".")
    return out


def figures_sentences(claims: pd.DataFrame, summary: pd.DataFrame, figures: pd.DataFrame,
                      apart: pd.DataFrame | None = None) -> list[str]:
    """Sentences on figures: how many, how many lined up, which conflict and why, which may differ."""
    if figures.empty:
        return ["No figure was found in the articles."]
    n_articles = figures["article_id"].nunique()
    out = [f"The articles report {plural(len(figures), 'figure')} across {plural(n_articles, 'article')}."
           if n_articles > 1 else f"The one article with figures reports {plural(len(figures), 'figure')}."]
    if summary.empty:
        return out
    multi = summary[summary["status"].astype(str) != "single source"]
    counts = Counter(multi["status"].astype(str))
    if len(multi):
        bits = [f"{counts[s]} {s}" for s in ("conflict", "compatible", "agree") if counts.get(s)]
        out.append(f"{plural(len(multi), 'quantity', 'quantities')} {'is' if len(multi) == 1 else 'are'} reported "
                   f"by more than one article: {join_words(bits)}.")
        if "independent" in multi.columns:
            single = multi[multi["independent"].astype(int) == 1]
            if len(single):
                out.append(f"{len(single)} of them {'rests' if len(single) == 1 else 'rest'} on one independent "
                           "source: every article that reports the figure has it inside a passage shared with "
                           "another that does, so their agreement confirms nothing.")
    for claim_id in multi.loc[multi["status"] == "conflict", "claim_id"].tolist()[:5]:
        rows = claims[claims["claim_id"] == claim_id]
        by_wording: dict[str, list[str]] = {}
        for r in rows.itertuples(index=False):
            who = r.outlet or f"article {r.article_id}"
            names = by_wording.setdefault(str(r.figure_text), [])
            if who not in names:
                names.append(who)
        said = [f"\u201c{text}\u201d ({join_words(names)})" for text, names in by_wording.items()]
        subject = rows.iloc[0]["subject"] or rows.iloc[0]["unit"]
        line = f"Conflict on {subject} ({claim_id}): {join_words(said[:4], 'against')}"
        evidence = str(rows.iloc[0].get("evidence", "") or "")
        out.append(line + (f"; taken as one quantity on: {evidence}." if evidence else "."))
    if apart is not None and len(apart):
        n = len(apart)
        out.append(f"{plural(n, 'pair')} of figures about the same thing disagree but {'is' if n == 1 else 'are'} "
                   "not called a conflict: what they measure may differ (another time, group, action or kind of "
                   "statement), or the evidence that they are one quantity is thin. They are listed apart, with why.")
    return out


def timeline_sentences(articles: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Sentences on timing: who was first, the spread of coverage, the events most recalled."""
    ok = _ok(articles)
    out = []
    dated = ok[ok["published"].astype(str) != ""].sort_values(["published", "article_id"], kind="stable")
    window = coverage_window(ok) if len(dated) else None
    inside = dated[(dated["published"].astype(str) >= window[0]) & (dated["published"].astype(str) <= window[1])] \
        if window else dated
    if window and len(inside) < len(dated):
        # a few articles far from the rest (an archive page, a late follow-up) must not set the span
        first, last = inside.iloc[0], inside.iloc[-1]
        out.append(f"Most of the dated coverage ({len(inside)} of {plural(len(dated), 'article')} with a known "
                   f"day) appeared between {window[0]} and {window[1]}; the earliest of those is "
                   f"{_name(articles, first['article_id'])}.")
        far = dated[~dated["article_id"].isin(inside["article_id"])]
        listed = [f"{_name(articles, r['article_id'])}, {r['published']}" for r in far.head(5).to_dict("records")]
        more = len(far) - len(listed)
        out.append(f"Dated apart from it: {join_words(listed)}" + (f", and {more} more." if more else "."))
    elif len(dated):
        first = dated.iloc[0]
        out.append(f"The earliest article with a known date is {_name(articles, first['article_id'])}, "
                   f"published {first['published']}.")
        if len(dated) > 1:
            last = dated.iloc[-1]
            days = (pd.Timestamp(last["published"]) - pd.Timestamp(first["published"])).days
            out.append(f"Dated coverage spans {plural(days, 'day')}, to {last['published']} "
                       f"({last['outlet'] or last['article_id']}).")
    else:
        out.append("No article has a known publication day.")
    if events.empty:
        return out
    shared = events[events["articles"].astype(int) > 1]
    days = shared[shared["granularity"].astype(str) == "day"]
    top = _most_mentioned(days if len(days) else shared)
    if top is not None:
        what = "day" if top["granularity"] == "day" else "date"
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
            out.append(f"The {'other ' if top_is_earlier else ''}earlier event the coverage recalls most is "
                       f"{_event_text(recalled)}.")
    return out


def _most_mentioned(events: pd.DataFrame):
    """The event most articles mention (ties: more mentions, finer granularity, earlier), or None."""
    if events.empty:
        return None
    fine = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 4, "year": 5}
    ranked = events.assign(_g=events["granularity"].map(fine).fillna(9))
    return ranked.sort_values(["articles", "mentions", "_g", "resolved_start"],
                              ascending=[False, False, True, True], kind="stable").iloc[0]


def _event_text(ev) -> str:
    """'2021-09-09, in 3 articles (as "Thursday" or "September 9, 2021")'."""
    when = str(ev["resolved_start"]) + (f" to {ev['resolved_end']}" if ev["resolved_end"] != ev["resolved_start"]
                                        else "")
    how = ""
    if str(ev.get("texts", "") or ""):
        forms = [f"\u201c{t.strip()}\u201d" for t in str(ev["texts"]).split(";") if t.strip()][:3]
        how = f" (as {join_words(forms, 'or')})" if forms else ""
    return f"{when}, in {plural(int(ev['articles']), 'article')}{how}"


def key_findings(page: Page) -> HTML:
    """The summary's findings, one linked list across all chapters."""
    t = page.tables
    groups = [
        ("The corpus", "corpus.html#corpus", corpus_sentences(t.articles, t.problems)),
        ("Source overlap", "overlap.html#overlap", overlap_sentences(t.overlap_pairs, t.families, t.articles)),
        ("Figure discrepancies", "figures.html#figures-conflicts",
         figures_sentences(t.claims, t.claims_summary, t.figures, getattr(t, "claims_apart", None))),
        ("Coverage timeline", "timeline.html#timeline", timeline_sentences(t.articles, t.events)),
    ]
    parts = []
    for title, href, sentences in groups:
        parts.append(f'<p><strong><a href="{esc(href)}">{esc(title)}</a></strong></p>')
        parts.append(_items([(s, "") for s in sentences]))
    return HTML("".join(parts))


def downloads(page: Page) -> HTML:
    """Links to every table's compressed CSV, with what one row is."""
    rows = []
    for name, what in pipeline.TABLES.items():
        frame = page.tables.frames.get(name)
        n = 0 if frame is None else len(frame)
        rows.append(f"<li>{download_link(name)} ({plural(n, 'row')}): {esc(what)}.</li>")
    return concat(HTML("<ul>" + "".join(rows) + "</ul>"),
                  note("Each table is a CSV file (UTF-8, comma-separated, one header row) compressed with gzip: "
                       "archive tools unpack it, and pandas.read_csv reads it as it is. The chapters show the "
                       "most telling rows of each; these files hold every row."))


# --- corpus --------------------------------------------------------------------------


def corpus_findings(page: Page) -> HTML:
    return findings(corpus_sentences(page.tables.articles, page.tables.problems))


def articles_view(page: Page) -> HTML:
    a = page.tables.articles.copy()
    a["published"] = [_date_text(r) for r in a.to_dict("records")]
    cols = [c for c in ["article_id", "outlet", "title", "published", "words", "status", "source"] if c in a]
    # inputs that could not be used come first: they are what a reader must check
    unusable = a["status"].astype(str) != "ok"
    a = a.assign(_ok=~unusable).sort_values(["_ok", "article_id"], kind="stable")
    order = "those that could not be used first, then by id" if unusable.any() else "by id"
    if not unusable.any():  # every input was read: the column would only say "ok" again and again
        cols.remove("status")
    return table(a[cols], long_columns=["title"], max_rows=MAX_ROWS, download="articles", what="articles",
                 order=order)


#: Bases of a metadata value, least certain first: the provenance view lists values in this order.
BASIS_ORDER = ("unknown", "inferred", "text", "url", "header", "html-meta", "column", "manifest")


def basis_kind(fieldname: str, value: str, basis: str) -> str:
    """Where a metadata value came from, in one word: ``manifest``, ``column``, ``inferred``, ``unknown`` …"""
    basis = str(basis or "")
    if fieldname == "published":
        if not basis or basis.startswith("Undated"):
            return "unknown"
        if "(inferred" in basis:
            return "inferred"
        stated = re.search(r"according to ([\w-]+)", basis)
        return stated.group(1) if stated else basis.split(":")[0].strip()
    if str(value or "") in ("", "unknown") and not basis:
        return "unknown"
    return basis.split(":")[0].strip() or "unknown"


def provenance_frame(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article and metadata field: the value shown, its basis, and the basis in one word."""
    rows = []
    for r in articles.to_dict("records"):
        for fieldname in ("title", "outlet", "url", "published"):
            value = r.get(fieldname, "")
            basis = r.get(f"{fieldname}_basis", "")
            kind = basis_kind(fieldname, value, basis)
            if fieldname == "published":
                value = _date_text(r)
            if value in ("", "undated") and not basis:
                value, basis = "unknown", ""
            rows.append({"article_id": r["article_id"], "field": fieldname, "value": value, "basis": basis,
                         "kind": kind})
    return pd.DataFrame(rows, columns=["article_id", "field", "value", "basis", "kind"])


def provenance_view(page: Page) -> HTML:
    """How many articles have each field from each basis; then the values, the least certain first."""
    view = provenance_frame(page.tables.articles)
    if view.empty:
        return note("No article was read.")
    kinds = [k for k in BASIS_ORDER if k in set(view["kind"])] + sorted(set(view["kind"]) - set(BASIS_ORDER))
    counts = view.groupby(["field", "kind"]).size().unstack("kind").reindex(columns=kinds).fillna(0).astype(int)
    counts = counts.reindex([f for f in ("title", "outlet", "url", "published") if f in counts.index])
    summary = table(counts.reset_index(), sortable=False,
                    caption="How many articles have each value from each basis")
    values = view.drop(columns="kind")
    if len(view) <= MAX_PROVENANCE_ROWS:
        return concat(summary, table(values, long_columns=["value", "basis"]))
    # Too many to list: the values worth checking, least certain first.  A field with the
    # same basis for every article ("url: unknown" in a table export without addresses) is
    # said once, by the counts above, not repeated for each article.
    articles = view["article_id"].nunique()
    groups = view.groupby(["field", "kind"])["article_id"].transform("nunique")
    uniform = sorted(set(view.loc[groups == articles, "field"]))
    rank = {k: i for i, k in enumerate(kinds)}
    field_rank = {"published": 0, "outlet": 1, "title": 2, "url": 3}
    listed = view[groups < articles]
    listed = listed.assign(_k=listed["kind"].map(rank), _f=listed["field"].map(field_rank)).sort_values(
        ["_k", "_f", "article_id"], kind="stable")[["article_id", "field", "value", "basis"]]
    # an inferred date's evidence can name every copy of the article: its opening is shown here,
    # the whole of it in the timeline chapter and the download
    listed = listed.assign(basis=listed["basis"].map(_clip_words))
    parts = [summary]
    if uniform:
        parts.append(note(f"Every article has its {join_words(uniform)} from the same basis, as counted above; "
                          f"{'it is' if len(uniform) == 1 else 'they are'} not listed again below."))
    if listed.empty:
        return concat(*parts)
    parts.append(table(listed, long_columns=["value", "basis"], max_rows=MAX_PROVENANCE_ROWS, download="articles",
                       what="values", order="the least certain first"))
    return concat(*parts)


def problems_view(page: Page) -> HTML:
    p = page.tables.problems
    if p.empty:
        return note("Every input was read; none was skipped.")
    return table(p, long_columns=["problem"], max_rows=MAX_ROWS, download="problems", what="problems")


def furniture_view(page: Page) -> HTML:
    f = page.tables.furniture
    if f.empty:
        return note("No page furniture was found.")
    counts = f.groupby("reason").size().sort_values(ascending=False, kind="stable")
    summary = "; ".join(f"{reason}: {n}" for reason, n in counts.items())
    # one row per distinct line: a footer removed from 300 articles is one finding, not 300 rows
    rows = []
    for (reason, line), group in f.groupby(["reason", "line"], sort=True):
        ids = sorted(set(group["article_id"].astype(str)))
        named = ", ".join(ids[:MAX_IDS_NAMED]) + (f" and {len(ids) - MAX_IDS_NAMED:,} more"
                                                 if len(ids) > MAX_IDS_NAMED else "")
        rows.append({"line": _clip_words(line), "reason": reason, "articles": len(ids), "removed from": named})
    view = pd.DataFrame(rows).sort_values(["articles", "reason", "line"], ascending=[False, True, True],
                                          kind="stable")
    return concat(note(f"{plural(len(f), 'line')} removed ({summary})."),
                  table(view, long_columns=["line", "removed from"], max_rows=MAX_ROWS, download="furniture",
                        what="distinct lines", order="those removed from the most articles first"))


def _clip_words(text: object, limit: int = MAX_CELL_WORDS) -> str:
    """The first ``limit`` words of a long text, with how many more there are."""
    words = str(text).split()
    return str(text) if len(words) <= limit else " ".join(words[:limit]) + f" … ({len(words):,} words)"


def texts_view(page: Page, limit: int = MAX_TEXTS) -> HTML:
    t = page.tables.texts
    parts = []
    for r in t.head(limit).itertuples(index=False):
        parts.append(f"<details><summary>{esc(r.article_id)}: {esc(r.title or '(no title)')}"
                     f"{' · ' + esc(r.outlet) if r.outlet else ''}</summary>"
                     f'<div class="fc-side" style="grid-template-columns:1fr"><div>{esc(r.text)}</div></div></details>')
    if len(t) > limit:
        parts.append(str(truncation_note(limit, len(t), download="texts", what="texts", order="by id")))
    return HTML("".join(parts))


# --- overlap -------------------------------------------------------------------------


def overlap_findings(page: Page) -> HTML:
    t = page.tables
    return findings(overlap_sentences(t.overlap_pairs, t.families, t.articles))


def overlap_heatmap(page: Page) -> charts.ChartHTML:
    pairs = page.tables.overlap_pairs
    if len(pairs):
        weight = pd.concat([pairs[["article_a", "share_a"]].set_axis(["id", "s"], axis=1),
                            pairs[["article_b", "share_b"]].set_axis(["id", "s"], axis=1)])
        keep = set(weight.groupby("id")["s"].sum().sort_values(ascending=False, kind="stable")
                   .head(MAX_HEATMAP).index)
        pairs = pairs[pairs["article_a"].isin(keep) & pairs["article_b"].isin(keep)]
    fam = page.tables.families
    order = list(fam.sort_values(["family", "article_id"], kind="stable")["article_id"]) if len(fam) else None
    return charts.show(charts.share_heatmap(pairs, page.labels(), order), "overlap-heatmap")


def families_view(page: Page) -> HTML:
    fam = page.tables.families
    if fam.empty:
        return note("No family: no two articles share text.")
    a = page.tables.articles.set_index("article_id")
    rows = []
    for family, members in fam.groupby("family", sort=True):
        ids = sorted(members["article_id"])
        if len(ids) < 2:
            continue
        named = "; ".join(f"{i} ({a.loc[i, 'outlet'] if i in a.index and a.loc[i, 'outlet'] else 'outlet unknown'})"
                          for i in ids[:MAX_FAMILY_MEMBERS])
        if len(ids) > MAX_FAMILY_MEMBERS:
            named += f"; and {len(ids) - MAX_FAMILY_MEMBERS:,} more (families.csv.gz lists them)"
        rows.append({"family": family, "articles": len(ids), "members": named})
    if not rows:
        return note("No family: no two articles share text.")
    view = pd.DataFrame(rows).sort_values(["articles", "family"], ascending=[False, True], kind="stable")
    return table(view, long_columns=["members"], max_rows=MAX_ROWS, download="families", what="families",
                 order="the largest first")


def pairs_view(page: Page) -> HTML:
    p = page.tables.overlap_pairs
    if p.empty:
        return note("No pair of articles shares a passage.")
    p = p.assign(_top=p[["share_a", "share_b"]].astype(float).max(axis=1)).sort_values(
        ["_top", "article_a", "article_b"], ascending=[False, True, True], kind="stable")
    labels = page.labels()
    view = pd.DataFrame({
        "article a": p["article_a"].map(lambda x: labels.get(x, x)),
        "article b": p["article_b"].map(lambda x: labels.get(x, x)),
        "share of a": p["share_a"].astype(float).map(percent),
        "share of b": p["share_b"].astype(float).map(percent),
        "passages": p["passages"].astype(int),
        "direction and its evidence": [f"{d}: {b}" if b else str(d) for d, b in
                                       zip(p["direction"].astype(str), p["direction_basis"].fillna("").astype(str))],
        "family": p["family"],
    })
    return table(view, long_columns=["direction and its evidence"], max_rows=MAX_ROWS, download="overlap_pairs",
                 what="pairs", order="those sharing the largest part of either text first")


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
    summary = (f"{labels.get(a, a)} and {labels.get(b, b)}: {plural(len(pas), 'shared passage')}, "
               f"{percent(pair.share_a)} of {a} and {percent(pair.share_b)} of {b}; edits inside passages: "
               + (join_words([f"{n} {op}" + ("s" if n != 1 else "") for op, n in sorted(changes.items())]) or "none")
               + f"; paragraphs only one side has: {len(un)}. Direction: {pair.direction}"
               + (f" ({pair.direction_basis})" if getattr(pair, "direction_basis", "") else "") + ".")
    edit_rows = ed[["op", "text_a", "text_b"]].rename(columns={"text_a": f"in {a}", "text_b": f"in {b}"})
    return concat(f"<h3>{esc(labels.get(a, a))} \u2194 {esc(labels.get(b, b))}</h3>", note(summary),
                  side_by_side(labels.get(a, a), left, labels.get(b, b), right),
                  table(edit_rows, long_columns=list(edit_rows.columns[1:]), max_rows=MAX_EDIT_ROWS,
                        download="edits", what="edits") if len(ed) else "")


def derived_pairs_view(page: Page) -> HTML:
    t = page.tables
    pairs = t.overlap_pairs
    if pairs.empty:
        return note("No pair of articles shares a passage, so there is nothing to compare.")
    ranked = pairs.assign(top=pairs[["share_a", "share_b"]].max(axis=1)).sort_values(
        ["top", "article_a", "article_b"], ascending=[False, True, True], kind="stable")
    texts = dict(zip(t.texts["article_id"], t.texts["text"]))
    labels = page.labels()
    parts = [derived_pair_html(p, texts, labels, t.passages, t.edits, t.unique_paragraphs)
             for p in ranked.head(MAX_SIDE_BY_SIDE).itertuples(index=False)]
    if len(ranked) > MAX_SIDE_BY_SIDE:
        parts.append(f'<p class="fc-note">The {MAX_SIDE_BY_SIDE} pairs sharing the most are shown; all '
                     f"{len(ranked):,} pairs, every passage and every edit are in {download_link('overlap_pairs')}, "
                     f"{download_link('passages')} and {download_link('edits')}.</p>")
    return concat(*parts)


def common_phrases_view(page: Page) -> HTML:
    c = page.tables.common_phrases
    if c.empty:
        return note("No phrase was common enough across the corpus to be set aside.")
    if "articles" in c.columns:  # the most widespread first
        c = c.sort_values("articles", ascending=False, kind="stable")
    c = c.assign(**{c.columns[0]: c[c.columns[0]].map(_clip_words)})
    return table(c, long_columns=[c.columns[0]], max_rows=MAX_ROWS, download="common_phrases", what="phrases",
                 order="those in the most articles first" if "articles" in c.columns else "")


# --- figures -------------------------------------------------------------------------


def figures_findings(page: Page) -> HTML:
    t = page.tables
    return findings(figures_sentences(t.claims, t.claims_summary, t.figures, getattr(t, "claims_apart", None)))


def _as_written(r) -> str:
    """A figure's interval as the article wrote it, with the lined-up value where a unit was converted:
    "477–583 miles (768–938 km)"."""
    def span(lo, hi) -> str:
        lo, hi = float(lo), float(hi)
        if hi == float("inf"):
            return f"{number_text(lo)} or more"
        return number_text(lo) if lo == hi else f"{number_text(lo)}\u2013{number_text(hi)}"

    wlo, whi = getattr(r, "written_low", float("nan")), getattr(r, "written_high", float("nan"))
    wunit = str(getattr(r, "written_unit", "") or "")
    unit = str(getattr(r, "unit", "") or "")
    if pd.isna(wlo) or pd.isna(whi):
        wlo, whi, wunit = r.low, r.high, ("" if unit == "count" else unit)
    written = span(wlo, whi) + (f" {wunit}" if wunit else "")
    lined = span(r.low, r.high) + ("" if unit in ("count", "") else f" {unit}")
    converted = unit not in ("count", "", "%") and wunit and not (float(wlo) == float(r.low) and float(whi) == float(r.high))
    return f"{written} ({lined})" if converted else written


def _quote_figure(r) -> str:
    sentence = str(r.sentence)
    pos = sentence.find(str(r.figure_text))
    span = (pos, pos + len(str(r.figure_text))) if pos >= 0 else None
    when = str(getattr(r, "time_anchor", "") or "")
    who = _label_for(r.outlet, r.article_id) + (f", {when}" if when else "")
    return quote(f"{who}: \u201c{r.figure_text}\u201d = {_as_written(r)}", sentence, span)


def conflicts_view(page: Page) -> HTML:
    t = page.tables
    summary = t.claims_summary
    conflicts = summary[summary["status"] == "conflict"] if len(summary) else summary
    if conflicts.empty:
        return note("No two articles report incompatible figures for a quantity that both clearly measure.")
    parts = []
    for c in conflicts.itertuples(index=False):
        rows = t.claims[t.claims["claim_id"] == c.claim_id]
        parts.append(f"<h3>{esc(c.subject or c.unit)} <small>({esc(c.claim_id)}, {esc(c.unit)})</small></h3>")
        evidence = str(rows.iloc[0].get("evidence", "") or "") if len(rows) else ""
        if evidence:
            parts.append(str(note(f"Taken as one quantity on: {evidence}.")))
        for r in rows.itertuples(index=False):
            parts.append(_quote_figure(r))
    return HTML("".join(parts))


#: How many pairs of figures that may measure different things the page shows (the CSV has all).
MAX_APART = 12


def apart_view(page: Page) -> HTML:
    """Figures about the same noun and unit that disagree but are not called a conflict, with why."""
    apart = getattr(page.tables, "claims_apart", None)
    if apart is None or apart.empty:
        return note("No figures about the same thing disagree without being lined up or called a conflict.")
    labels = page.labels()
    outlets = dict(zip(page.tables.claims["article_id"], page.tables.claims["outlet"]))
    shown = apart.sort_values(["similarity", "subject_key", "claim_a", "claim_b"], ascending=[False, True, True, True],
                              kind="stable").head(MAX_APART)
    parts = []
    for r in shown.itertuples(index=False):
        unit, _, subject = str(r.subject_key).partition("|")
        parts.append(f"<h3>{esc(subject or unit)} <small>({esc(r.claim_a)} / {esc(r.claim_b)}, {esc(unit)})</small></h3>")
        parts.append(str(note(f"Not one quantity: {r.why_apart}.")))
        for side in ("a", "b"):
            aid = getattr(r, f"article_{side}")
            sentence, text = str(getattr(r, f"sentence_{side}")), str(getattr(r, f"text_{side}"))
            pos = sentence.find(text)
            who = labels.get(aid) or _label_for(outlets.get(aid, ""), aid)
            parts.append(quote(f"{who}: \u201c{text}\u201d", sentence, (pos, pos + len(text)) if pos >= 0 else None))
    if len(apart) > MAX_APART:
        parts.append(str(note(f"The {MAX_APART} pairs whose sentences are most alike are shown; all {len(apart)} are "
                              "in claims_apart.csv.")))
    return HTML("".join(parts))


def claims_by_outlet_view(page: Page) -> HTML:
    c = page.tables.claims
    if c.empty:
        return note("No figure could be lined up across articles.")
    c = c[c["status"] != "single source"]
    if c.empty:
        return note("Every figure is reported by a single article; none can be compared.")
    c = c.assign(who=c["outlet"].where(c["outlet"].astype(str) != "", c["article_id"]))
    summary = page.tables.claims_summary
    independent = (dict(zip(summary["claim_id"], summary["independent"].astype(int)))
                   if "independent" in summary.columns else {})
    said = (c.groupby(["claim_id", "subject", "status", "who"])["figure_text"]
            .agg(lambda s: " / ".join(sorted(set(map(str, s))))))
    if c["who"].nunique() <= MAX_OUTLET_COLUMNS:
        view = said.unstack("who").fillna("").reset_index()
        view.insert(3, "independent sources", view["claim_id"].map(independent).fillna(0).astype(int))
        return table(view, max_rows=MAX_ROWS)
    # Too many outlets for one column each: one cell lists what each outlet says.
    rows = []
    for (claim_id, subject, status), group in said.groupby(level=[0, 1, 2], sort=True):
        items = [f"{who}: {text}" for (_, _, _, who), text in group.items()]
        rows.append({"claim_id": claim_id, "subject": subject, "status": status, "outlets": len(items),
                     "independent sources": independent.get(claim_id, 0),
                     "what each outlet reports": "; ".join(items)})
    return table(pd.DataFrame(rows), long_columns=["what each outlet reports"], max_rows=MAX_ROWS)


def claim_intervals_chart(page: Page) -> charts.ChartHTML:
    c = page.tables.claims
    if len(c):
        c = c[c["status"] != "single source"]
        order = {"conflict": 0, "compatible": 1, "agree": 2}
        keep = (c.drop_duplicates("claim_id").assign(o=lambda d: d["status"].map(order))
                .sort_values(["o", "claim_id"], kind="stable")["claim_id"].head(30))
        c = c[c["claim_id"].isin(set(keep))].copy()
        c["label"] = [_label_for(r.outlet, r.article_id) for r in c.itertuples(index=False)]
        c = clip_open_intervals(c)
    return charts.show(charts.claim_intervals(c), "figures-intervals")


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
    f = page.tables.figures
    if f.empty:
        return note("No figure was found in the articles.")
    view = f.copy()
    if "written_low" in view:
        view["as written"] = [_as_written(r) for r in view.itertuples(index=False)]
    cols = [c for c in ["article_id", "text", "as written", "sentence", "low", "high", "unit", "subject", "action",
                        "statement", "quoted", "speaker"] if c in view]
    return table(view[cols], long_columns=["sentence"], max_rows=MAX_ROWS)


# --- timeline ------------------------------------------------------------------------


def timeline_findings(page: Page) -> HTML:
    t = page.tables
    return findings(timeline_sentences(t.articles, t.events))


def _lane(outlet: str, article_id: str) -> str:
    return outlet or f"(unknown outlet) {article_id}"


#: The drawn window holds at least this share of the exactly dated articles (the shortest such span).
COVERAGE_SHARE = 0.9


def coverage_window(articles: pd.DataFrame, share: float = COVERAGE_SHARE) -> tuple[str, str] | None:
    """The shortest span of days holding at least ``share`` of the exactly dated articles (earliest
    such span on ties); None when no article has an exact date (then inferred ranges' ends are used)."""
    ok = _ok(articles)
    days = sorted(str(d) for d in ok.get("published", pd.Series(dtype=str)).fillna("") if str(d))
    if not days:
        days = sorted(str(d) for c in ("published_earliest", "published_latest") if c in ok
                      for d in ok[c].fillna("") if str(d))
    if not days:
        return None
    need = max(1, -(-int(share * 1000) * len(days) // 1000))
    stamps = [pd.Timestamp(d) for d in days]
    best = min(range(len(days) - need + 1), key=lambda i: (stamps[i + need - 1] - stamps[i], i))
    return days[best], days[best + need - 1]


def _edges(window: tuple[str, str]) -> tuple[str, str]:
    """The chart's x range: the coverage window with a margin (a quarter of it, at least a week)."""
    lo, hi = pd.Timestamp(window[0]), pd.Timestamp(window[1])
    pad = max(pd.Timedelta(days=7), (hi - lo) / 4)
    return (lo - pad).date().isoformat(), (hi + pad).date().isoformat()


def timeline_frames(articles: pd.DataFrame, dates: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Rows for the lane chart, within the window where the coverage is (``coverage_window`` plus a
    margin): publications (days, or ranges clipped to the window, with ``open_start``/``open_end``
    where a range runs past the window or has no bound there), and day-, week- or month-level event
    mentions; plus how many mentions fall outside the window (they stay in the tables).  Articles
    dated outside the window are ``timeline_outliers``."""
    cols = ["outlet", "article_id", "start", "end", "what", "when", "basis", "cut", "open_start", "open_end"]
    ok = _ok(articles)
    window = coverage_window(ok)
    if window is None:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=cols), 0
    left, right = _edges(window)
    lanes = {r["article_id"]: _lane(str(r.get("outlet", "") or ""), r["article_id"]) for r in ok.to_dict("records")}
    pubs = []
    for r in ok.to_dict("records"):
        start = str(r.get("published") or r.get("published_earliest") or "")
        end = str(r.get("published") or r.get("published_latest") or "")
        if not start and not end:
            continue
        if (start and start > right) or (end and end < left):
            continue  # outside the window: listed apart (timeline_outliers)
        open_start, open_end = not start or start < left, not end or end > right
        pubs.append({"outlet": lanes[r["article_id"]], "article_id": r["article_id"],
                     "start": left if open_start else start, "end": right if open_end else end,
                     "what": "publication", "when": _date_text(r), "basis": r.get("published_basis", ""),
                     "cut": open_start or open_end, "open_start": open_start, "open_end": open_end})
    mentions, outside = [], 0
    if len(dates):
        usable = dates[(dates["resolved_start"].astype(str) != "") & (dates["resolved_end"].astype(str) != "")
                       & dates["granularity"].isin(["day", "week", "month"])]
        for d in usable.itertuples(index=False):
            if d.resolved_end < left or d.resolved_start > right:
                outside += 1
                continue
            mentions.append({"outlet": lanes.get(d.article_id, d.article_id), "article_id": d.article_id,
                             "start": max(d.resolved_start, left), "end": min(d.resolved_end, right),
                             "what": f"mentions \u201c{d.text}\u201d",
                             "when": d.resolved_start if d.resolved_start == d.resolved_end
                             else f"{d.resolved_start} to {d.resolved_end}", "basis": d.basis,
                             "cut": False, "open_start": False, "open_end": False})
    return pd.DataFrame(pubs, columns=cols), pd.DataFrame(mentions, columns=cols), outside


def timeline_outliers(articles: pd.DataFrame) -> pd.DataFrame:
    """Articles whose publication day or whole range lies outside the drawn window, with their dates."""
    ok = _ok(articles)
    window = coverage_window(ok)
    if window is None:
        return pd.DataFrame(columns=["article_id", "publication"])
    left, right = _edges(window)
    rows = []
    for r in ok.to_dict("records"):
        start = str(r.get("published") or r.get("published_earliest") or "")
        end = str(r.get("published") or r.get("published_latest") or "")
        if (start and start > right) or (end and end < left):
            rows.append({"article_id": r["article_id"], "publication": _date_text(r), "order": start or end})
    df = pd.DataFrame(rows, columns=["article_id", "publication", "order"])
    return df.sort_values(["order", "article_id"], kind="stable")[["article_id", "publication"]].reset_index(drop=True)


def timeline_chart(page: Page) -> charts.ChartHTML:
    pubs, mentions, _ = timeline_frames(page.tables.articles, page.tables.dates)
    return charts.show(charts.timeline(pubs, mentions), "timeline-lanes")


_OUTLIERS_LISTED = 20


def timeline_note(page: Page) -> HTML:
    """What the lane chart leaves out or draws open: the window, outliers, undated articles, open
    ranges and mentions outside the window."""
    ok = _ok(page.tables.articles)
    pubs, _, outside = timeline_frames(ok, page.tables.dates)
    window = coverage_window(ok)
    if window is None:
        return HTML("")
    dated = int((ok.get("published", pd.Series(dtype=str)).fillna("") != "").sum())
    left, right = _edges(window)
    held = int(((ok.get("published", pd.Series(dtype=str)).fillna("") >= window[0])
                & (ok.get("published", pd.Series(dtype=str)).fillna("") <= window[1])).sum())
    bits = [f"The chart shows {left} to {right}: the coverage is there ({held} of "
            f"{plural(dated, 'article')} with a known day {'falls' if held == 1 else 'fall'} between "
            f"{window[0]} and {window[1]})."] if dated else [f"The chart shows {left} to {right}."]
    out = timeline_outliers(ok)
    if len(out):
        listed = [f"{_name(ok, r.article_id)}, {r.publication}" for r in out.head(_OUTLIERS_LISTED).itertuples()]
        more = len(out) - len(listed)
        bits.append(f"Dated outside it, and not drawn: {join_words(listed)}"
                    + (f", and {more} more (see the table below)." if more else "."))
    undated = sorted(set(ok["article_id"]) - set(pubs["article_id"]) - set(out["article_id"]))
    if undated:
        bits.append(f"{plural(len(undated), 'article')} with no date evidence {'is' if len(undated) == 1 else 'are'} "
                    f"not drawn: {join_words([_name(ok, a) for a in undated])}.")
    cut = int(pubs["cut"].sum()) if "cut" in pubs else 0
    if cut:
        bits.append(f"{plural(cut, 'publication range')} {'runs' if cut == 1 else 'run'} past the window or "
                    f"{'has' if cut == 1 else 'have'} no bound on one side: "
                    f"{'its' if cut == 1 else 'their'} bar is pale and ends in an arrow (\u25c0 or \u25b6) "
                    "where it continues; hover over a bar, or see the table below, for the full range.")
    if outside:
        bits.append(f"{plural(outside, 'mention')} of dates outside the window (background the articles recall, "
                    "or dates ahead) are listed in the tables below, not drawn.")
    return note(" ".join(bits))


def publication_view(page: Page) -> HTML:
    a = _ok(page.tables.articles).copy()
    a["publication"] = [_date_text(r) for r in a.to_dict("records")]
    cols = [c for c in ["article_id", "outlet", "publication", "published_basis"] if c in a]
    return table(a[cols].rename(columns={"published_basis": "evidence"}), long_columns=["evidence"],
                 max_rows=MAX_ROWS)


def events_view(page: Page) -> HTML:
    e = page.tables.events
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
    return table(view, long_columns=["outlets", "wording"], max_rows=MAX_ROWS)


def _span_text(start: object, end: object) -> str:
    """A resolved date or interval as one cell: "2021-09-09", "2021-09-01 to 2021-09-30", "from 2022-02-24"."""
    start, end = ("" if pd.isna(v) else str(v) for v in (start, end))
    if start and end:
        return start if start == end else f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else "unresolved"


def lag_chart(page: Page) -> charts.ChartHTML:
    e = page.tables.events
    if len(e):
        e = e[e["lag_days"].notna()].copy()
        e = e[(e["lag_days"].astype(float) <= BACKGROUND_DAYS) & (e["lag_days"].astype(float) >= -BACKGROUND_DAYS)]
        e["event"] = [f"{start} ({plural(int(n), 'article')})" for start, n in zip(e["resolved_start"], e["articles"])]
        e = e.sort_values(["articles", "resolved_start"], ascending=[False, True], kind="stable").head(25)
    return charts.show(charts.lag_bars(e), "timeline-lag")


def dates_view(page: Page) -> HTML:
    d = page.tables.dates
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
    return table(view, long_columns=["basis", "sentence"], max_rows=MAX_ROWS)


# --- methods -------------------------------------------------------------------------


def dating_check(page: Page) -> HTML:
    """Methods: the dating self-check and two assumptions' checks, computed on this corpus."""
    from .article import Article
    from .timeline import TimelineParams, copy_links, hidden_date_check

    t = page.tables
    ok = _ok(t.articles)
    params = pipeline.stage_params(t.settings).get("timeline", TimelineParams())
    texts = dict(zip(t.texts["article_id"].astype(str), t.texts["text"].astype(str))) if "texts" in t.frames else {}
    arts, days = [], {}
    for r in ok.to_dict("records"):
        aid = str(r["article_id"])
        exact = bool(r.get("published")) and "(inferred" not in str(r.get("published_basis", ""))
        if exact:
            days[aid] = pd.Timestamp(r["published"])
        arts.append(Article(article_id=aid, text=texts.get(aid, ""), title=str(r.get("title", "") or ""),
                            outlet=str(r.get("outlet", "") or ""), url=str(r.get("url", "") or ""),
                            published=str(r["published"]) if exact else "",
                            basis={"published": "the corpus"} if exact else {}))
    pairs = t.overlap_pairs if "overlap_pairs" in t.frames else None
    check = hidden_date_check(arts, pairs, params)
    bits = []
    if len(check):
        n, held = len(check), int(check["holds"].sum())
        both = check[check["both_sides"]]
        exact = check[(check["earliest"] == check["latest"]) & (check["earliest"] != "")]
        wrong = int((~exact["holds"]).sum()) if len(exact) else 0
        width = (f" (median width {int(both['width_days'].median())} days)" if len(both) else "")
        bits.append(f"*Checked on this corpus*: with every second of its {plural(len(days), 'exactly dated article')} "
                    f"hidden (its date, date lines, address and scrape time removed), the inferred range held the "
                    f"true day for {held} of {n} and was bounded on both sides for {len(both)}{width}; "
                    + (f"it gave a single day for {len(exact)}" + (f", {wrong} of them wrong." if wrong else
                                                                  ", all right.") if len(exact) else
                       "it gave no single day."))
    else:
        bits.append("*Checked on this corpus*: it has fewer than two exactly dated articles, so the self-check "
                    "(hide every second one and infer it) cannot run on it.")
    if len(days) >= 2:
        k = params.corpus_span_days
        ordered = sorted(days.values())
        gaps = []
        for d in ordered:
            rest = list(ordered)
            rest.remove(d)
            gaps.append(max(0, (rest[0] - d).days, (d - rest[-1]).days))
        bits.append(f"Taken one at a time, {sum(g <= k for g in gaps)} of {len(gaps)} dated articles lie within "
                    f"{k} days of the others (the corpus-span assumption); the farthest lies {max(gaps)} days "
                    "outside them.")
    if pairs is not None and len(pairs):
        links = [lk for lk in copy_links(pairs, params)
                 if lk.article_id < lk.partner_id and lk.article_id in days and lk.partner_id in days]
        if links:
            w = params.copy_window_days
            gaps = [abs((days[lk.article_id] - days[lk.partner_id]).days) for lk in links]
            bits.append(f"Of {plural(len(gaps), 'pair')} of dated copies, {sum(g <= w for g in gaps)} appeared "
                        f"within {w} days of each other (the copy-window assumption).")
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


__all__ = [name for name in dir() if not name.startswith("_")]
