// The example site in a real browser: what the visitor's cookie jar holds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, visitor, jar, SITE } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a fresh visitor gets only Necessary cookies', async () => {
  const { context, page } = await visitor(browser);
  const response = await page.goto(SITE + '/');
  assert.equal(response.status(), 200);
  assert.deepEqual(await jar(context), ['sid']);
  await context.close();
});
