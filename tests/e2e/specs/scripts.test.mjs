// The set-up and build scripts and the GitHub workflows, without a browser,
// a network or a real install: each test copies scripts/ (and the few files
// they read) into a temporary folder and runs them with a PATH that holds
// only ordinary shell tools plus stubs. The stubs stand in for apt-get, sudo,
// rustup, cargo, npm, curl, trunk, wasm-bindgen, and for browsers and
// ChromeDriver that report a version (or are snap stubs); those that install
// things write what they were asked into a log the tests read.
//
// Checked: scripts/browser.sh finds an installed Chrome or Chromium with a
// ChromeDriver of the same major version (CHROME / CHROMIUM / CHROMEDRIVER
// first, then chromium, chromium-browser, google-chrome, google-chrome-stable
// on the PATH) and never a snap; `setup.sh --build` and `build.sh` install no
// browser and no end-to-end packages; `setup.sh --test` installs Debian's
// chromium + chromium-driver only when no browser is found; the trunk
// install routes (prebuilt archive, source build as the fallback);
// tools/check-dist.mjs (the CSP hash, relative URLs); and that both workflow
// files parse as YAML and reference only files that exist.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
    chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync,
    writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const SETUP = readFileSync(join(ROOT, 'scripts/setup.sh'), 'utf8');
const TRUNK_VERSION = SETUP.match(/^TRUNK_VERSION=(\S+)/m)[1];
const WASM_BINDGEN_VERSION = SETUP.match(/^WASM_BINDGEN_VERSION=(\S+)/m)[1];

