#!/usr/bin/env node
/**
 * Throwaway mock of apps/api for developing the web UI before the backend lands.
 * REST: /api/devices, /api/devices/:id/latest, /api/devices/:id/series, /api/quarantine, /api/fleet/health.
 * Socket.IO (default path): `subscribe` with ack, then `readings` batches (every kind and status),
 * shaped like the contracts (DeviceReading, packed by `packReadings` as the gateway sends them). Two drones, one mass spectrometer, one OBD station, on deterministic paths (history and live agree). UAV-02 drops out
 * every minute for 20 s and then replays its buffer as late readings (store-and-forward).
 * Also serves <repo>/dist/web when it exists, so the built UI can be opened at the same origin.
 *
 *   npm run build:server && node apps/web/dev/mock-server.mjs            # PORT=3000 by default
 */
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
// The contracts' codec for `readings` frames, as the gateway uses it (built by `npm run build:server`).
import { packReadings } from '../../../dist/libs/contracts/src/live/readings-frame.js';

const PORT = Number(process.env.PORT ?? 3000);
const DIST = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
const START = Date.now();
const R_EARTH = 6_371_000;
const DEG = Math.PI / 180;

const DEVICES = [
  { id: 'UAV-01', kind: 'drone', firmware: '07.01.10', battery0: 96 },
  { id: 'UAV-02', kind: 'drone', firmware: '07.01.10', battery0: 88 },
  { id: 'MS-01', kind: 'ms', firmware: '3.2.0', battery0: 74 },
  { id: 'OBD-01', kind: 'obd', firmware: '2.8.5', battery0: 100 },
];

const seqs = new Map();
const nextSeq = (id, channel) => {
  const k = `${id}/${channel}`;
  const n = (seqs.get(k) ?? 0) + 1;
  seqs.set(k, n);
  return n;
};

function offset(lat, lon, northM, eastM) {
  return [lat + (northM / R_EARTH) / DEG, lon + (eastM / (R_EARTH * Math.cos(lat * DEG))) / DEG];
}
const round = (v, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** Deterministic state of each device at time t (ms). */
function droneData(id, t) {
  const s = t / 1000;
  if (id === 'UAV-01') {
    // orbit over the chemical park
    const period = 300, r = 450, w = (2 * Math.PI) / period, a = w * s;
    const [lat, lon] = offset(30.61, 114.27, r * Math.cos(a), r * Math.sin(a));
    const heading = ((a / DEG + 90) % 360 + 360) % 360;
    const relAltM = 80 + 8 * Math.sin(s / 23);
    return {
      lat: round(lat, 6), lon: round(lon, 6), altM: round(relAltM + 24.5, 1), relAltM: round(relAltM, 1), headingDeg: round(heading, 1),
      groundSpeedMs: round(w * r + 0.6 * Math.sin(s / 7), 2), vertSpeedMs: round((8 / 23) * Math.cos(s / 23), 2),
      batteryPct: round(Math.max(12, 96 - ((t - START) / 60_000) * 0.9 - 4), 1), gimbalPitchDeg: -45, satellites: 21, fixType: 3, mode: 'orbit',
    };
  }
  // UAV-02: wayline along the river from the park to the water intake and back
  const period = 360, f = (s % period) / period, leg = f < 0.5 ? f * 2 : 2 - f * 2;
  const from = [30.6065, 114.2775], to = [30.6362, 114.2905];
  const side = 120 * Math.sin(s / 11);
  const [lat0, lon0] = [from[0] + (to[0] - from[0]) * leg, from[1] + (to[1] - from[1]) * leg];
  const [lat, lon] = offset(lat0, lon0, -side * 0.35, side * 0.93);
  const relAltM = 118 + 6 * Math.sin(s / 17);
  return {
    lat: round(lat, 6), lon: round(lon, 6), altM: round(relAltM + 23, 1), relAltM: round(relAltM, 1), headingDeg: f < 0.5 ? 54 : 234,
    groundSpeedMs: round(11.5 + 1.2 * Math.sin(s / 9), 2), vertSpeedMs: round((6 / 17) * Math.cos(s / 17), 2),
    batteryPct: round(Math.max(12, 88 - ((t - START) / 60_000) * 1.1 - 5), 1), gimbalPitchDeg: -90, satellites: 18, fixType: 3, mode: 'wayline',
  };
}

function msData(t) {
  const s = t / 1000;
  const plume = Math.max(0, Math.sin(s / 40)) ** 2;
  const h2s = 2.1 + 6.5 * plume + 0.3 * Math.sin(s / 3);
  const benzenePpb = 420 + 900 * plume + 40 * Math.sin(s / 5);
  const hclMg = 0.9 + 1.8 * plume;
  const nh3 = 1.2 + 0.4 * Math.sin(s / 13);
  return {
    lat: 30.6052, lon: 114.2748, tic: round(2.1e6 + 3e6 * plume, 0),
    gases: [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: round(h2s, 2), unit: 'ppm', ppm: round(h2s, 2) },
      { cas: '71-43-2', name: 'benzene', value: round(benzenePpb, 0), unit: 'ppb', ppm: round(benzenePpb / 1000, 3) },
      { cas: '7647-01-0', name: 'hydrogen chloride', value: round(hclMg, 2), unit: 'mg/m3', ppm: round((hclMg * 24.45) / 36.46, 3) },
      { cas: '7664-41-7', name: 'ammonia', value: round(nh3, 2), unit: 'ppm', ppm: round(nh3, 2) },
    ],
  };
}

