# The verbs: run, serve, test, lint, lock. Each sets up .venv/ from the lock files first.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 3
export UV_PYTHON_DOWNLOADS := never
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help install install-test assets tools messages run serve test bench soak audit-web lint audit format lock clean

help:
	@echo "make run    - serve the site for development at http://127.0.0.1:$(PORT)/"
	@echo "make serve  - run it the production way (gunicorn, DJANGO_DEBUG=0); needs DJANGO_SECRET_KEY"
	@echo "make test   - ruff, Django's checks and the whole pytest suite (browser journeys too)"
	@echo "make soak   - readers, commenters, mail and killed workers at once; check nothing is lost"
	@echo "make bench  - measure the pages under load (gunicorn + wrk) into bench/results/latest.md"
	@echo "make audit-web - Lighthouse on the front, article and sign-in pages into bench/results/lighthouse.md"
	@echo "make lint   - ruff and bandit (security linter)"
	@echo "make audit  - pip-audit: known vulnerabilities in the locked packages (needs PyPI's JSON API)"
	@echo "make lock   - re-resolve requirements/*.lock from pyproject.toml"
	@echo "make messages - collect the site's strings into each edition's catalogue (locale/)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 13))' || { \
	  echo "newsroom needs Python 3.13 (found $$($(PYTHON) --version)); with pyenv, run 'pyenv install 3.13'." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.base.stamp: requirements/base.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/base.lock
	@touch $@

$(VENV)/.test.stamp: requirements/test.lock | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/test.lock
	@touch $@ $(VENV)/.base.stamp

# The editions' catalogues (locale/<language>/LC_MESSAGES/django.po, kept in git, and
# locale-django/ for Django's own strings where Django has none) are compiled to the .mo
# files Django reads (not kept in git) whenever a .po changes.
# django.po holds the pages' strings, djangojs.po the scripts' (served by /<code>/jsi18n/).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/*.po locale-django/*/LC_MESSAGES/*.po))

define compile-catalogue
	@command -v msgfmt >/dev/null || { \
	  echo "== Installing Debian's gettext to compile the translations"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }
	msgfmt --check --output-file=$@ $<
endef
locale/%.mo: locale/%.po
	$(compile-catalogue)
locale-django/%.mo: locale-django/%.po
	$(compile-catalogue)


# What the site serves to readers besides static/ (assets/package.json, pinned by
# assets/package-lock.json, apart from the tools below): the Arabic-script web fonts. Only
# the files the stylesheet asks for are copied to assets/fonts/, which settings.py serves
# as static/fonts/: the Arabic subset, regular and bold, as woff2.
ASSET_FONTS := noto-naskh-arabic noto-sans-arabic
assets/node_modules/.stamp: assets/package-lock.json
	@command -v npm >/dev/null || { \
	  echo "The site's web fonts come from the npm registry: install Node.js and npm (apt-get install npm)." >&2; exit 1; }
	npm ci --prefix assets --ignore-scripts --omit=dev --no-audit --no-fund --loglevel=error
	rm -rf assets/fonts
	for family in $(ASSET_FONTS); do \
	  mkdir -p assets/fonts/$$family; \
	  for weight in 400 700; do \
	    cp assets/node_modules/@fontsource/$$family/files/$$family-arabic-$$weight-normal.woff2 \
	      assets/fonts/$$family/; \
	  done; \
	done
	@touch $@

assets: assets/node_modules/.stamp
install: $(VENV)/.base.stamp assets $(CATALOGUES)
install-test: $(VENV)/.test.stamp assets $(CATALOGUES)

# After changing the site's strings: collect them into every edition's catalogue, for the
# translators (README, "Translating"), then compile what they wrote.
messages: install
	for domain in django djangojs; do \
	  DJANGO_DEBUG=1 $(BIN)/python manage.py makemessages --all --no-obsolete --domain $$domain \
	    --ignore='.venv/*' --ignore='node_modules/*' --ignore='assets/*' --ignore='var/*' \
	    --ignore='tests/*' --ignore='bench/*'; \
	done
	$(MAKE) --no-print-directory $(CATALOGUES)

