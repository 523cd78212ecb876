#!/usr/bin/env bash
# Builds the release site into dist/ (relative URLs: works under a GitHub
# Pages sub-path and from a zip served by any static server).
#   scripts/build.sh [--no-setup]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"
[ "${1:-}" = --no-setup ] || scripts/setup.sh
wasm_env trunk build --release --offline
# Content-Security-Policy with the hash of the loader Trunk injected.
node tools/csp.mjs dist/index.html
echo "built: $ORGFLOW_ROOT/dist"
