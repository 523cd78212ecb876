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
    # shellcheck disable=SC2054 # commas belong to the value
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

# Headless Chrome or Chromium for wasm-bindgen-test-runner (through
# ChromeDriver) and for the end-to-end tests. Never a downloaded browser:
# scripts/browser.sh finds one already installed (CHROME / CHROMIUM /
# CHROMEDRIVER, or on the PATH), scripts/setup.sh installs Debian's only when
# there is none. Nothing is looked up here; scripts that run the browser
# tests call use_browser after setting up.
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="${WASM_BINDGEN_TEST_WEBDRIVER_JSON:-$ORGFLOW_ROOT/webdriver.json}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# shellcheck source=scripts/browser.sh
source "$ORGFLOW_ROOT/scripts/browser.sh"

# Exports CHROME (and CHROMIUM, the same path), CHROMEDRIVER and a copy of
# webdriver.json whose binary is that browser; fails when there is no pair.
use_browser() {
    browser_find || return 1
    export CHROME="$BROWSER_CHROME" CHROMIUM="$BROWSER_CHROME" CHROMEDRIVER="$BROWSER_CHROMEDRIVER"
    mkdir -p "$ORGFLOW_ROOT/target/orgflow"
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ORGFLOW_ROOT/target/orgflow/webdriver.json"
    node -e '
        const fs = require("fs");
        const [base, binary, out] = process.argv.slice(1);
        const caps = JSON.parse(fs.readFileSync(base, "utf8"));
        caps["goog:chromeOptions"].binary = binary;
        fs.writeFileSync(out, JSON.stringify(caps, null, 2) + "\n");
    ' "$ORGFLOW_ROOT/webdriver.json" "$CHROME" "$WASM_BINDGEN_TEST_WEBDRIVER_JSON"
    export WASM_BINDGEN_TEST_WEBDRIVER_JSON
    echo "browser: $CHROME ($BROWSER_VERSION) with $CHROMEDRIVER"
}
