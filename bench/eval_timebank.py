"""Evaluate the temporal tagger (``analysis.temporal``) on TimeBank/AQUAINT TimeML files.

Usage: ``python bench/eval_timebank.py [DIR] [--errors N] [--part tuning|heldout|both]`` (DIR defaults to
``../shared/eval/timebank`` next to the repository).

Split, fixed before any tuning: a document is held out when
``sha1(file name) % 3 == 0`` (about a third); the rest is the tuning part.
Both parts' figures are printed; ``--errors`` lists errors of the tuning
part only (the held-out part's errors are not for looking at while tuning).

Rules (stated so the figures can be compared):

* Gold: every ``TIMEX3`` with ``type="DATE"`` inside ``<TEXT>``; the
  document creation time (``functionInDocument="CREATION_TIME"``) is the
  anchor and is not itself scored.  Offsets index the text with all tags
  removed and XML entities unescaped.
* Predictions: every mention ``extract_dates`` returns, anchored at the DCT.
  A prediction that overlaps a gold TIMEX3 of another type (TIME, DURATION,
  SET) is left out of the scoring: this evaluates DATE expressions only, and
  such a prediction is neither right nor wrong about a DATE.
* Strict span match: identical start and end.  Relaxed: the spans overlap
  (one-to-one, greedy in text order).
* Value: the tagger's TimeML-style value string equals the gold ``value``
  exactly (e.g. ``1998-02-19``, ``1989-10``, ``1989-Q4``, ``1998-W07``,
  ``PRESENT_REF``), counted over relaxed matches.  Value accuracy =
  correct / relaxed matches; value P/R/F1 (TempEval-3 style) = correct over
  predictions / over gold.

How this compares with TempEval-3 (UzZaman et al., SemEval-2013 Task 1, section 4; the
TE3 toolkit's ``evaluate_entities.py``): TE3 also counts value over relaxed matches
(its value F1 is value accuracy times relaxed span F1, which equals the P/R/F1 above
when matches are one-to-one), but it scores every TIMEX3 type together, so a prediction
over a gold TIME, DURATION or SET is a span match whose value is compared.  Leaving such
predictions out (the rule above, printed first for comparison with earlier figures) is
kinder to precision than the DATE-only reading of TE3, where the gold says that span is
not a DATE and a prediction there is a false positive; that reading is printed second
("other types counted").  The third line scores every TIMEX3 type as TE3 does, for
reference only: the tagger finds dates and times of day, not durations or sets.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.temporal import extract_dates  # noqa: E402

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def parse_tml(raw: str):
    """(plain text, dct date or None, gold timexes [(start, end, type, value, text)])."""
    dct = None
    m = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if m:
        v = dict(_ATTR.findall(m.group(0))).get("value", "")
        mm = re.match(r"(\d{4})-(\d{2})-(\d{2})", v)
        if mm:
            dct = date(int(mm[1]), int(mm[2]), int(mm[3]))
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
    body = body.group(1) if body else raw
    out: list[str] = []
    pos = 0
    n = 0
    gold = []
    open_tx = None
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos:t.start()])
        out.append(chunk)
        n += len(chunk)
        pos = t.end()
        if t.group(2) == "TIMEX3":
            if t.group(1) == "":
                attrs = dict(_ATTR.findall(t.group(3)))
                open_tx = (n, attrs)
            elif open_tx is not None:
                s, attrs = open_tx
                gold.append((s, n, attrs.get("type", ""), attrs.get("value", "")))
                open_tx = None
    chunk = html.unescape(body[pos:])
    out.append(chunk)
    text = "".join(out)
    gold = [(s, e, ty, v, text[s:e]) for s, e, ty, v in gold]
    return text, dct, gold


def heldout_doc(name: str) -> bool:
    """The split: a document is held out when sha1(its file name) % 3 == 0."""
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest(), 16) % 3 == 0


def evaluate(folder: Path, show_errors: int = 0, part: str = "all") -> dict:
    files = [f for f in sorted(folder.glob("*.tml"))
             if part == "all" or heldout_doc(f.name) == (part == "heldout")]
    tp_strict = tp_relax = n_pred = n_gold = v_ok = 0
    n_over_other = 0  # predictions over a gold TIME, DURATION or SET (left out above)
    all_types = Counter()  # TE3's reading: every TIMEX3 type scored together
    errors: list[str] = []
    by_kind = Counter()
    for f in files:
        text, dct, gold = parse_tml(f.read_text(encoding="utf-8", errors="replace"))
        preds = extract_dates(text, dct, dct)
        other = [(s, e) for s, e, ty, _, _ in gold if ty != "DATE"]
        gdate = [g for g in gold if g[2] == "DATE"]
        scored = [p for p in preds if not any(p.start < e and s < p.end for s, e in other)]
        n_over_other += len(preds) - len(scored)
        _match_all_types(preds, gold, all_types)
        n_pred += len(scored)
        n_gold += len(gdate)
        used: set[int] = set()
        for p in scored:
            match = None
            for i, g in enumerate(gdate):
                if i not in used and p.start < g[1] and g[0] < p.end:
                    match = i
                    break
            if match is None:
                if len(errors) < 100000:
                    errors.append(f"FP  {f.name}: {p.text!r} -> {p.value}")
                continue
            used.add(match)
            g = gdate[match]
            tp_relax += 1
            if (p.start, p.end) == (g[0], g[1]):
                tp_strict += 1
            else:
                by_kind["span"] += 1
                errors.append(f"SPN {f.name}: {p.text!r} vs gold {g[4]!r}")
            if p.value == g[3]:
                v_ok += 1
            else:
                errors.append(f"VAL {f.name}: {p.text!r} -> {p.value!r} gold {g[3]!r} (dct {dct})")
        for i, g in enumerate(gdate):
            if i not in used:
                errors.append(f"FN  {f.name}: {g[4]!r} gold {g[3]!r}")

    def prf(tp):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def prf_of(tp, pred, gold):
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    res = {"files": len(files), "gold": n_gold, "pred": n_pred,
           "strict": prf(tp_strict), "relaxed": prf(tp_relax), "value": prf(v_ok),
           "value_accuracy": v_ok / tp_relax if tp_relax else 0.0,
           # the DATE-only reading of TempEval-3: a prediction over another type's gold is a false positive
           "other_counted": {"pred": n_pred + n_over_other,
                             "strict": prf_of(tp_strict, n_pred + n_over_other, n_gold),
                             "relaxed": prf_of(tp_relax, n_pred + n_over_other, n_gold),
                             "value": prf_of(v_ok, n_pred + n_over_other, n_gold)},
           "all_types": {"pred": all_types["pred"], "gold": all_types["gold"],
                         "strict": prf_of(all_types["strict"], all_types["pred"], all_types["gold"]),
                         "relaxed": prf_of(all_types["relaxed"], all_types["pred"], all_types["gold"]),
                         "value": prf_of(all_types["value"], all_types["pred"], all_types["gold"])}}
    if show_errors:
        kinds = Counter(e.split()[0] for e in errors)
        print("error counts:", dict(kinds))
        for e in errors[:show_errors]:
            print(e)
    return res


def _match_all_types(preds, gold, counts: Counter) -> None:
    """TempEval-3's reading: every gold TIMEX3 (any type) against every prediction, relaxed one-to-one."""
    counts["pred"] += len(preds)
    counts["gold"] += len(gold)
    used: set[int] = set()
    for p in preds:
        for i, g in enumerate(gold):
            if i not in used and p.start < g[1] and g[0] < p.end:
                used.add(i)
                counts["relaxed"] += 1
                counts["strict"] += (p.start, p.end) == (g[0], g[1])
                counts["value"] += p.value == g[3]
                break


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    default = Path(__file__).resolve().parents[2] / "shared" / "eval" / "timebank"
    if not default.is_dir():  # a git worktree sits one level deeper
        default = Path(__file__).resolve().parents[3] / "shared" / "eval" / "timebank"
    ap.add_argument("folder", nargs="?", default=str(default))
    ap.add_argument("--errors", type=int, default=0, help="print this many error lines")
    ap.add_argument("--part", choices=["tuning", "heldout", "both"], default="both",
                    help="which part's figures to print")
    args = ap.parse_args()
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"no TimeML folder at {folder}")
        return
    for part in ("tuning", "heldout") if args.part == "both" else (args.part,):
        r = evaluate(folder, args.errors if part == "tuning" else 0, part)
        print(f"{part}: TimeBank/AQUAINT DATE expressions: {r['files']} documents, {r['gold']} gold, "
              f"{r['pred']} predicted")
        for k in ("strict", "relaxed"):
            p, rc, f1 = r[k]
            print(f"  span {k:8s} P={p:.3f} R={rc:.3f} F1={f1:.3f}")
        p, rc, f1 = r["value"]
        print(f"  value accuracy (over relaxed matches) = {r['value_accuracy']:.3f}")
        print(f"  value P={p:.3f} R={rc:.3f} F1={f1:.3f}")
        oc = r["other_counted"]
        print(f"  other types counted (DATE-only TempEval-3 reading; {oc['pred'] - r['pred']} more predictions, "
              f"all false positives): span strict F1={oc['strict'][2]:.3f} relaxed F1={oc['relaxed'][2]:.3f} "
              f"value F1={oc['value'][2]:.3f}")
        at = r["all_types"]
        print(f"  all TIMEX3 types as TempEval-3 scores them ({at['gold']} gold, {at['pred']} predicted; "
              f"no durations or sets are tagged): span strict F1={at['strict'][2]:.3f} "
              f"relaxed F1={at['relaxed'][2]:.3f} value F1={at['value'][2]:.3f}")


if __name__ == "__main__":
    main()
