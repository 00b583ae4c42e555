"""Score the figure extractor on the NewsQuant dev sentences.

Usage: python bench/eval_newsquant.py [path/to/newsquant-dev.json] [--baseline] [--errors] [--split tuning]
       [--source PREFIX] [--whole]

The 197 sentences are split once, before tuning, into a *tuning* part and a
*held-out* part: a sentence is held out when the SHA-1 of its text, read as an
integer, is 0 or 1 modulo 5 (about two fifths).  Both parts are scored;
``--errors`` lists the tuning part's errors only (the held-out part is never
inspected, so its score stays an estimate for unseen text).  ``--split tuning``
scores the tuning part alone (what to run while tuning: "all" less "tuning" would
give the held-out score away).

Matching rule (per sentence, one-to-one, greedy in text order):
* a gold quantity's value is a number, or a range "a-b";
* a predicted figure offers its value as written (``raw_value``: scale words
  applied, before unit conversion) or, for a range (``raw_low`` != ``raw_high``:
  "44-45", "dozens"), its two ends as written;
* a gold number matches a predicted number when they are equal within a
  relative tolerance of 1e-6 (0.001 absolute for values below 1, to allow for
  1/3 written as 0.3333); a gold range matches a predicted range with both
  ends equal;
* value P = matched / predicted, R = matched / gold, F1 their harmonic mean;
* a duration or length written in parts ("two hours and 41 minutes"), which the extractor reads as one
  quantity, offers each part as written (2 and 41), as the gold lists them (since round 8; ``--whole``
  scores with the rule before, the whole as one value);
* value+qualifier: a matched pair counts only when the qualifiers agree.
  "~" -> "~", ">" and ">=" -> ">", "<" and "<=" -> "<"; an exact figure
  ("=" or "range") with rise/fall wording (``change`` "up"/"down") -> up/down,
  else "=".

``--baseline`` also scores quantulum3 (values only, qualifier "=") for
comparison.

``bench/data/newsquant-fresh.json`` is a second set in the same format, labelled by
hand for this project (see ``bench/data/README.md``); give its path to score it, split
the same way.  ``--source PREFIX`` scores only the sentences whose ``source`` starts with
PREFIX (e.g. ``written-f``, the batch added last, to give its own figure).
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.quantities import extract_figures  # noqa: E402

_ROOT = Path(__file__).resolve().parents[1]
_CANDIDATES = [base / "shared" / "eval" / "newsquant-dev" / "newsquant-dev.json"
               for base in (_ROOT.parent, _ROOT.parent.parent, Path("/work"))]
DEFAULT = next((p for p in _CANDIDATES if p.exists()), _CANDIDATES[0])


def split_of(item: dict) -> str:
    """ "held-out" for about two fifths of the sentences (by a hash of the text), else "tuning"."""
    return "held-out" if int(hashlib.sha1(item["text"].encode("utf-8")).hexdigest(), 16) % 5 < 2 else "tuning"


def _gold(q: dict):
    v = str(q["value"]).strip()
    if "-" in v[1:]:
        i = v.index("-", 1)
        return (float(v[:i]), float(v[i + 1:]))
    return float(v)


def _close(a: float, b: float) -> bool:
    tol = 1e-3 if abs(b) < 1 else 1e-6 * abs(b)
    return abs(a - b) <= tol


def _match(g, p) -> bool:
    if isinstance(g, tuple) != isinstance(p, tuple):
        return False
    if isinstance(g, tuple):
        return _close(p[0], g[0]) and _close(p[1], g[1])
    return _close(p, g)


def _pred_qual(f) -> str:
    q = {"=": "=", "range": "=", "~": "~", ">": ">", ">=": ">", "<": "<", "<=": "<"}.get(f.qualifier, "=")
    if q == "=" and f.change:
        return f.change
    return q


_PART_SEP = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+|(?<=[A-Za-z.])\s*(?=\d)")


def _parts(f) -> list | None:
    """The parts of a duration or length written in parts ("two hours and 41 minutes", "5ft 10in"), as
    written, or None.  The extractor reads such a figure as one quantity (2.68 hours); NewsQuant's gold
    (and the fresh set's) lists each part, so each is offered as a figure of its own."""
    if f.raw_low != f.raw_high or f.kind != "measure":
        return None
    pieces = [x for x in _PART_SEP.split(f.text) if x.strip()]
    if len(pieces) < 2:
        return None
    vals = []
    for piece in pieces:
        got = extract_figures(f"It took {piece.strip()} in all.")  # a sentence round it: a bare line is page furniture
        if len(got) != 1 or got[0].raw_low != got[0].raw_high or not got[0].raw_unit:
            return None
        vals.append(got[0].raw_value)
    return vals


def ours(text: str, parts: bool = True):
    out = []
    for f in extract_figures(text):
        split = _parts(f) if parts else None
        if split:
            out.extend((v, _pred_qual(f)) for v in split)
            continue
        val = (f.raw_low, f.raw_high) if f.raw_low != f.raw_high else f.raw_value
        out.append((val, _pred_qual(f)))
    return out


def ours_whole(text: str):
    """As ``ours``, but a duration or length written in parts stays one figure (the matching rule before round 8)."""
    return ours(text, parts=False)


def quantulum(text: str):
    from quantulum3 import parser  # checked for in main()
    return [(q.value, "=") for q in parser.parse(text)]


def score(data, fn):
    tp = tpq = npred = ngold = 0
    for item in data:
        gold = [(_gold(q), q["change"]) for q in item["quantities"]]
        pred = fn(item["text"])
        npred += len(pred)
        ngold += len(gold)
        used = [False] * len(pred)
        for gv, gq in gold:
            for i, (pv, pq) in enumerate(pred):
                if not used[i] and _match(gv, pv):
                    used[i] = True
                    tp += 1
                    tpq += pq == gq
                    break
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    pq = tpq / npred if npred else 0.0
    rq = tpq / ngold if ngold else 0.0
    f1q = 2 * pq * rq / (pq + rq) if pq + rq else 0.0
    return dict(sentences=len(data), gold=ngold, predicted=npred, matched=tp, precision=p, recall=r,
                f1=f1, matched_with_qualifier=tpq, qualifier_f1=f1q)


def main(argv: list[str]) -> int:
    split = None
    if "--split" in argv:
        i = argv.index("--split")
        split = argv[i + 1] if i + 1 < len(argv) else ""
        if split not in ("tuning", "held-out", "all"):
            print(f"--split takes tuning, held-out or all, not {split!r}")
            return 1
        argv = argv[:i] + argv[i + 2:]
    source = None
    if "--source" in argv:
        i = argv.index("--source")
        source = argv[i + 1] if i + 1 < len(argv) else ""
        argv = argv[:i] + argv[i + 2:]
    args = [a for a in argv if not a.startswith("--")]
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        print(f"NewsQuant file not found: {path}")
        return 1
    data = json.loads(path.read_text(encoding="utf-8"))
    if source is not None:
        data = [d for d in data if str(d.get("source", "")).startswith(source)]
        if not data:
            print(f"no sentence of {path} has a source starting with {source!r}")
            return 1
    systems = [("coverage-forensics", ours_whole if "--whole" in argv else ours)]
    if "--baseline" in argv:
        try:
            import quantulum3  # noqa: F401
            systems.append(("quantulum3", quantulum))
        except ImportError:
            print("--baseline needs quantulum3 (pip install quantulum3==0.10.0); it is not installed, so only "
                  "this extractor is scored")
    parts = [("all", data), ("tuning", [d for d in data if split_of(d) == "tuning"]),
             ("held-out", [d for d in data if split_of(d) == "held-out"])]
    shown = [pt for pt in parts if split in (None, pt[0])]
    for name, fn in systems:
        print(f"{name}:")
        for part, items in shown:
            t = time.perf_counter()
            s = score(items, fn)
            dt = time.perf_counter() - t
            print(f"  {part:>8}: {s['sentences']} sentences, gold {s['gold']}, predicted {s['predicted']}, "
                  f"matched {s['matched']}  value P={s['precision']:.3f} R={s['recall']:.3f} F1={s['f1']:.3f}  "
                  f"value+qualifier F1={s['qualifier_f1']:.3f}  ({1000 * dt / max(1, s['sentences']):.1f} ms/sentence)")
    if "--errors" in argv:
        for item in parts[1][1]:
            gold = [(_gold(q), q["change"]) for q in item["quantities"]]
            pred = ours(item["text"])
            gs = sorted(str(g) for g, _ in gold)
            ps = sorted(str(p) for p, _ in pred)
            if gs != ps:
                print("*", item["text"][:160])
                print("    gold", [(g, q) for g, q in gold])
                print("    pred", pred)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
