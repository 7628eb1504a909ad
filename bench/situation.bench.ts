/**
 * Cost of the situation picture: time to recompute a snapshot (IDW field, contours per band, drift,
 * receptors) with 10k spectrometer readings in the window — 10 devices walking a 3 km area through a
 * Gaussian plume, 5 gases each (50k concentration samples) — p50/p99 over 20 recomputes; and the
 * plume step alone on the same samples, interpolated (no fire seen) and fitted along a known source.
 * Run: npm run bench:situation [-- --smoke] [--readings N]
 */
import { parseArgs } from 'node:util';
import { type DeviceReading, type Receptor } from '@tianyan/contracts';
import { computePlumes, concentrationSamples, plumeBandsFor, SituationAnalyzer, type ConcentrationSample } from '@tianyan/situation';
import { percentile, printTable } from './support/stats';

/** The default SITUATION_INTERVAL_S, as ms. */
const DEFAULT_INTERVAL_MS = 5000;
const LAT0 = 30.61;
const LON0 = 114.27;
const M_PER_DEG = 111_195;
const GASES = [
  { cas: '7783-06-4', name: 'hydrogen sulfide', peak: 40 },
  { cas: '7647-01-0', name: 'hydrogen chloride', peak: 60 },
  { cas: '7446-09-5', name: 'sulfur dioxide', peak: 30 },
  { cas: '7782-50-5', name: 'chlorine', peak: 0 },
  { cas: '71-43-2', name: 'benzene', peak: 150 },
];

/** A plume along the x axis (east), widening downwind. */
function plumePpm(peak: number, x: number, y: number): number {
  if (x <= 0) return 0;
  const sy = 0.08 * x + 10;
  return (peak * 200) / (x + 200) * Math.exp(-(y * y) / (2 * sy * sy));
}

function surveyReadings(count: number, start: number, windowS: number): DeviceReading[] {
  const devices = 10;
  const out: DeviceReading[] = [];
  for (let i = 0; i < count; i++) {
    const d = i % devices;
    const step = Math.floor(i / devices);
    const steps = Math.ceil(count / devices);
    // Each device zig-zags across the plume at its own downwind distance.
    const x = 100 + d * 280;
    const y = -1500 + ((step * 3000) / steps + d * 97) % 3000;
    const lat = LAT0 + y / M_PER_DEG;
    const lon = LON0 + x / (M_PER_DEG * Math.cos((LAT0 * Math.PI) / 180));
    const time = start + Math.floor((step / steps) * windowS * 1000);
    out.push({
      deviceId: `ms-${d}`, kind: 'ms', channel: 'survey', stream: 'ms/survey', seq: step, time, receivedAt: time + 200, late: false, drill: false, quality: 'N', extra: null,
      data: { lat, lon, tic: 1e6, gases: GASES.map((g) => { const ppm = Math.round(plumePpm(g.peak, x, y) * 10) / 10; return { cas: g.cas, name: g.name, value: ppm, unit: 'ppm' as const, ppm }; }) },
    } as DeviceReading);
  }
  return out;
}

function receptors(n: number): Receptor[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `r${i}`, name: `receptor ${i}`, kind: 'village' as const, population: 1000, createdAt: '2024-06-01T00:00:00Z',
    geometry: { type: 'Point' as const, coordinates: [LON0 + 0.002 + (i % 10) * 0.004, LAT0 - 0.01 + Math.floor(i / 10) * 0.004] },
  }));
}

