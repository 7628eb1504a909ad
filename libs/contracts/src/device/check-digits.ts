/** Check digits of identifiers the devices report (domain.md: VIN per GB 16735 / ISO 3779, CAS registry). */

const VIN_PATTERN = /^[A-HJ-NPR-Z0-9]{17}$/;
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_LETTER_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5,
  P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};

function vinCharValue(c: string): number {
  return c >= '0' && c <= '9' ? Number(c) : VIN_LETTER_VALUES[c]!;
}

/** The check digit (position 9) a VIN must carry: `0`–`9` or `X`. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += vinCharValue(vin[i]!) * VIN_WEIGHTS[i]!;
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

export function isValidVin(vin: string): boolean {
  return VIN_PATTERN.test(vin) && vin[8] === vinCheckDigit(vin);
}

export function vinProblem(vin: string): string | undefined {
  if (!VIN_PATTERN.test(vin)) return 'VIN must be 17 characters from A-H, J-N, P, R-Z, 0-9';
  if (vin[8] !== vinCheckDigit(vin)) return `VIN check digit is ${vin[8]}, expected ${vinCheckDigit(vin)}`;
  return undefined;
}

const CAS_PATTERN = /^(\d{2,7})-(\d{2})-(\d)$/;

/** CAS check digit: Σ(i·dᵢ) mod 10 over the digits before it, weights 1, 2, 3… from the right. */
export function casCheckDigit(casWithoutCheck: string): number {
  const digits = casWithoutCheck.replace(/-/g, '');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) sum += (i + 1) * Number(digits[digits.length - 1 - i]);
  return sum % 10;
}

/** Devices report the same few compounds over and over: verdicts are remembered, up to this many. */
const CAS_CACHE_LIMIT = 4096;
/** CAS number → its problem, '' when valid (no problem message is empty). */
const casVerdicts = new Map<string, string>();

export function casProblem(cas: string): string | undefined {
  let verdict = casVerdicts.get(cas);
  if (verdict === undefined) {
    verdict = checkCas(cas) ?? '';
    if (casVerdicts.size >= CAS_CACHE_LIMIT) casVerdicts.clear();
    casVerdicts.set(cas, verdict);
  }
  return verdict === '' ? undefined : verdict;
}

function checkCas(cas: string): string | undefined {
  const m = CAS_PATTERN.exec(cas);
  if (!m) return 'CAS number must look like 71-43-2';
  const expected = casCheckDigit(`${m[1]}${m[2]}`);
  if (Number(m[3]) !== expected) return `CAS check digit is ${m[3]}, expected ${expected}`;
  return undefined;
}
