import { startServer, launchBrowser, waitFinished, setReplications } from './lib/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
for (const [w, h] of [[1440, 900], [1024, 768]]) {
    const context = await browser.newContext({ viewport: { width: w, height: h } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
    await setReplications(page, 6);
    await page.getByTestId('run-button').click();
    await waitFinished(page);
    await page.getByTestId('segments').locator('summary').click();
    for (const lang of ['en', 'zh']) {
        if (lang === 'zh') await page.getByTestId('lang-toggle').click();
        await page.getByTestId('segments').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/work/shots/segments-${w}-${lang}.png` });
        await page.getByTestId('chart-pools').scrollIntoViewIfNeeded();
        await page.screenshot({ path: `/work/shots/pools-${w}-${lang}.png` });
    }
    await context.close();
}
await browser.close();
server.close?.();
process.exit(0);
