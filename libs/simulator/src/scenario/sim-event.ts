/** One MQTT publish the fleet makes, at virtual time `t` (epoch ms). */
export interface SimMessage {
  t: number;
  deviceId: string;
  topic: string;
  payload: string;
  qos: 0 | 1;
  retain: boolean;
}

/**
 * What a scenario produces, in order: publishes, plus link events. `connect` carries the last will the
 * runner must register for that session; `disconnect` means the device vanishes without a clean
 * goodbye, so the broker publishes that will (retained offline status).
 */
export type SimEvent =
  | ({ type: 'publish' } & SimMessage)
  | { type: 'connect'; t: number; deviceId: string; will: SimMessage }
  | { type: 'disconnect'; t: number; deviceId: string };
