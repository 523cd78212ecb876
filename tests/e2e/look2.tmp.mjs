import { startServer, launchBrowser, openApp } from './lib/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
for (const [w, h, lang] of [[1440, 900, 'en'], [1024, 768, 'zh']]) {
  const { page, context } = await openApp(browser, server);
  await page.setViewportSize({ width: w, height: h });
  if (lang === 'zh') await page.getByTestId('lang-toggle').click();
  if (w < 1100) await page.getByTestId('pane-results').click();
  await page.getByTestId('replications-input').fill('5');
  await page.getByTestId('replications-input').press('Enter');
  await page.getByTestId('tab-explain').click();
  const t0 = Date.now();
  await page.getByTestId('explain-run').click();
  await page.getByTestId('explain-table').waitFor({ timeout: 300_000 });
  console.log(`explain ${w} ${lang}: ${Date.now() - t0} ms`);
  await page.waitForTimeout(800);
  await page.getByTestId('explain-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-explain-${w}-${lang}.png`, fullPage: false });
  await page.locator('[data-testid="explain-view"] figure.chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-explain-chart-${w}-${lang}.png` });
  await context.close();
}
await browser.close();
process.exit(0);
