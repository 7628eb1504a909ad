#!/usr/bin/env node
/**
 * UI smoothness bench: the built command center (dist/web) in headless Chromium, fed 50 live series
 * at 10 Hz through its real socket client by a small local Socket.IO server (10 drones × altitude,
 * speed, battery + 2 spectrometers × 10 compounds, one batch per kind every 100 ms). Prints frame
 * rate (requestAnimationFrame timing), long tasks and the JS heap over the run.
 *
 *   npm run build && node bench/ui/ui.bench.mjs [--minutes 1] [--select ms-01|drone-01] [--no-prefill] [--profile-at 1,30] [--json out.json] [--smoke]
 *
 * Like every bench it ends with one JSON line; `--smoke` (part of `npm run bench:smoke`) runs 12 s
 * and fails only on page errors or a screen that drew no frame: its numbers are not figures.
 *
 * By default the selected device's 10-minute window is served full by the series API (6,000 points
 * per series, the steady state), so a short run measures the worst case.
 *
 * `--minutes 60` is the hour check: the store's ring buffers fill in 10 minutes (6,000 points per
 * series), after which the heap must stay flat.
 */
import { createServer } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { chromium } from 'playwright-core';
import { SourceMapConsumer } from 'source-map-js';
// The contracts' codec, as the gateway uses it (built by `npm run build:server`).
import { packReadings } from '../../dist/libs/contracts/src/live/readings-frame.js';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const SMOKE = args.includes('--smoke');
const MINUTES = SMOKE ? 0.2 : Number(arg('minutes', '1'));
const SELECT = arg('select', 'ms-01');
/** Diagnostics: `--hz 0` runs the screen with no feed (the idle baseline). */
const FEED_HZ = Number(arg('hz', '10'));
const JSON_OUT = arg('json', null);
const HZ = 10;
const DRONES = 10;
const SPECTROMETERS = 2;
const GASES = [
  ['7783-06-4', 'hydrogen sulfide'], ['7647-01-0', 'hydrogen chloride'], ['7782-50-5', 'chlorine'], ['71-43-2', 'benzene'], ['108-88-3', 'toluene'],
  ['7664-41-7', 'ammonia'], ['74-90-8', 'hydrogen cyanide'], ['7446-09-5', 'sulfur dioxide'], ['630-08-0', 'carbon monoxide'], ['10102-44-0', 'nitrogen dioxide'],
];
const WEB = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const CENTER = [114.27, 30.61];

const devices = [
  ...Array.from({ length: DRONES }, (_, i) => ({ id: `drone-${String(i + 1).padStart(2, '0')}`, kind: 'drone' })),
  ...Array.from({ length: SPECTROMETERS }, (_, i) => ({ id: `ms-${String(i + 1).padStart(2, '0')}`, kind: 'ms' })),
];
const summaries = () => devices.map((d) => ({
  id: d.id, kind: d.kind, state: 'online', online: true, firstSeen: new Date().toISOString(), lastSeen: new Date().toISOString(),
  dataAgeMs: 0, batteryPct: 90, firmware: 'bench', autoProvisioned: false,
}));

/** `--no-prefill`: start with empty history (buffers fill over 10 minutes of live data). */
const PREFILL = !args.includes('--no-prefill');
const droneIndex = (id) => devices.filter((d) => d.kind === 'drone').findIndex((d) => d.id === id);
const msIndex = (id) => devices.filter((d) => d.kind === 'ms').findIndex((d) => d.id === id);
const gasPpm = (k, i, t) => Math.max(0, (k + 1) * 0.3 * (1 + Math.sin(t / (4000 + k * 500) + i)));
function seriesValue(id, field) {
  const i = droneIndex(id);
  if (i >= 0) {
    if (field === 'relAltM') return (t) => 90 + 5 * Math.sin(t / 3000 + i);
    if (field === 'groundSpeedMs') return (t) => 8 + Math.sin(t / 2000 + i);
    if (field === 'batteryPct') return (t) => 90 - ((t / 60_000) % 60);
    return null;
  }
  const m = msIndex(id);
  const k = GASES.findIndex(([cas]) => field === `gas:${cas}`);
  return m >= 0 && k >= 0 ? (t) => gasPpm(k, m, t) : null;
}

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = `${b64url({ alg: 'none' })}.${b64url({ sub: 'bench', exp: Math.floor(Date.now() / 1000) + 86_400 })}.bench`;
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json' };

