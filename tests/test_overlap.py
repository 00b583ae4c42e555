"""Source overlap: passage alignment, candidates, common text, edits, direction, families."""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd
import pytest

from analysis.article import Article
from analysis.overlap import (
    OverlapParams,
    candidate_pairs,
    exhaustive_pairs,
    find_overlap,
    tokenize,
)

FIX = Path(__file__).parent / "fixtures" / "overlap"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def fixture(name: str) -> str:
    return (FIX / f"{name}.txt").read_text(encoding="utf-8")


def art(aid: str, text: str, published: str = "", outlet: str = "") -> Article:
    return Article(article_id=aid, text=text, published=published, outlet=outlet)


def edited_copy(text: str) -> str:
    """A copy with light edits: substituted words, an inserted sentence, a deleted
    sentence, a corrected typo, a changed number and two paragraphs swapped."""
    paras = text.strip().split("\n\n")
    paras[0] = paras[0].replace("said on Tuesday", "announced on Tuesday").replace("1.8 metres", "1.9 metres")
    paras[1] = ("A spokesman added that the readings would be repeated every morning until the rain returned. "
                + paras[1].replace("less than half of", "under half of"))
    paras[2] = paras[2].replace("as carefully as", "as sparingly as")
    paras[0] = paras[0].replace("the lowest reading since records began in 1952", "the lowest since 1952")
    paras[3], paras[4] = paras[4], paras[3]
    return "Local news | Weather\n\n" + "\n\n".join(paras) + "\n\nShare this story on social media."


@pytest.fixture
def copy_pair() -> list[Article]:
    src = fixture("river").replace("authority's director", "authority's direcor")  # a typo in the source
    return [art("a", src), art("b", edited_copy(fixture("river"))),
            art("c", fixture("stadium")), art("d", fixture("vaccine"))]


# --- alignment --------------------------------------------------------------------------

def test_near_copy_found_and_unrelated_not(copy_pair):
    r = find_overlap(copy_pair)
    assert set(zip(r.pairs.article_a, r.pairs.article_b)) == {("a", "b")}
    assert set(r.passages.article_a) == {"a"} and set(r.passages.article_b) == {"b"}
    row = r.pairs.iloc[0]
    assert row.share_a > 0.8 and row.share_b > 0.75
    assert row.passages >= 2  # reordered paragraphs give separate passages


def test_spans_index_cleaned_text(copy_pair):
    r = find_overlap(copy_pair)
    texts = {a.article_id: a.text for a in copy_pair}
    for p in r.passages.itertuples():
        assert texts[p.article_a][p.start_a:p.end_a] == p.text_a
        assert texts[p.article_b][p.start_b:p.end_b] == p.text_b
        assert p.words >= OverlapParams().min_passage_words and 0.5 <= p.similarity <= 1
    for e in r.edits.itertuples():
        assert texts[e.article_a][e.start_a:e.end_a] == e.text_a
        assert texts[e.article_b][e.start_b:e.end_b] == e.text_b


def test_edits_list_what_changed(copy_pair):
    r = find_overlap(copy_pair)
    subs = {(e.text_a, e.text_b) for e in r.edits.itertuples() if e.op == "substitute"}
    assert ("said", "announced") in subs
    assert ("1.8", "1.9") in subs  # numbers stay in the tokens
    assert ("carefully", "sparingly") in subs
    dels = {e.text_a for e in r.edits.itertuples() if e.op == "delete"}
    assert "records began in" in dels
    assert ("direcor", "director") in subs  # corrected typo
    ins = " ".join(r.edits.loc[r.edits.op == "insert", "text_b"])
    assert "readings would be repeated every morning" in ins  # inserted sentence inside a passage
    assert set(r.edits.op) <= {"substitute", "insert", "delete"}


def test_unique_paragraphs_and_direction_evidence(copy_pair):
    r = find_overlap(copy_pair)
    u = r.unique_paragraphs
    b_only = " ".join(u.loc[u.side == "b", "text"])
    assert "Share this story" in b_only and "Local news" in b_only
    assert not (u.side == "a").any()
    row = r.pairs.iloc[0]
    assert row.direction == "undetermined"
    assert "neither publication date" in row.direction_basis
    assert "direcor" in row.direction_basis  # the typo is listed as evidence, not used to guess


