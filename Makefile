# Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EXTRAS := ui,video,hub,fhir,build,test
APT_PACKAGES := chromium fonts-noto-core postgresql nginx janus xvfb libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 iproute2 libportaudio2 poppler-utils fuse3 espeak-ng sox ffmpeg coturn iptables faketime
DEMO_DIR ?= data/demo

.PHONY: run test venv system-deps lint translations clean build

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "Python 3.11 is required (found $$($(PYTHON) --version))."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[$(EXTRAS)]'
	touch $(STAMP)

venv: $(STAMP)

# System packages the tests need: installed when root, otherwise the exact command is printed.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages: $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null || \
	  { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; }; \
	else \
	  echo "Some tests need system packages. Install them with:"; \
	  echo "  sudo apt-get install -y $$missing"; \
	  echo "(tests that need them will be skipped and say so)"; \
	fi

run: $(STAMP)
	$(BIN)/python -m ui.demo_run --folder $(DEMO_DIR)

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# Refresh the Urdu catalogue from the sources (then translate the new entries) and build the .qm.
translations: $(STAMP)
	$(BIN)/python -m ui.i18n_build --update

# The station as a one-folder bundle in dist/telestation/ (build on Windows for Windows: same spec).
build: $(STAMP)
	$(BIN)/pyinstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/telestation

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf build dist .pytest_cache .ruff_cache tests/artifacts/*.png
