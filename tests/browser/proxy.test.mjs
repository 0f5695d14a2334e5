// The banner's consent post through a real nginx (its default `proxy_set_header Host
// $proxy_host`: the app sees the upstream's address as `Host`, the browser sends nginx's origin
// as `Origin`). With `allowed_origin` set to nginx's origin the post is accepted (303 and the
// consent cookie); without, the host comparison refuses it (403, no consent cookie).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, visitor, jar } from './browser.mjs';

const CONFIGURED = process.env.PROXY_CONFIGURED_URL;
const UNCONFIGURED = process.env.PROXY_UNCONFIGURED_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Opens `/` through the proxy without JavaScript (a plain form post), accepts everything in
 * the banner, and returns the status of the POST and the jar's cookie names. */
async function acceptAll(site) {
  const { context, page } = await visitor(browser, { javaScriptEnabled: false });
  try {
    await page.goto(site + '/');
    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent'
      && r.request().method() === 'POST');
    await page.locator('[role="dialog"] button[name="choice"][value="all"]').click();
    const response = await answered;
    const origin = await response.request().headerValue('origin');
    return { status: response.status(), origin, names: await jar(context) };
  } finally {
    await context.close();
  }
}

test('with allowed_origin set to the proxy origin, the banner post is accepted', async () => {
  const { status, origin, names } = await acceptAll(CONFIGURED);
  assert.equal(origin, CONFIGURED);
  assert.equal(status, 303);
  assert.ok(names.includes('cookie_consent'), names.join(','));
});

test('without allowed_origin, the host comparison refuses the proxied post', async () => {
  const { status, origin, names } = await acceptAll(UNCONFIGURED);
  assert.equal(origin, UNCONFIGURED);
  assert.equal(status, 403);
  assert.ok(!names.includes('cookie_consent'), names.join(','));
});
