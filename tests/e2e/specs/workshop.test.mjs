// What a workshop room sees (issue 12): results that say when they are out
// of date, the keyboard path to Run, significant-and-material verdicts, cards
// that say what they show, presets as the baseline, a CSV a client can open,
// and the site working with no network.

import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test, within, ROOT, openApp, setReplications, waitFinished, waitForWorker, startServer, browser, server, useBrowserSuite, enter, scenario } from '../lib/harness.mjs';

useBrowserSuite();

/** Compares the first two scenarios of the list and waits for the table. */
async function compareFirstTwo(page, replications) {
    await page.getByTestId('tab-compare').click();
    const view = page.getByTestId('compare-view');
    await view.locator('input[type=checkbox]').nth(0).check();
    await view.locator('input[type=checkbox]').nth(1).check();
    await page.getByTestId('compare-run').click();
    await page.locator('[data-testid="compare-table"] caption', { hasText: `${replications} replications` }).waitFor({ timeout: 120_000 });
    return view;
}

test('results say when the scenario changed since the run, in cards, charts and exports', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.locator('[data-testid^="chart-"] img').first().waitFor();
    assert.equal(await page.getByTestId('results-stale').count(), 0, 'fresh results are not marked');
    assert.equal(await page.getByTestId('chart-stale').count(), 0);

    // An edit the results do not reflect.
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    await enter(headcount, String(Number(await headcount.inputValue()) + 5));
    await page.getByTestId('results-stale').waitFor();
    assert.match(await page.getByTestId('results-stale').textContent(), /Changed since this run/);
    assert.ok((await page.getByTestId('chart-stale').count()) > 0, 'charts are marked');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.match(csv.suggestedFilename(), /-results-outdated\.csv$/);

    // Undo brings the scenario back to what ran: the mark goes.
    await page.getByTestId('undo-button').click();
    await page.getByTestId('results-stale').waitFor({ state: 'detached' });

    // A run setting counts too; running again clears the mark.
    await page.getByTestId('seed-input').fill('777');
    await page.getByTestId('seed-input').press('Enter');
    await page.getByTestId('results-stale').waitFor();
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.getByTestId('results-stale').waitFor({ state: 'detached' });

    // In Chinese too.
    await page.getByTestId('lang-toggle').click();
    await enter(headcount, String(Number(await headcount.inputValue()) + 1));
    assert.match(await page.getByTestId('results-stale').textContent(), /已修改/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a comparison is out of date once a compared scenario changes', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    const view = await compareFirstTwo(page, 3);
    assert.equal(await page.getByTestId('results-stale').count(), 0);
    // Picking a third scenario: the table no longer shows what is picked.
    await view.locator('input[type=checkbox]').nth(2).check();
    await page.getByTestId('results-stale').waitFor();
    await view.locator('input[type=checkbox]').nth(2).uncheck();
    await page.getByTestId('results-stale').waitFor({ state: 'detached' });
    assert.deepEqual(problems(), []);
    await context.close();
});

test('keyboard: the first Tab reaches a skip link to Run, a few more reach Run itself, and Ctrl+Enter runs from a field', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const focused = () => page.evaluate(() => document.activeElement?.dataset.testid || document.activeElement?.id || document.activeElement?.tagName);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'skip-to-run');
    assert.ok(await page.getByTestId('skip-to-run').isVisible(), 'the focused skip link is on screen');
    await page.keyboard.press('Enter');
    // The app moves focus after the key's default action: wait for it
    // (reading at once raced it on a loaded machine), then check where it is.
    await page.waitForFunction(() => document.activeElement?.dataset.testid === 'run-button', null, { timeout: 5_000 }).catch(() => {});
    assert.equal(await focused(), 'run-button', 'Enter on the skip link puts focus on Run');
    // Plain Tab presses from the page top reach a Run button in the header
    // (fewer than 15), which runs what the view's Run button runs.
    await page.getByTestId('replications-input').fill('3');
    await page.getByTestId('replications-input').press('Enter');
    // From the page top: a fresh load (the setting is saved).
    await page.reload();
    await waitForWorker(page);
    let presses = 0;
    while (presses < 15 && (await focused()) !== 'header-run') {
        await page.keyboard.press('Tab');
        presses += 1;
    }
    assert.equal(await focused(), 'header-run', `Run within ${presses} Tab presses`);
    assert.ok(presses < 15);
    await page.keyboard.press('Enter');
    await waitFinished(page, 3);

    // Ctrl+Enter in a field whose new value is not yet committed: the value
    // is applied first, then the run starts, so its results are current.
    await page.getByTestId('replications-input').fill('3');
    await page.getByTestId('replications-input').press('Tab');
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    await headcount.fill(String(Number(await headcount.inputValue()) + 2));
    await headcount.press('Control+Enter');
    await waitFinished(page, 3);
    assert.equal(await page.getByTestId('results-stale').count(), 0, 'the run used the typed value');
    assert.match(await page.getByTestId('run-button').getAttribute('title'), /Ctrl\+Enter/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a comparison calls a difference better or worse only when it is significant and material', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 4);
    const view = await compareFirstTwo(page, 4);
    const verdictOf = (key) => page.locator(`[data-testid="compare-row-${key}"] [data-verdict]`).first().getAttribute('data-verdict');
    // Shares differ in percentage points.
    assert.match(await page.getByTestId('compare-row-conversion_rate').textContent(), /Δ [+−][\d.]+ pp ± [\d.]+ pp/);

    await page.getByTestId('materiality').locator('summary').click();
    const orders = page.locator('[data-testid="materiality-input"][data-kpi="orders"]');
    assert.equal(await orders.inputValue(), '2.00', 'the default: 2 % of the baseline');
    // No threshold: any significant difference has a direction.
    await enter(orders, '0');
    const significant = await verdictOf('orders');
    // A threshold no difference can reach: never better or worse.
    await enter(orders, '100000');
    const judged = await verdictOf('orders');
    assert.ok(['immaterial', 'unclear', 'not-applicable'].includes(judged), judged);
    if (significant === 'better' || significant === 'worse') assert.equal(judged, 'immaterial');
    assert.equal(await page.getByTestId('results-stale').count(), 0, 'thresholds judge results, they do not change them');
    // Emptying the field restores the default.
    await enter(orders, '');
    assert.equal(await orders.inputValue(), '2.00');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('KPI cards say what each figure is, and the service-level, SLA, NPS and total-cost cards are there', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    for (const key of ['contacted_within_60_minutes', 'sla_breach_rate', 'nps', 'total_cost']) {
        const text = await page.getByTestId(`kpi-${key}`).textContent();
        assert.match(text, /95 % interval of the mean/, `${key}: ${text}`);
        assert.match(text, /Across replications: P10 .* P50 .* P90/, `${key}: ${text}`);
    }
    assert.match(await page.getByTestId('kpi-lead-percentiles').textContent(), /Per lead: median \S+.* · P90 \S+/);
    assert.doesNotMatch(await page.locator('.kpi-grid').textContent(), /± 0\.00(?!\d)/, 'no interval claims exactness');
    // The CSV a client opens: a header row, rates in percent, in the app's language.
    const rows = async () => {
        const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
        assert.match(csv.suggestedFilename(), /-results\.csv$/);
        return (await readFile(await csv.path(), 'utf8')).replace(/^\uFEFF/, '').trim().split('\n');
    };
    const en = await rows();
    assert.match(en[0], /^Scenario,Section,Name,Key,Unit,Mean,/);
    assert.match(en.find((r) => r.includes(',conversion_rate,')), /,%,\d+\.\d\d,/);
    await page.getByTestId('lang-toggle').click();
    const zh = await rows();
    assert.match(zh[0], /^方案,类别,名称/);
    assert.ok(zh.some((r) => r.includes('转化率')));
    assert.deepEqual(problems(), []);
    await context.close();
});

