# Omnistore: `make run` (the shop with demo data) and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Only for `check --deploy` in `make test`: production settings with a key of production length.
DEPLOY_CHECK_SECRET_KEY := check-deploy-only-not-a-real-key-0123456789-abcdefghijklmnopqrstuvwxyz

.PHONY: install messages run test bench lint format clean screenshots

# Development defaults for manage.py in this checkout; the real environment overrides them.
.env:
	printf '# Development defaults (make install); variables in the environment win. Never used in production.\nDEBUG=1\n' > .env

$(STAMP): pyproject.toml | .env
	@echo "Installing Omnistore and its dependencies into $(VENV) (the first time takes a few minutes)…"
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install --progress-bar on -e ".[dev]"
	touch $(STAMP)

install: $(STAMP) messages

# The translations (locale/<language>/LC_MESSAGES/django.po) compiled to .mo, which git ignores; only changed ones
# are compiled again. GNU gettext's msgfmt does it: installed here when missing (root), else the command says how.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y -q gettext || { apt-get update -q && apt-get install -y -q gettext; }; \
	else echo "GNU gettext is missing: install it with 'sudo apt-get install -y gettext'" >&2; exit 1; fi; }
	DEBUG=$${DEBUG:-1} $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules --ignore=staticfiles -v 0

# PORT (default 8000), DATABASE_URL, REDIS_URL and DEMO_PASSWORD are read from the environment.
# exec: no shell in between, so a SIGTERM that make passes on reaches devrun, which stops what it started.
run: $(STAMP) messages
	DEBUG=$${DEBUG:-1} exec $(PY) -m config.devrun

# Checks first (they take seconds), then the suite against real PostgreSQL and Redis.
# makemigrations checks the migration history only when the database exists (no pool, no warning otherwise).
test: $(STAMP) messages
	DEBUG=$${DEBUG:-1} $(PY) manage.py check --fail-level WARNING
	DEBUG=$${DEBUG:-1} DATABASE_POOL=0 PYTHONWARNINGS=ignore::RuntimeWarning $(PY) manage.py makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$(DEPLOY_CHECK_SECRET_KEY) ALLOWED_HOSTS=shop.example.com SHOP_URL=https://shop.omnistore.no $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

# wrk is the load generator; installed here when missing (root), else the bench says how and uses Python clients.
bench: $(STAMP)
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; } \
	|| echo "wrk could not be installed: using Python clients"; \
	else echo "wrk is missing: install it with 'sudo apt-get install -y wrk' for the true rates (using Python clients now)"; fi; }
	DEBUG=$${DEBUG:-0} $(PY) bench/run.py

# PNGs of the demo shop and clerk console at 1366, 1024 and 390 px into screenshots/ (git-ignored), from a test database.
screenshots: $(STAMP)
	DEBUG=$${DEBUG:-1} $(PY) -m pytest -q tests/e2e/screenshots.py -s

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
