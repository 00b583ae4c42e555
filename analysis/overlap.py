"""Source overlap: which articles share text, passage by passage, and who copied whom.

Pipeline (passim-style text-reuse detection, Smith & al. 2014):

1. **Tokens.** Each article's cleaned text is split into word tokens
   (case-folded; numbers kept as tokens, ``1.5`` and ``200,000`` whole).
   Articles with the same cleaned text (one text carried by several outlets)
   are aligned once and reported for each of them.
2. **N-gram index.** Every word n-gram is hashed; its *document frequency*
   (df) is the number of articles containing it.  An n-gram in more than
   :meth:`OverlapParams.common_threshold` articles, or in
   ``outlet_boilerplate_docs`` articles of one outlet that holds most of its
   occurrences (``outlet_boilerplate_share``) and in runs no longer than a
   footer (``boilerplate_max_words``), is **common** (stock phrase,
   boilerplate, standard quote): it never makes two articles a candidate pair,
   and a passage made mostly of it is flagged ``common``.
3. **Candidates.** Pairs of articles sharing at least ``min_shared_ngrams``
   rare n-grams are candidates, scored by **containment** (shared n-grams /
   n-grams of the smaller article), so a short story quoted whole in a long
   page scores high.  :func:`exhaustive_pairs` computes the same score for
   every pair and is the reference the index must equal.
4. **Alignment.** For each candidate pair, matching n-gram positions are
   anchors; anchors on one diagonal form exact runs; runs are chained into
   passages while both sides advance and the unmatched stretch between runs
   stays within ``gap_words``; passage ends are extended BLAST-style (X-drop)
   and the word-level edit script inside each passage comes from
   ``rapidfuzz.distance.Levenshtein.opcodes`` on the token lists.
5. **Reading.** Shares of each article inside shared passages, edits,
   paragraphs only one side has, direction (publication order when both
   dates are known, otherwise ``undetermined`` with the evidence listed), and
   **families**: the passages clustered into the texts they carry (as passim
   clusters reuse), so one wire story and the outlets that ran it form one
   family, and an article that quotes two wire stories belongs to two.

The index and the seed-and-extend alignment are written here by hand: no
maintained Python library does passim-style passage alignment (passim
itself is a Spark/Scala tool; difflib/rapidfuzz align whole sequences, not
local passages across reordered text).

Stage functions (run by :mod:`analysis.engine`, locally or on Dask):

* maps over article partitions: :func:`article_tokens` (n-gram hashes),
  :func:`postings`, :func:`story_runs` (long runs of boilerplate candidates),
  :func:`common_phrase_rows`, :func:`word_presence`;
* keyed by n-gram hash: :func:`ngram_flags` (df, outlet boilerplate, common),
  :func:`pair_counts` (candidate pairs from each rare n-gram's postings);
* keyed by pair: :func:`sum_pair_counts` (the engine merges :func:`pair_counts`' output with it as
  the buckets' outputs pile up, and once at the end);
* joins by id: candidate pairs with both articles' texts, then
  :func:`align_pairs` over pair batches, :func:`expand_clones` (articles with
  identical text), and :func:`pair_rows` (shares, direction) with both
  articles' dates;
* keyed by phrase: :func:`common_phrases_table`;
* :func:`families` clusters passages on the collected passage spans.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .article import Article
from .engine import clear_on_release
from .engine import records as frame_records


@dataclass(frozen=True)
class OverlapParams:
    """Everything a source-overlap result depends on."""

    #: Word n-gram order used for the index and the alignment anchors.
    ngram: int = 5
    #: A passage must contain at least this many identical (aligned, unedited) words.
    min_passage_words: int = 20
    #: Largest unmatched stretch (in words, on either side) bridged inside one
    #: passage; longer insertions/deletions split the passage in two.
    gap_words: int = 30
    #: A passage's similarity (2 * matching words / words of both sides) must reach this.
    min_similarity: float = 0.5
    #: An n-gram found in more than max(common_min_df, common_max_df_frac * articles)
    #: articles is common text (boilerplate, stock phrase, standard quote).
    common_max_df_frac: float = 0.2
    #: Floor of the commonness threshold, so small corpora have no common text
    #: by mere arithmetic (in 5 articles every shared n-gram is in >= 20%).
    common_min_df: int = 10
    #: An n-gram in at least this many articles of one outlet is that outlet's
    #: boilerplate (footer, promo line); 0 switches the rule off.  Articles
    #: with no outlet never count.
    outlet_boilerplate_docs: int = 3
    #: ... and only when that outlet holds at least this share of all the
    #: articles containing it: a wire story that one aggregator carries three
    #: times and many other outlets carry too is reuse, not boilerplate.
    outlet_boilerplate_share: float = 0.5
    #: ... and only in runs of at most this many words: a longer stretch an
    #: outlet repeats is its own versions of one story (reuse), not a footer.
    #: 0 = no limit.
    boilerplate_max_words: int = 60
    #: Cap on the df of n-grams used to generate candidates (passim's max-df,
    #: same default): keeps candidate generation near-linear on big corpora.
    #: Text shared by more articles is still aligned, but only pairs that also
    #: share rarer n-grams become candidates.  0 = no cap beyond the
    #: commonness threshold.
    index_max_df: int = 100
    #: A candidate pair shares at least this many distinct rare n-grams (on synthetic copies with
    #: twice the usual edits, 5 keeps the recall of 3 while halving the pairs aligned for nothing:
    #: bench/bench_overlap.py --edits heavy --set min_shared_ngrams=5).
    min_shared_ngrams: int = 5
    #: ... and at least this containment (shared rare n-grams / distinct
    #: n-grams of the smaller article).
    min_containment: float = 0.0
    #: A passage whose anchors are mostly (more than this fraction) common
    #: n-grams is flagged ``common`` and does not count towards shares.
    common_passage_frac: float = 0.5
    #: An n-gram repeated more than this many times inside either article
    #: anchors its k-th occurrence in a to its k-th in b only (instead of every
    #: occurrence to every other: avoids quadratic blow-up on repeated text).
    max_anchor_repeats: int = 3
    #: X-drop of the extension past passage ends (+1 per matching word, -1 per edited word).
    xdrop: int = 3
    #: A paragraph with at most this fraction of its words inside passages
    #: shared with the other article is "only on one side".
    unique_max_covered: float = 0.2
    #: Two differing words at least this similar (rapidfuzz ratio, 0-100) are
    #: a spelling variant (typo evidence for direction).
    typo_min_ratio: float = 70.0
    #: Two passages in one article that overlap by at least this share of the
    #: shorter carry the same text: they join one family of shared text.
    family_min_overlap: float = 0.5
    #: A pair in which each article has at least this share of its words in the
    #: other ran the same text verbatim or nearly so (syndication).
    syndication_min_share: float = 0.9
    # (the real multi-outlet corpora, census-2019 and spotify-2018: every pair below 0.3 shares one or
    # two passages of 21 to 77 words, mostly quoted statements and one headline; the pairs above it
    # share 107 words or more, the same share the timeline's copy_min_share takes for a copy)
    #: A pair in which neither article has at least this share of its words in the other shares a
    #: passage, not a copy (two outlets quoting one statement): its dates show which is the later,
    #: not who took the text from whom, so its direction stays undetermined, with the shares as
    #: the reason.  0 = dates alone decide.
    direction_min_share: float = 0.3

    def common_threshold(self, n_articles: int) -> int:
        """Largest df an n-gram may have and still be rare (not common)."""
        return max(int(self.common_min_df), int(math.ceil(self.common_max_df_frac * n_articles)))

    def index_threshold(self, n_articles: int) -> int:
        """Largest df of an n-gram used to generate candidate pairs."""
        t = self.common_threshold(n_articles)
        return min(t, int(self.index_max_df)) if self.index_max_df and self.index_max_df > 0 else t


PASSAGE_COLUMNS = {
    "passage_id": "str", "article_a": "str", "start_a": "int64", "end_a": "int64",
    "article_b": "str", "start_b": "int64", "end_b": "int64", "words": "int64",
    "words_a": "int64", "words_b": "int64", "matched_words": "int64", "similarity": "float64",
    "common": "bool", "quoted": "float64", "family": "str", "text_a": "str", "text_b": "str",
}
PAIR_COLUMNS = {
    "article_a": "str", "article_b": "str", "share_a": "float64", "share_b": "float64",
    "passages": "int64", "words": "int64", "containment": "float64", "verbatim": "bool", "direction": "str",
    "direction_basis": "str", "family": "str",
}
EDIT_COLUMNS = {
    "passage_id": "str", "article_a": "str", "article_b": "str", "op": "str",
    "text_a": "str", "text_b": "str", "start_a": "int64", "end_a": "int64",
    "start_b": "int64", "end_b": "int64",
}
UNIQUE_COLUMNS = {
    "article_a": "str", "article_b": "str", "side": "str", "article_id": "str",
    "start": "int64", "end": "int64", "words": "int64", "text": "str",
}
FAMILY_COLUMNS = {
    "family": "str", "article_id": "str", "size": "int64", "start": "int64", "end": "int64", "words": "int64",
    "share": "float64", "source": "bool",
}
COMMON_COLUMNS = {
    "phrase": "str", "words": "int64", "articles": "int64", "max_ngram_df": "int64",
    "reason": "str", "example_article": "str",
}
CANDIDATE_COLUMNS = {
    "article_a": "str", "article_b": "str", "shared_ngrams": "int64", "containment": "float64",
}
#: Sort keys of the tables (unique per row), as the pipeline writes them.
SORT_KEYS = {
    "passages": ["article_a", "article_b", "start_a", "start_b", "passage_id"],
    "overlap_pairs": ["article_a", "article_b"],
    "edits": ["article_a", "article_b", "passage_id", "start_a", "start_b", "op"],
    "unique_paragraphs": ["article_a", "article_b", "side", "start"],
    "families": ["family", "article_id"],
    "common_phrases": ["sort_articles", "sort_words", "phrase"],
}


@dataclass
class OverlapResult:
    """The source-overlap tables.  All offsets are char offsets into ``Article.text``;
    in every pair ``article_a < article_b`` (by id).

    ``passages``: one shared passage.  passage_id (``a|b|NNN``), article_a,
    start_a, end_a, article_b, start_b, end_b, words (longer side, in words),
    words_a, words_b, matched_words (identical words in the alignment),
    similarity (2 * matched / (words_a + words_b)), common (made mostly of
    common n-grams: reported, not counted as reuse), quoted (share of the
    passage inside quotation marks on both sides: a shared quotation is
    weaker evidence of copying than shared narrative), family (the family of
    shared text the passage belongs to; "" for common passages), text_a, text_b.

    ``pairs``: one pair sharing at least one non-common passage.  share_a /
    share_b (fraction of that article's words inside passages shared with the
    other, common text excluded), passages, words (matched words), containment
    (candidate score), verbatim (both texts identical), direction
    (``a_copies_b``, ``b_copies_a`` or ``undetermined``), direction_basis (the
    dates, or the evidence when undetermined: one-sided paragraphs, spelling
    variants), family (the families of its passages, ";"-joined).

    ``edits``: one word-level edit inside a passage, from a's wording to b's.
    op ``substitute`` (text_a replaced by text_b), ``delete`` (text_a only in
    a), ``insert`` (text_b only in b); an empty side has start == end at the
    position where the text would be.

    ``unique_paragraphs``: one paragraph of a derived pair that only one side
    (``side`` = ``a`` or ``b``; ``article_id``) has: start, end, words, text.

    ``families``: one article's part in one family of shared text (a text
    that several articles carry): family (``F01``: most members first),
    article_id, size (members), start and end (the span of the article the
    family's text covers), words (of the article inside that span's passages),
    share (of the article's words), source (this member's version is the
    family's source text: the earliest known publication, else the fullest).

    ``common_phrases``: phrase (normalised words), words, articles (containing
    this exact run), max_ngram_df, reason (``corpus-wide`` or ``outlet
    boilerplate``), example_article.
    """

    passages: pd.DataFrame
    pairs: pd.DataFrame
    edits: pd.DataFrame
    unique_paragraphs: pd.DataFrame
    families: pd.DataFrame
    common_phrases: pd.DataFrame
    params: OverlapParams = field(default_factory=OverlapParams)


# ---------------------------------------------------------------------------
# tokens and n-grams

#: A number (with inner . or , as in 1.5 or 200,000) or a word (with inner
#: apostrophes); anything else (punctuation, symbols, underscores) separates.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?![^\W_])|[^\W_]+(?:['’][^\W_]+)*")
_PARAGRAPH_BREAK = re.compile(r"\s*\n\s*|\s+###\s+| {2,}")


def _norm(token: str) -> str:
    return token.casefold().replace("’", "'")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` as (normalised token, start, end) char spans."""
    return [(_norm(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]


_CODES: dict[str, int] = {}  # word -> code, filled as words are met (bounded by the vocabulary)
clear_on_release(_CODES.clear)  # refilled as needed: let go between stages


def word_codes(words: list[str]) -> np.ndarray:
    """A 64-bit code per word from its spelling (pandas' SipHash with a fixed key: the same in every
    process, so articles hashed on different machines agree)."""
    if not words:
        return np.zeros(0, np.uint64)
    new = [w for w in set(words) if w not in _CODES]
    if new:
        if len(_CODES) > 2_000_000:
            _CODES.clear()
            new = list(set(words))
        _CODES.update(zip(new, pd.util.hash_array(np.asarray(new, dtype=object), categorize=False).tolist()))
    get = _CODES.__getitem__
    return np.fromiter(map(get, words), dtype=np.uint64, count=len(words))


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin`` for a sorted set of hashes (a binary search: far cheaper per article)."""
    if not len(sorted_set) or not len(values):
        return np.zeros(len(values), bool)
    idx = np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)
    return sorted_set[idx] == values


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for a 1-d array of hashes or codes: sorted, each value once.  A sort and
    a comparison of neighbours: numpy 2's ``np.unique`` hashes before it sorts, about four times
    slower on an article's few hundred n-grams (it runs for every article, and every pair's two)."""
    s = np.sort(values)
    if len(s) < 2:
        return s
    keep = np.empty(len(s), dtype=bool)
    keep[0] = True
    np.not_equal(s[1:], s[:-1], out=keep[1:])
    return s[keep]


def doc_keys(article_ids) -> np.ndarray:
    """A 63-bit integer per article id (a stable stand-in for the id inside the index)."""
    ids = np.asarray(list(article_ids), dtype=object)
    if not len(ids):
        return np.zeros(0, np.int64)
    return (pd.util.hash_array(ids, categorize=False) >> np.uint64(1)).astype(np.int64)


def _ngram_hashes(codes: np.ndarray, n: int) -> np.ndarray:
    """Order-sensitive 64-bit hash of every n-gram of a code sequence."""
    m = len(codes) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(m, dtype=np.uint64)
    mult = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        for k in range(n):
            h = h * mult + codes[k:k + m]
            h ^= h >> np.uint64(29)
    return h


def _grams_batch(codes: list[np.ndarray], n: int) -> list[np.ndarray]:
    """``[_ngram_hashes(c, n) for c in codes]``, the same values, from one pass over the codes laid
    end to end: a window inside one article hashes exactly as it does alone (the windows that
    straddle two articles are computed and left out), and five numpy operations over a partition
    cost far less than five per article."""
    if not codes:
        return []
    lens = np.fromiter(map(len, codes), dtype=np.int64, count=len(codes))
    whole = _ngram_hashes(np.concatenate(codes).astype(np.uint64, copy=False), n) if lens.sum() else \
        np.zeros(0, np.uint64)
    offsets = np.r_[0, np.cumsum(lens)[:-1]].tolist()
    counts = np.maximum(0, lens - n + 1).tolist()
    return [whole[o:o + k] for o, k in zip(offsets, counts)]


_SORTED_LOOKUP_MIN = 1 << 20  # set size from which the keys are sorted first (measured: 3 times slower at 10,000
#                               entries, 7 times faster at 5 million)


def _index_in(values: np.ndarray, sorted_set: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index of each value in ``sorted_set``, clipped; whether it is there): ``np.searchsorted`` with
    the values sorted first, for many values at once (a partition's n-grams).  Sorted keys walk the
    set in order, where unsorted ones jump across a large set (millions of common n-grams) at random,
    several times slower."""
    if not len(sorted_set) or not len(values):
        return np.zeros(len(values), np.intp), np.zeros(len(values), bool)
    if len(sorted_set) < _SORTED_LOOKUP_MIN:  # a small set stays in cache: sorting the keys would cost more
        idx = np.searchsorted(sorted_set, values)
    else:
        order = np.argsort(values, kind="stable")
        idx = np.empty(len(values), np.intp)
        idx[order] = np.searchsorted(sorted_set, values[order])
    np.minimum(idx, len(sorted_set) - 1, out=idx)
    return idx, sorted_set[idx] == values


def _split_like(values: np.ndarray, parts: list[np.ndarray]) -> list[np.ndarray]:
    """``values`` (one per element of ``parts`` laid end to end) cut back into pieces of their lengths."""
    ends = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))).tolist()
    return [values[a:b] for a, b in zip([0] + ends[:-1], ends)]


def _codes_batch(words: list[list[str]]) -> list[np.ndarray]:
    """``[word_codes(w) for w in words]``, the same codes: every word of a partition numbered at once
    (``pd.factorize``) and each distinct word hashed once (the code is the word's SipHash, whatever
    batch it comes in)."""
    lens = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
    total = int(lens.sum())
    if not total:
        return [np.zeros(0, np.uint64) for _ in words]
    flat = np.fromiter(itertools.chain.from_iterable(words), dtype=object, count=total)
    labels, distinct = pd.factorize(flat)
    codes = pd.util.hash_array(np.asarray(distinct, dtype=object), categorize=False)[labels]
    ends = np.cumsum(lens).tolist()
    return [codes[a:b] for a, b in zip([0] + ends[:-1], ends)]


def _frame(rows: list[dict] | list[tuple], columns: dict[str, str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    return df.astype(columns)


def _outlet_key(outlet: str, doc: int) -> int:
    o = (outlet or "").strip().casefold()
    if not o:
        return -1 - (int(doc) & 0x3FFFFFFFFFFFFFFF)  # no outlet: a key of its own
    return int(doc_keys([o])[0])


# ---------------------------------------------------------------------------
# maps over articles

TOKENS_SCHEMA = {"article_id": "str", "doc": "int64", "outlet_key": "int64", "n_tokens": "int64",
                 "n_distinct": "int64", "codes": "object", "spans": "object", "text": "str",
                 "aligned": "bool"}


_TOKEN_SPLIT = re.compile("(" + _TOKEN.pattern + ")")


def _tokens_of(text: str) -> tuple[list[str], np.ndarray]:
    """Normalised word tokens of ``text`` and their (start, end) char spans."""
    # splitting on the token pattern gives separators and tokens in turn: their lengths, summed,
    # are the spans (several times faster than one match object per token)
    parts = _TOKEN_SPLIT.split(text or "")
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lens)[1::2]
    raw = parts[1::2]
    spans = np.stack([ends - lens[1::2], ends], axis=1).astype(np.int32) if raw else np.zeros((0, 2), np.int32)
    # casefold is per character, so folding the joined tokens folds each one
    words = "\x00".join(raw).casefold().replace("’", "'").split("\x00") if raw else []
    return words, spans


def article_tokens(part: pd.DataFrame, params: OverlapParams, clones: frozenset = frozenset()) -> pd.DataFrame:
    """Map over articles (article_id, text, outlet): each article's tokens (codes and char spans)
    and its number of distinct n-grams.  The n-gram hashes are not kept: each use computes them
    from the codes (:func:`_grams_of`), which costs less than holding them for the whole stage.

    ``aligned`` is False for ``clones``: articles whose text another article has word for word;
    they count in document frequencies but are aligned through that other article."""
    n = max(1, int(params.ngram))
    ids = part["article_id"].astype(str).tolist()
    docs = doc_keys(ids)
    texts = part["text"].fillna("").astype(str).tolist()
    tokens = [_tokens_of(t) for t in texts]
    spans = [sp for _, sp in tokens]
    codes = _codes_batch([words for words, _ in tokens])
    del tokens
    distinct = [len(_sorted_unique(g)) for g in _grams_batch(codes, n)]
    outlets = part["outlet"].fillna("").astype(str).tolist() if "outlet" in part else [""] * len(ids)
    return pd.DataFrame({
        "article_id": ids, "doc": docs, "outlet_key": [_outlet_key(o, d) for o, d in zip(outlets, docs)],
        "n_tokens": [len(c) for c in codes], "n_distinct": distinct, "codes": codes, "spans": spans, "text": texts,
        "aligned": [i not in clones for i in ids],
    })


POSTINGS_SCHEMA = {"h": "uint64", "doc": "int64", "outlet_key": "int64", "aligned": "bool"}


def _grams_of(part: pd.DataFrame, params: OverlapParams):
    """Each article's n-gram hashes, from its token codes (a map over tokens)."""
    n = max(1, int(params.ngram))
    return _grams_batch(list(part["codes"]), n)


def postings(part: pd.DataFrame, params: OverlapParams) -> pd.DataFrame:
    """Map over tokens: one row per distinct n-gram of each article."""
    hs, ds, os_, al = [], [], [], []
    for g, d, o, a in zip(_grams_of(part, params), part["doc"], part["outlet_key"], part["aligned"]):
        u = _sorted_unique(g)
        hs.append(u)
        ds.append(np.full(len(u), d, np.int64))
        os_.append(np.full(len(u), o, np.int64))
        al.append(np.full(len(u), bool(a)))
    if not hs:
        return pd.DataFrame({k: pd.Series(dtype=v) for k, v in POSTINGS_SCHEMA.items()})
    return pd.DataFrame({"h": np.concatenate(hs), "doc": np.concatenate(ds), "outlet_key": np.concatenate(os_),
                         "aligned": np.concatenate(al)})


FLAGS_SCHEMA = {"h": "uint64", "df": "int64", "boiler": "bool", "common_df": "bool"}


def ngram_flags(part: pd.DataFrame, n_articles: int, params: OverlapParams) -> pd.DataFrame:
    """Keyed by n-gram: the n-grams that may be common text (too frequent, or an outlet's
    boilerplate), with their document frequency.  Rare n-grams are not listed."""
    if part.empty:
        return pd.DataFrame({k: pd.Series(dtype=v) for k, v in FLAGS_SCHEMA.items()})
    h = part["h"].to_numpy(np.uint64)
    o = part["outlet_key"].to_numpy(np.int64)
    order = np.lexsort((o, h))
    h, o = h[order], o[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    df = np.diff(np.r_[starts, len(h)])
    uniq = h[starts]
    threshold = params.common_threshold(n_articles)
    common_df = df > threshold
    outlet_max = np.zeros(len(uniq), np.int64)
    if params.outlet_boilerplate_docs and params.outlet_boilerplate_docs > 0:
        group = np.repeat(np.arange(len(starts)), df)
        s2 = np.flatnonzero(np.r_[True, (group[1:] != group[:-1]) | (o[1:] != o[:-1])])
        c2 = np.diff(np.r_[s2, len(group)])
        c2 = np.where(o[s2] >= 0, c2, 1)  # articles with no outlet never count as one outlet
        np.maximum.at(outlet_max, group[s2], c2)
        boiler = ((outlet_max >= params.outlet_boilerplate_docs)
                  & (outlet_max >= params.outlet_boilerplate_share * df) & (df >= 2))
    else:
        boiler = np.zeros(len(uniq), bool)
    keep = common_df | boiler
    return pd.DataFrame({"h": uniq[keep], "df": df[keep], "boiler": boiler[keep], "common_df": common_df[keep]})


STORY_SCHEMA = {"h": "uint64"}


def story_runs(part: pd.DataFrame, boiler: np.ndarray, params: OverlapParams) -> pd.DataFrame:
    """Map over tokens: boilerplate candidates that sit in a run longer than a footer (an outlet's
    own versions of one story: reuse, not boilerplate)."""
    n = max(1, int(params.ngram))
    out = []
    if params.boilerplate_max_words and len(boiler):
        longest = max(1, params.boilerplate_max_words - n + 1)  # n-grams in a run of that many words
        grams = _grams_of(part, params)
        member = _split_like(_index_in(np.concatenate(grams), boiler)[1], grams) if grams else []
        for g, b in zip(grams, member):
            if b.sum() <= longest:
                continue
            edges = np.flatnonzero(np.diff(np.r_[0, b.astype(np.int8), 0]))
            for s0, e0 in zip(edges[::2], edges[1::2]):
                if e0 - s0 > longest:
                    out.append(g[s0:e0])
    h = np.unique(np.concatenate(out)) if out else np.zeros(0, np.uint64)
    return pd.DataFrame({"h": h})


PAIRCOUNT_SCHEMA = {"doc_a": "int64", "doc_b": "int64", "shared": "int64"}


def pair_counts(part: pd.DataFrame, common: np.ndarray, n_articles: int, params: OverlapParams) -> pd.DataFrame:
    """Keyed by n-gram: the pairs of articles each rare n-gram links, counted."""
    empty = pd.DataFrame({k: pd.Series(dtype=v) for k, v in PAIRCOUNT_SCHEMA.items()})
    if part.empty:
        return empty
    h = part["h"].to_numpy(np.uint64)
    d = part["doc"].to_numpy(np.int64)
    aligned = part["aligned"].to_numpy(bool)
    order = np.lexsort((d, h))
    h, d, aligned = h[order], d[order], aligned[order]
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    df = np.diff(np.r_[starts, len(h)])  # every article counts, clones too
    limit = params.index_threshold(n_articles)
    ok_h = (df >= 2) & (df <= limit) & ~_member(h[starts], common)
    # pairs are made among the articles that are aligned (a clone is aligned through its twin)
    keep = np.repeat(ok_h, df) & aligned
    h, d = h[keep], d[keep]
    if not len(h):
        return empty
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    df = np.diff(np.r_[starts, len(h)])
    ok = df >= 2
    sel_starts, sizes = starts[ok], df[ok]
    if not len(sel_starts):
        return empty
    # dense doc numbers inside this partition keep the pair keys in one int64
    udocs, dense = np.unique(d, return_inverse=True)
    nd = max(1, len(udocs))
    keys = []
    for s in np.unique(sizes):
        gs = sel_starts[sizes == s]
        iu0, iu1 = np.triu_indices(int(s), 1)
        step = max(1, 4_000_000 // max(1, len(iu0)))
        for c in range(0, len(gs), step):
            mat = dense[gs[c:c + step, None] + np.arange(int(s))]
            keys.append((mat[:, iu0] * nd + mat[:, iu1]).ravel())
    k, cnt = np.unique(np.concatenate(keys), return_counts=True)
    return pd.DataFrame({"doc_a": udocs[k // nd], "doc_b": udocs[k % nd], "shared": cnt})


def sum_pair_counts(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by pair: the partial counts of each pair added up (sorted by pair)."""
    if part.empty:
        return part
    a, b = part["doc_a"].to_numpy(np.int64), part["doc_b"].to_numpy(np.int64)
    if a.min() < 0 or b.min() < 0 or max(a.max(), b.max()) >= 1 << 31:
        return part.groupby(["doc_a", "doc_b"], as_index=False, sort=True)["shared"].sum()
    # one int64 key per pair, sorted and summed in numpy: the engine merges the buckets' partial
    # counts in its own process, and pandas' two-column groupby took 23 s of it at 100,000 articles
    # each temporary is let go as soon as the next is made: this merge is the stage's peak of memory
    key = (a << 32) | b
    order = np.argsort(key)
    key = key[order]
    shared = part["shared"].to_numpy(np.int64)[order]
    del order, a, b
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    shared = np.add.reduceat(shared, starts)
    key = key[starts]
    return pd.DataFrame({"doc_a": key >> 32, "doc_b": key & 0xFFFFFFFF, "shared": shared})


def candidates_from_counts(part: pd.DataFrame, params: OverlapParams) -> pd.DataFrame:
    """Map over pair counts joined with both articles' distinct n-gram counts: containment, and the
    pairs that reach the candidate thresholds (article_a < article_b)."""
    if part.empty:
        return pd.DataFrame(columns=[*CANDIDATE_COLUMNS])
    shared = part["shared"].to_numpy(np.int64)
    denom = np.maximum(1, np.minimum(part["n_distinct_a"].to_numpy(), part["n_distinct_b"].to_numpy()))
    cont = shared / denom
    keep = (shared >= max(1, params.min_shared_ngrams)) & (cont >= params.min_containment)
    a, b = part["id_a"].to_numpy(object)[keep], part["id_b"].to_numpy(object)[keep]
    swap = b < a
    return pd.DataFrame({"article_a": np.where(swap, b, a), "article_b": np.where(swap, a, b),
                         "shared_ngrams": shared[keep], "containment": np.round(cont[keep], 6)})


# ---------------------------------------------------------------------------
# alignment of pair batches

class _Doc:
    """One article as the aligner needs it: tokens, their char spans, n-grams and common n-grams."""

    def __init__(self, article_id: str, text: str, common: np.ndarray, params: OverlapParams,
                 codes: np.ndarray | None = None, spans: np.ndarray | None = None, grams: np.ndarray | None = None,
                 gram_common: np.ndarray | None = None):
        self.article_id = article_id
        self.text = text or ""
        self.n = max(1, int(params.ngram))
        if codes is None or spans is None:
            words, spans = _tokens_of(self.text)
            codes = word_codes(words)
        self.starts, self.ends = spans[:, 0].astype(np.int64), spans[:, 1].astype(np.int64)
        self.codes = codes
        self.grams = _ngram_hashes(codes, self.n) if grams is None else grams
        self.gram_common = _member(self.grams, common) if gram_common is None else gram_common
        self._list: list | None = None
        self._unique: np.ndarray | None = None
        self._gram_index: np.ndarray | None = None
        self._common_tokens: np.ndarray | None = None
        self._paras = None
        self._common_before: list[int] | None = None
        self._quotes: np.ndarray | None = None

    def words(self, t0: int, t1: int) -> list[str]:
        """The normalised words of tokens [t0, t1)."""
        return [self.text[s:e].casefold().replace("’", "'") for s, e in zip(self.starts[t0:t1].tolist(),
                                                                            self.ends[t0:t1].tolist())]

    def unique_grams(self) -> np.ndarray:
        if self._unique is None:
            self._unique = _sorted_unique(self.grams)
        return self._unique

    def gram_index(self) -> np.ndarray:
        """For each n-gram, its index in :meth:`unique_grams` (found once per article, so that each
        pair looks its n-grams up by index instead of a binary search)."""
        if self._gram_index is None:
            order = np.argsort(self.grams, kind="stable")
            s = self.grams[order]
            new = np.empty(len(s), dtype=np.int64)
            if len(s):
                new[0] = 0
                np.not_equal(s[1:], s[:-1], out=new[1:])
            index = np.empty(len(s), dtype=np.int64)
            index[order] = np.cumsum(new)
            self._gram_index = index
        return self._gram_index

    def token_list(self) -> list:
        if self._list is None:
            self._list = self.codes.tolist()
        return self._list

    def common_tokens(self) -> np.ndarray:
        """Boolean mask of the tokens covered by a common n-gram."""
        if self._common_tokens is None:
            nt = len(self.codes)
            com = np.flatnonzero(self.gram_common)
            mask = np.zeros(nt, dtype=bool)
            if len(com):
                c = np.zeros(nt + 1, dtype=np.int64)
                np.add.at(c, com, 1)
                np.add.at(c, com + self.n, -1)
                mask = np.cumsum(c)[:nt] > 0
            self._common_tokens = mask
        return self._common_tokens

    def paragraphs(self):
        """Paragraph char spans and token ranges (cs, ce, t0, t1), as lists."""
        if self._paras is None:
            self._paras = tuple(a.tolist() for a in _paragraph_tokens(self.text, self.starts))
        return self._paras

    def common_before(self) -> list[int]:
        """Tokens covered by a common n-gram before each token index (0 .. n_tokens), as a list."""
        if self._common_before is None:
            self._common_before = np.r_[0, np.cumsum(self.common_tokens())].tolist()
        return self._common_before

    def quoted(self, start: int, end: int) -> float:
        if self._quotes is None:
            self._quotes = _quote_spans(self.text).tolist()
        # a few quotations an article: a loop over Python ints costs less than four numpy calls
        inside = sum(max(0, min(qe, end) - max(qs, start)) for qs, qe in self._quotes)
        return float(inside) / max(1, end - start)

    def char_span(self, t0: int, t1: int) -> tuple[int, int]:
        """Char span of tokens [t0, t1); an empty token range maps to the gap where it sits."""
        if t1 > t0:
            return int(self.starts[t0]), int(self.ends[t1 - 1])
        pos = int(self.ends[t0 - 1]) if t0 > 0 else (int(self.starts[0]) if len(self.starts) else 0)
        return pos, pos


@dataclass
class _Passage:
    a0: int
    a1: int  # token index, exclusive
    b0: int
    b1: int
    ops: list[tuple[str, int, int, int, int]]  # rapidfuzz opcodes, absolute token indices
    matched: int
    common: bool


def _ranked_anchors(ka: np.ndarray, kb: np.ndarray, size: int, max_rep: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j) where n-gram i of a equals n-gram j of b, the n-grams given as ranks in
    [0, size) (counts per rank, no binary searches), in order of i, then of j.

    An n-gram occurring at most ``max_rep`` times on each side pairs every
    occurrence with every other; a more repeated one pairs its k-th occurrence
    in a with its k-th in b only (keeps repeated text linear).
    """
    if not len(ka) or not len(kb):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    count_b = np.bincount(kb, minlength=size)
    count_a = np.bincount(ka, minlength=size)
    ob = np.argsort(kb, kind="stable")
    left = (np.cumsum(count_b) - count_b)[ka]
    cnt = count_b[ka]
    oa = np.argsort(ka, kind="stable")
    cnt_a = count_a[ka]
    rank_a = np.empty(len(ka), dtype=np.int64)
    rank_a[oa] = np.arange(len(ka)) - (np.cumsum(count_a) - count_a)[ka[oa]]
    many = (cnt > max_rep) | (cnt_a > max_rep)
    reps = np.where(many, (rank_a < cnt).astype(np.int64), cnt)
    first = np.where(many, left + rank_a, left)
    ii = np.flatnonzero(reps)
    if not len(ii):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    r = reps[ii]
    ia = np.repeat(ii, r)
    offs = np.arange(r.sum()) - np.repeat(np.cumsum(r) - r, r)
    jb = ob[np.repeat(first[ii], r) + offs]
    return ia.astype(np.int64), jb.astype(np.int64)


def _extend(xa: list, xb: list, xdrop: int) -> tuple[int, int]:
    """How far a passage extends into the next words of both sides (X-drop on a word alignment).

    Scores +1 per matching word and -1 per word of an edit, walks the edit
    script from the passage end and stops once the score falls ``xdrop``
    below its best; returns the lengths consumed on each side at the best
    score (always ending on a match).
    """
    if not xa or not xb:
        return 0, 0
    best, best_at, score = 0, (0, 0), 0
    for tag, i1, i2, j1, j2 in Levenshtein.opcodes(xa, xb).as_list():
        if tag == "equal":
            score += i2 - i1
            if score > best:
                best, best_at = score, (i2, j2)
        else:
            score -= max(i2 - i1, j2 - j1)
            if score < best - xdrop:
                break
    return best_at


def _align_pair(A: _Doc, B: _Doc, params: OverlapParams) -> list[_Passage]:
    """Local alignment of two articles: anchors -> exact runs -> chained passages -> edit script."""
    n = max(1, int(params.ngram))
    # only the n-grams both articles hold can anchor: restrict to them first (most of each article's
    # n-grams are its own), which leaves every shared n-gram's occurrences, ranks and counts as they were
    ua, ub = A.unique_grams(), B.unique_grams()
    if not len(ua) or not len(ub):
        return []
    at = np.minimum(np.searchsorted(ub, ua), len(ub) - 1)  # ua is sorted: one walk through ub
    in_b = ub[at] == ua
    n_shared = int(in_b.sum())
    if not n_shared:
        return []
    # each shared n-gram's rank among the shared ones, on both sides (-1: not shared); an article's
    # n-grams reach it through their index in the article's unique n-grams, found once per article
    rank_a = np.where(in_b, np.cumsum(in_b) - 1, -1)
    rank_b = np.full(len(ub), -1, dtype=np.int64)
    rank_b[at[in_b]] = rank_a[in_b]
    ka = rank_a[A.gram_index()]
    pa = np.flatnonzero(ka >= 0)
    # a passage needs min_passage_words identical words: the shared n-grams must cover that many of a
    # (the words n-grams at sorted positions pa cover: n for the first, and for each next one the
    # distance from the one before, at most n; no sort of every covered position needed)
    if (int(np.minimum(np.diff(pa), n).sum()) + n if len(pa) else 0) < params.min_passage_words:
        return []
    kb = rank_b[B.gram_index()]
    pb = np.flatnonzero(kb >= 0)
    ai, bj = _ranked_anchors(ka[pa], kb[pb], n_shared, params.max_anchor_repeats)
    if not len(ai):
        return []
    ai, bj = pa[ai], pb[bj]
    common_pos = A.gram_common[ai]
    # exact runs: consecutive anchors on one diagonal
    diag = bj - ai
    o = np.lexsort((ai, diag))
    ai, bj, diag, common_pos = ai[o], bj[o], diag[o], common_pos[o]
    brk = np.r_[True, (diag[1:] != diag[:-1]) | (ai[1:] != ai[:-1] + 1)]
    rs = np.flatnonzero(brk)
    re_ = np.r_[rs[1:], len(ai)]
    ncommon = np.add.reduceat(common_pos.astype(np.int64), rs)
    runs = sorted(zip(ai[rs].tolist(), bj[rs].tolist(), (ai[re_ - 1] + n).tolist(),
                      (bj[re_ - 1] + n).tolist(), (re_ - rs).tolist(), ncommon.tolist()))
    # chain runs into passages: both sides advance, gaps within gap_words
    g = int(params.gap_words)
    chains: list[list] = []  # [end_a, end_b, last_a0, last_b0, anchors, common_anchors, runs]
    open_chains: list[list] = []
    for a0, b0, a1, b1, na, nc in runs:
        best, best_cost = None, None
        for ch in open_chains:
            gap_a, gap_b = a0 - ch[0], b0 - ch[1]
            if a0 > ch[2] and b0 > ch[3] and a1 > ch[0] and b1 > ch[1] and gap_a <= g and gap_b <= g:
                cost = max(gap_a, gap_b) + abs(gap_a - gap_b)
                if best_cost is None or cost < best_cost:
                    best, best_cost = ch, cost
        if best is None:
            best = [a1, b1, a0, b0, 0, 0, []]
            chains.append(best)
            open_chains.append(best)
        best[0], best[1] = max(best[0], a1), max(best[1], b1)
        best[2], best[3] = a0, b0
        best[4] += na
        best[5] += nc
        best[6].append((a0, b0, a1, b1))
        # runs come sorted by a0: a chain ending more than g words back is closed
        open_chains = [c for c in open_chains if a0 - c[0] <= g]
    ta = A.token_list()
    tb = B.token_list()
    out: list[_Passage] = []
    for end_a, end_b, _, _, na, nc, chain_runs in chains:
        if max(end_a - chain_runs[0][0], end_b - chain_runs[0][1]) < params.min_passage_words:
            continue
        ops = _chain_ops(ta, tb, chain_runs)
        # extend both ends (gapped X-drop over a window past each end)
        a0, b0, a1, b1 = ops[0][1], ops[0][3], ops[-1][2], ops[-1][4]
        w = n + g
        ka, kb = _extend(ta[max(0, a0 - w):a0][::-1], tb[max(0, b0 - w):b0][::-1], params.xdrop)
        if ka or kb:
            ops = _gap_ops(ta, tb, a0 - ka, a0, b0 - kb, b0) + ops
        ka, kb = _extend(ta[a1:a1 + w], tb[b1:b1 + w], params.xdrop)
        if ka or kb:
            ops = ops + _gap_ops(ta, tb, a1, a1 + ka, b1, b1 + kb)
        for ops in _split(_merge_ops(ops)):
            matched = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
            la, lb = ops[-1][2] - ops[0][1], ops[-1][4] - ops[0][3]
            if matched < params.min_passage_words or 2 * matched / max(1, la + lb) < params.min_similarity:
                continue
            out.append(_Passage(ops[0][1], ops[-1][2], ops[0][3], ops[-1][4], ops, matched,
                                _is_common(ai, common_pos, ops[0][1], ops[-1][2], n,
                                           params.common_passage_frac)))
    # a region aligned twice (repeated text) keeps its best alignment
    out.sort(key=lambda p: (-p.matched, p.a0, p.b0))
    kept: list[_Passage] = []
    for p in out:
        if all(_overlap(p.a0, p.a1, q.a0, q.a1) < 0.5 * (p.a1 - p.a0)
               and _overlap(p.b0, p.b1, q.b0, q.b1) < 0.5 * (p.b1 - p.b0) for q in kept):
            kept.append(p)
    kept.sort(key=lambda p: (p.a0, p.b0))
    return kept


def _gap_ops(ta: list, tb: list, a0: int, a1: int, b0: int, b1: int) -> list[tuple]:
    """Word-level edit script of ta[a0:a1] -> tb[b0:b1] (rapidfuzz), in absolute indices."""
    if a1 <= a0 and b1 <= b0:
        return []
    if a1 <= a0:
        return [("insert", a0, a0, b0, b1)]
    if b1 <= b0:
        return [("delete", a0, a1, b0, b0)]
    return [(tag, i1 + a0, i2 + a0, j1 + b0, j2 + b0)
            for tag, i1, i2, j1, j2 in Levenshtein.opcodes(ta[a0:a1], tb[b0:b1]).as_list()]


def _chain_ops(ta: list, tb: list, runs: list[tuple[int, int, int, int]]) -> list[tuple]:
    """Edit script of a chain: its exact runs are equal blocks, only the gaps between are aligned.

    Linear in the passage length (a whole-passage Levenshtein would be quadratic).
    """
    ops: list[tuple] = []
    cur_a, cur_b = runs[0][0], runs[0][1]
    for a0, b0, a1, b1 in runs:
        shift = max(0, cur_a - a0, cur_b - b0)  # runs may overlap the previous one
        a0, b0 = a0 + shift, b0 + shift
        if a0 >= a1:
            continue
        ops.extend(_gap_ops(ta, tb, cur_a, a0, cur_b, b0))
        ops.append(("equal", a0, a1, b0, b1))
        cur_a, cur_b = a1, b1
    return ops


def _merge_ops(ops: list[tuple]) -> list[tuple]:
    """Join adjacent blocks: equal with equal, and any adjacent edits into one edit
    (``began`` -> ``kicked off`` is one substitution, not an insert and a substitute)."""
    out: list[tuple] = []
    for op in ops:
        if out and (out[-1][0] == "equal") == (op[0] == "equal"):
            a0, b0 = out[-1][1], out[-1][3]
            a1, b1 = op[2], op[4]
            tag = "equal" if op[0] == "equal" else (
                "replace" if a1 > a0 and b1 > b0 else ("delete" if a1 > a0 else "insert"))
            out[-1] = (tag, a0, a1, b0, b1)
        else:
            out.append(op)
    return out


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _split(ops: list[tuple]) -> list[list[tuple]]:
    """Cut an edit script where an end match is shorter than the edit next to it.

    Chaining is greedy, so a chain can bridge to a run that belongs elsewhere
    (e.g. a moved paragraph); such a weakly attached end becomes a piece of its
    own, judged separately as a passage.
    """
    def size(op: tuple) -> int:
        return max(op[2] - op[1], op[4] - op[3])

    pieces: list[list[tuple]] = []
    tail: list[list[tuple]] = []
    lo, hi = 0, len(ops)
    while True:
        while lo < hi and ops[lo][0] != "equal":
            lo += 1
        while hi > lo and ops[hi - 1][0] != "equal":
            hi -= 1
        if hi - lo >= 3 and size(ops[lo]) < size(ops[lo + 1]):
            pieces.append([ops[lo]])
            lo += 2
        elif hi - lo >= 3 and size(ops[hi - 1]) < size(ops[hi - 2]):
            tail.append([ops[hi - 1]])
            hi -= 2
        else:
            break
    if hi > lo:
        pieces.append(ops[lo:hi])
    return pieces + tail[::-1]


def _is_common(ai: np.ndarray, common_pos: np.ndarray, a0: int, a1: int, n: int, frac: float) -> bool:
    """Whether more than ``frac`` of the anchors inside tokens [a0, a1) of a are common n-grams."""
    inside = (ai >= a0) & (ai + n <= a1)
    k = int(inside.sum())
    return bool(k and common_pos[inside].sum() / k > frac)



ALIGNED_SCHEMA = {
    "id_x": "str", "id_y": "str", "containment": "float64", "verbatim": "bool", "ntok_x": "int64",
    "ntok_y": "int64", "cov_x": "int64", "cov_y": "int64", "passages": "object", "edits": "object",
    "unique": "object", "spelling": "object",
}


def align_pairs(part: pd.DataFrame, common: np.ndarray, params: OverlapParams) -> pd.DataFrame:
    """Map over candidate pairs joined with both articles' texts (id_a, text_a, id_b, text_b,
    containment): the passages, edits, one-sided paragraphs and spelling variants of each pair
    that shares at least one passage.  Each article is tokenised once per batch."""
    # the batch's articles, each once, with their n-grams and common n-grams found for all at once
    seen: dict[str, tuple] = {}
    for side in ("a", "b"):
        for aid, text, codes, spans in zip(part[f"id_{side}"].tolist(), part[f"text_{side}"].tolist(),
                                           part[f"codes_{side}"], part[f"spans_{side}"]):
            if aid not in seen:
                seen[aid] = (text, codes, spans)
    grams = _grams_batch([codes for _, codes, _ in seen.values()], max(1, int(params.ngram)))
    member = _split_like(_index_in(np.concatenate(grams), common)[1], grams) if grams else []
    docs = {aid: _Doc(aid, text, common, params, codes, spans, g, m)
            for (aid, (text, codes, spans)), g, m in zip(seen.items(), grams, member)}
    rows = []
    for id_a, id_b, containment in zip(part["id_a"].tolist(), part["id_b"].tolist(), part["containment"].tolist()):
        A, B = docs[id_a], docs[id_b]
        out = align_docs(A, B, params)
        if out is not None:
            out["containment"] = float(containment)
            rows.append(out)
    return pd.DataFrame(rows, columns=list(ALIGNED_SCHEMA))


def align_docs(A: _Doc, B: _Doc, params: OverlapParams) -> dict | None:
    """One pair's alignment in x/y form (x = A), or None when it shares no passage."""
    ps = _align_pair(A, B, params)
    if not ps:
        return None
    passages, edits, spelling = [], [], []
    for k, p in enumerate(ps):
        x0, x1 = A.char_span(p.a0, p.a1)
        y0, y1 = B.char_span(p.b0, p.b1)
        passages.append({"x0": x0, "x1": x1, "y0": y0, "y1": y1, "tx0": p.a0, "tx1": p.a1, "ty0": p.b0,
                         "ty1": p.b1, "words_x": p.a1 - p.a0, "words_y": p.b1 - p.b0, "matched": p.matched,
                         "similarity": round(2 * p.matched / max(1, (p.a1 - p.a0) + (p.b1 - p.b0)), 4),
                         "common": bool(p.common),
                         "quoted": round(min(A.quoted(x0, x1), B.quoted(y0, y1)), 4)})
        for tag, i1, i2, j1, j2 in p.ops:
            if tag == "equal":
                continue
            ex0, ex1 = A.char_span(i1, i2)
            ey0, ey1 = B.char_span(j1, j2)
            edits.append((k, tag, ex0, ex1, ey0, ey1, A.text[ex0:ex1], B.text[ey0:ey1]))
            if tag == "replace" and not p.common:
                spelling.extend(_spelling(A, B, i1, i2, j1, j2, params))
    real = [p for p in ps if not p.common]
    cov_x = _coverage(A, [(p.a0, p.a1) for p in real])
    cov_y = _coverage(B, [(p.b0, p.b1) for p in real])
    unique = []
    if real:
        for side, D, cover in (("x", A, [(p.a0, p.a1) for p in ps]), ("y", B, [(p.b0, p.b1) for p in ps])):
            for s, e, words in _unique_paragraphs(D.paragraphs(), len(D.codes), cover, params):
                unique.append((side, s, e, words, D.text[s:e]))
    return {"id_x": A.article_id, "id_y": B.article_id, "containment": 0.0,
            "verbatim": A.text == B.text, "ntok_x": len(A.codes), "ntok_y": len(B.codes),
            "cov_x": cov_x, "cov_y": cov_y, "passages": passages, "edits": edits, "unique": unique,
            "spelling": sorted(set(spelling))}


def verbatim_alignment(aid_x: str, aid_y: str, text: str, common: np.ndarray, params: OverlapParams) -> dict | None:
    """The alignment of two articles with the same text: one passage, the whole text, no edits, and
    a share of 1.0 (the whole text was carried; text common across the corpus is flagged as usual)."""
    D = _Doc(aid_x, text, common, params)
    nt = len(D.codes)
    if nt < params.min_passage_words:
        return None
    x0, x1 = D.char_span(0, nt)
    pos = np.arange(len(D.grams))
    is_common = _is_common(pos, D.gram_common, 0, nt, D.n, params.common_passage_frac)
    passage = {"x0": x0, "x1": x1, "y0": x0, "y1": x1, "tx0": 0, "tx1": nt, "ty0": 0, "ty1": nt,
               "words_x": nt, "words_y": nt, "matched": nt, "similarity": 1.0, "common": is_common,
               "quoted": round(D.quoted(x0, x1), 4)}
    cov = 0 if is_common else nt
    return {"id_x": aid_x, "id_y": aid_y, "containment": 1.0, "verbatim": True, "ntok_x": nt, "ntok_y": nt,
            "cov_x": cov, "cov_y": cov, "passages": [passage], "edits": [], "unique": [], "spelling": []}


def expand_clones(part: pd.DataFrame, clones: dict[str, list[str]]) -> pd.DataFrame:
    """Map over alignments: each alignment found for an article is also the alignment of every
    other article with the same text (the text was aligned once)."""
    if part.empty or not clones:
        return part
    rows = []
    for r in frame_records(part):
        xs = [r["id_x"], *clones.get(r["id_x"], [])]
        ys = [r["id_y"], *clones.get(r["id_y"], [])]
        for x in xs:
            for y in ys:
                rows.append({**r, "id_x": x, "id_y": y})
    return pd.DataFrame(rows, columns=list(part.columns))


def _oriented(r: dict) -> tuple[str, str, bool]:
    """(article_a, article_b, swapped): tables list every pair with article_a < article_b."""
    return (r["id_x"], r["id_y"], False) if r["id_x"] < r["id_y"] else (r["id_y"], r["id_x"], True)


def _sided(p: dict, swapped: bool) -> dict:
    if not swapped:
        return p
    flip = {"x0": "y0", "x1": "y1", "y0": "x0", "y1": "x1", "tx0": "ty0", "tx1": "ty1", "ty0": "tx0",
            "ty1": "tx1", "words_x": "words_y", "words_y": "words_x"}
    return {flip.get(k, k): v for k, v in p.items()}


def _numbered(passages: list[dict], swapped: bool) -> list[tuple[int, dict]]:
    """Passages in a-side order, with their number (1-based) and their index in the x/y list."""
    sided = [(i, _sided(p, swapped)) for i, p in enumerate(passages)]
    sided.sort(key=lambda ip: (ip[1]["x0"], ip[1]["y0"], ip[1]["x1"], ip[1]["y1"]))
    return sided


def passage_rows(part: pd.DataFrame, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Map over alignments joined with both texts (text_x, text_y): one row per shared passage."""
    rows = []
    for r in frame_records(part):
        a, b, swapped = _oriented(r)
        ta, tb = (r["text_y"], r["text_x"]) if swapped else (r["text_x"], r["text_y"])
        for k, (_, p) in enumerate(_numbered(r["passages"], swapped), 1):
            rows.append((f"{a}|{b}|{k:03d}", a, p["x0"], p["x1"], b, p["y0"], p["y1"],
                         max(p["words_x"], p["words_y"]), p["words_x"], p["words_y"], p["matched"],
                         p["similarity"], p["common"], p["quoted"], "", ta[p["x0"]:p["x1"]], tb[p["y0"]:p["y1"]]))
    return _frame(rows, PASSAGE_COLUMNS)


_OP = {"replace": "substitute", "delete": "delete", "insert": "insert"}
_OP_FLIPPED = {"replace": "substitute", "delete": "insert", "insert": "delete"}


def edit_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over alignments: one row per word-level edit inside a passage, from a's wording to b's."""
    rows = []
    for r in frame_records(part):
        a, b, swapped = _oriented(r)
        number = {i: k for k, (i, _) in enumerate(_numbered(r["passages"], swapped), 1)}
        for k, tag, x0, x1, y0, y1, tx, ty in r["edits"]:
            pid = f"{a}|{b}|{number[k]:03d}"
            if swapped:
                rows.append((pid, a, b, _OP_FLIPPED[tag], ty, tx, y0, y1, x0, x1))
            else:
                rows.append((pid, a, b, _OP[tag], tx, ty, x0, x1, y0, y1))
    return _frame(rows, EDIT_COLUMNS)


def unique_rows(part: pd.DataFrame) -> pd.DataFrame:
    """Map over alignments: the paragraphs of a pair that only one side has."""
    rows = []
    for r in frame_records(part):
        a, b, swapped = _oriented(r)
        for side, s, e, words, text in r["unique"]:
            on_a = (side == "x") != swapped
            rows.append((a, b, "a" if on_a else "b", a if on_a else b, s, e, words, text))
    return _frame(rows, UNIQUE_COLUMNS)


def spelling_words(part: pd.DataFrame) -> set[str]:
    """The word forms that spelling variants mention (their document frequency is looked up)."""
    out: set[str] = set()
    for sp in part["spelling"]:
        for wx, wy in sp:
            out.update((wx, wy))
    return out


def word_presence(part: pd.DataFrame, words: tuple) -> pd.DataFrame:
    """Map over tokens: how many articles of the partition contain each of ``words``."""
    words = sorted(words)
    target = word_codes(words)
    order = np.argsort(target)
    target_sorted = target[order]
    counts = np.zeros(len(words), np.int64)
    if len(words):
        for c in part["codes"]:
            u = _sorted_unique(c)
            counts[order] += _member(target_sorted, u).astype(np.int64)
    return pd.DataFrame({"word": words, "articles": counts}).astype({"word": "str", "articles": "int64"})


def pair_rows(part: pd.DataFrame, word_df: dict[str, int],
              min_share: float = OverlapParams.direction_min_share) -> pd.DataFrame:
    """Map over alignments joined with both articles' publication dates (published_x, published_y):
    one row per pair that shares a passage of real (not common) text.  A pair in which neither
    article has ``min_share`` (``direction_min_share``) of its words in the other keeps its
    direction undetermined."""
    rows = []
    for r in frame_records(part):
        real = [p for p in r["passages"] if not p["common"]]
        if not real:
            continue
        a, b, swapped = _oriented(r)
        share_x = round(r["cov_x"] / max(1, r["ntok_x"]), 4)
        share_y = round(r["cov_y"] / max(1, r["ntok_y"]), 4)
        pa, pb = (r["published_y"], r["published_x"]) if swapped else (r["published_x"], r["published_y"])
        uniq = [("a" if ((side == "x") != swapped) else "b", words) for side, _, _, words, _ in r["unique"]]
        spelling = []
        for wx, wy in r["spelling"]:
            wa, wb = (wy, wx) if swapped else (wx, wy)
            note = f"spelling differs: a '{wa}' / b '{wb}'"
            da, db = int(word_df.get(wa, 0)), int(word_df.get(wb, 0))
            if da == 1 and db > 1:
                note += f" (a's form occurs in no other article, b's in {db}: a typo that b does not have)"
            elif db == 1 and da > 1:
                note += f" (b's form occurs in no other article, a's in {da}: a typo that a does not have)"
            spelling.append(note)
        direction, basis = _direction(_text(pa), _text(pb), uniq, spelling,
                                      (share_y if swapped else share_x, share_x if swapped else share_y),
                                      _quoted_share(real), min_share)
        rows.append([a, b, share_y if swapped else share_x, share_x if swapped else share_y, len(real),
                     int(sum(p["matched"] for p in real)), round(float(r["containment"]), 4), bool(r["verbatim"]),
                     direction, basis, ""])
    return _frame(rows, PAIR_COLUMNS)


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()


_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")


def _quote_spans(text: str) -> np.ndarray:
    """(start, end) char spans of the direct quotations ("...", “...”, «...», „...“) in ``text``."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


def _merged(intervals: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """The union of token intervals [s, e) within [0, n): sorted, disjoint, none empty.  (A pair's
    few passages: a loop over Python ints costs less than numpy calls on a mask of the article.)"""
    out: list[list[int]] = []
    for s, e in sorted((max(0, s), min(n, e)) for s, e in intervals):
        if e <= s:
            continue
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _coverage(D: _Doc, intervals: list[tuple[int, int]]) -> int:
    """Words of ``D`` inside the token intervals, not counting words of common n-grams."""
    n_tokens = len(D.codes)
    if not n_tokens:
        return 0
    before = D.common_before()
    return sum((e - s) - (before[e] - before[s]) for s, e in _merged(intervals, n_tokens))


# ``_PARAGRAPH_BREAK``'s matches, found from a white-space character: every match starts with one
# (``\n`` in the first branch, the white space of the other two), and a pattern that starts with a
# character class lets the regex engine skip to the next such character instead of trying every
# position (three times faster on article text; the same spans on the corpora and on 100,000
# random strings of spaces, tabs, line breaks, "#" and letters).
_PARAGRAPH_BREAK_FROM_SPACE = re.compile(r"\s(?:(?<=\n)\s*|\s*\n\s*|\s*###\s+|(?<= ) +)")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Char spans of the paragraphs of ``text`` (blank lines, line breaks, ``###`` or runs of spaces)."""
    out, pos = [], 0
    for m in _PARAGRAPH_BREAK_FROM_SPACE.finditer(text):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text)))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _unique_paragraphs(paras: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray], n_tokens: int,
                       cover: list[tuple[int, int]], params: OverlapParams) -> list[tuple[int, int, int]]:
    """Paragraphs (char start, end, words) with at most ``unique_max_covered`` of their words covered."""
    cs, ce, t0, t1 = paras
    if not len(cs):
        return []
    spans = _merged(cover, n_tokens)
    out = []
    for c0, c1, p0, p1 in zip(cs, ce, t0, t1):
        covered = sum(max(0, min(e, p1) - max(s, p0)) for s, e in spans)
        if covered / max(1, p1 - p0) <= params.unique_max_covered:
            out.append((int(c0), int(c1), int(p1 - p0)))
    return out


def _paragraph_tokens(text: str, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Paragraph char spans and their token ranges (paragraphs without words dropped)."""
    ps = _paragraphs(text)
    cs = np.array([p[0] for p in ps], dtype=np.int64)
    ce = np.array([p[1] for p in ps], dtype=np.int64)
    t0, t1 = np.searchsorted(starts, cs), np.searchsorted(starts, ce)
    keep = t1 > t0
    return cs[keep], ce[keep], t0[keep], t1[keep]


_SUFFIXES = ("ing", "ed", "es", "s", "e", "ly", "er", "est")


_SUFFIXES_LONGEST_FIRST = tuple(sorted(_SUFFIXES, key=len, reverse=True))


def _stem(word: str) -> str:
    """The word less its longest common English inflection suffix (one only)."""
    for suf in _SUFFIXES_LONGEST_FIRST:
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def _spelling(A: _Doc, B: _Doc, i1: int, i2: int, j1: int, j2: int, params: OverlapParams) -> list[tuple[str, str]]:
    """Spelling variants inside a substitution (possible typos corrected or introduced): (a form, b form)."""
    out = []
    if i2 - i1 > 3 or j2 - j1 > 3:
        return out
    for wx in A.words(i1, i2):
        for wy in B.words(j1, j2):
            if wx == wy or min(len(wx), len(wy)) < 4 or not (wx.isalpha() and wy.isalpha()):
                continue
            if _stem(wx) == _stem(wy):  # involve / involving: a grammatical edit, not a typo
                continue
            if fuzz.ratio(wx, wy) >= params.typo_min_ratio:
                out.append((wx, wy))
    return out


def _quoted_share(real: list[dict]) -> float:
    """Share of a pair's shared words (its non-common passages, by matched words) inside quotation marks."""
    words = sum(p["matched"] for p in real)
    return sum(p["quoted"] * p["matched"] for p in real) / words if words else 0.0


def _percent(share: float) -> str:
    return "under 1%" if 0 < share < 0.005 else f"{share:.0%}"


def _below_share(shares: tuple[float, float] | None, min_share: float) -> bool:
    """True when neither article has ``min_share`` of its words in the other (shares unknown: False)."""
    return shares is not None and max(shares) < min_share


def _passage_only(shares: tuple[float, float], min_share: float) -> str:
    """Why a pair ordered by its dates keeps an undetermined direction: it shares a passage, not a copy."""
    return (f"who took the text from whom is undetermined: the shared text is {_percent(shares[0])} of a and "
            f"{_percent(shares[1])} of b, under direction_min_share ({_percent(min_share)}), as when two "
            "articles quote one source")


def _direction(pa: str, pb: str, uniq: list[tuple[str, int]], spelling: list[str],
               shares: tuple[float, float] | None = None, quoted: float = 0.0,
               min_share: float = 0.0) -> tuple[str, str]:
    """Who copied whom: publication order if both dates are known, else undetermined with evidence.
    A pair whose ``shares`` (of a, of b) are both under ``min_share`` shares a passage, not a copy:
    its dates say which is the later, and its direction stays undetermined."""
    evidence = []
    for side in ("a", "b"):
        paras = [w for s, w in uniq if s == side]
        if paras:
            evidence.append(f"{side} has {len(paras)} paragraph{'' if len(paras) == 1 else 's'} ({sum(paras)} "
                            f"word{'' if sum(paras) == 1 else 's'}) that the other lacks")
    evidence.extend(sorted(set(spelling)))
    if _below_share(shares, min_share) and quoted > 0:
        evidence.append(f"{_percent(quoted)} of the shared words lie inside quotation marks on both sides")
    if pa and pb and pa != pb and _below_share(shares, min_share):
        later = "b" if pa < pb else "a"
        return "undetermined", "; ".join([f"published {pa} (a) vs {pb} (b): {later} is the later",
                                          _passage_only(shares, min_share)] + evidence)
    if pa and pb and pa != pb:
        direction = "b_copies_a" if pa < pb else "a_copies_b"
        # the dates show which is later, not that it took the text from the other: both may quote one source
        basis = f"published {pa} (a) vs {pb} (b): the later article cannot be the earlier's source"
        return direction, basis + ("; other evidence: " + "; ".join(evidence) if evidence else "")
    if pa and pb:
        dates = f"both published {pa}: order unknown"
    elif pa or pb:
        dates = f"only {'a' if pa else 'b'} has a publication date"
    else:
        dates = "neither publication date is known"
    return "undetermined", "; ".join([dates] + evidence)


# ---------------------------------------------------------------------------
# families of shared text

def families(passages: pd.DataFrame, n_tokens: dict[str, int], params: OverlapParams,
             published: dict[str, str] | None = None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Cluster passages into the texts they carry.

    ``passages`` has passage_id, article_a, article_b, the token spans ``ta0, ta1, tb0, tb1`` and
    ``common``.  Each side of a passage is a span of one article; two spans of one article that
    overlap by at least ``family_min_overlap`` of the shorter carry the same text, and both sides
    of a passage carry the same text: the connected groups are the families.  An article that
    quotes two wire stories has two separate spans, so it belongs to two families; an article is
    never the link that merges two texts it carries side by side.  Texts that lie side by side in
    two or more articles, or that the same articles carry, are parts of one text: one family.

    Returns the families table (one row per member) and ``{passage_id: family}``.
    """
    real = passages[~passages["common"].astype(bool)] if len(passages) else passages
    real = real.sort_values("passage_id", kind="mergesort") if len(real) else real
    if real.empty:
        return _frame([], FAMILY_COLUMNS), {}
    sides: list[tuple[str, int, int]] = []  # (article, t0, t1), two per passage
    pids = list(real["passage_id"])
    for a, a0, a1, b, b0, b1 in zip(real["article_a"], real["ta0"], real["ta1"], real["article_b"],
                                    real["tb0"], real["tb1"]):
        sides.append((a, int(a0), int(a1)))
        sides.append((b, int(b0), int(b1)))
    parent = list(range(len(sides)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(x: int, y: int) -> None:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)

    for k in range(0, len(sides), 2):
        union(k, k + 1)
    by_article: dict[str, list[int]] = defaultdict(list)
    for k, (a, _, _) in enumerate(sides):
        by_article[a].append(k)
    frac = float(params.family_min_overlap)
    for ks in by_article.values():
        ks.sort(key=lambda k: (sides[k][1], sides[k][2]))
        active: list[int] = []
        for k in ks:
            _, s, e = sides[k]
            active = [j for j in active if sides[j][2] > s]
            for j in active:
                _, s2, e2 = sides[j]
                inter = min(e, e2) - max(s, s2)
                if inter > 0 and inter >= frac * max(1, min(e - s, e2 - s2)):
                    union(j, k)
            active.append(k)
    # Two texts that lie side by side (at most ``gap_words`` apart) in two or more articles are parts of
    # one text those articles carry (the paragraphs of one story, some of them quoted elsewhere alone);
    # side by side in one article only, they are two texts that article quotes together.
    # (until nothing more joins: two parts joined may lie next to a third in both articles)
    while True:
        near: dict[tuple[int, int], set[str]] = defaultdict(set)
        for a, ks in by_article.items():
            spans = sorted((sides[k][1], sides[k][2], find(k)) for k in ks)
            end, root = spans[0][1], spans[0][2]
            for s0, e0, r in spans[1:]:
                if r != root and s0 - end <= params.gap_words:
                    near[(min(r, root), max(r, root))].add(a)
                if e0 >= end:
                    end, root = e0, r
        joined = [(x, y) for (x, y), arts in sorted(near.items()) if len(arts) >= 2 and find(x) != find(y)]
        if not joined:
            break
        for x, y in joined:
            union(x, y)
    groups: dict[int, dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    for k, (a, s, e) in enumerate(sides):
        groups[find(k)][a].append((s, e))
    # clusters carried by exactly the same articles are parts of one text they share (three
    # paragraphs of one story two outlets both ran): one family
    by_members: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for root, arts in groups.items():
        if len(arts) >= 2:
            by_members[tuple(sorted(arts))].append(root)
    merged_root = {}
    for roots in by_members.values():
        for r in roots:
            merged_root[r] = min(roots)
    members = []
    for arts, roots in by_members.items():
        root = min(roots)
        for r in roots:
            if r != root:
                for a, spans in groups[r].items():
                    groups[root][a].extend(spans)
        members.append((root, list(arts)))
    members.sort(key=lambda m: (-len(m[1]), m[1]))
    width = max(2, len(str(len(members))))
    rows, name_of_root = [], {}
    published = published or {}
    for i, (root, arts) in enumerate(members, 1):
        name = f"F{i:0{width}d}"
        name_of_root[root] = name
        spans = {a: _merge_spans(groups[root][a]) for a in arts}
        words = {a: sum(e - s for s, e in spans[a]) for a in arts}
        source = _family_source(arts, words, published)
        for a in arts:
            s0 = min(s for s, _ in spans[a])
            e0 = max(e for _, e in spans[a])
            rows.append({"family": name, "article_id": a, "size": len(arts), "start": s0, "end": e0,
                         "words": words[a], "share": round(words[a] / max(1, n_tokens.get(a, 0)), 4),
                         "source": a == source})
    family_of = {}
    for k, pid in enumerate(pids):
        root = find(2 * k)
        family_of[pid] = name_of_root.get(merged_root.get(root, root), "")
    return _frame(rows, FAMILY_COLUMNS), family_of


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [(s, e) for s, e in out]


def _family_source(arts: list[str], words: dict[str, int], published: dict[str, str]) -> str:
    """The member whose version is the family's source: among the members that carry most of the
    text (at least half the fullest version's words), the earliest known day, else the fullest."""
    most = max(words.values()) if words else 0
    arts = [a for a in arts if words[a] >= 0.5 * most]
    dated = sorted((published[a], a) for a in arts if published.get(a))
    if dated:
        first = dated[0][0]
        earliest = [a for d, a in dated if d == first]
        return min(earliest, key=lambda a: (-words[a], a))
    return min(arts, key=lambda a: (-words[a], a))


def family_sources(families_df: pd.DataFrame, published: dict[str, str]) -> pd.DataFrame:
    """The families table with each family's source chosen again once publication days are known."""
    if families_df.empty:
        return families_df
    out = families_df.copy()
    # each family's members and words, from plain lists (a pandas group per family costs more than
    # choosing its source, and a large corpus has many families)
    members: dict[str, dict[str, int]] = defaultdict(dict)
    for name, aid, w in zip(out["family"].tolist(), out["article_id"].tolist(), out["words"].astype(int).tolist()):
        members[name][aid] = w
    chosen = {name: _family_source(sorted(words), words, published) for name, words in members.items()}
    out["source"] = [chosen[f] == a for f, a in zip(out["family"], out["article_id"])]
    return out


def pair_families(passage_family: pd.DataFrame) -> pd.DataFrame:
    """article_a, article_b, family (the pair's passages' families, ";"-joined)."""
    if passage_family.empty:
        return pd.DataFrame({"article_a": pd.Series(dtype="str"), "article_b": pd.Series(dtype="str"),
                             "family": pd.Series(dtype="str")})
    g = passage_family[passage_family["family"] != ""].groupby(["article_a", "article_b"], sort=True)["family"]
    return g.agg(lambda s: ";".join(sorted(set(s)))).reset_index()


# ---------------------------------------------------------------------------
# common phrases

PHRASE_ROWS_SCHEMA = {"phrase": "str", "article_id": "str", "words": "int64", "max_ngram_df": "int64",
                      "boiler": "bool"}


def common_phrase_rows(part: pd.DataFrame, common: np.ndarray, common_df: np.ndarray, boiler: np.ndarray,
                       params: OverlapParams) -> pd.DataFrame:
    """Map over tokens: each run of common n-grams in each article, as a phrase.

    ``common`` is sorted; ``common_df`` and ``boiler`` give each one's df and whether it is
    outlet boilerplate."""
    n = max(1, int(params.ngram))
    rows = []
    if len(common):
        grams = _grams_of(part, params)
        idx_all, com_all = _index_in(np.concatenate(grams), common) if grams else (None, None)
        for aid, g, idx, com, text, spans in zip(part["article_id"].tolist(), grams, _split_like(idx_all, grams),
                                                 _split_like(com_all, grams), part["text"].tolist(),
                                                 part["spans"]):
            if not len(g):
                continue
            if not com.any():
                continue
            pos = np.flatnonzero(com)
            brk = np.flatnonzero(np.diff(pos) > 1)
            starts = np.r_[pos[0], pos[brk + 1]]
            ends = np.r_[pos[brk], pos[-1]]
            for s, e in zip(starts.tolist(), ends.tolist()):
                sel = idx[s:e + 1]
                words = [text[a:b] for a, b in spans[s:e + n].tolist()]
                phrase = " ".join(words).casefold().replace("’", "'")
                rows.append((phrase, aid, e + n - s, int(common_df[sel].max()), bool(boiler[sel].all())))
    return _frame(rows, PHRASE_ROWS_SCHEMA)


COMMON_TABLE_SCHEMA = {**COMMON_COLUMNS, "sort_articles": "int64", "sort_words": "int64"}


def common_phrases_table(part: pd.DataFrame) -> pd.DataFrame:
    """Keyed by phrase: how many articles hold each common phrase, its largest n-gram df, why it is
    common, and an example article."""
    if part.empty:
        return _frame([], COMMON_TABLE_SCHEMA)
    g = part.groupby("phrase", sort=True)
    out = pd.DataFrame({
        "phrase": list(g.groups),
        "words": g["words"].max().to_numpy(),
        "articles": g["article_id"].nunique().to_numpy(),
        "max_ngram_df": g["max_ngram_df"].max().to_numpy(),
        "reason": np.where(g["boiler"].all().to_numpy(), "outlet boilerplate", "corpus-wide"),
        "example_article": g["article_id"].min().to_numpy(),
    })
    out["sort_articles"] = -out["articles"]
    out["sort_words"] = -out["words"]
    return out.astype(COMMON_TABLE_SCHEMA)


# ---------------------------------------------------------------------------
# direction from inferred publication ranges

def order_by_publication(pairs: pd.DataFrame, publication: pd.DataFrame,
                         min_share: float = OverlapParams.direction_min_share) -> pd.DataFrame:
    """Settle undetermined directions with inferred publication ranges that do not overlap.

    ``publication`` has ``article_id``, ``published``, ``published_earliest`` and
    ``published_latest`` (the timeline stage's table).  A pair stays undetermined when
    the ranges overlap; its basis then says what the ranges are.
    """
    if pairs.empty or publication.empty:
        return pairs
    cols = ["article_id", "published", "published_earliest", "published_latest", "published_basis"]
    pub = publication[[c for c in cols if c in publication.columns]]
    joined = pairs.merge(pub.add_suffix("_a").rename(columns={"article_id_a": "article_a"}), on="article_a",
                         how="left")
    joined = joined.merge(pub.add_suffix("_b").rename(columns={"article_id_b": "article_b"}), on="article_b",
                          how="left")
    return order_pairs(joined, min_share)[list(pairs.columns)]


def order_pairs(part: pd.DataFrame, min_share: float = OverlapParams.direction_min_share) -> pd.DataFrame:
    """Map over pairs joined with both articles' publication columns (suffixed ``_a`` / ``_b``).
    A pair whose shares are both under ``min_share`` (``direction_min_share``: a shared passage, not
    a copy) is told which is the later, and its direction stays undetermined."""
    out = part.copy()
    if out.empty:
        return out
    # a pair whose direction the stage settled keeps it: only the undetermined ones are read
    undetermined = (out["direction"] == "undetermined").fillna(False).to_numpy(bool)
    directions, bases = out["direction"].tolist(), out["direction_basis"].tolist()
    rows = np.flatnonzero(undetermined).tolist()
    for i, r in zip(rows, frame_records(out.iloc[rows]) if rows else []):
        directions[i], bases[i] = _order_one(r, min_share)
    out["direction"] = directions
    out["direction_basis"] = bases
    return out


def _order_one(r: dict, min_share: float = 0.0) -> tuple[str, str]:
    if r["direction"] != "undetermined":
        return r["direction"], r["direction_basis"]

    def span(side: str):
        day = _text(r.get(f"published_{side}"))
        lo = day or _text(r.get(f"published_earliest_{side}"))
        hi = day or _text(r.get(f"published_latest_{side}"))
        inferred = "inferred" in _text(r.get(f"published_basis_{side}"))
        return lo, hi, bool(day), inferred

    (alo, ahi, aday, ainf), (blo, bhi, bday, binf) = span("a"), span("b")
    if aday and bday and not (ainf or binf):
        # both days from metadata: the stage's own basis says so (the same day, or a shared passage only)
        return r["direction"], r["direction_basis"]
    said = {"a": _span_words(alo, ahi, aday, ainf), "b": _span_words(blo, bhi, bday, binf)}
    direction = "undetermined"
    if ahi and blo and ahi < blo:
        direction = "b_copies_a"
        lead = f"a published {said['a']}, b {said['b']}: the later article cannot be the earlier's source"
    elif bhi and alo and bhi < alo:
        direction = "a_copies_b"
        lead = f"a published {said['a']}, b {said['b']}: the later article cannot be the earlier's source"
    elif aday and bday and alo == blo:
        lead = f"a published {said['a']}, b {said['b']}: the same day, order unknown"
    elif (alo or ahi) and (blo or bhi):
        lead = f"a published {said['a']}, b {said['b']}: the dates overlap, order unknown"
    else:
        return r["direction"], r["direction_basis"]
    rest = str(r["direction_basis"]).split("; ")[1:]  # _direction puts its date clause first
    shares = (float(r["share_a"]), float(r["share_b"])) if "share_a" in r and "share_b" in r else None
    if direction != "undetermined" and _below_share(shares, min_share):
        later = "b" if direction == "b_copies_a" else "a"
        lead = f"a published {said['a']}, b {said['b']}: {later} is the later; " + _passage_only(shares, min_share)
        direction = "undetermined"
    return direction, "; ".join([lead] + rest)


def _span_words(lo: str, hi: str, day: bool, inferred: bool = False) -> str:
    if day:
        return f"on {lo}" + (" (inferred)" if inferred else "")
    if lo and hi:
        return f"between {lo} and {hi} (inferred)"
    return f"on or after {lo} (inferred)" if lo else (f"by {hi} (inferred)" if hi else "on an unknown date")


# ---------------------------------------------------------------------------
# the stage, through an engine

@dataclass
class OverlapFrames:
    """The stage's tables as the engine holds them, plus what later stages need."""

    passages: object
    pairs: object
    edits: object
    unique_paragraphs: object
    families: pd.DataFrame
    common_phrases: object
    aligned: object = None


def _select_common(flags: pd.DataFrame, story: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(common hashes sorted, their df, which are outlet boilerplate)."""
    if flags.empty:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, bool)
    flags = flags.sort_values("h", kind="mergesort")
    h = flags["h"].to_numpy(np.uint64)
    boiler = flags["boiler"].to_numpy(bool) & ~np.isin(h, story)
    common_df = flags["common_df"].to_numpy(bool)
    keep = common_df | boiler
    return h[keep], flags["df"].to_numpy(np.int64)[keep], (boiler & ~common_df)[keep]


def overlap_stage(engine, articles, n_articles: int, params: OverlapParams) -> OverlapFrames:
    """Run source overlap over the analysed articles (a frame with article_id, text, outlet,
    published, text_hash) through ``engine``."""
    # one text carried by several articles is aligned once: the others are its clones
    ids = engine.collect(articles[["article_id", "text_hash"]])
    clones: dict[str, list[str]] = {}
    for _, g in ids.groupby("text_hash", sort=False):
        members = sorted(g["article_id"])
        if len(members) > 1:
            clones[members[0]] = members[1:]
    clone_ids = frozenset(c for cs in clones.values() for c in cs)
    tokens = engine.persist(engine.map(article_tokens, articles, params, engine.broadcast(clone_ids),
                                       schema=TOKENS_SCHEMA))
    posts = engine.persist(engine.map(postings, tokens, params, schema=POSTINGS_SCHEMA))
    flags = engine.collect(engine.keyed(ngram_flags, posts, "h", n_articles, params, schema=FLAGS_SCHEMA))
    candidates_b = np.sort(flags.loc[flags["boiler"], "h"].to_numpy(np.uint64))
    story = engine.collect(engine.map(story_runs, tokens, engine.broadcast(candidates_b), params,
                                      schema=STORY_SCHEMA))["h"].to_numpy(np.uint64)
    common, common_df, boiler = _select_common(flags, np.unique(story))
    # pair counting needs neither outlets nor the flags' working memory: give both back first
    posts = engine.persist(posts[["h", "doc", "aligned"]])
    engine.release()
    common_b = engine.broadcast(common)
    counts = engine.keyed(pair_counts, posts, "h", common_b, n_articles, params, schema=PAIRCOUNT_SCHEMA,
                          combine=(sum_pair_counts, ["doc_a", "doc_b"]))
    # only pairs that can be candidates are joined with their articles: most pairs share an n-gram
    # or two (95 % at 10,000 articles), and the joins would copy them twice
    least = max(1, params.min_shared_ngrams)
    counts = engine.select(counts, lambda p: p["shared"] >= least)
    del posts, flags  # the local engine has counted already: the corpus's postings go before alignment
    info = engine.select(tokens, lambda p: p["aligned"])[["doc", "article_id", "n_distinct"]]
    joined = engine.join(counts, info.rename(columns={"doc": "doc_a", "article_id": "id_a",
                                                      "n_distinct": "n_distinct_a"}), on="doc_a")
    joined = engine.join(joined, info.rename(columns={"doc": "doc_b", "article_id": "id_b",
                                                      "n_distinct": "n_distinct_b"}), on="doc_b")
    cands = engine.map(candidates_from_counts, joined, params, schema=CANDIDATE_COLUMNS)
    payload = tokens[["article_id", "text", "codes", "spans"]]
    # each slice of candidate pairs is joined with both articles' texts as it is aligned: the pairs
    # with both texts are never held whole
    cands = cands.rename(columns={"article_a": "id_a", "article_b": "id_b"})
    aligned = engine.map(align_pairs, cands, common_b, params, schema=ALIGNED_SCHEMA, joins=[
        {"right": payload.rename(columns={"article_id": f"id_{s}", **{c: f"{c}_{s}" for c in ("text", "codes", "spans")}}),
         "on": f"id_{s}"} for s in ("a", "b")])
    if clones:
        aligned = engine.map(expand_clones, aligned, engine.broadcast(clones), schema=ALIGNED_SCHEMA)
        verbatim = []
        text_of = dict(zip(*[engine.collect(articles[["article_id", "text"]].pipe(
            lambda f: engine.select(f, lambda p: p["article_id"].isin(set(clones) | clone_ids))))[c]
            for c in ("article_id", "text")]))
        for rep, cs in sorted(clones.items()):
            group = [rep, *cs]
            for i, x in enumerate(group):
                for y in group[i + 1:]:
                    v = verbatim_alignment(x, y, text_of[x], common, params)
                    if v is not None:
                        verbatim.append(v)
        if verbatim:
            aligned = engine.concat([aligned, engine.from_pandas(_frame_of(verbatim))])
    aligned = engine.persist(aligned)
    # what only the alignment needed: let it go before the tables are built (local: the pair counts
    # and the pairs joined with both texts; dask: the graph keeps what it still needs)
    del counts, joined, cands, payload, info
    # tables
    all_texts = articles[["article_id", "text"]]
    passages = engine.persist(engine.map(passage_rows, aligned, schema=PASSAGE_COLUMNS, joins=[
        {"right": all_texts.rename(columns={"article_id": f"id_{s}", "text": f"text_{s}"}), "on": f"id_{s}"}
        for s in ("x", "y")]))
    edits = engine.map(edit_rows, aligned, schema=EDIT_COLUMNS)
    unique = engine.map(unique_rows, aligned, schema=UNIQUE_COLUMNS)
    words = set()
    for sp in engine.collect(aligned[["spelling"]])["spelling"]:
        for wx, wy in sp:
            words.update((wx, wy))
    word_df: dict[str, int] = {}
    if words:
        wp = engine.collect(engine.map(word_presence, tokens, tuple(sorted(words)),
                                       schema={"word": "str", "articles": "int64"}))
        word_df = wp.groupby("word")["articles"].sum().to_dict()
    dates = articles[["article_id", "published"]]
    dated = engine.join(aligned, dates.rename(columns={"article_id": "id_x", "published": "published_x"}), on="id_x")
    dated = engine.join(dated, dates.rename(columns={"article_id": "id_y", "published": "published_y"}), on="id_y")
    pairs = engine.map(pair_rows, dated, word_df, float(params.direction_min_share), schema=PAIR_COLUMNS)
    # families, from every passage's token spans
    spans = engine.collect(engine.map(_passage_spans, aligned, schema=SPANS_SCHEMA))
    ntok = dict(zip(*[engine.collect(tokens[["article_id", "n_tokens"]])[c] for c in ("article_id", "n_tokens")]))
    pub = engine.collect(articles[["article_id", "published"]])
    fam, family_of = families(spans, ntok, params, dict(zip(pub["article_id"], pub["published"])))
    if family_of:
        pf = pd.DataFrame({"passage_id": list(family_of), "family_name": list(family_of.values())})
        passages = engine.map(_fill_family, engine.join(passages, engine.from_pandas(pf), on="passage_id",
                                                        how="left"), schema=PASSAGE_COLUMNS)
        spans["family"] = spans["passage_id"].map(family_of).fillna("")
        pfam = pair_families(spans[["article_a", "article_b", "family"]]).rename(columns={"family": "family_name"})
        pairs = engine.map(_fill_family, engine.join(pairs, engine.from_pandas(pfam), on=["article_a", "article_b"],
                                                     how="left"), schema=PAIR_COLUMNS)
    phrases = engine.map(common_phrase_rows, tokens, common_b, engine.broadcast(common_df),
                         engine.broadcast(boiler), params, schema=PHRASE_ROWS_SCHEMA)
    phrases = engine.keyed(common_phrases_table, phrases, "phrase", schema=COMMON_TABLE_SCHEMA)
    return OverlapFrames(passages=passages, pairs=pairs, edits=edits, unique_paragraphs=unique, families=fam,
                         common_phrases=phrases)


SPANS_SCHEMA = {"passage_id": "str", "article_a": "str", "article_b": "str", "ta0": "int64", "ta1": "int64",
                "tb0": "int64", "tb1": "int64", "common": "bool"}


def _passage_spans(part: pd.DataFrame) -> pd.DataFrame:
    """Map over alignments: each passage's id and token spans (what families are built from)."""
    rows = []
    for r in frame_records(part):
        a, b, swapped = _oriented(r)
        for k, (_, p) in enumerate(_numbered(r["passages"], swapped), 1):
            rows.append((f"{a}|{b}|{k:03d}", a, b, p["tx0"], p["tx1"], p["ty0"], p["ty1"], p["common"]))
    return _frame(rows, SPANS_SCHEMA)


def _fill_family(part: pd.DataFrame) -> pd.DataFrame:
    out = part.copy()
    out["family"] = out["family_name"].fillna("").astype(str)
    return out.drop(columns="family_name")


def _frame_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(ALIGNED_SCHEMA)).astype(ALIGNED_SCHEMA)


def _articles_frame(articles: list[Article]) -> pd.DataFrame:
    import hashlib

    arts = [a for a in articles if (a.status or "ok") == "ok" and not getattr(a, "duplicate_of", "")]
    return pd.DataFrame({
        "article_id": [a.article_id for a in arts], "text": [a.text or "" for a in arts],
        "outlet": [a.outlet or "" for a in arts], "published": [a.published or "" for a in arts],
        "text_hash": [hashlib.sha1((a.text or "").encode("utf-8")).hexdigest() for a in arts],
    }, columns=["article_id", "text", "outlet", "published", "text_hash"]).astype(
        {"article_id": "str", "text": "str", "outlet": "str", "published": "str", "text_hash": "str"})


def find_overlap(articles: list[Article], params: OverlapParams = OverlapParams()) -> OverlapResult:
    """Shared passages, pairs, edits, one-sided paragraphs, families and common phrases of a corpus."""
    from .engine import LocalEngine

    frame = _articles_frame(articles or [])
    r = overlap_stage(LocalEngine(), frame, len(frame), params)

    def out(df: pd.DataFrame, schema: dict[str, str], key: list[str]) -> pd.DataFrame:
        return df.sort_values(key, kind="mergesort")[list(schema)].astype(schema).reset_index(drop=True)

    return OverlapResult(
        passages=out(r.passages, PASSAGE_COLUMNS, SORT_KEYS["passages"]),
        pairs=out(r.pairs, PAIR_COLUMNS, SORT_KEYS["overlap_pairs"]),
        edits=out(r.edits, EDIT_COLUMNS, SORT_KEYS["edits"]),
        unique_paragraphs=out(r.unique_paragraphs, UNIQUE_COLUMNS, SORT_KEYS["unique_paragraphs"]),
        families=out(r.families, FAMILY_COLUMNS, SORT_KEYS["families"]),
        common_phrases=out(r.common_phrases, COMMON_COLUMNS, SORT_KEYS["common_phrases"]) if len(r.common_phrases)
        else _frame([], COMMON_COLUMNS),
        params=params)


def _index(articles: list[Article], params: OverlapParams):
    from .engine import LocalEngine

    engine = LocalEngine()
    frame = _articles_frame(articles)
    tokens = article_tokens(frame, params)
    posts = postings(tokens, params)
    flags = ngram_flags(posts, len(frame), params)
    story = story_runs(tokens, np.sort(flags.loc[flags["boiler"], "h"].to_numpy(np.uint64)), params)
    common, _, _ = _select_common(flags, story["h"].to_numpy(np.uint64))
    return engine, tokens, posts, common


def candidate_pairs(articles: list[Article], params: OverlapParams = OverlapParams()) -> pd.DataFrame:
    """Candidate pairs from the rare n-gram index: article_a, article_b, shared_ngrams, containment."""
    _, tokens, posts, common = _index(articles, params)
    counts = sum_pair_counts(pair_counts(posts, common, len(tokens), params))
    info = tokens[["doc", "article_id", "n_distinct"]]
    j = counts.merge(info.rename(columns={"doc": "doc_a", "article_id": "id_a", "n_distinct": "n_distinct_a"}),
                     on="doc_a").merge(info.rename(columns={"doc": "doc_b", "article_id": "id_b",
                                                           "n_distinct": "n_distinct_b"}), on="doc_b")
    return _public_candidates(candidates_from_counts(j, params))


def exhaustive_pairs(articles: list[Article], params: OverlapParams = OverlapParams()) -> pd.DataFrame:
    """The same scores as :func:`candidate_pairs`, computed by comparing every pair (reference)."""
    _, tokens, posts, common = _index(articles, params)
    df = posts.groupby("h")["doc"].nunique()
    limit = params.index_threshold(len(tokens))
    ok = set(df[(df >= 2) & (df <= limit)].index) - set(common.tolist())
    sets = [set(np.unique(g).tolist()) & ok for g in _grams_of(tokens, params)]
    rows = []
    ids, nd = list(tokens["article_id"]), list(tokens["n_distinct"])
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            rows.append({"id_a": ids[i], "id_b": ids[j], "shared": len(sets[i] & sets[j]),
                         "n_distinct_a": nd[i], "n_distinct_b": nd[j]})
    j = pd.DataFrame(rows, columns=["id_a", "id_b", "shared", "n_distinct_a", "n_distinct_b"])
    return _public_candidates(candidates_from_counts(j, params))


def _public_candidates(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["article_a", "article_b"], kind="mergesort").reset_index(drop=True).astype(
        CANDIDATE_COLUMNS)
