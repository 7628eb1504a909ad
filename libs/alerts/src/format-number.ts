/** Numbers for titles: 4 significant digits below 1000, whole numbers above (1712 ppm, not 1710). */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

const UNIT_TEXT: Readonly<Record<string, string>> = { 'mg/m3': 'mg/m³', 'ug/m3': 'µg/m³' };

export function unitText(unit: string): string {
  return UNIT_TEXT[unit] ?? unit;
}
