import { SERIES_FIELDS, type DeviceReading } from '@tianyan/contracts';
import { chartPanelsFor, metricDefsFor, metricSamples } from './metrics';
import { droneReading, msReading, obdReading } from '../testing/reading-fixtures';

describe('metrics', () => {
  it('names only series fields the API knows (fixed or gas:<cas>)', () => {
    for (const kind of ['drone', 'ms', 'obd'] as const) {
      for (const def of metricDefsFor(kind, ['7783-06-4'])) {
        const known = SERIES_FIELDS[def.stream].includes(def.field) || (def.stream === 'ms/survey' && def.field.startsWith('gas:'));
        expect({ def, known }).toEqual({ def, known: true });
      }
    }
  });

  it('every panel metric is a metric of the kind', () => {
    for (const kind of ['drone', 'ms', 'obd'] as const) {
      const keys = new Set(metricDefsFor(kind, ['71-43-2']).map((d) => d.key));
      for (const panel of chartPanelsFor(kind, ['71-43-2'])) for (const k of panel.metricKeys) expect(keys.has(k)).toBe(true);
    }
  });

  it('reads drone telemetry values', () => {
    const samples = metricSamples(droneReading({ time: 1000 }));
    expect(samples).toEqual([
      { key: 'relAltM', t: 1000, v: 85 },
      { key: 'groundSpeedMs', t: 1000, v: 8.2 },
      { key: 'batteryPct', t: 1000, v: 76.5 },
    ]);
  });

  it('reads gas ppm per compound and skips unconvertible ones', () => {
    const samples = metricSamples(msReading({ time: 5 }));
    expect(samples).toEqual([
      { key: 'gas:7783-06-4', t: 5, v: 3.2 },
      { key: 'gas:71-43-2', t: 5, v: 0.85 },
    ]);
  });

  it('reads NOx and the mean of three opacity runs', () => {
    const [nox, opacity] = metricSamples(obdReading({ time: 7 }));
    expect(nox).toEqual({ key: 'noxPpm', t: 7, v: 420 });
    expect(opacity!.v).toBeCloseTo(0.2133, 3);
  });

  it('ignores status readings', () => {
    const status = { ...droneReading(), stream: 'drone/status', channel: 'status', data: { state: 'online' } } as unknown as DeviceReading;
    expect(metricSamples(status)).toEqual([]);
  });
});
