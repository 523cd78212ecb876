// Benchmark (not a test): a lead log of about a million rows fitted in the
// app's Fit view, in headless Chromium, from the release build (issue 14:
// "a 1-million-row log fits in ≤ 10 s in the browser").
//   cargo build --release && scripts/build.sh && node tests/e2e/bench/fit.mjs
// The log is simulated by the CLI: the FAW-VW "before" preset run for 2,750
// days without warm-up, one row per lead (`orgflow events … --leads`),
// about 1.02 million rows and 107 MB, written under target/orgflow/.
// Prints, for each of three fits of the same file, the time from choosing
// the file to the fitted table (reading included) and the fit's own time as
// the view reports it; then the medians.
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser } from '../lib/harness.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 3);
const dir = join(ROOT, 'target', 'orgflow');
const scenarioFile = join(dir, 'bench-fit-scenario.json');
const logFile = join(dir, 'bench-fit-1m-leads.csv');
await mkdir(dir, { recursive: true });
const preset = JSON.parse(await readFile(join(ROOT, 'examples', 'faw_vw_front_back_before.json'), 'utf8'));
preset.horizon = { days: 2750, warmup_days: 0, drain_days: 30 };
await writeFile(scenarioFile, JSON.stringify(preset));
const csv = execFileSync(join(ROOT, 'target', 'release', 'orgflow'),
    ['events', scenarioFile, '--replication', '0', '--seed', '1', '--leads'], { maxBuffer: 512 * 1024 * 1024 });
await writeFile(logFile, csv);
const rows = csv.toString('utf8').split('\n').length - 2;
console.log(`log: ${rows} rows, ${((await stat(logFile)).size / 1e6).toFixed(1)} MB`);

const server = await startServer();
const browser = await launchBrowser();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.locator('[data-testid="worker-status"].badge-ok').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-fit').click();
    const view = page.getByTestId('fit-view');
    const total = [];
    const fit = [];
    for (let i = 0; i < RUNS; i += 1) {
        // A log the view refuses clears the last table first.
        await view.getByTestId('fit-input').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('lead_id\n') });
        await view.getByTestId('fit-error').waitFor();
        const started = Date.now();
        await view.getByTestId('fit-input').setInputFiles(logFile);
        const summary = view.getByTestId('fit-summary');
        await summary.waitFor({ timeout: 120_000 });
        total.push(Date.now() - started);
        const text = await summary.textContent();
        fit.push(Number(/([\d,]+) ms$/.exec(text)[1].replace(/,/g, '')));
        console.log(`run ${i + 1}: ${total[i]} ms from choosing the file to the table; fit ${fit[i]} ms; ${await summary.getAttribute('data-rows')} rows`);
    }
    console.log(`median: ${median(total)} ms to the table, ${median(fit)} ms fitting`);
} finally {
    await browser.close();
    await server.close();
}
