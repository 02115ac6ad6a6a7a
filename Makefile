# Two entry points: `make run` and `make test`. Both install the locked versions (uv.lock)
# into .venv first; uv itself comes from the package index through pip when it is missing.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV_HOME := .tools/uv
UV ?= $(shell command -v uv 2>/dev/null || echo $(UV_HOME)/bin/uv)
VENV := .venv
# `make test TESTS=tests/app` runs only those tests (after the same install and checks).
TESTS ?=
BIN := $(VENV)/bin
# Use the interpreter we were given, never one uv would download.
export UV_PYTHON := $(PYTHON)
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Bytecode is compiled once, in parallel, at install (uv sync): otherwise each of the suite's
# test workers compiled the same packages again on a fresh clone (pytest 82 s, not 67 s).
UV_COMPILE_BYTECODE ?= 1
export UV_COMPILE_BYTECODE
# Let Python cache compiled modules (__pycache__, git-ignored) even where the environment
# says not to: the suite starts about a hundred Python processes, and compiling pydantic,
# numpy and the SDKs again in each of them doubled its CPU time.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test lint lock docs bench clean

$(UV_HOME)/bin/uv:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
		--target $(UV_HOME) "uv==$(UV_VERSION)"

run: $(UV)
	$(UV) sync --locked --inexact --extra postgres --quiet
	$(BIN)/jobbot run

test: $(UV)
	$(UV) sync --locked --extra dev --quiet
	$(BIN)/python -m compileall -q -j0 jobbot adapters tests bench >/dev/null
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q -n auto $(TESTS)

lint: $(UV)
	$(UV) sync --locked --extra dev --quiet
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# After changing dependencies in pyproject.toml: resolve again and write uv.lock.
lock: $(UV)
	$(UV) lock

# After an answer changed on purpose: write today's output into README.md and docs/.
docs: $(UV)
	$(UV) sync --locked --extra dev --quiet
	$(BIN)/python -m tests.docs.refresh

bench: $(UV)
	$(UV) sync --locked --extra dev --quiet
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_sources.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .ruff_cache
