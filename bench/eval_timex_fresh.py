"""Score the temporal tagger on fresh news sentences written for it (``bench/data/timex-fresh.jsonl``).

Usage: ``python bench/eval_timex_fresh.py [--errors] [--part tuning|heldout|both]``

Each line holds one sentence with its publication date (``dct``) and its gold DATE expressions in
order of appearance (``text``, ``value``; see ``bench/data/README.md`` for how they were written and
the conventions followed).  The scoring rules are ``bench/eval_timebank.py``'s: strict span match,
relaxed (overlapping, one-to-one, greedy in text order), and value over relaxed matches, with
P/R/F1 over predictions and gold.  Split, fixed before any rule was changed: a sentence is held out
when ``sha1(id) % 3 == 0``; ``--errors`` lists the tuning part's errors only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.temporal import extract_dates  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "timex-fresh.jsonl"


def heldout(item_id: str) -> bool:
    """The split: a sentence is held out when sha1(its id) % 3 == 0."""
    return int(hashlib.sha1(item_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def load(path: Path = DATA) -> list[dict]:
    """The sentences, each with gold spans located in order of appearance."""
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        pos, spans = 0, []
        for g in item["gold"]:
            k = item["text"].find(g["text"], pos)
            if k < 0:
                raise ValueError(f"{path}:{n}: gold {g['text']!r} not found in order in the text")
            spans.append((k, k + len(g["text"]), g["value"], g["text"]))
            pos = k + len(g["text"])
        item["spans"] = spans
        items.append(item)
    return items


def evaluate(items: list[dict], errors: list[str] | None = None) -> dict:
    n_pred = n_gold = tp_strict = tp_relax = v_ok = 0
    for it in items:
        dct = date.fromisoformat(it["dct"])
        preds = extract_dates(it["text"], dct, dct)
        gold = it["spans"]
        n_pred += len(preds)
        n_gold += len(gold)
        used: set[int] = set()
        for p in preds:
            match = next((i for i, g in enumerate(gold) if i not in used and p.start < g[1] and g[0] < p.end), None)
            if match is None:
                if errors is not None:
                    errors.append(f"FP  {it['id']}: {p.text!r} -> {p.value!r}")
                continue
            used.add(match)
            g = gold[match]
            tp_relax += 1
            if (p.start, p.end) == g[:2]:
                tp_strict += 1
            elif errors is not None:
                errors.append(f"SPN {it['id']}: {p.text!r} vs gold {g[3]!r}")
            if p.value == g[2]:
                v_ok += 1
            elif errors is not None:
                errors.append(f"VAL {it['id']}: {p.text!r} -> {p.value!r} gold {g[2]!r} (dct {it['dct']})")
        for i, g in enumerate(gold):
            if i not in used and errors is not None:
                errors.append(f"FN  {it['id']}: {g[3]!r} gold {g[2]!r}")

    def prf(tp):
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)
    return {"items": len(items), "gold": n_gold, "pred": n_pred, "strict": prf(tp_strict),
            "relaxed": prf(tp_relax), "value": prf(v_ok)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--errors", action="store_true", help="list the tuning part's errors")
    ap.add_argument("--part", choices=["tuning", "heldout", "both"], default="both")
    args = ap.parse_args()
    items = load()
    for part in ("tuning", "heldout") if args.part == "both" else (args.part,):
        chosen = [it for it in items if heldout(it["id"]) == (part == "heldout")]
        errs: list[str] | None = [] if args.errors and part == "tuning" else None
        r = evaluate(chosen, errs)
        print(f"{part}: fresh news sentences: {r['items']} sentences, {r['gold']} gold DATE, {r['pred']} predicted")
        for k in ("strict", "relaxed", "value"):
            p, rc, f1 = r[k]
            print(f"  {'span ' + k if k != 'value' else 'value':13s} P={p:.3f} R={rc:.3f} F1={f1:.3f}")
        for e in errs or []:
            print("   ", e)


if __name__ == "__main__":
    main()
