import { TIC_SATURATION } from '@tianyan/contracts';
import { round, type Xy } from '../../geo/local-frame';
import type { Rng } from '../../random/rng';
import type { FaultPlan } from '../../scenario/faults';
import { COMPOUNDS, type CompoundKey } from '../../world/compounds';
import type { World } from '../../world/world';
import type { DeviceOutput, SimDevice, StatusBody } from '../device';
import { GnssModel } from '../gnss';
import { identify } from './gcms-run';
import type { CarrierRoute } from './carrier-route';

/** Local alias: global lookups are ~8× slower inside Jest's VM context, and this is a hot path. */
const M = Math;

export interface SpectrometerConfig {
  id: string;
  /** Who carries it: a PathWalker (1.3 m/s on foot, 5–8 m/s in a survey van) or a survey UAV. */
  carrier: CarrierRoute;
  /** Height of the sampling inlet above ground, m (default 1.5: hand-held or van inlet). */
  inletHeightM?: number;
  /** Gases reported by the 1 Hz survey: electrochemical cells and MS survey channels. */
  surveyGases: CompoundKey[];
  warmupS?: number;
  gcmsPeriodS?: number;
  gcmsRunS?: number;
}

const FIRMWARE = 'HS-ER 2.31';
const DEFAULT_INLET_HEIGHT_M = 1.5;
const DRAIN_PCT_PER_H = 12;
const SWAP_S = 600;
/** Survey-mode (membrane inlet, full scan) detection limit for VOCs, ppm (domain.md §B: ~1 ppm). */
const SURVEY_VOC_LOD_PPM = 0.5;
const CELL_LOD_PPM = 0.1;

/**
 * A portable GC-MS (HAPSITE class) with an electrochemical multi-gas module, carried along a path:
 * warms up, then reports a 1 Hz survey (TIC + gas values with noise, detection limits and
 * saturation) and, every few minutes, the identification list of a GC-MS run.
 */
export class Spectrometer implements SimDevice {
  readonly kind = 'ms' as const;
  readonly id: string;
  nextAtMs = 0;

  private phase: 'warmup' | 'survey' | 'swap';
  private phaseUntilMs: number;
  private battery: number;
  private runNo = 0;
  private nextRunMs: number;
  private pending: { dueMs: number; sampledMs: number; at: Xy; body: Record<string, unknown>[] } | null = null;
  private frozen: { faultId: string; tic: number; gases: Record<string, unknown>[] } | null = null;
  private readonly gnss: GnssModel;

  constructor(
    private readonly cfg: SpectrometerConfig,
    private readonly world: World,
    private readonly rng: Rng,
    private readonly faults: FaultPlan,
  ) {
    this.id = cfg.id;
    this.gnss = new GnssModel(cfg.id, rng.fork('gnss'), faults, 1.5);
    this.battery = rng.uniform(92, 100);
    this.phase = 'warmup';
    this.phaseUntilMs = (cfg.warmupS ?? 120) * 1000;
    this.nextRunMs = this.phaseUntilMs + rng.int(30, 120) * 1000;
  }

  private get inletM(): number {
    return this.cfg.inletHeightM ?? DEFAULT_INLET_HEIGHT_M;
  }

  status(): StatusBody {
    const state = this.phase === 'warmup' ? 'calibration' : this.phase === 'swap' ? 'maintenance' : 'online';
    return { state, batteryPct: round(this.battery, 1), firmware: FIRMWARE, ...(this.phase === 'warmup' ? { note: 'warm-up and tune' } : {}) };
  }

