import { DEFAULT_EXPOSURE_LEVELS } from '@tianyan/contracts';
import { plumeBandsFor } from './plume-bands';

describe('plumeBandsFor', () => {
  it('uses the alert colour limits of exposure-levels, lowest band first (NH3)', () => {
    const limits = DEFAULT_EXPOSURE_LEVELS.get('7664-41-7')!.ppm;
    expect(plumeBandsFor('7664-41-7').map((b) => [b.band, b.level, b.thresholdPpm])).toEqual([
      ['extent', 'blue', limits.blue],
      ['aegl1', 'yellow', 30],
      ['aegl2', 'orange', 160],
      ['aegl3', 'red', 300], // IDLH 300 lies below AEGL-3 1100: red starts there, as the alert does
    ]);
  });

  it('drops a band that has no range of its own (H2S: OEL above AEGL-1)', () => {
    const bands = plumeBandsFor('7783-06-4');
    expect(bands.map((b) => b.band)).toEqual(['aegl1', 'aegl2', 'aegl3']);
    expect(bands[0]!.thresholdPpm).toBe(0.51);
  });

  it('applies overrides: a configured extent, and null removes a band', () => {
    const bands = plumeBandsFor('71-43-2', { extent: 0.5, aegl3: null });
    expect(bands.map((b) => [b.band, b.thresholdPpm])).toEqual([
      ['extent', 0.5],
      ['aegl1', 52],
      ['aegl2', 500], // orange starts with red (IDLH 500 < AEGL-2 800), as the alert colour does
    ]);
    expect(bands[0]!.basis).toBe('configured 0.5 ppm');
  });

  it('gives a compound without thresholds only its overridden bands', () => {
    expect(plumeBandsFor('1330-20-7')).toEqual([]);
    expect(plumeBandsFor('1330-20-7', { extent: 1 })).toEqual([{ band: 'extent', level: 'blue', thresholdPpm: 1, basis: 'configured 1 ppm' }]);
  });
});