const json = (res, body) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};
const server = createServer(async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  if (p === '/api/auth/me') return json(res, { id: 'bench', username: 'bench', displayName: 'Bench', role: 'admin' });
  if (p === '/api/devices') return json(res, summaries());
  // The newest reading of each stream, as stored: a spectrometer's compounds are known from it before its first live frame.
  if (/^\/api\/devices\/[^/]+\/latest$/.test(p)) return json(res, { deviceId: p.split('/')[3], readings: latestReadings.get(p.split('/')[3]) ?? [] });
  if (/^\/api\/devices\/[^/]+\/series$/.test(p)) {
    // The full 10-minute window at 10 Hz, as a refresh after 10 minutes of live data would load it.
    const id = p.split('/')[3];
    const field = url.searchParams.get('field') ?? '';
    const from = Date.parse(url.searchParams.get('from') ?? '');
    const to = Date.parse(url.searchParams.get('to') ?? '');
    const points = [];
    const value = seriesValue(id, field);
    if (value && PREFILL) for (let t = Math.ceil(from / 100) * 100; t <= to; t += 100) points.push({ t, value: value(t) });
    return json(res, { deviceId: id, stream: url.searchParams.get('stream'), field, from: '', to: '', bucketMs: null, points });
  }
  if (p === '/api/quarantine') return json(res, { items: [], total: 0 });
  if (p === '/api/fleet/health') return json(res, devices.map((d) => ({ deviceId: d.id, quarantined: 0, lateReadings: 0, lastQuarantinedAt: null })));
  if (p.startsWith('/api/')) {
    res.writeHead(404);
    return res.end();
  }
  try {
    const file = normalize(join(WEB, p === '/' ? 'index.html' : p));
    if (!file.startsWith(WEB)) throw new Error('outside');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404);
    res.end();
  }
});
const io = new Server(server);
io.on('connection', (socket) => {
  socket.on('subscribe', (request, ack) => {
    socket.join('all');
    ack?.({ ok: true, rooms: ['all'], maxHz: HZ });
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

let seq = 0;
let sent = 0;
/** Device id → its newest readings, for `/api/devices/:id/latest`. */
const latestReadings = new Map();
const common = (id, kind, channel, time) => ({ deviceId: id, kind, channel, stream: `${kind}/${channel}`, seq: seq++, time, receivedAt: time, late: false, drill: false, quality: 'N', extra: null });
const feed = FEED_HZ <= 0 ? null : setInterval(() => {
  const t = Date.now();
  const drones = devices.filter((d) => d.kind === 'drone').map((d, i) => {
    const a = t / 20_000 + i;
    return {
      ...common(d.id, 'drone', 'telemetry', t),
      data: {
        lat: CENTER[1] + 0.004 * Math.sin(a) + i * 0.0008, lon: CENTER[0] + 0.005 * Math.cos(a), altM: 110 + 5 * Math.sin(t / 3000 + i), relAltM: 90 + 5 * Math.sin(t / 3000 + i),
        headingDeg: ((a * 57.3) % 360 + 360) % 360, groundSpeedMs: 8 + Math.sin(t / 2000 + i), vertSpeedMs: 0, batteryPct: 90 - ((t / 60_000) % 60), satellites: 18, mode: 'orbit',
      },
    };
  });
  const ms = devices.filter((d) => d.kind === 'ms').map((d, i) => ({
    ...common(d.id, 'ms', 'survey', t),
    data: {
      lat: CENTER[1] - 0.006 + i * 0.003, lon: CENTER[0] + 0.004, tic: 1e6,
      gases: GASES.map(([cas, name], k) => {
        const ppm = gasPpm(k, i, t);
        return { cas, name, value: ppm, unit: 'ppm', ppm };
      }),
    },
  }));
  for (const r of [...drones, ...ms]) latestReadings.set(r.deviceId, [r]);
  io.to('all').emit('readings', packReadings([...drones, ...ms]));
  sent += drones.length * 3 + ms.length * GASES.length;
}, 1000 / Math.max(FEED_HZ, 0.001));

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
await context.addInitScript((t) => sessionStorage.setItem('tianyan.accessToken', t), token);
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.stack ?? e.message));
await page.goto(`${base}/?device=${encodeURIComponent(SELECT)}`, { waitUntil: 'domcontentloaded' });
await page.waitForSelector('[data-testid="connection-state"][data-state="live"]', { timeout: 30_000 });
await page.waitForSelector(`[data-testid="device-panel"][data-device-id="${SELECT}"]`, { timeout: 30_000 });
await page.waitForTimeout(3000); // warm-up: charts initialised, JIT settled

await page.evaluate(() => {
  const w = window;
  const origin = performance.now();
  // Per-minute bins as well as the whole run: a screen watched for hours must not slow down as it goes.
  const bench = { frames: [], longTasks: [], minutes: [] };
  w.__bench = bench;
  const bin = (at) => {
    const m = Math.floor((at - origin) / 60_000);
    while (bench.minutes.length <= m) bench.minutes.push({ frames: 0, frameMs: 0, over50: 0, longTasks: 0, longTaskMs: 0, worstSecondFps: Infinity });
    return bench.minutes[m];
  };
  let last = performance.now();
  let secondStart = last;
  let secondFrames = 0;
  const loop = (now) => {
    const dt = now - last;
    bench.frames.push(dt);
    const b = bin(now);
    b.frames++;
    b.frameMs += dt;
    if (dt > 50) b.over50++;
    secondFrames++;
    if (now - secondStart >= 1000) {
      b.worstSecondFps = Math.min(b.worstSecondFps, (secondFrames * 1000) / (now - secondStart));
      secondStart = now;
      secondFrames = 0;
    }
    last = now;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      bench.longTasks.push(e.duration);
      const b = bin(e.startTime);
      b.longTasks++;
      b.longTaskMs += e.duration;
    }
  }).observe({ type: 'longtask', buffered: false });
});

