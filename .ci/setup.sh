#!/usr/bin/env bash
# Installs everything the tests and benchmarks need on a fresh machine: Debian's
# chromium, lmspack with its test tools in .venv, and the npm packages (scorm-again
# and axe-core for the browser tests, simple-scorm-packager for the benchmarks).
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

echo "== installing npm test tools (scorm-again, axe-core; the benchmark's peer)"
npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
npm ci --prefix benchmarks/peer --no-audit --no-fund --loglevel=error
npm ci --prefix tests/js --no-audit --no-fund --loglevel=error  # ESLint, for the player's JS
