// The built-in banner of the example site in a real Chromium, with JavaScript on (the optional
// script submits with fetch) and off (plain form posts): what the visitor's cookie jar holds.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { launch, visitor, jar, SITE, ATTACKER, screenshot } from './browser.mjs';

const NECESSARY = ['cookie_consent', 'sid'];
const EVERYTHING = ['_fbp', '_ga', '_ga_DEMO42', 'cookie_consent', 'sid', 'theme'];
const STATISTICS = ['_ga', '_ga_DEMO42', 'cookie_consent', 'sid'];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const banner = (page) => page.locator('[role="dialog"][aria-labelledby="cr-banner-title"]');
const inBanner = (page, value) => banner(page).locator(`button[name="choice"][value="${value}"]`);

/** The server's view of the visitor's consent: GET /consent with the context's cookies. */
async function serverState(context) {
  const response = await context.request.get(SITE + '/consent');
  assert.equal(response.status(), 200);
  return response.json();
}

/** The `gtag('consent', ...)` calls the page made, in order, as [command, signals]. */
async function consentCalls(page) {
  return page.evaluate(() => (window.dataLayer || [])
    .filter((entry) => entry[0] === 'consent')
    .map((entry) => [entry[1], entry[2]]));
}

/** The object of the `gtag('consent', 'default', {...})` call in the page's <head>, as served. */
async function defaultObject(page) {
  const text = await page.locator('head script:not([src])').first().textContent();
  const match = text.match(/gtag\('consent','default',(\{.*?\})\);/);
  assert.ok(match, text);
  return JSON.parse(match[1]);
}

function signals(granted) {
  const s = (c) => (granted.includes(c) ? 'granted' : 'denied');
  return {
    ad_storage: s('marketing'), ad_user_data: s('marketing'), ad_personalization: s('marketing'),
    analytics_storage: s('statistics'), functionality_storage: s('preferences'),
    personalization_storage: s('preferences'), security_storage: 'granted',
  };
}

/**
 * Clicks a consent button and waits until the choice has landed: with JavaScript, the fetch
 * answer (a withdrawal also reloads the page); without, the redirect's page load.
 */
async function choose(page, button, js, { withdraws = false } = {}) {
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent'
    && r.request().method() === 'POST');
  // Without JavaScript the post navigates, and with it a withdrawal reloads the page: wait
  // for that load, not the current one.
  const loaded = !js || withdraws ? page.waitForEvent('load') : null;
  await button.click();
  const response = await answered;
  if (js) {
    assert.equal(response.status(), 200);
    assert.match(response.headers()['content-type'], /json/);
  } else {
    assert.equal(response.status(), 303);
  }
  await loaded;
  return response;
}

