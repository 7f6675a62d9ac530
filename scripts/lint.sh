#!/usr/bin/env bash
# ruff (lint + format check) and mypy --strict over analyzers/ and server/.
# mypy cannot follow setuptools' package-dir mapping, so it checks a throw-away tree in which
# gifthorse/analyzers and gifthorse/server are symbolic links to the real folders.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -m ruff check analyzers server tests benchmarks
"$PYTHON" -m ruff format --check analyzers server tests benchmarks
shim=$(mktemp -d)
trap 'rm -rf "$shim"' EXIT
mkdir -p "$shim/gifthorse"
ln -s "$PWD/analyzers" "$shim/gifthorse/analyzers"
ln -s "$PWD/server" "$shim/gifthorse/server"
(cd "$shim" && MYPYPATH="$shim" "$PYTHON" -m mypy --strict --config-file "$OLDPWD/pyproject.toml" \
  --cache-dir "$OLDPWD/.mypy_cache" -p gifthorse.analyzers -p gifthorse.server)
