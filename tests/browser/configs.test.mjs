// The generated cookieconsent v3 and Klaro configs, loaded from the real npm packages on a page
// of the example site's origin: every declared cookie listed under its category, and a choice
// made in the banner reaching the server's consent cookie.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, visitor, jar, SITE, screenshot } from './browser.mjs';

const require = createRequire(import.meta.url);
const vendor = {
  '/__vendor/cookieconsent.umd.js': require.resolve('vanilla-cookieconsent/dist/cookieconsent.umd.js'),
  '/__vendor/cookieconsent.css': require.resolve('vanilla-cookieconsent/dist/cookieconsent.css'),
  '/__vendor/klaro.js': require.resolve('klaro/dist/klaro.js'),
};

// The registry's cookies by category, as the example declares them.
const DECLARED = {
  necessary: ['sid', 'cookie_consent', 'cc_cookie', 'klaro'],
  preferences: ['theme'],
  statistics: ['_ga', '_ga_*'],
  marketing: ['_fbp', 'ad_profile'],
};

const PAGES = {
  // hideFromBots: Playwright's Chromium reports navigator.webdriver, which cookieconsent
  // takes for a crawler and then does not start at all.
  '/__test/cookieconsent': `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>cookieconsent</title><link rel="stylesheet" href="/__vendor/cookieconsent.css">
<script src="/__vendor/cookieconsent.umd.js"></script>
<script type="module">
  import config from "/cookieconsent-config.js";
  await CookieConsent.run({ ...config, hideFromBots: false });
  window.bannerReady = true;
</script></head><body><h1>Shop</h1></body></html>`,
  '/__test/klaro': `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Klaro</title><script src="/__vendor/klaro.js"></script>
<script type="module">
  import config from "/klaro-config.js";
  klaro.setup(config);
  window.bannerReady = true;
</script></head><body><h1>Shop</h1></body></html>`,
};

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A visitor whose browser serves the test pages and the npm packages on the site's origin. */
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
  v.posts = [];
  v.page.on('request', (request) => {
    if (request.method() === 'POST') v.posts.push(new URL(request.url()).pathname);
  });
  return v;
}

async function serverState(context) {
  return (await context.request.get(SITE + '/consent')).json();
}

/**
 * Clicks the banner's save button with Statistics ticked, and checks the choice reached the
 * server: the post, the server's state, and the cookies the next page sets.
 */
async function saveStatisticsOnly(page, context, save) {
  const posted = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent'
    && r.request().method() === 'POST');
  await save.click();
  const response = await posted;
  assert.equal(response.status(), 200);
  assert.equal(response.request().postData(), 'choice=custom&category=statistics');
  const state = await serverState(context);
  assert.deepEqual(state.granted, ['necessary', 'statistics']);
  assert.equal(state.decided, true);
  // The server's consent cookie now lets the statistics cookies through, and not Marketing.
  await page.goto(SITE + '/');
  assert.deepEqual(await jar(context), ['_ga', '_ga_DEMO42', 'cookie_consent', 'sid']);
}

test('cookieconsent v3: every cookie under its category, Statistics reaches the server', async () => {
  const { context, page, errors, posts } = await open();
  await page.goto(SITE + '/__test/cookieconsent');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('#cc-main .cm').waitFor({ state: 'visible' });
  await page.waitForTimeout(600); // the modal fades in
  await screenshot(page, 'cookieconsent');
  // lazyHtmlGeneration: the preferences modal exists only once asked for.
  await page.locator('#cc-main .cm [data-role="show"]').click();
  await page.locator('#cc-main .pm').waitFor({ state: 'visible' });
  const listed = await page.evaluate(() => {
    const byCategory = {};
    for (const section of document.querySelectorAll('#cc-main .pm__section--toggle')) {
      const category = section.querySelector('input.section__toggle').value;
      byCategory[category] = [...section.querySelectorAll('td[data-column="Cookie name(s)"]')]
        .map((cell) => cell.textContent.trim());
    }
    return byCategory;
  });
  assert.deepEqual(listed, DECLARED);
  const necessary = page.locator('#cc-main input.section__toggle[value="necessary"]');
  assert.equal(await necessary.isDisabled(), true);
  assert.equal(await necessary.isChecked(), true);
  assert.deepEqual(posts, [], 'nothing is posted before the visitor decides');

  // Accept Statistics only: its toggle, then "Save my choices".
  await page.locator('#cc-main .pm__section--toggle:has(input[value="statistics"]) .section__toggle-wrapper').click();
  await saveStatisticsOnly(page, context, page.locator('#cc-main .pm [data-role="save"]'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Klaro: every cookie under its purpose, Statistics reaches the server', async () => {
  const { context, page, errors, posts } = await open();
  await page.goto(SITE + '/__test/klaro');
  await page.waitForFunction(() => window.bannerReady === true);
  await page.locator('.klaro .cookie-notice').waitFor({ state: 'visible' });
  await screenshot(page, 'klaro');
  await page.locator('.klaro .cn-learn-more').click();
  await page.locator('.klaro .cookie-modal').waitFor({ state: 'visible' });
  // groupByPurpose: one purpose item per category, its services (and their cookie lists,
  // in the service descriptions) inside.
  const listed = await page.evaluate(() => {
    const byCategory = {};
    for (const purpose of document.querySelectorAll('.klaro .cookie-modal li.cm-purpose')) {
      const input = purpose.querySelector('input[id^="purpose-item-"]');
      if (!input) continue;
      const category = input.id.replace(/^purpose-item-/, '');
      if (category === 'disableAll') continue; // Klaro's own "enable or disable all" switch
      byCategory[category] = purpose.textContent;
    }
    return byCategory;
  });
  assert.deepEqual(Object.keys(listed).sort(), Object.keys(DECLARED).sort());
  for (const [category, names] of Object.entries(DECLARED)) {
    for (const name of names) {
      assert.ok(listed[category].includes(`${name} (`), `${name} under ${category}: ${listed[category]}`);
    }
  }
  assert.deepEqual(posts, []);

  await page.locator('.klaro .cookie-modal label[for="purpose-item-statistics"]').click();
  await saveStatisticsOnly(page, context, page.locator('.klaro .cookie-modal .cm-btn-accept'));
  assert.deepEqual(errors, []);
  await context.close();
});
