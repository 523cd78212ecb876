// Nothing a workshop user does may blank the page, lose a scenario or run
// foreign code: corrupt or full storage, crashed workers, a main-thread
// panic, hostile names, and the Content-Security-Policy.

import { before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test, DIST, openApp, waitForWorker, setReplications, waitFinished, server, browser, useBrowserSuite } from '../lib/harness.mjs';
import { heavyScenario, loadScenario } from '../lib/heavy.mjs';

const APP_VERSION = (await readFile(new URL('../../../Cargo.toml', import.meta.url), 'utf8')).match(/^version = "([^"]+)"/m)[1];
// A different version of the same length (so the patched module stays valid).
const OTHER_VERSION = APP_VERSION.replace(/\d(?=[^\d]*$)/, (d) => String((Number(d) + 1) % 10));

useBrowserSuite();

// The failure triggers exist only in a test build; say how to make one
// rather than fail obscurely.
before(async () => {
    const scripts = (await readdir(DIST)).filter((f) => f.endsWith('.js'));
    const texts = await Promise.all(scripts.map((f) => readFile(join(DIST, f), 'utf8')));
    assert.ok(
        texts.some((t) => t.includes('orgflowPanicForTest')),
        'dist/ has no test hooks: build it with `scripts/build.sh --test-hooks` (scripts/test.sh does)',
    );
});

async function runAndRead(page, replications, key = 'orders') {
    await page.getByTestId('run-button').click();
    await waitFinished(page, replications);
    return page.getByTestId(`kpi-${key}`).textContent();
}

test('corrupt saved work: the app starts from the presets, says so, and keeps the unreadable data aside', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
        if (!sessionStorage.getItem('seeded')) {
            sessionStorage.setItem('seeded', '1');
            localStorage.setItem('orgflow.v1.workspace', '{"schema":1,"scenarios":[{"id":');
        }
    });
    const { page, problems } = await openApp(browser, server, { context });
    assert.match(await page.getByTestId('error-message').textContent(), /unreadable/);
    assert.ok((await page.locator('[data-testid="scenario-list"] li').count()) >= 5, 'presets listed');
    const kept = await page.evaluate(() => localStorage.getItem('orgflow.v1.workspace.unreadable'));
    assert.equal(kept, '{"schema":1,"scenarios":[{"id":');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('full storage: the work stays in memory and the app says it is not saved', async () => {
    const context = await browser.newContext();
    await context.addInitScript(() => {
        const original = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
            // The workspace's records (one per scenario) and its meta record.
            if (key.startsWith('orgflow.v1.scenario.') || key.startsWith('orgflow.v1.workspace')) {
                throw new DOMException('quota', 'QuotaExceededError');
            }
            return original.call(this, key, value);
        };
    });
    const { page } = await openApp(browser, server, { context });
    await page.getByTestId('unsaved').waitFor();
    const count = await page.locator('[data-testid="scenario-list"] li').count();
    await page.getByTestId('duplicate-button').click();
    assert.equal(await page.locator('[data-testid="scenario-list"] li').count(), count + 1);
    await context.close();
});

test('crashed workers are replaced and the run finishes with the same numbers', async () => {
    const { page, context } = await openApp(browser, server);
    await setReplications(page, 40);
    const clean = await runAndRead(page, 40);
    await page.getByTestId('run-button').click();
    await page.getByTestId('progress').waitFor();
    const asked = await page.evaluate(() => window.wasmBindings.orgflowCrashWorkersForTest());
    assert.ok(asked >= 1);
    await waitFinished(page, 40);
    assert.equal(await page.getByTestId('kpi-orders').textContent(), clean);
    await waitForWorker(page);
    await context.close();
});

