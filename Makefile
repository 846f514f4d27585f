# Two commands do all set-up: `make run` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := portal
PORT ?= 8080

.PHONY: run test lint format translations lock clean

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

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d translations -f

run: $(VENV)/.installed translations
	$(BIN)/flask lsi init
	$(BIN)/flask lsi demo
	@echo "Interventieportaal: http://127.0.0.1:$(PORT)"
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(VENV)/.installed-dev translations lint
	$(BIN)/python tests/run_suites.py

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate the lock files after changing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --python-version 3.11 -o requirements.lock
	uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements-dev.lock

clean:
	rm -rf $(VENV) instance/portal.db

# After adding UI strings: extract, update both catalogs, fill English from the glossary.
i18n: $(VENV)/.installed-dev
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k gettext -k _ -o translations/messages.pot portal models views
	$(BIN)/pybabel update -i translations/messages.pot -d translations
	$(BIN)/python translations/en_glossary.py
	$(BIN)/pybabel compile -d translations -f
