# ml-katas. `make help` lists the targets. Every target sets itself up first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KATA := $(PY) -m katalib

.DEFAULT_GOAL := help
.PHONY: notebook portfolio help setup setup-all check-install test test-slow stubs generate grade grade-day data data-full bench submission capstone titanic progress hint watch student-template clean

help:
	@echo "Learner:    make day01 .. make day40   run one day's tests on your code in katas/"
	@echo "            make week1 .. make week8   run a whole week"
	@echo "            make grade                 score every day -> grading/results.json"
	@echo "            make data                  download the datasets into the cache (make data-full: also CIFAR-10, IMDB archives)"
	@echo "            make submission            day 15: CV RMSE + Kaggle submission -> out/day15/"
	@echo "            make capstone              day 40: the capstone end to end (data, DVC, model, API, CI, blog post) -> out/capstone/"
	@echo "            make titanic               day 20: CV accuracy + Kaggle Titanic submission -> out/day20/"
	@echo "            make progress              your 40-day table (runs make grade once)"
	@echo "            make hint DAY=04           the next hint for the first failing task"
	@echo "            make watch DAY=04          re-run a day's tests whenever you save"
	@echo "            make notebook DAY=04       the day's Jupyter notebook (created once, never overwritten)"
	@echo "            make portfolio             a static site of your graded work and deliverables -> portfolio/"
	@echo "            KATAS_TARGET=solutions make day04   run a day against the reference solution"
	@echo "Maintainer: make setup-all             install every package group (instructors, CI)"
	@echo "            make check-install         (online) every group installs from wheels on Linux/macOS/Windows, no CUDA"
	@echo "            make test                  every solution passes, every stub fails, generated files in sync"
	@echo "            make test-slow             the same, with the full-size (slow) tests"
	@echo "            make generate              regenerate stubs, the README table and the Classroom files"
	@echo "            make bench                 benchmark tests -> grading/benchmarks.json"
	@echo "            make student-template OUT=../ml-katas-template   a Classroom copy without solutions"

# A virtual environment from the pinned requirements. Re-made only when they change, or when the
# .venv is broken (made without pip, or its Python moved): then it is rebuilt, not trusted.
VENV_OK := $(shell test -e $(VENV) || echo none; $(PY) -c "import pip" >/dev/null 2>&1 && echo ok)
ifeq ($(VENV_OK),)
$(shell rm -f $(STAMP))
endif
# `setup` installs the core packages (weeks 1-3); a later day installs the group it needs the first
# time it runs (katas/days.toml, requirements/groups.toml); `setup-all` installs every group.
setup: $(STAMP)
$(STAMP): requirements.txt requirements/lock.txt requirements/groups.toml
	@$(PY) -c "import pip" >/dev/null 2>&1 || { test ! -e $(VENV) || echo "$(VENV) is broken (no working pip): rebuilding it"; rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	@echo "installing the core packages into $(VENV) (once; a few minutes)..."
	@$(PY) -m katalib.install core
	@touch $@

setup-all: $(STAMP)
	@$(PY) -m katalib.install all

# Needs the internet: every group resolves to binary wheels on Linux, macOS and Windows, without CUDA.
check-install: $(STAMP)
	@$(PY) -m katalib.install --check-platforms

day%: $(STAMP)
	@$(KATA) run day$*

week%: $(STAMP)
	@$(KATA) run week$*

test: setup-all
	@$(KATA) selfcheck

test-slow: setup-all
	@$(KATA) selfcheck --slow

stubs generate: $(STAMP)
	@$(KATA) generate

grade: $(STAMP)
	@$(KATA) grade

grade-day: $(STAMP)
	@test -n "$(DAY)" || { echo "usage: make grade-day DAY=04"; exit 2; }
	@$(KATA) grade --day $(DAY)

data: $(STAMP)
	@$(KATA) data

data-full: $(STAMP)
	@$(KATA) data --full

bench: $(STAMP)
	@$(KATA) bench

# Day 15's deliverable: CV RMSE logged and the Kaggle submission, from your katas/ code
# (KATAS_TARGET=solutions for the reference's).
submission: $(STAMP)
	@$(PY) -m $${KATAS_TARGET:-katas}.week3_classical_ml_1.day15_house_prices.house_prices --out out/day15

# Day 40's deliverable: the capstone run end to end on the real data (fetch, dvc repro, the API on
# 127.0.0.1 queried, the workflow validated, the project's tests, the blog post) in out/capstone/,
# from your katas/ code (KATAS_TARGET=solutions for the reference's).
capstone: $(STAMP)
	@$(PY) -c "from katalib import days, install; install.ensure_for([days.get(40)])"
	@$(PY) -m $${KATAS_TARGET:-katas}.week8_mlops.day40_capstone.capstone --out out/capstone

# Day 20's deliverable: CV accuracy printed and the Kaggle Titanic submission, from your katas/ code
# (KATAS_TARGET=solutions for the reference's).
titanic: $(STAMP)
	@$(PY) -m $${KATAS_TARGET:-katas}.week4_classical_ml_2.day20_titanic_competition.titanic --out out/day20

progress: $(STAMP)
	@echo "grading every day once (make grade)..."
	@$(KATA) grade > /dev/null
	@$(KATA) progress

hint: $(STAMP)
	@test -n "$(DAY)" || { echo "usage: make hint DAY=04"; exit 2; }
	@$(KATA) hint $(DAY)

portfolio: $(STAMP)
	@$(KATA) portfolio

notebook: $(STAMP)
	@test -n "$(DAY)" || { echo "usage: make notebook DAY=04"; exit 2; }
	@$(KATA) notebook $(DAY)

watch: $(STAMP)
	@test -n "$(DAY)" || { echo "usage: make watch DAY=04"; exit 2; }
	@$(KATA) watch $(DAY)

student-template: $(STAMP)
	@test -n "$(OUT)" || { echo "usage: make student-template OUT=../ml-katas-template"; exit 2; }
	@$(KATA) student-template $(OUT)

clean:
	rm -rf build grading .pytest_cache .benchmarks
