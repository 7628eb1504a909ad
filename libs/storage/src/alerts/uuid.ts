const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be a uuid are simply not found (PostgreSQL would raise 22P02 for them). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
