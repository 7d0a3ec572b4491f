#!/usr/bin/env bash
# The README's test command: installs everything the tests need on a fresh machine
# (.ci/setup.sh), then runs the whole suite: ruff, unit tests, the browser tests and
# a small run of every benchmark. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/setup.sh

echo "== ruff"
.venv/bin/ruff check .

echo "== eslint (the player's JavaScript)"
tests/js/node_modules/.bin/eslint .

echo "== node --test (the player's modules)"
node --test tests/js/

echo "== pytest"
.venv/bin/python -m pytest -p no:cacheprovider "$@"
