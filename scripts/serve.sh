#!/usr/bin/env bash
# Sets up (if needed), builds and serves the app at http://127.0.0.1:8080/
# with live reload. Ctrl-C stops it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"
scripts/setup.sh --build
# trunk runs cargo --offline: the project's crates, then what the wasm32
# standard library needs (see scripts/build.sh)
cargo fetch --locked
env "${WASM_ENV[@]}" cargo fetch --locked --target wasm32-unknown-unknown
PORT="${PORT:-8080}"
echo "orgflow will be served at http://127.0.0.1:$PORT/ (first build compiles the standard library: a few minutes)"
exec env "${WASM_ENV[@]}" trunk serve --release --offline --port "$PORT"
