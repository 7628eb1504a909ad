import type { DeviceReading } from '@tianyan/contracts';

/** Reading factories for unit tests of the web app (no DOM, no network). */
type Overrides<S extends DeviceReading['stream']> = Partial<Omit<DeviceReading<S>, 'data'>> & { data?: Partial<DeviceReading<S>['data']> };

const base = { seq: 1, receivedAt: 0, late: false, drill: false, quality: 'N' as const, extra: null };

export function droneReading(o: Overrides<'drone/telemetry'> = {}): DeviceReading<'drone/telemetry'> {
  const { data, ...rest } = o;
  return {
    ...base, deviceId: 'UAV-01', kind: 'drone', channel: 'telemetry', stream: 'drone/telemetry', time: 1_000,
    ...rest,
    data: {
      lat: 30.6123, lon: 114.2654, altM: 112.4, relAltM: 85, headingDeg: 272.5, groundSpeedMs: 8.2, vertSpeedMs: -0.3,
      batteryPct: 76.5, satellites: 19, mode: 'wayline', ...data,
    },
  };
}

export function msReading(o: Overrides<'ms/survey'> = {}): DeviceReading<'ms/survey'> {
  const { data, ...rest } = o;
  return {
    ...base, deviceId: 'MS-01', kind: 'ms', channel: 'survey', stream: 'ms/survey', time: 1_000,
    ...rest,
    data: {
      lat: 30.6101, lon: 114.2611, tic: 2.4e6,
      gases: [
        { cas: '7783-06-4', name: 'hydrogen sulfide', value: 3.2, unit: 'ppm', ppm: 3.2 },
        { cas: '71-43-2', name: 'benzene', value: 850, unit: 'ppb', ppm: 0.85 },
        { cas: '9999-99-9', name: 'unknown', value: 1, unit: 'mg/m3', ppm: null },
      ],
      ...data,
    },
  };
}

export function obdReading(o: Overrides<'obd/inspection'> = {}): DeviceReading<'obd/inspection'> {
  const { data, ...rest } = o;
  return {
    ...base, deviceId: 'OBD-01', kind: 'obd', channel: 'inspection', stream: 'obd/inspection', time: 1_000,
    ...rest,
    data: {
      lat: 30.5921, lon: 114.3012, vin: 'LZZ5ELND8JA123456', plate: '鄂A·12345',
      obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 8, complete: 8 } },
      opacity: { kM1: [0.21, 0.24, 0.19] }, noxPpm: 420, ureaPct: 32.4, ...data,
    },
  };
}

export function statusReading(deviceId: string, kind: 'drone' | 'ms' | 'obd', state: 'online' | 'offline', time: number, batteryPct?: number): DeviceReading {
  return {
    ...base, deviceId, kind, channel: 'status', stream: `${kind}/status`, time, data: { state, ...(batteryPct === undefined ? {} : { batteryPct }) },
  } as DeviceReading;
}

export function thermalReading(o: Overrides<'drone/thermal'> = {}): DeviceReading<'drone/thermal'> {
  const { data, ...rest } = o;
  return {
    ...base, deviceId: 'UAV-01', kind: 'drone', channel: 'thermal', stream: 'drone/thermal', time: 1_000,
    ...rest,
    data: {
      lat: 30.6123, lon: 114.2654, relAltM: 90, gainMode: 'low', tMinC: 18, tMaxC: 410, tMeanC: 40,
      hotspot: { x: 1, y: 0, lat: 30.6101, lon: 114.2702, tempC: 410 },
      frame: { w: 2, h: 1, scaleC: 0.1, offsetC: -273.15, data: '2AuwGg==' },
      ...data,
    },
  } as DeviceReading<'drone/thermal'>;
}

export function identificationReading(o: Overrides<'ms/identification'> = {}): DeviceReading<'ms/identification'> {
  const { data, ...rest } = o;
  return {
    ...base, deviceId: 'MS-01', kind: 'ms', channel: 'identification', stream: 'ms/identification', time: 1_000,
    ...rest,
    data: {
      lat: 30.6101, lon: 114.2611, runId: 'run-1',
      compounds: [
        { cas: '71-43-2', name: 'benzene', concentration: 1.2, unit: 'ppm', ppm: 1.2, matchFactor: 912, retentionTimeS: 182, ions: [[78, 100], [77, 22], [52, 19], [51, 18]] },
        { cas: '100-42-5', name: 'styrene', concentration: 80, unit: 'ppb', ppm: 0.08, matchFactor: 655, retentionTimeS: 402 },
      ],
      ...data,
    },
  } as DeviceReading<'ms/identification'>;
}
