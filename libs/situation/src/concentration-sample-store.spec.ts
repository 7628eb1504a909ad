import type { ConcentrationSample } from './concentration-sample';
import { ConcentrationSampleStore } from './concentration-sample-store';

function sample(k: number): ConcentrationSample {
  const gas = k % 3;
  return { deviceId: `ms-${k % 7}`, time: 1000 * (k % 500), cas: ['7783-06-4', '71-43-2', '7647-01-0'][gas]!, compound: gas === 1 && k % 2 === 0 ? 'Benzol' : `gas ${gas}`, lat: 30.6 + k * 1e-6, lon: 114.2 - k * 1e-6, ppm: k === 4 ? -0 : k / 7 };
}

describe('ConcentrationSampleStore', () => {
  const all = Array.from({ length: 3000 }, (_, k) => sample(k));
  const byCas = (list: ConcentrationSample[]) => {
    const m = new Map<string, ConcentrationSample[]>();
    for (const s of list) m.set(s.cas, [...(m.get(s.cas) ?? []), s]);
    return m;
  };

  it('hands back the samples in the time range, field for field and in push order, by CAS number', () => {
    const store = new ConcentrationSampleStore();
    for (const s of all) store.push(s);
    expect(store.byCasWithin(100_000, 300_000)).toEqual(byCas(all.filter((s) => s.time >= 100_000 && s.time <= 300_000)));
    expect(Object.is(store.byCasWithin(4000, 4000).get('71-43-2')![0]!.ppm, -0)).toBe(true);
  });

  it('drops the old samples, keeps the others in order, and takes new ones after', () => {
    const store = new ConcentrationSampleStore();
    for (const s of all) store.push(s);
    store.dropBefore(400_000);
    expect(store.length).toBe(all.filter((s) => s.time >= 400_000).length);
    const later = sample(7);
    store.push(later);
    expect(store.byCasWithin(-Infinity, Infinity)).toEqual(byCas([...all.filter((s) => s.time >= 400_000), later]));
  });
});
