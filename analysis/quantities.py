"""Find the figures in news text: numbers, what they count, and how sure the text is.

``extract_figures(text)`` returns one :class:`Figure` per figure with its span
(character offsets into ``text``), its value, an interval ``[low, high]`` that
the wording allows ("about", "more than", "dozens", ranges), its unit (lined up
in one unit per dimension: miles -> km, acres -> km², minutes -> hours,
currency symbols -> ISO codes), the figure as written (the article's number and
unit, scale words applied: ``raw_value``, ``raw_unit``, ``written_low``,
``written_high``), the counted subject, the sentence, and whether it sits inside
a quotation and whose.

Why a hand-written extractor: the maintained library for this, ``quantulum3``,
handles units of measure well but on news it loses what matters here: it
sums ranges ("$44-45 billion" -> 89e9), splits "$ 1.5 billion", reads
"a dozen" as one unit "dozen", "12.3m tonnes" as metres, gives no interval for
"about"/"as many as"/"dozens", and no counted subject or quotation.
``bench/eval_newsquant.py`` scores both on NewsQuant.  Unit conversion is
``pint``'s (see the unit table below for what stays hand-written and why).

Choices a reader should know: "from 240 to 273" after a verb of change
("rose", "jumped", "fell") gives two figures, not a range (a range would hide
a conflict), and so do "rose 5p to 120p" (the rise, then the level reached) and
a tally ("a vote of 68 to 32", "a 24-31 loss", a list of set scores "6-4, 1-6"); "priced from $120,000 to
$300,000" is a range; "2 hours and 10 minutes" is one duration, "5ft 10in" one length
(each part smaller than the one before).  ``change`` is up/down for the size of a rise or fall
("rose 5%", ", down 3%", "42 points lower at", "cut its rate by 0.5 points", and "or 1.1%" after a
change), never for the level reached ("rose to 30").
In "rose from 2.1 to 2.9 million euros" the first figure takes the scale and unit
written only after the second.  A bare number that is a person's age ("died at 75", "aged 19
and 23", "Serena Williams, 37, is", and in text stripped of its commas "Smith 31 was charged") is an age,
not a count of people; odds ("1 in 302.5
million") are one share; a bound may follow the number or its unit ("10m+ copies", "20 years or more",
"40 or so"); the base of a rate ("per 100,000 people") is no figure; "over" is
"more than" except as a verb's particle ("rolled over 25 times") or the span a figure is
spread over ("$1.2 billion over nine years").  Numbers in
words are read ("three of four voters": 3 and 4; "a quarter of a million";
"minus 20"), and so are fractions ("a fifth", "two-fifths", "½", "3 1/2") and
thousands set apart by spaces ("10 000"), but not ordinals ("a fifth straight
title", "a third term").  Years, dates, times, ordinals, model names (S-400,
T-72B3, "Model 3", 5G, "4K video", F-16, G7, "the sp 500"), the scale word of a unit
("parts per billion"), numbers inside names and
idioms ("Group of 20", "Air Force One", "one-on-one", "7-Eleven", "a baker's
dozen", "the 737 Max"), labels and counters ("Article 5", "route 38", "junctions 10 and 11", "Photo 3 of 12", "12
Comments"), dates and names written with a slash ("9/11", "24/7"), scores,
player ratings, timestamps and reading times ("4 hours ago", "5 min read"),
street numbers, URLs, phone numbers, list markers "(2)" and lines holding
nothing but numbers are not figures; a span of time in running text ("50 years
ago") is.  What we also use: ``inflect`` (singular forms of counted
nouns) and ``snowballstemmer`` (context words, in :mod:`analysis.figures`).

Speed: the text is scanned once for digits and once per number-word stem (``str.find``: "six"
finds "sixty" and "sixth" too); fractions are looked for only where a digit, a slash and a digit occur;
the patterns that rule a number out (dates, times, phones...) are tried only
around each number, and every pattern is compiled once (``bench/bench_figures.py``).
"""

from __future__ import annotations

import bisect
import functools
import math
import re
from dataclasses import dataclass, replace

import inflect

__all__ = ["ExtractParams", "Figure", "extract_figures", "split_sentences", "normalise_subject"]


@dataclass(frozen=True)
class ExtractParams:
    """Parameters of the extractor (how wide vague wording is taken to be).

    about_width: "about/around/roughly X" -> [X*(1-w), X*(1+w)].
    nearly_width: "nearly/almost X" -> [X*(1-w), X].
    vague_plural_span: "dozens" -> [2*12, span*12]; "several dozen" -> [3*12, span*12];
        "hundreds" -> [200, 1000] (a plural scale word means at least two, and
        at most ``span``, of it).
    open_upper: upper bound for "more than X" (inf: the wording gives none).
    max_text_chars: longer texts are cut (figures beyond are not reported).
    """

    about_width: float = 0.1
    nearly_width: float = 0.1
    vague_plural_span: float = 10.0
    open_upper: float = math.inf
    max_text_chars: int = 2_000_000


@dataclass(frozen=True)
class Figure:
    """One figure found in a text.  Offsets index into the text given.

    value/low/high are in the normalised ``unit`` (km, km2, kg, l, km/h, kW, hour,
    °C, "°C difference", ISO currency code, "%", "count", ...); ``raw_value`` and
    ``raw_unit`` are as written (scale words applied, no conversion: "287 miles" ->
    287, "miles"; "3.5 million" -> 3500000; ``raw_unit`` is the unit's surface form:
    "miles", "$", "euros", "percent"), ``raw_low``/``raw_high`` the ends of a written
    range, and ``written_low``/``written_high`` the interval the wording allows in the
    unit as written.  ``kind``: money / count / percent /
    measure.  ``qualifier``: "=", "~", ">", "<", ">=", "<=", "range".
    ``subject`` is the counted noun phrase as written, ``subject_norm`` its
    head, singular, with synonyms merged.  ``change`` is "up"/"down" when the
    figure is given as a rise or fall.
    """

    start: int
    end: int
    text: str
    value: float
    low: float
    high: float
    unit: str
    qualifier: str  # "=", "~", ">", "<", ">=", "<=", "range"
    subject: str
    subject_norm: str
    sentence: str
    sentence_start: int
    quoted: bool
    speaker: str
    kind: str  # money / count / percent / measure
    raw_value: float = math.nan  # value as written, before unit conversion
    raw_low: float = math.nan
    raw_high: float = math.nan
    raw_unit: str = ""
    change: str = ""  # "up" / "down" when the figure is a rise or fall
    written_low: float = math.nan  # the interval the wording allows, in the unit as written
    written_high: float = math.nan


# ---------------------------------------------------------------- lexicons
_ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
         "seventy": 70, "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9,
           "trillion": 1e12}
# written-out scale and its abbreviations, as they follow a number
_SCALE_WORDS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "mn": 1e6, "mio": 1e6, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12, "trln": 1e12,
    "crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5,
}
# one-letter abbreviations, only when glued to the number ("$4.2b", "35m")
_SCALE_LETTERS = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9}

# currency written before the number -> ISO code
_CUR_PREFIX = [
    (r"US\s?\$|\$\s?US|USD\s?\$?", "USD"), (r"A\$|\$A|AU\s?\$|AUD", "AUD"),
    (r"NZ\s?\$|\$NZ|NZD", "NZD"), (r"HK\s?\$|HKD", "HKD"), (r"C\$|CA\$|CAD", "CAD"),
    (r"S\$|SGD", "SGD"), (r"R\$|BRL", "BRL"), (r"€|EUR", "EUR"), (r"£|GBP|PS", "GBP"),
    (r"¥|JPY|Y=", "JPY"), (r"CNY|RMB", "CNY"), (r"₹|INR|Rs\.?", "INR"), (r"₽|RUB", "RUB"),
    (r"RM|MYR", "MYR"), (r"CHF", "CHF"), (r"₪|ILS|NIS", "ILS"), (r"KSh|KES", "KES"), (r"₦|NGN", "NGN"),
    (r"₩|KRW", "KRW"), (r"₱", "PHP"), (r"฿|THB", "THB"), (r"₺", "TRY"), (r"ZAR", "ZAR"), (r"\$", "USD"),
]
# (any case: lower-cased wire text writes "$us55,931,000", "rm23.50")
_CUR_PREFIX_RE = re.compile(
    r"(?:(?<=[\s(\[\"“'‘/])|^)(" + "|".join(p for p, _ in _CUR_PREFIX) + r")\s?$", re.I)
# currency written after the number
_CUR_SUFFIX = [
    ("us dollars", "USD"), ("dollars", "USD"), ("dollar", "USD"), ("euros", "EUR"), ("euro", "EUR"),
    ("pounds sterling", "GBP"), ("yen", "JPY"), ("yuan", "CNY"), ("renminbi", "CNY"),
    ("rubles", "RUB"), ("roubles", "RUB"), ("rupees", "INR"), ("shekels", "ILS"),
    ("swiss francs", "CHF"), ("francs", "CHF"), ("danish crowns", "DKK"), ("crowns", "SEK"),
    ("kronor", "SEK"), ("kroner", "NOK"), ("ringgit", "MYR"), ("pesos", "MXN"), ("won", "KRW"),
    ("lira", "TRY"), ("rand", "ZAR"), ("cents", "USD-cent"), ("pence", "GBP-pence"),
    ("usd", "USD"), ("eur", "EUR"), ("gbp", "GBP"), ("jpy", "JPY"), ("rub", "RUB"), ("cny", "CNY"),
]

_CUR_SUFFIX_END_RE = re.compile(r"\b|$")

# Units.  pint does the arithmetic: the factor from each unit to the one unit a dimension is
# lined up in (miles -> km, acres -> km², mph -> km/h, minutes and weeks -> hours), and the
# difference between an absolute temperature (degF -> degC is affine: 92 °F is 33.3 °C) and a
# temperature *change* (delta_degF -> delta_degC is a factor: a drop of 1.8 °F is a drop of 1 °C).
# What stays hand-written, and why: the surface forms news text uses for units ("m.p.h.",
# "sq km", "degrees F", "kph", "-year-old") and which of them must be glued to the number or
# written in capitals to count ("100m", "5 C"): pint's parser reads "m" as metre and "in" as
# inch with no sense of context and knows none of those spellings; and the unit each dimension
# is lined up in.  Units that pint has no physical meaning for here (oil barrels, data sizes,
# parts per million, ages, percentage points, "degrees" of unknown kind) keep their own unit.
# surface (lower case) -> (pint unit, multiplier) or (None, own unit, factor to it)
_UNITS: dict[str, tuple] = {}


def _add(names: str, unit: str, multiplier: float = 1.0) -> None:
    for n in names.split("|"):
        _UNITS[n] = (unit, multiplier)


def _own(names: str, canon: str, factor: float = 1.0) -> None:
    for n in names.split("|"):
        _UNITS[n] = (None, canon, factor)


_add("km|kms|kilometer|kilometers|kilometre|kilometres", "kilometer")
_add("mile|miles|mi", "mile")
_add("nautical mile|nautical miles", "nautical_mile")
_add("m|meter|meters|metre|metres", "meter")
_add("cm|centimeter|centimeters|centimetre|centimetres", "centimeter")
_add("mm|millimeter|millimeters|millimetre|millimetres", "millimeter")
_add("μm|micrometre|micrometres|micron|microns", "micrometer")
_add("ft|foot|feet", "foot")
_add("inch|inches|in.|″", "inch")
_add("yard|yards|yd|yds", "yard")
_add("sq km|km2|km²|square kilometer|square kilometers|square kilometre|square kilometres", "kilometer**2")
_add("square mile|square miles|sq mi|sq miles", "mile**2")
_add("sq m|m2|m²|square meter|square meters|square metre|square metres", "meter**2")
_add("sq ft|square foot|square feet", "foot**2")
_add("hectare|hectares|ha", "hectare")
_add("acre|acres", "acre")
_add("kg|kgs|kilogram|kilograms|kilo|kilos", "kilogram")
_add("g|gram|grams", "gram")
_add("mg|milligram|milligrams", "milligram")
_add("lb|lbs|pound|pounds", "pound")
_add("oz|ounce|ounces", "ounce")
_add("t|tonne|tonnes|metric ton|metric tons", "tonne")
_add("ton|tons", "tonne")  # news "tons" is mostly the metric tonne; short tons would be 0.907 t
_add("kilotonne|kilotonnes|kilotons", "tonne", 1e3)
_add("megatonne|megatonnes|megatons", "tonne", 1e6)
_add("gigatonne|gigatonnes|gigatons|gt", "tonne", 1e9)
_add("l|liter|liters|litre|litres", "liter")
_add("ml|milliliter|milliliters|millilitre|millilitres", "milliliter")
_add("gallon|gallons|gal", "gallon")
_add("cubic meter|cubic meters|cubic metre|cubic metres|m3|m³", "meter**3")
_add("mph|m.p.h.|miles per hour|miles an hour", "mile/hour")
_add("km/h|kph|kmh|kilometers per hour|kilometres per hour|kilometers an hour|kilometres an hour", "kilometer/hour")
_add("knot|knots", "knot")
_add("m/s|meters per second|metres per second", "meter/second")
_add("w|watt|watts", "watt")
_add("kw|kilowatt|kilowatts", "kilowatt")
_add("mw|megawatt|megawatts", "megawatt")
_add("gw|gigawatt|gigawatts", "gigawatt")
_add("hp|horsepower|bhp", "horsepower")
_add("kwh|kilowatt-hour|kilowatt-hours|kilowatt hours", "kilowatt_hour")
_add("mwh|megawatt-hour|megawatt-hours|megawatt hours", "megawatt_hour")
_add("gwh|gigawatt-hour|gigawatt-hours|gigawatt hours", "gigawatt_hour")
_add("twh|terawatt-hour|terawatt-hours|terawatt hours", "terawatt_hour")
_add("v|volt|volts", "volt")
_add("kv", "kilovolt")
_add("hz|hertz", "hertz")
_add("khz|kilohertz", "kilohertz")
_add("mhz|megahertz", "megahertz")
_add("ghz|gigahertz", "gigahertz")
_add("°c|degc|degrees celsius|degree celsius|degrees c|deg c|celsius|c", "degC")
_add("°f|degf|degrees fahrenheit|degree fahrenheit|degrees f|fahrenheit|f", "degF")
_add("second|seconds|sec|secs", "second")
_add("minute|minutes|min|mins", "minute")
_add("hour|hours|hr|hrs", "hour")
_add("day|days", "day")
_add("week|weeks", "week")
_add("month|months", "month")
_add("year|years|yr|yrs", "year")
_add("decade|decades", "year", 10.0)  # pint's "decade" is a logarithmic unit
_add("century|centuries", "year", 100.0)
_own("barrel|barrels|bbl", "barrel")  # oil is reported and compared in barrels
_own("kb|kilobyte|kilobytes", "GB", 1e-6)  # decimal data sizes, as storage is sold
_own("mb|megabyte|megabytes", "GB", 1e-3)
_own("gb|gigabyte|gigabytes", "GB", 1.0)
_own("tb|terabyte|terabytes", "GB", 1e3)
_own("ppm|parts per million", "ppm")
_own("ppb|parts per billion", "ppm", 1e-3)
_own("mp|megapixel|megapixels", "megapixel")  # a camera's resolution ("48MP"; an unglued "MP" is a member of parliament)
_own("degree|degrees|°", "degree")  # an angle or an unnamed temperature scale: not converted
_own("mpg", "mpg")
_own("magnitude", "magnitude")  # an earthquake's magnitude (a logarithmic scale: never converted)
_own("year-old|years old|year old|-year-old|years of age|year of age", "years of age")
_own("percentage point|percentage points|pp|pts", "pp")
_own("basis point|basis points|bps|bp", "pp", 0.01)  # a basis point is a hundredth of a percentage point
# where each dimension is lined up: our unit label and the pint unit (keyed by dimension at first use)
_CANONICAL = [("km", "kilometer"), ("km2", "kilometer**2"), ("l", "liter"), ("kg", "kilogram"),
              ("km/h", "kilometer/hour"), ("kW", "kilowatt"), ("kWh", "kilowatt_hour"), ("V", "volt"),
              ("Hz", "hertz"), ("hour", "hour"), ("°C", "degC")]
TEMPERATURE_CHANGE = "°C difference"
# units written as symbols: they must be glued to the number or written in capitals to count
_CASE_UNITS = {"m", "g", "t", "l", "w", "v", "mi", "ha", "in.", "min", "gal", "gt", "t", "mb", "kb", "mp", "bp",
               "pp", "pts", "sec", "hr", "yd", "mw", "gw", "kv", "hz", "°", "c", "f"}
_UNIT_KEYS = sorted(_UNITS, key=len, reverse=True)
_UNIT_RE = re.compile(
    r"(?:\s?|-)(" + "|".join(re.escape(u) for u in _UNIT_KEYS) + r")(?![\w°])", re.I)
# "in" is an inch only glued to a number that follows feet ("5ft 10in", "6' 2in"): kept out of
# ``_UNIT_RE``, where it would read every "won 2-1 in extra time" as a length
_UNITS["in"] = _UNITS["inch"]
_INCHES_AFTER_FEET_RE = re.compile(r"(?:\d\s?(?:ft|feet|foot)|\d['’])\s?$", re.I)
_GLUED_IN_RE = re.compile(r"in(?![\w°])")


@functools.lru_cache(maxsize=1)
def _ureg():
    import pint  # imported on first use: building the registry takes about half a second
    return pint.UnitRegistry()


