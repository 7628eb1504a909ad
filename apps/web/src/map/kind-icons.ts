import type { DeviceKind } from '@tianyan/contracts';

/**
 * One glyph per device kind (SVG path data on a 24×24 box), used both as the map symbol
 * (`path://…`) and as the inline icon of the device list, so the two always match.
 */
export const KIND_ICON_PATHS: Readonly<Record<DeviceKind, string>> = {
  // quadcopter: four rotors on crossed arms
  drone:
    'M1 5a4 4 0 1 0 8 0a4 4 0 1 0-8 0ZM15 5a4 4 0 1 0 8 0a4 4 0 1 0-8 0ZM1 19a4 4 0 1 0 8 0a4 4 0 1 0-8 0ZM15 19a4 4 0 1 0 8 0a4 4 0 1 0-8 0Z' +
    'M4.6 3.2L20.8 19.4L19.4 20.8L3.2 4.6ZM19.4 3.2L20.8 4.6L4.6 20.8L3.2 19.4ZM8.5 8.5h7v7h-7Z',
  // flask: mass spectrometer / gas analyser
  ms: 'M8.5 1.5h7v2h-1.2v5.2l6.3 10.9a2.2 2.2 0 0 1-1.9 3.3H5.3a2.2 2.2 0 0 1-1.9-3.3l6.3-10.9V3.5H8.5Z',
  // vehicle: roadside OBD inspection station
  obd: 'M2 13.5l2.2-6.1A2.4 2.4 0 0 1 6.5 5.8h11a2.4 2.4 0 0 1 2.3 1.6l2.2 6.1v6.7h-2.8v-2.2H4.8v2.2H2ZM5 12.2h14l-1.5-4.3h-11Z',
};

export function kindSymbol(kind: DeviceKind): string {
  return `path://${KIND_ICON_PATHS[kind]}`;
}
