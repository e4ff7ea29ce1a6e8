// Hostile text on the public side (issue 15). A corpus of script payloads goes in through
// every free-text field that reaches a public page:
//
// - a villager's feedback (text and name), the problem it becomes and its public answer;
// - a news item's title and text;
// - a meeting of 保婴村 (JSON API, as its cadre): its agenda, place, chair, minutes and
//   attendee, a meeting type named by the district administrator, and a decision whose title
//   and result (entered as the problem is finished) are published; then the meeting-decisions
//   disclosure of the month, submitted by the village, approved by the town (the district
//   turns approval on for village affairs first) and published, its title a payload too;
// - a subsidy list whose title, names and items are payloads, published with names masked
//   (王*明: only a payload's first and last characters survive), then corrected with a payload
//   reason and published again after the district shows full names, so v2 carries every
//   payload whole;
// - a committee member of 保婴村 whose name is a payload (people module), published in the
//   month's party-affairs disclosure;
// - an other-matters disclosure (其他事项) whose title and rich text are payloads (the text is
//   sanitised: its words stay).
//
// Then a stranger loads every public page of 保婴村 and the pages it links, and every version
// page, print sheet, bundle.json and public-API answer of the new disclosures, in headless
// Chromium: none runs anything (no dialog, no `window.__x`), no page holds a script element, an
// inline handler or a `javascript:` link, and the payloads are there as text (each page is
// checked to show what was typed, so a payload silently dropped would fail). The open-data ZIP
// is a download (application/zip, nosniff), not a document.
//
//   node tests/browser/xss.mjs

import assert from 'node:assert/strict';
import { smoke, signIn, BAOYING_CODE } from './harness.mjs';

const PHONE = { width: 390, height: 844 };

/** Payloads, each trying to set `window.__x`. */
const CORPUS = [
  '<script>window.__x=1</script>',
  '<img src=x onerror="window.__x=2">',
  '<svg onload="window.__x=3"></svg>',
  '<a href="javascript:window.__x=4">点我</a>',
  '"\'><iframe src="javascript:window.__x=5"></iframe>',
  '<details open ontoggle="window.__x=6">',
  '<body onload="window.__x=7">',
];
const LONG = `路灯坏了 ${CORPUS.join(' ')}`;
const SHORT = '<img src=x onerror=window.__x=8>';

/**
 * Names on a subsidy list: at most 40 characters, no commas or tabs (the row separators).
 * Masked 王*明-style, only the first and last characters stay: these begin and end with the
 * characters that open and close markup.
 */
const NAMES = [
  '<img src=x onerror=window.__x=20>',
  '<svg/onload=window.__x=21>',
  '<script>window.__x=22</script>',
  '"><img src=x onerror=window.__x=23>',
  "'><svg onload=window.__x=24>'",
  '王小明',
];
const SUBSIDY_ITEM = '临时救助<img src=x onerror=window.__x=25>';
const REASON = `金额有误 <script>window.__x=26</script> <img src=x onerror="window.__x=27">`;
const TYPE_NAME = '会议<svg onload=window.__x=28>'; // at most 32 characters
const MEMBER = '<svg onload=window.__x=29>张三';
const DECISION = `修水渠 <img src=x onerror="window.__x=30">`;
const RESULT = `已完工 ${CORPUS.join(' ')}`;

/** 王*明: the first and last characters kept (two characters: 王*), as the district's default. */
function masked(name) {
  const c = [...name];
  if (c.length <= 1) return '*';
  if (c.length === 2) return `${c[0]}*`;
  return c[0] + '*'.repeat(c.length - 2) + c[c.length - 1];
}

/** China's date, YYYY-MM-DD, `days` from today. */
function chinaDay(days = 0) {
  return new Date(Date.now() + 8 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

/** A resident ID number of 大观区 that passes the GB 11643 check. */
function idNumber(body17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, d, i) => s + Number(d) * w[i], 0);
  return body17 + '10X98765432'[sum % 11];
}

async function switchUser(page, context, user) {
  await context.clearCookies();
  await signIn(page, user);
}

