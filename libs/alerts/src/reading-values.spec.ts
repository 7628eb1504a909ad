import { makeDroneThermal, makeMsIdentification, makeMsSurvey, makeObdInspection, makeStatus } from '@tianyan/testing';
import { readingValue, valueReader } from './reading-values';
import { readingOf } from './testing/test-reading';

const ts = Date.UTC(2025, 5, 1, 8);

describe('readingValue', () => {
  it('reads plain columns', () => {
    expect(readingValue(readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts, tic: 2.4e6 })), 'tic')).toBe(2.4e6);
    expect(readingValue(readingOf('drone/status', 'uav-1', makeStatus({ ts, batteryPct: 41 })), 'batteryPct')).toBe(41);
  });

  it('derives hotspotTempC and opacityMeanKM1', () => {
    expect(readingValue(readingOf('drone/thermal', 'uav-1', makeDroneThermal({ ts })), 'hotspotTempC')).toBe(312.8);
    expect(readingValue(readingOf('obd/inspection', 'obd-1', makeObdInspection({ ts, opacity: { kM1: [0.6, 0.9, 0.6] } })), 'opacityMeanKM1')).toBeCloseTo(0.7, 10);
  });

  it('reads gases and compounds by CAS in ppm', () => {
    const survey = readingOf('ms/survey', 'ms-1', makeMsSurvey({ ts }));
    expect(readingValue(survey, 'gas:71-43-2')).toBeCloseTo(0.85, 10); // 850 ppb
    expect(readingValue(survey, 'gas:7647-01-0')).toBeCloseTo((1.49 * 24.45) / 36.46, 10);
    expect(readingValue(survey, 'gas:7782-50-5')).toBeNull();
    const id = readingOf('ms/identification', 'ms-1', makeMsIdentification({ ts }));
    expect(readingValue(id, 'compound:108-88-3')).toBeCloseTo(0.64, 10);
  });

  it('is null for an optional field the reading lacks', () => {
    expect(readingValue(readingOf('obd/inspection', 'obd-1', makeObdInspection({ ts, noxPpm: undefined })), 'noxPpm')).toBeNull();
  });

  it('refuses a field the stream does not have, naming the valid ones', () => {
    expect(() => valueReader('ms/survey', 'tempC')).toThrow('unknown field "tempC" for ms/survey; expected one of lat, lon, tic or gas:<cas>');
  });
});
