import { jsonBytes, splitJsonArrays } from './json-pieces';

/** Rebuilds the document the way the database does: jsonb_set(doc, path, (doc #> path) || items). */
function reassemble<T extends object>(head: T, appends: { path: string[]; items: unknown[] }[]): T {
  const doc = structuredClone(head) as Record<string, unknown>;
  for (const { path, items } of appends) {
    let node = doc;
    for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
    const last = path[path.length - 1]!;
    node[last] = [...(node[last] as unknown[]), ...items];
  }
  return doc as T;
}

describe('splitJsonArrays', () => {
  const ring = Array.from({ length: 5000 }, (_, i) => [114.123456789 + i * 1e-6, 30.987654321 - i * 1e-6]);
  const fence = { kind: 'geofence', name: '化工园区', scope: { deviceIds: Array.from({ length: 900 }, (_, i) => `drone-${i}`) }, geometry: { type: 'polygon', coordinates: ring } };

  it('leaves a document that fits alone', () => {
    const small = { kind: 'offline', name: 'x', scope: {} };
    expect(splitJsonArrays(small, 1000)).toEqual({ head: small, appends: [] });
  });

  it('splits the largest arrays into pieces under the budget that reassemble to the original', () => {
    const budget = 8 * 1024;
    const { head, appends } = splitJsonArrays(fence, budget);
    expect(jsonBytes(head)).toBeLessThanOrEqual(budget);
    expect(jsonBytes(fence)).toBeGreaterThan(16 * budget);
    for (const a of appends) expect(jsonBytes(a.items)).toBeLessThanOrEqual(budget);
    expect(new Set(appends.map((a) => a.path.join('.')))).toEqual(new Set(['geometry.coordinates', 'scope.deviceIds']));
    expect(reassemble(head, appends)).toEqual(fence);
    expect(fence.geometry.coordinates).toHaveLength(5000); // the input is not modified
  });

  it('empties only as many arrays as needed, largest first', () => {
    const { head, appends } = splitJsonArrays(fence, jsonBytes(fence) - 1000);
    expect(head.scope.deviceIds).toHaveLength(900);
    expect(head.geometry.coordinates).toEqual([]);
    expect(appends.every((a) => a.path.join('.') === 'geometry.coordinates')).toBe(true);
  });

  it('refuses a document whose non-array part is over the budget', () => {
    expect(() => splitJsonArrays({ note: 'x'.repeat(2000), list: [1, 2, 3] }, 1000)).toThrow(/without its arrays, over the 1000-byte statement budget/);
  });

  it('refuses an array element over the budget', () => {
    expect(() => splitJsonArrays({ list: ['y'.repeat(2000)] }, 1000)).toThrow(/one element of list takes \d+ bytes/);
  });
});
