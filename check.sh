#!/bin/sh
# Installs everything the checks need, then runs them all: ruff, mypy, pytest.
# Synapse (for the Matrix tests) goes into its own virtual environment, .synapse-venv.
set -eu
cd "$(dirname "$0")"
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
.venv/bin/python -m tests.matrix.synapse install
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
.venv/bin/vulture bot cogs storage vulture_allow.py --min-confidence 60 --ignore-decorators "@command,@job,@listener" --ignore-names "on_*,setup_hook,from_custom_id"
# pytest exits 5 when no test ran; that fails this script like any other failure.
exec .venv/bin/python -m pytest "$@"
