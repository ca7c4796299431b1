# Two commands do all set-up: `make run` (dashboard on the demo warehouse) and `make test` (whole test suite).
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DB      := data/build/warehouse.duckdb
SNAP    := data/snapshots/warehouse.duckdb

.PHONY: run test demo publish install lint clean chromium screenshots

$(STAMP): pyproject.toml
	test -x $(VPY) || $(PY) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VPY) -m etl demo --db $(DB)

publish: demo
	$(VPY) -m etl publish --db $(DB) --out $(SNAP)

run: publish
	$(VPY) app.py --db $(SNAP) --port 8050

# Debian's Chromium drives the browser tests (Playwright's own browser download is not possible offline)
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

test: $(STAMP) chromium
	$(VPY) -m pytest -q

# ruff (lint and format check) on all code, mypy (strict, pyproject.toml) on the layers below the dashboard;
# publish/ is checked once it exists
LINT_PATHS := etl indicators $(wildcard publish) dashboard pages tests app.py
MYPY_PATHS := etl indicators $(wildcard publish)

lint: $(STAMP)
	$(VPY) -m ruff check $(LINT_PATHS)
	$(VPY) -m ruff format --check $(LINT_PATHS)
	$(VPY) -m mypy $(MYPY_PATHS)

screenshots: publish chromium
	$(VPY) app.py --db $(SNAP) --port 8059 & pid=$$!; sleep 5; \
	$(VPY) scripts/screenshots.py --base http://127.0.0.1:8059 --out docs/screenshots; rc=$$?; kill $$pid; exit $$rc

clean:
	rm -rf data/build data/snapshots

.PHONY: bench scaleout-test

# Measures ingest, chart latency, HTTP throughput and time to first chart at city scale; writes docs/performance.md
# (< 30 min on the 2-core machine; generated files in /tmp/wm-bench)
bench: $(STAMP) chromium
	$(VPY) bench/run.py

# Optional in CI: Redis + two gunicorn app servers behind nginx on 127.0.0.1 (Debian's redis-server and nginx)
scaleout-test: $(STAMP)
	@command -v nginx >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server nginx; }
	$(VPY) bench/scaleout_test.py

.PHONY: loadtest
# 50 concurrent users on embeds and the overview for 60 s against gunicorn with the public instance (loopback only);
# appends the figures to docs/performance.md
loadtest: $(STAMP)
	bash bench/run_loadtest.sh
