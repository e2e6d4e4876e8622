// End-to-end browser tests of the web UI: playwright-core driving Debian's
// Chromium (/usr/bin/chromium, or PLIMSOLL_CHROMIUM) against a running server.
//
//   node tests/e2e.mjs http://127.0.0.1:PORT
//
// The server's store must hold events (one with a screened, sanctioned vessel)
// and the users root (admin), ana (analyst) and vic (viewer), all with the
// password in PLIMSOLL_E2E_PASSWORD; crates/plimsoll-server/tests/browser.rs
// sets this up. Screenshots go to tests/out/ (or PLIMSOLL_E2E_OUT). Exits 1 on
// the first failure, naming the step.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { decodePng, countColour } from './png.mjs';

const base = process.argv[2];
const password = process.env.PLIMSOLL_E2E_PASSWORD;
if (!base || !password) {
  console.error('usage: PLIMSOLL_E2E_PASSWORD=... node tests/e2e.mjs http://127.0.0.1:PORT');
  process.exit(2);
}
const out = process.env.PLIMSOLL_E2E_OUT ?? join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(out, { recursive: true });
const TIMEOUT_MS = 90_000;

// The map's colours (web/map.js).
const LAND = '#e6e0c8';
const SEA = '#b9d3e3';
const STS = '#d7191c';

let step = 'start';
const problems = [];
function check(ok, what) {
  if (!ok) throw new Error(what);
}
function pass(what) {
  console.log(`ok - ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.PLIMSOLL_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    // WebGL without a GPU: software rendering.
    '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  ],
});

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.on('console', (m) => {
    const text = m.text();
    if (/Content Security Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    // A refused request shows as an error too; only unexpected ones count.
    if (m.type() === 'error' && !/status of 40[0134]/.test(text)) problems.push(`console: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Any alert() means injected script ran.
  page.on('dialog', async (d) => { problems.push(`dialog opened: ${d.message()}`); await d.dismiss(); });
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) {
      problems.push(`request outside the server: ${r.url()}`);
    }
  });
  return { context, page };
}

async function login(page, name) {
  await page.goto(`${base}/#/map`);
  await page.fill('#login-name', name);
  await page.fill('#login-password', password);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#logout');
}

async function logout(page) {
  await page.click('#logout');
  await page.waitForSelector('#login-form');
}

