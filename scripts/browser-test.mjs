#!/usr/bin/env node
/**
 * Browser tests of the command center against a running product (apps/api with its demo fleet):
 * headless Debian Chromium, screenshots of every view in artifacts/screenshots/ (the alert views in
 * docs/screenshots/). Exits non-zero on any failure.
 *
 *   TIANYAN_URL=http://localhost:3000 node scripts/browser-test.mjs
 *
 * TIANYAN_PASSWORD (default: the embedded demo's admin password), TIANYAN_TIMEOUT_MS,
 * TIANYAN_OBD_WAIT_MS (first inspection on a fresh product: up to 5 min), TIANYAN_DROP_MS,
 * TIANYAN_ALERT_WAIT_MS (first exposure alert of the demo fleet: up to 3 min).
 */
import { alertsSuite } from './browser/alerts.mjs';
import { commandCenterSuite } from './browser/command-center.mjs';
import { replaySuite } from './browser/replay.mjs';
import { signInSuite } from './browser/sign-in.mjs';
import { situationSuite } from './browser/situation.mjs';
import { Failure, launch, log } from './browser/support.mjs';

async function main() {
  const browser = await launch();
  try {
    await signInSuite(browser);
    await commandCenterSuite(browser);
    await alertsSuite(browser);
    await situationSuite(browser);
    await replaySuite(browser);
    log('PASS');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`[browser-test] FAIL ${e instanceof Failure ? e.message : e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
