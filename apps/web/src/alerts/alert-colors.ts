import type { AlertLevel } from '@tianyan/contracts';

/** The four warning colours as drawn on the screen (styles.css mirrors them as --alert-*). */
export const ALERT_LEVEL_COLORS: Readonly<Record<AlertLevel, string>> = {
  blue: '#3d9cff',
  yellow: '#f2d232',
  orange: '#ff9a3c',
  red: '#ff4d4d',
};
