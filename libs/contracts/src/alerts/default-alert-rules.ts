import type { AlertRuleInput } from './alert-rule.schema';
import { DEFAULT_EXPOSURE_LEVELS } from './exposure-levels';

/**
 * The rules a new installation starts with (seeded once; edit or disable them like any other).
 * Exposure limits come from domain.md §3.2; OBD from GB 3847-2018; the rest are design defaults
 * stated in the rule's description.
 */
export function defaultAlertRules(): AlertRuleInput[] {
  const exposure: AlertRuleInput[] = [...DEFAULT_EXPOSURE_LEVELS.values()].map((l) => ({
    kind: 'exposure',
    name: `${l.formula} exposure`,
    description: 'Four colours from the OEL, AEGL-1/2/3 (60 min) and IDLH (domain.md §3.2)',
    cas: l.cas,
    unit: 'ppm',
    levels: l.ppm,
    basis: l.basis,
  }));
  return [
    ...exposure,
    {
      kind: 'obd',
      name: 'Roadside inspection verdict',
      description: 'GB 3847-2018 in-use limits b (opacity k 0.7 m⁻¹, lug-down NOx 900 ppm), urea 31.8–33.2 % (GB 29518), MIL, emission DTCs, OBD communication; not-ready monitors mean re-test',
      scope: { kinds: ['obd'] },
    },
    {
      kind: 'thermal',
      name: 'Hotspot and hot-area growth',
      description: 'Design default: hotspot 80/150/300/500 °C; hot area (pixels ≥ 100 °C) growing 25/50/100 % within 2 min',
      scope: { kinds: ['drone'] },
      hotspotC: { blue: 80, yellow: 150, orange: 300, red: 500 },
      areaGrowthPct: { yellow: 25, orange: 50, red: 100 },
    },
    {
      kind: 'offline',
      name: 'Drone or spectrometer offline',
      description: 'Design default: nothing for 3 × 10 s (they stream at 1–2 Hz), or an offline status (last will); maintenance and calibration excuse silence',
      scope: { kinds: ['drone', 'ms'] },
    },
    {
      kind: 'offline',
      name: 'Inspection station offline',
      description: 'Design default: no inspection or status for 3 × 10 min (one truck every 3–8 min per lane), or an offline status (last will)',
      scope: { kinds: ['obd'] },
      expectedIntervalS: 600,
    },
    { kind: 'low-battery', name: 'Low battery', description: 'Design default: 30 / 20 / 10 %', levels: { yellow: 30, orange: 20, red: 10 } },
    { kind: 'clock-skew', name: 'Clock skew', description: 'Design default: 3 live readings more than 2 min off the server clock' },
    {
      kind: 'quarantine-rate',
      name: 'Rising quarantine rate',
      description: 'Design default: quarantined messages per minute over 5 min',
      perMinute: { blue: 1, yellow: 5, orange: 20 },
    },
    {
      kind: 'flatline',
      name: 'Flatlined ion counter',
      description: 'Design default: the spectrometer TIC repeats the same value 20 times over at least a minute (a stuck detector never reads exactly the same twice)',
      scope: { kinds: ['ms'] },
      stream: 'ms/survey',
      field: 'tic',
    },
    {
      kind: 'receptor',
      name: 'Receptor inside a plume zone',
      description: 'A school, hospital, village or water intake inside a plume zone of the situation picture, at the zone colour (extent blue, AEGL-1 yellow, AEGL-2 orange, AEGL-3 red)',
    },
  ];
}
