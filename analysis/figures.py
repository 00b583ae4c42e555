"""Figure discrepancies: every figure each outlet reports, grouped by what it measures, lined up across outlets.

Tables (plain functions over plain data):

* :func:`figures_table` -- one row per figure in each article: value, interval, unit,
  the figure as written (``written_*``: scale words applied, no unit conversion), the
  counted noun and its modifiers, what is done to or by it (``action``), who does it
  (``actor``), and the kind of statement (``statement``: outcome, total, batch, remaining, plan, forecast,
  target, demand).
* :func:`claims_table` -- figures grouped into *claims*: one claim is one quantity.
  Figures are compared only within their ``subject_key`` (unit and counted noun; the unit alone
  for money, measures and percentages; people named by their role -- officers, defendants,
  staff, MPs, firefighters, jobs cut -- or by what they do -- marchers, the dead -- are counted
  people, the role read like a modifier and the deed as the action).  Two
  figures are never one quantity when their time anchors are apart (a date the timeline
  stage resolves in the sentence, "in December 2016", else the publication date; a state
  going on, "5,600 firefighters are battling it", only on its own day), their
  nouns carry contradicting modifiers ("thumb drives" / "hard drives", "Russian" /
  "British"), their actions exclude each other (killed / wounded, separated / reunited; a
  count's rise or fall only the opposite one: "lost 32 citizens" may be the 32 dead),
  they move in opposite directions, or one states a target, a demand or a forecast and
  the other does not, or what remains and the whole.  Figures whose values agree join on
  shared context (content words of the sentence and its neighbours, IDF-weighted), or on the
  same distinctive value (for a bare count, one that states nothing done, only with some shared
  context) or action; the same value first (an open-ended "at least 26" meets
  many values, within ``open_match_factor`` of its bound, as "up to 14,000" does below it); an
  earlier open-ended toll allows a later, larger one; two exact counts that are not round numbers
  and differ, told of different days, are not one value by rounding.  Figures whose values disagree join
  only on strong evidence: the same action on both sides, the same kind of statement,
  no different actors, and shared context; and a claim whose values disagree holds only
  figures that state the same action (where they state one), kind of statement and
  direction, and one time (outcomes within ``conflict_max_days``, running totals on one
  day).  Otherwise they are listed apart (:func:`claims_apart_table`), as figures that may
  measure different things, with why.
  A count whose whole noun is one word in capitals ("a 737 MAX 8"), or a number word with a capital
  after a capitalised word ("the Mega Millions jackpot"), is a number inside a name and stays out of
  claims (:func:`_lined_up`).  A count of hours ("8,000 flying hours") is keyed with durations.
  Two values one article gives are two quantities, unless each is given by a source its sentence names and
  the sources differ ("8,000, the ministry said, while organisers put the crowd at 30,000": two estimates
  of what may be one quantity, :func:`_estimate_source`).
  Two sums or measures whose subjects differ as read are not doubted for it when one's subject is
  named in the other's sentence and their values agree; two exact counts of other days that rounding
  cannot make one stay apart even through a third figure that meets both.  The verb of a relative
  clause before a figure ("the store that sold the ticket gets $50,000") is not its action.
  Each claim says why its figures were taken as one quantity (``evidence``) and gets a
  status: ``agree``, ``compatible`` (intervals overlap or differ by rounding),
  ``conflict`` (some intervals disjoint: only ever on strong evidence), ``single source``.
* :func:`claims_apart_table` -- pairs of claims about the same noun and unit whose
  values differ but that were kept apart, with the reason.
* :func:`claims_summary` -- one row per claim.

Decomposition (what the execution engine runs, and on what):

* **map** :func:`article_figures` -- one article -> its figure rows (extraction by
  :func:`analysis.quantities.extract_figures`, then the statement features).  Depends on
  the article only.  :func:`figures_table` is this map over all articles.
* **join + map** :func:`figure_contexts` -- one article's figure rows joined with that
  article's text (by ``article_id``) -> each figure's context words (stems cached).
* **join + map** :func:`figure_time_anchors` -- one article's figure rows joined with that
  article's date mentions from the timeline stage's ``dates`` table (by ``article_id``)
  -> each figure's time anchor.
* **reduction, broadcast** :func:`context_document_frequency` -- context word -> number of
  articles using it (a sum of per-article sets), and the article count: a small dict
  sent to every keyed reduction.
* **keyed reduction by** ``subject_key`` :func:`group_claims` -- all figures of one key ->
  their claim rows and apart rows.  A small key has every pair of its figures compared; a
  large one only candidate pairs from blocking (:func:`_candidate_pairs`: an inverted index
  of context words, the article, the value, the action), a bounded number per figure, so
  the work grows linearly with the key.  The rules that keep figures apart are checked
  between the two claims being joined, from compact summaries of each
  (:class:`_Cluster`), so they hold for pairs never compared.  Claim ids are derived from
  the key and the order of first appearance within it.
* **join by id, keyed reductions by** ``claim_id`` **then by value** :func:`claim_value_rows`,
  :func:`merge_claims_by_value` -- claims joined with their figures' features (by ``figure_id``);
  each claim whose figures all give one distinctive value is keyed by that value (``unit|kind|value``),
  and claims of different subject keys in one value key join when their contexts are alike and no
  rule keeps them apart (one quantity told with other nouns: "up to 14,000 jobs" / "up to 14,000
  factory and office posts"); the new ids, statuses and evidence are joined back by
  (``subject_key``, ``claim_id``), on the claims and on the apart pairs.
* **join by id** :func:`mark_shared_figures` -- claims joined with figures (by
  ``figure_id``) and with the overlap stage's passages (by ``article_id``).
* **keyed reduction by** ``claim_id`` :func:`claims_summary`.

Every threshold is a field of :class:`FigureParams`.
"""

from __future__ import annotations

import bisect
import functools
import gc
import itertools
import logging
import math
import operator
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import regex
import snowballstemmer

from analysis.article import Article
from analysis.engine import records as frame_records
from analysis.quantities import (ExtractParams, Figure, extract_figures, normalise_subject,
                                 split_sentences)

__all__ = ["FigureParams", "Figure", "extract_figures", "figures_table", "claims_table", "claims_tables",
           "claims_apart_table", "claims_summary", "write_tables", "article_figures", "figure_contexts",
           "figure_time_anchors", "context_document_frequency", "group_claims",
           "FIGURE_COLUMNS", "CLAIM_COLUMNS", "APART_COLUMNS", "SUMMARY_COLUMNS", "mark_shared_figures"]


@dataclass(frozen=True)
class FigureParams:
    """What the figures and claims depend on (defaults in brackets).

    context_window: sentences either side of a figure's sentence that count as
        its context [1].
    neighbour_weight: weight of the neighbouring sentences' words against the
        figure's own sentence (1.0) [0.5].
    event_similarity: least similarity of two figures' contexts for figures whose
        values agree to be one quantity [0.07].  Similarity is the weighted overlap
        coefficient of their context words (shared weight / smaller total), each
        word weighted by its IDF over the corpus's articles and by place.
    conflict_similarity: least similarity for figures whose values disagree to be
        one quantity (a conflict), on top of the same action and kind of statement
        on both sides [0.1].
    unnamed_conflict_similarity: figures whose values disagree and whose sentences
        name no person, place or organisation in common are a conflict only when their
        contexts are at least this similar (near-identical wording) [0.5].
    max_publication_gap_days: figures whose time anchors (a date in the figure's
        sentence, else the article's publication date) lie further apart than this
        are different events [90].
    anchor_tolerance_days: two dates named in the figures' sentences ("last
        Friday", "on Friday") further apart than this are different times [3].
    anchor_max_words: a date in a figure's sentence is the figure's time only within
        this many words of it [8].
    undated_gap_days: a figure dated in its sentence and a figure known only by its
        article's publication date are different times when further apart than this;
        closer, they may still be one (an undated sentence can report an older event),
        but are never called a conflict [365].
    rounding_tolerance: relative gap two intervals may have and still be
        "compatible" (rounding or precision: 1.5 vs 1.45 billion) [0.05].
    about_width: "about/around X" -> [X(1-w), X(1+w)] [0.1].
    nearly_width: "nearly/almost X" -> [X(1-w), X] [0.1].
    vague_plural_span: "dozens" -> [24, span*12], "several dozen" -> [36, span*12],
        "hundreds" -> [200, span*100] [10].
    open_upper: upper bound of "more than X" [inf: the wording gives none].
    min_context_words: figures with fewer context words than this are never
        grouped across articles on context alone [2].
    entity_clash: two figures whose own sentences both name two or more proper nouns (not
        counting who says the figure: "police said", "according to ...") but share none
        (Spotify's subscribers vs Apple Music's) are different quantities [True].
    min_count_in_claims: exact counts below this ("one individual", "one part")
        stay in the figures table but are not lined up [2].
    max_apart_per_claim: figures that may measure different things: at most this
        many other claims listed per claim (the most similar first) [3].
    open_match_factor: an open-ended figure ("more than 10,000") is read as the same
        value as an agreeing figure only up to this many times its bound ("1.7 million"
        is not "more than 10,000"), and one bounded only above ("up to 14,000", "as much as
        13 percent") only down to its bound divided by this [1.5].
    conflict_max_days: figures whose values disagree are called a conflict only when their
        times (dates named in their sentences, else publication dates) are at most this many
        days apart: a count reported on other days may have changed (a death toll, a running
        count); a plan, forecast, target or demand is exempt (it is about another time) [1].
    total_conflict_max_days: the same for running totals ("the death toll rose to", "so far"),
        which change from day to day [0: the same day].
    full_compare_max: a subject key with at most this many figures has every pair of its
        figures compared; in a larger key only candidate pairs are (blocking: figures whose
        contexts share the most, of the same article, with the same distinctive value, or
        the same action with values that meet) [64].
    block_partners: blocking: each figure's this many partners whose contexts share the most
        with its own (IDF-weighted) [16].
    block_word_max: blocking: a context word used by more of the key's figures than this tells
        none of them apart and proposes no partners [64].
    block_window: blocking: in a block of figures (one article, one value, one action) larger than
        this plus one, each figure is paired only with the this many that follow it in time
        order [16].
    bare_value_similarity: two counts of one noun that state nothing done to or by it on either
        side ("70,000 people need food" / "70,000 people are homeless") join on the same value
        only when their contexts are at least this similar: a shared value alone says little
        about what is counted [0.02].
    value_merge_similarity: two claims of different counted nouns (or subjects) whose figures all give one
        and the same distinctive value (not a count below ten) join as one quantity told with other words
        ("up to 14,000 jobs" / "up to 14,000 factory and office posts") when some figure of one and some
        figure of the other, from different articles, have contexts at least this similar (shared weight
        over the larger context) and nothing keeps them apart (the second keyed pass, by value) [0.07].
    value_merge_max_subjects: the second keyed pass joins at most this many claims (each of another counted
        noun) into one: one quantity is told with a few nouns, and a longer chain of such joins, each on
        context alone, reaches figures that are not one quantity [2].
    """

    context_window: int = 1
    neighbour_weight: float = 0.5
    event_similarity: float = 0.07
    conflict_similarity: float = 0.1
    unnamed_conflict_similarity: float = 0.5
    max_publication_gap_days: int = 90
    anchor_tolerance_days: int = 3
    anchor_max_words: int = 8
    undated_gap_days: int = 365
    rounding_tolerance: float = 0.05
    about_width: float = 0.1
    nearly_width: float = 0.1
    vague_plural_span: float = 10.0
    open_upper: float = math.inf
    min_context_words: int = 2
    entity_clash: bool = True
    min_count_in_claims: float = 2.0
    max_apart_per_claim: int = 3
    open_match_factor: float = 1.5
    conflict_max_days: int = 1
    total_conflict_max_days: int = 0
    full_compare_max: int = 64
    block_partners: int = 16
    block_word_max: int = 64
    block_window: int = 16
    bare_value_similarity: float = 0.02
    value_merge_similarity: float = 0.07
    value_merge_max_subjects: int = 2

    def extract_params(self) -> ExtractParams:
        return ExtractParams(about_width=self.about_width, nearly_width=self.nearly_width,
                             vague_plural_span=self.vague_plural_span, open_upper=self.open_upper)


FIGURE_COLUMNS = ["figure_id", "article_id", "start", "end", "text", "value", "low", "high", "unit",
                  "written_value", "written_low", "written_high", "written_unit",
                  "qualifier", "subject", "subject_norm", "kind", "quoted", "speaker", "sentence",
                  "sentence_start", "change", "modifiers", "action", "actor", "statement", "subject_key"]
CLAIM_COLUMNS = ["claim_id", "subject", "unit", "article_id", "outlet", "figure_id", "figure_text", "low",
                 "high", "written_value", "written_low", "written_high", "written_unit", "status", "sentence",
                 "quoted", "speaker", "published", "shared_with", "subject_key", "action", "statement",
                 "time_anchor", "evidence"]
APART_COLUMNS = ["subject_key", "claim_a", "claim_b", "figure_a", "figure_b", "article_a", "article_b",
                 "text_a", "text_b", "low_a", "high_a", "low_b", "high_b", "sentence_a", "sentence_b",
                 "similarity", "why_apart"]
SUMMARY_COLUMNS = ["claim_id", "subject", "unit", "status", "articles", "outlets", "independent", "low_min",
                   "high_max", "figures", "evidence"]

