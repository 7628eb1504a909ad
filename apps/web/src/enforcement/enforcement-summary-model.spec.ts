import type { EnforcementCounts, EnforcementSummary } from '@tianyan/contracts';
import { enforcementQueryString } from './enforcement-api';
import { enforcementPanelModel, startOfStationDay } from './enforcement-summary-model';

const counts = (o: Partial<EnforcementCounts> = {}): EnforcementCounts => ({
  inspections: 12, inspectedVehicles: 10, repeatInspections: 2, failedInspections: 4, failedVehicles: 3, retestInspections: 1, problemVehicleRate: 0.3,
  failuresByKind: [
    { kind: 'nox', inspections: 2, vehicles: 2 },
    { kind: 'opacity', inspections: 3, vehicles: 2 },
    { kind: 'urea', inspections: 1, vehicles: 1 },
    { kind: 'mil', inspections: 4, vehicles: 3 },
  ],
  ...o,
});
const summary = (o: Partial<EnforcementSummary> = {}): EnforcementSummary => ({ limitSet: 'b', timeZone: 'UTC+08:00', totals: counts(), groupBy: 'station', groups: [{ key: 'obd-02', ...counts({ inspectedVehicles: 4, failedVehicles: 1 }) }], ...o });

describe('enforcementPanelModel', () => {
  it('gives totals, rate, the top three kinds by vehicles, repeat offenders and this station', () => {
    const m = enforcementPanelModel(summary(), [{} as never, {} as never], 'obd-02');
    expect(m).toMatchObject({ inspectedVehicles: 10, inspections: 12, failedVehicles: 3, problemRatePct: 30, repeatOffenders: 2, station: { inspectedVehicles: 4, failedVehicles: 1 } });
    expect(m.topKinds.map((k) => k.kind)).toEqual(['mil', 'opacity', 'nox']);
  });

  it('has no rate when nothing was inspected, and zeros for a station without inspections', () => {
    const empty = summary({ totals: counts({ inspections: 0, inspectedVehicles: 0, failedVehicles: 0, problemVehicleRate: null, failuresByKind: [] }), groups: [] });
    const m = enforcementPanelModel(empty, [], 'obd-09');
    expect(m.problemRatePct).toBeNull();
    expect(m.topKinds).toEqual([]);
    expect(m.station).toEqual({ inspectedVehicles: 0, failedVehicles: 0 });
    expect(enforcementPanelModel(summary({ groupBy: null }), [], 'obd-02').station).toBeNull();
  });
});

describe('enforcement scope', () => {
  it('asks for an incident or a window, leaving out what is not set', () => {
    expect(enforcementQueryString({ incidentId: 'abc', from: null, to: null }, 'station')).toBe('incidentId=abc&groupBy=station');
    expect(enforcementQueryString({ incidentId: null, from: 0, to: 60_000 })).toBe('from=1970-01-01T00%3A00%3A00.000Z&to=1970-01-01T00%3A01%3A00.000Z');
    // A window that ends where it starts is no window: `to` is left out rather than refused.
    expect(enforcementQueryString({ incidentId: null, from: 5, to: 5 })).toBe('from=1970-01-01T00%3A00%3A00.005Z');
  });

  it('starts the day at midnight China Standard Time', () => {
    // 2026-01-01 15:30 UTC is 23:30 in Beijing: the day began at 2025-12-31 16:00 UTC.
    expect(new Date(startOfStationDay(Date.parse('2026-01-01T15:30:00Z'))).toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(new Date(startOfStationDay(Date.parse('2026-01-01T16:30:00Z'))).toISOString()).toBe('2026-01-01T16:00:00.000Z');
  });
});
