/** One open alert per rule × device × subject: this is its identity. */
export function alertKey(f: { ruleId: string; deviceId: string | null; subject: string }): string {
  return `${f.ruleId}|${f.deviceId ?? ''}|${f.subject}`;
}
