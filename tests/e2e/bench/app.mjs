// Benchmark (not a test): the app under load in headless Chromium, from the
// release build.
//   - time to interactive on a cold load from localhost (navigation start to
//     the workers' "ready" badge);
//   - main-thread long tasks (PerformanceObserver 'longtask', > 50 ms) while
//     the largest preset runs in the worker pool and its charts are drawn;
//   - leads simulated per second across the pool (measurement-window leads
//     over wall-clock time of the run, as the app reports them).
//   node tests/e2e/bench/app.mjs   (after scripts/build.sh)
import { startServer, launchBrowser } from '../lib/harness.mjs';

const PRESET = process.env.BENCH_PRESET || 'faw_vw_front_middle_back_after';
const REPLICATIONS = Number(process.env.BENCH_REPLICATIONS || 60);

const server = await startServer();
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
});
const page = await context.newPage();
await page.goto(server.url);
await page.locator('[data-testid="worker-status"].badge-ok').waitFor({ timeout: 30_000 });
const interactiveMs = await page.evaluate(() => performance.now());
const workers = await page.evaluate(() => navigator.hardwareConcurrency);

await page.getByTestId('preset-select').selectOption(PRESET);
await page.getByTestId('replications-input').fill(String(REPLICATIONS));
await page.getByTestId('replications-input').press('Enter');
await page.evaluate(() => (window.__longTasks = []));
await page.getByTestId('run-button').click();
const summary = page.locator('[data-testid="run-summary"]', { hasText: `Finished · ${REPLICATIONS} replications` });
await summary.waitFor({ timeout: 600_000 });
const leads = Number(await summary.getAttribute('data-leads'));
const simulated = Number(await summary.getAttribute('data-simulated-leads'));
const elapsedMs = Number(await summary.getAttribute('data-elapsed-ms'));
// The charts are drawn after the run finishes, one task each: count those
// tasks too.
await page.waitForFunction(() => document.querySelectorAll('figure.chart img').length >= 5, null, { timeout: 60_000 });
const longTasks = await page.evaluate(() => window.__longTasks);

await context.close();
await browser.close();
await server.close();

console.log(JSON.stringify({
    preset: PRESET,
    replications: REPLICATIONS,
    workers,
    time_to_interactive_ms: Math.round(interactiveMs),
    run_ms: elapsedMs,
    // As `orgflow bench` counts: every simulated lead, warm-up included.
    leads_simulated: simulated,
    pool_leads_per_second: Math.round(simulated / (elapsedMs / 1000)),
    // Only leads in the measurement window (what the KPIs describe).
    window_leads: leads,
    pool_window_leads_per_second: Math.round(leads / (elapsedMs / 1000)),
    long_tasks_during_run: longTasks.length,
    longest_task_ms: longTasks.length ? Math.round(Math.max(...longTasks)) : 0,
}, null, 2));
