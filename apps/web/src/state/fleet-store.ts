import type { DeviceConnectivity, DeviceKind, DeviceReading, DeviceSummary, SeriesPoint, Stream } from '@tianyan/contracts';
import { RateMeter } from '../live/rate-meter';
import { RingBuffer } from '../live/ring-buffer';
import { SeriesBuffer, type SeriesSample } from '../live/series-buffer';
import { casOfMetric, metricSamples } from './metrics';
import { typed } from '../live/typed-reading';
import { exposureLevel, LEVEL_RANK, worstLevel, type ExposureLevel } from '@tianyan/contracts';
import { isTentative } from '../domain/gcms';
import { judgeInspection, type ObdInspectionFacts, type ObdJudgement } from '@tianyan/contracts';
import type { FleetHealthEntry } from '@tianyan/contracts';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'disconnected';
export type StoreTopic = 'devices' | 'series' | 'selection' | 'connection' | 'counters' | 'health';
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

/** A thermal hotspot as a drone reported it (device time). */
export interface HotspotPoint {
  readonly deviceId: string;
  readonly lat: number;
  readonly lon: number;
  readonly tempC: number;
  readonly t: number;
}

/** Where a spectrometer surveyed, with the worst exposure level of that reading. */
export interface SurveyPoint {
  readonly lat: number;
  readonly lon: number;
  readonly t: number;
  readonly level: ExposureLevel;
  readonly late: boolean;
}

export interface IdentifiedCompound {
  readonly cas: string;
  readonly name: string;
  readonly concentration: number;
  readonly unit: string;
  readonly ppm: number | null;
  readonly matchFactor: number;
  readonly tentative: boolean;
  readonly retentionTimeS: number;
  readonly ions: readonly (readonly [number, number])[];
}

/** One GC-MS run's result. */
export interface IdentificationRun {
  readonly runId: string;
  readonly t: number;
  readonly late: boolean;
  readonly compounds: readonly IdentifiedCompound[];
}

/** One roadside inspection with the screen's verdict. History from the series API carries measurements only. */
export interface InspectionRecord {
  readonly t: number;
  readonly late: boolean;
  readonly source: 'reading' | 'series';
  readonly plate: string | null;
  readonly vin: string | null;
  readonly lane: string | null;
  readonly facts: ObdInspectionFacts;
  readonly judgement: ObdJudgement;
}

/** Measurements of one inspection as the series API returns them (joined by device time). */
export interface InspectionMeasurements {
  readonly t: number;
  readonly opacityMeanKM1: number | null;
  readonly noxPpm: number | null;
  readonly ureaPct: number | null;
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
  /** Thermal hotspots kept (all drones). */
  hotspotCapacity?: number;
  /** Survey positions kept per spectrometer. */
  surveyCapacity?: number;
  /** GC-MS runs kept per spectrometer. */
  runCapacity?: number;
  /** Inspections kept per OBD station. */
  inspectionCapacity?: number;
}

/** Map trails (drone tracks, survey positions) keep at most one fix per this many ms: the map needs no more. */
export const TRAIL_MIN_SPACING_MS = 1000;

