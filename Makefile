# The two commands of the README: `make run` (demo on SQLite) and `make test` (the whole suite).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export HYEOPCHI_VAR_DIR ?= $(CURDIR)/var

.PHONY: run test install install-dev lint pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"

run: install
	bash scripts/install-system-packages.sh --runtime
	$(BIN)/hyeopchi migrate --noinput -v0
	$(BIN)/hyeopchi demo
	@echo ""
	@echo "  hyeopchi demo: http://127.0.0.1:8000/gwangju/"
	@echo "  demo administrator: admin / hyeopchi-demo-2026 (back office: http://127.0.0.1:8000/admin/)"
	@echo ""
	$(BIN)/hyeopchi serve --with-worker

test:
	bash scripts/test.sh

lint: install-dev
	bash scripts/lint.sh

pytest: install-dev
	$(BIN)/pytest

bench: install-dev
	$(BIN)/python bench/bench_organizations.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
