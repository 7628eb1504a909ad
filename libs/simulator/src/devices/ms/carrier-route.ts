import type { Xy } from '../../geo/local-frame';

/** Where the carrier of an instrument (an operator, a van, a UAV) is at virtual time t (s). */
export interface CarrierRoute {
  at(tS: number): Xy;
}