try {
  const { page } = await newPage();

  step = 'login refused';
  await page.goto(`${base}/`);
  await page.fill('#login-name', '<img src=x onerror=alert(1)>');
  await page.fill('#login-password', 'wrong password');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-note .msg.error');
  check((await page.locator('#login-note img').count()) === 0, 'markup in the login name became an element');
  pass('a wrong login is refused with a message, and markup in the name stays text');

  step = 'login';
  await login(page, 'root');
  check((await page.textContent('#who')).includes('root (admin)'), 'who is logged in');
  pass('an admin logs in');

  step = 'map';
  await page.waitForSelector('#map[data-ready=true]');
  await page.waitForTimeout(1500);
  const shown = await page.textContent('#map-status');
  check(/^\d+ of \d+ events shown/.test(shown) && !shown.startsWith('0 of 0'), `events on the map: ${shown}`);
  const shot = await page.locator('#map').screenshot({ path: join(out, 'map.png') });
  const image = decodePng(shot);
  const area = image.width * image.height;
  const land = countColour(image, LAND, 10);
  const sea = countColour(image, SEA, 10);
  const sts = countColour(image, STS, 30);
  console.log(`# map ${image.width}x${image.height}: land ${(100 * land / area).toFixed(1)} %, sea ${(100 * sea / area).toFixed(1)} %, STS marker pixels ${sts}`);
  check(land / area > 0.02, `the basemap's land is drawn (${land} px)`);
  check(sea / area > 0.2, `the sea is drawn (${sea} px)`);
  check(sts >= 20, `STS transfer markers are drawn (${sts} px)`);
  pass('the map screenshot shows land, sea and event markers');

  step = 'time slider';
  const before = await page.textContent('#map-status');
  await page.locator('#time-slider').fill('0');
  const early = await page.textContent('#map-status');
  check(early !== before, `moving the time slider changes what is shown (${before} / ${early})`);
  await page.locator('#time-slider').fill('1000');
  pass(`the time slider filters events (${early.trim()})`);

  step = 'area filter';
  await page.click('#draw-area');
  const box = await page.locator('#map canvas').boundingBox();
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 80, box.y + 60, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => /-?\d/.test(document.querySelector('#area-text')?.textContent ?? ''));
  await page.waitForFunction(() => !/Loading/.test(document.querySelector('#map-status').textContent));
  const inArea = await page.textContent('#map-status');
  check(inArea !== before, `a small drawn area narrows the events (${inArea})`);
  await page.click('#clear-area');
  await page.waitForFunction((b) => document.querySelector('#map-status').textContent === b, before);
  pass(`an area drawn on the map filters events (${inArea.trim()})`);

  step = 'filter events';
  await page.goto(`${base}/#/events`);
  await page.waitForSelector('#events-table');
  const all = await page.locator('#events-table tbody tr').count();
  await page.check('input[name=kind][value=sts_transfer]');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#events-table tbody tr')];
    return rows.length > 0 && rows.every((r) => r.cells[0].textContent.includes('sts transfer'));
  });
  const sts_rows = await page.locator('#events-table tbody tr').count();
  check(sts_rows < all || all === 1, `the kind filter narrows the list (${sts_rows} of ${all})`);
  await page.check('input[name=sanctioned]');
  await page.waitForFunction((n) => document.querySelectorAll('#events-table tbody tr').length <= n, sts_rows);
  const listed = await page.locator('#events-table tbody tr').count();
  check(listed >= 1, 'an STS transfer with the listed vessel remains');
  pass(`filters by kind (${sts_rows} of ${all}) and by sanctioned party (${listed})`);

  step = 'open event';
  await page.locator('#events-table tbody tr a[href^="#/events/"]').first().click();
  await page.waitForSelector('#event-id');
  const eventId = (await page.textContent('#event-id')).trim();
  await page.waitForSelector('#dossier');
  const dossier = page.frameLocator('#dossier');
  await dossier.locator('body').waitFor();
  check((await dossier.locator('body').textContent()).includes(eventId), 'the dossier names the event');
  pass(`an event page opens with its dossier (${eventId})`);

  step = 'confirm';
  const marker = `run ${Date.now()}`;
  const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)> '); DROP TABLE reviews; -- ${marker}`;
  await page.selectOption('#review-action', 'confirm');
  await page.fill('#review-comment', hostile);
  await page.click('#review-submit');
  await page.waitForSelector('#reviews-table');
  const row = page.locator('#reviews-table tbody tr').last();
  check((await row.locator('td').nth(2).textContent()) === 'confirm', 'the review shows as confirm');
  check((await row.locator('.comment').textContent()) === hostile, 'the comment is shown as typed');
  check((await page.locator('#reviews script, #reviews img').count()) === 0, 'the comment stayed text');
  await page.screenshot({ path: join(out, 'event.png') });
  pass('an admin confirms the event; a hostile comment is stored and shown as text');

  step = 'audit';
  await page.goto(`${base}/#/audit`);
  await page.waitForSelector('#audit-table');
  const entry = page.locator('#audit-table tbody tr', { hasText: marker }).filter({ hasText: eventId });
  check((await entry.count()) === 1, 'one audit entry for the confirmation');
  check((await entry.locator('td').nth(3).textContent()) === 'review.confirm', 'the entry says what was done');
  check((await entry.locator('td').nth(2).textContent()) === 'root', 'the entry names who');
  check((await page.locator('.msg.ok').first().textContent()).includes('verifies'), 'the chain verifies');
  pass('the audit trail shows who confirmed the event, and verifies');

  step = 'ledger';
  await page.goto(`${base}/#/ledger`);
  await page.waitForSelector('#ledger-verdict');
  check((await page.locator('svg.chart polyline.cap').count()) === 1, 'the chart draws the cap');
  check((await page.locator('svg.chart polyline.total').count()) === 1, 'the chart draws the running total');
  await page.screenshot({ path: join(out, 'ledger.png') });
  pass('the ledger page charts the running total against the cap');

  step = 'vessel';
  const firstVessel = eventId.split('-').find((p) => /^\d{9}$/.test(p));
  await page.goto(`${base}/#/vessels/${firstVessel}`);
  await page.waitForSelector('#vessel-events table');
  await page.waitForFunction(() => /positions|No positions/.test(document.querySelector('#track-note')?.textContent ?? ''));
  check(/\d+ positions/.test(await page.textContent('#track-note')), 'the vessel track is loaded');
  await page.screenshot({ path: join(out, 'vessel.png') });
  pass(`the vessel page shows identity, track and events (${await page.textContent('#track-note')})`);

  step = 'hostile routes';
  await page.goto(`${base}/#/events/..%2F..%2Fetc%2Fpasswd`);
  await page.waitForSelector('.msg.error');
  check(!(await page.content()).includes('root:x:'), 'no file content');
  await page.goto(`${base}/#/vessels/1%20OR%201=1`);
  await page.waitForSelector('.msg.error');
  pass('hostile ids in the address are refused with a message');

  step = 'viewer';
  await logout(page);
  await login(page, 'vic');
  await page.goto(`${base}/#/events/${encodeURIComponent(eventId)}`);
  await page.waitForSelector('#reviews-table');
  check((await page.locator('#review-form').count()) === 0, 'no review form for a viewer');
  const forged = await page.evaluate(async (id) => {
    const noCsrf = await fetch(`/api/v1/events/${encodeURIComponent(id)}/reviews`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"action":"dismiss"}',
    });
    const me = await (await fetch('/api/v1/me')).json();
    const withCsrf = await fetch(`/api/v1/events/${encodeURIComponent(id)}/reviews`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token }, body: '{"action":"dismiss"}',
    });
    return [noCsrf.status, withCsrf.status];
  }, eventId);
  check(forged[0] === 403 && forged[1] === 403, `a viewer's forged reviews are refused (${forged})`);
  check((await page.locator('#nav-audit').isHidden()), 'no audit link for a viewer');
  pass('a viewer sees the review but cannot review, even by hand-made requests');

  step = 'console';
  check(problems.length === 0, `no CSP violations, script errors or outside requests:\n  ${problems.join('\n  ')}`);
  pass('no CSP violation, script error or request outside the server');
  await browser.close();
  console.log('all browser tests passed');
} catch (e) {
  console.error(`not ok - ${step}: ${e.message}`);
  if (problems.length) console.error(`  seen:\n  ${problems.join('\n  ')}`);
  await browser.close().catch(() => {});
  process.exit(1);
}
