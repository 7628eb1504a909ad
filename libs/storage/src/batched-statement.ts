import type { QueryRunner } from 'typeorm';
import { chunkByBytes, encodeColumn, rowBytes, rowBytesBound, statementOverheadBytes, toColumns, type Chunk } from './statement-chunks';

/** Rows per statement even when bytes allow more: bounds memory and a failed statement's redo. */
export const MAX_ROWS_PER_STATEMENT = 10_000;

/** An `unnest` statement and its rows of parameters, to be sent in as few statements as fit the budget. */
export class BatchedStatement {
  /** Number of parameters ($1…$n), one array each. */
  readonly width: number;
  private readonly overhead: number;

  constructor(
    readonly sql: string,
    private readonly maxStatementBytes: number,
  ) {
    this.width = parameterCount(sql);
    this.overhead = statementOverheadBytes(sql, this.width);
  }

  /** Bytes a row may take in one statement. */
  get rowBudget(): number {
    return this.maxStatementBytes - this.overhead;
  }

  plan<T>(items: readonly T[], paramsOf: (item: T) => unknown[]): Chunk<{ item: T; params: unknown[] }>[] {
    const rows = items.map((item) => ({ item, params: paramsOf(item) }));
    if (rows.length === 0) return [];
    if (rows.length <= MAX_ROWS_PER_STATEMENT) {
      // On PostgreSQL (a 32 MiB budget) nearly every plan fits one statement by a bound that reads no
      // string; measuring each one (3 passes over every title and JSON) cost ~2 % of ingest's thread.
      let bound = 0;
      for (const row of rows) bound += rowBytesBound(row.params);
      if (bound <= this.rowBudget) return [{ items: rows, bytes: bound }];
    }
    return chunkByBytes(rows, (r) => rowBytes(r.params), this.rowBudget, MAX_ROWS_PER_STATEMENT);
  }

  /** Runs one planned chunk; returns the rows the statement affected. */
  async run(runner: QueryRunner, rows: readonly { params: unknown[] }[]): Promise<number> {
    const params = toColumns(rows.map((r) => r.params), this.width).map(encodeColumn);
    const result = await runner.query(this.sql, params, true);
    return result.affected ?? 0;
  }

  /** Plans and runs everything; for rows that always fit (quarantine, devices). */
  async runAll<T>(runner: QueryRunner, items: readonly T[], paramsOf: (item: T) => unknown[]): Promise<number> {
    let affected = 0;
    for (const chunk of this.plan(items, paramsOf)) affected += await this.run(runner, chunk.items);
    return affected;
  }
}

export function parameterCount(sql: string): number {
  return Math.max(0, ...[...sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
}