/** Nothing ran and nothing runnable is on the page. */
async function inert(page, what, dialogs) {
  const found = await page.evaluate(() => ({
    ran: window.__x ?? null,
    scripts: document.querySelectorAll('script').length,
    handlers: [...document.querySelectorAll('*')]
      .flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName}.${a.name}`)),
    js: [...document.querySelectorAll('[href],[src]')]
      .map((e) => e.getAttribute('href') ?? e.getAttribute('src'))
      .filter((v) => v.trim().toLowerCase().startsWith('javascript:')),
  }));
  assert.deepEqual(found, { ran: null, scripts: 0, handlers: [], js: [] }, `${what} is not inert`);
  assert.deepEqual(dialogs, [], `${what} opened a dialog`);
}

/** No payload ran on a signed-in page (those carry the app's own script, so only that). */
async function ranNothing(page, what, dialogs) {
  assert.equal(await page.evaluate(() => window.__x ?? null), null, `a payload ran on ${what}`);
  assert.deepEqual(dialogs, [], `${what} opened a dialog`);
}

/** The page shows each of `texts` as text. */
async function shows(page, what, texts) {
  const body = await page.locator('body').innerText();
  for (const t of texts) assert.ok(body.includes(t), `${what} does not show ${JSON.stringify(t)}`);
}

/** The signed-in user's CSRF token, for JSON API writes with the session cookie. */
async function csrfToken(page) {
  await page.goto('/');
  const token = await page.locator('input[name=_csrf]').first().getAttribute('value');
  assert.ok(token, 'a CSRF token on the start page');
  return token;
}

async function api(page, token, method, url, data) {
  const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': token } });
  const text = await res.text();
  assert.ok(res.ok(), `${method} ${url}: HTTP ${res.status()} ${text}`);
  return JSON.parse(text);
}

/** A new disclosure item of 保婴村 through the form; returns its page's path. */
async function newItem(page, { kind, period, title, rows, text }) {
  await page.goto('/disclosure/new');
  const form = page.locator('form[data-testid=new-item-form]');
  await form.locator('select[name=region_code]').selectOption(BAOYING_CODE);
  await form.locator('select[name=kind]').selectOption(kind);
  await form.locator('input[name=period]').fill(period);
  await form.locator('input[name=title]').fill(title);
  if (rows) await form.locator('textarea[name=rows]').fill(rows);
  if (text) await form.locator('textarea[name=text]').fill(text);
  await form.locator('button[type=submit]').click();
  await page.waitForURL((url) => /^\/disclosure\/items\/[^/]+$/.test(url.pathname));
  return new URL(page.url()).pathname;
}

/** Takes the item's `step` (submit, approve, publish) with its button. */
async function step(page, itemPath, name, dialogs) {
  await page.goto(itemPath);
  await page.locator(`[data-testid=step-${name}]`).click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('[data-testid=error]').count(), 0, `${name} ${itemPath}`);
  await ranNothing(page, itemPath, dialogs);
}

const idOf = (itemPath) => itemPath.split('/').pop();

/**
 * A JSON answer carries `texts` within its strings, is never taken for HTML (its type and
 * nosniff), and, unless it is a download (bundle.json is an attachment), runs nothing when
 * opened in the browser.
 */
async function json(page, path, texts, dialogs) {
  const res = await page.request.get(path);
  assert.equal(res.status(), 200, path);
  const headers = res.headers();
  assert.match(headers['content-type'] || '', /^application\/json/, path);
  assert.equal(headers['x-content-type-options'], 'nosniff', path);
  // Every string value, and those of JSON held as text (a bundle's canonical snapshot).
  const strings = [];
  const collect = (v) => {
    if (typeof v === 'string') {
      strings.push(v);
      if (/^[[{]/.test(v)) {
        try {
          collect(JSON.parse(v));
        } catch {
          // text that only looks like JSON
        }
      }
    } else if (v && typeof v === 'object') {
      Object.values(v).forEach(collect);
    }
  };
  collect(await res.json());
  for (const t of texts) assert.ok(strings.some((x) => x.includes(t)), `${path} does not carry ${JSON.stringify(t)}`);
  if (!/attachment/.test(headers['content-disposition'] || '')) {
    await page.goto(path);
    await inert(page, path, dialogs);
  }
}

smoke('script payloads in feedback, news, meetings, subsidy lists and team names come out inert on every public page', async (page, context) => {
  await page.setViewportSize(PHONE);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const today = chinaDay();
  const month = today.slice(0, 7);

  // A villager writes, signed in as nobody.
  await page.goto(`/public/r/${BAOYING_CODE}/feedback`);
  const fb = page.locator('form[data-testid=feedback-form]');
  await fb.locator('textarea[name=text]').fill(LONG);
  await fb.locator('input[name=name]').fill(SHORT);
  await fb.locator('button[type=submit]').click();
  const ref = (await page.locator('[data-testid=ref]').innerText()).trim();
  assert.ok(ref.length > 0);

  // The district asks the town to approve village affairs and adds a meeting type.
  await signIn(page, 'admin');
  await page.goto('/disclosure/schedules');
  await page.locator('details:has(form[data-testid=schedule-affairs]) > summary').click();
  const affairs = page.locator('form[data-testid=schedule-affairs]');
  await affairs.locator('input[name=needs_approval]').check();
  await affairs.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  let token = await csrfToken(page);
  await api(page, token, 'POST', '/api/v1/meeting-types', { code: 'xss_meeting', name_zh: TYPE_NAME, name_en: TYPE_NAME });

  // The village's cadre: news, a committee member, a meeting with a decision carried out,
  // and four disclosures of the month.
  await switchUser(page, context, 'baoying');
  await page.goto('/news');
  await page.locator('details:has(form[data-testid=news-new]) > summary').click();
  const news = page.locator('form[data-testid=news-new]');
  await news.locator('input[name=title]').fill(`动态 ${SHORT}`);
  await news.locator('textarea[name=body]').fill(LONG);
  await news.locator('button[type=submit]').click();
  await page.locator('[data-testid=submit]').click();
  await page.waitForLoadState('load');
  const newsPath = new URL(page.url()).pathname;

  token = await csrfToken(page);
  const person = await api(page, token, 'POST', '/api/v1/people', {
    region_code: BAOYING_CODE,
    name: MEMBER,
    id_number: idNumber('34080319850317971'),
    political_status: 'party_member',
  });
  await api(page, token, 'POST', '/api/v1/posts', {
    person_id: person.id,
    region_code: BAOYING_CODE,
    post: 'committee_member',
    starts_on: `${month}-01`,
  });
  const meeting = await api(page, token, 'POST', '/api/v1/meetings', {
    type_code: 'xss_meeting',
    region_code: BAOYING_CODE,
    date: today,
    start_time: '09:00',
    place: `村委会 ${SHORT}`,
    chair: SHORT,
    agenda: LONG,
    minutes_html: LONG,
    attendees: [{ name: SHORT, status: 'present' }],
    decisions: [{ title: DECISION, description: LONG, owner_name: '王明', deadline: chinaDay(10) }],
  });
  assert.equal(meeting.decisions.length, 1);
  const decision = meeting.decisions[0].id;
  await api(page, token, 'POST', `/api/v1/problems/${decision}/transition`, { action: 'start' });
  await api(page, token, 'POST', `/api/v1/problems/${decision}/transition`, { action: 'finish', result: RESULT, evidence: SHORT });

  const meetingsItem = await newItem(page, { kind: 'meeting_decisions', period: month, title: `会议决议 ${SHORT}` });
  const rows = NAMES.map((n, i) => `${n}，${SUBSIDY_ITEM}，${100 * (i + 1)}`).join('\n');
  const subsidyItem = await newItem(page, { kind: 'subsidy_list', period: month, title: `补贴名单 ${SHORT}`, rows });
  const partyItem = await newItem(page, { kind: 'party_period', period: month, title: `党务 ${SHORT}` });
  const otherItem = await newItem(page, { kind: 'other', period: month, title: `其他 ${SHORT}`, text: LONG });
  for (const item of [meetingsItem, subsidyItem, otherItem]) await step(page, item, 'submit', dialogs);
  await step(page, partyItem, 'publish', dialogs);

  // The town accepts the feedback into the problem list and answers it in public, publishes
  // the news and approves the village's affairs.
  await switchUser(page, context, 'haikou');
  await page.goto('/feedback');
  await page.locator(`a:has-text("${ref}")`).first().click();
  const accept = page.locator('form[data-testid=accept-form]');
  await accept.locator('input[name=title]').fill(`问题 ${SHORT}`);
  await accept.locator('input[name=owner_name]').fill('王明');
  await accept.locator('input[name=deadline]').fill(chinaDay(10));
  await accept.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  const answer = page.locator('form[data-testid=answer-form]');
  await answer.locator('textarea[name=answer]').fill(`已处理。${CORPUS.join(' ')}`);
  await answer.locator('button[type=submit]').click();
  await page.locator('[data-testid=answer]').waitFor();
  await page.goto(newsPath);
  await page.locator('[data-testid=publish]').click();
  await page.waitForLoadState('load');
  for (const item of [meetingsItem, subsidyItem, otherItem]) await step(page, item, 'approve', dialogs);

  // The village publishes its affairs; the subsidy list is corrected with its reason.
  await switchUser(page, context, 'baoying');
  for (const item of [meetingsItem, subsidyItem, otherItem]) await step(page, item, 'publish', dialogs);
  await page.goto(subsidyItem);
  const correct = page.locator('form[data-testid=correct]');
  await correct.locator('textarea[name=reason]').fill(REASON);
  await correct.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  await page.locator('[data-testid=correcting]').waitFor();
  await page.locator('details:has(form[data-testid=edit]) > summary').click();
  const edit = page.locator('form[data-testid=edit]');
  await edit.locator('textarea[name=rows]').fill(rows.replace(/，100$/m, '，150'));
  await edit.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  await step(page, subsidyItem, 'submit', dialogs);

  // The district shows full names from now on, and approves the correction; the village
  // publishes it.
  await switchUser(page, context, 'admin');
  await page.goto('/disclosure/schedules');
  const rule = page.locator('form[data-testid=name-rule-form]');
  await rule.locator('select[name=name_rule]').selectOption('full');
  await rule.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  await step(page, subsidyItem, 'approve', dialogs);
  await switchUser(page, context, 'baoying');
  await step(page, subsidyItem, 'publish', dialogs);

  // A stranger reads everything public of the village, one level of links deep.
  await context.clearCookies();
  const start = `/public/r/${BAOYING_CODE}`;
  await page.goto(start);
  await inert(page, start, dialogs);
  await shows(page, start, ['已处理。', `会议决议 ${SHORT}`, `补贴名单 ${SHORT}`, `党务 ${SHORT}`, `其他 ${SHORT}`]);
  const links = await page.locator('a[href^="/public"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  assert.ok(links.length > 10, `links from the village page: ${links.length}`);
  // Pages only: ZIPs, bundles and QR images are downloads, not documents.
  for (const href of links.filter((h) => !/open-data|\.json$|\.svg$/.test(h))) {
    const res = await page.goto(href);
    if (!(res.headers()['content-type'] || '').startsWith('text/html')) continue;
    await inert(page, href, dialogs);
  }

  // Every version of the new disclosures: its page and print sheet show the payloads as
  // text; its bundle and the public API give them as JSON, which runs nothing either.
  const versions = [
    [meetingsItem, 1, [`会议决议 ${SHORT}`, TYPE_NAME, DECISION, RESULT, '路灯坏了 <script>window.__x=1</script>']],
    [subsidyItem, 1, [`补贴名单 ${SHORT}`, SUBSIDY_ITEM, ...NAMES.map(masked)]],
    [subsidyItem, 2, [REASON, SUBSIDY_ITEM, ...NAMES]],
    [partyItem, 1, [`党务 ${SHORT}`, MEMBER]],
    // Other matters' rich text is sanitised: its words stay, its markup does not.
    [otherItem, 1, [`其他 ${SHORT}`, '路灯坏了']],
  ];
  for (const [itemPath, v, texts] of versions) {
    const base = `/public/d/${idOf(itemPath)}/v/${v}`;
    for (const path of [base, `${base}/print`]) {
      await page.goto(path);
      await inert(page, path, dialogs);
      await shows(page, path, texts);
    }
    for (const path of [`${base}/bundle.json`, `/api/public/v1/disclosures/${idOf(itemPath)}/versions/${v}`]) {
      await json(page, path, texts, dialogs);
    }
  }
  // The current page of each item is its latest version.
  await page.goto(`/public/d/${idOf(subsidyItem)}`);
  await inert(page, 'the corrected list', dialogs);
  await shows(page, 'the corrected list', [REASON, ...NAMES]);
  await json(page, `/api/public/v1/regions/${BAOYING_CODE}/disclosures`, [`会议决议 ${SHORT}`, `补贴名单 ${SHORT}`, `党务 ${SHORT}`], dialogs);
  // The year's open data is a download, never a document a browser would render.
  const zip = await page.request.get(`/public/r/${BAOYING_CODE}/open-data/${today.slice(0, 4)}`);
  assert.equal(zip.status(), 200);
  assert.match(zip.headers()['content-type'] || '', /^application\/zip/);
  assert.equal(zip.headers()['x-content-type-options'], 'nosniff');
});
