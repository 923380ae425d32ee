# police-notices: `make demo` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8001

.PHONY: install test demo serve crawl bench eval fuzz golden docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

test: install
	$(BIN)/python tests/browser.py  # Chromium for the browser tests: installed when it can be, else one line says how
	$(BIN)/pytest -q

demo: install
	$(BIN)/police-notices demo --port $(PORT)

serve: install
	$(BIN)/police-notices serve --db archive.db

crawl: install
	$(BIN)/police-notices crawl --db archive.db

bench: install
	$(BIN)/python benchmarks/extract.py --pages 1000
	$(BIN)/python benchmarks/store_search.py
	$(BIN)/python benchmarks/crawl.py --delay 0.5
	$(BIN)/python benchmarks/publish.py --skip-big
	$(BIN)/python benchmarks/crash_trials.py --trials 20 --seed 1

eval: install
	$(BIN)/python benchmarks/evaluate.py --n 3000 --oracle

fuzz: install  # coverage-guided, outside CI: findings and summary.json in benchmarks/out/fuzz/
	$(BIN)/pip install --quiet -e '.[fuzz]'
	$(BIN)/python benchmarks/fuzz_extract.py --seconds $(or $(FUZZ_SECONDS),300)

golden: install
	$(BIN)/python tests/golden/regenerate.py

docs: install
	$(BIN)/cog -r README.md docs/commands.md docs/record.md docs/archive.md docs/publishing.md

clean:
	rm -rf $(VENV) *.egg-info demo.db
