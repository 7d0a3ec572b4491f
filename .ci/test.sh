#!/usr/bin/env bash
# The README's test command: installs everything the tests need on a fresh machine
# (Debian's chromium, Python packages in .venv, npm packages), then runs the whole
# suite: ruff, unit tests and the browser tests. Arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (Playwright cannot download a browser here)"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

echo "== installing lmspack and its test tools into .venv"
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

echo "== installing scorm-again (the SCORM run-time the browser tests use as the LMS)"
npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

echo "== ruff"
.venv/bin/ruff check .

echo "== pytest"
.venv/bin/python -m pytest -p no:cacheprovider "$@"
