"""Corpus ingestion: read articles in the forms tools export, clean them, say what was done.

Inputs
------
``load_corpus(path)`` takes a folder (or a single table file).  In a folder,
every non-hidden file at the top level is an input:

* ``.txt`` / ``.md`` — one article per file (id = file stem).  Markdown gets a
  light touch: a YAML front matter block (``title``, ``date``/``published``,
  ``url``, ``outlet``) is read as header metadata, heading marks and link
  syntax are removed.
* ``.html`` / ``.htm`` — main text and metadata extracted with trafilatura
  (basis ``html-meta``); the page text trafilatura left out is listed as
  removed lines.
* ``.csv`` / ``.jsonl`` / ``.parquet`` — one article per row.  Columns are found
  by common spellings (see ``COLUMN_NAMES``) or mapped in the manifest.  Row
  ids come from an id column, else a content hash.  Paragraph separators such
  as `` ### `` (``CorpusParams.paragraph_separators``) become blank lines.

Manifest
--------
An optional ``manifest.yaml`` / ``manifest.yml`` / ``manifest.csv`` in the
folder (never an article itself).  YAML schema::

    title: "Belarus arms deal, September 2021"     # shown in the book
    question: "Who copied whom, and do the figures agree?"
    columns:            # optional explicit table column mapping
      text: body        # keys: id, text, title, url, outlet, published
      outlet: site
    articles:
      <article_id>:
        file: some/file.txt     # optional: this file is the article <article_id>
        title: "..."            # a plain value, or a mapping:
        outlet: {value: "Press TV", note: "sign-off line 'Press TV's website ...'"}
        url: "..."
        published: 2021-09-13   # ISO date
        note: "free text shown in the corpus chapter"

A CSV manifest has one row per article with columns ``article_id`` (or
``id``), and any of ``file``, ``title``, ``outlet``, ``url``, ``published``,
``note``; optional ``corpus_title`` / ``corpus_question`` columns name the
corpus (first non-empty value).

A manifest value overrides what the loader found (basis ``manifest``).  When
it merely confirms what the loader found in the file itself, the loader's basis
is kept and the manifest's note is attached (so the book shows that a human
checked a value the text already gave).

Metadata and basis
------------------
Every value of ``title``, ``outlet``, ``url``, ``published`` carries its basis
in ``Article.basis``: ``manifest``, ``column`` (a table column), ``html-meta``,
``header`` (file header conventions: a leading ``date YYYY-MM-DD``; or a title
line, a ``YYYYMMDD`` line and a URL line; or markdown front matter), ``url``
(domain / date in the URL) or ``text`` (datelines, sign-off lines, first
line as title).  Notes are stored under ``basis["<field>_note"]``, a manifest
entry's free ``note`` under ``basis["note"]``, and how the id was made under
``basis["article_id"]`` (``file name``, ``column 'id'``, ``content hash``,
``manifest``; duplicate ids get ``-2``, ``-3`` ... and say so).  Order of
preference (first found wins): manifest, column, html-meta, header, url, text;
a scrape/crawl time column is used for ``published`` only when nothing else
gives a date (a scrape time bounds publication from above).

Cleaning
--------
Lines (paragraphs) that are page furniture are removed and listed in
``Article.removed`` as ``(line, reason)``: share/social buttons, subscription
and navigation prompts, "Read more:" links, "Follow X on Google News",
embedded posts (tweets), photo captions/credits, sign-offs and copyright
lines, header and dateline/byline lines whose content became metadata, short
lines repeated inside one article, later copies of a repeated paragraph, short
lines trailing a sign-off, and short lines that recur across many articles of
one outlet.  ``Article.text`` is what remains; all later offsets index it.

Bad input never raises: each problem becomes one ``Problem`` line naming the
file (and row), and the article is skipped or kept as the case requires.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from analysis.article import Article
from analysis.engine import records as frame_records

__all__ = [
    "CorpusParams",
    "Problem",
    "Corpus",
    "load_corpus",
    "clean_text",
    "decode_bytes",
    "articles_table",
    "furniture_table",
    "problems_table",
    "COLUMN_NAMES",
]

MANIFEST_NAMES = ("manifest.yaml", "manifest.yml", "manifest.csv")
TEXT_EXT = {".txt", ".md", ".markdown"}
HTML_EXT = {".html", ".htm"}
TABLE_EXT = {".csv", ".jsonl", ".parquet"}
READABLE_EXT = TEXT_EXT | HTML_EXT | TABLE_EXT
FIELDS = ("title", "outlet", "url", "published", "byline")


@dataclass(frozen=True)
class CorpusParams:
    """Parameters of ingestion and cleaning (all reported in the book's methods)."""

    #: files larger than this are skipped without being read
    max_file_mb: float = 200.0
    #: a short line found in at least this many articles of one outlet is furniture ...
    recurring_line_min_articles: int = 3
    #: ... and in at least this share of that outlet's articles
    recurring_line_min_share: float = 0.5
    #: only lines of at most this many words can be outlet-recurring furniture
    recurring_line_max_words: int = 15
    #: a line of at most this many words without sentence-final punctuation is "short"
    short_line_max_words: int = 8
    #: a paragraph of at least this many words repeated in one article: later copies removed
    duplicate_paragraph_min_words: int = 8
    #: datelines, bylines and titles are looked for in this many first non-empty lines
    header_lines: int = 8
    #: strings that separate paragraphs inside one text cell (scraper exports)
    paragraph_separators: tuple[str, ...] = (" ### ",)
    #: single-byte / legacy encodings tried when a file is not UTF-8/UTF-16, in order of preference
    encodings: tuple[str, ...] = (
        "cp1252", "latin_1", "cp1251", "cp1250", "iso8859_2", "iso8859_15", "koi8_r",
        "cp1253", "cp1254", "cp1256", "cp866", "gb18030", "shift_jis", "big5", "euc_kr",
    )
    #: share of control characters above which decoded text is treated as binary
    max_control_share: float = 0.05
    #: read files in sub-folders too (off: an output folder inside the corpus must not be read)
    recursive: bool = False


@dataclass
class Problem:
    """One bad-input finding: where, what, and what was done about it."""

    source: str
    row: str
    problem: str
    action: str

    def message(self) -> str:
        where = f"{self.source}: {self.row}" if self.row else self.source
        return f"{where}: {self.problem} ({self.action})"


@dataclass
class Corpus:
    """The loaded corpus: usable articles, skipped inputs and the problems met."""

    root: Path
    title: str
    question: str
    articles: list[Article]
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Article] = field(default_factory=list)

    @property
    def fingerprint(self) -> str:
        """sha256 over the sorted (id, text, metadata, basis) of the usable articles."""
        h = hashlib.sha256()
        for a in sorted(self.articles, key=lambda a: a.article_id):
            rec = [a.article_id, a.text, a.title, a.outlet, a.url, a.published,
                   sorted(a.basis.items())]
            h.update(json.dumps(rec, ensure_ascii=False).encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()


# --------------------------------------------------------------------------- columns

#: column spellings, in order of preference (compared after lower-casing, spaces -> "_")
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("article_id", "id", "doc_id", "docid", "uid", "guid"),
    "text": ("text", "body", "content", "article_text", "full_text", "maintext", "article"),
    "title": ("title", "headline", "heading"),
    "url": ("url", "link", "article_url", "permalink", "href"),
    "outlet": ("outlet", "publisher", "source", "domain", "site", "sitename", "publication"),
    "byline": ("byline", "author", "authors", "by", "writer"),
    "published": ("published", "publish_date", "published_at", "pub_date", "publication_date",
                  "date", "datetime", "timestamp"),
    # a scrape time only bounds publication from above: used when nothing better exists
    "published_weak": ("scrape_time", "crawl_time", "crawled", "retrieved", "fetched",
                       "date_crawled", "date_download", "downloaded"),
}


def _norm_col(c: object) -> str:
    return re.sub(r"[\s\-]+", "_", str(c).strip().lower())


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DATE_PATTERNS = [
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)"),
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d\d)(?!\d)", re.I),
]
# words that may surround a date in a dateline ("Posted: 7:37 PM, May 30, 2019")
_DATELINE_WORDS = set(
    "posted published updated originally last modified on at am pm a.m p.m utc gmt et est edt "
    "pt pst pdt ct cst cdt bst cet cest ist msk ap reuters afp date "
    "monday tuesday wednesday thursday friday saturday sunday "
    "mon tue tues wed thu thur thurs fri sat sun".split()
)


def _iso(y: int, m: int, d: int) -> str:
    try:
        return _dt.date(y, m, d).isoformat()
    except ValueError:
        return ""


def find_date(s: str) -> tuple[str, tuple[int, int]] | None:
    """First calendar date (with a year) in ``s``: (ISO date, span), or None."""
    best = None
    for pat in _DATE_PATTERNS:
        m = pat.search(s)
        if not m:
            continue
        gd = m.groupdict()
        month = int(gd["m"]) if gd.get("m") else _MONTHS.get(gd["mon"].lower().rstrip("."), 0)
        iso = _iso(int(gd["y"]), month, int(gd["d"]))
        if iso and (best is None or m.start() < best[1][0]):
            best = (iso, m.span())
    return best


def _dateline(line: str) -> str:
    """ISO date if the whole line is a dateline (a date plus time/weekday words), else ''."""
    if len(line) > 120:
        return ""
    found = find_date(line)
    if not found:
        return ""
    iso, (a, b) = found
    rest = line[:a] + " " + line[b:]
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.]*", rest)]
    other = [w for w in words if w.lower().strip(".") not in _DATELINE_WORDS]
    return iso if len(other) <= 1 else ""


_SLASH_DATE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.]((?:19|20)\d\d)$")


def slash_date_order(values: Iterable[object]) -> str:
    """How a column writes d/m/Y-or-m/d/Y dates: "dmy" or "mdy" when some value shows it
    (a first part over 12 is a day, a second part over 12 is a day), "" when none does
    or the column mixes both."""
    seen = set()
    for v in values:
        m = _SLASH_DATE.match(str(v).strip()) if v is not None else None
        if m:
            a, b = int(m[1]), int(m[2])
            if a > 12 >= b:
                seen.add("dmy")
            elif b > 12 >= a:
                seen.add("mdy")
    return seen.pop() if len(seen) == 1 else ""


