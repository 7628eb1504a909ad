/** A value as one CSV field: numbers and booleans as written, objects as JSON, null and undefined empty. */
function fieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * One RFC 4180 record, CRLF-terminated: a field holding a comma, a double quote, CR or LF is quoted,
 * its quotes doubled. A leading space or `=` is left as is: the export is data, not a spreadsheet.
 */
export function csvLine(values: readonly unknown[]): string {
  return (
    values
      .map((value) => {
        const text = fieldText(value);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\r\n'
  );
}