def test_direction_from_publication_dates():
    a = art("x1", fixture("river"), published="2024-03-05")
    b = art("x2", edited_copy(fixture("river")), published="2024-03-02")
    row = find_overlap([a, b]).pairs.iloc[0]
    assert row.direction == "a_copies_b"
    assert "2024-03-02" in row.direction_basis and "2024-03-05" in row.direction_basis
    b.published = "2024-03-05"
    assert find_overlap([a, b]).pairs.iloc[0].direction == "undetermined"


def test_short_story_quoted_whole_in_long_page():
    short = fixture("vaccine")
    long_page = fixture("stadium") + "\n\n" + short + "\n\n" + fixture("river") * 3
    r = find_overlap([art("long", long_page), art("short", short)])
    row = r.pairs.iloc[0]
    assert row.article_a == "long" and row.share_b > 0.95 and row.share_a < 0.3
    c = candidate_pairs([art("long", long_page), art("short", short)])
    assert c.containment.iloc[0] > 0.9  # containment, not Jaccard


def test_families_group_connected_copies():
    river, stadium = fixture("river"), fixture("stadium")
    arts = [art("r1", river), art("r2", edited_copy(river)), art("r3", river + "\n\nUpdated later."),
            art("s1", stadium), art("s2", stadium.replace("Monday evening", "Monday night")),
            art("v", fixture("vaccine"))]
    r = find_overlap(arts)
    fam = dict(zip(r.families.article_id, r.families.family))
    assert fam["r1"] == fam["r2"] == fam["r3"] != fam["s1"] == fam["s2"]
    assert "v" not in fam
    sizes = dict(zip(r.families.family, r.families["size"]))
    assert sizes[fam["r1"]] == 3 and sizes[fam["s1"]] == 2
    assert set(r.pairs.family) == {fam["r1"], fam["s1"]}


# --- candidates -------------------------------------------------------------------------

def random_corpus(seed: int, n_docs: int = 40) -> list[Article]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(600)]
    base = [[rng.choice(vocab) for _ in range(rng.randint(40, 200))] for _ in range(n_docs)]
    for _ in range(n_docs // 2):  # splice passages from one doc into another, lightly edited
        i, j = rng.sample(range(n_docs), 2)
        s = rng.randrange(len(base[i]))
        piece = base[i][s:s + rng.randint(5, 60)]
        piece = [w if rng.random() > 0.08 else rng.choice(vocab) for w in piece]
        k = rng.randrange(len(base[j]) + 1)
        base[j][k:k] = piece
    return [art(f"d{i:03d}", " ".join(ws)) for i, ws in enumerate(base)]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("params", [OverlapParams(), OverlapParams(ngram=3, min_shared_ngrams=1),
                                    OverlapParams(common_min_df=2, common_max_df_frac=0.0, ngram=2),
                                    OverlapParams(ngram=2, index_max_df=3, min_containment=0.05)])
def test_index_equals_exhaustive(seed, params):
    arts = random_corpus(seed)
    idx = candidate_pairs(arts, params)
    ref = exhaustive_pairs(arts, params)
    assert len(ref) > 0
    pd.testing.assert_frame_equal(idx, ref)


# --- common text ------------------------------------------------------------------------

def test_common_phrase_is_not_reuse():
    footer = ("This article is distributed by the Example Syndicate under licence and may not be "
              "reproduced, stored or retransmitted without the written permission of the publisher.")
    rng = random.Random(7)
    vocab = [f"w{i}" for i in range(3000)]
    arts = [art(f"n{i:02d}", " ".join(rng.choice(vocab) for _ in range(120)) + "\n\n" + footer)
            for i in range(30)]
    r = find_overlap(arts, OverlapParams(common_min_df=5, common_max_df_frac=0.1))
    assert r.pairs.empty and r.families.empty
    assert (r.common_phrases.articles == 30).any()
    assert "without the written permission" in " ".join(r.common_phrases.phrase)
    # the threshold is a parameter: raise it and the footer counts as shared text again
    loose = find_overlap(arts, OverlapParams(common_min_df=50))
    assert len(loose.pairs) == 30 * 29 // 2


def test_common_passage_flagged_inside_real_pair():
    footer = ("Readers can contact the newsroom at any time through the form on our website, and every "
              "correction we publish is listed on the dedicated corrections page of this site.")
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(3000)]
    arts = [art(f"n{i:02d}", " ".join(rng.choice(vocab) for _ in range(100)) + "\n\n" + footer)
            for i in range(12)]
    body = arts[0].text[: -len(footer)]
    arts.append(art("copy", body + " ".join(rng.choice(vocab) for _ in range(60)) + "\n\n" + footer))
    r = find_overlap(arts, OverlapParams(common_min_df=5, common_max_df_frac=0.0))
    assert list(zip(r.pairs.article_a, r.pairs.article_b)) == [("copy", "n00")]
    assert r.pairs.share_a.iloc[0] < 0.9  # the footer does not count towards the share
    assert r.passages.common.any() and not r.passages.common.all()


