import { before, after, test as nodeTest } from 'node:test';
// Shared end-to-end harness: serves the release dist/ on localhost under a
// sub-path (as GitHub Pages does), launches the headless Chrome or Chromium
// that scripts/browser.sh found (CHROME; scripts/test.sh sets it) through
// playwright-core (never a downloaded browser), and records every
// console error, page error and request that leaves the site's origin.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
export const ROOT = resolve(here, '..', '..', '..');
export const DIST = process.env.ORGFLOW_DIST || join(ROOT, 'dist');
/** The sub-path the site is served under, like https://user.github.io/orgflow/. */
export const BASE_PATH = '/orgflow/';

const MIME = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8',
    '.wasm': 'application/wasm',
    '.css': 'text/css; charset=utf-8',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.txt': 'text/plain; charset=utf-8',
};

/** Serves DIST under BASE_PATH on 127.0.0.1 with a free port. Anything
 * outside BASE_PATH is a 404, so an absolute asset URL fails the tests. */
/** Every browser test's limit. The longest takes about 30 s; a test that
 * hangs (a promise nothing settles) then fails under its own name within
 * minutes, instead of holding the run until CI's own limit cuts it off
 * without saying which test it was. */
export const TEST_LIMIT_MS = 300_000;

/** `node:test`'s `test`, with the limit above. */
export function test(name, fn) {
    return nodeTest(name, { timeout: TEST_LIMIT_MS }, fn);
}

/** `promise`, or a failure naming `what` once `ms` have passed: for the
 * calls Playwright gives no timeout of their own (`page.evaluate`,
 * `context.close`), so a step that never settles says which it was. */
export function within(ms, promise, what) {
    let timer;
    const late = new Promise((_, fail) => {
        timer = setTimeout(() => fail(new Error(`${what}: no answer within ${ms} ms`)), ms);
    });
    return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export async function startServer() {
    const server = createServer(async (req, res) => {
        const url = new URL(req.url, 'http://localhost');
        if (!url.pathname.startsWith(BASE_PATH)) {
            res.writeHead(404).end('outside the site');
            return;
        }
        let rel = decodeURIComponent(url.pathname.slice(BASE_PATH.length)) || 'index.html';
        const file = normalize(join(DIST, rel));
        if (!file.startsWith(DIST)) {
            res.writeHead(403).end();
            return;
        }
        try {
            const info = await stat(file);
            const path = info.isDirectory() ? join(file, 'index.html') : file;
            const body = await readFile(path);
            res.writeHead(200, {
                'content-type': MIME[extname(path)] || 'application/octet-stream',
                'cache-control': 'no-store',
            });
            res.end(body);
        } catch {
            res.writeHead(404).end('not found');
        }
    });
    await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}${BASE_PATH}`,
        origin: `http://127.0.0.1:${port}`,
        // Closing also drops the connections the browser still holds: a
        // response the browser stopped reading (a service worker's copy, a
        // download) keeps its socket busy, and `close` alone would wait for
        // it for ever. Gone means gone, as for the offline test's server.
        close: () =>
            new Promise((ok) => {
                server.close(ok);
                server.closeAllConnections();
            }),
    };
}

/** Flags this machine's Chromium needs: no sandbox as root, no GPU, and no
 * background networking (the closed network refuses those connections). */
export const CHROMIUM_ARGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
];

export async function launchBrowser() {
    return chromium.launch({
        executablePath: process.env.CHROME || process.env.CHROMIUM || '/usr/bin/chromium',
        headless: true,
        args: CHROMIUM_ARGS,
    });
}

/** Opens the app in a fresh context (fresh storage) and starts recording
 * problems. `problems()` lists console errors, uncaught page errors and any
 * request to another origin: a test ends by asserting it is empty. */
export async function openApp(browser, server, { context: existing, path = '' } = {}) {
    const context = existing || (await browser.newContext({ viewport: { width: 1400, height: 900 } }));
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('request', (req) => {
        const url = req.url();
        if (!url.startsWith(server.origin) && !url.startsWith('blob:') && !url.startsWith('data:')) {
            problems.push(`request outside the site: ${url}`);
        }
    });
    await page.goto(server.url + path);
    await waitForWorker(page);
    return { context, page, problems: () => problems.slice() };
}

/** Waits until the worker has answered the version handshake. */
export async function waitForWorker(page) {
    await page.locator('[data-testid="worker-status"].badge-ok').waitFor({ timeout: 30_000 });
}

/** Sets the replication count of the next run. */
export async function setReplications(page, n) {
    await page.getByTestId('replications-input').fill(String(n));
    await page.getByTestId('replications-input').press('Enter');
}

/** The selected scenario as the app holds it (its JSON text). */
export async function scenario(page) {
    return JSON.parse(await page.getByTestId('scenario-json').inputValue());
}

/** Fills a field and leaves it, which is when the app applies a change. */
export async function enter(locator, text) {
    await locator.fill(text);
    await locator.press('Tab');
}

/** Waits until the single-scenario run has finished (with `replications`
 * replications, when given). */
export async function waitFinished(page, replications) {
    const text = replications === undefined ? /Finished|已完成/ : `Finished · ${replications} replications`;
    try {
        await page.locator('[data-testid="run-summary"]', { hasText: text }).first().waitFor({ timeout: 120_000 });
    } catch (error) {
        // Say what the page showed instead, so a failure in CI can be read.
        const shown = {};
        for (const id of ['run-summary', 'progress', 'worker-status', 'error-message', 'replications-input']) {
            const node = page.getByTestId(id).first();
            shown[id] = (await node.count())
                ? (id.endsWith('input') ? await node.inputValue() : await node.textContent())
                : null;
        }
        error.message += `\npage showed: ${JSON.stringify(shown)}`;
        throw error;
    }
}

/** The server and browser a spec file shares, set by `useBrowserSuite()`.
 * (Imports of these are live bindings: read them inside tests, not at load.) */
export let server;
export let browser;

/** Starts the static server and Chromium before the file's tests and closes
 * them after: the set-up every spec needs. */
export function useBrowserSuite() {
    // The hooks have the tests' limit too, so a browser that no longer
    // answers cannot keep the run waiting either.
    before(
        async () => {
            server = await startServer();
            browser = await launchBrowser();
        },
        { timeout: TEST_LIMIT_MS },
    );
    after(
        async () => {
            await browser?.close();
            await server?.close();
        },
        { timeout: TEST_LIMIT_MS },
    );
}
