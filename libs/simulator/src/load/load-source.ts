import { buildTopic, type DeviceKind } from '@tianyan/contracts';
import { LocalFrame, round } from '../geo/local-frame';
import { Rng } from '../random/rng';
import { DEMO_AREA } from '../scenario/demo-area';
import type { EventSource } from '../scenario/scenario';
import type { SimEvent } from '../scenario/sim-event';

export interface LoadOptions {
  devices: number;
  /** Total messages per second across all devices. */
  rate: number;
  seed?: number;
  startTime: number;
}

/**
 * Benchmark traffic: N devices (60 % drones, 40 % spectrometers) sending small, valid v1 readings,
 * together at R messages per second, evenly phased. No physics: cheap enough that the broker and
 * ingest, not the generator, are what a benchmark measures.
 */
export class LoadSource implements EventSource {
  readonly name = 'load';
  readonly startTime: number;
  readonly devices: ReadonlyArray<{ id: string; kind: DeviceKind }>;
  private readonly periodMs: number;
  private readonly next: Float64Array;
  private readonly seq: Uint32Array;
  private readonly topics: string[];
  private readonly rng: Rng;
  private readonly frame = new LocalFrame(DEMO_AREA.centre);
  private started = false;

  constructor(o: LoadOptions) {
    this.startTime = o.startTime;
    this.rng = new Rng(o.seed ?? 1).fork('load');
    const width = Math.max(4, String(o.devices).length);
    this.devices = Array.from({ length: o.devices }, (_, i) => ({ id: `load-${String(i + 1).padStart(width, '0')}`, kind: (i % 5 < 3 ? 'drone' : 'ms') as DeviceKind }));
    this.topics = this.devices.map((d) => (d.kind === 'drone' ? buildTopic('drone', d.id, 'telemetry') : buildTopic('ms', d.id, 'survey')));
    this.periodMs = (1000 * o.devices) / o.rate;
    this.next = Float64Array.from(this.devices, (_, i) => (i * this.periodMs) / o.devices);
    this.seq = new Uint32Array(o.devices);
  }

  advanceTo(epochMs: number): SimEvent[] {
    const events: SimEvent[] = [];
    const target = epochMs - this.startTime;
    if (!this.started) {
      this.started = true;
      for (const d of this.devices) {
        const topic = buildTopic(d.kind, d.id, 'status');
        const will = { t: this.startTime, deviceId: d.id, topic, payload: JSON.stringify({ ts: this.startTime, seq: 0, state: 'offline' }), qos: 1 as const, retain: true };
        events.push({ type: 'connect', t: this.startTime, deviceId: d.id, will });
      }
    }
    // Emit in time order across devices: walk time slices of one period.
    for (;;) {
      let progressed = false;
      for (let i = 0; i < this.devices.length; i++) {
        const t = this.next[i]!;
        if (t > target) continue;
        progressed = true;
        this.next[i] = t + this.periodMs;
        const d = this.devices[i]!;
        const ts = Math.round(this.startTime + t);
        events.push({ type: 'publish', t: ts, deviceId: d.id, topic: this.topics[i]!, payload: this.payload(d.kind, ts, this.seq[i]++), qos: 1, retain: false });
      }
      if (!progressed) break;
    }
    return events;
  }

  private payload(kind: DeviceKind, ts: number, seq: number): string {
    const p = this.frame.toLatLon({ x: this.rng.uniform(-2000, 2000), y: this.rng.uniform(-2000, 2000) });
    const lat = round(p.lat, 7);
    const lon = round(p.lon, 7);
    if (kind === 'drone') {
      return `{"ts":${ts},"seq":${seq},"lat":${lat},"lon":${lon},"altM":${round(100 + this.rng.uniform(0, 20), 1)},"relAltM":${round(80 + this.rng.uniform(0, 20), 1)},"headingDeg":${round(this.rng.uniform(0, 360), 1)},"groundSpeedMs":${round(this.rng.uniform(0, 12), 2)},"vertSpeedMs":0,"batteryPct":${round(this.rng.uniform(30, 100), 1)},"mode":"wayline"}`;
    }
    return `{"ts":${ts},"seq":${seq},"lat":${lat},"lon":${lon},"tic":${Math.round(this.rng.uniform(2e5, 5e6))},"gases":[{"cas":"7783-06-4","name":"hydrogen sulfide","value":${round(this.rng.uniform(0, 5), 1)},"unit":"ppm"}]}`;
  }
}
