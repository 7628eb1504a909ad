import { DeploymentIndex } from './deployment-index';

describe('DeploymentIndex', () => {
  const index = new DeploymentIndex([
    { incidentId: 'fire', drill: false, deviceId: 'ms-01', fromMs: 1000, toMs: 5000 },
    { incidentId: 'fire', drill: false, deviceId: 'ms-01', fromMs: 8000, toMs: null },
    { incidentId: 'drill', drill: true, deviceId: 'ms-01', fromMs: 0, toMs: null },
    { incidentId: 'drill', drill: true, deviceId: 'drone-01', fromMs: 0, toMs: 2000 },
  ]);
  const incidentsOf = (deviceId: string, time: number) => (index.windowsOf(deviceId) ?? []).filter((w) => DeploymentIndex.covers(w, time)).map((w) => w.incidentId);

  it('names the incidents whose window of the device covers the reading time (from inclusive, to exclusive)', () => {
    expect(incidentsOf('ms-01', 999)).toEqual(['drill']);
    expect(incidentsOf('ms-01', 1000)).toEqual(['fire', 'drill']);
    expect(incidentsOf('ms-01', 5000)).toEqual(['drill']);
    expect(incidentsOf('ms-01', 9000)).toEqual(['fire', 'drill']);
    expect(incidentsOf('drone-01', 2000)).toEqual([]);
    expect(incidentsOf('obd-01', 1000)).toEqual([]);
  });

  it('lists the open incidents with deployments and whether each is a drill', () => {
    expect([...index.incidents]).toEqual([['fire', { drill: false }], ['drill', { drill: true }]]);
  });
});
