import type { Rng } from '../random/rng';

export const FAULT_KINDS = ['dropout', 'gnss-jump', 'stuck-sensor', 'clock-skew', 'battery-failure', 'offline'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  id: string;
  deviceId: string;
  kind: FaultKind;
  startMs: number;
  endMs: number;
  /** Kind-specific detail: jump offset (m), clock offset (ms). */
  params: Record<string, number>;
}

export interface FaultTarget {
  id: string;
  kind: 'drone' | 'ms' | 'obd';
}

const HOUR_MS = 3_600_000;

/** Which device kinds a fault can hit: a GNSS jump needs a moving device, a stuck sensor a gas sensor. */
const ELIGIBLE: Record<FaultKind, ReadonlyArray<FaultTarget['kind']>> = {
  dropout: ['drone', 'ms', 'obd'],
  'gnss-jump': ['drone', 'ms'],
  'stuck-sensor': ['ms'],
  'clock-skew': ['drone', 'ms', 'obd'],
  'battery-failure': ['drone'],
  offline: ['drone', 'ms', 'obd'],
};

/**
 * Field faults injected into a scenario: per hour of virtual time, one of each enabled kind on a
 * seeded device at a seeded moment. Generated lazily per hour so endless runs (the demo) keep
 * getting faults, and deterministic because each hour forks its own random stream.
 */
export class FaultPlan {
  private readonly byHour = new Map<number, Fault[]>();
  private targets: readonly FaultTarget[] = [];

  constructor(
    private readonly kinds: readonly FaultKind[],
    private readonly rng: Rng,
  ) {}

  /** The devices faults may hit; set once the fleet is built, before the first query. */
  setTargets(targets: readonly FaultTarget[]): void {
    this.targets = targets;
    this.byHour.clear();
  }

  /** Faults of a device that are active at t. */
  active(deviceId: string, kind: FaultKind, tMs: number): Fault | undefined {
    if (this.kinds.length === 0) return undefined;
    const h = Math.floor(tMs / HOUR_MS);
    for (const hour of [h, h - 1]) {
      for (const f of this.hour(hour)) {
        if (f.deviceId === deviceId && f.kind === kind && tMs >= f.startMs && tMs < f.endMs) return f;
      }
    }
    return undefined;
  }

  /** All faults of a device starting in the hours overlapping [fromMs, toMs]. */
  forDevice(deviceId: string, fromMs: number, toMs: number): Fault[] {
    const out: Fault[] = [];
    for (let h = Math.max(0, Math.floor(fromMs / HOUR_MS) - 1); h <= Math.floor(toMs / HOUR_MS); h++) {
      for (const f of this.hour(h)) if (f.deviceId === deviceId && f.endMs > fromMs && f.startMs <= toMs) out.push(f);
    }
    return out;
  }

  /** Every fault that has started by t, for the ground truth. */
  startedBy(tMs: number): Fault[] {
    const out: Fault[] = [];
    for (let h = 0; h <= Math.floor(tMs / HOUR_MS); h++) for (const f of this.hour(h)) if (f.startMs <= tMs) out.push(f);
    return out;
  }

  private hour(h: number): Fault[] {
    if (h < 0) return [];
    let faults = this.byHour.get(h);
    if (!faults) {
      faults = this.generate(h);
      this.byHour.set(h, faults);
    }
    return faults;
  }

  private generate(h: number): Fault[] {
    const rng = this.rng.fork(`hour:${h}`);
    const faults: Fault[] = [];
    // Leave the first 5 minutes clean so devices are seen healthy before anything breaks.
    const slotStart = h * HOUR_MS + (h === 0 ? 5 * 60_000 : 0);
    for (const kind of this.kinds) {
      const eligible = this.targets.filter((t) => ELIGIBLE[kind].includes(t.kind));
      if (eligible.length === 0) continue;
      const target = rng.pick(eligible);
      const startMs = Math.round(rng.uniform(slotStart, h * HOUR_MS + 45 * 60_000) / 1000) * 1000;
      const { durationS, params } = shape(kind, rng);
      faults.push({ id: `F${h}-${kind}`, deviceId: target.id, kind, startMs, endMs: startMs + durationS * 1000, params });
    }
    return faults;
  }
}

function shape(kind: FaultKind, rng: Rng): { durationS: number; params: Record<string, number> } {
  switch (kind) {
    case 'dropout':
      return { durationS: rng.int(60, 180), params: {} };
    case 'gnss-jump': {
      const distM = rng.uniform(300, 900);
      const dir = rng.uniform(0, 2 * Math.PI);
      return { durationS: rng.int(5, 15), params: { dxM: Math.round(distM * Math.sin(dir)), dyM: Math.round(distM * Math.cos(dir)) } };
    }
    case 'stuck-sensor':
      return { durationS: rng.int(300, 600), params: {} };
    case 'clock-skew':
      // Within the contract's 10-minute future tolerance, so readings still validate but are visibly off.
      return { durationS: rng.int(600, 1200), params: { offsetMs: rng.pick([-1, 1]) * rng.int(3, 8) * 60_000 } };
    case 'battery-failure':
      return { durationS: 600, params: {} };
    case 'offline':
      return { durationS: rng.int(120, 300), params: {} };
  }
}
