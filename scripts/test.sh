#!/usr/bin/env bash
# Sets up (if needed) and runs every check and test orgflow has:
#   1. cargo fmt --check, clippy -D warnings for the native and the wasm target
#   2. native unit, integration and property tests (cargo test)
#   3. browser tests: wasm32 tests in headless Chromium or Chrome
#      (wasm-bindgen-test-runner through ChromeDriver; scripts/browser.sh)
#   4. end-to-end tests: the release dist/ served on localhost, driven in
#      headless Chromium with playwright-core (tests/e2e)
# Exits non-zero on the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"

step() { printf '\n\033[1;32m==> %s\033[0m\n' "$*"; }
started=$SECONDS

step "setup"
scripts/setup.sh --test
# The browser set-up found or installed (scripts/browser.sh): CHROME,
# CHROMEDRIVER and a webdriver.json naming that browser.
use_browser

step "format"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --all-targets -- -D warnings

step "clippy (wasm32: library, app, worker, browser tests)"
wasm_env cargo clippy --target wasm32-unknown-unknown --lib --bins --test wasm -- -D warnings

step "native tests"
cargo test --all-targets

step "browser tests (wasm32 in headless Chromium)"
wasm_env cargo test --target wasm32-unknown-unknown --test wasm

step "release build with test hooks (dist/)"
scripts/build.sh --no-setup --test-hooks

step "end-to-end tests (dist/ in headless Chromium)"
(cd tests/e2e && node --test --test-concurrency=1 specs/)

step "all checks passed in $((SECONDS - started)) s"
