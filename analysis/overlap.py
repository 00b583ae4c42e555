"""Source overlap: which articles share text, passage by passage, and who copied whom.

Pipeline (passim-style text-reuse detection, Smith & al. 2014):

1. **Tokens.** Each article's cleaned text is split into word tokens
   (case-folded; numbers kept as tokens, ``1.5`` and ``200,000`` whole).
2. **N-gram index.** Every word n-gram is hashed; its *document frequency*
   (df) is the number of articles containing it.  An n-gram in more than
   :meth:`OverlapParams.common_threshold` articles, or in
   ``outlet_boilerplate_docs`` articles of one outlet that holds most of its
   occurrences (``outlet_boilerplate_share``) and in runs no longer than a
   footer (``boilerplate_max_words``), is **common** (stock
   phrase, boilerplate, standard quote): it never makes two articles a
   candidate pair, and a passage made mostly of it is flagged ``common``.
3. **Candidates.** Pairs of articles sharing at least ``min_shared_ngrams``
   rare n-grams are candidates, scored by **containment** (shared n-grams /
   n-grams of the smaller article), so a short story quoted whole in a long
   page scores high.  :func:`exhaustive_pairs` computes the same score for
   every pair and is the reference the index must equal.
4. **Alignment.** For each candidate pair, matching n-gram positions are
   anchors; anchors on one diagonal form exact runs; runs are chained into
   passages while both sides advance and the unmatched stretch between runs
   stays within ``gap_words`` (so substituted, inserted and deleted words or
   a whole inserted sentence stay inside one passage, and reordered
   paragraphs become separate passages); passage ends are extended BLAST-style
   (ungapped X-drop) and the word-level edit script inside each passage comes
   from ``rapidfuzz.distance.Levenshtein.opcodes`` on the token lists.
5. **Reading.** Shares of each article inside shared passages, edits,
   paragraphs only one side has, families (connected components of pairs)
   and direction: publication order when both dates are known, otherwise
   ``undetermined`` with the evidence listed.

The index and the seed-and-extend alignment are written here by hand: no
maintained Python library does passim-style passage alignment (passim
itself is a Spark/Scala tool; difflib/rapidfuzz align whole sequences, not
local passages across reordered text).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .article import Article


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
    #: A candidate pair shares at least this many distinct rare n-grams.
    min_shared_ngrams: int = 3
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

    def common_threshold(self, n_articles: int) -> int:
        """Largest df an n-gram may have and still be rare (not common)."""
        return max(int(self.common_min_df), int(math.ceil(self.common_max_df_frac * n_articles)))

    def index_threshold(self, n_articles: int) -> int:
        """Largest df of an n-gram used to generate candidate pairs."""
        t = self.common_threshold(n_articles)
        return min(t, int(self.index_max_df)) if self.index_max_df and self.index_max_df > 0 else t


PASSAGE_COLUMNS = {
    "passage_id": "string", "article_a": "string", "start_a": "int64", "end_a": "int64",
    "article_b": "string", "start_b": "int64", "end_b": "int64", "words": "int64",
    "words_a": "int64", "words_b": "int64", "matched_words": "int64", "similarity": "float64",
    "common": "bool", "quoted": "float64", "text_a": "string", "text_b": "string",
}
PAIR_COLUMNS = {
    "article_a": "string", "article_b": "string", "share_a": "float64", "share_b": "float64",
    "passages": "int64", "words": "int64", "containment": "float64", "direction": "string",
    "direction_basis": "string", "family": "string",
}
EDIT_COLUMNS = {
    "passage_id": "string", "article_a": "string", "article_b": "string", "op": "string",
    "text_a": "string", "text_b": "string", "start_a": "int64", "end_a": "int64",
    "start_b": "int64", "end_b": "int64",
}
UNIQUE_COLUMNS = {
    "article_a": "string", "article_b": "string", "side": "string", "article_id": "string",
    "start": "int64", "end": "int64", "words": "int64", "text": "string",
}
FAMILY_COLUMNS = {"family": "string", "article_id": "string", "size": "int64"}
COMMON_COLUMNS = {
    "phrase": "string", "words": "int64", "articles": "int64", "max_ngram_df": "int64",
    "reason": "string", "example_article": "string",
}
CANDIDATE_COLUMNS = {
    "article_a": "string", "article_b": "string", "shared_ngrams": "int64", "containment": "float64",
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
    weaker evidence of copying than shared narrative), text_a, text_b.

    ``pairs``: one pair sharing at least one non-common passage.  share_a /
    share_b (fraction of that article's words inside passages shared with the
    other, common text excluded), passages, words (matched words), containment
    (candidate score), direction (``a_copies_b``, ``b_copies_a`` or
    ``undetermined``), direction_basis (the dates, or the evidence when
    undetermined: one-sided paragraphs, spelling variants), family.

    ``edits``: one word-level edit inside a passage, from a's wording to b's.
    op ``substitute`` (text_a replaced by text_b), ``delete`` (text_a only in
    a), ``insert`` (text_b only in b); an empty side has start == end at the
    position where the text would be.

    ``unique_paragraphs``: one paragraph of a derived pair that only one side
    (``side`` = ``a`` or ``b``; ``article_id``) has: start, end, words, text.

    ``families``: family (``F01``: largest first), article_id, size:
    connected groups of articles linked by shared passages.

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
_MASK64 = (1 << 64) - 1


def _norm(token: str) -> str:
    return token.casefold().replace("’", "'")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` as (normalised token, start, end) char spans."""
    return [(_norm(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text or "")]


def _frame(rows: list[dict] | list[tuple], columns: dict[str, str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns)) if rows else pd.DataFrame(columns=list(columns))
    return df.astype(columns)


class _Corpus:
    """Token ids, n-gram hashes and n-gram document frequencies of a corpus."""

    def __init__(self, articles: list[Article], params: OverlapParams):
        self.articles = articles
        self.params = params
        self.n = len(articles)
        n = max(1, int(params.ngram))
        self.order = n
        vocab: dict[str, int] = {}
        self.tok = []
        for c in range(0, self.n, 2000):  # chunks bound the memory of the token strings
            lengths, words = [], []
            for a in articles[c:c + 2000]:
                toks = _TOKEN.findall(a.text or "")
                lengths.append(len(toks))
                if toks:  # casefold is per character, so folding the joined tokens folds each
                    words.extend("\x00".join(toks).casefold().replace("’", "'").split("\x00"))
            local, uniques = pd.factorize(pd.Series(words, dtype=object))
            to_global = np.array([vocab.setdefault(u, len(vocab)) for u in uniques], dtype=np.int64)
            ids = to_global[local] if len(local) else np.zeros(0, np.int64)
            self.tok.extend(np.split(ids, np.cumsum(lengths)[:-1]))
        self._uniques = list(vocab)
        self.vocab_size = len(vocab)
        # a 64-bit code per word from its spelling: hashes do not depend on article order
        codes = np.array([int.from_bytes(hashlib.blake2b(w.encode("utf-8", "surrogatepass"), digest_size=8)
                                         .digest(), "little") for w in self._uniques] or [0], dtype=np.uint64)
        self.grams: list[np.ndarray] = []
        for ids in self.tok:
            self.grams.append(_ngram_hashes(codes[ids] if len(ids) else np.zeros(0, np.uint64), n))
        # distinct n-grams per doc and their df
        docs = np.concatenate([np.full(len(g), i, dtype=np.int64) for i, g in enumerate(self.grams)]
                              ) if self.n else np.zeros(0, np.int64)
        hashes = np.concatenate(self.grams) if self.n else np.zeros(0, np.uint64)
        order = np.lexsort((docs, hashes))
        h, d = hashes[order], docs[order]
        # from here on an n-gram is its index in the sorted distinct hashes (``uniq``)
        gid_sorted = np.cumsum(np.r_[True, h[1:] != h[:-1]]) - 1 if len(h) else np.zeros(0, np.int64)
        gid = np.empty(len(h), dtype=np.int64)
        gid[order] = gid_sorted
        bounds = np.cumsum([len(g) for g in self.grams])[:-1]
        self.grams = np.split(gid, bounds) if self.n else []
        keep = np.ones(len(h), dtype=bool)
        if len(h):
            keep[1:] = (h[1:] != h[:-1]) | (d[1:] != d[:-1])
        h, d = h[keep], d[keep]
        self.doc_distinct = np.bincount(d, minlength=self.n).astype(np.int64)
        starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]]) if len(h) else np.zeros(0, np.int64)
        counts = np.diff(np.r_[starts, len(h)]).astype(np.int64)
        self.uniq = h[starts]
        self.df = counts
        self.post_h, self.post_d, self.post_start = h, d, starts
        # outlet boilerplate: most articles of a single outlet containing each n-gram
        self.outlet_max = np.zeros(len(self.uniq), dtype=np.int64)
        if params.outlet_boilerplate_docs and params.outlet_boilerplate_docs > 0 and len(h):
            names: dict[str, int] = {}
            codes_o = np.array([names.setdefault(a.outlet.strip().casefold(), len(names))
                                if (a.outlet or "").strip() else -1 - i
                                for i, a in enumerate(articles)], dtype=np.int64)
            od = codes_o[d]
            group = np.repeat(np.arange(len(starts)), counts)
            o2 = np.lexsort((od, group))
            g2, od2 = group[o2], od[o2]
            s2 = np.flatnonzero(np.r_[True, (g2[1:] != g2[:-1]) | (od2[1:] != od2[:-1])])
            c2 = np.diff(np.r_[s2, len(g2)])
            c2 = np.where(od2[s2] >= 0, c2, 1)
            np.maximum.at(self.outlet_max, g2[s2], c2)
        self.threshold = params.common_threshold(self.n)
        self.index_threshold = params.index_threshold(self.n)
        boiler = ((self.outlet_max >= params.outlet_boilerplate_docs)
                  & (self.outlet_max >= params.outlet_boilerplate_share * self.df)) \
            if params.outlet_boilerplate_docs > 0 else np.zeros(len(self.uniq), dtype=bool)
        if params.boilerplate_max_words and boiler.any():
            # footers and promo lines are short; a long unbroken stretch of "boilerplate" is the
            # outlet's own versions of one story, and that is reuse
            story = np.zeros(len(self.uniq), dtype=bool)
            longest = max(1, params.boilerplate_max_words - n + 1)  # n-grams in a run of that many words
            for g in self.grams:
                b = boiler[g]
                if b.sum() <= longest:
                    continue
                edges = np.flatnonzero(np.diff(np.r_[0, b.astype(np.int8), 0]))
                for s0, e0 in zip(edges[::2], edges[1::2]):
                    if e0 - s0 > longest:
                        story[g[s0:e0]] = True
            boiler &= ~story
        self.is_common = (self.df > self.threshold) | (boiler & (self.df >= 2))
        self.is_boiler = boiler & ~(self.df > self.threshold) & (self.df >= 2)
        self.indexed = (self.df >= 2) & (self.df <= self.index_threshold) & ~self.is_common

        self._common_tokens: dict[int, np.ndarray] = {}

    def common_tokens(self, doc: int) -> np.ndarray:
        """Boolean mask of the tokens of ``doc`` covered by a common n-gram."""
        if doc not in self._common_tokens:
            nt = len(self.tok[doc])
            mask = np.zeros(nt, dtype=bool)
            com = np.flatnonzero(self.is_common[self.grams[doc]])
            if len(com):
                c = np.zeros(nt + 1, dtype=np.int64)
                np.add.at(c, com, 1)
                np.add.at(c, com + self.order, -1)
                mask = np.cumsum(c)[:nt] > 0
            self._common_tokens[doc] = mask
        return self._common_tokens[doc]

    def word(self, token_id: int) -> str:
        return self._uniques[int(token_id)]

    def token_df(self) -> np.ndarray:
        """Number of articles containing each vocabulary entry."""
        if not self.tok:
            return np.zeros(0, np.int64)
        allu = np.concatenate([np.unique(t) for t in self.tok])
        return np.bincount(allu, minlength=self.vocab_size)


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


