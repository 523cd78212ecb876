import { startServer, launchBrowser, openApp, setReplications, waitFinished } from './lib/harness.mjs';
const server = await startServer();
const browser = await launchBrowser();
const sizes = [[1440, 900], [1024, 768]];
for (const [w, h] of sizes) for (const lang of ['en', 'zh']) {
  const { page, context } = await openApp(browser, server, { viewport: { width: w, height: h } });
  await page.setViewportSize({ width: w, height: h });
  await page.getByTestId('preset-select').selectOption('faw_vw_front_middle_back_after');
  await setReplications(page, 5);
  if (lang === 'zh') await page.getByTestId('lang-toggle').click();
  await page.screenshot({ path: `/tmp/shot-editor-${w}-${lang}.png` });
  await page.getByTestId('header-run').click();
  await waitFinished(page);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: `/tmp/shot-results-${w}-${lang}.png` });
  await context.close();
}
await browser.close();
process.exit(0);
