// Phone-first: every page of the demo, for every role, fits a phone screen.
//
//   node tests/browser/phone.mjs
//
// Each demo account signs in on a 390 px wide screen and follows every link it can see
// (same site, pages only: no downloads, no sign-out, no API), one page per route shape
// (ids and region codes count as one), and checks that no page scrolls sideways as a whole
// (`document.documentElement.scrollWidth` at most the screen width) at 390 px and 360 px.
// The first screen of each page at both widths is kept in target/browser/phone/<account>/.
// The start page's first shortcut to the day's work (a voucher, a meeting) is on the first screen.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { smoke, signIn, SHOTS_DIR } from './harness.mjs';

const WIDTHS = [390, 360];
const HEIGHT = 800;
const MAX_PAGES = Number(process.env.PHONE_MAX_PAGES || 120);
const ACCOUNTS = ['admin', 'leader', 'haikou', 'baoying', 'shuji'];

/** Links that are not pages a person reads: files, signing out, the API, static files. */
function isPage(url, origin) {
  if (url.origin !== origin) return false;
  const p = url.pathname;
  if (p === '/logout' || p.startsWith('/api/') || p.startsWith('/static/')) return false;
  if (/\.(xlsx|csv|ics|pdf|png|jpg|zip|json)$/.test(p)) return false;
  if (/(^|\/)(export|template|download|files?|attachments?)(\/|$)/.test(p)) return false;
  if (url.searchParams.has('format')) return false;
  return true;
}

/** One page per route shape: ids, region codes and numbers are one segment. */
function shape(url) {
  const segs = url.pathname
    .split('/')
    .map((s) => (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(s) || /^\d+$/.test(s) ? ':id' : s));
  return segs.join('/');
}

/**
 * In the page: the element that breaks out of the screen — the first one (in document order)
 * reaching past the right edge while its parent does not, outside any box that scrolls or
 * clips it — as a short selector trail.
 */
function widest(width) {
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  let found = null;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 0.5 || r.width === 0 || clipped(el)) continue;
    const parent = el.parentElement;
    if (parent === document.body || parent.getBoundingClientRect().right <= width + 0.5) {
      found = el;
      break;
    }
  }
  if (!found) {
    // Nothing breaks out in layout: name what reaches past the edge all the same.
    const past = [...document.body.querySelectorAll('*')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    return past.length ? `past the edge: ${past.slice(-3).map((el) => el.tagName.toLowerCase() + (el.className ? `.${el.className}` : '')).join(', ')}` : 'no element';
  }
  const name = (el) =>
    el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + [...el.classList].map((c) => `.${c}`).join('');
  const trail = [];
  for (let el = found; el && el !== document.body && trail.length < 4; el = el.parentElement) trail.unshift(name(el));
  return `${trail.join(' > ')}: right edge ${Math.round(found.getBoundingClientRect().right)} px`;
}

const slug = (u) => (u.pathname + u.search).replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'start';

for (const account of ACCOUNTS) {
  smoke(`every page fits a phone screen for ${account}`, async (page) => {
    await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
    await signIn(page, account);
    const origin = new URL(page.url()).origin;
    const dir = path.join(SHOTS_DIR, 'phone', account);
    fs.rmSync(dir, { recursive: true, force: true }); // only this run's pages
    fs.mkdirSync(dir, { recursive: true });

    // The day's work is one tap away: the start page's first shortcut is on the first screen.
    const first = page.locator('[data-testid="quick-actions"] a').first();
    const box = await first.boundingBox();
    assert.ok(box && box.y + box.height <= HEIGHT, `the start page's first shortcut is not on the first screen for ${account}: ${JSON.stringify(box)}`);

    const seen = new Set();
    const queue = [new URL('/', origin)];
    const wide = [];
    const broken = [];
    const from = new Map(); // where each queued link was found
    let visited = 0;
    while (queue.length && visited < MAX_PAGES) {
      const url = queue.shift();
      const key = shape(url);
      if (seen.has(key)) continue;
      seen.add(key);
      let res;
      try {
        res = await page.goto(url.href);
      } catch (err) {
        if (/Download is starting/.test(err.message)) continue; // a file behind a plain link
        throw err;
      }
      if (res && res.status() >= 400) broken.push(`${url.pathname}${url.search}: HTTP ${res.status()} (linked from ${from.get(url.href) || '?'})`);
      if (!res || !(res.headers()['content-type'] || '').includes('text/html')) continue;
      visited += 1;
      const here = new URL(page.url());
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: HEIGHT });
        const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scrollWidth > width) {
          const culprit = await page.evaluate(widest, width);
          wide.push(`${here.pathname}${here.search} at ${width} px: scrollWidth ${scrollWidth} (${culprit})`);
        }
        await page.screenshot({ path: path.join(dir, `${slug(here)}-${width}.png`) });
      }
      await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
      const hrefs = await page.$$eval('a[href]:not([download])', (as) => as.map((a) => a.href));
      for (const href of hrefs) {
        let next;
        try {
          next = new URL(href);
        } catch {
          continue;
        }
        next.hash = '';
        if (isPage(next, origin) && !seen.has(shape(next))) {
          if (!from.has(next.href)) from.set(next.href, here.pathname);
          queue.push(next);
        }
      }
    }
    assert.ok(visited >= 5, `only ${visited} pages reached for ${account}`);
    assert.ok(!broken.length, `links to pages that fail for ${account}:\n  ${broken.join('\n  ')}`);
    assert.ok(!wide.length, `pages wider than the phone for ${account} (${visited} pages visited):\n  ${wide.join('\n  ')}`);
  });
}

smoke('the compliance board opens on the current months on a phone', async (page) => {
  await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
  await signIn(page, 'baoying');
  await page.goto('/mechanism/board');
  const wrap = page.locator('.table-wrap:has(table.board)').first();
  await wrap.waitFor();
  const seen = await wrap.evaluate((w) => {
    const cells = w.querySelectorAll('td[data-status]');
    const target = w.querySelector('td[data-status="pending"]') || cells[cells.length - 1];
    const box = w.getBoundingClientRect();
    const cell = target.getBoundingClientRect();
    const region = w.querySelector('tbody th').getBoundingClientRect();
    return {
      scrolled: w.scrollLeft,
      wide: w.scrollWidth > w.clientWidth,
      period: target.dataset.period,
      visible: cell.left >= region.right - 1 && cell.right <= box.right + 1,
      regionFixed: region.left >= box.left - 1,
    };
  });
  assert.ok(seen.wide, 'the board fits the phone: nothing to scroll');
  assert.ok(seen.scrolled > 0 && seen.visible, `the current period ${seen.period} is not in view: ${JSON.stringify(seen)}`);
  assert.ok(seen.regionFixed, 'the region column scrolled away');
});
