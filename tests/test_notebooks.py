"""The chapter templates: clean in git, parameterised, labelled."""

import ast
import json
import re
from pathlib import Path

import pytest

from analysis import pipeline
from analysis.build import chapters

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "book").glob("*.ipynb"))


def test_every_toc_notebook_exists():
    assert {Path(c).name for c in chapters()} >= {"intro", "corpus", "overlap", "figures", "timeline", "methods"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_notebook_has_no_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        assert not cell.get("outputs"), f"{path.name} has outputs"
        assert not cell.get("execution_count"), f"{path.name} has execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_lists_corpus_out_and_matches_defaults(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"{path.name} needs exactly one cell tagged parameters"
    values = {}
    for node in ast.parse("".join(cells[0]["source"])).body:
        assert isinstance(node, ast.Assign), "the parameters cell holds plain assignments only"
        values[node.targets[0].id] = eval(compile(ast.Expression(node.value), path.name, "eval"), {"__builtins__": {"float": float}})
    assert {"corpus", "out"} <= set(values)
    defaults = pipeline.default_settings()
    for name, value in values.items():
        if name in defaults:
            assert value == defaults[name], f"{path.name}: {name} = {value!r} but the default is {defaults[name]!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_page_and_sections_have_stable_labels(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = [("".join(c["source"])) for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown[0].startswith(f"({path.stem})="), f"{path.name} must open with its label"
    for text in markdown:
        for heading in re.finditer(r"^(#{1,3}) ", text, re.M):
            before = text[: heading.start()].rstrip().splitlines()
            assert before and re.fullmatch(r"\([\w-]+\)=", before[-1]), f"{path.name}: unlabelled heading"


@pytest.mark.book
def test_a_chapter_runs_on_its_own_with_papermill(tmp_path):
    """`papermill book/X.ipynb out.ipynb -p corpus DIR` works outside the build, from any folder."""
    import subprocess
    import sys

    out_nb, out_dir = tmp_path / "figures.ipynb", tmp_path / "report"
    done = subprocess.run(
        [sys.executable, "-m", "papermill", str(ROOT / "book" / "figures.ipynb"), str(out_nb),
         "-p", "corpus", str(ROOT / "tests" / "fixtures" / "figures"), "-p", "out", str(out_dir)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (out_dir / "data" / "claims.csv").exists()
    executed = json.loads(out_nb.read_text(encoding="utf-8"))
    html = "".join("".join(o.get("data", {}).get("text/html", "")) for c in executed["cells"]
                   for o in c.get("outputs", []))
    assert "Figure discrepancies" in json.dumps(executed) and "fc-table-wrap" in html


@pytest.mark.parametrize("stage", ["corpus", "overlap", "figures", "timeline"])
def test_each_chapter_lists_every_parameter_of_its_stage(stage):
    nb = json.loads((ROOT / "book" / f"{stage}.ipynb").read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    names = {node.targets[0].id for node in ast.parse("".join(cell["source"])).body}
    wanted = {name for name in pipeline.default_settings() if name.startswith(stage + "_")}
    assert wanted <= names, sorted(wanted - names)
