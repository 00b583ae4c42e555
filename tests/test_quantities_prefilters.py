"""The extractor's shortcuts for patterns that end in ``$``: each must find exactly what searching the
whole window finds (the figures must not change when a pattern is only searched where it can match)."""

import re
from pathlib import Path

import pytest

from analysis import quantities as q

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

TRICKY = ["US$ ", "(US $\n", "about \n", "just over  ", "€", " rm", "PS", "Rs. ", "ſome ", "K ", "İn ",
          "x-2019-", "'", "’\n", "abc\n", "ab-\n", "S-", "&", "of \n", "per every ", "12.4 cases PER ",
          "the Group of ", "Photo 3 of ", "Slide 2 / ", "one-two ", "tens of ", "and a half\n", "(two ",
          "__a ", "some\u00a0", "more than\u2009", "a\n\n"]


def windows() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    out = []
    for t in texts:
        for h in range(1, len(t) + 1, 7):
            out.append(t[max(0, h - 40):h])
    for w in TRICKY:
        out += [w, "x " + w, "The total " + w]
    return out


def _same(a, b) -> bool:
    return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


@pytest.fixture(scope="module")
def wins():
    return windows()


def test_bounded_tails_find_what_the_whole_window_finds(wins):
    tails = [q._CUR_PREFIX_RE] + [rx for rx, _ in q._QUAL_RES]
    assert all(t.width is not None for t in tails)  # the bound was read from each pattern
    for w in wins:
        for t in tails:
            assert _same(t.rx.search(w), t.search(w)), (t.rx.pattern, w)


def test_number_word_runs_left_of_a_hit_are_the_patterns(wins):
    for w in wins:
        for lo in (0, max(0, len(w) - 3)):
            assert _same(q._RUN_LEFT_RE.search(w, lo, len(w)), q._run_left(w, lo, len(w))), w


@pytest.mark.parametrize("pattern,check", [
    (r"([A-Za-z&]+)[-‐]?$", q._ends_glued),
    (r"[A-Za-z]+\s?\d+[-‐]$", lambda w: q._ends_in(w, "-‐")),
    (r"\b(?:19|20)\d{2}[-–/]$", lambda w: q._ends_in(w, "-–/")),
    (r"(?:^|\s)['’]$", lambda w: q._ends_in(w, "'’")),
])
def test_last_character_checks_never_rule_out_a_match(wins, pattern, check):
    rx = re.compile(pattern)
    extra = ["S-400 ", "T-72B3-", "CAC", "Covid-19-", "in 2019-", "2020/", "in '", "’", "Q&", "x\n"]
    for w in wins + extra:
        assert not rx.search(w) or check(w), (pattern, w)


def test_last_word_checks_never_rule_out_a_match(wins):
    # _not_a_figure searches these only after the word each pattern ends with
    assert q._COUNTER_OF_RE.pattern.endswith(r"(?:of|/)\s*/?\s*$")
    assert q._RATE_BASE_RE.pattern.endswith(r"\bper\s+(?:every\s+)?$")
    assert q._NAME_OF_RE.pattern.endswith(r"\s+of\s+$")
    for w in wins:
        tail = w.rstrip()[-1:]
        assert not q._COUNTER_OF_RE.search(w) or tail in ("f", "F", "/") or not tail.isascii(), w
        assert not q._RATE_BASE_RE.search(w) or tail in ("r", "R", "y", "Y") or not tail.isascii(), w
        assert not q._NAME_OF_RE.search(w) or w.rstrip().endswith("of"), w
