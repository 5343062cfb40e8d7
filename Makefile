# Developer commands. `make up` runs the whole app locally; `make test` runs the test suite.
# All Python runs from .venv, which is (re)installed from requirements.lock when the lock changes.

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed

.PHONY: up test lint bench bench-metrics bench-workspace bench-kb down messages translations clean

# The stamp is touched only after a successful install, so a failed install is retried next time.
$(STAMP): requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $(STAMP)

translations: $(STAMP)
	$(PY) -m helpdesk.i18n compile

up: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) -m helpdesk.i18n compile
	$(PY) manage.py seed_demo
	$(PY) -m helpdesk.devrun

test: $(STAMP) translations
	$(BIN)/pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Benchmarks on their own database (helpdesk_bench); e.g. `make bench ARGS="--tickets 1000000"`.
bench: $(STAMP)
	$(PY) -m bench $(ARGS)

# Metrics benchmark (bench/metrics.py): rebuild, dashboard and event lag at 1,000 vs N tickets;
# e.g. `make bench-metrics ARGS="--tickets 100000"`. Default N: 1,000,000 (takes a while).
bench-metrics: $(STAMP)
	$(PY) -m bench.metrics $(ARGS)

# Workspace benchmark (bench/workspace.py): the agents' pages at 1,000,000 tickets (database
# helpdesk_bench_ws); e.g. `make bench-workspace ARGS="--tickets 20000 --requests 20"` or "--keep".
bench-workspace: $(STAMP)
	$(PY) -m bench.workspace $(ARGS)

# Knowledge base benchmark (bench/kb.py): search and suggestions at 100,000 articles (database
# helpdesk_bench_kb); e.g. `make bench-kb ARGS="--articles 10000 --requests 30"` or "--keep".
bench-kb: $(STAMP)
	$(PY) -m bench.kb $(ARGS)

# Stops the embedded PostgreSQL and Redis started from var/; their data stays there.
down:
	@if [ -x $(PY) ]; then $(PY) -m helpdesk.embedded stop; fi

# makemessages needs GNU gettext (xgettext, msgmerge): `apt-get install gettext`.
# var/ and staticfiles/ hold no source, only a lot of files to walk.
messages: $(STAMP)
	$(PY) manage.py makemessages -l ru --no-location --no-obsolete --ignore var --ignore staticfiles --ignore tests --ignore bench
	$(PY) -m helpdesk.i18n compile

# WARNING: deletes local data for good: the virtualenv and var/ (the embedded database, Redis
# data, uploaded attachments, the beat schedule).
clean: down
	rm -rf $(VENV) var
