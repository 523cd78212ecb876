// Benchmark (not a test): the page under a heavy run, from the release build.
// The scenario has the most units a scenario may have (200) and short
// replications, so each result carries 200 units' figures to the page and
// the page's own work per result is what is measured (issue 15: this froze
// the tab for minutes).
//   - "finish" rounds: a run of BENCH_REPLICATIONS (10,000) to the end, its
//     charts included; main-thread long tasks (PerformanceObserver
//     'longtask', > 50 ms) over the whole run: count, total, median, longest;
//   - "cancel" rounds: the same run, cancelled after BENCH_CANCEL_AFTER_MS;
//     cancel latency = from the click's input event to the moment the page
//     shows the run stopped (the Cancel button gone), and the long tasks
//     until then.
//   node tests/e2e/bench/heavy.mjs   (after scripts/build.sh)
import { startServer, launchBrowser } from '../lib/harness.mjs';
import { heavyScenario, loadScenario } from '../lib/heavy.mjs';

const REPLICATIONS = Number(process.env.BENCH_REPLICATIONS || 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS || 3);
const CANCEL_AFTER_MS = Number(process.env.BENCH_CANCEL_AFTER_MS || 3_000);
const UNITS = Number(process.env.BENCH_UNITS || 200);

const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : 0;
};
const round = (x) => Math.round(x);

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
const workers = await page.evaluate(() => navigator.hardwareConcurrency);
await page.getByTestId('new-button').click();
await loadScenario(page, heavyScenario({ units: UNITS, replications: REPLICATIONS }));
await page.getByTestId('replications-input').fill(String(REPLICATIONS));
await page.getByTestId('replications-input').press('Enter');

function taskFigures(tasks) {
    return {
        long_tasks: tasks.length,
        long_task_total_ms: round(tasks.reduce((a, b) => a + b, 0)),
        long_task_median_ms: round(median(tasks)),
        longest_task_ms: round(tasks.length ? Math.max(...tasks) : 0),
    };
}

const finish = [];
const cancel = [];
for (let i = 0; i < ROUNDS; i += 1) {
    // To the end, charts included.
    await page.evaluate(() => (window.__longTasks = []));
    const started = Date.now();
    await page.getByTestId('run-button').click();
    await page
        .locator('[data-testid="run-summary"]', { hasText: `Finished · ${REPLICATIONS} replications` })
        .waitFor({ timeout: 900_000 });
    const runMs = Date.now() - started;
    await page.waitForFunction(() => document.querySelectorAll('figure.chart img').length >= 5, null, { timeout: 120_000 });
    finish.push({ run_ms: runMs, ...taskFigures(await page.evaluate(() => window.__longTasks)) });

    // Cancelled in the middle.
    await page.evaluate(() => (window.__longTasks = []));
    await page.getByTestId('run-button').click();
    await page.waitForTimeout(CANCEL_AFTER_MS);
    await page.evaluate(() => {
        window.__cancel = new Promise((resolve) => {
            document.addEventListener('click', (event) => {
                if (!event.target.closest('[data-testid="cancel-button"]')) return;
                const input = event.timeStamp;
                const observer = new MutationObserver(() => {
                    if (!document.querySelector('[data-testid="cancel-button"]')) {
                        observer.disconnect();
                        resolve(performance.now() - input);
                    }
                });
                observer.observe(document.body, { childList: true, subtree: true });
            }, { capture: true, once: true });
        });
    });
    await page.getByTestId('cancel-button').click({ timeout: 120_000 });
    const latency = await page.evaluate(() => window.__cancel);
    cancel.push({ cancel_latency_ms: round(latency), ...taskFigures(await page.evaluate(() => window.__longTasks)) });
}

await context.close();
await browser.close();
await server.close();

console.log(JSON.stringify({
    units: UNITS,
    replications: REPLICATIONS,
    workers,
    rounds: ROUNDS,
    finish,
    cancel,
    median: {
        run_ms: median(finish.map((r) => r.run_ms)),
        long_task_total_ms_per_run: median(finish.map((r) => r.long_task_total_ms)),
        long_task_median_ms: median(finish.map((r) => r.long_task_median_ms)),
        longest_task_ms: median(finish.map((r) => r.longest_task_ms)),
        cancel_latency_ms: median(cancel.map((r) => r.cancel_latency_ms)),
    },
}, null, 2));
