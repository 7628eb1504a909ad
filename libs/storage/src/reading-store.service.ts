import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { DeviceReading } from '@tianyan/contracts';
import { TIANYAN_CONFIG, type TianyanConfig } from '@tianyan/config';
import type { PoolClient } from 'pg';
import { BatchedStatement } from './batched-statement';
import { DeviceRepository } from './device.repository';
import { QuarantineRepository } from './quarantine.repository';
import { familyOf, READING_FAMILIES } from './families/reading-families';
import { rejectedReadingRecord } from './quarantine-row';
import { DirectCopy } from './direct-copy';
import { describeSqlError, isDataError, sqlState } from './sql-errors';
import { moveStaged, StagedCopy } from './staged-copy';
import { NoBinaryForm } from './binary-copy';
import { StorageFeatures } from './storage-features';
import type { RejectedReading, WriteBatch, WriteResult } from './write-batch';

type Planned = { item: DeviceReading; params: unknown[] };
/**
 * How a batch's readings go in: COPY straight into the tables, COPY through staging (both PostgreSQL),
 * `unnest` arrays (embedded), or `unnest` with a savepoint per statement (after a data error).
 */
export type WriteMode = 'direct' | 'staged' | 'unnest' | 'isolate';

/**
 * After the database refused a direct COPY (nearly always a redelivered reading, which only the staged
 * path's ON CONFLICT skips), this many batches take the staged path: a broker redelivers in bursts.
 */
const STAGED_BATCHES_AFTER_REFUSAL = 50;

/**
 * Serialises the device bookkeeping of concurrent batches (pool > 1): each touches many of the same
 * `devices` rows, and row locks taken in whatever order each plan visits them could deadlock.
 * Held from the devices statements to commit, after the readings went in, so the bulk of concurrent
 * batches still overlaps. The value is arbitrary ('tian' in ASCII); only ingest takes it.
 */
const DEVICES_LOCK = 0x7469616e;

/**
 * Writes one ingest batch in one transaction: readings, then devices, device activity and quarantine.
 * Readings go in on PostgreSQL by a COPY per family straight into its table (DirectCopy); when the
 * database refuses that (a redelivered reading breaks the key), the batch is redone by a COPY per
 * family into a staging table and every family's `INSERT … SELECT … ON CONFLICT DO NOTHING` in one
 * round trip, which skips what is stored already. The embedded database takes `unnest` arrays split
 * under its statement byte budget. Idempotent: a redelivered reading is stored once by the
 * (device_id, time, seq) key. Connection errors are thrown for the caller to retry; readings the
 * database refuses (SQLSTATE class 22/23) are moved to quarantine.
 */
