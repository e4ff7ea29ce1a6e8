// Assessment (考核) and pay linkage on a 390 px phone, issue 14's browser test: the district
// administrator opens the demo's published 2021 assessment and starts a correction; the
// 海口镇 officer enters a manual score (an empty reason is refused beside the field, what
// was typed kept); the administrator computes, reviews and publishes the new version, opens
// 保婴村's result and follows the operating-income indicator to the records it comes from.
// The village cadre sees only 保婴村's result; 保婴村's approved pay calculation shows its
// steps and cadre shares. Every page fits the phone (no sideways scroll of the whole page)
// and shows its primary action on the first screen.
//
//   node tests/browser/assessment.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { smoke, signIn, assertText, screenshot, pageText, BAOYING_CODE } from './harness.mjs';

const PHONE = { width: 390, height: 844 };
const YEAR = '2021';
const HAIKOU_TOWN = '340803100000';

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

/** `locator` is visible on the first screen (the page scrolled to its top). */
async function onFirstScreen(page, locator, what) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await locator.waitFor({ state: 'visible' });
  const box = await locator.boundingBox();
  assert.ok(box, `${what}: not laid out`);
  assert.ok(
    box.y >= 0 && box.y + box.height <= PHONE.height && box.x >= 0 && box.x + box.width <= PHONE.width,
    `${what} is not on the first screen of the phone (at ${JSON.stringify(box)})`,
  );
}

/** Signs out (the session cookie dropped) and in again as `user`. */
async function switchUser(page, context, user) {
  await context.clearCookies();
  await signIn(page, user);
}

/** The ranking's rows as the page shows them: region code (from the link), name, total, band. */
async function ranking(page) {
  return page.locator('table[data-testid=ranking] tbody tr').evaluateAll((trs) =>
    trs
      .filter((tr) => tr.querySelector('a'))
      .map((tr) => {
        const a = tr.querySelector('a');
        const cells = [...tr.querySelectorAll('td')];
        return {
          code: a.getAttribute('href').split('/').pop(),
          href: a.getAttribute('href'),
          name: a.textContent.trim(),
          total: cells[cells.length - 3].textContent.trim(),
          band: tr.querySelector('[data-testid=band]').textContent.trim(),
        };
      }),
  );
}

/** A run page's step button (compute, review, publish) pressed; back on the run page. */
async function step(page, name) {
  const url = page.url();
  const button = page.locator(`button[data-testid=${name}]`);
  await onFirstScreen(page, button, `the ${name} button`);
  // The step redirects back to the run page: wait for that navigation, not the URL (the same).
  await Promise.all([page.waitForNavigation(), button.click()]);
  assert.equal(page.url(), url);
  assert.equal(await page.locator('[data-testid=error]').count(), 0, `${name}: ${await pageText(page)}`);
}

/** From the nav to the year's assessment list, as a person on a phone gets there. */
async function openYear(page, shot) {
  await page.locator('nav.modules a', { hasText: t('nav-assessment') }).click();
  await page.waitForURL((u) => u.pathname === '/assessments');
  await page.locator('select#a-year').selectOption(YEAR);
  await page.locator('form.toolbar button[type=submit]').click();
  await page.waitForURL((u) => u.searchParams.get('year') === YEAR);
  await fitsPhone(page, 'the assessment list');
  const links = page.locator('a[data-testid=run-link]');
  assert.ok((await links.count()) >= 1, `no 2021 assessment listed:\n${await pageText(page)}`);
  await onFirstScreen(page, links.first(), 'the first assessment of the list');
  await screenshot(page, shot);
  return links;
}

