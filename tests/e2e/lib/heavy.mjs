// The heavy scenario of issue 15: the most units a scenario may have (200),
// each replication short (a day of a few leads), so a run of 10,000
// replications is cheap for the workers and every result still carries 200
// units' figures to the page. It measures what the page does per result,
// not how fast the engine is. `days` lengthens each replication where a
// test needs the run to last (10,000 one-day replications take about 2 s).

export function heavyScenario({ units = 200, replications = 10_000, days = 1 } = {}) {
    return {
        version: 1,
        name: { en: `Heavy: ${units} units`, zh: `重载：${units} 个单元` },
        horizon: { days, drain_days: 1 },
        run: { replications },
        grades: [{ name: 'H', share_percent: 100, expected_response_minutes: 30 }],
        sources: [{ name: 'web', leads_per_day: 40, entry_unit: 'u0' }],
        units: Array.from({ length: units }, (_, i) => ({
            name: `u${i}`,
            headcount: 1,
            service_minutes: { contact: { kind: 'exponential', mean: 5 } },
            routes: i + 1 < units ? [{ to: `u${i + 1}`, probability: 0.5 }] : [],
        })),
    };
}

/** Puts a scenario into the selected scenario through the JSON editor. */
export async function loadScenario(page, scenario) {
    const details = page.locator('details.json-editor');
    if (!(await details.evaluate((d) => d.open))) await details.locator('summary').click();
    // Set at once and committed with one change event (typing 30 kB
    // character by character is not what is being tested).
    await page.getByTestId('scenario-json').evaluate((text, json) => {
        text.value = json;
        text.dispatchEvent(new Event('change', { bubbles: true }));
    }, JSON.stringify(scenario));
}
