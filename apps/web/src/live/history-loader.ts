import type { HttpClient } from '../api/http-client';
import type { FleetStore } from '../state/fleet-store';
import { metricDefsFor } from '../state/metrics';

/**
 * Fills a device's chart buffers from the series API for the last window, once per device and
 * connection: after a reconnect `reset()` makes the next selection fill the gap again.
 */
export class HistoryLoader {
  private readonly loaded = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly api: HttpClient, private readonly store: FleetStore, private readonly windowMs: number) {}

  reset(): void {
    this.loaded.clear();
  }

  /** Resolves when the history is in the store; failures are reported and retried on the next call. */
  load(deviceId: string, now: number, onError: (message: string) => void): Promise<void> {
    if (this.loaded.has(deviceId)) return Promise.resolve();
    const running = this.inFlight.get(deviceId);
    if (running) return running;
    const job = this.fetch(deviceId, now)
      .then(() => {
        this.loaded.add(deviceId);
      })
      .catch((e: unknown) => onError(e instanceof Error ? e.message : String(e)))
      .finally(() => this.inFlight.delete(deviceId));
    this.inFlight.set(deviceId, job);
    return job;
  }

  /** A drone's recent path from its lat/lon series, so tracks show at once rather than after minutes. */
  async loadTrack(deviceId: string, now: number, spanMs: number): Promise<void> {
    const from = new Date(now - spanMs);
    const to = new Date(now);
    const [lat, lon] = await Promise.all(
      (['lat', 'lon'] as const).map((field) => this.api.series(deviceId, { stream: 'drone/telemetry', field, from, to, bucket: 'auto' })),
    );
    const lonByTime = new Map<number, number>();
    for (const p of lon!.points) if (p.value !== null) lonByTime.set(p.t, p.value);
    const points = [];
    for (const p of lat!.points) {
      const lonValue = lonByTime.get(p.t);
      if (p.value !== null && lonValue !== undefined) points.push({ t: p.t, lat: p.value, lon: lonValue });
    }
    this.store.applyTrackHistory(deviceId, points);
  }

  /**
   * An OBD station's inspections of the last `spanMs` from its measurement series (raw rows joined by
   * device time): the problem-vehicle rate and the distributions survive a page refresh.
   */
  async loadInspections(deviceId: string, now: number, spanMs: number): Promise<void> {
    const from = new Date(now - spanMs);
    const to = new Date(now);
    const fields = ['opacityMeanKM1', 'noxPpm', 'ureaPct'] as const;
    const results = await Promise.all(fields.map((field) => this.api.series(deviceId, { stream: 'obd/inspection', field, from, to, bucket: 'raw' })));
    const rows = new Map<number, { t: number; opacityMeanKM1: number | null; noxPpm: number | null; ureaPct: number | null }>();
    results.forEach((res, i) => {
      for (const p of res.points) {
        const row = rows.get(p.t) ?? { t: p.t, opacityMeanKM1: null, noxPpm: null, ureaPct: null };
        row[fields[i]!] = p.value;
        rows.set(p.t, row);
      }
    });
    this.store.applyInspectionHistory(deviceId, [...rows.values()]);
  }

  private async fetch(deviceId: string, now: number): Promise<void> {
    const device = this.store.device(deviceId);
    if (!device) return;
    let gasCas = this.store.gasCasOf(deviceId);
    if (device.kind === 'ms' && gasCas.length === 0) {
      // Compounds are only known from readings: take them from the newest stored survey.
      const latest = await this.api.latest(deviceId);
      this.store.applyReadings(latest.readings, { live: false, now });
      gasCas = this.store.gasCasOf(deviceId);
    }
    const from = new Date(now - this.windowMs);
    const to = new Date(now);
    const results = await Promise.allSettled(
      metricDefsFor(device.kind, gasCas).map(async (def) => {
        const res = await this.api.series(deviceId, { stream: def.stream, field: def.field, from, to, bucket: 'auto' });
        this.store.applySeries(deviceId, def.key, res.points);
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) throw new Error(`history of ${deviceId}: ${failed.length} of ${results.length} series failed (${String(failed[0]!.reason)})`);
  }
}