test('an edited preset is marked and resets in one click; Delete asks first and can be undone', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    assert.equal(await page.getByTestId('preset-reset').count(), 0, 'an untouched preset has nothing to reset');
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    const original = await headcount.inputValue();
    await enter(headcount, String(Number(original) + 3));
    await page.getByTestId('preset-modified').first().waitFor();
    await page.getByTestId('preset-reset').click();
    assert.equal(await headcount.inputValue(), original);
    assert.equal(await page.getByTestId('preset-modified').count(), 0);
    assert.equal(await page.getByTestId('preset-reset').count(), 0);
    // The reset is an edit like any other: undo brings the change back.
    await page.getByTestId('undo-button').click();
    assert.equal(await headcount.inputValue(), String(Number(original) + 3));

    // Delete: asked first; Keep keeps it.
    const list = page.getByTestId('scenario-list');
    const before = await list.locator('li').count();
    await page.getByTestId('delete-button').click();
    await page.getByTestId('delete-cancel').click();
    assert.equal(await list.locator('li').count(), before);
    await page.getByTestId('delete-button').click();
    assert.match(await page.getByTestId('delete-confirmation').textContent(), /Undo brings it back/);
    await page.getByTestId('delete-confirm').click();
    assert.equal(await list.locator('li').count(), before - 1);
    await page.getByTestId('undo-button').click();
    assert.equal(await list.locator('li').count(), before);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a new unit takes its cost and opening hours from the front office', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    const before = await scenario(page);
    const front = before.units.find((u) => u.office === 'front');
    await page.getByTestId('add-unit').click();
    const after = await scenario(page);
    const added = after.units[after.units.length - 1];
    assert.equal(added.hourly_cost, front.hourly_cost);
    assert.deepEqual(added.hours, front.hours);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('after one visit the site opens and runs a preset with no network (offline copy)', async () => {
    // A server of this test's own, so it can go away: then nothing answers
    // on the network at all, as in a workshop room without one.
    const own = await startServer();
    const { page, problems, context } = await openApp(browser, own);
    await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
    await within(30_000, page.evaluate(() => navigator.serviceWorker.ready.then(() => true)), 'serviceWorker.ready');
    // The copy holds every file of the build.
    const cached = await within(
        30_000,
        page.evaluate(async () => {
            const names = await caches.keys();
            const cache = await caches.open(names.find((n) => n.startsWith('orgflow-')));
            return (await cache.keys()).map((r) => new URL(r.url).pathname);
        }),
        'reading the offline copy',
    );
    assert.ok(cached.some((p) => p.endsWith('.wasm')), cached.join(' '));
    await within(30_000, own.close(), 'closing the test server');
    const offline = await fetch(own.url, { signal: AbortSignal.timeout(10_000) }).then(() => 'answered', () => 'refused');
    assert.equal(offline, 'refused', 'the server is gone');

    await page.reload();
    await waitForWorker(page);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page, 3);
    assert.match(await page.getByTestId('kpi-orders').textContent(), /\d/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the footer offers the whole site as one archive for a laptop without a network', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('offline-archive').click()]);
    assert.equal(download.suggestedFilename(), 'orgflow-offline.tar.gz');
    const listing = execFileSync('tar', ['-tzf', await download.path()], { encoding: 'utf8' }).split('\n');
    for (const file of ['orgflow/index.html', 'orgflow/sw.js']) assert.ok(listing.includes(file), `${file} in ${listing.join(' ')}`);
    assert.ok(listing.some((f) => /^orgflow\/.*\.wasm$/.test(f)));
    assert.ok(!listing.some((f) => f.endsWith('.tar.gz')), 'not itself');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('at a 1024×768 projector, Run and the results are one click away, never below the editor', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, problems } = await openApp(browser, server, { context });
    // The editor first, with a switch to the results.
    assert.ok(await page.getByTestId('editor-panel').isVisible());
    assert.equal(await page.getByTestId('results-panel').isVisible(), false);
    await page.getByTestId('pane-results').click();
    assert.equal(await page.getByTestId('editor-panel').isVisible(), false);
    const box = await page.getByTestId('run-button').boundingBox();
    assert.ok(box && box.y + box.height <= 768, `Run is on the first screen: ${JSON.stringify(box)}`);
    await setReplications(page, 3);

    // From the editor, Ctrl+Enter runs and shows the results.
    await page.getByTestId('pane-editor').click();
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    await headcount.fill(String(Number(await headcount.inputValue()) + 1));
    await headcount.press('Control+Enter');
    await waitFinished(page, 3);
    assert.ok(await page.getByTestId('results-panel').isVisible());
    assert.equal(await page.getByTestId('results-stale').count(), 0);
    // The skip link, from the editor, lands on Run too.
    await page.getByTestId('pane-editor').click();
    await page.getByTestId('skip-to-run').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'run-primary');

    // A wide screen shows both panels and no switch.
    await page.setViewportSize({ width: 1440, height: 900 });
    assert.equal(await page.getByTestId('pane-results').isVisible(), false);
    assert.ok(await page.getByTestId('editor-panel').isVisible());
    assert.ok(await page.getByTestId('results-panel').isVisible());
    assert.deepEqual(problems(), []);
    await context.close();
});

