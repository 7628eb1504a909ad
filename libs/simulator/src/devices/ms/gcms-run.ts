import { round } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import { COMPOUNDS, type CompoundKey } from '../../world/compounds';

/** GC-MS with concentrator: limit of detection ~0.5 ppb (domain.md §B: low ppb to high ppt). */
const LOD_PPM = 0.0005;

/** Compounds that co-elute with a present one and get misidentified at a low match (tentative IDs). */
const LOOKALIKES: Partial<Record<CompoundKey, CompoundKey>> = {
  xylenes: 'ethylbenzene',
  benzene: 'trichloroethylene',
  toluene: 'styrene',
  chlorobenzene: 'styrene',
};

/**
 * Turns the air sampled at the start of a run into the identification list a portable GC-MS reports:
 * concentration with its error, a library match factor that falls for trace amounts (< 700 is
 * tentative), retention time near the reference, and the reference top ions with some jitter.
 */
export function identify(sample: ReadonlyArray<{ compound: CompoundKey; ppm: number }>, rng: Rng): Record<string, unknown>[] {
  const found: Array<{ key: CompoundKey; ppm: number; match: number }> = [];
  for (const { compound, ppm } of sample) {
    if (!COMPOUNDS[compound].gcms || ppm < LOD_PPM) continue;
    const measured = Math.max(LOD_PPM, ppm * (1 + rng.normal(0, 0.08)));
    const ppb = measured * 1000;
    const match = 640 + 300 * (1 - Math.exp(-ppb / 15)) + rng.normal(0, 12);
    found.push({ key: compound, ppm: measured, match: Math.max(600, Math.min(965, match)) });
    const twin = LOOKALIKES[compound];
    if (twin && ppb > 5 && rng.chance(0.25) && !sample.some((s) => s.compound === twin)) {
      found.push({ key: twin, ppm: measured * rng.uniform(0.03, 0.1), match: rng.uniform(600, 695) });
    }
  }
  found.sort((a, b) => COMPOUNDS[a.key].gcms!.retentionS - COMPOUNDS[b.key].gcms!.retentionS);
  return found.map(({ key, ppm, match }) => {
    const c = COMPOUNDS[key];
    const ref = c.gcms!;
    const inPpb = ppm < 1;
    const ions = ref.ions.slice(0, rng.int(3, ref.ions.length)).map(([mz, rel], i): [number, number] => [mz, i === 0 ? 100 : Math.round(Math.max(1, Math.min(99, rel * (1 + rng.normal(0, 0.06)))))]);
    return {
      cas: c.cas,
      name: c.name,
      concentration: inPpb ? round(ppm * 1000, 2) : round(ppm, 3),
      unit: inPpb ? 'ppb' : 'ppm',
      matchFactor: Math.round(match),
      retentionTimeS: round(ref.retentionS + rng.normal(0, 0.8), 1),
      ions,
    };
  });
}
