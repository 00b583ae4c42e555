"""Coverage timeline: publication dates (with their evidence), dated mentions, and events.

Three tables, each built from plain ``Article`` records:

* ``infer_publication`` — one row per article: its publication date when the
  evidence gives a single day, otherwise the earliest/latest dates the
  evidence allows, and a sentence saying which evidence sets each side.
  Evidence: metadata; a date line or dated dateline at the top of the text; a
  date in the URL; a scrape time (an upper bound), and with it an update line
  without its year ("Updated May 31 at 3:41 PM": published by the last May 31
  before the scrape); a dateline without its year
  (the publication day, read against the other evidence: "May 30 at 2:44 PM"
  above the text, kept by the loader); the latest date in an address the text
  links to (".../2019/05/31/...": a lower bound); the latest explicitly dated
  event the article reports as past (it cannot predate it) and explicitly
  dated events it describes as still to come (it cannot postdate them);
  relative expressions in sentences shared with a copy whose date is known or
  inferred within a month ("on Thursday" there means one day, which holds here
  only for some publication days: a bound from the relation, not from an
  assumption); the articles it copies (a lower bound) or is copied by (an
  upper bound).
  Assumptions, each a named parameter calibrated on dated news where the truth
  is known (``bench/selfcheck_dating.py``) and used only where no evidence
  contradicts it: a copy appears within ``copy_window_days`` of its partner;
  the latest dated event an article reports lies at most
  ``event_recency_days`` before it, and the latest day it names without its
  year as past at most ``yearless_recency_days``; a year-less day or month ("Feb. 24",
  "in March") lies at most ``yearless_lookback_days`` before publication (or
  after, when still to come), so it is read against the other evidence's range
  and never against a guessed year; an undated article lies within
  ``corpus_span_days`` of the corpus's dated articles, and within the tighter
  ``corpus_event_days`` when it names a day, month or quarter they report as current
  (an isolated dated article, an archive page, does not stretch their span).
  Evidence that conflicts is never dropped: the range covers both sides and
  the basis names them; an assumption that sets a side quotes how often it
  held where the date was known (``CALIBRATION``).  No evidence: undated, and said so.
* ``dates_table`` — every temporal expression (``analysis.temporal``), resolved
  against the article's publication date or range.
* ``events_table`` — mentions of the same day or month across articles, with
  how many articles and outlets recall them and the lag to first coverage.

Decomposition (so an engine can run the stage over partitions; every id is
content-derived and every table sorted by a unique key):

* maps (one article in, rows depending only on it): ``article_dating``
  (the anchor-free evidence: exact date, text evidence, year-less and relative
  mentions; runs ``temporal.find_mentions`` once per article, cached by text)
  and ``article_dates`` (the dates table's rows, given the article's row of
  the publication table, a join by ``article_id``);
* maps over the overlap pairs: ``copy_links`` (each pair, both directions);
* a small reduction broadcast to every article: ``coverage_span`` (the
  earliest and latest exact publication day of the corpus, leaving out
  isolated days: ``span_of_days``; and the days and months the exactly dated
  articles' dates rows name near that span: ``current_days``);
* joins by id: links with the partner's ``ArticleDating`` (pass 1) or the
  partner's publication row (pass 2: ranges inferred in pass 1), on
  ``partner_id``;
* keyed reductions: ``date_article`` (by ``article_id``: the article's own
  dating, its joined links and the broadcast span → its publication row) and
  ``event_rows`` (by ``event_id``: the mentions of one event → its row).
* ``infer_publication``, ``dates_table`` and ``events_table`` compose these in
  one process.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from .article import Article
from .engine import clear_on_release
from .engine import records as frame_records
from .temporal import (DateMention, FoundMention, TemporalParams, _month_of, extract_dates, find_mentions,
                       resolve_mentions, yearless_occurrence)

__all__ = ["TimelineParams", "DateMention", "extract_dates", "infer_publication", "dates_table", "events_table",
           "ArticleDating", "article_dating", "copy_links", "coverage_span", "span_of_days", "date_article", "article_dates",
           "event_rows"]


@dataclass(frozen=True)
class TimelineParams:
    """Parameters of publication-date inference and date resolution.

    copy_min_share: two articles count as copies when shared text covers at
        least this share of either one (from the overlap stage's ``share_a``/
        ``share_b``, or from word shingles when no pairs table is given).
    align_min_share: two articles sharing less text than ``copy_min_share``
        but at least this share of either one (a quoted passage, not a copy)
        still align the relative dates of the sentences they share ("on
        Thursday" there means 2019-05-30): a bound from the relation, as for
        copies, but no ``copy_window_days`` and no direction (a passage quoted
        from an older story keeps its "Thursday").  At or above
        ``copy_min_share``, off; off by default: on the tuning part such links
        held the true date 4 of 4 times (too few to calibrate), and turned on
        (0.0) they narrowed one hidden article's range there (78 days to 7)
        but made one of the 48 held-out articles miss its true date, where
        nothing missed without them.
    copy_window_days: assumption: a copy appears within this many days of
        the article it shares text with (before or after, unless the pair's
        direction says which came first).
    copy_sentence_min_ratio: two sentences (0-100, rapidfuzz ratio) are "the
        same sentence" for aligning relative dates between copies.
    shingle_words: word n-gram length of the fallback overlap measure.
    assume_corpus_span: use the assumption below (the corpus is one story).
    corpus_span_days: assumption: an undated article lies at most this many
        days before the corpus's earliest dated article or after its latest;
        used only to read an article's own evidence, never alone (an archive
        page with no dating evidence stays undated).
    corpus_event_days: assumption: an undated article that names a day, a
        month or a calendar quarter the corpus's dated articles name and place
        within this many days of their span (the story's current events: "Sept.
        9" or "in September" where they report 2021-09-09, "third-quarter
        profit" where they report 1989-Q3) lies within this many days of that span.
        A tighter window than ``corpus_span_days``, which undated articles in
        general do not earn: an undated seed article recalling "Feb. 24" (the
        2022 invasion) was published half a year after the dated ones, and
        names none of their days; 0 turns it off.  Calibrated on the tuning
        part: 83 of 83 dated articles naming such a day, month or quarter lay
        within 38 days of the others (25 of them quarter ties, all within the
        others' span; held-out: 46 of 47, 10 quarter ties).
    corpus_outlier_days: a dated article with no other dated article within
        this many days, lying outside the span of the rest (an archive page in
        a story's coverage), does not stretch the span the two assumptions
        above read against; the basis names it.  On the tuning part the one such
        article lay 750 days from the rest; the farthest second cluster of
        dated articles (two on one day) lay 154 days after the rest, and is kept.
    use_future_bounds: an explicitly dated event the article describes in the
        future tense ("will be delivered in 2025") bounds its publication from
        above.
    event_recency_days: assumption: the latest explicitly dated event (a day,
        month or quarter with its year) an article reports as past lies at most
        this many days before its publication (news reports recent events); 0
        turns it off.  Calibrated on the tuning part as the smallest window
        holding at least 97 % of the dated articles that report such an event:
        18 of 18 (about 53 years; median 515 days), because news writes the year
        mostly for events long past ("March 5, 1946") and leaves it out for
        recent ones ("Feb. 24"), which ``yearless_lookback_days`` reads.
        Off by default: with 18 cases, the 97 % window is the largest gap,
        set by one article, and an anniversary piece recalling an older event
        ("June 6, 1944") would be dated too early; turned off, no self-check
        figure changes (tuning and held-out alike).
    yearless_recency_days: assumption: the latest day named without its year
        ("Oct. 13") that an article reports as past lies at most this many days
        before its publication, so an article whose range holds several years
        lies within this many days after one of that day's occurrences (the
        year is whichever the rest of the evidence allows; news reports recent
        days, and names them without the year); 0 turns it off.  Calibrated
        on the tuning part as the smallest window holding at least 97 % of the
        dated articles that name such a day, read at their true date: 48 of 49
        (median 28 days).  Days named with their year are left to
        ``event_recency_days``: counted with them, the window holding 97 %
        was 638 days, because an article naming only "March 5, 1946" ends
        the tail.  Its other side is the year-less reading's
        ``yearless_lookahead_days``, not "no earlier than that day": for 8 of
        the 49 the day lay after publication (a tense read wrongly, or a day
        ahead named in the past tense).  All 8 lay within 38 days, but a
        38-day side would exclude the true date of a dividend "set for
        holders of record Dec. 21" written 56 days before it, the case the
        two-sided reading was built for.
    yearless_lookback_days: assumption: a day or month named without its year
        ("Feb. 24", "in March") lies at most this many days before publication
        (whatever the tense: the tense is too often wrong to pick the side).
    yearless_lookahead_days: assumption: such a date lies at most this many
        days after publication.
    header_lines: how many lines at the top are searched for a date line or a
        dateline.
    past_weekday_max_back, weekday_same_day, yearless_near_days: passed to the
        tagger (see ``analysis.temporal.TemporalParams``).
    """

    copy_min_share: float = 0.3
    align_min_share: float = 1.0
    copy_window_days: int = 7
    copy_sentence_min_ratio: float = 80.0
    shingle_words: int = 5
    assume_corpus_span: bool = True
    corpus_span_days: int = 750
    corpus_event_days: int = 38
    corpus_outlier_days: int = 365
    use_future_bounds: bool = True
    event_recency_days: int = 0
    yearless_recency_days: int = 273
    yearless_lookback_days: int = 330
    yearless_lookahead_days: int = 94
    header_lines: int = 5
    past_weekday_max_back: int = 6
    weekday_same_day: bool = True
    yearless_near_days: int = 60


_EVENT_GRANULARITY = ("day", "week", "month", "season", "quarter")


#: How often each assumption held where the truth was known, at its calibrated setting
#: (``python bench/selfcheck_dating.py --calibrate`` on the tuning part, except the copy window:
#: the tuning part has no dated copies).  A basis quotes the figure while the parameter keeps that
#: setting, so a reader can weigh the side it sets (``_describe`` quotes it for the sides an
#: assumption sets and for assumptions that do not hold, not for those merely consistent).
CALIBRATION = {
    "copy_window_days": ({"copy_window_days": 7}, 6, 6, "dated copy pairs"),
    "corpus_span_days": ({"corpus_span_days": 750}, 184, 184, "dated articles"),
    "corpus_event_days": ({"corpus_event_days": 38}, 83, 83, "dated articles naming such a day or quarter"),
    "event_recency_days": ({"event_recency_days": 19365}, 18, 18, "dated articles"),
    "yearless_recency_days": ({"yearless_recency_days": 273}, 48, 49, "dated articles"),
    "yearless_lookback_days": ({"yearless_lookback_days": 330, "yearless_lookahead_days": 94}, 136, 139,
                               "year-less dates"),
}


def _held(name: str, params: TimelineParams) -> str:
    """ "held for 58 of 58 dated articles where the date was known" while ``name`` has its calibrated
    setting, else ""."""
    c = CALIBRATION.get(name)
    if not c or any(getattr(params, k) != v for k, v in c[0].items()):
        return ""
    # "in the calibration collections": a reader of a five-article report must not take the counts as its own
    return f"held for {c[1]} of {c[2]} {c[3]} in the calibration collections, where the date was known"


def _assumption(name: str, params: TimelineParams) -> str:
    """ "assumption" with how often it held: "assumption (held for 58 of 58 ...)"."""
    held = _held(name, params)
    return f"assumption ({held})" if held else "assumption"


def _tagger(params: TimelineParams) -> TemporalParams:
    return TemporalParams(past_weekday_max_back=params.past_weekday_max_back,
                          weekday_same_day=params.weekday_same_day,
                          yearless_near_days=params.yearless_near_days)


@lru_cache(maxsize=8192)
def _found(text: str, tp: TemporalParams) -> tuple[FoundMention, ...]:
    """Finding is anchor-free: once per article text, whatever the publication range tried."""
    return tuple(find_mentions(text, tp))


clear_on_release(_found.cache_clear)  # found again if needed: let go between stages


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


def _basis_yearless(basis: dict | None, key: str) -> tuple[int, int, str] | None:
    """A year-less day the loader kept under ``key`` ("05-30", with the line as written in
    ``key + "_note"``): (month, day, the line as written)."""
    md = (basis or {}).get(key, "")
    m = re.fullmatch(r"(\d\d)-(\d\d)", md) if isinstance(md, str) else None
    if not m:
        return None
    said = re.search(r"'(.+)'", str((basis or {}).get(f"{key}_note", "")))
    return int(m[1]), int(m[2]), said[1] if said else md


def _basis_dateline(basis: dict | None) -> tuple[int, int, str] | None:
    """A year-less dateline ("May 30 at 2:44 PM" above the text): the publication day without its
    year, read like a wire dateline without one."""
    return _basis_yearless(basis, "published_yearless")


def _basis_updated(basis: dict | None) -> tuple[int, int, str] | None:
    """A year-less update line ("Updated May 31 at 3:41 PM")."""
    return _basis_yearless(basis, "published_yearless_updated")


def _last_on_or_before(mon: int, day: int, limit: date) -> date | None:
    """The last ``mon``-``day`` on or before ``limit`` (Feb. 29: the last leap day)."""
    for y in range(limit.year, limit.year - 8, -1):
        try:
            d = date(y, mon, day)
        except ValueError:
            continue
        if d <= limit:
            return d
    return None


# An address inside the text with a date in its path (".../2019/05/31/..."): the page it links to
# existed by then.  Only slashed dates: an eight-digit run in an address is as often an id.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.I)
_LINK_DATE = [(re.compile(r"/((?:19|20)\d\d)/([01]?\d)/([0-3]?\d)(?:/|$)"), "day"),
              (re.compile(r"/((?:19|20)\d\d)/([01]?\d)/"), "month")]


# A line offering other stories: a page scraped long after it appeared can list newer ones there
_OTHER_STORIES = re.compile(r"\b(?:related|read more|see also|more from|more on|recommended|trending|most read|"
                            r"popular|you may also like|further reading|next up|up next)\b", re.I)


def _linked_date(text: str) -> tuple[date, str, str] | None:
    """The latest start of a day or month dated in an address inside the text: (its first day, the
    date as written, the address), or None.  Addresses on a line that offers other stories
    ("Related: ...", "Read more") are left out."""
    if "://" not in text and "www." not in text.lower():
        return None  # no address (a fast path: ``_LINK`` ignores case, so ``re`` tries every position)
    best = None
    for link in _LINK.finditer(text):
        line_start = text.rfind("\n", 0, link.start()) + 1
        line_end = text.find("\n", link.end())
        if _OTHER_STORIES.search(text[line_start:line_end if line_end >= 0 else len(text)]):
            continue
        for rx, gran in _LINK_DATE:
            m = rx.search(link.group(0))
            if not m:
                continue
            d = _ymd(m[1], m[2], m[3] if gran == "day" else "1")
            if d:
                said = d.isoformat() if gran == "day" else d.isoformat()[:7]
                if best is None or d > best[0]:
                    best = (d, said, link.group(0)[:100])
                break
    return best


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


@dataclass(frozen=True)
class CopyLink:
    """One side of a copy pair: ``article_id`` shares text with ``partner_id``."""

    article_id: str
    partner_id: str
    partner_is_earlier: bool | None  # True: the article copies the partner; False: copied by it
    share: float


def copy_links(pairs: pd.DataFrame, params: TimelineParams = TimelineParams()) -> list[CopyLink]:
    """Map over overlap pairs: both sides of every pair sharing at least ``copy_min_share`` (a copy), or
    at least ``align_min_share`` (a shared passage: its relative dates only, see ``_copy_pieces``)."""
    out: list[CopyLink] = []
    if pairs is None or not len(pairs) or not {"article_a", "article_b"} <= set(pairs.columns):
        return out
    for r in pairs.itertuples(index=False):
        a, b = str(getattr(r, "article_a")), str(getattr(r, "article_b"))
        if a == b:
            continue
        share = max(float(getattr(r, "share_a", 0) or 0), float(getattr(r, "share_b", 0) or 0))
        if share < min(params.copy_min_share, params.align_min_share) or share <= 0:
            continue
        first = _earlier_of(str(getattr(r, "direction", "") or ""), a, b)
        out.append(CopyLink(a, b, None if first is None else first == b, share))
        out.append(CopyLink(b, a, None if first is None else first == a, share))
    return out


def _shingle_pairs(articles: list[Article], params: TimelineParams) -> pd.DataFrame:
    """Fallback copy pairs when no overlap table is given: word shingles, through an inverted
    index (pairs sharing a shingle only, never all pairs)."""
    sh = {a.article_id: _shingles(a.text or "", params.shingle_words) for a in articles}
    index: dict[str, list[str]] = defaultdict(list)
    for aid in sorted(sh):
        for s in sh[aid]:
            index[s].append(aid)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for ids in index.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                shared[(a, b)] += 1
    rows = [{"article_a": a, "article_b": b, "share_a": n / len(sh[a]), "share_b": n / len(sh[b]),
             "direction": "undetermined"} for (a, b), n in sorted(shared.items())]
    return pd.DataFrame(rows, columns=["article_a", "article_b", "share_a", "share_b", "direction"])


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


# --------------------------------------------------------------------------- evidence

@dataclass(frozen=True)
class Piece:
    """One bound on an article's publication: evidence, or an assumption (named by its parameter)."""

    lo: date | None
    hi: date | None
    note: str
    rank: int  # order of application; evidence before assumptions
    assumption: str = ""  # "" for evidence; else the ``TimelineParams`` field it rests on


@dataclass(frozen=True)
class ArticleDating:
    """What one article's own metadata and text say about its publication (no other article needed)."""

    article_id: str
    exact: date | None = None
    exact_basis: str = ""
    exact_note: str = ""
    pieces: tuple[Piece, ...] = ()
    yearless: tuple[FoundMention, ...] = ()  # days and months named without their year
    dateline: tuple[int, int, str] | None = None  # a dateline's month and day without its year
    relative: tuple[FoundMention, ...] = ()  # "on Thursday", "yesterday", "last week": read in copies


def _found_in(text: str, params: TimelineParams) -> list[FoundMention]:
    """The article's temporal expressions, less any inside its date line or dateline."""
    header = _header_span(text, params.header_lines)
    return [f for f in _found(text, _tagger(params)) if not (header and f.start < header[1] and header[0] < f.end)]


def article_dating(a: Article, params: TimelineParams = TimelineParams(),
                   found: list[FoundMention] | None = None) -> ArticleDating:
    """Map: one article's exact date, if it has one, else the bounds its own text and metadata give
    (``found``: its expressions, from ``_found_in``, when the caller has them already)."""
    text = a.text if isinstance(a.text, str) else ""
    tp = _tagger(params)
    found = _found_in(text, params) if found is None else found
    relative = tuple(f for f in found if f.relative)
    d = _parse_iso(a.published)
    u = _url_date(a.url)
    exact = None
    if d:
        src = (a.basis or {}).get("published", "metadata")
        exact = (d, f"Published {d.isoformat()} according to {src}.", f"{src}: {d.isoformat()}")
    elif (hd := _header_date(text, params.header_lines))[0]:
        exact = (hd[0], f"Published {hd[0].isoformat()}: {hd[1]}.", hd[1])
    elif u and u[0] == u[1]:
        exact = (u[0], f"Published {u[0].isoformat()}: {u[2]}.", u[2])
    if exact:  # its relative mentions still date the articles that copy it
        return ArticleDating(a.article_id, *exact, relative=relative)
    pieces: list[Piece] = []
    bound = _parse_iso((a.basis or {}).get("published_bound", ""))
    if bound:  # e.g. a scrape time: the article existed by then
        note = (a.basis or {}).get("published_bound_note", "upper bound")
        pieces.append(Piece(None, bound, f"{note} gives {bound.isoformat()}, so published by then", 0))
    if bound and (upd := _basis_updated(a.basis)) and \
            "scrape" in str((a.basis or {}).get("published_bound_note", "")).lower():
        # a year-less update line on the page as scraped: the update came on the last such day by the
        # scrape at the latest, and publication before the update
        day = _last_on_or_before(upd[0], upd[1], bound)
        if day:
            pieces.append(Piece(None, day, f"the update line '{upd[2]}' (no year) was on the page scraped by "
                                           f"{bound.isoformat()}, so updated, and published, by {day.isoformat()}", 0))
    if u:
        pieces.append(Piece(u[0], u[1], u[2], 0))
    if (linked := _linked_date(text)):  # a page it links to existed when it was published
        pieces.append(Piece(linked[0], None, f"links to a page whose address is dated {linked[1]} "
                                             f"('{linked[2]}'), so not published before {linked[0].isoformat()}", 1))
    absolute = [m for m in resolve_mentions(found, None, None, tp) if m.basis.startswith("absolute")]
    # Only day/month-precise events: a bare year is too often a name or a target ("the 2020 census").
    past = [m for m in absolute if m.direction == "past" and m.resolved_start and m.granularity in _EVENT_GRANULARITY]
    if past:
        m = max(past, key=lambda m: (m.resolved_start, m.start))
        pieces.append(Piece(_parse_iso(m.resolved_start), None,
                            f"reports '{m.text}' as past ({m.resolved_start}), so not published before it", 1))
        if params.event_recency_days:
            hi = _parse_iso(m.resolved_end) + timedelta(days=params.event_recency_days)
            pieces.append(Piece(None, hi, f"{_assumption('event_recency_days', params)}: the latest dated event "
                                          f"an article reports ('{m.text}') lies "
                                          f"at most {params.event_recency_days} days before it, so published by "
                                          f"{hi.isoformat()}", 8, "event_recency_days"))
    if params.use_future_bounds:
        # Only a future tense marked close by, in the date's own clause: a "plan to" three
        # clauses away ("In this April 23, 2019 file photo, ... the plan to ask ...") is no bound.
        fut = [m for m in absolute if m.direction == "future" and m.resolved_end and m.tense_close]
        if fut:
            m = min(fut, key=lambda m: (m.resolved_end, m.start))
            pieces.append(Piece(None, _parse_iso(m.resolved_end),
                                f"describes '{m.text}' as still to come, so published by {m.resolved_end}", 2))
    # A year-less date said to be still to come counts only with a future tense close by, in its own
    # clause ("this year through Oct. 19" is a period ending, not a date ahead).
    yearless = tuple(f for f in found if f.kind in ("md", "dm", "m") and (f.direction != "future" or f.tense_close))
    return ArticleDating(a.article_id, None, "", "", tuple(pieces), yearless,
                         _yearless_dateline(text, params.header_lines) or _basis_dateline(a.basis), relative)


def coverage_span(datings: list[ArticleDating], params: TimelineParams = TimelineParams(),
                  named_days: list[str] = ()) -> tuple | None:
    """Reduction broadcast to every article: the corpus's dated coverage (see ``span_of_days``) and
    the story's current days (see ``current_days``; ``named_days`` are the days the dated articles
    name, from their dates rows)."""
    span = span_of_days([d.exact for d in datings if d.exact], params)
    return span and (*span, current_days(named_days, span, params))


def current_days(named_days, span: tuple | None, params: TimelineParams = TimelineParams()) -> tuple[str, ...]:
    """The days ("2021-09-09"), months ("2021-09") and calendar quarters ("1989-Q3") the dated
    articles name that lie within ``corpus_event_days`` of their span: the story's current events,
    which an undated article naming them without a year reports too."""
    if not span or not params.corpus_event_days:
        return ()
    k = timedelta(days=params.corpus_event_days)
    lo, hi = (span[0] - k).isoformat(), (span[1] + k).isoformat()

    def near(d: str) -> bool:
        if "Q" in d:  # a quarter: it meets the window
            q0 = date(int(d[:4]), 3 * int(d[-1]) - 2, 1)
            return q0.isoformat() <= hi and _quarter_end(q0).isoformat() >= lo
        return lo[:len(d)] <= d <= hi[:len(d)]
    return tuple(sorted({d for d in named_days if isinstance(d, str) and d and near(d)}))


def _quarter_end(q0: date) -> date:
    return (q0.replace(day=28) + timedelta(days=66)).replace(day=1) - timedelta(days=1)


def _named_days(rows) -> list[str]:
    """Days (ISO) that dates rows name as one day, months ("2021-09") they name (or part of one), and
    calendar quarters ("1989-Q3") they name whole; "" for any other row."""
    out = []
    for r in rows:
        s, e, g = (v if isinstance(v, str) else "" for v in (r["resolved_start"], r["resolved_end"], r["granularity"]))
        out.append(s if g == "day" and s and s == e else s[:7] if g == "month" and s and s[:7] == e[:7] else
                   _quarter_key(s, e) if g == "quarter" else "")
    return out


def _quarter_key(s: str, e: str) -> str:
    """ "1989-Q3" for a row naming one whole calendar quarter, else ""."""
    q0, q1 = _parse_iso(s), _parse_iso(e)
    if not q0 or not q1 or q0.day != 1 or q0.month % 3 != 1 or q1 != _quarter_end(q0):
        return ""
    return f"{q0.year}-Q{(q0.month + 2) // 3}"


def span_of_days(days: list[date], params: TimelineParams = TimelineParams()) -> tuple[date, date, tuple[date, ...]] | None:
    """The earliest and latest exact publication day, and the days left out of that span: a dated
    article with no other dated article within ``corpus_outlier_days`` of it, lying outside the
    span of the rest (an archive page in a story's coverage), does not stretch the span the
    corpus-span assumption reads undated articles against, unless fewer than two dated articles
    would be left."""
    days = sorted(days)
    if not days:
        return None
    k = params.corpus_outlier_days
    isolated = {d for i, d in enumerate(days)
                if (i == 0 or (d - days[i - 1]).days > k) and (i == len(days) - 1 or (days[i + 1] - d).days > k)}
    kept = [d for d in days if d not in isolated]
    if len(kept) < 2:
        return days[0], days[-1], ()
    return kept[0], kept[-1], tuple(d for d in days if d < kept[0] or d > kept[-1])


@dataclass(frozen=True)
class Partner:
    """A copy link joined with what is known of the partner's publication (by ``partner_id``)."""

    link: CopyLink
    lo: date | None
    hi: date | None
    exact: bool
    relative: tuple[FoundMention, ...] = ()  # the partner's relative mentions


def _max(a, b):
    return b if a is None else a if b is None else max(a, b)


def _min(a, b):
    return b if a is None else a if b is None else min(a, b)


def _copy_pieces(dating: ArticleDating, p: Partner, params: TimelineParams) -> list[Piece]:
    pid, w = p.link.partner_id, params.copy_window_days
    pdesc = p.lo.isoformat() if p.exact else f"{_iso(p.lo) or '?'}..{_iso(p.hi) or '?'}"
    if p.link.share < params.copy_min_share:  # a shared passage, not a copy: its relative dates only
        return _aligned_relative(dating, p, params) if p.lo and p.hi and (p.hi - p.lo).days <= _ALIGN_DAYS else []
    out = []
    if p.link.partner_is_earlier is True and p.lo:
        out.append(Piece(p.lo, None, f"copies {pid} ({pdesc}), so published after it", 5))
    elif p.link.partner_is_earlier is False and p.hi:
        out.append(Piece(None, p.hi, f"is copied by {pid} ({pdesc}), so published before it", 5))
    out.append(Piece(p.lo - timedelta(days=w) if p.lo else None, p.hi + timedelta(days=w) if p.hi else None,
                     f"shares {p.link.share:.0%} of its text with {pid} ({pdesc}); "
                     f"{_assumption('copy_window_days', params)}: a copy appears "
                     f"within {w} days of the article it shares text with", 6, "copy_window_days"))
    if p.lo and p.hi and (p.hi - p.lo).days <= _ALIGN_DAYS:
        out.extend(_aligned_relative(dating, p, params))
    return out


_ALIGN_DAYS = 31  # publication days tried either side of a copy's date when aligning its relative dates


def _aligned_relative(dating: ArticleDating, p: Partner, params: TimelineParams) -> list[Piece]:
    """Relative dates in sentences shared with a copy whose date is known, or inferred within
    ``_ALIGN_DAYS`` days: the publication days where they mean the same day as there ("on Thursday"
    = 2021-09-09 holds only if published 09-09..09-15).  The bound comes from the relation (the
    expression counts from each article's own publication), not from an assumption; for a copy whose
    date is a range, it holds where the expression means one of the days it means there."""
    if not dating.relative or not p.relative or p.lo is None or p.hi is None:
        return []
    tp = _tagger(params)
    first_day, last_day = p.lo, p.hi
    at_first = resolve_mentions(list(p.relative), first_day, first_day, tp)
    at_last = at_first if last_day == first_day else resolve_mentions(list(p.relative), last_day, last_day, tp)
    theirs = {(q.text.lower(), q.sentence): (r0, r1) for q, r0, r1 in zip(p.relative, at_first, at_last)}
    days = [first_day + timedelta(days=i) for i in range(-_ALIGN_DAYS, (last_day - first_day).days + _ALIGN_DAYS + 1)]
    out = []
    for m in dating.relative:
        match = None
        for (qtext, qsent), (r0, r1) in theirs.items():
            if qtext == m.text.lower() and r0.resolved_start and r1.resolved_start and \
                    fuzz.ratio(qsent, m.sentence) >= params.copy_sentence_min_ratio:
                match = (r0, r1)
                break
        if match is None:
            continue
        r0, r1 = match
        ok = _days_meaning(m, (r0.resolved_start, r0.resolved_end), days, tp, (r1.resolved_start, r1.resolved_end))
        if not ok or (ok[0] == days[0] and ok[-1] == days[-1]):
            continue  # no constraint (or none possible)
        said = r0.resolved_start if r0.resolved_start == r1.resolved_end else \
            f"{r0.resolved_start}..{r1.resolved_end}"
        if p.exact:
            there = f"means {said} there"
        else:
            inferred = first_day.isoformat() if first_day == last_day else \
                f"{first_day.isoformat()}..{last_day.isoformat()}"
            there = f"means {'a day in ' if r0.resolved_start != r1.resolved_end else ''}{said} there (its date " \
                    f"inferred as {inferred})"
        out.append(Piece(ok[0], ok[-1], f"'{m.text}' in a sentence shared with {p.link.partner_id} {there}, which "
                                        f"holds only if published {ok[0].isoformat()}..{ok[-1].isoformat()}", 3))
    return out


@lru_cache(maxsize=65536)
def _resolved_on(m: FoundMention, day: date, tp: TemporalParams) -> tuple[str, str]:
    """``m`` read as published on ``day``: (resolved start, end).  Reading is a function of the
    mention, the day and the tagger's parameters alone, and the same mention is read on the same
    days many times over (both ends of the binary search below, the checks after it, and every
    copy of the article it is compared with), so each reading is kept."""
    r = resolve_mentions([m], day, day, tp)[0]
    return (r.resolved_start, r.resolved_end)


def _days_meaning(m: FoundMention, target: tuple[str, str], days: list[date], tp: TemporalParams,
                  target_last: tuple[str, str] | None = None) -> list[date]:
    """The publication days (of ``days``, consecutive) on which ``m`` resolves to ``target`` (or,
    given ``target_last``, to a value from ``target`` to ``target_last``).

    A relative expression moves forward with the publication day ("Thursday", "yesterday", "last
    week" never point earlier when the day is later), so the days that give one target are a run:
    found by binary search at its two ends, then checked."""
    def at(d: date) -> tuple[str, str]:
        return _resolved_on(m, d, tp)

    def first(pred) -> int:  # the first index where pred holds (pred is monotone), or len(days)
        lo, hi = 0, len(days)
        while lo < hi:
            mid = (lo + hi) // 2
            if pred(days[mid]):
                hi = mid
            else:
                lo = mid + 1
        return lo

    def key(v: tuple[str, str]) -> tuple[str, str]:
        return (v[0] or "9999", v[1] or "9999")  # unresolved sorts last

    low, high = key(target), key(target_last or target)

    def fits(d: date) -> bool:
        return low <= key(at(d)) <= high if target_last else at(d) == target

    i = first(lambda d: key(at(d)) >= low)
    j = first(lambda d: key(at(d)) > high)
    run = days[i:j]
    if not run or (fits(run[0]) and fits(run[-1])):
        return run
    return [d for d in days if fits(d)]  # not monotone after all: try every day


def _corpus_pieces(span: tuple | None, params: TimelineParams, dating: ArticleDating | None = None) -> list[Piece]:
    if not span or not params.assume_corpus_span:
        return []
    said = f"{span[0].isoformat()}..{span[1].isoformat()}"
    apart = span[2] if len(span) > 2 else ()
    if apart:
        said += (f"; left out, with no other dated article within {params.corpus_outlier_days} days: "
                 + ", ".join(d.isoformat() for d in apart[:3]) + (f" and {len(apart) - 3} more" if len(apart) > 3 else ""))
    tie = _current_tie(dating, span[3] if len(span) > 3 else ())
    if tie and params.corpus_event_days:
        n, name = params.corpus_event_days, "corpus_event_days"
        why = (f"{_assumption(name, params)}: an undated article that names a "
               f"{'quarter' if 'Q' in tie[1] else 'day'} the dated articles report as "
               f"current ('{tie[0]}', "
               f"{tie[1]} there) is at most {n} days")
    else:
        n, name = params.corpus_span_days, "corpus_span_days"
        why = f"{_assumption(name, params)}: an undated article is at most {n} days"
    k = timedelta(days=n)
    return [Piece(span[0] - k, None, f"{why} older than the corpus's dated articles ({said})", 7, name),
            Piece(None, span[1] + k, f"{why} newer than the corpus's dated articles ({said})", 7, name)]


def _current_tie(dating: ArticleDating | None, days: tuple[str, ...]) -> tuple[str, str] | None:
    """The first day or month the article names without its year (in text order) that the story's
    current days and months hold, else the first such quarter: (its text, the day, month or quarter).

    A year-less dateline ("May 30 at 2:44 PM" above the text) comes first: it is the publication
    day itself.  A day named with its year is no tie: that is how a later article recalls the story's day
    (an undated seed article written in December 2022 recalls "September 9, 2021", the day the
    dated ones report as current); news of the day names it without a year."""
    if dating is None or not days:
        return None
    by_month_day = {d[5:]: d for d in days if len(d) == 10}  # the span is short: one per month and day
    by_month = {d[5:7]: d[:7] for d in days}
    if dating.dateline and (key := f"{dating.dateline[0]:02d}-{dating.dateline[1]:02d}") in by_month_day:
        return dating.dateline[2], by_month_day[key]  # its year-less dateline: the publication day itself
    for f in sorted(dating.yearless, key=lambda f: f.start):
        g = dict(f.groups)
        if f.kind == "m" and f"{_month_of(g['mon']):02d}" in by_month:
            return f.text, by_month[f"{_month_of(g['mon']):02d}"]
        if f.kind not in ("md", "dm"):
            continue
        key = f"{_month_of(g['mon']):02d}-{int(g['day']):02d}"
        if key in by_month_day:
            return f.text, by_month_day[key]
    # a quarter named without its year ("third-quarter profit") where the dated articles report that
    # quarter: what a day or month is to general news, the quarter is to business news
    by_quarter = {d[5:]: d for d in days if "Q" in d}
    for f in sorted(dating.relative, key=lambda f: f.start):
        if (q := _yearless_quarter(f)) and q in by_quarter:
            return f.text, by_quarter[q]
    return None


_QUARTER_NUM = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _yearless_quarter(f: FoundMention) -> str:
    """ "Q3" for a calendar quarter named without its year ("the third quarter", "third-quarter"), else ""
    (not "last third quarter", a fiscal quarter, or one whose year is said)."""
    g = dict(f.groups)
    if f.kind != "quarter" or g.keys() & {"year", "qyrel", "fisc"} or g.get("rel", "the").lower() != "the":
        return ""
    q = _QUARTER_NUM.get(str(g.get("q", "")).lower())
    return f"Q{q}" if q else ""


@dataclass
class _Range:
    lo: date | None = None
    hi: date | None = None
    used: list = field(default_factory=list)  # pieces (and readings) that hold
    conflicts: list = field(default_factory=list)  # (piece, [pieces it contradicts])
    dropped: list = field(default_factory=list)  # assumptions that do not hold here
    unread: list = field(default_factory=list)  # notes on year-less dates that fix nothing


def _apply_evidence(r: _Range, pieces: list[Piece]) -> None:
    """Intersect evidence; evidence that contradicts what came before widens the range to cover both.

    With conflicts, the range is the one that covers every largest set of pieces that agree (see
    ``_covering_range``), whatever order the pieces come in: narrowing piece by piece after a
    conflict could drop one side again (a third copy agreeing with one of two that disagree)."""
    ordered = sorted(pieces, key=lambda p: (p.rank, p.note))
    for p in ordered:
        nlo, nhi = _max(r.lo, p.lo), _min(r.hi, p.hi)
        if nlo and nhi and nlo > nhi:
            against = [q for q in r.used if (q.lo and q.lo == r.lo) or (q.hi and q.hi == r.hi)] or list(r.used)
            r.conflicts.append((p, against))
            r.lo = None if (r.lo is None or p.lo is None) else min(r.lo, p.lo)
            r.hi = None if (r.hi is None or p.hi is None) else max(r.hi, p.hi)
        else:
            r.lo, r.hi = nlo, nhi
        r.used.append(p)
    if r.conflicts:
        r.lo, r.hi = _covering_range(ordered)


def _covering_range(pieces: list[Piece]) -> tuple[date | None, date | None]:
    """The range covering every largest set of pieces that agree (that share a day, and that no other
    piece could join): the earliest start and the latest end of those sets' intersections.  Each
    piece belongs to one such set, so the range meets every piece; a side open in any set is open.
    Such a set's intersection starts at one of its pieces' starts (or ends at one of their ends),
    so the sets are those of the pieces holding each start and each end."""
    def holds(p: Piece, d: date) -> bool:
        return (p.lo is None or p.lo <= d) and (p.hi is None or d <= p.hi)

    days = sorted({d for p in pieces for d in (p.lo, p.hi) if d})
    sets = {frozenset(i for i, p in enumerate(pieces) if holds(p, d)) for d in days}
    largest = [g for g in sets if g and not any(g < h for h in sets)]
    if not largest:
        return None, None
    los = [max((pieces[i].lo for i in g if pieces[i].lo), default=None) for g in largest]
    his = [min((pieces[i].hi for i in g if pieces[i].hi), default=None) for g in largest]
    return (None if None in los else min(los)), (None if None in his else max(his))


def _reading(f: FoundMention | tuple, r: _Range, lookback: int, lookahead: int,
             around: date | None = None, held: str = "") -> Piece | None | str:
    """Read a year-less date against the range: the piece it sets, None if it sets nothing, or a
    note when no year fits.  ``around`` (with an unbounded range): take the years it fits nearest
    before and after that day, and cover both."""
    if r.lo is None and r.hi is None and around is None:
        return None
    if isinstance(f, tuple):  # a dateline's (month, day, text): the publication day itself
        mon, day, text = f

        def span(y):
            try:
                d = date(y, mon, day)
            except ValueError:
                return None
            return d, d
        what, where = f"dateline '{text}' (no year)", "is the publication day"
        rule, text = "a dateline is the publication day", f"{date(2000, mon, 1):%B} {day}"
    else:
        text = f.text
        back, ahead = timedelta(days=lookback), timedelta(days=lookahead)

        def span(y):
            # both sides whatever the tense: on TimeBank, tense alone placed too few year-less dates
            # on the right side of publication (bench/selfcheck_dating.py --calibrate)
            occ = yearless_occurrence(f, y)
            return None if occ is None else (occ[0] - ahead, occ[1] + back)
        # no tense in the wording: the reading does not rest on it, and a tense read wrongly ("set a
        # hearing for June 5", tagged past) would be quoted as a finding
        what = f"names '{text}' without its year"
        where = f"lies at most {lookback} days before publication or {lookahead} after it" + \
            (f", which {held}" if held else "")
        rule = f"assumption: such a date {where}"
    if r.lo is None and r.hi is None:
        cands = [(y, s) for y in range(around.year - 12, around.year + 13) if (s := span(y))]
        before = [c for c in cands if c[1][1] < around]
        after = [c for c in cands if c[1][1] >= around]
        lo = before[-1][1][0] if before else None
        hi = after[0][1][1] if after else None
        years = " and ".join(str(y) for y, _ in before[-1:] + after[:1])
        return Piece(lo, hi, f"{what}, which fits no year near the corpus's dated articles; the nearest years it "
                             f"fits ({years}) are both covered ({rule})", 9,
                     "yearless_lookback_days")
    # a stated weekday repeats on a date every 5-11 years: look that far past an open side
    y0 = r.lo.year - 1 if r.lo else r.hi.year - 12
    y1 = r.hi.year + 1 if r.hi else r.lo.year + 12
    fits = []
    for y in range(y0, y1 + 1):
        s = span(y)
        if s and (r.lo is None or s[1] >= r.lo) and (r.hi is None or s[0] <= r.hi):
            fits.append((y, s))
    if not fits:
        return f"{what}: no year fits the range {_iso(r.lo) or '…'}..{_iso(r.hi) or '…'} " \
               f"({rule})"
    nlo = _max(r.lo, fits[0][1][0]) if r.lo else None
    nhi = _min(r.hi, fits[-1][1][1]) if r.hi else None
    years = [y for y, _ in fits]
    if (nlo, nhi) == (r.lo, r.hi):  # it fits, and bounds nothing the range does not
        first = f"in {years[0]}" if r.lo else "in any year up to " + str(years[-1])
        return Piece(None, None, f"{what}, first possible {first} ({rule})", 9,
                     "yearless_lookback_days")
    which = (f"the first {text} that the range allows is in {years[0]}" if nlo != r.lo else
             f"the last {text} that the range allows is in {years[-1]}")
    if nlo != r.lo and nhi != r.hi and len(years) == 1:
        which = f"only {years[0]} fits the range"
    return Piece(nlo, nhi, f"{what}; {rule}; {which}", 9, "yearless_lookback_days")


def _pinned(f) -> bool:
    """A year-less day with its weekday ("Thursday, Sept. 9"): it fits only some years."""
    return isinstance(f, FoundMention) and f.kind in ("md", "dm") and any(k == "wdpre" for k, _ in f.groups)


def _date_range(dating: ArticleDating, partners: list[Partner], span, params: TimelineParams) -> _Range:
    pieces = list(dating.pieces)
    for p in sorted(partners, key=lambda p: p.link.partner_id):
        if p.lo is None and p.hi is None:
            continue
        pieces.extend(_copy_pieces(dating, p, params))
    readings: list = ([dating.dateline] if dating.dateline else []) + sorted(dating.yearless, key=lambda f: f.start)
    # the corpus's span only places what the article's own evidence reads, or an article naming one of
    # the story's current days or quarters
    if pieces or readings or (span and len(span) > 3 and _current_tie(dating, span[3])):
        pieces += _corpus_pieces(span, params, dating)
    seen: set[str] = set()
    pieces = [p for p in pieces if not (p.note in seen or seen.add(p.note))]
    evidence = [p for p in pieces if not p.assumption]
    windows = [p for p in pieces if p.assumption == "copy_window_days"]
    lo = max((p.lo for p in windows if p.lo), default=None)
    hi = min((p.hi for p in windows if p.hi), default=None)
    if lo and hi and lo > hi:  # copies far apart: within the window of one of them, not of all
        pieces = [p for p in pieces if p not in windows] + [Piece(
            min(p.lo for p in windows if p.lo), max(p.hi for p in windows if p.hi),
            f"{_assumption('copy_window_days', params)}: a copy appears within "
            f"{params.copy_window_days} days of one of the articles it shares "
            "text with (their windows do not overlap: " + "; ".join(p.note.split(";")[0] for p in windows) + ")",
            6, "copy_window_days")]
    assumptions = sorted((p for p in pieces if p.assumption), key=lambda p: (p.rank, p.note))
    active = list(assumptions)
    around = None
    while True:
        r = _Range()
        _apply_evidence(r, evidence)
        for p in active:
            nlo, nhi = _max(r.lo, p.lo), _min(r.hi, p.hi)
            if nlo and nhi and nlo > nhi:
                r.dropped.append(p)
                continue
            r.lo, r.hi = nlo, nhi
            r.used.append(p)
        r.dropped += [p for p in assumptions if p not in active]
        blocked = False
        for f in readings:
            got = _reading(f, r, params.yearless_lookback_days, params.yearless_lookahead_days, around,
                           _held("yearless_lookback_days", params))
            if isinstance(got, Piece):
                if got.lo or got.hi:
                    r.lo, r.hi = got.lo, got.hi
                r.used.append(got)
            elif isinstance(got, str):
                corpus = [p for p in active if p.assumption in ("corpus_span_days", "corpus_event_days")]
                if corpus:
                    # the text outweighs the corpus assumption (the undated 2005 article in a
                    # collection dated from 2006), and the years the date fits nearest the corpus are kept
                    active = [p for p in active if p not in corpus]
                    around = span[0] if span else None
                    blocked = True
                    break
                r.unread.append(got)
        if not blocked:
            _apply_yearless_recency(r, dating, params)
            return r


def _past_yearless_days(dating: ArticleDating) -> list[FoundMention]:
    """The days named without their year that the article reports as past ("Oct. 13", not "in October")."""
    return [f for f in dating.yearless if f.kind in ("md", "dm") and f.direction == "past"]


def _apply_yearless_recency(r: _Range, dating: ArticleDating, params: TimelineParams) -> None:
    """The ``yearless_recency_days`` assumption on a range bounded on both sides: publication lies
    at most that many days after an occurrence of one of the year-less days the article reports as
    past (the latest of them, whichever year the range gives it; no earlier than the
    ``yearless_lookahead_days`` the reading of each allows).  Where no occurrence allows any day of
    the range, the assumption does not hold here and the basis says so."""
    days = _past_yearless_days(dating)
    n = params.yearless_recency_days
    if not n or not days or r.lo is None or r.hi is None:
        return
    back, ahead = timedelta(days=n), timedelta(days=params.yearless_lookahead_days)
    fits = []  # (lo, hi, mention, occurrence) of every occurrence whose window meets the range
    for f in days:
        for y in range(r.lo.year - 1, r.hi.year + 2):
            occ = yearless_occurrence(f, y)
            if occ and occ[0] - ahead <= r.hi and occ[1] + back >= r.lo:
                fits.append((max(r.lo, occ[0] - ahead), min(r.hi, occ[1] + back), f, occ[0]))
    names = ", ".join(f"'{t}'" for t in dict.fromkeys(f.text for f in days))
    what = (f"{_assumption('yearless_recency_days', params)}: the latest day named without its year that an "
            f"article reports as past ({names}) "
            f"lies at most {n} days before it")
    if not fits:
        r.dropped.append(Piece(None, None, what, 10, "yearless_recency_days"))
        return
    lo, hi = min(x[0] for x in fits), max(x[1] for x in fits)
    if (lo, hi) == (r.lo, r.hi):
        return  # it narrows nothing: the year-less readings already say as much
    said = []
    if hi != r.hi:
        latest = max(fits, key=lambda x: x[1])
        said.append(f"the latest it allows is '{latest[2].text}' of {latest[3].year}, so published by {hi.isoformat()}")
    if lo != r.lo:
        first = min(fits, key=lambda x: x[0])
        said.append(f"the earliest it allows is '{first[2].text}' of {first[3].year}, so not published before "
                    f"{lo.isoformat()}")
    r.used.append(Piece(lo if lo != r.lo else None, hi if hi != r.hi else None, f"{what}; " + "; ".join(said), 10,
                        "yearless_recency_days"))
    r.lo, r.hi = lo, hi


_HELD_NOTE = re.compile(r" \(held for [^()]*? where the date was known\)|"
                        r", which held for [^();]*? where the date was known")


def _describe(r: _Range, relative: tuple[FoundMention, ...] = ()) -> tuple[str, list[str]]:
    """The basis sentence (which evidence sets each side, conflicts, assumptions that fail) and the
    evidence items; ``relative``: the article's relative dates, named when nothing dates it."""
    lo, hi = r.lo, r.hi
    if lo and lo == hi:
        span = f"Published {lo.isoformat()} (inferred)"
    elif lo and hi:
        span = f"Published between {lo.isoformat()} and {hi.isoformat()} (inferred)"
    elif lo:
        span = f"Published no earlier than {lo.isoformat()} (inferred; no upper bound)"
    elif hi:
        span = f"Published no later than {hi.isoformat()} (inferred; no lower bound)"
    elif r.conflicts:
        span = "Undated: the evidence conflicts and leaves no bound"
    elif relative:
        names = ", ".join(f"'{t}'" for t in list(dict.fromkeys(m.text for m in relative))[:4])
        span = ("Undated: no date in metadata, URL or copies, and in the text only dates relative to its own "
                f"unknown publication day ({names}), which fix a date only in a sentence shared with a dated "
                "article")
    else:
        span = "Undated: no date in metadata, and no dating evidence in the text, URL or copies"
    sets_lo = [p for p in r.used if lo and p.lo == lo]
    sets_hi = [p for p in r.used if hi and p.hi == hi]
    others = [p for p in r.used if p not in sets_lo and p not in sets_hi]
    # a note is said once: two mentions of one month read the same, and the basis repeated them word for word
    if sets_lo and sets_lo == sets_hi:
        basis = span + ": " + "; ".join(dict.fromkeys(p.note for p in sets_lo)) + "."
    elif sets_lo or sets_hi:
        parts = []
        if sets_lo:
            parts.append("Lower bound: " + "; ".join(dict.fromkeys(p.note for p in sets_lo)))
        if sets_hi:
            parts.append("Upper bound: " + "; ".join(dict.fromkeys(p.note for p in sets_hi)))
        basis = span + ". " + ". ".join(parts) + "."
    else:
        basis = span + "."
    if others:
        basis += " Consistent with it: " + "; ".join(dict.fromkeys(_HELD_NOTE.sub("", p.note) for p in others)) + "."
    for p, against in r.conflicts:
        basis += (" The evidence conflicts: " + p.note + ", against " +
                  "; ".join(q.note for q in against) + "; the range covers both.")
    if r.dropped:
        basis += (" Assumptions that do not hold here (they exclude every date the evidence allows): "
                  + "; ".join(p.note for p in r.dropped) + ".")
    if r.unread:
        basis += " Year-less dates that fix nothing: " + "; ".join(r.unread) + "."
    evidence = [p.note for p in r.used] + [f"conflicts: {p.note}" for p, _ in r.conflicts] + \
        [f"does not hold: {p.note}" for p in r.dropped]
    return basis, evidence


def date_article(dating: ArticleDating, partners: list[Partner], span: tuple[date, date] | None,
                 params: TimelineParams = TimelineParams()) -> dict:
    """Keyed reduction by ``article_id``: one publication row from the article's own dating, its copy
    links joined with the partners' dates, and the corpus's broadcast span."""
    if dating.exact:
        d = dating.exact
        return _pub_row(dating.article_id, d, d, d, dating.exact_basis, [dating.exact_note])
    r = _date_range(dating, partners, span, params)
    only_relative = () if dating.pieces or dating.yearless or dating.dateline else dating.relative
    basis, evidence = _describe(r, only_relative)
    floor = r.lo - timedelta(days=params.yearless_lookback_days) if r.lo and not r.hi else None
    return _pub_row(dating.article_id, r.lo if r.lo == r.hi else None, r.lo, r.hi, basis, evidence, floor)


def _pub_row(aid, pub, lo, hi, basis, evidence, floor=None) -> dict:
    return {"article_id": aid, "published": _iso(pub), "published_earliest": _iso(lo),
            "published_latest": _iso(hi), "published_basis": basis, "evidence": "; ".join(evidence),
            "yearless_floor": _iso(floor)}


# --------------------------------------------------------------------------- publication

def infer_publication(articles: list[Article], pairs: pd.DataFrame | None = None,
                      params: TimelineParams = TimelineParams()) -> pd.DataFrame:
    """Publication date or range for every article, with its evidence.

    Columns: article_id; published (ISO day, "" when the evidence does not give
    one day); published_earliest / published_latest ("" if unbounded);
    published_basis (a sentence saying which evidence sets each side);
    evidence (";"-separated items: used, conflicting, assumptions that do not
    hold); yearless_floor (when the range has no upper bound, the date from
    which year-less expressions in this article are read, else "").
    """
    arts = sorted((a for a in articles if isinstance(a, Article)), key=lambda a: a.article_id)
    datings = {a.article_id: article_dating(a, params) for a in arts}  # map
    named = [d for a in arts if (day := _iso(datings[a.article_id].exact)) for d in _named_days(article_dates(
        a, {"published": day, "published_earliest": day, "published_latest": day}, params))]  # a map
    span = coverage_span(list(datings.values()), params, named)  # broadcast
    if pairs is None:
        pairs = _shingle_pairs(arts, params)
    links = [lk for lk in copy_links(pairs, params) if lk.article_id in datings and lk.partner_id in datings]
    by_article: dict[str, list[CopyLink]] = defaultdict(list)
    for lk in links:
        by_article[lk.article_id].append(lk)
    rows = {}
    for aid, d in datings.items():  # pass 1: partners with an exact date (join on partner_id)
        partners = [Partner(lk, datings[lk.partner_id].exact, datings[lk.partner_id].exact, True,
                            datings[lk.partner_id].relative)
                    for lk in by_article[aid] if datings[lk.partner_id].exact]
        rows[aid] = date_article(d, partners, span, params)
    first = dict(rows)
    for aid, d in datings.items():  # pass 2: also partners whose range pass 1 inferred
        if d.exact or not by_article[aid]:
            continue
        partners = []
        for lk in by_article[aid]:
            pr = first[lk.partner_id]
            exact = bool(datings[lk.partner_id].exact)
            partners.append(Partner(lk, _parse_iso(pr["published_earliest"]), _parse_iso(pr["published_latest"]),
                                    exact, datings[lk.partner_id].relative))
        rows[aid] = date_article(d, partners, span, params)
    df = pd.DataFrame([rows[a.article_id] for a in arts], columns=PUBLICATION_COLUMNS)
    return df.sort_values("article_id", kind="stable").reset_index(drop=True).astype("string")


# --------------------------------------------------------------------------- dates

def article_dates(a: Article, pub: dict | None, params: TimelineParams = TimelineParams(),
                  found: list[FoundMention] | None = None) -> list[dict]:
    """Map (after a join on ``article_id`` with the publication table): the article's dates rows
    (``found``: its expressions, from ``_found_in``, when the caller has them already)."""
    pub = pub or {}
    lo, hi = _parse_iso(pub.get("published_earliest", "")), _parse_iso(pub.get("published_latest", ""))
    floor, day = _parse_iso(pub.get("yearless_floor", "")), _parse_iso(pub.get("published", ""))
    if lo is None and hi is None and _parse_iso(a.published):
        lo = hi = day = _parse_iso(a.published)
    text = a.text if isinstance(a.text, str) else ""
    tp = _tagger(params)
    found = _found_in(text, params) if found is None else found
    recs = []
    for m in resolve_mentions(found, lo, hi, tp, yearless_floor=floor if hi is None else None):
        r = {"date_id": f"{a.article_id}:{m.start}", "article_id": a.article_id, "start": m.start, "end": m.end,
             "text": m.text, "resolved_start": m.resolved_start, "resolved_end": m.resolved_end,
             "granularity": m.granularity, "basis": m.basis, "direction": m.direction,
             "sentence": m.sentence, "published": _iso(day)}
        r["event_id"] = _event_id(r)
        recs.append(r)
    return recs


def dates_table(articles: list[Article], publication: pd.DataFrame,
                params: TimelineParams = TimelineParams()) -> pd.DataFrame:
    """Every temporal expression in every article, resolved against its publication date or range.

    Columns: date_id (``article_id:start``); article_id; start, end (offsets
    into the cleaned text); text; resolved_start, resolved_end (ISO, "" when
    unresolvable or unbounded); granularity; basis; direction
    (past/future/none); sentence; published (the article's publication day,
    "" if not one day); event_id (see ``events_table``; "" for mentions that
    are not day/month events).
    """
    pub: dict[str, dict] = {}
    if publication is not None and len(publication):
        for r in frame_records(publication):
            pub[str(r["article_id"])] = {k: (v if isinstance(v, str) else "") for k, v in r.items()}
    recs = []
    for a in sorted((a for a in articles if isinstance(a, Article)), key=lambda x: x.article_id):
        recs += article_dates(a, pub.get(a.article_id), params)
    df = pd.DataFrame(recs, columns=DATES_COLUMNS)
    df = df.sort_values(["article_id", "start", "end"], kind="stable").reset_index(drop=True)
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


def _event_id(r) -> str:
    """The event a mention names, as its own value: a day ("2021-09-09"), a whole month ("2021-09"),
    or a part of a month ("2022-12-01/2022-12-10"); "" for anything else."""
    g = r["granularity"]
    s, e = r["resolved_start"], r["resolved_end"]
    if g not in ("day", "month") or not s or not e:
        return ""
    if g == "day":
        return s if s == e else ""  # a day known only as a range is not one event
    if s[:7] != e[:7]:
        return ""
    d = _parse_iso(e)
    whole = s.endswith("-01") and d is not None and (d + timedelta(days=1)).day == 1
    return s[:7] if whole else f"{s}/{e}"


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
        dates["event_id"] = [_event_id(r) for r in frame_records(dates)]
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
    ev = dates[dates["event_id"].fillna("") != ""]
    recs = [event_rows(str(eid), g, outlet, pubday) for eid, g in ev.groupby("event_id", sort=True)]
    return _typed_events(pd.DataFrame(recs, columns=EVENTS_COLUMNS))


def event_rows(event_id: str, mentions: pd.DataFrame, outlet: dict[str, str], pubday: dict[str, str]) -> dict:
    """Keyed reduction by ``event_id``: the events row from every dates row naming the event, given
    the mentioning articles' outlets and publication days (joined by ``article_id``)."""
    g = mentions.sort_values(["article_id", "start"], kind="stable") if "start" in mentions else mentions
    aids = sorted(set(map(str, g["article_id"])))
    pubs = sorted(pubday[x] for x in aids if x in pubday)
    first = pubs[0] if pubs else ""
    start = str(g["resolved_start"].iloc[0])
    lag = (_parse_iso(first) - _parse_iso(start)).days if first and _parse_iso(start) else None
    return {"event_id": event_id, "resolved_start": start, "resolved_end": str(g["resolved_end"].iloc[0]),
            "granularity": str(g["granularity"].iloc[0]), "articles": len(aids),
            "outlets": "; ".join(sorted({outlet.get(x, x) for x in aids})), "mentions": len(g),
            "texts": "; ".join(sorted(set(map(str, g["text"])))), "first_published": first, "lag_days": lag}


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


# --------------------------------------------------------------------------- self-check

_DATED_LINE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d|(?:19|20)\d{6}|\b\d{1,2}/\d{1,2}/(?:19|20)\d\d\b|"
                         r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+[0-3]?\d,?\s+(?:19|20)\d\d|"
                         r"^\s*[A-Z][A-Z .'-]{2,30},\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)")


def hide_date(a: Article, lines: int = 5) -> Article:
    """The article with its date taken away: metadata date, URL, scrape time, and any of its first
    ``lines`` non-empty lines that carries a dated date line or a dateline."""
    kept, seen = [], 0
    for line in (a.text or "").split("\n"):
        if seen < lines and line.strip():
            seen += 1
            if _DATED_LINE.search(line):
                continue
        kept.append(line)
    basis = {k: v for k, v in (a.basis or {}).items() if not k.startswith("published")}
    return Article(article_id=a.article_id, text="\n".join(kept), source=a.source, title=a.title,
                   outlet=a.outlet, url="", published="", basis=basis)


def hidden_date_check(articles: list[Article], pairs: pd.DataFrame | None = None,
                      params: TimelineParams = TimelineParams()) -> pd.DataFrame:
    """Hide every second exactly dated article (sorted by id), infer its range, compare with the truth.

    ``pairs`` (the overlap table) keeps its shares; directions that involve a hidden article are
    set to undetermined (they came from the dates being hidden).  One row per hidden article:
    article_id, true (ISO day), earliest, latest, holds, both_sides (bool), width_days (<NA> when
    a side is open), basis.
    """
    arts = sorted((a for a in articles if isinstance(a, Article)), key=lambda a: a.article_id)
    dated = [a for a in arts if article_dating(a, params).exact]
    truth = {a.article_id: article_dating(a, params).exact for a in dated[1::2]}
    cols = ["article_id", "true", "earliest", "latest", "holds", "both_sides", "width_days", "basis"]
    if not truth:
        return pd.DataFrame(columns=cols)
    shown = [hide_date(a, params.header_lines) if a.article_id in truth else a for a in arts]
    if pairs is not None and len(pairs) and "direction" in pairs:
        pairs = pairs.copy()
        hidden = pairs["article_a"].astype(str).isin(truth) | pairs["article_b"].astype(str).isin(truth)
        pairs.loc[hidden, "direction"] = "undetermined"
    pub = infer_publication(shown, pairs, params).set_index("article_id")
    rows = []
    for aid, true in sorted(truth.items()):
        r = pub.loc[aid]
        lo, hi = _parse_iso(r["published_earliest"]), _parse_iso(r["published_latest"])
        rows.append({"article_id": aid, "true": true.isoformat(), "earliest": _iso(lo), "latest": _iso(hi),
                     "holds": (lo is None or lo <= true) and (hi is None or true <= hi),
                     "both_sides": bool(lo and hi), "width_days": (hi - lo).days + 1 if lo and hi else None,
                     "basis": r["published_basis"]})
    df = pd.DataFrame(rows, columns=cols)
    df["width_days"] = pd.array(df["width_days"].tolist(), dtype="Int64")
    return df


# --------------------------------------------------------------------------- the stage, through an engine

DATING_SCHEMA = {"article_id": "str", "exact": "str", "dating": "object", "dates": "object", "found": "object"}
LINK_SCHEMA = {"article_id": "str", "partner_id": "str", "partner_is_earlier": "str", "share": "float64"}
PARTNERS_SCHEMA = {"article_id": "str", "partners": "object"}
_PUB_SCHEMA = {c: "str" for c in PUBLICATION_COLUMNS}
DATES_SCHEMA = {c: ("int64" if c in ("start", "end") else "str") for c in DATES_COLUMNS}
EVENTS_SCHEMA = {c: ("int64" if c in ("articles", "mentions") else "Int64" if c == "lag_days" else "str")
                 for c in EVENTS_COLUMNS}


def datings_map(part: pd.DataFrame, params: TimelineParams) -> pd.DataFrame:
    """Map over articles: each one's :class:`ArticleDating`, and, for an article without an exact
    date, its expressions (``found``: its dates rows are read once its range is known, without
    tagging its text again)."""
    from .corpus import articles_of

    rows = []
    for a in articles_of(part):
        found = _found_in(a.text if isinstance(a.text, str) else "", params)
        d = article_dating(a, params, found)
        # an exactly dated article's publication row is its date, whatever its partners: its dates
        # rows are read now, while its mentions are at hand, rather than found again later
        dates = None
        if d.exact:
            day = _iso(d.exact)
            dates = article_dates(a, {"published": day, "published_earliest": day, "published_latest": day},
                                  params, found)
        rows.append({"article_id": a.article_id, "exact": _iso(d.exact), "dating": d, "dates": dates,
                     "found": None if d.exact else found})
    return pd.DataFrame(rows, columns=list(DATING_SCHEMA))


def exact_dates(part: pd.DataFrame) -> pd.DataFrame:
    """Map over datings: the dates rows read while dating the exactly dated articles."""
    recs = [r for rows in part["dates"] if isinstance(rows, list) for r in rows]
    return pd.DataFrame(recs, columns=DATES_COLUMNS)


def links_map(part: pd.DataFrame, params: TimelineParams) -> pd.DataFrame:
    """Map over overlap pairs: both sides of each copy pair."""
    rows = [{"article_id": lk.article_id, "partner_id": lk.partner_id,
             "partner_is_earlier": {True: "yes", False: "no", None: ""}[lk.partner_is_earlier], "share": lk.share}
            for lk in copy_links(part, params)]
    return pd.DataFrame(rows, columns=list(LINK_SCHEMA))


def _link(r: dict) -> CopyLink:
    return CopyLink(r["article_id"], r["partner_id"], {"yes": True, "no": False}.get(r["partner_is_earlier"]),
                    float(r["share"]))


def partners_pass1(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by article_id, over links joined with the partner's dating (``partner_dating``): the
    partners with an exact date."""
    out: dict[str, list[Partner]] = defaultdict(list)
    for r in frame_records(part.sort_values(["article_id", "partner_id"], kind="mergesort")):
        d = r["partner_dating"]
        if d is not None and d.exact:
            out[r["article_id"]].append(Partner(_link(r), d.exact, d.exact, True, d.relative))
    return pd.DataFrame({"article_id": list(out), "partners": list(out.values())}, columns=list(PARTNERS_SCHEMA))


def partners_pass2(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by article_id, over links joined with the partner's dating and its pass-1 range."""
    out: dict[str, list[Partner]] = defaultdict(list)
    for r in frame_records(part.sort_values(["article_id", "partner_id"], kind="mergesort")):
        d = r["partner_dating"]
        exact = bool(d is not None and d.exact)
        out[r["article_id"]].append(Partner(_link(r), _parse_iso(r["partner_earliest"]),
                                            _parse_iso(r["partner_latest"]), exact,
                                            d.relative if d is not None else ()))
    return pd.DataFrame({"article_id": list(out), "partners": list(out.values())}, columns=list(PARTNERS_SCHEMA))


def publication_rows(part: pd.DataFrame, span, params: TimelineParams) -> pd.DataFrame:
    """Map over datings joined (left) with their partners: one publication row per article."""
    rows = []
    for r in frame_records(part):
        partners = r.get("partners")
        partners = partners if isinstance(partners, list) else []
        rows.append(date_article(r["dating"], partners, span, params))
    return pd.DataFrame(rows, columns=PUBLICATION_COLUMNS)


def dates_map(part: pd.DataFrame, params: TimelineParams) -> pd.DataFrame:
    """Map over articles joined with their publication row (``pub_*`` columns): the dates rows."""
    from .corpus import articles_of

    recs = []
    pubs = frame_records(part[[c for c in part.columns if c.startswith("pub_")]])
    founds = part["found"].tolist() if "found" in part else [None] * len(part)
    for a, pub, found in zip(articles_of(part), pubs, founds):
        recs += article_dates(a, {k[4:]: (v if isinstance(v, str) else "") for k, v in pub.items()}, params,
                              found if isinstance(found, list) else None)
    return pd.DataFrame(recs, columns=DATES_COLUMNS)


def events_keyed(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by event_id, over dates rows joined with the article's outlet and publication day."""
    # What ``event_rows`` makes of each event's group, from one stable sort of the partition (by
    # event, then as event_rows orders a group) and each event's rows as a slice of plain lists:
    # a pandas group and sort per event cost milliseconds each, and a large corpus has many events.
    part = part[part["event_id"].notna()]
    if part.empty:
        return pd.DataFrame(columns=EVENTS_COLUMNS)
    part = part.sort_values(["event_id", "article_id", "start"], kind="stable")
    eids = part["event_id"].astype(str).tolist()
    aids = list(map(str, part["article_id"].tolist()))
    outlets = part["outlet"].fillna("").tolist()
    pubdays = part["pubday"].tolist()
    starts, ends = part["resolved_start"].tolist(), part["resolved_end"].tolist()
    grans, texts = part["granularity"].tolist(), part["text"].tolist()
    recs = []
    i, n = 0, len(eids)
    while i < n:
        j = i + 1
        while j < n and eids[j] == eids[i]:
            j += 1
        ids = aids[i:j]
        outlet = {a: (o or a) for a, o in zip(ids, outlets[i:j])}
        pubday = {a: p for a, p in zip(ids, pubdays[i:j]) if _parse_iso(p)}
        arts = sorted(set(ids))
        pubs = sorted(pubday[x] for x in arts if x in pubday)
        first = pubs[0] if pubs else ""
        start = str(starts[i])
        lag = (_parse_iso(first) - _parse_iso(start)).days if first and _parse_iso(start) else None
        recs.append({"event_id": eids[i], "resolved_start": start, "resolved_end": str(ends[i]),
                     "granularity": str(grans[i]), "articles": len(arts),
                     "outlets": "; ".join(sorted({outlet.get(x, x) for x in arts})), "mentions": j - i,
                     "texts": "; ".join(sorted(set(map(str, texts[i:j])))), "first_published": first,
                     "lag_days": lag})
        i = j
    return pd.DataFrame(recs, columns=EVENTS_COLUMNS)


@dataclass
class TimelineFrames:
    publication: object  # one row per article
    dates: object
    events: object


def timeline_stage(engine, articles, pairs, params: TimelineParams) -> TimelineFrames:
    """Publication ranges, dates and events through ``engine`` (the same steps as
    :func:`infer_publication`, :func:`dates_table` and :func:`events_table`)."""
    datings = engine.persist(engine.map(datings_map, articles, params, schema=DATING_SCHEMA))
    exact = engine.collect(engine.select(datings, lambda p: p["exact"] != "")[["exact"]])
    span = span_of_days([_parse_iso(x) for x in exact["exact"]], params)
    exact_rows = engine.persist(engine.map(exact_dates, datings, schema=DATES_SCHEMA))
    day_rows = engine.select(exact_rows, lambda p: p["granularity"].isin(["day", "month", "quarter"]) &
                             (p["resolved_start"] != ""))
    day_rows = engine.collect(day_rows[["granularity", "resolved_start", "resolved_end"]])
    span = span and (*span, current_days(_named_days(frame_records(day_rows)), span, params))
    links = engine.persist(engine.map(links_map, pairs, params, schema=LINK_SCHEMA))
    partner_dating = datings[["article_id", "dating"]].rename(columns={"article_id": "partner_id",
                                                                       "dating": "partner_dating"})
    joined = engine.join(links, partner_dating, on="partner_id")
    p1 = engine.keyed(partners_pass1, joined, "article_id", schema=PARTNERS_SCHEMA)
    pub1 = engine.persist(engine.map(publication_rows, engine.join(datings, p1, on="article_id", how="left"),
                                     span, params, schema=_PUB_SCHEMA))
    # pass 2: articles without an exact date, with partners whose range pass 1 inferred
    undated_linked = engine.select(engine.join(links, datings[["article_id", "exact"]], on="article_id"),
                                   lambda p: p["exact"] == "")
    first = pub1[["article_id", "published_earliest", "published_latest"]].rename(columns={
        "article_id": "partner_id", "published_earliest": "partner_earliest", "published_latest": "partner_latest"})
    j2 = engine.join(engine.join(undated_linked, first, on="partner_id"), partner_dating, on="partner_id")
    p2 = engine.keyed(partners_pass2, j2.drop(columns=["exact"]), "article_id", schema=PARTNERS_SCHEMA)
    pub2 = engine.map(publication_rows, engine.join(datings, p2, on="article_id"), span, params,
                      schema=_PUB_SCHEMA)
    redone = engine.persist(pub2)
    marks = redone[["article_id"]].assign(redone="yes")
    kept = engine.select(engine.join(pub1, marks, on="article_id", how="left"), lambda p: p["redone"].isna())
    publication = engine.persist(engine.concat([kept[list(_PUB_SCHEMA)], redone]))
    pub = publication.rename(columns={c: f"pub_{c}" for c in PUBLICATION_COLUMNS if c != "article_id"})
    undated = engine.select(engine.join(engine.join(articles, datings[["article_id", "exact", "found"]],
                                                    on="article_id"),
                                        pub, on="article_id", how="left"), lambda p: p["exact"] == "")
    dates = engine.persist(engine.concat([exact_rows, engine.map(dates_map, undated, params, schema=DATES_SCHEMA)]))
    info = articles[["article_id", "outlet"]]
    with_outlet = engine.join(engine.select(dates, lambda p: p["event_id"] != ""), info, on="article_id")
    pubday = pub[["article_id", "pub_published"]].rename(columns={"pub_published": "pubday"})
    with_outlet = engine.join(with_outlet, pubday, on="article_id", how="left")
    events = engine.keyed(events_keyed, with_outlet, "event_id", schema=EVENTS_SCHEMA)
    return TimelineFrames(publication=publication, dates=dates, events=events)
