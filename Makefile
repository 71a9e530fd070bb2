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

.PHONY: all data bytecode test score bench bench-scale diff print-check clean help

all: data ## create the environment and regenerate out/

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

test: $(STAMP) ## lint and run the tests
	$(VENV)/bin/ruff check tipmatrix extract normalize export bench tests
	$(VENV)/bin/mypy
	$(PY) -m pytest

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

print-check: data ## render the workbooks with LibreOffice (skipped without it): pages and median glyph height per sheet
	$(PY) -m bench.print_check out $(if $(PNG),--png $(PNG))

clean: ## remove out/ and the environment
	rm -rf out $(VENV)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'
