// Benchmark (not a test): simulation speed of the release wasm build in
// headless Chromium, next to the native CLI on the same cases.
//   node tests/e2e/bench/speed.mjs            (after scripts/build.sh and cargo build --release)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { statSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ROOT, DIST, startServer, launchBrowser, openApp } from '../lib/harness.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS || 3);
const CASES = ['mm5_rho09', 'faw_vw_front_middle_back_after'];

const native = JSON.parse(
    execFileSync(join(ROOT, 'target/release/orgflow'), ['bench', '--format', 'json', '--seconds', String(SECONDS)], { encoding: 'utf8' }),
).cases;

const server = await startServer();
const browser = await launchBrowser();
const { page, context } = await openApp(browser, server);
const rows = [];
for (const name of CASES) {
    const wasm = await page.evaluate(([c, s]) => window.wasmBindings.orgflowBench(c, s), [name, SECONDS]);
    const cli = native.find((r) => r.name === name)?.leads_per_second;
    rows.push({ name, wasm_leads_per_second: Math.round(wasm), native_leads_per_second: cli, native_over_wasm: +(cli / wasm).toFixed(2) });
}
await context.close();
await browser.close();
await server.close();

const wasmFiles = readdirSync(DIST).filter((f) => f.endsWith('.wasm'));
const sizes = wasmFiles.map((f) => {
    const bytes = readFileSync(join(DIST, f));
    return { file: f, bytes: statSync(join(DIST, f)).size, gzip_bytes: gzipSync(bytes, { level: 9 }).length };
});
console.log(JSON.stringify({ seconds_per_case: SECONDS, cases: rows, wasm_sizes: sizes }, null, 2));
