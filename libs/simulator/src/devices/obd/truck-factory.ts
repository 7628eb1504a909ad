import { vinCheckDigit } from '@tianyan/contracts';
import { round } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import { OFFENDER_KINDS, type OffenderConfig, type OffenderKind } from './offender-kinds';

/** World manufacturer identifiers of Chinese heavy-truck makers (Sinotruk, FAW, Shaanxi, Dongfeng, Foton). */
const WMIS = ['LZZ', 'LFW', 'LZG', 'LGA', 'LVB'];
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
/** Model-year codes 2018–2024 (position 10). */
const YEAR_CODES = ['J', 'K', 'L', 'M', 'N', 'P', 'R'];
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
/** Mostly local (Hubei) trucks, some from neighbouring provinces. */
const PROVINCES = ['鄂', '鄂', '鄂', '鄂', '豫', '湘', '赣', '皖', '川'];
/** Emission-related DTCs seen on China VI diesels: SCR efficiency, NOx exceedance, DPF, EGR, reductant. */
const EMISSION_DTCS = ['P20EE', 'P2BAD', 'P2463', 'P2002', 'P0401', 'P20BA', 'P207F'];

export interface Truck {
  vin: string;
  plate: string;
  offender: OffenderKind | null;
  body: {
    obd: Record<string, unknown>;
    opacity: { kM1: number[] };
    noxPpm: number;
    ureaPct: number;
  };
}

export function makeVin(rng: Rng): string {
  const c = () => rng.pick([...VIN_CHARS]);
  const vds = Array.from({ length: 5 }, c).join('');
  const serial = String(rng.int(0, 999999)).padStart(6, '0');
  const draft = `${rng.pick(WMIS)}${vds}0${rng.pick(YEAR_CODES)}${c()}${serial}`;
  return draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
}

function makePlate(rng: Rng): string {
  const tail = Array.from({ length: 5 }, () => rng.pick([...PLATE_CHARS])).join('');
  return `${rng.pick(PROVINCES)}${rng.pick(['A', 'A', 'B', 'C', 'D', 'F', 'H'])}·${tail}`;
}

/**
 * Builds the next truck at a station. Clean trucks stay clear of every limit (k ≤ 0.55 under limit b's
 * 0.7, NOx ≤ 600 under 900, urea 31.9–33.1); each offender kind breaks exactly its own rule, by a
 * margin, so the ground truth and any verdict agree.
 */
export function makeTruck(rng: Rng, offenders: OffenderConfig): Truck {
  const offender = rng.chance(offenders.share) ? pickKind(rng, offenders) : null;
  const supported = rng.int(5, 8);
  let kBase = rng.uniform(0.05, 0.35);
  let nox = rng.uniform(50, 600);
  let urea = rng.uniform(31.9, 33.1);
  const obd: Record<string, unknown> = {
    commOk: true,
    mil: false,
    dtcs: [] as string[],
    readiness: { supported, complete: supported },
    calid: `CAL${rng.int(0x100000, 0xffffff).toString(16).toUpperCase()}`,
    cvn: rng.int(0x10000000, 0x7fffffff).toString(16).toUpperCase(),
    odometerKm: rng.int(20_000, 900_000),
  };
  switch (offender) {
    case 'dpf-removed':
      kBase = rng.uniform(1.45, 3.0); // above limit a (1.2) even on the lowest of three runs
      break;
    case 'scr-disabled':
      nox = rng.uniform(1600, 2000); // above limit a (1500)
      break;
    case 'urea-diluted':
      urea = rng.chance(0.2) ? rng.uniform(0, 2) : rng.uniform(12, 28);
      nox = rng.uniform(600, 850); // worse, but still under limit b: the urea is what fails
      break;
    case 'mil-dtc':
      obd['mil'] = true;
      obd['dtcs'] = rng.shuffle(EMISSION_DTCS).slice(0, rng.int(1, 3));
      break;
    case 'obd-comm-failure':
      // No answer from the ECU: nothing but the failed handshake is known.
      for (const key of ['mil', 'readiness', 'calid', 'cvn', 'odometerKm']) delete obd[key];
      obd['commOk'] = false;
      break;
    case 'not-ready':
      obd['readiness'] = { supported, complete: supported - rng.int(1, 2) };
      break;
    case null:
      break;
  }
  const runs = [0, 1, 2].map(() => round(Math.min(9.9, kBase * (1 + rng.uniform(-0.1, 0.1))), 2));
  return {
    vin: makeVin(rng),
    plate: makePlate(rng),
    offender,
    body: { obd, opacity: { kM1: runs }, noxPpm: Math.round(nox), ureaPct: round(urea, 1) },
  };
}

function pickKind(rng: Rng, cfg: OffenderConfig): OffenderKind {
  const weights = OFFENDER_KINDS.map((k) => (cfg.mix ? (cfg.mix[k] ?? 0) : 1));
  return rng.weighted(OFFENDER_KINDS, weights);
}
