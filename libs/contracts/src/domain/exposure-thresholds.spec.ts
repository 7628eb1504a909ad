import { EXPOSURE_THRESHOLDS, exposureLevel, mgM3ToPpm, thresholdsOf, worstLevel } from './exposure-thresholds';

describe('exposure thresholds (domain.md §3.2)', () => {
  it('converts the GBZ 2.1 OEL from mg/m³ to ppm at 25 °C', () => {
    expect(mgM3ToPpm(10, 34.08)).toBeCloseTo(7.174, 3);
    expect(thresholdsOf('7783-06-4')!.ppm.oel).toBeCloseTo(7.174, 3); // H2S MAC 10 mg/m³
    expect(thresholdsOf('71-43-2')!.ppm.oel).toBeCloseTo(1.878, 3); // benzene PC-TWA 6 mg/m³
    expect(thresholdsOf('7782-50-5')!.ppm.oel).toBeCloseTo(0.345, 3); // Cl2 MAC 1 mg/m³
    expect(thresholdsOf('7647-01-0')!.ppm.oel).toBeCloseTo(5.03, 2); // HCl MAC 7.5 mg/m³
  });

  it('carries the 60-min AEGLs and IDLH of the surveyed compounds', () => {
    expect(thresholdsOf('7783-06-4')!.ppm).toMatchObject({ aegl1: 0.51, aegl2: 27, aegl3: 50, idlh: 100 });
    expect(thresholdsOf('7782-50-5')!.ppm).toMatchObject({ aegl1: 0.5, aegl2: 2, aegl3: 20, idlh: 10 });
    expect(thresholdsOf('7647-01-0')!.ppm).toMatchObject({ aegl1: 1.8, aegl2: 22, aegl3: 100, idlh: 50 });
    expect(thresholdsOf('71-43-2')!.ppm).toMatchObject({ aegl1: 52, aegl2: 800, aegl3: 4000, idlh: 500 });
    expect(thresholdsOf('75-44-5')!.ppm.aegl1).toBeNull(); // phosgene AEGL-1 not recommended
    expect(EXPOSURE_THRESHOLDS.size).toBe(11);
  });

  it.each([
    ['7783-06-4', 0.1, 'none'],
    ['7783-06-4', 0.51, 'aegl1'],
    ['7783-06-4', 8, 'aegl1'], // ≥ OEL 7.17 and ≥ AEGL-1 0.51: AEGL-1 ranks higher
    ['7783-06-4', 30, 'aegl2'],
    ['7783-06-4', 60, 'aegl3'],
    ['7783-06-4', 150, 'idlh'],
    ['71-43-2', 2, 'oel'],
    ['71-43-2', 600, 'idlh'],
    ['7782-50-5', 12, 'idlh'], // Cl2: IDLH 10 lies below AEGL-3 20
    ['10102-44-0', 15, 'idlh'], // NO2: IDLH 13 below AEGL-3 20
    ['9999-99-9', 1000, 'none'],
  ])('%s at %s ppm is %s', (cas, ppm, expected) => {
    expect(exposureLevel(cas, ppm)).toBe(expected);
  });

  it('treats missing values as no exposure and picks the worst level of several', () => {
    expect(exposureLevel('7783-06-4', null)).toBe('none');
    expect(exposureLevel('7783-06-4', Number.NaN)).toBe('none');
    expect(worstLevel(['oel', 'aegl2', 'none'])).toBe('aegl2');
    expect(worstLevel(['aegl3', 'idlh'])).toBe('idlh');
    expect(worstLevel([])).toBe('none');
  });
});
