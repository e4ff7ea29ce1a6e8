// Browser smoke tests: the real `zhenxing demo` server, driven through Debian's Chromium.
//
//   npm ci --prefix tests/browser
//   node tests/browser/smoke.mjs
//
// The server, the browser and the environment they read are in harness.mjs.

import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import {
  smoke, pageText, assertText, assertHtmlLang, signIn, screenshot, SHOTS_DIR, BAOYING_CODE, run,
} from './harness.mjs';
smoke('sign in, switch language, open 保婴村', async (page) => {
  // The front page sends a visitor to the sign-in page, in Chinese by default.
  await page.goto('/');
  await page.waitForURL((url) => url.pathname.startsWith('/login'));
  await assertHtmlLang(page, 'zh-CN');
  await assertText(page, '登录');

  await signIn(page);
  assert.ok(!page.url().includes('/login'), `still on ${page.url()} after signing in`);
  await assertText(page, '大观区');

  // English, then back to Chinese, through the header's language buttons.
  await page.locator('button[data-testid="lang-en-US"]').click();
  await assertHtmlLang(page, 'en-US');
  await page.getByText('Sign out').filter({ visible: true }).first().waitFor({ state: 'visible' });

  await page.locator('button[data-testid="lang-zh-CN"]').click();
  await assertHtmlLang(page, 'zh-CN');
  await page.getByText('退出').filter({ visible: true }).first().waitFor({ state: 'visible' });

  // The region list links to the village's profile.
  await page.goto('/regions');
  await page.locator('a', { hasText: '保婴村' }).first().click();
  await page.waitForURL((url) => url.pathname.endsWith(`/regions/${BAOYING_CODE}`));
  await page.waitForLoadState('load');
  const h1 = await page.locator('h1').first().innerText();
  assert.ok(h1.includes('保婴村'), `expected the h1 to contain 保婴村, got ${JSON.stringify(h1)}`);
  await assertText(page, '重点村');

  await screenshot(page, 'baoying-profile.png');
});

smoke('village profile fits a phone screen', async (page) => {
  await page.setViewportSize({ width: 375, height: 800 });
  await signIn(page);
  await page.goto(`/regions/${BAOYING_CODE}`);
  await page.waitForLoadState('load');
  assert.ok(new URL(page.url()).pathname.endsWith(`/regions/${BAOYING_CODE}`), `landed on ${page.url()}`);
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  await screenshot(page, 'phone-profile.png');
  assert.ok(scrollWidth <= 375 + 1, `the page scrolls sideways on a 375 px screen: scrollWidth is ${scrollWidth}`);
});

// The demo's books are open for the present (China-time) year; entries are dated today.
const CHINA_NOW = new Date(Date.now() + 8 * 3600 * 1000);
const THIS_YEAR = String(CHINA_NOW.getUTCFullYear());
const TODAY = CHINA_NOW.toISOString().slice(0, 10);
const THIS_MONTH = TODAY.slice(0, 7);

