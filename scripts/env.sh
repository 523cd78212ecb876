# shellcheck shell=bash
# Sourced by the other scripts: chooses how to build for wasm32 and where the
# browser tools are. Safe to source more than once.
#
# Two routes to wasm32-unknown-unknown:
#  - rustup has the target installed (an ordinary developer machine): use it.
#  - otherwise (this project's CI machines, which cannot download targets):
#    Debian's rustc-web toolchain, linked into rustup as "system", compiles
#    the standard library from rust-web-src (build-std). RUSTC_BOOTSTRAP lets
#    that release compiler accept the unstable build-std flag.

export PATH="$HOME/.cargo/bin:$PATH"

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    export ORGFLOW_WASM_ROUTE=rustup
    WASM_ENV=()
else
    export ORGFLOW_WASM_ROUTE=system
    WASM_ENV=(RUSTUP_TOOLCHAIN=system RUSTC_BOOTSTRAP=1 CARGO_UNSTABLE_BUILD_STD=std,panic_abort)
fi

# Runs a command with the wasm toolchain environment.
wasm_env() {
    env "${WASM_ENV[@]}" "$@"
}

ORGFLOW_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ORGFLOW_ROOT

# wasm-opt (binaryen) from npm, installed by setup.sh into tools/.
export PATH="$ORGFLOW_ROOT/tools/node_modules/.bin:$PATH"

# Headless Chromium for wasm-bindgen-test-runner (through ChromeDriver) and
# for the end-to-end tests. Never a downloaded browser.
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"
export CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || echo /usr/bin/chromium)}"
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ORGFLOW_ROOT/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
