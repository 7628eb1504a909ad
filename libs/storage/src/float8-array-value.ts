/**
 * A `float8[]` column's value in a family's `toParams`. The `unnest` and staging paths send it as the
 * array literal their SQL casts (`u.x::float8[]`): an `unnest` parameter of arrays would be flattened
 * into one array. The binary COPY sends the numbers themselves, which spares PostgreSQL `float8in`.
 */
export class Float8ArrayValue {
  constructor(readonly values: readonly number[]) {}

  /** The array literal, e.g. `{0.41,0.43}`. pg calls this for a parameter (also inside an array parameter). */
  toPostgres(): string {
    return `{${this.values.join(',')}}`;
  }

  /** Sized and logged as its literal. */
  toJSON(): string {
    return this.toPostgres();
  }
}
