#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run the whole suite.
#   ./scripts/test.sh [PYTEST ARGS...]
# Installs gifthorse (editable) with its test extras into the current Python, then the
# real editors for the end-to-end tests (scripts/setup-e2e.sh), then runs pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

echo "==> installing gifthorse and test dependencies"
"$PYTHON" -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ -x scripts/setup-e2e.sh ]; then
  echo "==> installing editors for the end-to-end tests"
  PYTHON="$PYTHON" scripts/setup-e2e.sh
fi

echo "==> running the test suite"
status=0
"$PYTHON" -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
