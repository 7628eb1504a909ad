import type { FLIGHT_MODES } from '@tianyan/contracts';

export type FlightMode = (typeof FLIGHT_MODES)[number];