test('presenting, each scenario stepped to shows its results, running it when it has none', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    await page.getByTestId('present-toggle').click();
    // The first scenario runs by itself: no empty page.
    await waitFinished(page, 3);
    const first = await page.getByTestId('results-scenario').textContent();
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await page.getByTestId('results-scenario').textContent(), first);
    await waitFinished(page, 3);
    assert.equal(await page.getByTestId('results-panel').locator('.panel-empty').count(), 0);
    // Back to the first: its results are still there, nothing reruns.
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByTestId('results-scenario').textContent(), first);
    assert.equal(await page.getByTestId('cancel-button').count(), 0);
    await waitFinished(page, 3);
    await page.keyboard.press('Escape');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a one-click workshop report holds the diagrams, assumptions, KPIs, comparison and charts', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    const view = await compareFirstTwo(page, 3);
    await page.locator('[data-testid^="chart-"] img').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
    assert.match(download.suggestedFilename(), /-workshop-report\.html$/);
    const html = await readFile(await download.path(), 'utf8');
    assert.ok(!/<script/i.test(html), 'the report runs no code');
    assert.match(html, /<svg class="org"/);
    assert.match(html, /Description and assumptions/);
    assert.match(html, /Paired differences/);
    assert.match(html, /Δ [+−]/);
    assert.ok((html.match(/data:image\/svg\+xml/g) || []).length >= 4, 'charts embedded');
    // It opens as a page (what the user prints to PDF).
    const reader = await context.newPage();
    await reader.setContent(html);
    assert.ok(await reader.getByTestId('workshop-report').isVisible());
    assert.ok((await reader.locator('section.scenario').count()) >= 2, 'one section per compared scenario');
    await reader.close();
    assert.deepEqual(problems(), []);
    await context.close();
});

test('presenting at 1024×768: one chart per screen with readable axis text, the organisation and the assumptions', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, problems } = await openApp(browser, server, { context });
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await page.getByTestId('pane-results').click();
    await setReplications(page, 3);
    await page.getByTestId('present-toggle').click();
    await waitFinished(page, 3);
    await page.locator('figure.chart img').first().waitFor();
    // Each chart spans the width: its smallest text (19 px in a 960 px
    // chart) shows at 14 px or more, and a chart takes about a screen.
    const charts = await page.locator('figure.chart').evaluateAll((figures) => figures.map((f) => {
        const img = f.querySelector('img');
        return { width: img ? img.getBoundingClientRect().width : 0, height: f.getBoundingClientRect().height };
    }));
    assert.ok(charts.length >= 4, `${charts.length} charts`);
    for (const c of charts) {
        assert.ok(19 * (c.width / 960) >= 14, `axis text at ${(19 * c.width / 960).toFixed(1)} px`);
        assert.ok(c.height >= 768 - 40, `one chart per screen: ${c.height} px`);
    }
    assert.ok(await page.getByTestId('present-organisation').isVisible(), 'the organisation diagram');
    assert.ok((await page.getByTestId('present-organisation').locator('.org-unit').count()) > 0);
    assert.notEqual(await page.getByTestId('results-notes').getAttribute('open'), null, 'assumptions unfolded');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('present-organisation').count(), 0);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a workshop file holds the scenarios and their results, and reopens them without running', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    const single = await page.locator('.kpi-grid').textContent();
    await compareFirstTwo(page, 3);
    const table = await page.getByTestId('compare-table').textContent();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workshop').click()]);
    assert.match(download.suggestedFilename(), /^orgflow-workshop-\d{4}-\d{2}-\d{2}\.json$/);
    const path = `/tmp/orgflow-e2e-workshop-${process.pid}.json`;
    await download.saveAs(path);
    const file = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(file.format, 'orgflow-workshop');
    assert.deepEqual(file.runs.map((r) => r.kind).sort(), ['compare', 'single']);
    assert.ok(file.scenarios.every((s) => typeof s.scenario === 'object'), 'scenarios are plain JSON');
    assert.deepEqual(problems(), []);
    await context.close();

    // Another browser, nothing stored: the file brings the scenarios and
    // the day's figures back, with no run.
    const other = await openApp(browser, server);
    await other.page.getByTestId('seed-input').fill('99');
    await other.page.getByTestId('seed-input').press('Enter');
    await other.page.getByTestId('seed-input').blur();
    await other.page.getByTestId('import-input').setInputFiles(path);
    const notice = other.page.getByTestId('info-message');
    await notice.waitFor();
    assert.match(await notice.textContent(), /Opened workshop file .*results restored: 2/);
    // The run settings come with it (polled: the field shows the new seed
    // once the import has been rendered).
    await other.page.waitForFunction((seed) => document.querySelector('[data-testid="seed-input"]')?.value === seed, String(file.settings.seed), { timeout: 10_000 });
    await other.page.getByTestId('tab-results').click();
    assert.equal(await other.page.locator('.kpi-grid').textContent(), single, 'the same cards, to the digit');
    assert.equal(await other.page.getByTestId('results-stale').count(), 0, 'restored results match their scenario');
    assert.equal(await other.page.getByTestId('progress').count(), 0, 'nothing ran');
    await other.page.getByTestId('tab-compare').click();
    assert.equal(await other.page.getByTestId('compare-table').textContent(), table);
    assert.deepEqual(other.problems(), []);
    await other.context.close();
});