test('a worker that closes itself without an error event is replaced, and the run finishes with the same numbers', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 40);
    const clean = await runAndRead(page, 40);
    await page.getByTestId('run-button').click();
    await page.getByTestId('progress').waitFor();
    const asked = await page.evaluate(() => window.wasmBindings.orgflowCloseWorkersForTest());
    assert.ok(asked >= 1);
    await waitFinished(page, 40);
    assert.equal(await page.getByTestId('kpi-orders').textContent(), clean);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('workers that closed while idle are replaced: the next run does not hang at "Starting"', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 10);
    const clean = await runAndRead(page, 10);
    assert.ok((await page.evaluate(() => window.wasmBindings.orgflowCloseWorkersForTest())) >= 1);
    await setReplications(page, 12);
    await runAndRead(page, 12);
    await setReplications(page, 10);
    assert.equal(await runAndRead(page, 10), clean);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Cancel stops a heavy run (200 units, 10,000 replications) and the page answers', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('new-button').click();
    // 100 days a replication: 10,000 one-day replications finish in about
    // 2 s since the page keeps up with its workers, which is sooner than the
    // Cancel below (the test then waited 30 s for a button that had gone).
    // A hundred days keep the run going for tens of seconds, and every
    // result still carries 200 units' figures to the page.
    await loadScenario(page, heavyScenario({ days: 100 }));
    await setReplications(page, 10_000);
    await page.getByTestId('run-button').click();
    // Let results pile up, then cancel.
    await page.locator('[data-testid="progress"]', { hasText: /\d+\/10000/ }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1_500);
    assert.ok(await page.getByTestId('cancel-button').isVisible(), 'the run is still going when Cancel is pressed');
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('cancel-button').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.getByTestId('run-button').isEnabled(), true);
    // The page answers: the language switch works at once.
    const before = await page.locator('html').getAttribute('lang');
    await page.getByTestId('lang-toggle').click();
    assert.notEqual(await page.locator('html').getAttribute('lang'), before);
    assert.equal(await page.getByTestId('panic-banner').count(), 0);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a panic on the main thread shows the banner, and the work is there after reload', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('duplicate-button').click();
    const names = await page.getByTestId('scenario-list').textContent();
    await page.evaluate(() => {
        try {
            window.wasmBindings.orgflowPanicForTest();
        } catch {
            // The trap surfaces as a JavaScript exception: expected.
        }
    });
    const banner = page.getByTestId('panic-banner');
    await banner.waitFor();
    assert.match(await banner.textContent(), /your work is saved|您的工作已保存/);
    await banner.locator('a').click();
    await waitForWorker(page);
    assert.equal(await page.getByTestId('panic-banner').count(), 0);
    assert.equal(await page.getByTestId('scenario-list').textContent(), names);
    await context.close();
});

test('a wrong-typed field in the text does not crash the form controls that write into it', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('saic_maxus_three_channels');
    await page.locator('details.json-editor summary').click();
    const text = page.getByTestId('scenario-json');
    const broken = JSON.parse(await text.inputValue());
    broken.handoffs = 5;
    broken.funnel.channels[0] = 7;
    await text.fill(JSON.stringify(broken, null, 2));
    await text.dispatchEvent('change');
    await page.getByTestId('validation-errors').waitFor();

    // One-ID replaces the broken `handoffs` with the setting asked for.
    await page.getByTestId('one-id').check();
    const mended = JSON.parse(await text.inputValue());
    assert.deepEqual(mended.handoffs, { one_id: true });
    // Moving a channel share slider next to a channel that is not an object
    // rebalances the others and leaves the broken one for the validator.
    await page.getByTestId('channel-share-1').evaluate((slider) => {
        slider.value = '30';
        slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const shared = JSON.parse(await text.inputValue()).funnel.channels;
    assert.equal(shared[0], 7);
    assert.equal(shared[1].share_percent, 30);
    assert.equal(await page.getByTestId('panic-banner').count(), 0);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a scenario named <script>alert(1)</script> shows as text everywhere, charts and exported SVG included', async () => {
    const hostile = '<script>alert(1)</script>';
    const { page, problems, context } = await openApp(browser, server);
    let dialogs = 0;
    page.on('dialog', async (d) => {
        dialogs += 1;
        await d.dismiss();
    });
    await page.getByTestId('rename-button').click();
    await page.getByTestId('rename-input').fill(hostile);
    await page.getByTestId('rename-input').press('Enter');
    assert.ok((await page.getByTestId('scenario-list').textContent()).includes(hostile));
    assert.ok((await page.locator('#editor-panel-heading').textContent()).includes(hostile));
    await setReplications(page, 2);
    await runAndRead(page, 2);
    const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('export-svg-first-response').click(),
    ]);
    const svg = await readFile(await download.path(), 'utf8');
    assert.ok(!svg.includes('<script'), 'no raw script tag in the exported SVG');
    assert.ok(svg.includes('&lt;script&gt;'), 'the name is in the SVG, escaped');
    assert.doesNotMatch(download.suggestedFilename(), /[<>/\\]/);
    assert.equal(await page.locator('script:not([src])', { hasText: 'alert' }).count(), 0);
    assert.equal(dialogs, 0);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a name that is a spreadsheet formula is exported to CSV as text', async () => {
    const hostile = '=HYPERLINK("http://evil.example","open")';
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('rename-button').click();
    await page.getByTestId('rename-input').fill(hostile);
    await page.getByTestId('rename-input').press('Enter');
    await setReplications(page, 2);
    await runAndRead(page, 2);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const rows = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    assert.ok(rows.length > 6);
    assert.match(rows[0], /Scenario,.*Mean/, 'a header row first');
    for (const row of rows.slice(1)) {
        assert.ok(row.startsWith(`"'=HYPERLINK(`), `a cell that stays text: ${row}`);
    }
    assert.deepEqual(problems(), []);
    await context.close();
});

