# SIPKS Dashboard. Two commands: `make run` and `make test` (see README).
PY      ?= $(shell command -v python3.11 || command -v python3)
VENV    := .venv
BIN     := $(VENV)/bin
PORT    ?= 8501
ADDRESS ?= 127.0.0.1
RUNTIME := $(VENV)/.installed-runtime
DEV     := $(VENV)/.installed-dev

.PHONY: run test setup screenshots bench browser-deps clean-db help

help:
	@echo "make run [PORT=8501]  - pasang, siapkan basis data + data contoh, jalankan aplikasi"
	@echo "make test             - pasang alat uji dan jalankan seluruh rangkaian uji"
	@echo "make screenshots      - tangkapan layar 1920x1080 setiap halaman (Chromium)"
	@echo "make bench            - jalankan benchmark (hasil di bench/RESULTS.md)"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RUNTIME): requirements.txt constraints.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt -c constraints.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(BIN)/pip install -q -r requirements-dev.txt -c constraints.txt
	touch $@

setup: $(RUNTIME)
	$(BIN)/python -m data_access setup

run: setup
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

test: $(DEV)
	$(BIN)/ruff check --select F,E9 --quiet .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same lookup as the browser tests and screenshots (scripts/chromium.py): Debian's package, never a download.
browser-deps:
	@$(PY) scripts/chromium.py >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)
	@$(PY) scripts/chromium.py >/dev/null

screenshots: $(DEV) browser-deps
	$(BIN)/python scripts/screenshots.py

bench: $(DEV)
	$(BIN)/python bench/run_all.py

clean-db:
	rm -f data/sipks.db data/sipks.db-wal data/sipks.db-shm
