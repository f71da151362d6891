# ml-katas. `make help` lists the targets. Every target sets itself up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KATA := $(PY) -m katalib

.DEFAULT_GOAL := help
.PHONY: help setup test test-slow stubs generate grade grade-day data data-full bench clean

help:
	@echo "Learner:    make day01 .. make day40   run one day's tests on your code in katas/"
	@echo "            make week1 .. make week8   run a whole week"
	@echo "            make grade                 score every day -> grading/results.json"
	@echo "            make data                  download the datasets into the cache (make data-full: the large ones too)"
	@echo "            KATAS_TARGET=solutions make day04   run a day against the reference solution"
	@echo "Maintainer: make test                  every solution passes, every stub fails, generated files in sync"
	@echo "            make test-slow             the same, with the full-size (slow) tests"
	@echo "            make generate              regenerate stubs, the README table and the Classroom files"
	@echo "            make bench                 benchmark tests -> grading/benchmarks.json"

# A virtual environment from the pinned requirements. Re-made only when they change.
setup: $(STAMP)
$(STAMP): requirements.txt requirements/lock.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

day%: $(STAMP)
	@$(KATA) run day$*

week%: $(STAMP)
	@$(KATA) run week$*

test: $(STAMP)
	@$(KATA) selfcheck

test-slow: $(STAMP)
	@$(KATA) selfcheck --slow

stubs generate: $(STAMP)
	@$(KATA) generate

grade: $(STAMP)
	@$(KATA) grade

grade-day: $(STAMP)
	@$(KATA) grade --day $(DAY)

data: $(STAMP)
	@$(KATA) data

data-full: $(STAMP)
	@$(KATA) data --full

bench: $(STAMP)
	@$(KATA) bench

clean:
	rm -rf build grading .pytest_cache .benchmarks
