// The cockpit (一张图, issue 16) in headless Chromium: the district administrator opens 一张图
// from the menu; every panel's chart is drawn as SVG from its data table, with no console
// error and no CSP violation (the policy allows no inline script or style); the 2020 row
// shows F14's figure (5 strong villages of 17, 29.4 %); the year selector and the
// drill-down (district → 海口镇 → 保婴村's profile) work; the page prints as an A4 landscape
// handout; on a 390 px and a 360 px phone the page does not scroll sideways. Screenshots:
// target/browser/dashboard-*.png, the handout target/browser/dashboard-handout.pdf.
//
//   node tests/browser/dashboard.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { smoke, signIn, screenshot, SHOTS_DIR, BAOYING_CODE } from './harness.mjs';

const HAIKOU_TOWN = '340803100000';
const PANELS = ['income', 'classes', 'growth', 'compliance', 'problems', 'people', 'industry', 'assessment', 'disclosure'];

/** Records console errors, script errors and CSP violations of `page` from now on. */
function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) {
      problems.push(`console ${m.type()}: ${m.text()} (${page.url()})`);
    }
  });
  return problems;
}

/** Every panel's chart holds an SVG with drawn marks; returns the number of charts. */
async function chartsDrawn(page) {
  for (const id of PANELS) {
    const box = page.locator(`[data-testid=panel-${id}] .dash-chart`);
    await box.locator('svg').first().waitFor({ state: 'attached' });
    const marks = await box.locator('svg path, svg rect').count();
    assert.ok(marks > 0, `the ${id} chart draws nothing`);
  }
  const violations = await page.evaluate(() => window.__csp || []);
  assert.deepEqual(violations, [], 'CSP violations');
  return page.locator('.dash-chart svg').count();
}

/** The whole page does not scroll sideways at `width`. */
async function fits(page, width) {
  await page.setViewportSize({ width, height: 844 });
  await page.waitForTimeout(200); // the charts' resize
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= width, `the cockpit scrolls sideways at ${width} px (scrollWidth ${wide})`);
}

smoke('the cockpit draws its charts from its tables under the CSP, drills down and prints', async (page) => {
  const problems = watch(page);
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window.__csp = window.__csp || []).push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await signIn(page);
  await page.locator('nav.modules a[href="/dashboard"]').click();
  await page.waitForURL((url) => url.pathname === '/dashboard');
  assert.equal(await page.locator('nav.modules a.active').getAttribute('href'), '/dashboard');
  assert.equal(await chartsDrawn(page), PANELS.length);

  // The year selector: 2020, F14's year.
  await page.locator('[data-testid=year-form] select[name=year]').selectOption('2020');
  await page.locator('[data-testid=year-form] button[type=submit]').click();
  await page.waitForURL((url) => url.searchParams.get('year') === '2020');
  await chartsDrawn(page);
  const row2020 = page.locator('[data-testid=table-income] tbody tr', { hasText: '2020' });
  const cells = await row2020.locator('td').allTextContents();
  assert.deepEqual(cells.slice(1, 4).map((c) => c.trim()), ['5', '17', '29.4%'], `2020: ${cells}`);
  // The chart is the table's: the bars' categories are the table's towns.
  const towns = await page.locator('[data-testid=table-classes] tbody tr:not([data-total]) th').allTextContents();
  const svgText = await page.locator('[data-testid=panel-classes] .dash-chart svg').textContent();
  for (const town of towns) assert.ok(svgText.includes(town.trim()), `the chart names ${town}`);
  await screenshot(page, 'dashboard-district.png');

  // The handout: A4 landscape.
  await page.emulateMedia({ media: 'print' });
  await page.waitForTimeout(200);
  await screenshot(page, 'dashboard-print.png');
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  const pdf = await page.pdf({ path: path.join(SHOTS_DIR, 'dashboard-handout.pdf'), preferCSSPageSize: true });
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box, 'the handout has pages');
  const [w, h] = [Number(box[1]), Number(box[2])];
  assert.ok(Math.abs(w - 841.9) < 2 && Math.abs(h - 595.3) < 2, `the handout is A4 landscape (${w} × ${h} pt)`);
  await page.emulateMedia({ media: 'screen' });

  // Drill-down: district → 海口镇 → 保婴村's profile.
  await page.locator('[data-testid=table-classes] a[data-testid=drill]', { hasText: '海口镇' }).click();
  await page.waitForURL((url) => url.searchParams.get('region') === HAIKOU_TOWN);
  await chartsDrawn(page);
  const codes = await page.locator('[data-testid=table-classes] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.dataset.code));
  assert.ok(codes.length > 1 && codes.every((c) => c.startsWith('340803100')), `海口镇's rows: ${codes}`);
  await page.locator('[data-testid=table-classes] a[data-testid=drill]', { hasText: '保婴村' }).click();
  await page.waitForURL((url) => url.pathname === `/regions/${BAOYING_CODE}`);

  // The phone: no sideways scroll at 390 or 360 px.
  await page.goto(`/dashboard?region=${HAIKOU_TOWN}&year=2024`);
  await chartsDrawn(page);
  await fits(page, 390);
  await screenshot(page, 'dashboard-phone-390.png');
  await fits(page, 360);

  assert.deepEqual(problems, [], 'console errors or CSP refusals');
});
