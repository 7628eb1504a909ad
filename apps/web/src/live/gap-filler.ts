import type { HttpClient } from '../api/http-client';
import type { FleetStore } from '../state/fleet-store';
import { metricDefsFor } from '../state/metrics';

export interface GapFillReport {
  /** Series (or drone tracks) asked for. */
  readonly requests: number;
  readonly points: number;
  readonly failed: number;
}

/**
 * After the socket comes back, refills what every held series missed from the series API (raw
 * readings from each buffer's newest point to now), so charts show no hole where the link was down.
 * Buffers never filled are left to the history loader (they load their whole window on selection).
 */
export class GapFiller {
  constructor(
    private readonly api: HttpClient,
    private readonly store: FleetStore,
    private readonly windowMs: number,
    private readonly concurrency = 6,
  ) {}

  async fill(now: number): Promise<GapFillReport> {
    const jobs: (() => Promise<number>)[] = [];
    const to = new Date(now);
    const since = (t: number | undefined): Date | null => (t === undefined ? null : new Date(Math.max(t - 1000, now - this.windowMs)));

    for (const device of this.store.devices()) {
      for (const def of metricDefsFor(device.kind, this.store.gasCasOf(device.id))) {
        const from = since(this.store.seriesOf(device.id, def.key).points.at(-1)?.t);
        if (!from) continue;
        jobs.push(async () => {
          const res = await this.api.series(device.id, { stream: def.stream, field: def.field, from, to, bucket: 'raw' });
          this.store.applySeries(device.id, def.key, res.points);
          return res.points.length;
        });
      }
      const trackFrom = device.kind === 'drone' ? since(this.store.trackOf(device.id).at(-1)?.t) : null;
      if (trackFrom) {
        jobs.push(async () => {
          const [lat, lon] = await Promise.all(
            (['lat', 'lon'] as const).map((field) => this.api.series(device.id, { stream: 'drone/telemetry', field, from: trackFrom, to, bucket: 'raw' })),
          );
          const lonByTime = new Map<number, number>();
          for (const p of lon!.points) if (p.value !== null) lonByTime.set(p.t, p.value);
          const points = [];
          for (const p of lat!.points) {
            const lonValue = lonByTime.get(p.t);
            if (p.value !== null && lonValue !== undefined) points.push({ t: p.t, lat: p.value, lon: lonValue });
          }
          this.store.applyTrackHistory(device.id, points);
          return points.length;
        });
      }
    }

    let points = 0;
    let failed = 0;
    for (let i = 0; i < jobs.length; i += this.concurrency) {
      const results = await Promise.allSettled(jobs.slice(i, i + this.concurrency).map((job) => job()));
      for (const r of results) {
        if (r.status === 'fulfilled') points += r.value;
        else failed++;
      }
    }
    return { requests: jobs.length, points, failed };
  }
}