/**
 * Where the main thread's time goes over 10 s (`--profile`: at the start; `--profile-at 1,30`: at
 * those minutes): functions by self time, and the screen's own functions by inclusive time, named
 * through the build's source maps (the bundle is minified).
 */
const cdp = await context.newCDPSession(page);
const sourceMaps = new Map();
async function originalOf(frame) {
  const asset = frame.url.startsWith(base) ? join(WEB, new URL(frame.url).pathname) : null;
  if (!asset || frame.lineNumber < 0) return { name: frame.functionName || '(anon)', where: `${frame.url.split('/').pop() || frame.url}`, own: false };
  if (!sourceMaps.has(asset)) sourceMaps.set(asset, await readFile(`${asset}.map`, 'utf8').then((raw) => new SourceMapConsumer(JSON.parse(raw)), () => null));
  const position = sourceMaps.get(asset)?.originalPositionFor({ line: frame.lineNumber + 1, column: frame.columnNumber });
  if (!position?.source) return { name: frame.functionName || '(anon)', where: asset.split('/').pop(), own: false };
  const source = position.source.replace(/^(\.\.\/)+/, '');
  return { name: position.name ?? frame.functionName ?? '(anon)', where: `${source}:${position.line}`, own: !source.includes('node_modules') };
}
async function profileTenSeconds(label) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await page.waitForTimeout(10_000);
  const { profile } = await cdp.send('Profiler.stop');
  const keyOf = new Map();
  const parentOf = new Map();
  for (const node of profile.nodes) {
    const o = await originalOf(node.callFrame);
    keyOf.set(node.id, { key: `${o.name} ${o.where}`, own: o.own });
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }
  const self = new Map();
  const inclusive = new Map();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const { key } = keyOf.get(id);
    self.set(key, (self.get(key) ?? 0) + ms);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parentOf.get(n)) {
      const k = keyOf.get(n);
      if (!k.own || seen.has(k.key)) continue;
      seen.add(k.key);
      inclusive.set(k.key, (inclusive.get(k.key) ?? 0) + ms);
    }
  });
  const top = (map, n) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  console.log(`\n[ui-bench] profile ${label}, 10 s — self time:\n${top(self, 25)}`);
  console.log(`[ui-bench] the screen's own functions, inclusive time:\n${top(inclusive, 20)}`);
}
const profileAt = (arg('profile-at', args.includes('--profile') ? '0' : '') ?? '').split(',').filter(Boolean).map(Number).sort((a, b) => a - b);

const heapNow = () => page.evaluate(() => {
  globalThis.gc?.();
  return performance.memory.usedJSHeapSize;
});
const heap = [{ t: 0, bytes: await heapNow() }];
const started = Date.now();
const durationMs = MINUTES * 60_000;
const sampleEvery = Math.min(30_000, Math.max(5_000, durationMs / 12));
while (Date.now() - started < durationMs) {
  if (profileAt.length > 0 && Date.now() - started >= profileAt[0] * 60_000) await profileTenSeconds(`at minute ${profileAt.shift()}`);
  const untilProfile = profileAt.length > 0 ? Math.max(0, started + profileAt[0] * 60_000 - Date.now()) : Infinity;
  await page.waitForTimeout(Math.min(sampleEvery, untilProfile, Math.max(0, durationMs - (Date.now() - started))));
  heap.push({ t: Math.round((Date.now() - started) / 1000), bytes: await heapNow() });
  process.stdout.write(`\r[ui-bench] ${Math.round((Date.now() - started) / 1000)} s, heap ${(heap.at(-1).bytes / 1048576).toFixed(1)} MB   `);
}
process.stdout.write('\n');
const data = await page.evaluate(() => window.__bench);
const points = await page.locator(SELECT.startsWith('ms') ? '[data-testid="gas-chart"]' : '[data-testid="drone-panel"] [data-testid="live-chart"]').getAttribute('data-points');
const trailPoints = await page.locator('[data-testid="map-canvas"]').getAttribute('data-drawn-trail-points');
if (feed) clearInterval(feed);
await browser.close();
io.close();
server.close();

