import { simplifyTrack, thinMarks } from './trail-thinning';

/** 5 m a pixel near 30.6° N (an incident's few kilometres across the map): px per degree of longitude, of latitude. */
const scale = { x: 96_000 / 5, y: 111_000 / 5 };
const M = { x: 96_000, y: 111_000 };

describe('simplifyTrack', () => {
  // Ten minutes of a drone orbiting 500 m out at 8 m/s, one point a second.
  const orbit = Array.from({ length: 600 }, (_, s) => {
    const a = (s * 8) / 500;
    return [114.27 + (500 * Math.cos(a)) / M.x, 30.61 + (500 * Math.sin(a)) / M.y] as const;
  });

  it('draws a ten-minute orbit with a tenth of its points at 5 m a pixel, within a pixel of every point it leaves out, ending at the drone', () => {
    const kept = simplifyTrack(orbit, scale);
    expect(kept.length).toBeLessThan(60);
    expect(kept.length).toBeGreaterThan(10);
    expect(kept[0]).toEqual([...orbit[0]!]);
    expect(kept.at(-1)).toEqual([...orbit.at(-1)!]);
    const px = (c: readonly [number, number]) => [c[0] * scale.x, c[1] * scale.y] as const;
    const line = kept.map((c) => px(c));
    for (const point of orbit.map(px)) {
      const nearest = Math.min(...line.slice(1).map((b, i) => distanceToSegment(point, line[i]!, b)));
      expect(nearest).toBeLessThan(1);
    }
  });

  it('keeps every point of a zigzag whose corners are pixels apart, and every point before the map is laid out', () => {
    const zigzag = Array.from({ length: 20 }, (_, i) => [114.27 + (i * 3) / scale.x, 30.61 + ((i % 2) * 3) / scale.y] as const);
    expect(simplifyTrack(zigzag, scale)).toHaveLength(20);
    expect(simplifyTrack(orbit, null)).toHaveLength(600);
  });
});

describe('thinMarks', () => {
  it('keeps the newest mark per level in each 2-pixel cell, in their order', () => {
    const still = Array.from({ length: 300 }, (_, i) => ({ lon: 114.27, lat: 30.6, level: i < 200 ? 'none' : 'aegl2', t: i }));
    const walking = Array.from({ length: 50 }, (_, i) => ({ lon: 114.28 + (i * 3) / scale.x, lat: 30.6, level: 'oel', t: 300 + i }));
    const kept = thinMarks([...still, ...walking], scale, (m) => m.level);
    expect(kept.slice(0, 2).map((m) => [m.level, m.t])).toEqual([['none', 199], ['aegl2', 299]]);
    expect(kept.slice(2)).toEqual(walking);
    expect(thinMarks(still, null, (m) => m.level)).toHaveLength(300);
  });
});

function distanceToSegment(p: readonly [number, number], a: readonly [number, number], b: readonly [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  return Math.hypot(p[0] - (a[0] + u * dx), p[1] - (a[1] + u * dy));
}
