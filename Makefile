# Two commands do all set-up: `make run` (dashboard on the demo warehouse) and `make test` (whole test suite).
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DB      := data/build/warehouse.duckdb
SNAP    := data/snapshots/warehouse.duckdb
PUBSNAP := data/snapshots/public.duckdb
LOCALE  := dashboard/locale
POT     := $(LOCALE)/messages.pot
MO      := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/messages.po))

.PHONY: run run-public test demo publish publish-public install lint clean chromium screenshots
.DELETE_ON_ERROR:  # e.g. a .mo from a `pybabel compile` that reported errors

$(STAMP): pyproject.toml
	@echo "==> Virtuelle Umgebung $(VENV)/ und Abhängigkeiten aus pyproject.toml (einmalig, etwa eine Minute)"
	@test -x $(VPY) || $(PY) -m venv $(VENV)
	@$(VPY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	PYTHONUNBUFFERED=1 $(VPY) -m pip install --disable-pip-version-check --progress-bar off -e '.[test]' | grep --line-buffered -E '^(Collecting|Successfully)' || true
	@$(VPY) -c "import dash, duckdb, polars" || { echo "FEHLER: Installation unvollständig, siehe oben"; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

# The demo warehouse and its snapshot are files: a second `make run` rebuilds them only when the code or the data
# they come from changed (`make -B demo` forces it).
DEMO_INPUTS := $(shell find etl alerts data -path data/build -prune -o -path data/snapshots -prune -o -type f \( -name '*.py' -o -name '*.xlsx' -o -name '*.csv' -o -name '*.json' -o -name '*.toml' \) -print 2>/dev/null)
SNAP_INPUTS := $(shell find publish indicators -type f \( -name '*.py' -o -name '*.sql' \) -print 2>/dev/null)
PORT    ?= 8050

# the demo ends with the last complete month before the build day (etl/demo/world.py: demo_end): a new month rebuilds it
DEMO_MONTH  ?= $(shell date +%Y-%m)
MONTH_STAMP := data/build/.demo-monat-$(DEMO_MONTH)

$(MONTH_STAMP):
	@mkdir -p $(dir $@) && rm -f data/build/.demo-monat-* && touch $@

$(DB): $(STAMP) $(DEMO_INPUTS) $(MONTH_STAMP)
	@echo "==> Demo-Warehouse $(DB) (Demodaten bis zum letzten vollständigen Monat, reproduzierbar erzeugt)"
	@# from scratch: the current year's months are drawn anew for each build month, and two draws must never mix
	@rm -f $(DB) $(DB).wal
	$(VPY) -m etl demo --db $(DB)
	@touch $(DB)

$(SNAP): $(DB) $(SNAP_INPUTS)
	@echo "==> Snapshot $(SNAP) für das Dashboard"
	$(VPY) -m etl publish --db $(DB) --out $(SNAP)
	@touch $(SNAP)

demo: $(DB)

publish: $(SNAP)

run: publish i18n-compile
	@echo "==> Dashboard auf http://127.0.0.1:$(PORT) (Strg+C beendet; anderer Port: make run PORT=8051)"
	$(VPY) app.py --db $(SNAP) --port $(PORT)

$(PUBSNAP): $(DB) $(SNAP_INPUTS)
	@echo "==> Öffentlicher Snapshot $(PUBSNAP) (nur öffentliche Indikatoren)"
	$(VPY) -m etl publish --public --db $(DB) --out $(PUBSNAP)
	@touch $(PUBSNAP)

publish-public: $(PUBSNAP)

# the public instance as the city runs it on the internet: only public pages, on the public snapshot
PUBLIC_PORT ?= 8051

run-public: publish-public i18n-compile
	@echo "==> Öffentliche Instanz auf http://127.0.0.1:$(PUBLIC_PORT) (Strg+C beendet; anderer Port: make run-public PUBLIC_PORT=8061)"
	$(VPY) app.py --public --db $(PUBSNAP) --port $(PUBLIC_PORT)

# Debian's Chromium drives the browser tests (Playwright's own browser download is not possible offline); poppler-utils'
# pdfinfo/pdftotext check the Wirkungsbericht's PDF (tests/indicators/test_report.py)
chromium:
	@command -v chromium >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils; }

test: $(STAMP) chromium i18n-compile
	$(VPY) -m pytest -q

# ruff (lint and format check) on all code, mypy (strict, pyproject.toml) on the layers below the dashboard;
# publish/ is checked once it exists
LINT_PATHS := etl indicators $(wildcard publish) alerts dashboard pages tests bench app.py
MYPY_PATHS := etl indicators $(wildcard publish) alerts

lint: $(STAMP)
	$(VPY) -m ruff check $(LINT_PATHS)
	$(VPY) -m ruff format --check $(LINT_PATHS)
	$(VPY) -m mypy $(MYPY_PATHS)

screenshots: publish chromium i18n-compile
	$(VPY) app.py --db $(SNAP) --port 8059 & pid=$$!; sleep 5; \
	$(VPY) scripts/screenshots.py --base http://127.0.0.1:8059 --out docs/screenshots; rc=$$?; kill $$pid; exit $$rc

clean:
	rm -rf data/build data/snapshots $(MO) $(POT)

.PHONY: i18n-extract i18n-update i18n-compile
# Translations (docs/translations.md): German texts of `_()`/`N_()` → messages.pot → each language's messages.po → .mo.
# The app reads a .po directly when its .mo is missing or older, so an edited .po never waits for i18n-compile.
i18n-extract: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k _ -k N_ --add-location file --sort-by-file -w 120 \
		--project "Wirkungsmonitor Offenbach" --version 0.1.0 --copyright-holder "Stadt Offenbach am Main" \
		-o $(POT) app.py dashboard pages indicators

# new texts arrive untranslated (or "fuzzy" with a guess): the catalogue test fails until each has its English
i18n-update: i18n-extract
	$(VENV)/bin/pybabel update -i $(POT) -d $(LOCALE) -w 120 --previous --ignore-obsolete

i18n-compile: $(MO)

$(LOCALE)/%/LC_MESSAGES/messages.mo: $(LOCALE)/%/LC_MESSAGES/messages.po | $(STAMP)
	$(VENV)/bin/pybabel compile -i $< -o $@ -l $* --statistics

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

# plotly.js as served (dashboard/vendor/plotly-wm.min.js): core + bar + heatmap, built with npm (needs the npm registry;
# not part of install or test — the built file is committed, tests/pages/test_plotly_bundle.py checks its hash)
.PHONY: plotly-bundle
plotly-bundle:
	cd scripts/plotly-bundle && npm ci --no-audit --no-fund && node build.js
