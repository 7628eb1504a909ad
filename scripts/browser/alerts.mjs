/**
 * Alerts on the running product with its demo fleet: an exposure exceedance reaches the ticker; its
 * detail shows the triggering readings with the colour limits and the closed-loop timeline;
 * acknowledging it moves its state (detail, ticker, list); a GeoJSON file uploaded as geofences is
 * checked, created and drawn on the map; the detail fits 1366×768. Screenshots of the detail and the
 * map go to docs/screenshots/. The geofence the test created is deleted again.
 *
 * TIANYAN_ALERT_WAIT_MS: how long to wait for the fleet's first exposure alert (default 3 min).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, newPage, signIn, step, TIMEOUT_MS, URL_UNDER_TEST } from './support.mjs';

const ALERT_WAIT_MS = Number(process.env.TIANYAN_ALERT_WAIT_MS ?? 180_000);
const DOCS_SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

async function docShot(page, name) {
  const path = `${DOCS_SHOTS}${name}.png`;
  await page.screenshot({ path });
  log(`     saved ${path}`);
}

/** A small square geofence east of the demo area's plant, named so repeated runs never collide. */
function geofenceFile(name) {
  const [lon, lat, d] = [114.296, 30.622, 0.004];
  const ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]];
  return { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name }, geometry: { type: 'Polygon', coordinates: [ring] } }] };
}

