import { Inject, Injectable } from '@nestjs/common';
import type { SituationSnapshot } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { IncidentWindRepository, ReceptorRepository, ReplayReadingRepository, ReplayScopeRepository, type ReplayCursor } from '@tianyan/storage';
import { newSituationAnalyzer, SITUATION_BAND_OVERRIDES, type SituationBandOverrides } from './situation-band-overrides';

/** Readings one recomputation reads at most (a window of a very dense incident is sampled no further). */
const MAX_READINGS = 60_000;

/**
 * The picture at T computed from the stored readings, for times the live service never pictured:
 * an incident defined after the fact, a gap while the service was off. Same analyzer and options as
 * live, over the readings of the devices deployed at T in [T − window, T]; marked `recomputed`.
 */
@Injectable()
export class SituationRecomputeService {
  constructor(
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
    @Inject(SITUATION_BAND_OVERRIDES) private readonly bandOverrides: SituationBandOverrides,
    private readonly scopes: ReplayScopeRepository,
    private readonly readings: ReplayReadingRepository,
    private readonly receptors: ReceptorRepository,
    private readonly winds: IncidentWindRepository,
  ) {}

  async at(incidentId: string, atMs: number): Promise<SituationSnapshot | null> {
    const scope = await this.scopes.scope(incidentId);
    if (!scope) return null;
    const s = this.config.situation;
    const from = atMs - s.windowS * 1000;
    const windows = scope.windows
      .filter((w) => w.from <= atMs && (w.to === null || w.to >= from))
      .map((w) => ({ deviceId: w.deviceId, from: Math.max(w.from, from), to: w.to === null ? atMs : Math.min(w.to, atMs) }));
    if (windows.length === 0) return null;
    const analyzer = newSituationAnalyzer(s, this.bandOverrides);
    let read = 0;
    let after: ReplayCursor | null = null;
    do {
      const page = await this.readings.page(windows, after, atMs);
      for (const reading of page.readings) analyzer.add(reading);
      read += page.readings.length;
      after = page.next;
    } while (after && read < MAX_READINGS);
    if (read === 0) return null;
    const snapshot = analyzer.snapshot({ incidentId, drill: scope.drill, receptors: await this.receptors.list(), wind: await this.winds.get(incidentId) });
    return { ...snapshot, recomputed: true };
  }
}
