"""Coverage timeline: publication dates (with their evidence), dated mentions, and events.

Three tables, each built from plain ``Article`` records:

* ``infer_publication`` — one row per article: its publication date when the
  evidence gives a single day, otherwise the earliest/latest dates the evidence
  allows, and a readable sentence saying what that evidence is.  Evidence, in
  the order it is trusted: metadata; a date line or dateline at the top of the
  text; a date in the URL; the latest explicitly dated past event the article
  reports (it cannot predate it) and explicitly dated future events (it
  cannot postdate them); relative expressions in text shared with a dated copy
  (its "on Thursday" must point to the same day as in the copy); the dates of
  the articles it copies or is copied by; year-less dates ("Feb. 24") read as
  their first occurrence after the corpus's earliest dated article (an
  assumption, stated).  Evidence that contradicts stronger evidence is listed
  as ignored.  No evidence: undated, and said so.
* ``dates_table`` — every temporal expression (``analysis.temporal``), resolved
  against the article's publication date or range.
* ``events_table`` — mentions of the same day or month across articles, with
  how many articles and outlets recall them and the lag to first coverage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from rapidfuzz import fuzz

from .article import Article
from .temporal import DateMention, TemporalParams, extract_dates

__all__ = ["TimelineParams", "DateMention", "extract_dates", "infer_publication", "dates_table", "events_table"]


@dataclass(frozen=True)
class TimelineParams:
    """Parameters of publication-date inference and date resolution.

    copy_min_share: two articles count as copies when shared text covers at
        least this share of either one (from the overlap stage's ``share_a``/
        ``share_b``, or from word shingles when no pairs table is given).
    copy_window_days: a copy is taken to appear within this many days of the
        article it shares text with (before or after, unless the pair's
        direction says which came first).
    copy_sentence_min_ratio: two sentences (0-100, rapidfuzz ratio) are "the
        same sentence" for aligning relative dates between copies.
    shingle_words: word n-gram length of the fallback overlap measure.
    assume_corpus_span: assume an undated article is not older than the
        earliest dated article of the corpus (the corpus is one story); used
        to give year-less dates a year.  Stated in the basis wherever used.
    use_future_bounds: an explicitly dated event the article describes in the
        future tense ("will be delivered in 2025") bounds its publication from
        above.
    yearless_lookback_days: in an undated article, a date without its year
        ("Feb. 24") is read as its first occurrence on or after the date the
        article is known (or assumed) to postdate, less this many days: the
        events a story reports may precede its first dated article a little.
    header_lines: how many lines at the top are searched for a date line or a
        dateline.
    past_weekday_max_back, weekday_same_day, yearless_near_days: passed to the
        tagger (see ``analysis.temporal.TemporalParams``).
    """

    copy_min_share: float = 0.3
    copy_window_days: int = 7
    copy_sentence_min_ratio: float = 80.0
    shingle_words: int = 5
    assume_corpus_span: bool = True
    use_future_bounds: bool = True
    header_lines: int = 5
    yearless_lookback_days: int = 31
    past_weekday_max_back: int = 6
    weekday_same_day: bool = True
    yearless_near_days: int = 60


_EVENT_GRANULARITY = ("day", "week", "month", "season", "quarter")


def _tagger(params: TimelineParams) -> TemporalParams:
    return TemporalParams(past_weekday_max_back=params.past_weekday_max_back,
                          weekday_same_day=params.weekday_same_day,
                          yearless_near_days=params.yearless_near_days)


PUBLICATION_COLUMNS = ["article_id", "published", "published_earliest", "published_latest",
                       "published_basis", "evidence", "yearless_floor"]
DATES_COLUMNS = ["date_id", "article_id", "start", "end", "text", "resolved_start", "resolved_end",
                 "granularity", "basis", "direction", "sentence", "published", "event_id"]
EVENTS_COLUMNS = ["event_id", "resolved_start", "resolved_end", "granularity", "articles", "outlets",
                  "mentions", "texts", "first_published", "lag_days"]


# --------------------------------------------------------------------------- small helpers

def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _parse_iso(s) -> date | None:
    if not isinstance(s, str) or not s:
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def _ymd(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


_MONTH_WORDS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], 1)}
_MON_RX = r"(?P<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"

# A line at the top that is a date, optionally labelled ("date 2021-09-13", "20210902", "Published: Sept. 2, 2021").
_DATE_LINE = re.compile(
    r"^\s*(?:(?:date|published|posted|publication\s+date|dateline)\s*:?\s*)?"
    r"(?:(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)|(?P<compact>(?:19|20)\d{6})|"
    + _MON_RX + r"\s+(?P<day>[0-3]?\d),?\s+(?P<year>(?:19|20)\d\d))(?![\d-])", re.I)
# A wire dateline: "MOSCOW, Sept. 13 (Reuters) -" / "KYIV, Sept. 2, 2021 —".
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'-]{2,30}(?:,\s*[A-Z][A-Za-z.]+)?,\s*" + _MON_RX
    + r"\s+(?P<day>[0-3]?\d)(?:,\s*(?P<year>(?:19|20)\d\d))?\s*(?:\([A-Za-z ]+\)\s*)?[-—–:]")
_URL_DATE = [
    (re.compile(r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|$|[^\d])"), "day"),
    (re.compile(r"(?<!\d)((?:19|20)\d\d)([01]\d)([0-3]\d)(?!\d)"), "day"),
    (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/"), "month"),
]


def _header_date(text: str, lines: int) -> tuple[date, str] | tuple[None, str]:
    """A date line or a dated dateline among the first lines: (date, note)."""
    for i, line in enumerate(text.splitlines()[:lines]):
        m = _DATE_LINE.match(line)
        if m:
            if m.group("iso"):
                d = _parse_iso(m.group("iso"))
            elif m.group("compact"):
                c = m.group("compact")
                d = _ymd(c[:4], c[4:6], c[6:])
            else:
                d = _ymd(m.group("year"), str(_month_num(m.group("mon"))), m.group("day"))
            if d:
                return d, f"date line at the top of the text ('{m.group(0).strip()}', line {i + 1})"
        m = _DATELINE.match(line)
        if m and m.group("year"):
            d = _ymd(m.group("year"), str(_month_num(m.group("mon"))), m.group("day"))
            if d:
                return d, f"dateline '{m.group(0).strip()}'"
    return None, ""


def _header_span(text: str, lines: int) -> tuple[int, int] | None:
    """Character span of the date line or dateline at the top, if any."""
    pos = 0
    for line in text.splitlines(keepends=True)[:lines]:
        m = _DATE_LINE.match(line) or _DATELINE.match(line)
        if m:
            return pos + m.start(), pos + m.end()
        pos += len(line)
    return None


def _yearless_dateline(text: str, lines: int) -> tuple[int, int, str] | None:
    for line in text.splitlines()[:lines]:
        m = _DATELINE.match(line)
        if m and not m.group("year"):
            return _month_num(m.group("mon")), int(m.group("day")), m.group(0).strip()
    return None


def _month_num(word: str) -> int:
    w = word.lower().rstrip(".")
    for name, i in _MONTH_WORDS.items():
        if name.startswith(w[:3]):
            return i
    return 0


def _url_date(url: str) -> tuple[date, date, str] | None:
    if not isinstance(url, str) or not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for rx, gran in _URL_DATE:
        m = rx.search(path)
        if not m:
            continue
        if gran == "day":
            d = _ymd(*m.groups())
            if d:
                return d, d, f"date in the URL ({m.group(0).strip('/')})"
        else:
            d = _ymd(m.group(1), m.group(2), "1")
            if d:
                nxt = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
                return d, nxt - timedelta(days=1), f"month in the URL ({m.group(0).strip('/')})"
    return None


def _shingles(text: str, n: int) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def _copy_pairs(articles: list[Article], pairs: pd.DataFrame | None, params: TimelineParams) -> dict:
    """{article_id: [(partner_id, partner_is_earlier: True/False/None, share)]} for copy pairs."""
    out: dict[str, list] = {a.article_id: [] for a in articles}
    ids = set(out)
    if pairs is not None and len(pairs) and {"article_a", "article_b"} <= set(pairs.columns):
        for r in pairs.itertuples(index=False):
            a, b = str(getattr(r, "article_a")), str(getattr(r, "article_b"))
            if a not in ids or b not in ids or a == b:
                continue
            share = max(float(getattr(r, "share_a", 0) or 0), float(getattr(r, "share_b", 0) or 0))
            if share < params.copy_min_share:
                continue
            first = _earlier_of(str(getattr(r, "direction", "") or ""), a, b)
            out[a].append((b, None if first is None else first == b, share))
            out[b].append((a, None if first is None else first == a, share))
    elif pairs is None:
        sh = {a.article_id: _shingles(a.text or "", params.shingle_words) for a in articles}
        arts = sorted(ids)
        for i, a in enumerate(arts):
            for b in arts[i + 1:]:
                if not sh[a] or not sh[b]:
                    continue
                inter = len(sh[a] & sh[b])
                share = max(inter / len(sh[a]), inter / len(sh[b]))
                if share >= params.copy_min_share:
                    out[a].append((b, None, share))
                    out[b].append((a, None, share))
    for k in out:
        out[k].sort(key=lambda t: (-t[2], t[0]))
    return out


def _earlier_of(direction: str, a: str, b: str) -> str | None:
    """Which article of a pair came first, from the overlap stage's ``direction`` (None if unknown).

    Understood: the overlap stage's "b_copies_a"/"a_copies_b"/"undetermined";
    also "a->b"/"a>b"/"a_to_b" (text went from a to b, so a is earlier), the
    reverse, or the source article's id.
    """
    d = direction.strip().lower().replace(" ", "")
    if not d or d in ("unknown", "undetermined", "none", "?", "nan", "<na>", "both", "mutual", "common_source"):
        return None
    if d == "b_copies_a":  # the overlap stage's vocabulary
        return a
    if d == "a_copies_b":
        return b
    if d in (a.lower(), "a", "a_first", "a->b", "a>b", "a_to_b", "a→b", "ab"):
        return a
    if d in (b.lower(), "b", "b_first", "b->a", "b>a", "b_to_a", "b→a", "ba"):
        return b
    if d.startswith(a.lower() + "->") or d.endswith("<-" + a.lower()):
        return a
    if d.startswith(b.lower() + "->") or d.endswith("<-" + b.lower()):
        return b
    return None


@dataclass
class _Evidence:
    rank: int  # lower = trusted more
    lo: date | None
    hi: date | None
    note: str


def _combine(evidence: list[_Evidence]) -> tuple[date | None, date | None, list[_Evidence], list[str]]:
    """Intersect evidence in order of trust; evidence that would empty the range is ignored."""
    lo = hi = None
    used: list[_Evidence] = []
    ignored: list[str] = []
    for ev in sorted(evidence, key=lambda e: e.rank):
        nlo = max([d for d in (lo, ev.lo) if d], default=None)
        nhi = min([d for d in (hi, ev.hi) if d], default=None)
        if nlo and nhi and nlo > nhi:
            ignored.append(ev.note + " (ignored: contradicts stronger evidence)")
            continue
        lo, hi = nlo, nhi
        used.append(ev)
    return lo, hi, used, ignored


# --------------------------------------------------------------------------- publication

def infer_publication(articles: list[Article], pairs: pd.DataFrame | None = None,
                      params: TimelineParams = TimelineParams()) -> pd.DataFrame:
    """Publication date or range for every article, with its evidence.

    Columns: article_id; published (ISO day, "" when the evidence does not give
    one day); published_earliest / published_latest ("" if unbounded);
    published_basis (a sentence); evidence (";"-separated items, used and
    ignored); yearless_floor (the date from which year-less expressions in
    this article were read, when that assumption was used, else "").
    """
    tp = _tagger(params)
    arts = [a for a in articles if isinstance(a, Article)]
    known: dict[str, tuple[date | None, date | None]] = {}
    rows: dict[str, dict] = {}

    def row(a, pub, lo, hi, basis, evidence, floor=None):
        rows[a.article_id] = {"article_id": a.article_id, "published": _iso(pub), "published_earliest": _iso(lo),
                              "published_latest": _iso(hi), "published_basis": basis,
                              "evidence": "; ".join(evidence), "yearless_floor": _iso(floor)}
        known[a.article_id] = (lo, hi)

    # 1. metadata, date lines, URLs: exact dates
    undated = []
    for a in arts:
        d = _parse_iso(a.published)
        if d:
            src = (a.basis or {}).get("published", "metadata")
            row(a, d, d, d, f"Published {d.isoformat()} according to {src}.", [f"{src}: {d.isoformat()}"])
            continue
        text = a.text if isinstance(a.text, str) else ""
        hd, note = _header_date(text, params.header_lines)
        if hd:
            row(a, hd, hd, hd, f"Published {hd.isoformat()}: {note}.", [note])
            continue
        u = _url_date(a.url)
        if u and u[0] == u[1]:
            row(a, u[0], u[0], u[1], f"Published {u[0].isoformat()}: {u[2]}.", [u[2]])
            continue
        undated.append(a)

    dated_days = sorted(lo for lo, hi in known.values() if lo and lo == hi)
    corpus_floor = dated_days[0] if (dated_days and params.assume_corpus_span) else None
    copies = _copy_pairs(arts, pairs, params)
    by_id = {a.article_id: a for a in arts}
    mention_cache: dict[tuple, list[DateMention]] = {}

    def mentions(a: Article, lo, hi, floor=None) -> list[DateMention]:
        key = (a.article_id, lo, hi, floor)
        if key not in mention_cache:
            mention_cache[key] = extract_dates(a.text or "", lo, hi, tp, yearless_floor=floor)
        return mention_cache[key]

    def own_evidence(a: Article) -> tuple[list[_Evidence], date | None, date | None]:
        ev: list[_Evidence] = []
        bound = _parse_iso((a.basis or {}).get("published_bound", ""))
        if bound:  # e.g. a scrape time: the article existed by then
            note = (a.basis or {}).get("published_bound_note", "upper bound")
            ev.append(_Evidence(0, None, bound, f"{note} gives {bound.isoformat()}, so published by then"))
        u = _url_date(a.url)
        if u:
            ev.append(_Evidence(0, u[0], u[1], u[2]))
        header = _header_span(a.text or "", params.header_lines)

        def not_header(ms: list[DateMention]) -> list[DateMention]:
            return [m for m in ms if not (header and m.start < header[1] and header[0] < m.end)]
        plain = not_header(mentions(a, None, None))
        # Only day/month-precise events: a bare year is too often a name or a target ("the 2020 census").
        past = [m for m in plain if m.basis.startswith("absolute") and m.direction == "past" and m.resolved_start
                and m.granularity in _EVENT_GRANULARITY]
        if past:
            m = max(past, key=lambda m: (m.resolved_start, m.start))
            ev.append(_Evidence(1, _parse_iso(m.resolved_start), None,
                                f"reports '{m.text}' as past ({m.resolved_start[:10]}), so not published before "
                                f"{m.resolved_start}"))
        if params.use_future_bounds:
            # Only a future tense marked close by, in the date's own clause: a "plan to" three
            # clauses away ("In this April 23, 2019 file photo, ... the plan to ask ...") is no bound.
            fut = [m for m in plain if m.basis.startswith("absolute") and m.direction == "future" and m.resolved_end
                   and m.tense_close]
            if fut:
                m = min(fut, key=lambda m: (m.resolved_end, m.start))
                ev.append(_Evidence(2, None, _parse_iso(m.resolved_end),
                                    f"describes '{m.text}' as still to come, so published by {m.resolved_end}"))
        known_lo = max([e.lo for e in ev if e.lo] + ([corpus_floor] if corpus_floor else []), default=None)
        base = known_lo - timedelta(days=params.yearless_lookback_days) if known_lo else None
        if base is not None:
            floor_note = (f"year-less dates read as their first occurrence on or after {base.isoformat()}, "
                          f"{params.yearless_lookback_days} days before "
                          + (f"the earliest dated article ({corpus_floor.isoformat()}; assumption: an undated "
                             f"article is not older than it, and what it reports is not much older)"
                             if corpus_floor and known_lo == corpus_floor else
                             f"{known_lo.isoformat()}, which the article is already known to postdate (assumption: "
                             f"a date given without its year is the first such date around then)"))
            yl = [m for m in not_header(mentions(a, base, None, base))
                  if "first" in m.basis and "(assumption)" in m.basis and m.direction == "past"
                  and m.granularity in ("day", "month") and m.resolved_start]
            if yl:
                m = max(yl, key=lambda m: (m.resolved_start, m.start))
                ev.append(_Evidence(5, _parse_iso(m.resolved_start), None,
                                    f"reports year-less '{m.text}' as past; {floor_note}"
                                    + ("; the stated weekday fits only some years" if "weekday" in m.basis else "")
                                    + f", that is {m.resolved_start}, so not published before it"))
            ydl = _yearless_dateline(a.text or "", params.header_lines)
            if ydl:
                for y in (base.year, base.year + 1):
                    d = _ymd(str(y), str(ydl[0]), str(ydl[1]))
                    if d and d >= base:
                        ev.append(_Evidence(4, d, d, f"dateline '{ydl[2]}'; {floor_note}"))
                        break
        return ev, base, known_lo

    def copy_evidence(a: Article, use_inferred: bool) -> list[_Evidence]:
        ev: list[_Evidence] = []
        w = timedelta(days=params.copy_window_days)
        for pid, partner_earlier, share in copies.get(a.article_id, []):
            if pid not in known:
                continue
            plo, phi = known[pid]
            exact = plo is not None and plo == phi
            if not exact and not use_inferred:
                continue
            if plo is None and phi is None:
                continue
            lo = (plo - w) if plo else None
            hi = (phi + w) if phi else None
            how = f"within {params.copy_window_days} days of"
            if partner_earlier is True:
                lo, how = plo, f"after (copies) and within {params.copy_window_days} days of"
            elif partner_earlier is False:
                hi, how = phi, f"before (is copied by) and within {params.copy_window_days} days of"
            pdesc = plo.isoformat() if exact else f"{_iso(plo) or '?'}..{_iso(phi) or '?'}"
            ev.append(_Evidence(6, lo, hi, f"shares {share:.0%} of its text with {pid} ({pdesc}), so taken "
                                           f"as published {how} it"))
            if exact and lo and hi:
                ev.extend(_aligned_relative(a, by_id[pid], plo, lo, hi))
        return ev

    def _aligned_relative(a: Article, p: Article, pday: date, lo: date, hi: date) -> list[_Evidence]:
        """Relative dates in sentences shared with a dated copy: publication days where they agree."""
        pm = [m for m in mentions(p, pday, pday) if "relative" in m.basis or "weekday" in m.basis]
        if not pm:
            return []
        days = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
        per_day = {d: {(m.start, m.end): m for m in mentions(a, d, d)} for d in days}
        out = []
        first = per_day[days[0]]
        for key, m0 in sorted(first.items()):
            if not ("relative" in m0.basis or "weekday" in m0.basis):
                continue
            match = None
            for q in pm:
                if q.text.lower() == m0.text.lower() and \
                        fuzz.ratio(q.sentence, m0.sentence) >= params.copy_sentence_min_ratio:
                    match = q
                    break
            if match is None:
                continue
            ok = [d for d in days if key in per_day[d] and
                  (per_day[d][key].resolved_start, per_day[d][key].resolved_end)
                  == (match.resolved_start, match.resolved_end)]
            if not ok or (ok[0] == days[0] and ok[-1] == days[-1]):
                continue  # no constraint (or none possible)
            out.append(_Evidence(3, ok[0], ok[-1],
                                 f"'{m0.text}' in a sentence shared with {p.article_id} means "
                                 f"{match.resolved_start if match.resolved_start == match.resolved_end else match.resolved_start + '..' + match.resolved_end} "
                                 f"there, which holds only if published {ok[0].isoformat()}..{ok[-1].isoformat()}"))
        return out

    # 2. undated articles: two passes so that copies of inferred articles benefit
    for pass_no in (1, 2):
        for a in sorted(undated, key=lambda x: x.article_id):
            ev, base, known_lo = own_evidence(a)
            ev += copy_evidence(a, use_inferred=(pass_no == 2))
            if not ev:
                row(a, None, None, None, "Undated: no date in metadata, and no dating evidence in the text, "
                                         "URL or copies.", [])
                continue
            floor_used = base if any(e.rank in (4, 5) for e in ev) else None
            if corpus_floor and floor_used and known_lo == corpus_floor:
                ev.append(_Evidence(7, corpus_floor, None,
                                    f"assumption: not older than the earliest dated article ({corpus_floor.isoformat()})"))
            seen: set[str] = set()
            ev = [e for e in ev if not (e.note in seen or seen.add(e.note))]
            lo, hi, used, ignored = _combine(ev)
            pub = lo if lo and lo == hi else None
            if pub:
                span = f"Published {pub.isoformat()} (inferred)"
            elif lo and hi:
                span = f"Published between {lo.isoformat()} and {hi.isoformat()} (inferred)"
            elif lo:
                span = f"Published no earlier than {lo.isoformat()} (inferred; no upper bound)"
            else:
                span = f"Published no later than {hi.isoformat()} (inferred; no lower bound)"
            # Decisive evidence (sets a bound) first; the rest only agrees with it.
            decisive = [e for e in used if (e.lo and e.lo == lo) or (e.hi and e.hi == hi)]
            others = [e for e in used if e not in decisive]
            basis = span + ": " + "; ".join(e.note for e in decisive) + "."
            if others:
                basis += " Consistent with it: " + "; ".join(e.note for e in others) + "."
            if ignored:
                basis += " Ignored: " + "; ".join(ignored) + "."
            row(a, pub, lo, hi, basis, [e.note for e in used] + ignored, floor_used)

    for a in arts:  # articles that are not Article-shaped never reach here; keep all ids
        if a.article_id not in rows:
            row(a, None, None, None, "Undated.", [])
    df = pd.DataFrame([rows[a.article_id] for a in arts], columns=PUBLICATION_COLUMNS)
    return df.sort_values("article_id", kind="stable").reset_index(drop=True).astype("string")


# --------------------------------------------------------------------------- dates

def dates_table(articles: list[Article], publication: pd.DataFrame,
                params: TimelineParams = TimelineParams()) -> pd.DataFrame:
    """Every temporal expression in every article, resolved against its publication date or range.

    Columns: date_id; article_id; start, end (offsets into the cleaned text);
    text; resolved_start, resolved_end (ISO, "" when unresolvable or
    unbounded); granularity; basis; direction (past/future/none); sentence;
    published (the article's publication day, "" if not one day); event_id
    (see ``events_table``; "" for mentions that are not day/month events).
    """
    tp = _tagger(params)
    pub = {}
    if publication is not None and len(publication):
        for r in publication.itertuples(index=False):
            pub[str(r.article_id)] = (_parse_iso(getattr(r, "published_earliest", "")),
                                      _parse_iso(getattr(r, "published_latest", "")),
                                      _parse_iso(getattr(r, "yearless_floor", "")),
                                      _parse_iso(getattr(r, "published", "")))
    recs = []
    for a in sorted((a for a in articles if isinstance(a, Article)), key=lambda x: x.article_id):
        lo, hi, floor, day = pub.get(a.article_id, (None, None, None, None))
        if lo is None and hi is None and _parse_iso(a.published):
            lo = hi = day = _parse_iso(a.published)
        header = _header_span(a.text or "", params.header_lines)
        for m in extract_dates(a.text or "", lo, hi, tp, yearless_floor=floor if hi is None else None):
            if header and m.start < header[1] and header[0] < m.end:
                continue  # the publication date line itself is not a mention
            recs.append({"article_id": a.article_id, "start": m.start, "end": m.end, "text": m.text,
                         "resolved_start": m.resolved_start, "resolved_end": m.resolved_end,
                         "granularity": m.granularity, "basis": m.basis, "direction": m.direction,
                         "sentence": m.sentence, "published": _iso(day)})
    df = pd.DataFrame(recs, columns=[c for c in DATES_COLUMNS if c not in ("date_id", "event_id")])
    df = df.sort_values(["article_id", "start", "end"], kind="stable").reset_index(drop=True)
    df.insert(0, "date_id", [f"D{i + 1:05d}" for i in range(len(df))])
    df["event_id"] = _event_ids(df)
    return _typed_dates(df)


def _typed_dates(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for c in DATES_COLUMNS:
        if c not in df.columns:
            df[c] = ""
    df = df[DATES_COLUMNS]
    df["start"] = df["start"].astype("int64")
    df["end"] = df["end"].astype("int64")
    for c in DATES_COLUMNS:
        if c not in ("start", "end"):
            df[c] = df[c].fillna("").astype("string")
    return df


def _event_key(r) -> tuple | None:
    g = r["granularity"]
    s, e = r["resolved_start"], r["resolved_end"]
    if g not in ("day", "month") or not s or not e:
        return None
    if g == "day" and s != e:
        return None  # a day known only as a range is not one event
    if g == "month" and s[:7] != e[:7]:
        return None
    return (s, e, g)


def _event_ids(df: pd.DataFrame) -> list[str]:
    keys = [_event_key(r) for _, r in df.iterrows()]
    uniq = sorted({k for k in keys if k})
    ids = {k: f"E{i + 1:04d}" for i, k in enumerate(uniq)}
    return [ids[k] if k else "" for k in keys]


# --------------------------------------------------------------------------- events

def events_table(dates: pd.DataFrame, articles: list[Article],
                 publication: pd.DataFrame | None = None) -> pd.DataFrame:
    """Days and months that articles mention, grouped across articles.

    Columns: event_id; resolved_start, resolved_end; granularity (day/month;
    an "early December" is its own event, narrower than "December");
    articles (count); outlets (";"-joined); mentions (count); texts (the
    distinct expressions); first_published (earliest publication day among
    the mentioning articles, "" if none is dated); lag_days (first_published
    minus the event's start, days; <NA> without a dated article).  Adds
    ``event_id`` to ``dates`` in place when it is missing.
    """
    if dates is None or len(dates) == 0:
        return _typed_events(pd.DataFrame(columns=EVENTS_COLUMNS))
    if "event_id" not in dates.columns:
        dates["event_id"] = _event_ids(dates)
    outlet = {a.article_id: (a.outlet or a.article_id) for a in articles if isinstance(a, Article)}
    pubday: dict[str, str] = {a.article_id: a.published for a in articles
                              if isinstance(a, Article) and _parse_iso(a.published)}
    if "published" in dates.columns:
        for aid, p in zip(dates["article_id"], dates["published"]):
            if isinstance(p, str) and _parse_iso(p):
                pubday[str(aid)] = p
    if publication is not None and len(publication):
        for aid, p in zip(publication["article_id"], publication["published"]):
            if isinstance(p, str) and _parse_iso(p):
                pubday[str(aid)] = p
    recs = []
    ev = dates[dates["event_id"].fillna("") != ""]
    for eid, g in ev.groupby("event_id", sort=True):
        aids = sorted(set(map(str, g["article_id"])))
        pubs = sorted(pubday[x] for x in aids if x in pubday)
        first = pubs[0] if pubs else ""
        start = str(g["resolved_start"].iloc[0])
        lag = (_parse_iso(first) - _parse_iso(start)).days if first else None
        recs.append({"event_id": eid, "resolved_start": start, "resolved_end": str(g["resolved_end"].iloc[0]),
                     "granularity": str(g["granularity"].iloc[0]), "articles": len(aids),
                     "outlets": "; ".join(sorted({outlet.get(x, x) for x in aids})), "mentions": len(g),
                     "texts": "; ".join(sorted(set(map(str, g["text"])))), "first_published": first,
                     "lag_days": lag})
    return _typed_events(pd.DataFrame(recs, columns=EVENTS_COLUMNS))


def _typed_events(df: pd.DataFrame) -> pd.DataFrame:
    df = df.sort_values("event_id", kind="stable").reset_index(drop=True)
    for c in EVENTS_COLUMNS:
        if c in ("articles", "mentions"):
            df[c] = df[c].astype("int64")
        elif c == "lag_days":
            df[c] = pd.array(df[c].tolist(), dtype="Int64")
        else:
            df[c] = df[c].fillna("").astype("string")
    return df
