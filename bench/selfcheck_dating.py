"""Self-check of publication-date inference: hide the dates of dated articles, infer them, compare.

Usage: ``python bench/selfcheck_dating.py [--part tuning|heldout|both] [--calibrate] [--misses N] [--sides]``

Data (read from ``../shared`` next to the repository; skipped when absent):

* TimeBank/AQUAINT documents (``eval/timebank``) with their document
  creation times, grouped into one collection per DCT year;
* the shared corpora (``corpora/*/articles.csv``), each one collection, dated
  by the loader (metadata or a date line in the text);
* the repository's seed articles (``seeds/``).

Split, decided before tuning and never changed: a TimeBank document is
held out when ``sha1(file name) % 3 == 0`` (the same split as
``bench/eval_timebank.py``); ``census-2019`` and the seeds are tuning data,
``spotify-2018`` is held out.  Parameters were calibrated on the tuning part
only (``--calibrate`` prints the figures they come from); the held-out
part's errors were not looked at while tuning.

Hiding (``analysis.timeline.hidden_date_check``, the same check the
Methods chapter runs on the book's own corpus): in each collection, the
exactly dated articles are sorted by id and every second one is hidden: its
metadata date, any line among its first five that carries a dated date line
or dateline, its URL and its scrape time (an upper bound the loader keeps)
are removed, and overlap directions that came from its date are set to
undetermined.  The rest stay dated, as in a real export.  Each collection
goes through ``find_overlap`` (on the full collection: shares do not depend
on dates) and ``infer_publication`` with default parameters.

Reported per part: hidden articles; the share whose range holds the true
date; the share bounded on both sides; the median width in days of the
ranges bounded on both sides (and of all ranges, an unbounded one counting
as infinitely wide); the share given one exact day, and how many of those
are wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import statistics
import sys
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from analysis.article import Article  # noqa: E402
from analysis.corpus import CorpusParams, load_corpus  # noqa: E402
from analysis.overlap import OverlapParams, find_overlap  # noqa: E402
from analysis.temporal import resolve_mentions  # noqa: E402
from analysis.timeline import (CALIBRATION, Partner, TimelineParams, _aligned_relative, _found,  # noqa: E402
                               _parse_iso, _tagger, article_dating, _basis_dateline, _linked_date, _current_tie, _named_days, _quarter_end, _past_yearless_days,
                               article_dates, copy_links, current_days, hidden_date_check, hide_date, span_of_days)
from eval_timebank import parse_tml  # noqa: E402

SHARED = ROOT.parent.parent / "shared" if (ROOT.parent.parent / "shared").is_dir() else Path("/work/shared")
HELDOUT_CORPORA = {"spotify-2018"}


def heldout_doc(name: str) -> bool:
    """The TimeBank split: a document is held out when sha1(its file name) % 3 == 0."""
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 3 == 0


def collections(part: str) -> list[tuple[str, list[Article]]]:
    """(name, articles) for every collection of one part ("tuning" or "heldout")."""
    out: list[tuple[str, list[Article]]] = []
    tb = SHARED / "eval" / "timebank"
    if tb.is_dir():
        by_year: dict[int, list[Article]] = defaultdict(list)
        for f in sorted(tb.glob("*.tml")):
            if heldout_doc(f.name) != (part == "heldout"):
                continue
            text, dct, _ = parse_tml(f.read_text(encoding="utf-8", errors="replace"))
            if dct:
                by_year[dct.year].append(Article(article_id=f.stem, text=text, published=dct.isoformat(),
                                                 basis={"published": "document creation time"}))
        out += [(f"timebank-{y}", arts) for y, arts in sorted(by_year.items()) if len(arts) >= 2]
    for csv in sorted((SHARED / "corpora").glob("*/articles.csv")):
        name = csv.parent.name
        if (name in HELDOUT_CORPORA) == (part == "heldout"):
            out.append((name, [a for a in load_corpus(csv, CorpusParams()).articles if (a.status or "ok") == "ok"]))
    if part == "tuning" and (ROOT / "seeds").is_dir():
        out.append(("seeds", load_corpus(ROOT / "seeds", CorpusParams()).articles))
    return out


def hide(a: Article) -> Article:
    return hide_date(a)


def check(part: str, params: TimelineParams, misses: int, show_sides: bool = False) -> dict:
    rows = []
    for name, arts in collections(part):
        pairs = find_overlap(arts, OverlapParams()).pairs
        for r in hidden_date_check(arts, pairs, params).itertuples(index=False):
            rows.append((name, r.article_id, _parse_iso(r.true), _parse_iso(r.earliest), _parse_iso(r.latest),
                         bool(r.holds), r.basis))
    n = len(rows)
    if not n:
        return {"n": 0}
    both = [r for r in rows if r[3] and r[4]]
    widths = sorted((r[4] - r[3]).days + 1 for r in both)
    all_widths = widths + [float("inf")] * (n - len(both))
    exact = [r for r in rows if r[3] and r[3] == r[4]]
    res = {"n": n, "collections": len({r[0] for r in rows}), "hold": sum(r[5] for r in rows) / n,
           "both": len(both) / n, "median_width_both": statistics.median(widths) if widths else float("nan"),
           "median_width_all": statistics.median(sorted(all_widths)),
           "exact": len(exact) / n, "exact_wrong": sum(not r[5] for r in exact),
           "any_bound": sum(1 for r in rows if r[3] or r[4]) / n}
    by_coll = defaultdict(list)
    for r in rows:
        by_coll[r[0]].append(r)
    res["per_collection"] = {k: (len(v), sum(r[5] for r in v), sum(1 for r in v if r[3] and r[4]))
                             for k, v in sorted(by_coll.items())}
    if show_sides:
        sides(rows)
    bad = [r for r in rows if not r[5]]
    for r in bad[:misses]:
        print(f"  MISS {r[0]} {r[1]}: true {r[2]}, range {r[3]}..{r[4]}\n       {r[6][:600]}")
    return res


# What sets a side of a range, read from its basis ("Lower bound: ...", "Upper bound: ...", or one clause
# for both), most specific first
_SETTERS = [("copy window (copy_window_days)", r"a copy appears within"),
            ("corpus span, tied to a current day (corpus_event_days)", r"report as current"),
            ("corpus span (corpus_span_days)", r"days (?:older|newer) than the corpus"),
            ("latest year-less day (yearless_recency_days)", r"latest day named without its year"),
            ("year-less dateline", r"dateline '[^']*' \(no year\)"),
            ("year-less date (yearless_lookback_days)", r"names '[^']*' without its year"),
            ("relative date shared with a copy", r"in a sentence shared with"),
            ("scrape time", r"so published by then"),
            ("dated link", r"links to a page"),
            ("dated event reported as past", r"as past \(\d"),
            ("dated event still to come", r"as still to come, so published by"),
            ("copies or is copied by", r"(?:copies|is copied by) \S+ \(")]


def _setter(clause: str) -> str:
    return next((name for name, rx in _SETTERS if re.search(rx, clause)), "other")


def sides(rows: list[tuple]) -> None:
    """Which evidence or assumption sets each side of the ranges bounded on both sides, with the median
    width of the ranges it sets a side of: the loose bounds, measured."""
    tally: dict[tuple[str, str], list[int]] = defaultdict(list)
    for r in rows:
        if not (r[3] and r[4]):
            continue
        width = (r[4] - r[3]).days + 1
        basis = r[6]
        m = re.search(r"Lower bound: (.*?)(?: Upper bound: |$)", basis)
        lo = m.group(1) if m else basis.split(" Consistent with it:")[0]
        m = re.search(r"Upper bound: (.*?)(?: Consistent with it: |$)", basis)
        hi = m.group(1) if m else basis.split(" Consistent with it:")[0]
        tally[("lower", _setter(lo))].append(width)
        tally[("upper", _setter(hi))].append(width)
    for (side, name), widths in sorted(tally.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        print(f"    {side} bound set by {name}: {len(widths)} ranges, median width {statistics.median(widths):.0f} days")


def quantile_cover(values: list[int], share: float) -> int | None:
    """The smallest window holding at least ``share`` of the values."""
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, max(0, int(-(-share * len(v) // 1)) - 1))]


def _max_day(a, b):
    return b if a is None or b > a else a


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def same_article(found, true, tp, out: dict) -> None:
    """Recency readings to a date named elsewhere in the same article (read by the tagger at the true
    date), each an assumption the issue suggests: does it hold?  ``out[key]`` gets one bool per article."""
    res = list(zip(found, resolve_mentions(list(found), true, true, tp)))
    weekdays = {w for f, _ in res if f.kind == "weekday" for w in _WEEKDAYS if w in f.text.lower()}
    days = [_parse_iso(m.resolved_start) for f, m in res if f.kind in ("md", "dm") and m.resolved_start
            and m.resolved_start == m.resolved_end and not any(k == "wdpre" for k, _ in f.groups)]
    hits = [(true - d).days for d in days if _WEEKDAYS[d.weekday()] in weekdays]
    if hits:
        out["weekday"].append(any(0 <= g <= 6 for g in hits))
    rel = {m.resolved_start[:7] for f, m in res if f.relative and m.granularity == "month" and m.resolved_start}
    named = {m.resolved_start[:7] for f, m in res if f.kind in ("m", "md", "dm") and m.resolved_start}
    if rel and named:
        out["month"].append(bool(rel & named))
    years = [int(m.resolved_start[:4]) for f, m in zip(found, resolve_mentions(list(found), None, None, tp))
             if m.basis.startswith("absolute") and m.granularity == "year" and m.direction == "past"]
    if years:
        out["year"].append(max(years) <= true.year)


def _relative_kind(f) -> str:
    """What a relative date counts: "yesterday"/"today" (a day), a weekday, a week, a month, or else."""
    t = f.text.lower()
    if f.kind == "deictic":
        return "'today', 'yesterday' and the like"
    if f.kind in ("weekday", "weekend"):
        return "a weekday ('on Tuesday')"
    if "week" in t:
        return "a week ('last week', 'this week')"
    if "month" in t or f.kind in ("m_rel", "rel_m"):
        return "a month ('last month', 'earlier this month')"
    if "year" in t:
        return "a year ('last year')"
    return "another relative date (a quarter, 'two days ago')"


def calibrate(part: str, params: TimelineParams) -> None:
    """The figures each assumption's parameter comes from, on one part's dated articles."""
    tp = _tagger(params)
    recency, span_gap, copy_gap, older, newer, tied_gap = [], [], [], [], [], []
    aligned: dict[str, list[bool]] = {"copy": [], "passage": []}  # relative dates aligned with a partner
    yl_by_kind: dict[str, list[int]] = defaultdict(list)  # the same, by the relative dates the article uses
    yl_recency, day_recency = [], []  # latest past day: named without its year; with or without
    tied_day: list[int] = []  # articles naming a current day: days from that day
    tied_kind: dict[str, list[int]] = defaultdict(list)  # the tied articles' distance, by what they name
    same: dict[str, list[bool]] = defaultdict(list)  # recency to a date named elsewhere in the article
    clues: dict[str, list[bool]] = defaultdict(list)  # the loader's and the text's clues against the truth
    for name, arts in collections(part):
        for a in arts:
            true = _parse_iso(a.published)
            if not true:
                continue
            if (linked := _linked_date(a.text or "")):
                clues["link"].append(linked[0] <= true)
            if (yl := _basis_dateline(a.basis)):
                clues["yearless_dateline"].append((yl[0], yl[1]) == (true.month, true.day))
        dated = {a.article_id: _parse_iso(a.published) for a in arts if _parse_iso(a.published)}
        days = sorted(dated.values())
        named = {a.article_id: _named_days(article_dates(a, {"published": dated[a.article_id].isoformat(),
                                                             "published_earliest": dated[a.article_id].isoformat(),
                                                             "published_latest": dated[a.article_id].isoformat()},
                                                         params))
                 for a in arts if a.article_id in dated}
        for a in arts:
            if a.article_id not in dated:
                continue
            true = dated[a.article_id]
            d = article_dating(hide(a), params)
            # the latest past event's end (the recency piece's upper bound less its window; read with
            # a window of one day when the parameter is off, so the figure never depends on it)
            rec = [p for p in article_dating(hide(a), replace(params, event_recency_days=1)).pieces
                   if p.assumption == "event_recency_days"]
            if rec:
                recency.append((true - (rec[0].hi - timedelta(days=1))).days)
            # the latest day named as past, read by the tagger at the true date (the yearless_recency_days
            # assumption; and, to compare, counting the days named with their year too)
            hidden = hide(a)
            found = _found(hidden.text or "", tp)
            past_days = set(_past_yearless_days(d))
            same_article(found, true, tp, same)
            latest_yl = latest_any = None
            for f, m in zip(found, resolve_mentions(list(found), true, true, tp)):
                if m.direction != "past" or m.granularity != "day" or not m.resolved_start or \
                        m.resolved_start != m.resolved_end:
                    continue
                day = _parse_iso(m.resolved_start)
                if f.kind in ("iso", "mdy", "dmy") or f in past_days:
                    latest_any = _max_day(latest_any, day)
                if f in past_days:
                    latest_yl = _max_day(latest_yl, day)
            if latest_yl:
                yl_recency.append((true - latest_yl).days)
                # the recency reading: does an article counting days from its own ("yesterday",
                # "on Tuesday", "last week") report more recent days?  By the kinds it uses
                for kind in {_relative_kind(f) for f in found if f.relative}:
                    yl_by_kind[kind].append((true - latest_yl).days)
            if latest_any:
                day_recency.append((true - latest_any).days)
            others = list(days)
            others.remove(true)
            if others:
                # the span the assumption reads against, from the others (isolated days left out)
                lo, hi, _ = span_of_days(others, params)
                span_gap.append(max(0, (lo - true).days, (true - hi).days))
                older.append(max(0, (lo - true).days))
                newer.append(max(0, (true - hi).days))
                # naming a day the others report as current (the corpus_event_days assumption)
                current = current_days([x for k, v in named.items() if k != a.article_id for x in v],
                                       (lo, hi), params)
                if (tie := _current_tie(d, current)):
                    tied_gap.append(max(0, (lo - true).days, (true - hi).days))
                    # and from the tied day or month itself (a window around it would be narrower)
                    if "Q" in tie[1]:  # a quarter
                        t0 = date(int(tie[1][:4]), 3 * int(tie[1][-1]) - 2, 1)
                        t1 = _quarter_end(t0)
                        tied_kind["quarter"].append(max(0, (lo - true).days, (true - hi).days))
                    else:
                        t0 = _parse_iso(tie[1] if len(tie[1]) == 10 else tie[1] + "-01")
                        t1 = t0 if len(tie[1]) == 10 else (t0.replace(day=28) + timedelta(days=4)).replace(day=1) - \
                            timedelta(days=1)
                        tied_kind["day or month"].append(max(0, (lo - true).days, (true - hi).days))
                    tied_day.append(max(0, (t0 - true).days, (true - t1).days))
        if name.startswith("timebank"):
            continue
        pairs = find_overlap(arts, OverlapParams()).pairs
        by_id = {a.article_id: a for a in arts}
        # every shared passage, whatever align_min_share says, so the figure never depends on it
        for lk in copy_links(pairs, replace(params, align_min_share=0.0)):
            if lk.article_id in dated and lk.partner_id in dated:
                if lk.article_id < lk.partner_id and lk.share >= params.copy_min_share:
                    copy_gap.append(abs((dated[lk.article_id] - dated[lk.partner_id]).days))
                # relative dates aligned with a dated partner (the article's own date hidden): does the
                # range they give hold its true date?  Copies and shared passages apart
                partner = article_dating(by_id[lk.partner_id], params)
                got = _aligned_relative(article_dating(hide(by_id[lk.article_id]), params),
                                        Partner(lk, partner.exact, partner.exact, True, partner.relative), params)
                if got and partner.exact:
                    true = dated[lk.article_id]
                    aligned["copy" if lk.share >= params.copy_min_share else "passage"].append(
                        all(p.lo <= true <= p.hi for p in got))
    yl_gap, wd_gap, latest_gap, yl_two = [], [], [], []
    tb = SHARED / "eval" / "timebank"
    for f in sorted(tb.glob("*.tml")) if tb.is_dir() else []:
        if heldout_doc(f.name) != (part == "heldout"):
            continue
        text, dct, gold = parse_tml(f.read_text(encoding="utf-8", errors="replace"))
        if not dct:
            continue
        found = _found(text, tp)
        latest = None
        for m, r in zip(found, resolve_mentions(list(found), dct, dct, tp)):
            g = [x for x in gold if x[2] == "DATE" and x[0] < m.end and m.start < x[1]]
            if not g:
                continue
            gv = g[0][3]
            gd = _parse_iso(gv if len(gv) == 10 else gv + "-01" if len(gv) == 7 else "")
            if gd is None:
                continue
            if m.kind in ("md", "dm", "m"):
                # (publication - the date's start, tense, the date's length - 1): the reading holds when
                # publication falls within [start - lookahead, end + lookback]
                yl_two.append(((dct - gd).days, m.direction, 0 if len(gv) == 10 else 27))
                yl_gap.append(((dct - gd).days if m.direction != "future" else (gd - dct).days, m.direction))
            if m.kind in ("md", "dm") and m.direction == "past" and len(gv) == 10 and \
                    (latest is None or gd > latest):
                latest = gd
            if m.kind == "weekday" and len(gv) == 10:
                wd_gap.append((dct - gd).days)
        if latest is not None:
            latest_gap.append((dct - latest).days)

    def show(what, vals, unit="days"):
        if not vals:
            print(f"{what}: no cases")
            return
        v = sorted(vals)
        print(f"{what}: {len(v)} cases; min {v[0]}, median {statistics.median(v)}, max {v[-1]} {unit}; "
              f"window holding 90%: {quantile_cover(v, .90)}, 95%: {quantile_cover(v, .95)}, "
              f"97%: {quantile_cover(v, .97)}, 99%: {quantile_cover(v, .99)}")
    print(f"calibration on the {part} part")
    show("latest dated past event before publication", recency)
    show("latest year-less day reported as past (tagger's reading at the true date) before publication",
         yl_recency)
    show("  counting days named with their year too", day_recency)
    for kind, gaps in sorted(yl_by_kind.items(), key=lambda kv: -len(kv[1])):
        show(f"  articles also using {kind}", gaps)
    show("distance outside the other dated articles' span", span_gap)
    show("  of which before the earliest", older)
    show("  of which after the latest", newer)
    show("days between dated copies", copy_gap)
    for kind, what in (("copy", "copies"), ("passage", "passages shared below copy_min_share (align_min_share)")):
        print(f"relative dates aligned with a dated partner, {what}: the range held the true date for "
              f"{sum(aligned[kind])} of {len(aligned[kind])} article-partner links")
    show("distance outside the others' span, articles naming a day the others report as current", tied_gap)
    for kind, gaps in sorted(tied_kind.items()):
        show(f"  of which naming a {kind}", gaps)
    show("  the same articles' distance from the day, month or quarter they name", tied_day)
    show("year-less day/month (gold value) before publication, past tense", [d for d, k in yl_gap if k == "past"])
    show("year-less day/month (gold value) from publication, no tense", [abs(d) for d, k in yl_gap if k == "none"])
    show("latest year-less day reported as past (gold value) before publication", latest_gap)
    show("year-less day/month (gold value) after publication, future tense", [d for d, k in yl_gap if k == "future"])
    within = sum(1 for d in wd_gap if 0 <= d <= params.past_weekday_max_back)
    yl_held = sum(1 for d, _, g in yl_two if -params.yearless_lookahead_days - g <= d <= params.yearless_lookback_days)
    yl_tense = sum(1 for d, k, g in yl_two
                   if (k == "future" and -params.yearless_lookahead_days - g <= d <= 0)
                   or (k != "future" and -g <= d <= params.yearless_lookback_days))
    for key, what in (("weekday", "a bare weekday the article uses, falling on the weekday of a year-less day it "
                                  "names, was that day within the week before publication"),
                      ("month", "a month named relative to publication ('last month', 'last May') was one of "
                                "the months the article names without a year"),
                      ("year", "the latest bare year reported as past was no later than the publication year")):
        print(f"{what}: {sum(same[key])} of {len(same[key])} articles")
    for key, what in (("link", "the latest date in an address the text links to was on or before publication"),
                      ("yearless_dateline", "a year-less dateline the loader kept was the publication day")):
        print(f"{what}: {sum(clues[key])} of {len(clues[key])} dated articles")
    print(f"bare weekdays (gold day): {len(wd_gap)}; within 0..{params.past_weekday_max_back} days before "
          f"publication: {within} ({within / len(wd_gap):.1%})" if wd_gap else "bare weekdays: no cases")
    print(f"  held now: event_recency_days={params.event_recency_days}: "
          f"{sum(1 for d in recency if d <= params.event_recency_days)}/{len(recency)}; "
          f"yearless_recency_days={params.yearless_recency_days}: "
          f"{sum(1 for d in yl_recency if -params.yearless_lookahead_days <= d <= params.yearless_recency_days)}"
          f"/{len(yl_recency)} (none more than {params.yearless_lookahead_days} days after publication: "
          f"{sum(1 for d in yl_recency if d >= -params.yearless_lookahead_days)}; none after it: "
          f"{sum(1 for d in yl_recency if d >= 0)}); "
          f"corpus_span_days={params.corpus_span_days}: {sum(1 for d in span_gap if d <= params.corpus_span_days)}"
          f"/{len(span_gap)}; corpus_event_days={params.corpus_event_days}: "
          f"{sum(1 for d in tied_gap if d <= params.corpus_event_days)}/{len(tied_gap)}; copy_window_days={params.copy_window_days}: "
          f"{sum(1 for d in copy_gap if d <= params.copy_window_days)}/{len(copy_gap)}; "
          f"yearless_lookback_days={params.yearless_lookback_days}: "
          f"{yl_held}/{len(yl_two)} (a year-less date within {params.yearless_lookback_days} days before "
          f"publication or {params.yearless_lookahead_days} after, whatever its tense; by tense alone "
          f"{yl_tense}/{len(yl_two)})")
    if part != "tuning":
        return
    # the figures the book's bases quote (analysis.timeline.CALIBRATION) against these
    now = {"corpus_span_days": (sum(1 for d in span_gap if d <= params.corpus_span_days), len(span_gap)),
           "corpus_event_days": (sum(1 for d in tied_gap if d <= params.corpus_event_days), len(tied_gap)),
           "event_recency_days": (sum(1 for d in recency if d <= params.event_recency_days), len(recency)),
           "yearless_recency_days": (sum(1 for d in yl_recency if -params.yearless_lookahead_days <= d
                                         <= params.yearless_recency_days), len(yl_recency)),
           "yearless_lookback_days": (yl_held, len(yl_two))}
    for name, (held, of) in now.items():
        settings, q_held, q_of, what = CALIBRATION[name]
        if any(getattr(params, k) != v for k, v in settings.items()):
            continue
        print(f"  {name}: the bases quote {q_held} of {q_of} {what}; measured now {held} of {of}"
              + ("" if (held, of) == (q_held, q_of) else "  <-- update analysis.timeline.CALIBRATION"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=["tuning", "heldout", "both"], default="both")
    ap.add_argument("--calibrate", action="store_true", help="print the calibration figures of the part(s)")
    ap.add_argument("--misses", type=int, default=0, help="print this many misses (tuning part only)")
    ap.add_argument("--sides", action="store_true",
                    help="say what sets each side of the bounded ranges (tuning part only)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a TimelineParams field (e.g. corpus_span_days=38), to compare settings")
    args = ap.parse_args()
    if not SHARED.is_dir():
        print(f"no shared data at {SHARED}")
        return
    over = {}
    for item in args.set:
        name, value = item.split("=", 1)
        kind = type(getattr(TimelineParams(), name))
        over[name] = (value.lower() in ("1", "true", "yes")) if kind is bool else kind(value)
    params = replace(TimelineParams(), **over)
    if over:
        print("overrides:", over)
    parts = ["tuning", "heldout"] if args.part == "both" else [args.part]
    for part in parts:
        if args.calibrate:
            calibrate(part, params)
            continue
        r = check(part, params, args.misses if part == "tuning" else 0, args.sides and part == "tuning")
        if not r["n"]:
            print(f"{part}: no hidden articles")
            continue
        print(f"{part}: {r['n']} hidden articles in {r['collections']} collections: range holds the true date "
              f"{r['hold']:.1%}; bounded on both sides {r['both']:.1%} (any bound {r['any_bound']:.1%}); median "
              f"width {r['median_width_both']:.0f} days (bounded ranges), {r['median_width_all']} (all); "
              f"one exact day {r['exact']:.1%} ({r['exact_wrong']} wrong)")
        for k, (n, held, both) in r["per_collection"].items():
            print(f"    {k:18s} {n:3d} hidden, {held:3d} hold, {both:3d} bounded both sides")


if __name__ == "__main__":
    main()
