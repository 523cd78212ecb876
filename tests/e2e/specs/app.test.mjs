// The workshop app, clicked through on the release build: pick a preset,
// run, cancel, compare, sweep, share, export, import, reload.

import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, openApp, setReplications, waitFinished, server, browser, useBrowserSuite, scenario, enter } from '../lib/harness.mjs';

const KPIS = ['first_response_minutes', 'conversion_rate', 'orders', 'satisfaction', 'cost_per_order', 'abandonment_rate'];

useBrowserSuite();

test('pick a preset, run it, and read every KPI with its interval', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await setReplications(page, 8);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    for (const key of KPIS) {
        const card = page.getByTestId(`kpi-${key}`);
        const text = await card.textContent();
        assert.match(text, /±\s*\S*\d/, `${key} shows an interval: ${text}`);
        assert.match(text, /P10 .* P50 .* P90/, `${key} shows percentiles`);
    }
    assert.match(await page.getByTestId('run-summary').textContent(), /8 replications/);
    // Every KPI has a row in the table under the cards, the model v2 ones too.
    await page.getByTestId('all-kpis').locator('summary').click();
    for (const key of ['contacted_within_15_minutes', 'contacted_within_60_minutes', 'contacted_within_24_hours', 'unfinished_rate', 'nps', 'sla_breach_rate']) {
        const row = await page.getByTestId(`all-kpi-${key}`).textContent();
        assert.match(row, /\d.*%|\d/, `${key}: ${row}`);
    }
    assert.match(await page.getByTestId('all-kpi-contacted_within_60_minutes').textContent(), /Reached within 1 h.*%/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the same seed gives the same numbers on a rerun', async () => {
    const { page, context } = await openApp(browser, server);
    await setReplications(page, 4);
    await page.getByTestId('seed-input').fill('12345');
    await page.getByTestId('seed-input').press('Enter');
    const orders = async () => {
        await page.getByTestId('run-button').click();
        await waitFinished(page);
        return page.getByTestId('kpi-orders').textContent();
    };
    const first = await orders();
    const second = await orders();
    assert.equal(second, first);
    await context.close();
});

test('cancel stops a long run at once and the scenario can be rerun', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 2000);
    await page.getByTestId('run-button').click();
    await page.getByTestId('progress').waitFor();
    await page.getByTestId('cancel-button').click();
    await page.getByTestId('cancel-button').waitFor({ state: 'detached', timeout: 5_000 });
    assert.equal(await page.getByTestId('progress').count(), 0);
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('compare two presets with paired differences', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 6);
    await page.getByTestId('tab-compare').click();
    const view = page.getByTestId('compare-view');
    await view.locator('input[type=checkbox]').nth(0).check();
    await view.locator('input[type=checkbox]').nth(1).check();
    await page.getByTestId('compare-run').click();
    await page.getByTestId('compare-table').waitFor({ timeout: 120_000 });
    await page.locator('[data-testid="compare-table"] caption', { hasText: '6 replications' }).waitFor({ timeout: 120_000 });
    const verdicts = await page.locator('[data-testid="compare-table"] [data-verdict]').evaluateAll((els) => els.map((e) => e.dataset.verdict));
    assert.equal(verdicts.length, 14, 'one verdict per headline KPI');
    for (const v of verdicts) assert.ok(['better', 'worse', 'immaterial', 'unclear', 'not-applicable'].includes(v), v);
    // The front–middle–back preset's transition cost over its monthly gross-profit gain.
    const payback = await page.locator('[data-testid="compare-row-payback"] [data-testid="payback"]').first().textContent();
    assert.match(payback, /^[\d.]+ months ± [\d.]+ \(95 %: [\d.]+–([\d.]+|∞)\) · monthly gain ¥[\d,]+$/, payback);
    await context.close();
});