for (const js of [true, false]) {
  describe(js ? 'with JavaScript' : 'without JavaScript', () => {
    const open = (options = {}) => visitor(browser, { javaScriptEnabled: js, ...options });

    test('a fresh visitor sees the banner and gets only Necessary cookies', async () => {
      const { context, page, errors } = await open();
      const response = await page.goto(SITE + '/');
      assert.equal(response.status(), 200);
      assert.ok(response.headers()['content-security-policy'].includes("style-src 'self'"));
      await assert.doesNotReject(banner(page).waitFor({ state: 'visible' }));
      assert.equal(await banner(page).getAttribute('aria-modal'), 'false');
      assert.equal(await page.locator('#cr-banner-title').textContent(), 'Cookies on this site');
      // What a screen reader announces: the dialog by its heading, each box by its label.
      const dialog = page.getByRole('dialog', { name: 'Cookies on this site' });
      assert.equal(await dialog.count(), 1);
      for (const name of ['Accept all', 'Reject all', 'Save my choices']) {
        assert.equal(await dialog.getByRole('button', { name, includeHidden: true }).count(), 1, name);
      }
      for (const name of ['Preferences', 'Statistics', 'Marketing']) {
        const box = dialog.getByRole('checkbox', { name, exact: true, includeHidden: true });
        assert.equal(await box.getAttribute('value'), name.toLowerCase());
      }
      const necessary = dialog.getByRole('checkbox', { name: /^Strictly necessary/, includeHidden: true });
      assert.equal(await necessary.isDisabled(), true);
      assert.deepEqual(await jar(context), ['sid']);
      // The statistics script is inert: not fetched, not run.
      assert.equal(await page.locator('html').getAttribute('data-stats-loaded'), null);
      assert.deepEqual(await defaultObject(page), signals([]));
      if (js) {
        assert.deepEqual(await consentCalls(page), [['default', signals([])]]);
        await screenshot(page, 'banner');
        await page.setViewportSize({ width: 1024, height: 1180 });
        await page.locator('.cr-customize-toggle').click();
        await banner(page).locator('.cr-details summary').nth(2).click(); // Statistics' cookies
        await screenshot(page, 'banner-choices');
      }
      assert.deepEqual(await serverState(context), {
        decided: false, needs_prompt: true, granted: ['necessary'], stale: [],
      });
      assert.deepEqual(errors, [], 'no console error (a CSP violation would be one)');
      await context.close();
    });

    test('keyboard alone: Tab reaches every control, Enter and Space work', async () => {
      const { context, page, errors } = await open();
      await page.goto(SITE + '/');
      const focused = () => page.evaluate(() => {
        const e = document.activeElement;
        return e ? `${e.tagName.toLowerCase()}${e.name ? `[${e.name}=${e.value}]` : ''}:${(e.textContent || e.id).trim().slice(0, 24)}` : '';
      });
      /** Tabs until `predicate(focused)` or gives up after 60 steps; returns what was passed. */
      async function tabUntil(predicate) {
        const seen = [];
        for (let i = 0; i < 60; i += 1) {
          await page.keyboard.press('Tab');
          const now = await focused();
          seen.push(now);
          if (predicate(now)) return seen;
        }
        assert.fail(`never reached the control; tabbed through ${JSON.stringify(seen)}`);
      }
      let seen = await tabUntil((f) => f.startsWith('summary:Choose cookies'));
      assert.ok(seen.some((f) => f.startsWith('button[choice=all]')), JSON.stringify(seen));
      assert.ok(seen.some((f) => f.startsWith('button[choice=necessary]')), JSON.stringify(seen));
      await page.keyboard.press('Enter'); // opens the per-category choice
      seen = await tabUntil((f) => f.startsWith('input[category=statistics]'));
      assert.ok(seen.some((f) => f.startsWith('input[category=preferences]')), JSON.stringify(seen));
      await page.keyboard.press('Space');
      seen = await tabUntil((f) => f.startsWith('button[choice=custom]'));
      assert.ok(seen.some((f) => f.startsWith('input[category=marketing]')), JSON.stringify(seen));
      assert.ok(seen.some((f) => f.startsWith('summary:Cookies (2)')), JSON.stringify(seen)); // Marketing: _fbp, ad_profile
      const link = await tabUntil((f) => f.startsWith('a:Cookie policy'));
      assert.ok(link.length >= 1);
      await page.keyboard.press('Shift+Tab');
      assert.ok((await focused()).startsWith('button[choice=custom]'));
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent');
      const loaded = js ? null : page.waitForEvent('load');
      await page.keyboard.press('Enter');
      assert.equal((await answered).status(), js ? 200 : 303);
      await loaded;
      await page.goto(SITE + '/');
      assert.deepEqual(await jar(context), STATISTICS);
      assert.equal(await banner(page).count(), 0);
      assert.deepEqual(errors, []);
      await context.close();
    });

    for (const [label, value, tick, expected, granted] of [
      ['"Reject all"', 'necessary', [], NECESSARY, []],
      ['"Accept all"', 'all', [], EVERYTHING, ['preferences', 'statistics', 'marketing']],
      ['"Save my choices" with Statistics ticked', 'custom', ['statistics'], STATISTICS, ['statistics']],
    ]) {
      test(`${label}: the jar holds exactly the allowed cookies, the banner is gone`, async () => {
        const { context, page, errors } = await open();
        await page.goto(SITE + '/');
        if (tick.length > 0) await page.locator('.cr-customize-toggle').click();
        for (const category of tick) await banner(page).locator(`input[value="${category}"]`).check();
        await choose(page, inBanner(page, value), js);
        if (js) {
          // Without a reload: the banner goes (once the script has read the answer), and
          // granted gated scripts run.
          await banner(page).waitFor({ state: 'detached' });
          if (granted.includes('statistics')) {
            await page.waitForFunction(() => document.documentElement.dataset.statsLoaded === 'yes');
          } else {
            assert.equal(await page.locator('html').getAttribute('data-stats-loaded'), null);
          }
          const calls = await consentCalls(page);
          assert.deepEqual(calls.at(-1), ['update', signals(granted)]);
        }
        await page.goto(SITE + '/');
        assert.deepEqual(await jar(context), expected);
        assert.equal(await banner(page).count(), 0);
        // The server renders the statistics script live once Statistics is granted.
        const live = granted.includes('statistics');
        const stats = page.locator('head script[data-cookie-category="statistics"]');
        assert.equal(await stats.getAttribute('type'), live ? null : 'text/plain');
        assert.equal(await stats.getAttribute(live ? 'src' : 'data-src'), '/assets/stats.js');
        if (js) assert.equal(await page.locator('html').getAttribute('data-stats-loaded'), live ? 'yes' : null);
        assert.deepEqual(await defaultObject(page), signals(granted));
        if (js) assert.deepEqual(await consentCalls(page), [['default', signals(granted)]]);
        const state = await serverState(context);
        assert.deepEqual(state.granted, ['necessary', ...granted]);
        assert.equal(state.decided, true);
        assert.equal(state.needs_prompt, false);
        assert.deepEqual(errors, []);
        await context.close();
      });
    }

    test('withdrawal on /cookies removes the refused cookies from the jar', async () => {
      const { context, page, errors } = await open();
      await page.goto(SITE + '/');
      await choose(page, inBanner(page, 'all'), js);
      await page.goto(SITE + '/');
      assert.deepEqual(await jar(context), EVERYTHING);

      await page.goto(SITE + '/cookies');
      const settings = page.locator('section.cr-settings');
      assert.equal(await banner(page).count(), 0);
      for (const category of ['preferences', 'statistics', 'marketing']) {
        assert.equal(await settings.locator(`input[value="${category}"]`).isChecked(), true);
      }
      if (js) await screenshot(page, 'policy-page');
      // Withdraw Marketing only.
      await settings.locator('input[value="marketing"]').uncheck();
      await choose(page, settings.locator('button[value="custom"]'), js, { withdraws: true });
      assert.deepEqual(await jar(context), EVERYTHING.filter((n) => n !== '_fbp'));
      // Then everything.
      await choose(page, settings.locator('button[value="necessary"]'), js, { withdraws: true });
      assert.deepEqual(await jar(context), NECESSARY);
      await page.goto(SITE + '/');
      assert.deepEqual(await jar(context), NECESSARY);
      assert.equal(await page.locator('html').getAttribute('data-stats-loaded'), null);
      assert.deepEqual(errors, []);
      await context.close();
    });

    test('a page on another origin posting to /consent grants nothing', async () => {
      const { context, page } = await open();
      // The attacker's form: auto-submitted with JavaScript, clicked without.
      const target = page.waitForResponse((r) => r.url() === SITE + '/consent');
      if (js) {
        await page.goto(ATTACKER + '/auto');
      } else {
        await page.goto(ATTACKER + '/button');
        await page.locator('#go').click();
      }
      const response = await target;
      assert.deepEqual(await jar(context), [], 'the browser stored no consent cookie');
      assert.equal(response.status(), 403);
      await page.goto(SITE + '/');
      assert.deepEqual(await jar(context), ['sid']);
      await banner(page).waitFor({ state: 'visible' });
      assert.equal((await serverState(context)).decided, false);
      await context.close();
    });
  });
}

