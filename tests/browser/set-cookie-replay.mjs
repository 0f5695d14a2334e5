// Replays a corpus of Set-Cookie values into Chromium, for tests/tests/set_cookie_browser.rs:
// a fresh profile loads SITE_URL; then, a batch of values at a time, it fetches /c/<n>/p for
// each (the Rust server answers with a cookie of the value's name, to be removed), reads the
// jar, fetches /c/<n>/v (the value itself), reads the jar again, and empties it. Batches keep
// the jar far below Chromium's 180 cookies per site, past which it evicts cookies. Prints the
// jars as JSON: { before: [{ name, value, path }], after: [...] }, all batches together.
import { launch } from './browser.mjs';

const SITE = process.env.SITE_URL;
const COUNT = Number(process.env.COUNT);
/** Values per batch: at most two cookies each stay in the jar at once. */
const BATCH = 60;
if (!SITE || !Number.isInteger(COUNT)) throw new Error('SITE_URL and COUNT must be set');

const browser = await launch();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${SITE}/`);
  const replay = (from, to, kind) =>
    page.evaluate(
      async ({ from, to, kind }) => {
        let next = from;
        const worker = async () => {
          while (next < to) {
            const n = next++;
            const response = await fetch(`/c/${n}/${kind}`, { credentials: 'same-origin' });
            if (!response.ok) throw new Error(`/c/${n}/${kind}: ${response.status}`);
          }
        };
        await Promise.all(Array.from({ length: 16 }, worker));
      },
      { from, to, kind },
    );
  const jar = async () =>
    (await context.cookies()).map(({ name, value, path }) => ({ name, value, path }));
  const before = [];
  const after = [];
  for (let from = 0; from < COUNT; from += BATCH) {
    const to = Math.min(COUNT, from + BATCH);
    await replay(from, to, 'p');
    before.push(...(await jar()));
    await replay(from, to, 'v');
    after.push(...(await jar()));
    await context.clearCookies();
  }
  process.stdout.write(JSON.stringify({ before, after }));
} finally {
  await browser.close();
}