_STEMMER = snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball stem of a lower-case word (cached: news repeats its words)."""
    return _STEMMER.stemWord(word)


_CTX_STOP = frozenset("""a an the this that these those it its his her their our your my of in on at to for from
with by and or but nor as than per each every which who whom whose what when where while is are was were
be been being am have has had having will would could should can may might must shall do does did not
no so such also only just very more most less fewer about around over under up down into onto upon out
off some any all both either neither other another same own there here then now said says say told
according being if once since until after before during amid among between through against across
within without toward towards via near including he she they we you i him them us me mr mrs ms
one two three four five six seven eight nine ten dozen dozens hundred hundreds thousand thousands
million millions billion billions trillion percent cent per year years month months week weeks day
days monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow""".split())


# ---------------------------------------------------------------- what a figure's statement says
# Actions: what is done to or by the counted thing, as classes of words (snowball stems).  A
# hand-kept lexicon of the verbs and nouns news uses around figures: no offline lexical resource
# ships with the packages we may install.  "Exclusive" classes are outcomes that one counted
# group cannot share (killed / wounded, expelled / ..., rose / fell): two figures with different
# exclusive actions are different quantities.  The other classes (having, finding, handing
# over, taking part) describe the same things in different words and never separate figures;
# the same class on both sides is evidence that two figures measure one thing.
_ACTION_STEMS = {
    "kill": "kill die dead death fatal murder slain perish toll",
    "wound": "wound injur hurt hospitalis hospitaliz",
    "arrest": "arrest detain jail imprison",
    "charge": "indict charg prosecut accus",
    "convict": "convict sentenc",
    "remove": "expel expuls oust deport evacu flee fled displac",
    "attend": "protest march ralli demonstr gather attend crowd turnout",
    "deliver": "deliv deliveri suppli provid receiv arriv shipment transfer promis",
    "buy": "buy bought purchas acquir procur",
    "sell": "sell sold",
    "spend": "spend spent cost invest paid pay fund alloc",
    "grant": "approv grant award lend lent",
    "earn": "revenu earn profit incom turnov",
    "win": "won win elect flip gain",
    "rise": "rose rise risen increas grew grow jump climb surg soar",
    "fall": "fell fall fallen drop declin decreas lost lose plung tumbl sank slid shed",
    "separate": "separ",
    "reunite": "reunit return",
    "steal": "stole steal stolen hack breach leak",
    "infect": "infect sicken sick ill",
    "cut": "layoff slash elimin",
    "impose": "tariff duti impos levi",
    "burn": "burn burnt scorch",
    "destroy": "destroy damag raze",
    "contain": "contain",
    "deploy": "deploy sent send dispatch involv particip mobilis mobiliz assign battl fight fought",
    "has": "has have had hold boast",
    "find": "found discov uncov",
    "give": "gave give hand donat",
}
_NEUTRAL_ACTIONS = frozenset({"has", "find", "give", "spend", "contain"})
_ACTION_OF = {stem: cls for cls, stems in _ACTION_STEMS.items() for stem in stems.split()}
_ACTION_PHRASES = [  # multi-word actions, read before single words
    (re.compile(r"\b(?:ordered|told)\b[^.;:]{0,40}?\b(?:out|to\s+leave)\b", re.I), "remove"),
    (re.compile(r"\bsent\s+home\b", re.I), "remove"),
    (re.compile(r"\b(?:took|take|taking)\s+part\b|\bturned\s+out\b", re.I), "attend"),
    (re.compile(r"\bleave\s+their\s+homes\b", re.I), "remove"),
    (re.compile(r"\b(?:forced|driven)\s+(?:from|out\s+of)\s+their\s+homes\b", re.I), "remove"),
    (re.compile(r"\b(?:lost|lose)\s+their\s+lives\b", re.I), "kill"),
    (re.compile(r"\b(?:fall|falls|fell|fallen|falling|taken|took)\s+ill\b", re.I), "infect"),  # not a fall
    (re.compile(r"\b(?:picked|picking|pick)\s+up\b", re.I), "win"),
    (re.compile(r"\bturned\s+over\b|\bhanded\s+over\b", re.I), "give"),
    (re.compile(r"\bcame\s+across\b", re.I), "find"),
    (re.compile(r"\blaid\s+off\b|\blay\s+off\b", re.I), "cut"),
    (re.compile(r"\bwiped\s+out\b|\bwiping\s+out\b", re.I), "fall"),
    (re.compile(r"\bon\s+duty\b", re.I), "deploy"),  # officers on duty, not a tariff
]
# any of the phrases above (one scan of a sentence, where each phrase's own pattern would scan it
# again): a sentence it does not match holds none of them, so their own scans are skipped
_ANY_ACTION_PHRASE = re.compile("|".join(f"(?:{rx.pattern})" for rx, _ in _ACTION_PHRASES), re.I)
_WORD_RE = regex.compile(r"[A-Za-z][A-Za-z'’-]*")  # ``regex``: words found about twice as fast as by ``re``
_AUX_BEFORE_RE = re.compile(r"\b(?:is|are|was|were|been|has|have|had)\s+(?:\w+ly\s+|not\s+|also\s+)?$", re.I)
_AUXILIARY_AFTER_RE = re.compile(
    r"\s+(?:(?:not|never|already|also|now|since|just|recently|so\s+far|yet|still)\s+)*"
    r"(?:been|[a-z]+ed|[a-z]+en|got|gotten|made|had|done|gone|come|become|sent|spent|lost|won|found|held|"
    r"paid|sold|bought|kept|left|brought|told|said|cut|put|set|hit|shed|risen|fallen|grown|stolen|seen|run|"
    r"begun|taken|given)\b", re.I)

# Kinds of statement.  Markers before the figure in its sentence (the nearest wins) or right
# after its noun phrase ("the $13.4 billion analysts expected", "the 2 percent goal").
_KIND_MARKERS = [
    ("forecast", r"\bforecast(?:s|ed|ing)?\b|\bpredict(?:s|ed|ing|ion|ions)?\b|\bprojected\b|\bprojections?\b|"
                 r"\b(?:analysts?|economists?|polls?|pollsters?|forecasters?|consensus|Wall\s+Street)\b[^.;]{0,30}?"
                 r"\b(?:expect(?:s|ed)?|estimate[sd]?|see|saw|predict(?:s|ed)?|forecast)\b"),
    ("target", r"\btargets?\b|\bgoals?\b|\bguidelines?\b|\bbenchmarks?\b|\bpledge[sd]?\b|\bpledging\b|"
               r"\bcommitments?\b|\bcommitted\b|\bthresholds?\b|\bquotas?\b|\bobjectives?\b|"
               r"\b(?:promise[sd]?|vow(?:s|ed)?)\s+to\b|\bneed(?:s|ed)?\b"),
    ("demand", r"\bdemand(?:s|ed|ing)?\b|\bcall(?:s|ed|ing)?\s+for\b|\burg(?:e|es|ed|ing)\b|\binsist(?:s|ed)?\b|"
               r"\bwants?\b|\bwanted\b|\baim\s+for\b|\b(?:told|said|says)\b[^.;]{0,40}?\b(?:should|must)\b"),
    ("plan", r"\bexpect(?:s|ed|ing)?\b|\bplan(?:s|ned|ning)?\b|\bschedul(?:e|es|ed)\b|\bdue\s+to\b|\bset\s+to\b|"
             r"\bwill\b|\bwon['’]t\b|\b(?:would|could|should|must)(?:n['’]t)?\b|(?-i:\bmay\b)|\bmight\b|\bis\s+to\b|\bare\s+to\b|\bprepar(?:e|es|ed|ing)\s+for\b|"
             r"\banticipat(?:e|es|ed)\b|\bpromise[sd]?\b|\bhope[sd]?\s+to\b|\bthreaten(?:s|ed)?\b|\bintend(?:s|ed)?\b|\bpropos(?:e|es|ed)\b"),
    ("total", r"\bin\s+all\b|\bin\s+total\b|\bso\s+far\b|\bto\s+date\b|\baltogether\b|\ball\s+told\b|"
              r"\bcumulative(?:ly)?\b|\brunning\s+total\b|\b(?:have|has)\s+now\b|\btotal\s+of\b|"
              r"\btoll\b|\breached\b|\b(?:rose|risen|climbed|jumped)\s+to\b"),
]
# markers after the figure, in its clause: "more than two dozen Russians have now been charged",
# "32 people so far", "2,053 children were still separated"
_KIND_LATER_RE = re.compile(
    r"(?P<total>\bin\s+all\b|\bin\s+total\b|\bso\s+far\b|\bto\s+date\b|\baltogether\b|"
    r"\b(?:have|has)\s+now\b)|(?P<remaining>\bstill\b|\bremain(?:s|ed|ing)?\b)", re.I)
# the ``regex`` library scans this long alternation about twice as fast as ``re`` (the same matches)
_KIND_RE = regex.compile("|".join(f"(?P<{k}>{p})" for k, p in _KIND_MARKERS), regex.I)
_KIND_AFTER_RE = re.compile(
    r"\s*(?:[A-Za-z-]+\s+){0,2}?(?P<target>goal|target|guideline|benchmark|threshold|demand|quota|"
    r"(?:they|it|he|she|we)\s+(?:needed|need|needs|required))\b|"
    r"\s*(?:[A-Za-z-]+\s+){0,2}?(?:analysts?|economists?|forecasters?|Wall\s+Street|polls?|it|they|the\s+company)"
    r"\s+(?:had\s+)?(?P<forecast>expected|forecast|predicted|estimated|projected)\b|"
    r"\s*(?:[A-Za-z-]+\s+){0,2}?(?P<plan>scheduled|planned|expected)\b", re.I)
_PROSPECTIVE = frozenset({"plan", "forecast"})
_PROSPECTIVE_KINDS = frozenset({"plan", "forecast", "target", "demand"})  # about a time other than the statement's
_TOTAL_OR_OUTCOME = frozenset({"total", "outcome"})  # alike when their values meet (see :func:`_compare`)
_BATCH_OR_OUTCOME = frozenset({"batch", "outcome"})  # likewise
_POSSESSED_RE = re.compile(r"(?:\b(?:its|their|his|our)|\b(?!(?:it|that|there|here|what|who|he|she|where|let)['’])\w+['’]s)\s+(?:(?:more|fewer|less)\s+than\s+|about\s+|"
                           r"around\s+|nearly\s+|almost\s+|some\s+|roughly\s+)?$", re.I)
_PARTITIVE_RE = re.compile(r"\b(?:of|among)\s+(?:the|its|their|these|those|his|her)\s+"
                           r"(?:(?:more|fewer|less)\s+than\s+|about\s+|around\s+|nearly\s+|some\s+)?$", re.I)


def _kinds_exclude(a: str, b: str) -> bool:
    """A target is only ever the same as a target, and never the same as a demand; a forecast is
    never an outcome.  (A plan and a forecast may be the same expectation; a plan and an outcome,
    or a demand and its retelling as an order, may agree, but are never called a conflict.)  What
    remains ("2,000 children remain in custody", "still missing") is a part of what was done, never
    the whole; a batch ("four more boys") is never the running total."""
    if a == b:
        return False
    if a == "target" or b == "target" or "remaining" in (a, b) or {a, b} in ({"demand", "forecast"}, {"batch", "total"}):
        return True
    return (a == "forecast" and b not in _PROSPECTIVE) or (b == "forecast" and a not in _PROSPECTIVE)
_rx_comma = re.compile(r",\s")
_ANAPHORIC_RE = re.compile(r"\s*[\"“‘']?(?:It|This|That|These|Those|They)\s+(?:is|are|was|were|'s|’s)\b")
_CLAUSE_CUT_RE = re.compile(r"[;:—–]|\s-\s|,\s+(?:and|but|while|whereas|which|who|where)\s+|\s(?:while|whereas)\s+")

_REPORT_NEAR_RE = re.compile(
    r"\b(?:said|says|say|told|tells|added|announced|announces|stated|wrote|reported|reports|declared|"
    r"confirmed|claimed|warned|noted|explained|insisted|revealed|disclosed|briefed)\b[^.;]{0,25}$", re.I)
_DEADLINE_BEFORE_RE = re.compile(r"\b(?:by|until|till|before|through)\s+(?:the\s+end\s+of\s+)?$", re.I)
_SINCE_BEFORE_RE = re.compile(r"\b(?:since|than\s+in|compared\s+with|compared\s+to)\s+(?:the\s+)?$", re.I)
# a date of when something began ("opened in 1967", "founded in 1999"): not the time of a figure about it
_ORIGIN_BEFORE_RE = re.compile(r"\b(?:opened|built|completed|founded|formed|established|launched|created|"
                               r"constructed|inaugurated|set\s+up)\s+(?:in|on)\s+(?:the\s+)?$", re.I)
_WHEN_AFTER_RE = re.compile(r"\s*,\s*when\b")  # "since 2006, when ...": what the clause tells is of that time
_CLAUSE_MARK_RE = re.compile(r"[,;:—–]|\s-\s")  # between a date and a figure: not one clause
_YEAR_AS_NAME_RE = re.compile(r"(?:\b(?:the|its|his|her|their|our|this|a|an)\s+$|[A-Za-z]-?$)", re.I)

_GENERIC_MODIFIERS = frozenset("""new other more most additional further extra some such total last past next first
second third previous different particular own so-called several many few about around nearly almost
more than least estimated reported known roughly just only all both the a an its their his her our and or""".split())
_ACRONYM_PLACE = re.compile(r"^[A-Z]{2}$")


_BATCH_AFTER_RE = re.compile(r"\s+(?:more|additional|further|extra)\b(?!\s+than\b)", re.I)
_BATCH_BEFORE_RE = re.compile(r"\b(?:another|an\s+additional|a\s+further|an\s+extra)\s+$", re.I)


def _batch_or(kind: str, text: str, ss: int, fs: int, fe: int) -> str:
    """"four more boys", "another 300": a batch added to what came before, not the running total."""
    if kind == "outcome" and (_BATCH_AFTER_RE.match(text, fe) or _BATCH_BEFORE_RE.search(text, max(ss, fs - 20), fs)):
        return "batch"
    return kind


def _statement_kind(text: str, sent_start: int, fig_start: int, fig_end: int, prev_sentence: str,
                    sent_end: int | None = None) -> str:
    """outcome / total / remaining / plan / forecast / target / demand, from markers near the figure."""
    m = _KIND_AFTER_RE.match(text, fig_end, min(len(text), fig_end + 60))
    if m:
        return m.lastgroup  # "the 2 percent goal", "short of the 6.2 million it had forecast"
    if _PARTITIVE_RE.search(text, max(sent_start, fig_start - 40), fig_start):
        return "total"  # "how many of the more than 2,300 separated children remain": the whole group
    clause_end = min(len(text) if sent_end is None else sent_end, fig_end + 50)
    cut = _CLAUSE_CUT_RE.search(text, fig_end, clause_end) or _rx_comma.search(text, fig_end, clause_end)
    later = _KIND_LATER_RE.search(text, fig_end, cut.start() if cut else clause_end)
    if later:
        return later.lastgroup
    if _POSSESSED_RE.search(text, max(sent_start, fig_start - 40), fig_start):
        # "wouldn't promote that music to its 70 million subscribers": what is owned is a state when the
        # sentence is written; a modal or plan before it is about what is done with it
        return "outcome"
    before = text[sent_start:fig_start]
    cut = None
    for cut in _CLAUSE_CUT_RE.finditer(before):
        pass
    if cut is not None:
        before = before[cut.end():]
    best = None
    for mk in _KIND_RE.finditer(before):
        best = mk
    if best is not None:
        return best.lastgroup
    if prev_sentence and _ANAPHORIC_RE.match(text, sent_start):
        # "It is, indeed, about a dozen planes": the sentence has no verb of its own; its kind
        # is the previous sentence's
        last = None
        for mk in _KIND_RE.finditer(prev_sentence):
            last = mk
        if last is not None:
            return last.lastgroup
    return "outcome"


_MATCHED = operator.methodcaller("group")
_FIRST = operator.itemgetter(0)


def _actions_in(text: str, lo: int, hi: int) -> list[tuple[int, str, str]]:
    """(position, class, word) of every action word in ``text[lo:hi]``."""
    found = []
    for rx, cls in (_ACTION_PHRASES if _ANY_ACTION_PHRASE.search(text, lo, hi) else ()):
        for m in rx.finditer(text, lo, hi):
            found.append((m.start(), cls, m.group(0)))
    covered = [(p, p + len(w)) for p, _, w in found]
    # every word's class looked up in C (map over the matches), the loop only over the action words
    words = list(_WORD_RE.finditer(text, lo, hi))
    actions = list(map(_word_action, map(_MATCHED, words)))
    for k in itertools.compress(range(len(words)), map(_FIRST, actions)):
        m = words[k]
        cls, possession = actions[k]
        if possession and _AUXILIARY_AFTER_RE.match(text, m.end()):
            continue  # "have already arrived", "has been": an auxiliary, not possession
        if not any(a <= m.start() < b for a, b in covered):
            found.append((m.start(), cls, m.group(0)))
    return found


@functools.lru_cache(maxsize=200_000)
def _word_action(word: str) -> tuple[str, bool]:
    """(action class of a word as written, or "" -- whether it is "has", "have" or "had", which are
    actions only when not auxiliaries): cached, as news repeats its words."""
    w = word.lower().strip("'’-")
    if w in _CTX_STOP and w not in {"has", "have", "had"}:
        return "", False
    return _ACTION_OF.get(_stem(w)) or "", w in {"has", "have", "had"}


_RELATIVE_BEFORE_RE = re.compile(r"\b(?:that|which|who)\s+$", re.I)
_AND_BEFORE_RE = re.compile(r"\b(?:and|but|while)\s+$", re.I)
# "Of those sickened, 89 were hospitalised": a leading phrase naming the whole the figure is part of
_PART_OF_LEAD_RE = re.compile(r"\b(?:of|among)\s+(?:those|the|them|these|all)\b[^,;]{0,40},\s*$", re.I)
_VERB_AFTER_RE = re.compile(r"\s+(?:(?:people|of\s+them|more|others?)\s+)?(?:were|was|are|is|have|had|has|remain|remained)\b", re.I)


def _nearest_action(text: str, ss: int, se: int, fs: int, fe: int,
                    sentence_actions: list | None = None) -> tuple[str, str, int]:
    """The action class nearest to the figure in its clause: (class, word, position) or ("", "", -1).

    ``sentence_actions``: :func:`_actions_in` of the whole sentence, when the caller keeps it
    (a sentence with several figures is read once)."""
    lo, hi = max(ss, fs - 90), min(se, fe + 90)
    for m in _CLAUSE_CUT_RE.finditer(text, lo, fs):
        lo = m.end()
    m = _CLAUSE_CUT_RE.search(text, fe, hi)
    if m:
        hi = m.start()
    if _AND_BEFORE_RE.search(text, lo, fs) and _VERB_AFTER_RE.match(text, fe, hi):
        lo = fs  # "66 people had died and 631 were unaccounted for": the figure opens a clause of its own
    elif _PART_OF_LEAD_RE.search(text, lo, fs) and _VERB_AFTER_RE.match(text, fe, hi):
        lo = fs  # "of those sickened, 89 were hospitalised": what is done to the part is after it
    found = _actions_in(text, lo, hi) if sentence_actions is None else [
        a for a in sentence_actions if lo <= a[0] and a[0] + len(a[2]) <= hi]
    best = None
    for pos, cls, word in found:
        if fs <= pos < fe:
            continue
        if pos < fs and _RELATIVE_BEFORE_RE.search(text, max(lo, pos - 12), pos) and \
                len(_WORD_RE.findall(text, pos + len(word), fs)) >= 3:
            continue  # "the store that sold the ticket gets $50,000": the verb of a relative clause before it
        dist = fs - (pos + len(word)) if pos < fs else pos - fe
        # an action after the figure counts a little less than one before it ("expelled 35" /
        # "35 diplomats were expelled" are both read; a verb two clauses later is not); a verb
        # after an auxiliary is the clause's main verb ("500 of the children separated at the
        # border have been returned"), nearer than a participle inside the noun phrase
        if pos >= fe:
            dist += 5
        if _AUX_BEFORE_RE.search(text, max(lo, pos - 25), pos):
            dist = dist // 3
        key = (dist, pos)
        if best is None or key < best[0]:
            best = (key, cls, word, pos)
    if best is None:
        return "", "", -1
    return best[1], best[2], best[3]


_NAME_WORD = r"(?:[A-Z][A-Za-z'’.-]+|[A-Z]{2,})"
_ACTOR_BEFORE_RE = re.compile(
    r"((?:" + _NAME_WORD + r"\s+){0,3}" + _NAME_WORD + r")(?:['’]s)?\s+"
    r"(?:(?:has|have|had|was|were|is|are|will|would|also|already|now|then|on\s+\w+|last\s+\w+)\s+){0,3}$")
_ACTOR_NAME = r"(?:" + _NAME_WORD + r"\s+){0,3}" + _NAME_WORD
_ACTOR_AFTER_RE = re.compile(r"\s+(?:(?:on|in|last|this|earlier|later)\s+\w+\s+)?by\s+(?:the\s+)?(" + _ACTOR_NAME + r"(?:\s*,\s*(?:the\s+)?" + _ACTOR_NAME +
                             r")*(?:,?\s+and\s+(?:the\s+)?(?:\d[\d,]*\s+)?" + _ACTOR_NAME + r")?)")
_ACTOR_STOP = frozenset("""The A An This That These Those It He She They We I In On At For From With By And Or But As
If When While After Before During Since According Mr Mrs Ms Dr Last Earlier Later Monday Tuesday Wednesday Thursday
Friday Saturday Sunday January February March April May June July August September October November December""".split())


def _actor(text: str, ss: int, pos: int, word: str) -> str:
    """Who does the action at ``pos``: the proper noun before it ("Britain had expelled") or after "by"."""
    if pos < 0:
        return ""
    m = _ACTOR_AFTER_RE.match(text, pos + len(word), min(len(text), pos + len(word) + 100))
    if m:
        return _clean_actor(m.group(1))
    m = _ACTOR_BEFORE_RE.search(text, max(ss, pos - 70), pos)
    if m:
        return _clean_actor(m.group(1))
    return ""


def _clean_actor(name: str) -> str:
    # "Sunday's march": a day's possessive is no actor
    words = [w.strip(",") for w in name.split()
             if re.sub(r"['’]s$", "", w.strip(",")) not in _ACTOR_STOP and w not in ("and", "the")]
    return " ".join(w for w in words if w and not w[0].isdigit())


def _modifiers(subject: str) -> str:
    """The words of the counted noun phrase before its head ("Russian intelligence officers" -> "Russian intelligence")."""
    words = _WORD_RE.findall(subject or "")
    return " ".join(w for w in words[:-1] if w.lower() not in _GENERIC_MODIFIERS)


_RESTATE_RE = re.compile(r"\b(?:put|puts|putting|placed?|places|estimated?|estimates|gave|gives|give)\s+(?:the|its|their|his|her)\s+"
                         r"(?:figure|number|total|toll|count|estimate|tally|crowd|turnout)\s+(?:at|as)\s+"
                         r"(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|more\s+than\s+|at\s+least\s+|"
                         r"only\s+|just\s+)?$", re.I)
_NUMBER_OF_RE = re.compile(r"\b(?:number|total|tally|count)\s+of\s+(?:the\s+)?([a-z]+)\b")
_QUALIFIER_WORDS = r"(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|more\s+than\s+|at\s+least\s+|just\s+(?:over|under)\s+|over\s+)?"
_POPULATION_BEFORE_RE = re.compile(r"\bpopulation\s+(?:of|is|was|stands\s+at|stood\s+at)\s+" + _QUALIFIER_WORDS + "$", re.I)
_LABEL_LINE_RE = re.compile(r"\s*([A-Z][a-z]+s)\b[^:.;]{0,40}:\s*" + _QUALIFIER_WORDS + "$")
_COUNTED_BEFORE_RE = re.compile(r"\b(?:counted|tallied|recorded)\s+" + _QUALIFIER_WORDS + "$", re.I)
_PART_OF_AFTER_RE = re.compile(r"\s+of\s+(?:the|its|their|his|her|these|those)\s+(?:[\d,.]+\s+|[a-z]+\s+)?([a-z]+s)\b")
_TO_FIGURE_RE = re.compile(r"\b(?:to|reached|hit|topped)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|more\s+than\s+)?$", re.I)
# counts with no noun after them take one from what is done: "killed 149", "250,000 took part"
_PEOPLE_ACTIONS = frozenset({"kill", "wound", "arrest", "charge", "convict", "remove", "attend", "infect"})
# nouns that name people by what they do or what was done to them: "1.03 million marchers" are
# people who marched, "dozens dead" / "48 deaths" people killed, "540 injured" people wounded
_PEOPLE_BY_ACTION = {"marcher": "attend", "protester": "attend", "protestor": "attend", "demonstrator": "attend",
                     "participant": "attend", "attendee": "attend", "deaths": "kill",
                     "injured": "wound", "wounded": "wound", "detainee": "arrest", "evacuee": "remove",
                     "illness": "infect", "sick": "infect",  # "121 illnesses": people who fell ill
                     "aboard": "", "onboard": ""}  # "157 aboard": people on board, nothing said done


_TIMES_AFTER_RE = re.compile(r"\s+times\b", re.I)
# verbs of force right before a count of people ("beating thousands of protesters", "fired on 300 marchers"): the
# count is of those it was done to
_FORCE_BEFORE_RE = re.compile(
    r"\b(?:beat|beats|beating|beaten|shot|shoot|shoots|shooting|hit|hits|hitting|attack|attacks|attacked|attacking|"
    r"assault|assaults|assaulted|assaulting|club|clubbed|clubbing|tear-?gass(?:ed|ing)|pepper-?spray(?:ed|ing)|"
    r"fired\s+(?:on|at|upon)|firing\s+(?:on|at|upon)|opened\s+fire\s+on|charged\s+at|rammed|ramming)\s+"
    r"(?:(?:about|around|nearly|almost|some|roughly|more\s+than|at\s+least|dozens\s+of|hundreds\s+of)\s+)?$", re.I)


# counted or measured nouns that name one thing in other words, beside the extractor's synonyms:
# "five plants" / "five factories", "shares fell 5.6 percent" / "its stock closed 5.6 percent lower"
_SAME_THING = {"factory": "plant", "stock": "share"}
_PERSON_HEADS = frozenset("""officer official diplomat spy agent employees mp mps lawmaker legislator senator boy girl
man men woman women children student player diver rescuer victim survivor passenger migrant refugee defendant
suspect patient tourist voter vote volunteer supporter fan worker appointee justice judge marcher firefighter police
teenager teen youth adult pupil coach miner climber visitor spectator journalist reporter doctor
nurse pilot inmate prisoner hostage athlete footballer jobs guest customer client shopper consumer traveller
traveler viewer reader""".split())
# words read after a measure that say which dimension or how it is summed, not what is measured
_NOT_A_MEASURED_THING = frozenset("tall high wide deep thick broad long total overall".split())


def _verb_after(subject: str, norm: str, value: float) -> bool:
    """"Hundreds of thousands protest", "27 die": a single singular word after a plural count, that
    names what people do, is the count's verb, not its noun."""
    words = subject.split()
    return (len(words) == 1 and value >= 2 and words[0].islower() and words[0] == norm
            and not norm.endswith("s") and _ACTION_OF.get(_stem(norm)) in _PEOPLE_ACTIONS)