# ---------------------------------------------------------------------------
# candidates

def _candidates(corpus: _Corpus, params: OverlapParams) -> pd.DataFrame:
    n = corpus.n
    rows_a: list[np.ndarray] = []
    if n >= 2 and len(corpus.uniq):
        sel = np.flatnonzero(corpus.indexed)
        sizes = corpus.df[sel]
        starts = corpus.post_start[sel]
        for s in np.unique(sizes):
            gs = starts[sizes == s]
            iu0, iu1 = np.triu_indices(int(s), 1)
            step = max(1, 4_000_000 // max(1, len(iu0)))
            for c in range(0, len(gs), step):
                mat = corpus.post_d[gs[c:c + step, None] + np.arange(int(s))]
                rows_a.append((mat[:, iu0] * n + mat[:, iu1]).ravel())
    if rows_a:
        keys, shared = np.unique(np.concatenate(rows_a), return_counts=True)
    else:
        keys, shared = np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b = keys // max(n, 1), keys % max(n, 1)
    return _score_pairs(corpus, params, a, b, shared)


def _score_pairs(corpus: _Corpus, params: OverlapParams, a: np.ndarray, b: np.ndarray,
                 shared: np.ndarray) -> pd.DataFrame:
    denom = np.maximum(1, np.minimum(corpus.doc_distinct[a], corpus.doc_distinct[b])) if len(a) else a
    cont = shared / denom if len(a) else np.zeros(0)
    keep = (shared >= max(1, params.min_shared_ngrams)) & (cont >= params.min_containment)
    ids = [x.article_id for x in corpus.articles]
    rows = []
    for i, j, s, c in zip(a[keep].tolist(), b[keep].tolist(), shared[keep].tolist(), cont[keep].tolist()):
        if ids[j] < ids[i]:
            i, j = j, i
        rows.append((ids[i], ids[j], int(s), round(float(c), 6), i, j))
    df = pd.DataFrame(rows, columns=["article_a", "article_b", "shared_ngrams", "containment", "_ia", "_ib"])
    df = df.sort_values(["article_a", "article_b"], kind="mergesort").reset_index(drop=True)
    return df


def candidate_pairs(articles: list[Article], params: OverlapParams = OverlapParams()) -> pd.DataFrame:
    """Candidate pairs from the rare n-gram index: article_a, article_b, shared_ngrams, containment."""
    corpus = _Corpus(articles, params)
    return _public_candidates(_candidates(corpus, params))


def exhaustive_pairs(articles: list[Article], params: OverlapParams = OverlapParams()) -> pd.DataFrame:
    """The same scores as :func:`candidate_pairs`, computed by comparing every pair (reference)."""
    corpus = _Corpus(articles, params)
    sets = []
    for g in corpus.grams:
        u = np.unique(g)
        sets.append(set(u[corpus.indexed[u]].tolist()))
    a_l, b_l, s_l = [], [], []
    for i in range(corpus.n):
        for j in range(i + 1, corpus.n):
            a_l.append(i)
            b_l.append(j)
            s_l.append(len(sets[i] & sets[j]))
    arr = lambda v: np.asarray(v, dtype=np.int64)  # noqa: E731
    return _public_candidates(_score_pairs(corpus, params, arr(a_l), arr(b_l), arr(s_l)))


def _public_candidates(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["_ia", "_ib"]).astype(CANDIDATE_COLUMNS)


# ---------------------------------------------------------------------------
# alignment

@dataclass
class _Passage:
    a0: int
    a1: int  # token index, exclusive
    b0: int
    b1: int
    ops: list[tuple[str, int, int, int, int]]  # rapidfuzz opcodes, absolute token indices
    matched: int
    common: bool


def _anchors(ga: np.ndarray, gb: np.ndarray, max_rep: int) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i, j) where n-gram i of a equals n-gram j of b.

    An n-gram occurring at most ``max_rep`` times on each side pairs every
    occurrence with every other; a more repeated one pairs its k-th occurrence
    in a with its k-th in b only (keeps repeated text linear).
    """
    if not len(ga) or not len(gb):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ob = np.argsort(gb, kind="stable")
    sb = gb[ob]
    left = np.searchsorted(sb, ga, "left")
    cnt = np.searchsorted(sb, ga, "right") - left
    oa = np.argsort(ga, kind="stable")
    sa = ga[oa]
    cnt_a = np.searchsorted(sa, ga, "right") - np.searchsorted(sa, ga, "left")
    rank_a = np.empty(len(ga), dtype=np.int64)
    rank_a[oa] = np.arange(len(ga)) - np.searchsorted(sa, sa, "left")
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


def _align_pair(corpus: _Corpus, ia_doc: int, ib_doc: int, params: OverlapParams) -> list[_Passage]:
    """Local alignment of two articles: anchors -> exact runs -> chained passages -> edit script."""
    n = corpus.order
    ga, gb = corpus.grams[ia_doc], corpus.grams[ib_doc]
    ai, bj = _anchors(ga, gb, params.max_anchor_repeats)
    if not len(ai):
        return []
    common_pos = corpus.is_common[ga[ai]]
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
    ta = corpus.tok[ia_doc].tolist()
    tb = corpus.tok[ib_doc].tolist()
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


# ---------------------------------------------------------------------------
# public entry point

class _Spans:
    """Lazy token char spans per article (consistent with the index tokens)."""

    def __init__(self, articles: list[Article]):
        self.articles = articles
        self.cache: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def __call__(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        if i not in self.cache:
            ms = list(_TOKEN.finditer(self.articles[i].text or ""))
            self.cache[i] = (np.array([m.start() for m in ms], dtype=np.int64),
                             np.array([m.end() for m in ms], dtype=np.int64))
        return self.cache[i]


def _char_span(spans: tuple[np.ndarray, np.ndarray], t0: int, t1: int) -> tuple[int, int]:
    """Char span of tokens [t0, t1); an empty token range maps to the gap where it sits."""
    starts, ends = spans
    if t1 > t0:
        return int(starts[t0]), int(ends[t1 - 1])
    pos = int(ends[t0 - 1]) if t0 > 0 else (int(starts[0]) if len(starts) else 0)
    return pos, pos


def find_overlap(articles: list[Article], params: OverlapParams = OverlapParams()) -> OverlapResult:
    """Shared passages, pairs, edits, one-sided paragraphs, families and common phrases of a corpus."""
    articles = [a for a in articles if (a.status or "ok") == "ok"] if articles else []
    corpus = _Corpus(articles, params)
    cands = _candidates(corpus, params)
    spans = _Spans(articles)
    quote_spans: dict[int, np.ndarray] = {}

    def quoted(doc: int, start: int, end: int) -> float:
        if doc not in quote_spans:
            quote_spans[doc] = _quote_spans(articles[doc].text)
        q = quote_spans[doc]
        inside = np.clip(np.minimum(q[:, 1], end) - np.maximum(q[:, 0], start), 0, None).sum()
        return float(inside) / max(1, end - start)

    passage_rows, edit_rows = [], []
    pair_passages: dict[tuple[int, int], list[_Passage]] = {}
    for ia, ib in zip(cands["_ia"], cands["_ib"]):
        ps = _align_pair(corpus, int(ia), int(ib), params)
        if ps:
            pair_passages[(int(ia), int(ib))] = ps
    ids = [a.article_id for a in articles]
    cont_of = {(int(i), int(j)): float(c) for i, j, c in zip(cands["_ia"], cands["_ib"], cands["containment"])}
    tok_df = None
    pair_rows, unique_rows = [], []
    edges: list[tuple[int, int]] = []
    para_cache: dict[int, tuple] = {}
    for (ia, ib), ps in sorted(pair_passages.items(), key=lambda kv: (ids[kv[0][0]], ids[kv[0][1]])):
        A, B = articles[ia], articles[ib]
        sa, sb = spans(ia), spans(ib)
        spelling: list[str] = []
        for k, p in enumerate(ps, 1):
            pid = f"{ids[ia]}|{ids[ib]}|{k:03d}"
            s_a, e_a = _char_span(sa, p.a0, p.a1)
            s_b, e_b = _char_span(sb, p.b0, p.b1)
            passage_rows.append((pid, ids[ia], s_a, e_a, ids[ib], s_b, e_b, max(p.a1 - p.a0, p.b1 - p.b0),
                                 p.a1 - p.a0, p.b1 - p.b0, p.matched,
                                 round(2 * p.matched / max(1, (p.a1 - p.a0) + (p.b1 - p.b0)), 4),
                                 p.common, round(min(quoted(ia, s_a, e_a), quoted(ib, s_b, e_b)), 4),
                                 A.text[s_a:e_a], B.text[s_b:e_b]))
            for tag, i1, i2, j1, j2 in p.ops:
                if tag == "equal":
                    continue
                x0, x1 = _char_span(sa, i1, i2)
                y0, y1 = _char_span(sb, j1, j2)
                op = {"replace": "substitute", "delete": "delete", "insert": "insert"}[tag]
                edit_rows.append((pid, ids[ia], ids[ib], op, A.text[x0:x1], B.text[y0:y1], x0, x1, y0, y1))
                if tag == "replace" and not p.common:
                    if tok_df is None:
                        tok_df = corpus.token_df()
                    spelling.extend(_spelling(corpus, tok_df, ia, ib, i1, i2, j1, j2, params))
        real = [p for p in ps if not p.common]
        if not real:
            continue
        edges.append((ia, ib))
        cov_a = _coverage(corpus, ia, [(p.a0, p.a1) for p in real])
        cov_b = _coverage(corpus, ib, [(p.b0, p.b1) for p in real])
        uniq = []
        for side, idx, cover in (("a", ia, [(p.a0, p.a1) for p in ps]),
                                 ("b", ib, [(p.b0, p.b1) for p in ps])):
            if idx not in para_cache:
                para_cache[idx] = _paragraph_tokens(articles[idx].text, spans(idx)[0])
            for s, e, words in _unique_paragraphs(para_cache[idx], len(corpus.tok[idx]), cover, params):
                uniq.append((side, words))
                unique_rows.append((ids[ia], ids[ib], side, ids[idx], s, e, words, articles[idx].text[s:e]))
        direction, basis = _direction(A, B, uniq, spelling)
        pair_rows.append([ids[ia], ids[ib], round(cov_a / max(1, len(corpus.tok[ia])), 4),
                          round(cov_b / max(1, len(corpus.tok[ib])), 4), len(real),
                          int(sum(p.matched for p in real)), round(cont_of.get((ia, ib), 0.0), 4),
                          direction, basis, ""])
    family_of, family_rows = _families(ids, edges)
    for row in pair_rows:
        row[-1] = family_of.get(row[0], "")
    passages = _frame(passage_rows, PASSAGE_COLUMNS).sort_values(
        ["article_a", "article_b", "start_a", "start_b"], kind="mergesort").reset_index(drop=True)
    edits = _frame(edit_rows, EDIT_COLUMNS).sort_values(
        ["article_a", "article_b", "passage_id", "start_a", "start_b"], kind="mergesort").reset_index(drop=True)
    pairs = _frame(pair_rows, PAIR_COLUMNS).sort_values(
        ["article_a", "article_b"], kind="mergesort").reset_index(drop=True)
    uniq_df = _frame(unique_rows, UNIQUE_COLUMNS).sort_values(
        ["article_a", "article_b", "side", "start"], kind="mergesort").reset_index(drop=True)
    return OverlapResult(passages=passages, pairs=pairs, edits=edits, unique_paragraphs=uniq_df,
                         families=_frame(family_rows, FAMILY_COLUMNS),
                         common_phrases=_common_phrases(corpus, spans), params=params)


_QUOTE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|«[^»\n]*»|„[^“”\n]*[“”]")


def _quote_spans(text: str) -> np.ndarray:
    """(start, end) char spans of the direct quotations ("...", “...”, «...», „...“) in ``text``."""
    spans = [(m.start(), m.end()) for m in _QUOTE.finditer(text)]
    return np.array(spans, dtype=np.int64).reshape(-1, 2)


def _coverage(corpus: _Corpus, doc: int, intervals: list[tuple[int, int]]) -> int:
    """Words of ``doc`` inside the token intervals, not counting words of common n-grams."""
    n_tokens = len(corpus.tok[doc])
    if not n_tokens:
        return 0
    mask = np.zeros(n_tokens, dtype=bool)
    for s, e in intervals:
        mask[s:e] = True
    mask &= ~corpus.common_tokens(doc)
    return int(mask.sum())


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Char spans of the paragraphs of ``text`` (blank lines, line breaks, ``###`` or runs of spaces)."""
    out, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
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
    mask = np.zeros(n_tokens + 1, dtype=np.int64)
    for s, e in cover:
        mask[s] += 1
        mask[e] -= 1
    covered = np.r_[0, np.cumsum(np.cumsum(mask)[:n_tokens] > 0)]
    frac = (covered[t1] - covered[t0]) / np.maximum(1, t1 - t0)
    sel = np.flatnonzero(frac <= params.unique_max_covered)
    return [(int(cs[k]), int(ce[k]), int(t1[k] - t0[k])) for k in sel]


