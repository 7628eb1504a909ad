import { GeofenceDraft } from './geofence-draft';
import { destination } from './geofence-geometry';

describe('GeofenceDraft', () => {
  it('closes a polygon of three or more vertices into a valid ring', () => {
    const d = new GeofenceDraft('polygon');
    d.click([114.26, 30.6]);
    d.click([114.28, 30.6]);
    expect(d.canFinish()).toBe(false);
    expect(d.finish()).toEqual({ error: 'polygon: at least three vertices' });
    d.click([114.27, 30.62]);
    expect(d.canFinish()).toBe(true);
    expect(d.finish()).toEqual({ geometry: { type: 'polygon', coordinates: [[114.26, 30.6], [114.28, 30.6], [114.27, 30.62], [114.26, 30.6]] } });
  });

  it('treats the two clicks of a double-click as one vertex, and undoes the last', () => {
    const d = new GeofenceDraft('polygon');
    for (const p of [[1, 1], [2, 1], [2, 2], [2, 2]] as const) d.click(p);
    expect(d.vertices).toHaveLength(3);
    d.undo();
    expect(d.vertices).toEqual([[1, 1], [2, 1]]);
  });

  it('previews the ring so far with a rubber band to the cursor', () => {
    const d = new GeofenceDraft('polygon');
    expect(d.preview([0, 0])).toEqual({ line: [], closed: false });
    d.click([1, 1]);
    expect(d.preview([2, 2])).toEqual({ line: [[1, 1], [2, 2]], closed: false });
    d.click([2, 1]);
    expect(d.preview([2, 2])).toEqual({ line: [[1, 1], [2, 1], [2, 2], [1, 1]], closed: true });
  });

  it('makes a circle from a centre click and a radius click (or a typed radius)', () => {
    const d = new GeofenceDraft('circle');
    expect(d.click([114.27, 30.61])).toBe(false);
    expect(d.preview(destination([114.27, 30.61], 250, 0)).line).toHaveLength(73);
    expect(d.click(destination([114.27, 30.61], 250, 45))).toBe(true);
    expect(d.finish()).toEqual({ geometry: { type: 'circle', center: { lon: 114.27, lat: 30.61 }, radiusM: 250 } });
    d.setRadius(1200);
    expect(d.finish()).toMatchObject({ geometry: { radiusM: 1200 } });
    d.undo();
    expect(d.canFinish()).toBe(false);
  });

  it('refuses a circle beyond the schema\'s 200 km', () => {
    const d = new GeofenceDraft('circle');
    d.click([114.27, 30.61]);
    d.setRadius(300_000);
    expect(d.finish()).toMatchObject({ error: expect.stringContaining('radiusM') });
  });
});
