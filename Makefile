# One quality gate, the same locally and in CI (.ci/run). `make demo` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV = .venv
PRESET ?= shenyang
BIN = $(VENV)/bin
# Test processes for `make test` (pytest-xdist): the CI machine has 2 cores.
TEST_WORKERS ?= 2
# Lint and format what exists: bench/ is optional.
LINT_PATHS = src tests $(wildcard bench)

.PHONY: install demo test lint format bench clean

# Apache ECharts for the leaders' dashboard: from the npm registry (sha512-checked), git-ignored, never a CDN.
ECHARTS = src/bancheng/dashboard/static/vendor/echarts/echarts.min.js

install: $(VENV)/.installed $(ECHARTS)

$(VENV)/.installed: pyproject.toml
	@if [ ! -x $(BIN)/python ]; then $(PYTHON) -m venv $(VENV); fi
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

$(ECHARTS): $(VENV)/.installed src/bancheng/dashboard/vendor.py
	$(BIN)/python -m bancheng.dashboard.vendor --force

demo: $(VENV)/.installed $(ECHARTS)
	$(BIN)/bancheng migrate --noinput
	$(BIN)/bancheng demo --preset $(PRESET)
	if [ "$(PRESET)" = shenyang ]; then $(BIN)/bancheng suggest demo-history; fi
	$(BIN)/bancheng serve

test: $(VENV)/.installed $(ECHARTS)
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/djlint src --lint --profile=django
	$(BIN)/mypy
	$(BIN)/bancheng check
	$(BIN)/bancheng makemigrations --check --dry-run
	@# Exit code 5 means no tests were collected: not a failure of the gate. The tests run in
	@# $(TEST_WORKERS) processes (pytest-xdist; `make test TEST_WORKERS=0` runs them in this one).
	DJANGO_SETTINGS_MODULE=bancheng.settings.test $(BIN)/pytest -n $(TEST_WORKERS) \
		--cov=bancheng --cov-report=term:skip-covered; \
		status=$$?; [ $$status -eq 0 ] || [ $$status -eq 5 ]

lint: $(VENV)/.installed
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)
	$(BIN)/djlint src --lint --profile=django

format: $(VENV)/.installed
	$(BIN)/ruff check --fix $(LINT_PATHS)
	$(BIN)/ruff format $(LINT_PATHS)

bench: $(VENV)/.installed
	@for script in bench/calendar_bench.py bench/lifecycle_bench.py; do \
		if [ -f $$script ]; then echo "== $$script"; $(BIN)/python $$script || exit 1; fi; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .coverage htmlcov
