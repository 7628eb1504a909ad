/** NIST/AMDIS match factor (0–999) below which a GC-MS identification is only tentative (domain.md B). */
export const TENTATIVE_MATCH_FACTOR = 700;

export function isTentative(matchFactor: number): boolean {
  return matchFactor < TENTATIVE_MATCH_FACTOR;
}
