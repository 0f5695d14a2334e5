// Writes tests/fixtures/set-cookie-corpus.jsonl, the Set-Cookie values the differential test
// (tests/tests/set_cookie_browser.rs) replays into Chromium and through the consent gate.
//
//     node tests/browser/set-cookie-corpus.mjs
//
// The file holds one JSON string per line (JSON's escapes: `\u00a0` is U+00A0). Generated
// values come first, then the hand-written ones; the output is the same on every run (a
// seeded generator). Each value's cookie name carries its line number (`mk_<n>` for a
// Marketing cookie, `sid_<n>` for a Necessary one, as the test's registry declares them), so
// that no two values set the same cookie. No value has a `Path` or `Domain` attribute, nor a
// control character (an HTTP header cannot carry one), and no expiry falls near the test's
// run: each cookie lands, and stays, where the test looks for it.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'set-cookie-corpus.jsonl');

const PAST = 'Thu, 01 Jan 1970 00:00:10 GMT';
const FUTURE = 'Fri, 01 Jan 2100 00:00:00 GMT';

// ASCII white space browsers trim, and Unicode white space (and look-alikes) they keep.
const SPACES = [
  ' ', '\t', '\u00a0', '\u1680', '\u180e', '\u2000', '\u2002', '\u2003', '\u2009', '\u200a',
  '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u0085',
];

const REMOVALS = [['Max-Age', '0'], ['Max-Age', '-1'], ['Expires', PAST]];

const MAX_AGES = [
  '0', '-1', '-0', '00', '+0', '+1', '-', '', '0x0', '1.5', '0.0', '1e3', '3600', '86400',
  '99999999999999999999', '-99999999999999999999', '9223372036854775807',
  '-9223372036854775808', '\u0660', '0\u00a0', '\u00a00', '"0"', '0 0', '- 1',
];

const DATES = [
  PAST, FUTURE, 'Thu, 01-Jan-1970 00:00:10 GMT', 'Thursday, 01-Jan-70 00:00:10 GMT',
  'Thu Jan  1 00:00:10 1970', '01 Jan 1970 00:00:10', '1 jan 1970 0:0:10', 'JAN 1 1970 00:00:10',
  '1970 Jan 01 00:00:10', '01/01/1970 00:00:10', '1970-01-01T00:00:10Z', '1970-01-01 00:00:10',
  'Thu, 01 Jan 1600 00:00:00 GMT', 'Thu, 01 Jan 1601 00:00:00 GMT', '01 Jan 0001 00:00:00',
  '01 Jan 123 00:00:00', '01 Jan 1000 00:00:00', '01 Jan 1599 00:00:00', '01 Jan 10000 00:00:00',
  '01 Jan 99999 00:00:00', '01 Jan 2100 00:00:00', '32 Jan 1970 00:00:10', '00 Jan 1970 00:00:10',
  '31 Feb 1970 00:00:10', '29 Feb 1971 00:00:10', '29 Feb 1972 00:00:10', '31 Apr 1970 00:00:10',
  '01 Jan 1970 24:00:00', '01 Jan 1970 23:60:00', '01 Jan 1970 23:59:60', '01 Jan 1970 1:2:3',
  '01 Jan 1970 001:02:03', '01 Jan 1970 00:00', '01 Jan 1970', 'Jan 1970 00:00:10',
  '01 January 1970 00:00:10', '01 JANUARY 1970 00:00:10', '01 Janu 1970 00:00:10',
  '01 Jn 1970 00:00:10', 'Jan 01 1970 00:00:10 +0100', '01 Jan 1970 00:00:10 PST',
  '01\u00a0Jan 1970 00:00:10', '01 Jan 1970 00:00:10\u00a0', '01 Jan\u00a01970 00:00:10',
  '\u00a001 Jan 1970 00:00:10', '12:30 01 Jan 1970 00:00:10', '01 Jan 1970 12:30',
  '01 Jan 69 00:00:00', '01 Jan 70 00:00:10', '01 Jan 00 00:00:00', '01 Jan 99 00:00:00',
  '01 Jan 50 00:00:00', '01 Jan 070 00:00:10', '01 Jan 2030 00:00:00', '01 Jan 1 00:00:00',
  '1st Jan 1970 00:00:10', '01 Jan 1970x 00:00:10', '01 Jan 1970 00:00:10x', '01x Jan 1970 00:00:10',
  '01 Jan 1970 00:00:010', '01 Jan 19700 00:00:10', '001 Jan 1970 00:00:10', 'Jan Feb 01 1970 00:00:10',
  '01 02 Jan 1970 00:00:10', '01 Jan 1970 2030 00:00:10', '00:00:10 00:00:20 01 Jan 1970',
  '"Thu, 01 Jan 1970 00:00:10 GMT"', 'Thu,01Jan1970 00:00:10', '01-Jan-1970-00:00:10',
  '01 Jan 1970 00.00.10', '01 Jan 1970 00:00:10.5', '', 'now', 'yesterday', '0', '-1',
];