smoke('assessment: correct the published 2021 assessment, score by hand, publish, drill down; on a phone', async (page, context) => {
  await page.setViewportSize(PHONE);

  // ---- the district administrator opens the published 2021 assessment
  await signIn(page, 'admin');
  const links = await openYear(page, 'assessment-list-phone.png');
  await links.filter({ hasText: 'v1' }).first().click();
  await page.waitForURL((u) => /^\/assessments\/[^/]+$/.test(u.pathname));
  const v1 = page.url();
  assert.equal(await page.locator('[data-testid=state]').innerText(), t('assessment-state-published'));
  await fitsPhone(page, 'the published run and its ranking');
  const before = await ranking(page);
  assert.ok(before.length >= 2, 'the published ranking is empty');
  assert.ok(await page.locator('table[data-testid=ranking]').evaluate((t) => t.closest('.table-wrap') !== null));
  await screenshot(page, 'assessment-run-published-phone.png');

  // A correction needs a reason: refused beside the field.
  const correct = page.locator('form[data-testid=correct]');
  await onFirstScreen(page, correct.locator('button[type=submit]'), 'the correction button');
  await correct.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  await correct.locator('textarea[name=reason] ~ [data-testid=field-error]').waitFor({ state: 'visible' });
  assert.equal(page.url(), v1.replace(/$/, '/correct'));
  await fitsPhone(page, 'the refused correction');
  const reason = `复核发现日常工作评分需要更正 ${Date.now()}`;
  await correct.locator('textarea[name=reason]').fill(reason);
  await correct.locator('button[type=submit]').click();
  await page.waitForURL((u) => /^\/assessments\/[^/]+$/.test(u.pathname) && u.href !== v1);
  const v2 = page.url();
  assert.match(await page.locator('h1').innerText(), /v2/);
  await assertText(page, reason);
  await step(page, 'compute');
  assert.equal(await page.locator('[data-testid=state]').innerText(), t('assessment-state-computed'));

  // ---- the 海口镇 officer scores a village of the town (not 保婴村) by hand
  await switchUser(page, context, 'haikou');
  const officer = (await page.locator('header .who a').first().innerText()).trim();
  await page.goto(v2);
  await fitsPhone(page, 'the run seen by the town officer');
  const town = (await ranking(page)).filter((r) => r.code.startsWith(HAIKOU_TOWN.slice(0, 9)) && r.code !== BAOYING_CODE);
  assert.ok(town.length >= 1, 'the town officer sees no other village of 海口镇');
  const village = town[0];
  await page.locator(`table[data-testid=ranking] a[href="${village.href}"]`).click();
  await page.waitForURL((u) => u.pathname === village.href);
  await fitsPhone(page, `${village.name}'s result`);
  const form = page.locator('form[data-testid=manual-daily_work]');
  await onFirstScreen(page, page.locator('a[data-testid=score-jump]').first(), 'the way to the manual score');
  await page.locator('a[data-testid=score-jump]').first().click();
  await form.locator('button[type=submit]').waitFor({ state: 'visible' });
  await screenshot(page, 'assessment-subject-score-phone.png');
  // The score typed: the indicator's weight (the top of its range, from the label) unless
  // that is already the score, then one less.
  const label = await form.locator('label[for="m-score-daily_work"]').innerText();
  const weight = Number(label.match(/0–(\d+)/)[1]);
  const old = (await page.locator('[data-testid=indicator-daily_work] [data-testid=value]').innerText()).trim();
  const score = String(Number(old) === weight ? weight - 1 : weight);
  await form.locator('input[name=score]').fill(score);
  await form.locator('textarea[name=reason]').fill('   ');
  await form.locator('button[type=submit]').click();
  const error = page.locator('form[data-testid=manual-daily_work] textarea[name=reason] ~ [data-testid=field-error]');
  await error.waitFor({ state: 'visible' });
  assert.ok((await error.innerText()).trim().length > 0);
  assert.equal(await page.locator('form[data-testid=manual-daily_work] input[name=score]').inputValue(), score, 'the score typed was lost');
  await fitsPhone(page, 'the refused manual score');
  await screenshot(page, 'assessment-manual-refused-phone.png');
  const why = `年终复核：台账已补齐，评分更正 ${Date.now()}`;
  await page.locator('form[data-testid=manual-daily_work] textarea[name=reason]').fill(why);
  await page.locator('form[data-testid=manual-daily_work] button[type=submit]').click();
  await page.locator('[data-testid=saved]').waitFor({ state: 'visible' });
  const scored = page.locator('[data-testid=indicator-daily_work]');
  assert.equal((await scored.locator('[data-testid=value]').innerText()).trim(), score);
  assert.ok((await scored.innerText()).includes(why), 'the reason is not shown');
  assert.ok((await scored.innerText()).includes(officer), 'the assessor is not shown by name');

  // ---- the administrator computes, reviews and publishes the new version
  await switchUser(page, context, 'admin');
  await page.goto(v2);
  await step(page, 'compute');
  await step(page, 'review');
  await step(page, 'publish');
  assert.equal(await page.locator('[data-testid=state]').innerText(), t('assessment-state-published'));
  await fitsPhone(page, 'the published new version');
  await screenshot(page, 'assessment-ranking-v2-phone.png');
  const after = await ranking(page);
  const scoredRow = after.find((r) => r.code === village.code);
  assert.ok(scoredRow, `${village.name} is not ranked`);
  const baoying = after.find((r) => r.code === BAOYING_CODE);
  assert.ok(baoying, '保婴村 is not ranked');

  // 保婴村's result: its band and total as the ranking shows them.
  await page.locator(`table[data-testid=ranking] a[href="${baoying.href}"]`).click();
  await page.waitForURL((u) => u.pathname === baoying.href);
  await fitsPhone(page, "保婴村's result");
  assert.equal(await page.locator('h1').innerText(), baoying.name);
  await onFirstScreen(page, page.locator('[data-testid=band]'), "保婴村's band");
  assert.equal((await page.locator('[data-testid=total]').innerText()).trim(), baoying.total);
  assert.ok((await page.locator('[data-testid=band]').innerText()).startsWith(baoying.band));
  await screenshot(page, 'assessment-result-baoying-phone.png');

  // The operating-income indicator leads to the records it comes from: 保婴村's 2021 figure
  // in the village classification (in yuan, as the indicator shows it).
  const income = page.locator('[data-testid=indicator-operating_income]');
  const value = (await income.locator('[data-testid=value]').innerText()).trim();
  const amount = value.match(/^-?[\d,]+\.\d\d/);
  assert.ok(amount, `the operating income is not an amount: ${value}`);
  await income.locator('a[data-testid=drill]').click();
  await page.waitForURL((u) => u.pathname === '/ledger/classification' && u.searchParams.get('year') === YEAR);
  await fitsPhone(page, 'the classification the indicator leads to');
  assert.match(await page.locator('h1').innerText(), new RegExp(YEAR));
  const row = page.locator(`tr[data-code="${BAOYING_CODE}"]`);
  assert.equal(await row.locator('td').first().innerText(), baoying.name);
  assert.equal((await row.locator('td.num').innerText()).trim(), amount[0]);
  await screenshot(page, 'assessment-drill-classification-phone.png');

  // ---- the village cadre sees 保婴村's published result only
  await switchUser(page, context, 'baoying');
  const cadreLinks = await openYear(page, 'assessment-list-cadre-phone.png');
  await cadreLinks.filter({ hasText: 'v2' }).first().click();
  await page.waitForURL((u) => u.href === v2);
  await fitsPhone(page, 'the run seen by the village cadre');
  const own = await ranking(page);
  assert.deepEqual(own.map((r) => r.code), [BAOYING_CODE]);
  assert.equal(own[0].total, baoying.total);
  assert.equal(own[0].band, baoying.band);
  assert.equal(await page.locator('form[data-testid=correct]').count(), 0);
  assert.equal(await page.locator('button[data-testid=compute]').count(), 0);
  await page.locator(`table[data-testid=ranking] a[href="${baoying.href}"]`).click();
  await page.waitForURL((u) => u.pathname === baoying.href);
  await fitsPhone(page, "保婴村's result seen by its cadre");
  assert.equal((await page.locator('[data-testid=total]').innerText()).trim(), baoying.total);
  await onFirstScreen(page, page.locator('[data-testid=band]'), "保婴村's band for its cadre");
  assert.equal(await page.locator('form[data-testid^=manual-]').count(), 0, 'the cadre may score its own village');
  // Another village's result is not there for the cadre.
  const response = await page.goto(v2.replace(/$/, `/subjects/${village.code}`));
  assert.equal(response.status(), 404);
  await screenshot(page, 'assessment-result-cadre-phone.png');
});

