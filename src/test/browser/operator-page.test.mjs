// The operator page in a real headless browser (Debian's Chromium, driven by playwright-core, which downloads no
// browser) against the running service of the local stack (bin/stack up). Run through bin/browser-test.
// Screenshots go to target/browser/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, OPERATOR, SERVICE, VIEWER } from './chromium.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SHOTS = path.join(ROOT, 'target', 'browser');
const PREFIX = process.env.SAMPLE_PREFIX || 'sample/';
const TIMEOUT = 60_000;

let browser;

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

async function open(viewport = { width: 1280, height: 900 }, options = {}) {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  // script errors, and answers that mean a broken page (a missing file, a server error); a 401 is the answer to a
  // wrong password, which Chromium also reports on the console as a failed load
  const problems = [];
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push('console: ' + m.text());
  });
  page.on('response', (r) => {
    if (r.status() === 404 || r.status() >= 500) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  await page.goto(SERVICE + '/');
  return { page, context, problems };
}

async function signIn(page, [user, password]) {
  await page.getByRole('button', { name: 'Sign in' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Sign in' });
  await dialog.getByLabel('User name').fill(user);
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Sign in' }).click();
}

test('an operator signs in, triggers a run after confirming, and watches it reach 100 % and the activity log',
  { timeout: 180_000 }, async () => {
    const { page, context, problems } = await open();
    assert.equal(await page.title(), 'Offline Store Import · odp-blob-importer');
    // reads are open in the local stack: the runs show before signing in, triggering does not
    await page.locator('#runs-body tr[data-run-id]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Trigger run…' }).isDisabled(), true);

    await signIn(page, OPERATOR);
    await page.getByText(`Signed in as ${OPERATOR[0]} (operator)`).waitFor();
    const trigger = page.getByRole('button', { name: 'Trigger run…' });
    assert.equal(await trigger.isEnabled(), true);

    const trackerId = `browser-${Date.now()}`;
    await page.getByLabel('Tracker id').fill(trackerId);
    await page.getByLabel('Blob name prefix').fill(PREFIX);
    await page.getByLabel('Force: import blob versions already imported').check();
    await trigger.click();
    const confirm = page.getByRole('dialog', { name: 'Please confirm' });
    await confirm.waitFor();
    assert.match(await confirm.textContent(), new RegExp(`blobs under "${PREFIX}" with tracker id "${trackerId}"`));
    await confirm.getByRole('button', { name: 'Yes' }).click();

    const started = page.locator('#trigger-result');
    await started.filter({ hasText: /^Run run-\S+ started\.$/ }).waitFor();
    const runId = (await started.textContent()).match(/^Run (\S+) started\.$/)[1];

    // the run's progress bar fills up without a reload, and the run ends COMPLETE
    const row = page.locator(`#runs-body tr[data-run-id="${runId}"]`);
    await row.waitFor();
    await page.waitForFunction((id) => {
      const r = document.querySelector(`#runs-body tr[data-run-id="${id}"]`);
      const bar = r && r.querySelector('progress');
      return bar && bar.getAttribute('data-percent') === '100' && bar.value === bar.max
        && r.querySelector('.badge').textContent === 'COMPLETE';
    }, runId, { timeout: TIMEOUT, polling: 250 });
    assert.equal(await row.locator('.progress-text').textContent(), '20 accepted of 20 emitted (100 %)');
    assert.equal(await row.getByRole('cell').nth(3).textContent(), trackerId);

    // the activity log gets the run's end
    await page.locator('#activity li', { hasText: `Imported 20 offline stores in run ${runId}` }).waitFor();

    // the run's files and log lines
    await page.locator('#run-title', { hasText: `Run ${runId}` }).waitFor();
    // the sample twice, as JSON (two blobs) and as CSV: each file shows the format it was read as, once the run's
    // detail (fetched apart from the runs list, so it may show the run a moment earlier) has each file's end
    const format = (name) => page.locator('#files-body tr', { hasText: `${PREFIX}${name}` }).getByRole('cell').nth(1);
    await format('stores.csv').filter({ hasText: /^csv$/ }).waitFor();
    await format('stores-1.json').filter({ hasText: /^json$/ }).waitFor();
    await page.locator('#logs li', { hasText: 'Offline Store Import complete, imported 20 offline stores' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'operator-page.png'), fullPage: true });

    // a dry run of the same files (imported already: force): its confirm says nothing is sent, it is marked in the
    // runs list, and each file's report shows in the run's detail (docs/operations.md, "Dry run")
    await page.getByLabel('Force: import blob versions already imported').check();
    await page.getByLabel(/^Dry run:/).check();
    await trigger.click();
    await confirm.waitFor();
    assert.match(await confirm.textContent(), /Start a dry run of the blobs under .*Nothing will be sent to ODP/);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    await started.filter({ hasText: /^Dry run run-\S+ started\.$/ }).waitFor();
    const dryRunId = (await started.textContent()).match(/^Dry run (\S+) started\.$/)[1];
    const dryRow = page.locator(`#runs-body tr[data-run-id="${dryRunId}"]`);
    await dryRow.locator('.badge.dry-run', { hasText: 'dry run' }).waitFor({ timeout: TIMEOUT });
    await dryRow.locator('.badge', { hasText: 'COMPLETE' }).waitFor({ timeout: TIMEOUT });
    await dryRow.locator('.progress-text', { hasText: 'nothing sent: see its report' }).waitFor();
    await page.locator('#run-title', { hasText: `Run ${dryRunId}` }).waitFor();
    const dryFile = page.locator('#files-body tr', { hasText: `${PREFIX}stores.csv` });
    await dryFile.locator('.dry-run-report', { hasText: /\d+ read, \d+ would be accepted/ }).waitFor({ timeout: TIMEOUT });
    await dryFile.locator('.badge.would-import', { hasText: 'would import' }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

test('a viewer sees the runs but may not trigger; a wrong password is refused', { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open();
  await signIn(page, [VIEWER[0], 'not-the-password']);
  await page.getByText('Wrong user name or password.').waitFor();
  await page.getByRole('button', { name: 'Cancel', exact: true }).click();

  await signIn(page, VIEWER);
  await page.getByText(`Signed in as ${VIEWER[0]} (viewer)`).waitFor();
  await page.getByText('Your user is a viewer: triggering needs the operator role.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Trigger run…' }).isDisabled(), true);
  await page.locator('#runs-body tr[data-run-id]').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a narrow screen nothing overflows sideways, and the page works by keyboard', { timeout: 60_000 },
  async () => {
    const { page, context, problems } = await open({ width: 390, height: 844 });
    await page.locator('#runs-body tr[data-run-id]').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);

    // keyboard only: the skip link first, then sign in with Enter
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to runs');
    await page.locator('#sign-in-open').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type(OPERATOR[0]);
    await page.keyboard.press('Tab');
    await page.keyboard.type(OPERATOR[1]);
    await page.keyboard.press('Enter');
    await page.getByText(`Signed in as ${OPERATOR[0]} (operator)`).waitFor();
    // a run opens from its id with the keyboard, and the focus stays on it while the page updates itself
    const first = page.locator('#runs-body tr[data-run-id] button').first();
    const key = await first.getAttribute('data-key');
    await first.focus();
    await page.keyboard.press('Enter');
    await page.locator('#run').waitFor({ state: 'visible' });
    for (let update = 0; update < 2; update++) {
      const shown = await page.locator('#updated').textContent();
      await page.waitForFunction((before) => document.getElementById('updated').textContent !== before, shown);
    }
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('data-key')), key);
    await page.screenshot({ path: path.join(SHOTS, 'operator-page-narrow.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });

test("a run's tie warnings (files of one second sharing ids) show above its files", { timeout: 60_000 }, async () => {
  const { page, context, problems } = await open();
  // the local stack's samples have no ties: the run's answer gets one, shaped as GET .../runs/{id} gives it
  // (TiesIT checks the service's side)
  const message = '2 files last modified in the same second (2026-12-04T10:00:00Z) share primary keys: a.json, '
    + 'b.json. Their upload order within that second cannot be told (Last-Modified has 1-second resolution, and '
    + 'they have no version ids), so for the shared keys ODP keeps the values of b.json, imported last (by name)';
  await page.route(/\/jobs\/offline_store_import\/runs\/[^/?]+$/, async (route) => {
    const answer = await route.fetch();
    const run = await answer.json();
    run.ties = [{ container: 'offline-stores', lastModified: '2026-12-04T10:00:00Z', files: 2,
      blobNames: ['a.json', 'b.json'], last: 'b.json', complete: true, message }];
    await route.fulfill({ response: answer, json: run });
  });
  await page.locator('#runs-body tr[data-run-id] button').first().click();
  await page.locator('#run').waitFor({ state: 'visible' });
  const warning = page.locator('#run-ties li');
  await warning.filter({ hasText: message }).waitFor();
  assert.equal(await warning.count(), 1);
  assert.equal(await page.locator('#run-ties').isVisible(), true);
  // a run without ties shows no list
  // waits for a handler still answering: one cut short would leave its request, and the page's polling, hanging
  await page.unrouteAll({ behavior: 'wait' });
  await page.waitForFunction(() => document.getElementById('run-ties').hidden, null, { timeout: TIMEOUT });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a COMPLETE run with a failed file says so beside its status, in the list and its summary', { timeout: 60_000 },
  async () => {
    const { page, context, problems } = await open();
    // the local stack's samples all import: the first run's answers get a failed file, shaped as the API gives them
    // (FormatsIT and BlobGoneIT check filesFailed on the service's side)
    const failOne = (run) => ({ ...run, status: 'COMPLETE', files: 1, filesImported: 0, filesFailed: 1 });
    await page.route(/\/jobs\/offline_store_import\/runs(\/[^/?]+)?(\?.*)?$/, async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const answer = await route.fetch();
      const body = await answer.json();
      await route.fulfill({ response: answer, json: Array.isArray(body) ? [failOne(body[0]), ...body.slice(1)]
        : failOne(body) });
    });
    const row = page.locator('#runs-body tr[data-run-id]').first();
    await row.locator('.badge.files-failed').filter({ hasText: '1 file failed' }).waitFor();
    await row.locator('button').first().click();
    await page.locator('#run-summary .badge.files-failed').filter({ hasText: '1 file failed' }).waitFor();
    await page.unrouteAll({ behavior: 'wait' });
    assert.deepEqual(problems, []);
    await context.close();
  });

test('the next sweep, its cron and every time on the page carry the browser\'s time zone', { timeout: 60_000 },
  async () => {
    const zone = { timezoneId: 'Europe/Prague', locale: 'en-GB' };
    const { page, context, problems } = await open(undefined, zone);
    const schedule = (await (await fetch(SERVICE + '/status')).json()).schedule;
    assert.ok(schedule.nextSweep, 'the local stack sweeps on a schedule: ' + JSON.stringify(schedule));
    const next = page.locator('#next-sweep');
    await next.filter({ hasText: /\d/ }).waitFor();
    // the scheduler's next sweep in the browser's zone, with the zone's name (CET in winter, CEST in summer)
    assert.equal(await next.textContent(), new Date(schedule.nextSweep).toLocaleString(zone.locale,
      { timeZone: zone.timezoneId, timeZoneName: 'short' }));
    assert.match(await next.textContent(), /\bCES?T$/);
    assert.equal(await next.getAttribute('datetime'), schedule.nextSweep);
    assert.equal(await page.locator('#schedule').textContent(),
      `(cron ${schedule.cron} in ${schedule.timeZone})`);
    // the other times: the last update, the activity log's entries, a run's log lines
    await page.locator('#updated').filter({ hasText: /CES?T$/ }).waitFor();
    await page.locator('#activity li time').first().filter({ hasText: /\d{4}.*CES?T$/ }).waitFor();
    await page.locator('#runs-body tr[data-run-id] button').first().click();
    // en-GB writes an hour before 10 with one digit ("2:37:05 CET"): the test failed from midnight to 10 a.m. CET
    await page.locator('#logs li').first().filter({ hasText: /^\d{1,2}:\d{2}:\d{2} CES?T / }).waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  });

test("an operator lists the files, opens one's history and re-imports it after confirming", { timeout: 180_000 },
  async () => {
    const { page, context, problems } = await open();
    await signIn(page, OPERATOR);
    await page.getByText(`Signed in as ${OPERATOR[0]} (operator)`).waitFor();
    // the sample's CSV, imported by bin/stack up: listed on request (a page of the container listing), DELIVERED once
    // ODP accepted its 20 records; listed again until it is (the page never polls the files on its own)
    const name = `${PREFIX}stores.csv`;
    await page.locator('#files-prefix').fill(PREFIX);
    const row = page.locator('#file-list-body tr', { hasText: name });
    await page.waitForFunction(async () => {
      document.getElementById('files-list').click();
      await new Promise((done) => requestAnimationFrame(done));
      return [...document.querySelectorAll('#file-list-body tr')]
        .some((r) => r.textContent.includes('stores.csv') && r.querySelector('.badge')?.textContent === 'DELIVERED');
    }, null, { timeout: TIMEOUT, polling: 1000 });
    // every record read was accepted: the counts of its DELIVERED entry
    assert.match(await row.getByRole('cell').nth(4).textContent(), /^([1-9]\d*) \(\1 accepted, 0 rejected, 0 parked\)$/);

    // its history: the versions the ledger has (newest first) and its parked records (none)
    await page.getByRole('button', { name: `Show the history of ${name}` }).click();
    const dialog = page.getByRole('dialog', { name: 'File history' });
    await dialog.waitFor();
    await dialog.locator('#file-versions-body tr .badge', { hasText: 'DELIVERED' }).first().waitFor();
    await dialog.locator('#file-parked-body', { hasText: 'Nothing of this blob is parked.' }).waitFor();

    // re-import it: a confirmation that warns about older values, then a run of its own that ends COMPLETE
    await dialog.getByRole('button', { name: 'Re-import…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Please confirm' });
    await confirm.waitFor();
    assert.match(await confirm.textContent(), new RegExp(`Re-import the current version of blob "${name}"`));
    assert.match(await confirm.textContent(), /possibly older\) values/);
    await confirm.getByRole('button', { name: 'Yes' }).click();
    const message = dialog.locator('#file-message');
    await message.filter({ hasText: /^Run run-\S+ re-imports / }).waitFor();
    const runId = (await message.textContent()).match(/^Run (\S+) re-imports /)[1];
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page.waitForFunction((id) => {
      const r = document.querySelector(`#runs-body tr[data-run-id="${id}"]`);
      return r && r.querySelector('.badge').textContent === 'COMPLETE';
    }, runId, { timeout: TIMEOUT, polling: 250 });
    await page.locator('#run-title', { hasText: `Run ${runId}` }).waitFor();
    await page.locator('#run', { hasText: `re-import of ` }).waitFor();
    await page.locator('#run', { hasText: `asked by ${OPERATOR[0]}` }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'operator-page-files.png'), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  });
