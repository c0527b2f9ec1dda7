# Daymap — `make run` starts the app, `make test` runs every check. Both set everything up first.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTHON ?= python3

.PHONY: run test test-fast lint benchmark benchmark-smoke screenshots clean system-deps-run system-deps-test

run: system-deps-run $(STAMP)
	$(PY) main.py $(ARGS)

test: system-deps-test $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

# The domain tests alone, without a QApplication: seconds, not minutes.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not gui and not slow"

lint: $(STAMP)
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy

benchmark: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py $(ARGS)

benchmark-smoke: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) benchmarks/run.py --accounts 50

screenshots: system-deps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) scripts/screenshots.py

system-deps-run:
	@scripts/system-deps.sh run

system-deps-test:
	@scripts/system-deps.sh test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
