/**
 * Post-incident playback (issue 7) on the running product: creates a drill incident over the last
 * ten minutes with the demo devices deployed (REST, as admin), opens it from the header, plays it at
 * 16× (the replay clock advances, the map changes), scrubs (the state at T replaces the panels),
 * saves docs/screenshots/replay.png and returns to live.
 */
import { fileURLToPath } from 'node:url';
import { log, newPage, signIn, step, TIMEOUT_MS, URL_UNDER_TEST } from './support.mjs';

const DOCS_SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const WINDOW_MS = 10 * 60_000;

async function api(token, method, path, body) {
  const res = await fetch(`${URL_UNDER_TEST}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} → HTTP ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

export async function replaySuite(browser) {
  const token = await step('sign in as the demo admin', () => signIn());
  const incident = await step('create a drill incident over the last 10 minutes with the demo devices deployed', async () => {
    const end = Date.now();
    const devices = await api(token, 'GET', '/api/devices');
    if (devices.length === 0) throw new Error('the product has no devices');
    // At most the last 10 minutes, and not before the fleet's first message: a replay of empty
    // minutes would change nothing on the screen.
    const firstSeen = Math.min(...devices.map((d) => Date.parse(d.firstSeen)));
    const start = Math.max(end - WINDOW_MS, firstSeen);
    const created = await api(token, 'POST', '/api/incidents', {
      code: `BT-${end}`, title: 'Browser test replay', level: 'III', drill: true, startAt: new Date(start).toISOString(), endAt: new Date(end).toISOString(),
    });
    for (const d of devices) await api(token, 'POST', `/api/incidents/${created.id}/deployments`, { deviceId: d.id, from: new Date(start).toISOString(), to: null });
    return created;
  });

  const { page, context, errors } = await newPage(browser, { token });
  const wait = (fn, arg, timeout = TIMEOUT_MS) => page.waitForFunction(fn, arg, { timeout });
  const clockAt = async () => Number(await page.locator('[data-testid="replay-clock"]').getAttribute('data-at'));
  const positions = () => page.locator('[data-testid="map-canvas"]').getAttribute('data-positions');
  try {
    await step(`open ${URL_UNDER_TEST}`, async () => {
      const res = await page.goto(URL_UNDER_TEST, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
      if (!res || !res.ok()) throw new Error(`HTTP ${res?.status() ?? 'no response'}`);
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS });
    });

    await step('the incident picker lists it, labelled as a drill; opening it switches to replay mode', async () => {
      await page.click('[data-testid="incident-open"]');
      const row = `[data-testid="incident-row"][data-incident-id="${incident.id}"]`;
      await page.waitForSelector(row, { timeout: TIMEOUT_MS });
      if ((await page.locator(row).getAttribute('data-drill')) !== 'true') throw new Error('the drill is not marked as one');
      await page.click(row);
      await page.waitForSelector(`[data-testid="replay-bar"][data-incident-id="${incident.id}"]`, { timeout: TIMEOUT_MS });
      await page.waitForSelector('[data-testid="replay-drill"]', { timeout: TIMEOUT_MS });
      await wait(() => document.querySelector('[data-testid="mode-badge"]')?.getAttribute('data-mode') === 'replay');
      // The badge switches at once; the clock is set when the seek at the start has answered.
      const start = Date.parse(incident.startAt);
      await wait((t) => Math.abs(Number(document.querySelector('[data-testid="replay-clock"]')?.getAttribute('data-at')) - t) <= 1000, start).catch(() => undefined);
      const at = await clockAt();
      if (Math.abs(at - start) > 1000) throw new Error(`replay clock at ${new Date(at).toISOString()}, not the incident start`);
    });

    const before = await positions();
    await step('play at 16×: the replay clock advances and the map changes', async () => {
      const start = await clockAt();
      await page.selectOption('[data-testid="replay-speed"]', '16');
      await page.click('[data-testid="replay-play"]');
      // 30 s of device time is ~2 s at 16×: generous for a shared machine.
      await wait((t) => Number(document.querySelector('[data-testid="replay-clock"]')?.getAttribute('data-at')) > t + 30_000, start);
      await wait((p) => {
        const now = document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-positions');
        return now && now !== '{}' && now !== p;
      }, before);
      log(`     clock ${new Date(start).toISOString()} → ${new Date(await clockAt()).toISOString()}`);
    });

    await step('the situation panel pictures the replayed incident (defined afterwards: computed from the stored readings)', async () => {
      await page.waitForSelector(`[data-testid="situation-incident"][data-incident-id="${incident.id}"]`, { timeout: TIMEOUT_MS });
      const others = await page.locator('[data-testid="situation-incident"]').evaluateAll((els, id) => els.filter((el) => el.dataset.incidentId !== id).length, incident.id);
      if (others > 0) throw new Error(`replay shows ${others} other incidents' pictures`);
    });

    await step('pause, then scrub to 90 %: the clock jumps there and the state at T replaces the panels', async () => {
      await page.click('[data-testid="replay-play"]');
      await wait(() => document.querySelector('[data-testid="replay-play"]')?.getAttribute('data-paused') === 'true');
      const shown = await positions();
      const box = await page.locator('[data-testid="replay-timeline"]').boundingBox();
      await page.mouse.click(box.x + box.width * 0.9, box.y + box.height / 2);
      const target = Date.parse(incident.startAt) + 0.9 * (Date.parse(incident.endAt) - Date.parse(incident.startAt));
      await wait((t) => Math.abs(Number(document.querySelector('[data-testid="replay-clock"]')?.getAttribute('data-at')) - t) < 15_000, target);
      await wait((p) => {
        const now = document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-positions');
        return now && now !== '{}' && now !== p;
      }, shown);
      const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      if (overflow > 0) throw new Error(`the replay bar pushes the page ${overflow} px past the window`);
    });

    await step('screenshot docs/screenshots/replay.png', async () => {
      await page.waitForTimeout(600);
      await page.screenshot({ path: `${DOCS_SHOTS}replay.png` });
    });

    await step('leaving replay returns to live', async () => {
      await page.click('[data-testid="replay-exit"]');
      await page.waitForSelector('[data-testid="replay-bar"]', { state: 'detached', timeout: TIMEOUT_MS });
      await wait(() => document.querySelector('[data-testid="mode-badge"]')?.getAttribute('data-mode') === 'live');
      await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: TIMEOUT_MS });
      // Live "now" again: the header clock is within a minute of the wall clock.
      await wait(() => Math.abs(Date.parse(document.querySelector('[data-testid="clock"]')?.getAttribute('datetime') ?? '') - Date.now()) < 60_000);
    });

    if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  } finally {
    await context.close();
  }
}
