import { vinCheckDigit } from '@tianyan/contracts';

/** Valid v1 payloads for tests; override any field. Times default to now. */
let nextSeq = 1;
const envelope = () => ({ ts: Date.now(), seq: nextSeq++ });

export function makeDroneTelemetry(overrides: Record<string, unknown> = {}) {
  return {
    ...envelope(),
    lat: 30.6123456, lon: 114.2654321, altM: 112.4, relAltM: 85.0, headingDeg: 272.5,
    groundSpeedMs: 8.2, vertSpeedMs: -0.3, batteryPct: 76.5, gimbalPitchDeg: -60, gimbalYawDeg: 12,
    satellites: 19, fixType: 3, mode: 'wayline',
    ...overrides,
  };
}

export function makeThermalFrame(w = 8, h = 4, fill = 2931): { w: number; h: number; scaleC: number; offsetC: number; data: string } {
  const bytes = Buffer.alloc(w * h * 2);
  for (let i = 0; i < w * h; i++) bytes.writeUInt16LE(fill + i, i * 2);
  return { w, h, scaleC: 0.01, offsetC: -273.15, data: bytes.toString('base64') };
}

export function makeDroneThermal(overrides: Record<string, unknown> = {}) {
  return {
    ...envelope(),
    lat: 30.6123456, lon: 114.2654321, relAltM: 85, gainMode: 'low',
    tMinC: 12.5, tMaxC: 312.8, tMeanC: 41.2,
    hotspot: { x: 5, y: 2, lat: 30.6125, lon: 114.2657, tempC: 312.8 },
    frame: makeThermalFrame(),
    ...overrides,
  };
}

export function makeMsSurvey(overrides: Record<string, unknown> = {}) {
  return {
    ...envelope(),
    lat: 30.6101, lon: 114.2611, tic: 2.4e6,
    gases: [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: 3.2, unit: 'ppm' },
      { cas: '71-43-2', name: 'benzene', value: 850, unit: 'ppb' },
      { cas: '7647-01-0', name: 'hydrogen chloride', value: 1.49, unit: 'mg/m3' },
    ],
    ...overrides,
  };
}

export function makeMsIdentification(overrides: Record<string, unknown> = {}) {
  return {
    ...envelope(),
    lat: 30.6101, lon: 114.2611, runId: 'RUN-0007',
    compounds: [
      { cas: '71-43-2', name: 'benzene', concentration: 12.5, unit: 'ppm', matchFactor: 912, retentionTimeS: 184.2, ions: [[78, 100], [77, 24], [51, 18], [52, 16]] },
      { cas: '108-88-3', name: 'toluene', concentration: 640, unit: 'ppb', matchFactor: 655, retentionTimeS: 301.7, ions: [[91, 100], [92, 62], [65, 11]] },
    ],
    ...overrides,
  };
}

/** A VIN with a correct check digit, built from a 16-character stem (position 9 is filled in). */
export function makeVin(stem = 'LZZ5ELND8JA123456'): string {
  const draft = stem.slice(0, 8) + '0' + stem.slice(9, 17);
  return draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
}

export function makeObdInspection(overrides: Record<string, unknown> = {}) {
  return {
    ...envelope(),
    lat: 30.5921, lon: 114.3012, lane: 1, vin: makeVin(), plate: '鄂A·12345',
    obd: { commOk: true, mil: false, dtcs: [], readiness: { supported: 8, complete: 8 }, calid: 'CAL123', cvn: 'A1B2C3D4', odometerKm: 182345 },
    opacity: { kM1: [0.21, 0.24, 0.19] }, noxPpm: 420, ureaPct: 32.4,
    ambient: { tempC: 18.5, humidityPct: 62, pressureKPa: 101.2 },
    ...overrides,
  };
}

export function makeStatus(overrides: Record<string, unknown> = {}) {
  return { ...envelope(), state: 'online', batteryPct: 88, firmware: '1.4.2', ...overrides };
}