test('a workshop file also keeps explanations, sensitivities and uncertain-input runs, and reopens them without running', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    // Explain: a new scenario and its copy with one person and a dearer hour.
    await page.getByTestId('new-button').click();
    await page.getByTestId('duplicate-button').click();
    await enter(page.locator('[data-field="/units/0/headcount"]'), '1');
    await enter(page.locator('[data-field="/units/0/hourly_cost"]'), '90');
    await page.getByTestId('tab-explain').click();
    const explain = page.getByTestId('explain-view');
    const count = await explain.getByTestId('explain-a').locator('option').count();
    await explain.getByTestId('explain-a').selectOption({ index: count - 2 });
    await explain.getByTestId('explain-b').selectOption({ index: count - 1 });
    await page.getByTestId('explain-run').click();
    await explain.getByTestId('explain-table').waitFor({ timeout: 120_000 });
    const explained = await explain.getByTestId('explain-table').textContent();

    // Sensitivity of the copy, on two inputs.
    await page.getByTestId('tab-sensitivity').click();
    const view = page.getByTestId('sensitivity-view');
    const copy = await view.getByTestId('sensitivity-scenario').evaluate((s) => s.options[s.selectedIndex].text);
    await view.getByTestId('sensitivity-only').fill('units[team].headcount, sources[website].leads_per_day');
    await view.getByTestId('sensitivity-only').press('Tab');
    await page.getByTestId('sensitivity-run').click();
    await view.getByTestId('sensitivity-table').waitFor({ timeout: 120_000 });
    const sensitivity = await view.getByTestId('sensitivity-table').textContent();

    // Uncertain inputs of the FAW-VW after preset (four stated ranges).
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    const preset = await view.getByTestId('sensitivity-scenario').evaluate((s) => s.options[s.selectedIndex].text);
    await view.getByTestId('sensitivity-mode-uncertain').click();
    await page.getByTestId('uncertainty-run').click();
    await view.getByTestId('uncertainty-table').waitFor({ timeout: 180_000 });
    const uncertainty = await view.getByTestId('uncertainty-table').textContent();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-workshop').click()]);
    const path = `/tmp/orgflow-e2e-analyses-${process.pid}.json`;
    await download.saveAs(path);
    const file = JSON.parse(await readFile(path, 'utf8'));
    const kinds = Object.fromEntries(file.runs.map((r) => [r.kind, r]));
    assert.ok(kinds.explain && kinds.sensitivity && kinds.uncertainty, file.runs.map((r) => r.kind).join(' '));
    assert.equal(kinds.sensitivity.only, 'units[team].headcount, sources[website].leads_per_day');
    assert.equal(kinds.sensitivity.range_percent, 20);
    assert.equal(kinds.explain.scenarios.length, 2);
    assert.deepEqual(problems(), []);
    await context.close();

    // Another browser, nothing stored: each analysis is back, to the digit,
    // and nothing runs.
    const other = await openApp(browser, server);
    await other.page.getByTestId('import-input').setInputFiles(path);
    await other.page.getByTestId('info-message').waitFor();
    const restored = file.runs.length;
    assert.match(await other.page.getByTestId('info-message').textContent(), new RegExp(`results restored: ${restored}(?!\\d)`));
    await other.page.getByTestId('tab-explain').click();
    const again = other.page.getByTestId('explain-view');
    assert.equal(await again.getByTestId('explain-table').textContent(), explained);
    await other.page.getByTestId('tab-sensitivity').click();
    const otherView = other.page.getByTestId('sensitivity-view');
    // The imported copies come after the library's own scenarios.
    const pick = async (name) => {
        const values = await otherView.getByTestId('sensitivity-scenario').evaluate((s, name) =>
            [...s.options].filter((o) => o.text === name).map((o) => o.value), name);
        await otherView.getByTestId('sensitivity-scenario').selectOption(values[values.length - 1]);
    };
    await pick(copy);
    assert.equal(await otherView.getByTestId('sensitivity-table').textContent(), sensitivity);
    await pick(preset);
    await otherView.getByTestId('sensitivity-mode-uncertain').click();
    assert.equal(await otherView.getByTestId('uncertainty-table').textContent(), uncertainty);
    assert.equal(await other.page.getByTestId('progress').count(), 0, 'nothing ran');
    assert.deepEqual(other.problems(), []);
    await other.context.close();
});

