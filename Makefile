# 依法 Yifa — two commands on a fresh machine: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export YIFA_HOME ?= $(CURDIR)

.PHONY: run test bench load lint setup browser fonts faketime wrk demo clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# Debian's Chromium for the Playwright browser tests; never `playwright install`.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# A CJK font for PDF documents (WeasyPrint), and pdftotext for the tests that read them back.
fonts:
	@{ fc-list :lang=zh 2>/dev/null | grep -q . && command -v pdftotext >/dev/null 2>&1; } || { \
	  echo "installing Debian fonts-noto-cjk, poppler-utils (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk poppler-utils; }

# libfaketime, for CI's second run of the suite with the machine's clock moved (tests hold on any day).
faketime:
	@command -v faketime >/dev/null 2>&1 || { \
	  echo "installing Debian faketime (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime; }

# Debian's wrk, the load generator of `make load` (bench/load.py); never downloaded at run time.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "installing Debian wrk (apt)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }

var:
	mkdir -p var

run: $(STAMP) var fonts
	$(BIN)/yifa migrate --noinput
	$(BIN)/yifa audit keygen
	$(BIN)/yifa collectstatic --noinput -v0
	$(BIN)/yifa demo --if-empty
	$(BIN)/yifa worklist rebuild --if-empty
	$(BIN)/yifa accounts
	@# The scheduled-work worker (django-q2: audit seals …) runs beside gunicorn and stops with it.
	$(BIN)/yifa qcluster & worker=$$!; trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(BIN)/gunicorn -c yifa/gunicorn.conf.py yifa.wsgi:application --bind 127.0.0.1:8000 --workers 2

test: $(STAMP) browser fonts faketime
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check yifa tests bench
	$(BIN)/mypy yifa
	$(BIN)/lint-imports

# bench/run.py (and the reconciliation and sweep it starts) runs on SQLite, then PostgreSQL; RUN_ARGS,
# e.g. `make bench RUN_ARGS="--cases 200000 --record"`.
# LOAD_ARGS, e.g. `make bench LOAD_ARGS="--cases 200000 --duration 5"`; LOAD=0 skips the load run.
# CPU=0 skips bench/cpu.py (CPU per request of every page in one process; CPU_ARGS, e.g. "--cases 200000").
RUN_ARGS ?=
LOAD ?= 1
LOAD_ARGS ?=
CPU ?= 1
CPU_ARGS ?=
# PORTAL=0 skips bench/portal.py (the public portal with one million released decisions, on SQLite
# then PostgreSQL; the databases are kept under var/bench and as yifa_portal_<N> for the next run).
PORTAL ?= 1
PORTAL_ARGS ?= --decisions 1000000 --keep --duration 5
bench: $(STAMP) wrk
	for db in sqlite postgres; do $(BIN)/python bench/run.py --db $$db $(RUN_ARGS) || exit 1; done
	@if [ "$(CPU)" = 1 ]; then $(BIN)/python bench/cpu.py $(CPU_ARGS); fi
	@if [ "$(LOAD)" = 1 ]; then $(BIN)/python bench/load.py $(LOAD_ARGS); fi
	@if [ "$(PORTAL)" = 1 ]; then for db in sqlite postgres; do $(BIN)/python bench/portal.py --db $$db $(PORTAL_ARGS) || exit 1; done; fi

# Only the concurrent load run (wrk; SQLite and PostgreSQL side by side).
load: $(STAMP) wrk
	$(BIN)/python bench/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) var/*.db staticfiles