@functools.lru_cache(maxsize=None)
def unit_conversion(surface: str, change: bool = False) -> tuple[str, float, float]:
    """``(unit, factor, offset)`` that line a value written in ``surface`` up: x -> x*factor + offset.

    ``change`` reads a temperature as a difference (no offset), in :data:`TEMPERATURE_CHANGE`.
    """
    entry = _UNITS[surface.lower()]
    if entry[0] is None:
        return entry[1], entry[2], 0.0
    unit, multiplier = entry
    ureg = _ureg()
    if unit in ("degC", "degF"):
        if change:
            factor = ureg.Quantity(1.0, "delta_" + unit).to("delta_degC").magnitude
            return TEMPERATURE_CHANGE, factor * multiplier, 0.0
        zero = ureg.Quantity(0.0, unit).to("degC").magnitude
        one = ureg.Quantity(1.0, unit).to("degC").magnitude
        return "°C", (one - zero) * multiplier, zero
    q = ureg.Quantity(multiplier, unit)
    label, target = _canonical()[q.dimensionality]
    return label, q.to(target).magnitude, 0.0


@functools.lru_cache(maxsize=1)
def _canonical() -> dict:
    ureg = _ureg()
    return {ureg.Quantity(1.0, target).dimensionality: (label, target) for label, target in _CANONICAL}


_PERCENT_RE = re.compile(r"\s?(%|per ?cent\b|percent\b|pct\b|pc\b)", re.I)

# counting nouns that mean the same thing in news reports; each maps to one
# head word so that retellings meet ("planes" / "jets" / "warplanes").  A small
# hand-kept list: no offline thesaurus ships with the packages we may install.
_SYNONYMS = {
    "aircraft": "aircraft", "plane": "aircraft", "airplane": "aircraft", "aeroplane": "aircraft",
    "jet": "aircraft", "warplane": "aircraft", "fighter": "aircraft", "bomber": "aircraft",
    "airliner": "aircraft",
    "helicopter": "helicopter", "chopper": "helicopter",
    "troop": "troops", "soldier": "troops", "serviceman": "troops", "servicemen": "troops",
    "servicemember": "troops", "service member": "troops", "personnel": "troops",
    "diplomatic personnel": "employees", "embassy personnel": "employees", "consular personnel": "employees",
    "warship": "ship", "ship": "ship", "vessel": "ship", "boat": "ship",
    "weapon": "weapons", "weaponry": "weapons", "arm": "weapons", "arms": "weapons",
    "armament": "weapons", "armaments": "weapons",
    "person": "people", "people": "people", "individual": "people", "resident": "people",
    "national": "people", "citizen": "people", "nation": "country", "ally": "country",
    "civilian": "people",
    "programme": "program", "program": "program",
    "tank": "tank", "vehicle": "vehicle", "car": "vehicle",
    "missile": "missile", "rocket": "missile",
    "death": "deaths", "fatality": "deaths", "dead": "deaths", "killed": "deaths",
    "job": "jobs", "employee": "employees", "worker": "employees", "staff": "employees",
    "loan": "loan", "credit": "loan",
    "good": "goods", "goods": "goods", "import": "goods", "export": "goods", "product": "goods",
    "merchandise": "goods",
    "child": "children", "kid": "children",
    "house": "home",
}
_IRREGULAR_PLURALS = {"people", "aircraft", "children", "men", "women", "personnel", "police",
                      "staff", "cattle", "sheep", "fish", "deer", "servicemen", "weaponry", "data",
                      "arms", "troops", "dead"}

_STOP = set("""a an the this that these those its it his her their our your my of in on at to for
from with by and or but nor as than per each every which who whom whose what when where while
is are was were be been being am have has had having will would could should can may might must
shall do does did not no so such also only just very more most less fewer about around over under
up down into onto upon out off some any all both either neither other another same own there here
then now said says say told according says being if once since until after before during amid
among between through against across within without toward towards via near including include
includes included worth total totaling totalling estimated reportedly already still even yet
them us it you me him her we they he she i which whom whose ago apart ahead later earlier old long away
back straight running times o'clock twice once thrice""".split())

_REPORT_VERBS = r"(?:said|says|say|told|added|stated|noted|wrote|explained|announced|declared|insisted|claimed|argued|warned|stressed|indicated|pointed out|according to)"

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

# spans that hold digits but no figure: URLs, e-mail, handles, dates, times, phones
_MASK_RES = [
    re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|org|net|gov|edu|co|io|ru|by|uk|in)(?:/\S*)?\b", re.I),
    re.compile(r"\S+@\S+\.\w+|@\w+|#\w+"),
    re.compile(r"\b\d{4}-\d{2}-\d{2}(?:T[\d:.]+Z?)?\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b|\b(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])\b"),
    re.compile(r"\b" + _MONTHS + r"\s+\d{1,2}(?:st|nd|rd|th)?\b(?![,.]\d)(?:,?\s+\d{4})?", re.I),
    re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTHS + r"(?:,?\s+\d{4})?", re.I),
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?|GMT|UTC|EDT|EST|BST|CET|MSK)?\b|\b\d{1,2}\.\d{2}\s*(?:[ap]\.?m\.?|GMT|UTC|EDT|EST|BST|CET|MSK)(?!\w)|\b\d{1,2}\s*[ap]\.?m\.?(?!\w)|\b\d{4}\s+(?:GMT|UTC)\b", re.I),
    re.compile(r"(?<![\w.])\+?\(?\d{1,4}\)?(?:[ \-.]\(?\d{2,4}\)?){2,5}(?![\w.])(?=[^\d%]|$)"),
    re.compile(r"\b(?:No\.|Nos\.|number|#)\s?(?:\d+|one)\b", re.I),
    re.compile(r"(?:^|(?<=\s))\(\d{1,2}\)(?=\s|$)"),
    re.compile(r"\b\d{1,5}\s+(?:(?:[A-Z][\w.]*|\d{1,3}(?:st|nd|rd|th))\s+){0,3}(?:St|Street|Road|Rd|Ave|Avenue|Way|Blvd|Boulevard|Lane|Ln|"
               r"Drive|Place|Pl|Court|Ct|Square|Sq|Highway|Hwy)\b\.?"),
    re.compile(r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s*o['’]clock\b", re.I),
]

# a number: "1,234.5", "12.5", ".5".  Written to start with a character class (fast to scan for);
# what may precede it (no digit, dot or comma; an optional sign) is checked by the caller.
_NUM_RE = re.compile(r"[\d.](?:(?<=\d)\d{0,2}(?:,\d{3})+(?:\.\d+)?|(?<=\d)\d*(?:\.\d+)?|(?<=\.)\d+)")
_FRACTION_RE = re.compile(r"(?<![\d/⁄.,])(\d{1,3})\s?[/⁄]\s?(\d{1,4})(?![\d/⁄])(?=\s+[Oo]f\b)")
# fraction words -> denominator ("a third", "two-fifths"); singular ones other than "half" and
# "quarter" are also ordinals ("a third term"), told apart in :func:`_candidates`
_FRACTION_WORDS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5,
                   "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8,
                   "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_WORDNUM_TOKENS = set(_ONES) | set(_TENS) | set(_SCALES) | set(_FRACTION_WORDS) | {
    "dozen", "dozens", "hundreds", "thousands", "millions", "billions", "a", "an", "and", "several", "tens", "of"}
_WORDNUM_RE = re.compile(
    r"\b(?:(?:a|an|several|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred|thousand|million|billion|trillion|dozen|dozens|hundreds|thousands|millions|"
    r"billions|tens|" + "|".join(sorted(_FRACTION_WORDS, key=len, reverse=True)) +
    r"|and|of)(?:[\s\-]+|(?=\W)|$))+", re.I)

_NUMBER_WORDS = sorted(set(_ONES) | set(_TENS) | set(_FRACTION_WORDS) | {
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "dozens", "hundreds", "thousands",
    "millions", "billions"})
_NUMBER_WORD_SET = frozenset(_NUMBER_WORDS)
# the number words no other number word starts with: finding them finds every number word
_NUMBER_STEMS = [w for w in _NUMBER_WORDS if not any(v != w and w.startswith(v) for v in _NUMBER_WORDS)]
# Unicode fractions ("½ per cent", "3½ miles")
_VULGAR = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5, "⅗": 3 / 5,
           "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8, "⅞": 7 / 8}
_VULGAR_RE = re.compile(r"(?:(?<![\d.,])(\d{1,6})\s?)?([" + "".join(_VULGAR) + r"])")
# spaces that set thousands apart ("10 000", "10\u202f000"), and a number already so written
_GROUP_SPACES = frozenset(" \u00a0\u202f\u2009")
# an airliner's model number (Boeing's 707 to 787) before the noun it names, right after a count
_AIRLINER_AFTER_COUNT_RE = re.compile(r"7[0-8]7(?:\s?(?:-?\d00|MAX|Max|ER|X))?\s+(?:jets?|jetliners?|planes?|aircraft|"
                                      r"airliners?|freighters?|Max|MAX|Dreamliners?|jumbos?|widebod(?:y|ies))\b")
_SPACED_RE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})*")
_VULGAR_CHAR_RE = re.compile("[" + "".join(_VULGAR) + "]")
# a digit, a slash and a digit: only a text holding one can hold a fraction, a mixed number or "9/11"
_DIGIT_SLASH_RE = re.compile(r"\d\s?[/⁄]\s?\d")
# a whole number and a fraction: "3 1/2 percent", "2-1/4 inches"
_MIXED_RE = re.compile(r"(?<![\d.,/⁄])(\d{1,4})(?:\s|-)(\d{1,2})[/⁄](\d{1,2})(?![\d/⁄])")
# two small numbers joined by a slash and no "of": a date or a name ("9/11", "24/7"), not a figure
_SLASH_NAME_RE = re.compile(r"(?<![\d.,/⁄])(\d{1,2})/(\d{1,2})(?![\d/⁄]|[.,]\d|\s+of\b)")
# "minus 20 degrees", "negative 3 percent": the number is below zero
_MINUS_WORD_RE = re.compile(r"(?<!plus or )(?<!plus-or-)\b(?:minus|negative)\s+$", re.I)  # not "plus or minus 3"
# the words a run of number words may start with, before its first number word
_RUN_LEFT_FIRST = ["a", "an", "several", "tens", "and", "of"]
_RUN_LEFT_RE = re.compile(
    r"(?:\b(?:" + "|".join(_RUN_LEFT_FIRST + _NUMBER_WORDS) + r")[\s\-]+)+$", re.I)
_RUN_LEFT_WORDS = frozenset(_RUN_LEFT_FIRST + _NUMBER_WORDS)  # the words of its alternation


def _run_left(text: str, lo: int, h: int):
    """``_RUN_LEFT_RE.search(text, lo, h)``, searched only when it can match: a match ends with one
    of its words and separators, so the last word before ``h`` (ASCII, wholly inside the window)
    that is none of them rules a match out without running the pattern over the window."""
    r = h
    while r > lo and (text[r - 1].isspace() or text[r - 1] == "-"):
        r -= 1
    if r == h:
        return None  # no separator right before the number word
    q = r
    while q > lo and (text[q - 1].isalnum() or text[q - 1] == "_"):
        q -= 1
    word = text[q:r]
    if (q > lo or q == 0) and word.isascii() and word.lower() not in _RUN_LEFT_WORDS:
        return None
    return _RUN_LEFT_RE.search(text, lo, h)

_QUAL_BEFORE = [
    (r"(?:just |well |slightly )?(?:(?<!no )(?<!not )more than|over|above|in excess of|upwards of|exceeding|greater than|north of|surpassed|topped|"
     r"passed|passes|passing|crossed|crosses|exceeded|exceeds|surpasses|tops|(?<!the )(?<!this )(?<!its )(?<!for )(?<!in )past)", ">"),
    (r"at least|a minimum of|no fewer than|no less than|not less than", ">="),
    (r"(?:just |slightly )?(?:less than|fewer than|under|below|shy of)", "<"),
    (r"as many as|as much as|up to|at most|no more than|a maximum of|not more than|maximum of|max\.?|within", "<="),
    (r"nearly|almost|close to|just under|approaching|nigh on", "~<"),
    (r"about|around|approximately|approx\.?|roughly|some|an estimated|estimated|circa|ca\.|c\.|nearly about|or so|in the region of|more or less|of about|of around|of roughly|an approximate", "~"),
]
_QUAL_RES = [(re.compile(r"(?:^|(?<=[\s(\"“]))(" + p + r")\s+$", re.I), q) for p, q in _QUAL_BEFORE]
# "over" that is no "more than": a verb's particle ("the bus rolled over 25 times", "handed over 500 pages"), or
# the span a figure before it is spread over ("$1.2 billion over nine years", "nine hours over two days")
_OVER_PARTICLE_RE = re.compile(r"\b(?:roll|flip|turn|hand|tip|keel|topple|knock|spill|pull|sign|mull|hold|carry)"
                               r"(?:s|ed|ing|ped|ping|led|ling)?\s+over\s+$", re.I)
_OVER_SPAN_AFTER_RE = re.compile(r"\s+(?:years?|months?|weeks?|days?|hours?|decades?|minutes?|seasons?|quarters?)\b(?!\s+(?:old|of\s+age)\b)",
                                 re.I)
_OVER_SPAN_BEFORE_RE = re.compile(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                                  r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen))\b[^,;:()]*"
                                  r"(?<!\bfor)\s+over\s+$", re.I)
# "passed 232 to 196": a vote, not "more than"
_TALLY_AFTER_RE = re.compile(r"\s?(?:-|–|to)\s?\d")

# rise/fall wording before a figure: "rose 5%", "was up 3 points", ", down 18.7% from", "cut its rate by a
# quarter point"; "rose to 30" is the level reached, no change (the figures stage reads it so too)
_UP_RE = re.compile(r"(?:[,;(]\s*up\s+|\b(?:is|was|are|were|be|been|closed|ended|finished|edged|moved|trading|traded|trending|\w+ly)\s+up\s+|\b(?:rose|rise|rises|rising|risen|increased|increase|increases|increasing|grew|grow|grows|growing|gained|gain|gains|jumped|jump|jumps|climbed|climb|climbs|surged|surge|surges|soared|soar|added|adds|advanced|advances|advancing|rallied|higher|boosted|raised|raise|trending up)\s+)(?:by\s+|(?:(?!to\b|from\b|than\b|and\b)[a-z]+\s+){1,4}by\s+)?(?:an?\s+(?:average|total)\s+of\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$", re.I)
_DOWN_RE = re.compile(r"(?:[,;(]\s*down\s+|\b(?:is|was|are|were|be|been|closed|ended|finished|edged|moved|trading|traded|trending|\w+ly)\s+down\s+|\b(?:fell|fall|falls|falling|fallen|dropped|drop|drops|dropping|declined|decline|declines|declining|decreased|decrease|lost|lose|loses|losing|slid|slide|slides|slipped|slips|tumbled|tumbles|plunged|plunges|sank|sinks|shed|sheds|eased|eases|lower|cut|cuts|slumped|slumps|dipped|dips|retreated|shrank|shrunk|edged down)\s+)(?:by\s+|(?:(?!to\b|from\b|than\b|and\b)[a-z]+\s+){1,4}by\s+)?(?:an?\s+(?:average|total)\s+of\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$", re.I)

_P = inflect.engine()

# "rose from 240 to 273" is a change between two figures, not a range of
# uncertainty; "priced from $200 to $400" is a range.
_CHANGE_FROM_RE = re.compile(
    r"\b(?:rose|rise|rises|rising|risen|jumped|jumps|climbed|climbs|increased?|increases|increasing|grew|grow|"
    r"grows|growing|boost|boosts|boosted|fell|falls?|falling|dropped|drops?|dropping|declined?|declines|"
    r"decreased?|cut|cuts|reduced?|reduces|raised?|raises|lowered|lower|moved|went|changed?|shrank|"
    r"slipped|slid|surged|soared|plunged|tumbled|expanded|narrowed|widened|swung|up|down)\b[^.;]{0,30}?"
    r"\bfrom\s+(?:up to\s+|about\s+|around\s+)?[$€£¥]?\s?$", re.I)
_JOIN_RE = re.compile(r"\s?(?:-|–|—|to|/)\s?|\s+(?:to|and)\s+|\s+", re.I)


# ---------------------------------------------------------------- helpers
_rx = functools.lru_cache(maxsize=None)(re.compile)  # compile each inline pattern once


class _Tail:
    """A pattern that ends in ``$`` and spans a bounded number of characters before any white space
    it ends with ("about ", "US$ "), searched only over that many characters at the end of its window:
    the same match as searching the whole window (the match's start cannot lie further back;
    lookbehinds still see the text before), at a fraction of the cost for a long window.  The bound
    is read from the pattern itself; a pattern of unbounded width is searched in full."""

    __slots__ = ("rx", "width")

    def __init__(self, rx: re.Pattern):
        self.rx = rx
        self.width = None
        try:
            from re import _constants as sre_c, _parser as sre_p  # the pattern's own parse, as re compiles it
            items = list(sre_p.parse(rx.pattern, rx.flags))
            if not items or items[-1] != (sre_c.AT, sre_c.AT_END):
                return
            items.pop()
            space = [(sre_c.IN, [(sre_c.CATEGORY, sre_c.CATEGORY_SPACE)])]
            while items and items[-1][0] in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and list(items[-1][1][2]) == space:
                items.pop()  # trailing white space ("\s+", "\s?"): skipped at search time instead
            width = sre_p.SubPattern(sre_p.State(), items).getwidth()[1] if items else 0
            self.width = width if width < 1000 else None
        except Exception:  # a parse this cannot read: searched in full
            self.width = None

    def search(self, s: str, pos: int = 0, endpos: int | None = None):
        if self.width is None:
            return self.rx.search(s, pos) if endpos is None else self.rx.search(s, pos, endpos)
        end = len(s) if endpos is None else min(endpos, len(s))
        r = end
        while r > pos and s[r - 1].isspace():
            r -= 1
        return self.rx.search(s, max(pos, r - self.width), end)