@Injectable()
export class ReadingStore {
  private readonly logger = new Logger(ReadingStore.name);
  private readonly statements: ReadonlyMap<string, BatchedStatement>;
  private readonly copies: ReadonlyMap<string, StagedCopy>;
  private readonly directs: ReadonlyMap<string, DirectCopy | null>;
  private stagedBatchesLeft = 0;
  /** Some family has no direct plan, so direct batches stage it. */
  private readonly stagesOnDirect: boolean;
  /** Batches committed per path since start, and direct COPYs the database refused. */
  readonly writes: Record<WriteMode | 'refused', number> = { direct: 0, staged: 0, unnest: 0, isolate: 0, refused: 0 };
  /** Connections (pg clients) whose staging tables exist: temp tables live as long as the connection. */
  private readonly staged = new WeakSet<object>();
  private readonly concurrent: boolean;

  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: DeviceRepository,
    private readonly quarantine: QuarantineRepository,
    private readonly features: StorageFeatures,
    @Inject(TIANYAN_CONFIG) config: TianyanConfig,
  ) {
    const budget = config.database.maxStatementBytes;
    this.statements = new Map(READING_FAMILIES.map((f) => [f.table, new BatchedStatement(f.insertSql, budget)]));
    this.copies = new Map(READING_FAMILIES.map((f) => [f.table, new StagedCopy(f.table, f.insertSql)]));
    this.directs = new Map(READING_FAMILIES.map((f) => [f.table, DirectCopy.plan(f.table, f.insertSql)]));
    // Temp tables are created per connection on first need (a few hundred ms under load): most never stage.
    this.stagesOnDirect = [...this.directs.values()].some((d) => d === null);
    this.concurrent = config.database.poolSize > 1;
  }

  async write(batch: WriteBatch): Promise<WriteResult> {
    if (!this.features.copyFromStdin) return this.writeIsolatingDataErrors(batch, 'unnest');
    if (this.stagedBatchesLeft > 0) this.stagedBatchesLeft--;
    else if (this.features.directCopy && batch.readings.every(DirectCopy.fits)) {
      try {
        return await this.attempt(batch, 'direct');
      } catch (e) {
        // The connection, not the rows: retried by the caller. NoBinaryForm: a value the text path lets PostgreSQL judge.
        if (sqlState(e) === undefined && !(e instanceof NoBinaryForm)) throw e;
        this.stagedBatchesLeft = STAGED_BATCHES_AFTER_REFUSAL;
        this.writes.refused++;
        // A redelivery (23505) is routine; anything else may mean direct COPY does not suit this database.
        const note = `direct COPY refused (${describeSqlError(e)}): this batch and the next ${STAGED_BATCHES_AFTER_REFUSAL} go through staging`;
        if (sqlState(e) === '23505') this.logger.log(note);
        else this.logger.warn(note);
      }
    }
    return this.writeIsolatingDataErrors(batch, 'staged');
  }

  private async writeIsolatingDataErrors(batch: WriteBatch, mode: 'staged' | 'unnest'): Promise<WriteResult> {
    try {
      return await this.attempt(batch, mode);
    } catch (e) {
      if (!isDataError(e)) throw e;
      // Rare: redo the batch with a savepoint per statement, bisecting failed ones down to the bad readings.
      this.logger.warn(`batch of ${batch.readings.length} readings hit a data error, isolating: ${describeSqlError(e)}`);
      return this.attempt(batch, 'isolate');
    }
  }

  private async attempt(batch: WriteBatch, mode: WriteMode): Promise<WriteResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      if (mode === 'staged' || (mode === 'direct' && this.stagesOnDirect)) await this.ensureStaging(runner);
      await runner.startTransaction();
      const rejected: RejectedReading[] = [];
      let inserted = 0;
      const staged: StagedCopy[] = [];
      for (const [table, readings] of groupByTable(batch.readings)) {
        const family = familyOf(readings[0]!.stream);
        const direct = mode === 'direct' ? this.directs.get(table) : null;
        if (direct) {
          inserted += await direct.copy(pgClient(runner), readings.map((r) => family.toParams(r)));
          continue;
        }
        if (mode === 'staged' || mode === 'direct') {
          const copy = this.copies.get(table)!;
          await copy.copy(pgClient(runner), readings.map((r) => family.toParams(r)));
          staged.push(copy);
          continue;
        }
        const statement = this.statements.get(table)!;
        for (const chunk of statement.plan(readings, (r) => family.toParams(r))) {
          if (chunk.bytes > statement.rowBudget) {
            // One reading alone exceeds what the database takes in a message (embedded mode only).
            const reason = `reading of ~${chunk.bytes} bytes exceeds the database statement limit (${statement.rowBudget} bytes for rows)`;
            rejected.push(...chunk.items.map((r) => ({ reading: r.item, reason })));
          } else {
            inserted += mode === 'isolate' ? await this.insertIsolated(runner, statement, chunk.items, rejected) : await statement.run(runner, chunk.items);
          }
        }
      }
      inserted += await moveStaged(pgClient(runner), staged);
      const rejectedSet = new Set(rejected.map((r) => r.reading));
      const accepted = rejected.length ? batch.readings.filter((r) => !rejectedSet.has(r)) : batch.readings;
      if (this.concurrent) await runner.query(`SELECT pg_advisory_xact_lock(${DEVICES_LOCK})`);
      await this.devices.insertMissing(runner, batch.devices);
      await this.devices.recordActivity(runner, accepted);
      const quarantined = await this.quarantine.insertMany(runner, [
        ...batch.quarantine,
        ...rejected.map((r) => rejectedReadingRecord(r.reading, r.reason)),
      ]);
      await runner.commitTransaction();
      this.writes[mode]++;
      return { inserted, duplicates: accepted.length - inserted, quarantined, rejected };
    } catch (e) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  /** Creates this connection's staging tables once, outside a batch transaction (a rollback would drop them). */
  private async ensureStaging(runner: QueryRunner): Promise<void> {
    const client = pgClient(runner);
    if (this.staged.has(client)) return;
    await runner.query([...this.copies.values()].map((c) => c.createSql).join(';\n'));
    this.staged.add(client);
  }

  /** Inserts under a savepoint; on a data error bisects until the refused readings are singled out. */
  private async insertIsolated(runner: QueryRunner, statement: BatchedStatement, rows: Planned[], rejected: RejectedReading[]): Promise<number> {
    await runner.query('SAVEPOINT reading_chunk');
    try {
      const inserted = await statement.run(runner, rows);
      await runner.query('RELEASE SAVEPOINT reading_chunk');
      return inserted;
    } catch (e) {
      await runner.query('ROLLBACK TO SAVEPOINT reading_chunk');
      await runner.query('RELEASE SAVEPOINT reading_chunk');
      if (!isDataError(e)) throw e;
      if (rows.length === 1) {
        rejected.push({ reading: rows[0]!.item, reason: describeSqlError(e) });
        return 0;
      }
      const mid = rows.length >> 1;
      return (
        (await this.insertIsolated(runner, statement, rows.slice(0, mid), rejected)) +
        (await this.insertIsolated(runner, statement, rows.slice(mid), rejected))
      );
    }
  }
}

function groupByTable(readings: readonly DeviceReading[]): Map<string, DeviceReading[]> {
  const groups = new Map<string, DeviceReading[]>();
  for (const r of readings) {
    const table = familyOf(r.stream).table;
    const group = groups.get(table);
    if (group) group.push(r);
    else groups.set(table, [r]);
  }
  return groups;
}

/** The pg client under a connected TypeORM query runner (PostgresQueryRunner keeps it untyped). */
function pgClient(runner: QueryRunner): PoolClient {
  return (runner as unknown as { databaseConnection: PoolClient }).databaseConnection;
}
