/** A nullable timestamptz column (pg returns Date) as ISO 8601, or null. */
export function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : (value as Date).toISOString();
}
