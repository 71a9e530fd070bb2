# make        create .venv, install, regenerate out/ from raw/
# make test   run the test suite
# make help   list the targets
SHELL := /bin/bash
.DELETE_ON_ERROR:
.DEFAULT_GOAL := all

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# The stamp names the Python the environment was made with: another PYTHON (or a .venv left by a
# failed `make PYTHON=python3.10`) makes a new stamp, and the environment is rebuilt (venv --clear).
PYVERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
STAMP := $(VENV)/.installed-python$(PYVERSION)
SHARED ?= ../shared
REF := $(SHARED)/reference
DRAFTS := 2016-05 2016-11

.PHONY: all data bytecode test test-cpu score bench bench-scale diff print-check corpus diff-corpus clean help tesseract ocr-figures

all: tesseract data ## create the environment and regenerate out/

# Scanned drafts are read by tesseract (Debian package tesseract-ocr, English), which pip cannot
# install: make installs it when run as root, and otherwise stops with the one command to run.
tesseract:
	@command -v tesseract >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y tesseract-ocr || { apt-get update && apt-get install -y tesseract-ocr; }; \
	  else echo "make: tesseract is missing (it reads scanned drafts); install it with: sudo apt-get install -y tesseract-ocr" >&2; exit 1; fi; }

$(STAMP): pyproject.toml
	@test -n "$(PYVERSION)" || { echo "make: $(PYTHON) does not run; give PYTHON=python3.11 (or newer)" >&2; exit 1; }
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

# An editable install leaves the checkout's modules uncompiled, and where PYTHONDONTWRITEBYTECODE is
# set Python never caches them: every command would compile them again (0.2 s of each run).
bytecode: $(STAMP)
	@$(PY) -m compileall -q tipmatrix extract normalize export bench

data: bytecode ## regenerate out/ from raw/ (NO_CORRECTIONS=1: without normalize/corrections/)
	$(VENV)/bin/tipmatrix build --raw raw --out out $(if $(NO_CORRECTIONS),--no-corrections)

# pytest rewrites the asserts of each test module as it imports it, and keeps the result in __pycache__
# (only where Python may write bytecode: PYTHONDONTWRITEBYTECODE, set on some machines, would make every
# run rewrite them again). On a clean checkout each worker of the first run would rewrite every module for
# itself (~3 s a worker): one collection writes them first, again only when a test file changed.
REWRITTEN := tests/__pycache__/.rewritten
$(REWRITTEN): $(STAMP) $(wildcard tests/*.py tests/*/*.py) pyproject.toml
	@env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -p no:xdist -p no:cacheprovider --collect-only -qq >/dev/null 2>&1 \
	  && touch $@ || true  # a module that does not import: the run below says which

test: tesseract $(STAMP) $(REWRITTEN) ## lint and run the tests
	$(VENV)/bin/ruff check tipmatrix extract normalize export bench tests
	$(VENV)/bin/mypy
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n auto --dist worksteal

# Where the suite's time goes, in CPU seconds per test file (a busy machine changes the wall time, not these).
test-cpu: $(STAMP) ## run the tests and print the CPU seconds each test file takes, its started processes included
	@log=$$(mktemp) && trap 'rm -f "$$log"' EXIT && \
	env -u PYTHONDONTWRITEBYTECODE TEST_CPU_LOG="$$log" $(PY) -m pytest -n auto --dist worksteal -p bench.suite_cpu && \
	$(PY) -m bench.suite_cpu "$$log"

score: data ## score out/ and a build without corrections against the pillar A reference of both drafts; the diff against the hand alignments
	@test -f $(REF)/score.py || { echo "make score: $(REF)/score.py not found; check out ../shared beside this worktree, or give SHARED=DIR (the folder holding reference/)" >&2; exit 1; }
	@set -o pipefail; raw=$$(mktemp -d) && trap 'rm -rf "$$raw"' EXIT && \
	$(VENV)/bin/tipmatrix build --raw raw --out "$$raw/out" --no-corrections 2>"$$raw/build.log" || { cat "$$raw/build.log"; exit 1; }; \
	for d in $(DRAFTS); do \
	  echo "== $$d pillar A"; \
	  printf '%-21s' 'with corrections:'; \
	  $(PY) $(REF)/score.py $(REF)/reference-$$d-pillar-A.jsonl out/$$d/records.csv --pillar A | tail -n 1 || exit 1; \
	  printf '%-21s' 'without corrections:'; \
	  $(PY) $(REF)/score.py $(REF)/reference-$$d-pillar-A.jsonl "$$raw/out/$$d/records.csv" --pillar A | tail -n 1 || exit 1; \
	  printf '%-21s' 'all pillars:'; $(PY) tests/provision_figure.py out/$$d/records.csv || exit 1; \
	done; \
	$(PY) tests/diff_figure.py --reference $(REF)

diff: $(STAMP) ## regenerate out/diff/ for the May and November 2016 drafts (with the corrections setting of the records in out/)
	$(VENV)/bin/tipmatrix diff 2016-05 2016-11 --raw raw --out out

bench: bytecode ## time the regeneration beside importing its libraries
	$(PY) -m bench

bench-scale: bytecode ## build the two drafts repeated 25, 50, 100 and 200 times: time and peak memory; each output timed (minutes)
	$(PY) -m bench.scale

print-check: data ## render the workbooks with LibreOffice (skipped without it): pages, glyph height, broken words; writes the README's table
	$(PY) -m bench.print_check out --three-drafts --readme README.md --fixtures tests/fixtures/print $(if $(PNG),--png $(PNG))

# N generated documents of the family (tests/corpus/), in a temporary folder: README "A generated corpus".
N ?= 200
corpus: bytecode ## generate N documents of the family (default 200: make corpus N=50), read each, print found, each field, invented bodies and unassigned lines
	PYTHONPATH=.:tests $(PY) -m corpus --n $(N)

# DIFF_N later drafts drawn from the 2016 drafts' records with known edits (tests/corpus/drafts.py), each
# aligned and scored: README "Generated later drafts".
DIFF_N ?= 1000
diff-corpus: bytecode ## generate DIFF_N later drafts with known edits (default 1000, about a minute), align each, print recall and precision overall and per edit
	PYTHONPATH=.:tests $(PY) -m corpus.diffs --n $(DIFF_N)

ocr-figures: bytecode ## scan the office-suite test matrices at 150/200/300 dpi in a temp folder and print the OCR figures, then the speed
	$(PY) tests/ocr_figure.py
	$(PY) tests/ocr_figure.py --speed

clean: ## remove out/ and the environment
	rm -rf out $(VENV)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'
