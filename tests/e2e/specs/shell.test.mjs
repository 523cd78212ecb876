// The app shell: renders from a sub-path with no error, talks to its
// worker, switches language and theme and remembers both, passes axe.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test, ROOT, openApp, server, browser, useBrowserSuite } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);

useBrowserSuite();

test('the shell renders under a sub-path and the worker answers with the app version', async () => {
    const { page, problems, context } = await openApp(browser, server);
    assert.equal(await page.locator('h1').textContent(), 'orgflow');
    for (const id of ['scenario-panel', 'editor-panel', 'results-panel']) {
        assert.ok(await page.getByTestId(id).isVisible(), `${id} visible`);
    }
    const version = (await page.getByTestId('app-version').textContent()).trim().split(' ').pop();
    assert.match(version, /^\d+\.\d+\.\d+$/);
    assert.ok((await page.getByTestId('worker-status').textContent()).includes(`v${version}`));
    assert.deepEqual(problems(), []);
    await context.close();
});

test('language switch changes every label and is remembered after reload', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const toggle = page.getByTestId('lang-toggle');
    const heading = page.locator('#results-panel-heading');
    // The context's browser language is English, so the app starts in English.
    assert.equal(await heading.textContent(), 'Results');
    await toggle.click();
    assert.equal(await heading.textContent(), '结果');
    assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
    await page.reload();
    assert.equal(await page.locator('#results-panel-heading').textContent(), '结果');
    await page.getByTestId('lang-toggle').click();
    assert.equal(await page.locator('#results-panel-heading').textContent(), 'Results');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('theme switch toggles dark mode and is remembered', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const theme = () => page.locator('html').getAttribute('data-theme');
    const before = await theme();
    await page.getByTestId('theme-toggle').click();
    const after = await theme();
    assert.notEqual(after, before);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, after === 'dark' ? 'rgb(15, 20, 27)' : 'rgb(244, 246, 249)');
    await page.waitForFunction((t) => localStorage.getItem('orgflow.v1.theme') === t, after);
    await page.reload();
    // The attribute is set when the app has started (after the wasm loads),
    // not at the page's load event.
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, after, { timeout: 30_000 });
    assert.equal(await theme(), after);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('keyboard focus is visible on the header controls', async () => {
    const { page, context } = await openApp(browser, server);
    const focused = () => page.evaluate(() => {
        const el = document.activeElement;
        return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle };
    });
    // First the skip link to Run, then the header's buttons.
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { tag: 'A', outline: 'solid' });
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(), { tag: 'BUTTON', outline: 'solid' });
    await context.close();
});

test('axe-core finds no serious or critical accessibility violation', async () => {
    const { page, context } = await openApp(browser, server);
    // Scan the app with results on screen, not only the empty shell.
    await page.getByTestId('replications-input').fill('2');
    await page.getByTestId('replications-input').press('Enter');
    await page.getByTestId('run-button').click();
    await page.getByTestId('kpi-orders').waitFor({ timeout: 60_000 });
    for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        await page.evaluate(require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const serious = result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${theme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
        assert.deepEqual(serious, []);
    }
    await context.close();
});

test('axe-core finds no serious or critical violation in the analysis views (Fit with its back-test, uncertain inputs, Optimise)', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await page.getByTestId('replications-input').fill('2');
    await page.getByTestId('replications-input').press('Enter');
    const scan = async (testid) => {
        await page.evaluate(require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
        const result = await page.evaluate((id) => window.axe.run(document.querySelector(`[data-testid="${id}"]`), { resultTypes: ['violations'] }), testid);
        return result.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => `${testid}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    };
    await page.getByTestId('tab-fit').click();
    const fit = page.getByTestId('fit-view');
    await fit.getByTestId('fit-input').setInputFiles(join(ROOT, 'examples', 'logs', 'synthetic_faw_vw_before_leads.csv'));
    await fit.getByTestId('backtest-run').click();
    await fit.getByTestId('backtest-table').waitFor({ timeout: 60_000 });
    const found = await scan('fit-view');
    await page.getByTestId('tab-sensitivity').click();
    await page.getByTestId('sensitivity-mode-uncertain').click();
    await page.getByTestId('uncertainty-add').waitFor();
    found.push(...await scan('sensitivity-view'));
    await page.getByTestId('tab-optimise').click();
    found.push(...await scan('optimise-view'));
    assert.deepEqual(found, []);
    await context.close();
});

test('the language switch reads 中文 even where no Chinese font is installed (bundled two-glyph face)', async () => {
    const { page, problems, context } = await openApp(browser, server);
    // English first, so the switch shows 中文.
    if ((await page.getByTestId('lang-toggle').textContent()).trim() !== '中文') {
        await page.getByTestId('lang-toggle').click();
    }
    assert.equal((await page.getByTestId('lang-toggle').textContent()).trim(), '中文');
    const family = await page.getByTestId('lang-toggle').evaluate((el) => getComputedStyle(el).fontFamily);
    assert.match(family, /"orgflow zh label"/, 'the face is in the switch\'s font stack');
    // The face is served and allowed by the page's policy (font-src 'self').
    const faces = await page.evaluate(async () => (await document.fonts.load('16px "orgflow zh label"', '中文')).length);
    assert.equal(faces, 1);
    assert.deepEqual(problems(), []);
    await context.close();
});
