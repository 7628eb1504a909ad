import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { StorageFeatures } from './storage-features';

/** How often embedded mode runs the retention and compression policies. */
export const EMBEDDED_JOB_INTERVAL_MS = 5 * 60 * 1000;
/**
 * How often embedded mode refreshes the series rollups, as their policy asks on a real server: late
 * readings older than the last refresh reach zoomed-out charts only after one. Cheap when nothing
 * changed (only invalidated minutes are recomputed).
 */
export const EMBEDDED_REFRESH_INTERVAL_MS = 60 * 1000;

const POLICY_PROCS = ['policy_retention', 'policy_compression'] as const;
const REFRESH_PROCS = ['policy_refresh_continuous_aggregate'] as const;

export interface JobRun {
  jobId: number;
  proc: string;
  hypertable: string | null;
  error?: string;
}

/**
 * PGlite runs no background workers, so TimescaleDB's policy jobs (registered by the migration) would
 * never fire in embedded mode. This runs them on our own timer there. The signal is TimescaleDB plus a
 * pool of one, which only the embedded launcher sets (a real TimescaleDB server schedules its own jobs).
 */
@Injectable()
export class TimescaleJobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(TimescaleJobRunner.name);
  private timers: NodeJS.Timeout[] = [];
  private running?: Promise<JobRun[]>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly features: StorageFeatures,
    @Inject(TIANYAN_CONFIG) private readonly config: TianyanConfig,
  ) {}

  get enabled(): boolean {
    return this.features.hasTimescale && this.config.database.poolSize === 1;
  }

  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    this.timers = [
      setInterval(() => void this.runJobsNow(), EMBEDDED_JOB_INTERVAL_MS),
      setInterval(() => void this.refreshRollupsNow(), EMBEDDED_REFRESH_INTERVAL_MS),
    ];
    for (const timer of this.timers) timer.unref();
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /**
   * Runs every retention, compression and rollup refresh job once; never throws (a failed job is
   * logged and retried next time).
   */
  runJobsNow(): Promise<JobRun[]> {
    return this.runOnce([...REFRESH_PROCS, ...POLICY_PROCS]);
  }

  /** Runs the continuous aggregate refresh jobs once (the series rollups). */
  refreshRollupsNow(): Promise<JobRun[]> {
    return this.runOnce(REFRESH_PROCS);
  }

  private runOnce(procs: readonly string[]): Promise<JobRun[]> {
    if (!this.features.hasTimescale) return Promise.resolve([]);
    // One run at a time: a slow compression must not pile up behind the timer; a refresh asked for
    // during a full run is already part of it.
    this.running ??= this.runAll(procs).finally(() => (this.running = undefined));
    return this.running;
  }

  private async runAll(procs: readonly string[]): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    try {
      // Refreshes first: retention must not drop raw chunks before their minutes are rolled up.
      const jobs = (await this.dataSource.query(
        `SELECT job_id, proc_name, hypertable_name FROM timescaledb_information.jobs
         WHERE proc_name = ANY($1::text[]) ORDER BY proc_name <> 'policy_refresh_continuous_aggregate', job_id`,
        [procs],
      )) as { job_id: number; proc_name: string; hypertable_name: string | null }[];
      for (const job of jobs) {
        const run: JobRun = { jobId: job.job_id, proc: job.proc_name, hypertable: job.hypertable_name };
        try {
          // CALL takes no bind parameters in every driver path; job_id is an integer from the catalog.
          await this.dataSource.query(`CALL run_job(${Number(job.job_id)})`);
        } catch (e) {
          run.error = (e as Error).message;
          this.logger.warn(`job ${job.job_id} (${job.proc_name} on ${job.hypertable_name}) failed: ${run.error}`);
        }
        runs.push(run);
      }
    } catch (e) {
      this.logger.warn(`could not list TimescaleDB jobs: ${(e as Error).message}`);
    }
    return runs;
  }
}
