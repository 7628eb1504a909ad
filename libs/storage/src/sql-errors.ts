/** SQLSTATE of a pg error, also when TypeORM wraps it in a QueryFailedError. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Class 22 (data exception) and 23 (integrity constraint violation): the rows are at fault, not the
 * connection, so retrying the same rows can never succeed and they belong in quarantine.
 */
export function isDataError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== undefined && (state.startsWith('22') || state.startsWith('23'));
}

export function describeSqlError(error: unknown): string {
  const state = sqlState(error);
  const message = error instanceof Error ? error.message : String(error);
  return state ? `${message} (SQLSTATE ${state})` : message;
}