def is_ambiguous_slash_date(value: object) -> bool:
    """'02/03/2021': the 2nd of March or the 3rd of February."""
    m = _SLASH_DATE.match(str(value).strip()) if value is not None else None
    return bool(m) and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]


def parse_date_value(value: object, order: str = "mdy") -> str:
    """ISO date from a metadata value (ISO string, timestamp, 'May 31, 2019', '31/05/2019', ...),
    or ''.  ``order`` reads an ambiguous slash date ("mdy", US style, or "dmy")."""
    if value is None:
        return ""
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()[:10]
    if isinstance(value, pd.Timestamp):
        return "" if pd.isna(value) else value.date().isoformat()
    s = str(value).strip()
    if not s or s.lower() in {"nan", "nat", "none", "null"}:
        return ""
    m = re.match(r"^((?:19|20)\d\d)(\d\d)(\d\d)$", s)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if re.fullmatch(r"\d{9,10}(?:\.\d+)?|\d{12,13}", s):  # Unix time, in seconds or milliseconds
        secs = float(s) / (1000 if len(s.split(".")[0]) >= 12 else 1)
        day = _dt.datetime.fromtimestamp(secs, _dt.timezone.utc).date()
        return day.isoformat() if 1990 <= day.year <= 2100 else ""
    found = find_date(s)
    if found:
        return found[0]
    m = _SLASH_DATE.match(s)
    if m:
        a, b = int(m[1]), int(m[2])
        day_first = a > 12 or (order == "dmy" and b <= 12)
        return _iso(int(m[3]), b, a) if day_first else _iso(int(m[3]), a, b)
    return ""


def _date_from_url(url: str) -> str:
    m = re.search(r"/((?:19|20)\d\d)[/-](\d\d)[/-](\d\d)(?:/|$|-)", url) or re.search(
        r"[/_-]((?:19|20)\d\d)(\d\d)(\d\d)(?:[/_.-]|$)", url)
    return _iso(int(m[1]), int(m[2]), int(m[3])) if m else ""