def test_outlet_boilerplate():
    promo = ("Subscribe to our morning briefing to get the most important stories of the day delivered "
             "straight to your inbox before breakfast every single weekday.")
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(3000)]
    arts = [art(f"o{i}", " ".join(rng.choice(vocab) for _ in range(80)) + "\n\n" + promo, outlet="Daily Example")
            for i in range(4)]
    r = find_overlap(arts)
    assert r.pairs.empty
    assert (r.common_phrases.reason == "outlet boilerplate").any()
    off = find_overlap(arts, OverlapParams(outlet_boilerplate_docs=0))
    assert len(off.pairs) == 6


# --- robustness and determinism ----------------------------------------------------------

def test_odd_input_does_not_crash():
    long_text = fixture("river") * 400
    arts = [art("e", ""), art("u", "Ünïcödé — 東京 ☃ ß İstanbul\n\n\n"), art("p", "!!! ... ###"),
            art("l1", long_text), art("l2", long_text + " tail")]
    r = find_overlap(arts)
    assert list(zip(r.pairs.article_a, r.pairs.article_b)) == [("l1", "l2")]
    assert find_overlap([]).pairs.empty
    assert find_overlap([art("one", fixture("river"))]).passages.empty
    assert find_overlap([art("a", "x"), art("b", "x")]).passages.empty
    skipped = art("s", fixture("river"))
    skipped.status = "skipped: unreadable"
    assert find_overlap([skipped, art("t", fixture("river"))]).pairs.empty


def test_tokens_keep_numbers_and_offsets():
    text = "It cost $1.5 billion, or 200,000 euros — Moscow’s S-400."
    toks = tokenize(text)
    assert [t for t, _, _ in toks] == ["it", "cost", "1.5", "billion", "or", "200,000", "euros",
                                       "moscow's", "s", "400"]
    assert all(text[s:e].casefold().replace("’", "'") == t for t, s, e in toks)


def test_output_is_deterministic(copy_pair, tmp_path):
    outs = []
    for order in (copy_pair, list(reversed(copy_pair))):
        r = find_overlap(order)
        outs.append(b"".join(getattr(r, name).to_csv(index=False).encode()
                             for name in ("passages", "pairs", "edits", "unique_paragraphs",
                                          "families", "common_phrases")))
    assert outs[0] == outs[1]


def test_column_types(copy_pair):
    r = find_overlap(copy_pair)
    assert {"article_a", "start_a", "end_a", "article_b", "start_b", "end_b", "words", "similarity",
            "passage_id", "text_a", "text_b", "common"} <= set(r.passages.columns)
    assert {"article_a", "article_b", "share_a", "share_b", "passages", "words", "direction",
            "direction_basis", "family"} <= set(r.pairs.columns)
    assert str(r.passages.start_a.dtype) == "int64" and str(r.pairs.share_a.dtype) == "float64"
    assert (r.pairs.article_a < r.pairs.article_b).all()
    empty = find_overlap([])
    assert list(empty.passages.columns) == list(r.passages.columns)


