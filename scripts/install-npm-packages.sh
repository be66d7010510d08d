#!/usr/bin/env bash
# Installs the npm packages that DIR/package-lock.json pins into DIR/node_modules (npm ci), and node
# and npm from Debian where they are missing. Used for the tools the tests run with node: the
# manifest tests' schema validator (manifest-tests/validator) and MongoDB's shell (system-tests/mongosh).
# Idempotent: once installed, it does nothing until package-lock.json changes; npm ci runs with
# --prefer-offline, so a reinstall takes the packages from npm's cache where it has them.
# Usage: scripts/install-npm-packages.sh DIR [LABEL]
set -euo pipefail
dir=$(cd "$1" && pwd)
label=${2:-$(basename "$dir")}
say() { echo "[$label] $*"; }

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "node/npm missing: apt-get install -y nodejs npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
lock_sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
stamp="$dir/node_modules/.installed-from-lock"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_sum" ]; then
  say "npm packages up to date in $dir/node_modules (node $(node --version))"
  exit 0
fi
say "npm ci --prefix $dir (node $(node --version), npm $(npm --version))"
npm ci --prefix "$dir" --prefer-offline --no-audit --no-fund --loglevel=error
echo "$lock_sum" >"$stamp"
say "installed: $(cd "$dir" && npm ls --depth=0 --parseable 2>/dev/null | tail -n +2 | sed 's|.*/node_modules/||' | tr '\n' ' ')"