test('a grant made before a category\'s cookies changed: the banner asks again for it', async () => {
  const { context, page, errors } = await visitor(browser);
  // Statistics and Marketing granted under an older revision of the Statistics cookies.
  await context.addCookies([{ name: 'cookie_consent', value: process.env.STALE_CONSENT, url: SITE }]);
  await page.goto(SITE + '/');
  await banner(page).waitFor({ state: 'visible' });
  assert.equal(
    await banner(page).locator('.cr-stale').textContent(),
    'Our cookies have changed since you last chose. Please choose again for: Statistics.',
  );
  // The choice by category is open; Marketing still counts, Statistics waits.
  assert.equal(await banner(page).locator('details.cr-customize').getAttribute('open'), '');
  assert.equal(await banner(page).locator('input[value="marketing"]').isChecked(), true);
  assert.equal(await banner(page).locator('input[value="statistics"]').isChecked(), false);
  assert.deepEqual(await jar(context), ['_fbp', 'cookie_consent', 'sid']);
  const state = await serverState(context);
  assert.deepEqual(state.stale, ['statistics']);
  assert.equal(state.needs_prompt, true);

  await banner(page).locator('input[value="statistics"]').check();
  await choose(page, inBanner(page, 'custom'), true);
  await page.goto(SITE + '/');
  assert.equal(await banner(page).count(), 0);
  assert.deepEqual(await jar(context), ['_fbp', '_ga', '_ga_DEMO42', 'cookie_consent', 'sid']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the banner and the policy speak the language chosen or asked for', async () => {
  const { context, page, errors } = await visitor(browser, { locale: 'sv-SE' });
  // Accept-Language: sv-SE.
  await page.goto(SITE + '/');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.equal(await page.locator('#cr-banner-title').textContent(), 'Kakor på den här webbplatsen');
  // The switch: German, and the choice keeps it.
  await page.locator('nav.languages a[hreflang="de"]').click();
  await page.waitForURL(SITE + '/?lang=de');
  assert.equal(await page.locator('html').getAttribute('lang'), 'de');
  const dialog = page.getByRole('dialog', { name: 'Cookies auf dieser Website' });
  assert.equal(await dialog.getByRole('button', { name: 'Alle ablehnen' }).count(), 1);
  await page.goto(SITE + '/cookies?lang=de');
  assert.ok((await page.locator('main').textContent())
    .includes('Um Besucher in der Statistik der Website zu unterscheiden'));
  const settings = page.locator('section.cr-settings');
  assert.equal(await settings.locator('h2').textContent(), 'Ihre Cookie-Einstellungen');
  await choose(page, settings.locator('button[value="necessary"]'), true);
  assert.deepEqual(await jar(context), ['cookie_consent', 'sid']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('on a phone the banner fits the screen', async () => {
  const { context, page } = await visitor(browser, {
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
  });
  await page.goto(SITE + '/');
  const box = await banner(page).boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844, JSON.stringify(box));
  // Accept and refuse: side by side, the same size.
  const accept = await inBanner(page, 'all').boundingBox();
  const refuse = await inBanner(page, 'necessary').boundingBox();
  assert.equal(Math.round(accept.width), Math.round(refuse.width));
  assert.equal(Math.round(accept.height), Math.round(refuse.height));
  await screenshot(page, 'banner-phone');
  await context.close();
});