_CUR_PREFIX_RE = _Tail(_CUR_PREFIX_RE)
_QUAL_RES = [(_Tail(rx), q) for rx, q in _QUAL_RES]


def _ends_in(left: str, chars: str) -> bool:
    """Whether ``left`` ends with one of ``chars``, or with one and a newline (before which ``$`` also
    matches): a pattern ending in one of them and ``$`` can match only then."""
    last = left[-2:-1] if left[-1:] == "\n" else left[-1:]
    return last != "" and last in chars


_GLUED_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz&")


def _ends_glued(left: str) -> bool:
    """Whether ``([A-Za-z&]+)[-‐]?$`` can match ``left``: it ends with a letter or "&" (then perhaps a
    hyphen, and a newline)."""
    t = left[:-1] if left[-1:] == "\n" else left
    if t[-1:] in ("-", "‐"):
        t = t[:-1]
    return t[-1:] in _GLUED_LETTERS

# A sentence ends at a run of stops (and closing quotes) before white space and a capital or digit,
# at a blank line, at a line break before text, or at a "###" paragraph mark.  The pattern opens
# with the class of those first characters, each branch then looking back at which one it was:
# written so, the regex engine skips ahead to the next such character instead of trying every
# branch at every position (the same matches, about five times faster).
_SENT_END_RE = re.compile(r"[.!?…\n#](?:(?<=[.!?…])[.!?…]*[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|(?<=\n)\s*\n|"
                          r"(?<=\n)(?=\s*\S)|(?<=#)##(?=\s))")
_ABBREV_RE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|No|Nos|approx|est|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|U\.S|U\.K|U\.N|e\.g|i\.e|a\.m|p\.m)|\b[A-Z])\.$")


_ABBREVIATIONS = frozenset("""Mr Mrs Ms Dr Prof Gen Col Lt Sgt Capt Rep Sen Gov St Jr Sr Inc Ltd Co Corp vs No Nos approx
est Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec U.S U.K U.N e.g i.e a.m p.m""".split())


