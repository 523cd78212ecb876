#!/usr/bin/env bash
# Builds the release site into dist/ (relative URLs: works under a GitHub
# Pages sub-path and from a zip served by any static server).
#   scripts/build.sh [--no-setup] [--test-hooks]
# Set-up here is `scripts/setup.sh --build`: the wasm32 toolchain, trunk,
# wasm-bindgen and wasm-opt, never a browser or the end-to-end test packages.
# The build fails, and so publishes nothing, unless dist/ passes its checks:
# no test hooks in a release build, the CSP <meta> tag names the hash of the
# loader Trunk injected, and every URL in index.html is relative and points
# at a file in dist/ (tools/check-dist.mjs).
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
[ "$setup" = no ] || scripts/setup.sh --build
# Trunk runs cargo with --offline (so it never downloads tools): fetch the
# locked crates first (nothing to do when they are in cargo's cache), then,
# for wasm32, what the standard library itself needs (dlmalloc and others,
# which build-std compiles on the system route): on a fresh machine the
# offline build otherwise stops at "no matching package named `dlmalloc`".
cargo fetch --locked
wasm_env cargo fetch --locked --target wasm32-unknown-unknown
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
node tools/check-dist.mjs dist
# The offline copy (a service worker listing this build's files), after the
# last change to any file it lists.
node tools/offline.mjs dist
# The same site as one archive, for a laptop in a room with no network:
# unpack, then `python3 -m http.server 8000 --directory orgflow` (or any
# static server) and open http://localhost:8000/ (README, "Offline").
archive=orgflow-offline.tar.gz
rm -f "dist/$archive"
tar -czf "/tmp/$archive.$$" --exclude="$archive" --transform 's,^\.,orgflow,' -C dist .
mv "/tmp/$archive.$$" "dist/$archive"
echo "built: $ORGFLOW_ROOT/dist$([ "$hooks" = yes ] && echo ' (with test hooks)')"
