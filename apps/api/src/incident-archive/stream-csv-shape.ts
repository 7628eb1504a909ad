import type { DeviceReading, Stream } from '@tianyan/contracts';

/** The CSV files of an incident export, by the name in the URL, and the streams each holds. */
export const CSV_EXPORTS = {
  'drone-telemetry': ['drone/telemetry'],
  'drone-thermal': ['drone/thermal'],
  'ms-survey': ['ms/survey'],
  'ms-identification': ['ms/identification'],
  'obd-inspection': ['obd/inspection'],
  status: ['drone/status', 'ms/status', 'obd/status'],
} as const satisfies Record<string, readonly Stream[]>;
export type CsvExportName = keyof typeof CSV_EXPORTS;

const COMMON = ['device_id', 'time', 'seq', 'received_at', 'late', 'drill', 'quality'] as const;
/** Data fields that get their own columns (survey, identification) or stay out (thermal frame bytes). */
const SPECIAL = new Set(['frame', 'gases', 'compounds']);
const COMPOUND = ['cas', 'name', 'concentration', 'unit', 'ppm', 'matchFactor', 'retentionTimeS', 'ions'] as const;

type Gas = { cas: string; ppm: number | null };
type Compound = Record<(typeof COMPOUND)[number], unknown>;

/**
 * The columns of one export, learnt from a first pass over its readings (so the header can be
 * written before the rows): the common columns, every data field seen, one column per gas CAS
 * (ppm; empty when the unit has no ppm equivalent) for surveys, the compound's fields for GC-MS runs.
 */
export class StreamCsvShape {
  private readonly fields: string[] = [];
  private readonly gases: string[] = [];

  constructor(readonly name: CsvExportName) {}

  see(reading: DeviceReading): void {
    const data = reading.data as Record<string, unknown>;
    for (const key of Object.keys(data)) if (!SPECIAL.has(key) && !this.fields.includes(key)) this.fields.push(key);
    for (const gas of (data.gases as Gas[] | undefined) ?? []) if (!this.gases.includes(gas.cas)) this.gases.push(gas.cas);
  }

  header(): string[] {
    const compound = this.name === 'ms-identification' ? COMPOUND.map((c) => `compound_${c}`) : [];
    return [...COMMON, ...this.fields, ...this.gases.map((cas) => `${cas} ppm`), ...compound];
  }

  /** Rows of a reading: one, or one per compound of a GC-MS run (a run without compounds keeps one row). */
  rows(reading: DeviceReading): unknown[][] {
    const data = reading.data as Record<string, unknown>;
    const row = [
      reading.deviceId, new Date(reading.time).toISOString(), reading.seq, new Date(reading.receivedAt).toISOString(),
      reading.late, reading.drill, reading.quality, ...this.fields.map((f) => data[f]),
    ];
    if (this.gases.length > 0) {
      const ppm = new Map(((data.gases as Gas[] | undefined) ?? []).map((g) => [g.cas, g.ppm]));
      row.push(...this.gases.map((cas) => ppm.get(cas)));
    }
    if (this.name !== 'ms-identification') return [row];
    const compounds = (data.compounds as Compound[] | undefined) ?? [];
    if (compounds.length === 0) return [[...row, ...COMPOUND.map(() => null)]];
    return compounds.map((c) => [...row, ...COMPOUND.map((k) => c[k])]);
  }
}
