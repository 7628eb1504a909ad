import { parseDeviceMessage, type DeviceKind } from '@tianyan/contracts';
import type { SimDevice } from '../devices/device';
import type { DeviceLink } from '../link/device-link';
import type { GroundTruth, GroundTruthRecorder } from './ground-truth';
import type { SimEvent, SimMessage } from './sim-event';

/** Anything that yields the fleet's events on a virtual clock: a scenario or the load generator. */
export interface EventSource {
  readonly name: string;
  readonly startTime: number;
  readonly devices: ReadonlyArray<{ id: string; kind: DeviceKind }>;
  /** Events with virtual time up to and including `epochMs`, in order. Call with increasing times. */
  advanceTo(epochMs: number): SimEvent[];
}

export interface ValidationStats {
  checked: number;
  invalid: number;
  /** The first few reasons, for the log. */
  reasons: string[];
}

/**
 * A running scenario: devices observing one world, each behind its radio link, stepped on a seeded
 * virtual clock. Nothing here reads the wall clock, so an hour of scenario runs in milliseconds and
 * the same seed and start time give a byte-identical event stream. Every message is validated against
 * the v1 contract before it leaves; an invalid one is dropped and counted (it would be a simulator bug).
 */
export class Scenario implements EventSource {
  readonly devices: ReadonlyArray<{ id: string; kind: DeviceKind }>;
  readonly validation: ValidationStats = { checked: 0, invalid: 0, reasons: [] };
  private nowMs = -1;
  private readonly linkNextMs: number[];

  constructor(
    readonly name: string,
    readonly seed: number,
    readonly startTime: number,
    readonly drill: boolean,
    readonly incidents: readonly string[],
    private readonly fleet: ReadonlyArray<{ device: SimDevice; link: DeviceLink }>,
    private readonly recorder: GroundTruthRecorder,
    private readonly validate: boolean,
  ) {
    this.devices = fleet.map(({ device }) => ({ id: device.id, kind: device.kind }));
    this.linkNextMs = fleet.map(() => 0);
  }

  /** Virtual time reached, epoch ms. */
  get now(): number {
    return this.startTime + Math.max(0, this.nowMs);
  }

  advanceTo(epochMs: number): SimEvent[] {
    const target = epochMs - this.startTime;
    const events: SimEvent[] = [];
    for (;;) {
      const t = this.nextDueMs();
      if (t > target) break;
      // Link changes first (a device that drops at t sends nothing at t), then the truth, then devices.
      this.fleet.forEach(({ link }, i) => {
        if (this.linkNextMs[i]! <= t) {
          events.push(...link.update(t));
          this.linkNextMs[i] = link.nextChangeAfter(t);
        }
      });
      if (this.recorder.nextAtMs <= t) this.recorder.sample();
      for (const { device, link } of this.fleet) {
        if (device.nextAtMs <= t) events.push(...link.transmit(t, device.tick()));
      }
      this.nowMs = t;
    }
    this.nowMs = Math.max(this.nowMs, target);
    return this.validate || this.recorder.recording ? this.checkAndWitness(events) : events;
  }

  groundTruth(): GroundTruth {
    return this.recorder.snapshot(Math.max(0, this.nowMs));
  }

  private nextDueMs(): number {
    let t = this.recorder.nextAtMs;
    for (let i = 0; i < this.fleet.length; i++) t = Math.min(t, this.fleet[i]!.device.nextAtMs, this.linkNextMs[i]!);
    return t;
  }

  /** Parses each message once: drops the invalid ones (when validating), shows the rest to the ground truth. */
  private checkAndWitness(events: SimEvent[]): SimEvent[] {
    const out: SimEvent[] = [];
    for (const e of events) {
      if (e.type === 'disconnect') {
        this.recorder.disconnected(e.deviceId, e.t);
        out.push(e);
        continue;
      }
      if (e.type === 'connect' && !this.validate) {
        out.push(e);
        continue;
      }
      const msg: SimMessage = e.type === 'connect' ? e.will : e;
      const parsed = parseDeviceMessage(msg.topic, msg.payload, msg.t + 1000);
      if (this.validate && !this.isValid(msg, parsed.rejects) && e.type !== 'connect') continue; // never lose a connect; its will is the broker's business
      if (e.type === 'publish') this.recorder.observe(e, parsed.readings);
      out.push(e);
    }
    return out;
  }

  private isValid(msg: SimMessage, rejects: ReadonlyArray<{ reason: string }>): boolean {
    this.validation.checked++;
    if (rejects.length === 0) return true;
    this.validation.invalid++;
    if (this.validation.reasons.length < 10) this.validation.reasons.push(`${msg.topic}: ${rejects[0]!.reason}`);
    return false;
  }
}
