#!/usr/bin/env bash
# Installs what the manifest tests' schema validator needs: node and npm (from Debian, where
# missing) and the npm packages pinned by package-lock.json into manifest-tests/validator/node_modules.
# Idempotent (scripts/install-npm-packages.sh).
set -euo pipefail
dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
exec "$dir/../../scripts/install-npm-packages.sh" "$dir" validator