/** Real programs the scripts use, linked into the sandbox's only PATH entry. */
const TOOLS = [
    'bash', 'sh', 'env', 'readlink', 'head', 'tail', 'grep', 'timeout', 'cut', 'tr', 'cmp', 'cp', 'mkdir', 'cat',
    'dirname', 'basename', 'find', 'rm', 'mktemp', 'install', 'tar', 'gzip', 'chmod', 'ls', 'sed', 'node', 'touch',
    'mv', 'ln',
];
const toolPaths = Object.fromEntries(TOOLS.map((name) => {
    const found = spawnSync('bash', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
    return [name, found];
}));

const script = (body) => `#!/bin/sh\n${body}\n`;

/** A temporary copy of the scripts with a stub-only PATH. */
function sandbox(t) {
    const dir = mkdtempSync(join(tmpdir(), 'orgflow-scripts-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const repo = join(dir, 'repo');
    const bin = join(dir, 'bin');
    const home = join(dir, 'home');
    const log = join(dir, 'log');
    for (const d of [repo, bin, home, log]) mkdirSync(d, { recursive: true });
    for (const path of ['scripts', 'tools/csp.mjs', 'tools/check-dist.mjs', 'tools/offline.mjs', 'tools/package-lock.json',
        'tests/e2e/package-lock.json', 'webdriver.json']) {
        mkdirSync(dirname(join(repo, path)), { recursive: true });
        cpSync(join(ROOT, path), join(repo, path), { recursive: true });
    }
    for (const [name, path] of Object.entries(toolPaths)) {
        if (path) symlinkSync(path, join(bin, name));
    }
    const put = (name, body, where = bin) => {
        mkdirSync(where, { recursive: true });
        writeFileSync(join(where, name), script(body));
        chmodSync(join(where, name), 0o755);
        return join(where, name);
    };
    const record = (what) => `echo "$(basename "$0") $*" >> "${join(log, what)}"`;
    const logOf = (what) => (existsSync(join(log, what)) ? readFileSync(join(log, what), 'utf8') : '');

    /** A browser or driver stub reporting `version`. */
    const browser = (name, version, where = bin) => put(name,
        `[ "$1" = --version ] && echo "${name === 'chromedriver' ? 'ChromeDriver' : 'Chromium'} ${version} (stub)"; exit 0`,
        where);
    // Package manager and privileges: record, and "install" Debian's browser.
    put('id', 'echo "${STUB_UID:-1000}"');
    put('sudo', `${record('sudo')}\nexec "$@"`);
    put('apt-get', `${record('apt')}
case " $* " in *" install "*chromium*)
  printf '#!/bin/sh\\necho "Chromium 150.0.7000.1 built on Debian"\\n' > "${bin}/chromium"
  printf '#!/bin/sh\\necho "ChromeDriver 150.0.7000.1 (stub)"\\n' > "${bin}/chromedriver"
  chmod +x "${bin}/chromium" "${bin}/chromedriver" ;;
esac`);
    // Rust: rustup has the wasm32 target unless STUB_NO_WASM is set.
    put('rustup', `${record('rustup')}
case "$1 $2" in
  "target list") [ -n "$STUB_NO_WASM" ] || echo wasm32-unknown-unknown ;;
  "toolchain list") echo stable-x86_64-unknown-linux-gnu; echo system ;;
  "component list") echo clippy-x86_64-unknown-linux-gnu; echo rustfmt-x86_64-unknown-linux-gnu ;;
esac`);
    put('cargo', `${record('cargo')}
case "$1" in
  binstall) exit 101 ;;
  install) printf '#!/bin/sh\\necho "%s %s"\\n' "$2" "$4" > "${bin}/$2"; chmod +x "${bin}/$2" ;;
esac`);
    put('npm', `${record('npm')}\nmkdir -p node_modules`);
    put('curl', `${record('curl')}
while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift 2 ;; -*) shift ;; *) url=$1; shift ;; esac; done
name=$(basename "$url")
[ -f "${join(dir, 'releases')}/$name" ] || exit 22
cp "${join(dir, 'releases')}/$name" "$out"`);
    put('trunk', `echo "trunk ${TRUNK_VERSION}"`);
    put('wasm-bindgen', `echo "wasm-bindgen ${WASM_BINDGEN_VERSION}"`);

    const run = (args, env = {}) => {
        const r = spawnSync(toolPaths.bash, args, {
            cwd: repo,
            encoding: 'utf8',
            timeout: 60_000,
            env: { PATH: bin, HOME: home, LANG: 'C', ...env },
        });
        return { code: r.status, out: r.stdout, err: r.stderr, all: r.stdout + r.stderr };
    };
    return { dir, repo, bin, home, put, browser, logOf, run };
}

// --- browser.sh -------------------------------------------------------------------

test('browser.sh finds nothing where only snap stubs exist, and says so', (t) => {
    const s = sandbox(t);
    // Ubuntu's transitional wrapper, and a program that lives in a snap.
    s.put('chromium-browser', `echo "Command '/usr/bin/chromium-browser' requires the chromium snap to be installed."
echo "Please install it with:  snap install chromium" >&2; exit 1`);
    const snapped = s.browser('chromium', '150.0.7000.1', join(s.dir, 'snap', 'bin'));
    symlinkSync(snapped, join(s.bin, 'chromium'));
    s.browser('chromedriver', '150.0.7000.1', join(s.dir, 'snap', 'bin', 'drv'));
    symlinkSync(join(s.dir, 'snap', 'bin', 'drv', 'chromedriver'), join(s.bin, 'chromedriver'));
    const r = s.run(['scripts/browser.sh']);
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /skipping browser .*chromium-browser: a snap stub/);
    assert.match(r.err, /skipping browser .*\/chromium: a snap stub/);
    assert.match(r.err, /skipping driver .*chromedriver: a snap stub/);
    assert.equal(r.out, '');
});

test('browser.sh pairs a browser with a ChromeDriver of the same major version', (t) => {
    const s = sandbox(t);
    // GitHub-runner-like: a chromium of another major, Google Chrome matching the driver.
    s.browser('chromium', '149.0.6900.2');
    s.browser('google-chrome', '151.0.7100.3');
    s.browser('chromedriver', '151.0.7100.9');
    const r = s.run(['scripts/browser.sh']);
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, new RegExp(`^CHROME=${s.bin}/google-chrome$`, 'm'));
    assert.match(r.out, new RegExp(`^CHROMEDRIVER=${s.bin}/chromedriver$`, 'm'));
    assert.match(r.out, /^BROWSER_VERSION=151\.0\.7100\.3$/m);
    assert.match(r.err, /skipping browser .*chromium 149.*no ChromeDriver of major version 149/);

    // chromium first when it matches; google-chrome-stable is found too.
    const t2 = sandbox(t);
    t2.browser('chromium-browser', '151.1.0.0');
    t2.browser('google-chrome-stable', '151.2.0.0');
    t2.browser('chromedriver', '151.0.0.0');
    assert.match(t2.run(['scripts/browser.sh']).out, /^CHROME=.*\/chromium-browser$/m);
    // A wrapper script that is no snap stub (Google's and Debian's are scripts) is fine.
    const t3 = sandbox(t);
    t3.put('google-chrome-stable', '# a wrapper that keeps a snapshot of nothing\n[ "$1" = --version ] && echo "Google Chrome 151.2.0.0"');
    t3.browser('chromedriver', '151.0.0.0');
    const r3 = t3.run(['scripts/browser.sh']);
    assert.match(r3.out, /^CHROME=.*\/google-chrome-stable$/m, r3.all);
});

test('browser.sh uses CHROME / CHROMIUM / CHROMEDRIVER paths and GitHub\'s CHROMEWEBDRIVER', (t) => {
    const s = sandbox(t);
    const opt = join(s.dir, 'opt');
    const chrome = s.browser('chrome', '152.0.1.1', opt);
    const driver = s.browser('chromedriver', '152.0.2.2', join(opt, 'driver'));
    s.browser('chromium', '150.0.0.0');   // on the PATH, but CHROME wins
    let r = s.run(['scripts/browser.sh'], { CHROME: chrome, CHROMEDRIVER: driver });
    assert.equal(r.code, 0, r.all);
    assert.match(r.out, new RegExp(`^CHROME=${chrome}\nCHROMEDRIVER=${driver}\n`));
    // The name env.sh used before is still accepted.
    r = s.run(['scripts/browser.sh'], { CHROMIUM: chrome, CHROMEDRIVER: driver });
    assert.match(r.out, new RegExp(`^CHROME=${chrome}$`, 'm'));
    // No chromedriver on the PATH: the runner's CHROMEWEBDRIVER folder.
    r = s.run(['scripts/browser.sh'], { CHROME: chrome, CHROMEWEBDRIVER: join(opt, 'driver') });
    assert.match(r.out, new RegExp(`^CHROMEDRIVER=${driver}$`, 'm'));
    // A path given is the only one tried: a wrong one is an error.
    r = s.run(['scripts/browser.sh'], { CHROME: join(opt, 'missing'), CHROMEDRIVER: driver });
    assert.equal(r.code, 1, r.all);
    r = s.run(['scripts/browser.sh'], { CHROMEDRIVER: join(opt, 'missing') });
    assert.equal(r.code, 1, r.all);
    assert.match(r.err, /no usable ChromeDriver/);
});

test('use_browser (env.sh) exports the pair and a webdriver.json naming that browser', (t) => {
    const s = sandbox(t);
    s.browser('google-chrome', '151.0.7100.3');
    s.browser('chromedriver', '151.0.7100.9');
    const r = s.run(['-c', 'source scripts/env.sh && use_browser && echo "$CHROME|$CHROMIUM|$CHROMEDRIVER|$WASM_BINDGEN_TEST_WEBDRIVER_JSON"']);
    assert.equal(r.code, 0, r.all);
    const [chrome, chromium, driver, json] = r.out.trim().split('\n').at(-1).split('|');
    assert.equal(chrome, join(s.bin, 'google-chrome'));
    assert.equal(chromium, chrome);
    assert.equal(driver, join(s.bin, 'chromedriver'));
    const caps = JSON.parse(readFileSync(json, 'utf8'));
    assert.equal(caps['goog:chromeOptions'].binary, chrome);
    assert.ok(caps['goog:chromeOptions'].args.includes('--headless'));
});

// --- setup.sh and build.sh ---------------------------------------------------------------

test('setup.sh --build on a machine with no browser installs no browser and no e2e packages', (t) => {
    for (const route of ['rustup', 'system']) {
        const s = sandbox(t);
        const r = s.run(['scripts/setup.sh', '--build'], route === 'system' ? { STUB_NO_WASM: '1' } : {});
        assert.equal(r.code, 0, r.all);
        assert.match(r.out, new RegExp(`ready for building \\(wasm route: ${route}\\)`));
        assert.doesNotMatch(s.logOf('apt'), /chromium/);
        assert.doesNotMatch(s.logOf('apt'), /rust-web-clippy/);
        if (route === 'rustup') assert.equal(s.logOf('apt'), '');
        // npm ran once, for wasm-opt in tools/, not for tests/e2e.
        assert.equal(s.logOf('npm').trim().split('\n').length, 1, s.logOf('npm'));
        assert.ok(existsSync(join(s.repo, 'tools/node_modules/.orgflow-lock')));
        assert.ok(!existsSync(join(s.repo, 'tests/e2e/node_modules')));
        assert.doesNotMatch(s.logOf('rustup'), /component add/);
        assert.equal(s.logOf('cargo'), '', 'trunk and wasm-bindgen are there: nothing to build');
    }
});

test('setup.sh --test installs Debian\'s chromium + chromium-driver only when no browser is found', (t) => {
    // None found (a snap stub does not count): apt-get through sudo, then found.
    const s = sandbox(t);
    s.put('chromium-browser', 'echo "requires the chromium snap: snap install chromium"; exit 1');
    let r = s.run(['scripts/setup.sh', '--test']);
    assert.equal(r.code, 0, r.all);
    assert.match(s.logOf('apt'), /^apt-get update/m);
    assert.match(s.logOf('apt'), /^apt-get install -y -qq chromium chromium-driver$/m);
    assert.match(s.logOf('sudo'), /apt-get install -y -qq chromium chromium-driver/);
    assert.match(r.out, /browser: .*\/chromium \(150\.0\.7000\.1\) with .*\/chromedriver/);
    assert.match(s.logOf('npm'), /npm ci/);
    assert.ok(existsSync(join(s.repo, 'tests/e2e/node_modules/.orgflow-lock')));
    // The default (no option) is the same as --test, and a second run installs nothing.
    rmSync(join(s.dir, 'log', 'apt'));
    r = s.run(['scripts/setup.sh']);
    assert.equal(r.code, 0, r.all);
    assert.equal(s.logOf('apt'), '');
    assert.match(r.out, /ready for testing/);

    // Runner-like: Chrome and ChromeDriver preinstalled, chromium a snap stub.
    const g = sandbox(t);
    g.put('chromium', 'echo "Command chromium requires the chromium snap. Please install it with: snap install chromium"; exit 1');
    g.browser('google-chrome', '151.0.7100.3');
    g.browser('chromedriver', '151.0.7100.9');
    r = g.run(['scripts/setup.sh', '--test'], { STUB_UID: '0' });
    assert.equal(r.code, 0, r.all);
    assert.equal(g.logOf('apt'), '');
    assert.match(r.out, /browser: .*\/google-chrome \(151/);

    // A browser without a driver of its major: Debian's pair is installed.
    const m = sandbox(t);
    m.browser('google-chrome', '151.0.7100.3');
    m.browser('chromedriver', '149.0.1.1');
    r = m.run(['scripts/setup.sh', '--test'], { STUB_UID: '0' });
    assert.equal(r.code, 0, r.all);
    assert.match(m.logOf('apt'), /install -y -qq chromium chromium-driver/);
    assert.equal(m.logOf('sudo'), '', 'as root: no sudo');

    // A path named in CHROME that does not work: an error, nothing installed.
    const e = sandbox(t);
    r = e.run(['scripts/setup.sh', '--test'], { CHROME: join(e.dir, 'nowhere/chrome') });
    assert.notEqual(r.code, 0);
    assert.match(r.err, /CHROME \/ CHROMIUM \/ CHROMEDRIVER name no usable pair/);
    assert.equal(e.logOf('apt'), '');
});

test('setup.sh installs trunk from the prebuilt archive where allowed, from source otherwise', (t) => {
    // Default (this machine): built from source with cargo, pinned and locked.
    const s = sandbox(t);
    rmSync(join(s.bin, 'trunk'));
    let r = s.run(['scripts/setup.sh', '--build']);
    assert.equal(r.code, 0, r.all);
    assert.match(s.logOf('cargo'), new RegExp(`^cargo install trunk --version ${TRUNK_VERSION} --locked --force$`, 'm'));
    assert.equal(s.logOf('curl'), '');

    // ORGFLOW_PREBUILT_TOOLS=1 (the workflows): the GitHub release archive.
    const p = sandbox(t);
    rmSync(join(p.bin, 'trunk'));
    const pack = join(p.dir, 'pack');
    p.put('trunk', `echo "trunk ${TRUNK_VERSION}"`, pack);
    mkdirSync(join(p.dir, 'releases'));
    spawnSync(toolPaths.tar, ['-czf', join(p.dir, 'releases', 'trunk-x86_64-unknown-linux-gnu.tar.gz'), '-C', pack, 'trunk']);
    r = p.run(['scripts/setup.sh', '--build'], { ORGFLOW_PREBUILT_TOOLS: '1' });
    assert.equal(r.code, 0, r.all);
    assert.match(p.logOf('curl'), new RegExp(`trunk-rs/trunk/releases/download/v${TRUNK_VERSION}/trunk-x86_64-unknown-linux-gnu\\.tar\\.gz`));
    assert.ok(existsSync(join(p.home, '.cargo/bin/trunk')));
    assert.doesNotMatch(p.logOf('cargo'), /^cargo install/m);

    // A failed download falls back to building from source.
    const f = sandbox(t);
    rmSync(join(f.bin, 'wasm-bindgen'));
    r = f.run(['scripts/setup.sh', '--build'], { ORGFLOW_PREBUILT_TOOLS: '1' });
    assert.equal(r.code, 0, r.all);
    assert.match(f.logOf('curl'), /wasm-bindgen-x86_64|wasm-bindgen-[0-9.]+-x86_64-unknown-linux-musl\.tar\.gz/);
    assert.match(f.logOf('cargo'), new RegExp(`^cargo install wasm-bindgen-cli --version ${WASM_BINDGEN_VERSION} --force$`, 'm'));
});

/** A Trunk-like dist/index.html: relative URLs, one inline module loader. */
function trunkPage({ absolute = false } = {}) {
    const at = absolute ? '/' : './';
    return `<!DOCTYPE html>
<html lang="zh-CN"><head>
    <meta charset="utf-8" />
    <title>orgflow</title>
    <base href="./" />
    <link rel="icon" href="${at}favicon-1a2b.svg" />
    <link rel="stylesheet" href="${at}app-3c4d.css" integrity="sha384-x" />
    <link rel="modulepreload" href="${at}app-5e6f.js" crossorigin="anonymous" />
    <link rel="preload" href="${at}app-5e6f_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm" />
<script type="module">
import init, * as bindings from '${at}app-5e6f.js';
const wasm = await init({ module_or_path: '${at}app-5e6f_bg.wasm' });
window.wasmBindings = bindings;
</script></head><body></body></html>
`;
}
const ASSETS = ['favicon-1a2b.svg', 'app-3c4d.css', 'app-5e6f.js', 'app-5e6f_bg.wasm'];

test('build.sh builds with set-up for building only, and fails when dist/ breaks its checks', (t) => {
    for (const absolute of [false, true]) {
        const s = sandbox(t);
        writeFileSync(join(s.dir, 'index.html'), trunkPage({ absolute }));
        // trunk build: a Trunk-like dist/ (the stub also answers --version).
        s.put('trunk', `[ "$1" = --version ] && { echo "trunk ${TRUNK_VERSION}"; exit 0; }
echo "trunk $*" >> "${join(s.dir, 'log', 'trunk')}"
mkdir -p dist && cp "${join(s.dir, 'index.html')}" dist/index.html
for f in ${ASSETS.join(' ')}; do echo x > "dist/$f"; done`);
        const r = s.run(['scripts/build.sh']);
        assert.equal(s.logOf('apt'), '', 'no package installed');
        assert.ok(!existsSync(join(s.repo, 'tests/e2e/node_modules')), 'no end-to-end packages');
        assert.match(s.logOf('cargo'), /^cargo fetch --locked$/m);
        // and what the wasm32 standard library needs: trunk builds offline
        assert.match(s.logOf('cargo'), /^cargo fetch --locked --target wasm32-unknown-unknown$/m);
        assert.match(s.logOf('trunk'), /^trunk build --release --offline$/m);
        if (absolute) {
            assert.notEqual(r.code, 0, 'an absolute URL fails the build');
            assert.match(r.err, /URL is absolute \(breaks under a sub-path\): \/app-5e6f\.js/);
            assert.doesNotMatch(r.out, /^built:/m);
        } else {
            assert.equal(r.code, 0, r.all);
            assert.match(r.out, /csp: dist\/index\.html: 1 inline script\(s\) hashed/);
            assert.match(r.out, /offline: dist\/sw\.js keeps \d+ files/);
            assert.match(r.out, /check-dist: .*all relative/);
            assert.match(r.out, /^built: /m);
        }
    }
});

test('check-dist.mjs: the CSP names the loader\'s hash; URLs are relative and name files in dist/', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'orgflow-dist-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const check = (html, assets = ASSETS) => {
        rmSync(join(dir, 'dist'), { recursive: true, force: true });
        mkdirSync(join(dir, 'dist'));
        writeFileSync(join(dir, 'dist/index.html'), html);
        for (const f of assets) writeFileSync(join(dir, 'dist', f), 'x');
        return spawnSync(process.execPath, [join(ROOT, 'tools/check-dist.mjs'), join(dir, 'dist')], { encoding: 'utf8' });
    };
    const withCsp = (html) => {
        writeFileSync(join(dir, 'page.html'), html);
        spawnSync(process.execPath, [join(ROOT, 'tools/csp.mjs'), join(dir, 'page.html')]);
        return readFileSync(join(dir, 'page.html'), 'utf8');
    };
    const good = withCsp(trunkPage());
    let r = check(good);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /CSP covers 1 inline script\(s\); 7 URL\(s\), all relative/);

    r = check(trunkPage());
    assert.equal(r.status, 1);
    assert.match(r.stderr, /no Content-Security-Policy <meta> tag/);

    r = check(good.replace('window.wasmBindings = bindings;', 'window.wasmBindings = bindings; /* changed */'));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /hash 'sha256-.*' is not in the policy's script-src/);

    r = check(good.replace('href="./app-3c4d.css"', 'href="https://cdn.example.com/app.css"'));
    assert.match(r.stderr, /attribute URL leaves the site: https:\/\/cdn\.example\.com\/app\.css/);
    r = check(good.replace('href="./app-3c4d.css"', 'href="//cdn.example.com/app.css"'));
    assert.match(r.stderr, /leaves the site/);
    // The loader's wasm path is checked too (changing it changes the hash: re-hash).
    r = check(withCsp(trunkPage().replace("module_or_path: './app-5e6f_bg.wasm'", "module_or_path: '/app-5e6f_bg.wasm'")));
    assert.match(r.stderr, /loader script URL is absolute .*: \/app-5e6f_bg\.wasm/);
    r = check(good, ASSETS.filter((a) => !a.endsWith('.css')));
    assert.match(r.stderr, /names a file missing from .*: \.\/app-3c4d\.css/);
});