test('the organisation diagram shows the pools, each link flowing into its entry unit, and counts after a run', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    const diagram = page.getByTestId('org-diagram');
    const text = async () => (await diagram.textContent()).replace(/\s+/g, ' ');
    for (const pool of ['Leads', 'Incubation', 'Prospects', 'Orders', 'Owners']) assert.ok((await text()).includes(pool), pool);
    assert.equal(await diagram.locator('.org-lane').count(), 3, 'front, middle and back office lanes');
    // The preset's two links (brand, dealer), each a chip and a flow.
    assert.equal(await diagram.locator('rect.org-link').count(), 2);
    assert.equal(await diagram.locator('path.org-link-flow').count(), 2);
    assert.equal(await diagram.locator('[data-testid="org-counts"] text').count(), 0, 'no counts before a run');
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page, 3);
    await page.locator('[data-testid="org-counts"] text').first().waitFor();
    const counts = await diagram.locator('[data-testid="org-counts"] text').allTextContents();
    assert.equal(counts.length, await diagram.locator('.org-unit').count(), 'a count line per unit');
    assert.ok(counts.every((c) => /^served [\d,]+ · \d+ % busy$/.test(c)), counts.join(' | '));
    // An edit: the counts no longer describe the scenario, so they go.
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    await enter(headcount, String(Number(await headcount.inputValue()) + 1));
    await page.getByTestId('results-stale').waitFor();
    assert.equal(await diagram.locator('[data-testid="org-counts"] text').count(), 0);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Explain shares the difference between two scenarios among their input groups, adding up to the total', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 4);
    // A: a new scenario; B: its copy with one person fewer and a dearer hour.
    await page.getByTestId('new-button').click();
    await page.getByTestId('duplicate-button').click();
    await enter(page.locator('[data-field="/units/0/headcount"]'), '1');
    await enter(page.locator('[data-field="/units/0/hourly_cost"]'), '90');
    await page.getByTestId('tab-explain').click();
    const view = page.getByTestId('explain-view');
    const count = await view.getByTestId('explain-a').locator('option').count();
    await view.getByTestId('explain-a').selectOption({ index: count - 2 });
    await view.getByTestId('explain-b').selectOption({ index: count - 1 });
    await view.getByTestId('explain-kpi').selectOption('first_response_minutes');
    await page.getByTestId('explain-run').click();
    await view.getByTestId('explain-table').waitFor({ timeout: 120_000 });
    const read = async () => {
        const rows = await view.locator('[data-testid="explain-row"]').evaluateAll((rows) =>
            rows.map((r) => [r.dataset.group, Number(r.querySelector('td[data-mean]').dataset.mean)]));
        const total = Number(await view.locator('[data-testid="explain-total"] td[data-mean]').getAttribute('data-mean'));
        return { groups: Object.fromEntries(rows), total };
    };
    let { groups, total } = await read();
    assert.deepEqual(Object.keys(groups).sort(), ['costs', 'headcount']);
    const sum = (g) => Object.values(g).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum(groups) - total) <= 1e-9 * Math.max(1, Math.abs(total)), `${sum(groups)} vs ${total}`);
    assert.ok(total > 0, 'one person instead of three: leads wait longer');
    assert.equal(groups.costs, 0, 'an hour\'s cost does not change waits, on common random numbers exactly');
    assert.match(await view.getByTestId('explain-table').locator('caption').textContent(), /4 paired replications · exact Shapley values · 4 combinations run/);
    assert.equal(await view.locator('figure.chart img').count(), 1, 'the waterfall');

    // Another KPI is explained at once from the same replications.
    await view.getByTestId('explain-kpi').selectOption('total_cost');
    await view.locator('caption', { hasText: 'Total cost' }).waitFor();
    assert.equal(await page.getByTestId('progress').count(), 0, 'nothing ran again');
    ({ groups, total } = await read());
    assert.ok(groups.costs > 0, 'a dearer hour costs more');
    assert.ok(Math.abs(sum(groups) - total) <= 1e-6 * Math.abs(total));

    // In Chinese.
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('tab-explain').textContent(), /归因/);
    assert.match(await view.getByTestId('explain-table').locator('caption').textContent(), /次配对重复/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Sensitivity moves each input down and up and shows the effects as a tornado, largest first', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 4);
    await page.getByTestId('new-button').click();
    await page.getByTestId('tab-sensitivity').click();
    const view = page.getByTestId('sensitivity-view');
    await view.getByTestId('sensitivity-only').fill('units[team].headcount, sources[website].leads_per_day, units[team].hourly_cost');
    await view.getByTestId('sensitivity-only').press('Tab');
    await view.getByTestId('sensitivity-range').fill('50');
    await view.getByTestId('sensitivity-range').press('Tab');
    await view.getByTestId('sensitivity-kpi').selectOption('first_response_minutes');
    await page.getByTestId('sensitivity-run').click();
    await view.getByTestId('sensitivity-table').waitFor({ timeout: 120_000 });
    const rows = await view.locator('[data-testid="sensitivity-row"]').evaluateAll((rows) =>
        rows.map((r) => ({ path: r.dataset.path, low: Number(r.dataset.low), high: Number(r.dataset.high) })));
    assert.deepEqual(rows.map((r) => r.path).sort(), ['sources[website].leads_per_day', 'units[team].headcount', 'units[team].hourly_cost']);
    const size = (r) => Math.max(Math.abs(r.low), Math.abs(r.high));
    for (let i = 1; i < rows.length; i += 1) assert.ok(size(rows[i - 1]) >= size(rows[i]), 'largest effect first');
    const byPath = Object.fromEntries(rows.map((r) => [r.path, r]));
    assert.ok(byPath['units[team].headcount'].low > 0, 'fewer people: longer waits');
    assert.ok(byPath['sources[website].leads_per_day'].high > 0, 'more leads: longer waits');
    assert.equal(byPath['units[team].hourly_cost'].low, 0, 'a cost does not change waits (common random numbers)');
    assert.equal(await view.locator('figure.chart img').count(), 1, 'the tornado');
    // Another KPI at once, from the same replications.
    await view.getByTestId('sensitivity-kpi').selectOption('total_cost');
    await view.locator('caption', { hasText: 'Total cost' }).waitFor();
    assert.equal(await page.getByTestId('progress').count(), 0);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('tab-sensitivity').textContent(), /敏感性/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Uncertain inputs: the stated ranges drawn per replication give a band beside the one from chance', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 6);
    // A new scenario states no ranges: the mode says how to add them and cannot run.
    await page.getByTestId('new-button').click();
    await page.getByTestId('tab-sensitivity').click();
    const view = page.getByTestId('sensitivity-view');
    await view.getByTestId('sensitivity-mode-uncertain').click();
    await view.getByTestId('uncertainty-none').waitFor();
    assert.equal(await page.getByTestId('uncertainty-run').isDisabled(), true);
    // The FAW-VW after preset states four ranges, all judgement.
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await view.getByTestId('uncertainty-ranges').waitFor();
    assert.equal(await view.locator('[data-testid="uncertainty-ranges"] tbody tr').count(), 4);
    await view.getByTestId('sensitivity-kpi').selectOption('orders');
    await page.getByTestId('uncertainty-run').click();
    await view.getByTestId('uncertainty-table').waitFor({ timeout: 180_000 });
    const read = () => view.locator('[data-testid="uncertainty-row"]').evaluateAll((rows) =>
        Object.fromEntries(rows.map((r) => [r.dataset.part, { low: Number(r.dataset.low), mean: Number(r.dataset.mean), high: Number(r.dataset.high) }])));
    const parts = await read();
    assert.deepEqual(Object.keys(parts), ['randomness', 'input_uncertainty', 'combined']);
    for (const [part, p] of Object.entries(parts)) {
        assert.ok(p.low <= p.mean && p.mean <= p.high && p.low < p.high, `${part}: ${JSON.stringify(p)}`);
    }
    // The command-line tool on the same file, seed and replications gives
    // the same bits: the workers drew the same values (the test profile is
    // the one `cargo test` has just built, so nothing compiles here).
    const seed = await page.getByTestId('seed-input').inputValue();
    const cli = JSON.parse(execFileSync('cargo',
        ['run', '--quiet', '--profile', 'test', '--bin', 'orgflow', '--',
            'uncertainty', 'examples/faw_vw_front_middle_back_after.json', '--kpi', 'orders', '--replications', '6', '--seed', seed, '--format', 'json'],
        { cwd: ROOT, encoding: 'utf8' }));
    assert.equal(parts.randomness.mean, cli.randomness.mean);
    assert.equal(parts.input_uncertainty.high, cli.input_uncertainty.p97_5);
    assert.equal(parts.combined.low, cli.combined.p2_5);
    const drivers = await view.locator('[data-testid="uncertainty-driver"]').evaluateAll((rows) => rows.map((r) => Math.abs(Number(r.dataset.correlation))));
    assert.equal(drivers.length, 4);
    for (let i = 1; i < drivers.length; i += 1) assert.ok(drivers[i - 1] >= drivers[i], 'strongest driver first');
    // Another KPI at once, from the same replications.
    await view.getByTestId('sensitivity-kpi').selectOption('gross_profit');
    await view.locator('[data-testid="uncertainty-table"] caption', { hasText: 'Gross profit' }).waitFor();
    assert.equal(await page.getByTestId('progress').count(), 0, 'nothing ran again');
    await page.getByTestId('lang-toggle').click();
    assert.match(await view.getByTestId('uncertainty-table').locator('caption').textContent(), /次重复/);
    assert.match(await view.getByTestId('sensitivity-mode-uncertain').textContent(), /不确定输入/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Uncertain inputs: a range stated in the app is checked in words, lands in the file, runs and is removed', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 4);
    await page.getByTestId('new-button').click();
    await page.getByTestId('tab-sensitivity').click();
    const view = page.getByTestId('sensitivity-view');
    await view.getByTestId('sensitivity-mode-uncertain').click();
    await view.getByTestId('uncertainty-none').waitFor();
    const form = view.getByTestId('uncertainty-add');
    // A path that names no number of the scenario is refused in words.
    await enter(form.getByTestId('uncertainty-input'), 'units[nobody].headcount');
    await form.getByTestId('uncertainty-add-button').click();
    assert.match(await form.getByTestId('uncertainty-add-error').textContent(), /No numeric input/);
    // An input offered by the form starts at its value ± 20 %.
    const offered = await form.locator('#uncertainty-candidates option').evaluateAll((os) => os.map((o) => o.value));
    const path = offered.find((p) => p.endsWith('leads_per_day'));
    assert.ok(path, offered.join(' '));
    await enter(form.getByTestId('uncertainty-input'), path);
    const mostLikely = Number(await form.getByTestId('uncertainty-most-likely').inputValue());
    const named = /^sources\[([^\]]+)\]/.exec(path)[1];
    const rate = (await scenario(page)).sources.find((x) => x.name === named).leads_per_day;
    assert.equal(mostLikely, rate);
    const min = Number(await form.getByTestId('uncertainty-min').inputValue());
    assert.ok(Math.abs(min - 0.8 * rate) < 1e-3 * rate, `${min} for ${rate}`);
    // A reversed range is refused in words.
    await enter(form.getByTestId('uncertainty-max'), String(rate / 2));
    await form.getByTestId('uncertainty-add-button').click();
    assert.match(await form.getByTestId('uncertainty-add-error').textContent(), /min ≤ most likely ≤ max/);
    await enter(form.getByTestId('uncertainty-max'), String(rate * 1.5));
    await enter(form.getByTestId('uncertainty-source'), 'workshop');
    await form.getByTestId('uncertainty-add-button').click();
    await view.getByTestId('uncertainty-ranges').waitFor();
    assert.equal(await form.getByTestId('uncertainty-add-error').count(), 0);
    const stated = (await scenario(page)).uncertainty;
    assert.equal(stated.length, 1);
    assert.equal(stated[0].input, path);
    assert.equal(stated[0].source, 'workshop');
    assert.equal(stated[0].most_likely, rate);
    // It runs: the band from the range is there.
    await page.getByTestId('uncertainty-run').click();
    await view.getByTestId('uncertainty-table').waitFor({ timeout: 120_000 });
    await page.getByTestId('lang-toggle').click();
    assert.match(await form.locator('legend').textContent(), /为一个输入给出区间/);
    await page.getByTestId('lang-toggle').click();
    // Removed, the file has no list again.
    await view.getByTestId('uncertainty-remove').click();
    await view.getByTestId('uncertainty-none').waitFor();
    assert.equal((await scenario(page)).uncertainty, undefined);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Fit to data: a lead log read in the browser gives a scenario with intervals, added to the library', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('tab-fit').click();
    const view = page.getByTestId('fit-view');
    // A log without its required created_at column is refused in words.
    await view.getByTestId('fit-input').setInputFiles({
        name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('lead_id,source\n1,web\n'),
    });
    await view.getByTestId('fit-error').waitFor();
    assert.match(await view.getByTestId('fit-error').textContent(), /created_at/);
    // The synthetic log shipped with orgflow (simulated from the FAW-VW before preset).
    await view.getByTestId('fit-input').setInputFiles(join(ROOT, 'examples', 'logs', 'synthetic_faw_vw_before_leads.csv'));
    await view.getByTestId('fit-summary').waitFor();
    assert.equal(await view.getByTestId('fit-summary').getAttribute('data-rows'), '4020');
    assert.equal(await view.getByTestId('fit-summary').getAttribute('data-bad'), '0');
    const row = view.locator('[data-testid="fit-quantity"][data-path="sources[online_ads].leads_per_day"]');
    const value = Number(await row.getAttribute('data-value'));
    // The preset that made the log has 260 a day; ten days of it fit within 4 %.
    assert.ok(Math.abs(value - 260) < 0.04 * 260, `online_ads ${value}`);
    assert.ok(await view.locator('[data-testid="fit-quantity"]').count() > 10);
    await view.getByTestId('fit-notes').waitFor();
    // Added to the library as a valid scenario.
    const before = await page.locator('[data-testid="scenario-list"] li').count();
    await view.getByTestId('fit-add').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="scenario-list"] li').length === n + 1, before);
    const json = await scenario(page);
    assert.equal(json.id, 'fitted');
    assert.ok(json.assumptions.some((a) => a.en.includes('synthetic_faw_vw_before_leads.csv')));
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('tab-fit').textContent(), /拟合数据/);
    assert.match(await view.getByTestId('fit-quantities').locator('caption').textContent(), /拟合值/);
    // A log with one bad row fits from its good rows and lists the bad one by
    // line in the reader's language, which follows a change of language (as
    // a refusal's words do).
    const lines = (await readFile(join(ROOT, 'examples', 'logs', 'synthetic_faw_vw_before_leads.csv'), 'utf8')).split('\n');
    const cells = lines[4].split(',');
    cells[1] = 'yesterday';
    lines[4] = cells.join(',');
    await view.getByTestId('fit-input').setInputFiles({
        name: 'partly-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.slice(0, 400).join('\n')}\n`),
    });
    await view.getByTestId('fit-bad-rows').waitFor();
    assert.equal(await view.getByTestId('fit-summary').getAttribute('data-bad'), '1');
    await view.getByTestId('fit-bad-rows').locator('summary').click();
    assert.match(await view.getByTestId('fit-bad-rows').textContent(), /第 5 行：created_at/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await view.getByTestId('fit-bad-rows').textContent(), /line 5: created_at/);
    await view.getByTestId('fit-input').setInputFiles({
        name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('lead_id,source\n1,web\n'),
    });
    await view.getByTestId('fit-error').waitFor();
    assert.match(await view.getByTestId('fit-error').textContent(), /missing required column created_at/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await view.getByTestId('fit-error').textContent(), /缺少必需的列 created_at/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Fit to data: the back-test of the fitted scenario and the exported event log are the command line\'s, to the bit', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    const seed = await page.getByTestId('seed-input').inputValue();
    const cli = (args) => execFileSync('cargo', ['run', '--quiet', '--profile', 'test', '--bin', 'orgflow', '--', ...args],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
    await page.getByTestId('tab-fit').click();
    const view = page.getByTestId('fit-view');
    const log = join('examples', 'logs', 'synthetic_faw_vw_before_leads.csv');
    await view.getByTestId('fit-input').setInputFiles(join(ROOT, log));
    await view.getByTestId('fit-summary').waitFor();
    await view.getByTestId('backtest-run').click();
    await view.getByTestId('backtest-table').waitFor({ timeout: 120_000 });
    assert.equal(await view.getByTestId('backtest-progress').count(), 0);
    const rows = await view.locator('[data-testid="backtest-row"]').evaluateAll((trs) => trs.map((r) => ({ ...r.dataset })));
    // The same fit and back-test on the command line, same seed and replications.
    const fitted = join(ROOT, 'target', 'orgflow', 'e2e-fitted.json');
    await mkdir(join(ROOT, 'target', 'orgflow'), { recursive: true });
    await writeFile(fitted, cli(['fit', log]));
    const report = JSON.parse(cli(['backtest', fitted, log, '--seed', seed, '--replications', '3', '--format', 'json']));
    assert.equal(rows.length, report.rows.length);
    for (const [i, row] of report.rows.entries()) {
        const shown = rows[i];
        assert.deepEqual([shown.segment, shown.name, shown.metric], [row.segment, row.name, row.metric]);
        assert.equal(shown.observed === '' ? null : Number(shown.observed), row.observed && row.observed.value, `${row.metric} observed`);
        assert.equal(shown.simulated === '' ? null : Number(shown.simulated), row.simulated && row.simulated.value, `${row.metric} simulated`);
    }
    const all = rows.find((r) => r.segment === 'all' && r.metric === 'leads_per_day');
    assert.ok(Math.abs(Number(all.simulated) - Number(all.observed)) < 0.05 * Number(all.observed), JSON.stringify(all));
    await view.getByTestId('backtest-distances').waitFor();
    await view.getByTestId('backtest-limits').waitFor();
    // The report as files: the CLI's JSON (all but the scenario's name,
    // which names the file as given) and a CSV row per figure.
    const [json] = await Promise.all([page.waitForEvent('download'), view.getByTestId('backtest-export-json').click()]);
    const exported = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.deepEqual({ ...exported, scenario: '' }, { ...report, scenario: '' });
    const [csv] = await Promise.all([page.waitForEvent('download'), view.getByTestId('backtest-export-csv').click()]);
    const lines = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    assert.equal(lines.length, report.rows.length + 1);
    assert.match(lines[0], /^segment,name,metric,observed,observed_low,observed_high,simulated,/);
    // The event log of replication 1 of the selected preset: `orgflow events`' bytes.
    const id = (await scenario(page)).id;
    await view.getByTestId('events-replication').fill('1');
    await view.getByTestId('events-replication').press('Tab');
    const [events] = await Promise.all([page.waitForEvent('download'), view.getByTestId('events-download').click()]);
    assert.match(events.suggestedFilename(), /-events-r1-seed\d+\.csv$/);
    const expected = cli(['events', join('examples', `${id}.json`), '--seed', seed, '--replication', '1']);
    assert.ok(expected.startsWith('case_id,activity,unit,start,end,grade,source,link,channel'));
    assert.equal(await readFile(await events.path(), 'utf8'), expected);
    // A lead log, which the fit above reads back.
    await view.getByTestId('events-shape').selectOption('leads');
    const [leads] = await Promise.all([page.waitForEvent('download'), view.getByTestId('events-download').click()]);
    assert.equal(await readFile(await leads.path(), 'utf8'),
        cli(['events', join('examples', `${id}.json`), '--seed', seed, '--replication', '1', '--leads']));
    await page.getByTestId('lang-toggle').click();
    assert.match(await view.getByTestId('backtest-table').locator('caption').textContent(), /回测/);
    assert.match(await view.getByTestId('events-export').locator('h3').textContent(), /事件日志/);
    assert.match(await view.getByTestId('fit-quantities').textContent(), /Wilson 区间/);
    assert.deepEqual(problems(), []);
    await context.close();
});

