/**
 * Shared pieces of the browser tests: headless Chromium (Debian's, never a downloaded one), sign-in
 * against the product, a TCP proxy the tests can cut to simulate a network drop, steps and shots.
 */
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const URL_UNDER_TEST = (process.env.TIANYAN_URL ?? 'http://localhost:3000').replace(/\/$/, '');
export const SHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
export const TIMEOUT_MS = Number(process.env.TIANYAN_TIMEOUT_MS ?? 20_000);
export const ADMIN = { username: process.env.TIANYAN_USER ?? 'admin', password: process.env.TIANYAN_PASSWORD ?? process.env.ADMIN_PASSWORD ?? 'tianyan-demo' };

export const log = (msg) => console.log(`[browser-test] ${msg}`);
export class Failure extends Error {}

export async function step(name, fn) {
  const started = Date.now();
  try {
    const result = await fn();
    log(`ok   ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (e) {
    throw new Failure(`${name}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
}

export async function launch() {
  await mkdir(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Signs in by REST; null when the product has no sign-in (older builds). */
export async function signIn(baseUrl = URL_UNDER_TEST) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`sign-in as ${ADMIN.username} failed: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

/** A page whose session carries the access token before any script runs. */
export async function newPage(browser, { width = 1920, height = 1080, token, locale = 'zh-CN' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale, timezoneId: 'Asia/Shanghai' });
  if (token) await context.addInitScript((t) => sessionStorage.setItem('tianyan.accessToken', t), token);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') log(`console error: ${msg.text()}`);
  });
  return { page, context, errors };
}

export async function shot(page, name) {
  const path = `${SHOTS}${name}.png`;
  await page.screenshot({ path });
  log(`     saved ${path}`);
  return path;
}

/**
 * A TCP proxy in front of the product: the page talks to it, so `cut()` is a real network drop for
 * REST and the socket alike (connections reset, new ones refused) until `restore()`.
 */
export async function startProxy(target = URL_UNDER_TEST) {
  const { hostname, port } = new URL(target);
  const targetPort = Number(port || 80);
  const sockets = new Set();
  let down = false;
  const server = net.createServer((client) => {
    if (down) return client.destroy();
    const upstream = net.connect(targetPort, hostname);
    sockets.add(client);
    sockets.add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    cut() {
      down = true;
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    restore() {
      down = false;
    },
    close: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

export const attr = (page, selector, name) => page.locator(selector).first().getAttribute(name);

/**
 * Clicks, where the map draws it, the device of `kind` standing furthest from any other device (so
 * the click cannot land on a neighbour), and waits for its panel. Returns the device id.
 */
export async function clickDeviceOnMap(page, kind) {
  const canvas = page.locator('[data-testid="map-canvas"]');
  await page.waitForFunction((k) => {
    const p = JSON.parse(document.querySelector('[data-testid="map-canvas"]')?.getAttribute('data-positions') ?? '{}');
    return [...document.querySelectorAll(`[data-testid="device-row"][data-kind="${k}"]`)].some((el) => el.dataset.deviceId in p);
  }, kind, { timeout: TIMEOUT_MS });
  const ids = await page.locator(`[data-testid="device-row"][data-kind="${kind}"]`).evaluateAll((els) => els.map((el) => el.dataset.deviceId));
  let lastError;
  // Devices move (drones fly at ~10 m/s): re-read where they are drawn on each attempt.
  for (let attempt = 0; attempt < 4; attempt++) {
    const box = await canvas.boundingBox();
    const drawn = JSON.parse((await canvas.getAttribute('data-positions')) ?? '{}');
    // Clickable only inside the canvas, clear of the overlaid situation panel.
    const panel = await page.locator('[data-testid="situation-panel"]').boundingBox().catch(() => null);
    const clear = ([x, y]) => x > 4 && y > 4 && x < box.width - 4 && y < box.height - 4 && !(panel && box.x + x >= panel.x && box.x + x <= panel.x + panel.width && box.y + y >= panel.y && box.y + y <= panel.y + panel.height);
    const positions = Object.fromEntries(Object.entries(drawn).filter(([, q]) => clear(q)));
    if (!ids.some((i) => i in positions)) {
      // The map framed an incident the device is not part of (it does so on its own once a plume is
      // drawn): back to the start view, where the whole fleet is.
      await page.locator('[data-testid="map-reset"]').click();
      await page.waitForTimeout(500);
      continue;
    }
    const isolation = (id) => Math.min(...Object.entries(positions).filter(([other]) => other !== id).map(([, q]) => Math.hypot(q[0] - positions[id][0], q[1] - positions[id][1])));
    const id = ids.filter((i) => i in positions).sort((a, b) => isolation(b) - isolation(a))[0];
    const [x, y] = positions[id];
    await page.mouse.move(0, 0);
    const before = await page.locator('[data-testid="device-panel"]').getAttribute('data-device-id');
    await canvas.click({ position: { x, y } });
    try {
      // Right after start the fleet stands together at its staging point: a click may land on a
      // neighbour of the same kind, which opens that device's panel just as well.
      const opened = await page.waitForFunction(
        ([kindIds, target, previous]) => {
          const shown = document.querySelector('[data-testid="device-panel"]')?.getAttribute('data-device-id');
          return shown && kindIds.includes(shown) && (shown === target || shown !== previous) ? shown : null;
        },
        [ids, id, before],
        { timeout: 4000 },
      );
      return await opened.jsonValue();
    } catch (e) {
      lastError = e;
    }
  }
  throw lastError;
}
