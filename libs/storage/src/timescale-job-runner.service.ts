import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import { StorageFeatures } from './storage-features';

/** How often embedded mode runs the retention and compression policies. */
export const EMBEDDED_JOB_INTERVAL_MS = 5 * 60 * 1000;

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
  private timer?: NodeJS.Timeout;
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
    this.timer = setInterval(() => void this.runJobsNow(), EMBEDDED_JOB_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Runs every retention and compression job once; never throws (a failed job is logged and retried next time). */
  runJobsNow(): Promise<JobRun[]> {
    if (!this.features.hasTimescale) return Promise.resolve([]);
    // One run at a time: a slow compression must not pile up behind the timer.
    this.running ??= this.runAll().finally(() => (this.running = undefined));
    return this.running;
  }

  private async runAll(): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    try {
      const jobs = (await this.dataSource.query(
        `SELECT job_id, proc_name, hypertable_name FROM timescaledb_information.jobs
         WHERE proc_name IN ('policy_retention', 'policy_compression') ORDER BY job_id`,
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
