// Shared by the browser tests: Debian's Chromium, started headless as the project's machines need it.
import { chromium } from 'playwright-core';

export const SERVICE = `http://127.0.0.1:${process.env.PORT || '8080'}`;
export const OPERATOR = [process.env.OPERATOR_USER || 'operator',
  process.env.OPERATOR_PASSWORD || 'local-operator-password'];
export const VIEWER = [process.env.VIEWER_USER || 'viewer', process.env.VIEWER_PASSWORD || 'local-viewer-password'];

/** @returns a browser: /usr/bin/chromium (or $CHROMIUM), headless, off the network this machine does not have */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
