"""Run settings and the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.__main__ import overrides

ROOT = Path(__file__).resolve().parent.parent


def test_settings_are_prefixed_by_stage_and_round_trip():
    settings = pipeline.default_settings()
    assert settings and all(name.split("_", 1)[0] in pipeline.STAGES for name in settings)
    params = pipeline.stage_params(settings)
    for stage, obj in params.items():
        assert obj == pipeline.STAGES[stage]()


def test_settings_from_namespace_overrides_only_known_names():
    name = next(iter(pipeline.default_settings()))
    default = pipeline.default_settings()[name]
    changed = pipeline.settings_from({name: "sentinel", "unrelated": 1})
    assert changed[name] == "sentinel" and "unrelated" not in changed
    assert pipeline.settings_from({})[name] == default


def test_unknown_setting_is_refused_with_its_name():
    with pytest.raises(SystemExit, match="overlap_no_such_thing"):
        overrides(["overlap_no_such_thing=3"])
    assert pipeline.unknown_settings({"overlap_no_such_thing": 1, "corpus": "x"}) == ["overlap_no_such_thing"]


def test_cli_reports_a_missing_corpus_clearly(tmp_path):
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(tmp_path / "nope"),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 2
    assert "nope" in done.stderr and "Traceback" not in done.stderr


def test_tables_command_writes_every_table_and_reports_unreadable_inputs(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("A headline\n\nThe ministry said 12 people attended on Monday.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(bytes(range(256)) * 8)
    done = subprocess.run([sys.executable, "-m", "analysis", "tables", "--corpus", str(corpus),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "empty.txt" in done.stderr and "binary.txt" in done.stderr
    for name in pipeline.TABLES:
        assert (tmp_path / "out" / "data" / f"{name}.csv").exists()
    problems = (tmp_path / "out" / "data" / "problems.csv").read_text(encoding="utf-8")
    assert "empty.txt" in problems and "binary.txt" in problems


def test_tables_are_reused_only_for_the_same_corpus_settings_and_code(tmp_path):
    corpus = ROOT / "tests" / "fixtures" / "figures"
    said: list[str] = []
    pipeline.tables(corpus, tmp_path, progress=said.append)
    assert said, "the first run computes"
    said.clear()
    pipeline.tables(corpus, tmp_path, progress=said.append)
    assert not said, "the same corpus, settings and code reuse the tables"
    run = tmp_path / "data" / "run.json"
    stale = json.loads(run.read_text())
    stale["code"] = "an-older-checkout"
    run.write_text(json.dumps(stale))
    pipeline.tables(corpus, tmp_path, progress=said.append)
    assert said, "tables written by other code are recomputed"
    said.clear()
    pipeline.tables(corpus, tmp_path, {"overlap_ngram": 6}, progress=said.append)
    assert said, "other settings are recomputed"


def test_every_parameter_is_documented_in_words_for_the_methods_chapter():
    from analysis.pages import parameter_rows

    rows = parameter_rows(pipeline.default_settings())
    assert set(rows["parameter"]) == set(pipeline.default_settings())
    docs = dict(zip(rows["parameter"], rows["what it does"]))
    undocumented = [name for name, doc in docs.items() if len(doc.split()) < 4]
    assert not undocumented, undocumented
    # no reStructuredText markup, no bare cross-reference in place of an explanation
    assert not [name for name, doc in docs.items() if "``" in doc or doc.startswith("passed to")]


def test_a_repeat_is_listed_with_the_article_it_repeats_and_its_scrape_time_dates_it(tmp_path):
    import pandas as pd

    story = ("The council approved 12 new trams for the harbour line on Monday after a four-hour debate. "
             "Opponents said the 340 million euro plan would raise fares for commuters across the city.")
    pd.DataFrame({
        "id": ["first", "again", "elsewhere"],
        "publisher": ["gazette.example", "gazette.example", "herald.example"],
        "scrape_time": ["2021-09-09T10:00:00", "2021-09-06T08:00:00", "2021-09-08T09:00:00"],
        "text": [story, story, story],
    }).to_csv(tmp_path / "export.csv", index=False)
    t = pipeline.compute(tmp_path / "export.csv", progress=lambda _: None)
    arts = t.articles.set_index("article_id")
    assert arts.loc["again", "duplicate_of"] == "first" and arts.loc["elsewhere", "duplicate_of"] == ""
    # the earlier scrape of the same page bounds the article's publication; the repeat shows its range
    assert arts.loc["first", "published_latest"] == "2021-09-06"
    assert "again" in arts.loc["first", "published_basis"]
    assert arts.loc["again", "published_latest"] == "2021-09-06"
    # analysed once: the repeat is in no pair, its text once in texts.csv; the other outlet's copy is a pair
    assert set(t.texts.article_id) == {"first", "elsewhere"}
    assert list(zip(t.overlap_pairs.article_a, t.overlap_pairs.article_b)) == [("elsewhere", "first")]
    assert bool(t.overlap_pairs.verbatim.iloc[0])
