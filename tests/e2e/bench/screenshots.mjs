// Retakes the README screenshots from the release build in dist/ (a tool,
// not a test): the editor with a unit's forms, the dashboard after a run, the
// comparison of two presets, and the dashboard in Chinese.
//
//   scripts/build.sh && node tests/e2e/bench/screenshots.mjs
//
// Chinese labels need a CJK font on the machine (Debian: fonts-noto-cjk);
// without one they render as boxes, so the script refuses to take them.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startServer, launchBrowser, openApp, setReplications, waitFinished } from '../lib/harness.mjs';

const OUT = join(ROOT, 'docs', 'screenshots');
const PRESET = 'faw_vw_front_middle_back_after';
const REPLICATIONS = 20;

function hasCjkFont() {
    try {
        return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim().length > 0;
    } catch {
        return false;
    }
}

/** Screenshots the panel `panel` from its top down to the bottom of the
 * element `until` inside it (page coordinates: the page may have scrolled). */
async function shoot(page, panel, until, file) {
    const box = await page.getByTestId(panel).evaluate((node) => {
        const r = node.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width };
    });
    const bottom = await page.getByTestId(until).evaluate((node) => node.getBoundingClientRect().bottom + window.scrollY);
    const height = Math.min(bottom - box.y + 16, 1800);
    await page.screenshot({ path: join(OUT, file), fullPage: true, clip: { ...box, height } });
}

const server = await startServer();
const browser = await launchBrowser();
try {
    const { page, problems, context } = await openApp(browser, server);
    await page.getByTestId('preset-select').selectOption(PRESET);
    await setReplications(page, REPLICATIONS);

    // Editor: click the first unit in the diagram to open its forms.
    await page.locator('[data-testid="org-diagram"] .org-unit').first().click();
    await page.getByTestId('unit-form').waitFor();
    // The whole editor is several screens tall: take the diagram, the units
    // table and the unit's forms (what fits on one projector screen).
    await shoot(page, 'editor-panel', 'unit-form', 'editor.png');
    await shoot(page, 'units-table', 'unit-form', 'editor-forms.png');

    await page.getByTestId('run-button').click();
    await waitFinished(page, REPLICATIONS);
    await page.waitForFunction(() => document.querySelectorAll('figure.chart img').length >= 5, null, { timeout: 60_000 });
    await page.screenshot({ path: join(OUT, 'dashboard.png') });

    await page.getByTestId('tab-compare').click();
    const view = page.getByTestId('compare-view');
    await view.locator('input[type=checkbox]').nth(0).check();
    await view.locator('input[type=checkbox]').nth(1).check();
    await page.getByTestId('compare-run').click();
    await page.locator('[data-testid="compare-table"] caption', { hasText: `${REPLICATIONS} replications` }).waitFor({ timeout: 120_000 });
    await shoot(page, 'results-panel', 'compare-table', 'comparison.png');

    if (hasCjkFont()) {
        await page.getByTestId('tab-results').click();
        await page.getByTestId('lang-toggle').click();
        await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'));
        await page.screenshot({ path: join(OUT, 'dashboard-zh.png') });
    } else {
        console.log('no CJK font (fc-list :lang=zh is empty): the Chinese screenshot was not taken');
    }
    if (problems().length) throw new Error(`the page reported problems: ${problems().join('; ')}`);
    await context.close();
    console.log(`screenshots written to ${OUT}`);
} finally {
    await browser.close();
    await server.close();
}
