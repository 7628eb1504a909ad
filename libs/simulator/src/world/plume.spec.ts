import { LocalFrame } from '../geo/local-frame';
import { Rng } from '../random/rng';
import { COMPOUNDS } from './compounds';
import { casProblem } from '@tianyan/contracts';
import { Release } from './release';
import { Wind, downwindUnit } from './wind';
import { World } from './world';

function steadyWorld(fromDeg: number): World {
  const rng = new Rng(3);
  const release = new Release(
    { id: 's', points: [{ at: { x: 0, y: 0 }, weight: 1 }], heightM: 15, stability: 'D', ratesGs: { benzene: 100 }, profile: { kind: 'batches', periodS: 1e9, onS: 1e9, baseline: 1 }, startS: -1e6 },
    rng.fork('r'),
  );
  return new World({
    frame: new LocalFrame({ lat: 30.61, lon: 114.27 }),
    startTime: Date.UTC(2024, 5, 1),
    groundElevationM: 20,
    wind: new Wind({ meanFromDeg: fromDeg, meanSpeedMs: 3, driftDeg: 0, speedDrift: 0 }, rng.fork('w')),
    river: null,
    releases: [release],
    heat: [],
    backgroundPpm: {},
  });
}

describe('dispersion', () => {
  const world = steadyWorld(225);
  const d = downwindUnit(225);
  const at = (m: number, across = 0) => ({ x: d.x * m - d.y * across, y: d.y * m + d.x * across });
  const tS = 3600;

  it('falls with distance downwind beyond the ground-level maximum', () => {
    const c = [300, 600, 1200, 2400, 4800].map((m) => world.plumePpm('benzene', at(m), 1.5, tS));
    for (let i = 1; i < c.length; i++) expect(c[i]!).toBeLessThan(c[i - 1]!);
    expect(c[0]!).toBeGreaterThan(1); // a real release, ppm-level at 300 m
  });

  it('is zero upwind and falls off across the plume', () => {
    expect(world.plumePpm('benzene', at(-300), 1.5, tS)).toBe(0);
    expect(world.plumePpm('benzene', at(-50, 10), 1.5, tS)).toBe(0);
    const centre = world.plumePpm('benzene', at(800), 1.5, tS);
    expect(world.plumePpm('benzene', at(800, 100), 1.5, tS)).toBeLessThan(centre);
    expect(world.plumePpm('benzene', at(800, 600), 1.5, tS)).toBeLessThan(centre * 1e-3);
  });

  it('knows every compound by a valid CAS number', () => {
    for (const c of Object.values(COMPOUNDS)) expect(casProblem(c.cas)).toBeUndefined();
  });
});
