import { z } from 'zod';
import { casProblem } from '../device/check-digits';
import { latitude, longitude } from '../device/bounds';
import { GAS_UNITS } from '../device/gas-units';
import { DEVICE_ID_PATTERN, DEVICE_KINDS, STREAMS, type Stream } from '../device/topic';
import { resolveSeriesField } from '../device/series-fields';
import { PLUME_BANDS } from '../situation/situation-shapes';
import { ALERT_LEVELS, type LevelLimits } from './alert-level';

/**
 * Alert rules (DESIGN.md §7): what the rules engine evaluates on every stored reading and on its
 * periodic checks. One schema for the REST body, the stored rule and the screen's rule editor.
 */
export const ALERT_RULE_KINDS = [
  'exposure', 'metric', 'thermal', 'obd', 'geofence',
  'offline', 'flatline', 'clock-skew', 'low-battery', 'quarantine-rate', 'receptor',
] as const;
export type AlertRuleKind = (typeof ALERT_RULE_KINDS)[number];
/** Rule kinds about the devices themselves rather than the environment. */
export const DEVICE_HEALTH_RULE_KINDS = ['offline', 'flatline', 'clock-skew', 'low-battery', 'quarantine-rate'] as const satisfies readonly AlertRuleKind[];

const alertLevel = z.enum(ALERT_LEVELS);
const levelValue = z.number().finite();

/** Colour limits; at least one colour, and they must rise (`above`) or fall (`below`) with the level. */
function levelLimits(direction: 'above' | 'below') {
  return z
    .object({ blue: levelValue.optional(), yellow: levelValue.optional(), orange: levelValue.optional(), red: levelValue.optional() })
    .refine((l) => ALERT_LEVELS.some((level) => l[level] !== undefined), { message: 'set at least one colour' })
    .refine((l) => ordered(l, direction), {
      message: direction === 'above' ? 'colour limits must not fall from blue to red' : 'colour limits must not rise from blue to red',
    });
}

function ordered(limits: LevelLimits, direction: 'above' | 'below'): boolean {
  const values = ALERT_LEVELS.map((level) => limits[level]).filter((v): v is number => v !== undefined);
  return values.every((v, i) => i === 0 || (direction === 'above' ? v >= values[i - 1]! : v <= values[i - 1]!));
}

const levelBasis = z.object({ blue: z.string().max(200).optional(), yellow: z.string().max(200).optional(), orange: z.string().max(200).optional(), red: z.string().max(200).optional() });

const cas = z.string().max(16).superRefine((value, ctx) => {
  const problem = casProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** Which devices a rule watches: by kind and/or id; empty means every device it applies to. */
const ruleScope = z
  .object({
    kinds: z.array(z.enum(DEVICE_KINDS)).max(3).optional(),
    deviceIds: z.array(z.string().regex(DEVICE_ID_PATTERN)).max(1000).optional(),
  })
  .default({});

const ruleBase = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000).optional(),
  enabled: z.boolean().default(true),
  scope: ruleScope,
};

/** % below a limit a value must fall before the condition counts as gone (hysteresis). */
const hysteresisPct = z.number().min(0).max(50).default(10);

const readingStream = z.enum(STREAMS.filter((s) => !s.endsWith('/status')) as [Stream, ...Stream[]]);

export const exposureRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('exposure'),
  cas,
  /** Unit of `levels`; converted to ppm at 25 °C, 1 atm with the compound's molar mass. */
  unit: z.enum(GAS_UNITS).default('ppm'),
  levels: levelLimits('above'),
  basis: levelBasis.default({}),
  hysteresisPct,
  /** Survey sensor values, GC-MS identifications, or both. */
  sources: z.array(z.enum(['survey', 'identification'])).min(1).default(['survey', 'identification']),
  /** GC-MS hits below this NIST/AMDIS match factor are tentative and do not alert. */
  minMatchFactor: z.number().min(0).max(999).default(700),
});

export const metricRuleSchema = z
  .object({
    ...ruleBase,
    kind: z.literal('metric'),
    stream: readingStream,
    field: z.string().min(1).max(80),
    direction: z.enum(['above', 'below']).default('above'),
    levels: z.object({ blue: levelValue.optional(), yellow: levelValue.optional(), orange: levelValue.optional(), red: levelValue.optional() }),
    unitLabel: z.string().max(20).default(''),
    hysteresisPct,
  })
  .superRefine((rule, ctx) => {
    const field = resolveSeriesField(rule.stream, rule.field);
    if (typeof field === 'string') ctx.addIssue({ code: 'custom', path: ['field'], message: field });
    if (!ALERT_LEVELS.some((l) => rule.levels[l] !== undefined)) ctx.addIssue({ code: 'custom', path: ['levels'], message: 'set at least one colour' });
    else if (!ordered(rule.levels, rule.direction)) ctx.addIssue({ code: 'custom', path: ['levels'], message: `colour limits must ${rule.direction === 'above' ? 'not fall' : 'not rise'} from blue to red` });
  });