/** 10 min at 10 Hz per device × metric; tracks and survey trails 20 min at 1 fix/s. */
export const DEFAULT_STORE_OPTIONS: FleetStoreOptions = {
  seriesCapacity: 6000, trackCapacity: 1200, rateWindowSeconds: 5, hotspotCapacity: 600, surveyCapacity: 1200, runCapacity: 24, inspectionCapacity: 1000,
};

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
  private readonly hotspotRing: RingBuffer<HotspotPoint>;
  private readonly surveys = new Map<string, RingBuffer<SurveyPoint>>();
  private readonly runs = new Map<string, IdentificationRun[]>();
  private readonly inspections = new Map<string, InspectionRecord[]>();
  private readonly health = new Map<string, FleetHealthEntry>();
  private healthAvailable = false;
  private readonly listeners = new Set<StoreListener>();
  private readonly rate: RateMeter;
  private selected: string | null = null;
  private connectionState: ConnectionState = 'connecting';
  private quarantined: number | null = null;
  private brokerDrops: number | null = null;

  constructor(private readonly options: FleetStoreOptions = DEFAULT_STORE_OPTIONS) {
    this.rate = new RateMeter(options.rateWindowSeconds ?? 5);
    this.hotspotRing = new RingBuffer(options.hotspotCapacity ?? 600);
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
      if (r.stream === 'ms/survey') {
        for (const g of r.data.gases) if (!d.gases.has(g.cas)) d.gases.set(g.cas, g.name);
        const level = worstLevel(r.data.gases.map((g) => exposureLevel(g.cas, g.ppm)));
        const trail = this.ring(this.surveys, r.deviceId, this.options.surveyCapacity ?? 1200);
        const previous = trail.last();
        // One fix per second is plenty for the map; a worse level is never dropped.
        if (!previous || r.time - previous.t >= TRAIL_MIN_SPACING_MS || r.time < previous.t || LEVEL_RANK[level] > LEVEL_RANK[previous.level]) {
          this.pushOrdered(trail, { lat: r.data.lat, lon: r.data.lon, t: r.time, level, late: r.late });
        }
      }
      if (r.stream === 'drone/thermal') {
        const hs = r.data.hotspot;
        const point: HotspotPoint = { deviceId: r.deviceId, lat: hs.lat, lon: hs.lon, tempC: hs.tempC, t: r.time };
        if (!this.hotspotRing.toArray().some((p) => p.deviceId === point.deviceId && p.t === point.t)) this.hotspotRing.push(point);
      }
      if (r.stream === 'ms/identification') this.addRun(r.deviceId, r.data, r.time, r.late);
      if (r.stream === 'obd/inspection') {
        const d2 = r.data;
        const facts: ObdInspectionFacts = {
          opacityKM1: d2.opacity.kM1,
          noxPpm: d2.noxPpm ?? null,
          ureaPct: d2.ureaPct ?? null,
          obd: { commOk: d2.obd.commOk, mil: d2.obd.mil, dtcs: d2.obd.dtcs, readiness: d2.obd.readiness },
        };
        this.addInspection(r.deviceId, {
          t: r.time, late: r.late, source: 'reading', plate: d2.plate, vin: d2.vin, lane: d2.lane === undefined ? null : String(d2.lane), facts, judgement: judgeInspection(facts),
        });
      }

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

  /** Inspections rebuilt from the series API (measurements only), under the full readings held. */
  applyInspectionHistory(deviceId: string, rows: readonly InspectionMeasurements[]): void {
    for (const m of rows) {
      const facts: ObdInspectionFacts = { opacityMeanKM1: m.opacityMeanKM1, noxPpm: m.noxPpm, ureaPct: m.ureaPct };
      this.addInspection(deviceId, { t: m.t, late: false, source: 'series', plate: null, vin: null, lane: null, facts, judgement: judgeInspection(facts) });
    }
    this.emit('devices', new Set([deviceId]));
  }

  /** Per-device quarantine and late counts from `GET /api/fleet/health`; null when unavailable. */
  setFleetHealth(entries: readonly FleetHealthEntry[] | null): void {
    this.health.clear();
    this.healthAvailable = entries !== null;
    for (const e of entries ?? []) this.health.set(e.deviceId, e);
    this.emit('health');
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

  /** The broker's count of discarded messages (`GET /api/ingest/stats`); null when it has none or is unreachable. */
  setBrokerDropped(count: number | null): void {
    if (count === this.brokerDrops) return;
    this.brokerDrops = count;
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

  get brokerDropped(): number | null {
    return this.brokerDrops;
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

  /** Hotspots of every drone with a device time at or after `since`. */
  hotspots(since = -Infinity): HotspotPoint[] {
    return this.hotspotRing.toArray().filter((p) => p.t >= since);
  }

  surveyTrailOf(deviceId: string): SurveyPoint[] {
    return this.surveys.get(deviceId)?.toArray() ?? [];
  }

  /** GC-MS runs, newest first. */
  runsOf(deviceId: string): readonly IdentificationRun[] {
    return this.runs.get(deviceId) ?? [];
  }

  /** Inspections, newest first. */
  inspectionsOf(deviceId: string): readonly InspectionRecord[] {
    return this.inspections.get(deviceId) ?? [];
  }

  healthOf(deviceId: string): FleetHealthEntry | undefined {
    return this.health.get(deviceId);
  }

  get fleetHealthAvailable(): boolean {
    return this.healthAvailable;
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
    if (!last || point.t - last.t >= TRAIL_MIN_SPACING_MS) track.push(point);
  }

  private ring<T>(map: Map<string, RingBuffer<T>>, deviceId: string, capacity: number): RingBuffer<T> {
    let ring = map.get(deviceId);
    if (!ring) {
      ring = new RingBuffer<T>(capacity);
      map.set(deviceId, ring);
    }
    return ring;
  }

  /** Appends in device-time order; a duplicate or older point (e.g. a late replay) is inserted in place. */
  private pushOrdered<T extends { t: number }>(ring: RingBuffer<T>, point: T): void {
    const last = ring.last();
    if (!last || point.t > last.t) {
      ring.push(point);
      return;
    }
    const items = ring.toArray();
    if (items.some((p) => p.t === point.t)) return;
    items.push(point);
    items.sort((a, b) => a.t - b.t);
    ring.reset(items);
  }

  private addRun(deviceId: string, data: { runId: string; compounds: readonly { cas: string; name: string; concentration: number; unit: string; ppm: number | null; matchFactor: number; retentionTimeS: number; ions?: [number, number][] }[] }, t: number, late: boolean): void {
    const list = this.runs.get(deviceId) ?? [];
    if (list.some((r) => r.runId === data.runId)) return;
    const run: IdentificationRun = {
      runId: data.runId,
      t,
      late,
      compounds: data.compounds.map((c) => ({
        cas: c.cas, name: c.name, concentration: c.concentration, unit: c.unit, ppm: c.ppm, matchFactor: c.matchFactor,
        tentative: isTentative(c.matchFactor), retentionTimeS: c.retentionTimeS, ions: c.ions ?? [],
      })),
    };
    list.push(run);
    list.sort((a, b) => b.t - a.t);
    list.length = Math.min(list.length, this.options.runCapacity ?? 24);
    this.runs.set(deviceId, list);
  }

  /** Newest first, one record per device time; a full reading replaces a measurements-only one. */
  private addInspection(deviceId: string, record: InspectionRecord): void {
    const list = this.inspections.get(deviceId) ?? [];
    const i = list.findIndex((r) => r.t === record.t);
    if (i >= 0) {
      if (list[i]!.source === 'series' && record.source === 'reading') list[i] = record;
      return;
    }
    list.push(record);
    list.sort((a, b) => b.t - a.t);
    list.length = Math.min(list.length, this.options.inspectionCapacity ?? 1000);
    this.inspections.set(deviceId, list);
  }

  private emit(topic: StoreTopic, deviceIds?: ReadonlySet<string>): void {
    for (const listener of this.listeners) listener(topic, deviceIds);
  }
}

function seriesKey(deviceId: string, metricKey: string): string {
  return `${deviceId}|${metricKey}`;
}