def _is_abbreviation(text: str, lo: int, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation ("Mr.", "U.S.", "Sept.", "J.")."""
    k = dot
    while k > lo and (text[k - 1].isalpha() or text[k - 1] == "."):
        k -= 1
    tok = text[k:dot]
    if k > 0 and (text[k - 1].isalnum() or text[k - 1] == "_"):
        return False  # the word goes on before the window: no abbreviation of ours is that long
    last = tok.rsplit(".", 1)[-1]
    if tok in _ABBREVIATIONS or last in _ABBREVIATIONS or (len(last) == 1 and "A" <= last <= "Z"):
        return True  # "Mr.", "Sept.", "J.", "D.C.", "U.S."
    return tok[-2:-1] == "." and any(tok.endswith(a) and (len(tok) == len(a) or not tok[-len(a) - 1].isalpha())
                                     for a in ("e.g", "i.e", "a.m", "p.m"))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text`` (a light rule-based splitter)."""
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    for m in _SENT_END_RE.finditer(text):
        first = text[m.start()]
        if first == "#":
            # " ### " (a paragraph mark some exports use): the break ends after the following space
            if m.start() == 0 or not text[m.start() - 1].isspace():
                continue
            end = m.end() + 1
        else:
            end = m.end()
        piece = text[start:end]
        if first == "." and _is_abbreviation(text, max(start, m.start() - 6), m.start()):
            continue
        if piece.strip():
            spans.append((start, end))
        start = end
    if start < n and text[start:].strip():
        spans.append((start, n))
    # trim whitespace
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted passages (curly or straight double quotes)."""
    spans = []
    for m in _rx(r"“[^“”]{1,3000}”|\"[^\"\n]{1,3000}\"|«[^«»]{1,3000}»").finditer(text):
        spans.append((m.start(), m.end()))
    return spans


_NAME = r"((?:[A-Z][\w'’.-]+\s){0,3}[A-Z][\w'’-]+)"
_SPEAKER_AFTER = [
    re.compile(r"^[,\s]*(?:" + _NAME + r"\s+" + _REPORT_VERBS + r")"),
    re.compile(r"^[,\s]*" + _REPORT_VERBS + r"\s+(?:the\s+[\w\s]{0,40}?)?" + _NAME),
    re.compile(r"^[,\s]*(he|she|they)\s+" + _REPORT_VERBS, re.I),
]
_SPEAKER_BEFORE = re.compile(_NAME + r"\s+" + _REPORT_VERBS + r"[^.“\"]{0,60}[:,]?\s*$")


_NAMED_SPEAKER_RE = re.compile(_NAME + r"\s+" + _REPORT_VERBS)


def _last_named(text: str, starts: list[int]) -> str:
    """The last "Name said" within 400 characters before any of ``starts`` (latest first)."""
    for start in reversed(starts):
        found = ""
        for m in _NAMED_SPEAKER_RE.finditer(text[max(0, start - 400):start]):
            found = m.group(1)
        if found:
            return _clean_name(found)
    return ""


def _speaker(text: str, qs: int, qe: int, earlier: list[int]) -> str:
    """Who is quoted in ``text[qs:qe]``; "he said" is the last named speaker before the figures at ``earlier``."""
    after = text[qe:qe + 120]
    for i, rx in enumerate(_SPEAKER_AFTER):
        m = rx.search(after)
        if m:
            name = m.group(1)
            if i == 2 or name.lower() in {"he", "she", "they", "it"}:
                return _last_named(text, earlier)
            return _clean_name(name)
    before = text[max(0, qs - 150):qs]
    m = _SPEAKER_BEFORE.search(before)
    if m:
        return _clean_name(m.group(1))
    return ""


def _clean_name(name: str) -> str:
    words = [w for w in name.split() if w not in {"The", "A", "An", "But", "And", "As"}]
    return " ".join(words)


_WS = " \t\n\r\f\v\u00a0"
_DOT_ISH = frozenset("0123456789.,")
_MONTH_HINT_RE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)
_TIME_AFTER_RE = re.compile(r"\s*(?:[ap]\.?m\b|[ap]\.m\.|gmt|utc|edt|est|bst|cet|msk)", re.I)
_PHONE_AFTER_RE = re.compile(r"\)?[ \-.]\(?\d")
_PHONE_BEFORE_RE = re.compile(r"\d\)?[ \-.]\(?$")
_STREET_HINT_RE = re.compile(r"\b(?:St|Street|Road|Rd|Ave|Avenue|Way|Blvd|Boulevard|Lane|Ln|Drive|Place|Pl|Court|Ct|"
                             r"Square|Sq|Highway|Hwy)\b")


def _token_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[s:e]``."""
    ts = s
    while ts > 0 and text[ts - 1] not in _WS:
        ts -= 1
    te, n = e, len(text)
    while te < n and text[te] not in _WS:
        te += 1
    return ts, te


def _covered(rx: re.Pattern, text: str, pos: int, lo: int, hi: int) -> bool:
    """Whether a match of ``rx`` found in ``text[lo:hi]`` (searched in place) covers ``pos``."""
    for m in rx.finditer(text, max(0, lo), min(len(text), hi)):
        if m.start() <= pos < m.end():
            return True
        if m.start() > pos:
            break
    return False


def _masked(text: str, s: int, e: int, digits: bool) -> bool:
    """Whether the number at ``text[s:e]`` sits in a URL, handle, date, time, phone number, address...

    Each pattern of ``_MASK_RES`` is tried only where a cheap look at the neighbourhood says it
    could match (a ':' near a time, a month name near a day), on a window around the number:
    the same spans as matching the whole text, at a fraction of the cost.
    """
    ts, te = _token_bounds(text, s, e)
    tok = text[ts:te]
    if ("." in tok or "/" in tok) and _covered(_MASK_RES[0], text, s, ts, te):
        return True
    if ("@" in tok or "#" in tok) and _covered(_MASK_RES[1], text, s, ts, te):
        return True
    low_before = text[max(0, s - 10):s].lower()
    if ("no" in low_before or "number" in low_before or "#" in low_before) and _covered(
            _MASK_RES[7], text, s, s - 12, e + 2):
        return True
    if "clock" in text[e:e + 12].lower() and _covered(_MASK_RES[10], text, s, s - 2, e + 14):
        return True
    if not digits:
        return False
    if any(c in tok for c in "-/.") or e - s >= 8:
        if _covered(_MASK_RES[2], text, s, ts, te):
            return True
    if _MONTH_HINT_RE.search(text, max(0, s - 30), min(len(text), e + 30)):
        if _covered(_MASK_RES[3], text, s, s - 32, e + 12) or _covered(_MASK_RES[4], text, s, s - 20, e + 32):
            return True
    if (text[s - 1:s] == ":" or text[e:e + 1] in (":", ".") or _TIME_AFTER_RE.match(text, e)) and \
            _covered(_MASK_RES[5], text, s, s - 10, e + 16):
        return True
    if (_PHONE_AFTER_RE.match(text, e) or _PHONE_BEFORE_RE.search(text, max(0, s - 6), s)) and \
            _covered(_MASK_RES[6], text, s, s - 40, e + 40):
        return True
    if text[s - 1:s] == "(" and text[e:e + 1] == ")" and _covered(_MASK_RES[8], text, s, s - 1, e + 1):
        return True
    if _STREET_HINT_RE.search(text, e, min(len(text), e + 60)) and _covered(_MASK_RES[9], text, s, s, e + 60):
        return True
    return False


def _parse_words(words: list[str]) -> tuple[float, float, float, str] | None:
    """Value of a run of number words -> (value, low, high, how) or None."""
    w = [x.lower() for x in words if x.lower() not in {"and"}]
    if not w:
        return None
    if w[-1] == "of":
        w = w[:-1]
    if not w:
        return None
    # vague plurals: dozens, several dozen, hundreds, tens of thousands
    if w[-1] in {"dozens", "hundreds", "thousands", "millions", "billions"}:
        unit = {"dozens": 12, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}[w[-1]]
        if len(w) >= 3 and w[-3] == "tens" and w[-2] == "of":
            return (unit * 10, unit * 10, unit * 100, "tens")
        if len(w) >= 3 and w[-3] == "hundreds" and w[-2] == "of" and unit >= 1e3:
            return (unit * 200, unit * 200, None, "plural")  # "hundreds of thousands": hundreds, of thousands
        if len(w) >= 2 and w[-2] in {"hundreds", "thousands", "tens"}:
            return None
        return (unit * 2, unit * 2, None, "plural")  # high filled by caller
    if w[0] == "several" and len(w) >= 2 and w[1] in {"dozen", "hundred", "thousand", "million", "billion"}:
        unit = 12 if w[1] == "dozen" else _SCALES[w[1]]
        return (unit * 3, unit * 3, None, "several")
    if "half" in w and w[-1] != "half" or len(w) >= 3 and w[-1] == "half" and w[-2] in {"a", "an"}:
        # "half a million", "a half million", "one and a half million", "two and a half"
        i = w.index("half")
        prefix, suffix = w[:i], w[i + 1:]
        if prefix and prefix[-1] in {"a", "an"}:
            prefix = prefix[:-1]
        if suffix and suffix[0] in {"a", "an"}:
            suffix = suffix[1:]
        if len(suffix) > 1 or suffix and suffix[0] not in _SCALES and suffix[0] != "dozen":
            return None
        base = _parse_words(prefix) if prefix else None
        if prefix and (base is None or base[3] != "words"):
            return None
        v = (base[0] if base else 0.0) + 0.5
        if suffix:
            v *= 12 if suffix[0] == "dozen" else _SCALES[suffix[0]]
        return (v, v, v, "words")
    if "of" in w:
        # "a quarter of a million", "three-quarters of a billion": a share of a scale
        i = w.index("of")
        rest = w[i + 1:]
        if rest and rest[0] in {"a", "an"}:
            rest = rest[1:]
        share = _parse_words(w[:i])
        if share is None or share[3] != "fraction" or len(rest) != 1 or rest[0] not in _SCALES:
            return None
        v = share[0] * _SCALES[rest[0]]
        return (v, v, v, "words")
    if w[-1] in _FRACTION_WORDS:
        den = _FRACTION_WORDS[w[-1]]
        num = 1.0
        if len(w) >= 2:
            if w[-2] in {"a", "an", "one"}:
                num = 1.0
            elif w[-2] in _ONES:
                num = float(_ONES[w[-2]])
            elif w[-1] == "half" and len(w) == 1:
                num = 1.0
            else:
                return None
        elif w[-1] != "half":
            return None
        v = num / den
        return (v, v, v, "fraction")
    total = 0.0
    cur = 0.0
    seen = False
    for x in w:
        if x in {"a", "an"}:
            cur = 1.0 if not seen else cur
            continue
        if x in _ONES:
            cur += _ONES[x]
            seen = True
        elif x in _TENS:
            cur += _TENS[x]
            seen = True
        elif x == "dozen":
            cur = (cur or 1.0) * 12
            seen = True
        elif x == "hundred":
            cur = (cur or 1.0) * 100
            seen = True
        elif x in _SCALES:
            total += (cur or 1.0) * _SCALES[x]
            cur = 0.0
            seen = True
        else:
            return None
    if not seen:
        return None
    v = total + cur
    return (v, v, v, "words")


def _to_float(s: str) -> float:
    return float(s.replace(",", "").replace("−", "-"))


def _is_plural(word: str) -> bool:
    lw = word.lower()
    if lw in _IRREGULAR_PLURALS:
        return True
    if len(word) >= 3 and word[-1] == "s" and word[:-1].isupper():
        return True  # an acronym's plural: "MPs", "CEOs", "SUVs"
    return (len(lw) > 3 and lw.endswith("s") and not lw.endswith(("ss", "us", "is", "ous"))
            and lw.isalpha())


@functools.lru_cache(maxsize=65536)
def _singular(word: str) -> str:
    lw = word.lower()
    if lw in _IRREGULAR_PLURALS or not _is_plural(lw):
        return lw
    s = _P.singular_noun(lw)
    return s if isinstance(s, str) and s else lw


@functools.lru_cache(maxsize=65536)
def normalise_subject(subject: str) -> str:
    """Head noun of ``subject``, singular, mapped to a shared synonym."""
    words = _rx(r"[A-Za-z][A-Za-z'’-]*").findall(subject)
    if not words:
        return ""
    # compound synonyms first ("service member")
    low = " ".join(w.lower() for w in words)
    for k, v in _SYNONYMS.items():
        if " " in k and low.endswith(k):
            return v
    head = words[-1]
    # a capitalised head ending in -as is a name ("Texas", "Kansas"), not a plural
    sing = head.lower() if head[:1].isupper() and head.endswith("as") else _singular(head)
    if sing in _SYNONYMS:
        return _SYNONYMS[sing]
    if head.lower() in _SYNONYMS:
        return _SYNONYMS[head.lower()]
    # "warplanes" -> "plane" style compounds
    for k, v in _SYNONYMS.items():
        # "warplanes" -> aircraft; a longer first part is a word of its own ("firefighters")
        if len(k) >= 4 and sing.endswith(k) and " " not in k and len(sing) - len(k) <= 3:
            return v
    return sing


_WORD_RE = re.compile(r"\s*([A-Za-z][A-Za-z'’\-]*)")
_VERBISH = re.compile(r"^(?:\w+ed|\w+ing)$", re.I)
_NOT_HEAD = {"so-called", "more", "most", "other", "new", "additional", "further", "extra", "some",
             "such", "total", "worth", "last", "past", "next", "first", "previous", "different",
             "particular", "own", "times", "time", "percent", "cent"}
# verbs a figure is often followed by: "a fee of €100m makes Ronaldo the most expensive"
_VERBS_AFTER = {"makes", "means", "shows", "puts", "takes", "gives", "brings", "leaves", "keeps", "comes",
                "goes", "gets", "sees", "says", "tells", "adds", "marks", "sets", "hits", "wins", "runs",
                "remains", "stands", "seems", "looks"}


_COORD_PLURAL_RE = re.compile(r"\s+(?:and|or|&)\s+(?:([a-z][a-z-]+)\s+)?([a-z][a-z-]+s)\b")


def _noun_after(text: str, pos: int, limit: int) -> tuple[str, int]:
    """Counted noun phrase starting at ``pos``: (phrase, end)."""
    words: list[tuple[str, int, int]] = []
    i = pos
    # skip "of", "worth of", "of the"
    m = _rx(r"\s*(?:worth\s+)?of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+)?").match(text[i:limit])
    if m:
        i += m.end()
    m = _rx(r"-(?:strong|member|man|person|seat|nation|country|vehicle)\b").match(text[i:limit])
    if m:
        i += m.end()  # "a 5,000-strong force", "a 12-member panel"
    else:
        m = _rx(r"-([a-z]{3,})\b").match(text[i:limit])
        if m and m.group(1) not in _STOP:
            return m.group(1), i + m.end()  # "a 29-page indictment": pages
    m = _rx(r"\s*(?:more|other|additional|further|extra)\s+(?!than\b|of\b|to\b|and\b|or\b)(?=[A-Za-z])").match(text[i:limit])
    if m:
        i += m.end()  # "four more boys", "300 other people": the noun follows
    while len(words) < 4:
        m = _WORD_RE.match(text, i, limit)
        if not m:
            break
        w = m.group(1)
        if (w.lower() in _STOP and not (len(w) >= 2 and w.isupper())) or w.lower() in _ONES or w.lower() in _TENS:
            break  # ("US goods": a country, not the pronoun)
        if not words and (w.lower() in _VERBS_AFTER or w.lower() in {"last", "next", "this", "each", "every"}):
            break  # "a fee of €100m makes Ronaldo ...": a verb; "200,000 last year": a time, no counted noun
        if words and _VERBISH.match(w):
            break
        words.append((w, m.start(1), m.end(1)))
        i = m.end()
        if _is_plural(w) and w.lower() not in _NOT_HEAD:
            break
        if _rx(r"[,;:()\[\].!?]").match(text[i:i + 1] or "."):
            break
    if words and not any(_is_plural(w) for w, _, _ in words):
        mc = _COORD_PLURAL_RE.match(text, words[-1][2], limit)
        if mc and _is_plural(mc.group(2)) and not any(
                g and (g.lower() in _STOP or _VERBISH.match(g)) for g in mc.group(1, 2)):
            # "1,200 factory and office jobs": nouns joined before one plural head count that head
            words.append((mc.group(2), mc.start(2), mc.end(2)))
    words = [x for x in words if x[0].lower() not in _NOT_HEAD or x is not words[-1]]
    while words and (words[-1][0].lower() in _NOT_HEAD or _VERBISH.match(words[-1][0]) and len(words) > 1):
        words.pop()
    if not words:
        return "", pos
    # prefer the first plural as head
    for k, (w, s, e) in enumerate(words):
        if _is_plural(w) and w.lower() not in _NOT_HEAD:
            words = words[:k + 1]
            break
    else:
        # no plural: "a 12 page document", "a 12-member panel met" -> the first word
        # (without a tagger a later singular word is as likely a verb as a noun)
        words = words[:1]
    return text[words[0][1]:words[-1][2]], words[-1][2]


def _noun_before(text: str, pos: int, lo: int) -> str:
    """Nearest noun-like word before ``pos`` in the same clause ("a loan of $X")."""
    seg = text[lo:pos]
    cut = max(seg.rfind(c) for c in ",;:()“”\"")
    seg = seg[cut + 1:]
    words = _rx(r"[A-Za-z][A-Za-z'’\-]*").findall(seg)
    skip = _STOP | {"reach", "reached", "reaches", "cost", "costs", "costing", "valued", "priced",
                    "stood", "stands", "amounted", "amounts", "totalled", "totaled", "hit", "hits",
                    "fetch", "pay", "paid", "spend", "spent", "raise", "raised", "get", "got",
                    "receive", "received", "granted", "grant", "give", "gave", "provide", "worth", "today",
                    "yesterday", "tomorrow", "now", "date", "currently", "then", "it", "this", "that",
                    "by", "implemented", "at", "was", "is", "will", "came", "come", "comes", "went", "fell",
                    "rose", "grew", "lost", "won", "made", "took", "saw", "sank", "shed", "cut", "set", "put",
                    "gave", "brought", "left", "kept", "held", "stood", "in", "to", "of", "up", "down"}
    tail = words[-6:]
    for k in range(len(tail) - 1, -1, -1):
        w = tail[k]
        lw = w.lower()
        if lw in skip or lw in _ONES or _VERBISH.match(lw) or lw in _QUAL_WORDS:
            continue
        if len(lw) >= 6 and lw.endswith("ly") and lw not in _LY_NOUNS:
            continue  # "Beijing previously hit $50 billion": an adverb
        if k > 0 and tail[k - 1].lower() in {"to", "will", "would", "could", "can", "may", "might", "should",
                                             "must", "did", "does", "do"}:
            continue  # "used to allocate $800 billion": a verb
        if k + 1 < len(tail) and tail[k + 1].lower() == "to":
            continue  # "Norway plans to spend $2 billion": a verb
        if w[0].isupper() and lw not in _SYNONYMS:
            return ""
        return w
    return ""


_LY_NOUNS = {"family", "assembly", "monopoly", "anomaly", "supply", "butterfly", "jelly", "belly", "rally"}
_QUAL_WORDS = {"about", "around", "approximately", "roughly", "nearly", "almost", "some", "over",
               "more", "than", "least", "many", "much", "up", "less", "fewer", "under", "estimated",
               "an", "as", "just", "well", "close", "to"}


# ---------------------------------------------------------------- extraction
@dataclass
class _Cand:
    start: int
    end: int
    value: float
    low: float
    high: float
    how: str  # digits / words / plural / several / fraction / tens
    sign: str = ""


def _number_word_runs(text: str):
    """Runs of number words ("a dozen", "two hundred and fifty", "tens of thousands") in ``text``.

    Found by ``str.find`` of each number word in the lower-cased text (a C loop per word,
    far cheaper than one alternation regex over the whole text), then the run around
    each hit is matched with :data:`_WORDNUM_RE` from its first word."""
    low = text.lower()
    n = len(low)
    hits = []
    for w in _NUMBER_STEMS:  # "six" finds "sixty", "sixth" and "sixteen" too: one scan for all of them
        i = low.find(w)
        while i >= 0:
            j = i + len(w)
            if i == 0 or not low[i - 1].isalpha():
                while j < n and low[j].isalpha():
                    j += 1
                if low[i:j] in _NUMBER_WORD_SET:
                    hits.append(i)
            i = low.find(w, j)
    hits.sort()
    runs = []
    covered = -1
    for h in hits:
        if h < covered:
            continue
        left = _run_left(text, max(0, h - 60), h)
        start = left.start() if left else h
        m = _WORDNUM_RE.match(text, start)
        if m is None or m.end() <= h:
            continue
        runs.append(m)
        covered = m.end()
    return runs


# singular fraction words that are also ordinals, and the words that may follow a share ("a third of",
# "fell by a fifth since"): any other lower-case word after them makes them ordinals ("a third term")
_ORDINAL_FRACTIONS = frozenset({"third", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"})
_AFTER_A_SHARE = (r"(?:of|since|in|on|to|from|between|over|last|this|than|and|or|the|its|their|his|her|a|an|"
                  r"percent|per|compared|after|before|during|while|when|as|at|by|for|with|year|month|week)")
_A_FEW_RE = re.compile(r"\ba\s+(few|couple)\s+(?:of\s+)?$", re.I)
_PLURAL_SCALES = frozenset({"dozens", "hundreds", "thousands", "millions", "billions", "tens"})


def _split_run(toks: list) -> list[list]:
    """A run of number words cut at each "of" or "and" that joins two numbers ("three of four voters": 3, 4).

    "of" stays inside a vague plural ("tens of thousands", "dozens of") and a fraction of a
    scale ("a quarter of a million")."""
    pieces: list[list] = []
    cur: list = []
    for k, t in enumerate(toks):
        w = t.group(0).lower()
        if w == "and" and cur and k + 1 < len(toks) and cur[-1].group(0).lower() not in _SCALES \
                and toks[k + 1].group(0).lower() not in {"a", "an"}:
            # "seven and ten": two numbers ("two hundred and fifty", "one and a half" are one)
            pieces.append(cur)
            cur = []
            continue
        if w == "of" and cur and k + 1 < len(toks):
            prev = cur[-1].group(0).lower()
            rest = [x.group(0).lower() for x in toks[k + 1:k + 3]]
            nxt = rest[1] if rest[0] in {"a", "an"} and len(rest) > 1 else rest[0]
            if not (prev in _PLURAL_SCALES or prev in _FRACTION_WORDS and nxt in _SCALES):
                pieces.append(cur)
                cur = []
                continue
        cur.append(t)
    pieces.append(cur)
    return [x for x in pieces if x]


# "(that) one in five", "one out of every ten": the "one" of a share, never a pronoun
_ONE_IN_RE = re.compile(r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d|(?:two|three|four|five|six|seven|eight|nine|ten|"
                        r"twenty|a hundred|a thousand)\b)", re.I)
# "27 parts per billion", "3 per thousand": the scale word names a unit, it is no figure of its own
_PER_BEFORE_RE = re.compile(r"\bper[\s-]+$", re.I)


def _word_candidate(text: str, base: int, toks: list, p: ExtractParams) -> _Cand | None:
    """The candidate of one run of number words (its tokens, matched at offset ``base``), or None."""
    # trim trailing separators and dangling "and"/"of"/"a"
    while toks and toks[-1].group(0).lower() in {"and", "a", "an", "of"} and not (
            toks[-1].group(0).lower() == "of" and len(toks) >= 2
            and toks[-2].group(0).lower() in {"dozens", "hundreds", "thousands", "millions", "billions"}):
        toks.pop()
    while toks and toks[0].group(0).lower() in {"and", "of"}:
        toks.pop(0)
    if not toks:
        return None
    words = [t.group(0) for t in toks]
    # a lone "a"/"an"/"tens" is no figure
    if all(w.lower() in {"a", "an", "several", "tens", "of"} for w in words):
        return None
    s = base + toks[0].start()
    e = base + (toks[-2].end() if toks[-1].group(0).lower() == "of" else toks[-1].end())
    if _masked(text, s, e, False):
        return None
    # drop a leading article when the run is not "a dozen"/"a half"/"a third"
    if words[0].lower() in {"a", "an"} and len(words) >= 2 and words[1].lower() not in {
            "dozen", "hundred", "thousand", "million", "billion", "trillion"} | _FRACTION_WORDS.keys():
        words = words[1:]
        s = base + toks[1].start()
    # "half" only as a share: "half of", "half the", "a half"; never "first half"
    low_words = [w.lower() for w in words]
    if low_words[-1] in _FRACTION_WORDS:
        before = text[max(0, s - 12):s].lower()
        after = text[e:e + 6].lower()
        if _rx(r"(first|second|third|last|latter|former|fourth|final|the|this|that|next|past)\s+$").search(before):
            return None
        if after.startswith("-") or (low_words == ["half"] and not _rx(r"\s+(of|the|its|their|his|her)\b").match(text[e:e + 8])):
            return None
        if low_words[-1] != "half" and len(low_words) == 1:
            return None  # "third", "fifth" alone: an ordinal
        if low_words[-1] in _ORDINAL_FRACTIONS and _rx(r"\s+(?!" + _AFTER_A_SHARE + r"\b)[a-z]").match(text, e):
            return None  # "a third term", "a fifth straight win": an ordinal, not a share
    if low_words == ["one"]:
        before = text[max(0, s - 8):s].lower()
        after = text[e:e + 10].lower()
        if (_rx(r"\b(no|any|every|some|this|that|the|which|each|anyone|someone)\s+$").search(before) or re.match(
                r"\s+(of|another|day|way|thing)\b|-", after)) and not (after[:1] == "-" and _UNIT_RE.match(text, e)) \
                and not _ONE_IN_RE.match(text, e):
            return None  # ("one-off", "the one who"; but "the one-day match", "a one-year-old" measure)
    if low_words == ["tens"] or low_words == ["several"]:
        return None
    if len(low_words) == 1 and low_words[0] in _SCALES and _PER_BEFORE_RE.search(text, max(0, s - 6), s):
        return None  # "parts per billion"
    if low_words == ["zero"] and not (_rx(r"\s?(?:-|–|to)\s?\d|\s?(?:%|per ?cent|percent)", re.I).match(text, e)
                                      or _rx(r"\b(?:to|at|from)\s+$", re.I).search(text, max(0, s - 6), s)):
        return None  # "zero tolerance", "Ground Zero": a word, not a reading ("from zero to 60", "fell to zero")
    parsed = _parse_words(words)
    if parsed is None:
        return None
    v, lo, hi, how = parsed
    if how == "words" and low_words[0] in {"dozen", "hundred", "thousand", "million", "billion", "trillion"}:
        few = _A_FEW_RE.search(text, max(0, s - 16), s)
        if few:  # "a couple of hundred": two hundred; "a few thousand": at least two thousand
            s = few.start()
            if few.group(1).lower() == "couple":
                v = lo = hi = v * 2
            else:
                v, lo, hi, how = v * 2, v * 2, None, "plural"
    if hi is None:
        hi = lo / (3.0 if how == "several" else 2.0) * p.vague_plural_span
    return _Cand(s, e, v, lo, hi, how)


def _candidates(text: str, p: ExtractParams) -> list[_Cand]:
    cands: list[_Cand] = []
    for m in _NUM_RE.finditer(text):
        s, e = m.start(), m.end()
        if s > 0 and text[s - 1] in _DOT_ISH:
            continue  # inside a longer number ("1.2.3", "5,000,00")
        sign = ""
        if s > 0 and text[s - 1] in "+-−" and not (s > 1 and text[s - 2] in _DOT_ISH):
            sign = text[s - 1]
        if _masked(text, s, e, True):
            continue
        if (text[s - 1:s] == ":" and text[s - 2:s - 1].isdigit()) or (text[e:e + 1] == ":" and text[e + 1:e + 2].isdigit()):
            continue  # numbers joined by a colon: a time, a ratio, a score ("201906:37", "3:1")
        if sign in {"-", "−"} and s - 1 > 0 and (text[s - 2:s - 1].isalnum() or text[s - 2:s - 1] in "%°"):
            sign = ""  # "44-45", "10%-15%": hyphen of a range, not a minus
        elif sign and text[max(0, s - 3):s - 1] == "+/":
            sign = ""  # "+/-3 points": a margin either way, not a negative number
        try:
            v = _to_float(m.group(0))
        except ValueError:
            continue
        prev = cands[-1] if cands else None
        if prev is not None and not sign and e - s == 3 and text[prev.end:s] in _GROUP_SPACES \
                and _AIRLINER_AFTER_COUNT_RE.match(text, s):
            continue  # "delivered 30 737 jets": a count, then the model it counts (no 30,737)
        if prev is not None and not sign and e - s == 3 and text[prev.end:s] in _GROUP_SPACES \
                and _SPACED_RE.fullmatch(text, prev.start + (1 if prev.sign else 0), prev.end) \
                and not (text[e:e + 1].isalnum() or text[e:e + 1] in ".," and text[e + 1:e + 2].isdigit()):
            # "10 000 people", "1 234 567": thousands set apart by spaces, as much of the world writes them
            cands[-1] = replace(prev, end=e, value=prev.value * 1000 + v, low=prev.low * 1000 + v,
                                high=prev.high * 1000 + v)
            continue
        cands.append(_Cand(s - 1 if sign else s, e, v, v, v, "digits", sign))
    slashed = ("/" in text or "⁄" in text) and _DIGIT_SLASH_RE.search(text) is not None
    if slashed:
        for m in _MIXED_RE.finditer(text):
            num, den = int(m.group(2)), int(m.group(3))
            if 0 < num < den and not _masked(text, m.start(), m.end(), True):
                # "3 1/2 percent": one number
                v = int(m.group(1)) + num / den
                cands = [c for c in cands if not (m.start() <= c.start < m.end())]
                cands.append(_Cand(m.start(), m.end(), v, v, v, "digits"))
        for m in _SLASH_NAME_RE.finditer(text):
            a, b = int(m.group(1)), int(m.group(2))
            if (a <= 12 and b <= 31 or (a, b) == (24, 7)) and not _rx(r"\d\s$").search(text, max(0, m.start() - 2),
                                                                                     m.start()):
                # "9/11", "24/7", "on 3/15": a date or a name, not two figures
                cands = [c for c in cands if not (m.start() <= c.start < m.end())]
    if _VULGAR_CHAR_RE.search(text):
        for m in _VULGAR_RE.finditer(text):
            v = (_to_float(m.group(1)) if m.group(1) else 0.0) + _VULGAR[m.group(2)]
            cands = [c for c in cands if not (m.start() <= c.start < m.end())]
            cands.append(_Cand(m.start(), m.end(), v, v, v,
                               "fraction" if not m.group(1) and _rx(r"\s+of\b").match(text, m.end()) else "digits"))
    for m in _number_word_runs(text):
        toks = list(_rx(r"[A-Za-z]+").finditer(m.group(0)))
        for piece in _split_run(toks):
            c = _word_candidate(text, m.start(), piece, p)
            if c is not None:
                cands.append(c)
    for m in (_FRACTION_RE.finditer(text) if slashed else ()):
        den = int(m.group(2))
        if den and not _masked(text, m.start(), m.end(), True):
            v = int(m.group(1)) / den
            cands = [c for c in cands if not (m.start() <= c.start < m.end())]
            cands.append(_Cand(m.start(), m.end(), v, v, v, "fraction"))
    cands.sort(key=lambda c: (c.start, -c.end))
    out: list[_Cand] = []
    last_end = -1
    for c in cands:
        if c.start < last_end:
            continue
        out.append(c)
        last_end = c.end
    return _ratios(text, out)


_OUT_OF_RE = re.compile(r"\s+out\s+of\s+(?:every\s+)?|\s+in\s+(?:every\s+)?", re.I)
_RATIO_NOUN_AFTER_RE = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:[A-Z][a-z]+s|people|adults|children|kids|women|men|voters|residents|workers|patients|students|"
    r"teenagers|households|respondents|parents|users|customers|members|citizens|employees|servants|consumers|"
    r"businesses|firms|companies|homes|doctors|nurses|teachers|drivers|smokers)\b")  # ("4 in 10 young adults")
# "3 in 10 say", "two in five had": a share whose people are named before (the counted noun left out)
_RATIO_VERB_AFTER_RE = re.compile(
    r"\s+(?:say|says|said|had|have|has|are|were|was|is|will|would|could|can|do|did|does|think|thought|believe|"
    r"believed|support|supported|oppose|opposed|want|wanted|reported|agree|agreed|now)\b"
    r"|\s+of\s+(?:the|its|their|all|those|these|our|his|her|them|us)\b")  # "nine in 10 of the country's firms"


def _ratios(text: str, cands: list[_Cand]) -> list[_Cand]:
    """ "One out of three Germans", "1 in 5 adults": one share, not two counts."""
    out: list[_Cand] = []
    i = 0
    while i < len(cands):
        c = cands[i]
        if i + 1 < len(cands) and c.how in ("digits", "words") and cands[i + 1].how in ("digits", "words"):
            d = cands[i + 1]
            m = _OUT_OF_RE.fullmatch(text, c.end, d.start)
            if m and c.value == 1 and d.how == "digits" and not c.sign and not d.sign \
                    and not (1800 <= d.value <= 2100 and _rx(r"\d{4}").fullmatch(text, d.start, d.end)):
                scale, end = _scale_at(text, d.end, glued_ok=False)
                if scale != 1.0 or d.value > 1000 and float(d.value).is_integer() and not _UNIT_RE.match(text, d.end):
                    # "1 in 302.5 million", "one in 302,575,350": odds, one share however long
                    v = 1 / _scaled(d.value, scale)
                    out.append(_Cand(c.start, end, v, v, v, "fraction"))
                    i += 2
                    continue
            if (m and 0 < c.value < d.value <= 1000 and float(d.value).is_integer() and not c.sign
                    and not (d.how == "digits" and 1800 <= d.value <= 2100) and not _UNIT_RE.match(text, d.end)
                    and ("out" in m.group(0) or c.value == 1 or _RATIO_NOUN_AFTER_RE.match(text, d.end)
                         or _RATIO_VERB_AFTER_RE.match(text, d.end))):
                v = c.value / d.value
                out.append(_Cand(c.start, d.end, v, v, v, "fraction"))
                i += 2
                continue
        out.append(c)
        i += 1
    return out


def _scaled(x: float, scale: float) -> float:
    """``x * scale`` without the binary rounding a reader would see ("4.1bn" is 4100000000, not
    4099999999.9999995): the product kept to 15 significant digits, all a double holds exactly."""
    return x if scale == 1.0 else float(f"{x * scale:.15g}")


def _is_rand(text: str, s: int, e: int) -> bool:
    """Whether the number at ``text[s:e]`` is written in South African rand: a glued "R" and a number that
    reads as money (a thousands comma, decimals before a scale word: "R1,500", "R2.5 billion"; "R2-D2" is no
    money)."""
    if text[s - 1:s] != "R" or (s >= 2 and (text[s - 2].isalnum() or text[s - 2] in "$")):
        return False
    return "," in text[s:e] or _rx(r"\s?(?:million|billion|trillion|bn|m|k)\b", re.I).match(text, e) is not None


_VIDEO_K_RE = re.compile(r"K(?:\s+(?:Ultra\s+HD\b|UHD\b|HDR\b)?\s*(?:video|videos|TV|TVs|television|televisions|display|"
                         r"displays|resolution|screen|screens|monitor|monitors|footage|streaming|content|camera|"
                         r"cameras|projector|Blu-ray|gaming|HDR|UHD)\b|\s*(?:[.,;)]|$))")


# after a capitalised word ending in "s", a number is part of a name only when a lower-case word that is no
# plural, connector or verb of saying follows ("Windows 10 last year", "Beats 1 radio"; not "Democrats 47 seats",
# "Democrats 47, Republicans 53", "Republicans 53 said")
_NAME_S_RIGHT_RE = re.compile(r"(?:\s+(?![a-z]+(?:s|ed)\b)(?!(?:said|say|says|were|are|have|had|who|of|in|percent|per|to|and|or|from|than|more|out|while|vs)\b)[a-z]+\b)")
# an article, a number of three digits or more, and a capitalised word that is no plural and is followed by
# none: a name with a number in it ("the 737 Max", "the 100 Club")
_ARTICLE_BEFORE_RE = re.compile(r"\b(?:the|a|an)\s$", re.I)
_NAME_WORD_AFTER_RE = re.compile(r" ([A-Z][a-z]+)\b(?!['’-])(?:[^\S\n]+([A-Za-z]+))?")


def _is_model_or_year(text: str, c: _Cand) -> str:
    """Reason why a digit candidate is not a figure, or ''."""
    s, e = c.start, c.end
    left = text[max(0, s - 30):s]
    right = text[e:e + 12]
    if text[s] == "0" and e - s >= 3 and text[s:e].isdigit():
        return "code"  # "0800 1111", "020", "007": a leading zero writes a code or a phone number, no quantity
    if e - s == 1 and left[-2:].lower() == "ps" and not left[-3:-2].isalpha():
        return "model"  # "PS4", "PS5": a console ("PS21,700" is pounds, as some exports write "£")
    if _is_rand(text, s, e):
        return ""
    if _CUR_PREFIX_RE.search(left):
        return ""
    # glued letters before: S-400, T-72B3, CAC40, G70, Covid-19
    m = _rx(r"([A-Za-z&]+)[-‐]?$").search(left) if _ends_glued(left) else None
    if m and not _CUR_PREFIX_RE.search(left) and not _rx(r"(?:^|\W)(?:US|A|AU|NZ|HK|C|CA|S|R)?[$€£¥₹₽₪](?:US|A|NZ)?\s?$|(?:RM|INR|Rs\.?|PS|Y=)$").search(left):
        return "model"
    # glued letters+digits after: 72B3, 5G
    if _rx(r"[A-Za-z]+\d").match(right) or _rx(r"-?[A-Z]\w*\d").match(right):
        return "model"
    if _ends_in(left, "-‐") and _rx(r"[A-Za-z]+\s?\d+[-‐]$").search(left):
        return "model"
    if _ends_in(left, "-–/") and _rx(r"\b(?:19|20)\d{2}[-–/]$").search(left):
        return "year"
    glued_caps = _rx(r"[A-Z]{1,2}\b").match(right)
    if glued_caps and glued_caps.group(0) not in {
            "M", "B", "K", "W", "V", "F", "C", "GB", "TB", "MB", "KB", "MW", "GW", "KW", "HP", "BN", "MN", "TN", "MP"}:
        return "model"  # "5G", "3D"
    if e - s == 1 and _VIDEO_K_RE.match(text, e):
        return "model"  # "4K video", "an 8K TV", "shot in 4K": a picture standard, not 4,000
    if _ends_in(left, "'’") and _rx(r"(?:^|\s)['’]$").search(left) and _rx(r"\d\d").fullmatch(text[s:e]):
        return "year"  # "in '73"
    if _rx(r"(?:st|nd|rd|th)\b").match(right):
        return "ordinal"
    if _rx(r"'?s\b").match(right):
        return "decade"
    if e - s >= 3 and c.how == "digits" and text[s:e].isdigit() and _ARTICLE_BEFORE_RE.search(left):
        m = _NAME_WORD_AFTER_RE.match(text, e)
        if m and m.group(1).lower() not in _TIME_WORDS and not re.fullmatch(_MONTHS, m.group(1)) \
                and not _is_plural(m.group(1)) and not (m.group(2) and _is_plural(m.group(2))):
            return "model"  # "the 737 Max", "the 100 Club" (but "the 300 Tory MPs", "the 120 Syrian refugees")
    if not c.sign and _is_index_name(left) and not _PERCENT_RE.match(text, e):
        return "model"  # a stock index named in lower case, as some wires and scraped text write it ("the sp 500")
    # Capitalised name + number: "Model 3", "Stoxx 600", "S&P 500", "iPhone 12"; but a person's name, an
    # age and a verb is an age ("Nick Hague 44 has spent", as text stripped of its commas reads)
    if c.how == "digits" and "," not in text[s:e] and "." not in text[s:e] and not (e - s == 2 and _scraped_age(text, s, e)):
        m = _rx(r"(?:^|\s)([A-Z][\w&]*|[a-z]+[A-Z]\w*)\s$").search(left)
        if m and not _rx(r"\s?(?:%|per ?cent|percent|[a-z]+\b(?<!s)\s+(?:of|in)\b)").match(right) and not re.match(
                r"\s?(?:" + "|".join(_SCALE_WORDS) + r")\b", right, re.I) and not m.group(1).endswith(("'s", "’s")) \
                and not (m.group(1).endswith("s") and (m.group(1).isupper() or not _NAME_S_RIGHT_RE.match(right))):
            w = m.group(1)
            if w.lower() not in _QUAL_WORDS and w.lower() not in {"over", "about", "only", "with", "of", "some",
                                                                   "and", "the", "just", "nearly", "almost",
                                                                   "around", "by", "at", "to", "in", "all",
                                                                   "another", "more", "less", "up", "from",
                                                                   "between", "for", "than", "roughly",
                                                                   "approximately", "estimated", "under",
                                                                   "an", "a", "total", "those", "these",
                                                                   "its", "their", "his", "her", "our",
                                                                   "after", "before", "last", "past", "next",
                                                                   "ages", "aged", "age", "killing", "but",
                                                                   "while", "including", "among", "where"} \
                    and not re.fullmatch(_MONTHS, w) and w.lower() not in _TIME_WORDS \
                    and not _PEOPLE_AFTER_RE.match(right) and not _fronted_place(left, right) and not (left.rstrip()[-len(w) - 2:-len(w) - 1] in ".!?\n"
                                                                 and len(left.rstrip()) > len(w) + 1):
                if not _rx(r"[.!?]\s+\S*\s$").search(left) and left.strip() and not _measured_after(text, e):
                    return "model"  # ("MacBook Pro 16 inch": a size, whatever the name before)
    # bare year
    raw = text[s:e]
    if _rx(r"1[0-9]{3}|20[0-9]{2}|21[0-9]{2}").fullmatch(raw):
        return "year"
    return ""


# stock indices whose names end in a number ("S&P 500", "FTSE 100", "Nikkei 225"), in any case
_INDEX_NAMES = frozenset("""s&p sp ftse nikkei stoxx cac dax mdax russell asx nifty sensex kospi tsx ibex aex smi mib ta
seng csi topix omx wig bux psei jse klci sti set""".split())


def _is_index_name(left: str) -> bool:
    """Whether ``left`` (the text before a number) ends with the name of a stock index ("the sp ", "FTSE ")."""
    words = left.rstrip(" -").rsplit(None, 1)
    return bool(words) and left[-1:] in " -" and words[-1].rsplit("/", 1)[-1].lower() in _INDEX_NAMES


def _measured_after(text: str, e: int) -> bool:
    """Whether a unit of measure that cannot be read as a word follows the number ("16 inch", "64GB")."""
    m = _UNIT_RE.match(text, e)
    return bool(m) and m.group(1).lower() not in _CASE_UNITS and m.group(1).lower() not in {"in", "ft", "kb", "mb"}


# days and times: "said Monday 12 people were killed" (no name before the number)
_TIME_WORDS = frozenset("""monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow
weekend christmas easter""".split())
# people after the number: a count, whatever capitalised word precedes ("told CNN 15 people were killed")
_PEOPLE_AFTER_RE = re.compile(r"\s+(?:more\s+|other\s+)?(?:people|persons|men|women|children|civilians|protesters|"
                              r"migrants|refugees|soldiers|troops|workers|residents|passengers|victims)\b")
# a sentence that opens on a place or a time, its comma lost ("In Ohio 12 schools closed", "Across Europe 27
# countries"), then a number and a plural noun: the count begins the clause, it is no model number
_FRONTED_PLACE_RE = re.compile(r"(?:^|[.!?]\s+|\n\s*)(?:In|Across|At|Since|Throughout|From|Around|Outside|Inside|Within|"
                               r"During|After|Before|Over)\s+(?:the\s+)?(?:[A-Z][\w'’.-]*\s+){1,3}$")
_PLURAL_NOUN_AFTER_RE = re.compile(r"\s+[a-z]{2,}s\b(?<!\bwas)(?<!\bhas)(?<!\bis)(?<!\bthis)(?<!\bits)(?<!\bas)")


def _fronted_place(left: str, right: str) -> bool:
    """Whether the number after ``left`` opens a clause after a fronted place or time that lost its comma."""
    return bool(_PLURAL_NOUN_AFTER_RE.match(right) and _FRONTED_PLACE_RE.search(left))


# a person's name (two capitalised words: "Covid 19 has" is no age), an age, a verb
_PERSON_AGE_LEFT_RE = re.compile(r"(?:^|[\s(\"“])[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?\s$")
_PERSON_AGE_RIGHT_RE = re.compile(
    r"\s+(?:has|had|is|was|said|says|will|would|who|spoke|told|died|joined|won|added|became|left|lives|"
    r"plays|played|scored|spent|took|made)\b")
# one name (a surname), then an age, then what befalls a person in a court or crime report, "of" and a
# place, or a second name and age: "Smith 31 was charged", "Jones 45 of Leeds", "Williams 29 and Brown 34 were"
_NAME_AGE_LEFT_RE = re.compile(r"(?:^|[\s(\"“])([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s$")
_NAME_AGE_RIGHT_RE = re.compile(
    r"\s+(?:(?:was|were|is|are|has\s+been|have\s+been|had\s+been)\s+(?:charged|arrested|jailed|sentenced|convicted|"
    r"accused|detained|remanded|fined|indicted|acquitted|stabbed|injured|found\s+(?:guilty|dead)|taken\s+to\s+hospital|"
    r"named\s+(?:in|as))\b"
    r"|(?:pleaded|denied|admitted|died)\b|of\s+[A-Z][a-z]+"
    r"|and\s+([A-Z][a-z]+)\s+\d{2}\s+(?:were|are|have|had|pleaded|denied|admitted|died)\b)")


def _scraped_age(text: str, s: int, e: int) -> bool:
    """Whether the two digits at ``text[s:e]`` are a person's age after the name, its commas lost ("Nick Hague
    44 has spent", "Smith 31 was charged"), as text scraped without punctuation reads."""
    if e - s != 2 or not ("18" <= text[s:e] <= "99") or not text[s:e].isdigit():
        return False
    left, right = text[max(0, s - 30):s], text[e:e + 40]
    if _PERSON_AGE_LEFT_RE.search(left) and _PERSON_AGE_RIGHT_RE.match(right):
        return True
    m = _NAME_AGE_LEFT_RE.search(left)
    if not m or m.group(1).lower() in _LABEL_WORDS or m.group(1).lower() in _TIME_WORDS or re.fullmatch(_MONTHS, m.group(1)):
        return False
    r = _NAME_AGE_RIGHT_RE.match(right)
    return bool(r) and r.group(1) != m.group(1)  # ("Windows 95 and Windows 98": two versions of one name)


# A number right after one of these nouns names an item in a sequence, it counts nothing.
_LABEL_WORDS = frozenset("""part chapter article section clause paragraph title phase stage round game season episode
route flight gate platform terminal exit junction interstate highway room ward district proposition prop prop. amendment
resolution rule schedule form volume vol. level category tier page item no. number photo photograph image picture slide
video gallery figure chart graphic version""".split())
# labels listed after a plural label noun: "junctions 10 and 11", "chapters 3, 4 and 5", "exits 4 to 6"
_LABEL_LIST_SEP = r"\s*(?:,\s*(?:and\s+|or\s+)?|and|or|to|&|-|–)\s*"
_LABEL_LIST_AFTER_RE = re.compile(_LABEL_LIST_SEP + r"\d", re.I)
_LABEL_LIST_END_RE = re.compile(r"\d" + _LABEL_LIST_SEP + r"$", re.I)  # (a cheap test before the search back)
_LABEL_LIST_TAIL_RE = re.compile(r"(?:" + _LABEL_LIST_SEP + r"\d+)*", re.I)
_LABEL_LIST_BEFORE_RE = re.compile(r"\b([a-z]+?)(?:ie)?s\s+\d+(?:" + _LABEL_LIST_SEP + r"\d+)*" + _LABEL_LIST_SEP + r"$", re.I)
# the second number of a counter: "Photo 3 of 12", "Image 1of/3", "Slide 2/10"
_COUNTER_OF_RE = re.compile(
    r"\b(?:part|chapter|episode|page|item|photo|photograph|image|picture|slide|video|gallery|figure|chart|"
    r"graphic)s?\s+\d+\s*(?:of|/)\s*/?\s*$", re.I)
# a relative timestamp or reading time: "4 hours ago", "15m ago", "5 min read"
_AGO_RE = re.compile(r"\s*-?\s*(?:([A-Za-z]+)\.?\s*)?ago\b|\s*-?\s*(?:min|mins|minute|minutes)\.?\s+read\b", re.I)
# units of an "ago" that is always a timestamp (a page's or a live blog's clock): longer ones ("50 years
# ago", "two weeks ago") in running text are spans of time, and figures
_CLOCK_AGO = frozenset("s sec secs second seconds m min mins minute minutes h hr hrs hour hours".split())
_FURNITURE_LINE_RE = re.compile(r"\s*(?:last\s+)?(?:updated|posted|published|modified|edited)\b", re.I)


# the words of a page's counters and galleries ("12 Comments", "Shares 1.2K", "1 of 12", "Slideshow (3 Images)")
_FURNITURE_WORDS = frozenset("""comment comments share shares like likes view views reply replies retweet retweets
tweet tweets reaction reactions image images photo photos picture pictures video videos slide slides slideshow
gallery of k""".split())


def _furniture_sentence(rest: str) -> bool:
    """Whether a sentence holding a figure is page furniture: besides it, only numbers, signs and counter words."""
    if len(rest) > 60:  # a counter is short; a long line is furniture only when it holds no word at all
        return _rx(r"[\W\d_]*").fullmatch(rest) is not None
    words = _rx(r"[A-Za-z]+").findall(rest)
    return len(words) <= 3 and all(w.lower() in _FURNITURE_WORDS for w in words)


def _furniture_line(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` sits on a short line, or one that starts "Updated"/"Posted": page furniture.

    A line ends at a newline or at " ### " (the paragraph mark of some exports)."""
    ls = max(text.rfind("\n", 0, s) + 1, text.rfind("###", 0, s) + 3 if text.rfind("###", 0, s) >= 0 else 0)
    le = min(x for x in (text.find("\n", e), text.find("###", e), len(text)) if x >= 0)
    return len(text[ls:le].split()) <= 6 or bool(_FURNITURE_LINE_RE.match(text, ls))
# a capitalised word before "of" and the number: "Group of 20", "Group of Seven", "Gang of Four"
_NAME_OF_RE = re.compile(r"\b([A-Z][a-z]+)\s+of\s+$")
_JOINED_COUNT_RE = re.compile(r"-(?:on|to|by|for|in|a)-(?!(?:year|month|week|day|night|hour|minute|head|person|share|"
                              r"game|season|litre|liter|gallon|barrel|tonne|ton|pound|kilo|mile|unit)\b)", re.I)
# ("£3,000-a-year", "£200-a-week", "two-a-day": a rate written as one word, not a joined idiom)
# idioms that hold a number word but count nothing
_IDIOM_RE = re.compile(
    r"\bbaker['’]?s dozen|\ba dime a dozen|\b(?:my|your|his|her|our|their) two cents|\bcloud nine|"
    r"\bwhole nine yards|\bsixes and sevens|\bin two minds|\bone of a kind|\btwo and two together|"
    r"\b(?:a|one) million times|\ba thousand times|\bsix of one|\bhalf a dozen of the other|"
    r"\bback to square one|\bone by one|\bone after (?:another|the other)|\btwo by two|\bthe one and only|"
    r"\b(?:at|on) all fours|\btwo-way street|\bkill two birds", re.I)
# a word of each idiom above: only a window holding one is searched
_IDIOM_CUES = ("dozen", "cents", "cloud", "yards", "sixes", "minds", "kind", "together", "times", "six of", "square",
               "by one", "by two", "after", "only", "fours", "two-way", "birds")


_RATING_NAME_RE = re.compile(r"(?:(?:[A-Z][\w'’.-]+|de|da|di|dos|du|van|von|der|le|la|al|bin)\s){0,3}[A-Z][\w'’.-]+\s?[:–—-]\s$")
_RATING_AFTER_RE = re.compile(r"(?:\.5)?(?:/10)?\s*(?:[–—-]\s|[A-Z])")


def _is_rating(text: str, s: int, e: int) -> bool:
    """Whether the number at ``text[s:e]`` is a mark in a list of ratings: a line or sentence that opens with a
    name and a colon or dash, the mark, then a capitalised comment ("De Gea: 6 Made two fine saves")."""
    lo = max(0, s - 50)
    start = lo if lo == 0 else -1
    for mark in ("\n", ". ", "###"):
        k = text.rfind(mark, lo, s)
        if k >= 0:
            start = max(start, k + len(mark))
    if start < 0:
        return False  # no line or sentence opens within reach
    while start < s and text[start].isspace():
        start += 1
    return bool(_RATING_NAME_RE.fullmatch(text, start, s)) and bool(_RATING_AFTER_RE.match(text, e))


_RATE_BASE_RE = re.compile(r"\bper\s+(?:every\s+)?$", re.I)


def _label_listed(text: str, c: _Cand, left: str) -> bool:
    """Whether ``c`` is one of several labels listed after a plural label noun ("junctions 10 and 11"), not
    figures with a unit after them ("items 10 to 20 percent cheaper")."""
    listed = False
    if left[-2:-1] in ("s", "S") and left[-1:].isspace():
        word = left.rsplit(None, 1)[-1:]
        if word and word[0][-1:] in "sS" and len(word[0]) > 3:
            w = word[0].lower()
            listed = (w[:-1] in _LABEL_WORDS or w[:-3] + "y" in _LABEL_WORDS and w.endswith("ies")) and \
                bool(_LABEL_LIST_AFTER_RE.match(text, c.end))
    if not listed:
        m = _LABEL_LIST_END_RE.search(left, max(0, len(left) - 8)) and _LABEL_LIST_BEFORE_RE.search(left)
        if m:
            w = m.group(0).split(None, 1)[0].lower()
            listed = w[:-1] in _LABEL_WORDS or w.endswith("ies") and w[:-3] + "y" in _LABEL_WORDS
    if not listed:
        return False
    tail = _LABEL_LIST_TAIL_RE.match(text, c.end)
    return not (_PERCENT_RE.match(text, tail.end()) or _UNIT_RE.match(text, tail.end()))


def _not_a_figure(text: str, c: _Cand) -> str:
    """Why the number at ``c`` names or labels something instead of counting it, or ""."""
    s, e = c.start, c.end
    left = text[max(0, s - 40):s]
    if left[-1:].isspace() and left.rsplit(None, 1)[-1:] and left.rsplit(None, 1)[-1].lower() in _LABEL_WORDS:
        return "label"  # "Part two of the law", "Article 5", "phase 3 trials", "Photo 3"
    if c.how == "digits" and (left[-2:-1] in ("s", "S") or left[-1:] in (" ", ",", "-", "–", "&")
                              and _LABEL_LIST_END_RE.search(left, max(0, len(left) - 8))) and _label_listed(text, c, left):
        return "label"  # "between junctions 10 and 11", "chapters 3 and 4", "exits 4 to 6"
    tail = left.rstrip()[-1:]  # a pattern ending in a word and white space can match only after that word
    if (tail in ("f", "F", "/") or not tail.isascii()) and _COUNTER_OF_RE.search(left):
        return "counter"  # "Photo 3 of 12"
    if c.how in ("digits", "words") and (tail in ("r", "R", "y", "Y") or not tail.isascii()) and _RATE_BASE_RE.search(left):
        return "rate base"  # "12.4 cases per 100,000 people": the base of a rate, no count of its own
    m = _AGO_RE.match(text, e)
    if m and (m.group(1) is None or m.group(1).lower() in _CLOCK_AGO or _furniture_line(text, s, m.end())):
        return "timestamp"  # "Updated 4 hours ago", "15m ago", "5 min read", "Posted 3 days ago"
    m = _NAME_OF_RE.search(left) if left.rstrip().endswith("of") else None
    if m:
        before = text[:s - len(left) + m.start(1)].rstrip()
        if before and before[-1] not in ".!?:\n\"“":
            return "name"  # "the Group of 20", "the Group of Seven"
    if c.how == "digits" and c.value <= 10 and text[s - 2:s] in (": ", "– ", "- ", "— ") and _is_rating(text, s, e):
        return "rating"  # "Ander Herrera: 4 Started the game...": a player's mark in a ratings list
    if c.how != "digits" and any(cue in text[max(0, s - 30):e + 30].lower() for cue in _IDIOM_CUES) \
            and _covered(_IDIOM_RE, text, s, s - 30, e + 30):
        return "idiom"  # "a baker's dozen", "my two cents", "one by one"
    if c.how in ("words", "digits") and (text[s - 1:s] == "-" and _JOINED_COUNT_RE.search(text, max(0, s - 4), s)
                                         or text[e:e + 1] == "-" and _JOINED_COUNT_RE.match(text, e)):
        return "idiom"  # "one-on-one", "1-on-1", "3-in-1", "5-a-side"
    if c.how == "digits" and (text[e:e + 1] == "-" and _rx(r"-[A-Z][a-z]").match(text, e) and not _UNIT_RE.match(text, e)
                              or text[s - 1:s] == "+" and text[s - 2:s - 1].isalnum()):
        return "name"  # "7-Eleven", "P5+1" (but "a 10-Year plan")
    if c.how == "words" and _rx(r"\d-$").search(text, max(0, s - 2), s):
        return "name"  # the "Eleven" of "7-Eleven"
    if c.how == "words":
        word = text[s:e]
        if word[:1].isupper() and _rx(r"(?<![.!?:]\s)\b[A-Z][A-Za-z]+[^\S\n]\Z").search(text, max(0, s - 30), s):
            # a name runs on within its line: a headline above does not make "Twenty-three" a name
            window = _rx(r"[A-Za-z]+").findall(text, max(0, s - 80), min(len(text), e + 80))
            if window and sum(w[0].isupper() for w in window) * 2 < len(window):
                return "name"  # "Air Force One", "Formula One", "Channel Four" in running text
    return ""



# a bound written after the number (or its unit): "10m+ copies", "20+ years", "20 or more years", "20 years or
# more", "aged 65 or over", "3 or fewer", "40 or so people" (a "+" glued to a number and no digit after it: not
# "P5+1", "2+2")
_BOUND_AFTER_RE = re.compile(r"(?:\d|\d[kKmMbB]|\dbn|\dtn|illion|thousand|\d\s?[A-Za-z%°]+)(\+(?![\d+])|\s+or\s+(more|over|above|higher|"
                             r"greater|longer|older|fewer|less|under|below|younger|so)\b)")
_BOUND_AFTER = {"more": ">=", "over": ">=", "above": ">=", "higher": ">=", "greater": ">=", "longer": ">=",
                "older": ">=", "fewer": "<=", "less": "<=", "under": "<=", "below": "<=", "younger": "<=", "so": "~"}


_OR_BOUND_RE = re.compile(r" or (?:more|over|above|higher|greater|longer|older|fewer|less|under|below|younger|so)\b")


def _may_bound_after(text: str) -> bool:
    """Whether ``text`` may hold a bound after a number: a "+", or " or more"/" or so"... (a pattern that opens
    on a literal is searched fast; ``_BOUND_AFTER_RE``, which most texts would not match, is not)."""
    return "+" in text or _OR_BOUND_RE.search(text) is not None


# the number a bound follows, read back from the bound: "£1bn", "10m", "5 million", "2,500"
_NUMBER_BEFORE_BOUND_RE = re.compile(r"(?:[$€£¥₹]\s?)?\d[\d,.]*(?:\s?(?:[kKmMbB]|bn|tn)|\s(?:thousand|million|billion|trillion))?"
                                     r"(?:\s?[A-Za-z%°]+)?$")  # (and its unit: "20 years or more", "30C or more")


def _bounded_after(text: str, params: ExtractParams, sentences: list[tuple[int, int]] | None) -> list[Figure]:
    """The figures of a text holding a bound written after a number ("20+ years", "20 or more years").

    The number is read as if its bound stood before it ("20+ years" as " 20 years": the same length, so
    every other offset holds), so that it meets its unit and counted noun; each figure a bound follows
    takes its qualifier, and its span and sentence are the text's own."""
    chars = list(text)
    moves = []  # (start of the number, end of the bound, length of the bound, qualifier)
    for m in _BOUND_AFTER_RE.finditer(text):
        bs, be = m.start(1), m.end(1)
        n = _NUMBER_BEFORE_BOUND_RE.search(text, max(0, bs - 30), bs)
        if n is None:
            continue
        k = be - bs
        chars[n.start():be] = [" "] * k + chars[n.start():bs]
        moves.append((n.start(), be, k, ">=" if m.group(1) == "+" else _BOUND_AFTER[m.group(2)]))
    figures = extract_figures("".join(chars), params, split_sentences(text) if sentences is None else sentences)
    out = []
    for f in figures:
        start, end, q = f.start, f.end, ""
        for ns, be, k, qual in moves:
            if ns + k <= start < be:
                start -= k
            if ns + k < end <= be:
                end, q = be, qual  # the number ends where its bound ends
            elif start <= ns and be <= end:
                q = qual  # ("20+ years": the unit after the bound)
        f = replace(f, start=start, end=end, text=text[start:end],
                    sentence=text[f.sentence_start:f.sentence_start + len(f.sentence)])
        if q and f.qualifier == "=" and not f.change:
            f = replace(f, qualifier=q)
            if q == ">=":
                f = replace(f, high=params.open_upper, written_high=params.open_upper)
            elif q == "<=":
                f = replace(f, low=0.0 if f.value >= 0 else -math.inf, written_low=0.0 if f.raw_value >= 0 else -math.inf)
            else:
                w = params.about_width
                f = replace(f, qualifier="~", low=f.low * (1 - w), high=f.high * (1 + w),
                            written_low=f.written_low * (1 - w), written_high=f.written_high * (1 + w))
        out.append(f)
    return out


def extract_figures(text: str, params: ExtractParams = ExtractParams(),
                    sentences: list[tuple[int, int]] | None = None) -> list[Figure]:
    """Every figure in ``text`` with span, interval, unit, subject and quotation.

    ``sentences``: the text's sentence spans when the caller has them already (from
    :func:`split_sentences` of the same, cut, text)."""
    if not isinstance(text, str) or not text.strip():
        return []
    text = text[: params.max_text_chars]
    if _may_bound_after(text) and _BOUND_AFTER_RE.search(text):
        return _bounded_after(text, params, sentences)
    sents = split_sentences(text) if sentences is None else sentences
    quotes = _quote_spans(text)
    quote_starts = [q[0] for q in quotes]
    cands = _candidates(text, params)
    figures: list[Figure] = []
    used_until = -1
    sent_idx = 0
    last_part: dict[int, str] = {}  # a duration or length written in parts: its last part's unit, by index
    for ci, c in enumerate(cands):
        if c.start < used_until:
            continue
        if _not_a_figure(text, c):
            continue
        if c.how == "digits":
            why = _is_model_or_year(text, c)
            if why and why != "year":
                continue
        else:
            why = ""
        fig = _decorate(text, c, cands[ci + 1:], why, params)
        if fig is None:
            continue
        if fig[0] == "skip":
            used_until = fig[1]
            continue
        start, end, f = fig
        used_until = end
        while sent_idx + 1 < len(sents) and sents[sent_idx][1] <= start:
            sent_idx += 1
        if sents and _furniture_sentence(text[sents[sent_idx][0]:start] + " " + text[end:sents[sent_idx][1]]):
            continue  # a line of nothing but numbers and counters: page furniture ("15m", "1 / 3", "12 Comments")
        if (f["unit"] == "°C" and figures and figures[-1].unit == TEMPERATURE_CHANGE
                and _rx(r"\s*[(\[]\s*").fullmatch(text, figures[-1].end, start)):
            # "dropped by 1 to 1.5 degrees Celsius (1.8 to 2.7 Fahrenheit)": the conversion in
            # brackets is a change too
            _, factor, offset = unit_conversion(f["raw_unit"].lower())
            _, dfactor, _ = unit_conversion(f["raw_unit"].lower(), True)
            for k in ("value", "low", "high"):
                f[k] = (f[k] - offset) / factor * dfactor
            f["unit"] = TEMPERATURE_CHANGE
        if (figures and f["qualifier"] == "=" and figures[-1].end <= start and (
                f["unit"] == "hour" and figures[-1].unit == "hour"
                and _rx(r"\s*(?:,|and|,\s*and)\s*").fullmatch(text, figures[-1].end, start)
                or figures[-1].raw_unit.lower() in {"ft", "feet", "foot"} and f["raw_unit"].lower() in {
                    "in", "in.", "inch", "inches"} and _rx(r"\s*").fullmatch(text, figures[-1].end, start))
                and unit_conversion(last_part.get(len(figures) - 1, figures[-1].raw_unit).lower())[1]
                > unit_conversion(f["raw_unit"].lower())[1]):
            # "2 hours and 10 minutes", "5ft 10in": one duration, one length (each part smaller than the
            # last: "2 hours, 1 minute and 39 seconds, 78 seconds inside the record" ends at "39 seconds")
            last_part[len(figures) - 1] = f["raw_unit"]
            prev = figures[-1]
            per = unit_conversion(prev.raw_unit.lower())[1]
            value, low, high = prev.value + f["value"], prev.low + f["low"], prev.high + f["high"]
            figures[-1] = replace(prev, end=end, text=text[prev.start:end], value=value, low=low, high=high,
                                  raw_value=value / per, raw_low=(prev.raw_low * per + f["value"]) / per,
                                  raw_high=(prev.raw_high * per + f["value"]) / per, written_low=low / per,
                                  written_high=high / per)
            continue
        if figures and _FROM_TO_RE.fullmatch(text, figures[-1].end, start):
            figures[-1] = _borrow_unit(text, figures[-1], start, end, f)
        if figures and _joinable(text, figures[-1], start, end, f):
            prev = figures[-1]
            figures[-1] = replace(
                prev, end=end, text=text[prev.start:end], low=min(prev.low, f["low"]),
                high=max(prev.high, f["high"]), qualifier="~" if prev.qualifier == "~" else "range",
                raw_low=prev.raw_value, raw_high=f["raw_value"], subject=prev.subject or f["subject"],
                subject_norm=normalise_subject(prev.subject or f["subject"]),
                written_low=min(prev.written_low, f["written_low"]), written_high=max(prev.written_high, f["written_high"]))
            continue
        if not f["change"] and figures and figures[-1].change and figures[-1].end <= start \
                and _APPOSED_RE.fullmatch(text, figures[-1].end, start):
            f["change"] = figures[-1].change  # "lost 286 points, or 1.1%": the same change said another way
        while sent_idx + 1 < len(sents) and sents[sent_idx][1] <= start:
            sent_idx += 1
        ss, se = sents[sent_idx] if sents else (0, len(text))
        quoted = False
        speaker = ""
        qi = bisect.bisect_right(quote_starts, start) - 1
        if qi >= 0 and end <= quotes[qi][1]:
            qs, qe = quotes[qi]
            quoted = True
            speaker = _speaker(text, qs, qe, [f.start for f in figures])
        subject = f["subject"]
        figures.append(Figure(
            start=start, end=end, text=text[start:end], value=f["value"], low=f["low"], high=f["high"],
            unit=f["unit"], qualifier=f["qualifier"], subject=subject,
            subject_norm=normalise_subject(subject), sentence=text[ss:se], sentence_start=ss,
            quoted=quoted, speaker=speaker, kind=f["kind"], raw_value=f["raw_value"],
            raw_low=f["raw_low"], raw_high=f["raw_high"], raw_unit=f["raw_unit"], change=f["change"],
            written_low=f["written_low"], written_high=f["written_high"],
        ))
    return figures


_FROM_TO_RE = re.compile(r"\s+to\s+")
# a figure set beside the one before as the same amount in other terms: "286 points, or 1.1%", "1.5C (2.7F)"
_APPOSED_RE = re.compile(r"(?:\s+[a-z]+)?,?\s*(?:or\s+|\(\s*)", re.I)
_FROM_BEFORE_RE = re.compile(r"\bfrom\s+$", re.I)
_SCALE_FACTORS = frozenset(_SCALE_WORDS.values())


def _borrow_unit(text: str, prev: Figure, start: int, end: int, f: dict) -> Figure:
    """``prev`` with the scale, currency, percent sign or unit that only the level after it carries.

    "rose from 2.1 to 2.9 million euros", "fell from 3.8 to 3.6 percent": a change written as two
    figures (not a range, see the module docstring) names its unit once, after the second; the
    first is the same kind of quantity.  The scale is borrowed only when the two numbers are then
    within a factor of ten of each other and were not before ("from 900,000 to 1.2 million" keeps
    its own)."""
    if prev.kind != "count" or prev.raw_unit or prev.raw_low != prev.raw_high \
            or not _FROM_BEFORE_RE.search(text, max(0, prev.start - 8), prev.start):
        return prev
    scale = 1.0
    m = _NUM_RE.search(text, start, end)
    if m and f["raw_low"] == f["raw_high"]:
        try:
            written = _to_float(m.group(0))
        except ValueError:
            written = 0.0
        if written:
            ratio = f["raw_value"] / written
            scale = next((k for k in _SCALE_FACTORS if abs(ratio - k) <= 1e-9 * k), 1.0)
    if scale != 1.0 and f["raw_value"]:
        near = 0.1 <= prev.raw_value * scale / f["raw_value"] <= 10
        near_unscaled = 0.1 <= prev.raw_value / f["raw_value"] <= 10
        if not near or near_unscaled:
            scale = 1.0
    if scale == 1.0 and f["kind"] == "count":
        return prev
    kind, unit, raw_unit = (f["kind"], f["unit"], f["raw_unit"]) if f["kind"] != "count" else ("count", "count", "")
    raw = [_scaled(x, scale) for x in (prev.raw_value, prev.raw_low, prev.raw_high, prev.written_low, prev.written_high)]
    if kind == "measure":
        unit, factor, offset = unit_conversion(raw_unit.lower(), unit == TEMPERATURE_CHANGE)
        norm = [x * factor + offset for x in (raw[0], raw[3], raw[4])]
    else:
        norm = [raw[0], raw[3], raw[4]]
    return replace(prev, kind=kind, unit=unit, raw_unit=raw_unit, raw_value=raw[0], raw_low=raw[1], raw_high=raw[2],
                   written_low=raw[3], written_high=raw[4], value=norm[0], low=min(norm[1:]), high=max(norm[1:]))


def _joinable(text: str, prev: Figure, start: int, end: int, f: dict) -> bool:
    """Whether ``prev`` and the figure at ``start`` form one range ("15kHz and 17kHz")."""
    if prev.unit != f["unit"] or prev.kind != f["kind"] or prev.end > start or prev.raw_low != prev.raw_high:
        return False
    between = text[prev.end:start]
    m = _JOIN_RE.fullmatch(between)
    if not m:
        return False
    conn = between.strip().lower()
    if conn == "":
        if not (f["qualifier"] in {"<=", "<"} and text[start:end].lower().startswith("up to")):
            return False
    elif conn == "and":
        if not _rx(r"\bbetween\s+$", re.I).search(text[max(0, prev.start - 12):prev.start]):
            return False
    if f["qualifier"] not in {"=", "<=", "<"} or prev.qualifier not in {"=", "~"}:
        return False
    if f["qualifier"] != "=" and conn != "":
        return False
    if _CHANGE_FROM_RE.search(text[max(0, prev.start - 60):prev.start]):
        return False
    if prev.change and conn == "to":
        return False  # "rose 5p to 120p": the rise, then the level reached
    if prev.raw_value > f["raw_value"] and conn != "" and not _rx(r"\b(?:between|from)\s+$", re.I).search(
            text[max(0, prev.start - 12):prev.start]):
        return False  # "leads 43% to 31%", "52%-48%": written high to low, a tally (a range runs low to high)
    if prev.kind == "count" and prev.unit == "count" and not _rx(r"\bbetween\s+$|\bfrom\s+$", re.I).search(text[max(0, prev.start - 12):prev.start]):
        return False  # "won 2-1", "4/5": bare counts join only after "between"/"from"
    return True


# the second end of a range in words: "ten", "sixty-two"
_SECOND_WORD_RE = re.compile(r"\s?(" + "|".join(sorted(list(_ONES) + list(_TENS), key=len, reverse=True)) +
                             r")(?:[-\s](" + "|".join(k for k in _ONES if 0 < _ONES[k] < 10) + r"))?\b", re.I)


def _parse_second(text: str, pos: int, p: ExtractParams) -> tuple[float, int, float] | None:
    """Second end of a range at ``pos``: (number, end, scale) or None."""
    m = _rx(r"\s?(?:US\s?\$|\$|€|£|¥|₹)?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)").match(text[pos:pos + 40])
    if not m:
        m2 = _SECOND_WORD_RE.match(text, pos, pos + 24)
        if not m2:
            return None
        v = float({**_ONES, **_TENS}[m2.group(1).lower()] + (_ONES[m2.group(2).lower()] if m2.group(2) else 0))
        end = m2.end()
    else:
        v = _to_float(m.group(1))
        end = pos + m.end()
    scale, end = _scale_at(text, end, glued_ok=True)
    return v, end, scale


# money words before a glued "m" ("profits were 12.4m", where the currency sign was lost), and lengths
_MONEY_BEFORE_RE = re.compile(
    r"\b(?:profits?|revenues?|sales|turnover|loss(?:es)?|worth|valued|value|paid|pay|pays|costs?|fees?|price|deal|"
    r"raised?|budget|funding|investment|invest(?:ed)?|spent|spend|bid|offer|salary|wages|debt|earnings|income|tax|"
    r"fine|fined|compensation|bonus|dividend|sold for|bought for|contract|grant|loan|takeover|transfer)\b", re.I)
_LENGTH_BEFORE_RE = re.compile(
    r"\b(?:height|depth|length|distance|altitude|wide|deep|tall|high|long|jump(?:ed)?|ran|run|swam|swim|"
    r"measur\w*|metres?|meters?|span|radius|diameter|sprint|hurdles|freestyle|backstroke|relay)\b", re.I)

_LENGTH_AFTER_RE = re.compile(r"\s*-?(?:runners?|sprinters?|swimmers?|pool|dash|final|medley|butterfly|breaststroke|"
                              r"races?|champions?|record|gold|silver|bronze|event|yacht|boat|tower|mast)\b", re.I)


_WEIGHT_RE = re.compile(r"\b(?:weigh\w*|heav\w*|light\w*|lbs?|kilos?|kg|tons?|tonnes?|lost|gained|shed|body|obese|"
                        r"fish|catch|payload|load|cargo)\b", re.I)


def _pounds_sterling(text: str, start: int, end: int, scale: float) -> bool:
    """Whether "pounds" after the number at ``text[start:end]`` is money, not weight: a scale word of a
    million or more ("1.2 million pounds"), or a money word before it, and no word of weight near."""
    lo = max(0, start - 60)
    window = text[lo:min(len(text), end + 40)]
    if _WEIGHT_RE.search(window):
        return False
    return scale >= 1e6 or bool(_MONEY_BEFORE_RE.search(text, lo, start))


def _money_context(text: str, pos: int, nxt: str) -> bool:
    """Whether a glued "m" at ``pos`` reads as millions of money: a money word before it in the sentence,
    nearer than any word of length, and no word of length right after."""
    lo = max(0, pos - 80)
    stop = max(text.rfind(". ", lo, pos), text.rfind("\n", lo, pos))
    window = text[max(lo, stop + 1):pos]
    money = [m.end() for m in _MONEY_BEFORE_RE.finditer(window)]
    if not money or _LENGTH_BEFORE_RE.match(nxt.lstrip()) or _LENGTH_AFTER_RE.match(nxt):
        return False
    length = [m.end() for m in _LENGTH_BEFORE_RE.finditer(window)]
    return not length or money[-1] > length[-1]


def _scale_at(text: str, pos: int, glued_ok: bool, currency: bool = False) -> tuple[float, int]:
    """Scale word after a number ("billion", "bn", glued "m"): (factor, end)."""
    seg = text[pos:pos + 16]
    m = _rx(r"(\s?)([A-Za-z]+)\b").match(seg)
    if not m:
        mh = _rx(r"-(thousand|million|billion|trillion)\b", re.I).match(seg)
        if mh:  # "a $1.2-billion package", "a 2.5-million-strong crowd"
            return _SCALES[mh.group(1).lower()], pos + mh.end()
        return 1.0, pos
    space, w = m.group(1), m.group(2)
    if w.lower() in _SCALE_WORDS:
        factor = _SCALE_WORDS[w.lower()]
        end = pos + m.end()
        # "hundred thousand"; "lakh crore", "thousand crore" (Indian English)
        m2 = _rx(r"\s(thousand|million|billion|crores?)\b", re.I).match(text[end:end + 10])
        if m2 and (w.lower() == "hundred" or m2.group(1).lower().startswith("crore")
                   and w.lower() in {"hundred", "thousand", "lakh", "lakhs"}):
            factor *= _SCALE_WORDS[m2.group(1).lower()]
            end += m2.end()
        return factor, end
    if w in _SCALE_LETTERS and (not space) and glued_ok:
        # glued "m"/"b"/"k": a scale with money or before a word; "100m sprint" is metres
        nxt = text[pos + m.end():pos + m.end() + 14]
        if currency or w in {"b", "B", "k", "K", "M"} or _rx(r"\s+(?:[Oo]f\b|[a-z]+s\b|tonnes|barrels|people|users)").match(nxt) \
                or w == "m" and _money_context(text, pos, nxt):
            if w in {"m"} and not currency and _rx(r"\s+(?:long|high|wide|deep|tall|away|above|below|sprint|races?|hurdles|freestyle|final|heats?)\b").match(nxt):
                return 1.0, pos
            return _SCALE_LETTERS[w], pos + m.end()
    return 1.0, pos


_MAGNITUDE_BEFORE_RE = re.compile(r"\bmagnitude(?:\s+of)?\s+$", re.I)
_MAGNITUDE_AFTER_RE = re.compile(r"-?\s?magnitude\b", re.I)
_TEMPERATURE_CUE_RE = re.compile(
    r"temperature|degree|thermometer|mercury|heat|hot|cold|warm|cool|weather|forecast|celsius|fahrenheit|°", re.I)
_TEMP_CHANGE_BEFORE_RE = re.compile(
    r"(?:\b(?:by|rise|rises|increase|increases|drop|drops|fall|falls|decline|warming|cooling|change|cut|"
    r"swing|difference)\s+(?:of\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|up\s+to\s+|"
    r"at\s+least\s+|more\s+than\s+|less\s+than\s+|roughly\s+|between\s+)?)$", re.I)
_TEMP_CHANGE_AFTER_RE = re.compile(
    r"\s*(?:warmer|cooler|hotter|colder|higher|lower|above|below|more|less|up|down|of\s+(?:warming|cooling))\b",
    re.I)


# words around a score or a vote: "X-Y" there is a tally, whatever its order ("a 24-31 loss", "trail 1-2")
_SCORE_CONTEXT_RE = re.compile(
    r"\b(?:wins?|won|winning|beat|beats|beaten|beating|defeat\w*|lost|lose|loses|losing|loss|draw|drew|drawn|drawing|"
    r"victory|scored?|lead|led|leading|"
    r"trail\w*|votes?|voted|voting|tie|tied|aggregate|half-?time|full-?time|decision|ruling|majority|margin)\b"
    r"|\s+(?:loss|defeat|win|victory|draw|lead|deficit|vote|decision|ruling|majority|margin|aggregate)\b", re.I)


# a neighbour in a list of scores ("won 7-6, 1-6, 7-6"): a pair written high-low or level next to it makes
# the list scores (a list of ranges, "aged 18-24, 25-34", rises pair by pair)
_SCORE_BEFORE_RE = re.compile(r"(?<![\d.,])(\d{1,3})\s?[-–]\s?(\d{1,3}),\s*$")
_SCORE_AFTER_RE = re.compile(r",\s*(\d{1,3})\s?[-–]\s?(\d{1,3})(?![\d.,]\d|\s?(?:%|per))")


def _in_score_list(text: str, start: int, end: int) -> bool:
    """Whether the pair at ``text[start:end]`` sits in a comma-separated list of scores ("6-3, 1-6, 7-6")."""
    mb = _SCORE_BEFORE_RE.search(text, max(0, start - 12), start)
    ma = _SCORE_AFTER_RE.match(text, end)
    return any(m is not None and int(m.group(1)) >= int(m.group(2)) for m in (mb, ma))


def _counted_after(text: str, pos: int) -> bool:
    """Whether a plural noun follows ``pos`` ("scored 20-25 goals": a range of goals, not a score)."""
    m = _WORD_RE.match(text, pos, min(len(text), pos + 30))
    return bool(m) and m.start(1) - pos <= 1 and m.group(1).lower() not in {"thanks"} and _is_plural(m.group(1))


def _temperature_change(text: str, start: int, end: int) -> bool:
    """Whether the temperature at ``text[start:end]`` is a change ("rose by 2C", "1.5 degrees warmer")."""
    before = text[max(0, start - 40):start]
    if _TEMP_CHANGE_BEFORE_RE.search(before) or _UP_RE.search(before) or _DOWN_RE.search(before):
        return True
    return bool(_TEMP_CHANGE_AFTER_RE.match(text, end))


# what makes a number that could be a year a count: a qualifier before ("more than 1500"; "about",
# "around" and "over" only with a noun after: "around 2010 the firm..." is a year), the noun of a
# quantity and "of" ("a population of 1200"), a rate after ("1511 an ounce"), or, outside the years
# news mostly dates (1900-2099), a counted noun after ("hire 1500 new workers")
_YEAR_QUAL_RE = re.compile(r"\b(?:more than|at least|as many as|as much as|nearly|almost|fewer than|less than|no more than|"
                           r"no fewer than|roughly|approximately|an estimated|a total of|some|just over|just under)\s+$",
                           re.I)
_YEAR_SOFT_QUAL_RE = re.compile(r"\b(?:about|around|over)\s+$", re.I)
_QUANTITY_OF_RE = re.compile(r"\b(?:population|total|sum|crowd|fleet|workforce|capacity|tally|toll|score|average|"
                             r"maximum|minimum|budget|price|cost|value|salary|fee|fine|rent|audience|attendance|"
                             r"turnout|staff|majority|deficit|surplus)\s+of\s+$", re.I)
_RATE_AFTER_RE = re.compile(r"\s+(?:a|an|per)\s+(?:ounce|barrel|share|month|year|week|day|night|head|person|tonne|"
                            r"ton|gallon|litre|liter|kilo|pound|hour|square)\b", re.I)
_YEAR_PREP_RE = re.compile(r"\b(?:in|since|by|until|till|from|during|before|after|between|circa)\s+$",
                           re.I)
_WORDS_AFTER_RE = re.compile(r"(?:\s+[a-z][a-z-]+\b){1,3}")


def _year_is_a_count(text: str, start: int, end: int, value: float) -> bool:
    """Whether the four-digit number at ``text[start:end]`` that could be a year counts something."""
    before = text[max(0, start - 25):start]
    counted = False
    words = _WORDS_AFTER_RE.match(text, end, min(len(text), end + 40))
    for w in (words.group(0).split() if words else ()):
        if w in {"more", "other", "additional", "extra", "further"}:
            continue  # "1200 more teachers"
        if w in _STOP:
            break
        if _is_plural(w):
            counted = True  # "1500 new workers"
            break
    if _YEAR_QUAL_RE.search(before) or _QUANTITY_OF_RE.search(before) or _RATE_AFTER_RE.match(text, end):
        return True
    if _YEAR_SOFT_QUAL_RE.search(before):
        return counted
    return counted and not 1900 <= value <= 2099 and not _YEAR_PREP_RE.search(before)


# "raised $25.6 billion", "the charity raised a quarter of a million pounds": money raised is an amount
# collected, not a rise ("raised its dividend by 5 cents" is)
_RAISED_MONEY_RE = re.compile(r"\b(?:raised|raise|raises|raising)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|"
                              r"roughly\s+)?$", re.I)


# a bare number that is a person's age: "died at 75", "died aged 91", "at (the) age (of) 82", "aged 19 and 23",
# "who turned 80"; or set beside a name or a person between commas ("Serena Williams, 37, is", "the woman, 52,")
_AGE_BEFORE_RE = re.compile(r"(?:\b(?:died|dies|dying)\s+(?:at\s+(?:the\s+age\s+of\s+)?|aged\s+)|\bat\s+the\s+age\s+of\s+|"
                            r"\b(?:[Aa]ged|[Aa]ges?|turned|turns|turning)\s+|\baged\s+(?:\d{1,3}|[a-z]+)\s+(?:and|or|to)\s+)$")
_AGE_APPOSED_LEFT_RE = re.compile(r"(?:\b[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?|\b(?:man|woman|boy|girl|teenager|suspect|victim|"
                                  r"defendant|driver|mother|father|son|daughter|wife|husband|actor|actress|singer|"
                                  r"player|officer|pilot|resident|student|patient|worker|mayor|president|chief|"
                                  r"founder|owner))\s?,\s$")
_AGE_APPOSED_RIGHT_RE = re.compile(r"\s?,\s+(?:[a-z]|[A-Z][a-z]+\s+[a-z])")


# rise/fall wording after a figure: "closed 42.5 points lower at", "ended 3% higher." (not "3% higher than",
# "three lower courts")
_LOWER_AFTER_RE = re.compile(r"(\s+points?)?\s+(higher|lower)(?=\s*[,.;)]|\s+(?:at|on|in|to|for|after|from|over|"
                             r"since|as|by|while|and)\b)", re.I)


@functools.lru_cache(maxsize=1 << 16)
def _rises_before(pre: str) -> bool:
    """Whether ``_UP_RE`` matches the words before a figure (cached: copied and wire text repeats them)."""
    return _UP_RE.search(pre) is not None


@functools.lru_cache(maxsize=1 << 16)
def _falls_before(pre: str) -> bool:
    """Whether ``_DOWN_RE`` matches the words before a figure (cached likewise)."""
    return _DOWN_RE.search(pre) is not None


def _decorate(text: str, c: _Cand, following: list[_Cand], why: str, p: ExtractParams):
    """Turn a bare number into a figure: currency, qualifier, scale, range, unit, subject."""
    start, end = c.start, c.end
    value, low, high = c.value, c.low, c.high
    sign = c.sign
    if not sign and c.how in {"digits", "words"}:
        mm = _MINUS_WORD_RE.search(text, max(0, start - 10), start)
        if mm:  # "minus 20 degrees"
            sign, start = "-", mm.start()
    if sign in {"-", "−"}:
        value, low, high = -value, -high, -low
    qualifier = "=" if c.how in {"digits", "words", "fraction"} else "range"
    if c.how in {"plural", "several", "tens"}:
        qualifier = "range"
    left = text[max(0, start - 40):start]
    currency = ""
    m = _CUR_PREFIX_RE.search(left)
    currency_text = ""
    if not m and c.how == "digits" and _is_rand(text, start, end):
        currency, currency_text, start = "ZAR", "R", start - 1
        left = text[max(0, start - 40):start]
    elif m:
        tok = m.group(1)
        currency_text = tok.strip()
        for pat, code in _CUR_PREFIX:
            if _rx(pat, re.I).fullmatch(tok.strip()):
                currency = code
                break
        start = start - (len(left) - m.start(1))
        left = text[max(0, start - 40):start]
    if why == "year" and not currency:
        # a bare 4-digit year stays out unless a unit or percent follows
        nxt = text[end:end + 25]
        if not (_PERCENT_RE.match(nxt) or _UNIT_RE.match(nxt) and not _rx(r"\s?(?:year|month|day|week|decade|m\b|t\b|g\b|l\b|in\b)", re.I).match(nxt)
                or _rx(r"\s(?:people|troops|soldiers|jobs|workers|employees|units|tons|tonnes)\b").match(nxt)
                or _year_is_a_count(text, start, end, value)):
            return None
    # qualifier before
    qual_start = None
    for rx, q in _QUAL_RES:
        mq = rx.search(left)
        if mq:
            qual = q
            qual_start = start - (len(left) - mq.start(1))
            lead = _rx(r"of\s+", re.I).match(mq.group(1))
            if lead:  # "a sampling of around 3.5 million": the figure is "around 3.5 million"
                qual_start += lead.end()
            word = mq.group(1).lower().split()[-1]
            if word == "over" and (_OVER_PARTICLE_RE.search(left) or _OVER_SPAN_BEFORE_RE.search(
                    text, max(0, start - 80), start) and _OVER_SPAN_AFTER_RE.match(text, c.end)) \
                    or word in ("passed", "passes", "passing") and _TALLY_AFTER_RE.match(text, c.end):
                qual, qual_start = "", None
            break
    else:
        qual = ""
    # "between X and Y"
    between = _rx(r"\bbetween\s+$", re.I).search(left)
    # scale
    scale, end = _scale_at(text, end, glued_ok=True, currency=bool(currency))
    # range: "44-45 billion", "1 to 2 thousand", "between 15 and 17"
    rng = None
    if c.how in {"digits", "words"}:
        mr = _rx(r"\s?(?:-|–|—|to|and)\s?" if between else r"\s?(?:-|–|—|to)\s?", re.I).match(text, end, end + 6)
        if mr and not (mr.group(0).strip() in {"-"} and scale != 1.0 and False):
            sec = _parse_second(text, mr.end(), p)
            if sec is not None:
                v2, end2, scale2 = sec
                left_word_from = _CHANGE_FROM_RE.search(text[max(0, c.start - 60):c.start])
                if mr.group(0).strip() in {"-", "–", "—"} and scale == 1.0 and scale2 == 1.0 and not currency and (
                        value > v2 or (value == v2 or _SCORE_CONTEXT_RE.search(text, max(0, start - 40), start)
                                       or _SCORE_CONTEXT_RE.match(text, end2) or _in_score_list(text, start, end2))
                        and not _UNIT_RE.match(text, end2) and not _PERCENT_RE.match(text, end2)
                        and not _counted_after(text, end2)):
                    return ("skip", end2)  # "a 5-4 decision", "won 2-1", "a 24-31 loss", "drew 2-2": a tally
                noun_after = scale2 == 1.0 and _rx(r"\s+[a-z]+s\b").match(text[end2:end2 + 24]) and scale != 1.0
                conn = mr.group(0).strip().lower()
                # "fell by $100bn to $300bn", "rose $2 to $50": a change, then the level it reached
                change_then_level = conn == "to" and _rx(r"\s?(?:US\s?\$|\$|€|£|¥|₹)").match(text, mr.end()) and (
                    _UP_RE.search(text, max(0, start - 30), start) or _DOWN_RE.search(text, max(0, start - 30), start))
                # "a vote of 68 to 32": a tally, two figures
                tally = conn == "to" and scale == 1.0 and scale2 == 1.0 and value > v2 and not currency
                if not left_word_from and not _rx(r"\d").match(text[end2:end2 + 1]) and not noun_after \
                        and not change_then_level and not tally:
                    s1 = scale if scale != 1.0 else (scale2 if value <= v2 else 1.0)
                    s2 = scale2 if scale2 != 1.0 else scale
                    rng = (_scaled(value, s1), _scaled(v2, s2))
                    end = end2
    # currency after: "9 billion shekels", "110 JPY", "18 sen"
    after = text[end:end + 30]
    if not currency:
        ma = _rx(r"\s?(?:of\s+)?(?:(US\$|HK\$|NZ\$|AU\$|\$US|\$A)|([A-Za-z][A-Za-z ]{1,16}))").match(after)
        if ma and ma.group(1):
            currency = "USD" if "US" in ma.group(1) else {"HK$": "HKD", "NZ$": "NZD", "AU$": "AUD", "$A": "AUD"}[ma.group(1)]
            currency_text = ma.group(1)
            end += ma.end()
        elif ma:
            low_after = ma.group(2).lower()
            for name, code in _CUR_SUFFIX:
                if low_after.startswith(name) and _CUR_SUFFIX_END_RE.match(low_after, len(name)):
                    if name in {"won", "rand", "lira"} and not _rx(r"\s?" + name + r"\b", re.I).match(after):
                        continue
                    if name in {"won"} and _rx(r"\s?won\s+(?:the|a|an|by|in|at|over|against)\b", re.I).match(after):
                        continue
                    currency = code
                    currency_text = text[end + ma.start(2):end + ma.start(2) + len(name)]
                    end += ma.start(2) + len(name)
                    break
        if not currency:
            mp = _rx(r"(p|\s?sen)\b").match(after)
            if mp and c.how == "digits":  # "rose 5p to 120p."
                currency = "GBP-pence" if mp.group(1) == "p" else "MYR-sen"
                currency_text = mp.group(1)
                end += mp.end()
    kind = "count"
    unit = "count"
    raw_unit = ""
    factor = 1.0
    if currency:
        kind, unit, raw_unit = "money", currency, currency_text or currency
    else:
        mp = _PERCENT_RE.match(text, end)
        if mp:
            kind, unit, raw_unit = "percent", "%", mp.group(1)
            end = mp.end()
        else:
            mu = _UNIT_RE.match(text, end)
            if not mu and _GLUED_IN_RE.match(text, end) and _INCHES_AFTER_FEET_RE.search(text, max(0, start - 10), start):
                kind, unit, raw_unit = "measure", unit_conversion("in")[0], text[end:end + 2]  # "5ft 10in"
                end += 2
            elif mu:
                surf = mu.group(1)
                key = surf.lower()
                ok = key in _UNITS
                glued = mu.start(1) == end or text[end:mu.start(1)] == "-"
                if ok and key in ("c", "f"):
                    # a bare C or F is a temperature only in capitals, and unglued only near weather words
                    ok = surf.isupper() and (glued or bool(_TEMPERATURE_CUE_RE.search(
                        text, max(0, start - 120), min(len(text), end + 120))))
                elif ok and key in _CASE_UNITS and not glued and surf not in {"°"}:
                    ok = surf.lower() in {"mi", "min", "sec", "hr", "mw", "gw", "kv", "hz", "mb", "kb", "pp", "pts", "gal"} and surf != surf.lower() or key in {"min", "sec", "pts", "gal", "mi"}
                    if key in {"m", "g", "t", "l", "w", "v", "ha", "in.", "°"}:
                        ok = False
                if ok and key in {"in.", "in"} and not glued:
                    ok = False
                if ok and key in ("c", "f") and not (surf.isupper() and -90 <= value <= 140):
                    ok = False  # "32 C", "92F": a bare C or F is a temperature only in capitals
                if ok and key in ("pound", "pounds") and _pounds_sterling(text, start, end, scale):
                    kind, unit, raw_unit = "money", "GBP", surf  # "1.2 million pounds", "paid 500 pounds"
                    end = mu.end()
                elif ok:
                    kind, unit, raw_unit = "measure", unit_conversion(key)[0], surf
                    end = mu.end()
    if kind == "count" and (_MAGNITUDE_BEFORE_RE.search(text, max(0, start - 20), start)
                            or _MAGNITUDE_AFTER_RE.match(text, end)):
        kind, unit, raw_unit = "measure", "magnitude", "magnitude"  # "a magnitude 7.5 earthquake"
    # fractions are shares
    if c.how == "fraction" and kind == "count":
        kind, unit, raw_unit = "percent", "%", ""
    raw_value, raw_low, raw_high = value, low, high
    if rng:
        raw_low, raw_high = rng
        raw_value = rng[0]
        qualifier = "range"
    else:
        raw_value, raw_low, raw_high = _scaled(value, scale), _scaled(low, scale), _scaled(high, scale)
    # qualifier -> interval
    q = qualifier
    lo, hi = raw_low, raw_high
    if qual and not rng:
        v = raw_value
        if qual == ">":
            q, lo, hi = ">", v, max(raw_high, v * p.open_upper if v > 0 else p.open_upper)
            if c.how in {"plural", "several", "tens"}:
                lo, hi = raw_low, p.open_upper
        elif qual == ">=":
            q, lo, hi = ">=", raw_low, p.open_upper
        elif qual == "<":
            q, lo, hi = "<", 0.0 if v >= 0 else -math.inf, raw_high
        elif qual == "<=":
            q, lo, hi = "<=", 0.0 if v >= 0 else -math.inf, raw_high
        elif qual == "~<":
            q, lo, hi = "~", raw_low * (1 - p.nearly_width), raw_high
        elif qual == "~":
            q, lo, hi = "~", raw_low * (1 - p.about_width), raw_high * (1 + p.about_width)
        start = min(start, qual_start) if qual_start is not None else start
    if qual and rng:
        if qual in {"~", "~<"}:
            q, lo, hi = "~", raw_low * (1 - p.about_width), raw_high * (1 + (p.about_width if qual == "~" else 0.0))
        elif qual in {">", ">="}:
            q, lo, hi = qual, raw_low, p.open_upper
        elif qual in {"<", "<="}:
            q, lo, hi = qual, 0.0 if raw_low >= 0 else -math.inf, raw_high
        start = min(start, qual_start) if qual_start is not None else start
    if lo > hi:
        lo, hi = hi, lo
    # fractions as percent
    if c.how == "fraction" and kind == "percent":
        fv = 100.0
        value_n, lo_n, hi_n = raw_value * fv, lo * fv, hi * fv
    elif kind == "measure":
        unit, factor, offset = unit_conversion(raw_unit.lower(), unit == "°C" and _temperature_change(text, start, end))
        value_n, lo_n, hi_n = (x * factor + offset for x in (raw_value, lo, hi))
    else:
        value_n, lo_n, hi_n = raw_value, lo, hi
    # change direction
    change = ""
    pre = text[max(0, (qual_start if qual_start is not None else c.start) - 30):(qual_start if qual_start is not None else c.start)]
    pre = _rx(r"(?:US\s?\$|\$|€|£|¥|₹|RM)\s?$").sub("", pre)
    if sign == "+" and kind in {"percent", "money"}:
        change = "up"
    elif c.sign in {"-", "−"} and kind == "percent":  # "FTSE -0.6%"; "a rate of minus 0.4%" is a level
        change = "down"
    elif _rises_before(pre) and not (kind == "money" and _RAISED_MONEY_RE.search(pre)):
        change = "up"
    elif _falls_before(pre):
        change = "down"
    elif kind in {"percent", "money", "count"} and _LOWER_AFTER_RE.match(text, end) and (
            kind != "count" or _LOWER_AFTER_RE.match(text, end).group(1)):
        change = "up" if _LOWER_AFTER_RE.match(text, end).group(2).lower() == "higher" else "down"
    # subject
    subject = ""
    sent_lo = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start), 0)
    nxt_stop = _rx(r"[.;!?]\s|\n").search(text[end:end + 200])
    limit = end + (nxt_stop.start() if nxt_stop else min(200, len(text) - end))
    if kind == "count":
        subject, _ = _noun_after(text, end, limit)
    elif kind == "money":
        subject, _ = _noun_after(text, end, limit)
        if subject and not _rx(r"\s*(?:worth\s+of|of)\b").match(text[end:end + 12]) and not _rx(r"\s*[a-z]").match(text[end:end + 3]):
            subject = ""
        spent_on = _rx(r"\s+(?:on|for)\s+(?:the\s+|its\s+|their\s+|new\s+)*").match(text[end:limit])
        if not subject and spent_on:
            # "spend $2 billion on French frigates", "$5 million for new schools": what the money buys
            subject, _ = _noun_after(text, end + spent_on.end(), limit)
            if subject[:1].isupper() and not any(_is_plural(w) for w in subject.split()):
                subject = ""  # "$5 million for Smith": a name, not a thing bought
        if not subject:
            subject = _noun_before(text, start, max(sent_lo, start - 80))
    elif kind == "percent":
        if _rx(r"\s*of\b").match(text[end:end + 5]):
            subject, _ = _noun_after(text, end, limit)
        mc = re.match(r"\s+(increase|decrease|rise|fall|drop|decline|gain|cut|jump|growth|share|stake|"
                      r"reduction|hike|premium|discount|duty|tariff|tax|fee|rate|interest|majority|lead|"
                      r"turnout|return|margin)s?\b(?:\s+(?:in|of|on)\s+)?", text[end:limit])
        if not subject and mc:
            # "a 5.1 percent decrease in response rates" -> "response rates"; "a 25% duty" -> "duty"
            inner = ""
            if mc.group(0).rstrip().endswith(("in", "of")) and mc.group(1) not in {"duty", "tariff", "tax", "fee", "stake"}:
                inner, _ = _noun_after(text, end + mc.end(), limit)
                if mc.group(0).rstrip().endswith("in") and inner and all(w[:1].isupper() for w in inner.split()):
                    inner = ""  # "a 20.3 percent drop in Maine": where it fell, not what fell
            subject = inner or mc.group(1)
        if not subject:
            subject = _noun_before(text, start, max(sent_lo, start - 80))
        if not subject:
            subject, _ = _noun_after(text, end, limit)
    else:
        if _rx(r"\s*of\b").match(text[end:end + 5]):
            subject, _ = _noun_after(text, end, limit)
        if not subject:
            mb = _rx(r"([A-Za-z]+)\s+of\s+(?:up to\s+|about\s+|around\s+|nearly\s+|some\s+)?$").search(text[max(0, start - 40):start])
            if mb and mb.group(1).lower() not in _STOP:
                subject = mb.group(1)
        if not subject:
            subject, _ = _noun_after(text, end, limit)
    if c.how == "fraction" and not subject:
        subject, _ = _noun_after(text, end, limit)
    if c.how == "words" and not subject and kind == "count" and value == 1 and not qual:
        return None  # "followed one in 2017": a pronoun, not a count
    if kind == "count" and not currency and c.how in ("digits", "words") and not c.sign \
            and 1 <= value <= 120 and float(value).is_integer() and (not rng or rng[1] <= 120) and (
                _AGE_BEFORE_RE.search(text, max(0, start - 30), start)
                or not rng and _AGE_APPOSED_LEFT_RE.search(text, max(0, start - 40), start)
                and _AGE_APPOSED_RIGHT_RE.match(text, end)
                or not rng and c.how == "digits" and _scraped_age(text, start, end)):
        # "died at 75", "aged 19 and 23", "voters aged 18 to 29", "Serena Williams, 37, is", "Smith 31 was
        # charged": a person's age, not a count of people
        kind, unit, raw_unit = "measure", "years of age", ""
        subject = ""
    return start, end, {
        "value": value_n, "low": lo_n, "high": hi_n, "unit": unit, "qualifier": q,
        "subject": subject, "kind": kind, "raw_value": raw_value, "raw_low": raw_low,
        "raw_high": raw_high, "raw_unit": raw_unit, "change": change, "written_low": lo, "written_high": hi,
    }
