# Passerelle — the two commands a new user needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test serve install install-test lint check messages ci clean bench screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files keep reinstalls to when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: export DEBUG ?= true
demo: install
	$(BIN)/passerelle migrate --no-input
	$(BIN)/passerelle demo
	@echo ""
	@echo "Passerelle demo: http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/, admin: http://$(HOST):$(PORT)/admin/)"
	$(BIN)/passerelle runserver $(HOST):$(PORT)

# One test process per core (pytest-xdist); TEST_WORKERS=0 runs in this process (for pdb, or one quick test).
TEST_WORKERS ?= auto
test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .

check: export DEBUG ?= true
check: install-test
	$(BIN)/passerelle check
	$(BIN)/passerelle makemigrations --check --dry-run

# Source strings are English; French is the translation (LANGUAGE_CODE is fr). After changing strings:
# regenerate the French catalogues, translate them, and commit both the .po and the compiled .mo files
# (so a fresh clone is translated without a compile step).
messages: install-test
	$(BIN)/passerelle makemessages -l fr --no-obsolete -i ".venv/*" -i "*/migrations/*" -i "tests/*" -i "benchmarks/*" -i "build/*"
	$(BIN)/passerelle makemessages -d djangojs -l fr --no-obsolete -i ".venv/*" -i "staticfiles/*" -i "build/*"
	$(BIN)/passerelle compilemessages -i .venv

# Pages timed beside a bare Django view at two sizes (PostgreSQL, Redis, gunicorn, wrk): benchmarks/README.md.
# Not part of CI (it takes about 10 minutes and needs PostgreSQL, Redis and wrk).
bench: install-test
	$(BIN)/python benchmarks/bench.py

# PNGs of the main pages at 1280 and 360 px in both languages into docs/screenshots/ (Playwright and Chromium;
# the demo database is migrated and loaded first, as `make demo` does, then served on a free port).
screenshots: export DEBUG ?= true
screenshots: install-test
	$(BIN)/passerelle migrate --no-input
	$(BIN)/passerelle demo
	$(BIN)/python tools/screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
