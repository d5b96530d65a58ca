# The README's two commands: `make book` and `make test`. Each sets up its own
# environment (.venv, from requirements.txt) on a fresh machine with Python 3.11.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# node_modules (package-lock.json): MathJax, which typesets the book's maths when the site is built
NODE_STAMP := node_modules/.installed

.PHONY: book test lint unit site bench clean env notebooks assignments test-assignments grade \
        student pdf editions

env: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v node >/dev/null && command -v npm >/dev/null || { echo "error: the website's maths \
	is typeset at build time by node: install Debian's nodejs and npm (apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## Build the website (every chapter executed, warnings as errors): _build/html/index.html
book: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tools.build_book

## Every test: lint, unit + derivation + explorer tests, every chapter executed in a live
## kernel, the book build, and checks of the built site (HTML + headless browser).
test: lint unit test-assignments book site editions

lint: $(STAMP)
	$(BIN)/ruff check .

unit: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -n 2 tests --ignore=tests/test_site.py --ignore=tests/test_assignments.py \
	  --ignore=tests/test_editions.py
	$(BIN)/python -m pytest -q -n 2 --doctest-modules spinlib

## Checks of the built site: rebuilds first (cached pages are not re-executed). tests/test_phone.py
## runs here too: in `make test` the unit stage comes before the build, where its site checks skip.
site: book
	$(BIN)/python -m pytest tests/test_site.py tests/test_phone.py

## Time every interactive figure (compute, full update), each chapter's execution, and the LLG
## integrator against its peers (SciPy, and cmtj from the optional `bench` extra installed here).
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install -q -e ".[bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m tools.bench

## Export the clean notebooks book/**/<page>.ipynb (what Colab, Binder and downloads open):
## equations, numbers and citations as text, solutions collapsed, runnable with spinlib alone.
## Needs no website build (pages that glue values are executed once, cached in _build/notebooks).
notebooks: $(STAMP)
	$(BIN)/python -m tools.export_notebooks

## Student edition, no solution anywhere: _build/student/html and _build/student/notebooks.
student: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m tools.build_editions student

## The book as a PDF (LaTeX with xelatex; solutions in an appendix): _build/pdf/book.pdf.
## Needs latexmk, texlive-xetex, texlive-latex-extra, texlive-fonts-recommended, fonts-freefont-otf.
pdf: $(STAMP)
	$(BIN)/python -m tools.build_editions pdf

## Build the student edition and the PDF, then check them (no solution leaks, every chapter printed).
editions: student pdf
	$(BIN)/python -m pytest tests/test_editions.py

## Course assignments (book/course.md): otter assign every master of assignments/ into
## _build/assignments/<name>/{student,autograder} and refresh book/assignments/<name>.ipynb. Uses its
## own environment, .venv-course (otter-grader, the optional `course` extra), never needed by the book.
COURSE       := .venv-course
COURSE_STAMP := $(COURSE)/.installed

# spinlib goes in as a wheel (not editable): the sandboxed grader binds this environment read-only
# and never the source tree; a change of spinlib reinstalls it.
$(COURSE_STAMP): requirements-course.txt pyproject.toml $(shell find spinlib -name '*.py')
	test -x $(COURSE)/bin/python || $(PYTHON) -m venv $(COURSE)
	$(COURSE)/bin/python -m pip install -q --upgrade pip
	$(COURSE)/bin/python -m pip install -q -r requirements-course.txt
	$(COURSE)/bin/python -m pip install -q --no-deps --force-reinstall .
	rm -rf build
	$(COURSE)/bin/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(COURSE_STAMP)

assignments: $(COURSE_STAMP)
	$(COURSE)/bin/python -m tools.build_assignments

## Grade a folder of submitted notebooks, each in its own bubblewrap sandbox (no Docker), into
## _build/grades/<name>/ (grades.csv, feedback/, written/); the ids come from ROSTER (a CSV with
## columns file, student_id) or else the file names; limits: GRADE_OPTS="--timeout 300 --memory-mib 1536":
##   make grade ASSIGNMENT=llg SUBMISSIONS=path/to/notebooks [ROSTER=roster.csv]
KIT = _build/assignments/$(ASSIGNMENT)/autograder/$(ASSIGNMENT)-kit.json
grade: $(COURSE_STAMP)
	test -f $(KIT) || $(COURSE)/bin/python -m tools.build_assignments $(ASSIGNMENT)
	$(COURSE)/bin/python -m tools.grade_submissions --kit $(KIT) --out _build/grades/$(ASSIGNMENT) \
	  $(if $(ROSTER),--roster $(ROSTER)) $(GRADE_OPTS) $(SUBMISSIONS)

## Build every assignment and grade honest submissions (solution, blank, wrong) and attack notebooks
## in the sandbox (tests/test_assignments.py, tests/test_grading.py).
test-assignments: $(STAMP) $(COURSE_STAMP)
	REQUIRE_COURSE_ENV=1 COURSE_PYTHON=$(COURSE)/bin/python $(BIN)/python -m pytest tests/test_assignments.py \
	  tests/test_grading.py

clean:
	rm -rf _build
