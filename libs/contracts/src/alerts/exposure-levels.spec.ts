import { EXPOSURE_THRESHOLDS } from '../domain/exposure-thresholds';
import { ALERT_LEVELS } from './alert-level';
import { DEFAULT_EXPOSURE_LEVELS, defaultExposureLevels } from './exposure-levels';

describe('default exposure levels', () => {
  it('covers all 11 compounds of the domain table', () => {
    expect(DEFAULT_EXPOSURE_LEVELS.size).toBe(11);
    expect([...DEFAULT_EXPOSURE_LEVELS.keys()].sort()).toEqual([...EXPOSURE_THRESHOLDS.keys()].sort());
  });

  it.each([...DEFAULT_EXPOSURE_LEVELS.values()].map((l) => [l.formula, l] as const))('%s: four colours that never fall, each with its basis', (_f, l) => {
    const values = ALERT_LEVELS.map((level) => l.ppm[level]);
    values.forEach((v) => expect(v).toEqual(expect.any(Number)));
    values.forEach((v, i) => i > 0 && expect(v!).toBeGreaterThanOrEqual(values[i - 1]!));
    ALERT_LEVELS.forEach((level) => expect(l.basis[level]).toMatch(/\S/));
  });

  it('gives every colour at least the colour of the most severe published limit it reaches', () => {
    for (const t of EXPOSURE_THRESHOLDS.values()) {
      const l = DEFAULT_EXPOSURE_LEVELS.get(t.cas)!;
      if (t.ppm.aegl2 !== null) expect(l.ppm.orange).toBeLessThanOrEqual(t.ppm.aegl2);
      expect(l.ppm.red).toBe(Math.min(t.ppm.aegl3 ?? Infinity, t.ppm.idlh ?? Infinity));
    }
  });

  it('H2S: its OEL (7.17 ppm) lies above AEGL-1, so blue collapses into yellow and says so', () => {
    const h2s = DEFAULT_EXPOSURE_LEVELS.get('7783-06-4')!;
    expect(h2s.ppm).toEqual({ blue: 0.51, yellow: 0.51, orange: 27, red: 50 });
    expect(h2s.basis.blue).toBe('OEL (GBZ 2.1 MAC 10 mg/m³) = 7.17 ppm lies above AEGL-1 (60 min): starts with it');
    expect(h2s.basis.yellow).toBe('AEGL-1 (60 min) = 0.51 ppm');
    expect(h2s.basis.red).toBe('AEGL-3 (60 min) = 50 ppm');
  });

  it('Cl2: red starts at IDLH 10 ppm, below its AEGL-3 of 20', () => {
    const cl2 = DEFAULT_EXPOSURE_LEVELS.get('7782-50-5')!;
    expect(cl2.ppm.red).toBe(10);
    expect(cl2.basis.red).toBe('IDLH = 10 ppm');
  });

  it('SO2 and NO2: the OEL above AEGL-1 starts with it', () => {
    for (const cas of ['7446-09-5', '10102-44-0']) {
      const l = DEFAULT_EXPOSURE_LEVELS.get(cas)!;
      expect(l.ppm.blue).toBe(l.ppm.yellow);
      expect(l.basis.blue).toMatch(/lies above AEGL-1 \(60 min\): starts with it$/);
    }
    expect(DEFAULT_EXPOSURE_LEVELS.get('10102-44-0')!.basis.red).toBe('IDLH = 13 ppm');
  });

  it('phosgene and CO: no AEGL-1, so yellow starts with AEGL-2', () => {
    for (const cas of ['75-44-5', '630-08-0']) {
      const l = DEFAULT_EXPOSURE_LEVELS.get(cas)!;
      expect(l.ppm.yellow).toBe(l.ppm.orange);
      expect(l.basis.yellow).toBe('AEGL-1 not set: starts with AEGL-2 (60 min)');
    }
  });

  it('keeps an ordered table as it is', () => {
    const l = defaultExposureLevels({ cas: '1-00-0', formula: 'X', molarMass: 24.45, oelMgM3: 1, oelKind: 'PC-TWA', ppm: { oel: 1, aegl1: 2, aegl2: 3, aegl3: 4, idlh: 5 } });
    expect(l.ppm).toEqual({ blue: 1, yellow: 2, orange: 3, red: 4 });
    expect(l.basis).toEqual({ blue: 'OEL (GBZ 2.1 PC-TWA 1 mg/m³) = 1 ppm', yellow: 'AEGL-1 (60 min) = 2 ppm', orange: 'AEGL-2 (60 min) = 3 ppm', red: 'AEGL-3 (60 min) = 4 ppm' });
  });
});
