import { startServer, launchBrowser, openApp, waitFinished } from './lib/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
const sizes = [[1440, 900], [1024, 768]];
for (const [w, h] of sizes) for (const lang of ['en', 'zh']) {
  const { page, context } = await openApp(browser, server);
  await page.setViewportSize({ width: w, height: h });
  await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
  if (lang === 'zh') await page.getByTestId('lang-toggle').click();
  if (w < 1100) await page.getByTestId('pane-results').click();
  await page.getByTestId('replications-input').fill('5');
  await page.getByTestId('replications-input').press('Enter');
  await page.getByTestId('header-run').click();
  await waitFinished(page);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shot-results-${w}-${lang}.png` });
  if (w < 1100) await page.getByTestId('pane-editor').click();
  await page.locator('[data-testid="org-diagram"]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-editor-${w}-${lang}.png` });
  await context.close();
}
await browser.close();
process.exit(0);
