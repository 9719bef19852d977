# The two commands: `make run` serves the shop, `make test` runs the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
# Two test processes: the machines this runs on have two cores.
PYTEST_ARGS ?= -n 2

.PHONY: run dev up test lint format install clean bench bench-cpu

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# Links in e-mails start here (the worker renders them, far from any request).
export STOREFRONT_SHOP_URL ?= http://$(HOST):$(PORT)
# The worker (e-mail, unpaid orders, docs/mail.md) runs beside the server and stops with it.
WITH_WORKER := $(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM;

# Served as in production: gunicorn with the shipped gunicorn.conf.py (threaded workers).
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(WITH_WORKER) GUNICORN_BIND=$(HOST):$(PORT) $(BIN)/gunicorn

# The whole system as in production, on this machine's PostgreSQL, Redis and RabbitMQ: the
# Procfile's processes under honcho, settings from .env (made from .env.example, with a fresh
# SECRET_KEY, on first run). The shop answers on http://127.0.0.1:5000; Ctrl-C stops it all.
up: install .env
	bin/up

.env:
	sed "s/^SECRET_KEY=.*/SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_hex(32))')/" .env.example > $@
	@echo "Made .env from .env.example; edit it to change the settings."

# For working on the code: Flask's development server, reloading on every change.
dev: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(WITH_WORKER) $(FLASK) run --debug --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The benchmark (not part of `make test`): docs/performance.md says what it measures.
# make bench BENCH_PRODUCTS=1000,1000000 BENCH_DATABASE=postgresql BENCH_ARGS="--duration 5"
BENCH_PRODUCTS ?= 10000
BENCH_DATABASE ?= sqlite
BENCH_ARGS ?=

bench: install
	$(BIN)/python -m bench.run --products $(BENCH_PRODUCTS) --database $(BENCH_DATABASE) $(BENCH_ARGS)

# CPU per request of each busy page beside its reference, in one process (bench/cpu.py): a
# guide that moves far less with the machine's load than the bench's requests a second.
bench-cpu: install
	$(BIN)/python -m bench.cpu --products $(BENCH_PRODUCTS)
