# Quick start: `make run` (install, then run the baseline scenario) and `make test`.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test wheel-check lint bench clean

$(BIN)/python:
	"$$(scripts/find-python)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(BIN)/collabsim run baseline --replications 8

# The dashboard's browser tests drive Debian's chromium (Playwright's own download is not used).
CHROMIUM ?= /usr/bin/chromium

$(CHROMIUM):
	@echo "installing Debian's chromium for the dashboard's browser tests (needs root and apt-get)"
	apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

test: $(VENV)/.installed | $(CHROMIUM)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadgroup
	scripts/check-wheel $(BIN)/python

# The installed wheel (not the source tree) runs the shipped scenarios and experiments.
wheel-check: $(VENV)/.installed
	scripts/check-wheel $(BIN)/python

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_runs.py

clean:
	rm -rf $(VENV) results
