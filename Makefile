# The two commands: `make run` and `make test`. Everything else is a helper of theirs.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Two stamps: `make run` installs what serving needs; `make test` adds the `dev` extra.
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
LANGS := ar zh en fr ru es
MO := $(foreach l,$(LANGS),locales/$(l)/LC_MESSAGES/messages.mo)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev messages extract update lint typecheck format bench clean clean-data

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(STAMP) messages

install-dev: $(DEV_STAMP) messages

locales/%/LC_MESSAGES/messages.mo: locales/%/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --statistics -D messages -i $< -o $@

messages: $(MO)

run: install
	$(BIN)/draftroom db upgrade
	$(BIN)/draftroom demo load
	$(BIN)/draftroom serve --host $(HOST) --port $(PORT)

test: install-dev lint typecheck
	bash docker/lint.sh
	$(BIN)/pytest -q -n auto --dist loadgroup -m 'not browser and not system and not multiworker and not libreoffice'

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Catalogues: pull new strings from code and templates, merge them into the six languages.
extract: $(DEV_STAMP)
	$(BIN)/pybabel extract --no-location --sort-output -F locales/babel.cfg \
		-k _l -k lazy_gettext -k lazy_pgettext:1c,2 -o locales/messages.pot .

update: extract
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D messages \
		-i locales/messages.pot -d locales
	$(BIN)/python locales/sync_english.py

bench: install-dev
	$(BIN)/python -m bench api

clean:
	rm -rf $(VENV) var/*.db* .mypy_cache .ruff_cache .pytest_cache

# Start over with a fresh demo: the next `make run` migrates an empty database and loads it.
clean-data:
	rm -f var/*.db var/*.db-wal var/*.db-shm