def _domain(url: str) -> str:
    try:
        host = urlparse(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- furniture rules
# Written by hand: no maintained library classifies single plain-text lines as page
# furniture (trafilatura/justext work on HTML structure, which exported text has lost).
# The vocabulary is generic web-page furniture, not tied to any corpus.

_UI_LINES = re.compile(
    r"^(?:share(?: this)?(?: article| story| post)?:?|share on \w+(?: share on \w+)*|"
    r"share (?:via|with) .{1,30}|tweet|email|e-mail|facebook|twitter|pinterest|pin|whatsapp|"
    r"linkedin|reddit|print|copy link|comments?|view comments|\d+ comments?|"
    r"email bio follow|go to permalink|follow us|follow|sign up|sign in|log in|register|"
    r"subscribe(?: now| today)?.{0,80}|you have successfully subscribed.{0,80}|"
    r"breaking news emails|newsletter|advertisement|sponsored|story continued below|"
    r"recommended(?: stories)?|related(?: stories| articles| coverage)?:?|"
    r"more from .{1,40}|most read(?: .{1,30})?|most popular|what to read next|"
    r"latest .{1,30} videos|show chapters|purchase: order reprint|order reprint|"
    r"to read the full story|continue reading|click here.{0,60}|skip to (?:main )?content|"
    r"menu|search|close|back to top|next article|previous article|watch:?|listen:?|"
    r"loading\.{0,3}|video|photos?|image|gallery)[.!]?$",
    re.I,
)
_READ_MORE = re.compile(r"^(?:read more|read also|also read|see also|related|more|watch|listen)\s*[:|>\-–—]\s*\S", re.I)
_FOLLOW = re.compile(r"^follow (?P<name>.{1,60}?) on (?:google news|twitter|facebook|instagram|telegram|linkedin|youtube)\b", re.I)
_EMBED = re.compile(
    r"pic\.twitter\.com/|"
    r"[—–-]\s*[^—–()\n]{1,60}\(@\w{1,30}\)\s+(?:" + _MON[7:-4] + r")\w*\.?\s+\d{1,2},\s+\d{4}\s*$",
    re.I,
)
_CAPTION = re.compile(
    r"\((?:picture|photo|image|video)\s*(?:source|credit)s?\s*:[^)]*\)\s*$|"
    r"^(?:photo|image|picture|credit|photograph|caption)s?\s*(?:credit)?\s*:\s*\S|"
    r"^\([^()]{1,80}/[^()]{1,80}\)$|"
    r"\((?:AP|Reuters|AFP|EPA|Getty)?\s*(?:Photo|Image|Picture)s?\s*/[^()]{1,80}\)$|"
    r"^[^.!?]{1,80}\s[|/]\s*(?:getty images|reuters|ap|ap photo|afp|epa|shutterstock|bloomberg|invision)\b[^.!?]{0,40}$",
    re.I,
)
#: Wire-service photo captions standing as their own paragraph: "FILE - In this April 23, 2019
#: file photo, ...", "In this Thursday, May 30, 2019, photo provided by ...", "This undated image shows".
_WIRE_CAPTION = re.compile(
    r"^(?:FILE\s*[-–—:]+\s*)?(?:In\s+)?(?:this\s+(?:undated\s+)?(?:[\w.]+,?\s+){0,4}?(?:file\s+)?(?:handout\s+)?|"
    r"an?\s+(?:undated\s+)?(?:file|handout)\s+)(?:photo|image|picture|photograph|video\s+(?:still|image|grab))"
    r"(?:\s+(?:provided|released|distributed|made\s+available)\s+by\s[^,]{1,80})?(?:,|\s+(?:shows|taken)\b)",
    re.I,
)
_SIGNOFF = re.compile(
    r"(?P<site>.{1,60}?)['’]s website can (?:also )?be accessed|"
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?|"
    r"all rights reserved|may not be (?:published|reproduced), broadcast|"
    r"^(?:https?://|www\.)\S+$",
    re.I,
)
_SCRIPT = re.compile(r"window\.\w+\s*=|function\s*\(|\bvar \w+\s*=|document\.write|<script|\{\s*\w+:\s*'", re.I)
_BREADCRUMB = re.compile(r"^[\w'’&.\- ]{1,30}(?:\s+[/›»>|]\s+[\w'’&.\- ]{1,30}){1,6}$")


def _titled(s: str) -> bool:
    """'Trams return to the harbour | Gazette': a headline with its site's name, not a breadcrumb."""
    parts = re.split(r"\s+[/›»>|]\s+", s)
    return len(parts) == 2 and _words(parts[0]) >= 4 and _words(parts[1]) <= 4


_BYLINE = re.compile(r"^(?i:by)\s+[A-Z\u00C0-\u024F][\w.'’\-]*(?:[ ,]+[\w.'’\-&]+){0,12}$")
_URL_LINE = re.compile(r"^(https?://\S+)$")
_HEADER_DATE_INLINE = re.compile(r"^\s*date\s*[:=]?\s*((?:19|20)\d\d-\d\d-\d\d)\b\s*", re.I)
_COMPACT_DATE = re.compile(r"^((?:19|20)\d\d)(\d\d)(\d\d)$")
_ISO_LINE = re.compile(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
_TIMEISH = re.compile(r"\b\d{1,2}:\d\d\b|\b\d+\s*(?:m|h|mins?|minutes?|hours?|days?)\s+ago\b|^\d", re.I)
# A byline time with a numeric date ("06/01/2018 02:57 pm ET"): read only when the order of day and
# month is certain (a part over 12, or a US time zone, which writes the month first)
_SLASH_DATELINE = re.compile(r"^(?:(?:posted|published|updated)\s*:?\s*)?(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)"
                             r",?\s+(?:at\s+)?\d{1,2}:\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?\s*(?P<zone>[A-Z]{2,4})?$", re.I)
_US_ZONES = {"et", "est", "edt", "ct", "cst", "cdt", "mt", "mst", "mdt", "pt", "pst", "pdt"}
_YEARLESS_DATELINE = re.compile(r"^(?:(?:posted|published|updated)\s*:?\s*)?" + _MON + r"\s+\d{1,2}(?:,)?\s+(?:at\s+)?\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?$", re.I)
_SOCIAL_RE = re.compile(
    r"facebook|twitter|e-?mail|google\+?|linkedin|pinterest|reddit|whatsapp|print|share|tweet|"
    r"comments?|\bpin\b|\bsms\b|messenger|flipboard|tumblr|copy link|telegram|\bvk\b")


def _slash_dateline(line: str) -> tuple[str, str]:
    """(ISO date, how the order was read) if the whole line is a numeric date with a time, else ("", "")."""
    m = _SLASH_DATELINE.match(line)
    if not m:
        return "", ""
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    if a > 12 >= b:
        return _iso(y, b, a), "day first: the first part is over 12"
    if b > 12 >= a:
        return _iso(y, a, b), "month first: the second part is over 12"
    if a == b:
        return _iso(y, a, b), "day and month the same"
    if (m["zone"] or "").lower() in _US_ZONES:
        return _iso(y, a, b), f"month first: a US time zone ({m['zone']})"
    return "", ""


def _yearless_month_day(line: str) -> str:
    """'05-30' for a year-less dateline ("May 30 at 2:44 PM"), else ''."""
    m = _YEARLESS_DATELINE.match(line)
    if not m:
        return ""
    mon = _MONTHS.get(m["mon"].lower().rstrip("."), 0)
    day = re.search(r"\s(\d{1,2})\b", line[m.start("mon"):])
    return f"{mon:02d}-{int(day[1]):02d}" if mon and day and _iso(2000, mon, int(day[1])) else ""


def _words(s: str) -> int:
    return len(s.split())


def _at_most_words(s: str, n: int) -> bool:
    """``_words(s) <= n``, splitting no further than the (n+1)th word (long paragraphs are common)."""
    return len(s.split(None, n)) <= n


_SOCIAL_SEPARATORS = " \t|/·•,;-"


def _only_social(low: str) -> bool:
    """Whether a lowercased line is nothing but share-button words and separators."""
    # Fast path: a line whose first word is no button word is not (most short lines are headlines).
    rest = low.lstrip(_SOCIAL_SEPARATORS)
    if rest and not _SOCIAL_RE.match(rest):
        return False
    return not _SOCIAL_RE.sub("", low).strip(_SOCIAL_SEPARATORS)


def _is_short(line: str, params: CorpusParams) -> bool:
    s = line.strip()
    return bool(s) and _words(s) <= params.short_line_max_words and not _SENTENCE_END.search(s)


def _norm_line(s: str) -> str:
    return " ".join(s.split()).lower()


def _classify(line: str) -> tuple[str, dict[str, str]]:
    """Furniture reason for one line ('' if content) and metadata it reveals."""
    s = line.strip()
    if not s:
        return "", {}
    if len(s) <= 120 and _UI_LINES.match(s):
        return "share/navigation button", {}
    if len(s) <= 120 and _only_social(s.lower()):
        return "share/navigation button", {}
    m = _FOLLOW.match(s)
    if m:
        meta = {"outlet": m["name"].strip()} if "google news" in s.lower() else {}
        return "follow prompt", meta
    if len(s) < 300 and _READ_MORE.match(s):
        return "read-more link", {}
    low = s.lower()
    # cheap substring gates first: most lines are long body paragraphs
    if ("pic.twitter.com" in low or "(@" in low) and _EMBED.search(s):
        return "embedded post", {}
    if len(s) < 400 and (s.endswith(")") or " | " in s or " / " in s or "/" in s[:80]
                         or low.startswith(("photo", "image", "picture", "credit", "caption", "("))) \
            and _CAPTION.search(s):
        return "photo caption/credit", {}
    if len(s) < 700 and low.startswith(("file", "in this", "this ", "a ", "an ")) and _WIRE_CAPTION.match(s):
        return "photo caption/credit", {}
    if len(s) < 400 and ("website can" in low or "rights reserved" in low or "may not be" in low
                         or low.startswith(("copyright", "©", "(c)", "http", "www."))):
        m = _SIGNOFF.search(s)
        if m:
            meta: dict[str, str] = {}
            if m.group("site"):
                meta["outlet"] = m["site"].strip()
            url = _URL_LINE.match(s) or re.match(r"^(www\.\S+)$", s)
            if url:
                meta["url_line"] = url.group(1)
            return "sign-off", meta
    if len(s) < 2000 and ("window." in low or "function" in low or "var " in low or "<script" in low
                          or "document." in low or "{" in s) and _SCRIPT.search(s):
        return "script", {}
    if len(s) <= 80 and _BREADCRUMB.match(s) and not _SENTENCE_END.search(s) and not _titled(s):
        return "breadcrumb/navigation", {}
    return "", {}


@dataclass
class _Draft:
    """An article while it is being cleaned (internal)."""

    article_id: str
    source: str
    raw_text: str
    lines: list[str]
    reasons: list[str]
    cand: dict[str, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    skip: str = ""
    id_from: str = "file name"
    encoding: str = ""
    #: (source, row, problem, action) met while the draft was read or cleaned
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)
    #: the id of an earlier row this one repeats (same id, same text), from the id step
    repeat_of: str = ""

    def add(self, fieldname: str, value: str, basis: str, note: str = "") -> None:
        value = (value or "").strip()
        if value:
            self.cand[fieldname].append((value, basis, note))


def _split_paragraphs(text: str, params: CorpusParams) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    for sep in params.paragraph_separators:
        if sep and sep in text:
            text = text.replace(sep, "\n\n")
    return text


def _read_header(d: _Draft) -> None:
    """Header conventions: leading 'date YYYY-MM-DD', a YYYYMMDD line, a URL line."""
    idx = [i for i, ln in enumerate(d.lines) if ln.strip()][:4]
    found = False
    for i in idx:
        ln = d.lines[i]
        m = _HEADER_DATE_INLINE.match(ln)
        if m:
            d.add("published", _iso(*map(int, m[1].split("-"))), "header")
            d.reasons[i] = ""
            d.lines[i] = ln[m.end():]
            d.cand["_header_removed"].append((m.group(0).strip(), "header: published date", ""))
            found = True
            continue
        s = ln.strip()
        m = _COMPACT_DATE.match(s) or _ISO_LINE.match(s)
        if m:
            iso = _iso(int(m[1]), int(m[2]), int(m[3]))
            if iso:
                d.add("published", iso, "header")
                d.reasons[i] = "header: published date"
                found = True
                continue
        if _URL_LINE.match(s):
            d.add("url", s, "header")
            d.reasons[i] = "header: url"
            found = True
    if found:
        first = idx[0] if idx else None
        if first is not None and not d.reasons[first] and d.lines[first].strip():
            s = d.lines[first].strip()
            if _words(s) <= 25 and not s.endswith("."):
                d.add("title", s, "header")


def _clean_draft(d: _Draft, params: CorpusParams) -> None:
    """Line-level furniture rules and metadata from the text of one article."""
    _read_header(d)
    n = len(d.lines)
    for i, ln in enumerate(d.lines):
        if d.reasons[i] or not ln or ln.isspace():  # a blank line is no furniture (half the lines are blank)
            continue
        reason, meta = _classify(ln)
        if reason:
            d.reasons[i] = reason
            if "outlet" in meta:
                note = f"{reason} line: {ln.strip()[:80]!r}"
                d.add("outlet", meta["outlet"], "text", note)
            if "url_line" in meta:
                dom = _domain(meta["url_line"])
                if dom:
                    d.cand["_signoff_domain"].append((dom, "text", ""))
    # datelines and bylines among the first lines
    seen = 0
    for i, ln in enumerate(d.lines):
        s = ln.strip()
        if not s:
            continue
        seen += 1
        if seen > params.header_lines:
            break
        if d.reasons[i]:
            continue
        iso = _dateline(s)
        slash, order = ("", "") if iso else _slash_dateline(s)
        if iso or slash:
            low = s.lower()
            basis_note = (f"dateline {s!r}" if iso else f"byline time {s!r} ({order})") + \
                (" (an update time)" if "updated" in low else "")
            d.add("published_updated" if "updated" in low else "published", iso or slash, "text", basis_note)
            d.reasons[i] = "dateline (published date)"
        elif _YEARLESS_DATELINE.match(s):
            # the publication day without its year: the timeline reads it against the other evidence
            if (md := _yearless_month_day(s)) and "updated" not in s.lower():
                d.add("_yearless_dateline", md, "text", f"dateline {s!r} (no year)")
            elif md:  # "Updated May 31 at 3:41 PM": the page existed by then (the timeline reads the year)
                d.add("_yearless_updated", md, "text", f"update line {s!r} (no year)")
            d.reasons[i] = "dateline (no year)"
        elif _BYLINE.match(s) and _words(s) <= 14:
            d.reasons[i] = "byline"
            d.add("byline", re.sub(r"^(?i:by)\s+", "", s).strip(" ,;"), "text", f"byline line {s!r}")
    # lines repeated inside the article
    keys = {i: _norm_line(ln) for i, (ln, r) in enumerate(zip(d.lines, d.reasons)) if ln.strip() and not r}
    counts = Counter(keys.values())
    seen_par: set[str] = set()
    first = next(iter(keys), -1)
    headline = keys[first] if first >= 0 else ""
    for i, key in keys.items():
        ln = d.lines[i]
        if counts[key] > 1:
            if key == headline:  # a headline repeated on the page: keep the first copy
                if i != first:
                    d.reasons[i] = "repeated headline"
            elif _is_short(ln, params):
                d.reasons[i] = "tagline repeated in article"
            elif _words(ln) >= params.duplicate_paragraph_min_words:
                if key in seen_par:
                    d.reasons[i] = "repeated paragraph"
                seen_par.add(key)
    # short lines trailing a sign-off/share block at the end of the article
    tail = []
    for i in range(n - 1, -1, -1):
        s = d.lines[i].strip()
        if not s:
            continue
        if d.reasons[i] or _is_short(s, params):
            tail.append(i)
        else:
            break
    tail.reverse()
    hit = False
    for i in tail:
        if d.reasons[i] and not d.reasons[i].startswith("header"):
            hit = True
        elif hit and not d.reasons[i]:
            d.reasons[i] = "after sign-off"
    # title: the first remaining line, if it looks like a headline
    outlets = [v for v, _, _ in d.cand.get("outlet", []) + d.cand.get("_signoff_domain", [])]
    outlets += [_domain(v) for v, _, _ in d.cand.get("url", [])]
    for i, ln in enumerate(d.lines):
        s = ln.strip()
        if not s or d.reasons[i]:
            continue
        if _title_like(s, outlets):
            d.add("title", _strip_site_suffix(s), "text", "first line")
        break


def _title_like(s: str, outlets: Iterable[str] = ()) -> bool:
    """A first line that reads as a headline (not a byline, time, caption or site name)."""
    # headlines run to about 20 words; longer unpunctuated first lines are standfirsts or labels
    return (4 <= _words(s) <= 20 and (s[0].isalnum() or s[0] in "\"'“‘¿¡") and not re.search(r"[.:;,]$", s) and not _TIMEISH.search(s)
            and not _BYLINE.match(s) and sum(c.isalpha() for c in s) >= 0.6 * len(s)
            and not names_not_tells(s, outlets))


# A headline says what happened; a photo caption or a label only names someone or something.
# Written by hand (no maintained library tells captions from headlines in plain text): a name,
# a comma, then who they are ("Daniel Ek, CEO and Founder of Spotify"); or the outlet's own name,
# or a programme of it, as a run of capitalised words ("BBC Radio 6 Music" on bbc.co.uk).
_ROLE_WORDS = frozenset("""
    ceo cfo coo cto chief executive founder cofounder co-founder owner chairman chairwoman chair president
    vice director head leader manager editor correspondent reporter columnist writer author analyst
    spokesman spokeswoman spokesperson minister secretary senator representative rep governor mayor
    ambassador commissioner judge justice attorney lawyer counsel prosecutor professor researcher
    scientist economist official officer general commander member candidate coach player star actor
    actress singer rapper musician artist producer host presenter anchor partner adviser advisor
    """.split())
_FUNCTION_WORDS = frozenset("of and at the for in on to a an & de du von van der".split())
#: Words a headline written in title case has and a name or programme title has not ("BBC To Cut 450 Jobs").
_TELLING_WORDS = frozenset("to in on at for with as after over amid is are was were will says said by from "
                           "against into about".split())
_SECOND_LEVEL = frozenset("co com net org gov ac edu".split())
_NAME_AND_ROLE = re.compile(r"^((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*),\s+(.+?)\s*$")
_LOWER_WORD = re.compile(r"^[a-z]")


def names_not_tells(s: str, outlets: Iterable[str] = ()) -> bool:
    """True when a line names someone or something instead of saying what happened: a photo
    caption (a name, a comma, a role: "Daniel Ek, CEO and Founder of Spotify") or the outlet's own
    name or a programme of it (up to six capitalised words that begin with the outlet's name:
    "BBC Radio 6 Music" on bbc.co.uk).  Used to keep such lines from being taken as titles."""
    s = " ".join(str(s or "").split())
    m = _NAME_AND_ROLE.match(s)
    if m:
        tail = [w.strip("()\"'“”‘’").lower() for w in m.group(2).replace(",", " ").split()]
        tail_raw = [w.strip("()\"'“”‘’") for w in m.group(2).replace(",", " ").split()]
        if any(w in _ROLE_WORDS for w in tail) and all(
                w in _ROLE_WORDS or w in _FUNCTION_WORDS or not _LOWER_WORD.match(raw)
                for w, raw in zip(tail, tail_raw)):
            return True
    words = s.split()
    if 0 < len(words) <= 6 and not any(_LOWER_WORD.match(w) or w.lower() in _TELLING_WORDS for w in words):
        keys = {k for o in outlets for k in _outlet_name_keys(o)}
        squeezed = ""
        for w in words[:3]:
            squeezed += re.sub(r"[^0-9a-z]", "", w.lower())
            if squeezed in keys:
                return True
    return False


def _outlet_name_keys(outlet: str) -> set[str]:
    """The names an outlet goes by, squeezed: "bbc.co.uk" -> {"bbc"}, "news.sky.com" -> {"news", "sky"},
    "Press TV" -> {"presstv"}."""
    outlet = str(outlet or "").strip().lower()
    if not outlet:
        return set()
    if " " in outlet or "." not in outlet:
        return {re.sub(r"[^0-9a-z]", "", outlet)} - {""}
    host = _domain(outlet.split("/")[0]) or outlet.split("/")[0]
    labels = [x for x in host.split(".") if x][:-1]  # the top-level domain is no name
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return {re.sub(r"[^0-9a-z]", "", x) for x in labels if x != "www"} - {""}


def _strip_site_suffix(s: str) -> str:
    """'Headline | Site Name' -> 'Headline' when the suffix is a short name; 'Opinion | Headline'
    -> 'Headline' when the prefix is a one- or two-word section label."""
    m = re.match(r"^(.{15,}?)\s+[|–—-]\s+([^|–—-]{2,40})$", s)
    if m and _words(m[2]) <= 4:
        s = m[1].strip()
    m = re.match(r"^([^|]{2,25}?)\s*\|\s*(.{15,})$", s)
    return m[2].strip() if m and _words(m[1]) <= 2 else s


def clean_text(text: str, params: CorpusParams = CorpusParams()) -> tuple[str, list[tuple[str, str]]]:
    """Clean one article's text on its own: (cleaned text, [(removed line, reason)])."""
    d = _make_draft("x", "", text or "", params)
    _clean_draft(d, params)
    return _assemble(d)


def _make_draft(article_id: str, source: str, raw: str, params: CorpusParams) -> _Draft:
    work = _split_paragraphs(raw, params)
    lines = work.split("\n")
    return _Draft(article_id, source, raw, lines, [""] * len(lines))


def _assemble(d: _Draft) -> tuple[str, list[tuple[str, str]]]:
    removed = [(v, r) for v, r, _ in d.cand.get("_header_removed", [])]
    kept: list[str] = []
    for ln, r in zip(d.lines, d.reasons):
        if r:
            removed.append((ln.strip(), r))
            continue
        s = ln.rstrip()
        if not s:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        kept.append(s.strip() if not kept or kept[-1] == "" else s)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept), removed


# --------------------------------------------------------------------------- decoding

_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF",
          b"\x1f\x8b", b"BZh", b"\xd0\xcf\x11\xe0", b"PAR1", b"MZ")