/** Counts an optimisation's batch jobs in `window.__jobs`, one for each
 * Cancel button that appears (each batch runs as a job with its own). */
async function countBatchJobs(page) {
    await page.evaluate(() => {
        window.__jobs = 0;
        new MutationObserver((records) => {
            for (const r of records) {
                for (const n of r.addedNodes) {
                    if (n.nodeType === 1 && (n.matches('[data-testid="cancel-button"]') || n.querySelector('[data-testid="cancel-button"]'))) window.__jobs += 1;
                }
            }
        }).observe(document.body, { childList: true, subtree: true });
    });
}

test('Optimise finds the least-cost headcount meeting the targets, batch by batch in the worker pool, and saves it', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 4);
    // A preset whose search takes a dozen batches (its front office: three units).
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('tab-optimise').click();
    const view = page.getByTestId('optimise-view');
    // A target that names no KPI is refused in words, naming the allowed ones.
    await view.getByTestId('optimise-targets').fill('reach>=0.9');
    await view.getByTestId('optimise-targets').press('Tab');
    await page.getByTestId('optimise-run').click();
    await page.getByTestId('error-message').waitFor();
    assert.match(await page.getByTestId('error-message').textContent(), /reach/);
    await view.getByTestId('optimise-targets').fill('contacted_within_24_hours>=0.62; abandonment_rate<=0.34');
    await view.getByTestId('optimise-targets').press('Tab');
    await countBatchJobs(page);
    await page.getByTestId('optimise-run').click();
    // The search goes on while another view is shown: later batches start
    // there too.
    await page.getByTestId('tab-results').click();
    await page.evaluate(() => { window.__jobs = 0; });
    await page.waitForFunction(() => window.__jobs >= 1, null, { timeout: 180_000 });
    await page.getByTestId('tab-optimise').click();
    await view.getByTestId('optimise-verdict').waitFor({ timeout: 180_000 });
    assert.equal(await view.getByTestId('optimise-verdict').getAttribute('data-feasible'), 'true');
    const units = await view.locator('[data-testid="optimise-unit"]').evaluateAll((rows) =>
        rows.map((r) => [r.dataset.unit, Number(r.dataset.headcount)]));
    assert.ok(units.length >= 1 && units.every(([, n]) => n >= 1), JSON.stringify(units));
    const path = await view.locator('[data-testid="optimise-path"] li').count();
    assert.ok(path >= 2, `${path} designs: a start and at least one step`);
    assert.match(await view.getByTestId('optimise-verdict').textContent(), new RegExp(`${path} designs evaluated`));
    // Each target beside its own KPI, which meets it (the view once paired
    // the targets with the registry's first KPIs: "29,388.7 % ± ± 353.2 %").
    const met = await view.locator('[data-testid="optimise-target"]').evaluateAll((rows) =>
        rows.map((r) => [r.dataset.kpi, Number(r.dataset.mean), r.textContent]));
    assert.deepEqual(met.map(([k]) => k), ['contacted_within_24_hours', 'abandonment_rate']);
    assert.ok(met[0][1] >= 0.62 && met[0][1] <= 1, JSON.stringify(met));
    assert.ok(met[1][1] >= 0 && met[1][1] <= 0.34, JSON.stringify(met));
    assert.ok(met.every(([, , text]) => !text.includes('± ±')), JSON.stringify(met));
    // The design's every KPI, folded under the verdict: the orders too,
    // not only the targets' KPIs, each with its 95 % interval; a target's
    // KPI reads as in the targets' table.
    const all = view.getByTestId('optimise-all-kpis');
    assert.equal(await all.getAttribute('open'), null, 'folded at first');
    await all.locator('summary').click();
    const orders = all.getByTestId('optimise-kpi-orders');
    await orders.waitFor();
    assert.match(await orders.textContent(), /^Orders\s*[\d,.]+\s*± [\d,.]+$/);
    assert.ok(Number(await orders.getAttribute('data-mean')) > 0);
    assert.ok((await all.locator('tbody tr').count()) > met.length, 'more KPIs than the targets name');
    assert.equal(Number(await all.getByTestId('optimise-kpi-abandonment_rate').getAttribute('data-mean')), met[1][1]);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('tab-optimise').textContent(), /人员优化/);
    assert.match(await view.getByTestId('optimise-verdict').textContent(), /全部目标达成/);
    assert.match(await all.locator('summary').textContent(), /该方案的全部指标/);
    assert.match(await orders.textContent(), /^订单数/);
    await page.getByTestId('lang-toggle').click();
    // Saved as a new scenario with those headcounts (and selected, as an
    // import is).
    const before = await page.locator('[data-testid="scenario-list"] li').count();
    await view.getByTestId('optimise-save').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="scenario-list"] li').length === n + 1, before);
    const saved = await scenario(page);
    for (const [unit, n] of units) {
        assert.equal(saved.units.find((u) => u.name === unit).headcount, n, unit);
    }
    assert.ok(saved.assumptions.some((a) => a.source === 'orgflow optimise'), 'the optimisation is recorded');
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the Optimise view with its answer and every KPI fits a 1024×768 projector in both languages', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    const { page, problems } = await openApp(browser, server, { context });
    await page.getByTestId('pane-results').click();
    await setReplications(page, 4);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('tab-optimise').click();
    const view = page.getByTestId('optimise-view');
    await view.getByTestId('optimise-targets').fill('contacted_within_24_hours>=0.62; abandonment_rate<=0.34');
    await view.getByTestId('optimise-targets').press('Tab');
    await page.getByTestId('optimise-run').click();
    await view.getByTestId('optimise-verdict').waitFor({ timeout: 180_000 });
    await view.getByTestId('optimise-all-kpis').locator('summary').click();
    for (const lang of ['en', 'zh']) {
        if (lang === 'zh') await page.getByTestId('lang-toggle').click();
        // The scenario select's longest English name once widened the
        // results column and the page to 1,151 px.
        const width = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
        assert.ok(width[0] <= width[1], `${lang}: page ${width[0]} > ${width[1]}`);
    }
    assert.deepEqual(problems(), []);
    await context.close();
});

