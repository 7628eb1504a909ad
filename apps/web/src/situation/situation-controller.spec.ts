import type { SituationSnapshot } from '@tianyan/contracts';
import { asSeries, asSnapshot } from './situation-api';
import { SituationController } from './situation-controller';
import { makeSnapshot } from './situation-fixtures';
import { precheckReceptors } from './receptor-import.view';

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SituationController', () => {
  const incident = { id: 'inc-1', code: 'INC-1', title: 'Leak', drill: true } as never;

  it('after quick seeks shows the snapshot of the last one, whatever order the answers come in', async () => {
    const answers = [deferred<SituationSnapshot | null>(), deferred<SituationSnapshot | null>()];
    let call = 0;
    const c = new SituationController({ api: { snapshotAt: () => answers[call++]!.promise, receptors: async () => [] }, listIncidents: async () => [], error: () => undefined, changed: () => undefined });
    c.switchTo('replay', incident);
    const first = c.seek('inc-1', 9000);
    const second = c.seek('inc-1', 2000);
    answers[1]!.resolve(makeSnapshot({ at: 1500 }));
    answers[0]!.resolve(makeSnapshot({ at: 8500 }));
    await Promise.all([first, second]);
    expect(c.store.visible().map((s) => s.at)).toEqual([1500]);
    expect(c.incidents.get('inc-1')).toMatchObject({ code: 'INC-1', drill: true });
  });

  it('in replay, seeks again as the clock runs when the stream brings no picture, at most every 2 s of wall time', async () => {
    const asked: number[] = [];
    let wall = 0;
    const c = new SituationController(
      { api: { snapshotAt: async (_id, at) => (asked.push(at), makeSnapshot({ incidentId: 'inc-1', at: at - 1000 })), receptors: async () => [] }, listIncidents: async () => [], error: () => undefined, changed: () => undefined },
      () => wall,
    );
    c.switchTo('replay', incident);
    c.onReplayClock('inc-1', 100_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([100_000]);
    wall += 1_000;
    c.onReplayClock('inc-1', 130_000); // stale, but too soon after the last refresh
    wall += 1_500;
    c.onReplayClock('inc-1', 110_000); // the shown picture (99 s) is recent enough
    c.onReplayClock('inc-1', 140_000);
    await new Promise((r) => setTimeout(r, 0));
    expect(asked).toEqual([100_000, 140_000]);
    c.onReplay([makeSnapshot({ incidentId: 'inc-1', at: 150_000 })]);
    wall += 5_000;
    c.onReplayClock('inc-1', 155_000); // the stream delivers: no REST
    expect(asked).toEqual([100_000, 140_000]);
  });

  it('looks up an incident it does not know when its live picture arrives', async () => {
    const listed: string[] = [];
    const c = new SituationController({
      api: { snapshotAt: async () => null, receptors: async () => [] },
      listIncidents: async () => {
        listed.push('x');
        return [{ id: 'inc-9', code: 'INC-9', title: 'New', drill: false } as never];
      },
      error: () => undefined,
      changed: () => undefined,
    });
    c.onLive(makeSnapshot({ incidentId: 'inc-9' }));
    await new Promise((r) => setTimeout(r, 0));
    expect(listed).toHaveLength(1);
    expect(c.incidents.get('inc-9')?.code).toBe('INC-9');
  });
});

describe('situation API answers', () => {
  it('accepts a bare or wrapped snapshot, ISO or epoch time, and null', () => {
    const s = makeSnapshot();
    expect(asSnapshot(s)?.at).toBe(s.at);
    expect(asSnapshot({ snapshot: { ...s, at: new Date(s.at).toISOString() } })?.at).toBe(s.at);
    expect(asSnapshot(null)).toBeNull();
    expect(asSnapshot({ snapshot: null })).toBeNull();
    expect(asSnapshot({ incidentId: 'x', at: 'not a time' })).toBeNull();
    expect(asSnapshot({ incidentId: 'x', at: 5 })).toMatchObject({ plumes: [], receptors: [], thermal: null });
  });

  it('reads area series in the contract shape and the draft one', () => {
    const points = asSeries([
      { at: '2026-01-01T00:00:10.000Z', plumes: [{ cas: 'a', extentAreaKm2: 2 }], thermalAreaM2: 30 },
      { at: 1_767_225_600_000, extentAreaKm2: { a: 1 }, thermalAreaM2: null },
      { at: 'bad' },
    ]);
    expect(points).toEqual([
      { at: 1_767_225_600_000, extentAreaKm2: { a: 1 }, thermalAreaM2: null },
      { at: 1_767_225_610_000, extentAreaKm2: { a: 2 }, thermalAreaM2: 30 },
    ]);
  });
});

describe('precheckReceptors', () => {
  it('lists every bad feature and counts the good ones', () => {
    const ok = { type: 'Feature', properties: { name: 'School', kind: 'school', population: 800 }, geometry: { type: 'Point', coordinates: [120.2, 30.1] } };
    expect(precheckReceptors(JSON.stringify({ type: 'FeatureCollection', features: [ok] }), 'other')).toMatchObject({ count: 1, errors: [] });
    const bad = precheckReceptors(JSON.stringify({ type: 'FeatureCollection', features: [ok, { type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [500, 30] } }] }), 'other');
    expect(bad.count).toBe(0);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]).toMatch(/feature 1/);
    expect(precheckReceptors('{oops', 'other').errors[0]).toMatch(/not JSON/);
  });
});