/** A seeded generator (mulberry32): the same corpus on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Templates: NAME becomes a Marketing name, SID a Necessary one, both numbered.
const templates = [];
const add = (template) => templates.push(template);

// White space in every position of a removal attribute and around the name and value.
for (const w of SPACES) {
  for (const [key, value] of REMOVALS) {
    add(`NAME=1;${w}${key}=${value}`);
    add(`NAME=1; ${w}${key}=${value}`);
    add(`NAME=1; ${key}${w}=${value}`);
    add(`NAME=1; ${key}=${w}${value}`);
    add(`NAME=1; ${key}=${value}${w}`);
    add(`NAME=1; ${key}=${value}${w}; HttpOnly`);
    add(`NAME=1; ${key.slice(0, 3)}${w}${key.slice(3)}=${value}`);
    add(`${w}NAME=1; ${key}=${value}`);
    add(`NAME${w}=1; ${key}=${value}`);
    add(`NAME=${w}1; ${key}=${value}`);
    add(`NAME=1${w}; ${key}=${value}`);
    add(`NAME=1${w};${key}=${value}`);
  }
  add(`${w}NAME=1`);
  add(`NAME${w}=1`);
  add(`${w}SID=1`);
  add(`SID${w}=1`);
  add(`${w}SID${w}=1; Max-Age=86400`);
}

// Max-Age: alone, repeated, and against Expires.
for (const a of MAX_AGES) {
  add(`NAME=1; Max-Age=${a}`);
  for (const b of MAX_AGES) add(`NAME=1; Max-Age=${a}; Max-Age=${b}`);
  for (const date of [PAST, FUTURE, 'soon']) {
    add(`NAME=1; Max-Age=${a}; Expires=${date}`);
    add(`NAME=1; Expires=${date}; Max-Age=${a}`);
  }
}

// Expires: odd dates, alone and repeated.
for (const date of DATES) {
  add(`NAME=1; Expires=${date}`);
  add(`SID=1; Expires=${date}`);
  for (const other of [PAST, FUTURE, 'soon']) {
    add(`NAME=1; Expires=${date}; Expires=${other}`);
    add(`NAME=1; Expires=${other}; Expires=${date}`);
  }
}

// Attribute names in any case.
for (const key of ['max-age', 'MAX-AGE', 'mAx-AgE', 'Max-age', 'expires', 'EXPIRES', 'eXpIrEs']) {
  const value = key.toLowerCase() === 'max-age' ? '0' : PAST;
  add(`NAME=1; ${key}=${value}`);
  add(`NAME=1;${key}=${value};`);
}

// Random mixes of the pieces above.
const next = random(6265);
const pick = (list) => list[Math.floor(next() * list.length)];
const pieces = () => [
  `Max-Age=${pick(MAX_AGES)}`, `Expires=${pick(DATES)}`, `${pick(SPACES)}Max-Age=0`,
  `Max-Age=0${pick(SPACES)}`, `Expires=${PAST}${pick(SPACES)}`, 'HttpOnly', 'SameSite=Lax',
  `max-age=${pick(MAX_AGES)}`, `EXPIRES=${pick(DATES)}`, 'Max-Age', 'Expires', '',
];
for (let i = 0; i < 500; i++) {
  const count = 1 + Math.floor(next() * 4);
  const attributes = Array.from({ length: count }, () => pick(pieces()));
  const pad = next() < 0.3 ? pick(SPACES) : '';
  const name = next() < 0.2 ? 'SID' : 'NAME';
  add(`${pad}${name}=${pick(['1', '', '"1"', 'a b', 'x=y', '\u00a0'])}; ${attributes.join('; ')}`);
}

// Hand-written: the attacks of the issue, empty names, odd names and values.
const HAND_WRITTEN = [
  'NAME=1; \u00a0Max-Age=0',
  'NAME=1; Max-Age=0\u00a0',
  'NAME=1; \u00a0Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT',
  'NAME=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Fri, 01 Jan 2100 00:00:00 GMT',
  'NAME=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Sun, 06-Nov-2094 08:49:37 GMT',
  'NAME=1; Expires=Sun Nov  6 08:49:37 2094; Expires=Thu, 01 Jan 1970 00:00:10 GMT',
  'NAME=1; Expires=Thu, 01 Jan 1970 00:00:10 GMT; Expires=Fri, 01-Jan-2100 00:00:00',
  'NAME=1; Max-Age=0; Max-Age=abc',
  'NAME=1; Max-Age=abc; Expires=Thu, 01 Jan 1970 00:00:10 GMT',
  'NAME=1; Max-Age=0; Max-Age=',
  'NAME=; Max-Age=0',
  'NAME=; Max-Age=0; Secure; HttpOnly; SameSite=Strict',
  'NAME=; Expires=Thu, 01 Jan 1970 00:00:10 GMT',
  '\u00a0SID=1',
  'SID\u00a0=1',
  '\u2003SID=1; Max-Age=86400',
  'SID=1',
  'SID=1; Max-Age=86400',
  'SID=; Max-Age=0',
  '"NAME"=1',
  'NAME="1"; Max-Age=0',
  'NAME=a=b=c; Max-Age=0',
  'NAME=1;;; Max-Age=0',
  'NAME=1; =; Max-Age=0',
  'NAME=1; Max-Age==0',
  'NAME=1; Max-Age=0=0',
  'NAME=1; Max-Age=0 ; Max-Age =1',
  'NAME=\u00e9t\u00e9; Max-Age=0',
  'NAME\u00e9=1',
  'NAME\u00e9=1; Max-Age=0',
  'NAME\u{1f36a}=1',
  'NAME=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT',
  'NAME=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=0',
  'NAME=1; Max-Age=86400; Expires=Thu, 01 Jan 1970 00:00:10 GMT',
  `NAME=1; Max-Age=0; Max-Age=${'1'.repeat(1025)}`,
  `NAME=1; Max-Age=86400; Max-Age=${'0'.repeat(1025)}`,
  `NAME=1; Max-Age=86400; Max-Age=${'0'.repeat(1024)}`,
  `NAME=${'v'.repeat(4090)}`,
  `NAME=${'v'.repeat(4100)}; Max-Age=0`,
];
for (const value of HAND_WRITTEN) add(value);

// Empty names (each at its own default path, so they never meet).
const EMPTY_NAMES = [
  'EMPTY', '=EMPTY', ' =EMPTY', '\u00a0=EMPTY', 'EMPTY; Max-Age=0', '=EMPTY; Max-Age=0',
  '=; Max-Age=0', '=', '', ' ', '\u00a0', '=\u00a0', 'EMPTY; Expires=Thu, 01 Jan 1970 00:00:10 GMT',
  '=__Secure-EMPTY', '__Host-EMPTY', '\u00a0; Max-Age=0',
];
for (const value of EMPTY_NAMES) add(value);

const lines = templates.map((template, n) =>
  JSON.stringify(
    template
      .replaceAll('NAME', `mk_${n}`)
      .replaceAll('SID', `sid_${n}`)
      .replaceAll('EMPTY', `e${n}`),
  ),
);
writeFileSync(OUT, lines.join('\n') + '\n');
console.log(`${lines.length} values in ${OUT}`);
