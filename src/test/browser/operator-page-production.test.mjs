// The operator page with the production read policy (reads need a viewer): bin/browser-test restarts the stack's
// service with READ_POLICY=viewer before this file runs, and sets PRODUCTION_READ_POLICY=true.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, SERVICE, VIEWER } from './chromium.mjs';

const skip = process.env.PRODUCTION_READ_POLICY !== 'true' && 'needs the service with READ_POLICY=viewer';

let browser;

before(async () => {
  if (skip) return;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test('reads need a viewer: the page asks for a sign-in, then shows the runs and the dead letters',
  { timeout: 60_000, skip }, async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(SERVICE + '/');

    // the page's own sign-in dialog, never the browser's Basic prompt
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.getByText('Sign in to see the runs.').waitFor();
    assert.equal(await page.locator('#runs-body tr[data-run-id]').count(), 0);
    await dialog.getByLabel('User name').fill(VIEWER[0]);
    await dialog.getByLabel('Password').fill(VIEWER[1]);
    await dialog.getByRole('button', { name: 'Sign in' }).click();

    await page.getByText(`Signed in as ${VIEWER[0]} (viewer)`).waitFor();
    await page.locator('#runs-body tr[data-run-id]').first().waitFor();
    assert.equal(await page.getByRole('button', { name: 'Trigger run…' }).isDisabled(), true);

    // the dead-letter listing opens in the page with the viewer's credentials
    await page.locator('#dead-letters', { hasText: /\d+ parked/ }).click();
    const parked = page.getByRole('dialog', { name: /Dead letters/ });
    await parked.locator('tbody tr td').first().filter({ hasNotText: 'Loading…' }).waitFor();
    assert.doesNotMatch(await parked.textContent(), /Cannot list them/);
    assert.deepEqual(errors, []);
    await context.close();
  });
