import type { DeviceConnectivity, DeviceKind, DeviceReading, DeviceSummary, SeriesPoint, Stream } from '@tianyan/contracts';
import { RateMeter } from '../live/rate-meter';
import { RingBuffer } from '../live/ring-buffer';
import { SeriesBuffer, type SeriesSample } from '../live/series-buffer';
import { casOfMetric, metricSamples } from './metrics';
import { typed } from '../live/typed-reading';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'disconnected';
export type StoreTopic = 'devices' | 'series' | 'selection' | 'connection' | 'counters';
export type StoreListener = (topic: StoreTopic, deviceIds?: ReadonlySet<string>) => void;

export interface DevicePosition {
  readonly lat: number;
  readonly lon: number;
  /** Device time of the fix, epoch ms. */
  readonly time: number;
  /** The fix came by store-and-forward replay. */
  readonly late: boolean;
}

export interface TrackPoint {
  readonly lon: number;
  readonly lat: number;
  readonly t: number;
}

export interface DeviceView {
  readonly id: string;
  readonly kind: DeviceKind;
  readonly state: DeviceConnectivity;
  readonly online: boolean;
  readonly batteryPct: number | null;
  readonly firmware: string | null;
  /** Newest device time known for the device (stored or live), epoch ms. */
  readonly lastDataTime: number | null;
  /** The newest reading (by device time) arrived late: its age must not read as "now". */
  readonly lastLate: boolean;
  readonly position: DevicePosition | null;
  /** Newest reading per stream, by device time. */
  readonly latest: Readonly<Partial<Record<Stream, DeviceReading>>>;
  /** Compounds the device reported, CAS → reported name, in first-seen order. */
  readonly gases: ReadonlyMap<string, string>;
}

type MutableDevice = { -readonly [K in keyof DeviceView]: DeviceView[K] } & {
  latest: Partial<Record<Stream, DeviceReading>>;
  gases: Map<string, string>;
  statusTime: number;
};

export interface FleetStoreOptions {
  /** Points kept per device × metric (10 min at 2 Hz is 1,200). */
  seriesCapacity: number;
  /** Fixes kept per drone track. */
  trackCapacity: number;
  /** Sliding window of the readings/s figure. */
  rateWindowSeconds?: number;
}

export const DEFAULT_STORE_OPTIONS: FleetStoreOptions = { seriesCapacity: 2400, trackCapacity: 240, rateWindowSeconds: 5 };

const KIND_ORDER: Readonly<Record<DeviceKind, number>> = { drone: 0, ms: 1, obd: 2 };

function hasPosition(data: object): data is { lat: number; lon: number } {
  const d = data as { lat?: unknown; lon?: unknown };
  return typeof d.lat === 'number' && typeof d.lon === 'number';
}

/**
 * The screen's single source of truth: devices, their newest readings and position, bounded
 * series per device × metric and drone tracks. Pure (no DOM, no timers): live and REST data
 * come in through `apply*`, views read it out, listeners learn what changed.
 */
export class FleetStore {
  private readonly devicesById = new Map<string, MutableDevice>();
  private readonly series = new Map<string, SeriesBuffer>();
  private readonly tracks = new Map<string, RingBuffer<TrackPoint>>();
  private readonly listeners = new Set<StoreListener>();
  private readonly rate: RateMeter;
  private selected: string | null = null;
  private connectionState: ConnectionState = 'connecting';
  private quarantined: number | null = null;

