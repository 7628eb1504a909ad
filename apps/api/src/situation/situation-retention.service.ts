import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { SituationSnapshotRepository } from '@tianyan/storage';

/** How often old snapshots are thinned; the first run comes one interval after start-up. */
export const THIN_EVERY_MS = 60 * 60 * 1000;
const BATCH = 5000;

/**
 * A snapshot every few seconds per incident is tens of kB (~0.5–1 GB a day per incident): after
 * SITUATION_THIN_AFTER_H, playback needs the picture's course, not every recompute. Older snapshots
 * are thinned to one per SITUATION_THIN_TO_S of device time, in bounded batches. Readings, alerts and
 * the receptor alerts' own times are untouched: the picture can still be recomputed from the readings.
 */
@Injectable()
export class SituationRetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SituationRetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly snapshots: SituationSnapshotRepository,
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.situation.enabled || this.config.situation.thinAfterMs <= 0) return;
    this.timer = setInterval(() => void this.thinNow().catch((err: Error) => this.logger.error(`thinning snapshots failed: ${err.message}`)), THIN_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Thins everything due now; returns how many snapshots were deleted. One run at a time. */
  thinNow(now = Date.now()): Promise<number> {
    this.running ??= this.thinAll(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async thinAll(now: number): Promise<number> {
    const { thinAfterMs, thinToS } = this.config.situation;
    let total = 0;
    for (;;) {
      const deleted = await this.snapshots.thin(now - thinAfterMs, thinToS, BATCH);
      total += deleted;
      if (deleted < BATCH) break;
    }
    if (total > 0) this.logger.log(`thinned ${total} situation snapshots stored over ${thinAfterMs / 3_600_000} h ago to one per ${thinToS} s`);
    return total;
  }
}
