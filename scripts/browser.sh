#!/usr/bin/env bash
# shellcheck shell=bash
# Finds a headless-capable Chrome or Chromium and a ChromeDriver of the same
# major version, for the browser tests (wasm-bindgen-test-runner drives the
# browser through ChromeDriver; the end-to-end tests launch the browser with
# playwright-core). Only finds: installing is scripts/setup.sh's job, and it
# installs Debian's chromium + chromium-driver only when this finds nothing.
#
# Sourced (by env.sh) it defines browser_find; run directly it prints what it
# found, one VAR=value a line, or exits 1:
#
#   scripts/browser.sh
#
# Where it looks, in this order:
#   browser: $CHROME, else $CHROMIUM (the name this project used first), else
#            chromium, chromium-browser, google-chrome, google-chrome-stable
#            on the PATH;
#   driver:  $CHROMEDRIVER, else chromedriver on the PATH, else
#            $CHROMEWEBDRIVER/chromedriver (set on GitHub's Ubuntu runners).
# A path given in CHROME / CHROMIUM / CHROMEDRIVER is the only one tried for
# its role (a wrong path is an error, not a reason to look elsewhere).
# Snap stubs are never accepted: anything that resolves under /snap/, and any
# wrapper script that runs a snap or says to install one (Ubuntu's
# chromium-browser and chromium-chromedriver packages are such wrappers).

# Prints why a candidate is skipped (stderr, so command substitution keeps
# only answers).
browser_note() { printf '[browser] %s\n' "$*" >&2; }

# True when $1 is a snap, or a wrapper that points at one or asks for one.
browser_is_snap_stub() {
    local path=$1 real
    real=$(readlink -f -- "$path" 2>/dev/null || echo "$path")
    case "$path:$real" in
        /snap/*|*:/snap/*|*/snap/bin/*) return 0 ;;
    esac
    # A script (not a compiled program, and not Debian's or Google's own
    # wrappers): one that runs something under /snap/ or says "snap install".
    if [ "$(head -c 2 -- "$real" 2>/dev/null)" = '#!' ] && grep -qiE '/snap/|snap install' -- "$real" 2>/dev/null; then
        return 0
    fi
    return 1
}

# Prints the version ("156.0.8078.114") that `$1 --version` reports, or
# fails. Chrome prints "Google Chrome 156.0…", Chromium "Chromium 156.0…",
# ChromeDriver "ChromeDriver 156.0… (…)".
browser_version_of() {
    local path=$1 out
    [ -n "$path" ] && [ -x "$path" ] && [ ! -d "$path" ] || return 1
    out=$(timeout 30 "$path" --version 2>/dev/null) || return 1
    # A stub that printed an install hint instead of a version.
    case "$out" in *snap*|*Snap*) return 1 ;; esac
    out=$(printf '%s\n' "$out" | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)*' | head -n 1)
    [ -n "$out" ] || return 1
    printf '%s\n' "$out"
}

# Candidate paths, one a line.
browser_candidates() {
    if [ -n "${CHROME:-}" ]; then
        printf '%s\n' "$CHROME"
    elif [ -n "${CHROMIUM:-}" ]; then
        printf '%s\n' "$CHROMIUM"
    else
        local name
        for name in chromium chromium-browser google-chrome google-chrome-stable; do
            command -v "$name" 2>/dev/null || true
        done
    fi
}
driver_candidates() {
    if [ -n "${CHROMEDRIVER:-}" ]; then
        printf '%s\n' "$CHROMEDRIVER"
    else
        command -v chromedriver 2>/dev/null || true
        if [ -n "${CHROMEWEBDRIVER:-}" ] && [ -x "$CHROMEWEBDRIVER/chromedriver" ]; then
            printf '%s\n' "$CHROMEWEBDRIVER/chromedriver"
        fi
    fi
}

# Usable candidates with their versions: "path<TAB>version" lines.
browser_usable() {
    local kind=$1 path version
    while IFS= read -r path; do
        [ -n "$path" ] || continue
        if browser_is_snap_stub "$path"; then
            browser_note "skipping $kind $path: a snap stub (never used)"
        elif version=$(browser_version_of "$path"); then
            printf '%s\t%s\n' "$path" "$version"
        else
            browser_note "skipping $kind $path: no version from '$path --version'"
        fi
    done < <(if [ "$kind" = browser ]; then browser_candidates; else driver_candidates; fi)
}

# Sets BROWSER_CHROME, BROWSER_CHROMEDRIVER and BROWSER_VERSION to the first
# browser (in the order above) that has a driver of the same major version;
# returns 1 (after saying why) when there is none.
browser_find() {
    BROWSER_CHROME='' BROWSER_CHROMEDRIVER='' BROWSER_VERSION=''
    local browsers drivers b bv d dv
    browsers=$(browser_usable browser)
    drivers=$(browser_usable driver)
    if [ -z "$browsers" ]; then
        browser_note "no usable Chrome or Chromium found"
        return 1
    fi
    if [ -z "$drivers" ]; then
        browser_note "no usable ChromeDriver found"
        return 1
    fi
    while IFS=$'\t' read -r b bv; do
        while IFS=$'\t' read -r d dv; do
            if [ "${bv%%.*}" = "${dv%%.*}" ]; then
                BROWSER_CHROME=$b BROWSER_CHROMEDRIVER=$d BROWSER_VERSION=$bv
                return 0
            fi
        done <<< "$drivers"
        browser_note "skipping browser $b $bv: no ChromeDriver of major version ${bv%%.*} (found: $(cut -f2 <<< "$drivers" | tr '\n' ' '))"
    done <<< "$browsers"
    return 1
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    if browser_find; then
        printf 'CHROME=%s\nCHROMEDRIVER=%s\nBROWSER_VERSION=%s\n' \
            "$BROWSER_CHROME" "$BROWSER_CHROMEDRIVER" "$BROWSER_VERSION"
    else
        exit 1
    fi
fi