# The outside checkers the suite runs (package.json, pinned by package-lock.json): the Nu
# HTML checker (vnu.jar, run by Java from Debian's packages), Lighthouse and the MDN HTTP
# Observatory. Chromium comes from Debian's packages (.ci/run, or apt-get install chromium).
node_modules/.stamp: package-lock.json
	@command -v java >/dev/null || { \
	  echo "== Installing Debian's default-jre-headless for the Nu HTML checker"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq default-jre-headless >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

tools: node_modules/.stamp

run: export DJANGO_DEBUG := 1
run: install
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --if-empty
	@# honcho runs both, their output labelled (web.1, worker.1); one Ctrl-C stops both.
	$(BIN)/honcho --procfile Procfile.dev start --port $(PORT)

# Debug off is HTTPS only (settings.py); make serve speaks plain HTTP on 127.0.0.1, so it
# turns the HTTPS redirect, HSTS and Secure cookies off itself, and says so.
serve: export DJANGO_DEBUG := 0
serve: export DJANGO_SERVE_MEDIA ?= 1
serve: export DJANGO_SECURE_SSL_REDIRECT := 0
serve: export DJANGO_SECURE_HSTS_SECONDS := 0
serve: export DJANGO_SECURE_COOKIES := 0
serve: install
	@test -n "$${DJANGO_SECRET_KEY:-}" || { \
	  echo "make serve runs with DJANGO_DEBUG=0 and refuses to start without DJANGO_SECRET_KEY." >&2; \
	  echo "Try: DJANGO_SECRET_KEY=\$$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))') make serve" >&2; \
	  exit 1; }
	@echo "make serve: plain HTTP at http://127.0.0.1:$(PORT)/, so the HTTPS redirect, HSTS and Secure cookies are off (production keeps them on)."
	$(BIN)/python manage.py migrate --noinput --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --if-empty
	@# Without REDIS_URL the cache is the process's own memory: one process then, with
	@# WORKERS threads, so that what one request changes every other one sees.
	GUNICORN_PROCESSES="$(if $(REDIS_URL),--workers $(WORKERS),--workers 1 --threads $(WORKERS))" \
	  $(BIN)/honcho --procfile Procfile start --port $(PORT)

# The benchmark: the production setup on its own database, driven by wrk (bench/run.py).
bench: install-test
	@command -v wrk >/dev/null || { \
	  echo "== Installing Debian's wrk for the benchmark"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/run.py

# The reliability run: readers, commenters, a moderator and a killed worker at once
# against gunicorn; afterwards nothing acknowledged is missing or stored twice.
soak: install-test
	$(BIN)/python bench/soak.py

# Lighthouse on the front, an article and the sign-in page, phone and desktop, against
# the score targets: the production setup on its own database (bench/audit_web.py).
audit-web: install tools
	$(BIN)/python bench/audit_web.py

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -c pyproject.toml -r . --severity-level medium --quiet

# Not part of make test: pip-audit asks a vulnerability service about each locked
# version (PyPI's per-release JSON API, or OSV), which not every network can reach.
# --strict fails when a package could not be looked up instead of passing silently.
audit: install-test
	$(BIN)/pip-audit -r requirements/test.lock --no-deps --disable-pip --strict --progress-spinner off

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: export DJANGO_SECRET_KEY ?= insecure-test-only-key
test: lint tools
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lock: | $(BIN)/python
	$(BIN)/python -m pip install --quiet "uv==0.13.9"
	$(BIN)/uv pip compile pyproject.toml --python-version 3.13 --generate-hashes \
	  --no-emit-index-url --no-header --quiet -o requirements/base.lock $(LOCK_ARGS)
	$(BIN)/uv pip compile pyproject.toml --extra test --python-version 3.13 --generate-hashes \
	  --no-emit-index-url --no-header --quiet -o requirements/test.lock $(LOCK_ARGS)
	$(BIN)/python -m pip uninstall --quiet --yes uv
	@rm -f $(VENV)/.base.stamp $(VENV)/.test.stamp

clean:
	rm -rf $(VENV) var/staticfiles .pytest_cache .ruff_cache assets/node_modules assets/fonts