#: control characters other than tab, line feed, form feed and carriage return; the replacement character
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def decode_bytes(data: bytes, params: CorpusParams = CorpusParams()) -> tuple[str | None, str, str]:
    """Decode file bytes: (text or None, encoding used, problem description or '')."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig", ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", ""
        except UnicodeDecodeError:
            return None, "", "unreadable UTF-16"
    head = data[:4096]
    if head.startswith(_MAGIC) and not head.startswith(b"MZ" + b" "):
        return None, "", "binary file"
    if b"\x00" in head:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        half = max(1, len(head) // 2)
        for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
            if zeros / half > 0.3 and other / half < 0.05:
                try:
                    text = data.decode(enc)
                except UnicodeDecodeError:
                    break
                if _control_share(text) <= params.max_control_share:
                    return text, enc, ""
        return None, "", "binary file"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _control_share(text) > params.max_control_share:
            return None, "", "binary file"
        return text, "utf-8", ""
    try:
        import charset_normalizer

        results = list(charset_normalizer.from_bytes(data[:2_000_000], cp_isolation=list(params.encodings)))
    except Exception:  # charset detection must never take the build down
        results = []
    if results:
        low = min(r.chaos for r in results)
        near = [r for r in results if r.chaos <= low + 0.02]
        order = {e: i for i, e in enumerate(params.encodings)}
        best = min(near, key=lambda r: (-round(r.coherence, 2), order.get(r.encoding, 99)))
        text = data.decode(best.encoding, errors="replace")
        if _control_share(text) > params.max_control_share:
            return None, "", "binary file"
        return text, best.encoding, f"not UTF-8; decoded as {best.encoding}"
    return None, "", "unreadable encoding (not UTF-8, UTF-16 or a known single-byte encoding)"


# --------------------------------------------------------------------------- readers


class _Loader:
    def __init__(self, root: Path, params: CorpusParams):
        self.root = root
        self.params = params
        self.problems: list[Problem] = []
        self.drafts: list[_Draft] = []
        self.skipped: list[Article] = []
        self.columns_map: dict[str, str] = {}
        self.encoding = ""

    # -- bookkeeping
    def problem(self, source: str, row: str, problem: str, action: str) -> None:
        self.problems.append(Problem(source, row, problem, action))

    def skip(self, article_id: str, source: str, reason: str, row: str = "", raw: str = "") -> None:
        self.problem(source.split(" row ")[0], row, reason, "skipped")
        self.skipped.append(Article(article_id=article_id, text="", source=source, raw_text=raw,
                                    status=f"skipped: {reason}"))

    def rel(self, p: Path) -> str:
        try:
            return p.relative_to(self.root).as_posix()
        except ValueError:
            return p.as_posix()

    def _read_bytes(self, p: Path, article_id: str) -> bytes | None:
        src = self.rel(p)
        try:
            size = p.stat().st_size
        except OSError as e:
            self.skip(article_id, src, f"cannot read file ({e.strerror or e})")
            return None
        if size > self.params.max_file_mb * 1024 * 1024:
            self.skip(article_id, src, f"file is {size / 1048576:.0f} MB, above max_file_mb={self.params.max_file_mb:g}; not read")
            return None
        if size == 0:
            self.skip(article_id, src, "empty file")
            return None
        try:
            return p.read_bytes()
        except OSError as e:
            self.skip(article_id, src, f"cannot read file ({e.strerror or e})")
            return None

    def _decode(self, p: Path, data: bytes, article_id: str) -> str | None:
        text, enc, prob = decode_bytes(data, self.params)
        self.encoding = enc
        src = self.rel(p)
        if text is None:
            self.skip(article_id, src, prob)
            return None
        if prob:
            self.problem(src, "", prob, "kept")
        return text

    def _read_text(self, p: Path, article_id: str) -> str | None:
        """The file's text, or None once the problem is recorded."""
        data = self._read_bytes(p, article_id)
        return None if data is None else self._decode(p, data, article_id)

    # -- formats
    def read_text_file(self, p: Path, article_id: str) -> None:
        text = self._read_text(p, article_id)
        if text is None:
            return
        src = self.rel(p)
        if not text.strip():
            self.skip(article_id, src, "empty file", raw=text)
            return
        front: dict = {}
        body = text
        if p.suffix.lower() in {".md", ".markdown"}:
            front, body = _markdown(text)
        d = _make_draft(article_id, src, text, self.params)
        d.encoding = self.encoding
        if body is not text:
            d.lines = _split_paragraphs(body, self.params).split("\n")
            d.reasons = [""] * len(d.lines)
        for k, v in front.items():
            d.add(k, v, "header")
        self.drafts.append(d)

    def read_html(self, p: Path, article_id: str) -> None:
        text = self._read_text(p, article_id)
        if text is None:
            return
        src = self.rel(p)
        try:
            import trafilatura

            doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False,
                                              include_tables=False)
            full = _visible_lines(text)
        except Exception as e:  # trafilatura on malformed markup: report, never crash
            self.skip(article_id, src, f"HTML could not be parsed ({type(e).__name__})", raw=text)
            return
        body = (getattr(doc, "text", None) or "") if doc is not None else ""
        if not body.strip():
            self.skip(article_id, src, "no article text found in HTML page", raw=text)
            return
        d = _make_draft(article_id, src, text, self.params)
        d.encoding = self.encoding
        d.lines = _split_paragraphs(body, self.params).split("\n")
        d.reasons = [""] * len(d.lines)
        if doc is not None:
            d.add("byline", getattr(doc, "author", "") or "", "html-meta")
            d.add("title", getattr(doc, "title", "") or "", "html-meta")
            d.add("url", getattr(doc, "url", "") or "", "html-meta")
            d.add("published", parse_date_value(getattr(doc, "date", "") or ""), "html-meta")
            site = getattr(doc, "sitename", "") or getattr(doc, "hostname", "") or ""
            d.add("outlet", site, "html-meta")
        # list what trafilatura left out, so nothing is dropped silently
        kept = {_norm_line(x) for x in body.split("\n") if x.strip()}
        kept_blob = _norm_line(body)
        pre = []
        title_key = _norm_line(getattr(doc, "title", "") or "") if doc is not None else ""
        for ln in full:
            k = _norm_line(ln)
            if not k or k in kept or (len(k) > 40 and k in kept_blob):
                continue
            why = "headline (kept as title)" if k == title_key else "page boilerplate (trafilatura)"
            pre.append((ln.strip(), why, ""))
        d.cand["_header_removed"].extend(pre)
        self.drafts.append(d)

    def _pick_columns(self, cols: list[str], src: str) -> dict[str, str]:
        normed = {_norm_col(c): c for c in cols}
        out: dict[str, str] = {}
        for key, col in self.columns_map.items():
            if col in cols:
                out[key] = col
            elif _norm_col(col) in normed:
                out[key] = normed[_norm_col(col)]
            else:
                self.problem(src, "", f"manifest maps {key} to column {col!r}, which the table lacks",
                             "column detected by name instead")
        for key, names in COLUMN_NAMES.items():
            if key in out or (key == "published_weak" and "published" in out):
                continue
            for nm in names:
                if nm in normed and normed[nm] not in out.values():
                    out[key] = normed[nm]
                    break
        return out

    def read_table(self, p: Path, stem_id: str) -> None:
        src = self.rel(p)
        data = self._read_bytes(p, stem_id)
        if data is None:
            return
        ext = p.suffix.lower()
        rows: list[tuple[str, dict]] = []
        try:
            if ext == ".parquet":
                df = pd.read_parquet(io.BytesIO(data))
                rows = [(f"row {i + 1}", r) for i, r in enumerate(df.to_dict("records"))]
            else:
                text = self._decode(p, data, stem_id)
                if text is None:
                    return
                if ext == ".csv":
                    df = _read_csv(text)
                    rows = [(f"row {i + 1}", r) for i, r in enumerate(df.to_dict("records"))]
                else:
                    for i, line in enumerate(text.splitlines()):
                        if not line.strip():
                            continue
                        try:
                            rec = json.loads(line)
                        except ValueError:
                            self.skip(f"{stem_id}-line{i + 1}", f"{src} row {i + 1}", "invalid JSON line", row=f"row {i + 1}")
                            continue
                        if not isinstance(rec, dict):
                            self.skip(f"{stem_id}-line{i + 1}", f"{src} row {i + 1}", "JSON line is not an object", row=f"row {i + 1}")
                            continue
                        rows.append((f"row {i + 1}", rec))
        except Exception as e:  # malformed table files: one line, no traceback
            self.skip(stem_id, src, f"unreadable table ({type(e).__name__}: {str(e)[:120]})")
            return
        if not rows:
            self.skip(stem_id, src, "table has no rows")
            return
        cols = list(rows[0][1].keys()) if ext != ".jsonl" else sorted({k for _, r in rows for k in r})
        cmap = self._pick_columns(cols, src)
        if "text" not in cmap:
            self.skip(stem_id, src, f"no text column (looked for {', '.join(COLUMN_NAMES['text'])}; map one in the manifest)")
            return
        orders = {key: slash_date_order(rec.get(cmap[key]) for _, rec in rows)
                  for key in ("published", "published_weak") if key in cmap}
        for row, rec in rows:
            rsrc = f"{src} {row}"
            text = _cell(rec.get(cmap["text"]))
            rid = _cell(rec.get(cmap["id"])) if "id" in cmap else ""
            id_from = f"column {cmap['id']!r}" if rid else "content hash"
            if not text.strip():
                self.skip(rid or f"{stem_id}-{row.replace(' ', '')}", rsrc, "no text", row=row)
                continue
            if not rid:
                rid = "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
            d = _make_draft(rid, rsrc, text, self.params)
            d.id_from = id_from
            d.encoding = "" if ext == ".parquet" else self.encoding
            for key in ("title", "url", "outlet", "byline"):
                if key in cmap:
                    d.add(key, _cell(rec.get(cmap[key])), "column", f"column {cmap[key]!r}")
            for key in ("published", "published_weak"):
                if key in cmap:
                    raw = rec.get(cmap[key])
                    iso = parse_date_value(raw, orders[key] or "mdy")
                    if iso:
                        note = f"column {cmap[key]!r}" + (" (a scrape time)" if key == "published_weak" else "")
                        if is_ambiguous_slash_date(raw):
                            how = {"dmy": "day first, as other dates of the column show",
                                   "mdy": "month first, as other dates of the column show"}.get(
                                orders[key], "month first (US style): nothing in the column says which")
                            note += f"; {_cell(raw).strip()!r} read {how}"
                            if not orders[key]:
                                self.problem(src, row, f"ambiguous date {_cell(raw).strip()!r} in column "
                                             f"{cmap[key]!r} read month first as {iso}; give ISO dates or set "
                                             "it in the manifest", "kept")
                        d.add(key, iso, "column", note)
                    elif _cell(raw).strip():
                        self.problem(src, row, f"unreadable date {_cell(raw)[:40]!r} in column {cmap[key]!r}", "kept, date left empty")
            self.drafts.append(d)


