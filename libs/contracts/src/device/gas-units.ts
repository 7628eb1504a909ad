/** Gas concentration units a device may report, and conversion to ppm (25 °C, 1 atm: 24.45 L/mol). */
export const GAS_UNITS = ['ppt', 'ppb', 'ppm', 'mg/m3', 'ug/m3'] as const;
export type GasUnit = (typeof GAS_UNITS)[number];

export const MOLAR_VOLUME_L_25C = 24.45;

/** Molecular weights (g/mol) of compounds the platform knows by CAS, for mass ↔ volume conversion. */
export const MOLECULAR_WEIGHT_BY_CAS: Readonly<Record<string, number>> = {
  '7783-06-4': 34.08, // hydrogen sulfide
  '7782-50-5': 70.9, // chlorine
  '7664-41-7': 17.03, // ammonia
  '71-43-2': 78.11, // benzene
  '108-88-3': 92.14, // toluene
  '1330-20-7': 106.16, // xylenes
  '108-90-7': 112.56, // chlorobenzene
  '75-09-2': 84.93, // dichloromethane
  '79-01-6': 131.39, // trichloroethylene
  '100-42-5': 104.15, // styrene
  '7647-01-0': 36.46, // hydrogen chloride
  '74-90-8': 27.03, // hydrogen cyanide
  '7446-09-5': 64.07, // sulfur dioxide
  '75-44-5': 98.92, // phosgene
  '630-08-0': 28.01, // carbon monoxide
  '10102-44-0': 46.01, // nitrogen dioxide
};

/** Converts a concentration to ppm; undefined when a mass unit meets a compound of unknown weight. */
export function toPpm(value: number, unit: GasUnit, cas?: string): number | undefined {
  switch (unit) {
    case 'ppt':
      return value / 1e6;
    case 'ppb':
      return value / 1e3;
    case 'ppm':
      return value;
    case 'mg/m3':
    case 'ug/m3': {
      const mw = cas ? MOLECULAR_WEIGHT_BY_CAS[cas] : undefined;
      if (mw === undefined) return undefined;
      const mgPerM3 = unit === 'mg/m3' ? value : value / 1e3;
      return (mgPerM3 * MOLAR_VOLUME_L_25C) / mw;
    }
  }
}