test('sweep a headcount and see one row per value', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await setReplications(page, 3);
    await page.getByTestId('tab-sweep').click();
    await page.getByTestId('sweep-steps').fill('3');
    await page.getByTestId('sweep-steps').press('Enter');
    await page.getByTestId('sweep-run').click();
    await page.locator('[data-testid="sweep-table"] caption', { hasText: '3 replications' }).waitFor({ timeout: 120_000 });
    assert.equal(await page.locator('[data-testid="sweep-table"] tbody tr').count(), 3);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('share link round trip adds the scenario in a fresh browser', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('new-button').click();
    await page.getByTestId('rename-button').click();
    await page.getByTestId('rename-input').fill('Shared 共享');
    await page.getByTestId('rename-input').press('Enter');
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.match(link, /#s=/);
    await context.close();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    await other.getByTestId('info-message').waitFor();
    assert.ok((await other.getByTestId('scenario-list').textContent()).includes('Shared 共享'));
    assert.ok(!(await other.evaluate(() => location.hash)).includes('s='), 'fragment cleared');
    await fresh.close();
});

test('an edited preset travels as its changes: the platform preset fits in a share link', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await enter(page.locator('[data-field="/units/0/headcount"]'), '17');
    await page.getByTestId('share-button').click();
    const link = await page.getByTestId('share-link').inputValue();
    assert.match(link, /#s=2\.faw_vw_front_middle_back_after\./);
    assert.ok(link.length < 2000, `${link.length} characters`);
    await context.close();

    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    await other.goto(link);
    await other.getByTestId('info-message').waitFor();
    assert.equal((await scenario(other)).units[0].headcount, 17);
    await fresh.close();
});

test('a tampered share link shows an error and leaves the work untouched', async () => {
    const { page, context } = await openApp(browser, server);
    const before = await page.getByTestId('scenario-list').textContent();
    // A link opened in a new tab of the same browser (same storage).
    const tab = await context.newPage();
    await tab.goto(server.url + '#s=1.AAAAthis-is-not-a-scenario');
    await tab.getByTestId('error-message').waitFor();
    assert.equal(await tab.getByTestId('scenario-list').textContent(), before);
    await tab.reload();
    assert.equal(await tab.getByTestId('scenario-list').textContent(), before);
    await context.close();
});

test('export the scenario as JSON and the results as CSV', async () => {
    const { page, context } = await openApp(browser, server);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const text = await readFile(await json.path(), 'utf8');
    assert.equal(JSON.parse(text).version, 1);
    assert.match(json.suggestedFilename(), /\.json$/);
    await setReplications(page, 3);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    const rows = (await readFile(await csv.path(), 'utf8')).trim().split('\n');
    assert.ok(rows.length > 6);
    assert.ok(rows.some((r) => r.includes('orders')));
    await context.close();
});

test('importing a bad file shows field-path errors; a good file is added', async () => {
    const { page, context } = await openApp(browser, server);
    const dir = await mkdtemp(join(tmpdir(), 'orgflow-'));
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({ version: 1, name: { en: 'x', zh: 'x' }, horizon: { days: -3 }, grades: [], sources: [], units: [{ name: 'u', headcount: 0 }] }));
    await page.getByTestId('import-input').setInputFiles(bad);
    const error = await page.getByTestId('error-message').textContent();
    assert.match(error, /bad\.json/);
    assert.match(error, /horizon\.days|units\[0\]\.headcount/);
    const good = join(dir, 'good.json');
    await writeFile(good, await readFile(new URL('../../../examples/validation/mm1.json', import.meta.url), 'utf8'));
    await page.getByTestId('import-input').setInputFiles(good);
    await page.getByTestId('info-message').waitFor();
    assert.match(await page.getByTestId('scenario-list').textContent(), /M\/M\/1/);
    await context.close();
});

test('work survives a reload: edits, selection and undo', async () => {
    const { page, context } = await openApp(browser, server);
    const headcount = page.locator('[data-field="/units/0/headcount"]');
    const original = await headcount.inputValue();
    // One record per scenario: the save lands in the selected one's.
    const records = () =>
        Object.keys(localStorage)
            .filter((k) => k.startsWith('orgflow.v1.scenario.'))
            .sort()
            .map((k) => localStorage.getItem(k))
            .join('\u0000');
    const savedBefore = await page.evaluate(records);
    await headcount.fill(String(Number(original) + 7));
    await headcount.press('Tab');
    // The autosave runs in an effect just after the render: reloading before
    // it ran would test the race, not the saving.
    await page.waitForFunction(`(${records})() !== ${JSON.stringify(savedBefore)}`);
    await page.reload();
    await page.locator('[data-testid="worker-status"].badge-ok').waitFor();
    assert.equal(await page.locator('[data-field="/units/0/headcount"]').inputValue(), String(Number(original) + 7));
    await context.close();
});