def _visible_lines(html: str) -> list[str]:
    """Visible text pieces of an HTML page (scripts and styles dropped), in page order."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except Exception:  # empty or unparsable markup: nothing to list
        return []
    for bad in tree.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    return [t.strip() for t in tree.itertext() if t.strip()]


def _cell(v: object) -> str:
    if v is None:
        return ""
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _markdown(text: str) -> tuple[dict[str, str], str]:
    """Front matter fields and the body with heading marks and link syntax removed."""
    front: dict[str, str] = {}
    body = text.replace("\r\n", "\n")
    m = re.match(r"^---\n(.*?)\n---\n", body, re.S)
    if m:
        try:
            import yaml

            meta = yaml.safe_load(m[1]) or {}
        except Exception:
            meta = {}
        if isinstance(meta, dict):
            for key, names in (("title", ("title", "headline")), ("url", ("url", "link")),
                               ("outlet", ("outlet", "publisher", "source", "site")),
                               ("published", ("published", "date", "publish_date"))):
                for nm in names:
                    if meta.get(nm):
                        v = meta[nm]
                        front[key] = parse_date_value(v) if key == "published" else str(v)
                        break
        body = body[m.end():]
    body = re.sub(r"^#{1,6}\s+", "", body, flags=re.M)
    body = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"(\*\*|__)(.+?)\1", r"\2", body)
    return front, body


# --------------------------------------------------------------------------- manifest


def _read_manifest(root: Path, ld: _Loader) -> tuple[str, str, dict[str, dict], str]:
    """(title, question, per-article entries, manifest file name or '')."""
    for name in MANIFEST_NAMES:
        p = root / name
        if not p.is_file():
            continue
        try:
            if p.stat().st_size > ld.params.max_file_mb * 1048576:
                ld.problem(name, "", "manifest too large", "ignored")
                return "", "", {}, name
            raw = p.read_bytes()
            text, _, prob = decode_bytes(raw, ld.params)
            if text is None:
                ld.problem(name, "", f"manifest unreadable: {prob}", "ignored")
                return "", "", {}, name
            if name.endswith(".csv"):
                return (*_manifest_csv(text, name, ld), name)
            import yaml

            data = yaml.safe_load(text) or {}
        except Exception as e:
            ld.problem(name, "", f"manifest could not be parsed ({type(e).__name__}: {str(e)[:100]})", "ignored")
            return "", "", {}, name
        if not isinstance(data, dict):
            ld.problem(name, "", "manifest is not a mapping", "ignored")
            return "", "", {}, name
        cols = data.get("columns") or {}
        if isinstance(cols, dict):
            ld.columns_map = {str(k): str(v) for k, v in cols.items() if v}
        arts = data.get("articles") or {}
        entries: dict[str, dict] = {}
        if isinstance(arts, list):
            arts = {str(a.get("id") or a.get("article_id")): a for a in arts if isinstance(a, dict)}
        if isinstance(arts, dict):
            for k, v in arts.items():
                if isinstance(v, dict):
                    entries[str(k)] = v
                else:
                    ld.problem(name, f"article {k}", "manifest entry is not a mapping", "ignored")
        return str(data.get("title") or ""), str(data.get("question") or ""), entries, name
    return "", "", {}, ""


def _read_csv(text: str) -> pd.DataFrame:
    """A CSV export as strings, whatever its delimiter (spreadsheets in many locales write ';')."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    # the header line decides: commas inside quoted article text must not outvote it
    counts = {d: header.count(d) for d in [",", ";", "\t", "|"]}
    sep = max(counts, key=lambda d: (counts[d], d == ","))
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=sep if counts[sep] else ",")


def _manifest_csv(text: str, name: str, ld: _Loader) -> tuple[str, str, dict[str, dict]]:
    df = _read_csv(text)
    df.columns = [_norm_col(c) for c in df.columns]
    idcol = "article_id" if "article_id" in df.columns else ("id" if "id" in df.columns else None)
    title = next((v for v in df.get("corpus_title", []) if v), "")
    question = next((v for v in df.get("corpus_question", []) if v), "")
    entries: dict[str, dict] = {}
    if idcol is None:
        ld.problem(name, "", "manifest CSV has no article_id column", "article entries ignored")
        return title, question, entries
    for i, rec in enumerate(df.to_dict("records")):
        aid = rec.get(idcol, "").strip()
        if not aid:
            continue
        entries[aid] = {k: v for k, v in rec.items() if k in (*FIELDS, "file", "note") and v}
    return title, question, entries


def _fact(v: object) -> tuple[str, str]:
    """(value, note) from a manifest fact given as a plain value or {value, note, basis}."""
    if isinstance(v, dict):
        note = str(v.get("note") or "")
        if v.get("basis"):
            note = (f"{v['basis']}: " + note) if note else str(v["basis"])
        return ("" if v.get("value") is None else str(v.get("value"))), note
    return ("" if v is None else str(v)), ""


# --------------------------------------------------------------------------- resolution

_ORDER = {
    "title": ("manifest", "column", "html-meta", "header", "text"),
    "outlet": ("manifest", "column", "html-meta", "header", "url", "text"),
    "url": ("manifest", "column", "html-meta", "header", "text"),
    "published": ("manifest", "column", "html-meta", "header", "url", "text"),
    "byline": ("manifest", "column", "html-meta", "header", "text"),
}


