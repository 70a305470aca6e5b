# greenlist: `make run` serves the portal on http://127.0.0.1:8000, `make test` runs the tests.
# Both set up what they need first (Debian packages, .venv, node_modules, the SQLite database);
# stamps under .stamps/ keep the second run fast.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
TEST_PROCESSES ?= auto
LOCALES ?= en
MANAGE := $(BIN)/python manage.py

.PHONY: help setup system-packages python-deps node-deps run test worker lint messages clean FORCE

help:
	@echo "make run       set up, create the demo data (prints the logins), serve http://$(HOST):$(PORT)"
	@echo "make test      set up, run the tests (extra pytest options: PYTEST_ARGS='-k quota'; TEST_PROCESSES=auto)"
	@echo "make setup     Debian packages, .venv, node_modules, migrate the database"
	@echo "make worker    a Celery worker (needs CELERY_BROKER_URL; without it tasks run eagerly)"
	@echo "make lint      ruff and the layering contract (lint-imports)"
	@echo "make messages  makemessages -l $(LOCALES) + compilemessages"
	@echo "make clean     remove .venv, node_modules, stamps and caches (keeps var/, your data)"

setup: python-deps node-deps | var
	$(MANAGE) migrate --noinput

system-packages:
	@PYTHON=$(PYTHON) bash scripts/install-system-packages.sh

python-deps: $(STAMPS)/python-deps
node-deps: $(STAMPS)/node-deps

# pyvenv.cfg is a real file written once per venv (bin/python is a symlink to an old binary).
$(VENV)/pyvenv.cfg: | system-packages
	$(PYTHON) -m venv $(VENV)

$(STAMPS)/python-deps: pyproject.toml $(VENV)/pyvenv.cfg | system-packages $(STAMPS)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -U pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $@

# Rerun `npm ci` when the lock changes, or when node_modules has gone.
$(STAMPS)/node-deps: package-lock.json package.json $(if $(wildcard node_modules/.package-lock.json),,FORCE) \
		| system-packages $(STAMPS)
	npm ci --no-audit --no-fund
	@touch $@

$(STAMPS) var:
	mkdir -p $@

FORCE:

run: setup
	$(MANAGE) seed_demo
	$(MANAGE) import_published_lists data/published_lists
	$(MANAGE) runserver $(HOST):$(PORT)

# Two pytest runs (scripts/run-tests.sh): all but the browser and real-worker tests in parallel,
# one process per core (TEST_PROCESSES=auto, or a number), then those in one process.
# It exits 5 when neither run collected anything: say so instead of a bare "Error 5".
test: setup
	@rc=0; PYTEST=$(BIN)/pytest TEST_PROCESSES=$(TEST_PROCESSES) bash scripts/run-tests.sh $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; fi; \
	exit $$rc

worker: setup
	$(BIN)/celery -A greenlist worker --loglevel=info

lint: python-deps
	$(BIN)/ruff check .
	$(BIN)/lint-imports

messages: python-deps
	$(MANAGE) makemessages $(addprefix -l ,$(LOCALES)) --ignore=node_modules --ignore=var --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=node_modules --ignore=.venv --ignore=var

clean:
	rm -rf $(VENV) node_modules $(STAMPS) staticfiles .pytest_cache .ruff_cache test-results *.egg-info
	find . -name __pycache__ -type d -not -path './.git/*' -prune -exec rm -rf {} +