test('Optimise: Cancel stops the search for good, says after how many designs, and Run starts a new one', async () => {
    const { page, problems, context } = await openApp(browser, server);
    // Two hundred replications a design: each batch takes seconds (the
    // whole search, about 9 s with 20, would take minutes), so Cancel
    // lands while the search is still going.
    await setReplications(page, 200);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('tab-optimise').click();
    const view = page.getByTestId('optimise-view');
    await view.getByTestId('optimise-targets').fill('contacted_within_24_hours>=0.62; abandonment_rate<=0.34');
    await view.getByTestId('optimise-targets').press('Tab');
    await countBatchJobs(page);
    await page.getByTestId('optimise-run').click();
    // At least one batch has been taken and the next one is running.
    await view.locator('[data-testid="optimise-searching"]', { hasText: /· [1-9]\d* designs evaluated/ }).waitFor({ timeout: 180_000 });
    await page.getByTestId('progress').waitFor();
    assert.ok(await page.getByTestId('cancel-button').isVisible(), 'the search is still going when Cancel is pressed');
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('cancel-button').waitFor({ state: 'detached', timeout: 5_000 });
    const cancelled = view.getByTestId('optimise-cancelled');
    await cancelled.waitFor();
    const designs = Number(await cancelled.getAttribute('data-designs'));
    assert.ok(designs >= 1, `${designs} designs`);
    assert.match(await cancelled.textContent(), new RegExp(`Search cancelled after ${designs} designs`));
    assert.equal(await view.getByTestId('optimise-searching').count(), 0, 'no longer says it is searching');
    assert.equal(await view.getByTestId('optimise-verdict').count(), 0, 'a cancelled search has no answer');
    assert.equal(await view.locator('[data-testid="optimise-path"] li').count(), designs, 'the path so far');
    // For good: no batch starts and no design is added over a few seconds.
    const jobs = await page.evaluate(() => window.__jobs);
    await page.waitForTimeout(4_000);
    assert.equal(await page.evaluate(() => window.__jobs), jobs, 'no further batch ran');
    assert.equal(Number(await cancelled.getAttribute('data-designs')), designs);
    assert.equal(await page.getByTestId('cancel-button').count(), 0);
    // In Chinese too.
    await page.getByTestId('lang-toggle').click();
    assert.match(await cancelled.textContent(), new RegExp(`搜索已取消：评估了 ${designs} 个方案后停止`));
    await page.getByTestId('lang-toggle').click();
    // Run is free again and starts a new search from the start.
    assert.equal(await page.getByTestId('optimise-run').isEnabled(), true);
    await page.getByTestId('optimise-run').click();
    await page.getByTestId('cancel-button').waitFor();
    await cancelled.waitFor({ state: 'detached' });
    // Cancelled again at once (before or after its first batch's
    // progress), it says so too.
    await page.getByTestId('cancel-button').click();
    await view.getByTestId('optimise-cancelled').waitFor();
    assert.equal(await page.getByTestId('optimise-run').isEnabled(), true);
    assert.deepEqual(problems(), []);
    await context.close();
});