def _resolve(d: _Draft) -> tuple[dict[str, str], dict[str, str]]:
    """Best value per field and the basis dict (with notes)."""
    # derived candidates
    for url, basis, _ in list(d.cand.get("url", [])):
        dom = _domain(url)
        if dom:
            d.add("outlet", dom, "url", "domain of the article URL")
        du = _date_from_url(url)
        if du:
            d.add("published", du, "url", "date in the article URL")
    values: dict[str, str] = {}
    basis: dict[str, str] = {}
    for f in FIELDS:
        cands = d.cand.get(f, [])
        if f == "published":
            cands = cands + d.cand.get("published_updated", []) + d.cand.get("published_weak", [])
        if f == "outlet" and not cands:
            cands = d.cand.get("_signoff_domain", [])
        if not cands:
            continue
        order = _ORDER[f]
        weak = {id(c) for c in d.cand.get("published_updated", []) + d.cand.get("published_weak", [])}
        man = [c for c in cands if c[1] == "manifest"]
        rest = sorted((c for c in cands if c[1] != "manifest"),
                      key=lambda c: (id(c) in weak, order.index(c[1]) if c[1] in order else 99))
        if man:
            val, _, note = man[0]
            same = next((c for c in rest if c[0].strip().lower() == val.strip().lower()), None)
            if same is not None:
                values[f], basis[f] = same[0], same[1]
                note = "; ".join(x for x in (same[2], ("confirmed by manifest" + (f": {note}" if note else ""))) if x)
            else:
                values[f], basis[f] = val, "manifest"
        else:
            values[f], basis[f], note = rest[0]
            if f == "published" and id(rest[0]) in weak:
                # A scrape time or an "Updated" line only says the article existed by then: it
                # bounds publication from above and is kept as that bound, never as the day.
                basis["published_bound"] = values.pop(f)
                basis["published_bound_note"] = note or "an upper bound"
                basis.pop(f)
                continue
        if note:
            basis[f"{f}_note"] = note
    yearless = d.cand.get("_yearless_dateline", [])
    if yearless and "published" not in values:  # read by the timeline against the other evidence
        basis["published_yearless"], basis["published_yearless_note"] = yearless[0][0], yearless[0][2]
    updated = d.cand.get("_yearless_updated", [])
    if updated and "published" not in values:
        basis["published_yearless_updated"], basis["published_yearless_updated_note"] = updated[0][0], updated[0][2]
    return values, basis


