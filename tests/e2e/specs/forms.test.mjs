// The editor's forms for the parameters beyond headcount and cost: service
// distributions, opening hours, routes, routing rules, links, profiles and
// campaigns change the scenario (seen in its text), bad values show the
// validator's message with field path and range, and the tab lists follow
// the WAI-ARIA tabs pattern (arrow keys, Home / End, roving tabindex).

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test, openApp, server, browser, useBrowserSuite, scenario, enter } from '../lib/harness.mjs';

const require = createRequire(import.meta.url);

useBrowserSuite();

test('a unit\'s service distribution kind and opening hours change through the forms', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    const form = page.getByTestId('unit-form');
    assert.match(await form.locator('h3').textContent(), /call_center/);

    // Service times: lognormal (mean 6) → triangular keeps the mean.
    await page.getByTestId('unit-tab-service').click();
    await page.getByTestId('service-contact-kind').selectOption('triangular');
    await page.getByTestId('service-contact-min').waitFor();
    let contact = (await scenario(page)).units[0].service_minutes.contact;
    assert.equal(contact.kind, 'triangular');
    assert.equal((contact.min + contact.mode + contact.max) / 3, 6);
    await enter(page.getByTestId('service-contact-max'), '12');
    contact = (await scenario(page)).units[0].service_minutes.contact;
    assert.equal(contact.max, 12);
    await page.getByTestId('validation-ok').waitFor();

    // A task the unit lacks can be added, and removed again.
    await page.getByTestId('service-decision-add').click();
    assert.equal((await scenario(page)).units[0].service_minutes.decision.kind, 'exponential');
    await page.getByTestId('service-decision-kind').selectOption('deterministic');
    assert.deepEqual((await scenario(page)).units[0].service_minutes.decision, { kind: 'deterministic', value: 30 });
    await page.getByTestId('service-decision-remove').click();
    assert.equal((await scenario(page)).units[0].service_minutes.decision, undefined);

    // Opening hours: weekdays 09:00–18:00 → add Saturday, close at 20:30.
    await page.getByTestId('unit-tab-hours').click();
    await page.getByTestId('unit-day-sat').check();
    await enter(page.getByTestId('unit-closes'), '20:30');
    let hours = (await scenario(page)).units[0].hours;
    assert.deepEqual(hours.days, ['mon', 'tue', 'wed', 'thu', 'fri', 'sat']);
    assert.equal(hours.close, '20:30');
    await page.getByTestId('unit-office').selectOption('middle');
    assert.equal((await scenario(page)).units[0].office, 'middle');
    await page.getByTestId('unit-always-open').check();
    assert.equal((await scenario(page)).units[0].hours, undefined);
    await page.getByTestId('validation-ok').waitFor();

    // Every form edit is one undo step.
    await page.getByTestId('undo-button').click();
    hours = (await scenario(page)).units[0].hours;
    assert.equal(hours.close, '20:30');
    assert.equal(await page.getByTestId('unit-day-sat').isChecked(), true);

    // A decision-only unit becomes a committee with its own meeting time.
    await page.getByTestId('unit-picker').selectOption('3');
    await page.getByTestId('unit-committee').check();
    await enter(page.getByTestId('unit-committee-every_days'), '14');
    await enter(page.getByTestId('unit-committee-at'), '15:30');
    assert.deepEqual((await scenario(page)).units[3].committee, { every_days: 14, at: '15:30', duration_minutes: 120 });
    await page.getByTestId('validation-ok').waitFor();
    await page.getByTestId('unit-committee').uncheck();
    assert.equal((await scenario(page)).units[3].committee, undefined);

    // The org diagram picks the unit the form shows.
    await page.locator('[data-testid="org-diagram"] .org-unit').nth(1).click();
    assert.match(await form.locator('h3').textContent(), /dealer_sales/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('routes and routing rules are added and edited through the forms', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await page.getByTestId('unit-tab-routes').click();
    // online_consultants routes 0.3 of its leads to dealer_sales.
    assert.equal(await page.getByTestId('route-0-to').inputValue(), 'dealer_sales');
    // dealer_sales has no routes; a new one goes to a unit that answers contacts.
    await page.getByTestId('unit-picker').selectOption('2');
    await page.getByTestId('no-routes').waitFor();
    await page.getByTestId('add-route').click();
    assert.equal(await page.getByTestId('route-0-to').inputValue(), 'online_consultants');
    await enter(page.getByTestId('route-0-probability'), '0.2');
    assert.deepEqual((await scenario(page)).units[2].routes, [{ to: 'online_consultants', probability: 0.2 }]);
    await page.getByTestId('add-route').click();
    await page.getByTestId('route-1-to').selectOption('after_sales_advisors');
    assert.equal((await scenario(page)).units[2].routes[1].to, 'after_sales_advisors');
    // after_sales_advisors cannot take a contact: the validator says so at the unit.
    await page.getByTestId('validation-errors').getByText('units[5].service_minutes.contact').waitFor();
    await page.getByTestId('route-1-remove').click();
    await page.getByTestId('validation-ok').waitFor();

    // Escalation target: a select of the other units, or none.
    await page.getByTestId('unit-escalate').selectOption('commodity_committee');
    assert.equal((await scenario(page)).units[2].escalate_to, 'commodity_committee');
    await page.getByTestId('unit-escalate').selectOption('');
    assert.equal((await scenario(page)).units[2].escalate_to, undefined);
    await page.getByTestId('unit-escalate').selectOption('regional_battle_center');
    await page.getByTestId('validation-ok').waitFor();

    // Routing rules: the preset has one (grade H → dealer link).
    const rules = page.getByTestId('rules-table');
    assert.equal(await rules.locator('fieldset.rule').count(), 1);
    await page.getByTestId('add-rule').click();
    await page.getByTestId('rule-1-link').selectOption('dealer');
    await page.getByTestId('rule-1-sources-1').check();
    let rule = (await scenario(page)).routing.rules[1];
    const sourceName = (await scenario(page)).sources[1].name;
    assert.deepEqual(rule, { link: 'dealer', sources: [sourceName] });
    await page.getByTestId('rule-1-up').click();
    rule = (await scenario(page)).routing.rules[0];
    assert.deepEqual(rule.sources, [sourceName]);
    await page.getByTestId('rule-0-remove').click();
    assert.equal((await scenario(page)).routing.rules.length, 1);

    // Link settings: breach action and breach unit.
    await page.getByTestId('link-0-breach').selectOption('count');
    let link = (await scenario(page)).links[0];
    assert.equal(link.on_breach, 'count');
    assert.equal(link.breach_unit, undefined);
    await page.getByTestId('link-0-breach').selectOption('reroute');
    link = (await scenario(page)).links[0];
    assert.equal(link.breach_unit, 'dealer_sales', 'a unit that answers contacts');
    await page.getByTestId('link-1-breach-unit').selectOption('regional_battle_center');
    assert.equal((await scenario(page)).links[1].breach_unit, 'regional_battle_center');
    await page.getByTestId('validation-errors').getByText('units[3].service_minutes.contact').waitFor();
    await page.getByTestId('link-1-breach-unit').selectOption('online_consultants');
    await page.getByTestId('validation-ok').waitFor();
    assert.deepEqual(problems(), []);
    await context.close();
});

test('lead-source profiles and campaigns are edited through the forms', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('source-picker').selectOption('1');
    await page.getByTestId('source-tab-weekly').click();
    await page.getByTestId('source-weekday_profile').check();
    const saturday = page.getByTestId('source-weekday_profile-grid').locator('input').nth(5);
    await enter(saturday, '2.5');
    assert.deepEqual((await scenario(page)).sources[1].weekday_profile, [1, 1, 1, 1, 1, 2.5, 1]);
    await page.getByTestId('source-tab-campaigns').click();
    await page.getByTestId('add-campaign').click();
    await enter(page.getByTestId('campaign-1-multiplier'), '3');
    assert.deepEqual((await scenario(page)).sources[1].campaigns[1], { start_day: 42, end_day: 49, multiplier: 3 });
    await page.getByTestId('validation-ok').waitFor();

    // More parameters: a grade's patience distribution and a channel's kind.
    await page.getByTestId('more-parameters').locator('summary').click();
    await page.getByTestId('patience-0-kind').selectOption('gamma');
    const patience = (await scenario(page)).grades[0].patience_minutes;
    assert.equal(patience.kind, 'gamma');
    const channel = page.getByTestId('funnel-references').locator('select').first();
    await channel.selectOption('direct_store');
    assert.equal((await scenario(page)).funnel.channels[0].kind, 'direct_store');
    await page.getByTestId('validation-ok').waitFor();

    // A link's pick-up delay: the preset's dealer link has one (lognormal,
    // mean 15); its mean changes, it is removed, and added again.
    assert.deepEqual((await scenario(page)).links[1].pickup_minutes, { kind: 'lognormal', mean: 15, cv: 1.5 });
    await enter(page.getByTestId('pickup-1-mean'), '30');
    assert.equal((await scenario(page)).links[1].pickup_minutes.mean, 30);
    await page.getByTestId('pickup-1-remove').click();
    assert.equal((await scenario(page)).links[1].pickup_minutes, undefined);
    await page.getByTestId('pickup-1-add').click();
    assert.equal((await scenario(page)).links[1].pickup_minutes.kind, 'exponential');
    assert.match(await page.getByTestId('other-distributions').textContent(), /dealer · pick-up delay \(minutes from arrival until the link can call\)/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await page.getByTestId('other-distributions').textContent(), /dealer · 接单延迟/);
    await page.getByTestId('validation-ok').waitFor();
    assert.deepEqual(problems(), []);
    await context.close();
});