/** computePlumes on the window's samples, p50 ms: without a source (IDW) and with the bench plume's source and axis (fit). */
function plumeStepMs(readings: readonly DeviceReading[], runs: number, now: number): { idw: number; fit: number; fitted: number; compounds: number } {
  const byCas = new Map<string, ConcentrationSample[]>();
  for (const r of readings) for (const s of concentrationSamples(r)) byCas.set(s.cas, [...(byCas.get(s.cas) ?? []), s]);
  const jobs = [...byCas].map(([cas, samples]) => ({ cas, samples, bands: plumeBandsFor(cas) })).filter((j) => j.bands.length > 0);
  const options = { idwPower: 2, searchRadiusM: 150 };
  const fitAlong = { axis: { source: { lat: LAT0, lon: LON0 }, towardDeg: 90 }, now };
  const time = (f: () => unknown) => percentile(Array.from({ length: runs }, () => { const t0 = process.hrtime.bigint(); f(); return Number(process.hrtime.bigint() - t0) / 1e6; }), 50);
  const fitted = computePlumes(jobs, options, fitAlong).filter((c) => c.plume.estimate?.method === 'dispersion-fit').length;
  return { idw: time(() => computePlumes(jobs, options)), fit: time(() => computePlumes(jobs, options, fitAlong)), fitted, compounds: jobs.length };
}

function main(): void {
  const { values } = parseArgs({ options: { smoke: { type: 'boolean', default: false }, readings: { type: 'string', default: '10000' } } });
  const count = values.smoke ? 2000 : Number(values.readings);
  const runs = values.smoke ? 5 : 20;
  const windowS = 300;
  const start = Date.UTC(2024, 5, 1, 2, 0, 0);
  const readings = surveyReadings(count, start, windowS);
  const analyzer = new SituationAnalyzer({ windowS, downwindDistanceM: 2000, thermalThresholdC: 60 });
  for (const r of readings) analyzer.add(r);
  const places = receptors(30);
  const times: number[] = [];
  let snap = analyzer.snapshot({ incidentId: 'bench', drill: false, receptors: places, wind: { fromDeg: 270, speedMs: 3 } });
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    snap = analyzer.snapshot({ incidentId: 'bench', drill: false, receptors: places, wind: { fromDeg: 270, speedMs: 3 } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const plumeStep = plumeStepMs(readings, runs, start + windowS * 1000);
  const samples = snap.plumes.reduce((s, p) => s + p.sampleCount, 0);
  const vertices = snap.plumes.reduce((s, p) => s + p.zones.reduce((z, zone) => z + zone.polygon.flat(2).length, 0), 0);
  const bytes = JSON.stringify(snap).length;
  const p50 = percentile(times, 50);
  const p99 = percentile(times, 99);
  printTable(`situation snapshot: ${count.toLocaleString('en-US')} survey readings (${samples.toLocaleString('en-US')} concentration samples, ${snap.plumes.length} compounds) in a ${windowS} s window, ${places.length} receptors, ${runs} recomputes`, [
    ['snapshot ms p50', Number(p50.toFixed(1))],
    ['snapshot ms p99', Number(p99.toFixed(1))],
    ['zones', snap.plumes.reduce((s, p) => s + p.zones.length, 0)],
    ['polygon vertices', vertices],
    ['snapshot JSON bytes', bytes],
    // One situation:update per incident per recompute (SITUATION_INTERVAL_S, default 5 s), to every signed-in screen.
    ['live events added per incident (at 5 s)', `${(1000 / DEFAULT_INTERVAL_MS).toFixed(1)}/s, ${Math.round((bytes * 1000) / DEFAULT_INTERVAL_MS).toLocaleString('en-US')} B/s per screen`],
    ['plume step ms p50: interpolated / fitted', `${plumeStep.idw.toFixed(1)} / ${plumeStep.fit.toFixed(1)}`],
    ['compounds drawn by the fit', `${plumeStep.fitted} / ${plumeStep.compounds}`],
    ['receptors inside / downwind', `${snap.receptors.filter((r) => r.inside).length} / ${snap.receptors.filter((r) => r.downwind).length}`],
  ]);
  console.log(JSON.stringify({ bench: 'situation', readings: count, samples, compounds: snap.plumes.length, p50Ms: Number(p50.toFixed(1)), p99Ms: Number(p99.toFixed(1)), plumeIdwMs: Number(plumeStep.idw.toFixed(1)), plumeFitMs: Number(plumeStep.fit.toFixed(1)), fitted: plumeStep.fitted, eventsPerSecondPerIncident: 1000 / DEFAULT_INTERVAL_MS, vertices, snapshotBytes: bytes, smoke: values.smoke }));
}

main();
