import type { Stream } from '@tianyan/contracts';
import type { ReadingFamily } from './reading-family';
import { droneTelemetryFamily } from './drone-telemetry.family';
import { droneThermalFamily } from './drone-thermal.family';
import { msSurveyFamily } from './ms-survey.family';
import { msIdentificationFamily } from './ms-identification.family';
import { obdInspectionFamily } from './obd-inspection.family';
import { deviceStatusFamily } from './device-status.family';

export const READING_FAMILIES: readonly ReadingFamily[] = [
  droneTelemetryFamily,
  droneThermalFamily,
  msSurveyFamily,
  msIdentificationFamily,
  obdInspectionFamily,
  deviceStatusFamily,
];

const BY_STREAM = new Map<Stream, ReadingFamily>(READING_FAMILIES.flatMap((f) => f.streams.map((s) => [s, f] as const)));

export function familyOf(stream: Stream): ReadingFamily {
  const family = BY_STREAM.get(stream);
  if (!family) throw new Error(`no reading family stores ${stream}`);
  return family;
}