test('an invalid value in a new form shows the validator\'s message with its field path and range', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    await page.getByTestId('unit-tab-service').click();
    const cv = page.getByTestId('service-contact-cv');
    assert.equal(await cv.getAttribute('max'), '20');
    await enter(cv, '25');
    const message = page.getByTestId('service-contact').getByTestId('field-error');
    await message.waitFor();
    assert.equal(await message.textContent(), 'units[0].service_minutes.contact.cv: 25 is out of range, must be > 0 and ≤ 20');
    assert.equal(await cv.getAttribute('aria-invalid'), 'true');
    const described = await cv.getAttribute('aria-describedby');
    assert.equal(await page.locator(`#${described}`).textContent(), await message.textContent());
    assert.match(await page.getByTestId('validation-errors').textContent(), /units\[0\]\.service_minutes\.contact\.cv/);

    // The same message in Chinese after the language switch.
    await page.getByTestId('lang-toggle').click();
    assert.equal(await message.textContent(), 'units[0].service_minutes.contact.cv：数值 25 超出范围，应 > 0 且 ≤ 20');
    await page.getByTestId('lang-toggle').click();

    // A clock that is not HH:MM (a rule between fields) is reported in the
    // same round as the range problem still standing.
    await page.getByTestId('unit-tab-hours').click();
    await enter(page.getByTestId('unit-closes'), '25:00');
    await page.getByTestId('unit-form').getByText('units[0].hours.close: time "25:00" must be HH:MM (00:00–24:00)').waitFor();
    const both = await page.getByTestId('validation-errors').textContent();
    assert.match(both, /units\[0\]\.service_minutes\.contact\.cv/);
    assert.match(both, /units\[0\]\.hours\.close/);
    await enter(page.getByTestId('unit-closes'), '18:00');
    await page.getByTestId('unit-tab-service').click();
    await enter(cv, '0.8');
    await page.getByTestId('validation-ok').waitFor();
    assert.equal(await cv.getAttribute('aria-invalid'), 'false');

    // A negative SLA on a link that re-routes on a breach.
    await page.getByTestId('link-1-breach').selectOption('reroute');
    await enter(page.getByTestId('link-1-sla'), '-5');
    await page.getByTestId('links-table').getByText('links[1].sla_minutes: -5 is out of range, must be > 0 and ≤ 525600').waitFor();
    await enter(page.getByTestId('link-1-sla'), '90');
    await page.getByTestId('validation-ok').waitFor();
    await context.close();
});

