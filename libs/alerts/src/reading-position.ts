import type { DeviceReading } from '@tianyan/contracts';

/** Position a reading carries (every stream but status), or null. */
export function readingLat(reading: DeviceReading): number | null {
  const lat = (reading.data as { lat?: unknown }).lat;
  return typeof lat === 'number' ? lat : null;
}

export function readingLon(reading: DeviceReading): number | null {
  const lon = (reading.data as { lon?: unknown }).lon;
  return typeof lon === 'number' ? lon : null;
}