def _subject_key(unit: str, kind: str, subject_norm: str) -> str:
    """The key figures are compared within: unit and counted noun for counts; the unit alone for
    money, measures and percentages, whose noun is often not written or written on either side
    ("$13.2 billion in revenue" / "revenue of $13.2 billion" / "paid 100 million euros"; "winds of
    215 km/h", "a 5 percent drop in responses"): it is read like a modifier instead (different
    nouns keep disagreeing values apart and block the shortcuts for agreeing ones).  A count of hours
    ("more than 8,000 flying hours": the extractor reads a unit only right after the number) is keyed
    with durations, whose unit is the hour ("had logged 8,122 hours")."""
    if kind == "count" and subject_norm == "hour":
        return "hour|"
    return f"{unit}|{subject_norm}" if kind == "count" else f"{unit}|"


# ---------------------------------------------------------------- figures (map)
def article_figures(article: Article, params: FigureParams = FigureParams()) -> list[dict]:
    """One article's figure rows (columns :data:`FIGURE_COLUMNS`): the map of the figures stage."""
    text = article.text or ""
    xp = params.extract_params()
    sents = split_sentences(text[: xp.max_text_chars]) if text.strip() else []
    try:
        figs = extract_figures(text, xp, sents)
    except Exception as exc:  # odd text must not stop the report, but it is said
        logging.getLogger(__name__).warning("figures of article %s could not be read: %r", article.article_id, exc)
        figs = []
    if not figs:
        return []
    starts = [s for s, _ in sents]
    # a figure with no subject takes the subject of the same distinctive figure (value and unit:
    # money, or 100 and more) stated elsewhere in the article
    known: dict[tuple, tuple[str, str]] = {}
    for f in figs:
        if f.subject_norm and (f.kind == "money" or abs(f.value) >= 100):
            known.setdefault((round(f.low, 6), round(f.high, 6), f.unit), (f.subject, f.subject_norm))
            known.setdefault((round(f.value, 6), f.unit), (f.subject, f.subject_norm))
    rows = []
    sentence_actions: dict[int, list] = {}
    for f in figs:
        subj, norm = f.subject, f.subject_norm
        if not norm:
            subj, norm = known.get((round(f.low, 6), round(f.high, 6), f.unit)) or known.get(
                (round(f.value, 6), f.unit), ("", ""))
        ss = f.sentence_start
        se = ss + len(f.sentence)
        si = bisect.bisect_right(starts, ss) - 1
        prev = text[sents[si - 1][0]:sents[si - 1][1]] if si >= 1 and sents and sents[si][0] == ss else ""
        if not norm and f.kind == "count" and rows and rows[-1]["sentence_start"] == ss \
                and rows[-1]["kind"] == "count" and rows[-1]["subject_norm"]:
            # "gaining at least 26 seats, more than the 23 they needed": the noun is not repeated
            subj, norm = rows[-1]["subject"], rows[-1]["subject_norm"]
            borrowed = True
        else:
            borrowed = False
        if ss not in sentence_actions:
            sentence_actions[ss] = sorted(_actions_in(text, ss, se))
        action, word, pos = _nearest_action(text, ss, se, f.start, f.end, sentence_actions[ss])
        if borrowed and action in _PEOPLE_ACTIONS and action != rows[-1]["action"]:
            # "made 197 people sick in 35 states and killed five": five people were killed, not states;
            # a count of people something else was done to does not take the noun before it
            subj, norm = "", ""
        restated = _RESTATE_RE.search(text, max(ss, f.start - 60), f.start)
        if restated and rows and rows[-1]["kind"] == f.kind and rows[-1]["sentence_start"] >= (sents[si - 1][0] if si >= 1 else 0):
            # "police said 338,000 joined the march, while organisers put the figure at 2 million": the
            # figure restates the quantity just given (its noun and what is done), by another source
            last = rows[-1]
            if not norm:
                subj, norm = last["subject"], last["subject_norm"]
            if not action or action in _NEUTRAL_ACTIONS:
                action, word, pos = last["action"], "", -1
        if f.kind == "count" and not norm and action and action not in _NEUTRAL_ACTIONS and rows and si >= 1 \
                and rows[-1]["sentence_start"] == sents[si - 1][0] and rows[-1]["kind"] == "count" \
                and rows[-1]["subject_norm"] and rows[-1]["action"] == action:
            # "Democrats need a net gain of 23 seats. By midnight they had picked up 26": the noun of the
            # count just before, of the same thing done, is not repeated
            subj, norm = rows[-1]["subject"], rows[-1]["subject_norm"]
        if f.kind == "count" and not norm:
            m = _NUMBER_OF_RE.search(text, ss, f.start)
            if m:
                # "the number of people killed in the quake rose to 832": the count is of people
                subj, norm = m.group(1), normalise_subject(m.group(1))
        if f.kind == "count" and not norm:
            m = _PART_OF_AFTER_RE.match(text, f.end, se)
            if m:
                # "convicted him on eight of the 18 counts": the part counts what the whole counts
                subj, norm = m.group(1), normalise_subject(m.group(1))
        if f.kind == "count" and not norm and _POPULATION_BEFORE_RE.search(text, max(ss, f.start - 40), f.start):
            # "Croatia's population of 4.1 million": a population counts people
            subj, norm = "people", "people"
        if f.kind == "count" and not norm:
            m = _LABEL_LINE_RE.match(text, ss, f.start)
            if m:
                # "Smartphones shipped in 2017: 92.4 million": a fact box's label names what is counted
                subj = m.group(1).lower()
                norm = normalise_subject(subj)
        if f.kind == "count" and not norm and rows and rows[-1]["kind"] == "count" and rows[-1]["subject_norm"] \
                and rows[-1]["sentence_start"] >= (sents[si - 1][0] if si >= 1 else 0) \
                and _COUNTED_BEFORE_RE.search(text, max(ss, f.start - 30), f.start):
            # "about 106,000 people joined ... A week earlier the ministry had counted 282,000": a count
            # with no noun, of what was just counted
            subj, norm = rows[-1]["subject"], rows[-1]["subject_norm"]
            if not action or action in _NEUTRAL_ACTIONS:
                action, word, pos = rows[-1]["action"], "", -1
        if action in ("rise", "fall") and f.kind == "count" and _TO_FIGURE_RE.search(text, max(ss, f.start - 20), f.start):
            # "the death toll rose to 149": what rose is a count of something done; that is the action
            other = [a for a in sentence_actions[ss] if a[0] + len(a[2]) <= f.start and a[1] not in ("rise", "fall")]
            if other:
                action, word, pos = other[-1][1], other[-1][2], other[-1][0]
        if f.kind == "count" and norm and (norm in _PEOPLE_BY_ACTION or _verb_after(subj, norm, f.value)):
            # "1.03 million marchers", "dozens dead": people, and what they did or what was done to them;
            # "hundreds of thousands protest": a plural count before a singular action word is its verb
            done = _PEOPLE_BY_ACTION.get(norm) or _ACTION_OF.get(_stem(norm), "")
            if done and _FORCE_BEFORE_RE.search(text, max(ss, f.start - 40), f.start):
                # "police beating thousands of protesters", "troops shot 12 marchers": the count is of those
                # the force was done to, not of all who took part
                if action == done:
                    action, word, pos = "", "", -1  # the noun "protesters" read as what they did
                done = ""
            if not action or action in _NEUTRAL_ACTIONS or action == done:
                subj, norm, action, word, pos = "people", "people", done, "", -1
        if f.kind in ("measure", "percent") and norm in _NOT_A_MEASURED_THING:
            subj, norm = "", ""  # "96 metres tall", "isolated totals of 40 inches": what is measured is not said
        norm = _SAME_THING.get(norm, norm)
        modifiers = _modifiers(subj)
        if f.kind == "count" and norm in _PERSON_HEADS:
            # "12 Russian officers" / "12 defendants" / "755 people": people, the role read like a modifier
            modifiers, norm = (modifiers + " " + norm).strip(), "people"
        if not norm and f.kind == "count" and action in _PEOPLE_ACTIONS and not _TIMES_AFTER_RE.match(text, f.end):
            # "killed 149", "organisers said 250,000 took part"; but "rolled over 25 times, killing 17":
            # a number of times is no count of people
            norm = "people"
        if action == "burn" and f.kind == "count" and norm != "people":
            # "26 houses had burned" / "destroyed at least 26 homes": things counted as burned are destroyed
            # (what burns as a measure, "130,000 acres", keeps its verb)
            action = "destroy"
        head = subj.split()[-1] if subj.split() else ""
        if f.kind == "count" and head[:1].isupper() and not head.isupper() and head.endswith("s") and len(head) > 3:
            # "13 Russians", "27 Democrats": people, of a group
            norm, modifiers = "people", (modifiers + " " + head[:-1]).strip()
        rows.append({
            "figure_id": f"{article.article_id}:{f.start}", "article_id": article.article_id, "start": f.start,
            "end": f.end, "text": f.text, "value": f.value, "low": f.low, "high": f.high, "unit": f.unit,
            "written_value": f.raw_value, "written_low": f.written_low, "written_high": f.written_high,
            "written_unit": f.raw_unit,
            "qualifier": f.qualifier, "subject": subj, "subject_norm": norm, "kind": f.kind,
            "quoted": f.quoted, "speaker": f.speaker, "sentence": f.sentence,
            "sentence_start": f.sentence_start, "change": f.change, "modifiers": modifiers,
            "action": action, "actor": _actor(text, ss, pos, word),
            "statement": _batch_or(_statement_kind(text, ss, f.start, f.end, prev, se), text, ss, f.start, f.end),
            "subject_key": _subject_key(f.unit, f.kind, norm),
        })
    return rows


def figures_table(articles: list[Article], params: FigureParams = FigureParams()) -> pd.DataFrame:
    """One row per figure in each article (columns :data:`FIGURE_COLUMNS`)."""
    rows = []
    for art in sorted(articles, key=lambda a: a.article_id):
        rows.extend(article_figures(art, params))
    return _type_figures(pd.DataFrame(rows, columns=FIGURE_COLUMNS))


_FLOAT_COLUMNS = ["value", "low", "high", "written_value", "written_low", "written_high"]
_TEXT_COLUMNS = ["figure_id", "article_id", "text", "unit", "written_unit", "qualifier", "subject", "subject_norm",
                 "kind", "speaker", "sentence", "change", "modifiers", "action", "actor", "statement", "subject_key"]


def _type_figures(df: pd.DataFrame) -> pd.DataFrame:
    for c in ["start", "end", "sentence_start"]:
        df[c] = df[c].astype("int64")
    for c in _FLOAT_COLUMNS:
        # 12 significant digits: "about a dozen" is 10.8-13.2, not 13.200000000000001 in the CSV.
        df[c] = df[c].astype("float64").map(lambda v: float(f"{v:.12g}")).astype("float64")
    df["quoted"] = df["quoted"].astype("bool")
    for c in _TEXT_COLUMNS:
        df[c] = df[c].astype("object").fillna("").astype(str)
    return df.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- contexts (join + map)
_TOKEN_RE = re.compile(r"[A-Za-z][A-Za-z'’-]+|\b(?:1[89]|20)\d{2}\b")
_SPLIT_RE = re.compile(r"[-'’]")


@functools.lru_cache(maxsize=200_000)
def _word_tokens(word: str) -> tuple[str, ...]:
    lw = word.lower().strip("'’-")
    if lw.isdigit():
        return ("Y" + lw,)
    return tuple(_stem(part) for part in _SPLIT_RE.split(lw) if len(part) >= 3 and part not in _CTX_STOP)


def _tokens(s: str, surface: dict | None = None) -> list[str]:
    out: list[str] = []
    for w in _TOKEN_RE.findall(s):
        toks = _word_tokens(w)
        out.extend(toks)
        if surface is not None and len(toks) == 1:
            surface.setdefault(toks[0], w)
    return out


