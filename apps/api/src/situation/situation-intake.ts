import type { DeviceReading } from '@tianyan/contracts';
import type { SituationAnalyzer } from '@tianyan/situation';

/**
 * Readings on their way to the situation analyzers (which run in a worker thread): only what the
 * analyzer reads, as numbers in one Float64Array (transferred, not cloned) and strings as indices
 * into a table both sides grow in the same order. Building a batch allocates no object per reading,
 * and the analyzers' retained heap and their GC stay off the ingest thread.
 */
export interface IntakeBatch {
  /** Strings first used in this batch: the receiver appends them to its table in this order. */
  strings: string[];
  /** Records, back to back (layouts at RECORD). */
  nums: Float64Array<ArrayBuffer>;
  /** The base64 data of the thermal frames, in record order. */
  frames: string[];
}

/** Record kinds; each record starts with [kind, incident, device, time]. */
const RECORD = {
  /** Nothing to map (status, inspection): only moves the window. */
  advance: 0,
  /** + lat, lon, n, then n × (cas, name, ppm). */
  concentrations: 1,
  /** + hasFrame, then when 1: lat, lon, relAltM, w, h, scaleC, offsetC (data in `frames`). */
  thermal: 2,
  /** + yawDeg, pitchDeg. */
  telemetry: 3,
} as const;

/** The sending side: readings in, one batch out per `flush`. */
export class IntakeEncoder {
  private readonly ids = new Map<string, number>();
  private strings: string[] = [];
  private frames: string[] = [];
  private nums = new Float64Array(4096);
  private n = 0;

  get empty(): boolean {
    return this.n === 0;
  }

  /** One reading for one incident's analyzer; a reading without a finite time is dropped, as `add` does. */
  push(incidentId: string, r: DeviceReading): void {
    if (!Number.isFinite(r.time)) return;
    switch (r.stream) {
      case 'ms/survey':
        this.concentrations(incidentId, r, r.data.lat, r.data.lon, r.data.gases);
        return;
      case 'ms/identification':
        this.concentrations(incidentId, r, r.data.lat, r.data.lon, r.data.compounds);
        return;
      case 'drone/thermal': {
        const d = r.data;
        this.head(RECORD.thermal, incidentId, r, 12);
        const f = d.frame;
        if (!f) return void (this.nums[this.n++] = 0);
        this.put(1, d.lat, d.lon);
        this.put(d.relAltM, f.w, f.h);
        this.nums[this.n++] = f.scaleC;
        this.nums[this.n++] = f.offsetC;
        this.frames.push(f.data);
        return;
      }
      case 'drone/telemetry': {
        const d = r.data;
        this.head(RECORD.telemetry, incidentId, r, 6);
        this.nums[this.n++] = d.headingDeg + (d.gimbalYawDeg ?? 0);
        this.nums[this.n++] = d.gimbalPitchDeg ?? -90;
        return;
      }
      case 'drone/status':
      case 'ms/status':
      case 'obd/status':
      case 'obd/inspection':
        this.head(RECORD.advance, incidentId, r, 4);
        return;
    }
  }

  /** The batch of everything pushed since the last flush (null when nothing was). */
  flush(): IntakeBatch | null {
    if (this.n === 0) return null;
    const batch = { strings: this.strings, nums: this.nums.slice(0, this.n), frames: this.frames };
    this.strings = [];
    this.frames = [];
    this.n = 0;
    return batch;
  }

  /** Forgets the string table: the receiver was replaced and starts from an empty one. */
  reset(): void {
    this.ids.clear();
    this.strings = [];
    this.frames = [];
    this.n = 0;
  }

  /** A survey's gases or an identification's compounds: position, then (cas, name, ppm) per finite entry, then their count. */
  private concentrations(incidentId: string, r: DeviceReading, lat: number, lon: number, entries: readonly { cas: string; name: string; ppm: number | null }[]): void {
    this.head(RECORD.concentrations, incidentId, r, 7 + 3 * entries.length);
    const count = this.n + 2;
    this.put(lat, lon, 0);
    for (const e of entries) if (e.ppm !== null && Number.isFinite(e.ppm)) this.put(this.id(e.cas), this.id(e.name), e.ppm);
    this.nums[count] = (this.n - count - 1) / 3;
  }

  /** Writes [kind, incident, device, time], with room for the record's `size` numbers at most. */
  private head(kind: number, incidentId: string, r: DeviceReading, size: number): void {
    if (this.n + size > this.nums.length) {
      const grown = new Float64Array(Math.max(2 * this.nums.length, this.n + size));
      grown.set(this.nums.subarray(0, this.n));
      this.nums = grown;
    }
    this.nums[this.n++] = kind;
    this.nums[this.n++] = this.id(incidentId);
    this.nums[this.n++] = this.id(r.deviceId);
    this.nums[this.n++] = r.time;
  }

  private put(a: number, b: number, c: number): void {
    this.nums[this.n++] = a;
    this.nums[this.n++] = b;
    this.nums[this.n++] = c;
  }

  private id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(s, id);
      this.strings.push(s);
    }
    return id;
  }
}

/** The receiving side: feeds each record to its incident's analyzer, as `analyzer.add(reading)` would. */
export class IntakeDecoder {
  private readonly table: string[] = [];

  apply(batch: IntakeBatch, analyzerOf: (incidentId: string) => SituationAnalyzer): void {
    for (const s of batch.strings) this.table.push(s);
    const t = this.table;
    const v = batch.nums;
    let frame = 0;
    for (let i = 0; i < v.length; ) {
      const kind = v[i]!;
      const analyzer = analyzerOf(t[v[i + 1]!]!);
      const deviceId = t[v[i + 2]!]!;
      const time = v[i + 3]!;
      i += 4;
      analyzer.advance(time);
      switch (kind) {
        case RECORD.advance:
          break;
        case RECORD.concentrations: {
          const lat = v[i]!;
          const lon = v[i + 1]!;
          const n = v[i + 2]!;
          i += 3;
          const samples = [];
          for (let k = 0; k < n; k++, i += 3) samples.push({ deviceId, time, cas: t[v[i]!]!, compound: t[v[i + 1]!]!, lat, lon, ppm: v[i + 2]! });
          analyzer.addSamples(samples);
          break;
        }
        case RECORD.thermal: {
          if (v[i++] === 0) {
            analyzer.addThermal(null);
            break;
          }
          const data = batch.frames[frame++]!;
          analyzer.addThermal({ deviceId, time, lat: v[i]!, lon: v[i + 1]!, relAltM: v[i + 2]!, frame: { w: v[i + 3]!, h: v[i + 4]!, scaleC: v[i + 5]!, offsetC: v[i + 6]!, data } });
          i += 7;
          break;
        }
        case RECORD.telemetry:
          analyzer.addTelemetry(deviceId, { time, yawDeg: v[i]!, pitchDeg: v[i + 1]! });
          i += 2;
          break;
        default:
          throw new Error(`situation intake: unknown record kind ${kind} at ${i - 4}`);
      }
    }
  }
}
