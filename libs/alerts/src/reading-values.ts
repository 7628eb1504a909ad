import { resolveSeriesField, type DeviceReading, type Stream } from '@tianyan/contracts';

/** Reads one numeric field of a reading; null when the reading does not carry it. */
export type ValueReader = (reading: DeviceReading) => number | null;

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Highest ppm among entries of one CAS (a payload may list a compound twice). */
function maxPpm(entries: unknown, cas: string): number | null {
  if (!Array.isArray(entries)) return null;
  let max: number | null = null;
  for (const e of entries as Array<{ cas: string; ppm: number | null }>) {
    if (e.cas === cas && e.ppm !== null && (max === null || e.ppm > max)) max = e.ppm;
  }
  return max;
}

/**
 * Resolves a series field (contracts' `SERIES_FIELDS`, `gas:<cas>`, `compound:<cas>`) once into a
 * reader for the rules' hot path. Derived columns: `hotspotTempC` = hotspot.tempC,
 * `opacityMeanKM1` = mean of the three opacity runs. Throws on a field the stream does not have.
 */
export function valueReader(stream: Stream, field: string): ValueReader {
  const resolved = resolveSeriesField(stream, field);
  if (typeof resolved === 'string') throw new Error(resolved);
  switch (resolved.kind) {
    case 'gas': {
      const cas = resolved.cas;
      return (r) => maxPpm((r.data as { gases?: unknown }).gases, cas);
    }
    case 'compound': {
      const cas = resolved.cas;
      return (r) => maxPpm((r.data as { compounds?: unknown }).compounds, cas);
    }
    case 'column':
      if (resolved.name === 'hotspotTempC') return (r) => finite((r.data as { hotspot?: { tempC?: unknown } }).hotspot?.tempC);
      if (resolved.name === 'opacityMeanKM1') {
        return (r) => {
          const runs = (r.data as { opacity?: { kM1?: unknown } }).opacity?.kM1;
          if (!Array.isArray(runs) || runs.length === 0) return null;
          return finite((runs as number[]).reduce((a, b) => a + b, 0) / runs.length);
        };
      }
      return (r) => finite((r.data as Record<string, unknown>)[resolved.name]);
  }
}

/** One field of one reading (see `valueReader`). */
export function readingValue(reading: DeviceReading, field: string): number | null {
  return valueReader(reading.stream, field)(reading);
}