const PLATES = ['鄂A·3K721', '鄂A·D6605', '鄂B·71290', '鄂A·5T0Q8', '湘A·K2219', '鄂A·88Q36'];
const OBD_EVERY_MS = 20_000;
function obdData(t) {
  const n = Math.floor(t / OBD_EVERY_MS);
  const r = (k) => (Math.sin(n * 12.9898 + k * 78.233) * 43758.5453) % 1;
  const bad = n % 7 === 3;
  const k = [0, 1, 2].map((i) => round(Math.abs(r(i)) * 0.35 + (bad ? 0.9 : 0.12), 2));
  return {
    lat: 30.592, lon: 114.252, lane: 1 + (n % 2), vin: 'LZZ5ELND8JA123456', plate: PLATES[n % PLATES.length],
    obd: { commOk: true, mil: bad, dtcs: bad ? ['P20EE'] : [], readiness: { supported: 8, complete: bad ? 6 : 8 } },
    opacity: { kM1: k }, noxPpm: round(260 + Math.abs(r(4)) * 400 + (bad ? 700 : 0), 0), ureaPct: round(31.5 + Math.abs(r(5)) * 2, 1),
    ambient: { tempC: 21.5, humidityPct: 63, pressureKPa: 101.1 },
  };
}

/** UAV-02 is out of link for seconds 40–59 of every minute; the buffered readings arrive late at :00. */
const uav2Silent = (t) => Math.floor(t / 1000) % 60 >= 40;

function reading(dev, channel, t, data, late = false) {
  return {
    deviceId: dev.id, kind: dev.kind, channel, stream: `${dev.kind}/${channel}`, seq: nextSeq(dev.id, channel),
    time: t, receivedAt: Date.now(), late, drill: true, quality: 'N', data, extra: null,
  };
}

function dataFor(dev, t) {
  if (dev.kind === 'drone') return ['telemetry', droneData(dev.id, t)];
  if (dev.kind === 'ms') return ['survey', msData(t)];
  return ['inspection', obdData(t)];
}

// ── REST ──────────────────────────────────────────────────────────────────
const quarantineBase = 17;
function lastDataTime(dev, now) {
  if (dev.kind === 'obd') return Math.floor(now / OBD_EVERY_MS) * OBD_EVERY_MS;
  if (dev.id === 'UAV-02' && uav2Silent(now)) return Math.floor(now / 60_000) * 60_000 + 39_500;
  return now - 500;
}

function summaries(now) {
  return DEVICES.map((dev) => {
    const last = lastDataTime(dev, now);
    const [, data] = dataFor(dev, last);
    return {
      id: dev.id, kind: dev.kind, state: 'online', online: true, firstSeen: new Date(START - 3600_000).toISOString(),
      lastSeen: new Date(last).toISOString(), dataAgeMs: now - last, batteryPct: data.batteryPct ?? dev.battery0, firmware: dev.firmware, autoProvisioned: false,
    };
  });
}

function seriesValue(dev, field, data) {
  if (field.startsWith('gas:')) return data.gases?.find((g) => g.cas === field.slice(4))?.ppm ?? null;
  if (field === 'opacityMeanKM1') return data.opacity ? round(data.opacity.kM1.reduce((a, b) => a + b, 0) / 3, 3) : null;
  return typeof data[field] === 'number' ? data[field] : null;
}

function series(dev, q) {
  const from = Date.parse(q.get('from')), to = Date.parse(q.get('to'));
  const field = q.get('field'), stream = q.get('stream');
  const step = dev.kind === 'obd' ? OBD_EVERY_MS : 1000;
  const points = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
    if (dev.id === 'UAV-02' && uav2Silent(t) && t > Date.now() - 20_000) continue;
    const [, data] = dataFor(dev, t);
    points.push({ t, value: seriesValue(dev, field, data) });
  }
  return { deviceId: dev.id, stream, field, from: new Date(from).toISOString(), to: new Date(to).toISOString(), bucketMs: step === 1000 ? null : step, points };
}

