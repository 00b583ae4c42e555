"""Figure discrepancies: every figure each outlet reports, lined up across outlets.

Pipeline (plain functions over plain data):

* :func:`figures_table` -- one row per figure in each article (extraction by
  :func:`analysis.quantities.extract_figures`: value, interval, unit, counted
  subject, sentence, quotation and speaker).
* :func:`claims_table` -- figures from different articles about the same
  quantity grouped into *claims*: same normalised subject and unit **and** the
  same event.  Two figures describe the same event when their context (content
  words of the sentence and its neighbours, IDF-weighted over the corpus) is
  similar enough, their time anchors (years named nearby, else publication
  dates) are close, and, within one article, their intervals are not disjoint.
  Each claim is classified: ``agree`` (same interval), ``compatible``
  (intervals overlap, or differ only by rounding), ``conflict`` (some intervals
  disjoint), ``single source`` (one article only).
* :func:`claims_summary` -- one row per claim.

Every threshold is a field of :class:`FigureParams`.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import snowballstemmer

from analysis.article import Article
from analysis.quantities import ExtractParams, Figure, extract_figures, split_sentences

__all__ = ["FigureParams", "Figure", "extract_figures", "figures_table", "claims_table", "claims_summary",
           "write_tables",
           "FIGURE_COLUMNS", "CLAIM_COLUMNS", "SUMMARY_COLUMNS", "mark_shared_figures"]


@dataclass(frozen=True)
class FigureParams:
    """What the figures and claims depend on (defaults in brackets).

    context_window: sentences either side of a figure's sentence that count as
        its context [1].
    neighbour_weight: weight of the neighbouring sentences' words against the
        figure's own sentence (1.0) [0.5].
    event_similarity: least similarity of two figures' contexts for them to
        describe the same event [0.07].  Similarity is the weighted overlap
        coefficient of their context words (shared weight / smaller total),
        each word weighted by its IDF over the corpus's articles and by place.
    max_publication_gap_days: figures whose time anchors (years named in the
        figure's own sentence, else the articles' publication dates) lie
        further apart than this are different events [90].
    rounding_tolerance: relative gap two intervals may have and still be
        "compatible" (rounding or precision: 1.5 vs 1.45 billion) [0.05].
    about_width: "about/around X" -> [X(1-w), X(1+w)] [0.1].
    nearly_width: "nearly/almost X" -> [X(1-w), X] [0.1].
    vague_plural_span: "dozens" -> [24, span*12], "several dozen" -> [36, span*12],
        "hundreds" -> [200, span*100] [10].
    open_upper: upper bound of "more than X" [inf: the wording gives none].
    min_context_words: figures with fewer context words than this are never
        grouped across articles on context alone [2].
    entity_clash: two figures whose own sentences both name two or more proper nouns but
        share none (Spotify's subscribers vs Apple Music's) are different
        quantities [True].
    min_count_in_claims: exact counts below this ("one part", "two
        artists") stay in the figures table but are not lined up [3].
    """

    context_window: int = 1
    neighbour_weight: float = 0.5
    event_similarity: float = 0.07
    max_publication_gap_days: int = 90
    rounding_tolerance: float = 0.05
    about_width: float = 0.1
    nearly_width: float = 0.1
    vague_plural_span: float = 10.0
    open_upper: float = math.inf
    min_context_words: int = 2
    entity_clash: bool = True
    min_count_in_claims: float = 3.0

    def extract_params(self) -> ExtractParams:
        return ExtractParams(about_width=self.about_width, nearly_width=self.nearly_width,
                             vague_plural_span=self.vague_plural_span, open_upper=self.open_upper)


FIGURE_COLUMNS = ["figure_id", "article_id", "start", "end", "text", "value", "low", "high", "unit",
                  "qualifier", "subject", "subject_norm", "kind", "quoted", "speaker", "sentence",
                  "sentence_start", "change"]
CLAIM_COLUMNS = ["claim_id", "subject", "unit", "article_id", "outlet", "figure_id", "figure_text", "low",
                 "high", "status", "sentence", "quoted", "speaker", "published", "shared_with"]
SUMMARY_COLUMNS = ["claim_id", "subject", "unit", "status", "articles", "outlets", "independent", "low_min",
                   "high_max", "figures"]

_STEM = snowballstemmer.stemmer("english")
_CTX_STOP = set("""a an the this that these those it its his her their our your my of in on at to for from
with by and or but nor as than per each every which who whom whose what when where while is are was were
be been being am have has had having will would could should can may might must shall do does did not
no so such also only just very more most less fewer about around over under up down into onto upon out
off some any all both either neither other another same own there here then now said says say told
according being if once since until after before during amid among between through against across
within without toward towards via near including he she they we you i him them us me mr mrs ms
one two three four five six seven eight nine ten dozen dozens hundred hundreds thousand thousands
million millions billion billions trillion percent cent per year years month months week weeks day
days monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow""".split())


# ---------------------------------------------------------------- figures
def figures_table(articles: list[Article], params: FigureParams = FigureParams()) -> pd.DataFrame:
    """One row per figure in each article (columns :data:`FIGURE_COLUMNS`)."""
    rows = []
    xp = params.extract_params()
    for art in sorted(articles, key=lambda a: a.article_id):
        text = art.text or ""
        try:
            figs = extract_figures(text, xp)
        except Exception:  # odd text must not stop the report
            figs = []
        # a figure with no subject takes the subject of the same figure
        # (value and unit) stated elsewhere in the article
        known: dict[tuple, tuple[str, str]] = {}
        for f in figs:
            if f.subject_norm:
                known.setdefault((round(f.low, 6), round(f.high, 6), f.unit), (f.subject, f.subject_norm))
                known.setdefault((round(f.value, 6), f.unit), (f.subject, f.subject_norm))
        for f in figs:
            subj, norm = f.subject, f.subject_norm
            if not norm:
                subj, norm = known.get((round(f.low, 6), round(f.high, 6), f.unit)) or known.get(
                    (round(f.value, 6), f.unit), ("", ""))
            rows.append({
                "figure_id": f"{art.article_id}:{f.start}", "article_id": art.article_id, "start": f.start,
                "end": f.end, "text": f.text, "value": f.value, "low": f.low, "high": f.high, "unit": f.unit,
                "qualifier": f.qualifier, "subject": subj, "subject_norm": norm, "kind": f.kind,
                "quoted": f.quoted, "speaker": f.speaker, "sentence": f.sentence,
                "sentence_start": f.sentence_start, "change": f.change,
            })
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    return _type_figures(df)


def _type_figures(df: pd.DataFrame) -> pd.DataFrame:
    for c in ["start", "end", "sentence_start"]:
        df[c] = df[c].astype("int64")
    for c in ["value", "low", "high"]:
        # 12 significant digits: "about a dozen" is 10.8-13.2, not 13.200000000000001 in the CSV.
        df[c] = df[c].astype("float64").map(lambda v: float(f"{v:.12g}")).astype("float64")
    df["quoted"] = df["quoted"].astype("bool")
    for c in ["figure_id", "article_id", "text", "unit", "qualifier", "subject", "subject_norm", "kind",
              "speaker", "sentence", "change"]:
        df[c] = df[c].astype("object").fillna("").astype(str)
    return df.sort_values(["article_id", "start"], kind="mergesort").reset_index(drop=True)


# ---------------------------------------------------------------- context
def _tokens(s: str) -> list[str]:
    out = []
    for w in re.findall(r"[A-Za-z][A-Za-z'’-]+|\b(?:1[89]|20)\d{2}\b", s):
        lw = w.lower().strip("'’-")
        if lw.isdigit():
            out.append("Y" + lw)
            continue
        for part in re.split(r"[-'’]", lw):
            if len(part) < 3 or part in _CTX_STOP:
                continue
            out.append(_STEM.stemWord(part))
    return out


def _years(s: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<![\d,.$])((?:19|20)\d{2})(?![\d%]|,\d|\.\d)", s)}


def _parse_date(s: str) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


@dataclass
class _Ctx:
    counts: Counter
    years: set[int]
    published: date | None
    names: set[str]
    own: set[str]


_NAME_STOP = set("""The A An This That These Those It Its He She They We I In On At For From With By And Or But
As If When While After Before During Since According Mr Mrs Ms Dr President Prime Minister Minister
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec""".split())


def _names(s: str) -> set[str]:
    """Proper nouns of a sentence (capitalised words not opening it), by 5-letter stem."""
    out = set()
    for m in re.finditer(r"(?:(?<=[\s(\"“‘'])|^)([A-Z][A-Za-z]+|[A-Z]{2,})", s):
        w = m.group(1)
        if w in _NAME_STOP or w.capitalize() in _NAME_STOP or w.lower() in _CTX_STOP:
            continue
        out.add(w.lower()[:5])
    return out


def _contexts(figs: pd.DataFrame, arts: dict[str, Article], params: FigureParams) -> dict[str, _Ctx]:
    out: dict[str, _Ctx] = {}
    sent_cache: dict[str, list[tuple[int, int]]] = {}
    for row in figs.itertuples(index=False):
        art = arts.get(row.article_id)
        text = art.text if art else row.sentence
        if row.article_id not in sent_cache:
            sent_cache[row.article_id] = split_sentences(text) if text else []
        sents = sent_cache[row.article_id]
        idx = next((i for i, (s, e) in enumerate(sents) if s <= row.start < e), None)
        own = row.sentence
        own_clean = own[: row.start - row.sentence_start] + " " + own[row.end - row.sentence_start:]
        counts: Counter = Counter()
        subj = set(_tokens(row.subject))
        for t in _tokens(own_clean):
            if t not in subj:
                counts[t] += 1.0
        neigh = ""
        if idx is not None:
            lo, hi = max(0, idx - params.context_window), min(len(sents), idx + params.context_window + 1)
            neigh = " ".join(text[s:e] for j, (s, e) in enumerate(sents[lo:hi], start=lo) if j != idx)
            for t in _tokens(neigh):
                if t not in subj:
                    counts[t] += params.neighbour_weight
        pub = _parse_date(art.published) if art else None
        own_set = {t for t in _tokens(own_clean) if t not in subj}
        out[row.figure_id] = _Ctx(counts, _years(own_clean), pub, _names(own_clean), own_set)
    return out


def _time_apart(a: _Ctx, b: _Ctx, params: FigureParams) -> bool:
    """True when two figures' time anchors are too far apart to be one event."""
    gap_years = params.max_publication_gap_days / 365.25
    if a.years and b.years:
        return min(abs(x - y) for x in a.years for y in b.years) > gap_years
    if a.published and b.published and not a.years and not b.years:
        return abs((a.published - b.published).days) > params.max_publication_gap_days
    # a year named on one side, a publication date on the other
    ys, pub = (a.years, b.published) if a.years else (b.years, a.published)
    if ys and pub:
        d = min(min(abs((pub - date(y, 1, 1)).days), abs((pub - date(y, 12, 31)).days))
                if not (date(y, 1, 1) <= pub <= date(y, 12, 31)) else 0 for y in ys)
        return d > params.max_publication_gap_days
    return False


def _disjoint(a_lo, a_hi, b_lo, b_hi, tol: float) -> bool:
    """True when two intervals are apart by more than the rounding tolerance."""
    if a_hi < b_lo:
        return b_lo - a_hi > tol * max(abs(b_lo), abs(a_hi), 1e-12)
    if b_hi < a_lo:
        return a_lo - b_hi > tol * max(abs(a_lo), abs(b_hi), 1e-12)
    return False


# ---------------------------------------------------------------- claims
def _cluster(ids: list[str], rows: dict[str, dict], ctx: dict[str, _Ctx], idf: dict[str, float],
             params: FigureParams) -> list[list[str]]:
    """Average-link clustering of one subject+unit's figures into events."""
    n = len(ids)
    restated: list[tuple[int, int]] = []
    vecs = []
    for i in ids:
        # a word counts once, with the weight of its nearest place (own sentence 1, neighbours less)
        v = {t: min(c, 1.0) * idf.get(t, 0.0) for t, c in ctx[i].counts.items()}
        vecs.append((v, sum(v.values()), len(ctx[i].counts)))
    sim = np.zeros((n, n))
    cannot = np.zeros((n, n), dtype=bool)  # never one event: times apart, or one article's disjoint figures
    clash = np.zeros((n, n), dtype=bool)   # own sentences name different entities
    for a in range(n):
        for b in range(a + 1, n):
            va, na, ca = vecs[a]
            vb, nb, cb = vecs[b]
            if rows[ids[a]]["article_id"] == rows[ids[b]]["article_id"]:
                # one article: neighbouring sentences are shared anyway, so compare own sentences
                oa = {t: idf.get(t, 0.0) for t in ctx[ids[a]].own}
                ob = {t: idf.get(t, 0.0) for t in ctx[ids[b]].own}
                va, vb, na, nb = oa, ob, sum(oa.values()), sum(ob.values())
            small, big = (va, vb) if len(va) < len(vb) else (vb, va)
            shared = sum(min(x, big[t]) for t, x in small.items() if t in big)
            s = shared / (min(na, nb) or 1.0)
            if ca < params.min_context_words or cb < params.min_context_words:
                s = 0.0
            ra, rb = rows[ids[a]], rows[ids[b]]
            no = _time_apart(ctx[ids[a]], ctx[ids[b]], params)
            same = not no and _restated(ra, rb)
            na_, nb_ = ctx[ids[a]].names, ctx[ids[b]].names
            if (params.entity_clash and not same and len(na_) >= 2 and len(nb_) >= 2
                    and not (na_ & nb_)):
                clash[a, b] = clash[b, a] = True
            if ra["article_id"] == rb["article_id"] and _disjoint(
                    ra["low"], ra["high"], rb["low"], rb["high"], params.rounding_tolerance):
                no = True
            if same and not no:
                restated.append((a, b))
            sim[a, b] = sim[b, a] = s
            cannot[a, b] = cannot[b, a] = no
    # average link with Lance-Williams sums; a cannot-link pair keeps clusters apart, and so do
    # entity clashes when every pair across the two clusters clashes (a headline naming fewer
    # entities than its article's other sentences does not veto the whole article)
    members = [[k] for k in range(n)]
    total = sim.copy()
    sizes = np.ones(n)
    active = np.ones(n, dtype=bool)
    home = list(range(n))  # the active cluster each figure is in

    def merge(x: int, y: int) -> None:
        x, y = min(x, y), max(x, y)
        total[x, :] += total[y, :]
        total[:, x] = total[x, :]
        cannot[x, :] |= cannot[y, :]
        cannot[:, x] = cannot[x, :]
        clash[x, :] &= clash[y, :]
        clash[:, x] = clash[x, :]
        sizes[x] += sizes[y]
        active[y] = False
        members[x] = sorted(members[x] + members[y])
        for k in members[x]:
            home[k] = x

    # an article restating its own figure is one witness to one quantity: joined before the rest
    for a, b in restated:
        x, y = home[a], home[b]
        if x != y and not cannot[x, y] and not clash[x, y]:
            merge(x, y)
    while active.sum() > 1:
        avg = total / np.outer(sizes, sizes)
        avg[cannot | clash] = -np.inf
        avg[~active, :] = -np.inf
        avg[:, ~active] = -np.inf
        np.fill_diagonal(avg, -np.inf)
        flat = int(np.argmax(avg))
        x, y = divmod(flat, n)
        if not np.isfinite(avg[x, y]) or avg[x, y] < params.event_similarity:
            break
        merge(x, y)
    clusters = [members[k] for k in range(n) if active[k]]
    return [[ids[k] for k in c] for c in clusters]


def _restated(a: dict, b: dict) -> bool:
    """True when one article gives the same distinctive figure twice (a headline's "$1 billion",
    the lede's and a quote's "more than $1 billion"): one quantity, even when the sentences share
    few words.  Small counts are not distinctive ("3 killed ... 3 injured"), so only money and
    values of 100 or more."""
    if a["article_id"] != b["article_id"]:
        return False
    va, vb = a["value"], b["value"]
    if not (pd.notna(va) and pd.notna(vb) and math.isclose(va, vb, rel_tol=1e-9)):
        return False
    return a["kind"] == "money" or abs(va) >= 100


def _status(members: list[dict], tol: float) -> str:
    if len({m["article_id"] for m in members}) < 2:
        return "single source"
    ivs = [(m["low"], m["high"]) for m in members]
    if all(math.isclose(lo, ivs[0][0], rel_tol=1e-9) and math.isclose(hi, ivs[0][1], rel_tol=1e-9)
           for lo, hi in ivs):
        return "agree"
    for i in range(len(ivs)):
        for j in range(i + 1, len(ivs)):
            if _disjoint(ivs[i][0], ivs[i][1], ivs[j][0], ivs[j][1], tol):
                return "conflict"
    return "compatible"


def _definite_small(art: Article | None, row) -> bool:
    if art is None or row.kind != "count" or row.value >= 10 or row.qualifier != "=":
        return False
    before = art.text[max(0, row.start - 12):row.start].lower()
    return bool(re.search(r"\b(?:the|both|these|those|our|their|its|his|her|my|your)\s+$", before))


def write_tables(articles: list[Article], out_dir, params: FigureParams = FigureParams()) -> dict:
    """Write ``figures.csv`` and ``claims.csv`` (and ``claims_summary.csv``) to ``out_dir``."""
    from pathlib import Path
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    figs = figures_table(articles, params)
    claims = claims_table(figs, articles, params)
    summary = claims_summary(claims)
    paths = {}
    for name, df in [("figures", figs), ("claims", claims), ("claims_summary", summary)]:
        p = out / f"{name}.csv"
        df.to_csv(p, index=False, lineterminator="\n", float_format="%.10g")
        paths[name] = str(p)
    return paths


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-") or "figure"


def claims_table(figures: pd.DataFrame, articles: list[Article],
                 params: FigureParams = FigureParams()) -> pd.DataFrame:
    """Figures grouped into claims, one row per figure (columns :data:`CLAIM_COLUMNS`)."""
    if figures is None or len(figures) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    arts = {a.article_id: a for a in articles}
    figs = figures.copy()
    for col in ["subject", "subject_norm", "speaker", "sentence", "text", "unit", "kind", "qualifier"]:
        if col in figs.columns:
            figs[col] = figs[col].fillna("").astype(str)
    figs["article_id"] = figs["article_id"].astype(str)
    figs = figs[figs["subject_norm"] != ""].copy()
    # "the two countries" names a known pair; it reports no figure worth lining up
    figs = figs[[not _definite_small(arts.get(r.article_id), r)
                 and not (r.kind == "count" and r.qualifier == "=" and abs(r.value) < params.min_count_in_claims)
                 for r in figs.itertuples(index=False)]]
    if len(figs) == 0:
        return pd.DataFrame(columns=CLAIM_COLUMNS)
    figs = figs.sort_values(["article_id", "start"], kind="mergesort")
    ctx = _contexts(figs, arts, params)
    # idf over articles: words every article uses tell little about the event
    df_count: Counter = Counter()
    by_article: dict[str, set] = defaultdict(set)
    for row in figs.itertuples(index=False):
        by_article[row.article_id].update(ctx[row.figure_id].counts)
    n_docs = max(len(arts), len(by_article), 1)
    for toks in by_article.values():
        df_count.update(toks)
    idf = {t: math.log((n_docs + 1) / c) for t, c in df_count.items()}
    rows = {r["figure_id"]: r for r in figs.to_dict("records")}
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in figs.itertuples(index=False):
        groups[(r.subject_norm, r.unit)].append(r.figure_id)
    out = []
    used_ids: Counter = Counter()
    claim_list = []
    for (subj, unit), ids in sorted(groups.items()):
        for members in _cluster(ids, rows, ctx, idf, params):
            claim_list.append((subj, unit, members))
    # readable, stable ids: subject-N in order of first appearance
    claim_list.sort(key=lambda c: (c[0], c[1], min((rows[m]["article_id"], rows[m]["start"]) for m in c[2])))
    for subj, unit, members in claim_list:
        unit_slug = "pct" if unit == "%" else _slug(unit)
        base = _slug(subj) if unit in {"count", ""} else f"{_slug(subj)}-{unit_slug}"
        used_ids[base] += 1
        cid = f"{base}-{used_ids[base]}"
        mrows = [rows[m] for m in members]
        status = _status(mrows, params.rounding_tolerance)
        for r in sorted(mrows, key=lambda r: (r["article_id"], r["start"])):
            art = arts.get(r["article_id"])
            out.append({
                "claim_id": cid, "subject": subj, "unit": unit, "article_id": r["article_id"],
                "outlet": (art.outlet if art and art.outlet else r["article_id"]),
                "figure_id": r["figure_id"], "figure_text": r["text"], "low": r["low"], "high": r["high"],
                "status": status, "sentence": r["sentence"], "quoted": bool(r["quoted"]),
                "speaker": r["speaker"], "published": (art.published if art else ""), "shared_with": "",
            })
    df = pd.DataFrame(out, columns=CLAIM_COLUMNS)
    df["low"] = df["low"].astype("float64")
    df["high"] = df["high"].astype("float64")
    df["quoted"] = df["quoted"].astype("bool")
    order = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
    df["_o"] = df["status"].map(order)
    df = df.sort_values(["_o", "claim_id", "article_id", "figure_id"], kind="mergesort").drop(columns="_o")
    return df.reset_index(drop=True)


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
    parent = {a: a for a in map(str, group["article_id"])}

    def find(a: str) -> str:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, others in zip(map(str, group["article_id"]), group.get("shared_with", pd.Series([""] * len(group)))):
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
    rows = []
    for cid, g in claims.groupby("claim_id", sort=True):
        rows.append({
            "claim_id": cid, "subject": g["subject"].iloc[0], "unit": g["unit"].iloc[0],
            "status": g["status"].iloc[0], "articles": int(g["article_id"].nunique()),
            "outlets": int(g["outlet"].nunique()), "independent": _independent_sources(g),
            "low_min": float(g["low"].min()), "high_max": float(g["high"].max()), "figures": int(len(g)),
        })
    df = pd.DataFrame(rows, columns=SUMMARY_COLUMNS)
    order = {"conflict": 0, "compatible": 1, "agree": 2, "single source": 3}
    df["_o"] = df["status"].map(order)
    df = df.sort_values(["_o", "articles", "claim_id"], ascending=[True, False, True], kind="mergesort")
    return df.drop(columns="_o").reset_index(drop=True)