smoke('enter a voucher, review it as another user, post it, see the trial balance change', async (page) => {
  // The village bookkeeper opens 保婴村's books of this year from the village profile.
  await signIn(page, 'baoying');
  await page.goto(`/regions/${BAOYING_CODE}`);
  await page.locator('#section-ledger a.tag', { hasText: THIS_YEAR }).first().click();
  await page.waitForURL((url) => /\/ledger\/books\/[^/]+$/.test(url.pathname));
  const book = new URL(page.url()).pathname;
  const cashRow = async (p) => {
    await p.goto(`${book}/trial-balance?from=${THIS_MONTH}&to=${THIS_MONTH}`);
    return p.locator('tr[data-code="101"]').innerText();
  };
  const before = await cashRow(page);
  assert.ok(!before.includes('1,234.56'), `cash already shows the amount: ${before}`);

  await page.goto(`${book}/vouchers/new`);
  await page.locator('input[name=date]').fill(TODAY);
  await page.locator('input[name=summary]').fill('提取备用金');
  // The account box searches by code and name: one line by its name, one by its code.
  await page.locator('input[name="lines[0].account_code"]').fill('库存现金');
  await page.locator('input[name="lines[0].debit"]').fill('1234.56');
  await page.locator('input[name="lines[1].account_code"]').fill('102');
  await page.locator('input[name="lines[1].credit"]').fill('1234.56');
  await page.locator('button[form="voucher-entry"][type=submit].primary').click();
  await page.waitForURL((url) => /\/ledger\/vouchers\/[^/]+$/.test(url.pathname));
  // Success is confirmed on the page the form led to.
  await page.locator('[data-testid="saved"]').waitFor({ state: 'visible' });
  const voucher = new URL(page.url()).pathname;
  await assertText(page, '提取备用金');
  assert.equal(await page.locator('[data-testid="state"]').innerText(), '待审核');

  // The town's bookkeeping station reviews and posts it, in a session of its own.
  const reviewer = await run.browser.newContext({ baseURL: run.baseURL, locale: 'zh-CN' });
  try {
    const other = await reviewer.newPage();
    await signIn(other, 'haikou');
    await other.goto(voucher);
    await other.locator(`form[action$="/review"] button[type=submit]`).click();
    await other.waitForLoadState('load');
    await other.goto(voucher);
    await other.locator(`form[action$="/post"] button[type=submit]`).click();
    await other.waitForLoadState('load');
    await other.goto(voucher);
    assert.equal(await other.locator('[data-testid="state"]').innerText(), '已记账');
    const after = await cashRow(other);
    assert.ok(after.includes('1,234.56'), `the trial balance's cash row does not show the posted amount: ${after}`);
    await screenshot(other, 'trial-balance-after-posting.png');
  } finally {
    await reviewer.close();
  }
});

smoke('record a meeting with an attendee and a decision, see the problem and the board cell turn green', async (page) => {
  // The village's own cadre records this month's 支委会 (branch committee meeting) of 保婴村.
  const BRANCH_COMMITTEE_MONTHLY = '0190a1b2-0000-7000-8000-000000000003';
  // "Today" as the server sees it (China time): a meeting dated later would not count yet.
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const month = today.slice(0, 7);
  const cell = (p) => p.locator(
    `section[data-rule="${BRANCH_COMMITTEE_MONTHLY}"] tr[data-region="${BAOYING_CODE}"] td[data-period="${month}"]`,
  );
  await signIn(page, 'baoying');
  await page.goto(`/mechanism/board?from=${month}&to=${month}`);
  const before = await cell(page).getAttribute('data-status');
  assert.notEqual(before, 'met', `保婴村's ${month} branch committee cell is already met`);

  const decision = `修缮灵芝大棚排水沟 ${Date.now()}`;
  await page.goto('/mechanism/meetings/new');
  await page.locator('select[name=type_code]').selectOption('branch_committee');
  await page.locator('select[name=region_code]').selectOption(BAOYING_CODE);
  await page.locator('input[name=date]').fill(today);
  await page.locator('input[name=start_time]').fill('09:00');
  await page.locator('input[name=place]').fill('保婴村党群服务中心');
  await page.locator('input[name=chair]').fill('王书记');
  await page.locator('input[name="attendees[0].name"]').fill('李委员');
  await page.locator('select[name="attendees[0].status"]').selectOption('present');
  await page.locator('textarea[name=agenda]').fill('灵芝大棚雨季防护');
  await page.locator('input[name="decisions[0].title"]').fill(decision);
  await page.locator('input[name="decisions[0].owner_name"]').fill('李委员');
  await page.locator('input[name="decisions[0].deadline"]').fill(today);
  await page.locator('button[form="meeting-form"][type=submit].primary').click();
  await page.waitForURL((url) => /\/mechanism\/meetings\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith('/new'));
  await assertText(page, '李委员');
  await assertText(page, decision);

  // The decision is in the problem list.
  await page.goto(`/mechanism/problems?q=${encodeURIComponent(decision)}`);
  await assertText(page, decision);

  // And the board cell has turned green.
  await page.goto(`/mechanism/board?from=${month}&to=${month}`);
  assert.equal(await cell(page).getAttribute('data-status'), 'met');
  await screenshot(page, 'board-after-meeting.png');
});

