import { makePlume, makeSnapshot, makeStatus } from './situation-fixtures';
import { compassPoint, formatGrowth, situationPanelModel } from './situation-panel-model';

describe('situationPanelModel', () => {
  it('counts receptors inside each band of each compound, highest band first, and those downwind', () => {
    const snapshot = makeSnapshot({
      plumes: [makePlume(), makePlume({ cas: '7782-50-5', compound: 'Chlorine', zones: [], extentAreaKm2: 0, centroid: null, drift: null, growthPctPerMin: null, maxPpm: 0.1 })],
      receptors: [
        makeStatus({ receptorId: 'a', inside: { cas: '7783-06-4', band: 'extent', level: 'blue' } }),
        makeStatus({ receptorId: 'b', inside: { cas: '7783-06-4', band: 'aegl2', level: 'orange' } }),
        makeStatus({ receptorId: 'c', inside: { cas: '7783-06-4', band: 'extent', level: 'blue' } }),
        makeStatus({ receptorId: 'd', downwind: true }),
        makeStatus({ receptorId: 'e' }),
      ],
    });
    const [m] = situationPanelModel([snapshot], new Map());
    expect(m!.label).toBe('inc-1');
    expect(m!.insideTotal).toBe(3);
    expect(m!.downwind).toBe(1);
    const [h2s, cl2] = m!.plumes;
    expect(h2s).toMatchObject({ cas: '7783-06-4', maxPpm: 35, extentAreaKm2: 4.2, topLevel: 'orange', drift: { towardDeg: 90, speedMs: 1.5 }, growthPctPerMin: 3.2 });
    expect(h2s!.inside).toEqual([{ band: 'aegl2', level: 'orange', count: 1 }, { band: 'extent', level: 'blue', count: 2 }]);
    expect(cl2).toMatchObject({ cas: '7782-50-5', topLevel: null, drift: null, inside: [] });
  });

  it('says how each plume was estimated, and nothing for snapshots stored before plumes said so', () => {
    const fit = { method: 'dispersion-fit' as const, r2: 0.82, points: 140, towardDeg: 52.5 };
    const [m] = situationPanelModel([makeSnapshot({ plumes: [makePlume({ estimate: fit }), makePlume({ cas: '7782-50-5', estimate: { method: 'idw' } }), makePlume({ cas: '71-43-2' })] })], new Map());
    expect(m!.plumes.map((p) => [p.cas, p.estimate])).toEqual([
      ['7783-06-4', fit],
      ['7782-50-5', { method: 'idw' }],
      ['71-43-2', null],
    ]);
  });

  it('labels the incident by its code and keeps a drill a drill whichever side says so', () => {
    const incidents = new Map([['inc-1', { code: 'INC-2026-001', title: 'Tank farm leak', drill: true }]]);
    const [m] = situationPanelModel([makeSnapshot({ drill: false })], incidents);
    expect(m).toMatchObject({ label: 'INC-2026-001', title: 'Tank farm leak', drill: true });
    expect(situationPanelModel([makeSnapshot({ drill: true })], new Map())[0]!.drill).toBe(true);
  });

  it('reports the thermal extent with its growth', () => {
    const thermal = { thresholdC: 60, polygon: [], areaM2: 850.4, hottestC: 412, hottest: null, frames: 3, growthPctPerMin: -2.5 };
    const [m] = situationPanelModel([makeSnapshot({ thermal })], new Map());
    expect(m!.thermal).toEqual({ areaM2: 850.4, hottestC: 412, growthPctPerMin: -2.5 });
    expect(formatGrowth(-2.5)).toBe('−2.5');
    expect(formatGrowth(3.25)).toBe('+3.3');
    expect(formatGrowth(0.01)).toBe('±0.0');
    expect(formatGrowth(null)).toBe('—');
  });

  it('names the drift direction by compass point', () => {
    expect([0, 44, 46, 90, 180, 225, 280, 337.4, 359, -90].map(compassPoint)).toEqual(['N', 'NE', 'NE', 'E', 'S', 'SW', 'W', 'NW', 'N', 'W']);
  });
});
