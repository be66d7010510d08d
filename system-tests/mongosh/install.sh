#!/usr/bin/env bash
# Installs MongoDB's shell (mongosh, pinned by package-lock.json) into system-tests/mongosh/node_modules
# for MongoShellIT, and node and npm from Debian where missing. Idempotent (scripts/install-npm-packages.sh).
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$dir/../../scripts/install-npm-packages.sh" "$dir" mongosh
