// Building an organisation design from the forms: units, lead sources,
// grades, links and channels are added, renamed and removed in the
// "Build the organisation" form; a new name follows into every reference
// (seen in the scenario text), a removal that leaves a reference dangling
// shows the validator's message at its path, undo brings it back, and the
// org diagram follows.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test, openApp, server, browser, useBrowserSuite, scenario, enter } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);

useBrowserSuite();

/** The unit names shown in the org diagram. */
async function diagramUnits(page) {
    return page.locator('[data-testid="org-diagram"] .org-unit .org-name').allTextContents();
}

test('a new scenario grows a unit, renames follow into references, removal and undo', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('new-button').click();
    await page.getByTestId('structure-form').waitFor();
    assert.deepEqual((await scenario(page)).units.map((u) => u.name), ['team']);
    // The only unit cannot be removed: a scenario needs one.
    assert.equal(await page.getByTestId('remove-unit-0').isDisabled(), true);

    // Add a unit: a unique name, one person in the front office, contacts,
    // at the front office's cost and opening hours (team: ¥60, always open).
    await page.getByTestId('add-unit').click();
    let s = await scenario(page);
    assert.deepEqual(s.units[1], {
        name: 'unit_2', office: 'front', headcount: 1, hourly_cost: 60,
        service_minutes: { contact: { kind: 'exponential', mean: 10 } },
    });
    assert.deepEqual(await diagramUnits(page), ['team', 'unit_2']);
    await page.getByTestId('validation-ok').waitFor();
    assert.equal(await page.getByTestId('remove-unit-0').isDisabled(), false);
    // The unit form shows the new unit.
    assert.match(await page.getByTestId('unit-form').locator('h3').textContent(), /unit_2/);

    // team routes to the new unit, and a link enters at team.
    await page.getByTestId('unit-picker').selectOption('0');
    await page.getByTestId('unit-tab-routes').click();
    await page.getByTestId('add-route').click();
    await page.getByTestId('add-link').click();
    s = await scenario(page);
    assert.equal(s.units[0].routes[0].to, 'unit_2');
    assert.equal(s.links[0].entry_unit, 'team');
    await page.getByTestId('validation-ok').waitFor();

    // Renaming follows into the route, the source's and the link's entry.
    await enter(page.getByTestId('name-unit-1'), 'closers');
    await enter(page.getByTestId('name-unit-0'), 'front_desk');
    s = await scenario(page);
    assert.deepEqual(s.units.map((u) => u.name), ['front_desk', 'closers']);
    assert.equal(s.units[0].routes[0].to, 'closers');
    assert.equal(s.sources[0].entry_unit, 'front_desk');
    assert.equal(s.links[0].entry_unit, 'front_desk');
    assert.deepEqual(await diagramUnits(page), ['front_desk', 'closers']);
    await page.getByTestId('validation-ok').waitFor();

    // Removing closers removes the route to it: still valid.
    await page.getByTestId('remove-unit-1').click();
    s = await scenario(page);
    assert.deepEqual(s.units.map((u) => u.name), ['front_desk']);
    assert.equal(s.units[0].routes, undefined);
    assert.deepEqual(await diagramUnits(page), ['front_desk']);
    await page.getByTestId('validation-ok').waitFor();

    // Undo brings the unit back with its route.
    await page.getByTestId('undo-button').click();
    s = await scenario(page);
    assert.deepEqual(s.units.map((u) => u.name), ['front_desk', 'closers']);
    assert.equal(s.units[0].routes[0].to, 'closers');
    assert.deepEqual(await diagramUnits(page), ['front_desk', 'closers']);

    // Removing the entry unit leaves the entry references to the validator.
    await page.getByTestId('remove-unit-0').click();
    const errors = page.getByTestId('validation-errors');
    await errors.getByText('sources[0].entry_unit').waitFor();
    await errors.getByText('links[0].entry_unit').waitFor();
    await page.getByTestId('undo-button').click();
    await page.getByTestId('validation-ok').waitFor();
    assert.deepEqual((await scenario(page)).units.map((u) => u.name), ['front_desk', 'closers']);

    // A duplicate name is reported at the name field.
    await enter(page.getByTestId('name-unit-1'), 'front_desk');
    await page.getByTestId('names-unit').getByTestId('field-error').first().waitFor();
    await errors.getByText('units[1].name').waitFor();
    await page.getByTestId('undo-button').click();
    await page.getByTestId('validation-ok').waitFor();

    assert.deepEqual(problems(), []);
    await context.close();
});

test('grades, sources, links and channels are added, renamed and removed in a preset', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('saic_maxus_three_channels');
    await page.getByTestId('structure-form').waitFor();
    const before = await scenario(page);
    const total = (s) => s.funnel.channels.reduce((sum, c) => sum + c.share_percent, 0);

    // Renaming a link follows into the sources that use it.
    const link = before.links[0].name;
    const users = before.sources.filter((src) => src.link === link).map((src) => src.name);
    assert.ok(users.length > 0);
    await enter(page.getByTestId('name-link-0'), 'digital');
    let s = await scenario(page);
    assert.deepEqual(s.sources.filter((src) => src.link === 'digital').map((src) => src.name), users);
    await page.getByTestId('validation-ok').waitFor();

    // A new grade starts at 0 % (shares still 100 %), a new source at 10
    // leads a day, a new channel at 0 % of the mix.
    await page.getByTestId('add-grade').click();
    await page.getByTestId('add-source').click();
    await page.getByTestId('add-channel').click();
    s = await scenario(page);
    assert.equal(s.grades.at(-1).share_percent, 0);
    assert.equal(s.sources.at(-1).leads_per_day, 10);
    assert.equal(s.sources.at(-1).link, 'digital');
    assert.equal(s.funnel.channels.length, before.funnel.channels.length + 1);
    assert.equal(total(s), 100);
    await page.getByTestId('validation-ok').waitFor();

    // Removing a channel gives its share to the others.
    await page.getByTestId('remove-channel-0').click();
    s = await scenario(page);
    assert.equal(s.funnel.channels.length, before.funnel.channels.length);
    assert.ok(Math.abs(total(s) - 100) < 1e-9, `total ${total(s)}`);
    await page.getByTestId('validation-ok').waitFor();

    // Removing a grade with a share breaks the 100 %: said at the list.
    await page.getByTestId('remove-grade-0').click();
    await page.getByTestId('names-grade').getByTestId('field-error').waitFor();
    await page.getByTestId('undo-button').click();
    await page.getByTestId('validation-ok').waitFor();

    // Removing every link leaves the sources' links to the validator.
    const links = (await scenario(page)).links.length;
    for (let i = 0; i < links; i += 1) {
        await page.getByTestId('remove-link-0').click();
    }
    assert.equal((await scenario(page)).links, undefined);
    await page.getByTestId('validation-errors').getByText('sources[0].link').waitFor();

    // Labels and contrast hold with the form full and an error shown.
    await page.evaluate(require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const found = [];
    for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        const result = await page.evaluate(() =>
            window.axe.run(document.querySelector('[data-testid="structure-form"]'), { resultTypes: ['violations'] }));
        for (const v of result.violations) {
            if (v.impact === 'serious' || v.impact === 'critical') {
                found.push(`${theme}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
        }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(problems(), []);
    await context.close();
});
