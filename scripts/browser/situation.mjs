/**
 * The situation picture (issue 8) on the running product: the demo fleet's open drill incident shows
 * in the 态势 panel, the demo receptors are drawn on the map with their status, a plume appears once
 * the spectrometers have measured it (TIANYAN_PLUME_WAIT_MS, default 4 min on a fresh product),
 * the layer toggle hides and shows it, and docs/screenshots/situation.png is saved. The REST seek
 * returns the stored picture the screen shows.
 */
import { fileURLToPath } from 'node:url';
import { log, newPage, signIn, step, TIMEOUT_MS, URL_UNDER_TEST } from './support.mjs';

const DOCS_SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PLUME_WAIT_MS = Number(process.env.TIANYAN_PLUME_WAIT_MS ?? 240_000);

export async function situationSuite(browser) {
  const token = await step('sign in as the demo admin', () => signIn());
  const { page, context, errors } = await newPage(browser, { token });
  const canvas = '[data-testid="map-canvas"]';
  const num = async (selector, name) => Number(await page.locator(selector).first().getAttribute(name));
  try {
    await step(`open ${URL_UNDER_TEST}`, async () => {
      const res = await page.goto(URL_UNDER_TEST, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      if (!res || !res.ok()) throw new Error(`HTTP ${res?.status() ?? 'no response'}`);
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS });
    });

    const incidentId = await step('the demo drill incident is in the situation panel, labelled as a drill', async () => {
      const row = '[data-testid="situation-incident"]';
      await page.waitForSelector(row, { timeout: TIMEOUT_MS });
      if ((await page.locator(row).first().getAttribute('data-drill')) !== 'true') throw new Error('the demo incident is not marked as a drill');
      return page.locator(row).first().getAttribute('data-incident-id');
    });

    await step('the demo receptors are on the map', async () => {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-receptors')) >= 5, canvas, { timeout: TIMEOUT_MS });
    });

    await step(`a plume is contoured and drawn (waits up to ${PLUME_WAIT_MS / 1000} s for the survey to cross it)`, async () => {
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-plume-zones')) > 0, canvas, { timeout: PLUME_WAIT_MS, polling: 1000 });
      await page.waitForSelector('[data-testid="situation-plume"]', { timeout: TIMEOUT_MS });
      const area = await num('[data-testid="situation-plume"]', 'data-area-km2');
      if (!(area > 0)) throw new Error(`plume area ${area} km²`);
      log(`     ${await num(canvas, 'data-plume-zones')} zones, first plume ${area.toFixed(3)} km², receptors inside ${await num(canvas, 'data-receptors-inside')}`);
      // Every plume row says which estimate drew it (a fit with its R², or interpolation).
      const badges = await page.locator('[data-testid="situation-plume"] [data-testid="situation-estimate"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-method'), e.textContent]));
      const rows = await page.locator('[data-testid="situation-plume"]').count();
      if (badges.length !== rows || badges.some(([m]) => m !== 'dispersion-fit' && m !== 'idw')) throw new Error(`estimate badges ${JSON.stringify(badges)} for ${rows} plume rows`);
      log(`     estimates: ${badges.map(([, text]) => text).join(', ')}`);
    });

    await step('the plume layer toggle hides the zones and shows them again', async () => {
      const toggle = page.locator('[data-testid="layer-toggle"][data-layer="plumes"] input');
      await toggle.uncheck();
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-plume-zones')) === 0, canvas, { timeout: TIMEOUT_MS });
      await toggle.check();
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-plume-zones')) > 0, canvas, { timeout: TIMEOUT_MS });
    });

    await step('the stored picture (REST seek at now) has the plume the screen draws', async () => {
      const res = await fetch(`${URL_UNDER_TEST}/api/incidents/${incidentId}/situation?at=${new Date().toISOString()}`, { headers: { authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const snapshot = await res.json();
      if (!snapshot || snapshot.incidentId !== incidentId) throw new Error('no stored snapshot for the demo incident');
      if (!snapshot.plumes.some((p) => p.zones.length > 0)) throw new Error('the stored snapshot has no plume zone');
    });

    await step('the map frames the incident on its own, and again on 定位事件 after the user reset the view', async () => {
      const zoom = () => num(canvas, 'data-map-zoom');
      const framed = (sel) => Number(document.querySelector(sel)?.getAttribute('data-map-zoom')) > 1.3;
      await page.waitForFunction(framed, canvas, { timeout: TIMEOUT_MS });
      log(`     framed at zoom ${await zoom()} (start view 1.3)`);
      await page.locator('[data-testid="map-reset"]').click();
      await page.waitForFunction((sel) => Number(document.querySelector(sel)?.getAttribute('data-map-zoom')) === 1.3, canvas, { timeout: TIMEOUT_MS });
      await page.locator('[data-testid="map-fit"]').click();
      await page.waitForFunction(framed, canvas, { timeout: TIMEOUT_MS });
      // Every receptor at stake is drawn inside the canvas.
      const box = await page.locator(canvas).boundingBox();
      const positions = JSON.parse((await page.locator(canvas).getAttribute('data-receptor-positions')) ?? '{}');
      const outside = Object.entries(positions).filter(([, [x, y]]) => x < 0 || y < 0 || x > box.width || y > box.height);
      if (outside.length > 0) log(`     receptors outside the framed view (safe, far): ${outside.map(([id]) => id).join(', ')}`);
    });

    await step('screenshot docs/screenshots/situation.png', async () => {
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${DOCS_SHOTS}situation.png` });
    });
    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}
