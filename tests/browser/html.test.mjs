// The example's pages, as served, checked by the Nu Html Checker (vnu.jar, npm `vnu-jar`): the
// banner, the settings form, the policy sections and the gated scripts are valid HTML, for a
// visitor who has not decided and for one who accepted everything.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, visitor, SITE } from './browser.mjs';

const require = createRequire(import.meta.url);
const VNU = require('vnu-jar');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the served pages are valid HTML', async (t) => {
  const java = spawnSync('java', ['-version']);
  if (java.error || java.status !== 0) {
    // Like a missing browser: a failure in CI, a skip elsewhere.
    assert.notEqual(process.env.CI, 'true', 'CI=true and java cannot be run for the Nu checker');
    t.skip('java cannot be run: install a JRE (apt-get install default-jre-headless)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'cookie-registry-vnu-'));
  const { context, page } = await visitor(browser);
  const files = [];
  async function save(name, path) {
    const response = await context.request.get(SITE + path);
    assert.equal(response.status(), 200);
    const file = join(dir, `${name}.html`);
    writeFileSync(file, await response.text());
    files.push(file);
  }
  await save('home-undecided', '/');
  await save('cookies-undecided', '/cookies');
  await page.goto(SITE + '/');
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/consent');
  await page.locator('button[name="choice"][value="all"]').first().click();
  await answered;
  await save('home-accepted', '/');
  await save('cookies-accepted', '/cookies');
  await context.close();

  const check = spawnSync('java', ['-jar', VNU, '--errors-only', ...files], { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  assert.equal(check.stderr.trim(), '', 'the Nu checker found errors');
  assert.equal(check.status, 0);
});
