// Public disclosure (issue 15) on a 390 px phone: 保婴村's cadre prepares a quarter's financial
// disclosure and previews it; the 海口镇 officer approves it (the preparer cannot); the cadre
// publishes it. A stranger, signed in as nobody, finds it on the village's public page, opens
// the frozen version with its hash and inclusion proof, and the A4 notice-board sheet with the
// QR code and the first 16 characters of the hash. No public page runs a script or scrolls
// sideways on the phone.
//
//   node tests/browser/disclosure.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smoke, signIn, assertText, screenshot, pageText, BAOYING_CODE } from './harness.mjs';

const PHONE = { width: 390, height: 844 };

// The words the pages use, as the Chinese message files give them (not typed here).
const LOCALES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'crates', 'usecase', 'locales', 'zh-CN');
const MESSAGES = Object.fromEntries(
  fs.readdirSync(LOCALES)
    .filter((f) => f.endsWith('.ftl'))
    .flatMap((f) => fs.readFileSync(path.join(LOCALES, f), 'utf8').split('\n'))
    .map((l) => l.match(/^([a-z][a-z0-9_-]*) = (.*)$/))
    .filter(Boolean)
    .map((m) => [m[1], m[2].trim()]),
);
function t(id) {
  assert.ok(id in MESSAGES, `no message ${id} in ${LOCALES}`);
  return MESSAGES[id];
}

/** The whole page does not scroll sideways on the phone. */
async function fitsPhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${what} scrolls sideways on a ${PHONE.width} px phone (scrollWidth ${width})`);
}

/** No script element and no inline handler on the page. */
async function noScript(page, what) {
  const found = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => a.name.startsWith('on'))).length,
  }));
  assert.deepEqual(found, { scripts: 0, handlers: 0 }, `${what} carries a script`);
}

/** The present quarter (China time): its books are open in the demo, which discloses only
 * quarters that have ended. */
function quarter() {
  const china = new Date(Date.now() + 8 * 3600 * 1000);
  return `${china.getUTCFullYear()}-Q${Math.floor(china.getUTCMonth() / 3) + 1}`;
}

async function switchUser(page, context, user) {
  await context.clearCookies();
  await signIn(page, user);
}

smoke('a quarter published by the village, approved by the town, shown in public with its QR sheet', async (page, context) => {
  await page.setViewportSize(PHONE);
  const period = quarter();
  await signIn(page, 'baoying');
  await page.goto('/disclosure/new');
  const form = page.locator('form[data-testid=new-item-form]');
  await form.locator('select[name=kind]').selectOption('finance_period');
  await form.locator('input[name=period]').fill(period);
  await form.locator('button[type=submit]').click();
  await page.waitForURL((url) => url.pathname.startsWith('/disclosure/items/'));
  const itemPath = new URL(page.url()).pathname;
  // The preview is on the page before anything is published.
  await page.locator('[data-testid=preview]').waitFor();
  await fitsPhone(page, 'the item page');
  await page.locator('[data-testid=step-submit]').click();
  await page.waitForLoadState('load');
  // The preparer cannot approve: no approve button for the village.
  assert.equal(await page.locator('[data-testid=step-approve]').count(), 0);

  await switchUser(page, context, 'haikou');
  await page.goto(itemPath);
  await page.locator('[data-testid=step-approve]').click();
  await page.waitForLoadState('load');

  await switchUser(page, context, 'baoying');
  await page.goto(itemPath);
  await page.locator('[data-testid=step-publish]').click();
  await page.waitForLoadState('load');
  await assertText(page, 'v1');
  const title = (await page.locator('h1').innerText()).trim();
  await screenshot(page, 'disclosure-published-phone.png');

  // A stranger: no cookies, the village's public page.
  await context.clearCookies();
  await page.goto(`/public/r/${BAOYING_CODE}`);
  await noScript(page, 'the village page');
  await fitsPhone(page, 'the village page');
  await assertText(page, title);
  await page.locator(`a:has-text("${title}")`).first().click();
  await page.waitForURL((url) => url.pathname.startsWith('/public/d/'));
  await noScript(page, 'the version page');
  await fitsPhone(page, 'the version page');
  const text = await pageText(page);
  const hash = text.match(/\b[0-9a-f]{64}\b/);
  assert.ok(hash, `the version page shows the snapshot's hash:\n${text.slice(0, 1500)}`);
  await screenshot(page, 'disclosure-public-version-phone.png');

  // The notice-board sheet: the QR code and the hash's first 16 characters.
  await page.locator('a[href$="/print"]').first().click();
  await page.waitForURL((url) => url.pathname.endsWith('/print'));
  await noScript(page, 'the print sheet');
  assert.equal(await page.locator('.sheet-qr svg').count(), 1, 'the sheet carries the QR code');
  assert.equal((await page.locator('.sheet-hash').innerText()).trim(), hash[0].slice(0, 16));
  await assertText(page, t('portal-check-code'));
  await screenshot(page, 'disclosure-print-sheet.png');
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, 'disclosure-print-sheet-print.png');
});