# --- seeds ------------------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.is_dir(), reason="seeds/ not present")
def test_seeds_near_copies_one_family():
    arts = [art(p.name.split("_")[0], p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    r = find_overlap(arts)
    assert list(zip(r.pairs.article_a, r.pairs.article_b)) == [("000", "001")]
    assert set(r.passages.article_a) | set(r.passages.article_b) == {"000", "001"}
    assert set(r.families.article_id) == {"000", "001"}
    words = {a.article_id: a.words for a in arts}
    row = r.pairs.iloc[0]
    shorter = "share_a" if words["000"] <= words["001"] else "share_b"
    assert row[shorter] > 0.6
    subs = {(e.text_a, e.text_b) for e in r.edits.itertuples() if e.op == "substitute"}
    assert ("cited", "quoted") in subs
    assert row.direction == "undetermined"


def test_shared_quotation_is_marked_quoted():
    statement = ("“We reviewed every decision made during the spring and we accept that several of them were "
                 "wrong, and we will publish the full findings of the review before the end of the month,” ")
    a = art("q1", fixture("stadium") + "\n\n" + statement + "the club said.")
    b = art("q2", fixture("vaccine") + "\n\n" + statement + "a spokeswoman said on Monday.")
    r = find_overlap([a, b])
    assert len(r.passages) == 1
    assert r.passages.quoted.iloc[0] > 0.9
    c = find_overlap([art("x", fixture("river")), art("y", edited_copy(fixture("river")))])
    assert (c.passages.quoted < 0.5).all()


def test_an_outlet_carrying_a_wire_story_three_times_does_not_hide_it_everywhere():
    # One aggregator hosts three versions of a wire story that four other outlets also carry:
    # the story is reuse, not the aggregator's boilerplate.
    rng = random.Random(11)
    vocab = [f"w{i}" for i in range(5000)]
    story = " ".join(rng.choice(vocab) for _ in range(150))
    arts = [art(f"agg{i}", " ".join(rng.choice(vocab) for _ in range(30)) + "\n\n" + story, outlet="Aggregator")
            for i in range(3)]
    arts += [art(f"paper{i}", story + "\n\n" + " ".join(rng.choice(vocab) for _ in range(30)), outlet=f"Paper {i}")
             for i in range(4)]
    r = find_overlap(arts)
    pairs = set(zip(r.pairs.article_a, r.pairs.article_b))
    assert ("paper0", "paper1") in pairs and ("agg0", "paper3") in pairs
    assert len(pairs) == 21  # every pair of the seven articles
    assert not (r.common_phrases.reason == "outlet boilerplate").any() if len(r.common_phrases) else True


def test_an_outlets_own_versions_of_a_story_are_reuse_but_its_footer_is_not():
    promo = ("Subscribe to our morning briefing to get the most important stories of the day delivered "
             "straight to your inbox before breakfast every single weekday.")
    rng = random.Random(12)
    vocab = [f"w{i}" for i in range(5000)]
    story = " ".join(rng.choice(vocab) for _ in range(150))
    versions = [art(f"v{i}", story + f" update {i}.\n\n" + promo, outlet="Live Desk") for i in range(3)]
    others = [art(f"o{i}", " ".join(rng.choice(vocab) for _ in range(80)) + "\n\n" + promo, outlet="Live Desk")
              for i in range(3)]
    r = find_overlap(versions + others)
    assert set(zip(r.pairs.article_a, r.pairs.article_b)) == {("v0", "v1"), ("v0", "v2"), ("v1", "v2")}
    assert (r.common_phrases.reason == "outlet boilerplate").any()
    short = find_overlap(versions + others, OverlapParams(boilerplate_max_words=0))
    assert short.pairs.empty  # without the run-length rule the versions vanish as boilerplate


def test_inferred_publication_ranges_settle_direction_only_when_they_do_not_overlap():
    from analysis.overlap import order_by_publication

    pairs = pd.DataFrame([
        {"article_a": "a", "article_b": "b", "direction": "undetermined",
         "direction_basis": "only a has a publication date; b has 2 paragraph(s), 40 words, the other lacks"},
        {"article_a": "a", "article_b": "c", "direction": "undetermined",
         "direction_basis": "only a has a publication date"},
        {"article_a": "a", "article_b": "d", "direction": "undetermined", "direction_basis": "x"},
    ])
    publication = pd.DataFrame([
        {"article_id": "a", "published": "2021-09-13", "published_earliest": "2021-09-13",
         "published_latest": "2021-09-13", "published_basis": "Published 2021-09-13 according to header."},
        {"article_id": "b", "published": "", "published_earliest": "2021-09-20", "published_latest": "",
         "published_basis": "Published on or after 2021-09-20 (inferred): ..."},
        {"article_id": "c", "published": "", "published_earliest": "2021-09-10", "published_latest": "2021-09-15",
         "published_basis": "Published between 2021-09-10 and 2021-09-15 (inferred): ..."},
        {"article_id": "d", "published": "", "published_earliest": "", "published_latest": "",
         "published_basis": ""},
    ])
    out = order_by_publication(pairs, publication).set_index("article_b")
    assert out.loc["b", "direction"] == "b_copies_a"
    # the dates say which is later, not that it copied: the two may quote a common source
    assert out.loc["b", "direction_basis"] == ("a published on 2021-09-13, b on or after 2021-09-20 (inferred): the "
                                               "later article cannot be the earlier's source; b has 2 paragraph(s), "
                                               "40 words, the other lacks")
    assert out.loc["c", "direction"] == "undetermined" and "the dates overlap" in out.loc["c", "direction_basis"]
    assert (out.loc["d", "direction"], out.loc["d", "direction_basis"]) == ("undetermined", "x")


# --- every copy counts --------------------------------------------------------------------

def test_a_verbatim_copy_by_another_outlet_is_a_pair_and_is_aligned_for_each_outlet():
    river = fixture("river")
    excerpt = fixture("stadium") + "\n\n" + "\n\n".join(river.split("\n\n")[:2])
    arts = [art("wire", river, outlet="Wire Service"), art("paper", river, outlet="Daily Paper"),
            art("other", excerpt, outlet="Other Paper"), art("unrelated", fixture("vaccine"), outlet="Fourth")]
    r = find_overlap(arts)
    pairs = r.pairs.set_index(["article_a", "article_b"])
    verbatim = pairs.loc[("paper", "wire")]
    assert verbatim.verbatim and verbatim.share_a == verbatim.share_b == 1.0 and verbatim.passages == 1
    assert r.edits[(r.edits.article_a == "paper") & (r.edits.article_b == "wire")].empty
    # the excerpt was aligned once, against the text both outlets carry, and is reported for each
    assert ("other", "paper") in pairs.index and ("other", "wire") in pairs.index
    a, b = pairs.loc[("other", "paper")], pairs.loc[("other", "wire")]
    assert (a.share_a, a.share_b, a.passages) == (b.share_a, b.share_b, b.passages) and not a.verbatim
    spans = r.passages.set_index(["article_a", "article_b"])
    assert spans.loc[("other", "paper"), "start_b"] == spans.loc[("other", "wire"), "start_b"]
    assert not any("unrelated" in (x, y) for x, y in pairs.index)


def test_a_family_is_one_text_and_an_article_quoting_two_stories_belongs_to_two():
    river, stadium = fixture("river"), fixture("stadium")
    quote = river.split("\n\n")[0] + "\n\n" + fixture("vaccine") + "\n\n" + stadium.split("\n\n")[0]
    arts = [art("r1", river), art("r2", edited_copy(river)), art("s1", stadium),
            art("s2", stadium.replace("Monday evening", "Monday night")), art("q", quote)]
    r = find_overlap(arts)
    fam = r.families
    members = fam.groupby("family")["article_id"].agg(lambda s: sorted(s)).to_dict()
    assert sorted(members.values()) == [["q", "r1", "r2"], ["q", "s1", "s2"]], members
    q = fam[fam.article_id == "q"].set_index("family")
    assert len(q) == 2 and (q["share"] < 0.6).all()  # each text makes up part of the quoting article
    # each family names one source: a member carrying the whole text
    src = fam[fam.source].set_index("family")["article_id"].to_dict()
    assert set(src) == set(members) and all(src[f] in ("r1", "r2", "s1", "s2") for f in src)
    assert set(r.passages.family) == set(members)


def test_the_family_source_is_the_earliest_of_the_versions_that_carry_most_of_the_text():
    river = fixture("river")
    arts = [art("a", river + "\n\n" + fixture("vaccine"), published="2024-03-07"),
            art("b", river, published="2024-03-02"),
            art("c", river.split("\n\n")[0] + "\n\n" + fixture("stadium"), published="2024-03-01")]
    r = find_overlap(arts)
    src = r.families[r.families.source]
    assert list(src.article_id) == ["b"]  # c is earlier but carries only a paragraph of the text


def test_partition_batched_helpers_equal_the_per_article_ones(monkeypatch):
    """The stage hashes n-grams, codes words and looks up common n-grams for a partition at once:
    each article must get exactly what the per-article functions give it."""
    import numpy as np

    from analysis.overlap import (_codes_batch, _grams_batch, _index_in, _member, _ngram_hashes, _split_like,
                                  _tokens_of, word_codes)

    rnd = random.Random(7)
    vocab = ["the", "army", "1.5", "200,000", "it's", "Kyiv", "ß", "’s", "troops", "said"]
    texts = ["", "one", "two words"] + [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(0, 40)))
                                        for _ in range(60)]
    words = [_tokens_of(t)[0] for t in texts]
    codes = _codes_batch(words)
    assert all(np.array_equal(c, word_codes(w)) and c.dtype == np.uint64 for c, w in zip(codes, words))
    grams = _grams_batch(codes, 5)
    assert all(np.array_equal(g, _ngram_hashes(c, 5)) for g, c in zip(grams, codes))
    common = np.unique(np.concatenate(grams))[::3]
    for sort_from in (1, 1 << 20):  # keys sorted first (a large set) or not
        monkeypatch.setattr("analysis.overlap._SORTED_LOOKUP_MIN", sort_from)
        idx, found = _index_in(np.concatenate(grams), common)
        for g, i, f in zip(grams, _split_like(idx, grams), _split_like(found, grams)):
            assert np.array_equal(f, _member(g, common))
            assert np.array_equal(i, np.minimum(np.searchsorted(common, g), len(common) - 1))


