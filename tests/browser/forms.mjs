// Forms a person can use on a phone: a meeting recorded on a 390 px screen, rows added in
// place without reloading, a person picked from the village's people registry, minutes
// written as plain text in paragraphs.
//
//   node tests/browser/forms.mjs

import assert from 'node:assert/strict';
import { smoke, signIn, assertText, screenshot, BAOYING_CODE } from './harness.mjs';

smoke('record a meeting on a phone: add a row in place, pick a registry person, write two paragraphs', async (page) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, 'baoying');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  await page.goto('/mechanism/meetings/new');
  const url = page.url();
  const origin = await page.evaluate(() => performance.timeOrigin);
  const rows = page.locator('#attendee-rows > tr');
  assert.equal(await rows.count(), 5);

  // "Add a row" adds the sixth row where the form is, without loading a page.
  await page.locator('button[data-add-row="attendee-row"]').click();
  await page.locator('input[name="attendees[5].name"]').waitFor({ state: 'visible' });
  assert.equal(await rows.count(), 6);
  assert.equal(await rows.nth(5).locator('td').first().innerText(), '6');
  assert.equal(page.url(), url);
  assert.equal(await page.evaluate(() => performance.timeOrigin), origin, 'the page was reloaded');
  await page.locator('button[data-add-row="decision-row"]').click();
  assert.equal(await page.locator('#decision-rows > tr').count(), 4);
  assert.equal(await page.evaluate(() => performance.timeOrigin), origin, 'the page was reloaded');

  // The name box offers the village's registry: pick its first person.
  const person = await page.locator('#person-names option').first().getAttribute('value');
  assert.ok(person, 'the registry offers no name');
  const name = page.locator('input[name="attendees[5].name"]');
  assert.equal(await name.getAttribute('list'), 'person-names');
  await name.fill(person);
  await page.locator('select[name="attendees[5].status"]').selectOption('present');

  const first = `一、灵芝大棚雨季防护 ${Date.now()}`;
  const second = '二、村道硬化由村委会负责，月底前完成。';
  await page.locator('select[name=type_code]').selectOption('work_promotion');
  await page.locator('select[name=region_code]').selectOption(BAOYING_CODE);
  await page.locator('input[name=date]').fill(today);
  await page.locator('input[name=start_time]').fill('09:00');
  await page.locator('input[name=chair]').fill('王书记');
  await page.locator('textarea[name=minutes]').fill(`${first}\n\n${second}`);
  // The form still fits the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390));
  await screenshot(page, 'forms-meeting-phone.png');
  await page.locator('button[form="meeting-form"][type=submit].primary').click();
  await page.waitForURL((u) => /\/mechanism\/meetings\/[^/]+$/.test(u.pathname) && !u.pathname.endsWith('/new'));

  // Saved, and the minutes are the two paragraphs written.
  await page.locator('[data-testid="saved"]').waitFor({ state: 'visible' });
  const paragraphs = await page.locator('[data-testid="minutes"] p').allInnerTexts();
  assert.deepEqual(paragraphs, [first, second]);
  await assertText(page, person);
  // The registry person picked is linked to the person's record.
  const linked = page.locator('[data-testid="attendee-person"]', { hasText: person });
  assert.ok((await linked.count()) >= 1, `${person} is not linked to the registry`);
});

smoke('the names offered follow the region chosen in the meeting form', async (page) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page);
  await page.goto(`/mechanism/meetings/new?region=${BAOYING_CODE}`);
  const names = async () => page.locator('#person-names option').evaluateAll((os) => os.map((o) => o.value));
  const before = await names();
  const region = page.locator('select[name=region_code]');
  const other = await region.locator('option').evaluateAll(
    (os, code) => os.map((o) => o.value).filter((v) => v !== code && /^\d{12}$/.test(v) && !v.endsWith('000')),
    BAOYING_CODE,
  );
  assert.ok(other.length > 0, 'no other village to choose');
  // Pick villages until one has another registry than 保婴村's (htmx swaps the datalist).
  let changed = false;
  for (const code of other.slice(0, 8)) {
    const response = page.waitForResponse((r) => r.url().includes('/mechanism/person-names'));
    await region.selectOption(code);
    await response;
    await page.waitForTimeout(50);
    if (JSON.stringify(await names()) !== JSON.stringify(before)) {
      changed = true;
      break;
    }
  }
  assert.ok(changed, 'the names did not follow the region');
});

smoke('add voucher lines on a phone without reloading', async (page) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, 'baoying');
  const year = String(new Date(Date.now() + 8 * 3600 * 1000).getUTCFullYear());
  await page.goto(`/regions/${BAOYING_CODE}`);
  await page.locator('#section-ledger a.tag', { hasText: year }).first().click();
  await page.waitForURL((url) => /\/ledger\/books\/[^/]+$/.test(url.pathname));
  await page.goto(`${new URL(page.url()).pathname}/vouchers/new`);
  const origin = await page.evaluate(() => performance.timeOrigin);
  const lines = page.locator('#voucher-lines > tr');
  const before = await lines.count();
  await page.locator('input[name="lines[0].summary"]').fill('已填写的摘要');
  await page.locator('button[data-add-row="voucher-line"]').click();
  await page.locator(`input[name="lines[${before}].account_code"]`).waitFor({ state: 'visible' });
  assert.equal(await lines.count(), before + 1);
  assert.equal(await page.evaluate(() => performance.timeOrigin), origin, 'the page was reloaded');
  // What was typed stays, and the new line searches accounts like the others.
  assert.equal(await page.locator('input[name="lines[0].summary"]').inputValue(), '已填写的摘要');
  assert.equal(await page.locator(`input[name="lines[${before}].account_code"]`).getAttribute('list'), 'accounts');
});
