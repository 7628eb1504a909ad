import { runFor } from '../testing/run-scenario';
import { DEMO_AREA } from './demo-area';

describe('ground truth', () => {
  it('records source strength and plume extent each minute, and the injected faults', () => {
    const { scenario } = runFor('drill', 50);
    const truth = JSON.parse(JSON.stringify(scenario.groundTruth())) as ReturnType<typeof scenario.groundTruth>;
    expect(truth.drill).toBe(true);
    expect(truth.incidents.length).toBeGreaterThanOrEqual(2);
    if (truth.sources.length > 0) {
      expect(truth.sources[0]!.strength).toHaveLength(50 + 1);
      expect(truth.plume).toHaveLength(51);
      const late = truth.plume[40]!;
      expect(late.extents.some((e) => e.lengthM > 100 && e.polygon.length > 3)).toBe(true);
      for (const e of late.extents) for (const [lat, lon] of e.polygon) {
        expect(Math.abs(lat - DEMO_AREA.centre.lat)).toBeLessThan(0.2);
        expect(Math.abs(lon - DEMO_AREA.centre.lon)).toBeLessThan(0.2);
      }
    }
    // A drill injects one fault of each kind per hour, all starting by minute 45.
    expect(truth.faults.map((f) => f.kind).sort()).toEqual(['battery-failure', 'clock-skew', 'dropout', 'gnss-jump', 'offline', 'stuck-sensor']);
    for (const f of truth.faults) expect(f.end).toBeGreaterThan(f.start);
  });

  it('records the plume of the fire growing after ignition', () => {
    const truth = runFor('chemical-plant-fire', 50).scenario.groundTruth();
    const benzeneLength = (i: number) => truth.plume[i]!.extents.find((e) => e.name === 'benzene')!.lengthM;
    expect(benzeneLength(0)).toBe(0);
    expect(benzeneLength(30)).toBeGreaterThan(500);
  });
});