  constructor(private readonly options: FleetStoreOptions = DEFAULT_STORE_OPTIONS) {
    this.rate = new RateMeter(options.rateWindowSeconds ?? 5);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── writes ────────────────────────────────────────────────────────────────

  /** The server's device list; `fetchedAt` turns its data ages into absolute device times. */
  applySummaries(summaries: readonly DeviceSummary[], fetchedAt: number): void {
    const ids = new Set<string>();
    for (const s of summaries) {
      const d = this.ensure(s.id, s.kind);
      d.state = s.state;
      d.online = s.online;
      if (s.batteryPct !== null) d.batteryPct = s.batteryPct;
      d.firmware = s.firmware;
      if (s.dataAgeMs !== null) d.lastDataTime = Math.max(d.lastDataTime ?? -Infinity, fetchedAt - s.dataAgeMs);
      ids.add(s.id);
    }
    this.emit('devices', ids);
  }

  /**
   * Readings from the socket (`live: true`, counted in the rate) or from a REST snapshot.
   * Late readings update history but never become a device's "now" unless nothing newer exists.
   */
  applyReadings(readings: readonly DeviceReading[], options: { live: boolean; now: number }): void {
    if (readings.length === 0) return;
    if (options.live) this.rate.add(readings.length, options.now);
    const touched = new Set<string>();
    let seriesTouched = false;
    for (const source of readings) {
      const r = typed(source);
      const d = this.ensure(r.deviceId, r.kind);
      touched.add(r.deviceId);
      const newest = d.lastDataTime === null || r.time >= d.lastDataTime;
      if (newest) {
        d.lastDataTime = r.time;
        d.lastLate = r.late;
      }
      const previous = d.latest[r.stream];
      if (!previous || r.time >= previous.time) d.latest[r.stream] = source;

      if (r.stream === 'drone/status' || r.stream === 'ms/status' || r.stream === 'obd/status') {
        if (r.time >= d.statusTime) {
          d.statusTime = r.time;
          d.state = r.data.state;
          d.online = r.data.state !== 'offline';
          if (r.data.batteryPct !== undefined) d.batteryPct = r.data.batteryPct;
          if (r.data.firmware !== undefined) d.firmware = r.data.firmware;
        }
      } else if (options.live && !r.late && !d.online) {
        // Fresh data proves the device is reachable; the server's next summary has the final word.
        d.online = true;
        if (d.state === 'offline' || d.state === 'unknown') d.state = 'online';
      }

      if (hasPosition(r.data) && (!d.position || r.time >= d.position.time)) {
        d.position = { lat: r.data.lat, lon: r.data.lon, time: r.time, late: r.late };
      }
      if (r.stream === 'drone/telemetry') {
        if (newest) d.batteryPct = r.data.batteryPct;
        if (!r.late) this.pushTrack(r.deviceId, { lon: r.data.lon, lat: r.data.lat, t: r.time });
      }
      if (r.stream === 'ms/survey') for (const g of r.data.gases) if (!d.gases.has(g.cas)) d.gases.set(g.cas, g.name);

      for (const sample of metricSamples(source)) {
        this.buffer(r.deviceId, sample.key).add({ t: sample.t, v: sample.v }, r.late);
        seriesTouched = true;
      }
    }
    this.emit('devices', touched);
    if (seriesTouched) this.emit('series', touched);
    if (options.live) this.emit('counters');
  }

  /** History from the series API, merged under whatever live points already arrived. */
  applySeries(deviceId: string, metricKey: string, points: readonly SeriesPoint[]): void {
    const samples: SeriesSample[] = [];
    for (const p of points) if (p.value !== null && Number.isFinite(p.value)) samples.push({ t: p.t, v: p.value });
    this.buffer(deviceId, metricKey).merge(samples);
    this.emit('series', new Set([deviceId]));
  }

  /** Stored fixes (e.g. lat/lon series from the API) merged under the live track. */
  applyTrackHistory(deviceId: string, points: readonly TrackPoint[]): void {
    if (points.length === 0) return;
    const byTime = new Map<number, TrackPoint>();
    for (const p of points) byTime.set(p.t, p);
    for (const p of this.trackOf(deviceId)) byTime.set(p.t, p);
    this.track(deviceId).reset([...byTime.values()].sort((a, b) => a.t - b.t));
    this.emit('devices', new Set([deviceId]));
  }

  select(deviceId: string | null): void {
    if (deviceId === this.selected) return;
    this.selected = deviceId;
    this.emit('selection');
  }

  setConnection(state: ConnectionState): void {
    if (state === this.connectionState) return;
    this.connectionState = state;
    this.emit('connection');
  }

  setQuarantineTotal(total: number | null): void {
    if (total === this.quarantined) return;
    this.quarantined = total;
    this.emit('counters');
  }

  // ── reads ─────────────────────────────────────────────────────────────────

  get selectedId(): string | null {
    return this.selected;
  }

  get connection(): ConnectionState {
    return this.connectionState;
  }

  get quarantineTotal(): number | null {
    return this.quarantined;
  }

  get totalReadings(): number {
    return this.rate.total;
  }

  readingsPerSecond(now: number): number {
    return this.rate.perSecond(now);
  }

  /** Drones first, then mass spectrometers, then OBD stations; by id within a kind. */
  devices(): DeviceView[] {
    return [...this.devicesById.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.id.localeCompare(b.id));
  }

  device(id: string): DeviceView | undefined {
    return this.devicesById.get(id);
  }

  onlineCount(): number {
    let n = 0;
    for (const d of this.devicesById.values()) if (d.online) n++;
    return n;
  }

  seriesOf(deviceId: string, metricKey: string): { points: SeriesSample[]; late: SeriesSample[] } {
    const b = this.series.get(seriesKey(deviceId, metricKey));
    return b ? { points: b.points(), late: b.latePoints() } : { points: [], late: [] };
  }

  /** Metric keys with a buffer for the device (gas metrics appear as compounds are reported). */
  metricKeysOf(deviceId: string): string[] {
    const prefix = `${deviceId}|`;
    return [...this.series.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
  }

  /** Compounds known for a device: reported live, or seen as gas series in history. */
  gasCasOf(deviceId: string): string[] {
    const cas = new Set(this.devicesById.get(deviceId)?.gases.keys() ?? []);
    for (const key of this.metricKeysOf(deviceId)) {
      const c = casOfMetric(key);
      if (c) cas.add(c);
    }
    return [...cas];
  }

  trackOf(deviceId: string): TrackPoint[] {
    return this.tracks.get(deviceId)?.toArray() ?? [];
  }

  // ── internals ─────────────────────────────────────────────────────────────

  private ensure(id: string, kind: DeviceKind): MutableDevice {
    let d = this.devicesById.get(id);
    if (!d) {
      d = {
        id, kind, state: 'unknown', online: false, batteryPct: null, firmware: null, lastDataTime: null, lastLate: false,
        position: null, latest: {}, gases: new Map(), statusTime: -Infinity,
      };
      this.devicesById.set(id, d);
    }
    return d;
  }

  private buffer(deviceId: string, metricKey: string): SeriesBuffer {
    const key = seriesKey(deviceId, metricKey);
    let b = this.series.get(key);
    if (!b) {
      b = new SeriesBuffer(this.options.seriesCapacity);
      this.series.set(key, b);
    }
    return b;
  }

  private track(deviceId: string): RingBuffer<TrackPoint> {
    let track = this.tracks.get(deviceId);
    if (!track) {
      track = new RingBuffer(this.options.trackCapacity);
      this.tracks.set(deviceId, track);
    }
    return track;
  }

  private pushTrack(deviceId: string, point: TrackPoint): void {
    const track = this.track(deviceId);
    const last = track.last();
    if (!last || point.t > last.t) track.push(point);
  }

  private emit(topic: StoreTopic, deviceIds?: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(topic, deviceIds);
  }
}

function seriesKey(deviceId: string, metricKey: string): string {
  return `${deviceId}|${metricKey}`;
}