test('arrow keys, Home and End move between tabs with a roving tabindex', async () => {
    const { page, problems, context } = await openApp(browser, server);
    const active = () => page.evaluate(() => document.activeElement?.dataset.testid);
    const tabindexes = (ids) =>
        Promise.all(ids.map((id) => page.getByTestId(id).getAttribute('tabindex')));
    const views = ['tab-results', 'tab-compare', 'tab-explain', 'tab-sensitivity', 'tab-sweep', 'tab-fit', 'tab-optimise'];

    await page.getByTestId('tab-results').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-compare');
    assert.equal(await page.getByTestId('tab-compare').getAttribute('aria-selected'), 'true');
    assert.equal(await page.getByTestId('tab-results').getAttribute('aria-selected'), 'false');
    assert.deepEqual(await tabindexes(views), ['-1', '0', '-1', '-1', '-1', '-1', '-1']);
    await page.getByTestId('compare-view').waitFor();
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-explain');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-sensitivity');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-sweep');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-fit');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-optimise');
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'tab-results', 'wraps around');
    await page.keyboard.press('End');
    assert.equal(await active(), 'tab-optimise');
    await page.keyboard.press('Home');
    assert.equal(await active(), 'tab-results');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await active(), 'tab-optimise');
    // Each tab controls the panel that is there and labelled by the selected tab.
    const controls = await page.getByTestId('tab-optimise').getAttribute('aria-controls');
    const panel = page.locator(`#${controls}`);
    assert.equal(await panel.getAttribute('role'), 'tabpanel');
    assert.equal(await panel.getAttribute('aria-labelledby'), await page.getByTestId('tab-optimise').getAttribute('id'));
    // Tab leaves the tab list for the panel's content.
    await page.keyboard.press('Tab');
    assert.ok(!views.includes(await active()));

    // The unit form's tabs work the same way.
    await page.getByTestId('unit-tab-hours').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'unit-tab-shifts');
    await page.getByTestId('add-shift').waitFor();
    await page.keyboard.press('ArrowRight');
    assert.equal(await active(), 'unit-tab-service');
    await page.getByTestId('service-contact').waitFor();
    await page.keyboard.press('End');
    assert.equal(await active(), 'unit-tab-routes');
    await page.getByTestId('add-route').waitFor();
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the description and the assumptions with their sources are written in both languages', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('saic_maxus_three_channels');
    const notes = page.getByTestId('notes-form');
    await notes.locator('summary').click();
    const before = (await scenario(page)).assumptions.length;
    assert.match(await notes.locator('summary').textContent(), new RegExp(`\\(${before}\\)`));
    assert.equal(await page.getByTestId('assumption-0-en').inputValue(), (await scenario(page)).assumptions[0].en);

    await enter(page.getByTestId('description-en'), 'Workshop variant: dealers answer within the hour.');
    await enter(page.getByTestId('description-zh'), '研讨会方案：经销商一小时内响应。');
    let file = await scenario(page);
    assert.deepEqual(file.description, { en: 'Workshop variant: dealers answer within the hour.', zh: '研讨会方案：经销商一小时内响应。' });
    // The editor heading shows the description in the interface language.
    assert.match(await page.getByTestId('editor-panel').locator('.scenario-description').textContent(), /Workshop variant/);

    await page.getByTestId('assumption-add').click();
    const added = before;
    await enter(page.getByTestId(`assumption-${added}-en`), 'Dealer first contact 60 min (median of 2025 CRM export)');
    await enter(page.getByTestId(`assumption-${added}-zh`), '经销商首次联系 60 分钟（2025 年 CRM 导出中位数）');
    await enter(page.getByTestId(`assumption-${added}-source`), 'CRM export, 2025');
    file = await scenario(page);
    assert.deepEqual(file.assumptions[added], {
        en: 'Dealer first contact 60 min (median of 2025 CRM export)',
        zh: '经销商首次联系 60 分钟（2025 年 CRM 导出中位数）',
        source: 'CRM export, 2025',
    });
    assert.match(await notes.locator('summary').textContent(), new RegExp(`\\(${before + 1}\\)`));
    await page.getByTestId('validation-ok').waitFor();
    // Under the results (and so in presentation mode) they show
    // in the interface language, with their sources.
    const shown = page.getByTestId('results-notes');
    await shown.locator('summary').click();
    assert.match(await shown.textContent(), /Workshop variant: dealers answer within the hour\./);
    assert.match(await shown.textContent(), /Dealer first contact 60 min \(median of 2025 CRM export\) — Source: CRM export, 2025/);

    // Undo takes back the last change only; remove drops the row.
    await page.getByTestId('undo-button').click();
    assert.equal((await scenario(page)).assumptions[added].source, undefined);
    await page.getByTestId(`assumption-${added}-remove`).click();
    assert.equal((await scenario(page)).assumptions.length, before);

    // In Chinese the form speaks Chinese.
    await page.getByTestId('lang-toggle').click();
    assert.match(await notes.locator('summary').textContent(), /说明与假设/);
    assert.match(await shown.textContent(), /研讨会方案：经销商一小时内响应。/);
    assert.ok((await shown.textContent()).includes((await scenario(page)).assumptions[0].zh));
    assert.deepEqual(problems(), []);
    await context.close();
});