export async function alertsSuite(browser) {
  const token = await step('sign in as the demo admin', () => signIn());
  const { page, context, errors } = await newPage(browser, { token });
  const wait = (fn, arg, timeout = TIMEOUT_MS) => page.waitForFunction(fn, arg, { timeout });
  const tmp = await mkdtemp(join(tmpdir(), 'tianyan-alerts-'));
  const createdRules = [];
  try {
    await step(`open ${URL_UNDER_TEST}`, async () => {
      const res = await page.goto(URL_UNDER_TEST, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      if (!res || !res.ok()) throw new Error(`HTTP ${res?.status() ?? 'no response'}`);
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS });
    });

    const raised = '[data-testid="alert-ticker-item"][data-rule-kind="exposure"][data-state="raised"][data-drill="false"]';
    const alertId = await step(`an exposure alert of the demo fleet reaches the ticker (waits up to ${ALERT_WAIT_MS / 1000} s)`, async () => {
      await page.waitForSelector(raised, { state: 'attached', timeout: ALERT_WAIT_MS });
      return page.locator(raised).first().getAttribute('data-alert-id');
    });
    log(`     ${alertId}: ${await page.locator(`${raised}[data-alert-id="${alertId}"] .ticker-msg`).textContent()}`);

    const detail = `[data-testid="alert-detail"][data-alert-id="${alertId}"]`;
    await step('clicking it in the ticker opens its detail', async () => {
      // The band may be scrolling: dispatch the click on the item itself.
      await page.locator(`[data-testid="alert-ticker-item"][data-alert-id="${alertId}"] button`).dispatchEvent('click');
      await page.waitForSelector(`${detail}:visible`, { timeout: TIMEOUT_MS });
    });
    await step('detail: measure against its limit, the readings chart with colour limits and linked readings', async () => {
      await wait(() => (document.querySelector('[data-testid="alert-fact-measure"] dd')?.textContent ?? '').includes('≥'));
      await wait(() => {
        const chart = document.querySelector('[data-testid="alert-chart"]');
        return Number(chart?.getAttribute('data-points')) > 0 && Number(chart?.getAttribute('data-readings')) > 0 && Number(chart?.getAttribute('data-limits')) > 0;
      });
      log(`     chart ${await page.getAttribute('[data-testid="alert-chart"]', 'data-field')}: ${await page.getAttribute('[data-testid="alert-chart"]', 'data-points')} points, ${await page.getAttribute('[data-testid="alert-chart"]', 'data-readings')} linked readings`);
    });
    await step('detail: the closed-loop timeline starts with the raise', async () => {
      await page.waitForSelector(`${detail} [data-testid="alert-step"][data-kind="raised"]`, { timeout: TIMEOUT_MS });
    });
    await page.waitForTimeout(800);
    await docShot(page, 'alerts-detail');

    await step('acknowledging it moves it to acknowledged: detail, timeline and ticker', async () => {
      await page.click(`${detail} [data-testid="alert-action"][data-action="acknowledge"]`);
      await page.waitForSelector(`${detail}[data-state="acknowledged"]`, { timeout: TIMEOUT_MS });
      await page.waitForSelector(`${detail} [data-testid="alert-step"][data-kind="acknowledge"]`, { timeout: TIMEOUT_MS });
      await page.waitForSelector(`[data-testid="alert-ticker-item"][data-alert-id="${alertId}"][data-state="acknowledged"]`, { state: 'attached', timeout: TIMEOUT_MS });
      // Acknowledged: the next step is dispatching it, which an admin may do.
      await page.waitForSelector(`${detail} [data-testid="alert-action"][data-action="dispatch"]`, { timeout: TIMEOUT_MS });
    });
    await step('the alert list shows it acknowledged, and filters by colour', async () => {
      await page.click('[data-testid="alert-back"]');
      await page.waitForSelector(`[data-testid="alert-row"][data-alert-id="${alertId}"][data-state="acknowledged"]`, { timeout: TIMEOUT_MS });
      const level = await page.getAttribute(`[data-testid="alert-row"][data-alert-id="${alertId}"]`, 'data-level');
      await page.click(`.level-toggle[data-level="${level}"]`);
      await wait((l) => {
        const rows = [...document.querySelectorAll('[data-testid="alert-row"]')];
        return document.querySelector('[data-testid="alert-list"]')?.getAttribute('data-loading') === 'false' && rows.length > 0 && rows.every((r) => r.getAttribute('data-level') === l);
      }, level);
      await page.click('[data-testid="alert-drawer-close"]');
    });

    const name = `browser-test ${new Date().toISOString()}`;
    const file = join(tmp, 'geofence.geojson');
    await writeFile(file, JSON.stringify(geofenceFile(name)));
    const ruleId = await step('a GeoJSON file uploaded as a geofence is checked, created and drawn on the map', async () => {
      await page.click('[data-testid="geofence-upload"]');
      await page.setInputFiles('[data-testid="geofence-file"]', file);
      await page.waitForSelector('[data-testid="geofence-import-check"][data-rules="1"][data-errors="0"]', { timeout: TIMEOUT_MS });
      await page.click('[data-testid="geofence-import-submit"]');
      await page.waitForSelector('[data-testid="geofence-import-result"][data-created="1"]', { timeout: TIMEOUT_MS });
      const [id] = JSON.parse(await page.getAttribute('[data-testid="geofence-import-result"]', 'data-created-ids'));
      createdRules.push(id);
      await wait((rule) => JSON.parse(document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-geofence-ids') ?? '[]').includes(rule), id);
      await page.click('[data-testid="geofence-import-close"]');
      return id;
    });
    log(`     geofence ${ruleId} "${name}"`);
    await step('open alerts with a position are pinned on the map', () => wait(() => Number(document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-alerts')) > 0));
    await page.waitForTimeout(1200);
    await docShot(page, 'alerts-map');

    await step('the detail is usable at 1366×768 without page scrolling', async () => {
      await page.setViewportSize({ width: 1366, height: 768 });
      await page.locator(`[data-testid="alert-ticker-item"][data-alert-id="${alertId}"] button`).dispatchEvent('click');
      await page.waitForSelector(`${detail}:visible`, { timeout: TIMEOUT_MS });
      await page.waitForTimeout(1000);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1 || document.documentElement.scrollHeight > window.innerHeight + 1);
      if (overflow) throw new Error('the page scrolls at 1366×768');
      const box = await page.locator('[data-testid="alert-chart"]').boundingBox();
      if (!box || box.height < 150 || box.width < 300) throw new Error(`alert chart too small: ${JSON.stringify(box)}`);
      await page.setViewportSize({ width: 1920, height: 1080 });
    });

    if (errors.length > 0) throw new Error(`uncaught errors in the page: ${errors.join(' | ')}`);
  } finally {
    // Leave the product as it was: the test's geofences go again.
    for (const id of createdRules) {
      await fetch(`${URL_UNDER_TEST}/api/alert-rules/${id}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    }
    await rm(tmp, { recursive: true, force: true });
    await context.close();
  }
}
