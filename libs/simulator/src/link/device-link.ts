import { buildTopic, type ChannelOf, type DeviceKind } from '@tianyan/contracts';
import type { DeviceOutput, SimDevice, StatusBody } from '../devices/device';
import type { FaultPlan } from '../scenario/faults';
import type { SimEvent, SimMessage } from '../scenario/sim-event';

/** Most envelopes per replayed array: keeps a replay well under the contract's payload limit. */
const REPLAY_CHUNK = 200;

/**
 * The device's radio: wraps readings in the v1 envelope (device time, per-channel seq, drill flag)
 * and applies the link faults. A dropout buffers readings and replays them as array payloads with
 * their original device times when the link returns; going offline drops the session so the broker
 * publishes the last will; clock skew shifts the device's own time stamps.
 */
export class DeviceLink {
  private readonly seq = new Map<string, number>();
  private readonly buffer = new Map<string, string[]>();
  private lastStatus: StatusBody | null = null;
  private mode: 'up' | 'dropout' | 'offline' = 'up';
  private connected = false;

  constructor(
    private readonly device: SimDevice,
    private readonly epoch: (tMs: number) => number,
    private readonly faults: FaultPlan,
    private readonly drill: boolean,
  ) {}

  /** Virtual ms of the next link-state change (fault start or end) after t, or Infinity. */
  nextChangeAfter(tMs: number): number {
    let next = Infinity;
    for (const f of this.faults.forDevice(this.device.id, tMs, tMs + 3_600_000)) {
      if (f.kind !== 'dropout' && f.kind !== 'offline') continue;
      if (f.startMs > tMs) next = Math.min(next, f.startMs);
      if (f.endMs > tMs) next = Math.min(next, f.endMs);
    }
    return next;
  }

  /** Brings the link to its state at t: connect at start, drop or restore around faults. */
  update(tMs: number): SimEvent[] {
    const events: SimEvent[] = [];
    const want = this.faults.active(this.device.id, 'offline', tMs) ? 'offline' : this.faults.active(this.device.id, 'dropout', tMs) ? 'dropout' : 'up';
    if (!this.connected && want !== 'offline') {
      this.connected = true;
      events.push({ type: 'connect', t: this.epoch(tMs), deviceId: this.device.id, will: this.will(tMs) });
      events.push(this.publish(tMs, 'status', { ...this.device.status() }));
    }
    if (want === this.mode) return events;
    if (want === 'offline' && this.connected) {
      this.connected = false;
      events.push({ type: 'disconnect', t: this.epoch(tMs), deviceId: this.device.id });
      this.buffer.clear(); // power/radio loss: what was not sent is gone
    }
    if (want === 'up' && this.mode === 'dropout') events.push(...this.replay(tMs));
    this.mode = want;
    return events;
  }

  /** Sends (or buffers, or drops) what the device produced at t. */
  transmit(tMs: number, outputs: DeviceOutput[]): SimEvent[] {
    const events: SimEvent[] = [];
    for (const out of outputs) {
      const atMs = out.atMs ?? tMs;
      if (out.channel === 'status') this.lastStatus = out.body as unknown as StatusBody;
      if (this.mode === 'offline') continue;
      if (this.mode === 'dropout') {
        if (out.channel === 'status') continue; // the latest status is sent on restore instead
        const envelope = this.envelope(atMs, out.channel, out.bufferBody ?? out.body);
        const list = this.buffer.get(out.channel) ?? [];
        list.push(envelope);
        this.buffer.set(out.channel, list);
        continue;
      }
      events.push(this.publish(atMs, out.channel, out.body, tMs));
    }
    return events;
  }

  private replay(tMs: number): SimEvent[] {
    const events: SimEvent[] = [];
    for (const [channel, envelopes] of this.buffer) {
      for (let i = 0; i < envelopes.length; i += REPLAY_CHUNK) {
        const payload = `[${envelopes.slice(i, i + REPLAY_CHUNK).join(',')}]`;
        events.push({ type: 'publish', ...this.message(tMs, channel, payload, false) });
      }
    }
    this.buffer.clear();
    if (this.lastStatus) events.push(this.publish(tMs, 'status', { ...this.lastStatus }));
    return events;
  }

  private publish(atMs: number, channel: string, body: Record<string, unknown>, sentAtMs = atMs): SimEvent {
    const payload = this.envelope(atMs, channel, body);
    return { type: 'publish', ...this.message(sentAtMs, channel, payload, channel === 'status') };
  }

  private will(tMs: number): SimMessage {
    const last = this.lastStatus ?? this.device.status();
    const body: Record<string, unknown> = { state: 'offline', firmware: last.firmware, note: 'connection lost (last will)' };
    return this.message(tMs, 'status', this.envelope(tMs, 'status', body), true);
  }

  private message(tMs: number, channel: string, payload: string, retain: boolean): SimMessage {
    const topic = buildTopic(this.device.kind as DeviceKind, this.device.id, channel as ChannelOf<DeviceKind>);
    return { t: this.epoch(tMs), deviceId: this.device.id, topic, payload, qos: 1, retain };
  }

  /** JSON with a fixed key order: envelope first, then the channel's fields. */
  private envelope(atMs: number, channel: string, body: Record<string, unknown>): string {
    const seq = this.seq.get(channel) ?? 0;
    this.seq.set(channel, seq + 1);
    const skew = this.faults.active(this.device.id, 'clock-skew', atMs)?.params['offsetMs'] ?? 0;
    const head: Record<string, unknown> = { ts: this.epoch(atMs) + skew, seq };
    if (this.drill) head['drill'] = true;
    return JSON.stringify({ ...head, ...body });
  }
}
