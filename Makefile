# Two commands do all set-up: `make run` (dashboard on the demo warehouse) and `make test` (whole test suite).
PY      ?= python3
VENV    := .venv
VPY     := $(VENV)/bin/python
STAMP   := $(VENV)/.installed
DB      := data/build/warehouse.duckdb
SNAP    := data/snapshots/warehouse.duckdb

.PHONY: run test demo publish install lint clean

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

test: $(STAMP)
	$(VPY) -m pytest -q

lint: $(STAMP)
	$(VPY) -m ruff check etl indicators dashboard pages tests app.py

clean:
	rm -rf data/build data/snapshots