const frames = data.frames.slice(1);
const total = frames.reduce((a, b) => a + b, 0);
const sorted = [...frames].sort((a, b) => a - b);
const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
// fps per one-second window, for the worst second
const perSecond = [];
let acc = 0;
let n = 0;
for (const f of frames) {
  acc += f;
  n++;
  if (acc >= 1000) {
    perSecond.push((n * 1000) / acc);
    acc = 0;
    n = 0;
  }
}
const mb = (b) => Math.round((b / 1048576) * 10) / 10;
const result = {
  minutes: MINUTES,
  prefilled: PREFILL,
  selected: SELECT,
  series: DRONES * 3 + SPECTROMETERS * GASES.length,
  rateHz: FEED_HZ,
  valuesSent: sent,
  pointsInSelectedChart: Number(points),
  /** Track points and survey marks handed to the map's chart on its last redraw, after thinning to what the zoom shows. */
  mapTrailPoints: Number(trailPoints),
  fps: { mean: Math.round((frames.length / total) * 1000 * 10) / 10, worstSecond: Math.round(Math.min(...perSecond) * 10) / 10, p95FrameMs: Math.round(pct(95) * 10) / 10, p99FrameMs: Math.round(pct(99) * 10) / 10, framesOver50ms: frames.filter((f) => f > 50).length, frames: frames.length },
  longTasks: { count: data.longTasks.length, totalMs: Math.round(data.longTasks.reduce((a, b) => a + b, 0)), maxMs: Math.round(Math.max(0, ...data.longTasks)) },
  heapMB: { start: mb(heap[0].bytes), end: mb(heap.at(-1).bytes), max: mb(Math.max(...heap.map((h) => h.bytes))), samples: heap.map((h) => [h.t, mb(h.bytes)]) },
  // [minute, mean fps, worst second fps, frames over 50 ms, long tasks, long-task ms, share of the minute in long tasks %]
  perMinute: data.minutes.filter((m) => m.frameMs >= 30_000).map((m, i) => [
    i + 1, Math.round((m.frames / m.frameMs) * 10_000) / 10, Number.isFinite(m.worstSecondFps) ? Math.round(m.worstSecondFps * 10) / 10 : null,
    m.over50, m.longTasks, Math.round(m.longTaskMs), Math.round((m.longTaskMs / Math.max(1, m.frameMs)) * 1000) / 10,
  ]),
  pageErrors: errors,
};
if (JSON_OUT) await writeFile(JSON_OUT, JSON.stringify(result, null, 2));
const ok = errors.length === 0 && frames.length > 0 && (SMOKE || result.fps.mean >= 50);
const rows = [
  ['selected device, series fed, rate', `${SELECT}, ${result.series} series, ${FEED_HZ} Hz (${sent} values sent)`],
  ['points in the selected chart', String(result.pointsInSelectedChart)],
  ['map: trail points drawn (tracks + survey marks)', String(result.mapTrailPoints)],
  ['frames per second: mean / worst second', `${result.fps.mean} / ${result.fps.worstSecond}`],
  ['frame time p95 / p99 (ms), frames over 50 ms', `${result.fps.p95FrameMs} / ${result.fps.p99FrameMs}, ${result.fps.framesOver50ms} of ${result.fps.frames}`],
  ['long tasks: count / total / longest (ms)', `${result.longTasks.count} / ${result.longTasks.totalMs} / ${result.longTasks.maxMs}`],
  ['JS heap start → end (max), MB', `${result.heapMB.start} → ${result.heapMB.end} (${result.heapMB.max})`],
  ['page errors', errors.length === 0 ? 'none' : errors.join(' | ')],
];
console.log(`\nbench:ui — the built command center in headless Chromium, ${MINUTES} min${SMOKE ? ' (smoke: not a figure)' : ''}`);
for (const [name, value] of rows) console.log(`  ${name.padEnd(48)} ${value}`);
if (result.perMinute.length > 1) {
  console.log('  per minute: minute, mean fps, worst second, frames > 50 ms, long tasks, long-task ms, share in long tasks');
  for (const row of result.perMinute) console.log(`    ${row.map((v, i) => String(v ?? '—').padStart(i === 0 ? 3 : 8)).join('')}${row[6] !== undefined ? ' %' : ''}`);
}
console.log(`[ui-bench] ${ok ? 'PASS' : 'FAIL'}${SMOKE ? ' (smoke)' : ' (mean ≥ 50 fps, no page error)'}`);
console.log(JSON.stringify({ bench: 'ui', smoke: SMOKE, ...result, ok }));
process.exit(ok ? 0 : 1);
