#!/bin/sh
# Installs everything the checks need, then runs them all: ruff, mypy, pytest (twice:
# on SQLite, then on PostgreSQL). Synapse (for the Matrix tests) goes into its own virtual
# environment, .synapse-venv; PostgreSQL comes from the distribution's package, and the
# tests start a throwaway server of it on 127.0.0.1 (tests/postgres.py).
set -eu
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/python -m tests.matrix.synapse install
.venv/bin/python -m tests.postgres install
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/vulture bot cogs storage vulture_allow.py --min-confidence 60 --ignore-decorators "@command,@job,@listener" --ignore-names "on_*,setup_hook,from_custom_id"
# pytest exits 5 when no test ran; that fails this script like any other failure.
.venv/bin/python -m pytest "$@"
COPROD_TEST_ENGINE=postgresql exec .venv/bin/python -m pytest "$@"