def _natkey(s: str) -> tuple:
    return tuple((0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", s) if t)


def _apply_recurring(group: list[_Draft], params: CorpusParams) -> None:
    """Mark short lines that recur across many articles of one outlet (``group``: its drafts).

    Pages with the same raw text count once: an outlet's page scraped three times does not make
    its own sentences "recurring"."""
    if len(group) < params.recurring_line_min_articles:
        return  # fewer distinct pages still
    texts: dict[str, list[_Draft]] = {}
    for d in group:
        texts.setdefault(" ".join(d.raw_text.split()), []).append(d)  # the raw text, white space folded
    n = len(texts)
    if n < params.recurring_line_min_articles:
        return
    need = max(params.recurring_line_min_articles, int(-(-params.recurring_line_min_share * n // 1)))
    short = params.recurring_line_max_words
    df: Counter = Counter()
    for same in texts.values():
        d = same[0]
        df.update({_norm_line(ln) for ln, r in zip(d.lines, d.reasons)
                   if ln.strip() and not r and _at_most_words(ln, short)})
    common = {k for k, c in df.items() if c >= need}
    if not common:
        return
    for d in group:
        for i, ln in enumerate(d.lines):
            # only a short line can be common (normalising keeps the words): long ones are passed over
            if not d.reasons[i] and ln.strip() and _at_most_words(ln, short):
                key = _norm_line(ln)
                if key in common:
                    d.reasons[i] = f"recurs in {df[key]} of {n} articles of this outlet"


# --------------------------------------------------------------------------- the corpus stage
# Loading is a plan (which files, the manifest: done where the run starts), a map over input
# files (read and decode each into drafts), ids made unique (a small table of ids, settled in one
# place), a map that cleans each draft, a reduction keyed by outlet (lines an outlet repeats on
# most of its pages), a map that assembles each article, and a reduction keyed by cleaned text
# (repeats of one outlet's page).  ``load_corpus`` runs them in this process; the pipeline runs
# the same functions through an engine (``analysis.engine``).

#: One row a read input yields: a draft article, a skipped input, or a problem.
READ_SCHEMA = {"kind": "str", "article_id": "str", "source": "str", "row": "str",
               "problem": "str", "action": "str", "raw_hash": "str", "draft": "object"}
#: One row per article (usable, repeated or skipped), as the stages after loading see it.
ARTICLE_SCHEMA = {
    "article_id": "str", "source": "str", "title": "str", "outlet": "str", "url": "str",
    "published": "str", "byline": "str", "encoding": "str", "basis": "str", "text": "str",
    "removed": "object", "status": "str", "duplicate_of": "str", "text_hash": "str",
    "repeat_of": "str", "problems": "object", "order": "str",
}


@dataclass
class InputFile:
    """One input to read: a file, with the id an article file takes (its stem, or a manifest id)."""

    path: str
    article_id: str
    from_manifest: bool = False


@dataclass
class CorpusPlan:
    """What loading starts from: the folder, its manifest, the files to read, problems met so far."""

    root: Path
    single: bool
    title: str
    question: str
    entries: dict[str, dict]
    manifest_name: str
    columns_map: dict[str, str]
    inputs: list[InputFile]
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Article] = field(default_factory=list)


def printable(s: str) -> str:
    """``s`` with control, format and line-separator characters removed and white space folded, so
    an id or label built from a file name cannot reorder or break the text around it."""
    if s.isprintable():  # no control, format or separator character but the space: only white space to fold
        return " ".join(s.split())
    import unicodedata

    kept = "".join(c if not (unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp"))
                   else " " for c in s)
    return " ".join(kept.split())


def _clean_id(raw: str) -> tuple[str, str]:
    """(printable id, note when characters had to be removed)."""
    clean = printable(raw)
    if clean == raw:
        return raw, ""
    return clean or "article", "control or invisible characters removed from the name"


def plan_corpus(path: str | Path, params: CorpusParams = CorpusParams()) -> CorpusPlan:
    """The folder's manifest and the list of files to read (problems with the folder itself included)."""
    path = Path(path)
    single = path.is_file()
    root = (path.parent if single else path).resolve()
    ld = _Loader(root, params)
    title, question, entries, manifest_name = ("", "", {}, "")
    if not path.exists():
        ld.problem(str(path), "", "corpus path does not exist", "nothing loaded")
        return CorpusPlan(root, single, path.name, "", {}, "", {}, [], ld.problems, ld.skipped)
    if not single:
        title, question, entries, manifest_name = _read_manifest(root, ld)
    files: list[Path] = []
    if single:
        files = [path.resolve()]
    else:
        pattern = root.rglob("*") if params.recursive else root.iterdir()
        for p in sorted(pattern):
            relparts = p.relative_to(root).parts
            if any(part.startswith(".") or part.startswith("_") and part != p.name for part in relparts):
                continue
            if p.name.startswith(".") or p.name in MANIFEST_NAMES:
                continue
            if p.is_dir():
                if not params.recursive and not p.name.startswith("_"):
                    inside = sum(1 for q in p.rglob("*") if q.suffix.lower() in READABLE_EXT)
                    if inside:
                        ld.problem(ld.rel(p) + "/", "", f"sub-folder holds {inside} article "
                                   f"file{'s' if inside != 1 else ''} that {'were' if inside != 1 else 'was'} not "
                                   "read; set corpus_recursive=true to read sub-folders", "not read")
                continue
            files.append(p)
    manifest_for_file: dict[Path, str] = {}
    for aid, entry in sorted(entries.items()):
        f = entry.get("file")
        if not f:
            continue
        target = (root / str(f))
        try:
            resolved = target.resolve()
        except (OSError, RuntimeError):
            resolved = target
        if root not in resolved.parents and resolved != root:
            ld.skip(aid, manifest_name, f"manifest names a path outside the corpus folder: {f}", row=f"article {aid}")
            continue
        if not resolved.is_file():
            ld.skip(aid, manifest_name, f"manifest names a missing file: {f}", row=f"article {aid}")
            continue
        manifest_for_file[resolved] = aid
        if resolved not in [q.resolve() for q in files]:
            files.append(resolved)
    inputs: list[InputFile] = []
    for p in files:
        src = ld.rel(p)
        try:
            resolved = p.resolve()
        except (OSError, RuntimeError):
            ld.skip(printable(p.stem), src, "path cannot be resolved")
            continue
        if not single and root not in resolved.parents:
            ld.skip(printable(p.stem), src, f"path outside the corpus folder (links to {resolved})")
            continue
        if not resolved.is_file():
            ld.skip(printable(p.stem), src, "not a regular file")
            continue
        ext = p.suffix.lower()
        if ext not in READABLE_EXT:
            readable = ", ".join(sorted(READABLE_EXT))
            ld.problem(src, "", f"unsupported file type {ext or '(none)'} (readable: {readable}; "
                       "convert it to one of them)", "skipped")
            ld.skipped.append(Article(article_id=printable(p.stem), text="", source=src,
                                      status=f"skipped: unsupported file type {ext or '(none)'}"))
            continue
        inputs.append(InputFile(str(resolved), manifest_for_file.get(resolved, p.stem),
                                resolved in manifest_for_file))
    return CorpusPlan(root, single, title or (_file_title(path) if single else root.name), question, entries,
                      manifest_name, ld.columns_map, inputs, ld.problems, ld.skipped)


#: Names of a table file that say what it holds, not which story: such a file is titled by its folder.
_GENERIC_STEMS = frozenset({"articles", "article", "corpus", "data", "dataset", "export", "input", "items", "news",
                            "stories", "table", "texts"})


def _file_title(path: Path) -> str:
    """A single file's report title: its name, or its folder's when the name is generic
    ("census-2019/articles.csv" is census-2019: "articles" titled the report and its citations)."""
    if path.stem.casefold() in _GENERIC_STEMS and path.resolve().parent.name:
        return path.resolve().parent.name
    return path.stem


#: input files one call of ``read_inputs`` reads: building a table costs about a millisecond, which a
#: folder of many small files would otherwise pay per file (and a cluster a task per file)
READ_BATCH_FILES = 64


def read_inputs(items: Sequence[InputFile], root: str, columns_map: dict[str, str],
                params: CorpusParams) -> pd.DataFrame:
    """Map over batches of input files: their drafts, skipped rows and problems (rows of READ_SCHEMA), in order."""
    rows = [row for item in items for row in _read_rows(item, root, columns_map, params)]
    # object columns: the engine gives the whole table its schema's types once, not each batch's rows
    return pd.DataFrame(rows, columns=list(READ_SCHEMA), dtype=object)


def read_input(item: InputFile, root: str, columns_map: dict[str, str], params: CorpusParams) -> pd.DataFrame:
    """One input file's drafts, skipped rows and problems (rows of READ_SCHEMA)."""
    return read_inputs([item], root, columns_map, params)


def _read_rows(item: InputFile, root: str, columns_map: dict[str, str], params: CorpusParams) -> list[dict]:
    ld = _Loader(Path(root), params)
    ld.columns_map = dict(columns_map)
    p = Path(item.path)
    ext = p.suffix.lower()
    src = ld.rel(p)
    aid, id_note = _clean_id(item.article_id)
    try:
        if ext in TEXT_EXT:
            ld.read_text_file(p, aid)
        elif ext in HTML_EXT:
            ld.read_html(p, aid)
        elif ext in TABLE_EXT:
            ld.read_table(p, printable(p.stem) or "table")
    except Exception as e:  # last resort: one line per bad file, the build goes on
        ld.drafts.clear()
        ld.skip(aid, src, f"could not be read ({type(e).__name__}: {str(e)[:120]})")
    rows = []
    for d in ld.drafts:
        if ext not in TABLE_EXT:
            d.id_from = "manifest" if item.from_manifest else "file name"
            if id_note:
                d.id_from += f" ({id_note})"
        else:
            clean, note = _clean_id(d.article_id)
            if note:
                d.article_id, d.id_from = clean, d.id_from + f" ({note})"
        raw_hash = hashlib.sha1(" ".join(_split_paragraphs(d.raw_text, params).split()).encode("utf-8")).hexdigest()
        rows.append({"kind": "draft", "article_id": d.article_id, "source": d.source, "row": "", "problem": "",
                     "action": "", "raw_hash": raw_hash, "draft": d})
    for a in ld.skipped:
        rows.append({"kind": "skip", "article_id": printable(a.article_id), "source": a.source, "row": "",
                     "problem": a.status, "action": "", "raw_hash": "", "draft": None})
    for pr in ld.problems:
        rows.append({"kind": "problem", "article_id": "", "source": pr.source, "row": pr.row, "problem": pr.problem,
                     "action": pr.action, "raw_hash": "", "draft": None})
    return rows


def settle_ids(drafts: pd.DataFrame) -> tuple[dict[str, tuple[str, str, str]], list[Problem]]:
    """Unique article ids, from the ids, sources and raw-text hashes of every draft.

    Returns ``{source: (new id, how the id was made, id of the row it repeats or "")}`` for the
    drafts whose id changes, and the problems to report.  A second row with the same id and the
    same text is a repeat of the first (it keeps a renamed id and says what it repeats); another
    row with the same id is a different article and is renamed ``id-2``, ``id-3`` ...
    """
    out: dict[str, tuple[str, str, str]] = {}
    problems: list[Problem] = []
    rows = sorted(zip(drafts["article_id"], drafts["source"], drafts["raw_hash"]),
                  key=lambda r: (_natkey(r[0]), _natkey(r[1])))
    used: set[str] = set()
    first: dict[str, tuple[str, str]] = {}  # id -> (raw hash, source) of the first row with it
    for aid, source, raw_hash in rows:
        if aid not in used:
            used.add(aid)
            first[aid] = (raw_hash, source)
            continue
        k = 2
        while f"{aid}-{k}" in used:
            k += 1
        new = f"{aid}-{k}"
        used.add(new)
        file, _, row = source.partition(" row ")
        if first[aid][0] == raw_hash:
            out[source] = (new, f"renamed from {aid} (a repeat of row {first[aid][1]})", aid)
        else:
            problems.append(Problem(file, f"row {row}" if row else "", f"article id {aid} already used",
                                    f"kept (renamed id to {new})"))
            out[source] = (new, f"renamed from {aid} (id already used)", "")
    return out, problems


def clean_drafts(part: pd.DataFrame, renames: dict[str, tuple[str, str, str]], entries: dict[str, dict],
                 manifest_name: str, params: CorpusParams) -> pd.DataFrame:
    """Map over drafts: new ids, manifest facts, line cleaning and metadata from the text."""
    out = []
    for d in part["draft"]:
        if d.source in renames:
            new, how, repeat_of = renames[d.source]
            d.article_id = new
            d.id_from = d.id_from + ", " + how
            d.repeat_of = repeat_of
        entry = entries.get(d.article_id, {}) if not d.repeat_of else {}
        for f in FIELDS:
            if f in entry:
                val, note = _fact(entry[f])
                if f == "published" and val:
                    iso = parse_date_value(val)
                    if not iso:
                        d.problems.append((manifest_name, f"article {d.article_id}", f"unreadable date {val!r}",
                                           "ignored"))
                        continue
                    val = iso
                d.add(f, val, "manifest", note)
        _clean_draft(d, params)
        values, basis = _resolve(d)
        d.cand["_resolved"] = [(json.dumps([values, basis], sort_keys=True), "", "")]
        out.append(d)
    return pd.DataFrame({"draft": out, "outlet_key": [_outlet_key(d) for d in out]})


def _resolved(d: _Draft) -> tuple[dict[str, str], dict[str, str]]:
    values, basis = json.loads(d.cand["_resolved"][0][0])
    return values, basis


def _outlet_key(d: _Draft) -> str:
    outlet = _resolved(d)[0].get("outlet", "")
    return "o:" + outlet.strip().lower() if outlet.strip() else "a:" + d.source


def drop_recurring(part: pd.DataFrame, params: CorpusParams) -> pd.DataFrame:
    """Keyed by outlet: mark the short lines an outlet repeats on most of its pages as furniture."""
    drafts = sorted(part["draft"], key=lambda d: (_natkey(d.source), d.source))
    keys = [_outlet_key(d) for d in drafts]
    groups: dict[str, list[_Draft]] = defaultdict(list)
    for d, key in zip(drafts, keys):
        groups[key].append(d)
    for key, group in groups.items():
        if key.startswith("o:"):
            _apply_recurring(group, params)
    return pd.DataFrame({"draft": drafts, "outlet_key": keys})


def assemble_articles(part: pd.DataFrame, entries: dict[str, dict], params: CorpusParams) -> pd.DataFrame:
    """Map over drafts: the article each draft becomes (rows of ARTICLE_SCHEMA)."""
    rows = []
    for d in part["draft"]:
        values, basis = _resolved(d)
        basis["article_id"] = d.id_from
        note = entries.get(d.article_id, {}).get("note") if not d.repeat_of else None
        if note:
            basis["note"] = str(note)
        text, removed = _assemble(d)
        status = "ok"
        problems = list(d.problems)
        if not text.strip():
            status, text = "skipped: no text left after cleaning", ""
            file, _, row = d.source.partition(" row ")
            problems.append((file, f"row {row}" if row else "", "no text left after cleaning", "skipped"))
        rows.append({
            "article_id": d.article_id, "source": d.source, "title": values.get("title", ""),
            "outlet": values.get("outlet", ""), "url": values.get("url", ""),
            "published": values.get("published", ""), "byline": values.get("byline", ""),
            "encoding": d.encoding, "basis": json.dumps(basis, sort_keys=True, ensure_ascii=False), "text": text,
            "removed": removed, "status": status, "duplicate_of": "",
            "text_hash": hashlib.sha1(text.encode("utf-8")).hexdigest() if text else "",
            "repeat_of": d.repeat_of, "problems": problems,
            "order": json.dumps(_natkey(d.source)),
        })
    return pd.DataFrame(rows, columns=list(ARTICLE_SCHEMA))


def mark_repeats(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by cleaned text: a row with the text of an earlier row of the same outlet (or URL, or
    id) is that article seen again: ``duplicate_of`` names it.  The same text under another
    outlet is an article of its own (a verbatim copy, which the overlap stage reports)."""
    if part.empty:
        return part
    part = part.assign(_o=part["order"].map(lambda s: tuple(tuple(x) for x in json.loads(s))))
    part = part.sort_values(["text_hash", "_o", "source"], kind="mergesort")
    dup = []
    seen: dict[tuple[str, str], str] = {}
    for r in part.itertuples(index=False):
        if r.status != "ok":
            dup.append("")
            continue
        if r.repeat_of:
            dup.append(r.repeat_of)
            continue
        keys = [("id", r.article_id)]
        if str(r.outlet).strip():
            keys.append(("outlet", str(r.outlet).strip().lower()))
        if str(r.url).strip():
            keys.append(("url", str(r.url).strip()))
        first = next((seen[(r.text_hash, *k)] for k in keys if (r.text_hash, *k) in seen), "")
        dup.append(first)
        if not first:
            for k in keys:
                seen.setdefault((r.text_hash, *k), r.article_id)
    part = part.drop(columns="_o")
    part["duplicate_of"] = dup
    return part


def skipped_rows(read: pd.DataFrame) -> pd.DataFrame:
    """Map over read rows: the inputs that were skipped, as article rows."""
    sk = read[read["kind"] == "skip"]
    rows = [{"article_id": r.article_id, "source": r.source, "title": "", "outlet": "", "url": "",
             "published": "", "byline": "", "encoding": "", "basis": "{}", "text": "", "removed": [],
             "status": r.problem, "duplicate_of": "", "text_hash": "", "repeat_of": "", "problems": [],
             "order": json.dumps(_natkey(r.source))} for r in sk.itertuples(index=False)]
    return pd.DataFrame(rows, columns=list(ARTICLE_SCHEMA))


def _plan_rows(plan: CorpusPlan) -> tuple[pd.DataFrame, list[Problem]]:
    rows = [{"article_id": a.article_id, "source": a.source, "title": "", "outlet": "", "url": "",
             "published": "", "byline": "", "encoding": "", "basis": "{}", "text": "", "removed": [],
             "status": a.status, "duplicate_of": "", "text_hash": "", "repeat_of": "", "problems": [],
             "order": json.dumps(_natkey(a.source))} for a in plan.skipped]
    return pd.DataFrame(rows, columns=list(ARTICLE_SCHEMA)), list(plan.problems)


def article_record(r: dict) -> Article:
    """An :class:`Article` from a row of ARTICLE_SCHEMA (or of the articles' frame)."""
    basis = r.get("basis") or {}
    if isinstance(basis, str):
        basis = json.loads(basis) if basis else {}
    return Article(article_id=r["article_id"], text=r.get("text") or "", source=r.get("source") or "",
                   title=r.get("title") or "", outlet=r.get("outlet") or "", url=r.get("url") or "",
                   published=r.get("published") or "", basis=basis,
                   removed=[tuple(x) for x in (r.get("removed") or [])], status=r.get("status") or "ok",
                   duplicate_of=r.get("duplicate_of") or "", byline=r.get("byline") or "",
                   encoding=r.get("encoding") or "")


def articles_of(frame: pd.DataFrame) -> list[Article]:
    """Every row of an articles frame as an :class:`Article`."""
    return [article_record(r) for r in frame_records(frame)]


def load_articles(engine, plan: CorpusPlan, params: CorpusParams):
    """The corpus stage through an engine: (articles frame, problems list).

    The frame holds every article row (usable, repeated and skipped) in ARTICLE_SCHEMA.
    """
    batches = [plan.inputs[i:i + READ_BATCH_FILES] for i in range(0, len(plan.inputs), READ_BATCH_FILES)]
    read = engine.from_parts(read_inputs, batches, READ_SCHEMA, str(plan.root), plan.columns_map, params)
    read = engine.spread(read)  # one row per input article: partitions of articles
    skipped = engine.map(skipped_rows, read, schema=ARTICLE_SCHEMA)
    read_problems = engine.collect(engine.select(read, lambda p: p["kind"] == "problem")[
        ["source", "row", "problem", "action"]])
    skip_ids = set(engine.collect(engine.select(read, lambda p: p["kind"] == "skip")[["article_id"]])["article_id"])
    drafts = engine.select(read, lambda p: p["kind"] == "draft")
    del read  # the raw inputs go before cleaning (at 100,000 articles they held gigabytes through the stage)
    ids = engine.collect(drafts[["article_id", "source", "raw_hash"]])
    renames, id_problems = settle_ids(ids)
    known = {renames[s][0] if s in renames else a for a, s in zip(ids["article_id"], ids["source"])}
    known |= skip_ids
    known |= {a.article_id for a in plan.skipped}
    for aid, entry in sorted(plan.entries.items()):
        if aid not in known and not entry.get("file"):
            id_problems.append(Problem(plan.manifest_name, f"article {aid}",
                                       "manifest names an article id that was not found", "ignored"))
    draft_schema = {"draft": "object", "outlet_key": "object"}
    cleaned = engine.map(clean_drafts, drafts, engine.broadcast(renames), engine.broadcast(plan.entries),
                         plan.manifest_name, params, schema=draft_schema)
    del drafts
    cleaned = engine.keyed(drop_recurring, cleaned, "outlet_key", params, schema=draft_schema)
    arts = engine.map(assemble_articles, cleaned, engine.broadcast(plan.entries), params, schema=ARTICLE_SCHEMA)
    del cleaned
    arts = engine.keyed(mark_repeats, arts, "text_hash", schema=ARTICLE_SCHEMA)
    plan_rows, problems = _plan_rows(plan)
    from .engine import typed

    frame = engine.persist(engine.concat([arts, skipped, engine.from_pandas(typed(plan_rows, ARTICLE_SCHEMA))]))
    problems += [Problem(*r) for r in read_problems.itertuples(index=False)]
    problems += id_problems
    later = engine.collect(engine.select(frame, lambda p: p["problems"].map(len) > 0)[["problems"]])
    problems += [Problem(*x) for ps in later["problems"] for x in ps]
    if not problems and not engine.count(engine.select(frame, lambda p: p["status"] == "ok")):
        where = Path(plan.inputs[0].path).name if plan.single and plan.inputs else plan.root.name + "/"
        problems.append(Problem(where, "", f"no article found (looked for {', '.join(sorted(READABLE_EXT))})",
                                "nothing loaded"))
    return frame, problems


def load_corpus(path: str | Path, params: CorpusParams = CorpusParams()) -> Corpus:
    """Read, clean and identify every article under ``path`` (a folder or one table file)."""
    from .engine import LocalEngine

    plan = plan_corpus(path, params)
    frame, problems = load_articles(LocalEngine(), plan, params)
    return corpus_from_frame(plan, frame, problems)


def corpus_from_frame(plan: CorpusPlan, frame: pd.DataFrame, problems: list[Problem]) -> Corpus:
    """The in-process :class:`Corpus` from a loaded articles frame."""
    frame = frame.assign(_o=frame["order"].map(lambda s: tuple(tuple(x) for x in json.loads(s))))
    arts = articles_of(frame.sort_values("article_id", key=lambda s: s.map(_natkey), kind="mergesort"))
    usable = [a for a in arts if a.status == "ok"]
    skipped = [a for a in arts if a.status != "ok"]
    usable.sort(key=lambda a: (_natkey(a.article_id), a.source))
    skipped.sort(key=lambda a: (_natkey(a.article_id), a.source))
    return Corpus(root=plan.root, title=plan.title, question=plan.question, articles=usable,
                  problems=problems, skipped=skipped)


# --------------------------------------------------------------------------- tables

#: Columns of ``articles.csv`` as the corpus stage writes them (the timeline stage adds the
#: publication range columns).
ARTICLES_TABLE = {
    "article_id": "str", "source": "str", "title": "str", "outlet": "str", "url": "str", "published": "str",
    "published_basis": "str", "title_basis": "str", "outlet_basis": "str", "url_basis": "str",
    "id_basis": "str", "byline": "str", "encoding": "str", "duplicate_of": "str", "words": "int64",
    "removed_lines": "int64", "notes": "str", "status": "str",
}
FURNITURE_TABLE = {"article_id": "str", "line": "str", "reason": "str", "line_no": "int64"}
PROBLEMS_TABLE = {"source": "str", "row": "str", "problem": "str", "action": "str"}


def natural_key(s: str) -> str:
    """A string that sorts like ``s`` read naturally ("2" before "10"), for sorting tables."""
    return re.sub(r"\d+", lambda m: m.group().zfill(20), str(s))


def articles_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over article rows: the rows of ``articles.csv`` (with a ``sort_key``)."""
    rows = []
    for a in articles_of(part):
        notes = "; ".join(f"{k[:-5]}: {v}" for k, v in sorted(a.basis.items()) if k.endswith("_note"))
        if a.basis.get("note"):
            notes = "; ".join(x for x in (a.basis["note"], notes) if x)
        rows.append({
            "article_id": a.article_id, "source": a.source, "title": a.title, "outlet": a.outlet,
            "url": a.url, "published": a.published,
            "published_basis": a.basis.get("published", ""), "title_basis": a.basis.get("title", ""),
            "outlet_basis": a.basis.get("outlet", ""), "url_basis": a.basis.get("url", ""),
            "id_basis": a.basis.get("article_id", ""), "byline": a.byline, "encoding": a.encoding,
            "duplicate_of": a.duplicate_of,
            "words": a.words, "removed_lines": len(a.removed), "notes": notes, "status": a.status,
            "sort_key": natural_key(a.article_id) + "\x00" + natural_key(a.source),
            "pub_key": a.duplicate_of or a.article_id,
        })
    return pd.DataFrame(rows, columns=[*ARTICLES_TABLE, "sort_key", "pub_key"]).astype(
        {**ARTICLES_TABLE, "sort_key": "str", "pub_key": "str"})


def furniture_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over article rows: every line removed from a usable article, and why."""
    rows = [{"article_id": r["article_id"], "line": line, "reason": reason, "line_no": i,
             "sort_key": natural_key(r["article_id"])}
            for r in frame_records(part) if r["status"] == "ok"
            for i, (line, reason) in enumerate(r["removed"] or [])]
    return pd.DataFrame(rows, columns=[*FURNITURE_TABLE, "sort_key"]).astype({**FURNITURE_TABLE, "sort_key": "str"})


def articles_table(corpus: Corpus) -> pd.DataFrame:
    """One row per usable and skipped article, sorted by article_id then source.

    Columns: article_id, source (file, and row for tables), title, outlet, url,
    published (ISO date or ''), published_basis, title_basis, outlet_basis,
    url_basis, id_basis (file name / column / content hash / manifest), byline,
    encoding (what the text was decoded from), duplicate_of (the article this
    row repeats: the same outlet's page seen again; "" otherwise), words (of the
    cleaned text), removed_lines, notes (where values came from, manifest
    notes), status ("ok" or "skipped: <reason>").
    """
    frame = pd.DataFrame([_article_row(a) for a in [*corpus.articles, *corpus.skipped]], columns=list(ARTICLE_SCHEMA))
    df = articles_rows(frame).sort_values("sort_key", kind="mergesort").drop(columns=["sort_key", "pub_key"])
    return df.reset_index(drop=True)


def _article_row(a: Article) -> dict:
    return {"article_id": a.article_id, "source": a.source, "title": a.title, "outlet": a.outlet, "url": a.url,
            "published": a.published, "byline": a.byline, "encoding": a.encoding,
            "basis": json.dumps(a.basis, sort_keys=True, ensure_ascii=False), "text": a.text,
            "removed": a.removed, "status": a.status, "duplicate_of": a.duplicate_of, "text_hash": "",
            "repeat_of": "", "problems": [], "order": "[]"}


def furniture_table(corpus: Corpus) -> pd.DataFrame:
    """Every removed line: article_id, line, reason (in article order, then text order)."""
    frame = pd.DataFrame([_article_row(a) for a in corpus.articles], columns=list(ARTICLE_SCHEMA))
    df = furniture_rows(frame).sort_values(["sort_key", "line_no"], kind="mergesort")
    return df[["article_id", "line", "reason"]].reset_index(drop=True)


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """Every bad-input finding: source, row, problem, action (sorted by source and row)."""
    rows = [{"source": p.source, "row": p.row, "problem": p.problem, "action": p.action} for p in problems]
    df = pd.DataFrame(rows, columns=list(PROBLEMS_TABLE)).astype(str)
    if len(df):
        order = sorted(range(len(df)), key=lambda i: (_natkey(df.source.iat[i]), _natkey(df.row.iat[i]),
                                                      df.problem.iat[i]))
        df = df.iloc[order].reset_index(drop=True)
    return df


def problems_table(corpus: Corpus) -> pd.DataFrame:
    """Every bad-input finding of a loaded corpus (see :func:`problems_frame`)."""
    return problems_frame(corpus.problems)
