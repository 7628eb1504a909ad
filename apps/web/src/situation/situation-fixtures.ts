import type { PlumeSnapshot, PlumeZone, Receptor, ReceptorStatus, SituationSnapshot } from '@tianyan/contracts';

/** A square ring of `halfDeg` around [lon, lat], closed. */
export function square(lon: number, lat: number, halfDeg: number): number[][] {
  return [[lon - halfDeg, lat - halfDeg], [lon + halfDeg, lat - halfDeg], [lon + halfDeg, lat + halfDeg], [lon - halfDeg, lat + halfDeg], [lon - halfDeg, lat - halfDeg]];
}

export function makeZone(overrides: Partial<PlumeZone> = {}): PlumeZone {
  return { band: 'extent', level: 'blue', thresholdPpm: 0.51, basis: 'AEGL-1 60 min (0.51 ppm)', polygon: [[square(120.2, 30.1, 0.01)]], areaKm2: 4.2, ...overrides };
}

/** H2S with an extent (blue) and an AEGL-2 core (orange), drifting east at 1.5 m/s. */
export function makePlume(overrides: Partial<PlumeSnapshot> = {}): PlumeSnapshot {
  return {
    cas: '7783-06-4', compound: 'Hydrogen sulfide', sampleCount: 40, deviceCount: 2, maxPpm: 35,
    zones: [makeZone({ band: 'aegl2', level: 'orange', thresholdPpm: 27, polygon: [[square(120.2, 30.1, 0.002)]], areaKm2: 0.2 }), makeZone()],
    extentAreaKm2: 4.2, centroid: { lat: 30.1, lon: 120.2 }, drift: { towardDeg: 90, speedMs: 1.5 }, growthPctPerMin: 3.2, ...overrides,
  };
}

export function makeStatus(overrides: Partial<ReceptorStatus> = {}): ReceptorStatus {
  return { receptorId: 'r-school', name: 'No. 3 School', kind: 'school', inside: null, downwind: false, distanceM: 850, ...overrides };
}

export function makeSnapshot(overrides: Partial<SituationSnapshot> = {}): SituationSnapshot {
  return {
    incidentId: 'inc-1', drill: false, at: 1_767_225_600_000, windowS: 300, wind: { fromDeg: 270, speedMs: 3, source: 'incident' },
    plumes: [makePlume()], thermal: null, receptors: [], ...overrides,
  };
}

export function makeReceptor(overrides: Partial<Receptor> = {}): Receptor {
  return { id: 'r-school', name: 'No. 3 School', kind: 'school', geometry: { type: 'Point', coordinates: [120.201, 30.1] }, population: 1200, createdAt: '2026-01-01T00:00:00.000Z', ...overrides };
}