test('undo and redo an edit', async () => {
    const { page, context } = await openApp(browser, server);
    const count = () => page.locator('[data-testid="scenario-list"] li').count();
    const n = await count();
    await page.getByTestId('duplicate-button').click();
    assert.equal(await count(), n + 1);
    await page.getByTestId('undo-button').click();
    assert.equal(await count(), n);
    await page.getByTestId('redo-button').click();
    assert.equal(await count(), n + 1);
    await context.close();
});

test('language switch covers the results and is remembered', async () => {
    const { page, context } = await openApp(browser, server);
    await setReplications(page, 2);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('kpi-orders').textContent(), /订单数/);
    assert.match(await page.getByTestId('run-button').textContent(), /运行/);
    await page.waitForFunction(() => localStorage.getItem('orgflow.v1.lang') === 'zh-CN');
    await page.reload();
    assert.match(await page.getByTestId('run-button').textContent(), /运行/);
    await context.close();
});

test('presentation mode hides the editor and steps through scenarios with the arrow keys', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('present-toggle').click();
    assert.equal(await page.getByTestId('editor-panel').isVisible(), false);
    const current = () => page.locator('.scenario-item.current').textContent();
    const first = await current();
    assert.equal(await page.getByTestId('results-scenario').textContent(), first);
    await page.keyboard.press('ArrowRight');
    assert.notEqual(await current(), first);
    assert.equal(await page.getByTestId('results-scenario').textContent(), await current());
    await page.keyboard.press('ArrowLeft');
    assert.equal(await current(), first);
    await page.keyboard.press('Escape');
    assert.equal(await page.getByTestId('editor-panel').isVisible(), true);
    await context.close();
});

test('more parameters: a committee cadence is editable and a bad value is flagged at its field', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('more-parameters').locator('summary').click();
    const cadence = page.locator('[data-field$="/committee/every_days"]').first();
    await cadence.fill('1');
    await cadence.press('Tab');
    await page.getByTestId('validation-ok').waitFor();
    await cadence.fill('-2');
    await cadence.press('Tab');
    await page.getByTestId('validation-errors').waitFor();
    assert.equal(await cadence.getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByTestId('validation-errors').textContent(), /committee\.every_days/);
    await page.getByTestId('undo-button').click();
    assert.equal(await page.locator('[data-field$="/committee/every_days"]').first().inputValue(), '1');
    await context.close();
});