export const thermalRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('thermal'),
  /** Hotspot temperature, °C. */
  hotspotC: levelLimits('above'),
  /** Pixels at or above this temperature count as hot area. */
  hotAreaThresholdC: z.number().min(-40).max(1600).default(100),
  /** Horizontal field of view used to turn pixels into m² (H20T/M30T wide thermal: 40.6°). */
  hfovDeg: z.number().min(1).max(180).default(40.6),
  /** Growth of the hot area over `windowS`, % of the earlier area. */
  areaGrowthPct: levelLimits('above').optional(),
  windowS: z.int().min(10).max(3600).default(120),
  /** Areas smaller than this are noise, not a growing fire (m²). */
  minAreaM2: z.number().min(0).default(100),
  hysteresisPct,
});

export const obdRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('obd'),
  /** GB 3847-2018 in-use limits: b (stricter, key regions) or a. */
  limitSet: z.enum(['a', 'b']).default('b'),
  failLevel: alertLevel.default('yellow'),
  /** Not-ready monitors mean re-test, not fail; null: no alert for a re-test. */
  retestLevel: alertLevel.nullable().default('blue'),
});

const circle = z.object({ type: z.literal('circle'), center: z.object({ lat: latitude, lon: longitude }), radiusM: z.number().positive().max(200_000) });
/** GeoJSON order: [lon, lat], first point repeated last. Holes are not supported. */
const polygon = z.object({
  type: z.literal('polygon'),
  coordinates: z
    .array(z.tuple([longitude, latitude]))
    .min(4)
    .max(5000)
    .refine((ring) => ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1], { message: 'the ring must end where it starts' }),
});
export const geofenceGeometrySchema = z.discriminatedUnion('type', [circle, polygon]);
export type GeofenceGeometry = z.output<typeof geofenceGeometrySchema>;

export const geofenceRuleSchema = z
  .object({
    ...ruleBase,
    kind: z.literal('geofence'),
    geometry: geofenceGeometrySchema,
    trigger: z.enum(['enter', 'exit', 'dwell']),
    /** For `dwell`: seconds inside before the alert. */
    dwellS: z.int().min(1).max(7 * 86400).optional(),
    level: alertLevel,
  })
  .refine((r) => r.trigger !== 'dwell' || r.dwellS !== undefined, { message: 'dwellS is required for a dwell geofence', path: ['dwellS'] });

export const offlineRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('offline'),
  /** Interval at which the watched devices report at least something, s. */
  expectedIntervalS: z.number().min(0.1).max(86400).default(10),
  /** Missed intervals before the device counts as offline. */
  missedIntervals: z.int().min(1).max(1000).default(3),
  level: alertLevel.default('yellow'),
});

export const flatlineRuleSchema = z
  .object({
    ...ruleBase,
    kind: z.literal('flatline'),
    stream: readingStream,
    field: z.string().min(1).max(80),
    /** Identical values (within `tolerance`) over this many consecutive readings… */
    minSamples: z.int().min(3).max(10_000).default(20),
    /** …spanning at least this long, s. */
    windowS: z.number().min(1).max(86400).default(60),
    tolerance: z.number().min(0).default(0),
    level: alertLevel.default('blue'),
  })
  .superRefine((rule, ctx) => {
    const field = resolveSeriesField(rule.stream, rule.field);
    if (typeof field === 'string') ctx.addIssue({ code: 'custom', path: ['field'], message: field });
  });

export const clockSkewRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('clock-skew'),
  /** Device time ahead of or behind server receive time by more than this (live readings only), s. */
  maxSkewS: z.number().min(1).max(86400).default(120),
  /** Consecutive skewed readings before the alert (one outlier is not a skewed clock). */
  minReadings: z.int().min(1).max(1000).default(3),
  level: alertLevel.default('blue'),
});

export const lowBatteryRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('low-battery'),
  /** Battery %, at or below. */
  levels: levelLimits('below'),
  hysteresisPct,
});

export const quarantineRateRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('quarantine-rate'),
  windowS: z.int().min(10).max(86400).default(300),
  /** Quarantined messages per minute over the window, at or above. */
  perMinute: levelLimits('above'),
});

/**
 * A sensitive receptor (school, hospital, intake…) inside a plume zone of the situation picture
 * (issue 8). Findings come from the situation service, not from readings; the alert takes the zone's
 * colour and clears when the receptor is outside every zone. Device scope does not apply.
 */
export const receptorRuleSchema = z.object({
  ...ruleBase,
  kind: z.literal('receptor'),
  /** The lowest plume band that raises an alert (`extent`: any zone). */
  minBand: z.enum(PLUME_BANDS).default('extent'),
});

export const alertRuleInputSchema = z.discriminatedUnion('kind', [
  exposureRuleSchema, metricRuleSchema, thermalRuleSchema, obdRuleSchema, geofenceRuleSchema,
  offlineRuleSchema, flatlineRuleSchema, clockSkewRuleSchema, lowBatteryRuleSchema, quarantineRateRuleSchema,
  receptorRuleSchema,
]);
/** What a client sends to create or replace a rule. */
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
/** A validated rule definition, defaults applied. */
export type AlertRuleDefinition = z.output<typeof alertRuleInputSchema>;
export type AlertRuleOf<K extends AlertRuleKind> = Extract<AlertRuleDefinition, { kind: K }>;

/** A stored rule. */
export type AlertRule = AlertRuleDefinition & {
  id: string;
  /** Seeded from domain.md defaults (may be edited or disabled, not deleted). */
  builtIn: boolean;
  createdAt: string;
  updatedAt: string;
};

