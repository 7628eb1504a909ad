import type { HttpClient, SeriesQuery } from '../api/http-client';
import { FleetStore } from '../state/fleet-store';
import { droneReading, msReading } from '../testing/reading-fixtures';
import { GapFiller } from './gap-filler';

describe('GapFiller', () => {
  it('asks the series API for each held series from its newest point and merges the answer', async () => {
    const store = new FleetStore();
    const t0 = 1_700_000_000_000;
    store.applyReadings([droneReading({ deviceId: 'd1', time: t0 })], { live: true, now: t0 });
    const calls: SeriesQuery[] = [];
    const api = {
      series: (id: string, q: SeriesQuery) => {
        calls.push(q);
        const points = [1, 2, 3].map((i) => ({ t: t0 + i * 500, value: q.field === 'lon' ? 114.27 : q.field === 'lat' ? 30.61 : 50 + i }));
        return Promise.resolve({ deviceId: id, stream: q.stream, field: q.field, from: '', to: '', bucketMs: null, points });
      },
    } as unknown as HttpClient;

    const report = await new GapFiller(api, store, 600_000).fill(t0 + 2000);

    expect(calls.every((c) => c.bucket === 'raw' && c.from.getTime() === t0 - 1000 && c.to.getTime() === t0 + 2000)).toBe(true);
    expect(calls.map((c) => c.field).sort()).toEqual(['batteryPct', 'groundSpeedMs', 'lat', 'lon', 'relAltM']);
    expect(store.seriesOf('d1', 'relAltM').points.map((p) => p.t)).toEqual([t0, t0 + 500, t0 + 1000, t0 + 1500]);
    expect(store.trackOf('d1')).toHaveLength(4);
    expect(report).toEqual({ requests: 4, points: 12, failed: 0 });
  });

  it('leaves series the screen never filled alone and counts failures', async () => {
    const store = new FleetStore();
    store.applyReadings([msReading({ deviceId: 'm1', time: 1000 })], { live: true, now: 1000 });
    const api = { series: () => Promise.reject(new Error('down')) } as unknown as HttpClient;
    const report = await new GapFiller(api, store, 600_000).fill(5000);
    expect(report.failed).toBe(report.requests);
    expect(report.requests).toBeGreaterThan(0);
  });
});
