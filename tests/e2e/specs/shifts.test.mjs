// A unit's shifts: blocks of the week with another headcount are added,
// edited (weekdays, from, to, headcount) and removed in the unit form's
// Shifts tab, the org diagram shows the unit's staffing range, a block the
// validator refuses (ends before it starts, overlaps another) is refused in
// words at the block, in English and in Chinese, and the form fits a
// 1024×768 projector as well as a 1440×900 screen.
// SHOTS_DIR=/some/dir saves a screenshot of the form per size and language.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test, openApp, server, browser, useBrowserSuite, scenario, enter } from '../lib/harness.mjs';

useBrowserSuite();

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

/** The second line (staffing) of unit box `i` in the editor's diagram. */
async function staffing(page, i) {
    return (await page.locator('[data-testid="org-diagram"] .org-unit .org-detail').nth(i).textContent()).trim();
}

test('shift blocks are added, edited, shown in the diagram, refused in words when bad, and in Chinese', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    // call_center: 8 staff, Monday to Friday 09:00–18:00, no shifts.
    assert.equal(await staffing(page, 0), '8 staff · ⇢ brand');
    await page.getByTestId('unit-tab-shifts').click();
    await page.getByTestId('no-shifts').waitFor();

    // A new block changes nothing yet: the base headcount on the opening
    // days, from opening time.
    await page.getByTestId('add-shift').click();
    assert.deepEqual((await scenario(page)).units[0].shifts, [
        { days: WEEKDAYS, from: '09:00', to: '13:00', headcount: 8 },
    ]);
    await page.getByTestId('shift-0-day-fri').uncheck();
    await enter(page.getByTestId('shift-0-to'), '12:00');
    await enter(page.getByTestId('shift-0-headcount'), '12');
    assert.deepEqual((await scenario(page)).units[0].shifts, [
        { days: ['mon', 'tue', 'wed', 'thu'], from: '09:00', to: '12:00', headcount: 12 },
    ]);
    await page.getByTestId('validation-ok').waitFor();
    assert.equal(await staffing(page, 0), '8 staff · 12 by shift');

    // A second block starts where the first ends.
    await page.getByTestId('add-shift').click();
    assert.deepEqual((await scenario(page)).units[0].shifts[1], { days: WEEKDAYS, from: '12:00', to: '16:00', headcount: 8 });
    await enter(page.getByTestId('shift-1-headcount'), '4');
    await page.getByTestId('validation-ok').waitFor();
    assert.equal(await staffing(page, 0), '8 staff · 4–12 by shift');
    // The week at a glance: Monday 09:00 has 12, 12:00 has 4, 16:00 the
    // base 8, 18:00 closed; Friday morning the base (the first block is
    // Monday to Thursday); the weekend closed. 4 days × 3 h × 12 + 5 × 4 h
    // × 4 + 5 × 2 h × 8 + 1 × 3 h × 8 person-hours.
    const week = page.getByTestId('shift-week');
    await week.locator('[data-day="mon"] .week-cell[data-people="4"]').first().waitFor();
    const cells = (day) => week.locator(`[data-day="${day}"] .week-cell`).evaluateAll((cs) => cs.map((c) => c.dataset.people ?? null));
    const monday = await cells('mon');
    assert.deepEqual([monday[17], monday[18], monday[23], monday[24], monday[32], monday[35], monday[36]],
        [null, '12', '12', '4', '8', '8', null]);
    assert.equal((await cells('fri'))[18], '8');
    assert.ok((await cells('sun')).every((c) => c === null));
    assert.equal(await week.getAttribute('data-low'), '4');
    assert.equal(await week.getAttribute('data-high'), '12');
    assert.equal(Number(await week.getAttribute('data-person-hours')), 4 * 3 * 12 + 5 * 4 * 4 + 5 * 2 * 8 + 3 * 8);
    assert.match(await week.locator('figcaption').textContent(), /while open, 4–12 people/);

    // From after to: kept as typed, refused in words at the block.
    const block = page.getByTestId('shift-1');
    await enter(page.getByTestId('shift-1-to'), '11:00');
    await block.getByText('units[0].shifts[1]: a shift\'s "from" must be before its "to" (a shift cannot cross midnight; use 00:00–24:00 for the whole day)').waitFor();
    assert.equal((await scenario(page)).units[0].shifts[1].to, '11:00');
    assert.match(await page.getByTestId('validation-errors').textContent(), /units\[0\]\.shifts\[1\]/);
    // Its from and to are marked invalid and point at the block's message.
    for (const field of ['from', 'to']) {
        const input = page.getByTestId(`shift-1-${field}`);
        assert.equal(await input.getAttribute('aria-invalid'), 'true', field);
        const described = await input.getAttribute('aria-describedby');
        assert.match(await page.locator(`[id="${described}"]`).textContent(), /must be before its "to"/);
    }
    assert.equal(await page.getByTestId('shift-0-from').getAttribute('aria-invalid'), 'false');
    await enter(page.getByTestId('shift-1-to'), '16:00');
    await page.getByTestId('validation-ok').waitFor();
    // Overlapping the first block on the same days: refused at the later one.
    await enter(page.getByTestId('shift-1-from'), '10:00');
    await block.getByText('units[0].shifts[1]: overlaps shifts[0] of the same unit (same day and time); each moment has one headcount').waitFor();
    // A clock that is not HH:MM is named at its own field.
    await enter(page.getByTestId('shift-1-from'), '7am');
    await block.getByText('units[0].shifts[1].from: time "7am" must be HH:MM (00:00–24:00)').waitFor();
    assert.equal(await page.getByTestId('shift-1-from').getAttribute('aria-invalid'), 'true');
    await enter(page.getByTestId('shift-1-from'), '12:00');
    await page.getByTestId('validation-ok').waitFor();

    // Every change is one undo step; Remove drops a block.
    await enter(page.getByTestId('shift-1-headcount'), '5');
    await page.getByTestId('undo-button').click();
    assert.equal((await scenario(page)).units[0].shifts[1].headcount, 4);
    await page.getByTestId('shift-1-remove').click();
    assert.equal((await scenario(page)).units[0].shifts.length, 1);
    assert.equal(await staffing(page, 0), '8 staff · 12 by shift');

    // A committee meets on its cadence: no shifts to add.
    await page.getByTestId('unit-picker').selectOption('4');
    await page.getByTestId('shifts-committee').waitFor();
    assert.equal(await page.getByTestId('add-shift').isDisabled(), true);
    await page.getByTestId('unit-picker').selectOption('0');

    // In Chinese: the tab, the block, its labels, the diagram and the
    // validator's words.
    await page.getByTestId('lang-toggle').click();
    assert.equal((await page.getByTestId('unit-tab-shifts').textContent()).trim(), '班次');
    assert.equal((await page.getByTestId('shift-0').locator('legend').first().textContent()).trim(), '第 1 班次');
    const labels = await page.getByTestId('shift-0').locator('.field > span').allTextContents();
    assert.deepEqual(labels, ['开始时间', '结束时间', '人数']);
    assert.equal((await page.getByTestId('add-shift').textContent()).trim(), '添加班次');
    assert.equal((await page.getByTestId('shift-0-day-mon').locator('xpath=..').textContent()).trim(), '周一');
    assert.equal(await staffing(page, 0), '8 人 · 按班次 12 人');
    assert.match(await page.getByTestId('shift-week').locator('figcaption').textContent(), /一周人员/);
    await enter(page.getByTestId('shift-0-from'), '12:30');
    await page.getByTestId('shift-0').getByText(/^units\[0\]\.shifts\[0\]：.*班次/).waitFor();
    await enter(page.getByTestId('shift-0-from'), '09:00');
    await page.getByTestId('validation-ok').waitFor();
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the Shifts tab fits a 1024×768 projector and a 1440×900 screen in both languages', async () => {
    const shots = process.env.SHOTS_DIR;
    if (shots) await mkdir(shots, { recursive: true });
    for (const [width, height] of [[1440, 900], [1024, 768]]) {
        const context = await browser.newContext({ viewport: { width, height } });
        const { page, problems } = await openApp(browser, server, { context });
        await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
        await page.getByTestId('unit-tab-shifts').click();
        await page.getByTestId('add-shift').click();
        await page.getByTestId('add-shift').click();
        // One bad block, so the message's room shows too.
        await enter(page.getByTestId('shift-1-from'), '10:00');
        await page.getByTestId('shift-1').getByTestId('field-error').waitFor();
        for (const lang of ['en', 'zh']) {
            if (lang === 'zh') await page.getByTestId('lang-toggle').click();
            const form = page.getByTestId('unit-form');
            await page.evaluate(() => document.activeElement?.blur());
            await form.scrollIntoViewIfNeeded();
            // Nothing sticks out: not the editor past the window, not the
            // form, not a block's controls past its fieldset.
            const overflow = await page.evaluate(() => {
                const found = [];
                // Nothing scrolls sideways (the results' seven tabs once ran
                // past their column at 1440×900; they wrap now).
                const root = document.documentElement;
                if (root.scrollWidth > root.clientWidth) found.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
                const editor = document.querySelector('[data-testid="editor-panel"]');
                const right = editor.getBoundingClientRect().right;
                if (right > window.innerWidth) found.push(`editor ends at ${right} > ${window.innerWidth}`);
                if (editor.scrollWidth > editor.clientWidth) found.push(`editor ${editor.scrollWidth} > ${editor.clientWidth}`);
                const form = document.querySelector('[data-testid="unit-form"]');
                if (form.scrollWidth > form.clientWidth) found.push(`form ${form.scrollWidth} > ${form.clientWidth}`);
                for (const block of document.querySelectorAll('fieldset.shift')) {
                    const box = block.getBoundingClientRect();
                    for (const el of block.querySelectorAll('input, button, label, .field-error')) {
                        const r = el.getBoundingClientRect();
                        if (r.right > box.right + 0.5 || r.left < box.left - 0.5) {
                            found.push(`${block.dataset.testid} ${el.dataset.testid || el.tagName}: ${r.left}–${r.right} outside ${box.left}–${box.right}`);
                        }
                    }
                }
                return found;
            });
            assert.deepEqual(overflow, [], `${width}×${height} ${lang}`);
            // The diagram's staffing line stays inside its box.
            const outside = await page.locator('[data-testid="org-diagram"] .org-unit').evaluateAll((units) => units
                .map((g) => {
                    const box = g.querySelector('rect').getBoundingClientRect();
                    const text = g.querySelector('.org-detail').getBoundingClientRect();
                    return text.right <= box.right + 0.5 ? null : g.querySelector('.org-detail').textContent;
                })
                .filter(Boolean));
            assert.deepEqual(outside, [], `${width}×${height} ${lang}: detail lines inside their boxes`);
            if (shots) {
                await form.screenshot({ path: join(shots, `unit-form-shifts-${width}x${height}-${lang}.png`) });
                await page.screenshot({ path: join(shots, `page-${width}x${height}-${lang}.png`) });
                await page.getByTestId('org-diagram').screenshot({ path: join(shots, `diagram-${width}x${height}-${lang}.png`) });
            }
        }
        assert.deepEqual(problems(), []);
        await context.close();
    }
});
