import { buildTopic, parseDeviceMessage, type DeviceKind, type DeviceReading } from '@tianyan/contracts';
import { makeDroneTelemetry, makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus } from '@tianyan/testing';

export interface FleetDevice {
  id: string;
  kind: DeviceKind;
  /** Spreads the devices' ticks so they do not all report at the same instant. */
  offsetMs: number;
}

/** Streams of each kind and their period (ms): ≈ 0.2–0.25 Hz per device in all, like a field fleet. */
const SCHEDULE: Record<DeviceKind, { channel: string; periodMs: number }[]> = {
  drone: [
    { channel: 'telemetry', periodMs: 5_000 },
    { channel: 'thermal', periodMs: 30_000 },
    { channel: 'status', periodMs: 60_000 },
  ],
  ms: [
    { channel: 'survey', periodMs: 5_000 },
    { channel: 'identification', periodMs: 600_000 },
    { channel: 'status', periodMs: 60_000 },
  ],
  obd: [
    { channel: 'inspection', periodMs: 60_000 },
    { channel: 'status', periodMs: 60_000 },
  ],
};

/** Two drones and two mass spectrometers for every OBD lane. */
export function fleetOf(count: number): FleetDevice[] {
  const kinds: DeviceKind[] = ['drone', 'ms', 'drone', 'ms', 'obd'];
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { id: `pb-${kind}-${String(i).padStart(3, '0')}`, kind, offsetMs: (i * 997) % 5_000 };
  });
}

function payload(kind: DeviceKind, channel: string, ts: number, seq: number, phase: number): Record<string, unknown> {
  const wave = Math.sin(ts / 600_000 + phase);
  const lat = 30.61 + 0.01 * Math.sin(ts / 1_800_000 + phase);
  const lon = 114.26 + 0.01 * Math.cos(ts / 1_800_000 + phase);
  const at = { ts, seq };
  if (channel === 'status') return makeStatus({ ...at, batteryPct: Math.round(60 + 30 * wave) });
  if (kind === 'drone' && channel === 'telemetry') return makeDroneTelemetry({ ...at, lat, lon, relAltM: 80 + 10 * wave, batteryPct: 50 + 40 * wave });
  // Frames stay out: the seek and replay costs are those of the rows, not of the frame bytes.
  if (kind === 'drone') {
    const tMaxC = Number((200 + 100 * wave).toFixed(1));
    return makeDroneThermal({ ...at, lat, lon, tMaxC, hotspot: { x: 5, y: 2, lat, lon, tempC: tMaxC }, frame: undefined });
  }
  if (channel === 'survey') {
    return makeMsSurvey({ ...at, lat, lon, gases: [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: Number((3 + 2 * wave).toFixed(2)), unit: 'ppm' },
      { cas: '71-43-2', name: 'benzene', value: Math.round(800 + 400 * wave), unit: 'ppb' },
    ] });
  }
  if (channel === 'identification') return makeMsIdentification({ ...at, lat, lon, runId: `RUN-${seq}` });
  return makeObdInspection({ ...at, noxPpm: Math.round(400 + 200 * wave) });
}

/** Every reading of the fleet with device time in [from, to), parsed as ingest would (received 200 ms later). */
export function readingsBetween(fleet: readonly FleetDevice[], from: number, to: number): DeviceReading[] {
  const out: DeviceReading[] = [];
  fleet.forEach((device, d) => {
    for (const { channel, periodMs } of SCHEDULE[device.kind]) {
      const first = Math.ceil((from - device.offsetMs) / periodMs) * periodMs + device.offsetMs;
      for (let ts = first; ts < to; ts += periodMs) {
        const seq = Math.floor(ts / 1_000);
        const text = JSON.stringify(payload(device.kind, channel, ts, seq, d));
        const parsed = parseDeviceMessage(buildTopic(device.kind, device.id, channel as never), text, ts + 200);
        if (!parsed.readings[0]) throw new Error(`generated an invalid ${device.kind}/${channel}: ${JSON.stringify(parsed.rejects)}`);
        out.push(parsed.readings[0]);
      }
    }
  });
  return out;
}
