import { circleRing, destination, distanceM, geofenceAnchor, geofenceRing } from './geofence-geometry';

describe('geofence geometry', () => {
  it('measures great-circle distances and walks them back', () => {
    expect(distanceM([114.27, 30.61], [114.27, 30.62])).toBeCloseTo(1111.95, 1);
    const p = destination([114.27, 30.61], 500, 90);
    expect(distanceM([114.27, 30.61], p)).toBeCloseTo(500, 6);
    expect(p[1]).toBeCloseTo(30.61, 4);
  });

  it('draws circles as closed rings at the radius', () => {
    const ring = circleRing([114.27, 30.61], 300, 36);
    expect(ring).toHaveLength(37);
    expect(ring[0]).toEqual(ring[36]);
    for (const p of ring) expect(distanceM([114.27, 30.61], p)).toBeCloseTo(300, 3);
  });

  it('anchors labels at the circle centre or the vertex mean', () => {
    expect(geofenceAnchor({ type: 'circle', center: { lon: 1, lat: 2 }, radiusM: 5 })).toEqual([1, 2]);
    const square = { type: 'polygon' as const, coordinates: [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]] as [number, number][] };
    expect(geofenceAnchor(square)).toEqual([1, 1]);
    expect(geofenceRing(square)).toEqual(square.coordinates);
  });
});
