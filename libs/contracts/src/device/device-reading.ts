import type { z } from 'zod';
import type { DeviceKind, Channel, Stream } from './topic';
import { droneTelemetrySchema, droneThermalSchema } from './drone.schema';
import { msIdentificationSchema, msSurveySchema } from './ms.schema';
import { obdInspectionSchema } from './obd.schema';
import { deviceStatusSchema } from './status.schema';

/** HJ 212 data flags, reused as a per-reading quality flag (domain.md §1.6). */
export const QUALITY_FLAGS = ['N', 'F', 'M', 'S', 'D', 'C', 'T', 'B'] as const;
export type QualityFlag = (typeof QUALITY_FLAGS)[number];

export const SCHEMA_BY_STREAM = {
  'drone/telemetry': droneTelemetrySchema,
  'drone/thermal': droneThermalSchema,
  'drone/status': deviceStatusSchema,
  'ms/survey': msSurveySchema,
  'ms/identification': msIdentificationSchema,
  'ms/status': deviceStatusSchema,
  'obd/inspection': obdInspectionSchema,
  'obd/status': deviceStatusSchema,
} as const satisfies Record<Stream, z.ZodType>;

type EnvelopeKey = 'ts' | 'seq' | 'drill';
/** Named keys only: `Omit` over a loose object's index signature would erase them. */
type ContractFields<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K extends EnvelopeKey ? never : K]: T[K] };
/** The channel's own fields, after validation and unit normalisation, without the envelope. */
export type StreamData<S extends Stream> = ContractFields<z.output<(typeof SCHEMA_BY_STREAM)[S]>>;

/** One validated reading: the unit stored as a row and pushed live. */
export type DeviceReading<S extends Stream = Stream> = S extends Stream
  ? {
      deviceId: string;
      kind: DeviceKind;
      channel: Channel;
      stream: S;
      seq: number;
      /** Device time, epoch ms. */
      time: number;
      /** Server receive time, epoch ms. */
      receivedAt: number;
      /** Arrived by store-and-forward replay: never show as "now". */
      late: boolean;
      drill: boolean;
      quality: QualityFlag;
      data: StreamData<S>;
      /** Fields a device added beyond contract v1: kept, not interpreted. */
      extra: Record<string, unknown> | null;
    }
  : never;
