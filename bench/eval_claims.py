"""Score claim grouping on labelled pairs of figures: do two figures report the same quantity?

Usage: python bench/eval_claims.py [--pairs bench/data/claims-pairs.jsonl] [--errors]

The pairs (``bench/data/claims-pairs.jsonl``, described in ``bench/data/README.md``)
come from the shared corpora ``census-2019`` and ``spotify-2018``, the seed
articles, and short multi-outlet stories written for this set
(``bench/data/claims-stories.jsonl``).  Each pair has a ``split``, fixed before any
tuning and never changed since:

* ``held-out``: every pair from ``spotify-2018`` (a whole story), and every pair
  from a written story whose id hashes to 0 modulo 3
  (``int(sha1(story).hexdigest(), 16) % 3 == 0``);
* ``tuning``: the rest (``census-2019``, the seeds, the other written stories).

Pairs with a ``fresh`` tag (``round5`` to ``round8``) belong to stories written and labelled
before that round's rules changed; those of the tuning part have their score also printed
apart (the first such score, taken before the round's changes, is the unseen measure;
``s37-googlefine`` of ``round7`` hashes to the held-out part and is scored only there).

``--errors`` lists the tuning part's errors only: the held-out part is scored,
never inspected.  ``--split tuning`` scores the tuning part alone (what to run while tuning).

Each corpus is run through the stages the report runs (publication dates and
date mentions from the timeline stage, then figures and claims), without the
overlap stage (which does not change grouping).  A labelled figure is found by
article, sentence (whitespace-normalised) and the position of its text in the
sentence: the run's figure whose span overlaps it.

Measures, as ``../shared/eval/claims-dev/README.md`` defines them, over pairs
labelled ``same`` or ``different`` (``unclear`` pairs are left out):

* pair precision / recall / F1: a pair is predicted *same* when both figures are
  in one claim (same ``claim_id``);
* conflict precision: of the predicted-same pairs whose claim is a ``conflict``
  and whose own intervals do not meet, the share labelled same;
* conflict recall: of the pairs labelled same whose intervals (as the run reads
  them) do not meet, the share the run puts in one ``conflict`` claim.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.article import Article  # noqa: E402
from analysis.corpus import CorpusParams, load_corpus  # noqa: E402
from analysis.figures import FigureParams, claims_table, figures_table  # noqa: E402
from analysis.timeline import dates_table, infer_publication  # noqa: E402

DATA = ROOT / "bench" / "data"
SHARED_CANDIDATES = [ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared")]


def _shared() -> Path | None:
    return next((p for p in SHARED_CANDIDATES if (p / "corpora").is_dir()), None)


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip()


def load_articles(corpus: str, stories: dict[str, list[Article]]) -> list[Article] | None:
    """The articles of one corpus named in the pairs file, or None when it is not available."""
    if corpus in stories:
        return stories[corpus]
    if corpus == "seeds":
        return load_corpus(ROOT / "seeds", CorpusParams()).articles
    shared = _shared()
    if shared is None or not (shared / "corpora" / corpus / "articles.csv").exists():
        return None
    return load_corpus(shared / "corpora" / corpus / "articles.csv", CorpusParams()).articles


def load_stories(path: Path) -> dict[str, list[Article]]:
    stories: dict[str, list[Article]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            stories[d["story"]].append(Article(article_id=d["id"], text=d["text"], outlet=d["outlet"],
                                               published=d["published"]))
    return dict(stories)


def run_stage(articles: list[Article], params: FigureParams = FigureParams()):
    """Figures and claims of one corpus, as the report's run computes them (without overlap)."""
    publication = infer_publication(articles, None)
    figures = figures_table(articles, params)
    kwargs = {}
    if "dates" in inspect.signature(claims_table).parameters:
        kwargs["dates"] = dates_table(articles, publication)
    claims = claims_table(figures, articles, params, **kwargs)
    return figures, claims


class Located:
    """Where a labelled figure landed in one run: its figure row and its claim row (or None)."""

    def __init__(self, figures, claims):
        self.by_article = defaultdict(list)
        for r in figures.to_dict("records"):
            self.by_article[str(r["article_id"])].append(r)
        self.claim_of = {str(r["figure_id"]): r for r in claims.to_dict("records")}

    def find(self, side: dict):
        rows = self.by_article.get(str(side["article_id"]), [])
        sent, text = _norm(side["sentence"]), _norm(side["text"])
        best = None
        for r in rows:
            rs = _norm(r["sentence"])
            if rs == sent or (len(rs) > 20 and (rs in sent or sent in rs)):
                # offset of the labelled text inside the run's sentence
                ref = rs if rs == sent else (rs if sent in rs else sent)
                # the labelled text as a whole token ("63" is not the start of "631"), else anywhere
                m = re.search(r"(?<![\w.,])" + re.escape(text) + r"(?![\w])", ref)
                pos = m.start() if m else ref.find(text)
                if pos < 0:
                    continue
                lo, hi = pos, pos + len(text)
                fpos = _norm(r["sentence"][: max(0, int(r["start"]) - int(r["sentence_start"]))])
                flo = len(fpos) + (1 if fpos else 0)
                fhi = flo + len(_norm(r["text"]))
                if ref is sent and rs != sent:
                    off = sent.find(rs)
                    flo, fhi = flo + off, fhi + off
                overlap = min(hi, fhi) - max(lo, flo)
                if overlap > 0 and (best is None or overlap > best[0]):
                    best = (overlap, r)
        if best is None:
            return None, None
        fig = best[1]
        return fig, self.claim_of.get(str(fig["figure_id"]))