def test_paragraph_breaks_found_from_white_space_match_the_break_pattern():
    """``_paragraphs`` scans with a pattern that starts at a white-space character: the same spans
    as splitting on ``_PARAGRAPH_BREAK`` itself, on text full of odd white space."""
    from analysis.overlap import _PARAGRAPH_BREAK, _paragraphs

    def reference(text: str) -> list[tuple[int, int]]:
        out, pos = [], 0
        for m in _PARAGRAPH_BREAK.finditer(text):
            if m.start() > pos:
                out.append((pos, m.start()))
            pos = m.end()
        if pos < len(text):
            out.append((pos, len(text)))
        return [(s, e) for s, e in out if text[s:e].strip()]

    rnd = random.Random(3)
    pieces = [" ", "  ", "\n", "\n\n", "\t", "\xa0", "#", "###", " ### ", "word", "x", ".", " \n "]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 25)))
        assert _paragraphs(text) == reference(text), repr(text)


def test_sum_pair_counts_adds_up_each_pairs_partial_counts_sorted_by_pair():
    import numpy as np

    from analysis.overlap import sum_pair_counts

    rng = np.random.default_rng(3)
    a = rng.integers(0, 50, 2_000)
    part = pd.DataFrame({"doc_a": a, "doc_b": a + rng.integers(1, 20, 2_000), "shared": rng.integers(1, 9, 2_000)})
    expected = part.groupby(["doc_a", "doc_b"], as_index=False, sort=True)["shared"].sum()
    pd.testing.assert_frame_equal(sum_pair_counts(part), expected)
    big = part.assign(doc_b=part["doc_b"] + (1 << 33))  # ids past the packed key's range: still right
    pd.testing.assert_frame_equal(sum_pair_counts(big),
                                  big.groupby(["doc_a", "doc_b"], as_index=False, sort=True)["shared"].sum())


def test_ranked_anchors_pair_every_occurrence_and_repeated_ones_in_order():
    """Anchors as their rule reads, checked one by one: an n-gram at most ``max_rep`` times on each
    side pairs every occurrence with every other; a more repeated one pairs its k-th occurrence in
    a with its k-th in b only; pairs come in order of a's position, then b's."""
    import numpy as np

    from analysis.overlap import _ranked_anchors

    def by_the_rule(ka, kb, max_rep):
        pairs = []
        for i, k in enumerate(ka):
            js = [j for j, x in enumerate(kb) if x == k]
            if len(js) > max_rep or list(ka).count(k) > max_rep:
                rank = list(ka[:i]).count(k)
                js = js[rank:rank + 1]
            pairs += [(i, j) for j in js]
        return pairs

    rng = np.random.default_rng(7)
    for _ in range(300):
        size = int(rng.integers(1, 6))
        ka = rng.integers(0, size, rng.integers(0, 40))
        kb = rng.integers(0, size, rng.integers(0, 40))
        ia, jb = _ranked_anchors(ka, kb, size, 3)
        assert list(zip(ia.tolist(), jb.tolist())) == by_the_rule(ka, kb, 3)