_NAME_STOP = frozenset("""The A An This That These Those It Its He She They We I In On At For From With By And Or But
As If When While After Before During Since According Mr Mrs Ms Dr President Prime Minister Minister
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())
_NAME_RE = re.compile(r"(?:(?<=[\s(\"“‘'])|^)([A-Z][A-Za-z]+|[A-Z]{2,})")


# who says a figure is not what it counts: "Police said", "according to the Civil Human Rights Front",
# "organisers put the figure at", "the Kremlin said": sources are left out of a sentence's names, so
# that two sources' accounts of one quantity can be compared (and can conflict)
_SOURCE_NAME = (r"(?:the\s+)?(?:(?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’.-]*"
                r"(?:\s+(?:officials?|authorities|police|spokes(?:man|woman|person)|ministry|minister|government|"
                r"sources?|organi[sz]ers|researchers|agency|department|media))?"
                r"|(?:officials?|authorities|police|organi[sz]ers|researchers))")
_ATTRIBUTION_RE = re.compile(
    r"\baccording\s+to\s+" + _SOURCE_NAME +
    r"|(?:^|(?<=[,;“\"])|\bwhile\s+|\band\s+|\bbut\s+)\s*" + _SOURCE_NAME +
    r"\s+(?:said|says|told|tells|estimated|estimates|put|puts|reported|reports|counted|announced|claimed)\b"
    r"|\b(?:said|says|told\s+reporters)\s+" + _SOURCE_NAME + r"(?=\s*[.,;]|\s*$)")


def _names(s: str) -> frozenset:
    """Proper nouns of a sentence (capitalised words not opening it), by 5-letter stem."""
    out = set()
    for m in _NAME_RE.finditer(s):
        w = m.group(1)
        if w in _NAME_STOP or w.capitalize() in _NAME_STOP or w.lower() in _CTX_STOP:
            continue
        out.add(w.lower()[:5])
    return frozenset(out)


@dataclass
class _Ctx:
    counts: dict          # context word -> weight (1 own sentence, less for neighbours)
    own: frozenset        # words of the figure's own sentence
    names: frozenset      # proper nouns of the figure's own sentence (and the one before, if it names fewer than two)
    surface: dict = None  # context word (stem) -> a word as the text writes it, for evidence
    own_names: int = 0    # how many of ``names`` the figure's own sentence names


def figure_contexts(article: Article | None, rows: list[dict], params: FigureParams = FigureParams()) -> dict:
    """Context words of each figure of one article (its sentence and neighbours): figure_id -> context.

    The join of the figure rows with their article's text; each sentence is tokenised once.
    """
    out: dict[str, _Ctx] = {}
    text = article.text if article is not None else ""
    sents = split_sentences(text) if text else []
    starts = [s for s, _ in sents]
    sent_tokens: dict[int, list[str]] = {}

    def toks(i: int) -> list[str]:
        if i not in sent_tokens:
            s, e = sents[i]
            sent_tokens[i] = _tokens(text[s:e])
        return sent_tokens[i]

    for row in rows:
        subj = set(_tokens(row["subject"]))
        own_text = row["sentence"]
        cut_a, cut_b = row["start"] - row["sentence_start"], row["end"] - row["sentence_start"]
        own_clean = own_text[:max(0, cut_a)] + " " + own_text[max(0, cut_b):]
        surface: dict[str, str] = {}
        own = [t for t in _tokens(own_clean, surface) if t not in subj]
        counts: dict[str, float] = {}
        for t in own:
            counts[t] = counts.get(t, 0.0) + 1.0
        idx = bisect.bisect_right(starts, row["start"]) - 1 if sents else -1
        names = own_names = _names(_ATTRIBUTION_RE.sub(" ", own_clean))
        if len(names) < 2 and idx >= 1:
            # "The fire has destroyed 75 homes": a sentence that names nothing speaks of what
            # the sentence before named
            names = names | _names(_ATTRIBUTION_RE.sub(" ", text[sents[idx - 1][0]:sents[idx - 1][1]]))
        if idx >= 0 and sents[idx][0] <= row["start"] < sents[idx][1]:
            lo = max(0, idx - params.context_window)
            hi = min(len(sents), idx + params.context_window + 1)
            for j in range(lo, hi):
                if j == idx:
                    continue
                for t in toks(j):
                    if t not in subj:
                        counts[t] = counts.get(t, 0.0) + params.neighbour_weight
        out[row["figure_id"]] = _Ctx(counts, frozenset(own), names, surface, len(own_names))
    return out


def context_document_frequency(contexts: dict[str, _Ctx], article_of: dict[str, str]) -> Counter:
    """Context word -> number of articles whose figures use it (a reduction over articles)."""
    by_article: dict[str, set] = defaultdict(set)
    for fid, ctx in contexts.items():
        by_article[article_of[fid]].update(ctx.counts)
    df: Counter = Counter()
    for words in by_article.values():
        df.update(words)
    return df


# ---------------------------------------------------------------- time anchors (join + map)
@dataclass(frozen=True)
class _Anchor:
    start: date | None
    end: date | None
    text: str        # the expression, or "" for a publication date
    explicit: bool   # named in the sentence (else: the article's publication date)

    def describe(self) -> str:
        if self.start is None:
            # the article may have an inferred range (shown in its label); figures are lined up by exact days only
            return "no exact publication day"
        span = self.start.isoformat() if self.start == self.end else f"{self.start} to {self.end}"
        return f"\u201c{self.text}\u201d ({span})" if self.explicit else f"published {span}"


def _iso(s) -> date | None:
    try:
        return date.fromisoformat(str(s)[:10]) if s and str(s) not in ("nan", "None", "<NA>") else None
    except ValueError:
        return None


def figure_time_anchors(rows: list[dict], mentions: list[dict], published: str = "", max_words: int = 8) -> dict:
    """Each figure's time anchor: a date named in its sentence that belongs to it, else the publication date.

    ``rows`` are one article's figure rows, ``mentions`` its rows of the timeline stage's
    ``dates`` table (the join by ``article_id``).  A date opening the sentence before any
    figure ("In February, Mueller charged 13 Russians and three companies") belongs to every
    figure of the sentence; any other date to the figure nearest to it in its own clause (no comma,
    semicolon, colon or dash between: "to $71.3 billion in cash on Wednesday, outbidding the $65
    billion ..."), else the nearest ("49 percent, up from 36.7 percent in 2014").  A date that
    belongs to the reporting ("said on Wednesday"), a deadline ("by 2025"), a point of comparison
    ("since 1966"), when something began ("a viaduct opened in 1967", "formed in December 1999") or
    a year naming something ("the 2016 election", "Zapad-2021") is no figure's time, and neither is a
    date more than ``max_words`` words from the figure.  "Since 2006, when spinach sickened 199
    people": the figures of the "when" clause are of that date.
    """
    pub = _iso(published)
    by_sentence: dict[int, list[dict]] = defaultdict(list)
    for r in rows:
        by_sentence[int(r["sentence_start"])].append(r)
    usable = []
    for m in mentions:
        s, e = _iso(m.get("resolved_start")), _iso(m.get("resolved_end"))
        if s is None or e is None:
            continue
        usable.append((int(m["start"]), int(m["end"]), s, e, str(m.get("text", ""))))
    usable.sort()
    chosen: dict[str, tuple] = {}
    for ss, group in by_sentence.items():
        se = ss + len(group[0]["sentence"])
        sentence = group[0]["sentence"]
        first = min(int(r["start"]) for r in group)
        for ms, me, s, e, t in usable:
            if ms < ss or me > se or any(int(r["start"]) < me and ms < int(r["end"]) for r in group):
                continue
            before = sentence[max(0, ms - ss - 40):ms - ss]
            if _REPORT_NEAR_RE.search(before) and not any(
                    ms - 45 <= int(r["start"]) and int(r["end"]) <= ms for r in group):
                continue  # "said on Wednesday that ...": when it was said
            when = None
            if _SINCE_BEFORE_RE.search(before):
                when = _WHEN_AFTER_RE.match(sentence, me - ss)
                if when is None:
                    continue  # "since 1966": a point of comparison
            if _DEADLINE_BEFORE_RE.search(before):
                continue  # "by 2025": a deadline
            if when is not None:
                # "the biggest since 2006, when spinach sickened 199 people": the figures of the "when"
                # clause, to its end, are of that time
                group_after = [r for r in group if int(r["start"]) >= me
                               and not re.search(r";|:\s", sentence[me - ss:int(r["start"]) - ss])]
                if not group_after:
                    continue
            if re.fullmatch(r"\d{4}", t) and _YEAR_AS_NAME_RE.search(before):
                continue  # "the 2016 election", "Zapad-2021": a year naming something
            if _ORIGIN_BEFORE_RE.search(before):
                continue  # "a 1.2-kilometre viaduct opened in 1967": when the thing began, not the figure's time
            if when is not None:
                owners = group_after
            elif me <= first:
                owners = group  # opens the sentence: every figure's
            else:
                # the nearest figure of the date's own clause ("to $71.3 billion in cash on Wednesday,
                # outbidding the $65 billion ..."), else the nearest figure
                near = [r for r in group if not _CLAUSE_MARK_RE.search(
                    sentence[min(me, int(r["end"])) - ss:max(ms, int(r["start"])) - ss])] or group
                owners = [min(near, key=lambda r: (max(int(r["start"]) - me, ms - int(r["end"])), int(r["start"])))]
            for r in owners:
                lo, hi = (me, int(r["start"])) if me <= int(r["start"]) else (int(r["end"]), ms)
                if when is None and len(_WORD_RE.findall(sentence[lo - ss:hi - ss])) > max_words:
                    continue  # too far to be this figure's time ("formed in 1999 aimed at ... the two allies")
                dist = max(int(r["start"]) - me, ms - int(r["end"]))
                cur = chosen.get(r["figure_id"])
                if cur is None or dist < cur[0]:
                    chosen[r["figure_id"]] = (dist, s, e, t)
    out = {}
    for r in rows:
        c = chosen.get(r["figure_id"])
        out[r["figure_id"]] = _Anchor(c[1], c[2], c[3], True) if c else _Anchor(pub, pub, "", False)
    return out


def _anchors_apart(a: _Anchor, b: _Anchor, params: FigureParams) -> tuple[str, str]:
    """(why two time anchors cannot be one time, why they may not be) -- "" where they can.

    Two dates named in the sentences, or two publication dates, that are far apart are
    different times.  A date named on one side against the other side's publication date is
    weaker: an undated statement can report something older than its article, so it only
    keeps a conflict from being called."""
    if a.start is None or b.start is None:
        return "", ""
    gap = max((a.start - b.end).days, (b.start - a.end).days)
    if a.explicit and b.explicit:
        hard, soft = gap > params.anchor_tolerance_days, False
    elif a.explicit or b.explicit:
        hard = gap > params.undated_gap_days
        soft = not hard and gap > params.anchor_tolerance_days
    else:
        hard, soft = gap > params.max_publication_gap_days, False
    if not (hard or soft):
        return "", ""
    why = f"different times: {a.describe()} / {b.describe()}"
    return (why, "") if hard else ("", why)


def _reports_older(a: _Anchor, b: _Anchor) -> bool:
    """One anchor is a date named in the sentence, the other a publication date on or after it: the
    undated statement may report the named, older time."""
    if a.explicit == b.explicit or a.start is None or b.start is None:
        return False
    named, published = (a, b) if a.explicit else (b, a)
    return published.start >= named.start


# ---------------------------------------------------------------- claims (keyed reduction)
def _disjoint(a_lo, a_hi, b_lo, b_hi, tol: float) -> bool:
    """True when two intervals are apart by more than the rounding tolerance."""
    if a_hi < b_lo:
        return b_lo - a_hi > tol * max(abs(b_lo), abs(a_hi), 1e-12)
    if b_hi < a_lo:
        return a_lo - b_hi > tol * max(abs(a_lo), abs(b_hi), 1e-12)
    return False


def _exact_counts_differ(a: dict, b: dict, ta: "_Anchor", tb: "_Anchor") -> bool:
    """Two counts written exactly, neither a round number ("357" killed on Sunday / "373" two days
    later), that differ, told of different days: no rounding makes one the other, so the rounding
    tolerance does not join them (a running count that changed in between).  On one day they stay
    within the tolerance, as before (one toll told two ways)."""
    if ta.start is None or tb.start is None or (ta.start == tb.start and ta.end == tb.end):
        return False
    for r in (a, b):
        v = r["value"]
        if r["kind"] != "count" or r["qualifier"] != "=" or not (20 <= v < 1e15) or v != int(v) or v % 10 == 0:
            return False
    return a["value"] != b["value"]


def _meets(a: dict, b: dict, params: FigureParams) -> bool:
    """Whether two overlapping intervals are close enough to read as one value: an open-ended
    figure ("more than 10,000") meets a value only up to ``open_match_factor`` times its bound, and
    a figure bounded only above ("up to 14,000", "as much as 13 percent": from zero) only down to
    its bound divided by it (a fall of "as much as 13 percent" in the day is not the 5.3 percent
    at the close)."""
    for x, y in ((a, b), (b, a)):
        if math.isinf(x["high"]) and y["low"] > x["low"] * params.open_match_factor and x["low"] > 0:
            return False
        if x["low"] == 0 < x["high"] < math.inf and y["high"] * params.open_match_factor < x["high"] and y["low"] > 0:
            return False
    return True


# counts of people to whom something was done only grow as the count goes on: an earlier "at least 5
# killed" allows a later "20 killed", however much larger
_GROWING_ACTIONS = frozenset({"kill", "wound", "arrest", "charge", "remove", "infect"})


def _count_grew(a: "_Fig", b: "_Fig") -> bool:
    """An open-ended count ("at least 384 killed") and a larger count of the same action at a later
    time ("1,234 killed" two days on): the running count the first allows, read as one quantity
    although the second is beyond ``open_match_factor`` times the first's bound."""
    for x, y in ((a, b), (b, a)):
        rx, ry = x.row, y.row
        if (math.isinf(rx["high"]) and rx["low"] > 0 and ry["low"] >= rx["low"] and rx["action"] == ry["action"]
                and rx["action"] in _GROWING_ACTIONS and x.t1 is not None and y.t0 is not None and y.t0 > x.t1):
            return True
    return False


def _known(v) -> bool:
    """``pd.notna`` of one value; a plain float (every figure's value) is tested without pandas."""
    return v == v if type(v) is float else bool(pd.notna(v))


def _restated(a: dict, b: dict) -> bool:
    """True when one article gives the same distinctive figure twice (a headline's "$1 billion",
    the lede's and a quote's "more than $1 billion"): one quantity, even when the sentences share
    few words.  Small counts are not distinctive ("3 killed ... 3 injured"), so only money and
    values of 100 or more."""
    if a["article_id"] != b["article_id"]:
        return False
    va, vb = a["value"], b["value"]
    if not (_known(va) and _known(vb) and math.isclose(va, vb, rel_tol=1e-9)):
        return False
    return a["kind"] == "money" or abs(va) >= 100


@dataclass
class _Fig:
    """One figure of a key with what comparing it needs, computed once per key rather than once per pair."""
    i: int
    row: dict
    ctx: _Ctx
    anchor: _Anchor
    cross: dict          # context word -> weight across articles (nearest place, at most 1, times IDF)
    cross_total: float
    own: dict            # word of the figure's own sentence -> IDF (compared within one article)
    own_total: float
    proper: frozenset    # proper-noun modifiers of the counted noun, lower-cased
    lower: frozenset     # common-word modifiers, stemmed
    actor: frozenset     # who acts, by 5-letter stem
    sentence: str        # whitespace-normalised sentence
    change: str          # "up" / "down" for the size of a rise or fall ("" for a level: "rose to 30")
    t0: int | None       # time anchor as ordinals (None: undated)
    t1: int | None
    state: bool = False  # states a state at its time that may change from day to day ("are battling", "has burned")
    role: str = ""       # the role people are counted by ("officer", "diplomat"), stemmed, among ``lower``
    source: str = ""     # who gives the figure, when its sentence says (:func:`_estimate_source`)


# a figure of a state as it is when written: present perfect or present progressive in its clause
_STATE_BEFORE_RE = re.compile(r"\b(?:has|have)\s+(?:now\s+|already\s+|so\s+far\s+)?[a-z]+(?:ed|en|nt|lt|ught)\s+"
                              r"(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+|"
                              r"at\s+least\s+)?$", re.I)
_STATE_AFTER_RE = re.compile(r"(?:\s+[A-Za-z-]+){0,3}?\s+(?:are|is|have|has)\s+(?:now\s+|still\s+|already\s+)?"
                             r"(?:been\s+)?[a-z]+(?:ing|ed|en)\b")


_NOT_GOING_ON = re.compile(r"\b(?:missing|remaining|living|outstanding|lacking|wanting)$", re.I)  # adjectives


def _states_a_state(row: dict) -> bool:
    """The figure's clause says how things stand when written: what is going on ("5,600 firefighters
    are battling it") or, for a measure, how far it has come ("the fire has burned 130,000 acres"): a
    state that may be different on another day.  A count that has come so far ("has destroyed more
    than 7,600 homes", "has delivered about 350") is a count that goes on, which a later count may
    be (:func:`_count_grew`); so are counts of people killed, wounded, arrested, ..."""
    if row["action"] in _GROWING_ACTIONS:
        return False
    sent, at, end = row["sentence"], int(row["start"]) - int(row["sentence_start"]), int(row["end"]) - int(row["sentence_start"])
    going_on = _STATE_AFTER_RE.match(sent, max(0, end))
    if going_on and going_on.group(0).rstrip().endswith("ing") and not _NOT_GOING_ON.search(going_on.group(0)):
        return True
    return row["kind"] in ("measure", "percent") and bool(
        _STATE_BEFORE_RE.search(sent, max(0, at - 40), max(0, at)) or going_on)


# who gives a figure, when its sentence says so: "police said 338,000", "according to police", "the 30,000
# the organisers claimed", "organisers put the figure at 2 million".  Two figures of one article from two
# such sources ("8,000, the ministry said, while organisers put the crowd at 30,000") are two estimates
# of what may be one quantity, not one article giving two quantities.
_ESTIMATE_VERBS = r"(?:said|says|claimed|claims|estimated|estimates|put|puts|counted|counts|reported|reports)"
_ESTIMATE_SOURCE_RE = re.compile(
    r"\baccording\s+to\s+(?:the\s+)?(?P<a>[A-Za-z][\w'’.-]*(?:\s+[A-Za-z][\w'’.-]*){0,5}?)(?=\s*(?:[,.;:]|$)|\s+which\b)"
    r"|\b(?P<b>police|organi[sz]ers|ministry|officials|authorities|researchers|government|union|company|"
    r"[A-Z][\w'’-]*)\s+" + _ESTIMATE_VERBS + r"\b"
    r"|\b(?:said|says)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?P<c>police|organi[sz]ers|ministry|officials|authorities|"
    r"researchers|government|union|company)\b")


def _estimate_source(row: dict) -> str:
    """Who gives the figure, as its sentence says (the attribution nearest the figure: a head word, lower-cased,
    5-letter stem), or "" when the sentence names none."""
    sent = row["sentence"]
    if not _ESTIMATE_SOURCE_RE.search(sent):
        return ""
    at, end = int(row["start"]) - int(row["sentence_start"]), int(row["end"]) - int(row["sentence_start"])
    best = None
    for m in _ESTIMATE_SOURCE_RE.finditer(sent):
        word = (m.group("a") or m.group("b") or m.group("c")).split()[-1].lower()[:5]
        gap = m.start() - end if m.start() >= end else (at - m.end() if m.end() <= at else 0)
        if best is None or gap < best[0]:
            best = (gap, word)
    return best[1]


def _modifier_sets(modifiers: str) -> tuple[frozenset, frozenset]:
    """(proper-noun modifiers lower-cased, common-word modifiers stemmed) of a counted noun."""
    words = modifiers.split()
    proper = frozenset(w.lower() for w in words if w[:1].isupper() and (not w.isupper() or _ACRONYM_PLACE.match(w)))
    lower = frozenset(_stem(w.lower()) for w in words if w.islower())
    return proper, lower


def _actor_set(actor: str) -> frozenset:
    return frozenset(w.lower()[:5] for w in actor.split())


_LEVEL_REACHED_RE = re.compile(r"\bto\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|"
                               r"more\s+than\s+|at\s+least\s+)?$", re.I)


def _fig(i: int, row: dict, ctx: _Ctx, anchor: _Anchor, idf: dict) -> _Fig:
    cross = {t: (1.0 if 1.0 < c else c) * idf.get(t, 0.0) for t, c in ctx.counts.items()}  # min(c, 1.0)
    own = {t: idf.get(t, 0.0) for t in sorted(ctx.own)}
    proper, lower = _modifier_sets(row["modifiers"])
    change = row["change"]
    if change:
        at = int(row["start"]) - int(row["sentence_start"])
        if _LEVEL_REACHED_RE.search(row["sentence"], max(0, at - 30), max(0, at)):
            change = ""  # "the toll rose to 30": the level reached, said another way, not the size of a rise
    return _Fig(i, row, ctx, anchor, cross, sum(cross.values()), own, sum(own.values()), proper, lower,
                _actor_set(row["actor"]), " ".join(row["sentence"].split()), change,
                anchor.start.toordinal() if anchor.start else None, anchor.end.toordinal() if anchor.end else None,
                _states_a_state(row), _role(row), _estimate_source(row))


def _role(row: dict) -> str:
    words = row["modifiers"].split()
    if row["subject_norm"] == "people" and words and words[-1] in _PERSON_HEADS:
        return _stem(words[-1])
    return ""


def _roles_only_differ(a: "_Fig", b: "_Fig") -> bool:
    """The counted people's common-word modifiers differ only by the role they are named by
    ("60 Russian diplomats" / "60 Russian intelligence officers"): the same people may be named so."""
    if not (a.role or b.role) or a.role == b.role:
        return False
    la, lb = a.lower - {a.role}, b.lower - {b.role}
    return not (la and lb and not la & lb)


def _state_days_apart(a: "_Fig", b: "_Fig", params: FigureParams) -> bool:
    """One figure states a state, and the two figures' times are more than ``conflict_max_days`` apart:
    the state may have changed in between (firefighters at work, area burned, countries that have
    grounded a plane), even when the values agree."""
    if not (a.state or b.state) or a.t0 is None or b.t0 is None:
        return False
    return max(a.t0 - b.t1, b.t0 - a.t1) > params.conflict_max_days


def _similarity(a: _Fig, b: _Fig, same_article: bool, params: FigureParams) -> tuple[float, set]:
    """Weighted overlap coefficient of two contexts, and the set of context words they share."""
    if same_article:
        # one article: neighbouring sentences are shared anyway, so compare own sentences
        va, vb, na, nb = a.own, b.own, a.own_total, b.own_total
    else:
        if len(a.ctx.counts) < params.min_context_words or len(b.ctx.counts) < params.min_context_words:
            return 0.0, []
        # a word counts once, with the weight of its nearest place (own sentence 1, neighbours less)
        va, vb, na, nb = a.cross, b.cross, a.cross_total, b.cross_total
    common = va.keys() & vb.keys()
    if not common:
        return 0.0, ()
    # summed exactly (math.fsum), so the result does not depend on the order of the words
    total = math.fsum([va[t] if va[t] < vb[t] else vb[t] for t in common])
    return total / ((nb if nb < na else na) or 1.0), common  # min(na, nb), without the call


def _shared_words(a: _Fig, b: _Fig, common, params: FigureParams) -> list[str]:
    """The context words two figures share, weightiest first (for evidence)."""
    same_article = a.row["article_id"] == b.row["article_id"]
    va, vb = (a.own, b.own) if same_article else (a.cross, b.cross)
    return [t for _, t in sorted(((va[t] if va[t] <= vb[t] else vb[t], t) for t in common), reverse=True)]


def _modifier_clash(a: _Fig, b: _Fig) -> tuple[str, str]:
    """(why two counted nouns' modifiers contradict, why they may) -- "" where they do not.

    Different nationalities or places ("Russian" / "British diplomats") are different groups;
    different common words ("thumb" / "hard drives", "diplomatic" / "embassy staff") may be
    different kinds or one kind in other words."""
    if a.proper and b.proper and not a.proper & b.proper:
        return f"different groups: {a.row['modifiers']} / {b.row['modifiers']}", ""
    if a.lower and b.lower and not a.lower & b.lower:
        return "", f"different kinds: {a.row['modifiers']} / {b.row['modifiers']}"
    return "", ""


_DIRECTIONS = frozenset({"rise", "fall"})


def _subject_named_by_other(a: "_Fig", b: "_Fig") -> bool:
    """What one measure or sum is said to be of is named in the other's own sentence too ("a jackpot of
    $620 million" / "the Powerball jackpot for Wednesday night stands at $620 million"): the two
    subjects read off the text may be two nouns of one description, so they do not tell the figures
    apart (a doubt only about agreeing values: a conflict still needs one subject on both sides)."""
    sa, sb = a.row["subject_norm"], b.row["subject_norm"]
    return _stem(sa) in b.ctx.own or _stem(sb) in a.ctx.own


def _direction_against_deed(a: dict, b: dict) -> bool:
    """Two counts, one read as a rise or fall and the other as something done ("lost 32 citizens" /
    "32 killed", "gained 30 seats" / "won 30 seats"): words of rising and falling tell many deeds
    ("lost" people are often the dead), so this is a doubt, not a contradiction.  A rise against a
    fall still is one."""
    return a["kind"] == "count" and b["kind"] == "count" and len({a["action"], b["action"]} & _DIRECTIONS) == 1


def _inherit_sources(figs: list) -> None:
    """A figure whose sentence names no source, of the same value as a figure of its article that does (a
    headline's "Nearly 2 million" and the body's "organisers said nearly 2 million"), is that source's figure
    (figures in the order of their article and position)."""
    by_article: dict[str, dict[float, str]] = defaultdict(dict)
    for f in figs:
        if f.source:
            by_article[f.row["article_id"]].setdefault(f.row["value"], f.source)
    if not by_article:
        return
    for f in figs:
        if not f.source:
            f.source = by_article.get(f.row["article_id"], {}).get(f.row["value"], "")


def _two_sources(a: str, b: str) -> bool:
    """Two figures each given by a named source, not the same one ("police" / "organisers"): one article may
    report both estimates of one quantity."""
    return bool(a and b and a != b)


def _actors_differ(a: frozenset, b: frozenset) -> bool:
    """Both figures name who acted, and not the same ("Britain" / "the United States", or "the United
    States" / "the United States, Canada and 14 EU countries": one of several is another scope)."""
    return bool(a and b and a != b)


@dataclass
class _Pair:
    veto: str            # why never one quantity ("" if no contradiction)
    soft: str            # why they may be different quantities ("" if nothing says so)
    thin: str            # why not enough evidence for a conflict ("" if strong)
    similarity: float
    shared: object       # the context words both share (a set; see :func:`_shared_words`)
    restated: bool
    same_value: bool     # the same distinctive value on both sides, nothing against
    same_action: bool    # the same (non-neutral) action on both sides, nothing against


def _distinctive_same_value(a: dict, b: dict, tol: float) -> bool:
    """Both figures give the same value, up to rounding ("60" / "about 60", "$13.2 billion" /
    "$13.23 billion"), and a value unlikely to recur by chance: not a count below ten."""
    va, vb = a["value"], b["value"]
    if not (_known(va) and _known(vb)) or abs(va - vb) > tol * max(abs(va), abs(vb), 1e-12):
        return False
    return _distinctive(a) and _distinctive(b)


def _states_more_than_value(a: dict, b: dict) -> bool:
    """Something besides the value says what is counted: an action on either side, or a measure,
    percentage or sum (its unit says what it is)."""
    return bool(a["action"] or b["action"]) or a["kind"] != "count"


def _distinctive(r: dict) -> bool:
    """A value unlikely to recur by chance: anything but a count below ten."""
    return r["kind"] != "count" or abs(r["value"]) >= 10


def _compare(fa: _Fig, fb: _Fig, params: FigureParams) -> _Pair:
    """Everything that says whether two figures of one key are one quantity (one full comparison)."""
    a, b = fa.row, fb.row
    same_article = a["article_id"] == b["article_id"]
    sim, shared = _similarity(fa, fb, same_article, params)
    veto, soft = _anchors_apart(fa.anchor, fb.anchor, params)
    # doubts that only tell disagreeing values apart ("loose"): a figure dated only by its article,
    # published after the date the other names, may report that older time ("separated between May 5
    # and June 9" / "the more than 2,300 separated children", a week later): when their values meet it
    # is read as one; when they disagree the counts may have changed in between
    loose_time = bool(soft) and _reports_older(fa.anchor, fb.anchor)
    other = ""
    loose_role = False
    if not veto:
        veto, other = _modifier_clash(fa, fb)
        # people named by other roles: a doubt only about disagreeing values
        loose_role = bool(other) and _roles_only_differ(fa, fb)
    role_doubt = other if loose_role else ""
    if loose_role:
        other = ""  # what else may tell them apart is still read
    if not veto and a["action"] and b["action"] and a["action"] != b["action"] and \
            a["action"] not in _NEUTRAL_ACTIONS and b["action"] not in _NEUTRAL_ACTIONS:
        if a["kind"] == "measure" and b["kind"] == "measure" or _direction_against_deed(a, b):
            # a measure is of the event, told by any of its verbs ("fought the blaze for more than 12
            # hours" / "the fire burned for about 15 hours"): a doubt, not a contradiction; so is a
            # count read as a rise or fall against a count of something done ("Kenya lost 32 citizens"
            # / "among the dead were 32 Kenyans")
            other = other or f"different actions: {a['action']} / {b['action']}"
        else:
            veto = f"different actions: {a['action']} / {b['action']}"
    if not veto and _state_days_apart(fa, fb, params):
        veto = f"different times: a state on other days: {fa.anchor.describe()} / {fb.anchor.describe()}"
    if not veto and fa.change and fb.change and fa.change != fb.change:
        veto = f"opposite changes: {fa.change} / {fb.change}"
    if not veto and _kinds_exclude(a["statement"], b["statement"]):
        veto = f"different kinds of statement: {a['statement']} / {b['statement']}"
    restated = not veto and _restated(a, b)
    if not veto and same_article and _disjoint(a["low"], a["high"], b["low"], b["high"], params.rounding_tolerance) \
            and not _two_sources(fa.source, fb.source):
        veto = "one article gives both"
    # doubts about what is measured block the shortcuts below; doubts about who (names, actors:
    # one actor goes by several names, "the US" / "Washington") only keep a conflict from being called
    # a doubt that only tells disagreeing values apart: a running total and an outcome ("at least 42
    # killed" / "the death toll rose to 42") read alike when their values meet, and differ as a batch
    # and a total only when they do not ("13 charged on Friday" / "two dozen charged so far")
    loose_kind = False
    if not other and not restated:
        if bool(fa.change) != bool(fb.change):
            other = "one figure is the result of a change, the other is not: they may be from different times"
        elif a["kind"] in ("measure", "percent", "money") and a["subject_norm"] and b["subject_norm"] \
                and a["subject_norm"] != b["subject_norm"] and not _subject_named_by_other(fa, fb):
            other = f"different subjects: {a['subject_norm']} / {b['subject_norm']}"
        elif a["statement"] != b["statement"]:
            other = f"different kinds of statement: {a['statement']} / {b['statement']}"
            loose_kind = {a["statement"], b["statement"]} in (_TOTAL_OR_OUTCOME, _BATCH_OR_OUTCOME)
    doubt = bool(soft and not loose_time or other and not loose_kind)
    other = other or role_doubt
    soft = soft or other
    who = ""
    ca, cb = fa.ctx, fb.ctx
    if not restated:
        if params.entity_clash and ca.own_names >= 2 and cb.own_names >= 2 and not ca.names & cb.names:
            who = "the sentences name different people or places"
        elif _actors_differ(fa.actor, fb.actor):
            who = f"different actors: {a['actor']} / {b['actor']}"
    thin = soft or who
    if thin:
        pass
    elif not a["action"] or not b["action"]:
        thin = "the action is not stated on both sides"
    elif a["action"] != b["action"]:
        thin = f"different actions: {a['action']} / {b['action']}"
    elif sim < params.conflict_similarity:
        thin = "the sentences share too little"
    elif not ca.names & cb.names and sim < params.unnamed_conflict_similarity:
        thin = "the two sentences name no person, place or organisation in common"
    same_action = bool(a["action"]) and a["action"] == b["action"] and a["action"] not in _NEUTRAL_ACTIONS
    return _Pair(veto, soft or who, thin, sim, shared, restated,
                 not veto and not doubt and _distinctive_same_value(a, b, params.rounding_tolerance),
                 not veto and not doubt and same_action)


# ------------------------------------------------ candidate pairs (blocking within a key)
def _value_buckets(value: float, tol: float) -> list[tuple]:
    """Buckets such that two values equal up to the rounding tolerance share one: buckets of width
    1/(1-tol) on a log scale, each value in its own and the next."""
    if not math.isfinite(value):
        return []
    if value == 0:
        return [(0, 0)]
    b = math.floor(math.log(abs(value)) / -math.log1p(-tol))
    sign = 1 if value > 0 else -1
    return [(sign, b), (sign, b + 1)]


_RANGE_BUCKETS_MAX = 24  # an interval spanning more doublings than this is bucketed at its top end


def _range_buckets(low: float, high: float, params: FigureParams) -> list[tuple]:
    """Buckets (one per doubling, by sign) covering an interval widened by the rounding tolerance:
    two intervals that meet share a bucket.  An open upper end is cut where an open-ended figure
    stops matching (``open_match_factor``)."""
    tol = params.rounding_tolerance
    if math.isinf(high) and math.isfinite(low) and low > 0:
        high = low * params.open_match_factor
    elif low == 0 < high < math.inf:
        low = high / params.open_match_factor  # bounded only above: see :func:`_meets`
    lo, hi = low - tol * abs(low), high + tol * abs(high)
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
        return []
    out: list[tuple] = []
    for sign, a, b in ((1, max(lo, 0.0), hi), (-1, max(-hi, 0.0), -lo)):
        if b <= 0 or a > b:
            continue
        top = math.floor(math.log2(b))
        bottom = math.floor(math.log2(a)) if a > 0 else top - _RANGE_BUCKETS_MAX
        out.extend((sign, k) for k in range(max(bottom, top - _RANGE_BUCKETS_MAX), top + 1))
    if lo <= 0 <= hi:
        out.append((0, 0))
    return out


_SCORE_BATCH = 1 << 18  # posting entries scored at once by :func:`_best_partners` (bounds its memory)


def _best_partners(batch: list[tuple], n: int, totals, keep: int, pairs: set) -> None:
    """For each (figure, [(its word weight, (partners, their weights)), ...]) of ``batch``: its ``keep``
    partners whose contexts share the most (score: the lesser weights summed per partner, over the
    partner's smaller total), added to ``pairs`` as ``(i, j)``, ``i < j``."""
    counts = [sum(len(a[0]) for _, a in hits) for _, hits in batch]
    fi = np.repeat(np.array([i for i, _ in batch], dtype=np.int64), counts)
    js = np.concatenate([a[0] for _, hits in batch for _, a in hits])
    mins = np.minimum(np.repeat(np.array([w for _, hits in batch for w, _ in hits], dtype=np.float64),
                                [len(a[0]) for _, hits in batch for _, a in hits]),
                      np.concatenate([a[1] for _, hits in batch for _, a in hits]))
    # over the (figure, partner) pairs hit only (not all n figures of the key per figure, which would
    # make a large key quadratic); ``bincount`` adds each pair's weights in input order
    pair_code, slot = np.unique(fi * n + js, return_inverse=True)
    score = np.bincount(slot.ravel(), weights=mins)
    owner, partners = np.divmod(pair_code, n)
    other = partners != owner
    owner, partners, score = owner[other], partners[other], score[other]
    if not len(partners):
        return
    total = totals[owner]
    bound = np.where(totals[partners] < total, totals[partners], total)
    rank = -score / np.where(bound == 0, 1.0, bound)  # (min(total, theirs) or 1.0)
    order = np.lexsort((partners, rank, owner))
    owner, partners = owner[order], partners[order]
    first = np.searchsorted(owner, owner)  # each entry's figure's first entry
    chosen = (np.arange(len(owner)) - first) < keep
    for i, j in zip(owner[chosen].tolist(), partners[chosen].tolist()):
        pairs.add((i, j) if i < j else (j, i))


def _candidate_pairs(figs: list[_Fig], params: FigureParams) -> list[tuple[int, int]]:
    """The pairs of one key's figures worth a full comparison (``i < j``), sorted.

    A key of at most ``full_compare_max`` figures is compared in full.  In a larger key, each
    figure is paired with

    * the ``block_partners`` figures whose contexts share the most with its own, scored through
      an inverted index of context words (IDF-weighted overlap, as :func:`_similarity`): a word
      used by more than ``block_word_max`` of the key's figures is left out (it tells none of
      them apart, and its list would make the index quadratic);
    * figures of the same article, figures with the same distinctive value (up to rounding), and
      figures with the same action whose values meet: blocks, in which a block larger than
      ``block_window`` + 1 pairs each figure with the ``block_window`` next in time order only.

    So every figure takes part in a bounded number of comparisons, and the comparisons grow
    linearly with the key.
    """
    n = len(figs)
    if n <= params.full_compare_max:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    pairs: set[tuple[int, int]] = set()
    # context words: an inverted index, each figure's best-scoring partners
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for f in figs:
        for t, w in f.cross.items():
            if w > 0:
                postings[t].append((f.i, w))
    for t in [t for t, lst in postings.items() if len(lst) > params.block_word_max]:
        del postings[t]
    # each figure's scores, summed in numpy: for every word of the figure in order, its posting list
    # in order, the lesser weight added to the partner's score (``bincount`` adds in input order, as
    # the loop over the postings did, so every score is the same float)
    arrays = {t: (np.array([j for j, _ in lst], dtype=np.int64), np.array([wj for _, wj in lst], dtype=np.float64))
              for t, lst in postings.items()}
    totals = np.array([f.cross_total for f in figs], dtype=np.float64)
    # figures scored a batch at a time (numpy calls per batch, not per figure), the entries of a
    # (figure, partner) pair still added in the figure's word order and each posting's order
    batch: list[tuple] = []
    size = 0
    for f in figs:
        hits = [(w, arrays[t]) for t, w in f.cross.items() if t in arrays]
        if hits:
            batch.append((f.i, hits))
            size += sum(len(a[0]) for _, a in hits)
        if batch and (size >= _SCORE_BATCH or f is figs[-1]):
            _best_partners(batch, n, totals, params.block_partners, pairs)
            batch, size = [], 0
    # identity blocks, bounded by a time-ordered window
    blocks: dict[tuple, list[int]] = defaultdict(list)
    tol = params.rounding_tolerance
    for f in figs:
        r = f.row
        blocks[("article", r["article_id"])].append(f.i)
        if _distinctive(r):
            for b in _value_buckets(r["value"], tol):
                blocks[("value", r["kind"], b)].append(f.i)
        if r["action"] and r["action"] not in _NEUTRAL_ACTIONS:
            for b in _range_buckets(r["low"], r["high"], params):
                blocks[("action", r["action"], b)].append(f.i)
    order = {f.i: (f.t0 if f.t0 is not None else -1, f.row["figure_id"]) for f in figs}
    w = params.block_window
    for members in blocks.values():
        if len(members) < 2:
            continue
        if len(members) > w + 1:
            members = sorted(members, key=order.__getitem__)
        for k, i in enumerate(members):
            for j in members[k + 1:k + 1 + w]:
                pairs.add((i, j) if i < j else (j, i))
    return sorted(pairs)


# ------------------------------------------------ claims: joining figures, with cluster summaries
class _Cluster:
    """A claim being built: its members and a compact summary of what its figures say, so that the
    rules between figures are checked between two clusters without comparing their members pair
    by pair: the hard vetoes (times apart, different groups, actions, directions, exclusive kinds
    of statement, one article giving two values), and whether values that disagree would stand on
    strong evidence (:func:`_conflict_doubt`)."""

    __slots__ = ("members", "blocked", "min_high", "max_low", "low_at", "high_at", "actions", "directions", "changes", "kinds",
                 "propers", "ex_start", "ex_end", "pub_start", "pub_end", "articles", "all_actions",
                 "all_changes", "actors", "lowers", "subjects", "undated", "state_t0", "state_t1", "any_t0", "any_t1")

    def __init__(self, f: _Fig, blocked: set):
        r = f.row
        self.members = {f.i}
        self.blocked = blocked                 # figures this cluster may never hold (pairwise vetoes)
        self.min_high, self.max_low = r["high"], r["low"]
        self.low_at = self.high_at = f.i       # the members holding min_high and max_low
        self.actions = ({r["action"]} if r["action"] and r["action"] not in _NEUTRAL_ACTIONS and r["kind"] != "measure"
                        and not (r["kind"] == "count" and r["action"] in _DIRECTIONS)
                        else set())  # (a measure's verb is no contradiction: see :func:`_compare`)
        # a count's rise or fall contradicts only the opposite one (see :func:`_direction_against_deed`)
        self.directions = {r["action"]} if r["kind"] == "count" and r["action"] in _DIRECTIONS else set()
        self.changes = {f.change} if f.change else set()
        self.kinds = {r["statement"]}
        self.propers = {f.proper} if f.proper else set()
        # latest start and earliest end of the explicit (named in the sentence) and publication anchors
        inf = math.inf
        ex = f.anchor.explicit and f.t0 is not None
        pub = not f.anchor.explicit and f.t0 is not None
        self.ex_start, self.ex_end = (f.t0, f.t1) if ex else (-inf, inf)
        self.pub_start, self.pub_end = (f.t0, f.t1) if pub else (-inf, inf)
        # per article, per source named for the figure ("" none): one article's two sources may disagree
        self.articles = {r["article_id"]: {f.source: (r["high"], r["low"])}}
        # for disagreeing values: every member's action and direction (stated or not), who acts,
        # the kinds of thing counted, the subjects of measures, members with no known time
        self.all_actions = {r["action"]}
        self.all_changes = {f.change}
        self.actors = {f.actor} if f.actor else set()
        self.lowers = {f.lower} if f.lower else set()
        # what a measure or percentage is of (its key is the unit alone): "" when the text does not say
        self.subjects = {r["subject_norm"]} if r["kind"] in ("measure", "percent", "money") else set()
        self.undated = 0 if f.t0 is not None else 1
        # latest start and earliest end of the members that state a state, and of all dated members
        dated = f.t0 is not None
        self.state_t0, self.state_t1 = (f.t0, f.t1) if f.state and dated else (-inf, inf)
        self.any_t0, self.any_t1 = (f.t0, f.t1) if dated else (-inf, inf)

    def absorb(self, o: "_Cluster") -> None:
        self.members |= o.members
        self.blocked |= o.blocked
        if o.min_high < self.min_high:
            self.min_high, self.low_at = o.min_high, o.low_at
        if o.max_low > self.max_low:
            self.max_low, self.high_at = o.max_low, o.high_at
        self.actions |= o.actions
        self.directions |= o.directions
        self.changes |= o.changes
        self.kinds |= o.kinds
        self.propers |= o.propers
        self.ex_start, self.ex_end = max(self.ex_start, o.ex_start), min(self.ex_end, o.ex_end)
        self.pub_start, self.pub_end = max(self.pub_start, o.pub_start), min(self.pub_end, o.pub_end)
        for aid, by_source in o.articles.items():
            mine = self.articles.setdefault(aid, {})
            for src, (h, lo) in by_source.items():
                had = mine.get(src)
                mine[src] = (h, lo) if had is None else (min(had[0], h), max(had[1], lo))
        self.all_actions |= o.all_actions
        self.all_changes |= o.all_changes
        self.actors |= o.actors
        self.lowers |= o.lowers
        self.subjects |= o.subjects
        self.undated += o.undated
        self.state_t0, self.state_t1 = max(self.state_t0, o.state_t0), min(self.state_t1, o.state_t1)
        self.any_t0, self.any_t1 = max(self.any_t0, o.any_t0), min(self.any_t1, o.any_t1)


def _spread(min_high: float, max_low: float, tol: float) -> bool:
    """Some two of the intervals with these extremes are disjoint (the extremes are the witnesses)."""
    return _disjoint(-math.inf, min_high, max_low, math.inf, tol)


def _cannot_join(a: _Cluster, b: _Cluster, params: FigureParams) -> str:
    """Why no figure of ``a`` may be one quantity with a figure of ``b`` ("" if nothing forbids it):
    the hard vetoes of :func:`_compare`, for every pair across at once."""
    def gap(s1, e1, s2, e2):  # largest gap between an anchor of one side and one of the other
        return max(s1 - e2, s2 - e1)

    if gap(a.ex_start, a.ex_end, b.ex_start, b.ex_end) > params.anchor_tolerance_days:
        return "different times (dates named in the sentences)"
    if max(gap(a.ex_start, a.ex_end, b.pub_start, b.pub_end),
           gap(a.pub_start, a.pub_end, b.ex_start, b.ex_end)) > params.undated_gap_days:
        return "different times (a date named in one sentence, far from the other's publication)"
    if gap(a.pub_start, a.pub_end, b.pub_start, b.pub_end) > params.max_publication_gap_days:
        return "different times (publication dates)"
    if max(gap(a.state_t0, a.state_t1, b.any_t0, b.any_t1),
           gap(a.any_t0, a.any_t1, b.state_t0, b.state_t1)) > params.conflict_max_days:
        return "different times (a state on other days)"
    if any(not p & q for p in a.propers for q in b.propers):
        return "different groups"
    if len(a.actions | b.actions) > 1 or len(a.directions | b.directions) > 1:
        return "different actions"
    if len(a.changes | b.changes) > 1:
        return "opposite changes"
    if any(_kinds_exclude(x, y) for x in a.kinds for y in b.kinds):
        return "different kinds of statement"
    small, big = (a, b) if len(a.articles) <= len(b.articles) else (b, a)
    tol = params.rounding_tolerance
    for aid, by_source in small.articles.items():
        other = big.articles.get(aid)
        if other is None:
            continue
        for s1, (h, lo) in by_source.items():
            for s2, (h2, lo2) in other.items():
                if not _two_sources(s1, s2) and _spread(min(h, h2), max(lo, lo2), tol):
                    return "one article gives both"
    return ""


def _conflict_doubt(a: _Cluster, b: _Cluster, params: FigureParams) -> str:
    """Why the figures of two clusters, whose values disagree, may not be one quantity ("" if the
    evidence is strong): a claim whose values disagree is a conflict a reader will cite, so both
    sides must state the action (and, for a measure or percentage, what it measures), and every
    figure that states one the same; every figure must make
    the same kind of statement, move in the same direction, name the same actor (where it names
    one) and the same kind of thing; and both sides must have a known time, all known times
    within ``conflict_max_days`` of each other (for a plan, forecast, target or demand, the time
    of the statement may differ, but a date named on one side must meet the other side's)."""
    stated_a, stated_b = a.all_actions - {""}, b.all_actions - {""}
    if not stated_a or not stated_b:
        return "the action is not stated on both sides"
    if len(stated_a | stated_b) > 1:
        return "different actions: " + " / ".join(sorted(stated_a | stated_b))
    kinds = a.kinds | b.kinds
    if len(kinds) > 1:
        return "different kinds of statement: " + " / ".join(sorted(kinds))
    if len(a.all_changes | b.all_changes) > 1:
        return "one figure is the result of a change, another is not"
    if len(a.actors | b.actors) > 1:
        return "different actors"
    lowers = list(a.lowers | b.lowers)
    if any(not x & y for k, x in enumerate(lowers) for y in lowers[k + 1:]):
        return "different kinds of the counted thing"
    if a.subjects or b.subjects:
        said_a, said_b = a.subjects - {""}, b.subjects - {""}
        if not said_a or not said_b:
            return "what is measured is not stated on both sides"
        if len(said_a | said_b) > 1:
            return "different subjects: " + " / ".join(sorted(said_a | said_b))
    start = max(a.ex_start, a.pub_start, b.ex_start, b.pub_start)
    end = min(a.ex_end, a.pub_end, b.ex_end, b.pub_end)
    if kinds & _PROSPECTIVE_KINDS:
        ex_pub = max(a.ex_start - b.pub_end, b.pub_start - a.ex_end, b.ex_start - a.pub_end, a.pub_start - b.ex_end)
        if ex_pub > params.anchor_tolerance_days:
            return "different times: a date named in one sentence, another publication date"
    elif a.undated == len(a.members) or b.undated == len(b.members):
        return "the time is not known on both sides"
    elif start - end > (params.total_conflict_max_days if kinds <= {"total", "remaining"} else params.conflict_max_days):
        return "different times: counts may have changed between them"
    return ""


def group_claims(key: str, rows: list[dict], contexts: dict, anchors: dict, idf: dict,
                 params: FigureParams = FigureParams()) -> tuple[list[list[dict]], list[dict]]:
    """The keyed reduction: all figures of one ``subject_key`` -> claims (lists of rows) and apart pairs.

    Candidate pairs come from :func:`_candidate_pairs` (all pairs of a small key, blocking in a
    large one); each is compared in full (:func:`_compare`).  Pairs join in order of evidence; a
    join is refused when a pairwise comparison forbids it, or when the summaries of the two claims
    being joined show that some figure of one and some figure of the other cannot be one quantity
    (:func:`_cannot_join`), so the must-stay-apart rules hold for pairs never compared.
    """
    rows = sorted(rows, key=lambda r: (r["article_id"], r["start"]))
    n = len(rows)
    ids = [r["figure_id"] for r in rows]
    figs = [_fig(i, r, contexts[ids[i]], anchors[ids[i]], idf) for i, r in enumerate(rows)]
    _inherit_sources(figs)
    tol = params.rounding_tolerance
    edges = []          # (-score, i, j, pair)
    cannot: dict[int, set] = defaultdict(set)
    apart: list[tuple] = []
    pairs: dict[tuple[int, int], _Pair] = {}
    for a, b in _candidate_pairs(figs, params):
        ra, rb = rows[a], rows[b]
        p = _compare(figs[a], figs[b], params)
        pairs[(a, b)] = p
        apart_values = _disjoint(ra["low"], ra["high"], rb["low"], rb["high"], tol)  # read once per pair
        by_day = not apart_values and _exact_counts_differ(ra, rb, figs[a].anchor, figs[b].anchor)
        disjoint = by_day or apart_values
        # listed apart: figures of different articles, in sentences alike enough to be confused; two
        # different figures of one sentence that both articles carry are plainly not one quantity
        listed = (disjoint and ra["article_id"] != rb["article_id"] and p.similarity >= params.event_similarity
                  and figs[a].sentence != figs[b].sentence)
        if p.veto or disjoint and p.soft or by_day and p.thin:
            # (two exact counts of other days, "39" / "38", that the claims' value ranges cannot tell
            # apart: kept apart here, or a third figure meeting both would join them)
            # never one quantity: a contradiction, or disagreeing values with a reason to doubt
            cannot[a].add(b)
            cannot[b].add(a)
            if listed:
                apart.append((a, b, p.veto or p.soft or p.thin, p.similarity))
        elif p.restated:
            edges.append((-2.0, a, b, p))
        elif not disjoint:
            if (_meets(ra, rb, params) or _count_grew(figs[a], figs[b])) and (
                    p.similarity >= params.event_similarity or p.same_action or p.same_value and (
                        p.similarity >= params.bare_value_similarity or _states_more_than_value(ra, rb))):
                edges.append((-p.similarity - (1.0 if p.same_value else 0.0), a, b, p))
        elif not p.thin:
            edges.append((-p.similarity, a, b, p))  # disagreeing values on strong evidence: a conflict
        elif listed:
            apart.append((a, b, p.thin, p.similarity))
    # join in order of evidence, never across a must-stay-apart pair
    parent = list(range(n))
    clusters = {i: _Cluster(figs[i], set(cannot[i])) for i in range(n)}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    doubted: list[tuple] = []  # joins refused because disagreeing values would stand on thin evidence
    for _, a, b, p in sorted(edges, key=lambda e: (e[0], ids[e[1]], ids[e[2]])):
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        ca, cb = clusters[ra], clusters[rb]
        small, big = (ca, cb) if len(ca.blocked) <= len(cb.blocked) else (cb, ca)
        if not small.blocked.isdisjoint(big.members if small is ca else ca.members):
            continue
        if _cannot_join(ca, cb, params):
            continue
        if _spread(min(ca.min_high, cb.min_high), max(ca.max_low, cb.max_low), tol):
            # the values would disagree: only on strong evidence, between every figure of both
            why = p.thin or _conflict_doubt(ca, cb, params)
            if why:
                x, y = (ca.low_at, cb.high_at) if ca.min_high < cb.max_low else (cb.low_at, ca.high_at)
                if rows[x]["article_id"] != rows[y]["article_id"] and figs[x].sentence != figs[y].sentence:
                    doubted.append((min(x, y), max(x, y), why, p.similarity))
                continue
        if len(ca.members) < len(cb.members):
            ra, rb, ca, cb = rb, ra, cb, ca
        parent[rb] = ra
        ca.absorb(clusters.pop(rb))
    members_of = sorted((sorted(c.members) for c in clusters.values()), key=lambda m: m[0])
    claims = [[rows[i] for i in m] for m in members_of]
    home = {i: ci for ci, m in enumerate(members_of) for i in m}
    apart_rows = []
    listed = {(a, b) for a, b, _, _ in apart}
    for a, b, why, sim in apart + [d for d in doubted if (d[0], d[1]) not in listed]:
        if home[a] != home[b]:
            apart_rows.append({"_a": a, "_b": b, "why": why, "similarity": sim, "claim_a": home[a],
                               "claim_b": home[b]})
    inside: dict[int, list] = defaultdict(list)
    for (a, b), p in pairs.items():
        if home[a] == home[b]:
            inside[home[a]].append((_shared_words(figs[a], figs[b], p.shared, params), p.restated))
    for ci, members in enumerate(claims):
        evidence = _evidence(members, inside.get(ci, []), anchors, contexts)
        for x in members:
            x["_evidence"] = evidence
    return claims, [dict(r, rows=(rows[r["_a"]], rows[r["_b"]])) for r in apart_rows]


def _evidence(members: list[dict], pairs: list, anchors: dict, contexts: dict) -> str:
    """Why these figures were taken as one quantity, in words (``pairs``: for each compared pair inside
    the claim, its shared context words, weightiest first, and whether one article restates a figure)."""
    if len(members) < 2:
        return ""
    bits = []
    subjects = sorted({m["subject"] for m in members if m["subject"]})
    norm = members[0]["subject_norm"]
    if subjects:
        bits.append(f"same subject ({norm}: {', '.join(subjects[:4])})")
    elif norm:
        bits.append(f"same subject ({norm})")
    actions = sorted({m["action"] for m in members if m["action"]})
    if len(actions) == 1:
        bits.append(f"same action ({actions[0]})")
    kinds = sorted({m["statement"] for m in members})
    if len(kinds) == 1:
        bits.append(f"same kind of statement ({kinds[0]})")
    times = sorted({anchors[m["figure_id"]].describe() for m in members if m["figure_id"] in anchors})
    if times:
        bits.append("times: " + "; ".join(times[:3]) + ("; ..." if len(times) > 3 else ""))
    shared = Counter()
    for words, _ in pairs:
        shared.update(words[:6])
    surface: dict[str, str] = {}
    for m in members:
        ctx = contexts.get(m["figure_id"])
        if ctx is not None and ctx.surface:
            for k, v in ctx.surface.items():
                surface.setdefault(k, v)
    words = [surface.get(w, w) for w, _ in sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
    if words:
        bits.append("shared words: " + ", ".join(words))
    if any(restated for _, restated in pairs):
        bits.append("one article restates its own figure")
    return "; ".join(bits)


def _status(members: list[dict], tol: float) -> str:
    if len({m["article_id"] for m in members}) < 2:
        return "single source"
    lo0, hi0 = members[0]["low"], members[0]["high"]
    if all(math.isclose(m["low"], lo0, rel_tol=1e-9) and math.isclose(m["high"], hi0, rel_tol=1e-9)
           for m in members):
        return "agree"
    # some two intervals are disjoint exactly when the lowest upper end and the highest lower end are
    if _spread(min(m["high"] for m in members), max(m["low"] for m in members), tol):
        return "conflict"
    return "compatible"


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "figure"


def _claim_base(subject: str, unit: str) -> str:
    unit_slug = "pct" if unit == "%" else _slug(unit)
    if not subject:
        return unit_slug
    return _slug(subject) if unit in {"count", ""} else f"{_slug(subject)}-{unit_slug}"


def key_claims(key: str, rows: list[dict], contexts: dict, anchors: dict, idf: dict, params: FigureParams,
               info: dict[str, tuple[str, str]]) -> tuple[list[dict], list[dict]]:
    """One ``subject_key``'s claim rows and apart rows (the keyed reduction, with its claims named):
    ``info`` gives each article's outlet and publication date."""
    claims, apart = group_claims(key, rows, contexts, anchors, idf, params)
    unit, _, subj = key.partition("|")
    base = _claim_base(subj, unit)
    claims.sort(key=lambda c: min((m["article_id"], m["start"]) for m in c))
    names = {}
    out, apart_out = [], []
    numbered: Counter = Counter()
    for members in claims:
        csubj = subj
        if not subj and members[0]["kind"] == "money":
            # money is keyed by its currency alone: a claim is named by what its figures say they are
            said = Counter(m["subject_norm"] for m in members if m["subject_norm"])
            csubj = min(said, key=lambda s_: (-said[s_], s_)) if said else ""
        elif subj == "people" and unit == "count":
            # people are keyed together: a claim is named by the role its figures give them, if any
            said = Counter(w[-1] for w in (m["modifiers"].split() for m in members) if w and w[-1] in _PERSON_HEADS)
            csubj = min(said, key=lambda s_: (-said[s_], s_)) if said else subj
        cbase = _claim_base(csubj, unit) if csubj != subj else base
        numbered[cbase] += 1
        cid = f"{cbase}-{numbered[cbase]}"
        names[id(members)] = cid
        status = _status(members, params.rounding_tolerance)
        for r in sorted(members, key=lambda r: (r["article_id"], r["start"])):
            outlet, published = info.get(r["article_id"], ("", ""))
            out.append({
                "claim_id": cid, "subject": csubj, "unit": unit, "article_id": r["article_id"],
                "outlet": outlet or r["article_id"],
                "figure_id": r["figure_id"], "figure_text": r["text"], "low": r["low"], "high": r["high"],
                "written_value": r["written_value"], "written_low": r["written_low"],
                "written_high": r["written_high"], "written_unit": r["written_unit"],
                "status": status, "sentence": r["sentence"], "quoted": bool(r["quoted"]),
                "speaker": r["speaker"], "published": published or "", "shared_with": "",
                "subject_key": key, "action": r["action"], "statement": r["statement"],
                "time_anchor": anchors[r["figure_id"]].describe(), "evidence": r.get("_evidence", ""),
            })
    cid_of = [names[id(c)] for c in claims]
    seen: Counter = Counter()
    for p in sorted(apart, key=lambda p: (-p["similarity"], p["rows"][0]["figure_id"], p["rows"][1]["figure_id"])):
        ca, cb = cid_of[p["claim_a"]], cid_of[p["claim_b"]]
        pair = tuple(sorted((ca, cb)))
        if pair in seen or seen[ca] >= params.max_apart_per_claim or seen[cb] >= params.max_apart_per_claim:
            continue
        seen[pair] += 1
        seen[ca] += 1
        seen[cb] += 1
        ra, rb = p["rows"] if ca <= cb else p["rows"][::-1]
        apart_out.append({
            "subject_key": key, "claim_a": min(ca, cb), "claim_b": max(ca, cb),
            "figure_a": ra["figure_id"], "figure_b": rb["figure_id"], "article_a": ra["article_id"],
            "article_b": rb["article_id"], "text_a": ra["text"], "text_b": rb["text"],
            "low_a": ra["low"], "high_a": ra["high"], "low_b": rb["low"], "high_b": rb["high"],
            "sentence_a": ra["sentence"], "sentence_b": rb["sentence"],
            "similarity": round(float(p["similarity"]), 4), "why_apart": p["why"],
        })
    return out, apart_out


# ------------------------------------------- claims across nouns: one value told of other nouns
# A second keyed pass.  Grouping compares figures only within a subject key (unit and counted noun), so
# one quantity told with two nouns ("three federal judges have blocked" / "three lower federal courts
# have ruled"; "two more hikes this year" / "two more increases this year") ends up as two claims.
# Here every claim whose figures all give one value is keyed by that value (and unit and kind of
# figure); within a value key, claims of different subject keys join when some figure of one and some
# figure of the other, from different articles, have contexts at least ``value_merge_similarity`` alike
# and nothing that keeps figures apart holds between the two claims (the same vetoes as within a key).
# Values agree by construction, so a join never makes a conflict.

_VALUE_ROWS_SCHEMA = {"value_key": "str", "subject_key": "str", "claim_id": "str", "figure_id": "str",
                      "evidence": "str", "row": "object", "ctx": "object", "anchor": "object"}
_MERGE_SCHEMA = {"subject_key": "str", "claim_id": "str", "merged_id": "str", "merged_status": "str",
                 "merged_evidence": "str"}


def claim_value_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by ``claim_id`` (claim rows joined with their figures' features, by ``figure_id``): the rows of
    every claim whose figures all give one finite value, with that value's key (``unit|kind|value``)."""
    out = []
    order = part.sort_values(["subject_key", "claim_id", "figure_id"], kind="mergesort")
    for (sk, cid), g in order.groupby(["subject_key", "claim_id"], sort=True):
        rows = list(g["row"])
        v = rows[0]["value"]
        if not (_known(v) and math.isfinite(v)) or any(not math.isclose(r["value"], v, rel_tol=1e-9) for r in rows):
            continue
        if not _distinctive(rows[0]):
            continue  # a count below ten recurs by chance ("two pieces", "two branches", "two appointees")
        key = f"{rows[0]['unit']}|{rows[0]['kind']}|{float(v)!r}"
        for fid, ev, r, c, a in zip(g["figure_id"], g["evidence"], rows, g["ctx"], g["anchor"]):
            out.append({"value_key": key, "subject_key": sk, "claim_id": cid, "figure_id": fid, "evidence": ev,
                        "row": r, "ctx": c, "anchor": a})
    return pd.DataFrame(out, columns=list(_VALUE_ROWS_SCHEMA))


def merge_claims_by_value(part: pd.DataFrame, idf: dict, params: FigureParams) -> pd.DataFrame:
    """Keyed by ``value_key``: which claims of different subject keys are one quantity told with other
    nouns; one row per claim that joins another (its new id: the least id of those joined, the joined
    claim's status and evidence).  Candidate pairs of figures are found as within a key
    (:func:`_candidate_pairs`: bounded per figure), so the work grows linearly with the key."""
    out = [_merge_one_value(g, idf, params) for _, g in part.groupby("value_key", sort=True)
           if g["subject_key"].nunique() > 1]
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=list(_MERGE_SCHEMA))


def _merge_one_value(part: pd.DataFrame, idf: dict, params: FigureParams) -> pd.DataFrame:
    part = part.sort_values(["subject_key", "claim_id", "figure_id"], kind="mergesort")
    claims = [(sk, cid, g) for (sk, cid), g in part.groupby(["subject_key", "claim_id"], sort=True)]
    figs, owner = [], []
    for ci, (_, _, g) in enumerate(claims):
        for r, c, a in sorted(zip(g["row"], g["ctx"], g["anchor"]), key=lambda t: (t[0]["article_id"], t[0]["start"])):
            figs.append(_fig(len(figs), r, c, a, idf))
            owner.append(ci)
    clusters: dict[int, _Cluster] = {}
    for f in figs:
        if owner[f.i] in clusters:
            clusters[owner[f.i]].absorb(_Cluster(f, set()))
        else:
            clusters[owner[f.i]] = _Cluster(f, set())
    blocked: set[tuple[int, int]] = set()
    best: dict[tuple[int, int], float] = {}
    for i, j in _candidate_pairs(figs, params):
        ci, cj = sorted((owner[i], owner[j]))
        if ci == cj or claims[ci][0] == claims[cj][0] or figs[i].row["article_id"] == figs[j].row["article_id"]:
            continue
        p = _compare(figs[i], figs[j], params)
        # shared weight over the larger context (not the smaller, as within a key): with other nouns, a
        # short sentence ("The law had two pieces.") must not meet a long one on a few words alone
        larger = max(figs[i].cross_total, figs[j].cross_total)
        sim = p.similarity * min(figs[i].cross_total, figs[j].cross_total) / larger if larger else 0.0
        if p.veto:
            blocked.add((ci, cj))
        elif sim >= params.value_merge_similarity and sim > best.get((ci, cj), -1.0):
            best[(ci, cj)] = sim
    parent = list(range(len(claims)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members = {ci: {ci} for ci in range(len(claims))}
    tol = params.rounding_tolerance
    for (ci, cj), _ in sorted(best.items(), key=lambda kv: (-kv[1], claims[kv[0][0]][1], claims[kv[0][1]][1])):
        if (ci, cj) in blocked:
            continue
        ri, rj = find(ci), find(cj)
        if ri == rj or any((min(x, y), max(x, y)) in blocked for x in members[ri] for y in members[rj]):
            continue
        if {claims[x][0] for x in members[ri]} & {claims[y][0] for y in members[rj]}:
            continue  # two claims of one key that the first pass kept apart stay apart
        if len(members[ri]) + len(members[rj]) > params.value_merge_max_subjects:
            continue  # weak evidence does not chain: near-alike templates would join every noun
        a, b = clusters[ri], clusters[rj]
        if _cannot_join(a, b, params) or _spread(min(a.min_high, b.min_high), max(a.max_low, b.max_low), tol):
            continue
        parent[rj] = ri
        a.absorb(clusters.pop(rj))
        members[ri] |= members.pop(rj)
    out = []
    for root, group in sorted(members.items()):
        if len(group) < 2:
            continue
        chosen = sorted(group, key=lambda ci: (claims[ci][1], claims[ci][0]))
        new_id = claims[chosen[0]][1]
        rows = [r for ci in chosen for r in claims[ci][2]["row"]]
        nouns = sorted({r["subject_norm"] or r["unit"] for r in rows})
        why = "the same value told of other nouns (" + " / ".join(nouns) + ")"
        first = str(claims[chosen[0]][2]["evidence"].iloc[0] or "")
        evidence = why + ("; " + first if first else "")
        status = _status(rows, tol)
        for ci in chosen:
            out.append({"subject_key": claims[ci][0], "claim_id": claims[ci][1], "merged_id": new_id,
                        "merged_status": status, "merged_evidence": evidence})
    return pd.DataFrame(out, columns=list(_MERGE_SCHEMA))


def _apply_claim_merges(part: pd.DataFrame) -> pd.DataFrame:
    """Map over claim rows joined (left, by subject key and claim id) with the merges: the new id,
    status and evidence where the claim joined another."""
    out = part.copy()
    hit = out["merged_id"].notna() if "merged_id" in out else pd.Series(False, index=out.index)
    if hit.any():
        out.loc[hit, "claim_id"] = out.loc[hit, "merged_id"]
        out.loc[hit, "status"] = out.loc[hit, "merged_status"]
        out.loc[hit, "evidence"] = out.loc[hit, "merged_evidence"]
    if "status_order" in out:
        out["status_order"] = out["status"].map(_STATUS_ORDER).astype("int64")
    return out


def _apply_apart_merges(part: pd.DataFrame) -> pd.DataFrame:
    """Map over apart rows joined with the merges of both sides (``merged_a``, ``merged_b``): new ids,
    the lesser first; pairs now inside one claim are dropped."""
    out = part.copy()
    for side in ("a", "b"):
        col = f"merged_{side}"
        if col in out:
            hit = out[col].notna()
            out.loc[hit, f"claim_{side}"] = out.loc[hit, col]
    out = out[out["claim_a"] != out["claim_b"]]
    swap = out["claim_a"] > out["claim_b"]
    if swap.any():
        pairs = [("claim_a", "claim_b"), ("figure_a", "figure_b"), ("article_a", "article_b"), ("text_a", "text_b"),
                 ("low_a", "low_b"), ("high_a", "high_b"), ("sentence_a", "sentence_b")]
        for x, y in pairs:
            xs, ys = out.loc[swap, x].copy(), out.loc[swap, y].copy()
            out.loc[swap, x], out.loc[swap, y] = ys.values, xs.values
    return out.reset_index(drop=True)


def _value_merges(engine, claims, features, idf, params: FigureParams):
    """Through ``engine``: the merges of claims across nouns (join claims with features by figure id,
    key by claim, then by value)."""
    joined = engine.join(claims[["claim_id", "subject_key", "figure_id", "evidence"]],
                         features[["figure_id", "row", "ctx", "anchor"]], on="figure_id")
    rows = engine.keyed(claim_value_rows, joined, "claim_id", schema=_VALUE_ROWS_SCHEMA)
    return engine.persist(engine.keyed(merge_claims_by_value, rows, "value_key", engine.broadcast(idf), params,
                                       schema=_MERGE_SCHEMA))


def _with_value_merges(engine, claims, apart, merges, claims_schema: dict):
    """Through ``engine``: claims and apart rows with the merges applied (joins by subject key and claim id)."""
    claims = engine.map(_apply_claim_merges, engine.join(claims, merges, on=["subject_key", "claim_id"], how="left"),
                        schema=claims_schema)
    ids = merges[["subject_key", "claim_id", "merged_id"]]
    apart = engine.join(apart, ids.rename(columns={"claim_id": "claim_a", "merged_id": "merged_a"}),
                        on=["subject_key", "claim_a"], how="left")
    apart = engine.join(apart, ids.rename(columns={"claim_id": "claim_b", "merged_id": "merged_b"}),
                        on=["subject_key", "claim_b"], how="left")
    return claims, engine.map(_apply_apart_merges, apart, schema=APART_SCHEMA)


_NAME_PART_RE = re.compile(r"[A-Z][A-Z0-9-]+")


def _lined_up(r: dict, params: FigureParams) -> bool:
    """Whether a figure row takes part in claims: a count needs a counted noun and, written exactly,
    at least ``min_count_in_claims``; a bare number whose whole "noun" is one word in capitals is a
    number inside a name ("a 737 MAX 8", "the 737 MAX"), not a quantity (it stays in figures.csv), and
    so is a number word with a capital inside the sentence, after a capitalised word ("the Mega Millions
    jackpot")."""
    if r["kind"] != "count":
        return True
    if not r["subject_norm"]:
        return False
    if r["qualifier"] == "=" and (abs(r["value"]) < params.min_count_in_claims
                                  or _NAME_PART_RE.fullmatch(r["subject"] or "")):
        return False
    at = int(r["start"]) - int(r["sentence_start"])
    if at > 0 and r["text"][:1].isupper() and r["text"].isalpha() and _NAME_BEFORE_RE.search(r["sentence"][:at]):
        return False  # a number word written in capitals after a capitalised word: a name ("Mega Millions")
    return True


_NAME_BEFORE_RE = re.compile(r"(?:^|\s)[A-Z][a-z]+\s+$")


def claims_tables(figures: pd.DataFrame, articles: list[Article], params: FigureParams = FigureParams(),
                  dates: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims (columns :data:`CLAIM_COLUMNS`) and apart pairs (:data:`APART_COLUMNS`).

    ``dates`` is the timeline stage's table of date mentions; without it, the articles' dates
    are found here (as the timeline stage would, against their publication dates).
    """
    empty = (pd.DataFrame(columns=CLAIM_COLUMNS), pd.DataFrame(columns=APART_COLUMNS))
    if figures is None or len(figures) == 0:
        return empty
    arts = {a.article_id: a for a in articles}
    figs = figures.copy()
    for col in FIGURE_COLUMNS:
        if col not in figs.columns:
            figs[col] = "" if col in _TEXT_COLUMNS else 0
    for col in _TEXT_COLUMNS:
        figs[col] = figs[col].astype(object).where(figs[col].notna(), "").astype(str)
    figs["article_id"] = figs["article_id"].astype(str)
    rows = frame_records(figs)
    # lined up: figures with a counted noun, or a measure (its unit says what it is)
    keep = [r for r in rows if _lined_up(r, params)]
    if not keep:
        return empty
    by_article: dict[str, list[dict]] = defaultdict(list)
    for r in keep:
        by_article[r["article_id"]].append(r)
    # join + map per article: contexts and time anchors
    if dates is None:
        dates = _dates_for(articles)
    mentions: dict[str, list[dict]] = defaultdict(list)
    if dates is not None and len(dates):
        for m in frame_records(dates[["article_id", "start", "end", "text", "resolved_start", "resolved_end"]]):
            mentions[str(m["article_id"])].append(m)
    all_by_article: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        all_by_article[r["article_id"]].append(r)
    contexts: dict[str, _Ctx] = {}
    anchors: dict[str, _Anchor] = {}
    for aid, group in sorted(by_article.items()):
        art = arts.get(aid)
        contexts.update(figure_contexts(art, group, params))
        anchors.update(figure_time_anchors(all_by_article[aid], mentions.get(aid, []), art.published if art else "",
                                           params.anchor_max_words))
    # reduction broadcast: document frequency of context words
    n_docs = max(len(arts), len(by_article), 1)
    df = context_document_frequency(contexts, {r["figure_id"]: r["article_id"] for r in keep})
    idf = {t: math.log((n_docs + 1) / c) for t, c in df.items()}
    # keyed reduction
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in keep:
        groups[r["subject_key"]].append(r)
    info = {aid: (a.outlet, a.published) for aid, a in arts.items()}
    out, apart_out = [], []
    for key in sorted(groups):
        claim_rows, apart_rows = key_claims(key, groups[key], contexts, anchors, idf, params, info)
        out += claim_rows
        apart_out += apart_rows
    claims_df = pd.DataFrame(out, columns=CLAIM_COLUMNS)
    # second keyed pass: claims of other nouns that give one value (the same functions as the engine runs)
    features = pd.DataFrame({"figure_id": [r["figure_id"] for r in keep], "row": keep,
                             "ctx": [contexts[r["figure_id"]] for r in keep],
                             "anchor": [anchors[r["figure_id"]] for r in keep]})
    value_rows = claim_value_rows(claims_df[["claim_id", "subject_key", "figure_id", "evidence"]].merge(
        features, on="figure_id", sort=False))
    merges = merge_claims_by_value(value_rows, idf, params)
    claims_df = _apply_claim_merges(claims_df.merge(merges, on=["subject_key", "claim_id"], how="left",
                                                    sort=False))[CLAIM_COLUMNS]
    for c in ["low", "high", "written_value", "written_low", "written_high"]:
        claims_df[c] = claims_df[c].astype("float64")
    claims_df["quoted"] = claims_df["quoted"].astype("bool")
    order = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
    claims_df["_o"] = claims_df["status"].map(order)
    claims_df = claims_df.sort_values(["_o", "claim_id", "article_id", "figure_id"], kind="mergesort").drop(columns="_o")
    apart_df = pd.DataFrame(apart_out, columns=APART_COLUMNS)
    ids = merges[["subject_key", "claim_id", "merged_id"]]
    apart_df = apart_df.merge(ids.rename(columns={"claim_id": "claim_a", "merged_id": "merged_a"}),
                              on=["subject_key", "claim_a"], how="left", sort=False)
    apart_df = apart_df.merge(ids.rename(columns={"claim_id": "claim_b", "merged_id": "merged_b"}),
                              on=["subject_key", "claim_b"], how="left", sort=False)
    apart_df = _apply_apart_merges(apart_df)[APART_COLUMNS]
    for c in ["low_a", "high_a", "low_b", "high_b", "similarity"]:
        apart_df[c] = apart_df[c].astype("float64")
    apart_df = apart_df.sort_values(["subject_key", "claim_a", "claim_b"], kind="mergesort")
    return claims_df.reset_index(drop=True), apart_df.reset_index(drop=True)


def _dates_for(articles: list[Article]) -> pd.DataFrame:
    """Date mentions of the articles, resolved against their publication dates (the timeline stage's own tagger)."""
    from analysis.timeline import dates_table
    return dates_table(list(articles), None)


def claims_table(figures: pd.DataFrame, articles: list[Article], params: FigureParams = FigureParams(),
                 dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Figures grouped into claims, one row per figure (columns :data:`CLAIM_COLUMNS`)."""
    return claims_tables(figures, articles, params, dates)[0]


def claims_apart_table(figures: pd.DataFrame, articles: list[Article], params: FigureParams = FigureParams(),
                       dates: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of claims that may measure different things (columns :data:`APART_COLUMNS`)."""
    return claims_tables(figures, articles, params, dates)[1]


def write_tables(articles: list[Article], out_dir, params: FigureParams = FigureParams()) -> dict:
    """Write ``figures.csv``, ``claims.csv``, ``claims_apart.csv`` and ``claims_summary.csv`` to ``out_dir``."""
    from pathlib import Path
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figs = figures_table(articles, params)
    claims, apart = claims_tables(figs, articles, params)
    summary = claims_summary(claims)
    paths = {}
    for name, df in [("figures", figs), ("claims", claims), ("claims_apart", apart), ("claims_summary", summary)]:
        p = out / f"{name}.csv"
        df.to_csv(p, index=False, lineterminator="\n", float_format="%.10g")
        paths[name] = str(p)
    return paths


# ---------------------------------------------------------------- copies (join by id)
def mark_shared_figures(claims: pd.DataFrame, figures: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """Fill ``shared_with``: the other articles of the same claim whose shared passage holds this figure.

    A figure repeated inside text one article took from another is one source, not two:
    agreement between copies confirms nothing.  Passages flagged ``common`` (boilerplate,
    stock quotes) do not count.  ``shared_with`` is ";"-joined article ids, "" if none.
    """
    claims = claims.copy()
    claims["shared_with"] = ""
    if claims.empty or passages is None or passages.empty:
        return claims
    spans = figures.set_index("figure_id")[["start", "end"]]
    real = passages[~passages["common"].astype(bool)] if "common" in passages else passages
    by_article: dict[str, list[tuple[int, int, str]]] = {}
    for p in real.itertuples(index=False):
        by_article.setdefault(str(p.article_a), []).append((int(p.start_a), int(p.end_a), str(p.article_b)))
        by_article.setdefault(str(p.article_b), []).append((int(p.start_b), int(p.end_b), str(p.article_a)))
    members = claims.groupby("claim_id")["article_id"].agg(lambda s: set(map(str, s))).to_dict()
    shared = []
    for r in claims.itertuples(index=False):
        if r.figure_id not in spans.index:
            shared.append("")
            continue
        start, end = (int(v) for v in spans.loc[r.figure_id])
        others = {other for s, e, other in by_article.get(str(r.article_id), [])
                  if s <= start and end <= e and other in members[r.claim_id] and other != str(r.article_id)}
        shared.append(";".join(sorted(others)))
    claims["shared_with"] = shared
    return claims


def _independent_sources(group: pd.DataFrame) -> int:
    """Articles of one claim once those that share the figure's passage are counted as one."""
    shared = group["shared_with"] if "shared_with" in group else [""] * len(group)
    return _independent(list(map(str, group["article_id"])), list(shared))


def _independent(article_ids: list[str], shared: list) -> int:
    """The number of sources among ``article_ids`` when each is one source with the ``;``-joined
    articles of ``shared`` (same positions) it shares the figure's passage with."""
    parent = {a: a for a in article_ids}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, others in zip(article_ids, shared):
        for b in filter(None, str(others or "").split(";")):
            if b in parent:
                parent[find(a)] = find(b)
    return len({find(a) for a in parent})


def claims_summary(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim (columns :data:`SUMMARY_COLUMNS`), conflicts first.

    ``independent`` counts the claim's articles with copies merged: articles whose
    figure lies in a passage they share are one source.
    """
    if claims is None or len(claims) == 0:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    # column-wise per claim (a loop over group frames costs milliseconds a claim)
    g = claims.groupby("claim_id", sort=True)
    # a claim's subject, unit, status and evidence as its first figure (by id) gives them: the same
    # row whatever order the claim's rows arrive in (a Dask shuffle orders them otherwise)
    first = claims.sort_values(["claim_id", "figure_id"], kind="mergesort").drop_duplicates("claim_id") \
        .set_index("claim_id")
    members: dict[str, tuple[list, list]] = {}
    shared = claims["shared_with"] if "shared_with" in claims else [""] * len(claims)
    for cid, aid, sh in zip(claims["claim_id"], claims["article_id"], shared):
        ids, shs = members.setdefault(cid, ([], []))
        ids.append(str(aid))
        shs.append(sh)
    cids = list(g.size().index)
    rows = {
        "claim_id": cids, "subject": list(first.loc[cids, "subject"]), "unit": list(first.loc[cids, "unit"]),
        "status": list(first.loc[cids, "status"]), "articles": list(g["article_id"].nunique().astype(int)),
        "outlets": list(g["outlet"].nunique().astype(int)),
        "independent": [_independent(*members[c]) for c in cids],
        "low_min": list(g["low"].min().astype(float)), "high_max": list(g["high"].max().astype(float)),
        "figures": list(g.size().astype(int)),
        "evidence": [str(v) for v in first.loc[cids, "evidence"]] if "evidence" in claims else [""] * len(cids),
    }
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    order = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
    df["_o"] = df["status"].map(order)
    df = df.sort_values(["_o", "articles", "claim_id"], ascending=[True, False, True], kind="mergesort")
    return df.drop(columns="_o").reset_index(drop=True)


# ---------------------------------------------------------------- the stage, through an engine

_FIGURE_SCHEMA = {c: ("int64" if c in ("start", "end", "sentence_start") else "float64" if c in _FLOAT_COLUMNS
                      else "bool" if c == "quoted" else "str") for c in FIGURE_COLUMNS}
FIGURES_SCHEMA = _FIGURE_SCHEMA
CLAIMS_SCHEMA = {c: ("float64" if c in ("low", "high", "written_value", "written_low", "written_high")
                     else "bool" if c == "quoted" else "str") for c in CLAIM_COLUMNS}
APART_SCHEMA = {c: ("float64" if c in ("low_a", "high_a", "low_b", "high_b", "similarity") else "str")
                for c in APART_COLUMNS}
#: The ``claims_apart`` table the stage writes: the apart pairs, and ``in_shared_text`` (both figures lie
#: in passages the two articles share: each article carries both, so the pair is one text's two
#: figures, not two articles' figures that may differ).
APART_TABLE_SCHEMA = {**APART_SCHEMA, "in_shared_text": "bool"}
SUMMARY_SCHEMA = {c: ("int64" if c in ("articles", "outlets", "independent", "figures")
                      else "float64" if c in ("low_min", "high_max") else "str") for c in SUMMARY_COLUMNS}
_STATUS_ORDER = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
_FEATURES_SCHEMA = {"figure_id": "str", "subject_key": "str", "row": "object", "ctx": "object", "anchor": "object",
                    "outlet": "str", "published": "str", "tokens": "str"}
_LISTS_SCHEMA = {"article_id": "str", "items": "object"}


def figures_map(part: pd.DataFrame, params: FigureParams) -> pd.DataFrame:
    """Map over articles: their figure rows (typed, in article order)."""
    from .corpus import articles_of

    rows = []
    for art in sorted(articles_of(part), key=lambda a: a.article_id):
        rows.extend(article_figures(art, params))
    return _type_figures(pd.DataFrame(rows, columns=FIGURE_COLUMNS))


def _lists(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by article_id: one row per article holding its rows (as dicts, in order)."""
    part = part.sort_values(["article_id", "start"], kind="mergesort")
    records = frame_records(part.drop(columns=[c for c in ("row_order",) if c in part]))
    ids, items = [], []
    for aid, rows in itertools.groupby(records, key=lambda r: r["article_id"]):
        ids.append(aid)
        items.append(list(rows))
    return pd.DataFrame({"article_id": ids, "items": items})


def figure_features(part: pd.DataFrame, params: FigureParams) -> pd.DataFrame:
    """Map over articles joined with their figure rows (``figures``) and date mentions (``dates``):
    each lined-up figure with its context, time anchor and article facts; the first figure of each
    article also carries the article's set of context words (for document frequencies)."""
    from .corpus import article_record

    out = []
    for r in frame_records(part):
        rows = r["figures"]
        keep = [x for x in rows if _lined_up(x, params)]
        if not keep:
            continue
        art = article_record(r)
        mentions = r["dates"] if isinstance(r["dates"], list) else []
        contexts = figure_contexts(art, keep, params)
        anchors = figure_time_anchors(rows, mentions, art.published, params.anchor_max_words)
        words: set = set()
        for c in contexts.values():
            words.update(c.counts)
        for i, x in enumerate(keep):
            out.append({"figure_id": x["figure_id"], "subject_key": x["subject_key"], "row": x,
                        "ctx": contexts[x["figure_id"]], "anchor": anchors[x["figure_id"]],
                        "outlet": art.outlet, "published": art.published,
                        # one string, not a set of strings: at 100,000 articles the sets held 0.45 GB
                        "tokens": _TOKEN_SEP.join(sorted(words)) if i == 0 else None})
    return pd.DataFrame(out, columns=list(_FEATURES_SCHEMA))


_TOKEN_SEP = "\x1f"  # between an article's context words in ``tokens`` (no word holds it)


def _token_rows(part: pd.DataFrame) -> pd.DataFrame:
    words = [w for ws in part["tokens"] if isinstance(ws, str) and ws for w in ws.split(_TOKEN_SEP)]
    return pd.DataFrame({"token": words, "n": 1}, columns=["token", "n"]).astype({"token": "str", "n": "int64"})


def _count_tokens(part: pd.DataFrame) -> pd.DataFrame:
    return part.groupby("token", as_index=False, sort=True)["n"].sum()


def claims_keyed(part: pd.DataFrame, idf: dict, params: FigureParams) -> pd.DataFrame:
    """Keyed by subject_key: the claim rows of every key in the partition; the first row of each key
    carries the key's apart rows."""
    out = []
    # the keys' rows by plain lists, the keys in sorted order and each key's rows in partition order
    # (as ``groupby(sort=True)`` gives them, without a frame per key)
    keys, figure_ids, row_col = part["subject_key"].tolist(), part["figure_id"].tolist(), part["row"].tolist()
    ctx_col, anchor_col = part["ctx"].tolist(), part["anchor"].tolist()
    outlet_col, published_col = part["outlet"].tolist(), part["published"].tolist()
    for key, at in itertools.groupby(sorted(range(len(keys)), key=keys.__getitem__), key=keys.__getitem__):
        at = list(at)
        rows = [dict(row_col[i]) for i in at]
        contexts = {figure_ids[i]: ctx_col[i] for i in at}
        anchors = {figure_ids[i]: anchor_col[i] for i in at}
        info = {x["article_id"]: (outlet_col[i], published_col[i]) for x, i in zip(rows, at)}
        claim_rows, apart_rows = key_claims(str(key), rows, contexts, anchors, idf, params, info)
        for i, c in enumerate(claim_rows):
            out.append({**c, "apart": apart_rows if i == 0 else None})
    return pd.DataFrame(out, columns=[*CLAIM_COLUMNS, "apart"])


def _claims_only(part: pd.DataFrame) -> pd.DataFrame:
    out = part.drop(columns=["apart"])
    out["status_order"] = out["status"].map(_STATUS_ORDER).astype("int64")
    return out


def _apart_rows(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame([a for lst in part["apart"] if isinstance(lst, list) for a in lst], columns=APART_COLUMNS)


def _passage_sides(part: pd.DataFrame) -> pd.DataFrame:
    """Map over passages: both sides of each non-common passage, as (article, span, other article)."""
    real = part[~part["common"].astype(bool)]
    a = pd.DataFrame({"article_id": real["article_a"], "p_start": real["start_a"], "p_end": real["end_a"],
                      "other": real["article_b"]})
    b = pd.DataFrame({"article_id": real["article_b"], "p_start": real["start_b"], "p_end": real["end_b"],
                      "other": real["article_a"]})
    return pd.concat([a, b], ignore_index=True)


def _inside(part: pd.DataFrame) -> pd.DataFrame:
    """Map over claim rows joined with their article's passage sides: sides that hold the figure."""
    keep = (part["p_start"] <= part["start"]) & (part["end"] <= part["p_end"]) & (part["other"] != part["article_id"])
    return part.loc[keep, ["claim_id", "figure_id", "other"]]


def _shared_lists(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by figure_id: the other articles of its claim that share its passage, ";"-joined."""
    g = part.groupby(["claim_id", "figure_id"], sort=True)["other"]
    return g.agg(lambda s: ";".join(sorted(set(s)))).reset_index().rename(columns={"other": "shared"})


def _mark_apart_in_shared_text(engine, apart, inside):
    """Apart pairs joined (by figure id) with the articles whose shared passages hold each figure:
    ``in_shared_text`` when each figure lies in text its article shares with the other article."""
    held = engine.keyed(_shared_lists, inside, "figure_id", schema={"claim_id": "str", "figure_id": "str",
                                                                     "shared": "str"})[["figure_id", "shared"]]
    joined = engine.join(apart, held.rename(columns={"figure_id": "figure_a", "shared": "held_a"}), on="figure_a",
                         how="left")
    joined = engine.join(joined, held.rename(columns={"figure_id": "figure_b", "shared": "held_b"}), on="figure_b",
                         how="left")
    return engine.map(_apart_in_shared_text, joined, schema=APART_TABLE_SCHEMA)


def _apart_in_shared_text(part: pd.DataFrame) -> pd.DataFrame:
    """Map over apart pairs joined with ``held_a`` / ``held_b`` (";"-joined articles sharing each figure's passage)."""
    def holds(held, other) -> bool:
        return isinstance(held, str) and str(other) in held.split(";")

    out = part.copy()
    out["in_shared_text"] = [holds(ha, b) and holds(hb, a) for ha, hb, a, b in
                             zip(out["held_a"], out["held_b"], out["article_a"], out["article_b"])]
    return out.drop(columns=["held_a", "held_b"]).astype({"in_shared_text": "bool"})


def _fill_shared(part: pd.DataFrame) -> pd.DataFrame:
    out = part.copy()
    out["shared_with"] = out["shared"].fillna("").astype(str)
    return out.drop(columns=["shared"])


def _summary_keyed(part: pd.DataFrame) -> pd.DataFrame:
    out = claims_summary(part.drop(columns=[c for c in ("status_order",) if c in part]))
    out["status_order"] = out["status"].map(_STATUS_ORDER).astype("int64")
    out["minus_articles"] = -out["articles"].astype("int64")
    return out


@dataclass
class FigureFrames:
    figures: object
    claims: object
    claims_apart: object
    summary: object


def _old_objects_frozen(stage):
    """Runs ``stage`` with the objects alive when it starts, and those it freezes as it goes
    (:func:`gc.freeze`), left out of the cyclic collector's full passes: the stage makes
    millions of small objects (figure rows, contexts), and each full pass would walk every
    object alive, most of them the earlier stages' and the stage's own long-lived tables.
    Reference counting still frees them; they are handed back to the collector at the end."""
    @functools.wraps(stage)
    def run(*args, **kwargs):
        gc.freeze()
        try:
            return stage(*args, **kwargs)
        finally:
            gc.unfreeze()
    return run


@_old_objects_frozen
def figures_stage(engine, articles, dates, passages, n_articles: int, params: FigureParams) -> FigureFrames:
    """Figures, claims, apart pairs and the claims summary through ``engine`` (the same tables as
    :func:`figures_table`, :func:`claims_tables`, :func:`mark_shared_figures` and
    :func:`claims_summary`)."""
    figs = engine.persist(engine.map(figures_map, articles, params, schema=_FIGURE_SCHEMA))
    fig_lists = engine.keyed(_lists, figs, "article_id", schema=_LISTS_SCHEMA).rename(columns={"items": "figures"})
    mention_cols = ["article_id", "start", "end", "text", "resolved_start", "resolved_end"]
    date_lists = engine.keyed(_lists, dates[mention_cols], "article_id", schema=_LISTS_SCHEMA).rename(
        columns={"items": "dates"})
    # each slice of articles is joined with its figures and dates as its features are computed
    features = engine.persist(engine.map(figure_features, articles, params, schema=_FEATURES_SCHEMA, joins=[
        {"right": fig_lists, "on": "article_id"}, {"right": date_lists, "on": "article_id", "how": "left"}]))
    counts = engine.collect(engine.keyed(_count_tokens, engine.map(_token_rows, features,
                                                                   schema={"token": "str", "n": "int64"}),
                                         "token", schema={"token": "str", "n": "int64"}))
    n_docs = max(int(n_articles), 1)
    idf = {t: math.log((n_docs + 1) / c) for t, c in zip(counts["token"], counts["n"])}
    del fig_lists, date_lists  # the local engine has computed the features: let the lists go
    # each article's set of context words was for the document frequencies only: it goes before grouping
    features = features[[c for c in _FEATURES_SCHEMA if c != "tokens"]]
    gc.freeze()  # the features live until grouping is done: full passes need not walk them
    keyed = engine.persist(engine.keyed(claims_keyed, features, "subject_key", engine.broadcast(idf), params,
                                        schema={**CLAIMS_SCHEMA, "apart": "object"}))
    merges = _value_merges(engine, keyed, features, idf, params)
    del features, counts, idf
    claims = engine.map(_claims_only, keyed, schema={**CLAIMS_SCHEMA, "status_order": "int64"})
    apart = engine.map(_apart_rows, keyed, schema=APART_SCHEMA)
    claims, apart = _with_value_merges(engine, claims, apart, merges, {**CLAIMS_SCHEMA, "status_order": "int64"})
    del keyed
    # copies: a figure inside a passage its article shares with another article of the claim
    sides = engine.map(_passage_sides, passages, schema={"article_id": "str", "p_start": "int64",
                                                         "p_end": "int64", "other": "str"})
    spans = figs[["figure_id", "start", "end"]]
    located = engine.join(claims[["claim_id", "figure_id", "article_id"]], spans, on="figure_id")
    inside = engine.map(_inside, engine.join(located, sides, on="article_id"),
                        schema={"claim_id": "str", "figure_id": "str", "other": "str"})
    apart = _mark_apart_in_shared_text(engine, apart, inside)
    members = claims[["claim_id", "article_id"]].rename(columns={"article_id": "other"})
    inside = engine.join(inside, members, on=["claim_id", "other"])
    shared = engine.keyed(_shared_lists, inside, "figure_id",
                          schema={"claim_id": "str", "figure_id": "str", "shared": "str"})
    claims = engine.persist(engine.map(_fill_shared, engine.join(claims, shared, on=["claim_id", "figure_id"],
                                                                 how="left"),
                                       schema={**CLAIMS_SCHEMA, "status_order": "int64"}))
    summary = engine.keyed(_summary_keyed, claims, "claim_id",
                           schema={**SUMMARY_SCHEMA, "status_order": "int64", "minus_articles": "int64"})
    return FigureFrames(figures=figs, claims=claims, claims_apart=apart, summary=summary)
