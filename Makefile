# Two commands for a new user: `make book` builds the seeds report into _build/,
# `make test` runs the tests. Both create .venv with the pinned requirements first.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
CORPUS ?= seeds
OUT    ?= _build

.PHONY: book tables test bench clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

book: $(STAMP)
	$(PY) -m analysis build --corpus $(CORPUS) --out $(OUT)

tables: $(STAMP)
	$(PY) -m analysis tables --corpus $(CORPUS) --out $(OUT)

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) bench/bench_corpus.py
	$(PY) bench/bench_overlap.py --sizes 1000 10000
	$(PY) bench/eval_newsquant.py
	$(PY) bench/eval_timebank.py
	$(PY) bench/bench_build.py

clean:
	rm -rf $(OUT)
