#!/usr/bin/env bash
# Builds the release site into dist/ (relative URLs: works under a GitHub
# Pages sub-path and from a zip served by any static server).
#   scripts/build.sh [--no-setup] [--test-hooks]
# --test-hooks adds the failure triggers the end-to-end tests use (a worker
# trap, a silent worker, a main-thread panic; cargo feature `test-hooks`).
# scripts/test.sh builds with it; the published site is built without, and
# this script checks that such a build carries none of them.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"
setup=yes
hooks=no
for arg in "$@"; do
    case "$arg" in
        --no-setup) setup=no ;;
        --test-hooks) hooks=yes ;;
        *) echo "usage: scripts/build.sh [--no-setup] [--test-hooks]" >&2; exit 2 ;;
    esac
done
[ "$setup" = no ] || scripts/setup.sh
if [ "$hooks" = yes ]; then
    wasm_env trunk build --release --offline --features test-hooks
else
    wasm_env trunk build --release --offline
    if grep -l 'ForTest' dist/*.js >/dev/null 2>&1; then
        echo "build: test hooks found in a release build (dist/*.js)" >&2
        exit 1
    fi
fi
# Content-Security-Policy with the hash of the loader Trunk injected.
node tools/csp.mjs dist/index.html
echo "built: $ORGFLOW_ROOT/dist$([ "$hooks" = yes ] && echo ' (with test hooks)')"
