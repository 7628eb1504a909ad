import type { DeviceReading } from '@tianyan/contracts';
import { LocalMetricFrame } from '../local-metric-frame';

/**
 * A deterministic four-minute incident for equivalence checks of the situation picture: spectrometer
 * surveys through a moving gas blob, drones with changing camera poses (oblique looks that see sky)
 * over a fire that spreads then cools in part, frames that are late, unusable or missing. Readings
 * are in arrival order; snapshots are meant to be taken at each `snapshotAfter` index.
 */
export function mixedIncidentReadings(): { readings: DeviceReading[]; snapshotAfter: Set<number> } {
  const frame = new LocalMetricFrame(30.61, 114.27);
  const t0 = Date.UTC(2024, 5, 1, 2, 0, 0);
  const readings: DeviceReading[] = [];
  const snapshotAfter = new Set<number>();
  const late: DeviceReading[] = [];
  for (let s = 0; s <= 240; s += 2) {
    const time = t0 + s * 1000;
    for (let k = 0; k < 20; k++) {
      const x = -300 + ((k * 53 + s * 7) % 600);
      const y = -300 + ((k * 97 + s * 11) % 600);
      const cx = s * 1.5;
      const ppm = Math.round(40 * Math.exp(-((x - cx) ** 2 + y * y) / (2 * 90 * 90)) * 100) / 100;
      readings.push(survey(`ms-${k % 4}`, time + k, frame.lat(y), frame.lon(x), ppm));
    }
    for (let d = 0; d < 3; d++) {
      const heading = (s * 3 + d * 120) % 360;
      const pitch = d === 2 ? -35 : -90 + ((s * 2) % 40);
      readings.push(telemetry(`uav-${d}`, time + 100 + d, heading, d === 1 ? 15 : null, pitch));
      if (s % 4 !== 0) continue;
      const fx = -40 + d * 30 + (s % 20);
      const fy = 20 - d * 25;
      const hotRadius = s < 120 ? 3 + s / 30 : 7 - (s - 120) / 30; // spreads, then cools from the edge
      const relAltM = s === 40 && d === 0 ? 0 : 60 + d * 15;
      const thermal = thermalReading(`uav-${d}`, time + 150 + d, frame.lat(fy), frame.lon(fx), relAltM, hotFrame(16, 12, hotRadius, d + s, s === 60 && d === 1));
      if (s % 12 === 4 && d === 2) late.push(thermal); // store-and-forward: arrives later
      else readings.push(thermal);
    }
    if (s % 20 === 0) readings.push(...late.splice(0));
    if (s % 10 === 0 && s > 0) snapshotAfter.add(readings.length - 1);
  }
  readings.push(thermalReading('uav-0', t0 + 241_000, frame.lat(0), frame.lon(0), 70, null));
  snapshotAfter.add(readings.length - 1);
  return { readings, snapshotAfter };
}

function survey(deviceId: string, time: number, lat: number, lon: number, ppm: number): DeviceReading {
  return {
    deviceId, kind: 'ms', channel: 'survey', stream: 'ms/survey', seq: 0, time, receivedAt: time, late: false, drill: false, quality: 'N', extra: null,
    data: { lat, lon, tic: 1e6, gases: [
      { cas: '7783-06-4', name: 'hydrogen sulfide', value: ppm, unit: 'ppm', ppm },
      { cas: '71-43-2', name: 'benzene', value: ppm * 3, unit: 'ppm', ppm: ppm * 3 },
    ] },
  } as DeviceReading;
}

function telemetry(deviceId: string, time: number, headingDeg: number, gimbalYawDeg: number | null, gimbalPitchDeg: number): DeviceReading {
  return { deviceId, kind: 'drone', channel: 'telemetry', stream: 'drone/telemetry', seq: 0, time, receivedAt: time, late: false, drill: false, quality: 'N', extra: null, data: { headingDeg, gimbalYawDeg, gimbalPitchDeg } } as unknown as DeviceReading;
}

function thermalReading(deviceId: string, time: number, lat: number, lon: number, relAltM: number, frame: object | null): DeviceReading {
  return { deviceId, kind: 'drone', channel: 'thermal', stream: 'drone/thermal', seq: 0, time, receivedAt: time, late: false, drill: false, quality: 'N', extra: null, data: { lat, lon, relAltM, frame } } as unknown as DeviceReading;
}

/** A w×h frame, ~20 °C with a hot disc (up to ~400 °C) of `radius` pixels off centre; `short` cuts the data. */
function hotFrame(w: number, h: number, radius: number, seed: number, short: boolean): object {
  const bytes = Buffer.alloc(w * h * 2);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const r = Math.hypot(i - w / 2 - 1, j - h / 2);
      const c = r <= radius ? 400 - r * 30 + ((i * 7 + j * 3 + seed) % 11) : 20 + ((i + j + seed) % 5);
      bytes.writeUInt16LE(Math.round((c + 273.15) * 10), 2 * (j * w + i));
    }
  }
  return { w, h, scaleC: 0.1, offsetC: -273.15, data: (short ? bytes.subarray(0, w * h) : bytes).toString('base64') };
}
