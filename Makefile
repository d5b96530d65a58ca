# The README's two commands: `make book` and `make test`. Each sets up its own
# environment (.venv, from requirements.txt) on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: book test lint unit site bench clean env notebooks

env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $(STAMP)

## Build the website (every chapter executed, warnings as errors): _build/html/index.html
book: $(STAMP)
	$(BIN)/python tools/build_book.py

## Every test: lint, unit + derivation + explorer tests, every chapter executed in a live
## kernel, the book build, and checks of the built site (HTML + headless browser).
test: lint unit book site

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP)
	$(BIN)/python -m pytest -n 2 --dist loadgroup tests --ignore=tests/test_site.py

site: $(STAMP)
	$(BIN)/python -m pytest tests/test_site.py

## Time every interactive figure (compute, full update), each chapter's execution, and the LLG
## integrator against its peers (SciPy, and cmtj from the optional `bench` extra installed here).
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e ".[bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python tools/bench.py

## Regenerate the .ipynb copies of the pages (for Colab/Binder launch buttons).
notebooks: $(STAMP)
	$(BIN)/python tools/sync_notebooks.py

clean:
	rm -rf _build
