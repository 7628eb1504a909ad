import type { ConcentrationSample } from './concentration-sample';

/**
 * An incident's concentration samples as columns (time, lat, lon, ppm as float64; device and
 * compound as indices into tables): ~40 B a sample where an object costs ~130 B. Insertion order is
 * kept, so the samples handed out are those pushed, in the order pushed, field for field.
 */
export class ConcentrationSampleStore {
  private size = 0;
  private times = new Float64Array(1024);
  private lats = new Float64Array(1024);
  private lons = new Float64Array(1024);
  private ppms = new Float64Array(1024);
  private devices = new Uint32Array(1024);
  private compounds = new Uint32Array(1024);
  private readonly deviceIds: string[] = [];
  private readonly deviceIndex = new Map<string, number>();
  /** (cas, compound name) pairs; a CAS number is named alike by one device but not by every one. */
  private readonly compoundPairs: { cas: string; compound: string }[] = [];
  private readonly compoundIndex = new Map<string, Map<string, number>>();

  get length(): number {
    return this.size;
  }

  push(s: ConcentrationSample): void {
    if (this.size === this.times.length) this.resize(2 * this.size);
    const k = this.size++;
    this.times[k] = s.time;
    this.lats[k] = s.lat;
    this.lons[k] = s.lon;
    this.ppms[k] = s.ppm;
    this.devices[k] = this.deviceOf(s.deviceId);
    this.compounds[k] = this.compoundOf(s.cas, s.compound);
  }

  /** The samples with from ≤ time ≤ to, by CAS number, each list in push order. */
  byCasWithin(from: number, to: number): Map<string, ConcentrationSample[]> {
    const byCas = new Map<string, ConcentrationSample[]>();
    for (let k = 0; k < this.size; k++) {
      const time = this.times[k]!;
      if (!(time >= from && time <= to)) continue;
      const { cas, compound } = this.compoundPairs[this.compounds[k]!]!;
      const s: ConcentrationSample = { deviceId: this.deviceIds[this.devices[k]!]!, time, cas, compound, lat: this.lats[k]!, lon: this.lons[k]!, ppm: this.ppms[k]! };
      const list = byCas.get(cas);
      if (list) list.push(s);
      else byCas.set(cas, [s]);
    }
    return byCas;
  }

  /** Drops the samples older than `keepFrom`, keeping the others' order; shrinks when mostly empty. */
  dropBefore(keepFrom: number): void {
    let kept = 0;
    for (let k = 0; k < this.size; k++) {
      if (!(this.times[k]! >= keepFrom)) continue;
      if (kept !== k) {
        this.times[kept] = this.times[k]!;
        this.lats[kept] = this.lats[k]!;
        this.lons[kept] = this.lons[k]!;
        this.ppms[kept] = this.ppms[k]!;
        this.devices[kept] = this.devices[k]!;
        this.compounds[kept] = this.compounds[k]!;
      }
      kept++;
    }
    this.size = kept;
    if (this.times.length > 1024 && kept < this.times.length / 4) this.resize(Math.max(1024, 2 * kept));
  }

  private resize(capacity: number): void {
    const grow = <A extends Float64Array | Uint32Array>(a: A, make: (n: number) => A): A => {
      const b = make(capacity);
      b.set(a.subarray(0, this.size));
      return b;
    };
    this.times = grow(this.times, (n) => new Float64Array(n));
    this.lats = grow(this.lats, (n) => new Float64Array(n));
    this.lons = grow(this.lons, (n) => new Float64Array(n));
    this.ppms = grow(this.ppms, (n) => new Float64Array(n));
    this.devices = grow(this.devices, (n) => new Uint32Array(n));
    this.compounds = grow(this.compounds, (n) => new Uint32Array(n));
  }

  private deviceOf(deviceId: string): number {
    let i = this.deviceIndex.get(deviceId);
    if (i === undefined) {
      i = this.deviceIds.push(deviceId) - 1;
      this.deviceIndex.set(deviceId, i);
    }
    return i;
  }

  private compoundOf(cas: string, compound: string): number {
    let names = this.compoundIndex.get(cas);
    if (!names) this.compoundIndex.set(cas, (names = new Map()));
    let i = names.get(compound);
    if (i === undefined) {
      i = this.compoundPairs.push({ cas, compound }) - 1;
      names.set(compound, i);
    }
    return i;
  }
}