smoke("pay linkage: 保婴村's approved 2021 calculation on a phone", async (page) => {
  await page.setViewportSize(PHONE);
  await signIn(page, 'admin');
  await page.goto('/assessments');
  await page.locator('a[data-testid=pay-link]').click();
  await page.waitForURL((u) => u.pathname === '/pay');
  await fitsPhone(page, 'the pay-linkage page');
  const yearForm = page.locator('form[data-testid=year-form]');
  await onFirstScreen(page, yearForm.locator('button[type=submit]'), 'the year form');
  await screenshot(page, 'pay-index-phone.png');
  await yearForm.locator('input[name=year]').fill(YEAR);
  await yearForm.locator('button[type=submit]').click();
  await page.waitForURL((u) => u.pathname === `/pay/years/${YEAR}`);
  await fitsPhone(page, 'the 2021 pay year');
  await screenshot(page, 'pay-year-phone.png');
  const rows = page.locator('table[data-testid=villages] tbody tr', { hasText: '保婴村' });
  assert.equal(await rows.count(), 1, "保婴村's calculation is not listed once");
  const state = (await rows.locator('.tag').innerText()).trim();
  await rows.locator('a').click();
  await page.waitForURL((u) => /^\/pay\/calculations\/[^/]+$/.test(u.pathname));
  await fitsPhone(page, "保婴村's pay calculation");
  assert.match(await page.locator('h1').innerText(), /保婴村/);
  assert.equal((await page.locator('[data-testid=state]').innerText()).trim(), state);
  assert.equal(state, t('pay-state-approved'));
  await onFirstScreen(page, page.locator('[data-testid=paid]'), 'the amount paid');
  // Its steps, and the cadres' shares by name.
  const steps = await page.locator('table[data-testid=steps] tbody tr').count();
  assert.ok(steps >= 2, `only ${steps} steps shown`);
  const shares = page.locator('table[data-testid=shares] tbody tr');
  assert.ok((await shares.count()) >= 1);
  const names = await shares.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td').textContent.trim()));
  assert.ok(names.every((n) => n.length > 0 && !/^\d+$/.test(n)), `the shares are not shown by name: ${names}`);
  assert.equal(await shares.locator('td.muted[colspan]').count(), 0, 'no cadre shares shown');
  for (const t of ['steps', 'shares', 'scenarios', 'deliberation']) {
    assert.ok(
      await page.locator(`table[data-testid=${t}]`).evaluate((x) => x.closest('.table-wrap') !== null),
      `the ${t} table is not in a .table-wrap`,
    );
  }
  await screenshot(page, 'pay-calculation-baoying-phone.png');
});
