// Helpers shared by the browser tests: the system Chromium driven by playwright-core with the
// flags this project's closed network needs (Playwright gives every launch a fresh, temporary
// profile), and the cookie jar as a list of names.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The example site under test, e.g. `http://127.0.0.1:41234`, from the Rust harness. */
export const SITE = required('SITE_URL');
/** A second server on another port: another origin, for the cross-site test. */
export const ATTACKER = process.env.ATTACKER_URL;
/** Where screenshots go; the harness points it at its target directory by default. */
export const SCREENSHOTS = process.env.SCREENSHOT_DIR;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through cargo test --test browser`);
  return value;
}

/** Launches the system Chromium headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A fresh browser context (an empty cookie jar); `javaScriptEnabled: false` for no-JS runs. */
export async function visitor(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page, errors };
}

/** The names of the cookies in the context's jar, sorted. */
export async function jar(context) {
  return (await context.cookies()).map((cookie) => cookie.name).sort();
}

/** The value of one cookie in the jar, or undefined. */
export async function cookieValue(context, name) {
  return (await context.cookies()).find((cookie) => cookie.name === name)?.value;
}

/** Saves a full-page screenshot as `<name>.png` when SCREENSHOT_DIR is set. */
export async function screenshot(page, name) {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