/** A valid resident ID number: the 17 digits and their GB 11643 check character. */
function idNumber(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

smoke('import a roster file with one bad row, see the row error, fix it and import', async (page) => {
  await signIn(page);
  const count = async () => {
    await page.goto('/people/persons');
    const text = await page.locator('[data-testid="count"]').innerText();
    return Number(text.replace(/[^0-9]/g, ''));
  };
  const before = await count();

  // Three people of 保婴村; the third's number has a wrong check character.
  const seq = String(Date.now() % 1000).padStart(3, '0');
  // 17 digits: the area (大观区), a birth date, a sequence number.
  const first = ['19880101', '19890202', '19900303'].map((d) => `340803${d}${seq}`);
  const good = first.map(idNumber);
  const right = good[2].slice(-1);
  const bad = first[2] + (right === '1' ? '2' : '1');
  const names = [`试导入甲${seq}`, `试导入乙${seq}`, `试导入丙${seq}`];
  const csv = (third) => [
    '姓名,性别,出生日期,民族,身份证号,政治面貌,学历,手机,所属区划',
    `${names[0]},,,汉族,${good[0]},中共党员,大专,,${BAOYING_CODE}`,
    `${names[1]},,,汉族,${good[1]},群众,高中,,${BAOYING_CODE}`,
    `${names[2]},,,汉族,${third},共青团员,本科,,${BAOYING_CODE}`,
  ].join('\n') + '\n';
  const file = path.join(run.tmpDir, 'roster.csv');

  const upload = async (content) => {
    fs.writeFileSync(file, content);
    await page.goto('/people/import');
    const form = page.locator('form[data-testid="import-persons-form"]');
    await form.locator('input[type=file]').setInputFiles(file);
    await form.locator('button[type=submit]').click();
  };

  await upload(csv(bad));
  const error = page.locator('[data-testid="import-error"]');
  await error.waitFor({ state: 'visible' });
  const message = await error.innerText();
  assert.ok(message.includes('第 4 行') && message.includes('身份证号'), `the row error does not name row 4 and the column: ${message}`);
  assert.ok(!message.includes(bad), 'the error repeats the full ID number');
  assert.equal(await count(), before, 'the list grew although the file was refused');

  // A file over the upload limit: htmx shows the error page's message in place, still on
  // the import page's address (the server retargets the answer to the page's main part).
  fs.writeFileSync(file, Buffer.alloc(21 * 1024 * 1024, 'a'));
  await page.goto('/people/import');
  const personsForm = page.locator('form[data-testid="import-persons-form"]');
  await personsForm.locator('input[type=file]').setInputFiles(file);
  await personsForm.locator('button[type=submit]').click();
  await page.getByText('文件超过 20 MB 上限').first().waitFor({ state: 'visible' });
  assert.ok(new URL(page.url()).pathname === '/people/import', `left the import page: ${page.url()}`);

  await upload(csv(good[2]));
  await page.locator('[data-testid="import-ok"]').waitFor({ state: 'visible' });
  assert.equal(await count(), before + 3);
  await page.goto(`/people/persons?q=${encodeURIComponent(`试导入`)}`);
  for (const [i, name] of names.entries()) {
    await assertText(page, name);
    const masked = `${good[i].slice(0, 6)}********${good[i].slice(14)}`;
    await assertText(page, masked);
  }
  const body = await pageText(page);
  for (const n of good) assert.ok(!body.includes(n), `the list shows a full ID number ${n}`);
  await screenshot(page, 'people-after-import.png');
});

smoke('record a harvest and a sale on the lingzhi project, see the results and the books follow', async (page) => {
  // 保婴村's bookkeeper opens the lingzhi project from the project list, then its production page.
  const LINGZHI = '保婴村灵芝大棚种植基地';
  const PRODUCT = '灵芝子实体';
  const YEAR = THIS_YEAR; // the demo books' open year
  const quantity = '12.5';
  const price = '120';
  const buyer = `浏览器测试药材商${Date.now() % 100000}`;
  await signIn(page, 'baoying');
  await page.goto('/industry');
  await page.locator('a', { hasText: LINGZHI }).first().click();
  await page.waitForURL((url) => /\/industry\/projects\/[^/]+$/.test(url.pathname));
  await page.locator('[data-testid="production-link"]').click();
  await page.waitForURL((url) => /\/industry\/projects\/[^/]+\/production$/.test(url.pathname));
  const production = new URL(page.url()).pathname;

  /** Yield of PRODUCT, gross income (yuan) and the unit, as the results of YEAR show them. */
  const results = async () => {
    await page.goto(`${production}?year=${YEAR}`);
    const row = page.locator('table[data-testid="yields"] tbody tr').filter({
      has: page.locator('td:first-child', { hasText: PRODUCT }),
    });
    let yieldTotal = 0;
    let unit = null;
    if (await row.count()) {
      yieldTotal = Number((await row.locator('td').nth(1).innerText()).replace(/,/g, ''));
      unit = (await row.locator('td').nth(2).innerText()).trim();
    }
    const gross = Number((await page.locator('[data-testid="gross-income"]').innerText()).replace(/[^0-9.-]/g, ''));
    return { yieldTotal, unit, gross };
  };
  const before = await results();
  assert.ok(Number.isFinite(before.yieldTotal) && Number.isFinite(before.gross), JSON.stringify(before));

  // A harvest on a demo batch (a first-season greenhouse), through the form.
  const harvest = page.locator('form[action$="/logs?kind=harvest"]');
  const batchLabel = (await harvest.locator('select[name=batch_id] option').first().innerText()).trim();
  assert.ok(batchLabel.includes('号大棚'), `the first batch is not a demo greenhouse: ${batchLabel}`);
  await harvest.locator('input[name=date]').fill(TODAY);
  await harvest.locator('input[name=item]').fill(PRODUCT);
  await harvest.locator('input[name=quantity]').fill(quantity);
  await harvest.locator('input[name=unit]').fill('kg');
  await harvest.locator('input[name=grade]').fill('一级');
  await harvest.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('[data-testid="harvest-error"]').count(), 0, await pageText(page));

  // And its sale, dated in the open year: quantity × price.
  await page.goto(`${production}?year=${YEAR}`);
  const sale = page.locator('form[action$="/logs?kind=sale"]');
  await sale.locator('input[name=date]').fill(TODAY);
  await sale.locator('input[name=buyer]').fill(buyer);
  await sale.locator('input[name=item]').fill(PRODUCT);
  await sale.locator('input[name=quantity]').fill(quantity);
  await sale.locator('input[name=unit]').fill('kg');
  await sale.locator('input[name=unit_price]').fill(price);
  await sale.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('[data-testid="sale-error"]').count(), 0, await pageText(page));

  // The results went up by what was entered.
  const after = await results();
  const amount = Number(quantity) * Number(price);
  assert.equal(after.unit, '公斤'); // kg is shown as 公斤 in Chinese
  assert.equal(Math.round((after.yieldTotal - before.yieldTotal) * 1e6) / 1e6, Number(quantity), `yield ${before.yieldTotal} → ${after.yieldTotal}`);
  assert.equal(Math.round((after.gross - before.gross) * 100) / 100, amount, `gross income ${before.gross} → ${after.gross}`);
  // The results panel only: the page lists every log of the season (a long page).
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.locator('section[data-testid="results"]').screenshot({ path: path.join(SHOTS_DIR, 'lingzhi-results-after-sale.png') });

  // The sale's voucher is a draft in 保婴村's books, with the amount.
  const logRow = page.locator('section[data-testid="logs"] tr', { hasText: buyer });
  await logRow.locator('a[href^="/ledger/vouchers/"]').first().click();
  await page.waitForURL((url) => /\/ledger\/vouchers\/[^/]+$/.test(url.pathname));
  const money = amount.toLocaleString('en-US', { minimumFractionDigits: 2 });
  assert.equal(await page.locator('[data-testid="state"]').innerText(), '待审核');
  await assertText(page, buyer);
  await assertText(page, money);
  await assertText(page, TODAY);

  // And it is listed among the vouchers of 保婴村's book of this year.
  await page.goto(`/regions/${BAOYING_CODE}`);
  await page.locator('#section-ledger a.tag', { hasText: YEAR }).first().click();
  await page.waitForURL((url) => /\/ledger\/books\/[^/]+$/.test(url.pathname));
  await page.goto(`${new URL(page.url()).pathname}/vouchers?from=${THIS_MONTH}&to=${THIS_MONTH}&state=draft`);
  const listed = page.locator('tr', { hasText: buyer });
  assert.equal(await listed.count(), 1, `the book's voucher list does not show the sale:\n${(await pageText(page)).slice(0, 2000)}`);
  const listedText = await listed.innerText();
  assert.ok(listedText.includes(money), `the listed voucher does not show ${money}: ${listedText}`);
  assert.ok(listedText.includes('待审核'), `the listed voucher is not a draft: ${listedText}`);
  await screenshot(page, 'baoying-vouchers-after-sale.png');
});

