# Liangjiang portal. `make run` serves the site; `make test` runs every check.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 8
# Absolute links (status links, QR codes, emails, feeds) follow PORT unless given.
SITE_URL ?= http://127.0.0.1:$(PORT)

export DJANGO_SETTINGS_MODULE := portal.settings

.PHONY: run dev test lint format messages compilemessages worker clean drill

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# The first manage.py command generates var/secret_key (mode 600) and keeps it:
# sessions and signed links survive a restart.
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py loaddemo
	$(PY) manage.py ensure_superuser
	$(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat $${VAR_DIR:-var}/secret_key)}" \
		SITE_URL="$(SITE_URL)" $(VENV)/bin/gunicorn portal.wsgi --bind 127.0.0.1:$(PORT) \
		--worker-class gthread --workers $(WORKERS) --threads $(THREADS) --keep-alive 0 --timeout 60 --forwarded-allow-ips "$${TRUSTED_PROXIES:-127.0.0.1}"

dev: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py loaddemo
	DJANGO_DEBUG=1 SITE_URL="$(SITE_URL)" $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The durable task worker, for DJANGO_TASKS_BACKEND=database.
worker: $(VENV)/.installed
	$(PY) manage.py db_worker

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The deploy check runs with production settings: DEBUG off, HTTPS on, a real key.
DEPLOY_ENV := DJANGO_DEBUG=0 DJANGO_HTTPS=1 \
	DJANGO_SECRET_KEY=$$($(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))")

test: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(VENV)/bin/pytest $(PYTEST_ARGS)

messages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale zh_Hans --ignore '$(VENV)/*' --ignore 'var/*'
	DJANGO_DEBUG=1 $(PY) manage.py makemessages --locale zh_Hans --domain djangojs --ignore '$(VENV)/*' --ignore 'var/*'

compilemessages: $(VENV)/.installed
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore '$(VENV)/*'

clean:
	rm -rf $(VENV) var

# Two web nodes, PgBouncer, Redis, SeaweedFS and nginx on loopback, node A killed
# mid-burst, a backup restored (deploy/drill.py). Needs PostgreSQL and Redis running,
# and Debian's nginx, pgbouncer and wrk.
drill: $(VENV)/.installed-dev
	$(PY) deploy/drill.py
