# Telusur: `make run` indexes the seeds and serves them; `make test` runs the tests.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
INDEX  ?= index
HOST   ?= 127.0.0.1
PORT   ?= 5000
SEEDS  := $(wildcard seeds/*)
CODE   := $(shell find search -type f ! -path "*/__pycache__/*")
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: run index test lint bench soak eval eval-relevance clean

run: $(INDEX)/.seeds-indexed
	$(PY) -m search serve --index $(INDEX) --host $(HOST) --port $(PORT)

# Index the seeds; an index built by an older version (exit status 4) is rebuilt.
INDEX_SEEDS = $(PY) -m search index seeds --index $(INDEX) || { test $$? -eq 4 && $(PY) -m search index seeds --index $(INDEX) --rebuild; }

index: $(STAMP)
	$(INDEX_SEEDS)
	@touch $(INDEX)/.seeds-indexed

# Re-index only when the index is missing or older than the seeds (or the code).
$(INDEX)/.seeds-indexed: $(SEEDS) $(CODE) $(STAMP)
	$(INDEX_SEEDS)
	@touch $@

test: $(STAMP)
	$(PY) -m pytest

# Lint (ruff, configured in pyproject.toml); CI runs it before the tests.
lint: $(STAMP)
	$(VENV)/bin/ruff check .

# Benchmark for issue 5 (see bench/README.md): ~22 min; BENCH_QUICK=1 skips the 5x scale stage.
bench: $(STAMP)
	BENCH_SCALE=$${BENCH_SCALE:-5} $(PY) bench/bench.py

# Soak test (see bench/README.md): ~4 min of steady mixed HTTP load while incremental index runs
# add, update and prune files; SOAK_DURATION=S, SOAK_RATE=N ... (bench/soak.py --help) configure it.
soak: $(STAMP)
	$(PY) bench/soak.py

# Person-name quality (precision, recall, F1) on held-out gold data and the seeds.
eval: $(STAMP)
	$(PY) tools/eval_persons.py

# Ranking on the judged clickid-2019 queries (tools/relevance/); SPLIT=held scores the held-back
# queries, SPLIT=all both; the first run builds bench/work/relevance-index (about 3 min).
eval-relevance: $(STAMP)
	$(PY) tools/eval_relevance.py --split $${SPLIT:-dev}

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

clean:
	find $(INDEX) -mindepth 1 ! -name .gitignore ! -name README.md -delete