test('the formula panel gives qualification and closing with skills, the response decay with the scenario\'s values, and the call-attempt rule, in both languages', async () => {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_back_before');
    const panel = page.getByTestId('formulas');
    const conversion = page.getByTestId('formula-conversion');
    assert.match(await conversion.textContent(), /qualify: p = q\(grade\) · skill_qualify\(qualifying unit\) · m\(t\) · c\(S′\)/);
    assert.match(await conversion.textContent(), /close: p = close_rate\(channel\) · skill_close\(channel's unit\) · c\(S′\)/);
    assert.match(await panel.textContent(), /τ = 200 min/);
    assert.match(await panel.textContent(), /c\(S′\) = clamp/);
    assert.match(await page.getByTestId('formula-first-response').textContent(), /at most max_attempts times, then the lead is not reached/);
    assert.match(await page.getByTestId('formula-first-response').textContent(), /pick-up delay nobody can call the lead/);
    await page.getByTestId('lang-toggle').click();
    assert.match(await conversion.textContent(), /成交：p = 成交率\(渠道\) · 技能_成交\(渠道单元\) · c\(S′\)/);
    assert.match(await page.getByTestId('formula-first-response').textContent(), /最多 max_attempts 次，仍未接通即“未联系到”/);
    assert.deepEqual(problems(), []);
    await context.close();
});

test('axe-core finds no serious or critical violation in any form tab', async () => {
    const { page, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await page.evaluate(require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
    const tabs = [
        'unit-tab-hours', 'unit-tab-shifts', 'unit-tab-service', 'unit-tab-routes',
        'source-tab-link', 'source-tab-hourly', 'source-tab-weekly', 'source-tab-campaigns',
    ];
    // Show every optional part: a source profile, a campaign, an invalid value.
    await page.getByTestId('source-tab-weekly').click();
    await page.getByTestId('source-weekday_profile').check();
    await page.getByTestId('source-tab-campaigns').click();
    await page.getByTestId('add-campaign').click();
    await page.getByTestId('source-tab-link').click();
    await page.getByTestId('source-grade-mix').check();
    await page.getByTestId('unit-tab-shifts').click();
    await page.getByTestId('add-shift').click();
    await page.getByTestId('unit-tab-service').click();
    await enter(page.getByTestId('service-contact-cv'), '99');
    await page.getByTestId('more-parameters').locator('summary').click();
    await page.getByTestId('notes-form').locator('summary').click();
    await page.getByTestId('assumption-0-en').waitFor();
    const found = [];
    for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        for (const tab of tabs) {
            await page.getByTestId(tab).click();
            const result = await page.evaluate(() =>
                window.axe.run(document.querySelector('[data-testid="editor-panel"]'), { resultTypes: ['violations'] }));
            for (const v of result.violations) {
                if (v.impact === 'serious' || v.impact === 'critical') {
                    found.push(`${theme} ${tab}: ${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
                }
            }
        }
    }
    assert.deepEqual(found, []);
    await context.close();
});
