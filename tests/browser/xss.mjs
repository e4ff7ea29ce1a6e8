// Hostile text on the public side (issue 15): a villager's feedback, its accepted problem and
// public answer, and a news item's title and text all carry a corpus of script payloads. Every
// public page of 保婴村 and one level of links from it is then loaded in headless Chromium:
// none runs anything (no dialog, no `window.__x`), and no page holds a script element, an
// inline handler or a `javascript:` link.
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

smoke('script payloads in feedback, answers and news come out inert on every public page', async (page, context) => {
  await page.setViewportSize(PHONE);
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });

  // A villager writes, signed in as nobody.
  await page.goto(`/public/r/${BAOYING_CODE}/feedback`);
  const fb = page.locator('form[data-testid=feedback-form]');
  await fb.locator('textarea[name=text]').fill(LONG);
  await fb.locator('input[name=name]').fill(SHORT);
  await fb.locator('button[type=submit]').click();
  const ref = (await page.locator('[data-testid=ref]').innerText()).trim();
  assert.ok(ref.length > 0);

  // The town accepts it into the problem list and answers it in public.
  await signIn(page, 'haikou');
  await page.goto('/feedback');
  await page.locator(`a:has-text("${ref}")`).first().click();
  const accept = page.locator('form[data-testid=accept-form]');
  await accept.locator('input[name=title]').fill(`问题 ${SHORT}`);
  await accept.locator('input[name=owner_name]').fill('王明');
  const deadline = new Date(Date.now() + 10 * 86400 * 1000).toISOString().slice(0, 10);
  await accept.locator('input[name=deadline]').fill(deadline);
  await accept.locator('button[type=submit]').click();
  await page.waitForLoadState('load');
  const answer = page.locator('form[data-testid=answer-form]');
  await answer.locator('textarea[name=answer]').fill(`已处理。${CORPUS.join(' ')}`);
  await answer.locator('button[type=submit]').click();
  await page.locator('[data-testid=answer]').waitFor();

  // The village's cadre writes news; the town publishes it.
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
  await switchUser(page, context, 'haikou');
  await page.goto(newsPath);
  await page.locator('[data-testid=publish]').click();
  await page.waitForLoadState('load');

  // A stranger reads everything public of the village, one level of links deep.
  await context.clearCookies();
  const start = `/public/r/${BAOYING_CODE}`;
  await page.goto(start);
  await inert(page, start, dialogs);
  const body = await page.locator('body').innerText();
  assert.ok(body.includes('已处理。'), 'the answer is on the village page');
  const links = await page.locator('a[href^="/public"]').evaluateAll((as) => [...new Set(as.map((a) => a.getAttribute('href')))]);
  assert.ok(links.length > 10, `links from the village page: ${links.length}`);
  // Pages only: ZIPs, bundles and QR images are downloads, not documents.
  for (const href of links.filter((h) => !/open-data|\.json$|\.svg$/.test(h))) {
    const res = await page.goto(href);
    if (!(res.headers()['content-type'] || '').startsWith('text/html')) continue;
    await inert(page, href, dialogs);
  }
});
