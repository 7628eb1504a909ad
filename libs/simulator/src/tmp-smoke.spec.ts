import { createScenario } from './scenario/create-scenario';
it('smoke', () => {
  const start = Date.UTC(2024, 5, 1, 2, 0, 0);
  for (const name of ['chemical-plant-fire', 'river-discharge', 'diesel-enforcement', 'drill'] as const) {
    const t0 = Date.now();
    const s = createScenario(name, { seed: 7, startTime: start });
    const ev = s.advanceTo(start + 3600_000);
    const counts: Record<string, number> = {};
    let bytes = 0;
    for (const e of ev) { const k = e.type === 'publish' ? e.topic.split('/').slice(2).join('/').replace(/\/[^/]+\//, '/*/') : e.type; counts[k] = (counts[k] ?? 0) + 1; if (e.type === 'publish') bytes += e.payload.length; }
    console.log(name, Date.now() - t0, 'ms', ev.length, 'events', (bytes/1e6).toFixed(1), 'MB', JSON.stringify(counts), JSON.stringify(s.validation), s.devices.map(d=>d.id).join(','));
  }
});