  tick(): DeviceOutput[] {
    const tMs = this.nextAtMs;
    this.nextAtMs += 1000;
    const out: DeviceOutput[] = [];
    const before = this.phase;
    if (this.phase !== 'swap') this.battery = M.max(0, this.battery - DRAIN_PCT_PER_H / 3600);
    if (this.phase === 'survey' && this.battery < 15) {
      this.phase = 'swap';
      this.phaseUntilMs = tMs + SWAP_S * 1000;
      this.pending = null;
    } else if (this.phase !== 'survey' && tMs >= this.phaseUntilMs) {
      if (this.phase === 'swap') this.battery = this.rng.uniform(97, 100);
      this.phase = 'survey';
      this.nextRunMs = M.max(this.nextRunMs, tMs + 60_000);
    }
    if (this.phase !== before) out.push({ channel: 'status', body: { ...this.status() } });
    if (this.phase !== 'survey') return out;

    const truePos = this.cfg.carrier.at(tMs / 1000);
    const fix = this.gnss.fix(truePos, tMs);
    const ll = this.world.frame.toLatLon(fix.pos);
    out.push({ channel: 'survey', body: { lat: round(ll.lat, 7), lon: round(ll.lon, 7), ...this.survey(truePos, tMs) } });

    if (this.pending && tMs >= this.pending.dueMs) {
      const p = this.pending;
      const pll = this.world.frame.toLatLon(p.at);
      this.pending = null;
      out.push({ channel: 'identification', body: { lat: round(pll.lat, 7), lon: round(pll.lon, 7), runId: `${this.id}-R${String(++this.runNo).padStart(4, '0')}`, sampledAt: this.world.epochMs(p.sampledMs / 1000), compounds: p.body } });
    }
    if (!this.pending && tMs >= this.nextRunMs) this.startRun(fix.pos, truePos, tMs);
    return out;
  }

  private startRun(reported: Xy, truePos: Xy, tMs: number): void {
    const tS = tMs / 1000;
    const candidates = new Set<CompoundKey>([...this.world.releasedCompounds(), ...(Object.keys(this.world.backgroundPpm) as CompoundKey[])]);
    const sample = [...candidates].map((compound) => ({ compound, ppm: this.world.concentrationPpm(compound, truePos, this.inletM, tS) }));
    const runS = this.cfg.gcmsRunS ?? 600;
    this.pending = { dueMs: tMs + runS * 1000, sampledMs: tMs, at: reported, body: identify(sample, this.rng) };
    this.nextRunMs = tMs + ((this.cfg.gcmsPeriodS ?? 720) + this.rng.int(-60, 60)) * 1000;
  }

  private survey(p: Xy, tMs: number): { tic: number; gases: Record<string, unknown>[] } {
    const tS = tMs / 1000;
    let tic = 3e5 * (1 + this.rng.normal(0, 0.08));
    for (const key of this.world.releasedCompounds()) {
      const c = COMPOUNDS[key];
      if (c.ticPerPpm > 0) tic += c.ticPerPpm * this.world.concentrationPpm(key, p, this.inletM, tS);
    }
    const gases = this.cfg.surveyGases.map((key) => {
      const c = COMPOUNDS[key];
      const truth = this.world.concentrationPpm(key, p, this.inletM, tS);
      const cell = 'sensorRangePpm' in c;
      const noisy = truth * (1 + this.rng.normal(0, 0.04)) + this.rng.normal(0, 0.03);
      const lod = cell ? CELL_LOD_PPM : SURVEY_VOC_LOD_PPM;
      const full = cell ? (c as { sensorRangePpm: number }).sensorRangePpm : Infinity;
      const value = noisy < lod ? 0 : M.min(full, noisy);
      return { cas: c.cas, name: c.name, value: round(value, 1), unit: 'ppm' };
    });
    const reading = { tic: M.round(M.min(TIC_SATURATION, M.max(0, tic))), gases };
    return this.applyStuck(reading, tMs);
  }

  /** A stuck sensor repeats the values it had when it froze, byte for byte (flatline). */
  private applyStuck(reading: { tic: number; gases: Record<string, unknown>[] }, tMs: number): { tic: number; gases: Record<string, unknown>[] } {
    const f = this.faults.active(this.id, 'stuck-sensor', tMs);
    if (!f) {
      this.frozen = null;
      return reading;
    }
    if (this.frozen?.faultId !== f.id) this.frozen = { faultId: f.id, ...reading };
    return { tic: this.frozen.tic, gases: this.frozen.gases };
  }
}
