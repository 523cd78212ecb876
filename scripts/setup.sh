#!/usr/bin/env bash
# Installs what orgflow needs, then exits. Idempotent: each step checks what
# is already there (and its version), so a warm machine passes through in
# seconds.
#
#   scripts/setup.sh --build    # what building dist/ needs (scripts/build.sh, serve.sh)
#   scripts/setup.sh --test     # that, plus what the checks and browser tests need
#   scripts/setup.sh            # the same as --test (everything)
#
# Building needs: the wasm32 toolchain (rustup's target, or Debian's
# rustc-web route where rustup cannot add it: see env.sh), wasm-bindgen-cli,
# trunk, and wasm-opt from npm (tools/). It never installs a browser or the
# end-to-end test packages.
# Testing also needs: clippy and rustfmt, a Chrome or Chromium with a
# ChromeDriver of the same major version (an installed one is used when
# scripts/browser.sh finds it; otherwise Debian's chromium + chromium-driver
# are installed; never a snap), and the end-to-end test packages
# (tests/e2e: playwright-core, axe-core).
#
# Needs: the Rust toolchain (rustup), Node.js with npm, and on Debian/Ubuntu
# apt-get (as root or with sudo) for the browser and, when rustup cannot
# provide the wasm32 target, Debian's rustc-web toolchain.
#
# ORGFLOW_PREBUILT_TOOLS=1 (set by the GitHub workflows) first tries the
# prebuilt trunk and wasm-bindgen-cli release archives from GitHub, then
# falls back to building them with cargo; `cargo binstall`, where installed,
# is tried first in any case.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ORGFLOW_ROOT"

mode="test"
for arg in "$@"; do
    case "$arg" in
        --build) mode="build" ;;
        --test) mode="test" ;;
        *) echo "usage: scripts/setup.sh [--build | --test]" >&2; exit 2 ;;
    esac
done

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate pinned in Cargo.toml
TRUNK_VERSION=0.21.14          # 0.22 needs rustc >= 1.96.1 to build from source

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
    if ! command -v apt-get >/dev/null; then
        echo "missing: $* (install them with your package manager)" >&2
        exit 1
    fi
    log "installing Debian packages: $*"
    if [ "$apt_updated" = no ]; then
        as_root apt-get update -qq
        apt_updated=yes
    fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- Debian's Rust for wasm32 (only where rustup has no wasm32 target) -------
if [ "$ORGFLOW_WASM_ROUTE" = system ]; then
    apt_packages=()
    # Debian's rustc 1.96 with its standard-library sources and the lld that
    # its rust-lld points at; for testing also its clippy (wasm lints).
    [ -x /usr/bin/rustc ] || apt_packages+=(rustc-web cargo-web)
    [ -d /usr/lib/rustlib/src/rust/library ] || apt_packages+=(rust-web-src)
    command -v ld.lld-22 >/dev/null || [ -x /usr/lib/llvm-22/bin/lld ] || apt_packages+=(lld-22)
    if [ "$mode" = test ]; then
        [ -x /usr/bin/clippy-driver ] || apt_packages+=(rust-web-clippy)
    fi
    [ ${#apt_packages[@]} -eq 0 ] || apt_install "${apt_packages[@]}"
    if ! rustup toolchain list | grep -q '^system'; then
        log "linking Debian's Rust toolchain into rustup as 'system'"
        rustup toolchain link system /usr
    fi
fi

# --- Rust tools ----------------------------------------------------------------
have_version() { command -v "$1" >/dev/null && "$1" --version 2>/dev/null | grep -q " $2\$"; }

# Unpacks a release archive from GitHub and copies the named programs into
# ~/.cargo/bin. Fails (and leaves nothing half-installed) on any error.
install_release() {
    local url=$1 tmp name found
    shift
    command -v curl >/dev/null || return 1
    tmp=$(mktemp -d)
    if curl -fsSL --retry 3 "$url" -o "$tmp/archive.tar.gz" && tar -xzf "$tmp/archive.tar.gz" -C "$tmp"; then
        for name in "$@"; do
            found=$(find "$tmp" -type f -name "$name" | head -n 1)
            if [ -z "$found" ]; then rm -rf "$tmp"; return 1; fi
        done
        mkdir -p "$HOME/.cargo/bin"
        for name in "$@"; do
            install -m 0755 "$(find "$tmp" -type f -name "$name" | head -n 1)" "$HOME/.cargo/bin/$name"
        done
        rm -rf "$tmp"
        return 0
    fi
    rm -rf "$tmp"
    return 1
}

# install_tool <program> <version> <crate> <release-archive-url> <programs...>
install_tool() {
    local program=$1 version=$2 crate=$3 url=$4
    shift 4
    have_version "$program" "$version" && return 0
    if cargo binstall --help >/dev/null 2>&1; then
        log "installing $crate $version (prebuilt, cargo binstall)"
        cargo binstall --no-confirm --force "$crate@$version" >/dev/null 2>&1 || true
        have_version "$program" "$version" && return 0
    fi
    if [ "${ORGFLOW_PREBUILT_TOOLS:-0}" = 1 ]; then
        log "installing $crate $version (prebuilt release archive)"
        install_release "$url" "$@" || true
        have_version "$program" "$version" && return 0
        log "no usable prebuilt $crate $version: building it instead"
    fi
    case "$crate" in
        # No --locked: one of its locked dependencies is missing from the mirror.
        wasm-bindgen-cli)
            log "building $crate $version from source (about 3 minutes)"
            cargo install "$crate" --version "$version" --force ;;
        *)
            log "building $crate $version from source (about 15 minutes on 2 cores)"
            cargo install "$crate" --version "$version" --locked --force ;;
    esac
}

install_tool wasm-bindgen "$WASM_BINDGEN_VERSION" wasm-bindgen-cli \
    "https://github.com/wasm-bindgen/wasm-bindgen/releases/download/$WASM_BINDGEN_VERSION/wasm-bindgen-$WASM_BINDGEN_VERSION-x86_64-unknown-linux-musl.tar.gz" \
    wasm-bindgen wasm-bindgen-test-runner
install_tool trunk "$TRUNK_VERSION" trunk \
    "https://github.com/trunk-rs/trunk/releases/download/v$TRUNK_VERSION/trunk-x86_64-unknown-linux-gnu.tar.gz" \
    trunk
if [ "$mode" = test ]; then
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
fi

# --- npm packages: wasm-opt for the build; playwright-core + axe-core for the
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

# --- Browser and end-to-end test packages (testing only) ------------------------
if [ "$mode" = test ]; then
    if ! browser_find; then
        if [ -n "${CHROME:-}${CHROMIUM:-}${CHROMEDRIVER:-}" ]; then
            echo "setup: CHROME / CHROMIUM / CHROMEDRIVER name no usable pair (see above); unset them to let set-up find or install one" >&2
            exit 1
        fi
        apt_install chromium chromium-driver
        if ! browser_find; then
            echo "setup: still no Chrome/Chromium with a ChromeDriver of the same major version" >&2
            exit 1
        fi
    fi
    log "browser: $BROWSER_CHROME ($BROWSER_VERSION) with $BROWSER_CHROMEDRIVER"
    npm_install tests/e2e "end-to-end test packages (playwright-core, axe-core)"
fi

log "ready for ${mode}ing (wasm route: $ORGFLOW_WASM_ROUTE)"
