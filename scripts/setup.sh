#!/usr/bin/env bash
# Installs everything orgflow needs to build, serve and test, then exits.
# Idempotent: each step checks what is already there (and its version), so a
# warm machine passes through in seconds.
#
#   scripts/setup.sh            # everything (build + browser tests)
#
# Needs: the Rust toolchain (rustup), Node.js with npm, and on Debian/Ubuntu
# apt-get (as root or with sudo) for Chromium, ChromeDriver and, when rustup
# cannot provide the wasm32 target, Debian's rustc-web toolchain.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
TRUNK_VERSION=0.21.14          # 0.22 needs rustc >= 1.96.1

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# --- Debian packages -------------------------------------------------------
apt_packages=()
command -v chromium >/dev/null || apt_packages+=(chromium)
command -v chromedriver >/dev/null || apt_packages+=(chromium-driver)
if [ "$ORGFLOW_WASM_ROUTE" = system ]; then
    # Debian's rustc 1.96 with its standard-library sources, the lld that its
    # rust-lld points at, and its clippy (for linting the wasm build).
    [ -x /usr/bin/rustc ] || apt_packages+=(rustc-web cargo-web)
    [ -d /usr/lib/rustlib/src/rust/library ] || apt_packages+=(rust-web-src)
    [ -x /usr/bin/clippy-driver ] || apt_packages+=(rust-web-clippy)
    command -v ld.lld-22 >/dev/null || [ -x /usr/lib/llvm-22/bin/lld ] || apt_packages+=(lld-22)
fi
if [ ${#apt_packages[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null; then
        log "installing Debian packages: ${apt_packages[*]}"
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
    else
        echo "missing: ${apt_packages[*]} (install them with your package manager)" >&2
        exit 1
    fi
fi

if [ "$ORGFLOW_WASM_ROUTE" = system ] && ! rustup toolchain list | grep -q '^system'; then
    log "linking Debian's Rust toolchain into rustup as 'system'"
    rustup toolchain link system /usr
fi

# --- Rust tools --------------------------------------------------------------
have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q " $2\$"; }

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
    log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
    # No --locked: one of its locked dependencies is missing from the mirror.
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi
if ! have_version trunk "$TRUNK_VERSION"; then
    log "installing trunk $TRUNK_VERSION (about 15 minutes on 2 cores)"
    cargo install trunk --version "$TRUNK_VERSION" --locked --force
fi
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt

# --- npm packages: wasm-opt for the build, playwright-core + axe-core for the
# end-to-end tests (playwright-core ships no browser and never downloads one).
npm_install() {
    local dir=$1 what=$2 stamp="$1/node_modules/.orgflow-lock"
    if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
        log "installing $what from npm"
        (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
        cp "$dir/package-lock.json" "$stamp"
    fi
}
npm_install tools "binaryen (wasm-opt)"
npm_install tests/e2e "end-to-end test packages (playwright-core, axe-core)"

log "ready (wasm route: $ORGFLOW_WASM_ROUTE)"
