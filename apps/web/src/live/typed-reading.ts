import type {
  DeviceReading,
  DeviceStatusPayload,
  DroneTelemetryPayload,
  DroneThermalPayload,
  MsIdentificationPayload,
  MsSurveyPayload,
  ObdInspectionPayload,
  Stream,
} from '@tianyan/contracts';

/**
 * Typed access to a reading's fields.
 *
 * The contracts' `StreamData<S>` is `Omit<z.output<schema>, envelope keys>`; the schemas are
 * `looseObject`s, whose output has a `[k: string]: unknown` index signature, and `Omit` over a type
 * with an index signature keeps only the signature: every field reads as `unknown`. Until the
 * contracts fix that, the web app narrows through the payload types, dropping the index signature
 * and the envelope keys (which `data` does not carry) with a key-remapping mapped type.
 */
interface PayloadByStream {
  'drone/telemetry': DroneTelemetryPayload;
  'drone/thermal': DroneThermalPayload;
  'drone/status': DeviceStatusPayload;
  'ms/survey': MsSurveyPayload;
  'ms/identification': MsIdentificationPayload;
  'ms/status': DeviceStatusPayload;
  'obd/inspection': ObdInspectionPayload;
  'obd/status': DeviceStatusPayload;
}

type KnownFields<T> = {
  [K in keyof T as string extends K ? never : number extends K ? never : K extends 'ts' | 'seq' | 'drill' ? never : K]: T[K];
};

export type FieldsOf<S extends Stream> = KnownFields<PayloadByStream[S]>;

export type TypedReading<S extends Stream = Stream> = S extends Stream
  ? Omit<DeviceReading<S>, 'data'> & { readonly stream: S; readonly data: FieldsOf<S> }
  : never;

/** The same reading, with its `data` typed per stream (a discriminated union on `stream`). */
export function typed(reading: DeviceReading): TypedReading {
  return reading as unknown as TypedReading;
}