test('money: prices, margins, discounts and the transition cost are edited in more parameters, labelled in both languages', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('more-parameters').locator('summary').click();
    const price = page.getByTestId('param-funnel-channels-0-price');
    assert.equal(await price.inputValue(), '160000');
    await enter(price, '170000');
    assert.equal((await scenario(page)).funnel.channels[0].price, 170000);
    // Emptying a money field returns it to its default, 0.
    await enter(page.getByTestId('param-funnel-after_sales-gross_margin_percent'), '');
    assert.equal((await scenario(page)).funnel.after_sales.gross_margin_percent, undefined);
    // The transition cost is there although the file has none.
    const transition = page.getByTestId('param-transition_cost');
    assert.equal(await transition.inputValue(), '');
    await enter(transition, '5000000');
    assert.equal((await scenario(page)).transition_cost, 5000000);
    // Discounts: one per decision level, or none.
    await enter(page.getByTestId('param-funnel-decision_discount_percent-2'), '7.5');
    assert.deepEqual((await scenario(page)).funnel.decision_discount_percent, [2, 4, 7.5]);
    await page.getByTestId('validation-ok').waitFor();
    // A margin over 100 % is flagged at its field with the range.
    const margin = page.getByTestId('param-funnel-channels-0-gross_margin_percent');
    await enter(margin, '150');
    await page.getByTestId('validation-errors').waitFor();
    assert.equal(await margin.getAttribute('aria-invalid'), 'true');
    assert.match(await page.getByTestId('validation-errors').textContent(), /funnel\.channels\[0\]\.gross_margin_percent.*100/);
    assert.match(await page.getByTestId('more-parameters').textContent(), /authorised_dealers · list price per order/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('more-parameters').textContent(), /authorised_dealers · 标价（每单，元）/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('model v2 results: pools chart, KPIs by grade and source, unit skills, and a warning when the drain is too short', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await setReplications(page, 4);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.getByTestId('chart-pools').waitFor();
    assert.match(await page.getByTestId('chart-pools').innerHTML(), /Pool sizes over time|Lead pool/);
    await page.getByTestId('segments').locator('summary').click();
    assert.equal(await page.getByTestId('by-grade').locator('tbody tr').count(), 4);
    assert.equal(await page.getByTestId('by-source').locator('tbody tr').count(), 4);
    assert.match(await page.getByTestId('by-grade').locator('tbody tr').first().textContent(), /^H.*±.*%/);
    assert.equal(await page.getByTestId('warning-unfinished').count(), 0);

    // A unit's skill is created by its first edit and removed when cleared.
    await page.getByTestId('more-parameters').locator('summary').click();
    const skill = page.getByTestId('param-units-0-skill-qualify');
    await enter(skill, '1.5');
    assert.deepEqual((await scenario(page)).units[0].skill, { qualify: 1.5 });
    await enter(skill, '');
    assert.equal((await scenario(page)).units[0].skill, undefined);
    assert.match(await page.getByTestId('more-parameters').textContent(), /crm_and_work_badges · per month/);
    // Call attempts: each source's reach is editable where the file has one.
    await enter(page.getByTestId('param-sources-0-reach-probability'), '0.5');
    assert.equal((await scenario(page)).sources[0].reach.probability, 0.5);
    await page.getByTestId('validation-ok').waitFor();

    // No drain: the run ends with leads mid-journey, and the app says so.
    await enter(page.getByTestId('param-horizon-drain_days'), '0');
    await page.getByTestId('validation-ok').waitFor();
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    const warning = page.getByTestId('warning-unfinished');
    await warning.waitFor();
    assert.match(await warning.textContent(), /still in the funnel.*drain/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await warning.textContent(), /漏斗/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('a traffic source: its pool is charted, its capture rate and dwell are editable', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const dir = await mkdtemp(join(tmpdir(), 'orgflow-'));
    const file = join(dir, 'traffic.json');
    await writeFile(file, await readFile(new URL('../../../examples/digital_user_operations_traffic_pool.json', import.meta.url), 'utf8'));
    await page.getByTestId('import-input').setInputFiles(file);
    await page.getByTestId('info-message').waitFor();
    assert.equal((await scenario(page)).id, 'digital_user_operations_traffic_pool');
    await setReplications(page, 2);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.getByTestId('chart-pools').waitFor();
    assert.match(await page.getByTestId('chart-pools').innerHTML(), /Traffic pool \(visitors\)/);

    await page.getByTestId('more-parameters').locator('summary').click();
    await enter(page.getByTestId('param-sources-0-traffic-capture_rate'), '0.05');
    assert.equal((await scenario(page)).sources[0].traffic.capture_rate, 0.05);
    await page.getByTestId('validation-ok').waitFor();
    assert.match(await page.getByTestId('more-parameters').textContent(), /online_ads · dwell in the traffic pool \(days\)/);
    // A capture rate of 0 is refused in words, with the field's path.
    await enter(page.getByTestId('param-sources-0-traffic-capture_rate'), '0');
    assert.match(await page.getByTestId('more-parameters').textContent(), /sources\[0\]\.traffic\.capture_rate/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('more-parameters').textContent(), /留资率/);
    assert.deepEqual(problems(), []);
    await context.close();
});
