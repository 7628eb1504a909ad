import { LEVEL_RANK, type ExposureLevel } from '@tianyan/contracts';

/** Compounds drawn at once: more would make grids too small to read (and cost frames). */
export const MAX_GAS_PANELS = 6;

/** The compounds to draw: the worst exposure levels first, otherwise in the order the device reports them. */
export function mostExposed(cas: readonly string[], levels: ReadonlyMap<string, string>, max: number): string[] {
  const rank = (c: string) => LEVEL_RANK[(levels.get(c) ?? 'none') as ExposureLevel] ?? 0;
  const keep = new Set([...cas].map((c, i) => ({ c, i })).sort((a, b) => rank(b.c) - rank(a.c) || a.i - b.i).slice(0, max).map((x) => x.c));
  return cas.filter((c) => keep.has(c));
}