test('framed by another page, the app does not run and offers to open it directly', async () => {
    const { page, context } = await openApp(browser, server);
    // A page of another origin framing the app (about:blank with an iframe).
    const framer = await context.newPage();
    await framer.setContent(`<iframe src="${server.url}" width="800" height="600"></iframe>`);
    const frame = framer.frameLocator('iframe');
    const notice = frame.getByTestId('framed-notice');
    await notice.waitFor({ timeout: 30_000 });
    assert.equal(await frame.getByTestId('run-button').count(), 0);
    assert.equal(await notice.locator('a').getAttribute('target'), '_top');
    // Not framed, the same site runs as usual.
    assert.equal(await page.getByTestId('framed-notice').count(), 0);
    await context.close();
});

test('the built page carries a Content-Security-Policy without unsafe-inline scripts', async () => {
    const html = await readFile(join(DIST, 'index.html'), 'utf8');
    const policy = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
    assert.ok(policy, 'CSP meta tag present');
    assert.match(policy, /default-src 'self'/);
    const scripts = policy.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
    assert.match(scripts, /^script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'$/);
    assert.doesNotMatch(scripts, /unsafe-inline/);
    assert.doesNotMatch(policy, /unsafe-inline/, 'no inline styles either');
    assert.match(policy, /style-src 'self'(;|$)/);
    // Only plotters' three text-measuring style attributes, by hash.
    assert.match(policy, /style-src-attr 'unsafe-hashes'( 'sha256-[A-Za-z0-9+/=]+'){3}(;|$)/);
    assert.match(policy, /worker-src 'self' blob:/);
    assert.doesNotMatch(html, /\son[a-z]+="/i, 'no inline event handlers');
    // The app runs under that policy with no violation (the harness fails on
    // any console error, and a violation is one).
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 2);
    await runAndRead(page, 2);
    // The charts (SVG images with their own styles) are drawn under it.
    await page.waitForFunction(() => [...document.querySelectorAll('figure.chart img')].filter((i) => i.naturalWidth > 0).length >= 5);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the simulation workers run under the page\'s Content-Security-Policy', async () => {
    const { page, context } = await openApp(browser, server);
    const workers = page.workers();
    assert.ok(workers.length >= 1);
    for (const worker of workers) {
        // A script the policy does not allow (a data: URL) cannot be loaded;
        // without a policy it would be.
        const outcome = await worker.evaluate(() => {
            try {
                importScripts('data:text/javascript,self.__loaded=1');
                return 'loaded';
            } catch (error) {
                return `refused: ${error.name}`;
            }
        });
        assert.match(outcome, /^refused/);
    }
    await context.close();
});

test('a worker from another version (stale cache after a deploy) makes the page reload once, then says so', async () => {
    const context = await browser.newContext();
    // Serve a worker whose version string differs, as a cached old worker
    // would after a deploy: same length, so the module stays valid.
    await context.route('**/worker_bg.wasm', async (route) => {
        const response = await route.fetch();
        const bytes = Buffer.from(await response.body());
        const at = bytes.indexOf(Buffer.from(APP_VERSION));
        assert.ok(at >= 0, 'the worker carries its version string');
        Buffer.from(OTHER_VERSION).copy(bytes, at);
        await route.fulfill({ response, body: bytes });
    });
    const page = await context.newPage();
    let loads = 0;
    page.on('load', () => {
        loads += 1;
    });
    await page.goto(server.url);
    const badge = page.locator('[data-testid="worker-status"].badge-error');
    await badge.waitFor({ timeout: 30_000 });
    assert.match(await badge.textContent(), new RegExp(`v${OTHER_VERSION.replace(/\./g, '\\.')}`));
    assert.equal(loads, 2, 'reloaded exactly once');
    await context.close();
});
