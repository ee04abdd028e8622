# Integrity portal — build, run, test. Needs only Python 3.11 and make (plus Debian's
# gettext for translations, and postgresql/redis-server/chromium for the full suite).
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
DEMO_PASSWORD ?= demo-pass-2026
PYTEST_ARGS ?=
# python3.11, or python3 when that is 3.11
PYTHON ?= $(shell for p in python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; \
	then command -v $$p; break; fi; done)

.PHONY: help venv run test test-all lint migrations-check ci audit bench backup restore

help:
	@echo "make run               start the portal on http://127.0.0.1:$(PORT)/ (SQLite, demo data, Celery worker + beat)"
	@echo "make test              run the test suite (tests needing PostgreSQL/Redis/chromium skip where absent); PYTEST_ARGS=... to narrow"
	@echo "make test-all          start a throw-away PostgreSQL + Redis and run everything (PORTAL_REQUIRE_ALL=1)"
	@echo "make lint              ruff"
	@echo "make migrations-check  fail when a model change has no migration"
	@echo "make ci                what CI runs: bash .ci/run"
	@echo "make audit             pip-audit of the pinned requirements (needs the vulnerability service online)"
	@echo "make bench             provincial-scale benchmark on a throw-away PostgreSQL + Redis (not in CI; docs/performance.md)"
	@echo "make backup            database (pg_dump -Fc or SQLite backup) + uploaded files into var/backups/<timestamp>/"
	@echo "make restore BACKUP=d  restore that folder (stop web/worker/beat first), then verify the ledger"
	@echo "make venv              create $(VENV) and install requirements-dev.txt (only when they changed)"

venv: $(STAMP)

$(PY):
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed: neither python3.11 nor python3 is 3.11" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: venv
	@PORT=$(PORT) DEMO_PASSWORD=$(DEMO_PASSWORD) VENV=$(VENV) bash scripts/run-dev.sh

test: venv
	@rc=0; $(VENV)/bin/pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests, which counts as a failure" >&2; exit 1; fi; \
	exit $$rc

test-all: venv
	@set -e; dir=$$(mktemp -d /tmp/portal-services.XXXXXX); export PORTAL_SERVICES_DIR=$$dir; \
	trap 'scripts/test-services.sh clean >/dev/null 2>&1 || true' EXIT; \
	scripts/test-services.sh start >/dev/null; source $$dir/env; \
	rc=0; PORTAL_REQUIRE_ALL=1 $(VENV)/bin/pytest -q $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-all: pytest collected no tests" >&2; exit 1; fi; exit $$rc

lint: venv
	$(VENV)/bin/ruff check .

migrations-check: venv
	$(PY) manage.py makemigrations --check --dry-run

ci:
	bash .ci/run

# Known vulnerabilities in the pinned requirements. --no-deps: every requirement is pinned, so no
# resolver and no throw-away venv. --strict: fails when a vulnerability is found or a package could not
# be checked (the vulnerability service unreachable), so a silent "nothing found" never hides an outage.
audit: venv
	$(VENV)/bin/pip-audit --progress-spinner off --strict --disable-pip --no-deps -r requirements.txt
	$(VENV)/bin/pip-audit --progress-spinner off --strict --disable-pip --no-deps -r requirements-dev.txt

bench: venv
	@mkdir -p var/bench
	@VENV=$(VENV) bash scripts/bench.sh

backup: $(STAMP)
	scripts/backup.sh

restore: $(STAMP)
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/<timestamp>" >&2; exit 1; }
	scripts/restore.sh "$(BACKUP)"
