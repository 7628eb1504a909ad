#!/usr/bin/env node
/**
 * Browser smoke test of the command center against a running server (apps/api, or the web mock).
 * Opens the screen in headless Chromium, waits for ≥ 4 devices and live readings, selects a
 * device, checks its live chart has points, and saves screenshots to artifacts/screenshots/.
 *
 *   TIANYAN_URL=http://localhost:3000 node scripts/browser-test.mjs
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const URL_UNDER_TEST = process.env.TIANYAN_URL ?? 'http://localhost:3000';
const SHOTS = fileURLToPath(new URL('../artifacts/screenshots/', import.meta.url));
const TIMEOUT_MS = Number(process.env.TIANYAN_TIMEOUT_MS ?? 20_000);

const log = (msg) => console.log(`[browser-test] ${msg}`);

class Failure extends Error {}

async function step(name, fn) {
  try {
    const result = await fn();
    log(`ok   ${name}`);
    return result;
  } catch (e) {
    throw new Failure(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

async function main() {
  await mkdir(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const pageErrors = [];
  try {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    const page = await context.newPage();
    page.on('pageerror', (err) => { pageErrors.push(err.message); if (process.env.DEBUG) console.log(err.stack); });
    page.on('console', (msg) => {
      if (msg.type() === 'error') log(`console error: ${msg.text()}`);
    });

    await step(`open ${URL_UNDER_TEST}`, async () => {
      const res = await page.goto(URL_UNDER_TEST, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      if (!res || !res.ok()) throw new Error(`HTTP ${res?.status() ?? 'no response'}`);
      await page.waitForSelector('[data-testid="device-list"]', { timeout: TIMEOUT_MS });
    });

    const deviceCount = await step('device list shows at least 4 devices', async () => {
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="device-row"]').length >= 4, null, { timeout: TIMEOUT_MS });
      return page.locator('[data-testid="device-row"]').count();
    });
    log(`     ${deviceCount} devices`);

    await step('socket is live', () =>
      page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS }),
    );

    const counter = page.locator('[data-testid="reading-counter"]');
    const readTotal = async () => Number((await counter.getAttribute('data-total')) ?? 'NaN');
    const before = await readTotal();
    await step('reading counter increases (live data)', async () => {
      await page.waitForFunction(
        (n) => Number(document.querySelector('[data-testid="reading-counter"]')?.getAttribute('data-total')) > n,
        before,
        { timeout: TIMEOUT_MS },
      );
    });
    log(`     readings received: ${before} → ${await readTotal()}`);

    await page.waitForTimeout(1500); // let the map draw tracks and the chart fill
    await page.screenshot({ path: `${SHOTS}command-center-1920.png` });
    log(`     saved ${SHOTS}command-center-1920.png`);

    // Select a device other than the one selected at start: prefer a mass spectrometer.
    const target = await step('pick a device to select', async () => {
      const rows = await page.locator('[data-testid="device-row"]').evaluateAll((els) =>
        els.map((el) => ({ id: el.getAttribute('data-device-id'), kind: el.getAttribute('data-kind'), selected: el.getAttribute('aria-selected') === 'true' })),
      );
      const candidates = rows.filter((r) => !r.selected && r.id);
      const pick = candidates.find((r) => r.kind === 'ms') ?? candidates[0];
      if (!pick) throw new Error('no unselected device row');
      return pick;
    });

    await step(`click device row ${target.id} (${target.kind})`, async () => {
      await page.locator(`[data-testid="device-row"][data-device-id="${target.id}"]`).click();
      await page.waitForSelector(`[data-testid="device-row"][data-device-id="${target.id}"][aria-selected="true"]`, { timeout: TIMEOUT_MS });
    });

    const points = await step(`live chart shows data points for ${target.id}`, async () => {
      await page.waitForFunction(
        (id) => {
          const el = document.querySelector('[data-testid="live-chart"]');
          return el?.getAttribute('data-device-id') === id && Number(el.getAttribute('data-points')) > 0 && el.querySelector('canvas') !== null;
        },
        target.id,
        { timeout: TIMEOUT_MS },
      );
      return Number(await page.locator('[data-testid="live-chart"]').getAttribute('data-points'));
    });
    log(`     ${points} points in the 10-minute window`);

    await step('latest values panel is filled', () =>
      page.waitForFunction(() => document.querySelectorAll('[data-testid="latest-values"] .latest-cell').length > 2, null, { timeout: TIMEOUT_MS }),
    );
    await page.waitForTimeout(800);
    await page.screenshot({ path: `${SHOTS}selected-${target.id}-1920.png` });
    log(`     saved ${SHOTS}selected-${target.id}-1920.png`);

    // A drone view too, for its tracks and three-panel chart.
    const drone = await page.locator('[data-testid="device-row"][data-kind="drone"]').first().getAttribute('data-device-id');
    if (drone) {
      await page.locator(`[data-testid="device-row"][data-device-id="${drone}"]`).click();
      await page.waitForFunction((id) => document.querySelector('[data-testid="live-chart"]')?.getAttribute('data-device-id') === id, drone, { timeout: TIMEOUT_MS });
    }

    await step('usable at 1366×768', async () => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.waitForTimeout(1000);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1 || document.documentElement.scrollHeight > window.innerHeight + 1);
      if (overflow) throw new Error('the page scrolls at 1366×768');
      const chartBox = await page.locator('[data-testid="live-chart"]').boundingBox();
      if (!chartBox || chartBox.height < 200 || chartBox.width < 300) throw new Error(`live chart too small: ${JSON.stringify(chartBox)}`);
    });
    await page.screenshot({ path: `${SHOTS}command-center-1366.png` });
    log(`     saved ${SHOTS}command-center-1366.png`);

    if (pageErrors.length > 0) throw new Failure(`uncaught errors in the page: ${pageErrors.join(' | ')}`);
    log('PASS');
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`[browser-test] FAIL ${e instanceof Failure ? e.message : e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
