import type { DeviceKind, DeviceState, QualityFlag } from '@tianyan/contracts';
import type { DeviceUpsert } from '@tianyan/storage';
import type { KnownDevice } from './ingest-store';

export type DeviceAdmission = { ok: true; register?: DeviceUpsert } | { ok: false; reason: string };

/** Readings taken while the device reports one of these states carry its HJ 212 flag. */
const QUALITY_BY_STATE: Partial<Record<DeviceState, QualityFlag>> = { calibration: 'C', maintenance: 'M', fault: 'D' };

/**
 * Which devices may publish, kept in memory so admission costs no query per message.
 * Unknown devices are registered on first message only when auto-provisioning is on.
 */
export class DeviceRegistry {
  private readonly devices = new Map<string, KnownDevice>();

  constructor(private readonly autoProvision: boolean) {}

  load(devices: KnownDevice[]): void {
    for (const device of devices) this.devices.set(device.id, device);
  }

  admit(deviceId: string, kind: DeviceKind): DeviceAdmission {
    const known = this.devices.get(deviceId);
    if (!known) {
      if (!this.autoProvision) return { ok: false, reason: `unknown device "${deviceId}" (auto-provisioning is off; register it first)` };
      return { ok: true, register: { id: deviceId, kind, autoProvisioned: true } };
    }
    if (known.kind !== kind) return { ok: false, reason: `device "${deviceId}" is registered as ${known.kind}, not ${kind}` };
    if (!known.enabled) return { ok: false, reason: `device "${deviceId}" is disabled` };
    return { ok: true };
  }

  /** Auto-provisions a device once it delivered a valid reading: garbage alone registers nobody. */
  register(device: DeviceUpsert): void {
    if (!this.devices.has(device.id)) this.devices.set(device.id, { id: device.id, kind: device.kind, state: null, enabled: true });
  }

  noteState(deviceId: string, state: DeviceState): void {
    const known = this.devices.get(deviceId);
    if (known) known.state = state;
  }

  /** The quality flag the device's reported state imposes on its readings, if any. */
  qualityOf(deviceId: string): QualityFlag | undefined {
    const state = this.devices.get(deviceId)?.state;
    return state ? QUALITY_BY_STATE[state] : undefined;
  }
}