const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.map': 'application/json', '.json': 'application/json' };

async function serveStatic(pathname, res) {
  const rel = normalize(pathname).replace(/^(\.\.[/\\])+/, '');
  let file = join(DIST, rel);
  try {
    if (!(await stat(file)).isFile()) throw new Error('dir');
  } catch {
    file = join(DIST, 'index.html');
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('dist/web not built: run npx vite build --config apps/web/vite.config.ts, or use the Vite dev server');
  }
}

const json = (res, status, body) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const now = Date.now();
  const path = url.pathname;
  if (path === '/api/devices') return json(res, 200, summaries(now));
  const m = /^\/api\/devices\/([^/]+)\/(latest|series)$/.exec(path);
  if (m) {
    const dev = DEVICES.find((d) => d.id === decodeURIComponent(m[1]));
    if (!dev) return json(res, 404, { statusCode: 404, message: `unknown device ${m[1]}`, path, timestamp: new Date().toISOString() });
    if (m[2] === 'latest') {
      const t = lastDataTime(dev, now);
      const [channel, data] = dataFor(dev, t);
      return json(res, 200, { deviceId: dev.id, readings: [reading(dev, channel, t, data), reading(dev, 'status', START, { state: 'online', batteryPct: dev.battery0, firmware: dev.firmware })] });
    }
    return json(res, 200, series(dev, url.searchParams));
  }
  if (path === '/api/quarantine') {
    const total = quarantineBase + Math.floor((now - START) / 45_000);
    return json(res, 200, { items: [], total });
  }
  if (path === '/api/fleet/health') {
    return json(res, 200, DEVICES.map((d, i) => ({ deviceId: d.id, quarantined: i % 3, lateReadings: (i * 7) % 11, lastQuarantinedAt: i % 3 ? new Date(now - 60_000).toISOString() : null })));
  }
  if (path.startsWith('/api/')) return json(res, 404, { statusCode: 404, message: 'not found', path, timestamp: new Date().toISOString() });
  void serveStatic(path, res);
});

// ── Socket.IO ─────────────────────────────────────────────────────────────
const io = new Server(server, { cors: { origin: true } });
io.on('connection', (socket) => {
  socket.on('subscribe', (request, ack) => {
    const rooms = Array.isArray(request?.rooms) ? request.rooms : [];
    if (rooms.length === 0) return ack?.({ ok: false, error: 'rooms: at least one room' });
    const maxHz = Math.min(20, Math.max(0.1, request.maxHz ?? 5));
    for (const room of rooms) void socket.join(room);
    ack?.({ ok: true, rooms, maxHz });
  });
  socket.on('unsubscribe', (request, ack) => {
    for (const room of request?.rooms ?? []) void socket.leave(room);
    ack?.({ ok: true, rooms: [...socket.rooms].filter((r) => r !== socket.id), maxHz: 5 });
  });
});

const uav2Buffer = [];
let tick = 0;
setInterval(() => {
  const now = Date.now();
  tick++;
  const drones = [];
  for (const dev of DEVICES.filter((d) => d.kind === 'drone')) {
    const r = reading(dev, 'telemetry', now, droneData(dev.id, now));
    if (dev.id === 'UAV-02' && uav2Silent(now)) uav2Buffer.push({ ...r, late: true });
    else drones.push(r);
  }
  if (!uav2Silent(now) && uav2Buffer.length > 0) {
    // back in link: the device replays what it stored; the server marks it late
    io.to('all').emit('readings', packReadings(uav2Buffer.splice(0).map((r) => ({ ...r, receivedAt: now }))));
  }
  const beat = [...drones];
  if (tick % 2 === 0) beat.push(reading(DEVICES[2], 'survey', now, msData(now)));
  if (Math.floor(now / OBD_EVERY_MS) !== Math.floor((now - 500) / OBD_EVERY_MS)) {
    const t = Math.floor(now / OBD_EVERY_MS) * OBD_EVERY_MS;
    beat.push(reading(DEVICES[3], 'inspection', t, obdData(t)));
  }
  if (tick % 60 === 0) {
    // Status changes go first in a beat, as the gateway sends them.
    beat.unshift(...DEVICES.map((dev) => reading(dev, 'status', now, { state: 'online', batteryPct: dev.kind === 'drone' ? droneData(dev.id, now).batteryPct : dev.battery0, firmware: dev.firmware })));
  }
  if (beat.length) io.to('all').emit('readings', packReadings(beat));
}, 500);

server.listen(PORT, () => console.log(`tianyan mock api on http://localhost:${PORT} (serving ${DIST} when built)`));