smoke('on a phone, a town officer who edits a cadre\'s draft becomes its preparer; the history shows the change', async (page) => {
  const PHONE = { width: 390, height: 844 };
  const fitsPhone = async (p, what) => {
    const scrollWidth = await p.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(scrollWidth <= PHONE.width + 1, `${what} scrolls sideways on a 390 px screen: scrollWidth is ${scrollWidth}`);
  };
  // The village bookkeeper enters a 3,000-yuan draft in 保婴村's book of this years.
  await page.setViewportSize(PHONE);
  await signIn(page, 'baoying');
  await page.goto(`/regions/${BAOYING_CODE}`);
  await page.locator('#section-ledger a.tag', { hasText: THIS_YEAR }).first().click();
  await page.waitForURL((url) => /\/ledger\/books\/[^/]+$/.test(url.pathname));
  const book = new URL(page.url()).pathname;
  await page.goto(`${book}/vouchers/new`);
  await page.locator('input[name=date]').fill(TODAY);
  await page.locator('input[name=summary]').fill('购买办公用品');
  await page.locator('input[name="lines[0].account_code"]').fill('101');
  await page.locator('input[name="lines[0].debit"]').fill('3000');
  await page.locator('input[name="lines[1].account_code"]').fill('102');
  await page.locator('input[name="lines[1].credit"]').fill('3000');
  await page.locator('button[form="voucher-entry"][type=submit].primary').click();
  await page.waitForURL((url) => /\/ledger\/vouchers\/[^/]+$/.test(url.pathname));
  const voucher = new URL(page.url()).pathname;
  const cadreName = await page.locator('[data-testid="preparer"]').innerText();

  // The town officer changes it to 30,000 on his phone: he is now its preparer, with no review button.
  const town = await run.browser.newContext({ baseURL: run.baseURL, locale: 'zh-CN', viewport: PHONE });
  try {
    const other = await town.newPage();
    await signIn(other, 'haikou');
    await other.goto(voucher);
    await other.locator('[data-testid="edit"]').click();
    await other.waitForURL((url) => url.pathname.endsWith('/edit'));
    await assertText(other, '制单人');
    await other.locator('input[name="lines[0].debit"]').fill('30000');
    await other.locator('input[name="lines[1].credit"]').fill('30000');
    await other.locator('button[form="voucher-entry"][type=submit].primary').click();
    await other.waitForURL((url) => url.pathname === voucher);
    const officerName = await other.locator('[data-testid="preparer"]').innerText();
    assert.notEqual(officerName, cadreName, `the preparer still shows ${cadreName} after the officer's edit`);
    assert.equal(await other.locator('form[action$="/review"]').count(), 0, 'the officer who edited the draft is offered its review');
    const history = await other.locator('[data-testid="history"]').innerText();
    assert.ok(history.includes('3,000.00') && history.includes('30,000.00'), `the history does not show the change: ${history}`);
    assert.ok(history.includes(officerName), `the history does not name ${officerName}: ${history}`);
    await fitsPhone(other, 'the voucher page');
    await screenshot(other, 'phone-voucher-history.png');
  } finally {
    await town.close();
  }

  // The cadre, no longer its preparer, may now review it.
  await page.goto(voucher);
  await page.locator('form[action$="/review"] button[type=submit]').click();
  await page.waitForLoadState('load');
  await page.goto(voucher);
  assert.equal(await page.locator('[data-testid="state"]').innerText(), '已审核');
  await fitsPhone(page, 'the voucher page');
});
