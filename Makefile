# briefgen — the two commands: `make site` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Debian packages the build and the tests need: fonts for the PDF, Chromium for browser
# tests, poppler for reading PDFs, Pango/HarfBuzz for WeasyPrint, bibutils to import the
# citation exports as another reference tool would.
DEB_PACKAGES := chromium poppler-utils fonts-noto-core fonts-noto-cjk fonts-dejavu-core \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 bibutils
# npm packages the tests use: axe-core (accessibility checks in the browser tests) and citeproc
# (citeproc-js, the CSL processor Zotero uses: the independent oracle of our citations). Installed
# into the git-ignored node_modules/; the stamp names the versions, so changing one reinstalls.
NPM_TEST_PACKAGES := axe-core@4.14.1 citeproc@2.4.63
NPM_STAMP := node_modules/.installed-$(subst $() ,+,$(NPM_TEST_PACKAGES))

.PHONY: site test check lint serve system-deps clean

site: $(VENV)/.installed system-deps
	$(BIN)/briefgen build

test: $(VENV)/.installed-test system-deps $(NPM_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/briefgen bib format --check
	$(BIN)/python -m pytest

check: $(VENV)/.installed
	$(BIN)/briefgen check

serve: $(VENV)/.installed
	$(BIN)/briefgen serve

# The runtime packages only: `make site` needs nothing else.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

# The test tools (pytest, Playwright's Python package, ruff, mypy, ...) and the other two engines
# (ProperDocs, Zensical: the tests build with all three) on top, for `make test`.
$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,properdocs,zensical]'
	touch $@

$(NPM_STAMP):
	@command -v npm >/dev/null || { echo "npm is missing: install Node.js and npm (Debian: apt-get install npm)"; exit 1; }
	rm -f node_modules/.installed-*
	npm install --prefix . --no-save --no-package-lock --no-audit --no-fund --loglevel=error $(NPM_TEST_PACKAGES)
	test -f node_modules/axe-core/axe.min.js
	test -f node_modules/citeproc/citeproc_commonjs.js
	touch $@

system-deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing system packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	  else \
	    echo "missing system packages; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$$missing"; \
	    exit 1; \
	  fi; \
	fi

clean:
	rm -rf site docs/brief .briefgen
