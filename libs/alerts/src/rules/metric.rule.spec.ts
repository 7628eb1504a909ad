import { makeDroneThermal, makeMsSurvey } from '@tianyan/testing';
import type { Finding } from '../finding';
import { RulesEngine } from '../rules-engine';
import { readingOf } from '../testing/test-reading';
import { storedRule } from '../testing/test-rule';

let ts = Date.UTC(2025, 5, 1, 8);
const thermal = (tempC: number, deviceId = 'uav-1') =>
  readingOf('drone/thermal', deviceId, makeDroneThermal({ ts: (ts += 500), tMaxC: Math.max(tempC, 41.2), hotspot: { x: 5, y: 2, lat: 30.6125, lon: 114.2657, tempC } }));
const statuses = (fs: Finding[]) => fs.map((f) => (f.status === 'level' ? f.level : f.status));

describe('MetricRule', () => {
  it('judges a derived column against colour limits with hysteresis', () => {
    const engine = new RulesEngine([storedRule({ kind: 'metric', name: 'hot outfall', stream: 'drone/thermal', field: 'hotspotTempC', levels: { blue: 40, orange: 60 }, unitLabel: '°C' })]);
    const fs = engine.evaluate([thermal(45), thermal(61), thermal(38), thermal(35.9), thermal(30)]);
    expect(statuses(fs)).toEqual(['blue', 'orange', 'hold', 'clear']);
    expect(fs[1]).toMatchObject({ subject: 'drone/thermal:hotspotTempC', severity: 61, measure: { value: 61, limit: 60, unit: '°C' }, title: 'hotspotTempC 61 °C ≥ orange limit 60 °C' });
  });

  it('watches a falling value with direction below', () => {
    const engine = new RulesEngine([storedRule({ kind: 'metric', name: 'TIC collapse', stream: 'ms/survey', field: 'tic', direction: 'below', levels: { yellow: 1000, red: 10 }, hysteresisPct: 0 })]);
    const at = (tic: number) => readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts: (ts += 1000), tic }));
    const fs = engine.evaluate([at(5000), at(900), at(5), at(1001)]);
    expect(statuses(fs)).toEqual(['clear', 'yellow', 'red', 'clear']);
    expect(fs[2]).toMatchObject({ severity: -5, title: 'tic 5 ≤ red limit 10' });
  });

  it('reads gas series by CAS', () => {
    const engine = new RulesEngine([storedRule({ kind: 'metric', name: 'benzene', stream: 'ms/survey', field: 'gas:71-43-2', levels: { red: 0.8 } })]);
    expect(engine.evaluate([readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts: (ts += 1000) }))])).toMatchObject([{ level: 'red', measure: { value: 0.85 } }]);
  });
});