def _disjoint(a, b, tol: float) -> bool:
    (alo, ahi), (blo, bhi) = a, b
    if ahi < blo:
        return blo - ahi > tol * max(abs(blo), abs(ahi), 1e-12)
    if bhi < alo:
        return alo - bhi > tol * max(abs(alo), abs(bhi), 1e-12)
    return False


def score(pairs: list[dict], located: dict[str, Located], tol: float) -> dict:
    tp = fp = fn = tn = 0
    c_flag = c_flag_same = 0
    c_true = c_true_found = 0
    unscored = 0
    errors = []
    for p in pairs:
        if p["label"] not in ("same", "different"):
            continue
        loc = located.get(p["corpus"])
        if loc is None:
            unscored += 1
            continue
        fa, ca = loc.find(p["a"])
        fb, cb = loc.find(p["b"])
        same_claim = bool(ca and cb and ca["claim_id"] == cb["claim_id"])
        gold = p["label"] == "same"
        tp += same_claim and gold
        fp += same_claim and not gold
        fn += (not same_claim) and gold
        tn += (not same_claim) and not gold
        apart = (fa is not None and fb is not None
                 and _disjoint((fa["low"], fa["high"]), (fb["low"], fb["high"]), tol))
        flagged = same_claim and ca["status"] == "conflict" and apart
        if flagged:
            c_flag += 1
            c_flag_same += gold
        if gold and apart:
            c_true += 1
            c_true_found += flagged
        if same_claim != gold:
            errors.append((p, "false same" if same_claim else "missed", fa, fb, ca, cb))
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * prec * rec / (prec + rec) if tp else 0.0
    return dict(pairs=tp + fp + fn + tn, same=tp + fn, tp=tp, fp=fp, fn=fn, precision=prec, recall=rec, f1=f1,
                conflicts_flagged=c_flag, conflict_precision=(c_flag_same / c_flag if c_flag else float("nan")),
                true_conflicts=c_true, conflict_recall=(c_true_found / c_true if c_true else float("nan")),
                unscored=unscored, errors=errors)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pairs", default=str(DATA / "claims-pairs.jsonl"))
    ap.add_argument("--stories", default=str(DATA / "claims-stories.jsonl"))
    ap.add_argument("--errors", action="store_true", help="list the tuning part's errors")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="a FigureParams field other than its default (e.g. full_compare_max=0: blocking everywhere)")
    ap.add_argument("--split", choices=("tuning", "held-out", "both"), default="both",
                    help="which part to score (while tuning, score the tuning part only)")
    args = ap.parse_args(argv)
    pairs = [json.loads(x) for x in Path(args.pairs).read_text(encoding="utf-8").splitlines() if x.strip()]
    stories = load_stories(Path(args.stories))
    params = FigureParams()
    for item in args.set:
        name, _, value = item.partition("=")
        params = replace(params, **{name: type(getattr(params, name))(value)})
    located: dict[str, Located] = {}
    clock = time.perf_counter()
    for corpus in sorted({p["corpus"] for p in pairs}):
        arts = load_articles(corpus, stories)
        if arts is None:
            print(f"corpus {corpus} not found (needs ../shared): its pairs are not scored")
            continue
        located[corpus] = Located(*run_stage(arts, params))
    print(f"{len(pairs)} pairs, {len(located)} corpora run in {time.perf_counter() - clock:.1f} s")
    for split in ("tuning", "held-out"):
        if args.split not in (split, "both"):
            continue
        part = [p for p in pairs if p.get("split") == split]
        s = score(part, located, params.rounding_tolerance)
        print(f"{split:>8}: {s['pairs']} pairs ({s['same']} same)  pair P={s['precision']:.3f} "
              f"R={s['recall']:.3f} F1={s['f1']:.3f}  conflict P={s['conflict_precision']:.3f} "
              f"({s['conflicts_flagged']} flagged)  conflict R={s['conflict_recall']:.3f} "
              f"({s['true_conflicts']} true conflicts)" + (f"  unscored {s['unscored']}" if s["unscored"] else ""))
        if split == "tuning":
            # stories written and labelled before a round's rules changed ("fresh"), scored apart
            for tag in sorted({p["fresh"] for p in part if p.get("fresh")}):
                f = score([p for p in part if p.get("fresh") == tag], located, params.rounding_tolerance)
                print(f"   fresh {tag}: {f['pairs']} pairs ({f['same']} same)  pair P={f['precision']:.3f} "
                      f"R={f['recall']:.3f} F1={f['f1']:.3f}  conflict P={f['conflict_precision']:.3f} "
                      f"({f['conflicts_flagged']} flagged)  conflict R={f['conflict_recall']:.3f} "
                      f"({f['true_conflicts']} true conflicts)")
        if args.errors and split == "tuning":
            for p, kind, fa, fb, ca, cb in s["errors"]:
                print(f"  [{kind}] {p['corpus']} ({p['label']}: {p['reason']})")
                for side, f, c in (("a", fa, ca), ("b", fb, cb)):
                    where = (f"claim {c['claim_id']} ({c['status']})" if c else
                             ("not in claims" if f is not None else "figure not found"))
                    print(f"     {side} {p[side]['article_id']} \u00ab{p[side]['text']}\u00bb {where}: "
                          f"{_norm(p[side]['sentence'])[:150]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
