# Two commands matter: `make serve` (build and preview) and `make test`.
# Everything installs from the project's own files: requirements.lock
# (Python, pinned), package-lock.json (axe-core for the browser test only).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PORT   ?= 8000
DOCS   ?= 1000

.PHONY: setup site serve test bench lint clean help

help:
	@echo "make serve  - build the site and serve it with the search API on http://127.0.0.1:$(PORT)/"
	@echo "make site   - build everything into site/ (validate, pages, index, exports, mkdocs)"
	@echo "make test   - run the whole test suite"
	@echo "make bench  - benchmark every stage on a generated corpus (DOCS=$(DOCS))"
	@echo "make lint   - ruff and mypy"
	@echo "make setup  - create or refresh .venv from requirements.lock"

setup: $(STAMP) node_modules/.package-lock.json

# The venv is rebuilt when the pins change (the stamp is older than the lock).
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --silent --no-audit --no-fund; \
	 else echo "npm not found: the browser test's accessibility check will fail"; fi

site: setup
	$(PY) -m build_tools build

serve: site
	$(PY) -m build_tools serve --port $(PORT)

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) -m build_tools bench --docs $(DOCS) --json bench-$(DOCS).json

lint: setup
	$(PY) -m ruff check build_tools tests
	$(PY) -m mypy

clean:
	rm -rf site .index .build docs/van-ban docs/duyet docs/du-lieu .pytest_cache .mypy_cache .hypothesis