// --- The workflows ------------------------------------------------------------------------

const WORKFLOWS = ['.github/workflows/ci.yml', '.github/workflows/pages.yml'];

/** Repository paths a workflow names: in run: scripts, hashFiles(...) and cache-dependency-path. */
function referencedPaths(workflow) {
    const paths = new Set();
    for (const job of Object.values(workflow.jobs)) {
        for (const step of job.steps) {
            for (const m of (step.run || '').matchAll(/(?:^|[\s;&|(])((?:\.\/)?(?:scripts|tools|\.ci|tests)\/[\w./-]+)/g)) {
                paths.add(m[1].replace(/^\.\//, ''));
            }
            const w = step.with || {};
            for (const value of Object.values(w)) {
                for (const m of String(value).matchAll(/hashFiles\(([^)]*)\)/g)) {
                    for (const arg of m[1].matchAll(/'([^']+)'/g)) paths.add(arg[1]);
                }
            }
            for (const p of String(w['cache-dependency-path'] || '').split('\n')) {
                if (p.trim()) paths.add(p.trim());
            }
        }
    }
    return [...paths];
}

test('both workflow files parse as YAML and reference only files that exist', () => {
    for (const file of WORKFLOWS) {
        const workflow = parseYaml(readFileSync(join(ROOT, file), 'utf8'));
        assert.equal(typeof workflow.name, 'string', file);
        assert.ok(workflow.on, `${file}: triggers`);
        const paths = referencedPaths(workflow);
        assert.ok(paths.some((p) => p.startsWith('scripts/')), `${file} runs a script: ${paths}`);
        for (const path of paths) {
            assert.ok(existsSync(join(ROOT, path)), `${file} references ${path}, which does not exist`);
        }
        for (const job of Object.values(workflow.jobs)) {
            for (const step of job.steps) {
                assert.ok(step.uses || step.run, `${file}: a step with neither uses nor run`);
                if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, `${file}: ${step.uses}`);
            }
        }
    }
    // The scripts the workflows run are executable (the runner calls them directly).
    for (const name of readdirSync(join(ROOT, 'scripts'))) {
        const r = spawnSync('test', ['-x', join(ROOT, 'scripts', name)], { shell: false });
        if (name.endsWith('.sh') && name !== 'env.sh') assert.equal(r.status, 0, `scripts/${name} is not executable`);
    }
});

test('the workflows take the rustup route, cache what they build, and publish only a checked dist/', () => {
    const ci = parseYaml(readFileSync(join(ROOT, WORKFLOWS[0]), 'utf8'));
    const pages = parseYaml(readFileSync(join(ROOT, WORKFLOWS[1]), 'utf8'));
    for (const [name, wf] of [['ci', ci], ['pages', pages]]) {
        const steps = Object.values(wf.jobs)[0].steps;
        const runs = steps.map((s) => s.run || '').join('\n');
        assert.match(runs, /rustup target add wasm32-unknown-unknown/, name);
        const cached = steps.filter((s) => /^actions\/cache@/.test(s.uses || '')).map((s) => s.with);
        const cachedPaths = cached.map((w) => w.path).join('\n');
        for (const p of ['~/.cargo/bin/trunk', '~/.cargo/bin/wasm-bindgen', '~/.cargo/registry/cache', 'target']) {
            assert.ok(cachedPaths.split('\n').includes(p), `${name} caches ${p}`);
        }
        assert.ok(cached.some((w) => w.key.includes("hashFiles('Cargo.lock')")), `${name}: a key on Cargo.lock`);
        const node = steps.find((s) => /^actions\/setup-node@/.test(s.uses || ''));
        assert.equal(node.with.cache, 'npm', `${name} caches npm`);
        assert.match(node.with['cache-dependency-path'], /package-lock\.json/);
        assert.equal(Object.values(wf.jobs)[0].env.ORGFLOW_PREBUILT_TOOLS, '1', `${name}: prebuilt trunk`);
    }
    assert.match(ci.jobs.test.steps.at(-1).run, /^scripts\/test\.sh$/m);
    // Pages: build.sh (which runs the dist/ checks) before the upload, deploy after the build.
    const steps = pages.jobs.build.steps;
    const build = steps.findIndex((s) => /^scripts\/build\.sh$/m.test(s.run || ''));
    const upload = steps.findIndex((s) => /^actions\/upload-pages-artifact@/.test(s.uses || ''));
    assert.ok(build >= 0 && upload > build, 'upload after scripts/build.sh');
    assert.equal(steps[upload].with.path, 'dist');
    assert.equal(pages.jobs.deploy.needs, 'build');
    assert.doesNotMatch(JSON.stringify(pages), /test\.sh|--test-hooks/);
    const buildSh = readFileSync(join(ROOT, 'scripts/build.sh'), 'utf8');
    assert.match(buildSh, /scripts\/setup\.sh --build/);
    assert.match(buildSh, /node tools\/csp\.mjs dist\/index\.html\nnode tools\/check-dist\.mjs dist/);
});