def _paragraph_tokens(text: str, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Paragraph char spans and their token ranges (paragraphs without words dropped)."""
    ps = _paragraphs(text)
    cs = np.array([p[0] for p in ps], dtype=np.int64)
    ce = np.array([p[1] for p in ps], dtype=np.int64)
    t0, t1 = np.searchsorted(starts, cs), np.searchsorted(starts, ce)
    keep = t1 > t0
    return cs[keep], ce[keep], t0[keep], t1[keep]


_SUFFIXES = ("ing", "ed", "es", "s", "e", "ly", "er", "est")


def _stem(word: str) -> str:
    """The word less its longest common English inflection suffix (one only)."""
    for suf in sorted(_SUFFIXES, key=len, reverse=True):
        if word.endswith(suf) and len(word) - len(suf) >= 3:
            return word[: -len(suf)]
    return word


def _spelling(corpus: _Corpus, tok_df: np.ndarray, ia: int, ib: int, i1: int, i2: int, j1: int, j2: int,
              params: OverlapParams) -> list[str]:
    """Spelling variants inside a substitution (possible typos corrected or introduced)."""
    out = []
    if i2 - i1 > 3 or j2 - j1 > 3:
        return out
    for x in corpus.tok[ia][i1:i2].tolist():
        for y in corpus.tok[ib][j1:j2].tolist():
            wx, wy = corpus.word(x), corpus.word(y)
            if x == y or min(len(wx), len(wy)) < 4 or not (wx.isalpha() and wy.isalpha()):
                continue
            if _stem(wx) == _stem(wy):  # involve / involving: a grammatical edit, not a typo
                continue
            if fuzz.ratio(wx, wy) >= params.typo_min_ratio:
                dx, dy = int(tok_df[x]), int(tok_df[y])
                note = f"spelling differs: a '{wx}' / b '{wy}'"
                if dx == 1 and dy > 1:
                    note += f" (a's form occurs in no other article, b's in {dy}: a typo that b does not have)"
                elif dy == 1 and dx > 1:
                    note += f" (b's form occurs in no other article, a's in {dx}: a typo that a does not have)"
                out.append(note)
    return out


def _direction(A: Article, B: Article, uniq: list[tuple[str, int]], spelling: list[str]) -> tuple[str, str]:
    """Who copied whom: publication order if both dates are known, else undetermined with evidence."""
    pa, pb = (A.published or "").strip(), (B.published or "").strip()
    evidence = []
    for side in ("a", "b"):
        paras = [w for s, w in uniq if s == side]
        if paras:
            evidence.append(f"{side} has {len(paras)} paragraph(s), {sum(paras)} words, the other lacks")
    evidence.extend(sorted(set(spelling)))
    if pa and pb and pa != pb:
        direction = "b_copies_a" if pa < pb else "a_copies_b"
        basis = f"published {pa} (a) vs {pb} (b): the later article reuses the earlier"
        return direction, basis + ("; other evidence: " + "; ".join(evidence) if evidence else "")
    if pa and pb:
        dates = f"both published {pa}: order unknown"
    elif pa or pb:
        dates = f"only {'a' if pa else 'b'} has a publication date"
    else:
        dates = "neither publication date is known"
    return "undetermined", "; ".join([dates] + evidence)


def order_by_publication(pairs: pd.DataFrame, publication: pd.DataFrame) -> pd.DataFrame:
    """Settle undetermined directions with inferred publication ranges that do not overlap.

    ``publication`` has ``article_id``, ``published``, ``published_earliest`` and
    ``published_latest`` (the timeline stage's table).  A pair stays undetermined when
    the ranges overlap; its basis then says what the ranges are.
    """
    if pairs.empty or publication.empty:
        return pairs

    def text(v) -> str:
        return "" if v is None or (isinstance(v, float) and v != v) else str(v).strip()

    span = {}
    for r in publication.to_dict("records"):
        day = text(r.get("published"))
        lo = day or text(r.get("published_earliest"))
        hi = day or text(r.get("published_latest"))
        inferred = "inferred" in text(r.get("published_basis"))
        span[text(r["article_id"])] = (lo, hi, bool(day), inferred)
    out = pairs.copy()
    for i, r in out.iterrows():
        if r["direction"] != "undetermined":
            continue
        (alo, ahi, aday, ainf), (blo, bhi, bday, binf) = (span.get(text(r[k]), ("", "", False, False))
                                                          for k in ("article_a", "article_b"))
        if aday and bday and alo == blo and not (ainf or binf):
            continue  # the same day, both from metadata: the stage's own basis says so
        said = {"a": _span_words(alo, ahi, aday, ainf), "b": _span_words(blo, bhi, bday, binf)}
        if ahi and blo and ahi < blo:
            out.at[i, "direction"] = "b_copies_a"
            lead = f"a published {said['a']}, b {said['b']}: the later article reuses the earlier"
        elif bhi and alo and bhi < alo:
            out.at[i, "direction"] = "a_copies_b"
            lead = f"a published {said['a']}, b {said['b']}: the later article reuses the earlier"
        elif aday and bday and alo == blo:
            lead = f"a published {said['a']}, b {said['b']}: the same day, order unknown"
        elif (alo or ahi) and (blo or bhi):
            lead = f"a published {said['a']}, b {said['b']}: the dates overlap, order unknown"
        else:
            continue
        rest = str(r["direction_basis"]).split("; ")[1:]  # _direction puts its date clause first
        out.at[i, "direction_basis"] = "; ".join([lead] + rest)
    return out


def _span_words(lo: str, hi: str, day: bool, inferred: bool = False) -> str:
    if day:
        return f"on {lo}" + (" (inferred)" if inferred else "")
    if lo and hi:
        return f"between {lo} and {hi} (inferred)"
    return f"on or after {lo} (inferred)" if lo else (f"by {hi} (inferred)" if hi else "on an unknown date")


def _families(ids: list[str], edges: list[tuple[int, int]]) -> tuple[dict[str, str], list[tuple]]:
    """Connected components of the pair graph, numbered by size (largest first), then first id."""
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[str]] = defaultdict(list)
    for a, b in edges:
        for x in (a, b):
            if ids[x] not in groups[find(x)]:
                groups[find(x)].append(ids[x])
    ordered = sorted((sorted(m) for m in groups.values()), key=lambda m: (-len(m), m[0]))
    width = max(2, len(str(len(ordered))))
    family_of, rows = {}, []
    for k, members in enumerate(ordered, 1):
        name = f"F{k:0{width}d}"
        for m in members:
            family_of[m] = name
            rows.append((name, m, len(members)))
    return family_of, rows


def _common_phrases(corpus: _Corpus, spans: _Spans) -> pd.DataFrame:
    """Runs of common n-grams, as phrases, with the number of articles containing each."""
    n = corpus.order
    found: dict[str, list] = {}
    if not corpus.is_common.any():
        return _frame([], COMMON_COLUMNS)
    ids = [a.article_id for a in corpus.articles]
    for d, g in enumerate(corpus.grams):
        if not len(g):
            continue
        u = g
        com = corpus.is_common[u]
        if not com.any():
            continue
        pos = np.flatnonzero(com)
        brk = np.flatnonzero(np.diff(pos) > 1)
        starts = np.r_[pos[0], pos[brk + 1]]
        ends = np.r_[pos[brk], pos[-1]]
        toks = corpus.tok[d]
        for s, e in zip(starts.tolist(), ends.tolist()):
            key = " ".join(corpus.word(t) for t in toks[s:e + n].tolist())
            uu = u[s:e + 1]
            reason = "outlet boilerplate" if corpus.is_boiler[uu].all() else "corpus-wide"
            entry = found.setdefault(key, [key, e + n - s, set(), 0, reason, ids[d]])
            entry[2].add(d)
            entry[3] = max(entry[3], int(corpus.df[uu].max()))
            entry[5] = min(entry[5], ids[d])
    rows = [(k, w, len(ds), mx, r, ex) for k, w, ds, mx, r, ex in found.values()]
    df = _frame(rows, COMMON_COLUMNS)
    return df.sort_values(["articles", "words", "phrase"], ascending=[False, False, True],
                          kind="mergesort").reset_index(drop=True)
