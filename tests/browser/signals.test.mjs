// Storage withdrawal and configs that follow the page, in the real Chromium: a declared
// localStorage entry of Marketing (the example's `ad_profile`) is gone after "Reject all" and
// on the next page load of a visitor who refused, with the built-in banner and with each
// generated config (the real npm packages); both configs speak German on a German page; Klaro's
// first layer has a title and the policy link, and "Reject all" as prominent as "Accept all".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, visitor, SITE } from './browser.mjs';

const require = createRequire(import.meta.url);
const vendor = {
  '/__vendor/cookieconsent.umd.js': require.resolve('vanilla-cookieconsent/dist/cookieconsent.umd.js'),
  '/__vendor/cookieconsent.css': require.resolve('vanilla-cookieconsent/dist/cookieconsent.css'),
  '/__vendor/klaro.js': require.resolve('klaro/dist/klaro.js'),
};

// hideFromBots: cookieconsent takes Playwright's Chromium (navigator.webdriver) for a crawler.
const cookieconsentPage = (lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<title>cookieconsent</title><link rel="stylesheet" href="/__vendor/cookieconsent.css">
<script src="/__vendor/cookieconsent.umd.js"></script>
<script type="module">
  import config from "/cookieconsent-config.js";
  await CookieConsent.run({ ...config, hideFromBots: false });
  window.bannerReady = true;
</script></head><body><h1>Shop</h1></body></html>`;

const klaroPage = (lang) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<title>Klaro</title><script src="/__vendor/klaro.js"></script>
<script type="module">
  import config from "/klaro-config.js";
  klaro.setup(config);
  window.bannerReady = true;
</script></head><body><h1>Shop</h1></body></html>`;

const PAGES = {
  '/__signals/cookieconsent': cookieconsentPage('en'),
  '/__signals/cookieconsent-de': cookieconsentPage('de'),
  '/__signals/klaro': klaroPage('en'),
  '/__signals/klaro-de': klaroPage('de'),
};

const KEY = 'ad_profile';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function open() {
  const v = await visitor(browser);
  await v.context.route((url) => url.origin === new URL(SITE).origin
    && (url.pathname in vendor || url.pathname in PAGES), async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path in PAGES) {
      await route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGES[path] });
    } else {
      await route.fulfill({ path: vendor[path] });
    }
  });
  return v;
}

/** What a Marketing script would have written before the visitor refused. */
const plant = (page) => page.evaluate((key) => {
  localStorage.setItem(key, 'interests=shoes');
  localStorage.setItem('unrelated', 'kept');
}, KEY);
const stored = (page) => page.evaluate((key) => localStorage.getItem(key), KEY);
const unrelated = (page) => page.evaluate(() => localStorage.getItem('unrelated'));

test('built-in banner: Reject all removes the Marketing entry, and the next page load too', async () => {
  const { context, page, errors } = await open();
  await page.goto(SITE + '/');
  await plant(page);
  const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent'
    && r.request().method() === 'POST');
  await page.locator('[data-cr-banner] button[value="necessary"]').click();
  await posted;
  await page.locator('[data-cr-banner]').waitFor({ state: 'detached' });
  assert.equal(await stored(page), null, "banner.js removed it after the choice");
  assert.equal(await unrelated(page), 'kept', 'an undeclared entry is not the banner\'s to remove');

  // A script wrote it again; the server's first-paint script removes it on the next load.
  await plant(page);
  await page.goto(SITE + '/cookies');
  assert.equal(await stored(page), null, 'the first-paint script removed it');

  // A visitor who accepts keeps it: the removal follows consent, not every key.
  await page.locator('.cr-settings button[value="all"]').click();
  await page.waitForFunction(() => document.querySelector('.cr-settings [data-cr-status]').textContent !== '');
  await plant(page);
  await page.goto(SITE + '/');
  assert.equal(await stored(page), 'interests=shoes');
  assert.deepEqual(errors, []);
  await context.close();
});

test('cookieconsent config: Reject all removes the Marketing entry, and the next page load too', async () => {
  const { context, page, errors } = await open();
  await page.goto(SITE + '/__signals/cookieconsent');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('#cc-main .cm').waitFor({ state: 'visible' });
  await plant(page);
  await page.locator('#cc-main .cm [data-role="necessary"]').click();
  await page.waitForFunction((key) => localStorage.getItem(key) === null, KEY);
  assert.equal(await unrelated(page), 'kept');
  await plant(page);
  await page.reload();
  await page.waitForFunction(() => window.bannerReady === true);
  assert.equal(await stored(page), null, 'onConsent removed it on the next load');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Klaro config: Reject all removes the Marketing entry, and the next page load too', async () => {
  const { context, page, errors } = await open();
  await page.goto(SITE + '/__signals/klaro');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('.klaro .cookie-notice').waitFor({ state: 'visible' });
  await plant(page);
  await page.locator('.klaro .cookie-notice .cn-decline').click();
  await page.waitForFunction((key) => localStorage.getItem(key) === null, KEY);
  assert.equal(await unrelated(page), 'kept');
  await plant(page);
  await page.reload();
  await page.waitForFunction(() => window.bannerReady === true);
  await page.waitForFunction((key) => localStorage.getItem(key) === null, KEY);
  assert.deepEqual(errors, []);
  await context.close();
});

test('both configs show German on a <html lang="de"> page', async () => {
  const { context, page, errors } = await open();
  await page.goto(SITE + '/__signals/cookieconsent-de');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('#cc-main .cm').waitFor({ state: 'visible' });
  assert.equal((await page.locator('#cc-main .cm__title').textContent()).trim(), 'Cookies auf dieser Website');
  assert.equal((await page.locator('#cc-main .cm [data-role="necessary"]').textContent()).trim(), 'Alle ablehnen');

  await page.goto(SITE + '/__signals/klaro-de');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('.klaro .cookie-notice').waitFor({ state: 'visible' });
  assert.equal((await page.locator('.klaro .cookie-notice h2').textContent()).trim(), 'Cookies auf dieser Website');
  assert.equal((await page.locator('.klaro .cookie-notice .cn-decline').textContent()).trim(), 'Alle ablehnen');

  // An English page stays English: the language follows the page.
  await page.goto(SITE + '/__signals/klaro');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('.klaro .cookie-notice').waitFor({ state: 'visible' });
  assert.equal((await page.locator('.klaro .cookie-notice h2').textContent()).trim(), 'Cookies on this site');
  assert.deepEqual(errors, []);
  await context.close();
});

test("Klaro's first layer: a title, the policy link, and Reject all as prominent as Accept all", async () => {
  const { context, page, errors } = await open();
  await page.goto(SITE + '/__signals/klaro');
  await page.waitForFunction(() => window.bannerReady === true);
  const notice = page.locator('.klaro .cookie-notice');
  await notice.waitFor({ state: 'visible' });
  const link = notice.locator('a[href="/cookies"]');
  assert.equal(await link.isVisible(), true);
  assert.equal((await link.textContent()).trim(), 'Cookie policy');
  assert.equal(await notice.locator('h2').isVisible(), true);
  const look = (selector) => notice.locator(selector).evaluate((button) => {
    const style = getComputedStyle(button);
    return [style.backgroundColor, style.color, style.fontWeight, style.fontSize];
  });
  assert.deepEqual(await look('.cn-decline'), await look('.cm-btn-success'));
  assert.deepEqual(errors, []);
  await context.close();
});
