import type { DeviceReading } from '@tianyan/contracts';

/** One georeferenced concentration of one compound. */
export interface ConcentrationSample {
  deviceId: string;
  time: number;
  cas: string;
  compound: string;
  lat: number;
  lon: number;
  ppm: number;
}

/**
 * The concentrations a reading carries: every gas of an MS survey and every compound of a GC-MS
 * identification, at the reading's position. Gases without a ppm value (no molar mass) are skipped.
 * A survey's zero is a real measurement (clean air) and is kept: it bounds the plume.
 */
export function concentrationSamples(reading: DeviceReading): ConcentrationSample[] {
  if (reading.stream === 'ms/survey') {
    const { lat, lon, gases } = reading.data;
    return gases.flatMap((g) => (g.ppm === null || !Number.isFinite(g.ppm) ? [] : [{ deviceId: reading.deviceId, time: reading.time, cas: g.cas, compound: g.name, lat, lon, ppm: g.ppm }]));
  }
  if (reading.stream === 'ms/identification') {
    const { lat, lon, compounds } = reading.data;
    return compounds.flatMap((c) => (c.ppm === null || !Number.isFinite(c.ppm) ? [] : [{ deviceId: reading.deviceId, time: reading.time, cas: c.cas, compound: c.name, lat, lon, ppm: c.ppm }]));
  }
  return [];
}
